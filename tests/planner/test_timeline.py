"""The server-drawn timeline picture."""

import re

import pytest

from planner.selectors.roadmaps import plan_view
from planner.services import preview_plan
from planner.timeline import WIDTH, timeline_svg

pytestmark = pytest.mark.django_db


def stage_labels(svg: str) -> list[str]:
    return re.findall(r'<text class="t-stage"[^>]*>([^<]+)</text>', svg)


def test_a_plan_of_a_few_years_names_its_stages_in_full():
    view = plan_view(*preview_plan(role="data-scientist", weekly_hours=12, skills={}))
    assert stage_labels(timeline_svg(view)) == ["0–6 months", "6–18 months", "18+ months"]


def test_a_long_plan_shortens_the_narrow_stage_labels_so_none_overlaps_the_next():
    view = plan_view(*preview_plan(role="deep-learning-researcher", weekly_hours=2, skills={}))
    svg = timeline_svg(view)
    bands = re.findall(r'<rect class="t-band t-band-\d" x="([\d.]+)" y="0" width="([\d.]+)"', svg)
    labels = stage_labels(svg)

    assert labels[0] in {"0–6 mo", "0–6"} and labels[-1] == "18+ months"
    for (x, width), label in zip(bands, labels, strict=True):
        assert len(label) * 7.5 + 12 <= float(width) or label in {"0–6", "6–18"}
        assert float(x) + float(width) <= WIDTH
