"""Evidence: links a learner attaches to items of their current roadmap to show the work."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from accounts.models import User
from planner.models import Evidence, RoadmapItem
from planner.services.learners import touch_activity
from planner.services.steps import current_step, remove_from_step


def _current_item(user: User, item_id: int) -> RoadmapItem:
    return current_step(user_id=user.pk, item_id=item_id, lock=True, related=())


@transaction.atomic
def add_evidence(*, user: User, item_id: int, url: str, note: str = "") -> Evidence:
    """Attach a link (http or https) to the step ``item_id`` stands for in the learner's
    current roadmap (it may raise ``StepNotInPlan``)."""
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
    """Remove one of the learner's links from their current plan; returns the current item
    (the same step, when the link was shown on an older version's page)."""
    item, _ = remove_from_step(user_id=user.pk, model=Evidence, pk=evidence_id, same=("url",))
    return item
