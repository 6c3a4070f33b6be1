"""Extraction never fails, gives unique ids, and its anchors are the ids Python-Markdown's toc
gives the same headings."""

from __future__ import annotations

import re

import markdown
from fixbook.symptoms.index import validate
from fixbook.symptoms.render import comparable, inject_ids, toc_titles
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.structure.toc import get_toc

from .conftest import extract_md

# Free text avoids what CommonMark and Python-Markdown read differently (a `#` or `|` in
# running text, `{…}` attribute lists, raw `<html>`, `*`/`_` emphasis); the controlled pieces
# below add code spans, quotes, bold, statuses and custom ids on purpose.
LETTERS = list("abcdefghijklmnopqrstuvwxyzABCXYZéüß日本")
WORD = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(LETTERS),
        st.text(alphabet=st.sampled_from([*LETTERS, *"0123456789🚀.,:;!?'()/-"]), max_size=9),
    ),
)
PIECE = st.one_of(
    WORD,
    WORD.map(lambda w: f"`{w}`"),
    WORD.map(lambda w: f'"{w}"'),
    WORD.map(lambda w: f"**{w}**"),
    st.sampled_from(["429", "503 Service Unavailable", "HTTP 403", "Error:", "Issue:", "1."]),
)
TEXT = st.builds(lambda first, rest: " ".join([first, *rest]), WORD, st.lists(PIECE, max_size=5))
CUSTOM_ID = st.sampled_from(["", "", "", " {#custom}", " {#other}"])
LABEL = st.sampled_from(["Symptoms", "Cause", "Fix", "Solution:", "Diagnosis", "Problem"])
FENCE_LANGUAGE = st.sampled_from(["", "text", "console", "bash", "python"])
BLOCK = st.one_of(
    st.builds(lambda n, t, c: f"{'#' * n} {t}{c}", st.integers(1, 4), TEXT, CUSTOM_ID),
    st.builds(lambda n: f"{'#' * n} ", st.integers(2, 3)),
    LABEL.map(lambda label: f"**{label}**"),
    st.builds(lambda label, t: f"**{label}:** {t}", LABEL, TEXT),
    TEXT,
    st.lists(TEXT, min_size=1, max_size=3).map(lambda items: "\n".join(f"- {i}" for i in items)),
    st.builds(lambda lang, t: f"```{lang}\n{t}\n```", FENCE_LANGUAGE, TEXT),
    st.builds(
        lambda header, rows: "\n".join(
            [f"| {header} | Fix |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)]
        ),
        st.sampled_from(["Symptom", "Error", "Marker"]),
        st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=3),
    ),
    st.just("---"),
    st.builds(
        lambda kind, title, body: f'!!! {kind} "{title}"\n\n    {body}',
        st.sampled_from(["tip", "warning", "failure"]),
        st.one_of(TEXT, TEXT.map(lambda t: f"Error: {t}"), WORD.map(lambda w: f"`{w}` fails")),
        TEXT,
    ),
)
DOCUMENT = st.lists(BLOCK, max_size=14).map("\n\n".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_entries_of_generated_markdown_match_python_markdown(source: str) -> None:
    page = extract_md(source)
    ids = [entry.id for entry in page.entries]
    assert len(ids) == len(set(ids))
    md = markdown.Markdown(extensions=["toc", "tables", "attr_list", "fenced_code", "admonition"])
    html = md.convert(source)
    headings = toc_titles(get_toc(md.toc_tokens))
    html, _, problems = inject_ids(html, page.entries)
    assert problems == []
    present = set(re.findall(r'\sid="([^"]+)"', html))
    # Two headings with one `{#id}` cannot both be linked: the page reports it instead.
    duplicated = {
        problem.message.split("'")[1][1:]
        for problem in page.problems + validate(page.entries, [])
        if problem.message.startswith("duplicate anchor")
    }
    for entry in page.entries:
        assert entry.anchor in present, (entry.anchor, source)
        is_heading = entry.table_row is None and not entry.admonition
        if is_heading and entry.anchor not in duplicated:
            name = headings[entry.anchor]
            assert comparable(name) == comparable(entry.heading), (entry.anchor, source)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_extracted_without_error_and_with_unique_ids(source: str) -> None:
    page = extract_md(source)
    ids = [entry.id for entry in page.entries]
    assert len(ids) == len(set(ids))
    assert all(entry.line >= 1 for entry in page.entries)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "#",
                "##",
                "|",
                "-",
                "`",
                "```",
                "**",
                "> ",
                "---",
                "\n",
                " ",
                "x",
                "Fix",
                "Symptom",
                ":",
                "{#a}",
                "!!! tip",
                "    ",
                "1.",
            ]
        ),
        max_size=60,
    ).map("".join)
)
def test_markdown_syntax_soup_is_extracted_without_error(source: str) -> None:
    page = extract_md(source)
    assert len({entry.id for entry in page.entries}) == len(page.entries)
