"""Results records made by really grading a few submissions, as ``grade-all``
writes them (``GradeResult.to_json()`` + student, sha256, graded_at, seconds,
run). Graded once per test session: the feedback and report tests share them."""
import copy
import functools
import hashlib
import tempfile
import time
from pathlib import Path

from autograder.records import results_file
from autograder.grading import runner
from tests.conftest import ROOT
from tests.mutants import solution_with, wrong_module

AID = "01_entropy_fundamentals"
OTHER = "10_batch_normalization"
SEED = 20261121
SCRIPT = "<script>alert('owned')</script>"

#: student -> (assignment, what they handed in); a string names a WRONG case
#: of tests/wrong/, bytes are the file itself, a Path is a file of the repository.
SUBMISSIONS = {
    AID: {
        "ada": ROOT / "solutions" / AID / f"{AID}.py",
        "ben": ROOT / "release" / AID / f"{AID}.ipynb",
        "cy": "entropy_natural_log",
        "dee": "uniform_ignores_base",
        "eve": "cross_entropy_arguments_swapped",
        "fay": b'{"cells": [ {"cell_type": "code", "source": ',
        "gus": f"raise RuntimeError({SCRIPT!r})\n".encode(),
    },
    OTHER: {
        "ada": ROOT / "solutions" / OTHER / f"{OTHER}.py",
        "hal": "bn_backward_missing_1_over_n_in_mean_node",
    },
}
SUFFIX = {"fay": ".ipynb"}


def wrong_case(aid, name):
    return next(c for c in wrong_module(aid).WRONG if c["name"] == name)


def records(aid) -> dict:
    """``{student: record}`` of ``aid``'s submissions (a fresh copy each call)."""
    return copy.deepcopy(_graded(aid))


@functools.cache
def _graded(aid):
    with tempfile.TemporaryDirectory() as tmp:
        return {student: _grade(aid, student, what, Path(tmp))
                for student, what in SUBMISSIONS[aid].items()}


def _grade(aid, student, what, tmp):
    path = what if isinstance(what, Path) else tmp / f"{student}{SUFFIX.get(student, '.py')}"
    if isinstance(what, bytes):
        path.write_bytes(what)
    elif isinstance(what, str):
        path.write_text(solution_with(aid, wrong_case(aid, what)["code"]))
    start = time.monotonic()
    result = runner.grade_submission(aid, path, seed=SEED,
                                     submission_label=f"submitted/{student}/{aid}/{path.name}")
    graded = dict(result.to_json(), seconds=round(time.monotonic() - start, 3))
    return results_file.make_record(student, graded, hashlib.sha256(path.read_bytes()).hexdigest(),
                                    "20261121T140000Z-test", "2026-11-21T14:03:12+00:00")
