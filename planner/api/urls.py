from django.urls import path

from planner.api import (
    mentoring as mentoring_api,
    own_resources as own_resources_api,
    review_requests as review_requests_api,
    views,
)

app_name = "planner"

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("me/skills/", views.MySkillsView.as_view(), name="my-skills"),
    path("me/roadmaps/", views.RoadmapsView.as_view(), name="roadmaps"),
    path("me/roadmap/", views.CurrentRoadmapView.as_view(), name="roadmap"),
    path("me/roadmap.ics", views.RoadmapCalendarView.as_view(), name="roadmap-ics"),
    path("me/roadmap/items/<id:item_id>/", views.RoadmapItemView.as_view(), name="roadmap-item"),
    path(
        "me/roadmap/items/<id:item_id>/resources/",
        own_resources_api.OwnResourcesView.as_view(),
        name="own-resources",
    ),
    path(
        "me/roadmap/items/<id:item_id>/review-request/",
        review_requests_api.ItemReviewRequestView.as_view(),
        name="item-review-request",
    ),
    path(
        "me/review-requests/",
        review_requests_api.MyReviewRequestsView.as_view(),
        name="my-review-requests",
    ),
    path(
        "me/review-requests/<id:request_id>/",
        review_requests_api.MyReviewRequestView.as_view(),
        name="my-review-request",
    ),
    path(
        "me/roadmap/resources/<id:resource_id>/",
        own_resources_api.OwnResourceView.as_view(),
        name="own-resource",
    ),
    path("me/roadmaps/<id:version>/", views.RoadmapVersionView.as_view(), name="roadmap-version"),
    path("me/roadmaps/<id:version>/diff/", views.RoadmapDiffView.as_view(), name="roadmap-diff"),
    path("me/role-fit/", views.RoleFitView.as_view(), name="role-fit"),
    path("plans/preview/", views.PreviewView.as_view(), name="preview"),
    path("me/mentors/", mentoring_api.MyMentorsView.as_view(), name="my-mentors"),
    path(
        "me/mentors/<id:mentorship_id>/",
        mentoring_api.MyMentorView.as_view(),
        name="my-mentor",
    ),
    path(
        "mentorships/<id:mentorship_id>/accept/",
        mentoring_api.AcceptView.as_view(),
        name="mentorship-accept",
    ),
    path("mentees/", mentoring_api.MenteesView.as_view(), name="mentees"),
    path(
        "mentees/review-requests/",
        review_requests_api.ReviewQueueView.as_view(),
        name="review-queue",
    ),
    path(
        "mentees/review-requests/<id:request_id>/answer/",
        review_requests_api.ReviewAnswerView.as_view(),
        name="review-answer",
    ),
    path(
        "mentees/review-requests/<id:request_id>/undo/",
        review_requests_api.ReviewUndoView.as_view(),
        name="review-undo",
    ),
    path(
        "mentees/<id:learner_id>/roadmap/",
        mentoring_api.MenteeRoadmapView.as_view(),
        name="mentee-roadmap",
    ),
    path(
        "mentees/<id:learner_id>/reviews/",
        mentoring_api.MenteeReviewsView.as_view(),
        name="mentee-reviews",
    ),
]
