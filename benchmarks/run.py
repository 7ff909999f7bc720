"""Time the engine against a bare graphlib sort and the networkx planner, on the shipped and
synthetic curricula, and say whether the targets hold (DESIGN.md, "Performance targets")."""

from __future__ import annotations

import dataclasses
import gc
import math
import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from graphlib import TopologicalSorter

from benchmarks.networkx_planner import plan_with_networkx
from benchmarks.synthetic import GENERALIST, layered_curriculum, prerequisite_count
from planner.engine import Curriculum, LearnerState, build_plan, role_fit
from planner.engine.graph import current_levels, gap_for, planned_steps, step_predecessors
from planner.engine.index import index_of

START = date(2026, 1, 5)
# The targets of DESIGN.md and issue 14.
SHIPPED_TARGET_MS = 5.0
SYNTHETIC_TARGET_SIZE = 10_000
SYNTHETIC_TARGET_MS = 100.0
FLOOR_TARGET_RATIO = 10.0


@dataclass(frozen=True, slots=True)
class BenchmarkRow:
    graph: str
    skills: int
    prerequisites: int
    steps: int
    engine_ms: float  # indexes already built, as on the Django side (cached by revision)
    engine_cold_ms: float  # including building the indexes
    floor_ms: float  # a bare graphlib topological sort of the plan's step graph
    networkx_ms: float | None  # None: not measured at this size
    shipped: bool = False
    # Reading every item's reasons once, after the build (they are worded when read; the
    # Django side reads them all when it stores or renders a plan). None: not measured.
    reasons_ms: float | None = None

    @property
    def ratio(self) -> float | None:
        """How many times faster the engine is than the networkx planner."""
        if self.networkx_ms is None:
            return None
        return self.networkx_ms / self.engine_ms if self.engine_ms else float("inf")

    @property
    def floor_ratio(self) -> float:
        """How many times the graphlib floor the engine takes."""
        return self.engine_ms / self.floor_ms if self.floor_ms else float("inf")


def run_benchmarks(
    shipped: Curriculum | None = None,
    sizes: Sequence[int] = (100, 1000, 10000, 30000),
    repeat: int = 7,
    *,
    curriculum: Curriculum | None = None,
    networkx_up_to: int | None = None,
) -> list[BenchmarkRow]:
    """Median times of ``repeat`` runs per graph: the shipped curriculum (if given; also as
    ``curriculum=``), then layered synthetic curricula of ``sizes`` skills with about three
    prerequisites each.

    Each graph is planned for its biggest role from zero (nice-to-have included) at 10 hours
    a week. The networkx planner runs on graphs of up to ``networkx_up_to`` skills (all when
    None). Raises RuntimeError if the two planners disagree on the plan.
    """
    shipped = shipped if shipped is not None else curriculum
    rows = []
    if shipped is not None:
        role = _biggest_role(shipped)
        rows.append(_measure(f"shipped ({role})", shipped, role, repeat, True, shipped=True))
    for size in sizes:
        with_networkx = networkx_up_to is None or size <= networkx_up_to
        rows.append(
            _measure(
                f"synthetic {size:,}", layered_curriculum(size), GENERALIST, repeat, with_networkx
            )
        )
    return rows


def targets(row: BenchmarkRow, previous: BenchmarkRow | None) -> tuple[str, bool | None]:
    """The row's targets as text, and whether they hold (None: it has none).

    The shipped curriculum in 5 ms; 10,000 synthetic skills in 100 ms and within 10× the
    graphlib floor; from one synthetic size to the next the time grows no faster than
    n log n, n the steps planned.
    """
    parts, held = [], True
    if row.shipped:
        parts.append(f"≤ {SHIPPED_TARGET_MS:g} ms")
        held &= row.engine_ms <= SHIPPED_TARGET_MS
    if row.skills == SYNTHETIC_TARGET_SIZE and not row.shipped:
        parts.append(f"≤ {SYNTHETIC_TARGET_MS:g} ms, ≤ {FLOOR_TARGET_RATIO:g}× floor")
        held &= row.engine_ms <= SYNTHETIC_TARGET_MS and row.floor_ratio <= FLOOR_TARGET_RATIO
    if previous is not None and not row.shipped and not previous.shipped:
        allowed = _n_log_n(row.steps) / _n_log_n(previous.steps)
        grew = row.engine_ms / previous.engine_ms if previous.engine_ms else float("inf")
        parts.append(f"growth ×{grew:.1f} ≤ n log n ×{allowed:.1f}")
        held &= grew <= allowed
    if not parts:
        return "none (reference)", None
    return "; ".join(parts), held


def format_table(rows: Sequence[BenchmarkRow]) -> str:
    header = (
        "graph", "skills", "prerequisites", "steps planned", "engine ms", "reasons ms",
        "graphlib floor ms", "× floor", "networkx ms", "networkx ÷ engine", "engine cold ms",
        "target", "holds",
    )  # fmt: skip
    lines = []
    previous = None
    for row in rows:
        target, held = targets(row, previous)
        lines.append(
            (
                row.graph,
                f"{row.skills:,}",
                f"{row.prerequisites:,}",
                f"{row.steps:,}",
                f"{row.engine_ms:.2f}",
                "-" if row.reasons_ms is None else f"{row.reasons_ms:.2f}",
                f"{row.floor_ms:.2f}",
                f"{row.floor_ratio:.1f}×",
                "-" if row.networkx_ms is None else f"{row.networkx_ms:.2f}",
                "-" if row.ratio is None else f"{row.ratio:.1f}×",
                f"{row.engine_cold_ms:.2f}",
                target,
                "-" if held is None else ("yes" if held else "NO"),
            )
        )
        if not row.shipped:
            previous = row
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *lines, strict=True)]
    text_columns = {0, len(header) - 2, len(header) - 1}
    out = [
        " | ".join(
            cell.ljust(width) if n in text_columns else cell.rjust(width)
            for n, (cell, width) in enumerate(zip(line, widths, strict=True))
        )
        for line in [header, *lines]
    ]
    out.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(out)


def verdict(rows: Sequence[BenchmarkRow]) -> str:
    """One line: whether every target holds, and which do not."""
    missed = []
    previous = None
    for row in rows:
        target, held = targets(row, previous)
        if held is False:
            missed.append(f"{row.graph} ({target})")
        if not row.shipped:
            previous = row
    if missed:
        return "targets DO NOT HOLD: " + "; ".join(missed)
    return "targets HOLD"


def load_average() -> str:
    """The machine's load (1, 5, 15 minutes) and cores: the figures are noise on a busy one."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def step_graph_of(curriculum: Curriculum, role: str, learner: LearnerState) -> dict:
    """The plan's step graph as graphlib takes it: each planned step with the steps it waits
    for (the engine's own edges, graph.step_predecessors)."""
    index = index_of(curriculum)
    current = current_levels(index, learner.levels)
    need = gap_for(index, role, current, learner.include_nice_to_have).need_all
    return {step: step_predecessors(index, current, step) for step in planned_steps(current, need)}


def graphlib_floor(graph: dict) -> list:
    """The floor: one bare topological sort of the step graph, nothing else."""
    return list(TopologicalSorter(graph).static_order())


def _n_log_n(n: int) -> float:
    return n * math.log(n) if n > 1 else 1.0


def _biggest_role(curriculum: Curriculum) -> str:
    fits = role_fit(curriculum, {}, include_nice_to_have=True)
    return max(fits, key=lambda fit: (fit.hours_to_ready, fit.role)).role


def _median_ms(
    run: Callable[..., object], repeat: int, setup: Callable[[], object] | None = None
) -> float:
    """Median CPU time of ``run`` (this process's, so that other work on a shared machine
    does not count; every planner here is single-threaded and does no I/O); like ``timeit``,
    with the garbage collector paused while timing, so a collection that earlier runs'
    garbage triggers is not charged to this one. With ``setup``, each run is given what it
    returns, made before the clock starts."""
    times = []
    for _ in range(max(1, repeat)):
        gc.collect()
        arguments = () if setup is None else (setup(),)
        gc.disable()
        try:
            began = time.process_time()
            run(*arguments)
            times.append((time.process_time() - began) * 1000)
        finally:
            gc.enable()
    return statistics.median(times)


def _measure(
    label: str,
    curriculum: Curriculum,
    role: str,
    repeat: int,
    with_networkx: bool,
    *,
    shipped: bool = False,
) -> BenchmarkRow:
    learner = LearnerState({}, 10, START, include_nice_to_have=True)
    plan = build_plan(curriculum, role, learner)
    steps = sorted(item.key for item in plan.items if item.kind == "skill")
    graph = step_graph_of(curriculum, role, learner)
    if len(graphlib_floor(graph)) != len(steps):
        raise RuntimeError(f"{label}: the floor's step graph is not the plan's.")
    networkx_ms = None
    if with_networkx:
        reference = plan_with_networkx(curriculum, role, learner)
        if steps != sorted(item.key for item in reference):
            raise RuntimeError(f"{label}: the engine and the networkx planner disagree.")
        networkx_ms = _median_ms(lambda: plan_with_networkx(curriculum, role, learner), repeat)
    return BenchmarkRow(
        graph=label,
        skills=len(curriculum.skills),
        prerequisites=prerequisite_count(curriculum),
        steps=len(steps),
        engine_ms=_median_ms(lambda: build_plan(curriculum, role, learner), repeat),
        engine_cold_ms=_median_ms(
            lambda: build_plan(dataclasses.replace(curriculum, _cache={}), role, learner), repeat
        ),
        floor_ms=_median_ms(lambda: graphlib_floor(graph), repeat),
        networkx_ms=networkx_ms,
        shipped=shipped,
        reasons_ms=_median_ms(
            _read_reasons, repeat, setup=lambda: build_plan(curriculum, role, learner)
        ),
    )


def _read_reasons(plan) -> int:
    return sum(len(item.reasons) for item in plan.items)
