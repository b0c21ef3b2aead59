"""Calls into student code whose refusal (a raised exception) is itself judged.

Three ways a check calls a student's function, by what an exception means there:

- ``call_valid``: the input is valid, so a ValueError is a wrong answer, and the
  feedback says why the input was valid;
- ``expect_value_error``: the input is invalid, so the function must raise
  ValueError, with a message;
- ``call_ignoring_errors``: another check judges the answer; this one only looks at
  what the call did to its arguments (an exception is not charged here).

In all three a NotImplementedError goes through to the runner, which reports the
exercise as not implemented yet.
"""
import numpy as np

from autograder.boundary.student import StudentError
from autograder.grading.checks import expect_true, fail, fmt

#: ``why`` for a ValueError on a PMF or table that sums to 1 only within rounding
SUMS_WITHIN_ROUNDING = ("probabilities may sum to 1 only up to rounding: accept a sum within "
                        "1e-6 of 1")


def call_valid(student, name, *args, what, kwargs=None, why=None, **options):
    """``student.call(name, *args, kwargs=kwargs, **options)`` on valid input; a
    ValueError fails the check, saying the input was valid (``why``: the reason)."""
    try:
        return student.call(name, *args, kwargs=kwargs, **options)
    except StudentError as err:
        if err.is_a("ValueError"):
            fail(f"{what} raised ValueError ({err.message}), but the input is valid"
                 + (f" ({why})." if why else "."))
        raise


def expect_value_error(student, name, *args, what, kwargs=None, misconception=None):
    """``name(*args, **kwargs)`` must raise ValueError with a non-empty message.
    ``misconception``: its id, or a function of the value returned instead."""
    try:
        got = student.call(name, *args, kwargs=kwargs)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        if not err.is_a("ValueError"):
            fail(f"{what} should raise ValueError, but raised {err.type}: {err.message}")
        expect_true(err.message.strip() != "",
                    f"{what} raised ValueError without a message: say what is wrong.")
        return
    fail(f"{what} should raise ValueError, but returned {_returned(got)}",
         misconception(got) if callable(misconception) else misconception)


def call_ignoring_errors(student, name, *args, **options):
    """``student.call(...)``, or None when it raises (anything but NotImplementedError)."""
    try:
        return student.call(name, *args, **options)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        return None


def _returned(value):
    try:
        np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return type(value).__name__
    return fmt(value)
