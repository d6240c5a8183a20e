"""Celery tasks: thin wrappers that call services.

Every task is safe to run twice: tasks are acknowledged late, so a worker that dies
mid-task has its task redelivered, and the services they call are idempotent.
"""

import logging

from celery import shared_task
from celery.signals import worker_process_init
from django.db import InterfaceError, OperationalError

from annotate.models import ImportBatch
from annotate.services import exports, imports, prelabel

log = logging.getLogger(__name__)


@worker_process_init.connect
def load_labellers(**_kwargs) -> None:
    """Load every labeller's model when a worker process starts, not inside its first task."""
    prelabel.warm_up()


DATABASE_ERRORS = (OperationalError, InterfaceError)
COMMON = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": DATABASE_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(**COMMON, soft_time_limit=1800, time_limit=1900)
def import_batch_task(batch_id: int) -> None:
    """Import an uploaded file stored on its batch."""
    batch = ImportBatch.objects.select_related("project").get(pk=batch_id)
    with batch.upload.open("rb") as handle:
        data = handle.read()
    imports.run_batch(batch, data)


@shared_task(bind=True, **COMMON, soft_time_limit=600, time_limit=660)
def prelabel_chunk_task(self, job_id: int, index: int) -> int:
    """Pre-label one chunk of articles of a job."""
    try:
        return prelabel.run_chunk(job_id, index)
    except DATABASE_ERRORS:
        raise
    except Exception as error:
        log.exception("pre-label chunk %s of job %s failed", index, job_id)
        prelabel.record_failure(job_id, index, error)
        raise


@shared_task(bind=True, **COMMON, soft_time_limit=3600, time_limit=3700)
def export_task(self, job_id: int) -> None:
    """Write a large export to a file."""
    try:
        exports.run_export_job(job_id)
    except DATABASE_ERRORS:
        raise
    except Exception as error:
        log.exception("export job %s failed", job_id)
        exports.record_failure(job_id, error)
        raise
