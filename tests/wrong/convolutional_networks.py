"""Realistic wrong implementations (and alternative correct ones) for
12_convolutional_networks. Each ``code`` is inserted into the reference solution
before every test cell, so it only redefines what it breaks (a forward together
with its backward when the cache changes). The reference caches are
``(x, w, b, stride, pad)`` (convolution) and ``(x.shape, first_argmax, size,
stride)`` (max pooling)."""

# A CS231n-style naive convolution (conv_forward_naive with stride/pad as keyword
# arguments and a floored output size), shared by several entries below.
_NAIVE_CONV = '''
import numpy as np
def conv2d_forward(x, w, b, stride=1, pad=0):
    x, w, b = np.asarray(x, dtype=float), np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    N, C, H, W = x.shape
    F_, C_w, HH, WW = w.shape
    if C != C_w:
        raise ValueError("channel mismatch")
    H_out = 1 + (H + 2 * pad - HH) // stride
    W_out = 1 + (W + 2 * pad - WW) // stride
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    out = np.zeros((N, F_, H_out, W_out))
    for n in range(N):
        for f in range(F_):
            for i in range(H_out):
                for j in range(W_out):
                    window = x_pad[n, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    cache = (x, w, b, {"stride": stride, "pad": pad})
    return out, cache
'''

_NAIVE_BACKWARD = '''
def conv2d_backward(dout, cache):
    x, w, b, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    dout = np.asarray(dout, dtype=float)
    N, F_, H_out, W_out = dout.shape
    HH, WW = w.shape[2:]
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    dx_pad, dw = np.zeros_like(x_pad), np.zeros_like(w)
    db = np.sum(dout, axis=(0, 2, 3))
    for n in range(N):
        for f in range(F_):
            for i in range(H_out):
                for j in range(W_out):
                    r, s = i * stride, j * stride
                    dw[f] += x_pad[n, :, r:r + HH, s:s + WW] * dout[n, f, i, j]
                    dx_pad[n, :, r:r + HH, s:s + WW] += w[f] * dout[n, f, i, j]
    dx = dx_pad[:, :, pad:pad + x.shape[2], pad:pad + x.shape[3]]
    return dx, dw, db
'''

_NAIVE_POOL_FORWARD = '''
import numpy as np
def maxpool2d_forward(x, size, stride):
    x = np.asarray(x, dtype=float)
    N, C, H, W = x.shape
    H_out, W_out = 1 + (H - size) // stride, 1 + (W - size) // stride
    out = np.zeros((N, C, H_out, W_out))
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    out[n, c, i, j] = x[n, c, i * stride:i * stride + size,
                                        j * stride:j * stride + size].max()
    return out, (x, size, stride)
'''


def _pool_backward(update):
    """A naive max-pooling backward whose window update is ``update``."""
    return _NAIVE_POOL_FORWARD + '''
def maxpool2d_backward(dout, cache):
    x, size, stride = cache
    dout = np.asarray(dout, dtype=float)
    N, C, H_out, W_out = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    r, s = i * stride, j * stride
                    window = x[n, c, r:r + size, s:s + size]
''' + update


WRONG = [
    # -- conv_output_size -------------------------------------------------------------
    dict(name="output_size_rounded_up", exercise="conv_output_size",
         misconception="conv-output-size-ceil", code='''
import math
def conv_output_size(n, kernel, stride=1, padding=0, dilation=1):
    if min(n, kernel, stride, dilation) < 1 or padding < 0:
        raise ValueError("bad arguments")
    span = dilation * (kernel - 1) + 1
    if n + 2 * padding < span:
        raise ValueError("kernel does not fit")
    return math.ceil((n + 2 * padding - span) / stride) + 1
'''),
    dict(name="output_size_ignores_dilation", exercise="conv_output_size",
         misconception="conv-output-size-dilation-ignored", code='''
def conv_output_size(n, kernel, stride=1, padding=0, dilation=1):
    if min(n, kernel, stride, dilation) < 1 or padding < 0:
        raise ValueError("bad arguments")
    if n + 2 * padding < kernel:
        raise ValueError("kernel does not fit")
    return (n + 2 * padding - kernel) // stride + 1
'''),
    dict(name="output_size_float_from_np_floor", exercise="conv_output_size", code='''
import numpy as np
def conv_output_size(n, kernel, stride=1, padding=0, dilation=1):
    if min(n, kernel, stride, dilation) < 1 or padding < 0:
        raise ValueError("bad arguments")
    size = np.floor((n + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1
    if size < 1:
        raise ValueError("kernel does not fit")
    return size
'''),
    dict(name="output_size_truncates_toward_zero", exercise="conv_output_size", code='''
def conv_output_size(n, kernel, stride=1, padding=0, dilation=1):
    if min(n, kernel, stride, dilation) < 1 or padding < 0:
        raise ValueError("bad arguments")
    size = int((n + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1
    if size < 1:
        raise ValueError("kernel does not fit")
    return size
'''),
    dict(name="output_size_no_validation", exercise="conv_output_size", code='''
def conv_output_size(n, kernel, stride=1, padding=0, dilation=1):
    return (n + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1
'''),
    # -- conv2d_forward ---------------------------------------------------------------
    dict(name="conv_forward_flips_the_kernel", exercise="conv2d_forward",
         misconception="conv-kernel-flipped", code='''
import numpy as np
def conv2d_forward(x, w, b, stride=1, pad=0):
    x, w, b = np.asarray(x, dtype=float), np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    if w.shape[1] != x.shape[1]:
        raise ValueError("channel mismatch")
    flipped = w[:, :, ::-1, ::-1]
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, w.shape[2:], axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    out = np.einsum("ncijkl,fckl->nfij", windows, flipped) + b[None, :, None, None]
    return out, (x, w, b, stride, pad)
'''),
    # loses conv2d_forward/stride_not_dividing and, on conv2d_backward, only
    # stride_not_dividing (its forward, needed for the cache, raises there; every other
    # backward check draws sizes the stride divides): the same points on every seed
    dict(name="cs231n_asserts_the_stride_divides", exercise="conv2d_forward",
         also=("conv2d_backward",), code=_NAIVE_CONV.replace(
             "    H_out = 1 + (H + 2 * pad - HH) // stride\n",
             "    assert (H + 2 * pad - HH) % stride == 0, 'height does not work'\n"
             "    assert (W + 2 * pad - WW) % stride == 0, 'width does not work'\n"
             "    H_out = 1 + (H + 2 * pad - HH) // stride\n") + _NAIVE_BACKWARD),
    dict(name="conv_forward_bias_once_per_filter_not_per_position", exercise="conv2d_forward",
         code=_NAIVE_CONV.replace("out[n, f, i, j] = np.sum(window * w[f]) + b[f]",
                                  "out[n, f, i, j] = np.sum(window * w[f]) + b[f] * (i == 0 and j == 0)")
         + _NAIVE_BACKWARD),
    # -- conv2d_backward --------------------------------------------------------------
    dict(name="conv_backward_crops_with_pad_to_minus_pad", exercise="conv2d_backward",
         misconception="conv-backward-pad-slice-empty", code=_NAIVE_CONV + _NAIVE_BACKWARD.replace(
             "pad:pad + x.shape[2], pad:pad + x.shape[3]]", "pad:-pad, pad:-pad]")),
    dict(name="conv_backward_ignores_the_stride", exercise="conv2d_backward",
         code=_NAIVE_CONV + _NAIVE_BACKWARD.replace("r, s = i * stride, j * stride", "r, s = i, j")),
    dict(name="conv_backward_db_summed_over_the_batch_only", exercise="conv2d_backward",
         code='''
import numpy as np
def conv2d_backward(dout, cache):
    x, w, b, stride, pad = cache
    dout = np.asarray(dout, dtype=float)
    kh, kw = w.shape[2:]
    h_out, w_out = dout.shape[2:]
    padded = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (kh, kw), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    db = dout.sum(axis=0).mean(axis=(1, 2))
    dw = np.einsum("nfij,ncijkl->fckl", dout, windows)
    dpadded = np.zeros(padded.shape)
    for k in range(kh):
        for l in range(kw):
            dpadded[:, :, k:k + stride * h_out:stride, l:l + stride * w_out:stride] += \\
                np.einsum("nfij,fc->ncij", dout, w[:, :, k, l])
    return dpadded[:, :, pad:pad + x.shape[2], pad:pad + x.shape[3]], dw, db
'''),
    dict(name="conv_backward_accumulates_into_the_cache", exercise="conv2d_backward",
         code=_NAIVE_CONV.replace('cache = (x, w, b, {"stride": stride, "pad": pad})',
                                  'cache = (x, w, b, {"stride": stride, "pad": pad, '
                                  '"dw": np.zeros_like(w)})')
         + _NAIVE_BACKWARD.replace("dx_pad, dw = np.zeros_like(x_pad), np.zeros_like(w)",
                                   "dx_pad, dw = np.zeros_like(x_pad), conv_param['dw']")
                          .replace("return dx, dw, db", "return dx, dw.copy(), db")),
    dict(name="maxpool_forward_windows_without_stride", exercise="maxpool2d_forward",
         also=("maxpool2d_backward",), code='''
import numpy as np
def maxpool2d_forward(x, size, stride):
    x = np.asarray(x, dtype=float)
    N, C, H, W = x.shape
    H_out, W_out = 1 + (H - size) // stride, 1 + (W - size) // stride
    out = np.zeros((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            out[:, :, i, j] = x[:, :, i * size:i * size + size, j * size:j * size + size].max(axis=(2, 3))
    return out, (x, size, stride)

def maxpool2d_backward(dout, cache):
    x, size, stride = cache
    dout = np.asarray(dout, dtype=float)
    dx = np.zeros_like(x)
    N, C, H_out, W_out = dout.shape
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    window = x[n, c, i * stride:i * stride + size, j * stride:j * stride + size]
                    k = int(np.argmax(window))
                    dx[n, c, i * stride + k // size, j * stride + k % size] += dout[n, c, i, j]
    return dx
'''),
    # Average pooling both ways: the backward is the exact gradient of the student's own
    # (wrong) forward, which the no-ties check accepts (one mistake costs points once);
    # the ties check (the first maximum gets the gradient) still charges it.
    dict(name="average_pooling_both_ways", exercise="maxpool2d_forward",
         also=("maxpool2d_backward",), code='''
import numpy as np
def maxpool2d_forward(x, size, stride):
    x = np.asarray(x, dtype=float)
    N, C, H, W = x.shape
    H_out, W_out = 1 + (H - size) // stride, 1 + (W - size) // stride
    out = np.zeros((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            out[:, :, i, j] = x[:, :, i * stride:i * stride + size,
                                j * stride:j * stride + size].mean(axis=(2, 3))
    return out, (x.shape, size, stride)

def maxpool2d_backward(dout, cache):
    shape, size, stride = cache
    dout = np.asarray(dout, dtype=float)
    dx = np.zeros(shape)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[:, :, i * stride:i * stride + size, j * stride:j * stride + size] += \
                dout[:, :, i, j][:, :, None, None] / size ** 2
    return dx
'''),
    # -- maxpool2d_backward -----------------------------------------------------------
    dict(name="maxpool_backward_mask_of_every_tie", exercise="maxpool2d_backward",
         misconception="maxpool-gradient-to-every-tie", code=_pool_backward('''
                    dx[n, c, r:r + size, s:s + size] += (window == window.max()) * dout[n, c, i, j]
    return dx
''')),
    dict(name="maxpool_backward_last_tie_wins", exercise="maxpool2d_backward",
         misconception="maxpool-gradient-to-last-tie", code=_pool_backward('''
                    best = (0, 0)
                    for u in range(size):
                        for v in range(size):
                            if window[u, v] >= window[best]:
                                best = (u, v)
                    dx[n, c, r + best[0], s + best[1]] += dout[n, c, i, j]
    return dx
''')),
    dict(name="maxpool_backward_overlaps_overwrite", exercise="maxpool2d_backward",
         misconception="maxpool-overlap-overwritten", code=_pool_backward('''
                    u, v = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, r + u, s + v] = dout[n, c, i, j]
    return dx
''')),
    dict(name="maxpool_backward_scales_the_cached_mask_in_place", exercise="maxpool2d_backward",
         code='''
import numpy as np
def maxpool2d_forward(x, size, stride):
    x = np.asarray(x, dtype=float)
    windows = np.lib.stride_tricks.sliding_window_view(x, (size, size), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    flat = windows.reshape(windows.shape[:4] + (size * size,))
    masks = np.zeros(flat.shape)
    np.put_along_axis(masks, flat.argmax(axis=-1)[..., None], 1.0, axis=-1)
    return flat.max(axis=-1), (x.shape, masks, size, stride)

def maxpool2d_backward(dout, cache):
    shape, masks, size, stride = cache
    masks *= np.asarray(dout, dtype=float)[..., None]       # reuses the cached masks
    dx = np.zeros(shape)
    n, c, ho, wo, _ = masks.shape
    for i in range(ho):
        for j in range(wo):
            dx[:, :, i * stride:i * stride + size, j * stride:j * stride + size] += \\
                masks[:, :, i, j].reshape(n, c, size, size)
    return dx
'''),
    # -- receptive_field --------------------------------------------------------------
    dict(name="receptive_field_counts_its_own_stride", exercise="receptive_field",
         misconception="receptive-field-own-stride", code='''
def receptive_field(layers):
    field, jump = 1, 1
    for kernel, stride in layers:
        if kernel < 1 or stride < 1:
            raise ValueError("kernel and stride must be positive")
        jump *= stride
        field += (kernel - 1) * jump
    return int(field)
'''),
    dict(name="receptive_field_ignores_strides", exercise="receptive_field",
         misconception="receptive-field-strides-ignored", code='''
def receptive_field(layers):
    for kernel, stride in layers:
        if kernel < 1 or stride < 1:
            raise ValueError("kernel and stride must be positive")
    return 1 + sum(int(kernel) - 1 for kernel, _ in layers)
'''),
    dict(name="receptive_field_sum_of_kernels", exercise="receptive_field", code='''
def receptive_field(layers):
    field, jump = 0, 1
    for kernel, stride in layers:
        if kernel < 1 or stride < 1:
            raise ValueError("kernel and stride must be positive")
        field += kernel * jump
        jump *= stride
    return max(int(field), 1)
'''),
]

ALTERNATIVES = [
    # CS231n's conv_forward_naive / conv_backward_naive, with the course's keyword
    # arguments, a floored size and a crop that works for pad = 0.
    dict(name="cs231n_naive_loops", code=_NAIVE_CONV + _NAIVE_BACKWARD + _pool_backward('''
                    u, v = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, r + u, s + v] += dout[n, c, i, j]
    return dx
''') + '''
import math
def conv_output_size(n, kernel, stride=1, padding=0, dilation=1):
    if n < 1 or kernel < 1 or stride < 1 or dilation < 1 or padding < 0:
        raise ValueError("invalid argument")
    size = math.floor((n + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1
    if size < 1:
        raise ValueError("the kernel does not fit")
    return size

def receptive_field(layers):
    r = 1
    for i, (k, s) in enumerate(layers):
        if k < 1 or s < 1:
            raise ValueError("kernel and stride must be >= 1")
        r += (k - 1) * math.prod(int(t[1]) for t in layers[:i])
    return int(r)
'''),
    # PyTorch does the work: conv2d and autograd, max_pool2d with its indices.
    dict(name="torch_functional_and_autograd", code='''
import numpy as np
import torch
import torch.nn.functional as _F

def conv_output_size(n, kernel, stride=1, padding=0, dilation=1):
    ok = all(int(v) >= 1 for v in (n, kernel, stride, dilation)) and int(padding) >= 0
    if not ok or n + 2 * padding - dilation * (kernel - 1) - 1 < 0:
        raise ValueError(f"invalid convolution: n={n}, kernel={kernel}")
    return int(np.floor_divide(n + 2 * padding - dilation * (kernel - 1) - 1, stride) + 1)

def conv2d_forward(x, w, b, stride=1, pad=0):
    xt = torch.as_tensor(np.asarray(x, dtype=float))
    wt = torch.as_tensor(np.asarray(w, dtype=float))
    bt = torch.as_tensor(np.asarray(b, dtype=float))
    if wt.shape[1] != xt.shape[1]:
        raise ValueError("w and x have different channel counts")
    out = _F.conv2d(xt, wt, bt, stride=stride, padding=pad)
    return out.numpy(), {"x": xt.clone(), "w": wt.clone(), "b": bt.clone(), "s": stride, "p": pad}

def conv2d_backward(dout, cache):
    x, w, b = (cache[k].clone().requires_grad_(True) for k in ("x", "w", "b"))
    out = _F.conv2d(x, w, b, stride=cache["s"], padding=cache["p"])
    out.backward(torch.as_tensor(np.array(dout, dtype=float)))
    return x.grad.numpy(), w.grad.numpy(), b.grad.numpy()

def maxpool2d_forward(x, size, stride):
    xt = torch.as_tensor(np.array(x, dtype=float))
    out, idx = _F.max_pool2d(xt, size, stride, return_indices=True)
    return out.numpy(), (tuple(xt.shape), idx)

def maxpool2d_backward(dout, cache):
    shape, idx = cache
    d = torch.as_tensor(np.array(dout, dtype=float))
    dx = torch.zeros(shape[0], shape[1], shape[2] * shape[3], dtype=torch.float64)
    dx.scatter_add_(2, idx.flatten(2), d.flatten(2))
    return dx.reshape(shape).numpy()

def receptive_field(layers):
    def _f(rest):
        if not rest:
            return 1
        (k, s), *tail = rest
        if k < 1 or s < 1:
            raise ValueError("bad layer")
        return k + s * (_f(tail) - 1)
    return int(_f([tuple(int(v) for v in p) for p in layers]))
'''),
    # Pure Python lists and scalar loops, helpers with short names.
    dict(name="pure_python_scalar_loops", code='''
import numpy as np

def _f(a):
    return np.asarray(a, dtype=float).tolist()

def conv_output_size(n, kernel, stride=1, padding=0, dilation=1):
    if n < 1 or kernel < 1 or stride < 1 or dilation < 1 or padding < 0:
        raise ValueError("invalid argument")
    x = 0
    while x * stride + dilation * (kernel - 1) <= n + 2 * padding - 1:
        x += 1
    if x == 0:
        raise ValueError("no window fits")
    return x

def _px(x, n, c, u, v, pad):
    u, v = u - pad, v - pad
    if 0 <= u < len(x[n][c]) and 0 <= v < len(x[n][c][0]):
        return x[n][c][u][v]
    return 0.0

def conv2d_forward(x, w, b, stride=1, pad=0):
    x, w, b = _f(x), _f(w), _f(b)
    if len(w[0]) != len(x[0]):
        raise ValueError("channels differ")
    N, C, H, W = len(x), len(x[0]), len(x[0][0]), len(x[0][0][0])
    K, L = len(w[0][0]), len(w[0][0][0])
    Ho, Wo = (H + 2 * pad - K) // stride + 1, (W + 2 * pad - L) // stride + 1
    out = [[[[b[f] + sum(w[f][c][k][l] * _px(x, n, c, i * stride + k, j * stride + l, pad)
                         for c in range(C) for k in range(K) for l in range(L))
              for j in range(Wo)] for i in range(Ho)] for f in range(len(w))] for n in range(N)]
    return np.array(out), [x, w, stride, pad]

def conv2d_backward(dout, cache):
    x, w, stride, pad = cache
    d = _f(dout)
    N, C, H, W = len(x), len(x[0]), len(x[0][0]), len(x[0][0][0])
    Fn, K, L = len(w), len(w[0][0]), len(w[0][0][0])
    dx = np.zeros((N, C, H, W))
    dw = np.zeros((Fn, C, K, L))
    db = np.zeros(Fn)
    for n in range(N):
        for f in range(Fn):
            for i in range(len(d[0][0])):
                for j in range(len(d[0][0][0])):
                    g = d[n][f][i][j]
                    db[f] += g
                    for c in range(C):
                        for k in range(K):
                            for l in range(L):
                                u, v = i * stride + k - pad, j * stride + l - pad
                                dw[f, c, k, l] += g * _px(x, n, c, u + pad, v + pad, pad)
                                if 0 <= u < H and 0 <= v < W:
                                    dx[n, c, u, v] += g * w[f][c][k][l]
    return dx, dw, db

def maxpool2d_forward(x, size, stride):
    x = _f(x)
    H, W = len(x[0][0]), len(x[0][0][0])
    Ho, Wo = (H - size) // stride + 1, (W - size) // stride + 1
    out, where = [], []
    for n in range(len(x)):
        for c in range(len(x[0])):
            for i in range(Ho):
                for j in range(Wo):
                    best = None
                    for u in range(i * stride, i * stride + size):
                        for v in range(j * stride, j * stride + size):
                            if best is None or x[n][c][u][v] > x[n][c][best[0]][best[1]]:
                                best = (u, v)
                    out.append(x[n][c][best[0]][best[1]])
                    where.append((n, c, best[0], best[1]))
    shape = (len(x), len(x[0]), Ho, Wo)
    return np.array(out).reshape(shape), (where, (len(x), len(x[0]), H, W))

def maxpool2d_backward(dout, cache):
    where, shape = cache
    dx = np.zeros(shape)
    for g, idx in zip(np.asarray(dout, dtype=float).ravel(), where):
        dx[idx] += g
    return dx

def receptive_field(layers):
    pairs = [(int(k), int(s)) for k, s in layers]
    if any(k < 1 or s < 1 for k, s in pairs):
        raise ValueError("kernel and stride must be >= 1")
    lo = hi = 0
    for k, s in reversed(pairs):
        lo, hi = lo * s, hi * s + k - 1
    return hi - lo + 1
'''),
]
