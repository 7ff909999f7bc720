"""``manage.py bench_reminders --learners N``: the reminder fan-out against real components.

Everything is scratch: a new SQLite database in a temporary folder, a redis-server and an
SMTP server (aiosmtpd, a development dependency) on free ports, and one Celery worker
(prefork, concurrency 1) pointed at them. The command runs itself again in a subprocess whose
settings point there, so the project's own database and broker are never touched.

It prints learners per second, duplicates (reminder rows or emails beyond one per learner),
losses (due learners with no email), each beside its target (DESIGN.md: at least 500 a
second on one worker, none duplicated, none lost) and whether it holds; and two floors to
compare with: the same fan-out of no-op tasks (the broker and worker), and one process doing
nothing but sending messages of the reminders' size over one connection to the same SMTP
server (``benchmarks.smtp_floor``). The worker runs with DEBUG off, as in production.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from benchmarks.seeding import copy_roadmaps
from benchmarks.servers import (
    CeleryWorker,
    RedisServer,
    ServerError,
    SmtpSink,
    free_port,
    wait_for,
)

SCRATCH_FLAG = "WAYMARK_BENCH_SCRATCH"
RATE_TARGET = 500  # reminders a second on one worker
ROOT = Path(settings.BASE_DIR)


class Command(BaseCommand):
    help = "Benchmark the reminder fan-out on a real Redis and worker, in a scratch database."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=1000)
        parser.add_argument("--timeout", type=float, default=600, help="seconds to wait")

    def handle(self, *args, learners: int, timeout: float, **options):
        if learners < 1:
            raise CommandError("--learners must be at least 1")
        if os.environ.get(SCRATCH_FLAG) != "1":
            return self._run_in_scratch(learners, timeout)
        return self._bench(learners, timeout)

    # -- the parent: a scratch folder, ports, and this command again -------------------

    def _run_in_scratch(self, learners: int, timeout: float) -> None:
        if shutil.which("redis-server") is None:
            raise CommandError("redis-server is not installed (apt-get install redis-server).")
        folder = Path(tempfile.mkdtemp(prefix="waymark-bench-"))
        env = {
            **os.environ,
            SCRATCH_FLAG: "1",
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "config.settings.local"
            ),
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{free_port()}/0",
            "EMAIL_URL": f"smtp://127.0.0.1:{free_port()}",
            "DJANGO_LOG_LEVEL": "WARNING",
            # DEBUG keeps every SQL statement in memory and skips the template cache: not
            # what a production worker does.
            "DJANGO_DEBUG": "0",
            "BENCH_FOLDER": str(folder),
        }
        try:
            code = subprocess.call(
                [
                    sys.executable,
                    str(ROOT / "manage.py"),
                    "bench_reminders",
                    f"--learners={learners}",
                    f"--timeout={timeout}",
                ],
                cwd=ROOT,
                env=env,
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if code:
            raise CommandError(f"the benchmark failed (exit {code})")

    # -- the child: settings point at the scratch database, broker and mail server -------

    def _bench(self, learners: int, timeout: float) -> None:
        batch_size = settings.REMINDER_BATCH_SIZE
        folder = Path(os.environ["BENCH_FOLDER"])
        broker_port = int(settings.CELERY_BROKER_URL.rsplit(":", 1)[1].split("/")[0])
        redis_server = RedisServer(port=broker_port, directory=folder)
        sink = SmtpSink(port=int(settings.EMAIL_PORT))
        # The worker says nothing at WARNING: it is ready when it answers a ping.
        worker = CeleryWorker(dict(os.environ), folder / "worker.log", loglevel="WARNING")
        try:
            redis_server.start()
            self.stdout.write("Preparing the scratch database…")
            call_command("migrate", verbosity=0, interactive=False)
            call_command("load_curriculum", str(settings.CURRICULUM_FILE), verbosity=0)
            started = time.monotonic()
            emails = _make_due_learners(learners)
            self.stdout.write(
                f"  {learners} due learners with roadmaps in {time.monotonic() - started:.1f}s"
            )
            sink.start()
            worker.start()
            noop_seconds = self._noop_fanout(learners, batch_size, timeout)
            result = self._reminder_fanout(learners, emails, sink, timeout)
            floor = self._smtp_floor(sink, learners)
        except (ServerError, TimeoutError) as error:
            raise CommandError(str(error)) from error
        finally:
            worker.stop()
            sink.stop()
            redis_server.stop()
        rate = learners / result["seconds"]
        rate_ok = rate >= RATE_TARGET
        clean = result["duplicates"] == 0 and result["lost"] == 0
        self.stdout.write(
            f"reminders: {learners} learners in {result['seconds']:.2f}s = {rate:.0f} learners/s "
            f"(one worker, batches of {batch_size}); target ≥ {RATE_TARGET}/s: "
            f"{'met' if rate_ok else 'MISSED'}\n"
            f"  duplicates: {result['duplicates']} (emails {result['duplicate_emails']}, "
            f"rows {result['duplicate_rows']})  lost: {result['lost']}  failed: "
            f"{result['failed']}; target 0 duplicates, 0 lost: {'met' if clean else 'MISSED'}\n"
            f"floors: no-op fan-out of the same size {learners / noop_seconds:.0f} ids/s "
            f"(reminders {result['seconds'] / noop_seconds:.1f}× as long); one process only "
            f"sending {floor['messages']} messages of {floor['bytes']} bytes to the same SMTP "
            f"server {floor['per_second']:.0f}/s (reminders at "
            f"{rate / floor['per_second']:.2f}× that)\n"
            f"targets {'HOLD' if rate_ok and clean else 'DO NOT HOLD'}"
        )
        self.stdout.write(
            json.dumps(
                {
                    **result,
                    "learners_per_second": round(rate, 1),
                    "target_per_second": RATE_TARGET,
                    "noop_seconds": round(noop_seconds, 3),
                    "smtp_floor": floor,
                }
            )
        )

    def _smtp_floor(self, sink, learners: int) -> dict:
        """One process only sending messages of the reminders' mean size, over one connection."""
        with sink.lock:
            sample = [m.as_bytes() for _, m in sink.messages[:50]]
        size = sum(map(len, sample)) // len(sample) if sample else 3000
        count = min(learners, 2000)
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.smtp_floor",
                "--port",
                str(sink.port),
                "--count",
                str(count),
                "--size",
                str(size),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
        return {**json.loads(done.stdout.strip().splitlines()[-1]), "bytes": size}

    def _noop_fanout(self, learners: int, batch_size: int, timeout: float) -> float:
        import redis

        from benchmarks.tasks import noop_fanout

        client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        started = time.monotonic()
        noop_fanout.delay(learners, batch_size)
        idle_polls = [0]

        def idle() -> bool:
            quiet = client.llen("celery") == 0 and client.hlen("unacked") == 0
            idle_polls[0] = idle_polls[0] + 1 if quiet else 0
            return idle_polls[0] >= 3

        wait_for(idle, timeout=timeout, interval=0.01, what="the no-op fan-out")
        return time.monotonic() - started - 0.02

    def _reminder_fanout(self, learners: int, emails: set[str], sink, timeout: float) -> dict:
        from django.db.models import Count

        from planner.models import Reminder, ReminderStatus
        from planner.tasks import send_due_reminders

        done = Reminder.objects.filter(status__in=[ReminderStatus.SENT, ReminderStatus.FAILED])
        started = time.monotonic()
        send_due_reminders.delay()
        wait_for(
            lambda: done.count() >= learners, timeout=timeout, interval=0.1, what="every reminder"
        )
        seconds = time.monotonic() - started
        time.sleep(1)  # anything sent twice would arrive now
        counts = sink.counts(kind=None)
        duplicate_rows = sum(
            row["n"] - 1
            for row in Reminder.objects.values("user_id", "period").annotate(n=Count("id"))
            if row["n"] > 1
        )
        duplicate_emails = sum(n - 1 for n in counts.values() if n > 1)
        return {
            "learners": learners,
            "seconds": round(seconds, 3),
            "duplicates": duplicate_rows + duplicate_emails,
            "duplicate_rows": duplicate_rows,
            "duplicate_emails": duplicate_emails,
            "lost": len(emails - set(counts)),
            "failed": Reminder.objects.filter(status=ReminderStatus.FAILED).count(),
        }


def _make_due_learners(count: int) -> set[str]:
    """``count`` learners due this hour, each with a copy of one real data-scientist plan."""
    from accounts.models import User
    from curriculum.models import Role
    from planner.services import build_roadmap, update_profile
    from planner.services.roadmaps import REASON_FIRST

    now = timezone.now()
    due = {
        "timezone": "UTC",
        "reminder_weekday": now.weekday(),
        "reminder_hour": now.hour,
        "email_confirmed_at": now,
    }
    first = User.objects.create_user("bench-0@example.com", name="Bench 0", **due)
    role = Role.objects.get(slug="data-scientist")
    update_profile(user=first, target_role=role, weekly_hours=10)
    template = build_roadmap(user=first, reason=REASON_FIRST)
    users = [
        User(email=f"bench-{n}@example.com", name=f"Bench {n}", password="!", **due)
        for n in range(1, count)
    ]
    User.objects.bulk_create(users, batch_size=2000)
    users = list(User.objects.exclude(pk=first.pk).order_by("pk"))
    copy_roadmaps([template], users)
    return {first.email, *(u.email for u in users)}
