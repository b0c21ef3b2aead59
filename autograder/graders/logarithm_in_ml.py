"""Hidden checks of 05_logarithm_in_ml: surprisal, the log-likelihood of independent
observations, log-sum-exp, softmax, log-softmax and the softmax cross-entropy with its
gradient.

Oracles (never the notebook's solution): ``scipy.special.logsumexp``, ``softmax`` and
``log_softmax``; ``torch.nn.functional.cross_entropy`` in float64 and its autograd
gradient; exact sums of logarithms (``math.fsum`` of ``math.log``); closed forms
(``-log p / log b``); and invariants (a gradient row sums to 0, an all ``-inf`` slice is
``-inf`` for logsumexp and ``nan`` for the softmaxes, as the notebook states).

One mistake, one loss. Each exercise's first check judges its formula on moderate
inputs and names the catalogued mistakes; the other checks judge their own property
(stability at |x| = 1000, ``-inf`` entries, all ``-inf`` slices, the axis, errors) and,
when the student's formula is already wrong on a fixed moderate probe (the first check
charges that), they judge only the property itself (finite, ``-inf``, ``nan``, the
shape). ``log_softmax`` is also accepted when it equals ``x - logsumexp(x)`` of the
student's own ``logsumexp`` and that one is wrong on the input, and
``softmax_cross_entropy`` when it is built from the student's own ``log_softmax`` and
``softmax``: a wrong upstream costs its points once. Every call is watched for
arguments changed in place; each exercise charges what it saw once, in its
inputs_unchanged check.
"""
import math

import numpy as np
import scipy.special
import torch

from autograder.grader_api import (CheckFailure, Checks, StudentError, as_array, as_float,
                                   call_ignoring_errors, call_valid, close, expect_close,
                                   expect_no_side_effects, expect_true, expect_value_error, fail,
                                   fmt, register_misconception)

checks = Checks("05_logarithm_in_ml")

# Mutants of the reference that no correct check can kill, each with the reason.
_NEVER_WRITTEN = ("the array is only read afterwards (arithmetic, reductions and fancy "
                  "indexing make new arrays), never written, so np.asarray sharing the caller's "
                  "float64 array leaves the caller's data unchanged just the same.")
_LOG_OF_BASE = ("lets {} past the guard, but the next lines divide by math.log(base), which "
                "raises ValueError ('math domain error') for every base <= 0: every such call "
                "still raises the ValueError the contract asks for (only the message differs).")
_ANY_FINITE_SHIFT = ("shifts by {} instead of 0 where the maximum is not finite: any finite "
                     "shift is exact there (all -inf: m + ln 0 = -inf; a +inf entry: "
                     "m + ln inf = inf; nan stays nan), so every input gives the same answer.")
EQUIVALENT_MUTANTS = {
    "surprisal/copy-removed/7b674f23": _NEVER_WRITTEN,
    "surprisal/compare-Gt-GtE/8cb3fb5e": _LOG_OF_BASE.format("base = 0"),
    "surprisal/number/b8c331f8": _LOG_OF_BASE.format("bases in (-1, 0]"),
    "surprisal/number/2614a81e": (
        "never takes the float(s) branch, but for a single probability -np.log of a 0-d "
        "array already returns a NumPy scalar (ufuncs unwrap 0-d results), an np.float64, "
        "which is a subclass of float: the same value of the same kind."),
    "log_likelihood/copy-removed/dc81eb45": _NEVER_WRITTEN,
    "logsumexp/copy-removed/2acd7527": _NEVER_WRITTEN,
    "logsumexp/number/0c769ac8": ("for axis=None x is raveled to 1-D first, where axis -1 "
                                  "and axis 0 are the same axis."),
    "logsumexp/number/4fcdc236": _ANY_FINITE_SHIFT.format("1"),
    "logsumexp/number/c793eb19": _ANY_FINITE_SHIFT.format("-1"),
    "softmax/copy-removed/ae0e189e": _NEVER_WRITTEN,
    "log_softmax/copy-removed/c6e364f5": _NEVER_WRITTEN,
    "softmax_cross_entropy/copy-removed/60f29fe1": _NEVER_WRITTEN,
    "softmax_cross_entropy/copy-removed/dbad7c28": _NEVER_WRITTEN,
}

NATURAL_LOG = "natural-log-instead-of-bits"
SURPRISAL_BASE_IGNORED = register_misconception(
    "surprisal-base-ignored",
    "the base argument is ignored: the surprisal comes out in bits whatever base is asked "
    "for. log_b(p) = ln(p) / ln(b); every base b > 0, b != 1 must be honoured.")
SURPRISAL_SIGN = register_misconception(
    "surprisal-sign-flipped",
    "log p returned instead of -log p: the surprisal of an event is log(1/p) = -log p, "
    "never negative for a probability (with a base above 1); rarer events surprise more.")
RECIPROCAL_OVERFLOW = register_misconception(
    "log-of-reciprocal-overflows",
    "-log p computed as log(1 / p): equal in exact arithmetic, but 1 / p overflows to inf "
    "for every p below about 5.6e-309 (the largest double is 1.8e308), so a perfectly "
    "representable probability such as 1e-310 gets an infinite surprisal. Compute -log(p).")
CLAMPED = register_misconception(
    "probability-clamped-before-log",
    "a probability clamped (np.maximum(p, 1e-10)) or shifted by an epsilon before the log: "
    "an outcome of probability 0 that happens has infinite surprisal (log-likelihood -inf), "
    "and the clamp turns it into a finite number that only reflects the arbitrary epsilon.")
PRODUCT_UNDERFLOW = register_misconception(
    "log-of-underflowed-likelihood-product",
    "the log of the product (np.log(np.prod(p))): a product of thousands of probabilities "
    "underflows to exactly 0 (anything below 4.9e-324 does), and log 0 = -inf for every "
    "model. Sum the logs instead: sum(log p) never forms the tiny number.")
AS_ARRAY = register_misconception(
    "single-number-returned-as-array",
    "a single number returned inside an array (a 0-d or one-element ndarray): the value is "
    "right, but the contract returns a Python float for a single number. Return float(v).")
LSE_NO_SHIFT = register_misconception(
    "logsumexp-without-max-shift",
    "ln(sum(exp(x))) computed literally: exp overflows to inf above 709.78 and underflows to "
    "0 below about -745, so x = 1000 gives inf and x = -1000 gives ln 0 = -inf. Factor out "
    "the maximum: m + ln(sum(exp(x - m))), whose terms lie in (0, 1] with one equal to 1.")
LSE_ALL_MINUS_INF_NAN = register_misconception(
    "logsumexp-nan-for-all-minus-inf",
    "the shift m = max(x) used even when it is -inf (every entry -inf): x - m is "
    "-inf - (-inf) = nan. The sum of exp(-inf) = 0 terms is 0, and its log is -inf. Shift by "
    "0 when the maximum is not finite.")
LSE_PLUS_INF_NAN = register_misconception(
    "logsumexp-nan-for-plus-inf",
    "the shift m = max(x) used when it is +inf: inf - inf = nan. A sum with an infinite "
    "term is infinite, so the answer is +inf; shift by 0 when the maximum is not finite.")
LSE_SHIFT_DROPPED = register_misconception(
    "logsumexp-shift-not-added-back",
    "ln(sum(exp(x - m))) returned without adding the shift m back: the trick is "
    "ln(sum(exp(x))) = m + ln(sum(exp(x - m))).")
LSE_IS_MAX = register_misconception(
    "logsumexp-reduced-to-max",
    "max(x) returned for logsumexp: LSE is a smooth maximum, max(x) <= LSE(x) <= max(x) + "
    "ln n, and the ln(sum(exp(x - m))) term is the whole difference (ln n for n equal "
    "entries).")
KEPT_AXIS = register_misconception(
    "reduced-axis-kept-as-size-1",
    "the reduced axis kept with size 1 (keepdims=True left in the result): the result has "
    "x's shape with the axis removed. Squeeze it out (np.squeeze(out, axis)).")
WRONG_AXIS = register_misconception(
    "reduced-along-the-wrong-axis",
    "the reduction (or normalisation) runs along another axis than the one asked for: use "
    "the axis argument in every max and sum, with keepdims=True where the result must "
    "broadcast back against x.")
SOFTMAX_NO_SHIFT = register_misconception(
    "softmax-without-max-shift",
    "exp(x) / sum(exp(x)) computed literally: exp(1000) = inf and inf / inf = nan (and "
    "exp(-1000) = 0 gives 0 / 0). Softmax is shift invariant: subtract the maximum along the "
    "axis first, so that every exponent is <= 0 and one equals 0.")
SOFTMAX_GLOBAL_SHIFT = register_misconception(
    "softmax-shifted-by-the-global-max",
    "the maximum of the whole array subtracted instead of the maximum of each slice: a row "
    "whose logits are far below another row's maximum underflows to 0 / 0 = nan. Use "
    "np.max(x, axis=axis, keepdims=True).")
LOG_OF_SOFTMAX = register_misconception(
    "log-softmax-as-log-of-softmax",
    "np.log(softmax(x)): the softmax of a logit 1000 below the maximum is e^-1000, which "
    "underflows to 0, so its log is -inf where the true value is -1000. Compute "
    "(x - m) - ln(sum(exp(x - m))) directly.")
CE_SUMMED = register_misconception(
    "cross-entropy-summed-over-batch",
    "the loss summed over the N examples instead of averaged: the contract's loss is the "
    "mean cross-entropy per example, -(1/N) sum_i log softmax(z_i)[y_i] (PyTorch's default "
    "reduction='mean').")
CE_GRAD_NOT_AVERAGED = register_misconception(
    "cross-entropy-gradient-not-divided-by-n",
    "the gradient softmax - onehot without the 1/N of the mean: the loss averages over the "
    "batch, so each example's gradient is (softmax(z_i) - t_i) / N.")
CE_GRAD_SIGN = register_misconception(
    "cross-entropy-gradient-sign-flipped",
    "onehot - softmax returned: the gradient of -log softmax(z)_y is softmax(z) - onehot(y), "
    "prediction minus target (it points uphill; descent subtracts it).")
CE_LOG_OF_SOFTMAX = register_misconception(
    "cross-entropy-from-log-of-softmax",
    "the loss computed as -log(softmax(z)[y]): when the label's logit is 1000 below the "
    "maximum its softmax underflows to 0 and the loss becomes inf instead of 1000 nats. Use "
    "the log-softmax, LSE(z) - z_y.")
NEGATIVE_LABEL = register_misconception(
    "class-label-negative-index-wraps",
    "a negative label accepted: NumPy indexing reads z[i, -1] as the last class, so a "
    "corrupt label silently scores against the wrong class. Check 0 <= label < C.")

LL_NOT_NATS = register_misconception(
    "log-likelihood-not-in-nats",
    "the log-likelihood taken in base 2 or 10: the contract is natural logs (nats), "
    "sum_i ln p_i, as every deep-learning library uses. The base only changes the unit, "
    "but the unit is part of the answer.")
LL_AVERAGED = register_misconception(
    "log-likelihood-averaged",
    "the mean of ln p_i returned: the log-likelihood of independent observations is the log "
    "of their product, the sum of the logs (the mean is the negative average surprisal).")
LOG_SOFTMAX_NO_NORMALISER = register_misconception(
    "log-softmax-missing-normaliser",
    "x - max(x) returned without subtracting ln(sum(exp(x - max(x)))): log-softmax is "
    "(x - m) - ln(sum(exp(x - m))), and its exponentials must sum to 1.")

_BASES_ABOVE_1 = (None, 2, math.e, 10)


# -- helpers -------------------------------------------------------------------

def _kwargs(**options):
    return {k: v for k, v in options.items() if v is not None}


def _base_text(base):
    return "" if base is None else f", base={fmt(base)}"


def _number(got, expected, what, tol="float", misconceptions=None, hint=""):
    """expect_close for a single-number answer that also judges the type: the right value
    in an array is named as such (other checks accept it: one mistake, one loss)."""
    value = as_float(got, what)
    if isinstance(got, (np.ndarray, list, tuple)) and close(value, expected, tol):
        fail(f"{what}: the right value {fmt(value)}, but returned as "
             f"{type(got).__name__} of shape {np.shape(got)}: return a float.", AS_ARRAY)
    if not close(value, expected, tol):
        _name_mistake(value, expected, what, misconceptions)
    return expect_close(value, expected, what, tol=tol, hint=hint)


def _array(got, expected, what, tol="float", misconceptions=None, hint=""):
    """expect_close for an array answer: same shape, values within tolerance (inf and nan
    where expected)."""
    expected = np.asarray(expected, dtype=float)
    value = as_array(got, what)
    if close(value, expected, tol):
        return value
    _name_mistake(value, expected, what, misconceptions)
    if value.shape != expected.shape:
        fail(f"{what} should have shape {expected.shape}, got {value.shape}.")
    return expect_close(value, expected, what, tol=tol, hint=hint)


def _name_mistake(value, expected, what, misconceptions):
    """Fail naming the first catalogued mistake whose value (or one of whose values, a
    list) the answer matches."""
    for key, wrongs in (misconceptions or {}).items():
        for wrong in (wrongs if isinstance(wrongs, list) else [wrongs]):
            if wrong is not None and close(value, wrong, "float"):
                fail(f"{what}: got {fmt(value)}, expected {fmt(expected)}.", key)


def _formula_ok(student, name, args, expected, kwargs=None):
    """Whether ``name`` gets a fixed moderate probe right (the exercise's first check
    judges the formula; a check of another property forgives a formula mistake)."""
    try:
        got = student.call(name, *args, kwargs=kwargs)
        if name == "softmax_cross_entropy":
            loss, grad = got
            return close(as_float(loss, "probe"), expected[0], "float") and \
                close(as_array(grad, "probe"), expected[1], "float")
        return close(as_array(got, "probe"), expected, "float")
    except (StudentError, CheckFailure, TypeError, ValueError):
        return False


def _matrix(rng, rows=None, cols=None, scale=3.0):
    rows = int(rng.integers(2, 6)) if rows is None else rows
    cols = int(rng.integers(2, 7)) if cols is None else cols
    if cols == rows:
        cols += 1                                  # never square: a wrong axis cannot hide
    return scale * rng.standard_normal((rows, cols))


def _nonsquare_shape(rng, ndim):
    while True:
        shape = tuple(int(v) for v in rng.integers(2, 6, size=ndim))
        if len(set(shape)) == ndim:
            return shape


# ===================================================================== surprisal

def _surprisal(p, base):
    with np.errstate(divide="ignore"):
        return -np.log(np.asarray(p, dtype=float)) / math.log(base)


_S_PROBE = [0.3, 0.05, 1e-200]


@checks("surprisal", points=0.5)
def test_surprisal_matches_minus_log_in_every_base(student, rng):
    bases = list(_BASES_ABOVE_1) + [float(rng.uniform(1.1, 30)), float(rng.uniform(0.1, 0.9))]
    for base in bases:
        b = base or 2
        shape = [(int(rng.integers(2, 9)),), _nonsquare_shape(rng, 2)][int(rng.integers(2))]
        p = rng.uniform(0.001, 1.0, size=shape)
        p.flat[0] = 1.0                            # a certain event: 0 surprise
        p.flat[-1] = 10.0 ** -rng.uniform(3, 250)  # a rare one
        expected = _surprisal(p, b)
        what = f"surprisal({fmt(p)}{_base_text(base)})"
        got = call_valid(student, "surprisal", p.tolist(), kwargs=_kwargs(base=base), what=what)
        known = {SURPRISAL_SIGN: -expected}
        if b != math.e:
            known[NATURAL_LOG] = _surprisal(p, math.e)
        if b != 2:
            known[SURPRISAL_BASE_IGNORED] = _surprisal(p, 2)
        _array(got, expected, what, misconceptions=known)


@checks("surprisal", points=0.25)
def test_surprisal_returns_float_for_a_number_and_array_otherwise(student, rng):
    p = float(rng.uniform(0.01, 0.99))
    for value, label in [(p, "a float"), (np.float64(p), "a NumPy float64"),
                         (np.array(p), "a 0-d array")]:
        got = call_valid(student, "surprisal", value, what=f"surprisal({fmt(p)}) ({label})")
        expect_true(isinstance(got, float) and not isinstance(got, np.ndarray),
                    f"surprisal of a single probability ({label}) should return a Python "
                    f"float, got {type(got).__name__} {fmt(got)}",
                    AS_ARRAY if isinstance(got, np.ndarray) else None)
    for value, label in [([p, 1 - p], "a list"), ((p,), "a one-element tuple"),
                         (np.full((2, 3), p), "a 2 x 3 array")]:
        got = call_valid(student, "surprisal", value, what=f"surprisal of {label}")
        expect_true(isinstance(got, np.ndarray) and got.shape == np.shape(value),
                    f"surprisal of {label} should return an ndarray of shape "
                    f"{np.shape(value)}, got {type(got).__name__} of shape {np.shape(got)}")


@checks("surprisal", points=0.25)
def test_surprisal_of_zero_is_infinite(student, rng):
    for base in (None, 2, math.e, 10):
        p = rng.uniform(0.05, 0.95, size=int(rng.integers(3, 7)))
        p[int(rng.integers(len(p)))] = 0.0
        what = f"surprisal({fmt(p)}{_base_text(base)})"
        got = as_array(call_valid(student, "surprisal", p.tolist(),
                                  kwargs=_kwargs(base=base), what=what), what)
        expect_true(got.shape == p.shape, f"{what} should have shape {p.shape}, got {got.shape}")
        zero = p == 0
        expect_true(not np.any(np.isnan(got)), f"{what} contains nan: {fmt(got)}; "
                    "-log 0 is +inf (an impossible event happened)")
        # the sign of the other surprisals decides the sign of infinity (a sign mistake is
        # the first check's)
        sign = np.sign(np.sum(got[~zero]))
        expect_true(np.all(np.isinf(got[zero])) and np.all(np.sign(got[zero]) == sign),
                    f"{what}: the entry for p = 0 is {fmt(got[zero])}, expected +inf "
                    "(no clamping, no epsilon)",
                    CLAMPED if np.all(np.isfinite(got[zero])) else None)
    got = call_valid(student, "surprisal", 0.0, what="surprisal(0.0)")
    value = as_float(got, "surprisal(0.0)")
    expect_true(math.isinf(value), f"surprisal(0.0) should be inf, got {fmt(value)}", CLAMPED)


@checks("surprisal", points=0.25)
def test_surprisal_of_tiny_probabilities_stays_finite(student, rng):
    tiny = 10.0 ** -rng.uniform(309.5, 322.5, size=int(rng.integers(3, 7)))
    base = [None, math.e][int(rng.integers(2))]
    b = base or 2
    what = f"surprisal({fmt(tiny)}{_base_text(base)}) (probabilities below 1e-309)"
    got = as_array(call_valid(student, "surprisal", tiny, kwargs=_kwargs(base=base),
                              what=what), what)
    expect_true(got.shape == tiny.shape, f"{what} should have shape {tiny.shape}, got {got.shape}")
    if np.any(np.isinf(got)) or np.any(np.isnan(got)):
        fail(f"{what} gave {fmt(got)}: these probabilities are positive, so their "
             f"surprisals {fmt(_surprisal(tiny, b))} are finite", RECIPROCAL_OVERFLOW)
    expected = _surprisal(tiny, b)
    if close(got, expected, "float"):
        return
    # finite: a formula mistake (unit, sign, a clamp) is the first check's
    if not _formula_ok(student, "surprisal", [_S_PROBE], _surprisal(_S_PROBE, b),
                       kwargs=_kwargs(base=base)):
        return
    expect_close(got, expected, what)


@checks("surprisal", points=0.25)
def test_surprisal_rejects_probabilities_outside_0_1(student, rng):
    p = rng.uniform(0.1, 0.9, size=4)
    for value, what in [([p[0], -float(rng.uniform(0.01, 1)), p[1]], "a negative probability"),
                        ([p[0], 1 + float(rng.uniform(0.01, 1))], "a probability above 1"),
                        (-float(rng.uniform(1e-3, 1)), "a single negative number"),
                        (1.5, "1.5")]:
        expect_value_error(student, "surprisal", value, what=f"surprisal of {what}")


@checks("surprisal", points=0.25)
def test_surprisal_rejects_invalid_bases(student, rng):
    p = rng.uniform(0.1, 0.9, size=3).tolist()
    for base in (1, 1.0, 0, -2.0):
        expect_value_error(student, "surprisal", p, kwargs={"base": base},
                           what=f"surprisal(p, base={base!r})")


@checks("surprisal", points=0.25)
def test_surprisal_inputs_unchanged(student, rng):
    p = rng.uniform(0.01, 1.0, size=int(rng.integers(4, 9)))
    p[0] = 0.0                                     # a zero in a float64 array: p[p == 0] = ...
    call_ignoring_errors(student, "surprisal", p)
    call_ignoring_errors(student, "surprisal", p.reshape(2, -1) if p.size % 2 == 0 else p[:, None])
    call_ignoring_errors(student, "surprisal", p.tolist(), kwargs={"base": math.e})
    expect_no_side_effects(student, "inputs")


# ================================================================ log_likelihood

_LL_PROBE = [0.5, 0.25, 0.1, 0.9]


def _exact_log_likelihood(p):
    p = np.ravel(np.asarray(p, dtype=float))
    if np.any(p == 0):
        return -math.inf
    return math.fsum(map(math.log, p.tolist()))


@checks("log_likelihood", points=0.5)
def test_log_likelihood_is_the_sum_of_natural_logs(student, rng):
    cases = []
    for _ in range(3):
        cases.append(rng.uniform(0.01, 1.0, size=int(rng.integers(1, 40))))
    cases.append(rng.uniform(0.05, 1.0, size=_nonsquare_shape(rng, 2)))   # any shape
    tiny = rng.uniform(0.01, 1.0, size=int(rng.integers(3, 9)))
    tiny[rng.choice(len(tiny), size=2, replace=False)] = 10.0 ** -rng.uniform(300, 320, size=2)
    cases.append(tiny)                                                      # down to 1e-320
    certain = rng.uniform(0.05, 1.0, size=int(rng.integers(3, 9)))
    certain[rng.choice(len(certain), size=2, replace=False)] = 1.0
    cases.append(certain)                              # certain observations contribute 0
    cases.append(np.ones(int(rng.integers(1, 5))))     # only certain ones: 0
    for p in cases:
        expected = _exact_log_likelihood(p)
        what = f"log_likelihood({fmt(p)})"
        got = call_valid(student, "log_likelihood", p.tolist(), what=what)
        _number(got, expected, what, misconceptions={
            LL_NOT_NATS: [expected / math.log(2), expected / math.log(10)],
            LL_AVERAGED: expected / p.size,
        })


@checks("log_likelihood", points=0.5)
def test_log_likelihood_exact_where_the_product_underflows(student, rng):
    for _ in range(2):
        n = int(rng.integers(2000, 20000))
        p = rng.uniform(0.001, 0.6, size=n)
        expected = _exact_log_likelihood(p)
        what = (f"log_likelihood of {n} probabilities in (0.001, 0.6) "
                f"(np.prod gives {np.prod(p)!r})")
        got = call_valid(student, "log_likelihood", p, what=what)
        value = as_float(got, what)
        if value == -math.inf or math.isnan(value):
            fail(f"{what}: got {fmt(value)}, expected {fmt(expected)}", PRODUCT_UNDERFLOW)
        if close(value, expected, "float") or not _formula_ok(
                student, "log_likelihood", [_LL_PROBE], _exact_log_likelihood(_LL_PROBE)):
            continue                               # finite: a formula mistake is the first check's
        expect_close(value, expected, what, tol="float")


@checks("log_likelihood", points=0.25)
def test_log_likelihood_of_an_impossible_observation_is_minus_inf(student, rng):
    p = rng.uniform(0.05, 0.95, size=int(rng.integers(3, 30)))
    p[int(rng.integers(len(p)))] = 0.0
    what = f"log_likelihood({fmt(p)}) (one observation has probability 0)"
    value = as_float(call_valid(student, "log_likelihood", p.tolist(), what=what), what)
    expect_true(not math.isnan(value), f"{what} returned nan, expected -inf")
    expect_true(value == -math.inf, f"{what}: got {fmt(value)}, expected -inf (the model is "
                                    "refuted: no clamping, no epsilon)",
                CLAMPED if math.isfinite(value) else None)


@checks("log_likelihood", points=0.25)
def test_log_likelihood_of_no_observations_is_zero(student, rng):
    for value, label in [([], "an empty list"), (np.zeros(0), "an empty array")]:
        what = f"log_likelihood of {label}"
        got = as_float(call_valid(student, "log_likelihood", value, what=what), what)
        expect_true(got == 0.0, f"{what} should be 0.0 (the empty product is 1), got {fmt(got)}")


@checks("log_likelihood", points=0.25)
def test_log_likelihood_rejects_probabilities_outside_0_1(student, rng):
    p = rng.uniform(0.1, 0.9, size=int(rng.integers(3, 8)))
    low, high = p.copy(), p.copy()
    low[int(rng.integers(len(p)))] = -float(rng.uniform(1e-3, 1))
    high[int(rng.integers(len(p)))] = 1 + float(rng.uniform(1e-3, 1))
    for value, what in [(low, "a negative probability"), (high, "a probability above 1")]:
        expect_value_error(student, "log_likelihood", value.tolist(),
                           what=f"log_likelihood({fmt(value)}) ({what})")


@checks("log_likelihood", points=0.25)
def test_log_likelihood_inputs_unchanged(student, rng):
    p = rng.uniform(0.01, 1.0, size=int(rng.integers(4, 9)))
    p[0] = 0.0
    call_ignoring_errors(student, "log_likelihood", p)
    call_ignoring_errors(student, "log_likelihood", rng.uniform(0.01, 1.0, size=(3, 2)))
    call_ignoring_errors(student, "log_likelihood", p.tolist())
    expect_no_side_effects(student, "inputs")


# ===================================================================== logsumexp

_LSE_PROBE = [[0.5, -1.0, 2.0], [0.3, 0.3, -0.7]]


def _lse(x, axis=None):
    with np.errstate(all="ignore"):
        out = scipy.special.logsumexp(np.asarray(x, dtype=float), axis=axis)
    return float(out) if np.ndim(out) == 0 else np.asarray(out)


def _lse_ok(student):
    return _formula_ok(student, "logsumexp", [_LSE_PROBE], _lse(_LSE_PROBE))


def _lse_mistakes(x, axis=None):
    x = np.asarray(x, dtype=float)
    m = np.max(x) if axis is None else np.max(x, axis=axis)
    return {LSE_IS_MAX: m, LSE_SHIFT_DROPPED: _lse(x, axis) - m}


@checks("logsumexp", points=1)
def test_logsumexp_matches_scipy_over_all_entries(student, rng):
    cases = [rng.normal(0, 3, size=int(rng.integers(2, 12))),
             rng.normal(0, 5, size=_nonsquare_shape(rng, 2)),
             rng.normal(0, 2, size=_nonsquare_shape(rng, 3)),
             np.array([float(rng.normal(0, 3))]),               # one entry: itself
             np.full(int(rng.integers(2, 9)), float(rng.normal(0, 3)))]   # ties: a + ln n
    for x in cases:
        expected = _lse(x)
        what = f"logsumexp({fmt(x)})"
        got = call_valid(student, "logsumexp", x.tolist(), what=what)
        _number(got, expected, what, misconceptions=_lse_mistakes(x))


@checks("logsumexp", points=0.5)
def test_logsumexp_along_an_axis(student, rng):
    x2 = rng.normal(0, 3, size=_nonsquare_shape(rng, 2))
    x3 = rng.normal(0, 3, size=_nonsquare_shape(rng, 3))
    formula_ok = None
    # a size-1 axis that is not reduced must stay in the result
    x1 = rng.normal(0, 3, size=(1, int(rng.integers(2, 6))))
    x4 = rng.normal(0, 3, size=(int(rng.integers(2, 5)), 1, int(rng.integers(2, 5))))
    for x, axis in [(x2, 0), (x2, 1), (x3, -1), (x3, 1), (x2, -2), (x1, 1), (x4, 2)]:
        expected = _lse(x, axis)
        what = f"logsumexp(x of shape {x.shape}, axis={axis})"
        got = call_valid(student, "logsumexp", x, kwargs={"axis": axis}, what=what)
        value = as_array(got, what)
        others = [a for a in range(x.ndim) if a != axis % x.ndim]
        known = {KEPT_AXIS: np.expand_dims(expected, axis),
                 WRONG_AXIS: [_lse(x, a) for a in others] + [_lse(x)]}
        known.update(_lse_mistakes(x, axis))
        if value.shape == expected.shape and not close(value, expected, "float"):
            formula_ok = _lse_ok(student) if formula_ok is None else formula_ok
            if not formula_ok:
                continue                            # the formula is the first check's
        _array(value, expected, what, misconceptions=known)
    # a 1-D x along its only axis leaves a single number: a float, as for axis=None
    x0 = rng.normal(0, 3, size=int(rng.integers(2, 8)))
    axis = int(rng.choice([0, -1]))
    what = f"logsumexp({fmt(x0)}, axis={axis})"
    got = call_valid(student, "logsumexp", x0, kwargs={"axis": axis}, what=what)
    if not close(as_float(got, what), _lse(x0), "float") and not _lse_ok(student):
        return                                      # the formula is the first check's
    if isinstance(got, np.ndarray) and not isinstance(
            call_ignoring_errors(student, "logsumexp", [0.5, 1.5]), float):
        got = as_float(got, what)   # an array for axis=None too: the first check charges it
    _number(got, _lse(x0), what, misconceptions=_lse_mistakes(x0))


def _lse_property(student, x, expected, what, axis=None, key=LSE_NO_SHIFT):
    kwargs = _kwargs(axis=axis)
    got = call_valid(student, "logsumexp", x, kwargs=kwargs, what=what)
    value = as_array(got, what)
    if value.size == np.size(expected):
        value = value.reshape(np.shape(expected))   # a float in an array is the first check's
    if value.shape != np.shape(expected):
        fail(f"{what} should have shape {np.shape(expected)}, got {value.shape}")
    if close(value, expected, "float"):
        return value
    if np.any(np.isnan(value)) or np.any(np.isinf(value) & np.isfinite(expected)):
        fail(f"{what}: got {fmt(value)}, expected {fmt(expected)}",
             key if key != LSE_NO_SHIFT or _is_literal_lse(value, x, axis) else None)
    if not _lse_ok(student):
        return value                                # finite: the formula is the first check's
    return expect_close(value, expected, what, misconceptions=_lse_mistakes(x, axis))


def _is_literal_lse(value, x, axis):
    """Whether ``value`` is ln(sum(exp(x))) computed as written (inf and nan included)."""
    with np.errstate(all="ignore"):
        literal = np.log(np.sum(np.exp(np.asarray(x, dtype=float)), axis=axis))
    return np.shape(value) == np.shape(literal) and \
        bool(np.array_equal(np.asarray(value, dtype=float), literal, equal_nan=True))


@checks("logsumexp", points=0.5)
def test_logsumexp_stable_at_large_inputs(student, rng):
    for centre in (1000.0, -1000.0, float(rng.choice([1, -1]) * rng.uniform(800, 1e5))):
        x = centre + rng.normal(0, 3, size=int(rng.integers(2, 10)))
        _lse_property(student, x.tolist(), _lse(x), f"logsumexp({fmt(x)})")
    # one vector spanning thousands: only the maximum is a safe shift
    wide = np.concatenate([1000 + rng.normal(0, 2, size=2), rng.normal(0, 2, size=2),
                           -1000 + rng.normal(0, 2, size=2)])[rng.permutation(6)]
    _lse_property(student, wide.tolist(), _lse(wide), f"logsumexp({fmt(wide)})")
    x = np.stack([1000 + rng.normal(0, 2, size=4), -1000 + rng.normal(0, 2, size=4),
                  rng.normal(0, 2, size=4)])
    _lse_property(student, x, _lse(x, 1), f"logsumexp({fmt(x)}, axis=1)", axis=1)


@checks("logsumexp", points=0.25)
def test_logsumexp_minus_inf_entries_contribute_nothing(student, rng):
    x = rng.normal(0, 3, size=int(rng.integers(4, 10)))
    x[rng.choice(len(x), size=2, replace=False)] = -math.inf
    _lse_property(student, x.tolist(), _lse(x), f"logsumexp({fmt(x)})", key=None)
    x = rng.normal(0, 3, size=(3, 5))
    x[0, 1] = x[2, 4] = -math.inf
    _lse_property(student, x, _lse(x, 0), f"logsumexp({fmt(x)}, axis=0)", axis=0, key=None)


def _expect_all_minus_inf(value, expected, what):
    bad = np.isneginf(expected) & ~np.isneginf(value)
    if np.any(bad):
        fail(f"{what}: got {fmt(value)}, expected {fmt(expected)} (an all -inf reduction "
             "is ln 0 = -inf)", LSE_ALL_MINUS_INF_NAN if np.any(np.isnan(value[bad])) else None)


@checks("logsumexp", points=0.25)
def test_logsumexp_of_all_minus_inf_is_minus_inf(student, rng):
    n = int(rng.integers(1, 6))
    x = [-math.inf] * n
    what = f"logsumexp({x})"
    value = as_array(call_valid(student, "logsumexp", x, what=what), what)
    expect_true(value.size == 1, f"{what} should be a single number, got {fmt(value)}")
    _expect_all_minus_inf(value.reshape(()), np.array(-math.inf), what)
    rows = rng.normal(0, 3, size=(4, 3))
    rows[int(rng.integers(4))] = -math.inf
    what = f"logsumexp({fmt(rows)}, axis=1) (a row of all -inf)"
    expected = _lse(rows, 1)
    value = as_array(call_valid(student, "logsumexp", rows, kwargs={"axis": 1}, what=what), what)
    if value.size == expected.size:
        value = value.reshape(expected.shape)      # a kept axis is the axis check's
    expect_true(value.shape == expected.shape,
                f"{what} should have shape {expected.shape}, got {value.shape}")
    _expect_all_minus_inf(value, expected, what)
    finite = np.isfinite(expected)
    expect_true(not np.any(np.isnan(value[finite])),
                f"{what}: the finite rows became nan ({fmt(value)}): one row's shift must not "
                "spoil the others")


@checks("logsumexp", points=0.25)
def test_logsumexp_with_a_plus_inf_entry_is_plus_inf(student, rng):
    x = rng.normal(0, 3, size=int(rng.integers(2, 7)))
    x[int(rng.integers(len(x)))] = math.inf
    what = f"logsumexp({fmt(x)})"
    value = as_float(call_valid(student, "logsumexp", x.tolist(), what=what), what)
    expect_true(value == math.inf, f"{what}: got {fmt(value)}, expected inf (a sum with an "
                                   "infinite term)",
                LSE_PLUS_INF_NAN if math.isnan(value) else None)


@checks("logsumexp", points=0.25)
def test_logsumexp_inputs_unchanged(student, rng):
    x = rng.normal(0, 3, size=(3, 4))
    x[1, 2] = -math.inf
    call_ignoring_errors(student, "logsumexp", x)
    call_ignoring_errors(student, "logsumexp", x, kwargs={"axis": 1})
    call_ignoring_errors(student, "logsumexp", (1000 + rng.normal(0, 1, size=5)).tolist())
    expect_no_side_effects(student, "inputs")


# ======================================================== softmax and log_softmax

_SM_PROBE = [[0.5, -1.0, 2.0], [0.3, 0.3, -0.7]]


def _softmax(x, axis=-1):
    with np.errstate(all="ignore"):
        return np.asarray(scipy.special.softmax(np.asarray(x, dtype=float), axis=axis))


def _log_softmax(x, axis=-1):
    with np.errstate(all="ignore"):
        return np.asarray(scipy.special.log_softmax(np.asarray(x, dtype=float), axis=axis))


_ORACLE = {"softmax": _softmax, "log_softmax": _log_softmax}


def _upstream_log_softmax(student, x, axis):
    """x - logsumexp(x, axis) of the student's own logsumexp, when that one is wrong on
    x (so that a log_softmax built on it is charged in logsumexp only)."""
    if not student.has("logsumexp"):
        return None
    try:
        lse = as_array(student.call("logsumexp", x, kwargs={"axis": axis}), "logsumexp")
        x = np.asarray(x, dtype=float)
        if close(lse, _lse(x, axis), "float"):
            return None
        with np.errstate(all="ignore"):
            return x - np.expand_dims(lse, axis)
    except (StudentError, CheckFailure, ValueError):
        return None


def _judge_softmax(student, name, x, what, axis=None, misconceptions=None, prop=None):
    """The student's ``name`` on x: right (scipy), or right from the student's own
    upstream, or -- when its formula is wrong on the probe -- at least ``prop`` (the
    property this check is about: a callable raising CheckFailure)."""
    kwargs = _kwargs(axis=axis)
    got = call_valid(student, name, x, kwargs=kwargs, what=what)
    expected = _ORACLE[name](x, -1 if axis is None else axis)
    value = as_array(got, what)
    if value.shape == expected.shape and close(value, expected, "float"):
        return value
    if value.shape == expected.shape and name == "log_softmax":
        own = _upstream_log_softmax(student, x, -1 if axis is None else axis)
        if own is not None and close(value, own, "float"):
            return value
    _name_mistake(value, expected, what, misconceptions)
    if prop is not None and value.shape == expected.shape:
        prop(value, expected)                       # the property itself, judged first
        if not _formula_ok(student, name, [_SM_PROBE], _ORACLE[name](_SM_PROBE)):
            return value
    return _array(value, expected, what, misconceptions=misconceptions)


def _softmax_mistakes(name, x, axis):
    """A slice normalised along another axis, or the whole array as one slice."""
    x = np.asarray(x, dtype=float)
    wrongs = [_ORACLE[name](x, a) for a in range(x.ndim) if a != axis % x.ndim]
    return {WRONG_AXIS: wrongs + [_ORACLE[name](x.ravel(), 0).reshape(x.shape)]}


def _finite(name):
    def prop(value, expected):
        bad = np.isfinite(expected) & ~np.isfinite(value)
        if np.any(bad):
            fail(f"{name} gave {fmt(value)} where every entry should be finite: "
                 f"{fmt(expected)}")
    return prop


def _main_check(name):
    def check(student, rng):
        cases = [(rng.normal(0, 2, size=int(rng.integers(2, 9))), None),
                 (_matrix(rng), None),
                 (rng.normal(0, 2, size=_nonsquare_shape(rng, 3)), None),
                 (rng.normal(0, 2, size=(1, int(rng.integers(2, 6)))), None),   # a batch of one
                 (np.array([float(rng.normal())]), None)]                        # one class
        for x, axis in cases:
            what = f"{name}({fmt(x)})"
            known = _softmax_mistakes(name, x, -1) if x.ndim > 1 else {}
            if name == "log_softmax":
                known[LOG_SOFTMAX_NO_NORMALISER] = x - x.max(axis=-1, keepdims=True)
            _judge_softmax(student, name, x.tolist(), what, misconceptions=known)
    return check


def _axis_check(name):
    def check(student, rng):
        x2 = _matrix(rng)
        x3 = rng.normal(0, 2, size=_nonsquare_shape(rng, 3))
        for x, axis in [(x2, 0), (x2, 1), (x3, 0), (x3, 1), (x3, -2)]:
            what = f"{name}(x of shape {x.shape}, axis={axis})"
            _judge_softmax(student, name, x, what, axis=axis,
                           misconceptions=_softmax_mistakes(name, x, axis),
                           prop=lambda v, e: None)
    return check


def _large_check(name):
    def check(student, rng):
        rows = np.stack([1000 + rng.normal(0, 3, size=4),
                         rng.normal(0, 3, size=4),
                         -1000 + rng.normal(0, 3, size=4),
                         np.array([1000.0, 0.0, float(rng.uniform(-5, 5)), -1000.0])])
        rows = rows[rng.permutation(4)]
        big = float(rng.uniform(800, 1e5)) * rng.choice([-1, 1])
        vector = big + rng.normal(0, 2, size=int(rng.integers(2, 8)))
        for x, label in [(rows, "rows at very different scales"), (vector, "a vector")]:
            what = f"{name}({fmt(x)}) ({label})"
            with np.errstate(all="ignore"):
                e = np.exp(x)
                no_shift = e / e.sum(axis=-1, keepdims=True)
                e = np.exp(x - x.max())
                global_shift = e / e.sum(axis=-1, keepdims=True)
                if name == "log_softmax":
                    no_shift, global_shift = np.log(no_shift), np.log(global_shift)
            known = {SOFTMAX_NO_SHIFT: no_shift, SOFTMAX_GLOBAL_SHIFT: global_shift}
            if name == "log_softmax":
                known[LOG_OF_SOFTMAX] = np.log(_softmax(x))
            _judge_softmax(student, name, x.tolist(), what, misconceptions=known,
                           prop=_finite(name))
    return check


def _minus_inf_check(name):
    def check(student, rng):
        x = _matrix(rng, rows=3, cols=5)
        for i in range(3):
            x[i, rng.choice(5, size=int(rng.integers(1, 4)), replace=False)] = -math.inf
        expected_zero = np.isneginf(x)

        def prop(value, expected):
            target = 0.0 if name == "softmax" else -math.inf
            expect_true(np.all(value[expected_zero] == target),
                        f"{name} of the masked logits (-inf) should be {target}, got "
                        f"{fmt(value[expected_zero])}")
            expect_true(not np.any(np.isnan(value)), f"{name} gave nan: {fmt(value)}")
        _judge_softmax(student, name, x, f"{name}({fmt(x)}) (masked logits -inf)", prop=prop)
    return check


def _all_minus_inf_check(name):
    def check(student, rng):
        x = _matrix(rng, rows=4, cols=3)
        dead = int(rng.integers(4))
        x[dead] = -math.inf
        what = f"{name}({fmt(x)}) (row {dead} is all -inf)"
        value = as_array(call_valid(student, name, x, what=what), what)
        expect_true(value.shape == x.shape, f"{what} should have shape {x.shape}, got "
                                            f"{value.shape}")
        expect_true(np.all(np.isnan(value[dead])),
                    f"{what}: the all -inf row gave {fmt(value[dead])}; the notebook's "
                    "contract: every entry of such a row is nan (0 / 0, undefined)")
        live = np.delete(value, dead, axis=0)
        expect_true(not np.any(np.isnan(live)),
                    f"{what}: the other rows must be unaffected, got {fmt(value)}")
        vector = [-math.inf] * int(rng.integers(1, 5))
        got = as_array(call_valid(student, name, vector, what=f"{name}({vector})"), name)
        expect_true(got.shape == (len(vector),) and np.all(np.isnan(got)),
                    f"{name}({vector}) should be all nan, got {fmt(got)}")
    return check


def _inputs_check(name):
    def check(student, rng):
        x = _matrix(rng)
        x[0, 0] = -math.inf
        call_ignoring_errors(student, name, x)
        call_ignoring_errors(student, name, x, kwargs={"axis": 0})
        call_ignoring_errors(student, name, (1000 + rng.normal(0, 1, size=5)).tolist())
        expect_no_side_effects(student, "inputs")
    return check


for _name in ("softmax", "log_softmax"):
    for _points, _suffix, _factory in [
            (0.5, "matches_scipy", _main_check),
            (0.25, "along_an_axis", _axis_check),
            (0.5, "stable_at_large_logits", _large_check),
            (0.25, "masked_logits", _minus_inf_check),
            (0.25, "all_minus_inf_row_is_nan", _all_minus_inf_check),
            (0.25, "inputs_unchanged", _inputs_check)]:
        _fn = _factory(_name)
        _fn.__name__ = f"test_{_name}_{_suffix}"
        checks(_name, points=_points)(_fn)


# ========================================================= softmax_cross_entropy

def _torch_ce(logits, labels):
    z = torch.tensor(np.asarray(logits, dtype=float), dtype=torch.float64, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(z, torch.tensor(np.asarray(labels), dtype=torch.long))
    loss.backward()
    return float(loss.detach()), z.grad.numpy().copy()


def _scipy_ce(logits, labels):
    z = np.asarray(logits, dtype=float)
    labels = np.asarray(labels)
    n = z.shape[0]
    with np.errstate(all="ignore"):
        loss = float(-np.mean(_log_softmax(z, 1)[np.arange(n), labels]))
        grad = (_softmax(z, 1) - np.eye(z.shape[1])[labels]) / n
    return loss, grad


_CE_PROBE = ([[0.5, -1.0, 2.0], [0.3, 0.3, -0.7]], [2, 0])


def _ce_ok(student):
    return _formula_ok(student, "softmax_cross_entropy", list(_CE_PROBE), _scipy_ce(*_CE_PROBE))


def _ce_call(student, logits, labels, what):
    got = call_valid(student, "softmax_cross_entropy", logits, labels, what=what)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        fail(f"{what} should return a tuple (loss, grad), got {type(got).__name__}")
    return got


def _upstream_ce(student, logits, labels):
    """(loss, grad) built from the student's own log_softmax and softmax, when one of those
    is wrong on the logits (a wrong upstream is charged in its own exercise)."""
    z = np.asarray(logits, dtype=float)
    n, rows = z.shape[0], np.arange(z.shape[0])
    out = [None, None]
    try:
        if student.has("log_softmax"):
            ls = as_array(student.call("log_softmax", z, kwargs={"axis": 1}), "log_softmax")
            if ls.shape == z.shape and not close(ls, _log_softmax(z, 1), "float"):
                out[0] = float(-np.mean(ls[rows, labels]))
        if student.has("softmax"):
            sm = as_array(student.call("softmax", z, kwargs={"axis": 1}), "softmax")
            if sm.shape == z.shape and not close(sm, _softmax(z, 1), "float"):
                out[1] = (sm - np.eye(z.shape[1])[labels]) / n
    except (StudentError, CheckFailure, ValueError, IndexError):
        pass
    return out


def _judge_loss(student, logits, labels, got, expected, what, known=None):
    value = as_float(got, what)
    if close(value, expected, "float"):
        if isinstance(got, (np.ndarray, list, tuple)):
            fail(f"{what}: the right loss {fmt(value)}, but returned as "
                 f"{type(got).__name__}: return a float.", AS_ARRAY)
        return
    own = _upstream_ce(student, logits, labels)[0]
    if own is not None and close(value, own, "float"):
        return
    expect_close(value, expected, what, misconceptions=known)


def _judge_grad(student, logits, labels, got, expected, what, known=None):
    value = as_array(got, what)
    if value.shape == expected.shape and close(value, expected, "gradient"):
        return
    if value.shape == expected.shape:
        own = _upstream_ce(student, logits, labels)[1]
        if own is not None and close(value, own, "float"):
            return
    _array(value, expected, what, tol="gradient", misconceptions=known)


def _ce_batch(rng, n=None, c=None, scale=2.0):
    n = int(rng.integers(1, 9)) if n is None else n
    c = int(rng.integers(2, 8)) if c is None else c
    logits = scale * rng.standard_normal((n, c))
    labels = rng.integers(c, size=n)
    return logits, labels


@checks("softmax_cross_entropy", points=0.75)
def test_softmax_cross_entropy_loss_matches_torch(student, rng):
    cases = [_ce_batch(rng), _ce_batch(rng, n=1), _ce_batch(rng, n=int(rng.integers(20, 60))),
             _ce_batch(rng, c=1)]
    for i, (logits, labels) in enumerate(cases):
        expected, _ = _torch_ce(logits, labels)
        n = logits.shape[0]
        what = (f"the loss of softmax_cross_entropy(logits of shape {logits.shape}, labels "
                f"{labels.tolist()[:10]}{'...' if n > 10 else ''})")
        args = (logits.tolist(), labels.tolist()) if i % 2 else (logits, labels)
        loss, _ = _ce_call(student, *args, what=what)
        _judge_loss(student, logits, labels, loss, expected, what, known={
            CE_SUMMED: expected * n,
            NATURAL_LOG: expected / math.log(2),
        })


@checks("softmax_cross_entropy", points=0.75)
def test_softmax_cross_entropy_gradient_matches_autograd(student, rng):
    cases = [_ce_batch(rng), _ce_batch(rng, n=1), _ce_batch(rng, n=int(rng.integers(10, 40))),
             _ce_batch(rng, c=1)]
    for i, (logits, labels) in enumerate(cases):
        _, expected = _torch_ce(logits, labels)
        n = logits.shape[0]
        what = (f"the gradient of softmax_cross_entropy(logits of shape {logits.shape}, "
                f"labels {labels.tolist()[:10]}{'...' if n > 10 else ''})")
        args = (logits.tolist(), labels.tolist()) if i % 2 else (logits, labels)
        _, grad = _ce_call(student, *args, what=what)
        known = {CE_GRAD_SIGN: -expected}
        if n > 1:
            known[CE_GRAD_NOT_AVERAGED] = expected * n
        _judge_grad(student, logits, labels, grad, expected, what, known=known)


@checks("softmax_cross_entropy", points=0.5)
def test_softmax_cross_entropy_stable_at_large_logits(student, rng):
    logits, labels = _ce_batch(rng, n=int(rng.integers(3, 7)), c=int(rng.integers(3, 6)))
    logits = logits * 500                         # spreads of thousands of nats
    labels[0] = int(np.argmin(logits[0]))         # a confidently wrong example
    logits[1] += 1000.0                           # a row far above the others
    exp_loss, exp_grad = _torch_ce(logits, labels)
    what = f"softmax_cross_entropy({fmt(logits)}, {labels.tolist()})"
    loss, grad = _ce_call(student, logits, labels, what=what)
    value, g = as_float(loss, f"the loss of {what}"), as_array(grad, f"the gradient of {what}")
    if not math.isfinite(value):
        fail(f"the loss of {what} is {fmt(value)}, expected {fmt(exp_loss)}",
             CE_LOG_OF_SOFTMAX if value == math.inf else None)
    if g.shape == exp_grad.shape and not np.all(np.isfinite(g)):
        fail(f"the gradient of {what} is not finite: {fmt(g)} (shift each row by its own "
             "maximum before exponentiating)")
    if not _ce_ok(student):
        return                                     # finite: the formula is the other checks'
    _judge_loss(student, logits, labels, loss, exp_loss, f"the loss of {what}")
    _judge_grad(student, logits, labels, grad, exp_grad, f"the gradient of {what}")


@checks("softmax_cross_entropy", points=0.25)
def test_softmax_cross_entropy_masked_classes(student, rng):
    logits, labels = _ce_batch(rng, n=int(rng.integers(2, 6)), c=int(rng.integers(4, 7)))
    for i in range(len(labels)):
        others = [k for k in range(logits.shape[1]) if k != labels[i]]
        logits[i, rng.choice(others, size=int(rng.integers(1, len(others))), replace=False)] = \
            -math.inf
    exp_loss, exp_grad = _scipy_ce(logits, labels)
    what = f"softmax_cross_entropy({fmt(logits)}, {labels.tolist()}) (masked classes -inf)"
    loss, grad = _ce_call(student, logits, labels, what=what)
    value, g = as_float(loss, f"the loss of {what}"), as_array(grad, f"the gradient of {what}")
    expect_true(math.isfinite(value), f"the loss of {what} is {fmt(value)}: masked classes "
                                      "that are not the label leave it finite")
    expect_true(g.shape == exp_grad.shape and np.all(np.isfinite(g)),
                f"the gradient of {what} should be finite, of shape {exp_grad.shape}: {fmt(g)}")
    expect_true(np.all(g[np.isneginf(logits)] == 0.0),
                f"the gradient of {what} at the masked logits should be 0, got "
                f"{fmt(g[np.isneginf(logits)])}")
    if _ce_ok(student):
        _judge_loss(student, logits, labels, loss, exp_loss, f"the loss of {what}")
        _judge_grad(student, logits, labels, grad, exp_grad, f"the gradient of {what}")


@checks("softmax_cross_entropy", points=0.25)
def test_softmax_cross_entropy_label_ruled_out_is_infinite(student, rng):
    logits, labels = _ce_batch(rng, n=int(rng.integers(2, 6)), c=int(rng.integers(3, 6)))
    victim = int(rng.integers(len(labels)))
    logits[victim, labels[victim]] = -math.inf
    _, exp_grad = _scipy_ce(logits, labels)
    what = (f"softmax_cross_entropy({fmt(logits)}, {labels.tolist()}) (the label of row "
            f"{victim} has logit -inf)")
    loss, grad = _ce_call(student, logits, labels, what=what)
    value = as_float(loss, f"the loss of {what}")
    expect_true(value == math.inf, f"the loss of {what} is {fmt(value)}, expected inf: the "
                                   "model called the observed class impossible", CLAMPED)
    g = as_array(grad, f"the gradient of {what}")
    expect_true(g.shape == exp_grad.shape and np.all(np.isfinite(g)),
                f"the gradient of {what} should stay finite ((softmax - onehot) / N), got "
                f"{fmt(g)}")
    if _ce_ok(student):
        _judge_grad(student, logits, labels, grad, exp_grad, f"the gradient of {what}")


@checks("softmax_cross_entropy", points=0.25)
def test_softmax_cross_entropy_rejects_invalid_input(student, rng):
    logits, labels = _ce_batch(rng, n=int(rng.integers(3, 6)), c=int(rng.integers(3, 6)))
    n, c = logits.shape
    bad_negative = labels.copy()
    bad_negative[int(rng.integers(n))] = -1
    bad_high = labels.copy()
    bad_high[int(rng.integers(n))] = c
    cases = [(logits, bad_negative, f"a label -1 among {c} classes", NEGATIVE_LABEL),
             (logits, bad_high, f"a label {c} among {c} classes (0..{c - 1})", None),
             (logits, labels[:-1], f"{n - 1} labels for {n} rows", None),
             (logits[0], labels[:1], "1-D logits", None),
             (logits, labels + 0.5, "labels that are not integers (x.5)", None)]
    for z, y, label, key in cases:
        what = f"softmax_cross_entropy with {label}"
        try:
            student.call("softmax_cross_entropy", z, y)
        except StudentError as err:
            if err.is_a("NotImplementedError"):
                raise
            if not err.is_a("ValueError"):
                fail(f"{what} should raise ValueError, but raised {err.type}: {err.message}")
            expect_true(err.message.strip() != "",
                        f"{what} raised ValueError without a message: say what is wrong.")
            continue
        fail(f"{what} should raise ValueError, but returned normally", key)


@checks("softmax_cross_entropy", points=0.25)
def test_softmax_cross_entropy_inputs_unchanged(student, rng):
    logits, labels = _ce_batch(rng, n=int(rng.integers(3, 7)), c=int(rng.integers(3, 6)))
    call_ignoring_errors(student, "softmax_cross_entropy", logits, labels)
    call_ignoring_errors(student, "softmax_cross_entropy", logits * 400, labels)
    call_ignoring_errors(student, "softmax_cross_entropy", logits.tolist(), labels.tolist())
    expect_no_side_effects(student, "inputs")
