"""The Python twins of the default templates write exactly what the templates write, and an
overridden template is rendered by Jinja, never by the twin."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from fixbook.symptoms.templates import PREFIX, TEMPLATES, Templates
from fixbook.symptoms.twins import TWINS

LINKS = [
    {"href": "../a/b.html#x", "title": "Token expired", "guide": "alpha"},
    {"href": 'c.html#q?a=1&b="2"', "title": "<script>alert('x')</script> & co", "guide": "β"},
    {"href": "d.html#y", "title": "Port 5000 already in use", "guide": "gamma's"},
]
CONTEXTS = {
    "related.html": [
        {"title": "Same problem elsewhere", "groups": [{"label": None, "links": LINKS}]},
        {"title": 'Ailleurs <aussi> & "là"', "groups": [{"label": None, "links": LINKS[:1]}]},
        {
            "title": "Related",
            "groups": [
                {"label": "Row <one> & 'two'", "links": LINKS},
                {"label": None, "links": LINKS[1:]},
                {"label": "", "links": LINKS[:1]},
                {"label": "Tip", "links": []},
            ],
        },
        {"title": "Empty", "groups": []},
    ],
    "index-list.html": [
        {"items": [{"code": None, "links": LINKS[:1]}, {"code": None, "links": LINKS}]},
        {"items": [{"code": 'relation "x" does not exist <b>&</b>', "links": LINKS}]},
        {"items": [{"code": "", "links": LINKS[1:]}, {"code": "E1", "links": []}]},
        {"items": []},
    ],
}
CASES = [(name, context) for name, contexts in CONTEXTS.items() for context in contexts]


def jinja_output(env: jinja2.Environment, name: str, context: dict) -> str:
    return env.get_template(PREFIX + name).render(**context)


def test_every_twin_is_tested() -> None:
    assert CONTEXTS.keys() == TWINS.keys()


@pytest.mark.parametrize(("name", "context"), CASES)
def test_the_twin_writes_what_the_default_template_writes(name: str, context: dict) -> None:
    templates = Templates()
    assert templates.render(name, **context) == jinja_output(templates.env, name, context)
    assert templates._twins[name] is TWINS[name]


@pytest.mark.parametrize(("name", "context"), CASES)
def test_the_twin_matches_the_template_in_mkdocs_theme_environment(
    name: str, context: dict
) -> None:
    from mkdocs.theme import Theme

    theme = Theme(name="mkdocs")
    theme.dirs.append(str(TEMPLATES))
    templates = Templates(theme.get_env())
    assert templates.render(name, **context) == jinja_output(templates.env, name, context)
    assert templates._twins[name] is TWINS[name]


def test_an_overridden_template_is_rendered_by_jinja(tmp_path: Path) -> None:
    override = tmp_path / PREFIX / "related.html"
    override.parent.mkdir(parents=True)
    override.write_text("<aside>{{ title | e }}: {{ groups | length }}</aside>")
    loader = jinja2.FileSystemLoader([str(tmp_path), str(TEMPLATES)])
    templates = Templates(jinja2.Environment(loader=loader))
    assert templates.render("related.html", title="T", groups=[{}]) == "<aside>T: 1</aside>"
    assert templates._twins["related.html"] is None


def test_an_environment_that_escapes_differently_is_rendered_by_jinja() -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), trim_blocks=True)
    templates = Templates(env)
    context = CONTEXTS["index-list.html"][1]
    assert templates.render("index-list.html", **context) == jinja_output(
        env, "index-list.html", context
    )
    assert templates._twins["index-list.html"] is None
