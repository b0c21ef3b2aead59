# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · Gaussians and their geometry
#
# *Machine Learning from an Information-Theoretic Perspective*
#
# The Gaussian is everywhere in machine learning: as the noise model behind the squared
# error, as the prior behind weight decay, as the encoder and the prior of a VAE. This
# notebook explains *why* it deserves that place and teaches you to compute with it
# safely.
#
# 1. **Maximum entropy.** Among all laws with a given variance, the Gaussian has the
#    largest differential entropy: it assumes nothing beyond the variance. We derive
#    this twice (Lagrange multipliers, then a one-line proof with the KL divergence)
#    and compare it with the Laplace and uniform laws of the same variance.
# 2. **The multivariate normal** as an affine map of independent standard normals,
#    its density by a change of variables, and why the **Cholesky factor** is the way
#    to evaluate it (no inverse, no determinant that under- or overflows).
# 3. **Covariance geometry.** The eigen-decomposition $\Sigma = Q\Lambda Q^\top$ turns
#    the level sets of the density into ellipses; the **Mahalanobis distance** measures
#    distance in units of standard deviations along them, and its square follows a
#    $\chi^2_d$ law.
# 4. **Entropy and KL in closed form**: $h = \tfrac12\log\det(2\pi e\Sigma)$ and the
#    Gaussian KL divergence, derived with the trace trick.
#
# You implement seven functions (and a helper that most of them share):
#
# | # | exercise | points | what it is |
# | --- | --- | --- | --- |
# | 1 | `normal_logpdf(x, mu, sigma)` | 2 | $\log \mathcal N(x;\mu,\sigma^2)$, elementwise, finite far in the tails |
# | 2 | `max_entropy_comparison(variance)` | 2 | entropies of Gaussian, Laplace, uniform of one variance |
# | 3 | `mvn_logpdf(x, mean, cov)` | 4 | multivariate log density via Cholesky; rejects invalid covariances |
# | 4 | `mahalanobis(x, mean, cov)` | 2 | $\sqrt{(x-\mu)^\top\Sigma^{-1}(x-\mu)}$ |
# | 5 | `mvn_entropy(cov)` | 2 | $\tfrac12\log\det(2\pi e\Sigma)$ in nats |
# | 6 | `kl_mvn(mu0, cov0, mu1, cov1)` | 3 | $D_{\mathrm{KL}}(\mathcal N_0\,\|\,\mathcal N_1)$ in nats |
# | 7 | `sample_mvn(mean, cov, n, rng)` | 3 | $n$ samples $\mu + Lz$, judged statistically |
# | | **total** | **18** | |
#
# **How you are graded.** Each function has a solution cell (replace
# `raise NotImplementedError()`) followed by a test cell. The test cell's visible
# asserts are quick examples you can run now; when the notebook is graded, hidden
# checks call your function on random inputs and edge cases and compare with
# independent references (SciPy, PyTorch's `torch.distributions`, closed forms built
# from a known eigen-decomposition, statistical tests). The course's grader
# (`python -m autograder`) draws a fresh seed for every run and records it (`--seed N`
# reproduces a run); nbgrader's `autograde` uses one fixed seed. Make the function
# right, not just the examples. If a visible assert fails, nbgrader scores that
# exercise 0 (the course's grader reports the failure and scores only the hidden
# checks). Plot cells are tagged `demo`; they are not graded.
#
# **Conventions (the same in every assignment of the course).**
#
# - Inputs are *array-likes*: lists, tuples or NumPy arrays of any float dtype. Scalar
#   results are Python `float`s, array results `np.ndarray`s. **Never modify an input**
#   (the hidden checks compare every argument before and after a call).
# - Entropies and divergences of continuous laws are in **nats** (natural logarithm).
# - Invalid input raises `ValueError` with a message that says what is wrong.
# - Randomness comes only from the `rng` argument (a `np.random.Generator`): the same
#   generator state gives the same samples. No `np.random.seed`, no global generator.
# - No warnings on stderr (a graded cell that writes to stderr scores 0 in nbgrader).

# %%
import math

import numpy as np
import scipy.linalg
import scipy.stats

# %% [markdown]
# ## 1. The univariate normal, in log space
#
# The normal density with mean $\mu$ and standard deviation $\sigma > 0$ is
# $$\mathcal N(x;\mu,\sigma^2) = \frac{1}{\sqrt{2\pi}\,\sigma}
#   \exp\Big(-\frac{(x-\mu)^2}{2\sigma^2}\Big).$$
# Taking the logarithm term by term, with $z = (x - \mu)/\sigma$ (the *standardised*
# value: how many standard deviations $x$ lies from the mean),
# $$\log \mathcal N(x;\mu,\sigma^2) = -\frac{z^2}{2} - \log\sigma - \frac12\log(2\pi).$$
#
# Two things to notice.
#
# - **Why log space.** Likelihoods are products of many densities, and densities far
#   from the mean are tiny: at $z = 40$ the density is $e^{-800}/\sqrt{2\pi}$, below the
#   smallest positive double ($\approx 4.9\cdot10^{-324}$), so `np.log(pdf)` gives
#   `-inf` and a warning. The log form above is an ordinary number, $\approx -800.92$.
#   Always compute the log density directly; never exponentiate and take the log.
# - **Why $-\log\sigma$.** The density must integrate to 1: substituting $x = \mu +
#   \sigma z$ gives $dx = \sigma\,dz$, so stretching by $\sigma$ lowers the height by
#   $1/\sigma$. That factor is the $-\log\sigma$ term (it is $-\tfrac12\log\sigma^2$,
#   not $-\log\sigma^2$).

# %% [markdown]
# ### Exercise 1: `normal_logpdf(x, mu, sigma)`
#
# Return $\log\mathcal N(x;\mu,\sigma^2)$ elementwise.
#
# - `x`, `mu`, `sigma` are numbers or array-likes that broadcast together (NumPy
#   broadcasting); the result is an `np.ndarray` of the broadcast shape (for scalar
#   inputs a 0-d array or a `float` are both fine).
# - Finite wherever the inputs are: $x$ 1000 standard deviations away gives about
#   $-5\cdot10^5$, not `-inf`. Compute in log space, as derived above.
# - Raise `ValueError` if any `sigma` is not positive ($\sigma \le 0$ or `nan`).

# %% nbgrader={"grade": false, "grade_id": "normal_logpdf_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def normal_logpdf(x, mu, sigma):
    """Log density of N(mu, sigma^2) at x, elementwise (nats).

    x, mu, sigma : numbers or array-likes that broadcast together; sigma > 0
    Returns an np.ndarray of the broadcast shape. Raises ValueError if sigma <= 0.
    """
    x = np.asarray(x, dtype=float)
    mu = np.asarray(mu, dtype=float)
    sigma = np.asarray(sigma, dtype=float)
    if not np.all(sigma > 0):
        raise ValueError(f"sigma must be positive, got {sigma}")
    z = (x - mu) / sigma
    return np.asarray(-0.5 * z * z - np.log(sigma) - 0.5 * math.log(2 * math.pi))


# %% nbgrader={"grade": true, "grade_id": "normal_logpdf", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(float(normal_logpdf(0.0, 0.0, 1.0)) + 0.5 * math.log(2 * math.pi)) < 1e-12, \
    "at the mean of N(0, 1) the log density is -log(2 pi)/2"
assert abs(float(normal_logpdf(5.0, 2.0, 3.0)) - scipy.stats.norm(2.0, 3.0).logpdf(5.0)) < 1e-12, \
    "one standard deviation above the mean of N(2, 3^2): -1/2 - log 3 - log(2 pi)/2"
x_check = np.array([-1.0, 0.5, 2.0, 7.0])
assert np.allclose(normal_logpdf(x_check, 1.0, 2.0), scipy.stats.norm(1.0, 2.0).logpdf(x_check),
                   rtol=1e-12, atol=0), "elementwise over an array of x"
assert isinstance(normal_logpdf(x_check, 1.0, 2.0), np.ndarray) \
    and normal_logpdf(x_check, 1.0, 2.0).shape == (4,), "an array in, an array of that shape out"
assert abs(float(normal_logpdf(40.0, 0.0, 1.0)) - (-800 - 0.5 * math.log(2 * math.pi))) < 1e-9, \
    "40 standard deviations out the density underflows to 0, but its log is -800.92: compute in log space"
try:
    normal_logpdf(0.0, 0.0, 0.0)
except ValueError:
    pass
else:
    raise AssertionError("sigma = 0 is no normal law: raise ValueError")


# %% [markdown]
# ## 2. Why the Gaussian: maximum entropy at a fixed variance
#
# Suppose all you know about a real quantity is its mean $\mu$ and variance
# $\sigma^2$. Which density should you use? The principle of maximum entropy says: the
# one with the **largest differential entropy** $h(p) = -\int p(x)\log p(x)\,dx$ among
# all densities that satisfy what you know, because any other choice claims more than
# you know.
#
# **Derivation with Lagrange multipliers.** Maximise $h(p)$ subject to
# $$\int p = 1,\qquad \int x\,p(x)\,dx = \mu,\qquad \int (x-\mu)^2 p(x)\,dx = \sigma^2 .$$
# Form the Lagrangian
# $$\mathcal L[p] = -\int p\log p + \lambda_0\Big(\int p - 1\Big)
#   + \lambda_1\Big(\int x\,p - \mu\Big) + \lambda_2\Big(\int (x-\mu)^2 p - \sigma^2\Big).$$
# Perturb $p$ by $\varepsilon\,\eta$ for an arbitrary function $\eta$; the derivative in
# $\varepsilon$ at 0 must vanish for every $\eta$. Since
# $\frac{d}{d\varepsilon}(p+\varepsilon\eta)\log(p+\varepsilon\eta)\big|_0 = \eta(\log p + 1)$,
# $$\int \eta(x)\Big[-\log p(x) - 1 + \lambda_0 + \lambda_1 x + \lambda_2 (x-\mu)^2\Big]dx = 0
#   \quad\text{for all }\eta,$$
# so the bracket is zero at every $x$:
# $$p(x) = \exp\big(\lambda_0 - 1 + \lambda_1 x + \lambda_2 (x-\mu)^2\big).$$
# The exponent is a quadratic in $x$. For $p$ to be integrable we need $\lambda_2 < 0$;
# a quadratic exponent means $p$ is a Gaussian, and the constraints fix its mean at $\mu$
# ($\lambda_1 = 0$), its variance at $\sigma^2$ ($\lambda_2 = -1/(2\sigma^2)$) and the
# normalisation ($e^{\lambda_0 - 1} = 1/\sqrt{2\pi\sigma^2}$).
#
# **A proof that it is the maximum (not just a stationary point).** Let $q$ be any
# density with variance $\sigma^2$ (shift it so its mean is $\mu$: shifting changes no
# entropy) and let $\varphi$ be the Gaussian $\mathcal N(\mu,\sigma^2)$. The KL
# divergence is never negative, so
# $$0 \le D_{\mathrm{KL}}(q\,\|\,\varphi) = \int q\log q - \int q\log\varphi
#   = -h(q) + \int q(x)\Big[\frac{(x-\mu)^2}{2\sigma^2} + \frac12\log(2\pi\sigma^2)\Big]dx .$$
# The bracket involves $q$ only through its variance, which is $\sigma^2$:
# $$\int q\,[\ldots] = \frac{\sigma^2}{2\sigma^2} + \frac12\log(2\pi\sigma^2)
#   = \frac12\log(2\pi e\sigma^2) = h(\varphi).$$
# Hence $h(q) \le h(\varphi) = \tfrac12\log(2\pi e\sigma^2)$, with equality only when
# $q = \varphi$. (The same computation with $q = \varphi$ gives the Gaussian's entropy.)
#
# **Two competitors of the same variance.**
#
# - *Laplace* with scale $b$: $p(x) = \frac{1}{2b}e^{-|x-\mu|/b}$. Its variance is
#   $\int (x-\mu)^2 p = 2\int_0^\infty \frac{t^2}{2b}e^{-t/b}dt = b^2\,\Gamma(3) = 2b^2$,
#   so variance $v$ needs $b = \sqrt{v/2}$. Its entropy: $-\log p(x) = \log(2b) +
#   |x-\mu|/b$ and $\mathbb E|x-\mu| = b$, so $h = \log(2b) + 1 = 1 + \tfrac12\log(2v)$.
# - *Uniform* on an interval of width $w$: density $1/w$, variance $w^2/12$ (the
#   integral $\frac1w\int_{-w/2}^{w/2}t^2dt = w^2/12$), so variance $v$ needs $w =
#   \sqrt{12v}$, and $h = \log w = \tfrac12\log(12v)$.
#
# The differences do not depend on $v$:
# $$h_{\text{Gauss}} - h_{\text{Laplace}} = \tfrac12\log(2\pi e v) - 1 - \tfrac12\log(2v)
#   = \tfrac12\log(\pi e) - 1 \approx 0.0724 \text{ nats},$$
# $$h_{\text{Gauss}} - h_{\text{uniform}} = \tfrac12\log\frac{2\pi e v}{12v}
#   = \tfrac12\log\frac{\pi e}{6} \approx 0.1765 \text{ nats}.$$
# Small gaps, but always the same sign, as the theorem demands.

# %% [markdown]
# ### Exercise 2: `max_entropy_comparison(variance)`
#
# Return a `dict` with keys `"gaussian"`, `"laplace"`, `"uniform"`: the differential
# entropies, in **nats**, of the Gaussian, the Laplace and the uniform law whose
# variance is `variance`, each a `float`.
#
# - `variance` is the variance $\sigma^2$, not the standard deviation; match each law's
#   parameter to it as derived above ($b = \sqrt{v/2}$, $w = \sqrt{12v}$).
# - Raise `ValueError` unless `variance` is a positive finite number.

# %% nbgrader={"grade": false, "grade_id": "max_entropy_comparison_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def max_entropy_comparison(variance):
    """Differential entropies (nats) of three laws sharing one variance.

    variance : a positive finite number (sigma^2)
    Returns {"gaussian": h, "laplace": h, "uniform": h} with float values.
    """
    variance = float(variance)
    if not (variance > 0 and math.isfinite(variance)):
        raise ValueError(f"variance must be a positive finite number, got {variance!r}")
    return {
        "gaussian": 0.5 * math.log(2 * math.pi * math.e * variance),
        "laplace": 1.0 + 0.5 * math.log(2 * variance),        # b = sqrt(v / 2): 1 + log(2b)
        "uniform": 0.5 * math.log(12 * variance),             # w = sqrt(12 v): log w
    }


# %% nbgrader={"grade": true, "grade_id": "max_entropy_comparison", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
h_check = max_entropy_comparison(1.0)
assert set(h_check) == {"gaussian", "laplace", "uniform"}, "three keys: gaussian, laplace, uniform"
assert abs(h_check["gaussian"] - 0.5 * math.log(2 * math.pi * math.e)) < 1e-12, \
    "the standard normal has h = log(2 pi e)/2 = 1.4189 nats"
assert abs(h_check["laplace"] - scipy.stats.laplace(scale=math.sqrt(0.5)).entropy()) < 1e-12, \
    "a Laplace law of variance 1 has scale b = sqrt(1/2) (its variance is 2 b^2)"
assert abs(h_check["uniform"] - math.log(math.sqrt(12))) < 1e-12, \
    "a uniform law of variance 1 has width sqrt(12) (its variance is w^2 / 12)"
h_check = max_entropy_comparison(4.0)
assert h_check["gaussian"] > h_check["laplace"] > h_check["uniform"], \
    "at any fixed variance the Gaussian has the largest entropy"
assert abs(h_check["uniform"] - math.log(math.sqrt(48))) < 1e-12, \
    "variance 4 (standard deviation 2): width sqrt(12 * 4); pass the variance, not sigma"
assert abs(h_check["gaussian"] - 0.5 * math.log(2 * math.pi * math.e * 4.0)) < 1e-12 \
    and abs(h_check["laplace"] - (1.0 + 0.5 * math.log(8.0))) < 1e-12, \
    "variance 4: h = log(2 pi e 4) / 2 (Gaussian), 1 + log(2 * 4) / 2 (Laplace): not sigma"

# %% [markdown]
# The three densities of variance 1 side by side, and their entropies: the Gaussian
# spreads its mass most evenly in the sense that counts.

# %% tags=["demo"]
import matplotlib.pyplot as plt

try:
    h_demo = max_entropy_comparison(1.0)
    t = np.linspace(-4, 4, 801)
    b, w = math.sqrt(0.5), math.sqrt(12.0)
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
    axes[0].plot(t, scipy.stats.norm.pdf(t), label="Gaussian")
    axes[0].plot(t, scipy.stats.laplace(scale=b).pdf(t), label="Laplace")
    axes[0].plot(t, scipy.stats.uniform(-w / 2, w).pdf(t), label="uniform")
    axes[0].set(xlabel="x", ylabel="density", title="three laws of variance 1")
    axes[0].legend()
    names = list(h_demo)
    axes[1].bar(names, [h_demo[k] for k in names], color=["C0", "C1", "C2"])
    for i, k in enumerate(names):
        axes[1].text(i, h_demo[k] + 0.02, f"{h_demo[k]:.4f}", ha="center")
    axes[1].set(ylabel="differential entropy (nats)", ylim=(1.0, 1.5),
                title="the Gaussian has the most")
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement max_entropy_comparison above to see these plots.")

# %% [markdown]
# ## 3. The multivariate normal and its Cholesky factor
#
# **Construction.** Take $d$ independent standard normals $z = (z_1,\ldots,z_d)$, with
# joint density $\prod_k \frac{1}{\sqrt{2\pi}}e^{-z_k^2/2} = (2\pi)^{-d/2}e^{-\|z\|^2/2}$,
# and map them affinely: $x = \mu + Lz$ with an invertible $d\times d$ matrix $L$. Then
# $$\mathbb E[x] = \mu,\qquad
#   \operatorname{Cov}(x) = \mathbb E[(Lz)(Lz)^\top] = L\,\mathbb E[zz^\top]L^\top = LL^\top =: \Sigma .$$
#
# **Density by change of variables.** $z = L^{-1}(x-\mu)$ and $dx = |\det L|\,dz$, so
# $$p(x) = \frac{(2\pi)^{-d/2}}{|\det L|}\exp\Big(-\tfrac12\big\|L^{-1}(x-\mu)\big\|^2\Big).$$
# Because $\Sigma^{-1} = L^{-\top}L^{-1}$, the exponent is $-\tfrac12(x-\mu)^\top\Sigma^{-1}(x-\mu)$,
# and $\det\Sigma = (\det L)^2$, so this is the familiar
# $$\log p(x) = -\tfrac12(x-\mu)^\top\Sigma^{-1}(x-\mu) - \tfrac12\log\det\Sigma - \tfrac d2\log(2\pi).$$
#
# **Which $L$?** Every symmetric positive definite $\Sigma$ has exactly one lower
# triangular $L$ with positive diagonal and $LL^\top = \Sigma$: its **Cholesky factor**
# (`np.linalg.cholesky`). It gives everything the density needs, cheaply and stably:
#
# - the quadratic form is $\|u\|^2$ where $u$ solves the triangular system $Lu = x-\mu$
#   (`scipy.linalg.solve_triangular(L, ..., lower=True)`), with no inverse formed;
# - $\det L = \prod_k L_{kk}$, so $\log\det\Sigma = 2\sum_k\log L_{kk}$, a sum of
#   logarithms that never under- or overflows. (`np.linalg.det` of a $50\times50$
#   covariance with variances $10^{-8}$ is $10^{-400}$: it underflows to 0 and its log
#   is `-inf`.)
# - It exists **only** for positive definite matrices: the factorisation fails exactly
#   when some pivot is $\le 0$. So `np.linalg.cholesky` is also the test of validity
#   (catch its `np.linalg.LinAlgError`).
#
# **Nearly singular covariances.** A covariance with eigenvalues from 1 down to
# $10^{-10}$ (condition number $10^{10}$: two nearly collinear features) is still
# positive definite, and the Cholesky route evaluates it to about $10^{-6}$ (the
# rounding of $\Sigma$'s entries, magnified by the condition number: no method can do
# better from the rounded matrix). Adding a "jitter" $10^{-6}I$ to the covariance, as
# some code does "for stability", changes the smallest variance from $10^{-10}$ to
# $10^{-6}$ and the log density by several nats: a different distribution. Don't.
#
# **What counts as a covariance** (in every function below that takes one):
#
# - a square 2-D array-like of finite numbers, $d \ge 1$;
# - **symmetric within $10^{-6}$, relative**: $\max_{ij}|\Sigma_{ij} - \Sigma_{ji}| \le
#   10^{-6}\max_{ij}|\Sigma_{ij}|$ (a matrix computed in floating point is rarely exactly
#   symmetric; `np.linalg.cholesky` reads only the lower triangle, so an asymmetric
#   matrix must be caught before it);
# - **positive definite**: the Cholesky factorisation succeeds.
#
# Otherwise raise `ValueError`. Write this once as the helper `cholesky_factor(cov)`
# below and use it in every function that takes a covariance. The helper is not graded
# by name; it is graded through the functions that use it (mostly through
# `mvn_logpdf`, whose checks try every kind of invalid covariance; the other functions'
# checks try one that is not positive definite).

# %% [markdown]
# ### Exercise 3: `mvn_logpdf(x, mean, cov)`
#
# Return $\log\mathcal N(x;\mu,\Sigma)$ in nats, via the Cholesky factor.
#
# - `mean` has shape `(d,)`, `cov` shape `(d, d)`; `x` is one point of shape `(d,)`
#   (return a `float`) or a batch of shape `(n, d)` (return an `np.ndarray` of shape
#   `(n,)`; `n = 1` gives shape `(1,)`).
# - Accurate for nearly singular covariances (condition number $\approx 10^{10}$) and
#   for covariances whose determinant under- or overflows, and finite far from the
#   mean: no `np.linalg.inv`, no `np.linalg.det`, no jitter, no `log(pdf)`.
# - Raise `ValueError` for an invalid covariance (see the rules above: not square, not
#   symmetric within 1e-6 relative, not positive definite, non-finite entries) and for
#   shapes that do not match (`mean` not `(d,)`, `x` not `(d,)` or `(n, d)`).

# %% nbgrader={"grade": false, "grade_id": "mvn_logpdf_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def cholesky_factor(cov):
    """Lower triangular L with L @ L.T == cov, for a valid covariance.

    cov : square array-like, symmetric within 1e-6 (relative), positive definite
    Raises ValueError otherwise.
    """
    cov = np.asarray(cov, dtype=float)             # only read: no copy needed
    if cov.ndim != 2 or cov.shape[0] != cov.shape[1] or cov.shape[0] == 0:
        raise ValueError(f"a covariance must be a non-empty square matrix, got shape {cov.shape}")
    if not np.all(np.isfinite(cov)):
        raise ValueError("the covariance has nan or infinite entries")
    if np.max(np.abs(cov - cov.T)) > 1e-6 * np.max(np.abs(cov)):
        raise ValueError("the covariance is not symmetric (within 1e-6, relative)")
    try:
        return np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ValueError("the covariance is not positive definite") from None


def mvn_logpdf(x, mean, cov):
    """Log density of N(mean, cov) at x (nats), via the Cholesky factor.

    x    : shape (d,) (one point -> float) or (n, d) (a batch -> array of shape (n,))
    mean : shape (d,);  cov : shape (d, d), symmetric positive definite
    Raises ValueError for an invalid covariance or mismatched shapes.
    """
    L = cholesky_factor(cov)
    d = len(L)
    mean = np.asarray(mean, dtype=float)           # read only: x - mean is a new array
    x = np.asarray(x, dtype=float)
    if mean.shape != (d,):
        raise ValueError(f"mean should have shape ({d},), got {mean.shape}")
    if x.ndim not in (1, 2) or x.shape[-1] != d:
        raise ValueError(f"x should have shape ({d},) or (n, {d}), got {x.shape}")
    u = scipy.linalg.solve_triangular(L, (x - mean).T, lower=True)   # L u = x - mean
    quad = np.sum(u * u, axis=0)
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    out = -0.5 * (quad + log_det + d * math.log(2 * math.pi))
    return float(out) if x.ndim == 1 else out


# %% nbgrader={"grade": true, "grade_id": "mvn_logpdf", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
mean_check = np.array([1.0, -2.0])
cov_check = np.array([[2.0, 1.2], [1.2, 1.0]])
x_check = np.array([[0.0, 0.0], [1.0, -2.0], [3.0, -1.0]])
assert np.allclose(mvn_logpdf(x_check, mean_check, cov_check),
                   scipy.stats.multivariate_normal(mean_check, cov_check).logpdf(x_check),
                   rtol=1e-10, atol=0), "a batch of three points under a correlated 2-D Gaussian"
assert isinstance(mvn_logpdf(x_check[0], mean_check, cov_check), float), "one point in, a float out"
assert mvn_logpdf(x_check[:1], mean_check, cov_check).shape == (1,), "a batch of one: shape (1,)"
assert abs(mvn_logpdf([0.0, 0.0, 0.0], [0.0, 0.0, 0.0], np.diag([1.0, 4.0, 9.0]))
           - (-1.5 * math.log(2 * math.pi) - math.log(6.0))) < 1e-12, \
    "at the mean of a diagonal Gaussian: -d/2 log(2 pi) - 1/2 log det, det = 36"
assert abs(mvn_logpdf(np.zeros(50), np.zeros(50), 1e-8 * np.eye(50))
           - (-25 * math.log(2 * math.pi) + 25 * math.log(1e8))) < 1e-8, \
    "det = 1e-400 underflows to 0: use log det = 2 sum log diag(L), not np.log(np.linalg.det(cov))"
cov_check = np.array([[1.0, 1.0 - 1e-9], [1.0 - 1e-9, 1.0]])     # eigenvalues 2 - 1e-9 and 1e-9
assert abs(mvn_logpdf([1e-5, -1e-5], [0.0, 0.0], cov_check)
           - -0.5 * (0.2 + math.log((2 - 1e-9) * 1e-9) + 2 * math.log(2 * math.pi))) < 1e-5, \
    "a nearly singular covariance (condition number 2e9): no jitter, the Cholesky factor copes"
for bad_check in ([[1.0, 2.0], [2.0, 1.0]], [[1.0, 0.5], [0.0, 1.0]]):
    try:
        mvn_logpdf([0.0, 0.0], [0.0, 0.0], bad_check)
    except ValueError:
        pass
    else:
        raise AssertionError(f"{bad_check} is no covariance (not positive definite, or not "
                             "symmetric): raise ValueError")


# %% [markdown]
# ## 4. Covariance geometry: ellipses and the Mahalanobis distance
#
# A symmetric positive definite $\Sigma$ has an orthonormal basis of eigenvectors:
# $\Sigma = Q\Lambda Q^\top$ with $Q^\top Q = I$ and $\Lambda = \operatorname{diag}(\lambda_1,
# \ldots,\lambda_d)$, all $\lambda_k > 0$. Then $\Sigma^{-1} = Q\Lambda^{-1}Q^\top$, and with
# the rotated coordinates $y = Q^\top(x-\mu)$,
# $$(x-\mu)^\top\Sigma^{-1}(x-\mu) = y^\top\Lambda^{-1}y = \sum_k \frac{y_k^2}{\lambda_k}.$$
#
# **Level sets are ellipses.** The density is constant where this quadratic form is
# constant, say $c^2$: $\sum_k y_k^2/\lambda_k = c^2$ is an ellipse (an ellipsoid in
# $d$ dimensions) centred at $\mu$, whose axes point along the eigenvectors $q_k$ with
# half-lengths $c\sqrt{\lambda_k}$. To draw it in 2-D, walk the unit circle
# $(\cos t, \sin t)$, stretch by $c\sqrt{\lambda_k}$ along each axis and rotate by $Q$:
# $x(t) = \mu + Q\,\operatorname{diag}(c\sqrt{\lambda})\,(\cos t, \sin t)^\top$.
#
# **The Mahalanobis distance** $D(x) = \sqrt{(x-\mu)^\top\Sigma^{-1}(x-\mu)}$ is the
# distance from the mean in units of standard deviations *along each axis*: the $c$ of
# the ellipse through $x$. Two points at the same Euclidean distance from $\mu$ can be
# very differently surprising: one along the long axis, one across the short axis.
# With the Cholesky factor, $D(x) = \|L^{-1}(x-\mu)\|$; $L^{-1}$ *whitens* the data
# (maps $\mathcal N(\mu,\Sigma)$ to $\mathcal N(0, I)$).
#
# **Its square is $\chi^2_d$.** If $x = \mu + Lz$ with $z\sim\mathcal N(0, I)$, then
# $L^{-1}(x - \mu) = z$, so $D(x)^2 = \|z\|^2 = z_1^2+\cdots+z_d^2$, a sum of $d$
# squared independent standard normals: the $\chi^2_d$ law, with mean $d$. So the
# ellipse $D = c$ holds probability $F_{\chi^2_d}(c^2)$: in 2-D,
# $1 - e^{-c^2/2}$, which is $39\%$ for $c = 1$, $86\%$ for $c = 2$ and $98.9\%$ for $c = 3$
# (not the 68-95-99.7 of one dimension). We use this law to test a sampler below.

# %% [markdown]
# ### Exercise 4: `mahalanobis(x, mean, cov)`
#
# Return $D(x) = \sqrt{(x-\mu)^\top\Sigma^{-1}(x-\mu)}$: the distance itself, not its
# square.
#
# - Shapes as in `mvn_logpdf`: `x` of shape `(d,)` gives a `float`, `(n, d)` an
#   `np.ndarray` of shape `(n,)`.
# - Use the Cholesky factor (accurate for nearly singular covariances).
# - Raise `ValueError` for an invalid covariance (use `cholesky_factor`) or mismatched
#   shapes.

# %% nbgrader={"grade": false, "grade_id": "mahalanobis_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mahalanobis(x, mean, cov):
    """Mahalanobis distance sqrt((x - mean)^T cov^{-1} (x - mean)).

    x : shape (d,) -> float, or (n, d) -> array of shape (n,)
    Raises ValueError for an invalid covariance or mismatched shapes.
    """
    L = cholesky_factor(cov)
    d = len(L)
    mean = np.asarray(mean, dtype=float)           # read only: x - mean is a new array
    x = np.asarray(x, dtype=float)
    if mean.shape != (d,):
        raise ValueError(f"mean should have shape ({d},), got {mean.shape}")
    if x.ndim not in (1, 2) or x.shape[-1] != d:
        raise ValueError(f"x should have shape ({d},) or (n, {d}), got {x.shape}")
    u = scipy.linalg.solve_triangular(L, (x - mean).T, lower=True)
    dist = np.sqrt(np.sum(u * u, axis=0))
    return float(dist) if x.ndim == 1 else dist


# %% nbgrader={"grade": true, "grade_id": "mahalanobis", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
cov_check = np.array([[4.0, 0.0], [0.0, 1.0]])
assert abs(mahalanobis([2.0, 0.0], [0.0, 0.0], cov_check) - 1.0) < 1e-12, \
    "2 units along an axis of standard deviation 2 is one standard deviation"
assert abs(mahalanobis([0.0, 2.0], [0.0, 0.0], cov_check) - 2.0) < 1e-12, \
    "2 units along an axis of standard deviation 1 is two: the distance, not its square (4)"
cov_check = np.array([[2.0, 1.2], [1.2, 1.0]])
x_check = np.array([[0.5, 1.0], [3.0, -1.0]])
assert np.allclose(mahalanobis(x_check, [1.0, 0.0], cov_check),
                   np.sqrt(np.einsum("ni,ij,nj->n", x_check - [1.0, 0.0], np.linalg.inv(cov_check),
                                     x_check - [1.0, 0.0])), rtol=1e-10, atol=0), \
    "a batch of two points under a correlated covariance: use the inverse's quadratic form"
assert isinstance(mahalanobis([0.5, 1.0], [1.0, 0.0], cov_check), float), "one point: a float"


# %% [markdown]
# ## 5. Entropy of the multivariate normal
#
# Average $-\log p(x)$ over $x \sim \mathcal N(\mu,\Sigma)$, using the log density of
# Section 3:
# $$h = \mathbb E\big[-\log p(x)\big]
#   = \tfrac12\,\mathbb E\big[D(x)^2\big] + \tfrac12\log\det\Sigma + \tfrac d2\log(2\pi).$$
# $D(x)^2$ is $\chi^2_d$, with mean $d$ (or directly: $\mathbb E[(x-\mu)^\top\Sigma^{-1}(x-\mu)]
# = \operatorname{tr}(\Sigma^{-1}\mathbb E[(x-\mu)(x-\mu)^\top]) = \operatorname{tr}(I) = d$).
# So
# $$h = \tfrac d2 + \tfrac d2\log(2\pi) + \tfrac12\log\det\Sigma
#   = \tfrac12\log\big((2\pi e)^d\det\Sigma\big) = \tfrac12\log\det(2\pi e\,\Sigma).$$
# Note the power $d$: $\det(c\Sigma) = c^d\det\Sigma$. For $d = 1$ this is the
# $\tfrac12\log(2\pi e\sigma^2)$ of Section 2. Only the determinant matters: rotating
# or shearing a Gaussian without changing the volume $\sqrt{\det\Sigma}$ of its
# ellipses leaves its entropy alone. (And by the same argument as in Section 2, the
# Gaussian has the largest entropy among all laws with covariance $\Sigma$.)

# %% [markdown]
# ### Exercise 5: `mvn_entropy(cov)`
#
# Return $h = \tfrac12\log\det(2\pi e\Sigma)$ of $\mathcal N(\mu,\Sigma)$ in **nats**, as
# a `float` (the mean does not matter).
#
# - Use the Cholesky factor for $\log\det\Sigma$: correct also when $\det\Sigma$ under-
#   or overflows (a covariance of about $60\times 60$ with variances $10^{-7}$ or $10^{7}$).
# - Raise `ValueError` for an invalid covariance (use `cholesky_factor`).

# %% nbgrader={"grade": false, "grade_id": "mvn_entropy_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mvn_entropy(cov):
    """Differential entropy (nats) of a Gaussian with covariance cov: log det(2 pi e cov) / 2."""
    L = cholesky_factor(cov)
    d = len(L)
    return float(0.5 * d * (1.0 + math.log(2 * math.pi)) + np.sum(np.log(np.diag(L))))


# %% nbgrader={"grade": true, "grade_id": "mvn_entropy", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(mvn_entropy([[1.0]]) - 0.5 * math.log(2 * math.pi * math.e)) < 1e-12, \
    "one dimension: h = log(2 pi e sigma^2) / 2"
cov_check = np.array([[2.0, 1.2], [1.2, 1.0]])
assert abs(mvn_entropy(cov_check) - scipy.stats.multivariate_normal(cov=cov_check).entropy()) < 1e-12, \
    "a correlated 2-D Gaussian (det = 0.56)"
assert abs(mvn_entropy(np.eye(3)) - 1.5 * math.log(2 * math.pi * math.e)) < 1e-12, \
    "three independent standard normals: three times the 1-D entropy (det(2 pi e I) = (2 pi e)^3)"
assert isinstance(mvn_entropy(np.eye(2)), float), "return a float"
assert abs(mvn_entropy(1e-8 * np.eye(50)) - 25 * (math.log(2 * math.pi * math.e) + math.log(1e-8))) < 1e-9, \
    "det = 1e-400 underflows to 0: log det = 2 sum log diag(L), not np.log(np.linalg.det(cov))"


# %% [markdown]
# ## 6. The KL divergence between two Gaussians, in closed form
#
# For $\mathcal N_0 = \mathcal N(\mu_0,\Sigma_0)$ and $\mathcal N_1 = \mathcal N(\mu_1,\Sigma_1)$
# in $d$ dimensions,
# $D_{\mathrm{KL}}(\mathcal N_0\,\|\,\mathcal N_1) = \mathbb E_0[\log p_0(x) - \log p_1(x)]$.
# Insert the log densities; the $\tfrac d2\log 2\pi$ terms cancel:
# $$D_{\mathrm{KL}} = \tfrac12\Big(\mathbb E_0\big[(x-\mu_1)^\top\Sigma_1^{-1}(x-\mu_1)\big]
#   - \mathbb E_0\big[(x-\mu_0)^\top\Sigma_0^{-1}(x-\mu_0)\big]
#   + \log\det\Sigma_1 - \log\det\Sigma_0\Big).$$
#
# **The trace trick.** A number is its own trace and $\operatorname{tr}(AB) =
# \operatorname{tr}(BA)$, so for any fixed $m$ and matrix $A$,
# $$\mathbb E_0\big[(x-m)^\top A(x-m)\big] = \operatorname{tr}\big(A\,\mathbb E_0[(x-m)(x-m)^\top]\big).$$
# Under $\mathcal N_0$, $\mathbb E_0[(x-\mu_0)(x-\mu_0)^\top] = \Sigma_0$, and writing
# $x - \mu_1 = (x-\mu_0) + (\mu_0-\mu_1)$ (the cross terms average to 0),
# $\mathbb E_0[(x-\mu_1)(x-\mu_1)^\top] = \Sigma_0 + (\mu_0-\mu_1)(\mu_0-\mu_1)^\top$. Hence
#
# - second term: $\operatorname{tr}(\Sigma_0^{-1}\Sigma_0) = d$;
# - first term: $\operatorname{tr}(\Sigma_1^{-1}\Sigma_0) + (\mu_1-\mu_0)^\top\Sigma_1^{-1}(\mu_1-\mu_0)$.
#
# $$\boxed{D_{\mathrm{KL}}(\mathcal N_0\,\|\,\mathcal N_1) = \tfrac12\Big(
#   \operatorname{tr}(\Sigma_1^{-1}\Sigma_0) + (\mu_1-\mu_0)^\top\Sigma_1^{-1}(\mu_1-\mu_0)
#   - d + \log\frac{\det\Sigma_1}{\det\Sigma_0}\Big)}$$
#
# Checks: with $\mathcal N_1 = \mathcal N_0$ the bracket is $d + 0 - d + 0 = 0$. In one
# dimension it is $\log\frac{\sigma_1}{\sigma_0} + \frac{\sigma_0^2 + (\mu_0-\mu_1)^2}{2\sigma_1^2}
# - \frac12$, the formula of assignment 02. Every inverse appears with $\Sigma_1$, the
# law we measure *against*; KL is not symmetric, and swapping the roles gives another
# number.
#
# **With Cholesky factors** $\Sigma_0 = L_0L_0^\top$, $\Sigma_1 = L_1L_1^\top$:
# $\operatorname{tr}(\Sigma_1^{-1}\Sigma_0) = \operatorname{tr}(L_1^{-\top}L_1^{-1}L_0L_0^\top)
# = \|L_1^{-1}L_0\|_F^2$ (the sum of squares of the entries of the triangular solve
# $L_1^{-1}L_0$), the quadratic form is $\|L_1^{-1}(\mu_1-\mu_0)\|^2$, and the log
# determinants are $2\sum\log$ of the diagonals.

# %% [markdown]
# ### Exercise 6: `kl_mvn(mu0, cov0, mu1, cov1)`
#
# Return $D_{\mathrm{KL}}(\mathcal N(\mu_0,\Sigma_0)\,\|\,\mathcal N(\mu_1,\Sigma_1))$ in
# **nats** as a `float`, with the closed form above.
#
# - `mu0`, `mu1` of shape `(d,)`, `cov0`, `cov1` of shape `(d, d)`, all the same `d`
#   (`d = 1` included); otherwise raise `ValueError`.
# - Accurate for covariances whose determinants under- or overflow (use log
#   determinants from the Cholesky factors, never a ratio of `np.linalg.det`) and for
#   nearly singular covariances (condition number $\approx 10^{10}$).
# - Raise `ValueError` for an invalid covariance (use `cholesky_factor`).
# - The result is $\ge 0$ and $0$ for identical laws, up to rounding (about $10^{-15}$);
#   don't clip it.

# %% nbgrader={"grade": false, "grade_id": "kl_mvn_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def kl_mvn(mu0, cov0, mu1, cov1):
    """KL(N(mu0, cov0) || N(mu1, cov1)) in nats, closed form via Cholesky factors."""
    L0 = cholesky_factor(cov0)
    L1 = cholesky_factor(cov1)
    d = len(L0)
    mu0 = np.asarray(mu0, dtype=float)
    mu1 = np.asarray(mu1, dtype=float)
    if len(L1) != d or mu0.shape != (d,) or mu1.shape != (d,):
        raise ValueError("mu0, cov0, mu1, cov1 must have shapes (d,), (d, d), (d,), (d, d)")
    A = scipy.linalg.solve_triangular(L1, L0, lower=True)          # L1^{-1} L0
    b = scipy.linalg.solve_triangular(L1, mu1 - mu0, lower=True)   # L1^{-1} (mu1 - mu0)
    trace = np.sum(A * A)
    quad = np.sum(b * b)
    log_det_ratio = 2.0 * (np.sum(np.log(np.diag(L1))) - np.sum(np.log(np.diag(L0))))
    return float(0.5 * (trace + quad - d + log_det_ratio))


# %% nbgrader={"grade": true, "grade_id": "kl_mvn", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
cov_check = np.array([[2.0, 1.2], [1.2, 1.0]])
assert abs(kl_mvn([1.0, 2.0], cov_check, [1.0, 2.0], cov_check)) < 1e-12, "KL(N || N) = 0"
assert abs(kl_mvn([0.0], [[1.0]], [1.0], [[4.0]])
           - (math.log(2.0) + (1.0 + 1.0) / 8.0 - 0.5)) < 1e-12, \
    "1-D: log(sigma1/sigma0) + (sigma0^2 + (mu0 - mu1)^2) / (2 sigma1^2) - 1/2"
assert abs(kl_mvn([0.0, 0.0], np.eye(2), [1.0, 0.0], cov_check) - 2.2815193238020974) < 1e-12, \
    "KL(N(0, I) || N([1, 0], [[2, 1.2], [1.2, 1]])): tr = 5.357, quad = 1.786, log det ratio = log 0.56"
assert abs(kl_mvn([1.0, 0.0], cov_check, [0.0, 0.0], np.eye(2)) - 1.2899092476264706) < 1e-12, \
    "the other direction, KL(N([1, 0], cov) || N(0, I)), is a different number: KL is not symmetric"
assert abs(kl_mvn(np.zeros(50), 1e-8 * np.eye(50), np.zeros(50), 2e-8 * np.eye(50))
           - 25 * (0.5 - 1 + math.log(2.0))) < 1e-9, \
    "determinants of 1e-400 and 2^50 1e-400 underflow: a ratio of np.linalg.det is 0 / 0"


# %% [markdown]
# ## 7. Sampling: $x = \mu + Lz$
#
# Section 3 read backwards is a sampler: draw $z \sim \mathcal N(0, I_d)$ (independent
# standard normals) and return $x = \mu + Lz$ with the Cholesky factor $L$. Its mean is
# $\mu$ and its covariance $LL^\top = \Sigma$, and an affine map of a Gaussian is
# Gaussian, so $x\sim\mathcal N(\mu,\Sigma)$. For $n$ samples at once, stack the $z$'s as
# the rows of an $n\times d$ matrix $Z$; each row $x_i^\top = \mu^\top + z_i^\top L^\top$,
# so $X = \mu + ZL^\top$ (**$L^\top$, not $L$**: $ZL$ would have covariance $L^\top L \ne \Sigma$).
#
# How do we know a sampler is right? Its output is random, so we test it like a
# statistician, with tests whose false-alarm rate we choose (here one in a million):
#
# - the sample mean $\bar x$ is $\mathcal N(\mu, \Sigma/n)$, so $n\,(\bar x-\mu)^\top
#   \Sigma^{-1}(\bar x-\mu)$ is $\chi^2_d$; the distance $\bar x$ may stray from $\mu$
#   shrinks like $1/\sqrt n$;
# - along any direction $a$, $\sum_i (a^\top(x_i-\mu))^2 / a^\top\Sigma a$ is $\chi^2_n$:
#   the spread is right in every direction;
# - the squared Mahalanobis distances $D(x_i)^2$ follow $\chi^2_d$ (a goodness-of-fit
#   test, Kolmogorov–Smirnov).

# %% [markdown]
# ### Exercise 7: `sample_mvn(mean, cov, n, rng)`
#
# Return an `np.ndarray` of shape `(n, d)` whose rows are independent samples of
# $\mathcal N(\mu,\Sigma)$, computed as $\mu + ZL^\top$ with the Cholesky factor.
#
# - `n` is a positive integer (`n = 1` included); `rng` is a `np.random.Generator`. Draw
#   every random number from `rng` (how: `rng.standard_normal`, `rng.normal`, in any
#   shape order, is your choice), so that the same generator state gives the same
#   samples; no global random state.
# - Raise `ValueError` for an invalid covariance (use `cholesky_factor`) or a `mean`
#   that is not of shape `(d,)`.
# - Graded statistically (the three tests above, each with a false-failure rate of
#   $10^{-6}$), and for reproducibility: two generators with the same seed give the
#   same samples, different seeds different ones.

# %% nbgrader={"grade": false, "grade_id": "sample_mvn_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sample_mvn(mean, cov, n, rng):
    """n samples of N(mean, cov) as the rows of an (n, d) array: mean + Z L^T."""
    L = cholesky_factor(cov)
    d = len(L)
    mean = np.asarray(mean, dtype=float)
    if mean.shape != (d,):
        raise ValueError(f"mean should have shape ({d},), got {mean.shape}")
    z = rng.standard_normal((n, d))
    return mean + z @ L.T


# %% nbgrader={"grade": true, "grade_id": "sample_mvn", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
mean_check = np.array([1.0, -1.0])
cov_check = np.array([[1.0, 0.9], [0.9, 4.0]])
x_check = sample_mvn(mean_check, cov_check, 20000, np.random.default_rng(0))
assert x_check.shape == (20000, 2), "n rows, one per sample, d columns"
assert np.allclose(x_check.mean(axis=0), mean_check, atol=0.1), \
    "the sample mean is within 0.1 of the mean (7 or more standard errors for n = 20000)"
assert np.allclose(np.cov(x_check.T), cov_check, rtol=0.1, atol=0.03), \
    ("the sample covariance is close to cov (7 or more standard errors for n = 20000): "
     "with mean + Z @ L (not L.T) it would be L^T L")
assert np.array_equal(sample_mvn(mean_check, cov_check, 5, np.random.default_rng(7)),
                      sample_mvn(mean_check, cov_check, 5, np.random.default_rng(7))), \
    "the same seed gives the same samples: use only rng"

# %% [markdown]
# **Seeing the geometry.** Samples of three 2-D Gaussians with the ellipses
# $D = 1, 2, 3$ drawn from the eigen-decomposition, the eigenvectors scaled by
# $\sqrt{\lambda_k}$ as arrows, and the fraction of samples inside each ellipse next to
# $F_{\chi^2_2}(c^2) = 1 - e^{-c^2/2}$. On the right, the histogram of squared
# Mahalanobis distances of 5-D samples against the $\chi^2_5$ density.

# %% tags=["demo"]
try:
    rng_demo = np.random.default_rng(3)
    covs = {"independent": np.diag([3.0, 0.5]),
            "correlated": np.array([[2.0, 1.5], [1.5, 2.0]]),
            "nearly singular": np.array([[1.0, 0.99], [0.99, 1.0]])}
    fig, axes = plt.subplots(1, 4, figsize=(16, 3.8))
    t = np.linspace(0, 2 * np.pi, 200)
    circle = np.stack([np.cos(t), np.sin(t)])
    for ax, (name, cov) in zip(axes, covs.items()):
        mean = np.zeros(2)
        pts = sample_mvn(mean, cov, 1500, rng_demo)
        lam, Q = np.linalg.eigh(cov)
        dist = mahalanobis(pts, mean, cov)
        ax.plot(pts[:, 0], pts[:, 1], ".", ms=2, alpha=0.3, color="C7")
        for c in (1, 2, 3):
            ellipse = Q @ (c * np.sqrt(lam)[:, None] * circle)
            inside = np.mean(dist <= c)
            ax.plot(ellipse[0], ellipse[1],
                    label=f"D={c}: {inside:.1%} (χ²: {1 - math.exp(-c * c / 2):.1%})")
        for k in range(2):
            ax.arrow(0, 0, *(np.sqrt(lam[k]) * Q[:, k]), width=0.03, color="k",
                     length_includes_head=True)
        ax.set(title=name, aspect="equal", xlim=(-6, 6), ylim=(-6, 6))
        ax.legend(fontsize=7, loc="lower right")
    cov5 = np.diag([1.0, 2.0, 0.5, 4.0, 1.0]) + 0.3
    d2 = mahalanobis(sample_mvn(np.zeros(5), cov5, 5000, rng_demo), np.zeros(5), cov5) ** 2
    grid = np.linspace(0, 25, 300)
    axes[3].hist(d2, bins=60, density=True, alpha=0.5, label="samples")
    axes[3].plot(grid, scipy.stats.chi2(5).pdf(grid), label="$\\chi^2_5$ density")
    axes[3].set(title="squared Mahalanobis, d = 5", xlabel="$D^2$")
    axes[3].legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement cholesky_factor, mahalanobis and sample_mvn to see these plots.")

# %% [markdown]
# The KL divergence between a Gaussian and a rotated copy of itself: zero when aligned,
# growing with the angle. Here it happens to be equal in both directions: the two laws
# have the same determinant (the log-determinant terms cancel), and in two dimensions
# that makes the traces agree too ($\Sigma^{-1} = \operatorname{adj}\Sigma/\det\Sigma$, and
# $\operatorname{tr}(\operatorname{adj}(B)A)$ is symmetric in $2\times2$ matrices $A, B$). In
# general KL is not symmetric (the visible checks of `kl_mvn` show a case). Shifting the mean instead
# costs $\tfrac12\Delta\mu^\top\Sigma_1^{-1}\Delta\mu$: cheap along the long axis,
# expensive across the short one.

# %% tags=["demo"]
try:
    cov_a = np.diag([4.0, 0.25])
    angles = np.linspace(0, np.pi, 61)
    fwd, rev = [], []
    for a in angles:
        R = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
        cov_b = R @ cov_a @ R.T
        cov_b = 0.5 * (cov_b + cov_b.T)
        fwd.append(kl_mvn(np.zeros(2), cov_a, np.zeros(2), cov_b))
        rev.append(kl_mvn(np.zeros(2), cov_b, np.zeros(2), cov_a))
    shifts = np.linspace(-3, 3, 61)
    along = [kl_mvn([s, 0.0], cov_a, [0.0, 0.0], cov_a) for s in shifts]
    across = [kl_mvn([0.0, s], cov_a, [0.0, 0.0], cov_a) for s in shifts]
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
    axes[0].plot(np.degrees(angles), fwd, label="KL(N_a || N_b)")
    axes[0].plot(np.degrees(angles), rev, "--", label="KL(N_b || N_a)")
    axes[0].set(xlabel="rotation angle (degrees)", ylabel="nats", title="rotating a Gaussian")
    axes[0].legend()
    axes[1].plot(shifts, along, label="shift along the long axis (sd 2)")
    axes[1].plot(shifts, across, label="shift across the short axis (sd 0.5)")
    axes[1].set(xlabel="shift of the mean", ylabel="nats", yscale="log", ylim=(1e-4, 1e2),
                title="moving the mean")
    axes[1].legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement kl_mvn above to see these plots.")

# %% [markdown]
# ## Summary
#
# - At a fixed variance the Gaussian has the largest differential entropy,
#   $\tfrac12\log(2\pi e\sigma^2)$: $0.072$ nats more than the Laplace law and $0.176$ more
#   than the uniform law of the same variance, whatever the variance.
# - $x = \mu + Lz$ builds $\mathcal N(\mu, LL^\top)$; the Cholesky factor gives the log
#   density through a triangular solve and $\log\det\Sigma = 2\sum\log L_{kk}$, and its
#   failure is the test of positive definiteness.
# - The eigen-decomposition draws the ellipses; the Mahalanobis distance is the ellipse
#   you are on, and its square is $\chi^2_d$ for samples of the law.
# - $h = \tfrac12\log\det(2\pi e\Sigma)$, and
#   $D_{\mathrm{KL}}(\mathcal N_0\|\mathcal N_1) = \tfrac12[\operatorname{tr}(\Sigma_1^{-1}\Sigma_0)
#   + \Delta\mu^\top\Sigma_1^{-1}\Delta\mu - d + \log\frac{\det\Sigma_1}{\det\Sigma_0}]$.
#
# Next: the ELBO and the VAE (assignment 04), where this KL is the regulariser.
