"""Reassessment follows changes: a learner's goal, hours or levels, and the curriculum.

Both signals are sent after their transaction commits; the task is enqueued on commit
anyway, so a sender that forgets does not enqueue uncommitted work. A task the broker
refuses is kept in the outbox (published by its sweep); a learner's own change is not left
waiting that long: with the broker down their plan is reassessed in the request.
"""

import logging

from django.conf import settings
from django.db import transaction

from curriculum.revision import curriculum_changed
from planner.services.learners import learner_changed

logger = logging.getLogger(__name__)


def _reassess_now_or_later(user_id: int) -> None:
    from outbox.services import publish
    from planner.services.reassessment import reassess_learners
    from planner.tasks import reassess_learner

    inline = settings.WAYMARK_REASSESS_INLINE_WHEN_BROKER_DOWN
    if publish(reassess_learner, user_id, record=not inline) or not inline:
        return
    logger.warning("broker down: reassessing learner %s in the request", user_id)
    reassess_learners(user_ids=[user_id])


def _learner_changed(sender, *, user_id: int, changed=(), **kwargs) -> None:
    transaction.on_commit(lambda: _reassess_now_or_later(user_id))


def _curriculum_changed(sender, *, revision: int, **kwargs) -> None:
    from planner.services.changes import mark_changed
    from planner.tasks import enqueue_on_commit, reassess_after_curriculum_change

    # Stored renderings carry the curriculum's names: make them again on the next read.
    mark_changed()
    enqueue_on_commit(reassess_after_curriculum_change, revision)


def connect() -> None:
    learner_changed.connect(_learner_changed, dispatch_uid="planner-reassess-learner")
    curriculum_changed.connect(_curriculum_changed, dispatch_uid="planner-reassess-curriculum")
