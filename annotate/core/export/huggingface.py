"""A Hugging Face datasets folder: train/dev/test JSONL plus a README dataset card.

One span per line, flat: the gold labels as a list of strings AND one 0/1
column per schema label, so the data loads as multi-label classification
without any decoding. The card's YAML front matter declares the configs and
features, so ``datasets.load_dataset(folder)`` works offline; only splits that
received rows are declared (an empty JSONL file has no schema to infer).
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path

import yaml

from annotate.core.export.records import SCHEMA_VERSION, Tally, dumps_line, gold_labels
from annotate.core.export.splits import SPLITS

SplitOf = Callable[[object], str | None] | Mapping[object, str]

# Fixed columns and their datasets feature types; one int64 column per label follows.
FEATURES = (
    ("article_id", {"dtype": "int64"}),
    ("external_id", {"dtype": "string"}),
    ("span_id", {"dtype": "int64"}),
    ("order", {"dtype": "int64"}),
    ("kind", {"dtype": "string"}),
    ("language", {"dtype": "string"}),
    ("outlet", {"dtype": "string"}),
    # pyarrow reads ISO date strings as timestamps; declared a date, they load as one.
    ("published", {"dtype": "date32"}),
    ("text", {"dtype": "string"}),
    ("labels", {"sequence": "string"}),
    ("skip", {"dtype": "bool"}),
    ("adjudicated", {"dtype": "bool"}),
    ("gold_basis", {"dtype": "string"}),
    ("annotator_count", {"dtype": "int64"}),
    ("prediction_labels", {"sequence": "string"}),
    ("prediction_confidence", {"dtype": "float64"}),
)


def _name(label) -> str:
    return getattr(label, "name", label)


def span_row(article: dict, span: dict, labels: Sequence[str]) -> dict:
    """The flat dataset row of one span."""
    gold, prediction = span.get("gold"), span.get("prediction") or {}
    chosen = gold_labels(span)
    row = {
        "article_id": article["article_id"],
        "external_id": article.get("external_id"),
        "span_id": span["span_id"],
        "order": span["order"],
        "kind": span.get("kind"),
        "language": article.get("language"),
        "outlet": article.get("outlet"),
        "published": article.get("published"),
        "text": span["text"],
        "labels": chosen,
        "skip": bool(gold and gold.get("skip")),
        "adjudicated": gold is not None,
        "gold_basis": gold.get("basis") if gold else None,
        "annotator_count": len(span.get("annotations") or []),
        "prediction_labels": list(prediction.get("labels") or []),
        "prediction_confidence": prediction.get("confidence"),
    }
    row.update((name, int(name in chosen)) for name in labels)
    return row


class _CardStats:
    """What the card reports, accumulated row by row (small, whatever the size)."""

    def __init__(self) -> None:
        self.spans = Counter()
        self.articles = Counter()
        self.labels = defaultdict(Counter)  # label -> split -> spans
        self.alphas = defaultdict(list)  # split -> article alphas
        self.labellers: set[str] = set()
        self.languages: set[str] = set()
        self.unassigned = 0

    def add(self, split: str, article: dict, rows: list[dict]) -> None:
        """Count one article's rows written to ``split``."""
        self.articles[split] += 1
        self.spans[split] += len(rows)
        self.languages.add(article.get("language") or "")
        alpha = (article.get("agreement") or {}).get("krippendorff_alpha")
        if alpha is not None:
            self.alphas[split].append(alpha)
        for span, row in zip(article["spans"], rows, strict=True):
            for label in row["labels"]:
                self.labels[label][split] += 1
            key = "(skip)" if row["skip"] else None if row["adjudicated"] else "(no gold)"
            if key:
                self.labels[key][split] += 1
            prediction = span.get("prediction")
            if prediction:
                self.labellers.add(f"{prediction['labeller']} {prediction['version']}")


def _split_function(split_of: SplitOf) -> Callable[[object], str | None]:
    return split_of.get if isinstance(split_of, Mapping) else split_of


def write_hf_dataset(
    folder: Path,
    split_of: SplitOf,
    articles: Iterable[dict],
    labels: Sequence,
    card_info: Mapping | None = None,
) -> dict:
    """Write ``train.jsonl``, ``dev.jsonl``, ``test.jsonl`` and ``README.md``.

    ``split_of`` maps an article id to its split (a function or a mapping, e.g.
    from ``assign_splits``); an article it maps to None or leaves out is not
    written (counted as ``unassigned``). ``labels`` are the schema labels
    (LabelSpec-like objects with ``name`` and ``description``, or names).
    ``card_info`` may hold ``pretty_name``, ``description``, ``license``,
    ``guideline_version``, ``labeller_versions`` and ``agreement`` (the
    project's figures). Returns the counts.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    names = [_name(label) for label in labels]
    clash = set(names) & {name for name, _ in FEATURES}
    if clash:
        raise ValueError(f"label name(s) {sorted(clash)} clash with dataset columns")
    which, tally, stats = _split_function(split_of), Tally(), _CardStats()
    with ExitStack() as stack:
        files = {
            split: stack.enter_context(open(folder / f"{split}.jsonl", "w", encoding="utf-8"))
            for split in SPLITS
        }
        for article in tally.watch(articles):
            _write_article(files, which, article, names, stats)
    card = dataset_card(labels, stats, dict(card_info or {}))
    (folder / "README.md").write_text(card, encoding="utf-8")
    spans = {f"{split}_spans": stats.spans[split] for split in SPLITS}
    return tally.as_dict() | {"unassigned": stats.unassigned} | spans


def _write_article(files: dict, which, article: dict, names: list[str], stats) -> None:
    split = which(article["article_id"])
    if split is None:
        stats.unassigned += 1
        return
    if split not in files:
        raise ValueError(f"unknown split {split!r} for article {article['article_id']}")
    rows = [span_row(article, span, names) for span in article["spans"]]
    files[split].writelines(dumps_line(row) + "\n" for row in rows)
    stats.add(split, article, rows)


# --- the dataset card ----------------------------------------------------------


def _front_matter(names: list[str], stats: _CardStats, info: dict) -> dict:
    present = [split for split in SPLITS if stats.spans[split]]
    features = [{"name": name, **kind} for name, kind in FEATURES]
    features += [{"name": name, "dtype": "int64"} for name in names]
    meta = {
        "pretty_name": info.get("pretty_name", "Source-reliability annotations"),
        "language": sorted(filter(None, stats.languages)) or None,
        "license": info.get("license"),
        "task_categories": ["text-classification"],
        "configs": [
            {
                "config_name": "default",
                "data_files": [{"split": s, "path": f"{s}.jsonl"} for s in present],
            }
        ],
        "dataset_info": {
            "features": features,
            "splits": [{"name": s, "num_examples": stats.spans[s]} for s in present],
        },
    }
    return {key: value for key, value in meta.items() if value is not None}


def _cell(value) -> str:
    # A pipe or a newline would end the Markdown table cell early.
    return " ".join(str(value).split()).replace("|", "\\|")


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _counts_table(names: list[str], stats: _CardStats) -> str:
    rows = [["articles", *(stats.articles[s] for s in SPLITS)]]
    rows.append(["spans", *(stats.spans[s] for s in SPLITS)])
    for name in [*names, *sorted(set(stats.labels) - set(names))]:
        rows.append([name, *(stats.labels[name][s] for s in SPLITS)])
    return _table(["", *SPLITS], rows)


def _agreement_section(stats: _CardStats, info: dict) -> str:
    lines = []
    for split in SPLITS:
        alphas = stats.alphas[split]
        if alphas:
            mean = sum(alphas) / len(alphas)
            lines.append(
                f"- {split}: mean article Krippendorff's alpha {mean:.3f} "
                f"over {len(alphas)} article(s)"
            )
    for key, value in (info.get("agreement") or {}).items():
        lines.append(f"- project {key}: {value}")
    return "\n".join(lines) or "No agreement figures were stored for these articles."


def dataset_card(labels: Sequence, stats: _CardStats, info: dict) -> str:
    """The README.md text: YAML front matter, then the human-readable card."""
    names = [_name(label) for label in labels]
    definitions = [[_name(x), (getattr(x, "description", "") or "").strip()] for x in labels]
    labellers = sorted(set(info.get("labeller_versions") or []) | stats.labellers)
    front = yaml.safe_dump(_front_matter(names, stats, info), sort_keys=False, allow_unicode=True)
    return (
        "\n\n".join(
            [
                f"---\n{front}---",
                f"# {info.get('pretty_name', 'Source-reliability annotations')}",
                info.get(
                    "description",
                    "Sentences of news articles labelled for how the article holds each claim.",
                ),
                "## Structure\n\nOne sentence (span) per line in `train.jsonl`, `dev.jsonl` and "
                "`test.jsonl`; splits are by article. `labels` is the adjudicated label set "
                "(empty for a skip or when not adjudicated, see `skip` and `adjudicated`), "
                "repeated as one 0/1 column per label.",
                "## Labels\n\n" + _table(["label", "definition"], definitions),
                "## Counts (spans per label and split)\n\n" + _counts_table(names, stats),
                "## Agreement\n\n" + _agreement_section(stats, info),
                "## Provenance\n\n"
                f"- record schema version: {SCHEMA_VERSION}\n"
                f"- annotation guideline version: {info.get('guideline_version', 'unknown')}\n"
                f"- pre-labeller versions: {', '.join(labellers) or 'none'}",
            ]
        )
        + "\n"
    )
