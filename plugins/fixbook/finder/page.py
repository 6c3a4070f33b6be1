"""The finder page's body: a form to paste an error into, and a live list of results.

The symptoms plugin writes this into the generated ``symptoms/finder.md`` and puts the
browser files (:data:`ASSETS` and :data:`fixbook.finder.data.DATA_SCRIPT`) beside it, which
is why the scripts are referenced by bare file name.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fixbook.finder.data import DATA_SCRIPT

#: The static files of the finder, to copy beside the finder page.
ASSETS_DIR = Path(str(files("fixbook.finder") / "assets"))
ASSETS = ("finder.js", "finder.css")

_BODY = """\
# Find a fix by error message

Paste an error message, a stack trace or a few log lines. The entries that match are listed
below, best first; timestamps, hosts, ports, ids and paths in what you paste do not matter.

<div class="fixbook-finder" data-fixbook-finder data-root="{root}" markdown="0">
<link rel="stylesheet" href="finder.css">
<form class="fixbook-finder__form" role="search" action="#">
<label class="fixbook-finder__label" for="fixbook-finder-input">
Error, stack trace or log lines</label>
<textarea id="fixbook-finder-input" class="fixbook-finder__input" rows="8" spellcheck="false"
 autocomplete="off" aria-describedby="fixbook-finder-hint"></textarea>
<p id="fixbook-finder-hint" class="fixbook-finder__hint">Results update as you type.
Press <kbd>Ctrl</kbd>+<kbd>Enter</kbd> (or the button) to jump to the first result.</p>
<button type="submit" class="md-button md-button--primary">Find</button>
</form>
<p class="fixbook-finder__status" role="status" aria-live="polite"></p>
<ol class="fixbook-finder__results" aria-live="polite" aria-label="Matching entries"></ol>
<noscript><p class="fixbook-finder__noscript">The finder needs JavaScript. Without it, use the
index pages of this section: by symptom, by error message, by HTTP status or by component.</p>
</noscript>
<script src="{data}"></script>
<script src="finder.js"></script>
</div>
"""


def finder_markdown(root: str = "..") -> str:
    """The Markdown (with raw HTML) of the finder page; ``root`` is the site root from it."""
    return _BODY.format(root=root, data=DATA_SCRIPT)
