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
# # 13 · Recurrent networks: RNN, LSTM and backpropagation through time
#
# A recurrent network reads a sequence $x_1, x_2, \dots, x_T$ one element at a time and
# carries a state $h_t \in \mathbb{R}^H$ from step to step. Whatever the network will ever
# know about the past must fit into those $H$ numbers: the state is a **fixed-size, lossy
# summary of a history that keeps growing**.
#
# That sentence already contains the central difficulty of this notebook. If the inputs are
# independent of one another (say i.i.d.) and $h_0$ is fixed, then $x_1 \to h_t \to h_{t'}$ is a
# Markov chain for every $t < t'$: the later state is computed from $h_t$ and from the fresh
# inputs $x_{t+1}, \dots, x_{t'}$, which are independent of $(x_1, h_t)$. The data-processing inequality then says
#
# $$I(x_1; h_{t'}) \le I(x_1; h_t),$$
#
# so the state can only *lose* information about an early input as time goes on. Learning has
# to decide what to keep, and the signal that tells it is the gradient. We will see that the
# gradient suffers from a derivative version of the same forgetting: the sensitivity of a late
# state to an early one is a product of $T-t$ Jacobians, which shrinks or blows up
# exponentially. Gated cells (LSTM, GRU) fix the forgetting of *information* and the forgetting
# of *gradient* with one mechanism.
#
# **Plan.**
# 1. The vanilla (tanh) RNN: one step forward and backward, a whole sequence forward.
# 2. Backpropagation through time (BPTT), derived from the chain rule.
# 3. Why gradients vanish or explode: a proof with singular values, and the eigenvalue picture.
# 4. Gradient clipping by the global norm (the cure for explosions).
# 5. The LSTM and its cell-state highway (the cure for vanishing).
# 6. The GRU, derived from the LSTM, and a comparison with Transformers.
#
# **Exercises.**
#
# | # | exercise | points | what it is |
# | --- | --- | --- | --- |
# | 1 | `rnn_step_forward` | 2 | one tanh RNN step |
# | 2 | `rnn_step_backward` | 3 | its backward pass |
# | 3 | `rnn_forward` | 2 | the RNN over a sequence |
# | 4 | `rnn_backward` | 4 | backpropagation through time |
# | 5 | `hidden_jacobian_norms` | 3 | $\|\partial h_T / \partial h_t\|_2$ along a sequence |
# | 6 | `clip_grad_norm` | 3 | clipping by the global norm |
# | 7 | `lstm_step_forward` | 3 | one LSTM step |
# | 8 | `lstm_step_backward` | 3 | its backward pass |
# | 9 | `lstm_forward` | 2 | the LSTM over a sequence |
# | 10 | `lstm_backward` | 4 | BPTT through the LSTM |
# | | **total** | **29** | |
#
# Everything is NumPy; PyTorch appears only to check the GRU at the end. Graded functions
# follow the CS231n cache convention: `forward(...) -> (out, cache)` and
# `backward(dout, cache) -> gradients`. The cache is yours: put in it whatever your backward
# pass needs; the grader only hands it back.
#
# **Conventions for every exercise.** Each exercise below refers to these three rules, and the
# hidden checks grade all of them.
#
# 1. **Array-likes in.** Every array argument may be a list, a tuple or a NumPy array of any
#    float dtype (convert with `np.asarray(v, dtype=float)`); arrays come out as float64.
# 2. **Nothing you are given is modified**: not the inputs, not the upstream gradients
#    (`dh_next`, `dh`, `dc`), not the caches. A cache is reusable: calling a backward function
#    twice on the same cache gives the same answer both times. Beware of `+=` and slice
#    assignment on an array you received or stored, and remember that `np.asarray` does not
#    copy a float64 array.
# 3. **Finite at large pre-activations.** tanh and sigmoid saturate; they must not overflow
#    into `nan`. At pre-activations of $\pm 800$, `np.tanh` gives $\pm 1$ and the setup cell's
#    `sigmoid` gives $1$ or $0$. The formula `np.exp(a) / (1 + np.exp(a))` gives
#    `inf / inf = nan` there; the textbook `1 / (1 + np.exp(-a))` gives the right value, but
#    NumPy warns about the overflow in `np.exp(800)`, and in nbgrader a test cell that writes a
#    warning to stderr scores 0. Use the helper.

# %%
import math

import numpy as np
import torch


def sigmoid(a):
    """Logistic function 1 / (1 + exp(-a)), elementwise, without overflow warnings."""
    a = np.asarray(a, dtype=float)
    e = np.exp(-np.abs(a))              # in (0, 1]: never overflows
    return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def numerical_gradient(f, x, df, eps=1e-6):
    """Central-difference gradient of sum(f() * df) with respect to the array x.

    f takes no argument: it recomputes the output from arrays it closes over, one of which
    is x. Each entry of x is nudged in place by +-eps and restored afterwards.
    """
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        keep = x[idx]
        x[idx] = keep + eps
        up = np.sum(f() * df)
        x[idx] = keep - eps
        down = np.sum(f() * df)
        x[idx] = keep
        grad[idx] = (up - down) / (2 * eps)
    return grad


def rel_error(a, b):
    """Largest entry of |a - b| relative to the largest entry of |a| or |b| (0 when equal)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = max(np.max(np.abs(a), initial=0.0), np.max(np.abs(b), initial=0.0), 1e-12)
    return float(np.max(np.abs(a - b), initial=0.0) / scale)


# %% [markdown]
# ## 1. The vanilla RNN
#
# **Layout.** We process a batch of $N$ sequences at once and keep one example per **row**
# (the NumPy and PyTorch habit). At step $t$ the input is $x_t \in \mathbb{R}^{N \times D}$,
# the previous state $h_{t-1} \in \mathbb{R}^{N \times H}$, and
#
# $$a_t = x_t W_x + h_{t-1} W_h + b, \qquad h_t = \tanh(a_t),$$
#
# with $W_x \in \mathbb{R}^{D \times H}$, $W_h \in \mathbb{R}^{H \times H}$, $b \in \mathbb{R}^H$
# (broadcast over the rows). Row $j$ of $W_h$ says how the old unit $j$ feeds every new unit;
# column $i$ collects everything that enters the new unit $i$:
# $a_t[n, i] = \sum_d x_t[n,d] W_x[d,i] + \sum_j h_{t-1}[n,j] W_h[j,i] + b[i]$.
#
# *PyTorch stores the same weights the other way round:* `nn.RNNCell.weight_hh` has shape
# `(H, H)` indexed (new, old) and the layer computes `h_prev @ weight_hh.T`. So our $W_h$ is
# PyTorch's `weight_hh.T` and our $W_x$ is `weight_ih.T`. Mixing the two conventions gives no
# shape error for the square $W_h$, only wrong numbers.
#
# The same weights are used at every step: that **weight sharing** is what makes the network
# recurrent, and it is why gradients through time will be products of the *same* matrix.
#
# For whole sequences the arrays are `x (N, T, D)` and `h (N, T, H)`. Code is 0-based:
# `x[:, k]` and `h[:, k]` hold $x_{k+1}$ and $h_{k+1}$; the initial state $h_0$ is passed
# separately and is not part of `h`.

# %% [markdown]
# ### Exercise 1 — `rnn_step_forward(x, h_prev, Wx, Wh, b) -> (h_next, cache)`
#
# One step of the tanh RNN for a batch: `x (N, D)`, `h_prev (N, H)`, `Wx (D, H)`,
# `Wh (H, H)`, `b (H,)`; returns `h_next (N, H)` and a cache for the backward pass.
#
# Conventions (array-likes in, nothing modified, finite at large pre-activations): see the introduction.

# %% nbgrader={"grade": false, "grade_id": "rnn_step_forward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def rnn_step_forward(x, h_prev, Wx, Wh, b):
    """One tanh RNN step: h_next = tanh(x @ Wx + h_prev @ Wh + b).

    x (N, D), h_prev (N, H), Wx (D, H), Wh (H, H), b (H,) -> (h_next (N, H), cache).
    """
    x, h_prev, Wx, Wh, b = (np.asarray(v, dtype=float) for v in (x, h_prev, Wx, Wh, b))
    h_next = np.tanh(x @ Wx + h_prev @ Wh + b)
    cache = (x, h_prev, Wx, Wh, h_next)
    return h_next, cache


# %% nbgrader={"grade": true, "grade_id": "rnn_step_forward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
h_check, cache_check = rnn_step_forward([[1.0, 2.0]], [[1.0, -1.0]], [[0.5, 0.0], [0.0, 0.25]],
                                       [[0.0, 1.0], [0.0, 0.0]], [0.1, -0.2])
# a = x Wx + h_prev Wh + b = [0.5, 0.5] + [0, 1] + [0.1, -0.2]
assert np.shape(h_check) == (1, 2), "h_next has one row per example and H columns"
assert np.allclose(h_check, np.tanh([[0.6, 1.3]])), (
    "expected tanh([[0.6, 1.3]]): the recurrent term is h_prev @ Wh (rows of Wh index the "
    "previous state), not h_prev @ Wh.T")
rng_check = np.random.default_rng(0)
h_check, cache_check = rnn_step_forward(rng_check.normal(size=(3, 4)), np.zeros((3, 5)),
                                       rng_check.normal(size=(4, 5)), rng_check.normal(size=(5, 5)),
                                       np.zeros(5))
assert np.shape(h_check) == (3, 5) and np.all(np.abs(h_check) < 1), \
    "a batch of 3, H = 5, values in (-1, 1)"


# %% [markdown]
# ### Backward through one step
#
# Let $L$ be a scalar loss and write $\bar v = \partial L / \partial v$ for the gradient of
# anything with respect to $v$ (same shape as $v$). The step receives
# $\bar h_t$ (called `dh_next`) from above and must return $\bar x_t$, $\bar h_{t-1}$,
# $\bar W_x$, $\bar W_h$, $\bar b$.
#
# *Through the tanh.* $h = \tanh(a)$ acts entry by entry and
# $\frac{d}{da}\tanh a = 1 - \tanh^2 a$. The forward pass already computed $\tanh a = h$, so
#
# $$\bar a = \bar h \odot (1 - h \odot h).$$
#
# Note the argument: it is $1 - h^2$ with the *output* $h$, not $1 - \tanh^2(h)$ (that would
# apply tanh twice).
#
# *Through the affine map.* Differentiate one entry,
# $a[n,i] = \sum_d x[n,d] W_x[d,i] + \sum_j h_{t-1}[n,j] W_h[j,i] + b[i]$:
#
# $$\bar x[n,d] = \sum_i \bar a[n,i]\, W_x[d,i] = (\bar a W_x^\top)[n,d], \qquad
# \bar W_x[d,i] = \sum_n x[n,d]\, \bar a[n,i] = (x^\top \bar a)[d,i],$$
#
# and in the same way $\bar h_{t-1} = \bar a W_h^\top$, $\bar W_h = h_{t-1}^\top \bar a$,
# $\bar b = \sum_n \bar a[n, :]$ (the bias is broadcast over the batch, so its gradient sums
# over the batch). A quick sanity rule: every gradient has the shape of its variable, and
# there is exactly one way to multiply the available matrices to get it.

# %% [markdown]
# ### Exercise 2 — `rnn_step_backward(dh_next, cache) -> (dx, dh_prev, dWx, dWh, db)`
#
# `dh_next (N, H)` is $\partial L/\partial h_t$; the cache is the one your
# `rnn_step_forward` returned. Shapes: `dx (N, D)`, `dh_prev (N, H)`, `dWx (D, H)`,
# `dWh (H, H)`, `db (H,)`.
#
# Conventions (nothing modified, the upstream gradients and the cache included; a second call on the same cache gives the same answer): see the introduction.

# %% nbgrader={"grade": false, "grade_id": "rnn_step_backward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def rnn_step_backward(dh_next, cache):
    """Backward pass of rnn_step_forward.

    dh_next (N, H): gradient of the loss with respect to h_next.
    Returns (dx (N, D), dh_prev (N, H), dWx (D, H), dWh (H, H), db (H,)).
    """
    x, h_prev, Wx, Wh, h_next = cache
    da = np.asarray(dh_next, dtype=float) * (1.0 - h_next ** 2)
    dx = da @ Wx.T
    dh_prev = da @ Wh.T
    dWx = x.T @ da
    dWh = h_prev.T @ da
    db = da.sum(axis=0)
    return dx, dh_prev, dWx, dWh, db


# %% nbgrader={"grade": true, "grade_id": "rnn_step_backward", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
rng_check = np.random.default_rng(1)
x_check, hp_check = rng_check.normal(size=(3, 4)), rng_check.normal(size=(3, 5))
Wx_check, Wh_check = rng_check.normal(size=(4, 5)) / 2, rng_check.normal(size=(5, 5)) / 2
b_check = rng_check.normal(size=5)
dh_check = rng_check.normal(size=(3, 5))
out_check, cache_check = rnn_step_forward(x_check, hp_check, Wx_check, Wh_check, b_check)
grads_check = rnn_step_backward(dh_check, cache_check)
f_check = lambda: rnn_step_forward(x_check, hp_check, Wx_check, Wh_check, b_check)[0]
for name_check, got_check, arr_check in zip(("dx", "dh_prev", "dWx", "dWh", "db"), grads_check,
                                            (x_check, hp_check, Wx_check, Wh_check, b_check)):
    num_check = numerical_gradient(f_check, arr_check, dh_check)
    assert np.shape(got_check) == arr_check.shape, \
        f"{name_check} should have shape {arr_check.shape}"
    assert rel_error(got_check, num_check) < 1e-6, (
        f"{name_check} differs from central differences "
        f"(relative error {rel_error(got_check, num_check):.1e})")


# %% [markdown]
# ### Exercise 3 — `rnn_forward(x, h0, Wx, Wh, b) -> (h, cache)`
#
# Run the RNN over a whole sequence: `x (N, T, D)`, `h0 (N, H)`; return every hidden state
# `h (N, T, H)` (`h[:, t]` is $h_{t+1}$) and a cache for `rnn_backward`. Each step must be
# fed the state the previous step produced. Reusing `rnn_step_forward` is the natural way.
#
# Conventions (array-likes in, nothing modified, finite at large pre-activations): see the introduction.

# %% nbgrader={"grade": false, "grade_id": "rnn_forward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def rnn_forward(x, h0, Wx, Wh, b):
    """Tanh RNN over a sequence.

    x (N, T, D), h0 (N, H), Wx (D, H), Wh (H, H), b (H,) -> (h (N, T, H), cache).
    """
    x = np.asarray(x, dtype=float)
    h_prev = np.asarray(h0, dtype=float)
    N, T, _ = x.shape
    h = np.zeros((N, T, h_prev.shape[1]))
    caches = []
    for t in range(T):
        h_prev, step_cache = rnn_step_forward(x[:, t], h_prev, Wx, Wh, b)
        h[:, t] = h_prev
        caches.append(step_cache)
    return h, caches


# %% nbgrader={"grade": true, "grade_id": "rnn_forward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
h_check, cache_check = rnn_forward([[[1.0], [0.0], [0.0]]], [[0.0]], [[1.0]], [[0.5]], [0.0])
h1_check = np.tanh(1.0)
h2_check = np.tanh(0.5 * h1_check)
h3_check = np.tanh(0.5 * h2_check)
assert np.shape(h_check) == (1, 3, 1), "h has shape (N, T, H)"
assert np.allclose(h_check.ravel(), [h1_check, h2_check, h3_check]), (
    "one unit, input 1 then 0, 0, Wh = 0.5: expected tanh(1), tanh(0.5 h_1), tanh(0.5 h_2); "
    "each step must start from the state the previous step produced")
rng_check = np.random.default_rng(2)
h_check, cache_check = rnn_forward(rng_check.normal(size=(2, 5, 3)), np.zeros((2, 4)),
                                  rng_check.normal(size=(3, 4)), rng_check.normal(size=(4, 4)),
                                  np.zeros(4))
assert np.shape(h_check) == (2, 5, 4), "N = 2 sequences of T = 5 steps, H = 4"


# %% [markdown]
# ## 2. Backpropagation through time
#
# Unroll the network: it becomes a deep feed-forward network with $T$ layers that all share
# $W_x, W_h, b$, and ordinary backpropagation applies. Two facts need care.
#
# **(a) A state reaches the loss along two kinds of path.** The loss may read $h_t$ directly
# (a prediction made at step $t$), and $h_t$ also feeds $h_{t+1}$, which feeds everything
# later. Call the direct part the *upstream* gradient $g_t$ (this is `dh[:, t]`: the
# derivative of $L$ with respect to $h_t$ when the later states are held fixed, what the layer
# above the RNN hands us). Because $h_{t+2}, h_{t+3}, \dots$ depend on $h_t$ **only through**
# $h_{t+1}$, the multivariate chain rule gives the total derivative
# $\delta_t = dL/dh_t$ as
#
# $$\boxed{\;\delta_t = g_t + \Big(\frac{\partial h_{t+1}}{\partial h_t}\Big)^{\!\top} \delta_{t+1},
# \qquad \delta_T = g_T\;}$$
#
# (column vectors, one example). The Jacobian of one step is easy to read off
# $h_{t+1}[i] = \tanh\big(\sum_j h_t[j] W_h[j,i] + \dots\big)$:
#
# $$J_{t+1} := \frac{\partial h_{t+1}}{\partial h_t}, \qquad
# J_{t+1}[i, j] = \frac{\partial h_{t+1}[i]}{\partial h_t[j]} = (1 - h_{t+1}[i]^2)\, W_h[j, i],
# \qquad J_{t+1} = \operatorname{diag}(1 - h_{t+1}^2)\, W_h^\top .$$
#
# Then $J_{t+1}^\top \delta_{t+1} = W_h \big((1 - h_{t+1}^2) \odot \delta_{t+1}\big)$, which in
# our row layout is $\big(\delta_{t+1} \odot (1 - h_{t+1}^2)\big) W_h^\top$: **exactly the
# `dh_prev` that `rnn_step_backward` returns** when it is given $\delta_{t+1}$. So the
# recursion is: walk backwards, add the upstream gradient of the step to the gradient
# arriving from the future, and push the sum through the step.
#
# **(b) Shared weights collect a sum.** Pretend step $t$ had its own copy $W^{(t)}$ of a weight
# and tie the copies afterwards, $W^{(t)} = W$. The chain rule through the tie gives
# $\frac{dL}{dW} = \sum_t \frac{\partial L}{\partial W^{(t)}}$: each step's backward pass
# computes its own contribution (with its own $\delta_t$), and we add them up. The same holds for
# $W_h$ and $b$. The input gradients are *not* summed: $x_t$ is used at step $t$ only.
#
# **The algorithm.** Keep a running `dh_future` (the gradient arriving from step $t+1$),
# zero before the last step. For $t = T, T-1, \dots, 1$:
# 1. the total gradient of $h_t$ is $\delta_t$ = `dh[:, t-1] + dh_future` (the array is 0-based:
#    `dh[:, t-1]` holds $g_t$);
# 2. call `rnn_step_backward` with $\delta_t$ and step $t$'s cache; it returns $\bar x_t$,
#    the new `dh_future` $= J_t^\top \delta_t$ (the gradient for $h_{t-1}$), and step $t$'s
#    contributions to $\bar W_x, \bar W_h, \bar b$;
# 3. add those contributions to the running sums.
#
# After the loop, `dh_future` is $\partial L / \partial h_0$.
#
# The classic bug is to call the step backward with $g_t$ alone. Every step then only learns
# from the loss at its own time, and $\bar h_0$ only sees $g_1$: the network is blind to every
# dependency longer than one step, yet the code runs and the shapes are right.
#
# *Cost.* BPTT stores every step's cache (memory $O(T)$) and costs about as much as the
# forward pass. For very long sequences one backpropagates through windows of a fixed length
# (*truncated* BPTT) and keeps only the forward state between windows.

# %% [markdown]
# ### Exercise 4 — `rnn_backward(dh, cache) -> (dx, dh0, dWx, dWh, db)`
#
# `dh (N, T, H)` is the upstream gradient of **every** hidden state (`dh[:, t]` for
# $h_{t+1}$); `cache` is what your `rnn_forward` returned. Return `dx (N, T, D)`,
# `dh0 (N, H)`, `dWx (D, H)`, `dWh (H, H)`, `db (H,)`.
#
# Conventions (nothing modified, the upstream gradients and the cache included; a second call on the same cache gives the same answer): see the introduction.

# %% nbgrader={"grade": false, "grade_id": "rnn_backward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def rnn_backward(dh, cache):
    """Backpropagation through time for rnn_forward.

    dh (N, T, H): upstream gradient of every hidden state.
    Returns (dx (N, T, D), dh0 (N, H), dWx (D, H), dWh (H, H), db (H,)).
    """
    dh = np.asarray(dh, dtype=float)
    T = dh.shape[1]
    dh_future = np.zeros_like(dh[:, 0])     # gradient arriving from step t + 1
    dx = [None] * T
    for t in reversed(range(T)):
        dx[t], dh_future, *step = rnn_step_backward(dh[:, t] + dh_future, cache[t])
        dW = step if t == T - 1 else [total + g for total, g in zip(dW, step)]
    return (np.stack(dx, axis=1), dh_future, *dW)


# %% nbgrader={"grade": true, "grade_id": "rnn_backward", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
rng_check = np.random.default_rng(3)
x_check, h0_check = rng_check.normal(size=(2, 3, 3)), rng_check.normal(size=(2, 3))
Wx_check, Wh_check = rng_check.normal(size=(3, 3)) / 2, rng_check.normal(size=(3, 3)) / 2
b_check = rng_check.normal(size=3)
dh_check = rng_check.normal(size=(2, 3, 3))
dh_copy_check = dh_check.copy()
out_check, cache_check = rnn_forward(x_check, h0_check, Wx_check, Wh_check, b_check)
grads_check = rnn_backward(dh_check, cache_check)
assert np.array_equal(dh_check, dh_copy_check), "rnn_backward must not modify its input dh"
f_check = lambda: rnn_forward(x_check, h0_check, Wx_check, Wh_check, b_check)[0]
for name_check, got_check, arr_check in zip(("dx", "dh0", "dWx", "dWh", "db"), grads_check,
                                            (x_check, h0_check, Wx_check, Wh_check, b_check)):
    num_check = numerical_gradient(f_check, arr_check, dh_check)
    assert np.shape(got_check) == arr_check.shape, \
        f"{name_check} should have shape {arr_check.shape}"
    assert rel_error(got_check, num_check) < 1e-6, (
        f"{name_check} differs from central differences "
        f"(relative error {rel_error(got_check, num_check):.1e}). "
        "Each step must receive dh[:, t] plus the gradient flowing back from step t + 1, "
        "and dWh sums h_{t-1}^T da_t over the steps.")


# %% [markdown]
# ## 3. Why gradients vanish or explode
#
# **Unrolling the recursion.** Substitute $\delta_{t+1}$ into $\delta_t$ again and again:
#
# $$\delta_t = g_t + J_{t+1}^\top g_{t+1} + J_{t+1}^\top J_{t+2}^\top g_{t+2} + \dots
# = \sum_{k=t}^{T} \Big(\frac{\partial h_k}{\partial h_t}\Big)^{\!\top} g_k,
# \qquad \frac{\partial h_k}{\partial h_t} = J_k J_{k-1} \cdots J_{t+1}$$
#
# (a one-line induction on $t$ from $t = T$ downwards; the empty product for $k = t$ is the
# identity). The order matters: the chain rule puts the **last** step on the **left**. The
# loss at time $k$ talks to the state at time $t$ only through the product of the $k-t$ step
# Jacobians between them, and so does its contribution to $\bar W_h = \sum_t h_{t-1}^\top \bar a_t$.
# If those products are tiny, long-range dependencies are invisible to gradient descent; if
# they are huge, one long-range term swamps everything else and a step of gradient descent
# jumps far away.
#
# **Theorem (a bound with singular values).** Let $\sigma = \|W_h\|_2 = \sigma_{\max}(W_h)$, the
# largest singular value, and $\gamma_k = \max_i \,(1 - h_k[i]^2)$. Then
#
# $$\Big\| \frac{\partial h_T}{\partial h_t} \Big\|_2 \;\le\; \prod_{k=t+1}^{T} \gamma_k\, \sigma
# \;\le\; \sigma^{\,T-t}.$$
#
# *Proof.* The spectral norm is submultiplicative, $\|AB\|_2 \le \|A\|_2 \|B\|_2$ (because
# $\|ABv\| \le \|A\|_2 \|Bv\| \le \|A\|_2 \|B\|_2 \|v\|$ for every $v$). Apply it to the product
# and to each factor $J_k = \operatorname{diag}(1 - h_k^2) W_h^\top$:
# $\|\operatorname{diag}(d)\|_2 = \max_i |d_i|$ for a diagonal matrix, so the first factor
# contributes $\gamma_k$; and $\|W_h^\top\|_2 = \|W_h\|_2 = \sigma$ because a matrix and its
# transpose have the same singular values. Finally
# $\tanh'(a) = 1 - \tanh^2 a \in (0, 1]$, so $\gamma_k \le 1$. $\blacksquare$
#
# **Consequences.**
# - If $\sigma < 1$, then $\|\partial h_T/\partial h_t\|_2 \le \sigma^{T-t} \to 0$
#   exponentially in the distance, **whatever the inputs**: the gradient vanishes. This is a
#   sufficient condition.
# - Read backwards (contrapositive): gradients can only explode if $\sigma > 1$. That is
#   necessary, not sufficient: a saturated unit ($|h| \approx 1$) has
#   $\gamma_k \approx 0$ and cuts the chain even when $W_h$ is large.
# - Saturation is where the information-theoretic reading lives: a unit stuck at $\pm 1$
#   behaves like a constant, its output no longer varies with its input, and neither
#   information about the input (forward) nor sensitivity (backward) gets through.
#
# **The eigenvalue picture.** Near the origin ($h \approx 0$, so $1 - h^2 \approx 1$) the
# network is nearly linear and $\partial h_T/\partial h_t \approx (W_h^\top)^{T-t}$. If
# $W_h^\top = V \Lambda V^{-1}$ is diagonalisable, $(W_h^\top)^n = V \Lambda^n V^{-1}$: the
# component of a gradient along the eigenvector $v_i$ is multiplied by $\lambda_i^n$. With the
# spectral radius $\rho = \max_i |\lambda_i|$:
# $\rho < 1$ — every component decays like $\rho^n$ (vanishing);
# $\rho > 1$ — the component along the leading eigenvector grows like $\rho^n$ (exploding) as
# soon as the gradient has any component there, which it generically does.
# Gelfand's formula $\|A^n\|^{1/n} \to \rho(A)$ makes the same statement without
# diagonalisability. Always $\rho \le \sigma$; they coincide for symmetric or orthogonal
# matrices, and for non-normal $W_h$ the norm of $A^n$ can grow for a while before the
# $\rho^n$ decay wins. That is why a popular initialisation for $W_h$ is an orthogonal matrix
# (all singular values 1, so the products neither shrink nor grow in the linear regime).

# %% [markdown]
# ### Exercise 5 — `hidden_jacobian_norms(h, Wh) -> np.ndarray`
#
# Measure the products from the theorem on a real sequence. `h (T, H)` holds
# $h_1, \dots, h_T$ of **one** sequence, as `rnn_forward` returns them for one example
# (`h[k - 1]` is $h_k$; the initial state $h_0$ is not included and not needed). Return an
# array of length $T$ whose entry `t` ($t = 0, \dots, T-1$) is the spectral norm
#
# $$\Big\|\frac{\partial h_T}{\partial h_t}\Big\|_2 = \big\| J_T J_{T-1} \cdots J_{t+1} \big\|_2,
# \qquad J_k = \operatorname{diag}(1 - h_k^2)\, W_h^\top .$$
#
# So entry `T-1` is the norm of one Jacobian, $\|J_T\|_2$ (built from `h[T-1]`), and entry `0`
# the norm of the product of all $T$ of them. Build the product from the left end:
# $P \leftarrow P J_k$ for $k = T, T-1, \dots$, recording $\|P\|_2$ (`np.linalg.norm(P, 2)`)
# after each factor.
#
# *About the transpose.* With our row layout, $h_k = \tanh(h_{k-1} W_h + \dots)$, the Jacobian
# in the usual (numerator) convention, rows indexed by the output $h_k$, has entries
# $(1 - h_k[i]^2) W_h[j, i]$, hence the $W_h^\top$. The row-vector backward pass multiplies by
# the transposes $J_k^\top = W_h \operatorname{diag}(1-h_k^2)$ in the reverse order, which is
# the transpose of the same product and has the same spectral norm. What is **wrong** is
# $\operatorname{diag}(1-h_k^2)\, W_h$: neither the Jacobian nor its transpose. Raise
# `ValueError` when `Wh` is not `(H, H)` for `h (T, H)`.
#
# Conventions (array-likes in, nothing modified): see the introduction.

# %% nbgrader={"grade": false, "grade_id": "hidden_jacobian_norms_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def hidden_jacobian_norms(h, Wh):
    """Spectral norms of dh_T/dh_t, t = 0..T-1, for a tanh RNN.

    h (T, H): hidden states h_1..h_T of one sequence; Wh (H, H).
    Returns an array of shape (T,); entry t is ||J_T J_{T-1} ... J_{t+1}||_2 with
    J_k = diag(1 - h_k**2) @ Wh.T.
    """
    h, Wh = np.asarray(h, dtype=float), np.asarray(Wh, dtype=float)
    if h.ndim != 2:
        raise ValueError(f"h should have shape (T, H), got {h.shape}")
    T, H = h.shape
    if Wh.shape != (H, H):
        raise ValueError(f"Wh should have shape {(H, H)} for h of shape {h.shape}, got {Wh.shape}")
    norms = np.zeros(T)
    product = np.eye(H)
    for t in reversed(range(T)):
        jacobian = (1.0 - h[t] ** 2)[:, None] * Wh.T      # J_{t+1} = diag(1 - h_{t+1}^2) Wh^T
        product = product @ jacobian
        norms[t] = np.linalg.norm(product, 2)
    return norms


# %% nbgrader={"grade": true, "grade_id": "hidden_jacobian_norms", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert np.allclose(hidden_jacobian_norms([[0.5]], [[2.0]]), [1.5]), (
    "one unit, one step: |1 - 0.5^2| * 2 = 1.5")
assert np.allclose(hidden_jacobian_norms([[0.5], [0.0]], [[2.0]]), [3.0, 2.0]), (
    "T = 2: entry 1 is |J_2| = (1 - 0^2) * 2 = 2, entry 0 is |J_2 J_1| = 2 * 0.75 * 2 = 3")
n_check = hidden_jacobian_norms([[0.0, 0.5]], [[0.0, 1.0], [0.0, 0.0]])
assert np.allclose(n_check, [0.75]), (
    f"got {n_check}: J = diag(1 - h^2) @ Wh.T = [[0, 0], [0.75, 0]] has norm 0.75; "
    "diag(1 - h^2) @ Wh (no transpose) would give 1")
# T = 4 steps of H = 2 units: Jacobians of different steps do not commute, so the order of the
# product matters. The expected norms come from first principles: run the recurrence
# h_k = tanh(h_{k-1} Wh + u_k) by hand (u_k stands for x_k Wx + b), nudge h_t by +-1e-6 along
# each unit, and watch h_T move: central differences give dh_T/dh_t one column at a time.
Wh_check = np.array([[0.9, -1.3], [1.1, 0.4]])
u_check = np.array([[0.5, -0.3], [-0.8, 0.6], [0.2, 0.9], [-0.4, -0.7]])      # u_1, ..., u_4


def run_from_check(h, t):
    """h_T, starting from h_t = h and running the steps t + 1, ..., T."""
    for u in u_check[t:]:
        h = np.tanh(h @ Wh_check + u)
    return h


states_check = [np.array([0.3, -0.6])]                                        # h_0
for u_row_check in u_check:
    states_check.append(np.tanh(states_check[-1] @ Wh_check + u_row_check))
expected_check = []
for t_check in range(4):
    columns_check = [(run_from_check(states_check[t_check] + 1e-6 * unit, t_check)
                      - run_from_check(states_check[t_check] - 1e-6 * unit, t_check)) / 2e-6
                     for unit in np.eye(2)]
    expected_check.append(np.linalg.norm(np.column_stack(columns_check), 2))
got_check = hidden_jacobian_norms(np.array(states_check[1:]), Wh_check)     # h_1, ..., h_4
assert np.shape(got_check) == (4,) and np.allclose(got_check, expected_check, rtol=1e-6), (
    f"got {got_check}, expected {np.round(expected_check, 6)} (central differences of h_T "
    "with respect to h_t). The chain rule puts the last step on the left: "
    "dh_T/dh_t = J_T J_{T-1} ... J_{t+1}, so multiply P <- P @ J_k for k = T, T-1, ...")

# %% [markdown]
# **See it.** Take $W_h = s\,Q$ with $Q$ a random orthogonal matrix, so every singular value of
# $W_h$ equals $s$ and the theorem's bound is exactly $s^{T-t}$ (dashed). Small inputs keep
# the units away from saturation. For $s < 1$ the measured norms hug or undercut the bound and
# decay exponentially; near $s = 1$ they stay of order one; for $s > 1$ they grow exponentially
# with the distance $T - t$. The right panel keeps $s = 1.5$, where the bound allows an
# explosion, and scales the inputs up: more and more units saturate, $1 - h^2 \approx 0$, and
# the gradient vanishes although $\sigma_{\max}(W_h) > 1$.

# %% tags=["demo"]
import matplotlib.pyplot as plt

try:
    _rng = np.random.default_rng(0)
    H_demo, D_demo, T_demo = 32, 4, 60
    Q_demo, _ = np.linalg.qr(_rng.normal(size=(H_demo, H_demo)))
    Wx_demo = _rng.normal(size=(D_demo, H_demo)) / np.sqrt(D_demo)
    x_small = 0.1 * _rng.normal(size=(1, T_demo, D_demo))
    distance = T_demo - np.arange(T_demo)            # T - t for entry t

    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for s, colour in zip((0.5, 0.9, 1.0, 1.5, 3.0), ("C0", "C1", "C2", "C3", "C4")):
        h_demo, _ = rnn_forward(x_small, np.zeros((1, H_demo)), Wx_demo, s * Q_demo, np.zeros(H_demo))
        axes[0].semilogy(distance, hidden_jacobian_norms(h_demo[0], s * Q_demo), colour,
                         label=f"s = {s}")
        axes[0].semilogy(distance, float(s) ** distance, colour, ls="--", lw=0.8)
    axes[0].set(xlabel="distance T - t", ylabel=r"$\|\partial h_T / \partial h_t\|_2$",
                title="vanishing (s < 1) and exploding (s > 1); dashed: bound s^(T-t)",
                ylim=(1e-20, 1e15))
    axes[0].legend()
    x_unit = _rng.normal(size=(1, T_demo, D_demo))
    Wh_demo = 1.5 * Q_demo
    for input_scale in (0.1, 1.0, 3.0, 10.0):
        h_demo, _ = rnn_forward(input_scale * x_unit, np.zeros((1, H_demo)), Wx_demo, Wh_demo,
                                np.zeros(H_demo))
        saturated = np.mean(np.abs(h_demo) > 0.99)
        axes[1].semilogy(distance, hidden_jacobian_norms(h_demo[0], Wh_demo),
                         label=f"inputs x {input_scale:g}: {saturated:.0%} of |h| > 0.99")
    axes[1].semilogy(distance, 1.5 ** distance, "k--", lw=0.8, label="bound 1.5^(T-t)")
    axes[1].set(xlabel="distance T - t", title="s = 1.5 with growing inputs: saturation blocks it",
                ylim=(1e-40, 1e15))
    axes[1].legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print('Implement rnn_forward and hidden_jacobian_norms above to see these plots.')

# %% [markdown]
# ## 4. Gradient clipping by the global norm
#
# Exploding gradients show up as *cliffs*: the loss surface of an RNN with $\sigma > 1$ has
# regions where the gradient is enormous, and one plain gradient step from there throws the
# parameters far away, undoing many steps of progress. The remedy is to cap the **length**
# of the step while keeping its **direction**.
#
# Stack every gradient array (all entries of $\bar W_x, \bar W_h, \bar b, \dots$) into one
# long vector $g$ with the global norm
#
# $$\|g\| = \Big(\sum_{\text{arrays } A}\ \sum_{\text{entries } e} A_e^2\Big)^{1/2},$$
#
# and replace it by
#
# $$\operatorname{clip}(g) = g \cdot \min\Big(1, \frac{c}{\|g\|}\Big),$$
#
# where $c$ is the threshold `max_norm`.
#
# Three properties follow directly.
# 1. *Same direction.* $\operatorname{clip}(g) = s\,g$ with a single scalar $s \in (0, 1]$, so
#    the update is still a descent direction: $\langle g, \operatorname{clip}(g) \rangle =
#    s\|g\|^2 > 0$ whenever $g \ne 0$.
# 2. *Bounded length.* $\|\operatorname{clip}(g)\| = \min(\|g\|, c) \le c$, so a step of
#    learning rate $\eta$ moves the parameters by at most $\eta c$.
# 3. *Harmless when small.* If $\|g\| \le c$ nothing changes.
#
# Clipping each array by its own norm, or clipping each entry to $[-c, c]$ ("clipping by
# value"), also bounds the step but uses different factors for different parts of $g$, so the
# direction changes: the update is no longer a multiple of the gradient. Clipping cannot help
# a *vanishing* gradient (it never scales up); that needs an architectural change (Section 5).
#
# In a training loop: compute the gradients, clip, then let the optimiser step; log the norm
# before clipping, because a sudden spike in it is the symptom to look for.

# %% [markdown]
# ### Exercise 6 — `clip_grad_norm(grads, max_norm) -> (clipped, total)`
#
# `grads` maps names to arrays (or array-likes). Compute the global L2 norm `total` over every
# entry of every array. If `total > max_norm`, multiply **every** array by `max_norm / total`;
# otherwise leave the values as they are. Return a **new** dict of **new** arrays (same keys,
# same shapes) and `total`, the norm **before** clipping, as a float. The input arrays must
# not change.
#
# Choices where the contract is silent: `max_norm = 0` is allowed (a non-zero gradient becomes
# all zeros); a negative (or NaN) `max_norm` raises `ValueError`; an all-zero gradient has
# `total = 0` and is returned unchanged (no division by zero). PyTorch's
# `torch.nn.utils.clip_grad_norm_` uses `max_norm / (total + 1e-6)`; our contract is the exact
# ratio `max_norm / total`, so that the clipped norm equals `max_norm` (the grader accepts
# both).
#
# Conventions (array-likes in, nothing modified): see the introduction.

# %% nbgrader={"grade": false, "grade_id": "clip_grad_norm_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def clip_grad_norm(grads, max_norm):
    """Clip a dict of gradient arrays by their global L2 norm.

    grads: {name: array}; max_norm >= 0.
    Returns ({name: new array}, total) with total the global norm before clipping (float).
    """
    if not max_norm >= 0:
        raise ValueError(f"max_norm must be a non-negative number, got {max_norm!r}")
    clipped = {name: np.array(g, dtype=float) for name, g in grads.items()}   # copies
    total = math.sqrt(sum(float(np.sum(g ** 2)) for g in clipped.values()))
    if total > max_norm:
        scale = max_norm / total
        for g in clipped.values():
            g *= scale          # scales our copies; the caller's arrays stay untouched
    return clipped, total


# %% nbgrader={"grade": true, "grade_id": "clip_grad_norm", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
g_check = {"W": np.array([[3.0, 0.0]]), "b": np.array([4.0])}
c_check, total_check = clip_grad_norm(g_check, 1.0)
assert abs(total_check - 5.0) < 1e-12, "the global norm of [3, 0, 4] is 5 (returned before clipping)"
assert np.allclose(c_check["W"], [[0.6, 0.0]]) and np.allclose(c_check["b"], [0.8]), (
    "every array is scaled by the same factor max_norm / total = 1 / 5")
assert np.array_equal(g_check["W"], [[3.0, 0.0]]) and np.array_equal(g_check["b"], [4.0]), (
    "the input arrays must not change")
c_check, total_check = clip_grad_norm(g_check, 10.0)
assert abs(total_check - 5.0) < 1e-12 and np.array_equal(c_check["W"], g_check["W"]), (
    "below the threshold the values do not change")
assert c_check["W"] is not g_check["W"] and c_check["b"] is not g_check["b"], \
    "return new arrays, not the inputs"

# %% [markdown]
# **Direction, measured.** The cosine between the original gradient and the clipped one is 1
# for global clipping; per-array clipping tilts the update towards the arrays that happened to
# be small.

# %% tags=["demo"]
try:
    _rng = np.random.default_rng(4)
    g_demo = {"Wx": 50 * _rng.normal(size=(4, 8)), "Wh": 0.5 * _rng.normal(size=(8, 8)),
              "b": 0.1 * _rng.normal(size=8)}


    def _flat(d):
        return np.concatenate([np.ravel(d[k]) for k in sorted(d)])


    def _cosine(u, v):
        return float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))


    global_clip, total_demo = clip_grad_norm(g_demo, 1.0)
    per_array = {k: v * min(1.0, 1.0 / np.linalg.norm(v)) for k, v in g_demo.items()}
    print(f"norm before clipping: {total_demo:.1f}")
    print(f"global clipping:    norm {np.linalg.norm(_flat(global_clip)):.3f}, "
          f"cosine with g = {_cosine(_flat(g_demo), _flat(global_clip)):.4f}")
    print(f"per-array clipping: norm {np.linalg.norm(_flat(per_array)):.3f}, "
          f"cosine with g = {_cosine(_flat(g_demo), _flat(per_array)):.4f}")
except NotImplementedError:
    print('Implement clip_grad_norm above to compare the two ways of clipping.')

# %% [markdown]
# ## 5. The LSTM and its cell-state highway
#
# The vanilla RNN rewrites its whole state at every step through a matrix and a squashing
# function, and that is exactly the product $\prod_k \operatorname{diag}(1-h_k^2) W_h^\top$ that
# vanishes. The long short-term memory cell (Hochreiter and Schmidhuber, 1997; the forget
# gate is from Gers, Schmidhuber and Cummins, 2000) adds a second state, the **cell state**
# $c_t$, that is updated **additively** under the control of gates.
#
# **Equations (the course's gate order: input, forget, output, candidate).** With
# $W_x \in \mathbb{R}^{D \times 4H}$, $W_h \in \mathbb{R}^{H \times 4H}$, $b \in \mathbb{R}^{4H}$,
#
# $$A = x_t W_x + h_{t-1} W_h + b \in \mathbb{R}^{N \times 4H}, \qquad
# A = [\,A_i \mid A_f \mid A_o \mid A_g\,] \ \text{(four blocks of } H \text{ columns)},$$
#
# $$i = \sigma(A_i),\quad f = \sigma(A_f),\quad o = \sigma(A_o),\quad g = \tanh(A_g),$$
#
# $$c_t = f \odot c_{t-1} + i \odot g, \qquad h_t = o \odot \tanh(c_t).$$
#
# The gates are numbers in $(0, 1)$ per unit: $f$ decides how much of the old memory to
# **keep**, $i$ how much of the candidate $g \in (-1, 1)$ to **write**, $o$ how much of the
# squashed memory to **show** as output. In information terms the forget gate is a learned,
# input-dependent decision about which stored information survives the step.
#
# *PyTorch's layout differs twice:* `nn.LSTMCell` stacks the blocks as **i, f, g, o** and
# stores `weight_ih` as `(4H, D)`. To copy our weights into it, reorder the column blocks to
# i, f, g, o and transpose. Slicing our `Wx` in PyTorch's order swaps the output gate and the
# candidate, with no shape error.
#
# `lstm_forward` takes no initial cell state: $c_0 = 0$ (the usual default, and PyTorch's when
# no state is passed).

# %% [markdown]
# ### Exercise 7 — `lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b) -> (h, c, cache)`
#
# `x (N, D)`, `h_prev (N, H)`, `c_prev (N, H)`, `Wx (D, 4H)`, `Wh (H, 4H)`, `b (4H,)`; returns
# the new hidden state `h (N, H)`, the new cell state `c (N, H)` and a cache. Use the
# `sigmoid` helper from the setup cell.
#
# Conventions (array-likes in, nothing modified, finite at large pre-activations): see the introduction.

# %% nbgrader={"grade": false, "grade_id": "lstm_step_forward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    """One LSTM step, gates stacked as (input, forget, output, candidate).

    x (N, D), h_prev (N, H), c_prev (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,)
    -> (h (N, H), c (N, H), cache).
    """
    x, h_prev, c_prev, Wx, Wh, b = (np.asarray(v, dtype=float)
                                    for v in (x, h_prev, c_prev, Wx, Wh, b))
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    i = sigmoid(a[:, :H])
    f = sigmoid(a[:, H:2 * H])
    o = sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)
    h = o * tanh_c
    cache = (x, h_prev, c_prev, Wx, Wh, i, f, o, g, tanh_c)
    return h, c, cache


# %% nbgrader={"grade": true, "grade_id": "lstm_step_forward", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
# With x = 0 and h_prev = 0 the gates see only the bias b = [A_i, A_f, A_o, A_g]:
b_check = [math.log(3.0), 0.0, -math.log(3.0), math.atanh(0.5)]   # i = 0.75, f = 0.5, o = 0.25, g = 0.5
h_check, c_check, cache_check = lstm_step_forward([[0.0]], [[0.0]], [[2.0]], np.zeros((1, 4)),
                                                  np.zeros((1, 4)), b_check)
assert np.allclose(c_check, [[0.5 * 2.0 + 0.75 * 0.5]]), (
    f"c = f * c_prev + i * g = 0.5 * 2 + 0.75 * 0.5 = 1.375, got {c_check}; gate blocks are "
    "ordered input, forget, output, candidate")
assert np.allclose(h_check, [[0.25 * np.tanh(1.375)]]), (
    f"h = o * tanh(c) = 0.25 * tanh(1.375), got {h_check}")
rng_check = np.random.default_rng(5)
h_check, c_check, cache_check = lstm_step_forward(rng_check.normal(size=(3, 2)), np.zeros((3, 4)),
                                                  np.zeros((3, 4)), rng_check.normal(size=(2, 16)),
                                                  rng_check.normal(size=(4, 16)), np.zeros(16))
assert np.shape(h_check) == (3, 4) and np.shape(c_check) == (3, 4), \
    "h and c have shape (N, H) = (3, 4)"


# %% [markdown]
# ### Backward through one LSTM step
#
# The step receives two upstream gradients, $\bar h$ (for $h_t$) and $\bar c$ (for $c_t$: in a
# sequence it comes from step $t+1$, along the cell state). Work from the output back to the
# pre-activations, one equation at a time.
#
# 1. $h_t = o \odot \tanh(c_t)$:
#    $\ \bar o = \bar h \odot \tanh(c_t)$, and $c_t$ receives
#    $\bar h \odot o \odot (1 - \tanh^2 c_t)$ **in addition** to the incoming $\bar c$:
#    $$\bar c_{\text{tot}} = \bar c + \bar h \odot o \odot (1 - \tanh^2 c_t).$$
#    (The tanh derivative is evaluated at $c_t$, its argument: $1 - \tanh^2 c_t$, not $1 - c_t^2$.)
# 2. $c_t = f \odot c_{t-1} + i \odot g$:
#    $\ \bar f = \bar c_{\text{tot}} \odot c_{t-1}$, $\ \bar i = \bar c_{\text{tot}} \odot g$,
#    $\ \bar g = \bar c_{\text{tot}} \odot i$, $\ \bar c_{t-1} = \bar c_{\text{tot}} \odot f$.
# 3. Through the nonlinearities, with $\sigma'(a) = \sigma(a)(1 - \sigma(a))$ (differentiate
#    $(1 + e^{-a})^{-1}$) and $\tanh' = 1 - \tanh^2$:
#    $$\bar A_i = \bar i \odot i(1-i),\quad \bar A_f = \bar f \odot f(1-f),\quad
#    \bar A_o = \bar o \odot o(1-o),\quad \bar A_g = \bar g \odot (1 - g^2).$$
# 4. Stack $\bar A = [\bar A_i \mid \bar A_f \mid \bar A_o \mid \bar A_g]$ in the same order as
#    the forward pass and reuse the affine backward of the RNN:
#    $\bar x = \bar A W_x^\top$, $\bar h_{t-1} = \bar A W_h^\top$, $\bar W_x = x^\top \bar A$,
#    $\bar W_h = h_{t-1}^\top \bar A$, $\bar b = \sum_n \bar A[n, :]$.
#
# **The highway.** Step 2 contains the whole story of why LSTMs remember:
#
# $$\frac{\partial c_t}{\partial c_{t-1}}\Big|_{\text{gates fixed}} = \operatorname{diag}(f_t),
# \qquad \text{so the path along the cell state contributes}\qquad
# \operatorname{diag}\Big(\prod_{k=t+1}^{T} f_k\Big) \ \text{ to } \ \frac{\partial c_T}{\partial c_t}.$$
#
# Compare with the RNN's $\prod_k \operatorname{diag}(1 - h_k^2) W_h^\top$. Along the cell
# state there is **no weight matrix** and **no squashing derivative**, only the forget gates,
# which the network controls input by input. If it learns $f \approx 1$ for a unit, that
# unit's memory and its gradient both pass through many steps nearly unchanged (the
# "constant error carousel"); if it learns $f \approx 0$, it deliberately forgets. The update
# is additive, $c_T = \big(\prod f\big) \odot c_t + \text{(what was written since)}$, so
# nothing forces a multiplication by $W_h$ at every step. (There are other paths too: the gates
# themselves depend on $h_{t-1} = o_{t-1} \odot \tanh(c_{t-1})$; those go through $W_h$ like
# the RNN's and can vanish, but they no longer have to carry the long-range signal.) A common
# trick is to initialise the forget-gate bias to 1 or more, so that $f$ starts near 1.

# %% [markdown]
# ### Exercise 8 — `lstm_step_backward(dh, dc, cache) -> (dx, dh_prev, dc_prev, dWx, dWh, db)`
#
# `dh (N, H)` and `dc (N, H)` are the upstream gradients of the step's outputs $h_t$ and $c_t$.
# Shapes: `dx (N, D)`, `dh_prev (N, H)`, `dc_prev (N, H)`, `dWx (D, 4H)`, `dWh (H, 4H)`,
# `db (4H,)`.
#
# Conventions (nothing modified, the upstream gradients and the cache included; a second call on the same cache gives the same answer): see the introduction.

# %% nbgrader={"grade": false, "grade_id": "lstm_step_backward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def lstm_step_backward(dh, dc, cache):
    """Backward pass of lstm_step_forward.

    dh (N, H), dc (N, H): gradients of the loss with respect to h and c.
    Returns (dx (N, D), dh_prev (N, H), dc_prev (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,)).
    """
    x, h_prev, c_prev, Wx, Wh, i, f, o, g, tanh_c = cache
    dh, dc = np.asarray(dh, dtype=float), np.asarray(dc, dtype=float)
    dc_total = dc + dh * o * (1.0 - tanh_c ** 2)
    da = np.concatenate([dc_total * g * i * (1.0 - i),          # input gate
                         dc_total * c_prev * f * (1.0 - f),     # forget gate
                         dh * tanh_c * o * (1.0 - o),           # output gate
                         dc_total * i * (1.0 - g ** 2)], axis=1)  # candidate
    dx = da @ Wx.T
    dh_prev = da @ Wh.T
    dc_prev = dc_total * f
    return dx, dh_prev, dc_prev, x.T @ da, h_prev.T @ da, da.sum(axis=0)


# %% nbgrader={"grade": true, "grade_id": "lstm_step_backward", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
rng_check = np.random.default_rng(6)
x_check = rng_check.normal(size=(2, 2))
hp_check, cp_check = rng_check.normal(size=(2, 2)), rng_check.normal(size=(2, 2))
Wx_check, Wh_check = rng_check.normal(size=(2, 8)), rng_check.normal(size=(2, 8)) / 2
b_check = rng_check.normal(size=8)
dh_check, dc_check = rng_check.normal(size=(2, 2)), rng_check.normal(size=(2, 2))
hn_check, cn_check, cache_check = lstm_step_forward(x_check, hp_check, cp_check,
                                                    Wx_check, Wh_check, b_check)
grads_check = lstm_step_backward(dh_check, dc_check, cache_check)


def lstm_step_out_check():
    h_out, c_out, cache = lstm_step_forward(x_check, hp_check, cp_check, Wx_check, Wh_check, b_check)
    return np.concatenate([h_out, c_out], axis=1)       # both outputs, weighted by [dh, dc]


for name_check, got_check, arr_check in zip(("dx", "dh_prev", "dc_prev", "dWx", "dWh", "db"),
                                            grads_check,
                                            (x_check, hp_check, cp_check, Wx_check, Wh_check, b_check)):
    num_check = numerical_gradient(lstm_step_out_check, arr_check,
                                   np.concatenate([dh_check, dc_check], axis=1))
    assert np.shape(got_check) == arr_check.shape, \
        f"{name_check} should have shape {arr_check.shape}"
    assert rel_error(got_check, num_check) < 1e-6, (
        f"{name_check} differs from central differences "
        f"(relative error {rel_error(got_check, num_check):.1e})")


# %% [markdown]
# ### Exercise 9 — `lstm_forward(x, h0, Wx, Wh, b) -> (h, cache)`
#
# The sequence version of the LSTM, with the same shapes as the RNN's except `Wx (D, 4H)`,
# `Wh (H, 4H)`, `b (4H,)`. `lstm_forward` starts from $c_0 = 0$ and returns only the hidden
# states `h (N, T, H)`.
#
# Conventions (array-likes in, nothing modified, finite at large pre-activations): see the introduction.

# %% nbgrader={"grade": false, "grade_id": "lstm_forward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def lstm_forward(x, h0, Wx, Wh, b):
    """LSTM over a sequence, starting from c0 = 0.

    x (N, T, D), h0 (N, H), Wx (D, 4H), Wh (H, 4H), b (4H,) -> (h (N, T, H), cache).
    """
    x = np.asarray(x, dtype=float)
    h_prev = np.asarray(h0, dtype=float)
    c_prev = np.zeros_like(h_prev)
    N, T, _ = x.shape
    h = np.zeros((N, T, h_prev.shape[1]))
    caches = []
    for t in range(T):
        h_prev, c_prev, step_cache = lstm_step_forward(x[:, t], h_prev, c_prev, Wx, Wh, b)
        h[:, t] = h_prev
        caches.append(step_cache)
    return h, caches


# %% nbgrader={"grade": true, "grade_id": "lstm_forward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
rng_check = np.random.default_rng(7)
x_check, h0_check = rng_check.normal(size=(2, 3, 2)), rng_check.normal(size=(2, 4))
Wx_check, Wh_check = rng_check.normal(size=(2, 16)), rng_check.normal(size=(4, 16))
b_check = rng_check.normal(size=16)
h_check, cache_check = lstm_forward(x_check, h0_check, Wx_check, Wh_check, b_check)
assert np.shape(h_check) == (2, 3, 4), "h has shape (N, T, H) = (2, 3, 4)"
hs_check, cs_check = h0_check, np.zeros((2, 4))
for t_check in range(3):
    hs_check, cs_check, step_cache_check = lstm_step_forward(x_check[:, t_check], hs_check, cs_check,
                                                             Wx_check, Wh_check, b_check)
    assert np.allclose(h_check[:, t_check], hs_check), (
        f"h[:, {t_check}] differs from stepping lstm_step_forward by hand from c0 = 0 "
        "(carry both h and c from step to step)")


# %% [markdown]
# ### Exercise 10 — `lstm_backward(dh, cache) -> (dx, dh0, dWx, dWh, db)`
#
# Backpropagation through time for `lstm_forward`; `dh (N, T, H)` is the upstream gradient of
# every hidden state, and the shapes are those of `rnn_backward` with `dWx (D, 4H)`,
# `dWh (H, 4H)`, `db (4H,)`. BPTT now carries **two** gradients backwards: the hidden-state
# gradient (add `dh[:, t]`, as for the RNN) and the cell-state gradient. The cell state is not
# an output, so its upstream gradient at the last step is zero, and $c_0$ is a constant, so
# its gradient is not returned.
#
# Conventions (nothing modified, the upstream gradients and the cache included; a second call on the same cache gives the same answer): see the introduction.

# %% nbgrader={"grade": false, "grade_id": "lstm_backward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def lstm_backward(dh, cache):
    """Backpropagation through time for lstm_forward.

    dh (N, T, H): upstream gradient of every hidden state.
    Returns (dx (N, T, D), dh0 (N, H), dWx (D, 4H), dWh (H, 4H), db (4H,)).
    """
    dh = np.asarray(dh, dtype=float)
    T = dh.shape[1]
    dh_future = np.zeros_like(dh[:, 0])     # from h_{t+1}, through the gates
    dc_future = np.zeros_like(dh[:, 0])     # from c_{t+1}, along the highway
    dx = [None] * T
    for t in reversed(range(T)):
        dx[t], dh_future, dc_future, *step = lstm_step_backward(dh[:, t] + dh_future,
                                                                dc_future, cache[t])
        dW = step if t == T - 1 else [total + g for total, g in zip(dW, step)]
    return (np.stack(dx, axis=1), dh_future, *dW)


# %% nbgrader={"grade": true, "grade_id": "lstm_backward", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
rng_check = np.random.default_rng(8)
x_check, h0_check = rng_check.normal(size=(2, 2, 2)), rng_check.normal(size=(2, 2))
Wx_check, Wh_check = rng_check.normal(size=(2, 8)), rng_check.normal(size=(2, 8))
b_check = rng_check.normal(size=8)
dh_check = rng_check.normal(size=(2, 2, 2))
dh_copy_check = dh_check.copy()
out_check, cache_check = lstm_forward(x_check, h0_check, Wx_check, Wh_check, b_check)
grads_check = lstm_backward(dh_check, cache_check)
assert np.array_equal(dh_check, dh_copy_check), "lstm_backward must not modify its input dh"
f_check = lambda: lstm_forward(x_check, h0_check, Wx_check, Wh_check, b_check)[0]
for name_check, got_check, arr_check in zip(("dx", "dh0", "dWx", "dWh", "db"), grads_check,
                                            (x_check, h0_check, Wx_check, Wh_check, b_check)):
    num_check = numerical_gradient(f_check, arr_check, dh_check)
    assert np.shape(got_check) == arr_check.shape, \
        f"{name_check} should have shape {arr_check.shape}"
    assert rel_error(got_check, num_check) < 1e-6, (
        f"{name_check} differs from central differences "
        f"(relative error {rel_error(got_check, num_check):.1e}). "
        "Both the hidden-state and the cell-state gradient must flow back from step t + 1.")

# %% [markdown]
# **See the highway.** Put a loss on the **last** hidden state only and look at how much
# gradient reaches each input, $\|\bar x_t\|$, for a vanilla RNN and for LSTMs whose
# forget-gate bias is 0, 2 or 4 (everything else random and small). The RNN and the LSTM with
# $f \approx \sigma(0) = 0.5$ lose many orders of magnitude over 80 steps; a forget gate near 1
# keeps the gradient alive across the whole sequence.

# %% tags=["demo"]
try:
    _rng = np.random.default_rng(1)
    N_demo, T_demo, D_demo, H_demo = 8, 80, 4, 16
    x_demo = _rng.normal(size=(N_demo, T_demo, D_demo))
    h0_demo = np.zeros((N_demo, H_demo))
    dh_demo = np.zeros((N_demo, T_demo, H_demo))
    dh_demo[:, -1] = _rng.normal(size=(N_demo, H_demo))        # loss on h_T only
    steps = np.arange(1, T_demo + 1)

    Q_demo, _ = np.linalg.qr(_rng.normal(size=(H_demo, H_demo)))
    Wx_rnn = _rng.normal(size=(D_demo, H_demo)) / np.sqrt(D_demo)
    _, cache_demo = rnn_forward(x_demo, h0_demo, Wx_rnn, 0.9 * Q_demo, np.zeros(H_demo))
    plt.figure(figsize=(7, 4))
    plt.semilogy(steps, np.linalg.norm(rnn_backward(dh_demo, cache_demo)[0], axis=(0, 2)),
                 "k", label="tanh RNN, Wh = 0.9 Q")
    Wx_lstm = 0.5 * _rng.normal(size=(D_demo, 4 * H_demo)) / np.sqrt(D_demo)
    Wh_lstm = 0.5 * _rng.normal(size=(H_demo, 4 * H_demo)) / np.sqrt(H_demo)
    for forget_bias in (0.0, 2.0, 4.0):
        b_lstm = np.zeros(4 * H_demo)
        b_lstm[H_demo:2 * H_demo] = forget_bias                # the forget-gate block
        _, cache_demo = lstm_forward(x_demo, h0_demo, Wx_lstm, Wh_lstm, b_lstm)
        plt.semilogy(steps, np.linalg.norm(lstm_backward(dh_demo, cache_demo)[0], axis=(0, 2)),
                     label=f"LSTM, forget bias {forget_bias:g} (f ~ {1 / (1 + np.exp(-forget_bias)):.2f})")
    plt.xlabel("input step t")
    plt.ylabel(r"$\|\partial L / \partial x_t\|$")
    plt.title("gradient reaching x_t from a loss on h_T")
    plt.legend()
    plt.show()
except NotImplementedError:
    print('Implement the RNN and LSTM forward and backward passes above to see the highway.')

# %% [markdown]
# ## 6. The GRU: an LSTM with fewer moving parts
#
# The gated recurrent unit (Cho et al., 2014) can be derived from the LSTM by three
# simplifications.
#
# 1. **Merge memory and output.** Drop the output gate and the separate cell state: the
#    hidden state *is* the memory, $h_t$ plays the role of $c_t$.
# 2. **Couple forgetting and writing.** The LSTM keeps $f$ and $i$ independent. The GRU ties
#    them with one *update gate* $z_t$: keep $1 - z_t$ of the old state, write $z_t$ of the new,
#    $$h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde h_t .$$
#    A convex combination: if $h_{t-1}$ and $\tilde h_t$ lie in $(-1, 1)$, so does $h_t$; by
#    induction every state stays in $(-1, 1)$ when $h_0$ does, which is why no output tanh is
#    needed.
# 3. **Let the candidate ignore the past when useful.** A *reset gate* $r_t$ masks the old
#    state inside the candidate.
#
# In our row layout (three blocks of weights instead of four):
#
# $$z_t = \sigma(x_t W_{xz} + h_{t-1} W_{hz} + b_z), \qquad
# r_t = \sigma(x_t W_{xr} + h_{t-1} W_{hr} + b_r),$$
#
# $$\tilde h_t = \tanh\big(x_t W_{xh} + (r_t \odot h_{t-1}) W_{hh} + b_h\big), \qquad
# h_t = (1 - z_t) \odot h_{t-1} + z_t \odot \tilde h_t .$$
#
# **Its Jacobian** (column convention, one example), by the product rule on the last equation:
#
# $$\frac{\partial h_t}{\partial h_{t-1}} = \operatorname{diag}(1 - z_t)
# + \operatorname{diag}(\tilde h_t - h_{t-1})\, \frac{\partial z_t}{\partial h_{t-1}}
# + \operatorname{diag}(z_t)\, \frac{\partial \tilde h_t}{\partial h_{t-1}},$$
#
# $$\frac{\partial z_t}{\partial h_{t-1}} = \operatorname{diag}\big(z_t(1-z_t)\big) W_{hz}^\top,
# \qquad
# \frac{\partial \tilde h_t}{\partial h_{t-1}} = \operatorname{diag}(1 - \tilde h_t^2)\,
# W_{hh}^\top \big[\operatorname{diag}(r_t) + \operatorname{diag}(h_{t-1})
# \operatorname{diag}\big(r_t(1-r_t)\big) W_{hr}^\top\big].$$
#
# The first term, $\operatorname{diag}(1 - z_t)$, is the GRU's highway: the exact analogue of
# the LSTM's $\operatorname{diag}(f_t)$, with no weight matrix in it. When the update gate is
# near 0 the state is copied forward and so is its gradient.
#
# **Comparison.** The GRU has 3 weight blocks to the LSTM's 4, so 25% fewer parameters for the
# same $H$, and one state instead of two. It cannot keep a memory hidden from the output (no
# output gate) and it cannot forget and write independently. In practice the two perform
# similarly on many tasks; the LSTM's separate forget gate is the more flexible of the two.
#
# *PyTorch's `nn.GRUCell`* uses two different conventions: its $z$ is the fraction of the
# **old** state kept, $h_t = (1 - z) \odot n + z \odot h_{t-1}$, and its reset gate acts
# **after** the matrix product, $n = \tanh(x W_{in}^\top + b_{in} + r \odot (h W_{hn}^\top + b_{hn}))$.
# The second change makes it a slightly different model, not just a relabelling. The cell
# below checks these equations against PyTorch and then measures the highway: with the
# update gate biased towards keeping the state, the gradient of $h_T$ with respect to early
# states stays alive.

# %% tags=["demo"]
def gru_step_pytorch_convention(x, h, W_ih, W_hh, b_ih, b_hh):
    """One GRU step written out in PyTorch's convention (gate blocks r, z, n)."""
    H = h.shape[1]
    gi, gh = x @ W_ih.T + b_ih, h @ W_hh.T + b_hh
    r = sigmoid(gi[:, :H] + gh[:, :H])
    z = sigmoid(gi[:, H:2 * H] + gh[:, H:2 * H])
    n = np.tanh(gi[:, 2 * H:] + r * gh[:, 2 * H:])
    return (1 - z) * n + z * h


torch.manual_seed(0)
gru_demo = torch.nn.GRUCell(3, 5, dtype=torch.float64)
_x, _h = torch.randn(4, 3, dtype=torch.float64), torch.randn(4, 5, dtype=torch.float64)
with torch.no_grad():
    ours = gru_step_pytorch_convention(_x.numpy(), _h.numpy(),
                                       *(p.numpy() for p in (gru_demo.weight_ih, gru_demo.weight_hh,
                                                             gru_demo.bias_ih, gru_demo.bias_hh)))
    print("max |ours - torch.nn.GRUCell| =", float(np.max(np.abs(ours - gru_demo(_x, _h).numpy()))))

# gradient of <v, h_T> with respect to every earlier state, by one backward pass
T_gru, H_gru = 80, 16
xs_gru = torch.randn(1, T_gru, 4, dtype=torch.float64)
plt.figure(figsize=(7, 4))
for keep_bias in (0.0, 3.0):
    cell = torch.nn.GRUCell(4, H_gru, dtype=torch.float64)
    with torch.no_grad():
        cell.bias_ih[H_gru:2 * H_gru] = keep_bias      # PyTorch's z: fraction of h_{t-1} kept
    states, state = [], torch.zeros(1, H_gru, dtype=torch.float64, requires_grad=True)
    for t in range(T_gru):
        states.append(state)
        state = cell(xs_gru[:, t], state)
        state.retain_grad()
    states.append(state)
    for s in states:
        s.retain_grad()
    (state * torch.ones_like(state)).sum().backward()
    norms = [float(s.grad.norm()) for s in states[:-1]]
    plt.semilogy(range(T_gru), norms, label=f"GRU, update-gate bias {keep_bias:g}")
plt.xlabel("t")
plt.ylabel(r"$\|\partial \langle 1, h_T\rangle / \partial h_t\|$")
plt.title("GRU: keeping the state keeps the gradient")
plt.legend()
plt.show()

# %% [markdown]
# ## 7. RNN, LSTM, GRU and Transformer side by side
#
# | | tanh RNN | LSTM | GRU | Transformer (self-attention) |
# |---|---|---|---|---|
# | memory of the past | one vector $h_t$ | $h_t$ and cell $c_t$ | one vector $h_t$ | every past token's keys and values |
# | path from step $t$ to step $T$ (length) | $T-t$ multiplications by $\operatorname{diag}(1-h^2)W_h^\top$ ($T - t$) | additive, scaled by $\prod f$ | additive, scaled by $\prod (1-z)$ | one attention hop (1) |
# | long-range gradient | vanishes or explodes exponentially | survives when $f \approx 1$ | survives when $z \approx 0$ | no long chain to vanish along |
# | work per sequence | $O(T H^2)$, sequential in $T$ | $4\times$ the RNN | $3\times$ the RNN | $O(T^2 H + T H^2)$, parallel in $T$ |
# | memory at inference | $O(H)$ per step | $O(H)$ | $O(H)$ | grows with the context, $O(TH)$ |
#
# **Self-attention, written down.** Stack the $T$ inputs of one sequence as the rows of
# $X \in \mathbb{R}^{T \times d}$ ($d$ plays the role of $H$). Three learned matrices
# $W_Q, W_K, W_V \in \mathbb{R}^{d \times d}$ make a **query**, a **key** and a **value** of every step,
# $$Q = X W_Q, \qquad K = X W_K, \qquad V = X W_V ,$$
# and the layer returns
# $$\operatorname{Attention}(X) = \operatorname{softmax}\Big(\frac{Q K^\top}{\sqrt d} + M\Big)\, V,
# \qquad M_{ts} = \begin{cases} 0 & s \le t \\ -\infty & s > t \end{cases}$$
# with the softmax taken along each row. The **causal mask** $M$ makes $e^{M_{ts}} = 0$ for
# future steps, so output $t$ uses $x_1, \dots, x_t$ only, like a recurrent network reading
# left to right. Row $t$ of the output is a weighted average of the values,
# $$y_t = \sum_{s \le t} \alpha_{ts}\, v_s, \qquad
# \alpha_{ts} = \frac{\exp(q_t \cdot k_s / \sqrt d)}{\sum_{s' \le t} \exp(q_t \cdot k_{s'} / \sqrt d)} ,$$
# where $q_t, k_s, v_s$ are rows of $Q, K, V$: step $t$ asks a question ($q_t$), every earlier
# step advertises what it holds ($k_s$), and the answer mixes their contents ($v_s$) by how
# well they match. Why $\sqrt d$: if the entries of $q_t$ and $k_s$ are independent with mean 0
# and variance 1, then $q_t \cdot k_s = \sum_{i=1}^d q_{ti} k_{si}$ has variance $d$; dividing
# by $\sqrt d$ keeps the scores of order one, so the softmax does not saturate (a saturated
# softmax, like a saturated tanh, passes almost no gradient).
#
# *Cost.* The projections $XW$ cost $O(T d^2)$, the scores $Q K^\top$ (a $T \times d$ times a
# $d \times T$ matrix) $O(T^2 d)$, and the weighted sum $O(T^2 d)$ again: $O(T^2 d + T d^2)$ in
# all, every step at once. The RNN spends $O(d^2)$ per step, $O(T d^2)$ in all, but step $t$
# must wait for $h_{t-1}$. Attention's extra $T^2 d$ is what dominates once $T > d$; in
# exchange all $T$ steps are computed at once.
#
# *Path length.* In the RNN, $x_t$ reaches $h_T$ only through the $T - t$ step Jacobians of
# Section 3, whose product vanishes or explodes. In attention, $x_t$ reaches $y_T$ in **one**
# step, through $k_t$ and $v_t$ (the term $\alpha_{Tt} v_t$ of $y_T$): path length 1 for every
# $t$ instead of up to $T$, so there is no long product for the gradient to vanish along.
#
# The recurrent networks are **compressors**: whatever they carry forward has to fit into a
# fixed number of units, and the gates learn what is worth the space. A Transformer does not
# compress the past at all — it keeps everything and learns where to look — and pays for it
# with computation and memory that grow with the context length. The information bottleneck
# of the recurrent state is both the RNN's weakness (the data-processing inequality of the
# introduction) and its efficiency.
#
# **Summary.**
# - BPTT: $\delta_t = g_t + J_{t+1}^\top \delta_{t+1}$, and shared weights sum their per-step
#   gradients. Dropping the $J^\top \delta_{t+1}$ term still runs, and silently blinds the
#   network to everything beyond one step.
# - $\|\partial h_T / \partial h_t\|_2 \le \sigma_{\max}(W_h)^{T-t}$: vanishing is guaranteed for
#   $\sigma_{\max} < 1$, exploding needs $\sigma_{\max} > 1$, and the spectral radius decides the
#   linear regime.
# - Clipping by the global norm bounds the step and keeps the direction; it fixes explosions,
#   not vanishing.
# - The LSTM's cell state is updated additively; $\partial c_t/\partial c_{t-1} = \operatorname{diag}(f_t)$
#   lets memory and gradient survive as long as the forget gate stays open. The GRU does the
#   same with $\operatorname{diag}(1 - z_t)$ and fewer parameters.
