"""The learner's own profile, levels and roadmaps, and the anonymous preview."""

from django.db import transaction
from django.http import Http404, HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.services import update_account
from config.api import AnonSensitiveThrottle, RowsListView
from planner import services
from planner.api import serializers as s
from planner.api.rendering import (
    current_roadmap_response,
    roadmap_response,
    stored_read_response,
)
from planner.calendar import learner_calendar
from planner.engine import role_fit
from planner.models import LearnerSkill, Roadmap
from planner.selectors import roadmaps as selectors
from planner.selectors.learners import learner_profile
from planner.services.learners import current_levels
from planner.snapshot import curriculum_graph_for

ACCOUNT_FIELDS = ("name", "timezone", "reminder_weekday", "reminder_hour")


def _profile_data(user) -> dict:
    profile = learner_profile(user)
    return {
        "email": user.email,
        "email_confirmed": user.email_confirmed_at is not None,
        "name": user.name,
        "timezone": user.timezone,
        "weekly_hours": profile.weekly_hours,
        "target_role": profile.target_role,
        "start_date": profile.start_date,
        "target_date": profile.target_date,
        "include_nice_to_have": profile.include_nice_to_have,
        "reminder_weekday": user.reminder_weekday,
        "reminder_hour": user.reminder_hour,
    }


class MeView(APIView):
    @extend_schema(responses=s.ProfileSerializer)
    def get(self, request):
        return Response(s.ProfileSerializer(_profile_data(request.user)).data)

    @extend_schema(request=s.ProfileSerializer, responses=s.ProfileSerializer)
    @transaction.atomic
    def patch(self, request):
        values = dict(s.ProfileSerializer.read(request, partial=True))
        account = {k: values.pop(k) for k in ACCOUNT_FIELDS if k in values}
        update_account(user=request.user, **account)
        services.update_profile(user=request.user, **values)
        return Response(s.ProfileSerializer(_profile_data(request.user)).data)


class MySkillsView(APIView):
    """The learner's current levels; PUT replaces the whole self-assessment."""

    def _levels(self, user):
        rows = LearnerSkill.objects.filter(user=user, level__gt=0).values(
            "skill__slug", "level", "source"
        )
        return [
            {"skill": r["skill__slug"], "level": r["level"], "source": r["source"]} for r in rows
        ]

    @extend_schema(responses=s.SkillLevelSerializer(many=True))
    def get(self, request):
        return Response(self._levels(request.user))

    @extend_schema(
        request=s.SkillLevelSerializer(many=True), responses=s.SkillLevelSerializer(many=True)
    )
    def put(self, request):
        values = s.SkillLevelSerializer.read(request, many=True)
        levels = {row["skill"]: row["level"] for row in values}
        services.set_skill_levels(user=request.user, levels=levels, replace=True)
        return Response(self._levels(request.user))


class RoadmapsView(generics.GenericAPIView):
    serializer_class = s.RoadmapVersionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Roadmap.objects.none()
        return Roadmap.objects.versions(self.request.user).select_related("role")

    @extend_schema(responses=s.RoadmapVersionSerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=None, responses={201: s.RoadmapSerializer})
    def post(self, request):
        roadmap = services.build_roadmap(user=request.user)
        return roadmap_response(roadmap, status.HTTP_201_CREATED)


class CurrentRoadmapView(APIView):
    def dispatch(self, request, *args, **kwargs):
        # The hottest read: a client with a token gets the stored rendering after one query
        # (the first read after a change renders it there), without the framework's request
        # wrapping, authenticators and negotiation; any other request (session, bad token,
        # no roadmap) takes the full view below.
        if request.method == "GET":
            response = stored_read_response(request)
            if response is not None:
                return response
        return super().dispatch(request, *args, **kwargs)

    @extend_schema(
        responses={200: s.RoadmapSerializer, 404: OpenApiResponse(description="No roadmap yet")}
    )
    def get(self, request):
        return current_roadmap_response(request.user)


class RoadmapVersionView(APIView):
    @extend_schema(responses=s.RoadmapSerializer)
    def get(self, request, version: int):
        return roadmap_response(selectors.roadmap_version(request.user, version))


class RoadmapDiffView(APIView):
    @extend_schema(responses=s.DiffSerializer)
    def get(self, request, version: int):
        roadmap = selectors.roadmap_version(request.user, version)
        diff = roadmap.diff or {}
        return Response(
            s.DiffSerializer(
                {
                    "version": roadmap.version,
                    "previous_version": roadmap.version - 1 if roadmap.version > 1 else None,
                    "reason": roadmap.reason,
                    "finish": diff.get("finish"),
                    "job_ready": diff.get("job_ready"),
                    "inputs": diff.get("inputs", {}),
                    "added": diff.get("added", []),
                    "removed": diff.get("removed", []),
                    "moved": diff.get("moved", []),
                    "shifted_slightly": diff.get("shifted_slightly", 0),
                }
            ).data
        )


class RoadmapItemView(APIView):
    @extend_schema(request=s.ItemUpdateSerializer, responses=s.ItemSerializer)
    def patch(self, request, item_id: int):
        values = s.ItemUpdateSerializer.read(request)
        item = services.update_item(user=request.user, item_id=item_id, **values)
        view = selectors.roadmap_view(item.roadmap)
        return Response(s.item_data(next(i for i in view.items if i.id == item.pk)))


class RoleFitView(RowsListView):
    """Every role, ranked by the hours the learner still needs to be ready for it."""

    serializer_class = s.RoleFitSerializer

    def rows(self):
        profile = learner_profile(self.request.user)
        levels = current_levels(self.request.user)
        return role_fit(
            curriculum_graph_for(levels),
            levels,
            profile.include_nice_to_have,
            profile.weekly_hours,
        )


class RoadmapCalendarView(APIView):
    @extend_schema(
        responses={(200, "text/calendar"): OpenApiResponse(description="iCalendar file")}
    )
    def get(self, request):
        roadmap = Roadmap.objects.current(request.user)
        if roadmap is None:
            raise Http404("You have no roadmap yet.")
        body = learner_calendar(request.user, selectors.roadmap_view(roadmap))
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="waymark-roadmap.ics"'
        return response


class PreviewView(APIView):
    """A roadmap for anyone, without an account; nothing is stored."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [AnonSensitiveThrottle]

    @extend_schema(request=s.PreviewInputSerializer, responses=s.RoadmapSerializer)
    def post(self, request):
        values = s.PreviewInputSerializer.read(request)
        plan, learner = services.preview_plan(**values)
        return Response(s.roadmap_data(selectors.plan_view(plan, learner)))
