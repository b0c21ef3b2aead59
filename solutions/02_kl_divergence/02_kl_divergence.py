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
# # 02 · KL divergence: relative entropy
#
# *Machine Learning from an Information-Theoretic Perspective*
#
# Assignment 01 met the Kullback–Leibler divergence in passing, as the excess of a
# cross-entropy over an entropy. Here it is the main character. It measures how badly a
# model $q$ describes a world $p$, and almost every training objective in this course
# (maximum likelihood, the VAE's ELBO, distillation, policy regularisers) is a KL
# divergence in disguise.
#
# 1. **Deriving KL** two ways: as the extra code length paid for believing $q$, and as
#    the average evidence a sample gives for $p$ against $q$. Discrete and continuous.
# 2. **Gibbs' inequality** $D_{\mathrm{KL}}(p\,\|\,q) \ge 0$, proved with Jensen's
#    inequality, with equality only for $q = p$.
# 3. **Asymmetry**: $D_{\mathrm{KL}}(p\,\|\,q) \ne D_{\mathrm{KL}}(q\,\|\,p)$, support
#    mismatch, and the closed form for two Gaussians.
# 4. **Monte Carlo** estimation of KL from samples, with its standard error.
# 5. **Maximum likelihood is KL minimisation**: $\mathrm{NLL} = H(\hat p) + D_{\mathrm{KL}}(\hat p\,\|\,q)$.
# 6. **Forward (mode covering) vs reverse (mode seeking) KL**, fitting one Gaussian to
#    a bimodal mixture both ways.
#
# You implement six functions:
#
# | # | exercise | points | what it is |
# | --- | --- | --- | --- |
# | 1 | `kl_divergence(p, q, base=2)` | 5 | discrete KL, `inf` on support mismatch |
# | 2 | `kl_gaussian(mu_p, sigma_p, mu_q, sigma_q)` | 3 | closed form for two univariate Gaussians, nats |
# | 3 | `kl_monte_carlo(log_p, log_q, samples)` | 3 | sample average of $\log p - \log q$ |
# | 4 | `negative_log_likelihood(samples, q)` | 3 | average NLL of integer data, nats |
# | 5 | `forward_kl_gaussian_fit(weights, means, stds)` | 3 | the Gaussian minimising $D_{\mathrm{KL}}(p\,\|\,q)$ (moment matching) |
# | 6 | `reverse_kl_gaussian_fit(log_p, x_grid, mu_grid, sigma_grid)` | 3 | the grid Gaussian minimising $D_{\mathrm{KL}}(q\,\|\,p)$ |
# | | **total** | **20** | |
#
# **How you are graded.** Each function has a solution cell (replace
# `raise NotImplementedError()`) followed by a test cell. The test cell's visible
# asserts are quick examples you can run now; when the notebook is graded, hidden
# checks call your function on random inputs and on edge cases, and compare with
# independent references (SciPy, PyTorch's `torch.distributions`, closed forms,
# numerical integration, `scipy.optimize`). The course's grader (`python -m autograder`)
# draws a fresh seed for every run and records it (`--seed N` reproduces a run);
# nbgrader's `autograde` uses one fixed seed (`course_config.NBGRADER_SEED`). Either
# way you do not see the inputs in advance: make the function right, not just the
# examples. If a visible assert fails, nbgrader scores that exercise 0 (the course's
# grader reports the failure and scores only the hidden checks), so make them pass
# first. Plot cells are tagged `demo`; they are not graded. The six exercises are
# graded independently: no exercise calls another one of yours.
#
# **Conventions (the same in every assignment of the course).**
#
# - Inputs are *array-likes*: lists, tuples or NumPy arrays of any float dtype. Scalar
#   results are returned as a Python `float`, pairs as a `tuple` of two floats.
#   **Never modify an input** (hidden checks compare the arguments before and after
#   every call).
# - `kl_divergence` takes a `base`: `2` (the default) gives bits, `math.e` nats. Any
#   `base > 0` with `base != 1` must work; any other base raises `ValueError`.
#   Everything else in this notebook is in **nats** (natural logs).
# - $0 \log 0 = 0$. A divergence with $q(x) = 0 < p(x)$ is infinite, **not** a large
#   finite number: never clamp probabilities to `1e-10` or add an epsilon.
# - A PMF has non-negative entries summing to 1 **within `1e-6`**. Invalid input raises
#   `ValueError` with a message that says what is wrong.
# - Results must not depend on hidden state: no global random numbers.
# - Don't let NumPy print warnings (`np.log(0)` warns "divide by zero"): a graded cell
#   that writes to stderr scores 0 in nbgrader. Mask the zeros first.

# %%
import math

import numpy as np


def gaussian_logpdf(mu, sigma):
    """The log density of N(mu, sigma^2), as a vectorised function of x."""
    def log_pdf(x):
        z = (np.asarray(x, dtype=float) - mu) / sigma
        return -0.5 * z * z - math.log(sigma * math.sqrt(2 * math.pi))
    return log_pdf


def mixture_logpdf(weights, means, stds):
    """The log density of the 1-D Gaussian mixture sum_k w_k N(m_k, s_k^2), computed
    with log-sum-exp so that it stays finite far in the tails."""
    w, m, s = (np.asarray(v, dtype=float) for v in (weights, means, stds))
    def log_pdf(x):
        x = np.asarray(x, dtype=float)[..., None]
        parts = np.log(w) - 0.5 * ((x - m) / s) ** 2 - np.log(s * math.sqrt(2 * math.pi))
        top = parts.max(axis=-1, keepdims=True)
        return (top + np.log(np.exp(parts - top).sum(axis=-1, keepdims=True)))[..., 0]
    return log_pdf


# %% [markdown]
# ## 1. Deriving the KL divergence
#
# ### First road: the price of a wrong belief
#
# Assignment 01 showed that an outcome $x$ of probability $p(x)$ is worth
# $-\log p(x)$ of surprise, and that a code built for a distribution spends about
# $-\log_2 q(x)$ bits on $x$ when it was built for $q$. If the world draws $X \sim p$,
#
# - a code built for the truth spends on average $H(p) = -\sum_x p(x) \log p(x)$,
# - a code built for the belief $q$ spends $H(p, q) = -\sum_x p(x) \log q(x)$.
#
# The **extra** cost of believing $q$ is the difference, term by term:
# $$H(p, q) - H(p) = \sum_x p(x)\big[-\log q(x) + \log p(x)\big]
#   = \sum_x p(x) \log \frac{p(x)}{q(x)} \;=:\; D_{\mathrm{KL}}(p\,\|\,q).$$
#
# ### Second road: evidence
#
# You hold two hypotheses about where data come from, $p$ and $q$. One observation $x$
# multiplies the odds of $p$ against $q$ by the likelihood ratio $p(x)/q(x)$ (Bayes'
# rule), so it adds $\log \frac{p(x)}{q(x)}$ to the log-odds: that is the **evidence**
# $x$ carries for $p$. When $p$ is in fact true, the evidence per observation is on
# average
# $$\mathbb{E}_{X \sim p}\Big[\log \frac{p(X)}{q(X)}\Big] = \sum_x p(x) \log\frac{p(x)}{q(x)}
#   = D_{\mathrm{KL}}(p\,\|\,q),$$
# the same quantity. $N$ independent observations add $N$ times as much, so a large KL
# means that $p$ and $q$ are quickly told apart, a small one that it takes many samples.
#
# ### The conventions at the edges
#
# Each term is $p(x) \log\frac{p(x)}{q(x)}$; three edge cases need a rule.
#
# - $p(x) = 0$: the outcome never happens, so it carries no evidence and costs no code
#   length. The limit agrees: $t \log \frac{t}{c} = t \log t - t \log c \to 0$ as
#   $t \to 0^+$ (for $c > 0$, and $0 \log 0 = 0$ from assignment 01). The term is $0$,
#   **whatever** $q(x)$ is, also when $q(x) = 0$.
# - $p(x) > 0 = q(x)$: the model calls an outcome impossible, and it happens. One such
#   observation refutes $q$ outright (infinite evidence), and a code built for $q$ has
#   no codeword for it. The term is $p(x) \log \frac{p(x)}{0} = +\infty$, and so is the
#   divergence. A clamp `np.maximum(q, 1e-10)` reports $p(x)\log_2(p(x)\cdot 10^{10})$
#   bits instead, a number that measures only the arbitrary constant.
# - The base: $\log_b t = \ln t / \ln b$, so the divergence in base $b$ is the
#   divergence in nats divided by $\ln b$ (an infinite divergence stays infinite, with
#   the sign of $1/\ln b$).
#
# ### A discrete example
#
# A die loaded towards six, $p = (0.1, 0.1, 0.1, 0.1, 0.1, 0.5)$, and the belief that
# it is fair, $q = (\tfrac16, \dots, \tfrac16)$:
# $$D_{\mathrm{KL}}(p\,\|\,q) = 5 \cdot 0.1 \log_2 \frac{0.1}{1/6} + 0.5 \log_2\frac{0.5}{1/6}
#   = 0.5 \log_2 0.6 + 0.5 \log_2 3 = 0.5 \log_2 1.8 \approx 0.424 \text{ bits}.$$
# The other way round,
# $D_{\mathrm{KL}}(q\,\|\,p) = 5\cdot\tfrac16 \log_2\frac{1/6}{0.1} + \tfrac16\log_2\frac{1/6}{0.5}
#   = \tfrac56 \log_2 \tfrac53 - \tfrac16 \log_2 3 \approx 0.350$ bits: a different number.
#
# ### Continuous variables
#
# For densities $p$ and $q$, quantise with bins of width $\Delta$ as in assignment 01:
# bin $i$ holds $P_i \approx p(x_i)\Delta$ and $Q_i \approx q(x_i)\Delta$. Then
# $$\sum_i P_i \log\frac{P_i}{Q_i} \approx \sum_i p(x_i)\Delta \log \frac{p(x_i)\,\Delta}{q(x_i)\,\Delta}
#   = \sum_i p(x_i) \log \frac{p(x_i)}{q(x_i)}\,\Delta
#   \;\longrightarrow\; \int p(x) \log \frac{p(x)}{q(x)}\,dx .$$
# The bin width **cancels** inside the logarithm. Differential entropy carried a
# $-\log \Delta$ that diverged and made $h$ depend on units; KL has none: it is the limit
# of discrete KLs, it does not change when $x$ is measured in other units, and
# everything said about the discrete case holds for densities too.

# %% [markdown]
# ## 2. Gibbs' inequality, through Jensen
#
# **Jensen's inequality.** For a concave $f$ (like $\ln$) and any random variable $Y$,
# $\mathbb{E}[f(Y)] \le f(\mathbb{E}[Y])$: the chord of a concave curve lies below it.
# For the *strictly* concave $\ln$, equality holds only if $Y$ is constant with
# probability 1.
#
# **Claim.** $D_{\mathrm{KL}}(p\,\|\,q) \ge 0$, with equality if and only if $q = p$.
#
# **Proof.** If $q(x) = 0$ for some $x$ with $p(x) > 0$ the divergence is $+\infty > 0$;
# otherwise let $S = \{x : p(x) > 0\}$ be the support of $p$ (terms outside it are 0) and
# take $Y = q(X)/p(X)$ with $X \sim p$, a positive random variable. Then
# $$-D_{\mathrm{KL}}(p\,\|\,q) = \sum_{x \in S} p(x) \ln\frac{q(x)}{p(x)}
#   = \mathbb{E}_p[\ln Y]
#   \;\overset{\text{Jensen}}{\le}\; \ln \mathbb{E}_p[Y]
#   = \ln \sum_{x \in S} p(x)\frac{q(x)}{p(x)}
#   = \ln \sum_{x \in S} q(x) \;\le\; \ln 1 = 0 .$$
# The last step holds because $q$ puts at most all of its mass on $S$. Multiply by
# $-1$: $D_{\mathrm{KL}}(p\,\|\,q) \ge 0$.
#
# **Equality.** Both inequalities must be equalities. Jensen's is one only when
# $Y = q(x)/p(x)$ takes a single value $c$ on $S$; the second only when
# $\sum_{x\in S} q(x) = 1$. Together: $1 = \sum_{S} q = c \sum_{S} p = c$, so $q = p$ on
# $S$, and $q$ has no mass left for outside $S$: $q = p$. $\blacksquare$
#
# Consequences: $H(p, q) = H(p) + D_{\mathrm{KL}}(p\,\|\,q) \ge H(p)$ (nobody codes the
# world better than someone who believes the truth), and KL behaves like a "distance"
# in that it is zero exactly at $q = p$. It is **not** a metric: it is not symmetric and
# it breaks the triangle inequality.

# %% [markdown]
# ### Exercise 1: `kl_divergence(p, q, base=2)`
#
# Return $D_{\mathrm{KL}}(p\,\|\,q) = \sum_x p(x) \log_{\text{base}} \frac{p(x)}{q(x)}$ as a
# `float`, in bits by default.
#
# - `p` and `q` are array-likes of the **same shape** (a vector, or a joint table whose
#   entries together form one distribution), each a PMF: entries $\ge 0$ summing to 1
#   within `1e-6`. Otherwise raise `ValueError`; also for a `base` that is not a
#   positive number different from 1.
# - Outcomes with $p(x) = 0$ contribute $0$, whatever $q(x)$ is (no `nan`, no warning).
# - Where $q(x) = 0 < p(x)$ the divergence is infinite: return `math.inf` for a base
#   above 1 (the nats value $+\infty$ divided by $\ln b$, so `-math.inf` for a base
#   below 1). No clamping, no epsilon.
# - The hidden checks compare with `scipy.special.rel_entr` and with
#   `torch.distributions.kl_divergence` of two `Categorical`s, on random PMFs, in
#   several bases, with zeros in either argument, for lists, tuples and float32 arrays.
#   They also check that `p` and `q` are not modified.

# %% nbgrader={"grade": false, "grade_id": "kl_divergence_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def kl_divergence(p, q, base=2):
    """KL divergence D(p || q) between two PMFs of the same shape.

    p, q : array-likes of the same shape, each a PMF (entries >= 0, sum 1 within 1e-6)
    base : logarithm base (2 -> bits, the default; math.e -> nats)
    Returns sum p log_base(p / q) as a float; inf when q = 0 somewhere p > 0.
    """
    base = float(base)
    if not (base > 0) or base == 1 or not math.isfinite(base):
        raise ValueError(f"base must be a positive number other than 1, got {base!r}")
    p = np.array(p, dtype=float)                 # copies: the caller's data stay as they are
    q = np.array(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError(f"p and q have different shapes {p.shape} and {q.shape}")
    for name, values in (("p", p), ("q", q)):
        if values.size == 0 or not np.all(np.isfinite(values)):
            raise ValueError(f"{name} must be a non-empty array of finite numbers")
        if np.any(values < 0):
            raise ValueError(f"{name} has negative entries")
        if abs(values.sum() - 1.0) > 1e-6:
            raise ValueError(f"{name} sums to {values.sum()!r}, not 1")
    support = p > 0                              # 0 log(0 / q) = 0, whatever q is
    if np.any(q[support] == 0):
        return math.inf / math.log(base)         # an outcome q rules out happens
    ps, qs = p[support], q[support]
    return float(np.sum(ps * np.log(ps / qs)) / math.log(base))


# %% nbgrader={"grade": true, "grade_id": "kl_divergence", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(kl_divergence([0.5, 0.5], [0.5, 0.5])) < 1e-12, "KL(p || p) = 0"
assert abs(kl_divergence([0.5, 0.5], [0.25, 0.75]) - (0.5 + 0.5 * math.log2(2 / 3))) < 1e-12, \
    "sum p log2(p / q) = 0.5 log2(0.5/0.25) + 0.5 log2(0.5/0.75), weighted by p (the first argument)"
assert abs(kl_divergence([0.1] * 5 + [0.5], [1 / 6] * 6) - 0.5 * math.log2(1.8)) < 1e-12, \
    "the loaded die of Section 1: 0.5 log2(1.8) = 0.424 bits"
assert abs(kl_divergence([1 / 6] * 6, [0.1] * 5 + [0.5]) - (5 / 6 * math.log2(5 / 3) - math.log2(3) / 6)) < 1e-12, \
    "the other direction is a different number (0.350 bits): KL is not symmetric"
assert abs(kl_divergence([0.5, 0.5], [0.25, 0.75], base=math.e)
           - (0.5 * math.log(2) + 0.5 * math.log(2 / 3))) < 1e-12, "in nats: natural logs"
assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf, \
    "q(x) = 0 where p(x) > 0: the divergence is +inf, not a large finite number"
assert abs(kl_divergence([1.0, 0.0], [0.5, 0.5]) - 1.0) < 1e-12, \
    "p(x) = 0 contributes nothing: KL([1, 0] || [0.5, 0.5]) = 1 bit"
assert isinstance(kl_divergence(np.array([0.2, 0.8]), np.array([0.5, 0.5])), float), "return a float"
try:
    kl_divergence([0.7, 0.6], [0.5, 0.5])
except ValueError:
    pass
else:
    raise AssertionError("[0.7, 0.6] sums to 1.3: kl_divergence must raise ValueError")

# %% [markdown]
# ## 3. Asymmetry
#
# $D_{\mathrm{KL}}(p\,\|\,q)$ averages the log ratio under $p$; swapping the arguments
# averages the opposite log ratio under $q$. Nothing forces the two to agree, and the
# loaded die above gave 0.424 and 0.350 bits. The asymmetry is sharpest at the edge of
# the support. Take $p = (\tfrac12, \tfrac12, 0)$ and $q = (\tfrac13, \tfrac13, \tfrac13)$:
# $$D_{\mathrm{KL}}(p\,\|\,q) = 2 \cdot \tfrac12 \log_2 \tfrac{1/2}{1/3} = \log_2 1.5 \approx 0.585 \text{ bits},
# \qquad D_{\mathrm{KL}}(q\,\|\,p) = \tfrac13 \log_2 \tfrac{1/3}{0} + \dots = +\infty .$$
# A model that spreads its mass more widely than the truth pays a finite price; a model
# that rules out something the truth allows pays an infinite one. Which argument is the
# "truth" and which the "model" is therefore a modelling decision, and Section 7 shows how
# much it changes the answer.
#
# The plot compares the two directions for coins: $p$ = Bernoulli(0.3) against
# $q_t$ = Bernoulli($t$). Both vanish at $t = 0.3$, but they rise at different rates,
# and only $D_{\mathrm{KL}}(p\,\|\,q_t)$ blows up at $t \to 0$ and $t \to 1$, where $q_t$
# rules out an outcome that $p$ allows.

# %% tags=["demo"]
import matplotlib.pyplot as plt

try:
    t = np.linspace(0.005, 0.995, 199)
    forward = [kl_divergence([0.7, 0.3], [1 - ti, ti]) for ti in t]
    reverse = [kl_divergence([1 - ti, ti], [0.7, 0.3]) for ti in t]
    plt.figure(figsize=(6, 3.5))
    plt.plot(t, forward, label="$D(p\\,\\|\\,q_t)$")
    plt.plot(t, reverse, label="$D(q_t\\,\\|\\,p)$")
    plt.axvline(0.3, color="k", lw=0.5)
    plt.ylim(0, 3)
    plt.xlabel("t = q_t(heads)")
    plt.ylabel("bits")
    plt.title("p = Bernoulli(0.3): the two directions differ")
    plt.legend()
    plt.show()
except NotImplementedError:
    print("Implement kl_divergence above to see this plot.")

# %% [markdown]
# ## 4. Two Gaussians, in closed form
#
# For $p = \mathcal{N}(\mu_p, \sigma_p^2)$ and $q = \mathcal{N}(\mu_q, \sigma_q^2)$ the
# integral can be done by hand. The log densities are
# $\ln p(x) = -\ln\sigma_p - \tfrac12\ln 2\pi - \frac{(x - \mu_p)^2}{2\sigma_p^2}$, and the
# same for $q$. Their difference is
# $$\ln\frac{p(x)}{q(x)} = \ln\frac{\sigma_q}{\sigma_p} - \frac{(x-\mu_p)^2}{2\sigma_p^2}
#   + \frac{(x-\mu_q)^2}{2\sigma_q^2}.$$
# Average over $X \sim p$ term by term:
#
# - $\mathbb{E}_p[(X - \mu_p)^2] = \sigma_p^2$ (the variance);
# - $\mathbb{E}_p[(X - \mu_q)^2] = \mathbb{E}_p[(X - \mu_p + \mu_p - \mu_q)^2]
#   = \sigma_p^2 + 2(\mu_p - \mu_q)\,\mathbb{E}_p[X - \mu_p] + (\mu_p - \mu_q)^2
#   = \sigma_p^2 + (\mu_p - \mu_q)^2$, since $\mathbb{E}_p[X - \mu_p] = 0$.
#
# Hence
# $$\boxed{D_{\mathrm{KL}}(p\,\|\,q) = \ln\frac{\sigma_q}{\sigma_p}
#   + \frac{\sigma_p^2 + (\mu_p - \mu_q)^2}{2\sigma_q^2} - \frac12 \quad\text{nats}.}$$
#
# Checks: for $p = q$ it is $0 + \tfrac12 - \tfrac12 = 0$. With equal widths
# $\sigma$ it is $\frac{(\mu_p-\mu_q)^2}{2\sigma^2}$, half the squared distance in units
# of $\sigma$. With equal means, writing $r = \sigma_p/\sigma_q$, it is
# $\tfrac12(r^2 - 1 - \ln r^2) \ge 0$ (since $\ln u \le u - 1$). And it is asymmetric:
# $D(\mathcal{N}(0,1)\,\|\,\mathcal{N}(0,4)) = \ln 2 + \tfrac18 - \tfrac12 \approx 0.318$, but
# $D(\mathcal{N}(0,4)\,\|\,\mathcal{N}(0,1)) = -\ln 2 + 2 - \tfrac12 \approx 0.807$ nats: a
# too-narrow model is punished harder than a too-wide one.
#
# Only the ratios $\sigma_p/\sigma_q$ and $(\mu_p - \mu_q)/\sigma_q$ appear: the divergence
# does not depend on the units of $x$ (Section 1). Compute it from those ratios: the
# squares $\sigma^2$ themselves underflow to 0 for $\sigma \approx 10^{-170}$ and overflow
# for $\sigma \approx 10^{170}$, while the ratios stay harmless.

# %% [markdown]
# ### Exercise 2: `kl_gaussian(mu_p, sigma_p, mu_q, sigma_q)`
#
# Return $D_{\mathrm{KL}}\big(\mathcal{N}(\mu_p, \sigma_p^2)\,\big\|\,\mathcal{N}(\mu_q, \sigma_q^2)\big)$
# in **nats**, as a `float`.
#
# - `sigma_p` and `sigma_q` are standard deviations (not variances); raise `ValueError`
#   if either is not positive. Numbers may be ints or floats.
# - The answer must be right at every scale: the hidden checks scale means and standard
#   deviations together by factors from $10^{-200}$ to $10^{200}$ (the divergence does not
#   change), so work with the ratios of Section 4.
# - The hidden checks compare with `torch.distributions.kl_divergence` of two `Normal`s
#   in float64.

# %% nbgrader={"grade": false, "grade_id": "kl_gaussian_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def kl_gaussian(mu_p, sigma_p, mu_q, sigma_q):
    """KL( N(mu_p, sigma_p^2) || N(mu_q, sigma_q^2) ) in nats.

    sigma_p, sigma_q : standard deviations, > 0
    Returns a float; ValueError for a non-positive standard deviation.
    """
    mu_p, sigma_p, mu_q, sigma_q = (float(v) for v in (mu_p, sigma_p, mu_q, sigma_q))
    if not (sigma_p > 0 and sigma_q > 0):
        raise ValueError(f"standard deviations must be positive, got {sigma_p!r}, {sigma_q!r}")
    ratio = sigma_p / sigma_q                    # ratios: no sigma**2 to under- or overflow
    shift = (mu_p - mu_q) / sigma_q
    return float(-math.log(ratio) + 0.5 * (ratio * ratio + shift * shift) - 0.5)


# %% nbgrader={"grade": true, "grade_id": "kl_gaussian", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(kl_gaussian(0, 1, 0, 1)) < 1e-12, "identical Gaussians: 0"
assert abs(kl_gaussian(1.0, 1.0, 0.0, 1.0) - 0.5) < 1e-12, "equal widths: (mu_p - mu_q)^2 / (2 sigma^2)"
assert abs(kl_gaussian(0.0, 1.0, 0.0, 2.0) - (math.log(2) + 1 / 8 - 1 / 2)) < 1e-12, \
    "N(0, 1) against N(0, 4): ln 2 + 1/8 - 1/2 = 0.318 nats (sigma is a standard deviation: square it)"
assert abs(kl_gaussian(0.0, 2.0, 0.0, 1.0) - (-math.log(2) + 2 - 1 / 2)) < 1e-12, \
    "the other direction: -ln 2 + 4/2 - 1/2 = 0.807 nats"
assert abs(kl_gaussian(3e-200, 1e-200, 0.0, 2e-200) - (math.log(2) + (1 + 9) / 8 - 0.5)) < 1e-9, \
    "tiny scales: the divergence depends only on ratios (sigma**2 underflows to 0 here)"
assert isinstance(kl_gaussian(0, 1, 1, 1), float), "return a float"
try:
    kl_gaussian(0.0, 0.0, 0.0, 1.0)
except ValueError:
    pass
else:
    raise AssertionError("sigma_p = 0 is no Gaussian density: raise ValueError")


# %% [markdown]
# ## 5. Estimating KL from samples
#
# Most KLs have no closed form (a Gaussian mixture against a Gaussian has none), but the
# second road of Section 1 wrote KL as an **expectation under $p$**:
# $$D_{\mathrm{KL}}(p\,\|\,q) = \mathbb{E}_{X\sim p}\big[\ell(X)\big], \qquad
#   \ell(x) = \log p(x) - \log q(x).$$
# Draw $x_1, \dots, x_n$ independently from $p$ and average:
# $$\widehat{D}_n = \frac1n \sum_{i=1}^n \big(\log p(x_i) - \log q(x_i)\big).$$
#
# - **Unbiased**: $\mathbb{E}[\widehat{D}_n] = \frac1n \sum_i \mathbb{E}_p[\ell(X)] = D_{\mathrm{KL}}$.
# - **Its error shrinks like $1/\sqrt{n}$**: the terms are independent, so
#   $\mathrm{Var}[\widehat{D}_n] = \frac1{n^2}\sum_i \mathrm{Var}[\ell(X)] = \frac{\mathrm{Var}_p[\ell(X)]}{n}$,
#   and the **standard error** is $\mathrm{SE} = s/\sqrt{n}$ with $s$ the sample standard
#   deviation of the $\ell(x_i)$. By the central limit theorem
#   $\widehat D_n$ lies within $\pm 2\,\mathrm{SE}$ of the truth about 95% of the time;
#   the hidden checks judge your estimate against a bound of this kind, computed from the
#   sample itself.
# - **Single terms can be negative** (wherever $q(x) > p(x)$), and so can the estimate
#   when $p$ and $q$ are close, although KL itself is not. That is the price of being
#   unbiased: do not clip the estimate at 0, and do not take absolute values.
# - The samples must come from $p$, the *first* argument. Averaging $\ell$ over samples
#   from $q$ estimates $-D_{\mathrm{KL}}(q\,\|\,p)$, another quantity. And the sample
#   itself does the weighting by $p(x)$: multiplying the terms by $p(x_i)$ again would
#   weight twice.

# %% [markdown]
# ### Exercise 3: `kl_monte_carlo(log_p, log_q, samples)`
#
# Return the Monte Carlo estimate $\frac1n\sum_i \big(\log p(x_i) - \log q(x_i)\big)$ as
# a `float`, in nats.
#
# - `log_p` and `log_q` are vectorised functions: called with a NumPy array of points
#   they return the array of log densities (natural logs), like `gaussian_logpdf` and
#   `mixture_logpdf` from the setup cell.
# - `samples` is a 1-D array-like of $n \ge 1$ points (a list works too), assumed to be
#   drawn from $p$. The estimate is exactly the sample mean, negative values included.
#   An empty sample raises `ValueError`.
# - The hidden checks compare with the mean computed directly, and judge the estimate on
#   fresh samples from $p$ against the exact KL (closed form, or numerical integration
#   for a mixture) within six standard errors of that very sample (a false alarm about
#   once in $10^9$ gradings). They also check that `samples` is not modified.

# %% nbgrader={"grade": false, "grade_id": "kl_monte_carlo_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def kl_monte_carlo(log_p, log_q, samples):
    """Monte Carlo estimate of KL(p || q) in nats from samples drawn from p.

    log_p, log_q : vectorised log densities (natural log)
    samples      : 1-D array-like of n >= 1 points drawn from p
    Returns mean(log_p(x) - log_q(x)) as a float.
    """
    x = np.array(samples, dtype=float)
    if x.size == 0:
        raise ValueError("need at least one sample")
    log_ratio = np.asarray(log_p(x), dtype=float) - np.asarray(log_q(x), dtype=float)
    return float(np.mean(log_ratio))


# %% nbgrader={"grade": true, "grade_id": "kl_monte_carlo", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
p_check, q_check = gaussian_logpdf(0.0, 1.0), gaussian_logpdf(0.0, 2.0)
assert abs(kl_monte_carlo(p_check, q_check, [0.0, 1.0])
           - ((p_check(0.0) - q_check(0.0)) + (p_check(1.0) - q_check(1.0))) / 2) < 1e-12, \
    "the mean of log p(x) - log q(x) over the given samples"
assert kl_monte_carlo(p_check, q_check, [3.0]) < 0, \
    "a single term can be negative (here q(3) > p(3)): no clipping at 0, no abs"
x_check = np.random.default_rng(0).normal(0.0, 1.0, size=20000)
assert abs(kl_monte_carlo(p_check, q_check, x_check) - (math.log(2) + 1 / 8 - 1 / 2)) < 0.01, \
    "20000 samples from N(0, 1): close to the exact 0.318 nats (standard error about 0.004)"
assert isinstance(kl_monte_carlo(p_check, q_check, np.array([0.5, -0.5])), float), "return a float"

# %% [markdown]
# The estimate for a Gaussian mixture $p$ against the standard normal $q$, for growing
# $n$, with a band of $\pm 2$ standard errors computed from each sample. The band
# narrows like $1/\sqrt n$ around the exact value (by numerical integration).

# %% tags=["demo"]
try:
    mix = dict(weights=[0.3, 0.7], means=[-2.0, 1.0], stds=[0.5, 0.8])
    lp, lq = mixture_logpdf(**mix), gaussian_logpdf(0.0, 1.0)
    grid = np.linspace(-10, 10, 20001)
    exact = np.trapezoid(np.exp(lp(grid)) * (lp(grid) - lq(grid)), grid)
    demo_rng = np.random.default_rng(1)
    ns = np.unique(np.logspace(1, 4.5, 30).astype(int))
    estimates, errors = [], []
    for n in ns:
        comp = demo_rng.choice(2, size=n, p=mix["weights"])
        x = demo_rng.normal(np.array(mix["means"])[comp], np.array(mix["stds"])[comp])
        estimates.append(kl_monte_carlo(lp, lq, x))
        errors.append(np.std(lp(x) - lq(x), ddof=1) / math.sqrt(n))
    estimates, errors = np.array(estimates), np.array(errors)
    plt.figure(figsize=(6, 3.5))
    plt.semilogx(ns, estimates, ".-", label="Monte Carlo estimate")
    plt.fill_between(ns, estimates - 2 * errors, estimates + 2 * errors, alpha=0.3,
                     label="± 2 standard errors")
    plt.axhline(exact, color="k", ls="--", label=f"exact {exact:.3f} nats")
    plt.xlabel("number of samples n")
    plt.ylabel("nats")
    plt.legend()
    plt.title("KL(mixture || N(0, 1)) from samples")
    plt.show()
except NotImplementedError:
    print("Implement kl_monte_carlo above to see this plot.")

# %% [markdown]
# ## 6. Maximum likelihood is KL minimisation
#
# Data $x_1, \dots, x_N$ take values in $\{0, \dots, K-1\}$. Their **empirical
# distribution** is $\hat p(k) = n_k / N$, with $n_k$ the number of times $k$ occurs. A
# model $q$ (a PMF on the same values) gives the data the average negative
# log-likelihood
# $$\mathrm{NLL}(q) = -\frac1N \sum_{i=1}^N \ln q(x_i).$$
# Group the sum by value: $k$ appears $n_k$ times, so
# $$\mathrm{NLL}(q) = -\sum_{k} \frac{n_k}{N} \ln q(k) = -\sum_k \hat p(k) \ln q(k) = H(\hat p, q).$$
# Add and subtract $\sum_k \hat p(k) \ln \hat p(k)$ (over the values that occur):
# $$\mathrm{NLL}(q) = \underbrace{-\sum_k \hat p(k) \ln \hat p(k)}_{H(\hat p)}
#   + \underbrace{\sum_k \hat p(k) \ln \frac{\hat p(k)}{q(k)}}_{D_{\mathrm{KL}}(\hat p\,\|\,q)} \quad\text{nats}.$$
#
# - $H(\hat p)$ depends on the data only. Minimising the NLL over $q$ (maximum
#   likelihood) is therefore **the same as minimising** $D_{\mathrm{KL}}(\hat p\,\|\,q)$,
#   the forward KL from the data to the model.
# - By Gibbs, $D_{\mathrm{KL}}(\hat p\,\|\,q) \ge 0$ with equality only at $q = \hat p$: when
#   every PMF is allowed, the maximum-likelihood model is the empirical distribution,
#   and the smallest achievable NLL is $H(\hat p)$.
# - If the model gives probability 0 to a value that occurs in the data, the NLL is
#   $+\infty$ (and so is $D_{\mathrm{KL}}(\hat p\,\|\,q)$). A value the model allows but
#   the data never show costs nothing.
# - The loss is an average, not a sum: it does not grow with $N$, which keeps learning
#   rates independent of the data set's size.

# %% [markdown]
# ### Exercise 4: `negative_log_likelihood(samples, q)`
#
# Return $-\frac1N \sum_i \ln q(x_i)$, the **average** negative log-likelihood in
# **nats**, as a `float`.
#
# - `q` is a 1-D PMF over $\{0, \dots, K-1\}$ (entries $\ge 0$ summing to 1 within
#   `1e-6`; $K = 1$, `q = [1.0]`, is allowed); otherwise (a table, a negative entry, a
#   wrong sum) raise `ValueError`.
# - `samples` is a 1-D array-like (list or array) of $N \ge 1$ integers in
#   $\{0, \dots, K-1\}$. Raise `ValueError` for an empty sample, for a value outside that
#   range (mind that `q[-1]` is silently the last entry in Python), and for a
#   non-integer value such as `1.5`.
# - Return `math.inf` when a sample has $q(x_i) = 0$; values with $q(k) = 0$ that do not
#   occur are harmless (no `nan`, no warning).
# - The hidden checks compare with $H(\hat p) + D_{\mathrm{KL}}(\hat p\,\|\,q)$ computed with
#   SciPy, and check that `samples` and `q` are not modified.

# %% nbgrader={"grade": false, "grade_id": "negative_log_likelihood_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def negative_log_likelihood(samples, q):
    """Average negative log-likelihood (nats) of integer samples under the PMF q.

    samples : 1-D array-like of N >= 1 integers in 0..len(q)-1
    q       : 1-D PMF (entries >= 0, sum 1 within 1e-6)
    Returns -mean(log q[samples]) as a float; inf if some sample has q = 0.
    """
    q = np.array(q, dtype=float)
    if q.ndim != 1 or q.size == 0 or not np.all(np.isfinite(q)):
        raise ValueError("q must be a non-empty 1-D array of finite numbers")
    if np.any(q < 0):
        raise ValueError("q has negative entries")
    if abs(q.sum() - 1.0) > 1e-6:
        raise ValueError(f"q sums to {q.sum()!r}, not 1")
    x = np.array(samples, dtype=float)
    if x.ndim != 1 or x.size == 0:
        raise ValueError("samples must be a non-empty 1-D array of integers")
    if not np.all(np.isfinite(x)) or np.any(x != np.round(x)):
        raise ValueError("samples must be whole numbers")
    if np.any(x < 0) or np.any(x >= q.size):
        raise ValueError(f"samples must lie in 0..{q.size - 1}")
    likelihoods = q[x.astype(int)]
    if np.any(likelihoods == 0):
        return math.inf                          # the model rules out an observed value
    return float(-np.mean(np.log(likelihoods)))


# %% nbgrader={"grade": true, "grade_id": "negative_log_likelihood", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(negative_log_likelihood([0, 0, 1, 2], [0.5, 0.25, 0.25]) - 1.5 * math.log(2)) < 1e-12, \
    "-(2 ln 0.5 + ln 0.25 + ln 0.25) / 4 = 1.5 ln 2 nats: an average, in natural logs"
assert abs(negative_log_likelihood([1, 1, 1, 0], [0.1, 0.9])
           - (-(0.75 * math.log(0.75) + 0.25 * math.log(0.25))
              + 0.75 * math.log(0.75 / 0.9) + 0.25 * math.log(0.25 / 0.1))) < 1e-12, \
    "NLL = H(p_hat) + KL(p_hat || q) with p_hat = [0.25, 0.75]"
assert abs(negative_log_likelihood([0, 1], [0.5, 0.5, 0.0]) - math.log(2)) < 1e-12, \
    "a value the model allows 0 probability but the data never show costs nothing"
assert negative_log_likelihood([0, 2], [0.5, 0.5, 0.0]) == math.inf, \
    "an observed value with q = 0: the likelihood is 0, the NLL +inf"
for samples_check, why_check in (([0, 3], "3 is not a value of a PMF with 3 entries (0, 1, 2)"),
                                 ([0, -1], "-1 is no value either (q[-1] would silently be q[2])")):
    try:
        negative_log_likelihood(samples_check, [0.5, 0.25, 0.25])
    except ValueError:
        pass
    else:
        raise AssertionError(f"{why_check}: raise ValueError")

# %% [markdown]
# Numerically: 400 rolls of a loaded die, and three models. For each, the NLL and the
# sum $H(\hat p) + D_{\mathrm{KL}}(\hat p\,\|\,q)$ agree to the last digits; the empirical
# distribution itself attains the floor $H(\hat p)$. Below, the NLL along the family
# $q_t = (1 - t)\,u + t\,\hat p$ between the uniform PMF $u$ and $\hat p$ falls to that
# floor at $t = 1$, and the gap above the floor is exactly the KL.

# %% tags=["demo"]
try:
    demo_rng = np.random.default_rng(2)
    die = np.array([0.1, 0.1, 0.1, 0.1, 0.1, 0.5])
    rolls = demo_rng.choice(6, size=400, p=die)
    p_hat = np.bincount(rolls, minlength=6) / len(rolls)
    h_hat = -float(np.sum(p_hat[p_hat > 0] * np.log(p_hat[p_hat > 0])))
    models = {"fair die": np.full(6, 1 / 6), "true die": die, "empirical p_hat": p_hat}
    print(f"H(p_hat) = {h_hat:.6f} nats")
    for name, q in models.items():
        nll = negative_log_likelihood(rolls, q)
        kl = kl_divergence(p_hat, q, base=math.e)
        print(f"{name:>16}: NLL = {nll:.6f}   H(p_hat) + KL(p_hat || q) = {h_hat + kl:.6f}")
    ts = np.linspace(0, 1, 101)
    nlls = [negative_log_likelihood(rolls, (1 - t) * np.full(6, 1 / 6) + t * p_hat) for t in ts]
    plt.figure(figsize=(6, 3.5))
    plt.plot(ts, nlls, label="NLL$(q_t)$ = $H(\\hat p) + D(\\hat p\\,\\|\\,q_t)$")
    plt.axhline(h_hat, color="k", ls="--", label="floor $H(\\hat p)$")
    plt.xlabel("t  ($q_t = (1 - t)\\,$uniform$ + t\\,\\hat p$)")
    plt.ylabel("nats per roll")
    plt.legend()
    plt.title("maximum likelihood = minimum KL to the data")
    plt.show()
except NotImplementedError:
    print("Implement kl_divergence and negative_log_likelihood above to see this.")

# %% [markdown]
# ## 7. Forward vs reverse KL: fitting a Gaussian to two modes
#
# Let $p$ be a bimodal mixture $p(x) = \sum_k w_k\,\mathcal{N}(x; m_k, s_k^2)$ and fit a
# single Gaussian $q_\theta = \mathcal{N}(\mu, \sigma^2)$ to it. There are two ways to
# ask "make $q$ close to $p$", and they give very different answers.
#
# ### Forward KL, $D_{\mathrm{KL}}(p\,\|\,q_\theta)$: mode covering
#
# Split the divergence: $D_{\mathrm{KL}}(p\,\|\,q_\theta) = -h(p) + \mathbb{E}_p[-\ln q_\theta(X)]$.
# The first term does not depend on $\theta$ (it is maximum likelihood again, with
# infinitely many samples from $p$). With
# $-\ln q_\theta(x) = \ln\sigma + \tfrac12\ln 2\pi + \frac{(x-\mu)^2}{2\sigma^2}$,
# $$J(\mu, \sigma) = \mathbb{E}_p[-\ln q_\theta(X)] = \ln\sigma + \tfrac12\ln 2\pi + \frac{\mathbb{E}_p[(X - \mu)^2]}{2\sigma^2}.$$
# Set the derivatives to zero:
#
# - $\partial J/\partial\mu = -\mathbb{E}_p[X - \mu]/\sigma^2 = 0 \;\Rightarrow\; \mu = \mathbb{E}_p[X]$;
# - $\partial J/\partial\sigma = \frac1\sigma - \frac{\mathbb{E}_p[(X-\mu)^2]}{\sigma^3} = 0
#   \;\Rightarrow\; \sigma^2 = \mathbb{E}_p[(X - \mu)^2] = \mathrm{Var}_p[X]$.
#
# (It is the minimum: $J \to \infty$ as $\sigma \to 0$ or $\infty$, and this is the only
# stationary point.) The forward fit **matches the moments** of $p$. For the mixture, pick
# a component $K$ with $P(K = k) = w_k$, then $X \mid K=k \sim \mathcal{N}(m_k, s_k^2)$:
# $$\mu = \mathbb{E}[X] = \sum_k w_k m_k, \qquad
#   \sigma^2 = \underbrace{\mathbb{E}\big[\mathrm{Var}(X \mid K)\big]}_{\sum_k w_k s_k^2}
#   + \underbrace{\mathrm{Var}\big(\mathbb{E}[X\mid K]\big)}_{\sum_k w_k (m_k - \mu)^2}$$
# (the law of total variance). The second term, the spread of the means, makes the fit
# wide: with two well separated modes, $q$ puts its mean **between** them, in a valley
# where $p$ has almost no mass, and stretches to cover both. That is what the forward
# direction asks: wherever $p(x) > 0$, $q(x)$ must not be small, because $p$'s mass
# there multiplies $\ln\frac{p}{q}$ (Section 3: zero-avoiding).
#
# Compute $\sigma^2$ from deviations $m_k - \mu$ as written, not as
# $\sum_k w_k(s_k^2 + m_k^2) - \mu^2$: for a mixture near $x = 10^6$ that difference of
# two numbers near $10^{12}$ loses all but a few digits.
#
# ### Reverse KL, $D_{\mathrm{KL}}(q_\theta\,\|\,p)$: mode seeking
#
# Now the average is under $q$:
# $$D_{\mathrm{KL}}(q_\theta\,\|\,p) = \int q_\theta(x)\,\big[\ln q_\theta(x) - \ln p(x)\big]\,dx .$$
# Where $q_\theta$ is small the integrand is small, whatever $p$ does: $q$ may ignore
# parts of $p$. But where $q_\theta(x) > 0$ and $p(x) \approx 0$, $-\ln p(x)$ is huge:
# $q$ must stay **inside** $p$'s mass (zero-forcing). Faced with two separated modes, a
# single Gaussian cannot cover both without putting mass in the valley, so the best
# reverse fit sits on **one mode** (for well separated modes, on the heavier one, where
# $D \approx -\ln w_k$) and has roughly that mode's width. Variational inference
# (assignment 04) minimises this direction, which is why its posteriors tend to be too
# narrow.
#
# There is no closed form, so we search: for every $(\mu, \sigma)$ of a grid, compute
# the integral by the **trapezoid rule** on a grid of points $x_0 < x_1 < \dots < x_M$,
# $$\int f(x)\,dx \approx \sum_{j=1}^{M} \frac{f(x_{j-1}) + f(x_j)}{2}\,(x_j - x_{j-1})$$
# (`np.trapezoid(f, x)`, called `np.trapz` before NumPy 2; the spacing may be uneven),
# and keep the pair with the smallest value. Evaluate $\ln q_\theta(x)$ from its formula,
# never as `np.log` of the density: far in the tails $q_\theta(x)$ underflows to 0,
# `np.log(0)` is `-inf`, and $0 \cdot (-\infty)$ is `nan`. From the formula,
# $q \ln q \to 0 \cdot (\text{a large negative number}) = 0$, as it should.

# %% [markdown]
# ### Exercise 5: `forward_kl_gaussian_fit(weights, means, stds)`
#
# Return the pair `(mu, sigma)` (two floats, `sigma` a standard deviation) of the Gaussian
# minimising $D_{\mathrm{KL}}(p\,\|\,\mathcal{N}(\mu, \sigma^2))$ for the mixture
# $p = \sum_k w_k\,\mathcal{N}(m_k, s_k^2)$: the mixture's mean and standard deviation.
#
# - `weights`, `means` and `stds` are 1-D array-likes of the same length $K \ge 1$.
#   `weights` is a PMF (entries $\ge 0$, summing to 1 within `1e-6`; a zero weight is
#   allowed), `stds` are positive. Otherwise (different lengths, no component, a
#   negative weight, a wrong sum, a standard deviation $\le 0$) raise `ValueError`.
# - Include both parts of the variance (within the components and between their means),
#   and keep it accurate for a mixture far from 0 (means near $10^6$, unit spreads).
# - The hidden checks compare with the mean and standard deviation of $p$ computed by
#   numerical integration (and, far from 0, in exact rational arithmetic), and check that
#   the inputs are not modified.

# %% nbgrader={"grade": false, "grade_id": "forward_kl_gaussian_fit_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def forward_kl_gaussian_fit(weights, means, stds):
    """The Gaussian (mu, sigma) minimising KL(p || N(mu, sigma^2)) for the mixture
    p = sum_k weights[k] N(means[k], stds[k]^2): moment matching.

    Returns a tuple of two floats (mu, sigma).
    """
    w = np.array(weights, dtype=float)
    m = np.array(means, dtype=float)
    s = np.array(stds, dtype=float)
    if w.ndim != 1 or w.size == 0 or w.shape != m.shape or w.shape != s.shape:
        raise ValueError("weights, means and stds must be 1-D of the same, non-zero length")
    if not (np.all(np.isfinite(w)) and np.all(np.isfinite(m)) and np.all(np.isfinite(s))):
        raise ValueError("weights, means and stds must be finite")
    if np.any(w < 0) or abs(w.sum() - 1.0) > 1e-6:
        raise ValueError("weights must be non-negative and sum to 1")
    if np.any(s <= 0):
        raise ValueError("stds must be positive")
    mu = float(np.sum(w * m))
    variance = float(np.sum(w * (s * s + (m - mu) ** 2)))   # within + between components
    return mu, math.sqrt(variance)


# %% nbgrader={"grade": true, "grade_id": "forward_kl_gaussian_fit", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
fit_check = forward_kl_gaussian_fit([1.0], [2.0], [0.5])
assert isinstance(fit_check, tuple) and len(fit_check) == 2, "return a tuple (mu, sigma)"
assert abs(fit_check[0] - 2.0) < 1e-12 and abs(fit_check[1] - 0.5) < 1e-12, \
    "a single Gaussian is fitted exactly by itself"
fit_check = forward_kl_gaussian_fit([0.5, 0.5], [-2.0, 2.0], [1.0, 1.0])
assert abs(fit_check[0]) < 1e-12, "the mean of a symmetric mixture is 0"
assert abs(fit_check[1] - math.sqrt(5.0)) < 1e-12, \
    "sigma^2 = 1 (within the components) + 4 (between their means) = 5: sigma = sqrt(5)"
fit_check = forward_kl_gaussian_fit([0.25, 0.75], [0.0, 4.0], [1.0, 2.0])
assert abs(fit_check[0] - 3.0) < 1e-12 and abs(fit_check[1] - math.sqrt(6.25)) < 1e-12, \
    "mu = 0.75 * 4 = 3; sigma^2 = (0.25 * 1 + 0.75 * 4) + (0.25 * 9 + 0.75 * 1) = 6.25"


# %% [markdown]
# ### Exercise 6: `reverse_kl_gaussian_fit(log_p, x_grid, mu_grid, sigma_grid)`
#
# Return the pair `(mu, sigma)` with `mu` taken from `mu_grid` and `sigma` from
# `sigma_grid` that minimises
# $$D(\mu, \sigma) = \mathrm{trapezoid}_{x\_grid}\Big(q_{\mu,\sigma}(x)\,\big[\ln q_{\mu,\sigma}(x) - \mathtt{log\_p}(x)\big]\Big),
#   \qquad q_{\mu,\sigma} = \mathcal{N}(\mu, \sigma^2),$$
# over all pairs of the two grids (every combination: `len(mu_grid) * len(sigma_grid)`
# candidates), as a tuple of two floats.
#
# - `log_p` is a vectorised log density (natural log), like `mixture_logpdf(...)`.
# - `x_grid` is a strictly increasing 1-D array-like of at least 2 points (no repeated
#   point), possibly unevenly spaced, and it need not cover all of $q$'s mass: integrate
#   with the trapezoid rule on exactly these points (do not assume equal spacing, do not
#   renormalise $q$ on the grid; $q$ is the Gaussian density itself). Otherwise raise
#   `ValueError`.
# - `mu_grid` and `sigma_grid` are 1-D array-likes of at least one value each (in any
#   order); every sigma must be positive. Raise `ValueError` for an empty grid or a
#   sigma $\le 0$.
# - Compute $\ln q$ from its formula, so that tails where $q$ underflows contribute 0
#   (no `nan`). If several pairs tie for the minimum, any of them is correct.
# - The hidden checks compute $D$ for every pair themselves and accept any pair whose
#   value is the grid's minimum (up to rounding); they also compare with the continuous
#   optimum of the same objective found by `scipy.optimize`, within one grid spacing, and
#   check that no input is modified.

# %% nbgrader={"grade": false, "grade_id": "reverse_kl_gaussian_fit_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def reverse_kl_gaussian_fit(log_p, x_grid, mu_grid, sigma_grid):
    """Grid search for the Gaussian (mu, sigma) minimising KL(N(mu, sigma^2) || p),
    integrals by the trapezoid rule on x_grid.

    Returns a tuple of two floats (mu, sigma), mu from mu_grid and sigma from sigma_grid.
    """
    x = np.array(x_grid, dtype=float)
    mus = np.array(mu_grid, dtype=float)
    sigmas = np.array(sigma_grid, dtype=float)
    if x.ndim != 1 or x.size < 2 or np.any(np.diff(x) <= 0):
        raise ValueError("x_grid must be a strictly increasing 1-D grid of at least 2 points")
    if mus.ndim != 1 or mus.size == 0 or sigmas.ndim != 1 or sigmas.size == 0:
        raise ValueError("mu_grid and sigma_grid must be non-empty 1-D grids")
    if np.any(sigmas <= 0):
        raise ValueError("every sigma of sigma_grid must be positive")
    log_p_x = np.asarray(log_p(x), dtype=float)
    best, best_value = None, math.inf
    for mu in mus:
        # every sigma at once for this mu: one row of log q on the x grid per sigma
        log_q = -0.5 * ((x - mu) / sigmas[:, None]) ** 2 \
            - np.log(sigmas * math.sqrt(2 * math.pi))[:, None]
        values = np.trapezoid(np.exp(log_q) * (log_q - log_p_x), x, axis=-1)
        for sigma, value in zip(sigmas, values):
            if value < best_value:
                best, best_value = (float(mu), float(sigma)), value
    return best


# %% nbgrader={"grade": true, "grade_id": "reverse_kl_gaussian_fit", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
log_p_check = mixture_logpdf([0.7, 0.3], [-2.0, 3.0], [0.6, 0.6])
fit_check = reverse_kl_gaussian_fit(log_p_check, np.linspace(-8, 9, 341),
                                    np.linspace(-4, 5, 19), np.linspace(0.2, 3.0, 8))
assert isinstance(fit_check, tuple) and len(fit_check) == 2, "return a tuple (mu, sigma)"
assert abs(fit_check[0] + 2.0) < 0.25 and abs(fit_check[1] - 0.6) < 0.25, \
    "reverse KL seeks a mode: here the heavier one, N(-2, 0.6^2), not a wide Gaussian over both"
fit_check = reverse_kl_gaussian_fit(gaussian_logpdf(1.0, 0.5), np.linspace(-4, 6, 501),
                                    [0.0, 0.5, 1.0, 1.5], [0.25, 0.5, 1.0])
assert fit_check == (1.0, 0.5), "when p is a Gaussian of the grid, the fit is p itself (KL = 0)"

# %% [markdown]
# Both fits over the same bimodal mixture. The forward fit (moment matching) is wide
# and centred in the valley between the modes, covering both; the reverse fit sits on
# the heavier mode and ignores the other. Neither is "wrong": they answer different
# questions. The bars compare what each fit costs in both directions.

# %% tags=["demo"]
try:
    mix = dict(weights=[0.6, 0.4], means=[-2.5, 2.0], stds=[0.7, 1.0])
    lp = mixture_logpdf(**mix)
    xs = np.linspace(-9, 9, 1801)
    mu_f, sigma_f = forward_kl_gaussian_fit(**mix)
    mu_r, sigma_r = reverse_kl_gaussian_fit(lp, xs, np.linspace(-4, 4, 81),
                                            np.linspace(0.2, 4.0, 39))

    def both_directions(mu, sigma):
        lq = gaussian_logpdf(mu, sigma)(xs)
        return (np.trapezoid(np.exp(lp(xs)) * (lp(xs) - lq), xs),
                np.trapezoid(np.exp(lq) * (lq - lp(xs)), xs))

    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), gridspec_kw={"width_ratios": [2, 1]})
    axes[0].fill_between(xs, np.exp(lp(xs)), color="0.8", label="mixture p")
    axes[0].plot(xs, np.exp(gaussian_logpdf(mu_f, sigma_f)(xs)), "C0",
                 label=f"forward KL fit N({mu_f:.2f}, {sigma_f:.2f}²): mode covering")
    axes[0].plot(xs, np.exp(gaussian_logpdf(mu_r, sigma_r)(xs)), "C3",
                 label=f"reverse KL fit N({mu_r:.2f}, {sigma_r:.2f}²): mode seeking")
    axes[0].set(xlabel="x", ylabel="density", title="one Gaussian fitted to two modes")
    axes[0].legend(fontsize=8)
    costs = np.array([both_directions(mu_f, sigma_f), both_directions(mu_r, sigma_r)])
    positions = np.arange(2)
    axes[1].bar(positions - 0.2, costs[:, 0], 0.4, label="$D(p\\,\\|\\,q)$")
    axes[1].bar(positions + 0.2, costs[:, 1], 0.4, label="$D(q\\,\\|\\,p)$")
    axes[1].set_xticks(positions, ["forward fit", "reverse fit"])
    axes[1].set(ylabel="nats", title="each fit wins its own direction")
    axes[1].legend(fontsize=8)
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement forward_kl_gaussian_fit and reverse_kl_gaussian_fit to see this plot.")

# %% [markdown]
# ## Summary
#
# - $D_{\mathrm{KL}}(p\,\|\,q) = \sum_x p(x)\log\frac{p(x)}{q(x)} = H(p, q) - H(p)$: the extra
#   code length of believing $q$, and the average evidence per sample for $p$ against
#   $q$. Terms with $p(x) = 0$ vanish; $q(x) = 0 < p(x)$ makes it infinite. For
#   densities the bin width cancels, so KL has no units problem.
# - Gibbs: $D_{\mathrm{KL}} \ge 0$ with equality only at $q = p$, from Jensen's inequality
#   for the concave logarithm.
# - It is not symmetric; for Gaussians,
#   $D = \ln\frac{\sigma_q}{\sigma_p} + \frac{\sigma_p^2 + (\mu_p-\mu_q)^2}{2\sigma_q^2} - \frac12$.
# - As an expectation under $p$ it has an unbiased Monte Carlo estimate whose standard
#   error is $s/\sqrt n$.
# - The average NLL is $H(\hat p) + D_{\mathrm{KL}}(\hat p\,\|\,q)$: maximum likelihood
#   minimises the forward KL from the data to the model.
# - Forward KL covers modes (moment matching); reverse KL seeks one mode.
#
# Next: Gaussians in many dimensions and their KL in closed form (assignment 03).
