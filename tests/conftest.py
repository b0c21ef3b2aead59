import random

import pytest

import course_config

ROOT = course_config.COURSE_ROOT
ASSIGNMENT_IDS = list(course_config.ASSIGNMENTS)


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite tests/golden/ from the current rendering (test_feedback_golden)")


@pytest.fixture
def seed():
    """A fresh seed per test, printed on failure so the run can be reproduced."""
    value = random.SystemRandom().randrange(2**31)
    print(f"grading seed: {value}")
    return value
