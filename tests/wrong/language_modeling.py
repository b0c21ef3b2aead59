"""Realistic wrong implementations (and alternative correct ones) for
16_language_modeling. Each ``code`` is inserted into the reference solution before
every test cell, so it only redefines what it breaks."""

# The wrong train_neural_bigram below: the (previous, next) index pairs of all the
# words, "." at both ends (what each gets right), then gradient descent on W from
# ``init`` with ``loss``, zeroing the gradient or not, ``after`` each step.
_PAIRS = '''
import torch
import torch.nn.functional as F
def train_neural_bigram(words, stoi, steps, lr, generator):
    xs, ys = [], []
    for w in words:
        chs = ["."] + list(w) + ["."]
        for a, b in zip(chs, chs[1:]):
            xs.append(stoi[a]); ys.append(stoi[b])
    xs, ys = torch.tensor(xs), torch.tensor(ys)
'''
_GENERATOR_INIT = "W = torch.randn(len(stoi), len(stoi), generator=generator, requires_grad=True)"


def _train(init, loss, zero_grad=True, after=""):
    return _PAIRS + f"""    {init}
    for _ in range(steps):
        loss = {loss}
{"        W.grad = None" + chr(10) if zero_grad else ""}        loss.backward()
        W.data -= lr * W.grad
{after}    return W
"""


# The textbook BCE, y log p + (1 - y) log(1 - p), with the parameters in the order given.
_NAIVE_BCE = '''
import numpy as np
def binary_cross_entropy(%s):
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
'''

WRONG = [
    # -- build_vocab -------------------------------------------------------------------
    dict(name="vocab_dot_appended_last", exercise="build_vocab",
         misconception="vocab-dot-not-at-index-0", code='''
def build_vocab(words):
    chars = sorted(set("".join(words))) + ["."]
    stoi = {c: i for i, c in enumerate(chars)}
    return stoi, {i: c for c, i in stoi.items()}
'''),
    dict(name="vocab_in_order_of_appearance", exercise="build_vocab",
         misconception="vocab-letters-in-order-of-appearance", code='''
def build_vocab(words):
    stoi = {".": 0}
    for w in words:
        for c in w:
            if c not in stoi:
                stoi[c] = len(stoi)
    return stoi, {i: c for c, i in stoi.items()}
'''),
    # -- bigram_counts -----------------------------------------------------------------
    dict(name="counts_without_end_token", exercise="bigram_counts",
         misconception="bigram-counts-without-end-token", code='''
import numpy as np
def bigram_counts(words, stoi):
    N = np.zeros((len(stoi), len(stoi)))
    for w in words:
        chs = ["."] + list(w)
        for a, b in zip(chs, chs[1:]):
            N[stoi[a], stoi[b]] += 1
    return N
'''),
    dict(name="counts_transposed", exercise="bigram_counts",
         misconception="bigram-counts-transposed", code='''
import numpy as np
def bigram_counts(words, stoi):
    N = np.zeros((len(stoi), len(stoi)), dtype=int)
    for w in words:
        chs = ["."] + list(w) + ["."]
        for a, b in zip(chs, chs[1:]):
            N[stoi[b], stoi[a]] += 1
    return N
'''),
    dict(name="counts_table_sized_by_letters_seen", exercise="bigram_counts",
         misconception=None, code='''
import numpy as np
def bigram_counts(words, stoi):
    V = len(set("".join(words))) + 1
    N = np.zeros((V, V))
    for w in words:
        chs = ["."] + list(w) + ["."]
        for a, b in zip(chs, chs[1:]):
            N[stoi[a], stoi[b]] += 1
    return N
'''),
    # -- bigram_probs ------------------------------------------------------------------
    dict(name="probs_alpha_only_in_numerator", exercise="bigram_probs",
         misconception="add-alpha-not-in-denominator", code='''
import numpy as np
def bigram_probs(counts, alpha=1.0):
    counts = np.asarray(counts, dtype=float)
    totals = counts.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (counts + alpha) / totals
'''),
    dict(name="probs_zero_row_divides_by_zero", exercise="bigram_probs",
         misconception="zero-count-row-not-uniform", code='''
import numpy as np
def bigram_probs(counts, alpha=1.0):
    P = np.asarray(counts, dtype=float) + alpha
    with np.errstate(divide="ignore", invalid="ignore"):
        return P / P.sum(axis=1, keepdims=True)
'''),
    dict(name="probs_smooth_counts_in_place", exercise="bigram_probs",
         misconception="modifies-input-in-place", code='''
import numpy as np
def bigram_probs(counts, alpha=1.0):
    counts = np.asarray(counts, dtype=float)
    counts += alpha
    totals = counts.sum(axis=1, keepdims=True)
    out = np.full(counts.shape, 1.0 / counts.shape[1])
    np.divide(counts, totals, out=out, where=totals > 0)
    return out
'''),
    # -- average_nll -------------------------------------------------------------------
    dict(name="nll_averaged_per_word", exercise="average_nll",
         misconception="nll-averaged-per-word", code='''
import numpy as np
def average_nll(words, P, stoi):
    P = np.asarray(P, dtype=float)
    total = 0.0
    for w in words:
        chs = ["."] + list(w) + ["."]
        with np.errstate(divide="ignore"):
            total -= sum(np.log(P[stoi[a], stoi[b]]) for a, b in zip(chs, chs[1:]))
    return float(total / len(words))
'''),
    dict(name="nll_without_end_token", exercise="average_nll",
         misconception="nll-without-end-token", code='''
import numpy as np
def average_nll(words, P, stoi):
    P = np.asarray(P, dtype=float)
    logs = []
    for w in words:
        chs = ["."] + list(w)
        logs += [np.log(P[stoi[a], stoi[b]]) for a, b in zip(chs, chs[1:])]
    return float(-np.mean(logs))
'''),
    dict(name="nll_epsilon_against_log_zero", exercise="average_nll",
         misconception="nll-probability-clamped", code='''
import numpy as np
def average_nll(words, P, stoi):
    P = np.asarray(P, dtype=float)
    logs = []
    for w in words:
        chs = ["."] + list(w) + ["."]
        logs += [np.log(max(P[stoi[a], stoi[b]], 1e-10)) for a, b in zip(chs, chs[1:])]
    return float(-np.mean(logs))
'''),
    dict(name="nll_in_bits", exercise="average_nll",
         misconception="language-model-loss-in-bits", code='''
import numpy as np
def average_nll(words, P, stoi):
    P = np.asarray(P, dtype=float)
    logs = []
    for w in words:
        chs = ["."] + list(w) + ["."]
        with np.errstate(divide="ignore"):
            logs += [np.log2(P[stoi[a], stoi[b]]) for a, b in zip(chs, chs[1:])]
    return float(-np.mean(logs))
'''),
    # -- perplexity --------------------------------------------------------------------
    dict(name="perplexity_two_to_the_nats", exercise="perplexity",
         misconception="perplexity-base-2-of-nats", code='''
def perplexity(avg_nll):
    return float(2.0 ** avg_nll)
'''),
    # -- sample_word -------------------------------------------------------------------
    dict(name="sample_with_global_numpy_rng", exercise="sample_word",
         misconception="sampler-uses-global-random-state", code='''
import numpy as np
def sample_word(P, itos, rng):
    P = np.asarray(P, dtype=float)
    out, ix = "", 0
    while True:
        ix = int(np.random.choice(len(P), p=P[ix]))
        if ix == 0:
            return out
        out += itos[ix]
'''),
    dict(name="sample_greedy_argmax", exercise="sample_word",
         misconception="sampler-takes-argmax", code='''
import numpy as np
def sample_word(P, itos, rng):
    P = np.asarray(P, dtype=float)
    out, ix = "", 0
    for _ in range(50):
        ix = int(np.argmax(P[ix]))
        if ix == 0:
            break
        out += itos[ix]
    return out
'''),
    dict(name="sample_keeps_end_dot", exercise="sample_word",
         misconception="sampled-word-keeps-dot", code='''
import numpy as np
def sample_word(P, itos, rng):
    P = np.asarray(P, dtype=float)
    out, ix = "", 0
    while True:
        ix = int(rng.choice(len(P), p=P[ix]))
        out += itos[ix]
        if ix == 0:
            return out
'''),
    dict(name="sample_first_letter_forced", exercise="sample_word",
         misconception="sampler-always-draws-a-letter", code='''
import numpy as np
def sample_word(P, itos, rng):
    P = np.asarray(P, dtype=float)
    first = P[0, 1:] / P[0, 1:].sum()
    ix = 1 + int(rng.choice(len(first), p=first))
    out = itos[ix]
    while True:
        ix = int(rng.choice(len(P), p=P[ix]))
        if ix == 0:
            return out
        out += itos[ix]
'''),
    dict(name="sample_from_columns", exercise="sample_word", misconception=None, code='''
import numpy as np
def sample_word(P, itos, rng):
    P = np.asarray(P, dtype=float)
    out, ix = "", 0
    while len(out) < 100:
        col = P[:, ix] / P[:, ix].sum()
        ix = int(rng.choice(len(P), p=col))
        if ix == 0:
            break
        out += itos[ix]
    return out
'''),
    # -- train_neural_bigram -----------------------------------------------------------
    dict(name="train_init_from_global_rng", exercise="train_neural_bigram",
         misconception="neural-bigram-global-rng",
         code=_train("W = torch.randn(len(stoi), len(stoi), requires_grad=True)",
                     "F.cross_entropy(F.one_hot(xs, len(stoi)).float() @ W, ys)")),
    dict(name="train_reseeds_global_rng", exercise="train_neural_bigram",
         misconception="neural-bigram-global-rng",
         code=_train("torch.manual_seed(2147483647)\n"
                     "    W = torch.randn(len(stoi), len(stoi), requires_grad=True)",
                     "F.cross_entropy(W[xs], ys)")),
    dict(name="train_predicts_the_current_symbol", exercise="train_neural_bigram",
         misconception=None,
         code=_train("W = torch.zeros(len(stoi), len(stoi), requires_grad=True)",
                     "F.cross_entropy(W[xs], xs)")),
    dict(name="train_gradients_never_zeroed", exercise="train_neural_bigram",
         misconception=None,
         code=_train(_GENERATOR_INIT, "F.cross_entropy(W[xs], ys)", zero_grad=False)),
    dict(name="train_logits_without_softmax", exercise="train_neural_bigram",
         misconception=None,
         code=_train(_GENERATOR_INIT, "-W[xs, ys].log().nan_to_num(-20.0).mean()",
                     after="        W.data.clamp_(min=1e-6)\n")),
    dict(name="train_summed_cross_entropy", exercise="train_neural_bigram",
         misconception=None,
         code=_train(_GENERATOR_INIT, 'F.cross_entropy(W[xs], ys, reduction="sum")')),
    # -- losses ------------------------------------------------------------------------
    dict(name="mse_root_mean_square", exercise="mse", misconception="mse-square-rooted", code='''
import numpy as np
def mse(y, y_hat):
    return float(np.sqrt(np.mean((np.asarray(y) - np.asarray(y_hat)) ** 2)))
'''),
    dict(name="mse_summed", exercise="mse", misconception="loss-summed-over-batch", code='''
import numpy as np
def mse(y, y_hat):
    return float(np.sum((np.asarray(y) - np.asarray(y_hat)) ** 2))
'''),
    dict(name="mae_signed_residuals", exercise="mae", misconception="mae-without-abs", code='''
import numpy as np
def mae(y, y_hat):
    return float(abs(np.mean(np.asarray(y) - np.asarray(y_hat))))
'''),
    dict(name="huber_as_smooth_l1", exercise="huber", misconception="huber-as-smooth-l1", code='''
import numpy as np
def huber(y, y_hat, delta=1.0):
    r = np.abs(np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float))
    return float(np.mean(np.where(r < delta, 0.5 * r ** 2 / delta, r - 0.5 * delta)))
'''),
    dict(name="huber_without_halves", exercise="huber", misconception="huber-missing-halves",
         code='''
import numpy as np
def huber(y, y_hat, delta=1.0):
    r = np.abs(np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float))
    return float(np.mean(np.where(r <= delta, r ** 2, delta * (2 * r - delta))))
'''),
    dict(name="bce_clipped_probabilities", exercise="binary_cross_entropy",
         misconception="bce-probability-clamped", code='''
import numpy as np
def binary_cross_entropy(y, p):
    y = np.asarray(y, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 1e-7, 1 - 1e-7)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
'''),
    dict(name="bce_zero_times_log_zero", exercise="binary_cross_entropy",
         misconception="bce-zero-times-log-zero-nan", code=_NAIVE_BCE % "y, p"),
    dict(name="bce_arguments_swapped", exercise="binary_cross_entropy",
         misconception="bce-arguments-swapped", code=_NAIVE_BCE % "p, y"),
    dict(name="bce_with_logits_through_sigmoid", exercise="bce_with_logits",
         misconception="bce-logits-through-sigmoid", code='''
import numpy as np
def bce_with_logits(y, logits):
    y = np.asarray(y, dtype=float)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        p = 1 / (1 + np.exp(-np.asarray(logits, dtype=float)))
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
'''),
    dict(name="focal_alpha_on_negatives", exercise="focal_loss",
         misconception="focal-alpha-weights-swapped", code='''
import numpy as np
def focal_loss(y, logits, gamma=2.0, alpha=0.25):
    y = np.asarray(y, dtype=float)
    z = np.asarray(logits, dtype=float)
    ce = np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))
    p = 0.5 * (1 + np.tanh(0.5 * z))
    p_t = p * y + (1 - p) * (1 - y)
    a_t = (1 - alpha) * y + alpha * (1 - y)
    return float(np.mean(a_t * (1 - p_t) ** gamma * ce))
'''),
    dict(name="focal_factor_p_t_to_gamma", exercise="focal_loss",
         misconception="focal-modulating-factor-inverted", code='''
import numpy as np
def focal_loss(y, logits, gamma=2.0, alpha=0.25):
    y = np.asarray(y, dtype=float)
    z = np.asarray(logits, dtype=float)
    ce = np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))
    p = 0.5 * (1 + np.tanh(0.5 * z))
    p_t = p * y + (1 - p) * (1 - y)
    a_t = alpha * y + (1 - alpha) * (1 - y)
    return float(np.mean(a_t * p_t ** gamma * ce))
'''),
    dict(name="focal_log_of_sigmoid", exercise="focal_loss",
         misconception="bce-logits-through-sigmoid", code='''
import numpy as np
def focal_loss(y, logits, gamma=2.0, alpha=0.25):
    y = np.asarray(y, dtype=float)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        p = 1 / (1 + np.exp(-np.asarray(logits, dtype=float)))
        ce = -(y * np.log(p) + (1 - y) * np.log(1 - p))
        p_t = p * y + (1 - p) * (1 - y)
        a_t = alpha * y + (1 - alpha) * (1 - y)
        return float(np.mean(a_t * (1 - p_t) ** gamma * ce))
'''),
]

ALTERNATIVES = [
    # Plain Python loops everywhere, an inverse-CDF sampler on rng.random(), the
    # gradient of the cross-entropy written by hand (zeros init), helpers named _f, x.
    dict(name="loops_inverse_cdf_and_hand_gradient", code='''
import math
import numpy as np
import torch

def build_vocab(words):
    x = sorted({c for w in words for c in w})
    stoi = {".": 0}
    stoi.update({c: i for i, c in enumerate(x, start=1)})
    itos = {}
    for c, i in stoi.items():
        itos[i] = c
    return stoi, itos

def _f(word):
    s = "." + word + "."
    return [(s[i], s[i + 1]) for i in range(len(s) - 1)]

def bigram_counts(words, stoi):
    V = len(stoi)
    rows = [[0] * V for _ in range(V)]
    for w in words:
        for a, b in _f(w):
            rows[stoi[a]][stoi[b]] += 1
    return np.array(rows, dtype=np.int64).reshape(V, V)

def bigram_probs(counts, alpha=1.0):
    x = [[float(v) for v in row] for row in np.asarray(counts).tolist()]
    V = len(x[0])
    out = []
    for row in x:
        total = sum(row) + V * alpha
        out.append([(v + alpha) / total for v in row] if total > 0 else [1.0 / V] * V)
    return np.array(out)

def average_nll(words, P, stoi):
    x = np.asarray(P, dtype=float).tolist()
    s, n = 0.0, 0
    for w in words:
        for a, b in _f(w):
            p = x[stoi[a]][stoi[b]]
            if p <= 0:
                return math.inf
            s -= math.log(p)
            n += 1
    return s / n

def perplexity(avg_nll):
    return math.exp(avg_nll) if avg_nll < 700 else math.inf

def sample_word(P, itos, rng):
    x = np.asarray(P, dtype=float)
    word, i = [], 0
    while True:
        u = rng.random()
        cdf, j = 0.0, 0
        for j in range(x.shape[1]):
            cdf += x[i, j]
            if u < cdf:
                break
        i = j
        if i == 0:
            return "".join(word)
        word.append(itos[i])

def train_neural_bigram(words, stoi, steps, lr, generator):
    V = len(stoi)
    counts = np.zeros((V, V))
    for w in words:
        for a, b in _f(w):
            counts[stoi[a], stoi[b]] += 1
    T = counts.sum()
    n_i = counts.sum(axis=1, keepdims=True)
    x = np.zeros((V, V))
    for _ in range(steps):
        e = np.exp(x - x.max(axis=1, keepdims=True))
        soft = e / e.sum(axis=1, keepdims=True)
        x = x - lr * (n_i * soft - counts) / T
    return torch.tensor(x)

def mse(y, y_hat):
    d = [float(a) - float(b) for a, b in zip(np.ravel(y), np.ravel(y_hat))]
    return sum(v * v for v in d) / len(d)

def mae(y, y_hat):
    d = [abs(float(a) - float(b)) for a, b in zip(np.ravel(y), np.ravel(y_hat))]
    return sum(d) / len(d)

def huber(y, y_hat, delta=1.0):
    total, n = 0.0, 0
    for a, b in zip(np.ravel(y), np.ravel(y_hat)):
        r = abs(float(a) - float(b))
        total += 0.5 * r * r if r <= delta else delta * (r - delta / 2)
        n += 1
    return total / n

def binary_cross_entropy(y, p):
    total, n = 0.0, 0
    for t, q in zip(np.ravel(y), np.ravel(p)):
        t, q = float(t), float(q)
        if t > 0:
            total += math.inf if q == 0 else -t * math.log(q)
        if t < 1:
            total += math.inf if q == 1 else -(1 - t) * math.log(1 - q)
        n += 1
    return total / n

def bce_with_logits(y, logits):
    total, n = 0.0, 0
    for t, z in zip(np.ravel(y), np.ravel(logits)):
        t, z = float(t), float(z)
        total += max(z, 0.0) - t * z + math.log1p(math.exp(-abs(z)))
        n += 1
    return total / n

def focal_loss(y, logits, gamma=2.0, alpha=0.25):
    total, n = 0.0, 0
    for t, z in zip(np.ravel(y), np.ravel(logits)):
        t, z = float(t), float(z)
        ce = max(z, 0.0) - t * z + math.log1p(math.exp(-abs(z)))
        p = 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))
        p_t = p * t + (1 - p) * (1 - t)
        a_t = alpha * t + (1 - alpha) * (1 - t)
        total += a_t * (1 - p_t) ** gamma * ce
        n += 1
    return total / n
'''),
    # rng.choice over the row (the reference inverts the row's CDF with searchsorted).
    dict(name="sample_with_rng_choice", code='''
import numpy as np

def sample_word(P, itos, rng):
    P = np.asarray(P, dtype=float)
    letters = []
    ix = 0
    while True:
        ix = int(rng.choice(P.shape[1], p=P[ix]))
        if ix == 0:
            return "".join(letters)
        letters.append(itos[ix])
'''),
    # The cross-entropy of every pair (the reference sums over the count table), with
    # autograd through the indexing W[xs].
    dict(name="per_pair_cross_entropy", code='''
import torch
import torch.nn.functional as F

def train_neural_bigram(words, stoi, steps, lr, generator):
    xs, ys = [], []
    for word in words:
        idx = [0] + [stoi[ch] for ch in word] + [0]
        xs.extend(idx[:-1])
        ys.extend(idx[1:])
    xs, ys = torch.tensor(xs), torch.tensor(ys)
    V = len(stoi)
    W = (0.01 * torch.randn(V, V, generator=generator, dtype=torch.float64)).requires_grad_()
    for _ in range(steps):
        loss = F.cross_entropy(W[xs], ys)
        W.grad = None
        loss.backward()
        with torch.no_grad():
            W -= lr * W.grad
    return W.detach()
'''),
    # PyTorch does the work: one-hot matmul, torch.optim.SGD in float32 with a
    # generator-drawn N(0, 1) init and a small L2 penalty; torch.nn.functional losses.
    dict(name="torch_optim_and_functional_losses", code='''
import numpy as np
import torch
import torch.nn.functional as F

def train_neural_bigram(words, stoi, steps, lr, generator):
    pairs = [(stoi[a], stoi[b]) for w in words for a, b in zip("." + w, w + ".")]
    xs = torch.tensor([a for a, _ in pairs])
    ys = torch.tensor([b for _, b in pairs])
    X = F.one_hot(xs, num_classes=len(stoi)).float()
    W = torch.randn((len(stoi), len(stoi)), generator=generator, requires_grad=True)
    opt = torch.optim.SGD([W], lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        loss = F.cross_entropy(X @ W, ys) + 0.01 * (W ** 2).mean()
        loss.backward()
        opt.step()
    return W

def _t(a):
    return torch.as_tensor(np.asarray(a, dtype=float))

def mse(y, y_hat):
    return F.mse_loss(_t(y_hat), _t(y)).item()

def mae(y, y_hat):
    return F.l1_loss(_t(y_hat), _t(y)).item()

def huber(y, y_hat, delta=1.0):
    return F.huber_loss(_t(y_hat), _t(y), delta=delta).item()

def bce_with_logits(y, logits):
    return F.binary_cross_entropy_with_logits(_t(logits), _t(y)).item()

def focal_loss(y, logits, gamma=2.0, alpha=0.25):
    z, t = _t(logits), _t(y)
    p = torch.sigmoid(z)
    ce = F.binary_cross_entropy_with_logits(z, t, reduction="none")
    p_t = p * t + (1 - p) * (1 - t)
    return ((alpha * t + (1 - alpha) * (1 - t)) * (1 - p_t) ** gamma * ce).mean().item()
'''),
    # Library calls: collections.Counter and np.add.at for counts, scipy's xlogy,
    # rng.choice over itos's letters, np.logaddexp for the stable BCE.
    dict(name="counter_add_at_and_logaddexp", code='''
import collections
import numpy as np
import scipy.special

def build_vocab(words):
    letters = sorted(collections.Counter("".join(words)))
    itos = dict(enumerate(["."] + letters))
    return {c: i for i, c in itos.items()}, itos

def bigram_counts(words, stoi):
    pairs = collections.Counter(p for w in words for p in zip("." + w, w + "."))
    N = np.zeros((len(stoi), len(stoi)), dtype=np.int32)
    if pairs:
        rows = [stoi[a] for a, _ in pairs]
        cols = [stoi[b] for _, b in pairs]
        np.add.at(N, (rows, cols), list(pairs.values()))
    return N

def bigram_probs(counts, alpha=1.0):
    c = np.array(counts, dtype=float)
    c += alpha
    s = c.sum(axis=1)
    c[s == 0] = 1.0
    return c / c.sum(axis=1, keepdims=True)

def average_nll(words, P, stoi):
    N = bigram_counts(words, stoi)
    with np.errstate(divide="ignore"):
        return float(-scipy.special.xlogy(N, np.asarray(P, dtype=float)).sum() / N.sum())

def perplexity(avg_nll):
    return float(np.exp(np.float64(avg_nll)))

def sample_word(P, itos, rng):
    P = np.asarray(P, dtype=float)
    symbols = [itos[i] for i in range(len(P))]
    out, i = "", 0
    while True:
        i = symbols.index(rng.choice(symbols, p=P[i]))
        if i == 0:
            return out
        out += symbols[i]

def binary_cross_entropy(y, p):
    y, p = np.asarray(y, dtype=float), np.asarray(p, dtype=float)
    with np.errstate(divide="ignore"):
        return float(-np.mean(scipy.special.xlogy(y, p) + scipy.special.xlog1py(1 - y, -p)))

def bce_with_logits(y, logits):
    y, z = np.asarray(y, dtype=float), np.asarray(logits, dtype=float)
    return float(np.mean(y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)))
'''),
]
