"""Stored roadmaps rendered to JSON once per change, not once per request.

Reading a roadmap is the hottest request of the product. Its JSON is kept on the row
(``Roadmap.rendered``), cleared by every change of what it shows (``mark_changed``), and made
again by the first read after: a read is then one small query most of the time.
"""

import gzip
import re

from django.http import Http404, HttpResponse
from rest_framework.renderers import JSONRenderer

from config.precompiled import Precompiled
from planner.api.serializers import roadmap_data
from planner.models import Roadmap
from planner.selectors import roadmaps as selectors

GZIP_LEVEL = 6  # 7-8 times smaller; ~0.3 ms for a large roadmap, paid once per change


def render_roadmap(roadmap: Roadmap) -> str:
    """The roadmap's JSON, stored (also gzipped) for the next reads unless it changed meanwhile."""
    data = JSONRenderer().render(roadmap_data(selectors.roadmap_view(roadmap)))
    Roadmap.objects.filter(pk=roadmap.pk, changed_at=roadmap.changed_at).update(
        rendered=data.decode(), rendered_gzip=gzip.compress(data, GZIP_LEVEL, mtime=0)
    )
    return data.decode()


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


# An active learner's current roadmap's stored rendering, raw and gzipped, by their token:
# what a token-authenticated read of the current roadmap needs, in one indexed query.
TOKEN_RENDERING = Precompiled(
    lambda key: (
        Roadmap.objects.filter(user__auth_token__key=key, user__is_active=True)
        .order_by("-version")
        .values_list("rendered", "rendered_gzip")[:1]
    ),
    placeholder="",
)
ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def stored_read_response(request) -> HttpResponse | None:
    """The current roadmap of the learner whose ``Token …`` authorises ``request``, from its
    stored rendering (gzipped when the client accepts it), or None when anything else must
    answer (no token, a bad or inactive one, no roadmap, no rendering yet): then the full
    API view does, with its usual errors."""
    scheme, _, key = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "token" or not key or " " in key:
        return None
    row = TOKEN_RENDERING.first_row(key)
    if row is None or row[0] is None:
        return None
    rendered, zipped = row
    headers = dict(STORED_READ_HEADERS)
    if zipped is not None and ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        headers["Content-Encoding"] = "gzip"
        return HttpResponse(zipped, content_type="application/json", headers=headers)
    return HttpResponse(rendered, content_type="application/json", headers=headers)


# What the full API view adds to its answers (APIView.default_response_headers), and the
# encoding the answer depends on.
STORED_READ_HEADERS = {"Allow": "GET, HEAD, OPTIONS", "Vary": "Accept, Accept-Encoding"}
