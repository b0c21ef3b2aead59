"""Due dates and late work as nbgrader does them: the penalties are the ones
nbgrader's own plugin classes compute (its LateSubmissionPlugin, the SubMarks
plugin of its documentation, AssignLatePenalties' cap); ``grade-all`` records
the lateness, stores the penalty where nbgrader's autograde does, so that
``nbgrader export`` shows it; the gradebook's due date wins over
course_config's, and a change of it reaches work already graded; the student's
feedback page says how late the work was and what it cost (golden).

``grade-all`` runs here on a stand-in pool that returns fixed results: what is
tested is what happens to a result, not the grading."""
import contextlib
import csv
import io
import os
import re
import shutil
import sys
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from nbgrader.plugins import LateSubmissionPlugin
from nbgrader.preprocessors import AssignLatePenalties
from traitlets.config.loader import PyFileConfigLoader

import course_config
from autograder.batch import run as batch_run
from autograder.batch.gradebook import GradebookWriter
from autograder.course import assignments, late_policy, nbgrader_cli, nbgrader_plugins
from autograder.course.nbgrader_plugins import CourseLatePolicy
from autograder.feedback import grades_csv, report
from autograder.feedback import html as feedback_html
from autograder.feedback import lateness
from autograder.feedback import text as feedback_text
from autograder.records import results_file
from tests.conftest import ROOT
from tests.test_feedback_golden import GOLDEN, stored, update_goldens  # noqa: F401 (fixture)

AID = "10_batch_normalization"
DUE = "2026-12-01 23:00:00 Europe/Berlin"          # 22:00 UTC
HOUR = 3600.0


def submarks():
    """nbgrader's documented per-hour late plugin, ``SubMarks``, as its docs write it."""
    import nbgrader
    rst = Path(nbgrader.__file__).parent / "docs" / "source" / "plugins" / "late-plugin.rst"
    code = re.search(r"::\n\n(    from __future__(?:.*\n|\n)*?)\S", rst.read_text()).group(1)
    namespace = {}
    exec(compile("\n".join(line[4:] for line in code.splitlines()), str(rst), "exec"), namespace)
    return namespace["SubMarks"]()


def capped(penalty, score):
    """What nbgrader's AssignLatePenalties stores for a plugin's ``penalty``."""
    return AssignLatePenalties()._check_late_penalty(SimpleNamespace(score=score), penalty)


@pytest.mark.parametrize("seconds", [1.0, 0.4 * HOUR, 0.5 * HOUR, 1.5 * HOUR, 2.6 * HOUR,
                                     30 * HOUR, 1e6])
@pytest.mark.parametrize("score", [0.0, 3.5, 15.0])
def test_each_policy_penalises_as_nbgraders_own_plugins(seconds, score):
    for method in ("none", "zero"):
        expected = LateSubmissionPlugin(penalty_method=method).late_submission_penalty(
            "s", score, seconds)
        got = nbgrader_plugins.late_penalty(late_policy.Policy(None, method, 1.0), "s", score, seconds)
        assert got == (None if expected is None else capped(expected, score))
    for per_hour in (1.0, 2.5):
        expected = capped(per_hour * submarks().late_submission_penalty("s", score, seconds),
                          score)
        got = nbgrader_plugins.late_penalty(late_policy.Policy(None, "per_hour", per_hour), "s", score,
                                  seconds)
        assert got == pytest.approx(expected)
    assert nbgrader_plugins.late_penalty(late_policy.Policy(None, "zero", 1.0), "s", score, 0.0) is None


def test_nbgrader_autograde_charges_each_assignment_its_own_policy(monkeypatch):
    """nbgrader_config.py makes autograde's AssignLatePenalties ask CourseLatePolicy."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    monkeypatch.setattr(course_config, "LATE_WORK", {AID: dict(policy="per_hour",
                                                               points_per_hour=2.0)})
    for aid, expected in ((AID, 6.0), ("01_entropy_fundamentals", None)):
        preprocessor = AssignLatePenalties(config=config)
        assert preprocessor.plugin_class is CourseLatePolicy
        preprocessor.assignment_id = aid           # as its preprocess() sets it
        preprocessor.init_plugin()
        assert preprocessor.plugin_inst.late_submission_penalty("s", 10.0, 3 * HOUR) == expected


def test_an_unknown_policy_is_refused(monkeypatch):
    monkeypatch.setattr(course_config, "LATE_WORK", {AID: dict(policy="half")})
    with pytest.raises(ValueError, match="'half' is not one of none, zero, per_hour"):
        late_policy.policy_for(AID)


# -- grade-all ------------------------------------------------------------------

def result(task):
    """A fixed result of ``task``: every check passes but the first exercise's (0 of 2)."""
    exercises = list(assignments.get(AID).test_cells.items())
    tests = [{"name": f"{name}/check", "exercise": name, "points": 0.0 if i == 0 else points,
              "max_points": points, "passed": i != 0, "status": "failed" if i == 0 else "passed",
              "feedback": "wrong" if i == 0 else ""}
             for i, (name, (_, points)) in enumerate(exercises)]
    score = sum(t["points"] for t in tests)
    return {"assignment": AID, "submission": task.label, "score": score,
            "max_score": sum(t["max_points"] for t in tests), "seed": task.seed,
            "tests": tests, "errors": [], "seconds": 0.01}


class FixedPool:
    """Stands in for the worker pool: each task gets :func:`result`."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def run(self, tasks):
        for task in tasks:
            yield task, result(task)


#: student -> timestamp.txt (None: none written)
STAMPS = {"early": "2026-12-01 21:59:00 UTC",
          "late": "2026-12-02 00:36:00 UTC",        # 2 h 36 min late: 3 hours rounded
          "nostamp": None}


@pytest.fixture(scope="module")
def empty_gradebook(tmp_path_factory):
    """A gradebook in which nbgrader recorded the assignment (and nothing else):
    copied for each test, so that generate_assignment runs once."""
    path = tmp_path_factory.mktemp("gradebook") / "gradebook.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent),
                                              os.environ["PATH"]]))
        with GradebookWriter(f"sqlite:///{path}", AID):
            pass
    return path


@pytest.fixture
def course(tmp_path, monkeypatch, empty_gradebook):
    """A class of three handed in, the assignment due DUE at 1 point per hour late."""
    monkeypatch.setattr(course_config, "LATE_WORK", {AID: dict(due=DUE, policy="per_hour")})
    shutil.copy(empty_gradebook, tmp_path / "gradebook.db")
    for student, stamp in STAMPS.items():
        folder = tmp_path / "submitted" / student / AID
        folder.mkdir(parents=True)
        (folder / f"{AID}.ipynb").write_text('{"cells": []}')
        if stamp:
            (folder / "timestamp.txt").write_text(stamp)
    monkeypatch.setattr(batch_run, "_pool", lambda assignment, options: FixedPool())
    # nbgrader's Gradebook runs `alembic` from PATH
    monkeypatch.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent),
                                                os.environ["PATH"]]))
    return tmp_path


def grade_all(course):
    """``grade-all`` on ``course``: (summary, what it wrote on stderr)."""
    options = batch_run.Options(course / "submitted", course / "results", course / "feedback",
                                f"sqlite:///{course / 'gradebook.db'}", seed=1)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        summary = batch_run.grade_all(AID, options, stream=io.StringIO())
    return summary, err.getvalue()


def records(course):
    return results_file.load(results_file.path_for(course / "results", AID))


def exported(course, command=False):
    """The rows, by student, that ``nbgrader export`` writes of the course's
    gradebook: the command itself when ``command``, else its exporter
    (CsvExportPlugin) called here, which is faster."""
    db_url = f"sqlite:///{course / 'gradebook.db'}"
    if command:
        nbgrader_cli.run(course, "export", db_url=db_url)
    else:
        from nbgrader.api import Gradebook
        from nbgrader.plugins import CsvExportPlugin
        with Gradebook(db_url) as gb:
            CsvExportPlugin(to=str(course / "grades.csv")).export(gb)
    with open(course / "grades.csv", newline="") as f:
        return {row["student_id"]: row for row in csv.DictReader(f)}


def cells(score):
    """grades.csv's cells of a student who did only AID: every assignment, then the total."""
    return ["" if a.id != AID else f"{score:g}" for a in assignments.all_assignments()] + \
        [f"{score:g}"]


def test_grade_all_records_lateness_and_stores_the_penalty_where_nbgrader_does(course):
    grade_all(course)
    found = records(course)
    raw = found["late"]["score"]
    assert found["late"]["late"] == {
        "due": "2026-12-01T22:00:00", "submitted": "2026-12-02T00:36:00", "seconds": 9360.0,
        "policy": "per_hour", "points_per_hour": 1.0, "penalty": 3.0}
    assert found["early"]["late"]["seconds"] == 0 and found["early"]["late"]["penalty"] == 0
    assert found["nostamp"]["late"]["submitted"] is None
    assert results_file.score_after_penalty(found["late"]) == raw - 3
    rows = exported(course, command=True)
    assert rows["late"]["duedate"] == "2026-12-01 22:00:00"
    assert float(rows["late"]["late_submission_penalty"]) == 3.0
    assert float(rows["late"]["raw_score"]) == raw and float(rows["late"]["score"]) == raw - 3
    for student in ("early", "nostamp"):
        assert float(rows[student]["late_submission_penalty"]) == 0.0
        assert float(rows[student]["score"]) == found[student]["score"]
    summary = report.summarise(AID, found)                 # the instructor's report
    assert summary.scores == [found["early"]["score"], raw - 3, found["nostamp"]["score"]]
    assert (summary.late, summary.penalty) == (1, 3.0)
    assert "1 late, 3 points of late penalties" in report.render(summary)
    assert grades_csv.table(course / "results")[1:] == [
        ["early", *cells(found["early"]["score"])], ["late", *cells(raw - 3)],
        ["nostamp", *cells(found["nostamp"]["score"])]]
    page = feedback_html.path_for(found["late"], course / "feedback").read_text()
    assert ("Submitted 2 h 36 min late (2026-12-02 00:36 UTC, due 2026-12-01 22:00 UTC). "
            "Late-work policy: 1 point off per hour late (hours rounded to the nearest): "
            f"3 points off, so the grade is {raw - 3:g} / 15.") in page


def _gradebook_rows(path):
    """Every row a submission has in the gradebook, by name (row ids aside)."""
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{path}", course_id=course_config.COURSE_ID) as gb:
        return sorted(
            (s.student_id, s.timestamp, s.extension, s.score, s.late_submission_penalty,
             [(nb.name, nb.flagged, nb.late_submission_penalty, nb.score,
               sorted((g.name, g.auto_score, g.manual_score, g.extra_credit,
                       g.needs_manual_grade) for g in nb.grades),
               sorted((c.name, c.auto_comment, c.manual_comment) for c in nb.comments))
              for nb in s.notebooks])
            for s in gb.assignment_submissions(AID))


def test_a_new_submission_gets_the_rows_nbgraders_add_submission_makes(tmp_path, monkeypatch,
                                                                       empty_gradebook):
    """The bulk insert of a new submission writes what nbgrader's own
    ``add_submission`` and an update of its grades write: the same grades,
    comments, notebook penalties and timestamps (also for an unreadable
    timestamp.txt); a second record of the same students updates both alike."""
    monkeypatch.setattr(course_config, "LATE_WORK", {AID: dict(due=DUE, policy="per_hour")})
    stamps = dict(STAMPS, garbled="not a time at all")
    task = SimpleNamespace(label="x", seed=1)
    records = [dict(result(task), student=student, late={"seconds": seconds})
               for student, seconds in zip(stamps, (0.0, 2.6 * HOUR, 0.0, 0.0))]
    rows = {}
    for way in ("bulk", "nbgrader"):
        path = tmp_path / f"{way}.db"
        shutil.copy(empty_gradebook, path)
        with GradebookWriter(f"sqlite:///{path}", AID) as gradebook:
            if way == "nbgrader":   # every submission through update_or_create_submission
                monkeypatch.setattr(gradebook, "_submitted", lambda student: True)
            for record in records:
                gradebook.record(record, stamps[record["student"]])
            first = _gradebook_rows(path)
            records[0]["tests"][0]["points"] = 1.5          # graded again: a better score
            gradebook.record(records[0], stamps[records[0]["student"]])
            records[0]["tests"][0]["points"] = 0.0
        rows[way] = first, _gradebook_rows(path)
    assert rows["bulk"] == rows["nbgrader"]
    first, again = rows["bulk"]
    by_student = {row[0]: row for row in first}
    assert len(first) == 4 and by_student["late"][4] > 0 and not by_student["early"][4]
    assert by_student["garbled"][1] is None and by_student["late"][1] is not None
    assert first != again


def test_the_gradebooks_due_date_wins_and_a_new_one_reaches_graded_work(course):
    grade_all(course)
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:   # as formgrader would
        gb.update_or_create_assignment(AID, duedate=datetime(2026, 12, 2, 1, 0))
    summary, err = grade_all(course)
    assert summary.graded == 0
    assert "the gradebook's due date counts" in err
    found = records(course)
    assert found["late"]["late"]["seconds"] == 0 and found["late"]["late"]["penalty"] == 0
    assert float(exported(course)["late"]["late_submission_penalty"]) == 0.0
    page = feedback_html.path_for(found["late"], course / "feedback").read_text()
    assert "Submitted on time (2026-12-02 00:36 UTC, due 2026-12-02 01:00 UTC)." in page
    lines = results_file.path_for(course / "results", AID).read_text().splitlines()
    assert len(lines) == len(STAMPS)


def test_zero_policy_exports_a_late_notebook_as_0(course, monkeypatch):
    monkeypatch.setattr(course_config, "LATE_WORK", {AID: dict(due=DUE, policy="zero")})
    grade_all(course)
    rows = exported(course)
    assert float(rows["late"]["score"]) == 0.0 and float(rows["early"]["score"]) > 0
    assert results_file.score_after_penalty(records(course)["late"]) == 0.0


# -- what the student reads -------------------------------------------------------

LATE = {"due": "2026-11-21T12:00:00", "submitted": "2026-11-22T13:30:00", "seconds": 91800.0,
        "policy": "per_hour", "points_per_hour": 0.5, "penalty": 13.0}


def test_the_feedback_page_of_late_work_matches_its_golden(update_goldens):
    record = dict(stored("mistake"), late=LATE)
    text = feedback_html.render(record).rstrip("\n") + "\n"
    path = GOLDEN / "late.html"
    if update_goldens:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), "late.html differs: --update-goldens"
    said = lateness.describe(record)
    assert said.startswith("Submitted 1 day 1 h 30 min late") and "0.5 points off per hour" in said
    assert f"so the grade is {max(0, record['score'] - 13):g} / 20." in said
    assert said in " ".join(feedback_text.render(record).split())   # wrapped at 100 columns


@pytest.mark.parametrize("seconds, said", [(42, "42 s"), (3600, "1 h"), (3660, "1 h 1 min"),
                                           (86400 * 2 + 300, "2 days 5 min")])
def test_durations_read_as_people_say_them(seconds, said):
    assert lateness.duration(seconds) == said
