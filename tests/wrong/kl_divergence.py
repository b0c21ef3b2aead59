"""Wrong (and alternative correct) implementations for 02_kl_divergence.

Each ``code`` is inserted into solutions/02_kl_divergence/02_kl_divergence.py before
every test cell and redefines only what it breaks.
"""

_KL_CHECKS = '''
    if not base > 0 or base == 1:
        raise ValueError("bad base")
    p, q = np.array(p, dtype=float), np.array(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError("shape mismatch")
    for v in (p, q):
        if np.any(v < 0) or abs(v.sum() - 1) > 1e-6:
            raise ValueError("not a PMF")
'''

_NLL_CHECKS = '''
    q = np.array(q, dtype=float)
    if q.ndim != 1 or np.any(q < 0) or abs(q.sum() - 1) > 1e-6:
        raise ValueError("q is not a PMF")
    x = np.array(samples, dtype=float)
    if x.size == 0 or np.any(x != np.round(x)) or np.any(x < 0) or np.any(x >= len(q)):
        raise ValueError("bad samples")
    x = x.astype(int)
'''

_FIT_CHECKS = '''
    w, m, s = (np.array(v, dtype=float) for v in (weights, means, stds))
    if w.size == 0 or w.shape != m.shape or w.shape != s.shape:
        raise ValueError("lengths differ")
    if np.any(w < 0) or abs(w.sum() - 1) > 1e-6 or np.any(s <= 0):
        raise ValueError("invalid mixture")
'''

_GRID_CHECKS = '''
    x = np.array(x_grid, dtype=float)
    mus, sigmas = np.array(mu_grid, dtype=float), np.array(sigma_grid, dtype=float)
    if x.size < 2 or np.any(np.diff(x) <= 0) or mus.size == 0 or sigmas.size == 0 \\
            or np.any(sigmas <= 0):
        raise ValueError("invalid grids")
'''

WRONG = [
    # ------------------------------------------------------------ kl_divergence
    dict(name="kl_clamped_like_the_seed", exercise="kl_divergence",
         misconception="kl-clamped-log-hides-support-mismatch", code='''
import numpy as np
def kl_divergence(p, q, base=2):''' + _KL_CHECKS + '''
    p = np.maximum(p, 1e-10)                   # "ensure no zero probabilities"
    q = np.maximum(q, 1e-10)
    return float(np.sum(p * np.log(p / q)) / np.log(base))
'''),
    dict(name="kl_wrong_direction", exercise="kl_divergence",
         misconception="kl-wrong-direction", code='''
import numpy as np
def kl_divergence(p, q, base=2):''' + _KL_CHECKS + '''
    s = q > 0
    if np.any(p[s] == 0):
        return float("inf")
    return float(np.sum(q[s] * np.log(q[s] / p[s])) / np.log(base))
'''),
    dict(name="kl_natural_log_always", exercise="kl_divergence",
         misconception="natural-log-instead-of-bits", code='''
import numpy as np
def kl_divergence(p, q, base=2):''' + _KL_CHECKS + '''
    s = p > 0
    if np.any(q[s] == 0):
        return float("inf")
    return float(np.sum(p[s] * np.log(p[s] / q[s])))
'''),
    dict(name="kl_zero_log_zero_is_nan", exercise="kl_divergence",
         misconception="kl-zero-log-zero-is-nan", code='''
import numpy as np
def kl_divergence(p, q, base=2):''' + _KL_CHECKS + '''
    with np.errstate(all="ignore"):
        return float(np.sum(p * np.log(p / q)) / np.log(base))
'''),
    dict(name="kl_returns_the_cross_entropy", exercise="kl_divergence",
         misconception="kl-computed-as-cross-entropy", code='''
import numpy as np
def kl_divergence(p, q, base=2):''' + _KL_CHECKS + '''
    s = p > 0
    if np.any(q[s] == 0):
        return float("inf")
    return float(-np.sum(p[s] * np.log(q[s])) / np.log(base))
'''),
    dict(name="kl_normalises_in_place", exercise="kl_divergence",
         misconception="modifies-input-in-place", code='''
import numpy as np
def kl_divergence(p, q, base=2):
    if not base > 0 or base == 1:
        raise ValueError("bad base")
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)    # no copy
    if p.shape != q.shape:
        raise ValueError("shape mismatch")
    for v in (p, q):
        if np.any(v < 0) or abs(v.sum() - 1) > 1e-6:
            raise ValueError("not a PMF")
        v /= v.sum()                            # "make sure it sums to 1"
    s = p > 0
    if np.any(q[s] == 0):
        return float("inf")
    return float(np.sum(p[s] * np.log(p[s] / q[s])) / np.log(base))
'''),
    dict(name="kl_without_validation", exercise="kl_divergence", misconception=None, code='''
import numpy as np
def kl_divergence(p, q, base=2):
    p, q = np.array(p, dtype=float), np.array(q, dtype=float)
    s = p > 0
    if np.any(q[s] == 0):
        return float("inf")
    return float(np.sum(p[s] * np.log(p[s] / q[s])) / np.log(base))
'''),
    dict(name="kl_always_plus_inf", exercise="kl_divergence", misconception=None, code='''
import math
import numpy as np
def kl_divergence(p, q, base=2):''' + _KL_CHECKS + '''
    s = p > 0
    if np.any(q[s] == 0):
        return math.inf                         # ignores the sign of 1 / ln(base)
    return float(np.sum(p[s] * np.log(p[s] / q[s])) / np.log(base))
'''),
    # -------------------------------------------------------------- kl_gaussian
    dict(name="kl_gaussian_std_as_variance", exercise="kl_gaussian",
         misconception="kl-gaussian-std-as-variance", code='''
import math
def kl_gaussian(mu_p, sigma_p, mu_q, sigma_q):
    if sigma_p <= 0 or sigma_q <= 0:
        raise ValueError("sigma must be positive")
    return math.log(sigma_q / sigma_p) + (sigma_p + (mu_p - mu_q) ** 2) / (2 * sigma_q) - 0.5
'''),
    dict(name="kl_gaussian_wrong_direction", exercise="kl_gaussian",
         misconception="kl-wrong-direction", code='''
import math
def kl_gaussian(mu_p, sigma_p, mu_q, sigma_q):
    if sigma_p <= 0 or sigma_q <= 0:
        raise ValueError("sigma must be positive")
    return (math.log(sigma_p / sigma_q)
            + (sigma_q ** 2 + (mu_p - mu_q) ** 2) / (2 * sigma_p ** 2) - 0.5)
'''),
    dict(name="kl_gaussian_log_variance_ratio_unhalved", exercise="kl_gaussian",
         misconception="kl-gaussian-log-variance-ratio-unhalved", code='''
import math
def kl_gaussian(mu_p, sigma_p, mu_q, sigma_q):
    if sigma_p <= 0 or sigma_q <= 0:
        raise ValueError("sigma must be positive")
    return (math.log(sigma_q ** 2 / sigma_p ** 2)
            + (sigma_p ** 2 + (mu_p - mu_q) ** 2) / (2 * sigma_q ** 2) - 0.5)
'''),
    dict(name="kl_gaussian_squares_the_sigmas", exercise="kl_gaussian", misconception=None,
         code='''
import math
def kl_gaussian(mu_p, sigma_p, mu_q, sigma_q):
    if sigma_p <= 0 or sigma_q <= 0:
        raise ValueError("sigma must be positive")
    var_p, var_q = sigma_p ** 2, sigma_q ** 2     # under/overflows at extreme scales
    return 0.5 * (math.log(var_q / var_p) + (var_p + (mu_p - mu_q) ** 2) / var_q - 1)
'''),
    dict(name="kl_gaussian_without_validation", exercise="kl_gaussian", misconception=None,
         code='''
import math
def kl_gaussian(mu_p, sigma_p, mu_q, sigma_q):
    r = abs(sigma_p / sigma_q)
    d = (mu_p - mu_q) / sigma_q
    return -math.log(r) + 0.5 * (r * r + d * d) - 0.5
'''),
    # ----------------------------------------------------------- kl_monte_carlo
    dict(name="mc_clipped_at_zero", exercise="kl_monte_carlo",
         misconception="mc-estimate-clipped-at-zero", code='''
import numpy as np
def kl_monte_carlo(log_p, log_q, samples):
    x = np.array(samples, dtype=float)
    if x.size == 0:
        raise ValueError("no samples")
    return max(0.0, float(np.mean(log_p(x) - log_q(x))))   # "KL is never negative"
'''),
    dict(name="mc_weighted_by_p_again", exercise="kl_monte_carlo",
         misconception="mc-weighted-by-p-twice", code='''
import numpy as np
def kl_monte_carlo(log_p, log_q, samples):
    x = np.array(samples, dtype=float)
    if x.size == 0:
        raise ValueError("no samples")
    lp, lq = log_p(x), log_q(x)
    return float(np.mean(np.exp(lp) * (lp - lq)))           # sum p log(p / q), sampled
'''),
    dict(name="mc_summed", exercise="kl_monte_carlo",
         misconception="mc-summed-instead-of-averaged", code='''
import numpy as np
def kl_monte_carlo(log_p, log_q, samples):
    x = np.array(samples, dtype=float)
    if x.size == 0:
        raise ValueError("no samples")
    return float(np.sum(log_p(x) - log_q(x)))
'''),
    dict(name="mc_wrong_direction", exercise="kl_monte_carlo",
         misconception="kl-wrong-direction", code='''
import numpy as np
def kl_monte_carlo(log_p, log_q, samples):
    x = np.array(samples, dtype=float)
    if x.size == 0:
        raise ValueError("no samples")
    return float(np.mean(log_q(x) - log_p(x)))
'''),
    dict(name="mc_empty_sample_gives_nan", exercise="kl_monte_carlo", misconception=None,
         code='''
import numpy as np
def kl_monte_carlo(log_p, log_q, samples):
    x = np.array(samples, dtype=float)
    with np.errstate(all="ignore"):
        return float(np.sum(log_p(x) - log_q(x)) / len(x)) if len(x) else float("nan")
'''),
    # -------------------------------------------------- negative_log_likelihood
    dict(name="nll_in_bits", exercise="negative_log_likelihood",
         misconception="kl-bits-instead-of-nats", code='''
import math
import numpy as np
def negative_log_likelihood(samples, q):''' + _NLL_CHECKS + '''
    if np.any(q[x] == 0):
        return math.inf
    return float(-np.mean(np.log2(q[x])))
'''),
    dict(name="nll_summed", exercise="negative_log_likelihood",
         misconception="nll-summed-instead-of-averaged", code='''
import math
import numpy as np
def negative_log_likelihood(samples, q):''' + _NLL_CHECKS + '''
    if np.any(q[x] == 0):
        return math.inf
    return float(-np.sum(np.log(q[x])))
'''),
    dict(name="nll_negative_index_wraps", exercise="negative_log_likelihood",
         misconception="nll-negative-index-wraps-around", code='''
import math
import numpy as np
def negative_log_likelihood(samples, q):
    q = np.array(q, dtype=float)
    if q.ndim != 1 or np.any(q < 0) or abs(q.sum() - 1) > 1e-6:
        raise ValueError("q is not a PMF")
    x = np.array(samples, dtype=float)
    if x.size == 0 or np.any(x != np.round(x)) or np.any(x >= len(q)):
        raise ValueError("bad samples")
    x = x.astype(int)                          # q[-1] is the last entry: no error
    if np.any(q[x] == 0):
        return math.inf
    return float(-np.mean(np.log(q[x])))
'''),
    dict(name="nll_clamped_log", exercise="negative_log_likelihood",
         misconception="kl-clamped-log-hides-support-mismatch", code='''
import numpy as np
def negative_log_likelihood(samples, q):''' + _NLL_CHECKS + '''
    return float(-np.mean(np.log(np.maximum(q[x], 1e-12))))
'''),
    dict(name="nll_only_the_kl", exercise="negative_log_likelihood",
         misconception="nll-missing-entropy-term", code='''
import math
import numpy as np
def negative_log_likelihood(samples, q):''' + _NLL_CHECKS + '''
    p_hat = np.bincount(x, minlength=len(q)) / len(x)
    s = p_hat > 0
    if np.any(q[s] == 0):
        return math.inf
    return float(np.sum(p_hat[s] * np.log(p_hat[s] / q[s])))
'''),
    # -------------------------------------------------- forward_kl_gaussian_fit
    dict(name="forward_fit_within_component_variance_only",
         exercise="forward_kl_gaussian_fit",
         misconception="forward-fit-missing-between-component-variance", code='''
import math
import numpy as np
def forward_kl_gaussian_fit(weights, means, stds):''' + _FIT_CHECKS + '''
    return float(np.sum(w * m)), math.sqrt(float(np.sum(w * s ** 2)))
'''),
    dict(name="forward_fit_averages_the_stds", exercise="forward_kl_gaussian_fit",
         misconception="forward-fit-averaged-standard-deviations", code='''
import numpy as np
def forward_kl_gaussian_fit(weights, means, stds):''' + _FIT_CHECKS + '''
    return float(np.sum(w * m)), float(np.sum(w * s))
'''),
    dict(name="forward_fit_returns_the_variance", exercise="forward_kl_gaussian_fit",
         misconception="forward-fit-variance-returned", code='''
import numpy as np
def forward_kl_gaussian_fit(weights, means, stds):''' + _FIT_CHECKS + '''
    mu = float(np.sum(w * m))
    return mu, float(np.sum(w * (s ** 2 + (m - mu) ** 2)))
'''),
    dict(name="forward_fit_variance_by_cancellation", exercise="forward_kl_gaussian_fit",
         misconception="forward-fit-variance-by-cancellation", code='''
import math
import numpy as np
def forward_kl_gaussian_fit(weights, means, stds):''' + _FIT_CHECKS + '''
    mu = float(np.sum(w * m))
    second = float(np.sum(w * (s ** 2 + m ** 2)))          # E[X^2]
    return mu, math.sqrt(max(second - mu ** 2, 0.0))
'''),
    dict(name="forward_fit_unweighted_mean", exercise="forward_kl_gaussian_fit",
         misconception="forward-fit-unweighted-mean", code='''
import math
import numpy as np
def forward_kl_gaussian_fit(weights, means, stds):''' + _FIT_CHECKS + '''
    mu = float(np.mean(m))
    return mu, math.sqrt(float(np.sum(w * (s ** 2 + (m - mu) ** 2))))
'''),
    # -------------------------------------------------- reverse_kl_gaussian_fit
    dict(name="reverse_fit_minimises_the_forward_kl", exercise="reverse_kl_gaussian_fit",
         misconception="kl-wrong-direction", code='''
import math
import numpy as np
def reverse_kl_gaussian_fit(log_p, x_grid, mu_grid, sigma_grid):''' + _GRID_CHECKS + '''
    lp = log_p(x)
    best, best_value = None, math.inf
    for mu in mus:
        for sigma in sigmas:
            lq = -0.5 * ((x - mu) / sigma) ** 2 - math.log(sigma * math.sqrt(2 * math.pi))
            value = np.trapezoid(np.exp(lp) * (lp - lq), x)       # KL(p || q)
            if value < best_value:
                best, best_value = (float(mu), float(sigma)), value
    return best
'''),
    dict(name="reverse_fit_log_of_the_density", exercise="reverse_kl_gaussian_fit",
         misconception="reverse-fit-log-of-underflowed-density", code='''
import numpy as np
import scipy.stats
def reverse_kl_gaussian_fit(log_p, x_grid, mu_grid, sigma_grid):''' + _GRID_CHECKS + '''
    lp = log_p(x)
    values = np.empty((len(mus), len(sigmas)))
    with np.errstate(all="ignore"):
        for i, mu in enumerate(mus):
            for j, sigma in enumerate(sigmas):
                q = scipy.stats.norm.pdf(x, mu, sigma)
                values[i, j] = np.trapezoid(q * (np.log(q) - lp), x)
    i, j = np.unravel_index(np.argmin(values), values.shape)
    return float(mus[i]), float(sigmas[j])
'''),
    dict(name="reverse_fit_assumes_even_spacing", exercise="reverse_kl_gaussian_fit",
         misconception=None, code='''
import math
import numpy as np
def reverse_kl_gaussian_fit(log_p, x_grid, mu_grid, sigma_grid):''' + _GRID_CHECKS + '''
    lp = log_p(x)
    dx = x[1] - x[0]
    best, best_value = None, math.inf
    for mu in mus:
        for sigma in sigmas:
            lq = -0.5 * ((x - mu) / sigma) ** 2 - math.log(sigma * math.sqrt(2 * math.pi))
            value = np.sum(np.exp(lq) * (lq - lp)) * dx          # a Riemann sum
            if value < best_value:
                best, best_value = (float(mu), float(sigma)), value
    return best
'''),
    dict(name="reverse_fit_returns_indices", exercise="reverse_kl_gaussian_fit",
         misconception="reverse-fit-indices-returned", code='''
import numpy as np
def reverse_kl_gaussian_fit(log_p, x_grid, mu_grid, sigma_grid):''' + _GRID_CHECKS + '''
    lp = log_p(x)
    lq = (-0.5 * ((x - mus[:, None, None]) / sigmas[None, :, None]) ** 2
          - np.log(sigmas[None, :, None] * np.sqrt(2 * np.pi)))
    values = np.trapezoid(np.exp(lq) * (lq - lp), x, axis=-1)
    i, j = np.unravel_index(np.argmin(values), values.shape)
    return float(i), float(j)
'''),
    dict(name="reverse_fit_without_validation", exercise="reverse_kl_gaussian_fit",
         misconception=None, code='''
import numpy as np
def reverse_kl_gaussian_fit(log_p, x_grid, mu_grid, sigma_grid):
    x = np.array(x_grid, dtype=float)
    mus, sigmas = np.array(mu_grid, dtype=float), np.array(sigma_grid, dtype=float)
    lp = log_p(x)
    lq = (-0.5 * ((x - mus[:, None, None]) / sigmas[None, :, None]) ** 2
          - np.log(np.abs(sigmas[None, :, None]) * np.sqrt(2 * np.pi)))
    values = np.trapezoid(np.exp(lq) * (lq - lp), x, axis=-1)
    i, j = np.unravel_index(np.argmin(values), values.shape)
    return float(mus[i]), float(sigmas[j])
'''),
]

ALTERNATIVES = [
    dict(name="scipy_torch_and_vectorised_grid", code='''
import math
import numpy as np
import scipy.integrate
import scipy.special
import scipy.stats
import torch

def kl_divergence(p, q, base=2):
    if not (base > 0) or base == 1:
        raise ValueError("base must be positive and not 1")
    p, q = np.array(p, dtype=float), np.array(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError("p and q differ in shape")
    for name, v in (("p", p), ("q", q)):
        if v.size == 0 or np.any(v < 0) or abs(v.sum() - 1) > 1e-6:
            raise ValueError(f"{name} is not a PMF")
    return float(np.sum(scipy.special.rel_entr(p, q)) / math.log(base))

def kl_gaussian(mu_p, sigma_p, mu_q, sigma_q):
    if not (sigma_p > 0 and sigma_q > 0):
        raise ValueError("standard deviations must be positive")
    scale = float(sigma_q)                     # torch in units of sigma_q: no under/overflow
    t = lambda v: torch.tensor(float(v) / scale, dtype=torch.float64)
    p = torch.distributions.Normal(t(mu_p), t(sigma_p))
    q = torch.distributions.Normal(t(mu_q), t(sigma_q))
    return float(torch.distributions.kl_divergence(p, q))

def kl_monte_carlo(log_p, log_q, samples):
    x = np.array(samples, dtype=float)
    if len(x) == 0:
        raise ValueError("no samples")
    return float(np.average(log_p(x) - log_q(x)))

def negative_log_likelihood(samples, q):
    q = np.array(q, dtype=float)
    if q.ndim != 1 or len(q) == 0 or np.any(q < 0) or abs(q.sum() - 1) > 1e-6:
        raise ValueError("q is not a PMF")
    x = np.array(samples, dtype=float)
    if x.ndim != 1 or len(x) == 0 or np.any(np.mod(x, 1) != 0):
        raise ValueError("samples must be integers")
    if x.min() < 0 or x.max() > len(q) - 1:
        raise ValueError("sample out of range")
    p_hat = np.bincount(x.astype(int), minlength=len(q)) / len(x)
    seen = p_hat > 0
    if np.any(q[seen] == 0):
        return math.inf
    entropy = scipy.stats.entropy(p_hat)
    return float(entropy + np.sum(scipy.special.rel_entr(p_hat[seen], q[seen])))

def forward_kl_gaussian_fit(weights, means, stds):
    w, m, s = (np.array(v, dtype=float) for v in (weights, means, stds))
    if w.size == 0 or not (w.shape == m.shape == s.shape):
        raise ValueError("weights, means and stds differ in length")
    if np.any(w < 0) or abs(w.sum() - 1) > 1e-6 or np.any(s <= 0):
        raise ValueError("invalid mixture")
    mu = np.average(m, weights=w)
    return float(mu), float(np.sqrt(np.average(s ** 2 + (m - mu) ** 2, weights=w)))

def reverse_kl_gaussian_fit(log_p, x_grid, mu_grid, sigma_grid):
    x = np.array(x_grid, dtype=float)
    mus, sigmas = np.array(mu_grid, dtype=float), np.array(sigma_grid, dtype=float)
    if x.size < 2 or np.any(np.diff(x) <= 0):
        raise ValueError("x_grid must increase")
    if mus.size == 0 or sigmas.size == 0 or np.any(sigmas <= 0):
        raise ValueError("invalid mu_grid or sigma_grid")
    lq = scipy.stats.norm.logpdf(x, mus[:, None, None], sigmas[None, :, None])
    values = scipy.integrate.trapezoid(np.exp(lq) * (lq - log_p(x)), x, axis=-1)
    i, j = np.unravel_index(np.argmin(values), values.shape)
    return float(mus[i]), float(sigmas[j])
'''),
    dict(name="loops_lists_and_short_helper_names", code='''
import math

def _f(v):
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, (list, tuple)):
        out = []
        for item in v:
            out.extend(_f(item))
        return out
    return [float(v)]

def _shape(v):
    if hasattr(v, "shape"):
        return tuple(v.shape)
    if isinstance(v, (list, tuple)):
        return (len(v),) + (_shape(v[0]) if v else ())
    return ()

def x(values, name):
    if not values or any(a < 0 for a in values) or abs(math.fsum(values) - 1) > 1e-6:
        raise ValueError(f"{name} is not a PMF")
    return values

def kl_divergence(p, q, base=2):
    if not base > 0 or base == 1:
        raise ValueError("bad base")
    if _shape(p) != _shape(q):
        raise ValueError("shapes differ")
    rng = zip(x(_f(p), "p"), x(_f(q), "q"))
    terms = []
    for a, b in rng:
        if a > 0:
            if b == 0:
                return math.inf / math.log(base)
            terms.append(a * (math.log(a) - math.log(b)))
    return math.fsum(terms) / math.log(base)

def kl_gaussian(mu_p, sigma_p, mu_q, sigma_q):
    if sigma_p <= 0 or sigma_q <= 0:
        raise ValueError("sigma must be positive")
    r = sigma_p / sigma_q
    return math.log(sigma_q / sigma_p) + (r * r + ((mu_p - mu_q) / sigma_q) ** 2) / 2 - 0.5

def kl_monte_carlo(log_p, log_q, samples):
    import numpy as np
    rng = [float(v) for v in np.ravel(np.asarray(samples, dtype=float))]
    if not rng:
        raise ValueError("no samples")
    a, b = log_p(np.array(rng)), log_q(np.array(rng))
    return math.fsum(float(u) - float(w) for u, w in zip(a, b)) / len(rng)

def negative_log_likelihood(samples, q):
    if len(_shape(q)) != 1:
        raise ValueError("q must be a vector")
    q = x(_f(q), "q")
    data = _f(samples)
    if not data:
        raise ValueError("no samples")
    total = 0.0
    for v in data:
        if v != int(v) or not 0 <= v < len(q):
            raise ValueError(f"bad sample {v}")
        if q[int(v)] == 0:
            return math.inf
        total -= math.log(q[int(v)])
    return total / len(data)

def forward_kl_gaussian_fit(weights, means, stds):
    w, m, s = _f(weights), _f(means), _f(stds)
    if not w or not len(w) == len(m) == len(s):
        raise ValueError("lengths differ")
    x(w, "weights")
    if any(v <= 0 for v in s):
        raise ValueError("stds must be positive")
    mu = math.fsum(a * b for a, b in zip(w, m))
    var = math.fsum(a * (c * c + (b - mu) ** 2) for a, b, c in zip(w, m, s))
    return mu, math.sqrt(var)

def reverse_kl_gaussian_fit(log_p, x_grid, mu_grid, sigma_grid):
    import numpy as np
    xs = np.array(x_grid, dtype=float)
    if xs.size < 2 or np.any(xs[1:] <= xs[:-1]):
        raise ValueError("x_grid must increase")
    mus, sigmas = _f(mu_grid), _f(sigma_grid)
    if not mus or not sigmas or min(sigmas) <= 0:
        raise ValueError("bad grids")
    lp = log_p(xs)
    widths = xs[1:] - xs[:-1]
    best = None
    for mu in mus:
        for sigma in sigmas:
            lq = -((xs - mu) ** 2) / (2 * sigma * sigma) - math.log(sigma) - 0.5 * math.log(2 * math.pi)
            f = np.exp(lq) * (lq - lp)
            value = float(np.sum((f[1:] + f[:-1]) * widths) / 2)
            if best is None or value < best[0]:
                best = (value, mu, sigma)
    return best[1], best[2]
'''),
    dict(name="cross_entropy_minus_entropy_and_torch", code='''
import math
import numpy as np
import torch

def kl_divergence(p, q, base=2):
    if not (base > 0 and base != 1):
        raise ValueError("invalid base")
    p = torch.tensor(np.array(p, dtype=float), dtype=torch.float64)
    q = torch.tensor(np.array(q, dtype=float), dtype=torch.float64)
    if p.shape != q.shape:
        raise ValueError("shapes differ")
    for v in (p, q):
        if v.numel() == 0 or bool((v < 0).any()) or abs(float(v.sum()) - 1) > 1e-6:
            raise ValueError("not a PMF")
    support = p > 0
    if bool((q[support] == 0).any()):
        return math.inf if base > 1 else -math.inf
    ps, qs = p[support], q[support]
    cross = -(ps * torch.log(qs)).sum()        # H(p, q) - H(p)
    own = -(ps * torch.log(ps)).sum()
    return float((cross - own) / math.log(base))

def kl_gaussian(mu_p, sigma_p, mu_q, sigma_q):
    if not sigma_p > 0 or not sigma_q > 0:
        raise ValueError("sigma must be > 0")
    log_ratio = math.log(sigma_p) - math.log(sigma_q)
    return 0.5 * (math.exp(2 * log_ratio) - 1 - 2 * log_ratio) + 0.5 * ((mu_p - mu_q) / sigma_q) ** 2

def kl_monte_carlo(log_p, log_q, samples):
    t = torch.as_tensor(np.array(samples, dtype=float))
    if t.numel() == 0:
        raise ValueError("no samples")
    a = torch.as_tensor(log_p(t.numpy()))
    b = torch.as_tensor(log_q(t.numpy()))
    return float((a - b).mean())

def negative_log_likelihood(samples, q):
    q = np.array(q, dtype=float)
    if q.ndim != 1 or q.size == 0 or np.any(q < 0) or abs(q.sum() - 1) > 1e-6:
        raise ValueError("invalid q")
    s = np.array(samples, dtype=float)
    if s.size == 0 or not np.all(np.floor(s) == s) or s.min() < 0 or s.max() >= q.size:
        raise ValueError("invalid samples")
    counts = np.bincount(s.astype(int), minlength=q.size)
    used = counts > 0
    if np.any(q[used] == 0):
        return math.inf
    return float(-(counts[used] * np.log(q[used])).sum() / s.size)

def forward_kl_gaussian_fit(weights, means, stds):
    w, m, s = (np.array(v, dtype=float) for v in (weights, means, stds))
    if w.ndim != 1 or w.size == 0 or m.shape != w.shape or s.shape != w.shape:
        raise ValueError("shapes differ")
    if (w < 0).any() or abs(w.sum() - 1) > 1e-6 or (s <= 0).any():
        raise ValueError("invalid mixture")
    centre = m[np.argmax(w)]                   # shift first: a stable variance
    d = m - centre
    mean_d = float(np.dot(w, d))
    var = float(np.dot(w, s ** 2 + d ** 2)) - mean_d ** 2
    return centre + mean_d, math.sqrt(var)

def reverse_kl_gaussian_fit(log_p, x_grid, mu_grid, sigma_grid):
    x = np.array(x_grid, dtype=float)
    mus, sigmas = np.array(mu_grid, dtype=float), np.array(sigma_grid, dtype=float)
    if x.ndim != 1 or len(x) < 2 or not np.all(np.diff(x) > 0):
        raise ValueError("x_grid must increase")
    if len(mus) == 0 or len(sigmas) == 0 or not np.all(sigmas > 0):
        raise ValueError("invalid grids")
    lp = log_p(x)
    scores = {}
    for mu in mus:
        for sigma in sigmas:
            lq = -0.5 * ((x - mu) / sigma) ** 2 - np.log(sigma) - 0.5 * np.log(2 * np.pi)
            scores[(float(mu), float(sigma))] = np.trapezoid(np.exp(lq) * (lq - lp), x)
    return min(scores, key=scores.get)
'''),
]
