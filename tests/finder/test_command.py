"""``fixbook find``: ranks for a paste from the command line or stdin, plain or JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixbook.cli import main

from .conftest import ROOT, entry

ENTRIES = [
    entry(
        "shop/gateway/too-many-requests",
        "429 Too Many Requests",
        errors=["429 Too Many Requests"],
        http_status=[429],
        components=["gateway"],
    ),
    entry(
        "shop/db/no-such-table",
        "No such table",
        errors=["sqlite3.OperationalError: no such table: jobs"],
        components=["database"],
    ),
]


@pytest.fixture
def index_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FIXBOOK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "symptoms.json"
    path.write_text(json.dumps({"version": 1, "entries": ENTRIES}))
    return path


def find(*args: str) -> int:
    return main(["find", *args])


def test_plain_output_is_title_and_url_per_line_without_scores(
    index_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert find("HTTP/1.1 429 Too Many Requests", "--index", str(index_file)) == 0
    output = capsys.readouterr()
    title, url = output.out.splitlines()[0].split("  ")
    assert (title, url) == ("429 Too Many Requests", "shop/gateway.html#too-many-requests")
    assert output.err == ""


def test_a_weak_best_match_is_announced_as_such(
    index_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert find("the gateway feels slow today", "--index", str(index_file)) == 0
    output = capsys.readouterr()
    assert output.err == "No entry matches this error well. Closest:\n"
    assert output.out.startswith("429 Too Many Requests  ")


def test_json_output_has_query_and_ranked_results(
    index_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = "sqlite3.OperationalError: no such table: users"
    assert find(query, "--index", str(index_file), "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["query"] == query
    assert [set(result) for result in document["results"]] == [
        {"id", "title", "guide", "url", "score", "confidence"}
    ]
    assert 0.36 <= document["results"][0]["confidence"] <= 1
    assert document["results"][0]["id"] == "shop/db/no-such-table"


def test_limit_caps_the_results(index_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert find("429 no such table", "--index", str(index_file), "--limit", "1") == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_dash_reads_the_paste_from_stdin(index_file: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fixbook.cli", "find", "-", "--index", str(index_file), "--json"],
        input='Traceback (most recent call last):\n  File "/x.py", line 1\n'
        "sqlite3.OperationalError: no such table: orders\n",
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "FIXBOOK_CACHE_DIR": str(index_file.parent / "cache")},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"][0]["id"] == "shop/db/no-such-table"


def test_a_docs_folder_is_indexed_on_the_fly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs" / "shop"
    docs.mkdir(parents=True)
    (docs / "database.md").write_text(
        "# Database\n\n## No such table\n\n**Symptoms**\n\n"
        "- `sqlite3.OperationalError: no such table: jobs`\n\n"
        "**Cause**\n\nNo migration.\n\n**Fix**\n\n1. Run the migrations.\n"
    )
    assert find("OperationalError: no such table: x", "--index", str(tmp_path / "docs")) == 0
    assert "shop/database.html#no-such-table" in capsys.readouterr().out


def test_default_index_is_the_projects_docs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert find("HTTP/1.1 429 Too Many Requests", "--limit", "3") == 0
    assert "429" in capsys.readouterr().out


def test_default_index_follows_docs_dir_of_mkdocs_yml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: handbook\n")
    guide = tmp_path / "handbook" / "shop"
    guide.mkdir(parents=True)
    (guide / "database.md").write_text(
        "# Database\n\n## No such table\n\n**Symptoms**\n\n"
        "- `sqlite3.OperationalError: no such table: jobs`\n\n"
        "**Fix**\n\n1. Run the migrations.\n"
    )
    monkeypatch.chdir(tmp_path)
    assert find("OperationalError: no such table: x") == 0
    assert "shop/database.html#no-such-table" in capsys.readouterr().out


def test_without_a_project_there_is_no_index_and_one_line_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert find("anything") == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "no index" in error


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        ([], "the following arguments are required: TEXT"),
        (["x", "--limit", "0"], "--limit 0: must be at least 1"),
        (["x", "--limit", "many"], "--limit 'many': not a whole number"),
        (["x", "--index", "/nonexistent/symptoms.json"], "no such file or folder"),
        (["   ", "--index", "{index}"], "TEXT is empty"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    args: list[str], reason: str, index_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [arg.replace("{index}", str(index_file)) for arg in args]
    with pytest.raises(SystemExit) as stopped:
        sys.exit(find(*args))
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and reason in error, error


def test_malformed_index_names_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIXBOOK_CACHE_DIR", str(tmp_path / "cache"))
    broken = tmp_path / "symptoms.json"
    broken.write_text('{\n  "entries": [\n    {"id": }\n  ]\n}\n')
    assert find("x", "--index", str(broken)) == 2
    error = capsys.readouterr().err
    assert f"{broken}:3: not a symptoms.json" in error and error.count("\n") == 1


@pytest.mark.parametrize(
    ("bad_entry", "reason"),
    [
        ({"id": "a/b/c", "url": "a/b.html#c"}, "entry a/b/c: 'title' must be a non-empty string"),
        ({"title": "T", "url": "a/b.html#c"}, "entry #1: 'id' must be a non-empty string"),
        (
            {"id": "a/b/c", "title": "T", "url": "a/b.html#c", "http_status": ["429"]},
            "entry a/b/c: 'http_status' must be a list of integers",
        ),
        ("a/b/c", "entry #1: not an object"),
    ],
)
def test_bad_entry_is_named_in_a_one_line_error(
    bad_entry: object,
    reason: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FIXBOOK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "symptoms.json"
    path.write_text(json.dumps({"entries": [bad_entry]}))
    assert find("x", "--index", str(path)) == 2
    assert capsys.readouterr().err == f"fixbook find: error: {path}: {reason}\n"


def test_cached_index_ranks_like_a_fresh_one(
    index_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    find("no such table 429", "--index", str(index_file), "--json")
    fresh = capsys.readouterr().out
    assert list((index_file.parent / "cache").glob("finder-*.marshal"))
    find("no such table 429", "--index", str(index_file), "--json")
    assert capsys.readouterr().out == fresh


def test_changed_index_file_is_not_served_from_the_cache(
    index_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    find("no such table", "--index", str(index_file), "--json")
    capsys.readouterr()
    renamed = [{**ENTRIES[1], "title": "Table missing"}]
    index_file.write_text(json.dumps({"version": 1, "entries": renamed}))
    os.utime(index_file, ns=(1, 1))  # a different mtime even on coarse file systems
    find("no such table", "--index", str(index_file), "--json")
    assert json.loads(capsys.readouterr().out)["results"][0]["title"] == "Table missing"
    assert len(list((index_file.parent / "cache").glob("finder-*"))) == 1  # stale one removed
