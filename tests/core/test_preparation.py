"""From raw documents to prepared articles; content hashing; language detection."""

import datetime
import json

import pytest

from annotate.core.hashing import content_hash
from annotate.core.language import detect_language
from annotate.core.preparation import UNPARSED_DATE_KEY, prepare_article
from annotate.core.readers import InputError, RawDocument, read_documents
from tests.conftest import SAMPLE_PAGE

SAMPLES = SAMPLE_PAGE.parent
SAMPLE = SAMPLES / "ukraine-entretiens-confidentiels.txt"
GOLD = SAMPLES / "ukraine-entretiens-confidentiels.gold.jsonl"

FRENCH = (
    "Le Kremlin et la Maison-Blanche ont refusé tout commentaire à ce sujet. Selon un "
    "article du Wall Street Journal, le conseiller à la sécurité nationale aurait eu "
    "plusieurs entretiens confidentiels avec des conseillers du président russe."
)
ENGLISH = (
    "The Kremlin and the White House declined to comment. According to the Wall Street "
    "Journal, the national security adviser held several confidential talks with aides "
    "to the Russian president."
)


def span_texts(article):
    return [article.cleaned_text[s.start : s.end] for s in article.spans]


def jsonl_document(record, name="batch.jsonl"):
    result = read_documents(name, json.dumps(record).encode(), max_bytes=1_000_000)
    assert result.problems == []
    return result.documents[0]


# ---------------------------------------------------------------- the sample page


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample not available")
def test_sample_page_gives_exactly_the_gold_spans():
    gold = [json.loads(line)["text"] for line in GOLD.read_text(encoding="utf-8").splitlines()]
    result = read_documents(SAMPLE.name, SAMPLE.read_bytes(), max_bytes=50_000_000)
    assert result.problems == []
    article = prepare_article(result.documents[0])

    assert len(gold) == 26
    assert span_texts(article) == gold
    assert article.spans[0].kind == "title"
    assert [s.kind for s in article.spans].count("title") == 1
    heading = gold.index("Livraisons de nouveaux systèmes antiaériens occidentaux")
    assert [i for i, s in enumerate(article.spans) if s.kind == "heading"] == [heading]
    assert article.title == gold[0]
    assert article.byline == "AlAhed avec sites web"
    assert article.language == "fr"
    assert article.original_text == SAMPLE.read_text(encoding="utf-8")
    assert article.content_hash == content_hash(article.cleaned_text)
    for chrome in ("Please Wait", "Comments", "folder_open", "noscript"):
        assert chrome not in article.cleaned_text


# ---------------------------------------------------------------- fields and precedence


def test_jsonl_record_fields_win_and_title_leads_the_text():
    document = jsonl_document(
        {
            "title": "Entretiens confidentiels",
            "text": f"Entretiens confidentiels\n\n{FRENCH}\n\nPartager",
            "url": "https://example.org/a",
            "outlet": "Exemple",
            "byline": "Jean Dupont",
            "published": "14/11/2022",
            "id": 12,
        }
    )
    article = prepare_article(document)
    assert (article.origin, article.locator) == ("batch.jsonl", "line 1")
    assert (article.title, article.byline, article.outlet) == (
        "Entretiens confidentiels",
        "Jean Dupont",
        "Exemple",
    )
    assert article.url == "https://example.org/a"
    assert article.published == datetime.date(2022, 11, 14)
    assert article.metadata == {"id": 12}
    assert span_texts(article) == [
        "Entretiens confidentiels",
        "Le Kremlin et la Maison-Blanche ont refusé tout commentaire à ce sujet.",
        FRENCH.split("sujet. ")[1],
    ]
    assert article.cleaned_text.startswith("Entretiens confidentiels\n\nLe Kremlin")


def test_unreadable_date_is_none_and_kept_in_metadata():
    article = prepare_article(jsonl_document({"text": ENGLISH, "published": "last Tuesday"}))
    assert article.published is None
    assert article.metadata[UNPARSED_DATE_KEY] == "last Tuesday"


def test_language_precedence_argument_then_document_then_detection():
    document = jsonl_document({"text": ENGLISH, "language": "fr-FR"})
    assert prepare_article(document, language="en").language == "en"
    assert prepare_article(document).language == "fr"
    assert prepare_article(jsonl_document({"text": ENGLISH})).language == "en"
    assert prepare_article(jsonl_document({"text": FRENCH, "language": "French"})).language == "fr"


def test_html_document_is_extracted():
    html = (
        "<html><head><title>Talks resume</title></head><body><nav>Home | World | Tech</nav>"
        f"<article><h1>Talks resume</h1><p>{ENGLISH}</p><h2>Next steps</h2>"
        "<p>Officials said the talks could resume as early as January.</p></article>"
        "<footer>Contact us</footer></body></html>"
    )
    result = read_documents("talks.html", html.encode(), max_bytes=1_000_000)
    article = prepare_article(result.documents[0])
    assert article.title == "Talks resume"
    assert [s.kind for s in article.spans] == ["title", "body", "body", "heading", "body"]
    assert "Home" not in article.cleaned_text and "Contact" not in article.cleaned_text
    assert article.language == "en"


def test_nothing_left_after_cleaning_raises_input_error():
    document = RawDocument(
        origin="chrome.txt", locator="", fmt="page", text="Please Wait...\n\nComments\n\n//"
    )
    with pytest.raises(InputError) as raised:
        prepare_article(document)
    assert str(raised.value) == "chrome.txt: no article text left after cleaning"


def test_problem_locator_is_kept_for_rows():
    document = RawDocument(origin="b.csv", locator="row 4", fmt="csv", text="Partager\nImprimer")
    with pytest.raises(InputError) as raised:
        prepare_article(document)
    assert [str(p) for p in raised.value.problems] == [
        "b.csv, row 4: no article text left after cleaning"
    ]


# ---------------------------------------------------------------- content hash


@pytest.mark.parametrize(
    "variant",
    [
        "« Nous n’avons rien à dire », a déclaré Peskov — sèchement.",
        '"Nous n\'avons rien à dire", a déclaré Peskov - sèchement.',
        "  «\u00a0Nous n'avons   rien à dire\u00a0»,\na déclaré Peskov – sèchement.  ",
        "“NOUS N’AVONS RIEN À DIRE”, A DÉCLARÉ PESKOV — SÈCHEMENT.",
    ],
)
def test_content_hash_ignores_spacing_quotes_dashes_and_case(variant):
    reference = '"Nous n\'avons rien à dire", a déclaré Peskov - sèchement.'
    assert content_hash(variant) == content_hash(reference)


def test_content_hash_differs_for_different_text():
    assert content_hash("Le Kremlin a démenti.") != content_hash("Le Kremlin a confirmé.")
    assert len(content_hash("x")) == 64 and int(content_hash("x"), 16) >= 0


# ---------------------------------------------------------------- language


def test_detect_language_french_and_english():
    assert detect_language(FRENCH) == "fr"
    assert detect_language(ENGLISH) == "en"
    assert detect_language(ENGLISH, supported=("fr", "en")) == "en"
    assert detect_language(FRENCH, supported=("en", "fr")) == "fr"


def test_detect_language_short_text_falls_back_to_the_first_supported():
    assert detect_language("") == "fr"
    assert detect_language("OK", supported=("en", "fr")) == "en"
    assert detect_language(ENGLISH) == detect_language(ENGLISH)
