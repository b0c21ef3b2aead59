"""nbgrader's own tools work on this course and agree with the project's grader:
same points per test cell on honest submissions, and feedback without hidden
tests."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import course_config
from autograder import runner
from tests.conftest import ASSIGNMENT_IDS, ROOT
from tests.mutants import notebook_with, wrong_module

AGREEMENT = [a for a in ("01_entropy_fundamentals", "10_batch_normalization")
             if a in ASSIGNMENT_IDS]


def nbgrader(course, *args):
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
               PYTHONWARNINGS="ignore")
    return subprocess.run([sys.executable, "-m", "nbgrader", *args,
                           f"--CourseDirectory.root={course}",
                           f"--CourseDirectory.db_url=sqlite:///{course}/gradebook.db"],
                          cwd=course, env=env, capture_output=True, text=True, timeout=900)


def submissions(aid):
    """student -> notebook dict: reference, stub, and honest wrong answers."""
    solution = ROOT / "solutions" / aid / f"{aid}.ipynb"
    subs = {"reference": json.loads(solution.read_text()),
            "stub": json.loads((ROOT / "release" / aid / f"{aid}.ipynb").read_text())}
    for wrong in wrong_module(aid).WRONG[:3]:
        subs[wrong["name"]] = notebook_with(aid, wrong["exercise"], wrong["code"])
    return subs


@pytest.fixture(scope="module", params=AGREEMENT)
def autograded(request, tmp_path_factory):
    aid = request.param
    course = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "source" / aid, course / "source" / aid)
    shutil.copy(ROOT / "nbgrader_config.py", course)  # the course's real configuration
    assert nbgrader(course, "generate_assignment", aid, "--force").returncode == 0
    subs = submissions(aid)
    for student, nb in subs.items():
        folder = course / "submitted" / student / aid
        folder.mkdir(parents=True)
        (folder / f"{aid}.ipynb").write_text(json.dumps(nb))
    proc = nbgrader(course, "autograde", aid, "--force")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return aid, course, subs


def nbgrader_scores(course, aid, student):
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course}/gradebook.db") as gb:
        notebook = gb.find_submission_notebook(aid, aid, student)
        return {g.name: g.score for g in notebook.grades}


def test_same_points_per_cell_as_nbgrader(autograded):
    aid, course, subs = autograded
    for student in subs:
        ours = runner.grade_submission(
            aid, course / "submitted" / student / aid / f"{aid}.ipynb",
            seed=course_config.NBGRADER_SEED)
        theirs = nbgrader_scores(course, aid, student)
        mine = {ex: round(got, 6) for ex, (got, _) in ours.by_exercise().items()}
        assert mine == {k: round(v, 6) for k, v in theirs.items()}, (student, mine, theirs)


def test_feedback_does_not_reveal_hidden_tests(autograded):
    aid, course, subs = autograded
    proc = nbgrader(course, "generate_feedback", aid, "--force")
    assert proc.returncode == 0, proc.stderr
    pages = list((course / "feedback").rglob("*.html"))
    assert len(pages) == len(subs)
    for page in pages:
        html = page.read_text()
        for secret in ("HIDDEN TESTS", "grade_exercise", "autograder.notebook"):
            assert secret not in html, (page, secret)
    for student in subs:
        if student not in ("reference", "stub"):  # the failed check or visible assert is explained
            html = next((course / "feedback" / student).rglob("*.html")).read_text()
            assert "[FAIL]" in html or "AssertionError" in html, student
