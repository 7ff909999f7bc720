"""Evidence: links a learner attaches to items of their current roadmap to show the work."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from accounts.models import User
from config.errors import NotFound
from planner.models import Evidence, Roadmap, RoadmapItem
from planner.services.learners import touch_activity


def _current_item(user: User, item_id: int) -> RoadmapItem:
    current = Roadmap.objects.current_pk(user)
    try:
        return RoadmapItem.objects.get(pk=item_id, roadmap__user=user, roadmap=current)
    except RoadmapItem.DoesNotExist:
        raise NotFound from None


@transaction.atomic
def add_evidence(*, user: User, item_id: int, url: str, note: str = "") -> Evidence:
    """Attach a link (http or https) to an item of the learner's current roadmap."""
    item = _current_item(user, item_id)
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise ValidationError(
            {"url": "Enter a full link starting with http:// or https://."}
        ) from error
    evidence = Evidence(item=item, url=url, note=(note or "").strip())
    evidence.full_clean(exclude=["item", "verified_by"])
    evidence.save()
    touch_activity(user)
    return evidence


@transaction.atomic
def remove_evidence(*, user: User, evidence_id: int) -> RoadmapItem:
    """Remove one of the learner's links; returns the item it was on."""
    current = Roadmap.objects.current_pk(user)
    try:
        evidence = Evidence.objects.select_related("item").get(
            pk=evidence_id, item__roadmap__user=user, item__roadmap=current
        )
    except Evidence.DoesNotExist:
        raise NotFound from None
    item = evidence.item
    evidence.delete()
    return item
