"""Published entry ids: a committed list that keeps every published link working.

An entry's id (``guide/page/anchor``) is part of its public url, so renaming a title must not
silently break a link someone bookmarked or pasted in a ticket. The project commits the ids it
has published, one per line (``published-ids.txt`` beside ``mkdocs.yml`` by default). Each
build compares the entries against that list: an id that vanished is a problem (a warning, so
``mkdocs build --strict`` fails naming it) unless it still resolves, which it does when

- the renamed heading keeps its old anchor explicitly (``## New title {#old-anchor}``): the id
  does not change at all; or
- the list holds an alias line ``old/id -> new/id``: the plugin then puts the old anchor
  beside the new entry (same page), or a "Moved" note carrying the old anchor on the old page
  (another page; a small stub page is generated when the old page itself is gone).

Lines starting with ``#`` are comments. New entries are not problems: add their ids when they
are published (``fixbook index DOCS_DIR --published`` prints the current list).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .model import Entry, Problem

DEFAULT_FILE = "published-ids.txt"
ALIAS = "->"


@dataclass
class Published:
    """The committed list: published ids (with their line) and aliases old id -> new id."""

    path: str  # as reported in problems (the file name, relative to the project)
    ids: dict[str, int] = field(default_factory=dict)
    aliases: dict[str, tuple[str, int]] = field(default_factory=dict)  # old -> (new, line)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, path: str) -> Published:
        published = cls(path)
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            if ALIAS in line:
                old, _, new = (part.strip() for part in line.partition(ALIAS))
                if not old or not new or " " in old or " " in new:
                    published.problems.append(
                        Problem(
                            path, number, f"malformed alias line (expected 'old/id {ALIAS} new/id')"
                        )
                    )
                    continue
                published.ids.setdefault(old, number)
                published.aliases[old] = (new, number)
            elif " " in line:
                published.problems.append(Problem(path, number, f"malformed id {line!r}"))
            else:
                published.ids.setdefault(line, number)
        return published

    @classmethod
    def read(cls, file: Path, shown_as: str) -> Published:
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            return cls(shown_as, problems=[Problem(shown_as, 0, "cannot read: not UTF-8")])
        except OSError as error:
            reason = error.strerror or str(error)
            return cls(shown_as, problems=[Problem(shown_as, 0, f"cannot read: {reason}")])
        return cls.parse(text, shown_as)


@dataclass(frozen=True)
class Alias:
    """An old id that resolves to an entry of today."""

    old_id: str
    entry: Entry

    @property
    def old_page(self) -> str:
        """Source path of the page the old id lived on (``guide/page.md``)."""
        return f"{PurePosixPath(self.old_id).parent.as_posix()}.md"

    @property
    def old_anchor(self) -> str:
        return PurePosixPath(self.old_id).name

    @property
    def same_page(self) -> bool:
        return self.old_page == self.entry.path


def check(entries: Iterable[Entry], published: Published) -> tuple[list[Problem], list[Alias]]:
    """Problems (vanished ids, dangling aliases) and the aliases to put in the site. Each
    alias is also recorded on its entry (``Entry.aliases``, exported in ``symptoms.json``)."""
    by_id = {entry.id: entry for entry in entries}
    problems = list(published.problems)
    aliases: list[Alias] = []
    for old, line in published.ids.items():
        if old in by_id:
            continue
        target = published.aliases.get(old)
        if target is None:
            problems.append(
                Problem(
                    published.path,
                    line,
                    f"published entry id '{old}' vanished: keep its anchor on the renamed "
                    f"heading ({{#{PurePosixPath(old).name}}}) or add '{old} {ALIAS} <new id>' "
                    f"to {published.path}",
                )
            )
            continue
        new, alias_line = target
        entry = by_id.get(new)
        if entry is None:
            problems.append(
                Problem(
                    published.path,
                    alias_line,
                    f"alias of published id '{old}' points to '{new}', which is no entry",
                )
            )
            continue
        if old not in entry.aliases:
            entry.aliases.append(old)
        aliases.append(Alias(old, entry))
    return problems, aliases


def listing(entries: Iterable[Entry], published: Published | None = None) -> str:
    """The list to commit: the published ids and aliases kept, today's new ids added."""
    lines = ["# Published symptom-entry ids (see fixbook/symptoms/published.py): never delete one."]
    known = dict(published.ids) if published else {}
    aliases = published.aliases if published else {}
    ids = sorted(set(known) | {entry.id for entry in entries})
    for entry_id in ids:
        if entry_id in aliases:
            lines.append(f"{entry_id} {ALIAS} {aliases[entry_id][0]}")
        else:
            lines.append(entry_id)
    return "\n".join(lines) + "\n"
