"""French labeller: each cue family, with positive and negative cases.

Cue and source are checked as the substrings they cover in the span text.
"""

import pytest

from annotate.labellers import SpanInput, get_labeller

A, S, D, R = "attributed", "speculative", "denied", "reported"
ANY = object()  # do not check this range


@pytest.fixture(scope="module")
def labeller():
    return get_labeller("heuristic-fr")


def check(labeller, text, labels, cue=ANY, source=ANY, previous=None, kind="body"):
    [result] = labeller.predict([SpanInput(text, "fr", kind, previous)])
    assert result.labels == tuple(sorted(labels)), result.rationale
    if cue is not ANY:
        assert _covered(text, result.cue) == cue, result.rationale
    if source is not ANY:
        assert _covered(text, result.source) == source, result.rationale
    return result


def _covered(text, char_range):
    return None if char_range is None else text[char_range[0] : char_range[1]]


# ------------------------------------------------------------ conditional mood


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Les deux capitales auraient eu des contacts secrets cet été.", "auraient eu"),
        ("Le suspect aurait été interpellé à la frontière espagnole.", "aurait été interpellé"),
        ("Le maire serait sur le point de démissionner.", "serait"),
        # tagged imparfait by the small model: the future-stem check catches them
        ("La réforme bloquerait les salaires pendant deux ans.", "bloquerait"),
        ("Ce texte encouragerait les fraudes aux aides sociales.", "encouragerait"),
        ("Les chercheurs jetteraient l'éponge faute de financement.", "jetteraient"),
    ],
)
def test_conditional_mood_is_speculative(labeller, text, cue):
    check(labeller, text, [S], cue=cue, source=None)


@pytest.mark.parametrize(
    "text",
    [
        "Les soldats paraient les coups avec leurs boucliers.",  # imparfait of parer
        "Les manifestants tiraient des fusées sur les policiers.",  # imparfait of tirer
        "Les habitants espéraient un retour rapide au calme.",
        "Ces armes renforceront la défense aérienne du pays.",  # committed future
        "Le gouvernement reviendra sur sa décision après l'été.",  # future the tagger calls Cnd
        "Je voudrais remercier tous les bénévoles du festival.",  # polite conditional
        "Le marais abrite plus de deux cents espèces d'oiseaux.",  # noun in -rais
    ],
)
def test_imparfait_future_and_politeness_are_not_speculative(labeller, text):
    check(labeller, text, [R], cue=None, source=None)


def test_modal_hedges(labeller):
    check(
        labeller, "Le taux de chômage pourrait atteindre 9 % en fin d'année.", [S], cue="pourrait"
    )
    check(labeller, "La BCE devrait relever ses taux en juin.", [S], cue="devrait")


def test_hypothetical_si_needs_a_conditional_main_clause(labeller):
    check(labeller, "Si la Russie attaquait, l'OTAN riposterait aussitôt.", [S], cue="riposterait")
    check(labeller, "Si la pluie continue, la course sera annulée.", [R])


def test_future_in_the_past_after_a_verb_of_saying_is_a_commitment(labeller):
    check(labeller, "Le ministre a annoncé qu'il démissionnerait en janvier.", [A])
    # but the conditional past and the modals stay hedges
    check(labeller, "Le journal a affirmé que le ministre aurait menti.", [A, S])
    check(labeller, "Le préfet a déclaré que la situation pourrait empirer.", [A, S])


# ---------------------------------------------------------------------- hedges


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Le bilan est probablement bien plus lourd.", "probablement"),
        ("Peut-être le sommet sera-t-il reporté.", "Peut-être"),
        ("Il semble que les négociations soient au point mort.", "semble"),
        ("Le présumé meurtrier a été interpellé dimanche.", "présumé"),
        ("Selon toute vraisemblance, le scrutin sera reporté.", "Selon toute vraisemblance"),
        ("Une rumeur de rachat agite la Bourse depuis lundi.", "rumeur"),
        ("Trois hommes soupçonnés de trafic ont été arrêtés.", "soupçonnés"),
        ("La hausse des prix risque de peser sur la consommation.", "risque de"),
    ],
)
def test_hedges_are_speculative(labeller, text, cue):
    check(labeller, text, [S], cue=cue)


def test_certainty_and_denied_rumours_are_not_hedges(labeller):
    check(labeller, "C'est sans aucun doute le meilleur film de l'année.", [R])
    check(labeller, "Le club a démenti les rumeurs de départ de son capitaine.", [D])


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("L'information n'a pas été confirmée.", "n'a pas été confirmée"),
        ("Ce chiffre n'est pas confirmé à ce stade.", "n'est pas confirmé"),
        ("Le bilan, non confirmé, fait état de dix morts.", "non confirmé"),
        ("La nouvelle reste à confirmer.", "reste à confirmer"),
        (
            "Ces images n'ont pas pu être vérifiées de source indépendante.",
            "n'ont pas pu être vérifiées",
        ),
    ],
)
def test_unconfirmed_is_speculative_not_attributed(labeller, text, cue):
    check(labeller, text, [S], cue=cue)


# ------------------------------------------------------------------ attributed


def test_selon_takes_the_following_noun_phrase_as_source(labeller):
    check(
        labeller,
        "Selon le Wall Street Journal, les deux conseillers se sont parlé en secret.",
        [A],
        cue="Selon",
        source="le Wall Street Journal",
    )
    check(
        labeller,
        "Selon le porte-parole du Kremlin, Dmitri Peskov, Moscou reste ouvert au dialogue.",
        [A],
        source="le porte-parole du Kremlin, Dmitri Peskov",
    )


def test_d_apres_with_a_curly_apostrophe(labeller):
    check(
        labeller,
        "D’après la police, le suspect a pris la fuite.",
        [A],
        cue="D’après",
        source="la police",
    )


def test_pronoun_sources_are_none(labeller):
    check(labeller, "Selon lui, la situation est sous contrôle.", [A], cue="Selon", source=None)
    check(labeller, "Il faut tenir bon, a-t-elle ajouté.", [A], cue="a-t-elle ajouté", source=None)


def test_selon_meaning_depending_on_is_not_attribution(labeller):
    check(labeller, "Le tarif varie selon les régions et les saisons.", [R])
    check(labeller, "Le prix change selon que l'on habite en ville ou non.", [R])
    check(labeller, "Les primes seront réparties selon l'ancienneté des agents.", [R])
    check(labeller, "Les aides sont calculées selon la composition du foyer.", [R])
    check(labeller, "Les prix vont augmenter, selon la Banque de France.", [A])


def test_reporting_verb_with_third_party_subject(labeller):
    check(
        labeller,
        "Le porte-parole du Kremlin, Dmitri Peskov, a affirmé que Moscou était prêt à négocier.",
        [A],
        cue="a affirmé que",
        source="Le porte-parole du Kremlin, Dmitri Peskov",
    )


def test_relative_clause_is_not_part_of_the_source(labeller):
    check(
        labeller,
        "Le quotidien, qui cite des sources policières, affirme que le suspect a avoué.",
        [A],
        source="Le quotidien",
    )


def test_inverted_incise_takes_the_inverted_subject(labeller):
    check(
        labeller,
        "La situation est sous contrôle, a assuré le préfet de police devant la presse.",
        [A],
        cue="a assuré",
        source="le préfet de police",
    )


def test_an_announcement_is_attributed_a_request_is_reported(labeller):
    check(
        labeller, "Le Royaume-Uni a annoncé l'envoi de chars.", [A], "a annoncé", "Le Royaume-Uni"
    )
    check(labeller, "Zelensky a réclamé de nouvelles défenses antiaériennes.", [R])
    check(labeller, "Les syndicats exigent une hausse des salaires.", [R])
    check(labeller, "Le président a rencontré son homologue brésilien.", [R])


def test_saying_verbs_need_a_proposition_when_ambiguous(labeller):
    check(labeller, "Le ministre a souligné la nécessité d'agir vite.", [R])
    check(labeller, "Le ministre a souligné que le temps pressait.", [A], cue="a souligné que")
    check(labeller, "L'auteur a écrit trois romans sur la guerre.", [R])


def test_first_person_narration_is_not_attributed(labeller):
    check(labeller, "Je pense que cette réforme est une erreur.", [R])
    # but quoted first person with an incise is someone else's words
    check(
        labeller, "« Je pense que c'est une erreur », a déclaré le maire.", [A], source="le maire"
    )


def test_negated_saying_is_not_attributed(labeller):
    check(labeller, "Le ministre n'a pas précisé la date du scrutin.", [R])
    check(labeller, "La note ne mentionnait cependant pas le nom du ministre.", [R])
    check(labeller, "La note mentionne cependant que le ministre était informé.", [A])


def test_unwillingness_to_specify_is_a_refusal(labeller):
    check(labeller, "La préfecture n'a pas souhaité préciser le nombre de blessés.", [D])
    check(labeller, "Le parquet a refusé de nommer les personnes entendues.", [D])
    check(labeller, "Contactée, la mairie a refusé de s'exprimer.", [D])
    check(labeller, "Le syndicat n'a pas souhaité s'exprimer sur ce dossier.", [D])
    check(labeller, "L'ONG n'est pas en mesure de confirmer ce bilan.", [D])
    check(labeller, "Le club n'est pas en mesure de payer ses joueurs.", [R])


def test_a_noun_after_a_prenominal_adjective_stays_a_noun(labeller):
    check(labeller, "Le vaccin est associé à un moindre risque d'hospitalisation.", [R])
    check(labeller, "Le chantier risque de prendre du retard.", [S])


def test_a_refusal_quoting_the_party_is_also_attributed(labeller):
    check(
        labeller,
        "L'Élysée a refusé de commenter « une procédure en cours ».",
        [A, D],
        source="L'Élysée",
    )
    check(labeller, "L'Élysée a refusé de commenter la « procédure ».", [D])


def test_possibility_not_ruled_out_is_speculative(labeller):
    check(labeller, "D'après les médecins, une rechute n'est pas exclue.", [A, S])
    check(labeller, "Une erreur humaine ne peut pas être écartée.", [S])


def test_the_wire_formula_a_t_on_appris_attributes(labeller):
    check(labeller, "Deux suspects ont été interpellés, a-t-on appris auprès du parquet.", [A])


def test_quotations(labeller):
    check(labeller, "« Nous irons jusqu'au bout de cette réforme. »", [A])
    check(labeller, "Moscou poursuit son « opération spéciale » en Ukraine.", [R])  # scare quotes


def test_a_span_continuing_an_open_quote_is_attributed(labeller):
    previous = "Le maire a déclaré : « Nous avons tout essayé."
    check(labeller, "Rien n'a fonctionné jusqu'ici.", [A], previous=previous)
    check(labeller, "Rien n'a fonctionné jusqu'ici.", [R], previous="Le maire est arrivé.")


def test_source_phrases_and_opinion_holders(labeller):
    check(labeller, "De source sûre, le président a choisi son Premier ministre.", [A])
    check(
        labeller,
        "Pour l'économiste Thomas Piketty, la mesure creusera les inégalités.",
        [A],
        cue="Pour",
        source="l'économiste Thomas Piketty",
    )
    check(labeller, "Pour l'instant, aucun accord n'a été trouvé.", [R])
    check(labeller, "Le journal cite des sources diplomatiques.", [A])


def test_verbs_the_tagger_reads_as_nouns(labeller):
    check(labeller, "Une étude montre que le traitement réduit les risques.", [A], cue="montre que")
    check(labeller, "La note précise que les crédits seront gelés.", [A])


# ---------------------------------------------------------------------- denied


def test_denial_verbs(labeller):
    check(labeller, "Le ministère a démenti ces informations.", [D], "a démenti", "Le ministère")
    check(labeller, "L'avocat de l'accusé conteste la version des enquêteurs.", [D], "conteste")
    check(labeller, "Il n'a pas démenti l'information.", [R])  # negated


def test_rejeter_is_a_denial_only_with_a_claim_as_object(labeller):
    check(labeller, "Le gouvernement a rejeté les accusations de fraude.", [D], cue="a rejeté")
    check(labeller, "Le Sénat a rejeté le projet de loi en première lecture.", [R])


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            "Le Kremlin et l'Élysée ont refusé tout commentaire.",
            "ont refusé tout commentaire",
            "Le Kremlin et l'Élysée",
        ),
        (
            "Le porte-parole s'est refusé à tout commentaire.",
            "s'est refusé à tout commentaire",
            "Le porte-parole",
        ),
        (
            "La gendarmerie n'a pas confirmé l'identité du suspect.",
            "n'a pas confirmé",
            "La gendarmerie",
        ),
        ("Le club n'a pas souhaité commenter.", "n'a pas souhaité commenter", "Le club"),
        (
            "Le ministère s'est refusé à confirmer le nombre de victimes.",
            "s'est refusé à confirmer",
            "Le ministère",
        ),
        ("La mairie n'a ni confirmé ni démenti.", "n'a ni confirmé ni démenti", "La mairie"),
    ],
)
def test_refusals_to_comment_or_confirm_are_denied_only(labeller, text, cue, source):
    check(labeller, text, [D], cue=cue, source=source)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Ces accusations sont infondées.", "infondées"),
        ("C'est de la pure spéculation.", "pure spéculation"),
        ("Le ministre parle de fake news.", "fake news"),
        ("Ces informations sont sans fondement.", "sans fondement"),
    ],
)
def test_dismissive_phrases_are_denied(labeller, text, cue):
    check(labeller, text, [D], cue=cue)


def test_a_denial_in_the_partys_own_words_is_also_attributed(labeller):
    check(
        labeller,
        "Le porte-parole a déclaré : nous n'avons rien à dire sur cet article.",
        [A, D],
        cue="a déclaré",
        source="Le porte-parole",
    )


def test_passive_saying_needs_content_or_an_agent(labeller):
    check(labeller, "Une fusion est évoquée depuis des mois.", [R])
    check(
        labeller,
        "La nouvelle a été confirmée par le ministère de l'Intérieur.",
        [A],
        source="le ministère de l'Intérieur",
    )
    check(labeller, "Il a été annoncé que le sommet serait reporté.", [A], source=None)


def test_accusations_judgements_and_quoted_denunciations(labeller):
    check(labeller, "Kiev accuse Moscou de bombarder des civils.", [A], source="Kiev")
    check(labeller, "L'opposition juge ce budget insincère.", [A], source="L'opposition")
    check(labeller, "L'agence juge ces craintes infondées.", [A, D])
    check(labeller, "Le syndicat dénonce « une provocation inacceptable ».", [A])
    check(labeller, "Le syndicat dénonce une provocation.", [R])
