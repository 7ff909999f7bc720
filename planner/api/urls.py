from django.urls import path

from planner.api import views

urlpatterns = [
    path("me/", views.MeView.as_view(), name="api-me"),
    path("me/skills/", views.MySkillsView.as_view(), name="api-my-skills"),
    path("me/roadmaps/", views.RoadmapsView.as_view(), name="api-roadmaps"),
    path("me/roadmap/", views.CurrentRoadmapView.as_view(), name="api-roadmap"),
    path("me/roadmap.ics", views.RoadmapCalendarView.as_view(), name="api-roadmap-ics"),
    path(
        "me/roadmap/items/<int:item_id>/", views.RoadmapItemView.as_view(), name="api-roadmap-item"
    ),
    path(
        "me/roadmaps/<int:version>/", views.RoadmapVersionView.as_view(), name="api-roadmap-version"
    ),
    path(
        "me/roadmaps/<int:version>/diff/", views.RoadmapDiffView.as_view(), name="api-roadmap-diff"
    ),
    path("me/role-fit/", views.RoleFitView.as_view(), name="api-role-fit"),
    path("plans/preview/", views.PreviewView.as_view(), name="api-preview"),
]
