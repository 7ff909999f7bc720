from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from curriculum import models


class LevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.SkillLevel
        fields = ["level", "descriptor", "hours", "practice"]


class ResourceSerializer(serializers.ModelSerializer):
    levels = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=5))

    class Meta:
        model = models.Resource
        fields = ["title", "url", "kind", "free", "hours", "levels"]


class PrerequisiteSerializer(serializers.ModelSerializer):
    skill = serializers.SlugRelatedField(source="required_skill", slug_field="slug", read_only=True)
    level = serializers.IntegerField(source="required_level")

    class Meta:
        model = models.Prerequisite
        fields = ["skill", "level", "for_level"]


class SkillSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    levels = LevelSerializer(many=True, read_only=True)

    class Meta:
        model = models.Skill
        fields = ["slug", "name", "area", "description", "levels"]


class SkillDetailSerializer(SkillSerializer):
    prerequisites = PrerequisiteSerializer(many=True, read_only=True)
    resources = ResourceSerializer(many=True, read_only=True)

    class Meta(SkillSerializer.Meta):
        fields = [*SkillSerializer.Meta.fields, "prerequisites", "resources"]


class RequirementSerializer(serializers.ModelSerializer):
    skill = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    alternatives = serializers.SerializerMethodField(
        help_text="Other skills that meet the requirement instead of `skill` (any_of)."
    )

    class Meta:
        model = models.Requirement
        fields = ["skill", "level", "priority", "alternatives"]

    def get_alternatives(self, requirement) -> list[str]:
        return sorted(skill.slug for skill in requirement.alternatives.all())


class RoleSerializer(serializers.ModelSerializer):
    variant_of = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    tasks = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    requirements = RequirementSerializer(many=True, read_only=True)

    class Meta:
        model = models.Role
        fields = [
            "slug",
            "name",
            "description",
            "titles",
            "tasks",
            "tools",
            "variant_of",
            "requirements",
        ]


class SubtaskSerializer(serializers.ModelSerializer):
    examples = serializers.ListField(child=serializers.CharField())
    skills = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = models.Subtask
        fields = ["name", "examples", "skills"]


class LifecycleTaskSerializer(serializers.ModelSerializer):
    subtasks = SubtaskSerializer(many=True, read_only=True)

    class Meta:
        model = models.LifecycleTask
        fields = ["slug", "name", "description", "subtasks"]


class ProjectSkillSerializer(serializers.ModelSerializer):
    skill = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = models.ProjectSkill
        fields = ["skill", "level"]


class DatasetSerializer(serializers.Serializer):
    title = serializers.CharField(source="dataset_title")
    url = serializers.URLField(source="dataset_url")


class ProjectSerializer(serializers.ModelSerializer):
    skills = ProjectSkillSerializer(source="skill_levels", many=True, read_only=True)
    dataset = serializers.SerializerMethodField()

    class Meta:
        model = models.Project
        fields = [
            "slug",
            "name",
            "level",
            "hours",
            "description",
            "deliverables",
            "skills",
            "dataset",
        ]

    @extend_schema_field(DatasetSerializer(allow_null=True))
    def get_dataset(self, project):
        """The suggested public dataset, or null."""
        return DatasetSerializer(project).data if project.dataset_url else None
