"""Hidden checks of 14_mutual_information: joint and conditional entropy, mutual
information, channels, the Jensen-Shannon divergence, the plug-in estimate from a
histogram and the mutual information of correlated Gaussians.

Oracles (never the notebook's solution): SciPy's elementwise ``scipy.special.entr`` and
``scipy.special.rel_entr`` (entropies of tables, rows and marginals; KL divergences;
Jensen-Shannon), summed as ``scipy.stats.entropy`` sums them (``_entropy``),
``scipy.stats.multivariate_normal`` / ``scipy.stats.norm`` differential entropies
(Gaussian MI), ``np.histogram2d`` / ``np.histogram`` (the binning the contract names),
closed forms (``log_base 2`` for disjoint supports, ``H(Y)`` for independent tables,
``0`` for a deterministic relation), identities (the chain rule in both orders, the
three forms of I, symmetry, ``I(X; X) = H(X)``), inequalities (data processing along a
Markov chain of two channels, ``JS <= log_base 2``, the triangle inequality of
``sqrt(JS)`` on random triples) and a statistical test of the upward bias of the
plug-in estimate whose bound comes from the sample's own standard error.

One mistake, one loss. Each exercise's first check judges its formula and names the
catalogued mistakes; the other checks judge their own property and accept a value
that shows one of those formula mistakes when the student's function makes the same
mistake on a fixed probe input (``_judge``). ``mi_histogram`` is judged against the
student's own ``mutual_information`` of the histogram table as well as the oracle, so
a wrong ``mutual_information`` costs its points once. Random tables are dyadic
(``_exact``): they sum to exactly 1 in any order, so only the array-likes checks see
sums that are 1 only within rounding. Every call is watched for arguments changed in
place; each exercise charges what it saw once, in its inputs_unchanged check.
"""
import functools
import math

import numpy as np
import scipy.special
import scipy.stats

from autograder.grader_api import (CheckFailure, Checks, Invalid, SUMS_WITHIN_ROUNDING,
                                   StudentError, as_array, as_float, call_valid,
                                   calls_ignoring_errors, calls_valid, close, expect_close,
                                   expect_no_side_effects, expect_true, expect_value_errors, fail,
                                   fmt, register_misconception)

checks = Checks("14_mutual_information")

# Mutants of the reference that no correct check can kill, each with the reason.
_NEVER_WRITTEN = ("the array is only read afterwards (indexing, sums and products make new "
                  "arrays), never written, so np.asarray sharing the caller's float64 array "
                  "leaves the caller's data unchanged just the same.")
_LOG1P_DOMAIN = ("lets some |rho| > 1 past the guard, but then math.log1p(-rho * rho) gets an "
                 "argument below -1 and raises ValueError ('math domain error'): every such "
                 "call still raises the ValueError the contract asks for (only the message "
                 "differs).")
_NUMPY_SHAPES = ("lets through only a 1-D and a 2-D array of the same size, which "
                 "np.histogram2d itself rejects with ValueError (inhomogeneous shapes): every "
                 "such call still raises ValueError.")
EQUIVALENT_MUTANTS = {
    "mutual_information/keepdims/78f6d03f": (
        "p.sum(axis=0) without keepdims has shape (n_y,), which broadcasts against the "
        "(n_x, 1) row sums exactly like the (1, n_y) array: the same outer product."),
    "mutual_information/keepdims/626c70b5": (
        "p.sum(axis=0) without keepdims has shape (n_y,), which broadcasts against the "
        "(n_x, 1) row sums exactly like the (1, n_y) array: the same outer product."),
    "channel_joint/copy-removed/e8854de0": _NEVER_WRITTEN,
    "channel_joint/compare-Gt-GtE/c657644f": (
        "|row sum - 1| never equals 1e-6 exactly: for a float sum near 1, sum - 1.0 is exact "
        "(Sterbenz) and a multiple of 2**-53, while the float 1e-6 is 4722366482869645 * "
        "2**-72 (odd numerator), no such multiple; so > and >= agree on every input."),
    "mi_histogram/copy-removed/7e6482a7": _NEVER_WRITTEN,
    "mi_histogram/copy-removed/5dddd60d": _NEVER_WRITTEN,
    "mi_histogram/number/bcdde602": (
        "never raises here, but a table of total 0 divided by 0 is all nan, and "
        "mutual_information then raises ValueError ('joint contains nan'): every such call "
        "still raises ValueError."),
    "mi_histogram/or-and/03643131": _NUMPY_SHAPES,
    "mi_histogram/or-and/13f978bd": _NUMPY_SHAPES,
    "gaussian_mi/unwrap/44f77808": _LOG1P_DOMAIN,
    "gaussian_mi/number/f1ae1002": _LOG1P_DOMAIN,
}

NATURAL_LOG = "natural-log-instead-of-bits"
BASE_IGNORED = register_misconception(
    "base-argument-ignored",
    "the base argument is ignored: the answer is the right quantity in bits whatever base "
    "was asked for. log_b(x) = ln(x) / ln(b); every base b > 0, b != 1 must be honoured.")
EMPTY_CELL_NAN = register_misconception(
    "empty-cell-gives-nan",
    "an empty cell (probability 0) was put through the logarithm: 0 * log 0 evaluates to "
    "0 * -inf = nan in floating point. Such outcomes contribute nothing (t log t -> 0): sum "
    "over the support p > 0 only.")
CLAMPED = register_misconception(
    "probabilities-clamped-to-epsilon",
    "probabilities clamped to a small epsilon, p = max(p, 1e-10), before -sum p log p: "
    "every empty cell then contributes -1e-10 * log(1e-10) instead of 0, "
    "an error that grows with the size of the table and measures only the arbitrary epsilon. "
    "Sum over the support instead.")
WRONG_VARIABLE = register_misconception(
    "conditioned-on-the-wrong-variable",
    "H(X|Y) computed instead of H(Y|X): joint[x, y] has X along the rows, so H(Y|X) divides "
    "each row by its row sum p(x) = joint.sum(axis=1) (not the column sums).")
UNWEIGHTED = register_misconception(
    "conditional-entropy-rows-unweighted",
    "the entropies of the rows p(y|x) were added up without their weights p(x): "
    "H(Y|X) = sum_x p(x) H(Y|X=x) = -sum_{x,y} p(x, y) log p(y|x) is a weighted average.")
IS_JOINT = register_misconception(
    "conditional-entropy-not-divided-by-marginal",
    "the joint entropy H(X, Y) was returned for H(Y|X): the logarithm must be of "
    "p(y|x) = p(x, y) / p(x), not of p(x, y). By the chain rule H(Y|X) = H(X, Y) - H(X).")
ZERO_ROW_NAN = register_misconception(
    "zero-row-gives-nan",
    "a value of X that never occurs (a row of zeros) gave 0 / 0 = nan in p(y|x): its weight "
    "p(x) is 0, so it contributes nothing. Divide only on the support p(x, y) > 0, where "
    "p(x) >= p(x, y) > 0.")
MI_SIGN = register_misconception(
    "mutual-information-sign-flipped",
    "the sign is flipped: I(X; Y) = H(X) + H(Y) - H(X, Y) (the parts hold more uncertainty "
    "than the whole), never H(X, Y) - H(X) - H(Y); mutual information is non-negative.")
JS_DISTANCE = register_misconception(
    "js-distance-instead-of-divergence",
    "the square root of the divergence was returned (scipy.spatial.distance.jensenshannon "
    "returns the Jensen-Shannon *distance* sqrt(JS)): square it, or compute "
    "JS = KL(p||m)/2 + KL(q||m)/2 directly.")
JS_NO_HALF = register_misconception(
    "js-halves-missing",
    "the factors 1/2 are missing: JS = KL(p||m)/2 + KL(q||m)/2 with m = (p + q)/2; without "
    "the halves the value is twice the divergence and exceeds the bound log_base 2.")
JEFFREYS = register_misconception(
    "js-is-symmetrised-kl",
    "the symmetrised KL divergence (KL(p||q) + KL(q||p)) / 2 is not Jensen-Shannon: it is "
    "unbounded and infinite when the supports differ. JS compares each of p and q with "
    "their average m = (p + q)/2, which covers both supports.")
CHANNEL_COLUMNS = register_misconception(
    "channel-columns-scaled",
    "the columns of the channel were scaled by p(x) instead of its rows: channel[x, y] = "
    "P(y|x), so p(x, y) = p(x) * channel[x, y] multiplies row x by p(x) (p_x[:, None] * channel).")
NOT_AN_ARRAY = register_misconception(
    "joint-table-not-an-ndarray",
    "the joint table came back as something other than a 2-D np.ndarray (a list, a matrix "
    "of the wrong shape): return p_x[:, None] * channel as an array of shape (n_x, n_y).")
COUNTED_ALL_SAMPLES = register_misconception(
    "histogram-normalised-by-sample-count",
    "the counts were divided by the number of samples N, but with explicit bin edges some "
    "samples fall outside every bin and are not counted: divide by the table's own total "
    "so that it is a PMF.")
GAUSS_NO_SQUARE = register_misconception(
    "gaussian-mi-rho-not-squared",
    "rho used where rho^2 belongs: det [[1, rho], [rho, 1]] = 1 - rho^2, so "
    "I = -1/2 log(1 - rho^2), which depends on rho^2 only (negative correlations carry the "
    "same information).")
GAUSS_NO_HALF = register_misconception(
    "gaussian-mi-half-missing",
    "the factor 1/2 is missing: h = 1/2 log((2 pi e)^d det Sigma), so "
    "I = h(X) + h(Y) - h(X, Y) = -1/2 log(1 - rho^2).")
GAUSS_LOG_RAISES = register_misconception(
    "gaussian-mi-log-of-zero-raises",
    "at |rho| = 1 the argument 1 - rho^2 is 0 and math.log(0) raises (np.log(0) warns): "
    "test |rho| == 1 first and return math.inf, the limit of -1/2 log(1 - rho^2).")

PMF_SLACK = 1e-6            # the contract: a PMF sums to 1 within 1e-6


#: a ValueError on valid input is wrong: say why, where a call site gives no other reason
_call_valid = functools.partial(call_valid, why=SUMS_WITHIN_ROUNDING)


# -- oracles ---------------------------------------------------------------------

def _b(base):
    return 2 if base is None else base


def _entropy(pk, qk=None, base=None):
    """``scipy.stats.entropy(pk, qk, base)`` of flattened tables: H(pk), or KL(pk || qk)
    when ``qk`` is given, each normalised to sum 1 first. Summed from SciPy's
    elementwise ``entr`` / ``rel_entr`` directly: ``scipy.stats.entropy``'s argument
    handling costs some 40 times the arithmetic, and the grader calls it hundreds of
    times per submission."""
    pk = np.ravel(np.asarray(pk, dtype=float))
    pk = pk / pk.sum()
    if qk is None:
        nats = scipy.special.entr(pk).sum()
    else:
        qk = np.ravel(np.asarray(qk, dtype=float))
        nats = scipy.special.rel_entr(pk, qk / qk.sum()).sum()
    return float(nats) / math.log(_b(base))


def _h(p, base):
    """Entropy of all entries of p (zeros contribute 0)."""
    return _entropy(p, base=base)


def _hyx(joint, base):
    """H(Y|X) = sum_x p(x) H(row x / p(x)), via SciPy's entropy of each row."""
    joint = np.asarray(joint, dtype=float)
    total = 0.0
    for row in joint:
        px = row.sum()
        if px > 0:
            total += px * _h(row / px, base)
    return total


def _mi(joint, base):
    """I(X; Y) = KL(p(x, y) || p(x) p(y)), via SciPy."""
    joint = np.asarray(joint, dtype=float)
    product = np.outer(joint.sum(axis=1), joint.sum(axis=0))
    return _entropy(joint, product, base)


def _mi_entropies(joint, base):
    joint = np.asarray(joint, dtype=float)
    return _h(joint.sum(axis=1), base) + _h(joint.sum(axis=0), base) - _h(joint, base)


def _mi_conditional(joint, base):
    joint = np.asarray(joint, dtype=float)
    return _h(joint.sum(axis=0), base) - _hyx(joint, base)


def _js(p, q, base):
    """JS(p, q) from SciPy's elementwise relative entropy (nats), then in ``base``."""
    p, q = np.ravel(np.asarray(p, dtype=float)), np.ravel(np.asarray(q, dtype=float))
    m = 0.5 * (p + q)
    nats = 0.5 * float(np.sum(scipy.special.rel_entr(p, m)) + np.sum(scipy.special.rel_entr(q, m)))
    return nats / math.log(_b(base))


def _kl(p, q, base):
    return _entropy(p, q, base)


def _hist_table(x, y, bins):
    counts = np.histogram2d(np.asarray(x, dtype=float), np.asarray(y, dtype=float), bins=bins)[0]
    return counts / counts.sum()


def _gauss(rho, base):
    """-1/2 log(1 - rho^2) as h(X) + h(Y) - h(X, Y) of SciPy's Gaussians, or, close to
    |rho| = 1 where the covariance is ill-conditioned, the closed form with 1 - rho^2
    formed without cancellation, (1 - |rho|)(1 + |rho|)."""
    r = abs(float(rho))
    if r == 1:
        return math.copysign(math.inf, math.log(_b(base)))
    if r <= 0.99:
        joint = scipy.stats.multivariate_normal(mean=[0, 0], cov=[[1, rho], [rho, 1]]).entropy()
        nats = 2 * scipy.stats.norm.entropy() - joint
    else:
        nats = -0.5 * math.log((1 - r) * (1 + r))
    return float(nats) / math.log(_b(base))


# -- the catalogued formula mistakes, as functions of a call's arguments ----------

def _rows_unweighted(joint, base):
    joint = np.asarray(joint, dtype=float)
    return sum(_h(row / row.sum(), base) for row in joint if row.sum() > 0)


def _js_distance(p, q, base):
    value = _js(p, q, base)
    return math.sqrt(value) if value >= 0 else None


_CORRECT = {
    "joint_entropy": lambda a, b: _h(a[0], b),
    "conditional_entropy": lambda a, b: _hyx(a[0], b),
    "mutual_information": lambda a, b: _mi(a[0], b),
    "js_divergence": lambda a, b: _js(a[0], a[1], b),
    "mi_histogram": lambda a, b: _mi(_hist_table(*a[:3]), b),
    "gaussian_mi": lambda a, b: _gauss(a[0], b),
}
_FORMULA_MISTAKES = {
    "conditional_entropy": {
        WRONG_VARIABLE: lambda a, b: _hyx(np.asarray(a[0], dtype=float).T, b),
        UNWEIGHTED: lambda a, b: _rows_unweighted(a[0], b),
        IS_JOINT: lambda a, b: _h(a[0], b),
    },
    "mutual_information": {MI_SIGN: lambda a, b: -_mi(a[0], b)},
    "js_divergence": {
        JS_DISTANCE: lambda a, b: _js_distance(a[0], a[1], b),
        JS_NO_HALF: lambda a, b: 2 * _js(a[0], a[1], b),
        JEFFREYS: lambda a, b: 0.5 * (_kl(a[0], a[1], b) + _kl(a[1], a[0], b)),
    },
    "gaussian_mi": {
        GAUSS_NO_SQUARE: lambda a, b: (-0.5 * math.log(1 - abs(a[0])) / math.log(_b(b))
                                       if abs(a[0]) < 1 else None),
        GAUSS_NO_HALF: lambda a, b: 2 * _gauss(a[0], b),
    },
}

# fixed probe inputs: does the student's function make a mistake everywhere?
_PROBE_ARGS = {
    "joint_entropy": ([[0.5, 0.125, 0.0625], [0.0625, 0.125, 0.125]],),
    "conditional_entropy": ([[0.5, 0.125, 0.0625], [0.0625, 0.125, 0.125]],),
    "mutual_information": ([[0.5, 0.125, 0.0625], [0.0625, 0.125, 0.125]],),
    "js_divergence": ([0.5, 0.25, 0.125, 0.125], [0.125, 0.125, 0.25, 0.5]),
    "mi_histogram": ([0.0, 0.1, 1.0, 1.1, 2.0, 2.1, 0.2, 1.2, 2.2, 0.3],
                     [0.0, 1.0, 1.0, 1.1, 2.0, 2.1, 0.1, 0.2, 2.2, 2.3], 3),
    "gaussian_mi": (0.6,),
}


def _mistakes(name, args, base):
    """``{misconception: the value that mistake gives}`` for ``name(*args, base=base)``."""
    b = _b(base)
    value = _CORRECT[name](args, b)
    found = {NATURAL_LOG: value * math.log(b), BASE_IGNORED: value * math.log(b) / math.log(2)}
    for key, model in _FORMULA_MISTAKES.get(name, {}).items():
        wrong = model(args, b)
        if wrong is not None:
            found[key] = wrong
    return found


def _kwargs(base):
    return {} if base is None else {"base": base}


def _base_text(base):
    return "" if base is None else f", base={fmt(base)}"


def _same_mistake(student, name, key, base):
    """Whether the student's ``name`` makes the catalogued mistake ``key`` on the fixed
    probe input too, called with the same base."""
    args = _PROBE_ARGS[name]
    predicted = _mistakes(name, args, base).get(key)
    if predicted is None:
        return False
    try:
        value = as_float(student.call(name, *args, kwargs=_kwargs(base)), f"{name} on a probe")
    except (StudentError, CheckFailure):
        return False
    return close(value, predicted, "float") and not close(predicted, _CORRECT[name](args, _b(base)),
                                                          "float")


def _judge(student, name, args, got, expected, what, base=None, tol="float", main=False,
           mistakes=None, hint=""):
    """expect_close, naming the catalogued mistakes. For a check other than the
    exercise's main one (``main=False``), a value showing a formula mistake passes when
    the student's function makes that mistake on the fixed probe too (the main check
    charges it). ``mistakes`` overrides the values the mistakes give here."""
    value = as_float(got, what)
    if main and np.ndim(got) > 0:
        fail(f"{what} should return a float, got an array of shape {np.shape(got)}: "
             "return float(value).")
    if close(value, expected, tol):
        return value
    if mistakes is None:
        mistakes = _mistakes(name, args, base)
    mistakes = {k: v for k, v in mistakes.items()
                if v is not None and not close(v, expected, tol)}
    if not main:
        for key, wrong in mistakes.items():
            if close(value, wrong, tol) and _same_mistake(student, name, key, base):
                return value
    return expect_close(value, expected, what, tol=tol, misconceptions=mistakes, hint=hint)


def _shows_formula_mistake(student, name, args, value, base=None):
    """Whether ``value`` (wrong for ``args``) is what a catalogued formula mistake gives
    there, and the student's function makes that mistake on the fixed probe too."""
    expected = _CORRECT[name](args, _b(base))
    return not close(value, expected) and any(
        wrong is not None and close(value, wrong) and _same_mistake(student, name, key, base)
        for key, wrong in _mistakes(name, args, base).items())


def _expect_not_nan(value, what, misconception):
    try:
        number = float(np.asarray(value, dtype=float).ravel()[0])
    except (TypeError, ValueError, IndexError):
        return
    if math.isnan(number):
        fail(f"{what} returned nan.", misconception)


# -- inputs ------------------------------------------------------------------------

def _exact(w, bits=30):
    """A table proportional to the non-negative ``w`` whose entries are multiples of
    2**-bits, summing to exactly 1 in any order of addition (zeros stay zero,
    positive entries stay positive)."""
    w = np.asarray(w, dtype=float)
    scale = 2.0 ** bits
    units = np.floor(w / w.sum() * scale)
    units[(w > 0) & (units == 0)] = 1.0
    units[np.unravel_index(np.argmax(units), units.shape)] += scale - units.sum()
    return units / scale


def _table(rng, shape=None, alpha=None, zeros=0, bits=30):
    """A random dyadic joint table; ``zeros`` cells set to 0 (never a whole table)."""
    if shape is None:
        nx = int(rng.integers(2, 7))
        ny = int(rng.choice([n for n in range(2, 8) if n != nx]))
        shape = (nx, ny)
    alpha = float(rng.choice([0.5, 1.0, 3.0])) if alpha is None else alpha
    w = rng.dirichlet(np.full(shape[0] * shape[1], alpha))
    if zeros:
        w[rng.choice(w.size, size=min(zeros, w.size - 1), replace=False)] = 0.0
    return _exact(w.reshape(shape), bits)


def _pmf(rng, n, alpha=None, bits=30):
    alpha = float(rng.choice([0.5, 1.0, 3.0])) if alpha is None else alpha
    return _exact(rng.dirichlet(np.full(n, alpha)), bits)


def _bases(rng, include_default=True):
    """A spread of bases: default, 2, e, 10, a random one above 1 and one below 1."""
    bases = [2, math.e, 10, float(rng.uniform(1.1, 20)), float(rng.uniform(0.1, 0.9))]
    return ([None] if include_default else []) + bases


def _invalid_tables(rng):
    """(table, description) pairs that are no joint table."""
    t = _table(rng, (3, 4))
    neg = t.copy()
    neg[0, 0] += neg[1, 1] + 0.25               # still sums to 1, one entry negative
    neg[1, 1] = -0.25
    nan = t.copy()
    nan[2, 1] = math.nan
    below, above = float(rng.choice([0.9, 0.5])), float(rng.choice([1.1, 1.5]))
    return [
        (_pmf(rng, 5).tolist(), "a 1-D vector, not a table"),
        (np.full((2, 2, 2), 0.125), "a 3-D array of shape (2, 2, 2)"),
        (neg.tolist(), "a table with a negative entry (it sums to 1)"),
        ((t * below).tolist(), f"a table summing to {below:g}"),
        ((t * above).tolist(), f"a table summing to {above:g}"),
        (nan.tolist(), "a table containing nan"),
        (np.zeros((1, 0)), "an empty table of shape (1, 0)"),
    ]


def _table_cases(rng, name):
    """Valid tables as other array-likes: tuples, float32, integers, rounded sums."""
    t = _table(rng, bits=12)                     # exact in float32 too
    r = _table(rng) * (1 - 3e-7)                 # a sum within 1e-6 of 1
    one = np.zeros((int(rng.integers(2, 4)), int(rng.integers(2, 5))), dtype=int)
    one[int(rng.integers(one.shape[0])), int(rng.integers(one.shape[1]))] = 1
    return [
        (tuple(map(tuple, t.tolist())), t, f"{name} of a table given as a tuple of tuples", "float"),
        (t.astype(np.float32), t, f"{name} of a float32 table", "numerical"),
        (r.tolist(), r / r.sum(), f"{name} of a table summing to 1 - 3e-7", "numerical"),
        (one, one.astype(float), f"{name} of an integer table {one.tolist()}", "float"),
    ]


def _describe(t):
    return fmt(np.asarray(t, dtype=float))


# ================================================================= joint_entropy

@checks("joint_entropy", points=0.5)
def test_joint_entropy_matches_scipy_in_every_base(student, rng):
    for base in _bases(rng):
        t = _table(rng)
        what = f"joint_entropy({_describe(t)}{_base_text(base)})"
        got = _call_valid(student, "joint_entropy", t.tolist(), kwargs=_kwargs(base), what=what)
        _judge(student, "joint_entropy", (t,), got, _h(t, base), what, base, main=True)


@checks("joint_entropy", points=0.5)
def test_joint_entropy_empty_cells_contribute_nothing(student, rng):
    n = int(rng.integers(25, 40))
    one_hot = np.zeros((n, n + int(rng.integers(1, 5))))
    one_hot[int(rng.integers(n)), int(rng.integers(n))] = 1.0
    t = _table(rng, (int(rng.integers(3, 6)), int(rng.integers(3, 6))), zeros=4)
    for table, label in [(t, "a table with empty cells"),
                         (one_hot, f"a certain outcome in a {one_hot.shape[0]} x "
                                   f"{one_hot.shape[1]} table"),
                         (np.ones((1, 1)), "the 1 x 1 table [[1.0]]")]:
        expected = _h(table, 2)
        what = f"joint_entropy({_describe(table)}) ({label})"
        got = _call_valid(student, "joint_entropy", table, what=what)
        _expect_not_nan(got, what, EMPTY_CELL_NAN)
        mistakes = _mistakes("joint_entropy", (table,), None)
        clamped = np.maximum(table, 1e-10)
        mistakes[CLAMPED] = float(-np.sum(table * np.log2(clamped)))
        mistakes[CLAMPED + " "] = float(-np.sum(clamped * np.log2(clamped)))
        _judge_with_clamp(student, "joint_entropy", (table,), got, expected, what, mistakes)


def _judge_with_clamp(student, name, args, got, expected, what, mistakes, base=None):
    """_judge, where the clamped-log values (two variants: clamp in the log only, or in
    both factors) name the clamp (they are never forgiven here: this check charges it)."""
    value = as_float(got, what)
    clamp = {k: v for k, v in mistakes.items() if k.startswith(CLAMPED)}
    for v in clamp.values():
        if not close(value, expected, "float") and close(value, v, "float"):
            fail(f"{what}: got {fmt(value)}, expected {fmt(expected)}.", CLAMPED)
    others = {k: v for k, v in mistakes.items() if not k.startswith(CLAMPED)}
    return _judge(student, name, args, got, expected, what, base, mistakes=others)


@checks("joint_entropy", points=0.25)
def test_joint_entropy_accepts_array_likes(student, rng):
    for value, table, what, tol in _table_cases(rng, "joint_entropy"):
        got = _call_valid(student, "joint_entropy", value, what=what)
        _judge(student, "joint_entropy", (table,), got, _h(table, 2), what, tol=tol)


@checks("joint_entropy", points=0.25)
def test_joint_entropy_rejects_invalid_tables(student, rng):
    expect_value_errors(student, "joint_entropy", [
        Invalid(f"joint_entropy of {label}", (table,)) for table, label in _invalid_tables(rng)])


@checks("joint_entropy", points=0.25)
def test_joint_entropy_rejects_invalid_bases(student, rng):
    t = _table(rng)
    expect_value_errors(student, "joint_entropy", [
        Invalid(f"joint_entropy(joint, base={base})", (t.tolist(),), {"base": base})
        for base in (1, 0, -2.0, math.inf)])


@checks("joint_entropy", points=0.25)
def test_joint_entropy_inputs_unchanged(student, rng):
    tables = [_table(rng, zeros=2), _table(rng) * (1 - 3e-7), _table(rng, zeros=1).tolist()]
    calls_ignoring_errors(student, "joint_entropy", [((t,), None) for t in tables])
    expect_no_side_effects(student, "inputs")


# =========================================================== conditional_entropy

@checks("conditional_entropy", points=1)
def test_conditional_entropy_weights_row_entropies_by_p_x_in_every_base(student, rng):
    for base in _bases(rng):
        t = _table(rng)                          # never square: H(Y|X) != H(X|Y)
        what = f"conditional_entropy({_describe(t)}{_base_text(base)})"
        got = _call_valid(student, "conditional_entropy", t.tolist(), kwargs=_kwargs(base),
                          what=what)
        _judge(student, "conditional_entropy", (t,), got, _hyx(t, base), what, base, main=True)


@checks("conditional_entropy", points=0.5)
def test_conditional_entropy_zero_rows_contribute_nothing(student, rng):
    nx, ny = int(rng.integers(3, 6)), int(rng.integers(2, 6))
    w = rng.dirichlet(np.ones(nx * ny)).reshape(nx, ny)
    w[int(rng.integers(nx))] = 0.0                # a value of X that never occurs
    w[w < np.quantile(w[w > 0], 0.2)] = 0.0        # and a few empty cells
    t = _exact(w)
    what = f"conditional_entropy({_describe(t)}) (a row of zeros: p(x) = 0)"
    got = _call_valid(student, "conditional_entropy", t, what=what)
    _expect_not_nan(got, what, ZERO_ROW_NAN)
    _judge(student, "conditional_entropy", (t,), got, _hyx(t, 2), what)


@checks("conditional_entropy", points=0.5)
def test_conditional_entropy_chain_rule_in_both_orders(student, rng):
    """H(X) + H(Y|X) = H(Y) + H(X|Y), so H(Y|X) - H(X|Y) = H(Y) - H(X): the student's
    conditional_entropy of the table and of its transpose must differ by that."""
    t = _table(rng)
    what = (f"conditional_entropy(joint) - conditional_entropy(joint.T) for joint = "
            f"{_describe(t)} (the chain rule: it equals H(Y) - H(X))")
    forward = as_float(_call_valid(student, "conditional_entropy", t, what=what), what)
    backward = as_float(_call_valid(student, "conditional_entropy", t.T.copy(), what=what), what)
    expected = _h(t.sum(axis=0), 2) - _h(t.sum(axis=1), 2)
    mistakes = {key: value(t) - value(t.T) for key, value in {
        NATURAL_LOG: lambda a: _hyx(a, math.e),
        WRONG_VARIABLE: lambda a: _hyx(a.T, 2),
        UNWEIGHTED: lambda a: _rows_unweighted(a, 2),
        IS_JOINT: lambda a: _h(a, 2),
    }.items()}
    _judge(student, "conditional_entropy", (t,), forward - backward, expected, what,
           mistakes=mistakes)


@checks("conditional_entropy", points=0.25)
def test_conditional_entropy_zero_when_y_is_a_function_of_x(student, rng):
    nx = int(rng.integers(4, 8))
    ny = int(rng.integers(2, nx))
    f = np.concatenate([np.arange(ny), rng.integers(ny, size=nx - ny)])   # onto
    rng.shuffle(f)
    t = np.zeros((nx, ny))
    t[np.arange(nx), f] = _pmf(rng, nx)
    what = f"conditional_entropy({_describe(t)}) (Y = f(X): one cell per row)"
    got = _call_valid(student, "conditional_entropy", t.tolist(), what=what)
    _judge(student, "conditional_entropy", (t,), got, 0.0, what)


@checks("conditional_entropy", points=0.25)
def test_conditional_entropy_equals_h_y_for_independent_variables(student, rng):
    px = _pmf(rng, int(rng.integers(2, 6)), bits=20)
    py = _pmf(rng, int(rng.integers(2, 6)), bits=20)
    t = np.outer(px, py)                         # multiples of 2**-40: sums exactly to 1
    what = (f"conditional_entropy(outer(p_x, p_y)) for p_x = {fmt(px)}, p_y = {fmt(py)} "
            "(independent: H(Y|X) = H(Y))")
    got = _call_valid(student, "conditional_entropy", t, what=what)
    _judge(student, "conditional_entropy", (t,), got, _h(py, 2), what)


@checks("conditional_entropy", points=0.25)
def test_conditional_entropy_rejects_invalid_input(student, rng):
    cases = [Invalid(f"conditional_entropy of {label}", (table,))
             for table, label in _invalid_tables(rng)]
    t = _table(rng)
    cases += [Invalid(f"conditional_entropy(joint, base={base})", (t.tolist(),), {"base": base})
              for base in (1, 0, -2.0, math.inf)]
    expect_value_errors(student, "conditional_entropy", cases)


@checks("conditional_entropy", points=0.25)
def test_conditional_entropy_inputs_unchanged(student, rng):
    t = _table(rng, zeros=2)
    t2 = _table(rng, (3, 4))
    t2[1] = 0.0
    t2 = _exact(t2)
    calls_ignoring_errors(student, "conditional_entropy", [
        ((value,), None) for value in (t, t2, _table(rng) * (1 - 3e-7), _table(rng).tolist())])
    expect_no_side_effects(student, "inputs")


# ============================================================ mutual_information

@checks("mutual_information", points=1)
def test_mutual_information_is_kl_from_independence_in_every_base(student, rng):
    for base in _bases(rng):
        t = _table(rng)
        what = f"mutual_information({_describe(t)}{_base_text(base)})"
        got = _call_valid(student, "mutual_information", t.tolist(), kwargs=_kwargs(base),
                          what=what)
        _judge(student, "mutual_information", (t,), got, _mi(t, base), what, base, main=True)


@checks("mutual_information", points=0.5)
def test_mutual_information_three_ways_agree_on_tables_with_zeros(student, rng):
    for _ in range(3):
        t = _table(rng, zeros=int(rng.integers(1, 4)))
        forms = {"KL(p(x, y) || p(x) p(y))": _mi(t, 2),
                 "H(X) + H(Y) - H(X, Y)": _mi_entropies(t, 2),
                 "H(Y) - H(Y|X)": _mi_conditional(t, 2)}
        what = f"mutual_information({_describe(t)})"
        got = _call_valid(student, "mutual_information", t, what=what)
        _expect_not_nan(got, what, EMPTY_CELL_NAN)
        for form, expected in forms.items():
            _judge(student, "mutual_information", (t,), got, expected, f"{what} (= {form})")


@checks("mutual_information", points=0.25)
def test_mutual_information_symmetric(student, rng):
    t = _table(rng)
    what = f"mutual_information of the transposed table {_describe(t.T)}"
    got = as_float(_call_valid(student, "mutual_information", t, what=what), what)
    got_t = as_float(_call_valid(student, "mutual_information", t.T.copy(), what=what), what)
    expect_close(got_t, got, f"{what} (I(Y; X) must equal I(X; Y) = {fmt(got)})")


@checks("mutual_information", points=0.5)
def test_mutual_information_zero_for_independent_variables(student, rng):
    for zero in (False, True):
        px = _pmf(rng, int(rng.integers(2, 7)), bits=20)
        py = _pmf(rng, int(rng.integers(2, 7)), bits=20)
        if zero:
            px[0] = 0.0
            px = _exact(px, bits=20)
        t = np.outer(px, py)
        what = (f"mutual_information(outer(p_x, p_y)) for p_x = {fmt(px)}, p_y = {fmt(py)} "
                "(independent variables)")
        got = _call_valid(student, "mutual_information", t.tolist(), what=what)
        _expect_not_nan(got, what, EMPTY_CELL_NAN)
        _judge(student, "mutual_information", (t,), got, 0.0, what, tol=(0, 1e-12))


@checks("mutual_information", points=0.5)
def test_mutual_information_of_x_with_itself_is_h_x(student, rng):
    n = int(rng.integers(25, 40))
    p = _pmf(rng, n, alpha=1.0)
    t = np.diag(p)
    what = f"mutual_information(np.diag(p)) for p = {fmt(p)} (Y = X: I(X; X) = H(X))"
    got = _call_valid(student, "mutual_information", t, what=what)
    expected = _h(p, 2)
    _expect_not_nan(got, what, EMPTY_CELL_NAN)
    product = np.outer(p, p)
    mistakes = _mistakes("mutual_information", (t,), None)
    mistakes[CLAMPED] = float(np.sum(t * np.log2(np.maximum(t, 1e-10)
                                                  / np.maximum(product, 1e-10))))
    mistakes[CLAMPED + " "] = float(np.sum(np.maximum(t, 1e-10) * np.log2(
        np.maximum(t, 1e-10) / np.maximum(product, 1e-10))))
    _judge_with_clamp(student, "mutual_information", (t,), got, expected, what, mistakes)


def _channel(rng, n, m, alpha=None):
    alpha = float(rng.choice([0.3, 1.0, 3.0])) if alpha is None else alpha
    return rng.dirichlet(np.full(m, alpha), size=n)


@checks("mutual_information", points=0.5)
def test_mutual_information_data_processing_inequality(student, rng):
    """X -> Y -> Z, Z from Y through a second channel (noisy, or a function of Y):
    the student's I(X; Z) may not exceed the student's I(X; Y)."""
    for deterministic in (False, True):
        nx, ny, nz = int(rng.integers(2, 6)), int(rng.integers(2, 6)), int(rng.integers(2, 5))
        p_x = rng.dirichlet(np.ones(nx))
        a = _channel(rng, nx, ny)
        if deterministic:
            b = np.eye(nz)[rng.integers(nz, size=ny)]
        else:
            b = _channel(rng, ny, nz)
        joint_xy = _exact(p_x[:, None] * a, bits=50)
        joint_xz = _exact(p_x[:, None] * (a @ b), bits=50)
        label = "Z = f(Y)" if deterministic else "Z from Y through a second noisy channel"
        what = (f"the data-processing inequality on X -> Y -> Z ({label}): "
                f"mutual_information({_describe(joint_xz)}) <= "
                f"mutual_information({_describe(joint_xy)})")
        i_xy = as_float(_call_valid(student, "mutual_information", joint_xy, what=what), what)
        i_xz = as_float(_call_valid(student, "mutual_information", joint_xz, what=what), what)
        slack = 1e-9 + 1e-9 * abs(i_xy)
        if i_xz > i_xy + slack and _shows_formula_mistake(student, "mutual_information",
                                                          (joint_xy,), i_xy):
            continue                              # the first check charges the formula
        expect_true(i_xz <= i_xy + slack,
                    f"{what} fails: I(X; Z) = {fmt(i_xz)} > I(X; Y) = {fmt(i_xy)} "
                    f"(true values {fmt(_mi(joint_xz, 2))} and {fmt(_mi(joint_xy, 2))}).")


@checks("mutual_information", points=0.25)
def test_mutual_information_rejects_invalid_input(student, rng):
    cases = [Invalid(f"mutual_information of {label}", (table,))
             for table, label in _invalid_tables(rng)]
    t = _table(rng)
    cases += [Invalid(f"mutual_information(joint, base={base})", (t.tolist(),), {"base": base})
              for base in (1, 0, -2.0, math.inf)]
    expect_value_errors(student, "mutual_information", cases)


@checks("mutual_information", points=0.25)
def test_mutual_information_accepts_array_likes(student, rng):
    for value, table, what, tol in _table_cases(rng, "mutual_information"):
        got = _call_valid(student, "mutual_information", value, what=what)
        _judge(student, "mutual_information", (table,), got, _mi(table, 2), what, tol=tol)


@checks("mutual_information", points=0.25)
def test_mutual_information_inputs_unchanged(student, rng):
    t = _table(rng, zeros=2)
    calls_ignoring_errors(student, "mutual_information", [
        ((value,), None) for value in (t, _table(rng) * (1 - 3e-7), _table(rng).tolist(),
                                       np.outer(_pmf(rng, 3), _pmf(rng, 4)))])
    expect_no_side_effects(student, "inputs")


# ================================================================= channel_joint

@checks("channel_joint", points=0.75)
def test_channel_joint_scales_each_row_by_p_x(student, rng):
    for square in (True, False, False):
        nx = int(rng.integers(2, 7))
        ny = nx if square else int(rng.choice([n for n in range(1, 8) if n != nx]))
        p_x = _pmf(rng, nx)
        channel = _channel(rng, nx, ny)
        expected = np.einsum("i,ij->ij", p_x, channel)
        what = f"channel_joint({fmt(p_x)}, {_describe(channel)})"
        got = _call_valid(student, "channel_joint", p_x.tolist(), channel.tolist(), what=what,
                          why="p_x is a PMF and every row of channel sums to 1 within rounding")
        expect_true(isinstance(got, np.ndarray),
                    f"{what} should return an np.ndarray, got {type(got).__name__}", NOT_AN_ARRAY)
        expect_true(np.shape(got) == (nx, ny), f"{what} should have shape {(nx, ny)}, "
                                               f"got {np.shape(got)}", NOT_AN_ARRAY)
        expect_close(got, expected, what, misconceptions={
            CHANNEL_COLUMNS: channel * p_x[None, :]} if square else None)


@checks("channel_joint", points=0.25)
def test_channel_joint_zero_inputs_give_zero_rows(student, rng):
    nx, ny = int(rng.integers(3, 7)), int(rng.integers(2, 6))
    p_x = _pmf(rng, nx)
    p_x[rng.choice(nx, size=2, replace=False)] = 0.0
    p_x = _exact(p_x)
    channel = _channel(rng, nx, ny, alpha=0.3)
    channel[0] = np.eye(ny)[int(rng.integers(ny))]       # a row with zero entries
    expected = p_x[:, None] * channel
    what = f"channel_joint({fmt(p_x)}, {_describe(channel)}) (inputs of probability 0)"
    got = _call_valid(student, "channel_joint", p_x, channel, what=what)
    expect_close(as_array(got, what), expected, what)


@checks("channel_joint", points=0.25)
def test_channel_joint_edge_shapes(student, rng):
    m = int(rng.integers(2, 6))
    n = int(rng.integers(2, 6))
    p_x = _pmf(rng, n)
    row = _pmf(rng, m)
    for args, expected, label in [
        (([1.0], [[1.0]]), np.ones((1, 1)), "one input, one output"),
        (([1.0], [row.tolist()]), row[None, :], f"one input, {m} outputs"),
        ((p_x.tolist(), np.ones((n, 1)).tolist()), p_x[:, None], f"{n} inputs, one output"),
    ]:
        what = f"channel_joint({fmt(np.asarray(args[0]))}, {_describe(args[1])}) ({label})"
        got = _call_valid(student, "channel_joint", *args, what=what)
        expect_close(as_array(got, what), expected, what)


@checks("channel_joint", points=0.25)
def test_channel_joint_rejects_invalid_channels(student, rng):
    n, m = int(rng.integers(2, 5)), int(rng.integers(2, 5))
    p_x = _pmf(rng, n).tolist()
    good = _channel(rng, n, m)
    cases = []
    for factor in (1.1, 0.9):
        bad = good.copy()
        bad[-1] *= factor
        cases.append((bad, f"a channel whose last row sums to {factor:g}"))
    neg = good.copy()
    neg[0, 0], neg[0, 1] = neg[0, 0] + neg[0, 1] + 0.5, -0.5
    cases.append((neg, "a channel with a negative entry (its row sums to 1)"))
    nan = good.copy()
    nan[0, 0] = math.nan
    cases.append((nan, "a channel containing nan"))
    cases.append((good[0], "a 1-D channel"))
    cube = np.repeat(good[:, :, None], 2, axis=2)        # rows along axis 1 still sum to 1
    cases.append((cube, f"a 3-D channel of shape {cube.shape}"))
    expect_value_errors(student, "channel_joint", [
        Invalid(f"channel_joint(p_x, channel) with {label}", (p_x, channel.tolist()))
        for channel, label in cases])


@checks("channel_joint", points=0.25)
def test_channel_joint_rejects_invalid_p_x(student, rng):
    n, m = int(rng.integers(2, 5)), int(rng.integers(2, 5))
    channel = _channel(rng, n, m).tolist()
    p = _pmf(rng, n)
    negative = p.copy()
    negative[0], negative[1] = negative[0] + negative[1] + 0.5, -0.5
    expect_value_errors(student, "channel_joint", [
        Invalid(f"channel_joint with {label}", (p_x, channel))
        for p_x, label in [(_pmf(rng, n + 1).tolist(), f"p_x of length {n + 1} for {n} rows"),
                           ((p * 0.9).tolist(), "p_x summing to 0.9"),
                           (negative.tolist(), "p_x with a negative entry (it sums to 1)"),
                           ([p.tolist()], f"a 2-D p_x of shape (1, {n})")]])


@checks("channel_joint", points=0.25)
def test_channel_joint_inputs_unchanged(student, rng):
    n, m = int(rng.integers(2, 6)), int(rng.integers(2, 6))
    calls = [(_pmf(rng, n), _channel(rng, n, m)),
             (_pmf(rng, n).tolist(), _channel(rng, n, m).tolist()),
             (_pmf(rng, n) * (1 - 3e-7), _channel(rng, n, m) * (1 + 3e-7))]
    calls_ignoring_errors(student, "channel_joint", [(args, None) for args in calls])
    expect_no_side_effects(student, "inputs")


# ================================================================= js_divergence

@checks("js_divergence", points=1)
def test_js_divergence_matches_scipy_in_every_base(student, rng):
    for base in _bases(rng):
        n = int(rng.integers(2, 10))
        p, q = _pmf(rng, n), _pmf(rng, n)
        what = f"js_divergence({fmt(p)}, {fmt(q)}{_base_text(base)})"
        got = _call_valid(student, "js_divergence", p.tolist(), q.tolist(), kwargs=_kwargs(base),
                          what=what)
        _judge(student, "js_divergence", (p, q), got, _js(p, q, base), what, base, main=True)


@checks("js_divergence", points=0.5)
def test_js_divergence_symmetric(student, rng):
    for _ in range(3):
        n = int(rng.integers(2, 9))
        p, q = _pmf(rng, n, alpha=0.5), _pmf(rng, n)
        what = f"js_divergence({fmt(q)}, {fmt(p)}) (the arguments of an earlier call swapped)"
        forward = as_float(_call_valid(student, "js_divergence", p, q, what=what), what)
        backward = as_float(_call_valid(student, "js_divergence", q, p, what=what), what)
        expect_close(backward, forward, f"{what}: JS(q, p) must equal JS(p, q) = {fmt(forward)}")


@checks("js_divergence", points=0.5)
def test_js_divergence_disjoint_supports_give_log_base_2(student, rng):
    for base in (None, math.e, float(rng.uniform(1.5, 12)), float(rng.uniform(0.2, 0.8))):
        n = int(rng.integers(3, 10))
        k = int(rng.integers(1, n))
        order = rng.permutation(n)
        p, q = np.zeros(n), np.zeros(n)
        p[order[:k]] = _pmf(rng, k) if k > 1 else 1.0
        q[order[k:]] = _pmf(rng, n - k) if n - k > 1 else 1.0
        expected = math.log(2) / math.log(_b(base))
        what = f"js_divergence({fmt(p)}, {fmt(q)}{_base_text(base)}) (disjoint supports)"
        got = _call_valid(student, "js_divergence", p, q, kwargs=_kwargs(base), what=what)
        _expect_not_nan(got, what, EMPTY_CELL_NAN)
        _judge(student, "js_divergence", (p, q), got, expected, what, base,
               hint="Disjoint supports are the maximum: JS = log_base(2) (1 bit).")


@checks("js_divergence", points=0.25)
def test_js_divergence_never_exceeds_log_base_2(student, rng):
    for base in (None, math.e, float(rng.uniform(1.5, 12))):
        n = int(rng.integers(2, 12))
        p, q = _pmf(rng, n, alpha=0.05), _pmf(rng, n, alpha=0.05)   # nearly disjoint
        bound = math.log(2) / math.log(_b(base))
        what = f"js_divergence({fmt(p)}, {fmt(q)}{_base_text(base)})"
        got = as_float(_call_valid(student, "js_divergence", p, q, kwargs=_kwargs(base),
                                   what=what), what)
        if -1e-12 <= got <= bound * (1 + 1e-9):
            continue
        forgiven = any(_same_mistake(student, "js_divergence", key, base) and close(got, value)
                       for key, value in _mistakes("js_divergence", (p, q), base).items())
        if not forgiven:
            fail(f"{what} = {fmt(got)} lies outside [0, log_base 2] = [0, {fmt(bound)}] "
                 f"(the true value is {fmt(_js(p, q, base))}).")


@checks("js_divergence", points=0.5)
def test_js_divergence_square_root_satisfies_triangle_inequality(student, rng):
    worst = None
    for _ in range(4):
        n = int(rng.integers(2, 7))
        alpha = float(rng.choice([0.1, 0.5, 2.0]))
        p, q, r = (_pmf(rng, n, alpha=alpha) for _ in range(3))
        values = {}
        for name, (a, b) in {"pr": (p, r), "pq": (p, q), "qr": (q, r)}.items():
            what = f"js_divergence({fmt(a)}, {fmt(b)})"
            values[name] = as_float(_call_valid(student, "js_divergence", a, b, what=what), what)
        if any(math.isnan(v) for v in values.values()):
            fail(f"js_divergence returned nan on p = {fmt(p)}, q = {fmt(q)}, r = {fmt(r)}.",
                 EMPTY_CELL_NAN)
        d = {k: math.sqrt(max(v, 0.0)) for k, v in values.items()}
        excess = d["pr"] - d["pq"] - d["qr"]
        if excess > 1e-9 and (worst is None or excess > worst[0]):
            worst = (excess, p, q, r, d)
    if worst is None:
        return
    excess, p, q, r, d = worst
    for key in (JEFFREYS, JS_NO_HALF, NATURAL_LOG, JS_DISTANCE):
        if _same_mistake(student, "js_divergence", key, None):
            return                                # the first check charges the formula
    fail(f"sqrt(JS) is a metric, but with p = {fmt(p)}, q = {fmt(q)}, r = {fmt(r)} your values "
         f"give sqrt(JS(p, r)) = {fmt(d['pr'])} > sqrt(JS(p, q)) + sqrt(JS(q, r)) = "
         f"{fmt(d['pq'])} + {fmt(d['qr'])}.")


@checks("js_divergence", points=0.25)
def test_js_divergence_zero_for_identical_distributions(student, rng):
    n = int(rng.integers(3, 9))
    p = _pmf(rng, n)
    p[int(rng.integers(n))] = 0.0
    p = _exact(p)
    what = f"js_divergence(p, p) for p = {fmt(p)}"
    got = _call_valid(student, "js_divergence", p, p.copy(), what=what)
    _expect_not_nan(got, what, EMPTY_CELL_NAN)
    _judge(student, "js_divergence", (p, p), got, 0.0, what, tol=(0, 1e-12))


@checks("js_divergence", points=0.25)
def test_js_divergence_empty_outcomes_contribute_nothing(student, rng):
    n = int(rng.integers(5, 10))
    p, q = _pmf(rng, n), _pmf(rng, n)
    idx = rng.choice(n, size=3, replace=False)
    p[idx[:2]] = 0.0                              # p = 0 where q > 0, and both 0 at idx[1]
    q[idx[1:]] = 0.0
    p, q = _exact(p), _exact(q)
    what = f"js_divergence({fmt(p)}, {fmt(q)}) (zeros in both, partly overlapping)"
    got = _call_valid(student, "js_divergence", p.tolist(), q.tolist(), what=what)
    _expect_not_nan(got, what, EMPTY_CELL_NAN)
    _judge(student, "js_divergence", (p, q), got, _js(p, q, 2), what)


@checks("js_divergence", points=0.25)
def test_js_divergence_accepts_array_likes(student, rng):
    t, u = _table(rng, (2, 3)), _table(rng, (2, 3))
    p, q = _pmf(rng, 5, bits=12), _pmf(rng, 5, bits=12)
    r = _pmf(rng, 4) * (1 - 3e-7)
    s = _pmf(rng, 4)
    for args, expected, what, tol in [
        ((t, u), _js(t, u, 2), "js_divergence of two 2 x 3 tables", "float"),
        ((tuple(p.tolist()), tuple(q.tolist())), _js(p, q, 2), "js_divergence of tuples", "float"),
        ((p.astype(np.float32), q.astype(np.float32)), _js(p, q, 2),
         "js_divergence of float32 arrays", "numerical"),
        ((r.tolist(), s.tolist()), _js(r / r.sum(), s, 2),
         "js_divergence with p summing to 1 - 3e-7", "numerical"),
        (([1, 0], [0, 1]), 1.0, "js_divergence([1, 0], [0, 1]) given as integers", "float"),
    ]:
        got = _call_valid(student, "js_divergence", *args, what=what)
        _judge(student, "js_divergence", tuple(np.asarray(a, dtype=float) for a in args), got,
               expected, what, tol=tol)


@checks("js_divergence", points=0.25)
def test_js_divergence_rejects_invalid_input(student, rng):
    p, q = _pmf(rng, 4), _pmf(rng, 4)
    cases = [Invalid(what, args) for args, what in [
        ((p.tolist(), _pmf(rng, 5).tolist()), "js_divergence of PMFs with 4 and 5 entries"),
        ((p.reshape(2, 2).tolist(), q.tolist()), "js_divergence of shapes (2, 2) and (4,)"),
        ((p.tolist(), (q * 1.05).tolist()), "js_divergence with q summing to 1.05"),
        (((p * 0.9).tolist(), q.tolist()), "js_divergence with p summing to 0.9"),
        ((p.tolist(), [1.25, -0.25, 0.0, 0.0]), "js_divergence with a negative q"),
    ]]
    cases += [Invalid(f"js_divergence(p, q, base={base})", (p.tolist(), q.tolist()),
                      {"base": base}) for base in (1, 0, -2.0, math.inf)]
    expect_value_errors(student, "js_divergence", cases)


@checks("js_divergence", points=0.25)
def test_js_divergence_inputs_unchanged(student, rng):
    n = int(rng.integers(3, 8))
    p, q = _pmf(rng, n), _pmf(rng, n)
    p[0] = 0.0
    calls = [(_exact(p), q), (q * (1 - 3e-7), _pmf(rng, n).tolist()),
             (_table(rng, (2, 3)), _table(rng, (2, 3)))]
    calls_ignoring_errors(student, "js_divergence", [(args, None) for args in calls])
    expect_no_side_effects(student, "inputs")


# ================================================================== mi_histogram

def _samples(rng, n=None, kind=None):
    n = int(rng.integers(200, 3000)) if n is None else n
    kind = str(rng.choice(["gauss", "uniform", "int"])) if kind is None else kind
    if kind == "gauss":
        rho = float(rng.uniform(-0.95, 0.95))
        x = rng.standard_normal(n)
        y = rho * x + math.sqrt(1 - rho * rho) * rng.standard_normal(n)
    elif kind == "uniform":
        x = rng.random(n)
        y = (x + rng.uniform(0, float(rng.uniform(0.2, 2)), n)) % 1.0
    else:
        x = rng.integers(0, 5, n).astype(float)
        y = (x + rng.integers(0, 3, n)) % 5
    return x, y


def _own_mi_of_table(student, value, table, base=None):
    """Whether ``value`` is the student's own mutual_information of the histogram table
    while that differs from the truth (mutual_information's checks charge the mistake)."""
    if not student.has("mutual_information"):
        return False
    try:
        own = as_float(student.call("mutual_information", table, kwargs=_kwargs(base)),
                       "mutual_information")
    except (StudentError, CheckFailure):
        return False
    return close(value, own, "float") and not close(own, _mi(table, base), "float")


def _expect_plug_in(student, x, y, bins, what, base=None, main=False, mistakes=None):
    """The student's mi_histogram against the oracle; also accepted: the student's own
    mutual_information of the histogram table (a wrong mutual_information costs once)."""
    got = _call_valid(student, "mi_histogram", x, y, bins, kwargs=_kwargs(base), what=what,
                      why="x and y are 1-D of the same length, with samples inside the bins")
    table = _hist_table(x, y, bins)
    expected = _mi(table, base)
    value = as_float(got, what)
    if close(value, expected, "float"):
        return value
    if _own_mi_of_table(student, value, table, base):
        return value                              # mutual_information's checks charge it
    if mistakes is None:
        mistakes = _mistakes("mi_histogram", (x, y, bins), base)
    return _judge(student, "mi_histogram", (x, y, bins), got, expected, what, base, main=main,
                  mistakes=mistakes)


@checks("mi_histogram", points=1.25)
def test_mi_histogram_equals_plug_in_mi_of_histogram2d(student, rng):
    for base in _bases(rng):
        x, y = _samples(rng)
        bins = int(rng.integers(2, 13))
        what = (f"mi_histogram(x, y, bins={bins}{_base_text(base)}) on {x.size} samples "
                f"(x[:3] = {fmt(x[:3])}, y[:3] = {fmt(y[:3])})")
        _expect_plug_in(student, x, y, bins, what, base, main=True)


@checks("mi_histogram", points=0.5)
def test_mi_histogram_bins_per_axis_and_explicit_edges(student, rng):
    x, y = _samples(rng, kind="gauss")
    nx, ny = int(rng.integers(2, 8)), int(rng.integers(2, 8))
    what = f"mi_histogram(x, y, bins=[{nx}, {ny}]) on {x.size} samples"
    _expect_plug_in(student, x, y, [nx, ny], what)
    # explicit edges that leave some samples out: normalise by the counted ones
    edges_x = np.sort(rng.uniform(-1.5, 1.5, int(rng.integers(3, 7))))
    edges_y = np.linspace(-1.2, float(rng.uniform(0.5, 1.5)), int(rng.integers(3, 7)))
    counts = np.histogram2d(x, y, bins=[edges_x, edges_y])[0]
    pn = counts / x.size
    product = np.outer(pn.sum(axis=1), pn.sum(axis=0))
    s = pn > 0
    by_n = float(np.sum(pn[s] * np.log2(pn[s] / product[s])))
    mistakes = _mistakes("mi_histogram", (x, y, [edges_x, edges_y]), None)
    mistakes[COUNTED_ALL_SAMPLES] = by_n
    what = (f"mi_histogram(x, y, bins=[edges_x, edges_y]) with edges_x = {fmt(edges_x)}, "
            f"edges_y = {fmt(edges_y)}: {int(counts.sum())} of {x.size} samples fall inside")
    _expect_plug_in(student, x, y, [edges_x, edges_y], what, mistakes=mistakes)


@checks("mi_histogram", points=0.25)
def test_mi_histogram_y_equal_to_x_gives_entropy_of_the_bins(student, rng):
    x = rng.standard_normal(int(rng.integers(100, 1000)))
    bins = int(rng.integers(3, 15))
    counts = np.histogram(x, bins=bins)[0]
    expected = _h(counts / counts.sum(), 2)
    what = f"mi_histogram(x, x, bins={bins}) on {x.size} samples (I(X; X) = H(binned X))"
    got = _call_valid(student, "mi_histogram", x, x.copy(), bins, what=what)
    if _own_mi_of_table(student, as_float(got, what), _hist_table(x, x, bins)):
        return
    _judge(student, "mi_histogram", (x, x, bins), got, expected, what)


@checks("mi_histogram", points=0.25)
def test_mi_histogram_biased_upwards_on_independent_samples(student, rng):
    """For independent samples I = 0, but each plug-in estimate is >= 0 and their mean
    is about (B - 1)^2 / (2 N ln 2) bits (Miller-Madow): here more than 10 standard errors
    above 0, so the test asks only for a mean more than 3 standard errors above 0
    (a false failure has probability below 0.2 %)."""
    n, bins, reps = int(rng.integers(80, 150)), int(rng.integers(5, 8)), 12
    estimates, samples = [], [(rng.random(n), rng.random(n)) for _ in range(reps)]
    what = f"mi_histogram(x, y, bins={bins}) on {n} independent uniform samples"
    values = calls_valid(student, "mi_histogram", [((x, y, bins), None) for x, y in samples],
                         [what] * reps, why=SUMS_WITHIN_ROUNDING)
    for (x, y), value in zip(samples, values):
        value = as_float(value, what)
        table = _hist_table(x, y, bins)
        if not close(value, _mi(table, None)) and _own_mi_of_table(student, value, table):
            return                                # mutual_information's checks charge it
        expect_true(value >= -1e-12, f"{what} = {fmt(value)} < 0: a plug-in estimate is the "
                                     "mutual information of a table, never negative.")
        estimates.append(value)
    estimates = np.array(estimates)
    mean, se = float(estimates.mean()), float(estimates.std(ddof=1) / math.sqrt(reps))
    predicted = (bins - 1) ** 2 / (2 * n * math.log(2))
    expect_true(mean > 3 * se,
                f"the mean of mi_histogram over {reps} independent data sets ({n} samples, "
                f"{bins} bins) is {fmt(mean)} bits (standard error {fmt(se)}): the plug-in "
                f"estimate should be biased upwards, by about (B - 1)^2 / (2 N ln 2) = "
                f"{fmt(predicted)} bits. Do not correct or clip it.")


@checks("mi_histogram", points=0.25)
def test_mi_histogram_rejects_invalid_samples(student, rng):
    x, y = _samples(rng, n=int(rng.integers(20, 60)))
    cases = [
        ((x.tolist(), y[:-1].tolist(), 4), None, f"mi_histogram of {x.size} x and {x.size - 1} y"),
        (([], [], 4), None, "mi_histogram of no samples"),
        ((x.reshape(-1, 2 if x.size % 2 == 0 else 1), y.reshape(-1, 2 if x.size % 2 == 0 else 1),
          4), None, "mi_histogram of 2-D x and y"),
        ((x, y, [[100.0, 101.0, 102.0], [100.0, 101.0, 102.0]]), None,
         "mi_histogram with bin edges that no sample falls inside"),
        ((x, y, 4), {"base": 1}, "mi_histogram(x, y, 4, base=1)"),
        ((x, y, 4), {"base": -2.0}, "mi_histogram(x, y, 4, base=-2)"),
    ]
    expect_value_errors(student, "mi_histogram",
                        [Invalid(what, args, kwargs) for args, kwargs, what in cases])


@checks("mi_histogram", points=0.25)
def test_mi_histogram_accepts_array_likes(student, rng):
    x, y = _samples(rng, n=int(rng.integers(50, 200)), kind="int")
    xi, yi = x.astype(int), y.astype(int)
    for args, what in [((xi.tolist(), yi.tolist(), 5), "mi_histogram of lists of integers"),
                       ((tuple(x.tolist()), tuple(y.tolist()), 5), "mi_histogram of tuples"),
                       ((xi, yi, [5, 5]), "mi_histogram of integer arrays"),
                       (([0.3], [0.7], 3), "mi_histogram([0.3], [0.7], 3) (a single sample)")]:
        if len(args[0]) == 1:
            got = _call_valid(student, "mi_histogram", *args, what=what,
                              why="one sample is a valid data set: its table has one cell")
            _judge(student, "mi_histogram", (np.array([0.3]), np.array([0.7]), 3), got, 0.0, what)
            continue
        got = _call_valid(student, "mi_histogram", *args, what=what)
        table = _hist_table(x, y, args[2])
        if _own_mi_of_table(student, as_float(got, what), table):
            continue
        _judge(student, "mi_histogram", (x, y, args[2]), got, _mi(table, 2), what)


@checks("mi_histogram", points=0.25)
def test_mi_histogram_inputs_unchanged(student, rng):
    x, y = _samples(rng, n=int(rng.integers(50, 300)), kind="gauss")
    edges = [np.linspace(-2, 2, 5), np.linspace(-1, 3, 4)]
    calls_ignoring_errors(student, "mi_histogram", [
        ((x, y, 6), None), ((x.tolist(), y.tolist(), [3, 4]), None), ((x, y, edges), None)])
    expect_no_side_effects(student, "inputs")


# =================================================================== gaussian_mi

@checks("gaussian_mi", points=0.75)
def test_gaussian_mi_matches_scipy_gaussian_entropies(student, rng):
    cases = [(float(rng.uniform(-0.99, 0.99)), base) for base in _bases(rng)]
    cases += [(float(rng.choice([-1, 1]) * (1 - 10.0 ** -k)), None) for k in (3, 6)]
    cases += [(float(rng.uniform(0.1, 0.9)) * -1, None)]
    for rho, base in cases:
        what = f"gaussian_mi({rho!r}{_base_text(base)})"
        got = _call_valid(student, "gaussian_mi", rho, kwargs=_kwargs(base), what=what,
                          why="a correlation in [-1, 1]")
        _judge(student, "gaussian_mi", (rho,), got, _gauss(rho, base), what, base, main=True)


@checks("gaussian_mi", points=0.25)
def test_gaussian_mi_zero_for_uncorrelated_variables(student, rng):
    for rho in (0.0, 0, np.float64(0.0), -0.0):
        what = f"gaussian_mi({rho!r})"
        got = as_float(_call_valid(student, "gaussian_mi", rho, what=what,
                                   why="a correlation in [-1, 1]"), what)
        expect_true(got == 0.0, f"{what} should be 0 (uncorrelated Gaussians are independent), "
                                f"got {fmt(got)}")


@checks("gaussian_mi", points=0.5)
def test_gaussian_mi_infinite_at_perfect_correlation(student, rng):
    for rho, base, expected in [(1.0, None, math.inf), (-1.0, None, math.inf), (1, None, math.inf),
                                (np.float64(-1.0), math.e, math.inf),
                                (1.0, float(rng.uniform(0.2, 0.8)), -math.inf)]:
        what = f"gaussian_mi({rho!r}{_base_text(base)})"
        try:
            got = student.call("gaussian_mi", rho, kwargs=_kwargs(base))
        except StudentError as err:
            if err.is_a("NotImplementedError"):
                raise
            fail(f"{what} raised {err.type} ({err.message}); expected {expected}.",
                 GAUSS_LOG_RAISES if err.is_a("ValueError") or err.is_a("ZeroDivisionError")
                 else None)
        value = as_float(got, what)
        expect_true(value == expected,
                    f"{what} should be {expected} (one variable determines the other"
                    + (", and a base below 1 flips the sign" if expected < 0 else "")
                    + f"), got {fmt(value)}")


@checks("gaussian_mi", points=0.25)
def test_gaussian_mi_rejects_impossible_correlations(student, rng):
    expect_value_errors(student, "gaussian_mi", [
        Invalid(f"gaussian_mi({rho!r})", (rho,))
        for rho in (float(rng.uniform(1.01, 3)), -float(rng.uniform(1.01, 3)), 1 + 1e-9, math.nan)])


@checks("gaussian_mi", points=0.25)
def test_gaussian_mi_rejects_invalid_bases(student, rng):
    rho = float(rng.uniform(-0.9, 0.9))
    cases = [Invalid(f"gaussian_mi({rho:.3g}, base={base})", (rho,), {"base": base})
             for base in (1, 0, -2.0, math.inf)]
    cases.append(Invalid("gaussian_mi(1.0, base=1) (the infinite answer needs a valid base too)",
                         (1.0,), {"base": 1}))
    expect_value_errors(student, "gaussian_mi", cases)
