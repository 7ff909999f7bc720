"""Reads of the curriculum that more than one caller needs."""

from collections import defaultdict

from curriculum.exchange.document import LoadedCurriculum
from curriculum.models import Area, LifecycleTask, Prerequisite, Role, Skill


def loaded_curriculum() -> LoadedCurriculum:
    """The live (non-retired) entries a merge-mode file may refer to, and the prerequisite
    and variant edges its checks must see."""
    prerequisites: dict[str, list[str]] = defaultdict(list)
    for skill, required in Prerequisite.objects.filter(
        skill__is_retired=False, required_skill__is_retired=False
    ).values_list("skill__slug", "required_skill__slug"):
        prerequisites[skill].append(required)
    live_roles = Role.objects.filter(is_retired=False)
    return LoadedCurriculum(
        areas=frozenset(Area.objects.values_list("slug", flat=True)),
        skills=dict(Skill.objects.filter(is_retired=False).values_list("slug", "name")),
        tasks=frozenset(
            LifecycleTask.objects.filter(is_retired=False).values_list("slug", flat=True)
        ),
        roles=frozenset(live_roles.values_list("slug", flat=True)),
        prerequisites={slug: tuple(required) for slug, required in prerequisites.items()},
        variant_of=dict(
            live_roles.filter(variant_of__isnull=False).values_list("slug", "variant_of__slug")
        ),
    )
