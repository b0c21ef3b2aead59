"""Wrong (and alternative correct) implementations for 06_probability_ml_concepts.

Each ``code`` is inserted into
solutions/06_probability_ml_concepts/06_probability_ml_concepts.py before every test
cell and redefines only what it breaks (the setup cell's ``as_pmf`` and
``as_nonnegative`` are in effect, as they are for a student).
"""

# The wrong sequential_posterior below: the def line and the validation every one gets
# right; each case's code goes on from there (p, table and obs validated).
_SEQ_VALIDATED = '''def sequential_posterior(prior, likelihood_table, observations):
    p = as_pmf(prior, "prior")
    table = as_nonnegative(likelihood_table, "likelihood_table")
    if table.ndim != 2 or table.shape[0] != p.size:
        raise ValueError("bad table shape")
    if np.any(np.abs(table.sum(axis=1) - 1) > 1e-6):
        raise ValueError("rows must sum to 1")
    obs = np.asarray(observations)
    if obs.size and not np.issubdtype(obs.dtype, np.integer):
        raise ValueError("observations must be integers")
    if np.any(obs < 0) or np.any(obs >= table.shape[1]):
        raise ValueError("observation out of range")
'''

WRONG = [
    dict(name="evidence_unweighted_sum", exercise="evidence",
         misconception="evidence-likelihoods-not-weighted-by-prior", code='''
import numpy as np
def evidence(prior, likelihood):
    p = as_pmf(prior, "prior")
    lik = as_nonnegative(likelihood, "likelihood", p.shape)
    return float(np.sum(lik))                    # forgot to weight by the prior
'''),
    dict(name="evidence_without_validation", exercise="evidence", misconception=None, code='''
import numpy as np
def evidence(prior, likelihood):
    return float(np.dot(np.asarray(prior, float), np.asarray(likelihood, float)))
'''),
    dict(name="bayes_posterior_not_normalised", exercise="bayes_posterior",
         misconception="posterior-not-divided-by-evidence", code='''
import numpy as np
def bayes_posterior(prior, likelihood):
    p = as_pmf(prior, "prior")
    lik = as_nonnegative(likelihood, "likelihood", p.shape)
    if not np.any(p * lik > 0):
        raise ValueError("zero evidence")
    return p * lik                               # the joint P(h, D), not P(h | D)
'''),
    dict(name="bayes_posterior_ignores_prior", exercise="bayes_posterior",
         misconception="posterior-ignores-the-prior", code='''
import numpy as np
def bayes_posterior(prior, likelihood):
    p = as_pmf(prior, "prior")
    lik = as_nonnegative(likelihood, "likelihood", p.shape)
    if not np.sum(p * lik) > 0:
        raise ValueError("zero evidence")
    return lik / lik.sum()                       # "normalise the likelihood"
'''),
    # sequential_posterior built on that bayes_posterior, step by step: its rows are wrong
    # only because bayes_posterior is, which bayes_posterior's checks charge, once
    dict(name="sequential_posterior_on_a_bayes_posterior_ignoring_the_prior",
         exercise="bayes_posterior", misconception="posterior-ignores-the-prior", code='''
import numpy as np
def bayes_posterior(prior, likelihood):
    p = as_pmf(prior, "prior")
    lik = as_nonnegative(likelihood, "likelihood", p.shape)
    if not np.sum(p * lik) > 0:
        raise ValueError("zero evidence")
    return lik / lik.sum()                       # the prior is ignored
''' + _SEQ_VALIDATED + '''    rows = [p]
    for o in obs:
        rows.append(bayes_posterior(rows[-1], table[:, o]))
    return np.array(rows).reshape(len(rows), p.size)
'''),
    dict(name="bayes_posterior_nan_on_zero_evidence", exercise="bayes_posterior",
         misconception=None, code='''
import numpy as np
def bayes_posterior(prior, likelihood):
    p = as_pmf(prior, "prior")
    lik = as_nonnegative(likelihood, "likelihood", p.shape)
    with np.errstate(all="ignore"):
        return p * lik / np.sum(p * lik)         # 0 / 0 = nan instead of an error
'''),
    dict(name="sequential_restarts_from_prior", exercise="sequential_posterior",
         misconception="sequential-update-restarts-from-the-prior", code='''
import numpy as np
''' + _SEQ_VALIDATED + '''    rows = [p]
    for o in obs:
        joint = p * table[:, o]                  # always the original prior
        if not joint.sum() > 0:
            raise ValueError("zero evidence")
        rows.append(joint / joint.sum())
    return np.array(rows)
'''),
    dict(name="sequential_batch_product_underflows", exercise="sequential_posterior",
         misconception="likelihood-product-underflows", code='''
import numpy as np
''' + _SEQ_VALIDATED + '''    obs = obs.astype(int)
    # the batch formula at every t: prior * product of the likelihoods so far
    products = np.cumprod(table[:, obs].T, axis=0) if obs.size else np.zeros((0, p.size))
    joint = np.vstack([p, p * products])
    totals = joint.sum(axis=1, keepdims=True)
    if np.any(totals == 0):
        raise ValueError("zero evidence")
    return joint / totals
'''),
    dict(name="sequential_without_prior_row", exercise="sequential_posterior",
         misconception="sequential-posterior-missing-the-prior-row", code='''
import numpy as np
''' + _SEQ_VALIDATED + '''    rows, current = [], p
    for o in obs:
        joint = current * table[:, o]
        if not joint.sum() > 0:
            raise ValueError("zero evidence")
        current = joint / joint.sum()
        rows.append(current)                     # the prior row is missing
    return np.array(rows).reshape(len(rows), p.size)
'''),
    dict(name="sequential_log_space_clamped", exercise="sequential_posterior",
         misconception="ruled-out-hypothesis-kept-alive-by-an-epsilon", code='''
import numpy as np
from scipy.special import logsumexp
''' + _SEQ_VALIDATED + '''    log_table = np.log(np.maximum(table, 1e-10))   # "avoid log(0)"
    current = np.log(np.maximum(p, 1e-10))
    rows = [p]
    for o in obs:
        current = current + log_table[:, o]
        rows.append(np.exp(current - logsumexp(current)))
    return np.array(rows).reshape(len(rows), p.size)
'''),
    dict(name="sequential_epsilon_added_to_the_joint", exercise="sequential_posterior",
         misconception="ruled-out-hypothesis-kept-alive-by-an-epsilon", code='''
import numpy as np
''' + _SEQ_VALIDATED + '''    rows = [p]
    for o in obs:
        joint = rows[-1] * table[:, o] + 1e-12     # "never divide by zero"
        rows.append(joint / joint.sum())
    return np.array(rows).reshape(len(rows), p.size)
'''),
    # sequential_posterior never calls bayes_posterior, so the grader cannot blame the
    # wrong bayes_posterior for its underflow on long sequences
    dict(name="sequential_underflows_beside_a_wrong_bayes_posterior",
         exercise="sequential_posterior", also=("bayes_posterior",),
         misconception="likelihood-product-underflows", code='''
import numpy as np
def bayes_posterior(prior, likelihood):
    p = as_pmf(prior, "prior")
    lik = as_nonnegative(likelihood, "likelihood", p.shape)
    if not np.sum(p * lik) > 0:
        raise ValueError("zero evidence")
    return lik / lik.sum()                       # the prior is ignored
''' + _SEQ_VALIDATED + '''    obs = obs.astype(int)
    products = np.cumprod(table[:, obs].T, axis=0) if obs.size else np.zeros((0, p.size))
    joint = np.vstack([p, p * products])
    if np.any(joint[:20].sum(axis=1) == 0):
        raise ValueError("zero evidence")
    with np.errstate(all="ignore"):
        return joint / joint.sum(axis=1, keepdims=True)   # 0 / 0 = nan once it underflows
'''),
    dict(name="beta_update_heads_tails_swapped", exercise="beta_binomial_update",
         misconception="beta-update-heads-and-tails-swapped", code='''
import math
def beta_binomial_update(alpha, beta, heads, tails):
    if not (0 < alpha < math.inf and 0 < beta < math.inf):
        raise ValueError("alpha and beta must be positive")
    for n in (heads, tails):
        if not math.isfinite(n) or n < 0 or float(n) != int(n):
            raise ValueError("counts must be non-negative integers")
    return float(alpha + tails), float(beta + heads)
'''),
    dict(name="beta_update_without_validation", exercise="beta_binomial_update",
         misconception=None, code='''
def beta_binomial_update(alpha, beta, heads, tails):
    return float(alpha + heads), float(beta + tails)
'''),
    dict(name="beta_update_numpy_floats_for_numpy_counts", exercise="beta_binomial_update",
         misconception=None, code='''
import math
def beta_binomial_update(alpha, beta, heads, tails):
    if not (0 < alpha < math.inf and 0 < beta < math.inf):
        raise ValueError("alpha and beta must be positive")
    for n in (heads, tails):
        if not math.isfinite(n) or n < 0 or float(n) != int(n):
            raise ValueError("counts must be non-negative integers")
    return alpha + heads, beta + tails           # a NumPy count makes these np.float64
'''),
    dict(name="beta_map_returns_mean", exercise="beta_map",
         misconception="beta-mode-confused-with-mean", code='''
import math
def beta_map(alpha, beta):
    if not (1 < alpha < math.inf and 1 < beta < math.inf):
        raise ValueError("need alpha, beta > 1")
    return alpha / (alpha + beta)                # the posterior mean, not the mode
'''),
    dict(name="beta_map_accepts_alpha_one", exercise="beta_map", misconception=None, code='''
def beta_map(alpha, beta):
    if alpha < 1 or beta < 1:                    # should be <= 1
        raise ValueError("need alpha, beta > 1")
    return (alpha - 1) / (alpha + beta - 2)
'''),
    dict(name="bernoulli_log_of_product", exercise="bernoulli_log_likelihood",
         misconception="log-of-a-product-underflows", code='''
import numpy as np
def bernoulli_log_likelihood(theta, data):
    if not (0 <= theta <= 1):
        raise ValueError("theta must be in [0, 1]")
    x = np.asarray(data, dtype=float)
    if not np.all((x == 0) | (x == 1)):
        raise ValueError("data must be 0/1")
    probs = np.where(x == 1, theta, 1 - theta)
    with np.errstate(divide="ignore"):
        return float(np.log(np.prod(probs)))     # the product underflows for large n
'''),
    dict(name="bernoulli_clamped_theta", exercise="bernoulli_log_likelihood",
         misconception="theta-clamped-before-log", code='''
import numpy as np
def bernoulli_log_likelihood(theta, data):
    if not (0 <= theta <= 1):
        raise ValueError("theta must be in [0, 1]")
    x = np.asarray(data, dtype=float)
    if not np.all((x == 0) | (x == 1)):
        raise ValueError("data must be 0/1")
    t = np.clip(theta, 1e-10, 1 - 1e-10)         # "avoid log(0)"
    return float(np.sum(x * np.log(t) + (1 - x) * np.log(1 - t)))
'''),
    dict(name="bernoulli_zero_log_zero_nan", exercise="bernoulli_log_likelihood",
         misconception="zero-times-log-zero-gives-nan", code='''
import numpy as np
def bernoulli_log_likelihood(theta, data):
    if not (0 <= theta <= 1):
        raise ValueError("theta must be in [0, 1]")
    x = np.asarray(data, dtype=float)
    if not np.all((x == 0) | (x == 1)):
        raise ValueError("data must be 0/1")
    with np.errstate(all="ignore"):
        return float(np.sum(x * np.log(theta) + (1 - x) * np.log(1 - theta)))
'''),
    dict(name="bernoulli_mean_not_sum", exercise="bernoulli_log_likelihood",
         misconception="log-likelihood-averaged-instead-of-summed", code='''
import math
import numpy as np
def bernoulli_log_likelihood(theta, data):
    if not (0 <= theta <= 1):
        raise ValueError("theta must be in [0, 1]")
    x = np.asarray(data, dtype=float)
    if not np.all((x == 0) | (x == 1)):
        raise ValueError("data must be 0/1")
    if x.size == 0:
        return 0.0
    k, n = float(x.sum()), x.size
    total = 0.0
    if k:
        total += k * math.log(theta) if theta > 0 else -math.inf
    if n - k:
        total += (n - k) * math.log1p(-theta) if theta < 1 else -math.inf
    return total / n                             # the mean, like a loss
'''),
    dict(name="gaussian_nll_summed", exercise="gaussian_nll",
         misconception="gaussian-nll-summed-instead-of-averaged", code='''
import numpy as np
def gaussian_nll(y, mu, sigma):
    y = np.asarray(y, dtype=float)
    mu, sigma = np.asarray(mu, dtype=float), np.asarray(sigma, dtype=float)
    if y.size == 0 or np.any(sigma <= 0) or not np.all(np.isfinite(sigma)):
        raise ValueError("invalid input")
    for v in (mu, sigma):
        if v.ndim and v.shape != y.shape:
            raise ValueError("shape mismatch")
    return float(np.sum(0.5 * np.log(2 * np.pi * sigma ** 2) + (y - mu) ** 2 / (2 * sigma ** 2)))
'''),
    dict(name="gaussian_nll_sigma_as_variance", exercise="gaussian_nll",
         misconception="gaussian-sigma-used-as-variance", code='''
import numpy as np
def gaussian_nll(y, mu, sigma):
    y = np.asarray(y, dtype=float)
    mu, sigma = np.asarray(mu, dtype=float), np.asarray(sigma, dtype=float)
    if y.size == 0 or np.any(sigma <= 0) or not np.all(np.isfinite(sigma)):
        raise ValueError("invalid input")
    for v in (mu, sigma):
        if v.ndim and v.shape != y.shape:
            raise ValueError("shape mismatch")
    return float(np.mean(0.5 * np.log(2 * np.pi * sigma) + (y - mu) ** 2 / (2 * sigma)))
'''),
    dict(name="ridge_ratio_inverted", exercise="ridge_map",
         misconception="ridge-lambda-is-prior-over-noise", code='''
import math
import numpy as np
def ridge_map(X, y, noise_var, prior_var):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError("bad shapes")
    if not (0 < noise_var < math.inf and 0 < prior_var < math.inf):
        raise ValueError("variances must be positive")
    lam = prior_var / noise_var                  # upside down
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)
'''),
    dict(name="ridge_lambda_ignores_noise", exercise="ridge_map",
         misconception="ridge-lambda-ignores-noise", code='''
import math
import numpy as np
def ridge_map(X, y, noise_var, prior_var):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError("bad shapes")
    if not (0 < noise_var < math.inf and 0 < prior_var < math.inf):
        raise ValueError("variances must be positive")
    lam = 1.0 / prior_var                        # the prior's precision only
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)
'''),
    dict(name="ridge_half_lambda", exercise="ridge_map",
         misconception="ridge-lambda-off-by-factor-2", code='''
import math
import numpy as np
def ridge_map(X, y, noise_var, prior_var):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError("bad shapes")
    if not (0 < noise_var < math.inf and 0 < prior_var < math.inf):
        raise ValueError("variances must be positive")
    # 1/2 kept on the penalty only: ||y - Xw||^2 + (lam / 2) ||w||^2
    lam = noise_var / prior_var
    return np.linalg.solve(X.T @ X + 0.5 * lam * np.eye(X.shape[1]), X.T @ y)
'''),
]

ALTERNATIVES = [
    dict(name="log_space_posteriors_and_scipy_losses", code='''
import math
import numpy as np
import scipy.special
import scipy.stats

def _f(prior, likelihood):
    x = as_pmf(prior, "prior")
    lik = as_nonnegative(likelihood, "likelihood", x.shape)
    return x, lik

def evidence(prior, likelihood):
    x, lik = _f(prior, likelihood)
    return math.fsum(x * lik)

def bayes_posterior(prior, likelihood):
    x, lik = _f(prior, likelihood)
    with np.errstate(divide="ignore"):
        logs = np.log(x) + np.log(lik)
    z = scipy.special.logsumexp(logs)
    if z == -np.inf:
        raise ValueError("zero evidence: the data are impossible under the prior")
    return np.exp(logs - z)

def sequential_posterior(prior, likelihood_table, observations):
    x = as_pmf(prior, "prior")
    table = np.array(likelihood_table, dtype=float)
    if table.ndim != 2 or table.shape[0] != x.size or not np.all(np.isfinite(table)) \\
            or np.any(table < 0) or np.any(np.abs(table.sum(axis=1) - 1) > 1e-6):
        raise ValueError("likelihood_table must be (K, O) with rows that are distributions")
    rng = np.asarray(observations)
    if rng.ndim != 1 or (rng.size and rng.dtype.kind not in "iu"):
        raise ValueError("observations must be a 1-D sequence of integers")
    if rng.size and (rng.min() < 0 or rng.max() >= table.shape[1]):
        raise ValueError("observation out of range")
    with np.errstate(divide="ignore"):
        cum = np.log(x) + np.vstack([np.zeros((1, x.size)),
                                     np.cumsum(np.log(table[:, rng.astype(int)].T), axis=0)])
    norm = scipy.special.logsumexp(cum, axis=1, keepdims=True)
    if np.any(norm == -np.inf):
        raise ValueError("an observation is impossible under every remaining hypothesis")
    return np.exp(cum - norm)

def bernoulli_log_likelihood(theta, data):
    if not 0 <= theta <= 1:
        raise ValueError("theta must lie in [0, 1]")
    x = np.asarray(data, dtype=float)
    if np.any((x != 0) & (x != 1)):
        raise ValueError("data must be 0 or 1")
    if x.size == 0:
        return 0.0
    k = float(x.sum())
    return float(scipy.special.xlogy(k, theta) + scipy.special.xlog1py(x.size - k, -theta))

def gaussian_nll(y, mu, sigma):
    y = np.asarray(y, dtype=float)
    mu, sigma = np.asarray(mu, dtype=float), np.asarray(sigma, dtype=float)
    if y.size == 0:
        raise ValueError("no observations")
    if (mu.ndim and mu.shape != y.shape) or (sigma.ndim and sigma.shape != y.shape):
        raise ValueError("mu and sigma must be scalars or have y's shape")
    if not np.all(np.isfinite(sigma)) or np.any(sigma <= 0):
        raise ValueError("sigma must be positive")
    return float(-np.mean(scipy.stats.norm.logpdf(y, loc=mu, scale=sigma)))
'''),
    dict(name="loops_lists_and_the_upstream_function", code='''
import math
import numpy as np

def evidence(prior, likelihood):
    p = as_pmf(prior, "prior")
    lik = as_nonnegative(likelihood, "likelihood", p.shape)
    total = 0.0
    for a, b in zip(p.tolist(), lik.tolist()):
        total += a * b
    return total

def bayes_posterior(prior, likelihood):
    p = as_pmf(prior, "prior")
    lik = as_nonnegative(likelihood, "likelihood", p.shape)
    z = evidence(p, lik)
    if z == 0:
        raise ValueError("the evidence is 0")
    return np.array([a * b / z for a, b in zip(p.tolist(), lik.tolist())])

def sequential_posterior(prior, likelihood_table, observations):
    p = as_pmf(prior, "prior")
    table = as_nonnegative(likelihood_table, "likelihood_table")
    if table.ndim != 2 or len(table) != len(p):
        raise ValueError("likelihood_table must have one row per hypothesis")
    for row in table:
        if abs(math.fsum(row) - 1) > 1e-6:
            raise ValueError("a row of likelihood_table does not sum to 1")
    rows = [p]
    for x in list(observations):
        if isinstance(x, bool) or not isinstance(x, (int, np.integer)):
            raise ValueError(f"observation {x!r} is not an integer")
        if not 0 <= x < table.shape[1]:
            raise ValueError(f"observation {x} out of range")
        rows.append(bayes_posterior(rows[-1], table[:, x]))
    return np.array(rows)

def beta_binomial_update(alpha, beta, heads, tails):
    if not (math.isfinite(alpha) and math.isfinite(beta) and alpha > 0 and beta > 0):
        raise ValueError("alpha and beta must be finite and positive")
    for n in (heads, tails):
        if not math.isfinite(n) or n < 0 or int(n) != n:
            raise ValueError("counts must be non-negative integers")
    return float(alpha) + float(heads), float(beta) + float(tails)

def beta_map(alpha, beta):
    if not (math.isfinite(alpha) and math.isfinite(beta)) or alpha <= 1 or beta <= 1:
        raise ValueError("beta_map needs finite alpha > 1 and beta > 1")
    a, b = float(alpha) - 1.0, float(beta) - 1.0
    return a / (a + b)

def gaussian_nll(y, mu, sigma):
    y = np.asarray(y, dtype=float)
    if y.size == 0:
        raise ValueError("no observations")
    mu = np.broadcast_to(np.asarray(mu, dtype=float), y.shape) if np.ndim(mu) == 0 else np.asarray(mu, float)
    sigma = np.broadcast_to(np.asarray(sigma, dtype=float), y.shape) if np.ndim(sigma) == 0 else np.asarray(sigma, float)
    if mu.shape != y.shape or sigma.shape != y.shape:
        raise ValueError("shape mismatch")
    total = 0.0
    for yi, mi, si in zip(y.ravel().tolist(), mu.ravel().tolist(), sigma.ravel().tolist()):
        if not (0 < si < math.inf):
            raise ValueError("sigma must be finite and positive")
        total += 0.5 * math.log(2 * math.pi * si * si) + (yi - mi) ** 2 / (2 * si * si)
    return total / y.size
'''),
    dict(name="ridge_by_augmented_least_squares", code='''
import math
import numpy as np

def ridge_map(X, y, noise_var, prior_var):
    X = np.array(X, dtype=float)
    y = np.array(y, dtype=float)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError("X must be (n, d) and y (n,)")
    if not (math.isfinite(noise_var) and math.isfinite(prior_var)) or noise_var <= 0 or prior_var <= 0:
        raise ValueError("variances must be finite and positive")
    d = X.shape[1]
    # ||y - Xw||^2 + lam ||w||^2 = || [y; 0] - [X; sqrt(lam) I] w ||^2
    A = np.vstack([X, math.sqrt(noise_var / prior_var) * np.eye(d)])
    b = np.concatenate([y, np.zeros(d)])
    return np.linalg.lstsq(A, b, rcond=None)[0]
'''),
    dict(name="ridge_with_sklearn", code='''
import math
import numpy as np
from sklearn.linear_model import Ridge

def ridge_map(X, y, noise_var, prior_var):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or y.ndim != 1 or len(y) != len(X):
        raise ValueError("X must be (n, d) and y (n,)")
    if not (0 < noise_var < math.inf) or not (0 < prior_var < math.inf):
        raise ValueError("variances must be finite and positive")
    return Ridge(alpha=noise_var / prior_var, fit_intercept=False, solver="cholesky").fit(X, y).coef_.copy()
'''),
]
