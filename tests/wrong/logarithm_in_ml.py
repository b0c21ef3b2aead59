"""Wrong (and alternative correct) implementations for 05_logarithm_in_ml.

Each ``code`` is inserted into solutions/05_logarithm_in_ml/05_logarithm_in_ml.py before
every test cell and redefines only what it breaks.
"""

WRONG = [
    dict(name="surprisal_natural_log", exercise="surprisal",
         misconception="natural-log-instead-of-bits", code='''
import numpy as np
def surprisal(p, base=2):
    if base <= 0 or base == 1:
        raise ValueError("bad base")
    single = np.ndim(p) == 0
    p = np.array(p, dtype=float)
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError("not a probability")
    with np.errstate(divide="ignore"):
        s = -np.log(p)                           # forgot to divide by log(base)
    return float(s) if single else s
'''),
    dict(name="surprisal_log_of_reciprocal", exercise="surprisal",
         misconception="log-of-reciprocal-overflows", code='''
import math
import numpy as np
def surprisal(p, base=2):
    if base <= 0 or base == 1:
        raise ValueError("bad base")
    single = np.ndim(p) == 0
    p = np.array(p, dtype=float)
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError("not a probability")
    with np.errstate(divide="ignore", over="ignore"):
        s = np.log(1.0 / p) / math.log(base)     # log(1/p): 1/1e-310 overflows to inf
    return float(s) if single else s
'''),
    dict(name="surprisal_clamped", exercise="surprisal",
         misconception="probability-clamped-before-log", code='''
import math
import numpy as np
def surprisal(p, base=2):
    if base <= 0 or base == 1:
        raise ValueError("bad base")
    single = np.ndim(p) == 0
    p = np.array(p, dtype=float)
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError("not a probability")
    s = -np.log(np.maximum(p, 1e-10)) / math.log(base)   # "avoid log(0)"
    return float(s) if single else s
'''),
    dict(name="surprisal_no_validation", exercise="surprisal", misconception=None, code='''
import math
import numpy as np
def surprisal(p, base=2):
    single = np.ndim(p) == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        s = -np.log(np.array(p, dtype=float)) / math.log(base)
    return float(s) if single else s
'''),
    dict(name="log_likelihood_log_of_product", exercise="log_likelihood",
         misconception="log-of-underflowed-likelihood-product", code='''
import numpy as np
def log_likelihood(probs):
    p = np.array(probs, dtype=float)
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError("not a probability")
    with np.errstate(divide="ignore"):
        return float(np.log(np.prod(p)))         # the product underflows to 0
'''),
    dict(name="log_likelihood_clamped", exercise="log_likelihood",
         misconception="probability-clamped-before-log", code='''
import numpy as np
def log_likelihood(probs):
    p = np.array(probs, dtype=float)
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError("not a probability")
    return float(np.sum(np.log(np.clip(p, 1e-10, 1.0))))   # as in the seed notes
'''),
    dict(name="log_likelihood_mean", exercise="log_likelihood",
         misconception="log-likelihood-averaged", code='''
import numpy as np
def log_likelihood(probs):
    p = np.array(probs, dtype=float)
    if np.any(p < 0) or np.any(p > 1):
        raise ValueError("not a probability")
    if p.size == 0:
        return 0.0
    with np.errstate(divide="ignore"):
        return float(np.mean(np.log(p)))         # the mean, not the sum
'''),
    dict(name="logsumexp_naive", exercise="logsumexp",
         misconception="logsumexp-without-max-shift", code='''
import numpy as np
def logsumexp(x, axis=None):
    x = np.array(x, dtype=float)
    with np.errstate(all="ignore"):
        out = np.log(np.sum(np.exp(x), axis=axis))   # exp(1000) = inf
    return float(out) if np.ndim(out) == 0 else out
'''),
    dict(name="logsumexp_unguarded_shift", exercise="logsumexp",
         misconception="logsumexp-nan-for-all-minus-inf", code='''
import numpy as np
def logsumexp(x, axis=None):
    x = np.array(x, dtype=float)
    m = np.max(x, axis=axis, keepdims=True)      # -inf for an all -inf slice
    with np.errstate(all="ignore"):
        out = m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))
    out = out.reshape(()) if axis is None else np.squeeze(out, axis=axis)
    return float(out) if np.ndim(out) == 0 else out
'''),
    dict(name="logsumexp_keepdims", exercise="logsumexp",
         misconception="reduced-axis-kept-as-size-1", code='''
import numpy as np
def logsumexp(x, axis=None):
    x = np.array(x, dtype=float)
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        out = m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))
    return float(out.reshape(())) if axis is None else out   # the reduced axis stays, size 1
'''),
    dict(name="logsumexp_axis_array_for_one_number", exercise="logsumexp",
         misconception="single-number-returned-as-array", code='''
import numpy as np
def logsumexp(x, axis=None):
    x = np.array(x, dtype=float)
    flat = axis is None
    if flat:
        x, axis = x.ravel(), 0
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        out = np.squeeze(m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)), axis=axis)
    return float(out) if flat else out              # a 0-d array for a 1-D x along axis 0
'''),
    dict(name="logsumexp_shift_dropped", exercise="logsumexp",
         misconception="logsumexp-shift-not-added-back", code='''
import numpy as np
def logsumexp(x, axis=None):
    x = np.array(x, dtype=float)
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        out = np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))   # + m forgotten
    out = out.reshape(()) if axis is None else np.squeeze(out, axis=axis)
    return float(out) if np.ndim(out) == 0 else out
'''),
    dict(name="softmax_naive", exercise="softmax", misconception="softmax-without-max-shift",
         code='''
import numpy as np
def softmax(x, axis=-1):
    x = np.array(x, dtype=float)
    with np.errstate(all="ignore"):
        e = np.exp(x)                            # inf at 1000
        return e / np.sum(e, axis=axis, keepdims=True)
'''),
    dict(name="softmax_global_max", exercise="softmax",
         misconception="softmax-shifted-by-the-global-max", code='''
import numpy as np
def softmax(x, axis=-1):
    x = np.array(x, dtype=float)
    with np.errstate(all="ignore"):
        e = np.exp(x - np.max(x))                # one max for the whole array
        return e / np.sum(e, axis=axis, keepdims=True)
'''),
    dict(name="softmax_shifts_in_place", exercise="softmax",
         misconception="modifies-input-in-place", code='''
import numpy as np
def softmax(x, axis=-1):
    x = np.asarray(x, dtype=float)               # no copy for a float64 array
    with np.errstate(all="ignore"):
        x -= np.max(x, axis=axis, keepdims=True)  # changes the caller's logits
        e = np.exp(x)
        return e / np.sum(e, axis=axis, keepdims=True)
'''),
    dict(name="softmax_uniform_for_dead_rows", exercise="softmax", misconception=None, code='''
import numpy as np
def softmax(x, axis=-1):
    x = np.array(x, dtype=float)
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    e = np.exp(x - m)
    s = np.sum(e, axis=axis, keepdims=True)
    n = x.shape[axis]
    with np.errstate(all="ignore"):
        return np.where(s > 0, e / s, 1.0 / n)   # not the notebook's choice (nan)
'''),
    dict(name="log_softmax_as_log_of_softmax", exercise="log_softmax",
         misconception="log-softmax-as-log-of-softmax", code='''
import numpy as np
def log_softmax(x, axis=-1):
    x = np.array(x, dtype=float)
    with np.errstate(all="ignore"):
        e = np.exp(x - np.max(x, axis=axis, keepdims=True))
        return np.log(e / np.sum(e, axis=axis, keepdims=True))   # log(e^-1000) = log 0
'''),
    dict(name="log_softmax_missing_normaliser", exercise="log_softmax",
         misconception="log-softmax-missing-normaliser", code='''
import numpy as np
def log_softmax(x, axis=-1):
    x = np.array(x, dtype=float)
    with np.errstate(all="ignore"):
        return x - np.max(x, axis=axis, keepdims=True)   # only the shift
'''),
    dict(name="cross_entropy_summed", exercise="softmax_cross_entropy",
         misconception="cross-entropy-summed-over-batch", code='''
import numpy as np
def softmax_cross_entropy(logits, labels):
    z = np.array(logits, dtype=float)
    y = np.array(labels)
    if z.ndim != 2 or y.shape != (z.shape[0],) or not np.issubdtype(y.dtype, np.integer) \\
            or np.any(y < 0) or np.any(y >= z.shape[1]):
        raise ValueError("bad logits or labels")
    n = z.shape[0]
    with np.errstate(all="ignore"):
        s = z - z.max(axis=1, keepdims=True)
        lp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    grad = np.exp(lp)
    grad[np.arange(n), y] -= 1
    return float(-lp[np.arange(n), y].sum()), grad / n   # the loss summed, not averaged
'''),
    dict(name="cross_entropy_gradient_not_averaged", exercise="softmax_cross_entropy",
         misconception="cross-entropy-gradient-not-divided-by-n", code='''
import numpy as np
def softmax_cross_entropy(logits, labels):
    z = np.array(logits, dtype=float)
    y = np.array(labels)
    if z.ndim != 2 or y.shape != (z.shape[0],) or not np.issubdtype(y.dtype, np.integer) \\
            or np.any(y < 0) or np.any(y >= z.shape[1]):
        raise ValueError("bad logits or labels")
    n = z.shape[0]
    with np.errstate(all="ignore"):
        s = z - z.max(axis=1, keepdims=True)
        lp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    grad = np.exp(lp)
    grad[np.arange(n), y] -= 1
    return float(-lp[np.arange(n), y].mean()), grad          # the 1/N of the mean forgotten
'''),
    dict(name="cross_entropy_gradient_sign_flipped", exercise="softmax_cross_entropy",
         misconception="cross-entropy-gradient-sign-flipped", code='''
import numpy as np
def softmax_cross_entropy(logits, labels):
    z = np.array(logits, dtype=float)
    y = np.array(labels)
    if z.ndim != 2 or y.shape != (z.shape[0],) or not np.issubdtype(y.dtype, np.integer) \\
            or np.any(y < 0) or np.any(y >= z.shape[1]):
        raise ValueError("bad logits or labels")
    n = z.shape[0]
    with np.errstate(all="ignore"):
        s = z - z.max(axis=1, keepdims=True)
        lp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    onehot = np.eye(z.shape[1])[y]
    return float(-lp[np.arange(n), y].mean()), (onehot - np.exp(lp)) / n   # target - prediction
'''),
    dict(name="cross_entropy_from_log_of_softmax", exercise="softmax_cross_entropy",
         misconception="cross-entropy-from-log-of-softmax", code='''
import numpy as np
def softmax_cross_entropy(logits, labels):
    z = np.array(logits, dtype=float)
    y = np.array(labels)
    if z.ndim != 2 or y.shape != (z.shape[0],) or not np.issubdtype(y.dtype, np.integer) \\
            or np.any(y < 0) or np.any(y >= z.shape[1]):
        raise ValueError("bad logits or labels")
    n = z.shape[0]
    e = np.exp(z - z.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore"):
        loss = float(-np.mean(np.log(p[np.arange(n), y])))   # log of an underflowed softmax
    return loss, (p - np.eye(z.shape[1])[y]) / n
'''),
    dict(name="cross_entropy_negative_labels_wrap", exercise="softmax_cross_entropy",
         misconception="class-label-negative-index-wraps", code='''
import numpy as np
def softmax_cross_entropy(logits, labels):
    z = np.array(logits, dtype=float)
    y = np.array(labels)
    if z.ndim != 2 or y.shape != (z.shape[0],) or not np.issubdtype(y.dtype, np.integer) \\
            or np.any(y >= z.shape[1]):
        raise ValueError("bad logits or labels")  # y < 0 not checked: -1 is the last class
    n = z.shape[0]
    with np.errstate(all="ignore"):
        s = z - z.max(axis=1, keepdims=True)
        lp = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    grad = np.exp(lp)
    grad[np.arange(n), y] -= 1
    return float(-lp[np.arange(n), y].mean()), grad / n
'''),
    dict(name="cross_entropy_modifies_logits", exercise="softmax_cross_entropy",
         misconception="modifies-input-in-place", code='''
import numpy as np
def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)          # no copy for a float64 array
    y = np.array(labels)
    if z.ndim != 2 or y.shape != (z.shape[0],) or not np.issubdtype(y.dtype, np.integer) \\
            or np.any(y < 0) or np.any(y >= z.shape[1]):
        raise ValueError("bad logits or labels")
    n = z.shape[0]
    with np.errstate(all="ignore"):
        z -= z.max(axis=1, keepdims=True)        # shifts the caller's logits
        lp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    grad = np.exp(lp)
    grad[np.arange(n), y] -= 1
    return float(-lp[np.arange(n), y].mean()), grad / n
'''),
]

ALTERNATIVES = [
    dict(name="scipy_and_torch_library_calls", code='''
import math
import numpy as np
import scipy.special
import torch

def surprisal(p, base=2):
    if isinstance(base, bool) or not (base > 0) or base == 1:
        raise ValueError("base must be positive and not 1")
    a = np.array(p, dtype=np.float64)
    if ((a < 0) | (a > 1)).any():
        raise ValueError("probabilities lie in [0, 1]")
    with np.errstate(divide="ignore"):
        out = -scipy.special.xlogy(1.0, a) / np.log(base)
    return float(out) if np.ndim(p) == 0 else np.asarray(out)

def log_likelihood(probs):
    a = np.array(probs, dtype=np.float64)
    if ((a < 0) | (a > 1)).any():
        raise ValueError("probabilities lie in [0, 1]")
    with np.errstate(divide="ignore"):
        return float(np.log(a).sum())

def logsumexp(x, axis=None):
    out = scipy.special.logsumexp(np.array(x, dtype=float), axis=axis)
    return float(out) if np.ndim(out) == 0 else np.asarray(out)

def softmax(x, axis=-1):
    with np.errstate(all="ignore"):
        return scipy.special.softmax(np.array(x, dtype=float), axis=axis)

def log_softmax(x, axis=-1):
    with np.errstate(all="ignore"):
        return scipy.special.log_softmax(np.array(x, dtype=float), axis=axis)

def softmax_cross_entropy(logits, labels):
    z = np.array(logits, dtype=float)
    y = np.array(labels)
    if z.ndim != 2:
        raise ValueError("logits must be (N, C)")
    if y.ndim != 1 or len(y) != len(z):
        raise ValueError("one label per row")
    if y.dtype.kind not in "iu":
        raise ValueError("integer labels")
    if y.size and (y.min() < 0 or y.max() >= z.shape[1]):
        raise ValueError("label out of range")
    t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    loss = torch.nn.functional.cross_entropy(t, torch.as_tensor(y, dtype=torch.long))
    loss.backward()
    grad = t.grad.numpy().copy()
    if not np.all(np.isfinite(grad)):            # -inf logits: autograd meets inf * 0
        with np.errstate(all="ignore"):
            grad = (scipy.special.softmax(z, axis=1) - np.eye(z.shape[1])[y]) / len(z)
    return float(loss.item()), grad
'''),
    dict(name="loops_lists_and_math", code='''
import math
import numpy as np

def surprisal(p, base=2):
    if not isinstance(base, (int, float)) or base <= 0 or base == 1:
        raise ValueError("invalid base")
    lb = math.log(base)
    arr = np.array(p, dtype=float)
    out = np.empty(arr.shape)
    for i, v in np.ndenumerate(arr):
        if not 0 <= v <= 1:
            raise ValueError(f"{v} is not a probability")
        out[i] = math.inf / (1 if lb > 0 else -1) if v == 0 else -math.log(v) / lb
    return float(out) if arr.ndim == 0 else out

def log_likelihood(probs):
    total = []
    for v in np.ravel(np.array(probs, dtype=float)).tolist():
        if v < 0 or v > 1:
            raise ValueError("not a probability")
        if v == 0:
            return -math.inf
        total.append(math.log(v))
    return math.fsum(total)

def _lse1(values):
    m = max(values)
    if math.isinf(m):
        return m                                 # all -inf, or a +inf entry
    return m + math.log(math.fsum(math.exp(v - m) for v in values))

def logsumexp(x, axis=None):
    a = np.array(x, dtype=float)
    if axis is None:
        return _lse1(a.ravel().tolist())
    moved = np.moveaxis(a, axis, -1)
    out = np.empty(moved.shape[:-1])
    for i in np.ndindex(out.shape):
        out[i] = _lse1(moved[i].tolist())
    return float(out) if out.ndim == 0 else out

def _slices(x, axis, f):
    a = np.array(x, dtype=float)
    moved = np.moveaxis(a, axis, -1)
    out = np.empty(moved.shape)
    for i in np.ndindex(moved.shape[:-1]):
        out[i] = f(moved[i].tolist())
    return np.moveaxis(out, -1, axis)

def _sm1(values):
    m = max(values)
    if m == -math.inf:
        return [math.nan] * len(values)
    e = [math.exp(v - m) for v in values]
    s = math.fsum(e)
    return [v / s for v in e]

def _lsm1(values):
    m = max(values)
    if m == -math.inf:
        return [math.nan] * len(values)
    lse = m + math.log(math.fsum(math.exp(v - m) for v in values))
    return [v - lse for v in values]

def softmax(x, axis=-1):
    return _slices(x, axis, _sm1)

def log_softmax(x, axis=-1):
    return _slices(x, axis, _lsm1)

def softmax_cross_entropy(logits, labels):
    z = np.array(logits, dtype=float)
    if z.ndim != 2:
        raise ValueError("logits must be 2-D")
    labels = list(np.array(labels).tolist()) if np.ndim(labels) else None
    if labels is None or len(labels) != z.shape[0]:
        raise ValueError("need one label per row")
    n, c = z.shape
    grad = np.zeros((n, c))
    losses = []
    for i, y in enumerate(labels):
        if not isinstance(y, int) or isinstance(y, bool) or not 0 <= y < c:
            raise ValueError(f"label {y!r} is not a class index in 0..{c - 1}")
        row = z[i].tolist()
        losses.append(-_lsm1(row)[y])
        for k, pk in enumerate(_sm1(row)):
            grad[i, k] = (pk - (k == y)) / n
    return math.fsum(losses) / n, grad
'''),
    dict(name="helpers_named_f_x_rng_reusing_own_functions", code='''
import math
import numpy as np

def _f(base):
    base = float(base)
    if not (base > 0) or base == 1 or math.isinf(base):
        raise ValueError("base must be a positive number other than 1")
    return math.log(base)

def x(values):
    """validated probabilities as a new float array"""
    a = np.array(values, dtype=np.float64, copy=True)
    if np.any(a < 0) or np.any(a > 1):
        raise ValueError("probabilities must lie in [0, 1]")
    return a

def surprisal(p, base=2):
    lb = _f(base)
    a = x(p)
    with np.errstate(divide="ignore"):
        out = np.negative(np.log(a)) / lb
    return out.item() if a.ndim == 0 else out

def log_likelihood(probs):
    with np.errstate(divide="ignore"):
        return float(np.add.reduce(np.log(x(probs)), axis=None))

def rng(a, axis):
    """the stable shift: the maximum, or 0 where it is not finite"""
    m = np.amax(a, axis=axis, keepdims=True)
    return np.where(np.isinf(m), 0.0, m)

def logsumexp(x, axis=None):
    a = np.asarray(x, dtype=float)
    if axis is None:
        a = a.reshape(-1)
        axis = 0
    m = rng(a, axis)
    with np.errstate(divide="ignore"):
        out = np.log(np.exp(a - m).sum(axis=axis)) + np.squeeze(m, axis=axis)
    return float(out) if np.ndim(out) == 0 else out

def log_softmax(x, axis=-1):
    a = np.asarray(x, dtype=float)
    with np.errstate(invalid="ignore"):
        return a - np.expand_dims(logsumexp(a, axis=axis), axis)   # -inf - -inf = nan for dead rows

def softmax(x, axis=-1):
    return np.exp(log_softmax(x, axis=axis))

def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    if z.ndim != 2:
        raise ValueError("logits must be (N, C)")
    y = np.asarray(labels)
    if y.shape != z.shape[:1]:
        raise ValueError("labels must have shape (N,)")
    if not np.issubdtype(y.dtype, np.integer):
        raise ValueError("labels must be integers")
    if y.min() < 0 or y.max() >= z.shape[1]:
        raise ValueError("labels must lie in 0..C-1")
    n = len(y)
    onehot = np.zeros_like(z)
    onehot[np.arange(n), y] = 1.0
    lp = log_softmax(z, axis=1)
    return float(-(lp[np.arange(n), y]).sum() / n), (softmax(z, axis=1) - onehot) / n
'''),
    dict(name="torch_functions", code='''
import math
import numpy as np
import torch

def surprisal(p, base=2):
    if not (float(base) > 0) or float(base) == 1:
        raise ValueError("invalid base")
    t = torch.as_tensor(np.array(p, dtype=float))
    if bool(((t < 0) | (t > 1)).any()):
        raise ValueError("probabilities lie in [0, 1]")
    out = (-torch.log(t) / math.log(base)).numpy()
    return float(out) if out.ndim == 0 else out

def log_likelihood(probs):
    t = torch.as_tensor(np.array(probs, dtype=float))
    if bool(((t < 0) | (t > 1)).any()):
        raise ValueError("probabilities lie in [0, 1]")
    return float(torch.log(t).sum())

def logsumexp(x, axis=None):
    t = torch.as_tensor(np.array(x, dtype=float))
    if axis is None:
        return float(torch.logsumexp(t.reshape(-1), dim=0))
    out = torch.logsumexp(t, dim=axis).numpy()
    return float(out) if out.ndim == 0 else out

def softmax(x, axis=-1):
    return torch.softmax(torch.as_tensor(np.array(x, dtype=float)), dim=axis).numpy()

def log_softmax(x, axis=-1):
    return torch.log_softmax(torch.as_tensor(np.array(x, dtype=float)), dim=axis).numpy()

def softmax_cross_entropy(logits, labels):
    z = torch.as_tensor(np.array(logits, dtype=float))
    y = torch.as_tensor(np.array(labels))
    if z.dim() != 2 or y.shape != z.shape[:1]:
        raise ValueError("logits (N, C) and N labels")
    if y.dtype.is_floating_point or y.dtype == torch.bool:
        raise ValueError("labels must be integers")
    if bool((y < 0).any()) or bool((y >= z.shape[1]).any()):
        raise ValueError("labels must lie in 0..C-1")
    logp = torch.log_softmax(z, dim=1)
    n = z.shape[0]
    loss = -logp[torch.arange(n), y].mean()
    grad = torch.softmax(z, dim=1)
    grad[torch.arange(n), y] -= 1.0
    return float(loss), (grad / n).numpy()
'''),
]
