"""The roadmap's timeline picture: an SVG drawn on the server, one row per skill.

Plain SVG with a title and description for screen readers; the page lists every item in
text as well, so the picture is an overview, never the only way to read the plan.
"""

from __future__ import annotations

from datetime import date
from html import escape

from django.utils.safestring import SafeString, mark_safe

from planner import engine
from planner.models import ItemKind
from planner.selectors.roadmaps import RoadmapView

WIDTH = 960
LABEL_WIDTH = 190
RIGHT_PAD = 16
TOP = 44
ROW = 20
BAR = 12
WEEKS_PER_MONTH = 52 / 12
# Each stage's band and its labels, longest first: "0–6 months", "0–6 mo", "0–6".
STAGE_BANDS = tuple(
    (
        span.start_week,
        span.end_week,
        (span.title, span.title.replace(" months", " mo"), span.title.removesuffix(" months")),
    )
    for span in engine.STAGE_SPANS
)
STAGE_CHAR_WIDTH = 7.5  # a bold 12px character (.t-stage), in viewBox units
STATUS_CLASS = {
    "todo": "t-todo",
    "in_progress": "t-progress",
    "done": "t-done",
    "skipped": "t-skipped",
}


def _rows(view: RoadmapView) -> list[tuple[str, list]]:
    rows: dict[str, list] = {}
    for item in view.items:
        name = "Projects" if item.kind == ItemKind.PROJECT else item.skill_name
        rows.setdefault(name, []).append(item)
    if "Projects" in rows:
        rows["Projects"] = rows.pop("Projects")
    return list(rows.items())


def _tick_months(total_months: float) -> int:
    for step in (1, 3, 6, 12):
        if total_months / step <= 10:
            return step
    return 24


def timeline_svg(
    view: RoadmapView, today: date | None = None, element_id: str = "timeline"
) -> SafeString:
    """The items of a roadmap over the months, stages shaded, today marked.

    A stored roadmap's bars are links to their cards (``#item-<id>``): the picture is also a
    way to move around the page, by mouse or keyboard, each link named by the full label.
    """
    links = any(item.id for item in view.items)
    rows = _rows(view)
    last_week = max([26.0, *(i.end_week for i in view.items)])
    span = last_week * 1.02
    chart = WIDTH - LABEL_WIDTH - RIGHT_PAD
    height = TOP + max(len(rows), 1) * ROW + 12

    def x(week: float) -> float:
        return round(LABEL_WIDTH + min(week, span) / span * chart, 1)

    done = sum(1 for i in view.items if i.counts_done)
    months = last_week / WEEKS_PER_MONTH
    title = f"Timeline of your roadmap for {view.role_name}"
    desc = (
        f"{len(view.items)} items over about {months:.0f} months, {done} done. "
        "Rows are skills (and projects); bars run from each item's start to its end."
    )
    out = [
        f'<svg id="{element_id}-svg" class="timeline-svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="{"group" if links else "img"}" '
        f'aria-labelledby="{element_id}-title {element_id}-desc" '
        'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{element_id}-title">{escape(title)}</title>',
        f'<desc id="{element_id}-desc">{escape(desc)}</desc>',
    ]
    # Stage bands
    for index, (start, end, labels) in enumerate(STAGE_BANDS):
        if start >= span:
            break
        x0, x1 = x(start), x(span if end is None else min(end, span))
        out.append(
            f'<rect class="t-band t-band-{index}" x="{x0}" y="0" width="{round(x1 - x0, 1)}" '
            f'height="{height}"/>'
        )
        # In a long plan the first band is narrow: a shorter label, not one under the next band.
        label = next((t for t in labels if len(t) * STAGE_CHAR_WIDTH + 12 <= x1 - x0), labels[-1])
        out.append(f'<text class="t-stage" x="{x0 + 6}" y="15">{label}</text>')
    # Month ticks
    step = _tick_months(months)
    month = 0
    while month * WEEKS_PER_MONTH <= span:
        tx = x(month * WEEKS_PER_MONTH)
        out.append(f'<line class="t-tick" x1="{tx}" y1="22" x2="{tx}" y2="{height}"/>')
        if tx < WIDTH - 40:  # a label at the very edge would be cut off
            out.append(f'<text class="t-month" x="{tx + 3}" y="34">{month} mo</text>')
        month += step
    # Rows and bars
    for row, (name, items) in enumerate(rows):
        y = TOP + row * ROW
        label = name if len(name) <= 28 else name[:27] + "…"
        out.append(
            f'<text class="t-label" x="{LABEL_WIDTH - 8}" y="{y + BAR - 1}">{escape(label)}'
            f"<title>{escape(name)}</title></text>"
        )
        for item in items:
            x0, x1 = x(item.start_week), x(item.end_week)
            css = STATUS_CLASS.get(item.status, "t-todo")
            tip = (
                f"{item.label}: {item.start_date:%d %b %Y} – {item.end_date:%d %b %Y}, "
                f"{item.hours:g} h, {item.status.replace('_', ' ')}"
            )
            bar = (
                f'<rect class="t-bar {css}" x="{x0}" y="{y}" width="{max(round(x1 - x0, 1), 2)}" '
                f'height="{BAR}" rx="3"><title>{escape(tip)}</title></rect>'
            )
            if item.id:
                # The link's hit area is the whole row height, not only the 12-unit bar.
                hit = (
                    f'<rect class="t-hit" x="{x0}" y="{y - (ROW - BAR) / 2}" '
                    f'width="{max(round(x1 - x0, 1), 6)}" height="{ROW}"/>'
                )
                bar = (
                    f'<a class="t-link" href="#item-{item.id}" aria-label="{escape(tip)}">'
                    f"{hit}{bar}</a>"
                )
            out.append(bar)
    if today is not None and view.start_date:
        week = (today - view.start_date).days / 7
        if 0 <= week <= span:
            tx = x(week)
            out.append(f'<line class="t-today" x1="{tx}" y1="20" x2="{tx}" y2="{height}"/>')
            out.append(f'<text class="t-today-label" x="{tx + 3}" y="{height - 2}">today</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every interpolated text is escaped above
