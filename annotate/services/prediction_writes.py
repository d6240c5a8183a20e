"""Predictions written in bulk: one upsert per (span, labeller, labeller version).

On PostgreSQL the rows are streamed with COPY into a temporary staging table and
merged by one INSERT ... ON CONFLICT: no model instance per row and no statement
with thousands of parameters, which is where a worker's time went after the parse.
Elsewhere (SQLite, for ``make run`` with no services) Django's ``bulk_create`` does
the same upsert.
"""

from collections.abc import Sequence

import orjson
from django.db import connection, transaction
from django.utils import timezone

from annotate.models import Prediction

KEY = ("span_id", "labeller", "labeller_version")
UPDATED = (
    "labels",
    "confidence",
    "rationale",
    "cue_start",
    "cue_end",
    "source_start",
    "source_end",
)
# The order of a row given to ``upsert_predictions``.
COLUMNS = (*KEY, *UPDATED)
STAGE = "prediction_stage"


def upsert_predictions(rows: Sequence[tuple]) -> int:
    """Insert or update one prediction per row (values in ``COLUMNS`` order)."""
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        return copy_and_merge(rows)
    return bulk_create_upsert(rows)


def bulk_create_upsert(rows: Sequence[tuple]) -> int:
    """The portable upsert, through the ORM."""
    Prediction.objects.bulk_create(
        (Prediction(**dict(zip(COLUMNS, row, strict=True))) for row in rows),
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["span", "labeller", "labeller_version"],
        update_fields=list(UPDATED),
    )
    return len(rows)


def copy_and_merge(rows: Sequence[tuple]) -> int:
    """The PostgreSQL upsert: COPY into a session-local stage, then one merge."""
    quote = connection.ops.quote_name
    table = quote(Prediction._meta.db_table)
    columns = ", ".join(quote(name) for name in (*COLUMNS, "created_at"))
    labels_at = COLUMNS.index("labels")
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        # The stage outlives this call inside an outer transaction (and in tests),
        # so it is emptied first rather than trusted to be empty.
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} ON COMMIT DELETE ROWS"
            f" AS SELECT {columns} FROM {table} WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {STAGE}")
        with cursor.cursor.copy(f"COPY {STAGE} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = list(row)
                values[labels_at] = orjson.dumps(values[labels_at]).decode()
                copy.write_row((*values, now))
        updates = ", ".join(f"{quote(name)} = EXCLUDED.{quote(name)}" for name in UPDATED)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {STAGE}"
            f" ON CONFLICT ({', '.join(quote(name) for name in KEY)}) DO UPDATE SET {updates}"
        )
        return cursor.rowcount
