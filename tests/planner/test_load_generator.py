"""The benchmark's load generator, against a real HTTP server on loopback."""

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from benchmarks.load import Endpoint, run


@pytest.fixture
def server():
    seen = Counter()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            seen[self.headers["Authorization"]] += 1
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1], seen
    httpd.shutdown()
    httpd.server_close()


def test_once_sends_each_header_set_exactly_once(server):
    port, seen = server
    tokens = [{"Authorization": f"Token {n}"} for n in range(23)]
    summary = run(
        Endpoint("GET", "/", headers=tokens),
        host="127.0.0.1",
        port=port,
        seconds=30,
        concurrency=4,
        once=True,
    )
    assert summary["requests"] == 23 and summary["errors"] == 0
    assert seen == Counter({f"Token {n}": 1 for n in range(23)})
    assert summary["elapsed"] < 30, "it stops when every header set is sent, not at the deadline"


def test_a_timed_run_rotates_over_every_header_set(server):
    port, seen = server
    tokens = [{"Authorization": f"Token {n}"} for n in range(3)]
    summary = run(
        Endpoint("GET", "/", headers=tokens),
        host="127.0.0.1",
        port=port,
        seconds=0.5,
        concurrency=2,
    )
    assert summary["requests"] == sum(seen.values()) > 3
    assert set(seen) == {"Token 0", "Token 1", "Token 2"}
    assert summary["p50_ms"] <= summary["p99_ms"] <= summary["max_ms"]
