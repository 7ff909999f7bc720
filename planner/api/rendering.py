"""Stored roadmaps rendered to JSON once per change, not once per request.

Reading a roadmap is the hottest request of the product. Its JSON is kept on the row
(``Roadmap.rendered``), cleared by every change of what it shows (``mark_changed``), and made
again by the first read after: a read is then one small query most of the time.
"""

from django.http import Http404, HttpResponse
from rest_framework.renderers import JSONRenderer

from config.precompiled import Precompiled
from planner.api.serializers import roadmap_data
from planner.models import Roadmap
from planner.selectors import roadmaps as selectors


def render_roadmap(roadmap: Roadmap) -> str:
    """The roadmap's JSON, stored for the next reads unless it changed meanwhile."""
    body = JSONRenderer().render(roadmap_data(selectors.roadmap_view(roadmap))).decode()
    Roadmap.objects.filter(pk=roadmap.pk, changed_at=roadmap.changed_at).update(rendered=body)
    return body


def roadmap_response(roadmap: Roadmap, status: int = 200) -> HttpResponse:
    body = roadmap.rendered or render_roadmap(roadmap)
    return HttpResponse(body, status=status, content_type="application/json")


CURRENT_RENDERING = Precompiled(
    lambda user_id: Roadmap.objects.versions(user_id).values_list("pk", "rendered")[:1],
    placeholder=0,
)


def current_roadmap_response(user) -> HttpResponse:
    """The learner's current roadmap, reading as little as a stored rendering allows."""
    row = CURRENT_RENDERING.first_row(user.pk)
    if row is None:
        raise Http404("You have no roadmap yet: choose a target role and build one.")
    pk, rendered = row
    if rendered is not None:
        return HttpResponse(rendered, content_type="application/json")
    return roadmap_response(Roadmap.objects.select_related("role").get(pk=pk))
