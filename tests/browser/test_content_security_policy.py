"""The pages work under the Content-Security-Policy: HTMX updates in place, the API docs
render, and the browser reports no violation."""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory, roadmap_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


def violations_of(page) -> list[str]:
    seen: list[str] = []
    page.on(
        "console",
        lambda m: (
            seen.append(f"{page.url}: {m.text[:80]}")
            if "Content Security Policy" in m.text
            else None
        ),
    )
    return seen


def test_htmx_and_the_api_docs_work_under_the_policy(new_page):
    learner = UserFactory(email="csp@example.com", name="Cy")
    roadmap_for(learner, role="data-analyst")
    page = new_page()
    violations = violations_of(page)

    response = page.goto("/accounts/login/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.get_by_label("Email").fill("csp@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/roadmap/")

    page.evaluate("window.__stillHere = true")
    first = page.locator(".stage").first.locator("li.item").first
    item_id = first.get_attribute("id")
    first.get_by_role("button", name="Done").click()
    expect(page.locator(f"#{item_id} .status-badge")).to_have_text("Done")
    assert page.evaluate("window.__stillHere") is True, "HTMX swapped in place"
    fill = page.locator("#progress-overall .progress-fill rect")
    assert float(fill.get_attribute("width")) > 0
    assert fill.bounding_box()["width"] > 0

    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info")).to_be_visible()

    assert violations == []
