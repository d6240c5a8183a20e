"""Fail early, saying how to start them, when PostgreSQL or Redis is not reachable."""

import os
import sys

import psycopg
import redis

HINTS = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "Redis": (
        'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" '
        "--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log"
    ),
}


def _check_postgres(url: str) -> None:
    # The test database is created by pytest-django; reaching the server is enough.
    maintenance = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, connect_timeout=3):
        pass


def _check_redis(url: str) -> None:
    redis.Redis.from_url(url, socket_connect_timeout=3).ping()


def main() -> int:
    failures = []
    for name, check, var in (
        ("PostgreSQL", _check_postgres, "DATABASE_URL"),
        ("Redis", _check_redis, "REDIS_URL"),
    ):
        url = os.environ.get(var, "")
        try:
            check(url)
        except Exception as error:  # any failure means "not reachable" here
            failures.append(
                f"{name} is not reachable at {url} ({error}).\n  Start it: {HINTS[name]}"
            )
    for failure in failures:
        print(failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
