"""Steps as integers: a leaf module, shared by the index, the graph and the order.

A step (one level of one skill) is ``skill_position << LEVEL_BITS | to_level`` (levels fit in
three bits), so that sorting steps sorts them by skill slug, then level, and per-step data
can live in flat lists indexed by step id.
"""

from __future__ import annotations

LEVEL_BITS = 3
LEVEL_MASK = (1 << LEVEL_BITS) - 1


def step_id(skill_position: int, level: int) -> int:
    return skill_position << LEVEL_BITS | level


def split_step(step: int) -> tuple[int, int]:
    return step >> LEVEL_BITS, step & LEVEL_MASK
