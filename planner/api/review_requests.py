"""Review requests: a learner asks their mentors to look at a step; a mentor answers from a
queue across mentees and may undo the answer for a short while. The same services as the
pages (planner/services/review_requests.py)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import InputSerializer, RowsListView, optional_text
from planner.models import ReviewRequestStatus
from planner.selectors.mentoring import learner_review_requests, request_entries, review_queue
from planner.services import review_requests as service

CONFLICT = OpenApiResponse(
    description="The item belongs to an older version of the plan and its step is no longer "
    "in the current one: nothing was changed. Read the current roadmap."
)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="display_name")


class EvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    note = serializers.CharField()
    verified = serializers.SerializerMethodField()

    def get_verified(self, evidence) -> bool:
        return evidence.verified_at is not None


class ReviewRequestSerializer(serializers.Serializer):
    """A request with the step it names in the learner's current plan."""

    id = serializers.IntegerField(source="request.pk")
    learner = PersonSerializer(source="request.learner")
    item = serializers.IntegerField(
        source="item.pk",
        default=None,
        allow_null=True,
        help_text="The step's item in the learner's current plan; null when it left the plan.",
    )
    item_key = serializers.CharField(source="request.item_key")
    label = serializers.CharField(source="request.label")
    message = serializers.CharField(source="request.message")
    status = serializers.ChoiceField(source="request.status", choices=ReviewRequestStatus.choices)
    comment = serializers.CharField(source="request.comment")
    answered_by = PersonSerializer(source="request.answered_by", allow_null=True)
    answered_at = serializers.DateTimeField(source="request.answered_at", allow_null=True)
    created_at = serializers.DateTimeField(source="request.created_at")
    can_undo = serializers.BooleanField(
        help_text=f"The answer can still be undone ({service.UNDO_MINUTES} minutes after it was given)."
    )
    evidence = EvidenceSerializer(many=True, help_text="The links on the step.")


class RequestCreateSerializer(InputSerializer):
    message = optional_text(2000, "What the mentor should look at.")
    evidence_url = optional_text(
        500, "A link to the work (http or https), added to the step's evidence."
    )
    evidence_note = optional_text(300, "What the link shows.")


class AnswerSerializer(InputSerializer):
    verdict = serializers.ChoiceField(choices=service.VERDICTS)
    comment = optional_text(5000, "Required with needs_work: what needs more work.")
    confirm = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Verify a skill step the learner has not started (it changes their plan); "
        "without it such an answer is a 400 naming confirm.",
    )


def _entry_data(request) -> dict:
    return ReviewRequestSerializer(request_entries([request])[0]).data


class ItemReviewRequestView(APIView):
    """POST asks the learner's mentors to review a step of their roadmap (one open request
    per step: asking again updates its message). An item id of an older version applies to
    the same step in the current one."""

    @extend_schema(
        request=RequestCreateSerializer,
        responses={201: ReviewRequestSerializer, 409: CONFLICT},
    )
    def post(self, request, item_id: int):
        values = RequestCreateSerializer.read(request)
        asked = service.request_review(learner=request.user, item_id=item_id, **values)
        return Response(_entry_data(asked), status=status.HTTP_201_CREATED)


class MyReviewRequestsView(RowsListView):
    """The learner's own review requests, newest first (withdrawn ones left out)."""

    serializer_class = ReviewRequestSerializer

    def rows(self):
        return learner_review_requests(self.request.user)


class MyReviewRequestView(APIView):
    """DELETE withdraws a request nobody has answered yet."""

    @extend_schema(responses={200: ReviewRequestSerializer})
    def delete(self, request, request_id: int):
        withdrawn = service.withdraw_review_request(learner=request.user, request_id=request_id)
        return Response(_entry_data(withdrawn))


class ReviewQueueView(RowsListView):
    """The mentor's queue across mentees: open requests, oldest first, then this mentor's
    answers of the last two hours, newest first (``can_undo`` says which can be undone)."""

    serializer_class = ReviewRequestSerializer

    def rows(self):
        waiting, answered = review_queue(self.request.user)
        return waiting + answered


class ReviewAnswerView(APIView):
    """POST answers a request of one of the mentor's mentees: verified (the step's level and
    links verified) or needs_work (with a comment the learner sees on the step)."""

    @extend_schema(request=AnswerSerializer, responses=ReviewRequestSerializer)
    def post(self, request, request_id: int):
        values = AnswerSerializer.read(request)
        answered = service.answer_review_request(
            mentor=request.user,
            request_id=request_id,
            verdict=values["verdict"],
            comment=values["comment"],
            confirmed=values["confirm"],
        )
        return Response(_entry_data(answered))


class ReviewUndoView(APIView):
    """POST takes the mentor's answer back within the undo window (10 minutes, as on the
    pages): the request waits in the queue again."""

    @extend_schema(request=None, responses=ReviewRequestSerializer)
    def post(self, request, request_id: int):
        undone = service.undo_answer(mentor=request.user, request_id=request_id)
        return Response(_entry_data(undone))
