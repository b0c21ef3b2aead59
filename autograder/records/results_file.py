"""The per-assignment results file: ``results/<assignment>.jsonl``.

One JSON record per line, appended as each submission is graded, so a batch
killed at any moment loses at most the submissions still being graded:

* a record is one ``write`` of one complete line, then ``fsync``;
* a line cut short by a kill (no final newline, or not JSON) is dropped when
  the file is next opened, and its submission is graded again;
* later lines win: re-grading a changed submission appends its new record,
  and ``compact`` rewrites the file with the latest record per student
  (a new file renamed over the old, so the file is never half-written).

A record is ``GradeResult.to_json()`` plus ``student``, ``sha256`` (of the
graded file's bytes), ``graded_at`` (ISO 8601, UTC), ``seconds`` (wall time of
the grading) and ``run`` (id of the batch run that graded it), and, when the
assignment has a due date, ``late``: ``due`` and ``submitted`` (ISO 8601, UTC;
``submitted`` null without a timestamp.txt), ``seconds`` late (0: on time),
``policy``, ``points_per_hour`` and the ``penalty`` in points. ``score`` is
the points before the penalty, as nbgrader's ``raw_score``;
:func:`score_after_penalty` is nbgrader's ``score``.
"""
import fcntl
import json
import os
from datetime import datetime, timezone
from pathlib import Path

from autograder.records import atomic_write


def make_record(student, graded, sha256, run, graded_at=None) -> dict:
    """A record: ``graded`` (``GradeResult.to_json()`` plus ``seconds``) with the
    student, the graded bytes' sha256, the time (default: now) and the run id."""
    graded_at = graded_at or datetime.now(timezone.utc).isoformat(timespec="seconds")
    return {"student": student, **graded, "sha256": sha256, "graded_at": graded_at,
            "run": run}


def score_after_penalty(record) -> float:
    """The record's score less its late penalty, never below 0 (what ``nbgrader
    export`` calls ``score``)."""
    penalty = (record.get("late") or {}).get("penalty") or 0.0
    return max(0.0, float(record["score"]) - float(penalty))


class ResultsFileBusy(RuntimeError):
    """Another ``grade-all`` holds this assignment's results file."""


def path_for(results_dir, assignment_id) -> Path:
    return Path(results_dir) / f"{assignment_id}.jsonl"


def load(path) -> dict:
    """``{student: record}``, the latest complete record of each student."""
    records, _ = _read(Path(path))
    return records


def _read(path):
    """``(records, length of the complete prefix in bytes)``."""
    records, good = {}, 0
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return records, 0
    for line in data.splitlines(keepends=True):
        if not line.endswith(b"\n"):
            break
        try:
            record = json.loads(line)
            student = record["student"]
        except (ValueError, KeyError, TypeError):
            break
        records[student] = record
        good += len(line)
    return records, good


class ResultsFile:
    """The results file of one assignment, held exclusively while open.

    >>> with ResultsFile(path) as results:
    ...     results.records        # {student: latest record}
    ...     results.append(record)
    """

    def __init__(self, path):
        self.path = Path(path)
        self.records = {}
        self._fd = None
        self._lock = None

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.path.with_suffix(".lock"), "a")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise ResultsFileBusy(f"another grade-all is writing {self.path}") from None
        self.records, good = _read(self.path)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        if os.fstat(self._fd).st_size > good:  # a line cut short by a kill
            os.truncate(self.path, good)
        return self

    def append(self, record):
        line = (json.dumps(record, allow_nan=False, default=str) + "\n").encode()
        written = os.write(self._fd, line)
        if written != len(line):
            raise OSError(f"short write to {self.path} ({written} of {len(line)} bytes)")
        os.fsync(self._fd)
        self.records[record["student"]] = record

    def compact(self):
        """Rewrite the file with only the latest record of each student."""
        atomic_write.write_text(self.path, "".join(
            json.dumps(self.records[student], allow_nan=False, default=str) + "\n"
            for student in sorted(self.records)))
        os.close(self._fd)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)

    def __exit__(self, *exc):
        os.close(self._fd)
        self._lock.close()
