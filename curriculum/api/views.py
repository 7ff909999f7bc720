"""The curriculum, read-only, for anyone."""

from django.db.models import Prefetch
from rest_framework import permissions, viewsets

from curriculum.api import filters, serializers
from curriculum.models import (
    LifecycleTask,
    Prerequisite,
    Project,
    Requirement,
    Resource,
    Role,
    Skill,
    SkillLevel,
    Subtask,
)


class CurriculumViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    # Only what a slug can be: anything else (a NUL byte, which PostgreSQL refuses in a
    # query) is a 404 from the URL resolver, never a database error.
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    permission_classes = [permissions.AllowAny]


class SkillViewSet(CurriculumViewSet):
    """Skills with their level descriptors; one skill adds its prerequisites."""

    filterset_class = filters.SkillFilter

    def get_queryset(self):
        queryset = (
            Skill.objects.filter(is_retired=False)
            .select_related("area")
            .prefetch_related(Prefetch("levels", SkillLevel.objects.order_by("level")))
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("prerequisites", Prerequisite.objects.select_related("required_skill")),
                Prefetch("resources", Resource.objects.order_by("position", "pk")),
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.SkillDetailSerializer
        return serializers.SkillSerializer


class RoleViewSet(CurriculumViewSet):
    serializer_class = serializers.RoleSerializer
    filterset_class = filters.RoleFilter
    queryset = (
        Role.objects.filter(is_retired=False)
        .select_related("variant_of")
        .prefetch_related(
            "tasks",
            Prefetch(
                "requirements",
                Requirement.objects.select_related("skill").prefetch_related("alternatives"),
            ),
        )
    )


class LifecycleTaskViewSet(CurriculumViewSet):
    serializer_class = serializers.LifecycleTaskSerializer
    queryset = LifecycleTask.objects.filter(is_retired=False).prefetch_related(
        Prefetch("subtasks", Subtask.objects.prefetch_related("skills"))
    )


class ProjectViewSet(CurriculumViewSet):
    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectFilter
    queryset = Project.objects.filter(is_retired=False).prefetch_related("skill_levels__skill")
