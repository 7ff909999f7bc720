from django.urls import path

from planner.api import mentoring as mentoring_api, own_resources as own_resources_api, views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path("me/skills/", views.MySkillsView.as_view(), name="api-my-skills"),
    path("me/roadmaps/", views.RoadmapsView.as_view(), name="api-roadmaps"),
    path("me/roadmap/", views.CurrentRoadmapView.as_view(), name="api-roadmap"),
    path("me/roadmap.ics", views.RoadmapCalendarView.as_view(), name="api-roadmap-ics"),
    path(
        "me/roadmap/items/<id:item_id>/", views.RoadmapItemView.as_view(), name="api-roadmap-item"
    ),
    path(
        "me/roadmap/items/<id:item_id>/resources/",
        own_resources_api.OwnResourcesView.as_view(),
        name="api-own-resources",
    ),
    path(
        "me/roadmap/resources/<id:resource_id>/",
        own_resources_api.OwnResourceView.as_view(),
        name="api-own-resource",
    ),
    path(
        "me/roadmaps/<id:version>/", views.RoadmapVersionView.as_view(), name="api-roadmap-version"
    ),
    path(
        "me/roadmaps/<id:version>/diff/", views.RoadmapDiffView.as_view(), name="api-roadmap-diff"
    ),
    path("me/role-fit/", views.RoleFitView.as_view(), name="api-role-fit"),
    path("plans/preview/", views.PreviewView.as_view(), name="api-preview"),
    path("me/mentors/", mentoring_api.MyMentorsView.as_view(), name="api-my-mentors"),
    path(
        "me/mentors/<id:mentorship_id>/",
        mentoring_api.MyMentorView.as_view(),
        name="api-my-mentor",
    ),
    path(
        "mentorships/<id:mentorship_id>/accept/",
        mentoring_api.AcceptView.as_view(),
        name="api-mentorship-accept",
    ),
    path("mentees/", mentoring_api.MenteesView.as_view(), name="api-mentees"),
    path(
        "mentees/<id:learner_id>/roadmap/",
        mentoring_api.MenteeRoadmapView.as_view(),
        name="api-mentee-roadmap",
    ),
    path(
        "mentees/<id:learner_id>/reviews/",
        mentoring_api.MenteeReviewsView.as_view(),
        name="api-mentee-reviews",
    ),
]
