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
# # 09 · Regularisation: priors in disguise
#
# *Machine Learning from an Information-Theoretic Perspective*
#
# A model with many parameters can fit the noise in its training data. Regularisation
# adds a term to the loss that prefers "simple" parameters. This notebook shows that the
# two classic penalties are not arbitrary: they are **negative log-priors**, and
# minimising a penalised loss is **maximum a posteriori (MAP)** estimation.
#
# 1. **MAP estimation** turns a prior into a penalty: a **Gaussian prior gives the L2
#    penalty** (ridge, weight decay), a **Laplace prior gives the L1 penalty** (lasso).
# 2. **Sparsity**: why L1 sets weights to exactly zero (the corners of the L1 ball, and
#    the soft-thresholding operator) while L2 only shrinks them.
# 3. **Ridge regression** in closed form, and the **lasso** by proximal gradient descent
#    (ISTA), checked against its optimality (KKT) conditions.
# 4. **Elastic net**: the two penalties together.
# 5. **Dropout**: random erasure of units, the inverted scaling that keeps the
#    expectation, the ensemble reading.
# 6. The **information-bottleneck** reading: a penalty is a code length, noise limits
#    what a representation can carry.
#
# You implement ten functions:
#
# | # | exercise | points | what it is |
# | --- | --- | --- | --- |
# | 1 | `l2_penalty(w, lam)` | 1 | $\frac{\lambda}{2}\lVert w\rVert_2^2$ |
# | 2 | `l2_grad(w, lam)` | 1 | its gradient $\lambda w$ |
# | 3 | `l1_penalty(w, lam)` | 1 | $\lambda\lVert w\rVert_1$ |
# | 4 | `l1_subgradient(w, lam)` | 1.5 | $\lambda\,\mathrm{sign}(w)$, 0 at 0 |
# | 5 | `elastic_net_penalty(w, lam, l1_ratio)` | 1.5 | scikit-learn's `ElasticNet` penalty |
# | 6 | `soft_threshold(x, t)` | 2 | the proximal operator of $t\lvert\cdot\rvert$ |
# | 7 | `ridge_closed_form(X, y, lam)` | 2.5 | $\arg\min_w \frac12\lVert Xw-y\rVert^2 + \frac{\lambda}{2}\lVert w\rVert^2$ |
# | 8 | `lasso_ista(X, y, lam, n_iter=500)` | 4 | $\arg\min_w \frac12\lVert Xw-y\rVert^2 + \lambda\lVert w\rVert_1$ by ISTA |
# | 9 | `dropout_forward(x, p, rng, train=True)` | 4.5 | inverted dropout, `p` the drop probability |
# | 10 | `dropout_backward(dout, mask)` | 1.5 | its backward pass |
# | | **total** | **20.5** | |
#
# **How you are graded.** Each function has a solution cell (replace
# `raise NotImplementedError()`) followed by a test cell. The test cell's visible
# asserts are quick examples you can run now; when the notebook is graded, hidden
# checks call your function on random inputs and on edge cases, and compare with
# independent references (PyTorch autograd and `softshrink`, scikit-learn's `Ridge`,
# `Lasso` and `ElasticNet`, `numpy.linalg.lstsq`, the KKT conditions, binomial
# statistics). The course's grader (`python -m autograder`) draws a fresh seed for every
# run and records it (`--seed N` reproduces a run); nbgrader's `autograde` uses one fixed
# seed. Either way you do not see the inputs in advance: make the function right, not
# just the examples. If a visible assert fails, nbgrader scores that exercise 0 (the
# course's grader reports the failure and scores only the hidden checks), so make them
# pass first. Plot cells are tagged `demo`; they are not graded. Every requirement the
# hidden checks grade is written in the exercise's task statement.
#
# **Conventions (the same in every assignment of the course).**
#
# - Inputs are *array-likes*: lists, tuples or NumPy arrays of any float dtype. Scalar
#   results are returned as a Python `float`, arrays as `np.ndarray`. **Never modify an
#   input** (the hidden checks compare every argument before and after the call).
# - Randomness comes **only** from the `rng` argument (a `np.random.Generator`): never
#   `np.random.rand`, `np.random.seed` or any other global state.
# - Invalid input named in a task statement raises `ValueError` with a message that says
#   what is wrong.
# - Don't let NumPy print warnings (`0 / 0` warns "invalid value"): a graded cell that
#   writes to stderr scores 0 in nbgrader.
#
# **If you learnt this from CS231n, PyTorch or scikit-learn**, the formulas are the
# same but some conventions differ; this course's contract is:
#
# | where | their convention | this notebook |
# | --- | --- | --- |
# | CS231n dropout | `p` is the probability of **keeping** a unit: `mask = (rand < p) / p` | `p` is the probability of **dropping** a unit (like `torch.nn.functional.dropout`): `mask = keep / (1 - p)` |
# | PyTorch `F.dropout(x, p)` | returns only the output; the mask is hidden | returns `(out, mask)`, and the randomness comes from the `rng` you pass |
# | scikit-learn `Lasso(alpha)` | $\frac{1}{2n}\lVert y-Xw\rVert^2 + \alpha\lVert w\rVert_1$ | $\frac12\lVert Xw-y\rVert^2 + \lambda\lVert w\rVert_1$: the same minimiser when $\alpha = \lambda / n$ |
# | scikit-learn `Ridge(alpha)` | $\lVert y-Xw\rVert^2 + \alpha\lVert w\rVert^2$ | $\frac12\lVert Xw-y\rVert^2 + \frac{\lambda}{2}\lVert w\rVert^2$: twice theirs, the same minimiser when $\alpha = \lambda$ |
# | scikit-learn `ElasticNet(alpha, l1_ratio)` | $\frac{1}{2n}\lVert y-Xw\rVert^2 + \alpha\rho\lVert w\rVert_1 + \frac{\alpha(1-\rho)}{2}\lVert w\rVert^2$ | `elastic_net_penalty` is their penalty term with `alpha = lam`, `l1_ratio` $= \rho$ |
# | weight decay in `torch.optim.SGD(weight_decay=lam)` | adds `lam * w` to the gradient | that is `l2_grad(w, lam)`: the gradient of $\frac{\lambda}{2}\lVert w\rVert^2$ (not of $\lambda\lVert w\rVert^2$, which would be $2\lambda w$) |
#
# Code written from those sources is correct here as soon as it follows this contract.

# %%
import math

import numpy as np

# %% [markdown]
# ## 1. From a prior to a penalty: MAP estimation
#
# Take linear regression with Gaussian noise: $y_i = x_i^\top w + \varepsilon_i$,
# $\varepsilon_i \sim \mathcal N(0, \sigma^2)$ independent. The likelihood of the data
# $D = (X, y)$ is
#
# $$p(y \mid X, w) = \prod_{i=1}^n \frac{1}{\sqrt{2\pi\sigma^2}}
#   \exp\!\Big(-\frac{(y_i - x_i^\top w)^2}{2\sigma^2}\Big).$$
#
# **Maximum likelihood** maximises this over $w$. **MAP** also believes something about
# $w$ before seeing data, a prior $p(w)$, and maximises the posterior. By Bayes' theorem
#
# $$p(w \mid D) = \frac{p(y \mid X, w)\,p(w)}{p(y \mid X)},$$
#
# and the evidence $p(y \mid X)$ does not depend on $w$. The logarithm is increasing, so
# maximising the posterior is minimising its negative log:
#
# $$\hat w_{\text{MAP}} = \arg\min_w \Big[\underbrace{-\log p(y \mid X, w)}_{\text{data term}}
#   \;\underbrace{-\log p(w)}_{\text{penalty}}\Big].$$
#
# The data term, step by step: $-\log p(y \mid X, w) = \sum_i \big[\frac12\log(2\pi\sigma^2)
# + \frac{(y_i - x_i^\top w)^2}{2\sigma^2}\big] = \frac{1}{2\sigma^2}\lVert Xw - y\rVert^2 +
# \text{const}$. Constants do not move the minimiser, and neither does multiplying the
# whole objective by the positive number $\sigma^2$. So
#
# $$\hat w_{\text{MAP}} = \arg\min_w \Big[\tfrac12\lVert Xw-y\rVert^2 - \sigma^2\log p(w)\Big].$$
#
# **Gaussian prior → L2.** Let the weights be independent, $w_j \sim \mathcal N(0, \tau^2)$:
# $-\log p(w) = \sum_j \frac{w_j^2}{2\tau^2} + \text{const}$. Then
# $-\sigma^2\log p(w) = \frac{\sigma^2}{\tau^2}\cdot\frac12\lVert w\rVert_2^2 + \text{const}$, and
#
# $$\hat w_{\text{MAP}} = \arg\min_w \tfrac12\lVert Xw-y\rVert^2 + \tfrac{\lambda}{2}\lVert w\rVert_2^2,
#   \qquad \lambda = \frac{\sigma^2}{\tau^2}.$$
#
# This is **ridge regression**. A tight prior (small $\tau$) or noisy data (large
# $\sigma$) means a large $\lambda$: trust the prior more than the data.
#
# **Laplace prior → L1.** Let $w_j$ be Laplace distributed with scale $b$:
# $p(w_j) = \frac{1}{2b}e^{-\lvert w_j\rvert / b}$, so $-\log p(w) = \frac{1}{b}\sum_j\lvert w_j\rvert
# + \text{const}$, and
#
# $$\hat w_{\text{MAP}} = \arg\min_w \tfrac12\lVert Xw-y\rVert^2 + \lambda\lVert w\rVert_1,
#   \qquad \lambda = \frac{\sigma^2}{b}.$$
#
# This is the **lasso**. The Laplace density has a sharp peak at 0 and heavier tails than
# the Gaussian: it believes most weights are (near) zero and a few are large, and, as
# section 3 shows, the MAP estimate then has weights that are *exactly* zero.
#
# **Gradients and weight decay.** $\frac{\partial}{\partial w_j}\frac{\lambda}{2}\sum_k w_k^2 =
# \lambda w_j$, so $\nabla \frac{\lambda}{2}\lVert w\rVert^2 = \lambda w$. A gradient step on
# loss + penalty is $w \leftarrow w - \eta(\nabla L + \lambda w) = (1 - \eta\lambda)\,w -
# \eta\nabla L$: each step first shrinks ("decays") the weights by the factor
# $1 - \eta\lambda$. The L1 penalty $\lambda\sum_j\lvert w_j\rvert$ has derivative
# $\lambda\,\mathrm{sign}(w_j)$ wherever $w_j \ne 0$: a constant pull of size $\lambda$
# towards zero, however small the weight already is. At $w_j = 0$ the absolute value has
# a kink; its **subdifferential** there is the whole interval $[-\lambda, \lambda]$ (every
# slope of a line touching $\lvert\cdot\rvert$ from below at 0). This course picks the
# element $0$ (that is `np.sign(0) = 0`, the smallest subgradient, and what PyTorch's
# autograd returns for `abs` at 0).
# %% [markdown]
# ### Exercise 1: `l2_penalty(w, lam)`
#
# Return $\frac{\lambda}{2}\lVert w\rVert_2^2 = \frac{\lambda}{2}\sum_j w_j^2$ as a `float`.
# `w` is an array-like of any shape (a weight vector or matrix: the sum runs over all
# its entries); `lam` is a non-negative number.

# %% nbgrader={"grade": false, "grade_id": "l2_penalty_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def l2_penalty(w, lam):
    """lam / 2 * sum of w**2 over all entries, as a float."""
    w = np.asarray(w, dtype=float)
    return float(lam / 2 * np.sum(w * w))


# %% nbgrader={"grade": true, "grade_id": "l2_penalty", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(l2_penalty([3.0, -4.0], 0.1) - 1.25) < 1e-12, \
    "0.1 / 2 * (9 + 16) = 1.25: the squared norm, not the norm, and the factor 1/2"
assert isinstance(l2_penalty(np.array([1.0, 2.0]), 1.0), float), "return a Python float"
assert abs(l2_penalty([[1.0, 2.0], [3.0, 0.0]], 2.0) - 14.0) < 1e-12, \
    "a matrix: the sum runs over every entry, 2 / 2 * (1 + 4 + 9) = 14"


# %% [markdown]
# ### Exercise 2: `l2_grad(w, lam)`
#
# Return the gradient of `l2_penalty` with respect to `w`: $\lambda w$, an `np.ndarray`
# of `w`'s shape (a new array: `w` itself stays unchanged).

# %% nbgrader={"grade": false, "grade_id": "l2_grad_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def l2_grad(w, lam):
    """Gradient of lam / 2 * ||w||^2: an array of w's shape."""
    return lam * np.asarray(w, dtype=float)


# %% nbgrader={"grade": true, "grade_id": "l2_grad", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
g_check = l2_grad([3.0, -4.0, 0.5], 0.1)
assert isinstance(g_check, np.ndarray) and g_check.shape == (3,), "return an array of w's shape"
assert np.allclose(g_check, [0.3, -0.4, 0.05], rtol=1e-12, atol=0), \
    "d/dw of lam/2 * w**2 is lam * w (the 1/2 cancels the 2 of the square): not 2 * lam * w"


# %% [markdown]
# ### Exercise 3: `l1_penalty(w, lam)`
#
# Return $\lambda\lVert w\rVert_1 = \lambda\sum_j\lvert w_j\rvert$ as a `float`, summing over
# every entry of `w` (any shape); `lam` is a non-negative number.

# %% nbgrader={"grade": false, "grade_id": "l1_penalty_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def l1_penalty(w, lam):
    """lam * sum of |w| over all entries, as a float."""
    return float(lam * np.sum(np.abs(np.asarray(w, dtype=float))))


# %% nbgrader={"grade": true, "grade_id": "l1_penalty", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(l1_penalty([3.0, -4.0], 0.1) - 0.7) < 1e-12, \
    "0.1 * (|3| + |-4|) = 0.7: absolute values (without them the signs cancel: 0.1 * (3 - 4))"
assert isinstance(l1_penalty(np.array([1.0, 2.0]), 1.0), float), "return a Python float"
assert abs(l1_penalty([[1.0, -2.0], [0.0, 3.0]], 0.5) - 3.0) < 1e-12, "a matrix: every entry counts"


# %% [markdown]
# ### Exercise 4: `l1_subgradient(w, lam)`
#
# Return $\lambda\,\mathrm{sign}(w)$ elementwise, an `np.ndarray` of `w`'s shape: $\lambda$
# where $w_j > 0$, $-\lambda$ where $w_j < 0$, and **exactly 0 where $w_j = 0$** (the
# subgradient this course picks from $[-\lambda, \lambda]$, section 1).

# %% nbgrader={"grade": false, "grade_id": "l1_subgradient_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def l1_subgradient(w, lam):
    """lam * sign(w) elementwise (0 where w == 0): an array of w's shape."""
    return lam * np.sign(np.asarray(w, dtype=float))


# %% nbgrader={"grade": true, "grade_id": "l1_subgradient", "locked": true, "points": 1.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
s_check = l1_subgradient([2.0, -0.001, 0.0], 0.5)
assert isinstance(s_check, np.ndarray) and s_check.shape == (3,), "return an array of w's shape"
assert np.array_equal(s_check, [0.5, -0.5, 0.0]), \
    "lam * sign(w): the pull is lam however small the weight, and exactly 0 at w = 0"


# %% [markdown]
# ## 2. Elastic net: both priors at once
#
# The lasso has two weaknesses: with more features than examples it selects at most $n$
# of them, and among a group of strongly correlated features it picks one more or less
# at random. Adding a little L2 fixes both: the **elastic net** penalty is
#
# $$\Omega(w) = \lambda\Big(\rho\,\lVert w\rVert_1 + \frac{1-\rho}{2}\lVert w\rVert_2^2\Big),
#   \qquad 0 \le \rho \le 1 \;(\texttt{l1\_ratio}).$$
#
# $\rho = 1$ is the lasso, $\rho = 0$ ridge. As a prior it is
# $p(w) \propto \prod_j \exp\!\big(-a\lvert w_j\rvert - c\,w_j^2\big)$ with $a, c \ge 0$, a
# product of a Laplace and a Gaussian factor: the kink at 0 keeps the sparsity, the
# quadratic makes the objective **strictly convex** ($\nabla^2 \frac{1-\rho}{2}\lambda
# \lVert w\rVert^2 = (1-\rho)\lambda I \succ 0$ for $\rho < 1$), so the minimiser is
# unique and correlated features share their weight. This is exactly scikit-learn's
# `ElasticNet` penalty with `alpha = lam`: its objective is
# $\frac{1}{2n}\lVert y - Xw\rVert^2 + \alpha\rho\lVert w\rVert_1 + \frac{\alpha(1-\rho)}{2}
# \lVert w\rVert^2$. (The grader checks it through scikit-learn: at `ElasticNet`'s
# solution $w^\star$, the gradient of your penalty must balance the data term's,
# $\partial\Omega/\partial w_j = \frac1n X^\top(y - Xw^\star)$ for every $w^\star_j \ne 0$.)
#
# ### Exercise 5: `elastic_net_penalty(w, lam, l1_ratio)`
#
# Return $\lambda\big(\rho\lVert w\rVert_1 + \frac{1-\rho}{2}\lVert w\rVert_2^2\big)$ as a
# `float` (sums over every entry of `w`, any shape; `lam >= 0`, `0 <= l1_ratio <= 1`).
# It must equal `l1_penalty(w, lam)` at `l1_ratio = 1` and `l2_penalty(w, lam)` at
# `l1_ratio = 0`.

# %% nbgrader={"grade": false, "grade_id": "elastic_net_penalty_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def elastic_net_penalty(w, lam, l1_ratio):
    """lam * (l1_ratio * ||w||_1 + (1 - l1_ratio) / 2 * ||w||_2^2), as a float."""
    w = np.asarray(w, dtype=float)
    return float(lam * (l1_ratio * np.sum(np.abs(w)) + (1 - l1_ratio) / 2 * np.sum(w * w)))


# %% nbgrader={"grade": true, "grade_id": "elastic_net_penalty", "locked": true, "points": 1.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(elastic_net_penalty([3.0, -4.0], 0.1, 0.25) - (0.1 * (0.25 * 7 + 0.375 * 25))) < 1e-12, \
    "lam * (l1_ratio * 7 + (1 - l1_ratio) / 2 * 25) for w = [3, -4]"
assert abs(elastic_net_penalty([3.0, -4.0], 0.1, 1.0) - 0.7) < 1e-12, "l1_ratio = 1 is the L1 penalty"
assert abs(elastic_net_penalty([3.0, -4.0], 0.1, 0.0) - 1.25) < 1e-12, \
    "l1_ratio = 0 is the L2 penalty lam / 2 * ||w||^2 (mind the 1/2)"
# %% [markdown]
# ## 3. Why L1 gives exact zeros
#
# **One weight.** Minimise $\frac12(z - x)^2 + t\lvert z\rvert$ over $z$, for a given $x$ and
# $t \ge 0$. Compare with the L2 version $\frac12(z - x)^2 + \frac{\lambda}{2}z^2$, whose
# derivative $z - x + \lambda z = 0$ gives $z = x / (1 + \lambda)$: shrunk, but zero only
# if $x$ is. For L1, go case by case:
#
# - If the minimiser has $z > 0$, the objective is smooth there with derivative
#   $z - x + t = 0$, so $z = x - t$, which is $> 0$ only when $x > t$.
# - If $z < 0$: $z - x - t = 0$, $z = x + t$, which is $< 0$ only when $x < -t$.
# - Otherwise $z = 0$, and $0$ is a minimiser exactly when $0$ lies in the
#   subdifferential at $0$: $0 \in (0 - x) + t[-1, 1]$, i.e. $\lvert x\rvert \le t$.
#
# Together: the **soft-thresholding operator**
#
# $$S_t(x) = \mathrm{sign}(x)\,\max(\lvert x\rvert - t,\; 0) =
#   \begin{cases} x - t & x > t \\ 0 & \lvert x\rvert \le t \\ x + t & x < -t. \end{cases}$$
#
# A whole interval of inputs, $[-t, t]$, is mapped to exactly 0: that is sparsity. (The
# operator that keeps $x$ when $\lvert x\rvert > t$ and zeroes it otherwise is *hard*
# thresholding, the solution of an L0 penalty; soft thresholding also moves the survivors
# $t$ towards 0.) $S_t$ is the **proximal operator** of $t\lvert\cdot\rvert$,
# $\mathrm{prox}_{t\lvert\cdot\rvert}(x) = \arg\min_z \frac12(z-x)^2 + t\lvert z\rvert$;
# PyTorch calls it `torch.nn.functional.softshrink`.
#
# **Geometry.** Minimising loss + $\lambda\lVert w\rVert_1$ is (by Lagrange duality)
# minimising the loss subject to $\lVert w\rVert_1 \le r$ for some radius $r$. The loss's
# level sets (ellipses for least squares) grow from the unconstrained minimum until they
# first touch the constraint set. The L2 ball is round: the touching point is generically
# where no coordinate is 0. The L1 ball is a diamond whose **corners lie on the axes**;
# an ellipse coming from a generic direction usually touches it first at a corner (or an
# edge, in higher dimensions: a face of lower dimension), where some coordinates are
# exactly 0. The plot below shows both.

# %% tags=["demo"]
import matplotlib.pyplot as plt

demo_center = np.array([1.6, 0.7])                     # the unconstrained least-squares minimum
demo_A = np.array([[1.0, 0.45], [0.45, 0.6]])          # the loss's curvature (X^T X)


def demo_loss(w):
    d = w - demo_center
    return 0.5 * np.einsum("...i,ij,...j->...", d, demo_A, d)


grid = np.linspace(-1.6, 2.6, 301)
W1, W2 = np.meshgrid(grid, grid)
L = demo_loss(np.stack([W1, W2], axis=-1))
angles = np.linspace(0, 2 * np.pi, 4001)
circle = np.stack([np.cos(angles), np.sin(angles)], axis=1)
diamond = circle / np.abs(circle).sum(axis=1, keepdims=True)   # points with |w1| + |w2| = 1
fig, axes = plt.subplots(1, 2, figsize=(11, 4.8))
for ax, ball, name in [(axes[0], circle, "L2 ball ‖w‖₂ ≤ 1"), (axes[1], diamond, "L1 ball ‖w‖₁ ≤ 1")]:
    best = ball[np.argmin(demo_loss(ball))]            # the ball's boundary point of least loss
    ax.contour(W1, W2, L, levels=sorted({float(demo_loss(best)), 0.05, 0.3, 0.8, 1.5, 2.5}), colors="0.6", linewidths=0.8)
    ax.fill(ball[:, 0], ball[:, 1], alpha=0.25)
    ax.plot(*demo_center, "k+", ms=10, label="unregularised minimum")
    ax.plot(*best, "ro", label=f"constrained minimum ({best[0]:.2f}, {best[1]:.2f})")
    ax.axhline(0, color="k", lw=0.5)
    ax.axvline(0, color="k", lw=0.5)
    ax.set(aspect="equal", xlabel="w₁", ylabel="w₂", title=name)
    ax.legend(fontsize=8, loc="lower left")
plt.suptitle("loss contours first touch the L1 ball at a corner: w₂ = 0 exactly")
plt.tight_layout()
plt.show()

# %% [markdown]
# ### Exercise 6: `soft_threshold(x, t)`
#
# Return $S_t(x) = \mathrm{sign}(x)\max(\lvert x\rvert - t, 0)$ **elementwise**, an
# `np.ndarray` of `x`'s shape (`x` an array-like of any shape, lists included). `t` is a
# number $\ge 0$ (at `t = 0` the output equals `x`); a negative `t` raises `ValueError`.
# Entries with $\lvert x\rvert \le t$ must come out as exactly `0`.

# %% nbgrader={"grade": false, "grade_id": "soft_threshold_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def soft_threshold(x, t):
    """sign(x) * max(|x| - t, 0) elementwise; ValueError if t < 0."""
    if t < 0:
        raise ValueError(f"the threshold t must be >= 0, got {t}")
    x = np.asarray(x, dtype=float)
    return np.sign(x) * np.maximum(np.abs(x) - t, 0.0)


# %% nbgrader={"grade": true, "grade_id": "soft_threshold", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
st_check = soft_threshold([3.0, -2.5, 0.4, -1.0, 0.0], 1.0)
assert isinstance(st_check, np.ndarray) and st_check.shape == (5,), "return an array of x's shape"
assert np.allclose(st_check, [2.0, -1.5, 0.0, 0.0, 0.0], rtol=1e-12, atol=0), \
    "survivors move t towards 0 (3 -> 2, -2.5 -> -1.5), |x| <= t becomes 0; hard thresholding " \
    "would keep 3 and -2.5 unchanged"
assert np.array_equal(soft_threshold([[0.5, -0.2]], 0.0), [[0.5, -0.2]]), "t = 0 changes nothing"
try:
    soft_threshold([1.0], -0.5)
except ValueError:
    pass
else:
    raise AssertionError("a negative threshold: raise ValueError")


# %% [markdown]
# ## 4. Ridge regression in closed form
#
# The ridge objective $J(w) = \frac12\lVert Xw - y\rVert^2 + \frac{\lambda}{2}\lVert w\rVert^2$
# is a quadratic. Expand the first term: $\frac12(w^\top X^\top X w - 2 y^\top X w + y^\top y)$.
# Its gradient is $X^\top X w - X^\top y$, the penalty's is $\lambda w$, so
#
# $$\nabla J(w) = X^\top(Xw - y) + \lambda w = 0 \iff (X^\top X + \lambda I)\,w = X^\top y.$$
#
# For $\lambda > 0$ the matrix $X^\top X + \lambda I$ is positive definite (for any $v \ne 0$,
# $v^\top(X^\top X + \lambda I)v = \lVert Xv\rVert^2 + \lambda\lVert v\rVert^2 > 0$), hence
# invertible, **even when $n < d$** or the columns of $X$ are collinear, where plain least
# squares ($\lambda = 0$) has infinitely many solutions. The Hessian is that same matrix,
# so the stationary point is the unique minimiser. Its eigenvalues are those of $X^\top X$
# plus $\lambda$: the prior lifts the flat directions the data leave undetermined.
#
# Numerically, **solve** the linear system (`np.linalg.solve`, or a Cholesky
# factorisation) instead of forming the inverse: it is cheaper and more accurate.
# scikit-learn's `Ridge(alpha, fit_intercept=False)` minimises
# $\lVert y - Xw\rVert^2 + \alpha\lVert w\rVert^2 = 2J(w)$ when $\alpha = \lambda$: the same
# minimiser. There is no intercept here (centre your data first if you need one).
#
# ### Exercise 7: `ridge_closed_form(X, y, lam)`
#
# Return the minimiser $w$ of $\frac12\lVert Xw - y\rVert^2 + \frac{\lambda}{2}\lVert w\rVert^2$,
# an `np.ndarray` of shape `(d,)`, for `X` of shape `(n, d)` and `y` of shape `(n,)` (both
# array-likes: nested lists too). `lam > 0` must work for any `n` and `d` (also `n < d`
# and nearly collinear columns, where the answer must still satisfy the normal equations
# to rounding accuracy); `lam = 0` must work when $X$ has full column rank (then it is
# ordinary least squares).

# %% nbgrader={"grade": false, "grade_id": "ridge_closed_form_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def ridge_closed_form(X, y, lam):
    """argmin_w 1/2 ||X w - y||^2 + lam/2 ||w||^2, shape (d,)."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ y)


# %% nbgrader={"grade": true, "grade_id": "ridge_closed_form", "locked": true, "points": 2.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
X_check = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
y_check = np.array([1.0, 2.0, 3.0])
w_check = ridge_closed_form(X_check, y_check, 0.5)
assert isinstance(w_check, np.ndarray) and w_check.shape == (2,), "return the weights, shape (d,)"
assert np.allclose(X_check.T @ (X_check @ w_check - y_check) + 0.5 * w_check, 0, atol=1e-10), \
    "the gradient X^T (X w - y) + lam * w must vanish: solve (X^T X + lam I) w = X^T y " \
    "(lam on the diagonal only, not 2 * lam or lam / 2)"
w_check = ridge_closed_form([[1.0, 2.0, 0.0]], [1.0], 1.0)
assert np.allclose(w_check, [1 / 6, 2 / 6, 0.0], rtol=1e-10, atol=1e-12), \
    "n = 1 < d = 3 with lam = 1: w = X^T y / (||x||^2 + 1) = [1, 2, 0] / 6"
# %% [markdown]
# ## 5. The lasso by proximal gradient descent (ISTA)
#
# The lasso objective $F(w) = f(w) + \lambda\lVert w\rVert_1$ with
# $f(w) = \frac12\lVert Xw - y\rVert^2$ has no closed form and no gradient at the kinks,
# but it splits into a smooth part and a simple non-smooth part.
#
# **Step 1: a quadratic upper bound.** $\nabla f(w) = X^\top(Xw - y)$ and
# $\nabla^2 f = X^\top X$. Let $L$ be the **largest eigenvalue of $X^\top X$** (the
# Lipschitz constant of $\nabla f$; $L = \lVert X\rVert_2^2$, the squared largest singular
# value). Taylor's theorem with $\nabla^2 f \preceq L I$ gives, around the current $v$,
#
# $$f(w) \le f(v) + \nabla f(v)^\top(w - v) + \frac{L}{2}\lVert w - v\rVert^2.$$
#
# **Step 2: minimise the bound plus the penalty.** Completing the square, the right-hand
# side is $\frac{L}{2}\lVert w - (v - \nabla f(v)/L)\rVert^2 + \text{const}$, so
#
# $$w^{+} = \arg\min_w \frac{L}{2}\Big\lVert w - \big(v - \tfrac1L\nabla f(v)\big)\Big\rVert^2 +
#   \lambda\lVert w\rVert_1.$$
#
# Divide by $L$: the problem separates into one-dimensional problems
# $\frac12(w_j - u_j)^2 + \frac{\lambda}{L}\lvert w_j\rvert$, solved in section 3:
#
# $$w^{+} = S_{\lambda/L}\Big(v - \tfrac1L X^\top(Xv - y)\Big).$$
#
# A gradient step of size $1/L$ on the smooth part, then soft thresholding at $\lambda/L$
# (not at $\lambda$: the threshold scales with the step). Because $w^+$ minimises an
# upper bound of $F$ that touches $F$ at $v$, $F(w^+) \le F(v)$: the objective never
# increases.
#
# **Step 3: how fast.** The gradient step $v \mapsto v - \frac1L X^\top(Xv - y)$ is affine
# with matrix $I - X^\top X / L$, whose eigenvalues $1 - \mu_i / L$ lie in $[0, 1 - \mu/L]$
# ($\mu$ the smallest eigenvalue of $X^\top X$), and soft thresholding is non-expansive
# ($\lvert S_t(a) - S_t(b)\rvert \le \lvert a - b\rvert$). The minimiser $w^\star$ is a fixed
# point of the step, so $\lVert w_k - w^\star\rVert \le (1 - \mu/L)^k\lVert w_0 - w^\star\rVert$.
# **What accuracy to expect:** with $\mu / L \ge 0.2$ (a well-conditioned tall $X$, as
# the grader uses: $n \gg d$ random rows), 500 iterations shrink the error by
# $0.8^{500} \approx 10^{-49}$, far below rounding, so the result agrees with
# scikit-learn's `Lasso` (run to a tight tolerance) to about $10^{-6}$ relative, the
# tolerance used. On an ill-conditioned $X$ ($\mu/L \approx 10^{-4}$) 500 steps are not
# enough, and without strong convexity ($n < d$) the guarantee is only
# $F(w_k) - F^\star \le L\lVert w_0 - w^\star\rVert^2 / (2k)$.
#
# **Optimality (KKT).** $w$ minimises $F$ iff $0 \in \nabla f(w) + \lambda\,\partial\lVert w\rVert_1$,
# coordinate by coordinate, with the correlation of feature $j$ with the residual
# $c_j = [X^\top(y - Xw)]_j$:
#
# $$c_j = \lambda\,\mathrm{sign}(w_j) \text{ where } w_j \ne 0, \qquad \lvert c_j\rvert \le \lambda
#   \text{ where } w_j = 0.$$
#
# A feature stays out of the model as long as its correlation with what is left to
# explain is below $\lambda$. In particular $w = 0$ is optimal iff
# $\lVert X^\top y\rVert_\infty \le \lambda$: above that value of $\lambda$ the lasso selects
# nothing. And for $\lambda = 0$ the lasso is least squares.
#
# **scikit-learn.** `Lasso(alpha, fit_intercept=False)` minimises
# $\frac{1}{2n}\lVert y - Xw\rVert^2 + \alpha\lVert w\rVert_1$. Multiplying by $n$ gives
# $\frac12\lVert y - Xw\rVert^2 + n\alpha\lVert w\rVert_1$, our objective with $\lambda = n\alpha$:
# call it with `alpha = lam / n`. (It uses coordinate descent, not ISTA: the same
# minimiser by another route.)
#
# ### Exercise 8: `lasso_ista(X, y, lam, n_iter=500)`
#
# Minimise $\frac12\lVert Xw - y\rVert^2 + \lambda\lVert w\rVert_1$ by ISTA and return $w$, an
# `np.ndarray` of shape `(d,)`. `X` has shape `(n, d)` (not all zeros), `y` shape `(n,)`,
# both array-likes; `lam >= 0`.
#
# - Start from $w_0 = 0$, use the step $1/L$ with $L$ the **exact largest eigenvalue of
#   $X^\top X$**, computed to rounding accuracy (`np.linalg.eigvalsh(X.T @ X)[-1]` or
#   `np.linalg.norm(X, 2) ** 2`). An estimate of $L$ (power iteration, a few steps of
#   `X.T @ X @ v`) is not enough: the converged answer would not change, but the graded
#   `n_iter=1` step depends on $L$ itself and fails when $L$ is off by more than rounding.
#   Make exactly `n_iter` updates $w \leftarrow S_{\lambda/L}(w - X^\top(Xw - y)/L)$.
#   So `n_iter=1` returns $S_{\lambda/L}(X^\top y / L)$ (graded; the other checks only
#   need a converged answer).
# - On well-conditioned problems the default 500 iterations must converge: the result
#   matches scikit-learn's `Lasso(alpha=lam / n, fit_intercept=False)` and satisfies the
#   KKT conditions above (both to about $10^{-6}$ relative); weights that should be zero
#   are exactly `0` (soft thresholding gives exact zeros), and for
#   $\lambda \ge \lVert X^\top y\rVert_\infty$ every weight is `0`.
# - `lam = 0` gives the least-squares solution (for full column rank).
#
# You may call your `soft_threshold` from exercise 6.

# %% nbgrader={"grade": false, "grade_id": "lasso_ista_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def lasso_ista(X, y, lam, n_iter=500):
    """argmin_w 1/2 ||X w - y||^2 + lam ||w||_1 by ISTA from w = 0, step 1/L."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    L = np.linalg.eigvalsh(X.T @ X)[-1]        # Lipschitz constant of the gradient
    w = np.zeros(X.shape[1])
    for _ in range(n_iter):
        u = w - X.T @ (X @ w - y) / L           # gradient step on the smooth part
        w = np.sign(u) * np.maximum(np.abs(u) - lam / L, 0.0)   # prox of (lam / L) |.|
    return w


# %% nbgrader={"grade": true, "grade_id": "lasso_ista", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
X_check = np.array([[2.0, 0.0], [0.0, 1.0], [0.0, 0.0]])      # X^T X = diag(4, 1): L = 4
y_check = np.array([3.0, 0.25, 7.0])
w_check = lasso_ista(X_check, y_check, 0.5)
assert isinstance(w_check, np.ndarray) and w_check.shape == (2,), "return the weights, shape (d,)"
assert np.allclose(w_check, [5.5 / 4, 0.0], rtol=1e-9, atol=0) and w_check[1] == 0.0, \
    "orthogonal columns: w_j = S_lam(x_j . y) / ||x_j||^2 = [(6 - 0.5) / 4, S_0.5(0.25) = 0]"
Xn_check = np.array([[2.0, 1.0], [1.0, 2.0], [0.0, 1.0]])    # columns not orthogonal
L_check = np.linalg.eigvalsh(Xn_check.T @ Xn_check)[-1]     # the exact L (about 9.53)
u_check = Xn_check.T @ y_check / L_check
w_check = lasso_ista(Xn_check, y_check, 0.5, n_iter=1)
assert np.allclose(w_check, np.sign(u_check) * np.maximum(np.abs(u_check) - 0.5 / L_check, 0),
                   rtol=1e-12, atol=0), \
    "n_iter=1 is one step from w = 0: S_{lam/L}(X^T y / L), L the exact largest eigenvalue " \
    "of X^T X (here about [0.603, 1.049], far from the optimum [0, 5/3])"
assert np.array_equal(lasso_ista(X_check, y_check, 6.0), [0.0, 0.0]), \
    "lam >= max |X^T y| = 6: every weight is exactly 0"

# %% [markdown]
# **The regularisation path.** As $\lambda$ grows, ridge shrinks every weight smoothly
# towards 0 and none reaches it; the lasso drops features one by one, each at the
# $\lambda$ where its residual correlation falls below $\lambda$. (Data: 6 features, of
# which only 3 matter.)

# %% tags=["demo"]
try:
    demo_rng = np.random.default_rng(9)
    Xp = demo_rng.standard_normal((120, 6))
    yp = Xp @ np.array([3.0, -2.0, 1.5, 0.0, 0.0, 0.0]) + 0.5 * demo_rng.standard_normal(120)
    lam_max = np.max(np.abs(Xp.T @ yp))
    lams = np.geomspace(lam_max * 1e-3, lam_max * 1.2, 40)
    path_l1 = np.array([lasso_ista(Xp, yp, lam_p) for lam_p in lams])
    path_l2 = np.array([ridge_closed_form(Xp, yp, lam_p) for lam_p in lams])
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
    for ax, path, name in [(axes[0], path_l2, "ridge: shrinks, never zero"),
                           (axes[1], path_l1, "lasso: exact zeros, one feature at a time")]:
        ax.semilogx(lams, path)
        ax.axvline(lam_max, color="k", ls="--", lw=0.8)
        ax.set(xlabel="λ", title=name)
    axes[0].set_ylabel("weight")
    axes[1].text(lam_max, 2.5, " ‖Xᵀy‖∞", fontsize=8)
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement ridge_closed_form and lasso_ista above to see this plot.")
# %% [markdown]
# ## 6. Dropout
#
# During training, **dropout** sets each unit of a layer's activations to 0 independently
# with probability $p$ (the *drop* probability), so the network cannot rely on any single
# unit being there. With keep indicators $k_i \sim \mathrm{Bernoulli}(1 - p)$:
#
# **Inverted scaling keeps the expectation.** Scale the kept units by $1/(1-p)$: the mask
# is $m_i = k_i / (1 - p)$ and the output $\text{out}_i = m_i x_i$. Then
#
# $$\mathbb E[m_i] = \frac{\mathbb E[k_i]}{1-p} = \frac{(1-p)\cdot 1 + p \cdot 0}{1-p} = 1,
#   \qquad \mathbb E[\text{out}_i] = x_i\,\mathbb E[m_i] = x_i.$$
#
# So at test time the layer is simply the identity ("inverted" dropout does the scaling
# during training; the original formulation instead multiplied the weights by $1 - p$ at
# test time). Without the scaling the training-time activations would be $1 - p$ times
# smaller on average than the test-time ones. The price is variance:
# $\mathrm{Var}[\text{out}_i] = x_i^2\big(\mathbb E[m_i^2] - 1\big) = x_i^2\big(\frac{1}{1-p} - 1\big)
# = x_i^2\frac{p}{1-p}$.
#
# **What the statistics look like.** Over $N$ independent units the number kept is
# $\mathrm{Binomial}(N, 1-p)$, so the kept fraction has mean $1 - p$ and standard deviation
# $\sqrt{p(1-p)/N}$, and the mean of the mask has mean 1 and standard deviation
# $\sqrt{p / ((1-p)N)}$. The grader uses $N$ in the tens of thousands and accepts any
# fraction within 5 standard deviations (a correct answer fails with probability below
# $10^{-6}$); a `p` read as the keep probability is many standard deviations off.
#
# **Backward.** $\text{out} = x \odot m$ with $m$ fixed by the forward pass, so
# $\partial\,\text{out}_i / \partial x_i = m_i$ and $dx = dout \odot m$: the gradient flows
# only through the kept units, with the same scale. Storing the scaled mask as the cache
# makes the backward pass one multiplication.
#
# **Ensemble reading.** Each mask selects one of $2^N$ sub-networks, all sharing weights;
# training with dropout trains them all at once, one random member per step, and the
# test-time network with the expected mask approximates their average prediction (for a
# linear layer exactly, by linearity of expectation; through nonlinearities it is an
# approximation, close to a geometric mean of the members). Keeping dropout on at test
# time and averaging several passes ("Monte Carlo dropout") turns the spread of the
# members' predictions into an estimate of the model's **uncertainty**.
#
# **Conventions.** `p` here is the drop probability, as in
# `torch.nn.functional.dropout(x, p)`; CS231n's assignments use `p` as the *keep*
# probability (`mask = (rand < p) / p`): with their code, pass `p` here as `1 - p`.
#
# ### Exercise 9: `dropout_forward(x, p, rng, train=True)`
#
# Return `(out, mask)`, two `np.ndarray`s of `x`'s shape (`x` any array-like, any shape).
#
# - Training (`train=True`): each entry is kept independently with probability `1 - p`;
#   `mask` holds `1 / (1 - p)` where kept and `0` where dropped (exactly these two
#   values), and `out = x * mask`. Draw the randomness **only from `rng`** (a
#   `np.random.Generator`; how you draw from it is up to you, e.g.
#   `rng.random(x.shape) >= p`): the same `rng` seed gives the same mask, different seeds
#   give different masks, and the global `np.random` state plays no part.
# - The graded statistics: the kept fraction is $1 - p$ and the mean of `out` is the
#   mean of `x`, both within 5 binomial standard deviations (above).
# - `p = 0` keeps everything (`mask` all ones, `out` equals `x`); `p = 1` drops
#   everything (`out` and `mask` all zeros, no division by zero, no `nan`, no warning).
# - `train=False`: `out` equals `x` and `mask` is all ones (any `p` in $[0, 1]$).
# - `p` outside $[0, 1]$ raises `ValueError` (in both modes).

# %% nbgrader={"grade": false, "grade_id": "dropout_forward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dropout_forward(x, p, rng, train=True):
    """Inverted dropout with drop probability p: returns (out, mask), out = x * mask."""
    if not 0 <= p <= 1:
        raise ValueError(f"the drop probability p must lie in [0, 1], got {p}")
    x = np.asarray(x, dtype=float)
    if not train:
        return x, np.ones(x.shape)
    keep = rng.random(x.shape) >= p               # kept with probability 1 - p
    mask = keep / (1 - p) if p < 1 else np.zeros(x.shape)
    return x * mask, mask


# %% nbgrader={"grade": true, "grade_id": "dropout_forward", "locked": true, "points": 4.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
x_check = np.arange(1.0, 20001.0).reshape(100, 200)
out_check, mask_check = dropout_forward(x_check, 0.3, np.random.default_rng(0))
assert out_check.shape == mask_check.shape == x_check.shape, "out and mask have x's shape"
assert np.allclose(out_check, x_check * mask_check, rtol=1e-12, atol=0), "out = x * mask"
assert set(np.unique(mask_check).round(12)) <= {0.0, round(1 / 0.7, 12)}, \
    "the mask holds 0 (dropped) or 1 / (1 - p) (kept, inverted scaling)"
assert abs(np.mean(mask_check > 0) - 0.7) < 5 * math.sqrt(0.3 * 0.7 / 20000), \
    "p = 0.3 is the DROP probability: about 70 % of the units are kept (CS231n's p is the keep rate)"
assert np.array_equal(dropout_forward(x_check, 0.3, np.random.default_rng(5))[1],
                      dropout_forward(x_check, 0.3, np.random.default_rng(5))[1]), \
    "the same rng seed must give the same mask: draw only from rng"
assert not np.array_equal(dropout_forward(x_check, 0.3, np.random.default_rng(5))[1],
                          dropout_forward(x_check, 0.3, np.random.default_rng(6))[1]), \
    "rng seeds 5 and 6 must give different masks: draw from rng, not from a seed of your own"
out_check, mask_check = dropout_forward([1.0, -2.0], 0.5, np.random.default_rng(0), train=False)
assert np.array_equal(out_check, [1.0, -2.0]) and np.array_equal(mask_check, [1.0, 1.0]), \
    "train=False: out = x, mask all ones (the inverted scaling already happened in training)"
assert np.array_equal(dropout_forward([1.0, 2.0], 1.0, np.random.default_rng(0))[0], [0.0, 0.0]), \
    "p = 1 drops everything: zeros, not nan"

# %% [markdown]
# **Check the derivation numerically.** Average the output of many dropout passes on a
# fixed input: it converges to $x$ (the expectation is kept), and the spread of a single
# pass matches $\lvert x\rvert\sqrt{p/(1-p)}$.

# %% tags=["demo"]
try:
    demo_rng = np.random.default_rng(3)
    x_demo = np.array([1.0, -2.0, 0.5])
    for p_demo in (0.1, 0.5, 0.8):
        outs = np.array([dropout_forward(x_demo, p_demo, demo_rng)[0] for _ in range(20000)])
        print(f"p = {p_demo}: mean of out {np.round(outs.mean(axis=0), 3)} (x = {x_demo}), "
              f"std {np.round(outs.std(axis=0), 3)} "
              f"(theory {np.round(np.abs(x_demo) * math.sqrt(p_demo / (1 - p_demo)), 3)})")
except NotImplementedError:
    print("Implement dropout_forward above to see this check.")

# %% [markdown]
# ### Exercise 10: `dropout_backward(dout, mask)`
#
# Return `dout * mask`, an `np.ndarray` of `dout`'s shape (both array-likes of the same
# shape; `mask` is the one `dropout_forward` returned, already scaled). Do not scale by
# `1 / (1 - p)` again, and do not modify `dout` or `mask` (the hidden checks call it twice
# with the same arrays).

# %% nbgrader={"grade": false, "grade_id": "dropout_backward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def dropout_backward(dout, mask):
    """Gradient of out = x * mask with respect to x: dout * mask."""
    return np.asarray(dout, dtype=float) * np.asarray(mask, dtype=float)


# %% nbgrader={"grade": true, "grade_id": "dropout_backward", "locked": true, "points": 1.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
mask_check = np.array([[0.0, 2.5], [2.5, 0.0]])             # p = 0.6: kept units scaled by 2.5
dx_check = dropout_backward(np.array([[1.0, 2.0], [3.0, 4.0]]), mask_check)
assert isinstance(dx_check, np.ndarray) and dx_check.shape == (2, 2), "return an array of dout's shape"
assert np.allclose(dx_check, [[0.0, 5.0], [7.5, 0.0]], rtol=1e-12, atol=0), \
    "dx = dout * mask: zero where dropped, scaled by the same 1 / (1 - p) where kept"

# %% [markdown]
# ## 7. The information-theoretic reading
#
# **A penalty is a code length.** By Shannon, an outcome of probability $q$ can be
# encoded in $-\log_2 q$ bits. The MAP objective of section 1,
# $-\log p(y \mid X, w) - \log p(w)$, is therefore (in nats) the length of a **two-part
# code**: first describe the weights with the prior's code, $-\log p(w)$, then the data
# given the weights, $-\log p(y \mid X, w)$. MAP is the **minimum description length**
# choice among the weights (to a fixed precision): regularisation is compression. A
# Gaussian prior charges $w_j^2/(2\tau^2)$ nats for a weight, growing fast for large
# weights; a Laplace prior charges $\lvert w_j\rvert / b$ nats, comparatively cheap for a
# few large weights but with its sharpest preference at $w_j = 0$, so "say nothing about
# this feature" wins for every feature whose data term cannot pay for it (the KKT
# threshold $\lambda$ of section 5).
#
# **The information bottleneck.** A representation $Z$ of the input $X$ should keep what
# predicts the target $Y$ and forget the rest: minimise
# $I(X; Z) - \beta\, I(Z; Y)$ over the encoder $p(z \mid x)$, with $\beta > 0$ the price of
# predictive information. Memorising the training set needs a large $I(X; Z)$; a
# representation that carries little about $X$ beyond what predicts $Y$ cannot overfit
# much. Dropout is one way to limit $I(X; Z)$: each unit passes through an **erasure
# channel** that loses its value with probability $p$. By the data-processing inequality
# the dropped representation carries no more information about $X$ than the clean one,
# and the capacity of an erasure channel is $(1 - p)$ times that of the clean one: every
# unit can carry at most a fraction $1 - p$ of what it could, and the network must
# spread information redundantly over many units. Weight penalties act on the other
# side: small weights followed by noise (the noise of SGD, of the data) keep the
# signal-to-noise ratio, and with it the information a layer can transmit
# ($\frac12\log(1 + \text{SNR})$ nats for a Gaussian channel), low.
#
# ## Summary
#
# - MAP = minimise negative log-likelihood + negative log-prior. Gaussian noise and a
#   Gaussian prior give ridge with $\lambda = \sigma^2/\tau^2$; a Laplace prior gives the
#   lasso with $\lambda = \sigma^2/b$.
# - L2's gradient $\lambda w$ is weight decay; L1's subgradient $\lambda\,\mathrm{sign}(w)$
#   is a constant pull, and its kink at 0 makes exact zeros: soft thresholding maps
#   $[-t, t]$ to 0, and the L1 ball's corners lie on the axes.
# - Ridge: $(X^\top X + \lambda I)w = X^\top y$, solvable for every $\lambda > 0$. Lasso: ISTA,
#   $w \leftarrow S_{\lambda/L}(w - X^\top(Xw - y)/L)$, linear convergence at rate
#   $1 - \mu/L$, certified by the KKT conditions $\lvert X^\top(y - Xw)\rvert_j \le \lambda$.
# - scikit-learn scales the lasso's data term by $1/(2n)$: `alpha = lam / n`; `Ridge`'s
#   `alpha = lam`; `ElasticNet`'s penalty with `alpha = lam` is `elastic_net_penalty`.
# - Inverted dropout scales kept units by $1/(1-p)$ so that $\mathbb E[\text{out}] = x$ and
#   the test-time layer is the identity; its backward pass is `dout * mask`.
# - Regularisers are code lengths (MDL), and noise such as dropout limits the
#   information a representation can carry (the information bottleneck).
