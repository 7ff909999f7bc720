"""The learner's calendar: a private feed URL (the secret is in the URL, for calendar apps
that cannot log in) and a way to replace it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from planner.calendar import learner_calendar
from planner.models import Roadmap
from planner.selectors import roadmaps as selectors
from planner.selectors.learners import calendar_feed_token, learner_by_calendar_token
from planner.services.learners import new_calendar_link


@require_GET
def feed(request, token: str):
    """The feed a calendar app subscribes to; 404 once the learner made a new link."""
    user = learner_by_calendar_token(token)
    roadmap = Roadmap.objects.current(user) if user else None
    if roadmap is None:
        raise Http404("No such calendar.")
    body = learner_calendar(user, selectors.roadmap_view(roadmap))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="waymark.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def rotate(request):
    """Replace the feed URL: calendars subscribed with the old one stop updating."""
    new_calendar_link(user=request.user)
    messages.success(request, "Your calendar link was replaced: subscribe again with the new one.")
    return redirect(reverse("planner:roadmap") + "#calendar")


def feed_url(request, user) -> str:
    return request.build_absolute_uri(
        reverse("planner:calendar-feed", args=[calendar_feed_token(user)])
    )
