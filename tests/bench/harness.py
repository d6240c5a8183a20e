"""What the benchmarks share: a throwaway PostgreSQL database and a clock.

A benchmark module calls ``use_bench_database()`` before importing any model: it
points Django at a fresh database next to ``DATABASE_URL``, migrates it, and drops it
at exit.
"""

import atexit
import os
import statistics
import time
from contextlib import contextmanager

import psycopg

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/annotate"


def use_bench_database(name: str) -> str:
    """Create database ``name`` (dropping an old one), set Django up on it, migrate."""
    base = os.environ.get("DATABASE_URL", DEFAULT_URL).rsplit("/", 1)[0]
    maintenance = f"{base}/postgres"
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"{base}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    atexit.register(_drop, maintenance, name)
    return os.environ["DATABASE_URL"]


def _drop(maintenance: str, name: str) -> None:
    from django.db import connections

    connections.close_all()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def stopwatch():
    """Yields a dict whose "seconds" is filled in when the block ends."""
    result = {}
    start = time.perf_counter()
    try:
        yield result
    finally:
        result["seconds"] = time.perf_counter() - start


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 of ``samples``."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94]


def line(label: str, value: str) -> None:
    """Print one figure, aligned."""
    print(f"  {label:<46} {value}")
