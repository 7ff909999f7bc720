"""A role's resolved requirements: a leaf module, shared by the index and the graph."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Targets:
    """A role's requirements after variant inheritance, by skill position.

    ``core`` holds the highest core level per skill; ``nice`` the highest nice-to-have level,
    only where it is above the core level (core wins at equal level); ``entry`` the highest
    entry level of each core requirement (job-ready), never above its ``core`` level.
    """

    role: str
    name: str
    core: Mapping[int, int]
    nice: Mapping[int, int]
    entry: Mapping[int, int]

    def wanted(self, include_nice_to_have: bool) -> dict[int, int]:
        if not include_nice_to_have:
            return dict(self.core)
        return {**self.core, **self.nice}
