"""Calls into student code whose refusal (a raised exception) is itself judged.

Three ways a check calls a student's function, by what an exception means there:

- ``call_valid``: the input is valid, so a ValueError is a wrong answer, and the
  feedback says why the input was valid;
- ``expect_value_error``: the input is invalid, so the function must raise
  ValueError, with a message (``expect_value_errors``: several invalid inputs
  in one round trip);
- ``call_ignoring_errors``: another check judges the answer; this one only looks at
  what the call did to its arguments (an exception is not charged here).

In all three a NotImplementedError goes through to the runner, which reports the
exercise as not implemented yet. Each has a plural form (``calls_valid``,
``expect_value_errors``, ``calls_ignoring_errors``) that makes several calls in
one round trip to the student's process and judges them in order, as the
singular form would one after another.
"""
from dataclasses import dataclass

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
        _refuse_valid(err, what, why)


def calls_valid(student, name, calls, whats, why=None, **options):
    """:func:`call_valid` of each ``(args, kwargs)`` in ``calls`` (``whats``: one
    description each), in one round trip: their values, or the first error as
    :func:`call_valid` raises it (the calls after it are not made)."""
    outcomes = student.calls(name, calls, stop_at_error=True, **options)
    for outcome, what in zip(outcomes, whats):
        if isinstance(outcome, StudentError):
            _refuse_valid(outcome, what, why)
    return outcomes


def _refuse_valid(err, what, why):
    if err.is_a("ValueError"):
        fail(f"{what} raised ValueError ({err.message}), but the input is valid"
             + (f" ({why})." if why else "."))
    raise err


def expect_value_error(student, name, *args, what, kwargs=None, misconception=None):
    """``name(*args, **kwargs)`` must raise ValueError with a non-empty message.
    ``misconception``: its id, or a function of the value returned instead."""
    try:
        outcome = student.call(name, *args, kwargs=kwargs)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        outcome = err
    _judge_refusal(what, outcome, misconception)


def _judge_refusal(what, outcome, misconception):
    """``outcome`` (a value, or the StudentError raised) of a call on invalid input."""
    if isinstance(outcome, StudentError):
        if not outcome.is_a("ValueError"):
            fail(f"{what} should raise ValueError, but raised {outcome.type}: {outcome.message}")
        expect_true(outcome.message.strip() != "",
                    f"{what} raised ValueError without a message: say what is wrong.")
        return
    fail(f"{what} should raise ValueError, but returned {_returned(outcome)}",
         misconception(outcome) if callable(misconception) else misconception)


@dataclass(frozen=True)
class Invalid:
    """One invalid input for :func:`expect_value_errors`: ``what`` names it in
    the feedback; ``misconception`` as for :func:`expect_value_error`."""
    what: str
    args: tuple
    kwargs: dict | None = None
    misconception: object = None


def expect_value_errors(student, name, cases):
    """:func:`expect_value_error` for each :class:`Invalid` of ``cases``, in one
    round trip: every call is made, the first that does not raise a ValueError
    with a message fails the check (a NotImplementedError goes through)."""
    cases = list(cases)
    outcomes = student.calls(name, [(case.args, case.kwargs) for case in cases])
    for case, outcome in zip(cases, outcomes):
        if isinstance(outcome, StudentError) and outcome.is_a("NotImplementedError"):
            raise outcome
    for case, outcome in zip(cases, outcomes):
        _judge_refusal(case.what, outcome, case.misconception)


def call_ignoring_errors(student, name, *args, **options):
    """``student.call(...)``, or None when it raises (anything but NotImplementedError)."""
    try:
        return student.call(name, *args, **options)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        return None


def calls_ignoring_errors(student, name, calls, **options):
    """:func:`call_ignoring_errors` of each ``(args, kwargs)`` in ``calls``, in one
    round trip: their values (None where one raised)."""
    outcomes = student.calls(name, calls, **options)
    for outcome in outcomes:
        if isinstance(outcome, StudentError) and outcome.is_a("NotImplementedError"):
            raise outcome
    return [None if isinstance(o, StudentError) else o for o in outcomes]


def _returned(value):
    try:
        np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return type(value).__name__
    return fmt(value)
