"""Turn a scraped page, an HTML page or a bare text field into article blocks.

A cleaned article is its title, its subheadings and its body paragraphs in reading order,
plus what the page says about it (byline, outlet, publication date). Everything else a
page carries (menus, share buttons, comment threads) is chrome and is dropped. The chrome
patterns are data: annotate/core/data/chrome.yaml, bylines.yaml and dates.yaml.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import lxml.etree
import lxml.html
import trafilatura
import yaml

DATA_DIR = Path(__file__).parent / "data"

# A heading is a short line; past this many words a line without a full stop is prose.
MAX_HEADING_WORDS = 20
# The page's first body paragraph: a sentence of at least this many words (shorter
# punctuated lines up top are labels like "Please wait...") or any very long line.
MIN_OPENING_WORDS = 5
MIN_UNPUNCTUATED_PARAGRAPH_WORDS = 25
# The title is the first header line with at least PREFERRED_TITLE_WORDS words, else the
# first with MIN_TITLE_WORDS: site names and section labels ("Le Monde", "The New York
# Times", "International") are shorter than most headlines.
MIN_TITLE_WORDS = 3
PREFERRED_TITLE_WORDS = 5
# Bylines sit just under the title, or under the standfirst: look this far into the body.
BYLINE_REACH_INTO_BODY = 3
# Three or more title-like lines in a row are a list of links, not subheadings.
MAX_HEADING_RUN = 2
# Items of a menu or button bar saved as one line are this short.
MAX_BUTTON_WORDS = 4
# A header line under the title this long is the standfirst (chapô), kept as body text;
# at most this many such lines.
MIN_STANDFIRST_WORDS = 8
MAX_STANDFIRST_LINES = 2
# The headline is told from other header lines by the words it shares with the first
# paragraphs: at least this many five-letter stems.
OPENING_PARAGRAPHS = 3
MIN_SHARED_STEMS = 2
STEM_LENGTH = 5

_SENTENCE_END = ".!?…"
_CLOSERS = "»”\"'’)]› "
_BULLET = re.compile(r"^([-–—•·*▪►]|\d{1,2}[.)])\s")
_HSPACE = re.compile(r"[^\S\n]+")
_LONG_WORD = re.compile(r"[^\W\d_]{5,}")
_ITEM_GAP = re.compile(r"\t+|\s{3,}")
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")


@dataclass(frozen=True)
class Block:
    kind: str  # "title" | "heading" | "body"
    text: str


@dataclass(frozen=True)
class CleanedPage:
    title: str | None
    byline: str | None
    outlet: str | None
    published: str | None
    blocks: list[Block] = field(default_factory=list)


# ---------------------------------------------------------------- data


@cache
def _data(name: str) -> dict:
    with open(DATA_DIR / name, encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def _any_of(patterns: list[str]) -> str:
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"


@cache
def _chrome() -> dict[str, re.Pattern]:
    data = _data("chrome.yaml")
    every_line_pattern = [p for group in data["line_patterns"].values() for p in group]
    ligatures = sorted(data["icon_ligatures"], key=len, reverse=True)
    return {
        "line": re.compile(_any_of(every_line_pattern), re.I),
        "teaser": re.compile(_any_of(data["teaser_markers"]), re.I),
        "end": re.compile(_any_of(data["end_markers"]), re.I),
        # Case-sensitive on purpose: icon names are lowercase, article lines are not.
        "icon": re.compile(rf"^(?:{'|'.join(ligatures)})(?![a-z_])"),
        "glued_icon": re.compile(r"\b[a-z]+(?:_[a-z]+)+(?=[A-ZÀ-ÖØ-Þ0-9])"),
    }


@cache
def _bylines() -> dict[str, re.Pattern]:
    data = _data("bylines.yaml")
    connectors = _any_of(data["connectors"])
    return {
        "line": re.compile(rf"{_any_of(data['prefixes'])}\s*:?\s+(?P<credit>\S.*)", re.I),
        "bare": re.compile(rf"{_any_of(data['prefixes'])}\s*:?", re.I),
        "staff": re.compile(_any_of(data["staff_credits"]) + r"\b", re.I),
        "separator": re.compile(_any_of(data["separators"]), re.I),
        "desk": re.compile(
            rf"(?P<outlet>\S+)\s+{connectors}\s+{_any_of(data['desk_credits'])}", re.I
        ),
        "copyright": re.compile(data["copyright"], re.I),
        "agency": re.compile(_any_of(data["agencies"]), re.I),
        "site_separator": re.compile(_any_of(data["title_site_separators"])),
    }


@cache
def _dates() -> dict:
    data = _data("dates.yaml")
    months = sorted(data["months"], key=len, reverse=True)
    month = rf"(?P<month>{'|'.join(months)})\.?"
    weekday = rf"(?:(?:{'|'.join(data['weekdays'])})\.?,?\s+)?"
    time = (
        r"(?:\s*(?:à|at|,|-|–|—)?\s*\d{1,2}\s*(?:h|:|\.(?=\d\d))\s*\d{0,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
        r"(?:\s*\(?(?:[A-Z]{2,5}|UTC|GMT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?)?)?"
    )
    shapes = [
        r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
        r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?",
        r"(?P<na>\d{1,2})[/.](?P<nb>\d{1,2})[/.](?P<ny>\d{4})",
        rf"{weekday}(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\s+{month},?\s+(?P<year>\d{{4}})",
        rf"{weekday}(?P<month2>{'|'.join(months)})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?"
        rf"\s+(?P<year2>\d{{4}})",
    ]
    # Wire services print the time first: "9:41 AM EST, November 14, 2022".
    time_first = r"(?:\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?(?:\s*[A-Z]{2,5})?,?\s+)?"
    date = rf"{time_first}(?:{'|'.join(f'(?:{s})' for s in shapes)}){time}"
    published = _any_of(data["published_prefixes"])
    updated = _any_of(data["updated_prefixes"])
    return {
        "months": data["months"],
        "date": re.compile(rf"\b{date}(?!\d)", re.I),
        "published": re.compile(rf"(?:{published}\s*:?\s*)?(?P<when>{date})\W*", re.I),
        "updated": re.compile(rf"{updated}\s*:?\s*(?P<when>{date})\W*", re.I),
    }


# ---------------------------------------------------------------- dates


def find_date(text: str) -> str | None:
    """The first date written in text ("8 novembre 2022 à 10h30", "2022-11-08"), as written."""
    match = _dates()["date"].search(text)
    return match.group(0).strip(" ,-–—") if match else None


def parse_date(value: str | None) -> datetime.date | None:
    """Read a date as pages and feeds write it (ISO, 08/11/2022, 8 nov. 2022, Nov 8, 2022).

    Numeric dates are read day first (the European order), unless the first number
    cannot be a month. Returns None when there is no date or it is impossible.
    """
    if not value or not value.strip():
        return None
    match = _dates()["date"].search(value)
    if match is None:
        return None
    parts = match.groupdict()
    months = _dates()["months"]
    if parts["iy"]:
        year, month, day = parts["iy"], parts["im"], parts["id"]
    elif parts["ny"]:
        day, month, year = parts["na"], parts["nb"], parts["ny"]
        if int(month) > 12 >= int(day):
            day, month = month, day
    elif parts["year"]:
        day, month, year = parts["day"], months[parts["month"].lower()], parts["year"]
    else:
        day, month, year = parts["day2"], months[parts["month2"].lower()], parts["year2"]
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _dateline(line: str) -> tuple[str, str] | None:
    """("published" | "updated", date) when the line is only a date, else None.

    A line may hold two dates ("Publié le ..., modifié le ..."): it is read whole first,
    then split at separators and commas.
    """
    whole = _dated_parts([line])
    if whole:
        return whole
    # Bars and spaced dashes first: the commas inside "March 4, 2025" are not separators.
    return _dated_parts(_DATE_SEPARATORS.split(line)) or _dated_parts(
        _DATE_SEPARATORS_AND_COMMAS.split(line)
    )


_DATE_SEPARATORS = re.compile(r"\s*[|•·]\s*|\s[-–—]\s")
_DATE_SEPARATORS_AND_COMMAS = re.compile(r"\s*[|•·]\s*|\s[-–—]\s|,\s+(?=\w)")


def _dated_parts(parts: list[str]) -> tuple[str, str] | None:
    parts = [p for p in parts if p.strip()]
    found: list[tuple[str, str]] = []
    for part in parts:
        for kind in ("updated", "published"):
            match = _dates()[kind].fullmatch(part.strip())
            if match:
                found.append((kind, match.group("when").strip(" ,-–—")))
                break
        else:
            return None
    if not found:
        return None
    # Prefer the publication date; a page that only shows its update date gives that.
    return next((f for f in found if f[0] == "published"), found[0])


# ---------------------------------------------------------------- lines


def _tidy(line: str) -> str:
    return _HSPACE.sub(" ", line).strip()


def _words(line: str) -> int:
    return sum(1 for word in line.split() if any(ch.isalnum() for ch in word))


def _ends_sentence(line: str) -> bool:
    core = line.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _SENTENCE_END


def _is_prose(line: str) -> bool:
    """A line that can only be body text: punctuated like prose, a list item, or long."""
    core = line.rstrip(_CLOSERS)
    ends_like_prose = bool(core) and core[-1] in _SENTENCE_END + ":;,"
    return ends_like_prose or bool(_BULLET.match(line)) or _words(line) > MAX_HEADING_WORDS


def _opens_article(line: str) -> bool:
    if _ends_sentence(line):
        return _words(line) >= MIN_OPENING_WORDS
    return _words(line) >= MIN_UNPUNCTUATED_PARAGRAPH_WORDS


def is_chrome(line: str) -> bool:
    """True for a page-furniture line (see data/chrome.yaml for the patterns)."""
    line = _tidy(line)
    patterns = _chrome()
    return bool(
        patterns["line"].fullmatch(line)
        or patterns["teaser"].fullmatch(line)
        or patterns["end"].fullmatch(line)
        or patterns["icon"].match(line)
        or patterns["glued_icon"].search(line)
    )


def _is_bare_teaser(line: str) -> bool:
    if not _chrome()["teaser"].fullmatch(line):
        return False
    head, colon, tail = line.partition(":")
    return not tail.strip() if colon else _words(line) <= 4


@dataclass
class _Line:
    text: str
    after_blank: bool


def _raw_lines(text: str) -> list[_Line]:
    lines, after_blank = [], True
    for raw in _LINE_BREAK.split(text):
        line = "" if _is_button_row(raw) else _tidy(raw)
        if line:
            lines.append(_Line(line, after_blank))
        after_blank = not line
    return lines


def _is_button_row(raw: str) -> bool:
    """A menu or button bar saved as one line, its items apart by runs of spaces or tabs
    ("Menu   Actualité   Sports", "Partager   Facebook   X"): short items, no sentence."""
    items = [item for item in _ITEM_GAP.split(raw.strip()) if item]
    return len(items) >= 2 and all(
        _words(item) <= MAX_BUTTON_WORDS and not _ends_sentence(item) for item in items
    )


def _without_chrome(lines: list[_Line]) -> list[_Line]:
    kept: list[_Line] = []
    drop_link_title = False
    for line in lines:
        if drop_link_title and not _is_prose(line.text):
            drop_link_title = False
            continue
        drop_link_title = _is_bare_teaser(line.text)
        if not is_chrome(line.text):
            kept.append(line)
    return kept


def _unwrapped(lines: list[_Line]) -> list[str]:
    """Join lines a hard wrap split mid-sentence: no blank between, next starts lowercase."""
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        continues = (
            previous
            and not line.after_blank
            and line.text[0].islower()
            and previous.rstrip(_CLOSERS)[-1:] not in _SENTENCE_END + ":"
        )
        if continues:
            joined[-1] = f"{previous} {line.text}"
        else:
            joined.append(line.text)
    return joined


def _cut_at_end(lines: list[_Line]) -> list[_Line]:
    """Drop everything from the first end marker (comments, related) after the body starts."""
    started = False
    for index, line in enumerate(lines):
        if started and _chrome()["end"].fullmatch(line.text):
            return lines[:index]
        # A cookie notice is a full sentence too: only the article's own text opens it.
        started = started or (_opens_article(line.text) and not is_chrome(line.text))
    return lines


def _without_repeats(lines: list[str], title: str | None) -> list[str]:
    kept: list[str] = []
    for line in lines:
        if line == title or (kept and line == kept[-1]):
            continue
        kept.append(line)
    return kept


def _content_lines(raw_lines: list[_Line]) -> list[str]:
    lines = [line for line in raw_lines if not _copyright_outlet(line.text)]
    return _joined_bylines(_unwrapped(_without_chrome(_cut_at_end(lines))))


def _joined_bylines(lines: list[str]) -> list[str]:
    """Rejoin a byline split over two lines: "Texte par :" then "FRANCE 24"."""
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if previous and _bylines()["bare"].fullmatch(previous) and not _is_prose(line):
            joined[-1] = f"{previous.rstrip(' :')} {line}"
        else:
            joined.append(line)
    return joined


# ---------------------------------------------------------------- page metadata


def _copyright_outlet(line: str) -> str | None:
    match = _bylines()["copyright"].fullmatch(line)
    return match.group("name").strip() if match else None


def _byline(line: str) -> tuple[str, str | None, str | None] | None:
    """(byline, outlet, date) when the line is a byline, else None."""
    patterns = _bylines()
    if patterns["agency"].fullmatch(line):
        return line, None, None  # a wire story credited to its agency alone: "AFP"
    match = patterns["line"].fullmatch(line)
    if not match or _ends_sentence(line):
        return None
    parts = patterns["separator"].split(match.group("credit"))
    credit = parts[0].strip(" ,")
    starts_with_name = credit[:1].isupper() or patterns["staff"].match(credit)
    max_words = _data("bylines.yaml")["max_words"]
    if not starts_with_name or _words(credit) > max_words or _ends_sentence(credit):
        return None
    date = next((find_date(p) for p in parts[1:] if p and find_date(p)), None)
    desk = patterns["desk"].fullmatch(credit)
    return credit, desk.group("outlet") if desk else None, date


def _title_and_site(
    lines: list[str], opening: list[str], page_lines: list[str]
) -> tuple[str | None, str | None]:
    """The page title and, when the <title> form gives it away, the site name.
    ``opening`` is the first body paragraphs, which a headline speaks about;
    ``page_lines`` every line of the page, chrome included, in order."""
    candidates = [line for line in lines if _words(line) >= MIN_TITLE_WORDS]
    # A menu bar ("International Politique Société Économie") is no headline.
    candidates = [line for line in candidates if not _is_menu(line)] or candidates
    separator = _bylines()["site_separator"]
    for first in candidates:
        for other in candidates:
            if other != first and other.startswith(first):
                suffix = other[len(first) :]
                match = separator.match(suffix)
                if match:
                    return first, suffix[match.end() :].strip() or None
    for index, line in enumerate(candidates):
        if line in candidates[index + 1 :]:
            return line, None
    if not candidates:
        return None, None
    long_enough = [line for line in candidates if _words(line) >= PREFERRED_TITLE_WORDS]
    title = _about_the_article(long_enough or candidates, opening, page_lines)
    head, bar, site = title.rpartition(" | ")
    if bar and _words(head) >= MIN_TITLE_WORDS and 0 < _words(site) <= 4:
        return head, site
    return title, None


def _about_the_article(candidates: list[str], opening: list[str], page_lines: list[str]) -> str:
    """The candidate that shares most of the opening's vocabulary: a site's tagline or a
    consent notice says little or nothing of the story.

    The standfirst may echo the opening more closely than the headline does; the
    headline is then the line right above it on the page, if that one is a candidate
    and speaks of the story too.
    """
    body = _stems(" ".join(opening))
    shared = {line: len(_stems(line) & body) for line in candidates}
    best = max(shared.values())
    if best < MIN_SHARED_STEMS:
        return candidates[0]
    title = next(line for line in candidates if shared[line] == best)
    above = next(
        (page_lines[i - 1] for i in range(1, len(page_lines)) if page_lines[i] == title), None
    )
    return above if shared.get(above, 0) >= 1 else title


def _stems(text: str) -> set[str]:
    # Words of five letters or more, cut to five: "exploring" and "explores" agree.
    return {word[:STEM_LENGTH] for word in _LONG_WORD.findall(text.lower())}


def _is_menu(line: str) -> bool:
    """Every word capitalised (not shouted): section names side by side, not a headline,
    which has lowercase words whether written in sentence or title case."""
    words = [word for word in line.split() if any(ch.isalpha() for ch in word)]
    return len(words) >= MIN_TITLE_WORDS and all(_capitalised(word) for word in words)


def _capitalised(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return letters[0].isupper() and any(ch.islower() for ch in letters[1:])


def _standfirst(header: list[str], title: str | None) -> list[str]:
    """The standfirst: long header lines under the title. Outlets often print it without
    a final full stop, so it does not open the body by punctuation."""
    if title is None or title not in header:
        return []
    below = header[header.index(title) + 1 :]
    long_lines = [
        line
        for line in below
        if _words(line) >= MIN_STANDFIRST_WORDS
        and not line.startswith(title)  # the page's other copy of the title
        and not _is_menu(line)
    ]
    return long_lines[:MAX_STANDFIRST_LINES]


@dataclass
class _Facts:
    byline: str | None = None
    outlet: str | None = None
    published: str | None = None
    updated: str | None = None


def _take_metadata(line: str, facts: _Facts, byline_allowed: bool) -> bool:
    """Record a dateline or byline into facts; True when the line was one."""
    dated = _dateline(line)
    if dated:
        kind, when = dated
        if kind == "published":
            facts.published = facts.published or when
        else:
            facts.updated = facts.updated or when
        return True
    found = _byline(line) if byline_allowed else None
    if found:
        byline, outlet, when = found
        facts.byline = facts.byline or byline
        facts.outlet = facts.outlet or outlet
        facts.published = facts.published or when
        return True
    return False


# ---------------------------------------------------------------- blocks


def _blocks(lines: list[str], *, drop_trailing_titles: bool) -> list[Block]:
    """Body paragraphs and the subheadings between them.

    A short line without sentence punctuation is a subheading when body text follows it.
    After the last body paragraph such lines are page furniture (author blurbs, tag
    lines) and are dropped unless drop_trailing_titles is False. Runs of more than
    MAX_HEADING_RUN such lines are link lists and are dropped.
    """
    prose = [_is_prose(line) for line in lines]
    if not any(prose):
        return [Block("body", line) for line in lines]
    last_prose = max(i for i, is_prose in enumerate(prose) if is_prose)
    blocks: list[Block] = []
    for index, line in enumerate(lines):
        if prose[index]:
            blocks.append(Block("body", line))
        elif index > last_prose:
            if not drop_trailing_titles:
                blocks.append(Block("body", line))
        elif _heading_run(prose, index) <= MAX_HEADING_RUN:
            blocks.append(Block("heading", line))
    return blocks


def _heading_run(prose: list[bool], index: int) -> int:
    start = index
    while start > 0 and not prose[start - 1]:
        start -= 1
    end = index
    while end + 1 < len(prose) and not prose[end + 1]:
        end += 1
    return end - start + 1


def _with_title(title: str | None, blocks: list[Block]) -> list[Block]:
    return ([Block("title", title)] if title else []) + blocks


# ---------------------------------------------------------------- public cleaners


def clean_page(text: str) -> CleanedPage:
    """Clean a page as a scraper saved it (plain text, chrome and all).

    The page's opening lines, before the first body paragraph, are its header: the title
    is the line the page repeats (a scraper saves both <title> and <h1>), else the first
    header line of five words or more, else of three or more. A byline ("Par X", "By X")
    and a dateline found there or just under the standfirst become metadata; every other
    header line (section names, counters) is dropped. The outlet comes from a
    "Title - Site" twin of the title, a desk credit in the byline ("Par AlAhed avec
    sites web") or a copyright line.
    """
    raw_lines = _raw_lines(text)
    copyright_holder = next(filter(None, (_copyright_outlet(r.text) for r in raw_lines)), None)
    lines = _content_lines(raw_lines)
    opening = next((i for i, line in enumerate(lines) if _opens_article(line)), None)
    facts = _Facts()
    header_end = len(lines) if opening is None else opening
    header = [line for line in lines[:header_end] if not _take_metadata(line, facts, True)]
    opening_text = [line for line in lines[header_end:] if _is_prose(line)][:OPENING_PARAGRAPHS]
    title, site = _title_and_site(header, opening_text, [line.text for line in raw_lines])
    standfirst = _standfirst(header, title)
    body_start = opening if opening is not None else _after(lines, title)
    body = [line for line in _without_metadata(lines[body_start:], facts) if line not in standfirst]
    blocks = [Block("body", line) for line in standfirst] + _blocks(
        _without_repeats(body, title), drop_trailing_titles=opening is not None
    )
    return CleanedPage(
        title=title,
        byline=facts.byline,
        outlet=facts.outlet or site or copyright_holder,
        published=facts.published or facts.updated,
        blocks=_with_title(title, blocks),
    )


def _after(lines: list[str], title: str | None) -> int:
    if title is None or title not in lines:
        return 0
    return len(lines) - lines[::-1].index(title)


def _without_metadata(lines: list[str], facts: _Facts) -> list[str]:
    """Body lines less datelines, and less a byline just under the standfirst."""
    return [
        line
        for index, line in enumerate(lines)
        if not _take_metadata(line, facts, byline_allowed=index < BYLINE_REACH_INTO_BODY)
    ]


def clean_body(text: str, title: str | None = None) -> CleanedPage:
    """Clean an article text field (JSONL/CSV): paragraphs, subheadings, light chrome removal.

    Paragraphs are split at line breaks; hard-wrapped lines (no blank line between, the
    next one starting in lowercase) are joined. Chrome lines and everything after an end
    marker (a comment thread) go; a leading copy of the title goes too.
    """
    title = _tidy(title) if title and title.strip() else None
    lines = _without_repeats(_content_lines(_raw_lines(text)), title)
    blocks = _blocks(lines, drop_trailing_titles=False)
    return CleanedPage(
        title=title, byline=None, outlet=None, published=None, blocks=_with_title(title, blocks)
    )


def clean_html(html: str, url: str | None = None) -> CleanedPage:
    """Extract the article from an HTML page with trafilatura, keeping its subheadings.

    Title, author, site name and date come from trafilatura's metadata (which reads
    <meta> tags, JSON-LD and the page itself). An <h1> repeating the title is dropped.
    """
    document = _extract(html, url)
    if document is None:
        return CleanedPage(title=None, byline=None, outlet=None, published=None, blocks=[])
    blocks = _html_blocks(document.body)
    title = _one_line(document.title)
    standfirst = _html_standfirst(html)
    if standfirst and standfirst != title and standfirst not in (b.text for b in blocks):
        blocks.insert(0, Block("body", standfirst))
    if title is None and blocks and blocks[0].kind == "heading":
        title = blocks[0].text  # no <title> or metadata title: the leading <h1> is it
    facts = _Facts(
        byline=_one_line(document.author),
        outlet=_one_line(document.sitename),
        published=document.date or None,
    )
    # trafilatura sometimes keeps the byline or dateline paragraph under the headline.
    kept = _without_metadata([b.text for b in blocks], facts)
    blocks = [b for b in blocks if b.text in kept and b.text != title]
    return CleanedPage(
        title=title,
        byline=facts.byline,
        outlet=facts.outlet,
        published=facts.published or facts.updated,
        blocks=_with_title(title, blocks),
    )


def _html_standfirst(html: str) -> str | None:
    """The standfirst, found by its class or itemprop (see data/html.yaml): extractors
    take the article header it sits in for page furniture."""
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    marker = _standfirst_marker()
    for element in tree.iter("p", "div", "h2", "h3", "span"):
        classes = (element.get("class") or "").split()
        marked = element.get("itemprop") == "description" or any(map(marker.search, classes))
        if marked:
            text = _one_line(element.text_content())
            if text and _words(text) >= MIN_STANDFIRST_WORDS:
                return text
    return None


@cache
def _standfirst_marker() -> re.Pattern:
    words = _any_of(_data("html.yaml")["standfirst_classes"])
    return re.compile(rf"(?:^|[-_]){words}$", re.I)


def _extract(html: str, url: str | None):
    options = {
        "url": url,
        "with_metadata": True,
        "include_comments": False,
        "include_tables": False,
        "include_images": False,
        "include_formatting": True,
    }
    document = trafilatura.bare_extraction(html, **options)
    if document is None or document.body is None or not len(document.body):
        # Short or unusual pages fail the precision-first default; retry generously.
        document = trafilatura.bare_extraction(html, favor_recall=True, **options) or document
    return document


def _element_text(element) -> str:
    # A <lb/> is a line break between words that carry no space of their own.
    for line_break in element.iter("lb"):
        line_break.tail = " " + (line_break.tail or "")
    return _one_line("".join(element.itertext())) or ""


def _one_line(text: str | None) -> str | None:
    # Source line breaks inside an HTML element or metadata field are plain spaces.
    return " ".join(text.split()) or None if text else None


def _html_blocks(body) -> list[Block]:
    if body is None:
        return []
    blocks: list[Block] = []
    for element in body.iter("head", "p", "item", "quote"):
        if element.tag in ("p", "quote") and element.getparent().tag in ("item", "quote"):
            continue  # already read as part of its list item or quotation
        text = _element_text(element)
        if not text or is_chrome(text):
            continue
        blocks.append(Block("heading" if element.tag == "head" else "body", text))
    return blocks
