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
# # 14 · Mutual information
#
# *Machine Learning from an Information-Theoretic Perspective*
#
# Entropy measures how uncertain one variable is. Most questions in machine learning
# are about **two** variables: how much does a feature tell us about a label, how much
# of the input survives in a hidden layer, how far apart are the data distribution and
# the model's? This notebook builds the answers from the entropy of a joint table.
#
# 1. **Joint and conditional entropy**, and the **chain rule** that links them.
# 2. **Mutual information** three ways (a KL divergence, a sum of entropies, a
#    reduction of uncertainty) and why the three agree.
# 3. **Channels and Markov chains**: the **data-processing inequality**, processing
#    can only lose information.
# 4. The **Jensen–Shannon divergence**: symmetric, bounded by one bit, and its square
#    root is a distance.
# 5. **Estimating** mutual information from samples with a histogram, and why the
#    estimate is biased **upwards**.
# 6. The mutual information of two **correlated Gaussians**, in closed form.
#
# You implement seven functions:
#
# | # | exercise | points | what it is |
# | --- | --- | --- | --- |
# | 1 | `joint_entropy(joint, base=2)` | 2 | $H(X, Y)$ of a joint table `joint[x, y]` |
# | 2 | `conditional_entropy(joint, base=2)` | 3 | $H(Y \mid X)$ |
# | 3 | `mutual_information(joint, base=2)` | 4 | $I(X; Y)$ |
# | 4 | `channel_joint(p_x, channel)` | 2 | the joint table of an input and a noisy channel |
# | 5 | `js_divergence(p, q, base=2)` | 4 | Jensen–Shannon divergence, at most $\log_{\text{base}} 2$ |
# | 6 | `mi_histogram(x, y, bins, base=2)` | 3 | plug-in estimate of $I(X; Y)$ from samples |
# | 7 | `gaussian_mi(rho, base=2)` | 2 | $-\tfrac12 \log(1 - \rho^2)$, `inf` at $\lvert\rho\rvert = 1$ |
# | | **total** | **20** | |
#
# **How you are graded.** Each function has a solution cell (replace
# `raise NotImplementedError()`) followed by a test cell. The test cell's visible
# asserts are quick examples you can run now; when the notebook is graded, hidden
# checks call your function on random tables and samples and on edge cases, and
# compare with independent references (SciPy, closed forms, identities such as the
# chain rule). The course's grader (`python -m autograder`) draws a fresh seed for every
# run and records it in the result (`--seed N` reproduces a run); nbgrader's
# `autograde` uses one fixed seed (`course_config.NBGRADER_SEED`). Either way you do not
# see the inputs in advance: make the function right, not just the examples. If a
# visible assert fails, nbgrader scores that exercise 0 (the course's grader reports
# the failure and scores only the hidden checks), so make them pass first. Plot cells
# are tagged `demo`; they are not graded. Every requirement the hidden checks grade is
# written in the exercise's task statement.
#
# **Conventions (the same in every assignment of the course).**
#
# - Inputs are *array-likes*: lists, tuples or NumPy arrays of any float dtype. Scalar
#   results are returned as a Python `float`, arrays as `np.ndarray`. **Never modify an
#   input** (the hidden checks compare every argument before and after the call).
# - Information measures take a `base`: `2` (the default) gives bits, `math.e` gives
#   nats. Any finite `base > 0` with `base != 1` must work (a base below 1 flips the sign
#   of every value); any other base raises `ValueError`.
# - $0 \log 0 = 0$. Never clamp probabilities to `1e-10` or add an epsilon inside a
#   logarithm: it changes the answer (see Exercise 1).
# - A probability table must have finite, non-negative entries summing to 1 **within
#   `1e-6`**. Invalid input raises `ValueError` with a message that says what is wrong.
# - Don't let NumPy print warnings (`np.log(0)` warns "divide by zero"): a graded cell
#   that writes to stderr scores 0 in nbgrader. Select the support ($p > 0$) first.
#
# The setup cell below gives you two helpers for the validation, `check_base` and
# `as_pmf`; use them (or write your own).

# %%
import math
import numbers

import numpy as np


def check_base(base):
    """ln(base) for a valid logarithm base; ValueError for any other base."""
    if isinstance(base, bool) or not isinstance(base, numbers.Real) \
            or not (0 < base < math.inf) or base == 1:
        raise ValueError(f"base must be a finite positive number other than 1, got {base!r}")
    return math.log(base)


def as_pmf(values, name, ndim=None):
    """A float64 copy of a probability table (with ndim dimensions, if given).

    Raises ValueError unless the entries are finite, non-negative and sum to 1 within 1e-6.
    """
    p = np.array(values, dtype=float)            # a copy: the caller's data stays as it is
    if ndim is not None and p.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {p.shape}")
    if p.size == 0:
        raise ValueError(f"{name} is empty")
    if not np.all(np.isfinite(p)):
        raise ValueError(f"{name} contains nan or inf")
    if np.any(p < 0):
        raise ValueError(f"{name} has negative entries")
    if abs(p.sum() - 1.0) > 1e-6:
        raise ValueError(f"{name} sums to {p.sum()!r}, not 1")
    return p


# %% [markdown]
# ## 1. Joint entropy and conditional entropy
#
# Two discrete variables $X$ and $Y$ are described by their **joint table**
# $p(x, y) = P(X = x, Y = y)$: row $x$, column $y$, all entries non-negative and summing
# to 1. In code it is a 2-D array `joint[x, y]`. Summing out one variable gives the
# **marginals**
# $$p(x) = \sum_y p(x, y) \quad (\text{row sums, } \texttt{joint.sum(axis=1)}), \qquad
#   p(y) = \sum_x p(x, y) \quad (\text{column sums, } \texttt{joint.sum(axis=0)}).$$
#
# **Joint entropy.** The pair $(X, Y)$ is just one random variable whose outcomes are
# the cells of the table, so its entropy is the entropy of all the cells taken as one
# distribution:
# $$H(X, Y) = -\sum_{x, y} p(x, y) \log p(x, y).$$
#
# **Conditional entropy.** Once we have seen $X = x$, the uncertainty left in $Y$ is the
# entropy of row $x$ rescaled into a distribution, $p(y \mid x) = p(x, y) / p(x)$:
# $$H(Y \mid X = x) = -\sum_y p(y \mid x) \log p(y \mid x).$$
# The **conditional entropy** $H(Y \mid X)$ is its average over the values of $X$,
# weighted by how often each occurs. Step by step:
# $$\begin{aligned}
# H(Y \mid X) &= \sum_x p(x)\, H(Y \mid X = x)
#   = -\sum_x p(x) \sum_y p(y \mid x) \log p(y \mid x) \\
#   &= -\sum_{x, y} p(x)\, p(y \mid x) \log p(y \mid x)
#   = -\sum_{x, y} p(x, y) \log \frac{p(x, y)}{p(x)} ,
# \end{aligned}$$
# using $p(x)\,p(y \mid x) = p(x, y)$. Two remarks:
#
# - The weights matter. The plain average of the row entropies treats a value of $X$
#   that almost never occurs like a frequent one; $H(Y \mid X)$ weights each row by $p(x)$.
# - A value $x$ with $p(x) = 0$ has an empty row: its $p(y \mid x)$ is undefined
#   ($0/0$), but its weight is $0$, and in the last form every one of its cells has
#   $p(x, y) = 0$ and contributes $0 \log(\cdot) = 0$. Sum over the support
#   $\{(x, y) : p(x, y) > 0\}$ and the problem never arises: there $p(x) \ge p(x, y) > 0$.
#
# **The chain rule.** Take the logarithm of $p(x, y) = p(x)\,p(y \mid x)$:
# $$-\log p(x, y) = -\log p(x) - \log p(y \mid x).$$
# Average both sides over $p(x, y)$. The left side gives $H(X, Y)$. On the right,
# $-\sum_{x,y} p(x, y) \log p(x) = -\sum_x \big(\sum_y p(x, y)\big) \log p(x) = -\sum_x
# p(x) \log p(x) = H(X)$, and the last term is $H(Y \mid X)$ by the formula above:
# $$H(X, Y) = H(X) + H(Y \mid X) = H(Y) + H(X \mid Y).$$
# The uncertainty of the pair is the uncertainty of the first variable plus what is
# left of the second once the first is known. (The second form follows the same way
# from $p(x, y) = p(y)\,p(x \mid y)$.) Note the direction: $H(Y \mid X)$ conditions on
# the **rows**; $H(X \mid Y)$, conditioning on the columns, is a different number in
# general.
#
# Two limiting cases are worth checking by hand:
#
# - If $Y = f(X)$ is a function of $X$, every row has one non-zero cell, every
#   $H(Y \mid X = x) = 0$, so $H(Y \mid X) = 0$ and $H(X, Y) = H(X)$.
# - If $X$ and $Y$ are independent, $p(y \mid x) = p(y)$ for every row, so
#   $H(Y \mid X) = H(Y)$ and $H(X, Y) = H(X) + H(Y)$.
#
# Section 2 shows that these are the two extremes: $0 \le H(Y \mid X) \le H(Y)$.

# %% [markdown]
# ### Exercise 1: `joint_entropy(joint, base=2)`
#
# Return $H(X, Y) = -\sum_{x, y} p(x, y) \log_{\text{base}} p(x, y)$ as a `float`.
#
# - `joint` is a **2-D** array-like (a list of lists, a tuple of tuples, an array of any
#   float dtype), `joint[x, y]` $= p(x, y)$, of any shape $(n_x, n_y)$, including
#   $1 \times 1$ and tables with zero cells.
# - Cells with $p = 0$ contribute exactly $0$ (no `nan`, no warning, no clamp: after
#   `p = np.maximum(p, 1e-10)`, `-np.sum(p * np.log2(p))` puts a certain outcome in a
#   $30 \times 30$ table at $3 \cdot 10^{-6}$ bits instead of $0$).
# - Raise `ValueError` if `joint` is not 2-D, is empty, has a negative or non-finite
#   entry, or does not sum to 1 within `1e-6` (`as_pmf(joint, "joint", ndim=2)` does all
#   of it), and for an invalid `base` (`check_base(base)` returns $\ln(\text{base})$).
# - Do not modify `joint`.

# %% nbgrader={"grade": false, "grade_id": "joint_entropy_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def joint_entropy(joint, base=2):
    """Joint entropy H(X, Y) of a 2-D joint probability table joint[x, y].

    joint : 2-D array-like, entries >= 0 summing to 1 within 1e-6
    base  : logarithm base (2 -> bits, the default; math.e -> nats)
    Returns H(X, Y) as a float. Raises ValueError on invalid input.
    """
    log_base = check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    cells = p[p > 0]                              # 0 log 0 = 0: empty cells add nothing
    return float(-np.sum(cells * np.log(cells)) / log_base)


# %% nbgrader={"grade": true, "grade_id": "joint_entropy", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(joint_entropy([[0.25, 0.25], [0.25, 0.25]]) - 2.0) < 1e-12, \
    "two independent fair coins: 2 bits"
assert abs(joint_entropy([[0.5, 0.0], [0.0, 0.5]]) - 1.0) < 1e-12, \
    "two copies of one fair coin: only 1 bit (empty cells contribute 0)"
assert abs(joint_entropy([[0.5, 0.25, 0.25]], base=math.e)
           - (0.5 * math.log(2) + 0.5 * math.log(4))) < 1e-12, "a 1 x 3 table, in nats"
one_hot_check = np.zeros((30, 30))
one_hot_check[3, 7] = 1.0
assert joint_entropy(one_hot_check) == 0.0, \
    "a certain outcome carries 0 bits exactly: sum over the support, do not clamp to 1e-10"
assert isinstance(joint_entropy(np.full((2, 3), 1 / 6)), float), "return a Python float"
try:
    joint_entropy([0.5, 0.5])
except ValueError:
    pass
else:
    raise AssertionError("[0.5, 0.5] is a vector, not a joint table: raise ValueError")


# %% [markdown]
# ### Exercise 2: `conditional_entropy(joint, base=2)`
#
# Return $H(Y \mid X) = -\sum_{x, y} p(x, y) \log_{\text{base}} \dfrac{p(x, y)}{p(x)}$ as a
# `float`, where $p(x) = \sum_y p(x, y)$ are the **row** sums: $X$ indexes the rows of
# `joint[x, y]` and is the variable we condition on.
#
# - Same input rules and `ValueError`s as `joint_entropy`; tables of any shape, with zero
#   cells, and with whole **zero rows** (values of $X$ that never occur; they contribute
#   $0$, not `nan`).
# - $H(Y \mid X)$ is not $H(X \mid Y)$: on a non-square table the two differ.
# - The hidden checks compare with $\sum_x p(x) H(Y \mid X = x)$ on random tables in every
#   base, and check the chain rule in both orders (your values for `joint` and `joint.T`
#   differ by $H(Y) - H(X)$), $H(Y \mid X) = 0$ when $Y$ is a function of $X$, and
#   $H(Y \mid X) = H(Y)$ for independent variables.
# - Do not modify `joint`.

# %% nbgrader={"grade": false, "grade_id": "conditional_entropy_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conditional_entropy(joint, base=2):
    """Conditional entropy H(Y | X) of a joint table joint[x, y] (X indexes the rows).

    joint : 2-D array-like, entries >= 0 summing to 1 within 1e-6
    base  : logarithm base (2 -> bits, the default; math.e -> nats)
    Returns H(Y | X) as a float. Raises ValueError on invalid input.
    """
    log_base = check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    p_x = np.broadcast_to(p.sum(axis=1, keepdims=True), p.shape)
    support = p > 0                               # there p(x) >= p(x, y) > 0: no 0 / 0
    ratio = p[support] / p_x[support]             # p(y | x) on the support
    return float(-np.sum(p[support] * np.log(ratio)) / log_base)


# %% nbgrader={"grade": true, "grade_id": "conditional_entropy", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
table_check = np.array([[0.25, 0.25, 0.25],       # X = 0 (p = 3/4): Y uniform over {0, 1, 2}
                        [0.25, 0.0, 0.0]])        # X = 1 (p = 1/4): Y = 0 for sure
assert abs(conditional_entropy(table_check) - 0.75 * math.log2(3)) < 1e-12, \
    ("H(Y|X) = 3/4 * log2(3) bits + 1/4 * 0 bits: each row's entropy weighted by p(x) "
     "(not the plain sum or mean of the row entropies)")
assert abs(conditional_entropy(table_check.T) - 0.5) < 1e-12, \
    ("the transposed table conditions on the other variable: "
     "H(X|Y) = 1/2 * 1 bit + 1/4 * 0 + 1/4 * 0 = 0.5 bits, a different number")
assert abs(conditional_entropy(np.outer([0.2, 0.8], [0.5, 0.25, 0.25])) - 1.5) < 1e-12, \
    "independent variables: H(Y|X) = H(Y) = 1.5 bits"
assert conditional_entropy([[0.5, 0.0], [0.0, 0.5]]) == 0.0, \
    "Y = X: nothing is left to learn once X is known"
assert abs(conditional_entropy([[0.5, 0.5], [0.0, 0.0]]) - 1.0) < 1e-12, \
    "a row of zeros (a value of X that never occurs) contributes nothing, not nan"


# %% [markdown]
# ## 2. Mutual information, three ways
#
# **Definition: distance from independence.** $X$ and $Y$ are independent exactly when
# the joint table equals the product of its marginals, $p(x, y) = p(x)\,p(y)$. The
# **mutual information** measures how far the joint table is from that product, with
# the KL divergence (the excess surprise of believing the wrong table):
# $$I(X; Y) = D_{\mathrm{KL}}\big(p(x, y)\,\big\|\,p(x)\,p(y)\big)
#   = \sum_{x, y} p(x, y) \log \frac{p(x, y)}{p(x)\,p(y)} .$$
# The sum runs over the support of $p(x, y)$; there $p(x)\,p(y) \ge p(x, y)^2 > 0$, so
# no support mismatch can occur and $I$ is always finite.
#
# **Second way: a sum of entropies.** Split the logarithm of the ratio into three terms
# and average each over $p(x, y)$, summing out the variable a term does not depend on
# (as in the chain rule):
# $$\begin{aligned}
# I(X; Y) &= \sum_{x, y} p(x, y) \log p(x, y) - \sum_{x, y} p(x, y) \log p(x)
#            - \sum_{x, y} p(x, y) \log p(y) \\
#          &= -H(X, Y) + H(X) + H(Y).
# \end{aligned}$$
# The entropies of the parts add up to more than the entropy of the whole by exactly
# the information they share.
#
# **Third way: uncertainty removed.** Substitute the chain rule
# $H(X, Y) = H(X) + H(Y \mid X)$ into the second form:
# $$I(X; Y) = H(Y) - H(Y \mid X) = H(X) - H(X \mid Y).$$
# The mutual information is how much knowing $X$ reduces the uncertainty about $Y$, and
# (the same number) how much knowing $Y$ reduces the uncertainty about $X$.
#
# **Properties**, each from one of the three forms:
#
# - $I(X; Y) \ge 0$, with equality exactly when $X$ and $Y$ are independent: it is a KL
#   divergence (Gibbs' inequality, assignment 02). With the third form,
#   $H(Y \mid X) \le H(Y)$: **on average, conditioning never increases entropy**
#   (a particular observation $X = x$ can, but not the average over $x$).
# - Symmetry, $I(X; Y) = I(Y; X)$: the first form is unchanged when the table is
#   transposed.
# - $I(X; X) = H(X)$: for $Y = X$ the table is diagonal, $H(X \mid X) = 0$, and the
#   third form leaves $H(X)$. A variable shares all its information with itself, which
#   is why entropy is sometimes called *self-information*.
# - For base 2, $I(X; Y) \le \min(H(X), H(Y)) \le \log_2 \min(n_x, n_y)$ bits.
#
# In floating point every form is exact only up to rounding: for independent variables
# expect a tiny number such as `2e-16` (or `-2e-16`) rather than exactly 0. The hidden
# checks allow for that; do not clip the result (with a base below 1 every value is
# legitimately negative). The KL form is the most accurate of the three: the entropy
# form subtracts numbers that can be much larger than their difference.

# %% [markdown]
# ### Exercise 3: `mutual_information(joint, base=2)`
#
# Return $I(X; Y)$ of the joint table `joint[x, y]` as a `float`, in the given base.
#
# - Same input rules and `ValueError`s as `joint_entropy`; any shape, zero cells and zero
#   rows or columns allowed (no `nan`, no warning, no clamp).
# - The hidden checks compare your answer with all three forms above on fresh random
#   tables, and check that it is symmetric ($I$ of `joint.T` is the same), zero for
#   independent variables (up to rounding, about `1e-12`), equal to $H(X)$ for $Y = X$,
#   and that it obeys the data-processing inequality of Section 3.
# - Do not modify `joint`.

# %% nbgrader={"grade": false, "grade_id": "mutual_information_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mutual_information(joint, base=2):
    """Mutual information I(X; Y) of a joint table joint[x, y].

    joint : 2-D array-like, entries >= 0 summing to 1 within 1e-6
    base  : logarithm base (2 -> bits, the default; math.e -> nats)
    Returns I(X; Y) = KL(p(x, y) || p(x) p(y)) as a float. Raises ValueError on invalid input.
    """
    log_base = check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    product = p.sum(axis=1, keepdims=True) * p.sum(axis=0, keepdims=True)   # p(x) p(y)
    support = p > 0                               # there p(x) p(y) > 0 as well
    ratio = p[support] / product[support]
    return float(np.sum(p[support] * np.log(ratio)) / log_base)


# %% nbgrader={"grade": true, "grade_id": "mutual_information", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(mutual_information([[0.5, 0.0], [0.0, 0.5]]) - 1.0) < 1e-12, \
    "Y = X for a fair coin: I(X; X) = H(X) = 1 bit"
assert abs(mutual_information(np.outer([0.3, 0.7], [0.1, 0.6, 0.3]))) < 1e-12, \
    "independent variables share no information"
table_check = np.array([[0.3, 0.1, 0.0], [0.05, 0.15, 0.4]])
h_x_check = -sum(v_check * math.log2(v_check) for v_check in table_check.sum(axis=1))
h_y_check = -sum(v_check * math.log2(v_check) for v_check in table_check.sum(axis=0))
h_xy_check = -sum(v_check * math.log2(v_check) for v_check in table_check.ravel() if v_check > 0)
assert abs(mutual_information(table_check) - (h_x_check + h_y_check - h_xy_check)) < 1e-12, \
    "I(X; Y) = H(X) + H(Y) - H(X, Y)"
assert mutual_information(table_check) > 0, "mutual information is never negative"
assert abs(mutual_information(table_check) - mutual_information(table_check.T)) < 1e-12, \
    "I(X; Y) = I(Y; X)"
assert abs(mutual_information(table_check, base=math.e)
           - (h_x_check + h_y_check - h_xy_check) * math.log(2)) < 1e-12, "the same in nats"


# %% [markdown]
# ## 3. Channels, Markov chains and the data-processing inequality
#
# A **channel** turns an input $x$ into a random output $y$ with probabilities
# $P(y \mid x)$, written as a matrix `channel[x, y]` whose **rows** are distributions
# (non-negative, each summing to 1). Feeding it an input with PMF $p(x)$ gives the joint
# table
# $$p(x, y) = p(x)\, P(y \mid x),$$
# row $x$ of the channel scaled by $p(x)$; the output's PMF is the column sum,
# $p(y) = \sum_x p(x) P(y \mid x)$, the vector-matrix product `p_x @ channel`.
#
# The **binary symmetric channel** with flip probability $\varepsilon$ sends a bit
# through unchanged with probability $1 - \varepsilon$ and flipped with probability
# $\varepsilon$. With a fair input bit, $H(Y) = 1$ and every row has entropy
# $h_2(\varepsilon)$, so by the third form
# $$I(X; Y) = H(Y) - H(Y \mid X) = 1 - h_2(\varepsilon)\ \text{bits},
#   \qquad h_2(t) = -t \log_2 t - (1 - t) \log_2 (1 - t),$$
# 1 bit for a perfect channel, 0 bits for $\varepsilon = \tfrac12$ (the output is a coin
# flip that ignores the input).
#
# **Markov chains.** Send $Y$ through a second channel $B$ to get $Z$. Then $Z$ depends
# on $X$ only through $Y$: $X \to Y \to Z$ is a **Markov chain**,
# $p(x, y, z) = p(x)\, A(y \mid x)\, B(z \mid y)$. The two channels in a row form one
# channel from $X$ to $Z$: summing over the middle variable,
# $$P(z \mid x) = \sum_y A(y \mid x)\, B(z \mid y) = (A B)[x, z],$$
# the matrix product of the two channels.
#
# **The data-processing inequality: $I(X; Z) \le I(X; Y)$.** Derivation in three steps.
#
# 1. *Chain rule for information.* Define the conditional mutual information
#    $I(X; Z \mid Y) = H(X \mid Y) - H(X \mid Y, Z) \ge 0$ (a mutual information within
#    each slice $Y = y$, averaged over $y$). Apply the entropy chain rule to $I(X; (Y, Z))
#    = H(X) - H(X \mid Y, Z)$ in two orders:
#    $$I(X; Y, Z) = I(X; Y) + I(X; Z \mid Y) = I(X; Z) + I(X; Y \mid Z).$$
# 2. *Markov property.* Given $Y$, the variable $Z$ is produced by $B$ alone, so it is
#    independent of $X$: $p(x, z \mid y) = p(x \mid y)\, B(z \mid y)$, and $I(X; Z \mid Y)
#    = 0$.
# 3. *Conclude.* The two orders now read $I(X; Y) = I(X; Z) + I(X; Y \mid Z)$, and since
#    $I(X; Y \mid Z) \ge 0$, $\;I(X; Z) \le I(X; Y)$.
#
# **No processing of $Y$ can create information about $X$**: not a second noisy
# channel, not a deterministic function $Z = f(Y)$ (a channel whose rows are one-hot),
# not a layer of a neural network. Cleverness can only avoid losing it.

# %% [markdown]
# ### Exercise 4: `channel_joint(p_x, channel)`
#
# Return the joint table $p(x, y) = p(x)\,P(y \mid x)$ as a float `np.ndarray` of shape
# $(n_x, n_y)$.
#
# - `p_x` is a 1-D array-like PMF of length $n_x$ (the `as_pmf` rules); `channel` is a 2-D
#   array-like of shape $(n_x, n_y)$ whose rows are PMFs (finite, non-negative, each row
#   summing to 1 within `1e-6`); $n_y$ may differ from $n_x$.
# - Input values with $p(x) = 0$ give rows of zeros.
# - Raise `ValueError` if `p_x` is not a valid 1-D PMF, if `channel` is not 2-D, if the
#   number of rows of `channel` is not the length of `p_x`, or if a row of `channel` has
#   a negative or non-finite entry or does not sum to 1 within `1e-6`.
# - Do not modify `p_x` or `channel`.

# %% nbgrader={"grade": false, "grade_id": "channel_joint_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def channel_joint(p_x, channel):
    """Joint table p(x, y) = p(x) P(y | x) of an input PMF and a channel.

    p_x     : 1-D array-like PMF of the input, length n_x
    channel : array-like of shape (n_x, n_y), channel[x, y] = P(y | x); rows are PMFs
    Returns an np.ndarray of shape (n_x, n_y). Raises ValueError on invalid input.
    """
    p_x = as_pmf(p_x, "p_x", ndim=1)
    channel = np.array(channel, dtype=float)
    if channel.ndim != 2:
        raise ValueError(f"channel must be a 2-D table, got shape {channel.shape}")
    if channel.shape[0] != p_x.size:
        raise ValueError(f"channel has {channel.shape[0]} rows, p_x has {p_x.size} entries")
    if not np.all(np.isfinite(channel)) or np.any(channel < 0):
        raise ValueError("channel entries must be finite and non-negative")
    if np.any(np.abs(channel.sum(axis=1) - 1.0) > 1e-6):
        raise ValueError("every row of channel must sum to 1")
    return p_x[:, None] * channel


# %% nbgrader={"grade": true, "grade_id": "channel_joint", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
bsc_check = [[0.9, 0.1], [0.1, 0.9]]
assert np.allclose(channel_joint([0.5, 0.5], bsc_check), [[0.45, 0.05], [0.05, 0.45]]), \
    "a fair bit through a binary symmetric channel with flips of 10%"
joint_check = channel_joint([0.2, 0.8], [[0.5, 0.25, 0.25], [0.0, 0.0, 1.0]])
assert isinstance(joint_check, np.ndarray) and joint_check.shape == (2, 3), \
    "an np.ndarray of shape (n_x, n_y): two inputs, three outputs"
assert np.allclose(joint_check, [[0.1, 0.05, 0.05], [0.0, 0.0, 0.8]]), \
    "row x of the channel is scaled by p(x) (the rows are P(y | x), not the columns)"
assert np.allclose(joint_check.sum(axis=1), [0.2, 0.8]), "the row sums give back p(x)"
try:
    channel_joint([0.5, 0.5], [[0.9, 0.2], [0.1, 0.9]])
except ValueError:
    pass
else:
    raise AssertionError("the first row of that channel sums to 1.1: raise ValueError")

# %% [markdown]
# The data-processing inequality on a chain of binary symmetric channels: a fair bit
# passes through $k$ channels in a row, each flipping it with probability 10%. Each
# extra channel can only lose information, never recover it, and the dashed line is
# the closed form $1 - h_2(\varepsilon_k)$ with the chain's overall flip probability
# $\varepsilon_k = \tfrac12 (1 - 0.8^k)$ (the product of $k$ such channels).

# %% tags=["demo"]
import matplotlib.pyplot as plt

try:
    bsc = np.array([[0.9, 0.1], [0.1, 0.9]])
    steps = np.arange(0, 16)
    chain, info = np.eye(2), []
    for k in steps:
        info.append(mutual_information(channel_joint([0.5, 0.5], chain)))
        chain = chain @ bsc                       # one more channel: X -> Y1 -> ... -> Yk
    flip = 0.5 * (1 - 0.8 ** steps)
    with np.errstate(divide="ignore", invalid="ignore"):
        h2 = np.nan_to_num(-flip * np.log2(flip) - (1 - flip) * np.log2(1 - flip))
    plt.figure(figsize=(6, 3.5))
    plt.plot(steps, info, "o", label="mutual_information(channel_joint(...))")
    plt.plot(steps, 1 - h2, "--", label="$1 - h_2(\\varepsilon_k)$")
    plt.xlabel("number of channels k")
    plt.ylabel("$I(X; Y_k)$ in bits")
    plt.title("data processing only loses information")
    plt.legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement mutual_information and channel_joint above to see this plot.")

# %% [markdown]
# ## 4. The Jensen–Shannon divergence
#
# The KL divergence has two awkward features as a way to compare distributions $P$ and
# $Q$: it is not symmetric, and it is infinite as soon as $Q$ misses part of the support
# of $P$. The **Jensen–Shannon divergence** repairs both by comparing each of them with
# their average $M = \tfrac12 (P + Q)$:
# $$\mathrm{JS}(P, Q) = \tfrac12 D_{\mathrm{KL}}(P \,\|\, M) + \tfrac12 D_{\mathrm{KL}}(Q \,\|\, M).$$
#
# - **Always finite.** Wherever $P(x) > 0$, also $M(x) \ge \tfrac12 P(x) > 0$: $M$ covers
#   the support of both, so neither KL term can be infinite.
# - **Symmetric**: swapping $P$ and $Q$ swaps the two terms and leaves $M$ unchanged.
# - **Zero exactly when $P = Q$**: each KL term is zero only when its arguments agree,
#   and $P = M$ means $P = Q$.
# - **Bounded by one bit.** Inside the first term,
#   $\dfrac{P(x)}{M(x)} = \dfrac{2 P(x)}{P(x) + Q(x)} \le 2$ because $Q(x) \ge 0$, so
#   $$D_{\mathrm{KL}}(P \,\|\, M) = \sum_{x:\,P(x) > 0} P(x) \log \frac{P(x)}{M(x)}
#     \le \sum_x P(x) \log 2 = \log 2,$$
#   and the same for $Q$. Averaging, $\mathrm{JS}(P, Q) \le \log 2$: **1 bit** in base
#   2, $\ln 2 \approx 0.693$ nats in base $e$, $\log_{\text{base}} 2$ in general. Equality
#   needs $P(x)/M(x) = 2$ wherever $P(x) > 0$, that is $Q(x) = 0$ there (and vice versa):
#   the bound is reached exactly when $P$ and $Q$ have **disjoint supports**, where the
#   KL divergence would be infinite.
#
# **JS is a mutual information.** Toss a fair coin $C$; on heads draw $X \sim P$, on
# tails $X \sim Q$. The joint table of $(C, X)$ has rows $\tfrac12 P$ and $\tfrac12 Q$,
# and the marginal of $X$ is $M$. By the first form of Section 2,
# $$I(C; X) = \sum_x \tfrac12 P(x) \log \frac{\tfrac12 P(x)}{\tfrac12 M(x)}
#   + \sum_x \tfrac12 Q(x) \log \frac{\tfrac12 Q(x)}{\tfrac12 M(x)} = \mathrm{JS}(P, Q).$$
# So JS is the information a single draw carries about which of the two distributions
# produced it, and the bound is the familiar $I(C; X) \le H(C) = 1$ bit: one draw can
# at best reveal the coin. This is the quantity the original GAN discriminator estimates.
#
# **Its square root is a metric.** $\sqrt{\mathrm{JS}}$ is non-negative, zero only for
# $P = Q$, symmetric, and satisfies the **triangle inequality**
# $\sqrt{\mathrm{JS}(P, R)} \le \sqrt{\mathrm{JS}(P, Q)} + \sqrt{\mathrm{JS}(Q, R)}$
# (Endres and Schindelin, 2003; the proof is longer than fits here). JS itself is *not*
# a metric: for $P = (1, 0)$, $R = (0, 1)$ and $Q = (\tfrac12, \tfrac12)$, JS(P, R) = 1
# bit but JS(P, Q) + JS(Q, R) $\approx 0.311 + 0.311 < 1$, while the square roots give
# $1 \le 0.558 + 0.558$. Beware: `scipy.spatial.distance.jensenshannon` returns this
# **distance** $\sqrt{\mathrm{JS}}$, not the divergence.

# %% [markdown]
# ### Exercise 5: `js_divergence(p, q, base=2)`
#
# Return $\mathrm{JS}(p, q)$ (the divergence, not its square root) as a `float`.
#
# - `p` and `q` are array-like PMFs of the **same shape** (any shape: vectors or tables,
#   the `as_pmf` rules); zeros allowed in either, including disjoint supports, where the
#   answer is exactly $\log_{\text{base}} 2$ (1 bit), never `inf` or `nan`.
# - Raise `ValueError` for an invalid `p` or `q`, for different shapes, and for an invalid
#   `base`.
# - The hidden checks compare with SciPy, and check symmetry, $\mathrm{JS}(p, p) = 0$, the
#   bound, and the triangle inequality of $\sqrt{\mathrm{JS}}$ on random triples.
# - Do not modify `p` or `q`.

# %% nbgrader={"grade": false, "grade_id": "js_divergence_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def js_divergence(p, q, base=2):
    """Jensen-Shannon divergence JS(p, q) = KL(p || m) / 2 + KL(q || m) / 2, m = (p + q) / 2.

    p, q : array-like PMFs of the same shape (entries >= 0, summing to 1 within 1e-6)
    base : logarithm base (2 -> bits, the default; math.e -> nats)
    Returns JS(p, q) as a float, between 0 and log_base(2). Raises ValueError on invalid input.
    """
    log_base = check_base(base)
    p, q = as_pmf(p, "p"), as_pmf(q, "q")
    if p.shape != q.shape:
        raise ValueError(f"p and q have different shapes {p.shape} and {q.shape}")
    m = 0.5 * (p + q)
    total = 0.0
    for a in (p, q):
        support = a > 0                           # there m >= a / 2 > 0: always finite
        total += np.sum(a[support] * np.log(a[support] / m[support]))
    return float(0.5 * total / log_base)


# %% nbgrader={"grade": true, "grade_id": "js_divergence", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(js_divergence([1.0, 0.0], [0.0, 1.0]) - 1.0) < 1e-12, \
    "disjoint supports: the maximum, exactly 1 bit (not inf: compare with m = (p + q) / 2)"
assert abs(js_divergence([0.5, 0.5, 0.0], [0.0, 0.5, 0.5], base=math.e) - 0.5 * math.log(2)) < 1e-12, \
    "half the mass shared: ln(2) / 2 nats"
assert abs(js_divergence([0.5, 0.5], [1.0, 0.0])
           - (0.5 * (0.5 * math.log2(0.5 / 0.75) + 0.5 * math.log2(0.5 / 0.25))
              + 0.5 * math.log2(1 / 0.75))) < 1e-12, \
    "JS(p, q) = 0.311 bits here: the divergence itself, not its square root (0.558)"
p_check, q_check = [0.1, 0.6, 0.3], [0.5, 0.2, 0.3]
assert abs(js_divergence(p_check, q_check) - js_divergence(q_check, p_check)) < 1e-12, \
    "JS is symmetric"
assert js_divergence(p_check, p_check) == 0.0, "JS(p, p) = 0"

# %% [markdown]
# Two Gaussian bumps on a grid of 200 points, moved apart: the KL divergence grows
# without bound (quadratically in the distance), while JS saturates at 1 bit once the
# bumps stop overlapping. That saturation is a blessing for a distance and a curse for a
# training signal: far apart, JS no longer says in which direction to move.

# %% tags=["demo"]
try:
    grid = np.linspace(-10, 30, 200)
    shifts = np.linspace(0, 20, 60)
    bump = np.exp(-0.5 * grid ** 2)
    p_demo = bump / bump.sum()
    js_values, kl_values = [], []
    for s in shifts:
        moved = np.exp(-0.5 * (grid - s) ** 2)
        q_demo = moved / moved.sum()
        js_values.append(js_divergence(p_demo, q_demo))
        support = p_demo > 0
        kl_values.append(np.sum(p_demo[support] * np.log2(p_demo[support] / q_demo[support])))
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    axes[0].plot(shifts, js_values, label="JS(p, q)")
    axes[0].plot(shifts, np.sqrt(js_values), "--", label="$\\sqrt{JS}$ (a metric)")
    axes[0].axhline(1.0, color="grey", lw=0.8)
    axes[0].set(xlabel="distance between the bumps", ylabel="bits", title="Jensen-Shannon")
    axes[0].legend()
    axes[1].plot(shifts, kl_values)
    axes[1].set(xlabel="distance between the bumps", ylabel="bits", title="KL(p || q)")
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement js_divergence above to see this plot.")

# %% [markdown]
# ## 5. Estimating mutual information from samples, and its bias
#
# In practice the joint table is unknown: we have $N$ samples $(x_i, y_i)$. The
# **plug-in estimate** bins them into a two-dimensional histogram with counts $c_{jk}$,
# turns the counts into an empirical table $\hat p_{jk} = c_{jk} / \sum c$, and plugs it
# into the formula: $\hat I = I(\hat p)$. NumPy's `np.histogram2d(x, y, bins)` does the
# binning (`bins` is a number of bins per axis, a pair `[n_x, n_y]`, or explicit bin
# edges; samples outside explicit edges are not counted).
#
# **The estimate is biased upwards.** The plug-in *entropy* is biased **down**. By
# Jensen's inequality for the concave function $H$, with $\mathbb{E}[\hat p] = p$,
# $$\mathbb{E}\big[H(\hat p)\big] \le H\big(\mathbb{E}[\hat p]\big) = H(p).$$
# How much? Expand $H(\hat p) = -\sum_i \hat p_i \ln \hat p_i$ (nats) to second order
# around $p$, writing $\delta_i = \hat p_i - p_i$ (so $\sum_i \delta_i = 0$):
#
# 1. $\dfrac{\partial H}{\partial p_i} = -\ln p_i - 1$ and
#    $\dfrac{\partial^2 H}{\partial p_i^2} = -\dfrac{1}{p_i}$ (no mixed terms).
# 2. $H(\hat p) \approx H(p) - \sum_i (\ln p_i + 1)\,\delta_i - \sum_i \dfrac{\delta_i^2}{2 p_i}$.
# 3. Take expectations: $\mathbb{E}[\delta_i] = 0$ removes the linear term; the counts
#    are multinomial, so $\mathbb{E}[\delta_i^2] = \operatorname{Var}(\hat p_i) = p_i (1 - p_i) / N$.
# 4. $\mathbb{E}[H(\hat p)] \approx H(p) - \sum_i \dfrac{1 - p_i}{2N} = H(p) - \dfrac{K - 1}{2N}$
#    nats, for $K$ cells of positive probability (the **Miller–Madow** correction).
#
# Now use the second form $\hat I = H(\hat p_X) + H(\hat p_Y) - H(\hat p_{XY})$ with
# $B_x$ and $B_y$ occupied bins. The joint table has $B_x B_y$ cells and is
# under-estimated the most, and it enters with a minus sign:
# $$\mathbb{E}[\hat I] - I \approx -\frac{B_x - 1}{2N} - \frac{B_y - 1}{2N}
#   + \frac{B_x B_y - 1}{2N} = \frac{(B_x - 1)(B_y - 1)}{2N}\ \text{nats}.$$
# (All $B_x B_y$ cells count when $p$ is positive everywhere, as for independent
# variables.) So even for **independent** variables, where $I = 0$, the estimate is
# positive on average: about $(B - 1)^2 / (2 N \ln 2)$ bits with $B$ bins per axis. More
# bins reveal more structure but cost more bias; more samples shrink the bias like
# $1/N$. (Binning also loses information, by the data-processing inequality: a bin
# index is a function of the sample. Too few bins under-estimate the mutual information
# of continuous variables; too many over-estimate it.)

# %% [markdown]
# ### Exercise 6: `mi_histogram(x, y, bins, base=2)`
#
# Return the plug-in estimate of $I(X; Y)$ from paired samples as a `float`.
#
# - `x` and `y` are 1-D array-likes of the same length $N \ge 1$ (`x[i]` and `y[i]` are
#   one sample). `bins` is passed to `np.histogram2d(x, y, bins)` unchanged (an integer,
#   a pair `[n_x, n_y]`, or explicit edges).
# - Normalise the table of counts by **its own total** (the number of samples that fall
#   inside the bins, which with explicit edges can be fewer than $N$), and return the
#   mutual information of that table in `base` (you may call your `mutual_information`).
# - Raise `ValueError` if `x` or `y` is not 1-D, if their lengths differ, if they are
#   empty, if no sample falls inside the bins, and for an invalid `base`.
# - Do not modify `x` or `y`.

# %% nbgrader={"grade": false, "grade_id": "mi_histogram_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mi_histogram(x, y, bins, base=2):
    """Plug-in estimate of I(X; Y) from paired samples on np.histogram2d(x, y, bins).

    x, y : 1-D array-likes of the same length N >= 1
    bins : anything np.histogram2d accepts (int, [n_x, n_y], or edges)
    base : logarithm base (2 -> bits, the default; math.e -> nats)
    Returns I of the normalised table of counts as a float. Raises ValueError on invalid input.
    """
    check_base(base)
    x, y = np.array(x, dtype=float), np.array(y, dtype=float)
    if x.ndim != 1 or y.ndim != 1 or x.size != y.size:
        raise ValueError(f"x and y must be 1-D of the same length, got {x.shape} and {y.shape}")
    counts = np.histogram2d(x, y, bins=bins)[0]
    total = counts.sum()
    if total == 0:                                # no samples, or none inside the edges
        raise ValueError("no sample falls inside the bins")
    return mutual_information(counts / total, base)


# %% nbgrader={"grade": true, "grade_id": "mi_histogram", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
x_check = np.array([0.1, 0.2, 0.7, 0.8, 0.15, 0.75, 0.3, 0.9])
assert abs(mi_histogram(x_check, x_check, 2) - 1.0) < 1e-12, \
    "Y = X split into two equally full bins: 1 bit"
y_check = np.array([0.1, 0.9, 0.1, 0.9, 0.2, 0.8, 0.8, 0.2])
assert abs(mi_histogram(x_check, y_check, 2)) < 1e-12, \
    "every pair of bins equally full: the empirical table is independent, 0 bits"
assert isinstance(mi_histogram(x_check.tolist(), y_check.tolist(), [2, 3]), float), \
    "lists work, and bins may differ per axis; return a float"
assert abs(mi_histogram(x_check, x_check, [[0.0, 0.5, 1.0], [0.0, 0.5, 1.0]], base=math.e)
           - math.log(2)) < 1e-12, "explicit bin edges, in nats"
assert abs(mi_histogram(x_check, x_check, [[0.0, 0.5, 0.85], [0.0, 0.5, 0.85]])
           - (-(4 / 7) * math.log2(4 / 7) - (3 / 7) * math.log2(3 / 7))) < 1e-12, \
    "the sample at 0.9 falls outside the edges: normalise by the 7 counted samples, not 8"

# %% [markdown]
# The upward bias, measured. For **independent** uniform samples the true mutual
# information is 0, yet the plug-in estimate (averaged over 30 data sets per point) is
# positive, grows with the number of bins and shrinks like $1/N$; the dashed lines are
# the Miller–Madow prediction $(B - 1)^2 / (2 N \ln 2)$ bits.

# %% tags=["demo"]
try:
    demo_rng = np.random.default_rng(14)
    sizes = np.array([50, 100, 200, 500, 1000, 2000, 5000])
    plt.figure(figsize=(6.5, 4))
    for b, colour in zip([4, 8, 16], ["C0", "C1", "C2"]):
        means = []
        for n in sizes:
            estimates = [mi_histogram(demo_rng.random(n), demo_rng.random(n), b)
                         for _ in range(30)]
            means.append(np.mean(estimates))
        plt.loglog(sizes, means, "o-", color=colour, label=f"{b} bins per axis")
        plt.loglog(sizes, (b - 1) ** 2 / (2 * sizes * math.log(2)), "--", color=colour)
    plt.xlabel("number of samples N")
    plt.ylabel("mean estimate of I (bits); truth: 0")
    plt.title("plug-in MI of independent samples is biased upwards")
    plt.legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement mi_histogram above to see this plot.")

# %% [markdown]
# ## 6. Two correlated Gaussians
#
# For continuous variables the same definitions hold with densities and integrals, and
# $I(X; Y) = h(X) + h(Y) - h(X, Y)$ with differential entropies. Unlike differential
# entropy, mutual information does not depend on units: rescaling $X$ shifts $h(X)$ and
# $h(X, Y)$ by the same $\log|a|$, which cancels.
#
# Take $(X, Y)$ jointly Gaussian with unit variances and correlation $\rho$, covariance
# $\Sigma = \begin{pmatrix} 1 & \rho \\ \rho & 1 \end{pmatrix}$. A $d$-dimensional
# Gaussian has $h = \tfrac12 \log\big((2\pi e)^d \det \Sigma\big)$ (assignment 03), so
# step by step:
#
# 1. $h(X) = h(Y) = \tfrac12 \log(2\pi e)$ (each marginal is a standard normal).
# 2. $\det \Sigma = 1 - \rho^2$, so $h(X, Y) = \tfrac12 \log\big((2\pi e)^2 (1 - \rho^2)\big)
#    = \log(2\pi e) + \tfrac12 \log(1 - \rho^2)$.
# 3. $I(X; Y) = h(X) + h(Y) - h(X, Y) = -\tfrac12 \log(1 - \rho^2)$.
#
# Since correlation and mutual information are unchanged by shifting and scaling each
# variable, this holds for any variances. $I$ depends on $\rho^2$ only (the sign of the
# correlation carries no information), is 0 at $\rho = 0$ (for Gaussians, uncorrelated
# means independent), and grows without bound as $|\rho| \to 1$: at $|\rho| = 1$ one
# variable is an exact function of the other, and a real number pinned down exactly
# carries infinitely many bits. The answer is $+\infty$ then (with a base below 1, where
# every value changes sign, $-\infty$).

# %% [markdown]
# ### Exercise 7: `gaussian_mi(rho, base=2)`
#
# Return $I(X; Y) = -\tfrac12 \log_{\text{base}}(1 - \rho^2)$ of two jointly Gaussian
# variables with correlation `rho`, as a `float`.
#
# - `rho` is a real number (a Python or NumPy float or int) in $[-1, 1]$.
# - At $|\rho| = 1$ return `math.inf` (`-math.inf` for a base below 1), computed without a
#   warning or an exception (`math.log(0)` raises, `np.log(0)` warns).
# - Raise `ValueError` for $|\rho| > 1$, for `nan`, and for an invalid `base`.

# %% nbgrader={"grade": false, "grade_id": "gaussian_mi_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gaussian_mi(rho, base=2):
    """Mutual information of two jointly Gaussian variables with correlation rho.

    rho  : correlation coefficient, -1 <= rho <= 1
    base : logarithm base (2 -> bits, the default; math.e -> nats)
    Returns -log_base(1 - rho^2) / 2 as a float; inf at |rho| = 1. Raises ValueError otherwise.
    """
    log_base = check_base(base)
    rho = float(rho)
    if not abs(rho) <= 1:                         # also rejects nan
        raise ValueError(f"a correlation lies in [-1, 1], got {rho!r}")
    if abs(rho) == 1:
        return math.copysign(math.inf, log_base)  # one variable determines the other
    return -0.5 * math.log1p(-rho * rho) / log_base


# %% nbgrader={"grade": true, "grade_id": "gaussian_mi", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert gaussian_mi(0.0) == 0.0, "uncorrelated Gaussians are independent"
assert abs(gaussian_mi(math.sqrt(0.75)) - 1.0) < 1e-12, "1 - rho^2 = 1/4: exactly 1 bit"
assert abs(gaussian_mi(-0.6) - gaussian_mi(0.6)) < 1e-12, "only rho^2 matters"
assert abs(gaussian_mi(0.6, base=math.e) + 0.5 * math.log(0.64)) < 1e-12, \
    "-1/2 ln(1 - rho^2) in nats: the square of rho, and the factor 1/2"
assert gaussian_mi(1.0) == math.inf and gaussian_mi(-1) == math.inf, \
    "a perfectly correlated pair shares infinitely many bits"
try:
    gaussian_mi(1.5)
except ValueError:
    pass
else:
    raise AssertionError("a correlation of 1.5 is impossible: raise ValueError")

# %% [markdown]
# Estimate against truth: samples of correlated Gaussians, binned into 5, 12 and 40 bins
# per axis ($N = 2000$). Coarse bins lose information (data processing); fine bins add
# the upward bias of Section 5, visible at $\rho = 0$. The closed form sits in between.

# %% tags=["demo"]
try:
    demo_rng = np.random.default_rng(3)
    rhos = np.linspace(-0.95, 0.95, 39)
    n = 2000
    plt.figure(figsize=(6.5, 4))
    plt.plot(rhos, [gaussian_mi(r) for r in rhos], "k-", lw=2, label="gaussian_mi(rho)")
    for b in (5, 12, 40):
        estimates = []
        for r in rhos:
            x_demo = demo_rng.standard_normal(n)
            y_demo = r * x_demo + math.sqrt(1 - r * r) * demo_rng.standard_normal(n)
            estimates.append(mi_histogram(x_demo, y_demo, b))
        plt.plot(rhos, estimates, ".", label=f"mi_histogram, {b} bins")
    plt.xlabel("correlation rho")
    plt.ylabel("bits")
    plt.title("mutual information of two correlated Gaussians")
    plt.legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement gaussian_mi and mi_histogram above to see this plot.")

# %% [markdown]
# ## Summary
#
# - $H(X, Y)$ is the entropy of the whole table; $H(Y \mid X)$ averages the entropies of
#   its rows **weighted by $p(x)$**; the chain rule $H(X, Y) = H(X) + H(Y \mid X)$ is the
#   logarithm of $p(x, y) = p(x)\,p(y \mid x)$, averaged.
# - $I(X; Y) = D_{\mathrm{KL}}(p_{XY} \| p_X p_Y) = H(X) + H(Y) - H(X, Y) = H(Y) - H(Y \mid X)$:
#   non-negative, symmetric, zero exactly for independence, $I(X; X) = H(X)$.
# - Along a Markov chain $X \to Y \to Z$, $I(X; Z) \le I(X; Y)$: processing loses information.
# - $\mathrm{JS}(P, Q)$ is the information one draw carries about which of $P$, $Q$
#   produced it: symmetric, finite, at most 1 bit; $\sqrt{\mathrm{JS}}$ is a metric.
# - Plug-in estimates of $I$ are biased upwards by about $(B_x - 1)(B_y - 1) / (2N)$ nats.
# - Correlated Gaussians share $-\tfrac12 \log(1 - \rho^2)$, infinite at $|\rho| = 1$.
