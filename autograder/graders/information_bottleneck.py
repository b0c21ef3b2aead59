"""Hidden checks of 15_information_bottleneck: temperature, label smoothing, knowledge
distillation, the variational information bottleneck loss (PyTorch) and entropy-based
pruning (NumPy).

Oracles (never the notebook's solution):
  temperature_softmax   -- exp(z/T - logsumexp(z/T)) with torch.logsumexp;
  label smoothing       -- torch.nn.CrossEntropyLoss(label_smoothing=eps);
  distillation_loss     -- torch.nn.CrossEntropyLoss plus T^2 * F.kl_div(..., log_target=True,
                           reduction="batchmean");
  vib_loss              -- F.cross_entropy plus torch.distributions.kl_divergence between
                           Independent(Normal) distributions;
  gradients             -- autograd through those oracles (float64);
  activation_entropy    -- scipy.stats.entropy of np.histogram counts, per column;
  prune_by_entropy      -- a Python sort of the units by (score, index).

PyTorch exercises are graded in float64, plus one float32 call. One mistake costs its
points once: each exercise's value check names the catalogued mistakes; its property
checks (gradients, float32, large logits, inputs unchanged) are graded on the student's
own answers when those are a catalogued mistake (charged by the value check): the
gradient must then be that of what the function computes (central differences of the
student's own function), the float32 answer the student's own float64 answer.
"""
import math

import numpy as np
import scipy.stats
import torch
import torch.nn.functional as F
from torch.distributions import Independent, Normal, kl_divergence

from autograder.grader_api import (Checks, Invalid, StudentError, as_array, close,
                                   expect_close, expect_no_side_effects, expect_true,
                                   expect_value_errors, fail, fmt, register_misconception, t64)

ASSIGNMENT = "15_information_bottleneck"
checks = Checks(ASSIGNMENT)

EQUIVALENT_MUTANTS = {}

F64, F32 = torch.float64, torch.float32

NATS = "natural-log-instead-of-bits"          # catalogued
KL_DIRECTION = "kl-wrong-direction"           # catalogued
LOGVAR_AS_STD = "logvar-as-std"               # catalogued

T_MULTIPLIES = register_misconception(
    "temperature-multiplies-logits",
    "the logits were multiplied by the temperature: softmax_T(z) = softmax(z / T), so a "
    "higher temperature flattens the distribution (z / T -> 0), it does not sharpen it.")
T_IGNORED = register_misconception(
    "temperature-ignored",
    "the temperature was not used: softmax_T(z) = softmax(z / T); at T = 1 it is the "
    "ordinary softmax, at other temperatures it is not.")
SOFTMAX_WRONG_DIM = register_misconception(
    "temperature-softmax-over-wrong-dim",
    "the softmax was taken over the wrong dimension: the classes are the LAST dimension "
    "(dim=-1), so each row sums to 1; dim=0 normalises over the batch.")
SOFTMAX_OVERFLOW = register_misconception(
    "temperature-softmax-overflows",
    "exp of large logits overflows (exp(1000) = inf, inf / inf = nan): subtract the "
    "maximum over the last dimension before exponentiating, or use torch.softmax, which "
    "does it.")
LS_K_MINUS_1 = register_misconception(
    "label-smoothing-eps-over-k-minus-1",
    "the smoothing mass went to the K - 1 wrong classes only (eps / (K - 1) each, 1 - eps "
    "on the true class): the contract's target is (1 - eps) onehot + eps / K, the mixture "
    "with the uniform distribution over ALL K classes, as PyTorch's label_smoothing.")
LS_NOT_DIVIDED = register_misconception(
    "label-smoothing-uniform-not-divided-by-k",
    "eps was added to every class without dividing by K: (1 - eps) onehot + eps is not a "
    "distribution (it sums to 1 + (K - 1) eps). The uniform part is eps / K per class.")
LS_SUMMED = register_misconception(
    "label-smoothing-summed-over-batch",
    "the loss was summed over the batch: it is the MEAN over the N examples, so its scale "
    "does not depend on the batch size.")
LS_IGNORED = register_misconception(
    "label-smoothing-epsilon-ignored",
    "epsilon was not used: this is the plain cross-entropy to the one-hot target. Mix the "
    "target: (1 - eps) H(onehot, q) + eps H(uniform, q).")
LOG_OF_SOFTMAX = register_misconception(
    "ib-log-of-softmax-at-large-logits",
    "probabilities formed before the logarithm at large logits: softmax underflows to "
    "exactly 0 for a class far below the maximum, and log(softmax(z)) = log 0 = -inf, p / q "
    "= inf (or nan through inf / inf); torch.distributions' Categorical kl_divergence also "
    "returns inf where q underflows. Work with log-probabilities throughout: log_softmax "
    "(z - logsumexp(z)) is exact for any logits.")
KD_NO_T2 = register_misconception(
    "distillation-missing-t-squared",
    "the soft term lacks its factor T^2: the gradient of KL(p_T || q_T) with respect to "
    "the student's logits is (q_T - p_T) / T ~ (z - v) / (K T^2), so without T^2 the "
    "soft term fades as the temperature grows.")
KD_T_NOT_SQUARED = register_misconception(
    "distillation-t-not-squared",
    "the soft term was multiplied by T, not T^2: one 1/T comes from d(z/T)/dz, the other "
    "from the softened probabilities' difference (q - p ~ (z - v) / (K T)).")
KD_KL_MEAN = register_misconception(
    "distillation-kl-averaged-over-classes",
    "the KL was averaged over the classes as well as the batch (F.kl_div's default "
    "reduction='mean' divides by N * K): the KL of one example is a SUM over its classes; "
    "use reduction='batchmean' (or .sum(-1).mean()).")
KD_TEACHER_HARD = register_misconception(
    "distillation-teacher-not-softened",
    "the teacher's probabilities were taken at T = 1 while the student's were softened: "
    "both distributions are compared at the same temperature T.")
KD_HARD_AT_T = register_misconception(
    "distillation-hard-loss-at-temperature",
    "the hard cross-entropy was computed on the softened logits z / T: the hard term is "
    "the ordinary cross-entropy of the student's T = 1 softmax with the labels.")
KD_ALPHA_SWAPPED = register_misconception(
    "distillation-alpha-swapped",
    "alpha and 1 - alpha were swapped: alpha weighs the hard cross-entropy with the "
    "labels, 1 - alpha the soft KL to the teacher.")
KD_PROB_INPUT = register_misconception(
    "distillation-kl-div-input-not-log",
    "F.kl_div was given probabilities as its first argument: it expects the student's "
    "LOG-probabilities (log_softmax(z / T)) and computes sum target * (log target - input).")
VIB_KL_MEAN = register_misconception(
    "vib-kl-averaged-over-latent-dims",
    "the KL was averaged over the latent coordinates: the KL between d-dimensional "
    "diagonal Gaussians is the SUM of the coordinates' KLs (then averaged over the batch).")
VIB_KL_HALF = register_misconception(
    "vib-kl-missing-half",
    "the factor 1/2 of the Gaussian KL is missing: KL = 1/2 sum (exp(logvar) + mu^2 - 1 - "
    "logvar).")
VIB_KL_SUMMED = register_misconception(
    "vib-kl-summed-over-batch",
    "the KL was summed over the batch while the cross-entropy is averaged: both terms are "
    "batch means, so beta means the same for every batch size.")
VIB_BETA_ON_CE = register_misconception(
    "vib-beta-on-cross-entropy",
    "beta multiplies the wrong term: the loss is CE + beta * KL; beta is the price of the "
    "information Z keeps about X.")
AE_GLOBAL_RANGE = register_misconception(
    "activation-entropy-global-range",
    "all units were binned over one shared range (the min and max of the whole array): "
    "each unit is histogrammed over its OWN [min, max], so that its entropy does not "
    "depend on the scale of the other units (np.histogram(column, bins)).")
AE_DENSITY = register_misconception(
    "activation-entropy-from-density",
    "the histogram's density (density=True) was used as probabilities: a density is "
    "count / (N * width) and can exceed 1; the probabilities are the counts / N.")
AE_PER_SAMPLE = register_misconception(
    "activation-entropy-per-sample",
    "one entropy per example (row) instead of per unit (column): activations is (N, "
    "units) and each unit's N values form one histogram.")
AE_CONSTANT_NAN = register_misconception(
    "activation-entropy-constant-unit-nan",
    "a constant unit gave nan (or inf): its range has width 0, so (a - min) / (max - min) "
    "is 0 / 0. All its values are in one bin and its entropy is 0 (np.histogram handles "
    "the zero range).")
PRUNE_ROWS = register_misconception(
    "prune-rows-instead-of-columns",
    "rows were zeroed: weights is (out, units) and unit j's outgoing weights are the "
    "COLUMN weights[:, j].")
PRUNE_HIGHEST = register_misconception(
    "prune-highest-scores",
    "the highest-scoring units were pruned: a low entropy means little information, so "
    "the LOWEST scores go.")
PRUNE_FLOOR = register_misconception(
    "prune-count-floored",
    "the number of pruned units was floored (int(fraction * units)): the contract rounds, "
    "k = round(fraction * units).")
PRUNE_TIES = register_misconception(
    "prune-ties-not-by-lower-index",
    "equal scores were not broken by index: among ties the LOWER index is pruned first. "
    "np.argsort's default sort is not stable; use np.argsort(scores, kind='stable').")
PRUNE_IN_PLACE = register_misconception(
    "prune-weights-modified-in-place",
    "the caller's weights were zeroed in place: return a new array (np.array(weights, "
    "dtype=float) copies; np.asarray does not copy a float array).")


# -- inputs and helpers --------------------------------------------------------------

def logits(rng, n, k, scale=3.0):
    return t64(rng.normal(0.0, scale, (n, k)))


def labels(rng, n, k):
    return torch.tensor(rng.integers(0, k, n), dtype=torch.int64)


def sizes(rng):
    return int(rng.integers(2, 7)), int(rng.integers(3, 8))


def floats(args, dtype):
    return tuple(a.to(dtype) if isinstance(a, torch.Tensor) and a.is_floating_point() else a
                 for a in args)


def value_of(got):
    if isinstance(got, torch.Tensor):
        return got.detach().to(F64).numpy()
    return np.asarray(got, dtype=float)


def matches(got, expected, tol="float"):
    try:
        value = value_of(got)
    except (TypeError, ValueError, RuntimeError):
        return False
    expected = value_of(expected)
    return value.shape == expected.shape and close(value, expected, tol)


def is_known(got, expected, mistakes):
    """Right, or one of the catalogued mistakes (charged, and named, by the value check)."""
    return matches(got, expected) or any(matches(got, bad) for _, bad in mistakes)


def tensor_answer(got, what, shape, dtype=F64):
    """The student's tensor as a float64 array, after type, shape and dtype checks."""
    if not isinstance(got, torch.Tensor):
        fail(f"{what} should return a torch.Tensor, got {type(got).__name__}")
    if tuple(got.shape) != tuple(shape):
        if shape == () and got.numel() > 1:
            fail(f"{what} returned shape {tuple(got.shape)}: the loss is ONE number, the mean "
                 "over the batch (a 0-dim tensor, .mean()).")
        if shape == () and got.numel() == 1:
            fail(f"{what} returned shape {tuple(got.shape)}: return a 0-dim tensor (shape ()), "
                 "as .mean() gives, without keepdim.")
        fail(f"{what} should have shape {tuple(shape)}, got {tuple(got.shape)}")
    if got.dtype != dtype:
        fail(f"{what} returned dtype {got.dtype} for {dtype} inputs: keep the input's dtype "
             "(no new constants with a default dtype, no .float()).")
    return got.detach().numpy().astype(float)


def expect_value(got, expected, what, mistakes, shape=(), tol="float", hint=""):
    value = tensor_answer(got, what, shape)
    expected = value_of(expected)
    if not close(value, expected, tol):
        for key, bad in mistakes:
            if matches(value, bad):
                fail(f"{what}: got {fmt(value)}, expected {fmt(expected)}.", key)
    expect_close(value, expected if expected.ndim else float(expected), what, tol=tol, hint=hint)


def autograd(fn, args, wrt, upstream):
    leaves = [a.detach().clone().requires_grad_(i in wrt) if isinstance(a, torch.Tensor)
              and a.is_floating_point() else a for i, a in enumerate(args)]
    out = fn(*leaves)
    grads = torch.autograd.grad((out * upstream).sum(), [leaves[i] for i in wrt])
    return [g.detach() for g in grads]


def directional(student, name, args, wrt, upstream, grads, what):
    """The student's gradients against central differences of the student's own function."""
    gen = np.random.default_rng(12345)
    for _ in range(2):
        v = {i: t64(gen.standard_normal(tuple(args[i].shape))) for i in wrt}
        h = 1e-6 * max(1.0, max(float(args[i].abs().max()) for i in wrt))
        moved = [[a + s * h * v[i] if i in v else a for i, a in enumerate(args)] for s in (1, -1)]
        outs = student.calls(name, [(tuple(m), None) for m in moved])
        if any(isinstance(o, StudentError) or not isinstance(o, torch.Tensor) for o in outs):
            return
        plus, minus = (float((upstream * o.detach().to(F64)).sum()) for o in outs)
        numeric = (plus - minus) / (2 * h)
        analytic = sum(float((torch.as_tensor(g, dtype=F64) * v[i]).sum())
                       for g, i in zip(grads, wrt))
        expect_true(close(analytic, numeric, "numerical"),
                    f"{what}: along a random direction your gradients give {analytic:.6g}, but "
                    f"your own {name} changes at the rate {numeric:.6g}: autograd does not see "
                    "the function you compute (a detach, NumPy, .item(), an in-place edit?).")


def expect_gradients(student, name, args, wrt, names, oracle, mistakes, upstream, what):
    try:
        out, grads = student.vjp(name, list(args), wrt=wrt, upstream=upstream)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        fail(f"{what}: backpropagating through your answer failed: {err.type}: {err.message} "
             "(the output must be computed from the inputs with differentiable torch "
             "operations).")
    for grad, arg in zip(grads, names):
        if grad is None:
            fail(f"{what}: no gradient reaches {arg}: compute the output from it with "
                 "differentiable torch operations (no .detach(), NumPy or .item()).")
    expected = oracle(*args)
    if not matches(out, expected) and is_known(out, expected, mistakes(*args)):
        directional(student, name, list(args), wrt, upstream, grads,
                    what + " (your values are wrong and are charged there; here, the "
                    "gradients of what you compute)")
        return
    for grad, exp, arg in zip(grads, autograd(oracle, list(args), wrt, upstream), names):
        expect_close(as_array(grad, f"gradient with respect to {arg}"), exp.numpy(),
                     f"{what}: gradient with respect to {arg} (compared with autograd of the "
                     "oracle)", tol="gradient")


def expect_float32(student, name, args, shape, oracle, mistakes, what):
    own, got = student.calls(name, [(tuple(args), None), (floats(args, F32), None)])
    for outcome in (own, got):
        if isinstance(outcome, StudentError):
            raise outcome
    value = tensor_answer(got, what + " with float32 inputs", shape, dtype=F32)
    expected = oracle(*args)
    if is_known(own, expected, mistakes(*args)) and isinstance(own, torch.Tensor):
        expect_close(value, value_of(own), what + " in float32, compared with your float64 "
                     "answer", tol="numerical")
        return
    expect_close(value, value_of(expected), what + " in float32", tol="numerical")


def expect_unchanged(student, name, args, oracle, mistakes, what):
    got = student.call(name, *args)
    expected = oracle(*args)
    if not is_known(got, expected, mistakes(*args)):
        expect_close(value_of(got), value_of(expected), what + " (inputs unchanged is "
                     "credited to a function that works)")
    expect_no_side_effects(student, "inputs")


def expect_value_or_known(got, expected, what, mistakes, shape=(), hint=""):
    """An edge case: right, or a catalogued mistake that the exercise's value check
    already charges (one mistake, one loss); any other answer is judged as usual."""
    value = tensor_answer(got, what, shape)
    if any(matches(value, bad) for _, bad in mistakes):
        return
    expected = value_of(expected)
    expect_close(value, expected if expected.ndim else float(expected), what, hint=hint)


def mistaken(student, name, args, oracle, mistakes):
    """Whether the answer to an ordinary input is a catalogued mistake (then edge cases
    are not judged: the value check charges it); any other wrong answer fails here."""
    got = student.call(name, *args)
    expected = oracle(*args)
    if matches(got, expected):
        return False
    if is_known(got, expected, mistakes(*args)):
        return True
    expect_close(value_of(got), value_of(expected), f"{name} on an ordinary input (an edge "
                 "case is credited only to a function that works)")
    return False


# == temperature_softmax =============================================================

def softmax_oracle(z, T):
    s = z / T
    return torch.exp(s - torch.logsumexp(s, dim=-1, keepdim=True))


def softmax_mistakes(z, T):
    out = [(T_MULTIPLIES, torch.softmax(z * T, dim=-1)), (T_IGNORED, torch.softmax(z, dim=-1))]
    if z.ndim > 1:
        out.append((SOFTMAX_WRONG_DIM, torch.softmax(z / T, dim=0)))
    return out


def temperature(rng):
    return float(rng.choice([rng.uniform(0.2, 0.8), rng.uniform(1.5, 6.0)]))


@checks("temperature_softmax", points=0.5)
def test_temperature_softmax_matches_logsumexp(student, rng):
    n, k = sizes(rng)
    z, T = logits(rng, n, k), temperature(rng)
    what = f"temperature_softmax(logits={fmt(z)}, T={T:.4g})"
    expect_value(student.call("temperature_softmax", z, T), softmax_oracle(z, T), what,
                 softmax_mistakes(z, T), shape=(n, k))
    # any shape: one example (K,) and a (N, M, K) batch, over the last dimension
    one = t64(rng.normal(0, 3, k))
    expect_value(student.call("temperature_softmax", one, T), softmax_oracle(one, T),
                 f"temperature_softmax on a single example of shape ({k},), T={T:.4g}",
                 softmax_mistakes(one, T), shape=(k,))
    m = int(rng.integers(2, 4))
    z3 = t64(rng.normal(0, 3, (2, m, k)))
    expect_value(student.call("temperature_softmax", z3, T), softmax_oracle(z3, T),
                 f"temperature_softmax on shape (2, {m}, {k}) (the last dimension holds the "
                 "classes)", softmax_mistakes(z3, T), shape=(2, m, k),
                 hint="softmax over dim=-1, whatever the number of dimensions.")


@checks("temperature_softmax", points=0.25)
def test_temperature_softmax_at_T_one_and_batch_of_one(student, rng):
    n, k = sizes(rng)
    z = logits(rng, 1, k)
    got = student.call("temperature_softmax", z, 1.0)
    what = f"temperature_softmax at T = 1 on a batch of one, logits={fmt(z)}"
    expect_value_or_known(got, torch.softmax(z, dim=-1), what, softmax_mistakes(z, 1.0),
                          shape=(1, k), hint="At T = 1 it is the ordinary softmax.")
    got = student.call("temperature_softmax", z, np.float64(1.0))
    expect_value_or_known(got, torch.softmax(z, dim=-1), what + " (T given as a NumPy float)",
                          softmax_mistakes(z, 1.0), shape=(1, k))


@checks("temperature_softmax", points=0.25)
def test_temperature_softmax_stable_at_large_logits(student, rng):
    n, k = sizes(rng)
    T = float(rng.uniform(0.5, 0.9))        # |z / T| > 770: exp overflows (or underflows)
    signs = rng.choice([-1.0, 1.0], (n, 1))
    signs[0] = 1.0
    z = logits(rng, n, k, scale=1.0) + t64(signs * rng.uniform(700, 1000, (n, 1)))
    z[0, 0] = -z[0, 0]
    was_mistaken = mistaken(student, "temperature_softmax", (logits(rng, n, k), T),
                            softmax_oracle, softmax_mistakes)
    got = student.call("temperature_softmax", z, T)
    what = f"temperature_softmax with logits near +-1000 (logits={fmt(z)}, T={T:.3g})"
    value = tensor_answer(got, what, (n, k))
    if not np.all(np.isfinite(value)):
        fail(f"{what}: got {fmt(value)}, which is not finite.", SOFTMAX_OVERFLOW)
    if not was_mistaken:
        expect_close(value, softmax_oracle(z, T).numpy(), what)


@checks("temperature_softmax", points=0.25)
def test_temperature_softmax_gradients(student, rng):
    n, k = sizes(rng)
    z, T = logits(rng, n, k), temperature(rng)
    expect_gradients(student, "temperature_softmax", (z, T), (0,), ("logits",), softmax_oracle,
                     softmax_mistakes, t64(rng.standard_normal((n, k))),
                     f"temperature_softmax on shape ({n}, {k}), T={T:.3g}")


@checks("temperature_softmax", points=0.25)
def test_temperature_softmax_keeps_float32(student, rng):
    n, k = sizes(rng)
    z, T = logits(rng, n, k), temperature(rng)
    expect_float32(student, "temperature_softmax", (z, T), (n, k), softmax_oracle,
                   softmax_mistakes, f"temperature_softmax on shape ({n}, {k}), T={T:.3g}")


@checks("temperature_softmax", points=0.25)
def test_temperature_softmax_rejects_nonpositive_T(student, rng):
    n, k = sizes(rng)
    z = logits(rng, n, k)
    bad = -float(rng.uniform(0.1, 3.0))
    expect_value_errors(student, "temperature_softmax", [
        Invalid("temperature_softmax with T = 0", (z, 0.0)),
        Invalid("temperature_softmax with T = 0 (an int)", (z, 0)),
        Invalid(f"temperature_softmax with T = {bad:.3g}", (z, bad))])
    T = float(rng.uniform(0.05, 0.5))      # a small positive temperature is valid
    got = student.call("temperature_softmax", z, T)
    expect_value_or_known(got, softmax_oracle(z, T), f"temperature_softmax with T = {T:.3g} "
                          "(small but positive: valid)", softmax_mistakes(z, T), shape=(n, k))


@checks("temperature_softmax", points=0.25)
def test_temperature_softmax_inputs_unchanged(student, rng):
    n, k = sizes(rng)
    z, T = logits(rng, n, k), temperature(rng)
    expect_unchanged(student, "temperature_softmax", (z, T), softmax_oracle, softmax_mistakes,
                     f"temperature_softmax on shape ({n}, {k})")


# == label_smoothing_cross_entropy ===================================================

def ls_oracle(z, y, eps):
    return torch.nn.CrossEntropyLoss(label_smoothing=float(eps))(z, y)


def ls_target_loss(z, target):
    return -(target * torch.log_softmax(z, dim=-1)).sum(dim=-1).mean()


def ls_mistakes(z, y, eps):
    k = z.shape[-1]
    onehot = F.one_hot(y, k).to(z.dtype)
    return [(LS_K_MINUS_1, ls_target_loss(z, (1 - eps) * onehot + eps / (k - 1) * (1 - onehot))),
            (LS_NOT_DIVIDED, ls_target_loss(z, (1 - eps) * onehot + eps)),
            (LS_SUMMED, z.shape[0] * ls_oracle(z, y, eps)),
            (LS_IGNORED, F.cross_entropy(z, y))]


def ls_args(rng, scale=3.0):
    n, k = sizes(rng)
    return logits(rng, n, k, scale), labels(rng, n, k), float(rng.uniform(0.05, 0.5))


@checks("label_smoothing_cross_entropy", points=0.75)
def test_label_smoothing_cross_entropy_matches_torch(student, rng):
    for _ in range(2):
        z, y, eps = ls_args(rng)
        what = (f"label_smoothing_cross_entropy(logits={fmt(z)}, targets={y.tolist()}, "
                f"epsilon={eps:.4g})")
        expect_value(student.call("label_smoothing_cross_entropy", z, y, eps),
                     ls_oracle(z, y, eps), what, ls_mistakes(z, y, eps),
                     hint="Target (1 - eps) onehot + eps / K, mean over the batch.")


@checks("label_smoothing_cross_entropy", points=0.25)
def test_label_smoothing_cross_entropy_epsilon_zero_and_batch_of_one(student, rng):
    z, y, _ = ls_args(rng)
    got = student.call("label_smoothing_cross_entropy", z, y, 0.0)
    expect_value_or_known(got, F.cross_entropy(z, y), "label_smoothing_cross_entropy with "
                          f"epsilon = 0 (logits={fmt(z)}, targets={y.tolist()})",
                          ls_mistakes(z, y, 0.0), hint="epsilon = 0 is the plain cross-entropy.")
    eps = float(rng.uniform(0.05, 0.5))
    got = student.call("label_smoothing_cross_entropy", z[:1], y[:1], eps)
    expect_value_or_known(got, ls_oracle(z[:1], y[:1], eps), "label_smoothing_cross_entropy on "
                          f"a batch of one (epsilon={eps:.3g})", ls_mistakes(z[:1], y[:1], eps))


@checks("label_smoothing_cross_entropy", points=0.25)
def test_label_smoothing_cross_entropy_stable_at_large_logits(student, rng):
    z, y, eps = ls_args(rng, scale=500.0)
    z[0, 0], z[0, 1] = 1000.0, -1000.0      # softmax underflows to exactly 0 at class 1
    was_mistaken = mistaken(student, "label_smoothing_cross_entropy", ls_args(rng), ls_oracle,
                            ls_mistakes)
    got = student.call("label_smoothing_cross_entropy", z, y, eps)
    what = (f"label_smoothing_cross_entropy with logits of size about 1000 (logits={fmt(z)}, "
            f"targets={y.tolist()}, epsilon={eps:.3g})")
    value = tensor_answer(got, what, ())
    if not np.isfinite(value):
        fail(f"{what}: got {fmt(float(value))}, expected {fmt(float(ls_oracle(z, y, eps)))}.",
             LOG_OF_SOFTMAX)
    if not was_mistaken:
        expect_close(float(value), float(ls_oracle(z, y, eps)), what,
                     hint="Work with log_softmax, never log(softmax(...)).")


@checks("label_smoothing_cross_entropy", points=0.25)
def test_label_smoothing_cross_entropy_gradients(student, rng):
    z, y, eps = ls_args(rng)
    expect_gradients(student, "label_smoothing_cross_entropy", (z, y, eps), (0,), ("logits",),
                     ls_oracle, ls_mistakes, t64(rng.uniform(0.5, 2.0)),
                     f"label_smoothing_cross_entropy on shape {tuple(z.shape)}")


@checks("label_smoothing_cross_entropy", points=0.25)
def test_label_smoothing_cross_entropy_keeps_float32(student, rng):
    z, y, eps = ls_args(rng)
    expect_float32(student, "label_smoothing_cross_entropy", (z, y, eps), (), ls_oracle,
                   ls_mistakes, f"label_smoothing_cross_entropy on shape {tuple(z.shape)}")


@checks("label_smoothing_cross_entropy", points=0.25)
def test_label_smoothing_cross_entropy_inputs_unchanged(student, rng):
    z, y, eps = ls_args(rng)
    expect_unchanged(student, "label_smoothing_cross_entropy", (z, y, eps), ls_oracle,
                     ls_mistakes, f"label_smoothing_cross_entropy on shape {tuple(z.shape)}")


# == distillation_loss ===============================================================

def kd_soft(s, t, T, reduction="batchmean"):
    return F.kl_div(F.log_softmax(s / T, dim=-1), F.log_softmax(t / T, dim=-1),
                    reduction=reduction, log_target=True)


def kd_oracle(s, t, y, T, alpha):
    return alpha * torch.nn.CrossEntropyLoss()(s, y) + (1 - alpha) * T ** 2 * kd_soft(s, t, T)


def kd_mistakes(s, t, y, T, alpha):
    ce = F.cross_entropy(s, y)
    soft = kd_soft(s, t, T)
    p = torch.softmax(t / T, dim=-1)
    reverse = F.kl_div(F.log_softmax(t / T, dim=-1), F.log_softmax(s / T, dim=-1),
                       reduction="batchmean", log_target=True)
    teacher_hard = (torch.softmax(t, dim=-1) * (torch.log_softmax(t, dim=-1)
                                                - torch.log_softmax(s / T, dim=-1))).sum(-1).mean()
    prob_input = (p * (torch.log_softmax(t / T, dim=-1) - torch.softmax(s / T, dim=-1))).sum(-1).mean()
    return [(KD_NO_T2, alpha * ce + (1 - alpha) * soft),
            (KD_T_NOT_SQUARED, alpha * ce + (1 - alpha) * T * soft),
            (KL_DIRECTION, alpha * ce + (1 - alpha) * T ** 2 * reverse),
            (KD_KL_MEAN, alpha * ce + (1 - alpha) * T ** 2 * soft / s.shape[-1]),
            (KD_TEACHER_HARD, alpha * ce + (1 - alpha) * T ** 2 * teacher_hard),
            (KD_HARD_AT_T, alpha * F.cross_entropy(s / T, y) + (1 - alpha) * T ** 2 * soft),
            (KD_ALPHA_SWAPPED, (1 - alpha) * ce + alpha * T ** 2 * soft),
            (KD_PROB_INPUT, alpha * ce + (1 - alpha) * T ** 2 * prob_input)]


def kd_args(rng, scale=3.0, alpha=None):
    n, k = sizes(rng)
    T = float(rng.uniform(1.5, 6.0))
    alpha = float(rng.uniform(0.1, 0.9)) if alpha is None else alpha
    return logits(rng, n, k, scale), logits(rng, n, k, scale), labels(rng, n, k), T, alpha


def kd_what(args):
    s, t, y, T, alpha = args
    return (f"distillation_loss(student_logits={fmt(s)}, teacher_logits={fmt(t)}, "
            f"labels={y.tolist()}, temperature={T:.4g}, alpha={alpha:.4g})")


@checks("distillation_loss", points=1.0)
def test_distillation_loss_matches_cross_entropy_plus_kl_div(student, rng):
    for _ in range(2):
        args = kd_args(rng)
        expect_value(student.call("distillation_loss", *args), kd_oracle(*args), kd_what(args),
                     kd_mistakes(*args))


@checks("distillation_loss", points=0.25)
def test_distillation_loss_alpha_zero_and_one(student, rng):
    if mistaken(student, "distillation_loss", kd_args(rng), kd_oracle, kd_mistakes):
        return
    for alpha in (1.0, 0.0):
        args = kd_args(rng, alpha=alpha)
        expect_value(student.call("distillation_loss", *args), kd_oracle(*args),
                     kd_what(args) + f" (alpha = {alpha:g}: "
                     + ("the hard cross-entropy alone)" if alpha else "T^2 KL alone)"), [])


@checks("distillation_loss", points=0.25)
def test_distillation_loss_student_equal_to_teacher(student, rng):
    if mistaken(student, "distillation_loss", kd_args(rng), kd_oracle, kd_mistakes):
        return
    s, _, y, T, alpha = kd_args(rng)
    args = (s, s.clone(), y, T, alpha)
    expect_value(student.call("distillation_loss", *args),
                 alpha * F.cross_entropy(s, y), kd_what(args) + " (the student equals its "
                 "teacher: KL = 0, the loss is alpha * CE)", [])


@checks("distillation_loss", points=0.5)
def test_distillation_loss_stable_at_large_logits(student, rng):
    s, t, y, _, alpha = kd_args(rng, scale=400.0)
    s[0, 0], s[0, 1], t[0, 0], t[0, 1] = 1000.0, -1000.0, -1000.0, 1000.0   # disagree strongly
    args = (s, t, y, float(rng.uniform(1.0, 1.5)), alpha)
    was_mistaken = mistaken(student, "distillation_loss", kd_args(rng), kd_oracle, kd_mistakes)
    got = student.call("distillation_loss", *args)
    what = kd_what(args) + " (logits of size about 1000)"
    value = tensor_answer(got, what, ())
    if not np.isfinite(value):
        fail(f"{what}: got {fmt(float(value))}, expected {fmt(float(kd_oracle(*args)))}.",
             LOG_OF_SOFTMAX)
    if not was_mistaken:
        expect_close(float(value), float(kd_oracle(*args)), what,
                     hint="Use log_softmax for both distributions.")


@checks("distillation_loss", points=0.5)
def test_distillation_loss_gradients(student, rng):
    args = kd_args(rng)
    expect_gradients(student, "distillation_loss", args, (0,), ("student_logits",), kd_oracle,
                     kd_mistakes, t64(rng.uniform(0.5, 2.0)),
                     f"distillation_loss on shape {tuple(args[0].shape)}, T={args[3]:.3g}")


@checks("distillation_loss", points=0.25)
def test_distillation_loss_keeps_float32(student, rng):
    args = kd_args(rng)
    expect_float32(student, "distillation_loss", args, (), kd_oracle, kd_mistakes,
                   f"distillation_loss on shape {tuple(args[0].shape)}")


@checks("distillation_loss", points=0.25)
def test_distillation_loss_inputs_unchanged(student, rng):
    args = kd_args(rng)
    expect_unchanged(student, "distillation_loss", args, kd_oracle, kd_mistakes,
                     f"distillation_loss on shape {tuple(args[0].shape)}")


# == vib_loss ========================================================================

def diag(mu, logvar):
    return Independent(Normal(mu, torch.exp(0.5 * logvar)), 1)


def vib_kl(mu, logvar):
    return kl_divergence(diag(mu, logvar), diag(torch.zeros_like(mu), torch.zeros_like(logvar)))


def vib_oracle(z, y, mu, logvar, beta):
    return F.cross_entropy(z, y) + beta * vib_kl(mu, logvar).mean()


def vib_mistakes(z, y, mu, logvar, beta):
    ce, kl = F.cross_entropy(z, y), vib_kl(mu, logvar).mean()
    zeros = torch.zeros_like(mu)
    as_std = kl_divergence(Independent(Normal(mu, torch.exp(logvar)), 1),
                           Independent(Normal(zeros, torch.ones_like(mu)), 1)).mean()
    std_raw = 0.5 * (logvar ** 2 + mu ** 2 - 1 - torch.log(logvar ** 2)).sum(-1).mean()
    reverse = kl_divergence(diag(zeros, zeros), diag(mu, logvar)).mean()
    return [(VIB_KL_MEAN, ce + beta * kl / mu.shape[-1]),
            (LOGVAR_AS_STD, ce + beta * as_std), (LOGVAR_AS_STD, ce + beta * std_raw),
            (VIB_KL_HALF, ce + 2 * beta * kl),
            (VIB_KL_SUMMED, ce + beta * kl * mu.shape[0]),
            (VIB_BETA_ON_CE, beta * ce + kl),
            (KL_DIRECTION, ce + beta * reverse)]


def vib_args(rng, beta=None):
    n, k = int(rng.integers(3, 7)), int(rng.integers(3, 8))
    d = int(rng.choice([v for v in range(2, 7) if v != n]))     # d != n: the axes differ
    beta = float(rng.uniform(0.05, 3.0)) if beta is None else beta
    return (logits(rng, n, k), labels(rng, n, k), t64(rng.normal(0, 1.5, (n, d))),
            t64(rng.uniform(-3, 2, (n, d))), beta)


def vib_what(args):
    z, y, mu, logvar, beta = args
    return (f"vib_loss(logits={fmt(z)}, targets={y.tolist()}, mu={fmt(mu)}, "
            f"logvar={fmt(logvar)}, beta={beta:.4g})")


@checks("vib_loss", points=0.75)
def test_vib_loss_matches_cross_entropy_plus_kl(student, rng):
    for _ in range(2):
        args = vib_args(rng)
        expect_value(student.call("vib_loss", *args), vib_oracle(*args), vib_what(args),
                     vib_mistakes(*args))


@checks("vib_loss", points=0.25)
def test_vib_loss_beta_zero_and_batch_of_one(student, rng):
    if mistaken(student, "vib_loss", vib_args(rng), vib_oracle, vib_mistakes):
        return
    args = vib_args(rng, beta=0.0)
    expect_value(student.call("vib_loss", *args), F.cross_entropy(args[0], args[1]),
                 vib_what(args) + " (beta = 0: the cross-entropy alone)", [])
    z, y, mu, logvar, _ = vib_args(rng)
    args = (z[:1], y[:1], mu[:1], logvar[:1], float(rng.uniform(0.1, 2.0)))
    expect_value(student.call("vib_loss", *args), vib_oracle(*args),
                 vib_what(args) + " (a batch of one)", [])


@checks("vib_loss", points=0.5)
def test_vib_loss_gradients(student, rng):
    args = vib_args(rng)
    expect_gradients(student, "vib_loss", args, (0, 2, 3), ("logits", "mu", "logvar"),
                     vib_oracle, vib_mistakes, t64(rng.uniform(0.5, 2.0)),
                     f"vib_loss on logits {tuple(args[0].shape)}, mu {tuple(args[2].shape)}")


@checks("vib_loss", points=0.25)
def test_vib_loss_keeps_float32(student, rng):
    args = vib_args(rng)
    expect_float32(student, "vib_loss", args, (), vib_oracle, vib_mistakes,
                   f"vib_loss on logits {tuple(args[0].shape)}, mu {tuple(args[2].shape)}")


@checks("vib_loss", points=0.25)
def test_vib_loss_inputs_unchanged(student, rng):
    args = vib_args(rng)
    expect_unchanged(student, "vib_loss", args, vib_oracle, vib_mistakes,
                     f"vib_loss on logits {tuple(args[0].shape)}, mu {tuple(args[2].shape)}")


# == activation_entropy ==============================================================

def ae_oracle(a, bins, base=2.0):
    a = np.asarray(a, dtype=float)
    return np.array([scipy.stats.entropy(np.histogram(a[:, j], bins=bins)[0], base=base)
                     for j in range(a.shape[1])])


def ae_mistakes(a, bins, base=2.0):
    a = np.asarray(a, dtype=float)
    lo, hi = a.min(), a.max()
    shared = np.array([scipy.stats.entropy(np.histogram(a[:, j], bins=bins, range=(lo, hi))[0],
                                           base=base) for j in range(a.shape[1])])
    dens = []
    for j in range(a.shape[1]):
        d, _ = np.histogram(a[:, j], bins=bins, density=True)
        d = d[d > 0]
        dens.append(-np.sum(d * np.log(d)) / math.log(base))
    exact = ae_oracle(a, bins, base)
    return [(NATS, exact * math.log(base)), (AE_GLOBAL_RANGE, shared),
            (AE_DENSITY, np.array(dens))]


def activations(rng, n=None, units=None):
    n = int(rng.integers(30, 80)) if n is None else n
    units = int(rng.integers(3, 7)) if units is None else units
    scales = 10.0 ** rng.uniform(-2, 2, units)
    kinds = [rng.normal(0, 1, n), rng.exponential(1.0, n), rng.uniform(-1, 1, n),
             np.maximum(rng.normal(0.3, 1, n), 0.0)]
    cols = [kinds[j % 4] * scales[j] + rng.normal(0, 5) for j in range(units)]
    return np.stack(cols, axis=1)


def per_sample(value, a):
    """One value per example (the catalogued per-row mistake, charged by the value check)."""
    return value.shape == (a.shape[0],) and a.shape[0] != a.shape[1]


def ae_answer(got, what, units, n):
    value = as_array(got, what)
    if value.shape == (n,) and n != units:
        fail(f"{what}: got shape {value.shape}, one value per example; expected one entropy "
             f"per unit, shape ({units},).", AE_PER_SAMPLE)
    if value.shape != (units,):
        fail(f"{what}: got shape {value.shape}, expected ({units},) (one entropy per unit).")
    return value


def expect_ae(student, a, bins, what, base=None):
    kwargs = None if base is None else {"base": base}
    b = 2.0 if base is None else base
    got = student.call("activation_entropy", a, bins, kwargs=kwargs)
    value = ae_answer(got, what, a.shape[1], a.shape[0])
    expected = ae_oracle(a, bins, b)
    if not close(value, expected):
        for key, bad in ae_mistakes(a, bins, b):
            if close(value, bad):
                fail(f"{what}: got {fmt(value)}, expected {fmt(expected)}.", key)
    expect_close(value, expected, what)


def ae_mistaken(student, rng):
    a, bins = activations(rng), int(rng.integers(3, 13))
    got = student.call("activation_entropy", a, bins)
    try:
        value = as_array(got, "activation_entropy")
    except Exception:      # noqa: BLE001 -- judged by the value check
        value = None
    expected = ae_oracle(a, bins)
    if value is not None and close(value, expected):
        return False
    if value is not None and (any(close(value, bad) for _, bad in ae_mistakes(a, bins))
                              or per_sample(value, a)):
        return True
    expect_ae(student, a, bins, "activation_entropy on an ordinary input (an edge case is "
              "credited only to a function that works)")
    return False


@checks("activation_entropy", points=1.0)
def test_activation_entropy_matches_scipy_on_histograms(student, rng):
    for _ in range(2):
        a, bins = activations(rng), int(rng.integers(3, 13))
        expect_ae(student, a, bins, f"activation_entropy of a ({a.shape[0]}, {a.shape[1]}) "
                  f"array with units of scales {fmt(a.std(axis=0))}, bins={bins} (bits)")
    # one bin with exactly one value (the maximum alone), empty bins in between
    a = np.stack([np.r_[np.zeros(9), 1.0], np.r_[np.arange(9.0), 100.0]], axis=1)
    expect_ae(student, a, 5, f"activation_entropy({fmt(a)}, bins=5)")


@checks("activation_entropy", points=0.25)
def test_activation_entropy_other_bases(student, rng):
    if ae_mistaken(student, rng):
        return
    a, bins = activations(rng), int(rng.integers(3, 13))
    for base in (math.e, 10.0, float(rng.uniform(0.2, 0.8)), float(rng.uniform(3, 7))):
        expect_ae(student, a, bins, f"activation_entropy(..., bins={bins}, base={base:.4g})",
                  base=base)


@checks("activation_entropy", points=0.25)
def test_activation_entropy_constant_unit_is_zero(student, rng):
    if ae_mistaken(student, rng):
        return
    a = activations(rng, units=4)
    j = int(rng.integers(0, 4))
    a[:, j] = float(rng.choice([0.0, rng.normal(0, 3)]))
    bins = int(rng.integers(3, 13))
    got = ae_answer(student.call("activation_entropy", a, bins),
                    "activation_entropy with a constant unit", 4, a.shape[0])
    what = (f"activation_entropy with unit {j} constant (all {a[0, j]:.4g}), bins={bins}: "
            f"got {fmt(got)}")
    if not np.isfinite(got[j]):
        fail(f"{what}; the constant unit's entropy is not finite.", AE_CONSTANT_NAN)
    expect_close(got, ae_oracle(a, bins), what + " (the constant unit has entropy 0)")
    one = ae_answer(student.call("activation_entropy", a, 1), "activation_entropy", 4, a.shape[0])
    expect_close(one, np.zeros(4), "activation_entropy with bins=1 (one bin holds everything: "
                 "every entropy is 0)")


@checks("activation_entropy", points=0.25)
def test_activation_entropy_rejects_invalid_base(student, rng):
    a = activations(rng)
    expect_value_errors(student, "activation_entropy", [
        Invalid("activation_entropy with base=1", (a, 5), {"base": 1}),
        Invalid("activation_entropy with base=0", (a, 5), {"base": 0}),
        Invalid("activation_entropy with base=-2", (a, 5), {"base": -2.0})])
    if not ae_mistaken(student, rng):
        expect_ae(student, a, 5, "activation_entropy with base=0.5 (valid: any base > 0, != 1)",
                  base=0.5)


@checks("activation_entropy", points=0.25)
def test_activation_entropy_lists_and_inputs_unchanged(student, rng):
    a, bins = activations(rng, n=int(rng.integers(10, 20))), int(rng.integers(3, 8))
    own, from_list = student.calls("activation_entropy", [((a, bins), None),
                                                          ((a.tolist(), bins), None)])
    for outcome in (own, from_list):
        if isinstance(outcome, StudentError):
            raise outcome
    expected = ae_oracle(a, bins)
    value = as_array(own, "activation_entropy")
    if not (close(value, expected) or per_sample(value, a)
            or any(close(value, bad) for _, bad in ae_mistakes(a, bins))):
        expect_close(as_array(own, "activation_entropy"), expected,
                     "activation_entropy on an ordinary input")
    expect_true(isinstance(own, np.ndarray),
                f"activation_entropy should return an np.ndarray, got {type(own).__name__}")
    expect_close(as_array(from_list, "activation_entropy of a list"), as_array(own, "own"),
                 "activation_entropy of activations given as a list of lists, compared with the "
                 "same call on an array")
    expect_no_side_effects(student, "inputs")


# == prune_by_entropy ================================================================

def prune_oracle(w, scores, fraction):
    w = np.array(w, dtype=float)
    units = w.shape[1]
    k = round(fraction * units)
    order = sorted(range(units), key=lambda j: (scores[j], j))
    w[:, order[:k]] = 0.0
    return w


def prune_mistakes(w, scores, fraction):
    w = np.array(w, dtype=float)
    units = w.shape[1]
    k = round(fraction * units)
    out = []
    top = sorted(range(units), key=lambda j: (-scores[j], j))[:k]
    high = w.copy()
    high[:, top] = 0.0
    out.append((PRUNE_HIGHEST, high))
    floor = w.copy()
    floor[:, sorted(range(units), key=lambda j: (scores[j], j))[:int(fraction * units)]] = 0.0
    out.append((PRUNE_FLOOR, floor))
    late = w.copy()
    late[:, sorted(range(units), key=lambda j: (scores[j], -j))[:k]] = 0.0
    out.append((PRUNE_TIES, late))
    rows = w.copy()      # rows zeroed (the indices that exist among them)
    rows[[j for j in sorted(range(units), key=lambda j: (scores[j], j))[:k] if j < w.shape[0]],
         :] = 0.0
    out.append((PRUNE_ROWS, rows))
    return out


def fraction_for(rng, units, k=None, side=None):
    """A fraction whose fraction * units lies within 0.4 of the integer k (never a half)."""
    k = int(rng.integers(1, units)) if k is None else k
    side = rng.choice([-1.0, 1.0]) if side is None else side
    offset = side * rng.uniform(0.1, 0.4)
    return float(np.clip((k + offset) / units, 0.0, 1.0))


def prune_args(rng, square=False):
    units = int(rng.integers(5, 12))
    out = units if square else int(rng.integers(2, 6))
    w = rng.normal(0, 1, (out, units))
    return w, rng.permutation(units) * 0.37 + rng.uniform(0, 0.1, units)


def expect_prune(student, w, scores, fraction, what, extra_mistakes=True, credit=()):
    """Compare with the oracle; a catalogued mistake is named, or, when its key is in
    ``credit`` (a mistake the value check charges, on an edge case), passes."""
    got = student.call("prune_by_entropy", w, scores, fraction)
    value = as_array(got, what)
    expected = prune_oracle(w, scores, fraction)
    if value.shape != expected.shape:
        fail(f"{what}: got shape {value.shape}, expected {expected.shape} (the shape of weights).")
    if not np.array_equal(value, expected):
        for key, bad in prune_mistakes(w, scores, fraction) if extra_mistakes else []:
            if np.array_equal(value, bad) and key in credit:
                return
            if np.array_equal(value, bad):
                fail(f"{what}: zeroed columns {np.flatnonzero(np.all(value == 0, axis=0)).tolist()}"
                     f", expected {np.flatnonzero(np.all(expected == 0, axis=0)).tolist()}.", key)
        fail(f"{what}: got {fmt(value)}, expected {fmt(expected)} (the columns "
             f"{np.flatnonzero(np.all(expected == 0, axis=0)).tolist()} zeroed).")


def prune_what(w, scores, fraction):
    return (f"prune_by_entropy(weights of shape {w.shape}, scores={fmt(np.asarray(scores))}, "
            f"fraction={fraction:.4g})")


@checks("prune_by_entropy", points=0.75)
def test_prune_by_entropy_zeroes_lowest_scoring_columns(student, rng):
    for square, side in ((False, -1.0), (True, 1.0), (False, 1.0)):
        w, scores = prune_args(rng, square)
        # k >= 2: with k = 1 below the fraction, the floored count prunes nothing, and so
        # may the rows mistake (no low-scoring index among the rows): both would be w
        fraction = fraction_for(rng, w.shape[1], k=int(rng.integers(2, w.shape[1])), side=side)
        expect_prune(student, w, scores, fraction, prune_what(w, scores, fraction))


@checks("prune_by_entropy", points=0.5)
def test_prune_by_entropy_ties_prune_lower_index_first(student, rng):
    for _ in range(2):
        units = int(rng.integers(30, 60))
        w = rng.normal(0, 1, (3, units))
        scores = rng.integers(0, 4, units).astype(float) * 0.5
        fraction = fraction_for(rng, units, k=int(rng.integers(units // 4, 3 * units // 4)))
        expect_prune(student, w, scores, fraction, prune_what(w, scores, fraction)
                     + " (many equal scores: among ties the lower index goes first)",
                     credit=(PRUNE_HIGHEST, PRUNE_FLOOR, PRUNE_ROWS))
    # alternating scores, on which np.argsort's default (unstable) sort reorders ties
    for pairs in (6, 20):
        w, scores = rng.normal(0, 1, (2, 2 * pairs)), np.array([1.0, 0.0] * pairs)
        expect_prune(student, w, scores, 0.25, prune_what(w, scores, 0.25)
                     + " (half the units tie at 0: the lowest indices go first)",
                     credit=(PRUNE_HIGHEST, PRUNE_FLOOR, PRUNE_ROWS))


@checks("prune_by_entropy", points=0.25)
def test_prune_by_entropy_fraction_zero_and_one(student, rng):
    w, scores = prune_args(rng)
    for fraction in (0.0, 1.0, 0):
        expect_prune(student, w, scores, fraction, prune_what(w, scores, fraction)
                     + (" (nothing is pruned)" if fraction == 0 else " (every unit is pruned)"),
                     extra_mistakes=False)


@checks("prune_by_entropy", points=0.25)
def test_prune_by_entropy_lists_and_weights_unchanged(student, rng):
    w, scores = prune_args(rng)
    fraction = fraction_for(rng, w.shape[1])
    before = w.copy()
    got, (after,) = student.call("prune_by_entropy", w, scores, fraction, mutable=[0])
    if not np.array_equal(np.asarray(after), before):
        fail(f"{prune_what(w, scores, fraction)} changed the weights it was given "
             "(return a new array).", PRUNE_IN_PLACE)
    expected = prune_oracle(w, scores, fraction)
    if not np.array_equal(as_array(got, "prune_by_entropy"), expected):
        if not any(np.array_equal(as_array(got, "prune_by_entropy"), bad)
                   for _, bad in prune_mistakes(w, scores, fraction)):
            fail(f"{prune_what(w, scores, fraction)}: got a wrong array (credited only to a "
                 "function that works)")
    expect_true(isinstance(got, np.ndarray),
                f"prune_by_entropy should return an np.ndarray, got {type(got).__name__}")
    from_list = as_array(student.call("prune_by_entropy", w.tolist(), scores.tolist(), fraction),
                         "prune_by_entropy of lists")
    if not np.array_equal(from_list, as_array(got, "prune_by_entropy")):
        fail(f"prune_by_entropy with weights and scores given as lists: got {fmt(from_list)}, "
             f"but {fmt(as_array(got, 'prune_by_entropy'))} for the same values as arrays "
             "(convert array-likes with np.array(weights, dtype=float)).")
    expect_no_side_effects(student, "inputs")


@checks("prune_by_entropy", points=0.25)
def test_prune_by_entropy_rejects_invalid_input(student, rng):
    w, scores = prune_args(rng)
    fraction = fraction_for(rng, w.shape[1])
    expect_value_errors(student, "prune_by_entropy", [
        Invalid("prune_by_entropy with fraction = -0.1", (w, scores, -0.1)),
        Invalid("prune_by_entropy with fraction = 1.2", (w, scores, 1.2)),
        Invalid(f"prune_by_entropy with {len(scores) - 1} scores for {w.shape[1]} units",
                (w, scores[:-1], fraction)),
        Invalid("prune_by_entropy with scores of shape (units, 1)", (w, scores[:, None], fraction)),
        Invalid("prune_by_entropy with one-dimensional weights", (w[0], scores, fraction))])
    expect_prune(student, w, scores, fraction, prune_what(w, scores, fraction) + " (a valid "
                 "input is still answered)", credit=(PRUNE_HIGHEST, PRUNE_FLOOR, PRUNE_ROWS,
                                                     PRUNE_TIES))
