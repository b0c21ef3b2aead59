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
# # 11 · Learning rates and optimisers
#
# The learning rate is the one hyperparameter that every network has and that
# decides, more than any other, whether training works at all. Too small and
# nothing happens; a little too large and the loss explodes. In this assignment
# you derive where that edge lies for a quadratic loss, what the best fixed step
# is, and then build the three update rules practitioners actually use --
# momentum, RMSprop and Adam -- exactly as `torch.optim` implements them, plus
# the schedules of `torch.optim.lr_scheduler`.
#
# | # | exercise | points |
# |---|---|---|
# | 1 | `gd_quadratic(A, b, x0, lr, n_steps) -> np.ndarray` | 2 |
# | 2 | `max_stable_lr(A) -> float` | 1 |
# | 3 | `optimal_lr(A) -> float` | 1 |
# | 4 | `momentum_step(w, g, v, lr, momentum) -> (w, v)` | 3 |
# | 5 | `rmsprop_step(w, g, s, lr, alpha=0.99, eps=1e-8) -> (w, s)` | 3 |
# | 6 | `adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8) -> (w, m, v)` | 4 |
# | 7 | `step_decay(lr0, epoch, step_size, gamma)` | 1 |
# | 8 | `cosine_annealing(lr0, t, T, lr_min=0.0)` | 1 |
# | 9 | `linear_warmup(lr0, t, warmup_steps)` | 1 |
#
# **Conventions used by the graders.**
# * Everything is NumPy in `float64`. Array arguments may arrive as lists or
#   arrays; arrays are returned as `np.ndarray`, scalars as a number (`float`
#   or a NumPy scalar). Integer arguments (`n_steps`, `epoch`, `t`) may be
#   Python or NumPy integers.
# * **Inputs are never modified.** `torch.optim` updates parameters and state
#   *in place* (`p.add_(...)`); the course's step functions instead **return new
#   arrays** `(w, state...)` and leave `w`, `g`, `v`, `s`, `m` exactly as they
#   were. Write `w = w - lr * v`, never `w -= lr * v` on an argument. The hidden
#   tests compare every argument after every call.
# * **The optimisers follow PyTorch** (`torch.optim.SGD(momentum=...)`,
#   `RMSprop`, `Adam`, with no weight decay, no dampening, no Nesterov, no
#   centring, no amsgrad). They are graded over **multi-step trajectories**: the
#   graders start your step function and the torch optimiser from the same `w`
#   with zero state, feed both the same gradients (a random sequence, or the
#   gradient of a quadratic at the current point), feed your returned `w` and
#   state back into your next call, and compare `w` and the state after every
#   step (also with a learning rate that changes from step to step).
# * **The schedules follow `torch.optim.lr_scheduler`** stepped once per epoch,
#   compared over many epochs.
#
# Where the conventions of other sources differ (CS231n's momentum, TensorFlow's
# RMSprop, the Adam paper's "efficient" form), the section says so.

# %%
import math

import numpy as np
import torch

np.set_printoptions(precision=5, suppress=True)


def torch_trajectory(name, w0, grads, lrs, **hyper):
    """w after each step of torch.optim.<name> (float64) fed the given gradients;
    lrs holds one learning rate per step."""
    p = torch.tensor(np.asarray(w0, dtype=float), dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, name)([p], lr=lrs[0], **hyper)
    ws = []
    for g, lr in zip(grads, lrs):
        opt.param_groups[0]["lr"] = lr
        p.grad = torch.tensor(np.asarray(g, dtype=float), dtype=torch.float64)
        opt.step()
        ws.append(p.detach().numpy().copy())
    return ws


def schedule_lrs(make, lr0, epochs):
    """The learning rate of epochs 0 .. epochs-1 under a torch scheduler."""
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr0)
    sched = make(opt)
    lrs = []
    for _ in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return lrs


# %% [markdown]
# ## 1. Gradient descent on a quadratic, derived
#
# Take $f(x) = \tfrac12 x^\top A x - b^\top x$ with $A$ symmetric positive
# definite ($d \times d$). Its gradient is $\nabla f(x) = A x - b$ (the
# derivative of $\tfrac12 x^\top A x$ is $\tfrac12(A + A^\top)x = Ax$ because $A$
# is symmetric), so the unique minimiser solves $A x^\star = b$.
# Gradient descent with step $\eta$ is
# $$x_{k+1} = x_k - \eta\,(A x_k - b).$$
# Subtract $x^\star$ from both sides and use $b = A x^\star$:
# $$e_{k+1} := x_{k+1} - x^\star = e_k - \eta A e_k = (I - \eta A)\, e_k
# \quad\Rightarrow\quad e_k = (I - \eta A)^k e_0 .$$
# Write $A = Q \Lambda Q^\top$ with orthonormal eigenvectors $q_i$ and
# eigenvalues $0 < \lambda_{\min} = \lambda_1 \le \dots \le \lambda_d = \lambda_{\max}$.
# In the eigenbasis the components $c_i = q_i^\top e$ decouple:
# $$c_i^{(k)} = (1 - \eta \lambda_i)^k\, c_i^{(0)} .$$
# Each mode is a geometric sequence with ratio $1 - \eta\lambda_i$.
#
# **The stability condition.** The error goes to zero from every start if and
# only if every ratio has modulus below one: $|1 - \eta\lambda_i| < 1 \iff 0 <
# \eta\lambda_i < 2$ for all $i$. The tightest constraint comes from the
# largest eigenvalue (the stiffest direction), so
# $$\boxed{\;0 < \eta < \frac{2}{\lambda_{\max}}\;}$$
# At $\eta = 2/\lambda_{\max}$ the stiffest mode flips sign without shrinking
# (ratio $-1$); just above, it grows by $|1-\eta\lambda_{\max}| > 1$ per step
# while oscillating: the classic "loss explodes" of a too-large learning rate.
# Note that $1/\lambda_{\max}$ is *not* the limit: it is the step that removes the
# stiffest mode in one move.
#
# **The optimal fixed step.** The worst-case contraction per step is
# $\rho(\eta) = \max_i |1-\eta\lambda_i| = \max(|1-\eta\lambda_{\min}|,\ |1-\eta\lambda_{\max}|)$
# (the map $\lambda \mapsto |1-\eta\lambda|$ is convex, so its maximum over
# $[\lambda_{\min}, \lambda_{\max}]$ sits at an end). For small $\eta$ the first term
# dominates and falls as $\eta$ grows; for large $\eta$ the second dominates and
# rises. The minimum is where they meet, with the slow mode still positive and
# the stiff one already negative:
# $$1 - \eta\lambda_{\min} = \eta\lambda_{\max} - 1 \quad\Rightarrow\quad
# \boxed{\;\eta^\star = \frac{2}{\lambda_{\min} + \lambda_{\max}}\;},\qquad
# \rho(\eta^\star) = \frac{\lambda_{\max} - \lambda_{\min}}{\lambda_{\max} + \lambda_{\min}}
# = \frac{\kappa - 1}{\kappa + 1},$$
# with the condition number $\kappa = \lambda_{\max}/\lambda_{\min}$. For $d = 1$
# ($\kappa = 1$) $\eta^\star = 1/\lambda$ and one step lands on the minimum
# (it is Newton's step). For $\kappa = 100$ even the best step only removes about
# 2 % of the error per iteration: ill-conditioning, not the step size, is the real
# enemy, which is what momentum and adaptive methods attack.
#
# ### Exercise 1: `gd_quadratic(A, b, x0, lr, n_steps)` (2 points)
# Return the whole trajectory as an array of shape `(n_steps + 1, d)`: **row 0 is
# `x0`** and row $k$ the point after $k$ steps of $x \leftarrow x - \text{lr}\,(Ax - b)$.
# `n_steps = 0` gives one row; `d = 1` works. Do not stop, clip or raise when the
# iterates grow: above $2/\lambda_{\max}$ the trajectory must follow the iteration out
# (the graders test only cases whose iterates stay far below the float range, so the
# values are large but finite). `A`, `b`, `x0` may be lists; they are not modified.

# %% nbgrader={"grade": false, "grade_id": "gd_quadratic_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gd_quadratic(A, b, x0, lr, n_steps):
    """Trajectory of gradient descent on f(x) = 1/2 x^T A x - b^T x.

    Returns an array of shape (n_steps + 1, d); row 0 is x0.
    """
    A = np.asarray(A, dtype=float)
    b = np.asarray(b, dtype=float)
    x = np.array(x0, dtype=float)
    path = np.empty((n_steps + 1, x.shape[0]))
    path[0] = x
    for k in range(n_steps):
        x = x - lr * (A @ x - b)
        path[k + 1] = x
    return path


# %% nbgrader={"grade": true, "grade_id": "gd_quadratic", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
A_check = np.array([[3.0, 1.0], [1.0, 2.0]])
b_check = np.array([1.0, -1.0])
path_check = gd_quadratic(A_check, b_check, [0.0, 0.0], 0.1, 3)
assert np.shape(path_check) == (4, 2), "3 steps give 4 rows: x0 and the three iterates"
assert np.allclose(path_check[0], [0.0, 0.0]), "row 0 is x0 itself"
assert np.allclose(path_check[1], [0.1, -0.1]), \
    "one step from 0: x1 = 0 - 0.1 * (A @ 0 - b) = 0.1 * b (descent goes AGAINST the gradient A x - b)"
assert np.allclose(path_check[3], [0.245, -0.27]), "after three steps: x2 = (0.18, -0.19), x3 = (0.245, -0.27)"
far_check = gd_quadratic(A_check, b_check, [1.0, 1.0], 0.1, 300)[-1]
assert np.allclose(far_check, np.linalg.solve(A_check, b_check)), \
    "below 2/lambda_max the iterates converge to the minimiser A^{-1} b"
assert gd_quadratic([[2.0]], [0.0], [1.0], 0.0, 0).shape == (1, 1), "n_steps = 0: one row"
diverged_check = gd_quadratic([[2.0]], [0.0], [1.0], 1.1, 50)[-1]
assert np.allclose(diverged_check, [1.2 ** 50]), \
    f"above 2/lambda_max (lr = 1.1 > 2/2) each step multiplies x by 1 - 1.1 * 2 = -1.2: after 50 steps x = 1.2**50 = {1.2 ** 50:.5g} (do not stop or clip), got {np.asarray(diverged_check).tolist()}"
x0_check = np.array([1.0, -1.0])
x0_copy_check = x0_check.copy()
gd_quadratic(A_check, b_check, x0_check, 0.1, 5)
assert np.array_equal(x0_check, x0_copy_check), "gd_quadratic must not modify x0 in place"


# %% [markdown]
# ### Exercises 2 and 3: `max_stable_lr(A)` and `optimal_lr(A)` (1 point each)
# Return $2/\lambda_{\max}$ and $2/(\lambda_{\min} + \lambda_{\max})$ as numbers, from the
# eigenvalues of `A` (`np.linalg.eigvalsh` is made for symmetric matrices; the
# diagonal entries are *not* the eigenvalues unless `A` is diagonal). `A` may be a
# nested list and may be $1 \times 1$. `A` must be **symmetric positive definite**: raise
# `ValueError` (with a message) for a non-square or non-symmetric matrix (symmetric
# means `np.allclose(A, A.T)`) and for one whose smallest eigenvalue is not
# strictly positive (indefinite or singular).
#
# The answer cell of exercise 2 starts with `_spd_eigenvalues(A)`, an **optional helper**
# (not graded) that returns the eigenvalues in ascending order after those checks, so
# that `max_stable_lr` and `optimal_lr` can share them. Fill it in and use it, or delete
# it and write the checks your own way: only `max_stable_lr` and `optimal_lr` are graded.

# %% nbgrader={"grade": false, "grade_id": "max_stable_lr_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def _spd_eigenvalues(A):
    """Optional helper (not graded; use it or delete it): the eigenvalues (ascending)
    of a symmetric positive-definite matrix, or ValueError."""
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError(f"A must be a square matrix, got shape {A.shape}")
    if not np.allclose(A, A.T):
        raise ValueError("A must be symmetric")
    lam = np.linalg.eigvalsh(A)
    if not lam[0] > 0:
        raise ValueError(f"A must be positive definite; its smallest eigenvalue is {lam[0]}")
    return lam


def max_stable_lr(A):
    """The largest stable step 2 / lambda_max for gradient descent on 1/2 x^T A x - b^T x."""
    return float(2.0 / _spd_eigenvalues(A)[-1])


# %% nbgrader={"grade": true, "grade_id": "max_stable_lr", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(max_stable_lr([[4.0, 0.0], [0.0, 1.0]]) - 0.5) < 1e-12, "2 / lambda_max = 2 / 4"
assert abs(max_stable_lr([[2.0, 1.0], [1.0, 2.0]]) - 2 / 3) < 1e-12, \
    "the eigenvalues of [[2, 1], [1, 2]] are 1 and 3 (not the diagonal 2, 2): 2/3"
for bad_check in ([[1.0, 2.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, -1.0]], [[1.0, 0.0], [0.0, 0.0]]):
    try:
        max_stable_lr(bad_check)
    except ValueError:
        pass
    else:
        raise AssertionError(f"{bad_check} is not symmetric positive definite: raise ValueError")


# %% nbgrader={"grade": false, "grade_id": "optimal_lr_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def optimal_lr(A):
    """The fixed step 2 / (lambda_min + lambda_max) with the fastest worst-case contraction."""
    lam = _spd_eigenvalues(A)
    return float(2.0 / (lam[0] + lam[-1]))


# %% nbgrader={"grade": true, "grade_id": "optimal_lr", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(optimal_lr([[2.0, 1.0], [1.0, 2.0]]) - 0.5) < 1e-12, "2 / (1 + 3) = 0.5"
assert abs(optimal_lr([[3.0, 1.0, 1.0], [1.0, 3.0, 1.0], [1.0, 1.0, 3.0]]) - 2 / 7) < 1e-12, \
    "the eigenvalues of [[3, 1, 1], [1, 3, 1], [1, 1, 3]] are 2, 2 and 5: 2 / (2 + 5) = 2/7 (not the diagonal 3, 3, 3, nor the trace 9)"
assert abs(optimal_lr([[5.0]]) - 0.2) < 1e-12, "in one dimension the optimal step is 1/lambda"
A_check = np.diag([1.0, 10.0])
rho_check = [max(abs(1 - lr_check * 1.0), abs(1 - lr_check * 10.0))
             for lr_check in (optimal_lr(A_check) * 0.99, optimal_lr(A_check), optimal_lr(A_check) * 1.01)]
assert rho_check[1] < min(rho_check[0], rho_check[2]), \
    "at the optimal step the worst contraction is smaller than at any nearby step"

# %% [markdown]
# **Look at it.** An ill-conditioned 2-D quadratic ($\lambda = 1$ and $\lambda = 20$):
# just below $2/\lambda_{\max}$ (at 0.97 of it) the iterates zig-zag across the valley but
# converge; just above (1.03), the zig-zag grows without bound. The "safe" step
# $1/\lambda_{\max}$ never zig-zags but crawls along the flat direction. Note where the
# optimum lies: $\eta^\star = 2/21 = \tfrac{20}{21}\cdot 2/\lambda_{\max}$ here, so for an
# ill-conditioned problem **the best fixed step sits just below the edge of stability**.

# %% tags=["demo"]
import matplotlib.pyplot as plt

try:
    theta = 0.5
    rot = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
    A_demo = rot @ np.diag([1.0, 20.0]) @ rot.T
    b_demo = np.zeros(2)
    x0_demo = np.array([2.0, 1.5])
    limit = max_stable_lr(A_demo)
    runs = {"lr = 0.97 x 2/lmax": gd_quadratic(A_demo, b_demo, x0_demo, 0.97 * limit, 40),
            "lr = 1.03 x 2/lmax": gd_quadratic(A_demo, b_demo, x0_demo, 1.03 * limit, 25),
            "lr = 1/lmax": gd_quadratic(A_demo, b_demo, x0_demo, 0.5 * limit, 40)}
    print(f"2/lambda_max = {limit:.4f}, optimal lr = {optimal_lr(A_demo):.4f}")
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.2))
    grid = np.linspace(-4, 4, 200)
    X, Y = np.meshgrid(grid, grid)
    Z = 0.5 * (A_demo[0, 0] * X ** 2 + 2 * A_demo[0, 1] * X * Y + A_demo[1, 1] * Y ** 2)
    axes[0].contour(X, Y, Z, levels=np.geomspace(0.05, 200, 14), colors="0.8")
    for (label, path), color in zip(runs.items(), ("tab:blue", "tab:red", "tab:green")):
        axes[0].plot(path[:, 0], path[:, 1], "o-", ms=3, color=color, label=label)
        f_vals = 0.5 * np.einsum("ki,ij,kj->k", path, A_demo, path)
        axes[1].semilogy(f_vals, "o-", ms=3, color=color, label=label)
    axes[0].set_xlim(-4, 4)
    axes[0].set_ylim(-4, 4)
    axes[0].set_title("trajectories on an ill-conditioned quadratic (kappa = 20)")
    axes[0].legend(fontsize=8)
    axes[1].set_xlabel("step")
    axes[1].set_title("f(x_k)")
    axes[1].legend(fontsize=8)
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement gd_quadratic, max_stable_lr and optimal_lr above to see the trajectories.")

# %% [markdown]
# ## 2. Momentum
#
# On the valley above plain gradient descent wastes its steps oscillating along the
# stiff direction while it crawls along the flat one. *Heavy-ball momentum* keeps a
# running sum of past gradients so that the oscillating components cancel and the
# consistent ones add up. PyTorch's `torch.optim.SGD(momentum=mu)` (with its default
# `dampening=0`, `nesterov=False`) does, at every step,
# $$v_t = \mu\, v_{t-1} + g_t, \qquad w_t = w_{t-1} - \eta\, v_t ,$$
# starting from $v_0 = 0$ (torch stores $v_1 = g_1$ at the first step, which is the
# same thing). Unrolling the recursion,
# $$v_t = g_t + \mu g_{t-1} + \mu^2 g_{t-2} + \dots = \sum_{k=1}^{t} \mu^{t-k} g_k ,$$
# an exponentially weighted **sum** (not an average: the weights add up to
# $\sum_{j \ge 0}\mu^j = 1/(1-\mu)$). Where the gradient is roughly constant, $g$, the
# buffer tends to $g/(1-\mu)$ and the effective step is $\eta/(1-\mu)$: ten times
# the learning rate for $\mu = 0.9$. Where the gradient flips sign each step, the sum
# alternates and stays of the order of $g/(1+\mu)$: the oscillation is damped.
#
# **CS231n's convention differs.** The CS231n notes and assignments keep a
# *velocity* $u_t = \mu u_{t-1} - \eta g_t$ and step $w_t = w_{t-1} + u_t$. By induction,
# at a **fixed** learning rate $u_t = -\eta v_t$: true for $t = 0$ ($0 = 0$), and if
# $u_{t-1} = -\eta v_{t-1}$ then $u_t = -\eta\mu v_{t-1} - \eta g_t = -\eta v_t$. So
# the two move $w$ identically while $\eta$ is constant, but the *state* is different
# (it carries $-\eta$), and once $\eta$ changes between steps (a schedule!) they part:
# CS231n's velocity remembers the old learning rates inside it, PyTorch's buffer
# multiplies the whole sum by the current one. **This course follows PyTorch**: the
# `v` you return is torch's `momentum_buffer`.
#
# ### Exercise 4: `momentum_step(w, g, v, lr, momentum) -> (w, v)` (3 points)
# One step of `torch.optim.SGD(momentum=momentum)`: return the **new** `(w, v)` with
# `v_new = momentum * v + g` and `w_new = w - lr * v_new`. With `momentum = 0` this is
# plain SGD (`v_new = g`). Arrays of any shape (`w`, `g` and `v` share it); lists work;
# the inputs are not modified.

# %% nbgrader={"grade": false, "grade_id": "momentum_step_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def momentum_step(w, g, v, lr, momentum):
    """One step of SGD with heavy-ball momentum, as torch.optim.SGD. Returns (w, v)."""
    v_new = momentum * np.asarray(v, dtype=float) + np.asarray(g, dtype=float)
    w_new = np.asarray(w, dtype=float) - lr * v_new
    return w_new, v_new


# %% nbgrader={"grade": true, "grade_id": "momentum_step", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
grads_check = [np.array([1.0, -2.0]), np.array([0.5, 1.0]), np.array([-1.0, 0.3]), np.array([2.0, 0.0])]
lrs_check = [0.1, 0.05, 0.2, 0.1]                         # a learning rate that changes
expected_check = torch_trajectory("SGD", [1.0, 1.0], grads_check, lrs_check, momentum=0.9)
w_check, v_check = np.array([1.0, 1.0]), np.zeros(2)
for g_check, lr_check, e_check in zip(grads_check, lrs_check, expected_check):
    w_check, v_check = momentum_step(w_check, g_check, v_check, lr_check, 0.9)
    assert np.allclose(w_check, e_check), \
        f"w differs from torch.optim.SGD(momentum=0.9): got {w_check}, expected {e_check}"
assert np.allclose(v_check, 0.9 ** 3 * grads_check[0] + 0.9 ** 2 * grads_check[1]
                   + 0.9 * grads_check[2] + grads_check[3]), \
    "v is torch's buffer: the sum of past gradients weighted by momentum^age (no lr inside, no 1 - mu)"
w0_check, v0_check = np.array([1.0, 2.0]), np.array([0.5, -0.5])
w0_copy_check, v0_copy_check = w0_check.copy(), v0_check.copy()
momentum_step(w0_check, np.ones(2), v0_check, 0.1, 0.9)
assert np.array_equal(w0_check, w0_copy_check), "momentum_step must not modify w in place"
assert np.array_equal(v0_check, v0_copy_check), "momentum_step must not modify v in place: return a new v"


# %% [markdown]
# ## 3. RMSprop: a learning rate per parameter
#
# Momentum fixes the *direction*; the *scale* problem remains: one learning rate
# for parameters whose gradients differ by orders of magnitude. RMSprop divides
# each coordinate's gradient by a running estimate of its root mean square. With
# `torch.optim.RMSprop(alpha=alpha, eps=eps)` (no momentum, not centred):
# $$s_t = \alpha\, s_{t-1} + (1-\alpha)\, g_t^2, \qquad
# w_t = w_{t-1} - \eta\, \frac{g_t}{\sqrt{s_t} + \epsilon},$$
# all elementwise, $s_0 = 0$. $s_t$ is an exponential moving average of $g^2$:
# unrolled, $s_t = (1-\alpha)\sum_{k\le t} \alpha^{t-k} g_k^2$, weights that sum to
# $1 - \alpha^t \to 1$. Why divide by the root? If every gradient of one coordinate
# is multiplied by $c$, then $\sqrt{s}$ is multiplied by $|c|$ and the step
# $g/\sqrt{s}$ is unchanged: the step is **scale-free**, about $\eta$ per coordinate
# in a steady regime, whatever units the parameter has. (Dividing by $s$ itself would
# make the step scale as $1/c$.) The $\epsilon$ only matters where $\sqrt{s}$ is
# tiny; PyTorch adds it **outside** the root. Some libraries (TensorFlow's
# `tf.compat.v1.train.RMSPropOptimizer`, for one) use $\sqrt{s + \epsilon}$ instead:
# a different function, visibly so for gradients of order $\sqrt{\epsilon}$ or below.
#
# ### Exercise 5: `rmsprop_step(w, g, s, lr, alpha=0.99, eps=1e-8) -> (w, s)` (3 points)
# One step of `torch.optim.RMSprop`: return the **new** `(w, s)` by the two formulas
# above (eps outside the square root). Defaults as torch's. Any shape; lists work;
# inputs not modified. The graders compare over trajectories from `s = 0`, and on
# gradients of order 1e-8, where the place of eps shows.

# %% nbgrader={"grade": false, "grade_id": "rmsprop_step_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def rmsprop_step(w, g, s, lr, alpha=0.99, eps=1e-8):
    """One step of RMSprop, as torch.optim.RMSprop. Returns (w, s)."""
    g = np.asarray(g, dtype=float)
    s_new = alpha * np.asarray(s, dtype=float) + (1 - alpha) * g * g
    w_new = np.asarray(w, dtype=float) - lr * g / (np.sqrt(s_new) + eps)
    return w_new, s_new


# %% nbgrader={"grade": true, "grade_id": "rmsprop_step", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
grads_check = [np.array([1.0, -200.0]), np.array([0.5, 100.0]), np.array([-1.0, 30.0])]
expected_check = torch_trajectory("RMSprop", [1.0, 1.0], grads_check, [0.01] * 3, alpha=0.9, eps=1e-8)
w_check, s_check = np.array([1.0, 1.0]), np.zeros(2)
for g_check, e_check in zip(grads_check, expected_check):
    w_check, s_check = rmsprop_step(w_check, g_check, s_check, 0.01, alpha=0.9)
    assert np.allclose(w_check, e_check), \
        f"w differs from torch.optim.RMSprop(alpha=0.9): got {w_check}, expected {e_check}"
assert np.allclose(s_check, 0.1 * (0.81 * grads_check[0] ** 2 + 0.9 * grads_check[1] ** 2
                                   + grads_check[2] ** 2)), \
    "s is the moving average (1 - alpha) * sum alpha^age * g^2"
tiny_check = [np.array([1e-9, -3e-9])]
w_check, s_check = rmsprop_step(np.zeros(2), tiny_check[0], np.zeros(2), 0.01)
given_check = rmsprop_step(np.zeros(2), tiny_check[0], np.zeros(2), 0.01, alpha=0.99, eps=1e-8)
assert np.allclose(w_check, given_check[0], rtol=1e-12, atol=0) and np.allclose(s_check, given_check[1], rtol=1e-12, atol=0), \
    "the defaults are torch's, alpha=0.99 and eps=1e-8: a call without them must give what a call with them gives"
assert np.allclose(w_check, torch_trajectory("RMSprop", np.zeros(2), tiny_check, [0.01])[0], rtol=1e-6), \
    f"on tiny gradients (sqrt(s) ~ 1e-10, below eps) w differs from torch.optim.RMSprop, which divides by sqrt(s) + eps: got {np.asarray(w_check).tolist()}"
s0_check = np.array([0.5, 2.0])
s0_copy_check = s0_check.copy()
rmsprop_step(np.ones(2), np.ones(2), s0_check, 0.01)
assert np.array_equal(s0_check, s0_copy_check), "rmsprop_step must not modify s in place: return a new s"


# %% [markdown]
# ## 4. Adam, and its bias correction derived
#
# Adam (Kingma & Ba, 2015) combines the two: a moving average of the gradient
# (momentum's direction, now an *average*) and one of its square (RMSprop's scale):
# $$m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t, \qquad v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2,
# \qquad m_0 = v_0 = 0 .$$
# **Why a bias correction.** Unroll the first average:
# $m_t = (1-\beta_1)\sum_{k=1}^{t} \beta_1^{t-k} g_k$. Suppose the gradients are drawn
# from a distribution with a fixed mean, $\mathbb E[g_k] = \bar g$. Then
# $$\mathbb E[m_t] = (1-\beta_1)\,\bar g \sum_{j=0}^{t-1}\beta_1^{j}
# = (1-\beta_1)\,\bar g\, \frac{1-\beta_1^{t}}{1-\beta_1} = (1-\beta_1^{t})\,\bar g ,$$
# by the geometric sum. Because the average started at **zero**, it is biased toward
# zero by the factor $1-\beta_1^t$; early on the bias is huge ($1-\beta_1 = 0.1$ at
# $t = 1$ for $\beta_1 = 0.9$), and it fades as $t$ grows. The same computation gives
# $\mathbb E[v_t] = (1-\beta_2^t)\,\mathbb E[g^2]$, and with $\beta_2 = 0.999$ the bias
# lasts for thousands of steps. Dividing removes it exactly:
# $$\hat m_t = \frac{m_t}{1-\beta_1^t}, \qquad \hat v_t = \frac{v_t}{1-\beta_2^t}, \qquad
# w_t = w_{t-1} - \eta\,\frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}.$$
# Here **$t$ counts from 1** (the number of updates including this one).
#
# **Check it at $t = 1$.** $m_1 = (1-\beta_1) g_1$ and $v_1 = (1-\beta_2) g_1^2$, so
# $\hat m_1 = g_1$, $\hat v_1 = g_1^2$ and the first step is
# $\eta\, g_1/(|g_1| + \epsilon) \approx \eta\,\mathrm{sign}(g_1)$: every coordinate moves by
# about $\eta$, whatever the gradient's scale. Without the correction the first step
# would be $\eta\,(1-\beta_1)/\sqrt{1-\beta_2}\,\mathrm{sign}(g_1) \approx 3.16\,\eta$ for the
# default betas: the un-corrected Adam takes its largest, least informed steps first.
#
# **Where $\epsilon$ goes.** `torch.optim.Adam` computes
# `denom = sqrt(v) / sqrt(1 - beta2**t) + eps` and steps by `lr / (1 - beta1**t) * m / denom`,
# which is exactly the formula above: $\epsilon$ is added to $\sqrt{\hat v_t}$, **after** the bias
# correction. The paper's "efficient" version folds both corrections into the step size
# and adds $\epsilon$ to $\sqrt{v_t}$ *before* the correction; that is a slightly different
# function (noticeably so when $\sqrt{\hat v}$ is near $\epsilon$). This course follows PyTorch.
#
# ### Exercise 6: `adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8) -> (w, m, v)` (4 points)
# One step of `torch.optim.Adam` (no weight decay, no amsgrad): return the **new**
# `(w, m, v)`. `t` is the index of this step, counting from 1 (a Python or NumPy
# integer, possibly in the thousands); use the `t` given for the bias corrections, not a
# counter of your own. Defaults as torch's. Any shape; lists work; inputs not modified.
# The graders compare trajectories from `m = v = 0`, `t = 1, 2, ...` with torch, the first
# step at `t = 1`, a step from a given state at a large `t`, and steps on gradients of
# order 1e-8 (where the place of eps shows).

# %% nbgrader={"grade": false, "grade_id": "adam_step_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """One step of Adam, as torch.optim.Adam; t counts from 1. Returns (w, m, v)."""
    g = np.asarray(g, dtype=float)
    m_new = beta1 * np.asarray(m, dtype=float) + (1 - beta1) * g
    v_new = beta2 * np.asarray(v, dtype=float) + (1 - beta2) * g * g
    m_hat = m_new / (1 - beta1 ** t)
    v_hat = v_new / (1 - beta2 ** t)
    w_new = np.asarray(w, dtype=float) - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_new, m_new, v_new


# %% nbgrader={"grade": true, "grade_id": "adam_step", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
w_check, m_check, v_check = adam_step(np.zeros(3), np.array([1e-3, -5.0, 200.0]), np.zeros(3),
                                      np.zeros(3), 1, 0.01)
assert np.allclose(w_check, [-0.01, 0.01, -0.01], rtol=1e-5), \
    f"at t = 1 from m = v = 0 torch.optim.Adam moves every coordinate by lr * g / (|g| + eps), about lr * sign(g) (m_hat = g, v_hat = g**2, and eps is added to sqrt(v_hat)): got {np.asarray(w_check).tolist()}"
assert np.allclose(m_check, [1e-4, -0.5, 20.0]) and np.allclose(v_check, [1e-9, 0.025, 40.0]), \
    "m and v are returned WITHOUT the bias correction: (1 - beta) * g and (1 - beta2) * g**2 at t = 1"
grads_check = [np.array([1.0, -2.0]), np.array([0.5, 1.0]), np.array([-1.0, 0.3]), np.array([2.0, 0.0])]
expected_check = torch_trajectory("Adam", [1.0, 1.0], grads_check, [0.1] * 4, betas=(0.8, 0.99))
w_check, m_check, v_check = np.array([1.0, 1.0]), np.zeros(2), np.zeros(2)
for t_check, (g_check, e_check) in enumerate(zip(grads_check, expected_check), start=1):
    w_check, m_check, v_check = adam_step(w_check, g_check, m_check, v_check, t_check, 0.1,
                                          beta1=0.8, beta2=0.99)
    assert np.allclose(w_check, e_check), \
        f"w differs from torch.optim.Adam at t = {t_check}: got {w_check}, expected {e_check}"
m0_check, v0_check = np.array([0.1, -0.2]), np.array([0.3, 0.4])
m0_copy_check, v0_copy_check = m0_check.copy(), v0_check.copy()
adam_step(np.ones(2), np.ones(2), m0_check, v0_check, 3, 0.01)
assert np.array_equal(m0_check, m0_copy_check) and np.array_equal(v0_check, v0_copy_check), \
    "adam_step must not modify m or v in place: return new arrays"

# %% [markdown]
# **Look at it.** The three optimisers on the same ill-conditioned valley (condition
# number 50, 150 steps), your functions drawn as lines and `torch.optim` as dots: the
# curves must lie on each other. Momentum accelerates along the flat direction;
# RMSprop and Adam rescale each coordinate, so they head almost straight for the
# minimum (in the axis-aligned case shown).

# %% tags=["demo"]
try:
    A_opt = np.diag([1.0, 50.0])
    w_start = np.array([-3.0, 1.0])

    def run(step, state, n=150, **kw):
        w, path = w_start.copy(), [w_start.copy()]
        for t in range(1, n + 1):
            out = step(w, A_opt @ w, *state, t, **kw) if step is adam_step else \
                step(w, A_opt @ w, *state, **kw)
            w, state = out[0], out[1:]
            path.append(w)
        return np.array(path)

    def run_torch(name, n=150, **kw):
        p = torch.tensor(w_start, dtype=torch.float64, requires_grad=True)
        opt = getattr(torch.optim, name)([p], **kw)
        path = [w_start.copy()]
        for _ in range(n):
            p.grad = torch.tensor(A_opt, dtype=torch.float64) @ p.detach()
            opt.step()
            path.append(p.detach().numpy().copy())
        return np.array(path)

    curves = {
        "GD lr=0.035": (gd_quadratic(A_opt, np.zeros(2), w_start, 0.035, 150),
                        run_torch("SGD", lr=0.035)),
        "momentum 0.9, lr=0.01": (run(momentum_step, (np.zeros(2),), lr=0.01, momentum=0.9),
                                  run_torch("SGD", lr=0.01, momentum=0.9)),
        "RMSprop lr=0.02": (run(rmsprop_step, (np.zeros(2),), lr=0.02),
                            run_torch("RMSprop", lr=0.02)),
        "Adam lr=0.05": (run(adam_step, (np.zeros(2), np.zeros(2)), lr=0.05),
                         run_torch("Adam", lr=0.05)),
    }
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.2))
    for (label, (mine, ref)), color in zip(curves.items(), ("0.4", "tab:blue", "tab:orange", "tab:green")):
        axes[0].plot(mine[:, 0], mine[:, 1], "-", color=color, label=label)
        axes[0].plot(ref[::5, 0], ref[::5, 1], ".", color=color)
        loss = 0.5 * np.einsum("ki,ij,kj->k", mine, A_opt, mine)
        axes[1].semilogy(np.maximum(loss, 1e-16), color=color, label=label)
    axes[0].set_title("paths (lines: yours, dots: torch.optim)")
    axes[0].legend(fontsize=8)
    axes[1].set_title("loss")
    axes[1].set_xlabel("step")
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement gd_quadratic, momentum_step, rmsprop_step and adam_step to compare them.")

# %% [markdown]
# ## 5. Learning-rate schedules
#
# A fixed step is a compromise: large enough early to make progress, small enough
# late to settle. Schedules change $\eta$ over time. The course's three are the closed
# forms of PyTorch's schedulers when `scheduler.step()` is called once per epoch and
# the epoch (or step) counter starts at 0:
#
# * **Step decay**, `StepLR(step_size, gamma)`: $\eta_e = \eta_0\,\gamma^{\lfloor e/s \rfloor}$.
#   The rate is held for `step_size` epochs ($e = 0, \dots, s-1$ use $\eta_0$) and drops
#   by a factor $\gamma$ at once at $e = s, 2s, \dots$ (integer division, not $e/s$).
# * **Cosine annealing**, `CosineAnnealingLR(T_max=T, eta_min=lr_min)`:
#   $\eta_t = \eta_{\min} + (\eta_0 - \eta_{\min})\,\tfrac12\big(1 + \cos(\pi t/T)\big)$ for
#   $0 \le t \le T$. It starts at $\eta_0$ ($\cos 0 = 1$), reaches the midpoint
#   $(\eta_0+\eta_{\min})/2$ at $t = T/2$ and $\eta_{\min}$ at $t = T$ ($\cos\pi = -1$), with
#   zero slope at both ends: slow decay at first, fast in the middle, a gentle landing.
#   (Past $T$, torch's scheduler keeps following the cosine back up; the graders only
#   use $0 \le t \le T$, so what you do beyond $T$ is not graded.)
# * **Linear warm-up**: $\eta_t = \eta_0 \min(t, W)/W$, so $\eta_0 = 0$ at $t = 0$, rising
#   linearly to $\eta_0$ at $t = W$ and flat afterwards. Adam's $v$ and BatchNorm's
#   statistics are poor estimates in the first steps; a warm-up keeps the early,
#   ill-informed steps small. `LinearLR` cannot start at factor 0 (its `start_factor`
#   must be positive), so the mapping is: for $t \ge 1$, $\eta_0\min(t,W)/W$ equals
#   `LinearLR(start_factor=1/W, end_factor=1, total_iters=W-1)` at epoch $t-1$ (at epoch
#   $e$ its factor is $1/W + (1-1/W)\min(e, W-1)/(W-1) = \min(e+1, W)/W$); at $t = 0$ the
#   rate is 0 by the formula. The graders use torch for $t \ge 1$ and the formula at $t = 0$
#   (and for $W = 1$, where `total_iters = 0`).
#
# ### Exercises 7-9: `step_decay(lr0, epoch, step_size, gamma)`, `cosine_annealing(lr0, t, T, lr_min=0.0)`, `linear_warmup(lr0, t, warmup_steps)` (1 point each)
# Return the learning rate (a number) at that epoch / step, by the formulas above. The
# integer arguments may be Python or NumPy integers. The graders compare with the
# schedulers over many epochs, including the epochs around each drop of `step_decay`,
# $t = 0$ and $t = T$ of `cosine_annealing` (with `lr_min` given and left at its default),
# and $t = 0, 1, W-1, W, W+1$ and beyond of `linear_warmup`.

# %% nbgrader={"grade": false, "grade_id": "step_decay_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def step_decay(lr0, epoch, step_size, gamma):
    """lr0 * gamma ** (epoch // step_size), as torch.optim.lr_scheduler.StepLR."""
    return float(lr0 * gamma ** (int(epoch) // int(step_size)))


# %% nbgrader={"grade": true, "grade_id": "step_decay", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
torch_check = schedule_lrs(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 0.2, 12)
mine_check = [step_decay(0.2, e_check, 3, 0.5) for e_check in range(12)]
assert np.allclose(mine_check, torch_check), \
    f"StepLR holds the rate for step_size epochs, then multiplies it by gamma: {torch_check}, got {mine_check}"


# %% nbgrader={"grade": false, "grade_id": "cosine_annealing_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def cosine_annealing(lr0, t, T, lr_min=0.0):
    """lr_min + (lr0 - lr_min) (1 + cos(pi t / T)) / 2, as CosineAnnealingLR for 0 <= t <= T."""
    return float(lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * t / T)) / 2)


# %% nbgrader={"grade": true, "grade_id": "cosine_annealing", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
torch_check = schedule_lrs(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=8, eta_min=0.01),
                           0.3, 9)
mine_check = [cosine_annealing(0.3, t_check, 8, 0.01) for t_check in range(9)]
assert np.allclose(mine_check, torch_check), f"CosineAnnealingLR gives {torch_check}, got {mine_check}"
assert abs(cosine_annealing(0.3, 8, 8)) < 1e-12, "lr_min defaults to 0: at t = T the rate is 0"


# %% nbgrader={"grade": false, "grade_id": "linear_warmup_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def linear_warmup(lr0, t, warmup_steps):
    """lr0 * min(t, W) / W: 0 at t = 0, lr0 from t = W on."""
    return float(lr0 * min(t, warmup_steps) / warmup_steps)


# %% nbgrader={"grade": true, "grade_id": "linear_warmup", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
torch_check = schedule_lrs(lambda o: torch.optim.lr_scheduler.LinearLR(
    o, start_factor=1 / 4, end_factor=1.0, total_iters=3), 0.8, 8)
mine_check = [linear_warmup(0.8, t_check, 4) for t_check in range(1, 9)]
assert np.allclose(mine_check, torch_check), \
    f"for t >= 1, linear_warmup is LinearLR(start_factor=1/W, total_iters=W-1) at epoch t-1: {torch_check}, got {mine_check}"
assert linear_warmup(0.8, 0, 4) == 0.0, "at t = 0 the warm-up rate is 0"

# %% tags=["demo"]
try:
    epochs = np.arange(0, 101)
    warm = [linear_warmup(0.1, int(e), 10) for e in epochs]
    combined = [linear_warmup(0.1, int(e), 10) if e < 10 else cosine_annealing(0.1, int(e) - 10, 90, 0.001)
                for e in epochs]
    plt.figure(figsize=(9, 3.5))
    plt.plot(epochs, [step_decay(0.1, int(e), 30, 0.3) for e in epochs], label="step_decay(0.1, e, 30, 0.3)")
    plt.plot(epochs, [cosine_annealing(0.1, int(e), 100, 0.001) for e in epochs], label="cosine_annealing(T=100)")
    plt.plot(epochs, warm, label="linear_warmup(W=10)")
    plt.plot(epochs, combined, "--", label="warm-up then cosine")
    plt.xlabel("epoch")
    plt.ylabel("learning rate")
    plt.legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement the three schedules above to see them.")

# %% [markdown]
# ## 6. Large steps as implicit regularisation
#
# The stability condition has a second reading. Near a minimum $x^\star$ of a general
# loss, $f(x) \approx f(x^\star) + \tfrac12 (x-x^\star)^\top H (x-x^\star)$ with the Hessian $H$,
# so Section 1 applies with $A = H$: gradient descent with step $\eta$ can only settle in
# a minimum whose **sharpness** $\lambda_{\max}(H)$ is below $2/\eta$. A sharper minimum
# repels it (the stiff mode grows), and the iterates move on until they find a region
# flat enough. A large learning rate is therefore a *filter*: it makes sharp minima
# invisible. Flat minima are the ones whose loss changes little when the weights are
# perturbed (or described with fewer bits of precision), and they tend to generalise
# better.
#
# A second, smoother argument (backward error analysis) says the same thing even for
# stable steps. Ask which continuous flow $\dot x = -\nabla \tilde f(x)$ one GD step follows
# up to $O(\eta^3)$. Try $\tilde f = f + \tfrac{\eta}{4}\|\nabla f\|^2$, whose gradient is
# $\nabla f + \tfrac{\eta}{2} H \nabla f$. Along that flow, by Taylor,
# $$x(\eta) = x + \eta\,\dot x + \tfrac{\eta^2}{2}\ddot x + O(\eta^3),\qquad
# \dot x = -\nabla f - \tfrac{\eta}{2} H\nabla f,\qquad
# \ddot x = -H\dot x + O(\eta) = H\nabla f + O(\eta),$$
# so $x(\eta) = x - \eta\nabla f - \tfrac{\eta^2}{2} H\nabla f + \tfrac{\eta^2}{2} H\nabla f + O(\eta^3)
# = x - \eta \nabla f + O(\eta^3)$: exactly the GD step. Gradient descent with step $\eta$
# thus minimises, to second order, $f + \tfrac{\eta}{4}\|\nabla f\|^2$: a penalty on the
# gradient norm, which is large on the walls of sharp valleys. The larger $\eta$, the
# stronger the implicit penalty. (SGD's gradient noise adds a similar bias toward flat
# regions, growing with $\eta$ / batch size.)
#
# **Look at it.** A 1-D loss with a sharp minimum (curvature 40) and a flat one
# (curvature 2), both at depth 0. From 200 random starts, a small step settles in
# whichever basin it starts in; a step with $2/40 < \eta < 2/2$ cannot stay in the sharp
# one and ends in the flat one.

# %% tags=["demo"]
def sharp_flat_grad(x):
    """Gradient of a loss made of two quadratic wells: sharp at -1 (curvature 40), flat at 2 (curvature 2)."""
    sharp, flat = 20.0 * (x + 1.0) ** 2, (x - 2.0) ** 2
    return np.where(sharp < flat, 40.0 * (x + 1.0), 2.0 * (x - 2.0))


rng_demo = np.random.default_rng(0)
starts = rng_demo.uniform(-3.0, 4.0, 200)
fig, axes = plt.subplots(1, 3, figsize=(13, 3.2))
grid = np.linspace(-3, 4, 400)
axes[0].plot(grid, np.minimum(20.0 * (grid + 1) ** 2, (grid - 2) ** 2))
axes[0].set_ylim(0, 6)
axes[0].set_title("loss: sharp well at -1, flat well at 2")
for ax, lr in ((axes[1], 0.01), (axes[2], 0.08)):
    x = starts.copy()
    for _ in range(400):
        x = np.clip(x - lr * sharp_flat_grad(x), -10.0, 10.0)
    ax.hist(x, bins=np.linspace(-3, 4, 36))
    ax.set_title(f"where GD ends, lr = {lr} (2/40 = 0.05)")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Summary
#
# * On a quadratic, each eigen-direction's error is multiplied by $1-\eta\lambda_i$ per step:
#   GD converges iff $\eta < 2/\lambda_{\max}$, and the best fixed step
#   $2/(\lambda_{\min}+\lambda_{\max})$ contracts by $(\kappa-1)/(\kappa+1)$.
# * Momentum sums past gradients ($v = \mu v + g$, PyTorch's convention; CS231n's velocity is
#   $-\eta$ times it at a fixed rate); RMSprop divides by a running RMS ($\epsilon$ outside the
#   root); Adam averages both and removes the zero-start bias by $1-\beta^t$, $t$ from 1.
# * Schedules are closed forms of `StepLR`, `CosineAnnealingLR` and `LinearLR`.
# * A large step cannot rest in a minimum sharper than $2/\eta$ and implicitly penalises
#   $\|\nabla f\|^2$: large learning rates favour flat minima.
