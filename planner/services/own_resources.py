"""Learners' own resources: what they studied from for a step, kept with the plan."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from accounts.models import User
from planner.models import LearnerResource, RoadmapItem
from planner.services.changes import mark_changed
from planner.services.evidence import _current_item
from planner.services.learners import touch_activity
from planner.services.steps import remove_from_step


@transaction.atomic
def add_own_resource(*, user: User, item_id: int, title: str, url: str) -> LearnerResource:
    """Attach a resource (a title and an http or https link) to the step ``item_id`` stands
    for in the learner's current roadmap (it may raise ``StepNotInPlan``); ``ValidationError``
    names the field that is wrong."""
    item = _current_item(user, item_id)
    title, url = (title or "").strip(), (url or "").strip()
    errors = {}
    if not title:
        errors["title"] = "Give the resource a title."
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        errors["url"] = "Enter a full link starting with http:// or https://."
    if errors:
        raise ValidationError(errors)
    resource = LearnerResource(item=item, title=title, url=url)
    resource.full_clean(exclude=["item"])
    resource.save()
    mark_changed(roadmap_ids=[item.roadmap_id])
    touch_activity(user)
    return resource


@transaction.atomic
def remove_own_resource(*, user: User, resource_id: int) -> RoadmapItem:
    """Remove one of the learner's resources from their current plan; returns the current item
    (the same step, when the resource was shown on an older version's page)."""
    item, removed = remove_from_step(
        user_id=user.pk, model=LearnerResource, pk=resource_id, same=("url", "title")
    )
    if removed:
        mark_changed(roadmap_ids=[item.roadmap_id])
    return item
