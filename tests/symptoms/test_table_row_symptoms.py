"""A table row's symptom cell is the row entry's symptom: the finder and related entries read
``symptoms``, so an empty list would lose what the reader sees (issue 9.8's blind spot: a
mutation of ``symptoms=[text]`` to ``[]`` passed every test)."""

from __future__ import annotations

from fixbook.symptoms.index import assemble, default_config

from .conftest import extract_md

TABLE = """
# Uploads

| Symptom | Cause | Fix |
| --- | --- | --- |
| Upload stalls at 99 % | The proxy buffers the body | Raise `client_max_body_size` |
| `Killed` | Out of memory | Give the worker more memory |
"""


def test_each_row_entry_has_its_symptom_cell_as_symptom() -> None:
    rows = [entry for entry in extract_md(TABLE).entries if entry.table_row]
    assert [entry.symptoms for entry in rows] == [["Upload stalls at 99 %"], ["Killed"]]


def test_row_symptoms_reach_symptoms_json() -> None:
    index = assemble([extract_md(TABLE)], default_config())
    exported = [entry["symptoms"] for entry in index.to_json()["entries"]]
    assert exported == [["Upload stalls at 99 %"], ["Killed"]]


def test_a_row_entry_fix_is_its_first_fix_cell() -> None:
    rows = extract_md(TABLE).entries
    assert [entry.fix for entry in rows] == [
        "Raise client_max_body_size",
        "Give the worker more memory",
    ]


def test_an_error_admonition_fix_is_its_first_line() -> None:
    page = extract_md('# T\n\n!!! tip "Error: `ECONNRESET`"\n\n    Raise the proxy timeout.\n')
    assert [(entry.title, entry.fix) for entry in page.entries] == [
        ("ECONNRESET", "Raise the proxy timeout.")
    ]
