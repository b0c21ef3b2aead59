"""Realistic wrong implementations (and alternative correct ones) for
11_learning_rate. Each ``code`` is inserted into the reference solution before every
test cell, so it only redefines what it breaks."""

WRONG = [
    # -- gd_quadratic ---------------------------------------------------------------
    dict(name="gd_trajectory_without_x0", exercise="gd_quadratic",
         misconception="gd-trajectory-without-start", code='''
import numpy as np
def gd_quadratic(A, b, x0, lr, n_steps):
    A, b, x = np.asarray(A, float), np.asarray(b, float), np.array(x0, float)
    out = []
    for _ in range(n_steps):
        x = x - lr * (A @ x - b)
        out.append(x)
    return np.array(out).reshape(n_steps, len(b))
'''),
    dict(name="gd_gradient_plus_b", exercise="gd_quadratic",
         misconception="gd-quadratic-gradient-plus-b", code='''
import numpy as np
def gd_quadratic(A, b, x0, lr, n_steps):
    A, b, x = np.asarray(A, float), np.asarray(b, float), np.array(x0, float)
    path = [x]
    for _ in range(n_steps):
        x = x - lr * (A @ x + b)
        path.append(x)
    return np.array(path)
'''),
    dict(name="gd_stops_when_diverging", exercise="gd_quadratic", misconception=None, code='''
import numpy as np
def gd_quadratic(A, b, x0, lr, n_steps):
    A, b, x = np.asarray(A, float), np.asarray(b, float), np.array(x0, float)
    path = [x]
    for _ in range(n_steps):
        new = x - lr * (A @ x - b)
        if np.linalg.norm(new) > 1e3:      # "it diverged": keep the last good point
            new = x
        x = new
        path.append(x)
    return np.array(path)
'''),
    dict(name="gd_n_steps_python_int_only", exercise="gd_quadratic", misconception=None, code='''
import numpy as np
def gd_quadratic(A, b, x0, lr, n_steps):
    if not isinstance(n_steps, int):       # a NumPy integer is not an int
        raise TypeError(f"n_steps must be an int, got {type(n_steps).__name__}")
    A, b, x = np.asarray(A, float), np.asarray(b, float), np.array(x0, float)
    path = [x]
    for _ in range(n_steps):
        x = x - lr * (A @ x - b)
        path.append(x)
    return np.array(path)
'''),
    # -- max_stable_lr / optimal_lr -------------------------------------------------------
    dict(name="max_stable_lr_one_over_lambda", exercise="max_stable_lr",
         misconception="lr-one-over-lambda-max", code='''
import numpy as np
def max_stable_lr(A):
    A = np.asarray(A, float)
    if not np.allclose(A, A.T):
        raise ValueError("A must be symmetric")
    lam = np.linalg.eigvalsh(A)
    if lam[0] <= 0:
        raise ValueError("A must be positive definite")
    return 1.0 / lam[-1]
'''),
    dict(name="max_stable_lr_from_diagonal", exercise="max_stable_lr",
         misconception="lr-diagonal-as-eigenvalues", code='''
import numpy as np
def max_stable_lr(A):
    A = np.asarray(A, float)
    if not np.allclose(A, A.T):
        raise ValueError("A must be symmetric")
    if np.linalg.eigvalsh(A)[0] <= 0:
        raise ValueError("A must be positive definite")
    return 2.0 / np.max(np.diag(A))
'''),
    dict(name="max_stable_lr_no_validation", exercise="max_stable_lr", misconception=None, code='''
import numpy as np
def max_stable_lr(A):
    return float(2.0 / np.max(np.linalg.eigvalsh(np.asarray(A, float))))
'''),
    dict(name="optimal_lr_one_over_lambda_max", exercise="optimal_lr",
         misconception="optimal-lr-not-balanced", code='''
import numpy as np
def optimal_lr(A):
    A = np.asarray(A, float)
    if not np.allclose(A, A.T) or np.linalg.eigvalsh(A)[0] <= 0:
        raise ValueError("A must be symmetric positive definite")
    return 1.0 / np.linalg.eigvalsh(A)[-1]
'''),
    dict(name="optimal_lr_from_diagonal", exercise="optimal_lr",
         misconception="lr-diagonal-as-eigenvalues", code='''
import numpy as np
def optimal_lr(A):
    A = np.asarray(A, float)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or not np.allclose(A, A.T):
        raise ValueError("A must be a symmetric square matrix")
    if np.linalg.eigvalsh(A)[0] <= 0:
        raise ValueError("A must be positive definite")
    d = np.diag(A)                         # for a 2x2, min + max of the diagonal is the trace
    return 2.0 / (d.min() + d.max())
'''),
    # -- momentum_step ---------------------------------------------------------------------
    dict(name="momentum_cs231n_velocity", exercise="momentum_step",
         misconception="momentum-cs231n-velocity", code='''
import numpy as np
def momentum_step(w, g, v, lr, momentum):
    v = momentum * np.asarray(v, float) - lr * np.asarray(g, float)
    next_w = np.asarray(w, float) + v
    return next_w, v
'''),
    dict(name="momentum_as_moving_average", exercise="momentum_step",
         misconception="momentum-as-average", code='''
import numpy as np
def momentum_step(w, g, v, lr, momentum):
    v = momentum * np.asarray(v, float) + (1 - momentum) * np.asarray(g, float)
    return np.asarray(w, float) - lr * v, v
'''),
    dict(name="momentum_in_place", exercise="momentum_step",
         misconception="modifies-input-in-place", code='''
import numpy as np
def momentum_step(w, g, v, lr, momentum):
    w, v = np.asarray(w, float), np.asarray(v, float)
    v *= momentum
    v += np.asarray(g, float)
    w -= lr * v
    return w, v
'''),
    # -- rmsprop_step ----------------------------------------------------------------------
    dict(name="rmsprop_eps_inside_sqrt", exercise="rmsprop_step",
         misconception="rmsprop-eps-inside-sqrt", code='''
import numpy as np
def rmsprop_step(w, g, s, lr, alpha=0.99, eps=1e-8):
    g = np.asarray(g, float)
    s = alpha * np.asarray(s, float) + (1 - alpha) * g ** 2
    return np.asarray(w, float) - lr * g / np.sqrt(s + eps), s
'''),
    dict(name="rmsprop_no_one_minus_alpha", exercise="rmsprop_step",
         misconception="rmsprop-missing-one-minus-alpha", code='''
import numpy as np
def rmsprop_step(w, g, s, lr, alpha=0.99, eps=1e-8):
    g = np.asarray(g, float)
    s = alpha * np.asarray(s, float) + g ** 2
    return np.asarray(w, float) - lr * g / (np.sqrt(s) + eps), s
'''),
    dict(name="rmsprop_wrong_default_alpha", exercise="rmsprop_step", misconception=None, code='''
import numpy as np
def rmsprop_step(w, g, s, lr, alpha=0.9, eps=1e-8):
    g = np.asarray(g, float)
    s = alpha * np.asarray(s, float) + (1 - alpha) * g ** 2
    return np.asarray(w, float) - lr * g / (np.sqrt(s) + eps), s
'''),
    # -- adam_step -------------------------------------------------------------------------
    dict(name="adam_without_bias_correction", exercise="adam_step",
         misconception="adam-no-bias-correction", code='''
import numpy as np
def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    g = np.asarray(g, float)
    m = beta1 * np.asarray(m, float) + (1 - beta1) * g
    v = beta2 * np.asarray(v, float) + (1 - beta2) * g * g
    return np.asarray(w, float) - lr * m / (np.sqrt(v) + eps), m, v
'''),
    dict(name="adam_paper_efficient_form", exercise="adam_step",
         misconception="adam-eps-placement", code='''
import numpy as np
def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    g = np.asarray(g, float)
    m = beta1 * np.asarray(m, float) + (1 - beta1) * g
    v = beta2 * np.asarray(v, float) + (1 - beta2) * g * g
    lr_t = lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    return np.asarray(w, float) - lr_t * m / (np.sqrt(v) + eps), m, v
'''),
    dict(name="adam_t_counted_from_zero", exercise="adam_step",
         misconception="adam-bias-correction-off-by-one", code='''
import numpy as np
def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    g = np.asarray(g, float)
    m = beta1 * np.asarray(m, float) + (1 - beta1) * g
    v = beta2 * np.asarray(v, float) + (1 - beta2) * g * g
    m_hat = m / (1 - beta1 ** (t + 1))
    v_hat = v / (1 - beta2 ** (t + 1))
    return np.asarray(w, float) - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
'''),
    dict(name="adam_returns_corrected_moments", exercise="adam_step", misconception=None, code='''
import numpy as np
def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    g = np.asarray(g, float)
    m = beta1 * np.asarray(m, float) + (1 - beta1) * g
    v = beta2 * np.asarray(v, float) + (1 - beta2) * g * g
    m = m / (1 - beta1 ** t)
    v = v / (1 - beta2 ** t)
    return np.asarray(w, float) - lr * m / (np.sqrt(v) + eps), m, v
'''),
    # -- schedules -------------------------------------------------------------------------
    dict(name="step_decay_continuous", exercise="step_decay",
         misconception="step-decay-continuous-exponent", code='''
def step_decay(lr0, epoch, step_size, gamma):
    return lr0 * gamma ** (epoch / step_size)
'''),
    dict(name="cosine_ignores_lr_min", exercise="cosine_annealing", misconception=None, code='''
import math
def cosine_annealing(lr0, t, T, lr_min=0.0):
    return lr0 * (1 + math.cos(math.pi * t / T)) / 2
'''),
    dict(name="warmup_from_one", exercise="linear_warmup", misconception="warmup-off-by-one",
         code='''
def linear_warmup(lr0, t, warmup_steps):
    return lr0 * min(t + 1, warmup_steps) / warmup_steps
'''),
]

ALTERNATIVES = [
    dict(name="loops_lists_and_short_helpers", code='''
import math
import numpy as np

def _f(A, x, b):
    return [sum(A[i][j] * x[j] for j in range(len(x))) - b[i] for i in range(len(x))]

def gd_quadratic(A, b, x0, lr, n_steps):
    A = [list(map(float, row)) for row in np.asarray(A, float)]
    b = [float(z) for z in b]
    x = [float(z) for z in x0]
    rows = [list(x)]
    for _ in range(int(n_steps)):
        g = _f(A, x, b)
        x = [x[i] - lr * g[i] for i in range(len(x))]
        rows.append(list(x))
    return np.array(rows)

def _eig(A):
    A = np.array(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or not np.allclose(A, A.T):
        raise ValueError("not a symmetric square matrix")
    lam = sorted(np.linalg.eigvalsh(A))
    if lam[0] <= 0:
        raise ValueError("not positive definite")
    return lam

def max_stable_lr(A):
    return 2 / _eig(A)[-1]

def optimal_lr(A):
    x = _eig(A)
    return 2 / (x[0] + x[-1])

def momentum_step(w, g, v, lr, momentum):
    w, g, v = (np.array(a, dtype=float) for a in (w, g, v))
    out_w, out_v = np.empty_like(w), np.empty_like(v)
    for i in np.ndindex(w.shape):
        out_v[i] = momentum * v[i] + g[i]
        out_w[i] = w[i] - lr * out_v[i]
    return out_w, out_v

def rmsprop_step(w, g, s, lr, alpha=0.99, eps=1e-8):
    w, g, s = (np.array(a, dtype=float) for a in (w, g, s))
    s = alpha * s + (1 - alpha) * np.square(g)
    return w - lr * g / (np.sqrt(s) + eps), s

def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    w, g, m, v = (np.array(a, dtype=float) for a in (w, g, m, v))
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    denom = np.sqrt(v) / math.sqrt(1 - beta2 ** t) + eps
    return w - lr / (1 - beta1 ** t) * m / denom, m, v

def step_decay(lr0, epoch, step_size, gamma):
    lr = lr0
    for e in range(1, int(epoch) + 1):
        if e % step_size == 0:
            lr = lr * gamma
    return lr

def cosine_annealing(lr0, t, T, lr_min=0.0):
    return lr_min + 0.5 * (lr0 - lr_min) * (1 + np.cos(np.pi * t / T))

def linear_warmup(lr0, t, warmup_steps):
    return lr0 * t / warmup_steps if t < warmup_steps else lr0
'''),
    dict(name="torch_optim_and_schedulers", code='''
import numpy as np
import torch

def _step(opt_class, w, g, state, lr, **hyper):
    p = torch.tensor(np.array(w, dtype=float), dtype=torch.float64, requires_grad=True)
    opt = opt_class([p], lr=lr, **hyper)
    opt.state[p].update(state)
    p.grad = torch.tensor(np.array(g, dtype=float), dtype=torch.float64)
    opt.step()
    return p.detach().numpy().copy(), opt.state[p]

def _t(a):
    return torch.tensor(np.array(a, dtype=float), dtype=torch.float64)

def momentum_step(w, g, v, lr, momentum):
    if momentum == 0:
        return np.array(w, dtype=float) - lr * np.array(g, dtype=float), np.array(g, dtype=float)
    w, st = _step(torch.optim.SGD, w, g, {"momentum_buffer": _t(v)}, lr, momentum=momentum)
    return w, st["momentum_buffer"].numpy().copy()

def rmsprop_step(w, g, s, lr, alpha=0.99, eps=1e-8):
    w, st = _step(torch.optim.RMSprop, w, g, {"step": torch.tensor(0.0), "square_avg": _t(s)},
                  lr, alpha=alpha, eps=eps)
    return w, st["square_avg"].numpy().copy()

def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    state = {"step": torch.tensor(float(t - 1), dtype=torch.float64), "exp_avg": _t(m),
             "exp_avg_sq": _t(v)}
    w, st = _step(torch.optim.Adam, w, g, state, lr, betas=(beta1, beta2), eps=eps)
    return w, st["exp_avg"].numpy().copy(), st["exp_avg_sq"].numpy().copy()

def _schedule(make, lr0, epoch):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr0)
    sched = make(opt)
    for _ in range(int(epoch)):
        opt.step()
        sched.step()
    return opt.param_groups[0]["lr"]

def step_decay(lr0, epoch, step_size, gamma):
    return _schedule(lambda o: torch.optim.lr_scheduler.StepLR(o, int(step_size), gamma), lr0, epoch)

def cosine_annealing(lr0, t, T, lr_min=0.0):
    return _schedule(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=int(T), eta_min=lr_min),
                     lr0, t)

def linear_warmup(lr0, t, warmup_steps):
    if t == 0:
        return 0.0
    if warmup_steps == 1:
        return float(lr0)
    return _schedule(lambda o: torch.optim.lr_scheduler.LinearLR(
        o, start_factor=1 / warmup_steps, end_factor=1.0, total_iters=warmup_steps - 1), lr0, t - 1)
'''),
    dict(name="cs231n_style_adapted_to_the_contract", code='''
import numpy as np
import scipy.linalg

def gd_quadratic(A, b, x0, lr, n_steps):
    A, b = np.asarray(A, dtype=np.float64), np.asarray(b, dtype=np.float64)
    xs = np.zeros((n_steps + 1, len(b)))
    xs[0] = x0
    for k in range(1, n_steps + 1):
        dx = A.dot(xs[k - 1]) - b
        xs[k] = xs[k - 1] - lr * dx
    return xs

def max_stable_lr(A):
    A = np.asarray(A, dtype=np.float64)
    if A.shape[0] != A.shape[-1] or A.ndim != 2:
        raise ValueError("square matrix expected")
    if np.abs(A - A.T).max() > 1e-8 * max(1.0, np.abs(A).max()):
        raise ValueError("symmetric matrix expected")
    evals = scipy.linalg.eigh(A, eigvals_only=True)
    if evals.min() <= 0:
        raise ValueError("positive-definite matrix expected")
    return 2.0 / evals.max()

def optimal_lr(A):
    lmax = 2.0 / max_stable_lr(A)
    lmin = np.linalg.eigvalsh(np.asarray(A, dtype=np.float64)).min()
    return 2.0 / (lmin + lmax)

def momentum_step(w, g, v, lr, momentum):
    # CS231n's sgd_momentum, with PyTorch's buffer convention
    config = {"learning_rate": lr, "momentum": momentum, "velocity": np.array(v, dtype=float)}
    dw = np.array(g, dtype=float)
    v = config["momentum"] * config["velocity"] + dw
    next_w = np.array(w, dtype=float) - config["learning_rate"] * v
    return next_w, v

def rmsprop_step(w, g, s, lr, alpha=0.99, eps=1e-8):
    config = {"learning_rate": lr, "decay_rate": alpha, "epsilon": eps,
              "cache": np.array(s, dtype=float)}
    dw = np.array(g, dtype=float)
    cache = config["decay_rate"] * config["cache"] + (1 - config["decay_rate"]) * dw ** 2
    next_w = np.array(w, dtype=float) - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    return next_w, cache

def adam_step(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    config = {"learning_rate": lr, "beta1": beta1, "beta2": beta2, "epsilon": eps,
              "m": np.array(m, dtype=float), "v": np.array(v, dtype=float), "t": int(t)}
    dw = np.array(g, dtype=float)
    config["m"] = config["beta1"] * config["m"] + (1 - config["beta1"]) * dw
    config["v"] = config["beta2"] * config["v"] + (1 - config["beta2"]) * (dw ** 2)
    mb = config["m"] / (1 - config["beta1"] ** config["t"])
    vb = config["v"] / (1 - config["beta2"] ** config["t"])
    next_w = np.array(w, dtype=float) - config["learning_rate"] * mb / (np.sqrt(vb) + config["epsilon"])
    return next_w, config["m"], config["v"]

def step_decay(lr0, epoch, step_size, gamma):
    return np.float64(lr0) * np.power(gamma, np.floor_divide(epoch, step_size))

def cosine_annealing(lr0, t, T, lr_min=0.0):
    return np.float64(lr_min + (lr0 - lr_min) * (1 + np.cos(np.pi * t / T)) / 2)

def linear_warmup(lr0, t, warmup_steps):
    return np.float64(lr0) * np.minimum(t, warmup_steps) / warmup_steps
'''),
]
