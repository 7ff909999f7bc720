"""Serve the API with gunicorn on SQLite and PostgreSQL and load it from a second process.

For each database: a scratch database (a temp file; a fresh database on a local PostgreSQL
server), migrated, the curriculum loaded, ``--learners`` learners with a target role, levels
and a roadmap; gunicorn (``config.settings.bench``, i.e. production plus this app;
``--workers`` sync workers) on a free loopback port; then ``benchmarks.load`` in its own process drives, for ``--seconds`` each,
``GET /api/v1/ping/`` (the floor); ``GET /api/v1/me/roadmap/`` as each learner's *first read*
(every token once, within ``--seconds``: the read that renders the roadmap and stores the
rendering) and then as the reads that follow (rotating over the tokens whose first read came
in time, so that every one reads a stored rendering; readers accept gzip, as browsers and
HTTP libraries do); and ``POST /api/v1/plans/preview/`` (rotating roles). The ratio target applies to the reads that
follow: a roadmap is rendered once per change and read many times. Everything it started or
created is stopped and removed at the end, on errors and on Ctrl-C.

Setup stays bounded: ``--built`` learners are planned through the services (update_profile,
set_skill_levels, build_roadmap); every other learner gets one of those learners' goal,
levels and roadmap copied row for row in bulk: the very roadmap build_roadmap would store for
the same inputs on the same day, so the roadmaps read are real.

The seeding itself runs in a child process (``--seed-output``, internal) whose
DATABASE_URL is the scratch database, so this process never touches the scratch database
through its own connection.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from benchmarks.seeding import copy_roadmaps
from benchmarks.servers import Gunicorn, PostgresServer, ServerError, tail

# "first read" reads each learner's roadmap once, which renders and stores it; "roadmap" then
# measures the reads that follow, until the learner's next change.
ENDPOINTS = ("ping", "first read", "roadmap", "preview")
ONCE = {"first read"}
PATHS = {
    "ping": ("GET", "/api/v1/ping/"),
    "first read": ("GET", "/api/v1/me/roadmap/"),
    "roadmap": ("GET", "/api/v1/me/roadmap/"),
    "preview": ("POST", "/api/v1/plans/preview/"),
}
# The targets of DESIGN.md and issue 14, per endpoint: throughput as a share of the ping's
# on the same server (the floor), and p99 latency. The ping is the floor itself; the preview
# has no target and is shown for reference.
RATIO_TARGETS = {"first read": 0.3, "roadmap": 0.5}
P99_TARGETS_MS = {"first read": 100.0, "roadmap": 100.0}
# Roadmap readers accept gzip, as browsers and HTTP libraries do; bytes are counted as sent.
READER_HEADERS = {"Accept-Encoding": "gzip"}
WEEKLY_HOURS = (5, 8, 10, 12, 15, 20)
BENCH_PASSWORD = "bench-only-password-not-secret"  # noqa: S105 - scratch learners only


class Skip(Exception):
    """This database cannot be benchmarked here; the message says why."""


@dataclass
class Row:
    database: str
    endpoint: str
    result: dict


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


class Command(BaseCommand):
    help = (
        "Throughput and p50/p95/p99 of the API under gunicorn on SQLite and PostgreSQL, "
        "as ratios to a trivial DRF endpoint."
    )

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=2000)
        parser.add_argument("--seconds", type=float, default=10.0, help="per endpoint")
        parser.add_argument("--concurrency", type=int, default=8)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument("--worker-class", default="sync", help="gunicorn worker class")
        parser.add_argument(
            "--warmup", type=float, default=1.0, help="unmeasured seconds before each run"
        )
        parser.add_argument(
            "--built",
            type=int,
            default=60,
            help="learners planned through build_roadmap; the rest copy one of them",
        )
        parser.add_argument(
            "--databases", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql"
        )
        parser.add_argument(
            "--postgres-url",
            default=os.environ.get("BENCH_POSTGRES_URL", ""),
            help="a PostgreSQL server to create the scratch database on (default: "
            "DATABASE_URL if it is PostgreSQL, else a throwaway local server is started)",
        )
        parser.add_argument("--json", dest="json_path", help="also write the results here")
        parser.add_argument("--seed-output", help=argparse.SUPPRESS)

    # ---- entry point -------------------------------------------------------------------

    def handle(self, *args, **opts):
        if opts["learners"] < 1 or opts["concurrency"] < 1 or opts["seconds"] <= 0:
            raise CommandError("--learners, --concurrency and --seconds must be positive.")
        if opts["seed_output"]:
            return self._seed_here(opts)
        databases = [d.strip() for d in opts["databases"].split(",") if d.strip()]
        unknown = set(databases) - {"sqlite", "postgresql"}
        if unknown:
            raise CommandError(f"Unknown database(s): {', '.join(sorted(unknown))}.")

        previous_term = signal.getsignal(signal.SIGTERM)
        signal.signal(signal.SIGTERM, _raise_interrupt)
        rows: list[Row] = []
        setups: dict[str, dict] = {}
        skipped: dict[str, str] = {}
        try:
            for database in databases:
                self.stdout.write(f"== {database}: preparing {opts['learners']} learners…")
                try:
                    with contextlib.ExitStack() as stack:
                        stats, results = self._bench_database(database, opts, stack)
                except Skip as reason:
                    skipped[database] = str(reason)
                    self.stdout.write(self.style.WARNING(f"== {database}: skipped: {reason}"))
                    continue
                setups[database] = stats
                rows += [Row(database, name, results[name]) for name in ENDPOINTS]
        except KeyboardInterrupt:
            self.stderr.write("Interrupted: everything started was stopped and removed.")
            raise SystemExit(130) from None
        finally:
            signal.signal(signal.SIGTERM, previous_term)

        self.stdout.write("")
        self.stdout.write(self._context(opts, setups))
        self.stdout.write(format_table(rows))
        for database in databases:
            if database in skipped:
                self.stdout.write(f"{database}: skipped ({skipped[database]})")
            else:
                self.stdout.write(verdict(database, [r for r in rows if r.database == database]))
        if opts["json_path"]:
            Path(opts["json_path"]).write_text(
                json.dumps(
                    {
                        "options": {k: opts[k] for k in ("learners", "seconds", "concurrency")},
                        "setup": setups,
                        "skipped": skipped,
                        "rows": [r.__dict__ for r in rows],
                    },
                    indent=2,
                    default=str,
                )
            )

    def _context(self, opts, setups: dict[str, dict]) -> str:
        try:
            load = "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())
        except OSError:
            load = ""
        lines = [
            f"gunicorn {opts['workers']} {opts['worker_class']} workers, production settings; "
            f"{opts['concurrency']} connections for {opts['seconds']:g} s per endpoint "
            f"(after {opts['warmup']:g} s warm-up); {os.cpu_count()} CPUs, {load}",
        ]
        for database, s in setups.items():
            lines.append(
                f"{database}: {s['learners']} learners, {s['roadmaps']} roadmaps "
                f"({s['built']} built by build_roadmap, the rest copied), {s['items']} items "
                f"(per roadmap min {s['items_min']}, median {s['items_median']}, max "
                f"{s['items_max']}); setup {s['setup_seconds']:.1f} s; stored reads rotate "
                f"over the {s.get('stored_readers', '?')} learners whose first read came in time"
            )
        return "\n".join(lines) + "\n"

    # ---- one database ------------------------------------------------------------------

    def _bench_database(self, database: str, opts, stack: contextlib.ExitStack):
        workdir = Path(tempfile.mkdtemp(prefix=f"waymark-bench-{database}-"))
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        began = time.perf_counter()
        if database == "sqlite":
            url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        else:
            url = self._postgres_database(opts["postgres_url"], stack)
        env = bench_env(url)
        # Setup enqueues after-commit tasks (reassessment): an in-process queue takes them.
        setup_env = {**env, "CELERY_BROKER_URL": "memory://localhost/"}

        self._manage(setup_env, workdir, "migrate", "--no-input", "-v0")
        self._manage(setup_env, workdir, "load_curriculum", "-v0")
        seed_file = workdir / "seed.json"
        self._manage(
            setup_env,
            workdir,
            "bench_api",
            "--seed-output",
            str(seed_file),
            "--learners",
            str(opts["learners"]),
            "--built",
            str(opts["built"]),
        )
        seed = json.loads(seed_file.read_text())
        stats = {**seed["stats"], "setup_seconds": time.perf_counter() - began}
        self.stdout.write(
            f"   {stats['learners']} learners, {stats['roadmaps']} roadmaps, "
            f"{stats['items']} items in {stats['setup_seconds']:.1f} s"
        )

        spec_file = workdir / "spec.json"
        spec_file.write_text(json.dumps(load_spec(seed)))
        port = self._start_gunicorn(env, workdir, opts, stack)
        results = {}
        for name in ENDPOINTS:
            self.stdout.write(f"   {name}: {opts['seconds']:g} s at {opts['concurrency']}…")
            results[name] = self._drive(port, spec_file, name, opts, workdir)
            if name == "first read":
                # The reads that follow are of stored renderings only: the learners whose
                # first read came within --seconds (the others' would render, and count
                # among the stored reads).
                spec = json.loads(spec_file.read_text())
                done = max(1, results[name]["headers_done"])
                spec["roadmap"]["headers"] = spec["roadmap"]["headers"][:done]
                spec_file.write_text(json.dumps(spec))
                stats["stored_readers"] = done
        return stats, results

    def _manage(self, env: dict, workdir: Path, *command: str) -> None:
        log = workdir / "manage.log"
        with open(log, "a") as out:
            done = subprocess.run(
                [sys.executable, str(settings.BASE_DIR / "manage.py"), *command],
                env=env,
                cwd=settings.BASE_DIR,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if done.returncode:
            raise CommandError(f"manage.py {command[0]} failed:\n{tail(log)}")

    def _postgres_database(self, server_url: str, stack: contextlib.ExitStack) -> str:
        if not server_url:
            given = os.environ.get("DATABASE_URL", "")
            server_url = given if given.startswith(("postgres://", "postgresql://")) else ""
        if not server_url:
            server_url = self._start_postgres(stack)
        try:
            import psycopg
        except ImportError as error:
            raise Skip("psycopg is not installed") from error
        name = f"waymark_bench_{os.getpid()}_{secrets.token_hex(3)}"
        admin_url = _with_database(server_url, "postgres")
        try:
            with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
        except psycopg.Error as error:
            raise Skip(
                f"cannot create a database on {urlsplit(server_url).netloc}: {error}"
            ) from error

        def drop():
            with (
                contextlib.suppress(psycopg.Error),
                psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn,
            ):
                try:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                except psycopg.errors.SyntaxError:  # before PostgreSQL 13
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

        stack.callback(drop)
        return _with_database(server_url, name)

    def _start_postgres(self, stack: contextlib.ExitStack) -> str:
        """A throwaway server of our own on a free port (never someone else's)."""
        server = PostgresServer()
        stack.callback(server.stop)
        try:
            url = server.start()
        except ServerError as error:
            raise Skip(str(error)) from error
        self.stdout.write(f"   started a throwaway PostgreSQL server on 127.0.0.1:{server.port}")
        return url

    def _start_gunicorn(self, env: dict, workdir: Path, opts, stack) -> int:
        server = Gunicorn(
            env,
            workdir / "gunicorn.log",
            workers=opts["workers"],
            worker_class=opts["worker_class"],
            ready_path=PATHS["ping"][1],
        )
        stack.callback(server.stop)
        try:
            server.start(timeout=60)
        except ServerError as error:
            raise CommandError(str(error)) from error
        return server.port

    def _drive(self, port: int, spec_file: Path, name: str, opts, workdir: Path) -> dict:
        command = [
            sys.executable,
            "-m",
            "benchmarks.load",
            "--port",
            str(port),
            "--spec",
            str(spec_file),
            "--endpoint",
            name,
            "--seconds",
            str(opts["seconds"]),
            "--concurrency",
            str(opts["concurrency"]),
            "--warmup",
            str(opts["warmup"]),
            *(["--once"] if name in ONCE else []),
        ]
        timeout = opts["seconds"] + opts["warmup"] + 120
        done = subprocess.run(
            command,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode:
            raise CommandError(f"the load generator failed on {name}:\n{done.stderr[-2000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        if result["errors"]:
            self.stdout.write(
                self.style.WARNING(
                    f"   {name}: {result['errors']} errors {result['statuses']} "
                    f"(first: {result['first_error']}); server log: {workdir / 'gunicorn.log'}"
                )
            )
        return result

    # ---- seeding (runs in the child process, against the scratch database) ---------------

    def _seed_here(self, opts) -> None:
        stats, tokens, bodies = seed_learners(learners=opts["learners"], built=opts["built"])
        Path(opts["seed_output"]).write_text(
            json.dumps({"stats": stats, "tokens": tokens, "preview_bodies": bodies})
        )


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def bench_env(database_url: str) -> dict[str, str]:
    """The environment of every child: the bench settings (production plus the benchmarks app) over plain HTTP on loopback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "DJANGO_SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_DEBUG": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "WAYMARK_ANON_THROTTLE": "1000000/min",
            "DATABASE_URL": database_url,
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def load_spec(seed: dict) -> dict:
    tokens = [{"Authorization": f"Token {t}", **READER_HEADERS} for t in seed["tokens"]]
    return {
        "ping": {"method": "GET", "path": PATHS["ping"][1], "expect": 200},
        **{
            name: {"method": "GET", "path": PATHS[name][1], "expect": 200, "headers": tokens}
            for name in ("first read", "roadmap")
        },
        "preview": {
            "method": "POST",
            "path": PATHS["preview"][1],
            "expect": 200,
            "bodies": seed["preview_bodies"],
        },
    }


# ---- seeding ---------------------------------------------------------------------------


@contextlib.contextmanager
def _signals_muted():
    """No after-commit receivers (reassessment, emails) while thousands of learners appear."""
    from planner.services.learners import learner_changed

    saved = [(s, s.receivers) for s in (learner_changed,)]
    for sig, _ in saved:
        sig.receivers = []
        sig.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for sig, receivers in saved:
            sig.receivers = receivers
            sig.sender_receivers_cache.clear()


def seed_learners(*, learners: int, built: int, rng_seed: int = 20261128):
    """``learners`` learners with tokens, goals, levels and roadmaps in the current database."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from curriculum.models import Role
    from planner.models import Roadmap, RoadmapItem
    from planner.services import build_roadmap, preview_plan, set_skill_levels, update_profile
    from planner.services.roadmaps import REASON_FIRST

    rng = random.Random(rng_seed)
    roles = list(Role.objects.filter(is_retired=False).order_by("slug"))
    if not roles:
        raise CommandError("The curriculum has no roles: run load_curriculum first.")
    password = make_password(BENCH_PASSWORD)
    with transaction.atomic():
        User.objects.bulk_create(
            [
                User(email=f"bench{i:06d}@example.com", name=f"Bench {i}", password=password)
                for i in range(learners)
            ],
            batch_size=1000,
        )
        users = list(User.objects.filter(email__startswith="bench").order_by("email"))
        Token.objects.bulk_create(
            [Token(key=Token.generate_key(), user=u) for u in users], batch_size=1000
        )

    # Planned through the services: the real thing, for a sample of goals and levels.
    built = max(1, min(built, learners))
    role_skills = {
        r.slug: sorted(
            {
                i.skill
                for i in preview_plan(role=r.slug, weekly_hours=10, skills={})[0].items
                if i.skill
            }
        )
        for r in roles
    }
    templates = []
    with _signals_muted():
        for i, user in enumerate(users[:built]):
            role = roles[i % len(roles)]
            skills = role_skills[role.slug]
            picked = rng.sample(skills, k=min(len(skills), rng.randint(0, 5)))
            levels = {s: rng.randint(1, 3) for s in picked}
            update_profile(user=user, target_role=role, weekly_hours=rng.choice(WEEKLY_HOURS))
            if levels:
                set_skill_levels(user=user, levels=levels, announce=False)
            roadmap = build_roadmap(user=user, reason=REASON_FIRST)
            templates.append((roadmap, roadmap.items.count(), levels))

    # The others copy a template's inputs and therefore its roadmap, in bulk.
    copy_roadmaps([t[0] for t in templates], users[built:])

    per_roadmap = [t[1] for t in templates]
    counts = [per_roadmap[j % built] for j in range(learners - built)] + per_roadmap
    stats = {
        "learners": User.objects.filter(email__startswith="bench").count(),
        "roadmaps": Roadmap.objects.count(),
        "items": RoadmapItem.objects.count(),
        "built": built,
        "items_min": min(counts),
        "items_median": statistics.median(counts),
        "items_max": max(counts),
    }
    bodies = []
    for role in roles:
        levels = next((t[2] for t in templates if t[0].role_id == role.pk and t[2]), {})
        bodies.append({"role": role.slug, "weekly_hours": 10, "skills": levels})
    return stats, [t.key for t in Token.objects.filter(user__in=users)], bodies


# ---- report ----------------------------------------------------------------------------


def targets(endpoint: str, result: dict, ping_rps: float) -> tuple[str, bool | None]:
    """The endpoint's targets as text, and whether they hold (None: it has none)."""
    parts, held = [], True
    ratio = result["rps"] / ping_rps if ping_rps else 0.0
    if endpoint in RATIO_TARGETS:
        parts.append(f"≥ {RATIO_TARGETS[endpoint]}× ping")
        held &= ratio >= RATIO_TARGETS[endpoint]
    if endpoint in P99_TARGETS_MS:
        parts.append(f"p99 ≤ {P99_TARGETS_MS[endpoint]:.0f} ms")
        held &= result["p99_ms"] <= P99_TARGETS_MS[endpoint]
    if not parts:
        return ("the floor" if endpoint == "ping" else "none (reference)"), None
    return ", ".join(parts), held and not result["errors"]


def format_table(rows: list[Row]) -> str:
    header = (
        "database",
        "endpoint",
        "requests",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms",
        "bytes",
        "errors",
        "× ping",
        "target",
        "holds",
    )
    ping = {r.database: r.result["rps"] for r in rows if r.endpoint == "ping"}
    body = []
    for r in rows:
        res = r.result
        base = ping.get(r.database) or 0
        target, held = targets(r.endpoint, res, base)
        body.append(
            (
                r.database,
                f"{r.endpoint} ({PATHS[r.endpoint][0]} {PATHS[r.endpoint][1]})",
                str(res["requests"]),
                f"{res['rps']:.1f}",
                f"{res['p50_ms']:.1f}",
                f"{res['p95_ms']:.1f}",
                f"{res['p99_ms']:.1f}",
                f"{res['max_ms']:.1f}",
                str(res.get("bytes", "-")),
                str(res["errors"]),
                f"{res['rps'] / base:.2f}" if base else "-",
                target,
                "-" if held is None else ("yes" if held else "NO"),
            )
        )
    widths = [max(len(x) for x in col) for col in zip(header, *body, strict=False)]
    numeric = set(range(2, 11))

    def line(cells):
        return "  ".join(
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(b) for b in body)])


def verdict(database: str, rows: list[Row]) -> str:
    by = {r.endpoint: r.result for r in rows}
    ping_rps = by["ping"]["rps"]
    parts, held = [], True
    for endpoint in ("roadmap", "first read"):
        result = by[endpoint]
        ratio = result["rps"] / ping_rps if ping_rps else 0.0
        target, ok = targets(endpoint, result, ping_rps)
        held &= bool(ok)
        parts.append(
            f"{endpoint} {ratio:.2f}× ping, p99 {result['p99_ms']:.1f} ms "
            f"(target {target}: {'met' if ok else 'MISSED'})"
        )
    errors = sum(r["errors"] for r in by.values())
    if errors:
        parts.append(f"{errors} errors: figures unreliable")
    return f"{database}: targets {'HOLD' if held else 'DO NOT HOLD'}: " + "; ".join(parts)
