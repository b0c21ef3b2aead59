"""Prove an assignment's grader both ways, in one warm engine.

``run(assignment_id, seeds=100, mutants=None)`` grades, all in one engine
(:mod:`~autograder.validation.engine`):

1. the reference solution as ``.py`` and as ``.ipynb`` on ``seeds`` seeds
   (the first is the run's base seed, the others derived from it);
2. the released stub, every wrong and every alternative implementation of
   ``tests/wrong/`` (on the base seed);
3. the mutants of the reference's answer cells (all, or a sample of
   ``mutants``), except those the grader module declares equivalent, each on
   the base seed and graded from its own exercise on (the exercises before
   its cell cannot see it, and the reference passes them on that seed);

and judges the results (:mod:`~autograder.validation.judge`) into a
:class:`~autograder.validation.outcomes.Validation`.
"""
import hashlib
import random
import time
from contextlib import nullcontext

from autograder.batch.progress import Progress
from autograder.course import assignments
from autograder.validation import implementations, judge
from autograder.validation import mutants as mutation
from autograder.validation.engine import InProcessEngine, PoolEngine
from autograder.validation.outcomes import Validation


def derived_seeds(base, count):
    """``count`` seeds: ``base`` first, then seeds derived from it."""
    def derive(i):
        digest = hashlib.sha256(f"{base}/{i}".encode()).digest()
        return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF
    return [base] + [derive(i) for i in range(1, count)]


def run(assignment_id, seeds=100, mutants=None, seed=None, in_process=False, workers=None,
        progress=None, pool=None) -> Validation:
    """Validate ``assignment_id``'s grader. ``mutants``: how many to grade
    (None: all; 0: none); ``seed``: the base seed (default: fresh);
    ``in_process``: no sandbox (trusted code only); ``progress``: a stream for
    the progress line (None: none); ``pool``: a warm :class:`WorkerPool` to
    grade on (left running) instead of starting one."""
    assignment = assignments.get(assignment_id)
    base = random.SystemRandom().randrange(2**31) if seed is None else int(seed)
    seed_list = derived_seeds(base, max(1, int(seeds)))
    started = time.monotonic()
    engine = (InProcessEngine(assignment.id) if in_process
              else PoolEngine(assignment.id, workers, pool=pool))
    with engine:   # warms up meanwhile
        generated = mutation.generate(assignment.id)
        declared = mutation.declared_equivalents(assignment.id)
        existing = {m.id for m in generated}
        chosen = mutation.sample([m for m in generated if m.id not in declared], mutants)
        submissions = [*implementations.references(assignment.id, seed_list),
                       implementations.stub(assignment.id, base),
                       *implementations.cases(assignment.id, "wrong", base),
                       *implementations.cases(assignment.id, "alternative", base),
                       *implementations.mutant_submissions(assignment.id, chosen, base)]
        graded, seconds = {}, {}
        with Progress(len(submissions), stream=progress) if progress else nullcontext() as bar:
            for submission, result, took in engine.grade(submissions):
                graded[submission.key], seconds[submission.key] = result, took
                if bar:
                    bar.update(errored=bool(result.errors))
    validation = Validation(assignment.id, base, len(seed_list), generated=len(generated),
                            exercises=list(assignment.checks.exercises()))
    validation.stale = {k: v for k, v in declared.items() if k not in existing}
    _judge(validation, submissions, graded, seconds, chosen)
    by_id = {m.id: m for m in generated}
    validation.mutants += [judge.equivalent(by_id[k], reason) for k, reason in declared.items()
                           if k in by_id]
    order = {m.id: i for i, m in enumerate(generated)}
    validation.mutants.sort(key=lambda m: order[m.id])
    validation.seconds = round(time.monotonic() - started, 1)
    return validation


def _judge(validation, submissions, graded, seconds, chosen):
    for suffix in (".py", ".ipynb"):
        results = [graded[s.key] for s in submissions
                   if s.kind == "reference" and s.suffix == suffix]
        validation.cases.append(judge.reference(f"reference{suffix}", results))
    for s in submissions:
        result = graded[s.key]
        if s.kind == "stub":
            validation.cases.append(judge.stub(result))
        elif s.kind == "wrong":
            validation.cases.append(judge.wrong(s.case, result))
        elif s.kind == "alternative":
            validation.cases.append(judge.alternative(s.case, result))
    validation.mutants += [judge.mutant(m, graded[f"mutant/{m.id}"], seconds[f"mutant/{m.id}"])
                           for m in chosen]
