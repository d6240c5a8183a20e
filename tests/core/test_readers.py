"""Reading uploads: formats, encodings, and a precise problem for every bad input."""

import io
import json
import zipfile

import pytest

from annotate.core.readers import InputError, InputProblem, read_documents

LIMIT = 1_000_000
ARTICLE = "Le Kremlin a refusé tout commentaire. La Maison-Blanche aussi."


def read(name, data, max_bytes=LIMIT):
    return read_documents(name, data, max_bytes=max_bytes)


def problem_texts(result):
    return [str(problem) for problem in result.problems]


def jsonl(*records):
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records).encode()


def make_zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


# ---------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.txt", "page"), ("a.TEXT", "page"), ("a.html", "html"), ("a.htm", "html")],
)
def test_whole_file_formats_follow_the_extension(name, fmt):
    result = read(name, b"<p>" + ARTICLE.encode() + b"</p>")
    assert result.problems == []
    [document] = result.documents
    assert (document.origin, document.locator, document.fmt) == (name, "", fmt)
    assert ARTICLE in document.text


def test_unknown_extension_is_sniffed():
    html = b"<!DOCTYPE html><html><body><p>Bonjour.</p></body></html>"
    assert read("page.dat", html).documents[0].fmt == "html"
    assert read("page.dat", ARTICLE.encode()).documents[0].fmt == "page"
    assert read("page", b"<3 est un coeur, pas une balise.").documents[0].fmt == "page"


# ---------------------------------------------------------------- whole-file problems


@pytest.mark.parametrize("data", [b"", b"   \n\n\t "])
def test_empty_file(data):
    result = read("page.txt", data)
    assert result.documents == []
    assert problem_texts(result) == ["page.txt: empty file"]


def test_file_over_the_limit_names_both_sizes():
    result = read("big.txt", b"x" * 61_234, max_bytes=50_000)
    assert problem_texts(result) == ["big.txt: file is 61,234 bytes, over the 50,000-byte limit"]


@pytest.mark.parametrize("name", ["photo.txt", "photo.jpg"])
def test_binary_file(name):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))
    result = read(name, png)
    assert problem_texts(result) == [f"{name}: binary file, not text"]


def test_undecodable_text():
    # Bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252 and the rest is no
    # plausible encoding of anything.
    result = read("page.txt", bytes(range(0x80, 0x100)) * 4)
    assert result.documents == []
    [problem] = result.problems
    assert problem.origin == "page.txt" and problem.locator == ""
    assert problem.reason.startswith("undecodable text")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Élève, où est le café ? À bientôt, garçon ! Ça coûte 5 €.", "cp1252"),
        ("Élève, où est le café ? À bientôt, garçon !", "latin-1"),
        ("Il a dit “oui” – c’est l’été… Œuvre à voir.", "cp1252"),
        ("Ukraine : le président a déclaré qu'il était prêt à négocier.", "utf-8-sig"),
        ("Ukraine : le président a déclaré qu'il était prêt à négocier.", "utf-16"),
    ],
)
def test_legacy_and_unicode_encodings_decode_exactly(text, encoding):
    result = read("page.txt", text.encode(encoding))
    assert result.problems == []
    assert result.documents[0].text == text


# ---------------------------------------------------------------- JSONL


def test_jsonl_fields_and_extra_keys():
    record = {
        "title": "Titre",
        "text": ARTICLE,
        "url": "https://example.org/a",
        "outlet": "Exemple",
        "byline": "Jean Dupont",
        "published": "2022-11-14",
        "language": "fr",
        "id": 7,
        "tags": ["ukraine", "russie"],
        "source": {"feed": "rss"},
    }
    [document] = read("data.jsonl", jsonl(record)).documents
    assert document.fmt == "jsonl" and document.locator == "line 1"
    assert (document.title, document.text, document.url) == ("Titre", ARTICLE, record["url"])
    assert (document.outlet, document.byline, document.language) == ("Exemple", "Jean Dupont", "fr")
    assert document.published == "2022-11-14"
    assert document.metadata == {"id": 7, "tags": ["ukraine", "russie"], "source": {"feed": "rss"}}


def test_jsonl_row_problems_name_the_line_and_valid_rows_survive():
    data = jsonl(
        {"text": "Première ligne valable."},
        '{"text": "a" "b"}',
        "",
        "[1, 2]",
        {"title": "Sans texte"},
        {"text": "   "},
        {"text": 42},
        {"title": 3, "text": "ok"},
        {"text": None},
        {"text": "Dernière ligne valable.", "byline": None},
    )
    result = read("data.jsonl", data)
    assert [d.locator for d in result.documents] == ["line 1", "line 10"]
    assert result.documents[1].byline is None
    assert problem_texts(result) == [
        "data.jsonl, line 2: malformed JSON (Expecting ',' delimiter)",
        "data.jsonl, line 4: not a JSON object (got array)",
        'data.jsonl, line 5: missing "text" field',
        'data.jsonl, line 6: empty "text" field',
        'data.jsonl, line 7: field "text" must be a string, not number',
        'data.jsonl, line 8: field "title" must be a string, not number',
        'data.jsonl, line 9: empty "text" field',
    ]


def test_jsonl_blank_lines_and_crlf_are_harmless():
    data = b'\r\n{"text": "Un."}\r\n\r\n   \r\n{"text": "Deux."}\r\n'
    result = read("data.ndjson", data)
    assert result.problems == []
    assert [(d.locator, d.text) for d in result.documents] == [
        ("line 2", "Un."),
        ("line 5", "Deux."),
    ]


# ---------------------------------------------------------------- CSV


def test_csv_rows_with_extra_columns_in_metadata():
    data = (
        "title,text,section\n"
        'Un,"Premier texte, avec virgule.",monde\n'
        'Deux,"Ligne un\nligne deux",sport\n'
    )
    result = read("batch.csv", data.encode())
    assert result.problems == []
    first, second = result.documents
    assert (first.fmt, first.locator, first.title) == ("csv", "row 2", "Un")
    assert first.text == "Premier texte, avec virgule."
    assert first.metadata == {"section": "monde"}
    assert (second.locator, second.text) == ("row 3", "Ligne un\nligne deux")


def test_csv_with_bom_and_semicolons():
    data = 'Title;Text;URL\nUn titre;"Le texte, avec une virgule; et un point-virgule.";\n'
    result = read("export.csv", data.encode("utf-8-sig"))
    assert result.problems == []
    [document] = result.documents
    assert document.title == "Un titre"
    assert document.text == "Le texte, avec une virgule; et un point-virgule."
    assert document.url is None


def test_csv_without_text_column_is_a_whole_file_problem():
    result = read("batch.csv", b"title,body\nUn,Texte\n")
    assert result.documents == []
    assert problem_texts(result) == [
        "batch.csv: no \"text\" column (columns found: 'title', 'body')"
    ]


def test_csv_with_a_header_and_no_rows():
    result = read("batch.csv", b"title,text\n\n")
    assert problem_texts(result) == ["batch.csv: no data rows after the header"]


def test_csv_row_problems_count_the_header_as_row_one():
    data = "title,text\nUn,Texte valable.\nDeux,\n,,\nTrois,  \nQuatre,Encore,trop\nCinq,Fin.\n"
    result = read("batch.csv", data.encode())
    assert [d.locator for d in result.documents] == ["row 2", "row 7"]
    assert problem_texts(result) == [
        'batch.csv, row 3: empty "text" field',
        'batch.csv, row 5: empty "text" field',
        "batch.csv, row 6: row has 3 fields but the header has 2",
    ]


# ---------------------------------------------------------------- zip


def test_zip_members_are_read_by_their_own_extension():
    data = make_zip(
        {
            "inner/a.txt": ARTICLE,
            "b.jsonl": '{"text": "Un."}\n{"text": ""}\n',
            "c.html": "<html><body><p>Bonjour.</p></body></html>",
            "inner/": "",
            "__MACOSX/inner/._a.txt": "resource fork",
            ".DS_Store": "junk",
        }
    )
    result = read("batch.zip", data)
    origins = [(d.origin, d.locator, d.fmt) for d in result.documents]
    assert origins == [
        ("batch.zip:inner/a.txt", "", "page"),
        ("batch.zip:b.jsonl", "line 1", "jsonl"),
        ("batch.zip:c.html", "", "html"),
    ]
    assert problem_texts(result) == ['batch.zip:b.jsonl, line 2: empty "text" field']


def test_zip_member_problems_name_the_member():
    data = make_zip({"empty.txt": "", "nested.zip": make_zip({"a.txt": "x"}), "ok.txt": ARTICLE})
    result = read("batch.zip", data)
    assert [d.origin for d in result.documents] == ["batch.zip:ok.txt"]
    assert problem_texts(result) == [
        "batch.zip:empty.txt: empty file",
        "batch.zip:nested.zip: nested zip archives are not supported",
    ]


def test_bad_zip_file():
    result = read("batch.zip", b"PK\x03\x04 this is not really a zip archive")
    [problem] = result.problems
    assert (problem.origin, problem.locator) == ("batch.zip", "")
    assert problem.reason.startswith("bad zip file")


def test_zip_bomb_is_refused_before_inflating():
    data = make_zip({"a.txt": "a" * 50_000, "b.txt": "b" * 50_000})
    assert len(data) < 2_000
    result = read("bomb.zip", data, max_bytes=60_000)
    assert result.documents == []
    assert problem_texts(result) == [
        "bomb.zip: archive expands to 100,000 bytes, over the 60,000-byte limit"
    ]


def test_zip_member_lying_about_its_size_is_stopped_while_reading():
    data = bytearray(make_zip({"a.txt": "a" * 50_000}))
    # Forge the sizes in the central directory and the local header to claim 10 bytes.
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    data[22:26] = (10).to_bytes(4, "little")
    result = read("forged.zip", bytes(data), max_bytes=1_000)
    assert result.documents == []
    # zipfile stops at the claimed size and the checksum then fails: nothing is inflated.
    [problem] = result.problems
    assert problem.origin == "forged.zip:a.txt"
    assert problem.reason.startswith("unreadable zip member")


# ---------------------------------------------------------------- errors


def test_input_error_lists_every_problem():
    problems = [
        InputProblem("data.jsonl", "line 3", "malformed JSON (Expecting ',' delimiter)"),
        InputProblem("page.txt", "", "empty file"),
    ]
    error = InputError(problems)
    assert error.problems == problems
    assert str(error).splitlines() == [
        "data.jsonl, line 3: malformed JSON (Expecting ',' delimiter)",
        "page.txt: empty file",
    ]
