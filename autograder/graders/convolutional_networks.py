"""Hidden checks of 12_convolutional_networks: convolution output sizes, a 2-D
convolution forward and backward, max pooling forward and backward, receptive
fields, in NumPy with the CS231n cache convention.

Oracles (never the notebook's solution):
  conv_output_size  -- the length of the output torch.nn.functional.conv1d
                       produces (floored), for random sizes, kernels, strides,
                       paddings and dilations;
  conv2d_forward    -- torch.nn.functional.conv2d in float64;
  conv2d_backward   -- PyTorch autograd through F.conv2d with a random upstream
                       gradient;
  maxpool2d_forward -- torch.nn.functional.max_pool2d;
  maxpool2d_backward -- autograd through F.max_pool2d on inputs without ties,
                       and, on integer-valued inputs full of ties, a loop over
                       the windows written here that sends each gradient to
                       np.argmax of the flattened window (the first maximum in
                       row-major order), adding up overlapping windows;
  receptive_field   -- a brute force that propagates the set of input positions
                       one unit depends on through the layers (1-D index sets).

Inputs are small (N <= 2, C <= 3, H, W <= 9, F <= 3, kernels <= 3), so a naive
loop implementation grades in a fraction of a second. pad = 0 has checks of its
own (``dx_pad[pad:-pad]`` is empty there). The caches stay on the student's
side; each backward call is made twice on its cache (Student.call). When a
submission's forward output is wrong, its backward is still accepted if it is
the exact gradient of that (wrong) forward (directional differences of the
student's own forward): one mistake costs points once. The backward checks'
forward calls are not watched: the forward's side effects are charged by the
forward's own inputs_unchanged check.
"""
import numpy as np
import torch
import torch.nn.functional as F

from autograder.grader_api import (CheckFailure, Handle, Checks, StudentError, SubmissionFailure,
                                   as_array, call_valid, close, expect_close,
                                   expect_no_side_effects, expect_value_error, fail,
                                   fmt, register_misconception, same, tolerance)

ASSIGNMENT = "12_convolutional_networks"
checks = Checks(ASSIGNMENT)

EQUIVALENT_MUTANTS = {
    "maxpool2d_forward/axis/556267eb": "np.take_along_axis's axis defaults to -1 (NumPy >= 2.3, "
                                       "the course's NumPy is 2.4): the same call",
    "maxpool2d_forward/number/4cb33345": "the last axis has length 1 (first[..., None]): "
                                         "[..., -1] and [..., 0] are the same entry",
}

CEIL = register_misconception(
    "conv-output-size-ceil",
    "the output size rounded up: a window position is valid only when the whole "
    "window fits, i*s + d(k-1) <= n + 2p - 1, so the count is floor((n + 2p - "
    "d(k-1) - 1) / s) + 1; rows left over at the end are not used (PyTorch floors).")
DILATION_IGNORED = register_misconception(
    "conv-output-size-dilation-ignored",
    "dilation ignored: a kernel of k taps with dilation d spans d(k-1) + 1 positions, "
    "not k; the output size is floor((n + 2p - d(k-1) - 1) / s) + 1.")
PADDING_ONCE = register_misconception(
    "conv-output-size-padding-once",
    "padding counted once: `padding` zeros are added on BOTH sides, so the padded "
    "length is n + 2p.")
FLIPPED = register_misconception(
    "conv-kernel-flipped",
    "the kernel was flipped (a mathematical convolution): deep-learning 'convolution', "
    "torch.nn.functional.conv2d included, is a cross-correlation, out[i, j] = "
    "sum_k,l w[k, l] x[i*s + k, j*s + l], with the kernel as given.")
PAD_SLICE = register_misconception(
    "conv-backward-pad-slice-empty",
    "the padding was cropped with dx_pad[:, :, pad:-pad, pad:-pad]: for pad = 0 the "
    "slice 0:-0 is 0:0, which is EMPTY. Crop with dx_pad[:, :, pad:pad + H, pad:pad + W].")
ALL_TIES = register_misconception(
    "maxpool-gradient-to-every-tie",
    "the gradient was sent to every entry equal to the window's maximum (a mask "
    "x == max): at a tie only one entry is the max's argument; this course, like "
    "PyTorch and np.argmax, sends the whole gradient to the FIRST maximum in "
    "row-major order. A mask multiplies the gradient by the number of ties.")
LAST_TIE = register_misconception(
    "maxpool-gradient-to-last-tie",
    "ties broken towards the LAST maximum of the window (a >= comparison while "
    "scanning): the contract sends the gradient to the first maximum in row-major "
    "order, as np.argmax of the flattened window does.")
OVERLAP_OVERWRITTEN = register_misconception(
    "maxpool-overlap-overwritten",
    "overlapping windows overwrite each other's gradient (dx[...] = dout instead of "
    "dx[...] += dout): an entry that is the maximum of several windows receives the "
    "SUM of their upstream gradients (the chain rule adds every use).")
RF_OWN_STRIDE = register_misconception(
    "receptive-field-own-stride",
    "each layer's kernel was scaled by the product of the strides up to and INCLUDING "
    "its own: a layer's taps are spaced by the strides of the layers BEFORE it, "
    "r = 1 + sum_i (k_i - 1) * prod_{j<i} s_j.")
RF_NO_STRIDE = register_misconception(
    "receptive-field-strides-ignored",
    "strides ignored: after a stride-s layer, neighbouring units are s input pixels "
    "apart, so every later kernel's extra taps count s times as much: "
    "r = 1 + sum_i (k_i - 1) * prod_{j<i} s_j.")


# -- helpers -----------------------------------------------------------------------

def tensor(a, grad=False):
    return torch.tensor(np.array(a, dtype=float), dtype=torch.float64, requires_grad=grad)


def release(student, *objects):
    handles = [o for o in objects if isinstance(o, Handle)]
    if handles:
        student.release(*handles)


def pair(result, name):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        fail(f"{name} should return a pair (out, cache), got {type(result).__name__}")
    return result


def expect_array(value, expected, what, tol, wrong=None, hint=""):
    """The shape first (with its own message), then the values; ``wrong``:
    ``{misconception: candidate}`` named when the answer matches one."""
    array = as_array(value, what)
    for key, candidate in (wrong or {}).items():
        if candidate is not None and array.shape == np.shape(candidate) \
                and not close(array, expected, tol) and close(array, candidate, "float"):
            fail(f"{what}: got {fmt(array)}, expected {fmt(expected)}.", key)
    if array.shape != expected.shape:
        fail(f"{what} should have shape {expected.shape}, got {array.shape}." +
             (f" {hint}" if hint else ""))
    if close(array, expected, tol):
        return array
    fail(f"{what}: got {fmt(array)}, expected {fmt(expected)}; "
         f"{first_difference(array, expected, tol)}." + (f" {hint.strip()}" if hint.strip() else ""))


def first_difference(array, expected, tol):
    """The first entry (row-major) outside the tolerance, and the largest error relative
    to the scale of the expected array (its largest entry): not to each entry, which
    would divide by ~0 where the expected value is 0 (entries no window reads)."""
    rtol, atol = tolerance(tol)
    a, e = np.asarray(array, dtype=float), np.asarray(expected, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        gap = np.abs(a - e)
        bad = ~(gap <= atol + rtol * np.abs(e))
    idx = tuple(int(i) for i in np.argwhere(bad)[0]) if bad.any() else None
    scale = float(np.max(np.abs(e))) if e.size else 0.0
    worst = float(np.nanmax(np.where(np.isfinite(gap), gap, np.inf))) if gap.size else 0.0
    text = "" if idx is None else f"first differing entry {list(idx)}: got {a[idx]:.6g}, expected {e[idx]:.6g}; "
    return text + (f"largest error {worst:.2g}, {worst / scale:.2g} of the largest expected "
                   f"magnitude {scale:.3g}" if scale > 0 else f"largest error {worst:.2g} (every "
                   "expected entry is 0)")


def expect_lists_like_arrays(run, arrays, name, what):
    """``run(*nested lists)`` gives what ``run(*arrays)`` gives."""
    out = as_array(run(*arrays), f"{name} output for arrays")
    try:
        listed = run(*(a.tolist() for a in arrays))
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        fail(f"{name} with {what} given as nested lists raised {err.type}: {err.message}; "
             "accept array-likes (np.asarray(x, dtype=float)).")
    expect_close(listed, out, f"{name} output for {what} given as nested lists, vs your output "
                 "for the same arrays", tol="float")


# == conv_output_size ===============================================================

def torch_length(n, k, s, p, d):
    """The output length torch's conv1d gives (its own floor), or None if it refuses."""
    try:
        out = F.conv1d(torch.zeros(1, 1, n, dtype=torch.float64),
                       torch.zeros(1, 1, k, dtype=torch.float64), stride=s, padding=p, dilation=d)
    except RuntimeError:
        return None
    return int(out.shape[-1])


def size_mistakes(n, k, s, p, d):
    span = d * (k - 1) + 1
    wrong = {CEIL: -((-(n + 2 * p - span)) // s) + 1,
             DILATION_IGNORED: (n + 2 * p - k) // s + 1,
             PADDING_ONCE: (n + p - span) // s + 1}
    return {key: v for key, v in wrong.items()}


def draw_size_args(rng):
    while True:
        k, s, d = int(rng.integers(1, 6)), int(rng.integers(1, 5)), int(rng.integers(1, 4))
        p, n = int(rng.integers(0, 4)), int(rng.integers(1, 30))
        if n + 2 * p >= d * (k - 1) + 1:
            return n, k, s, p, d


def expect_integer(value, what, why="the output size is an integer count of window positions"):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        fail(f"{what} should be an int, got {type(value).__name__} {value!r:.40}"
             + (f" (use // for floor division, or int(...)): {why}"
                if isinstance(value, (float, np.floating)) else ""))
    return int(value)


@checks("conv_output_size", points=1)
def test_conv_output_size_matches_torch(student, rng):
    """Random sizes, kernels, strides, paddings and dilations, many not dividing evenly,
    and a kernel that fits only thanks to the padding on both sides. Every draw is
    judged; the feedback reports the draw whose wrong answer a known mistake explains
    (if any), else the first wrong one."""
    draws = [draw_size_args(rng) for _ in range(7)]
    # (n + 2p - d(k-1) - 1) not a multiple of s >= 2, with dilation 2
    k, d, s, p = int(rng.integers(2, 4)), 2, int(rng.integers(2, 4)), int(rng.integers(0, 3))
    n = d * (k - 1) + 1 + s * int(rng.integers(1, 4)) + int(rng.integers(1, s)) - 2 * p
    draws.append((max(n, d * (k - 1) + 1), k, s, p, d))
    # a dilated 3-tap kernel on an input it divides, no padding: rounding up and padding
    # once give the right length there, so only ignoring the dilation explains a wrong one
    # (in the draw above it coincides with rounding up)
    s = int(rng.integers(1, 3))
    draws.append((5 + s * int(rng.integers(1, 6)), 3, s, 0, 2))
    # the kernel is longer than n + p but fits in n + 2p
    p = int(rng.integers(1, 3))
    n = int(rng.integers(1, 4))
    draws.append((n, n + 2 * p - int(rng.integers(0, p)), int(rng.integers(1, 3)), p, 1))
    failures = []
    for n, k, s, p, d in draws:
        expected = torch_length(n, k, s, p, d)
        what = f"conv_output_size({n}, {k}, stride={s}, padding={p}, dilation={d})"
        got = call_valid(student, "conv_output_size", n, k, s, p, d, what=what,
                         why=f"the kernel spans {d * (k - 1) + 1} and the padded input has "
                             f"{n + 2 * p} positions")
        wrong = {key: float(v) for key, v in size_mistakes(n, k, s, p, d).items() if v != expected}
        values = list(wrong.values())
        unique = {key: v for key, v in wrong.items() if values.count(v) == 1}
        try:
            expect_close(got, float(expected), what + " (torch's conv1d gives this length)",
                         tol="exact", misconceptions=unique)
        except CheckFailure as failure:
            failures.append(failure)
    if failures:
        raise next((f for f in failures if f.misconception), failures[0])


@checks("conv_output_size", points=0.25)
def test_conv_output_size_defaults(student, rng):
    """stride=1, padding=0, dilation=1 by default (with keywords given one at a time)."""
    k = int(rng.integers(1, 5))
    n = int(rng.integers(2 * k, 20))          # fits with dilation 2 and no padding
    s, p, d = int(rng.integers(2, 4)), int(rng.integers(1, 3)), 2
    cases = [((n, k), {}, (1, 0, 1)), ((n, k), {"stride": s}, (s, 0, 1)),
             ((n, k), {"padding": p}, (1, p, 1)), ((n, k), {"dilation": d}, (1, 0, d))]
    for args, kwargs, (ss, pp, dd) in cases:
        expected = torch_length(n, k, ss, pp, dd)
        what = f"conv_output_size({n}, {k}" + "".join(f", {a}={v}" for a, v in kwargs.items()) + ")"
        got = call_valid(student, "conv_output_size", *args, kwargs=kwargs, what=what)
        expect_close(got, float(expected), what, tol="exact")


@checks("conv_output_size", points=0.25)
def test_conv_output_size_returns_int(student, rng):
    n, k, s, p, d = draw_size_args(rng)
    what = f"conv_output_size({n}, {k}, {s}, {p}, {d})"
    expect_integer(call_valid(student, "conv_output_size", n, k, s, p, d, what=what), what)
    n = k + int(rng.integers(0, 10))
    what = f"conv_output_size(np.int64({n}), np.int64({k}), stride=np.int64({s}))"
    got = call_valid(student, "conv_output_size", np.int64(n), np.int64(k),
                     kwargs={"stride": np.int64(s)}, what=what, why="NumPy integers are integers")
    expect_integer(got, what)


@checks("conv_output_size", points=0.5)
def test_conv_output_size_raises_value_error(student, rng):
    """A window that does not fit, and each argument out of its range."""
    k = int(rng.integers(4, 8))
    n = int(rng.integers(1, k - 1))
    expect_value_error(student, "conv_output_size", n, k,
                       what=f"conv_output_size({n}, {k}) (a kernel of {k} on {n} positions)")
    d = 2
    n = 2 * (k - 1) - 1                       # fits without dilation, not with d = 2
    expect_value_error(student, "conv_output_size", n, k, kwargs={"dilation": d},
                       what=f"conv_output_size({n}, {k}, dilation={d}) (the dilated kernel spans "
                            f"{d * (k - 1) + 1})")
    p = int(rng.integers(1, 3))
    n = int(rng.integers(1, 4))
    k = n + 2 * p + 1
    expect_value_error(student, "conv_output_size", n, k, kwargs={"padding": p},
                       what=f"conv_output_size({n}, {k}, padding={p}) (a kernel of {k} on "
                            f"{n} + 2*{p} = {n + 2 * p} padded positions)")
    # just too short, by less than the stride: (n + 2p - span) / s lies in (-1, 0), which
    # truncation toward zero (int(...)) turns into 0, an output size of 1; floored, it is -1
    s, p = int(rng.integers(2, 4)), int(rng.integers(0, 2))
    t = int(rng.integers(1, s))
    k = 2 * p + t + 1 + int(rng.integers(0, 3))
    n = k - 2 * p - t
    expect_value_error(student, "conv_output_size", n, k, kwargs={"stride": s, "padding": p},
                       what=f"conv_output_size({n}, {k}, stride={s}, padding={p}) (a kernel of "
                            f"{k} on {n + 2 * p} padded positions, {t} short: (n + 2p - k) / s = "
                            f"{-t}/{s} floors to -1: an output size of 0, no window fits)")
    for args, kwargs, what in [((0, 1), {"padding": 1}, "n = 0"),
                               ((9, 0), {}, "kernel = 0"),
                               ((9, 3), {"stride": 0}, "stride = 0"),
                               ((9, 3), {"padding": -1}, "padding = -1"),
                               ((9, 3), {"dilation": 0}, "dilation = 0")]:
        expect_value_error(student, "conv_output_size", *args, kwargs=kwargs,
                           what=f"conv_output_size with {what}")


# == conv2d_forward ==================================================================

def draw_conv(rng, n=None, c=None, f=None, kernel=None, stride=None, pad=None, size=None,
              divides=False):
    """``divides``: H and W shortened (by less than the stride) so that the stride
    divides H + 2 pad - HH and W + 2 pad - WW (every row and column is read): a
    forward that refuses uneven sizes loses the points of the checks made for them
    only, on every seed."""
    n = int(rng.integers(1, 3)) if n is None else n
    c = int(rng.integers(1, 4)) if c is None else c
    f = int(rng.integers(1, 4)) if f is None else f
    hh, ww = kernel or (int(rng.integers(1, 4)), int(rng.integers(1, 4)))
    if (hh, ww) == (1, 1) and kernel is None:
        hh = 3
    stride = int(rng.integers(1, 4)) if stride is None else stride
    pad = int(rng.integers(0, 3)) if pad is None else pad
    h, w = size or (int(rng.integers(max(hh, 3), 9)), int(rng.integers(max(ww, 3), 9)))
    if divides:     # h >= 3 and the remainder < stride <= 3: h stays >= 1 and fits
        h -= (h + 2 * pad - hh) % stride
        w -= (w + 2 * pad - ww) % stride
    x = rng.normal(0.0, 1.0, (n, c, h, w))
    weights = rng.normal(0.0, 1.0, (f, c, hh, ww))
    b = rng.normal(0.0, 1.0, f)
    return x, weights, b, stride, pad


def torch_conv(x, w, b, stride, pad):
    return F.conv2d(tensor(x), tensor(w), tensor(b), stride=stride, padding=pad).numpy()


def describe(x, w, stride, pad):
    return f"x of shape {np.shape(x)}, w of shape {np.shape(w)}, stride={stride}, pad={pad}"


def forward_out(student, x, w, b, stride, pad, kwargs=True, watch=True):
    kw = {"stride": stride, "pad": pad} if kwargs else {}
    out, cache = pair(student.call("conv2d_forward", x, w, b, kwargs=kw, opaque=(1,),
                                   watch=watch), "conv2d_forward")
    release(student, cache)
    return out


def judge_forward(student, x, w, b, stride, pad, label="", kwargs=True):
    out = forward_out(student, x, w, b, stride, pad, kwargs=kwargs)
    expected = torch_conv(x, w, b, stride, pad)
    flipped = torch_conv(x, np.asarray(w)[:, :, ::-1, ::-1], b, stride, pad)
    expect_array(out, expected, f"conv2d_forward output for {describe(x, w, stride, pad)}{label}",
                 "float", {FLIPPED: flipped if np.shape(w)[2:] != (1, 1) else None})


@checks("conv2d_forward", points=0.75)
def test_conv2d_forward_matches_torch(student, rng):
    """Random shapes, non-square kernels, strides 1-3, pad 1-2 (pad 0 has its own
    check), sizes the stride divides (uneven sizes have their own check)."""
    for stride in (1, int(rng.integers(2, 4))):
        x, w, b, stride, pad = draw_conv(rng, stride=stride, pad=int(rng.integers(1, 3)),
                                         divides=True)
        judge_forward(student, x, w, b, stride, pad)


@checks("conv2d_forward", points=0.25)
def test_conv2d_forward_stride_not_dividing(student, rng):
    """Strides 2-3 where H + 2 pad - HH and W + 2 pad - WW are not multiples of the
    stride: floored, the last rows and columns unused."""
    s = int(rng.integers(2, 4))
    hh, ww, pad = int(rng.integers(1, 4)), int(rng.integers(2, 4)), int(rng.integers(0, 2))
    h = hh - 2 * pad + s * int(rng.integers(1, 3)) + int(rng.integers(1, s))     # >= hh + 1
    wd = ww - 2 * pad + s * int(rng.integers(1, 3)) + int(rng.integers(1, s))
    x, w, b, _, _ = draw_conv(rng, kernel=(hh, ww), size=(h, wd))
    judge_forward(student, x, w, b, s, pad, label=" (a size the stride does not divide)")


@checks("conv2d_forward", points=0.5)
def test_conv2d_forward_pad_zero(student, rng):
    for stride in (1, int(rng.integers(2, 4))):
        x, w, b, stride, pad = draw_conv(rng, stride=stride, pad=0, divides=True)
        judge_forward(student, x, w, b, stride, 0)


@checks("conv2d_forward", points=0.25)
def test_conv2d_forward_defaults(student, rng):
    """Without stride and pad: stride 1, no padding."""
    x, w, b, _, _ = draw_conv(rng)
    judge_forward(student, x, w, b, 1, 0, label=" (called without stride and pad: the "
                  "defaults stride=1, pad=0)", kwargs=False)


@checks("conv2d_forward", points=0.5)
def test_conv2d_forward_degenerate_shapes(student, rng):
    """N = C = F = 1, a 1x1 kernel, and a kernel as large as the padded image (1x1 output)."""
    x, w, b, stride, pad = draw_conv(rng, n=1, c=1, f=1, divides=True)
    judge_forward(student, x, w, b, stride, pad, label=" (N = C = F = 1)")
    x, w, b, stride, pad = draw_conv(rng, kernel=(1, 1), stride=int(rng.integers(1, 3)), pad=0,
                                     divides=True)
    judge_forward(student, x, w, b, stride, pad, label=" (a 1x1 kernel)")
    pad = int(rng.integers(0, 2))
    hh, ww = int(rng.integers(2, 4)), int(rng.integers(2, 4))
    x, w, b, stride, pad = draw_conv(rng, kernel=(hh + 2 * pad, ww + 2 * pad), pad=pad,
                                     size=(hh, ww), stride=int(rng.integers(1, 3)))
    judge_forward(student, x, w, b, stride, pad, label=" (the kernel covers the whole padded "
                  "image: a 1x1 output)")


@checks("conv2d_forward", points=0.25)
def test_conv2d_forward_accepts_lists(student, rng):
    x, w, b, stride, pad = draw_conv(rng, divides=True)
    expect_lists_like_arrays(lambda *a: forward_out(student, *a, stride, pad), (x, w, b),
                             "conv2d_forward", f"x, w and b ({describe(x, w, stride, pad)})")


@checks("conv2d_forward", points=0.25)
def test_conv2d_forward_channel_mismatch_raises_value_error(student, rng):
    x, w, b, stride, pad = draw_conv(rng, c=int(rng.integers(2, 4)))
    w = w[:, :-1]
    expect_value_error(student, "conv2d_forward", x, w, b,
                       what=f"conv2d_forward with {x.shape[1]} input channels but w of shape "
                            f"{w.shape} ({w.shape[1]} channels)")


@checks("conv2d_forward", points=0.25)
def test_conv2d_forward_inputs_unchanged(student, rng):
    for pad in (0, 1):
        x, w, b, stride, pad = draw_conv(rng, pad=pad, divides=True)
        forward_out(student, x, w, b, stride, pad)
    expect_no_side_effects(student, "inputs")


# == conv2d_backward =================================================================

def autograd_conv(x, w, b, stride, pad, dout):
    xt, wt, bt = tensor(x, True), tensor(w, True), tensor(b, True)
    out = F.conv2d(xt, wt, bt, stride=stride, padding=pad)
    out.backward(tensor(dout))
    return out.detach().numpy(), xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy()


def forward_for_backward(student, forward, backward, args, kwargs, what):
    """``(out, cache)`` of the student's ``forward(*args, **kwargs)``, unwatched (its
    side effects are the forward's), for a check of ``backward``."""
    try:
        return pair(student.call(forward, *args, kwargs=kwargs, opaque=(1,), watch=False),
                    forward)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            try:   # is the backward a stub too? Then say so (status "not implemented")
                student.call(backward, np.zeros(1), None, watch=False)
            except StudentError as own:
                if own.is_a("NotImplementedError"):
                    raise own from None
            fail(f"{forward} is not implemented yet, and {backward} is checked on the cache "
                 "your forward returns.")
        fail(f"{backward} needs the cache of {forward}, but calling {forward} ({what}) raised "
             f"{err.type}: {err.message}")


def student_forward(student, x, w, b, stride, pad):
    return forward_for_backward(student, "conv2d_forward", "conv2d_backward", (x, w, b),
                                {"stride": stride, "pad": pad}, describe(x, w, stride, pad))


def own_gradient_matches(student, x, w, b, stride, pad, dout, grads, rng, h=1e-4):
    """Whether ``grads`` is the gradient of the student's own forward: directional
    central differences along one random direction per argument."""
    rng = rng.spawn(1)[0]
    base = [np.asarray(x, float), np.asarray(w, float), np.asarray(b, float)]
    for which, grad in enumerate(grads):
        def forward(moved, which=which):
            args = [moved if i == which else a for i, a in enumerate(base)]
            return forward_out(student, *args, stride, pad, watch=False)
        if not directional_match(forward, base[which], dout, grad, rng, h):
            return False
    return True


def directional_match(forward, base, dout, grad, rng, h=1e-4):
    """Whether ``grad`` (of sum(dout * forward(base)) with respect to ``base``) agrees with
    a central difference of the student's ``forward`` along one random direction."""
    try:
        grad = np.asarray(grad, dtype=float)
        if grad.shape != base.shape or not np.all(np.isfinite(grad)):
            return False
        v = rng.standard_normal(base.shape)
        values = []
        for sign in (1.0, -1.0):
            out = np.asarray(forward(base + sign * h * v), float)
            if out.shape != np.shape(dout):
                return False
            values.append(float(np.sum(dout * out)))
        numeric = (values[0] - values[1]) / (2 * h)
        analytic = float(np.sum(grad * v))
        return abs(numeric - analytic) <= 1e-6 * (np.linalg.norm(grad) * np.linalg.norm(v)
                                                  + abs(numeric)) + 1e-8
    except SubmissionFailure:
        raise
    except Exception:  # noqa: BLE001 - any trouble means "no"
        return False


def judge_backward(student, rng, x, w, b, stride, pad, label="", dout_as_list=False):
    dout = rng.normal(0.0, 1.0, torch_conv(x, w, b, stride, pad).shape)
    exp_out, *exp_grads = autograd_conv(x, w, b, stride, pad, dout)
    out, cache = student_forward(student, x, w, b, stride, pad)
    try:
        result = student.call("conv2d_backward", dout.tolist() if dout_as_list else dout, cache)
    finally:
        release(student, cache)
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        fail(f"conv2d_backward should return (dx, dw, db), got {type(result).__name__}")
    where = f"conv2d_backward for {describe(x, w, stride, pad)}{label}, random dout"
    hints = {"dx": " (x_pad[pad:-pad] is EMPTY when pad = 0: crop with pad:pad + H)"
             if pad == 0 else "", "dw": "", "db": ""}
    forward_ok = np.shape(out) == exp_out.shape and close(out, exp_out, "float")
    try:
        for value, exp, name in zip(result, exp_grads, ("dx", "dw", "db")):
            array = as_array(value, f"{name} from {where}")
            if name == "dx" and array.ndim == 4 and pad == 0 and 0 in array.shape[2:]:
                fail(f"dx from {where} has shape {array.shape}: it is empty along the "
                     "image axes.", PAD_SLICE)
            expect_array(array, exp, f"{name} from {where}", "gradient", hint=hints[name])
    except CheckFailure as failure:
        if forward_ok:
            raise
        if own_gradient_matches(student, x, w, b, stride, pad, dout, result, rng):
            return
        raise CheckFailure(failure.message + " (Your conv2d_forward output is also wrong on this "
                           "input, and these gradients are not the gradient of your own forward "
                           "either.)", failure.misconception) from None


@checks("conv2d_backward", points=1.5)
def test_conv2d_backward_matches_autograd(student, rng):
    """Random shapes, strides 1-3, pad 1-2, sizes the stride divides (uneven sizes:
    test_conv2d_backward_stride_not_dividing only)."""
    for stride in (1, int(rng.integers(2, 4))):
        x, w, b, stride, pad = draw_conv(rng, stride=stride, pad=int(rng.integers(1, 3)),
                                         divides=True)
        judge_backward(student, rng, x, w, b, stride, pad)


@checks("conv2d_backward", points=0.75)
def test_conv2d_backward_pad_zero(student, rng):
    for stride in (1, 2):
        x, w, b, stride, pad = draw_conv(rng, stride=stride, pad=0, divides=True)
        judge_backward(student, rng, x, w, b, stride, 0, label=" (pad = 0)")


@checks("conv2d_backward", points=0.5)
def test_conv2d_backward_stride_not_dividing(student, rng):
    """Strides 2-3 where (H + 2 pad - HH) is not a multiple of the stride: the last
    rows or columns are read by no window and get gradient zero."""
    s = int(rng.integers(2, 4))
    hh, ww, pad = int(rng.integers(1, 4)), int(rng.integers(2, 4)), int(rng.integers(0, 2))
    h = hh - 2 * pad + s * int(rng.integers(1, 3)) + int(rng.integers(1, s))
    wd = ww - 2 * pad + s * int(rng.integers(1, 3)) + int(rng.integers(1, s))
    x, w, b, _, _ = draw_conv(rng, kernel=(hh, ww), size=(max(h, hh), max(wd, ww)))
    judge_backward(student, rng, x, w, b, s, pad, label=" (a size the stride does not divide)")


@checks("conv2d_backward", points=0.5)
def test_conv2d_backward_degenerate_shapes(student, rng):
    x, w, b, stride, pad = draw_conv(rng, n=1, c=1, f=1, divides=True)
    judge_backward(student, rng, x, w, b, stride, pad, label=" (N = C = F = 1)")
    pad = int(rng.integers(0, 2))
    hh, ww = int(rng.integers(2, 4)), int(rng.integers(2, 4))
    x, w, b, stride, pad = draw_conv(rng, kernel=(hh + 2 * pad, ww + 2 * pad), pad=pad,
                                     size=(hh, ww), stride=1)
    judge_backward(student, rng, x, w, b, stride, pad, label=" (a 1x1 output)")


@checks("conv2d_backward", points=0.25)
def test_conv2d_backward_inputs_unchanged(student, rng):
    """dout as an array and as a list; no call of this exercise changed its arguments."""
    x, w, b, stride, pad = draw_conv(rng, pad=0, divides=True)
    judge_backward(student, rng, x, w, b, stride, pad, label=" (dout given as a nested list)",
                   dout_as_list=True)
    expect_no_side_effects(student, "inputs")


@checks("conv2d_backward", points=0.5)
def test_conv2d_backward_cache_reusable(student, rng):
    """The backward on the caches of two inputs (it must read its cache), each call
    made twice on the same cache."""
    x, w, b, stride, pad = draw_conv(rng, pad=0, divides=True)  # with padding, a stride can read only zeros
    answers = []
    dout = rng.normal(0.0, 1.0, torch_conv(x, w, b, stride, pad).shape)
    for xx in (x, rng.normal(0.0, 1.0, x.shape)):
        _, cache = student_forward(student, xx, w, b, stride, pad)
        try:
            answers.append(student.call("conv2d_backward", dout, cache))
        finally:
            release(student, cache)
    if same(answers[0], answers[1]):
        fail("conv2d_backward gives the same answer on the caches of two different inputs "
             f"({describe(x, w, stride, pad)}, the same dout): it ignores its cache, so there "
             "is nothing to judge here.")
    expect_no_side_effects(student, "cache")


# == maxpool2d_forward ===============================================================

def draw_pool(rng, size=None, stride=None, n=None, c=None, shape=None, ties=False):
    size = int(rng.integers(2, 4)) if size is None else size
    stride = int(rng.integers(1, 4)) if stride is None else stride
    n = int(rng.integers(1, 3)) if n is None else n
    c = int(rng.integers(1, 4)) if c is None else c
    # at least two window positions along each axis, unless the shape is given
    h, w = shape or (int(rng.integers(size + stride, 11)), int(rng.integers(size + stride, 11)))
    if ties:
        x = rng.integers(0, 3, (n, c, h, w)).astype(float)
    else:
        x = rng.permutation(n * c * h * w).reshape(n, c, h, w) / 7.0 + rng.normal(0, 0.01,
                                                                                  (n, c, h, w))
    return x, size, stride


def torch_pool(x, size, stride):
    return F.max_pool2d(tensor(x), size, stride).numpy()


def pool_describe(x, size, stride):
    return f"x of shape {np.shape(x)}, size={size}, stride={stride}"


def pool_out(student, x, size, stride, watch=True):
    out, cache = pair(student.call("maxpool2d_forward", x, size, stride, opaque=(1,),
                                   watch=watch), "maxpool2d_forward")
    release(student, cache)
    return out


def judge_pool(student, x, size, stride, label=""):
    expect_array(pool_out(student, x, size, stride), torch_pool(x, size, stride),
                 f"maxpool2d_forward output for {pool_describe(x, size, stride)}{label}", "float")


@checks("maxpool2d_forward", points=1)
def test_maxpool2d_forward_matches_torch(student, rng):
    """Overlapping windows (stride < size), adjacent ones (stride = size), sizes that
    do not divide evenly."""
    size = int(rng.integers(2, 4))
    for stride in (int(rng.integers(1, size)), size):
        judge_pool(student, *draw_pool(rng, size=size, stride=stride))


@checks("maxpool2d_forward", points=0.25)
def test_maxpool2d_forward_stride_larger_than_size(student, rng):
    size = int(rng.integers(1, 3))
    judge_pool(student, *draw_pool(rng, size=size, stride=size + int(rng.integers(1, 3))),
               label=" (gaps between the windows)")


@checks("maxpool2d_forward", points=0.25)
def test_maxpool2d_forward_degenerate_shapes(student, rng):
    """N = C = 1, and one window covering the whole (non-square) image."""
    judge_pool(student, *draw_pool(rng, n=1, c=1), label=" (N = C = 1)")
    size = int(rng.integers(2, 5))
    x, _, _ = draw_pool(rng, size=size, shape=(size, size + int(rng.integers(0, 2))))
    judge_pool(student, x, size, int(rng.integers(1, 4)), label=" (one window row)")


@checks("maxpool2d_forward", points=0.25)
def test_maxpool2d_forward_accepts_lists(student, rng):
    x, size, stride = draw_pool(rng)
    expect_lists_like_arrays(lambda a: pool_out(student, a, size, stride), (x,),
                             "maxpool2d_forward", f"x ({pool_describe(x, size, stride)})")


@checks("maxpool2d_forward", points=0.25)
def test_maxpool2d_forward_inputs_unchanged(student, rng):
    for ties in (False, True):
        pool_out(student, *draw_pool(rng, ties=ties))
    expect_no_side_effects(student, "inputs")


# == maxpool2d_backward ==============================================================

def loop_pool_backward(x, size, stride, dout, rule="first"):
    """Each dout entry to np.argmax of its flattened window ("first"), to the last
    maximum ("last"), to every maximum ("all"); ``"overwrite"``: first maximum,
    assigned instead of added."""
    n, c, h, w = x.shape
    ho, wo = (h - size) // stride + 1, (w - size) // stride + 1
    dx = np.zeros(x.shape)
    for a in range(n):
        for ch in range(c):
            for i in range(ho):
                for j in range(wo):
                    win = x[a, ch, i * stride:i * stride + size, j * stride:j * stride + size]
                    g = dout[a, ch, i, j]
                    if rule == "all":
                        dx[a, ch, i * stride:i * stride + size,
                           j * stride:j * stride + size] += g * (win == win.max())
                        continue
                    flat = win.ravel()
                    k = int(np.argmax(flat)) if rule != "last" else \
                        flat.size - 1 - int(np.argmax(flat[::-1]))
                    u, v = i * stride + k // size, j * stride + k % size
                    if rule == "overwrite":
                        dx[a, ch, u, v] = g
                    else:
                        dx[a, ch, u, v] += g
    return dx


def pool_forward_for_backward(student, x, size, stride):
    return forward_for_backward(student, "maxpool2d_forward", "maxpool2d_backward",
                                (x, size, stride), None, pool_describe(x, size, stride))


def pool_backward(student, x, size, stride, dout, as_list=False, with_out=False):
    """dx from the student's backward on its own forward's cache (``with_out``: and
    that forward's output, as ``(dx, out)``)."""
    out, cache = pool_forward_for_backward(student, x, size, stride)
    try:
        dx = student.call("maxpool2d_backward", dout.tolist() if as_list else dout, cache)
    finally:
        release(student, cache)
    return (dx, out) if with_out else dx


def autograd_pool(x, size, stride, dout):
    xt = tensor(x, True)
    F.max_pool2d(xt, size, stride).backward(tensor(dout))
    return xt.grad.numpy()


@checks("maxpool2d_backward", points=0.75)
def test_maxpool2d_backward_matches_autograd(student, rng):
    """No ties; overlapping windows (stride < size) and adjacent ones."""
    size = int(rng.integers(2, 4))
    for stride in (int(rng.integers(1, size)), size):
        x, size, stride = draw_pool(rng, size=size, stride=stride)
        expected_out = torch_pool(x, size, stride)
        dout = rng.normal(0.0, 1.0, expected_out.shape)
        expected = autograd_pool(x, size, stride, dout)
        wrong = {OVERLAP_OVERWRITTEN: loop_pool_backward(x, size, stride, dout, "overwrite")}
        dx, out = pool_backward(student, x, size, stride, dout, with_out=True)
        try:
            expect_array(dx, expected, f"dx from maxpool2d_backward for "
                         f"{pool_describe(x, size, stride)}, random dout (no ties)", "gradient",
                         wrong)
        except CheckFailure as failure:
            if np.shape(out) == expected_out.shape and close(out, expected_out, "float"):
                raise
            # no ties: the student's own (wrong) forward is linear around x
            if directional_match(lambda moved: pool_out(student, moved, size, stride, watch=False),
                                 np.asarray(x, float), dout, dx, rng.spawn(1)[0]):
                continue
            raise CheckFailure(failure.message + " (Your maxpool2d_forward output is also wrong "
                               "on this input, and this dx is not the gradient of your own "
                               "forward either.)", failure.misconception) from None


@checks("maxpool2d_backward", points=0.75)
def test_maxpool2d_backward_ties_go_to_first_maximum(student, rng):
    """Integer-valued x in {0, 1, 2}: most windows hold tied maxima."""
    for stride in (None, 1):
        x, size, stride = draw_pool(rng, ties=True, stride=stride)
        dout = rng.normal(0.0, 1.0, torch_pool(x, size, stride).shape)
        expected = loop_pool_backward(x, size, stride, dout, "first")
        wrong = {ALL_TIES: loop_pool_backward(x, size, stride, dout, "all"),
                 LAST_TIE: loop_pool_backward(x, size, stride, dout, "last")}
        expect_array(pool_backward(student, x, size, stride, dout), expected,
                     f"dx from maxpool2d_backward for {pool_describe(x, size, stride)} with tied "
                     "maxima (integer x), random dout", "gradient", wrong,
                     hint="Each window's gradient goes to its FIRST maximum in row-major order.")


@checks("maxpool2d_backward", points=0.25)
def test_maxpool2d_backward_inputs_unchanged(student, rng):
    x, size, stride = draw_pool(rng, stride=1)
    dout = rng.normal(0.0, 1.0, torch_pool(x, size, stride).shape)
    pool_backward(student, x, size, stride, dout)
    try:
        pool_backward(student, x, size, stride, dout, as_list=True)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        fail(f"maxpool2d_backward with dout as a nested list raised {err.type}: {err.message}; "
             "accept array-likes.")
    expect_no_side_effects(student, "inputs")


@checks("maxpool2d_backward", points=0.25)
def test_maxpool2d_backward_cache_reusable(student, rng):
    x, size, stride = draw_pool(rng, stride=1)
    dout = rng.normal(0.0, 1.0, torch_pool(x, size, stride).shape)
    answers = [pool_backward(student, xx, size, stride, dout)
               for xx in (x, draw_pool(rng, size=size, stride=stride, shape=x.shape[2:],
                                       n=x.shape[0], c=x.shape[1])[0])]
    if same(answers[0], answers[1]):
        fail("maxpool2d_backward gives the same answer on the caches of two different inputs: "
             "it ignores its cache, so there is nothing to judge here.")
    expect_no_side_effects(student, "cache")


# == receptive_field ==================================================================

def brute_force_field(layers):
    """The input positions one unit of the last layer depends on, propagated down
    through the layers as index sets (unit u of a layer reads units u*s .. u*s + k - 1
    of the layer below); returns the extent max - min + 1."""
    positions = {0}
    for kernel, stride in reversed(layers):
        positions = {u * stride + t for u in positions for t in range(kernel)}
    return max(positions) - min(positions) + 1


def field_mistakes(layers):
    own, none = 1, 1
    jump = 1
    for k, s in layers:
        jump *= s
        own += (k - 1) * jump
        none += k - 1
    return {RF_OWN_STRIDE: float(own), RF_NO_STRIDE: float(none)}


def draw_layers(rng, depth=None):
    depth = int(rng.integers(2, 6)) if depth is None else depth
    layers = [(int(rng.integers(1, 8)), int(rng.integers(1, 4))) for _ in range(depth)]
    if all(s == 1 for _, s in layers[:-1]):
        layers[0] = (layers[0][0] if layers[0][0] > 1 else 3, 2)
    if all(k == 1 for k, _ in layers[1:]):
        layers[-1] = (3, layers[-1][1])
    return layers


def judge_field(student, layers, sent, label=""):
    what = f"receptive_field({sent!r}){label}"
    got = call_valid(student, "receptive_field", sent, what=what)
    expected = brute_force_field(layers)
    wrong = {key: v for key, v in field_mistakes(layers).items() if v != expected}
    expect_close(got, float(expected), what, tol="exact",
                 misconceptions=wrong)


@checks("receptive_field", points=0.75)
def test_receptive_field_matches_brute_force(student, rng):
    for n in range(3):
        layers = draw_layers(rng)
        if n == 0:                    # a 1x1 convolution is a valid layer: field unchanged
            layers.insert(int(rng.integers(0, len(layers) + 1)), (1, int(rng.integers(1, 3))))
        judge_field(student, layers, layers)


@checks("receptive_field", points=0.25)
def test_receptive_field_empty_and_single_layer(student, rng):
    judge_field(student, [], [], " (no layer: the input itself)")
    k, s = int(rng.integers(2, 9)), int(rng.integers(1, 4))
    judge_field(student, [(k, s)], [(k, s)], " (one layer)")


@checks("receptive_field", points=0.25)
def test_receptive_field_returns_int(student, rng):
    """An int (or a NumPy integer, as the notebook allows), for pairs of ints and for
    the rows of an integer array; a float such as 7.0 is not an int."""
    for sent in (draw_layers(rng), np.array(draw_layers(rng))):
        what = f"receptive_field({sent!r})"
        expect_integer(call_valid(student, "receptive_field", sent, what=what), what,
                       why="the receptive field is a number of input pixels")


@checks("receptive_field", points=0.25)
def test_receptive_field_accepts_lists_and_arrays(student, rng):
    layers = draw_layers(rng)
    judge_field(student, layers, [list(p) for p in layers], " (pairs as lists)")
    layers = draw_layers(rng)
    judge_field(student, layers, np.array(layers), " (an integer array of shape (L, 2))")


@checks("receptive_field", points=0.5)
def test_receptive_field_raises_value_error(student, rng):
    layers = draw_layers(rng)
    i = int(rng.integers(0, len(layers)))
    for bad in [(0, layers[i][1]), (layers[i][0], 0), (int(rng.integers(2, 5)), -1)]:
        sent = layers[:i] + [bad] + layers[i + 1:]
        expect_value_error(student, "receptive_field", sent,
                           what=f"receptive_field({sent!r}) (layer {i} has {bad})")
