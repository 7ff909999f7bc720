from django.urls import include, path

from planner.views import calendar, mentoring, onboarding, public, roadmap
from planner.views.reminders import change_or_stop

app_name = "planner"

# The forms on one step's card.
step_urls = [
    path("status/", roadmap.item_status, name="item-status"),
    path("note/", roadmap.item_note, name="item-note"),
    path("evidence/", roadmap.item_evidence, name="item-evidence"),
    path("resources/", roadmap.item_resource, name="item-resource"),
    path("review-request/", roadmap.item_review_request, name="item-review-request"),
]

roadmap_urls = [
    # What the learner attached to a step: one view removes either kind.
    path(
        "evidence/<id:attachment_id>/delete/",
        roadmap.attachment_delete,
        {"kind": "evidence"},
        name="evidence-delete",
    ),
    path(
        "resources/<id:attachment_id>/delete/",
        roadmap.attachment_delete,
        {"kind": "resource"},
        name="own-resource-delete",
    ),
    path("", roadmap.roadmap, name="roadmap"),
    path("versions/<id:version>/", roadmap.roadmap_version, name="roadmap-version"),
    path("items/<id:item_id>/", include(step_urls)),
]

# One mentee, as their mentor sees them.
mentee_urls = [
    path("", mentoring.mentee, name="mentee"),
    path("end/", mentoring.end_as_mentor, name="mentee-end"),
    path("reviews/", mentoring.review, name="mentee-review"),
    path("reviews/<id:review_id>/undo/", mentoring.review_undo, name="mentee-review-undo"),
]

# The steps a mentor's mentees asked them to review, and their answers.
review_queue_urls = [
    path("", mentoring.queue, name="review-queue"),
    path("<id:request_id>/answer/", mentoring.answer, name="review-answer"),
    path("<id:request_id>/undo/", mentoring.undo, name="review-undo"),
]

mentees_urls = [
    path("", mentoring.mentees, name="mentees"),
    path("<id:learner_id>/", include(mentee_urls)),
    path("reviews/", include(review_queue_urls)),
    path(
        "invitations/<id:mentorship_id>/accept/",
        mentoring.accept_invitation,
        name="invitation-accept",
    ),
]

urlpatterns = [
    path("", public.home, name="home"),
    path("roadmap/", include(roadmap_urls)),
    path("roles/", public.roles, name="roles"),
    path("roles/switch/", public.switch_role, name="role-switch"),
    path("onboarding/", onboarding.goal, name="onboarding"),
    path("onboarding/skills/", onboarding.skills, name="onboarding-skills"),
    path("calendar/<str:token>.ics", calendar.feed, name="calendar-feed"),
    path("calendar/new-link/", calendar.rotate, name="calendar-rotate"),
    # A learner's mentors, and the link an invited mentor follows.
    path("mentors/", mentoring.mentors, name="mentors"),
    path("mentors/<id:mentorship_id>/end/", mentoring.end_mentorship, name="mentor-end"),
    path("mentors/accept/<token:token>/", mentoring.accept, name="mentor-accept"),
    path("mentees/", include(mentees_urls)),
    # The change-or-stop link of reminder emails.
    path("reminders/stop/<token:token>/", change_or_stop, name="reminders-stop"),
]
