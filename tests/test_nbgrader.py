"""nbgrader's own tools work on this course and agree with the project's grader:
same points per test cell on honest submissions, and feedback without hidden
tests."""
import json
import shutil

import pytest

import course_config
from autograder.course import nbgrader_cli
from autograder.grading import runner
from tests.conftest import ASSIGNMENT_IDS, ROOT
from tests.mutants import honest_submissions

@pytest.fixture(scope="module", params=ASSIGNMENT_IDS)
def autograded(request, tmp_path_factory):
    aid = request.param
    course = tmp_path_factory.mktemp("course")
    shutil.copytree(ROOT / "source" / aid, course / "source" / aid)
    shutil.copy(ROOT / "nbgrader_config.py", course)  # the course's real configuration
    nbgrader_cli.run(course, "generate_assignment", aid, "--force")
    subs = honest_submissions(aid)
    for student, nb in subs.items():
        folder = course / "submitted" / student / aid
        folder.mkdir(parents=True)
        (folder / f"{aid}.ipynb").write_text(json.dumps(nb))
    nbgrader_cli.run(course, "autograde", aid, "--force")
    return aid, course, subs


def test_same_points_per_cell_as_nbgrader(autograded):
    aid, course, subs = autograded
    for student in subs:
        ours = runner.grade_submission(
            aid, course / "submitted" / student / aid / f"{aid}.ipynb",
            seed=course_config.NBGRADER_SEED)
        theirs = nbgrader_cli.cell_scores(course, aid, student)
        mine = {ex: round(got, 6) for ex, (got, _) in ours.by_exercise().items()}
        # where the visible checks fail, nbgrader's cell raises and scores 0, while
        # this grader counts the hidden checks (the student's process decides nothing)
        visible_failed = set(ours.visible_checks)
        mine.update({ex: 0.0 for ex in visible_failed})
        assert mine == theirs, (student, mine, theirs)


def test_feedback_does_not_reveal_hidden_tests(autograded):
    aid, course, subs = autograded
    nbgrader_cli.run(course, "generate_feedback", aid, "--force")
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
