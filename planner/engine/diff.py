"""What changed between two versions of a plan."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

MOVE_TOLERANCE_WEEKS = 0.01


class Scheduled(Protocol):
    """A plan item or a stored row: what a diff needs of it."""

    @property
    def key(self) -> str: ...
    @property
    def start_week(self) -> float: ...


@dataclass(frozen=True, slots=True)
class PlanDiff:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    moved: tuple[tuple[str, float, float], ...]  # (key, old start week, new start week)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.moved)


def diff_plans(old_items: Iterable[Scheduled], new_items: Iterable[Scheduled]) -> PlanDiff:
    """Items added, removed, and moved (same key, start week changed by more than 0.01).

    Works on anything with ``key`` and ``start_week`` (plan items or stored rows). ``added``
    and ``moved`` follow the new plan's order, ``removed`` the old plan's; a key repeated in
    one plan counts once, at its first place.
    """
    old = _first_start_by_key(old_items)
    new = _first_start_by_key(new_items)
    return PlanDiff(
        added=tuple(key for key in new if key not in old),
        removed=tuple(key for key in old if key not in new),
        moved=tuple(
            (key, old[key], start)
            for key, start in new.items()
            if key in old and abs(start - old[key]) > MOVE_TOLERANCE_WEEKS + 1e-9
        ),
    )


def _first_start_by_key(items: Iterable[Scheduled]) -> dict[str, float]:
    starts: dict[str, float] = {}
    for item in items:
        starts.setdefault(item.key, float(item.start_week))
    return starts
