"""bench_planner's table: the graphlib floor beside the engine, and each row's targets with
whether they hold (the figures themselves are the benchmark's business, not the tests')."""

from __future__ import annotations

from benchmarks.run import BenchmarkRow, format_table, run_benchmarks, targets, verdict


def row(skills: int, steps: int, engine_ms: float, floor_ms: float = 10.0, **kw) -> BenchmarkRow:
    return BenchmarkRow(
        graph=f"synthetic {skills:,}",
        skills=skills,
        prerequisites=3 * skills,
        steps=steps,
        engine_ms=engine_ms,
        engine_cold_ms=engine_ms,
        floor_ms=floor_ms,
        networkx_ms=kw.pop("networkx_ms", None),
        **kw,
    )


def test_every_row_is_timed_against_the_floor_of_its_own_step_graph():
    rows = run_benchmarks(None, sizes=(30, 60), repeat=1)
    assert [r.graph for r in rows] == ["synthetic 30", "synthetic 60"]
    for r in rows:
        assert r.steps > 0 and r.floor_ms > 0 and r.engine_ms > 0 and r.networkx_ms
        assert r.reasons_ms is not None and r.reasons_ms > 0
    table = format_table(rows)
    assert "graphlib floor ms" in table and "× floor" in table and "holds" in table
    assert "reasons ms" in table


def test_the_networkx_planner_can_be_left_out_of_the_largest_graphs():
    rows = run_benchmarks(None, sizes=(30, 60), repeat=1, networkx_up_to=30)
    assert rows[0].networkx_ms is not None and rows[1].networkx_ms is None
    assert " - " in format_table(rows).splitlines()[-1]


def test_ten_thousand_skills_must_take_at_most_100_ms_and_ten_times_the_floor():
    assert targets(row(10_000, 21_000, 90.0, floor_ms=20.0), None) == (
        "≤ 100 ms, ≤ 10× floor",
        True,
    )
    assert targets(row(10_000, 21_000, 120.0, floor_ms=20.0), None)[1] is False
    assert targets(row(10_000, 21_000, 90.0, floor_ms=5.0), None)[1] is False


def test_growth_from_one_size_to_the_next_must_stay_within_n_log_n():
    small = row(1_000, 2_000, 10.0)
    linear = row(3_000, 6_000, 30.0)
    quadratic = row(3_000, 6_000, 90.0)
    assert targets(linear, small)[1] is True
    text, held = targets(quadratic, small)
    assert held is False and "growth ×9.0" in text
    assert verdict([small, quadratic]).startswith("targets DO NOT HOLD: synthetic 3,000")
    assert verdict([small, linear]) == "targets HOLD"


def test_a_small_size_with_nothing_before_it_has_no_target():
    assert targets(row(100, 200, 5.0), None) == ("none (reference)", None)
