"""Grade every submission of one assignment (``python -m autograder grade-all``).

The pipeline, in order:
  1. collect  -- find ``submitted/<student>/<assignment>/`` folders
  2. plan     -- a submission whose bytes (sha256) already have a record in the
                 results file is done; the others become tasks
  3. catch up -- done records missing from the gradebook or without a
                 feedback file or an autograded notebook get them (a kill
                 may have come in between); a done record whose lateness
                 changed (a new due date or extension in the gradebook) is
                 recorded again with it
  4. grade    -- tasks go to the warm worker pool (or a Dask cluster)
  5. record   -- each result, with its lateness (``late``: due date,
                 submission time, seconds late, policy, penalty; only when the
                 assignment has a due date), is appended to the results file
                 first (the source of truth), then written to the gradebook, to
                 the student's feedback file and to the autograded notebook
                 formgrader shows (``autograded/<student>/<assignment>/``)
  6. compact  -- the results file keeps one record per student

A batch killed at any point and run again grades only what has no complete
record, so every submission ends up graded exactly once; a changed
submission (new bytes) is graded again and its record replaced.
"""
import contextlib
import os
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import course_config
from autograder.course import assignments
from autograder.loading import collect
from autograder.feedback import autograded_notebook
from autograder.feedback import html as feedback_html
from autograder.records import results_file
from autograder.batch.gradebook import GradebookWriter
from autograder.batch.grading_task import Task, deadline, student_seed
from autograder.batch.progress import Progress


@dataclass
class Options:
    submitted_dir: Path
    results_dir: Path
    feedback_dir: Path
    db_url: str
    autograded_dir: Path | None = None   # None: BATCH["autograded_dir"] beside submitted_dir
    workers: int = 0          # 0: one per core
    dask: str | None = None   # scheduler address; None: the local pool
    seed: int | None = None   # batch seed; None: a fresh one
    regrade: bool = False     # grade again even unchanged submissions


@dataclass
class Summary:
    assignment: str
    submissions: int
    graded: int           # in this run
    already: int          # unchanged since their record
    errored: int          # records (all of them) listing errors
    results: Path
    seed: int


def default_options(**overrides) -> Options:
    """Folders from ``course_config.BATCH`` (under the course root; the autograded
    folder beside the submitted one), nbgrader's gradebook."""
    root, batch = course_config.COURSE_ROOT, course_config.BATCH
    options = Options(submitted_dir=root / batch["submitted_dir"],
                      results_dir=root / batch["results_dir"],
                      feedback_dir=root / batch["feedback_dir"],
                      db_url=course_config.NBGRADER["db_url"])
    for key, value in overrides.items():
        if value is not None:
            setattr(options, key, value)
    if options.autograded_dir is None:  # nbgrader's folders share the course root
        options.autograded_dir = options.submitted_dir.parent / batch["autograded_dir"]
    return options


def cores():
    return len(os.sched_getaffinity(0))


def grade_all(assignment_id, options: Options, stream=None, pool=None) -> Summary:
    """Grade the assignment's submissions (the pipeline above) on ``pool`` (a warm
    pool shared by several batches), or on a pool of its own started when there
    is work."""
    assignment = assignments.get(assignment_id)
    found = collect.find(options.submitted_dir, assignment.id)
    batch_seed = random.SystemRandom().randrange(2**31) if options.seed is None else options.seed
    run = f"{datetime.now(timezone.utc):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
    path = results_file.path_for(options.results_dir, assignment.id)
    with contextlib.ExitStack() as stack:
        results = stack.enter_context(results_file.ResultsFile(path))
        todo = [s for s in found if options.regrade or not _unchanged(s, results.records)]
        # the workers warm up while nbgrader records the assignment in the gradebook
        pool = stack.enter_context(contextlib.nullcontext(pool) if pool is not None
                                   else _pool(assignment, options) if todo else _NoPool())
        gradebook = stack.enter_context(GradebookWriter(options.db_url, assignment.id))
        outputs = _Outputs(options, gradebook.trusted_cells())
        _catch_up(found, todo, results, gradebook, outputs)
        progress = stack.enter_context(
            Progress(len(found), already=len(found) - len(todo), stream=stream))
        timestamps = {s.student: s.timestamp for s in found}
        tasks = (_task(assignment.id, s, batch_seed) for s in todo)
        for task, record in pool.run(tasks):
            record = results_file.make_record(task.student, record, task.sha256, run)
            _add_lateness(record, gradebook, timestamps[task.student])
            results.append(record)
            gradebook.record(record, timestamps[task.student])
            outputs.write(record, task.data, task.suffix)
            progress.update(errored=bool(record["errors"]))
        results.compact()
        errored = sum(bool(results.records[s.student]["errors"]) for s in found)
    return Summary(assignment.id, len(found), len(todo), len(found) - len(todo), errored,
                   path, batch_seed)


def _read(submitted):
    """``(bytes or None, sha256)`` of the file to grade."""
    if submitted.path is None:
        return None, ""
    try:
        data = submitted.path.read_bytes()
    except OSError:
        return None, ""
    return data, collect.digest(data)


def _unchanged(submitted, records):
    record = records.get(submitted.student)
    return record is not None and record.get("sha256") == _read(submitted)[1]


def _task(assignment_id, submitted, batch_seed):
    data, sha = _read(submitted)
    problem = submitted.problem or ("" if data is not None else "the file cannot be read")
    # shown to the student: relative to the submissions folder's parent
    label = str((submitted.path or submitted.folder).relative_to(submitted.folder.parents[2]))
    return Task(assignment_id, submitted.student, label,
                submitted.path.suffix if submitted.path else "", data, problem,
                student_seed(batch_seed, submitted.student), sha)


def _add_lateness(record, gradebook, timestamp):
    """Put the record's ``late`` key (see ``GradebookWriter.lateness``), or none
    when the assignment has no due date; ``record`` without it."""
    record.pop("late", None)
    late = gradebook.lateness(record["student"], timestamp, record["score"])
    if late is not None:
        record["late"] = late


def _catch_up(found, todo, results, gradebook, outputs):
    """Done records the gradebook, the feedback folder or the autograded folder
    lacks (a kill came between the results file and them), and those whose
    lateness changed."""
    pending = {s.student for s in todo}
    scores = gradebook.scores()
    for submitted in found:
        record = results.records.get(submitted.student)
        if record is None or submitted.student in pending:
            continue
        updated = dict(record)
        _add_lateness(updated, gradebook, submitted.timestamp)
        if updated.get("late") != record.get("late"):
            record = updated
            results.append(record)
        score, penalty = scores.get(submitted.student, (-1.0, 0.0))
        expected = (record.get("late") or {}).get("penalty", 0.0)
        if abs(score - record["score"]) > 1e-9 or abs(penalty - expected) > 1e-9:
            gradebook.record(record, submitted.timestamp)
        if record is updated or outputs.missing(record):
            data, _ = _read(submitted)
            outputs.write(record, data, submitted.path.suffix if submitted.path else "")


class _Outputs:
    """The files written from each record: the student's feedback page and the
    autograded notebook (``trusted``: the gradebook's source cells)."""

    def __init__(self, options, trusted):
        self.feedback_dir = options.feedback_dir
        self.autograded_dir = options.autograded_dir or (   # nbgrader's folders share a root
            Path(options.submitted_dir).parent / course_config.BATCH["autograded_dir"])
        self.trusted = trusted

    def missing(self, record):
        """Whether a file of ``record`` is missing or empty (they are not fsynced:
        a crash of the machine may leave one so)."""
        return not all(_nonempty(path) for path in (
            feedback_html.path_for(record, self.feedback_dir),
            autograded_notebook.path_for(record, self.autograded_dir)))

    def write(self, record, data, suffix):
        """Write both files of ``record`` (``data``: the graded bytes, or None)."""
        feedback_html.write(record, self.feedback_dir)
        autograded_notebook.write(record, data, suffix, self.trusted, self.autograded_dir)


def _nonempty(path):
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def _pool(assignment, options):
    if options.dask:
        from autograder.batch.distributed import DaskPool
        return DaskPool(options.dask, [assignment.id], deadline)
    return local_pool([assignment.id], options)


def local_pool(assignment_ids, options):
    """Warm workers on this machine for ``assignment_ids`` (``options.workers``, or one
    per core)."""
    from autograder.batch.pool import WorkerPool
    return WorkerPool(options.workers or cores(), assignment_ids, deadline)


class _NoPool:
    """Nothing to grade: no workers to start."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def run(self, tasks):
        return iter(())
