"""Hidden checks of physics_01_entropy_physics: multiplicities of coins and Einstein
solids, Boltzmann's and Gibbs' entropies, bits in J/K, Landauer's bound and the free
expansion of an ideal gas.

Oracles (never the notebook's solution): brute-force enumeration of coin sequences
(popcounts of 0..2**n - 1), the recurrence Omega(N, q) = Omega(N - 1, q) + Omega(N, q - 1)
for small Einstein solids, exact factorial quotients (Python ints) for large ones,
Vandermonde's identity (the sum over q_A of the two-solid products is the combined
solid's multiplicity), natural logs of huge integers in 40-digit decimal arithmetic
(``decimal``), ``scipy.stats.entropy`` (Gibbs = k_B times Shannon's entropy in nats) and
the exact SI constants k_B = 1.380649e-23 J/K, N_A = 6.02214076e23 /mol.

Tolerances are relative to the quantity's scale: an entropy of order k_B = 1.4e-23 J/K
is compared with the "float" relative tolerance and an absolute one of "float"'s atol
times k_B (``_close``), never with an absolute 1e-9, which every answer would pass.

One mistake, one loss. Each exercise's first check judges its formula and names the
catalogued mistakes; the other checks judge their own property on the student's own
outputs where they can (S(W, k_B = c) / S(W, k_B = 1) = c; S of a huge W over S of a
moderate one; zeros appended leave S unchanged; f(-b) = -f(b)), or forgive a constant
factor that the student's function also shows on a fixed probe (``_factor_forgiven``).
``two_solid_multiplicities`` is judged against the student's own
``einstein_solid_multiplicity`` when that one is wrong, and the Einstein-solid edge
cases against the student's own catalogued formula mistake.
"""
import decimal
import math

import numpy as np
import scipy.stats

from autograder.grader_api import (CheckFailure, Checks, NumpyScalar, StudentError, as_float,
                                   close, expect_no_side_effects, expect_true, expect_value_error,
                                   fail, fmt, register_misconception, tolerance)

checks = Checks("physics_01_entropy_physics")

K_B = 1.380649e-23            # J/K, exact (SI 2019)
N_A = 6.02214076e23           # 1/mol, exact (SI 2019)
R_GAS = N_A * K_B             # 8.31446261815324 J/(mol K)
LN2 = math.log(2)

# Mutants of the reference that no correct check can kill, each with the reason.
_COMB_REJECTS_NEGATIVE = ("lets {} = -1 past the guard, but math.comb then raises ValueError "
                          "itself ('k must be a non-negative integer'): every such call still "
                          "raises the ValueError the contract asks for (only the message "
                          "differs).")
EQUIVALENT_MUTANTS = {
    "coin_multiplicity/number/1902ded4": _COMB_REJECTS_NEGATIVE.format("heads"),
    "einstein_solid_multiplicity/number/32dc5bc9": _COMB_REJECTS_NEGATIVE.format("quanta"),
    "gibbs_entropy/copy-removed/36a4ae7d": (
        "the array is only read afterwards (boolean indexing copies), never written, so "
        "np.asarray sharing the caller's float64 array leaves the caller's data unchanged "
        "just the same."),
    "gibbs_entropy/compare-Gt-GtE/b0c1a0ef": (
        "|sum - 1| never equals 1e-6 exactly: for a float sum near 1, sum - 1.0 is exact "
        "(Sterbenz) and a multiple of 2**-53, while the float 1e-6 is 4722366482869645 * "
        "2**-72 (odd numerator), no such multiple; so > and >= agree on every input."),
}

FLOAT_COUNT = register_misconception(
    "multiplicity-computed-in-floats",
    "a multiplicity computed in floating point (scipy.special.comb, math.factorial(n) / ..., "
    "products of floats): a float keeps about 16 significant digits and overflows beyond "
    "1.8e308, so the count is no longer exact. Counts are Python ints, which have no size "
    "limit: use math.comb, or integer arithmetic with //.")
COMB_ZERO = register_misconception(
    "impossible-macrostate-counted-as-zero",
    "more heads than coins returned 0 (math.comb's convention) instead of raising "
    "ValueError: such a macrostate does not exist, and the contract asks for an error.")
W_TO_FLOAT = register_misconception(
    "multiplicity-converted-to-float",
    "the multiplicity was turned into a float before the logarithm (np.log(W), "
    "math.log(float(W)), np.float64(W)): float(W) overflows for W > 1.8e308, which any "
    "solid of a few hundred atoms exceeds. math.log of a Python int works for any size "
    "(it reads the integer's bits).")
ROUNDED_KB = register_misconception(
    "boltzmann-constant-rounded",
    "a rounded Boltzmann constant (1.38e-23, 1.381e-23): since 2019 k_B = 1.380649e-23 J/K "
    "exactly, and answers are compared to about 1e-7 relative. Use the default argument "
    "(or K_B).")
LOG10_NOT_LN = register_misconception(
    "log10-instead-of-ln",
    "log base 10 where the natural log belongs: S = k_B ln W and Delta S = n R ln(V2/V1) "
    "use ln; log10 is smaller by a factor ln 10 = 2.303.")
LOG2_NOT_LN = register_misconception(
    "log2-instead-of-ln-with-k_B",
    "log base 2 together with k_B: k_B log2 W is off by the factor 1/ln 2. The Boltzmann "
    "constant goes with the natural log (S = k_B ln W = k_B ln 2 * log2 W).")
MISSING_KB = register_misconception(
    "entropy-without-boltzmann-constant",
    "k_B left out: the value is S / k_B, the dimensionless entropy in nats (or bits). "
    "Multiply by k_B to get J/K.")
KB_IGNORED = register_misconception(
    "k_B-argument-ignored",
    "the k_B argument is ignored: the function must use the k_B it is given (k_B = 1 "
    "gives nats, k_B = 1/ln 2 bits), not a constant of its own.")
LN_W_EXPONENTIATED = register_misconception(
    "ln-W-exponentiated",
    "ln W was exponentiated (W = exp(ln_W), then k_B ln W): math.exp overflows beyond "
    "ln W = 709.78, while macroscopic systems have ln W of order 1e23. S = k_B * ln_W "
    "needs no W at all.")
ONE_BAR_TOO_MANY = register_misconception(
    "stars-and-bars-one-bar-too-many",
    "C(q + N, q) instead of C(q + N - 1, q): N oscillators are separated by N - 1 bars "
    "(N bars would make N + 1 compartments).")
DISTINGUISHABLE_QUANTA = register_misconception(
    "quanta-treated-as-distinguishable",
    "N ** q counts quanta as distinguishable, each choosing its oscillator; quanta are "
    "identical, so only the numbers (n_1, ..., n_N) define a microstate: "
    "Omega = C(q + N - 1, q).")
LOWER_INDEX_N = register_misconception(
    "stars-and-bars-wrong-lower-index",
    "C(q + N - 1, N) instead of C(q + N - 1, q) = C(q + N - 1, N - 1): the row has "
    "q + N - 1 symbols, of which q are stars (or N - 1 bars), not N.")
REVERSED_INDEX = register_misconception(
    "two-solid-list-indexed-by-solid-b",
    "the list is indexed by the quanta in solid B: entry k must hold k quanta in solid A, "
    "Omega_A(n_a, k) * Omega_B(n_b, total_quanta - k).")
ADDED_NOT_MULTIPLIED = register_misconception(
    "two-solid-multiplicities-added",
    "the two multiplicities were added: every microstate of A combines with every "
    "microstate of B, so the combined count is the product Omega_A * Omega_B.")
NEGATIVE_SIGN = register_misconception(
    "entropy-sign-dropped",
    "the minus sign was dropped: ln p <= 0, so S = -k_B sum p ln p >= 0.")
LN2_MISSING = register_misconception(
    "bit-worth-k_B-not-k_B-ln-2",
    "the factor ln 2 is missing: one bit of missing information is k_B ln 2 = 9.57e-24 J/K "
    "(and its erasure costs k_B T ln 2), because S = k_B ln W with W = 2 states per bit. "
    "log2(2) = 1 is not ln 2.")
LN2_DIVIDED = register_misconception(
    "divided-by-ln-2",
    "divided by ln 2 instead of multiplied: S = k_B ln 2 * H_bits, since ln p = ln 2 * "
    "log2 p.")
GAS_CONSTANT_ROUNDED = register_misconception(
    "gas-constant-rounded",
    "a rounded gas constant (8.314, 8.3145): R = N_A k_B = 8.31446261815324 J/(mol K) "
    "exactly in the 2019 SI, and answers are compared to about 1e-7 relative. Use R_GAS.")
KB_FOR_R = register_misconception(
    "k_B-instead-of-R",
    "k_B used where R belongs: k_B is per molecule, R = N_A k_B per mole; n moles hold "
    "n N_A molecules, so Delta S = n N_A k_B ln(V2/V1) = n R ln(V2/V1).")
VOLUMES_SWAPPED = register_misconception(
    "volume-ratio-inverted",
    "ln(V1/V2) instead of ln(V2/V1): an expansion (V2 > V1) gives each molecule more room "
    "and raises the entropy.")
ZERO_LN_ZERO = register_misconception(
    "gibbs-zero-ln-zero-is-nan",
    "0 ln 0 evaluated literally (0 * -inf = nan): unoccupied states contribute nothing, "
    "since p ln p -> 0 as p -> 0. Sum over the states with p > 0 only.")
NUMBER_AS_ARRAY = register_misconception(
    "si-value-returned-as-array",
    "a number returned as a one-element array: the value is right, but the function "
    "returns a float. Return float(S).")


# -- helpers -------------------------------------------------------------------

def _close(value, expected, scale, tol="float"):
    """Relative comparison at the quantity's scale: the named tolerance's rtol, and its
    atol measured in units of ``scale`` (k_B for an entropy, k_B T for an energy)."""
    rtol, atol = tolerance(tol)
    return close(value, expected, (rtol, atol * abs(scale)))


RATIO_RTOL = tolerance("float")[0]   # ratios of two of the student's answers: relative only


def _ratio_close(ratio, expected):
    """A ratio of two answers against its expected value, relatively (no absolute slack:
    a ratio equal to k_B ~ 1e-23 must not pass by being within 1e-9 of anything)."""
    return close(ratio, expected, (RATIO_RTOL, 0.0))


def _int64(value):
    """An np.int64 argument (it reaches the student's function as np.int64, not int)."""
    return NumpyScalar("int64", int(value))


def _num(x):
    """A number for feedback: 10 significant digits (a rounded constant shows)."""
    return f"{float(x):.10g}"


def _expect_si(got, expected, what, scale, misconceptions=None, tol="float"):
    """An SI answer: a float close to ``expected`` relative to ``scale``; a wrong one
    matching a catalogued mistake (at the same relative tolerance) is named."""
    value = as_float(got, what)
    if _close(value, expected, scale, tol):
        if np.ndim(got) > 0:
            fail(f"{what}: the right value {_num(value)}, but inside an array of shape "
                 f"{np.shape(got)}: return a float.", NUMBER_AS_ARRAY)
        return value
    for key, wrong in (misconceptions or {}).items():
        if not _close(wrong, expected, scale, tol) and _close(value, wrong, scale, tol):
            fail(f"{what}: got {_num(value)}, expected {_num(expected)}.", key)
    fail(f"{what}: got {_num(value)}, expected {_num(expected)}.")


def _call(student, name, *args, what, kwargs=None, **options):
    """Call with valid input; a raised error becomes feedback that says so."""
    try:
        return student.call(name, *args, kwargs=kwargs, **options)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        if err.is_a("OverflowError") and name == "boltzmann_entropy_from_log":
            fail(f"{what} raised OverflowError ({err.message}).", LN_W_EXPONENTIATED)
        fail(f"{what} raised {err.type} ({err.message}), but the input is valid.")


def _short(value):
    if type(value) is int:
        return str(value) if value.bit_length() < 100 else f"an int of {len(str(value))} digits"
    return f"{value!r:.80}"


def _ln(W):
    """ln W for a positive int of any size, to 40 digits (decimal arithmetic)."""
    return float(decimal.Context(prec=40).ln(decimal.Decimal(W)))


def _comb(n, k):
    """Exact binomial coefficient by factorials (Python ints)."""
    return math.factorial(n) // (math.factorial(k) * math.factorial(n - k))


def _omega(n_osc, q):
    """Einstein-solid multiplicity, closed form (q + N - 1)! / (q! (N - 1)!)."""
    return _comb(q + n_osc - 1, q)


def _omega_table(n_max, q_max):
    """table[N][q] by the recurrence Omega(N, q) = Omega(N - 1, q) + Omega(N, q - 1),
    Omega(1, q) = 1: an oscillator holds no quantum, or at least one."""
    table = [[0] * (q_max + 1) for _ in range(n_max + 1)]
    table[1] = [1] * (q_max + 1)
    for n in range(2, n_max + 1):
        row, previous = table[n], table[n - 1]
        row[0] = 1
        for q in range(1, q_max + 1):
            row[q] = previous[q] + row[q - 1]
    return table


def _count_lenient(got, what):
    """An exact count given as int, NumPy integer or an integral float (the exactness
    check charges floats): its int value."""
    if isinstance(got, bool) or got is None:
        fail(f"{what} should be an integer count, got {got!r:.60}")
    if isinstance(got, (int, np.integer)):
        return int(got)
    value = as_float(got, what)
    if not math.isfinite(value) or value != math.floor(value):
        fail(f"{what} should be an integer count, got {_num(value)}")
    return int(value)


def _expect_exact_int(got, expected, what):
    """The exact Python int ``expected``."""
    if type(got) is int and got == expected:
        return
    if isinstance(got, (float, np.floating)):
        fail(f"{what} returned a float ({float(got):.17g}); the exact count is an int of "
             f"{len(str(expected))} digits.", FLOAT_COUNT)
    if isinstance(got, np.integer):
        fail(f"{what} returned a NumPy {type(got).__name__} ({got}), which cannot hold an "
             f"int of {len(str(expected))} digits: return a Python int (math.comb).", FLOAT_COUNT)
    if type(got) is not int:
        fail(f"{what} should return an int, got {type(got).__name__} {got!r:.60}")
    if abs(got - expected) <= expected >> 50:
        fail(f"{what}: got {_short(got)}, which agrees with the exact count only in its "
             f"first 16 digits or so: it went through a float.", FLOAT_COUNT)
    fail(f"{what}: got {_short(got)}, which differs from the exact count "
         f"({len(str(expected))} digits).")


def _call_count(student, name, *args, what):
    try:
        return student.call(name, *args)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        if err.is_a("OverflowError"):
            fail(f"{what} raised OverflowError ({err.message}): the count was computed in "
                 "floats.", FLOAT_COUNT)
        fail(f"{what} raised {err.type} ({err.message}), but the input is valid.")


def _factor_forgiven(student, name, value, expected, probe_args, probe_expected, scale,
                     kwargs=None):
    """Whether ``value`` is off from ``expected`` by the same constant factor as the
    student's function on a fixed probe (a formula mistake the main check charges)."""
    if expected == 0 or not math.isfinite(value):
        return False
    try:
        probe = as_float(student.call(name, *probe_args, kwargs=kwargs), f"{name} on a probe")
    except (StudentError, CheckFailure):
        return False
    factor = probe / probe_expected
    if factor == 0 or not math.isfinite(factor) or _close(probe, probe_expected, scale):
        return False
    return _close(value, expected * factor, scale * abs(factor))


def _ignoring_errors(student, name, *args, **options):
    try:
        return student.call(name, *args, **options)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        return None


# ============================================================== coin_multiplicity

@checks("coin_multiplicity", points=0.75)
def test_coin_multiplicity_matches_brute_force_enumeration(student, rng):
    for i in range(3):
        n = int(rng.integers(1, 15))
        heads = int(rng.integers(0, n + 1))
        expected = sum(1 for s in range(2 ** n) if bin(s).count("1") == heads)
        args = (_int64(n), _int64(heads)) if i == 2 else (n, heads)
        what = f"coin_multiplicity({n}, {heads})" + (" (NumPy integers)" if i == 2 else "")
        got = _count_lenient(_call_count(student, "coin_multiplicity", *args, what=what), what)
        expect_true(got == expected, f"{what}: got {got}, expected {expected} (counted by "
                                     f"enumerating all 2**{n} sequences).")


@checks("coin_multiplicity", points=0.75)
def test_coin_multiplicity_exact_for_thousands_of_coins(student, rng):
    n_mid = int(rng.integers(60, 90))
    n_big = int(rng.integers(1000, 6000))
    for n in (n_mid, n_big):
        heads = int(rng.integers(n // 3, 2 * n // 3))
        what = f"coin_multiplicity({n}, {heads})"
        got = _call_count(student, "coin_multiplicity", n, heads, what=what)
        _expect_exact_int(got, _comb(n, heads), what)


@checks("coin_multiplicity", points=0.25)
def test_coin_multiplicity_edge_macrostates(student, rng):
    n = int(rng.integers(2, 40))
    for args, expected, label in [((n, 0), 1, "all tails"), ((n, n), 1, "all heads"),
                                  ((n, 1), n, "one head"), ((0, 0), 1, "no coins"),
                                  ((1, 1), 1, "one coin")]:
        what = f"coin_multiplicity{args} ({label})"
        got = _count_lenient(_call_count(student, "coin_multiplicity", *args, what=what), what)
        expect_true(got == expected, f"{what}: got {got}, expected {expected}.")


@checks("coin_multiplicity", points=0.25)
def test_coin_multiplicity_rejects_invalid_counts(student, rng):
    n = int(rng.integers(2, 30))
    zero = lambda got: COMB_ZERO if got == 0 else None                        # noqa: E731
    cases = [((n, n + int(rng.integers(1, 5))), "more heads than coins", zero),
             ((n, -1), "a negative number of heads", None),
             ((-n, 0), "a negative number of coins", None),
             ((float(n) + 0.5, 1), "a fractional number of coins", None),
             ((n, 2.0), "heads given as the float 2.0", None)]
    for args, label, mis in cases:
        expect_value_error(student, "coin_multiplicity", *args,
                           what=f"coin_multiplicity{args} ({label})", misconception=mis)


# ============================================================== boltzmann_entropy

def _s_mistakes(ln_w, k_b=K_B):
    return {ROUNDED_KB: 1.38e-23 * ln_w, LOG10_NOT_LN: k_b * ln_w / math.log(10),
            LOG2_NOT_LN: k_b * ln_w / LN2, MISSING_KB: ln_w}


@checks("boltzmann_entropy", points=1)
def test_boltzmann_entropy_matches_k_B_ln_W(student, rng):
    cases = [int(rng.integers(2, 10 ** 6)), int(rng.integers(10 ** 9, 10 ** 15)),
             _int64(rng.integers(2, 10 ** 12)), float(10 ** rng.uniform(1, 250)),
             float(rng.uniform(1.0, 2.0))]
    for W in cases:
        if isinstance(W, NumpyScalar):
            ln_w, what = _ln(W.value), f"boltzmann_entropy(np.int64({W.value}))"
        else:
            ln_w = _ln(W) if isinstance(W, int) else math.log(W)
            what = f"boltzmann_entropy({W!r})"
        got = _call(student, "boltzmann_entropy", W, what=what)
        _expect_si(got, K_B * ln_w, what, K_B, misconceptions=_s_mistakes(ln_w))


@checks("boltzmann_entropy", points=1)
def test_boltzmann_entropy_huge_integer_W_beyond_float_range(student, rng):
    """S(W_huge) / S(W_moderate) = ln W_huge / ln W_moderate, whatever the constant."""
    n_mid, n_big = int(rng.integers(40, 80)), int(rng.integers(1500, 3000))
    w_mid = _omega(n_mid, int(rng.integers(60, 120)))              # a float still holds it
    w_big = _omega(n_big, int(rng.integers(2000, 4000)))           # >> 1e308, < 4000 digits
    what_mid = f"boltzmann_entropy(W) for W = {w_mid} (about 1e{len(str(w_mid)) - 1})"
    what_big = (f"boltzmann_entropy(W) for an Einstein-solid multiplicity W of "
                f"{len(str(w_big))} digits (float(W) overflows)")
    s_mid = as_float(_call(student, "boltzmann_entropy", w_mid, what=what_mid), what_mid)
    try:
        got = student.call("boltzmann_entropy", w_big)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        fail(f"{what_big} raised {err.type} ({err.message}).",
             W_TO_FLOAT if err.is_a("OverflowError") or err.is_a("TypeError") else None)
    s_big = as_float(got, what_big)
    if not math.isfinite(s_big):
        fail(f"{what_big}: got {s_big}.", W_TO_FLOAT)
    expect_true(math.isfinite(s_mid) and s_mid > 0,
                f"{what_mid}: got {_num(s_mid)}, expected a positive entropy.")
    ratio, expected = s_big / s_mid, _ln(w_big) / _ln(w_mid)
    expect_true(_ratio_close(ratio, expected),
                f"{what_big}: got {_num(s_big)}, expected {_num(K_B * _ln(w_big))} (k_B ln W; "
                f"S(W) / S(W_mid) is {_num(ratio)}, but ln W / ln W_mid = {_num(expected)}).")


@checks("boltzmann_entropy", points=0.25)
def test_boltzmann_entropy_honours_k_B(student, rng):
    W = int(rng.integers(3, 10 ** 8))
    c = float(10 ** rng.uniform(-25, 2))
    what1 = f"boltzmann_entropy({W}, k_B=1)"
    s1 = as_float(_call(student, "boltzmann_entropy", W, kwargs={"k_B": 1.0}, what=what1), what1)
    what = f"boltzmann_entropy({W}, k_B={c!r})"
    sc = as_float(_call(student, "boltzmann_entropy", W, kwargs={"k_B": c}, what=what), what)
    expect_true(s1 != 0 and math.isfinite(s1), f"{what1}: got {_num(s1)}, expected ln {W}.")
    expect_true(_ratio_close(sc / s1, c),
                f"{what}: got {_num(sc)}, but {what1} gave {_num(s1)}: S must be proportional "
                f"to k_B (expected {_num(c * s1)}).", KB_IGNORED)


@checks("boltzmann_entropy", points=0.25)
def test_boltzmann_entropy_one_microstate_has_no_entropy(student, rng):
    for W, kwargs in [(1, None), (1.0, None), (_int64(1), {"k_B": 1.0})]:
        what = f"boltzmann_entropy({'np.int64(1)' if kwargs else repr(W)}{', k_B=1' if kwargs else ''})"
        got = as_float(_call(student, "boltzmann_entropy", W, kwargs=kwargs, what=what), what)
        expect_true(got == 0.0, f"{what}: got {_num(got)}, expected 0.0 (ln 1 = 0).")


@checks("boltzmann_entropy", points=0.5)
def test_boltzmann_entropy_rejects_invalid_input(student, rng):
    for W, kwargs, label in [(0, None, "W = 0: no microstate"),
                             (-int(rng.integers(1, 100)), None, "a negative W"),
                             (float(rng.uniform(0.05, 0.95)), None, "a W between 0 and 1"),
                             (10, {"k_B": 0.0}, "k_B = 0"),
                             (10, {"k_B": -K_B}, "a negative k_B")]:
        expect_value_error(student, "boltzmann_entropy", W, kwargs=kwargs,
                           what=f"boltzmann_entropy({W!r}{', ' + str(kwargs) if kwargs else ''})"
                                 f" ({label})")


# ===================================================== boltzmann_entropy_from_log

@checks("boltzmann_entropy_from_log", points=0.5)
def test_boltzmann_entropy_from_log_matches_k_B_times_ln_W(student, rng):
    cases = [(float(rng.uniform(0.01, 5)), None), (float(rng.uniform(800, 5000)), None),
             (float(10 ** rng.uniform(20, 26)), None), (int(rng.integers(10, 10 ** 6)), None),
             (0.0, None), (float(rng.uniform(1, 100)), {"k_B": float(10 ** rng.uniform(-3, 1))})]
    for ln_w, kwargs in cases:
        k_b = (kwargs or {}).get("k_B", K_B)
        what = f"boltzmann_entropy_from_log({ln_w!r}{', k_B=%r' % k_b if kwargs else ''})"
        got = _call(student, "boltzmann_entropy_from_log", ln_w, kwargs=kwargs, what=what)
        _expect_si(got, k_b * ln_w, what, k_b, misconceptions={
            ROUNDED_KB: 1.38e-23 * ln_w, MISSING_KB: ln_w, KB_IGNORED: K_B * ln_w})


@checks("boltzmann_entropy_from_log", points=0.5)
def test_boltzmann_entropy_from_log_rejects_invalid_input(student, rng):
    for ln_w, kwargs, label in [(-float(rng.uniform(1e-6, 1e-3)), None, "ln W < 0 (W < 1)"),
                                (-float(rng.uniform(1, 100)), None, "ln W < 0 (W < 1)"),
                                (5.0, {"k_B": 0.0}, "k_B = 0"),
                                (5.0, {"k_B": -1.0}, "a negative k_B")]:
        expect_value_error(student, "boltzmann_entropy_from_log", ln_w, kwargs=kwargs,
                           what=f"boltzmann_entropy_from_log({ln_w!r}"
                                 f"{', ' + str(kwargs) if kwargs else ''}) ({label})")


# ==================================================== einstein_solid_multiplicity

_EINSTEIN_MISTAKES = {
    ONE_BAR_TOO_MANY: lambda n, q: math.comb(q + n, q),
    DISTINGUISHABLE_QUANTA: lambda n, q: n ** q,
    LOWER_INDEX_N: lambda n, q: math.comb(q + n - 1, n),
}


def _einstein_mistake_value(n, q, expected):
    return {k: f(n, q) for k, f in _EINSTEIN_MISTAKES.items() if f(n, q) != expected}


@checks("einstein_solid_multiplicity", points=0.75)
def test_einstein_solid_multiplicity_matches_brute_force_count(student, rng):
    table = _omega_table(30, 40)
    cases = [(int(rng.integers(2, 31)), int(rng.integers(2, 41))) for _ in range(3)]
    n_small, q_small = int(rng.integers(2, 5)), int(rng.integers(2, 7))
    # brute force: every occupation (n_1, ..., n_N) of the oscillators with sum q
    brute = sum(1 for s in np.ndindex(*(q_small + 1,) * n_small) if sum(s) == q_small)
    cases.append((n_small, q_small))
    for n, q in cases:
        expected = table[n][q]
        assert n != n_small or q != q_small or expected == brute
        what = f"einstein_solid_multiplicity({n}, {q})"
        got = _count_lenient(_call_count(student, "einstein_solid_multiplicity", n, q,
                                         what=what), what)
        if got != expected:
            for key, wrong in _einstein_mistake_value(n, q, expected).items():
                if got == wrong:
                    fail(f"{what}: got {got}, expected {expected}.", key)
            fail(f"{what}: got {got}, expected {expected} (counted by the recurrence "
                 "Omega(N, q) = Omega(N - 1, q) + Omega(N, q - 1)).")


@checks("einstein_solid_multiplicity", points=0.75)
def test_einstein_solid_multiplicity_exact_for_large_solids(student, rng):
    for n, q in [(int(rng.integers(20, 40)), int(rng.integers(20, 40))),
                 (int(rng.integers(500, 3000)), int(rng.integers(500, 3000)))]:
        what = f"einstein_solid_multiplicity({n}, {q})"
        got = _call_count(student, "einstein_solid_multiplicity", n, q, what=what)
        expected = _omega(n, q)
        if type(got) is int and got != expected:
            for key, wrong in _einstein_mistake_value(n, q, expected).items():
                if got == wrong and _own_einstein_mistake(student) == key:
                    return                                  # the first check charges it
        _expect_exact_int(got, expected, what)


def _own_einstein_mistake(student):
    """The catalogued formula mistake the student's function makes on fixed probes."""
    probes = [(3, 4), (5, 6), (2, 9)]
    try:
        got = [student.call("einstein_solid_multiplicity", n, q) for n, q in probes]
    except StudentError:
        return None
    for key, f in _EINSTEIN_MISTAKES.items():
        if all(g == f(n, q) for g, (n, q) in zip(got, probes)):
            return key
    return None


@checks("einstein_solid_multiplicity", points=0.5)
def test_einstein_solid_multiplicity_edge_cases(student, rng):
    n, q = int(rng.integers(2, 50)), int(rng.integers(2, 50))
    cases = [((n, 0), 1, "no quanta"), ((1, q), 1, "one oscillator"),
             ((n, 1), n, "one quantum"), ((_int64(n), _int64(2)), n * (n + 1) // 2,
                                          "NumPy integers, two quanta")]
    mistake = None
    for args, expected, label in cases:
        nn, qq = (a.value if isinstance(a, NumpyScalar) else a for a in args)
        what = f"einstein_solid_multiplicity({nn}, {qq}) ({label})"
        got = _count_lenient(_call_count(student, "einstein_solid_multiplicity", *args,
                                         what=what), what)
        if got == expected:
            continue
        mistake = mistake or _own_einstein_mistake(student)
        if mistake is not None and got == _EINSTEIN_MISTAKES[mistake](nn, qq):
            continue                                        # charged by the first check
        fail(f"{what}: got {got}, expected {expected}.")


@checks("einstein_solid_multiplicity", points=0.5)
def test_einstein_solid_multiplicity_rejects_invalid_input(student, rng):
    q = int(rng.integers(1, 20))
    for args, label in [((0, q), "no oscillators"), ((-int(rng.integers(1, 9)), q),
                                                      "a negative number of oscillators"),
                        ((5, -1), "negative quanta"), ((5, 2.5), "fractional quanta"),
                        ((3.0, 4), "n_oscillators given as the float 3.0")]:
        expect_value_error(student, "einstein_solid_multiplicity", *args,
                           what=f"einstein_solid_multiplicity{args} ({label})")


# ====================================================== two_solid_multiplicities

def _two_solid(n_a, n_b, q, table=None):
    if table is not None:
        return [table[n_a][k] * table[n_b][q - k] for k in range(q + 1)]
    return [_omega(n_a, k) * _omega(n_b, q - k) for k in range(q + 1)]


def _as_count_list(got, length, what, lenient=True):
    if not isinstance(got, (list, tuple)):
        fail(f"{what} should return a list of ints, got {type(got).__name__} {got!r:.60}")
    if len(got) != length:
        fail(f"{what} should have total_quanta + 1 = {length} entries (k = 0..total_quanta "
             f"quanta in A), got {len(got)}.")
    return [_count_lenient(v, f"entry {k} of {what}") if lenient else v
            for k, v in enumerate(got)]


def _own_products(student, n_a, n_b, q):
    """The products of the student's own einstein_solid_multiplicity, or None when it is
    right on fixed probes (then the oracle is what counts) or fails."""
    if _own_einstein_mistake(student) is None:
        try:
            probes = [student.call("einstein_solid_multiplicity", n, k)
                      for n, k in ((3, 4), (4, 6), (1, 5))]
        except StudentError:
            return None
        if probes == [15, 84, 1] and all(type(v) is int for v in probes):
            return None
    try:
        a = [student.call("einstein_solid_multiplicity", n_a, k) for k in range(q + 1)]
        b = [student.call("einstein_solid_multiplicity", n_b, k) for k in range(q + 1)]
        return [int(a[k]) * int(b[q - k]) for k in range(q + 1)]
    except (StudentError, TypeError, ValueError):
        return None


def _judge_two_solid(student, got, n_a, n_b, q, expected, what):
    values = _as_count_list(got, q + 1, what)
    if values == expected:
        return
    own = _own_products(student, n_a, n_b, q)
    if own is not None and values == own:
        return                                              # einstein's checks charge it
    if values == expected[::-1]:
        fail(f"{what}: got the right multiplicities in reverse order.", REVERSED_INDEX)
    added = [_omega(n_a, k) + _omega(n_b, q - k) for k in range(q + 1)]
    if values == added:
        fail(f"{what}: got {values[:6]}..., expected {expected[:6]}...", ADDED_NOT_MULTIPLIED)
    bad = next(k for k in range(q + 1) if values[k] != expected[k])
    fail(f"{what}: entry {bad} (q_A = {bad}) is {_short(values[bad])}, expected "
         f"Omega_A({n_a}, {bad}) * Omega_B({n_b}, {q - bad}) = {_short(expected[bad])}.")


@checks("two_solid_multiplicities", points=1.25)
def test_two_solid_multiplicities_products_of_solid_multiplicities(student, rng):
    table = _omega_table(12, 25)
    for _ in range(3):
        n_a, n_b = (int(v) for v in rng.choice(np.arange(1, 13), size=2, replace=False))
        q = int(rng.integers(3, 26))
        what = f"two_solid_multiplicities({n_a}, {n_b}, {q})"
        got = _call(student, "two_solid_multiplicities", n_a, n_b, q, what=what)
        _judge_two_solid(student, got, n_a, n_b, q, _two_solid(n_a, n_b, q, table), what)


@checks("two_solid_multiplicities", points=1)
def test_two_solid_multiplicities_sum_is_multiplicity_of_combined_solid(student, rng):
    n_a, n_b = int(rng.integers(50, 300)), int(rng.integers(50, 300))
    q = int(rng.integers(100, 300))
    what = f"two_solid_multiplicities({n_a}, {n_b}, {q})"
    got = _call(student, "two_solid_multiplicities", n_a, n_b, q, what=what)
    own = _own_products(student, 3, 4, 5)
    if own is not None:                     # a wrong einstein_solid_multiplicity: judge the
        n_a, n_b, q = 3, 4, 5               # products of the student's own, on a small case
        small = f"two_solid_multiplicities({n_a}, {n_b}, {q})"
        _judge_two_solid(student, _call(student, "two_solid_multiplicities", n_a, n_b, q,
                                        what=small), n_a, n_b, q, _two_solid(n_a, n_b, q), small)
        return
    _as_count_list(got, q + 1, what, lenient=False)
    if any(isinstance(v, (float, np.floating)) for v in got):
        fail(f"{what} holds floats: products of multiplicities with hundreds of digits are "
             "exact only as Python ints.", FLOAT_COUNT)
    if not all(type(v) is int for v in got):
        kinds = sorted({type(v).__name__ for v in got})
        fail(f"{what} should hold Python ints, got {kinds}.")
    total, expected = sum(got), _omega(n_a + n_b, q)
    expect_true(total == expected,
                f"{what}: the entries sum to an int of {len(str(total))} digits that differs "
                f"from the multiplicity of the combined solid Omega({n_a + n_b}, {q}) "
                f"({len(str(expected))} digits): every microstate of the combined solid has "
                "some q_A.")


@checks("two_solid_multiplicities", points=0.25)
def test_two_solid_multiplicities_edge_cases(student, rng):
    n_a, n_b, q = int(rng.integers(1, 20)), int(rng.integers(1, 20)), int(rng.integers(2, 12))
    for args, expected, label in [((n_a, n_b, 0), [1], "no energy"),
                                  ((1, 1, q), [1] * (q + 1), "two single oscillators")]:
        what = f"two_solid_multiplicities{args} ({label})"
        got = _call(student, "two_solid_multiplicities", *args, what=what)
        _judge_two_solid(student, got, *args, expected, what)


@checks("two_solid_multiplicities", points=0.5)
def test_two_solid_multiplicities_rejects_invalid_input(student, rng):
    q = int(rng.integers(2, 10))
    for args, label in [((0, 3, q), "solid A has no oscillators"),
                        ((3, -2, q), "solid B has a negative number of oscillators"),
                        ((3, 4, -1), "negative total quanta"),
                        ((3, 4, 2.5), "fractional total quanta")]:
        expect_value_error(student, "two_solid_multiplicities", *args,
                           what=f"two_solid_multiplicities{args} ({label})")


# ================================================================== gibbs_entropy

def _exact(w, bits=30):
    """A PMF proportional to ``w`` with entries that are multiples of 2**-bits, summing
    to exactly 1 in any order (zeros stay zero, positive entries stay positive)."""
    w = np.asarray(w, dtype=float)
    scale = 2.0 ** bits
    units = np.floor(w / w.sum() * scale)
    units[(w > 0) & (units == 0)] = 1.0
    units[np.argmax(units)] += scale - units.sum()
    return units / scale


def _pmf(rng, size):
    return _exact(rng.dirichlet(np.full(size, float(rng.choice([0.3, 1.0, 4.0])))))


def _gibbs(p, k_b=K_B):
    return k_b * float(scipy.stats.entropy(np.ravel(p)))


_G_PROBE = ([0.5, 0.25, 0.25],)
_G_PROBE_S = 1.5 * LN2 * K_B


@checks("gibbs_entropy", points=1)
def test_gibbs_entropy_matches_k_B_times_shannon_entropy_in_nats(student, rng):
    shapes = [(int(rng.integers(2, 12)),), (int(rng.integers(12, 200)),),
              (int(rng.integers(2, 5)), int(rng.integers(2, 6)))]
    for i, shape in enumerate(shapes + [(int(rng.integers(2, 9)),)]):
        p = _pmf(rng, int(np.prod(shape))).reshape(shape)
        arg = p.tolist() if i not in (1, 3) else p
        if i == 3:                                   # a float32 PMF, summing to 1 in float32
            arg = p.astype(np.float32)
            arg[np.argmax(arg)] += np.float32(1) - arg.sum(dtype=np.float32)
            p = arg.astype(float)
        expected = _gibbs(p)
        h_nats = expected / K_B
        what = f"gibbs_entropy({fmt(p)}" + (", a float32 array)" if i == 3 else ")")
        got = _call(student, "gibbs_entropy", arg, what=what)
        _expect_si(got, expected, what, K_B, tol="float32" if i == 3 else "float", misconceptions={
            LOG2_NOT_LN: expected / LN2, MISSING_KB: h_nats, NEGATIVE_SIGN: -expected,
            ROUNDED_KB: 1.38e-23 * h_nats, LOG10_NOT_LN: expected / math.log(10)})


@checks("gibbs_entropy", points=0.5)
def test_gibbs_entropy_uniform_distribution_gives_boltzmann(student, rng):
    W = int(rng.integers(3, 3000))
    expected = K_B * math.log(W)
    what = f"gibbs_entropy([1/{W}] * {W}) (should be Boltzmann's k_B ln {W})"
    value = as_float(_call(student, "gibbs_entropy", [1.0 / W] * W, what=what), what)
    if _close(value, expected, K_B) or _factor_forgiven(
            student, "gibbs_entropy", value, expected, _G_PROBE, _G_PROBE_S, K_B):
        return
    _expect_si(value, expected, what, K_B)


@checks("gibbs_entropy", points=0.5)
def test_gibbs_entropy_zero_probability_states_contribute_nothing(student, rng):
    n = int(rng.integers(3, 9))
    p = _pmf(rng, n)
    padded = np.zeros(n + int(rng.integers(1, 5)))
    padded[rng.choice(len(padded), size=n, replace=False)] = p
    what0 = f"gibbs_entropy({fmt(p)})"
    s0 = as_float(_call(student, "gibbs_entropy", p.tolist(), what=what0), what0)
    what = f"gibbs_entropy({fmt(padded)}) (the same PMF with states of probability 0)"
    s = as_float(_call(student, "gibbs_entropy", padded, what=what), what)
    expect_true(not math.isnan(s), f"{what} returned nan.", ZERO_LN_ZERO)
    expect_true(_close(s, s0, K_B), f"{what}: got {_num(s)}, but without the zeros "
                                    f"{_num(s0)}: unoccupied states add nothing.")
    certain = np.zeros(int(rng.integers(2, 8)))
    certain[int(rng.integers(len(certain)))] = 1.0
    what = f"gibbs_entropy({fmt(certain)}) (a known microstate)"
    s = as_float(_call(student, "gibbs_entropy", certain.tolist(), what=what), what)
    expect_true(s == 0.0, f"{what}: got {_num(s)}, expected 0.0.")


@checks("gibbs_entropy", points=0.25)
def test_gibbs_entropy_honours_k_B(student, rng):
    p = _pmf(rng, int(rng.integers(3, 8)))
    c = float(10 ** rng.uniform(-25, 2))
    what1 = f"gibbs_entropy({fmt(p)}, k_B=1)"
    s1 = as_float(_call(student, "gibbs_entropy", p.tolist(), kwargs={"k_B": 1.0}, what=what1),
                  what1)
    what = f"gibbs_entropy({fmt(p)}, k_B={c!r})"
    sc = as_float(_call(student, "gibbs_entropy", p.tolist(), kwargs={"k_B": c}, what=what), what)
    expect_true(s1 != 0 and math.isfinite(s1), f"{what1}: got {_num(s1)}, expected the "
                                               "entropy in nats.")
    expect_true(_ratio_close(sc / s1, c),
                f"{what}: got {_num(sc)}, but {what1} gave {_num(s1)}: S must be proportional "
                f"to k_B (expected {_num(c * s1)}).", KB_IGNORED)


@checks("gibbs_entropy", points=0.5)
def test_gibbs_entropy_rejects_invalid_input(student, rng):
    p = _pmf(rng, int(rng.integers(3, 7)))
    neg = p.copy()
    neg[0] += neg[1] + 0.2
    neg[1] = -0.2
    with_nan = p.copy()
    with_nan[0] = np.nan
    below, above = float(rng.choice([0.99, 0.9])), float(rng.choice([1.01, 1.3]))
    for value, kwargs, label in [(neg.tolist(), None, "a negative entry (the sum is 1)"),
                                 ((p * below).tolist(), None, f"entries summing to {below}"),
                                 ((p * above).tolist(), None, f"entries summing to {above}"),
                                 (with_nan.tolist(), None, "a nan entry"),
                                 (p.tolist(), {"k_B": 0.0}, "k_B = 0"),
                                 (p.tolist(), {"k_B": -K_B}, "a negative k_B")]:
        expect_value_error(student, "gibbs_entropy", value, kwargs=kwargs,
                           what=f"gibbs_entropy({fmt(np.array(value))}"
                                 f"{', ' + str(kwargs) if kwargs else ''}) ({label})")


@checks("gibbs_entropy", points=0.25)
def test_gibbs_entropy_inputs_unchanged(student, rng):
    p = _pmf(rng, int(rng.integers(4, 9)))
    q = p.copy()
    q[0] = 0.0
    _ignoring_errors(student, "gibbs_entropy", _exact(q))
    _ignoring_errors(student, "gibbs_entropy", p * (1 - 3e-7))
    _ignoring_errors(student, "gibbs_entropy", np.outer(p, [0.25, 0.75]).tolist())
    expect_no_side_effects(student, "inputs")


# ================================================== bits_to_thermodynamic_entropy

@checks("bits_to_thermodynamic_entropy", points=0.75)
def test_bits_to_thermodynamic_entropy_matches_k_B_ln_2_per_bit(student, rng):
    for bits in [1, int(rng.integers(2, 10 ** 6)), float(rng.uniform(0, 1)),
                 float(10 ** rng.uniform(9, 24)), 0]:
        expected = bits * K_B * LN2
        what = f"bits_to_thermodynamic_entropy({bits!r})"
        got = _call(student, "bits_to_thermodynamic_entropy", bits, what=what)
        _expect_si(got, expected, what, K_B, misconceptions={
            LN2_MISSING: bits * K_B, LN2_DIVIDED: bits * K_B / LN2, MISSING_KB: bits * LN2,
            ROUNDED_KB: bits * 1.38e-23 * LN2})


@checks("bits_to_thermodynamic_entropy", points=0.25)
def test_bits_to_thermodynamic_entropy_negative_bits_give_negative_entropy(student, rng):
    bits = float(rng.uniform(0.5, 1e6))
    what = f"bits_to_thermodynamic_entropy({bits!r})"
    s = as_float(_call(student, "bits_to_thermodynamic_entropy", bits, what=what), what)
    what_neg = f"bits_to_thermodynamic_entropy({-bits!r}) (a decrease of information)"
    s_neg = as_float(_call(student, "bits_to_thermodynamic_entropy", -bits, what=what_neg),
                     what_neg)
    expect_true(s > 0 and _ratio_close(s_neg / s, -1.0),
                f"{what_neg}: got {_num(s_neg)}, but {what} gave {_num(s)}: the conversion is "
                "linear, so -b bits give -S.")


# ================================================================ landauer_energy

@checks("landauer_energy", points=1.25)
def test_landauer_energy_matches_bits_k_B_T_ln_2(student, rng):
    cases = [(300.0, 1), (float(rng.uniform(0.01, 0.99)), int(rng.integers(2, 10 ** 4))),
             (float(rng.uniform(250, 400)), float(8 * 10 ** rng.uniform(6, 12))),
             (float(10 ** rng.uniform(3, 7)), float(rng.uniform(0.1, 3)))]
    for T, bits in cases:
        expected = bits * K_B * T * LN2
        what = f"landauer_energy({T!r}, {bits!r})"
        got = _call(student, "landauer_energy", T, bits, what=what)
        _expect_si(got, expected, what, K_B * T, misconceptions={
            LN2_MISSING: bits * K_B * T, LN2_DIVIDED: bits * K_B * T / LN2,
            ROUNDED_KB: bits * 1.38e-23 * T * LN2, MISSING_KB: bits * T * LN2})


@checks("landauer_energy", points=0.25)
def test_landauer_energy_zero_bits_cost_nothing(student, rng):
    for T, bits in [(float(rng.uniform(1, 1000)), 0), (float(rng.uniform(1, 1000)), 0.0)]:
        what = f"landauer_energy({T!r}, {bits!r})"
        got = as_float(_call(student, "landauer_energy", T, bits, what=what), what)
        expect_true(got == 0.0, f"{what}: got {_num(got)}, expected 0.0.")


@checks("landauer_energy", points=0.5)
def test_landauer_energy_rejects_invalid_input(student, rng):
    for args, label in [((0.0, 1), "T = 0 K"), ((-float(rng.uniform(1, 300)), 1),
                                                 "a negative absolute temperature"),
                        ((-float(rng.uniform(0.01, 0.99)), 1), "a negative absolute temperature"),
                        ((300.0, -float(rng.uniform(1, 10))), "a negative number of bits"),
                        ((300.0, -float(rng.uniform(0.01, 0.99))), "a negative number of bits")]:
        expect_value_error(student, "landauer_energy", *args,
                           what=f"landauer_energy{args} ({label})")


# ========================================================= free_expansion_entropy

@checks("free_expansion_entropy", points=1)
def test_free_expansion_entropy_matches_n_R_ln_volume_ratio(student, rng):
    cases = [(1, 1.0, 2.0), (float(rng.uniform(0.01, 10)), float(rng.uniform(1e-3, 1)),
                             float(rng.uniform(1.5, 40))),
             (int(rng.integers(2, 20)), float(rng.uniform(1, 10)), float(rng.uniform(11, 1e4)))]
    for n, v1, v2 in cases:
        ln_ratio = math.log(v2 / v1)
        expected = n * R_GAS * ln_ratio
        what = f"free_expansion_entropy({n!r}, {v1!r}, {v2!r})"
        got = _call(student, "free_expansion_entropy", n, v1, v2, what=what)
        _expect_si(got, expected, what, R_GAS, misconceptions={
            GAS_CONSTANT_ROUNDED: n * 8.314 * ln_ratio, LOG10_NOT_LN: expected / math.log(10),
            KB_FOR_R: n * K_B * ln_ratio, VOLUMES_SWAPPED: -expected})


@checks("free_expansion_entropy", points=0.5)
def test_free_expansion_entropy_compression_gives_negative_change(student, rng):
    n, v1, v2 = float(rng.uniform(0.1, 5)), float(rng.uniform(0.1, 1)), float(rng.uniform(2, 9))
    what = f"free_expansion_entropy({n!r}, {v1!r}, {v2!r})"
    s = as_float(_call(student, "free_expansion_entropy", n, v1, v2, what=what), what)
    what_back = f"free_expansion_entropy({n!r}, {v2!r}, {v1!r}) (a compression)"
    s_back = as_float(_call(student, "free_expansion_entropy", n, v2, v1, what=what_back),
                      what_back)
    expect_true(s_back < 0 and _close(s_back, -s, R_GAS),
                f"{what_back}: got {_num(s_back)}, but the expansion gave {_num(s)}: "
                "ln(V1/V2) = -ln(V2/V1), so the compression must give the negative of it.")


@checks("free_expansion_entropy", points=0.5)
def test_free_expansion_entropy_no_change_cases(student, rng):
    v = float(rng.uniform(0.1, 10))
    for args, label in [((float(rng.uniform(0.1, 5)), v, v), "the same volume"),
                        ((0, v, 2 * v), "no gas"), ((0.0, v, 3 * v), "no gas")]:
        what = f"free_expansion_entropy{args} ({label})"
        got = as_float(_call(student, "free_expansion_entropy", *args, what=what), what)
        expect_true(got == 0.0, f"{what}: got {_num(got)}, expected 0.0.")


@checks("free_expansion_entropy", points=0.5)
def test_free_expansion_entropy_rejects_invalid_input(student, rng):
    v = float(rng.uniform(0.5, 5))
    for args, label in [((1.0, 0.0, v), "V1 = 0"), ((1.0, v, 0.0), "V2 = 0"),
                        ((1.0, -v, v), "a negative V1"), ((1.0, v, -v), "a negative V2"),
                        ((1.0, -v, -2 * v), "two negative volumes"),
                        ((-float(rng.uniform(1, 3)), v, 2 * v), "a negative amount of gas"),
                        ((-float(rng.uniform(0.01, 0.99)), v, 2 * v), "a negative amount of gas")]:
        expect_value_error(student, "free_expansion_entropy", *args,
                           what=f"free_expansion_entropy{args} ({label})")
