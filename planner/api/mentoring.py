"""Mentor endpoints: invitations, accepting, the mentee list, a mentee's roadmap, reviews."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import InputSerializer, RowsListView, optional_text
from planner.api.serializers import MenteeRoadmapSerializer, roadmap_data
from planner.engine import MAX_LEVEL
from planner.models import ReviewKind, Roadmap
from planner.selectors import roadmaps as selectors
from planner.selectors.mentoring import learner_mentorships, mentee_rows
from planner.services import mentoring


class InviteSerializer(InputSerializer):
    email = serializers.EmailField()


class MentorshipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    learner = serializers.IntegerField(source="learner_id")
    mentor = serializers.IntegerField(source="mentor_id", allow_null=True)
    email = serializers.EmailField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)


class AcceptSerializer(InputSerializer):
    token = serializers.CharField(
        required=False,
        help_text="The token from the invitation link; without it, only the invited address may accept.",
    )


class MenteeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="learner.pk")
    name = serializers.CharField(source="learner.display_name")
    email = serializers.EmailField(source="learner.email")
    mentorship = serializers.IntegerField(source="mentorship.pk")
    role = serializers.CharField(source="roadmap.role.slug", default=None)
    version = serializers.IntegerField(source="roadmap.version", default=None)
    progress = serializers.FloatField()
    state = serializers.CharField(source="roadmap.state", default=None)
    state_weeks = serializers.FloatField(source="roadmap.state_weeks", default=None)
    last_activity_at = serializers.DateTimeField(allow_null=True)
    pending_evidence = serializers.IntegerField()


class ReviewCreateSerializer(InputSerializer):
    kind = serializers.ChoiceField(choices=ReviewKind.choices)
    item = serializers.IntegerField(required=False, allow_null=True)
    comment = optional_text(5000)
    skill = serializers.SlugField(required=False, allow_null=True)
    level = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=MAX_LEVEL
    )
    evidence = serializers.IntegerField(required=False, allow_null=True)


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    item = serializers.IntegerField(source="item_id", allow_null=True)
    item_key = serializers.CharField()
    skill = serializers.CharField(source="skill.slug", default=None)
    level = serializers.IntegerField(allow_null=True)
    evidence = serializers.IntegerField(source="evidence_id", allow_null=True)
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()


class MyMentorsView(RowsListView):
    """The learner's mentorships; POST invites a mentor by email (the email has the link)."""

    serializer_class = MentorshipSerializer

    def rows(self):
        return learner_mentorships(self.request.user)

    @extend_schema(request=InviteSerializer, responses={201: MentorshipSerializer})
    def post(self, request):
        values = InviteSerializer.read(request)
        mentorship = mentoring.invite_mentor(learner=request.user, email=values["email"])
        return Response(MentorshipSerializer(mentorship).data, status=status.HTTP_201_CREATED)


class MyMentorView(APIView):
    """DELETE ends the mentorship (or withdraws the invitation)."""

    @extend_schema(responses=MentorshipSerializer)
    def delete(self, request, mentorship_id: int):
        ended = mentoring.end_mentorship(learner=request.user, mentorship_id=mentorship_id)
        return Response(MentorshipSerializer(ended).data)


class AcceptView(APIView):
    @extend_schema(request=AcceptSerializer, responses=MentorshipSerializer)
    def post(self, request, mentorship_id: int):
        values = AcceptSerializer.read(request)
        token = values.get("token")
        if token is not None:
            # The token must belong to this very invitation.
            invitation = mentoring.invitation(token)
            if invitation.pk != mentorship_id:
                raise Http404
        mentorship = mentoring.accept_mentorship(
            mentor=request.user, token=token, mentorship_id=None if token else mentorship_id
        )
        return Response(MentorshipSerializer(mentorship).data)


class MenteesView(RowsListView):
    """The mentor's active mentees with progress, on-track status and pending evidence."""

    serializer_class = MenteeSerializer

    def rows(self):
        return mentee_rows(self.request.user)


class MenteeRoadmapView(APIView):
    @extend_schema(responses=MenteeRoadmapSerializer)
    def get(self, request, learner_id: int):
        # Rendered for the mentor, not read from the learner's stored rendering: that one
        # holds the learner's private notes.
        mentorship = mentoring.active_mentorship(mentor=request.user, learner_id=learner_id)
        roadmap = Roadmap.objects.current(mentorship.learner)
        if roadmap is None:
            raise Http404("This learner has no roadmap yet.")
        return Response(roadmap_data(selectors.roadmap_view(roadmap), private=False))


class MenteeReviewsView(APIView):
    @extend_schema(request=ReviewCreateSerializer, responses={201: ReviewSerializer})
    def post(self, request, learner_id: int):
        # 404 before validating anything, so a stranger learns nothing from error messages.
        mentoring.active_mentorship(mentor=request.user, learner_id=learner_id)
        values = ReviewCreateSerializer.read(request)
        review = mentoring.add_review(
            mentor=request.user,
            learner_id=learner_id,
            kind=values["kind"],
            item_id=values.get("item"),
            comment=values.get("comment", ""),
            skill=values.get("skill"),
            level=values.get("level"),
            evidence_id=values.get("evidence"),
        )
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)
