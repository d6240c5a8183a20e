"""Pre-labelling through real Celery workers consuming from Redis."""

import json

import pytest
import redis
from django.conf import settings

from annotate.models import Job, JobChunk, Prediction, Span
from annotate.services.imports import import_bytes
from annotate.services.prelabel import run_chunk, start_prelabel
from tests.conftest import SAMPLE_PAGE
from tests.worker_process import kill, running_worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def empty_broker():
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.flushdb()
    yield client
    client.flushdb()


def _job_state(job_id: int) -> Job:
    return Job.objects.get(pk=job_id)


def _articles_jsonl(count: int) -> bytes:
    sentences = [
        "Selon le ministère, la réforme entrera en vigueur en janvier.",
        "Le maire aurait rencontré les promoteurs à plusieurs reprises.",
        "La société a démenti toute implication dans l'affaire.",
        "Les pompiers sont intervenus vers 22 heures dans le quartier.",
    ]
    rows = [
        {
            "title": f"Article {i}",
            "text": " ".join(f"{s} (n°{i}-{j})" for j, s in enumerate(sentences * 3)),
        }
        for i in range(count)
    ]
    return "\n".join(json.dumps(row, ensure_ascii=False) for row in rows).encode()


def test_a_worker_prelabels_an_imported_article(project):
    project.prelabel_on_import = True
    project.save()
    with running_worker():
        batch = import_bytes(project, SAMPLE_PAGE.name, SAMPLE_PAGE.read_bytes())
        job = Job.objects.get(project=project, kind=Job.Kind.PRELABEL)
        wait_for(lambda: _job_state(job.pk).state == Job.State.DONE, timeout=120, what="the job")
    spans = Span.objects.filter(article__batch=batch)
    predictions = Prediction.objects.filter(span__in=spans)
    assert predictions.count() == spans.count() == 26
    first = predictions.get(span__order=0)
    assert first.labels == ["speculative"]
    assert _job_state(job.pk).done == 1


def test_running_a_chunk_twice_leaves_one_prediction_per_span(project):
    import_bytes(project, "batch.jsonl", _articles_jsonl(3), prelabel=False)
    job = start_prelabel(project, enqueue=False)
    run_chunk(job.pk, 0)
    first = sorted(Prediction.objects.values_list("pk", "span_id", "labels"))
    run_chunk(job.pk, 0)
    assert sorted(Prediction.objects.values_list("pk", "span_id", "labels")) == first
    assert len(first) == Span.objects.count()
    assert _job_state(job.pk).done == 3 and _job_state(job.pk).state == Job.State.DONE


def test_a_killed_worker_task_is_redelivered_and_completes_once(project, settings, empty_broker):
    settings.ANNOTATE_PRELABEL_CHUNK = 1
    import_bytes(project, "batch.jsonl", _articles_jsonl(40), prelabel=False)
    job = start_prelabel(project)
    fast_redelivery = {"CELERY_VISIBILITY_TIMEOUT": "2"}
    with running_worker(env=fast_redelivery) as worker:
        # Kill while a task is in flight: delivered to the worker, not yet acknowledged.
        wait_for(
            lambda: _job_state(job.pk).done >= 2 and empty_broker.hlen("unacked") > 0,
            timeout=120,
            interval=0.02,
            what="a task in flight",
        )
        kill(worker)
    in_flight = empty_broker.hlen("unacked")
    assert in_flight >= 1, "the kill must leave an unacknowledged task behind"
    assert _job_state(job.pk).done < 40
    with running_worker(env=fast_redelivery):
        wait_for(lambda: _job_state(job.pk).state == Job.State.DONE, timeout=180, what="the job")
    assert Prediction.objects.count() == Span.objects.count()
    assert Prediction.objects.values("span_id").distinct().count() == Span.objects.count()
    assert _job_state(job.pk).done == 40
    assert not JobChunk.objects.filter(job_id=job.pk, finished_at__isnull=True).exists()
