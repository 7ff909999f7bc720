import django_filters

from curriculum.models import Project, ProjectLevel, Role, Skill


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
    level = django_filters.ChoiceFilter(choices=ProjectLevel.choices)
    skill = django_filters.CharFilter(field_name="skill_levels__skill__slug", distinct=True)

    class Meta:
        model = Project
        fields = ["level", "skill"]
