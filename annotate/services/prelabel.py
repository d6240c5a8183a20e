"""Pre-labelling: run a labeller over articles' spans and store its predictions.

Work is split into chunks of articles, one Celery task each. Writes are upserts
keyed on (span, labeller, version), so a redelivered or repeated chunk leaves
exactly one prediction per span and labeller version, and never touches annotations.
"""

from itertools import groupby

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from annotate.labellers.base import SpanInput
from annotate.labellers.registry import available_labellers, get_labeller, labeller_for_language
from annotate.models import Article, Job, JobChunk, Project, Span

from .prediction_writes import upsert_predictions


def warm_up() -> None:
    """Run each labeller once on a tiny input so its model is loaded in this process."""
    for name in available_labellers():
        labeller = get_labeller(name)
        language = sorted(labeller.languages)[0]
        labeller.predict([SpanInput(text="Warm up.", language=language)])


def start_prelabel(
    project: Project,
    *,
    article_ids: list[int] | None = None,
    labeller: str | None = None,
    user=None,
    enqueue: bool = True,
) -> Job:
    """Create a pre-label job over the articles (all of the project's by default)."""
    if labeller:
        get_labeller(labeller)  # fail now, with the known names, rather than in a worker
    ids = (
        article_ids
        if article_ids is not None
        else list(project.articles.order_by("pk").values_list("pk", flat=True))
    )
    size = settings.ANNOTATE_PRELABEL_CHUNK
    chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
    with transaction.atomic():
        job = Job.objects.create(
            project=project,
            kind=Job.Kind.PRELABEL,
            total=len(ids),
            created_by=user,
            params={"labeller": labeller, "chunks": chunks},
            state=Job.State.QUEUED if chunks else Job.State.DONE,
        )
        JobChunk.objects.bulk_create(
            JobChunk(job=job, index=i, size=len(chunk)) for i, chunk in enumerate(chunks)
        )
        if enqueue:
            transaction.on_commit(lambda: _enqueue(job))
    return job


def _enqueue(job: Job) -> None:
    from annotate.tasks import prelabel_chunk_task

    for index in range(len(job.params["chunks"])):
        prelabel_chunk_task.delay(job.pk, index)


def run_chunk(job_id: int, index: int) -> int:
    """Pre-label one chunk of a job; returns how many predictions were written."""
    job = Job.objects.get(pk=job_id)
    article_ids = job.params["chunks"][index]
    Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(state=Job.State.RUNNING)
    written = prelabel_articles(article_ids, labeller=job.params.get("labeller"))
    with transaction.atomic():
        JobChunk.objects.filter(job_id=job_id, index=index, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )
    _refresh_progress(job_id)
    return written


def record_failure(job_id: int, index: int, error: Exception) -> None:
    """Note a chunk that failed for good on its job."""
    job = Job.objects.get(pk=job_id)
    job.errors = [*job.errors, {"chunk": index, "error": f"{type(error).__name__}: {error}"}]
    job.state = Job.State.FAILED
    job.finished_at = timezone.now()
    job.save(update_fields=["errors", "state", "finished_at"])


def _refresh_progress(job_id: int) -> None:
    # One UPDATE with a subquery sees every committed chunk, so concurrent chunks
    # finishing at once cannot leave a lower count behind.
    finished = (
        JobChunk.objects.filter(job_id=job_id, finished_at__isnull=False)
        .values("job_id")
        .annotate(total=Sum("size"))
        .values("total")
    )
    Job.objects.filter(pk=job_id).update(done=Coalesce(finished, 0))
    Job.objects.filter(pk=job_id, done__gte=F("total")).exclude(state=Job.State.FAILED).update(
        state=Job.State.DONE, finished_at=timezone.now()
    )


def prelabel_articles(article_ids: list[int], *, labeller: str | None = None) -> int:
    """Predict every span of the articles and upsert the predictions in bulk."""
    articles = Article.objects.filter(pk__in=article_ids).only("pk", "language", "cleaned_text")
    texts = {article.pk: (article.language, article.cleaned_text) for article in articles}
    spans = list(
        Span.objects.filter(article_id__in=texts)
        .order_by("article_id", "order")
        .values_list("pk", "article_id", "start", "end", "kind", "order")
    )
    rows = []
    for language, group in groupby(
        sorted(spans, key=lambda s: (texts[s[1]][0], s[1], s[5])), key=lambda s: texts[s[1]][0]
    ):
        group = list(group)
        model = get_labeller(labeller) if labeller else labeller_for_language(language)
        inputs = _inputs(group, texts, language)
        for span, result in zip(group, model.predict(inputs), strict=True):
            rows.append(_prediction_row(span[0], model, result))
    return upsert_predictions(rows)


def _inputs(group, texts, language: str) -> list[SpanInput]:
    inputs, previous = [], {}
    for _pk, article_id, start, end, kind, _order in group:
        text = texts[article_id][1][start:end]
        inputs.append(
            SpanInput(
                text=text, language=language, kind=kind, previous_text=previous.get(article_id)
            )
        )
        previous[article_id] = text
    return inputs


def _prediction_row(span_id: int, model, result) -> tuple:
    """A row in ``prediction_writes.COLUMNS`` order."""
    cue, source = result.cue or (None, None), result.source or (None, None)
    return (
        span_id,
        model.name,
        model.version,
        sorted(result.labels),
        float(result.confidence),
        result.rationale,
        *cue,
        *source,
    )
