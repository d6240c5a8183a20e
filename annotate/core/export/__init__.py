"""Export and interchange of the annotated dataset, over plain article records.

Pure Python, no Django: the shell (annotate/selectors/export_records.py) streams
article records, and the writers here stream them out one article at a time.
See records.py for the record shape and formats.py for the registry.
"""

from annotate.core.export.filters import apply_filters, article_passes, span_passes
from annotate.core.export.formats import FORMATS, ExportOptions, FormatSpec
from annotate.core.export.manifest import build_manifest, write_manifest
from annotate.core.export.records import SCHEMA_VERSION, pseudonymise
from annotate.core.export.splits import assign_splits, label_counts

__all__ = [
    "FORMATS",
    "SCHEMA_VERSION",
    "ExportOptions",
    "FormatSpec",
    "apply_filters",
    "article_passes",
    "assign_splits",
    "build_manifest",
    "label_counts",
    "pseudonymise",
    "span_passes",
    "write_manifest",
]
