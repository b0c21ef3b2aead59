"""Wrong (and alternative correct) implementations for 07_combinatorics.

Each ``code`` is inserted before every test cell of
solutions/07_combinatorics/07_combinatorics.py and redefines only what it breaks.
"""

WRONG = [
    dict(name="permutations_float_division", exercise="n_permutations",
         misconception="count-computed-in-floats", code='''
import math
def n_permutations(n, k):
    if n < 0 or k < 0:
        raise ValueError("negative")
    if k > n:
        return 0
    return int(math.factorial(n) / math.factorial(n - k))    # / makes a float
'''),
    dict(name="permutations_with_repetition", exercise="n_permutations",
         misconception="permutations-with-repetition", code='''
def n_permutations(n, k):
    if n < 0 or k < 0:
        raise ValueError("negative")
    return n ** k
'''),
    dict(name="permutations_factorial_of_negative", exercise="n_permutations",
         misconception="k-above-n-not-zero", code='''
import math
def n_permutations(n, k):
    if n < 0 or k < 0:
        raise ValueError("negative")
    return math.factorial(n) // math.factorial(n - k)          # k > n: ValueError
'''),
    dict(name="permutations_loop_keeps_numpy_integers", exercise="n_permutations",
         misconception="count-overflows-int64", code='''
def n_permutations(n, k):
    if n < 0 or k < 0:
        raise ValueError("negative")
    if k > n:
        return 0
    result = 1
    for i in range(k):
        result *= n - i                  # exact for Python ints; np.int64 n makes it int64
    return int(result)
'''),
    dict(name="permutations_numpy_prod", exercise="n_permutations",
         misconception="count-overflows-int64", code='''
import numpy as np
def n_permutations(n, k):
    if n < 0 or k < 0:
        raise ValueError("negative")
    if k > n:
        return 0
    return int(np.prod(np.arange(n - k + 1, n + 1)))        # int64 wraps silently
'''),
    dict(name="combinations_forgot_k_factorial", exercise="n_combinations",
         misconception="combinations-count-order", code='''
import math
def n_combinations(n, k):
    if n < 0 or k < 0:
        raise ValueError("negative")
    if k > n:
        return 0
    return math.factorial(n) // math.factorial(n - k)
'''),
    dict(name="combinations_scipy_float", exercise="n_combinations",
         misconception="count-computed-in-floats", code='''
import scipy.special
def n_combinations(n, k):
    if n < 0 or k < 0:
        raise ValueError("negative")
    return scipy.special.comb(n, k)                            # float unless exact=True
'''),
    dict(name="combinations_divide_before_multiply", exercise="n_combinations",
         misconception=None, code='''
def n_combinations(n, k):
    if n < 0 or k < 0:
        raise ValueError("negative")
    if k > n:
        return 0
    c = 1
    for j in range(1, k + 1):
        c = c // j * (n - k + j)                               # the division is not exact
    return c
'''),
    dict(name="combinations_no_negative_check", exercise="n_combinations",
         misconception=None, code='''
import math
def n_combinations(n, k):
    if k > n or k < 0:
        return 0                                               # -1 items? silently 0
    return math.factorial(n) // (math.factorial(k) * math.factorial(n - k))
'''),
    dict(name="multinomial_numpy_prod_of_factorials", exercise="multinomial_coefficient",
         misconception="count-overflows-int64", code='''
import math
import numpy as np
def multinomial_coefficient(counts):
    counts = np.asarray(counts, dtype=np.int64)
    if np.any(counts < 0):
        raise ValueError("negative count")
    denominator = np.prod([math.factorial(int(c)) for c in counts]) if len(counts) else 1
    return int(np.prod(np.arange(1, counts.sum() + 1)) // denominator)
'''),
    dict(name="multinomial_sorts_in_place", exercise="multinomial_coefficient",
         misconception="modifies-input-in-place", code='''
def multinomial_coefficient(counts):
    if any(c < 0 for c in counts):
        raise ValueError("negative count")
    if isinstance(counts, list):
        counts.sort(reverse=True)            # largest first: fewer multiplications
    counts = [int(c) for c in counts]
    if not counts:
        return 1
    result, total = 1, counts[0]
    for c in counts[1:]:
        for j in range(1, c + 1):
            total += 1
            result = result * total // j
    return result
'''),
    dict(name="multinomial_float_division", exercise="multinomial_coefficient",
         misconception="count-computed-in-floats", code='''
import math
def multinomial_coefficient(counts):
    if any(c < 0 for c in counts):
        raise ValueError("negative count")
    result = math.factorial(int(sum(counts)))
    for c in counts:
        result /= math.factorial(int(c))
    return result
'''),
    dict(name="pascal_one_row_too_many", exercise="pascal_triangle",
         misconception="pascal-rows-off-by-one", code='''
import math
def pascal_triangle(n_rows):
    if n_rows < 0:
        raise ValueError("negative")
    return [[math.comb(i, j) for j in range(i + 1)] for i in range(n_rows + 1)]
'''),
    dict(name="pascal_numpy_int64_rows", exercise="pascal_triangle",
         misconception="count-overflows-int64", code='''
import numpy as np
def pascal_triangle(n_rows):
    if n_rows < 0:
        raise ValueError("negative")
    rows, row = [], np.ones(1, dtype=np.int64)
    for i in range(n_rows):
        rows.append([int(v) for v in row])
        row = np.concatenate([[1], row[:-1] + row[1:], [1]])
    return rows
'''),
    dict(name="pascal_float_rows", exercise="pascal_triangle",
         misconception="count-not-a-python-int", code='''
import math
def pascal_triangle(n_rows):
    if n_rows < 0:
        raise ValueError("negative")
    return [[math.factorial(i) / (math.factorial(j) * math.factorial(i - j))
             for j in range(i + 1)] for i in range(min(n_rows, 60))] + \\
        [[math.comb(i, j) for j in range(i + 1)] for i in range(60, n_rows)]
'''),
    dict(name="arrangements_ignores_repeats", exercise="arrangements",
         misconception="repeated-items-not-divided-out", code='''
import math
def arrangements(word):
    return math.factorial(len(word))
'''),
    dict(name="arrangements_distinct_letters_only", exercise="arrangements",
         misconception="arrangements-of-distinct-letters-only", code='''
import math
def arrangements(word):
    return math.factorial(len(set(word)))
'''),
    dict(name="arrangements_case_insensitive", exercise="arrangements", misconception=None, code='''
import collections
import math
def arrangements(word):
    counts = collections.Counter(word.lower())
    result = math.factorial(len(word))
    for c in counts.values():
        result //= math.factorial(c)
    return result
'''),
    dict(name="binomial_naive_formula", exercise="binomial_pmf",
         misconception="binomial-overflow-at-large-n", code='''
import math
import numpy as np
def binomial_pmf(k, n, p):
    if n < 0 or not (0 <= p <= 1):
        raise ValueError("invalid n or p")
    def one(kk):
        kk = int(kk)
        if kk < 0 or kk > n:
            return 0.0
        return math.comb(n, kk) * p ** kk * (1 - p) ** (n - kk)   # int * float overflows
    if np.ndim(k) == 0:
        return float(one(k))
    k = np.asarray(k)
    return np.array([one(v) for v in k.ravel()], dtype=float).reshape(k.shape)
'''),
    dict(name="binomial_log_space_nan_at_p_zero", exercise="binomial_pmf",
         misconception="binomial-zero-times-log-zero", code='''
import numpy as np
import scipy.special
def binomial_pmf(k, n, p):
    if n < 0 or not (0 <= p <= 1):
        raise ValueError("invalid n or p")
    k = np.asarray(k, dtype=float)
    inside = (k >= 0) & (k <= n)
    kk = np.where(inside, k, 0)
    with np.errstate(all="ignore"):
        log_pmf = (scipy.special.gammaln(n + 1) - scipy.special.gammaln(kk + 1)
                   - scipy.special.gammaln(n - kk + 1) + kk * np.log(p) + (n - kk) * np.log1p(-p))
        out = np.where(inside, np.exp(log_pmf), 0.0)
    return float(out) if out.ndim == 0 else out
'''),
    dict(name="binomial_without_coefficient", exercise="binomial_pmf",
         misconception="binomial-coefficient-missing", code='''
import numpy as np
import scipy.special
def binomial_pmf(k, n, p):
    if n < 0 or not (0 <= p <= 1):
        raise ValueError("invalid n or p")
    k = np.asarray(k, dtype=float)
    inside = (k >= 0) & (k <= n)
    kk = np.where(inside, k, 0)
    out = np.where(inside, np.exp(scipy.special.xlogy(kk, p) + scipy.special.xlog1py(n - kk, -p)),
                   0.0)
    return float(out) if out.ndim == 0 else out
'''),
    dict(name="binomial_scipy_without_validation", exercise="binomial_pmf", misconception=None,
         code='''
import numpy as np
import scipy.stats
def binomial_pmf(k, n, p):
    out = scipy.stats.binom.pmf(k, n, p)                     # nan for p = 1.5, no ValueError
    return float(out) if np.ndim(out) == 0 else out
'''),
    dict(name="binomial_clips_k_in_place", exercise="binomial_pmf",
         misconception="modifies-input-in-place", code='''
import numpy as np
import scipy.stats
def binomial_pmf(k, n, p):
    if n < 0 or not (0 <= p <= 1):
        raise ValueError("invalid n or p")
    if np.ndim(k) == 0:
        return float(scipy.stats.binom.pmf(k, n, p))
    k = np.asarray(k)
    outside = (k < 0) | (k > n)
    k[outside] = 0                           # changes the caller's array
    out = scipy.stats.binom.pmf(k, n, p)
    out[outside] = 0.0
    return out
'''),
    dict(name="log_multinomial_stirling", exercise="log_multinomial",
         misconception="stirling-instead-of-exact-log", code='''
import math
def log_multinomial(counts):
    if any(c < 0 for c in counts):
        raise ValueError("negative count")
    def log_fact(n):
        return n * math.log(n) - n if n > 0 else 0.0
    return float(log_fact(sum(counts)) - sum(log_fact(c) for c in counts))
'''),
    dict(name="log_multinomial_log_of_gamma", exercise="log_multinomial",
         misconception=None, code='''
import math
def log_multinomial(counts):
    if any(c < 0 for c in counts):
        raise ValueError("negative count")
    value = math.log(math.gamma(sum(counts) + 1))          # gamma overflows beyond 171
    return value - sum(math.log(math.gamma(c + 1)) for c in counts)
'''),
    dict(name="entropy_from_counting_plug_in", exercise="entropy_from_counting",
         misconception="plug-in-entropy-instead-of-counting", code='''
import math
import numpy as np
def entropy_from_counting(counts, base=2):
    log_b = check_base(base)
    p = np.array(counts, dtype=float)
    if np.any(p < 0) or p.sum() == 0:
        raise ValueError("need non-negative counts, not all zero")
    p = p[p > 0] / p.sum()
    return float(-(p * np.log(p)).sum() / log_b)
'''),
    dict(name="entropy_from_counting_nats_by_default", exercise="entropy_from_counting",
         misconception="natural-log-instead-of-bits", code='''
import math
def entropy_from_counting(counts, base=math.e):
    log_b = check_base(base)
    ks = [as_count(c, "count") for c in counts]
    if sum(ks) == 0:
        raise ValueError("no observations")
    return log_multinomial(ks) / sum(ks) / log_b
'''),
    dict(name="entropy_from_counting_not_per_symbol", exercise="entropy_from_counting",
         misconception="log-multinomial-not-divided-by-n", code='''
import math
def entropy_from_counting(counts, base=2):
    log_b = check_base(base)
    ks = [as_count(c, "count") for c in counts]
    if sum(ks) == 0:
        raise ValueError("no observations")
    return log_multinomial(ks) / log_b
'''),
    dict(name="entropy_from_counting_loose_base_check", exercise="entropy_from_counting",
         misconception=None, code='''
import math
def entropy_from_counting(counts, base=2):
    if base <= 0 or base == 1:                     # lets inf and nan through
        raise ValueError("bad base")
    ks = [as_count(c, "count") for c in counts]
    if sum(ks) == 0:
        raise ValueError("no observations")
    return log_multinomial(ks) / sum(ks) / math.log(base)
'''),
]

ALTERNATIVES = [
    dict(name="math_library_calls", code='''
import math
def n_permutations(n, k):
    return math.perm(n, k)
def n_combinations(n, k):
    return math.comb(n, k)
def multinomial_coefficient(counts):
    result, total = 1, 0
    for c in counts:
        c = int(c)
        if c < 0:
            raise ValueError(f"negative count {c}")
        total += c
        result *= math.comb(total, c)
    return result
def pascal_triangle(n_rows):
    if n_rows < 0:
        raise ValueError("n_rows must be >= 0")
    return [[math.comb(i, j) for j in range(i + 1)] for i in range(n_rows)]
def log_multinomial(counts):
    counts = [int(c) for c in counts]
    if min(counts, default=0) < 0:
        raise ValueError("negative count")
    return math.lgamma(sum(counts) + 1) - sum(math.lgamma(c + 1) for c in counts)
'''),
    dict(name="scipy_calls", code='''
import collections
import math
import numpy as np
import scipy.special
import scipy.stats
def n_combinations(n, k):
    if n < 0 or k < 0:
        raise ValueError("n and k must be non-negative")
    return int(scipy.special.comb(n, k, exact=True))
def arrangements(word):
    return multinomial_coefficient(sorted(collections.Counter(word).values()))
def binomial_pmf(k, n, p):
    if n < 0 or not 0 <= p <= 1:
        raise ValueError("need n >= 0 and p in [0, 1]")
    out = scipy.stats.binom.pmf(k, n, p)
    return float(out) if np.ndim(k) == 0 else np.asarray(out, dtype=float)
def log_multinomial(counts):
    c = np.asarray(counts, dtype=np.float64)
    if np.any(c < 0):
        raise ValueError("negative count")
    return float(scipy.special.gammaln(c.sum() + 1) - scipy.special.gammaln(c + 1).sum())
def entropy_from_counting(counts, base=2):
    if not (isinstance(base, (int, float)) and math.isfinite(base) and base > 0 and base != 1):
        raise ValueError(f"invalid base {base!r}")
    total = int(np.sum(np.asarray(counts, dtype=np.int64))) if len(counts) else 0
    if total <= 0:
        raise ValueError("no observations")
    return log_multinomial(counts) / (total * math.log(base))
'''),
    dict(name="loops_and_helpers_named_f_x_rng", code='''
import math
import numpy as np
def _f(n):
    x = 1
    for i in range(2, n + 1):
        x *= i
    return x
def rng(n, k):
    if n < 0 or k < 0:
        raise ValueError("negative input")
    return n, k
def n_permutations(n, k):
    n, k = rng(int(n), int(k))
    return 0 if k > n else _f(n) // _f(n - k)
def n_combinations(n, k):
    n, k = rng(int(n), int(k))
    return 0 if k > n else _f(n) // (_f(k) * _f(n - k))
def pascal_triangle(n_rows):
    if n_rows < 0:
        raise ValueError("negative n_rows")
    x = []
    row = [1]
    for _ in range(n_rows):
        x.append(row)
        row = [a + b for a, b in zip([0] + row, row + [0])]
    return x
def arrangements(word):
    x = {}
    for ch in word:
        x[ch] = x.get(ch, 0) + 1
    result = _f(len(word))
    for c in x.values():
        result //= _f(c)
    return result
def binomial_pmf(k, n, p):
    if n < 0 or not (0.0 <= p <= 1.0):
        raise ValueError("bad n or p")
    def one(kk):
        kk = int(kk)
        if kk < 0 or kk > n:
            return 0.0
        if p == 0.0 or p == 1.0:
            return 1.0 if kk == (0 if p == 0.0 else n) else 0.0
        return math.exp(math.lgamma(n + 1) - math.lgamma(kk + 1) - math.lgamma(n - kk + 1)
                        + kk * math.log(p) + (n - kk) * math.log1p(-p))
    if np.ndim(k) == 0:
        return one(k)
    arr = np.asarray(k)
    return np.array([one(v) for v in arr.ravel()]).reshape(arr.shape)
'''),
    dict(name="torch_lgamma_float64", code='''
import math
import torch
def log_multinomial(counts):
    c = torch.as_tensor([int(v) for v in counts], dtype=torch.float64)
    if bool((c < 0).any()):
        raise ValueError("negative count")
    return float(torch.lgamma(c.sum() + 1) - torch.lgamma(c + 1).sum())
def entropy_from_counting(counts, base=2):
    ln_b = check_base(base)
    total = sum(int(v) for v in counts)
    if any(int(v) < 0 for v in counts):
        raise ValueError("negative count")
    if total == 0:
        raise ValueError("no observations")
    return log_multinomial(counts) / total / ln_b
'''),
]
