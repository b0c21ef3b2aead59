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
# # 10 · Batch Normalization: forward, backward, and why it lets you take bigger steps
#
# A deep network is a pipeline: every layer receives what the layers before it
# produced, and those outputs move every time an earlier weight changes. A unit
# whose pre-activation drifts far from zero ends up in the flat part of its
# nonlinearity. There it is in trouble twice, and both troubles have an
# information-theoretic reading:
#
# * its output is almost constant (a `tanh` pinned at $\pm 1$), so the output
#   distribution has **low entropy** and tells the next layer almost nothing
#   about the input;
# * its derivative is almost zero, so **almost no gradient** flows back through
#   it, and the layers below stop learning.
#
# Batch normalization (Ioffe & Szegedy, 2015) fixes the first two moments of
# every feature over the mini-batch and hands the scale and the offset to two
# explicit parameters, $\gamma$ and $\beta$. In this assignment you derive and
# implement it completely:
#
# | # | exercise | points |
# |---|---|---|
# | 1 | `batchnorm_forward(x, gamma, beta, bn_param) -> (out, cache)` | 5 |
# | 2 | `batchnorm_backward(dout, cache) -> (dx, dgamma, dbeta)`, node by node | 3 |
# | 3 | `batchnorm_backward_alt(dout, cache) -> (dx, dgamma, dbeta)`, the closed form | 3 |
# | 4 | `layernorm_forward(x, gamma, beta, ln_param) -> (out, cache)` | 2 |
# | 5 | `layernorm_backward(dout, cache) -> (dx, dgamma, dbeta)` | 2 |
#
# Along the way you will derive why the test-time layer must use *running*
# statistics, and why a normalized layer tolerates learning rates that make a
# plain network explode.
#
# **Conventions used by the graders.**
# * `x` has shape `(N, D)`: $N$ examples (rows), $D$ features (columns).
#   `gamma` and `beta` have shape `(D,)`. Lists work as well as arrays.
# * Everything is NumPy in `float64`. **Inputs are never modified**: the forward
#   functions leave `x`, `gamma` and `beta` as they were (write `x - mean`, not
#   `x -= mean`; the only thing a forward pass changes is `bn_param`'s running
#   statistics, in train mode), and the backward functions leave `dout` and the
#   cache as they were. The hidden tests compare every argument after the call.
# * **Caches are reusable**: calling a backward function twice on the same cache (with
#   the same `dout`) gives the same answer. So never store something in the cache
#   that the backward pass then overwrites in place, such as an array it updates
#   with `+=`.
# * The cache is yours: store whatever your backward pass needs. The graders
#   only hand it back to your backward function. A backward pass is judged
#   against the true gradient; if your forward pass is wrong, your backward
#   still earns its points when it is the exact gradient of *your* forward (one
#   mistake is counted once).
# * `bn_param["mode"]` is `"train"` or `"test"`; any other value raises
#   `ValueError`. The backward functions are graded on **train-mode** caches
#   only (in test mode the layer is a fixed affine map; supporting it is a
#   one-liner, but it is not required).
#
# Each exercise below refers to these conventions; the hidden tests grade all of them.

# %%
import math
import time

import numpy as np

np.set_printoptions(precision=4, suppress=True)


def numerical_gradient(f, x, dout, h=1e-6):
    """Central differences of sum(f(x) * dout) with respect to every entry of x.

    f only ever sees fresh copies, so nothing it does can disturb the loop.
    """
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        plus = np.sum(f(x.copy()) * dout)
        x[idx] = old - h
        minus = np.sum(f(x.copy()) * dout)
        x[idx] = old
        grad[idx] = (plus - minus) / (2 * h)
    return grad


def rel_error(a, b):
    """Largest entrywise |a - b| / (|a| + |b|): around 1e-8 or less when they agree."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-8)))


# %% [markdown]
# ## 1. The forward pass
#
# Take one feature (one column $j$ of `x`) over a mini-batch of $N$ examples:
# the numbers $x_{1j}, \dots, x_{Nj}$. Treat them as a distribution that puts
# mass $1/N$ on each example. Its mean and variance are
#
# $$\mu_j = \frac{1}{N}\sum_{i=1}^{N} x_{ij}, \qquad
#   \sigma_j^2 = \frac{1}{N}\sum_{i=1}^{N} \left(x_{ij} - \mu_j\right)^2 .$$
#
# This is the **biased** variance (divide by $N$, not $N-1$). We are not
# estimating a population parameter here; we want the variance of *these*
# numbers, because that is exactly what makes the next step produce unit
# variance over the batch. Standardise:
#
# $$\hat x_{ij} = \frac{x_{ij} - \mu_j}{\sqrt{\sigma_j^2 + \varepsilon}} .$$
#
# Check what this gives, one moment at a time. The mean over the batch is
# $\frac1N\sum_i \hat x_{ij} = \frac{1}{\sqrt{\sigma_j^2+\varepsilon}}\cdot
# \frac1N\sum_i (x_{ij}-\mu_j) = 0$, since the deviations from the mean sum to
# zero. The variance is $\frac1N\sum_i \hat x_{ij}^2 =
# \frac{\sigma_j^2}{\sigma_j^2+\varepsilon}$: one, up to the tiny $\varepsilon$.
#
# Finally scale and shift with learnable per-feature parameters:
#
# $$y_{ij} = \gamma_j\, \hat x_{ij} + \beta_j .$$
#
# Each output column has mean $\beta_j$ and standard deviation
# $|\gamma_j|\,\sigma_j/\sqrt{\sigma_j^2+\varepsilon} \approx |\gamma_j|$.
#
# **Why $\gamma$ and $\beta$?** Standardising alone would take something away
# from the network: a sigmoid fed with zero-mean unit-variance inputs is stuck
# near its linear middle. With $\gamma$ and $\beta$ the network chooses each feature's
# location and scale itself. How far does that go?
#
# * *For one batch*, $\gamma_j = \sqrt{\sigma_j^2+\varepsilon}$ and $\beta_j = \mu_j$ give
#   $y_{ij} = (x_{ij} - \mu_j) + \mu_j = x_{ij}$: that batch comes out unchanged.
# * *Not for every batch.* $\gamma$ and $\beta$ are parameters, the same for all
#   batches, while $\mu_j$ and $\sigma_j$ are statistics of the batch at hand. Another
#   batch, with mean $\mu'_j$ and variance $\sigma'^2_j$, gives
#   $y_{ij} = \mu_j + \sqrt{\sigma_j^2+\varepsilon}\,(x_{ij} - \mu'_j)/\sqrt{\sigma'^2_j+\varepsilon}$,
#   which is $x_{ij}$ only if $\mu'_j = \mu_j$ and $\sigma'_j = \sigma_j$. Whatever $\gamma$
#   and $\beta$ are, a train-mode output column has mean $\beta_j$ and standard deviation
#   $|\gamma_j|\,\sigma_j/\sqrt{\sigma_j^2+\varepsilon}$, so the train-mode layer is never the
#   identity on all inputs: it always removes the batch's own mean and scale.
# * *In test mode* (Section 2) the statistics are fixed numbers, the running averages
#   $r_{\mu}$ and $r_{\sigma^2}$, and the layer is the affine map
#   $y = \gamma\,(x - r_\mu)/\sqrt{r_{\sigma^2}+\varepsilon} + \beta$. With
#   $\gamma = \sqrt{r_{\sigma^2}+\varepsilon}$ and $\beta = r_\mu$ it is the identity for
#   every input, so the network used at inference loses nothing it could express
#   without BN.
#
# What changes is the *parametrisation*: the location and scale of each feature are
# now held by two explicit numbers instead of emerging from the product of every
# earlier weight matrix.
#
# **Why $\varepsilon$, and why inside the square root?** A feature that is
# constant over the batch (a dead ReLU, or any feature when $N = 1$) has
# $\sigma_j^2 = 0$ and the ratio would be $0/0$. With $\varepsilon$ under the
# root, $\hat x = 0$ and $y = \beta$: finite, and the map stays smooth in $x$.
# Writing $\sqrt{\sigma^2} + \varepsilon$ instead is a different function, whose
# derivative involves $\frac{d}{d\sigma^2}\sqrt{\sigma^2} = \frac{1}{2\sigma}$
# and blows up at $\sigma = 0$.
#
# **A numerical trap.** Compute $\sigma^2$ from the centred values $x - \mu$
# (two passes over the data). The tempting one-pass formula
# $\overline{x^2} - \bar x^2$ subtracts two huge, nearly equal numbers when
# $|\mu| \gg \sigma$: with $\mu = 10^5$ and $\sigma = 1$, $x^2 \approx 10^{10}$
# and float64's 16 significant digits leave only about 6 for the difference.

# %% [markdown]
# ## 2. Running statistics for inference
#
# In train mode the output for example $i$ depends on **every other example in
# the batch**, through $\mu$ and $\sigma^2$. That is acceptable, even useful (a
# little noise), during training. At inference it is not:
#
# 1. A prediction should be a deterministic function of its own input, not of
#    whichever examples happen to share the batch.
# 2. For a batch of one, $\mu = x$ and $\sigma^2 = 0$, so $\hat x = 0$ and
#    $y = \beta$ **whatever the input**. The output then carries zero bits
#    about the input: $I(Y; X) = 0$.
# 3. Test batches can be tiny, sorted or all of one class; their statistics
#    are then poor (biased) estimates of the statistics the network was trained
#    with.
#
# So during training we also keep an estimate of the *population* mean and
# variance, as an exponential moving average over the batches. With momentum
# $m \in [0, 1)$ and the batch statistic $b_t$ at step $t$ (mean or biased
# variance):
#
# $$r_t = m\, r_{t-1} + (1 - m)\, b_t .$$
#
# Unrolling the recursion shows what this average is:
#
# $$r_t = m^t r_0 + (1-m)\sum_{k=0}^{t-1} m^k\, b_{t-k} .$$
#
# The weights $(1-m)m^k$ decay geometrically and sum to $1 - m^t$, so the
# initial guess $r_0$ keeps weight $m^t$ (with $m = 0.9$, after 50 steps
# $0.9^{50} \approx 0.005$). The average age of the data in the estimate is
# $\sum_k k(1-m)m^k = \frac{m}{1-m}$, so roughly the last $\frac{1}{1-m} = 10$
# batches matter.
#
# Contract for this course (the grader checks each point):
# * `momentum` (default `0.9`) is the weight of the **old** value, as written
#   above. (PyTorch's `BatchNorm1d(momentum=0.1)` names the *other* weight:
#   the same update with $m_\text{ours} = 1 - m_\text{torch}$.)
# * The biased variance is used **throughout**, in the running average too.
#   (PyTorch averages the unbiased $\frac{N}{N-1}\sigma^2$ into `running_var`;
#   for batches of 64 that is a 1.6 % difference, for a batch of 4 a third.
#   Here the running variance estimates the very quantity the layer divided
#   by during training.)
# * Missing running statistics start at mean $0$ and variance $1$, shape
#   `(D,)`: a standard-normal guess, so that an untrained layer in test mode
#   computes $\gamma\,x/\sqrt{1+\varepsilon} + \beta$.
# * A train-mode call stores the new `running_mean` and `running_var` **in the
#   dict `bn_param` it was given** (`bn_param["running_mean"] = ...`).
# * Test mode uses the running statistics,
#   $y = \gamma\,(x - r_\mu)/\sqrt{r_{\sigma^2} + \varepsilon} + \beta$ (a fixed
#   affine map of each example), and leaves them unchanged: test data must not
#   change the model.

# %% [markdown]
# ### Exercise 1 — `batchnorm_forward` (5 points)
#
# Implement the forward pass for both modes. `bn_param` holds `"mode"`
# (`"train"` or `"test"`, anything else is a `ValueError`), optionally `"eps"`
# (default `1e-5`), `"momentum"` (default `0.9`), `"running_mean"` and
# `"running_var"` (defaults: zeros and ones of shape `(D,)`). Return
# `(out, cache)`; design the cache for the next two exercises.
#
# Conventions (array-likes in, `x`, `gamma` and `beta` never modified): see the introduction.

# %% nbgrader={"grade": false, "grade_id": "batchnorm_forward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def batchnorm_forward(x, gamma, beta, bn_param):
    """Batch normalization, forward.

    x: (N, D) array-like; gamma, beta: (D,).
    bn_param: dict with "mode" ("train" or "test"), optional "eps" (1e-5),
      "momentum" (0.9), "running_mean" (zeros(D)), "running_var" (ones(D)).
      In train mode the running statistics are updated in this dict:
      running = momentum * running + (1 - momentum) * batch_statistic
      (biased variance).
    Returns (out, cache): out of shape (N, D), cache for the backward pass.
    """
    x = np.asarray(x, dtype=float)
    gamma = np.asarray(gamma, dtype=float)
    beta = np.asarray(beta, dtype=float)
    mode = bn_param.get("mode")
    if mode not in ("train", "test"):
        raise ValueError(f"bn_param['mode'] must be 'train' or 'test', got {mode!r}")
    if x.ndim != 2:
        raise ValueError(f"x must have shape (N, D), got shape {x.shape}")
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    d = x.shape[1]
    running_mean = np.asarray(bn_param.get("running_mean", np.zeros(d)), dtype=float)
    running_var = np.asarray(bn_param.get("running_var", np.ones(d)), dtype=float)
    if mode == "train":
        mean = x.mean(axis=0)
        centred = x - mean
        var = (centred ** 2).mean(axis=0)                      # biased: divide by N
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mean
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    else:
        centred = x - running_mean
        var = running_var
    std = np.sqrt(var + eps)
    inv_std = 1.0 / std
    x_hat = centred * inv_std
    out = gamma * x_hat + beta
    cache = {"mode": mode, "centred": centred, "std": std, "inv_std": inv_std,
             "x_hat": x_hat, "gamma": gamma}
    return out, cache


# %% nbgrader={"grade": true, "grade_id": "batchnorm_forward", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
rng_check = np.random.default_rng(0)
x_check = rng_check.normal(5.0, 3.0, size=(50, 4))
gamma_check = np.array([1.0, 2.0, 0.5, -1.0])
beta_check = np.array([0.0, -1.0, 3.0, 0.5])
bn_check = {"mode": "train"}
out_check, cache_check = batchnorm_forward(x_check, gamma_check, beta_check, bn_check)
assert out_check.shape == (50, 4), "the output has the shape of x"
assert np.allclose(out_check.mean(axis=0), beta_check), "every output column has mean beta"
assert np.allclose(out_check.std(axis=0), np.abs(gamma_check), atol=1e-5), \
    "every output column has standard deviation |gamma| (up to eps)"
assert np.allclose(bn_check["running_mean"], 0.1 * x_check.mean(axis=0)), \
    "running_mean starts at 0; with momentum 0.9 it becomes 0.9 * 0 + 0.1 * batch mean"
assert np.allclose(bn_check["running_var"], 0.9 * 1.0 + 0.1 * x_check.var(axis=0)), \
    "running_var starts at 1 and averages in the BIASED batch variance (np.var, ddof=0)"
test_param_check = {"mode": "test", "eps": 0.0, "running_mean": np.array([1.0, 0.0, 0.0, 0.0]),
                    "running_var": np.array([4.0, 1.0, 1.0, 1.0])}
out_check, cache_check = batchnorm_forward(np.array([[3.0, 0.0, 0.0, 0.0]]), np.ones(4),
                                           np.zeros(4), test_param_check)
assert np.allclose(out_check, [[1.0, 0.0, 0.0, 0.0]]), \
    "test mode uses the running statistics: (3 - 1) / sqrt(4) = 1 for the first feature"
assert np.array_equal(test_param_check["running_mean"], [1.0, 0.0, 0.0, 0.0]), \
    "test mode must leave the running statistics unchanged"

# %% [markdown]
# **Look at it.** Below, a layer with badly scaled weights feeds `tanh`. Without
# BN most pre-activations sit far out in the tails: the units saturate, their
# outputs pile up at $\pm 1$ (a low-entropy histogram), and the local
# derivative $1 - \tanh^2$ is nearly zero. After BN the same pre-activations
# land in the responsive range. The entropy printed is that of a 20-bin
# histogram of the `tanh` outputs, in bits (at most $\log_2 20 \approx 4.32$).

# %% tags=["demo"]
import matplotlib.pyplot as plt

try:
    rng_demo = np.random.default_rng(1)
    inputs = rng_demo.normal(2.0, 1.0, size=(2000, 20))   # features with an offset
    weights = rng_demo.normal(0.0, 1.0, size=(20, 50))    # too large a scale for tanh
    pre = inputs @ weights
    normalized, _ = batchnorm_forward(pre, np.ones(50), np.zeros(50), {"mode": "train"})


    def histogram_entropy_bits(values, bins=20):
        counts, _ = np.histogram(values, bins=bins, range=(-1, 1))
        p = counts[counts > 0] / counts.sum()
        return float(-(p * np.log2(p)).sum())


    fig, axes = plt.subplots(1, 3, figsize=(13, 3.2))
    axes[0].hist(pre.ravel(), bins=80, color="tab:red", alpha=0.7, label="before BN")
    axes[0].hist(normalized.ravel(), bins=80, color="tab:blue", alpha=0.7, label="after BN")
    axes[0].set_title("pre-activations")
    axes[0].legend()
    for ax, values, color, name in ((axes[1], pre, "tab:red", "without BN"),
                                    (axes[2], normalized, "tab:blue", "with BN")):
        t = np.tanh(values)
        ax.hist(t.ravel(), bins=20, range=(-1, 1), color=color, alpha=0.8)
        ax.set_title(f"tanh output {name}\nH = {histogram_entropy_bits(t):.2f} bits, "
                     f"mean tanh' = {np.mean(1 - t ** 2):.3f}")
    plt.tight_layout()
    plt.show()
    print(f"saturated units (|tanh| > 0.99): {np.mean(np.abs(np.tanh(pre)) > 0.99):.1%} without BN, "
          f"{np.mean(np.abs(np.tanh(normalized)) > 0.99):.1%} with BN")
except NotImplementedError:
    print('Implement batchnorm_forward above to see these histograms.')


# %% [markdown]
# ## 3. The backward pass, node by node
#
# Write the forward pass for one column as a chain of elementary nodes (drop
# the column index $j$; every operation below acts on one feature):
#
# | node | forward | inputs |
# |---|---|---|
# | 1 | $\mu = \frac1N \sum_i x_i$ | $x$ |
# | 2 | $c_i = x_i - \mu$ | $x, \mu$ |
# | 3 | $v = \frac1N \sum_i c_i^2$ | $c$ |
# | 4 | $s = \sqrt{v + \varepsilon}$ | $v$ |
# | 5 | $r = 1/s$ | $s$ |
# | 6 | $\hat x_i = c_i\, r$ | $c, r$ |
# | 7 | $y_i = \gamma\, \hat x_i + \beta$ | $\hat x, \gamma, \beta$ |
#
# Backpropagation visits the nodes in reverse order. Write $\bar u$ for
# $\partial L / \partial u$; the upstream gradient $\bar y_i$ is `dout`. Two rules
# do all the work: **the chain rule** through each node, and **accumulation**:
# a value used by several nodes receives the *sum* of the gradients coming
# back from each of them.
#
# * **Node 7**, $y_i = \gamma \hat x_i + \beta$. The same $\gamma$ and $\beta$
#   are used by all $N$ rows, so their gradients sum over the batch:
#   $$\bar\beta = \sum_i \bar y_i, \qquad \bar\gamma = \sum_i \bar y_i\, \hat x_i,
#     \qquad \bar{\hat x}_i = \gamma\, \bar y_i .$$
# * **Node 6**, $\hat x_i = c_i r$. Each $c_i$ is used once here; $r$ is used by
#   every row:
#   $$\bar c_i \mathrel{+}= \bar{\hat x}_i\, r, \qquad \bar r = \sum_i \bar{\hat x}_i\, c_i .$$
# * **Node 5**, $r = 1/s$, $\frac{dr}{ds} = -\frac{1}{s^2}$:
#   $\quad \bar s = -\bar r / s^2 .$
# * **Node 4**, $s = \sqrt{v+\varepsilon}$, $\frac{ds}{dv} = \frac{1}{2s}$:
#   $\quad \bar v = \bar s / (2s) .$
# * **Node 3**, $v = \frac1N\sum_i c_i^2$, $\frac{\partial v}{\partial c_i} =
#   \frac{2c_i}{N}$. This is the second use of $c$, so it *adds*:
#   $$\bar c_i \mathrel{+}= \frac{2 c_i}{N}\, \bar v .$$
#   Here is the first factor $1/N$: it comes from the average.
# * **Node 2**, $c_i = x_i - \mu$. $x_i$ receives $\bar c_i$; $\mu$ is
#   subtracted from every row, so
#   $$\bar x_i \mathrel{+}= \bar c_i, \qquad \bar\mu = -\sum_i \bar c_i .$$
# * **Node 1**, $\mu = \frac1N\sum_i x_i$, $\frac{\partial\mu}{\partial x_i} =
#   \frac1N$: the second $1/N$,
#   $$\bar x_i \mathrel{+}= \frac{\bar\mu}{N} .$$
#
# So $\bar x_i = \bar c_i + \bar\mu/N$, where $\bar c_i$ already holds both of
# its contributions (from $\hat x$ and from $v$). Forgetting either $1/N$ is the
# classic BatchNorm bug; the gradient check catches it immediately.
#
# *A remark on other graphs.* Many write-ups feed $\mu$ into the variance node
# directly, $v = \frac1N\sum_i (x_i - \mu)^2$ with $\mu$ as a separate input.
# That graph has an extra path $\mu \to v$, contributing
# $\bar v \cdot \frac{\partial v}{\partial \mu} = \bar v \cdot
# \left(-\frac2N\sum_i c_i\right)$, which is **zero** because the deviations sum
# to zero. Both graphs give the same gradient; ours simply routes that path
# through node 2.
#
# Everything is vectorised over the $D$ columns at once: the sums over $i$
# become `.sum(axis=0)`.

# %% [markdown]
# ### Exercise 2 — `batchnorm_backward` (3 points)
#
# Implement the backward pass by walking the graph above, one node at a time,
# using what you stored in the cache. Return `(dx, dgamma, dbeta)` with the
# shapes of `x`, `gamma`, `beta`. (Graded on train-mode caches.)
#
# Conventions (`dout` and the cache never modified; a second call on the same cache gives the same answer): see the introduction.

# %% nbgrader={"grade": false, "grade_id": "batchnorm_backward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def batchnorm_backward(dout, cache):
    """Batch normalization, backward, through the computational graph.

    dout: (N, D) upstream gradient; cache: from batchnorm_forward.
    Returns (dx, dgamma, dbeta) of shapes (N, D), (D,), (D,).
    """
    dout = np.asarray(dout, dtype=float)
    centred, std, inv_std = cache["centred"], cache["std"], cache["inv_std"]
    x_hat, gamma = cache["x_hat"], cache["gamma"]
    n = dout.shape[0]
    # node 7: y = gamma * x_hat + beta
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    if cache["mode"] == "test":          # statistics are constants: an affine map
        return dx_hat * inv_std, dgamma, dbeta
    # node 6: x_hat = centred * inv_std
    dinv_std = (dx_hat * centred).sum(axis=0)
    dcentred = dx_hat * inv_std
    # node 5: inv_std = 1 / std
    dstd = -dinv_std / std ** 2
    # node 4: std = sqrt(var + eps)
    dvar = dstd / (2.0 * std)
    # node 3: var = mean(centred ** 2)  (second use of centred: accumulate)
    dcentred = dcentred + 2.0 * centred * dvar / n
    # node 2: centred = x - mean
    dmean = -dcentred.sum(axis=0)
    # node 1: mean = sum(x) / N
    dx = dcentred + dmean / n
    return dx, dgamma, dbeta


# %% nbgrader={"grade": true, "grade_id": "batchnorm_backward", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
rng_check = np.random.default_rng(1)
x_check = rng_check.normal(2.0, 1.5, size=(6, 3))
gamma_check, beta_check = rng_check.normal(1.0, 0.3, 3), rng_check.normal(0.0, 1.0, 3)
dout_check = rng_check.normal(size=(6, 3))
out_check, cache_check = batchnorm_forward(x_check.copy(), gamma_check, beta_check, {"mode": "train"})
dx_check, dgamma_check, dbeta_check = batchnorm_backward(dout_check, cache_check)
assert np.shape(dx_check) == (6, 3) and np.shape(dgamma_check) == (3,) \
    and np.shape(dbeta_check) == (3,), "shapes: dx like x, dgamma and dbeta like gamma (summed over the batch)"
dx_num_check = numerical_gradient(lambda x: batchnorm_forward(x, gamma_check, beta_check,
                                                              {"mode": "train"})[0],
                                  x_check, dout_check)
dgamma_num_check = numerical_gradient(lambda g: batchnorm_forward(x_check, g, beta_check,
                                                                  {"mode": "train"})[0],
                                      gamma_check, dout_check)
assert rel_error(dx_check, dx_num_check) < 1e-5, \
    f"dx disagrees with central differences (rel. error {rel_error(dx_check, dx_num_check):.1e}); " \
    "check both 1/N factors"
assert rel_error(dgamma_check, dgamma_num_check) < 1e-5, "dgamma disagrees with central differences"
assert np.allclose(dbeta_check, dout_check.sum(axis=0)), "dbeta is dout summed over the batch"


# %% [markdown]
# ## 4. Collapsing the graph into one formula
#
# Now substitute the nodes into each other, for one column. Write
# $a_i = \bar{\hat x}_i = \gamma\,\bar y_i$ and use $c_i = s\,\hat x_i$ and
# $r = 1/s$.
#
# 1. $\bar r = \sum_i a_i c_i = s \sum_i a_i \hat x_i$.
# 2. $\bar s = -\bar r / s^2 = -\frac{1}{s}\sum_k a_k \hat x_k$.
# 3. $\bar v = \frac{\bar s}{2s} = -\frac{1}{2s^2}\sum_k a_k \hat x_k$.
# 4. Both contributions to $\bar c_i$:
#    $$\bar c_i = \frac{a_i}{s} + \frac{2 c_i}{N}\bar v
#      = \frac{a_i}{s} - \frac{2 s \hat x_i}{N}\cdot\frac{1}{2s^2}\sum_k a_k \hat x_k
#      = \frac1s\Big(a_i - \frac{\hat x_i}{N}\sum_k a_k \hat x_k\Big).$$
# 5. $\bar\mu = -\sum_i \bar c_i = -\frac1s\Big(\sum_i a_i -
#    \frac{\sum_i \hat x_i}{N}\sum_k a_k\hat x_k\Big) = -\frac1s\sum_i a_i$,
#    because $\sum_i \hat x_i = 0$.
# 6. $\bar x_i = \bar c_i + \frac{\bar\mu}{N}
#    = \frac1s\Big(a_i - \frac1N\sum_k a_k - \frac{\hat x_i}{N}\sum_k a_k\hat x_k\Big).$
#
# Since $\gamma$ is the same for the whole column, $a = \gamma\,\bar y$ lets
# $\gamma$ come out of every sum. With $\sigma = \sqrt{\sigma^2+\varepsilon}$
# (that is, $s$):
#
# $$\boxed{\;\bar x_i = \frac{\gamma}{N\sigma}\Big(N\,\bar y_i - \sum_k \bar y_k
#    - \hat x_i \sum_k \bar y_k\,\hat x_k\Big)\;}
#    \qquad \bar\gamma = \sum_k \bar y_k \hat x_k,\quad \bar\beta = \sum_k \bar y_k .$$
#
# Notice that the two sums are exactly $\bar\beta$ and $\bar\gamma$: the closed
# form reuses them.
#
# **What the formula says.** In vector form (one column),
# $\bar x = \frac{\gamma}{\sigma}\big(\bar y - \operatorname{mean}(\bar y)\,\mathbf 1
# - \operatorname{mean}(\bar y \odot \hat x)\,\hat x\big)$. Because
# $\mathbf 1 \perp \hat x$ and $\|\hat x\|^2 = N\sigma^2/(\sigma^2+\varepsilon)
# \approx N$, this is (up to $\varepsilon$) $\bar y$ with its components along
# $\mathbf 1$ and along $\hat x$ projected out. That is no accident: adding a
# constant to a column does not change BN's output, and neither (up to
# $\varepsilon$) does stretching the column's deviations, so the loss cannot
# depend on those two directions and the gradient has no component there.
# You can verify $\sum_i \bar x_i = 0$ exactly and
# $\sum_i \bar x_i \hat x_i = \frac{\gamma}{\sigma}\frac{\varepsilon}{\sigma^2+\varepsilon}
# \sum_i \bar y_i\hat x_i \approx 0$.
#
# The graph version makes about ten passes over `(N, D)` arrays; the closed form
# about five. Both are $O(ND)$.

# %% [markdown]
# ### Exercise 3 — `batchnorm_backward_alt` (3 points)
#
# Implement the boxed formula directly, from the same cache (do not call
# `batchnorm_backward`). It must return the same gradients.
#
# Conventions (`dout` and the cache never modified; a second call on the same cache gives the same answer): see the introduction.

# %% nbgrader={"grade": false, "grade_id": "batchnorm_backward_alt_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def batchnorm_backward_alt(dout, cache):
    """Batch normalization, backward, with the simplified closed form
    dx = gamma / (N sigma) * (N dout - sum(dout) - x_hat * sum(dout * x_hat)).

    Returns (dx, dgamma, dbeta) of shapes (N, D), (D,), (D,).
    """
    dout = np.asarray(dout, dtype=float)
    x_hat, gamma, inv_std = cache["x_hat"], cache["gamma"], cache["inv_std"]
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    if cache["mode"] == "test":
        return dout * gamma * inv_std, dgamma, dbeta
    dx = (gamma * inv_std / n) * (n * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta


# %% nbgrader={"grade": true, "grade_id": "batchnorm_backward_alt", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
rng_check = np.random.default_rng(2)
x_check = rng_check.normal(-1.0, 2.0, size=(8, 5))
gamma_check, beta_check = rng_check.normal(1.0, 0.5, 5), rng_check.normal(0.0, 1.0, 5)
dout_check = rng_check.normal(size=(8, 5))
out_check, cache_check = batchnorm_forward(x_check.copy(), gamma_check, beta_check, {"mode": "train"})
dx_check, dgamma_check, dbeta_check = batchnorm_backward_alt(dout_check, cache_check)
dx_num_check = numerical_gradient(lambda x: batchnorm_forward(x, gamma_check, beta_check,
                                                              {"mode": "train"})[0],
                                  x_check, dout_check)
assert rel_error(dx_check, dx_num_check) < 1e-5, \
    f"dx disagrees with central differences (rel. error {rel_error(dx_check, dx_num_check):.1e})"
assert np.allclose(dbeta_check, dout_check.sum(axis=0)), "dbeta is dout summed over the batch"
assert np.shape(dgamma_check) == (5,), "dgamma has shape (D,): summed over the batch"

# %% [markdown]
# How much does the algebra buy? Time both on a realistic layer.

# %% tags=["demo"]
try:
    rng_demo = np.random.default_rng(3)
    x_big = rng_demo.normal(size=(256, 512))
    dout_big = rng_demo.normal(size=(256, 512))
    _, cache_big = batchnorm_forward(x_big, np.ones(512), np.zeros(512), {"mode": "train"})
    for backward in (batchnorm_backward, batchnorm_backward_alt):
        start = time.perf_counter()
        for _ in range(20):
            backward(dout_big, cache_big)
        print(f"{backward.__name__:24s} {(time.perf_counter() - start) / 20 * 1e3:6.2f} ms per call")
    dx_graph = batchnorm_backward(dout_big, cache_big)[0]
    dx_alt = batchnorm_backward_alt(dout_big, cache_big)[0]
    print(f"largest relative difference: {rel_error(dx_graph, dx_alt):.1e}")
except NotImplementedError:
    print('Implement both backward passes above to time them.')

# %% [markdown]
# ## 5. Why BatchNorm permits larger learning rates
#
# Put BN right after a linear layer: $h = xW$ with $W$ of shape
# $(D_\text{in}, D)$, then $y = \mathrm{BN}(h)$, then the rest of the network
# and a loss $L(W)$. Scale the weights by $c > 0$. Every column of $h$ is
# scaled by $c$, so its mean becomes $c\mu$, its variance $c^2\sigma^2$ and
#
# $$\hat x(cW) = \frac{c\,h - c\,\mu}{\sqrt{c^2\sigma^2 + \varepsilon}}
#   = \frac{h - \mu}{\sqrt{\sigma^2 + \varepsilon / c^2}} .$$
#
# **First with $\varepsilon = 0$** (every column of $h$ has $\sigma > 0$). Then
# $\hat x(cW) = c\,(h - \mu)/(c\,\sigma) = \hat x(W)$ exactly, for every $c > 0$:
# **the layer's output, hence the loss, does not depend on the scale of $W$**,
#
# $$L(cW) = L(W) \qquad \text{for all } c > 0 \text{ and all } W$$
#
# (even column by column: each column of $W$ may get its own $c_j > 0$). This is an
# identity in $c$ and $W$, so we may differentiate it. Two consequences follow.
#
# **(a) The gradient is orthogonal to the weights.** Differentiate with respect
# to $c$ and set $c = 1$:
# $$0 = \frac{d}{dc}L(cW)\Big|_{c=1} = \langle \nabla L(W),\, W\rangle .$$
#
# **(b) The gradient scales as $1/\|W\|$.** Differentiate with respect to $W$.
# By the chain rule the left side gives $c\,(\nabla L)(cW)$, the right side
# $\nabla L(W)$, hence
# $$\nabla L(cW) = \frac{1}{c}\,\nabla L(W).$$
# Differentiating once more gives $\nabla^2 L(cW) = \nabla^2 L(W)/c^2$: the
# curvature falls as $1/\|W\|^2$. Gradient descent on a quadratic is stable for
# $\eta < 2/\lambda_\text{max}$ (assignment 11), so the largest stable step
# *grows* like $\|W\|^2$.
#
# **The dynamics correct themselves.** Take an SGD step $W' = W - \eta g$ with
# $g = \nabla L(W)$. Since $g \perp W$ (Pythagoras),
# $$\|W'\|^2 = \|W\|^2 + \eta^2\|g\|^2 \;\ge\; \|W\|^2 .$$
# The norm only grows, and it grows faster the larger $\eta$ is. What the
# network computes depends only on the direction $W/\|W\|$, which turns by an
# angle of about $\eta\|g\|/\|W\|$. By (b) with $c = \|W\|$,
# $\|g\| = \|\nabla L(W/\|W\|)\|/\|W\|$, so the direction moves with the
# **effective learning rate** $\eta/\|W\|^2$. A too-large $\eta$ first inflates
# $\|W\|$, which shrinks the effective step until training is stable again.
# Without BN there is no such brake: scaling $W$ scales the pre-activations,
# a too-large step makes activations and gradients grow multiplicatively layer
# after layer, and training diverges.
#
# **What $\varepsilon > 0$ changes.** The formula for $\hat x(cW)$ says that scaling the
# weights by $c$ is the same as keeping them and dividing $\varepsilon$ by $c^2$. Write
# $L_\varepsilon$ for the loss computed with a given $\varepsilon$; then, exactly,
# $$L_\varepsilon(cW) = L_{\varepsilon/c^2}(W) .$$
# Differentiate with respect to $c$ at $c = 1$, as in (a): the left side gives
# $\langle \nabla L_\varepsilon(W), W\rangle$, the right side
# $\frac{\partial L}{\partial \varepsilon}\cdot\frac{d}{dc}\frac{\varepsilon}{c^2}\big|_{c=1}$, so
# $$\langle \nabla L_\varepsilon(W),\, W\rangle = -2\varepsilon\,\frac{\partial L_\varepsilon(W)}{\partial \varepsilon} .$$
# The gradient is orthogonal to $W$ only up to this term. It is negligible while
# $\varepsilon \ll \sigma^2$ (then $\varepsilon$ barely changes the output, and
# $\partial L/\partial\varepsilon$ is small): (a), (b) and the effective learning rate hold
# to relative order $\varepsilon/\sigma^2$, and better and better as $\|W\|$, hence $\sigma$,
# grows during training. They fail for tiny weights, $c^2\sigma^2 \lesssim \varepsilon$:
# there $\hat x(cW) \approx c\,(h - \mu)/\sqrt{\varepsilon}$ is nearly linear in $c$, the
# output shrinks towards $\beta$, and the gradient stops growing like $1/c$ as
# $c \to 0$: it levels off at the size set by $1/\sqrt{\varepsilon}$. So $\varepsilon$ also
# caps how steep the loss can get around $W = 0$.
#
# The next cell checks (a) and (b) numerically with your `batchnorm_forward`
# and `batchnorm_backward` (with the default $\varepsilon = 10^{-5}$): for $h = xW$,
# $\nabla_W L = x^\top\,\bar h$.

# %% tags=["demo"]
try:
    rng_demo = np.random.default_rng(4)
    x_in = rng_demo.normal(size=(32, 10))
    w_dir = rng_demo.normal(size=(10, 8))
    readout = rng_demo.normal(size=(32, 8))        # L = sum(readout * BN(x W)): a linear loss
    scales = np.logspace(-3, 2, 26)
    losses, grad_norms, cosines = [], [], []
    for c in scales:
        out_c, cache_c = batchnorm_forward(x_in @ (c * w_dir), np.ones(8), np.zeros(8), {"mode": "train"})
        dh = batchnorm_backward(readout, cache_c)[0]
        grad_w = x_in.T @ dh
        losses.append(np.sum(readout * out_c))
        grad_norms.append(np.linalg.norm(grad_w))
        cosines.append(np.sum(grad_w * w_dir) / (np.linalg.norm(grad_w) * np.linalg.norm(w_dir)))
    grad_norms = np.array(grad_norms)
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.4))
    axes[0].semilogx(scales, losses, "o-")
    axes[0].set_xlabel("scale c of W")
    axes[0].set_title("L(cW): flat once c^2 sigma^2 >> eps")
    axes[1].loglog(scales, grad_norms, "o", label="||grad L(cW)||")
    reference = grad_norms[scales.searchsorted(1.0)]
    axes[1].loglog(scales, reference / scales, "k--", label="||grad L(W)|| / c")
    axes[1].set_xlabel("scale c of W")
    axes[1].set_title("the gradient shrinks like 1/c")
    axes[1].legend()
    plt.tight_layout()
    plt.show()
    print("cos(grad, W) at c = 1, 10, 100:",
          [f"{cosines[i]:.1e}" for i in np.searchsorted(scales, [1.0, 10.0, 100.0])])
except NotImplementedError:
    print('Implement batchnorm_forward and batchnorm_backward above to see this plot.')

# %% [markdown]
# At the left edge, $c^2\sigma^2$ becomes comparable to $\varepsilon$ and the
# invariance breaks down, exactly as the formula for $\hat x(cW)$ predicts.
#
# **Now train something.** A small ReLU network (4 hidden layers of 64 units)
# learns a three-class spiral from 600 points, with mini-batches of 64 and plain
# SGD, once without BN and once with BN after every hidden linear layer (using
# your forward and `batchnorm_backward_alt`). The final loss is measured on all
# 600 points, with BN in **test mode**, i.e. with the running statistics: this
# is where they earn their keep. The right panel follows $\|W\|$ of the second
# layer during the BN runs: the larger the learning rate, the faster the norm
# grows, and the smaller the effective step $\eta/\|W\|^2$ becomes.

# %% tags=["demo"]
try:
    def spiral(points_per_class, classes, rng):
        xs, ys = [], []
        for k in range(classes):
            radius = np.linspace(0.05, 1.0, points_per_class)
            angle = np.linspace(4.2 * k, 4.2 * (k + 1), points_per_class) \
                + rng.normal(0.0, 0.2, points_per_class)
            xs.append(np.c_[radius * np.sin(angle), radius * np.cos(angle)])
            ys.append(np.full(points_per_class, k))
        return np.concatenate(xs), np.concatenate(ys)


    data_x, data_y = spiral(200, 3, np.random.default_rng(0))
    data_x = 5.0 * data_x + np.array([3.0, -2.0])      # raw inputs: not centred, not unit scale


    def mlp_forward(params, bn_params, x, use_bn, mode):
        h, caches = x, []
        for layer in range(len(params["W"]) - 1):
            a = h @ params["W"][layer] + params["b"][layer]
            bn_cache = None
            if use_bn:
                bn_params[layer]["mode"] = mode
                a, bn_cache = batchnorm_forward(a, params["gamma"][layer], params["beta"][layer],
                                                bn_params[layer])
            caches.append((h, a, bn_cache))
            h = np.maximum(a, 0.0)
        return h @ params["W"][-1] + params["b"][-1], h, caches


    def mean_cross_entropy(logits, labels):
        z = logits - logits.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return -log_p[np.arange(len(labels)), labels].mean(), np.exp(log_p)


    def train_mlp(use_bn, lr, steps=300, batch=64, hidden=64, depth=4, seed=1):
        rng = np.random.default_rng(seed)
        sizes = [2] + [hidden] * depth + [3]
        params = {"W": [rng.normal(0.0, np.sqrt(2.0 / m), (m, k)) for m, k in zip(sizes, sizes[1:])],
                  "b": [np.zeros(k) for k in sizes[1:]],
                  "gamma": [np.ones(hidden) for _ in range(depth)],
                  "beta": [np.zeros(hidden) for _ in range(depth)]}
        bn_params = [{"mode": "train"} for _ in range(depth)]
        norms = []
        with np.errstate(all="ignore"):           # a diverging run overflows: we stop it
            for _ in range(steps):
                idx = rng.integers(0, len(data_y), batch)
                logits, h, caches = mlp_forward(params, bn_params, data_x[idx], use_bn, "train")
                loss, probs = mean_cross_entropy(logits, data_y[idx])
                if not np.isfinite(loss) or loss > 50:
                    return np.nan, norms
                dlogits = probs
                dlogits[np.arange(batch), data_y[idx]] -= 1.0
                dlogits /= batch
                grads = {"W": [h.T @ dlogits], "b": [dlogits.sum(axis=0)], "gamma": [], "beta": []}
                dh = dlogits @ params["W"][-1].T
                for layer in reversed(range(depth)):
                    h_in, a, bn_cache = caches[layer]
                    da = dh * (a > 0)
                    if use_bn:
                        da, dgamma, dbeta = batchnorm_backward_alt(da, bn_cache)
                        grads["gamma"].insert(0, dgamma)
                        grads["beta"].insert(0, dbeta)
                    grads["W"].insert(0, h_in.T @ da)
                    grads["b"].insert(0, da.sum(axis=0))
                    dh = da @ params["W"][layer].T
                for key in grads:
                    for p, g in zip(params[key], grads[key]):
                        p -= lr * g
                norms.append(np.linalg.norm(params["W"][1]))
            logits, _, _ = mlp_forward(params, bn_params, data_x, use_bn, "test")
            return mean_cross_entropy(logits, data_y)[0], norms


    learning_rates = [0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0]
    final = {False: [], True: []}
    norm_curves = {}
    for use_bn in (False, True):
        for lr in learning_rates:
            loss, norms = train_mlp(use_bn, lr)
            final[use_bn].append(loss)
            if use_bn:
                norm_curves[lr] = norms

    fig, axes = plt.subplots(1, 2, figsize=(12, 3.6))
    for use_bn, color, name in ((False, "tab:red", "no BN"), (True, "tab:blue", "BN")):
        values = np.array(final[use_bn])
        ok = np.isfinite(values)
        axes[0].semilogx(np.array(learning_rates)[ok], values[ok], "o-", color=color, label=name)
        if not ok.all():
            axes[0].semilogx(np.array(learning_rates)[~ok], np.full((~ok).sum(), 1.5), "x",
                             color=color, markersize=10, label=f"{name}: diverged")
    axes[0].set_xlabel("learning rate")
    axes[0].set_ylabel("final loss, all data (nats)")
    axes[0].set_ylim(0, 1.6)
    axes[0].legend()
    for lr in (0.03, 0.3, 1.0, 3.0):
        axes[1].plot(norm_curves[lr], label=f"lr = {lr}")
    axes[1].set_xlabel("SGD step")
    axes[1].set_ylabel("||W|| of layer 2 (BN runs)")
    axes[1].legend()
    plt.tight_layout()
    plt.show()
    for use_bn in (False, True):
        print("with BN   " if use_bn else "without BN",
              " ".join("diverged" if not np.isfinite(v) else f"{v:8.3f}" for v in final[use_bn]))
except NotImplementedError:
    print('Implement batchnorm_forward and batchnorm_backward_alt above to train the networks.')


# %% [markdown]
# ### Why does BatchNorm help? Internal covariate shift, and its critique
#
# **The original explanation.** Ioffe and Szegedy (2015) introduced BN to reduce
# what they called **internal covariate shift**: every update of the early layers
# changes the distribution of the inputs that the later layers receive, so each layer
# keeps chasing a moving target. Fixing the mean and variance of every feature over the
# batch was meant to hold those distributions still, and they attributed the faster
# training to that.
#
# **The critique.** Santurkar, Tsipras, Ilyas and Mądry (2018, "How does batch
# normalization help optimization?") tested the explanation and found it wanting.
#
# * *BN with the shift put back.* They trained networks with BN and then added random
#   noise right after every BN layer, with a non-zero mean and a non-unit variance that
#   changed at every step, so the inputs of the next layers shifted *more* than without
#   BN. These "noisy BN" networks trained almost exactly as well as with plain BN, and
#   better than without BN. Whatever BN does, stabilising the input distributions is not
#   what the benefit needs.
# * *Measured shift.* Measuring the shift through its effect on the gradients (how much
#   a layer's gradient changes when the layers before it are updated), BN networks did
#   not show less of it, sometimes more.
# * *What BN does instead:* it makes the loss **smoother** along the training path. The
#   loss changes more slowly (a smaller Lipschitz constant) and so does its gradient
#   (smaller curvature), so the gradient stays predictive over a longer step, and larger
#   learning rates are safe.
#
# **The smoothness in one identity.** Section 4 gives the precise statement for one
# feature. With $\varepsilon = 0$, the vectors $\mathbf 1$ and $\hat x$ are orthogonal
# ($\sum_i \hat x_i = 0$) and both have squared length $N$ ($\sum_i \hat x_i^2 = N$), so
# $$\bar x = \frac{\gamma}{\sigma}\Big(\bar y - \frac{\langle \mathbf 1, \bar y\rangle}{N}\,\mathbf 1
#   - \frac{\langle \hat x, \bar y\rangle}{N}\,\hat x\Big)$$
# is $\frac{\gamma}{\sigma}$ times the orthogonal projection of $\bar y$ onto the complement of
# $\mathrm{span}\{\mathbf 1, \hat x\}$. By Pythagoras,
# $$\|\bar x\|^2 = \frac{\gamma^2}{\sigma^2}\Big(\|\bar y\|^2 - \frac{\langle \mathbf 1, \bar y\rangle^2}{N}
#   - \frac{\langle \hat x, \bar y\rangle^2}{N}\Big) \;\le\; \frac{\gamma^2}{\sigma^2}\,\|\bar y\|^2 .$$
# The gradient that reaches the layer below is the upstream gradient with two directions
# removed, rescaled by $\gamma/\sigma$: it can only shrink relative to $\frac{\gamma}{\sigma}\|\bar y\|$,
# and it shrinks further as the weights, hence $\sigma$, grow (Section 5's $1/c$). This is
# essentially the first theorem of Santurkar et al., who go on to bound the curvature in
# the same way. It is also one more view of Section 5: smaller, better-behaved gradients
# are what let the larger learning rates through. Other accounts stress the
# scale invariance itself (the automatic decay of the effective step $\eta/\|W\|^2$,
# e.g. Arora, Li and Lyu, 2019); why BN works as well as it does is still studied. What
# is settled is that "BN removes internal covariate shift" is not the mechanism.

# %% [markdown]
# ## 6. LayerNorm: the same idea along the other axis
#
# BatchNorm's statistics couple the examples of a batch, which is awkward for
# batches of one, for sequences of different lengths (RNNs, Transformers) and
# whenever train and test behaviour must match. **Layer normalization** (Ba,
# Kiros & Hinton, 2016) takes the statistics **per example, over its $D$
# features**:
#
# $$\mu_i = \frac1D\sum_{j=1}^{D} x_{ij}, \qquad
#   \sigma_i^2 = \frac1D\sum_{j=1}^{D}(x_{ij}-\mu_i)^2, \qquad
#   \hat x_{ij} = \frac{x_{ij}-\mu_i}{\sqrt{\sigma_i^2+\varepsilon}}, \qquad
#   y_{ij} = \gamma_j\hat x_{ij} + \beta_j .$$
#
# | | BatchNorm | LayerNorm |
# |---|---|---|
# | statistics over | the batch, per feature (axis 0) | the features, per example (axis 1) |
# | output of one example depends on | the whole batch | that example only |
# | train vs test | different (running statistics) | identical, no running statistics |
# | batch of one | output $\beta$ in train mode | works |
# | $\gamma, \beta$ | one per feature, shape `(D,)` | one per feature, shape `(D,)` |
# | invariant to | shifting/scaling a feature over the batch | shifting/scaling an example's features |
#
# For the scale argument of Section 5 this means LayerNorm of $xW$ is invariant
# to multiplying the **whole** $W$ by $c > 0$ (the statistics pool all columns),
# not to each column separately.
#
# **Backward.** Section 4's derivation never used which axis the statistics run
# along, nor that $a = \bar{\hat x}$ was proportional to $\bar y$: it only used
# that a set of numbers shares one mean and one standard deviation. So it
# applies verbatim to each *row*, with $D$ in place of $N$. The one thing that
# changes is step 6's last move: $\gamma_j$ now varies **along** the normalised
# axis, so it cannot be pulled out of the sums. With $a_{ij} = \gamma_j\,\bar
# y_{ij}$ and $\sigma_i = \sqrt{\sigma_i^2+\varepsilon}$:
#
# $$\bar x_{ij} = \frac{1}{D\,\sigma_i}\Big(D\,a_{ij} - \sum_{k=1}^{D} a_{ik}
#   - \hat x_{ij}\sum_{k=1}^{D} a_{ik}\,\hat x_{ik}\Big), \qquad
#   \bar\gamma_j = \sum_{i} \bar y_{ij}\hat x_{ij}, \qquad
#   \bar\beta_j = \sum_i \bar y_{ij} .$$
#
# The statistics run along axis 1, but $\gamma$ and $\beta$ are still shared by
# all examples, so their gradients still sum over the batch, axis 0.

# %% [markdown]
# ### Exercise 4 — `layernorm_forward` (2 points)
#
# `ln_param` may hold `"eps"` (default `1e-5`); there is no mode and there are
# no running statistics. Return `(out, cache)`.
#
# Conventions (array-likes in, `x`, `gamma` and `beta` never modified): see the introduction.

# %% nbgrader={"grade": false, "grade_id": "layernorm_forward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def layernorm_forward(x, gamma, beta, ln_param):
    """Layer normalization, forward: statistics per example (row) over its D features.

    x: (N, D) array-like; gamma, beta: (D,); ln_param: dict, optional "eps" (1e-5).
    Returns (out, cache) with out of shape (N, D).
    """
    x = np.asarray(x, dtype=float)
    gamma = np.asarray(gamma, dtype=float)
    beta = np.asarray(beta, dtype=float)
    eps = ln_param.get("eps", 1e-5)
    mean = x.mean(axis=1, keepdims=True)
    centred = x - mean
    var = (centred ** 2).mean(axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = centred * inv_std
    out = gamma * x_hat + beta
    return out, {"x_hat": x_hat, "inv_std": inv_std, "gamma": gamma}


# %% nbgrader={"grade": true, "grade_id": "layernorm_forward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
rng_check = np.random.default_rng(5)
x_check = rng_check.normal(3.0, 2.0, size=(5, 40))
out_check, cache_check = layernorm_forward(x_check, np.ones(40), np.zeros(40), {})
assert out_check.shape == (5, 40), "the output has the shape of x"
assert np.allclose(out_check.mean(axis=1), 0.0), "with gamma = 1, beta = 0 every ROW has mean 0"
assert np.allclose(out_check.std(axis=1), 1.0, atol=1e-5), "... and standard deviation 1 (up to eps)"
out_first_check, cache_check = layernorm_forward(x_check[:1], np.ones(40), np.zeros(40), {})
assert np.allclose(out_first_check, out_check[:1]), \
    "LayerNorm of one example alone equals its row in the batch: no batch dependence"


# %% [markdown]
# ### Exercise 5 — `layernorm_backward` (2 points)
#
# Implement the formula above. Return `(dx, dgamma, dbeta)`.
#
# Conventions (`dout` and the cache never modified; a second call on the same cache gives the same answer): see the introduction.

# %% nbgrader={"grade": false, "grade_id": "layernorm_backward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def layernorm_backward(dout, cache):
    """Layer normalization, backward.

    dout: (N, D); cache: from layernorm_forward.
    Returns (dx, dgamma, dbeta) of shapes (N, D), (D,), (D,).
    """
    dout = np.asarray(dout, dtype=float)
    x_hat, inv_std, gamma = cache["x_hat"], cache["inv_std"], cache["gamma"]
    d = dout.shape[1]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    a = dout * gamma                     # gamma varies along the normalised axis
    dx = (inv_std / d) * (d * a - a.sum(axis=1, keepdims=True)
                          - x_hat * (a * x_hat).sum(axis=1, keepdims=True))
    return dx, dgamma, dbeta


# %% nbgrader={"grade": true, "grade_id": "layernorm_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
rng_check = np.random.default_rng(6)
x_check = rng_check.normal(1.0, 2.0, size=(4, 6))
gamma_check, beta_check = rng_check.normal(1.0, 0.5, 6), rng_check.normal(0.0, 1.0, 6)
dout_check = rng_check.normal(size=(4, 6))
out_check, cache_check = layernorm_forward(x_check.copy(), gamma_check, beta_check, {})
dx_check, dgamma_check, dbeta_check = layernorm_backward(dout_check, cache_check)
assert np.shape(dgamma_check) == (6,) and np.shape(dbeta_check) == (6,), \
    "dgamma and dbeta have shape (D,): summed over the batch axis"
dx_num_check = numerical_gradient(lambda x: layernorm_forward(x, gamma_check, beta_check, {})[0],
                                  x_check, dout_check)
dgamma_num_check = numerical_gradient(lambda g: layernorm_forward(x_check, g, beta_check, {})[0],
                                      gamma_check, dout_check)
assert rel_error(dx_check, dx_num_check) < 1e-5, \
    f"dx disagrees with central differences (rel. error {rel_error(dx_check, dx_num_check):.1e})"
assert rel_error(dgamma_check, dgamma_num_check) < 1e-5, "dgamma disagrees with central differences"

# %% [markdown]
# **Batch dependence, side by side.** The same example is normalised inside
# two different batches. BatchNorm (train mode) gives it two different
# outputs; LayerNorm gives the same one.

# %% tags=["demo"]
try:
    rng_demo = np.random.default_rng(7)
    example = rng_demo.normal(size=(1, 6))
    batch_a = np.vstack([example, rng_demo.normal(0.0, 1.0, size=(7, 6))])
    batch_b = np.vstack([example, rng_demo.normal(3.0, 5.0, size=(7, 6))])
    for name, forward, param in (("BatchNorm", batchnorm_forward, {"mode": "train"}),
                                 ("LayerNorm", layernorm_forward, {})):
        out_a = forward(batch_a, np.ones(6), np.zeros(6), dict(param))[0][0]
        out_b = forward(batch_b, np.ones(6), np.zeros(6), dict(param))[0][0]
        print(f"{name}: example in batch A -> {out_a}")
        print(f"{'':9}  example in batch B -> {out_b}   (max difference {np.abs(out_a - out_b).max():.3g})")
except NotImplementedError:
    print('Implement batchnorm_forward and layernorm_forward above to compare them.')

# %% [markdown]
# ## Summary
#
# * **Forward:** per feature, subtract the batch mean, divide by
#   $\sqrt{\sigma^2 + \varepsilon}$ with the biased variance, then scale by
#   $\gamma$ and shift by $\beta$, which lets the layer represent the identity.
# * **Backward:** walk the graph in reverse, summing the gradient of every value
#   over all the places it is used. Both averages contribute a $1/N$, and the
#   result collapses to
#   $\bar x = \frac{\gamma}{N\sigma}\big(N\bar y - \sum\bar y - \hat x\sum \bar y\hat x\big)$,
#   which is $\bar y$ with the shift and scale directions projected out.
# * **Inference:** exponential moving averages of the batch statistics, with
#   `momentum` the weight of the old value. Test mode uses them and never changes
#   them. Batch statistics at test time would make a prediction depend on its
#   neighbours, and would erase all information in a batch of one.
# * **Learning rates:** with $\varepsilon = 0$, $L(cW) = L(W)$ exactly, which gives
#   $\nabla L \perp W$ and $\nabla L(cW) = \nabla L(W)/c$, so the weight norm grows and
#   the effective step $\eta/\|W\|^2$ shrinks by itself; $\varepsilon > 0$ adds
#   $\langle\nabla L, W\rangle = -2\varepsilon\,\partial L/\partial\varepsilon$, negligible once
#   $\sigma^2 \gg \varepsilon$.
# * **Why it helps:** not by removing internal covariate shift (BN with injected noise
#   trains as well); the backward pass projects two directions out of the gradient and
#   scales it by $\gamma/\sigma$, which makes the loss smoother.
# * **LayerNorm:** the same normalisation per example over features. No batch
#   dependence and no running statistics. In its backward pass $\gamma$ stays
#   inside the sums.
