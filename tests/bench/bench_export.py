"""Export throughput and peak memory for 200,000 spans x 3 annotators, beside COPY.

    DATABASE_URL=... .venv/bin/python -m tests.bench.bench_export

Fills a throwaway database with SQL (10,000 articles x 20 spans, 3 annotations per
span), then in the same run: PostgreSQL's COPY of the span x annotation rows to a
file, and our canonical JSONL export through the real service path. The export
runs in a child process so its peak memory (max RSS) is its own.
Targets: at least 1/3 of COPY's spans per second; peak memory under 200 MB.
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.bench.harness import line, stopwatch, use_bench_database

DB_NAME = "annotate_bench_export"
N_ARTICLES, SPANS_PER_ARTICLE, ANNOTATORS = 10_000, 20, 3
ROUNDS = 3
SENTENCE = (
    "Selon les autorités, la centrale aurait été touchée par des tirs dans la nuit, a-t-on appris."
)


def populate() -> int:
    """Fill the database with SQL; returns the project id."""
    from django.db import connection

    from tests.factories import make_project, make_user

    project = make_project("bench-export")
    users = [make_user(f"annotator{i}") for i in range(ANNOTATORS)]
    text = " ".join([SENTENCE.ljust(99)] * SPANS_PER_ARTICLE)
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO annotate_article (project_id, title, outlet, byline, url, language,
                   original_text, cleaned_text, content_hash, metadata, origin, created_at)
               SELECT %s, 'Article ' || g, 'Outlet', '', '', 'fr', %s, %s, md5(g::text),
                   '{}'::jsonb, 'bench', now()
               FROM generate_series(1, %s) g""",
            [project.pk, text, text, N_ARTICLES],
        )
        cursor.execute(
            """INSERT INTO annotate_span (article_id, "order", start, "end", kind)
               SELECT a.id, s, s * 100, s * 100 + 99, 'body'
               FROM annotate_article a, generate_series(0, %s) s""",
            [SPANS_PER_ARTICLE - 1],
        )
        cursor.execute(
            """INSERT INTO annotate_annotation (span_id, annotator_id, labels, skip, note,
                   created_at, updated_at, version)
               SELECT s.id, u, '["attributed", "speculative"]'::jsonb, false, '', now(), now(), 1
               FROM annotate_span s, unnest(%s::bigint[]) u""",
            [[user.pk for user in users]],
        )
        cursor.execute("ANALYZE")
    return project.pk


def copy_seconds(path: Path) -> float:
    """PostgreSQL's own COPY of the same rows (span x annotation) to a file."""
    from django.db import connection

    query = """COPY (SELECT s.article_id, s.id, s."order", s.start, s."end", s.kind,
                  u.username, a.labels, a.skip, a.note
              FROM annotate_span s JOIN annotate_annotation a ON a.span_id = s.id
              JOIN auth_user u ON u.id = a.annotator_id
              ORDER BY s.article_id, s."order") TO STDOUT"""
    connection.ensure_connection()
    raw = connection.connection
    with (
        stopwatch() as clock,
        path.open("wb") as out,
        raw.cursor() as cursor,
        cursor.copy(query) as copy,
    ):
        for block in copy:
            out.write(block)
    return clock["seconds"]


def child(project_id: int, out: str) -> None:
    """Run one export in this (child) process and print its figures as JSON."""
    from annotate.models import Project
    from annotate.selectors.export_records import ExportFilters
    from annotate.services.exports import write_export

    project = Project.objects.get(pk=project_id)
    with stopwatch() as clock:
        write_export(project, "jsonl", ExportFilters(), Path(out))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": clock["seconds"], "peak_mb": peak_kib / 1024}))


def main() -> None:
    url = use_bench_database(DB_NAME)
    n_spans = N_ARTICLES * SPANS_PER_ARTICLE
    with stopwatch() as fill:
        project_id = populate()
    print(
        f"Export: {n_spans:,} spans x {ANNOTATORS} annotators (filled in {fill['seconds']:.0f} s)"
    )
    copies, exports = [], []
    for _ in range(ROUNDS):
        with tempfile.TemporaryDirectory() as tmp:
            copies.append(copy_seconds(Path(tmp) / "copy.tsv"))
            exports.append(_export_in_child(project_id, url, tmp))
            size = sum(p.stat().st_size for p in Path(tmp).glob("*.jsonl"))
    ours = n_spans / statistics.median(run["seconds"] for run in exports)
    baseline = n_spans / statistics.median(copies)
    peak_mb = max(run["peak_mb"] for run in exports)
    line(f"COPY of span x annotation rows (median of {ROUNDS})", f"{baseline:,.0f} spans/s")
    line(
        f"canonical JSONL export (median of {ROUNDS})",
        f"{ours:,.0f} spans/s  ratio {ours / baseline:.2f} (target >= 0.33)",
    )
    line("export peak memory (max RSS)", f"{peak_mb:.0f} MB (target < 200 MB)")
    line("export file size", f"{size / 1e6:,.0f} MB")


def _export_in_child(project_id: int, url: str, folder: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench.bench_export", "--child", str(project_id), folder],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        django.setup()
        child(int(sys.argv[2]), sys.argv[3])
    else:
        main()
