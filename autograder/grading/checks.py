"""Checks: typed, registered per assignment, each worth points.

A grader module declares::

    checks = Checks("01_entropy_fundamentals")

    @checks("entropy", points=1)
    def test_entropy_matches_scipy(student, rng):     # the check "entropy/matches_scipy"
        ...  # raise CheckFailure (or use the expect_* helpers) on a wrong answer

A check receives a :class:`~autograder.boundary.student.Student` and a NumPy Generator
seeded from the run's seed and the check's name. It passes by returning.
"""
import math
import sys
import zlib
from dataclasses import dataclass
from typing import Callable

import numpy as np

import course_config
from autograder.grading import misconceptions as _catalogue
from autograder.boundary.student import CACHE_NOT_REUSABLE, INPUT_MODIFIED, StudentError


class CheckFailure(AssertionError):
    """A wrong answer. ``misconception`` names a catalogued mistake it matches."""

    def __init__(self, message, misconception=None):
        super().__init__(message)
        self.message = message
        self.misconception = misconception


@dataclass(frozen=True)
class Check:
    assignment: str
    exercise: str
    name: str
    points: float
    func: Callable

    @property
    def full_name(self):
        return f"{self.exercise}/{self.name}"

    def rng(self, seed):
        """The check's own generator: same seed and name give the same inputs."""
        return np.random.default_rng([seed, zlib.crc32(self.full_name.encode())])


class Checks:
    """The ordered checks of one assignment."""

    def __init__(self, assignment):
        self.assignment = assignment
        self.items: list[Check] = []

    def __call__(self, exercise, points):
        """Register ``test_<exercise>_<what>`` as the check ``<exercise>/<what>``."""
        def register(func):
            name = func.__name__.removeprefix("test_").removeprefix(exercise + "_")
            if any(c.exercise == exercise and c.name == name for c in self.items):
                raise ValueError(f"duplicate check {exercise}/{name}")
            self.items.append(Check(self.assignment, exercise, name, float(points), func))
            return func
        return register

    def exercises(self):
        """``{exercise: points}`` in the order the checks were declared."""
        totals = {}
        for c in self.items:
            totals[c.exercise] = totals.get(c.exercise, 0.0) + c.points
        return totals

    def for_exercise(self, exercise):
        return [c for c in self.items if c.exercise == exercise]


# -- assertion helpers ---------------------------------------------------------

def tolerance(name):
    """``(rtol, atol)`` of a named tolerance from course_config.TOLERANCES."""
    return course_config.TOLERANCES[name]


def fail(message, misconception=None):
    raise CheckFailure(message, misconception)


def fmt(value, digits=6):
    """Short, readable rendering of a number or array for feedback."""
    if isinstance(value, (float, int, np.floating, np.integer)) and not isinstance(value, bool):
        try:
            return f"{float(value):.{digits}g}"
        except OverflowError:   # an exact int beyond float range (a multiplicity, a count)
            return f"an integer of {int(value.bit_length() * math.log10(2)) + 1} digits"
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - ragged or odd values: show them as they are
        return repr(value)[:120]
    if array.dtype.kind not in "biufc":
        return repr(value)[:120]
    if array.ndim == 0:
        return fmt(array.item(), digits)
    if array.ndim <= 2 and array.dtype.kind in "biuf":
        text = _grid_text(array)
    else:
        text = np.array2string(array, precision=4, threshold=8, edgeitems=2,
                               suppress_small=False, max_line_width=90)
    return f"{text} (shape {array.shape})" if array.size > 8 else text


SHOWN = 8        # arrays with more entries than this show only their corners
EDGE = 2         # entries shown at each end of a long axis


def _grid_text(array):
    """A 1-D or 2-D real array as NumPy prints it (``[[a b]\\n [c d]]``, 4
    significant digits, ``...`` for the middle of a long axis), in a fraction of
    ``np.array2string``'s time: feedback texts are built for every check."""
    grid = array.reshape(1, -1) if array.ndim == 1 else array
    entry = str if array.dtype.kind in "biu" else "{:.4g}".format
    cut = array.size > SHOWN

    def ends(n):    # the leading and trailing index ranges shown of an axis of n
        return (slice(0, EDGE), slice(n - EDGE, n)) if cut and n > 2 * EDGE \
            else (slice(0, n), None)
    (top, bottom), (left, right) = ends(grid.shape[0]), ends(grid.shape[1])

    def cells(part):
        text = [[entry(v) for v in row] for row in part[:, left].tolist()]
        if right is not None:
            for row, tail in zip(text, part[:, right].tolist()):
                row += ["..."] + [entry(v) for v in tail]
        return text
    rows = cells(grid[top]) + ([None] + cells(grid[bottom]) if bottom else [])
    width = max((len(s) for row in rows if row for s in row), default=0)
    lines = ["..." if row is None else " ".join(s.rjust(width) if s != "..." else s for s in row)
             for row in rows]
    if array.ndim == 1:
        return f"[{lines[0]}]"
    return "[" + "\n ".join(line if line == "..." else f"[{line}]" for line in lines) + "]"


def _untensor(value):
    """A tensor as a NumPy array (torch is only looked up if already imported)."""
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(value, torch.Tensor):
        return value.detach().cpu().numpy()
    return value


def as_float(value, what):
    """A real scalar answer as float, or a failure saying what came back."""
    value = _untensor(value)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        fail(f"{what} should be a number, got {type(value).__name__} {value!r:.60}")
    array = np.asarray(value)
    if array.size != 1 or not np.issubdtype(array.dtype, np.number) \
            or np.iscomplexobj(array):
        fail(f"{what} should be a single real number, got {fmt(array)}")
    return float(array.reshape(()))


def as_array(value, what, shape=None):
    """An array answer (from NumPy, a list or a tensor) as a float64 array."""
    value = _untensor(value)
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        fail(f"{what} should be an array of numbers, got {type(value).__name__}")
    if shape is not None and array.shape != tuple(shape):
        fail(f"{what} should have shape {tuple(shape)}, got {array.shape}")
    return array


def close(actual, expected, tol="float"):
    """True when equal within the named tolerance (inf == inf, nan == nan)."""
    rtol, atol = tolerance(tol) if isinstance(tol, str) else tol
    a, e = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    if a.shape != e.shape:
        return False
    with np.errstate(invalid="ignore", over="ignore"):
        gap = np.abs(a - e)
        # np.isclose's test, without its set-up (graders call this hundreds of times);
        # a non-finite gap (an inf or a nan on either side) goes to np.allclose
        if (gap <= atol + rtol * np.abs(e)).all() and np.isfinite(gap).all():
            return True
    return bool(np.allclose(a, e, rtol=rtol, atol=atol, equal_nan=True))


def max_rel_error(actual, expected):
    a, e = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    if a.shape != e.shape:
        return math.inf
    with np.errstate(all="ignore"):
        err = np.abs(a - e) / np.maximum(np.abs(e), 1e-12)
    err = np.where(a == e, 0.0, err)
    return float(np.nanmax(err)) if err.size else 0.0


def expect_close(actual, expected, what, tol="float", misconceptions=None, hint=""):
    """Fail unless ``actual`` matches ``expected`` within tolerance ``tol``.

    ``misconceptions`` maps a catalogue id to the value that mistake would
    produce (of any shape); a wrong answer matching one is named in the feedback.
    """
    scalar = np.ndim(expected) == 0
    value = as_float(actual, what) if scalar else as_array(actual, what)
    if close(value, expected, tol):
        return value
    for key, wrong in (misconceptions or {}).items():
        if close(value, wrong, "float"):
            fail(f"{what}: got {fmt(value)}, expected {fmt(expected)}.", key)
    if not scalar and value.shape != np.shape(expected):
        fail(f"{what} should have shape {np.shape(expected)}, got {value.shape}")
    detail = "" if scalar else f" (max rel. error {max_rel_error(value, expected):.2g})"
    fail(f"{what}: got {fmt(value)}, expected {fmt(expected)}{detail}." + (f" {hint}" if hint else ""))


def expect_true(condition, message, misconception=None):
    if not condition:
        fail(message, misconception)


def expect_raises(student, exception, target, *args, what, **options):
    """Fail unless calling the student's ``target`` raises the builtin ``exception``."""
    try:
        student.call(target, *args, **options)
    except StudentError as err:
        if err.is_a(exception):
            return err
        if err.is_a("NotImplementedError"):
            raise  # a stub: reported as "not implemented yet"
        fail(f"{what} should raise {exception}, but raised {err.type}: {err.message}")
    fail(f"{what} should raise {exception}, but returned normally")


# -- side effects (recorded by the Student on every call) -----------------------

MODIFIES_INPUT = _catalogue.register("modifies-input-in-place", (
    "an input modified in place: the caller's array (or list, dict, upstream gradient) "
    "is changed by the call. Work on new arrays (x = x - m, np.array(x, float), "
    "dx = dout * ...), never x -= m or dout += ... on what you were given."))
CACHE_USED_UP = _catalogue.register("cache-not-reusable", (
    "a cache used up or changed by the backward pass: calling backward twice on the same "
    "cache must give the same answer. Read from the cache; do not pop from it, delete "
    "from it or update the arrays it holds in place."))

OVERFLOWS = _catalogue.register("overflow-at-large-inputs", (
    "a nonlinearity that overflows at large inputs: written as a ratio of exponentials, "
    "tanh(800) is inf/inf = nan. Use np.tanh, or a form that only exponentiates "
    "non-positive numbers (sigmoid: exp(-|a|)), so that every value stays finite."))


def expect_no_side_effects(student, kind):
    """Fail if any call made while grading this exercise (by any of its checks,
    this one included) had a side effect of ``kind``: ``"inputs"`` (an argument
    modified in place) or ``"cache"`` (a second call on the same cache gave
    another answer or failed). Call it at the end of a check that made calls of
    its own, so that a stub, which makes no successful call, still fails."""
    wanted = {"inputs": (INPUT_MODIFIED, MODIFIES_INPUT),
              "cache": (CACHE_NOT_REUSABLE, CACHE_USED_UP)}[kind]
    for effect in student.side_effects:
        if effect.kind == wanted[0]:
            fail(effect.detail + ".", wanted[1])
    if not student.watched[kind]:
        fail("no call of this exercise returned an answer, so nothing shows that it "
             + ("leaves its inputs unchanged." if kind == "inputs"
                else "can be called twice on the same cache."))


def expect_finite(value, what, misconception=OVERFLOWS):
    """Fail unless every entry of ``value`` is finite (no ``nan``, no ``inf``):
    for nonlinearities evaluated at large inputs (tanh(800) is 1, not nan)."""
    array = as_array(value, what)
    if not np.all(np.isfinite(array)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        fail(f"{what} has {bad} entr{'y' if bad == 1 else 'ies'} that are not finite "
             f"(nan or inf): {fmt(array)}", misconception)
    return array
