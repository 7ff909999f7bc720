import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import ChoiceField

from curriculum.models import Project, ProjectLevel, Role, Skill


class GivenChoiceField(ChoiceField):
    """A choice that, when the parameter is given, must be one of the choices: ``?level=`` is
    a 400 naming them, as the schema's enum says, not a silent "any level"."""

    def clean(self, value):
        keys = [str(key) for key, _ in self.choices if key != ""]
        if value is not None and value not in keys:
            raise ValidationError(f"Give one of {', '.join(keys)}, or leave the parameter out.")
        return super().clean(value)


class GivenChoiceFilter(django_filters.ChoiceFilter):
    field_class = GivenChoiceField


class SkillFilter(django_filters.FilterSet):
    area = django_filters.CharFilter(field_name="area__slug")
    search = django_filters.CharFilter(method="filter_search", label="Name or slug contains")
    required_by = django_filters.CharFilter(
        field_name="requirements__role__slug", distinct=True, label="Required by role (slug)"
    )

    class Meta:
        model = Skill
        fields = ["area", "search", "required_by"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(slug__icontains=value)


class RoleFilter(django_filters.FilterSet):
    variant_of = django_filters.CharFilter(field_name="variant_of__slug")
    task = django_filters.CharFilter(field_name="tasks__slug", distinct=True)

    class Meta:
        model = Role
        fields = ["variant_of", "task"]


class ProjectFilter(django_filters.FilterSet):
    level = GivenChoiceFilter(choices=ProjectLevel.choices)
    skill = django_filters.CharFilter(field_name="skill_levels__skill__slug", distinct=True)

    class Meta:
        model = Project
        fields = ["level", "skill"]
