"""Sample article records for the export tests (plain data, no database).

Two French articles built so that offsets are computed, never typed:

* article 12 (Le Monde): a title both annotators mark speculative; a body span
  where alice and bob disagree (reviewer gold, cue and source, a note with a
  newline and quotes, a prediction); a denial; a span with a ``<script>`` and
  quotes that alice skips and bob labels (no gold); a span crossing a newline
  that only alice annotated.
* article 13 (Libération): unanimous gold, and a span nobody annotated.
"""

LABELS = ("reported", "attributed", "speculative", "denied")
SCRIPT_SPAN = 'Un message « <script>alert("x")</script> » a été publié sur le site du ministère.'
SOURCE = "un diplomate européen"
SKIP_NOTE = "Pas une affirmation <b>éditoriale</b>"
NOTE = 'Hésitation : « progressé » reste vague.\nÀ revoir "plus tard".'


def _range(text: str, part: str) -> list[int]:
    start = text.index(part)
    return [start, start + len(part)]


def _annotation(annotator: str, span_text: str, labels, cue=None, source=None, **extra) -> dict:
    return {
        "annotator": annotator,
        "labels": sorted(labels),
        "skip": extra.get("skip", False),
        "cue": _range(span_text, cue) if cue else None,
        "source": _range(span_text, source) if source else None,
        "note": extra.get("note", ""),
        "updated_at": extra.get("updated_at", "2026-11-24T10:00:00Z"),
    }


def _article(article_id: int, first_span_id: int, parts: list[tuple], **fields) -> dict:
    """Join ``(kind, text, gold, annotations, prediction)`` parts into one text:
    a blank line after the title, spaces between the others."""
    text, spans = "", []
    for order, (kind, span_text, gold, annotations, prediction) in enumerate(parts):
        if order:
            text += "\n\n" if parts[order - 1][0] == "title" else " "
        spans.append(
            {
                "span_id": first_span_id + order,
                "order": order,
                "start": len(text),
                "end": len(text) + len(span_text),
                "text": span_text,
                "kind": kind,
                "gold": gold,
                "annotations": annotations(span_text),
                "prediction": prediction(span_text) if prediction else None,
            }
        )
        text += span_text
    return {"article_id": article_id, **fields, "text": text, "spans": spans}


def _gold(labels, basis, reviewer="rev1", skip=False) -> dict:
    return {"labels": sorted(labels), "basis": basis, "reviewer": reviewer, "skip": skip}


def _prediction(labels, confidence, cue=None, source=None):
    def build(span_text: str) -> dict:
        return {
            "labeller": "heuristic-fr",
            "version": "1.0.0",
            "labels": labels,
            "confidence": confidence,
            "cue": _range(span_text, cue) if cue else None,
            "source": _range(span_text, source) if source else None,
            "rationale": f"indice « {cue} »" if cue else "",
        }

    return build


def ukraine_article() -> dict:
    """Article 12: disagreement, skip, cue/source, gold, prediction, script, newline."""
    selon = "Selon un diplomate européen, « les discussions ont progressé »."
    kremlin = "Le Kremlin a démenti toute rencontre."
    later = "Les négociations pourraient reprendre\nen décembre, selon nos informations."
    parts = [
        (
            "title",
            "Ukraine : des entretiens confidentiels auraient eu lieu à Genève",
            _gold(["speculative"], "unanimous", reviewer=None),
            lambda t: [
                _annotation("alice", t, ["speculative"], cue="auraient"),
                _annotation("bob", t, ["speculative"], cue="auraient"),
            ],
            _prediction(["speculative"], 0.9, cue="auraient"),
        ),
        (
            "body",
            selon,
            _gold(["attributed"], "reviewer"),
            lambda t: [
                _annotation("alice", t, ["attributed"], cue="Selon", source=SOURCE),
                _annotation(
                    "bob",
                    t,
                    ["attributed", "speculative"],
                    cue="Selon",
                    note=NOTE,
                    updated_at="2026-11-24T11:30:00Z",
                ),
            ],
            _prediction(["attributed"], 0.8, cue="Selon", source=SOURCE),
        ),
        (
            "body",
            kremlin,
            _gold(["denied"], "unanimous", reviewer=None),
            lambda t: [
                _annotation("alice", t, ["denied"], cue="a démenti", source="Le Kremlin"),
                _annotation("bob", t, ["denied"], cue="a démenti", source="Le Kremlin"),
            ],
            _prediction(["denied"], 0.7, cue="démenti"),
        ),
        (
            "body",
            SCRIPT_SPAN,
            None,
            lambda t: [
                _annotation("alice", t, [], skip=True, note=SKIP_NOTE),
                _annotation("bob", t, ["reported"]),
            ],
            None,
        ),
        (
            "body",
            later,
            None,
            lambda t: [_annotation("alice", t, ["speculative"], cue="pourraient")],
            None,
        ),
    ]
    return _article(
        12,
        301,
        parts,
        external_id="a" * 64,
        title="Ukraine : des entretiens confidentiels auraient eu lieu à Genève",
        outlet="Le Monde",
        byline="Service international",
        url="https://www.lemonde.fr/international/article/2026/11/01/ukraine.html",
        published="2026-11-01",
        language="fr",
        agreement={"krippendorff_alpha": 0.71, "observed_agreement": 0.8},
    )


def strike_article() -> dict:
    """Article 13: unanimous gold and one span nobody annotated."""
    parts = [
        (
            "title",
            "Grève à la SNCF : le trafic perturbé jeudi",
            _gold(["reported"], "unanimous", reviewer=None),
            lambda t: [_annotation("alice", t, ["reported"]), _annotation("bob", t, ["reported"])],
            None,
        ),
        (
            "body",
            "La direction affirme que « 80 % des trains » circuleront.",
            _gold(["attributed"], "majority", reviewer=None),
            lambda t: [
                _annotation("alice", t, ["attributed"], cue="affirme", source="La direction"),
                _annotation("bob", t, ["attributed"], cue="affirme", source="La direction"),
            ],
            None,
        ),
        ("body", "Aucun chiffre n'a été communiqué par les syndicats.", None, lambda t: [], None),
    ]
    return _article(
        13,
        401,
        parts,
        external_id="b" * 64,
        title="Grève à la SNCF : le trafic perturbé jeudi",
        outlet="Libération",
        byline=None,
        url=None,
        published="2026-11-15",
        language="fr",
        agreement={"krippendorff_alpha": 0.42},
    )


def sample_articles() -> list[dict]:
    """Both sample articles, fresh copies each call."""
    return [ukraine_article(), strike_article()]


def small_articles(count: int):
    """A generator of ``count`` small, fresh articles (for the streaming tests)."""
    for index in range(count):
        text = f"Selon la préfecture, {index} manifestants ont défilé."
        yield {
            "article_id": index,
            "external_id": f"{index:064x}",
            "title": None,
            "outlet": "Ouest-France",
            "byline": None,
            "url": None,
            "published": "2026-11-02",
            "language": "fr",
            "text": text,
            "agreement": {"krippendorff_alpha": 0.5},
            "spans": [
                {
                    "span_id": index,
                    "order": 0,
                    "start": 0,
                    "end": len(text),
                    "text": text,
                    "kind": "body",
                    "gold": {
                        "labels": ["attributed"],
                        "basis": "unanimous",
                        "reviewer": None,
                        "skip": False,
                    },
                    "annotations": [
                        _annotation(
                            "alice", text, ["attributed"], cue="Selon", source="la préfecture"
                        )
                    ],
                    "prediction": None,
                }
            ],
        }
