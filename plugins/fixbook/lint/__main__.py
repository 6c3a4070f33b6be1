"""``python -m fixbook.lint PATH...``: print each finding as ``path:line: message [rule]``;
exit 1 when there is any, 0 when the pages are clean."""

from __future__ import annotations

import sys
from pathlib import Path

from . import lint_paths


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [Path(arg) for arg in args] or [Path("docs")]
    missing = [path for path in paths if not path.exists()]
    if missing:
        print(f"{missing[0]}: no such file or folder", file=sys.stderr)
        return 2
    findings = lint_paths(paths)
    for finding in findings:
        print(finding)
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
