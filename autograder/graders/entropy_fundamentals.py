"""Hidden checks of 01_entropy_fundamentals: entropy, cross-entropy, differential
entropy, the discretisation gap, Huffman coding and prefix codes.

Oracles (never the notebook's solution): ``scipy.stats.entropy`` (entropy, KL,
renormalised masses), SciPy's frozen distributions (differential entropies),
closed forms, the grader's own Huffman cost (sum of merged weights, heapq on
weights only), the grader's own prefix codes and concatenation, and invariants
(``H(X, Y) = H(X) + H(Y)``, ``H(p, q) = H(p) + KL(p||q)``,
``H(X_delta) -> h(X) - log delta``, ``H <= L < H + 1``, the prefix property).

One mistake, one loss. Each exercise's first check judges its formula (and
that a number comes back as a number, not a one-element array); the other
checks judge their own property (zeros, edge cases, support mismatch, ...) and
accept a value that shows a catalogued formula mistake when the student's
function makes that same mistake on a fixed probe input (``_expect_secondary``).
Random PMFs are dyadic (``_exact``): they sum to exactly 1 in any order, so
only the check of sums within rounding judges the 1e-6 tolerance. Every call is
watched for arguments changed in place (``Student.call``); each exercise that
takes arrays, lists or dicts charges what it saw once, in its inputs_unchanged.
"""
import heapq
import functools
import math

import numpy as np
import scipy.stats

from autograder.grader_api import (CheckFailure, Checks, NamedFunction, SUMS_WITHIN_ROUNDING,
                                   StudentError, as_float, call_ignoring_errors, call_valid, close,
                                   expect_close, expect_no_side_effects, expect_true,
                                   expect_value_error, fail, fmt, named_function,
                                   register_misconception)

checks = Checks("01_entropy_fundamentals")

PMF_SLACK = 1e-6            # the contract: a PMF sums to 1 within 1e-6

# Mutants of the reference that no correct check can kill. Most move a guard's
# boundary onto values that the next line rejects anyway: math.log raises ValueError
# ("math domain error") for every argument <= 0, and an empty PMF sums to 0, not 1.
# The others differ only on input that is no valid input of the contract (an
# infinite standard deviation or interval, nan entries, a "density" with negative,
# nan or infinite values, a probs that is not a dict), where the notebook states no
# behaviour: a check there would take points from correct answers.
_LOG_OF_BASE = ("lets {} past the guard, but every path that returns divides by "
                "math.log(base), which raises ValueError for base <= 0: every such call still "
                "raises ValueError (only the wording of the message differs).")
_SUM_BOUNDARY = ("|sum - 1| never equals 1e-6 exactly: for a float sum near 1, sum - 1.0 is "
                 "exact (Sterbenz) and a multiple of 2**-53, while the float 1e-6 is "
                 "4722366482869645 * 2**-72 (odd numerator), no such multiple; so > and >= "
                 "agree on every input.")
_EMPTY_SUMS_TO_0 = ("an empty {} sums to 0, not 1 within 1e-6, so the sum check right after "
                    "raises ValueError for it anyway.")
_NEVER_WRITTEN = ("the array is only read and indexed afterwards (boolean indexing copies), "
                  "never written, so np.asarray sharing the caller's float64 array leaves "
                  "the caller's data unchanged just the same.")
_NOT_A_DENSITY = ("differs from the reference only when pdf returns {} at the centres: "
                  "negative or nan values are no density, an infinite one (a density "
                  "sampled at a pole) makes the renormalised masses inf / inf undefined, and "
                  "the notebook names no error for any of them, so no valid input with a "
                  "defined answer tells the two apart.")
EQUIVALENT_MUTANTS = {
    "entropy/copy-removed/9a6d5dab": _NEVER_WRITTEN,
    "entropy/compare-Gt-GtE/db737a6f": _LOG_OF_BASE.format("base = 0"),
    "entropy/number/1ae4d765": _LOG_OF_BASE.format("bases in (-1, 0]"),
    "entropy/compare-Gt-GtE/39452957": _SUM_BOUNDARY,
    "entropy/number/9956d168": _EMPTY_SUMS_TO_0.format("p"),
    "cross_entropy/copy-removed/07a8d0db": _NEVER_WRITTEN,
    "cross_entropy/number/057875c3": (
        "skips the math.inf shortcut and computes -sum p log_b 0 through np.log(0) = -inf: the "
        "same +inf for every base > 1. For a base in (0, 1) with a support mismatch it gives "
        "-inf where the reference returns +inf; the mathematics agrees with the mutant there "
        "(log_b flips sign), the notebook says math.inf, so no check may enforce either until "
        "the notebook states the base < 1 case (an open item)"),
    "cross_entropy/compare-Gt-GtE/aa3329d0": _SUM_BOUNDARY,
    "cross_entropy/number/b09957e2": _EMPTY_SUMS_TO_0.format("p or q"),
    "cross_entropy/or-and/90231c82": (
        "still rejects an empty array (it sums to 0) and +-inf entries (the sum or the sign "
        "check); it lets through only arrays containing nan, whose nan sum passes "
        "abs(sum - 1) > 1e-6. nan is no probability and the notebook leaves it open: the "
        "correct alternatives (abs(fsum - 1) > 1e-6) accept it too. Equivalent on every "
        "valid input."),
    "differential_entropy_gaussian/compare-Gt-GtE/16f98dcb": _LOG_OF_BASE.format("base = 0"),
    "differential_entropy_gaussian/number/759c2d59": _LOG_OF_BASE.format("bases in (-1, 0]"),
    "differential_entropy_gaussian/compare-Gt-GtE/2bb7e25a": (
        "lets sigma = 0 past the guard, but math.log(sigma) then raises ValueError: the "
        "ValueError the contract asks for."),
    "differential_entropy_gaussian/number/086b5a8c": (
        "lets sigma in (-1, 0] past the guard, but math.log(sigma) then raises ValueError: "
        "the ValueError the contract asks for."),
    "differential_entropy_gaussian/or-and/def44689": (
        "every sigma <= 0 still raises ValueError (from math.log(sigma)), and so do nan and "
        "-inf; it differs only at sigma = +inf, where it returns inf (the limit of h) instead "
        "of raising. No Gaussian has an infinite standard deviation and the notebook names "
        "only sigma <= 0 as an error, so no valid input tells the two apart."),
    "differential_entropy_uniform/compare-Gt-GtE/3585ee03": _LOG_OF_BASE.format("base = 0"),
    "differential_entropy_uniform/number/67079649": _LOG_OF_BASE.format("bases in (-1, 0]"),
    "differential_entropy_uniform/compare-Lt-LtE/292aa684": (
        "lets a == b past the guard, but math.log(b - a) = math.log(0.0) then raises "
        "ValueError: the ValueError the contract asks for."),
    "differential_entropy_uniform/and-or/ee4a5119": (
        "still raises for every a >= b, for nan and for two infinite ends; it differs only "
        "when exactly one end is infinite, where it returns inf instead of raising. No "
        "uniform density lives on an infinite interval and the notebook names only a >= b "
        "as an error, so no valid input tells the two apart."),
    "differential_entropy_uniform/or-and/d2988602": (
        "still raises for every finite a >= b (math.log of b - a <= 0 raises ValueError) and "
        "for nan; it differs only when an end is infinite and a < b, where it returns inf "
        "instead of raising. No uniform density lives on an infinite interval and the "
        "notebook names only a >= b as an error, so no valid input tells the two apart."),
    "discretized_entropy/term-dropped/ef27c979": (
        "drops the factor bin_width from every mass, but the masses are renormalised, which "
        "divides a common factor out: pdf(c) * w / sum(pdf(c) * w) = pdf(c) / sum(pdf(c)), "
        "the same PMF up to the last bit. The two differ only at the edge of the float range "
        "(densities whose sum overflows, x on a scale below ~1e-306), where a correct answer "
        "that skips the cancelling factor fails just the same."),
    "discretized_entropy/compare-Gt-GtE/9539ea58": _LOG_OF_BASE.format("base = 0"),
    "discretized_entropy/number/7d69a7fd": _LOG_OF_BASE.format("bases in (-1, 0]"),
    "discretized_entropy/compare-Gt-GtE/1b5fd89e": (
        "lets hi == lo past the guard, but that window holds round(0) = 0 bins, which the "
        "n < 1 check rejects with ValueError."),
    "discretized_entropy/number/d6445bec": (
        "lets n = 0 bins past the guard, but then the masses are empty, their sum is 0, and "
        "the zero-mass check raises ValueError."),
    "discretized_entropy/number/2ad7ec3b": _NOT_A_DENSITY.format(
        "a value between -1/bin_width and 0"),
    "discretized_entropy/or-and/f5fdb618": _NOT_A_DENSITY.format(
        "a nan or infinite value, or an array of the wrong shape"),
    "discretized_entropy/or-and/ef8a2fba": _NOT_A_DENSITY.format(
        "a negative, nan or infinite value"),
    "huffman_code/compare-Gt-GtE/c3d88439": _SUM_BOUNDARY,
    "huffman_code/number/cf5f0552": _EMPTY_SUMS_TO_0.format("dict"),
    "huffman_code/number/2ace813f": "symbols[-1] is symbols[0]: the list has one element.",
    "huffman_code/number/8141e96e": ("the counter only breaks ties between equal weights, "
                                     "after the initial indices 0..n-1: any increasing "
                                     "sequence from n on does."),
    "huffman_code/or-and/6ad9308d": (
        "still rejects the empty dict (it sums to 0); it differs only for a probs that is "
        "not a dict (a list fails with AttributeError, another Mapping is coded), while the "
        "contract's probs is a dict: no valid input tells the two apart."),
}

NATURAL_LOG = "natural-log-instead-of-bits"
BASE_IGNORED = register_misconception(
    "base-ignored",
    "the base argument is ignored: the answer is the right quantity in the wrong unit. "
    "log_b(x) = ln(x) / ln(b); every base b > 0, b != 1 must be honoured.")
ZERO_LOG_ZERO = register_misconception(
    "zero-log-zero-is-nan",
    "0 * log 0 evaluated literally (0 * -inf = nan): outcomes of probability 0 contribute "
    "nothing, because x log x -> 0 as x -> 0. Sum only over the support, p > 0.")
INPUT_MODIFIED = register_misconception(
    "input-modified-in-place",
    "the caller's array was changed (e.g. zeros overwritten, or normalised in place): "
    "np.asarray does not copy a float64 array, so work on a copy (np.array(p, dtype=float)).")
CLAMPED_LOG = register_misconception(
    "clamped-log-hides-support-mismatch",
    "a clamped or epsilon-shifted log (log(max(q, 1e-10)), log(q + eps)): when q(x) = 0 < p(x) "
    "the cross-entropy is +inf -- an outcome the model calls impossible happens -- and a "
    "clamp turns that into a large finite number that only reflects the arbitrary epsilon.")
CE_SWAPPED = register_misconception(
    "cross-entropy-arguments-swapped",
    "p and q swapped: H(p, q) = -sum_x p(x) log q(x) averages the model's surprise "
    "-log q(x) over the data distribution p. It is not symmetric.")
CE_IS_KL = register_misconception(
    "cross-entropy-missing-entropy-term",
    "only the KL part was computed: H(p, q) = H(p) + KL(p||q); the cross-entropy also "
    "contains the irreducible entropy H(p) of the data.")
BITS_NOT_NATS = register_misconception(
    "bits-instead-of-nats",
    "bits instead of nats: differential (and discretised) entropies here default to "
    "base e, so the answer is off by a factor 1/ln 2. Use the base argument, default math.e.")
STD_AS_VARIANCE = register_misconception(
    "std-in-place-of-variance",
    "sigma used where sigma^2 belongs: h = 1/2 log(2 pi e sigma^2) = log(sigma) + "
    "1/2 log(2 pi e); sigma is the standard deviation, its square the variance.")
NOT_RENORMALISED = register_misconception(
    "discretised-masses-not-renormalised",
    "the bin masses pdf(centre) * bin_width were not renormalised: over a finite range "
    "(or with coarse bins) they do not sum to 1, so they are not a PMF. Divide by their sum.")
LEFT_EDGES = register_misconception(
    "bin-edges-instead-of-centres",
    "the density was evaluated at bin edges instead of bin centres lo + (i + 1/2) * width.")
FLOORED_BINS = register_misconception(
    "bin-count-truncated",
    "the number of bins was truncated (int or floor) instead of rounded: the contract "
    "uses round((hi - lo) / bin_width) bins.")
NOT_OPTIMAL = register_misconception(
    "prefix-code-not-optimal",
    "a valid prefix code within H <= L < H + 1, but not an optimal one: Shannon lengths "
    "ceil(-log2 p) and top-down Shannon-Fano splits can waste bits. Huffman's bottom-up "
    "merging of the two least likely nodes always reaches the minimum expected length.")
EMPTY_CODEWORD = register_misconception(
    "empty-codeword-for-single-symbol",
    "a one-symbol alphabet got the empty codeword: the tree is a single leaf, but a "
    "message must still take one bit per symbol to be written down (the contract: '0').")
UNWEIGHTED_LENGTH = register_misconception(
    "unweighted-average-length",
    "codeword lengths averaged without the probabilities: the expected length is "
    "sum_x p(x) * len(code[x]), a weighted average.")
NUMBER_AS_ARRAY = register_misconception(
    "number-returned-as-array",
    "a number returned as a one-element array (np.array([h]), a sum with keepdims=True, "
    "a product of (1, n) and (n, 1) arrays): the value is right, but the function returns "
    "a float. Return float(h).")
LEFTOVER_BITS = register_misconception(
    "decode-ignores-leftover-bits",
    "bits that do not complete a codeword were silently dropped: a bit string that ends "
    "in the middle of a codeword, or matches no codeword, is not a valid encoding and "
    "must raise ValueError.")


#: a ValueError on valid input is wrong: say why, where a call site gives no other reason
_call_valid = functools.partial(call_valid, why=SUMS_WITHIN_ROUNDING)


# -- helpers -------------------------------------------------------------------

def _entropy(p, base):
    return float(scipy.stats.entropy(np.ravel(p), base=base))


def _kl(p, q, base):
    return float(scipy.stats.entropy(p, q, base=base))


def _kwargs(base):
    return {} if base is None else {"base": base}


def _base_text(base):
    return "" if base is None else f", base={fmt(base)}"


def _bases(rng, include_default=True):
    """A spread of bases: default, 2, e, 10, a random one above 1 and one below 1."""
    bases = [2, math.e, 10, float(rng.uniform(1.1, 20)), float(rng.uniform(0.1, 0.9))]
    return ([None] if include_default else []) + bases


def _exact(w, bits=30):
    """A PMF proportional to the non-negative ``w`` whose entries are multiples of
    2**-bits, summing to exactly 1 in any order of addition (zeros stay zero,
    positive entries stay positive): a submission's own sum never sees rounding,
    so that only the check of sums within rounding judges the 1e-6 tolerance."""
    w = np.asarray(w, dtype=float)
    scale = 2.0 ** bits
    units = np.floor(w / w.sum() * scale)
    units[(w > 0) & (units == 0)] = 1.0
    units[np.argmax(units)] += scale - units.sum()
    return units / scale


def _pmf(rng, size=None, alpha=None, bits=30):
    size = int(rng.integers(2, 12)) if size is None else size
    alpha = float(rng.choice([0.5, 1.0, 3.0])) if alpha is None else alpha
    return _exact(rng.dirichlet(np.full(size, alpha)), bits)


def _unsorted(values):
    """The list ``values`` (distinct, at least 3) in an order that is neither
    ascending nor descending, so that sorting it in place changes it."""
    values = list(values)
    if values == sorted(values) or values == sorted(values, reverse=True):
        values[0], values[1] = values[1], values[0]
    return values


def _expect_number(got, expected, what, tol="float", misconceptions=None, hint=""):
    """expect_close for an exercise's main check, which also judges the type: the
    right value in a one-element array or list is named as a shape mistake (the
    other checks accept it: one mistake, one loss)."""
    value = as_float(got, what)
    if np.ndim(got) > 0 and close(value, expected, tol):
        fail(f"{what}: the right value {fmt(value)}, but returned inside an array of shape "
             f"{np.shape(got)}: return a float (float(h)).", NUMBER_AS_ARRAY)
    return expect_close(value, expected, what, tol=tol, misconceptions=misconceptions, hint=hint)


# Fixed probe inputs: a catalogued formula mistake seen by a check that judges
# something else is forgiven there when the student's function makes it on these
# too (the exercise's main check charges it). {function: {mistake: kwargs -> (args, value)}}
_P = [0.5, 0.25, 0.125, 0.125]                 # H = 1.75 bits
_PZ = [0.5, 0.5, 0.0]                          # H = 1 bit, with a zero
_CP, _CQ = [0.5, 0.25, 0.25], [0.125, 0.375, 0.5]
_GRID = (NamedFunction("gaussian_pdf", {"mu": 0.0, "sigma": 1.0}), -2.0, 3.0, 5.0 / 20.7)


def _grid_probe(options):
    def probe(kwargs):
        fn, lo, hi, width = _GRID
        pdf = named_function(fn.name, fn.params)
        return [fn, lo, hi, width], _discretized(pdf, lo, hi, width, **options(kwargs))
    return probe


_PROBES = {
    "entropy": {
        NATURAL_LOG: lambda kw: ([_P], _entropy(_P, math.e)),
        BASE_IGNORED: lambda kw: ([_P], _entropy(_P, 2)),
        ZERO_LOG_ZERO: lambda kw: ([_PZ], math.nan),
    },
    "cross_entropy": {
        NATURAL_LOG: lambda kw: ([_CP, _CQ], _entropy(_CP, math.e) + _kl(_CP, _CQ, math.e)),
        CE_SWAPPED: lambda kw: ([_CP, _CQ], _entropy(_CQ, kw.get("base", 2))
                                + _kl(_CQ, _CP, kw.get("base", 2))),
        ZERO_LOG_ZERO: lambda kw: ([_PZ, _PZ], math.nan),
    },
    "discretized_entropy": {
        NOT_RENORMALISED: _grid_probe(lambda kw: dict(base=kw.get("base", math.e),
                                                     renormalise=False)),
        LEFT_EDGES: _grid_probe(lambda kw: dict(base=kw.get("base", math.e), edges=True)),
        FLOORED_BINS: _grid_probe(lambda kw: dict(base=kw.get("base", math.e), n=20)),
        BITS_NOT_NATS: _grid_probe(lambda kw: dict(base=2)),
        NATURAL_LOG: _grid_probe(lambda kw: dict(base=math.e)),
    },
}


def _same_mistake(student, name, key, kwargs=None):
    """Whether the student's ``name`` makes the catalogued mistake ``key`` on the
    fixed probe input too, called like the check that saw it (same kwargs)."""
    kwargs = dict(kwargs or {})
    args, predicted = _PROBES[name][key](kwargs)
    try:
        value = as_float(student.call(name, *args, kwargs=kwargs), f"{name} on a probe")
    except (StudentError, CheckFailure):
        return False
    return close(value, predicted, "float")


def _expect_secondary(student, name, got, expected, what, known, kwargs=None, tol="float",
                      hint=""):
    """expect_close for a check that judges something other than the exercise's
    formula: a value showing a catalogued formula mistake (``known``: {id: the
    value it gives here}) passes when the student's function makes that mistake
    on the fixed probe too -- the exercise's main check charges it."""
    value = as_float(got, what)
    if close(value, expected, tol):
        return value
    known = {k: v for k, v in known.items() if not close(v, expected, tol)}
    for key, wrong in known.items():
        if close(value, wrong, tol) and _same_mistake(student, name, key, kwargs):
            return value
    return expect_close(value, expected, what, tol=tol, misconceptions=known, hint=hint)


def _expect_not_nan(value, what, misconception=ZERO_LOG_ZERO):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return
    if math.isnan(number):
        fail(f"{what} returned nan.", misconception)


# ===================================================================== entropy

@checks("entropy", points=1)
def test_entropy_matches_scipy_on_random_pmfs_in_every_base(student, rng):
    for base in _bases(rng):
        p = _pmf(rng)
        expected = _entropy(p, base or 2)
        what = f"entropy({fmt(p)}{_base_text(base)})"
        got = _call_valid(student, "entropy", p.tolist(), kwargs=_kwargs(base), what=what)
        _expect_number(got, expected, what, misconceptions={
            NATURAL_LOG: _entropy(p, math.e),
            BASE_IGNORED: _entropy(p, 2),
        })


@checks("entropy", points=0.25)
def test_entropy_zero_probabilities_contribute_nothing(student, rng):
    n = int(rng.integers(3, 9))
    p = _pmf(rng, n)
    p[rng.choice(n, size=int(rng.integers(1, n - 1)), replace=False)] = 0.0
    p = _exact(p)
    cases = [
        (p.tolist(), _entropy(p, 2), "a PMF with zeros"),
        ([0.0] * 2 + [1.0] + [0.0] * int(rng.integers(1, 4)), 0.0, "a certain outcome"),
        ([1.0], 0.0, "a one-outcome PMF"),
    ]
    for value, expected, label in cases:
        what = f"entropy({fmt(np.array(value))}) ({label})"
        got = _call_valid(student, "entropy", value, what=what)
        _expect_not_nan(got, what)
        _expect_secondary(student, "entropy", got, expected, what,
                          {NATURAL_LOG: expected * math.log(2)})


@checks("entropy", points=0.25)
def test_entropy_accepts_sums_within_rounding(student, rng):
    """The contract: a PMF sums to 1 within 1e-6 (float sums rarely give 1.0)."""
    p = rng.dirichlet(np.ones(int(rng.integers(3, 12))))
    cases = [
        (p.tolist(), _entropy(p, 2), f"a PMF whose float sum is {sum(p.tolist())!r}"),
        ([1 / 7] * 7, math.log2(7), "seven outcomes of 1/7 (float sum 0.9999999999999998)"),
        ([0.05] * 20, math.log2(20), "twenty outcomes of 0.05 (float sum 1.0000000000000002)"),
        ([1 / 6] * 6, math.log2(6), "a fair die"),
    ]
    for value, expected, label in cases:
        what = f"entropy({fmt(np.array(value))}) ({label})"
        got = _call_valid(student, "entropy", value, what=what)
        _expect_secondary(student, "entropy", got, expected, what,
                          {NATURAL_LOG: expected * math.log(2)})


@checks("entropy", points=0.25)
def test_entropy_accepts_array_likes(student, rng):
    p = _pmf(rng, int(rng.integers(3, 8)), bits=12)     # exact in float32 too
    expected = _entropy(p, 2)
    cases = [(tuple(p.tolist()), expected, f"entropy({fmt(p)}) given as a tuple", "float"),
             (p.astype(np.float32), expected, f"entropy({fmt(p)}) as a float32 array",
              "numerical"),
             ([1, 0], 0.0, "entropy([1, 0]) given as integers", "float")]
    for value, exp, what, tol in cases:
        got = _call_valid(student, "entropy", value, what=what)
        _expect_secondary(student, "entropy", got, exp, what, {
            NATURAL_LOG: exp * math.log(2), ZERO_LOG_ZERO: math.nan}, tol=tol)


@checks("entropy", points=0.5)
def test_entropy_additive_for_an_independent_joint_table(student, rng):
    px = _pmf(rng, int(rng.integers(2, 5)), bits=20)
    py = _pmf(rng, int(rng.integers(2, 6)), bits=20)
    joint = np.outer(px, py)                   # multiples of 2**-40: sums exactly to 1
    base = float(rng.choice([2, math.e]))
    expected = _entropy(px, base) + _entropy(py, base)
    what = (f"entropy of the joint table outer(p_x, p_y) with p_x = {fmt(px)}, "
            f"p_y = {fmt(py)}{_base_text(base)} (should be H(X) + H(Y))")
    got = _call_valid(student, "entropy", joint, kwargs={"base": base}, what=what)
    _expect_secondary(student, "entropy", got, expected, what, {
        NATURAL_LOG: _entropy(joint, math.e), BASE_IGNORED: _entropy(joint, 2)},
        kwargs={"base": base})


@checks("entropy", points=0.25)
def test_entropy_rejects_invalid_pmfs(student, rng):
    p = _pmf(rng, int(rng.integers(3, 7)))
    neg = p.copy()
    neg[0] += neg[1] + 0.2                      # still sums to 1, but one entry is negative
    neg[1] = -0.2
    # sums off 1 on both sides: |sum - 1| > 1e-6, not only sum - 1 > 1e-6
    below, above = float(rng.choice([0.98, 0.9, 0.5])), float(rng.choice([1.01, 1.5]))
    for value, what in [
        (neg.tolist(), f"entropy({fmt(neg)}) (a negative entry; the sum is 1)"),
        ([1.2, -0.2], "entropy([1.2, -0.2])"),
        ((p * below).tolist(), f"entropy of a vector summing to {below:g}"),
        ((p * above).tolist(), f"entropy of a vector summing to {above:g}"),
    ]:
        expect_value_error(student, "entropy", value, what=what)


@checks("entropy", points=0.25)
def test_entropy_rejects_invalid_bases(student, rng):
    p = _pmf(rng, int(rng.integers(3, 7)))
    for base in (1, 0, -2.0):
        expect_value_error(student, "entropy", p.tolist(), kwargs={"base": base},
                           what=f"entropy(p, base={base:g})")


@checks("entropy", points=0.25)
def test_entropy_inputs_unchanged(student, rng):
    p = _pmf(rng, int(rng.integers(4, 9)))
    # zeros inside a float64 array: the classic in-place trick p[p == 0] = 1
    q = p.copy()
    q[0] = 0.0
    q = _exact(q)
    result = call_ignoring_errors(student, "entropy", q.copy(), mutable=[0])
    if result is not None:
        _, (after,) = result
        expect_true(isinstance(after, np.ndarray) and after.shape == q.shape
                    and np.array_equal(after, q),
                    f"entropy(p) changed its argument: p was {fmt(q)}, afterwards "
                    f"{fmt(after)}.", INPUT_MODIFIED)
    # a list in no particular order; an array summing to 1 - 3e-7 (within the contract's
    # 1e-6: normalising it in place changes it); a nested list
    call_ignoring_errors(student, "entropy", _unsorted(p.tolist()))
    call_ignoring_errors(student, "entropy", p * (1 - 3e-7))
    call_ignoring_errors(student, "entropy", np.outer(p, [0.5, 0.5]).tolist())
    expect_no_side_effects(student, "inputs")


# =============================================================== cross_entropy

@checks("cross_entropy", points=0.75)
def test_cross_entropy_equals_entropy_plus_kl_on_random_pmfs(student, rng):
    for base in _bases(rng):
        n = int(rng.integers(2, 10))
        p, q = _pmf(rng, n), _pmf(rng, n, alpha=float(rng.choice([1.0, 3.0])))
        b = base or 2
        expected = _entropy(p, b) + _kl(p, q, b)
        what = f"cross_entropy({fmt(p)}, {fmt(q)}{_base_text(base)})"
        got = _call_valid(student, "cross_entropy", p.tolist(), q.tolist(),
                          kwargs=_kwargs(base), what=what)
        _expect_number(got, expected, what, misconceptions={
            NATURAL_LOG: expected * math.log(b),
            BASE_IGNORED: expected * math.log(b) / math.log(2),
            CE_SWAPPED: _entropy(q, b) + _kl(q, p, b),
            CE_IS_KL: _kl(p, q, b),
        })
    # q = p gives the entropy
    p = _pmf(rng, 5)
    what = f"cross_entropy(p, p) for p = {fmt(p)} (equals H(p))"
    got = _call_valid(student, "cross_entropy", p.tolist(), p.tolist(), what=what)
    _expect_number(got, _entropy(p, 2), what, misconceptions={CE_IS_KL: 0.0})


@checks("cross_entropy", points=1)
def test_cross_entropy_infinite_when_q_misses_the_support_of_p(student, rng):
    n = int(rng.integers(3, 8))
    p = _pmf(rng, n)
    q = _pmf(rng, n)
    holes = rng.choice(n, size=int(rng.integers(1, n - 1)), replace=False)
    q[holes] = 0.0
    q = _exact(q)
    cases = [(p, q, "q(x) = 0 where p(x) > 0"),
             (np.array([0.5, 0.5]), np.array([1.0, 0.0]), "a coin the model calls certain")]
    for pp, qq, label in cases:
        what = f"cross_entropy({fmt(pp)}, {fmt(qq)}) ({label})"
        got = _call_valid(student, "cross_entropy", pp.tolist(), qq.tolist(), what=what)
        value = as_float(got, f"{what} (should be +inf)")
        if math.isnan(value):
            fail(f"{what}: got nan, expected +inf (the log of 0 is -inf, and p(x) > 0 "
                 "multiplies it).")
        if value != math.inf:
            swapped = _entropy(qq, 2) + _kl(qq, pp, 2)
            if close(value, swapped, "float"):
                if _same_mistake(student, "cross_entropy", CE_SWAPPED):
                    continue     # p and q swapped everywhere: the first check charges it
                fail(f"{what}: got the finite value {fmt(value)}, expected +inf.", CE_SWAPPED)
            fail(f"{what}: got the finite value {fmt(value)}, expected +inf.", CLAMPED_LOG)


@checks("cross_entropy", points=0.5)
def test_cross_entropy_outcomes_with_p_zero_contribute_nothing(student, rng):
    n = int(rng.integers(4, 9))
    p, q = _pmf(rng, n), _pmf(rng, n)
    zeros = rng.choice(n, size=2, replace=False)
    p[zeros] = 0.0
    p = _exact(p)
    q[zeros[0]] = 0.0                      # q = 0 too: 0 * log 0 counts as 0
    q = _exact(q)
    expected = _entropy(p, 2) + _kl(p, q, 2)
    what = f"cross_entropy({fmt(p)}, {fmt(q)})"
    got = _call_valid(student, "cross_entropy", p, q, what=what)
    _expect_not_nan(got, what)
    _expect_secondary(student, "cross_entropy", got, expected, what, {
        NATURAL_LOG: expected * math.log(2), CE_SWAPPED: _entropy(q, 2) + _kl(q, p, 2)})
    # a certain outcome that the model calls certain too: every other outcome has
    # p = q = 0 (0 * log 0 = 0) and the certain one costs -1 * log 1 = 0; and the
    # smallest PMF of all, a single outcome
    m = int(rng.integers(2, 7))
    one_hot = np.zeros(m)
    one_hot[int(rng.integers(m))] = 1.0
    for value, label in [(one_hot.tolist(), "a certain outcome, predicted with certainty"),
                         ([1.0], "a one-outcome PMF")]:
        what = f"cross_entropy({fmt(np.array(value))}, {fmt(np.array(value))}) ({label})"
        got = _call_valid(student, "cross_entropy", value, list(value), what=what,
                          why="both are PMFs: non-negative entries summing to 1, of the "
                              "same shape; a PMF of one entry 1.0 is the smallest there is")
        _expect_not_nan(got, what)
        _expect_secondary(student, "cross_entropy", got, 0.0, what, {},
                          hint="No outcome is a surprise: H(p, p) = H(p) = 0 for a certain "
                               "outcome.")


@checks("cross_entropy", points=0.25)
def test_cross_entropy_rejects_invalid_pmfs(student, rng):
    p = _pmf(rng, 4)
    q = _pmf(rng, 4)
    for args, what in [
        ([p.tolist(), _pmf(rng, 5).tolist()], "cross_entropy of PMFs with 4 and 5 entries"),
        ([p.tolist(), (q * 1.05).tolist()], "cross_entropy with q summing to 1.05"),
        ([(p * 0.9).tolist(), q.tolist()], "cross_entropy with p summing to 0.9"),
        ([p.tolist(), [1.25, -0.25, 0.0, 0.0]], "cross_entropy with a negative q"),
    ]:
        expect_value_error(student, "cross_entropy", *args, what=what)


@checks("cross_entropy", points=0.25)
def test_cross_entropy_rejects_invalid_bases(student, rng):
    p, q = _pmf(rng, 4), _pmf(rng, 4)
    for base, text in ((1, "1"), (-math.e, "-e")):
        expect_value_error(student, "cross_entropy", p.tolist(), q.tolist(),
                           kwargs={"base": base}, what=f"cross_entropy(p, q, base={text})")
    # the answer would be +inf (q misses the support of p), which needs no logarithm
    # of the base at all: the base must be rejected on that path too
    misses = np.array([0.0, 0.0, 0.5, 0.5])
    for base in (0.0, -float(rng.uniform(0.1, 0.9))):
        expect_value_error(student, "cross_entropy", p.tolist(), misses.tolist(),
                           kwargs={"base": base},
                           what=f"cross_entropy({fmt(p)}, {fmt(misses)}, base={fmt(base)}) "
                                 "(q misses the support of p, but the base is invalid)")


@checks("cross_entropy", points=0.25)
def test_cross_entropy_inputs_unchanged(student, rng):
    n = int(rng.integers(4, 9))
    p, q = _pmf(rng, n), _pmf(rng, n)
    call_ignoring_errors(student, "cross_entropy", _unsorted(p.tolist()), _unsorted(q.tolist()))
    # arrays summing to 1 - 3e-7 (within the contract's 1e-6): normalising them in
    # place, or overwriting zeros, changes them
    q0 = q.copy()
    q0[0] = 0.0
    call_ignoring_errors(student, "cross_entropy", p * (1 - 3e-7), q * (1 - 3e-7))
    call_ignoring_errors(student, "cross_entropy", _exact(q0), p.copy())
    expect_no_side_effects(student, "inputs")


# ============================================================ differential_entropy_gaussian

@checks("differential_entropy_gaussian", points=1)
def test_differential_entropy_gaussian_closed_form_for_random_sigmas_and_bases(student, rng):
    cases = [(float(10 ** rng.uniform(-2, 2)), None),
             (float(rng.uniform(0.01, 0.2)), None),        # h < 0 below 1/sqrt(2 pi e)
             (float(10 ** rng.uniform(-2, 2)), 2),
             (2, 10),                                      # an int sigma
             (float(10 ** rng.uniform(-2, 2)), float(rng.uniform(1.1, 20))),
             (float(rng.uniform(0.5, 5)), float(rng.uniform(0.1, 0.9)))]
    for sigma, base in cases:
        b = base or math.e
        expected = float(scipy.stats.norm(scale=sigma).entropy()) / math.log(b)
        what = f"differential_entropy_gaussian({fmt(sigma)}{_base_text(base)})"
        got = _call_valid(student, "differential_entropy_gaussian", sigma,
                          kwargs=_kwargs(base), what=what)
        wrong = {STD_AS_VARIANCE: 0.5 * math.log(2 * math.pi * math.e * sigma) / math.log(b)}
        if base is None:
            wrong[BITS_NOT_NATS] = expected / math.log(2)
        else:
            wrong[NATURAL_LOG] = expected * math.log(b)
        _expect_number(got, expected, what, misconceptions=wrong)


@checks("differential_entropy_gaussian", points=0.25)
def test_differential_entropy_gaussian_rejects_non_positive_sigma(student, rng):
    sigma = float(rng.uniform(0.5, 3))
    for value in (0.0, -sigma):
        expect_value_error(student, "differential_entropy_gaussian", value,
                           what=f"differential_entropy_gaussian({fmt(value)})")


@checks("differential_entropy_gaussian", points=0.25)
def test_differential_entropy_gaussian_rejects_invalid_bases(student, rng):
    sigma = float(rng.uniform(0.5, 3))
    for base in (1, 0.0):
        expect_value_error(student, "differential_entropy_gaussian", sigma,
                           kwargs={"base": base},
                           what=f"differential_entropy_gaussian({fmt(sigma)}, base={base:g})")


# ============================================================ differential_entropy_uniform

@checks("differential_entropy_uniform", points=1)
def test_differential_entropy_uniform_closed_form_for_random_intervals_and_bases(student, rng):
    bases = [None, None, 2, 10, float(rng.uniform(0.1, 0.9)), math.e]
    for i, base in enumerate(bases):
        a = float(rng.uniform(-10, 10))
        width = float(10 ** rng.uniform(-2, 2)) if i != 1 else float(rng.uniform(0.05, 0.9))
        b_end = a + width
        b = base or math.e
        expected = float(scipy.stats.uniform(loc=a, scale=width).entropy()) / math.log(b)
        what = f"differential_entropy_uniform({fmt(a)}, {fmt(b_end)}{_base_text(base)})"
        got = _call_valid(student, "differential_entropy_uniform", a, b_end,
                          kwargs=_kwargs(base), what=what)
        wrong = {BITS_NOT_NATS: expected / math.log(2)} if base is None \
            else {NATURAL_LOG: expected * math.log(b)}
        _expect_number(got, expected, what, misconceptions=wrong)
    got = _call_valid(student, "differential_entropy_uniform", 0, 1,
                      what="differential_entropy_uniform(0, 1)")
    _expect_number(got, 0.0, "differential_entropy_uniform(0, 1) (integers)")


@checks("differential_entropy_uniform", points=0.25)
def test_differential_entropy_uniform_rejects_empty_interval(student, rng):
    a = float(rng.uniform(-5, 5))
    for args, what in [
        ([a, a], f"differential_entropy_uniform({fmt(a)}, {fmt(a)}) (a == b)"),
        ([a, a - 1.5], f"differential_entropy_uniform({fmt(a)}, {fmt(a - 1.5)}) (a > b)"),
    ]:
        expect_value_error(student, "differential_entropy_uniform", *args, what=what)


@checks("differential_entropy_uniform", points=0.25)
def test_differential_entropy_uniform_rejects_invalid_bases(student, rng):
    a = float(rng.uniform(-5, 5))
    for base in (1, 0.0):
        expect_value_error(student, "differential_entropy_uniform", a, a + 2,
                           kwargs={"base": base},
                           what=f"differential_entropy_uniform(a, b, base={base:g})")


# ======================================================== discretized_entropy

def _grid(lo, hi, width, n=None, edges=False):
    n = int(round((hi - lo) / width)) if n is None else n
    return lo + width * (np.arange(n) + (0.0 if edges else 0.5))


def _discretized(pdf, lo, hi, width, base, n=None, edges=False, renormalise=True):
    """The contract's definition; scipy.stats.entropy renormalises the masses."""
    masses = np.asarray(pdf(_grid(lo, hi, width, n, edges)), dtype=float) * width
    if renormalise:
        return float(scipy.stats.entropy(masses, base=base))
    m = masses[masses > 0]
    return float(-np.sum(m * np.log(m)) / math.log(base))


def _fn_text(fn):
    def value(v):
        return "[" + ", ".join(fmt(x, 4) for x in v) + "]" if isinstance(v, list) else fmt(v, 4)
    return f"{fn.name}({', '.join(f'{k}={value(v)}' for k, v in fn.params.items())})"


def _random_density(rng, kind):
    if kind == "gaussian":
        mu, s = float(rng.uniform(-2, 2)), float(10 ** rng.uniform(-0.5, 0.5))
        return NamedFunction("gaussian_pdf", {"mu": mu, "sigma": s}), mu, s
    if kind == "laplace":
        mu, s = float(rng.uniform(-2, 2)), float(10 ** rng.uniform(-0.5, 0.3))
        return NamedFunction("laplace_pdf", {"mu": mu, "b": s}), mu, 1.4 * s
    if kind == "exponential":
        rate = float(10 ** rng.uniform(-0.3, 0.5))
        return NamedFunction("exponential_pdf", {"rate": rate}), 1 / rate, 1 / rate
    w = float(rng.uniform(0.2, 0.8))
    means = sorted(float(m) for m in rng.uniform(-3, 3, size=2))
    stds = [float(s) for s in rng.uniform(0.4, 1.2, size=2)]
    params = {"weights": [w, 1 - w], "means": means, "stds": stds}
    return NamedFunction("mixture_pdf", params), 0.5 * sum(means), 2.0


def _discretized_call(student, fn, lo, hi, width, base, label="", main=False):
    """Call and judge; ``main``: the exercise's first check (the formula and the
    type), else a check that forgives the student's own systematic formula mistake."""
    pdf = named_function(fn.name, fn.params)
    b = base or math.e
    expected = _discretized(pdf, lo, hi, width, b)
    what = (f"discretized_entropy({_fn_text(fn)}, lo={fmt(lo)}, hi={fmt(hi)}, "
            f"bin_width={fmt(width)}{_base_text(base)}){label}")
    n = int(round((hi - lo) / width))
    why = ("every base > 0 other than 1 is valid; below 1 entropies are negative"
           if base is not None and base < 1 else
           "round((hi - lo) / bin_width) = 1: a window of one bin is valid, only n < 1 "
           "is an error" if n == 1 else
           "bin_width > 0, lo < hi, at least one bin, and the density is positive somewhere")
    got = _call_valid(student, "discretized_entropy", fn, lo, hi, width,
                      kwargs=_kwargs(base), what=what, why=why)
    _expect_not_nan(got, what)
    wrong = {NOT_RENORMALISED: _discretized(pdf, lo, hi, width, b, renormalise=False),
             LEFT_EDGES: _discretized(pdf, lo, hi, width, b, edges=True)}
    if math.floor((hi - lo) / width) != n:
        wrong[FLOORED_BINS] = _discretized(pdf, lo, hi, width, b, n=n - 1)
    if base is None:
        wrong[BITS_NOT_NATS] = expected / math.log(2)
    else:
        wrong[NATURAL_LOG] = expected * math.log(b)
    wrong = {k: v for k, v in wrong.items() if not close(v, expected, "float")}
    if main:
        _expect_number(got, expected, what, misconceptions=wrong)
    else:
        _expect_secondary(student, "discretized_entropy", got, expected, what, wrong,
                          kwargs=_kwargs(base))


@checks("discretized_entropy", points=1)
def test_discretized_entropy_matches_the_definition_on_random_densities(student, rng):
    kinds = ["gaussian", "laplace", "exponential", "mixture"]
    for i, kind in enumerate(kinds + [str(rng.choice(kinds)), str(rng.choice(kinds))]):
        fn, centre, scale = _random_density(rng, kind)
        lo = centre - float(rng.uniform(1.5, 5)) * scale
        hi = centre + float(rng.uniform(1.5, 5)) * scale
        # a non-integer number of bins: round() and floor() differ half of the time
        fraction = float(rng.uniform(0.15, 0.35) if i % 2 else rng.uniform(0.65, 0.85))
        width = (hi - lo) / (int(rng.integers(6, 60)) + fraction)
        # every base > 0, != 1 works: one above 1 and one below 1 (negative entropies)
        base = [None, 2, None, 10, float(rng.uniform(1.1, 5)), float(rng.uniform(0.1, 0.9))][i]
        _discretized_call(student, fn, lo, hi, width, base, main=True)
    # a Gaussian with x in tiny or huge units: the densities are ~1/unit and the bin
    # widths ~unit, but the masses pdf(centre) * bin_width stay of order 1/n, so the
    # definition works at any scale (a discretised entropy does not depend on the units)
    fn, mu, s = _random_density(rng, "gaussian")
    unit = 10.0 ** (float(rng.choice([-1.0, 1.0])) * float(rng.uniform(160, 200)))
    fn = NamedFunction("gaussian_pdf", {"mu": mu * unit, "sigma": s * unit})
    lo, hi = (mu - float(rng.uniform(2, 5)) * s) * unit, (mu + float(rng.uniform(2, 5)) * s) * unit
    width = (hi - lo) / (int(rng.integers(6, 60)) + 0.3)
    _discretized_call(student, fn, lo, hi, width, None,
                      f" (x in units of {unit:.3g}: the masses pdf(centre) * bin_width, "
                      "probabilities, do not depend on the units)", main=True)


@checks("discretized_entropy", points=0.25)
def test_discretized_entropy_truncated_range(student, rng):
    # a range cutting off much of a Gaussian: the masses must be renormalised
    fn, mu, s = _random_density(rng, "gaussian")
    lo, hi = mu - float(rng.uniform(0.3, 1.0)) * s, mu + float(rng.uniform(0.5, 2.0)) * s
    width = (hi - lo) / (int(rng.integers(5, 30)) + 0.25)
    _discretized_call(student, fn, lo, hi, width, None, " (a truncated range)")
    # the most truncated window of all: round((hi - lo) / bin_width) = 1 bin, which
    # the renormalised masses fill completely (H = 0; n < 1 is the error, not n = 1)
    width = (hi - lo) / float(rng.uniform(1.05, 1.45))
    _discretized_call(student, fn, lo, hi, width, float(rng.choice([2.0, math.e])),
                      " (a window of a single bin: all the mass is in it)")


@checks("discretized_entropy", points=0.25)
def test_discretized_entropy_bins_of_zero_density(student, rng):
    # a uniform density covering k bins of a wider grid: H = log k, other bins are empty
    lo, width = float(rng.uniform(-3, 0)), float(rng.uniform(0.05, 0.5))
    n, k1 = int(rng.integers(12, 40)), int(rng.integers(1, 5))
    k2 = int(rng.integers(k1 + 2, n - 2))
    a, b = lo + (k1 + 0.3) * width, lo + (k2 + 0.9) * width   # never on a bin centre
    fn = NamedFunction("uniform_pdf", {"a": a, "b": b})
    hi = lo + n * width
    base = float(rng.choice([2.0, math.e]))
    what = (f"discretized_entropy({_fn_text(fn)}, lo={fmt(lo)}, "
            f"hi={fmt(hi)}, bin_width={fmt(width)}, base={fmt(base)}) "
            f"({k2 - k1 + 1} bins of equal mass, the others empty)")
    got = _call_valid(student, "discretized_entropy", fn, lo, hi, width,
                      kwargs={"base": base}, what=what)
    _expect_not_nan(got, what)
    pdf = named_function(fn.name, fn.params)
    _expect_secondary(student, "discretized_entropy", got, math.log(k2 - k1 + 1) / math.log(base),
                      what, {NOT_RENORMALISED: _discretized(pdf, lo, hi, width, base,
                                                            renormalise=False),
                             LEFT_EDGES: _discretized(pdf, lo, hi, width, base, edges=True),
                             NATURAL_LOG: math.log(k2 - k1 + 1)},
                      kwargs={"base": base})


@checks("discretized_entropy", points=1)
def test_discretized_entropy_approaches_h_minus_log_bin_width(student, rng):
    """The invariant H(X_delta) = h(X) - log(delta) + O(delta^2) for small bins."""
    for kind in ("gaussian", "laplace"):
        fn, mu, s = _random_density(rng, kind)
        base = float(rng.choice([2.0, math.e]))
        if kind == "gaussian":
            h = float(scipy.stats.norm(mu, s).entropy())
            width = s / float(rng.uniform(150, 250))
            lo, hi = mu - 12 * s, mu + 12 * s
        else:
            scale = fn.params["b"]
            h = float(scipy.stats.laplace(mu, scale).entropy())
            width = scale / float(rng.uniform(150, 250))
            lo, hi = mu - 30 * scale, mu + 30 * scale
        expected = (h - math.log(width)) / math.log(base)
        what = (f"discretized_entropy({_fn_text(fn)}, lo={fmt(lo)}, hi={fmt(hi)}, "
                f"bin_width={fmt(width)}, base={fmt(base)}) with small bins "
                f"(h(X) - log(bin_width) = {fmt(expected)})")
        got = _call_valid(student, "discretized_entropy", fn, lo, hi, width,
                          kwargs={"base": base}, what=what)
        pdf = named_function(fn.name, fn.params)
        _expect_secondary(student, "discretized_entropy", got, expected, what,
                          {NATURAL_LOG: _discretized(pdf, lo, hi, width, math.e)},
                          kwargs={"base": base}, tol="integral",
                          hint="For tiny bins the discretised entropy exceeds h(X) by "
                               "log(1/bin_width).")


@checks("discretized_entropy", points=0.25)
def test_discretized_entropy_rejects_an_invalid_grid(student, rng):
    fn = NamedFunction("gaussian_pdf", {"mu": 0.0, "sigma": 1.0})
    width = float(rng.uniform(0.05, 0.5))
    for args, kwargs, what in [
        ([fn, -3.0, 3.0, 0.0], {}, "discretized_entropy(pdf, -3, 3, bin_width=0)"),
        ([fn, -3.0, 3.0, -width], {}, f"discretized_entropy(pdf, -3, 3, bin_width={fmt(-width)})"),
        ([fn, 3.0, -3.0, width], {}, "discretized_entropy(pdf, lo=3, hi=-3, ...) (hi < lo)"),
        ([fn, 1.0, 1.0, width], {}, "discretized_entropy(pdf, lo=1, hi=1, ...) (hi == lo)"),
        ([fn, 0.0, 1.0, 5.0], {},
         "discretized_entropy(pdf, 0, 1, bin_width=5) (round(0.2) = 0 bins)"),
        ([NamedFunction("uniform_pdf", {"a": 10.0, "b": 11.0}), -1.0, 1.0, width], {},
         "discretized_entropy of a density that is 0 on every bin centre (no mass to renormalise)"),
    ]:
        expect_value_error(student, "discretized_entropy", *args, kwargs=kwargs, what=what)


@checks("discretized_entropy", points=0.25)
def test_discretized_entropy_rejects_invalid_bases(student, rng):
    fn = NamedFunction("gaussian_pdf", {"mu": 0.0, "sigma": 1.0})
    width = float(rng.uniform(0.05, 0.5))
    for base in (1, 0.0):
        expect_value_error(student, "discretized_entropy", fn, -3.0, 3.0, width,
                           kwargs={"base": base}, what=f"discretized_entropy(..., base={base:g})")


# ================================================================ huffman_code

def _optimal_length(weights):
    """Minimum expected codeword length: the sum of Huffman's merged weights.

    Every merge puts one more bit on each symbol below it, so the total cost is
    the sum of the merged weights (heapq on weights only; symbols never compared).
    """
    heap = [float(w) for w in weights]
    if len(heap) == 1:
        return 1.0 * heap[0]                 # the contract: one symbol costs one bit
    heapq.heapify(heap)
    cost = 0.0
    while len(heap) > 1:
        merged = heapq.heappop(heap) + heapq.heappop(heap)
        cost += merged
        heapq.heappush(heap, merged)
    return cost


def _symbols(rng, n, kind):
    """n distinct symbols of one kind: 'str', 'int', 'tuple', 'char' or 'mixed'."""
    if kind == "char":
        pool = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;!?")
        return [pool[i] for i in rng.choice(len(pool), size=n, replace=False)]
    if kind == "str":
        return [f"{w}{i}" for i, w in enumerate(rng.choice(["sym", "x", "word", "tok"], size=n))]
    if kind == "int":
        return [int(v) for v in rng.choice(1000, size=n, replace=False) - 500]
    if kind == "tuple":
        letters = rng.choice(list("ab"), n)
        return [("t", int(i), str(c)) for i, c in zip(rng.permutation(n), letters)]
    makers = [lambda i: f"s{i}", lambda i: int(i), lambda i: ("pair", int(i)),
              lambda i: float(i) + 0.5]
    return [makers[i % 4](i) for i in rng.permutation(n)]


def _describe(probs):
    items = list(probs.items())
    text = ", ".join(f"{k!r}: {v!r}" if isinstance(v, str) else f"{k!r}: {fmt(v, 4)}"
                     for k, v in items[:8])
    return "{" + text + (", ..." if len(items) > 8 else "") + "}"


def _check_code(code, probs, what):
    """Fail unless ``code`` is an optimal binary prefix code for ``probs``."""
    if not isinstance(code, dict):
        fail(f"{what} should return a dict symbol -> codeword, got {type(code).__name__}")
    missing = [s for s in probs if s not in code]
    extra = [s for s in code if s not in probs]
    expect_true(not missing, f"{what}: no codeword for {missing[:5]!r}; every symbol needs one.")
    expect_true(not extra, f"{what}: codewords for symbols that are not in probs: {extra[:5]!r}.")
    for s, word in code.items():
        expect_true(isinstance(word, str),
                    f"{what}: the codeword of {s!r} should be a str of '0'/'1', got "
                    f"{type(word).__name__} {word!r:.40}")
        if word == "" and len(probs) == 1:
            fail(f"{what}: the only symbol got the empty codeword; expected '0'.", EMPTY_CODEWORD)
        expect_true(word != "" and set(word) <= {"0", "1"},
                    f"{what}: the codeword of {s!r} is {word!r}; codewords are non-empty "
                    "strings of '0' and '1'.")
    words = sorted(code.values())
    for a, b in zip(words, words[1:]):
        expect_true(not b.startswith(a),
                    f"{what}: not prefix-free: {a!r} is a prefix of {b!r} (or repeated), so a "
                    "decoder cannot tell where a codeword ends.")
    weights = [float(p) for p in probs.values()]
    length = sum(float(probs[s]) * len(code[s]) for s in probs)
    optimum = _optimal_length(weights)
    if not close(length, optimum, "float"):
        h = _entropy(weights, 2)
        if length > optimum and h <= length + 1e-12 and length < h + 1:
            fail(f"{what}: expected length {fmt(length)} bits, but the optimum is "
                 f"{fmt(optimum)} bits (entropy {fmt(h)}).", NOT_OPTIMAL)
        fail(f"{what}: expected length {fmt(length)} bits; an optimal code has "
             f"{fmt(optimum)} bits (entropy {fmt(h)}).")


def _huffman(student, probs, what=None, main=False):
    """Call and judge; ``main``: the check of optimality, else a valid prefix code
    that is not optimal passes when the student's code is not optimal on the fixed
    probes either (the optimality check charges it: one mistake, one loss)."""
    what = what or f"huffman_code({_describe(probs)})"
    code = _call_valid(student, "huffman_code", dict(probs), what=what)
    try:
        _check_code(code, probs, what)
    except CheckFailure as failure:
        if main or failure.misconception != NOT_OPTIMAL or not _huffman_not_optimal(student):
            raise
    return code


#: Distributions on which a Shannon code (ceil(-log2 p) bits) and a Shannon-Fano
#: split are valid prefix codes but not optimal; no weight of a merged node ties a
#: leaf's, so that no tie-breaking ever compares symbols.
_HUFFMAN_PROBES = ({"a": 0.6, "b": 0.3, "c": 0.1},
                   {"a": 0.35, "b": 0.17, "c": 0.17, "d": 0.16, "e": 0.15})


def _huffman_not_optimal(student):
    """Whether the student's huffman_code gives a valid but suboptimal code on a probe."""
    for probs in _HUFFMAN_PROBES:
        try:
            _check_code(student.call("huffman_code", dict(probs)), probs, "a probe")
        except CheckFailure as failure:
            if failure.misconception == NOT_OPTIMAL:
                return True
        except StudentError:
            return False
    return False


def _random_probs(rng, symbols, alpha=None):
    p = _pmf(rng, len(symbols), alpha)
    return dict(zip(symbols, p.tolist()))


@checks("huffman_code", points=1.25)
def test_huffman_code_optimal_prefix_code_on_random_distributions(student, rng):
    for _ in range(5):
        n = int(rng.integers(3, 14))
        _huffman(student, _random_probs(rng, _symbols(rng, n, "str"),
                                        float(rng.choice([0.3, 1.0, 3.0]))), main=True)
    # fixed cases where top-down Shannon-Fano splitting is not optimal; no merged
    # weight ties a leaf (ties are the ties check's)
    for weights in ([0.35, 0.17, 0.17, 0.16, 0.15],
                    [0.38, 0.18, 0.16, 0.15, 0.13],
                    [0.3, 0.26, 0.19, 0.1, 0.1, 0.05]):
        perm = rng.permutation(len(weights))
        symbols = _symbols(rng, len(weights), "char")
        _huffman(student, {symbols[i]: weights[j] for i, j in enumerate(perm)}, main=True)


@checks("huffman_code", points=0.25)
def test_huffman_code_symbols_of_any_hashable_kind(student, rng):
    for kind in ("int", "tuple", "mixed"):
        _huffman(student, _random_probs(rng, _symbols(rng, int(rng.integers(3, 10)), kind)))


@checks("huffman_code", points=0.25)
def test_huffman_code_ties_never_compare_symbols(student, rng):
    # ties everywhere (dyadic and uniform probabilities): heapq then compares the next
    # item of its entries, which must never be a symbol (of any kind) or a tree node
    for kind, weights in [("int", [0.25, 0.25, 0.125, 0.125, 0.125, 0.125]),
                          ("str", [0.25] * 4),
                          ("tuple", [1 / 6] * 6),
                          ("mixed", [0.2] * 5),
                          ("mixed", [0.25, 0.25, 0.25, 0.125, 0.0625, 0.0625]),
                          # 16 equal weights: merged nodes of equal weight tie again and
                          # again, so a counter that repeats is found out
                          ("mixed", [1 / 16] * 16)]:
        symbols = _symbols(rng, len(weights), kind)
        _huffman(student, dict(zip(symbols, weights)))


@checks("huffman_code", points=0.25)
def test_huffman_code_one_symbol_gets_codeword_0(student, rng):
    symbol = _symbols(rng, 1, str(rng.choice(["str", "int", "tuple"])))[0]
    code = _call_valid(student, "huffman_code", {symbol: 1.0},
                       what=f"huffman_code({{{symbol!r}: 1.0}})")
    expect_true(isinstance(code, dict) and code.get(symbol) == "0",
                f"huffman_code({{{symbol!r}: 1.0}}) should be {{{symbol!r}: '0'}}, got "
                f"{code!r:.80}",
                EMPTY_CODEWORD if isinstance(code, dict) and code.get(symbol) == "" else None)


@checks("huffman_code", points=0.25)
def test_huffman_code_two_symbols(student, rng):
    p = float(rng.uniform(0.05, 0.95))
    a, b = _symbols(rng, 2, "str")
    _huffman(student, {a: p, b: 1 - p})


@checks("huffman_code", points=0.5)
def test_huffman_code_zero_probability_symbols_still_get_codewords(student, rng):
    n = int(rng.integers(5, 10))
    symbols = _symbols(rng, n, "str")
    p = _pmf(rng, n)
    p[rng.choice(n, size=2, replace=False)] = 0.0
    _huffman(student, dict(zip(symbols, _exact(p).tolist())))


@checks("huffman_code", points=0.5)
def test_huffman_code_expected_length_within_entropy_bounds(student, rng):
    """Shannon's bounds H <= L < H + 1 (true of any optimal code of >= 2 symbols)."""
    for _ in range(4):
        n = int(rng.integers(2, 16))
        symbols = _symbols(rng, n, "str")
        probs = _random_probs(rng, symbols, float(rng.choice([0.2, 1.0, 5.0])))
        what = f"huffman_code({_describe(probs)})"
        code = _call_valid(student, "huffman_code", probs, what=what)
        if not isinstance(code, dict) or set(code) != set(probs) or \
                not all(isinstance(w, str) for w in code.values()):
            fail(f"{what} should return a dict mapping each symbol to a str codeword.")
        length = sum(probs[s] * len(code[s]) for s in probs)
        h = _entropy(list(probs.values()), 2)
        expect_true(h - 1e-12 <= length < h + 1,
                    f"{what}: expected length {fmt(length)} bits is outside "
                    f"[H, H + 1) = [{fmt(h)}, {fmt(h + 1)}).")


@checks("huffman_code", points=0.5)
def test_huffman_code_rejects_invalid_probabilities(student, rng):
    symbols = _symbols(rng, 4, "str")
    p = _pmf(rng, 4)
    # sums off 1 on both sides: |sum - 1| > 1e-6, not only sum - 1 > 1e-6
    below, above = float(rng.choice([0.9, 0.5])), float(rng.choice([1.1, 2.0]))
    for probs, what in [
        (dict(zip(symbols, (p * below).tolist())),
         f"huffman_code of probabilities summing to {below:g}"),
        (dict(zip(symbols, (p * above).tolist())),
         f"huffman_code of probabilities summing to {above:g}"),
        (dict(zip(symbols, [0.7, 0.5, -0.3, 0.1])), "huffman_code with a negative probability"),
        ({}, "huffman_code({}) (no symbols)"),
    ]:
        expect_value_error(student, "huffman_code", probs, what=what)


@checks("huffman_code", points=0.25)
def test_huffman_code_inputs_unchanged(student, rng):
    for kind in ("str", "mixed"):
        n = int(rng.integers(3, 10))
        call_ignoring_errors(student, "huffman_code",
                             _random_probs(rng, _symbols(rng, n, kind)))
    expect_no_side_effects(student, "inputs")


# ================================================= expected_length, encode, decode

def _random_prefix_code(rng, symbols):
    """A random complete binary prefix code (random merges, random bit labels)."""
    if len(symbols) == 1:
        return {symbols[0]: str(rng.choice(["0", "1", "10"]))}
    code = {s: "" for s in symbols}
    groups = [[s] for s in symbols]
    while len(groups) > 1:
        i, j = sorted(rng.choice(len(groups), size=2, replace=False), reverse=True)
        bit = int(rng.integers(2))
        for s in groups[i]:
            code[s] = str(bit) + code[s]
        for s in groups[j]:
            code[s] = str(1 - bit) + code[s]
        merged = groups.pop(i) + groups.pop(j)
        groups.append(merged)
    return code


@checks("expected_length", points=0.5)
def test_expected_length_weighted_average_of_codeword_lengths(student, rng):
    for kind in ("str", "int", "tuple", "mixed"):
        n = int(rng.integers(2, 12))
        symbols = _symbols(rng, n, kind)
        code = _random_prefix_code(rng, symbols)
        p = _pmf(rng, n)
        if n > 3:
            p[int(rng.integers(n))] = 0.0
            p = _exact(p)
        probs = dict(zip(symbols, p.tolist()))
        lengths = np.array([len(code[s]) for s in symbols], dtype=float)
        expected = float(np.dot(p, lengths))
        what = (f"expected_length(code, probs) for code {_describe(code)} "
                f"and probs {_describe(probs)}")
        got = _call_valid(student, "expected_length", code, probs, what=what)
        _expect_number(got, expected, what, misconceptions={
            UNWEIGHTED_LENGTH: float(lengths.mean()),
        })
    # a code with a codeword for a symbol that probs does not list: it costs nothing
    symbols = _symbols(rng, 4, "str")
    code = _random_prefix_code(rng, symbols)
    probs = {s: w for s, w in zip(symbols[:3], _pmf(rng, 3).tolist())}
    expected = sum(probs[s] * len(code[s]) for s in probs)
    what = f"expected_length({_describe(code)}, {_describe(probs)}) (an unused codeword)"
    got = _call_valid(student, "expected_length", code, probs, what=what)
    _expect_number(got, expected, what)


@checks("expected_length", points=0.25)
def test_expected_length_rejects_a_symbol_without_codeword(student, rng):
    symbols = _symbols(rng, 4, "str")
    code = _random_prefix_code(rng, symbols[:3])
    probs = dict(zip(symbols, _pmf(rng, 4).tolist()))
    expect_value_error(student, "expected_length", code, probs,
                       what=f"expected_length(code, probs) where {symbols[3]!r} has "
                             "probability > 0 but no codeword")


@checks("expected_length", points=0.25)
def test_expected_length_inputs_unchanged(student, rng):
    symbols = _symbols(rng, int(rng.integers(4, 9)), "str")
    code = _random_prefix_code(rng, symbols)
    p = _pmf(rng, len(symbols))
    p[0] = 0.0                            # a symbol of probability 0
    probs = dict(zip(symbols, (_exact(p) * (1 - 3e-7)).tolist()))   # a sum just below 1
    call_ignoring_errors(student, "expected_length", code, probs)
    expect_no_side_effects(student, "inputs")


def _message(rng, symbols, length):
    return [symbols[i] for i in rng.integers(len(symbols), size=length)]


@checks("encode", points=0.5)
def test_encode_concatenates_codewords(student, rng):
    for kind in ("str", "int", "tuple", "mixed"):
        symbols = _symbols(rng, int(rng.integers(1, 10)), kind)
        code = _random_prefix_code(rng, symbols)
        message = _message(rng, symbols, int(rng.integers(1, 40)))
        expected = "".join(code[s] for s in message)
        what = f"encode({message[:6]!r}{'...' if len(message) > 6 else ''}, {_describe(code)})"
        got = _call_valid(student, "encode", message, code, what=what)
        expect_true(isinstance(got, str), f"{what} should return a str of bits, got "
                                          f"{type(got).__name__}")
        expect_true(got == expected, f"{what}: got {got[:60]!r}, expected {expected[:60]!r}"
                                     + (" (no separators between codewords)" if " " in got else ""))
    # a str message is a sequence of characters; the empty message encodes to ''
    symbols = _symbols(rng, 6, "char")
    code = _random_prefix_code(rng, symbols)
    text = "".join(_message(rng, symbols, 25))
    expected = "".join(code[c] for c in text)
    got = _call_valid(student, "encode", text, code, what=f"encode({text!r}, code)")
    expect_true(got == expected, f"encode({text!r}, {_describe(code)}): got {got!r:.80}, "
                                 f"expected {expected!r:.80}")
    got = _call_valid(student, "encode", [], code, what="encode([], code)")
    expect_true(got == "", f"encode([], code) should be '' (no symbols, no bits), got {got!r:.40}")


@checks("encode", points=0.25)
def test_encode_rejects_a_symbol_without_codeword(student, rng):
    symbols = _symbols(rng, 5, "str")
    code = _random_prefix_code(rng, symbols[:4])
    message = _message(rng, symbols[:4], 5) + [symbols[4]]
    expect_value_error(student, "encode", message, code,
                       what=f"encode(message, code) where {symbols[4]!r} has no codeword")


@checks("encode", points=0.25)
def test_encode_inputs_unchanged(student, rng):
    for kind in ("str", "mixed"):
        symbols = _symbols(rng, int(rng.integers(2, 8)), kind)
        code = _random_prefix_code(rng, symbols)
        call_ignoring_errors(student, "encode", _message(rng, symbols, int(rng.integers(3, 20))),
                             code)
    expect_no_side_effects(student, "inputs")


@checks("decode", points=0.75)
def test_decode_inverts_encoding_with_any_prefix_code(student, rng):
    for kind in ("char", "str", "int", "tuple", "mixed"):
        symbols = _symbols(rng, int(rng.integers(2, 12)), kind)
        code = _random_prefix_code(rng, symbols)
        message = _message(rng, symbols, int(rng.integers(1, 60)))
        bits = "".join(code[s] for s in message)
        what = f"decode({bits[:40]!r}{'...' if len(bits) > 40 else ''}, {_describe(code)})"
        got = _call_valid(student, "decode", bits, code, what=what)
        expect_true(isinstance(got, list), f"{what} should return a list of symbols, got "
                                           f"{type(got).__name__} {got!r:.60}")
        expect_true(got == message, f"{what}: got {got[:8]!r}..., expected {message[:8]!r}...")
    # a one-symbol code, and the empty bit string
    symbol = _symbols(rng, 1, "str")[0]
    code = _random_prefix_code(rng, [symbol])
    k = int(rng.integers(1, 6))
    got = _call_valid(student, "decode", code[symbol] * k, code,
                      what=f"decode({code[symbol] * k!r}, {code!r})")
    expect_true(got == [symbol] * k, f"decode({code[symbol] * k!r}, {code!r}): got {got!r:.80}, "
                                     f"expected {[symbol] * k!r}")
    got = _call_valid(student, "decode", "", code, what="decode('', code)")
    expect_true(got == [], f"decode('', code) should be [] (no bits, no symbols), got {got!r:.40}")


@checks("decode", points=0.5)
def test_decode_rejects_a_truncated_bit_string(student, rng):
    symbols = _symbols(rng, int(rng.integers(4, 9)), "str")
    code = _random_prefix_code(rng, symbols)
    longest = max(symbols, key=lambda s: len(code[s]))
    message = _message(rng, symbols, int(rng.integers(2, 12)))
    cut = int(rng.integers(1, len(code[longest])))
    bits = "".join(code[s] for s in message) + code[longest][:cut]
    what = f"decode({bits!r}, {_describe(code)}) (ends inside the codeword of {longest!r})"
    try:
        got = student.call("decode", bits, code)
    except StudentError as err:
        if err.is_a("ValueError"):
            expect_true(err.message.strip() != "", f"{what} raised ValueError without a message.")
            return
        if err.is_a("NotImplementedError"):
            raise
        fail(f"{what} should raise ValueError, but raised {err.type}: {err.message}")
    fail(f"{what} should raise ValueError, but returned {got!r:.80}",
         LEFTOVER_BITS if isinstance(got, list) and got == message else None)


@checks("decode", points=0.25)
def test_decode_rejects_bits_that_match_no_codeword(student, rng):
    # an incomplete code: one leaf of a complete code is missing
    symbols = _symbols(rng, int(rng.integers(4, 9)), "str")
    full = _random_prefix_code(rng, symbols)
    dropped = symbols[int(rng.integers(len(symbols)))]
    code = {s: w for s, w in full.items() if s != dropped}
    message = _message(rng, [s for s in symbols if s != dropped], 4)
    bits = "".join(code[s] for s in message[:2]) + full[dropped] + \
        "".join(code[s] for s in message[2:])
    expect_value_error(student, "decode", bits, code,
                       what=f"decode({bits!r}, {_describe(code)}) ({full[dropped]!r} in the "
                             "middle is no codeword)")


@checks("decode", points=0.25)
def test_decode_rejects_characters_other_than_0_and_1(student, rng):
    symbols = _symbols(rng, int(rng.integers(3, 9)), "str")
    code = _random_prefix_code(rng, symbols)
    good = "".join(code[s] for s in _message(rng, symbols, 6))
    for bad in (good[:2] + "2" + good[2:], good[:3] + " " + good[3:]):
        expect_value_error(student, "decode", bad, code,
                           what=f"decode({bad!r}, {_describe(code)}) (a character other "
                                 "than '0' and '1')")


@checks("decode", points=0.25)
def test_decode_inputs_unchanged(student, rng):
    for kind in ("str", "mixed"):
        symbols = _symbols(rng, int(rng.integers(2, 8)), kind)
        code = _random_prefix_code(rng, symbols)
        bits = "".join(code[s] for s in _message(rng, symbols, int(rng.integers(3, 20))))
        call_ignoring_errors(student, "decode", bits, code)
    expect_no_side_effects(student, "inputs")
