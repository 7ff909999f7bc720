"""axe-core (installed from the npm registry by scripts/bootstrap into var/node) run inside a
Playwright page: serious and critical violations fail the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

AXE_JS = Path(settings.BASE_DIR) / "var" / "node" / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """Serious and critical violations on the page as it is now."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core missing at {AXE_JS}: run scripts/bootstrap (npm install axe-core)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy
        # (script-src 'self') does not govern; a <script> tag would be refused.
        page.evaluate(AXE_JS.read_text() + "\n;undefined")
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))})))"
    )
    return [v for v in result if v["impact"] in FAILING_IMPACTS]


def assert_accessible(page, where: str = "") -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core on {where or page.url}:\n" + json.dumps(violations, indent=1)
