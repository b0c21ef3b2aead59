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
# # 00 · Probability foundations: distributions, PMF vs PDF
#
# *Machine Learning from an Information-Theoretic Perspective*
#
# Every later notebook of this course speaks about distributions: entropy is an
# average over a PMF, a KL divergence compares two of them, a loss is the log of a
# probability or of a density. This notebook lays the ground, deriving each rule from
# the few axioms of probability rather than asking you to memorise it.
#
# 1. **Probability vs distribution.** A probability is one number attached to one
#    event; a distribution is the whole assignment, to every event at once.
# 2. **Discrete random variables and their PMFs**, and how frequencies in a sample
#    estimate them (with an error that shrinks like $1/\sqrt N$).
# 3. **Joint, marginal and conditional** tables, and independence.
# 4. **Expectation and variance**, and a numerically safe way to compute the variance.
# 5. **Continuous random variables and densities.** Why $P(X = x) = 0$, why a density
#    may exceed 1 while a probability may not, and how to integrate a density reliably.
# 6. **From discrete to continuous**: histograms of growing samples with shrinking bins
#    converge to the density.
#
# You implement nine functions:
#
# | # | exercise | points | what it is |
# | --- | --- | --- | --- |
# | 1 | `normalize(weights)` | 2 | non-negative weights to a PMF |
# | 2 | `empirical_pmf(samples, num_outcomes)` | 2 | frequencies of the outcomes `0..num_outcomes-1` |
# | 3 | `marginals(joint)` | 2 | $(P(X=i), P(Y=j))$ from a joint table |
# | 4 | `conditional(joint)` | 2.5 | $P(Y = j \mid X = i)$, `nan` rows where $P(X=i) = 0$ |
# | 5 | `is_independent(joint, atol=1e-9)` | 1.75 | does the table factorise? |
# | 6 | `expectation(values, pmf)` | 1.25 | $\mathbb{E}[X]$ |
# | 7 | `variance(values, pmf)` | 1.75 | $\mathrm{Var}(X)$, accurate far from 0 |
# | 8 | `interval_probability(pdf, a, b)` | 4 | $P(a \le X \le b)$ by numerical integration |
# | 9 | `histogram_density(samples, bins)` | 2.75 | a histogram scaled to integrate to 1 |
# | | **total** | **20** | |
#
# **How you are graded.** Each function has a solution cell (replace
# `raise NotImplementedError()`) followed by a test cell. The test cell's visible
# asserts are quick examples you can run now; when the notebook is graded, hidden
# checks call your function on random inputs and on edge cases, and compare with
# independent references (SciPy, exact fractions, closed-form distribution functions,
# `np.histogram`). The course's grader (`python -m autograder`) draws a fresh seed for
# every run and records it in the result (`--seed N` reproduces a run); nbgrader's
# `autograde` uses one fixed seed (`course_config.NBGRADER_SEED`). Either way you do
# not see the inputs in advance: make the function right, not just the examples. If a
# visible assert fails, nbgrader scores that exercise 0 (the course's grader reports
# the failure and scores only the hidden checks), so make them pass first. Plot cells
# are tagged `demo`; they are not graded.
#
# **Conventions (the same in every assignment of the course).**
#
# - Inputs are *array-likes*: lists, tuples or NumPy arrays of any float (or integer)
#   dtype. Scalar results are returned as a Python `float` (or `bool`), arrays as
#   `np.ndarray` of floats. **Never modify an input**: `np.asarray` does not copy a
#   float64 array, so work on `np.array(x, dtype=float)` or on new arrays (the hidden
#   checks compare every argument before and after a call).
# - A PMF has non-negative entries that sum to 1 **within `1e-6`** (floating point
#   sums are rarely exactly 1: `sum([0.1] * 10)` is `0.9999999999999999`).
# - Invalid input named in a task (a negative weight, a table that is no PMF,
#   mismatched shapes, an out-of-range outcome) raises `ValueError` with a message
#   that says what is wrong.
# - Don't let NumPy print warnings (`0 / 0` warns "invalid value"): a graded cell
#   that writes to stderr scores 0 in nbgrader. Avoid the division, or wrap it in
#   `with np.errstate(invalid="ignore", divide="ignore"):`.

# %%
import math

import numpy as np
import scipy.integrate
import scipy.stats

# %% [markdown]
# ## 1. Probability vs distribution
#
# An experiment has a set $\Omega$ of possible outcomes, the **sample space**: the six
# faces of a die, or every real number for a measured height. An **event** is a set of
# outcomes, "the die shows an even number" $= \{2, 4, 6\}$. A **probability measure**
# $P$ attaches a number to every event, subject to three axioms (Kolmogorov):
#
# 1. $P(A) \ge 0$ for every event $A$;
# 2. $P(\Omega) = 1$;
# 3. for disjoint events $A_1, A_2, \dots$ (no outcome in two of them),
#    $P(A_1 \cup A_2 \cup \dots) = P(A_1) + P(A_2) + \dots$
#
# Everything else follows. Three rules we use all the time, each from the axioms:
#
# - **Complement.** $A$ and its complement $A^c$ are disjoint and $A \cup A^c = \Omega$,
#   so axioms 3 and 2 give $P(A) + P(A^c) = 1$, that is $P(A^c) = 1 - P(A)$. With $A =
#   \Omega$: $P(\emptyset) = 0$.
# - **Monotonicity and the bound 1.** If $A \subseteq B$, then $B = A \cup (B \setminus A)$
#   is a disjoint union, so $P(B) = P(A) + P(B \setminus A) \ge P(A)$ (axiom 1). Taking
#   $B = \Omega$: **every probability is at most 1.**
# - **Inclusion–exclusion.** $A \cup B$ is the disjoint union of $A$ and $B \setminus A$,
#   and $B$ is the disjoint union of $A \cap B$ and $B \setminus A$. Subtracting the two
#   applications of axiom 3: $P(A \cup B) = P(A) + P(B) - P(A \cap B)$.
#
# So a **probability** is one number in $[0, 1]$: the answer to one question about
# one event. A **distribution** is the whole function $A \mapsto P(A)$, the answer to
# every such question at once. Specifying it event by event is hopeless for a real
# line (there are uncountably many events), and the next sections show the two
# compact descriptions that work: a **PMF** for discrete variables, a **density** for
# continuous ones.
#
# A **random variable** $X$ is a numerical outcome of the experiment (the face shown,
# the height measured). Its distribution is $B \mapsto P(X \in B)$ for sets of numbers
# $B$. $X$ is **discrete** when it takes finitely or countably many values, and
# **continuous** when $P(X \in B)$ is an integral of a density (Section 6).

# %% [markdown]
# ## 2. Discrete variables: the probability mass function
#
# If $X$ takes the values $x_1, x_2, \dots$, the events $\{X = x_k\}$ are disjoint and
# together they make up $\Omega$. So by axiom 3, for any set $B$,
# $$P(X \in B) = \sum_{k:\ x_k \in B} P(X = x_k),$$
# and the whole distribution is fixed by the numbers $p(x_k) = P(X = x_k)$, the
# **probability mass function** (PMF). The axioms become: $p(x_k) \ge 0$ and
# $\sum_k p(x_k) = P(\Omega) = 1$. Each $p(x_k)$ *is* a probability, so $p(x_k) \le 1$.
#
# **From weights to a PMF.** Models often produce non-negative *scores* $w_k$ (counts,
# unnormalised likelihoods, `exp` of logits) that are proportional to the
# probabilities we want: $p_k = c\, w_k$ for one constant $c > 0$. Axiom 2 fixes it:
# $$1 = \sum_k p_k = c \sum_k w_k \quad\Longrightarrow\quad c = \frac{1}{\sum_j w_j},
# \qquad p_k = \frac{w_k}{\sum_j w_j}.$$
# This needs $\sum_j w_j > 0$: all-zero weights say nothing about relative
# likelihoods, and no constant turns them into a PMF.
#
# **A numerical trap.** The ratio does not change if every weight is scaled by the
# same factor, so divide by the largest weight $m = \max_j w_j$ first:
# $p_k = (w_k / m) / \sum_j (w_j / m)$. The scaled weights lie in $[0, 1]$ and their sum in
# $[1, n]$, so nothing can overflow, while `np.sum([1e308, 1e308])` is `inf` and the
# naive ratio gives `0.0` for both weights.

# %% [markdown]
# ### Exercise 1: `normalize(weights)`
#
# Return the PMF $p_k = w_k / \sum_j w_j$ as a float `np.ndarray` of the **same shape**
# as `weights` (a vector, or a table whose entries together form one distribution).
#
# - `weights` is any array-like of finite, non-negative numbers (ints too). It may
#   hold zeros, and its entries may be huge (`1e308`) or tiny: the result must still be
#   right, so scale by the largest weight before summing.
# - Raise `ValueError` (with a message) for an empty input, a negative, `nan` or
#   infinite weight, or weights that are all zero.
# - Do not modify `weights`.

# %% nbgrader={"grade": false, "grade_id": "normalize_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def normalize(weights):
    """Non-negative weights to a PMF of the same shape.

    weights : array-like of finite numbers >= 0, not all zero
    Returns weights / sum(weights) as a float array; ValueError on invalid input.
    """
    w = np.array(weights, dtype=float)           # a copy: the caller's data stays as it is
    if not w.size:
        raise ValueError("weights is empty")
    if not np.all(np.isfinite(w)):
        raise ValueError("weights must be finite (no nan or inf)")
    if np.any(w < 0):
        raise ValueError(f"weights must be non-negative, got {w[w < 0][:3]}")
    largest = w.max()
    if largest == 0:
        raise ValueError("all weights are zero: they define no distribution")
    scaled = w / largest                         # in [0, 1]: the sum cannot overflow
    return scaled / scaled.sum()


# %% nbgrader={"grade": true, "grade_id": "normalize", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
p_check = normalize([1, 2, 1])
assert isinstance(p_check, np.ndarray), "return an np.ndarray"
assert np.allclose(p_check, [0.25, 0.5, 0.25], rtol=0, atol=1e-15), "weights 1, 2, 1 out of 4"
assert np.allclose(normalize([3.0, 0.0, 1.0]), [0.75, 0.0, 0.25], rtol=0, atol=1e-15), \
    "a zero weight stays a zero probability"
assert normalize(np.ones((2, 3))).shape == (2, 3), "the result has the shape of the weights"
assert np.allclose(normalize([1e308, 1e308]), [0.5, 0.5], rtol=0, atol=1e-15), \
    "np.sum([1e308, 1e308]) overflows to inf: divide by the largest weight before summing"
for bad_check in ([0.0, 0.0], [1.0, -0.5], []):
    try:
        normalize(bad_check)
    except ValueError:
        pass
    else:
        raise AssertionError(f"normalize({bad_check}) must raise ValueError")


# %% [markdown]
# ## 3. Estimating a PMF from samples
#
# Draw $N$ independent samples $X_1, \dots, X_N$ from a PMF $p$ on the outcomes
# $0, 1, \dots, K - 1$. The **empirical PMF** is the vector of frequencies
# $$\hat p_k = \frac{\#\{i : X_i = k\}}{N} = \frac{1}{N} \sum_{i=1}^N \mathbf{1}[X_i = k].$$
# It is a PMF itself (non-negative; the counts add up to $N$), and outcomes that never
# occurred get $\hat p_k = 0$, not a missing entry: the result always has $K$ entries,
# aligned with the outcomes.
#
# **How good is it?** Each indicator $I_i = \mathbf{1}[X_i = k]$ is 1 with probability
# $p_k$ and 0 otherwise, so $\mathbb{E}[I_i] = p_k$ and, since $I_i^2 = I_i$,
# $\mathrm{Var}(I_i) = \mathbb{E}[I_i^2] - p_k^2 = p_k(1 - p_k)$. Averages of independent
# variables keep the mean and divide the variance by $N$ (the variance of a sum of
# independent terms is the sum of their variances, and scaling by $1/N$ scales the
# variance by $1/N^2$):
# $$\mathbb{E}[\hat p_k] = p_k, \qquad
#   \mathrm{Var}(\hat p_k) = \frac{p_k(1 - p_k)}{N}, \qquad
#   \text{standard error} = \sqrt{\frac{p_k (1 - p_k)}{N}} \le \frac{1}{2\sqrt N}.$$
# The estimate is unbiased, and its typical error shrinks like $1/\sqrt N$: a hundred
# times more data buys one more correct decimal digit. That is the (weak) law of large
# numbers, made quantitative.
#
# An outcome outside $0..K-1$ is no outcome of this PMF at all: silently dropping it
# would make the frequencies sum to less than 1, and clipping it into range would
# invent counts. Such a sample is an error.

# %% [markdown]
# ### Exercise 2: `empirical_pmf(samples, num_outcomes)`
#
# Return the frequencies $\hat p_0, \dots, \hat p_{K-1}$ (with $K$ = `num_outcomes`) as a
# float `np.ndarray` of shape `(num_outcomes,)`; unseen outcomes get 0.
#
# - `samples` is an array-like of integers of any shape (lists, tuples, integer
#   arrays, or float arrays holding whole numbers such as `3.0`); every entry counts
#   once.
# - Raise `ValueError` for an entry outside `0..num_outcomes-1` (negative, or
#   `>= num_outcomes`), an entry that is not a whole number (`1.5`, `nan`), an empty
#   `samples`, or a `num_outcomes` that is not a whole number `>= 1` (`0`, `2.5`).
#   `num_outcomes = 1` is valid (every sample is 0).
# - Do not modify `samples`.

# %% nbgrader={"grade": false, "grade_id": "empirical_pmf_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def empirical_pmf(samples, num_outcomes):
    """Frequencies of the integer outcomes 0..num_outcomes-1 in samples.

    samples      : array-like of integers in 0..num_outcomes-1 (any shape)
    num_outcomes : int >= 1
    Returns a float array of shape (num_outcomes,); ValueError on invalid input.
    """
    k = int(num_outcomes)
    if k != num_outcomes:
        raise ValueError(f"num_outcomes must be a whole number, got {num_outcomes!r}")
    x = np.array(samples, dtype=float).ravel()
    if not x.size:
        raise ValueError("no samples: the frequencies are undefined")
    if not np.all(np.isfinite(x)) or np.any(x != np.floor(x)):
        raise ValueError("samples must be whole numbers")
    if x.min() < 0 or x.max() > k - 1:
        raise ValueError(f"samples must lie in 0..{k - 1}, got values from {x.min():g} "
                         f"to {x.max():g}")
    counts = np.zeros(k)                         # (num_outcomes < 1 has failed above)
    np.add.at(counts, x.astype(np.int64), 1)
    return counts / x.size


# %% nbgrader={"grade": true, "grade_id": "empirical_pmf", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
f_check = empirical_pmf([0, 2, 2, 3], 5)
assert isinstance(f_check, np.ndarray) and f_check.shape == (5,), \
    "one entry per outcome 0..num_outcomes-1, unseen outcomes included"
assert np.array_equal(f_check, [0.25, 0.0, 0.5, 0.25, 0.0]), "counts divided by the number of samples"
assert np.array_equal(empirical_pmf(np.array([1.0, 1.0, 0.0]), 2), [1 / 3, 2 / 3]), \
    "whole numbers stored as floats are outcomes too"
for bad_check in ([0, 1, 5], [-1, 0], [0.5, 1]):
    try:
        empirical_pmf(bad_check, 5)
    except ValueError:
        pass
    else:
        raise AssertionError(f"empirical_pmf({bad_check}, 5) must raise ValueError: "
                             "every sample must be an outcome 0..4")

# %% [markdown]
# The $1/\sqrt N$ law, seen: the empirical PMF of a loaded die for growing samples
# (left), and the largest error $\max_k |\hat p_k - p_k|$ against $N$ on log axes
# (right), which follows the slope $-1/2$ of the standard error.

# %% tags=["demo"]
import matplotlib.pyplot as plt

try:
    demo_rng = np.random.default_rng(0)
    die = np.array([0.1, 0.1, 0.15, 0.15, 0.2, 0.3])
    sizes = np.unique(np.logspace(1, 5, 25).astype(int))
    draws = demo_rng.choice(6, size=sizes[-1], p=die)
    errors = [np.max(np.abs(empirical_pmf(draws[:n], 6) - die)) for n in sizes]
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
    for i, n in enumerate([20, 200, 20000]):
        axes[0].bar(np.arange(6) + (i - 1) * 0.27, empirical_pmf(draws[:n], 6), width=0.27,
                    label=f"N = {n}")
    axes[0].plot(np.arange(6), die, "k_", markersize=25, mew=2, label="true PMF")
    axes[0].set(xlabel="outcome k", ylabel="probability", title="empirical PMFs")
    axes[0].legend(fontsize=8)
    axes[1].loglog(sizes, errors, "o-", label="max error")
    axes[1].loglog(sizes, 0.5 / np.sqrt(sizes), "k--", label="$1 / (2\\sqrt{N})$")
    axes[1].set(xlabel="samples N", title="error shrinks like $1/\\sqrt{N}$")
    axes[1].legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement empirical_pmf above to see these plots.")

# %% [markdown]
# ## 4. Joint, marginal and conditional distributions
#
# Two discrete variables $X \in \{0, \dots, m-1\}$ and $Y \in \{0, \dots, n-1\}$ have a
# **joint PMF**, a table
# $$J_{ij} = P(X = i, Y = j), \qquad J_{ij} \ge 0, \quad \sum_{i, j} J_{ij} = 1 .$$
# Rows are indexed by $X$, columns by $Y$.
#
# **Marginals: the sum rule.** The events $\{X = i, Y = j\}$ for $j = 0, \dots, n-1$ are
# disjoint and their union is $\{X = i\}$ ($Y$ takes *some* value). Axiom 3:
# $$P(X = i) = \sum_j J_{ij} \quad \text{(row sums)}, \qquad
#   P(Y = j) = \sum_i J_{ij} \quad \text{(column sums)}.$$
# They are called marginals because they used to be written in the margins of the
# table. Each is a PMF: $\sum_i \sum_j J_{ij} = 1$.
#
# **Conditionals.** Learning that $X = i$ happened restricts the world to that row.
# Probabilities inside it keep their proportions but must add up to 1 again, which is
# exactly the normalisation of Section 2 applied to row $i$:
# $$P(Y = j \mid X = i) = \frac{P(X = i, Y = j)}{P(X = i)} = \frac{J_{ij}}{\sum_{j'} J_{ij'}}.$$
# Every row of the conditional table $C_{ij} = P(Y = j \mid X = i)$ is a PMF over $j$:
# $\sum_j C_{ij} = \sum_j J_{ij} / P(X = i) = 1$. Rearranged, the definition is the
# **product rule** $P(X = i, Y = j) = P(X = i)\, P(Y = j \mid X = i)$.
#
# **When $P(X = i) = 0$** the row is $0/0$: conditioning on an event that never happens
# gives no information about $Y$, and no value is right (every PMF in that row would
# satisfy the product rule $0 = 0 \cdot C_{ij}$). The honest answer is **undefined**:
# `nan` in every entry of that row. Dividing by a clamped marginal such as
# `np.maximum(p_x, 1e-10)` returns a row of zeros instead, which looks like a
# distribution but sums to 0; a uniform row would invent knowledge. A zero *column*
# is different: $P(Y = j) = 0$ makes $C_{ij} = 0 / P(X = i) = 0$, a perfectly defined
# probability.
#
# **Independence.** $X$ and $Y$ are independent when
# $$P(X = i, Y = j) = P(X = i)\,P(Y = j) \quad \text{for every } i, j,$$
# that is, when the table is the outer product of its marginals. Dividing by
# $P(X = i) > 0$ shows the equivalent reading: **every conditional row equals the
# marginal of $Y$**, so learning $X$ tells nothing about $Y$. Independence is a
# property of *every* cell: one cell matching $p_x p_y$ proves nothing, and matching
# marginals do not either (the tables $\begin{pmatrix} 1/2 & 0 \\ 0 & 1/2\end{pmatrix}$
# and $\begin{pmatrix} 1/4 & 1/4 \\ 1/4 & 1/4\end{pmatrix}$ have the same marginals; only the
# second is independent). In floating point the products carry rounding errors, so we
# test $|J_{ij} - P(X = i) P(Y = j)| \le \text{atol}$ for every cell.

# %% [markdown]
# ### Exercise 3: `marginals(joint)`
#
# Return the tuple `(p_x, p_y)` of float arrays: `p_x[i] = P(X = i)` (row sums, shape
# `(m,)`) and `p_y[j] = P(Y = j)` (column sums, shape `(n,)`) for `joint[i, j] =
# P(X = i, Y = j)`.
#
# - `joint` is a 2-D array-like (nested lists too) of shape `(m, n)`: non-negative,
#   finite entries summing to 1 within `1e-6`. Raise `ValueError` when it is not 2-D
#   or is no PMF (a negative entry, a sum off 1).
# - Do not modify `joint`.

# %% nbgrader={"grade": false, "grade_id": "marginals_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def marginals(joint):
    """Marginal PMFs (p_x, p_y) of a joint table joint[i, j] = P(X=i, Y=j).

    joint : 2-D array-like, a PMF (entries >= 0 summing to 1 within 1e-6)
    Returns (row sums, column sums) as float arrays; ValueError on invalid input.
    """
    J = np.array(joint, dtype=float)
    if J.ndim != 2:
        raise ValueError(f"joint must be a 2-D table, got shape {J.shape}")
    if not np.all(np.isfinite(J)) or np.any(J < 0):
        raise ValueError("joint must have finite, non-negative entries")
    if abs(J.sum() - 1.0) > 1e-6:
        raise ValueError(f"joint sums to {J.sum()!r}, not 1")
    return J.sum(axis=1), J.sum(axis=0)


# %% nbgrader={"grade": true, "grade_id": "marginals", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
joint_check = [[0.1, 0.2, 0.1],
               [0.3, 0.1, 0.2]]                 # X has 2 values (rows), Y has 3 (columns)
px_check, py_check = marginals(joint_check)
assert np.shape(px_check) == (2,) and np.shape(py_check) == (3,), \
    "p_x has one entry per row (value of X), p_y one per column (value of Y)"
assert np.allclose(px_check, [0.4, 0.6]) and np.allclose(py_check, [0.4, 0.3, 0.3]), \
    "p_x: sum over j of each row; p_y: sum over i of each column"
try:
    marginals([[0.5, 0.6], [0.0, 0.1]])
except ValueError:
    pass
else:
    raise AssertionError("a table summing to 1.2 is no joint PMF: raise ValueError")


# %% [markdown]
# ### Exercise 4: `conditional(joint)`
#
# Return the float array `C` of shape `(m, n)` with `C[i, j] = P(Y = j | X = i) =
# joint[i, j] / P(X = i)`.
#
# - A row with `P(X = i) = 0` is **all `nan`** (undefined); every other row sums to 1.
#   A zero column gives zeros, not `nan`. No warnings (no `0 / 0` evaluated unguarded).
# - `joint` as in `marginals`: raise `ValueError` when it is not a 2-D PMF.
# - Do not modify `joint`.

# %% nbgrader={"grade": false, "grade_id": "conditional_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conditional(joint):
    """Conditional table C[i, j] = P(Y=j | X=i); rows with P(X=i) = 0 are nan.

    joint : 2-D array-like, a PMF (entries >= 0 summing to 1 within 1e-6)
    Returns a float array of joint's shape; ValueError on invalid input.
    """
    J = np.array(joint, dtype=float)
    if J.ndim != 2:
        raise ValueError(f"joint must be a 2-D table, got shape {J.shape}")
    if not np.all(np.isfinite(J)) or np.any(J < 0):
        raise ValueError("joint must have finite, non-negative entries")
    if abs(J.sum() - 1.0) > 1e-6:
        raise ValueError(f"joint sums to {J.sum()!r}, not 1")
    p_x = J.sum(axis=1)
    C = np.full(J.shape, np.nan)                 # undefined until P(X = i) > 0 says otherwise
    rows = np.flatnonzero(p_x)                   # the rows with P(X = i) > 0
    C[rows] = J[rows] / p_x[rows, None]
    return C


# %% nbgrader={"grade": true, "grade_id": "conditional", "locked": true, "points": 2.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
joint_check = [[0.1, 0.3, 0.0],
               [0.0, 0.0, 0.0],                 # P(X = 1) = 0
               [0.2, 0.4, 0.0]]                 # and P(Y = 2) = 0
c_check = conditional(joint_check)
assert np.shape(c_check) == (3, 3), "one conditional PMF per row"
assert np.allclose(c_check[0], [0.25, 0.75, 0.0]) and np.allclose(c_check[2], [1 / 3, 2 / 3, 0.0]), \
    "row i is joint[i] divided by its row sum P(X = i) (rows, not columns)"
assert np.all(np.isnan(c_check[1])), \
    "P(X = 1) = 0: P(Y | X = 1) is undefined, so the whole row is nan (not zeros, not uniform)"
assert not np.any(np.isnan(c_check[[0, 2]])), "a zero column (P(Y = 2) = 0) gives zeros, not nan"


# %% [markdown]
# ### Exercise 5: `is_independent(joint, atol=1e-9)`
#
# Return the Python `bool` telling whether `|joint[i, j] - P(X = i) P(Y = j)| <= atol`
# for **every** cell (`True`: independent within the tolerance; the comparison is `<=`,
# so a deviation exactly equal to `atol` still counts as independent).
#
# - `atol` is an absolute tolerance (no relative one); `atol < 0` (or `nan`) raises
#   `ValueError`. Note that `np.allclose` adds a relative tolerance of `1e-5` by default.
# - `joint` as in `marginals`: raise `ValueError` when it is not a 2-D PMF.
# - Do not modify `joint`.

# %% nbgrader={"grade": false, "grade_id": "is_independent_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def is_independent(joint, atol=1e-9):
    """Whether joint[i, j] = P(X=i) P(Y=j) for every cell, within atol.

    joint : 2-D array-like, a PMF (entries >= 0 summing to 1 within 1e-6)
    atol  : absolute tolerance >= 0
    Returns a bool; ValueError on invalid input.
    """
    if not atol >= 0:
        raise ValueError(f"atol must be a non-negative number, got {atol!r}")
    J = np.array(joint, dtype=float)
    if J.ndim != 2:
        raise ValueError(f"joint must be a 2-D table, got shape {J.shape}")
    if not np.all(np.isfinite(J)) or np.any(J < 0):
        raise ValueError("joint must have finite, non-negative entries")
    if abs(J.sum() - 1.0) > 1e-6:
        raise ValueError(f"joint sums to {J.sum()!r}, not 1")
    product = np.outer(J.sum(axis=1), J.sum(axis=0))
    return bool(np.max(np.abs(J - product)) <= atol)


# %% nbgrader={"grade": true, "grade_id": "is_independent", "locked": true, "points": 1.75, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
product_check = np.outer([0.3, 0.7], [0.2, 0.5, 0.3])
assert is_independent(product_check) is True, "an outer product of two PMFs is independent (a bool)"
assert is_independent([[0.5, 0.0], [0.0, 0.5]]) is False, \
    "same marginals as the uniform table, but Y = X: dependent"
nudge_check = np.array([[1e-7, -1e-7, 0.0], [-1e-7, 1e-7, 0.0]])
assert is_independent(product_check + nudge_check) is False, \
    "the marginals are unchanged but four cells are off by 1e-7 > atol = 1e-9 (no relative tolerance)"
assert is_independent(product_check + nudge_check, atol=1e-6) is True, "within atol = 1e-6"

# %% [markdown]
# A joint table, its marginals in the margins, and its conditional rows. In the
# dependent table (top) the rows of $P(Y \mid X)$ differ: knowing $X$ changes what to
# expect of $Y$. In the product of the same marginals (bottom) every conditional row
# is the marginal of $Y$.

# %% tags=["demo"]
try:
    dependent = np.array([[0.20, 0.05, 0.00],
                          [0.05, 0.20, 0.05],
                          [0.00, 0.05, 0.40]])
    px_demo, py_demo = marginals(dependent)
    tables = {"dependent": dependent, "product of the marginals": np.outer(px_demo, py_demo)}
    fig, axes = plt.subplots(2, 2, figsize=(9, 6.5))
    for row, (label, table) in enumerate(tables.items()):
        for col, (name, shown) in enumerate([("joint P(X, Y)", table),
                                              ("conditional P(Y | X)", conditional(table))]):
            ax = axes[row, col]
            ax.imshow(shown, cmap="Blues", vmin=0, vmax=1)
            for (i, j), v in np.ndenumerate(shown):
                ax.text(j, i, f"{v:.2f}", ha="center", va="center")
            ax.set(xticks=range(3), yticks=range(3), xlabel="Y = j", ylabel="X = i",
                   title=f"{label}: {name}")
        a, b = marginals(table)
        axes[row, 0].set_xlabel("Y = j     P(Y): " + ", ".join(f"{v:.2f}" for v in b))
        axes[row, 0].set_ylabel("X = i     P(X): " + ", ".join(f"{v:.2f}" for v in a[::-1]))
        print(f"{label}: is_independent = {is_independent(table)}")
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement marginals, conditional and is_independent above to see these tables.")

# %% [markdown]
# ## 5. Expectation and variance
#
# The **expectation** of a discrete $X$ with values $v_k$ and PMF $p_k$ is the
# probability-weighted average
# $$\mu = \mathbb{E}[X] = \sum_k p_k\, v_k .$$
# It is the centre of mass of the PMF, not the plain average of the possible values:
# for values $(0, 10)$ with probabilities $(0.9, 0.1)$, $\mathbb{E}[X] = 1$ while the
# unweighted mean of the values is 5. **Linearity** follows from distributing the sum:
# $\mathbb{E}[aX + b] = \sum_k p_k (a v_k + b) = a \sum_k p_k v_k + b \sum_k p_k = a\mu + b.$
#
# The **variance** is the expected squared distance from the mean,
# $$\mathrm{Var}(X) = \mathbb{E}\big[(X - \mu)^2\big] = \sum_k p_k (v_k - \mu)^2 \;\ge 0 .$$
# Expanding the square and using linearity gives the textbook shortcut:
# $$\mathbb{E}[(X - \mu)^2] = \mathbb{E}[X^2] - 2\mu\,\mathbb{E}[X] + \mu^2
#   = \mathbb{E}[X^2] - \mu^2 .$$
# Two more facts from the definition: shifting does not change the spread,
# $\mathrm{Var}(X + c) = \sum_k p_k \big(v_k + c - (\mu + c)\big)^2 = \mathrm{Var}(X)$, and
# scaling squares, $\mathrm{Var}(aX) = a^2 \mathrm{Var}(X)$; the standard deviation
# $\sigma = \sqrt{\mathrm{Var}(X)}$ has the units of $X$.
#
# **The shortcut is exact in algebra and dangerous in floating point.** Take the values
# $10^9 + (0, 1, 2)$, equally likely: the variance is $2/3$, whatever the shift. But
# $\mathbb{E}[X^2] \approx 10^{18}$, and a float64 near $10^{18}$ is only accurate to about
# $10^{18} \cdot 2^{-53} \approx 100$; subtracting $\mu^2 \approx 10^{18}$ leaves rounding
# noise of that size (even a negative "variance"). This is **catastrophic
# cancellation**: two large, nearly equal numbers subtracted. The definition avoids
# it: first compute $\mu$, then the small deviations $v_k - \mu$, then their weighted
# squares (the "two-pass" formula). Shift invariance is what makes this legitimate.

# %% [markdown]
# ### Exercise 6: `expectation(values, pmf)`
#
# Return $\sum_k$ `pmf[k] * values[k]` as a `float`.
#
# - `values` and `pmf` are 1-D array-likes of the same length; `pmf` is a PMF
#   (non-negative, summing to 1 within `1e-6`). Raise `ValueError` for inputs that are
#   not 1-D, different lengths (no broadcasting: one value with three probabilities is
#   an error), an invalid `pmf`, or non-finite values.
# - Do not modify the inputs.

# %% nbgrader={"grade": false, "grade_id": "expectation_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def expectation(values, pmf):
    """E[X] = sum_k pmf[k] * values[k].

    values : 1-D array-like of finite numbers
    pmf    : 1-D array-like of the same length, a PMF
    Returns a float; ValueError on invalid input.
    """
    v, p = np.array(values, dtype=float), np.array(pmf, dtype=float)
    if v.ndim != 1 or v.shape != p.shape:
        raise ValueError(f"values and pmf must be 1-D of one length, got {v.shape}, {p.shape}")
    if not np.all(np.isfinite(v)):
        raise ValueError("values must be finite")
    if not np.all(np.isfinite(p)) or np.any(p < 0) or abs(p.sum() - 1.0) > 1e-6:
        raise ValueError("pmf must be non-negative and sum to 1")
    return float(np.sum(p * v))


# %% nbgrader={"grade": true, "grade_id": "expectation", "locked": true, "points": 1.25, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(expectation([1, 2, 3, 4, 5, 6], [1 / 6] * 6) - 3.5) < 1e-12, "a fair die: 3.5"
assert abs(expectation([0, 10], [0.9, 0.1]) - 1.0) < 1e-12, \
    "weight each value by its probability: 0.9 * 0 + 0.1 * 10 = 1 (not the plain mean 5)"
assert isinstance(expectation(np.array([1.0, 3.0]), np.array([0.5, 0.5])), float), "return a float"
try:
    expectation([1, 2, 3], [0.5, 0.5])
except ValueError:
    pass
else:
    raise AssertionError("3 values and 2 probabilities: raise ValueError")


# %% [markdown]
# ### Exercise 7: `variance(values, pmf)`
#
# Return $\sum_k$ `pmf[k] * (values[k] - mu) ** 2` with $\mu$ the expectation, as a
# `float` (the variance itself, not the standard deviation).
#
# - Same inputs and errors as `expectation`.
# - It must stay accurate when the values are far from 0 compared with their spread
#   (values as large as `1e10` with a spread of 1: relative error below `1e-7`), and it is
#   never negative: use the two-pass formula, not $\mathbb{E}[X^2] - \mu^2$.
# - Do not modify the inputs.

# %% nbgrader={"grade": false, "grade_id": "variance_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def variance(values, pmf):
    """Var(X) = sum_k pmf[k] * (values[k] - E[X])**2 (two-pass, no cancellation).

    values : 1-D array-like of finite numbers
    pmf    : 1-D array-like of the same length, a PMF
    Returns a float >= 0; ValueError on invalid input.
    """
    v, p = np.array(values, dtype=float), np.array(pmf, dtype=float)
    if v.ndim != 1 or v.shape != p.shape:
        raise ValueError(f"values and pmf must be 1-D of one length, got {v.shape}, {p.shape}")
    if not np.all(np.isfinite(v)):
        raise ValueError("values must be finite")
    if not np.all(np.isfinite(p)) or np.any(p < 0) or abs(p.sum() - 1.0) > 1e-6:
        raise ValueError("pmf must be non-negative and sum to 1")
    mu = np.sum(p * v)
    return float(np.sum(p * (v - mu) ** 2))


# %% nbgrader={"grade": true, "grade_id": "variance", "locked": true, "points": 1.75, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(variance([1, 2, 3, 4, 5, 6], [1 / 6] * 6) - 35 / 12) < 1e-12, "a fair die: 35/12"
assert abs(variance([0, 10], [0.9, 0.1]) - 9.0) < 1e-12, \
    "0.9 * (0 - 1)**2 + 0.1 * (10 - 1)**2 = 9 (weighted by the PMF, around E[X] = 1)"
far_check = variance(1e9 + np.array([0.0, 1.0, 2.0]), [1 / 3] * 3)
assert abs(far_check - 2 / 3) < 1e-9, (
    f"values 1e9 + (0, 1, 2) have variance 2/3, got {far_check!r}: E[X^2] - E[X]^2 subtracts two "
    "numbers near 1e18 and keeps only rounding noise; subtract the mean first")


# %% [markdown]
# ## 6. Continuous variables: densities
#
# **Why a single value has probability 0.** Let $X$ be uniform on $[0, 1]$: every
# sub-interval of length $\ell$ gets probability $\ell$. The point $\{x\}$ lies inside an
# interval of length $\varepsilon$ for every $\varepsilon > 0$, so by monotonicity
# $0 \le P(X = x) \le \varepsilon$, hence $P(X = x) = 0$. Yet $X$ takes *some* value: with
# uncountably many points, axiom 3 (which only adds countably many terms) does not
# force the zeros to add up to 1. So a continuous distribution cannot be described by
# the probabilities of single values; we describe it by how probability is *spread*.
#
# **Density.** The **cumulative distribution function** $F(x) = P(X \le x)$ exists for
# every random variable. For $a < b$, $\{X \le b\}$ is the disjoint union of
# $\{X \le a\}$ and $\{a < X \le b\}$, so $P(a < X \le b) = F(b) - F(a)$. If $F$ is
# differentiable, its derivative $f = F'$ is the **probability density function** (PDF):
# $$f(x) = \lim_{h \to 0^+} \frac{F(x + h) - F(x)}{h}
#        = \lim_{h \to 0^+} \frac{P(x < X \le x + h)}{h},$$
# probability *per unit length*, and by the fundamental theorem of calculus
# $$P(a \le X \le b) = F(b) - F(a) = \int_a^b f(x)\, dx \qquad (a \le b).$$
# (The endpoints do not matter: each has probability 0.) The axioms become $f \ge 0$ and
# $\int_{-\infty}^{\infty} f = 1$.
#
# **PMF vs PDF.** A PMF value *is* a probability, so it is at most 1. A density value
# is a probability *divided by a length*, with units of $1/\text{units of } x$, and
# it can be any non-negative number: the uniform density on $[0, 0.5]$ is 2
# everywhere on it, and $\mathcal{N}(\mu, \sigma^2)$ peaks at $1/(\sigma\sqrt{2\pi})$, which is
# 398.9 for $\sigma = 0.001$. What must stay below 1 is the *area* under $f$ over any
# interval. A density above 1 is fine; a probability above 1 is a bug.
#
# **Integrating a density numerically.** Quadrature rules approximate
# $\int_a^b f \approx \sum_k w_k f(x_k)$ at a few nodes $x_k$. They can only see what
# happens at their nodes: if all the mass sits in a peak narrower than the gaps between
# the nodes, every $f(x_k)$ is (numerically) zero and the answer is 0. This is exactly
# what `scipy.integrate.quad(pdf, -np.inf, np.inf)` returns for
# $\mathcal{N}(30, 0.001^2)$: its first nodes never come near $x = 30$, and its error
# estimate, built from the same nodes, sees nothing wrong. An integrator for arbitrary
# densities therefore has to *look everywhere the mass can be* at a resolution finer than
# the narrowest feature, for instance:
#
# - cut the part of $[a, b]$ where the mass may lie into many small panels, each at
#   most about the width of the narrowest feature, and apply a Gauss–Legendre rule
#   (`np.polynomial.legendre.leggauss`) on every panel, all in one vectorised call of
#   `pdf`; on a panel of width $h$ with nodes $t_k$ and weights $w_k$ on $[-1, 1]$,
#   $\int_{c - h/2}^{c + h/2} f \approx \tfrac h2 \sum_k w_k f(c + \tfrac h2 t_k)$;
# - handle what lies far outside, where the densities are smooth and tiny, with
#   `scipy.integrate.quad`, which accepts infinite limits.
#
# An equally valid plan: `quad` on many small sub-intervals. Whatever you choose, it is
# graded on its accuracy on the densities described in the task below.

# %% [markdown]
# ### Exercise 8: `interval_probability(pdf, a, b)`
#
# Return $P(a \le X \le b) = \int_a^b \mathrm{pdf}(x)\,dx$ as a `float`, with an absolute
# error below `1e-6`.
#
# - `pdf` is a vectorised density: `pdf(x)` accepts a NumPy array of any shape and
#   returns the density at every entry.
# - `a` and `b` are numbers (ints too) and may be infinite: `-np.inf`, `np.inf`.
# - `a > b` is the empty event, probability `0.0`; so is `a == b` (a single point).
#   `nan` limits raise `ValueError`.
# - The hidden checks integrate Gaussians $\mathcal{N}(\mu, \sigma^2)$ and mixtures of up
#   to three of them, with means $\mu \in [-50, 50]$ and standard deviations
#   $\sigma \in [0.001, 30]$ (so some mass may lie far out, beyond $\pm 100$). A narrow
#   component (a peak with most of the mass, density in the hundreds) may sit
#   **anywhere**: far from the interval's centre, near one of its ends, cut by an end
#   (or with both ends inside it: an interval shorter than the peak is wide), or far
#   from 0 in an infinite interval. `quad` on the whole interval alone misses such peaks.
# - Keep it fast: a call should take well under a second.

# %% nbgrader={"grade": false, "grade_id": "interval_probability_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def interval_probability(pdf, a, b):
    """P(a <= X <= b) for the density pdf, by numerical integration.

    pdf  : vectorised density, pdf(array) -> array
    a, b : limits, possibly infinite; a >= b gives 0.0
    Returns a float with absolute error below 1e-6; ValueError for nan limits.
    """
    a, b = float(a), float(b)
    if math.isnan(a) or math.isnan(b):
        raise ValueError(f"the limits must be numbers, got a={a!r}, b={b!r}")
    if not a < b:
        return 0.0                               # the empty event (or a single point)
    # A narrow peak has its mean in [-50, 50] (the task statement), so it lies well
    # inside [-core, core]; beyond, only wide components reach, and they are smooth.
    core = 60.0
    lo, hi = max(a, -core), min(b, core)
    total = 0.0
    if lo < hi:
        # n panels of width h <= 0.02 (20 times the narrowest sigma), 30 Gauss-Legendre
        # nodes t_k in [-1, 1] on each, mapped onto [left, left + h]; one call of pdf.
        # So many nodes resolve a peak 20 times narrower than the panel (a rule with k
        # nodes is exact for polynomials of degree 2k - 1), at half the evaluations of
        # 6 nodes on panels of 0.002.
        n = math.ceil((hi - lo) / 0.02)
        h = (hi - lo) / n
        t, w = np.polynomial.legendre.leggauss(30)
        x = lo + h * (np.arange(n)[:, None] + (t + 1) / 2)
        total = h / 2 * float(np.sum(np.asarray(pdf(x), dtype=float) @ w))
    # beyond the core the density is smooth: quad handles it, and the infinite limits
    if a < -core:
        total += scipy.integrate.quad(pdf, a, min(b, -core))[0]
    if b > core:
        total += scipy.integrate.quad(pdf, max(a, core), b)[0]
    return total


# %% nbgrader={"grade": true, "grade_id": "interval_probability", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
std_normal_check = lambda x: np.exp(-0.5 * np.asarray(x) ** 2) / math.sqrt(2 * math.pi)
assert abs(interval_probability(std_normal_check, -1.96, 1.96) - math.erf(1.96 / math.sqrt(2))) < 1e-6, \
    "P(-1.96 <= Z <= 1.96) = 0.9500042 for a standard normal Z"
assert abs(interval_probability(std_normal_check, -np.inf, 0) - 0.5) < 1e-6, "infinite limits: P(Z <= 0) = 1/2"
assert isinstance(interval_probability(std_normal_check, 0, 1), float), "return a float"
assert interval_probability(std_normal_check, 1, -1) == 0.0, "a > b is the empty event: 0, not -P(-1 <= Z <= 1)"
narrow_check = lambda x: np.exp(-0.5 * ((np.asarray(x) - 30) / 0.001) ** 2) / (0.001 * math.sqrt(2 * math.pi))
assert narrow_check(30.0) > 398, "this density peaks at 398.9: a density may exceed 1"
assert abs(interval_probability(narrow_check, -np.inf, np.inf) - 1.0) < 1e-6, \
    "N(30, 0.001^2) integrates to 1; quad over (-inf, inf) alone returns 0 here: it never samples near x = 30"
assert abs(interval_probability(narrow_check, 30, 45) - 0.5) < 1e-6, "half of the narrow peak lies right of 30"

# %% [markdown]
# PMF vs PDF, side by side. Left: a binomial PMF, whose bars are probabilities (each
# at most 1, adding up to 1). Right: the density of $\mathcal{N}(0, 0.1^2)$, which rises to
# 3.99, far above 1, while the shaded area, $P(0 \le X \le 0.1) = 0.341$, is a
# probability. Below: what `quad` alone reports for a narrow peak placed at different
# distances from 0, against `interval_probability`.

# %% tags=["demo"]
try:
    k = np.arange(11)
    x_demo = np.linspace(-0.5, 0.5, 801)
    density_demo = scipy.stats.norm(0, 0.1).pdf(x_demo)
    shaded = (x_demo >= 0) & (x_demo <= 0.1)
    area = interval_probability(scipy.stats.norm(0, 0.1).pdf, 0, 0.1)
    centres = [0.0, 2.0, 5.0, 10.0, 20.0, 40.0]
    naive, ours = [], []
    for c in centres:
        peak = scipy.stats.norm(c, 0.001).pdf
        naive.append(scipy.integrate.quad(peak, -np.inf, np.inf)[0])
        ours.append(interval_probability(peak, -np.inf, np.inf))
    fig, axes = plt.subplots(1, 3, figsize=(14, 3.6))
    axes[0].bar(k, scipy.stats.binom(10, 0.3).pmf(k))
    axes[0].set(xlabel="k", ylabel="P(X = k)", title="PMF: Binomial(10, 0.3)", ylim=(0, 1))
    axes[1].plot(x_demo, density_demo)
    axes[1].fill_between(x_demo[shaded], density_demo[shaded], alpha=0.4,
                         label=f"area = P(0 ≤ X ≤ 0.1) = {area:.3f}")
    axes[1].axhline(1, color="k", ls=":", lw=1)
    axes[1].set(xlabel="x", ylabel="f(x)", title="PDF: N(0, 0.1²) peaks at 3.99 > 1")
    axes[1].legend(fontsize=8)
    axes[2].plot(centres, naive, "o-", label="quad over (-inf, inf)")
    axes[2].plot(centres, ours, "s--", label="interval_probability")
    axes[2].set(xlabel="centre of N(c, 0.001²)", ylabel="total probability",
                title="a narrow peak away from 0", ylim=(-0.05, 1.1))
    axes[2].legend(fontsize=8)
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement interval_probability above to see these plots.")

# %% [markdown]
# ## 7. From discrete to continuous: histograms converge to the density
#
# How does a continuous variable connect to the discrete world of Sections 2–3? Cut
# the line into bins $B_k = [e_k, e_{k+1})$ of widths $h_k = e_{k+1} - e_k$. Which bin $X$
# falls in is a *discrete* variable with PMF $P_k = P(X \in B_k) = \int_{B_k} f$, and from
# $N$ samples we estimate it by the frequency $\hat P_k = c_k / N$ ($c_k$ the count in
# bin $k$), exactly as in Section 3.
#
# A frequency is a probability, not a density: to compare it with $f$ we must divide by
# the bin width. The **histogram density** is
# $$\hat f(x) = \frac{c_k}{N\, h_k} \qquad \text{for } x \in B_k,$$
# a step function with area $\sum_k \hat f_k h_k = \sum_k c_k / N = 1$. Without the
# division the picture depends on the bins: halve the widths and every bar halves.
#
# **Why it converges.** Fix $x$ and let $B$ be its bin, of width $h$.
#
# - *Bias.* $\mathbb{E}[\hat f(x)] = P(X \in B)/h = \frac1h \int_B f$. By the mean value
#   theorem this is $f(\xi)$ for some $\xi \in B$, so it tends to $f(x)$ as $h \to 0$ (for a
#   continuous $f$): **small bins** remove the blur.
# - *Variance.* $c_k$ counts successes in $N$ trials with probability $P = P(X \in B)$, so
#   by Section 3 $\mathrm{Var}(\hat P) = P(1 - P)/N$ and
#   $$\mathrm{Var}\big(\hat f(x)\big) = \frac{P(1 - P)}{N h^2} \approx \frac{f(x)\,h}{N h^2}
#     = \frac{f(x)}{N h} .$$
#   Few samples per bin make noisy bars: the bins may shrink only **slower than the
#   sample grows**, so that $N h \to \infty$ (the expected count per bin grows).
#
# With $h \to 0$ and $N h \to \infty$ together, for instance $h \propto N^{-1/3}$ (which
# balances a squared bias $\propto h^2$ against a variance $\propto 1/(Nh)$), the histogram
# density converges to $f$: the discrete frequencies *become* the continuous density.
# This is also why a density is the right object in the limit: the frequencies
# $\hat P_k$ themselves all shrink to 0 as the bins do, while $\hat P_k / h_k$ settles on $f$.
#
# `np.histogram(samples, bins, density=True)` computes exactly $\hat f$: with an integer
# `bins` it uses that many equal bins from `min(samples)` to `max(samples)`; with a
# sequence of edges it uses them as given and ignores samples outside them, dividing
# by the number of samples *counted* so that the area is still 1. Every bin is half-open
# $[e_k, e_{k+1})$ except the last, which also includes its right edge.

# %% [markdown]
# ### Exercise 9: `histogram_density(samples, bins)`
#
# Return the tuple `(density, edges)` of float arrays, the same as
# `np.histogram(samples, bins, density=True)`: `density[k] = counts[k] / (N_in *
# widths[k])` with `N_in` the number of samples inside the edges, so that
# `sum(density * np.diff(edges)) == 1`.
#
# - `samples`: array-like of finite numbers, any shape (flattened).
# - `bins`: a positive int (that many equal-width bins from `min(samples)` to
#   `max(samples)`; if all samples are equal, NumPy's convention applies: the range
#   `[x - 0.5, x + 0.5]`), or a 1-D increasing sequence of at least two edges
#   (unequal widths allowed; samples outside are ignored).
# - Bins are `[e_k, e_{k+1})`, the last one `[e_{K-1}, e_K]` (its right edge included).
# - Raise `ValueError` for empty samples, non-finite samples, `bins < 1`, edges that are
#   not finite or not strictly increasing (two equal edges make a bin of width 0), or
#   edges that contain no sample at all (nothing to normalise). Two edges (one bin)
#   and a single sample are valid.
# - You may use `np.histogram` for the counts; the point is the scaling. Do not modify
#   `samples` or `bins`.

# %% nbgrader={"grade": false, "grade_id": "histogram_density_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def histogram_density(samples, bins):
    """Histogram scaled to a density: (density, edges), as np.histogram(..., density=True).

    samples : array-like of finite numbers (flattened)
    bins    : int >= 1 (equal bins over [min, max]) or an increasing sequence of edges
    Returns (density, edges) with sum(density * diff(edges)) == 1; ValueError on invalid input.
    """
    x = np.array(samples, dtype=float).ravel()
    if not np.all(np.isfinite(x)):
        raise ValueError("samples must be finite")
    if np.ndim(bins) == 0:
        counts, edges = np.histogram(x, int(bins))   # raises ValueError for bins < 1
    else:
        e = np.array(bins, dtype=float)
        if not np.all(np.isfinite(e)) or np.any(np.diff(e) <= 0):
            raise ValueError("the edges must be finite and strictly increasing")
        counts, edges = np.histogram(x, e)           # raises ValueError for 2-D edges
    inside = counts.sum()
    if inside == 0:
        raise ValueError("no sample inside the bins (no samples at all, or none between "
                         "the edges): nothing to normalise")
    return counts / (inside * np.diff(edges)), edges


# %% nbgrader={"grade": true, "grade_id": "histogram_density", "locked": true, "points": 2.75, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
d_check, e_check = histogram_density([0.0, 0.5, 1.0, 1.0, 3.0], [0, 1, 2, 4])
assert np.allclose(e_check, [0, 1, 2, 4]), "explicit edges are returned as given"
assert np.allclose(d_check, [0.4, 0.4, 0.1]), (
    "counts 2, 2, 1 of N = 5 samples, divided by N * width: 2/5, 2/5 and 1/(5*2) "
    "(a frequency is divided by the width of its bin)")
assert abs(np.sum(d_check * np.diff(e_check)) - 1.0) < 1e-12, "the area under a density is 1"
d_check, e_check = histogram_density([0, 1, 2], 2)
assert np.allclose(e_check, [0, 1, 2]) and np.allclose(d_check, [1 / 3, 2 / 3]), \
    "2 equal bins over [min, max] = [0, 2]; 1 falls in [1, 2], and the last bin includes its right edge 2"

# %% [markdown]
# The transition, seen. Samples from a mixture density (black) are binned with
# $h \propto N^{-1/3}$: few samples and wide bins give a coarse, noisy staircase; more
# samples and narrower bins close in on the curve. The right panel measures the
# distance $\int |\hat f - f|$ (computed on a fine grid), which falls as $N$ grows, while
# keeping the bins fixed (dashed) stalls at the bias of the wide bins.

# %% tags=["demo"]
try:
    demo_rng = np.random.default_rng(2)
    weights_demo, means_demo, stds_demo = np.array([0.6, 0.4]), np.array([0.0, 3.0]), np.array([1.0, 0.5])

    def true_density(x):
        return sum(w * scipy.stats.norm(m, s).pdf(x)
                   for w, m, s in zip(weights_demo, means_demo, stds_demo))

    def draw(n):
        component = demo_rng.choice(2, size=n, p=weights_demo)
        return demo_rng.normal(means_demo[component], stds_demo[component])

    grid = np.linspace(-5, 6, 4001)

    def l1_distance(density, edges):
        idx = np.clip(np.searchsorted(edges, grid, side="right") - 1, 0, len(density) - 1)
        step = np.where((grid >= edges[0]) & (grid <= edges[-1]), density[idx], 0.0)
        return np.trapezoid(np.abs(step - true_density(grid)), grid)

    sizes = [100, 1000, 10000, 100000]
    fig, axes = plt.subplots(1, 2, figsize=(12, 3.8))
    distances, fixed = [], []
    for n in np.logspace(2, 6, 13).astype(int):
        s = draw(n)
        distances.append(l1_distance(*histogram_density(s, max(2, int(2 * n ** (1 / 3))))))
        fixed.append(l1_distance(*histogram_density(s, 8)))
    for n in sizes:
        density, edges = histogram_density(draw(n), max(2, int(2 * n ** (1 / 3))))
        axes[0].stairs(density, edges, label=f"N = {n}, {len(density)} bins")
    axes[0].plot(grid, true_density(grid), "k", lw=1.5, label="density f")
    axes[0].set(xlabel="x", ylabel="density", title="histogram densities → f")
    axes[0].legend(fontsize=8)
    ns = np.logspace(2, 6, 13).astype(int)
    axes[1].loglog(ns, distances, "o-", label="bins ∝ N^(1/3)")
    axes[1].loglog(ns, fixed, "s--", label="8 bins, always")
    axes[1].set(xlabel="samples N", ylabel="∫|f̂ − f|", title="distance to the density")
    axes[1].legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement histogram_density above to see these plots.")

# %% [markdown]
# ## Summary
#
# - A probability is one number in $[0, 1]$ for one event; a distribution assigns one to
#   every event, consistently with three axioms, from which complement,
#   monotonicity ($P \le 1$) and inclusion–exclusion follow.
# - Discrete variables: a PMF of probabilities summing to 1; weights become a PMF by
#   dividing by their sum; sample frequencies estimate it without bias, with standard
#   error $\sqrt{p(1-p)/N}$.
# - Joint tables give marginals by summing (rows for $X$, columns for $Y$) and
#   conditionals by renormalising rows; a row with $P(X = i) = 0$ is undefined. Independence
#   means the table is the outer product of its marginals, in every cell.
# - $\mathbb{E}[X] = \sum p v$ and $\mathrm{Var}(X) = \sum p (v - \mu)^2$; the shortcut
#   $\mathbb{E}[X^2] - \mu^2$ cancels catastrophically far from 0.
# - Continuous variables: single points have probability 0; the density $f = F'$ is
#   probability per unit length and may exceed 1; interval probabilities are integrals,
#   and a quadrature only sees the density where it samples it.
# - Histogram densities $c_k / (N h_k)$ converge to $f$ when the bins shrink while the
#   counts per bin grow: the discrete-to-continuous transition.
#
# Next: entropy, the average surprise of a distribution (assignment 01).
