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
# # 12 · Convolution and pooling: output sizes, backprop, receptive fields
#
# An image is not a bag of pixels. Neighbouring pixels are strongly dependent
# (their mutual information is high), distant ones much less so, and the same
# local pattern -- an edge, a corner, a stroke -- can appear anywhere. A
# convolutional layer is built around those two facts:
#
# * **locality**: each output looks at a small window of the input, where the
#   dependence that carries a pattern lives;
# * **weight sharing**: the same small detector (the kernel) is slid over every
#   position, so a pattern learnt in one place is recognised everywhere.
#
# Read as information theory, a kernel is a *matched detector*: its output at a
# position is large when the window looks like the kernel, so a feature map
# records *where* a local pattern occurs. Weight sharing is also a statement
# about description length: a fully connected map from a $32\times32$ image to
# a $32\times32$ map needs $1024^2 \approx 10^6$ numbers, a $3\times3$ kernel
# needs 9, and it describes the same operation at every position. Fewer
# parameters to pin down means fewer bits the data must supply, which is why
# convolutional networks generalise from fewer images.
#
# | # | exercise | points |
# |---|---|---|
# | 1 | `conv_output_size(n, kernel, stride=1, padding=0, dilation=1)` | 2 |
# | 2 | `conv2d_forward(x, w, b, stride=1, pad=0)` | 3 |
# | 3 | `conv2d_backward(dout, cache)` | 4 |
# | 4 | `maxpool2d_forward(x, size, stride)` | 2 |
# | 5 | `maxpool2d_backward(dout, cache)` | 2 |
# | 6 | `receptive_field(layers)` | 2 |
# | | **total** | **15** |
#
# **Conventions used by the graders.**
# * Images are `x` of shape `(N, C, H, W)` (batch, channels, height, width),
#   kernels `w` of shape `(F, C, HH, WW)` ($F$ filters), biases `b` of shape
#   `(F,)`. Everything is NumPy `float64`; lists (nested lists) work as well as
#   arrays, and array results are `np.ndarray`.
# * **Inputs are never modified**: the forward functions leave `x`, `w`, `b`
#   as they were, the backward functions leave `dout` and the cache as they
#   were. The hidden tests compare every argument after each call.
# * **Caches are reusable**: calling a backward function twice on the same cache
#   (with the same `dout`) gives the same answer. The cache is yours (a tuple
#   `(x, w, b, ...)` is fine); the graders only hand it back to your backward
#   function. A backward pass is judged against the true gradient. For
#   `conv2d_backward` only: if your `conv2d_forward` is wrong, your backward still
#   earns its points when it is the exact gradient of *your* forward (one mistake
#   is counted once). `maxpool2d_backward` is judged against the true gradient
#   only.
# * Sizes that do not divide evenly are **floored, as PyTorch does**: rows and
#   columns that no window reaches are simply not used (and get zero gradient).
#
# **If you know CS231n's `conv_forward_naive`.** Its code carries over, with
# three differences in the contract:
# 1. `stride` and `pad` are keyword arguments (`stride=1, pad=0`), not a
#    `conv_param` dictionary;
# 2. where CS231n *asserts* that `(H + 2 pad - HH)` is divisible by the stride,
#    here any size is valid and the output size is floored (exercise 1);
# 3. the cache is whatever you like (CS231n's `(x, w, b, conv_param)` is fine).
#    Watch the padding crop in the backward pass: `dx_pad[:, :, pad:-pad, pad:-pad]`
#    is **empty** when `pad = 0` (the slice `0:-0` is `0:0`); crop with
#    `pad:pad + H` instead. `pad = 0` is graded.
# Everything is graded with small inputs (a few channels, images of at most
# about $10\times10$), so a loop implementation is fast enough.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

np.set_printoptions(precision=4, suppress=True)
torch.set_num_threads(1)      # tiny tensors: extra threads only cost time


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
    """Largest entrywise |a - b| / (|a| + |b|), guarded against 0 / 0."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def torch_conv(x, w, b, stride=1, pad=0):
    """The oracle of exercise 2: torch.nn.functional.conv2d in float64."""
    x, w, b = (torch.tensor(np.array(a, dtype=float)) for a in (x, w, b))   # copies: any strides
    return F.conv2d(x, w, b, stride=stride, padding=pad).numpy()


# %% [markdown]
# ## 1. How big is the output? Deriving the formula
#
# Work along one axis (height; width is the same). The input has $n$ rows.
# Padding adds $p$ rows of zeros on each side, so the padded input has rows
# $0, 1, \dots, n + 2p - 1$.
#
# A kernel of size $k$ with **dilation** $d$ reads rows
# $t, t + d, t + 2d, \dots, t + (k-1)d$ when its first tap sits on row $t$: it
# spans $d(k-1) + 1$ rows (dilation $d = 1$ is the ordinary, contiguous kernel;
# $d = 2$ skips every other row and sees a wider area with the same number of
# weights).
#
# With **stride** $s$ the window's first tap visits rows $t_i = i\,s$ for
# output positions $i = 0, 1, 2, \dots$. Position $i$ is valid when the window's
# last tap is still inside the padded input:
#
# $$i s + d(k-1) \le n + 2p - 1
# \quad\Longleftrightarrow\quad
# i \le \frac{n + 2p - d(k-1) - 1}{s}.$$
#
# $i$ is an integer, so the largest valid $i$ is the floor of the right-hand side,
# and counting $i = 0$ as well,
#
# $$\boxed{\;n_{\text{out}} = \left\lfloor \frac{n + 2p - d(k-1) - 1}{s} \right\rfloor + 1\;}$$
#
# Checks of the formula:
# * $d = 1$, $s = 1$: $n_{\text{out}} = n + 2p - k + 1$; with $p = (k-1)/2$ for
#   odd $k$ ("same" padding) the size is preserved, $n_{\text{out}} = n$.
# * $n = 7$, $k = 3$, $s = 2$, $p = 0$: windows start at rows 0, 2, 4, and the
#   one at row 4 ends at row 6, the last row: $\lfloor 4/2 \rfloor + 1 = 3$.
# * $n = 8$, same kernel: still 3 windows (start 6 would need row 8). Row 7 is
#   never read. The fraction $5/2$ is not an integer, and **flooring** is what
#   PyTorch (and this course) does: the leftover row is dropped. CS231n's
#   assignment instead asserts the division is exact.
#
# When the kernel's span is larger than the padded input, $n + 2p < d(k-1) + 1$,
# no position is valid; the formula would give 0 or less. That is an error,
# not an empty output.
#
# ### Exercise 1 — `conv_output_size` (2 points)
#
# Return the boxed $n_{\text{out}}$ as a Python `int` (a NumPy integer is also
# accepted; a float such as `5.0` is not an `int`). Arguments are integers
# (Python or NumPy). Raise `ValueError` (with a message) when `n`, `kernel`,
# `stride` or `dilation` is smaller than 1, when `padding` is negative, or when
# the window does not fit ($n_{\text{out}} < 1$). The hidden tests compare with
# the shape `torch.nn.functional.conv1d` produces, over random sizes, kernels,
# strides, paddings and dilations, including sizes that do not divide evenly.

# %% nbgrader={"grade": false, "grade_id": "conv_output_size_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv_output_size(n, kernel, stride=1, padding=0, dilation=1):
    """Output length of a convolution along one axis, floored as in PyTorch.

    n: input length; kernel: kernel size; stride, padding (each side), dilation.
    Returns an int >= 1; raises ValueError for invalid arguments or a window
    that does not fit in the padded input.
    """
    n, kernel, stride, padding, dilation = (int(v) for v in (n, kernel, stride, padding, dilation))
    if min(n, kernel, stride, dilation) < 1 or padding < 0:
        raise ValueError(f"need n, kernel, stride, dilation >= 1 and padding >= 0, got n={n}, "
                         f"kernel={kernel}, stride={stride}, padding={padding}, dilation={dilation}")
    span = dilation * (kernel - 1) + 1
    if n + 2 * padding < span:
        raise ValueError(f"a kernel spanning {span} does not fit in {n} + 2*{padding} positions")
    return (n + 2 * padding - span) // stride + 1


# %% nbgrader={"grade": true, "grade_id": "conv_output_size", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert conv_output_size(32, 3, 1, 1) == 32, "'same' padding: a 3x3 kernel with padding 1 keeps the size"
assert conv_output_size(7, 3, stride=2) == 3, "windows start at 0, 2, 4"
assert conv_output_size(8, 3, stride=2) == 3, "floored: (8 - 3) / 2 = 2.5 -> 2, plus 1 (row 7 is unused)"
assert conv_output_size(10, 3, dilation=2) == 6, "a dilated 3-tap kernel spans 2*(3-1)+1 = 5 rows"
assert conv_output_size(5, 2, stride=3, padding=2) == 3, "(5 + 4 - 2) // 3 + 1 = 3"
assert isinstance(conv_output_size(9, 3), (int, np.integer)), "return an int"
for args_check in [(3, 5), (4, 5, 2), (0, 1), (5, 3, 0), (5, 3, 1, -1)]:
    try:
        conv_output_size(*args_check)
    except ValueError:
        pass
    else:
        raise AssertionError(f"conv_output_size{args_check} should raise ValueError"
                             + (": (4 - 5) / 2 = -0.5 floors to -1 (int() truncates it to 0)"
                                if args_check == (4, 5, 2) else ""))


# %% [markdown]
# ## 2. The forward pass: cross-correlation
#
# Pad `x` with $p$ zeros on every side of both spatial axes; call the result
# $\tilde x$ (shape $(N, C, H + 2p, W + 2p)$). Output channel $f$ at position
# $(i, j)$ is the kernel laid over the window whose top-left corner is
# $(i s, j s)$, multiplied entrywise and summed over channels and taps:
#
# $$\text{out}[n, f, i, j] = b_f + \sum_{c=0}^{C-1} \sum_{k=0}^{HH-1} \sum_{l=0}^{WW-1}
#     w[f, c, k, l]\; \tilde x[n, c, i s + k, j s + l],$$
#
# for $0 \le i < H'$, $0 \le j < W'$ with $H' = $ `conv_output_size(H, HH, s, p)`
# and $W' = $ `conv_output_size(W, WW, s, p)`.
#
# Strictly, this is a **cross-correlation**: the kernel index runs in the same
# direction as the input index ($\tilde x[is + k]$). The mathematical
# convolution flips the kernel, $\sum_k w[k]\, x[i - k]$. Deep-learning
# libraries (PyTorch's `conv2d` included) compute the cross-correlation and call
# it convolution; since the kernel is learnt, the flip makes no difference to
# what a network can represent, but it does make a difference to the numbers:
# this exercise is graded against `torch.nn.functional.conv2d`, so **do not
# flip** the kernel.
#
# Counting the work: each output entry costs $C \cdot HH \cdot WW$
# multiply-adds, and there are $N F H' W'$ of them. The layer has only
# $F (C\, HH\, WW + 1)$ parameters, whatever the image size.
#
# ### Exercise 2 — `conv2d_forward` (3 points)
#
# Implement the formula above. `stride` and `pad` are non-negative integers
# (stride at least 1) used for both axes; `pad=0` means no padding. Return
# `(out, cache)`, `out` of shape `(N, F, H', W')` with sizes floored as in
# exercise 1. Raise `ValueError` when the kernel's channel count differs from
# the input's (`w.shape[1] != x.shape[1]`). The hidden tests compare with
# `torch.nn.functional.conv2d` (float64) for random shapes, non-square kernels,
# strides 1 to 3 on sizes that do not divide evenly, `pad` from 0 to 2, the
# defaults (`stride=1, pad=0`), `N = 1`, `C = 1`, `F = 1`, a kernel as large as
# the padded image (a $1 \times 1$ output), and lists as inputs.

# %% nbgrader={"grade": false, "grade_id": "conv2d_forward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv2d_forward(x, w, b, stride=1, pad=0):
    """2-D cross-correlation, as torch.nn.functional.conv2d.

    x: (N, C, H, W); w: (F, C, HH, WW); b: (F,); stride, pad: ints (both axes).
    Returns (out, cache): out of shape (N, F, H', W').
    """
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    b = np.asarray(b, dtype=float)
    if w.shape[1] != x.shape[1]:
        raise ValueError(f"w has {w.shape[1]} input channels but x has {x.shape[1]}")
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = np.lib.stride_tricks.sliding_window_view(
        padded, w.shape[2:], axis=(2, 3))[:, :, ::stride, ::stride]
    out = np.einsum("ncijkl,fckl->nfij", windows, w) + b[None, :, None, None]
    return out, (x, w, b, stride, pad)


# %% nbgrader={"grade": true, "grade_id": "conv2d_forward", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
x_check = np.arange(16.0).reshape(1, 1, 4, 4)
w_check = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])          # top-left minus bottom-right
out_check, cache_check = conv2d_forward(x_check, w_check, np.array([0.5]))
assert np.shape(out_check) == (1, 1, 3, 3), "4x4 input, 2x2 kernel, stride 1, no padding: 3x3"
assert np.allclose(out_check, -5 + 0.5), \
    "every window gives x[i, j] - x[i+1, j+1] + b = -5 + 0.5 (a flipped kernel gives +5.5)"
rng_check = np.random.default_rng(0)
for stride_check, pad_check in [(1, 0), (2, 1), (3, 2)]:
    x_check = rng_check.normal(size=(2, 3, 7, 6))
    w_check = rng_check.normal(size=(4, 3, 3, 2))
    b_check = rng_check.normal(size=4)
    out_check, cache_check = conv2d_forward(x_check, w_check, b_check, stride=stride_check, pad=pad_check)
    expected_check = torch_conv(x_check, w_check, b_check, stride_check, pad_check)
    assert np.shape(out_check) == expected_check.shape, \
        f"stride={stride_check}, pad={pad_check}: shape {np.shape(out_check)}, torch gives {expected_check.shape}"
    assert rel_error(out_check, expected_check) < 1e-9, \
        f"stride={stride_check}, pad={pad_check}: values differ from torch's conv2d"

# %% [markdown]
# ## 3. Translation equivariance, proved
#
# Let $T_t$ shift an image by $t = (t_1, t_2)$ pixels: $(T_t x)[u, v] = x[u - t_1, v - t_2]$.
# Take stride 1 and ignore the border for a moment (think of an infinite
# image, or of positions far from the edge). Write the cross-correlation of one
# channel as $(w \star x)[i, j] = \sum_{k, l} w[k, l]\, x[i + k, j + l]$. Then
#
# $$(w \star T_t x)[i, j] = \sum_{k,l} w[k, l]\, (T_t x)[i + k, j + l]
#   = \sum_{k,l} w[k, l]\, x[i - t_1 + k,\; j - t_2 + l]
#   = (w \star x)[i - t_1, j - t_2] = \big(T_t (w \star x)\big)[i, j].$$
#
# So $w \star (T_t x) = T_t (w \star x)$: **shifting the input shifts the output
# by the same amount**, the layer is *equivariant* to translations. Summing over
# channels and adding a bias (the same at every position) keeps the identity,
# and so does any pointwise nonlinearity $\sigma$, since
# $\sigma(T_t z) = T_t \sigma(z)$. A whole stack of stride-1 convolutions and
# ReLUs is equivariant.
#
# Two honest caveats:
# * **Borders.** With zero padding, content shifted in from outside the image
#   is zeros, and what is shifted out is lost; the identity holds exactly on the
#   output positions whose windows see the same pixels in both images.
# * **Stride.** With stride $s$, $\text{out}[i] $ reads $x[is + k]$; a shift by
#   $t = m s$ gives $\text{out}[i - m]$, a clean shift of the output, but a shift by
#   $t$ not a multiple of $s$ moves the sampling grid and the output is *not* a
#   shifted copy. Striding (and pooling) trades exact equivariance for fewer
#   positions.
#
# Equivariance is weight sharing seen from outside: a detector that works at
# one position works at all of them, so the network does not need to see a cat
# in every corner to recognise it in every corner.

# %% tags=["demo"]
from sklearn.datasets import load_digits

digit_demo = load_digits().images[3] / 16.0                 # an 8x8 digit
canvas_demo = np.zeros((1, 1, 16, 16))
canvas_demo[0, 0, 2:10, 2:10] = digit_demo
shifted_demo = np.roll(canvas_demo, (3, 4), axis=(2, 3))   # moved 3 down, 4 right
edge_demo = np.array([[[[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]]])  # Sobel x
try:
    fmap_demo, _ = conv2d_forward(canvas_demo, edge_demo, np.zeros(1), pad=1)
    fmap_shifted_demo, _ = conv2d_forward(shifted_demo, edge_demo, np.zeros(1), pad=1)
    gap_demo = np.abs(np.roll(fmap_demo, (3, 4), axis=(2, 3)) - fmap_shifted_demo).max()
    fig, axes = plt.subplots(1, 4, figsize=(13, 3.2))
    panels = [(canvas_demo, "input x"), (fmap_demo, "w * x"), (shifted_demo, "shifted input T x"),
              (fmap_shifted_demo, "w * (T x)")]
    for ax, (img, title) in zip(axes, panels):
        ax.imshow(img[0, 0], cmap="RdBu_r" if "w" in title else "gray_r")
        ax.set_title(title)
        ax.axis("off")
    plt.tight_layout()
    plt.show()
    print(f"max |T(w * x) - w * (T x)| = {gap_demo:.2e}  (the digit stays away from the border)")
except NotImplementedError:
    print("Implement conv2d_forward above to see translation equivariance.")

# %% [markdown]
# ## 4. Backpropagation through a convolution, derived
#
# Let $L$ be a scalar loss and write $\bar z = \partial L / \partial z$; the
# upstream gradient $\overline{\text{out}}$ is `dout`, of the output's shape.
# The forward pass is **linear** in each of $b$, $w$ and $\tilde x$, so each
# gradient is a sum of `dout` against the coefficient that multiplies the
# variable, over every output entry it touches.
#
# **Bias.** $b_f$ appears with coefficient 1 in every output entry of channel $f$:
#
# $$\bar b_f = \sum_{n, i, j} \overline{\text{out}}[n, f, i, j].$$
#
# **Weights.** $w[f, c, k, l]$ multiplies $\tilde x[n, c, is + k, js + l]$ in
# output entry $(n, f, i, j)$, for every $n, i, j$:
#
# $$\bar w[f, c, k, l] = \sum_{n, i, j} \overline{\text{out}}[n, f, i, j]\;
#       \tilde x[n, c, is + k, js + l].$$
#
# For fixed $(f, c)$ this is again a cross-correlation: of the padded input
# with `dout` used as the kernel (for stride $s > 1$, with `dout`'s entries
# spread $s$ apart, i.e. a kernel dilated by $s$). Weight sharing shows up as the sum over all positions
# and the whole batch: one weight, many uses, all their gradients added.
#
# **Input.** The padded input entry $\tilde x[n, c, u, v]$ is read by every
# output entry $(n, f, i, j)$ and tap $(k, l)$ with $is + k = u$ and
# $js + l = v$, with coefficient $w[f, c, k, l]$:
#
# $$\bar{\tilde x}[n, c, u, v] = \sum_f \sum_{\substack{i, k:\; is + k = u}} \;
#   \sum_{\substack{j, l:\; js + l = v}} \overline{\text{out}}[n, f, i, j]\; w[f, c, k, l].$$
#
# Now take stride 1 and look at one axis. The constraint $i + k = u$ means
# $i = u - k$:
#
# $$\bar{\tilde x}[u] = \sum_{k} \overline{\text{out}}[u - k]\; w[k],$$
#
# with $\overline{\text{out}}[i] = 0$ outside $0 \le i < n_{\text{out}}$. The
# index of `dout` runs *against* the kernel index: this is a true
# **convolution** of `dout` with `w`. It is a **full** one: $u$ runs over the whole
# padded input, $0 \le u < n_{\text{out}} + K - 1$, so near the ends only part of
# the kernel overlaps `dout` -- the same as padding `dout` with $K - 1$ zeros
# on each side. Substituting $k' = K - 1 - k$ writes it back as a
# cross-correlation with the **flipped** kernel $w^{\text{flip}}[k'] = w[K-1-k']$:
#
# $$\bar{\tilde x}[u] = \sum_{k'} \overline{\text{out}}_{\text{pad}\,K-1}[u + k']\; w^{\text{flip}}[k'] .$$
#
# In two dimensions with channels, the kernel is flipped along both spatial
# axes and its two channel axes are swapped ($w[f, c]$ maps channel $c$ to
# $f$ going forward, and $f$ back to $c$ going backward):
#
# $$\boxed{\;\bar{\tilde x} = \text{conv2d}\big(\overline{\text{out}},\;
#     w^{\text{flip}}_{c, f},\; \text{pad} = K - 1\big)\quad\text{(stride 1)}\;}$$
#
# This is why the backward pass of a convolution is a convolution (and why
# libraries call it `conv_transpose2d`). With stride $s > 1$, insert $s - 1$
# zeros between neighbouring entries of `dout` first: the output entries the
# stride skipped contribute nothing, and then the same formula holds. If the
# size did not divide evenly, the last rows and columns of $\tilde x$ that no
# window read get gradient zero.
#
# Finally, the padded positions are not inputs: $\bar x$ is the interior of
# $\bar{\tilde x}$, rows and columns $p$ to $p + H - 1$. Crop with
# `dx_pad[:, :, pad:pad + H, pad:pad + W]`. The tempting
# `dx_pad[:, :, pad:-pad, pad:-pad]` is right for $p \ge 1$ and **empty** for $p = 0$.
#
# You need not implement it as a convolution: a loop that adds
# `dout[n, f, i, j] * w[f]` into the window of `dx_pad` it came from computes
# exactly the sum above. The demo after the exercise checks the boxed identity
# on your gradient.
#
# ### Exercise 3 — `conv2d_backward` (4 points)
#
# Given `dout` of shape `(N, F, H', W')` and your cache, return `(dx, dw, db)`
# with the shapes of `x`, `w` and `b`. The hidden tests compare with PyTorch
# autograd (float64) on random shapes, strides 1 to 3, `pad` 0 to 2 (**`pad = 0`
# has a check of its own**), sizes that do not divide evenly, `N = 1`, `C = 1`,
# `F = 1`, and `dout` as a list; `dout` and the cache must not be modified, and
# a second call on the same cache must give the same answer.

# %% nbgrader={"grade": false, "grade_id": "conv2d_backward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def conv2d_backward(dout, cache):
    """Backward pass of conv2d_forward.

    dout: (N, F, H', W') upstream gradient; cache: from conv2d_forward.
    Returns (dx, dw, db) of shapes (N, C, H, W), (F, C, HH, WW), (F,).
    """
    x, w, b, stride, pad = cache
    dout = np.asarray(dout, dtype=float)
    kh, kw = w.shape[2:]
    h_out, w_out = dout.shape[2:]
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = np.lib.stride_tricks.sliding_window_view(
        padded, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    db = dout.sum(axis=(0, 2, 3))
    dw = np.einsum("nfij,ncijkl->fckl", dout, windows)
    dpadded = np.zeros(padded.shape)
    for k in range(kh):
        for l in range(kw):
            dpadded[:, :, k:k + stride * h_out:stride, l:l + stride * w_out:stride] += \
                np.einsum("nfij,fc->ncij", dout, w[:, :, k, l])
    dx = dpadded[:, :, pad:pad + x.shape[2], pad:pad + x.shape[3]]
    return dx, dw, db


# %% nbgrader={"grade": true, "grade_id": "conv2d_backward", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work (numerical gradients of YOUR forward).
rng_check = np.random.default_rng(1)
for stride_check, pad_check in [(1, 0), (2, 1), (2, 0)]:
    x_check = rng_check.normal(size=(2, 2, 5, 4))
    w_check = rng_check.normal(size=(2, 2, 3, 2))
    b_check = rng_check.normal(size=2)
    out_check, cache_check = conv2d_forward(x_check, w_check, b_check, stride=stride_check, pad=pad_check)
    dout_check = rng_check.normal(size=np.shape(out_check))
    dx_check, dw_check, db_check = (np.array(g_check, dtype=float) for g_check in
                                    conv2d_backward(dout_check, cache_check))
    again_check = conv2d_backward(dout_check, cache_check)          # the same cache, again
    assert all(np.array_equal(g_check, first_check) for g_check, first_check in
               zip(again_check, (dx_check, dw_check, db_check))), \
        "a second call on the same cache gives other gradients: read the cache, do not change it"
    assert np.shape(dx_check) == x_check.shape, \
        f"pad={pad_check}: dx has shape {np.shape(dx_check)}, x has {x_check.shape}" + \
        (" (x_pad[pad:-pad] is EMPTY for pad = 0: crop with pad:pad + H)" if pad_check == 0 else "")
    assert np.shape(dw_check) == w_check.shape and np.shape(db_check) == b_check.shape, "dw like w, db like b"
    for name_check, analytic_check, value_check, f_check in [
            ("dx", dx_check, x_check, lambda v: conv2d_forward(v, w_check, b_check, stride_check, pad_check)[0]),
            ("dw", dw_check, w_check, lambda v: conv2d_forward(x_check, v, b_check, stride_check, pad_check)[0]),
            ("db", db_check, b_check, lambda v: conv2d_forward(x_check, w_check, v, stride_check, pad_check)[0])]:
        numeric_check = numerical_gradient(f_check, value_check, dout_check)
        assert rel_error(analytic_check, numeric_check) < 1e-6, \
            f"{name_check} differs from the numerical gradient (stride={stride_check}, pad={pad_check})"

# %% [markdown]
# **Look at it.** The boxed identity on your own gradient: for stride 1, `dx`
# is the cross-correlation of `dout`, padded by $K - 1 - p$ (the full
# convolution, then the crop of the forward's padding), with the kernel flipped
# along both spatial axes and its channel axes swapped.

# %% tags=["demo"]
try:
    rng_demo = np.random.default_rng(5)
    x_demo = rng_demo.normal(size=(1, 2, 6, 7))
    w_demo = rng_demo.normal(size=(3, 2, 3, 3))
    for pad_demo in (0, 1):
        out_demo, cache_demo = conv2d_forward(x_demo, w_demo, np.zeros(3), pad=pad_demo)
        dout_demo = rng_demo.normal(size=out_demo.shape)
        dx_demo = conv2d_backward(dout_demo, cache_demo)[0]
        flipped_demo = w_demo[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)     # (C, F, HH, WW)
        full_demo = torch_conv(dout_demo, flipped_demo, np.zeros(2), pad=3 - 1 - pad_demo)
        print(f"pad={pad_demo}: max |dx - full convolution with the flipped kernel| = "
              f"{np.abs(dx_demo - full_demo).max():.2e}")
except NotImplementedError:
    print("Implement conv2d_forward and conv2d_backward above to check the identity.")

# %% [markdown]
# ## 5. Pooling: max versus average
#
# A pooling layer summarises each `size` $\times$ `size` window of every
# channel by one number, with windows placed every `stride` positions (output
# size: exercise 1's formula with padding 0 and dilation 1). Pooling has no
# parameters and acts on each channel separately.
#
# **Average pooling** is a convolution with the fixed kernel $1/\text{size}^2$
# applied to each channel: linear, a low-pass filter. Its backward pass spreads
# each upstream gradient evenly, $\bar x = \overline{\text{out}}/\text{size}^2$
# on every entry of the window.
#
# **Max pooling** keeps the strongest response, $\text{out} = \max_{(u,v) \in
# \text{window}} x[u, v]$. Away from ties the max is locally the identity on the
# winning entry $(u^*, v^*)$ and ignores the others, so
#
# $$\frac{\partial\, \text{out}}{\partial x[u, v]} = \mathbb 1[(u, v) = (u^*, v^*)]:$$
#
# the whole upstream gradient goes to the argmax, nothing to the rest. When
# windows overlap (stride < size), one entry can win several windows, and its
# gradient is the **sum** of those upstream gradients (the chain rule adds
# contributions of every use).
#
# **Ties.** At a tie the max is not differentiable; any convex combination of
# the tied entries is a valid subgradient. Libraries pick one entry: PyTorch,
# like `np.argmax`, takes the **first** maximum in row-major order of the window
# (row by row, left to right), and so does this course. Sending the gradient to
# *every* tied entry is wrong: it multiplies the gradient by the number of ties
# (the function does not grow twice as fast when two entries increase).
#
# Which to use? Read as information: a feature map says how strongly a
# pattern is present at each position. Max pooling keeps the answer to "is the
# pattern somewhere in this window, and how strongly?" and discards *where*, so
# a shift that stays inside the window leaves the output unchanged (local
# translation invariance), and a single strong detection survives. Average
# pooling keeps the mean response: a strong, isolated detection is diluted by
# its quiet neighbours, but the summary changes smoothly with the input and
# every entry receives gradient. Modern networks use max pooling (or strided
# convolutions) inside and a global average at the end.
#
# ### Exercise 4 — `maxpool2d_forward` (2 points)
#
# `x` of shape `(N, C, H, W)`; `size` and `stride` are positive integers with
# `size <= H` and `size <= W` (square windows, no padding). Return `(out, cache)` with `out` of shape `(N, C, H', W')`, $H' =
# \lfloor (H - \text{size})/\text{stride} \rfloor + 1$ (floored as PyTorch; rows
# no window reaches are ignored). Windows may overlap (stride < size) or leave
# gaps (stride > size). The hidden tests compare with
# `torch.nn.functional.max_pool2d` on random shapes, a window covering the whole
# image, and lists as input; `x` must not be modified.
#
# ### Exercise 5 — `maxpool2d_backward` (2 points)
#
# Return `dx` of the shape of `x`: each upstream gradient goes to the **first**
# maximum (row-major order) of its window, and an entry that wins several
# overlapping windows receives the sum. The hidden tests compare with autograd
# on inputs without ties, and with a loop over windows using `np.argmax` on
# integer-valued inputs full of ties, and with `dout` as a list (accept
# array-likes: `np.asarray(dout, dtype=float)`); `dout` and the cache must not be
# modified, and a second call on the same cache must give the same answer.

# %% nbgrader={"grade": false, "grade_id": "maxpool2d_forward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def maxpool2d_forward(x, size, stride):
    """Max pooling over size x size windows placed every `stride` positions.

    x: (N, C, H, W). Returns (out, cache): out of shape (N, C, H', W').
    """
    x = np.asarray(x, dtype=float)
    windows = np.lib.stride_tricks.sliding_window_view(
        x, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    flat = windows.reshape(windows.shape[:4] + (size * size,))
    first = flat.argmax(axis=-1)                   # the first maximum, row-major
    out = np.take_along_axis(flat, first[..., None], axis=-1)[..., 0]
    return out, (x.shape, first, size, stride)


# %% nbgrader={"grade": true, "grade_id": "maxpool2d_forward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
x_check = np.array([[[[1.0, 5.0, 2.0, 0.0, 9.0],
                      [3.0, 4.0, 8.0, 1.0, 9.0],
                      [0.0, 6.0, 7.0, 2.0, 9.0]]]])
out_check, cache_check = maxpool2d_forward(x_check, 2, 2)
assert np.shape(out_check) == (1, 1, 1, 2), "3x5 input, 2x2 windows, stride 2: floored to 1x2"
assert np.array_equal(out_check, [[[[5.0, 8.0]]]]), "the maxima of the two complete windows"
rng_check = np.random.default_rng(2)
for size_check, stride_check in [(2, 1), (3, 2), (2, 3)]:
    x_check = rng_check.normal(size=(2, 3, 7, 8))
    out_check, cache_check = maxpool2d_forward(x_check, size_check, stride_check)
    expected_check = F.max_pool2d(torch.tensor(x_check), size_check, stride_check).numpy()
    assert np.shape(out_check) == expected_check.shape and np.allclose(out_check, expected_check), \
        f"size={size_check}, stride={stride_check}: differs from torch's max_pool2d"


# %% nbgrader={"grade": false, "grade_id": "maxpool2d_backward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def maxpool2d_backward(dout, cache):
    """Backward pass of maxpool2d_forward: each dout entry goes to the first
    maximum of its window; overlapping windows add up. Returns dx like x."""
    shape, first, size, stride = cache
    dout = np.asarray(dout, dtype=float)
    dx = np.zeros(shape)
    n, c, i, j = np.indices(first.shape)
    rows = i * stride + first // size
    cols = j * stride + first % size
    np.add.at(dx, (n, c, rows, cols), dout)
    return dx


# %% nbgrader={"grade": true, "grade_id": "maxpool2d_backward", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
x_check = np.array([[[[2.0, 2.0, 1.0],
                      [2.0, 0.0, 2.0]]]])
pooled_check, cache_check = maxpool2d_forward(x_check, 2, 1)        # windows [[2, 2], [2, 0]] and [[2, 1], [0, 2]]
dx_check = maxpool2d_backward(np.array([[[[10.0, 1.0]]]]), cache_check)
assert np.shape(dx_check) == x_check.shape, "dx has the shape of x"
assert np.array_equal(dx_check, [[[[10.0, 1.0, 0.0], [0.0, 0.0, 0.0]]]]), \
    "ties: each window sends its gradient to its FIRST maximum in row-major order (not to every tied entry)"
x_check = np.array([[[[0.0, 0.0, 0.0], [0.0, 9.0, 0.0], [0.0, 0.0, 0.0]]]])
pooled_check, cache_check = maxpool2d_forward(x_check, 2, 1)        # the 9 wins all four windows
dx_check = np.array(maxpool2d_backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache_check), dtype=float)
assert dx_check[0, 0, 1, 1] == 10.0 and np.abs(dx_check).sum() == 10.0, \
    "overlapping windows: an entry that wins several windows receives the SUM of their gradients"
assert np.array_equal(maxpool2d_backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache_check), dx_check), \
    "a second call on the same cache gives another dx: read the cache, do not change it"
x_check = np.array([[[[0.0, 2.0], [2.0, 0.0]]]])
pooled_check, cache_check = maxpool2d_forward(x_check, 2, 2)
dx_check = maxpool2d_backward(np.array([[[[1.0]]]]), cache_check)
assert np.array_equal(dx_check, [[[[0.0, 1.0], [0.0, 0.0]]]]), \
    "tie in [[0, 2], [2, 0]]: the FIRST maximum in row-major order is at (0, 1) (column-major order would give (1, 0))"


# %% [markdown]
# **Look at it.** A digit, an edge detector's response, and that response
# pooled both ways ($2 \times 2$, stride 2). Max pooling keeps the strong
# thin strokes at full strength; average pooling blurs them and dilutes the
# peaks with their quiet neighbours. The numbers printed below compare the
# peaks, and how much each pooled map changes when the digit moves by one
# pixel (max pooling changes somewhat less: a shift inside a window does not
# move its maximum).

# %% tags=["demo"]
def average_pool_demo(x, size, stride):
    """Average pooling (for comparison): the mean of each window."""
    views = np.lib.stride_tricks.sliding_window_view(x, (size, size), axis=(2, 3))
    return views[:, :, ::stride, ::stride].mean(axis=(-1, -2))


try:
    image_demo = np.zeros((1, 1, 12, 12))
    image_demo[0, 0, 2:10, 2:10] = load_digits().images[0] / 16.0
    response_demo = np.abs(torch_conv(image_demo, edge_demo, np.zeros(1), pad=1))
    max_demo, _ = maxpool2d_forward(response_demo, 2, 2)
    avg_demo = average_pool_demo(response_demo, 2, 2)
    moved_demo = np.abs(torch_conv(np.roll(image_demo, 1, axis=3), edge_demo, np.zeros(1), pad=1))
    max_moved_demo, _ = maxpool2d_forward(moved_demo, 2, 2)
    avg_moved_demo = average_pool_demo(moved_demo, 2, 2)
    fig, axes = plt.subplots(1, 4, figsize=(13, 3.2))
    for ax, (img, title) in zip(axes, [(image_demo, "digit"), (response_demo, "|edge response|"),
                                       (max_demo, "max pool 2x2"), (avg_demo, "average pool 2x2")]):
        ax.imshow(img[0, 0], cmap="gray_r")
        ax.set_title(title)
        ax.axis("off")
    plt.tight_layout()
    plt.show()
    for name_demo, before, after in [("max", max_demo, max_moved_demo), ("average", avg_demo, avg_moved_demo)]:
        change = np.abs(after - before).sum() / np.abs(before).sum()
        print(f"{name_demo:>7} pooling: peak {before.max():.2f}, relative change after a 1-pixel shift "
              f"{change:.2f}")
except NotImplementedError:
    print("Implement maxpool2d_forward above to compare max and average pooling.")

# %% [markdown]
# ## 6. Receptive fields
#
# The **receptive field** of a unit is the set of input pixels its value
# depends on. Along one axis, for a stack of layers $1, \dots, L$ with kernel
# sizes $k_i$ and strides $s_i$ (padding only shifts positions, and
# does not change sizes; take dilation 1), it is an interval of $r_L$ input
# positions. Derive $r_L$ by induction.
#
# Define the **jump** $j_\ell = \prod_{i \le \ell} s_i$ (with $j_0 = 1$): the
# distance, in input pixels, between neighbouring units of layer $\ell$. (Each
# stride multiplies the spacing: neighbours in layer $\ell$ are $s_\ell$
# units of layer $\ell - 1$ apart, each $j_{\ell-1}$ input pixels apart.)
#
# * Layer 0 is the input itself: one pixel sees one pixel, $r_0 = 1$.
# * A unit of layer $\ell$ reads $k_\ell$ *consecutive* units of layer
#   $\ell - 1$, spaced $j_{\ell-1}$ input pixels apart. Each sees an interval
#   of $r_{\ell-1}$ input pixels; consecutive intervals are shifted by
#   $j_{\ell-1}$, so the union runs from the first interval's start to the last
#   one's end: $(k_\ell - 1)\, j_{\ell-1}$ positions of shift plus the width of
#   one interval,
#
# $$r_\ell = r_{\ell-1} + (k_\ell - 1)\, j_{\ell-1}
# \qquad\Longrightarrow\qquad
# \boxed{\; r_L = 1 + \sum_{\ell=1}^{L} (k_\ell - 1) \prod_{i < \ell} s_i \;}$$
#
# (The union is an interval without holes as long as $r_{\ell-1} \ge j_{\ell-1}$,
# which holds whenever no layer's stride exceeds its kernel; with a gap-leaving
# stride the formula still gives the *extent* from first to last pixel.)
#
# Note what matters: a layer's own stride does not widen its own receptive
# field -- it widens those of all the layers *after* it. A stride-2 layer early
# in the network doubles the contribution of every later kernel.
#
# ### Why stacks of small filters win
#
# Compare one $7 \times 7$ convolution with three $3 \times 3$ convolutions in a
# row (stride 1, $C$ channels in and out). Receptive fields: one layer gives
# $r = 7$; three give $r = 1 + 2 + 2 + 2 = 7$. The same field of view. Parameters
# (weights, ignoring biases):
#
# $$7 \cdot 7 \cdot C^2 = 49\,C^2 \qquad\text{vs}\qquad 3 \cdot (3 \cdot 3 \cdot C^2) = 27\,C^2,$$
#
# about 45 % fewer. In general $m$ stacked $k \times k$ layers reach
# $r = m(k - 1) + 1$ with $m k^2 C^2$ weights, while a single layer of the
# same reach needs $\big(m(k-1) + 1\big)^2 C^2$: the single layer's cost grows
# with the *square* of the reach, the stack's only linearly. And the stack
# has a nonlinearity after each layer, so it computes a richer family of
# functions than the single linear filter. (Without the nonlinearities, three
# linear $3\times3$ layers compose into one linear $7\times7$ layer, but only
# into an at most $27C^2$-dimensional family of them inside the $49C^2$-dimensional
# space: the stack is a constrained large filter, the price of its savings.)
# Fewer parameters for the same reach,
# more nonlinearity: this is the design of VGG and of nearly every network since.
#
# ### Exercise 6 — `receptive_field` (2 points)
#
# `layers` is a sequence of `(kernel, stride)` pairs (tuples, lists, or the
# rows of an integer array of shape `(L, 2)`), first layer first. Return the
# receptive field $r_L$ of one unit of the last layer, in input pixels, as an
# `int` (a NumPy integer is also accepted; a float such as `7.0` is not an `int`). An empty list is the input itself: return 1. Raise `ValueError` when a
# kernel or a stride is smaller than 1. The hidden tests compare with a brute
# force that propagates a unit's set of input positions through the layers.

# %% nbgrader={"grade": false, "grade_id": "receptive_field_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def receptive_field(layers):
    """Receptive field (in input pixels, along one axis) of a unit of the last
    layer of a stack of (kernel, stride) layers. [] gives 1."""
    field, jump = 1, 1
    for kernel, stride in layers:
        kernel, stride = int(kernel), int(stride)
        if kernel < 1 or stride < 1:
            raise ValueError(f"kernel and stride must be >= 1, got ({kernel}, {stride})")
        field += (kernel - 1) * jump
        jump *= stride
    return field


# %% nbgrader={"grade": true, "grade_id": "receptive_field", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert receptive_field([]) == 1, "no layer: a pixel sees itself"
assert receptive_field([(7, 1)]) == 7, "one layer sees its kernel"
assert receptive_field([(3, 1)] * 3) == 7, "three stacked 3x3 layers see as far as one 7x7"
assert receptive_field([(3, 2), (3, 1)]) == 7, "the second kernel's 2 extra taps are 2 pixels apart: 3 + 2*2"
assert receptive_field([(7, 2), (3, 2), (3, 1)]) == 19, "1 + 6*1 + 2*2 + 2*4"
assert receptive_field([(3, 1), (3, 2)]) == 5, "a layer's own stride does not widen its own field"
assert receptive_field([(3, 2), (1, 1), (3, 1)]) == 7, "a 1x1 layer is valid and widens nothing"
assert isinstance(receptive_field([(3, 2), (3, 1)]), (int, np.integer)), "return an int (not a float)"
try:
    receptive_field([(3, 1), (0, 1)])
except ValueError:
    pass
else:
    raise AssertionError("a kernel of size 0 should raise ValueError")

# %% [markdown]
# **Look at it.** Receptive field against depth for stacks of $3\times3$
# layers (stride 1), the same with a stride-2 layer every other layer, and the
# weights per $C^2$ of one large layer with the same reach as $m$ small ones.

# %% tags=["demo"]
try:
    depth_demo = np.arange(1, 9)
    plain_demo = [receptive_field([(3, 1)] * m) for m in depth_demo]
    strided_demo = [receptive_field([(3, 2 if i % 2 else 1) for i in range(m)]) for m in depth_demo]
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.5))
    axes[0].plot(depth_demo, plain_demo, "o-", label="3x3, stride 1")
    axes[0].plot(depth_demo, strided_demo, "s-", label="3x3, stride 2 every other layer")
    axes[0].set_xlabel("layers")
    axes[0].set_ylabel("receptive field (pixels)")
    axes[0].legend()
    axes[1].plot(depth_demo, 9 * depth_demo, "o-", label="m stacked 3x3 layers")
    axes[1].plot(depth_demo, np.array(plain_demo) ** 2, "s-", label="one layer with the same field")
    axes[1].set_xlabel("m")
    axes[1].set_ylabel("weights / C^2")
    axes[1].legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement receptive_field above to see the receptive field grow.")

# %% [markdown]
# ## Summary
#
# * Output size $\lfloor (n + 2p - d(k-1) - 1)/s \rfloor + 1$: count the window
#   positions that fit.
# * The forward pass is a cross-correlation; its gradient with respect to the
#   input is a full convolution of `dout` with the kernel (a cross-correlation
#   with the flipped kernel), the weight gradient is a cross-correlation of the
#   input with `dout`, and the bias gradient sums `dout`.
# * Convolutions are translation equivariant (exactly, at stride 1 away from the
#   borders); weight sharing is what makes them so, and what makes them cheap
#   to describe.
# * Receptive fields grow by $(k - 1)$ times the product of the earlier strides
#   per layer; stacks of small kernels reach as far as one large kernel with
#   fewer weights and more nonlinearities.
# * Max pooling routes the gradient to the first maximum of each window and
#   keeps strong detections; average pooling spreads it and smooths.
