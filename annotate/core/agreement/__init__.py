"""Inter-annotator agreement over plain data (no Django).

Coefficients return None, never NaN, where they are not defined.
"""

from annotate.core.agreement.coefficients import (
    alpha_from_counts,
    cohen_kappa,
    coincidences,
    confusion_table,
    encode,
    fleiss_kappa,
    fleiss_kappa_from_counts,
    krippendorff_alpha,
    observed_agreement,
    pair_statistics,
    pairwise_cohen,
    reliability_matrix,
    value_counts,
)
from annotate.core.agreement.multilabel import (
    SKIP,
    distance_matrix,
    label_decisions,
    masi_alpha,
    masi_distance,
    pairable_units,
    per_label_agreement,
)
from annotate.core.agreement.report import (
    Reference,
    Unit,
    agreement_report,
    confusion,
    describe,
    interpret,
)

__all__ = [
    "SKIP",
    "Reference",
    "Unit",
    "agreement_report",
    "alpha_from_counts",
    "cohen_kappa",
    "coincidences",
    "confusion",
    "confusion_table",
    "describe",
    "distance_matrix",
    "encode",
    "fleiss_kappa",
    "fleiss_kappa_from_counts",
    "interpret",
    "krippendorff_alpha",
    "label_decisions",
    "masi_alpha",
    "masi_distance",
    "observed_agreement",
    "pair_statistics",
    "pairable_units",
    "pairwise_cohen",
    "per_label_agreement",
    "reliability_matrix",
    "value_counts",
]
