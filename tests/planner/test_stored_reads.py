"""A token read of the current roadmap, answered from its stored rendering in one query."""

import gzip
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from planner.models import Roadmap
from tests.factories import learner_with_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    learner = learner_with_roadmap(email="reader@example.com")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=learner).key}")
    return learner, client


def test_a_stored_rendering_is_read_in_one_query_and_is_the_full_views_answer(reader):
    learner, client = reader
    first = client.get("/api/v1/me/roadmap/")  # renders and stores
    assert Roadmap.objects.get(user=learner).rendered_gzip is not None

    with CaptureQueriesContext(connection) as queries:
        stored = client.get("/api/v1/me/roadmap/")

    assert len(queries) == 1
    assert stored.status_code == 200 and stored["Content-Type"] == "application/json"
    assert stored.content == first.content
    assert (stored["Allow"], stored["Vary"]) == ("GET, HEAD, OPTIONS", "Accept, Accept-Encoding")


def test_a_client_that_accepts_gzip_gets_the_same_json_gzipped_and_far_smaller(reader):
    _, client = reader
    plain = client.get("/api/v1/me/roadmap/").content

    zipped = client.get("/api/v1/me/roadmap/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert zipped["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(zipped.content)) == json.loads(plain)
    assert len(zipped.content) * 4 < len(plain)
    assert "Content-Encoding" not in client.get("/api/v1/me/roadmap/", HTTP_ACCEPT_ENCODING="br")


def test_a_change_is_read_at_once_not_the_old_rendering(reader):
    learner, client = reader
    client.get("/api/v1/me/roadmap/")
    item = client.get("/api/v1/me/roadmap/").json()["stages"][0]["items"][0]

    client.patch(f"/api/v1/me/roadmap/items/{item['id']}/", {"status": "done"}, format="json")

    for encoding in ("", "gzip"):
        response = client.get("/api/v1/me/roadmap/", HTTP_ACCEPT_ENCODING=encoding)
        body = gzip.decompress(response.content) if encoding else response.content
        assert json.loads(body)["stages"][0]["items"][0]["status"] == "done"


def test_what_the_stored_read_does_not_answer_gets_the_full_views_answer(reader, api):
    learner, client = reader
    client.get("/api/v1/me/roadmap/")

    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert bad.get("/api/v1/me/roadmap/").status_code == 401
    assert api.get("/api/v1/me/roadmap/")["WWW-Authenticate"] == "Token"

    Roadmap.objects.filter(user=learner).delete()
    response = client.get("/api/v1/me/roadmap/")
    assert response.status_code == 404 and "detail" in response.json()

    learner.is_active = False
    learner.save()
    assert client.get("/api/v1/me/roadmap/").status_code == 401


def test_a_first_read_by_token_renders_and_stores_in_a_fixed_number_of_queries(reader):
    learner, client = reader
    session = APIClient()
    session.force_authenticate(learner)
    by_session = session.get("/api/v1/me/roadmap/").json()  # the full view's rendering
    Roadmap.objects.filter(user=learner).update(rendered_gzip=None)

    with CaptureQueriesContext(connection) as queries:
        first = client.get("/api/v1/me/roadmap/", HTTP_ACCEPT_ENCODING="gzip")

    # the token's roadmap, the row with its role, the curriculum revision, verified levels,
    # items, own resources, and the write of the rendering
    assert len(queries) == 7, [q["sql"][:60] for q in queries]
    assert json.loads(gzip.decompress(first.content)) == by_session
    stored = Roadmap.objects.get(user=learner)
    assert json.loads(gzip.decompress(stored.rendered_gzip)) == by_session
