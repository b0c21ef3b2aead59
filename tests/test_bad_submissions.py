"""Bad submissions are graded, never fatal: each gets a score, the reason in
``errors``, in bounded time, and costs only what it breaks."""
import time

import pytest

import course_config
from autograder.course import assignments
from autograder.grading import runner
from tests.conftest import ASSIGNMENT_IDS
from tests.mutants import solution_with

AID = ASSIGNMENT_IDS[0]


@pytest.fixture(autouse=True)
def short_limits(monkeypatch):
    monkeypatch.setitem(course_config.ASSIGNMENTS[AID], "cell_timeout", 2)
    monkeypatch.setitem(course_config.ASSIGNMENTS[AID], "call_timeout", 2)


def first_function():
    return next(e for e in assignments.get(AID).checks.exercises() if e[0].islower())


def grade(tmp_path, text, name="s.py"):
    path = tmp_path / name
    path.write_text(text)
    started = time.monotonic()
    result = runner.grade_submission(AID, path, seed=1)
    return result, time.monotonic() - started


def solution_plus(cell):
    """The reference with a bad cell before its first test cell."""
    return solution_with(AID, cell, everywhere=False)


@pytest.mark.parametrize("text,reason", [
    ("def broken(:\n    pass\n", "SyntaxError"),
    ("raise RuntimeError('boom at import')\n", "RuntimeError: boom at import"),
    ("import sys\nsys.exit(0)\n", "SystemExit"),
    ("import numpy as np\nx = np.ones(50 * 2**30 // 8)\n", "MemoryError"),
    ("import os\nos._exit(0)\n", "exited"),
    ("while True:\n    pass\n", "timed out"),
    ("import os\nwhile True:\n    os.fork()\n", "PermissionError"),
])
def test_a_file_that_cannot_load_scores_zero_with_the_reason(tmp_path, text, reason):
    result, seconds = grade(tmp_path, text)
    assert result.score == 0 and result.max_score > 0
    assert any(reason in e for e in result.errors), result.errors
    assert seconds < 30


def test_missing_functions_are_named(tmp_path):
    result, _ = grade(tmp_path, "import numpy as np\n")
    assert result.score == 0 and not result.errors
    assert all("is not defined" in t.feedback for t in result.tests)


@pytest.mark.parametrize("cell,reason", [
    ("while True:\n    pass", "timed out"),
    ("import os\nos._exit(1)", "exited"),
    ("x = bytearray(50 * 2**30)", "MemoryError"),
    ("import os\nwhile True:\n    os.fork()", "PermissionError"),
    ("print('x' * 2**20 * 64)", ""),
])
def test_a_bad_cell_costs_only_itself(tmp_path, cell, reason):
    result, seconds = grade(tmp_path, solution_plus(cell))
    assert result.score == result.max_score, [t.feedback for t in result.tests if not t.passed]
    assert not reason or any(reason in e for e in result.errors), result.errors
    assert seconds < 60


@pytest.mark.parametrize("body,reason", [
    ("import os; os._exit(1)", "exited"),
    ("while True: pass", "timed out"),
    ("return bytearray(50 * 2**30)", "MemoryError"),
])
def test_a_function_that_crashes_or_hangs_loses_only_its_exercise(tmp_path, body, reason):
    name = first_function()
    result, seconds = grade(tmp_path, solution_with(AID, f"def {name}(*args, **kwargs):\n    {body}"))
    totals = result.by_exercise()
    assert totals[name][0] == 0
    assert all(got == top for ex, (got, top) in totals.items() if ex != name), totals
    text = " ".join(result.errors + [t.feedback for t in result.tests])
    assert reason in text
    assert seconds < 90
