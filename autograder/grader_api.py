"""Everything a grader module imports, in one stable place.

A grader module (``autograder/graders/<name>.py``, one per assignment) imports
only from here, never from the engine's internals, so the engine can be
rearranged without touching fifteen graders. ``tests/test_layout.py`` holds
them to it. What is here:

checks      ``Checks`` (the registry a grader fills with ``@checks.check``),
            ``CheckFailure``, ``fail``, the ``expect_*`` assertions,
            ``close``/``max_rel_error``, named tolerances (``tolerance``),
            conversions (``as_float``, ``as_array``) and ``fmt``
side effects ``expect_no_side_effects(student, "inputs"|"cache")``,
            ``expect_finite``; ``same`` (exact equality of plain data)
catalogue   ``register_misconception`` (a grader's own misconceptions)
handles     ``Handle`` (an object that stays in the student's process),
            ``NamedFunction``/``named_function`` (a pure function from
            ``callables`` handed to student code), ``Rng``, ``TorchGenerator``,
            ``NumpyScalar`` (an argument that must arrive as a NumPy scalar)
errors      ``StudentError`` (the student's code raised), ``SubmissionFailure``
calls       ``call_valid`` (valid input: a ValueError is wrong), ``expect_value_error``
            (invalid input: it must raise; ``expect_value_errors`` takes a list of
            ``Invalid`` inputs and makes their calls in one round trip),
            ``call_ignoring_errors`` (only the call's side effects are judged);
            ``calls_valid``/``calls_ignoring_errors``: several calls, one round trip;
            ``SUMS_WITHIN_ROUNDING`` (the usual reason a PMF was valid)
oracles     ``central_differences`` (numerical gradients); ``t64`` (a float64
            tensor of an array-like, for the PyTorch graders)
programs    ``run_program``/``pack_program``: the expression programs the probes
            ``expression_graph`` and ``dual_program`` build on the student's side
            (run locally on torch tensors, they are the oracle's replay)
"""
from autograder.boundary.callables import build as named_function
from autograder.boundary.callables import pack as pack_program
from autograder.boundary.callables import run_program
from autograder.boundary.sameness import same
from autograder.boundary.specs import Handle, NamedFunction, NumpyScalar, Rng, TorchGenerator
from autograder.boundary.student import StudentError, SubmissionFailure
from autograder.grading.calls import (SUMS_WITHIN_ROUNDING, Invalid, call_ignoring_errors,
                                      call_valid, calls_ignoring_errors, calls_valid,
                                      expect_value_error, expect_value_errors)
from autograder.grading.checks import (Check, CheckFailure, Checks, as_array, as_float, close,
                                       expect_close, expect_finite, expect_no_side_effects,
                                       expect_raises, expect_true, fail, fmt, max_rel_error,
                                       tolerance)
from autograder.grading.misconceptions import register as register_misconception
from autograder.grading.numerical import central_differences
from autograder.grading.tensors import t64

__all__ = [
    "as_array", "as_float", "call_ignoring_errors", "call_valid", "calls_ignoring_errors",
    "calls_valid", "central_differences", "Check", "CheckFailure", "Checks", "close",
    "expect_close", "expect_finite", "expect_no_side_effects", "expect_raises", "expect_true",
    "expect_value_error", "expect_value_errors", "fail", "fmt", "Handle", "Invalid",
    "max_rel_error", "named_function", "NamedFunction", "NumpyScalar", "pack_program",
    "register_misconception", "Rng", "run_program", "same", "StudentError", "SubmissionFailure",
    "SUMS_WITHIN_ROUNDING", "t64", "tolerance", "TorchGenerator",
]
