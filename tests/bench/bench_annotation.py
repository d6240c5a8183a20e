"""Benchmark of the annotation screen's server side against a real server on PostgreSQL.

Run as a script (not collected by pytest):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/annotate \\
        .venv/bin/python -m tests.bench.bench_annotation

It creates a throwaway database next to the one DATABASE_URL names (migrated, filled
with a project, 16 annotators and one 60-span article each), starts gunicorn on a
free local port with DEBUG off, then measures:
- the label-save round trip (POST /p/<slug>/spans/<id>/annotation), p50/p95 over
  1,000 saves made by 1 client, then by 16 concurrent clients (threads, each with its
  own keep-alive connection and session);
- the annotation page (GET) for a 60-span article with annotations and suggestions.
The server and the database are removed at the end, whatever happens.
"""

import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import django

ROOT = Path(__file__).resolve().parents[2]
N_SAVES = 1000
CLIENT_COUNTS = (1, 16)
N_SPANS = 60
PAGE_RUNS = 100
WARM_UP_SAVES = 10
LABEL_CYCLE = (
    {"labels": ["reported"]},
    {"labels": ["attributed"]},
    {"labels": ["attributed", "speculative"], "cue": [0, 5]},
    {"labels": ["denied"], "note": "refuse de commenter"},
    {"skip": True},
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


# ---------------------------------------------------------------- data


def build_data() -> dict:
    """A project, 16 annotators with one 60-span article each, suggestions on every span."""
    from django.test import Client

    from annotate.models import Prediction
    from annotate.services.annotations import save_annotation
    from tests.factories import assigned_article, make_project, make_user, member

    lead = make_user("bench-lead")
    project = make_project("bench", lead=lead)
    annotators = [member(project, "annotator", f"bench{n:02d}") for n in range(max(CLIENT_COUNTS))]
    sentences = [f"Selon la source {i}, le projet aurait été retardé." for i in range(N_SPANS - 1)]
    clients = []
    for annotator in annotators:
        article = assigned_article(project, [annotator], sentences, title="Un titre de test")
        spans = list(article.spans.order_by("order").values_list("pk", flat=True))
        Prediction.objects.bulk_create(
            Prediction(
                span_id=pk,
                labeller="bench",
                labeller_version="1",
                labels=["attributed", "speculative"],
                confidence=0.7,
                rationale="« selon » + conditionnel",
            )
            for pk in spans
        )
        session = Client()
        session.force_login(annotator)
        clients.append(
            {
                "user": annotator.username,
                "article": article.pk,
                "spans": spans,
                "session": session.cookies["sessionid"].value,
            }
        )
    # The page is timed on an article that is fully annotated, the heaviest case.
    first = clients[0]
    for pk in first["spans"]:
        save_annotation(annotators[0], article_span(pk), labels=["attributed"], note="vu")
    first["versions"] = dict.fromkeys(first["spans"], 1)
    return {"slug": project.slug, "clients": clients}


def article_span(pk: int):
    from annotate.models import Span

    return Span.objects.select_related("article__project__label_schema").get(pk=pk)


# ---------------------------------------------------------------- server


@contextmanager
def throwaway_database():
    """A migrated database beside DATABASE_URL's; yields its URL, drops it afterwards."""
    from django.db import connection

    original = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_annotation_{os.getpid()}"
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    url = urlparse(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()
    try:
        yield url
    finally:
        connection.close()
        connection.creation.destroy_test_db(original, verbosity=0)


@contextmanager
def running_server(database_url: str):
    """gunicorn (gthread) on a free port, DEBUG off; yields the port."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-annotation-"))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(workdir / "static"),
        "ANNOTATE_VAR_DIR": str(workdir / "var"),
        "LOG_LEVEL": "WARNING",
    }
    python = sys.executable
    subprocess.run(
        [python, "-m", "django", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=True,
    )
    workers = max(2, min(4, os.cpu_count() or 2))
    server = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "gthread",
            "--workers",
            str(workers),
            "--threads",
            "8",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(port, server)
        yield port, workers
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(workdir, ignore_errors=True)


def wait_until_up(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


# ---------------------------------------------------------------- clients


class Annotator:
    """One signed-in browser's worth of HTTP: a keep-alive connection, cookies, versions."""

    def __init__(self, port: int, slug: str, info: dict):
        self.port, self.slug, self.info = port, slug, info
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies = {"sessionid": info["session"]}
        self.versions: dict[int, int] = dict(info.get("versions", {}))
        self.turn = 0

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers = {"Cookie": cookie, **(headers or {})}
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            # The server closed an idle keep-alive connection: reconnect once.
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def page_path(self) -> str:
        return f"/p/{self.slug}/articles/{self.info['article']}/annotate/"

    def open_page(self) -> float:
        start = time.perf_counter()
        status, _ = self.request("GET", self.page_path())
        elapsed = time.perf_counter() - start
        if status != 200:
            raise RuntimeError(f"page answered {status}")
        return elapsed

    def save_next(self) -> float:
        """Save the next value on the next span, carrying the version last seen."""
        spans = self.info["spans"]
        span = spans[self.turn % len(spans)]
        value = LABEL_CYCLE[(self.turn // len(spans) + self.turn) % len(LABEL_CYCLE)]
        self.turn += 1
        body = json.dumps({**value, "expected_version": self.versions.get(span)}).encode()
        start = time.perf_counter()
        status, data = self.request(
            "POST",
            f"/p/{self.slug}/spans/{span}/annotation",
            body=body,
            headers={"Content-Type": "application/json", "X-CSRFToken": self.cookies["csrftoken"]},
        )
        elapsed = time.perf_counter() - start
        if status != 200:
            raise RuntimeError(f"save answered {status}: {data[:200]!r}")
        self.versions[span] = json.loads(data)["annotation"]["version"]
        return elapsed


def run_saves(annotators: list[Annotator], total: int) -> tuple[list[float], float]:
    """``total`` saves spread over the annotators, each in its own thread."""
    shares = [
        total // len(annotators) + (i < total % len(annotators)) for i in range(len(annotators))
    ]
    timings: list[list[float]] = [[] for _ in annotators]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(annotators) + 1)

    def work(index: int) -> None:
        barrier.wait()
        try:
            for _ in range(shares[index]):
                timings[index].append(annotators[index].save_next())
        except BaseException as error:  # reported after the join
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(annotators))]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    if errors:
        raise errors[0]
    return [t for per_client in timings for t in per_client], wall


def report(name: str, timings: list[float], wall: float | None = None) -> None:
    ms = [t * 1000 for t in timings]
    line = (
        f"{name:<34} n={len(ms):>5}  p50 {statistics.median(ms):6.1f} ms  "
        f"p95 {percentile(ms, 0.95):6.1f} ms  p99 {percentile(ms, 0.99):6.1f} ms  "
        f"max {max(ms):6.1f} ms"
    )
    if wall:
        line += f"  ({len(ms) / wall:6.0f} saves/s)"
    print(line, flush=True)


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/x"
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # The sessions made here must verify in the server: both sign with this key.
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    django.setup()
    with throwaway_database() as database_url:
        data = build_data()
        with running_server(database_url) as (port, workers):
            annotators = [Annotator(port, data["slug"], info) for info in data["clients"]]
            for annotator in annotators:
                annotator.open_page()  # sets the CSRF cookie, as a browser would
                for _ in range(WARM_UP_SAVES):
                    annotator.save_next()
            print(
                f"gunicorn gthread {workers} workers x 8 threads, PostgreSQL, DEBUG off; "
                f"{N_SPANS}-span articles; client and server on this machine "
                f"({os.cpu_count()} CPUs)"
            )
            page_times = [annotators[0].open_page() for _ in range(PAGE_RUNS)]
            report(f"annotation page GET ({N_SPANS} spans)", page_times)
            for count in CLIENT_COUNTS:
                timings, wall = run_saves(annotators[:count], N_SAVES)
                report(f"label save, {count:>2} concurrent client(s)", timings, wall)


if __name__ == "__main__":
    main()
