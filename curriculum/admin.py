"""Curators' admin: search, filters, autocomplete, inlines, and the curriculum file."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from curriculum.exchange import CurriculumFileError
from curriculum.exchange.document import DEFAULT_DESCRIPTORS, DEFAULT_HOURS, LEVELS
from curriculum.exchange.export import dump, export_document
from curriculum.models import (
    Area,
    CurriculumRevision,
    LifecycleTask,
    Prerequisite,
    Project,
    ProjectSkill,
    Requirement,
    Resource,
    Role,
    Skill,
    SkillLevel,
    Subtask,
    check_prerequisites_close_no_cycle,
)
from curriculum.services import load_curriculum_text


class TabularInline(admin.TabularInline):
    # Curators add rows with "Add another"; blank extra rows only invite half-filled ones.
    extra = 0


class StackedInline(admin.StackedInline):
    extra = 0


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class SkillLevelInline(TabularInline):
    model = SkillLevel
    max_num = 5
    fields = ["level", "descriptor", "descriptor_estimated", "hours", "hours_estimated", "practice"]


class ResourceForm(forms.ModelForm):
    url = forms.URLField(max_length=500, assume_scheme="https")

    class Meta:
        model = Resource
        fields = ["position", "title", "url", "kind", "free", "hours", "levels"]
        widgets = {
            "levels": forms.TextInput(attrs={"size": 8, "placeholder": "[1, 2]"}),
            "position": forms.NumberInput(attrs={"style": "width: 4em"}),
        }


class ResourceInline(TabularInline):
    """What to study for the skill; ``position`` orders them (free ones are shown first)."""

    model = Resource
    form = ResourceForm
    ordering = ["position", "pk"]
    verbose_name_plural = (
        "resources (levels they serve as a list, e.g. [1, 2]; lower position first)"
    )


class PrerequisiteFormSet(forms.BaseInlineFormSet):
    """Refuses prerequisites that would close a cycle, naming the cycle."""

    def clean(self):
        super().clean()
        if any(self.errors) or not self.instance.pk:
            return
        required = [
            form.cleaned_data["required_skill"].pk
            for form in self.forms
            if form.cleaned_data.get("required_skill") and not form.cleaned_data.get("DELETE")
        ]
        check_prerequisites_close_no_cycle(
            skill_id=self.instance.pk, required_skill_ids=required, replace_all=True
        )


class PrerequisiteInline(TabularInline):
    model = Prerequisite
    fk_name = "skill"
    formset = PrerequisiteFormSet
    autocomplete_fields = ["required_skill"]
    fields = ["required_skill", "required_level", "for_level"]
    verbose_name = "prerequisite"
    verbose_name_plural = "prerequisites (reach the required level before this skill's level)"


class RequiredLevelFilter(admin.SimpleListFilter):
    title = "required at level"
    parameter_name = "required_level"

    def lookups(self, request, model_admin):
        return [(str(n), str(n)) for n in range(1, 6)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(requirements__level=self.value()).distinct()
        return queryset


class EstimatedFilter(admin.SimpleListFilter):
    title = "estimated values"
    parameter_name = "estimated"

    def lookups(self, request, model_admin):
        return [("yes", "some levels estimated"), ("no", "none estimated")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(estimated_levels__gt=0)
        if self.value() == "no":
            return queryset.filter(estimated_levels=0)
        return queryset


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "area", "estimated", "is_retired"]
    list_filter = ["area", RequiredLevelFilter, EstimatedFilter, "is_retired"]
    search_fields = ["name", "slug", "description"]
    list_select_related = ["area"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SkillLevelInline, PrerequisiteInline, ResourceInline]

    def get_queryset(self, request):
        estimated = Q(levels__hours_estimated=True) | Q(levels__descriptor_estimated=True)
        return (
            super()
            .get_queryset(request)
            .annotate(estimated_levels=Count("levels", filter=estimated, distinct=True))
        )

    @admin.display(description="estimated", ordering="estimated_levels")
    def estimated(self, skill):
        """Levels whose descriptor or hours came from the curriculum's defaults."""
        count = skill.estimated_levels
        return f"estimated ({count} of 5 levels)" if count else "—"

    def save_related(self, request, form, formsets, change):
        """A skill always has levels 1–5, as in a curriculum file: the levels a curator
        leaves out get the default descriptor and hours, marked estimated."""
        super().save_related(request, form, formsets, change)
        skill = form.instance
        have = set(skill.levels.values_list("level", flat=True))
        SkillLevel.objects.bulk_create(
            SkillLevel(
                skill=skill,
                level=n,
                descriptor=DEFAULT_DESCRIPTORS[n],
                hours=DEFAULT_HOURS[n - 1],
                descriptor_estimated=True,
                hours_estimated=True,
            )
            for n in LEVELS
            if n not in have
        )


@admin.register(Prerequisite)
class PrerequisiteAdmin(admin.ModelAdmin):
    list_display = ["skill", "for_level", "required_skill", "required_level"]
    list_filter = ["for_level", "required_level", "skill__area"]
    search_fields = ["skill__name", "required_skill__name", "skill__slug", "required_skill__slug"]
    autocomplete_fields = ["skill", "required_skill"]
    list_select_related = ["skill", "required_skill"]


class RequirementInline(TabularInline):
    model = Requirement
    autocomplete_fields = ["skill"]
    fields = ["skill", "entry_level", "level", "priority", "position"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "variant_of", "is_retired"]
    list_filter = ["tasks", "is_retired"]
    search_fields = ["name", "slug", "description"]
    autocomplete_fields = ["variant_of"]
    filter_horizontal = ["tasks"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RequirementInline]


class SubtaskInline(StackedInline):
    model = Subtask
    autocomplete_fields = ["skills"]


@admin.register(LifecycleTask)
class LifecycleTaskAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "subtasks__name"]
    inlines = [SubtaskInline]


class ProjectSkillInline(TabularInline):
    model = ProjectSkill
    verbose_name = "skill it exercises"
    verbose_name_plural = "skills it exercises"
    autocomplete_fields = ["skill"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "level", "hours", "is_retired"]
    list_filter = ["level", "skill_levels__skill__area", "is_retired"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProjectSkillInline]
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
    }


class CurriculumUploadForm(forms.Form):
    file = forms.FileField(help_text="A waymark-curriculum file (format 1 or 2), YAML or JSON.")
    merge = forms.BooleanField(
        required=False,
        label="Merge (a module)",
        help_text="Add and update the file's entries and keep every other one. A file that "
        "says 'mode: merge' is merged anyway.",
    )


class CurriculumConfirmForm(forms.Form):
    """The previewed file, sent back to be loaded."""

    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    name = forms.CharField(widget=forms.HiddenInput)
    merge = forms.BooleanField(required=False, widget=forms.HiddenInput)


@admin.register(CurriculumRevision)
class CurriculumRevisionAdmin(admin.ModelAdmin):
    """The curriculum as a whole: its revision, and the file to download or upload."""

    list_display = ["name", "number", "updated_at"]
    readonly_fields = ["name", "number", "updated_at"]
    change_list_template = "admin/curriculum/curriculumrevision/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        own = [
            path(
                "download/",
                self.admin_site.admin_view(self.download_view),
                name="curriculum_download",
            ),
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="curriculum_upload",
            ),
        ]
        return own + super().get_urls()

    def download_view(self, request):
        response = HttpResponse(dump(export_document()), content_type="application/yaml")
        response["Content-Disposition"] = 'attachment; filename="curriculum.yaml"'
        return response

    def upload_view(self, request):
        """Upload, preview exactly what the load would do (a dry run), then confirm."""
        if not request.user.has_perm("curriculum.change_skill"):
            return redirect("admin:index")
        context = {
            **self.admin_site.each_context(request),
            "title": "Upload a curriculum file",
            "opts": self.model._meta,
        }
        if request.method == "POST" and "confirm" in request.POST:
            confirm = CurriculumConfirmForm(request.POST)
            if confirm.is_valid():
                try:
                    report = self._load(confirm.cleaned_data, dry_run=False)
                except CurriculumFileError as error:
                    form = CurriculumUploadForm()
                    for problem in error.errors:
                        form.add_error(None, problem)
                    return render(
                        request, "admin/curriculum/upload.html", {**context, "form": form}
                    )
                messages.success(request, report.summary())
                return redirect(reverse("admin:curriculum_curriculumrevision_changelist"))
        form = CurriculumUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                values = {
                    "text": upload.read().decode("utf-8"),
                    "name": upload.name,
                    "merge": form.cleaned_data["merge"],
                }
                report = self._load(values, dry_run=True)
            except UnicodeDecodeError:
                form.add_error("file", "The file is not UTF-8 text.")
            except CurriculumFileError as error:
                for problem in error.errors:
                    form.add_error("file", problem)
            else:
                context.update(
                    title="Check the curriculum file before loading it",
                    report=report,
                    confirm=CurriculumConfirmForm(initial=values),
                )
                return render(request, "admin/curriculum/preview.html", context)
        return render(request, "admin/curriculum/upload.html", {**context, "form": form})

    @staticmethod
    def _load(values: dict, *, dry_run: bool):
        return load_curriculum_text(
            text=values["text"],
            json_format=values["name"].lower().endswith(".json"),
            merge=values["merge"],
            dry_run=dry_run,
        )
