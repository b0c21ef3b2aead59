"""Hidden checks of 00_probability_foundations: PMFs from weights and samples,
joint / marginal / conditional tables, independence, expectation and variance,
interval probabilities of densities, histogram densities.

Oracles (never the notebook's solution): exact rational arithmetic
(``fractions.Fraction`` of the float inputs: normalisation, expectation,
variance), exact counts (``collections.Counter``), ``math.fsum`` row and
column sums, closed-form distribution functions (``scipy.stats.norm`` CDFs of
Gaussians and Gaussian mixtures: interval probabilities), ``np.histogram(...,
density=True)``, and invariants (independence of outer products, the
marginal-preserving perturbation, shift invariance of the variance).

One mistake, one loss. Each exercise's first check judges its formula and the
type of what comes back (a float, an ``np.ndarray``, a tuple of arrays, a
bool). The other checks judge one property each, and forgive a catalogued
formula mistake that the main check charges when the student's function makes
it on a fixed probe too (``_forgiven``); ``variance`` is also accepted around
the student's own ``expectation`` when that one is wrong, and its far-from-zero
check judges the student's own answer against itself under a shift. Every call
is watched for arguments changed in place; each exercise charges what it saw
once, in its inputs_unchanged.
"""
import collections
import math
from fractions import Fraction

import numpy as np
import scipy.stats

from autograder.grader_api import (CheckFailure, Checks, NamedFunction, StudentError, as_array,
                                   as_float, call_ignoring_errors, call_valid, close, expect_close,
                                   expect_no_side_effects, expect_true, expect_value_error, fail,
                                   fmt, register_misconception)

checks = Checks("00_probability_foundations")

#: The contract of interval_probability: absolute error below 1e-6 (probabilities
#: live on the scale 1, so an absolute bound is a bound relative to that scale).
INTEGRAL_ERROR = (0.0, 1e-6)

# Mutants of the reference that no correct check can kill.
_NEVER_WRITTEN = ("the array is only read afterwards (every result is a new array), never "
                  "written, so np.asarray sharing the caller's float64 array leaves the "
                  "caller's data unchanged just the same.")
_SUM_BOUNDARY = ("|sum - 1| never equals 1e-6 exactly: for a float sum within 1e-6 of 1, "
                 "sum - 1.0 is exact (Sterbenz) and a multiple of 2**-53, while the float 1e-6 "
                 "is 4722366482869645 * 2**-72 (odd numerator), no such multiple; so > and >= "
                 "agree on every input.")
_WITHIN_CONTRACT = ("changes the integrator only below the contract's resolution: measured on "
                    "150 random mixtures of the stated class (means in [-50, 50], sigma in "
                    "[0.001, 30], finite, infinite and cutting limits) and 300 peaks of sigma "
                    "0.001 cut anywhere, against the closed-form CDFs, the reference's worst "
                    "error is 1.4e-9 and this variant's {}, both far below the 1e-6 the "
                    "contract (and every check) allows: no check that a correct answer passes "
                    "can tell them apart.")
_EMPTY_EITHER_WAY = ("differs only when {}: then the range it lets through is empty, and "
                     "{} gives exactly 0.0, the value the reference returns.")
EQUIVALENT_MUTANTS = {
    "normalize/copy-removed/2974438b": _NEVER_WRITTEN,
    "marginals/copy-removed/f10648a6": _NEVER_WRITTEN,
    "marginals/compare-Gt-GtE/335931b7": _SUM_BOUNDARY,
    "conditional/copy-removed/c4a59d49": _NEVER_WRITTEN,
    "conditional/compare-Gt-GtE/256fefd6": _SUM_BOUNDARY,
    "is_independent/copy-removed/80a25571": _NEVER_WRITTEN,
    "is_independent/compare-Gt-GtE/87bc6150": _SUM_BOUNDARY,
    "expectation/copy-removed/146788ac": _NEVER_WRITTEN,
    "expectation/copy-removed/8af94638": _NEVER_WRITTEN,
    "expectation/compare-Gt-GtE/77d85b6d": _SUM_BOUNDARY,
    "variance/copy-removed/f279846e": _NEVER_WRITTEN,
    "variance/copy-removed/5898c2b3": _NEVER_WRITTEN,
    "variance/compare-Gt-GtE/b42c2c30": _SUM_BOUNDARY,
    "histogram_density/copy-removed/fc95db14": _NEVER_WRITTEN,
    "interval_probability/compare-Lt-LtE/e86df672": _EMPTY_EITHER_WAY.format(
        "a == b", "the core (lo == hi, no panel) and the tails (quad over a range of length 0)"),
    "interval_probability/compare-Lt-LtE/604cf563": _EMPTY_EITHER_WAY.format(
        "lo == hi", "the panel sum (ceil(0) = 0 panels: linspace gives one edge, an empty sum)"),
    "interval_probability/compare-Lt-LtE/282fec4b": _EMPTY_EITHER_WAY.format(
        "a == -core (-60) exactly", "quad from -60 to min(b, -60) = -60"),
    "interval_probability/compare-Gt-GtE/651beefa": _EMPTY_EITHER_WAY.format(
        "b == core (60) exactly", "quad from max(a, 60) = 60 to 60"),
    "interval_probability/number/af20fb05": _WITHIN_CONTRACT.format(
        "1.4e-9 (the panels end at +-61 instead of +-60; quad takes the smooth rest)"),
    "interval_probability/number/aeda8743": _WITHIN_CONTRACT.format(
        "1.4e-9 (the panels end at +-59 instead of +-60; quad takes the smooth rest)"),
    "interval_probability/number/c24fdd9e": _WITHIN_CONTRACT.format(
        "5.3e-10 (31 Gauss-Legendre nodes per panel instead of 30)"),
    "interval_probability/number/b02e5bfb": _WITHIN_CONTRACT.format(
        "6.6e-9 (29 Gauss-Legendre nodes per panel instead of 30)"),
}

# -- misconceptions -------------------------------------------------------------

SUM_OVERFLOWS = register_misconception(
    "weights-sum-overflows",
    "the sum of the weights overflowed to inf (np.sum([1e308, 1e308]) is inf), so every "
    "ratio became 0: the ratios do not change when all weights are scaled by the same "
    "factor, so divide by the largest weight before summing.")
NORMALISED_BY_MAX = register_misconception(
    "normalised-by-max-not-sum",
    "the weights were divided by their largest value, not by their sum: the result is in "
    "[0, 1] but does not sum to 1, so it is no PMF.")
SOFTMAX_NOT_RATIO = register_misconception(
    "softmax-instead-of-ratio",
    "a softmax (exp(w) / sum exp(w)) instead of w / sum(w): softmax turns *log*-weights "
    "(logits) into a PMF; weights that are already proportional to the probabilities are "
    "only divided by their sum.")
RESULT_FLATTENED = register_misconception(
    "pmf-shape-lost",
    "the result was flattened: a table of weights is one distribution over its cells, and "
    "its PMF keeps the table's shape.")
COUNTS_NOT_FREQUENCIES = register_misconception(
    "counts-not-divided-by-n",
    "counts returned instead of frequencies: divide each count by the number of samples so "
    "that the PMF sums to 1.")
UNSEEN_DROPPED = register_misconception(
    "unseen-outcomes-dropped",
    "only the outcomes that occur in the sample got an entry (np.unique, a Counter): an "
    "empirical PMF has one entry per outcome 0..num_outcomes-1, 0 for an unseen outcome, "
    "so that entry k is always the frequency of outcome k.")
AXES_SWAPPED = register_misconception(
    "marginal-axes-swapped",
    "the marginals are swapped: joint[i, j] = P(X=i, Y=j) has X along the rows, so "
    "P(X=i) sums row i over j (axis=1) and P(Y=j) sums column j over i (axis=0).")
CONDITIONAL_BY_COLUMNS = register_misconception(
    "conditional-normalised-by-columns",
    "each column was divided by its sum, which gives P(X=i | Y=j): P(Y=j | X=i) divides "
    "row i by its row sum P(X=i), so that every row sums to 1.")
CONDITIONAL_IS_JOINT = register_misconception(
    "conditional-equals-joint",
    "the joint table was returned unnormalised: P(Y=j | X=i) = P(X=i, Y=j) / P(X=i); "
    "conditioning on X = i renormalises row i.")
UNDEFINED_ROW_ZEROS = register_misconception(
    "undefined-conditional-row-as-zeros",
    "a row with P(X=i) = 0 came back as zeros (a clamped denominator, max(p_x, 1e-10), or "
    "a where(..., 0)): conditioning on an event that never happens is undefined, and a row "
    "of zeros looks like a PMF but sums to 0. Return nan for every entry of that row.")
UNDEFINED_ROW_UNIFORM = register_misconception(
    "undefined-conditional-row-as-uniform",
    "a row with P(X=i) = 0 came back uniform: that invents knowledge about Y given an "
    "impossible X = i. The conditional is undefined there: nan in every entry.")
RELATIVE_TOLERANCE = register_misconception(
    "independence-with-relative-tolerance",
    "a relative tolerance was added (np.allclose's default rtol=1e-5): for probabilities "
    "of order 0.1 it accepts deviations of 1e-6, a thousand times the atol asked for. "
    "Compare |joint - outer(p_x, p_y)| <= atol alone (np.allclose(..., rtol=0, atol=atol)).")
EXACT_EQUALITY = register_misconception(
    "independence-by-exact-equality",
    "the table was compared with the outer product of its marginals by exact equality: the "
    "products carry rounding errors of order 1e-17, so a product table can fail ==. Use "
    "the tolerance atol.")
UNWEIGHTED_MEAN = register_misconception(
    "expectation-unweighted-mean",
    "the plain mean of the values, ignoring the PMF: E[X] = sum_k p_k v_k weights every "
    "value by its probability.")
UNWEIGHTED_VARIANCE = register_misconception(
    "variance-unweighted",
    "np.var of the values, ignoring the PMF: Var(X) = sum_k p_k (v_k - mu)^2 with "
    "mu = sum_k p_k v_k.")
STD_NOT_VARIANCE = register_misconception(
    "variance-returned-as-standard-deviation",
    "the square root was taken: that is the standard deviation. The variance is the "
    "expected squared deviation, sum_k p_k (v_k - mu)^2.")
SECOND_MOMENT = register_misconception(
    "variance-missing-mean",
    "E[X^2] was returned: the variance subtracts the mean first, "
    "sum_k p_k (v_k - mu)^2 = E[X^2] - mu^2.")
CANCELLATION = register_misconception(
    "variance-catastrophic-cancellation",
    "E[X^2] - E[X]^2 in floating point: far from 0 both terms are huge and nearly equal "
    "(about 1e18 for values near 1e9), and their difference keeps only rounding noise, "
    "sometimes negative. Subtract the mean first and average the squared deviations (two "
    "passes).")
REVERSED_NEGATIVE = register_misconception(
    "reversed-limits-negative-probability",
    "for a > b the integral from a to b was returned, which is -P(b <= X <= a) < 0: the "
    "event a <= X <= b is empty then, and its probability is 0.")
NARROW_PEAK_MISSED = register_misconception(
    "quadrature-misses-narrow-peak",
    "the integrator never sampled the narrow peak that holds most of the mass: a quadrature "
    "sees the density only at its nodes, and quad's first nodes over a long or infinite "
    "interval are far apart. Look everywhere the mass can be at a resolution finer than "
    "the narrowest feature (many small panels), or split the interval so that every piece "
    "is short.")
NO_WIDTH = register_misconception(
    "histogram-not-divided-by-width",
    "frequencies (counts / N) returned instead of densities: a density is probability per "
    "unit length, counts / (N * width). Without the division the area is not 1 and the "
    "bars change when the bins do.")
RAW_COUNTS = register_misconception(
    "histogram-counts-not-normalised",
    "raw counts returned: divide by the number of samples and by the bin widths, so that "
    "sum(density * widths) = 1.")
ALL_SAMPLES = register_misconception(
    "histogram-normalised-by-all-samples",
    "the counts were divided by the number of all samples, including those outside the "
    "edges: the density must integrate to 1 over the bins, so divide by the number of "
    "samples counted (as np.histogram(..., density=True) does).")
MEAN_WIDTH = register_misconception(
    "histogram-single-width",
    "every bin was divided by the same width: with unequal bins each count is divided by "
    "the width of its own bin.")
LAST_EDGE_DROPPED = register_misconception(
    "histogram-last-edge-excluded",
    "a sample equal to the last edge was not counted: every bin is [e_k, e_{k+1}) except the "
    "last, [e_{K-1}, e_K], which includes its right edge (with integer bins the maximum "
    "sample sits exactly there).")
NUMBER_AS_ARRAY = register_misconception(
    "float-returned-in-an-array",
    "a number returned inside an array (np.array([x]), keepdims=True): the value is right, "
    "but the function returns a float.")


# -- helpers --------------------------------------------------------------------

def _expect_float(got, expected, what, tol="float", misconceptions=None, hint=""):
    """The main check's comparison of a scalar answer, which also judges its type."""
    value = as_float(got, what)
    if not isinstance(got, float):
        if close(value, expected, tol):
            fail(f"{what}: the right value {fmt(value)}, but returned as "
                 f"{type(got).__name__}{' of shape ' + str(np.shape(got)) if np.ndim(got) else ''}"
                 ": return a Python float.", NUMBER_AS_ARRAY if np.ndim(got) else None)
    return expect_close(value, expected, what, tol=tol, misconceptions=misconceptions, hint=hint)


def _expect_ndarray(got, expected, what, tol="float", misconceptions=None, main=True):
    """An array answer: shape, values (nan where expected nan) and, in a main check,
    that it is an np.ndarray (a list holding the right values is a type mistake)."""
    expected = np.asarray(expected, dtype=float)
    array = as_array(got, what)
    if misconceptions:
        for key, wrong in misconceptions.items():
            wrong = np.asarray(wrong, dtype=float)
            if array.shape == wrong.shape and not close(wrong, expected, tol) and \
                    close(array, wrong, "float"):
                fail(f"{what}: got {fmt(array)}, expected {fmt(expected)}.", key)
    if array.shape != expected.shape:
        fail(f"{what} should have shape {expected.shape}, got {array.shape}.")
    if not close(array, expected, tol):
        nan_got, nan_exp = np.isnan(array), np.isnan(expected)
        if np.any(nan_got != nan_exp):
            fail(f"{what}: nan at {np.argwhere(nan_got & ~nan_exp).tolist()[:4]} where a number "
                 f"is expected, or a number where nan is expected "
                 f"({np.argwhere(nan_exp & ~nan_got).tolist()[:4]}): got {fmt(array)}, "
                 f"expected {fmt(expected)}.")
        with np.errstate(invalid="ignore"):
            err = np.nanmax(np.abs(array - expected) / np.maximum(np.abs(expected), 1e-300))
        fail(f"{what}: got {fmt(array)}, expected {fmt(expected)} (max rel. error {err:.2g}).")
    if main and not isinstance(got, np.ndarray):
        fail(f"{what}: the right values, but returned as {type(got).__name__}: return an "
             "np.ndarray.")
    return array


def _fraction_pmf(p):
    """Exact rationals of a float PMF, renormalised exactly (a float PMF sums to 1 only
    up to rounding; the renormalisation changes nothing at float precision)."""
    exact = [Fraction(float(x)) for x in np.ravel(p)]
    total = sum(exact)
    return [x / total for x in exact]


def _pmf(rng, n, zeros=0):
    p = rng.dirichlet(np.full(n, float(rng.choice([0.5, 1.0, 3.0]))))
    if zeros:
        p[rng.choice(n, size=zeros, replace=False)] = 0.0
        p = p / p.sum()
    return p


def _joint(rng, m=None, n=None, zero_rows=0, zero_cols=0):
    m = int(rng.integers(2, 6)) if m is None else m
    n = int(rng.integers(2, 6)) if n is None else n
    J = rng.dirichlet(np.ones(m * n) * float(rng.choice([0.5, 1.0, 2.0]))).reshape(m, n)
    if zero_rows:
        J[rng.choice(m, size=zero_rows, replace=False)] = 0.0
    if zero_cols:
        J[:, rng.choice(n, size=zero_cols, replace=False)] = 0.0
    return J / J.sum()


def _fsum_marginals(J):
    return (np.array([math.fsum(row) for row in J]), np.array([math.fsum(col) for col in J.T]))


def _probe_value(student, name, args, kwargs=None):
    """A call made to learn what the student's function does (not watched: what it
    does to its arguments is that exercise's business)."""
    try:
        return student.call(name, *args, kwargs=kwargs or {}, watch=False)
    except (StudentError, CheckFailure):
        return None


def _forgiven(student, name, key):
    """Whether the student's ``name`` makes the catalogued mistake ``key`` on its fixed
    probe too (the exercise's main check charges it: one mistake, one loss)."""
    args, predicted = _PROBES[name][key]
    got = _probe_value(student, name, args)
    if got is None:
        return False
    try:
        if isinstance(predicted, tuple):
            return all(close(as_array(g, "probe"), e, "float") for g, e in zip(got, predicted))
        return close(as_array(got, "probe"), predicted, "float")
    except (CheckFailure, TypeError, ValueError):
        return False


_HIST_SAMPLES = [0.5, 1.5, 2.5, 3.0, 4.0]        # inside the edges, 4.0 on the last one
_HIST_EDGES = [0.0, 1.0, 2.0, 4.0]
_PROBES = {
    # the mistakes the main check (equal bins) charges; the explicit-edges check charges
    # the other two (all samples, one width), which equal bins cannot show
    "histogram_density": {
        # 5 samples, counts 1, 1, 3 in bins of width 1, 1, 2
        NO_WIDTH: ([_HIST_SAMPLES, _HIST_EDGES], (np.array([0.2, 0.2, 0.6]),
                                                   np.array(_HIST_EDGES))),
        RAW_COUNTS: ([_HIST_SAMPLES, _HIST_EDGES], (np.array([1.0, 1.0, 3.0]),
                                                     np.array(_HIST_EDGES))),
    },
    "marginals": {
        AXES_SWAPPED: ([[[0.1, 0.2], [0.3, 0.4]]], (np.array([0.4, 0.6]), np.array([0.3, 0.7]))),
    },
}


# ==================================================================== normalize

def _exact_normalize(w):
    exact = [Fraction(float(x)) for x in np.ravel(w)]
    total = sum(exact)
    return np.array([float(x / total) for x in exact]).reshape(np.shape(w))


def _random_weights(rng, n=None):
    n = int(rng.integers(2, 12)) if n is None else n
    kind = int(rng.integers(3))
    if kind == 0:
        return rng.uniform(0, 1, n) * 10.0 ** float(rng.uniform(-6, 6))
    if kind == 1:
        return rng.integers(0, 20, n).astype(float) + np.eye(n)[int(rng.integers(n))]
    return rng.exponential(1.0, n) * 10.0 ** float(rng.uniform(-3, 3))


@checks("normalize", points=0.75)
def test_normalize_weights_over_their_sum(student, rng):
    for i in range(5):
        w = _random_weights(rng)
        if i == 1:
            # zeros anywhere but in entry 0, which stays positive: never all zero
            w[1 + rng.choice(len(w) - 1, size=max(1, len(w) // 3), replace=False)] = 0.0
            w[0] = max(w[0], 1.0)
        if i == 0:
            arg, label = w.tolist(), " (a list)"
        elif i == 1:
            arg, label = tuple(w.tolist()), " (a tuple, with zeros)"
        elif i == 3:
            arg, label = [int(v) for v in rng.integers(1, 9, len(w))], " (integers)"
        else:
            arg, label = w, ""
        expected = _exact_normalize(np.array(arg, dtype=float))
        what = f"normalize({fmt(np.asarray(arg, dtype=float))}){label}"
        got = call_valid(student, "normalize", arg, what=what)
        warr = np.asarray(arg, dtype=float)
        with np.errstate(all="ignore"):
            soft = np.exp(warr - warr.max())
        _expect_ndarray(got, expected, what, tol="exact", misconceptions={
            NORMALISED_BY_MAX: warr / warr.max(),
            SOFTMAX_NOT_RATIO: soft / soft.sum(),
        })


@checks("normalize", points=0.25)
def test_normalize_huge_and_tiny_weights(student, rng):
    n = int(rng.integers(2, 7))
    cases = [(rng.uniform(0.6, 1.0, n) * 1.7e308, "weights near 1e308 (their sum overflows)"),
             (rng.uniform(0.2, 1.0, n) * 10.0 ** float(rng.uniform(-300, -290)),
              "weights near 1e-295")]
    for w, label in cases:
        expected = _exact_normalize(w)
        what = f"normalize({fmt(w)}) ({label})"
        got = call_valid(student, "normalize", w, what=what)
        array = as_array(got, what)
        if array.shape == expected.shape and (np.all(array == 0) or np.any(np.isnan(array))):
            fail(f"{what}: got {fmt(array)}, expected {fmt(expected)}.", SUM_OVERFLOWS)
        _expect_ndarray(got, expected, what, tol="exact", main=False)


@checks("normalize", points=0.25)
def test_normalize_keeps_the_shape_of_a_table(student, rng):
    for shape in [(int(rng.integers(2, 5)), int(rng.integers(2, 5))), (2, 2, int(rng.integers(2, 4)))]:
        w = rng.uniform(0, 5, shape)
        expected = _exact_normalize(w)
        what = f"normalize(weights of shape {shape})"
        got = call_valid(student, "normalize", w.tolist(), what=what)
        array = as_array(got, what)
        if array.shape != shape and array.size == w.size and close(array.ravel(), expected.ravel()):
            fail(f"{what} returned shape {array.shape}.", RESULT_FLATTENED)
        _expect_ndarray(got, expected, what, tol="exact", main=False)


@checks("normalize", points=0.5)
def test_normalize_rejects_invalid_weights(student, rng):
    w = rng.uniform(0.1, 1.0, int(rng.integers(3, 7)))
    neg = w.copy()
    neg[int(rng.integers(len(w)))] = -float(rng.uniform(0.1, 1.0))
    for value, what in [
        (neg.tolist(), f"normalize({fmt(neg)}) (a negative weight)"),
        ([0.0] * int(rng.integers(2, 6)), "normalize of all-zero weights (no distribution)"),
        ([], "normalize([]) (no weights)"),
        (w.tolist() + [math.nan], "normalize of weights containing nan"),
        (w.tolist() + [math.inf], "normalize of weights containing inf"),
    ]:
        expect_value_error(student, "normalize", value, what=what)


@checks("normalize", points=0.25)
def test_normalize_inputs_unchanged(student, rng):
    w = _random_weights(rng, int(rng.integers(4, 9)))
    w[0] = 0.0
    w[1] = max(w[1], 1.0)
    call_ignoring_errors(student, "normalize", w.copy())
    call_ignoring_errors(student, "normalize", w.tolist())
    call_ignoring_errors(student, "normalize", rng.uniform(0, 1, (3, 4)))
    expect_no_side_effects(student, "inputs")


# ================================================================ empirical_pmf

def _counted(samples, k):
    counts = collections.Counter(int(x) for x in np.ravel(samples))
    n = sum(counts.values())
    return np.array([counts.get(i, 0) / n for i in range(k)])


@checks("empirical_pmf", points=0.75)
def test_empirical_pmf_frequencies_of_exact_counts(student, rng):
    for i in range(5):
        k = int(rng.integers(2, 13))
        n = int(rng.integers(1, 300))
        x = rng.choice(k, size=n, p=_pmf(rng, k))
        arg, label = [(x.tolist(), "a list"), (tuple(x.tolist()), "a tuple"),
                      (x, "an int array"), (x.astype(float), "a float array of whole numbers"),
                      (x[: (n // 2) * 2].reshape(-1, 2) if n >= 2 else x, "a 2-D array")][i]
        expected = _counted(arg, k)
        what = f"empirical_pmf({fmt(np.asarray(arg))}, {k}) ({label}, {np.size(arg)} samples)"
        got = call_valid(student, "empirical_pmf", arg, k, what=what)
        counts = expected * np.size(arg)
        _expect_ndarray(got, expected, what, tol="exact", misconceptions={
            COUNTS_NOT_FREQUENCIES: counts,
        })
    n = int(rng.integers(1, 6))
    what = f"empirical_pmf({[0] * n}, 1) (one outcome: every sample is 0)"
    got = call_valid(student, "empirical_pmf", [0] * n, 1, what=what,
                     why="num_outcomes = 1 is a valid number of outcomes")
    _expect_ndarray(got, [1.0], what, tol="exact", misconceptions={COUNTS_NOT_FREQUENCIES: [n]})


@checks("empirical_pmf", points=0.25)
def test_empirical_pmf_unseen_outcomes_are_zero(student, rng):
    k = int(rng.integers(5, 12))
    seen = np.sort(rng.choice(k - 1, size=int(rng.integers(2, k - 2)), replace=False))
    x = rng.choice(seen, size=int(rng.integers(10, 60)))       # outcome k-1 never occurs
    expected = _counted(x, k)
    what = f"empirical_pmf({fmt(x)}, {k}) (outcomes {sorted(set(range(k)) - set(x.tolist()))} unseen)"
    got = call_valid(student, "empirical_pmf", x.tolist(), k, what=what)
    array = as_array(got, what)
    if array.shape != (k,) and close(array, expected[expected > 0]):
        fail(f"{what}: got {fmt(array)} of shape {array.shape}, expected shape ({k},) with "
             "zeros for unseen outcomes.", UNSEEN_DROPPED)
    if array.shape == (k,) and close(array, expected * len(x)) and _forgiven_counts(student):
        return
    _expect_ndarray(got, expected, what, tol="exact", main=False)


def _forgiven_counts(student):
    got = _probe_value(student, "empirical_pmf", ([0, 1, 1, 3], 4))
    try:
        return got is not None and close(as_array(got, "probe"), [1.0, 2.0, 0.0, 1.0])
    except CheckFailure:
        return False


@checks("empirical_pmf", points=0.5)
def test_empirical_pmf_rejects_out_of_range_outcomes(student, rng):
    k = int(rng.integers(3, 10))
    x = rng.integers(0, k, size=int(rng.integers(5, 20))).tolist()
    for bad, label in [(k, f"{k} = num_outcomes"), (-1, "-1"),
                       (k + int(rng.integers(5, 100)), "far above the range")]:
        y = list(x)
        y.insert(int(rng.integers(len(y) + 1)), bad)
        expect_value_error(student, "empirical_pmf", y, k,
                           what=f"empirical_pmf(samples containing {bad} ({label}), {k})")


@checks("empirical_pmf", points=0.25)
def test_empirical_pmf_rejects_invalid_input(student, rng):
    k = int(rng.integers(3, 10))
    x = rng.integers(0, k, size=8).astype(float)
    for args, what in [
        ([x.tolist() + [1.5], k], f"empirical_pmf(samples containing 1.5, {k}) (not an outcome)"),
        ([x.tolist() + [math.nan], k], "empirical_pmf(samples containing nan)"),
        ([[], k], f"empirical_pmf([], {k}) (no samples: no frequencies)"),
        ([[0, 0], 0], "empirical_pmf([0, 0], 0) (num_outcomes < 1)"),
        ([[0, 1], 2.5], "empirical_pmf([0, 1], 2.5) (num_outcomes not a whole number)"),
    ]:
        expect_value_error(student, "empirical_pmf", *args, what=what)


@checks("empirical_pmf", points=0.25)
def test_empirical_pmf_inputs_unchanged(student, rng):
    k = int(rng.integers(3, 9))
    x = rng.integers(0, k, size=int(rng.integers(8, 30)))
    if np.all(np.diff(x) >= 0):
        x[[0, -1]] = x[[-1, 0]]
    call_ignoring_errors(student, "empirical_pmf", x.tolist(), k)
    call_ignoring_errors(student, "empirical_pmf", x.astype(float), k)
    call_ignoring_errors(student, "empirical_pmf", x.copy(), k)
    expect_no_side_effects(student, "inputs")


# ==================================================================== marginals

def _expect_marginals(got, J, what, main=True, tol="float"):
    px, py = _fsum_marginals(J)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        fail(f"{what} should return a tuple (p_x, p_y), got {type(got).__name__}")
    a, b = as_array(got[0], f"p_x of {what}"), as_array(got[1], f"p_y of {what}")
    if a.shape == py.shape and b.shape == px.shape and close(a, py) and close(b, px) and \
            not (close(px, py) if px.shape == py.shape else False):
        fail(f"{what}: got p_x = {fmt(a)}, p_y = {fmt(b)}; expected p_x = {fmt(px)} (row sums), "
             f"p_y = {fmt(py)} (column sums).", AXES_SWAPPED)
    _expect_ndarray(got[0], px, f"p_x of {what}", tol=tol, main=main)
    _expect_ndarray(got[1], py, f"p_y of {what}", tol=tol, main=main)
    if main and not isinstance(got, tuple):
        fail(f"{what}: the right marginals, but returned as {type(got).__name__}: return a "
             "tuple (p_x, p_y).")


@checks("marginals", points=1)
def test_marginals_row_and_column_sums(student, rng):
    shapes = [(2, 3), (4, 2), (int(rng.integers(2, 6)), int(rng.integers(6, 9))),
              (3, 3), (1, int(rng.integers(2, 5)))]
    for i, (m, n) in enumerate(shapes):
        J = _joint(rng, m, n, zero_rows=1 if i == 2 else 0)
        arg = J.tolist() if i % 2 == 0 else J
        what = f"marginals({fmt(J)}) (shape {J.shape}{', nested lists' if i % 2 == 0 else ''})"
        got = call_valid(student, "marginals", arg, what=what)
        _expect_marginals(got, J, what)
    got = call_valid(student, "marginals", [[1.0]], what="marginals([[1.0]]) (a 1 x 1 table)")
    _expect_marginals(got, np.array([[1.0]]), "marginals([[1.0]]) (a 1 x 1 table)")


@checks("marginals", points=0.25)
def test_marginals_accepts_sums_within_rounding(student, rng):
    for factor in (1 - float(rng.uniform(2e-7, 9e-7)), 1 + float(rng.uniform(2e-7, 9e-7))):
        J = _joint(rng) * factor
        what = f"marginals of a table summing to {J.sum()!r} (within 1e-6 of 1)"
        got = call_valid(student, "marginals", J, what=what,
                         why="a joint PMF sums to 1 within 1e-6")
        try:
            _expect_marginals(got, J, what, main=False, tol="numerical")
        except CheckFailure as failure:
            if failure.misconception == AXES_SWAPPED and _forgiven(student, "marginals",
                                                                   AXES_SWAPPED):
                continue
            raise


@checks("marginals", points=0.5)
def test_marginals_rejects_invalid_tables(student, rng):
    J = _joint(rng, 3, 3)
    neg = J.copy()
    neg[0, 0] += 0.3
    neg[1, 1] -= 0.3 + J[1, 1]
    neg = neg / neg.sum()
    for value, what in [
        (J.ravel().tolist(), "marginals of a 1-D vector (a joint table is 2-D)"),
        (J.reshape(1, 3, 3).tolist(), "marginals of a 3-D array"),
        (neg.tolist(), f"marginals({fmt(neg)}) (a negative entry; the sum is 1)"),
        ((J * 0.9).tolist(), "marginals of a table summing to 0.9"),
        ((J * 1.1).tolist(), "marginals of a table summing to 1.1"),
    ]:
        expect_value_error(student, "marginals", value, what=what)


@checks("marginals", points=0.25)
def test_marginals_inputs_unchanged(student, rng):
    J = _joint(rng, zero_rows=1) * (1 - 3e-7)      # normalising it in place changes it
    call_ignoring_errors(student, "marginals", J)
    call_ignoring_errors(student, "marginals", J.tolist())
    expect_no_side_effects(student, "inputs")


# ================================================================== conditional

def _true_conditional(J):
    px, _ = _fsum_marginals(J)
    C = np.full(J.shape, np.nan)
    for i in range(J.shape[0]):
        if px[i] > 0:
            C[i] = [float(Fraction(float(v)) / Fraction(float(px[i]))) for v in J[i]]
    return C


def _own_conditional(student, J):
    """The conditional the student's own (wrong) marginals give, or None."""
    got = _probe_value(student, "marginals", (J,))
    try:
        a = as_array(got[0], "p_x")
    except (CheckFailure, TypeError, IndexError, KeyError):
        return None
    if a.shape != (J.shape[0],) or close(a, _fsum_marginals(J)[0]):
        return None
    C = np.full(J.shape, np.nan)
    good = a > 0
    C[good] = J[good] / a[good, None]
    return C


@checks("conditional", points=1)
def test_conditional_rows_divided_by_row_sums(student, rng):
    for i, shape in enumerate([(2, 3), (3, 2), (int(rng.integers(2, 6)), int(rng.integers(2, 6))),
                               (3, 3), (1, 4)]):
        J = _joint(rng, *shape)
        expected = _true_conditional(J)
        what = f"conditional({fmt(J)}) (shape {J.shape})"
        got = call_valid(student, "conditional", J.tolist() if i % 2 else J, what=what)
        own = _own_conditional(student, J)
        if own is not None and close(as_array(got, what), own):
            continue           # right from the student's own marginals: marginals charges it
        _expect_ndarray(got, expected, what, misconceptions={
            CONDITIONAL_BY_COLUMNS: J / J.sum(axis=0, keepdims=True),
            CONDITIONAL_IS_JOINT: J,
        })
    what = "conditional([[1.0]]) (a 1 x 1 table)"
    _expect_ndarray(call_valid(student, "conditional", [[1.0]], what=what), [[1.0]], what)


@checks("conditional", points=0.75)
def test_conditional_row_with_zero_marginal_is_nan(student, rng):
    for zero_rows in (1, 2):
        m = int(rng.integers(3, 7))
        J = _joint(rng, m, int(rng.integers(2, 6)), zero_rows=zero_rows)
        px = J.sum(axis=1)
        what = f"conditional({fmt(J)}) (P(X=i) = 0 for rows {np.flatnonzero(px == 0).tolist()})"
        got = call_valid(student, "conditional", J, what=what)
        C = as_array(got, what, shape=J.shape)
        for i in np.flatnonzero(px == 0):
            if not np.all(np.isnan(C[i])):
                key = UNDEFINED_ROW_ZEROS if np.all(C[i] == 0) else \
                    UNDEFINED_ROW_UNIFORM if close(C[i], np.full(J.shape[1], 1 / J.shape[1])) \
                    else None
                fail(f"{what}: row {i} is {fmt(C[i])}; P(X={i}) = 0, so P(Y | X={i}) is "
                     "undefined: every entry should be nan.", key)
        rows = px > 0
        expect_true(not np.any(np.isnan(C[rows])),
                    f"{what}: rows with P(X=i) > 0 are defined, but got nan in them: {fmt(C)}")


@checks("conditional", points=0.25)
def test_conditional_zero_column_gives_zeros(student, rng):
    J = _joint(rng, int(rng.integers(2, 6)), int(rng.integers(3, 6)), zero_cols=1)
    col = int(np.flatnonzero(J.sum(axis=0) == 0)[0])
    what = f"conditional({fmt(J)}) (P(Y={col}) = 0)"
    got = call_valid(student, "conditional", J, what=what)
    C = as_array(got, what, shape=J.shape)
    expect_true(not np.any(np.isnan(C[:, col])) and np.all(C[:, col] == 0),
                f"{what}: column {col} is {fmt(C[:, col])}; P(Y={col} | X=i) = 0 / P(X=i) = 0 "
                "is defined (no nan).")


@checks("conditional", points=0.25)
def test_conditional_rejects_invalid_tables(student, rng):
    J = _joint(rng, 3, 2)
    for value, what in [
        (J.ravel().tolist(), "conditional of a 1-D vector (a joint table is 2-D)"),
        ((J * 0.8).tolist(), "conditional of a table summing to 0.8"),
        ((J * 1.2).tolist(), "conditional of a table summing to 1.2"),
        ([[1.2, 0.0], [-0.2, 0.0]], "conditional([[1.2, 0], [-0.2, 0]]) (a negative entry)"),
    ]:
        expect_value_error(student, "conditional", value, what=what)


@checks("conditional", points=0.25)
def test_conditional_inputs_unchanged(student, rng):
    J = _joint(rng, zero_rows=1)
    call_ignoring_errors(student, "conditional", J)
    call_ignoring_errors(student, "conditional", J.tolist())
    call_ignoring_errors(student, "conditional", _joint(rng) * (1 - 3e-7))
    expect_no_side_effects(student, "inputs")


# =============================================================== is_independent

def _own_independent(student, J, atol):
    """What the student's own (wrong) marginals say about independence, or None."""
    got = _probe_value(student, "marginals", (J,))
    try:
        a, b = as_array(got[0], "p_x"), as_array(got[1], "p_y")
    except (CheckFailure, TypeError, IndexError, KeyError):
        return None
    px, py = _fsum_marginals(J)
    if a.shape != px.shape or b.shape != py.shape or (close(a, px) and close(b, py)):
        return None
    return bool(np.max(np.abs(J - np.outer(a, b))) <= atol)


def _expect_bool(got, expected, what, misconception=None, student=None, J=None, atol=1e-9):
    if got is not True and got is not False:
        fail(f"{what} should return a bool (True or False), got {type(got).__name__} "
             f"{got!r:.60}")
    if got is not expected and student is not None and \
            _own_independent(student, np.asarray(J, dtype=float), atol) is got:
        return         # right from the student's own marginals: marginals charges them
    expect_true(got is expected, f"{what}: got {got}, expected {expected}.",
                misconception if got is not expected else None)


def _perturbed(rng, d, m=None, n=None):
    """An outer product of PMFs plus +-d on a 2x2 block: the same marginals, but four
    cells off by d (the entries stay positive)."""
    m = int(rng.integers(2, 6)) if m is None else m
    n = int(rng.integers(2, 6)) if n is None else n
    px = rng.dirichlet(np.full(m, 3.0))
    py = rng.dirichlet(np.full(n, 3.0))
    J = np.outer(px, py)
    i, k = rng.choice(m, size=2, replace=False)
    j, l = rng.choice(n, size=2, replace=False)
    if min(J[i, l], J[k, j]) <= 2 * d:
        # rare (about 1 draw in 7e4): a cell smaller than d would turn negative, and a
        # correct function rightly rejects the table; the cells of the two largest
        # marginals of each variable are far above d = 1e-5..1e-3
        i, k = np.argsort(px)[-2:]
        j, l = np.argsort(py)[-2:]
    delta = np.zeros((m, n))
    delta[i, j] = delta[k, l] = d
    delta[i, l] = delta[k, j] = -d
    return J + delta


@checks("is_independent", points=0.5)
def test_is_independent_true_for_outer_products(student, rng):
    for i in range(4):
        m, n = int(rng.integers(1, 6)), int(rng.integers(2, 6))
        px = _pmf(rng, m, zeros=1 if i == 2 and m > 2 else 0)
        py = _pmf(rng, n)
        J = np.outer(px, py)
        what = f"is_independent(outer({fmt(px)}, {fmt(py)}))"
        got = call_valid(student, "is_independent", J.tolist() if i % 2 else J, what=what)
        _expect_bool(got, True, what, EXACT_EQUALITY, student, J)
    # a product whose recomputed marginals differ from px, py in the last bit: its
    # outer product is off by ~1e-17, so == fails where the tolerance does not
    px, py = np.array([0.11, 0.62, 0.27]), np.array([0.27, 0.33, 1 - (0.27 + 0.33)])
    J = np.outer(px, py)
    what = f"is_independent(outer({fmt(px)}, {fmt(py)})) (products with rounding errors)"
    _expect_bool(call_valid(student, "is_independent", J, what=what), True, what,
                 EXACT_EQUALITY, student, J)
    what = "is_independent([[1.0]]) (a 1 x 1 table: a certain pair)"
    _expect_bool(call_valid(student, "is_independent", [[1.0]], what=what), True, what,
                 student=student, J=[[1.0]])


@checks("is_independent", points=0.5)
def test_is_independent_false_for_dependent_tables(student, rng):
    J = _joint(rng)
    px, py = _fsum_marginals(J)
    if np.max(np.abs(J - np.outer(px, py))) < 1e-3:
        J = np.array([[0.5, 0.0], [0.0, 0.5]])
    what = f"is_independent({fmt(J)})"
    _expect_bool(call_valid(student, "is_independent", J, what=what), False, what,
                 student=student, J=J)
    # off by far more than atol = 1e-9, but by less than a relative 1e-5 of the cells:
    # np.allclose's default rtol would call it independent
    m, n = int(rng.integers(2, 6)), int(rng.integers(2, 6))
    px, py = rng.dirichlet(np.full(m, 3.0)), rng.dirichlet(np.full(n, 3.0))
    i, k = np.argsort(px)[-2:]
    j, l = np.argsort(py)[-2:]
    J = np.outer(px, py)
    d = float(rng.uniform(0.2, 0.6)) * 1e-5 * float(min(J[i, j], J[k, l], J[i, l], J[k, j]))
    J[i, j] += d
    J[k, l] += d
    J[i, l] -= d
    J[k, j] -= d
    what = (f"is_independent(table) for an outer product whose marginals are unchanged but "
            f"four cells are off by {d:.3g} > atol = 1e-9")
    _expect_bool(call_valid(student, "is_independent", J, what=what), False, what,
                 RELATIVE_TOLERANCE, student, J)
    # dependence only away from the first row and column: a test of some cells only
    # (J[0, 0] against p_x[0] p_y[0]) calls it independent
    m, n = int(rng.integers(3, 6)), int(rng.integers(3, 6))
    J = np.outer(rng.dirichlet(np.full(m, 3.0)), rng.dirichlet(np.full(n, 3.0)))
    d = 0.5 * float(min(J[1, 2], J[2, 1]))
    J[1, 1] += d
    J[2, 2] += d
    J[1, 2] -= d
    J[2, 1] -= d
    what = (f"is_independent(table) for an outer product with cells [1, 1], [2, 2] raised "
            f"and [1, 2], [2, 1] lowered by {d:.3g} (every cell of row 0 and column 0 is "
            "still the product of its marginals)")
    _expect_bool(call_valid(student, "is_independent", J, what=what), False, what,
                 student=student, J=J)


@checks("is_independent", points=0.25)
def test_is_independent_honours_atol(student, rng):
    d = float(10 ** rng.uniform(-5, -3))
    J = _perturbed(rng, d)
    for atol, expected in ((3 * d, True), (d / 3, False)):
        what = f"is_independent(table, atol={atol:.3g}) (four cells off by {d:.3g})"
        _expect_bool(call_valid(student, "is_independent", J, kwargs={"atol": atol}, what=what),
                     expected, what, student=student, J=J, atol=atol)
    # exact arithmetic: the deviation of [[1/2, 0], [0, 1/2]] is exactly 1/4 in every cell
    J = np.array([[0.5, 0.0], [0.0, 0.5]])
    what = "is_independent([[0.5, 0], [0, 0.5]], 0.25) (every deviation equals atol: <= holds)"
    _expect_bool(call_valid(student, "is_independent", J, 0.25, what=what), True, what,
                 student=student, J=J, atol=0.25)
    # exact dyadic products: the deviation is exactly 0, so atol = 0 is enough
    px, py = [0.5, 0.25, 0.25], [0.75, 0.25]
    J = np.outer(px, py)
    what = f"is_independent(outer({px}, {py}), atol=0) (dyadic: every product is exact)"
    _expect_bool(call_valid(student, "is_independent", J, kwargs={"atol": 0.0}, what=what,
                            why="atol = 0 is a valid tolerance: exact independence"),
                 True, what, student=student, J=J, atol=0.0)
    # the largest deviation is a negative one: -2d in one cell, +-d or -d/2 elsewhere
    d = float(10 ** rng.uniform(-4, -3))
    D = d * np.array([[-2.0, 1.0, 1.0], [1.0, -0.5, -0.5], [1.0, -0.5, -0.5]])
    J = np.outer(rng.dirichlet(np.full(3, 4.0)), rng.dirichlet(np.full(3, 4.0))) + D
    what = (f"is_independent(table, atol={1.5 * d:.3g}) (one cell is {2 * d:.3g} below the "
            "product of its marginals; compare |deviations|)")
    _expect_bool(call_valid(student, "is_independent", J, kwargs={"atol": 1.5 * d}, what=what),
                 False, what, student=student, J=J, atol=1.5 * d)


@checks("is_independent", points=0.25)
def test_is_independent_rejects_invalid_input(student, rng):
    J = np.outer(_pmf(rng, 3), _pmf(rng, 2))
    for args, kwargs, what in [
        ([J], {"atol": -1e-9}, "is_independent(table, atol=-1e-9) (a negative tolerance)"),
        ([(J * 1.2).tolist()], {}, "is_independent of a table summing to 1.2"),
        ([(J * 0.8).tolist()], {}, "is_independent of a table summing to 0.8"),
        ([[[1.2, 0.0], [-0.2, 0.0]]], {}, "is_independent([[1.2, 0], [-0.2, 0]]) (a negative "
                                          "entry)"),
        ([J.ravel().tolist()], {}, "is_independent of a 1-D vector"),
    ]:
        expect_value_error(student, "is_independent", *args, kwargs=kwargs, what=what)


@checks("is_independent", points=0.25)
def test_is_independent_inputs_unchanged(student, rng):
    call_ignoring_errors(student, "is_independent", _joint(rng) * (1 - 3e-7))
    call_ignoring_errors(student, "is_independent", np.outer(_pmf(rng, 3), _pmf(rng, 4)).tolist())
    expect_no_side_effects(student, "inputs")


# ================================================================== expectation

def _exact_moments(values, pmf):
    p = _fraction_pmf(pmf)
    v = [Fraction(float(x)) for x in values]
    mu = sum(a * b for a, b in zip(p, v))
    var = sum(a * (b - mu) ** 2 for a, b in zip(p, v))
    second = sum(a * b * b for a, b in zip(p, v))
    return float(mu), float(var), float(second)


def _random_values(rng, n):
    return np.round(rng.normal(0, float(10 ** rng.uniform(-1, 2)), n), int(rng.integers(0, 6)))


@checks("expectation", points=0.75)
def test_expectation_probability_weighted_sum(student, rng):
    for i in range(5):
        n = int(rng.integers(2, 10))
        v = _random_values(rng, n)
        p = _pmf(rng, n, zeros=1 if i == 3 else 0)
        mu, _, _ = _exact_moments(v, p)
        args = [(v.tolist(), p.tolist()), (v, p), (tuple(v.tolist()), p),
                (v, p.tolist()), (v.astype(int).tolist(), p)][i]
        if i == 4:
            mu, _, _ = _exact_moments(np.asarray(args[0], float), p)
        what = f"expectation({fmt(np.asarray(args[0], float))}, {fmt(p)})"
        got = call_valid(student, "expectation", *args, what=what)
        _expect_float(got, mu, what, misconceptions={
            UNWEIGHTED_MEAN: float(np.mean(np.asarray(args[0], float)))})


@checks("expectation", points=0.25)
def test_expectation_rejects_invalid_input(student, rng):
    v = rng.normal(size=4)
    p = _pmf(rng, 4)
    for args, what in [
        ([v.tolist(), p[:3].tolist()], "expectation of 4 values with 3 probabilities"),
        ([v.tolist(), (p * 0.9).tolist()], "expectation with a pmf summing to 0.9"),
        ([v.tolist(), (p * 1.1).tolist()], "expectation with a pmf summing to 1.1"),
        ([v[:1].tolist(), [0.2, 0.3, 0.5]], "expectation of 1 value with 3 probabilities (no "
                                            "broadcasting)"),
        ([np.outer(v[:2], [1, 1]).tolist(), [[0.25, 0.25], [0.25, 0.25]]],
         "expectation of 2-D values and pmf"),
        ([v.tolist(), [1.5, -0.5, 0.0, 0.0]], "expectation with a negative probability"),
    ]:
        expect_value_error(student, "expectation", *args, what=what)


@checks("expectation", points=0.25)
def test_expectation_inputs_unchanged(student, rng):
    n = int(rng.integers(3, 8))
    v, p = rng.normal(size=n), _pmf(rng, n) * (1 - 3e-7)
    call_ignoring_errors(student, "expectation", v, p)
    call_ignoring_errors(student, "expectation", v.tolist(), p.tolist())
    expect_no_side_effects(student, "inputs")


# ===================================================================== variance

def _variance_targets(student, v, p):
    """The true variance, and the variance around the student's own expectation when
    that one is wrong (their variance may use it: expectation charges the mistake)."""
    mu, var, second = _exact_moments(v, p)
    own = _probe_value(student, "expectation", (np.asarray(v, float), np.asarray(p, float)))
    targets = [var]
    try:
        m = as_float(own, "expectation") if own is not None else None
    except CheckFailure:
        m = None
    if m is not None and not close(m, mu):
        pf, vf = _fraction_pmf(p), [Fraction(float(x)) for x in v]
        targets.append(float(sum(a * (b - Fraction(m)) ** 2 for a, b in zip(pf, vf))))
    return var, second, targets


@checks("variance", points=0.75)
def test_variance_expected_squared_deviation(student, rng):
    for i in range(5):
        n = int(rng.integers(2, 10))
        v = _random_values(rng, n)
        p = _pmf(rng, n, zeros=1 if i == 2 else 0)
        args = [(v.tolist(), p.tolist()), (v, p), (tuple(v.tolist()), p), (v, p.tolist()),
                (np.round(v).astype(int).tolist(), p)][i]
        vv = np.asarray(args[0], float)
        var, second, targets = _variance_targets(student, vv, p)
        what = f"variance({fmt(vv)}, {fmt(p)})"
        got = call_valid(student, "variance", *args, what=what)
        value = as_float(got, what)
        if any(close(value, t, "float") for t in targets[1:]) and isinstance(got, float):
            continue
        _expect_float(got, var, what, misconceptions={
            UNWEIGHTED_VARIANCE: float(np.var(vv)),
            STD_NOT_VARIANCE: math.sqrt(var),
            SECOND_MOMENT: second,
        })


@checks("variance", points=0.5)
def test_variance_accurate_far_from_zero(student, rng):
    """Shift invariance, judged on the student's own answers: Var(X + c) = Var(X)."""
    for _ in range(2):
        n = int(rng.integers(3, 8))
        v0 = rng.integers(-3, 4, n).astype(float) + np.round(rng.uniform(-1, 1, n), 2)
        if np.ptp(v0) == 0:
            v0[0] += 1.0
        p = _pmf(rng, n)
        shift = float(10 ** rng.uniform(8, 10)) * float(rng.choice([-1, 1]))
        v1 = v0 + shift
        var1 = _exact_moments(v1, p)[1]
        what = f"variance({fmt(v1, 12)}, {fmt(p)}) (values near {shift:.3g}, spread {np.ptp(v0):.3g})"
        got1 = as_float(call_valid(student, "variance", v1, p, what=what), what)
        if close(got1, var1, "float"):
            continue
        got0 = as_float(call_valid(student, "variance", v0, p,
                                   what=f"variance({fmt(v0)}, {fmt(p)})"), what)
        _, var0, second0 = _exact_moments(v0, p)
        if close(got0, var0, "float"):
            fail(f"{what}: got {fmt(got1)}, expected {fmt(var1)} (the same values shifted to 0 "
                 f"give {fmt(got0)}, correctly).", CANCELLATION)
        # a formula mistake the main check charges: accept it if it survives the shift
        # the way that formula does
        # (within 1e-4: a formula around a wrong mean moves by rounding at this scale,
        # while cancellation noise near 1e18 is of order 100)
        if close(got1, got0, "numerical") or close(got1, _exact_moments(v1, p)[2], "float") \
                or close(got1, math.sqrt(var1), "float"):
            continue
        fail(f"{what}: got {fmt(got1)}, expected {fmt(var1)}; a shift changes no spread, yet "
             f"the unshifted values give {fmt(got0)}.", CANCELLATION)


@checks("variance", points=0.25)
def test_variance_rejects_invalid_input(student, rng):
    v = rng.normal(size=4)
    p = _pmf(rng, 4)
    for args, what in [
        ([v.tolist(), p[:3].tolist()], "variance of 4 values with 3 probabilities"),
        ([v.tolist(), (p * 1.1).tolist()], "variance with a pmf summing to 1.1"),
        ([v.tolist(), (p * 0.9).tolist()], "variance with a pmf summing to 0.9"),
        ([v[:1].tolist(), [0.2, 0.3, 0.5]], "variance of 1 value with 3 probabilities (no "
                                            "broadcasting)"),
        ([np.outer(v[:2], [1, 1]).tolist(), [[0.25, 0.25], [0.25, 0.25]]],
         "variance of 2-D values and pmf"),
        ([v.tolist(), [0.5, 0.7, -0.2, 0.0]], "variance with a negative probability"),
    ]:
        expect_value_error(student, "variance", *args, what=what)


@checks("variance", points=0.25)
def test_variance_inputs_unchanged(student, rng):
    n = int(rng.integers(3, 8))
    v, p = rng.normal(size=n), _pmf(rng, n) * (1 - 3e-7)
    call_ignoring_errors(student, "variance", v, p)
    call_ignoring_errors(student, "variance", v.tolist(), p.tolist())
    expect_no_side_effects(student, "inputs")


# ========================================================= interval_probability

def _mixture(weights, means, stds):
    w = [float(x) for x in weights]
    total = sum(w)
    w = [x / total for x in w]
    fn = NamedFunction("mixture_pdf", {"weights": w, "means": [float(m) for m in means],
                                       "stds": [float(s) for s in stds]})
    return fn


def _gaussian(mu, sigma):
    return NamedFunction("gaussian_pdf", {"mu": float(mu), "sigma": float(sigma)})


def _components(fn):
    if fn.name == "gaussian_pdf":
        return [(1.0, fn.params["mu"], fn.params["sigma"])]
    p = fn.params
    return list(zip(p["weights"], p["means"], p["stds"]))


def _exact_probability(fn, a, b):
    """P(a <= X <= b) from the Gaussian CDFs (upper tails through sf, for accuracy)."""
    if not a < b:
        return 0.0
    total = 0.0
    for w, m, s in _components(fn):
        if a >= m:
            total += w * (scipy.stats.norm.sf(a, m, s) - scipy.stats.norm.sf(b, m, s))
        else:
            total += w * (scipy.stats.norm.cdf(b, m, s) - scipy.stats.norm.cdf(a, m, s))
    return float(total)


def _describe(fn):
    if fn.name == "gaussian_pdf":
        return f"N({fmt(fn.params['mu'], 4)}, {fmt(fn.params['sigma'], 3)}^2)"
    return "mixture of " + " + ".join(f"{fmt(w, 3)} N({fmt(m, 4)}, {fmt(s, 3)}^2)"
                                      for w, m, s in _components(fn))


def _limit(x):
    return "inf" if x == math.inf else "-inf" if x == -math.inf else fmt(x, 8)


def _integral(student, fn, a, b, label="", main=False, misconception=None):
    expected = _exact_probability(fn, a, b)
    what = f"interval_probability({_describe(fn)}, {_limit(a)}, {_limit(b)}){label}"
    got = call_valid(student, "interval_probability", fn, a, b, what=what,
                     why="a density and two numbers; infinite limits are allowed")
    if main:
        return _expect_float(got, expected, what, tol=INTEGRAL_ERROR)
    value = as_float(got, what)
    if not close(value, expected, INTEGRAL_ERROR):
        fail(f"{what}: got {fmt(value, 9)}, expected {fmt(expected, 9)} (the error must stay "
             "below 1e-6).", misconception if value < expected - 1e-3 else None)
    return value


@checks("interval_probability", points=1)
def test_interval_probability_broad_densities_finite_limits(student, rng):
    for i in range(4):
        k = int(rng.integers(1, 4)) if i else 1
        means = rng.uniform(-20, 20, k)
        stds = 10 ** rng.uniform(-0.5, 1, k)
        fn = _gaussian(means[0], stds[0]) if k == 1 else _mixture(rng.dirichlet(np.ones(k)),
                                                                 means, stds)
        centre, spread = float(np.mean(means)), float(np.max(stds) + np.ptp(means) / 2)
        a, b = sorted(centre + rng.uniform(-2.5, 2.5, 2) * spread)
        if i == 3:
            a, b = int(round(a)) - 1, int(round(b)) + 1       # integer limits
        _integral(student, fn, a, b, main=True)


@checks("interval_probability", points=0.75)
def test_interval_probability_infinite_limits(student, rng):
    mu, sigma = float(rng.uniform(-40, 40)), float(10 ** rng.uniform(-0.3, 1))
    fn = _gaussian(mu, sigma)
    cut = mu + float(rng.uniform(-2, 2)) * sigma
    for a, b in [(-math.inf, cut), (cut, math.inf), (-math.inf, math.inf)]:
        _integral(student, fn, a, b, " (infinite limits)")
    fn = _mixture([0.5, 0.5], [float(rng.uniform(-50, -30)), float(rng.uniform(30, 50))],
                  10 ** rng.uniform(-0.3, 0.7, 2))
    _integral(student, fn, -math.inf, math.inf, " (two distant components)")
    # wide components with much of their mass beyond +-100
    for side in (-1, 1):
        fn = _gaussian(side * float(rng.uniform(30, 50)), float(rng.uniform(20, 30)))
        cut = fn.params["mu"] + side * float(rng.uniform(0, 1)) * fn.params["sigma"]
        a, b = (cut, math.inf) if side > 0 else (-math.inf, cut)
        _integral(student, fn, a, b, " (a wide density: mass far out, beyond +-100)")
    fn = _mixture([0.5, 0.5], [float(rng.uniform(-50, -30)), float(rng.uniform(30, 50))],
                  rng.uniform(20, 30, 2))
    _integral(student, fn, -math.inf, math.inf, " (wide components, mass far out)")
    mu, sigma = float(rng.uniform(30, 50)), float(rng.uniform(20, 30))
    for a, b in [(float(rng.uniform(100, 120)), math.inf), (-math.inf, -float(rng.uniform(100, 120))),
                 (float(rng.uniform(100, 110)), float(rng.uniform(115, 140)))]:
        _integral(student, _gaussian(mu if a > 0 else -mu, sigma), a, b,
                  " (an interval entirely beyond +-100)")


@checks("interval_probability", points=1)
def test_interval_probability_narrow_peak_far_from_the_centre(student, rng):
    # a peak of width 0.001..0.01 holding most of the mass, near one end of a long
    # interval, or far from 0 in an infinite one
    sigma = float(10 ** rng.uniform(-3, -2))
    a, b = float(rng.uniform(-50, -30)), float(rng.uniform(30, 50))
    peak = (b - float(rng.uniform(0.5, 3))) if rng.integers(2) else (a + float(rng.uniform(0.5, 3)))
    w = float(rng.uniform(0.6, 0.9))
    fn = _mixture([w, 1 - w], [peak, float(rng.uniform(-5, 5))], [sigma, float(rng.uniform(1, 5))])
    _integral(student, fn, a, b, f" (a peak of width {sigma:.2g} near one end)",
              misconception=NARROW_PEAK_MISSED)
    mu = float(rng.uniform(20, 50)) * float(rng.choice([-1, 1]))
    fn = _gaussian(mu, float(10 ** rng.uniform(-3, -2.5)))
    _integral(student, fn, -math.inf, math.inf, " (all the mass in a narrow peak far from 0)",
              misconception=NARROW_PEAK_MISSED)
    _integral(student, fn, min(mu, 0) - float(rng.uniform(10, 30)), math.inf,
              " (a narrow peak in a half-infinite interval)", misconception=NARROW_PEAK_MISSED)
    ws = rng.dirichlet(np.ones(3))
    means = rng.uniform(-45, 45, 3)
    stds = [float(10 ** rng.uniform(-3, -2)), float(10 ** rng.uniform(-2, -1)),
            float(rng.uniform(2, 10))]
    _integral(student, _mixture(ws, means, stds), -math.inf, float(np.max(means[:2]) + 0.5),
              " (three components, two narrow)", misconception=NARROW_PEAK_MISSED)


@checks("interval_probability", points=0.5)
def test_interval_probability_limit_inside_a_narrow_peak(student, rng):
    sigma = float(10 ** rng.uniform(-3, -2))
    mu = float(rng.uniform(-30, 30))
    fn = _gaussian(mu, sigma)
    for a, b in [(mu + float(rng.uniform(-2, 0)) * sigma, mu + float(rng.uniform(0.2, 2)) * sigma),
                 (mu - float(rng.uniform(5, 40)), mu + float(rng.uniform(-1.5, 1.5)) * sigma),
                 (mu + float(rng.uniform(-1.5, 1.5)) * sigma, math.inf)]:
        _integral(student, fn, a, b, " (a limit cuts through the peak)")
    # an interval shorter than the peak is wide: both limits inside it
    sigma = float(10 ** rng.uniform(-3, -2.9))
    fn = _gaussian(mu, sigma)
    a = mu - float(rng.uniform(0.2, 0.8)) * sigma
    _integral(student, fn, a, a + 1.2 * sigma, f" (an interval of length {1.2 * sigma:.2g} "
                                               "inside the peak)")


@checks("interval_probability", points=0.5)
def test_interval_probability_empty_events_are_zero(student, rng):
    mu, sigma = float(rng.uniform(-10, 10)), float(10 ** rng.uniform(-3, 0))
    fn = _gaussian(mu, sigma)
    b = mu - float(rng.uniform(0.2, 2)) * sigma
    a = mu + float(rng.uniform(0.2, 2)) * sigma
    cases = [(a, b, " (a > b: the empty event)"),
             (mu, mu, " (a == b at the peak: a single point, though the density there is "
                      f"{1 / (sigma * math.sqrt(2 * math.pi)):.4g})"),
             (math.inf, -math.inf, " (a = inf > b = -inf)")]
    for lo, hi, label in cases:
        what = f"interval_probability({_describe(fn)}, {_limit(lo)}, {_limit(hi)}){label}"
        got = call_valid(student, "interval_probability", fn, lo, hi, what=what)
        value = as_float(got, what)
        expect_true(value == 0.0, f"{what}: got {fmt(value)}, expected 0.0.",
                    REVERSED_NEGATIVE if value < 0 else None)


@checks("interval_probability", points=0.25)
def test_interval_probability_rejects_nan_limits(student, rng):
    fn = _gaussian(0.0, 1.0)
    for a, b in [(math.nan, 1.0), (-1.0, math.nan)]:
        expect_value_error(student, "interval_probability", fn, a, b,
                           what=f"interval_probability(N(0, 1), {a}, {b})")


# ============================================================ histogram_density

def _np_histogram(samples, bins):
    density, edges = np.histogram(np.ravel(np.asarray(samples, dtype=float)), bins, density=True)
    counts, _ = np.histogram(np.ravel(np.asarray(samples, dtype=float)), bins)
    return density, edges, counts


def _hist_mistakes(samples, edges, counts):
    n_in = counts.sum()
    widths = np.diff(edges)
    return {NO_WIDTH: counts / n_in, RAW_COUNTS: counts.astype(float),
            ALL_SAMPLES: counts / (np.size(samples) * widths),
            MEAN_WIDTH: counts / (n_in * widths.mean())}


def _expect_histogram(student, got, samples, bins, what, main):
    density, edges, counts = _np_histogram(samples, bins)
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        fail(f"{what} should return a tuple (density, edges), got {type(got).__name__}")
    _expect_ndarray(got[1], edges, f"the edges of {what}", tol="exact", main=main)
    mistakes = _hist_mistakes(samples, edges, counts)
    mistakes = {k: v for k, v in mistakes.items() if not close(v, density)}
    try:
        _expect_ndarray(got[0], density, f"the density of {what}", misconceptions=mistakes,
                        main=main)
    except CheckFailure as failure:
        if not main and failure.misconception in (NO_WIDTH, RAW_COUNTS) and \
                _forgiven(student, "histogram_density", failure.misconception):
            return
        raise
    if main and not isinstance(got, tuple):
        fail(f"{what}: the right arrays, but returned as {type(got).__name__}: return a "
             "tuple (density, edges).")


@checks("histogram_density", points=1)
def test_histogram_density_matches_numpy_with_equal_bins(student, rng):
    for i in range(4):
        n = int(rng.integers(5, 400))
        x = rng.normal(float(rng.uniform(-5, 5)), float(10 ** rng.uniform(-2, 1)), n)
        bins = int(rng.integers(1, 30))
        arg = [x, x.tolist(), x.reshape(-1, 1) if i == 2 else x, x][i]
        what = f"histogram_density({n} samples, bins={bins})"
        got = call_valid(student, "histogram_density", arg, bins, what=what)
        _expect_histogram(student, got, arg, bins, what, main=True)
    value = float(np.round(rng.uniform(-5, 5), 3))
    what = f"histogram_density([{value}], 1) (one sample: NumPy's range [x - 0.5, x + 0.5])"
    got = call_valid(student, "histogram_density", [value], 1, what=what)
    _expect_histogram(student, got, [value], 1, what, main=True)


@checks("histogram_density", points=0.75)
def test_histogram_density_explicit_unequal_edges(student, rng):
    for _ in range(2):
        x = rng.normal(0.0, 2.0, int(rng.integers(30, 300)))
        inner = np.sort(rng.uniform(-3, 3, int(rng.integers(2, 7))))
        edges = np.concatenate([[-float(rng.uniform(3, 4))], inner, [float(rng.uniform(3, 4))]])
        edges = np.unique(np.round(edges, 3))
        what = (f"histogram_density({len(x)} samples, bins={fmt(edges)}) (unequal widths, "
                f"{int(np.sum((x < edges[0]) | (x > edges[-1])))} samples outside)")
        got = call_valid(student, "histogram_density", x, edges.tolist(), what=what)
        _expect_histogram(student, got, x, edges, what, main=False)
    x = rng.normal(0.0, 1.0, int(rng.integers(20, 100)))
    edges = [float(np.round(rng.uniform(-1.5, -0.5), 2)), float(np.round(rng.uniform(0.5, 1.5), 2))]
    what = f"histogram_density({len(x)} samples, bins={edges}) (two edges: one bin)"
    got = call_valid(student, "histogram_density", x, edges, what=what)
    _expect_histogram(student, got, x, edges, what, main=False)


@checks("histogram_density", points=0.5)
def test_histogram_density_last_bin_includes_right_edge(student, rng):
    k = int(rng.integers(2, 8))
    x = rng.integers(0, k + 1, int(rng.integers(20, 60))).astype(float)
    x[:2] = [0.0, float(k)]                      # the range is exactly [0, k]
    for bins, label in [(k, f"bins={k}: edges 0, 1, ..., {k}"),
                        (list(range(k + 1)), f"edges 0..{k} given")]:
        what = f"histogram_density(whole numbers 0..{k}, {label}) (samples on the edges)"
        got = call_valid(student, "histogram_density", x, bins, what=what)
        density, edges, counts = _np_histogram(x, bins)
        try:
            d = as_array(got[0], what)
        except (CheckFailure, TypeError, IndexError, KeyError):
            d = None
        if d is not None and d.shape == density.shape and not close(d, density):
            dropped = counts.copy()
            dropped[-1] -= int(np.sum(x == k))
            if dropped.sum() > 0 and close(d, dropped / (dropped.sum() * np.diff(edges))) or \
                    close(d, dropped / (counts.sum() * np.diff(edges))):
                fail(f"{what}: got {fmt(d)}, expected {fmt(density)}.", LAST_EDGE_DROPPED)
        _expect_histogram(student, got, x, bins, what, main=False)


@checks("histogram_density", points=0.25)
def test_histogram_density_rejects_invalid_input(student, rng):
    x = rng.normal(size=20)
    for args, what in [
        ([[], 5], "histogram_density([], 5) (no samples)"),
        ([x, 0], "histogram_density(samples, 0) (no bins)"),
        ([x, [0.0, 1.0, 0.5]], "histogram_density(samples, [0, 1, 0.5]) (edges that decrease)"),
        ([x, [-1.0, 0.0, 0.0, 1.0]], "histogram_density(samples, [-1, 0, 0, 1]) (two equal "
                                     "edges: a bin of width 0)"),
        ([x, [-math.inf, 0.0, math.inf]], "histogram_density(samples, [-inf, 0, inf]) (infinite "
                                         "edges)"),
        ([x, [100.0, 101.0, 102.0]], "histogram_density(samples, [100, 101, 102]) (no sample "
                                     "inside the edges)"),
        ([x.tolist() + [math.nan], 5], "histogram_density of samples containing nan"),
    ]:
        expect_value_error(student, "histogram_density", *args, what=what)


@checks("histogram_density", points=0.25)
def test_histogram_density_inputs_unchanged(student, rng):
    x = rng.normal(size=int(rng.integers(10, 50)))
    call_ignoring_errors(student, "histogram_density", x.copy(), int(rng.integers(2, 9)))
    call_ignoring_errors(student, "histogram_density", x.tolist(), [-1.0, 0.0, 0.5, 2.0])
    call_ignoring_errors(student, "histogram_density", x.copy(), np.array([-2.0, 0.0, 3.0]))
    expect_no_side_effects(student, "inputs")
