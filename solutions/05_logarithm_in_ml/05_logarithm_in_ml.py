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
# # 05 · Why the logarithm
#
# *Machine Learning from an Information-Theoretic Perspective*
#
# Every loss in this course has a logarithm in it: negative log-likelihoods,
# cross-entropies, KL divergences, ELBOs. Is the log just a numerical convenience
# that keeps small numbers representable? **No.** It is forced on us three times over,
# and this notebook derives each reason.
#
# 1. **Algebra.** The logarithm is the *only* continuous function that turns products
#    into sums (Cauchy's functional equation). Probabilities of independent events
#    multiply; evidence, information and losses should add.
# 2. **Information.** Shannon's three axioms for a measure of uncertainty leave exactly
#    one candidate, $-K \sum_i p_i \log p_i$.
# 3. **Computation and optimisation.** A likelihood is a product of thousands of
#    numbers below 1: it underflows to exactly 0 in floating point, and even with
#    perfect precision its gradient shrinks exponentially with the data. The log turns it
#    into a sum whose gradient is a sum of per-example terms, and in the softmax
#    classifier the log cancels the exponential exactly, leaving the gradient
#    "prediction minus target".
#
# Along the way you implement the numerically stable toolkit every deep-learning library
# is built on:
#
# | # | exercise | points | what it is |
# | --- | --- | --- | --- |
# | 1 | `surprisal(p, base=2)` | 2 | $-\log_{\text{base}} p$, elementwise; `inf` at $p = 0$ |
# | 2 | `log_likelihood(probs)` | 2 | $\sum_i \ln p_i$ without forming the product |
# | 3 | `logsumexp(x, axis=None)` | 3 | $\ln \sum_i e^{x_i}$, stable at $x = \pm 1000$ and with `-inf` |
# | 4 | `softmax(x, axis=-1)` | 2 | $e^{x_k} / \sum_j e^{x_j}$ that never overflows |
# | 5 | `log_softmax(x, axis=-1)` | 2 | $x_k - \ln \sum_j e^{x_j}$, exact where `log(softmax)` is `-inf` |
# | 6 | `softmax_cross_entropy(logits, labels)` | 3 | mean loss in nats and its gradient $(\mathrm{softmax} - \mathrm{onehot})/N$ |
# | | **total** | **14** | |
#
# **How you are graded.** Each function has a solution cell (replace
# `raise NotImplementedError()`) followed by a test cell. The test cell's visible
# asserts are quick examples you can run now; when the notebook is graded, hidden checks
# call your function on random inputs and on edge cases and compare with independent
# references (`scipy.special.logsumexp`, `softmax`, `log_softmax`, PyTorch's
# `cross_entropy` and autograd, exact sums of logarithms). The course's grader
# (`python -m autograder`) draws a fresh seed for every run and records it in the result
# (`--seed N` reproduces a run); nbgrader's `autograde` uses one fixed seed
# (`course_config.NBGRADER_SEED`). Either way you do not see the inputs in advance: make
# the function right, not just the examples. If a visible assert fails, nbgrader scores
# that exercise 0 (the course's grader reports the failure and scores only the hidden
# checks), so make them pass first. Plot cells are tagged `demo`; they are not graded.
#
# **Conventions (the same in every assignment of the course).**
#
# - Inputs are *array-likes*: lists, tuples or NumPy arrays of any float dtype. A single
#   number comes back as a Python `float`, anything else as an `np.ndarray`.
#   **Never modify an input**: `np.asarray` does not copy a float64 array, so
#   `x -= x.max()` on it changes the caller's data. Work on new arrays
#   (`z = x - x.max(...)`).
# - `surprisal` takes a `base` (default **2**, bits); any `base > 0`, `base != 1` works,
#   any other base raises `ValueError`. Everything else here is in **nats** (natural
#   logs), as in every deep-learning library.
# - An outcome the model calls impossible ($p = 0$) that happens costs $+\infty$: never
#   clamp probabilities to `1e-10` or add an epsilon inside a log.
# - Invalid input raises `ValueError` with a message that says what is wrong.
# - Don't let NumPy print warnings (`np.log(0)` warns "divide by zero",
#   `-inf - (-inf)` warns "invalid value"): a graded cell that writes to stderr scores 0
#   in nbgrader. Use `with np.errstate(divide="ignore", invalid="ignore"):` around the
#   lines where an infinity is the right answer.

# %%
import math

import numpy as np


def numerical_gradient(f, x, h=1e-6):
    """Central differences (f(x + h e_i) - f(x - h e_i)) / 2h of a scalar function f."""
    point = np.array(x, dtype=float)
    grad = np.zeros_like(point)
    for index in np.ndindex(point.shape):
        up, down = point.copy(), point.copy()
        up[index] += h
        down[index] -= h
        grad[index] = (f(up) - f(down)) / (2 * h)
    return grad


# %% [markdown]
# ## 1. The only continuous map from products to sums
#
# Probabilities of independent events **multiply**: $P(A \cap B) = P(A)\,P(B)$. So do
# the likelihoods of independent observations,
# $L(\theta) = \prod_{i=1}^N p_\theta(x_i)$. Yet everything we want to *do* with
# evidence is additive: accumulate it one observation at a time, average it over a data
# set, split it into per-example terms, differentiate it term by term. We want a function
# $f$ that converts one structure into the other:
# $$f(xy) = f(x) + f(y) \qquad \text{for all } x, y > 0. \tag{1}$$
#
# **Claim.** If $f : (0, \infty) \to \mathbb{R}$ is continuous and satisfies (1), then
# $f(x) = c \ln x$ for a constant $c$. Every nonzero solution is a logarithm,
# $f = \log_b$ with $b = e^{1/c}$.
#
# **Proof.** Move to the additive world: put $g(t) = f(e^t)$ for $t \in \mathbb{R}$. Then
# (1) with $x = e^s$, $y = e^t$ reads
# $$g(s + t) = g(s) + g(t), \tag{2}$$
# Cauchy's functional equation. Let $c = g(1)$.
#
# - *Zero.* $g(0) = g(0 + 0) = 2 g(0)$, so $g(0) = 0$ (that is, $f(1) = 0$).
# - *Negatives.* $0 = g(t + (-t)) = g(t) + g(-t)$, so $g(-t) = -g(t)$.
# - *Integers.* By induction on $n$, $g(n t) = g((n-1)t) + g(t) = n\,g(t)$; with $t = 1$,
#   $g(n) = n c$, and by the previous step also for negative $n$.
# - *Rationals.* For integers $m$ and $n \ge 1$: $n\, g(m/n) = g(n \cdot m/n) = g(m) = m c$,
#   so $g(m/n) = \tfrac{m}{n} c$.
# - *Reals.* Any real $t$ is a limit of rationals $r_k \to t$. By continuity,
#   $g(t) = \lim g(r_k) = \lim r_k c = c\,t$.
#
# So $g(t) = c t$, and back in the multiplicative world, $f(x) = g(\ln x) = c \ln x$.
# $\blacksquare$
#
# Three remarks.
#
# - The constant $c$ is only the **unit**: $\log_b x = \ln x / \ln b$. Base 2 gives bits,
#   base $e$ nats. Choosing a unit is the *only* freedom we have.
# - $c = 0$ (the map sending everything to 0) also solves (1), but it forgets all
#   information; $c < 0$ is a log with a base below 1 (it just flips the sign). So
#   "surprise" $-\log p$ and "log-likelihood" $\log p$ are the same function up to unit
#   and sign.
# - Continuity is what rules out monsters: without any regularity, (2) has wildly
#   discontinuous solutions (built from a Hamel basis of $\mathbb{R}$ over $\mathbb{Q}$),
#   but none of them is continuous at even one point, or monotone, or measurable. Any
#   reasonable requirement, such as "rarer events are more surprising" (monotone), already
#   forces the log.

# %% [markdown]
# ## 2. Shannon's axioms force the logarithm
#
# Section 1 asked for a map from products to sums. Shannon asked a different question
# (1948): what should a measure $H(p_1, \dots, p_n)$ of the *uncertainty* of a
# distribution satisfy? His three requirements:
#
# 1. **Continuity.** $H$ is continuous in the $p_i$.
# 2. **Monotonicity.** For equally likely outcomes, $A(n) = H(\tfrac1n, \dots, \tfrac1n)$
#    increases with $n$: more equally likely possibilities, more uncertainty.
# 3. **Grouping.** If a choice is broken into two successive choices, $H$ is the
#    uncertainty of the first choice plus the *average* uncertainty of the second. For
#    groups $G_1, \dots, G_k$ with total probabilities $P_j = \sum_{i \in G_j} p_i$:
#    $$H(p_1, \dots, p_n) = H(P_1, \dots, P_k) + \sum_j P_j\, H\big(p_i / P_j : i \in G_j\big).$$
#
# **Step 1: $A(mn) = A(m) + A(n)$.** Pick one of $mn$ equally likely outcomes by first
# picking one of $m$ groups of $n$ (each group has probability $\tfrac1m$), then one of the
# $n$ members. Grouping gives $A(mn) = A(m) + \sum_{j=1}^m \tfrac1m A(n) = A(m) + A(n)$.
# By induction, $A(s^k) = k\,A(s)$. With $m = n = 1$, $A(1) = 2A(1)$, so $A(1) = 0$, and
# by monotonicity $A(s) > 0$ for $s \ge 2$.
#
# **Step 2: $A(n) = K \log n$.** Fix integers $s, t \ge 2$ and any $k \ge 1$, and let $j$
# be the integer with $s^j \le t^k < s^{j+1}$. Apply two increasing functions to these
# inequalities:
#
# - $A$ (monotone, and Step 1): $j A(s) \le k A(t) < (j + 1) A(s)$, so
#   $\frac{j}{k} \le \frac{A(t)}{A(s)} < \frac{j + 1}{k}$;
# - $\log$: $j \log s \le k \log t < (j + 1)\log s$, so
#   $\frac{j}{k} \le \frac{\log t}{\log s} < \frac{j + 1}{k}$.
#
# Both ratios lie in the same interval of width $\frac1k$, so
# $\big|\frac{A(t)}{A(s)} - \frac{\log t}{\log s}\big| < \frac1k$ for every $k$: they are
# equal. Hence $A(t) = K \log t$ with the positive constant $K = A(s)/\log s$.
#
# **Step 3: rational probabilities.** Let $p_i = n_i / N$ with positive integers $n_i$
# summing to $N$. Split $N$ equally likely outcomes into groups of sizes $n_i$: the group
# has probability $p_i$, and within it the $n_i$ members are equally likely. Grouping:
# $$A(N) = H(p_1, \dots, p_n) + \sum_i p_i\, A(n_i),$$
# so, with Step 2 and $\sum_i p_i = 1$,
# $$H(p) = K \log N - K \sum_i p_i \log n_i = -K \sum_i p_i \log \frac{n_i}{N}
#        = -K \sum_i p_i \log p_i .$$
#
# **Step 4: all probabilities.** Rational vectors are dense among probability vectors,
# and $H$ is continuous, so $H(p) = -K \sum_i p_i \log p_i$ everywhere (with
# $0 \log 0 = 0$, the limit of $t \log t$). $\blacksquare$
#
# The logarithm was not chosen: grouping forced $A(mn) = A(m) + A(n)$, the
# products-to-sums equation of Section 1 on the integers, and monotonicity did the job
# of continuity. $K$ is again just the unit. Read the result as an average:
# $H(p) = \mathbb{E}[-\log p(X)]$, the mean of the **surprisal**
# $$s(p) = -\log_b p = \log_b \frac1p$$
# of the outcome that happens. A fair coin's outcome carries $s(\tfrac12) = 1$ bit; an
# event of probability $\tfrac18$, 3 bits; an impossible event that happens,
# $s(0) = +\infty$; a certain one, $s(1) = 0$.
#
# **Computing it.** Write $-\log p$, not $\log(1/p)$. The two are equal in exact
# arithmetic, but $1/p$ overflows for tiny $p$: the smallest positive double is about
# $4.9 \times 10^{-324}$, while the largest is about $1.8 \times 10^{308}$, so for
# $p = 10^{-310}$ (a perfectly representable probability) `1 / p` is `inf`, and
# $\log_2(1/p)$ comes out infinite where the true surprisal is
# $310 \log_2 10 \approx 1029.8$ bits.

# %% [markdown]
# ### Exercise 1: `surprisal(p, base=2)`
#
# Return $s(p) = -\log_{\text{base}} p$, elementwise.
#
# - `p` is a single probability (a Python or NumPy number, or a 0-d array), returned as a
#   `float`, or an array-like of any shape, returned as an `np.ndarray` of that shape.
# - $s(1) = 0$ and $s(0) =$ `inf` (no `nan`, no warning). With a `base` below 1 every
#   surprisal changes sign (so $s(0) = -\infty$ there); any `base > 0`, `base != 1` works.
# - Tiny probabilities such as $10^{-310}$ give their finite surprisal (compute $-\log p$,
#   not $\log(1/p)$).
# - Raise `ValueError` (with a message) for a probability below 0 or above 1, or for a
#   `base` that is not a positive number different from 1. (`nan` is no probability; what
#   you do with it is not graded.)
# - Do not modify `p`.

# %% nbgrader={"grade": false, "grade_id": "surprisal_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def surprisal(p, base=2):
    """Surprisal -log_base(p) of probabilities p, elementwise.

    p    : a probability, or an array-like of probabilities of any shape (0 <= p <= 1)
    base : logarithm base (2 -> bits, the default; math.e -> nats)
    Returns a float for a single number, an ndarray of p's shape otherwise; inf at p = 0.
    """
    base = float(base)
    if not (base > 0) or base == 1 or not math.isfinite(base):
        raise ValueError(f"base must be a positive number other than 1, got {base!r}")
    single = np.ndim(p) == 0
    p = np.array(p, dtype=float)
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError("probabilities must lie in [0, 1]")
    with np.errstate(divide="ignore"):           # -log 0 = inf is the right answer
        s = -np.log(p) / math.log(base)          # -log p, never log(1 / p): 1 / 1e-310 = inf
    return float(s) if single else s


# %% nbgrader={"grade": true, "grade_id": "surprisal", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(surprisal(0.5) - 1.0) < 1e-12, "a fair coin's outcome carries 1 bit"
assert abs(surprisal(0.125) - 3.0) < 1e-12, "probability 1/8: 3 bits (natural log would give 2.079)"
assert abs(surprisal(0.5, base=math.e) - math.log(2)) < 1e-12, "in nats: ln 2"
assert surprisal(1.0) == 0.0, "a certain event is no surprise"
assert surprisal(0.0) == math.inf, "an impossible event that happens: infinite surprise"
assert isinstance(surprisal(0.25), float), "a single probability gives a Python float"
s_check = surprisal([[0.5, 0.25], [1.0, 0.0]])
assert isinstance(s_check, np.ndarray) and s_check.shape == (2, 2), "an array keeps its shape"
assert np.allclose(s_check[0], [1.0, 2.0]) and s_check[1, 1] == math.inf, "elementwise"
assert abs(surprisal(1e-310) - 310 * math.log2(10)) < 1e-9, \
    "p = 1e-310 carries 1029.8 bits; log2(1 / p) overflows because 1 / 1e-310 is inf"
assert abs(surprisal(0.25 * 0.125) - (surprisal(0.25) + surprisal(0.125))) < 1e-12, \
    "independent events: surprisals add"
try:
    surprisal(1.5)
except ValueError:
    pass
else:
    raise AssertionError("1.5 is not a probability: raise ValueError")


# %% [markdown]
# ## 3. Likelihood products underflow
#
# A model assigns probability $p_i = p_\theta(x_i)$ to each of $N$ independent
# observations. The likelihood is the product $L = \prod_i p_i$, and the log-likelihood
# the sum
# $$\ell = \ln L = \sum_{i=1}^N \ln p_i .$$
#
# **How fast the product shrinks.** If the model spends on average $\bar s$ nats per
# observation ($\bar s = -\frac1N \sum_i \ln p_i$, the average surprisal), then
# $L = e^{-N \bar s}$: **exponentially small in the size of the data**. A double has an
# 11-bit exponent: the smallest normal number is $2^{-1022} \approx 2.2 \times 10^{-308}$,
# below it the *subnormal* numbers lose one bit of precision per halving, and below
# $2^{-1074} \approx 4.9 \times 10^{-324}$ everything rounds to 0. So
#
# - 1075 fair coin flips, $L = 2^{-1075}$: `np.prod([0.5] * 1075)` is exactly `0.0`;
#   1074 flips give `5e-324`, a number with a single significant bit.
# - 324 observations of probability $0.1$ each already give `0.0`.
# - A language model scoring a paragraph of 200 tokens at 4 nats each has
#   $L = e^{-800}$: zero.
#
# Once the product is 0, `np.log(np.prod(p))` is `-inf` for every model: the numbers
# can no longer tell a good model from a bad one. The sum of logs has no such problem:
# each term $\ln p_i$ is a moderate number (even $\ln(10^{-310}) \approx -713.8$), and a
# sum of $N$ such terms is accurate to about $N$ rounding errors at worst (NumPy's pairwise
# summation does much better). For 2000 fair coin flips the sum of logs gives
# $\ell = 2000 \ln \tfrac12 \approx -1386.29$ to full precision, where the product says
# `0.0`.
#
# This is not a property of floating point alone: **the number of digits of $L$ is
# proportional to $N$**. Even in exact rational arithmetic, the denominator of
# $2^{-2000}$ alone has 603 decimal digits, and its *order of magnitude* is where the
# information lives. Floating point
# stores that exponent for you only between about $-1074$ and $+1024$ (powers of 2); the log-likelihood *is* the
# exponent, kept as an ordinary number.
#
# **Zeros.** If the model assigned probability 0 to something that happened, the
# likelihood is exactly 0 and $\ell = -\infty$. That is the right answer: the model is
# refuted. A clamp such as `np.log(np.maximum(p, 1e-10))` reports $-23.03$ instead,
# a number that measures nothing but the chosen epsilon.

# %% [markdown]
# ### Exercise 2: `log_likelihood(probs)`
#
# Return $\ell = \sum_i \ln p_i$ (natural logs, nats) as a `float`, without forming the
# product.
#
# - `probs` is an array-like of probabilities of any shape (every entry is one
#   observation's probability). No observations (an empty array) gives `0.0`: the empty
#   product is 1.
# - Must stay exact where `np.prod` underflows (thousands of observations, probabilities
#   down to $10^{-310}$).
# - A probability of exactly 0 gives `-inf` (no clamping, no epsilon, no warning).
# - Raise `ValueError` (with a message) for an entry below 0 or above 1.
# - Do not modify `probs`.

# %% nbgrader={"grade": false, "grade_id": "log_likelihood_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def log_likelihood(probs):
    """Log-likelihood sum_i ln p_i of independent observations, in nats.

    probs : array-like of probabilities (0 <= p <= 1), any shape; empty gives 0.0
    Returns a float; -inf when some probability is 0.
    """
    p = np.array(probs, dtype=float)
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError("probabilities must lie in [0, 1]")
    with np.errstate(divide="ignore"):           # ln 0 = -inf: a refuted model
        return float(np.sum(np.log(p)))          # a sum of logs, never the log of a product


# %% nbgrader={"grade": true, "grade_id": "log_likelihood", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(log_likelihood([0.5, 0.25]) - math.log(0.125)) < 1e-12, "ln 0.5 + ln 0.25 = ln 0.125"
coins_check = [0.5] * 2000
assert np.prod(coins_check) == 0.0, "the product of 2000 halves underflows to exactly 0 ..."
assert abs(log_likelihood(coins_check) - 2000 * math.log(0.5)) < 1e-9, \
    "... but the log-likelihood is 2000 ln 0.5 = -1386.29: sum the logs, never np.log(np.prod(p))"
assert isinstance(log_likelihood(np.array([0.5, 0.5])), float), "return a Python float"
assert log_likelihood([0.5, 0.0]) == -math.inf, \
    "a model that called an observed outcome impossible has log-likelihood -inf (no clamping)"
assert log_likelihood([]) == 0.0, "no observations: the empty product is 1, its log 0"
try:
    log_likelihood([0.5, 1.5])
except ValueError:
    pass
else:
    raise AssertionError("1.5 is not a probability: raise ValueError")

# %% [markdown]
# Watch the product die. Below: one random model's probabilities for a growing data set.
# The product, on a logarithmic axis, falls along a straight line (exponential decay)
# until it reaches the subnormal range and then exactly 0, where the curve stops. The
# log-likelihood (divided by $\ln 10$ to be on the same scale) continues the same line
# for as long as we like.

# %% tags=["demo"]
import matplotlib.pyplot as plt

try:
    demo_rng = np.random.default_rng(0)
    p_demo = demo_rng.uniform(0.05, 0.6, size=3000)
    ns = np.arange(1, len(p_demo) + 1)
    products = np.cumprod(p_demo)
    with np.errstate(divide="ignore"):
        log10_products = np.log10(products)
    log10_from_sums = np.array([log_likelihood(p_demo[:n]) for n in ns[::25]]) / math.log(10)
    plt.figure(figsize=(7, 3.8))
    plt.plot(ns, log10_products, lw=3, label="log10(np.prod(p[:n]))")
    plt.plot(ns[::25], log10_from_sums, "--", label="log_likelihood(p[:n]) / ln 10")
    plt.axhline(-308, color="gray", lw=0.8, ls=":")
    plt.text(30, -300, "smallest normal double", fontsize=8, color="gray")
    last = int(np.argmax(products == 0))
    plt.axvline(ns[last], color="C3", lw=0.8)
    plt.text(ns[last] + 30, -1200, f"np.prod = 0 from n = {ns[last]}", color="C3", fontsize=8)
    plt.xlabel("number of observations n")
    plt.ylabel("log10 of the likelihood")
    plt.title("the product underflows, the sum of logs does not")
    plt.legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement log_likelihood above to see this plot.")


# %% [markdown]
# ## 4. Sums of exponentials: the log-sum-exp trick
#
# Log space is safe for products, but sooner or later we must *add* probabilities that
# we only know as logarithms: a normaliser $\sum_k e^{z_k}$, a mixture
# $\sum_k \pi_k p_k(x)$, a marginal $\sum_z p(x, z)$. We need
# $$\operatorname{LSE}(x) = \ln \sum_{i=1}^n e^{x_i}$$
# without ever leaving log space. Computed literally, it fails at both ends:
# `np.exp(1000.0)` overflows to `inf` (anything above $\ln(1.8 \times 10^{308})
# \approx 709.78$ does), and `np.exp(-1000.0)` underflows to 0, so
# `np.log(np.sum(np.exp([-1000.0, -1000.0])))` is `log(0) = -inf` where the answer is
# $-1000 + \ln 2$.
#
# **The trick.** Factor out the largest term. With $m = \max_i x_i$,
# $$\sum_i e^{x_i} = e^{m} \sum_i e^{x_i - m}
#   \quad\Longrightarrow\quad
#   \operatorname{LSE}(x) = m + \ln \sum_i e^{x_i - m}.$$
# Now every exponent $x_i - m \le 0$, so every term lies in $(0, 1]$ and **nothing
# overflows**; the largest term is exactly $e^0 = 1$, so the sum lies in $[1, n]$ and
# **its log is never $\ln 0$**. The result is exact up to rounding whatever the scale
# of $x$.
#
# The same bounds show what LSE is: a **smooth maximum**,
# $$\max_i x_i \;\le\; \operatorname{LSE}(x) \;\le\; \max_i x_i + \ln n,$$
# with the upper bound reached when all $x_i$ are equal ($\operatorname{LSE}(a, \dots, a)
# = a + \ln n$).
#
# **Infinite entries**, which are common: a log-probability of an impossible event, or a
# logit masked out with `-inf`.
#
# - An entry $x_i = -\infty$ stands for $e^{x_i} = 0$: it adds nothing, and the trick
#   handles it for free ($e^{-\infty - m} = 0$).
# - If **every** entry is $-\infty$, the sum is empty, $\sum_i 0 = 0$, and
#   $\operatorname{LSE} = \ln 0 = -\infty$ (the log-probability of an impossible
#   event). But now $m = -\infty$ and $x_i - m = -\infty - (-\infty)$ is `nan`: the naive
#   trick returns `nan`. The fix: **when $m$ is not finite, shift by 0 instead** (any
#   finite shift is correct, the shift only has to avoid $\infty - \infty$). Then the sum
#   is $0$ and the log is $-\infty$, as it should be.
# - If some entry is $+\infty$, the sum is infinite and $\operatorname{LSE} = +\infty$;
#   shifting by 0 gives exactly that too, where shifting by $m = +\infty$ would give `nan`.
#
# These are the values `scipy.special.logsumexp` returns, and the grader compares with it.

# %% [markdown]
# ### Exercise 3: `logsumexp(x, axis=None)`
#
# Return $\ln \sum e^{x}$ over all entries (`axis=None`) or along one axis, equal to
# `scipy.special.logsumexp(x, axis=axis)` (write it yourself: calling SciPy would skip the
# point of the exercise).
#
# - `x` is an array-like of floats of any shape with at least one entry.
# - `axis=None`: reduce over every entry and return a `float`. `axis` an `int` (negative
#   counts from the end): reduce along that axis and return an `np.ndarray` of `x`'s shape
#   with that axis removed (a float when that leaves a single number, as for a 1-D `x`).
# - Stable: exact at $x = \pm 1000$ and beyond; `-inf` entries contribute nothing; a
#   reduction over entries that are **all `-inf` gives `-inf`** (not `nan`); an entry
#   `+inf` gives `+inf`. No warnings.
# - Do not modify `x`.

# %% nbgrader={"grade": false, "grade_id": "logsumexp_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def logsumexp(x, axis=None):
    """ln(sum(exp(x))) over all entries (axis=None) or along one axis, computed stably.

    x    : array-like of floats, at least one entry; -inf entries allowed
    axis : None (every entry, returns a float) or an int (returns an ndarray)
    """
    x = np.array(x, dtype=float)
    if axis is None:
        x, axis = x.ravel(), 0
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)         # all -inf (or some +inf): shift by 0, no inf - inf
    with np.errstate(divide="ignore"):           # ln 0 = -inf for an all -inf reduction
        out = m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))
    out = np.squeeze(out, axis=axis)
    return float(out) if out.ndim == 0 else out


# %% nbgrader={"grade": true, "grade_id": "logsumexp", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(logsumexp([1.0, 2.0, 3.0]) - math.log(math.e + math.e ** 2 + math.e ** 3)) < 1e-12, \
    "ln(e + e^2 + e^3) = 3.40761"
assert abs(logsumexp([1000.0, 1000.0]) - (1000 + math.log(2))) < 1e-9, \
    "1000 + ln 2: exp(1000) overflows, so factor out the maximum first"
assert abs(logsumexp([-1000.0, -1000.0]) - (-1000 + math.log(2))) < 1e-9, \
    "-1000 + ln 2: exp(-1000) underflows to 0, and ln 0 = -inf is wrong here"
assert logsumexp([0.0, -math.inf]) == 0.0, "a -inf entry stands for exp(-inf) = 0: it adds nothing"
assert logsumexp([-math.inf, -math.inf]) == -math.inf, \
    "all -inf: the sum is 0 and its log -inf. Shifting by m = -inf gives -inf - (-inf) = nan"
assert isinstance(logsumexp(np.array([0.0, 1.0])), float), "axis=None returns a Python float"
rows_check = logsumexp([[0.0, 0.0, 0.0], [1000.0, -math.inf, 5.0]], axis=1)
assert isinstance(rows_check, np.ndarray) and rows_check.shape == (2,), \
    "axis=1 of a 2 x 3 array: one value per row, shape (2,)"
assert np.allclose(rows_check, [math.log(3), 1000.0], rtol=1e-12, atol=1e-12), "per row: [ln 3, 1000]"
cols_check = logsumexp([[0.0, 1.0, -math.inf], [0.0, 1.0, -math.inf]], axis=0)
assert cols_check.shape == (3,) and np.allclose(cols_check[:2], [math.log(2), 1 + math.log(2)]) \
    and cols_check[2] == -math.inf, "axis=0: one value per column; an all -inf column gives -inf"


# %% [markdown]
# ## 5. Softmax and log-softmax
#
# A classifier produces real **logits** $z_1, \dots, z_C$, one per class, and turns
# them into probabilities with the softmax,
# $$\sigma(z)_k = \frac{e^{z_k}}{\sum_{j=1}^C e^{z_j}} .$$
# It is positive and sums to 1, and it is the only sensible link between additive scores
# and probabilities: $\ln \sigma(z)_k = z_k - \operatorname{LSE}(z)$, so **logits are
# log-probabilities up to a shared constant**, and differences of logits are log-odds,
# $z_a - z_b = \ln \frac{\sigma(z)_a}{\sigma(z)_b}$.
#
# **Shift invariance.** For any constant $c$,
# $$\sigma(z + c)_k = \frac{e^{z_k} e^{c}}{\sum_j e^{z_j} e^{c}} = \sigma(z)_k .$$
# So subtract $m = \max_j z_j$ before exponentiating: the numerators $e^{z_k - m}$ lie in
# $(0, 1]$, the denominator in $[1, C]$, and `softmax([1000, 999, 0])` is
# $(0.731, 0.269, e^{-1000} = 0)$, not `inf / inf = nan`.
#
# **Log-softmax.** In log space,
# $$\ln \sigma(z)_k = z_k - \operatorname{LSE}(z) = (z_k - m) - \ln \sum_j e^{z_j - m}.$$
# Computing `np.log(softmax(z))` instead throws information away: for $z = (1000, 0)$ the
# softmax of the second class is $e^{-1000}$, which underflows to 0, and its log becomes
# `-inf`, while the formula above gives exactly $-1000$. A loss built on that `-inf`
# (or on a clamp of it) is wrong precisely for the badly misclassified examples that
# training most needs to see.
#
# **Masked entries and undefined rows.**
#
# - A logit $-\infty$ means "probability 0": its softmax is exactly 0 and its
#   log-softmax $-\infty$; the other entries share the probability as if it were absent.
# - If **all** logits of a row are $-\infty$, the softmax is $0/0$: no distribution
#   matches "every class impossible", and no limit decides it (the rows $(a, b)$ with
#   $a, b \to -\infty$ can have any softmax). We return **`nan` for every entry of such a
#   row, in both `softmax` and `log_softmax`** (as `scipy.special.softmax` does), and the
#   other rows are unaffected. Return it quietly: suppress the warning NumPy gives for
#   $-\infty - (-\infty)$.
# - A logit $+\infty$ is outside the contract (what you return there is not graded).

# %% [markdown]
# ### Exercise 4: `softmax(x, axis=-1)`
#
# Return $e^{x} / \sum e^{x}$ along `axis` (default: the last axis), an `np.ndarray` of the
# same shape as `x`, equal to `scipy.special.softmax(x, axis=axis)`.
#
# - `x` is an array-like of floats of any shape with at least one dimension; `axis` is an
#   `int` (negative counts from the end). Every slice along `axis` sums to 1.
# - Finite, correct values for logits of any size ($|x| = 1000$ and beyond): never `nan`
#   from an overflow.
# - A `-inf` entry gets exactly 0; a slice that is all `-inf` is all `nan` (see above).
#   No warnings.
# - Do not modify `x` (no `x -= x.max()` on the caller's array).

# %% nbgrader={"grade": false, "grade_id": "softmax_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax(x, axis=-1):
    """Softmax of x along axis, computed without overflow.

    x    : array-like of floats (logits), at least 1-D; -inf entries allowed
    axis : int, the axis whose slices become probability vectors
    Returns an ndarray of x's shape; a slice of all -inf is all nan.
    """
    x = np.array(x, dtype=float)
    with np.errstate(invalid="ignore"):          # an all -inf slice: -inf - (-inf) = nan, undefined
        e = np.exp(x - np.max(x, axis=axis, keepdims=True))
        return e / np.sum(e, axis=axis, keepdims=True)


# %% nbgrader={"grade": true, "grade_id": "softmax", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
sm_check = softmax([1.0, 2.0, 3.0])
assert isinstance(sm_check, np.ndarray) and sm_check.shape == (3,), "same shape as the input"
assert np.allclose(sm_check, np.exp([1.0, 2.0, 3.0]) / np.exp([1.0, 2.0, 3.0]).sum()), \
    "e^x / sum e^x = [0.0900, 0.2447, 0.6652]"
big_check = softmax([1000.0, 999.0, 0.0])
assert np.all(np.isfinite(big_check)), "no nan at large logits: subtract the maximum first"
assert np.allclose(big_check, [1 / (1 + math.exp(-1)), 1 / (1 + math.e), 0.0]), \
    "[0.7311, 0.2689, 0]: only differences of logits matter"
assert np.allclose(softmax([-1000.0, -1000.0]), [0.5, 0.5]), "equal logits, however negative: uniform"
assert np.array_equal(softmax([0.0, -math.inf, 0.0]), [0.5, 0.0, 0.5]), "a -inf logit gets probability 0"
cols_check = softmax([[1.0, 5.0, 0.0], [1.0, 2.0, 0.0]], axis=0)
assert np.allclose(cols_check.sum(axis=0), 1.0) and np.allclose(cols_check[:, 0], 0.5), \
    "axis=0: each column is a distribution"
scales_check = softmax([[1000.0, 0.0], [0.0, 1.0]])
assert not np.any(np.isnan(scales_check)) and np.allclose(scales_check[1], [1 / (1 + math.e), 1 / (1 + math.exp(-1))]), \
    "each row is shifted by its own maximum: one max for the whole array makes the second row 0 / 0"
masked_check = softmax([[0.0, 1.0], [-math.inf, -math.inf]])
assert np.allclose(masked_check[0], [1 / (1 + math.e), 1 / (1 + math.exp(-1))]) \
    and np.all(np.isnan(masked_check[1])), "an all -inf row is undefined: nan; other rows unaffected"


# %% [markdown]
# ### Exercise 5: `log_softmax(x, axis=-1)`
#
# Return $x - \ln \sum e^{x}$ along `axis`, an `np.ndarray` of `x`'s shape, equal to
# `scipy.special.log_softmax(x, axis=axis)`.
#
# - Same inputs as `softmax`. Exact where `np.log(softmax(x))` underflows:
#   `log_softmax([1000, 0])` is `[0, -1000]`, not `[0, -inf]`.
# - A `-inf` entry stays `-inf`; a slice that is all `-inf` is all `nan`. No warnings.
# - Do not modify `x`. (You may call your own `logsumexp`; expand its result with
#   `np.expand_dims` so that it broadcasts against `x`.)

# %% nbgrader={"grade": false, "grade_id": "log_softmax_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def log_softmax(x, axis=-1):
    """Log of the softmax of x along axis: x - logsumexp(x), without underflow.

    x    : array-like of floats (logits), at least 1-D; -inf entries allowed
    axis : int
    Returns an ndarray of x's shape; a slice of all -inf is all nan.
    """
    x = np.array(x, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = x - np.max(x, axis=axis, keepdims=True)          # <= 0, one entry exactly 0 per slice
        return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))


# %% nbgrader={"grade": true, "grade_id": "log_softmax", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
ls_check = log_softmax([1.0, 2.0, 3.0])
assert isinstance(ls_check, np.ndarray) and ls_check.shape == (3,), "same shape as the input"
assert np.allclose(ls_check, np.array([1.0, 2.0, 3.0]) - math.log(math.e + math.e ** 2 + math.e ** 3)), \
    "x - ln(sum e^x)"
assert np.allclose(log_softmax([1000.0, 0.0]), [0.0, -1000.0], rtol=1e-12, atol=1e-12), \
    "[0, -1000] exactly; np.log(softmax(x)) gives -inf for the second class (e^-1000 underflows)"
assert np.allclose(log_softmax([-1000.0, -1000.0]), [-math.log(2)] * 2), "equal logits: ln(1/2) each"
assert np.array_equal(log_softmax([0.0, -math.inf]), [0.0, -math.inf]), "a -inf logit stays -inf"
rows_check = log_softmax([[0.0, 0.0], [-math.inf, -math.inf]])
assert np.allclose(rows_check[0], -math.log(2)) and np.all(np.isnan(rows_check[1])), \
    "an all -inf row is undefined: nan"
cols_check = log_softmax([[0.0, 3.0], [0.0, 1.0]], axis=0)
assert np.allclose(np.exp(cols_check).sum(axis=0), 1.0) and np.allclose(cols_check[:, 0], -math.log(2)), \
    "axis=0: each column is a log-distribution"


# %% [markdown]
# ## 6. Gradients: why a loss without a log learns badly
#
# **The likelihood's gradient carries the likelihood.** Differentiate a product of
# positive factors with the product rule, and factor $L$ back out:
# $$\nabla_\theta L = \sum_i \Big(\prod_{j \ne i} p_j\Big) \nabla_\theta p_i
#   = L \sum_i \frac{\nabla_\theta p_i}{p_i} = L \sum_i \nabla_\theta \ln p_i
#   = L \,\nabla_\theta \ell .$$
# The two gradients point the same way, but the likelihood's is **multiplied by $L$
# itself**, which is $e^{-N \bar s}$: for 1000 coin flips a factor of about
# $10^{-301}$. Gradient ascent on $L$ with a fixed learning rate does not move at all,
# and a learning rate that works at one $\theta$ is off by hundreds of orders of
# magnitude at another. The log removes the factor; what is left,
# $\nabla \ell = \sum_i \nabla \ln p_i$, is a **sum of per-example terms**, each of
# moderate size, which is exactly what stochastic gradient descent needs (a minibatch
# sum is an unbiased estimate of the full sum, scaled).
#
# **Per example, the log rescales by $1/p$.** $\frac{d}{dp}\ln p = \frac1p$: an example the
# model finds unlikely gets a *large* push, a confidently-correct one almost none. A loss
# in probability units, say $1 - p$, gives every example the same weight whatever $p$.
#
# **The saturation trap.** Take a binary classifier with logit $z$ and
# $p = \sigma(z) = \frac{1}{1 + e^{-z}}$ for the true class. Since
# $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$:
#
# | loss | gradient $\partial/\partial z$ | at $z = -10$ (confidently wrong) |
# | --- | --- | --- |
# | $1 - \sigma(z)$ (probability of a mistake) | $-\sigma(z)(1 - \sigma(z))$ | $\approx -4.5 \times 10^{-5}$: stuck |
# | $-\ln \sigma(z)$ (surprisal) | $-\frac{\sigma(z)(1 - \sigma(z))}{\sigma(z)} = -(1 - \sigma(z))$ | $\approx -1$: full speed |
#
# The factor $\sigma(z)$ that makes the first gradient vanish when the model is
# confidently wrong is exactly the factor the log divides out.
#
# ## 7. Cross-entropy and the softmax–log cancellation
#
# **Why cross-entropy has that form.** A classifier's model of the label is the
# categorical distribution $q = \sigma(z)$. The probability it gives the observed label
# $y$ is $q_y = \prod_k q_k^{t_k}$ with the one-hot target $t$ ($t_k = 1$ for $k = y$, else
# 0). The surprisal of the observation is
# $$-\ln q_y = -\sum_k t_k \ln q_k ,$$
# the cross-entropy between the target distribution $t$ and the model $q$. Averaged over
# a batch of $N$ examples it is the negative log-likelihood per example,
# $$J(Z) = -\frac1N \sum_{i=1}^N \ln \sigma(z_i)_{y_i}
#        = \frac1N \sum_{i=1}^N \Big(\operatorname{LSE}(z_i) - z_{i, y_i}\Big),$$
# and, grouping equal examples, it is the cross-entropy $H(\hat p, q)$ of assignment 01.
#
# **The Jacobian of the softmax.** With $S = \sum_j e^{z_j}$ and $\sigma_k = e^{z_k}/S$,
# the quotient rule gives, using $\partial S / \partial z_j = e^{z_j}$:
# $$\frac{\partial \sigma_k}{\partial z_j}
#   = \frac{\delta_{kj}\, e^{z_k} S - e^{z_k} e^{z_j}}{S^2}
#   = \sigma_k (\delta_{kj} - \sigma_j).$$
#
# **The cancellation.** Chain rule through $-\ln \sigma_y$:
# $$\frac{\partial (-\ln \sigma_y)}{\partial z_j}
#   = -\frac{1}{\sigma_y} \cdot \sigma_y (\delta_{yj} - \sigma_j)
#   = \sigma_j - \delta_{yj} .$$
# The $\frac{1}{\sigma_y}$ from the log cancels the $\sigma_y$ from the exponential: the
# gradient is **prediction minus target**, $\sigma(z) - t$. (The same result in one line
# from the LSE form: $\partial_{z_j}[\operatorname{LSE}(z) - z_y] = \sigma_j - \delta_{yj}$,
# because the gradient of LSE is the softmax.) Its properties can be read off:
#
# - each entry lies in $[-1, 1]$, and the entries sum to $\sum_j \sigma_j - 1 = 0$;
# - it is large exactly when the model is wrong: for $\sigma_y \to 0$ the target entry
#   tends to $-1$, it does **not** vanish;
# - it is cheap: no Jacobian is formed, one subtraction does it;
# - with the batch mean, each example contributes $\frac1N(\sigma(z_i) - t_i)$, so the
#   gradient of $J$ with respect to the $N \times C$ logits is
#   $$\nabla_Z J = \frac{1}{N}\big(\sigma(Z) - T\big) ,$$
#   with the softmax taken per row and $T$ the one-hot matrix of the labels.
#
# Without the log, the loss $1 - \sigma_y$ has gradient
# $-\sigma_y(\delta_{yj} - \sigma_j)$, which carries the factor $\sigma_y$ and dies for the
# confidently wrong examples, the ones that need it most.
#
# **Stability for free.** Compute the loss from the log-softmax
# ($\operatorname{LSE}(z_i) - z_{i, y_i}$), never as `-np.log(softmax(z)[y])`: with logits
# $(1000, 0)$ and label 1 the loss is exactly 1000 nats, while the log of the underflowed
# softmax is $-\ln 0 = \infty$. The gradient $\sigma(z) - t$ involves only the softmax,
# which is finite at any scale.
#
# **Edge cases.** A logit $-\infty$ for a class that is not the label (a masked class)
# gets probability 0 and gradient 0 there, and the loss stays finite. If the *label's*
# logit is $-\infty$, the model called the observed class impossible: the loss is
# $+\infty$, while the gradient $\frac1N(\sigma(z) - t)$ is still finite (its label entry is
# $-\frac1N$).

# %% [markdown]
# ### Exercise 6: `softmax_cross_entropy(logits, labels)`
#
# Return `(loss, grad)`: the mean cross-entropy loss $J$ in **nats** over the batch, as a
# `float`, and its gradient with respect to the logits, $\frac1N(\sigma(Z) - T)$, an
# `np.ndarray` of shape `(N, C)`. It must equal PyTorch's
# `torch.nn.functional.cross_entropy(logits, labels)` and its autograd gradient.
#
# - `logits`: an array-like of shape `(N, C)` (`N >= 1` examples, `C >= 1` classes);
#   `labels`: `N` integers in `0 .. C-1` (a list or an integer array).
# - Stable: finite and correct for logits of any size (entries of $\pm 1000$ and beyond).
# - A `-inf` logit for a class other than the label gives probability 0 there (gradient
#   0) and a finite loss; a `-inf` logit **for the label** gives `loss = inf` and the finite
#   gradient above. No warnings.
# - Raise `ValueError` (with a message) when `logits` is not 2-D, when `labels` does not
#   hold exactly `N` labels (one per row), or when a label is not an integer in
#   `0 .. C-1` (a negative label would silently index from the end: reject it; so is
#   `1.5`; whether a float such as `2.0` is accepted is up to you).
# - Do not modify `logits` or `labels`.

# %% nbgrader={"grade": false, "grade_id": "softmax_cross_entropy_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def softmax_cross_entropy(logits, labels):
    """Mean softmax cross-entropy (nats) over a batch, and its gradient.

    logits : array-like (N, C) of floats
    labels : N integers in 0..C-1
    Returns (loss, grad): loss a float, grad = (softmax(logits) - onehot(labels)) / N, shape (N, C).
    """
    z = np.array(logits, dtype=float)
    if z.ndim != 2:
        raise ValueError(f"logits must be a 2-D array (N, C), got shape {z.shape}")
    y = np.array(labels)
    if y.shape != (z.shape[0],):
        raise ValueError(f"expected {z.shape[0]} labels, one per row, got shape {y.shape}")
    if not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"labels must be integers, got dtype {y.dtype}")
    if np.any(y < 0) or np.any(y >= z.shape[1]):
        raise ValueError(f"labels must lie in 0..{z.shape[1] - 1}")
    n, rows = z.shape[0], np.arange(z.shape[0])
    with np.errstate(invalid="ignore", divide="ignore"):
        shifted = z - z.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = float(-np.mean(log_probs[rows, y]))
    grad = np.exp(log_probs)                     # the softmax
    grad[rows, y] -= 1.0                         # minus the one-hot target
    return loss, grad / n


# %% nbgrader={"grade": true, "grade_id": "softmax_cross_entropy", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
loss_check, grad_check = softmax_cross_entropy(np.zeros((2, 4)), [1, 3])
assert isinstance(loss_check, float) and abs(loss_check - math.log(4)) < 1e-12, \
    "uniform predictions over 4 classes: ln 4 = 1.386 nats per example (a mean, not a sum)"
assert isinstance(grad_check, np.ndarray) and grad_check.shape == (2, 4), "the gradient has the logits' shape"
assert np.allclose(grad_check, (np.full((2, 4), 0.25) - np.eye(4)[[1, 3]]) / 2), \
    "(softmax - onehot) / N: here (0.25 - [0, 1, 0, 0]) / 2 in the first row"
loss_check, grad_check = softmax_cross_entropy([[1000.0, 0.0]], [1])
assert abs(loss_check - 1000.0) < 1e-9, \
    "label 1 with logits (1000, 0): exactly 1000 nats; -log(softmax) gives -log(0) = inf"
assert np.allclose(grad_check, [[1.0, -1.0]]), "softmax (1, 0) minus target (0, 1)"
logits_check = np.array([[0.3, -1.2, 2.0], [1.5, 0.1, -0.4], [0.0, 0.7, 0.2]])
labels_check = [2, 0, 1]
loss_check, grad_check = softmax_cross_entropy(logits_check, labels_check)
assert np.allclose(grad_check.sum(axis=1), 0.0), "each row of the gradient sums to 0"
assert np.allclose(grad_check, numerical_gradient(
    lambda z_check: softmax_cross_entropy(z_check, labels_check)[0], logits_check), atol=1e-7), \
    "the gradient must be the derivative of your loss (central differences); divide by N"
loss_check, grad_check = softmax_cross_entropy([[0.0, -math.inf, 0.0]], [0])
assert abs(loss_check - math.log(2)) < 1e-12 and grad_check[0, 1] == 0.0, \
    "a masked class (-inf) gets probability 0 and gradient 0"
try:
    softmax_cross_entropy(logits_check, [2, 0, -1])
except ValueError:
    pass
else:
    raise AssertionError("label -1 is no class (numpy would silently index the last column): ValueError")

# %% [markdown]
# **The cancellation at work.** Left: the gradient with respect to the true class's
# logit $z$ of a two-class softmax with logits $(z, 0)$, for the loss $1 - p$
# (probability of a mistake) and for the cross-entropy $-\ln p$. When the model is
# confidently wrong ($z \ll 0$) the first gradient vanishes like $e^{z}$, the second tends
# to $-1$. Right: a softmax classifier on three Gaussian blobs, started confidently wrong
# (the weights of a badly trained model), trained by gradient descent with the same
# learning rate on each loss. Cross-entropy recovers; the probability loss barely moves.

# %% tags=["demo"]
try:
    zs = np.linspace(-15, 15, 301)
    grad_ce = np.array([softmax_cross_entropy([[z, 0.0]], [0])[1][0, 0] for z in zs])
    probs = np.array([softmax([z, 0.0])[0] for z in zs])
    grad_prob = -probs * (1 - probs)             # d(1 - p)/dz

    demo_rng = np.random.default_rng(3)
    centres = np.array([[2.0, 0.0], [-1.0, 1.7], [-1.0, -1.7]])
    labels_demo = np.repeat(np.arange(3), 100)
    X = centres[labels_demo] + 0.6 * demo_rng.standard_normal((300, 2))
    W0 = -4.0 * centres.T                        # each class pointing away from its blob
    histories = {}
    for name in ("cross-entropy", "1 - p"):
        W = W0.copy()
        accuracy = []
        for step in range(200):
            Z = X @ W
            loss, dZ = softmax_cross_entropy(Z, labels_demo)
            if name == "1 - p":
                P = softmax(Z)
                p_true = P[np.arange(300), labels_demo]
                onehot = np.eye(3)[labels_demo]
                # d/dZ of mean(1 - p_true): -p_true (onehot - P) / N
                dZ = -(p_true[:, None] * (onehot - P)) / len(X)
            W -= 0.5 * X.T @ dZ
            accuracy.append(float(np.mean(np.argmax(X @ W, axis=1) == labels_demo)))
        histories[name] = accuracy

    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    axes[0].semilogy(zs, np.abs(grad_ce), label="cross-entropy $-\\ln p$")
    axes[0].semilogy(zs, np.abs(grad_prob), label="probability loss $1 - p$")
    axes[0].set(xlabel="logit of the true class z (other logit 0)", ylabel="|dLoss/dz|",
                title="the log keeps the gradient alive")
    axes[0].legend()
    for name, accuracy in histories.items():
        axes[1].plot(accuracy, label=name)
    axes[1].set(xlabel="gradient step", ylabel="training accuracy", ylim=(0, 1.05),
                title="started confidently wrong")
    axes[1].legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement softmax and softmax_cross_entropy above to see these plots.")

# %% [markdown]
# ## 8. A thought experiment: machine learning without logarithms
#
# Suppose we had **perfect precision**: exact rational arithmetic, no underflow, no
# overflow. Could we drop the logarithm and maximise the likelihood $L(\theta)$ itself?
#
# **The optimum would not move.** $\ln$ is strictly increasing, so $L$ and $\ell = \ln L$
# have the same maximisers. Whatever we lose, it is not *what* is learnt; it is whether
# and how fast we get there, and what the numbers mean.
#
# **The gradient would be useless as it stands.** $\nabla L = L\,\nabla \ell$ (Section 6):
# the same direction, scaled by $L = e^{-N\bar s}$. With a million examples $L$ might be
# $e^{-10^6}$, and the scale changes by hundreds of orders of magnitude as training
# proceeds. The only cure is to divide by $L$ at every step, and $\nabla L / L$ *is*
# $\nabla \ln L$: we would have put the logarithm back in by hand.
#
# **Stochastic gradients would break.** $\nabla \ell = \sum_i \nabla \ln p_i$ splits into
# per-example terms, so a random minibatch gives an unbiased estimate (times $N/B$). The
# gradient of the product, $L \sum_i \nabla \ln p_i$, contains the factor $L$, which
# depends on *every* example: a minibatch cannot estimate it. Without additivity there is
# no SGD, no data parallelism, no streaming.
#
# **Curvature would be worse.** For logistic regression and every exponential-family
# model, $-\ell$ is convex in the parameters, so gradient descent finds the global optimum.
# The likelihood itself is not concave (a single $\sigma(z)$ is convex for $z < 0$); it
# has huge flat plateaus where it is numerically indistinguishable from 0, exactly where
# a bad initialisation puts us.
#
# **The numbers would mean nothing additive.** Log-likelihood differences are evidence
# that adds across independent data (a log-likelihood ratio grows like $N \cdot D_{\mathrm{KL}}$),
# surprisals are code lengths in bits (Huffman, assignment 01), and entropies of
# independent parts add. Products give none of these: "twice as much evidence" would be
# "the square of the likelihood ratio".
#
# **And perfect precision is the log in disguise.** The exact rational $L$ for $N$
# observations has a number of digits proportional to $N$ (about $N \bar s / \ln 10$): the
# cost of exact arithmetic grows with the logarithm of the number, and the only part of it
# that matters, its order of magnitude, is $\ell$. Floating point already stores
# numbers as sign, mantissa and **exponent**, a base-2 logarithm; working in log space
# simply keeps the part that carries the information.
#
# ## Summary
#
# - The logarithm is the only continuous map from products to sums (Cauchy), and the only
#   uncertainty measure satisfying Shannon's axioms; the base is only the unit. Surprisal
#   $-\log p$ is its per-event form, infinite for an impossible event.
# - Likelihoods are exponentially small in the data and underflow; log-likelihoods are
#   sums of moderate terms. Add probabilities without leaving log space with the
#   log-sum-exp trick (shift by the maximum, or by 0 when the maximum is infinite).
# - Softmax is shift invariant; compute it and its log from shifted logits, and take
#   `log_softmax` directly, never `log(softmax)`.
# - The log divides out the factor that makes probability-space gradients vanish; with
#   the softmax it cancels completely, leaving $\nabla_Z J = (\sigma(Z) - T)/N$.
#
# Next: the Bayesian vocabulary of likelihood, prior and posterior (assignment 06), where
# every loss turns out to be a negative log-probability.
