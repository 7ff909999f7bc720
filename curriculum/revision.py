"""The curriculum revision: one number that moves whenever the curriculum changes.

Plans record the revision they were built from, the planner caches its graph by it, and
listeners of ``curriculum_changed`` (reassessment) hear of each change once, after commit.
"""

import contextlib
import contextvars

from django.db import connection, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from config.precompiled import Precompiled
from curriculum.models import CurriculumRevision

curriculum_changed = Signal()  # sent with revision=<int>, after the change commits

_suppressed = contextvars.ContextVar("revision_bumps_suppressed", default=False)


def current_revision() -> int:
    return revision_stamp()[0]


# Read by every roadmap rendering and plan (the keys of their caches): its SQL built once.
_STAMP = Precompiled(
    lambda pk: CurriculumRevision.objects.filter(pk=pk).values_list("number", "updated_at"),
    placeholder=0,
)


def revision_stamp() -> tuple[int, float]:
    """The revision with the moment it was made: unlike the number alone, never reused (a
    rolled-back change can hand its number to the next one), so it can key caches."""
    row = _STAMP.first_row(1)
    return (row[0], row[1].timestamp()) if row else (0, 0.0)


def bump_revision() -> int:
    """Move the revision on and announce the change once the transaction commits."""
    if _suppressed.get():
        return current_revision()
    CurriculumRevision.objects.get_or_create(pk=1)
    CurriculumRevision.objects.filter(pk=1).update(
        number=F("number") + 1, updated_at=timezone.now()
    )
    # Once per transaction, however many rows it changes (an admin form and its inlines).
    if not any(entry[1] is _announce for entry in connection.run_on_commit):
        transaction.on_commit(_announce)
    return current_revision()


def _announce() -> None:
    curriculum_changed.send(sender=CurriculumRevision, revision=current_revision())


@contextlib.contextmanager
def revision_bumps_suppressed():
    """Inside, model signals do not bump; the caller bumps once for the whole batch."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)
