"""Time the engine against the networkx planner on the shipped and synthetic curricula."""

from __future__ import annotations

import dataclasses
import gc
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from benchmarks.networkx_planner import plan_with_networkx
from benchmarks.synthetic import GENERALIST, layered_curriculum, prerequisite_count
from planner.engine import Curriculum, LearnerState, build_plan, role_fit

START = date(2026, 1, 5)


@dataclass(frozen=True, slots=True)
class BenchmarkRow:
    graph: str
    skills: int
    prerequisites: int
    steps: int
    engine_ms: float  # indexes already built, as on the Django side (cached by revision)
    engine_cold_ms: float  # including building the indexes
    networkx_ms: float

    @property
    def ratio(self) -> float:
        """How many times faster the engine is than the networkx planner."""
        return self.networkx_ms / self.engine_ms if self.engine_ms else float("inf")


def run_benchmarks(
    shipped: Curriculum | None = None,
    sizes: Sequence[int] = (100, 1000, 10000),
    repeat: int = 7,
    *,
    curriculum: Curriculum | None = None,
) -> list[BenchmarkRow]:
    """Median times of ``repeat`` runs per graph: the shipped curriculum (if given; also as
    ``curriculum=``), then layered synthetic curricula of ``sizes`` skills with about three
    prerequisites each.

    Each graph is planned for its biggest role from zero (nice-to-have included) at 10 hours
    a week. Raises RuntimeError if the two planners disagree on the plan.
    """
    shipped = shipped if shipped is not None else curriculum
    rows = []
    if shipped is not None:
        role = _biggest_role(shipped)
        rows.append(_measure(f"shipped ({role})", shipped, role, repeat))
    for size in sizes:
        rows.append(_measure(f"synthetic {size:,}", layered_curriculum(size), GENERALIST, repeat))
    return rows


def format_table(rows: Sequence[BenchmarkRow]) -> str:
    header = (
        "graph", "skills", "prerequisites", "steps planned", "engine ms", "networkx ms", "ratio",
        "engine cold ms",
    )  # fmt: skip
    lines = [
        (
            row.graph,
            f"{row.skills:,}",
            f"{row.prerequisites:,}",
            f"{row.steps:,}",
            f"{row.engine_ms:.2f}",
            f"{row.networkx_ms:.2f}",
            f"{row.ratio:.1f}×",
            f"{row.engine_cold_ms:.2f}",
        )  # fmt: skip
        for row in rows
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *lines, strict=True)]
    out = [
        " | ".join(
            cell.ljust(width) if n == 0 else cell.rjust(width)
            for n, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in [header, *lines]
    ]
    out.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(out)


def _biggest_role(curriculum: Curriculum) -> str:
    fits = role_fit(curriculum, {}, include_nice_to_have=True)
    return max(fits, key=lambda fit: (fit.hours_to_ready, fit.role)).role


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``run``; like ``timeit``, with the garbage collector paused while
    timing, so a collection that earlier runs' garbage triggers is not charged to this one."""
    times = []
    for _ in range(max(1, repeat)):
        gc.collect()
        gc.disable()
        try:
            began = time.perf_counter()
            run()
            times.append((time.perf_counter() - began) * 1000)
        finally:
            gc.enable()
    return statistics.median(times)


def _measure(label: str, curriculum: Curriculum, role: str, repeat: int) -> BenchmarkRow:
    learner = LearnerState({}, 10, START, include_nice_to_have=True)
    plan = build_plan(curriculum, role, learner)
    reference = plan_with_networkx(curriculum, role, learner)
    steps = sorted(item.key for item in plan.items if item.kind == "skill")
    if steps != sorted(item.key for item in reference):
        raise RuntimeError(f"{label}: the engine and the networkx planner disagree.")
    return BenchmarkRow(
        graph=label,
        skills=len(curriculum.skills),
        prerequisites=prerequisite_count(curriculum),
        steps=sum(item.kind == "skill" for item in plan.items),
        engine_ms=_median_ms(lambda: build_plan(curriculum, role, learner), repeat),
        engine_cold_ms=_median_ms(
            lambda: build_plan(dataclasses.replace(curriculum, _cache={}), role, learner), repeat
        ),
        networkx_ms=_median_ms(lambda: plan_with_networkx(curriculum, role, learner), repeat),
    )
