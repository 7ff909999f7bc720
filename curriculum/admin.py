"""Curators' admin: search, filters, autocomplete, inlines, and the curriculum file."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from curriculum.exchange import CurriculumFileError
from curriculum.exchange.export import dump, export_document
from curriculum.models import (
    Area,
    CurriculumRevision,
    LifecycleTask,
    Prerequisite,
    Project,
    ProjectSkill,
    Requirement,
    Role,
    Skill,
    SkillLevel,
    Subtask,
    check_prerequisites_close_no_cycle,
)
from curriculum.services import load_curriculum_text


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class SkillLevelInline(admin.TabularInline):
    model = SkillLevel
    extra = 0
    max_num = 5
    fields = ["level", "descriptor", "hours"]


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


class PrerequisiteInline(admin.TabularInline):
    model = Prerequisite
    fk_name = "skill"
    formset = PrerequisiteFormSet
    extra = 0
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


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "area", "is_retired"]
    list_filter = ["area", RequiredLevelFilter, "is_retired"]
    search_fields = ["name", "slug", "description"]
    list_select_related = ["area"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SkillLevelInline, PrerequisiteInline]


@admin.register(Prerequisite)
class PrerequisiteAdmin(admin.ModelAdmin):
    list_display = ["skill", "for_level", "required_skill", "required_level"]
    list_filter = ["for_level", "required_level", "skill__area"]
    search_fields = ["skill__name", "required_skill__name", "skill__slug", "required_skill__slug"]
    autocomplete_fields = ["skill", "required_skill"]
    list_select_related = ["skill", "required_skill"]


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0
    autocomplete_fields = ["skill"]
    fields = ["skill", "level", "priority", "position"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "variant_of", "is_retired"]
    list_filter = ["tasks", "is_retired"]
    search_fields = ["name", "slug", "description"]
    autocomplete_fields = ["variant_of"]
    filter_horizontal = ["tasks"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RequirementInline]


class SubtaskInline(admin.StackedInline):
    model = Subtask
    extra = 0
    autocomplete_fields = ["skills"]


@admin.register(LifecycleTask)
class LifecycleTaskAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "subtasks__name"]
    inlines = [SubtaskInline]


class ProjectSkillInline(admin.TabularInline):
    model = ProjectSkill
    extra = 0
    autocomplete_fields = ["skill"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "level", "hours", "is_retired"]
    list_filter = ["level", "skill_levels__skill__area", "is_retired"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProjectSkillInline]


class CurriculumUploadForm(forms.Form):
    file = forms.FileField(help_text="A waymark-curriculum/1 file, YAML or JSON.")


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
        if not request.user.has_perm("curriculum.change_skill"):
            return redirect("admin:index")
        form = CurriculumUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                text = upload.read().decode("utf-8")
                report = load_curriculum_text(
                    text=text, json_format=upload.name.lower().endswith(".json")
                )
            except UnicodeDecodeError:
                form.add_error("file", "The file is not UTF-8 text.")
            except CurriculumFileError as error:
                for problem in error.errors:
                    form.add_error("file", problem)
            else:
                messages.success(request, report.summary())
                return redirect(reverse("admin:curriculum_curriculumrevision_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": "Upload a curriculum file",
            "opts": self.model._meta,
        }
        return render(request, "admin/curriculum/upload.html", context)
