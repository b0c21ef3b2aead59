"""Hidden checks of 03_normal_distributions: the univariate log density, maximum
entropy at a fixed variance, the multivariate normal through its Cholesky factor
(log density, Mahalanobis distance, entropy, KL), and a sampler.

Oracles (never the notebook's solution): ``scipy.stats.norm``,
``scipy.stats.laplace`` and ``scipy.stats.uniform`` (univariate densities and
entropies), ``scipy.stats.multivariate_normal`` and
``scipy.spatial.distance.mahalanobis`` (well-conditioned covariances),
``torch.distributions.MultivariateNormal`` and ``kl_divergence`` in float64,
closed forms from a known eigen-decomposition (ill-conditioned and very small or
large covariances: ``cov = Q diag(lam) Q^T`` built here, so that ``log det =
sum log lam`` and the quadratic form ``sum (Q^T (x - mu))^2 / lam`` are known to
rounding of ``x``, not of ``cov``), the scale invariance of KL
(``KL(N(s mu0, s^2 S0) || N(s mu1, s^2 S1)) = KL(N(mu0, S0) || N(mu1, S1))``),
and exact sampling laws (``chi^2_d`` and ``chi^2_n`` statistics, a
Kolmogorov-Smirnov test) for the sampler.

Accuracy at condition number 1e10. Rounding the entries of ``Q diag(lam) Q^T``
to float64 moves them by about ``eps * lam_max``; the log density of the rounded
matrix then differs from that of the exact one by about ``d * eps * cond``
(log det: ``tr(S^-1 dS)``; the quadratic form likewise), ~2e-6 for cond 1e10,
whatever the method: a Cholesky-based answer reaches that (measured: at most
2.0e-6 over 300 random 2..7-dimensional cases). The check allows
``ILL_SLACK * d * eps * cond`` absolute on top of the relative part of the
``numerical`` tolerance. A jitter (``cov + 1e-6 I``) moves the answer by nats.

Statistics. Each statistical judgment of ``sample_mvn`` uses a statistic whose
exact law under a correct sampler is known (chi^2 or the KS law) and fails only
below a p-value of ``ALPHA = 1e-6`` (Bonferroni-split where a check makes several
tests): a correct sampler fails a run with probability below 3e-6, and the
bounds shrink with ``n`` like the sampling error itself.

One mistake, one loss. Each exercise's first check judges its formula on
ordinary inputs; its other value checks (a point instead of a batch, lists,
tiny determinants, far points, nearly singular covariances) judge their own
property and are passed over (``_secondary``) when the student's function is
already wrong on a fixed ordinary probe, which the first check charges. Most
covariance validation is judged in ``mvn_logpdf`` (every kind of invalid
matrix); the other exercises try one that is plainly not positive definite.
"""
import math

import numpy as np
import scipy.linalg
import scipy.spatial.distance
import scipy.stats
import torch
from torch.distributions import MultivariateNormal, kl_divergence

from autograder.grader_api import (Checks, Rng, StudentError, as_array, as_float,
                                   call_ignoring_errors, call_valid, close, expect_close,
                                   expect_no_side_effects, expect_true, expect_value_error, fail,
                                   fmt, register_misconception, tolerance)

checks = Checks("03_normal_distributions")

EPS = np.finfo(float).eps
ILL_SLACK = 100           # absolute slack at cond 1e10: ILL_SLACK * d * eps * cond (~4e-3 at d=8)
FORMULA_TOL = "numerical"  # formula checks of the MVN exercises: 1e-4 relative to the scale of
                           # the terms (``_scaled``); every formula mistake is off by O(1), and a
                           # 1e-6 jitter (~3e-5 here) is the nearly-singular check's to charge
ALPHA = 1e-6              # false-failure rate of each statistical check of sample_mvn

# Mutants of the reference that no correct check can kill, each with the reason.
_LOG_DOMAIN = ("lets {} past the guard, but math.log of a number <= 0 raises ValueError "
               "('math domain error') on the very next line: the ValueError the contract asks "
               "for, with another message.")
_SQUARE = ("drops the check that the covariance is square (the comparison is always false), but "
           "every non-square 2-D matrix still raises ValueError right after: (d, k) - (k, d) "
           "does not broadcast (ValueError) unless k = 1, a (d, 1) column minus its transpose "
           "is not symmetric unless all entries are equal, and then np.linalg.cholesky raises "
           "LinAlgError for a non-square matrix, turned into ValueError.")
_SAME_SIDE = ("compares the other side of a matrix already known to be square (cov.shape[0] == "
              "cov.shape[1] was checked just before): the same number.")
_FLOAT_BRANCH = ("for one point (x of shape (d,)) the sum over axis 0 is already a NumPy float64 "
                 "scalar, and np.float64 is a subclass of float with the same value: returning it "
                 "without float() is the same answer.")
EQUIVALENT_MUTANTS = {
    "max_entropy_comparison/compare-Gt-GtE/a03a8247": _LOG_DOMAIN.format("variance = 0"),
    "max_entropy_comparison/number/a2ba61b8": _LOG_DOMAIN.format("variances in (-1, 0]"),
    "mvn_logpdf/number/a3a6ad42": _SQUARE,
    "mvn_logpdf/number/4031251e": _SQUARE,
    "mvn_logpdf/number/aace45c4": _SQUARE,
    "mvn_logpdf/or-and/9f948bbe": _SQUARE + (
        " (The empty case it also changes is caught as below: np.max of an empty array raises "
        "ValueError.)"),
    "mvn_logpdf/number/d6cc535c": _SAME_SIDE,
    "mvn_logpdf/number/543e7017": _SAME_SIDE,
    "mvn_logpdf/number/3911edf9": (
        "lets a 0 x 0 covariance past the emptiness guard, but the symmetry check right after "
        "takes np.max of an empty array, which raises ValueError ('zero-size array to "
        "reduction operation maximum'): still the ValueError the contract asks for."),
    "mvn_logpdf/unwrap/b7230dfd": (
        "cov - cov.T is antisymmetric: with every entry a its mirror -a is there too, so the "
        "largest entry equals the largest absolute entry; the test is unchanged."),
    "mvn_logpdf/unwrap/685eb97f": (
        "max(cov) instead of max|cov| differs only when the largest absolute entry is negative "
        "and larger than every diagonal entry (or when all entries are <= 0). A matrix "
        "symmetric within 1e-6 with such an entry is not positive definite (a positive "
        "definite matrix has |C_ij| <= sqrt(C_ii C_jj) <= max_k C_kk), so where the symmetry "
        "verdict changes, Cholesky raises ValueError anyway; and an asymmetric matrix whose "
        "mirror entries differ by more than 1e-6 max|C| is rejected by both thresholds."),
    "mvn_logpdf/compare-Gt-GtE/af9f4517": (
        "differs only for a matrix whose largest asymmetry equals exactly 1e-6 * max|C| to the "
        "last bit (and for the zero matrix, which Cholesky rejects anyway). 'Within 1e-6' "
        "leaves that single boundary value to rounding: the notebook does not pin it, correct "
        "answers that compare relative errors (|a - b| / max|C| > 1e-6) round it either "
        "way, so no check may take points there."),
    "mvn_logpdf/number/181bc5cd": _FLOAT_BRANCH,
    "mahalanobis/number/3d91a18a": _FLOAT_BRANCH,
    "sample_mvn/binary-Add-Sub/3119d342": (
        "mean - Z L^T instead of mean + Z L^T: Z and -Z have the same law (the standard normal "
        "is symmetric), so the samples are N(mean, cov) just the same and equally "
        "reproducible from rng; the notebook grades the law, and leaves the use of rng (which "
        "numbers, in which order and sign) to the student."),
}

SIGMA_AS_VARIANCE = register_misconception(
    "sigma-used-as-variance",
    "sigma used as if it were the variance: N(mu, sigma^2) has -(x - mu)^2 / (2 sigma^2) "
    "in the exponent and -log sigma in front; sigma is the standard deviation.")
LOG_SIGMA_SQUARED = register_misconception(
    "normaliser-log-sigma-squared",
    "the normaliser 1 / (sqrt(2 pi) sigma) gives -log sigma - log(2 pi) / 2: it is "
    "-1/2 log sigma^2, not -log sigma^2 (the square root of 2 pi sigma^2).")
LOG_OF_PDF = register_misconception(
    "log-of-underflowed-density",
    "the density was computed and then its log taken: far from the mean the density "
    "underflows to 0 (e^-800 is below the smallest double) and log 0 = -inf. Compute the "
    "log density directly: -z^2/2 - log sigma - log(2 pi)/2.")
LAPLACE_SCALE = register_misconception(
    "laplace-scale-equals-std",
    "the Laplace scale b set to the standard deviation: a Laplace law of scale b has "
    "variance 2 b^2, so variance v needs b = sqrt(v / 2), and h = 1 + log(2b).")
UNIFORM_WIDTH = register_misconception(
    "uniform-width-equals-std",
    "the uniform width set to the standard deviation (or to 2 sigma): a uniform law of "
    "width w has variance w^2 / 12, so variance v needs w = sqrt(12 v), and h = log w.")
STD_FOR_VARIANCE = register_misconception(
    "variance-taken-as-std",
    "the variance used as if it were the standard deviation (squared once more): the "
    "argument is the variance sigma^2 already.")
ENTROPY_BITS = register_misconception(
    "gaussian-entropy-in-bits",
    "entropy in bits: differential entropies here are in nats (natural logarithm).")
COV_NOT_INVERTED = register_misconception(
    "covariance-not-inverted",
    "the quadratic form used the covariance instead of its inverse: (x - mu)^T S^-1 (x - mu); "
    "with the Cholesky factor, solve L u = x - mu and take |u|^2 (do not multiply by L).")
NO_HALF_LOGDET = register_misconception(
    "log-det-without-one-half",
    "log det S without its factor 1/2: the normaliser is (2 pi)^(-d/2) det(S)^(-1/2), and "
    "with the Cholesky factor log det S = 2 sum log diag(L), so -1/2 log det S = -sum log L_kk.")
MISSING_D = register_misconception(
    "log-2pi-without-d",
    "the normaliser's -log(2 pi)/2 counted once instead of d times: each of the d "
    "dimensions contributes -log(2 pi)/2 (det(2 pi e S) = (2 pi e)^d det S).")
DET_UNDERFLOW = register_misconception(
    "log-of-determinant-underflows",
    "log(det(S)) of a determinant that under- or overflows: det of a 50 x 50 covariance "
    "with variances 1e-8 is 1e-400, which is 0 in floating point. Use the Cholesky "
    "factor: log det S = 2 sum log diag(L).")
JITTER = register_misconception(
    "jitter-changes-the-covariance",
    "a 'jitter' added to the covariance (cov + eps I, or eigenvalues clamped): a nearly "
    "singular covariance is still positive definite and the Cholesky factor handles it; "
    "the jitter changes its smallest variances, and the answer by whole nats.")
SQUARED_DISTANCE = register_misconception(
    "squared-mahalanobis",
    "the squared distance returned: the Mahalanobis distance is the square root of the "
    "quadratic form, sqrt((x - mu)^T S^-1 (x - mu)).")
EUCLIDEAN = register_misconception(
    "euclidean-instead-of-mahalanobis",
    "the Euclidean distance |x - mu| (the covariance ignored): the Mahalanobis distance "
    "measures each direction in units of its standard deviation.")
ENTROPY_NO_POWER_D = register_misconception(
    "entropy-missing-power-d",
    "1/2 log(2 pi e det S) instead of 1/2 log det(2 pi e S) = 1/2 (d log(2 pi e) + log det S): "
    "a determinant of a d x d matrix scales by c^d, so 2 pi e counts d times.")
KL_WRONG_DIRECTION = "kl-wrong-direction"
KL_NO_MINUS_D = register_misconception(
    "gaussian-kl-missing-minus-d",
    "the -d of the Gaussian KL left out: E_0[(x - mu0)^T S0^-1 (x - mu0)] = d is subtracted, "
    "so that KL(N || N) = 0.")
KL_LOGDET_FLIPPED = register_misconception(
    "gaussian-kl-log-det-ratio-flipped",
    "log(det S0 / det S1) instead of log(det S1 / det S0): the log-determinant term is "
    "E_0[log p0 - log p1] of the normalisers, +1/2 log det S1 - 1/2 log det S0.")
KL_MEAN_TERM = register_misconception(
    "gaussian-kl-mean-term-wrong-covariance",
    "the mean term weighted with S0^-1: every inverse in KL(N0 || N1) belongs to S1, the "
    "law measured against: (mu1 - mu0)^T S1^-1 (mu1 - mu0).")
L_TRANSPOSED = register_misconception(
    "samples-use-L-instead-of-L-transpose",
    "samples as rows computed as mean + Z @ L: a row z^T L has covariance L^T L, not "
    "L L^T = S. With samples as rows use mean + Z @ L.T (or (L @ Z.T).T).")
COV_AS_FACTOR = register_misconception(
    "covariance-used-as-its-square-root",
    "the covariance used where its square root (Cholesky factor) belongs: mean + Z @ S has "
    "covariance S^2. Factor S = L L^T and use L.")
MEAN_DROPPED = register_misconception(
    "sample-mean-not-added",
    "the mean was not added to the samples (or added with the wrong sign): x = mean + L z.")
GLOBAL_RNG = register_misconception(
    "random-numbers-not-from-rng",
    "random numbers not drawn from the rng argument (np.random.seed, np.random.randn, a "
    "new default_rng inside): the same generator state must give the same samples, and "
    "another state other samples.")


# -- inputs ----------------------------------------------------------------------

def _rotation(rng, d):
    q, r = np.linalg.qr(rng.standard_normal((d, d)))
    return q * np.sign(np.diag(r))


def _spd(rng, d, lam=None):
    """(cov, Q, lam): a random covariance Q diag(lam) Q^T, exactly symmetric."""
    if lam is None:
        lam = rng.uniform(0.3, 3.0, size=d) * float(rng.choice([0.1, 1.0, 10.0]))
    lam = np.asarray(lam, dtype=float)
    q = _rotation(rng, d)
    cov = (q * lam) @ q.T
    return 0.5 * (cov + cov.T), q, lam


def _ill(rng, d, cond=1e10):
    """A covariance of condition number ``cond`` with a known eigen-decomposition."""
    lam = np.logspace(0, -math.log10(cond), d) * float(rng.uniform(0.2, 5.0))
    return _spd(rng, d, rng.permutation(lam))


def _ref_logpdf(x, mean, q, lam):
    """log N(x; mean, Q diag(lam) Q^T) from the eigen-decomposition."""
    u = (np.atleast_2d(x) - mean) @ q
    d = len(lam)
    return -0.5 * (np.sum(u * u / lam, axis=1) + np.sum(np.log(lam)) + d * math.log(2 * math.pi))


def _ref_mahalanobis(x, mean, q, lam):
    u = (np.atleast_2d(x) - mean) @ q
    return np.sqrt(np.sum(u * u / lam, axis=1))


def _points(rng, mean, cov, n, spread=1.5):
    """n points around mean, spread like the law (a little wider)."""
    return rng.multivariate_normal(mean, cov * spread ** 2, size=n, method="cholesky")


def _t(a):
    return torch.as_tensor(np.asarray(a, dtype=float), dtype=torch.float64)


def _torch_mvn(mean, cov):
    return MultivariateNormal(_t(mean), covariance_matrix=_t(cov))


def _bad_covariances(rng, d):
    """Matrices that are plainly no covariance: indefinite, with a zero variance."""
    cov, q, lam = _spd(rng, d)
    lam_bad = lam.copy()
    lam_bad[int(rng.integers(d))] = -float(rng.uniform(0.2, 1.0)) * lam.max()
    indefinite = (q * lam_bad) @ q.T
    indefinite = 0.5 * (indefinite + indefinite.T)
    zero = cov.copy()
    k = int(rng.integers(d))
    zero[k, :] = 0.0
    zero[:, k] = 0.0
    return [(indefinite, "an indefinite matrix (one eigenvalue negative)"),
            (zero, f"a matrix whose variance {k} is 0 (its row and column are 0)")]


# Fixed ordinary probes: a check that judges something other than the formula
# passes over a wrong value when the function is already wrong here (the
# exercise's first check charges that).
_PM = np.array([0.5, -1.0, 2.0])
_PC = np.array([[2.0, 0.6, -0.3], [0.6, 1.5, 0.4], [-0.3, 0.4, 1.0]])
_PX = np.array([[0.0, 0.0, 0.0], [1.5, -0.5, 2.5], [-1.0, 1.0, 0.0]])
_PM1 = np.array([-0.5, 0.0, 1.0])
_PC1 = np.array([[1.0, -0.2, 0.1], [-0.2, 2.5, 0.3], [0.1, 0.3, 0.8]])
_PROBES = {
    "normal_logpdf": lambda: (([0.3, -2.0, 4.0], 0.5, 1.7),
                              scipy.stats.norm(0.5, 1.7).logpdf([0.3, -2.0, 4.0])),
    "mvn_logpdf": lambda: ((_PX, _PM, _PC), scipy.stats.multivariate_normal(_PM, _PC).logpdf(_PX)),
    "mahalanobis": lambda: ((_PX, _PM, _PC), np.array(
        [scipy.spatial.distance.mahalanobis(x, _PM, np.linalg.inv(_PC)) for x in _PX])),
    "mvn_entropy": lambda: ((_PC,), scipy.stats.multivariate_normal(cov=_PC).entropy()),
    "kl_mvn": lambda: ((_PM, _PC, _PM1, _PC1),
                       kl_divergence(_torch_mvn(_PM, _PC), _torch_mvn(_PM1, _PC1)).item()),
}


def _scaled(scale, name=FORMULA_TOL):
    """A tolerance relative to the scale of the terms that make up the answer (a log
    density, an entropy, a KL can be near 0 by cancellation of terms of size ``scale``)."""
    rtol, atol = tolerance(name)
    return rtol, max(atol, rtol * float(np.max(scale)))


def _logpdf_scale(x, mean, cov):
    d = len(mean)
    diff = np.atleast_2d(x) - mean
    quad = np.einsum("ni,ij,nj->n", diff, np.linalg.inv(cov), diff)
    return 0.5 * (quad + abs(np.linalg.slogdet(cov)[1]) + d * math.log(2 * math.pi))


def _entropy_scale(cov):
    return 0.5 * (cov.shape[0] * math.log(2 * math.pi * math.e) + abs(np.linalg.slogdet(cov)[1]))


def _kl_scale(mu0, cov0, mu1, cov1):
    inv1 = np.linalg.inv(cov1)
    dm = np.asarray(mu1) - np.asarray(mu0)
    return 0.5 * (np.trace(inv1 @ cov0) + dm @ inv1 @ dm + len(dm)
                  + abs(np.linalg.slogdet(cov1)[1]) + abs(np.linalg.slogdet(cov0)[1]))


_PROBE_TOL = {"normal_logpdf": "float", "mahalanobis": FORMULA_TOL,
              "mvn_logpdf": lambda: _scaled(_logpdf_scale(_PX, _PM, _PC)),
              "mvn_entropy": lambda: _scaled(_entropy_scale(_PC)),
              "kl_mvn": lambda: _scaled(_kl_scale(_PM, _PC, _PM1, _PC1))}


def _formula_ok(student, name):
    args, expected = _PROBES[name]()
    try:
        got = student.call(name, *args)
        value = np.asarray(got, dtype=float).reshape(np.shape(expected))
    except (StudentError, TypeError, ValueError):
        return False
    tol = _PROBE_TOL[name]
    return close(value, expected, tol() if callable(tol) else tol)


# A fixed nearly singular probe: the jitter a function adds (if any), so that a check of
# very small variances (which a jitter also spoils) leaves that mistake to the
# nearly-singular check.
_JQ = np.array([[math.cos(0.5), -math.sin(0.5)], [math.sin(0.5), math.cos(0.5)]])
_JLAM = np.array([1.0, 1e-9])
_JX = np.array([[3e-5, -2e-5], [0.5, 0.2]])
_JITTERS = (1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-12)


def _jitter_of(student, name="mvn_logpdf"):
    cov = (_JQ * _JLAM) @ _JQ.T
    cov = 0.5 * (cov + cov.T)
    try:
        got = np.asarray(student.call(name, _JX, np.zeros(2), cov), dtype=float)
    except (StudentError, TypeError, ValueError):
        return None
    for e in _JITTERS:
        if close(got, _ref_logpdf(_JX, np.zeros(2), _JQ, _JLAM + e), "numerical"):
            return e
    return None


def _secondary(student, name, got, expected, what, tol=FORMULA_TOL, misconceptions=None):
    scalar = np.ndim(expected) == 0
    value = as_float(got, what) if scalar else as_array(got, what)
    if close(value, expected, tol) or not _formula_ok(student, name):
        return value
    return expect_close(value, expected, what, tol=tol, misconceptions=misconceptions)


def _expect_float(got, what):
    expect_true(isinstance(got, float),
                f"{what} should return a float, got {type(got).__name__} {fmt(got)}")


def _expect_vector(got, n, what):
    expect_true(isinstance(got, np.ndarray) and got.shape == (n,),
                f"{what} should return an np.ndarray of shape ({n},), got "
                f"{type(got).__name__} of shape {np.shape(got)}")


# ================================================================ normal_logpdf

def _normal_mistakes(x, mu, sigma):
    x, mu, sigma = (np.asarray(v, dtype=float) for v in (x, mu, sigma))
    z2 = (x - mu) ** 2
    half_log_2pi = 0.5 * math.log(2 * math.pi)
    return {
        SIGMA_AS_VARIANCE: -z2 / (2 * sigma) - 0.5 * np.log(sigma) - half_log_2pi,
        LOG_SIGMA_SQUARED: -z2 / (2 * sigma ** 2) - 2 * np.log(sigma) - half_log_2pi,
    }


@checks("normal_logpdf", points=0.75)
def test_normal_logpdf_matches_scipy_on_random_arrays(student, rng):
    for _ in range(3):
        n = int(rng.integers(3, 12))
        mu = float(rng.normal(0, 3))
        sigma = float(rng.uniform(0.1, 4.0)) * float(rng.choice([0.01, 1.0, 100.0]))
        x = mu + sigma * rng.normal(0, 2.0, size=n)
        expected = scipy.stats.norm(mu, sigma).logpdf(x)
        what = f"normal_logpdf({fmt(x)}, mu={fmt(mu)}, sigma={fmt(sigma)})"
        got = call_valid(student, "normal_logpdf", x, mu, sigma, what=what)
        expect_true(isinstance(got, np.ndarray) and got.shape == x.shape,
                    f"{what} should return an np.ndarray of shape {x.shape}, got "
                    f"{type(got).__name__} of shape {np.shape(got)}")
        expect_close(got, expected, what, tol="float",
                     misconceptions=_normal_mistakes(x, mu, sigma))
    # arrays of means and standard deviations, elementwise
    n = int(rng.integers(3, 9))
    mu, sigma = rng.normal(0, 2, size=n), rng.uniform(0.2, 3.0, size=n)
    x = rng.normal(mu, 2 * sigma)
    expected = scipy.stats.norm(mu, sigma).logpdf(x)
    what = f"normal_logpdf({fmt(x)}, mu={fmt(mu)}, sigma={fmt(sigma)}) (elementwise)"
    got = call_valid(student, "normal_logpdf", x, mu, sigma, what=what)
    expect_close(got, expected, what, tol="float", misconceptions=_normal_mistakes(x, mu, sigma))


@checks("normal_logpdf", points=0.25)
def test_normal_logpdf_broadcasts_and_accepts_lists_and_scalars(student, rng):
    x = rng.normal(0, 2, size=(int(rng.integers(2, 5)), 1))
    mu = rng.normal(0, 1, size=int(rng.integers(2, 5)))
    sigma = float(rng.uniform(0.5, 2.0))
    expected = scipy.stats.norm(mu, sigma).logpdf(x)
    what = (f"normal_logpdf(x of shape {x.shape}, mu of shape {mu.shape}, sigma={fmt(sigma)}) "
            f"(broadcasts to {expected.shape}), given as lists")
    got = call_valid(student, "normal_logpdf", x.tolist(), mu.tolist(), sigma, what=what)
    _secondary(student, "normal_logpdf", got, expected, what, tol="float")
    xs, m, s = float(rng.normal()), float(rng.normal()), float(rng.uniform(0.5, 2))
    what = f"normal_logpdf({fmt(xs)}, {fmt(m)}, {fmt(s)}) (scalars)"
    got = call_valid(student, "normal_logpdf", xs, m, s, what=what)
    _secondary(student, "normal_logpdf", as_float(got, what), scipy.stats.norm(m, s).logpdf(xs),
               what, tol="float")


@checks("normal_logpdf", points=0.5)
def test_normal_logpdf_finite_far_in_the_tails(student, rng):
    mu, sigma = float(rng.normal(0, 2)), float(rng.uniform(0.5, 2.0))
    z = np.array([40.0, -60.0, float(rng.uniform(100, 1000)), -1000.0])
    x = mu + sigma * z
    expected = -0.5 * z * z - math.log(sigma) - 0.5 * math.log(2 * math.pi)
    what = f"normal_logpdf(x at {fmt(z)} standard deviations, mu={fmt(mu)}, sigma={fmt(sigma)})"
    got = as_array(call_valid(student, "normal_logpdf", x, mu, sigma, what=what), what)
    if got.shape == x.shape and not np.all(np.isfinite(got)):
        fail(f"{what} returned {fmt(got)}: not finite.", LOG_OF_PDF)
    _secondary(student, "normal_logpdf", got, expected, what, tol="float")


@checks("normal_logpdf", points=0.25)
def test_normal_logpdf_rejects_nonpositive_sigma(student, rng):
    x = rng.normal(size=3)
    for sigma, what in [(0.0, "sigma = 0"), (-float(rng.uniform(0.5, 2)), "a negative sigma"),
                        ([1.0, 0.0, 2.0], "sigma = [1, 0, 2] (one zero)")]:
        expect_value_error(student, "normal_logpdf", x, 0.0, sigma,
                           what=f"normal_logpdf with {what}")


@checks("normal_logpdf", points=0.25)
def test_normal_logpdf_inputs_unchanged(student, rng):
    x = rng.normal(1, 2, size=int(rng.integers(4, 9)))
    mu = rng.normal(size=x.shape)
    sigma = rng.uniform(0.5, 2, size=x.shape)
    call_ignoring_errors(student, "normal_logpdf", x, mu, sigma)
    call_ignoring_errors(student, "normal_logpdf", x.tolist(), 0.5, 2.0)
    expect_no_side_effects(student, "inputs")


# ======================================================= max_entropy_comparison

def _variance(rng):
    return float(rng.uniform(0.2, 5.0)) * float(rng.choice([1e-6, 0.01, 1.0, 100.0, 1e6]))


def _entropy_case(student, rng, key, oracle, mistakes):
    for variance in [_variance(rng) for _ in range(4)] + [1.0]:
        what = f"max_entropy_comparison({fmt(variance)})[{key!r}]"
        got = call_valid(student, "max_entropy_comparison", variance, what=what)
        if not isinstance(got, dict) or key not in got:
            fail(f"max_entropy_comparison({fmt(variance)}) should return a dict with the key "
                 f"{key!r}, got {got!r:.100}")
        std = math.sqrt(variance)
        expect_close(got[key], oracle(variance, std), what, tol="float",
                     misconceptions={k: f(variance, std) for k, f in mistakes.items()})


@checks("max_entropy_comparison", points=0.5)
def test_max_entropy_comparison_gaussian(student, rng):
    _entropy_case(student, rng, "gaussian", lambda v, s: scipy.stats.norm(scale=s).entropy(), {
        STD_FOR_VARIANCE: lambda v, s: 0.5 * math.log(2 * math.pi * math.e * v * v),
        ENTROPY_BITS: lambda v, s: 0.5 * math.log2(2 * math.pi * math.e * v),
    })


@checks("max_entropy_comparison", points=0.5)
def test_max_entropy_comparison_laplace(student, rng):
    _entropy_case(student, rng, "laplace",
                  lambda v, s: scipy.stats.laplace(scale=s / math.sqrt(2)).entropy(), {
                      LAPLACE_SCALE: lambda v, s: 1 + math.log(2 * s),
                      STD_FOR_VARIANCE: lambda v, s: 1 + 0.5 * math.log(2 * v * v),
                      ENTROPY_BITS: lambda v, s: (1 + 0.5 * math.log(2 * v)) / math.log(2),
                  })


@checks("max_entropy_comparison", points=0.5)
def test_max_entropy_comparison_uniform(student, rng):
    _entropy_case(student, rng, "uniform",
                  lambda v, s: scipy.stats.uniform(scale=math.sqrt(12) * s).entropy(), {
                      UNIFORM_WIDTH: lambda v, s: math.log(s),
                      STD_FOR_VARIANCE: lambda v, s: 0.5 * math.log(12 * v * v),
                      ENTROPY_BITS: lambda v, s: 0.5 * math.log2(12 * v),
                  })


@checks("max_entropy_comparison", points=0.25)
def test_max_entropy_comparison_returns_exactly_three_floats(student, rng):
    variance = _variance(rng)
    what = f"max_entropy_comparison({fmt(variance)})"
    got = call_valid(student, "max_entropy_comparison", variance, what=what)
    expect_true(isinstance(got, dict) and set(got) == {"gaussian", "laplace", "uniform"},
                f"{what} should return a dict with exactly the keys 'gaussian', 'laplace', "
                f"'uniform', got {got!r:.120}")
    bad = [k for k, v in got.items() if not isinstance(v, float)]
    expect_true(not bad, f"{what}: the values should be floats; {bad} are "
                         f"{[type(got[k]).__name__ for k in bad]}")


@checks("max_entropy_comparison", points=0.25)
def test_max_entropy_comparison_rejects_invalid_variances(student, rng):
    for variance in (0.0, -_variance(rng), math.inf, math.nan):
        expect_value_error(student, "max_entropy_comparison", variance,
                           what=f"max_entropy_comparison({variance!r})")


# ==================================================================== mvn_logpdf

def _logpdf_mistakes(x, mean, cov):
    """Values of catalogued mistakes at a batch x."""
    d = len(mean)
    diff = np.atleast_2d(x) - mean
    inv = np.linalg.inv(cov)
    quad = np.einsum("ni,ij,nj->n", diff, inv, diff)
    logdet = np.linalg.slogdet(cov)[1]
    c = d * math.log(2 * math.pi)
    return {
        COV_NOT_INVERTED: -0.5 * (np.einsum("ni,ij,nj->n", diff, cov, diff) + logdet + c),
        NO_HALF_LOGDET: -0.5 * (quad + c) - logdet,
        MISSING_D: -0.5 * (quad + logdet + math.log(2 * math.pi)),
    }


@checks("mvn_logpdf", points=0.75)
def test_mvn_logpdf_matches_scipy_on_random_batches(student, rng):
    for d in (1, 2, int(rng.integers(3, 7))):
        cov, _, _ = _spd(rng, d)
        mean = rng.normal(0, 2, size=d)
        x = _points(rng, mean, cov, int(rng.integers(2, 15)))
        expected = scipy.stats.multivariate_normal(mean, cov).logpdf(x).reshape(len(x))
        what = f"mvn_logpdf(x of shape {x.shape}, mean={fmt(mean)}, cov={fmt(cov)})"
        got = call_valid(student, "mvn_logpdf", x, mean, cov, what=what)
        expect_close(as_array(got, what), expected, what,
                     tol=_scaled(_logpdf_scale(x, mean, cov)),
                     misconceptions=_logpdf_mistakes(x, mean, cov))


@checks("mvn_logpdf", points=0.25)
def test_mvn_logpdf_one_point_gives_a_float(student, rng):
    for d in (1, int(rng.integers(2, 6))):
        cov, _, _ = _spd(rng, d)
        mean = rng.normal(size=d)
        x = _points(rng, mean, cov, 1)[0]
        what = f"mvn_logpdf(one point {fmt(x)} of shape ({d},), mean, cov)"
        got = call_valid(student, "mvn_logpdf", x, mean, cov, what=what)
        _expect_float(got, what)
        _secondary(student, "mvn_logpdf", got,
                   float(scipy.stats.multivariate_normal(mean, cov).logpdf(x)), what,
                   tol=_scaled(_logpdf_scale(x, mean, cov)))


@checks("mvn_logpdf", points=0.25)
def test_mvn_logpdf_batch_of_one_gives_shape_1(student, rng):
    d = int(rng.integers(1, 5))
    cov, _, _ = _spd(rng, d)
    mean = rng.normal(size=d)
    x = _points(rng, mean, cov, 1)
    what = f"mvn_logpdf(a batch of one point, shape {x.shape}, mean, cov)"
    got = call_valid(student, "mvn_logpdf", x, mean, cov, what=what)
    _expect_vector(got, 1, what)
    _secondary(student, "mvn_logpdf", got,
               np.atleast_1d(scipy.stats.multivariate_normal(mean, cov).logpdf(x)), what,
               tol=_scaled(_logpdf_scale(x, mean, cov)))


@checks("mvn_logpdf", points=0.25)
def test_mvn_logpdf_matches_torch_on_lists(student, rng):
    d = int(rng.integers(2, 6))
    cov, _, _ = _spd(rng, d)
    mean = rng.normal(size=d)
    x = _points(rng, mean, cov, int(rng.integers(2, 8)))
    expected = _torch_mvn(mean, cov).log_prob(_t(x)).numpy()
    what = f"mvn_logpdf(x, mean, cov) given as nested lists (d = {d}, n = {len(x)})"
    got = call_valid(student, "mvn_logpdf", x.tolist(), mean.tolist(), cov.tolist(), what=what)
    _secondary(student, "mvn_logpdf", got, expected, what, tol=_scaled(_logpdf_scale(x, mean, cov)))


@checks("mvn_logpdf", points=0.75)
def test_mvn_logpdf_nearly_singular_covariance(student, rng):
    for d in (2, int(rng.integers(3, 9))):
        cov, q, lam = _ill(rng, d)
        mean = rng.normal(size=d)
        z = rng.standard_normal((int(rng.integers(3, 8)), d))
        x = mean + (z * np.sqrt(lam)) @ q.T            # points of the law itself
        expected = _ref_logpdf(x, mean, q, lam)
        cond = lam.max() / lam.min()
        tol = (tolerance("numerical")[0], ILL_SLACK * d * EPS * cond)
        what = (f"mvn_logpdf of {len(x)} points under a {d}-dimensional covariance with "
                f"eigenvalues {fmt(np.sort(lam))} (condition number {cond:.1e})")
        got = call_valid(student, "mvn_logpdf", x, mean, cov, what=what,)
        value = as_array(got, what)
        jittered = [_ref_logpdf(x, mean, q, lam + e) for e in _JITTERS]
        near = [j for j in jittered if close(value, j, "float")]
        _secondary(student, "mvn_logpdf", value, expected, what, tol=tol,
                   misconceptions={JITTER: near[0]} if near else None)


@checks("mvn_logpdf", points=0.25)
def test_mvn_logpdf_tiny_and_huge_determinants(student, rng):
    d = int(rng.integers(45, 61))
    for scale in (1e-8, 1e8):
        lam = scale * rng.uniform(0.5, 2.0, size=d)
        cov, q, lam = _spd(rng, d, lam)
        mean = rng.normal(size=d) * math.sqrt(scale)
        x = mean + (rng.standard_normal((3, d)) * np.sqrt(lam)) @ q.T
        expected = _ref_logpdf(x, mean, q, lam)
        what = (f"mvn_logpdf under a {d}-dimensional covariance with variances near "
                f"{scale:g} (det = 10^{np.sum(np.log10(lam)):.0f}, beyond float range)")
        got = as_array(call_valid(student, "mvn_logpdf", x, mean, cov, what=what), what)
        if got.shape == (3,) and not np.all(np.isfinite(got)):
            fail(f"{what} returned {fmt(got)}.", DET_UNDERFLOW)
        tol = _scaled(_logpdf_scale(x, mean, cov))
        jitter = _jitter_of(student) if not close(got, expected, tol) else None
        if jitter is not None and close(got, _ref_logpdf(x, mean, q, lam + jitter), tol):
            continue                               # the nearly-singular check charges a jitter
        _secondary(student, "mvn_logpdf", got, expected, what, tol=tol)


@checks("mvn_logpdf", points=0.25)
def test_mvn_logpdf_finite_far_from_the_mean(student, rng):
    d = int(rng.integers(2, 6))
    cov, q, lam = _spd(rng, d)
    mean = rng.normal(size=d)
    directions = rng.standard_normal((3, d))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    radius = np.array([40.0, 200.0, float(rng.uniform(500, 1000))])[:, None]
    x = mean + (radius * directions * np.sqrt(lam)) @ q.T   # Mahalanobis distances 40..1000
    expected = _ref_logpdf(x, mean, q, lam)
    what = f"mvn_logpdf of points 40 to 1000 standard deviations from the mean (d = {d})"
    got = as_array(call_valid(student, "mvn_logpdf", x, mean, cov, what=what), what)
    if got.shape == (3,) and not np.all(np.isfinite(got)):
        fail(f"{what} returned {fmt(got)}: not finite.", LOG_OF_PDF)
    _secondary(student, "mvn_logpdf", got, expected, what, tol=_scaled(_logpdf_scale(x, mean, cov)))


@checks("mvn_logpdf", points=0.25)
def test_mvn_logpdf_accepts_covariances_symmetric_within_rounding(student, rng):
    d = int(rng.integers(3, 6))
    for sparse in (False, True):
        cov, q, lam = _spd(rng, d)
        if sparse:                                  # a block-diagonal one: entries exactly 0
            lam = rng.uniform(0.5, 2.0, size=d)
            q = np.eye(d)
            q[:2, :2] = _rotation(rng, 2)
            cov = (q * lam) @ q.T
            cov = 0.5 * (cov + cov.T)
        noise = rng.standard_normal((d, d))
        noise = noise - noise.T
        # |C - C^T| up to 8e-7 max|C|: within the contract's 1e-6, relative to the largest entry
        bumped = cov + 4e-7 * np.abs(cov).max() * noise / np.abs(noise).max()
        mean = rng.normal(size=d)
        x = _points(rng, mean, cov, 4)
        expected = _ref_logpdf(x, mean, q, lam)
        rel = np.abs(bumped - bumped.T).max() / np.abs(bumped).max()
        what = (f"mvn_logpdf with the covariance {fmt(bumped)}, symmetric up to {rel:.1e} of its "
                "largest entry (within 1e-6)")
        got = call_valid(student, "mvn_logpdf", x, mean, bumped, what=what)
        _secondary(student, "mvn_logpdf", got, expected, what,
                   tol=_scaled(_logpdf_scale(x, mean, cov), "numerical"))


@checks("mvn_logpdf", points=0.25)
def test_mvn_logpdf_rejects_asymmetric_matrices(student, rng):
    d = int(rng.integers(2, 5))
    cov, _, _ = _spd(rng, d)
    i, j = rng.choice(d, size=2, replace=False)
    for rel in (float(rng.uniform(3e-6, 1e-5)), 0.3):
        bad = cov.copy()
        bad[i, j] += rel * np.abs(cov).max()     # the lower triangle may stay positive definite
        expect_value_error(student, "mvn_logpdf", np.zeros(d), np.zeros(d), bad,
                           what=f"mvn_logpdf with a covariance asymmetric by {rel:.1e} of its "
                                 "largest entry")


@checks("mvn_logpdf", points=0.25)
def test_mvn_logpdf_rejects_matrices_that_are_not_positive_definite(student, rng):
    d = int(rng.integers(2, 5))
    cases = _bad_covariances(rng, d) + [
        (-np.eye(d), "-I"), (np.zeros((d, d)), "the zero matrix"),
        (np.array([[1.0, 2.0], [2.0, 1.0]]), "[[1, 2], [2, 1]] (eigenvalues 3 and -1)"),
        (np.where(np.eye(d) > 0, np.nan, 0.0) + np.eye(d), "a matrix with nan entries"),
        (np.eye(d) + np.diag([math.inf] + [0.0] * (d - 1)), "a matrix with an infinite entry")]
    for bad, label in cases:
        n = bad.shape[0]
        expect_value_error(student, "mvn_logpdf", np.zeros(n), np.zeros(n), bad,
                           what=f"mvn_logpdf with {label}")


@checks("mvn_logpdf", points=0.25)
def test_mvn_logpdf_rejects_mismatched_shapes(student, rng):
    d = int(rng.integers(2, 5))
    cov, _, _ = _spd(rng, d)
    mean = rng.normal(size=d)
    x = _points(rng, mean, cov, 3)
    rect = np.hstack([cov, rng.normal(size=(d, 1))])
    for args, label in [((x, np.append(mean, 0.0), cov), f"a mean of length {d + 1}"),
                        ((np.hstack([x, x[:, :1]]), mean, cov), f"x with {d + 1} columns"),
                        ((x[:, :-1], mean, cov), f"x with {d - 1} columns"),
                        ((x, mean, rect), f"a {d} x {d + 1} covariance"),
                        ((x[None], mean, cov), "x of shape (1, n, d)"),
                        ((x[0], mean, np.array([[float(c)] for c in np.diag(cov)])),
                         f"a covariance of shape ({d}, 1)"),
                        ((x, mean, np.diag(cov)),
                         f"a 1-D covariance (the variances, shape ({d},))"),
                        ((x, mean, np.stack([cov, cov])), f"a covariance of shape (2, {d}, {d})"),
                        ((float(x[0, 0]), mean, cov), "a scalar x"),
                        ((np.zeros(0), np.zeros(0), np.zeros((0, 0))),
                         "an empty (0 x 0) covariance")]:
        expect_value_error(student, "mvn_logpdf", *args, what=f"mvn_logpdf with {label}")


@checks("mvn_logpdf", points=0.25)
def test_mvn_logpdf_inputs_unchanged(student, rng):
    d = int(rng.integers(2, 5))
    cov, _, _ = _spd(rng, d)
    mean = rng.normal(size=d)
    x = _points(rng, mean, cov, 5)
    call_ignoring_errors(student, "mvn_logpdf", x, mean, cov)
    call_ignoring_errors(student, "mvn_logpdf", x[0], mean, cov)
    expect_no_side_effects(student, "inputs")


# =================================================================== mahalanobis

def _scipy_mahalanobis(x, mean, cov):
    vi = np.linalg.inv(cov)
    return np.array([scipy.spatial.distance.mahalanobis(row, mean, vi) for row in np.atleast_2d(x)])


@checks("mahalanobis", points=0.75)
def test_mahalanobis_matches_scipy_on_random_batches(student, rng):
    for d in (1, 2, int(rng.integers(3, 7))):
        cov, _, _ = _spd(rng, d)
        mean = rng.normal(0, 2, size=d)
        x = _points(rng, mean, cov, int(rng.integers(2, 15)))
        expected = _scipy_mahalanobis(x, mean, cov)
        diff = x - mean
        what = f"mahalanobis(x of shape {x.shape}, mean={fmt(mean)}, cov={fmt(cov)})"
        got = call_valid(student, "mahalanobis", x, mean, cov, what=what)
        expect_close(as_array(got, what), expected, what, tol=FORMULA_TOL, misconceptions={
            SQUARED_DISTANCE: expected ** 2,
            COV_NOT_INVERTED: np.sqrt(np.einsum("ni,ij,nj->n", diff, cov, diff)),
            EUCLIDEAN: np.linalg.norm(diff, axis=1),
        })


@checks("mahalanobis", points=0.25)
def test_mahalanobis_one_point_float_and_batch_of_one(student, rng):
    d = int(rng.integers(2, 6))
    cov, _, _ = _spd(rng, d)
    mean = rng.normal(size=d)
    x = _points(rng, mean, cov, 1)
    what = f"mahalanobis(one point of shape ({d},), mean, cov)"
    got = call_valid(student, "mahalanobis", x[0], mean, cov, what=what)
    _expect_float(got, what)
    _secondary(student, "mahalanobis", got, float(_scipy_mahalanobis(x, mean, cov)[0]), what)
    what = f"mahalanobis(a batch of one point, shape {x.shape}, mean, cov)"
    got = call_valid(student, "mahalanobis", x, mean, cov, what=what)
    _expect_vector(got, 1, what)


@checks("mahalanobis", points=0.25)
def test_mahalanobis_nearly_singular_covariance(student, rng):
    d = int(rng.integers(3, 8))
    cov, q, lam = _ill(rng, d)
    mean = rng.normal(size=d)
    x = mean + (rng.standard_normal((5, d)) * np.sqrt(lam)) @ q.T
    expected = _ref_mahalanobis(x, mean, q, lam)
    cond = lam.max() / lam.min()
    # D^2 is accurate to ~ d * eps * cond absolute; D = sqrt(D^2) halves the relative error
    tol = (tolerance("numerical")[0], ILL_SLACK * d * EPS * cond)
    what = (f"mahalanobis of 5 points under a {d}-dimensional covariance of condition "
            f"number {cond:.1e} (eigenvalues {fmt(np.sort(lam))})")
    got = call_valid(student, "mahalanobis", x, mean, cov, what=what)
    value = as_array(got, what)
    near = [j for j in (_ref_mahalanobis(x, mean, q, lam + e) for e in _JITTERS)
            if close(value, j, "float")]
    _secondary(student, "mahalanobis", value, expected, what, tol=tol,
               misconceptions={JITTER: near[0]} if near else None)


@checks("mahalanobis", points=0.25)
def test_mahalanobis_rejects_a_matrix_that_is_not_positive_definite(student, rng):
    d = int(rng.integers(2, 5))
    bad, label = _bad_covariances(rng, d)[0]
    expect_value_error(student, "mahalanobis", rng.normal(size=d), np.zeros(d), bad,
                       what=f"mahalanobis with {label}")


@checks("mahalanobis", points=0.25)
def test_mahalanobis_rejects_mismatched_shapes(student, rng):
    d = int(rng.integers(2, 5))
    cov, _, _ = _spd(rng, d)
    mean = rng.normal(size=d)
    x = _points(rng, mean, cov, 3)
    for args, label in [((x, np.append(mean, 1.0), cov), f"a mean of length {d + 1}"),
                        ((np.hstack([x, x[:, :1]]), mean, cov), f"x with {d + 1} columns"),
                        ((float(x[0, 0]), mean, cov), "a scalar x"),
                        ((x[None], mean, cov), "x of shape (1, n, d)")]:
        expect_value_error(student, "mahalanobis", *args, what=f"mahalanobis with {label}")


@checks("mahalanobis", points=0.25)
def test_mahalanobis_inputs_unchanged(student, rng):
    d = int(rng.integers(2, 5))
    cov, _, _ = _spd(rng, d)
    mean = rng.normal(size=d)
    call_ignoring_errors(student, "mahalanobis", _points(rng, mean, cov, 4), mean, cov)
    call_ignoring_errors(student, "mahalanobis", _points(rng, mean, cov, 1)[0], mean, cov)
    expect_no_side_effects(student, "inputs")


# =================================================================== mvn_entropy

def _entropy_mistakes(cov):
    d = cov.shape[0]
    logdet = np.linalg.slogdet(cov)[1]
    h = 0.5 * (d * math.log(2 * math.pi * math.e) + logdet)
    return {ENTROPY_NO_POWER_D: 0.5 * (math.log(2 * math.pi * math.e) + logdet),
            ENTROPY_BITS: h / math.log(2),
            NO_HALF_LOGDET: 0.5 * d * math.log(2 * math.pi * math.e) + logdet}


@checks("mvn_entropy", points=0.75)
def test_mvn_entropy_matches_scipy(student, rng):
    for d in (1, 2, int(rng.integers(3, 9))):
        cov, _, _ = _spd(rng, d)
        expected = float(scipy.stats.multivariate_normal(cov=cov).entropy())
        what = f"mvn_entropy({fmt(cov)})"
        got = call_valid(student, "mvn_entropy", cov, what=what)
        _expect_float(got, what)
        expect_close(got, expected, what, tol=_scaled(_entropy_scale(cov)),
                     misconceptions=_entropy_mistakes(cov))


@checks("mvn_entropy", points=0.25)
def test_mvn_entropy_matches_torch_on_lists(student, rng):
    d = int(rng.integers(2, 7))
    cov, _, _ = _spd(rng, d)
    expected = float(_torch_mvn(np.zeros(d), cov).entropy())
    what = f"mvn_entropy of a {d} x {d} covariance given as a nested list"
    got = call_valid(student, "mvn_entropy", cov.tolist(), what=what)
    _secondary(student, "mvn_entropy", got, expected, what, tol=_scaled(_entropy_scale(cov)))


@checks("mvn_entropy", points=0.5)
def test_mvn_entropy_tiny_and_huge_determinants(student, rng):
    d = int(rng.integers(55, 71))
    for scale in (1e-7, 1e7):
        cov, q, lam = _spd(rng, d, scale * rng.uniform(0.5, 2.0, size=d))
        expected = 0.5 * (d * math.log(2 * math.pi * math.e) + float(np.sum(np.log(lam))))
        what = (f"mvn_entropy of a {d}-dimensional covariance with variances near {scale:g} "
                f"(det = 10^{np.sum(np.log10(lam)):.0f}, beyond float range)")
        got = call_valid(student, "mvn_entropy", cov, what=what)
        value = as_float(got, what)
        if not math.isfinite(value):
            fail(f"{what} returned {value}.", DET_UNDERFLOW)
        _secondary(student, "mvn_entropy", value, expected, what,
                   tol=_scaled(_entropy_scale(cov)))


@checks("mvn_entropy", points=0.25)
def test_mvn_entropy_rejects_a_matrix_that_is_not_positive_definite(student, rng):
    d = int(rng.integers(2, 5))
    for bad, label in _bad_covariances(rng, d):
        expect_value_error(student, "mvn_entropy", bad, what=f"mvn_entropy of {label}")


@checks("mvn_entropy", points=0.25)
def test_mvn_entropy_inputs_unchanged(student, rng):
    d = int(rng.integers(2, 6))
    cov, _, _ = _spd(rng, d)
    call_ignoring_errors(student, "mvn_entropy", cov)
    expect_no_side_effects(student, "inputs")


# ======================================================================== kl_mvn

def _kl_torch(mu0, cov0, mu1, cov1):
    return float(kl_divergence(_torch_mvn(mu0, cov0), _torch_mvn(mu1, cov1)))


def _kl_mistakes(mu0, cov0, mu1, cov1):
    d = len(mu0)
    inv0, inv1 = np.linalg.inv(cov0), np.linalg.inv(cov1)
    dm = mu1 - mu0
    tr = np.trace(inv1 @ cov0)
    ld = np.linalg.slogdet(cov1)[1] - np.linalg.slogdet(cov0)[1]
    return {KL_WRONG_DIRECTION: _kl_torch(mu1, cov1, mu0, cov0),
            KL_NO_MINUS_D: 0.5 * (tr + dm @ inv1 @ dm + ld),
            KL_LOGDET_FLIPPED: 0.5 * (tr + dm @ inv1 @ dm - d - ld),
            KL_MEAN_TERM: 0.5 * (tr + dm @ inv0 @ dm - d + ld)}


def _kl_pair(rng, d):
    cov0, _, _ = _spd(rng, d)
    cov1, _, _ = _spd(rng, d)
    return rng.normal(size=d), cov0, rng.normal(size=d), cov1


@checks("kl_mvn", points=1)
def test_kl_mvn_matches_torch(student, rng):
    for d in (1, 2, int(rng.integers(3, 7))):
        mu0, cov0, mu1, cov1 = _kl_pair(rng, d)
        expected = _kl_torch(mu0, cov0, mu1, cov1)
        what = (f"kl_mvn(mu0={fmt(mu0)}, cov0={fmt(cov0)}, mu1={fmt(mu1)}, cov1={fmt(cov1)})")
        got = call_valid(student, "kl_mvn", mu0, cov0, mu1, cov1, what=what)
        _expect_float(got, what)
        expect_close(got, expected, what, tol=_scaled(_kl_scale(mu0, cov0, mu1, cov1)),
                     misconceptions=_kl_mistakes(mu0, cov0, mu1, cov1))


@checks("kl_mvn", points=0.25)
def test_kl_mvn_zero_for_identical_laws(student, rng):
    d = int(rng.integers(2, 7))
    cov, _, _ = _spd(rng, d)
    mu = rng.normal(size=d)
    what = f"kl_mvn(mu, cov, mu, cov) for one {d}-dimensional law (should be 0)"
    got = as_float(call_valid(student, "kl_mvn", mu, cov, mu.copy(), cov.copy(), what=what), what)
    expect_true(abs(got) <= 1e-10 * d, f"{what}: got {fmt(got)}")


@checks("kl_mvn", points=0.25)
def test_kl_mvn_one_dimension_matches_the_univariate_formula(student, rng):
    m0, m1 = rng.normal(0, 2, size=2)
    s0, s1 = rng.uniform(0.2, 3.0, size=2)
    expected = math.log(s1 / s0) + (s0 ** 2 + (m0 - m1) ** 2) / (2 * s1 ** 2) - 0.5
    what = (f"kl_mvn([{fmt(m0)}], [[{fmt(s0 ** 2)}]], [{fmt(m1)}], [[{fmt(s1 ** 2)}]]) "
            "(one dimension, given as lists)")
    got = call_valid(student, "kl_mvn", [float(m0)], [[float(s0 ** 2)]], [float(m1)],
                     [[float(s1 ** 2)]], what=what)
    _secondary(student, "kl_mvn", got, expected, what,
               tol=_scaled(_kl_scale([m0], [[s0 ** 2]], [m1], [[s1 ** 2]])))


@checks("kl_mvn", points=0.5)
def test_kl_mvn_tiny_and_huge_determinants(student, rng):
    """KL is invariant under x -> s x: scaled laws in 50+ dimensions, det beyond float range."""
    d = int(rng.integers(50, 61))
    mu0, cov0, mu1, cov1 = _kl_pair(rng, d)
    expected = _kl_torch(mu0, cov0, mu1, cov1)
    for scale in (1e-8, 1e8):
        s = math.sqrt(scale)
        what = (f"kl_mvn of two {d}-dimensional laws with variances near {scale:g} (their "
                "determinants under- or overflow; KL is unchanged by scaling x)")
        got = as_float(call_valid(student, "kl_mvn", s * mu0, scale * cov0, s * mu1,
                                  scale * cov1, what=what), what)
        if not math.isfinite(got):
            fail(f"{what} returned {got}.", DET_UNDERFLOW)
        _secondary(student, "kl_mvn", got, expected, what,
                   tol=_scaled(_kl_scale(mu0, cov0, mu1, cov1)))


@checks("kl_mvn", points=0.5)
def test_kl_mvn_nearly_singular_covariance(student, rng):
    d = int(rng.integers(3, 8))
    cov, q, lam = _ill(rng, d)
    mu0 = rng.normal(size=d)
    w = rng.standard_normal(d)
    mu1 = mu0 + q @ (np.sqrt(lam) * w)
    expected = 0.5 * float(w @ w)                  # same covariance: only the mean term is left
    cond = lam.max() / lam.min()
    tol = (tolerance("numerical")[0], ILL_SLACK * d * EPS * cond)
    what = (f"kl_mvn(mu0, cov, mu1, cov) with one {d}-dimensional covariance of condition number "
            f"{cond:.1e}")
    got = call_valid(student, "kl_mvn", mu0, cov, mu1, cov, what=what)
    _secondary(student, "kl_mvn", got, expected, what, tol=tol)


@checks("kl_mvn", points=0.25)
def test_kl_mvn_rejects_invalid_covariances_and_shapes(student, rng):
    d = int(rng.integers(2, 5))
    mu0, cov0, mu1, cov1 = _kl_pair(rng, d)
    bad, label = _bad_covariances(rng, d)[0]
    other, _, _ = _spd(rng, d + 1)
    for args, text in [((mu0, bad, mu1, cov1), f"cov0 {label}"),
                       ((mu0, cov0, mu1, bad), f"cov1 {label}"),
                       ((mu0, cov0, np.append(mu1, 0.0), other),
                        f"N1 in {d + 1} dimensions, N0 in {d}"),
                       ((np.append(mu0, 0.0), cov0, mu1, cov1), f"mu0 of length {d + 1}"),
                       ((mu0[:1], cov0, mu1, cov1), "mu0 of length 1 (it would broadcast)"),
                       ((mu0, cov0, mu1[:1], cov1), "mu1 of length 1 (it would broadcast)")]:
        expect_value_error(student, "kl_mvn", *args, what=f"kl_mvn with {text}")


@checks("kl_mvn", points=0.25)
def test_kl_mvn_inputs_unchanged(student, rng):
    d = int(rng.integers(2, 5))
    call_ignoring_errors(student, "kl_mvn", *_kl_pair(rng, d))
    expect_no_side_effects(student, "inputs")


# ==================================================================== sample_mvn

def _draw(student, mean, cov, n, seed, what):
    got = call_valid(student, "sample_mvn", mean, cov, n, Rng(seed), what=what)
    x = as_array(got, what)
    expect_true(x.shape == (n, len(mean)),
                f"{what} should have shape ({n}, {len(mean)}), got {x.shape}")
    expect_true(bool(np.all(np.isfinite(x))), f"{what} has entries that are not finite")
    return x


def _sampler_case(rng, d=None):
    d = int(rng.integers(2, 6)) if d is None else d
    lam = rng.uniform(0.2, 1.0, size=d) * np.logspace(0, 2, d)[rng.permutation(d)]
    cov, q, lam = _spd(rng, d, lam)                # condition number up to ~500: correlated
    return rng.normal(0, 3, size=d), cov, q, lam


def _direction_p_values(x, mean, cov, directions):
    """p-values (two-sided) of sum_i (a^T (x_i - mean))^2 / a^T cov a ~ chi^2_n."""
    n = len(x)
    out = []
    for a in directions:
        s = float(np.sum(((x - mean) @ a) ** 2) / (a @ cov @ a))
        out.append(2 * min(scipy.stats.chi2.cdf(s, n), scipy.stats.chi2.sf(s, n)))
    return np.array(out)


def _directions(rng, q, d):
    randoms = rng.standard_normal((4, d))
    return np.vstack([q.T, np.eye(d), randoms / np.linalg.norm(randoms, axis=1, keepdims=True)])


@checks("sample_mvn", points=0.25)
def test_sample_mvn_shape(student, rng):
    for d, n in [(1, int(rng.integers(2, 9))), (int(rng.integers(2, 6)), 1),
                 (int(rng.integers(2, 6)), int(rng.integers(2, 30)))]:
        mean, cov, _, _ = _sampler_case(rng, d)
        what = f"sample_mvn(mean of length {d}, cov, n={n}, rng)"
        got = call_valid(student, "sample_mvn", mean, cov, n, Rng(int(rng.integers(2 ** 31))),
                         what=what)
        expect_true(isinstance(got, np.ndarray) and got.shape == (n, d),
                    f"{what} should return an np.ndarray of shape ({n}, {d}), got "
                    f"{type(got).__name__} of shape {np.shape(got)}")


@checks("sample_mvn", points=0.5)
def test_sample_mvn_sample_mean_within_its_standard_error(student, rng):
    n = 4000
    mean, cov, q, lam = _sampler_case(rng)
    d = len(mean)
    what = f"sample_mvn(mean={fmt(mean)}, cov={fmt(cov)}, n={n}, rng)"
    x = _draw(student, mean, cov, n, int(rng.integers(2 ** 31)), what)
    dev = (x.mean(axis=0) - mean) @ q
    stat = n * float(np.sum(dev * dev / lam))      # chi^2_d for a correct sampler
    p = scipy.stats.chi2.sf(stat, d)
    if p < ALPHA:
        back = (x.mean(axis=0) + mean) @ q
        dropped = n * float(np.sum(back * back / lam))
        fail(f"{what}: the sample mean {fmt(x.mean(axis=0))} is too far from the mean: "
             f"n (m - mu)^T S^-1 (m - mu) = {stat:.4g}, whose chi^2_{d} p-value is {p:.2g} "
             f"(the test fails only below {ALPHA:g}).",
             MEAN_DROPPED if scipy.stats.chi2.sf(dropped, d) > ALPHA
             or np.allclose(x.mean(axis=0), 0, atol=5 * np.sqrt(lam.max() / n)) else None)


@checks("sample_mvn", points=0.75)
def test_sample_mvn_spread_right_in_every_direction(student, rng):
    n = 4000
    mean, cov, q, lam = _sampler_case(rng)
    d = len(mean)
    what = f"sample_mvn(mean, cov={fmt(cov)}, n={n}, rng)"
    x = _draw(student, mean, cov, n, int(rng.integers(2 ** 31)), what)
    directions = _directions(rng, q, d)
    p = _direction_p_values(x, mean, cov, directions)
    alpha = ALPHA / len(directions)                 # Bonferroni: at most ALPHA in all
    if np.all(p >= alpha):
        return
    worst = int(np.argmin(p))
    a = directions[worst]
    seen = float(np.mean(((x - mean) @ a) ** 2))
    L = np.linalg.cholesky(cov)
    known = None
    for key, wrong in ((L_TRANSPOSED, L.T @ L), (COV_AS_FACTOR, cov @ cov)):
        if np.all(_direction_p_values(x, mean, wrong, directions) >= alpha):
            known = key
    fail(f"{what}: along the direction {fmt(a)} the samples' mean squared deviation from the "
         f"mean is {seen:.4g}, but a^T S a = {float(a @ cov @ a):.4g} (chi^2_{n} p-value "
         f"{p[worst]:.2g}, below {alpha:.2g}).", known)


@checks("sample_mvn", points=0.5)
def test_sample_mvn_squared_mahalanobis_distances_are_chi2(student, rng):
    n = 2000
    mean, cov, q, lam = _sampler_case(rng)
    d = len(mean)
    what = f"sample_mvn(mean, cov={fmt(cov)}, n={n}, rng)"
    x = _draw(student, mean, cov, n, int(rng.integers(2 ** 31)), what)
    d2 = _ref_mahalanobis(x, mean, q, lam) ** 2
    result = scipy.stats.kstest(d2, scipy.stats.chi2(d).cdf)
    expect_true(result.pvalue >= ALPHA,
                f"{what}: the squared Mahalanobis distances of the samples (mean {d2.mean():.4g}, "
                f"expected {d}) do not follow chi^2_{d}: Kolmogorov-Smirnov statistic "
                f"{result.statistic:.3g}, p-value {result.pvalue:.2g} (fails only below "
                f"{ALPHA:g}).")


@checks("sample_mvn", points=0.5)
def test_sample_mvn_reproducible_from_rng(student, rng):
    mean, cov, _, _ = _sampler_case(rng)
    seed, other = (int(s) for s in rng.choice(2 ** 31, size=2, replace=False))
    n = int(rng.integers(5, 40))
    what = f"sample_mvn(mean, cov, n={n}, rng)"
    first = _draw(student, mean, cov, n, seed, what + f" with rng = default_rng({seed})")
    again = _draw(student, mean, cov, n, seed, what + f" with rng = default_rng({seed})")
    expect_true(np.array_equal(first, again),
                f"{what}: two generators with the same seed {seed} gave different samples.",
                GLOBAL_RNG)
    third = _draw(student, mean, cov, n, other, what + f" with rng = default_rng({other})")
    expect_true(not np.array_equal(first, third),
                f"{what}: generators with seeds {seed} and {other} gave the same samples: the "
                "random numbers do not come from rng.", GLOBAL_RNG)


@checks("sample_mvn", points=0.25)
def test_sample_mvn_rejects_invalid_covariances_and_means(student, rng):
    d = int(rng.integers(2, 5))
    bad, label = _bad_covariances(rng, d)[0]
    expect_value_error(student, "sample_mvn", np.zeros(d), bad, 10, Rng(1),
                       what=f"sample_mvn with {label}")
    mean, cov, _, _ = _sampler_case(rng, d)
    expect_value_error(student, "sample_mvn", np.append(mean, 0.0), cov, 10, Rng(2),
                       what=f"sample_mvn with a mean of length {d + 1} and a {d} x {d} cov")


@checks("sample_mvn", points=0.25)
def test_sample_mvn_inputs_unchanged(student, rng):
    mean, cov, _, _ = _sampler_case(rng)
    call_ignoring_errors(student, "sample_mvn", mean, cov, 20, Rng(int(rng.integers(2 ** 31))))
    call_ignoring_errors(student, "sample_mvn", mean.tolist(), cov.tolist(), 3,
                         Rng(int(rng.integers(2 ** 31))))
    expect_no_side_effects(student, "inputs")
