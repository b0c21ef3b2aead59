"""Wrong (and alternative correct) implementations for 00_probability_foundations.

Each ``code`` is inserted into solutions/00_probability_foundations/00_probability_foundations.py
before every test cell and redefines only what it breaks.
"""

_JOINT_CHECKS = '''
    J = np.array(joint, dtype=float)
    if J.ndim != 2 or np.any(J < 0) or abs(J.sum() - 1) > 1e-6:
        raise ValueError("joint must be a 2-D PMF")
'''

WRONG = [
    # ------------------------------------------------------------------ normalize
    dict(name="normalize_naive_sum_overflows", exercise="normalize",
         misconception="weights-sum-overflows", code='''
import numpy as np
def normalize(weights):
    w = np.array(weights, dtype=float)
    if w.size == 0 or np.any(~np.isfinite(w)) or np.any(w < 0) or w.sum() == 0:
        raise ValueError("weights must be finite, non-negative and not all zero")
    return w / w.sum()                           # sum of 1e308s is inf
'''),
    dict(name="normalize_divides_by_max", exercise="normalize",
         misconception="normalised-by-max-not-sum", code='''
import numpy as np
def normalize(weights):
    w = np.array(weights, dtype=float)
    if w.size == 0 or np.any(~np.isfinite(w)) or np.any(w < 0) or w.max() == 0:
        raise ValueError("weights must be finite, non-negative and not all zero")
    return w / w.max()                           # "scaled to [0, 1]"
'''),
    dict(name="normalize_flattens_tables", exercise="normalize",
         misconception="pmf-shape-lost", code='''
import numpy as np
def normalize(weights):
    w = np.array(weights, dtype=float).ravel()
    if w.size == 0 or np.any(~np.isfinite(w)) or np.any(w < 0) or w.max() == 0:
        raise ValueError("weights must be finite, non-negative and not all zero")
    w = w / w.max()
    return w / w.sum()
'''),
    dict(name="normalize_in_place", exercise="normalize",
         misconception="modifies-input-in-place", code='''
import numpy as np
def normalize(weights):
    w = np.asarray(weights, dtype=float)         # no copy of a float64 array
    if w.size == 0 or np.any(~np.isfinite(w)) or np.any(w < 0) or w.max() == 0:
        raise ValueError("weights must be finite, non-negative and not all zero")
    w /= w.max()
    w /= w.sum()
    return w
'''),
    dict(name="normalize_without_validation", exercise="normalize", misconception=None, code='''
import numpy as np
def normalize(weights):
    w = np.array(weights, dtype=float)
    with np.errstate(all="ignore"):
        w = w / np.max(w) if w.size else w
        return w / w.sum()
'''),
    # -------------------------------------------------------------- empirical_pmf
    dict(name="empirical_pmf_counts_not_frequencies", exercise="empirical_pmf",
         misconception="counts-not-divided-by-n", code='''
import numpy as np
def empirical_pmf(samples, num_outcomes):
    x = np.array(samples, dtype=float).ravel()
    if num_outcomes < 1 or x.size == 0 or np.any(x != np.floor(x)) or not np.all(np.isfinite(x)):
        raise ValueError("invalid samples")
    if x.min() < 0 or x.max() >= num_outcomes:
        raise ValueError("out of range")
    return np.bincount(x.astype(int), minlength=num_outcomes).astype(float)
'''),
    dict(name="empirical_pmf_only_seen_outcomes", exercise="empirical_pmf",
         misconception="unseen-outcomes-dropped", code='''
import numpy as np
def empirical_pmf(samples, num_outcomes):
    x = np.array(samples, dtype=float).ravel()
    if num_outcomes < 1 or x.size == 0 or np.any(x != np.floor(x)) or not np.all(np.isfinite(x)):
        raise ValueError("invalid samples")
    if x.min() < 0 or x.max() >= num_outcomes:
        raise ValueError("out of range")
    values, counts = np.unique(x, return_counts=True)
    return counts / x.size                       # one entry per *seen* outcome
'''),
    dict(name="empirical_pmf_drops_out_of_range", exercise="empirical_pmf", misconception=None,
         code='''
import numpy as np
def empirical_pmf(samples, num_outcomes):
    x = np.array(samples, dtype=float).ravel()
    if num_outcomes < 1 or x.size == 0 or np.any(x != np.floor(x)) or not np.all(np.isfinite(x)):
        raise ValueError("invalid samples")
    x = x[(x >= 0) & (x < num_outcomes)]         # "ignore the bad ones"
    if x.size == 0:
        raise ValueError("no samples")
    return np.bincount(x.astype(int), minlength=num_outcomes) / x.size
'''),
    dict(name="empirical_pmf_sorts_the_callers_list", exercise="empirical_pmf",
         misconception="modifies-input-in-place", code='''
import numpy as np
def empirical_pmf(samples, num_outcomes):
    if isinstance(samples, list):
        samples.sort()                           # sorted, to find min and max cheaply
    x = np.array(samples, dtype=float).ravel()
    if num_outcomes < 1 or x.size == 0 or np.any(x != np.floor(x)) or not np.all(np.isfinite(x)):
        raise ValueError("invalid samples")
    if x.min() < 0 or x.max() >= num_outcomes:
        raise ValueError("out of range")
    return np.bincount(x.astype(int), minlength=num_outcomes) / x.size
'''),
    # ------------------------------------------------------------------ marginals
    dict(name="marginals_axes_swapped", exercise="marginals",
         misconception="marginal-axes-swapped", code='''
import numpy as np
def marginals(joint):''' + _JOINT_CHECKS + '''    return J.sum(axis=0), J.sum(axis=1)          # axis=0 "is the first variable"
'''),
    # a wrong marginals that conditional, is_independent reuse: they are graded on it
    dict(name="marginals_mean_instead_of_sum_reused", exercise="marginals", misconception=None,
         code='''
import numpy as np
def marginals(joint):''' + _JOINT_CHECKS + '''    return J.mean(axis=1), J.mean(axis=0)        # averages, not sums

def conditional(joint):
    J = np.array(joint, dtype=float)
    p_x, _ = marginals(joint)
    C = np.full(J.shape, np.nan)
    C[p_x > 0] = J[p_x > 0] / p_x[p_x > 0, None]
    return C

def is_independent(joint, atol=1e-9):
    if not atol >= 0:
        raise ValueError("atol must be >= 0")
    J = np.array(joint, dtype=float)
    p_x, p_y = marginals(joint)
    return bool(np.all(np.abs(J - np.outer(p_x, p_y)) <= atol))
'''),
    # ---------------------------------------------------------------- conditional
    dict(name="conditional_clamped_marginal", exercise="conditional",
         misconception="undefined-conditional-row-as-zeros", code='''
import numpy as np
def conditional(joint):''' + _JOINT_CHECKS + '''    p_x = J.sum(axis=1, keepdims=True)
    return J / np.maximum(p_x, 1e-10)            # "avoid division by zero"
'''),
    dict(name="conditional_normalises_columns", exercise="conditional",
         misconception="conditional-normalised-by-columns", code='''
import numpy as np
def conditional(joint):''' + _JOINT_CHECKS + '''    p_y = J.sum(axis=0, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        C = J / p_y                              # P(X = i | Y = j)
    return C
'''),
    dict(name="conditional_uniform_undefined_rows", exercise="conditional",
         misconception="undefined-conditional-row-as-uniform", code='''
import numpy as np
def conditional(joint):''' + _JOINT_CHECKS + '''    p_x = J.sum(axis=1)
    C = np.full(J.shape, 1.0 / J.shape[1])       # "no information: uniform"
    C[p_x > 0] = J[p_x > 0] / p_x[p_x > 0, None]
    return C
'''),
    dict(name="conditional_nan_wherever_joint_is_zero", exercise="conditional",
         misconception=None, code='''
import numpy as np
def conditional(joint):''' + _JOINT_CHECKS + '''    p_x = J.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        C = J / p_x
    C[J == 0] = np.nan                           # "no mass, no conditional"
    return C
'''),
    # ------------------------------------------------------------- is_independent
    dict(name="is_independent_allclose_defaults", exercise="is_independent",
         misconception="independence-with-relative-tolerance", code='''
import numpy as np
def is_independent(joint, atol=1e-9):
    if not atol >= 0:
        raise ValueError("atol must be >= 0")''' + _JOINT_CHECKS + '''    return bool(np.allclose(J, np.outer(J.sum(axis=1), J.sum(axis=0)), atol=atol))
'''),
    dict(name="is_independent_exact_equality", exercise="is_independent",
         misconception="independence-by-exact-equality", code='''
import numpy as np
def is_independent(joint, atol=1e-9):
    if not atol >= 0:
        raise ValueError("atol must be >= 0")''' + _JOINT_CHECKS + '''    return bool(np.array_equal(J, np.outer(J.sum(axis=1), J.sum(axis=0))))
'''),
    dict(name="is_independent_strict_inequality", exercise="is_independent", misconception=None,
         code='''
import numpy as np
def is_independent(joint, atol=1e-9):
    if not atol >= 0:
        raise ValueError("atol must be >= 0")''' + _JOINT_CHECKS + '''    return bool(np.max(np.abs(J - np.outer(J.sum(axis=1), J.sum(axis=0)))) < atol)
'''),
    dict(name="is_independent_checks_one_cell", exercise="is_independent", misconception=None,
         code='''
import numpy as np
def is_independent(joint, atol=1e-9):
    if not atol >= 0:
        raise ValueError("atol must be >= 0")''' + _JOINT_CHECKS + '''    p_x, p_y = J.sum(axis=1), J.sum(axis=0)
    return bool(abs(J[0, 0] - p_x[0] * p_y[0]) <= atol)
'''),
    # ---------------------------------------------------------------- expectation
    dict(name="expectation_unweighted_mean", exercise="expectation",
         misconception="expectation-unweighted-mean", code='''
import numpy as np
def expectation(values, pmf):
    v, p = np.array(values, dtype=float), np.array(pmf, dtype=float)
    if v.shape != p.shape or np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("invalid input")
    return float(np.mean(v))
'''),
    # variance reuses the wrong expectation: graded on it, it keeps its points
    dict(name="expectation_unweighted_reused_by_variance", exercise="expectation",
         misconception="expectation-unweighted-mean", code='''
import numpy as np
def expectation(values, pmf):
    v, p = np.array(values, dtype=float), np.array(pmf, dtype=float)
    if v.shape != p.shape or np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("invalid input")
    return float(np.mean(v))

def variance(values, pmf):
    mu = expectation(values, pmf)                # validates the input too
    v, p = np.array(values, dtype=float), np.array(pmf, dtype=float)
    if v.ndim != 1:
        raise ValueError("values must be 1-D")
    return float(np.sum(p * (v - mu) ** 2))
'''),
    dict(name="expectation_without_validation", exercise="expectation", misconception=None,
         code='''
import numpy as np
def expectation(values, pmf):
    return float(np.dot(np.ravel(values)[:len(pmf)], pmf))
'''),
    # ------------------------------------------------------------------- variance
    dict(name="variance_shortcut_formula", exercise="variance",
         misconception="variance-catastrophic-cancellation", code='''
import numpy as np
def variance(values, pmf):
    v, p = np.array(values, dtype=float), np.array(pmf, dtype=float)
    if v.shape != p.shape or np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("invalid input")
    return float(np.sum(p * v ** 2) - np.sum(p * v) ** 2)     # E[X^2] - E[X]^2
'''),
    dict(name="variance_unweighted_np_var", exercise="variance",
         misconception="variance-unweighted", code='''
import numpy as np
def variance(values, pmf):
    v, p = np.array(values, dtype=float), np.array(pmf, dtype=float)
    if v.shape != p.shape or np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("invalid input")
    return float(np.var(v))
'''),
    dict(name="variance_returns_standard_deviation", exercise="variance",
         misconception="variance-returned-as-standard-deviation", code='''
import numpy as np
def variance(values, pmf):
    v, p = np.array(values, dtype=float), np.array(pmf, dtype=float)
    if v.shape != p.shape or np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("invalid input")
    mu = np.sum(p * v)
    return float(np.sqrt(np.sum(p * (v - mu) ** 2)))
'''),
    # ------------------------------------------------------- interval_probability
    dict(name="interval_probability_quad_alone", exercise="interval_probability",
         misconception="quadrature-misses-narrow-peak", code='''
import math
import scipy.integrate
def interval_probability(pdf, a, b):
    if math.isnan(a) or math.isnan(b):
        raise ValueError("nan limit")
    if a >= b:
        return 0.0
    return float(scipy.integrate.quad(pdf, a, b)[0])
'''),
    dict(name="interval_probability_reversed_limits_negative", exercise="interval_probability",
         misconception="reversed-limits-negative-probability", code='''
import math
import numpy as np
import scipy.integrate
def interval_probability(pdf, a, b):
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        raise ValueError("nan limit")
    if a > b:
        return -interval_probability(pdf, b, a)  # the integral from a to b, as in calculus
    if a == b:
        return 0.0
    lo, hi = max(a, -100.0), min(b, 100.0)
    total = 0.0
    if lo < hi:
        n = math.ceil((hi - lo) / 0.002)
        t, w = np.polynomial.legendre.leggauss(6)
        edges = np.linspace(lo, hi, n + 1)
        half = np.diff(edges) / 2
        x = (edges[:-1] + half)[:, None] + half[:, None] * t
        total += float(np.sum(pdf(x) * w * half[:, None]))
    if a < -100.0:
        total += scipy.integrate.quad(pdf, a, min(b, -100.0))[0]
    if b > 100.0:
        total += scipy.integrate.quad(pdf, max(a, 100.0), b)[0]
    return total
'''),
    dict(name="interval_probability_coarse_trapezoid", exercise="interval_probability",
         misconception=None, code='''
import math
import numpy as np
def interval_probability(pdf, a, b):
    if math.isnan(a) or math.isnan(b):
        raise ValueError("nan limit")
    if a >= b:
        return 0.0
    lo, hi = max(a, -60.0), min(b, 60.0)         # clip infinite limits
    x = np.linspace(lo, hi, 20001)
    return float(np.trapezoid(pdf(x), x))
'''),
    # ---------------------------------------------------------- histogram_density
    dict(name="histogram_density_frequencies_not_divided_by_width",
         exercise="histogram_density", misconception="histogram-not-divided-by-width", code='''
import numpy as np
def histogram_density(samples, bins):
    x = np.array(samples, dtype=float).ravel()
    if x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError("invalid samples")
    counts, edges = np.histogram(x, bins)
    if counts.sum() == 0:
        raise ValueError("no sample inside")
    return counts / counts.sum(), edges          # a PMF over the bins, not a density
'''),
    dict(name="histogram_density_divides_by_all_samples", exercise="histogram_density",
         misconception="histogram-normalised-by-all-samples", code='''
import numpy as np
def histogram_density(samples, bins):
    x = np.array(samples, dtype=float).ravel()
    if x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError("invalid samples")
    counts, edges = np.histogram(x, bins)
    if counts.sum() == 0:
        raise ValueError("no sample inside")
    return counts / (x.size * np.diff(edges)), edges
'''),
    dict(name="histogram_density_one_width_for_all_bins", exercise="histogram_density",
         misconception="histogram-single-width", code='''
import numpy as np
def histogram_density(samples, bins):
    x = np.array(samples, dtype=float).ravel()
    if x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError("invalid samples")
    counts, edges = np.histogram(x, bins)
    if counts.sum() == 0:
        raise ValueError("no sample inside")
    width = (edges[-1] - edges[0]) / len(counts)
    return counts / (counts.sum() * width), edges
'''),
    dict(name="histogram_density_last_edge_excluded", exercise="histogram_density",
         misconception="histogram-last-edge-excluded", code='''
import numpy as np
def histogram_density(samples, bins):
    x = np.array(samples, dtype=float).ravel()
    if x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError("invalid samples")
    if np.ndim(bins) == 0:
        if bins < 1:
            raise ValueError("bins must be >= 1")
        lo, hi = x.min(), x.max()
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        edges = np.linspace(lo, hi, int(bins) + 1)
    else:
        edges = np.array(bins, dtype=float)
        if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
            raise ValueError("edges must increase")
    index = np.searchsorted(edges, x, side="right") - 1   # [e_k, e_k+1) for every bin
    inside = (index >= 0) & (index < len(edges) - 1)
    counts = np.bincount(index[inside], minlength=len(edges) - 1)
    if counts.sum() == 0:
        raise ValueError("no sample inside")
    return counts / (counts.sum() * np.diff(edges)), edges
'''),
]

ALTERNATIVES = [
    dict(name="loops_fsum_and_fractions_free_python", code='''
import bisect
import math

def normalize(weights):
    import numpy as np
    shape = np.shape(weights)
    flat = [float(v) for v in np.ravel(weights)]
    if not flat or any(not math.isfinite(v) or v < 0 for v in flat):
        raise ValueError("weights must be finite and >= 0")
    top = max(flat)
    if top == 0:
        raise ValueError("all weights are zero")
    scaled = [v / top for v in flat]
    total = math.fsum(scaled)
    return np.array([v / total for v in scaled]).reshape(shape)

def empirical_pmf(samples, num_outcomes):
    import numpy as np
    if num_outcomes < 1 or int(num_outcomes) != num_outcomes:
        raise ValueError("num_outcomes must be a positive integer")
    counts = [0] * int(num_outcomes)
    n = 0
    for v in np.ravel(samples).tolist():
        if not (isinstance(v, (int, float)) and math.isfinite(v) and v == int(v)):
            raise ValueError(f"{v!r} is not an outcome")
        if not 0 <= v < num_outcomes:
            raise ValueError(f"{v!r} is outside 0..{num_outcomes - 1}")
        counts[int(v)] += 1
        n += 1
    if n == 0:
        raise ValueError("no samples")
    return np.array([c / n for c in counts])

def _rows(joint):
    import numpy as np
    if np.ndim(joint) != 2 or np.size(joint) == 0:
        raise ValueError("joint must be a 2-D table")
    rows = [[float(v) for v in row] for row in np.asarray(joint).tolist()]
    cells = [v for row in rows for v in row]
    if any(not math.isfinite(v) or v < 0 for v in cells) or abs(math.fsum(cells) - 1) > 1e-6:
        raise ValueError("joint must be a PMF")
    return rows

def marginals(joint):
    import numpy as np
    rows = _rows(joint)
    return (np.array([math.fsum(r) for r in rows]),
            np.array([math.fsum(col) for col in zip(*rows)]))

def conditional(joint):
    import numpy as np
    out = []
    for row in _rows(joint):
        total = math.fsum(row)
        out.append([v / total for v in row] if total > 0 else [math.nan] * len(row))
    return np.array(out)

def is_independent(joint, atol=1e-9):
    if not atol >= 0:
        raise ValueError("atol must be >= 0")
    rows = _rows(joint)
    px = [math.fsum(r) for r in rows]
    py = [math.fsum(c) for c in zip(*rows)]
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if abs(v - px[i] * py[j]) > atol:
                return False
    return True

def _pairs(values, pmf):
    import numpy as np
    if np.ndim(values) != 1 or np.shape(values) != np.shape(pmf) or len(values) == 0:
        raise ValueError("values and pmf must be 1-D of one length")
    v = [float(x) for x in values]
    p = [float(x) for x in pmf]
    if any(not math.isfinite(x) for x in v) or any(x < 0 for x in p) or \\
            abs(math.fsum(p) - 1) > 1e-6:
        raise ValueError("pmf must be a PMF and values finite")
    return v, p

def expectation(values, pmf):
    v, p = _pairs(values, pmf)
    return math.fsum(a * b for a, b in zip(p, v))

def variance(values, pmf):
    v, p = _pairs(values, pmf)
    mu = math.fsum(a * b for a, b in zip(p, v))
    return math.fsum(a * (b - mu) ** 2 for a, b in zip(p, v))

def histogram_density(samples, bins):
    import numpy as np
    x = [float(v) for v in np.ravel(samples)]
    if not x or any(not math.isfinite(v) for v in x):
        raise ValueError("samples must be finite and non-empty")
    if np.ndim(bins) == 0:
        if bins < 1:
            raise ValueError("bins must be >= 1")
        lo, hi = min(x), max(x)
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        edges = np.linspace(lo, hi, int(bins) + 1).tolist()
    else:
        edges = [float(e) for e in bins]
        if len(edges) < 2 or any(b <= a for a, b in zip(edges, edges[1:])) or \
                not all(math.isfinite(e) for e in edges):
            raise ValueError("edges must be finite and increase")
    k = len(edges) - 1
    counts = [0] * k
    for v in x:
        if v == edges[-1]:
            counts[-1] += 1                      # the last bin is closed on the right
        elif edges[0] <= v < edges[-1]:
            counts[bisect.bisect_right(edges, v) - 1] += 1
    n = sum(counts)
    if n == 0:
        raise ValueError("no sample inside the edges")
    return np.array([c / (n * (edges[i + 1] - edges[i])) for i, c in enumerate(counts)]), \\
        np.array(edges)
'''),
    dict(name="numpy_library_calls", code='''
import math
import numpy as np

def normalize(weights):
    w = np.array(weights, dtype=float)
    if w.size == 0 or not np.isfinite(w).all() or (w < 0).any() or not w.any():
        raise ValueError("weights must be finite, >= 0 and not all zero")
    return np.divide(w, np.max(w)) / np.sum(np.divide(w, np.max(w)))

def conditional(joint):
    J = np.array(joint, dtype=float)
    if J.ndim != 2 or (J < 0).any() or not math.isclose(J.sum(), 1.0, rel_tol=0, abs_tol=1e-6):
        raise ValueError("joint must be a 2-D PMF")
    with np.errstate(invalid="ignore", divide="ignore"):
        return J / J.sum(axis=1, keepdims=True)  # 0 / 0 = nan exactly in the empty rows

def is_independent(joint, atol=1e-9):
    if not atol >= 0:
        raise ValueError("atol must be >= 0")
    J = np.array(joint, dtype=float)
    if J.ndim != 2 or (J < 0).any() or not math.isclose(J.sum(), 1.0, rel_tol=0, abs_tol=1e-6):
        raise ValueError("joint must be a 2-D PMF")
    return bool(np.allclose(J, np.einsum("i,j->ij", J.sum(1), J.sum(0)), rtol=0, atol=atol))

def expectation(values, pmf):
    v, p = np.array(values, dtype=float), np.array(pmf, dtype=float)
    if v.ndim != 1 or v.shape != p.shape or (p < 0).any() or abs(p.sum() - 1) > 1e-6:
        raise ValueError("values and pmf must match and pmf be a PMF")
    return float(np.dot(v, p))

def variance(values, pmf):
    v, p = np.array(values, dtype=float), np.array(pmf, dtype=float)
    if v.ndim != 1 or v.shape != p.shape or (p < 0).any() or abs(p.sum() - 1) > 1e-6:
        raise ValueError("values and pmf must match and pmf be a PMF")
    return float(np.cov(v, aweights=p, bias=True))

def histogram_density(samples, bins):
    x = np.array(samples, dtype=float).ravel()
    if x.size == 0 or not np.isfinite(x).all():
        raise ValueError("samples must be finite and non-empty")
    if np.ndim(bins) and (len(bins) < 2 or np.any(np.diff(bins) <= 0)
                          or not np.isfinite(bins).all()):
        raise ValueError("edges must be finite and increase")
    counts, _ = np.histogram(x, bins)
    if counts.sum() == 0:
        raise ValueError("no sample inside the edges")
    return np.histogram(x, bins, density=True)
'''),
    dict(name="interval_scan_then_quad_with_breakpoints", code='''
import math
import numpy as np
import scipy.integrate

def interval_probability(pdf, a, b):
    if math.isnan(a) or math.isnan(b):
        raise ValueError("the limits must not be nan")
    if a >= b:
        return 0.0
    lo, hi = max(a, -80.0), min(b, 80.0)
    total = 0.0
    if lo < hi:
        # scan the core finely, then let quad start from the peaks it would miss
        grid = np.append(np.arange(lo, hi, 2.5e-4), hi)
        f = pdf(grid)
        # breakpoints where quad would not look: around every local maximum, at
        # distances growing geometrically (each piece is short next to its distance
        # from the peak, so quad resolves the peak from its ends)
        peaks = np.flatnonzero((f[1:-1] > f[:-2]) & (f[1:-1] >= f[2:])) + 1
        peaks = np.append(peaks[np.argsort(f[peaks])[::-1][:10]], [0, len(grid) - 1])
        ladder = 2.5e-4 * 2.0 ** np.arange(18)
        near = (grid[peaks][:, None] + np.concatenate([-ladder, [0.0], ladder])).ravel()
        cuts = [lo] + sorted({float(c) for c in near if lo < c < hi}) + [hi]
        for left, right in zip(cuts[:-1], cuts[1:]):
            total += scipy.integrate.quad(pdf, left, right, limit=200, epsabs=1e-12)[0]
    if a < -80.0:
        total += scipy.integrate.quad(pdf, a, min(b, -80.0))[0]
    if b > 80.0:
        total += scipy.integrate.quad(pdf, max(a, 80.0), b)[0]
    return float(total)
'''),
    dict(name="short_helper_names_f_x_rng", code='''
import math
import numpy as np

def _f(a, what):
    """a as a float array, checked finite and non-negative."""
    a = np.array(a, dtype=float)
    if a.size == 0 or not np.all(np.isfinite(a)) or np.any(a < 0):
        raise ValueError(f"{what} must be non-empty, finite and non-negative")
    return a

def x(joint):
    J = _f(joint, "joint")
    if J.ndim != 2 or abs(J.sum() - 1) > 1e-6:
        raise ValueError("joint must be a 2-D PMF")
    return J

def rng(v, p):
    v, p = np.array(v, dtype=float), _f(p, "pmf")
    if v.ndim != 1 or v.shape != p.shape or abs(p.sum() - 1) > 1e-6 or \\
            not np.all(np.isfinite(v)):
        raise ValueError("values and pmf must be 1-D of one length, pmf a PMF")
    return v, p

def normalize(weights):
    w = _f(weights, "weights")
    if w.max() == 0:
        raise ValueError("all weights are zero")
    w = w / w.max()
    return w / w.sum()

def marginals(joint):
    J = x(joint)
    return J @ np.ones(J.shape[1]), np.ones(J.shape[0]) @ J

def conditional(joint):
    J = x(joint)
    p = J.sum(axis=1)
    return np.where(p[:, None] > 0, J / np.where(p > 0, p, 1.0)[:, None], np.nan)

def is_independent(joint, atol=1e-9):
    if math.isnan(atol) or atol < 0:
        raise ValueError("atol must be >= 0")
    J = x(joint)
    px, py = marginals(J)
    return not bool(np.any(np.abs(J - px[:, None] * py[None, :]) > atol))

def expectation(values, pmf):
    v, p = rng(values, pmf)
    return float(p @ v)

def variance(values, pmf):
    v, p = rng(values, pmf)
    d = v - p @ v
    return float(p @ (d * d))
'''),
]
