"""Real servers on loopback, for the integration tests and the benchmark commands.

Redis, an SMTP server that keeps what it gets, Celery workers, gunicorn and a throwaway
PostgreSQL server. Each runs on a free port (or the one it is given) and can be stopped and
started again. Only the standard library is imported here at module level: redis and aiosmtpd
(a development dependency) are imported by the servers that use them.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from email.message import Message
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class ServerError(RuntimeError):
    """A server could not be started, or it exited; the message says why."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout: float = 30, interval: float = 0.05, what: str = "condition"):
    """Poll ``predicate`` until it returns something truthy; TimeoutError after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(interval)


def tail(path: Path, lines: int = 30) -> str:
    """The last ``lines`` lines of a log ("" if it cannot be read)."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def stop_process_group(process: subprocess.Popen | None, timeout: float = 20) -> None:
    """SIGTERM a process started with ``start_new_session=True`` and its whole group, then
    SIGKILL whatever is left after ``timeout`` seconds."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


class RedisServer:
    """A throwaway redis-server on its own port and directory; ``persistent``: with AOF, as
    in production, so a restart keeps what was queued."""

    def __init__(
        self,
        port: int | None = None,
        directory: Path | str | None = None,
        *,
        persistent: bool = False,
    ) -> None:
        self.persistent = persistent
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._owns_dir = directory is None
        self.dir = str(directory) if directory else tempfile.mkdtemp(prefix="waymark-redis-")
        self.process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server")
        if binary is None:
            raise ServerError("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes" if self.persistent else "no",
                "--appendfsync",
                "always",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.ping, timeout=10, what="redis-server to answer")
        return self

    def ping(self) -> bool:
        import redis

        try:
            return redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping()
        except redis.ConnectionError:
            return False

    def client(self):
        import redis

        return redis.Redis.from_url(self.url)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def close(self) -> None:
        self.stop()
        if self._owns_dir:
            shutil.rmtree(self.dir, ignore_errors=True)


class _Keeper:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # A held sink stalls here, with no message of this session yet accepted, so a client
        # killed while it waits has sent nothing it will not send again.
        while (
            self.sink.holding_after is not None
            and len(self.sink.messages) >= self.sink.holding_after
        ):
            self.sink.held.set()
            await asyncio.sleep(0.01)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        sink = self.sink
        if (
            sink.dropping_data_after is not None
            and sink.drops_left > 0
            and len(sink.messages) >= sink.dropping_data_after
        ):
            # The whole message and its final dot are in; the server goes away before it
            # answers: nothing kept, and the client sees its connection closed.
            sink.drops_left -= 1
            server.transport.close()
            return "421 Closing"
        message = email.message_from_bytes(envelope.content)
        with self.sink.lock:
            for recipient in envelope.rcpt_tos:
                self.sink.messages.append((recipient.lower(), message))
        return "250 Message accepted for delivery"


class SmtpSink:
    """An aiosmtpd server that keeps every message; what it got survives a stop and start."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"smtp://127.0.0.1:{self.port}"
        self.messages: list[tuple[str, Message]] = []
        self.lock = threading.Lock()
        self.controller = None
        self.holding_after: int | None = None
        self.held = threading.Event()
        self.dropping_data_after: int | None = None
        self.drops_left = 0

    def start(self) -> SmtpSink:
        try:
            from aiosmtpd.controller import Controller
        except ImportError as error:
            raise ServerError("the SMTP sink needs aiosmtpd (pip install -e .[dev])") from error
        self.controller = Controller(_Keeper(self), hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
        self.release()

    def hold_after(self, count: int) -> None:
        """Once ``count`` messages are in, answer no RCPT TO until :meth:`release`; ``held``
        is set when a client is kept waiting."""
        self.held.clear()
        self.holding_after = count

    def release(self) -> None:
        self.holding_after = None
        self.held.clear()
        self.dropping_data_after, self.drops_left = None, 0

    def drop_data_after(self, count: int, times: int = 1) -> None:
        """Once ``count`` messages are in, close the connection instead of answering the next
        ``times`` messages' final dot, keeping none of them (a message provably not accepted).
        """
        self.dropping_data_after, self.drops_left = count, times

    def to(self, address: str) -> list[Message]:
        with self.lock:
            return [m for r, m in self.messages if r == address.lower()]

    def counts(self, kind: str | None = "reminder") -> Counter:
        """How many messages of a kind (by their Message-ID, e.g. <reminder-…>) each got;
        ``kind=None``: how many messages of any kind."""
        with self.lock:
            return Counter(
                r
                for r, m in self.messages
                if kind is None or (m["Message-ID"] or "").startswith(f"<{kind}-")
            )


class CeleryWorker:
    """``celery -A config worker`` in its own process group, so a kill takes its children too.

    At INFO or DEBUG it is ready when its log says so; at quieter levels it says nothing, and
    it is ready when it answers a ping through the broker (``config.celery_app`` settings).
    """

    def __init__(self, env: dict[str, str], log_path: Path, *, loglevel: str = "INFO") -> None:
        self.env = env
        self.log_path = log_path
        self.loglevel = loglevel.upper()
        self.process: subprocess.Popen | None = None
        self._log = None

    def start(self, timeout: float = 60) -> CeleryWorker:
        self._log = open(self.log_path, "a")  # noqa: SIM115 - closed in stop()
        start_offset = self.log_path.stat().st_size
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                f"--loglevel={self.loglevel}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        logs_ready = self.loglevel in {"DEBUG", "INFO"}

        def ready():
            if self.process.poll() is not None:
                raise ServerError(f"the worker exited: see {self.log_path}\n{tail(self.log_path)}")
            if logs_ready:
                return b" ready." in self.log_path.read_bytes()[start_offset:]
            return _answers_ping()

        wait_for(ready, timeout=timeout, interval=0.1, what="the Celery worker to be ready")
        return self

    def kill(self) -> None:
        """SIGKILL the worker and its pool: no warm shutdown, no acknowledgements."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self._close_log()

    def stop(self) -> None:
        stop_process_group(self.process)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


def _answers_ping() -> bool:
    from config.celery_app import app

    try:
        return bool(app.control.ping(timeout=0.5))
    except Exception:  # noqa: BLE001 - the broker may not be up yet
        return False


class Gunicorn:
    """``gunicorn config.wsgi:application`` on a free port, in its own process group; ready
    when ``ready_path`` answers 200."""

    def __init__(
        self,
        env: dict[str, str],
        log_path: Path,
        *,
        workers: int = 2,
        worker_class: str = "sync",
        ready_path: str = "/",
    ) -> None:
        self.env = env
        self.log_path = log_path
        self.workers = workers
        self.worker_class = worker_class
        self.ready_path = ready_path
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self._log = None

    def start(self, timeout: float = 60) -> Gunicorn:
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                self.worker_class,
                "--timeout",
                "60",
                "--backlog",
                "2048",
            ],
            env=self.env,
            cwd=ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: Ctrl-C reaches us, and we stop it
        )
        url = f"http://127.0.0.1:{self.port}{self.ready_path}"

        def answers() -> bool:
            if self.process.poll() is not None:
                raise ServerError(
                    f"gunicorn exited with {self.process.returncode}:\n{tail(self.log_path)}"
                )
            with (
                contextlib.suppress(OSError, urllib.error.URLError),
                urllib.request.urlopen(url, timeout=2) as response,
            ):
                return response.status == 200
            return False

        try:
            wait_for(answers, timeout=timeout, interval=0.2, what=f"gunicorn to answer {url}")
        except TimeoutError as error:
            raise ServerError(
                f"gunicorn did not answer {url} within {timeout:g} s:\n{tail(self.log_path)}"
            ) from error
        return self

    def stop(self) -> None:
        """Stop gunicorn (its master, then its whole process group if it lingers)."""
        stop_process_group(self.process)
        if self._log is not None:
            self._log.close()
            self._log = None


class PostgresServer:
    """A throwaway PostgreSQL server of our own (``scripts/postgres``, Debian's binaries) on a
    free port: never someone else's."""

    script = ROOT / "scripts" / "postgres"

    def __init__(self) -> None:
        self.port = free_port()
        self.env = {k: v for k, v in os.environ.items() if k != "WAYMARK_PG_DIR"}
        self.env["WAYMARK_PG_PORT"] = str(self.port)
        self.url = ""
        self._started = False

    def start(self) -> str:
        """Start it; return its DATABASE_URL."""
        if not self.script.exists() or not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
            raise ServerError(
                "no PostgreSQL server binaries (/usr/lib/postgresql/*/bin); install Debian's "
                "postgresql or pass --postgres-url"
            )
        self._started = True
        done = subprocess.run(
            ["bash", str(self.script), "start"],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        line = next(
            (x for x in done.stdout.splitlines() if x.startswith("export DATABASE_URL=")), ""
        )
        if done.returncode or not line:
            raise ServerError(
                f"could not start a local PostgreSQL server: {done.stderr.strip()[-500:]}"
            )
        self.url = line.removeprefix("export DATABASE_URL=")
        return self.url

    def stop(self) -> None:
        if self._started:
            subprocess.run(
                ["bash", str(self.script), "stop"],
                env=self.env,
                check=False,
                capture_output=True,
            )
            self._started = False
