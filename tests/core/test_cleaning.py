"""Cleaning scraped pages, HTML pages and text fields into article blocks."""

import datetime

import pytest

from annotate.core.cleaning import (
    Block,
    clean_body,
    clean_html,
    clean_page,
    find_date,
    is_chrome,
    parse_date,
)
from tests.conftest import SAMPLE_PAGE

SAMPLE = SAMPLE_PAGE

TITLE = "Kiev réclame davantage de défense antiaérienne"
PARAGRAPH_1 = (
    "Le président ukrainien a de nouveau appelé ses alliés à accélérer les livraisons de "
    "systèmes de défense."
)
PARAGRAPH_2 = "Selon l'état-major, 40 % du réseau électrique est endommagé depuis octobre."
PARAGRAPH_3 = "Les autorités ont demandé aux habitants de limiter leur consommation."


def page(*lines):
    return "\n\n".join(lines)


def body_texts(cleaned):
    return [block.text for block in cleaned.blocks if block.kind == "body"]


# ---------------------------------------------------------------- the sample page


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared sample not available")
def test_sample_page_title_byline_heading_and_no_chrome():
    cleaned = clean_page(SAMPLE.read_text(encoding="utf-8"))
    title = "Washington et Moscou auraient eu des entretiens confidentiels sur l’Ukraine"
    assert cleaned.title == title
    assert cleaned.byline == "AlAhed avec sites web"
    assert cleaned.outlet == "AlAhed"
    assert cleaned.blocks[0] == Block("title", title)
    assert [b.text for b in cleaned.blocks].count(title) == 1
    headings = [b.text for b in cleaned.blocks if b.kind == "heading"]
    assert headings == ["Livraisons de nouveaux systèmes antiaériens occidentaux"]
    every_text = "\n".join(b.text for b in cleaned.blocks)
    for chrome in ("noscript", "Please Wait", "folder_open", "FAVORIS", "Comments", "//", "Par "):
        assert chrome not in every_text
    assert len(body_texts(cleaned)) == 22


# ---------------------------------------------------------------- chrome


@pytest.mark.parametrize(
    "line",
    [
        "Please Wait...",
        "Loading…",
        "Chargement en cours...",
        "noscript",
        "Please enable JavaScript to view the comments.",
        "folder_openAmériques access_timedepuis un année",
        "starAJOUTER AUX FAVORIS",
        "access_time 3 min",
        "Partager",
        "Share on Facebook",
        "Facebook Twitter LinkedIn Email",
        "Imprimer",
        "Ajouter aux favoris",
        "Accueil",
        "Skip to main content",
        "Accueil > International > Europe",
        "World | Business | Politics | Tech",
        "Nous utilisons des cookies pour améliorer votre expérience.",
        "We use cookies to improve your experience. By continuing you agree.",
        "Tout accepter",
        "Publicité",
        "Advertisement",
        "Lire aussi : Zelensky réclame un bouclier antiaérien",
        "Read more: What to know about the summit",
        "il y a 3 heures",
        "2 hours ago",
        "Temps de lecture : 3 min",
        "5 min read",
        "1,2k vues",
        "Photo : AFP",
        "(Photo by John Doe/AFP via Getty Images)",
        "© AFP",
        "//",
        "***",
        "The Daily Planet - Back to home",
        "This article is more than 2 years old",
        "Accepter et fermer Paramétrer les cookies",
        "We and our partners use cookies to personalise content and ads.",
        "Manage Preferences",
        "Email address",
        "Sign up for our Morning Briefing newsletter to get the news in your inbox.",
        "Newsletter Lyon – l'essentiel de l'actualité locale chaque matin",
        "Abonnez-vous dès 1 € pour poursuivre votre lecture.",
        "Ajouter à vos sélections",
        "Image caption, Rescuers searched the rubble on Monday",
        "A rescuer carries a child in Kyiv, Monday, Nov. 14, 2022. (AP Photo/Jane Doe)",
    ],
)
def test_chrome_lines_are_recognised_and_dropped(line):
    assert is_chrome(line)
    cleaned = clean_page(page(TITLE, PARAGRAPH_1, line, PARAGRAPH_2))
    assert body_texts(cleaned) == [PARAGRAPH_1, PARAGRAPH_2]


@pytest.mark.parametrize(
    "line",
    [
        "Depuis trois jours, les habitants de Kiev vivent sans électricité.",
        "La CNIL a sanctionné Google pour ses cookies déposés sans consentement.",
        "Share prices fell sharply on Monday, the exchange said.",
        "Lire est un plaisir que la guerre n'a pas éteint, dit-elle.",
        "Home prices rose 3 % in October.",
        "Users can now manage cookies more easily, the regulator said.",
        "Newsletters are a growing business for local outlets.",
        "Get vaccinated, officials urged, as cases doubled in a month.",
        "Le maire a présenté une photo (prise en 1952) de la place.",
        PARAGRAPH_2,
    ],
)
def test_article_sentences_are_not_chrome(line):
    assert not is_chrome(line)


def test_comment_thread_after_the_article_is_cut():
    cleaned = clean_page(
        page(TITLE, PARAGRAPH_1, PARAGRAPH_2, "Commentaires", "Jean: Très bon article.", "Bravo !")
    )
    assert body_texts(cleaned) == [PARAGRAPH_1, PARAGRAPH_2]


def test_comment_counter_in_the_header_is_dropped():
    cleaned = clean_page(page(TITLE, "12 commentaires", PARAGRAPH_1, PARAGRAPH_2))
    assert [b.text for b in cleaned.blocks] == [TITLE, PARAGRAPH_1, PARAGRAPH_2]


def test_a_bare_teaser_takes_its_link_title_with_it():
    cleaned = clean_page(
        page(TITLE, PARAGRAPH_1, "À lire aussi", "Zelensky réclame un bouclier", PARAGRAPH_2)
    )
    assert [b.text for b in cleaned.blocks] == [TITLE, PARAGRAPH_1, PARAGRAPH_2]


# ---------------------------------------------------------------- title, byline, date, outlet


def test_header_of_a_french_news_page():
    cleaned = clean_page(
        "\n".join(
            [
                "Menu",
                "Le Quotidien",
                "International › Europe › Ukraine",
                f"{TITLE} - Le Quotidien",
                TITLE,
                "Ukraine",
                "Publié le 14 novembre 2022 à 10h30, modifié le 15 novembre 2022 à 12h05",
                "Par Marie Dupont",
                PARAGRAPH_1,
                PARAGRAPH_2,
            ]
        )
    )
    assert cleaned.title == TITLE
    assert cleaned.outlet == "Le Quotidien"
    assert cleaned.byline == "Marie Dupont"
    assert cleaned.published == "14 novembre 2022 à 10h30"
    assert [b.text for b in cleaned.blocks] == [TITLE, PARAGRAPH_1, PARAGRAPH_2]


def test_english_byline_with_date_and_copyright_outlet():
    title = "Biden and Xi agree to resume military talks"
    first = "U.S. President Joe Biden and Chinese President Xi Jinping agreed to resume talks."
    cleaned = clean_page(
        page(
            title,
            "By Jane Smith and John Doe | November 15, 2023 3:45 PM EST",
            first,
            "© 2023 The Daily Planet. All rights reserved.",
        )
    )
    assert (cleaned.title, cleaned.byline) == (title, "Jane Smith and John Doe")
    assert cleaned.published == "November 15, 2023 3:45 PM EST"
    assert cleaned.outlet == "The Daily Planet"
    assert body_texts(cleaned) == [first]


def test_byline_after_the_standfirst_and_agency_credit():
    cleaned = clean_page(page(TITLE, PARAGRAPH_1, "Par Jean Dupont avec AFP", PARAGRAPH_2))
    assert cleaned.byline == "Jean Dupont avec AFP"
    assert cleaned.outlet is None  # a person's name is not an outlet
    assert body_texts(cleaned) == [PARAGRAPH_1, PARAGRAPH_2]


def test_sentences_opening_like_a_byline_stay_in_the_body():
    by_monday = "By Monday, the troops had withdrawn from the city."
    par_ailleurs = "Par ailleurs, le Kremlin a refusé tout commentaire"
    cleaned = clean_page(page(TITLE, PARAGRAPH_1, par_ailleurs, by_monday))
    assert cleaned.byline is None
    assert [b.text for b in cleaned.blocks[1:]] == [PARAGRAPH_1, par_ailleurs, by_monday]


def test_site_name_above_the_headline_is_not_the_title():
    cleaned = clean_page(
        page("The Daily Planet", "Article réservé aux abonnés", TITLE, PARAGRAPH_1)
    )
    assert cleaned.title == TITLE
    assert [b.text for b in cleaned.blocks] == [TITLE, PARAGRAPH_1]


def test_pipe_separated_site_name_in_a_lone_title():
    cleaned = clean_page(page(f"{TITLE} | Le Quotidien", PARAGRAPH_1))
    assert (cleaned.title, cleaned.outlet) == (TITLE, "Le Quotidien")


def test_page_without_a_header_has_no_title():
    cleaned = clean_page(page(PARAGRAPH_1, PARAGRAPH_2))
    assert cleaned.title is None
    assert cleaned.blocks == [Block("body", PARAGRAPH_1), Block("body", PARAGRAPH_2)]


# ---------------------------------------------------------------- headings


def test_subheadings_between_paragraphs_and_trailing_furniture():
    cleaned = clean_page(
        page(
            TITLE,
            PARAGRAPH_1,
            "Une situation critique",
            PARAGRAPH_2,
            "Le Quotidien avec agences",
            "Ukraine Russie Énergie",
        )
    )
    assert [(b.kind, b.text) for b in cleaned.blocks] == [
        ("title", TITLE),
        ("body", PARAGRAPH_1),
        ("heading", "Une situation critique"),
        ("body", PARAGRAPH_2),
    ]


def test_a_run_of_short_lines_is_a_link_list_not_headings():
    links = ["Zelensky à Kherson", "Les frappes se multiplient", "Le gaz manque en Europe"]
    cleaned = clean_page(page(TITLE, PARAGRAPH_1, *links, PARAGRAPH_2))
    assert [b.kind for b in cleaned.blocks] == ["title", "body", "body"]


def test_question_and_list_items_are_body_not_headings():
    cleaned = clean_page(
        page(TITLE, PARAGRAPH_1, "Pourquoi maintenant ?", "- un premier point", PARAGRAPH_2)
    )
    assert [b.kind for b in cleaned.blocks] == ["title", "body", "body", "body", "body"]


# ---------------------------------------------------------------- text fields


def test_clean_body_joins_hard_wraps_and_drops_the_repeated_title():
    text = (
        f"{TITLE}\n\nLe président ukrainien a de nouveau appelé\nses alliés à accélérer les "
        f"livraisons.\n\nUne situation critique\n{PARAGRAPH_2}\nLire aussi : autre chose\n"
        f"{PARAGRAPH_3}\nSigné : la rédaction"
    )
    cleaned = clean_body(text, title=f"  {TITLE} ")
    assert cleaned.title == TITLE
    assert [(b.kind, b.text) for b in cleaned.blocks] == [
        ("title", TITLE),
        (
            "body",
            "Le président ukrainien a de nouveau appelé ses alliés à accélérer les livraisons.",
        ),
        ("heading", "Une situation critique"),
        ("body", PARAGRAPH_2),
        ("body", PARAGRAPH_3),
        ("body", "Signé : la rédaction"),
    ]


def test_clean_body_keeps_short_text_without_punctuation():
    cleaned = clean_body("Breaking news from the front")
    assert cleaned.blocks == [Block("body", "Breaking news from the front")]


# ---------------------------------------------------------------- HTML

HTML_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Kiev reçoit de nouveaux systèmes antiaériens - Le Quotidien</title>
<meta property="og:site_name" content="Le Quotidien">
<meta property="og:title" content="Kiev reçoit de nouveaux systèmes antiaériens">
<meta name="author" content="Marie Dupont">
<meta property="article:published_time" content="2022-11-08T09:30:00+01:00">
</head>
<body>
<header class="site-header">
  <a href="/" class="logo">Le Quotidien</a>
  <nav class="main-nav"><ul><li><a href="/monde">Monde</a></li>
  <li><a href="/politique">Politique</a></li><li><a href="/sport">Sport</a></li></ul></nav>
</header>
<main><article>
  <h1>Kiev reçoit de nouveaux systèmes antiaériens</h1>
  <p class="byline">Par <span class="author">Marie Dupont</span></p>
  <div class="share"><a href="#">Partager sur Facebook</a> <a href="#">Imprimer</a></div>
  <p>Les forces ukrainiennes ont reçu lundi de nouveaux systèmes de défense antiaérienne
  occidentaux, selon le ministère de la Défense. Ces livraisons étaient attendues.</p>
  <p>« Ces armes renforceront considérablement notre armée », a écrit le ministre sur son
  compte Twitter. M. Reznikov a remercié les alliés.</p>
  <h2>Des infrastructures ciblées</h2>
  <p>Selon <a href="/autorites">les autorités ukrainiennes</a>, la Russie a détruit environ
  <strong>40 %</strong> des infrastructures énergétiques<br/>du pays depuis début octobre.</p>
  <aside class="related"><h3>À lire aussi</h3><ul>
  <li><a href="/a">Zelensky réclame un bouclier antiaérien</a></li></ul></aside>
  <h2>Une matinée calme</h2>
  <p>La matinée de lundi a été relativement calme à Kiev, avec un ciel gris et brumeux.</p>
</article></main>
<aside class="sidebar"><h2>Les plus lus</h2>
<ol><li><a href="/c">Un article populaire</a></li></ol></aside>
<footer class="site-footer"><p>© 2022 Le Quotidien. Tous droits réservés.</p>
<nav><a href="/mentions">Mentions légales</a> | <a href="/contact">Contact</a></nav></footer>
</body>
</html>
"""


def test_html_page_gives_title_headings_and_body_without_chrome():
    cleaned = clean_html(HTML_PAGE, url="https://lequotidien.example/monde/kiev")
    assert cleaned.title == "Kiev reçoit de nouveaux systèmes antiaériens"
    assert cleaned.byline == "Marie Dupont"
    assert cleaned.outlet == "Le Quotidien"
    assert parse_date(cleaned.published) == datetime.date(2022, 11, 8)
    kinds = [(b.kind, b.text[:30]) for b in cleaned.blocks]
    assert kinds == [
        ("title", "Kiev reçoit de nouveaux systèm"),
        ("body", "Les forces ukrainiennes ont re"),
        ("body", "« Ces armes renforceront consi"),
        ("heading", "Des infrastructures ciblées"),
        ("body", "Selon les autorités ukrainienn"),
        ("heading", "Une matinée calme"),
        ("body", "La matinée de lundi a été rela"),
    ]
    assert cleaned.blocks[4].text == (
        "Selon les autorités ukrainiennes, la Russie a détruit environ 40 % des "
        "infrastructures énergétiques du pays depuis début octobre."
    )
    every_text = " ".join(b.text for b in cleaned.blocks)
    for chrome in ("Monde", "Politique", "Partager", "Les plus lus", "Mentions", "droits", "\n"):
        assert chrome not in every_text


def test_html_without_content_gives_no_blocks():
    assert clean_html("<html><body><nav><a href='/'>Accueil</a></nav></body></html>").blocks == []


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-11-14", datetime.date(2022, 11, 14)),
        ("2022-11-14T09:30:00+01:00", datetime.date(2022, 11, 14)),
        ("14/11/2022", datetime.date(2022, 11, 14)),
        ("11/14/2022", datetime.date(2022, 11, 14)),
        ("03.02.2024", datetime.date(2024, 2, 3)),
        ("Publié le 1er décembre 2022 à 10h30", datetime.date(2022, 12, 1)),
        ("lundi 14 nov. 2022", datetime.date(2022, 11, 14)),
        ("Nov. 15, 2023 3:45 PM EST", datetime.date(2023, 11, 15)),
        ("Wednesday, November 15th, 2023", datetime.date(2023, 11, 15)),
        ("31/02/2022", None),
        ("depuis un an", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_find_date_returns_the_date_as_written():
    assert find_date("Mis à jour le 8 novembre 2022 à 09h30, par la rédaction") == (
        "8 novembre 2022 à 09h30"
    )
    assert find_date("Aucune date ici.") is None


# ---------------------------------------------------------------- realistic page layouts


def test_wire_story_layout():
    cleaned = clean_page(
        "\n".join(
            [
                "AP Logo",
                "Menu",
                "World News",
                "Ukraine says Russia launched 40 drones overnight; most were shot down",
                "An apartment building damaged by a drone is seen in Kyiv, Monday, Nov. 14, "
                "2022. (AP Photo/Efrem Lukatsky)",
                "BY HANNA ARHIROVA",
                "Updated 9:41 AM EST, November 14, 2022",
                "Share",
                "KYIV, Ukraine (AP) — Russia launched 40 drones at Ukraine overnight, the air "
                "force said Monday.",
                "Russia has not commented on the attack.",
                "___",
                "Follow AP’s coverage of the war in Ukraine at https://apnews.com/hub/ukraine",
                "Arhirova covers Ukraine for The Associated Press.",
            ]
        )
    )
    assert cleaned.title.startswith("Ukraine says Russia launched 40 drones")
    assert cleaned.byline == "HANNA ARHIROVA"
    assert parse_date(cleaned.published) == datetime.date(2022, 11, 14)
    assert body_texts(cleaned) == [
        "KYIV, Ukraine (AP) — Russia launched 40 drones at Ukraine overnight, the air force "
        "said Monday.",
        "Russia has not commented on the attack.",
    ]


def test_metadata_under_the_standfirst_layout():
    standfirst = "Le président ukrainien a réclamé lundi aux Occidentaux un bouclier antiaérien."
    cleaned = clean_page(
        "\n".join(
            [
                "Aller au contenu principal",
                "Europe",
                TITLE,
                standfirst,
                "Le président ukrainien à Kiev, le 14 novembre 2022. © Genya Savilov, AFP",
                "Texte par :",
                "FRANCE 24",
                "Suivre",
                "3 mn",
                "Publié le : 14/11/2022 - 10:30",
                "Modifié le : 14/11/2022 - 12:05",
                PARAGRAPH_2,
                "Avec AFP",
                "Partager",
            ]
        )
    )
    assert (cleaned.title, cleaned.byline) == (TITLE, "FRANCE 24")
    assert parse_date(cleaned.published) == datetime.date(2022, 11, 14)
    assert [b.text for b in cleaned.blocks] == [TITLE, standfirst, PARAGRAPH_2]


def test_menu_and_button_bars_saved_on_one_line_are_dropped():
    cleaned = clean_page(
        page(
            TITLE,
            PARAGRAPH_1,
            "Saint-Brieuc   Lannion   Guingamp\tDinan",
            "Une usine en sursis",
            f"{PARAGRAPH_2}   {PARAGRAPH_3}",
        )
    )
    assert [(b.kind, b.text) for b in cleaned.blocks] == [
        ("title", TITLE),
        ("body", PARAGRAPH_1),
        ("heading", "Une usine en sursis"),
        ("body", f"{PARAGRAPH_2} {PARAGRAPH_3}"),
    ]


def test_a_menu_line_above_the_headline_is_not_the_title():
    menu = "International Politique Société Économie Planète Idées"
    cleaned = clean_page(page("Le Quotidien", menu, TITLE, PARAGRAPH_1))
    assert cleaned.title == TITLE
    title_case = "Carver Foods to Close Its Springfield Plant After 57 Years"
    assert clean_page(page(menu, title_case, PARAGRAPH_1)).title == title_case


def test_a_standfirst_without_a_full_stop_is_kept_under_the_title():
    standfirst = "Le chef de l'État a demandé aux alliés d'accélérer les livraisons de missiles"
    cleaned = clean_page(
        page("Monde", TITLE, standfirst, "Par Jean Dupont", "Publié le 14/11/2022", PARAGRAPH_1)
    )
    assert cleaned.byline == "Jean Dupont"
    assert [(b.kind, b.text) for b in cleaned.blocks] == [
        ("title", TITLE),
        ("body", standfirst),
        ("body", PARAGRAPH_1),
    ]


def test_short_header_lines_under_the_title_are_not_a_standfirst():
    cleaned = clean_page(page(TITLE, "Europe", "Abonnés", "Temps de lecture 4 min", PARAGRAPH_1))
    assert [b.text for b in cleaned.blocks] == [TITLE, PARAGRAPH_1]


def test_an_agency_name_alone_is_the_byline():
    cleaned = clean_page(page(TITLE, PARAGRAPH_1, "AFP", PARAGRAPH_2))
    assert cleaned.byline == "AFP"
    assert body_texts(cleaned) == [PARAGRAPH_1, PARAGRAPH_2]


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("PUBLISHED: March 4, 2025 at 4:12 p.m. | UPDATED: March 5, 2025 at 9:30 a.m.", 4),
        ("Originally Published: March 4, 2025 at 4:12 p.m.", 4),
        ("Publié le 04/03/2025 à 16:05 - Modifié le 05/03/2025 à 18:31", 4),
        ("Last modified on Wed 5 Mar 2025 19.05 GMT", 5),
    ],
)
def test_datelines_with_times_and_two_dates(line, published):
    cleaned = clean_page(page(TITLE, line, PARAGRAPH_1))
    assert parse_date(cleaned.published) == datetime.date(2025, 3, published)
    assert [b.text for b in cleaned.blocks] == [TITLE, PARAGRAPH_1]


def test_a_site_tagline_above_the_headline_is_not_the_title():
    headline = "Ukraine : le président appelle ses alliés à accélérer les livraisons"
    cleaned = clean_page(
        page(
            "Le Quotidien des régions – l'information et les analyses du monde",
            "Accueil > Monde",
            headline,
            PARAGRAPH_1,
            PARAGRAPH_2,
        )
    )
    assert cleaned.title == headline


def test_a_cookie_notice_does_not_end_the_article_at_a_comments_button():
    notice = "We and our 212 partners store information on your device, such as cookies."
    cleaned = clean_page(page(notice, TITLE, "Comments", PARAGRAPH_1, PARAGRAPH_2))
    assert cleaned.title == TITLE
    assert body_texts(cleaned) == [PARAGRAPH_1, PARAGRAPH_2]


STANDFIRST = "L'armée ukrainienne a reçu lundi des batteries occidentales attendues depuis l'été."


@pytest.mark.parametrize(
    "element",
    [
        f'<p class="article__chapo">{STANDFIRST}</p>',
        f'<div class="story-header__dek">{STANDFIRST}</div>',
        f'<p itemprop="description">{STANDFIRST}</p>',
    ],
)
def test_a_standfirst_in_the_article_header_is_kept(element):
    html = HTML_PAGE.replace(
        "<h1>Kiev reçoit de nouveaux systèmes antiaériens</h1>",
        f'<header class="article-header"><h1>Kiev reçoit de nouveaux systèmes antiaériens</h1>'
        f"{element}</header>",
    ).replace(
        '<meta property="og:site_name"',
        '<meta name="description" content="Un résumé qui ne figure pas dans la page.">\n'
        '<meta property="og:site_name"',
    )
    blocks = clean_html(html).blocks
    assert [b.text for b in blocks[:2]] == [
        "Kiev reçoit de nouveaux systèmes antiaériens",
        STANDFIRST,
    ]
    assert [b.text for b in blocks].count(STANDFIRST) == 1
    assert not any("résumé" in b.text for b in blocks)


def test_a_short_marked_paragraph_is_not_a_standfirst():
    html = HTML_PAGE.replace(
        '<a href="/" class="logo">Le Quotidien</a>',
        '<a href="/" class="logo">Le Quotidien</a><p class="summary">En bref</p>',
    )
    assert "En bref" not in [b.text for b in clean_html(html).blocks]
