"""Badges as a reader sees them in Chromium: passed, failed, not verified; screenshots of each.

The screenshots land in ``test-artifacts/screenshots/badge-{passed,failed,not-verified}.png``
for a person to look at; the assertions check what the eye would: only the passed badge has a
check mark, the failed one has a cross and the failure's colour.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import session_share
from playwright.sync_api import Browser

# One worker builds the fixture site; the others would only wait for it.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group(name="badges-browser-site")]

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
MKDOCS_YML = """\
site_name: Badges
use_directory_urls: false
theme: {name: material}
markdown_extensions: [pymdownx.superfences]
plugins: [verified-snippets]
"""
PAGE = """\
# Badges

```yaml
retries: 3
timeout: 30s
```

```json
{"retries": 3,, "timeout": "30s"}
```

<!-- fixbook: skip reason="needs a GPU" -->
```python
import cuda
```
"""


def _build_site(root: Path) -> dict[str, str]:
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(PAGE)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "fixbook.cli", "check", "docs"],
        cwd=root, env=env, capture_output=True, check=False, timeout=300,
    )  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(root / "site")],
        cwd=root, env=env, check=True, capture_output=True,
    )  # fmt: skip
    return {"site": str(root / "site")}


@pytest.fixture(scope="module")
def site() -> Path:
    """The fixture site checked and built once per run, shared by the xdist workers."""
    return Path(session_share.once("badges-browser-site", _build_site)["site"])


BEFORE = "element => getComputedStyle(element, '::before').content"


@pytest.mark.parametrize(
    ("result", "label", "mark"),
    [
        ("passed", "checked: parsed as yaml · PyYAML", '"✓\xa0"'),
        ("failed", "failed: JSON: Expecting property name", '"✗\xa0"'),
        ("not-verified", "not verified: needs a GPU", "none"),
    ],
)
def test_badge_as_seen_in_the_browser(
    browser: Browser, site: Path, result: str, label: str, mark: str
) -> None:
    page = browser.new_page(viewport={"width": 900, "height": 700})
    try:
        page.goto((site / "index.html").as_uri())
        badge = page.locator(f'[data-fixbook-result="{result}"]')
        assert badge.count() == 1
        text = badge.locator(".fixbook-badge__label")
        assert text.inner_text().startswith(label)
        assert text.evaluate(BEFORE) == mark
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        block = badge.locator("xpath=preceding-sibling::div[1]")
        box = block.bounding_box()
        below = badge.bounding_box()
        assert box is not None and below is not None
        page.screenshot(
            path=str(SCREENSHOTS / f"badge-{result}.png"),
            clip={
                "x": box["x"],
                "y": box["y"],
                "width": box["width"],
                "height": below["y"] + below["height"] - box["y"] + 4,
            },
        )
    finally:
        page.close()
