"""A closed-loop HTTP load generator, run as its own process by ``manage.py bench_api``.

    python -m benchmarks.load --port 8123 --spec spec.json --endpoint roadmap \
        --seconds 10 --concurrency 8

Each of ``--concurrency`` threads keeps one ``http.client`` connection (kept alive when the
server allows it, reopened when it closes it, as gunicorn's sync workers do), sends a request,
reads the whole response and sends the next, for ``--seconds``. Requests rotate over the
endpoint's header sets (e.g. many learners' tokens) and bodies; with ``--once`` each header
set is sent once in all and the run ends when all are sent. One JSON object goes to stdout:
requests, errors, elapsed seconds, req/s and latency percentiles in milliseconds.

The spec file maps endpoint names to
``{"method", "path", "expect": 200, "headers": [{...}, ...], "bodies": [{...}, ...] | null}``.
The summary also gives the mean response body in bytes, as received (a client that sent
``Accept-Encoding: gzip`` in its headers gets, and is counted, compressed bytes).
Only the standard library is used, so the process stays light next to the server it drives.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import sys
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Endpoint:
    method: str
    path: str
    expect: int = 200
    headers: list[dict[str, str]] = field(default_factory=lambda: [{}])
    bodies: list[bytes] | None = None

    @classmethod
    def from_spec(cls, spec: dict) -> Endpoint:
        bodies = spec.get("bodies")
        return cls(
            method=spec["method"],
            path=spec["path"],
            expect=int(spec.get("expect", 200)),
            headers=spec.get("headers") or [{}],
            bodies=[json.dumps(b).encode() for b in bodies] if bodies else None,
        )


@dataclass
class WorkerResult:
    latencies: list[float] = field(default_factory=list)
    body_bytes: int = 0
    sent: int = 0  # requests this connection sent (answered or not)
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    first_error: str = ""


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list (0.0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def _worker(
    index: int,
    endpoint: Endpoint,
    host: str,
    port: int,
    start: threading.Barrier,
    deadline: list[float],
    result: WorkerResult,
    concurrency: int,
    once: bool,
) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    base = {"Host": f"{host}:{port}", "Accept": "application/json"}
    if endpoint.bodies:
        base["Content-Type"] = "application/json"
    n = index  # threads start at different places in the rotation
    start.wait()
    while time.perf_counter() < deadline[0]:
        if once and n >= len(endpoint.headers):
            break
        headers = {**base, **endpoint.headers[n % len(endpoint.headers)]}
        body = endpoint.bodies[n % len(endpoint.bodies)] if endpoint.bodies else None
        n += concurrency
        result.sent += 1
        began = time.perf_counter()
        try:
            conn.request(endpoint.method, endpoint.path, body=body, headers=headers)
            response = conn.getresponse()
            received = len(response.read())
            status = response.status
        except (OSError, http.client.HTTPException) as error:
            conn.close()
            result.errors += 1
            result.statuses["exception"] = result.statuses.get("exception", 0) + 1
            result.first_error = result.first_error or repr(error)
            time.sleep(0.01)  # a refused connection should not spin the loop
            continue
        result.latencies.append(time.perf_counter() - began)
        result.body_bytes += received
        result.statuses[str(status)] = result.statuses.get(str(status), 0) + 1
        if status != endpoint.expect:
            result.errors += 1
            result.first_error = result.first_error or f"HTTP {status}"
    conn.close()


def run(
    endpoint: Endpoint,
    *,
    host: str,
    port: int,
    seconds: float,
    concurrency: int,
    once: bool = False,
) -> dict[str, object]:
    """Drive one endpoint for ``seconds`` with ``concurrency`` connections (or, ``once``,
    until each header set has been sent once); the summary."""
    results = [WorkerResult() for _ in range(concurrency)]
    barrier = threading.Barrier(concurrency + 1)
    deadline = [math.inf]
    threads = [
        threading.Thread(
            target=_worker,
            args=(i, endpoint, host, port, barrier, deadline, results[i], concurrency, once),
            daemon=True,
        )
        for i in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline[0] = began + seconds
    barrier.wait()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.perf_counter() - began
    latencies = sorted(x for r in results for x in r.latencies)
    statuses: dict[str, int] = {}
    for r in results:
        for key, count in r.statuses.items():
            statuses[key] = statuses.get(key, 0) + count
    requests = len(latencies)
    ms = 1000.0
    return {
        "requests": requests,
        "errors": sum(r.errors for r in results),
        "statuses": statuses,
        "first_error": next((r.first_error for r in results if r.first_error), ""),
        "elapsed": round(elapsed, 3),
        "rps": round(requests / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(latencies, 0.50) * ms, 2),
        "p95_ms": round(percentile(latencies, 0.95) * ms, 2),
        "p99_ms": round(percentile(latencies, 0.99) * ms, 2),
        "max_ms": round((latencies[-1] if latencies else 0.0) * ms, 2),
        # Mean response body as sent (compressed when the server compressed it).
        "bytes": round(sum(r.body_bytes for r in results) / requests) if requests else 0,
        # Connection i sends header sets i, i + concurrency, …: every one of the first
        # ``headers_done`` header sets has been sent (with ``--once``: e.g. those learners
        # had their first read).
        "headers_done": min(
            len(endpoint.headers), concurrency * min((r.sent for r in results), default=0)
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--spec", required=True, help="JSON file of endpoint specs")
    parser.add_argument("--endpoint", required=True, help="the spec's key to drive")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--warmup", type=float, default=0.0, help="seconds of unmeasured load first"
    )
    parser.add_argument(
        "--once",
        action="store_true",
        help="send each header set once, then stop (no warm-up: e.g. each learner's first read)",
    )
    args = parser.parse_args(argv)
    with open(args.spec, encoding="utf-8") as handle:
        endpoint = Endpoint.from_spec(json.load(handle)[args.endpoint])
    options = {"host": args.host, "port": args.port, "concurrency": args.concurrency}
    if args.warmup > 0 and not args.once:
        run(endpoint, seconds=args.warmup, **options)
    summary = run(endpoint, seconds=args.seconds, once=args.once, **options)
    json.dump(summary, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
