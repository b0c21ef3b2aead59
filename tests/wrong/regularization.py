"""Wrong (and alternative correct) implementations for 09_regularization.

Each ``code`` is inserted into solutions/09_regularization/09_regularization.py before
every test cell and redefines only what it breaks.
"""

WRONG = [
    dict(name="l2_penalty_without_the_half", exercise="l2_penalty",
         misconception="l2-penalty-missing-half", code='''
import numpy as np
def l2_penalty(w, lam):
    return float(lam * np.sum(np.asarray(w, dtype=float) ** 2))
'''),
    dict(name="l2_grad_twice_lam_w", exercise="l2_grad",
         misconception="l2-gradient-wrong-factor", code='''
import numpy as np
def l2_grad(w, lam):
    return 2 * lam * np.asarray(w, dtype=float)
'''),
    dict(name="l1_penalty_signed_sum", exercise="l1_penalty",
         misconception="l1-penalty-without-abs", code='''
import numpy as np
def l1_penalty(w, lam):
    return float(lam * np.sum(w))
'''),
    dict(name="l1_subgradient_one_sided_at_zero", exercise="l1_subgradient",
         misconception="l1-subgradient-nonzero-at-zero", code='''
import numpy as np
def l1_subgradient(w, lam):
    w = np.asarray(w, dtype=float)
    return np.where(w >= 0, lam, -lam)
'''),
    dict(name="elastic_net_l2_part_without_half", exercise="elastic_net_penalty",
         misconception="elastic-net-l2-part-missing-half", code='''
import numpy as np
def elastic_net_penalty(w, lam, l1_ratio):
    w = np.asarray(w, dtype=float)
    return float(lam * (l1_ratio * np.abs(w).sum() + (1 - l1_ratio) * (w ** 2).sum()))
'''),
    dict(name="soft_threshold_is_hard_threshold", exercise="soft_threshold",
         misconception="hard-instead-of-soft-threshold", code='''
import numpy as np
def soft_threshold(x, t):
    if t < 0:
        raise ValueError("t must be >= 0")
    x = np.asarray(x, dtype=float)
    return np.where(np.abs(x) > t, x, 0.0)
'''),
    dict(name="soft_threshold_forgets_sign", exercise="soft_threshold",
         misconception="soft-threshold-sign-lost", code='''
import numpy as np
def soft_threshold(x, t):
    if t < 0:
        raise ValueError("t must be >= 0")
    return np.maximum(np.abs(np.asarray(x, dtype=float)) - t, 0.0)
'''),
    dict(name="soft_threshold_no_error_for_negative_t", exercise="soft_threshold",
         misconception=None, code='''
import numpy as np
def soft_threshold(x, t):
    x = np.asarray(x, dtype=float)
    return np.sign(x) * np.maximum(np.abs(x) - t, 0.0)
'''),
    dict(name="ridge_two_lam_from_the_halves", exercise="ridge_closed_form",
         misconception="ridge-lambda-scaled", code='''
import numpy as np
def ridge_closed_form(X, y, lam):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return np.linalg.solve(X.T @ X + 2 * lam * np.eye(X.shape[1]), X.T @ y)
'''),
    dict(name="ridge_lam_added_to_every_entry", exercise="ridge_closed_form",
         misconception="ridge-lambda-added-to-every-entry", code='''
import numpy as np
def ridge_closed_form(X, y, lam):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return np.linalg.pinv(X.T @ X + lam) @ (X.T @ y)
'''),
    dict(name="ridge_ignores_lam", exercise="ridge_closed_form",
         misconception="ridge-lambda-ignored", code='''
import numpy as np
def ridge_closed_form(X, y, lam):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    return np.linalg.lstsq(X, y, rcond=None)[0]        # the penalty forgotten
'''),
    dict(name="lasso_ista_thresholds_at_lam", exercise="lasso_ista",
         misconception="ista-threshold-not-scaled-by-step", code='''
import numpy as np
def lasso_ista(X, y, lam, n_iter=500):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    L = np.linalg.norm(X, 2) ** 2
    w = np.zeros(X.shape[1])
    for _ in range(n_iter):
        u = w - X.T @ (X @ w - y) / L
        w = np.sign(u) * np.maximum(np.abs(u) - lam, 0.0)
    return w
'''),
    dict(name="lasso_sklearn_with_alpha_lam", exercise="lasso_ista",
         misconception="lasso-sklearn-alpha-not-scaled", code='''
import numpy as np
from sklearn.linear_model import Lasso
def lasso_ista(X, y, lam, n_iter=500):
    model = Lasso(alpha=lam, fit_intercept=False, max_iter=100000, tol=1e-12)
    return model.fit(np.asarray(X, dtype=float), np.asarray(y, dtype=float)).coef_
'''),
    dict(name="lasso_subgradient_descent_fixed_rate", exercise="lasso_ista",
         misconception=None, code='''
import numpy as np
def lasso_ista(X, y, lam, n_iter=500):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w = np.zeros(X.shape[1])
    for _ in range(n_iter):
        w = w - 0.001 * (X.T @ (X @ w - y) + lam * np.sign(w))   # no prox: never exactly 0
    return w
'''),
    dict(name="dropout_p_as_keep_probability_cs231n", exercise="dropout_forward",
         misconception="dropout-p-as-keep-probability", code='''
import numpy as np
def dropout_forward(x, p, rng, train=True):
    if not 0 <= p <= 1:
        raise ValueError("p must be in [0, 1]")
    x = np.asarray(x, dtype=float)
    if not train:
        return x.copy(), np.ones_like(x)
    if p == 0:
        return np.zeros_like(x), np.zeros_like(x)
    mask = (rng.random(x.shape) < p) / p
    return x * mask, mask
'''),
    dict(name="dropout_not_inverted", exercise="dropout_forward",
         misconception="dropout-not-inverted", code='''
import numpy as np
def dropout_forward(x, p, rng, train=True):
    if not 0 <= p <= 1:
        raise ValueError("p must be in [0, 1]")
    x = np.asarray(x, dtype=float)
    if not train:
        return x.copy(), np.ones_like(x)
    mask = (rng.random(x.shape) >= p).astype(float)
    return x * mask, mask
'''),
    dict(name="dropout_global_numpy_random", exercise="dropout_forward",
         misconception=None, code='''
import numpy as np
def dropout_forward(x, p, rng, train=True):
    if not 0 <= p <= 1:
        raise ValueError("p must be in [0, 1]")
    x = np.asarray(x, dtype=float)
    if not train:
        return x.copy(), np.ones_like(x)
    if p == 1:
        return np.zeros_like(x), np.zeros_like(x)
    mask = (np.random.rand(*x.shape) >= p) / (1 - p)
    return x * mask, mask
'''),
    dict(name="dropout_one_mask_per_column", exercise="dropout_forward",
         misconception=None, code='''
import numpy as np
def dropout_forward(x, p, rng, train=True):
    if not 0 <= p <= 1:
        raise ValueError("p must be in [0, 1]")
    x = np.asarray(x, dtype=float)
    if not train:
        return x.copy(), np.ones_like(x)
    if p == 1:
        return np.zeros_like(x), np.zeros_like(x)
    keep = rng.random(x.shape[-1:]) >= p      # one draw per column, shared by the batch
    mask = np.broadcast_to(keep / (1 - p), x.shape).copy()
    return x * mask, mask
'''),
    dict(name="dropout_nan_at_p_one", exercise="dropout_forward",
         misconception=None, code='''
import numpy as np
def dropout_forward(x, p, rng, train=True):
    if not 0 <= p <= 1:
        raise ValueError("p must be in [0, 1]")
    x = np.asarray(x, dtype=float)
    if not train:
        return x.copy(), np.ones_like(x)
    with np.errstate(all="ignore"):
        mask = (rng.random(x.shape) >= p) / (1 - p)
    return x * mask, mask
'''),
    dict(name="dropout_backward_unscaled_mask", exercise="dropout_backward",
         misconception="dropout-backward-without-scale", code='''
import numpy as np
def dropout_backward(dout, mask):
    return np.asarray(dout, dtype=float) * (np.asarray(mask) > 0)
'''),
    dict(name="dropout_backward_in_place", exercise="dropout_backward",
         misconception="modifies-input-in-place", code='''
import numpy as np
def dropout_backward(dout, mask):
    if isinstance(dout, np.ndarray):
        dout *= mask
        return dout
    return np.asarray(dout, dtype=float) * np.asarray(mask, dtype=float)
'''),
]

ALTERNATIVES = [
    dict(name="torch_and_sklearn_library_calls", code='''
import numpy as np
import torch
import torch.nn.functional as F
from sklearn.linear_model import Ridge

def l2_penalty(w, lam):
    return lam / 2 * float(np.linalg.norm(np.ravel(w)) ** 2)

def l2_grad(w, lam):
    t = torch.tensor(np.asarray(w, dtype=float), requires_grad=True)
    (lam / 2 * (t ** 2).sum()).backward()
    return t.grad.numpy()

def l1_penalty(w, lam):
    return lam * float(np.linalg.norm(np.ravel(w), 1))

def l1_subgradient(w, lam):
    t = torch.tensor(np.asarray(w, dtype=float), requires_grad=True)
    (lam * t.abs().sum()).backward()
    return t.grad.numpy()

def elastic_net_penalty(w, lam, l1_ratio):
    v = np.ravel(np.asarray(w, dtype=np.float64))
    return float(lam * l1_ratio * np.linalg.norm(v, 1) + 0.5 * lam * (1 - l1_ratio) * v.dot(v))

def soft_threshold(x, t):
    if t < 0:
        raise ValueError("negative threshold")
    return F.softshrink(torch.tensor(np.asarray(x, dtype=float)), float(t)).numpy()

def ridge_closed_form(X, y, lam):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if lam == 0:
        return np.linalg.lstsq(X, y, rcond=None)[0]
    return Ridge(alpha=lam, fit_intercept=False, solver="svd").fit(X, y).coef_

def lasso_ista(X, y, lam, n_iter=500):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    step = 1.0 / np.linalg.norm(X, 2) ** 2
    w = np.zeros(X.shape[1])
    for _ in range(n_iter):
        w = soft_threshold(w - step * (X.T @ (X @ w - y)), lam * step)
    return w

def dropout_forward(x, p, rng, train=True):
    if p < 0 or p > 1:
        raise ValueError(f"p = {p} is not a probability")
    x = np.asarray(x, dtype=float)
    if not train:
        return x.copy(), np.ones_like(x)
    keep = rng.binomial(1, 1 - p, size=x.shape).astype(float)
    mask = keep / (1 - p) if p != 1 else keep
    return x * mask, mask

def dropout_backward(dout, mask):
    return np.multiply(dout, mask, dtype=float)
'''),
    dict(name="loops_lists_and_short_helper_names", code='''
import math
import numpy as np

def _f(w):
    return [float(v) for v in np.ravel(np.asarray(w, dtype=float))]

def l2_penalty(w, lam):
    s = 0.0
    for v in _f(w):
        s += v * v
    return 0.5 * lam * s

def l2_grad(w, lam):
    a = np.asarray(w, dtype=float)
    return np.array([lam * v for v in _f(w)]).reshape(a.shape)

def l1_penalty(w, lam):
    return lam * math.fsum(abs(v) for v in _f(w))

def l1_subgradient(w, lam):
    a = np.asarray(w, dtype=float)
    out = []
    for v in _f(w):
        out.append(lam if v > 0 else (-lam if v < 0 else 0.0))
    return np.array(out).reshape(a.shape)

def elastic_net_penalty(w, lam, l1_ratio):
    x = lam * l1_ratio * sum(abs(v) for v in _f(w))
    return x + lam * (1 - l1_ratio) * sum(v * v for v in _f(w)) / 2

def soft_threshold(x, t):
    if not t >= 0:
        raise ValueError("t must be non-negative")
    a = np.asarray(x, dtype=float)
    out = []
    for v in _f(x):
        if v > t:
            out.append(v - t)
        elif v < -t:
            out.append(v + t)
        else:
            out.append(0.0)
    return np.array(out).reshape(a.shape)

def ridge_closed_form(X, y, lam):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, d = X.shape
    if n < d and lam > 0:          # the dual (Woodbury) form: an n x n system
        return X.T @ np.linalg.solve(X @ X.T + lam * np.eye(n), y)
    c = np.linalg.cholesky(X.T @ X + lam * np.eye(d))
    z = np.linalg.solve(c, X.T @ y)
    return np.linalg.solve(c.T, z)

def lasso_ista(X, y, lam, n_iter=500):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    G, b = X.T @ X, X.T @ y
    L = max(np.linalg.eigvalsh(G))
    w = np.zeros(len(b))
    k = 0
    while k < n_iter:
        w = soft_threshold(w - (G @ w - b) / L, lam / L)
        k += 1
    return w

def dropout_forward(x, p, rng, train=True):
    if not (0.0 <= p <= 1.0):
        raise ValueError("the drop probability must be between 0 and 1")
    a = np.asarray(x, dtype=float)
    if train is False:
        return a, np.ones(a.shape)
    keep = 1.0 - p
    if keep == 0:
        return np.zeros(a.shape), np.zeros(a.shape)
    m = (rng.uniform(size=a.shape) < keep) / keep      # CS231n style, with keep = 1 - p
    return a * m, m

def dropout_backward(dout, mask):
    d, m = np.asarray(dout, dtype=float), np.asarray(mask, dtype=float)
    return np.array([u * v for u, v in zip(d.ravel(), m.ravel())]).reshape(d.shape)
'''),
    dict(name="float32_inputs_and_lstsq_augmented_ridge", code='''
import numpy as np

def ridge_closed_form(X, y, lam):
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    d = X.shape[1]
    A = np.vstack([X, np.sqrt(lam) * np.eye(d)])        # ||A w - [y; 0]||^2 = the objective x 2
    return np.linalg.lstsq(A, np.concatenate([y, np.zeros(d)]), rcond=None)[0]

def lasso_ista(X, y, lam, n_iter=500):
    X = np.array(X, dtype=np.float64)
    y = np.array(y, dtype=np.float64)
    L = np.linalg.svd(X, compute_uv=False)[0] ** 2
    w = np.zeros(X.shape[1])
    for _ in range(n_iter):
        z = w + X.T @ (y - X @ w) / L
        w = np.clip(np.abs(z) - lam / L, 0, None) * np.sign(z)
    return w

def dropout_forward(x, p, rng, train=True):
    if p < 0 or p > 1:
        raise ValueError("p outside [0, 1]")
    x = np.array(x, dtype=np.float64)
    if not train:
        return x, np.ones_like(x)
    u = rng.random(size=x.size).reshape(x.shape)
    mask = np.zeros_like(x)
    if p < 1:
        mask[u > p] = 1.0 / (1.0 - p)
    return mask * x, mask
'''),
]
