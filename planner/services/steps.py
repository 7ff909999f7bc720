"""A step's identity across versions.

Item ids belong to one version of a plan; the step's ``key`` ("python:2", "project:titanic")
stays the same in every version. A page opened before a replan still carries old ids, so
every action on an item goes through ``current_step``: the same step in the current version,
or ``StepNotInPlan`` when the new plan no longer has it. Never a silent 404.
"""

from __future__ import annotations

from django.db import models

from config.errors import Conflict, NotFound
from planner.models import Roadmap, RoadmapItem, item_label


class StepNotInPlan(Conflict):
    """The item belongs to an older version and its step is not in the current one."""

    def __init__(self, *, item: RoadmapItem, version: int) -> None:
        self.item = item
        self.version = version
        super().__init__(
            f"The plan was updated (now version {version}) and no longer has the step "
            f"'{item.key}': nothing was changed. Read the current roadmap."
        )


NO_SUCH_ITEM = "No such item in your roadmap."


def current_step(
    *, user_id: int, item_id, lock: bool = False, related: tuple[str, ...] = ("skill", "project")
) -> RoadmapItem:
    """The current version's item for the step ``item_id`` (an item of any of the learner's
    versions) stands for.

    Raises ``NotFound`` when ``item_id`` is not an item of this learner (or not an id at
    all), ``StepNotInPlan`` when its step left the plan. The returned item's
    ``stale_id`` is the id that was asked for when it differs (the page was older).
    """
    current = Roadmap.objects.versions(user_id).values("pk", "version").first()
    if current is None:
        raise NotFound(NO_SUCH_ITEM)
    rows = RoadmapItem.objects.select_related(*related)
    if lock:
        rows = rows.select_for_update(of=("self",))
    try:
        item_id = int(item_id)
    except (TypeError, ValueError):
        raise NotFound(NO_SUCH_ITEM) from None
    item = rows.filter(pk=item_id, roadmap_id=current["pk"]).first()
    if item is not None:
        item.stale_id = None
        return item
    asked = (
        RoadmapItem.objects.select_related(*related)
        .filter(pk=item_id, roadmap__user_id=user_id)
        .first()
    )
    if asked is None:
        raise NotFound(NO_SUCH_ITEM)
    item = rows.filter(roadmap_id=current["pk"], key=asked.key).first()
    if item is None:
        raise StepNotInPlan(item=asked, version=current["version"])
    item.stale_id = item_id
    return item


def step_label(item: RoadmapItem) -> str:
    name = item.project.name if item.project_id else item.skill.name
    return item_label(item.kind, name, item.from_level, item.to_level)


def remove_from_step(
    *, user_id: int, model: type[models.Model], pk, same: tuple[str, ...]
) -> tuple[RoadmapItem, bool]:
    """Remove a row of ``model`` (a learner's own link or resource, with an ``item``) from the
    current version of its step; returns that item and whether a row was removed.

    A page older than the plan points at the copy the previous version had: the current
    version's copy, the one whose ``same`` fields are equal, is removed instead. ``NotFound``
    when ``pk`` is not the learner's, ``StepNotInPlan`` when the step left the plan.
    """
    try:
        asked = model._default_manager.select_related("item").get(
            pk=pk, item__roadmap__user_id=user_id
        )
    except (model.DoesNotExist, ValueError, TypeError):
        raise NotFound from None
    item = current_step(user_id=user_id, item_id=asked.item_id, lock=True, related=())
    if asked.item_id != item.pk:
        copy = {field: getattr(asked, field) for field in same}
        asked = model._default_manager.filter(item=item, **copy).order_by("pk").first()
    if asked is None:
        return item, False
    asked.delete()
    return item, True
