"""Many learners, fast: copy real learners' plans row for row, in bulk.

A template is a roadmap built for real (by ``build_roadmap``); a copy gets its learner's
profile (goal, weekly hours, dates), skill levels and the roadmap with its items: the very
roadmap ``build_roadmap`` would store for the same inputs on the same day, so what is read
back is real.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

ITEM_CHUNK = 20000  # items held in memory before they are written


def _copied(model, skip: set[str]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.name not in skip]


def copy_roadmaps(templates: Sequence, users: Sequence, *, batch_size: int = 2000) -> None:
    """Give ``users[j]`` a copy of the plan of ``templates[j % len(templates)]`` (a Roadmap):
    its learner's profile and skill levels, the roadmap (same version) and its items."""
    from planner.models import LearnerProfile, LearnerSkill, Roadmap, RoadmapItem

    if not users:
        return
    if not templates:
        raise ValueError("copy_roadmaps needs at least one template roadmap")
    learners = {t.user_id for t in templates}
    profiles = {p.user_id: p for p in LearnerProfile.objects.filter(user_id__in=learners)}
    levels: dict[int, list] = {user_id: [] for user_id in learners}
    for skill in LearnerSkill.objects.filter(user_id__in=levels):
        levels[skill.user_id].append(skill)
    items = {t.pk: list(t.items.order_by("position")) for t in templates}
    profile_fields = _copied(LearnerProfile, {"id", "user", "updated_at"})
    skill_fields = _copied(LearnerSkill, {"id", "user", "updated_at"})
    roadmap_fields = _copied(Roadmap, {"id", "user", "created_at"})
    item_fields = _copied(RoadmapItem, {"id", "roadmap"})

    def template_of(j: int):
        return templates[j % len(templates)]

    with transaction.atomic():
        LearnerProfile.objects.bulk_create(
            [
                LearnerProfile(
                    user=user,
                    **{f: getattr(profiles[template_of(j).user_id], f) for f in profile_fields},
                )
                for j, user in enumerate(users)
            ],
            batch_size=batch_size,
            ignore_conflicts=True,
        )
        LearnerSkill.objects.bulk_create(
            [
                LearnerSkill(user=user, **{f: getattr(s, f) for f in skill_fields})
                for j, user in enumerate(users)
                for s in levels[template_of(j).user_id]
            ],
            batch_size=batch_size,
        )
        copies = Roadmap.objects.bulk_create(
            [
                Roadmap(user=user, **{f: getattr(template_of(j), f) for f in roadmap_fields})
                for j, user in enumerate(users)
            ],
            batch_size=batch_size,
        )
        if copies[0].pk is None:  # a database that does not return the new keys
            by_user = dict(Roadmap.objects.filter(user__in=users).values_list("user_id", "pk"))
            for copy in copies:
                copy.pk = by_user[copy.user_id]
        rows = []
        for j, copy in enumerate(copies):
            rows += [
                RoadmapItem(roadmap_id=copy.pk, **{f: getattr(item, f) for f in item_fields})
                for item in items[template_of(j).pk]
            ]
            if len(rows) >= ITEM_CHUNK:
                RoadmapItem.objects.bulk_create(rows, batch_size=batch_size)
                rows = []
        RoadmapItem.objects.bulk_create(rows, batch_size=batch_size)
