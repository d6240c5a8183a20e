"""A small world of two projects, shared by the permission matrix and the schemathesis run.

Project A ("demo") has a lead, a reviewer, two annotators and a viewer; project B
("other") has its own lead and two annotators, the first of whom is "the outsider"
from A's point of view. Both hold an annotated article, a prediction, a gold decision,
an import batch and a job. Distinctive strings are planted so tests can assert who
never sees what.
"""

from dataclasses import dataclass, field

from annotate.models import ImportBatch, Job, Prediction
from annotate.services.adjudication import adjudicate
from annotate.services.annotations import save_annotation
from annotate.services.assignments import submit
from annotate.services.tokens import create_token
from tests import factories

# Strings planted in the world; who may never see which is in FORBIDDEN below.
A_TITLE = "A-MAIN-TITLE-SECRET"
A_ANN1_NOTE = "NOTE-ANN1-OWN"
A_ANN2_NOTE = "NOTE-ANN2-SECRET"
A_ANN2_ONLY_TITLE = "ANN2-ONLY-TITLE"
A_RATIONALE = "A-RATIONALE-SECRET"
B_TITLE = "OTHER-PROJECT-SECRET-TITLE"
B_OUT1_NOTE = "NOTE-OUT1-SECRET"
B_OUT2_NOTE = "NOTE-OUT2-SECRET"
B_RATIONALE = "B-RATIONALE-SECRET"
B_FILE = "batch-b-secret.jsonl"

A_SECRETS = {A_TITLE, A_ANN1_NOTE, A_ANN2_NOTE, A_ANN2_ONLY_TITLE, A_RATIONALE}
B_SECRETS = {B_TITLE, B_OUT1_NOTE, B_OUT2_NOTE, B_RATIONALE, B_FILE}
FORBIDDEN = {
    "lead": B_SECRETS,
    "reviewer": B_SECRETS,
    "annotator": B_SECRETS | {A_ANN2_NOTE, A_ANN2_ONLY_TITLE},
    "viewer": B_SECRETS | {A_ANN1_NOTE, A_ANN2_NOTE},
    "outsider": A_SECRETS | {B_OUT2_NOTE},
    "anonymous": A_SECRETS | B_SECRETS,
    "admin": set(),
}
# Who "the annotator" of a role is: annotators must only ever see their own work.
OWN_USERNAME = {"annotator": "ann1", "outsider": "out1"}


@dataclass
class Side:
    """One project and the objects its routes point at."""

    project: object
    article: object
    span: object
    batch: object
    job: object
    assignment: object
    submitted_assignment: object
    other_annotator: object


@dataclass
class World:
    users: dict
    sides: dict = field(default_factory=dict)
    token_id: int = 0


def _annotated_article(project, annotators, title, notes, labels=("denied",)):
    article = factories.assigned_article(
        project, annotators, sentences=["Il a dit que oui.", "Elle dément."], title=title
    )
    for annotator, note in zip(annotators, notes, strict=True):
        for span in article.spans.all():
            save_annotation(annotator, span, labels=list(labels), note=note)
    return article


def _side(project, annotators, title, notes, rationale, file_name, reviewer) -> Side:
    article = _annotated_article(project, annotators, title, notes)
    span = article.spans.get(order=1)
    Prediction.objects.create(
        span=span,
        labeller="rules",
        labeller_version="1",
        labels=["denied"],
        confidence=0.8,
        rationale=rationale,
    )
    adjudicate(reviewer, span, labels=["denied"])
    batch = ImportBatch.objects.create(project=project, file_name=file_name)
    job = Job.objects.create(project=project, kind=Job.Kind.PRELABEL)
    return Side(
        project=project,
        article=article,
        span=span,
        batch=batch,
        job=job,
        assignment=article.assignments.get(annotator=annotators[0]),
        # The second annotator has submitted, so a reviewer can send the article back.
        submitted_assignment=submit(annotators[1], article),
        other_annotator=annotators[1],
    )


def build_world() -> World:
    users = {"lead": factories.make_user("lead"), "lead_b": factories.make_user("lead_b")}
    a = factories.make_project("demo", lead=users["lead"])
    b = factories.make_project("other", lead=users["lead_b"])
    users["reviewer"] = factories.member(a, "reviewer", "rev1")
    users["annotator"] = factories.member(a, "annotator", "ann1")
    users["ann2"] = factories.member(a, "annotator", "ann2")
    users["viewer"] = factories.member(a, "viewer", "view1")
    users["outsider"] = factories.member(b, "annotator", "out1")
    users["out2"] = factories.member(b, "annotator", "out2")
    users["admin"] = factories.make_user("root", is_staff=True, is_superuser=True)
    world = World(users=users)
    world.sides["own"] = _side(
        a,
        [users["annotator"], users["ann2"]],
        A_TITLE,
        [A_ANN1_NOTE, A_ANN2_NOTE],
        A_RATIONALE,
        "batch-a.jsonl",
        users["lead"],
    )
    world.sides["other"] = _side(
        b,
        [users["outsider"], users["out2"]],
        B_TITLE,
        [B_OUT1_NOTE, B_OUT2_NOTE],
        B_RATIONALE,
        B_FILE,
        users["lead_b"],
    )
    factories.assigned_article(a, [users["ann2"]], title=A_ANN2_ONLY_TITLE)
    factories.make_article(a, ["Pas encore assignée."], title="Unassigned A")
    world.token_id = create_token(users["lead"], "lead's script")[0].pk
    return world


def project_side(role: str, target: str) -> str:
    """Which world side a role's 'own' / 'other' project is (the outsider's own is B)."""
    if role == "outsider":
        return "other" if target == "own" else "own"
    return target


def role_in(role: str, target: str) -> str | None:
    """The project role the caller holds in the target project."""
    if role == "admin":
        return "lead"
    if role == "outsider":
        return "annotator" if target == "own" else None
    if role == "anonymous":
        return None
    return role if target == "own" else None
