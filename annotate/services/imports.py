"""Importing article files: read, clean, segment, deduplicate, store atomically.

The slow work (cleaning and segmentation) happens before the transaction, so the
batch's progress is visible while it runs; the writes happen in one transaction
per file, so a failed import stores nothing and a retried one stores nothing twice.
"""

from collections.abc import Callable
from dataclasses import asdict

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from annotate.core.preparation import PreparedArticle, prepare_article
from annotate.core.readers import InputError, InputProblem, read_documents
from annotate.models import Article, ImportBatch, Project, Span

Progress = Callable[[int, int], None]


def create_batch(
    project: Project,
    file_name: str,
    data: bytes,
    *,
    user=None,
    skip_invalid=False,
    language: str = "",
    prelabel: bool = True,
) -> ImportBatch:
    """Store an uploaded file in a new queued batch; ``enqueue_batch`` runs it."""
    batch = ImportBatch(
        project=project,
        created_by=user,
        file_name=file_name,
        skip_invalid=skip_invalid,
        language=language,
        prelabel=prelabel,
    )
    batch.upload.save(file_name, ContentFile(data), save=False)
    batch.save()
    return batch


def enqueue_batch(batch: ImportBatch) -> None:
    """Run the batch in a worker once the transaction that created it commits."""
    from annotate.tasks import import_batch_task

    transaction.on_commit(lambda: import_batch_task.delay(batch.pk))


def import_bytes(
    project: Project,
    file_name: str,
    data: bytes,
    *,
    user=None,
    skip_invalid=False,
    language: str = "",
    prelabel: bool = True,
    progress: Progress | None = None,
) -> ImportBatch:
    """Import one file now, in this process (the CLI path)."""
    batch = ImportBatch.objects.create(
        project=project,
        created_by=user,
        file_name=file_name,
        skip_invalid=skip_invalid,
        language=language,
        prelabel=prelabel,
    )
    return run_batch(batch, data, progress=progress)


def run_batch(batch: ImportBatch, data: bytes, progress: Progress | None = None) -> ImportBatch:
    """Import the file's articles into the batch's project. Safe to run again: a batch
    that finished is left as it is."""
    if batch.state in (ImportBatch.State.DONE, ImportBatch.State.FAILED):
        return batch
    _set(batch, state=ImportBatch.State.RUNNING)
    read = read_documents(batch.file_name, data, max_bytes=settings.ANNOTATE_MAX_UPLOAD_BYTES)
    problems = list(read.problems)
    _set(batch, n_documents=len(read.documents))
    prepared = []
    for index, document in enumerate(read.documents, start=1):
        try:
            prepared.append(prepare_article(document, language=batch.language or None))
        except InputError as error:
            problems.extend(error.problems)
        if index % 10 == 0 or index == len(read.documents):
            _set(batch, n_processed=index)
            if progress:
                progress(index, len(read.documents))
    # A problem with the uploaded file itself (not one row or zip member) always fails.
    whole_file = any(p.origin == batch.file_name and not p.locator for p in problems)
    if problems and (whole_file or not batch.skip_invalid or not prepared):
        return _fail(batch, problems)
    try:
        _store(batch, prepared, problems)
    except IntegrityError as error:
        return _fail(batch, [InputProblem(batch.file_name, "", f"not stored: {error}")])
    if batch.prelabel and batch.project.prelabel_on_import and batch.n_imported:
        from .prelabel import start_prelabel

        ids = list(batch.articles.values_list("pk", flat=True))
        start_prelabel(batch.project, article_ids=ids, user=batch.created_by)
    return batch


def _store(batch: ImportBatch, prepared: list[PreparedArticle], problems) -> None:
    with transaction.atomic():
        fresh, duplicates = _deduplicate(batch.project, prepared)
        articles = Article.objects.bulk_create(_article(batch, item) for item in fresh)
        Span.objects.bulk_create(
            (
                Span(article=article, order=order, start=s.start, end=s.end, kind=s.kind)
                for article, item in zip(articles, fresh, strict=True)
                for order, s in enumerate(item.spans)
            ),
            batch_size=2000,
        )
        _set(
            batch,
            state=ImportBatch.State.DONE,
            n_imported=len(articles),
            n_duplicates=len(duplicates),
            n_invalid=len(problems),
            errors=[_problem_dict(p) for p in problems],
            duplicates=duplicates,
            finished_at=timezone.now(),
        )


def _deduplicate(project: Project, prepared: list[PreparedArticle]):
    existing = dict(
        Article.objects.filter(
            project=project, content_hash__in=[item.content_hash for item in prepared]
        ).values_list("content_hash", "pk")
    )
    fresh, duplicates, seen = [], [], {}
    for item in prepared:
        where = _where(item.origin, item.locator)
        if item.content_hash in existing:
            duplicates.append({"where": where, "of_article": existing[item.content_hash]})
        elif item.content_hash in seen:
            duplicates.append({"where": where, "of": seen[item.content_hash]})
        else:
            seen[item.content_hash] = where
            fresh.append(item)
    return fresh, duplicates


def _article(batch: ImportBatch, item: PreparedArticle) -> Article:
    return Article(
        project=batch.project,
        batch=batch,
        title=item.title or "",
        outlet=item.outlet or "",
        byline=item.byline or "",
        url=item.url or "",
        published=item.published,
        language=item.language,
        original_text=item.original_text,
        cleaned_text=item.cleaned_text,
        content_hash=item.content_hash,
        metadata=item.metadata,
        origin=_where(item.origin, item.locator),
    )


def _fail(batch: ImportBatch, problems: list[InputProblem]) -> ImportBatch:
    _set(
        batch,
        state=ImportBatch.State.FAILED,
        n_invalid=len(problems),
        errors=[_problem_dict(p) for p in problems],
        finished_at=timezone.now(),
    )
    return batch


def _set(batch: ImportBatch, **fields) -> None:
    for name, value in fields.items():
        setattr(batch, name, value)
    ImportBatch.objects.filter(pk=batch.pk).update(**fields)


def _problem_dict(problem: InputProblem) -> dict:
    return {**asdict(problem), "message": str(problem)}


def _where(origin: str, locator: str) -> str:
    return f"{origin}, {locator}" if locator else origin
