"""A results file that holds every badge state, for the handbook build the browser tests read.

The handbook's badges come from ``.fixbook/results.json``, which every run of the suite rewrites:
building the test site from it made the site (and the accessibility audit of its badges) depend
on what an earlier run left behind. The test build reads this specimen instead: each of the
handbook's blocks gets an outcome in turn (passed, failed, not verified, none), so every badge
the plugin can draw is on the site, in both colour schemes, on every run alike. It is a fixture
for the site's looks; what the blocks really do is verified by the docs' own items.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from fixbook.samples.pages import read_blocks
from fixbook.samples.results import SCHEMA_VERSION, record
from fixbook.samples.settings import settings_for
from fixbook.samples.verify import Outcome, Status

#: The outcomes handed out in turn; None leaves a block without a record ("not verified in
#: this build").
CYCLE = (Status.PASSED, Status.FAILED, Status.NOT_VERIFIED, None)


def write_specimen(root: Path, target: Path) -> Path:
    """Write the specimen results of the project at ``root`` to ``target``."""
    settings = settings_for(root)
    outcomes = itertools.cycle(CYCLE)
    records = []
    for path in sorted(Path(settings.docs_dir).rglob("*.md")):
        for block in read_blocks(path, settings):
            status = next(outcomes)
            if status is None:
                continue
            reason = "specimen: not verified" if status is Status.NOT_VERIFIED else ""
            message = "specimen: failed" if status is Status.FAILED else ""
            outcome = Outcome(block, status, message=message, reason=reason, output="")
            records.append(record(outcome, root, commit=""))
    runs = [{"time": "2026-01-01T00:00:00Z", "commit": "", "tool": "specimen", "pages": 0}]
    document = {"version": SCHEMA_VERSION, "runs": runs, "results": records}
    target.write_text(json.dumps(document))
    return target
