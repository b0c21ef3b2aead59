"""The unit of batch work: one submission's bytes in, one result out.

The same ``grade`` function runs in the local worker pool and on Dask workers.
A task carries the file's bytes rather than its path, so a worker on another
machine needs no shared file system, and the bytes graded are exactly the
bytes whose ``sha256`` the results file records.
"""
import hashlib
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import course_config
from autograder.grading import runner

SUFFIXES = (".ipynb", ".py")


@dataclass(frozen=True)
class Task:
    assignment: str
    student: str
    label: str           # the submission's path as shown in results and feedback
    suffix: str          # ".ipynb" or ".py": which reader applies
    data: bytes | None   # None when there is no file to grade ...
    problem: str = ""    # ... and this says why
    seed: int = 0
    sha256: str = ""     # of ``data`` ('' when there is none)
    exercises: tuple | None = None   # grade only these (None: all)


def deadline(task: Task) -> float:
    """Seconds a worker may spend on ``task`` before the pool kills it: the
    assignment's ``total_timeout`` and the batch's grace."""
    return (course_config.ASSIGNMENTS[task.assignment]["total_timeout"]
            + course_config.BATCH["grace_seconds"])


def student_seed(batch_seed: int, student: str) -> int:
    """Each student's inputs differ, reproducibly from the batch's seed."""
    digest = hashlib.sha256(f"{batch_seed}/{student}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


def grade(task: Task) -> dict:
    """``GradeResult.to_json()`` of the task plus ``seconds`` (wall time)."""
    started = time.monotonic()
    if task.data is None or task.suffix not in SUFFIXES:
        reason = task.problem or f"unsupported file type {task.suffix!r}: use .ipynb or .py"
        result = runner.not_graded(task.assignment, task.label, task.seed,
                                   f"could not read the submission: {reason}")
    else:
        with tempfile.TemporaryDirectory(prefix="autograder-task-") as tmp:
            path = Path(tmp) / f"submission{task.suffix}"
            path.write_bytes(task.data)
            result = runner.grade_submission(task.assignment, path, seed=task.seed,
                                             submission_label=task.label,
                                             exercises=task.exercises)
    record = result.to_json()
    record["seconds"] = round(time.monotonic() - started, 3)
    return record


def failed(task: Task, reason: str) -> dict:
    """The record of a task whose grading itself failed (worker crash, lost node)."""
    record = runner.not_graded(task.assignment, task.label, task.seed, reason).to_json()
    record["seconds"] = 0.0
    return record


def warm_up(assignment_ids):
    """Import the graders (and PyTorch) and start the sandbox's zygote."""
    from autograder.course import assignments
    from autograder.sandbox import Zygote
    Zygote.prestart()
    for aid in assignment_ids:
        assignments.get(aid).checks  # noqa: B018
    Zygote.shared()
