"""Grading a validation run's submissions in one warm engine.

``PoolEngine`` (the default) is the batch grader's pool of warm worker
processes (:mod:`autograder.batch.pool`): each imports the graders and PyTorch
and starts its sandbox zygote once, then grades one submission after another,
each in a fresh confined student process -- the normal grading path, in
parallel. ``InProcessEngine`` grades in this process without the sandbox, one
after another: for trusted code only (debugging a grader, the test suite's
small made-up assignments).

Both are context managers; ``grade(submissions)`` yields ``(submission,
GradeResult, seconds)`` in completion order (``seconds``: the grading's wall time).
"""
import tempfile
import time
from pathlib import Path

from autograder.batch import grading_task
from autograder.batch.pool import WorkerPool
from autograder.batch.run import cores
from autograder.course import assignments
from autograder.grading import runner
from autograder.records.results import GradeResult
from autograder.sandbox.session import InProcessSession


class PoolEngine:
    """Warm worker processes (one per core unless ``workers``), started on
    entering, so they warm up while the submissions are being made; or an
    already warm ``pool`` (a :class:`WorkerPool` that loaded the assignment),
    lent and left running."""

    def __init__(self, assignment_id, workers=None, pool=None):
        self.assignment = assignments.get(assignment_id)
        self.owned = pool is None
        self.pool = pool if pool is not None else WorkerPool(
            workers or cores(), [assignment_id], grading_task.deadline)

    def __enter__(self):
        if self.owned:
            self.pool.__enter__()
        return self

    def __exit__(self, *exc):
        return self.pool.__exit__(*exc) if self.owned else False

    def grade(self, submissions):
        by_key = {}

        def tasks():
            for sub in submissions:
                by_key[sub.key] = sub
                yield grading_task.Task(self.assignment.id, sub.key, sub.key, sub.suffix,
                                        sub.data, seed=sub.seed, exercises=sub.exercises)
        for task, record in self.pool.run(tasks()):
            yield by_key[task.student], GradeResult.from_json(record), record.get("seconds", 0.0)


class InProcessEngine:
    """No sandbox, no workers: trusted code only."""

    def __init__(self, assignment_id, workers=None):
        self.assignment_id = assignments.get(assignment_id).id

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def grade(self, submissions):
        with tempfile.TemporaryDirectory(prefix="autograder-validate-") as tmp:
            for sub in submissions:
                path = Path(tmp) / f"submission{sub.suffix}"
                path.write_bytes(sub.data)
                started = time.monotonic()
                result = runner.grade_submission(
                    self.assignment_id, path, seed=sub.seed, session_factory=InProcessSession,
                    submission_label=sub.key, exercises=sub.exercises)
                yield sub, result, round(time.monotonic() - started, 3)
