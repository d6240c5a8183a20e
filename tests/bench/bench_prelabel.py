"""Pre-labelling throughput end to end (real workers, Redis, PostgreSQL) against bare spaCy.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python -m tests.bench.bench_prelabel

Imports 500 generated French articles, then times, in each of three interleaved rounds:
- bare ``nlp.pipe`` of the labeller's model (same components) on the same span texts;
- the whole path: a pre-label job enqueued, chunks consumed by 1 worker process, then
  by 2, predictions written to PostgreSQL; from enqueue to the job's last chunk.
Medians are reported: this machine is noisy, and one slow round must not decide.
Targets: end to end >= 0.8 of bare nlp.pipe; two processes >= 1.6 x one.
"""

import json
import random
import statistics
from pathlib import Path

from tests.bench.harness import line, stopwatch, use_bench_database

N_ARTICLES = 500
ROUNDS = 3
CORPUS = Path(__file__).resolve().parent.parent / "labellers" / "data" / "unseen_fr.jsonl"


def sentences() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [json.loads(row)["text"] for row in lines if row.strip()]


def articles_jsonl(pool: list[str], seed: int = 7) -> bytes:
    """Articles of 12-24 sentences drawn from a corpus, each made unique by a number."""
    rng = random.Random(seed)
    rows = []
    for index in range(N_ARTICLES):
        body = " ".join(rng.sample(pool, rng.randint(12, min(24, len(pool)))))
        rows.append({"title": f"Dépêche n° {index}", "text": body, "language": "fr"})
    return "\n".join(json.dumps(row, ensure_ascii=False) for row in rows).encode()


def bare_pipe(texts: list[str]):
    """A function timing bare nlp.pipe of the labeller's model over ``texts`` (model warm)."""
    import spacy

    from annotate.labellers import french

    nlp = spacy.load(french.MODEL, disable=list(french.UNUSED_PIPES))
    list(nlp.pipe(texts[:200]))  # warm up

    def seconds() -> float:
        with stopwatch() as clock:
            for _ in nlp.pipe(texts, batch_size=256):
                pass
        return clock["seconds"]

    return seconds


def end_to_end_seconds(project, processes: int) -> float:
    """Seconds from enqueueing a pre-label job to its completion by ``processes`` workers.

    The project's predictions are deleted first, so every timed run writes them anew,
    as a first pre-labelling does.
    """
    from annotate.models import Job, Prediction
    from annotate.services.prelabel import start_prelabel
    from tests.worker_process import running_worker, wait_for

    def finished(job_id):
        return Job.objects.get(pk=job_id).state == Job.State.DONE

    with running_worker(concurrency=processes, pool="prefork"):
        warm = start_prelabel(
            project,
            article_ids=list(project.articles.values_list("pk", flat=True)[: 4 * processes]),
        )
        wait_for(lambda: finished(warm.pk), timeout=300, what="warm-up job")
        Prediction.objects.filter(span__article__project=project).delete()
        with stopwatch() as clock:
            job = start_prelabel(project)
            wait_for(lambda: finished(job.pk), timeout=1800, interval=0.05, what="pre-label job")
    return clock["seconds"]


def main() -> None:
    use_bench_database("annotate_bench_prelabel")
    from annotate.models import Span
    from annotate.services.imports import import_bytes
    from tests.factories import make_project

    project = make_project("bench")
    import_bytes(project, "bench.jsonl", articles_jsonl(sentences()), prelabel=False)
    texts = [span.text for span in Span.objects.select_related("article")]
    words = sum(len(text.split()) for text in texts)
    print(f"Pre-labelling: {project.articles.count()} articles, {len(texts)} spans, {words} words")
    print(f"  ({ROUNDS} interleaved rounds; medians, per-round ratios in brackets)")
    bare_seconds = bare_pipe(texts)
    rounds = []
    for _ in range(ROUNDS):
        bare = words / bare_seconds()
        one = words / end_to_end_seconds(project, 1)
        two = words / end_to_end_seconds(project, 2)
        rounds.append((bare, one, two))
    bare, one, two = (statistics.median(column) for column in zip(*rounds, strict=True))
    line("bare nlp.pipe (1 process)", f"{bare:,.0f} words/s")
    line(
        "end to end, 1 worker process",
        f"{one:,.0f} words/s  ratio {one / bare:.2f} (target >= 0.8)"
        f"  [{', '.join(f'{r[1] / r[0]:.2f}' for r in rounds)}]",
    )
    line(
        "end to end, 2 worker processes",
        f"{two:,.0f} words/s  x{two / one:.2f} of 1 (target >= 1.6)"
        f"  [{', '.join(f'{r[2] / r[1]:.2f}' for r in rounds)}]",
    )


if __name__ == "__main__":
    main()
