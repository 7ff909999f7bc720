"""The documentation names files that exist: a renamed module shows up here, not in a reader's
search. Checked: every `path/like/this.py` in backticks and every relative link of README.md
and docs/*.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# A file path in backticks: starts at a top-level folder of the repository, no placeholders.
CODE_PATH = re.compile(
    r"`((?:accounts|benchmarks|config|curriculum|docs|outbox|planner|scripts|tests)/[\w./-]*)`"
)
LINK = re.compile(r"\]\(([^)#:]+)(?:#[^)]*)?\)")
# Pages linked before they are written, by the work that writes them (none now).
PENDING: set[str] = set()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_file_path_the_page_names_exists(page):
    missing = [p for p in CODE_PATH.findall(page.read_text()) if not (ROOT / p).exists()]
    assert not missing, missing


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_of_the_page_resolves(page):
    targets = [(page.parent / link).resolve() for link in LINK.findall(page.read_text())]
    missing = [
        str(t.relative_to(ROOT))
        for t in targets
        if not t.exists() and str(t.relative_to(ROOT)) not in PENDING
    ]
    assert not missing, missing
