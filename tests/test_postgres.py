"""``grade-all --db postgresql://...`` on a PostgreSQL server the tests start
(``tests/postgres_server``): two batches of different assignments -- one on
the local pool, one on a Dask cluster -- set up and write one new gradebook at
the same moment, for the same students; ``nbgrader export`` reads it back; a
record whose transaction collides with another batch's is written again; a
batch killed with SIGKILL while grading resumes with nothing lost or
duplicated. SQLite stays the default (``tests/test_batch.py``)."""
import csv
import os
import signal
import threading
import time

import pytest

import course_config
from autograder.batch.gradebook import GradebookWriter, setting_up
from autograder.course import nbgrader_cli
from autograder.records import results_file
from tests import classroom, postgres_server
from tests.test_batch import AID, _alive, _tree, gradebook_scores, grade_all, per_exercise, records

OTHER = "07_combinatorics"
STUDENTS = 3


@pytest.fixture(scope="module")
def server():
    with postgres_server.running() as running:
        yield running


@pytest.fixture(scope="module")
def two_at_once(server, tmp_path_factory):
    """``AID`` graded on the local pool and ``OTHER`` on a Dask cluster, both
    batches started together on one new, empty gradebook, the same students in
    both: ``(url, {assignment: course folder}, {assignment: {student: kind}})``."""
    from distributed import LocalCluster
    url = server.create_database("two_at_once")
    courses = {aid: tmp_path_factory.mktemp(aid) for aid in (AID, OTHER)}
    kinds = {aid: classroom.make_class(course / "submitted", aid, STUDENTS, seed=1,
                                       mix={"correct": 0.5, "wrong": 0.5})
             for aid, course in courses.items()}
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        procs = {AID: grade_all(courses[AID], "--db", url, "--workers", "1", wait=False),
                 OTHER: grade_all(courses[OTHER], "--db", url, "--dask",
                                  cluster.scheduler_address, wait=False, aid=OTHER)}
        outputs = {aid: proc.communicate(timeout=600) for aid, proc in procs.items()}
    for aid, proc in procs.items():
        assert proc.returncode == 0, (aid, outputs[aid][1][-3000:])
    return url, courses, kinds


def test_two_batches_at_once_both_land_in_full(two_at_once):
    url, courses, kinds = two_at_once
    for aid, course in courses.items():
        found = records(course, aid)
        assert set(found) == set(kinds[aid])
        book = gradebook_scores(course, aid, db_url=url)
        assert set(book) == set(kinds[aid]), aid
        for student, record in found.items():
            assert book[student] == pytest.approx(per_exercise(record)), (aid, student)
            assert (record["score"] == record["max_score"]) == (kinds[aid][student] == "correct")


def test_nbgrader_export_reads_the_gradebook_back(two_at_once, tmp_path):
    url, courses, _ = two_at_once
    nbgrader_cli.run(tmp_path, "export", f"--CourseDirectory.course_id={course_config.COURSE_ID}",
                     db_url=url)
    with open(tmp_path / "grades.csv") as f:
        exported = {(row["assignment"], row["student_id"]): float(row["score"])
                    for row in csv.DictReader(f)}
    expected = {(aid, student): record["score"]
                for aid, course in courses.items()
                for student, record in records(course, aid).items()}
    assert exported == pytest.approx(expected)


def test_a_batch_setting_up_the_gradebook_waits_for_the_one_already_at_it(two_at_once):
    """Setting up (nbgrader's tables, the course, the assignment's cells) is one
    batch at a time: a second batch waits on the server's lock until the first
    is done (without it, two batches on a new gradebook collide creating the
    tables: 1 of 3 trials failed, measured)."""
    url = two_at_once[0]
    entered = threading.Event()

    def second_batch():
        with GradebookWriter(url, OTHER):
            entered.set()

    with setting_up(url):
        thread = threading.Thread(target=second_batch, daemon=True)
        thread.start()
        waiting = _lock_waiters(url, until=1)
        assert waiting == 1 and not entered.is_set()
    thread.join(60)
    assert entered.is_set()


def _lock_waiters(url, until, seconds=60):
    """How many sessions wait for an advisory lock, polled until ``until`` do
    or ``seconds`` pass."""
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    deadline = time.monotonic() + seconds
    with engine.connect() as connection:
        while True:
            waiting = connection.execute(text(
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND NOT granted")).scalar()
            connection.rollback()
            if waiting >= until or time.monotonic() > deadline:
                break
            time.sleep(0.05)
    engine.dispose()
    return waiting


def test_a_record_colliding_with_another_batchs_student_is_written_again(two_at_once,
                                                                          monkeypatch):
    """Another batch creates the student between this batch's look-up and its
    insert: the unique key refuses the insert; the record's transaction is
    rolled back and written again."""
    from nbgrader.api import Gradebook
    url, courses, _ = two_at_once
    record = dict(next(iter(records(courses[AID]).values())), student="newcomer")
    add_student, collided = GradebookWriter._add_student, []

    def add_student_after_another_batch(self, student_id):
        if not collided:
            collided.append(student_id)
            with Gradebook(url, course_id=course_config.COURSE_ID) as other:
                other.add_student(student_id)
        return add_student(self, student_id)

    monkeypatch.setattr(GradebookWriter, "_add_student", add_student_after_another_batch)
    with GradebookWriter(url, AID) as gradebook:
        gradebook.record(record)
    assert collided == ["newcomer"]
    assert gradebook_scores(None, AID, db_url=url)["newcomer"] == \
        pytest.approx(per_exercise(record))


def _submission_rows(url, aid):
    """``{student: (submission rows, summed score of their grade cells)}`` by SQL."""
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT sa.student_id, COUNT(DISTINCT sa.id), "
            "       SUM(COALESCE(g.manual_score, g.auto_score)) "
            "FROM submitted_assignment sa JOIN assignment a ON a.id = sa.assignment_id "
            "LEFT JOIN submitted_notebook sn ON sn.assignment_id = sa.id "
            "LEFT JOIN grade g ON g.notebook_id = sn.id "
            "WHERE a.name = :aid GROUP BY sa.student_id"), {"aid": aid}).all()
    engine.dispose()
    return {student: (count, score) for student, count, score in rows}


def _kill_tree(proc):
    """SIGKILL the batch and every process under it at once; wait until all are gone."""
    tree = _tree(proc.pid)
    for pid in tree:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.communicate()
    deadline = time.monotonic() + 15
    while any(_alive(p) for p in tree) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p for p in tree if _alive(p)], "a grader process outlived the kill"


def test_a_batch_killed_while_grading_resumes_with_nothing_lost_or_duplicated(server, tmp_path):
    url = server.create_database("killed")
    kinds = classroom.make_class(tmp_path / "submitted", AID, 6, seed=11,
                                 mix={"correct": 0.4, "wrong": 0.3, "slow": 0.3})
    path = results_file.path_for(tmp_path / "results", AID)
    proc = grade_all(tmp_path, "--db", url, "--workers", "1", wait=False)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline and \
            not (path.exists() and path.read_text().count("\n") >= 2):
        time.sleep(0.02)
    _kill_tree(proc)
    before = records(tmp_path)
    assert 0 < len(before) < len(kinds), "the kill did not land while grading"
    grade_all(tmp_path, "--db", url, "--workers", "1")
    final = records(tmp_path)
    assert set(final) == set(kinds)
    assert all(final[s] == r for s, r in before.items()), "a finished submission was regraded"
    assert _submission_rows(url, AID) == {
        s: (1, pytest.approx(r["score"])) for s, r in final.items()}
    book = gradebook_scores(tmp_path, db_url=url)
    assert book == {s: pytest.approx(per_exercise(r)) for s, r in final.items()}
