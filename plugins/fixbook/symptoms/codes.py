"""Stable error codes: the identifiers the world gives a problem, which outlive any wording.

A reader who pastes ``53300``, ``P2024`` or ``ECONNREFUSED`` should land on the entry even when
the guide quotes the message rather than the code. So an entry's codes are those it writes
(``SQLSTATE 53300``, ``P2024``, ``ECONNREFUSED``) plus those its literal errors imply: a
PostgreSQL message maps to its SQLSTATE (PostgreSQL's own errcodes table, for the messages
troubleshooting guides quote), and an HTTP status becomes ``HTTP 429``. Codes are exported
as ``codes`` in ``symptoms.json`` and listed on the "By error code" page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# SQLSTATE written out: "SQLSTATE 53300", "SQLSTATE[40P01]", "sqlstate=23505", "ERROR: 53300:".
_SQLSTATE = re.compile(
    r"\bSQLSTATE\s*[\[=:(]?\s*([0-9A-Z]{5})\b|\bERROR:\s+([0-9][0-9A-Z]{4}):", re.IGNORECASE
)
# Prisma's engine codes: P1000-P1017 (connection), P2000-P2037 (query), P3xxx (migrate).
_PRISMA = re.compile(r"\bP[1-6]\d{3}\b")
# POSIX errno names as Node, libuv, curl and Python's OSError print them.
_ERRNO = re.compile(
    r"\b(?:ECONNREFUSED|ECONNRESET|ECONNABORTED|EADDRINUSE|EADDRNOTAVAIL|EACCES|EPERM|ENOENT|"
    r"ETIMEDOUT|EPIPE|ENOSPC|EMFILE|ENFILE|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|ENOTFOUND|"
    r"ENOMEM|EEXIST|EROFS|EDQUOT)\b"
)
# PostgreSQL messages (lower-case fragments) -> SQLSTATE, from its errcodes table.
POSTGRES_MESSAGES: dict[str, str] = {
    "too many clients already": "53300",
    "too many connections for role": "53300",
    "remaining connection slots are reserved": "53300",
    "canceling statement due to statement timeout": "57014",
    "canceling statement due to user request": "57014",
    "deadlock detected": "40P01",
    "duplicate key value violates unique constraint": "23505",
    "violates foreign key constraint": "23503",
    "violates not-null constraint": "23502",
    "could not serialize access": "40001",
    "password authentication failed": "28P01",
    "no pg_hba.conf entry": "28000",
    "the database system is starting up": "57P03",
    "the database system is shutting down": "57P03",
    "terminating connection due to administrator command": "57P01",
    "could not obtain lock": "55P03",
    "canceling statement due to lock timeout": "55P03",
    "current transaction is aborted": "25P02",
    "no space left on device": "53100",
    "out of shared memory": "53200",
    "invalid input syntax for type": "22P02",
    "value too long for type": "22001",
}
_RELATION = re.compile(r'relation "[^"]+" does not exist', re.IGNORECASE)
_COLUMN = re.compile(r'column "[^"]+" (?:of relation "[^"]+" )?does not exist', re.IGNORECASE)
_DATABASE = re.compile(r'database "[^"]+" does not exist', re.IGNORECASE)
_ROLE = re.compile(r'role "[^"]+" does not exist', re.IGNORECASE)
_PATTERNS = ((_RELATION, "42P01"), (_COLUMN, "42703"), (_DATABASE, "3D000"), (_ROLE, "42704"))


def written_codes(text: str) -> list[str]:
    """Codes a text writes out: SQLSTATEs, Prisma codes, errno names."""
    found = [f"SQLSTATE {a or b}".upper() for a, b in _SQLSTATE.findall(text)]
    found += _PRISMA.findall(text) + _ERRNO.findall(text)
    return found


def implied_sqlstates(text: str) -> list[str]:
    """SQLSTATEs a PostgreSQL message implies (``sorry, too many clients already`` -> 53300)."""
    lower = text.lower()
    found = [code for message, code in POSTGRES_MESSAGES.items() if message in lower]
    found += [code for pattern, code in _PATTERNS if pattern.search(text)]
    return [f"SQLSTATE {code}" for code in found]


def entry_codes(texts: Iterable[str], errors: Iterable[str], statuses: Iterable[int]) -> list[str]:
    """An entry's codes, each once, in order: written ones (title, symptoms, errors), the
    SQLSTATEs their PostgreSQL messages imply, then its HTTP statuses."""
    found: list[str] = []
    errors = list(errors)
    for text in [*texts, *errors]:
        found += written_codes(text)
    for text in [*texts, *errors]:
        found += implied_sqlstates(text)
    found += [f"HTTP {status}" for status in statuses]
    return list(dict.fromkeys(found))
