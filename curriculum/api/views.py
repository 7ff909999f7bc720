"""The curriculum, read-only, for anyone."""

from django.db.models import Prefetch
from rest_framework import permissions, viewsets

from curriculum import models
from curriculum.api import filters, serializers


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
            models.Skill.objects.filter(is_retired=False)
            .select_related("area")
            .prefetch_related(Prefetch("levels", models.SkillLevel.objects.order_by("level")))
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "prerequisites", models.Prerequisite.objects.select_related("required_skill")
                ),
                Prefetch("resources", models.Resource.objects.order_by("position", "pk")),
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
        models.Role.objects.filter(is_retired=False)
        .select_related("variant_of")
        .prefetch_related(
            "tasks",
            Prefetch(
                "requirements",
                models.Requirement.objects.select_related("skill").prefetch_related("alternatives"),
            ),
        )
    )


class LifecycleTaskViewSet(CurriculumViewSet):
    serializer_class = serializers.LifecycleTaskSerializer
    queryset = models.LifecycleTask.objects.filter(is_retired=False).prefetch_related(
        Prefetch("subtasks", models.Subtask.objects.prefetch_related("skills"))
    )


class ProjectViewSet(CurriculumViewSet):
    serializer_class = serializers.ProjectSerializer
    filterset_class = filters.ProjectFilter
    queryset = models.Project.objects.filter(is_retired=False).prefetch_related(
        "skill_levels__skill"
    )
