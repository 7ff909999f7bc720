"""The SQL query count of every API endpoint, for a small plan and a large one.

Runs against a scratch database (Django's test database: in memory on SQLite, a uniquely
named ``test_waymark_qc_<pid>`` database on PostgreSQL, dropped afterwards), with the shipped
curriculum loaded and two learners aiming at the same role: one with a few steps left (about
``--small`` items) and one starting from nothing (at least ``--large`` items). Each endpoint
is called through ``django.test.Client`` with the learner's API token and its queries are
counted with ``CaptureQueriesContext``; a row says whether the count is the same for both.

Routes under /api/v1/ that this command does not know how to call are listed at the end,
so a new endpoint shows up instead of being silently skipped.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import URLPattern, URLResolver, get_resolver

API_PREFIX = "/api/v1/"
DEFAULT_ROLE = "data-scientist"
PASSWORD = "query-counts-passphrase-7"  # noqa: S105 - scratch learners only


# ---- learners with plans of a chosen size (also used by tests/planner/test_query_counts.py)


def levels_for_plan_size(role: str, at_least: int) -> dict[str, int]:
    """Levels that leave at least ``at_least`` items (and as few more as the graph allows).

    Starts from every skill of the role at its final level (an empty plan) and lowers the
    skills that come last in the plan, one level at a time, until the plan is long enough.
    """
    from planner.services import preview_plan

    def size(levels):
        return len(preview_plan(role=role, weekly_hours=10, skills=levels)[0].items)

    full_plan = preview_plan(role=role, weekly_hours=10, skills={})[0]
    if at_least >= len(full_plan.items):
        return {}
    levels: dict[str, int] = {}
    for item in full_plan.items:
        if item.skill:
            levels[item.skill] = max(levels.get(item.skill, 0), item.to_level)
    last_first = list(dict.fromkeys(i.skill for i in reversed(full_plan.items) if i.skill))
    for skill in last_first:
        while levels[skill] > 0:
            levels[skill] -= 1
            if size(levels) >= at_least:
                return {s: lv for s, lv in levels.items() if lv > 0}
    return {}


def make_learner(*, email: str, role: str, levels: dict[str, int], versions: int = 2):
    """A learner aiming at ``role`` with ``levels`` and ``versions`` roadmap versions."""
    from accounts.models import User
    from curriculum.models import Role
    from planner.services import build_roadmap, set_skill_levels, update_profile

    user = User.objects.create_user(email=email, password=PASSWORD, name=email.split("@")[0])
    update_profile(user=user, target_role=Role.objects.get(slug=role), weekly_hours=10)
    if levels:
        set_skill_levels(user=user, levels=levels)
    for _ in range(versions):
        roadmap = build_roadmap(user=user)
    return user, roadmap


def token_client(user) -> Client:
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=user)
    return Client(
        HTTP_AUTHORIZATION=f"Token {token.key}",
        HTTP_ACCEPT="application/json",
        raise_request_exception=False,
    )


def statement_kind(sql: str) -> str:
    """ "INSERT planner_roadmapitem": a statement's verb and first table, to tell which differ."""
    verb = sql.split(None, 1)[0].upper() if sql.strip() else "?"
    table = re.search(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', sql, re.IGNORECASE)
    return f"{verb} {table.group(1)}" if table else verb


def count_queries(client: Client, method: str, path: str, body=None):
    """(SQL statements by kind, response) of one request."""
    call = getattr(client, method.lower())
    kwargs = {"content_type": "application/json"} if body is not None else {}
    data = json.dumps(body) if body is not None else None
    with CaptureQueriesContext(connection) as queries:
        response = call(path, data, **kwargs) if data is not None else call(path)
    return Counter(statement_kind(q["sql"]) for q in queries.captured_queries), response


# ---- the endpoints -----------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    name: str  # the URL pattern's name
    method: str
    path: Callable[[dict], str]
    body: Callable[[dict], object] | None = None
    actor: str = "learner"  # learner, anonymous, mentor (active) or invitee (invited mentor)
    store: str = ""  # keep the response's "id" in the context under this key


def _p(path: str) -> Callable[[dict], str]:
    return lambda ctx: API_PREFIX + path.format(**ctx)


# Reads first, then writes, then the version-creating POST: every learner sees the same order.
CALLS = [
    Call("api:benchmarks:ping", "GET", _p("ping/"), actor="anonymous"),
    Call("api:curriculum:role-list", "GET", _p("roles/")),
    Call("api:curriculum:role-detail", "GET", _p("roles/{role}/")),
    Call("api:curriculum:skill-list", "GET", _p("skills/")),
    Call("api:curriculum:skill-detail", "GET", _p("skills/{skill}/")),
    Call("api:curriculum:project-list", "GET", _p("projects/")),
    Call("api:curriculum:project-detail", "GET", _p("projects/{project}/")),
    Call("api:curriculum:task-list", "GET", _p("tasks/")),
    Call("api:curriculum:task-detail", "GET", _p("tasks/{task}/")),
    Call("api:planner:me", "GET", _p("me/")),
    Call("api:planner:my-skills", "GET", _p("me/skills/")),
    Call("api:planner:roadmaps", "GET", _p("me/roadmaps/")),
    Call("api:planner:roadmap", "GET", _p("me/roadmap/")),
    Call("api:planner:roadmap-version", "GET", _p("me/roadmaps/{version}/")),
    Call("api:planner:roadmap-diff", "GET", _p("me/roadmaps/{version}/diff/")),
    Call("api:planner:roadmap-ics", "GET", _p("me/roadmap.ics")),
    Call("api:planner:role-fit", "GET", _p("me/role-fit/")),
    Call(
        "api:planner:preview",
        "POST",
        _p("plans/preview/"),
        lambda ctx: {"role": ctx["role"], "weekly_hours": 10, "skills": ctx["levels"]},
        actor="anonymous",
    ),
    Call(
        "api:accounts:token",
        "POST",
        _p("auth/token/"),
        lambda ctx: {"email": ctx["email"], "password": PASSWORD},
        actor="anonymous",
    ),
    Call(
        "api:accounts:register",
        "POST",
        _p("auth/register/"),
        lambda ctx: {"email": f"new-{ctx['email']}", "password": PASSWORD},
        actor="anonymous",
    ),
    Call(
        "api:planner:roadmap-item",
        "PATCH",
        _p("me/roadmap/items/{item}/"),
        lambda ctx: {"status": "in_progress", "note": "counted"},
    ),
    Call("api:planner:me", "PATCH", _p("me/"), lambda ctx: {"name": "Renamed learner"}),
    Call(
        "api:planner:my-skills",
        "PUT",
        _p("me/skills/"),
        lambda ctx: [{"skill": s, "level": lv} for s, lv in sorted(ctx["levels"].items())],
    ),
    Call("api:planner:my-mentors", "GET", _p("me/mentors/")),
    Call("api:planner:mentees", "GET", _p("mentees/"), actor="mentor"),
    Call("api:planner:mentee-roadmap", "GET", _p("mentees/{learner_id}/roadmap/"), actor="mentor"),
    Call(
        "api:planner:mentee-reviews",
        "POST",
        _p("mentees/{learner_id}/reviews/"),
        lambda ctx: {"kind": "comment", "item": ctx["item"], "comment": "Looks good."},
        actor="mentor",
    ),
    Call(
        "api:planner:my-mentors",
        "POST",
        _p("me/mentors/"),
        lambda ctx: {"email": ctx["invitee_email"]},
        store="invitation",
    ),
    Call(
        "api:planner:mentorship-accept",
        "POST",
        _p("mentorships/{invitation}/accept/"),
        lambda ctx: {},
        actor="invitee",
    ),
    Call("api:planner:my-mentor", "DELETE", _p("me/mentors/{invitation}/")),
    Call("api:planner:roadmaps", "POST", _p("me/roadmaps/")),
]


def _readable(route: str) -> str:
    """A router's regex as a path: ^roles/(?P<slug>[^/.]+)/$ → roles/<slug>/."""
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)
    return route.replace("^", "").replace("$", "")


def api_routes() -> dict[str, str]:
    """Every named URL pattern under /api/v1/: name → route."""
    found: dict[str, str] = {}

    def walk(patterns, prefix, namespace=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            elif (
                isinstance(pattern, URLPattern)
                and pattern.name
                and ("/" + route).startswith(API_PREFIX)
            ):
                found.setdefault(namespace + pattern.name, "/" + _readable(route))

    walk(get_resolver().url_patterns, "")
    return found


def learner_context(user, roadmap, levels: dict[str, int]) -> dict:
    from curriculum.models import LifecycleTask, Project, Skill

    return {
        "email": user.email,
        "role": roadmap.role.slug,
        "levels": levels,
        "version": roadmap.version,
        "item": roadmap.items.order_by("position").values_list("pk", flat=True).first(),
        "skill": Skill.objects.order_by("slug").values_list("slug", flat=True).first(),
        "project": Project.objects.filter(is_retired=False)
        .order_by("slug")
        .values_list("slug", flat=True)
        .first(),
        "task": LifecycleTask.objects.filter(is_retired=False)
        .order_by("slug")
        .values_list("slug", flat=True)
        .first(),
    }


def measure(
    calls, learners: list[tuple[dict[str, object], dict]]
) -> list[list[tuple[Counter, int]]]:
    """For each call, for each learner: (statements by kind, HTTP status).

    ``learners`` pairs each learner's users by actor (learner, mentor, invitee) with the
    context the paths and bodies are made from; ``store`` calls add to that context.
    """
    clients = [
        {
            "anonymous": Client(HTTP_ACCEPT="application/json", raise_request_exception=False),
            **{actor: token_client(user) for actor, user in users.items()},
        }
        for users, _ in learners
    ]
    rows = []
    for call in calls:
        row = []
        for by_actor, (_, ctx) in zip(clients, learners, strict=True):
            body = call.body(ctx) if call.body else None
            kinds, response = count_queries(by_actor[call.actor], call.method, call.path(ctx), body)
            if call.store and response.status_code < 300:
                ctx[call.store] = response.json()["id"]
            row.append((kinds, response.status_code))
        rows.append(row)
    return rows


def make_mentor(*, learner, email: str):
    """A mentor who accepted ``learner``'s invitation."""
    from accounts.models import User
    from planner.services import mentoring

    mentor = User.objects.create_user(email=email, password=PASSWORD)
    invitation = mentoring.invite_mentor(learner=learner, email=email)
    mentoring.accept_mentorship(mentor=mentor, token=invitation.token)
    return mentor


def use_memory_broker() -> None:
    """Tasks enqueued after commit go to an in-process queue: no Redis needed, none run."""
    from config.celery_app import app

    app.conf.broker_url = "memory://localhost/"


class Command(BaseCommand):
    help = "SQL queries per API endpoint for a small and a large plan, in a scratch database."

    def add_arguments(self, parser):
        parser.add_argument("--role", default=DEFAULT_ROLE)
        parser.add_argument("--small", type=int, default=5, help="items in the small plan")
        parser.add_argument("--large", type=int, default=60, help="items in the large plan")

    def handle(self, *args, role: str, small: int, large: int, **opts):
        use_memory_broker()
        setup_test_environment()
        settings_dict = connection.settings_dict
        old_name = settings_dict["NAME"]
        if connection.vendor != "sqlite":
            # Never clobber another run's test database on a shared server.
            settings_dict.setdefault("TEST", {})["NAME"] = f"test_waymark_qc_{os.getpid()}"
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            call_command("load_curriculum", verbosity=0, stdout=io.StringIO())
            output = self._run(role, small, large)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()
        self.stdout.write(output)

    def _run(self, role: str, small: int, large: int) -> str:
        from curriculum.models import Role

        if not Role.objects.filter(slug=role).exists():
            raise CommandError(f"Unknown role '{role}'.")
        from accounts.models import User

        learners = []
        for label, size in (("small", small), ("large", large)):
            levels = levels_for_plan_size(role, size)
            user, roadmap = make_learner(email=f"{label}@example.com", role=role, levels=levels)
            ctx = learner_context(user, roadmap, levels)
            ctx["learner_id"] = user.pk
            ctx["invitee_email"] = f"invitee-{label}@example.com"
            users = {
                "learner": user,
                "mentor": make_mentor(learner=user, email=f"mentor-{label}@example.com"),
                "invitee": User.objects.create_user(email=ctx["invitee_email"], password=PASSWORD),
            }
            learners.append((users, ctx, roadmap.items.count()))
        sizes = [n for _, _, n in learners]
        if sizes[1] < large:
            self.stderr.write(f"Warning: the large plan has only {sizes[1]} items.")
        results = measure(CALLS, [(users, ctx) for users, ctx, _ in learners])

        routes = api_routes()
        header = (
            "endpoint",
            "route",
            f"small ({sizes[0]} items)",
            f"large ({sizes[1]} items)",
            "constant",
        )
        body = []
        varying = []
        for call, row in zip(CALLS, results, strict=True):
            (k_small, s_small), (k_large, s_large) = row
            q_small, q_large = k_small.total(), k_large.total()
            same = q_small == q_large
            if not same:
                more, fewer = k_large - k_small, k_small - k_large
                what = [f"+{n} {kind}" for kind, n in sorted(more.items())]
                what += [f"-{n} {kind}" for kind, n in sorted(fewer.items())]
                varying.append(f"{call.method} {call.name} (large plan: {', '.join(what)})")
            body.append(
                (
                    f"{call.method} {call.name}"
                    + ("" if call.actor == "learner" else f" ({call.actor})"),
                    routes.get(call.name, "?"),
                    f"{q_small} [{s_small}]",
                    f"{q_large} [{s_large}]",
                    "yes" if same else "NO",
                )
            )
        widths = [max(len(x) for x in col) for col in zip(header, *body, strict=False)]
        lines = [
            f"SQL queries per request ({connection.vendor}; [HTTP status]); learners aiming "
            f"at {role}, authenticated by API token; each learner has an active mentor",
            "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)),
            "  ".join("-" * w for w in widths),
            *("  ".join(c.ljust(w) for c, w in zip(b, widths, strict=True)) for b in body),
            "",
        ]
        errors = [
            b[0] for b, row in zip(body, results, strict=True) if any(s >= 500 for _, s in row)
        ]
        if errors:
            lines.append("Server errors: " + ", ".join(errors))
        lines.append(
            "Constant in the plan's size: "
            + ("every endpoint." if not varying else "all but " + ", ".join(varying) + ".")
        )
        unmeasured = sorted(set(routes) - {c.name for c in CALLS})
        if unmeasured:
            lines.append(
                "Not measured (no request recipe yet): "
                + ", ".join(f"{name} ({routes[name]})" for name in unmeasured)
            )
        return "\n".join(lines)
