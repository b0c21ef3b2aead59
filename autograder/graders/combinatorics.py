"""Hidden checks of 07_combinatorics: permutations, combinations, multinomial
coefficients, Pascal's triangle, arrangements of words, the binomial PMF, the log of
the multinomial coefficient and the entropy it tends to.

Oracles (never the notebook's solution): exact integer arithmetic (``math.perm``,
``math.comb``, products and exact quotients of ``math.factorial``,
``collections.Counter`` for letter counts), ``math.log`` of those exact integers,
``scipy.stats.binom.pmf`` and ``scipy.special.gammaln``.

Exact counts are compared as Python integers, digit for digit, for ``n`` in the
hundreds: a ``float`` answer (rounded after 16 digits, ``OverflowError`` or ``inf``
beyond 1e308) or NumPy ``int64`` arithmetic (wrapping above 2**63) loses those points,
and a separate check judges that the answer is a Python ``int`` (not a float, not a
bool). Integers cross the sandbox boundary exactly (arbitrary precision), so the type
seen here is what the student returned (a NumPy integer arrives as an ``int``: it is
only wrong when it overflowed, and then its value is wrong).

One mistake, one loss. Each exercise's first check judges its formula on small
inputs; a check that judges another property (exactness at scale, counts in the
millions) forgives a wrong value when the student's function is already wrong on a
fixed small probe (the first check charges that). ``n_combinations``, ``arrangements``
and ``entropy_from_counting`` also accept the value the student's own
``n_permutations`` / ``multinomial_coefficient`` / ``log_multinomial`` gives, and the
last two the exception it raises (same type and message) and the wrong type it returns
(a float count, an array), so an upstream mistake costs its points once. Probabilities are compared with a relative
tolerance (``tolerance("float")``'s) and no absolute slack above 1e-290, so a tiny
probability rounded to 0 is wrong. Every call is watched for arguments changed in
place; each exercise that takes a list or an array charges it once.
"""
import collections
import math

import numpy as np
import scipy.special
import scipy.stats

from autograder.grader_api import (Checks, NumpyScalar, StudentError, as_array, as_float,
                                   call_ignoring_errors, close, expect_no_side_effects,
                                   expect_true, expect_value_error, fail, fmt,
                                   register_misconception, tolerance)

checks = Checks("07_combinatorics")

EQUIVALENT_MUTANTS = {}

FLOAT_COUNT = register_misconception(
    "count-computed-in-floats",
    "a count computed in floating point (math.factorial(n) / math.factorial(n - k), "
    "math.pow, np.math, scipy.special.comb without exact=True): a float keeps 53 bits "
    "(about 16 digits), so every larger count is rounded, and beyond 1e308 it overflows "
    "(int / int raises OverflowError). Multiply Python ints and divide with // where the "
    "division is exact.")
INT64_COUNT = register_misconception(
    "count-overflows-int64",
    "a count computed with NumPy integers (np.prod, np.cumprod, an int64 array): int64 "
    "wraps around silently above 2**63 - 1 (about 9.2e18, already 21!), giving a wrong "
    "number of the right type. Use Python ints, which never overflow.")
NOT_AN_INT = register_misconception(
    "count-not-a-python-int",
    "a count returned as something other than a Python int (a float such as 120.0, a "
    "bool, a NumPy array): counts are exact integers; return int results of integer "
    "arithmetic (// not /).")
K_ABOVE_N = register_misconception(
    "k-above-n-not-zero",
    "k > n was not answered with 0: there is no way to pick more distinct items than there "
    "are (the product n (n-1) ... (n-k+1) contains the factor 0). n! / (n-k)! needs the "
    "factorial of a negative number, which does not exist: treat k > n first.")
WITH_REPETITION = register_misconception(
    "permutations-with-repetition",
    "n**k counts ordered lists in which items may repeat (drawing with replacement); "
    "ordered selections of distinct items number n (n-1) ... (n-k+1) = n! / (n-k)!.")
ORDER_COUNTED = register_misconception(
    "combinations-count-order",
    "the orderings were not divided out: every subset of size k can be listed in k! "
    "orders, so C(n, k) = P(n, k) / k! = n! / (k! (n-k)!).")
DENOMINATOR_MISSING = register_misconception(
    "repeated-items-not-divided-out",
    "N! counts the orderings of N distinguishable items; items of the same kind can be "
    "permuted among themselves without changing the arrangement, so divide by k_i! for "
    "every kind: N! / (k_1! ... k_m!).")
DISTINCT_ONLY = register_misconception(
    "arrangements-of-distinct-letters-only",
    "only the distinct letters were arranged (len(set(word))!): every copy of a letter "
    "takes a position; the count is len(word)! / prod(count(c)!) over the letters c.")
ROWS_OFF_BY_ONE = register_misconception(
    "pascal-rows-off-by-one",
    "the wrong number of rows: pascal_triangle(n_rows) returns rows 0 to n_rows - 1, "
    "n_rows rows in all ([[1]] for n_rows = 1, [] for 0).")
NO_COEFFICIENT = register_misconception(
    "binomial-coefficient-missing",
    "p^k (1-p)^(n-k) is the probability of one particular sequence with k successes; "
    "there are C(n, k) such sequences, so P(K = k) = C(n, k) p^k (1-p)^(n-k).")
OVERFLOW = register_misconception(
    "binomial-overflow-at-large-n",
    "the binomial probability was computed from its huge and tiny pieces: C(2000, 1000) "
    "is about 2e600 (beyond the float range) while 0.5**2000 underflows to 0, so the "
    "product is nan, inf, 0 or an OverflowError. Work in log space: "
    "gammaln(n+1) - gammaln(k+1) - gammaln(n-k+1) + k log p + (n-k) log(1-p), then exp "
    "(or use scipy.stats.binom.pmf).")
ZERO_LOG_ZERO = register_misconception(
    "binomial-zero-times-log-zero",
    "at p = 0 (or p = 1) the term k log p is 0 * log 0 = 0 * -inf = nan in floating point, "
    "while p^0 = 1. Use scipy.special.xlogy(k, p) and xlog1py(n - k, -p), which give 0 "
    "there, or treat p = 0 and p = 1 apart.")
STIRLING = register_misconception(
    "stirling-instead-of-exact-log",
    "Stirling's approximation n ln n - n (even with + 1/2 ln(2 pi n)) is not ln n!: it is "
    "off by 1 at n = 1 and undefined at n = 0. ln n! = ln Gamma(n + 1) exactly: "
    "math.lgamma(n + 1) or scipy.special.gammaln(n + 1), fast for any n.")
PLUG_IN = register_misconception(
    "plug-in-entropy-instead-of-counting",
    "the empirical entropy H(k / N) was returned: it is the limit of log(W) / N, not its "
    "value. At finite N the count W = N! / prod k_i! gives log(W) / N < H(k / N) (by "
    "about (m - 1) log(2 pi N) / (2N)).")
NOT_PER_SYMBOL = register_misconception(
    "log-multinomial-not-divided-by-n",
    "log(W) was not divided by N = sum of the counts: the entropy from counting is "
    "information per symbol, log(W) / N.")
NATURAL_LOG = "natural-log-instead-of-bits"
BASE_IGNORED = register_misconception(
    "counting-entropy-base-ignored",
    "the base argument is ignored: the answer is in bits whatever base was asked for. "
    "log_b(x) = ln(x) / ln(b); every base b > 0, b != 1 must be honoured.")

_RTOL = tolerance("float")[0]          # relative tolerance of float answers
PMF_TOL = (_RTOL, 1e-290)              # probabilities: relative, down to 1e-290
LOG_TOL = (_RTOL, 1e-9)                # logarithms of counts (0 for W = 1)
INT64_MAX = 2 ** 63 - 1
INT64_MIN = -2 ** 63


# -- helpers ------------------------------------------------------------------------

def _short(value):
    """A readable rendering of a (possibly huge) integer or other value."""
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        if value.bit_length() > 14000:           # beyond Python's int-to-str limit
            return f"an integer of about {int(value.bit_length() * 0.30103)} digits"
        text = str(value)
        return text if len(text) <= 24 else f"a {len(text)}-digit integer {text[:8]}...{text[-6:]}"
    if isinstance(value, float):
        return repr(value)
    return f"{type(value).__name__} {fmt(value)}"


def _number(got):
    """A scalar answer as a Python number (int, float or bool), or None."""
    if isinstance(got, np.ndarray) and got.size == 1 and got.dtype.kind in "biuf":
        got = got.reshape(()).item()
    if isinstance(got, (bool, int, float)):
        return got
    return None


def _same_count(value, expected):
    """Exact equality of a Python number with an exact integer (a float equal only if it
    represents that integer exactly)."""
    return value is not None and not (isinstance(value, float) and not math.isfinite(value)) \
        and value == expected


def _call(student, name, *args, what, kwargs=None):
    """Call with valid input: returns the answer, or fails the check when it raises."""
    try:
        return student.call(name, *args, kwargs=kwargs)
    except StudentError as err:
        _charge_error(err, what)


def _charge_error(err, what):
    """Fail the check for an exception raised on valid input: a ValueError says the input
    was valid; an OverflowError is the float or the int64 mistake."""
    if err.is_a("ValueError"):
        fail(f"{what} raised ValueError ({err.message}), but the input is valid.")
    if err.is_a("OverflowError"):
        if "long" in err.message or "int64" in err.message:
            fail(f"{what} raised OverflowError ({err.message}): a Python int too large for "
                 "a NumPy integer.", INT64_COUNT)
        fail(f"{what} raised OverflowError ({err.message}): the computation went through "
             "floats.", FLOAT_COUNT)
    raise err


FORGIVEN = object()      # what _call_downstream returns for an upstream function's exception


def _call_downstream(student, name, args, upstream, upstream_args, what, kwargs=None):
    """The answer of ``name(*args)``, or FORGIVEN when it raises the very exception (type
    and message) that the student's own ``upstream(*upstream_args)`` raises: that
    mistake is charged in the upstream's exercise. Other exceptions fail the check."""
    try:
        return student.call(name, *args, kwargs=kwargs)
    except StudentError as err:
        if not err.is_a("NotImplementedError"):
            try:
                student.call(upstream, *upstream_args)
            except StudentError as own:
                if (own.type, own.message) == (err.type, err.message):
                    return FORGIVEN
        _charge_error(err, what)


def _same_wrong_type(student, upstream, upstream_args, got, right_type):
    """Whether the student's own ``upstream(*upstream_args)`` returns an answer of the
    same wrong type as ``got`` (not ``right_type``): passed on, and charged upstream."""
    own = call_ignoring_errors(student, upstream, *upstream_args)
    return type(got) is not right_type and type(own) is type(got)


def _expect_count(got, expected, what, mistakes=None, hint=""):
    """The answer must be the integer ``expected`` exactly (any number type here; the
    type has its own check). ``mistakes``: {misconception: the integer it gives}."""
    value = _number(got)
    if value is None:
        fail(f"{what} should be a number, got {_short(got)}")
    if _same_count(value, expected):
        return
    for key, wrong in (mistakes or {}).items():
        if wrong != expected and _same_count(value, wrong):
            fail(f"{what}: got {_short(value)}, expected {_short(expected)}.", key)
    if isinstance(value, float):
        fail(f"{what}: got the float {value!r}, expected exactly {_short(expected)}.",
             FLOAT_COUNT)
    if expected > INT64_MAX and INT64_MIN <= value <= INT64_MAX:   # a wrapped int64
        fail(f"{what}: got {_short(value)}, expected {_short(expected)}, which is larger "
             "than 2**63 - 1.", INT64_COUNT)
    fail(f"{what}: got {_short(value)}, expected {_short(expected)}." + (f" {hint}" if hint else ""))


def _expect_python_int(got, what):
    expect_true(type(got) is int,
                f"{what} should return a Python int, got {type(got).__name__} {_short(got)}",
                NOT_AN_INT)


# Fixed small probes: is the student's formula already wrong where no float or int64
# limit is near? Then a check of another property forgives a wrong value (the
# exercise's first check charges the formula).
_PROBES = {
    "n_permutations": ((9, 4), math.perm(9, 4)),
    "n_combinations": ((9, 4), math.comb(9, 4)),
    "multinomial_coefficient": (([3, 1, 2],), 60),
    "arrangements": (("banana",), 60),
    "log_multinomial": (([3, 1, 2],), math.log(60)),
    "entropy_from_counting": (([3, 1],), math.log2(4) / 4),
}


def _wrong_on_probe(student, name):
    args, expected = _PROBES[name]
    got = call_ignoring_errors(student, name, *args)
    value = _number(got)
    if value is None:
        return True
    if isinstance(expected, int):
        return not _same_count(value, expected)
    return not close(value, expected, "float")


def _binom_probe_wrong(student):
    k = list(range(7))
    got = call_ignoring_errors(student, "binomial_pmf", k, 6, 0.3)
    try:
        return not close(np.asarray(got, dtype=float), scipy.stats.binom.pmf(k, 6, 0.3), PMF_TOL)
    except (TypeError, ValueError):
        return True


def _pairs(rng, count, lo, hi):
    pairs = []
    for _ in range(count):
        n = int(rng.integers(lo, hi + 1))
        pairs.append((n, int(rng.integers(0, n + 1))))
    return pairs


# ================================================================ n_permutations

def _numpy_pair(rng):
    """(n, k) for n in the tens, and the same two as np.int64 arguments."""
    n = int(rng.integers(40, 120))
    k = int(rng.integers(n // 3, n - 5))
    return n, k, (NumpyScalar("int64", n), NumpyScalar("int64", k))


def _expect_numpy_integers_work(student, name, oracle, rng, forgiven=None):
    """name(np.int64(n), np.int64(k)) for n in the tens: exact, like the Python ints
    (arithmetic in np.int64 wraps around above 2**63 - 1). ``forgiven(args, value)``:
    whether a wrong value is another exercise's mistake."""
    n, k, args = _numpy_pair(rng)
    what = f"{name}(np.int64({n}), np.int64({k})) (NumPy integers)"
    got = _call(student, name, *args, what=what)
    try:
        _expect_count(got, oracle(n, k), what, hint="Convert NumPy integers with int() first.")
    except AssertionError:
        if forgiven is None or not forgiven(args, _number(got)):
            raise


@checks("n_permutations", points=0.5)
def test_n_permutations_matches_math_perm_on_small_inputs(student, rng):
    cases = _pairs(rng, 5, 1, 20) + [(int(rng.integers(0, 12)), 0), (0, 0),
                                     (int(rng.integers(2, 10)),) * 2]
    for n, k in cases:
        what = f"n_permutations({n}, {k})"
        got = _call(student, "n_permutations", n, k, what=what)
        _expect_count(got, math.perm(n, k), what, {
            WITH_REPETITION: n ** k, ORDER_COUNTED: math.comb(n, k)})


@checks("n_permutations", points=0.5)
def test_n_permutations_exact_for_n_in_the_hundreds(student, rng):
    n = int(rng.integers(200, 900))
    for k in (int(rng.integers(n // 4, n)), n):
        what = f"n_permutations({n}, {k})"
        try:
            got = _call(student, "n_permutations", n, k, what=what)
            _expect_count(got, math.perm(n, k), what)
        except AssertionError:
            if _wrong_on_probe(student, "n_permutations"):
                return                           # the formula is wrong: charged once, above
            raise


@checks("n_permutations", points=0.25)
def test_n_permutations_exact_for_numpy_integers(student, rng):
    _expect_numpy_integers_work(student, "n_permutations", math.perm, rng)


@checks("n_permutations", points=0.25)
def test_n_permutations_returns_a_python_int(student, rng):
    n = int(rng.integers(3, 15))
    k = int(rng.integers(1, n))
    _expect_python_int(_call(student, "n_permutations", n, k, what=f"n_permutations({n}, {k})"),
                       f"n_permutations({n}, {k})")


@checks("n_permutations", points=0.25)
def test_n_permutations_is_zero_when_k_exceeds_n(student, rng):
    n = int(rng.integers(1, 30))
    for n_, k in ((n, n + int(rng.integers(1, 5))), (0, 1)):
        what = f"n_permutations({n_}, {k}) (k > n)"
        try:
            got = student.call("n_permutations", n_, k)
        except StudentError as err:
            if err.is_a("NotImplementedError"):
                raise
            fail(f"{what} should be 0, but raised {err.type}: {err.message}", K_ABOVE_N)
        expect_true(_same_count(_number(got), 0), f"{what} should be 0, got {_short(got)}",
                    K_ABOVE_N)


@checks("n_permutations", points=0.25)
def test_n_permutations_rejects_negative_input(student, rng):
    n = int(rng.integers(2, 20))
    for args in ((-n, 2), (n, -1), (-1, -1)):
        expect_value_error(student, "n_permutations", *args,
                           what=f"n_permutations{args} (a negative count)")


# ================================================================ n_combinations

def _combination_from_own_permutations(student, n, k, value):
    """Whether ``value`` is P(n, k) / k! for the student's own (wrong) n_permutations."""
    perm = _number(call_ignoring_errors(student, "n_permutations", n, k))
    if perm is None or _same_count(perm, math.perm(n, k)):
        return False
    if isinstance(perm, int) and not isinstance(perm, bool):
        return _same_count(value, perm // math.factorial(k))
    try:
        return isinstance(value, (int, float)) and close(float(value), perm / math.factorial(k))
    except (OverflowError, TypeError, ValueError):
        return False


def _expect_combination(student, got, n, k, what, mistakes=None):
    try:
        _expect_count(got, math.comb(n, k), what, mistakes)
    except AssertionError:
        if _combination_from_own_permutations(student, n, k, _number(got)):
            return                               # n_permutations' mistake, charged there
        raise


@checks("n_combinations", points=0.5)
def test_n_combinations_matches_math_comb_on_small_inputs(student, rng):
    cases = _pairs(rng, 5, 2, 24) + [(int(rng.integers(0, 12)), 0), (0, 0),
                                     (int(rng.integers(2, 10)),) * 2]
    for n, k in cases:
        what = f"n_combinations({n}, {k})"
        got = _call(student, "n_combinations", n, k, what=what)
        _expect_combination(student, got, n, k, what, {ORDER_COUNTED: math.perm(n, k)})


@checks("n_combinations", points=0.5)
def test_n_combinations_exact_for_n_in_the_hundreds(student, rng):
    n = int(rng.integers(200, 900))
    for k in (int(rng.integers(n // 3, 2 * n // 3)), int(rng.integers(n // 10, n // 4))):
        what = f"n_combinations({n}, {k})"
        try:
            got = _call(student, "n_combinations", n, k, what=what)
            _expect_combination(student, got, n, k, what)
        except AssertionError:
            if _wrong_on_probe(student, "n_combinations"):
                return
            raise


@checks("n_combinations", points=0.25)
def test_n_combinations_exact_for_numpy_integers(student, rng):
    def from_own_permutations(args, value):             # n_permutations' mistake
        n, k = (a.value for a in args)
        perm = _number(call_ignoring_errors(student, "n_permutations", *args))
        return isinstance(perm, int) and perm != math.perm(n, k) and \
            _same_count(value, perm // math.factorial(k))
    _expect_numpy_integers_work(student, "n_combinations", math.comb, rng, from_own_permutations)


@checks("n_combinations", points=0.25)
def test_n_combinations_returns_a_python_int(student, rng):
    n = int(rng.integers(4, 20))
    k = int(rng.integers(1, n))
    _expect_python_int(_call(student, "n_combinations", n, k, what=f"n_combinations({n}, {k})"),
                       f"n_combinations({n}, {k})")


@checks("n_combinations", points=0.25)
def test_n_combinations_is_zero_when_k_exceeds_n(student, rng):
    n = int(rng.integers(1, 30))
    for n_, k in ((n, n + int(rng.integers(1, 5))), (0, 1)):
        what = f"n_combinations({n_}, {k}) (k > n)"
        try:
            got = student.call("n_combinations", n_, k)
        except StudentError as err:
            if err.is_a("NotImplementedError"):
                raise
            fail(f"{what} should be 0, but raised {err.type}: {err.message}", K_ABOVE_N)
        expect_true(_same_count(_number(got), 0), f"{what} should be 0, got {_short(got)}",
                    K_ABOVE_N)


@checks("n_combinations", points=0.25)
def test_n_combinations_rejects_negative_input(student, rng):
    n = int(rng.integers(2, 20))
    for args in ((-n, 2), (n, -1), (-3, -1)):
        expect_value_error(student, "n_combinations", *args,
                           what=f"n_combinations{args} (a negative count)")


# ======================================================= multinomial_coefficient

def _multinomial(counts):
    counts = [int(c) for c in counts]
    result = math.factorial(sum(counts))
    for c in counts:
        result //= math.factorial(c)
    return result


def _counts(rng, m, hi):
    return [int(c) for c in rng.integers(0, hi + 1, size=m)]


@checks("multinomial_coefficient", points=0.75)
def test_multinomial_coefficient_matches_factorials_on_small_counts(student, rng):
    cases = [_counts(rng, int(rng.integers(2, 6)), 8) for _ in range(4)]
    cases.append([int(c) for c in rng.integers(1, 9, size=3)])
    for counts in cases:
        what = f"multinomial_coefficient({counts})"
        got = _call(student, "multinomial_coefficient", counts, what=what)
        _expect_count(got, _multinomial(counts), what,
                      {DENOMINATOR_MISSING: math.factorial(sum(counts))})


@checks("multinomial_coefficient", points=0.5)
def test_multinomial_coefficient_exact_for_totals_in_the_hundreds(student, rng):
    m = int(rng.integers(2, 7))
    counts = [int(c) for c in rng.integers(40, 160, size=m)]
    what = f"multinomial_coefficient({counts}) (N = {sum(counts)})"
    try:
        got = _call(student, "multinomial_coefficient", counts, what=what)
        _expect_count(got, _multinomial(counts), what)
    except AssertionError:
        if _wrong_on_probe(student, "multinomial_coefficient"):
            return
        raise


@checks("multinomial_coefficient", points=0.25)
def test_multinomial_coefficient_returns_a_python_int(student, rng):
    counts = [int(c) for c in rng.integers(1, 6, size=3)]
    what = f"multinomial_coefficient({counts})"
    _expect_python_int(_call(student, "multinomial_coefficient", counts, what=what), what)


@checks("multinomial_coefficient", points=0.25)
def test_multinomial_coefficient_edge_cases(student, rng):
    n = int(rng.integers(1, 30))
    m = int(rng.integers(2, 8))
    for counts, expected, label in (([], 1, "no items"), ([n], 1, "one kind"),
                                    ([0, n, 0], 1, "one kind among zeros"),
                                    ([0] * m, 1, "all zeros"),
                                    ([1] * m, math.factorial(m), f"{m} different items")):
        what = f"multinomial_coefficient({counts}) ({label})"
        _expect_count(_call(student, "multinomial_coefficient", counts, what=what), expected, what)


@checks("multinomial_coefficient", points=0.25)
def test_multinomial_coefficient_accepts_tuples_and_integer_arrays(student, rng):
    counts = [int(c) for c in rng.integers(0, 12, size=int(rng.integers(3, 6)))]
    expected = _multinomial(counts)
    for value, label in ((tuple(counts), "a tuple"), (np.array(counts, dtype=np.int64),
                                                      "an int64 array"),
                         (np.array(counts, dtype=np.int32), "an int32 array")):
        what = f"multinomial_coefficient({counts}) given as {label}"
        got = _call(student, "multinomial_coefficient", value, what=what)
        if not _same_count(_number(got), expected):
            as_list = _number(call_ignoring_errors(student, "multinomial_coefficient", counts))
            expect_true(as_list is not None and _same_count(_number(got), as_list),
                        f"{what}: got {_short(got)}, but {_short(as_list)} for the list {counts}: "
                        "the same counts must give the same answer in any array-like.")


@checks("multinomial_coefficient", points=0.25)
def test_multinomial_coefficient_rejects_negative_counts(student, rng):
    counts = _counts(rng, 4, 6)
    counts[int(rng.integers(4))] = -int(rng.integers(1, 4))
    expect_value_error(student, "multinomial_coefficient", counts,
                       what=f"multinomial_coefficient({counts}) (a negative count)")


@checks("multinomial_coefficient", points=0.25)
def test_multinomial_coefficient_inputs_unchanged(student, rng):
    counts = [int(c) for c in rng.permutation(np.arange(1, 7))]
    call_ignoring_errors(student, "multinomial_coefficient", counts)
    call_ignoring_errors(student, "multinomial_coefficient", np.array(counts[::-1]))
    expect_no_side_effects(student, "inputs")


# ================================================================ pascal_triangle

def _rows(got, what):
    """The answer as a list of rows of Python numbers (any sequence type)."""
    if isinstance(got, np.ndarray) and got.ndim == 0 or not isinstance(got, (list, tuple,
                                                                              np.ndarray)):
        fail(f"{what} should return a list of rows, got {_short(got)}")
    rows = []
    for row in got:
        if isinstance(row, np.ndarray):
            row = row.tolist()
        if not isinstance(row, (list, tuple)):
            fail(f"{what} should return a list of rows (lists), got an entry {_short(row)}")
        rows.append(list(row))
    return rows


def _expect_triangle(got, n_rows, what):
    rows = _rows(got, what)
    if len(rows) != n_rows:
        fail(f"{what} should have {n_rows} rows (rows 0 to {n_rows - 1}), got {len(rows)}.",
             ROWS_OFF_BY_ONE if abs(len(rows) - n_rows) == 1 else None)
    for i, row in enumerate(rows):
        expected = [math.comb(i, j) for j in range(i + 1)]
        if len(row) != i + 1:
            fail(f"{what}: row {i} should have {i + 1} entries, got {len(row)}.")
        for j, (value, want) in enumerate(zip(row, expected)):
            value = _number(value)
            if not _same_count(value, want):
                key = FLOAT_COUNT if isinstance(value, float) else \
                    INT64_COUNT if want > INT64_MAX and value is not None else None
                fail(f"{what}: entry [{i}][{j}] should be C({i}, {j}) = {_short(want)}, got "
                     f"{_short(value)}.", key)


@checks("pascal_triangle", points=0.75)
def test_pascal_triangle_rows_match_math_comb(student, rng):
    for n_rows in (int(rng.integers(2, 12)), int(rng.integers(12, 40))):
        what = f"pascal_triangle({n_rows})"
        _expect_triangle(_call(student, "pascal_triangle", n_rows, what=what), n_rows, what)


@checks("pascal_triangle", points=0.5)
def test_pascal_triangle_exact_beyond_int64(student, rng):
    n_rows = int(rng.integers(70, 121))
    what = f"pascal_triangle({n_rows})"
    got = _call(student, "pascal_triangle", n_rows, what=what)
    try:
        _expect_triangle(got, n_rows, what)
    except AssertionError:
        small = call_ignoring_errors(student, "pascal_triangle", 9)
        try:
            _expect_triangle(small, 9, "pascal_triangle(9)")
        except AssertionError:
            return                               # wrong already at 9 rows: charged above
        raise


@checks("pascal_triangle", points=0.25)
def test_pascal_triangle_is_a_list_of_lists_of_python_ints(student, rng):
    n_rows = int(rng.integers(3, 10))
    what = f"pascal_triangle({n_rows})"
    got = _call(student, "pascal_triangle", n_rows, what=what)
    expect_true(type(got) is list, f"{what} should return a list, got {type(got).__name__}",
                NOT_AN_INT)
    for row in got:
        expect_true(type(row) is list, f"{what}: each row should be a list, got "
                                       f"{type(row).__name__}", NOT_AN_INT)
        for value in row:
            expect_true(type(value) is int, f"{what}: entries should be Python ints, got "
                                            f"{type(value).__name__} {_short(value)}", NOT_AN_INT)


@checks("pascal_triangle", points=0.25)
def test_pascal_triangle_zero_and_one_rows(student, rng):
    got = _call(student, "pascal_triangle", 0, what="pascal_triangle(0)")
    expect_true(_rows(got, "pascal_triangle(0)") == [],
                f"pascal_triangle(0) should be [] (no rows), got {got!r:.60}", ROWS_OFF_BY_ONE)
    got = _call(student, "pascal_triangle", 1, what="pascal_triangle(1)")
    _expect_triangle(got, 1, "pascal_triangle(1)")


@checks("pascal_triangle", points=0.25)
def test_pascal_triangle_rejects_negative_n_rows(student, rng):
    n = int(rng.integers(1, 10))
    expect_value_error(student, "pascal_triangle", -n, what=f"pascal_triangle({-n})")


# ================================================================== arrangements

def _arrangements(word):
    return _multinomial(collections.Counter(word).values())


def _word(rng, length, alphabet):
    return "".join(alphabet[i] for i in rng.integers(len(alphabet), size=length))


def _expect_arrangements(student, word, what, mistakes=None, expected=None):
    """arrangements(word) must be the exact count; an exception or a wrong number that
    the student's own multinomial_coefficient gives for the letter counts is forgiven."""
    counts = list(collections.Counter(word).values())
    got = _call_downstream(student, "arrangements", (word,), "multinomial_coefficient",
                           (counts,), what)
    if got is FORGIVEN:
        return
    expected = _arrangements(word) if expected is None else expected
    try:
        _expect_count(got, expected, what, mistakes)
    except AssertionError:
        own = _number(call_ignoring_errors(student, "multinomial_coefficient", counts))
        if own is not None and not _same_count(own, expected) and _same_count(_number(got), own):
            return                               # multinomial_coefficient's mistake
        raise


@checks("arrangements", points=0.75)
def test_arrangements_divides_out_repeated_letters(student, rng):
    words = [_word(rng, int(rng.integers(4, 14)), "abcdefg"[:int(rng.integers(2, 6))])
             for _ in range(4)]
    words.append(str(rng.choice(["MISSISSIPPI", "BANANA", "STATISTICS", "BOOKKEEPER"])))
    for word in words:
        _expect_arrangements(student, word, f"arrangements({word!r})", {
            DENOMINATOR_MISSING: math.factorial(len(word)),
            DISTINCT_ONLY: math.factorial(len(set(word)))})


@checks("arrangements", points=0.5)
def test_arrangements_exact_for_long_words(student, rng):
    word = _word(rng, int(rng.integers(200, 500)), "xyzuvw"[:int(rng.integers(2, 7))])
    what = f"arrangements of a {len(word)}-letter word {word[:12]!r}..."
    try:
        _expect_arrangements(student, word, what)
    except AssertionError:
        if _wrong_on_probe(student, "arrangements"):
            return
        raise


@checks("arrangements", points=0.25)
def test_arrangements_distinct_letters_single_letter_and_empty_word(student, rng):
    n = int(rng.integers(3, 10))
    distinct = "".join(rng.permutation(list("abcdefghij"))[:n])
    for word, expected in ((distinct, math.factorial(n)), ("q" * n, 1), ("", 1)):
        _expect_arrangements(student, word, f"arrangements({word!r})", expected=expected)


@checks("arrangements", points=0.25)
def test_arrangements_every_character_counts_case_sensitive(student, rng):
    words = ["".join(rng.permutation(list("aAbB"))), "a a b", "x1y1z!", "Éé ée"]
    for word in words:
        _expect_arrangements(student, word, f"arrangements({word!r})")


@checks("arrangements", points=0.25)
def test_arrangements_returns_a_python_int(student, rng):
    word = _word(rng, int(rng.integers(4, 10)), "abc")
    what = f"arrangements({word!r})"
    counts = list(collections.Counter(word).values())
    got = _call_downstream(student, "arrangements", (word,), "multinomial_coefficient",
                           (counts,), what)
    if got is FORGIVEN or _same_wrong_type(student, "multinomial_coefficient", (counts,), got, int):
        return                                   # multinomial_coefficient's mistake
    _expect_python_int(got, what)


# ================================================================== binomial_pmf

def _pmf_oracle(k, n, p):
    return scipy.stats.binom.pmf(np.asarray(k), n, p)


def _expect_pmf(got, expected, what, mistakes=None):
    value = as_array(got, what)
    if value.shape != np.shape(expected):
        fail(f"{what} should have shape {np.shape(expected)}, got {value.shape}")
    if np.any(np.isnan(value)):
        fail(f"{what} contains nan: {fmt(value)}", OVERFLOW)
    if close(value, expected, PMF_TOL):
        return
    for key, wrong in (mistakes or {}).items():
        with np.errstate(all="ignore"):
            if close(value, wrong, PMF_TOL):
                fail(f"{what}: got {fmt(value)}, expected {fmt(np.asarray(expected))}.", key)
    if not np.all(np.isfinite(value)):
        fail(f"{what} contains inf: {fmt(value)}", OVERFLOW)
    fail(f"{what}: {_largest_gaps(value, np.asarray(expected, dtype=float))}.")


def _largest_gaps(value, expected):
    """Text naming the entry with the largest gap |value - expected| and, if another,
    the one furthest beyond the tolerance relative to its size."""
    value, expected = value.ravel(), expected.ravel()
    gap = np.abs(value - expected)
    excess = gap / (PMF_TOL[1] + PMF_TOL[0] * np.abs(expected))
    i, j = int(np.argmax(gap)), int(np.argmax(excess))
    text = f"the largest gap is at entry {i}: {float(value[i])!r}, expected {float(expected[i])!r}"
    if j != i:
        text += (f"; relative to its size the worst is entry {j}: {float(value[j])!r}, expected "
                 f"{float(expected[j])!r} (relative error {gap[j] / max(abs(expected[j]), 1e-300):.2g})")
    return text


@checks("binomial_pmf", points=0.75)
def test_binomial_pmf_matches_scipy_for_small_n(student, rng):
    for _ in range(3):
        n = int(rng.integers(1, 40))
        p = float(rng.uniform(0.05, 0.95))
        k = list(range(n + 1))
        what = f"binomial_pmf(list(range({n + 1})), {n}, {p:.4g})"
        got = _call(student, "binomial_pmf", k, n, p, what=what)
        kk = np.arange(n + 1)
        _expect_pmf(got, _pmf_oracle(k, n, p), what, {
            NO_COEFFICIENT: p ** kk * (1 - p) ** (n - kk)})


@checks("binomial_pmf", points=0.75)
def test_binomial_pmf_no_overflow_for_n_in_the_thousands(student, rng):
    n = int(rng.integers(1000, 6000))
    p = float(rng.choice([rng.uniform(0.01, 0.99), rng.uniform(0.3, 0.7)]))
    k = np.arange(n + 1)
    what = f"binomial_pmf(np.arange({n + 1}), {n}, {p:.4g})"
    try:
        got = student.call("binomial_pmf", k, n, p)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        fail(f"{what} raised {err.type}: {err.message}", OVERFLOW)
    expected = _pmf_oracle(k, n, p)
    try:
        _expect_pmf(got, expected, what)
    except AssertionError:
        value = np.asarray(got, dtype=float) if np.ndim(got) else None
        if value is not None and np.all(np.isfinite(value)) and _binom_probe_wrong(student):
            return                               # the formula is wrong already at n = 6
        if value is not None and value.shape == expected.shape:
            lost = (value == 0) & (expected > np.finfo(float).tiny)
            if np.any(lost):                     # p**k or C(n, k) * ... underflowed to 0
                fail(f"{what}: {_largest_gaps(value, expected)}; {int(lost.sum())} entries "
                     "are exactly 0 where the probability is a positive double (the smallest "
                     f"is {float(expected[lost].min()):.3g}).", OVERFLOW)
        raise


@checks("binomial_pmf", points=0.25)
def test_binomial_pmf_single_k_gives_a_float(student, rng):
    n = int(rng.integers(5, 50))
    k = int(rng.integers(0, n + 1))
    p = float(rng.uniform(0.1, 0.9))
    what = f"binomial_pmf({k}, {n}, {p:.4g})"
    got = _call(student, "binomial_pmf", k, n, p, what=what)
    expect_true(isinstance(got, float),
                f"{what} should return a float for a single k, got {type(got).__name__} "
                f"{fmt(got)}" + (f" of shape {np.shape(got)}" if isinstance(got, np.ndarray) else ""))


@checks("binomial_pmf", points=0.25)
def test_binomial_pmf_keeps_the_shape_of_k(student, rng):
    n = int(rng.integers(6, 30))
    rows, cols = int(rng.integers(2, 5)), int(rng.integers(2, 5))
    k = rng.integers(0, n + 1, size=(rows, cols))
    what = f"binomial_pmf(k of shape {k.shape}, {n}, 0.4)"
    got = _call(student, "binomial_pmf", k, n, 0.4, what=what)
    expect_true(isinstance(got, np.ndarray) and got.shape == k.shape,
                f"{what} should return an np.ndarray of shape {k.shape}, got "
                f"{type(got).__name__} of shape {np.shape(got)}")


@checks("binomial_pmf", points=0.5)
def test_binomial_pmf_is_zero_outside_0_to_n(student, rng):
    n = int(rng.integers(3, 40))
    p = float(rng.uniform(0.1, 0.9))
    outside = [-int(rng.integers(1, 5)), -1, n + 1, n + int(rng.integers(2, 9))]
    inside = [0, int(rng.integers(0, n + 1)), n]
    k = list(rng.permutation(outside + inside))
    k = [int(v) for v in k]
    what = f"binomial_pmf({k}, {n}, {p:.4g})"
    try:
        got = student.call("binomial_pmf", k, n, p)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        fail(f"{what} raised {err.type} ({err.message}): a k outside [0, {n}] is an impossible "
             "event, probability 0, not an error.")
    value = as_array(got, what, shape=(len(k),))
    mask = np.isin(k, outside)
    expect_true(np.all(value[mask] == 0.0),
                f"{what}: the entries for k outside [0, {n}] should be exactly 0, got "
                f"{fmt(value[mask])} for k = {[v for v in k if v in outside]}")
    # at p = 0 and p = 1 too: log p or log(1 - p) is -inf there, so a k outside the
    # support that slips into the log-space formula gives nan, not 0
    for p_edge in (0.0, 1.0):
        k_edge = [-1, 0, 1, n, n + 1]
        w = f"binomial_pmf({k_edge}, {n}, {p_edge})"
        got = _call(student, "binomial_pmf", k_edge, n, p_edge, what=w)
        edge = as_array(got, w, shape=(5,))[[0, 4]]
        expect_true(np.all(edge == 0.0), f"{w}: the entries for k = -1 and k = {n + 1} should "
                                         f"be exactly 0, got {fmt(edge)}")
    for kk in (outside[0], outside[-1]):
        w = f"binomial_pmf({kk}, {n}, {p:.4g})"
        got = _call(student, "binomial_pmf", kk, n, p, what=w)
        expect_true(as_float(got, w) == 0.0, f"{w} should be 0.0, got {fmt(got)}")


@checks("binomial_pmf", points=0.5)
def test_binomial_pmf_at_p_zero_and_one(student, rng):
    n = int(rng.integers(2, 60))
    k = list(range(n + 1))
    for p, certain in ((0.0, 0), (1.0, n)):
        what = f"binomial_pmf(list(range({n + 1})), {n}, {p})"
        got = _call(student, "binomial_pmf", k, n, p, what=what)
        value = as_array(got, what, shape=(n + 1,))
        if np.any(np.isnan(value)):
            fail(f"{what} contains nan: {fmt(value)}", ZERO_LOG_ZERO)
        expected = np.zeros(n + 1)
        expected[certain] = 1.0
        expect_true(close(value, expected, PMF_TOL),
                    f"{what}: got {fmt(value)}; with p = {p} the outcome k = {certain} is certain "
                    "(probability 1) and every other k has probability 0.")


@checks("binomial_pmf", points=0.25)
def test_binomial_pmf_rejects_invalid_p_and_n(student, rng):
    n = int(rng.integers(2, 20))
    for k, n_, p, label in ((1, n, -float(rng.uniform(0.01, 1)), "p < 0"),
                            (1, n, 1 + float(rng.uniform(0.01, 1)), "p > 1"),
                            (1, n, math.nan, "p = nan"),
                            (1, -n, 0.5, "n < 0")):
        expect_value_error(student, "binomial_pmf", k, n_, p,
                           what=f"binomial_pmf({k}, {n_}, {p!r}) ({label})")


@checks("binomial_pmf", points=0.25)
def test_binomial_pmf_inputs_unchanged(student, rng):
    n = int(rng.integers(5, 30))
    k = np.array([-2, 0, 3, n, n + 4])
    call_ignoring_errors(student, "binomial_pmf", k, n, 0.3)
    call_ignoring_errors(student, "binomial_pmf", k[::-1].copy(), n, 0.0)
    call_ignoring_errors(student, "binomial_pmf", [-1, 2, n + 1], n, 1.0)
    expect_no_side_effects(student, "inputs")


# ================================================================ log_multinomial

def _log_w(counts):
    """ln N! - sum ln k_i!, via SciPy's log-Gamma."""
    counts = np.asarray(counts, dtype=float)
    return float(scipy.special.gammaln(counts.sum() + 1) - scipy.special.gammaln(counts + 1).sum())


def _stirling(counts):
    def s(n):
        return n * math.log(n) - n if n > 0 else 0.0
    return s(sum(counts)) - sum(s(c) for c in counts)


def _expect_log(got, expected, what, mistakes=None, main=False):
    value = as_float(got, what)
    if main and np.ndim(got) > 0:
        fail(f"{what} should return a float, got an array of shape {np.shape(got)}.")
    if close(value, expected, LOG_TOL):
        return value
    for key, wrong in (mistakes or {}).items():
        if wrong is not None and not close(wrong, expected, LOG_TOL) and close(value, wrong, LOG_TOL):
            fail(f"{what}: got {fmt(value, 12)}, expected {fmt(expected, 12)}.", key)
    fail(f"{what}: got {fmt(value, 12)}, expected {fmt(expected, 12)} "
         f"(relative error {abs(value - expected) / max(abs(expected), 1e-300):.2g}).")


@checks("log_multinomial", points=0.75)
def test_log_multinomial_matches_the_exact_logarithm(student, rng):
    cases = [[int(c) for c in rng.integers(1, 40, size=int(rng.integers(2, 6)))] for _ in range(3)]
    cases.append([int(c) for c in rng.integers(1, 4, size=3)])
    for counts in cases:
        what = f"log_multinomial({counts})"
        got = _call(student, "log_multinomial", counts, what=what)
        _expect_log(got, math.log(_multinomial(counts)), what, {
            STIRLING: _stirling(counts)}, main=True)


@checks("log_multinomial", points=1.0)
def test_log_multinomial_counts_in_the_millions(student, rng):
    m = int(rng.integers(2, 6))
    counts = [int(c) for c in rng.integers(10 ** 6, 5 * 10 ** 8, size=m)]
    what = f"log_multinomial({counts})"
    try:
        got = _call(student, "log_multinomial", counts, what=what)
        _expect_log(got, _log_w(counts), what, {STIRLING: _stirling(counts)})
    except AssertionError:
        if _wrong_on_probe(student, "log_multinomial"):
            return
        raise


@checks("log_multinomial", points=0.25)
def test_log_multinomial_returns_a_float(student, rng):
    counts = [int(c) for c in rng.integers(1, 20, size=3)]
    what = f"log_multinomial({counts})"
    got = _call(student, "log_multinomial", counts, what=what)
    expect_true(isinstance(got, float),
                f"{what} should return a float, got {type(got).__name__} {fmt(got)}")


@checks("log_multinomial", points=0.25)
def test_log_multinomial_is_zero_when_w_is_one(student, rng):
    n = int(rng.integers(1, 10 ** 6))
    for counts in ([], [n], [0, n, 0], [0, 0]):
        what = f"log_multinomial({counts}) (W = 1)"
        got = _call(student, "log_multinomial", counts, what=what)
        value = as_float(got, what)
        expect_true(abs(value) <= 1e-9, f"{what} should be 0.0, got {fmt(value)}",
                    STIRLING if math.isnan(value) else None)


@checks("log_multinomial", points=0.25)
def test_log_multinomial_accepts_tuples_and_integer_arrays(student, rng):
    counts = [int(c) for c in rng.integers(0, 10 ** 6, size=int(rng.integers(3, 6)))]
    expected = _log_w(counts)
    reference = None
    for value, label in ((tuple(counts), "a tuple"), (np.array(counts, dtype=np.int64),
                                                      "an int64 array")):
        what = f"log_multinomial({counts}) given as {label}"
        got = as_float(_call(student, "log_multinomial", value, what=what), what)
        if close(got, expected, LOG_TOL):
            continue
        if reference is None:
            reference = call_ignoring_errors(student, "log_multinomial", counts)
        expect_true(reference is not None and close(got, as_float(reference, what), LOG_TOL),
                    f"{what}: got {fmt(got, 12)}, but {fmt(reference, 12)} for the list: the "
                    "same counts must give the same answer in any array-like.")


@checks("log_multinomial", points=0.25)
def test_log_multinomial_rejects_negative_counts(student, rng):
    counts = [int(c) for c in rng.integers(1, 100, size=3)]
    counts[int(rng.integers(3))] = -int(rng.integers(1, 50))
    expect_value_error(student, "log_multinomial", counts,
                       what=f"log_multinomial({counts}) (a negative count)")


@checks("log_multinomial", points=0.25)
def test_log_multinomial_inputs_unchanged(student, rng):
    counts = [int(c) for c in rng.permutation(np.arange(1, 8) * 1000)]
    call_ignoring_errors(student, "log_multinomial", counts)
    call_ignoring_errors(student, "log_multinomial", np.array(counts[::-1]))
    expect_no_side_effects(student, "inputs")


# ========================================================== entropy_from_counting

def _plug_in(counts, b):
    p = np.asarray(counts, dtype=float)
    p = p[p > 0] / p.sum()
    return float(-(p * np.log(p)).sum() / math.log(b))


def _counting_mistakes(counts, b):
    n = sum(counts)
    nats = _log_w(counts)
    return {NATURAL_LOG: nats / n, BASE_IGNORED: nats / n / math.log(2),
            PLUG_IN: _plug_in(counts, b), NOT_PER_SYMBOL: nats / math.log(b)}


def _expect_counting(student, counts, base, what, forgive_formula=False):
    kwargs = {} if base is None else {"base": base}
    b = 2 if base is None else base
    got = _call_downstream(student, "entropy_from_counting", (counts,), "log_multinomial",
                           (counts,), what, kwargs=kwargs)
    if got is FORGIVEN:
        return                                   # log_multinomial's exception, charged there
    value = as_float(got, what)
    expected = _log_w(counts) / sum(counts) / math.log(b)
    if close(value, expected, LOG_TOL):
        return
    own = call_ignoring_errors(student, "log_multinomial", counts)
    try:
        own = as_float(own, "log_multinomial")
    except AssertionError:
        own = None
    if own is not None and not close(own, _log_w(counts), LOG_TOL) \
            and close(value, own / sum(counts) / math.log(b), LOG_TOL):
        return                                   # log_multinomial's mistake, charged there
    if forgive_formula and _wrong_on_probe(student, "entropy_from_counting"):
        return
    mistakes = {k: v for k, v in _counting_mistakes(counts, b).items()
                if not close(v, expected, LOG_TOL)}
    for key, wrong in mistakes.items():
        if close(value, wrong, LOG_TOL):
            fail(f"{what}: got {fmt(value, 10)}, expected {fmt(expected, 10)}.", key)
    fail(f"{what}: got {fmt(value, 10)}, expected {fmt(expected, 10)}.")


@checks("entropy_from_counting", points=1.0)
def test_entropy_from_counting_is_log_multinomial_over_n_in_every_base(student, rng):
    bases = [None, 2, math.e, 10, float(rng.uniform(1.1, 20)), float(rng.uniform(0.1, 0.9))]
    for base in bases:
        counts = [int(c) for c in rng.integers(1, 60, size=int(rng.integers(2, 6)))]
        what = f"entropy_from_counting({counts}" + ("" if base is None else f", base={base:.4g}") \
            + ")"
        _expect_counting(student, counts, base, what)


@checks("entropy_from_counting", points=0.5)
def test_entropy_from_counting_counts_in_the_millions(student, rng):
    counts = [int(c) for c in rng.integers(10 ** 6, 10 ** 8, size=int(rng.integers(2, 6)))]
    _expect_counting(student, counts, None, f"entropy_from_counting({counts})",
                     forgive_formula=True)


@checks("entropy_from_counting", points=0.25)
def test_entropy_from_counting_returns_a_float(student, rng):
    counts = [int(c) for c in rng.integers(1, 20, size=3)]
    what = f"entropy_from_counting({counts})"
    got = _call_downstream(student, "entropy_from_counting", (counts,), "log_multinomial",
                           (counts,), what)
    if got is FORGIVEN or _same_wrong_type(student, "log_multinomial", (counts,), got, float):
        return                                   # log_multinomial's mistake
    expect_true(isinstance(got, float),
                f"{what} should return a float, got {type(got).__name__} {fmt(got)}")


@checks("entropy_from_counting", points=0.5)
def test_entropy_from_counting_rejects_invalid_bases(student, rng):
    counts = [int(c) for c in rng.integers(1, 20, size=3)]
    for base in (1, 1.0, 0, -float(rng.uniform(0.5, 10)), math.inf, math.nan):
        expect_value_error(student, "entropy_from_counting", counts, kwargs={"base": base},
                           what=f"entropy_from_counting({counts}, base={base!r})")


@checks("entropy_from_counting", points=0.25)
def test_entropy_from_counting_rejects_no_observations(student, rng):
    for counts in ([], [0] * int(rng.integers(1, 5))):
        expect_value_error(student, "entropy_from_counting", counts,
                           what=f"entropy_from_counting({counts}) (N = 0: no observations)")


@checks("entropy_from_counting", points=0.25)
def test_entropy_from_counting_rejects_negative_counts(student, rng):
    counts = [int(c) for c in rng.integers(1, 20, size=3)]
    counts[int(rng.integers(3))] = -int(rng.integers(1, 5))
    expect_value_error(student, "entropy_from_counting", counts,
                       what=f"entropy_from_counting({counts}) (a negative count)")


@checks("entropy_from_counting", points=0.25)
def test_entropy_from_counting_inputs_unchanged(student, rng):
    counts = [int(c) for c in rng.permutation(np.arange(1, 7) * 10)]
    call_ignoring_errors(student, "entropy_from_counting", counts)
    call_ignoring_errors(student, "entropy_from_counting", np.array(counts[::-1]), kwargs={"base": 3.0})
    expect_no_side_effects(student, "inputs")
