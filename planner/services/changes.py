"""Marking roadmaps as changed, so that their stored rendering is made again."""

from django.utils import timezone

from planner.models import Roadmap


def mark_changed(*, roadmap_ids=None, user=None) -> None:
    """Say that what these roadmaps (or a learner's, or all) show has changed."""
    rows = Roadmap.objects.all()
    if user is not None:
        rows = rows.filter(user=user)
    if roadmap_ids is not None:
        rows = rows.filter(pk__in=roadmap_ids)
    rows.update(changed_at=timezone.now(), rendered_gzip=None)
