"""check_resources against a local HTTP server: healthy, redirected, dead and hanging links.

Only loopback is ever requested: the shipped curriculum's links are removed first.
"""

import asyncio
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from curriculum.links import Outcome, check_urls
from curriculum.models import Project, Resource, Skill

pytestmark = pytest.mark.django_db


class Site(BaseHTTPRequestHandler):
    """/ok 200 · /head-refused 405 to HEAD, 200 to GET · /moved 301 → /ok · /chain/N
    redirects N times · /loop redirects to itself · /gone 404 · /broken 500 · /busy 429 ·
    /hang never answers."""

    hits: Counter = Counter()
    release = threading.Event()

    def log_message(self, *args):
        pass

    def answer(self, method: str) -> None:
        path = self.path.split("?")[0]
        Site.hits[method, "/chain" if path.startswith("/chain/") else path] += 1
        if path == "/hang":
            Site.release.wait(30)
            return
        if path == "/ok" or (path == "/head-refused" and method == "GET"):
            self.reply(200)
        elif path == "/head-refused":
            self.reply(405)
        elif path == "/moved":
            self.reply(301, location="/ok")
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            self.reply(302, location=f"/chain/{left - 1}") if left else self.reply(200)
        elif path == "/loop":
            self.reply(302, location="/loop")
        elif path == "/broken":
            self.reply(500)
        elif path == "/busy":
            self.reply(429)
        else:
            self.reply(404)

    def reply(self, status: int, location: str | None = None) -> None:
        body = b"hello"
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    def do_HEAD(self):
        self.answer("HEAD")

    def do_GET(self):
        self.answer("GET")


@pytest.fixture
def site():
    Site.hits.clear()
    Site.release.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    Site.release.set()
    server.shutdown()
    server.server_close()


def run(urls, **options):
    return asyncio.run(check_urls(urls, **options))


def test_healthy_redirected_and_dead_links_are_told_apart(site):
    results = run(
        [
            f"{site}/ok",
            f"{site}/head-refused",
            f"{site}/moved",
            f"{site}/gone",
            f"{site}/broken",
        ],
        timeout=2,
    )

    assert results[f"{site}/ok"].outcome == Outcome.OK
    assert results[f"{site}/ok"].method == "HEAD"
    assert results[f"{site}/head-refused"].outcome == Outcome.OK
    assert results[f"{site}/head-refused"].method == "GET"
    moved = results[f"{site}/moved"]
    assert (moved.outcome, moved.status, moved.final_url, moved.hops) == (
        Outcome.REDIRECTED,
        200,
        f"{site}/ok",
        1,
    )
    assert (results[f"{site}/gone"].outcome, results[f"{site}/gone"].status) == (
        Outcome.DEAD,
        404,
    )
    assert (results[f"{site}/broken"].outcome, results[f"{site}/broken"].status) == (
        Outcome.DEAD,
        500,
    )
    # GET is only tried where HEAD was refused.
    assert Site.hits["GET", "/ok"] == 0
    assert Site.hits["GET", "/head-refused"] == 1


def test_redirects_are_followed_only_up_to_the_bound(site):
    results = run([f"{site}/loop", f"{site}/chain/3", f"{site}/chain/4"], max_redirects=3)

    loop = results[f"{site}/loop"]
    assert loop.outcome == Outcome.DEAD
    assert "more than 3 redirects" in loop.detail
    assert Site.hits["HEAD", "/loop"] == 4  # the first request and three redirects
    assert Site.hits["GET", "/loop"] == 0
    assert results[f"{site}/chain/3"].outcome == Outcome.REDIRECTED
    assert results[f"{site}/chain/3"].hops == 3
    assert results[f"{site}/chain/4"].outcome == Outcome.DEAD


def test_a_server_that_never_answers_is_reported_within_the_timeout(site):
    started = time.monotonic()

    results = run([f"{site}/hang", f"{site}/ok"], timeout=0.5, concurrency=1)

    assert time.monotonic() - started < 5
    assert results[f"{site}/hang"].outcome == Outcome.UNREACHABLE
    assert results[f"{site}/hang"].detail == "timed out"
    assert results[f"{site}/ok"].outcome == Outcome.OK


def test_a_rate_limited_link_is_unchecked_not_dead(site):
    result = run([f"{site}/busy"], timeout=2)[f"{site}/busy"]

    assert (result.outcome, result.status) == (Outcome.UNCHECKED, 429)
    assert Site.hits["GET", "/busy"] == 1  # HEAD first, then GET


def test_one_host_gets_at_most_per_host_requests_at_once(site):
    urls = [f"{site}/hang?{n}" for n in range(4)]
    started = time.monotonic()

    run(urls, timeout=0.3, concurrency=8, per_host=1)

    # Four hanging URLs on one host, one at a time despite room for eight.
    assert time.monotonic() - started > 1.1


def test_a_refused_connection_is_unreachable():
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    url = f"http://127.0.0.1:{port}/nothing-listens"

    assert run([url], timeout=1)[url].outcome == Outcome.UNREACHABLE


def test_no_more_requests_are_in_flight_than_the_concurrency(site):
    urls = [f"{site}/hang?{n}" for n in range(6)]
    started = time.monotonic()

    run(urls, timeout=0.3, concurrency=2, per_host=8)

    # A timeout ends a URL (no GET after it): six URLs two at a time are three rounds.
    assert 0.8 < time.monotonic() - started < 5
    assert Site.hits["HEAD", "/hang"] == 6


@pytest.fixture
def local_curriculum_links(site):
    """The curriculum's links all on the local site (the shipped ones are removed)."""
    Resource.objects.all().delete()
    Project.objects.update(dataset_url="", dataset_title="")
    python = Skill.objects.get(slug="python")
    for position, (title, path) in enumerate(
        [
            ("Healthy", "/ok"),
            ("Moved", "/moved"),
            ("Gone", "/gone"),
            ("Healthy again", "/ok"),
        ]
    ):
        Resource.objects.create(
            skill=python,
            title=title,
            url=f"{site}{path}",
            kind="article",
            levels=[1],
            position=position,
        )
    Project.objects.filter(slug="titanic-classifier").update(
        dataset_title="Broken dataset", dataset_url=f"{site}/broken"
    )
    return site


def test_the_command_prints_a_table_of_problems_and_fails_on_dead_links(
    local_curriculum_links, capsys
):
    site = local_curriculum_links

    with pytest.raises(CommandError, match="2 link"):
        call_command("check_resources", "--timeout", "2")

    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["outcome", "status", "where", "title", "url"]
    dead = [line for line in lines if line.startswith("dead")]
    assert len(dead) == 2
    assert any(f"{site}/gone" in line and "404" in line and "python" in line for line in dead)
    assert any("project titanic-classifier" in line and "500" in line for line in dead)
    redirected = next(line for line in lines if line.startswith("redirected"))
    assert f"→ {site}/ok (1 redirect)" in redirected
    assert not any(line.startswith("ok") for line in lines)
    assert "4 distinct links (5 uses): 1 ok, 1 redirected, 2 dead, 0 unreachable" in out
    assert Site.hits["HEAD", "/ok"] == 2  # once for the two uses, once after the redirect


def test_the_command_lists_healthy_links_with_all_and_succeeds_when_nothing_is_dead(
    local_curriculum_links, capsys
):
    Resource.objects.exclude(title__startswith="Healthy").delete()
    Project.objects.update(dataset_url="", dataset_title="")

    call_command("check_resources", "--all", "--timeout", "2")

    out = capsys.readouterr().out
    assert sum(line.startswith("ok") for line in out.splitlines()) == 2
    assert "1 distinct links (2 uses): 1 ok" in out
