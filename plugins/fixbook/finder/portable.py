"""The common ground of Python ``re`` and JavaScript ``RegExp`` that the finder's patterns keep to.

The finder's patterns (:mod:`fixbook.finder.normalise`, :mod:`fixbook.finder.statuses`) are
*data*: :func:`fixbook.finder.index.build_data` ships them with the index and ``finder.js``
compiles them with ``new RegExp``. That is why every such pattern is written in the common
subset of both engines:

- input is ASCII-lower-cased first (:func:`ascii_lower`), so no pattern needs a
  case-insensitive flag (Unicode case folding differs between the engines);
- explicit classes (``[0-9]``, ``[a-z0-9_]``, :data:`WS`, :data:`TOKEN_CHARS`) instead of
  ``\\d``, ``\\w``, ``\\s``, ``\\b``, which are Unicode-aware in Python and ASCII-only (or
  differently defined) in JS;
- fixed-width look-behinds only (Python's limit); no back-references in replacements;
- no counted repetition over classes that can match non-ASCII characters (JS counts UTF-16
  units, Python code points).

This module holds those shared pieces and nothing that depends on the rules, so that every
module with patterns may import it.
"""

from __future__ import annotations

from typing import Final

#: ASCII whitespace: the same set in both engines (``\\s`` is not). Literal characters inside
#: a character class mean themselves in both.
WS: Final = " \t\n\r\f\v"
#: Characters of a token (a "word character"): ASCII letters, digits, ``_`` and non-ASCII
#: letters (General Punctuation, U+2000-U+206F, separates). In JS the astral range is written as
#: the surrogate range, which ``\\u2070-\\uffff`` covers: a look-around sees one half of a
#: surrogate pair, which is in that range, so both engines draw the same boundaries.
TOKEN_CHARS: Final = "a-z0-9_\\u00c0-\\u1fff\\u2070-\\U0010ffff"
TOKEN_CHARS_JS: Final = "a-z0-9_\\u00c0-\\u1fff\\u2070-\\uffff"

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only: the one case mapping both engines agree on (it keeps
    every character where it was, so a position in the result is one in ``text``)."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)
