"""Run a grader module with pytest against one submission:

    pytest autograder/graders/entropy_fundamentals.py --submission my.ipynb [--seed N]

Each check is a pytest test; the ``student`` fixture is the submission loaded
in the sandbox, ``rng`` the check's own generator (as in ``python -m autograder``).
Without ``--submission`` the checks are skipped.
"""
import random

import pytest

from autograder.course import assignments
from autograder.loading import submission
from autograder.sandbox import SandboxSession


def pytest_addoption(parser):
    parser.addoption("--submission", help="the .ipynb or .py file to check")
    parser.addoption("--seed", type=int, help="seed of the checks' inputs (default: fresh)")


@pytest.fixture(scope="session")
def seed(request):
    value = request.config.getoption("--seed")
    return random.SystemRandom().randrange(2**31) if value is None else value


@pytest.fixture(scope="module")
def student(request):
    path = request.config.getoption("--submission")
    if not path:
        pytest.skip("give --submission PATH to run the hidden checks against a submission")
    assignment = assignments.get(request.module.checks.assignment)
    cells = submission.read(path)
    with SandboxSession(assignment, cells) as session:
        session.advance(len(cells))
        yield session.student


@pytest.fixture
def rng(request, seed, student):
    """The check's generator; side effects are cleared when a new exercise
    starts, as the runner does (a mistake costs its own exercise only)."""
    checks = request.module.checks
    check = next(c for c in checks.items if c.func is request.function)
    if getattr(student, "exercise", None) != check.exercise:
        student.exercise = check.exercise
        student.new_exercise()
    return check.rng(seed)
