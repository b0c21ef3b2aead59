"""Realistic wrong implementations (and alternative correct ones) for
15_information_bottleneck. Each ``code`` redefines only what it breaks and is
self-contained: it is inserted before every test cell of the reference solution
(tests/mutants.py)."""

_PRUNE_CHECKS = '''
import numpy as np
def _checked(weights, scores, fraction):
    w = np.array(weights, dtype=float)
    s = np.asarray(scores, dtype=float)
    if w.ndim != 2 or s.shape != (w.shape[1],) or not 0 <= fraction <= 1:
        raise ValueError("bad input")
    return w, s
'''

_AE_BASE = '''
import numpy as np
def _check_base(base):
    if not (base > 0 and base != 1):
        raise ValueError("bad base")
'''

WRONG = [
    # -- temperature_softmax --------------------------------------------------------
    dict(name="softmax_times_temperature", exercise="temperature_softmax",
         misconception="temperature-multiplies-logits", code='''
import torch
def temperature_softmax(logits, T):
    if T <= 0:
        raise ValueError("T must be positive")
    return torch.softmax(logits * T, dim=-1)
'''),
    dict(name="softmax_naive_exp", exercise="temperature_softmax",
         misconception="temperature-softmax-overflows", code='''
import torch
def temperature_softmax(logits, T):
    if T <= 0:
        raise ValueError("T must be positive")
    e = torch.exp(logits / T)
    return e / e.sum(dim=-1, keepdim=True)
'''),
    dict(name="softmax_over_dim_zero", exercise="temperature_softmax",
         misconception="temperature-softmax-over-wrong-dim", code='''
import torch
def temperature_softmax(logits, T):
    if T <= 0:
        raise ValueError("T must be positive")
    return torch.softmax(logits / T, dim=0)
'''),
    dict(name="softmax_no_temperature_check", exercise="temperature_softmax",
         misconception=None, code='''
import torch
def temperature_softmax(logits, T):
    return torch.softmax(logits / T, dim=-1)
'''),
    dict(name="softmax_through_numpy", exercise="temperature_softmax",
         misconception=None, code='''
import numpy as np
import torch
def temperature_softmax(logits, T):
    if T <= 0:
        raise ValueError("T must be positive")
    z = logits.detach().numpy() / T
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return torch.tensor(e / e.sum(axis=-1, keepdims=True))
'''),
    dict(name="softmax_in_place_division", exercise="temperature_softmax",
         misconception=None, code='''
import torch
def temperature_softmax(logits, T):
    if T <= 0:
        raise ValueError("T must be positive")
    with torch.no_grad():
        logits /= T
    return torch.softmax(logits, dim=-1)
'''),
    # -- label_smoothing_cross_entropy ---------------------------------------------
    dict(name="smoothing_over_k_minus_1", exercise="label_smoothing_cross_entropy",
         misconception="label-smoothing-eps-over-k-minus-1", code='''
import torch
def label_smoothing_cross_entropy(logits, targets, epsilon):
    k = logits.shape[-1]
    log_q = torch.log_softmax(logits, dim=-1)
    onehot = torch.nn.functional.one_hot(targets, k).to(logits.dtype)
    target = (1 - epsilon) * onehot + epsilon / (k - 1) * (1 - onehot)
    return -(target * log_q).sum(dim=-1).mean()
'''),
    dict(name="smoothing_not_divided_by_k", exercise="label_smoothing_cross_entropy",
         misconception="label-smoothing-uniform-not-divided-by-k", code='''
import torch
def label_smoothing_cross_entropy(logits, targets, epsilon):
    log_q = torch.log_softmax(logits, dim=-1)
    onehot = torch.nn.functional.one_hot(targets, logits.shape[-1]).to(logits.dtype)
    return -(((1 - epsilon) * onehot + epsilon) * log_q).sum(dim=-1).mean()
'''),
    dict(name="smoothing_summed_over_batch", exercise="label_smoothing_cross_entropy",
         misconception="label-smoothing-summed-over-batch", code='''
import torch
def label_smoothing_cross_entropy(logits, targets, epsilon):
    k = logits.shape[-1]
    log_q = torch.log_softmax(logits, dim=-1)
    onehot = torch.nn.functional.one_hot(targets, k).to(logits.dtype)
    return -(((1 - epsilon) * onehot + epsilon / k) * log_q).sum()
'''),
    dict(name="smoothing_log_of_softmax", exercise="label_smoothing_cross_entropy",
         misconception="ib-log-of-softmax-at-large-logits", code='''
import torch
def label_smoothing_cross_entropy(logits, targets, epsilon):
    k = logits.shape[-1]
    log_q = torch.log(torch.softmax(logits, dim=-1))
    onehot = torch.nn.functional.one_hot(targets, k).to(logits.dtype)
    return -(((1 - epsilon) * onehot + epsilon / k) * log_q).sum(dim=-1).mean()
'''),
    dict(name="smoothing_float32_constant", exercise="label_smoothing_cross_entropy",
         misconception=None, code='''
import torch
def label_smoothing_cross_entropy(logits, targets, epsilon):
    k = logits.shape[-1]
    log_q = torch.log_softmax(logits, dim=-1)
    onehot = torch.zeros(logits.shape)                     # float32 whatever the logits
    onehot[torch.arange(len(targets)), targets] = 1.0
    target = (1 - epsilon) * onehot + epsilon / k
    return -(target.to(logits.dtype) * log_q).sum(dim=-1).mean().float()
'''),
    # -- distillation_loss ---------------------------------------------------------
    dict(name="distillation_without_t_squared", exercise="distillation_loss",
         misconception="distillation-missing-t-squared", code='''
import torch
import torch.nn.functional as F
def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    hard = F.cross_entropy(student_logits, labels)
    soft = F.kl_div(F.log_softmax(student_logits / temperature, dim=-1),
                    F.softmax(teacher_logits / temperature, dim=-1), reduction="batchmean")
    return alpha * hard + (1 - alpha) * soft
'''),
    dict(name="distillation_kl_div_default_mean", exercise="distillation_loss",
         misconception="distillation-kl-averaged-over-classes", code='''
import torch
import torch.nn.functional as F
def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    hard = F.cross_entropy(student_logits, labels)
    soft = F.kl_div(F.log_softmax(student_logits / temperature, dim=-1),
                    F.softmax(teacher_logits / temperature, dim=-1))      # reduction="mean"
    return alpha * hard + (1 - alpha) * temperature ** 2 * soft
'''),
    dict(name="distillation_kl_reversed", exercise="distillation_loss",
         misconception="kl-wrong-direction", code='''
import torch
import torch.nn.functional as F
def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    hard = F.cross_entropy(student_logits, labels)
    log_q = F.log_softmax(student_logits / temperature, dim=-1)
    log_p = F.log_softmax(teacher_logits / temperature, dim=-1)
    soft = (log_q.exp() * (log_q - log_p)).sum(dim=-1).mean()       # KL(student || teacher)
    return alpha * hard + (1 - alpha) * temperature ** 2 * soft
'''),
    dict(name="distillation_teacher_at_t_one", exercise="distillation_loss",
         misconception="distillation-teacher-not-softened", code='''
import torch
import torch.nn.functional as F
def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    hard = F.cross_entropy(student_logits, labels)
    soft = F.kl_div(F.log_softmax(student_logits / temperature, dim=-1),
                    F.softmax(teacher_logits, dim=-1), reduction="batchmean")
    return alpha * hard + (1 - alpha) * temperature ** 2 * soft
'''),
    dict(name="distillation_hard_loss_softened", exercise="distillation_loss",
         misconception="distillation-hard-loss-at-temperature", code='''
import torch
import torch.nn.functional as F
def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    hard = F.cross_entropy(student_logits / temperature, labels)
    soft = F.kl_div(F.log_softmax(student_logits / temperature, dim=-1),
                    F.softmax(teacher_logits / temperature, dim=-1), reduction="batchmean")
    return alpha * hard + (1 - alpha) * temperature ** 2 * soft
'''),
    dict(name="distillation_alpha_swapped", exercise="distillation_loss",
         misconception="distillation-alpha-swapped", code='''
import torch
import torch.nn.functional as F
def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    hard = F.cross_entropy(student_logits, labels)
    soft = F.kl_div(F.log_softmax(student_logits / temperature, dim=-1),
                    F.softmax(teacher_logits / temperature, dim=-1), reduction="batchmean")
    return (1 - alpha) * hard + alpha * temperature ** 2 * soft
'''),
    dict(name="distillation_kl_div_of_probabilities", exercise="distillation_loss",
         misconception="distillation-kl-div-input-not-log", code='''
import torch
import torch.nn.functional as F
def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    hard = F.cross_entropy(student_logits, labels)
    soft = F.kl_div(F.softmax(student_logits / temperature, dim=-1),
                    F.softmax(teacher_logits / temperature, dim=-1), reduction="batchmean")
    return alpha * hard + (1 - alpha) * temperature ** 2 * soft
'''),
    dict(name="distillation_naive_softmax_log", exercise="distillation_loss",
         misconception="ib-log-of-softmax-at-large-logits", code='''
import torch
import torch.nn.functional as F
def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    hard = F.cross_entropy(student_logits, labels)
    q = torch.softmax(student_logits / temperature, dim=-1)
    p = torch.softmax(teacher_logits / temperature, dim=-1)
    soft = (p * torch.log(p / q)).sum(dim=-1).mean()
    return alpha * hard + (1 - alpha) * temperature ** 2 * soft
'''),
    dict(name="distillation_categorical_kl_divergence", exercise="distillation_loss",
         misconception="ib-log-of-softmax-at-large-logits", code='''
import torch
import torch.nn.functional as F
from torch.distributions import Categorical, kl_divergence
def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    T = temperature
    soft = kl_divergence(Categorical(logits=teacher_logits / T),
                         Categorical(logits=student_logits / T)).mean()   # inf where q underflows
    return alpha * F.cross_entropy(student_logits, labels) + (1 - alpha) * T * T * soft
'''),
    # -- vib_loss ------------------------------------------------------------------
    dict(name="vib_kl_mean_over_latent", exercise="vib_loss",
         misconception="vib-kl-averaged-over-latent-dims", code='''
import torch
import torch.nn.functional as F
def vib_loss(logits, targets, mu, logvar, beta):
    kl = 0.5 * (logvar.exp() + mu ** 2 - 1 - logvar).mean()
    return F.cross_entropy(logits, targets) + beta * kl
'''),
    dict(name="vib_logvar_as_std", exercise="vib_loss",
         misconception="logvar-as-std", code='''
import torch
import torch.nn.functional as F
def vib_loss(logits, targets, mu, logvar, beta):
    var = torch.exp(logvar) ** 2                       # treats exp(logvar) as sigma
    kl = 0.5 * (var + mu ** 2 - 1 - torch.log(var)).sum(dim=-1).mean()
    return F.cross_entropy(logits, targets) + beta * kl
'''),
    dict(name="vib_kl_summed_over_batch", exercise="vib_loss",
         misconception="vib-kl-summed-over-batch", code='''
import torch
import torch.nn.functional as F
def vib_loss(logits, targets, mu, logvar, beta):
    kl = 0.5 * (logvar.exp() + mu ** 2 - 1 - logvar).sum()
    return F.cross_entropy(logits, targets) + beta * kl
'''),
    dict(name="vib_kl_missing_half", exercise="vib_loss",
         misconception="vib-kl-missing-half", code='''
import torch
import torch.nn.functional as F
def vib_loss(logits, targets, mu, logvar, beta):
    kl = (logvar.exp() + mu ** 2 - 1 - logvar).sum(dim=-1).mean()
    return F.cross_entropy(logits, targets) + beta * kl
'''),
    dict(name="vib_beta_on_cross_entropy", exercise="vib_loss",
         misconception="vib-beta-on-cross-entropy", code='''
import torch
import torch.nn.functional as F
def vib_loss(logits, targets, mu, logvar, beta):
    kl = 0.5 * (logvar.exp() + mu ** 2 - 1 - logvar).sum(dim=-1).mean()
    return beta * F.cross_entropy(logits, targets) + kl
'''),
    dict(name="vib_detached_kl", exercise="vib_loss",
         misconception=None, code='''
import torch
import torch.nn.functional as F
def vib_loss(logits, targets, mu, logvar, beta):
    kl = 0.5 * (logvar.exp() + mu ** 2 - 1 - logvar).sum(dim=-1).mean().item()
    return F.cross_entropy(logits, targets) + beta * kl
'''),
    # -- activation_entropy --------------------------------------------------------
    dict(name="activation_entropy_in_nats", exercise="activation_entropy",
         misconception="natural-log-instead-of-bits", code=_AE_BASE + '''
def activation_entropy(activations, bins, base=2):
    _check_base(base)
    a = np.asarray(activations, dtype=float)
    out = []
    for j in range(a.shape[1]):
        counts, _ = np.histogram(a[:, j], bins=bins)
        p = counts[counts > 0] / len(a)
        out.append(-np.sum(p * np.log(p)))
    return np.array(out)
'''),
    dict(name="activation_entropy_shared_range", exercise="activation_entropy",
         misconception="activation-entropy-global-range", code=_AE_BASE + '''
def activation_entropy(activations, bins, base=2):
    _check_base(base)
    a = np.asarray(activations, dtype=float)
    out = []
    for j in range(a.shape[1]):
        counts, _ = np.histogram(a[:, j], bins=bins, range=(a.min(), a.max()))
        p = counts[counts > 0] / len(a)
        out.append(-np.sum(p * np.log(p)) / np.log(base))
    return np.array(out)
'''),
    dict(name="activation_entropy_density", exercise="activation_entropy",
         misconception="activation-entropy-from-density", code=_AE_BASE + '''
def activation_entropy(activations, bins, base=2):
    _check_base(base)
    a = np.asarray(activations, dtype=float)
    out = []
    for j in range(a.shape[1]):
        d, _ = np.histogram(a[:, j], bins=bins, density=True)
        d = d[d > 0]
        out.append(-np.sum(d * np.log(d)) / np.log(base))
    return np.array(out)
'''),
    dict(name="activation_entropy_per_row", exercise="activation_entropy",
         misconception="activation-entropy-per-sample", code=_AE_BASE + '''
def activation_entropy(activations, bins, base=2):
    _check_base(base)
    a = np.asarray(activations, dtype=float)
    out = []
    for row in a:
        counts, _ = np.histogram(row, bins=bins)
        p = counts[counts > 0] / len(row)
        out.append(-np.sum(p * np.log(p)) / np.log(base))
    return np.array(out)
'''),
    dict(name="activation_entropy_manual_bins_nan", exercise="activation_entropy",
         misconception="activation-entropy-constant-unit-nan", code=_AE_BASE + '''
def activation_entropy(activations, bins, base=2):
    _check_base(base)
    a = np.asarray(activations, dtype=float)
    lo, hi = a.min(axis=0), a.max(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        idx = np.floor((a - lo) / (hi - lo) * bins)
    out = []
    for j in range(a.shape[1]):
        col = idx[:, j]
        if np.any(np.isnan(col)):
            out.append(np.nan)
            continue
        col = np.minimum(col, bins - 1).astype(int)
        p = np.bincount(col, minlength=bins) / len(a)
        p = p[p > 0]
        out.append(-np.sum(p * np.log(p)) / np.log(base))
    return np.array(out)
'''),
    dict(name="activation_entropy_no_base_check", exercise="activation_entropy",
         misconception=None, code='''
import numpy as np
import scipy.stats
def activation_entropy(activations, bins, base=2):
    a = np.asarray(activations, dtype=float)
    return np.array([scipy.stats.entropy(np.histogram(c, bins=bins)[0], base=base) for c in a.T])
'''),
    # -- prune_by_entropy ----------------------------------------------------------
    dict(name="prune_rows", exercise="prune_by_entropy",
         misconception="prune-rows-instead-of-columns", code=_PRUNE_CHECKS + '''
def prune_by_entropy(weights, scores, fraction):
    w, s = _checked(weights, scores, fraction)
    k = round(fraction * w.shape[1])
    idx = np.argsort(s, kind="stable")[:k]
    w[idx[idx < w.shape[0]], :] = 0.0
    return w
'''),
    dict(name="prune_highest", exercise="prune_by_entropy",
         misconception="prune-highest-scores", code=_PRUNE_CHECKS + '''
def prune_by_entropy(weights, scores, fraction):
    w, s = _checked(weights, scores, fraction)
    k = round(fraction * w.shape[1])
    w[:, np.argsort(-s, kind="stable")[:k]] = 0.0
    return w
'''),
    dict(name="prune_floor", exercise="prune_by_entropy",
         misconception="prune-count-floored", code=_PRUNE_CHECKS + '''
def prune_by_entropy(weights, scores, fraction):
    w, s = _checked(weights, scores, fraction)
    k = int(fraction * w.shape[1])
    w[:, np.argsort(s, kind="stable")[:k]] = 0.0
    return w
'''),
    dict(name="prune_unstable_sort", exercise="prune_by_entropy",
         misconception=None, code=_PRUNE_CHECKS + '''
def prune_by_entropy(weights, scores, fraction):
    w, s = _checked(weights, scores, fraction)
    k = round(fraction * w.shape[1])
    w[:, np.argsort(s)[:k]] = 0.0
    return w
'''),
    dict(name="prune_ties_higher_index", exercise="prune_by_entropy",
         misconception="prune-ties-not-by-lower-index", code=_PRUNE_CHECKS + '''
def prune_by_entropy(weights, scores, fraction):
    w, s = _checked(weights, scores, fraction)
    k = round(fraction * w.shape[1])
    order = np.argsort(s[::-1], kind="stable")          # reversed: ties go to the HIGHER index
    w[:, (len(s) - 1 - order)[:k]] = 0.0
    return w
'''),
    dict(name="prune_in_place", exercise="prune_by_entropy",
         misconception="prune-weights-modified-in-place", code='''
import numpy as np
def prune_by_entropy(weights, scores, fraction):
    w = np.asarray(weights, dtype=float)
    s = np.asarray(scores, dtype=float)
    if w.ndim != 2 or s.shape != (w.shape[1],) or not 0 <= fraction <= 1:
        raise ValueError("bad input")
    k = round(fraction * w.shape[1])
    w[:, np.argsort(s, kind="stable")[:k]] = 0.0
    return w
'''),
    dict(name="prune_without_validation", exercise="prune_by_entropy",
         misconception=None, code='''
import numpy as np
def prune_by_entropy(weights, scores, fraction):
    w = np.array(weights, dtype=float)
    k = round(fraction * w.shape[1])
    w[:, np.argsort(np.ravel(scores), kind="stable")[:k]] = 0.0
    return w
'''),
]

ALTERNATIVES = [
    dict(name="library_calls", code='''
import math
import numpy as np
import scipy.stats
import torch
import torch.nn.functional as F

def temperature_softmax(logits, T):
    if T <= 0:
        raise ValueError("T must be > 0")
    return F.softmax(logits / T, dim=-1)

def label_smoothing_cross_entropy(logits, targets, epsilon):
    return torch.nn.CrossEntropyLoss(label_smoothing=epsilon)(logits, targets)

def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    hard = F.cross_entropy(student_logits, labels)
    soft = F.kl_div(F.log_softmax(student_logits / temperature, dim=-1),
                    F.log_softmax(teacher_logits.detach() / temperature, dim=-1),
                    reduction="batchmean", log_target=True)
    return alpha * hard + (1 - alpha) * temperature ** 2 * soft

def vib_loss(logits, targets, mu, logvar, beta):
    from torch.distributions import Independent, Normal, kl_divergence
    q = Independent(Normal(mu, torch.exp(0.5 * logvar)), 1)
    p = Independent(Normal(torch.zeros_like(mu), torch.ones_like(mu)), 1)
    return F.cross_entropy(logits, targets) + beta * kl_divergence(q, p).mean()

def activation_entropy(activations, bins, base=2):
    if base <= 0 or base == 1:
        raise ValueError("base must be > 0 and != 1")
    a = np.asarray(activations, dtype=float)
    return np.array([scipy.stats.entropy(np.histogram(a[:, j], bins)[0], base=base)
                     for j in range(a.shape[1])])

def prune_by_entropy(weights, scores, fraction):
    w = np.array(weights, dtype=float, copy=True)
    s = np.asarray(scores, dtype=float)
    if w.ndim != 2 or s.ndim != 1 or len(s) != w.shape[1] or fraction < 0 or fraction > 1:
        raise ValueError("need weights (out, units), scores (units,), 0 <= fraction <= 1")
    order = np.lexsort((np.arange(len(s)), s))
    w[:, order[:round(fraction * len(s))]] = 0
    return w
'''),
    dict(name="hand_written_loops", code='''
import math
import numpy as np
import torch

def _lse(x):
    m = x.max(dim=-1, keepdim=True).values
    return m + torch.log(torch.exp(x - m).sum(dim=-1, keepdim=True))

def temperature_softmax(logits, T):
    if not T > 0:
        raise ValueError("bad temperature")
    x = logits / T
    m = x.max(dim=-1, keepdim=True).values
    e = torch.exp(x - m)
    return e / e.sum(dim=-1, keepdim=True)

def label_smoothing_cross_entropy(logits, targets, epsilon):
    log_q = logits - _lse(logits)
    n, k = logits.shape
    total = 0
    for i in range(n):
        row = log_q[i]
        total = total - (1 - epsilon) * row[int(targets[i])] - epsilon / k * row.sum()
    return total / n

def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    T = temperature
    log_s1 = student_logits - _lse(student_logits)
    hard = -log_s1[torch.arange(len(labels)), labels].mean()
    log_q = student_logits / T - _lse(student_logits / T)
    log_p = teacher_logits / T - _lse(teacher_logits / T)
    kl = torch.sum(torch.exp(log_p) * (log_p - log_q)) / len(labels)
    return alpha * hard + (1 - alpha) * T * T * kl

def vib_loss(logits, targets, mu, logvar, beta):
    log_q = logits - _lse(logits)
    ce = -log_q[torch.arange(len(targets)), targets].mean()
    var = torch.exp(logvar)
    kl = (0.5 * (var + mu * mu - 1.0 - logvar)).sum(dim=1).mean()
    return ce + beta * kl

def activation_entropy(activations, bins, base=2):
    if base <= 0 or base == 1:
        raise ValueError("invalid base")
    a = np.array(activations, dtype=float)
    n, units = a.shape
    h = np.zeros(units)
    for j in range(units):
        counts, _ = np.histogram(a[:, j], bins=bins)
        for c in counts:
            if c:
                h[j] -= c / n * math.log(c / n, base)
    return h

def prune_by_entropy(weights, scores, fraction):
    if np.ndim(weights) != 2:
        raise ValueError("weights must be 2-D")
    w = [[float(v) for v in row] for row in np.asarray(weights)]
    s = [float(v) for v in np.ravel(scores)]
    if np.ndim(scores) != 1 or len(s) != len(w[0]) or not (0 <= fraction <= 1):
        raise ValueError("bad scores or fraction")
    k = round(fraction * len(s))
    for j in sorted(range(len(s)), key=lambda i: (s[i], i))[:k]:
        for row in w:
            row[j] = 0.0
    return np.array(w)
'''),
    dict(name="helpers_with_short_names", code='''
import numpy as np
import torch
import torch.nn.functional as F

def _f(z, T):
    return torch.log_softmax(z / T, dim=-1)

def x(a):
    return np.asarray(a, dtype=float)

def temperature_softmax(logits, T):
    if T <= 0:
        raise ValueError("T <= 0")
    return _f(logits, T).exp()

def label_smoothing_cross_entropy(logits, targets, epsilon):
    lq = _f(logits, 1.0)
    k = lq.shape[-1]
    target = torch.full_like(lq, epsilon / k).scatter_add(
        -1, targets[:, None], torch.full_like(lq[:, :1], 1 - epsilon))
    return -(target * lq).sum(-1).mean()

def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    rng = F.nll_loss(_f(student_logits, 1.0), labels)
    lp = _f(teacher_logits, temperature)
    soft = torch.special.xlogy(lp.exp(), lp.exp()).sum(-1) - (lp.exp() * _f(student_logits, temperature)).sum(-1)
    return alpha * rng + (1 - alpha) * temperature ** 2 * soft.mean()

def vib_loss(logits, targets, mu, logvar, beta):
    kl = 0.5 * (torch.expm1(logvar) - logvar + mu.pow(2)).sum(-1)
    return F.nll_loss(_f(logits, 1.0), targets) + beta * kl.mean()

def activation_entropy(activations, bins, base=2):
    if not base > 0 or base == 1:
        raise ValueError("base")
    a = x(activations)
    out = np.empty(a.shape[1])
    for j, col in enumerate(a.T):
        c = np.histogram(col, bins=bins)[0]
        p = c[c > 0] / c.sum()
        out[j] = -(p * np.log2(p)).sum() / np.log2(base)
    return out

def prune_by_entropy(weights, scores, fraction):
    w = x(weights).copy()
    s = x(scores)
    if w.ndim != 2 or s.shape != w.shape[1:] or fraction < 0 or fraction > 1:
        raise ValueError("shapes or fraction")
    keep = np.ones(w.shape[1], bool)
    keep[np.argsort(s, kind="mergesort")[:int(round(fraction * w.shape[1]))]] = False
    return w * keep
'''),
    # the seed's own formulation (F.kl_div on probabilities, a KL summed over the whole
    # batch divided by N) and bins computed by hand, as np.histogram would
    dict(name="seed_style_and_manual_bins", code='''
import math
import numpy as np
import torch
import torch.nn.functional as F

def temperature_softmax(logits, T):
    if isinstance(T, torch.Tensor):
        T = float(T)
    if T <= 0:
        raise ValueError("temperature must be > 0")
    z = logits / T
    z = z - z.amax(dim=-1, keepdim=True)
    return z.exp() / z.exp().sum(dim=-1, keepdim=True)

def label_smoothing_cross_entropy(logits, targets, epsilon):
    K = logits.size(-1)
    log_probs = F.log_softmax(logits, dim=-1)
    nll = F.nll_loss(log_probs, targets, reduction="none")
    smooth = -log_probs.sum(dim=-1) / K
    return ((1.0 - epsilon) * nll + epsilon * smooth).mean()

def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    hard_loss = torch.nn.CrossEntropyLoss()(student_logits, labels)
    student_soft = torch.log_softmax(student_logits / temperature, dim=-1)
    teacher_soft = torch.softmax(teacher_logits / temperature, dim=-1)
    soft_loss = F.kl_div(student_soft, teacher_soft, reduction="batchmean") * (temperature ** 2)
    return alpha * hard_loss + (1 - alpha) * soft_loss

def vib_loss(logits, targets, mu, logvar, beta):
    task = F.cross_entropy(logits, targets)
    kl = 0.5 * torch.sum(torch.exp(logvar) + mu ** 2 - 1 - logvar) / len(mu)
    return task + beta * kl

def activation_entropy(activations, bins, base=2):
    if base <= 0 or base == 1:
        raise ValueError("bad base")
    a = np.asarray(activations, dtype=float)
    lo, hi = a.min(axis=0), a.max(axis=0)
    out = np.zeros(a.shape[1])
    for j in range(a.shape[1]):
        if hi[j] == lo[j]:
            continue
        idx = np.floor((a[:, j] - lo[j]) / (hi[j] - lo[j]) * bins).astype(int)
        idx = np.clip(idx, 0, bins - 1)
        c = np.bincount(idx, minlength=bins)
        p = c[c > 0] / len(a)
        out[j] = -(p * np.log(p)).sum() / math.log(base)
    return out

def prune_by_entropy(weights, scores, fraction):
    w = np.array(weights, dtype=float)
    s = np.asarray(scores, dtype=float)
    if w.ndim != 2:
        raise ValueError("weights must be (out, units)")
    if s.shape != (w.shape[1],):
        raise ValueError("one score per unit")
    if fraction < 0 or fraction > 1:
        raise ValueError("fraction in [0, 1]")
    k = int(round(fraction * w.shape[1]))
    if k == 0:
        return w
    idx = sorted(range(len(s)), key=lambda j: (s[j], j))[:k]
    mask = np.ones(w.shape[1])
    mask[idx] = 0
    return w * mask[None, :]
'''),
    # other reductions and conventions: the Gaussian KL as -1/2 sum (1 + logvar - mu^2 - e^logvar),
    # the smoothed target built in place on a new tensor, np.histogram with an explicit range
    dict(name="sums_over_the_batch_divided_by_n", code='''
import numpy as np
import torch
import torch.nn.functional as F

def temperature_softmax(logits, T):
    if not (T > 0):
        raise ValueError("T must be positive")
    return torch.exp(torch.log_softmax(logits / T, dim=logits.dim() - 1))

def label_smoothing_cross_entropy(logits, targets, epsilon):
    K = logits.shape[1]
    target = torch.full_like(logits, epsilon / K)
    target[torch.arange(logits.shape[0]), targets] += 1 - epsilon
    return torch.sum(-target * torch.log_softmax(logits, 1)) / logits.shape[0]

def distillation_loss(student_logits, teacher_logits, labels, temperature, alpha):
    T = temperature
    log_p = torch.log_softmax(teacher_logits / T, dim=-1)
    log_q = torch.log_softmax(student_logits / T, dim=-1)
    soft = F.kl_div(log_q, log_p, reduction="sum", log_target=True) / len(labels)
    hard = F.cross_entropy(student_logits, labels, reduction="sum") / len(labels)
    return alpha * hard + (1 - alpha) * T * T * soft

def vib_loss(logits, targets, mu, logvar, beta):
    kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=-1)
    return F.cross_entropy(logits, targets) + beta * torch.mean(kl)

def activation_entropy(activations, bins, base=2):
    if not (base > 0) or base == 1:
        raise ValueError("invalid base")
    a = np.asarray(activations, dtype=np.float64)
    res = []
    for col in a.T:
        counts = np.histogram(col, bins=bins, range=(col.min(), col.max()))[0]
        p = counts / counts.sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            res.append(-np.nansum(p * np.log(p)) / np.log(base))
    return np.asarray(res)

def prune_by_entropy(weights, scores, fraction):
    w = np.copy(np.asarray(weights, dtype=float))
    s = np.asarray(scores, dtype=float)
    if w.ndim != 2 or s.ndim != 1 or s.size != w.shape[1] or not (0 <= fraction <= 1):
        raise ValueError("invalid input")
    k = round(fraction * s.size)
    order = np.argsort(s, kind="stable")
    w[:, order[:k]] = 0
    return w
'''),
]
