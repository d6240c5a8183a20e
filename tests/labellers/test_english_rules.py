"""English labeller: each cue family, with positive and negative cases."""

import pytest

from annotate.labellers import SpanInput, get_labeller

A, S, D, R = "attributed", "speculative", "denied", "reported"
ANY = object()


@pytest.fixture(scope="module")
def labeller():
    return get_labeller("heuristic-en")


def check(labeller, text, labels, cue=ANY, source=ANY, previous=None):
    [result] = labeller.predict([SpanInput(text, "en", "body", previous)])
    assert result.labels == tuple(sorted(labels)), result.rationale
    if cue is not ANY:
        assert _covered(text, result.cue) == cue, result.rationale
    if source is not ANY:
        assert _covered(text, result.source) == source, result.rationale
    return result


def _covered(text, char_range):
    return None if char_range is None else text[char_range[0] : char_range[1]]


# ------------------------------------------------------------------ attributed


def test_according_to_takes_the_following_words_as_source(labeller):
    check(
        labeller,
        "According to the Wall Street Journal, the two advisers spoke in secret.",
        [A],
        cue="According to",
        source="the Wall Street Journal",
    )
    check(
        labeller,
        "The bridge will reopen in May, according to city officials.",
        [A],
        source="city officials",
    )


def test_said_with_a_subject_before_it(labeller):
    check(
        labeller, "The minister said that the talks had failed.", [A], "said that", "The minister"
    )
    check(labeller, "Sources familiar with the matter say the deal is done.", [A])
    check(
        labeller,
        "The prosecutor told the jury that the evidence was clear.",
        [A],
        "told",
        "The prosecutor",
    )


def test_incise_after_the_reported_words(labeller):
    check(labeller, "Two people were injured, police said.", [A], cue="said", source="police")
    check(
        labeller,
        "Growth will slow, the central bank warned in its report.",
        [A],
        cue="warned",
        source="the central bank",
    )
    check(
        labeller,
        "The plan is dead, said John Smith, a spokesman for the party.",
        [A],
        cue="said",
        source="John Smith",
    )


def test_according_to_meaning_depending_on_is_not_attribution(labeller):
    check(labeller, "Grants are distributed according to need across the county.", [R])
    check(labeller, "Fees vary according to the size of the household.", [R])
    check(labeller, "The evacuation went according to plan.", [R])
    check(labeller, "Prices will rise, according to the central bank.", [A])


def test_a_verb_form_inside_a_proper_name_is_not_a_verb(labeller):
    check(labeller, "The tanker anchored off Port Said on Friday.", [R])
    check(labeller, "The port authority said that the tanker had anchored.", [A])
    check(labeller, "Workers were evacuated, Harbour officials Said.", [A])


def test_pronoun_sources_are_none(labeller):
    check(labeller, '"We are ready," she said.', [A], source=None)


def test_first_person_narration_is_not_attributed(labeller):
    check(labeller, "I think the decision was a mistake.", [R])
    check(labeller, "We believe readers deserve better.", [R])


def test_accusations_and_descriptions_attribute(labeller):
    check(labeller, "The union accuses the council of hiding the report.", [A], source="The union")
    check(labeller, "Witnesses described hearing two loud bangs.", [A])
    check(labeller, "The accused was remanded in custody.", [R])


def test_might_in_an_appeal_to_whoever_is_no_hedge(labeller):
    check(labeller, "Police appealed to anyone who might have seen the van.", [R])
    check(labeller, "The van might have been stolen.", [S])


def test_court_reporting_formulas_attribute(labeller):
    check(labeller, "The inquest heard the pilot had flown for 14 hours without rest.", [A])
    check(labeller, "A jury was told the defendant fled the scene.", [A])
    check(labeller, "The court heard.", [A])


def test_might_the_noun_and_could_of_ability_are_not_hedges(labeller):
    check(labeller, "The country has spent a decade building up its military might.", [R])
    check(labeller, "She said she could hear the engines from her kitchen.", [A])
    check(labeller, "Rates could rise again next month, the bank cautioned.", [A, S])


def test_being_told_is_not_saying(labeller):
    check(labeller, "Passengers were told of the delay at the gate.", [R])
    check(labeller, "Passengers were told that the flight was cancelled.", [A])


def test_possibility_not_ruled_out_is_speculative(labeller):
    check(labeller, "Detectives have not ruled out arson.", [S])
    check(labeller, "A recount cannot be ruled out.", [S])
    check(labeller, "The board ruled out any job cuts.", [R])


def test_orders_and_requests_are_reported(labeller):
    check(labeller, "The mayor told residents to stay indoors.", [R])
    check(labeller, "The union demanded a pay rise.", [R])
    check(labeller, "The president met European leaders in Brussels.", [R])


def test_announcements_are_attributed_but_adjectival_forms_are_not(labeller):
    check(labeller, "The company announced plans to cut 500 jobs.", [A], "announced", "The company")
    check(labeller, "The announced cuts were later scrapped.", [R])
    check(labeller, "Officials recorded 200 confirmed cases on Monday.", [R])


def test_ambiguous_verbs_need_a_proposition(labeller):
    check(labeller, "The fire claimed three lives.", [R])
    check(labeller, "The group claimed that it had planted the bomb.", [A])
    check(labeller, "She wrote three novels about the war.", [R])


def test_zero_that_complement(labeller):
    check(labeller, "Experts warn the virus might spread further.", [A, S])


def test_negated_saying_is_not_attributed(labeller):
    check(labeller, "The minister did not say when the vote would take place.", [D])


def test_quotations(labeller):
    check(labeller, '"We will rebuild this city stone by stone."', [A])
    check(labeller, 'The so-called "special operation" continues.', [R])  # scare quotes


def test_a_span_continuing_an_open_quote_is_attributed(labeller):
    previous = "The mayor said: “We have tried everything."
    check(labeller, "Nothing has worked so far.", [A], previous=previous)


# ----------------------------------------------------------------- speculative


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The minister has reportedly resigned.", "reportedly"),
        ("The suspect allegedly fled to Spain.", "allegedly"),
        ("The storm may reach the coast tonight.", "may"),
        ("The deal might collapse.", "might"),
        ("It appears that the hackers used a phishing email.", "It appears"),
        ("The rebels seem to have withdrawn.", "seem"),
        ("Rates are likely to fall.", "likely"),
        ("The unconfirmed report moved markets.", "unconfirmed"),
        ("The footage has not been independently verified.", "has not been independently verified"),
        ("The budget is expected to pass.", "is expected to"),
    ],
)
def test_hedges_are_speculative(labeller, text, cue):
    check(labeller, text, [S], cue=cue)


def test_may_the_month_and_may_the_name_are_not_hedges(labeller):
    check(labeller, "Theresa May visited the plant in May.", [R])


def test_would_after_said_is_a_reported_future(labeller):
    check(labeller, "The company said it would open a plant in Ohio.", [A])
    check(labeller, "If the talks fail, the strike would begin on Monday.", [S], cue="would")
    check(labeller, "The senator said the bill could pass next week.", [A, S])


def test_will_is_not_speculative(labeller):
    check(labeller, "The museum will reopen in March.", [R])


def test_could_not_be_reached_is_not_a_hedge(labeller):
    check(labeller, "The owner could not be reached on Sunday.", [R])


def test_past_inability_and_narrative_future_are_not_hedges(labeller):
    check(labeller, "Rescuers could not get through the flooded streets until dawn.", [R])
    check(labeller, "The bank couldn't open its doors on Monday.", [R])
    check(labeller, "The young clerk would go on to run the whole company.", [R])
    check(labeller, "The chapel would later serve as a field hospital.", [R])
    check(labeller, "He could not have known about the leak.", [S], cue="could not have")
    check(labeller, "The merger could not be verified.", [S])
    check(labeller, "Prices would rise if the tax passed.", [S], cue="would")


# ---------------------------------------------------------------------- denied


def test_denial_verbs(labeller):
    check(labeller, "The Kremlin denied any involvement.", [D], cue="denied", source="The Kremlin")
    check(labeller, "The former president has denied all wrongdoing.", [D], cue="has denied")
    check(labeller, "The minister did not deny the meeting took place.", [R])
    check(labeller, "He was denied bail by the judge.", [R])
    check(labeller, "The claims were denied by the ministry.", [D])


def test_reject_and_dismiss_need_a_claim_as_object(labeller):
    check(labeller, "The minister rejected accusations of fraud.", [D], cue="rejected")
    check(labeller, "The board rejected the takeover offer.", [R])
    check(labeller, "The club dismissed the reports as speculation.", [D])
    check(labeller, "The manager was dismissed on Monday.", [R])
    check(labeller, "He spread a rumour, an accusation the mayor flatly rejected.", [D])
    check(labeller, "The court rejected the union's argument that the strike was legal.", [D])
    check(labeller, "The council rejected.", [R])


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            "A spokesperson for the bank declined to comment.",
            "declined to comment",
            "A spokesperson for the bank",
        ),
        ("Officials did not confirm the death toll.", "did not confirm", "Officials"),
        ("The army has not confirmed the casualty figures.", "has not confirmed", "The army"),
        (
            "The spokesman declined to identify the victims.",
            "declined to identify",
            "The spokesman",
        ),
        ("The palace has yet to comment on the photographs.", "has yet to comment", "The palace"),
        (
            "The White House would neither confirm nor deny the report.",
            "would neither confirm nor deny",
            "The White House",
        ),
        (
            "The actor did not immediately respond to a request for comment.",
            "did not immediately respond to a request",
            "The actor",
        ),
    ],
)
def test_refusals_to_comment_or_confirm_are_denied_only(labeller, text, cue, source):
    check(labeller, text, [D], cue=cue, source=source)


def test_dismissive_words_with_a_speaker_are_also_attributed(labeller):
    check(
        labeller, "The allegations are baseless, a spokesman said.", [A, D], "said", "a spokesman"
    )
    check(labeller, "These reports are fake news.", [D], cue="fake news")


def test_a_coordinated_saying_verb_inherits_the_first_subject(labeller):
    check(
        labeller,
        "The company has denied any wrongdoing and said it would appeal.",
        [A, D],
        source="The company",
    )
