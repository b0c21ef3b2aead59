"""Wrong (and alternative correct) implementations for 14_mutual_information.

Each ``code`` is inserted into solutions/14_mutual_information/14_mutual_information.py
before every test cell and redefines only what it breaks (the setup cell's
``check_base`` and ``as_pmf`` are in effect, as they are for a student).
"""

WRONG = [
    dict(name="joint_entropy_clamped_log", exercise="joint_entropy",
         misconception="probabilities-clamped-to-epsilon", code='''
import numpy as np
def joint_entropy(joint, base=2):
    log_base = check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    p = np.clip(p, 1e-10, 1.0)                   # "avoid log(0)", as in the seed notes
    return float(-np.sum(p * np.log(p)) / log_base)
'''),
    dict(name="joint_entropy_natural_log", exercise="joint_entropy",
         misconception="natural-log-instead-of-bits", code='''
import numpy as np
def joint_entropy(joint, base=2):
    check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)))      # forgot to divide by log(base)
'''),
    dict(name="joint_entropy_zeroes_in_place", exercise="joint_entropy",
         misconception="modifies-input-in-place", code='''
import numpy as np
def joint_entropy(joint, base=2):
    log_base = check_base(base)
    as_pmf(joint, "joint", ndim=2)
    p = np.asarray(joint, dtype=float)           # no copy for a float64 array
    p[p == 0] = 1.0                              # log 1 = 0: "empty cells contribute nothing"
    return float(-np.sum(p * np.log(p)) / log_base)
'''),
    dict(name="joint_entropy_accepts_vectors", exercise="joint_entropy", misconception=None,
         code='''
import numpy as np
def joint_entropy(joint, base=2):
    log_base = check_base(base)
    p = as_pmf(joint, "joint")                   # any shape: a vector is no joint table
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)) / log_base)
'''),
    dict(name="conditional_entropy_wrong_axis", exercise="conditional_entropy",
         misconception="conditioned-on-the-wrong-variable", code='''
import numpy as np
def conditional_entropy(joint, base=2):
    log_base = check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    p_cond = np.broadcast_to(p.sum(axis=0, keepdims=True), p.shape)   # column sums: p(y)
    s = p > 0
    return float(-np.sum(p[s] * np.log(p[s] / p_cond[s])) / log_base)
'''),
    dict(name="conditional_entropy_rows_unweighted", exercise="conditional_entropy",
         misconception="conditional-entropy-rows-unweighted", code='''
import numpy as np
def conditional_entropy(joint, base=2):
    log_base = check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    total = 0.0
    for row in p:
        if row.sum() > 0:
            r = row[row > 0] / row.sum()
            total += -np.sum(r * np.log(r))      # forgot the weight p(x)
    return float(total / log_base)
'''),
    dict(name="conditional_entropy_nan_for_zero_rows", exercise="conditional_entropy",
         misconception="zero-row-gives-nan", code='''
import numpy as np
def conditional_entropy(joint, base=2):
    log_base = check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    with np.errstate(all="ignore"):
        cond = p / p.sum(axis=1, keepdims=True)  # 0 / 0 = nan for a row of zeros
        terms = np.where(p > 0, p * np.log(np.where(cond > 0, cond, 1.0)), 0.0)
        terms = np.where(np.isnan(cond), np.nan, terms)
    return float(-np.sum(terms) / log_base)
'''),
    dict(name="conditional_entropy_seed_clamp_is_joint", exercise="conditional_entropy",
         misconception="conditional-entropy-not-divided-by-marginal", code='''
import numpy as np
def conditional_entropy(joint, base=2):
    log_base = check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)) / log_base)    # H(X, Y): no division by p(x)
'''),
    dict(name="mutual_information_seed_clamp", exercise="mutual_information",
         misconception="probabilities-clamped-to-epsilon", code='''
import numpy as np
def mutual_information(joint, base=2):
    log_base = check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    prod = p.sum(axis=1, keepdims=True) @ p.sum(axis=0, keepdims=True)
    p, prod = np.maximum(p, 1e-10), np.maximum(prod, 1e-10)      # the seed's clamp
    return float(np.sum(p * np.log(p / prod)) / log_base)
'''),
    dict(name="mutual_information_sign_flipped", exercise="mutual_information",
         misconception="mutual-information-sign-flipped", code='''
import numpy as np
def mutual_information(joint, base=2):
    log_base = check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    def h(v):
        v = v[v > 0]
        return -np.sum(v * np.log(v))
    return float((h(p.ravel()) - h(p.sum(axis=1)) - h(p.sum(axis=0))) / log_base)
'''),
    dict(name="mutual_information_ignores_base", exercise="mutual_information",
         misconception="base-argument-ignored", code='''
import numpy as np
def mutual_information(joint, base=2):
    check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    prod = np.outer(p.sum(axis=1), p.sum(axis=0))
    s = p > 0
    return float(np.sum(p[s] * np.log2(p[s] / prod[s])))        # always bits
'''),
    dict(name="channel_joint_scales_columns", exercise="channel_joint",
         misconception="channel-columns-scaled", code='''
import numpy as np
def channel_joint(p_x, channel):
    p_x = as_pmf(p_x, "p_x", ndim=1)
    channel = np.array(channel, dtype=float)
    if channel.ndim != 2 or channel.shape[0] != p_x.size:
        raise ValueError("channel must have one row per input value")
    if not np.all(np.isfinite(channel)) or np.any(channel < 0):
        raise ValueError("bad channel entries")
    if np.any(np.abs(channel.sum(axis=1) - 1) > 1e-6):
        raise ValueError("rows must sum to 1")
    return channel * p_x                         # broadcasts along the columns
'''),
    dict(name="channel_joint_without_row_check", exercise="channel_joint", misconception=None,
         code='''
import numpy as np
def channel_joint(p_x, channel):
    p_x = as_pmf(p_x, "p_x", ndim=1)
    channel = np.array(channel, dtype=float)
    if channel.ndim != 2 or channel.shape[0] != p_x.size:
        raise ValueError("channel must have one row per input value")
    return p_x[:, None] * channel                # rows never checked to be distributions
'''),
    dict(name="js_scipy_distance", exercise="js_divergence",
         misconception="js-distance-instead-of-divergence", code='''
import math
import numpy as np
from scipy.spatial.distance import jensenshannon
def js_divergence(p, q, base=2):
    log_base = check_base(base)
    p, q = as_pmf(p, "p"), as_pmf(q, "q")
    if p.shape != q.shape:
        raise ValueError("shapes differ")
    return float(jensenshannon(p.ravel(), q.ravel()) / math.sqrt(log_base))   # the distance
'''),
    dict(name="js_symmetrised_kl", exercise="js_divergence", misconception="js-is-symmetrised-kl",
         code='''
import math
import numpy as np
def js_divergence(p, q, base=2):
    log_base = check_base(base)
    p, q = as_pmf(p, "p"), as_pmf(q, "q")
    if p.shape != q.shape:
        raise ValueError("shapes differ")
    def kl(a, b):
        s = a > 0
        if np.any(b[s] == 0):
            return math.inf
        return np.sum(a[s] * np.log(a[s] / b[s]))
    return float(0.5 * (kl(p, q) + kl(q, p)) / log_base)
'''),
    dict(name="js_missing_halves", exercise="js_divergence", misconception="js-halves-missing",
         code='''
import numpy as np
def js_divergence(p, q, base=2):
    log_base = check_base(base)
    p, q = as_pmf(p, "p"), as_pmf(q, "q")
    if p.shape != q.shape:
        raise ValueError("shapes differ")
    m = 0.5 * (p + q)
    total = 0.0
    for a in (p, q):
        s = a > 0
        total += np.sum(a[s] * np.log(a[s] / m[s]))
    return float(total / log_base)               # KL(p||m) + KL(q||m): no halves
'''),
    dict(name="mi_histogram_divides_by_n", exercise="mi_histogram",
         misconception="histogram-normalised-by-sample-count", code='''
import numpy as np
def mi_histogram(x, y, bins, base=2):
    log_base = check_base(base)
    x, y = np.array(x, dtype=float), np.array(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or x.size == 0:
        raise ValueError("x and y must be 1-D of the same length")
    counts = np.histogram2d(x, y, bins=bins)[0]
    if counts.sum() == 0:
        raise ValueError("no sample inside the bins")
    p = counts / x.size                          # N, not the number of counted samples
    prod = np.outer(p.sum(axis=1), p.sum(axis=0))
    s = p > 0
    return float(np.sum(p[s] * np.log(p[s] / prod[s])) / log_base)
'''),
    dict(name="mi_histogram_bias_corrected", exercise="mi_histogram", misconception=None,
         code='''
import math
import numpy as np
def mi_histogram(x, y, bins, base=2):
    log_base = check_base(base)
    x, y = np.array(x, dtype=float), np.array(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or x.size == 0:
        raise ValueError("x and y must be 1-D of the same length")
    counts = np.histogram2d(x, y, bins=bins)[0]
    if counts.sum() == 0:
        raise ValueError("no sample inside the bins")
    bx = np.count_nonzero(counts.sum(axis=1))
    by = np.count_nonzero(counts.sum(axis=0))
    plug_in = mutual_information(counts / counts.sum(), base)
    # Miller-Madow: a better estimator, but not the plug-in estimate the task asks for
    return plug_in - (bx - 1) * (by - 1) / (2 * counts.sum() * log_base)
'''),
    dict(name="gaussian_mi_rho_not_squared", exercise="gaussian_mi",
         misconception="gaussian-mi-rho-not-squared", code='''
import math
def gaussian_mi(rho, base=2):
    log_base = check_base(base)
    rho = float(rho)
    if not abs(rho) <= 1:
        raise ValueError("|rho| must be at most 1")
    if abs(rho) == 1:
        return math.copysign(math.inf, log_base)
    return -0.5 * math.log(1 - abs(rho)) / log_base
'''),
    dict(name="gaussian_mi_missing_half", exercise="gaussian_mi",
         misconception="gaussian-mi-half-missing", code='''
import math
def gaussian_mi(rho, base=2):
    log_base = check_base(base)
    rho = float(rho)
    if not abs(rho) <= 1:
        raise ValueError("|rho| must be at most 1")
    if abs(rho) == 1:
        return math.copysign(math.inf, log_base)
    return -math.log(1 - rho ** 2) / log_base
'''),
    dict(name="gaussian_mi_log_of_zero", exercise="gaussian_mi",
         misconception="gaussian-mi-log-of-zero-raises", code='''
import math
def gaussian_mi(rho, base=2):
    log_base = check_base(base)
    rho = float(rho)
    if not abs(rho) <= 1:
        raise ValueError("|rho| must be at most 1")
    return -0.5 * math.log(1 - rho ** 2) / log_base     # math.log(0) raises at |rho| = 1
'''),
    dict(name="gaussian_mi_no_range_check", exercise="gaussian_mi", misconception=None, code='''
import numpy as np
def gaussian_mi(rho, base=2):
    log_base = check_base(base)
    with np.errstate(all="ignore"):
        return float(-0.5 * np.log(1 - float(rho) ** 2) / log_base)   # nan for |rho| > 1
'''),
]

ALTERNATIVES = [
    dict(name="entropy_forms_with_own_validation_and_loops", code='''
import math
import numpy as np

def _f(values, name, ndim=None):
    """my own validation"""
    try:
        a = np.array(values, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name}: {err}")
    if (ndim is not None and a.ndim != ndim) or a.size == 0:
        raise ValueError(f"{name} has the wrong shape {a.shape}")
    if not np.isfinite(a).all() or (a < 0).any() or not math.isclose(math.fsum(a.ravel()), 1.0,
                                                                        rel_tol=0, abs_tol=1e-6):
        raise ValueError(f"{name} is not a probability table")
    return a

def _lb(base):
    if isinstance(base, bool) or not isinstance(base, (int, float)) or not math.isfinite(base) \\
            or base <= 0 or base == 1:
        raise ValueError("invalid base")
    return math.log(base)

def x(values):
    """-sum v ln v over the positive entries, with a plain loop"""
    total = 0.0
    for v in np.ravel(values):
        if v > 0:
            total -= v * math.log(v)
    return total

def joint_entropy(joint, base=2):
    lb = _lb(base)
    return x(_f(joint, "joint", 2)) / lb

def conditional_entropy(joint, base=2):
    lb = _lb(base)
    p = _f(joint, "joint", 2)
    return (x(p) - x(p.sum(axis=1))) / lb        # chain rule: H(X, Y) - H(X)

def mutual_information(joint, base=2):
    lb = _lb(base)
    p = _f(joint, "joint", 2)
    return (x(p.sum(axis=1)) + x(p.sum(axis=0)) - x(p)) / lb

def js_divergence(p, q, base=2):
    lb = _lb(base)
    p, q = _f(p, "p"), _f(q, "q")
    if p.shape != q.shape:
        raise ValueError("p and q differ in shape")
    return (x(0.5 * (p + q)) - 0.5 * x(p) - 0.5 * x(q)) / lb    # H(M) - (H(P) + H(Q)) / 2

def channel_joint(p_x, channel):
    p_x = _f(p_x, "p_x", 1)
    rows = [list(map(float, r)) for r in channel] if np.ndim(channel) == 2 else None
    if rows is None or len(rows) != len(p_x):
        raise ValueError("channel needs one row per input")
    out = []
    for px, r in zip(p_x, rows):
        _f(r, "a channel row", 1)
        out.append([px * v for v in r])
    return np.array(out, dtype=float)

def mi_histogram(x, y, bins, base=2):
    lb = _lb(base)
    xs, ys = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if xs.ndim != 1 or ys.ndim != 1 or len(xs) != len(ys) or len(xs) == 0:
        raise ValueError("need two 1-D sample arrays of one length")
    c = np.histogramdd(np.stack([xs, ys], axis=1), bins=bins)[0]
    if c.sum() == 0:
        raise ValueError("no sample in the bins")
    t = c / c.sum()
    s = t > 0
    prod = np.outer(t.sum(axis=1), t.sum(axis=0))
    return float(np.sum(t[s] * np.log(t[s] / prod[s])) / lb)

def gaussian_mi(rho, base=2):
    lb = _lb(base)
    if not -1 <= rho <= 1:
        raise ValueError("rho outside [-1, 1]")
    d = (1 - abs(rho)) * (1 + abs(rho))
    return math.inf / lb if d == 0 else -0.5 * math.log(d) / lb
'''),
    dict(name="scipy_calls", code='''
import math
import numpy as np
import scipy.special
import scipy.stats
from scipy.spatial.distance import jensenshannon

def joint_entropy(joint, base=2):
    lb = check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    return float(scipy.stats.entropy(p.ravel()) / lb)

def conditional_entropy(joint, base=2):
    lb = check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    p_x = p.sum(axis=1)
    rows = [w * scipy.stats.entropy(r) for w, r in zip(p_x, p) if w > 0]
    return float(sum(rows) / lb)

def mutual_information(joint, base=2):
    lb = check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    prod = np.outer(p.sum(axis=1), p.sum(axis=0))
    return float(scipy.stats.entropy(p.ravel(), prod.ravel()) / lb)

def js_divergence(p, q, base=2):
    lb = check_base(base)
    p, q = as_pmf(p, "p"), as_pmf(q, "q")
    if p.shape != q.shape:
        raise ValueError("shapes differ")
    return float(jensenshannon(p.ravel(), q.ravel()) ** 2 / lb)   # the distance, squared

def channel_joint(p_x, channel):
    p_x = as_pmf(p_x, "p_x", ndim=1)
    c = np.array(channel, dtype=float)
    if c.ndim != 2 or len(c) != len(p_x):
        raise ValueError("channel must be (len(p_x), n_y)")
    for r in c:
        as_pmf(r, "channel row")
    return np.einsum("i,ij->ij", p_x, c)

def mi_histogram(x, y, bins, base=2):
    lb = check_base(base)
    x, y = np.array(x, dtype=float), np.array(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or x.size == 0:
        raise ValueError("x and y must be 1-D of the same length")
    c = np.histogram2d(x, y, bins)[0]
    if not c.any():
        raise ValueError("no sample in the bins")
    prod = np.outer(c.sum(axis=1), c.sum(axis=0)).ravel()
    return float(scipy.stats.entropy(c.ravel(), prod) / lb)     # scipy normalises both

def gaussian_mi(rho, base=2):
    lb = check_base(base)
    rho = float(rho)
    if math.isnan(rho) or abs(rho) > 1:
        raise ValueError("rho must be in [-1, 1]")
    if abs(rho) == 1:
        return math.inf if lb > 0 else -math.inf
    return float(-0.5 * scipy.special.log1p(-rho ** 2) / lb)
'''),
    dict(name="xlogy_and_rel_entr_with_helpers_named_rng", code='''
import math
import numpy as np
from scipy.special import rel_entr, xlogy

def rng(t):
    return float(-np.sum(xlogy(t, t)))           # xlogy(0, 0) = 0

def joint_entropy(joint, base=2):
    lb = check_base(base)
    return rng(as_pmf(joint, "joint", ndim=2)) / lb

def conditional_entropy(joint, base=2):
    lb = check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    p_x = p.sum(axis=1, keepdims=True)
    safe = np.where(p_x > 0, p_x, 1.0)
    return float(-np.sum(xlogy(p, p / safe)) / lb)     # xlogy(0, .) = 0

def mutual_information(joint, base=2):
    lb = check_base(base)
    p = as_pmf(joint, "joint", ndim=2)
    return float(np.sum(rel_entr(p, np.outer(p.sum(axis=1), p.sum(axis=0)))) / lb)

def js_divergence(p, q, base=2):
    lb = check_base(base)
    p, q = as_pmf(p, "p"), as_pmf(q, "q")
    if p.shape != q.shape:
        raise ValueError("shapes differ")
    m = (p + q) / 2
    return float((np.sum(rel_entr(p, m)) + np.sum(rel_entr(q, m))) / 2 / lb)

def channel_joint(p_x, channel):
    p_x = as_pmf(p_x, "p_x", ndim=1)
    c = np.array(channel, dtype=float)
    if c.ndim != 2 or c.shape[0] != p_x.shape[0]:
        raise ValueError("channel has the wrong shape")
    if not np.isfinite(c).all() or (c < 0).any() or np.abs(c.sum(axis=1) - 1).max() > 1e-6:
        raise ValueError("rows of channel must be PMFs")
    return np.diag(p_x) @ c

def mi_histogram(x, y, bins, base=2):
    check_base(base)
    x, y = np.array(x, dtype=float), np.array(y, dtype=float)
    if x.ndim != 1 or y.ndim != 1 or x.size != y.size or x.size == 0:
        raise ValueError("x and y must be 1-D of the same length")
    c = np.histogram2d(x, y, bins=bins)[0]
    if c.sum() == 0:
        raise ValueError("no sample in the bins")
    return mutual_information(c / c.sum(), base=base)

def gaussian_mi(rho, base=2):
    lb = check_base(base)
    if not (-1 <= rho <= 1):
        raise ValueError("rho must be in [-1, 1]")
    with np.errstate(divide="ignore"):
        return float(-0.5 * np.log1p(-float(rho) ** 2) / lb)    # log1p(-1) = -inf, quietly
'''),
    dict(name="torch_float64", code='''
import math
import numpy as np
import torch

def _t(values, name, ndim=None):
    return torch.from_numpy(as_pmf(values, name, ndim))

def joint_entropy(joint, base=2):
    lb = check_base(base)
    p = _t(joint, "joint", 2)
    return float(-torch.special.xlogy(p, p).sum() / lb)

def conditional_entropy(joint, base=2):
    lb = check_base(base)
    p = _t(joint, "joint", 2)
    cond = torch.where(p > 0, p / p.sum(dim=1, keepdim=True).clamp_min(1e-300), 1.0)
    return float(-(torch.special.xlogy(p, cond)).sum() / lb)

def mutual_information(joint, base=2):
    lb = check_base(base)
    p = _t(joint, "joint", 2)
    prod = p.sum(dim=1, keepdim=True) * p.sum(dim=0, keepdim=True)
    ratio = torch.where(p > 0, p / torch.where(prod > 0, prod, 1.0), 1.0)
    return float(torch.special.xlogy(p, ratio).sum() / lb)

def js_divergence(p, q, base=2):
    lb = check_base(base)
    p, q = _t(p, "p"), _t(q, "q")
    if p.shape != q.shape:
        raise ValueError("shapes differ")
    m = 0.5 * (p + q)
    h = lambda a: -torch.special.xlogy(a, a).sum()
    return float((h(m) - 0.5 * h(p) - 0.5 * h(q)) / lb)

def channel_joint(p_x, channel):
    p_x = as_pmf(p_x, "p_x", ndim=1)
    c = np.array(channel, dtype=float)
    if c.ndim != 2 or c.shape[0] != len(p_x):
        raise ValueError("channel has the wrong shape")
    if not np.isfinite(c).all() or (c < 0).any() or (np.abs(c.sum(axis=1) - 1) > 1e-6).any():
        raise ValueError("rows of channel must be PMFs")
    return (torch.from_numpy(p_x)[:, None] * torch.from_numpy(c)).numpy()

def mi_histogram(x, y, bins, base=2):
    lb = check_base(base)
    x, y = np.array(x, dtype=float), np.array(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or not x.size:
        raise ValueError("x and y must be 1-D of the same length")
    c = torch.from_numpy(np.histogram2d(x, y, bins=bins)[0])
    if c.sum() == 0:
        raise ValueError("no sample in the bins")
    t = c / c.sum()
    prod = t.sum(dim=1, keepdim=True) * t.sum(dim=0, keepdim=True)
    ratio = torch.where(t > 0, t / torch.where(prod > 0, prod, 1.0), 1.0)
    return float(torch.special.xlogy(t, ratio).sum() / lb)

def gaussian_mi(rho, base=2):
    lb = check_base(base)
    r = torch.tensor(float(rho), dtype=torch.float64)
    if not bool(r.abs() <= 1):
        raise ValueError("rho must be in [-1, 1]")
    if bool(r.abs() == 1):
        return math.copysign(math.inf, lb)
    return float(-0.5 * torch.log1p(-r * r) / lb)
'''),
]
