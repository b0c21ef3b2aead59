"""Wrong (and alternative correct) implementations for 03_normal_distributions.

Each ``code`` is inserted into solutions/03_normal_distributions/03_normal_distributions.py
before every test cell and redefines only what it breaks; the reference's
``cholesky_factor`` is used where a wrong function keeps the validation right.
"""

WRONG = [
    dict(name="normal_logpdf_log_of_pdf", exercise="normal_logpdf",
         misconception="log-of-underflowed-density", code='''
import math
import numpy as np
def normal_logpdf(x, mu, sigma):
    x, mu, sigma = (np.asarray(v, dtype=float) for v in (x, mu, sigma))
    if np.any(sigma <= 0):
        raise ValueError("sigma must be positive")
    pdf = np.exp(-0.5 * ((x - mu) / sigma) ** 2) / (math.sqrt(2 * math.pi) * sigma)
    with np.errstate(divide="ignore"):
        return np.asarray(np.log(pdf))          # log(0) = -inf far in the tails
'''),
    dict(name="normal_logpdf_sigma_as_variance", exercise="normal_logpdf",
         misconception="sigma-used-as-variance", code='''
import math
import numpy as np
def normal_logpdf(x, mu, sigma):
    x, mu, sigma = (np.asarray(v, dtype=float) for v in (x, mu, sigma))
    if np.any(sigma <= 0):
        raise ValueError("sigma must be positive")
    return np.asarray(-(x - mu) ** 2 / (2 * sigma) - 0.5 * np.log(2 * math.pi * sigma))
'''),
    dict(name="normal_logpdf_log_sigma_squared", exercise="normal_logpdf",
         misconception="normaliser-log-sigma-squared", code='''
import math
import numpy as np
def normal_logpdf(x, mu, sigma):
    x, mu, sigma = (np.asarray(v, dtype=float) for v in (x, mu, sigma))
    if np.any(sigma <= 0):
        raise ValueError("sigma must be positive")
    z = (x - mu) / sigma
    return np.asarray(-0.5 * z ** 2 - np.log(sigma ** 2) - 0.5 * math.log(2 * math.pi))
'''),
    dict(name="normal_logpdf_no_sigma_check", exercise="normal_logpdf", misconception=None,
         code='''
import math
import numpy as np
def normal_logpdf(x, mu, sigma):
    x, mu, sigma = (np.asarray(v, dtype=float) for v in (x, mu, sigma))
    z = (x - mu) / np.abs(sigma)                # "sigma is positive anyway"
    with np.errstate(all="ignore"):
        return np.asarray(-0.5 * z * z - np.log(np.abs(sigma)) - 0.5 * math.log(2 * math.pi))
'''),
    dict(name="max_entropy_laplace_scale_is_std", exercise="max_entropy_comparison",
         misconception="laplace-scale-equals-std", code='''
import math
def max_entropy_comparison(variance):
    if not (variance > 0 and math.isfinite(variance)):
        raise ValueError("variance must be positive and finite")
    sigma = math.sqrt(variance)
    return {"gaussian": 0.5 * math.log(2 * math.pi * math.e * variance),
            "laplace": 1 + math.log(2 * sigma),          # b = sigma, but Var = 2 b^2
            "uniform": math.log(math.sqrt(12 * variance))}
'''),
    dict(name="max_entropy_uniform_width_is_two_sigma", exercise="max_entropy_comparison",
         misconception=None, code='''
import math
def max_entropy_comparison(variance):
    if not (variance > 0 and math.isfinite(variance)):
        raise ValueError("variance must be positive and finite")
    sigma = math.sqrt(variance)
    return {"gaussian": 0.5 * math.log(2 * math.pi * math.e * variance),
            "laplace": 1 + 0.5 * math.log(2 * variance),
            "uniform": math.log(2 * sigma)}             # [mu - sigma, mu + sigma]: Var = sigma^2 / 3
'''),
    dict(name="max_entropy_argument_taken_as_std", exercise="max_entropy_comparison",
         misconception="variance-taken-as-std", code='''
import math
def max_entropy_comparison(variance):
    if not (variance > 0 and math.isfinite(variance)):
        raise ValueError("variance must be positive and finite")
    v = variance ** 2                                  # "sigma squared"
    return {"gaussian": 0.5 * math.log(2 * math.pi * math.e * v),
            "laplace": 1 + 0.5 * math.log(2 * v),
            "uniform": 0.5 * math.log(12 * v)}
'''),
    dict(name="mvn_logpdf_inv_and_det", exercise="mvn_logpdf",
         misconception="log-of-determinant-underflows", code='''
import math
import numpy as np
def mvn_logpdf(x, mean, cov):
    cholesky_factor(cov)                                # validation only
    cov = np.array(cov, dtype=float)
    d = cov.shape[0]
    mean, x = np.array(mean, dtype=float), np.array(x, dtype=float)
    if mean.shape != (d,) or x.ndim not in (1, 2) or x.shape[-1] != d:
        raise ValueError("shape mismatch")
    diff = np.atleast_2d(x - mean)
    quad = np.einsum("ni,ij,nj->n", diff, np.linalg.inv(cov), diff)
    with np.errstate(divide="ignore"):
        out = -0.5 * (quad + np.log(np.linalg.det(cov)) + d * math.log(2 * math.pi))
    return float(out[0]) if x.ndim == 1 else out
'''),
    dict(name="mvn_logpdf_jitter_for_stability", exercise="mvn_logpdf",
         misconception="jitter-changes-the-covariance", code='''
import math
import numpy as np
import scipy.linalg
def mvn_logpdf(x, mean, cov):
    cholesky_factor(cov)
    cov = np.array(cov, dtype=float)
    d = cov.shape[0]
    L = np.linalg.cholesky(cov + 1e-6 * np.eye(d))     # "for numerical stability"
    mean, x = np.array(mean, dtype=float), np.array(x, dtype=float)
    if mean.shape != (d,) or x.ndim not in (1, 2) or x.shape[-1] != d:
        raise ValueError("shape mismatch")
    u = scipy.linalg.solve_triangular(L, (x - mean).T, lower=True)
    out = -0.5 * (np.sum(u * u, axis=0) + 2 * np.sum(np.log(np.diag(L))) + d * math.log(2 * math.pi))
    return float(out) if x.ndim == 1 else out
'''),
    dict(name="mvn_logpdf_missing_half_on_log_det", exercise="mvn_logpdf",
         misconception="log-det-without-one-half", code='''
import math
import numpy as np
import scipy.linalg
def mvn_logpdf(x, mean, cov):
    L = cholesky_factor(cov)
    d = L.shape[0]
    mean, x = np.array(mean, dtype=float), np.array(x, dtype=float)
    if mean.shape != (d,) or x.ndim not in (1, 2) or x.shape[-1] != d:
        raise ValueError("shape mismatch")
    u = scipy.linalg.solve_triangular(L, (x - mean).T, lower=True)
    log_det = 2 * np.sum(np.log(np.diag(L)))
    out = -0.5 * (np.sum(u * u, axis=0) + d * math.log(2 * math.pi)) - log_det
    return float(out) if x.ndim == 1 else out
'''),
    dict(name="cholesky_without_symmetry_check", exercise="mvn_logpdf", misconception=None,
         code='''
import numpy as np
def cholesky_factor(cov):
    cov = np.array(cov, dtype=float)
    if cov.ndim != 2 or cov.shape[0] != cov.shape[1] or cov.size == 0:
        raise ValueError("not a square matrix")
    if not np.all(np.isfinite(cov)):
        raise ValueError("not finite")
    try:
        return np.linalg.cholesky(cov)                 # reads only the lower triangle
    except np.linalg.LinAlgError:
        raise ValueError("not positive definite") from None
'''),
    dict(name="mvn_logpdf_batch_only", exercise="mvn_logpdf", misconception=None, code='''
import math
import numpy as np
import scipy.linalg
def mvn_logpdf(x, mean, cov):
    L = cholesky_factor(cov)
    d = L.shape[0]
    mean, x = np.array(mean, dtype=float), np.atleast_2d(np.array(x, dtype=float))
    if mean.shape != (d,) or x.ndim != 2 or x.shape[-1] != d:
        raise ValueError("shape mismatch")
    u = scipy.linalg.solve_triangular(L, (x - mean).T, lower=True)
    return -0.5 * (np.sum(u * u, axis=0) + 2 * np.sum(np.log(np.diag(L))) + d * math.log(2 * math.pi))
'''),
    dict(name="mahalanobis_squared", exercise="mahalanobis",
         misconception="squared-mahalanobis", code='''
import numpy as np
import scipy.linalg
def mahalanobis(x, mean, cov):
    L = cholesky_factor(cov)
    d = L.shape[0]
    mean, x = np.array(mean, dtype=float), np.array(x, dtype=float)
    if mean.shape != (d,) or x.ndim not in (1, 2) or x.shape[-1] != d:
        raise ValueError("shape mismatch")
    u = scipy.linalg.solve_triangular(L, (x - mean).T, lower=True)
    out = np.sum(u * u, axis=0)                        # D^2, not D
    return float(out) if x.ndim == 1 else out
'''),
    dict(name="mahalanobis_covariance_not_inverted", exercise="mahalanobis",
         misconception="covariance-not-inverted", code='''
import numpy as np
def mahalanobis(x, mean, cov):
    cholesky_factor(cov)
    cov = np.array(cov, dtype=float)
    d = cov.shape[0]
    mean, x = np.array(mean, dtype=float), np.array(x, dtype=float)
    if mean.shape != (d,) or x.ndim not in (1, 2) or x.shape[-1] != d:
        raise ValueError("shape mismatch")
    diff = np.atleast_2d(x - mean)
    out = np.sqrt(np.einsum("ni,ij,nj->n", diff, cov, diff))
    return float(out[0]) if x.ndim == 1 else out
'''),
    dict(name="mahalanobis_centres_in_place", exercise="mahalanobis",
         misconception="modifies-input-in-place", code='''
import numpy as np
import scipy.linalg
def mahalanobis(x, mean, cov):
    L = cholesky_factor(cov)
    d = L.shape[0]
    mean, x = np.asarray(mean, dtype=float), np.asarray(x, dtype=float)
    if mean.shape != (d,) or x.ndim not in (1, 2) or x.shape[-1] != d:
        raise ValueError("shape mismatch")
    x -= mean                                          # changes the caller's array
    u = scipy.linalg.solve_triangular(L, x.T, lower=True)
    out = np.sqrt(np.sum(u * u, axis=0))
    return float(out) if x.ndim == 1 else out
'''),
    dict(name="mvn_entropy_missing_power_d", exercise="mvn_entropy",
         misconception="entropy-missing-power-d", code='''
import math
import numpy as np
def mvn_entropy(cov):
    L = cholesky_factor(cov)
    return float(0.5 * math.log(2 * math.pi * math.e) + np.sum(np.log(np.diag(L))))
'''),
    dict(name="mvn_entropy_log_det", exercise="mvn_entropy",
         misconception="log-of-determinant-underflows", code='''
import math
import numpy as np
def mvn_entropy(cov):
    cholesky_factor(cov)
    cov = np.array(cov, dtype=float)
    d = cov.shape[0]
    with np.errstate(divide="ignore"):
        return float(0.5 * np.log((2 * math.pi * math.e) ** d * np.linalg.det(cov)))
'''),
    dict(name="kl_mvn_wrong_direction", exercise="kl_mvn", misconception="kl-wrong-direction",
         code='''
import numpy as np
import scipy.linalg
def kl_mvn(mu0, cov0, mu1, cov1):
    L1, L0 = cholesky_factor(cov0), cholesky_factor(cov1)     # roles swapped
    d = L0.shape[0]
    mu1, mu0 = np.array(mu0, dtype=float), np.array(mu1, dtype=float)
    if L1.shape[0] != d or mu0.shape != (d,) or mu1.shape != (d,):
        raise ValueError("shape mismatch")
    A = scipy.linalg.solve_triangular(L1, L0, lower=True)
    b = scipy.linalg.solve_triangular(L1, mu1 - mu0, lower=True)
    ld = 2 * (np.sum(np.log(np.diag(L1))) - np.sum(np.log(np.diag(L0))))
    return float(0.5 * (np.sum(A * A) + np.sum(b * b) - d + ld))
'''),
    dict(name="kl_mvn_missing_minus_d", exercise="kl_mvn",
         misconception="gaussian-kl-missing-minus-d", code='''
import numpy as np
def kl_mvn(mu0, cov0, mu1, cov1):
    L0, L1 = cholesky_factor(cov0), cholesky_factor(cov1)
    d = L0.shape[0]
    mu0, mu1 = np.array(mu0, dtype=float), np.array(mu1, dtype=float)
    if L1.shape[0] != d or mu0.shape != (d,) or mu1.shape != (d,):
        raise ValueError("shape mismatch")
    inv1 = np.linalg.inv(np.array(cov1, dtype=float))
    dm = mu1 - mu0
    ld = 2 * (np.sum(np.log(np.diag(L1))) - np.sum(np.log(np.diag(L0))))
    return float(0.5 * (np.trace(inv1 @ np.array(cov0, dtype=float)) + dm @ inv1 @ dm + ld))
'''),
    dict(name="kl_mvn_ratio_of_determinants", exercise="kl_mvn",
         misconception="log-of-determinant-underflows", code='''
import numpy as np
def kl_mvn(mu0, cov0, mu1, cov1):
    cholesky_factor(cov0), cholesky_factor(cov1)
    cov0, cov1 = np.array(cov0, dtype=float), np.array(cov1, dtype=float)
    d = cov0.shape[0]
    mu0, mu1 = np.array(mu0, dtype=float), np.array(mu1, dtype=float)
    if cov1.shape[0] != d or mu0.shape != (d,) or mu1.shape != (d,):
        raise ValueError("shape mismatch")
    inv1 = np.linalg.inv(cov1)
    dm = mu1 - mu0
    with np.errstate(all="ignore"):
        ld = np.log(np.linalg.det(cov1) / np.linalg.det(cov0))
    return float(0.5 * (np.trace(inv1 @ cov0) + dm @ inv1 @ dm - d + ld))
'''),
    dict(name="sample_mvn_L_not_transposed", exercise="sample_mvn",
         misconception="samples-use-L-instead-of-L-transpose", code='''
import numpy as np
def sample_mvn(mean, cov, n, rng):
    L = cholesky_factor(cov)
    mean = np.array(mean, dtype=float)
    if mean.shape != (L.shape[0],):
        raise ValueError("shape mismatch")
    z = rng.standard_normal((n, L.shape[0]))
    return mean + z @ L                                # covariance L^T L
'''),
    dict(name="sample_mvn_covariance_as_factor", exercise="sample_mvn",
         misconception="covariance-used-as-its-square-root", code='''
import numpy as np
def sample_mvn(mean, cov, n, rng):
    cholesky_factor(cov)
    cov = np.array(cov, dtype=float)
    mean = np.array(mean, dtype=float)
    if mean.shape != (cov.shape[0],):
        raise ValueError("shape mismatch")
    return mean + rng.standard_normal((n, cov.shape[0])) @ cov
'''),
    dict(name="sample_mvn_global_random_state", exercise="sample_mvn",
         misconception="random-numbers-not-from-rng", code='''
import numpy as np
def sample_mvn(mean, cov, n, rng):
    L = cholesky_factor(cov)
    mean = np.array(mean, dtype=float)
    if mean.shape != (L.shape[0],):
        raise ValueError("shape mismatch")
    z = np.random.standard_normal((n, L.shape[0]))    # the global generator, not rng
    return mean + z @ L.T
'''),
    dict(name="sample_mvn_mean_forgotten", exercise="sample_mvn",
         misconception="sample-mean-not-added", code='''
import numpy as np
def sample_mvn(mean, cov, n, rng):
    L = cholesky_factor(cov)
    mean = np.array(mean, dtype=float)
    if mean.shape != (L.shape[0],):
        raise ValueError("shape mismatch")
    return rng.standard_normal((n, L.shape[0])) @ L.T
'''),
]

ALTERNATIVES = [
    dict(name="scipy_and_cho_solve", code='''
import math
import numpy as np
import scipy.linalg
import scipy.stats

def normal_logpdf(x, mu, sigma):
    if not np.all(np.asarray(sigma, dtype=float) > 0):
        raise ValueError("sigma must be positive")
    return np.asarray(scipy.stats.norm.logpdf(x, loc=mu, scale=sigma))

def max_entropy_comparison(variance):
    if not (variance > 0) or variance == math.inf:
        raise ValueError("variance must be a positive finite number")
    s = math.sqrt(variance)
    return {"gaussian": float(scipy.stats.norm(scale=s).entropy()),
            "laplace": float(scipy.stats.laplace(scale=s / math.sqrt(2)).entropy()),
            "uniform": float(scipy.stats.uniform(scale=s * math.sqrt(12)).entropy())}

def _factor(cov):
    cov = np.asarray(cov, dtype=float)
    if cov.ndim != 2 or cov.shape[0] != cov.shape[1] or cov.shape[0] < 1 \\
            or not np.isfinite(cov).all():
        raise ValueError("cov must be a finite square matrix")
    if np.abs(cov - cov.T).max() > 1e-6 * np.abs(cov).max():
        raise ValueError("cov is not symmetric")
    try:
        return scipy.linalg.cho_factor(cov, lower=True)
    except np.linalg.LinAlgError:
        raise ValueError("cov is not positive definite") from None

def _quad(x, mean, cov):
    c = _factor(cov)
    d = c[0].shape[0]
    mean, x = np.asarray(mean, dtype=float), np.asarray(x, dtype=float)
    if mean.shape != (d,) or x.ndim not in (1, 2) or x.shape[-1] != d:
        raise ValueError("shapes do not match")
    diff = np.atleast_2d(x) - mean
    q = np.einsum("nd,dn->n", diff, scipy.linalg.cho_solve(c, diff.T))
    return q, c, x.ndim == 1

def mvn_logpdf(x, mean, cov):
    q, c, single = _quad(x, mean, cov)
    d = c[0].shape[0]
    out = -0.5 * q - np.sum(np.log(np.abs(np.diag(c[0])))) - 0.5 * d * math.log(2 * math.pi)
    return float(out[0]) if single else out

def mahalanobis(x, mean, cov):
    q, c, single = _quad(x, mean, cov)
    out = np.sqrt(q)
    return float(out[0]) if single else out

def mvn_entropy(cov):
    c = _factor(cov)
    d = c[0].shape[0]
    return float(0.5 * d * math.log(2 * math.pi * math.e) + np.log(np.abs(np.diag(c[0]))).sum())

def kl_mvn(mu0, cov0, mu1, cov1):
    c0, c1 = _factor(cov0), _factor(cov1)
    d = c0[0].shape[0]
    mu0, mu1 = np.asarray(mu0, dtype=float), np.asarray(mu1, dtype=float)
    if c1[0].shape[0] != d or mu0.shape != (d,) or mu1.shape != (d,):
        raise ValueError("shapes do not match")
    tr = np.trace(scipy.linalg.cho_solve(c1, np.asarray(cov0, dtype=float)))
    dm = mu1 - mu0
    q = dm @ scipy.linalg.cho_solve(c1, dm)
    ld = 2 * (np.log(np.abs(np.diag(c1[0]))).sum() - np.log(np.abs(np.diag(c0[0]))).sum())
    return float(0.5 * (tr + q - d + ld))

def sample_mvn(mean, cov, n, rng):
    _factor(cov)
    mean = np.asarray(mean, dtype=float)
    if mean.shape != (np.shape(cov)[0],):
        raise ValueError("shapes do not match")
    return rng.multivariate_normal(mean, np.asarray(cov, dtype=float), size=n, method="cholesky")
'''),
    dict(name="hand_written_cholesky_loops_and_short_names", code='''
import math
import numpy as np

def _f(cov):
    """Cholesky-Banachiewicz by hand, on lists; ValueError where it must."""
    if np.ndim(cov) != 2:
        raise ValueError("cov must be a matrix")
    a = [[float(v) for v in row] for row in (cov.tolist() if hasattr(cov, "tolist") else cov)]
    d = len(a)
    if d == 0 or any(len(row) != d for row in a):
        raise ValueError("cov must be square")
    top = max(abs(v) for row in a for v in row)
    if not math.isfinite(top):
        raise ValueError("cov must be finite")
    for i in range(d):
        for j in range(i):
            if abs(a[i][j] - a[j][i]) > 1e-6 * top:
                raise ValueError("cov must be symmetric")
    L = [[0.0] * d for _ in range(d)]
    for i in range(d):
        for j in range(i + 1):
            s = a[i][j] - sum(L[i][k] * L[j][k] for k in range(j))
            if i == j:
                if not s > 0:
                    raise ValueError("cov is not positive definite")
                L[i][i] = math.sqrt(s)
            else:
                L[i][j] = s / L[j][j]
    return L

def _solve(L, b):
    x = []
    for i in range(len(L)):
        x.append((b[i] - sum(L[i][k] * x[k] for k in range(i))) / L[i][i])
    return x

def _rows(x, mean, d):
    m = np.asarray(mean, dtype=float)
    if m.shape != (d,):
        raise ValueError("mean must have shape (d,)")
    arr = np.asarray(x, dtype=float)
    if arr.ndim not in (1, 2) or arr.shape[-1] != d:
        raise ValueError("x must have shape (d,) or (n, d)")
    rows = [arr.tolist()] if arr.ndim == 1 else arr.tolist()
    mean = m.tolist()
    return [[r[k] - mean[k] for k in range(d)] for r in rows], arr.ndim == 1

def _d2(x, mean, cov):
    L = _f(cov)
    rows, single = _rows(x, mean, len(L))
    out = []
    for r in rows:
        u = _solve(L, r)
        out.append(sum(v * v for v in u))
    return out, L, single

def normal_logpdf(x, mu, sigma):
    s = np.asarray(sigma, dtype=float)
    if (~(s > 0)).any():
        raise ValueError("sigma must be positive")
    x, mu = np.asarray(x, dtype=float), np.asarray(mu, dtype=float)
    return np.asarray(-((x - mu) / s) ** 2 / 2 - np.log(s) - math.log(2 * math.pi) / 2)

def max_entropy_comparison(variance):
    v = float(variance)
    if math.isnan(v) or v <= 0 or math.isinf(v):
        raise ValueError("variance must be a positive finite number")
    b, w = math.sqrt(v / 2), math.sqrt(12 * v)
    return dict(gaussian=0.5 * (1 + math.log(2 * math.pi * v)),
                laplace=1 + math.log(2 * b), uniform=math.log(w))

def mvn_logpdf(x, mean, cov):
    q, L, single = _d2(x, mean, cov)
    d = len(L)
    c = sum(math.log(L[i][i]) for i in range(d)) + d * math.log(2 * math.pi) / 2
    out = np.array([-v / 2 - c for v in q])
    return float(out[0]) if single else out

def mahalanobis(x, mean, cov):
    q, L, single = _d2(x, mean, cov)
    out = np.array([math.sqrt(v) for v in q])
    return float(out[0]) if single else out

def mvn_entropy(cov):
    L = _f(cov)
    total = 0.0
    for i in range(len(L)):
        total += math.log(L[i][i]) + 0.5 * math.log(2 * math.pi * math.e)
    return total

def kl_mvn(mu0, cov0, mu1, cov1):
    L0, L1 = _f(cov0), _f(cov1)
    d = len(L0)
    if len(L1) != d or np.shape(np.asarray(mu0, dtype=float)) != (d,) \\
            or np.shape(np.asarray(mu1, dtype=float)) != (d,):
        raise ValueError("dimensions do not match")
    tr = 0.0
    for j in range(d):
        col = _solve(L1, [L0[i][j] for i in range(d)])
        tr += sum(v * v for v in col)
    dm = [float(b) - float(a) for a, b in zip(np.ravel(mu0), np.ravel(mu1))]
    u = _solve(L1, dm)
    ld = 2 * sum(math.log(L1[i][i]) - math.log(L0[i][i]) for i in range(d))
    return 0.5 * (tr + sum(v * v for v in u) - d + ld)

def sample_mvn(mean, cov, n, rng):
    x = np.array(_f(cov))
    d = x.shape[0]
    m = np.asarray(mean, dtype=float)
    if m.shape != (d,):
        raise ValueError("mean must have shape (d,)")
    z = rng.normal(0.0, 1.0, size=(d, n))              # another shape order: columns
    return (m[:, None] + x @ z).T
'''),
    dict(name="torch_distributions_and_eigh", code='''
import math
import numpy as np
import torch

def _ok(cov):
    c = np.array(cov, dtype=float)
    if c.ndim != 2 or c.shape[0] != c.shape[1] or c.shape[0] == 0 or not np.isfinite(c).all():
        raise ValueError("cov must be a finite square matrix")
    if np.max(np.abs(c - c.T)) > 1e-6 * np.max(np.abs(c)):
        raise ValueError("cov must be symmetric within 1e-6")
    L, info = torch.linalg.cholesky_ex(torch.tensor(c, dtype=torch.float64))
    if info.item() != 0:
        raise ValueError("cov is not positive definite")
    return L

def _shapes(x, mean, d):
    mean, x = np.array(mean, dtype=float), np.array(x, dtype=float)
    if mean.shape != (d,) or x.ndim not in (1, 2) or x.shape[-1] != d:
        raise ValueError("shapes do not match")
    return torch.tensor(x, dtype=torch.float64), torch.tensor(mean, dtype=torch.float64)

def normal_logpdf(x, mu, sigma):
    s = torch.as_tensor(np.asarray(sigma, dtype=float))
    if not bool((s > 0).all()):
        raise ValueError("sigma must be positive")
    x = torch.as_tensor(np.asarray(x, dtype=float))
    mu = torch.as_tensor(np.asarray(mu, dtype=float))
    return torch.distributions.Normal(mu, s).log_prob(x).numpy()

def max_entropy_comparison(variance):
    if not (0 < variance < math.inf):
        raise ValueError("variance must be a positive finite number")
    v = torch.tensor(float(variance), dtype=torch.float64)
    return {"gaussian": torch.distributions.Normal(0.0, v.sqrt()).entropy().item(),
            "laplace": torch.distributions.Laplace(0.0, (v / 2).sqrt()).entropy().item(),
            "uniform": math.log(math.sqrt(12 * variance))}

def mvn_logpdf(x, mean, cov):
    L = _ok(cov)
    xt, mt = _shapes(x, mean, L.shape[0])
    out = torch.distributions.MultivariateNormal(mt, scale_tril=L).log_prob(xt).numpy()
    return float(out) if xt.ndim == 1 else out

def mahalanobis(x, mean, cov):
    L = _ok(cov)
    xt, mt = _shapes(x, mean, L.shape[0])
    u = torch.linalg.solve_triangular(L, (xt - mt).reshape(-1, L.shape[0]).T, upper=False)
    out = u.pow(2).sum(0).sqrt().numpy()
    return float(out[0]) if xt.ndim == 1 else out

def mvn_entropy(cov):
    _ok(cov)
    lam = np.linalg.eigvalsh(np.array(cov, dtype=float))       # validated above: all > 0
    d = lam.size
    return float(0.5 * (d * (1 + math.log(2 * math.pi)) + np.log(lam).sum()))

def kl_mvn(mu0, cov0, mu1, cov1):
    L0, L1 = _ok(cov0), _ok(cov1)
    d = L0.shape[0]
    if L1.shape[0] != d:
        raise ValueError("dimensions do not match")
    _, m0 = _shapes(np.zeros(d), mu0, d)
    _, m1 = _shapes(np.zeros(d), mu1, d)
    p = torch.distributions.MultivariateNormal(m0, scale_tril=L0)
    q = torch.distributions.MultivariateNormal(m1, scale_tril=L1)
    return torch.distributions.kl_divergence(p, q).item()

def sample_mvn(mean, cov, n, rng):
    L = _ok(cov).numpy()
    m = np.array(mean, dtype=float)
    if m.shape != (L.shape[0],):
        raise ValueError("mean must have shape (d,)")
    z = np.stack([rng.standard_normal(L.shape[0]) for _ in range(n)])   # one row at a time
    return m + z @ L.T
'''),
]
