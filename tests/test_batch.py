"""``grade-all``: a class graded in one run, recorded in the results file, the
gradebook (as ``nbgrader export`` sees it) and feedback files; unchanged work
is not graded twice, changed work is; a batch killed with SIGKILL at any
moment resumes with every submission graded exactly once.

The first batch, the SIGKILL test and the Dask test run ``python -m autograder
grade-all`` as a process (its workers start with it); the batches that test what
grade-all does with its records (re-runs, --regrade, broken files) call the same
entry point in this process, with the session's warm worker pool in place of
one started per batch."""
import contextlib
import csv
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest

from autograder import cli
from autograder.batch import run as batch_run
from autograder.course import nbgrader_cli
from autograder.records import results_file
from autograder.grading import runner
from autograder.batch.grading_task import student_seed
from autograder.records.results_file import ResultsFile, ResultsFileBusy
from tests import classroom
from tests.conftest import ROOT

AID = "10_batch_normalization"
SEED = 7
MAX = 15.0
VOLATILE = ("seconds", "graded_at", "run")


def grade_all(course: Path, *extra, check=True, wait=True, aid=AID):
    """Run ``python -m autograder grade-all`` on ``course/submitted``."""
    args = [sys.executable, "-m", "autograder", "grade-all", aid,
            "--submitted", str(course / "submitted"), "--results-dir", str(course / "results"),
            "--feedback-dir", str(course / "feedback"),
            "--db", f"sqlite:///{course / 'gradebook.db'}", "--seed", str(SEED), *extra]
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent),
                                                 os.environ["PATH"]]))
    if not wait:
        return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    if check:
        assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def grade_all_here(course, pool, *extra, aid=AID):
    """``grade-all`` as :func:`grade_all` runs it, through ``autograder.cli.main``
    in this process, grading on ``pool`` (warm workers) instead of starting its
    own; output captured as a process's would be."""
    args = ["grade-all", aid, "--submitted", str(course / "submitted"),
            "--results-dir", str(course / "results"), "--feedback-dir", str(course / "feedback"),
            "--db", f"sqlite:///{course / 'gradebook.db'}", "--seed", str(SEED), *extra]
    out, err = io.StringIO(), io.StringIO()
    warm = contextlib.nullcontext(pool)
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])  # alembic
    with mock.patch.object(batch_run, "_pool", lambda assignment, options: warm), \
            mock.patch.dict(os.environ, PATH=path), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(args)
    assert code == 0, err.getvalue()[-3000:]
    return SimpleNamespace(returncode=code, stdout=out.getvalue(), stderr=err.getvalue())


def records(course, aid=AID):
    return results_file.load(results_file.path_for(course / "results", aid))


def stable(record):
    return {k: v for k, v in record.items() if k not in VOLATILE}


def gradebook_scores(course, aid=AID, db_url=None):
    """``{student: {grade cell: auto_score}}`` as nbgrader's API reads them
    from ``db_url`` (default: the course's ``gradebook.db``)."""
    from nbgrader.api import Gradebook
    with Gradebook(db_url or f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student_id: {g.name: g.auto_score for nb in s.notebooks for g in nb.grades}
                for s in gb.assignment_submissions(aid)}


def per_exercise(record):
    """``{exercise: points}`` of one record: what its grade cells must hold."""
    points = {}
    for test in record["tests"]:
        points[test["exercise"]] = points.get(test["exercise"], 0) + test["points"]
    return points


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """A class of 10 graded once: ``(course folder, {student: kind}, process)``."""
    course = tmp_path_factory.mktemp("course")
    kinds = classroom.make_class(course / "submitted", AID, 8, seed=3)
    classroom.write(course / "submitted", "zz_broken", AID, b'{"cells": [')
    (course / "submitted" / "zz_nofile" / AID).mkdir(parents=True)
    kinds.update(zz_broken="failing", zz_nofile="failing")
    proc = grade_all(course, "--workers", "2")
    return course, kinds, proc


def test_every_submission_gets_one_record_with_its_hash_and_seed(graded):
    course, kinds, proc = graded
    found = records(course)
    assert set(found) == set(kinds)
    lines = results_file.path_for(course / "results", AID).read_text().splitlines()
    assert len(lines) == len(kinds)
    for student, record in found.items():
        assert record["seed"] == student_seed(SEED, student)
        path = course / "submitted" / student / AID / f"{AID}.ipynb"
        if path.exists():
            import hashlib
            assert record["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert f"{len(kinds)}/{len(kinds)} graded" in proc.stderr
    assert f"graded now {len(kinds)}" in proc.stdout


def test_scores_follow_the_kind_of_submission(graded):
    course, kinds, _ = graded
    for student, record in records(course).items():
        kind, score = kinds[student], record["score"]
        assert record["max_score"] == MAX
        if kind in ("correct", "slow"):
            assert score == MAX and not record["errors"], (student, record["errors"])
        elif kind in ("wrong", "stub"):
            assert score < MAX, student
        elif student in ("zz_broken", "zz_nofile"):
            assert score == 0 and record["errors"][0].startswith("could not read")
    assert "no notebook: expected" in records(course)["zz_nofile"]["errors"][0]


def test_a_batch_record_is_what_grading_the_file_alone_gives(graded):
    course, kinds, _ = graded
    for student in [s for s, k in kinds.items() if k in ("correct", "wrong")][:2]:
        path = course / "submitted" / student / AID / f"{AID}.ipynb"
        alone = runner.grade_submission(AID, path, seed=student_seed(SEED, student))
        ours = records(course)[student]
        assert [(t["name"], t["points"]) for t in ours["tests"]] == \
               [(t.name, t.points) for t in alone.tests]


def test_gradebook_holds_every_exercise_score_and_nbgrader_exports_it(graded, tmp_path):
    course, kinds, _ = graded
    book = gradebook_scores(course)
    assert set(book) == set(kinds)
    for student, record in records(course).items():
        assert book[student] == pytest.approx(per_exercise(record)), student
    nbgrader_cli.run(tmp_path, "export", db_url=f"sqlite:///{course / 'gradebook.db'}")
    with open(tmp_path / "grades.csv") as f:
        exported = {row["student_id"]: float(row["score"]) for row in csv.DictReader(f)}
    assert exported == pytest.approx({s: r["score"] for s, r in records(course).items()})


def test_every_student_gets_a_feedback_file(graded):
    course, kinds, _ = graded
    for student in kinds:
        page = course / "feedback" / student / AID / f"{AID}.html"
        text = page.read_text()
        assert student in text and f'{records(course)[student]["score"]:g}' in text


def test_a_second_run_grades_nothing_and_a_changed_submission_is_regraded(graded, warm_pool):
    course, kinds, _ = graded
    before = records(course)
    proc = grade_all_here(course, warm_pool)
    assert "graded now 0" in proc.stdout
    assert records(course) == before
    stub = next((s for s, k in kinds.items() if k in ("stub", "wrong")))
    classroom.write(course / "submitted", stub, AID, classroom.notebook(AID, "correct"))
    proc = grade_all_here(course, warm_pool)
    assert "graded now 1" in proc.stdout
    after = records(course)
    assert after[stub]["score"] == MAX and after[stub]["run"] != before[stub]["run"]
    assert {s: r for s, r in after.items() if s != stub} == \
           {s: r for s, r in before.items() if s != stub}
    assert sum(gradebook_scores(course)[stub].values()) == MAX
    lines = results_file.path_for(course / "results", AID).read_text().splitlines()
    assert len(lines) == len(kinds)


def test_regrade_grades_everyone_again_with_the_same_result(graded, warm_pool):
    course, kinds, _ = graded
    before = records(course)
    proc = grade_all_here(course, warm_pool, "--regrade")
    assert f"graded now {len(kinds)}" in proc.stdout
    after = records(course)
    assert all(after[s]["run"] != before[s]["run"] for s in kinds)
    assert {s: stable(r) for s, r in after.items()} == {s: stable(r) for s, r in before.items()}


def test_one_command_grades_several_assignments_on_one_pool(graded, tmp_path, warm_pool):
    """``grade-all A B``: both batches on the command's one pool (here the session's
    warm one, in place of the pool the command starts), no batch starting its own,
    and the records that grading each submission alone gives."""
    from autograder.commands import grade_all as command
    course, _, _ = graded
    other = "07_combinatorics"
    shutil.copytree(course / "submitted", tmp_path / "submitted")
    kinds = classroom.make_class(tmp_path / "submitted", other, 3, seed=5)
    shared, own = [], []
    args = ["grade-all", AID, other, "--submitted", str(tmp_path / "submitted"),
            "--results-dir", str(tmp_path / "results"), "--feedback-dir", str(tmp_path / "fb"),
            "--db", f"sqlite:///{tmp_path / 'gradebook.db'}", "--seed", str(SEED)]
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])  # alembic
    out = io.StringIO()
    with mock.patch.object(command, "_shared_pool",
                           lambda ids, options: shared.append(ids) or contextlib.nullcontext(warm_pool)), \
            mock.patch.object(batch_run, "_pool", lambda a, o: own.append(a.id)), \
            mock.patch.dict(os.environ, PATH=path), contextlib.redirect_stdout(out):
        assert cli.main(args) == 0
    assert shared == [[AID, other]] and own == [], "a batch started a pool of its own"
    assert f"{AID}: 10 submissions; graded now 10" in out.getvalue()
    assert f"{other}: 3 submissions; graded now 3" in out.getvalue()
    assert {s: stable(r) for s, r in records(tmp_path, AID).items()} == \
        {s: stable(r) for s, r in records(course, AID).items()}
    for student, record in records(tmp_path, other).items():
        alone = runner.grade_submission(
            other, tmp_path / "submitted" / student / other / f"{other}.ipynb",
            seed=student_seed(SEED, student))
        assert record["score"] == alone.score, (student, kinds[student])


def test_the_command_starts_one_pool_for_several_assignments_and_none_for_one():
    from autograder.batch.pool import WorkerPool
    from autograder.commands import grade_all as command
    options = batch_run.default_options()
    with mock.patch.object(WorkerPool, "__init__", return_value=None) as made:
        assert isinstance(command._shared_pool([AID, "07_combinatorics"], options), WorkerPool)
        assert made.call_args.args[1] == [AID, "07_combinatorics"]
        assert isinstance(command._shared_pool([AID], options), contextlib.nullcontext)


def test_a_finished_worker_has_its_next_submission_before_its_record_is_written(warm_pool):
    """While the batch records one result (gradebook, feedback, notebook), the
    worker that produced it is already grading the next submission."""
    from autograder.batch.grading_task import Task
    data = (ROOT / "solutions" / AID / f"{AID}.ipynb").read_bytes()
    tasks = [Task(AID, f"s{n}", f"s{n}/{AID}.ipynb", ".ipynb", data) for n in range(4)]
    busy = []
    for _ in warm_pool.run(tasks):
        busy.append(sum(w.task is not None for w in warm_pool.workers))
    assert busy[:2] == [2, 2], f"workers busy at each record: {busy}"
    assert busy[-1] == 0


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two CPUs")
def test_each_worker_runs_on_a_cpu_of_its_own(warm_pool):
    """The pool pins worker i to the i-th CPU (autograder/sandbox/cpu.py); its
    student processes follow it there."""
    cpus = sorted(os.sched_getaffinity(0))
    assert [os.sched_getaffinity(w.proc.pid) for w in warm_pool.workers] == \
        [{cpus[0]}, {cpus[1]}]


def test_an_emptied_feedback_page_is_written_again(graded, warm_pool):
    """The feedback page and the autograded notebook are not fsynced (the results
    file is): a crash of the machine may leave one empty, and the next run
    writes it again."""
    course, kinds, _ = graded
    emptied = course / "feedback" / next(iter(kinds)) / AID / f"{AID}.html"
    emptied.write_text("")
    proc = grade_all_here(course, warm_pool)
    assert "graded now 0" in proc.stdout and emptied.stat().st_size > 0


def test_every_submission_gets_an_autograded_notebook_and_a_lost_one_is_rewritten(graded,
                                                                                  warm_pool):
    import nbformat
    course, kinds, _ = graded
    found = records(course)
    for student in kinds:
        path = course / "autograded" / student / AID / f"{AID}.ipynb"
        cells = [c for c in nbformat.read(path, as_version=4).cells
                 if c.metadata.get("nbgrader", {}).get("grade")]
        assert {c.metadata.nbgrader["grade_id"] for c in cells} == \
               {t["exercise"] for t in found[student]["tests"]}, student
    lost = course / "autograded" / next(iter(kinds)) / AID / f"{AID}.ipynb"
    lost.unlink()
    proc = grade_all_here(course, warm_pool)
    assert "graded now 0" in proc.stdout and lost.exists()
    assert records(course) == found


def test_a_hand_score_and_comment_survive_regrading_flagged_only_when_the_score_changes(
        graded, warm_pool):
    from nbgrader.api import Gradebook
    course, kinds, _ = graded
    student = sorted(s for s, k in kinds.items() if k == "wrong")[-1]
    cell = min(gradebook_scores(course)[student].items(), key=lambda kv: kv[1])[0]
    answer = f"{cell}_answer"                     # its solution cell, where comments go
    assert answer in _comment_cells(course, student)

    def state():
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            grade = gb.find_grade(cell, AID, AID, student)
            comment = gb.find_comment(answer, AID, AID, student)
            return grade.manual_score, grade.needs_manual_grade, comment.manual_comment

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:  # as formgrader saves them
        grade = gb.find_grade(cell, AID, AID, student)
        grade.manual_score, grade.needs_manual_grade = 0.5, False
        gb.find_comment(answer, AID, AID, student).manual_comment = "see me"
        gb.db.commit()
    grade_all_here(course, warm_pool, "--regrade")
    assert state() == (0.5, False, "see me")        # the same auto score: no new review
    classroom.write(course / "submitted", student, AID, classroom.notebook(AID, "correct"))
    proc = grade_all_here(course, warm_pool)
    assert "graded now 1" in proc.stdout
    assert state() == (0.5, True, "see me")         # a new auto score under it: review


def _comment_cells(course, student):
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return [c.name for c in gb.find_submission_notebook(AID, AID, student).comments]


def test_dask_cluster_gives_the_local_pools_results(graded, tmp_path):
    from distributed import LocalCluster
    course, kinds, _ = graded
    other = tmp_path / "course"
    other.mkdir()
    (other / "submitted").symlink_to(course / "submitted")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        grade_all(other, "--dask", cluster.scheduler_address)
    local, remote = records(course), records(other)
    assert {s: stable(r) for s, r in remote.items()} == {s: stable(r) for s, r in local.items()}


def _tree(pid):
    """``pid`` and its descendants, from /proc."""
    children = {}
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    found, stack = [], [pid]
    while stack:
        found.append(stack.pop())
        stack += children.get(found[-1], [])
    return found


def _alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_sigkill_at_any_moment_then_resume_grades_each_submission_exactly_once(tmp_path):
    course = tmp_path
    kinds = classroom.make_class(course / "submitted", AID, 14, seed=11,
                                 mix={"correct": 0.4, "wrong": 0.3, "slow": 0.3})
    rng = random.Random(5)
    seen = {}  # records that existed after some kill: they must never be graded again
    for attempt in range(4):
        proc = grade_all(course, "--workers", "2", wait=False)
        time.sleep(rng.uniform(1, 14) if attempt else 3)
        tree = _tree(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        deadline = time.monotonic() + 15
        while any(_alive(p) for p in tree) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [p for p in tree if _alive(p)], "a grader process outlived the batch"
        for student, record in records(course).items():
            assert seen.setdefault(student, record) == record
    proc = grade_all(course, "--workers", "2")
    final = records(course)
    assert set(final) == set(kinds)
    assert all(final[s] == r for s, r in seen.items()), "a finished submission was regraded"
    lines = results_file.path_for(course / "results", AID).read_text().splitlines()
    assert sorted(json.loads(line)["student"] for line in lines) == sorted(kinds)
    book = gradebook_scores(course)
    assert {s: sum(v.values()) for s, v in book.items()} == \
           pytest.approx({s: r["score"] for s, r in final.items()})
    for student, kind in kinds.items():
        assert (final[student]["score"] == MAX) == (kind != "wrong"), student


def test_a_line_cut_short_is_dropped_and_the_file_is_locked(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"student": "a", "score": 1}\n{"student": "b", "sco')
    assert list(results_file.load(path)) == ["a"]
    with ResultsFile(path) as results:
        with pytest.raises(ResultsFileBusy):
            ResultsFile(path).__enter__()
        results.append({"student": "b", "score": 2})
        results.append({"student": "a", "score": 3})
        results.compact()
    assert path.read_text().splitlines() == ['{"student": "a", "score": 3}',
                                             '{"student": "b", "score": 2}']
