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
# # 04 · Variational inference and the VAE
#
# *Machine Learning from an Information-Theoretic Perspective*
#
# A generative model with a hidden cause $z$ explains an observation $x$ by
# $p(x) = \int p(z)\,p(x \mid z)\,dz$. Learning such a model and reading its hidden
# cause off an image both need the **posterior** $p(z \mid x)$, and for any model
# worth having that posterior cannot be computed. This notebook builds, from first
# principles, the way around that problem which powers the variational autoencoder:
#
# 1. why the posterior is intractable;
# 2. the **evidence lower bound** (ELBO), derived twice: with Jensen's inequality and
#    as the exact identity $\log p(x) = \text{ELBO} + \mathrm{KL}(q \,\|\, p(z\mid x))$;
# 3. a model with a finite latent space, where every quantity is exact and the
#    identity can be checked to the last digit;
# 4. the Gaussian encoder, the **reparameterisation trick** and the closed-form KL
#    divergence between diagonal Gaussians;
# 5. a stable Bernoulli decoder, the ELBO of a VAE, and training one on handwritten digits;
# 6. the **information-bottleneck** reading: rate (the KL term) against distortion
#    (the reconstruction term);
# 7. the importance-weighted bound $\text{ELBO} \le \text{IWAE}_K \le \log p(x)$.
#
# You implement ten exercises (each section below says what its exercise must do):
#
# | # | exercise | points | what it is |
# | --- | --- | --- | --- |
# | 1 | `log_evidence(prior, likelihood_x)` | 2 | $\log p(x)$ of a finite latent model, in log space |
# | 2 | `discrete_elbo(q, prior, likelihood_x)` | 3 | the ELBO of the finite model |
# | 3 | `reparameterize(mu, logvar, eps)` | 2 | $z = \mu + e^{\text{logvar}/2}\varepsilon$ |
# | 4 | `kl_standard_normal(mu, logvar)` | 2 | $\mathrm{KL}(q \,\|\, \mathcal{N}(0, I))$ per example |
# | 5 | `gaussian_kl(mu_q, logvar_q, mu_p, logvar_p)` | 3 | KL between diagonal Gaussians per example |
# | 6 | `bernoulli_log_likelihood(x, logits)` | 3 | $\log p(x \mid z)$ from logits, stable |
# | 7 | `elbo(x, logits, mu, logvar)` | 2 | the one-sample ELBO per example |
# | 8 | `VAE(input_dim, hidden_dim, latent_dim)` | 4 | the model: `encode`, `decode`, `forward`, `loss` |
# | 9 | `train_vae(model, data, epochs, lr, generator)` | 3 | training with sampled codes, Adam |
# | 10 | `iwae_bound(log_weights)` | 3 | the importance-weighted bound |
# | | **total** | **27** | |
#
# **Conventions** (they hold for every exercise; the exercises below refer to them).
#
# * Everything is in **nats** (natural logarithms).
# * PyTorch exercises accept and return tensors, keep the input's dtype (float32 in,
#   float32 out; the grader works in float64), stay differentiable (no `.item()`, no
#   NumPy round trips), and are computed **per example**: one value per row, summed
#   over the last (pixel or latent) dimension, a tensor of shape `(batch,)`. Extra
#   leading dimensions are allowed and kept: inputs of shape `(S, batch, D)` (say `S`
#   samples per example, as in the IWAE section) give shape `(S, batch)`, so sum over
#   `dim=-1`, not `dim=1`.
# * The finite-latent exercises take array-likes (lists, tuples, arrays) and return
#   Python floats.
# * **Inputs are never modified**: no in-place edits (`x.add_(...)`, `x[...] = ...`,
#   `x /= ...`) of any argument, tensor or array; `train_vae` trains the model in place but
#   leaves `data` as it was. The hidden tests compare every argument after the call.
# * **Finite at large inputs**: where a nonlinearity meets extreme values the answer is
#   what the mathematics says, never a `nan` or an overflow to `inf`: `bernoulli_log_likelihood`
#   with logits at $\pm 1000$ and `iwae_bound` with log weights at $\pm 1000$ are graded.
#   (An infinite answer is right only where the value itself is infinite, as the
#   $\log p(x) = -\infty$ of an impossible $x$.)
# * Randomness comes only from an explicit `eps` tensor or `generator`.
#
# Every exercise has a solution cell and a test cell. The visible asserts in the
# test cell are a first sanity check; the hidden tests draw random inputs, edge cases
# and gradients, and tell you which known mistake an answer looks like. The course's
# grader (`python -m autograder`) draws a fresh seed for every run and records it;
# nbgrader's `autograde` uses one fixed seed (`course_config.NBGRADER_SEED`). If a visible
# assert fails, nbgrader scores that exercise 0; the course's grader reports the failure
# and scores the hidden checks alone.

# %%
import math

import numpy as np
import scipy.special
import scipy.stats
import torch
import torch.nn.functional as F
from torch import nn
from sklearn.datasets import load_digits

torch.set_num_threads(1)   # the models here are tiny: one thread is fastest (no thread sync)
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. Latent-variable models and the intractable posterior
#
# A latent-variable model describes how data could have been produced: first draw a
# hidden code $z$ from a prior $p(z)$, then draw the observation from a likelihood
# $p_\theta(x \mid z)$ (for us: a neural network, the *decoder*, with parameters
# $\theta$). The joint density is $p_\theta(x, z) = p(z)\,p_\theta(x \mid z)$.
#
# Two quantities matter:
#
# * the **evidence** (marginal likelihood) of an observation,
#   $$p_\theta(x) = \int p(z)\,p_\theta(x \mid z)\,dz ,$$
#   which maximum-likelihood learning wants to make large: $-\log p_\theta(x)$ is
#   the number of nats an ideal code built from the model spends on $x$;
# * the **posterior** over codes given the observation, by Bayes' rule
#   $$p_\theta(z \mid x) = \frac{p(z)\,p_\theta(x \mid z)}{p_\theta(x)} ,$$
#   which says which hidden causes explain $x$.
#
# Both hinge on the same integral. With a neural decoder it has no closed form.
# Numerical quadrature with $m$ points per axis costs $m^d$ decoder calls for a
# $d$-dimensional $z$: $100^2 = 10^4$ per image for $d = 2$, $10^{40}$ for $d = 20$.
# Plain Monte Carlo from the prior, $p(x) \approx \frac1S\sum_s p(x \mid z_s)$ with
# $z_s \sim p(z)$, is unbiased but nearly useless: almost no code drawn from the
# prior explains a *particular* image, so the sum is dominated by rare lucky
# draws and its variance is enormous. The posterior inherits the problem through
# its normaliser $p_\theta(x)$.
#
# **Variational inference** turns the integral into an optimisation. Choose a
# family of tractable distributions $q(z)$ (for a VAE: a Gaussian whose mean and
# variance a second network, the *encoder*, reads off $x$) and look for the member
# closest to the posterior. The quantity that makes this possible is the ELBO.
#
# ## 2. The evidence lower bound, derived two ways
#
# Fix an observation $x$ and let $q(z)$ be any distribution with $q(z) > 0$
# wherever $p(z \mid x) > 0$.
#
# ### Route 1: Jensen's inequality
# Multiply and divide by $q$ inside the integral, so it becomes an expectation
# under $q$:
# $$\log p(x) = \log \int q(z)\,\frac{p(x, z)}{q(z)}\,dz
#   = \log \mathbb{E}_{q}\!\left[\frac{p(x, z)}{q(z)}\right].$$
# The logarithm is concave, so by Jensen's inequality $\log \mathbb{E}[W] \ge
# \mathbb{E}[\log W]$ for any positive random variable $W$:
# $$\log p(x) \;\ge\; \mathbb{E}_{q}\!\left[\log \frac{p(x, z)}{q(z)}\right]
#   = \mathbb{E}_q[\log p(x, z)] - \mathbb{E}_q[\log q(z)]
#   \;=:\; \mathcal{L}(q).$$
# This is the **ELBO**. Jensen's inequality is an equality exactly when $W$ is
# constant, i.e. when $p(x, z)/q(z)$ does not depend on $z$: $q(z) \propto p(x, z)$,
# which after normalisation is $q(z) = p(z \mid x)$.
#
# ### Route 2: an exact identity
# For every $z$, Bayes' rule gives $\log p(x) = \log p(x, z) - \log p(z \mid x)$.
# The left side does not depend on $z$, so it equals its own average under $q$.
# Add and subtract $\log q(z)$ inside that average:
# $$\log p(x) = \mathbb{E}_q\big[\log p(x, z) - \log q(z)\big]
#   + \mathbb{E}_q\big[\log q(z) - \log p(z \mid x)\big]
#   = \mathcal{L}(q) + \mathrm{KL}\big(q(z) \,\|\, p(z \mid x)\big).$$
# Route 1 only said there is a gap; route 2 says what it is: the **gap is exactly
# the KL divergence from $q$ to the true posterior**. Three consequences:
#
# * $\mathrm{KL} \ge 0$ (Gibbs' inequality) gives $\mathcal{L}(q) \le \log p(x)$ again,
#   with equality if and only if $q = p(z \mid x)$;
# * $\log p(x)$ does not depend on $q$, so **maximising the ELBO over $q$ is the same
#   as minimising $\mathrm{KL}(q \,\|\, p(z\mid x))$**, a divergence to a posterior we
#   cannot even evaluate;
# * maximising the ELBO over the decoder's $\theta$ pushes $\log p_\theta(x)$ up
#   (or the gap down): one objective trains both networks.
#
# The KL here is in the *reverse* direction, $q$ first: it averages $\log(q/p)$
# under $q$, so it is infinite when $q$ puts mass where the posterior has none
# (q must stay inside the posterior's support), and it tends to pick one mode of a
# multi-modal posterior rather than cover all of them.
#
# ### A third form: reconstruction minus rate
# Split the joint, $\log p(x, z) = \log p(x \mid z) + \log p(z)$, and regroup:
# $$\mathcal{L}(q) = \underbrace{\mathbb{E}_q[\log p(x \mid z)]}_{\text{reconstruction}}
#   \;-\; \underbrace{\mathrm{KL}\big(q(z) \,\|\, p(z)\big)}_{\text{KL to the prior}} .$$
# The first term rewards codes from which $x$ can be reconstructed; the second
# charges for how far the code distribution moves away from the prior. This is
# the form a VAE computes, and the one section 8 reads as rate and distortion.
# Why the charge is a divergence *to the prior* is derived in section 8 as well: the
# prior is where the codes of new images come from.

# %% [markdown]
# ## 3. A model with a finite latent space
#
# Before neural networks, take a model where everything is computable: the
# latent variable takes $K$ values, $z \in \{0, \dots, K-1\}$, with prior
# $p(z = k)$ and likelihood $p(x \mid z = k)$ of the one observation $x$ at hand.
# The integral becomes a sum of $K$ terms:
# $$\log p(x) = \log \sum_{k} p(z=k)\,p(x \mid z=k).$$
#
# **Work in log space.** The likelihood of an image is a product over its pixels:
# for 64 binary pixels, $p(x \mid z)$ is typically $e^{-20}$ to $e^{-100}$, and for
# larger images, or for a latent value that explains the image badly, it drops below
# the smallest positive float64 ($\approx 5\cdot 10^{-324} = e^{-744}$). Multiplying
# prior by likelihood and summing then *underflows*: the products become subnormal
# (with few significant bits) or exactly $0$, and the log of the sum is wrong or
# $-\infty$. Write $a_k = \log p(z=k) + \log p(x \mid z=k)$
# and factor out the largest term $m = \max_k a_k$:
# $$\log \sum_k e^{a_k} = m + \log \sum_k e^{a_k - m}.$$
# Every $e^{a_k - m}$ lies in $[0, 1]$ and one of them is $1$, so nothing over- or
# underflows. This is `scipy.special.logsumexp`. Terms with $p(z=k)\,p(x\mid z=k)
# = 0$ have $a_k = -\infty$ and contribute $e^{-\infty} = 0$; if *all* of them do,
# $x$ is impossible under the model and $\log p(x) = -\infty$.
#
# **Input contract** (both functions below): `prior` is a PMF (non-negative, sums
# to 1 within `1e-6`), `likelihood_x` holds values $p(x \mid z=k) \ge 0$, finite (a
# probability, or a density for continuous $x$, so values above 1 are allowed),
# as small as `1e-323`; all are one-dimensional of the same length. Anything
# else raises `ValueError` with a message saying what is wrong.

# %% [markdown]
# ### Exercise 1: `log_evidence(prior, likelihood_x)` (2 points)
#
# Return $\log p(x) = \log \sum_k p(z=k)\,p(x \mid z=k)$ as a Python `float`, computed in
# log space (`-math.inf` when no latent value can produce $x$). Follow the input contract
# above: invalid input raises `ValueError`. Tiny likelihoods (down to `1e-323`, subnormal
# floats) must come out right. Conventions: see the introduction.

# %% nbgrader={"grade": false, "grade_id": "log_evidence_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def log_evidence(prior, likelihood_x):
    """log p(x) = log sum_k prior[k] * likelihood_x[k], in nats (a float).

    prior: PMF over the K latent values. likelihood_x: p(x | z=k) >= 0, shape (K,).
    Returns -inf when no latent value can produce x.
    """
    prior = _as_pmf(prior, "prior")
    likelihood = _as_likelihood(likelihood_x, prior.shape)
    with np.errstate(divide="ignore"):
        log_joint = np.log(prior) + np.log(likelihood)
    return float(scipy.special.logsumexp(log_joint))


def _as_vector(values, name):
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a one-dimensional array of numbers") from None
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty one-dimensional array, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains nan or infinite values")
    if np.any(array < 0):
        raise ValueError(f"{name} contains negative values: {array[array < 0]}")
    return array


def _as_pmf(p, name):
    p = _as_vector(p, name)
    if abs(p.sum() - 1.0) > 1e-6:
        raise ValueError(f"{name} must sum to 1 (within 1e-6), it sums to {p.sum():.8g}")
    return p


def _as_likelihood(likelihood, shape):
    likelihood = _as_vector(likelihood, "likelihood_x")
    if likelihood.shape != shape:
        raise ValueError(f"likelihood_x has shape {likelihood.shape}, the prior has shape {shape}")
    return likelihood


# %% nbgrader={"grade": true, "grade_id": "log_evidence", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(log_evidence([0.5, 0.5], [0.2, 0.6]) - math.log(0.4)) < 1e-12, \
    "p(x) = 0.5 * 0.2 + 0.5 * 0.6 = 0.4"
assert log_evidence([1.0, 0.0], [0.0, 0.7]) == -math.inf, \
    "the only latent value with prior mass cannot produce x: log p(x) = -inf"
tiny_check = [3e-321, 1e-320]        # subnormal floats, with only a few significant bits
exact_check = (math.log(0.3 * (tiny_check[0] * 2.0**1000) + 0.7 * (tiny_check[1] * 2.0**1000))
               - 1000 * math.log(2))
assert abs(log_evidence([0.3, 0.7], tiny_check) - exact_check) < 1e-9, \
    "tiny likelihoods: multiplying and summing in linear space loses precision; use logsumexp"
try:
    log_evidence([0.5, 0.6], [0.1, 0.1])
except ValueError:
    pass
else:
    raise AssertionError("a prior that sums to 1.1 is not a PMF: raise ValueError")


# %% [markdown]
# ### The ELBO of the finite model
#
# With a variational PMF $q(k)$ over the $K$ latent values, the ELBO is a finite sum:
# $$\mathcal{L}(q) = \sum_k q(k)\,\big[\log p(z=k) + \log p(x \mid z=k) - \log q(k)\big].$$
# Two conventions follow from the limits, not from taste:
#
# * **$0 \log 0 = 0$.** A latent value with $q(k) = 0$ contributes nothing, *whatever*
#   the prior and likelihood say there (since $q \log q \to 0$ and $q \cdot
#   \text{anything finite} \to 0$). In particular $q$ may be zero where
#   $p(z=k)\,p(x\mid z=k) = 0$: the exact posterior is zero there. Computing
#   `q * (log prior + log lik - log q)` naively gives `0 * (-inf + inf) = nan` in
#   exactly that case; sum only over the support of $q$.
# * **$q(k) > 0$ where $p(z=k)\,p(x \mid z=k) = 0$ gives $-\infty$.** $q$ claims $x$
#   may have come from a value that cannot produce it; the KL to the posterior is
#   infinite, and so is the (negative) gap.
#
# `q` must be a PMF of the same length as the prior (else `ValueError`).
# By section 2, $\log p(x) - \mathcal{L}(q) = \mathrm{KL}(q \,\|\, p(z \mid x))$,
# where the posterior is $p(z=k \mid x) = p(z=k)\,p(x \mid z=k)/p(x)$. The hidden
# tests check this identity on your function.

# %% [markdown]
# ### Exercise 2: `discrete_elbo(q, prior, likelihood_x)` (3 points)
#
# Return $\mathcal{L}(q) = \sum_k q(k)\,[\log p(z=k) + \log p(x \mid z=k) - \log q(k)]$ as a
# Python `float`: terms with $q(k) = 0$ contribute $0$ (no `nan`), and $-\infty$ when $q$
# puts mass where $p(z=k)\,p(x \mid z=k) = 0$. `q` must be a PMF of the prior's length
# (else `ValueError`; the input contract of `log_evidence` applies to `prior` and
# `likelihood_x`). Conventions: see the introduction.

# %% nbgrader={"grade": false, "grade_id": "discrete_elbo_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def discrete_elbo(q, prior, likelihood_x):
    """ELBO of a finite latent model, in nats (a float).

    q: variational PMF over the K latent values; prior: PMF p(z=k);
    likelihood_x: p(x | z=k) >= 0, shape (K,).
    """
    prior = _as_pmf(prior, "prior")
    q = _as_pmf(q, "q")
    if q.shape != prior.shape:
        raise ValueError(f"q has shape {q.shape}, the prior has shape {prior.shape}")
    likelihood = _as_likelihood(likelihood_x, prior.shape)
    support = q > 0                      # 0 log 0 = 0: only the support of q counts
    qs = q[support]
    with np.errstate(divide="ignore"):
        log_joint = np.log(prior[support]) + np.log(likelihood[support])
    return float(np.sum(qs * (log_joint - np.log(qs))))


# %% nbgrader={"grade": true, "grade_id": "discrete_elbo", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
prior_check, lik_check = np.array([0.3, 0.7]), np.array([0.5, 0.1])
post_check = prior_check * lik_check / np.sum(prior_check * lik_check)
assert abs(discrete_elbo(post_check, prior_check, lik_check) - math.log(0.22)) < 1e-12, \
    "at q = posterior the ELBO equals log p(x) = log(0.3*0.5 + 0.7*0.1)"
assert discrete_elbo([0.5, 0.5], prior_check, lik_check) < math.log(0.22), \
    "the ELBO is a lower bound"
assert abs(discrete_elbo([1.0, 0.0], prior_check, lik_check) - math.log(0.3 * 0.5)) < 1e-12, \
    "q concentrated on z=0: ELBO = log p(z=0) + log p(x|z=0) (the q=0 term contributes 0)"
assert discrete_elbo([0.5, 0.5], [1.0, 0.0], [0.5, 0.5]) == -math.inf, \
    "q puts mass on a latent value with zero prior probability: -inf"
try:
    discrete_elbo([0.7, 0.7], prior_check, lik_check)
except ValueError:
    pass
else:
    raise AssertionError("q = [0.7, 0.7] is not a PMF: raise ValueError")

# %% [markdown]
# ### Demo: which digit wrote this image?
#
# The digits data set bundled with scikit-learn has 1797 images of $8 \times 8$
# pixels with intensities $0..16$. We **binarise** them: a pixel is on ($x_d = 1$)
# when its intensity is at least 8 (half of the maximum), off otherwise.
#
# A finite latent model of these images: the hidden variable is the digit
# class $z \in \{0, \dots, 9\}$, the prior is the class frequency, and given the class
# the 64 pixels are independent Bernoulli variables whose "on" probabilities are
# the class's pixel frequencies (with add-one smoothing, so no probability is
# exactly 0 or 1). For one image we can compute the exact posterior over classes
# and the exact $\log p(x)$, and watch the ELBO approach it as $q$ slides from the
# uniform PMF to the posterior along $q_t = (1-t)\,\text{uniform} + t\,p(z \mid x)$.
# The gap $\log p(x) - \mathcal{L}(q_t)$ and $\mathrm{KL}(q_t \,\|\, p(z\mid x))$ are
# computed independently; they coincide, and both reach 0 at $t = 1$.

# %%
digits = load_digits()
X = torch.tensor(digits.data >= 8, dtype=torch.float32)   # (1797, 64) binary pixels
labels = digits.target                                    # digit classes, for plots only

# %% tags=["demo"]
import matplotlib.pyplot as plt

try:
    _Xn = X.numpy().astype(float)
    _class_prior = np.bincount(labels, minlength=10) / len(labels)
    _theta = np.stack([(_Xn[labels == k].sum(0) + 1) / ((labels == k).sum() + 2) for k in range(10)])
    _index = 24                      # an image the model finds ambiguous
    _image = _Xn[_index]
    _lik_image = np.exp((_image * np.log(_theta) + (1 - _image) * np.log1p(-_theta)).sum(1))
    _logpx = log_evidence(_class_prior, _lik_image)
    _posterior = np.exp(np.log(_class_prior) + np.log(_lik_image) - _logpx)

    _ts = np.linspace(0, 1, 41)
    _uniform = np.full(10, 0.1)
    _gaps = [_logpx - discrete_elbo((1 - t) * _uniform + t * _posterior, _class_prior, _lik_image) for t in _ts]
    _kls = [scipy.stats.entropy((1 - t) * _uniform + t * _posterior, _posterior) for t in _ts]

    fig, axes = plt.subplots(1, 3, figsize=(12, 3.2))
    axes[0].imshow(_image.reshape(8, 8), cmap="gray_r")
    axes[0].set_title(f"binarised image (label {labels[_index]})")
    axes[0].axis("off")
    axes[1].bar(range(10), _posterior)
    axes[1].set_xticks(range(10))
    axes[1].set_title(f"posterior p(z | x); log p(x) = {_logpx:.2f} nats")
    axes[2].plot(_ts, _gaps, lw=3, label="log p(x) - ELBO(q_t)")
    axes[2].plot(_ts, _kls, "k--", label="KL(q_t || posterior)")
    axes[2].set_xlabel("t  (q_t = (1-t) uniform + t posterior)")
    axes[2].set_ylabel("nats")
    axes[2].legend()
    axes[2].set_title("the gap is the KL to the posterior")
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print('Implement log_evidence and discrete_elbo above to see this plot.')

# %% [markdown]
# ## 4. The Gaussian encoder and the reparameterisation trick
#
# A VAE uses an **amortised** variational family: instead of optimising a separate
# $q$ for every image, an encoder network maps each $x$ to the parameters of a
# diagonal Gaussian,
# $$q_\phi(z \mid x) = \mathcal{N}\big(z;\ \mu_\phi(x),\ \mathrm{diag}\,\sigma^2_\phi(x)\big).$$
# The encoder outputs the **log-variance** $\text{logvar} = \log \sigma^2$ rather than
# $\sigma$: a linear layer can output any real number, and $\sigma^2 = e^{\text{logvar}}$
# is then automatically positive. Keep the conversions straight:
# $$\sigma^2 = e^{\text{logvar}}, \qquad \sigma = e^{\text{logvar}/2}.$$
#
# **The problem.** Training needs $\nabla_\phi\, \mathbb{E}_{q_\phi(z\mid x)}[f(z)]$ with
# $f(z) = \log p_\theta(x \mid z)$. The distribution we average over depends on
# $\phi$; a sample $z$ drawn from it is just a number, and backpropagation cannot
# ask "how would this number have changed had $\mu$ been different?". (The
# score-function estimator $\mathbb{E}_q[f(z)\,\nabla_\phi \log q_\phi(z)]$ answers
# the question without differentiating $f$, but its variance is large.)
#
# **The trick.** Move the randomness out of the parameters. Draw
# $\varepsilon \sim \mathcal{N}(0, I)$, which does not depend on $\phi$, and set
# $$z = \mu + \sigma \odot \varepsilon = \mu + e^{\text{logvar}/2} \odot \varepsilon .$$
# This $z$ has exactly the distribution $\mathcal{N}(\mu, \mathrm{diag}\,\sigma^2)$
# (a shifted and scaled standard normal). Now the expectation is over a fixed
# distribution, so the gradient moves inside it:
# $$\nabla_\phi\,\mathbb{E}_{q_\phi}[f(z)] = \nabla_\phi\,\mathbb{E}_{\varepsilon}\big[f(\mu_\phi + \sigma_\phi \odot \varepsilon)\big]
#   = \mathbb{E}_{\varepsilon}\big[\nabla_z f(z)\; \tfrac{\partial z}{\partial \phi}\big],$$
# and $z$ is a differentiable function of $(\mu, \text{logvar})$ with
# $$\frac{\partial z_j}{\partial \mu_j} = 1, \qquad
#   \frac{\partial z_j}{\partial\, \text{logvar}_j} = \tfrac12\, e^{\text{logvar}_j/2}\, \varepsilon_j .$$
# A single $\varepsilon$ per example already gives an unbiased, low-variance gradient
# estimate; autograd does the chain rule. The noise enters as an explicit argument
# `eps`, so the same call always gives the same answer.

# %% [markdown]
# ### Exercise 3: `reparameterize(mu, logvar, eps)` (2 points)
#
# Return $z = \mu + e^{\text{logvar}/2} \odot \varepsilon$ for tensors of one shape, in the
# input's dtype, differentiable in `mu` and `logvar`. Conventions: see the introduction.

# %% nbgrader={"grade": false, "grade_id": "reparameterize_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def reparameterize(mu, logvar, eps):
    """z = mu + exp(logvar / 2) * eps, differentiable in mu and logvar.

    mu, logvar, eps: tensors of the same shape (batch, latent); same dtype out.
    """
    return mu + torch.exp(0.5 * logvar) * eps


# %% nbgrader={"grade": true, "grade_id": "reparameterize", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
mu_check = torch.tensor([[0.0, 1.0]])
logvar_check = torch.tensor([[math.log(4.0), 0.0]])          # variances 4 and 1: sigmas 2 and 1
eps_check = torch.tensor([[1.0, -1.0]])
z_check = reparameterize(mu_check, logvar_check, eps_check)
assert torch.allclose(z_check, torch.tensor([[2.0, 0.0]])), \
    "sigma = exp(logvar / 2): variance 4 means sigma 2, so z = 0 + 2 * 1 = 2"
assert z_check.dtype == torch.float32, "keep the input dtype"
mu64_check = mu_check.double().requires_grad_()
reparameterize(mu64_check, logvar_check.double(), eps_check.double()).sum().backward()
assert mu64_check.grad is not None \
    and torch.allclose(mu64_check.grad, torch.ones_like(mu64_check)), \
    "dz/dmu = 1: gradients must flow through the sample"

# %% [markdown]
# ### Demo: two gradient estimators
#
# Take $z \sim \mathcal{N}(\mu, 1)$ and $f(z) = z^2$, so $\mathbb{E}[f] = \mu^2 + 1$ and
# the true gradient is $2\mu$. The score-function estimator averages
# $f(z)\,\partial_\mu \log q(z) = z^2 (z - \mu)$; the reparameterised one averages
# $\partial_\mu f(\mu + \varepsilon) = 2(\mu + \varepsilon)$. Both are unbiased; compare
# their spreads.

# %% tags=["demo"]
try:
    _gen = torch.Generator().manual_seed(0)
    _n = 100_000
    _mu_demo = torch.full((_n,), 1.5, dtype=torch.float64, requires_grad=True)   # one copy of mu per sample
    _eps_demo = torch.randn(_n, generator=_gen, dtype=torch.float64)
    _z = reparameterize(_mu_demo, torch.zeros(_n, dtype=torch.float64), _eps_demo)
    # autograd through the sample: the i-th entry is d f(z_i) / d mu = 2 z_i
    _reparam_samples = torch.autograd.grad(_z.pow(2).sum(), _mu_demo)[0]
    _zd = _z.detach()
    _score_samples = _zd ** 2 * (_zd - 1.5)                 # f(z) * d log q(z) / d mu
    print(f"true gradient             : {2 * 1.5:.3f}")
    print(f"reparameterised           : mean {_reparam_samples.mean():.3f}, std per sample {_reparam_samples.std():.2f}")
    print(f"score function (REINFORCE): mean {_score_samples.mean():.3f}, std per sample {_score_samples.std():.2f}")
except NotImplementedError:
    print('Implement reparameterize above to compare the two estimators.')

# %% [markdown]
# ## 5. KL divergence between diagonal Gaussians
#
# The second term of the ELBO needs $\mathrm{KL}(q \,\|\, p)$ between Gaussians,
# which has a closed form: no sampling, no variance.
#
# **One dimension.** Let $q = \mathcal{N}(\mu_q, \sigma_q^2)$ and $p = \mathcal{N}(\mu_p, \sigma_p^2)$.
# The log densities are $\log q(z) = -\tfrac12 \log(2\pi\sigma_q^2) - \frac{(z-\mu_q)^2}{2\sigma_q^2}$
# and the same with $p$. Then
# $$\mathrm{KL}(q\,\|\,p) = \mathbb{E}_q[\log q(z) - \log p(z)]
#   = \tfrac12 \log\frac{\sigma_p^2}{\sigma_q^2}
#     - \frac{\mathbb{E}_q[(z-\mu_q)^2]}{2\sigma_q^2}
#     + \frac{\mathbb{E}_q[(z-\mu_p)^2]}{2\sigma_p^2} .$$
# Two expectations remain. $\mathbb{E}_q[(z-\mu_q)^2] = \sigma_q^2$ by definition of the
# variance. Writing $z - \mu_p = (z - \mu_q) + (\mu_q - \mu_p)$ and expanding, the cross
# term averages to zero, so $\mathbb{E}_q[(z-\mu_p)^2] = \sigma_q^2 + (\mu_q - \mu_p)^2$.
# Hence
# $$\mathrm{KL}(q\,\|\,p) = \frac12\left[\log\frac{\sigma_p^2}{\sigma_q^2}
#     + \frac{\sigma_q^2 + (\mu_q - \mu_p)^2}{\sigma_p^2} - 1\right].$$
#
# **Diagonal covariance.** Both densities factorise over the coordinates, so the
# log-ratio is a sum of per-coordinate log-ratios and the expectation of a sum is the
# sum of expectations: the KL of the $d$-dimensional diagonal Gaussians is the **sum**
# of the $d$ one-dimensional KLs. (Averaging over coordinates instead would
# measure a different, meaningless quantity.)
#
# **In log-variances.** With $\ell_q = \log\sigma_q^2$, $\ell_p = \log\sigma_p^2$:
# $$\mathrm{KL}(q\,\|\,p) = \frac12 \sum_j \Big[(\ell_{p,j} - \ell_{q,j}) + e^{\ell_{q,j} - \ell_{p,j}}
#   + (\mu_{q,j} - \mu_{p,j})^2\, e^{-\ell_{p,j}} - 1\Big].$$
# Writing the ratio as $e^{\ell_q - \ell_p}$ (not $e^{\ell_q}/e^{\ell_p}$) avoids
# overflow, and grouping $e^{u} - 1 - u$ with $u = \ell_q - \ell_p$ as `expm1(u) - u`
# keeps precision when $q \approx p$, where the terms nearly cancel.
#
# **To the standard normal prior** ($\mu_p = 0$, $\ell_p = 0$):
# $$\mathrm{KL}\big(\mathcal{N}(\mu, \sigma^2)\,\|\,\mathcal{N}(0, I)\big)
#   = \frac12 \sum_j \Big[e^{\text{logvar}_j} + \mu_j^2 - 1 - \text{logvar}_j\Big].$$
# Each term is $\ge 0$ (because $e^u \ge 1 + u$ and $\mu^2 \ge 0$) and is $0$ exactly at
# $\mu = 0$, $\sigma = 1$.
#
# **Direction.** `gaussian_kl(mu_q, logvar_q, mu_p, logvar_p)` is
# $\mathrm{KL}(q\,\|\,p)$: the expectation is under the **first** distribution.
# KL is not symmetric; swapping the arguments computes a different number.

# %% [markdown]
# ### Exercise 4: `kl_standard_normal(mu, logvar)` (2 points)
#
# Return $\mathrm{KL}\big(\mathcal{N}(\mu, \mathrm{diag}\,e^{\text{logvar}})\,\|\,\mathcal{N}(0, I)\big)$
# per example, shape `(batch,)`, from the closed form above (summed over the latent
# dimension). Conventions: see the introduction.

# %% nbgrader={"grade": false, "grade_id": "kl_standard_normal_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def kl_standard_normal(mu, logvar):
    """KL( N(mu, diag exp(logvar)) || N(0, I) ) per example, in nats.

    mu, logvar: (batch, latent). Returns shape (batch,).
    """
    return 0.5 * (torch.expm1(logvar) - logvar + mu.pow(2)).sum(dim=-1)


# %% nbgrader={"grade": true, "grade_id": "kl_standard_normal", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
zero_check = torch.zeros(3, 4)
assert kl_standard_normal(zero_check, zero_check).shape == (3,), \
    "one KL per example (sum over the latent dimension)"
assert torch.all(kl_standard_normal(zero_check, zero_check) == 0), "q = prior: KL = 0"
kl_check = kl_standard_normal(torch.tensor([[1.0, 0.0]]), torch.tensor([[0.0, math.log(2.0)]]))
assert torch.allclose(kl_check, torch.tensor([0.5 * (1.0 + (2.0 - 1.0 - math.log(2.0)))])), \
    "0.5 * sum(exp(logvar) + mu^2 - 1 - logvar) = 0.5 * (1 + (2 - 1 - log 2))"


# %% [markdown]
# ### Exercise 5: `gaussian_kl(mu_q, logvar_q, mu_p, logvar_p)` (3 points)
#
# Return $\mathrm{KL}(q\,\|\,p)$ between the diagonal Gaussians
# $q = \mathcal{N}(\mu_q, \mathrm{diag}\,e^{\ell_q})$ and $p = \mathcal{N}(\mu_p, \mathrm{diag}\,e^{\ell_p})$, per example,
# shape `(batch,)`; the first pair of arguments is $q$. Conventions: see the introduction.

# %% nbgrader={"grade": false, "grade_id": "gaussian_kl_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gaussian_kl(mu_q, logvar_q, mu_p, logvar_p):
    """KL(q || p) between diagonal Gaussians q = N(mu_q, exp(logvar_q)) and
    p = N(mu_p, exp(logvar_p)), per example, in nats.

    All four tensors have shape (batch, latent). Returns shape (batch,).
    """
    diff = logvar_q - logvar_p
    return 0.5 * (torch.expm1(diff) - diff
                  + (mu_q - mu_p).pow(2) * torch.exp(-logvar_p)).sum(dim=-1)


# %% nbgrader={"grade": true, "grade_id": "gaussian_kl", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
m_check, l_check = torch.tensor([[0.3, -1.0]]), torch.tensor([[0.5, -0.2]])
assert torch.allclose(gaussian_kl(m_check, l_check, m_check, l_check), torch.zeros(1), atol=1e-7), \
    "KL(q || q) = 0"
kl_prior_check = 0.5 * (torch.exp(l_check) + m_check ** 2 - 1 - l_check).sum(-1)
assert torch.allclose(gaussian_kl(m_check, l_check, torch.zeros(1, 2), torch.zeros(1, 2)),
                      kl_prior_check), \
    "with p = N(0, I) this is the KL to the standard normal prior"
kl_qp_check = gaussian_kl(torch.zeros(1, 1), torch.zeros(1, 1),
                          torch.zeros(1, 1), torch.full((1, 1), math.log(4.0)))
assert torch.allclose(kl_qp_check, torch.tensor([0.5 * (math.log(4.0) + 0.25 - 1.0)])), \
    "KL(N(0,1) || N(0,4)) = 0.5 * (log 4 + 1/4 - 1); the first pair of arguments is q"


# %% [markdown]
# ## 6. The reconstruction term: a Bernoulli decoder, computed from logits
#
# Our pixels are binary, so the decoder outputs, for each pixel $d$, a **logit**
# $\ell_d \in \mathbb{R}$ and the probability that the pixel is on is
# $\pi_d = \mathrm{sigmoid}(\ell_d) = 1/(1 + e^{-\ell_d})$. Pixels are independent given $z$:
# $$\log p(x \mid z) = \sum_d \Big[x_d \log \pi_d + (1 - x_d)\log(1 - \pi_d)\Big].$$
# It is the negative binary cross-entropy, summed (not averaged) over the pixels,
# since the log of a product is a sum: one number per image, in nats.
#
# **Never go through probabilities.** $\mathrm{sigmoid}(40)$ is exactly $1.0$ in
# float32 and $\mathrm{sigmoid}(-1000)$ is exactly $0$ in float64, so
# `log(sigmoid(l))` and `log(1 - sigmoid(l))` return $-\infty$, and $0 \cdot (-\infty)$
# gives `nan`. Clamping the probability into $[\epsilon, 1-\epsilon]$ makes the
# value finite but *wrong* (it caps the penalty of a confidently wrong pixel at
# $-\log\epsilon$) and sets the gradient to zero exactly where the model most needs
# correcting. Use the identities
# $$1 - \mathrm{sigmoid}(\ell) = \mathrm{sigmoid}(-\ell), \qquad
#   \log \mathrm{sigmoid}(\ell) = -\log(1 + e^{-\ell}) = -\mathrm{softplus}(-\ell),$$
# which give
# $$\log p(x \mid z) = \sum_d \Big[x_d \log\mathrm{sigmoid}(\ell_d) + (1-x_d)\log\mathrm{sigmoid}(-\ell_d)\Big]
#   = \sum_d \Big[x_d\,\ell_d - \mathrm{softplus}(\ell_d)\Big],$$
# with $\mathrm{softplus}(\ell) = \max(\ell, 0) + \log(1 + e^{-|\ell|})$, which never
# overflows. PyTorch provides `F.logsigmoid`, `F.softplus` and
# `F.binary_cross_entropy_with_logits`, all stable. At $|\ell| = 1000$ the answer is
# finite and exact: a confident correct pixel costs $\approx 0$ nats, a confident
# wrong one $\approx 1000$; the gradient with respect to $\ell_d$ is $x_d - \pi_d$.
#
# The data $x$ are 0/1 pixels (the formula also makes sense for $x \in [0, 1]$).

# %% [markdown]
# ### Exercise 6: `bernoulli_log_likelihood(x, logits)` (3 points)
#
# Return $\log p(x \mid z) = \sum_d [x_d \ell_d - \mathrm{softplus}(\ell_d)]$ per example, shape
# `(batch,)`, from the logits, finite and exact for logits at $\pm 1000$ (never through
# probabilities). Conventions: see the introduction.

# %% nbgrader={"grade": false, "grade_id": "bernoulli_log_likelihood_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def bernoulli_log_likelihood(x, logits):
    """log p(x | z) = sum_d [x_d log sigmoid(l_d) + (1 - x_d) log sigmoid(-l_d)],
    per example, in nats, stable for any logits.

    x: (batch, pixels) of 0/1; logits: (batch, pixels). Returns shape (batch,).
    """
    return (x * F.logsigmoid(logits) + (1.0 - x) * F.logsigmoid(-logits)).sum(dim=-1)


# %% nbgrader={"grade": true, "grade_id": "bernoulli_log_likelihood", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
x_check = torch.tensor([[1.0, 0.0, 1.0]])
assert torch.allclose(bernoulli_log_likelihood(x_check, torch.zeros(1, 3)),
                      torch.tensor([3 * math.log(0.5)])), \
    "logits 0 mean probability 1/2 per pixel: 3 pixels cost 3 log 2 nats"
big_check = bernoulli_log_likelihood(torch.tensor([[1.0, 0.0]]), torch.tensor([[1000.0, 1000.0]]))
assert torch.isfinite(big_check).all() and torch.allclose(big_check, torch.tensor([-1000.0])), \
    "logit 1000: the 'on' pixel costs ~0 nats, the 'off' pixel 1000 nats; sigmoid-then-log gives -inf/nan"
small_check = bernoulli_log_likelihood(torch.tensor([[1.0, 0.0]]), torch.tensor([[-1000.0, -1000.0]]))
assert torch.isfinite(small_check).all() and torch.allclose(small_check, torch.tensor([-1000.0])), \
    "logit -1000: now the 'on' pixel costs 1000 nats and the 'off' pixel ~0"


# %% [markdown]
# ### The ELBO of a VAE
#
# Put the pieces together. For one image $x$, the encoder gives $(\mu, \text{logvar})$;
# draw $z = \mu + e^{\text{logvar}/2}\odot\varepsilon$ and decode it to logits. The
# one-sample estimate
# $$\widehat{\mathcal{L}}(x) = \log p_\theta(x \mid z) - \mathrm{KL}\big(\mathcal{N}(\mu, \mathrm{diag}\,e^{\text{logvar}})\,\|\,\mathcal{N}(0, I)\big)$$
# is an unbiased estimate of the ELBO: the reconstruction term is estimated with
# one sample, the KL term is exact. `elbo` computes it from the logits of the
# sampled code, per example. Training *maximises* it, so the loss is $-\widehat{\mathcal{L}}$.

# %% [markdown]
# ### Exercise 7: `elbo(x, logits, mu, logvar)` (2 points)
#
# Return the one-sample estimate $\widehat{\mathcal{L}}(x) = \log p(x \mid z) - \mathrm{KL}(q \,\|\, p(z))$ per
# example, shape `(batch,)`, from the logits of the sampled code and the encoder's
# `(mu, logvar)`. Conventions: see the introduction.

# %% nbgrader={"grade": false, "grade_id": "elbo_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def elbo(x, logits, mu, logvar):
    """ELBO estimate per example: log p(x | z) - KL(q(z|x) || N(0, I)), in nats.

    x, logits: (batch, pixels); mu, logvar: (batch, latent). Returns shape (batch,).
    """
    return bernoulli_log_likelihood(x, logits) - kl_standard_normal(mu, logvar)


# %% nbgrader={"grade": true, "grade_id": "elbo", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
x_check = torch.tensor([[1.0, 0.0], [0.0, 0.0]])
value_check = elbo(x_check, torch.zeros(2, 2), torch.tensor([[1.0], [0.0]]), torch.zeros(2, 1))
assert value_check.shape == (2,), "one ELBO per example"
assert torch.allclose(value_check, torch.tensor([2 * math.log(0.5) - 0.5, 2 * math.log(0.5)])), \
    "reconstruction 2 log(1/2) minus KL 0.5 * mu^2 for the first example, minus 0 for the second"


# %% [markdown]
# ## 7. The VAE
#
# Write the model as a `torch.nn.Module` with this contract (the architecture
# inside is yours to choose):
#
# * `VAE(input_dim, hidden_dim, latent_dim)`;
# * `encode(x) -> (mu, logvar)`, each of shape `(batch, latent_dim)`;
# * `decode(z) -> logits` of shape `(batch, input_dim)`: **logits**, not
#   probabilities (no sigmoid at the end: `bernoulli_log_likelihood` takes logits);
# * `forward(x, eps=None) -> (logits, mu, logvar)`. With `eps=None` the code is
#   $z = \mu$, the posterior mean: **no hidden randomness**, so evaluating the model
#   twice gives the same numbers. With `eps` given, $z = \mu + e^{\text{logvar}/2}\odot\varepsilon$;
# * `loss(x)`: the mean over the batch of $-\widehat{\mathcal{L}}$ computed from
#   `forward(x)`, a scalar tensor. Since `forward(x)` uses $z = \mu$, this is a
#   deterministic evaluation of the model (the ELBO with its reconstruction term
#   evaluated at the posterior mean), handy for monitoring. Training itself must
#   sample, see below.
#
# Gradients of `loss` must reach every parameter. Build the model from standard
# layers and do not hard-code a dtype: the grader converts your model with
# `model.double()` and checks it in float64.
#
# **The reference architecture**: encoder `Linear(input_dim, hidden_dim)`, ReLU, then
# two linear heads `Linear(hidden_dim, latent_dim)` for `mu` and for `logvar`;
# decoder `Linear(latent_dim, hidden_dim)`, ReLU, `Linear(hidden_dim, input_dim)`
# producing the logits. PyTorch's default initialisation. That is all a 64-pixel
# image needs.

# %% [markdown]
# ### Exercise 8: `VAE(input_dim, hidden_dim, latent_dim)` (4 points)
#
# Write the class with the contract above: `encode`, `decode` (logits), `forward`
# (`z = mu` when `eps` is `None`), `loss` (mean negative ELBO of `forward(x)`), gradients to
# every parameter, any dtype. Conventions: see the introduction.

# %% nbgrader={"grade": false, "grade_id": "VAE_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
class VAE(nn.Module):
    """Variational autoencoder with a diagonal-Gaussian encoder and a Bernoulli decoder."""

    def __init__(self, input_dim, hidden_dim, latent_dim):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(input_dim, hidden_dim), nn.ReLU())
        self.to_mu = nn.Linear(hidden_dim, latent_dim)
        self.to_logvar = nn.Linear(hidden_dim, latent_dim)
        self.decoder = nn.Sequential(nn.Linear(latent_dim, hidden_dim), nn.ReLU(),
                                     nn.Linear(hidden_dim, input_dim))

    def encode(self, x):
        """(mu, logvar) of q(z | x), each (batch, latent_dim)."""
        h = self.encoder(x)
        return self.to_mu(h), self.to_logvar(h)

    def decode(self, z):
        """Bernoulli logits of p(x | z), shape (batch, input_dim)."""
        return self.decoder(z)

    def forward(self, x, eps=None):
        """(logits, mu, logvar); z = mu when eps is None, else mu + exp(logvar/2) * eps."""
        mu, logvar = self.encode(x)
        z = mu if eps is None else reparameterize(mu, logvar, eps)
        return self.decode(z), mu, logvar

    def loss(self, x):
        """Mean over the batch of the negative ELBO of forward(x): a scalar tensor, nats."""
        logits, mu, logvar = self(x)
        return -elbo(x, logits, mu, logvar).mean()


# %% nbgrader={"grade": true, "grade_id": "VAE", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
torch.manual_seed(0)
model_check = VAE(64, 32, 2)
mu_check, logvar_check = model_check.encode(X[:5])
assert mu_check.shape == (5, 2) and logvar_check.shape == (5, 2), \
    "encode gives (mu, logvar), each (batch, latent_dim)"
assert model_check.decode(mu_check).shape == (5, 64), "decode gives one logit per pixel"
logits_check, m2_check, l2_check = model_check(X[:5])
assert torch.equal(logits_check, model_check(X[:5])[0]), \
    "forward(x) with eps=None must be deterministic (z = mu)"
assert torch.allclose(logits_check, model_check.decode(mu_check)), "forward(x) decodes z = mu"
loss_check = model_check.loss(X[:5])
assert loss_check.dim() == 0 and torch.isfinite(loss_check), "loss(x) is a finite scalar tensor"
assert loss_check.item() > 0, \
    "log p(x|z) <= 0 for binary pixels and KL >= 0: the negative ELBO is positive"


# %% [markdown]
# ### Training
#
# `train_vae(model, data, epochs, lr, generator)` trains the model in place on
# `data` (a float tensor of 0/1 pixels, shape `(N, input_dim)`) and returns a
# list of `epochs` floats: the **mean negative ELBO per example (nats) of each
# epoch**. The choices the contract leaves open, and what the reference does:
#
# * **optimiser**: Adam with learning rate `lr` (default betas);
# * **minibatches**: 64 examples (the last one of an epoch may be smaller);
#   each epoch visits every example once, in a fresh random order
#   `torch.randperm(N, generator=generator)`;
# * **sampling**: every minibatch draws its own standard-normal noise of the shape
#   of `mu`, from `generator` (`torch.randn(..., generator=generator)`), and
#   optimises $-\frac1B\sum_i \widehat{\mathcal{L}}(x_i)$ computed with
#   $z = \mu + e^{\text{logvar}/2}\odot\varepsilon$. Training on $z = \mu$ only
#   (`model.loss`) would leave $\sigma$ to the KL term alone, which pushes every
#   posterior variance to 1: the encoder's uncertainty would never be learned;
# * **reported value**: the average over the epoch's examples of the sampled
#   negative ELBO used for the steps (each minibatch's mean loss weighted by its size),
#   so it is in nats per image and comparable to `model.loss(data)`.
#
# **All randomness comes from `generator`**: no `torch.randn` without it, no
# global seeds. Two calls with identically initialised models and generators
# seeded alike return identical lists. Any minibatch size works, from 1 to the
# whole data set.

# %% [markdown]
# ### Exercise 9: `train_vae(model, data, epochs, lr, generator)` (3 points)
#
# Implement the contract above. The hidden tests build your `VAE(64, hidden, 2)` right
# after seeding torch's global RNG and train it with `lr = 0.01`; they check five things.
#
# * **Training works and reports per-image nats** (0.75 points). On 128 random digits,
#   20 to 25 epochs, `hidden` 32 or 48: the result is a list of `epochs` finite floats; the
#   last value is at most 85% of the first; `model.loss(data)` after training is at most 85%
#   of its value before (the model is trained in place); and the last value lies between
#   0.8 and 1.5 times `model.loss(data)` after training (a mean per image, not a sum over
#   minibatches or pixels). Also one epoch on a *single* digit: the value reported (that
#   image's sampled negative ELBO, the loss of the one step) lies between 0.5 and 2 times
#   `model.loss` of that digit before training.
# * **Each epoch reports its own mean** (0.5 points). One digit, trained at
#   `lr = 1e-12`, too small to move the model: every epoch's value is then one fresh
#   sample of that image's negative ELBO, with some spread $\sigma$. The tests draw
#   1000 such samples themselves, from your `encode`, `decode` and `elbo`, for each of
#   8 random digits, and train on the digit with the smallest $\sigma$ for
#   $\lceil (9\sigma)^2 \rceil$ epochs (at least 8, at most 200): enough that an error
#   of 1 nat in every epoch stands 9 standard errors out. The epochs' average must agree
#   with the average of the tests' samples within 5 standard errors of the difference.
#   A total that does not start at 0 in every epoch, or a value that is not the mean
#   over the epoch's examples, shows up here.
# * **Training samples $z$** (0.5 points). The data are 48 copies of *one* digit, so every
#   shuffle is the same sequence of examples and every split into minibatches, whatever
#   their size, gives the same minibatches. Two 3-epoch runs from the same initial model,
#   with generators seeded differently, must report different losses (a relative
#   difference above $10^{-4}$), and on such data only the noise $\varepsilon$ drawn from
#   `generator` can make them differ. Training on $z = \mu$ gives identical runs; so
#   does drawing $\varepsilon$ from torch's global RNG, which starts from the same seed in
#   both runs.
# * **Reproducible from `generator` alone** (1 point). Two 3-epoch runs on 100 digits,
#   with identically initialised models and generators seeded alike but different global
#   torch seeds set just before the call, return identical lists.
# * **Inputs unchanged** (0.25 points). `data` is the same tensor after the call (the
#   model, of course, is trained in place), and no call made while grading `train_vae`
#   modified an argument.
#
# Conventions: see the introduction.

# %% nbgrader={"grade": false, "grade_id": "train_vae_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_vae(model, data, epochs, lr, generator):
    """Train `model` in place with Adam; return the per-epoch mean negative ELBO (nats)."""
    batch_size = 64
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    n = data.shape[0]
    history = []
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator)
        total = 0.0
        for start in range(0, n, batch_size):
            batch = data[order[start:start + batch_size]]
            mu, logvar = model.encode(batch)
            eps = torch.randn(mu.shape, generator=generator, dtype=mu.dtype)
            logits = model.decode(reparameterize(mu, logvar, eps))
            loss = -elbo(batch, logits, mu, logvar).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * batch.shape[0]
        history.append(total / n)
    return history


# %% nbgrader={"grade": true, "grade_id": "train_vae", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
runs_check = []
for run_check in range(2):
    torch.manual_seed(1)
    model_check = VAE(64, 32, 2)
    runs_check.append(train_vae(model_check, X[:128], 4, 1e-2, torch.Generator().manual_seed(7)))
assert len(runs_check[0]) == 4 and all(math.isfinite(v) for v in runs_check[0]), \
    "one finite float per epoch"
assert runs_check[0][-1] < runs_check[0][0], "the negative ELBO should fall during training"
assert runs_check[0] == runs_check[1], "same initialisation and same generator seed: identical losses"
# 64 copies of one image: every shuffle and every split into minibatches give the same
# minibatches, so only the noise eps drawn from the generator can tell two seeds apart
copies_check = X[:1].repeat(64, 1)
sampled_check = []
for seed_check in (1, 2):
    torch.manual_seed(1)
    model_check = VAE(64, 32, 2)
    sampled_check.append(train_vae(model_check, copies_check, 2, 1e-2,
                                   torch.Generator().manual_seed(seed_check)))
assert sampled_check[0] != sampled_check[1], (
    "on 64 copies of one image, generators seeded 1 and 2 gave the same losses: training did "
    "not sample. Decode z = mu + exp(logvar / 2) * eps with eps = torch.randn(..., generator=generator)")

# %% [markdown]
# ### Demo: a VAE with a two-dimensional code
#
# Train on 1500 images (the remaining 297 are held out), with a 2-dimensional
# latent space so we can look at it. About two seconds on a laptop CPU.

# %% tags=["demo"]
try:
    _perm = torch.randperm(len(X), generator=torch.Generator().manual_seed(0))
    _train_idx, _test_idx = _perm[:1500], _perm[1500:]
    X_train, X_test = X[_train_idx], X[_test_idx]
    torch.manual_seed(0)
    vae = VAE(64, 128, 2)
    history = train_vae(vae, X_train, 40, 5e-3, torch.Generator().manual_seed(0))
    with torch.no_grad():
        print(f"loss(train) = {vae.loss(X_train).item():.2f} nats, loss(test) = {vae.loss(X_test).item():.2f} nats "
              f"(an image of 64 fair coin flips costs {64 * math.log(2):.2f})")

    fig, ax = plt.subplots(figsize=(5, 3.2))
    ax.plot(range(1, len(history) + 1), history)
    ax.set_xlabel("epoch")
    ax.set_ylabel("mean negative ELBO (nats / image)")
    ax.set_title("training curve")
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print('Implement the exercises up to train_vae to train the demo VAE.')

# %% tags=["demo"]
try:
    with torch.no_grad():
        _logits, _, _ = vae(X_test[:10])
        _probs = torch.sigmoid(_logits)
    fig, axes = plt.subplots(2, 10, figsize=(10, 2.3))
    for i in range(10):
        axes[0, i].imshow(X_test[i].reshape(8, 8), cmap="gray_r")
        axes[1, i].imshow(_probs[i].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        axes[0, i].axis("off")
        axes[1, i].axis("off")
    axes[0, 0].set_title("data", loc="left")
    axes[1, 0].set_title("reconstruction (pixel probabilities at z = mu)", loc="left")
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.88, wspace=0.1, hspace=0.4)
    plt.show()
except (NotImplementedError, NameError):
    print('Train the demo VAE above to see its reconstructions.')

# %% tags=["demo"]
try:
    with torch.no_grad():
        _mu_all, _logvar_all = vae.encode(X)
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    _sc = ax.scatter(_mu_all[:, 0], _mu_all[:, 1], c=labels, cmap="tab10", s=6)
    fig.colorbar(_sc, ax=ax, ticks=range(10), label="digit")
    ax.set_xlabel("mu_1")
    ax.set_ylabel("mu_2")
    ax.set_title("posterior means of all 1797 digits")
    plt.tight_layout()
    plt.show()
    print("average posterior std per latent dimension:", torch.exp(0.5 * _logvar_all).mean(0).numpy())
except (NotImplementedError, NameError):
    print('Train the demo VAE above to see its codes.')

# %% [markdown]
# ## 8. The information-bottleneck reading: rate and distortion
#
# Average the negative ELBO over the data distribution and name the two terms:
# $$-\mathbb{E}_x\,\mathcal{L}(x) = \underbrace{\mathbb{E}_x\,\mathbb{E}_{q(z\mid x)}\big[-\log p(x \mid z)\big]}_{D\ \text{(distortion)}}
#   \;+\; \underbrace{\mathbb{E}_x\,\mathrm{KL}\big(q(z \mid x)\,\|\,p(z)\big)}_{R\ \text{(rate)}} .$$
#
# * The **distortion** $D$ is the expected number of nats still needed to describe
#   the image once the code is known: the reconstruction error, measured as a code length.
# * The **rate** $R$ is what the code costs. It bounds the information the code carries
#   about the image. Let $q(z) = \mathbb{E}_x\, q(z \mid x)$ be the *aggregate* posterior
#   (the distribution of codes over the whole data set). Insert it into the log-ratio:
#   $$R = \mathbb{E}_x\,\mathbb{E}_{q(z\mid x)}\!\left[\log\frac{q(z\mid x)}{q(z)} + \log\frac{q(z)}{p(z)}\right]
#     = I_q(X; Z) + \mathrm{KL}\big(q(z)\,\|\,p(z)\big) \;\ge\; I_q(X; Z),$$
#   where $I_q(X;Z)$ is the mutual information between image and code under the
#   encoder. The KL term is an **upper bound on the information that passes
#   through the bottleneck** $z$.
#
# Minimising $D + R$ is therefore a rate–distortion problem, the unsupervised
# sibling of the information bottleneck: keep only the information about $x$ that
# pays for itself in reconstruction. Weighting the rate, $D + \beta R$ (the
# $\beta$-VAE), moves along the trade-off: large $\beta$ squeezes the channel (codes
# close to the prior, blurry reconstructions; at the extreme $R = 0$ and $z$ carries
# nothing), small $\beta$ lets more information through. The ELBO is the point $\beta = 1$,
# where $D + R$ is also a code length: with *bits-back coding*, $-\mathcal{L}(x)/\ln 2$
# bits is (up to discretisation) the expected net length of a message that transmits
# $x$ through the model: $D$ bits for the pixels given the code, $R$ for the code itself.
#
# A latent dimension whose posterior equals the prior for every $x$ ($\mu = 0$,
# $\sigma = 1$) has zero rate: it carries no information and the decoder ignores it
# (an "inactive unit"). Below, rate and distortion of the trained model on the
# held-out digits.

# %% tags=["demo"]
try:
    def rate_distortion(model, data, generator):
        """(R, D) in nats per image: mean KL to the prior and mean sampled reconstruction cost."""
        with torch.no_grad():
            mean, log_variance = model.encode(data)
            noise = torch.randn(mean.shape, generator=generator)
            logits, _, _ = model(data, noise)                 # decodes mean + exp(log_variance/2) * noise
            rate = kl_standard_normal(mean, log_variance).mean().item()
            distortion = -bernoulli_log_likelihood(data, logits).mean().item()
        return rate, distortion


    _R, _D = rate_distortion(vae, X_test, torch.Generator().manual_seed(1))
    print(f"test images: rate R = {_R:.2f} nats, distortion D = {_D:.2f} nats, R + D = {_R + _D:.2f} nats "
          f"= {(_R + _D) / math.log(2):.1f} bits per image")
except (NotImplementedError, NameError):
    print('Train the demo VAE above to measure its rate and distortion.')

# %% [markdown]
# ### Why the KL is to the prior: generating new images
#
# A trained VAE is a generator: draw $z \sim p(z) = \mathcal{N}(0, I)$ and decode it. But
# the decoder never sees draws from $p(z)$ during training. Each step decodes
# $z \sim q(z \mid x)$ for a training image $x$, so over the data set the decoder is
# trained on codes from the **aggregate posterior**
# $$q(z) = \mathbb{E}_{x \sim p_{\text{data}}}\, q(z \mid x) = \frac1N \sum_{i=1}^N q(z \mid x_i).$$
# Sampling can only work if the codes we feed the decoder look like the codes it was
# trained on, i.e. if $q(z) \approx p(z)$: a prior draw from a region that $q(z)$ never
# visits is a code the decoder has no training for.
#
# **1. The KL term contains exactly this mismatch.** Write $q(x, z) = p_{\text{data}}(x)\,q(z \mid x)$
# for the joint distribution of an image and its code. Averaging the per-image KL over
# the data is an expectation under $q(x, z)$; multiply and divide by $q(z)$ inside the log:
# $$\mathbb{E}_x\,\mathrm{KL}\big(q(z \mid x)\,\|\,p(z)\big)
#   = \mathbb{E}_{q(x, z)}\Big[\log \frac{q(z \mid x)}{p(z)}\Big]
#   = \mathbb{E}_{q(x, z)}\Big[\log \frac{q(z \mid x)}{q(z)}\Big]
#   + \mathbb{E}_{q(x, z)}\Big[\log \frac{q(z)}{p(z)}\Big].$$
# The first expectation is, by definition, the mutual information $I_q(X; Z)$ between an
# image and its code. In the second the integrand depends on $z$ alone, and the
# $z$-marginal of $q(x, z)$ is $\mathbb{E}_x\, q(z \mid x) = q(z)$; so it is
# $\mathbb{E}_{q(z)}[\log q(z) / p(z)] = \mathrm{KL}(q(z)\,\|\,p(z))$. Hence
# $$\mathbb{E}_x\,\mathrm{KL}\big(q(z \mid x)\,\|\,p(z)\big) = I_q(X; Z) + \mathrm{KL}\big(q(z)\,\|\,p(z)\big).$$
# The averaged negative ELBO, $D + R$, therefore contains as a separate, non-negative
# term the divergence between the codes the decoder is trained on and the codes it will
# be fed when sampling. It is zero only when $q(z) = p(z)$, and the loss pays for every
# nat of mismatch. (The other part, $I_q(X; Z)$, is the information the codes carry about
# the images, which is what the reconstruction term needs.)
#
# **2. At the optimum there is no mismatch.** Suppose the model fits the data,
# $p_\theta(x) = p_{\text{data}}(x)$, and the encoder is exact, $q(z \mid x) = p_\theta(z \mid x)$,
# so that the ELBO equals $\log p_\theta(x)$ (section 2). Then, by Bayes' rule,
# $$q(z) = \sum_x p_{\text{data}}(x)\, p_\theta(z \mid x)
#   = \sum_x p_\theta(x)\, \frac{p(z)\, p_\theta(x \mid z)}{p_\theta(x)}
#   = p(z) \sum_x p_\theta(x \mid z) = p(z)$$
# (a sum over the finitely many binary images; an integral for continuous $x$). The
# point where the bound is tight is exactly the point where the aggregate posterior is
# the prior: drawing $z \sim p(z)$ is then the same as taking the code of a random
# training image, and decoding it samples $p_\theta(x) = p_{\text{data}}(x)$.
#
# **3. Without it, nothing ties the codes to the prior.** A plain autoencoder (the
# reconstruction term alone) may spread the codes of different images far apart and
# shrink their spreads towards zero: $q(z)$ becomes a few thin clusters, possibly far from
# the origin, $\mathrm{KL}(q(z)\,\|\,p(z))$ is huge, and most prior draws land where the
# decoder never trained. The divergence is to $p(z)$ and to nothing else because $p(z)$
# is the model's own prior, the distribution we sample from: in the ELBO it enters through
# $\log p(x, z) = \log p(z) + \log p(x \mid z)$. (That $p(z)$ is a *standard* normal costs
# nothing: any Gaussian $\mathcal{N}(m, AA^\top)$ is the image of $\mathcal{N}(0, I)$ under
# $z \mapsto m + Az$, which the decoder's first linear layer can absorb.)
#
# Below, for the trained two-dimensional VAE: one code $z \sim q(z \mid x)$ per digit (a
# sample of the aggregate posterior) against the contours of the prior, Monte Carlo
# estimates of the two parts of the rate, and a grid of images decoded from fresh draws
# $z \sim \mathcal{N}(0, I)$.

# %% tags=["demo"]
try:
    with torch.no_grad():
        _mu_q, _logvar_q = vae.encode(X)                                  # q(z | x) of every digit
        _gen_prior = torch.Generator().manual_seed(5)
        _z_q = reparameterize(_mu_q, _logvar_q, torch.randn(_mu_q.shape, generator=_gen_prior))
        _z_p = torch.randn(40, 2, generator=_gen_prior)                   # 40 draws from N(0, I)
        _samples = torch.sigmoid(vae.decode(_z_p)).reshape(4, 10, 8, 8)   # pixel probabilities
        _samples = F.pad(_samples, (0, 1, 0, 1))                          # a white line between digits
        # log q(z) of the aggregate posterior: a mixture of the 1797 Gaussians q(z | x_i)
        _posteriors = torch.distributions.Normal(_mu_q[None], torch.exp(0.5 * _logvar_q)[None])
        _log_q = torch.logsumexp(_posteriors.log_prob(_z_q[:, None]).sum(-1), 1) - math.log(len(X))
        _log_p = torch.distributions.Normal(0.0, 1.0).log_prob(_z_q).sum(-1)
        _mismatch = (_log_q - _log_p).mean().item()                       # KL(q(z) || p(z))
        _rate = kl_standard_normal(_mu_q, _logvar_q).mean().item()        # E_x KL(q(z|x) || p(z))
    print(f"rate R = {_rate:.2f} nats = I_q(X; Z) ~ {_rate - _mismatch:.2f} "
          f"+ KL(q(z) || p(z)) ~ {_mismatch:.2f} (Monte Carlo, one code per digit)")
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.3), gridspec_kw={"width_ratios": [1, 1.5]})
    axes[0].scatter(_z_q[:, 0], _z_q[:, 1], c=labels, cmap="tab10", s=4)
    _angle = np.linspace(0, 2 * np.pi, 200)
    for _radius in (1, 2, 3):
        axes[0].plot(_radius * np.cos(_angle), _radius * np.sin(_angle), "k--", lw=0.8)
    axes[0].set_aspect("equal")
    axes[0].set(xlabel="z_1", ylabel="z_2",
                title="codes z ~ q(z|x), one per digit;\nprior contours at 1, 2, 3 std")
    axes[1].imshow(_samples.permute(0, 2, 1, 3).reshape(36, 90), cmap="gray_r", vmin=0, vmax=1)
    axes[1].axis("off")
    axes[1].set_title("decoded z ~ N(0, I): 40 new digits (pixel probabilities)")
    plt.tight_layout()
    plt.show()
except (NotImplementedError, NameError):
    print("Implement the exercises up to train_vae and run the training demo above "
          "to sample new digits from the prior.")

# %% [markdown]
# ### Demo: moving along the trade-off with your own `train_vae`
#
# A small trick turns `train_vae` into a $\beta$-VAE trainer for $\beta = 1/m$: show the
# model every pixel $m$ times. The tiled image $(x, x, \dots, x)$ has $64m$ pixels, which
# the decoder predicts independently given $z$, so its reconstruction term is $m$ times
# that of one copy (at the optimum every copy gets the same logits), while the code, and
# hence the rate, is unchanged. The objective becomes $mD + R \propto D + R/m$. Smaller
# $\beta$ buys lower distortion with a higher rate: more nats flow through the
# two-dimensional bottleneck. (Larger $\beta$ would go the other way, down to $R = 0$.)

# %% tags=["demo"]
try:
    _points = []
    for _m in (1, 2, 4, 8):
        torch.manual_seed(0)
        _tiled_vae = VAE(64 * _m, 128, 2)
        train_vae(_tiled_vae, X_train.repeat(1, _m), 25, 5e-3, torch.Generator().manual_seed(0))
        _r, _d_tiled = rate_distortion(_tiled_vae, X_test.repeat(1, _m), torch.Generator().manual_seed(1))
        _points.append((1 / _m, _r, _d_tiled / _m))        # distortion of one copy of the image
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.plot([p[1] for p in _points], [p[2] for p in _points], "o-")
    for _beta, _r, _d in _points:
        ax.annotate(f"beta = {_beta:g}", (_r, _d), textcoords="offset points", xytext=(6, 4))
    ax.margins(x=0.25, y=0.15)
    ax.set_xlabel("rate R (nats)")
    ax.set_ylabel("distortion D (nats)")
    ax.set_title("rate-distortion trade-off (beta = 1/m)")
    plt.tight_layout()
    plt.show()
except (NotImplementedError, NameError):
    print('Implement the exercises up to train_vae and run the demos above to trace the trade-off.')

# %% [markdown]
# ## 9. A tighter bound: importance weighting
#
# Section 2 used $p(x) = \mathbb{E}_{q}[w]$ with the importance weight $w = p(x, z)/q(z)$.
# Average $K$ independent weights before taking the log: with $z_1, \dots, z_K \sim q$
# and $w_k = p(x, z_k)/q(z_k)$,
# $$\mathcal{L}_K = \mathbb{E}\left[\log \frac1K \sum_{k=1}^K w_k\right].$$
#
# * **It is a lower bound.** $\frac1K\sum_k w_k$ is still an unbiased estimate of
#   $p(x)$, so Jensen's inequality gives $\mathcal{L}_K \le \log \mathbb{E}[\frac1K\sum_k w_k] = \log p(x)$.
# * **$K = 1$ is the ELBO**: $\mathcal{L}_1 = \mathbb{E}_q[\log w] = \mathcal{L}(q)$.
# * **It grows with $K$.** The average of $K+1$ weights is the average, over all
#   subsets $I$ of size $K$ chosen uniformly, of the subset averages:
#   $\frac{1}{K+1}\sum_{k=1}^{K+1} w_k = \mathbb{E}_I\big[\frac1K\sum_{k\in I} w_k\big]$
#   (each weight appears in the same fraction $K/(K+1)$ of the subsets). Jensen again:
#   $\log \mathbb{E}_I[\cdot] \ge \mathbb{E}_I[\log \cdot]$, and taking expectations over
#   the samples, every subset's term has the same distribution as the $K$-sample
#   bound, so $\mathcal{L}_{K+1} \ge \mathcal{L}_K$.
# * **It reaches the evidence.** When the weights are bounded, the law of large numbers
#   makes $\frac1K\sum_k w_k \to p(x)$, so $\mathcal{L}_K \to \log p(x)$ as $K \to \infty$.
#
# Hence $\text{ELBO} = \mathcal{L}_1 \le \mathcal{L}_K \le \mathcal{L}_{K+1} \le \log p(x)$.
#
# **Computing it.** Weights of images are tiny or huge, so work with log weights
# $a_k = \log p(x \mid z_k) + \log p(z_k) - \log q(z_k \mid x)$ and compute the
# *log-mean-exp*, $\log\frac1K\sum_k e^{a_k} = \mathrm{logsumexp}_k(a_k) - \log K$,
# with the max-shift of section 3. `iwae_bound` receives the log weights with the
# $K$ samples along the **last** dimension and returns the estimate with that
# dimension removed (shape `log_weights.shape[:-1]`); it must be stable for log
# weights around $\pm 1000$ and handle a log weight of $-\infty$ (a sample with zero
# joint density).

# %% [markdown]
# ### Exercise 10: `iwae_bound(log_weights)` (3 points)
#
# Return $\log \frac1K \sum_k e^{a_k}$ over the last dimension, shape `log_weights.shape[:-1]`,
# in the input's dtype and differentiable; stable at $\pm 1000$ and correct with a log
# weight of $-\infty$. Conventions: see the introduction.

# %% nbgrader={"grade": false, "grade_id": "iwae_bound_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def iwae_bound(log_weights):
    """log (1/K) sum_k exp(log_weights[..., k]): the K-sample importance-weighted bound.

    log_weights: tensor (..., K). Returns shape log_weights.shape[:-1], same dtype.
    """
    return torch.logsumexp(log_weights, dim=-1) - math.log(log_weights.shape[-1])


# %% nbgrader={"grade": true, "grade_id": "iwae_bound", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
lw_check = torch.log(torch.tensor([[1.0, 3.0], [2.0, 2.0]]))
assert torch.allclose(iwae_bound(lw_check), torch.log(torch.tensor([2.0, 2.0]))), \
    "log of the mean weight: log((1 + 3) / 2) = log 2"
assert torch.allclose(iwae_bound(torch.tensor([[-0.7]])), torch.tensor([-0.7])), \
    "K = 1: the log weight itself"
huge_check = iwae_bound(torch.tensor([[1000.0, 1000.0], [-1000.0, -1000.0]]))
assert torch.allclose(huge_check, torch.tensor([1000.0, -1000.0])), \
    "log weights of +-1000: exp overflows/underflows; shift by the maximum first"

# %% [markdown]
# ### Demo: ELBO ≤ IWAE_K ≤ log p(x) on the trained VAE
#
# With a 2-dimensional code the evidence can still be computed by brute force: a
# $241 \times 241$ grid on $[-6, 6]^2$ and the rectangle rule for
# $\int p(z)\,p(x \mid z)\,dz$, done in log space. (In 20 dimensions the same grid
# would have $241^{20}$ points: the intractability of section 1.) The importance
# weighted bounds climb from the ELBO towards it as $K$ grows. Each $\mathcal{L}_K$ is an
# expectation; we estimate it by splitting a pool of 2000 samples per image into
# $2000/K$ disjoint groups of $K$ and averaging the groups' bounds (and the 20 images).

# %% tags=["demo"]
try:
    def log_weights(model, data, k, generator):
        """Log importance weights log p(x|z) + log p(z) - log q(z|x), shape (batch, k)."""
        with torch.no_grad():
            mu, logvar = model.encode(data)
            eps = torch.randn((k, *mu.shape), generator=generator)
            z = reparameterize(mu, logvar, eps)                                       # (k, batch, latent)
            log_lik = bernoulli_log_likelihood(data, model.decode(z))                 # (k, batch)
            log_prior = torch.distributions.Normal(0.0, 1.0).log_prob(z).sum(-1)
            log_q = torch.distributions.Normal(mu, torch.exp(0.5 * logvar)).log_prob(z).sum(-1)
            return (log_lik + log_prior - log_q).T


    _images = X_test[:20]
    _grid = torch.linspace(-6, 6, 241)
    _zz = torch.cartesian_prod(_grid, _grid)                                          # (241^2, 2)
    with torch.no_grad():
        _logits_grid = vae.decode(_zz)
        _log_prior_grid = torch.distributions.Normal(0.0, 1.0).log_prob(_zz).sum(-1)
        _cell = math.log((_grid[1] - _grid[0]).item() ** 2)
        _log_px = torch.stack([torch.logsumexp(bernoulli_log_likelihood(img, _logits_grid) + _log_prior_grid, 0)
                               for img in _images]) + _cell

    _pool = 2000                                                                      # samples per image
    _lw_pool = log_weights(vae, _images, _pool, torch.Generator().manual_seed(3))     # (20, 2000)
    _ks = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
    # the K-sample bound of each image, averaged over the 2000 / K disjoint groups of its pool
    _bounds = [iwae_bound(_lw_pool.reshape(len(_images), _pool // k, k)).mean().item() for k in _ks]
    fig, ax = plt.subplots(figsize=(5.5, 3.5))
    ax.semilogx(_ks, _bounds, "o-", label="IWAE_K (K = 1 is the ELBO)")
    ax.axhline(_log_px.mean().item(), color="k", ls="--", label="log p(x) by quadrature")
    ax.set_xlabel("K importance samples")
    ax.set_ylabel("mean over 20 test images (nats)")
    ax.legend()
    ax.set_title("ELBO <= IWAE_K <= log p(x)")
    plt.tight_layout()
    plt.show()
except (NotImplementedError, NameError):
    print('Implement iwae_bound and train the demo VAE above to see the bounds.')

# %% [markdown]
# ## Summary
#
# * The posterior $p(z\mid x)$ needs the evidence $p(x) = \int p(z)p(x\mid z)\,dz$, which
#   is intractable for neural decoders; variational inference replaces the integral
#   by an optimisation over a tractable $q$.
# * $\log p(x) = \mathcal{L}(q) + \mathrm{KL}(q\,\|\,p(z\mid x))$: the ELBO is a lower bound
#   whose gap is exactly the KL to the posterior (checked exactly in the finite model).
# * The reparameterisation $z = \mu + e^{\text{logvar}/2}\varepsilon$ moves the noise out
#   of the parameters, so gradients flow through samples.
# * KL between diagonal Gaussians has a closed form, summed over coordinates; the
#   Bernoulli log-likelihood must be computed from logits (log-sigmoid / softplus).
# * $-\text{ELBO} = D + R$: distortion plus a rate that upper-bounds $I(X;Z)$, the
#   information-bottleneck / rate–distortion reading of the VAE.
# * Averaging $K$ importance weights inside the log tightens the bound monotonically,
#   from the ELBO ($K=1$) towards $\log p(x)$.
