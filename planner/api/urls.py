from django.urls import include, path

from planner.api import mentoring, own_resources, review_requests, views

app_name = "planner"

# One step of the roadmap: its status and note, a review request, the learner's resources.
item_urls = [
    path("", views.RoadmapItemView.as_view(), name="roadmap-item"),
    path(
        "review-request/",
        review_requests.ItemReviewRequestView.as_view(),
        name="item-review-request",
    ),
    path("resources/", own_resources.OwnResourcesView.as_view(), name="own-resources"),
]

# The learner's current roadmap.
roadmap_urls = [
    path("", views.CurrentRoadmapView.as_view(), name="roadmap"),
    path("items/<id:item_id>/", include(item_urls)),
    path(
        "resources/<id:resource_id>/", own_resources.OwnResourceView.as_view(), name="own-resource"
    ),
]

# Every version of the learner's roadmap.
versions_urls = [
    path("", views.RoadmapsView.as_view(), name="roadmaps"),
    path("<id:version>/", views.RoadmapVersionView.as_view(), name="roadmap-version"),
    path("<id:version>/diff/", views.RoadmapDiffView.as_view(), name="roadmap-diff"),
]

# The steps the learner asked their mentors to review.
my_review_requests_urls = [
    path("", review_requests.MyReviewRequestsView.as_view(), name="my-review-requests"),
    path(
        "<id:request_id>/", review_requests.MyReviewRequestView.as_view(), name="my-review-request"
    ),
]

# The signed-in learner.
me_urls = [
    path("", views.MeView.as_view(), name="me"),
    path("skills/", views.MySkillsView.as_view(), name="my-skills"),
    path("roadmap/", include(roadmap_urls)),
    path("roadmap.ics", views.RoadmapCalendarView.as_view(), name="roadmap-ics"),
    path("roadmaps/", include(versions_urls)),
    path("role-fit/", views.RoleFitView.as_view(), name="role-fit"),
    path("mentors/", mentoring.MyMentorsView.as_view(), name="my-mentors"),
    path("mentors/<id:mentorship_id>/", mentoring.MyMentorView.as_view(), name="my-mentor"),
    path("review-requests/", include(my_review_requests_urls)),
]

# The steps a mentor's mentees asked them to review, and their answers.
review_queue_urls = [
    path("", review_requests.ReviewQueueView.as_view(), name="review-queue"),
    path(
        "<id:request_id>/answer/", review_requests.ReviewAnswerView.as_view(), name="review-answer"
    ),
    path("<id:request_id>/undo/", review_requests.ReviewUndoView.as_view(), name="review-undo"),
]

# A mentor's mentees.
mentees_urls = [
    path("", mentoring.MenteesView.as_view(), name="mentees"),
    path("<id:learner_id>/roadmap/", mentoring.MenteeRoadmapView.as_view(), name="mentee-roadmap"),
    path("<id:learner_id>/reviews/", mentoring.MenteeReviewsView.as_view(), name="mentee-reviews"),
    path("review-requests/", include(review_queue_urls)),
]

urlpatterns = [
    path("me/", include(me_urls)),
    path("plans/preview/", views.PreviewView.as_view(), name="preview"),
    path(
        "mentorships/<id:mentorship_id>/accept/",
        mentoring.AcceptView.as_view(),
        name="mentorship-accept",
    ),
    path("mentees/", include(mentees_urls)),
]
