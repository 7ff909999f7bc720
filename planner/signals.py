"""Reassessment follows changes: a learner's goal, hours or levels, and the curriculum.

Both signals are sent after their transaction commits; the task is enqueued through
``enqueue_on_commit`` anyway, so a sender that forgets does not enqueue uncommitted work.
"""

from curriculum.revision import curriculum_changed
from planner.services.learners import learner_changed


def _learner_changed(sender, *, user_id: int, changed=(), **kwargs) -> None:
    from planner.tasks import enqueue_on_commit, reassess_learner

    enqueue_on_commit(reassess_learner, user_id)


def _curriculum_changed(sender, *, revision: int, **kwargs) -> None:
    from planner.services.changes import mark_changed
    from planner.tasks import enqueue_on_commit, reassess_after_curriculum_change

    # Stored renderings carry the curriculum's names: make them again on the next read.
    mark_changed()
    enqueue_on_commit(reassess_after_curriculum_change, revision)


def connect() -> None:
    learner_changed.connect(_learner_changed, dispatch_uid="planner-reassess-learner")
    curriculum_changed.connect(_curriculum_changed, dispatch_uid="planner-reassess-curriculum")
