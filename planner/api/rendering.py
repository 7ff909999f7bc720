"""Stored roadmaps rendered to JSON once per change, not once per request.

Reading a roadmap is the hottest request of the product. The rendering is cached under a
key made of the roadmap, the moment what it shows last changed (``Roadmap.changed_at``) and
the curriculum revision (skill and project names come from the curriculum), so a cached
body can never be out of date: a change makes a new key, and the old one ages out.
"""

from django.core.cache import caches
from django.http import HttpResponse
from rest_framework.renderers import JSONRenderer

from curriculum.revision import current_revision
from planner import selectors
from planner.api.serializers import roadmap_data
from planner.models import Roadmap

TIMEOUT = 24 * 3600


def roadmap_json(roadmap: Roadmap) -> bytes:
    cache = caches["roadmaps"]
    key = f"roadmap:{roadmap.pk}:{roadmap.changed_at.timestamp()}:{current_revision()}"
    body = cache.get(key)
    if body is None:
        body = JSONRenderer().render(roadmap_data(selectors.roadmap_view(roadmap)))
        cache.set(key, body, TIMEOUT)
    return body


def roadmap_response(roadmap: Roadmap, status: int = 200) -> HttpResponse:
    return HttpResponse(roadmap_json(roadmap), status=status, content_type="application/json")
