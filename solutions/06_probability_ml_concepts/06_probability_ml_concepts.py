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
# # 06 · Probability in machine learning: the Bayesian foundation
#
# *Machine Learning from an Information-Theoretic Perspective*
#
# A model is a set of beliefs, and learning is changing them in the light of data.
# Probability theory says exactly how: by **Bayes' theorem**. This notebook derives it
# and follows it all the way to the losses and regularisers you use every day.
#
# 1. **Joint, marginal and conditional probability**, and the **law of total
#    probability**.
# 2. **Bayes' theorem**, derived two ways (from the product rule, and by counting), and
#    its vocabulary: **prior, likelihood, evidence, posterior**.
# 3. **Probability vs likelihood**: the same formula $P(D \mid \theta)$ read as a
#    function of the data (a distribution) or of the parameter (not one: it need not
#    integrate to 1).
# 4. **Sequential updating**: yesterday's posterior is today's prior, and updating one
#    observation at a time gives exactly the one batch update.
# 5. **Conjugacy**: a Beta prior and coin flips give a Beta posterior; its mode is the
#    **MAP** estimate.
# 6. **Losses are negative log-likelihoods**: binary cross-entropy from the Bernoulli,
#    squared error from the Gaussian.
# 7. **Regularisers are priors**: a Gaussian prior on the weights turns least squares
#    into ridge regression.
#
# You implement eight functions:
#
# | # | exercise | points | what it is |
# | --- | --- | --- | --- |
# | 1 | `evidence(prior, likelihood)` | 2 | $P(D) = \sum_k P(h_k)\,P(D \mid h_k)$ |
# | 2 | `bayes_posterior(prior, likelihood)` | 3 | $P(h_k \mid D)$ |
# | 3 | `sequential_posterior(prior, likelihood_table, observations)` | 4 | the posterior after each of $T$ observations |
# | 4 | `beta_binomial_update(alpha, beta, heads, tails)` | 2 | Beta prior + coin flips → Beta posterior |
# | 5 | `beta_map(alpha, beta)` | 1.5 | the mode of $\mathrm{Beta}(\alpha, \beta)$ |
# | 6 | `bernoulli_log_likelihood(theta, data)` | 2.5 | $\log P(\text{data} \mid \theta)$ of 0/1 data, nats |
# | 7 | `gaussian_nll(y, mu, sigma)` | 2 | mean Gaussian negative log-likelihood, nats |
# | 8 | `ridge_map(X, y, noise_var, prior_var)` | 3 | MAP weights under a Gaussian prior = ridge regression |
# | | **total** | **20** | |
#
# **How you are graded.** Each function has a solution cell (replace
# `raise NotImplementedError()`) followed by a test cell. The test cell's visible
# asserts are quick examples you can run now; when the notebook is graded, hidden
# checks call your function on random inputs and on edge cases, and compare with
# independent references (SciPy's distributions, scikit-learn's `Ridge`, closed forms,
# computations in log space, identities such as "sequential = batch"). The course's
# grader (`python -m autograder`) draws a fresh seed for every run and records it in the
# result (`--seed N` reproduces a run); nbgrader's `autograde` uses one fixed seed
# (`course_config.NBGRADER_SEED`). Either way you do not see the inputs in advance:
# make the function right, not just the examples. If a visible assert fails, nbgrader
# scores that exercise 0 (the course's grader reports the failure and scores only the
# hidden checks), so make them pass first. Plot cells are tagged `demo`; they are not
# graded. Every requirement the hidden checks grade is written in the exercise's task
# statement.
#
# **Conventions (the same in every assignment of the course).**
#
# - Inputs are *array-likes*: lists, tuples or NumPy arrays of any float dtype. Scalar
#   results are returned as a Python `float`, arrays as `np.ndarray`. **Never modify an
#   input** (the hidden checks compare every argument before and after the call).
# - Logarithms here are **natural** (nats), as in every loss of PyTorch.
# - $0 \log 0 = 0$. An outcome the model calls impossible that happens has
#   log-likelihood $-\infty$: never clamp a probability to `1e-10` or add an epsilon.
# - A probability vector (a prior) must be 1-D with finite, non-negative entries summing
#   to 1 **within `1e-6`**. Invalid input raises `ValueError` with a message that says
#   what is wrong.
# - Don't let NumPy print warnings (`np.log(0)` warns "divide by zero", `0 / 0` warns
#   "invalid value"): a graded cell that writes to stderr scores 0 in nbgrader.
#
# The setup cell below gives you two validation helpers, `as_pmf` and `as_nonnegative`;
# use them (or write your own).

# %%
import math

import numpy as np


def as_pmf(values, name):
    """A float64 copy of a 1-D probability vector.

    Raises ValueError unless it is 1-D, non-empty, finite, non-negative and sums to 1
    within 1e-6.
    """
    p = np.array(values, dtype=float)            # a copy: the caller's data stays as it is
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D vector, got shape {p.shape}")
    if not np.all(np.isfinite(p)):
        raise ValueError(f"{name} contains nan or inf")
    if np.any(p < 0):
        raise ValueError(f"{name} has negative entries")
    if abs(p.sum() - 1.0) > 1e-6:
        raise ValueError(f"{name} sums to {p.sum()!r}, not 1")
    return p


def as_nonnegative(values, name, shape=None):
    """A float64 copy of an array of finite, non-negative numbers (of ``shape``, if given)."""
    a = np.array(values, dtype=float)
    if shape is not None and a.shape != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {a.shape}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} contains nan or inf")
    if np.any(a < 0):
        raise ValueError(f"{name} has negative entries")
    return a


# %% [markdown]
# ## 1. Joint, marginal, conditional, and the law of total probability
#
# Two random variables $X$ and $Y$ (or two events) are described by their **joint**
# probability $P(X = x, Y = y)$. Summing out one of them gives a **marginal**,
# $P(X = x) = \sum_y P(X = x, Y = y)$ (assignment 00). The **conditional** probability
# of $A$ given $B$ is the fraction of $B$'s probability that also lies in $A$:
# $$P(A \mid B) = \frac{P(A \cap B)}{P(B)} \qquad (P(B) > 0).$$
# Read it as "restrict the world to $B$, then renormalise so that $B$ has probability
# 1". Multiplying out gives the **product rule**
# $$P(A \cap B) = P(A \mid B)\,P(B) = P(B \mid A)\,P(A),$$
# the second form by the same definition with the roles of $A$ and $B$ exchanged.
#
# **The law of total probability.** Let the hypotheses $h_1, \dots, h_K$ be a
# *partition*: exactly one of them is true, so they are disjoint and
# $h_1 \cup \dots \cup h_K$ is everything. Then any event $D$ is cut into disjoint
# pieces, $D = (D \cap h_1) \cup \dots \cup (D \cap h_K)$, and, step by step,
# $$P(D) \overset{\text{disjoint}}{=} \sum_{k=1}^K P(D \cap h_k)
#   \overset{\text{product rule}}{=} \sum_{k=1}^K P(D \mid h_k)\, P(h_k).$$
# The probability of the data is the average of what each hypothesis predicts,
# weighted by how much we believe that hypothesis.
#
# **Example (a medical test).** A disease has prevalence $P(\text{sick}) = 0.01$. The
# test detects it with probability $P(+ \mid \text{sick}) = 0.99$, and raises a false
# alarm with probability $P(+ \mid \text{healthy}) = 0.05$. How often is the test
# positive?
# $$P(+) = 0.99 \cdot 0.01 + 0.05 \cdot 0.99 = 0.0099 + 0.0495 = 0.0594 .$$
# Almost 6 % of all tests are positive, although only 1 % of the people are sick.
#
# ## 2. Bayes' theorem, derived two ways
#
# **First derivation: the product rule, read both ways.** The two forms of the product
# rule are equal, $P(h \mid D)\,P(D) = P(D \mid h)\,P(h)$. Divide by $P(D) > 0$ and expand
# $P(D)$ with the law of total probability:
# $$\boxed{P(h_k \mid D) = \frac{P(D \mid h_k)\,P(h_k)}{P(D)}
#   = \frac{P(D \mid h_k)\,P(h_k)}{\sum_{j} P(D \mid h_j)\,P(h_j)}.}$$
#
# **Second derivation: counting.** Picture $N$ people (or $N$ repetitions of the
# experiment). About $N\,P(h_k)$ of them are in situation $h_k$, and of those about
# $N\,P(h_k)\,P(D \mid h_k)$ show the data $D$. Altogether $\sum_j N\,P(h_j)\,P(D \mid h_j)$
# show $D$. Among the people who show $D$, the fraction in situation $h_k$ is
# $$\frac{N\,P(h_k)\,P(D \mid h_k)}{\sum_j N\,P(h_j)\,P(D \mid h_j)},$$
# and $N$ cancels: the same formula. For the medical test, out of $N = 10\,000$ people,
# 100 are sick and 99 of them test positive; of the 9 900 healthy people, 495 test
# positive. So
# $$P(\text{sick} \mid +) = \frac{99}{99 + 495} = \frac{99}{594} = \frac16 \approx 0.167 .$$
# A positive result raises the probability of the disease from 1 % to about 17 %, no
# more: the false alarms from the many healthy people outnumber the true detections.
#
# **The vocabulary.** In $P(h \mid D) = P(D \mid h)\,P(h) / P(D)$:
#
# | term | name | what it is |
# | --- | --- | --- |
# | $P(h)$ | **prior** | what we believed before seeing $D$ |
# | $P(D \mid h)$ | **likelihood** | how well hypothesis $h$ predicted the data |
# | $P(D)$ | **evidence** (marginal likelihood) | how probable the data were under our beliefs as a whole |
# | $P(h \mid D)$ | **posterior** | what we believe after seeing $D$ |
#
# In words: *posterior ∝ likelihood × prior*, and the evidence is the normalising
# constant that makes the posterior sum to 1. Three consequences worth remembering:
#
# - **Only ratios of likelihoods matter.** Multiply every $P(D \mid h_k)$ by the same
#   constant $c > 0$: numerator and denominator both gain the factor $c$, and the
#   posterior does not change. In the **odds form**,
#   $\frac{P(h_1 \mid D)}{P(h_2 \mid D)} = \frac{P(D \mid h_1)}{P(D \mid h_2)} \cdot
#   \frac{P(h_1)}{P(h_2)}$: posterior odds = likelihood ratio × prior odds.
# - **A prior of 0 is forever.** If $P(h_k) = 0$, the numerator is 0 whatever the data:
#   no evidence can revive a hypothesis ruled out in advance (Cromwell's rule: give every
#   hypothesis you can imagine being true a little prior mass).
# - **Zero evidence is a contradiction.** If $P(D) = 0$, the data were impossible under
#   every hypothesis we gave any prior mass: the formula is $0 / 0$ and the posterior is
#   undefined. In this notebook that is an error (`ValueError`), never `nan` and never a
#   silently invented answer.

# %% [markdown]
# ### Exercise 1: `evidence(prior, likelihood)`
#
# Return $P(D) = \sum_k \text{prior}[k] \cdot \text{likelihood}[k]$ as a `float`.
#
# - `prior` is a probability vector over $K$ hypotheses (1-D, finite, non-negative,
#   summing to 1 within `1e-6`).
# - `likelihood[k]` is $P(D \mid h_k)$, or a density value $p(D \mid h_k)$ for continuous
#   data, so entries may exceed 1; they are finite and non-negative, and **need not sum
#   to 1** (they are not a distribution over the hypotheses). Same shape as `prior`.
# - The evidence can be 0 (the data are impossible under every hypothesis with prior
#   mass): return `0.0` then, it is a valid value.
# - Raise `ValueError` for an invalid `prior`, a negative, `nan` or infinite likelihood,
#   or shapes that differ.

# %% nbgrader={"grade": false, "grade_id": "evidence_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def evidence(prior, likelihood):
    """P(D) = sum_k P(h_k) P(D | h_k), by the law of total probability.

    prior      : 1-D probability vector over K hypotheses
    likelihood : P(D | h_k) (or density values), finite, >= 0, same shape as prior
    Returns a float. Raises ValueError on invalid input.
    """
    p = as_pmf(prior, "prior")
    lik = as_nonnegative(likelihood, "likelihood", p.shape)
    return float(np.sum(p * lik))                # total probability: likelihoods weighted by the prior


# %% nbgrader={"grade": true, "grade_id": "evidence", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(evidence([0.01, 0.99], [0.99, 0.05]) - 0.0594) < 1e-12, \
    "the medical test: P(+) = 0.99 * 0.01 + 0.05 * 0.99 = 0.0594 (weight each likelihood by its prior)"
assert isinstance(evidence(np.array([0.5, 0.5]), np.array([0.2, 0.4])), float), "return a Python float"
assert abs(evidence([0.25, 0.75], [2.0, 4.0]) - 3.5) < 1e-12, \
    "likelihoods can be density values above 1: 0.25 * 2 + 0.75 * 4 = 3.5"
assert evidence([0.0, 1.0], [0.7, 0.0]) == 0.0, \
    "impossible under every hypothesis with prior mass: the evidence is 0"
try:
    evidence([0.5, 0.5], [0.1, 0.2, 0.3])
except ValueError:
    pass
else:
    raise AssertionError("a prior over 2 hypotheses and 3 likelihoods: raise ValueError")


# %% [markdown]
# ### Exercise 2: `bayes_posterior(prior, likelihood)`
#
# Return the posterior $P(h_k \mid D) = \text{prior}[k]\,\text{likelihood}[k] / P(D)$ as an
# `np.ndarray` of shape `(K,)` (it sums to 1).
#
# - Same inputs and the same `ValueError`s as `evidence`.
# - **Zero evidence**: if $P(D) = 0$ (every hypothesis with prior mass gives the data
#   likelihood 0, e.g. all likelihoods 0), raise `ValueError` with a message saying the
#   data are impossible under the prior; never return `nan`.
# - A hypothesis with prior 0 or likelihood 0 gets posterior exactly 0; one hypothesis
#   ($K = 1$) gets posterior `[1.0]`.
# - Only ratios of likelihoods matter: multiplying every likelihood by the same $c > 0$
#   (even $c = 10^{-200}$ or $10^{200}$) must give the same posterior.

# %% nbgrader={"grade": false, "grade_id": "bayes_posterior_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def bayes_posterior(prior, likelihood):
    """Posterior P(h_k | D) = P(D | h_k) P(h_k) / P(D).

    prior      : 1-D probability vector over K hypotheses
    likelihood : P(D | h_k) (or density values), finite, >= 0, same shape as prior
    Returns an np.ndarray of shape (K,) summing to 1. ValueError on invalid input or
    when the evidence P(D) is 0.
    """
    p = as_pmf(prior, "prior")
    lik = as_nonnegative(likelihood, "likelihood", p.shape)
    joint = p * lik                              # P(h_k, D): one column of the joint table
    total = joint.sum()                          # P(D), the law of total probability
    if not total > 0:
        raise ValueError("the evidence P(D) is 0: the data are impossible under every "
                         "hypothesis the prior allows, so the posterior is undefined")
    return joint / total


# %% nbgrader={"grade": true, "grade_id": "bayes_posterior", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
post_check = bayes_posterior([0.01, 0.99], [0.99, 0.05])
assert isinstance(post_check, np.ndarray) and post_check.shape == (2,), "return an array of shape (K,)"
assert abs(post_check[0] - 1 / 6) < 1e-12, \
    "P(sick | +) = 0.0099 / 0.0594 = 1/6: divide prior * likelihood by the evidence"
assert abs(post_check.sum() - 1.0) < 1e-12, "a posterior sums to 1"
assert np.allclose(bayes_posterior([0.3, 0.7], [2e-200, 1e-200]), [6 / 13, 7 / 13], rtol=1e-12, atol=0), \
    "only the ratio of the likelihoods matters, even when they are tiny"
assert bayes_posterior([0.0, 0.4, 0.6], [0.9, 0.5, 0.0])[0] == 0.0, "a prior of 0 stays 0"
try:
    bayes_posterior([0.5, 0.5], [0.0, 0.0])
except ValueError:
    pass
else:
    raise AssertionError("all likelihoods 0: the evidence is 0 and the posterior undefined, raise ValueError")

# %% [markdown]
# ## 3. Probability vs likelihood
#
# The expression $P(D \mid \theta)$ is one formula with two readings.
#
# - **As a function of the data $D$, for a fixed $\theta$**, it is a *probability
#   distribution*: the possible data sets are disjoint outcomes and their
#   probabilities sum (or integrate) to 1.
# - **As a function of the parameter $\theta$, for the data we actually observed**, it
#   is the *likelihood function* $L(\theta) = P(D \mid \theta)$. It scores how well each
#   $\theta$ predicted what happened. It is **not** a distribution over $\theta$: nothing
#   makes it sum or integrate to 1 over $\theta$, and it does not transform like a
#   density when $\theta$ is reparameterised.
#
# **Example: a coin.** Let $\theta = P(\text{heads})$ and flip the coin $n$ times
# independently. A particular sequence with $k$ heads has probability
# $P(D \mid \theta) = \theta^k (1 - \theta)^{n - k}$ (the flips are independent, so the
# probabilities multiply).
#
# - For fixed $\theta$, summing over all $2^n$ sequences gives 1. Group them by their
#   number of heads: there are $\binom{n}{k}$ sequences with $k$ heads, and the binomial
#   theorem gives
#   $\sum_{k=0}^n \binom{n}{k} \theta^k (1 - \theta)^{n-k} = (\theta + 1 - \theta)^n = 1.$
# - For the fixed data $n = 10$, $k = 7$, integrate over $\theta$ instead. The Beta
#   integral $\int_0^1 \theta^{a-1}(1-\theta)^{b-1}\,d\theta = B(a, b) =
#   \frac{(a-1)!\,(b-1)!}{(a+b-1)!}$ (for whole numbers $a, b$) gives
#   $$\int_0^1 \theta^7 (1-\theta)^3\, d\theta = B(8, 4) = \frac{7!\,3!}{11!}
#     = \frac{5040 \cdot 6}{39\,916\,800} = \frac{1}{1320} \approx 7.6 \times 10^{-4}.$$
#   Far from 1. (Even with the factor $\binom{10}{7} = 120$ of the binomial count, the
#   area is $120/1320 = 1/11$.)
#
# The likelihood is maximal at $\theta = k/n = 0.7$, the **maximum-likelihood
# estimate**, but its height and its area have no meaning on their own: only *ratios*
# $L(\theta_1)/L(\theta_2)$ do, which is exactly what Bayes' theorem uses. To turn it into
# a distribution over $\theta$, multiply by a prior and normalise (the evidence): that is
# the posterior.
#
# The plot shows both readings: on the left, $P(k \mid \theta = 0.7)$ over the data
# $k = 0, \dots, 10$, bars summing to 1; on the right, the likelihood of the observed
# sequence ($k = 7$) over $\theta$, with area $1/1320$.

# %% tags=["demo"]
import matplotlib.pyplot as plt

ks = np.arange(11)
pmf = np.array([math.comb(10, k) * 0.7**k * 0.3**(10 - k) for k in ks])
thetas = np.linspace(0, 1, 1001)
lik_curve = thetas**7 * (1 - thetas)**3
area = float(np.sum((lik_curve[1:] + lik_curve[:-1]) / 2 * np.diff(thetas)))
fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
axes[0].bar(ks, pmf)
axes[0].set(xlabel="number of heads k", ylabel="P(k | θ = 0.7)",
            title=f"a distribution over the data: sums to {pmf.sum():.3f}")
axes[1].plot(thetas, lik_curve)
axes[1].axvline(0.7, color="k", ls="--", lw=0.8)
axes[1].set(xlabel="θ", ylabel="L(θ) = θ⁷(1 − θ)³",
            title=f"a likelihood over θ: area {area:.3g} (1/1320 = {1 / 1320:.3g})")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 4. Sequential updating: yesterday's posterior is today's prior
#
# Observations $o_1, o_2, \dots$ arrive one at a time, and given the hypothesis they are
# independent: $P(o_1, \dots, o_t \mid h) = \prod_{s \le t} P(o_s \mid h)$ (conditional
# independence, like repeated flips of one coin). Write $\pi_t(h) = P(h \mid o_1, \dots,
# o_t)$, with $\pi_0$ the prior.
#
# **The one-step rule.** By Bayes' theorem with all the data so far, and then splitting
# off the newest factor,
# $$\pi_t(h) = \frac{P(h) \prod_{s \le t} P(o_s \mid h)}{\sum_{h'} P(h') \prod_{s \le t}
#   P(o_s \mid h')}
#   = \frac{P(o_t \mid h)\, \big[P(h) \prod_{s < t} P(o_s \mid h)\big]}
#          {\sum_{h'} P(o_t \mid h')\, \big[P(h') \prod_{s < t} P(o_s \mid h')\big]}.$$
# Divide numerator and denominator by the same constant
# $Z_{t-1} = \sum_{h'} P(h') \prod_{s < t} P(o_s \mid h')$ (the evidence of the first
# $t - 1$ observations); each bracket divided by $Z_{t-1}$ is exactly $\pi_{t-1}$:
# $$\boxed{\pi_t(h) = \frac{P(o_t \mid h)\, \pi_{t-1}(h)}{\sum_{h'} P(o_t \mid h')\,
#   \pi_{t-1}(h')},}$$
# Bayes' theorem with $\pi_{t-1}$ as the prior and the newest observation as the data.
#
# **Sequential = batch.** Unrolling the recursion multiplies the likelihoods of all the
# observations onto the prior, and the normalisations along the way cancel (only the
# last one matters), so after $T$ steps
# $$\pi_T = \text{bayes\_posterior}\Big(\text{prior},\ \prod_{t=1}^T P(o_t \mid \cdot)\Big),$$
# a single batch update with the product of the likelihoods. Two consequences: the
# **order** of the observations does not matter (the product commutes), and nothing is
# lost by processing the data in pieces, which is how a Bayesian learner can learn
# online.
#
# **In floating point, normalise as you go.** The batch product of $T$ probabilities
# shrinks geometrically: $0.5^{1075}$ is already $0$ in float64, so after about a
# thousand fair-coin observations (about 2100 when each factor is $0.7$, fewer when
# they are smaller) every hypothesis's product underflows to $0$ and the "batch"
# posterior is $0/0$. The one-step rule renormalises after every observation, so its
# numbers stay between 0 and 1. (The other remedy is to add **log**-likelihoods and
# normalise with a log-sum-exp, assignment 05.)

# %% [markdown]
# ### Exercise 3: `sequential_posterior(prior, likelihood_table, observations)`
#
# Return an `np.ndarray` of shape `(T + 1, K)` whose row $t$ is the posterior
# $\pi_t$ after the first $t$ observations; row 0 is the prior itself.
#
# - `prior`: a probability vector over $K$ hypotheses (as before).
# - `likelihood_table[k, o]` $= P(o \mid h_k)$, shape `(K, O)` for $O$ possible outcomes:
#   each row is a distribution over the outcomes, so its entries are finite,
#   non-negative and **each row sums to 1 within `1e-6`**.
# - `observations`: a 1-D sequence (list or array) of $T \ge 0$ integers in
#   `0 .. O-1`. With $T = 0$ (an empty list) the result is the prior as one row, shape
#   `(1, K)`.
# - The rows must stay accurate for **long sequences** (thousands of observations):
#   renormalise after every step (or work in logs); never multiply thousands of
#   likelihoods together.
# - Hypotheses with prior 0 stay exactly 0; an observation that has probability 0 under a
#   hypothesis rules it out from then on (its entry is exactly 0 in every later row).
# - Raise `ValueError` for an invalid `prior`, a table that is not 2-D with $K$ rows,
#   has a negative, `nan` or infinite entry, or a row not summing to 1; for an
#   observation that is not an integer or lies outside `0 .. O-1`; and when an
#   observation is **impossible under every hypothesis still possible** (its evidence is
#   0, so the next posterior is undefined).

# %% nbgrader={"grade": false, "grade_id": "sequential_posterior_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sequential_posterior(prior, likelihood_table, observations):
    """Posteriors after each observation, by repeated one-step Bayes updates.

    prior            : 1-D probability vector over K hypotheses
    likelihood_table : (K, O), likelihood_table[k, o] = P(o | h_k); rows sum to 1
    observations     : 1-D sequence of T integers in 0..O-1 (T may be 0)
    Returns an np.ndarray of shape (T + 1, K); row 0 is the prior.
    Raises ValueError on invalid input or an observation of evidence 0.
    """
    p = as_pmf(prior, "prior")
    table = as_nonnegative(likelihood_table, "likelihood_table")
    if table.ndim != 2 or table.shape[0] != p.size:
        raise ValueError(f"likelihood_table must have shape (K, O) with K = {p.size}, "
                         f"got {table.shape}")
    if np.any(np.abs(table.sum(axis=1) - 1.0) > 1e-6):
        raise ValueError("every row of likelihood_table must sum to 1 (a distribution "
                         "over the outcomes)")
    obs = np.asarray(observations)
    if obs.ndim != 1:
        raise ValueError(f"observations must be a 1-D sequence, got shape {obs.shape}")
    if obs.size and not np.issubdtype(obs.dtype, np.integer):
        raise ValueError("observations must be integers (outcome indices)")
    if np.any(obs < 0) or np.any(obs >= table.shape[1]):
        raise ValueError(f"observations must lie in 0..{table.shape[1] - 1}")
    rows = np.empty((obs.size + 1, p.size))
    rows[0] = p
    for t, o in enumerate(obs):
        joint = rows[t] * table[:, o]            # yesterday's posterior is today's prior
        total = joint.sum()
        if not total > 0:
            raise ValueError(f"observation {t} (outcome {o}) is impossible under every "
                             "hypothesis still possible: its evidence is 0")
        rows[t + 1] = joint / total              # renormalise at every step: no underflow
    return rows


# %% nbgrader={"grade": true, "grade_id": "sequential_posterior", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
table_check = np.array([[0.5, 0.5],                # h0: a fair coin (outcome 1 = heads)
                        [0.2, 0.8]])               # h1: a coin biased towards heads
rows_check = sequential_posterior([0.5, 0.5], table_check, [1, 1, 0])
assert isinstance(rows_check, np.ndarray) and rows_check.shape == (4, 2), \
    "T = 3 observations give T + 1 = 4 rows: row 0 is the prior"
assert np.allclose(rows_check[0], [0.5, 0.5], rtol=0, atol=1e-12), "row 0 is the prior"
assert np.allclose(rows_check[1], [0.5 / 1.3, 0.8 / 1.3], rtol=0, atol=1e-12), \
    "after one head: prior * P(heads | h) = (0.25, 0.4), normalised"
assert np.allclose(rows_check[3], [0.125 / 0.253, 0.128 / 0.253], rtol=0, atol=1e-12), \
    "after heads, heads, tails: 0.5 * (0.125, 0.128) normalised, the same as one batch update " \
    "with P(data | h0) = 0.5 * 0.5 * 0.5 and P(data | h1) = 0.8 * 0.8 * 0.2"
assert sequential_posterior([0.3, 0.7], table_check, []).shape == (1, 2), \
    "no observations: just the prior, as one row"
long_check = sequential_posterior([0.5, 0.5], table_check, [1, 0] * 600)
assert np.all(np.isfinite(long_check)) and abs(long_check[-1].sum() - 1) < 1e-9, \
    "1200 observations: the product of their likelihoods underflows to 0 (0.16**600 < 1e-323); renormalise at every step"
try:
    sequential_posterior([0.5, 0.5], table_check, [0, 2])
except ValueError:
    pass
else:
    raise AssertionError("outcome 2 does not exist (O = 2 outcomes): raise ValueError")

# %% [markdown]
# Watch beliefs move: five hypotheses about a coin,
# $\theta \in \{0.2, 0.35, 0.5, 0.65, 0.8\}$, a uniform prior, and 300 flips of a coin
# whose true $\theta$ is $0.65$. Early on the posterior jumps around; as the evidence
# piles up it concentrates on the true hypothesis (the log-likelihood ratios grow
# linearly in $t$, at a rate given by KL divergences: assignment 02).

# %% tags=["demo"]
try:
    demo_rng = np.random.default_rng(6)
    hyp = np.array([0.2, 0.35, 0.5, 0.65, 0.8])
    coin_table = np.stack([1 - hyp, hyp], axis=1)          # columns: tails, heads
    flips = (demo_rng.random(300) < 0.65).astype(int)
    trajectory = sequential_posterior(np.full(5, 0.2), coin_table, flips)
    plt.figure(figsize=(7, 3.6))
    for k, th in enumerate(hyp):
        plt.plot(trajectory[:, k], label=f"θ = {th}")
    plt.xlabel("number of flips t")
    plt.ylabel("posterior P(h | first t flips)")
    plt.title("sequential Bayesian updating (true θ = 0.65)")
    plt.legend(fontsize=8)
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement sequential_posterior above to see this plot.")

# %% [markdown]
# ## 5. Conjugacy: the Beta–Binomial model
#
# With a *continuum* of hypotheses $\theta \in [0, 1]$ the prior is a density, and the
# sum in the evidence becomes an integral. One family makes the integral easy. The
# **Beta** density with parameters $\alpha, \beta > 0$ is
# $$\mathrm{Beta}(\theta \mid \alpha, \beta) = \frac{\theta^{\alpha - 1}(1 - \theta)^{\beta - 1}}{B(\alpha, \beta)},
#   \qquad B(\alpha, \beta) = \int_0^1 \theta^{\alpha - 1}(1 - \theta)^{\beta - 1}\, d\theta .$$
#
# **The update, step by step.** Observe $h$ heads and $t$ tails (in any order). The
# likelihood of the sequence is $\theta^h (1 - \theta)^t$. Bayes' theorem:
# $$p(\theta \mid D) = \frac{\theta^h (1-\theta)^t \cdot \theta^{\alpha-1}(1-\theta)^{\beta-1} / B(\alpha, \beta)}
#   {\int_0^1 \vartheta^h (1-\vartheta)^t \cdot \vartheta^{\alpha-1}(1-\vartheta)^{\beta-1} / B(\alpha, \beta)\, d\vartheta}.$$
# The constant $B(\alpha, \beta)$ cancels. Adding exponents, the numerator is
# $\theta^{\alpha + h - 1}(1-\theta)^{\beta + t - 1}$ and the denominator is, by the
# definition of $B$, $B(\alpha + h, \beta + t)$. So
# $$\boxed{p(\theta \mid D) = \mathrm{Beta}(\theta \mid \alpha + h,\ \beta + t).}$$
# The posterior is again a Beta density: the Beta family is **conjugate** to the
# Bernoulli/binomial likelihood. The update is plain addition, which is why $\alpha$ and
# $\beta$ are read as **pseudo-counts**: the prior behaves as if we had already seen
# $\alpha - 1$ heads and $\beta - 1$ tails (a uniform prior, $\mathrm{Beta}(1, 1)$, is "no
# flips yet"). Sequential and batch updating agree trivially:
# $(\alpha + h_1 + h_2,\ \beta + t_1 + t_2)$ either way. The evidence comes out too:
# $P(D) = B(\alpha + h, \beta + t) / B(\alpha, \beta)$.
#
# **Three point estimates.** The maximum-likelihood estimate is $\hat\theta_{\text{ML}} =
# h / (h + t)$ (Section 6). The **posterior mean** of $\mathrm{Beta}(a, b)$ is
# $a / (a + b)$, here $(\alpha + h)/(\alpha + \beta + h + t)$. The **MAP** (maximum a
# posteriori) estimate is the **mode** of the posterior. Find it by setting the
# derivative of the log density to zero (the log is increasing, so it has the same
# maximiser):
# $$\frac{d}{d\theta}\Big[(a - 1)\ln\theta + (b - 1)\ln(1 - \theta)\Big]
#   = \frac{a - 1}{\theta} - \frac{b - 1}{1 - \theta} = 0
#   \iff (a - 1)(1 - \theta) = (b - 1)\theta
#   \iff \theta_{\text{MAP}} = \frac{a - 1}{a + b - 2}.$$
# It is a maximum when $a, b > 1$: the log density is then a sum of two concave
# functions, and it tends to $-\infty$ at both ends. When $a < 1$ (or $b < 1$) the
# density is unbounded at $0$ (or $1$) and has no maximum at all; at $a = b = 1$ it is
# flat and every $\theta$ is a mode; for $a = 1 < b$ the maximum sits on the boundary
# $\theta = 0$, where the derivative is not zero. So the formula, and `beta_map`, are for
# $a, b > 1$ only. With the uniform prior $\mathrm{Beta}(1, 1)$ and at least one head
# and one tail, the posterior is $\mathrm{Beta}(1 + h, 1 + t)$ and
# $\theta_{\text{MAP}} = h / (h + t)$: **MAP with a flat prior is maximum likelihood.**
#
# Example: prior $\mathrm{Beta}(2, 2)$ (a mild belief in fairness), then 7 heads and 3
# tails: posterior $\mathrm{Beta}(9, 5)$, MAP $8/12 = 2/3$, posterior mean $9/14 \approx
# 0.643$, while the ML estimate is $0.7$. The prior pulls the estimate towards $1/2$; the
# more data, the weaker the pull.

# %% [markdown]
# ### Exercise 4: `beta_binomial_update(alpha, beta, heads, tails)`
#
# Return the posterior parameters `(alpha + heads, beta + tails)` as a tuple of two
# Python `float`s.
#
# - `alpha`, `beta`: the prior's parameters, finite and $> 0$.
# - `heads`, `tails`: counts, non-negative integers (an `int`, a NumPy integer, or an
#   integer-valued float such as `3.0`); zero counts leave the prior unchanged.
# - Raise `ValueError` for `alpha` or `beta` that is not finite and positive (`0`,
#   negative, `inf`, `nan`), and for a negative, non-integer or infinite count (`-1`, `2.5`, `inf`).

# %% nbgrader={"grade": false, "grade_id": "beta_binomial_update_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def beta_binomial_update(alpha, beta, heads, tails):
    """Conjugate update of a Beta(alpha, beta) prior after heads and tails.

    alpha, beta  : prior parameters, finite and > 0
    heads, tails : non-negative integer counts
    Returns (alpha + heads, beta + tails) as a tuple of floats. ValueError otherwise.
    """
    alpha, beta = float(alpha), float(beta)
    if not (0 < alpha < math.inf and 0 < beta < math.inf):
        raise ValueError(f"alpha and beta must be finite and positive, got {alpha!r}, {beta!r}")
    counts = []
    for name, value in (("heads", heads), ("tails", tails)):
        value = float(value)
        if not (value >= 0 and value.is_integer()):
            raise ValueError(f"{name} must be a non-negative integer count, got {value!r}")
        counts.append(value)
    return alpha + counts[0], beta + counts[1]


# %% nbgrader={"grade": true, "grade_id": "beta_binomial_update", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert beta_binomial_update(2, 2, 7, 3) == (9.0, 5.0), \
    "Beta(2, 2) and 7 heads, 3 tails: Beta(2 + 7, 2 + 3); heads go to alpha, tails to beta"
assert all(isinstance(v, float) for v in beta_binomial_update(1, 1, 0, 0)), "return two floats"
assert beta_binomial_update(0.5, 0.5, 0, 0) == (0.5, 0.5), "no data: the posterior is the prior"
assert beta_binomial_update(*beta_binomial_update(1, 1, 3, 1), 4, 2) == beta_binomial_update(1, 1, 7, 3), \
    "updating twice equals updating once with all the counts"
try:
    beta_binomial_update(2, 2, -1, 3)
except ValueError:
    pass
else:
    raise AssertionError("a negative count: raise ValueError")


# %% [markdown]
# ### Exercise 5: `beta_map(alpha, beta)`
#
# Return the mode $(\alpha - 1)/(\alpha + \beta - 2)$ of $\mathrm{Beta}(\alpha, \beta)$ as
# a `float`, for finite $\alpha > 1$ and $\beta > 1$. Raise `ValueError` when
# $\alpha \le 1$ or $\beta \le 1$ (no interior maximum, see above), or when a parameter
# is not finite.

# %% nbgrader={"grade": false, "grade_id": "beta_map_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def beta_map(alpha, beta):
    """Mode of Beta(alpha, beta): (alpha - 1) / (alpha + beta - 2), for alpha, beta > 1.

    Returns a float. ValueError when alpha <= 1, beta <= 1 or a parameter is not finite.
    """
    alpha, beta = float(alpha), float(beta)
    if not (1 < alpha < math.inf and 1 < beta < math.inf):
        raise ValueError(f"the mode formula needs finite alpha > 1 and beta > 1, got "
                         f"{alpha!r}, {beta!r}")
    return (alpha - 1) / (alpha + beta - 2)


# %% nbgrader={"grade": true, "grade_id": "beta_map", "locked": true, "points": 1.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(beta_map(9, 5) - 2 / 3) < 1e-12, \
    "Beta(9, 5): mode (9 - 1) / (9 + 5 - 2) = 2/3 (the mean 9/14 is another estimate)"
assert abs(beta_map(3, 3) - 0.5) < 1e-12, "a symmetric Beta peaks at 1/2"
assert isinstance(beta_map(2.5, 4), float), "return a float"
try:
    beta_map(1, 3)
except ValueError:
    pass
else:
    raise AssertionError("alpha = 1: the density peaks on the boundary, not at a stationary point: raise ValueError")

# %% [markdown]
# The prior, the likelihood and the posterior together: prior $\mathrm{Beta}(2, 2)$,
# then 7 heads in 10 flips, then 70 heads in 100. The likelihood (rescaled to unit area
# for display: its own area means nothing) and the posterior move together as the data
# grow, and the MAP estimate (dotted) slides from the prior's $1/2$ towards $0.7$.

# %% tags=["demo"]
try:
    import scipy.stats
    grid = np.linspace(0.0005, 0.9995, 1000)
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6), sharey=True)
    for ax, (h, t) in zip(axes, [(7, 3), (70, 30)]):
        a_post, b_post = beta_binomial_update(2, 2, h, t)
        like = grid**h * (1 - grid)**t
        like = like / np.sum(like * (grid[1] - grid[0]))
        ax.plot(grid, scipy.stats.beta(2, 2).pdf(grid), label="prior Beta(2, 2)")
        ax.plot(grid, like, "--", label="likelihood (rescaled)")
        ax.plot(grid, scipy.stats.beta(a_post, b_post).pdf(grid),
                label=f"posterior Beta({a_post:g}, {b_post:g})")
        ax.axvline(beta_map(a_post, b_post), color="k", ls=":", lw=1)
        ax.set(xlabel="θ", title=f"{h} heads, {t} tails: MAP {beta_map(a_post, b_post):.3f}")
        ax.legend(fontsize=8)
    axes[0].set_ylabel("density")
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement beta_binomial_update and beta_map above to see this plot.")

# %% [markdown]
# ## 6. Losses are negative log-likelihoods
#
# Training a model by **maximum likelihood** means choosing the parameters under which
# the observed data were most probable. With independent examples the likelihood is a
# product, $L(\theta) = \prod_i p(y_i \mid \theta)$, and taking the logarithm (increasing,
# so the same maximiser; a sum instead of a product that underflows; assignment 05)
# gives the **log-likelihood** $\sum_i \log p(y_i \mid \theta)$. Optimisers minimise, so
# we minimise its negative, usually averaged over the $N$ examples: the **negative
# log-likelihood (NLL)**. Every familiar loss is one, for some noise model.
#
# **Bernoulli → binary cross-entropy.** For a 0/1 label $x$ with
# $P(x = 1) = \theta$, write both cases in one formula,
# $P(x \mid \theta) = \theta^x (1 - \theta)^{1 - x}$ (it gives $\theta$ at $x = 1$ and
# $1 - \theta$ at $x = 0$). Over data $x_1, \dots, x_n$ with $k = \sum_i x_i$ ones,
# $$\log L(\theta) = \sum_{i=1}^n \big[x_i \ln\theta + (1 - x_i)\ln(1 - \theta)\big]
#   = k \ln\theta + (n - k)\ln(1 - \theta).$$
# Its negative, divided by $n$, is the **binary cross-entropy** loss (with a classifier,
# $\theta$ becomes the predicted probability $\sigma(\text{logit})$ of each example).
# Setting the derivative to zero, $k/\theta - (n-k)/(1-\theta) = 0$ gives
# $\hat\theta_{\text{ML}} = k/n$: the frequency of ones. At the boundary, $\theta = 0$ makes
# a single observed 1 impossible: $\ln 0 = -\infty$, a log-likelihood of $-\infty$ (an
# infinite loss, the right answer for a model that ruled out what happened), while if
# no 1 was observed the term $k \ln\theta = 0 \cdot \ln 0$ is $0$ by the convention
# $0 \log 0 = 0$ (the factor $\theta^k = \theta^0 = 1$ is simply absent).
#
# **Gaussian → squared error.** For a real target with Gaussian noise,
# $y = \mu + \varepsilon$, $\varepsilon \sim \mathcal N(0, \sigma^2)$, the density is
# $p(y \mid \mu, \sigma) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\big(-\frac{(y - \mu)^2}{2\sigma^2}\big)$,
# so
# $$-\ln p(y \mid \mu, \sigma) = \tfrac12 \ln(2\pi\sigma^2) + \frac{(y - \mu)^2}{2\sigma^2}
#   = \tfrac12\ln(2\pi) + \ln\sigma + \frac{(y - \mu)^2}{2\sigma^2}.$$
# Averaged over $N$ examples with predictions $\mu_i$ and a fixed $\sigma$,
# $$\text{NLL} = \tfrac12 \ln(2\pi\sigma^2) + \frac{1}{2\sigma^2}\cdot\frac1N \sum_i (y_i - \mu_i)^2
#   = \text{const} + \frac{\text{MSE}}{2\sigma^2}.$$
# **Minimising the mean squared error is maximum likelihood under Gaussian noise**: the
# constant and the positive factor $1/(2\sigma^2)$ do not move the minimiser. If
# $\sigma$ is learned too, differentiating in $\sigma$,
# $1/\sigma - \text{MSE}/\sigma^3 = 0$, gives $\hat\sigma^2 = \text{MSE}$. (A Laplace noise
# model gives the mean absolute error the same way; a categorical one, the softmax
# cross-entropy.)

# %% [markdown]
# ### Exercise 6: `bernoulli_log_likelihood(theta, data)`
#
# Return $\log P(\text{data} \mid \theta) = \sum_i \big[x_i \ln\theta + (1 - x_i)\ln(1 - \theta)\big]$
# in nats, as a `float` (the **sum**, not the mean).
#
# - `theta` is a probability, $0 \le \theta \le 1$; `data` is a 1-D array-like of 0/1
#   values (ints, floats `0.0`/`1.0` or booleans). Empty `data` gives `0.0` (no data:
#   probability 1).
# - Boundaries: $0 \log 0 = 0$, so `theta = 0` with no 1 in the data (or `theta = 1`
#   with no 0) gives `0.0`; an observed outcome of probability 0 gives `-math.inf`.
#   No `nan`, no warning, no clamping.
# - Stay accurate for large data sets ($10^5$ flips and more): add logs, never take the
#   log of a product of probabilities (it underflows to $\ln 0$).
# - Raise `ValueError` for `theta` outside $[0, 1]$ (or `nan`) and for data containing
#   anything other than 0 and 1.

# %% nbgrader={"grade": false, "grade_id": "bernoulli_log_likelihood_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def bernoulli_log_likelihood(theta, data):
    """log P(data | theta) = sum_i [x_i ln theta + (1 - x_i) ln(1 - theta)], in nats.

    theta : probability of a 1, 0 <= theta <= 1
    data  : 1-D array-like of 0/1 values (may be empty)
    Returns a float (-inf when an observed outcome has probability 0).
    Raises ValueError for theta outside [0, 1] or data other than 0/1.
    """
    theta = float(theta)
    if not (0 <= theta <= 1):
        raise ValueError(f"theta must be a probability in [0, 1], got {theta!r}")
    x = np.asarray(data, dtype=float).ravel()
    if not np.all((x == 0) | (x == 1)):
        raise ValueError("data must contain only 0 and 1")
    ones = int(np.count_nonzero(x))
    zeros = x.size - ones
    total = 0.0
    # k ln(theta) + (n - k) ln(1 - theta), with 0 log 0 = 0 at the boundaries
    if ones > 0:
        total += ones * math.log(theta) if theta > 0 else -math.inf
    if zeros > 0:
        total += zeros * math.log1p(-theta) if theta < 1 else -math.inf
    return float(total)


# %% nbgrader={"grade": true, "grade_id": "bernoulli_log_likelihood", "locked": true, "points": 2.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
flips_check = [1, 1, 0, 1, 1, 1, 0, 1, 0, 1]             # 7 ones, 3 zeros
assert abs(bernoulli_log_likelihood(0.7, flips_check) - (7 * math.log(0.7) + 3 * math.log(0.3))) < 1e-12, \
    "7 ln 0.7 + 3 ln 0.3 = -6.1086 nats: the sum over the data, not the mean"
assert bernoulli_log_likelihood(0.7, flips_check) > bernoulli_log_likelihood(0.5, flips_check), \
    "theta = k/n = 0.7 is the maximum-likelihood estimate"
assert bernoulli_log_likelihood(0.3, []) == 0.0, "no data: log 1 = 0"
assert bernoulli_log_likelihood(0.0, [0, 0, 0]) == 0.0, "theta = 0 and no ones: 0 log 0 = 0"
assert bernoulli_log_likelihood(0.0, [0, 1]) == -math.inf, "theta = 0 but a 1 was observed: -inf"
big_check = np.tile([1, 0, 0, 0], 50000)                 # 200000 flips
assert math.isclose(bernoulli_log_likelihood(0.25, big_check), 200000 * (0.25 * math.log(0.25) + 0.75 * math.log(0.75)), rel_tol=1e-9), \
    "200000 flips: the product of their probabilities underflows to 0; add the logs instead"


# %% [markdown]
# ### Exercise 7: `gaussian_nll(y, mu, sigma)`
#
# Return the **mean** negative log-likelihood
# $\frac1N \sum_i \big[\tfrac12 \ln(2\pi\sigma_i^2) + (y_i - \mu_i)^2 / (2\sigma_i^2)\big]$
# in nats, as a `float`.
#
# - `y`: a non-empty array-like of observations (any shape; the mean runs over all its
#   entries).
# - `mu` and `sigma`: each either a scalar (shared by every observation) or an
#   array-like of `y`'s shape (one per observation). `sigma` is the **standard
#   deviation** (not the variance), and every entry must be finite and $> 0$.
# - Raise `ValueError` for empty `y`, a `sigma` entry $\le 0$ (or not finite), and a
#   `mu` or `sigma` array whose shape is neither scalar nor `y`'s.

# %% nbgrader={"grade": false, "grade_id": "gaussian_nll_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gaussian_nll(y, mu, sigma):
    """Mean of -ln N(y_i | mu_i, sigma_i^2) over the observations, in nats.

    y     : non-empty array-like of observations (any shape)
    mu    : scalar or array-like of y's shape
    sigma : standard deviation(s) > 0, scalar or array-like of y's shape
    Returns a float. Raises ValueError on invalid input.
    """
    y = np.asarray(y, dtype=float)
    if y.size == 0:
        raise ValueError("y is empty: the mean NLL of no observations is undefined")
    mu, sigma = np.asarray(mu, dtype=float), np.asarray(sigma, dtype=float)
    for name, value in (("mu", mu), ("sigma", sigma)):
        if value.ndim and value.shape != y.shape:
            raise ValueError(f"{name} must be a scalar or have y's shape {y.shape}, got {value.shape}")
    if not (np.all(sigma > 0) and np.all(np.isfinite(sigma))):
        raise ValueError("sigma must be finite and positive")
    z = (y - mu) / sigma
    return float(np.mean(0.5 * math.log(2 * math.pi) + np.log(sigma) + 0.5 * z * z))


# %% nbgrader={"grade": true, "grade_id": "gaussian_nll", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(gaussian_nll([0.0], 0.0, 1.0) - 0.5 * math.log(2 * math.pi)) < 1e-12, \
    "one observation at the mean of N(0, 1): 1/2 ln(2 pi) = 0.9189 nats"
assert abs(gaussian_nll([1.0, -1.0], 0.0, 2.0) - (0.5 * math.log(2 * math.pi * 4) + 1 / 8)) < 1e-12, \
    "the MEAN over two observations: 1/2 ln(2 pi sigma^2) + 1 / (2 sigma^2) with sigma^2 = 4 (sigma = 2 is a standard deviation)"
assert abs(gaussian_nll([1.0, 3.0], [1.0, 1.0], [1.0, 2.0])
           - (math.log(2 * math.pi) / 2 + math.log(2) / 2 + 0.25)) < 1e-12, \
    "one mu and one sigma per observation: the second term is ln 2 + 4 / 8"
assert isinstance(gaussian_nll(np.zeros(3), 0, 1), float), "return a float"
try:
    gaussian_nll([1.0, 2.0], 0.0, 0.0)
except ValueError:
    pass
else:
    raise AssertionError("sigma = 0 is no Gaussian: raise ValueError")


# %% [markdown]
# ## 7. Regularisers are priors: ridge regression is MAP
#
# Linear regression with Gaussian noise: $y_i = x_i^\top w + \varepsilon_i$ with
# independent $\varepsilon_i \sim \mathcal N(0, \sigma_n^2)$ (the **noise variance**), so
# for the data $X \in \mathbb R^{n \times d}$, $y \in \mathbb R^n$,
# $$-\ln p(y \mid X, w) = \frac{1}{2\sigma_n^2}\lVert y - Xw\rVert^2 + \frac n2 \ln(2\pi\sigma_n^2).$$
# Maximum likelihood is least squares. Now put a **Gaussian prior** on the weights,
# $w \sim \mathcal N(0, \sigma_p^2 I)$ (the **prior variance**: how large we expect
# weights to be), with
# $-\ln p(w) = \frac{1}{2\sigma_p^2}\lVert w\rVert^2 + \frac d2 \ln(2\pi\sigma_p^2)$.
#
# **MAP, step by step.** The posterior is $p(w \mid X, y) = p(y \mid X, w)\,p(w) / p(y \mid X)$;
# the evidence does not depend on $w$, so
# $$w_{\text{MAP}} = \arg\max_w \big[\ln p(y \mid X, w) + \ln p(w)\big]
#   = \arg\min_w \Big[\frac{1}{2\sigma_n^2}\lVert y - Xw\rVert^2 + \frac{1}{2\sigma_p^2}\lVert w\rVert^2\Big],$$
# dropping the constants. Multiply by $2\sigma_n^2 > 0$ (the minimiser does not change):
# $$w_{\text{MAP}} = \arg\min_w \Big[\lVert y - Xw\rVert^2 + \lambda \lVert w\rVert^2\Big],
#   \qquad \lambda = \frac{\sigma_n^2}{\sigma_p^2}.$$
# That is **ridge regression** (L2 regularisation, weight decay), and the regularisation
# strength has a meaning: the ratio of the noise variance to the prior variance. Noisy
# data or a tight prior → strong regularisation; a vague prior ($\sigma_p^2 \to \infty$)
# → $\lambda \to 0$, least squares again. (A Laplace prior gives the L1 penalty and
# sparse weights the same way: assignment 09.)
#
# **The closed form.** The objective $f(w) = \lVert y - Xw\rVert^2 + \lambda\lVert w\rVert^2$
# has gradient $\nabla f = -2X^\top(y - Xw) + 2\lambda w$. Setting it to zero gives the
# regularised **normal equations**
# $$(X^\top X + \lambda I)\, w = X^\top y .$$
# $X^\top X$ is positive semi-definite ($v^\top X^\top X v = \lVert Xv\rVert^2 \ge 0$), so for
# $\lambda > 0$ the matrix $X^\top X + \lambda I$ is positive definite
# ($v^\top(\cdot)v \ge \lambda\lVert v\rVert^2 > 0$ for $v \ne 0$): invertible even when there
# are more features than examples ($d > n$, where least squares has no unique answer),
# and $f$ is strictly convex, so this stationary point is the unique minimum. Solve the
# system (`np.linalg.solve`); do not form the inverse.
#
# **scikit-learn.** `sklearn.linear_model.Ridge(alpha=a, fit_intercept=False)` minimises
# $\lVert y - Xw\rVert^2 + a\lVert w\rVert^2$, so `alpha = noise_var / prior_var` gives
# the MAP weights. (Conventions with $\tfrac12$ in front of both terms, as in assignment
# 09, give the same minimiser for the same $\lambda$.)

# %% [markdown]
# ### Exercise 8: `ridge_map(X, y, noise_var, prior_var)`
#
# Return the MAP weights $w = (X^\top X + \lambda I)^{-1} X^\top y$ with
# $\lambda = \text{noise\_var} / \text{prior\_var}$, as an `np.ndarray` of shape `(d,)`.
#
# - `X`: array-like of shape `(n, d)`; `y`: 1-D array-like of length `n`. Any
#   $n, d \ge 1$, including $d > n$.
# - `noise_var` $= \sigma_n^2$ and `prior_var` $= \sigma_p^2$ are **variances**, finite
#   and $> 0$. Only their ratio matters.
# - The result must agree with scikit-learn's `Ridge(alpha=noise_var / prior_var,
#   fit_intercept=False)` (to about 7 significant digits on well-conditioned data).
# - Raise `ValueError` when `X` is not 2-D, `y` is not 1-D of length `n`, or a variance
#   is not finite and positive.

# %% nbgrader={"grade": false, "grade_id": "ridge_map_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def ridge_map(X, y, noise_var, prior_var):
    """MAP weights of linear regression with Gaussian noise and a Gaussian prior.

    X         : (n, d) design matrix
    y         : (n,) targets
    noise_var : noise variance sigma_n^2 > 0
    prior_var : prior variance sigma_p^2 > 0 of every weight
    Returns w = (X^T X + lam I)^{-1} X^T y with lam = noise_var / prior_var, shape (d,).
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n, d), got shape {X.shape}")
    if y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError(f"y must be 1-D of length n = {X.shape[0]}, got shape {y.shape}")
    noise_var, prior_var = float(noise_var), float(prior_var)
    if not (0 < noise_var < math.inf and 0 < prior_var < math.inf):
        raise ValueError("noise_var and prior_var must be finite and positive")
    lam = noise_var / prior_var                  # the MAP penalty sigma_n^2 / sigma_p^2
    A = X.T @ X + lam * np.eye(X.shape[1])
    return np.linalg.solve(A, X.T @ y)


# %% nbgrader={"grade": true, "grade_id": "ridge_map", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
X_check = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
y_check = [1.0, 2.0, 3.0]
w_check = ridge_map(X_check, y_check, 1.0, 1.0)
assert isinstance(w_check, np.ndarray) and w_check.shape == (2,), "return an array of shape (d,)"
assert np.allclose(w_check, [7 / 8, 11 / 8], rtol=0, atol=1e-12), \
    "lam = 1: solve [[3, 1], [1, 3]] w = [4, 5]"
assert np.allclose(ridge_map(X_check, y_check, 2.0, 1.0), [11 / 15, 16 / 15], rtol=0, atol=1e-12), \
    "noise_var = 2, prior_var = 1: lam = noise_var / prior_var = 2, so solve [[4, 1], [1, 4]] w = [4, 5]"
assert np.allclose(ridge_map(X_check, y_check, 6.0, 3.0), ridge_map(X_check, y_check, 2.0, 1.0),
                   rtol=1e-12, atol=0), "only the ratio of the variances matters"
wide_check = ridge_map([[1.0, 2.0, 3.0]], [6.0], 1.0, 1.0)
assert np.allclose(wide_check, np.array([1.0, 2.0, 3.0]) * 6 / 15, rtol=0, atol=1e-12), \
    "d > n works: with one example x, w = x (x . y) / (|x|^2 + lam) = x * 6 / 15"

# %% [markdown]
# The prior at work: 20 noisy examples of a linear function of 8 features, fitted
# with prior variances from $10^{-3}$ to $10^{3}$ (noise variance 0.25). A tight prior
# pins every weight near 0; a vague one lets the weights reach the least-squares fit
# (dashed). The dots are scikit-learn's `Ridge` with `alpha = noise_var / prior_var`.

# %% tags=["demo"]
try:
    from sklearn.linear_model import Ridge
    demo_rng = np.random.default_rng(9)
    X_demo = demo_rng.normal(size=(20, 8))
    w_true = demo_rng.normal(size=8)
    y_demo = X_demo @ w_true + 0.5 * demo_rng.normal(size=20)
    prior_vars = np.logspace(-3, 3, 40)
    path = np.array([ridge_map(X_demo, y_demo, 0.25, pv) for pv in prior_vars])
    ols = np.linalg.lstsq(X_demo, y_demo, rcond=None)[0]
    plt.figure(figsize=(7, 3.8))
    for j in range(8):
        plt.semilogx(prior_vars, path[:, j], color=f"C{j}")
        plt.axhline(ols[j], color=f"C{j}", ls="--", lw=0.7)
    for pv in prior_vars[::6]:
        sk = Ridge(alpha=0.25 / pv, fit_intercept=False).fit(X_demo, y_demo).coef_
        plt.semilogx(np.full(8, pv), sk, "k.", ms=4)
    plt.xlabel("prior variance σ_p² (noise variance 0.25)")
    plt.ylabel("MAP weight")
    plt.title("ridge = MAP under a Gaussian prior")
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement ridge_map above to see this plot.")

# %% [markdown]
# ## Summary
#
# - Conditional probability restricts and renormalises; the product rule read both
#   ways is **Bayes' theorem**, and the **law of total probability** gives its
#   denominator, the **evidence** $P(D) = \sum_k P(D \mid h_k)P(h_k)$. Posterior ∝
#   likelihood × prior; zero evidence means the data contradict the prior.
# - $P(D \mid \theta)$ is a distribution over data for fixed $\theta$, and a
#   **likelihood** over $\theta$ for fixed data, which need not integrate to 1; only its
#   ratios matter.
# - Updating one observation at a time equals one batch update with the product of
#   the likelihoods; renormalising at every step keeps the numbers representable.
# - The Beta prior is conjugate to coin flips: add the heads to $\alpha$, the tails to
#   $\beta$. The posterior mode (MAP) is $(\alpha - 1)/(\alpha + \beta - 2)$, and with a
#   flat prior it is the maximum-likelihood estimate.
# - Losses are negative log-likelihoods: Bernoulli → binary cross-entropy,
#   Gaussian → squared error (plus a constant, over $2\sigma^2$).
# - Regularisers are negative log-priors: a Gaussian prior on the weights is ridge
#   regression with $\lambda = \sigma_n^2 / \sigma_p^2$.
#
# Next: counting, the other foundation of probability (assignment 07).
