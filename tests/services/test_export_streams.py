"""How an export reads the database: the merged record streams, rows fetched ahead in
threads on PostgreSQL, and the same bytes whichever way the rows were read.

Threads only see committed rows, so the tests of the threaded path commit their data
(``transactional_db``).
"""

import threading

import pytest
from django.db import DatabaseError, connection, transaction

from annotate.core.export.records import CanonicalSpan, dumps_line, normalise_span
from annotate.selectors import row_streams
from annotate.selectors.export_records import ExportFilters, iter_article_records
from annotate.services.adjudication import adjudicate
from annotate.services.annotations import save_annotation
from annotate.services.exports import write_export
from tests.factories import assigned_article

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="rows are fetched ahead on PostgreSQL only"
)


@pytest.fixture
def labelled_articles(project, annotators, reviewer):
    """Three articles with annotations, a gold decision and a note with odd characters."""
    articles = []
    for index in range(3):
        article = assigned_article(
            project,
            annotators,
            [f"Selon l'AFP, l'usine {index} aurait fermé.", "Le maire a démenti.\u2028Fin."],
            title=f"Article {index}",
        )
        first, second = article.spans.order_by("order")[1:]  # after the title
        save_annotation(annotators[0], first, labels=["attributed", "speculative"], cue=[0, 5])
        save_annotation(annotators[1], first, labels=["speculative"], note="«vu»\n")
        save_annotation(annotators[1], second, skip=True)
        adjudicate(reviewer, first, labels=["attributed", "speculative"])
        articles.append(article)
    return articles


def _export_bytes(project, tmp_path, name: str, **filters) -> bytes:
    folder = tmp_path / name
    folder.mkdir()
    return write_export(project, "jsonl", ExportFilters(**filters), folder).read_bytes()


def _threads() -> set[str]:
    return {thread.name for thread in threading.enumerate() if thread.name == "export-rows"}


@postgresql_only
def test_rows_fetched_ahead_give_the_same_bytes_as_rows_read_inline(
    transactional_db, labelled_articles, project, tmp_path, monkeypatch
):
    ahead_calls = []
    fetched_ahead = row_streams._fetched_ahead
    monkeypatch.setattr(
        row_streams,
        "_fetched_ahead",
        lambda sql, params: ahead_calls.append(sql) or fetched_ahead(sql, params),
    )
    threaded = _export_bytes(project, tmp_path, "threaded")
    assert len(ahead_calls) == 3  # spans, annotations, predictions

    with transaction.atomic():  # threads would not see uncommitted rows: read inline
        inline = _export_bytes(project, tmp_path, "inline")
    assert len(ahead_calls) == 3

    assert threaded == inline
    assert threaded.count(b"\n") == 9  # title and two sentences, three articles
    assert b"\\u2028" in threaded  # still one record per physical line
    assert _threads() == set()


@postgresql_only
def test_an_error_in_a_fetching_thread_reaches_the_reader(transactional_db):
    rows = row_streams.stream_rows("SELECT * FROM no_such_table", [])
    with pytest.raises(DatabaseError, match="no_such_table"):
        list(rows)
    assert _threads() == set()


@postgresql_only
def test_a_reader_that_stops_early_stops_its_thread_and_closes_its_connection(
    transactional_db,
):
    def backends() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            )
            return cursor.fetchone()[0]

    before = backends()
    rows = row_streams.stream_rows("SELECT g FROM generate_series(1, 10000000) g", [])
    assert next(rows) == (1,)
    rows.close()
    assert _threads() == set()
    assert backends() == before


def test_selector_spans_are_already_canonical(labelled_articles, project):
    """The canonical writer trusts CanonicalSpan records as they are: the selector
    must build them exactly as normalising would."""
    spans = [
        span
        for article in iter_article_records(project, ExportFilters())
        for span in article["spans"]
    ]
    assert len(spans) == 9
    for span in spans:
        assert type(span) is CanonicalSpan
        assert dumps_line(span) == dumps_line(normalise_span(span))


def test_annotator_filter_finds_the_annotator_under_a_pseudonym(
    labelled_articles, project, annotators, tmp_path
):
    text = _export_bytes(
        project,
        tmp_path,
        "pseudonymised",
        annotator=annotators[1].username,
        pseudonymise=True,
        salt="s3",
    ).decode()
    assert text.count("\n") == 6  # the two spans this annotator labelled, three articles
    assert annotators[1].username not in text and "annotator-" in text


def test_pseudonymised_export_hides_the_reviewer_too(
    labelled_articles, project, reviewer, tmp_path
):
    text = _export_bytes(project, tmp_path, "hidden", pseudonymise=True, salt="s3").decode()
    assert '"basis":"reviewer"' in text
    assert f'"{reviewer.username}"' not in text
