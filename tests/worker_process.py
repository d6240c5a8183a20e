"""Start real Celery worker processes against the test database, for tests and benchmarks."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """A URL for the database this process is using (the test database under pytest)."""
    settings = connection.settings_dict
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or "5432"
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def worker_command(concurrency: int = 1, pool: str = "solo") -> list[str]:
    celery = str(Path(sys.executable).with_name("celery"))
    return [
        celery,
        "-A",
        "config",
        "worker",
        "--loglevel=WARNING",
        f"--pool={pool}",
        f"--concurrency={concurrency}",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        f"--hostname=test-{os.getpid()}-{time.monotonic_ns()}@%h",
    ]


@contextmanager
def running_worker(*, concurrency: int = 1, pool: str = "solo", env: dict | None = None, log=None):
    """A worker process for the duration of the block; killed (whole group) on exit."""
    environment = {**os.environ, "DATABASE_URL": database_url(), **(env or {})}
    process = subprocess.Popen(
        worker_command(concurrency, pool),
        cwd=ROOT,
        env=environment,
        stdout=log or subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        kill(process)


def kill(process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Kill the worker and its pool children at once, as a crash would."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
        process.wait(timeout=30)


def wait_for(predicate, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    """Poll until ``predicate()`` is truthy; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
