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
# # 01 · Entropy and Huffman coding
#
# *Machine Learning from an Information-Theoretic Perspective*
#
# Every loss you will minimise in this course is, underneath, a statement about
# **surprise**: how many bits (or nats) it costs to describe what actually happened
# with the beliefs you hold. This notebook builds that idea from the ground up.
#
# 1. **Surprise and entropy.** Four common-sense requirements on "surprise" leave
#    exactly one candidate, $-\log p$; its average is Shannon's entropy.
# 2. **Cross-entropy.** Being surprised by the world through the wrong model costs
#    $H(p) + D_{\mathrm{KL}}(p\,\|\,q)$, and this is why machine learning minimises
#    cross-entropy.
# 3. **Differential entropy** of continuous variables, and the **discretisation gap**
#    $H(X_\Delta) \approx h(X) - \log \Delta$ that connects it to the discrete kind.
# 4. **Codes.** Kraft's inequality, Shannon's bounds $H \le L < H + 1$, and Huffman's
#    algorithm, which always reaches the best possible expected length.
#
# You implement nine functions:
#
# | # | exercise | points | what it is |
# | --- | --- | --- | --- |
# | 1 | `entropy(p, base=2)` | 3 | Shannon entropy of a PMF of any shape |
# | 2 | `cross_entropy(p, q, base=2)` | 3 | $H(p, q)$, `inf` when $q$ rules out what happens |
# | 3 | `differential_entropy_gaussian(sigma, base=math.e)` | 1.5 | $\tfrac12 \log(2\pi e\sigma^2)$ |
# | 4 | `differential_entropy_uniform(a, b, base=math.e)` | 1.5 | $\log(b - a)$ |
# | 5 | `discretized_entropy(pdf, lo, hi, bin_width, base=math.e)` | 3 | entropy of the quantised variable (midpoint rule) |
# | 6 | `huffman_code(probs)` | 4 | an optimal prefix code |
# | 7 | `expected_length(code, probs)` | 1 | bits per symbol of a code |
# | 8 | `encode(message, code)` | 1 | concatenate codewords |
# | 9 | `decode(bits, code)` | 2 | invert `encode`, rejecting invalid bit strings |
# | | **total** | **20** | |
#
# **How you are graded.** Each function has a solution cell (replace
# `raise NotImplementedError()`) followed by a test cell. The test cell's visible
# asserts are quick examples you can run now; when the notebook is graded, hidden
# checks call your function on random inputs and on edge cases, and compare with
# independent references (SciPy, closed forms, invariants). The course's grader
# (`python -m autograder`) draws a fresh seed for every run and records it in the result
# (`--seed N` reproduces a run); nbgrader's `autograde` uses one fixed seed
# (`course_config.NBGRADER_SEED`), so there the hidden inputs are the same every time.
# Either way you do not see them in advance: make the function right, not just the
# examples. If a visible assert fails, nbgrader scores that exercise 0 (the course's
# grader reports the failure and scores only the hidden checks), so make them pass first.
# Plot cells are tagged `demo`; they are not graded.
#
# **Conventions (the same in every assignment of the course).**
#
# - Inputs are *array-likes*: lists, tuples or NumPy arrays of any float dtype. Scalar
#   results are returned as a Python `float`. **Never modify an input** (work on a copy):
#   not an array, not a dict of probabilities or codewords (hidden checks compare the
#   arguments before and after a call).
# - Information measures take a `base`: `2` gives bits, `math.e` gives nats. Discrete
#   measures default to bits, the continuous ones here (`differential_entropy_*`,
#   `discretized_entropy`) default to nats. Any `base > 0` with `base != 1` must work
#   (a base below 1 gives negative values); any other base raises `ValueError`.
# - $0 \log 0 = 0$. A cross-entropy with $q(x) = 0 < p(x)$ is `math.inf`, **not** a
#   large finite number: never clamp probabilities to `1e-10` or add an epsilon.
# - A probability vector must have non-negative entries summing to 1 **within
#   `1e-6`** (floating point sums are rarely exactly 1: `np.sum([1 / 7] * 7)` is
#   `0.9999999999999998`). Invalid input raises `ValueError` with a message that says
#   what is wrong.
# - Results must not depend on hidden state: no global random numbers.
# - Don't let NumPy print warnings (`np.log(0)` warns "divide by zero"): a graded
#   cell that writes to stderr scores 0 in nbgrader. Mask the zeros, or wrap the
#   computation in `with np.errstate(divide="ignore"):`.

# %%
import heapq
import math

import numpy as np


# %% [markdown]
# ## 1. Surprise, and why it has to be a logarithm
#
# Before entropy, a smaller question: when an event of probability $p$ happens, how
# *surprised* should you be? Call the answer $s(p)$. We ask four things of it.
#
# 1. **Only the probability matters**: $s$ is a function of $p \in (0, 1]$ alone.
# 2. **Certain events are no surprise**: $s(1) = 0$.
# 3. **Rarer is more surprising**: $s$ is decreasing in $p$.
# 4. **Surprises of independent events add**: if $A$ and $B$ are independent, learning
#    both is exactly as surprising as learning one and then the other,
#    $$s\big(P(A \cap B)\big) = s\big(P(A)\,P(B)\big) = s\big(P(A)\big) + s\big(P(B)\big).$$
#
# Requirement 4 is the heart of it: probabilities of independent events
# *multiply*, while amounts of information should *add*.
#
# **The logarithm is forced.** Write $p = e^{-x}$ with $x \ge 0$ and define
# $f(x) = s(e^{-x})$. Requirement 4 becomes Cauchy's functional equation
# $$f(x + y) = f(x) + f(y) \qquad (x, y \ge 0).$$
#
# - *Integers.* By induction $f(n x) = n f(x)$; in particular $f(n) = n\,f(1)$.
# - *Rationals.* $n \, f(m/n) = f(m) = m\,f(1)$, so $f(m/n) = \tfrac{m}{n} f(1)$.
# - *Reals.* $f$ is increasing (requirement 3, since $x \mapsto e^{-x}$ is decreasing).
#   Any real $x$ lies between rationals $r < x < r'$ as close together as we like, so
#   $r f(1) \le f(x) \le r' f(1)$ squeezes $f(x) = x f(1)$.
#
# Hence $f(x) = c\,x$ with a constant $c = f(1) > 0$, and going back, $x = -\ln p$:
# $$s(p) = -c \ln p = -\log_b p = \log_b \frac{1}{p}, \qquad c = \frac{1}{\ln b}.$$
#
# The only freedom left is the constant $c$, that is, the **unit**: base $b = 2$
# measures surprise in **bits**, base $e$ in **nats**, base 10 in hartleys. Changing the
# base multiplies everything by a constant, $\log_b x = \ln x / \ln b$; one nat is
# $1/\ln 2 \approx 1.443$ bits.
#
# Sanity check: a fair coin landing heads carries $s(1/2) = 1$ bit; one particular
# outcome of ten fair coins carries $s(2^{-10}) = 10$ bits, ten times as much, exactly
# as requirement 4 demands.
#
# ## 2. Entropy: the average surprise
#
# A random variable $X$ with probability mass function (PMF) $p$ surprises us by
# $-\log p(X)$, a random quantity. Its average is the **Shannon entropy**
# $$H(X) = \mathbb{E}\big[-\log_b p(X)\big] = -\sum_x p(x) \log_b p(x).$$
#
# **What about $p(x) = 0$?** An impossible outcome never happens, so it should
# contribute nothing, and continuity agrees (L'Hôpital's rule):
# $$\lim_{t \to 0^+} t \ln t = \lim_{t \to 0^+} \frac{\ln t}{1/t}
#   = \lim_{t \to 0^+} \frac{1/t}{-1/t^2} = \lim_{t \to 0^+} (-t) = 0 .$$
# So $0 \log 0 = 0$: the sum runs over the **support** $\{x : p(x) > 0\}$. In code,
# `0 * np.log(0)` is `0 * -inf = nan`; select the support first.
#
# **Properties**, each one line of algebra:
#
# - $H(X) \ge 0$, because every surprise $-\log p(x) \ge 0$. It is $0$ exactly when one
#   outcome is certain.
# - With $n$ possible outcomes, $H(X) \le \log n$, with equality for the uniform PMF.
#   By Jensen's inequality for the concave logarithm,
#   $H = \sum_x p(x) \log \frac{1}{p(x)} \le \log \sum_{x:\,p(x)>0} p(x) \frac{1}{p(x)}
#   = \log |\mathrm{support}| \le \log n$.
# - **Independent variables add**: if $p(x, y) = p(x)\,p(y)$ then
#   $$H(X, Y) = -\sum_{x, y} p(x) p(y) \big[\log p(x) + \log p(y)\big] = H(X) + H(Y).$$
#   (Requirement 4, averaged.) The joint PMF is a *table* $p(x, y)$; its entropy is the
#   entropy of all its entries taken as one distribution.
# - The **binary entropy** of a coin with $P(\text{heads}) = t$ is
#   $h_2(t) = -t \log_2 t - (1 - t)\log_2(1 - t)$: zero for a certain coin, one bit at
#   $t = 1/2$.

# %% [markdown]
# ### Exercise 1: `entropy(p, base=2)`
#
# Return $H(p) = -\sum_x p(x) \log_{\text{base}} p(x)$ as a `float`.
#
# - `p` is an array-like of probabilities of **any shape**: a vector, or a joint table
#   $p(x, y)$ whose entries together form one distribution.
# - Outcomes with $p(x) = 0$ contribute $0$ (and no `nan`, no warning).
# - Raise `ValueError` (with a message) if an entry is negative, if the entries do not
#   sum to 1 within `1e-6`, or if `base` is not a positive number different from 1.
# - Do not modify `p`: `np.asarray` does **not** copy a float64 array, so an in-place
#   trick such as `p[p == 0] = 1` would change the caller's data. Use `np.array(p, dtype=float)`.

# %% nbgrader={"grade": false, "grade_id": "entropy_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def entropy(p, base=2):
    """Shannon entropy of a PMF.

    p    : array-like of probabilities, any shape (entries >= 0, summing to 1 within 1e-6)
    base : logarithm base (2 -> bits, the default; math.e -> nats)
    Returns H(p) = -sum p log_base p as a float. Raises ValueError on invalid input.
    """
    base = float(base)
    if not (base > 0) or base == 1 or not math.isfinite(base):
        raise ValueError(f"base must be a positive number other than 1, got {base!r}")
    p = np.array(p, dtype=float)                # a copy: the caller's data stays as it is
    if p.size == 0:
        raise ValueError("p is empty")
    if not np.all(np.isfinite(p)):
        raise ValueError("p contains nan or inf")
    if np.any(p < 0):
        raise ValueError(f"p has negative entries: {p[p < 0]}")
    if abs(p.sum() - 1.0) > 1e-6:
        raise ValueError(f"p sums to {p.sum()!r}, not 1")
    support = p[p > 0]                           # 0 log 0 = 0: impossible outcomes add nothing
    return float(-np.sum(support * np.log(support)) / math.log(base))


# %% nbgrader={"grade": true, "grade_id": "entropy", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(entropy([0.5, 0.5]) - 1.0) < 1e-12, "a fair coin carries exactly 1 bit"
assert abs(entropy([0.25] * 4) - 2.0) < 1e-12, "four equally likely outcomes: 2 bits"
assert abs(entropy((0.5, 0.5), base=math.e) - math.log(2)) < 1e-12, "in nats a fair coin carries ln 2"
assert abs(entropy([1.0, 0.0, 0.0])) < 1e-12, "a certain outcome carries nothing (0 log 0 = 0)"
assert abs(entropy([1 / 7] * 7) - math.log2(7)) < 1e-12, \
    "seven equally likely outcomes; their float sum is 0.9999999999999998: accept it (within 1e-6)"
assert isinstance(entropy(np.array([0.2, 0.8])), float), "return a Python float"
assert abs(entropy(np.full((2, 2), 0.25)) - 2.0) < 1e-12, "a joint table of two fair coins: 2 bits"
try:
    entropy([0.7, 0.6])
except ValueError:
    pass
else:
    raise AssertionError("[0.7, 0.6] sums to 1.3, so entropy must raise ValueError")

# %% [markdown]
# The binary entropy curve: a coin is most uncertain when it is fair, and the curve is
# steep near 0 and 1, where a little doubt about a nearly certain coin is worth a lot.
# Alongside, the entropy of a uniform PMF grows like $\log_2 n$: every doubling of the
# number of equally likely outcomes adds one bit.

# %% tags=["demo"]
import matplotlib.pyplot as plt

try:
    t = np.linspace(0, 1, 401)
    binary = [entropy([ti, 1 - ti]) for ti in t]
    ns = np.arange(1, 65)
    uniform = [entropy(np.full(n, 1 / n)) for n in ns]
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    axes[0].plot(t, binary)
    axes[0].set(xlabel="P(heads) = t", ylabel="bits", title="binary entropy $h_2(t)$")
    axes[1].plot(ns, uniform, ".", label="entropy(uniform)")
    axes[1].plot(ns, np.log2(ns), "-", alpha=0.5, label="$\\log_2 n$")
    axes[1].set(xlabel="number of outcomes n", ylabel="bits", title="uniform PMF")
    axes[1].legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement entropy above to see these plots.")


# %% [markdown]
# ## 3. Cross-entropy: being surprised through the wrong model
#
# Suppose the world draws $X \sim p$ but you *believe* $q$. Your surprise at outcome $x$
# is $-\log q(x)$, and averaged over what really happens it is the **cross-entropy**
# $$H(p, q) = \mathbb{E}_{X \sim p}\big[-\log q(X)\big] = -\sum_x p(x) \log q(x).$$
#
# Add and subtract $\log p(x)$ inside the sum:
# $$H(p, q) = -\sum_x p(x) \log p(x) + \sum_x p(x) \log \frac{p(x)}{q(x)}
#           = H(p) + D_{\mathrm{KL}}(p \,\|\, q).$$
#
# The second term, the **Kullback–Leibler divergence**, is never negative (Gibbs'
# inequality). With $\ln t \le t - 1$ (the tangent line lies above the concave log),
# summing over the support of $p$:
# $$-D_{\mathrm{KL}}(p\,\|\,q) = \sum_{x:\,p(x) > 0} p(x) \ln \frac{q(x)}{p(x)}
#   \le \sum_{x:\,p(x) > 0} p(x) \Big(\frac{q(x)}{p(x)} - 1\Big)
#   = \sum_{x:\,p(x) > 0} q(x) - 1 \le 0,$$
# with equality only when $q = p$. So $H(p, q) \ge H(p)$: **on average nobody is
# less surprised than someone who believes the truth**, and the excess is exactly the
# KL divergence (the subject of the next assignment). Note the asymmetry:
# $H(p, q) \ne H(q, p)$ in general; $p$ is what happens, $q$ is what you believe.
#
# **Support mismatch.** If $q(x) = 0$ but $p(x) > 0$, the term $-p(x) \log 0 = +\infty$:
# the model declared $x$ impossible, and it happened. The cross-entropy is $+\infty$,
# and reporting anything else hides a broken model. A clamp such as
# `np.log(np.maximum(q, 1e-10))` returns $p(x) \cdot 33.2$ bits instead, a number that
# measures nothing but the arbitrary constant: with `1e-300` it would be
# $p(x) \cdot 997$ bits. In the coding language of Section 7, a code designed for $q$
# has *no codeword* for $x$, so the message cannot be written at all.
# The reverse case is harmless: where $p(x) = 0$ the term is $0$ whatever $q(x)$ is,
# even when $q(x) = 0$ too.

# %% [markdown]
# ### Exercise 2: `cross_entropy(p, q, base=2)`
#
# Return $H(p, q) = -\sum_x p(x) \log_{\text{base}} q(x)$ as a `float`.
#
# - `p` and `q` are array-likes of the same shape, each a valid PMF (same rules as in
#   `entropy`); otherwise, or for an invalid `base`, raise `ValueError`.
# - Outcomes with $p(x) = 0$ contribute $0$.
# - Return `math.inf` when $q(x) = 0$ for some $x$ with $p(x) > 0$; no clamping, no
#   epsilon, no warning.

# %% nbgrader={"grade": false, "grade_id": "cross_entropy_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def cross_entropy(p, q, base=2):
    """Cross-entropy H(p, q) of a model PMF q under the true PMF p.

    p, q : array-likes of the same shape, each a PMF (entries >= 0, sum 1 within 1e-6)
    base : logarithm base (2 -> bits, the default; math.e -> nats)
    Returns -sum p log_base q as a float; math.inf when q = 0 somewhere p > 0.
    """
    base = float(base)
    if not (base > 0) or base == 1 or not math.isfinite(base):
        raise ValueError(f"base must be a positive number other than 1, got {base!r}")

    def as_pmf(values, name):
        values = np.array(values, dtype=float)
        if values.size == 0 or not np.all(np.isfinite(values)):
            raise ValueError(f"{name} must be a non-empty array of finite numbers")
        if np.any(values < 0):
            raise ValueError(f"{name} has negative entries")
        if abs(values.sum() - 1.0) > 1e-6:
            raise ValueError(f"{name} sums to {values.sum()!r}, not 1")
        return values

    p, q = as_pmf(p, "p"), as_pmf(q, "q")
    if p.shape != q.shape:
        raise ValueError(f"p and q have different shapes {p.shape} and {q.shape}")
    support = p > 0
    if np.any(q[support] == 0):
        return math.inf                          # an outcome the model calls impossible happens
    return float(-np.sum(p[support] * np.log(q[support])) / math.log(base))


# %% nbgrader={"grade": true, "grade_id": "cross_entropy", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(cross_entropy([0.5, 0.5], [0.5, 0.5]) - 1.0) < 1e-12, "H(p, p) = H(p)"
assert abs(cross_entropy([1.0, 0.0], [0.5, 0.5]) - 1.0) < 1e-12, \
    "a certain outcome costs 1 bit under a fair-coin model"
assert abs(cross_entropy([0.5, 0.5], [0.25, 0.75])
           - (-0.5 * math.log2(0.25) - 0.5 * math.log2(0.75))) < 1e-12, "-sum p log2 q"
assert cross_entropy([0.5, 0.5], [0.25, 0.75]) > 1.0, "H(p, q) >= H(p), here 1 bit"
assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf, \
    "the model calls an outcome that happens impossible: the cross-entropy is +inf"
assert abs(cross_entropy([0.5, 0.5, 0.0], [0.5, 0.5, 0.0]) - 1.0) < 1e-12, \
    "p(x) = 0 contributes nothing, even where q(x) = 0"
try:
    cross_entropy([0.5, 0.5], [0.2, 0.3, 0.5])
except ValueError:
    pass
else:
    raise AssertionError("p and q of different lengths: cross_entropy must raise ValueError")

# %% [markdown]
# ## 4. Machine learning as entropy minimisation
#
# Training data $x_1, \dots, x_N$ come from an unknown distribution $p$; call the
# frequencies in the sample $\hat p$. A model assigns probabilities $q_\theta(x)$. The
# **average negative log-likelihood** of the data, the usual training loss, regroups by
# outcome:
# $$\frac{1}{N}\sum_{i=1}^N -\log q_\theta(x_i) = -\sum_x \hat p(x) \log q_\theta(x)
#   = H(\hat p, q_\theta) = H(\hat p) + D_{\mathrm{KL}}(\hat p \,\|\, q_\theta).$$
#
# Read it term by term.
#
# - $H(\hat p)$ does not depend on $\theta$. So minimising the negative log-likelihood,
#   minimising the cross-entropy, minimising the KL divergence to the data, and
#   **maximum likelihood** are one and the same optimisation.
# - The loss can never go below $H(\hat p)$: the entropy of the data is the
#   **irreducible** part, the noise no model can predict. A loss curve that flattens
#   out may simply have reached it.
# - **A classifier** sees pairs $(x, y)$ drawn from $p(x, y) = p(x)\,p(y \mid x)$ and
#   models the label with $q_\theta(y \mid x)$. Its loss, the familiar "cross-entropy
#   loss" $-\log q_\theta(y \mid x)$ averaged over the pairs, splits in the same way.
#   Add and subtract $\log p(y \mid x)$, then group the pairs by $x$, using
#   $\mathbb{E}_{(x, y)}[f(x, y)] = \sum_x p(x) \sum_y p(y \mid x)\, f(x, y)$:
#   $$\mathbb{E}_{(x, y) \sim p}\big[-\log q_\theta(y \mid x)\big]
#     = \mathbb{E}_{(x, y) \sim p}\big[-\log p(y \mid x)\big]
#     + \mathbb{E}_{(x, y) \sim p}\Big[\log \frac{p(y \mid x)}{q_\theta(y \mid x)}\Big]
#     = H(Y \mid X) + \mathbb{E}_{x \sim p}\, D_{\mathrm{KL}}\big(p(\cdot \mid x) \,\|\, q_\theta(\cdot \mid x)\big).$$
#   The left side is the **conditional cross-entropy**. The first term on the right, the
#   **conditional entropy** $H(Y \mid X) = \sum_x p(x)\, H\big(p(\cdot \mid x)\big)$, is the
#   uncertainty about the label that remains after seeing $x$ (ambiguous inputs, noisy
#   labels). It belongs to the data: no model, and no amount of training, changes it.
#   Training lowers the second term, the average KL divergence from the true label
#   distribution to the model's, so the loss falls towards $H(Y \mid X)$ and never below
#   it. (On a training set each $x_i$ usually appears once, with one label, so the
#   empirical $\hat p(y \mid x_i)$ is one-hot and its conditional entropy is $0$: that is
#   why a large enough network can push the *training* loss towards 0 while its loss on
#   fresh data stays above the true $H(Y \mid X)$.)
# - In the language of the coding sections below, $-\log_2 q_\theta(x)$ is the length in
#   bits that a code built from the model spends on $x$. **Learning is compression**:
#   the best model is the one that describes the data in the fewest bits, and the
#   entropy is the limit.
#
# Deep-learning libraries use natural logs (nats); that changes the unit, not the
# minimiser.
#
# The plot below fits a categorical model $q = \mathrm{softmax}(z)$ to a sample by
# gradient descent on $H(\hat p, q)$. Differentiating
# $-\sum_x \hat p(x)\big(z_x - \log \sum_y e^{z_y}\big)$ with respect to $z_k$ gives
# $q_k - \hat p_k$: the gradient is simply "prediction minus data". The loss falls to the
# floor $H(\hat p)$ and no further.

# %% tags=["demo"]
try:
    demo_rng = np.random.default_rng(0)
    true_p = np.array([0.4, 0.25, 0.15, 0.1, 0.06, 0.04])
    sample = demo_rng.choice(len(true_p), size=500, p=true_p)
    p_hat = np.bincount(sample, minlength=len(true_p)) / len(sample)
    z = np.zeros(len(true_p))
    losses = []
    for step in range(200):
        q = np.exp(z - z.max())
        q /= q.sum()
        losses.append(cross_entropy(p_hat, q))
        z -= 2.0 * (q - p_hat)                  # gradient of H(p_hat, softmax(z)) in nats
    floor = entropy(p_hat)
    plt.figure(figsize=(6, 3.5))
    plt.plot(losses, label="cross-entropy $H(\\hat p, q_\\theta)$")
    plt.axhline(floor, color="k", ls="--", label="floor: entropy $H(\\hat p)$")
    plt.xlabel("gradient step")
    plt.ylabel("bits per sample")
    plt.legend()
    plt.title("training = cross-entropy minimisation")
    plt.show()
except NotImplementedError:
    print("Implement entropy and cross_entropy above to see this plot.")


# %% [markdown]
# ## 5. Differential entropy
#
# For a continuous $X$ with density $f$, copy the definition with an integral:
# $$h(X) = -\int f(x) \log f(x)\, dx .$$
# It looks the same but behaves differently, because $f(x)$ is a *density*
# (probability per unit of $x$), not a probability.
#
# - $f$ can exceed 1, so $-\log f$ can be negative, and **$h(X)$ can be negative**.
# - It depends on the units of $x$. If $Y = aX$, then $f_Y(y) = f_X(y/a)/|a|$ and the
#   substitution $y = a x$ gives
#   $$h(aX) = -\int f_X(x) \log \frac{f_X(x)}{|a|}\, dx = h(X) + \log |a| .$$
#   Measuring in millimetres instead of metres adds $\log 1000$. So $h$ is not an
#   absolute amount of information; Section 6 says what it is.
#
# **Uniform on $[a, b]$.** $f(x) = \frac{1}{b - a}$ on the interval, so
# $$h = -\int_a^b \frac{1}{b-a} \log \frac{1}{b - a}\, dx = \log(b - a),$$
# negative as soon as the interval is shorter than 1. As $b \to a$ it tends to
# $-\infty$: a point mass has no density at all.
#
# **Gaussian $\mathcal{N}(\mu, \sigma^2)$.** Take the natural log of the density,
# $\ln f(x) = -\tfrac12 \ln(2\pi\sigma^2) - \frac{(x - \mu)^2}{2\sigma^2}$, and average
# it, using $\mathbb{E}[(X - \mu)^2] = \sigma^2$:
# $$h = -\mathbb{E}[\ln f(X)] = \tfrac12 \ln(2\pi\sigma^2) + \frac{\sigma^2}{2\sigma^2}
#     = \tfrac12 \ln(2\pi\sigma^2) + \tfrac12 = \tfrac12 \ln(2\pi e\, \sigma^2)
#     \ \text{nats}.$$
# It does not depend on $\mu$ (shifting does not change uncertainty), it grows by
# $\log 2$ each time $\sigma$ doubles, and it is negative for
# $\sigma < 1/\sqrt{2\pi e} \approx 0.242$. In base $b$, divide by $\ln b$. (Among all
# densities with variance $\sigma^2$ the Gaussian has the largest $h$; that is
# assignment 03.)

# %% [markdown]
# ### Exercise 3: `differential_entropy_gaussian(sigma, base=math.e)`
#
# Return $h = \tfrac12 \log_{\text{base}}(2\pi e \sigma^2)$, in **nats by default**.
# `sigma` is the standard deviation (not the variance). Raise `ValueError` when
# `sigma <= 0` (a zero-width Gaussian is a point mass, which has no density) or when
# `base` is invalid.

# %% nbgrader={"grade": false, "grade_id": "differential_entropy_gaussian_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def differential_entropy_gaussian(sigma, base=math.e):
    """Differential entropy of N(mu, sigma^2) (any mu): 1/2 log(2 pi e sigma^2).

    sigma : standard deviation, > 0
    base  : logarithm base (math.e -> nats, the default; 2 -> bits)
    Returns a float; ValueError for sigma <= 0 or an invalid base.
    """
    base, sigma = float(base), float(sigma)
    if not (base > 0) or base == 1 or not math.isfinite(base):
        raise ValueError(f"base must be a positive number other than 1, got {base!r}")
    if not (sigma > 0) or not math.isfinite(sigma):
        raise ValueError(f"sigma must be a positive, finite standard deviation, got {sigma!r}")
    # log(sigma) + 1/2 log(2 pi e): no overflow of sigma**2 for huge sigma
    return (math.log(sigma) + 0.5 * math.log(2 * math.pi * math.e)) / math.log(base)


# %% nbgrader={"grade": true, "grade_id": "differential_entropy_gaussian", "locked": true, "points": 1.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(differential_entropy_gaussian(1.0) - 0.5 * math.log(2 * math.pi * math.e)) < 1e-12, \
    "standard normal: 1/2 ln(2 pi e) = 1.4189 nats"
assert abs(differential_entropy_gaussian(2.0) - differential_entropy_gaussian(1.0) - math.log(2)) < 1e-12, \
    "doubling sigma adds log 2 (h(aX) = h(X) + log a)"
assert abs(differential_entropy_gaussian(1.0, base=2) - 0.5 * math.log2(2 * math.pi * math.e)) < 1e-12, \
    "in bits: divide by ln 2"
assert differential_entropy_gaussian(0.1) < 0, "a narrow Gaussian has negative differential entropy"
try:
    differential_entropy_gaussian(0.0)
except ValueError:
    pass
else:
    raise AssertionError("sigma = 0 has no density: raise ValueError")


# %% [markdown]
# ### Exercise 4: `differential_entropy_uniform(a, b, base=math.e)`
#
# Return $h = \log_{\text{base}}(b - a)$ for the uniform density on $[a, b]$, in nats by
# default. Raise `ValueError` when `a >= b` (an empty or reversed interval has no
# uniform density) or when `base` is invalid.

# %% nbgrader={"grade": false, "grade_id": "differential_entropy_uniform_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def differential_entropy_uniform(a, b, base=math.e):
    """Differential entropy of the uniform density on [a, b]: log(b - a).

    a, b : interval ends, a < b
    base : logarithm base (math.e -> nats, the default; 2 -> bits)
    Returns a float; ValueError for a >= b or an invalid base.
    """
    base, a, b = float(base), float(a), float(b)
    if not (base > 0) or base == 1 or not math.isfinite(base):
        raise ValueError(f"base must be a positive number other than 1, got {base!r}")
    if not (a < b) or not (math.isfinite(a) and math.isfinite(b)):
        raise ValueError(f"need finite a < b, got a={a!r}, b={b!r}")
    return math.log(b - a) / math.log(base)


# %% nbgrader={"grade": true, "grade_id": "differential_entropy_uniform", "locked": true, "points": 1.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(differential_entropy_uniform(0, 1)) < 1e-12, "U(0, 1) has h = log 1 = 0"
assert abs(differential_entropy_uniform(-4, 4, base=2) - 3.0) < 1e-12, "an interval of length 8: 3 bits"
assert abs(differential_entropy_uniform(0, 0.5) + math.log(2)) < 1e-12, \
    "shorter than 1: negative, here -ln 2 nats"
try:
    differential_entropy_uniform(1.0, 1.0)
except ValueError:
    pass
else:
    raise AssertionError("a == b is not an interval with a density: raise ValueError")


# %% [markdown]
# ## 6. The discretisation gap: $H(X_\Delta) \approx h(X) - \log\Delta$
#
# How do the two entropies relate? Quantise $X$: cut the line into bins of width
# $\Delta$, and let $X_\Delta$ be the index of the bin $X$ falls in. $X_\Delta$ is discrete,
# so it has an ordinary entropy. Bin $i$ holds probability
# $P_i = \int_{\text{bin } i} f(x)\,dx = f(\xi_i)\,\Delta$ for some $\xi_i$ inside the bin
# (mean value theorem, $f$ continuous). Then
# $$H(X_\Delta) = -\sum_i P_i \log P_i
#   = -\sum_i f(\xi_i)\Delta \log f(\xi_i) \;-\; \log\Delta \sum_i f(\xi_i)\Delta .$$
# The second sum is $\sum_i P_i = 1$. The first is a Riemann sum of $-f \log f$, which
# tends to the integral $h(X)$ as $\Delta \to 0$. Therefore
# $$\boxed{H(X_\Delta) = h(X) - \log \Delta + o(1) \qquad (\Delta \to 0).}$$
#
# What this says:
#
# - $H(X_\Delta) \to \infty$: pinning down a real number exactly takes infinitely many
#   bits. Each halving of $\Delta$ adds one bit, one more binary digit of $X$.
# - $h(X)$ is not the limit of discrete entropies; it is **what remains after
#   subtracting the resolution cost** $\log(1/\Delta)$. Relative to the uniform density on
#   a unit interval ($h = 0$) it says how many bits fewer (or more) $X$ needs at any fine
#   resolution. That is why it can be negative.
# - In a *difference* of entropies, such as mutual information or the KL divergence,
#   the $-\log\Delta$ terms cancel. Those quantities carry over to continuous variables
#   unchanged, with no dependence on units.
#
# Example: $X \sim \mathcal{N}(0, 1)$ has $h = 2.05$ bits, so measured to a resolution of
# $\Delta = 2^{-8}$ it carries about $2.05 + 8 = 10.05$ bits.

# %% [markdown]
# ### Exercise 5: `discretized_entropy(pdf, lo, hi, bin_width, base=math.e)`
#
# The entropy of $X$ quantised on a finite window, computed with the midpoint rule:
#
# 1. `n = round((hi - lo) / bin_width)` bins (Python's `round`; the last bin may stick
#    out of the window a little);
# 2. centres $c_i = \text{lo} + (i + \tfrac12)\,\text{bin\_width}$ for $i = 0, \dots, n-1$;
# 3. masses $m_i = \text{pdf}(c_i) \cdot \text{bin\_width}$, **renormalised** to sum to 1
#    (this accounts for the mass outside the window and for the error of the midpoint
#    rule, and makes the masses a PMF);
# 4. return the entropy of that PMF in the given base (nats by default). Empty bins
#    contribute $0$.
#
# `pdf` is a vectorised density: call it once on the array of all centres. Raise
# `ValueError` when `bin_width <= 0`, when `hi <= lo`, when the window holds no bin
# (`n < 1`), when the density is zero at every centre (nothing to renormalise), or when
# `base` is invalid.

# %% nbgrader={"grade": false, "grade_id": "discretized_entropy_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def discretized_entropy(pdf, lo, hi, bin_width, base=math.e):
    """Entropy of X quantised into bins of width bin_width on [lo, hi] (midpoint rule).

    pdf       : vectorised density, pdf(array) -> array
    lo, hi    : window, lo < hi; n = round((hi - lo) / bin_width) bins
    bin_width : > 0
    base      : logarithm base (math.e -> nats, the default; 2 -> bits)
    Returns a float; ValueError for an invalid grid, a zero density or an invalid base.
    """
    base = float(base)
    if not (base > 0) or base == 1 or not math.isfinite(base):
        raise ValueError(f"base must be a positive number other than 1, got {base!r}")
    if not (bin_width > 0):
        raise ValueError(f"bin_width must be positive, got {bin_width!r}")
    if not (hi > lo):
        raise ValueError(f"need lo < hi, got lo={lo!r}, hi={hi!r}")
    n = int(round((hi - lo) / bin_width))
    if n < 1:
        raise ValueError(f"the window [{lo}, {hi}] holds no bin of width {bin_width}")
    centres = lo + (np.arange(n) + 0.5) * bin_width
    masses = np.asarray(pdf(centres), dtype=float) * bin_width
    if masses.shape != centres.shape or not np.all(np.isfinite(masses)) or np.any(masses < 0):
        raise ValueError("pdf must return a finite, non-negative value for every centre")
    total = masses.sum()
    if total <= 0:
        raise ValueError("the density is zero at every bin centre: nothing to renormalise")
    masses = masses / total
    support = masses[masses > 0]
    return float(-np.sum(support * np.log(support)) / math.log(base))


# %% nbgrader={"grade": true, "grade_id": "discretized_entropy", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
flat_check = lambda x: np.ones_like(x)                 # the U(0, 1) density on [0, 1]
assert abs(discretized_entropy(flat_check, 0.0, 1.0, 0.25, base=2) - 2.0) < 1e-12, \
    "U(0, 1) cut into 4 equal bins: 2 bits"
std_normal_check = lambda x: np.exp(-0.5 * x**2) / math.sqrt(2 * math.pi)
fine_check = discretized_entropy(std_normal_check, -10, 10, 0.01)
assert abs(fine_check - (0.5 * math.log(2 * math.pi * math.e) - math.log(0.01))) < 1e-4, \
    "with small bins, H(X_delta) = h(X) - log(delta)"
half_check = discretized_entropy(std_normal_check, -10, 10, 0.005)
assert abs(half_check - fine_check - math.log(2)) < 1e-4, "halving the bin width adds log 2 (one bit)"
try:
    discretized_entropy(std_normal_check, -1, 1, 0.0)
except ValueError:
    pass
else:
    raise AssertionError("bin_width = 0: raise ValueError")

# %% [markdown]
# The gap, seen: for three densities (each with $h$ known in closed form) the plot shows
# $H(X_\Delta) + \log_2 \Delta$ against the bin width. As $\Delta$ shrinks it settles on
# $h(X)$ (dashed), while $H(X_\Delta)$ itself (right) grows without bound, one bit per
# halving. The approximation needs bins much narrower than the density's features: the
# narrow Gaussian ($\sigma = 0.1$) only settles once $\Delta \ll 0.1$.

# %% tags=["demo"]
try:
    widths = np.logspace(-3, 0.3, 40)
    densities = {
        "N(0, 1)": (lambda x: np.exp(-0.5 * x**2) / math.sqrt(2 * math.pi),
                    differential_entropy_gaussian(1.0, base=2)),
        "N(0, 0.1²)": (lambda x: np.exp(-0.5 * (x / 0.1)**2) / (0.1 * math.sqrt(2 * math.pi)),
                       differential_entropy_gaussian(0.1, base=2)),
        "U(-2, 2)": (lambda x: np.where(np.abs(x) <= 2, 0.25, 0.0),
                     differential_entropy_uniform(-2, 2, base=2)),
    }
    curves = {label: np.array([discretized_entropy(pdf, -8, 8, w, base=2) for w in widths])
              for label, (pdf, h) in densities.items()}
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    for i, (label, (pdf, h)) in enumerate(densities.items()):
        H = curves[label]
        axes[0].semilogx(widths, H + np.log2(widths), color=f"C{i}", label=label)
        axes[0].axhline(h, color=f"C{i}", ls="--", lw=0.8)
        axes[1].semilogx(widths, H, color=f"C{i}", label=label)
    axes[0].set(xlabel="bin width Δ", ylabel="bits", title="$H(X_\\Delta) + \\log_2 \\Delta$ → h(X) (dashed)")
    axes[1].set(xlabel="bin width Δ", ylabel="bits", title="$H(X_\\Delta)$ grows like $\\log_2(1/\\Delta)$")
    axes[0].legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement the differential entropies and discretized_entropy above to see this plot.")


# %% [markdown]
# ## 7. Codes: turning entropy into bits
#
# A **binary code** gives each symbol $x$ a codeword, a string of bits of length
# $\ell(x)$; a message is encoded by concatenating codewords. We want two things:
#
# - **Decodable without separators.** A code is **prefix-free** if no codeword is a
#   prefix of another. Then a decoder reads bits left to right and emits a symbol the
#   moment its buffer equals a codeword; no later bit can change that decision.
#   Codewords are the leaves of a binary tree (0 = left, 1 = right), and the bits
#   spell the path from the root.
# - **Short on average**: the **expected length** $L = \sum_x p(x)\,\ell(x)$ bits per
#   symbol should be small.
#
# **Kraft's inequality.** A prefix-free code with lengths $\ell_1, \dots, \ell_n$
# satisfies $\sum_i 2^{-\ell_i} \le 1$. *Proof.* Let $\ell_{\max}$ be the longest length.
# A codeword of length $\ell$ is the prefix of exactly $2^{\ell_{\max} - \ell}$ of the
# $2^{\ell_{\max}}$ bit strings of length $\ell_{\max}$. Because no codeword is a prefix of
# another, these sets of strings are disjoint, so
# $\sum_i 2^{\ell_{\max} - \ell_i} \le 2^{\ell_{\max}}$; divide by $2^{\ell_{\max}}$.
# *Conversely*, lengths that satisfy Kraft's inequality always have a prefix code: sort
# them $\ell_1 \le \dots \le \ell_n$ and give symbol $i$ the first $\ell_i$ binary digits of
# $F_i = \sum_{j < i} 2^{-\ell_j}$. The dyadic intervals $[F_i, F_i + 2^{-\ell_i})$ are
# disjoint and fit in $[0, 1)$, and a codeword that is a prefix of another would put
# one interval inside the other.
#
# **Lower bound: $L \ge H$.** Let $K = \sum_x 2^{-\ell(x)} \le 1$ and $r(x) = 2^{-\ell(x)}/K$,
# a PMF. Then
# $$L - H = \sum_x p(x)\,\ell(x) + \sum_x p(x) \log_2 p(x)
#   = \sum_x p(x) \log_2 \frac{p(x)}{2^{-\ell(x)}}
#   = D_{\mathrm{KL}}(p \,\|\, r) - \log_2 K \;\ge\; 0,$$
# since both terms are $\ge 0$. Equality needs $p(x) = 2^{-\ell(x)}$ exactly: only
# "dyadic" distributions are coded at exactly their entropy.
#
# **Upper bound: $L < H + 1$ is achievable.** Use **Shannon's lengths**
# $\ell(x) = \lceil -\log_2 p(x) \rceil$ for $p(x) > 0$. They satisfy Kraft,
# $\sum_x 2^{-\lceil -\log_2 p(x)\rceil} \le \sum_x 2^{\log_2 p(x)} = \sum_x p(x) = 1$,
# so a prefix code with these lengths exists, and since $\lceil t \rceil < t + 1$,
# $$L = \sum_x p(x) \lceil -\log_2 p(x) \rceil < \sum_x p(x)\big(-\log_2 p(x) + 1\big) = H + 1 .$$
# So the best prefix code has $H \le L^* < H + 1$: entropy is the price of a symbol, up
# to less than one bit lost to whole-bit codewords. Coding blocks of $k$ symbols at once
# spreads that bit over the block: $H \le L_k / k < H + 1/k$.
#
# ## 8. Huffman's algorithm, and why it is optimal
#
# Shannon's lengths are good, not best. **Huffman's algorithm** builds the best tree
# from the bottom:
#
# > Put every symbol in a pool as a node weighted by its probability. Repeatedly take
# > the **two lightest** nodes out, join them under a new node whose weight is their
# > sum (one child gets bit 0, the other bit 1), and put it back. When one node is left,
# > it is the root; each symbol's codeword is the path from the root to its leaf.
#
# Example: $p = (0.4, 0.2, 0.2, 0.1, 0.1)$ for $a, b, c, d, e$.
#
# | step | pool of nodes (weight) | merge | new node |
# | --- | --- | --- | --- |
# | 1 | $a$ 0.4, $b$ 0.2, $c$ 0.2, $d$ 0.1, $e$ 0.1 | $d, e$ | $de$ 0.2 |
# | 2 | $a$ 0.4, $b$ 0.2, $c$ 0.2, $de$ 0.2 | $b, c$ (a tie: any two of the 0.2s) | $bc$ 0.4 |
# | 3 | $a$ 0.4, $bc$ 0.4, $de$ 0.2 | $de, a$ (a tie: $a$ or $bc$) | $ade$ 0.6 |
# | 4 | $bc$ 0.4, $ade$ 0.6 | $bc, ade$ | root 1.0 |
#
# This gives lengths $a{:}\,2,\ b{:}\,2,\ c{:}\,2,\ d{:}\,3,\ e{:}\,3$ and $L = 2.2$ bits;
# merging $de$ with $bc$ in step 3 instead gives lengths $1, 3, 3, 3, 3$ and again
# $L = 2.2$ bits. The entropy is $H = 2.12$ bits. Note that $0.2 + 0.4 + 0.6 + 1.0 = 2.2$:
# see the first consequence below.
#
# **Why it is optimal** (by induction on the number of symbols):
#
# 1. *Likelier symbols are never longer.* If $p(x) > p(y)$ but $\ell(x) > \ell(y)$,
#    swapping the two codewords changes $L$ by
#    $p(x)\ell(y) + p(y)\ell(x) - p(x)\ell(x) - p(y)\ell(y) = -(p(x) - p(y))(\ell(x) - \ell(y)) < 0$,
#    so the code was not optimal.
# 2. *The tree is full.* In an optimal code every internal node has two children:
#    a node with a single child could be removed, shortening every codeword below it.
#    So the deepest leaf has a sibling that is also a leaf.
# 3. *The two least likely symbols $x, y$ can be siblings at the greatest depth.* By 1
#    and 2, exchanging them into the deepest sibling pair never increases $L$.
# 4. *Merging is exact.* Replace $x, y$ by one symbol $z$ with $p(z) = p(x) + p(y)$. A code
#    $C'$ for the smaller alphabet becomes a code $C$ for the original by appending 0 and
#    1 to $z$'s codeword, and
#    $$L(C) = L(C') + p(x) + p(y).$$
#    The added constant does not depend on the code, so (using 3) $C$ is optimal exactly
#    when $C'$ is. Huffman's algorithm performs precisely this reduction at every step,
#    and with two symbols the code $\{0, 1\}$ is obviously optimal. $\blacksquare$
#
# Two consequences. By step 4, **Huffman's expected length is the sum of all merged
# weights** (every merge adds one bit to each symbol below it), a handy way to compute it.
# And since Shannon's code is *a* prefix code, $H \le L_{\text{Huffman}} \le L_{\text{Shannon}} < H + 1$.
#
# Ties can produce different codewords, even different lengths, but always the same
# optimal $L$; **any optimal prefix code is a correct answer**, and the grader checks the
# prefix property and $L$, never particular codewords. A popular top-down alternative,
# **Shannon–Fano** coding (sort the symbols, split them into two groups of nearly equal
# probability, recurse), is *not* always optimal: for $p = (0.35, 0.17, 0.17, 0.16, 0.15)$
# it needs 2.31 bits per symbol where Huffman needs 2.30.
#
# **A one-symbol alphabet** is the corner case: $H = 0$, and the tree is a single leaf
# with an empty path. An empty codeword cannot be written down (how many symbols does
# an empty message hold?), so by convention the single symbol gets `"0"`, one bit,
# which is the one case where $L = H + 1$ is reached.

# %% [markdown]
# ### Exercise 6: `huffman_code(probs)`
#
# `probs` is a dict `{symbol: probability}`; return a dict `{symbol: codeword}` with
# codewords as strings of `"0"` and `"1"`, forming an **optimal prefix code** (Huffman).
#
# - Symbols can be any hashable: strings, ints, tuples, even a mix of kinds in one
#   dict. Never compare symbols with each other: in a `heapq`, break ties between equal
#   weights with a counter, e.g. entries `(weight, counter, node)`.
# - Every symbol gets a codeword, including symbols of probability 0.
# - One symbol gets `"0"`.
# - Raise `ValueError` for an empty dict, a negative probability, or probabilities
#   that do not sum to 1 within `1e-6`.

# %% nbgrader={"grade": false, "grade_id": "huffman_code_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def huffman_code(probs):
    """An optimal binary prefix code (Huffman) for the PMF probs.

    probs : dict {symbol: probability}; symbols any hashable, probabilities >= 0
            summing to 1 within 1e-6
    Returns a dict {symbol: codeword str of '0'/'1'}; a single symbol gets '0'.
    """
    if not isinstance(probs, dict) or len(probs) == 0:
        raise ValueError("probs must be a non-empty dict {symbol: probability}")
    weights = {symbol: float(w) for symbol, w in probs.items()}
    if any(not math.isfinite(w) or w < 0 for w in weights.values()):
        raise ValueError("probabilities must be finite and non-negative")
    if abs(sum(weights.values()) - 1.0) > 1e-6:
        raise ValueError(f"probabilities sum to {sum(weights.values())!r}, not 1")
    symbols = list(weights)
    if len(symbols) == 1:
        return {symbols[0]: "0"}
    code = {symbol: "" for symbol in symbols}
    # heap entries (weight, tie-breaking counter, symbols below this node): the
    # counter decides ties, so symbols themselves are never compared
    heap = [(weights[s], i, [s]) for i, s in enumerate(symbols)]
    heapq.heapify(heap)
    counter = len(heap)
    while len(heap) > 1:
        w0, _, left = heapq.heappop(heap)
        w1, _, right = heapq.heappop(heap)
        for s in left:
            code[s] = "0" + code[s]
        for s in right:
            code[s] = "1" + code[s]
        heapq.heappush(heap, (w0 + w1, counter, left + right))
        counter += 1
    return code


# %% nbgrader={"grade": true, "grade_id": "huffman_code", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
code_check = huffman_code({"a": 0.5, "b": 0.25, "c": 0.25})
assert sorted(code_check) == ["a", "b", "c"], "one codeword per symbol"
assert sorted(len(code_check[s]) for s in "abc") == [1, 2, 2], "dyadic PMF: lengths -log2 p = 1, 2, 2"
words_check = sorted(code_check.values())
assert all(set(w) <= {"0", "1"} for w in words_check), "codewords are strings of '0' and '1'"
assert not any(b.startswith(a) for a, b in zip(words_check, words_check[1:])), \
    "no codeword is a prefix of another"
assert huffman_code({"only": 1.0}) == {"only": "0"}, "a one-symbol alphabet gets '0'"
mixed_check = huffman_code({1: 0.25, "x": 0.25, (2, 3): 0.25, 4.5: 0.25})
assert sorted(map(len, mixed_check.values())) == [2, 2, 2, 2], "symbols of any kind; ties are fine"
# Not dyadic: here top-down splitting (Shannon-Fano) and Shannon's lengths ceil(-log2 p) fall
# short. Huffman merges 0.15 + 0.16, then 0.17 + 0.17, then 0.31 + 0.34, then 0.35 + 0.65, so
# the optimum is L = 0.31 + 0.34 + 0.65 + 1.00 = 2.30 bits (lengths 1, 3, 3, 3, 3). Any code
# with that expected length is correct; the codewords themselves are not checked.
probs_check = {"a": 0.35, "b": 0.17, "c": 0.17, "d": 0.16, "e": 0.15}
skewed_check = huffman_code(probs_check)
assert sorted(skewed_check) == ["a", "b", "c", "d", "e"], "one codeword per symbol"
length_check = sum(p * len(skewed_check[s]) for s, p in probs_check.items())
assert abs(length_check - 2.30) < 1e-9, (
    f"expected length {length_check:.4f} bits, but the optimum for {probs_check} is 2.30 bits. "
    "Splitting the sorted symbols into two halves of nearly equal probability (Shannon-Fano) "
    "gives 2.31 bits, Shannon's lengths ceil(-log2 p) give 2.65: build the tree bottom-up, "
    "always merging the two lightest nodes")


# %% [markdown]
# ### Exercise 7: `expected_length(code, probs)`
#
# Return $L = \sum_x p(x)\,\ell(x)$ in bits per symbol, as a `float`, where $\ell(x)$ is
# the length of `code[x]`. Every symbol of `probs` must have a codeword (raise
# `ValueError` naming the symbol otherwise); codewords of symbols that `probs` does not
# list are allowed and cost nothing. `code` need not come from `huffman_code`.

# %% nbgrader={"grade": false, "grade_id": "expected_length_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def expected_length(code, probs):
    """Expected codeword length sum_x probs[x] * len(code[x]), in bits per symbol.

    code  : dict {symbol: codeword str}
    probs : dict {symbol: probability}; every symbol needs a codeword
    Returns a float; ValueError when a symbol of probs has no codeword.
    """
    total = 0.0
    for symbol, p in probs.items():
        if symbol not in code:
            raise ValueError(f"symbol {symbol!r} has no codeword")
        total += float(p) * len(code[symbol])
    return total


# %% nbgrader={"grade": true, "grade_id": "expected_length", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
abc_check = {"a": "0", "b": "10", "c": "11"}
assert abs(expected_length(abc_check, {"a": 0.5, "b": 0.25, "c": 0.25}) - 1.5) < 1e-12, \
    "0.5 * 1 + 0.25 * 2 + 0.25 * 2 = 1.5 bits, here equal to the entropy"
assert abs(expected_length(abc_check, {"a": 0.2, "b": 0.4, "c": 0.4}) - 1.8) < 1e-12, \
    "a weighted average: likely symbols count more"
assert isinstance(expected_length(abc_check, {"a": 1.0}), float), "return a float"


# %% [markdown]
# ### Exercise 8: `encode(message, code)`
#
# Return the bit string made by concatenating the codewords of the symbols of
# `message`, with no separators. `message` is any sequence of symbols; a `str` is a
# sequence of characters. The empty message encodes to `""`. Raise `ValueError` if a
# symbol of the message has no codeword.

# %% nbgrader={"grade": false, "grade_id": "encode_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def encode(message, code):
    """Concatenate the codewords of the symbols of message.

    message : sequence of symbols (a str is a sequence of characters)
    code    : dict {symbol: codeword str}
    Returns a str of '0'/'1'; ValueError when a symbol has no codeword.
    """
    pieces = []
    for symbol in message:
        if symbol not in code:
            raise ValueError(f"symbol {symbol!r} has no codeword")
        pieces.append(code[symbol])
    return "".join(pieces)


# %% nbgrader={"grade": true, "grade_id": "encode", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
abc_check = {"a": "0", "b": "10", "c": "11"}
assert encode("abca", abc_check) == "010110", "codewords one after another, no separators"
assert encode(["c", "c"], abc_check) == "1111", "a list of symbols works too"
assert encode([], abc_check) == "", "no symbols, no bits"
assert encode([(0, 1), 7], {(0, 1): "1", 7: "0"}) == "10", "symbols can be any hashable"


# %% [markdown]
# ### Exercise 9: `decode(bits, code)`
#
# Invert `encode` for a **prefix-free** `code` (you may assume it is prefix-free; you
# need not check): return the **list** of symbols, so that
# `decode(encode(m, code), code) == list(m)`. The empty string decodes to `[]`.
#
# Raise `ValueError` when `bits` is not a valid encoding: a character other than
# `"0"` and `"1"`, bits that match no codeword (possible when the code's tree is not
# full), or a string that **ends in the middle of a codeword**. Never drop leftover
# bits silently.

# %% nbgrader={"grade": false, "grade_id": "decode_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def decode(bits, code):
    """Decode a bit string produced with the prefix-free code.

    bits : str of '0'/'1'
    code : dict {symbol: codeword str}, prefix-free
    Returns the list of symbols; ValueError for an invalid or incomplete bit string.
    """
    symbol_of = {word: symbol for symbol, word in code.items()}
    # every proper prefix of a codeword: the states in which the decoder waits for more bits
    pending = {word[:k] for word in symbol_of for k in range(len(word))}
    symbols, buffer = [], ""
    for position, bit in enumerate(bits):
        if bit not in ("0", "1"):
            raise ValueError(f"bits[{position}] is {bit!r}, not '0' or '1'")
        buffer += bit
        if buffer in symbol_of:
            symbols.append(symbol_of[buffer])
            buffer = ""
        elif buffer not in pending:
            raise ValueError(f"no codeword starts with {buffer!r} (at bit {position})")
    if buffer:
        raise ValueError(f"the bits end inside a codeword: {buffer!r} is left over")
    return symbols


# %% nbgrader={"grade": true, "grade_id": "decode", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
abc_check = {"a": "0", "b": "10", "c": "11"}
assert decode("010110", abc_check) == ["a", "b", "c", "a"], "read left to right, emit at each codeword"
assert decode("", abc_check) == [], "no bits, no symbols"
assert decode("10", {(0, 1): "1", 7: "0"}) == [(0, 1), 7], "symbols can be any hashable"
try:
    decode("0101", abc_check)
except ValueError:
    pass
else:
    raise AssertionError("'0101' ends inside the codeword '10' or '11': raise ValueError")

# %% [markdown]
# ## 9. Seeing the bounds
#
# Left: for 300 random distributions (2 to 20 symbols), Huffman's expected length
# against the entropy. Every point lies in the band $H \le L < H + 1$; Shannon's lengths
# $\lceil -\log_2 p \rceil$ lie in the same band but never below Huffman. Right: a
# paragraph of English compressed with a Huffman code built from its own letter
# frequencies, compared with 8-bit characters and with the entropy of the letters.

# %% tags=["demo"]
try:
    demo_rng = np.random.default_rng(1)
    points = []
    for _ in range(300):
        n = int(demo_rng.integers(2, 21))
        p = demo_rng.dirichlet(np.full(n, demo_rng.choice([0.2, 1.0, 5.0])))
        probs = dict(enumerate(p))
        shannon = float(sum(w * math.ceil(-math.log2(w)) for w in p if w > 0))
        points.append((entropy(p), expected_length(huffman_code(probs), probs), shannon))
    H, L, S = np.array(points).T

    text = ("information theory tells us how many bits a message needs on average "
            "if we know how often each of its symbols occurs and it tells us that no "
            "code can do better than the entropy of the source")
    letters, counts = np.unique(list(text), return_counts=True)
    freq = {str(c): k / len(text) for c, k in zip(letters, counts)}
    text_code = huffman_code(freq)
    bits = encode(text, text_code)
    print("decodes back to the same text:", "".join(decode(bits, text_code)) == text)
    per_char = [8, len(bits) / len(text), entropy(list(freq.values()))]

    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    axes[0].plot(H, S, ".", alpha=0.4, label="Shannon lengths $\\lceil -\\log_2 p \\rceil$")
    axes[0].plot(H, L, ".", label="Huffman")
    line = np.array([0, H.max()])
    axes[0].plot(line, line, "k-", lw=1, label="L = H")
    axes[0].plot(line, line + 1, "k--", lw=1, label="L = H + 1")
    axes[0].set(xlabel="entropy H (bits)", ylabel="expected length L (bits/symbol)",
                title="H ≤ L < H + 1")
    axes[0].legend(fontsize=8)
    axes[1].bar(["8-bit ASCII", "Huffman", "entropy"], per_char, color=["C7", "C1", "C0"])
    for i, v in enumerate(per_char):
        axes[1].text(i, v + 0.1, f"{v:.2f}", ha="center")
    axes[1].set(ylabel="bits per character", title=f"{len(text)} characters of English")
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement entropy, huffman_code, expected_length, encode and decode to see these plots.")

# %% [markdown]
# ## Summary
#
# - Surprise must be $-\log p$ (up to the unit) once independent surprises add; entropy
#   is its average, $H = -\sum p \log p$, with $0 \log 0 = 0$.
# - Cross-entropy $H(p, q) = H(p) + D_{\mathrm{KL}}(p\,\|\,q) \ge H(p)$, infinite when the
#   model rules out something that happens. Minimising it is maximum likelihood, and the
#   data's entropy is the floor of the loss.
# - Differential entropy $h$ depends on units and can be negative; it is what is left of
#   the discrete entropy after removing the resolution cost:
#   $H(X_\Delta) \approx h(X) - \log\Delta$.
# - Prefix codes obey Kraft's inequality, which gives $L \ge H$; Shannon's lengths give
#   $L < H + 1$; Huffman's bottom-up merging is optimal, so it lands in between.
#
# Next: the KL divergence in its own right (assignment 02).
