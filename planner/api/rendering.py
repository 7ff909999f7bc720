"""Stored roadmaps rendered to JSON once per change, not once per request.

Reading a roadmap is the hottest request of the product. Its JSON is kept gzipped on the row
(``Roadmap.rendered_gzip``), cleared by every change of what it shows (``mark_changed``), and
made again by the first read after: a read is then one small query most of the time. Clients
that accept gzip (browsers, HTTP libraries, nearly all) get the stored bytes as they are; the
others get them decompressed, which costs less than storing the JSON twice would.
"""

import re

import orjson
from django.http import Http404, HttpResponse
from isal import igzip

from config.precompiled import Precompiled, PrecompiledUpdate
from curriculum.models import Role
from planner.api.serializers import roadmap_data
from planner.models import Roadmap
from planner.selectors import roadmaps as selectors

# ISA-L's gzip (python-isal) at level 2: a 68 KB roadmap in 0.11 ms to 16.3 KB, where zlib's
# level 2 takes 0.42 ms for 15.9 KB (level 6: 1.2 ms for 13.6 KB); paid per change. The
# output is plain gzip, for any client.
GZIP_LEVEL = 2


def render_roadmap(roadmap: Roadmap) -> tuple[bytes, bytes]:
    """The roadmap's JSON and the same gzipped, the latter stored for the next reads unless
    the roadmap changed meanwhile.

    orjson builds the JSON in one pass, a tenth of the time of the standard library's encoder
    (the same JSON as before: compact, UTF-8 unescaped, dates in ISO format).
    """
    data = orjson.dumps(roadmap_data(selectors.roadmap_view(roadmap)))
    zipped = igzip.compress(data, GZIP_LEVEL, mtime=0)
    STORE_RENDERING.run(rendered_gzip=zipped, id=roadmap.pk, changed_at=roadmap.changed_at)
    return data, zipped


# Only while the roadmap is as it was read: a change meanwhile moved changed_at.
STORE_RENDERING = PrecompiledUpdate(Roadmap, fields=("rendered_gzip",), where=("id", "changed_at"))


def roadmap_json(roadmap: Roadmap) -> bytes:
    """The roadmap's JSON: its stored rendering, or rendered (and stored) now."""
    if roadmap.rendered_gzip is not None:
        return igzip.decompress(roadmap.rendered_gzip)
    return render_roadmap(roadmap)[0]


def roadmap_response(roadmap: Roadmap, status: int = 200) -> HttpResponse:
    return HttpResponse(roadmap_json(roadmap), status=status, content_type="application/json")


CURRENT_RENDERING = Precompiled(
    lambda user_id: Roadmap.objects.versions(user_id).values_list("pk", "rendered_gzip")[:1],
    placeholder=0,
)


def current_roadmap_response(user) -> HttpResponse:
    """The learner's current roadmap, reading as little as a stored rendering allows."""
    row = CURRENT_RENDERING.first_row(user.pk)
    if row is None:
        raise Http404("You have no roadmap yet: choose a target role and build one.")
    pk, zipped = row
    if zipped is not None:
        return HttpResponse(igzip.decompress(zipped), content_type="application/json")
    return roadmap_response(Roadmap.objects.select_related("role").get(pk=pk))


# An active learner's current roadmap's stored rendering by their token:
# what a token-authenticated read of the current roadmap needs, in one indexed query.
TOKEN_RENDERING = Precompiled(
    lambda key: (
        Roadmap.objects.filter(user__auth_token__key=key, user__is_active=True)
        .order_by("-version")
        .values_list("pk", "rendered_gzip")[:1]
    ),
    placeholder="",
)
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
ROADMAP_COLUMNS = [f.attname for f in Roadmap._meta.concrete_fields]
ROLE_COLUMNS = [f.attname for f in Role._meta.concrete_fields]
# A roadmap and its role in one query: a round trip less than two, which on PostgreSQL is
# most of what a first read waits for.
ROADMAP_WITH_ROLE = Precompiled(
    lambda pk: Roadmap.objects.filter(pk=pk).values_list(
        *ROADMAP_COLUMNS, *(f"role__{name}" for name in ROLE_COLUMNS)
    ),
    placeholder=0,
)


def _render_current(pk: int) -> tuple[bytes, bytes] | None:
    row = ROADMAP_WITH_ROLE.first_row(pk)
    if row is None:  # deleted since the token's query
        return None
    roadmap = Roadmap.from_db("default", ROADMAP_COLUMNS, row[: len(ROADMAP_COLUMNS)])
    roadmap.role = Role.from_db("default", ROLE_COLUMNS, row[len(ROADMAP_COLUMNS) :])
    return render_roadmap(roadmap)


def stored_read_response(request) -> HttpResponse | None:
    """The current roadmap of the learner whose ``Token …`` authorises ``request``, from its
    stored rendering (gzipped when the client accepts it), rendered and stored first when
    there is none yet; or None when anything else must answer (no token, a bad or inactive
    one, no roadmap): then the full API view does, with its usual errors."""
    scheme, _, key = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "token" or not key or " " in key:
        return None
    row = TOKEN_RENDERING.first_row(key)
    if row is None:
        return None
    pk, zipped = row
    rendered = None
    if zipped is None:
        # A first read after a change: rendered here, with the queries' SQL built once, not
        # through the framework's view (what it would add: the token's user, which the
        # query above has checked, and the current roadmap, which it has found).
        made = _render_current(pk)
        if made is None:
            return None
        rendered, zipped = made
    headers = dict(STORED_READ_HEADERS)
    if ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        headers["Content-Encoding"] = "gzip"
        return HttpResponse(zipped, content_type="application/json", headers=headers)
    if rendered is None:  # rare: a client that does not accept gzip
        rendered = igzip.decompress(zipped)
    return HttpResponse(rendered, content_type="application/json", headers=headers)


# What the full API view adds to its answers (APIView.default_response_headers), and the
# encoding the answer depends on.
STORED_READ_HEADERS = {"Allow": "GET, HEAD, OPTIONS", "Vary": "Accept, Accept-Encoding"}
