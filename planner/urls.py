from django.urls import path

from planner.views import calendar, mentoring, onboarding, public, roadmap
from planner.views.reminders import change_or_stop

app_name = "planner"

urlpatterns = [
    path("", public.home, name="home"),
    path("roles/", public.roles, name="roles"),
    path("roles/switch/", public.switch_role, name="role-switch"),
    path("onboarding/", onboarding.goal, name="onboarding"),
    path("onboarding/skills/", onboarding.skills, name="onboarding-skills"),
    path("roadmap/", roadmap.roadmap, name="roadmap"),
    path("roadmap/versions/<id:version>/", roadmap.roadmap_version, name="roadmap-version"),
    path("roadmap/items/<id:item_id>/status/", roadmap.item_status, name="item-status"),
    path("roadmap/items/<id:item_id>/note/", roadmap.item_note, name="item-note"),
    path("roadmap/items/<id:item_id>/evidence/", roadmap.item_evidence, name="item-evidence"),
    path(
        "roadmap/items/<id:item_id>/review-request/",
        roadmap.item_review_request,
        name="item-review-request",
    ),
    path(
        "roadmap/evidence/<id:attachment_id>/delete/",
        roadmap.attachment_delete,
        {"kind": "evidence"},
        name="evidence-delete",
    ),
    path("calendar/<str:token>.ics", calendar.feed, name="calendar-feed"),
    path("calendar/new-link/", calendar.rotate, name="calendar-rotate"),
    path("roadmap/items/<id:item_id>/resources/", roadmap.item_resource, name="item-resource"),
    path(
        "roadmap/resources/<id:attachment_id>/delete/",
        roadmap.attachment_delete,
        {"kind": "resource"},
        name="own-resource-delete",
    ),
    path("mentors/", mentoring.mentors, name="mentors"),
    path("mentors/<id:mentorship_id>/end/", mentoring.end_mentorship, name="mentor-end"),
    path("mentors/accept/<token:token>/", mentoring.accept, name="mentor-accept"),
    path("mentees/", mentoring.mentees, name="mentees"),
    path("mentees/reviews/", mentoring.queue, name="review-queue"),
    path("mentees/reviews/<id:request_id>/answer/", mentoring.answer, name="review-answer"),
    path("mentees/reviews/<id:request_id>/undo/", mentoring.undo, name="review-undo"),
    path(
        "mentees/invitations/<id:mentorship_id>/accept/",
        mentoring.accept_invitation,
        name="invitation-accept",
    ),
    path("mentees/<id:learner_id>/end/", mentoring.end_as_mentor, name="mentee-end"),
    path("mentees/<id:learner_id>/", mentoring.mentee, name="mentee"),
    path("mentees/<id:learner_id>/reviews/", mentoring.review, name="mentee-review"),
    path(
        "mentees/<id:learner_id>/reviews/<id:review_id>/undo/",
        mentoring.review_undo,
        name="mentee-review-undo",
    ),
    # The change-or-stop link of reminder emails.
    path("reminders/stop/<token:token>/", change_or_stop, name="reminders-stop"),
]
