"""Hidden checks of 04_vae_variational_inference: the ELBO, the VAE and the
importance-weighted bound (PyTorch), plus a model with a finite latent space (NumPy).

Oracles (never the notebook's solution):
  Gaussian KLs       -- torch.distributions.kl_divergence between Independent(Normal)
                        distributions, autograd through them for gradients;
  Bernoulli / ELBO   -- torch.nn.functional.binary_cross_entropy_with_logits (stable
                        for any logits) minus the torch.distributions KL;
  reparameterize     -- the closed form and its closed-form derivatives;
  VAE                -- the submission's own encode/decode (consistency of forward and
                        loss with them) and the ELBO oracle above applied to the
                        logits, mu and logvar the model returns;
  train_vae          -- invariants: per-epoch finite losses that fall, the model's loss
                        before/after, each epoch's value the mean of the sampled negative
                        ELBO (at a learning rate that cannot move the model, compared with
                        draws of the student's own elbo), noise drawn from the generator (runs on copies of
                        one image, where neither the shuffle nor the minibatch size can
                        make runs differ), reproducibility from the generator alone;
  finite latent model-- scipy.special.logsumexp, scipy.stats.entropy (KL to the
                        posterior) and the identity log p(x) = ELBO + KL(q || posterior);
  iwae_bound         -- torch.logsumexp - log K; autograd of it for gradients;
                        Monte Carlo bounds of a Gaussian model with known log p(x).

PyTorch exercises are graded in float64 (plus a float32 call for dtype). Values a
known mistake would give are computed here only to *name* it in the feedback.

One mistake costs its points once: each exercise has its value check(s) against
the oracle; its other checks test one property each and are graded on the
student's own answers where the property allows -- gradients against the oracle's
when the values are right and otherwise against central differences of the
student's own function, float32 against the student's own float64 answer, lists
against arrays; edge cases (zeros, -inf, extreme inputs, K = 1) are judged only
when the same function answers an ordinary input right. ``elbo``, ``VAE.forward``
and ``VAE.loss`` also accept the student's own ``bernoulli_log_likelihood`` /
``kl_standard_normal`` / ``reparameterize`` / ``elbo`` outputs (a mistake there is
charged there). Every call is watched for modified inputs (``Student.call``); one
``inputs_unchanged`` check per exercise turns that into a failure.
"""
import functools
import math

import numpy as np
import scipy.special
import scipy.stats
import torch
import torch.nn.functional as F
from torch.distributions import Independent, Normal, kl_divergence

from autograder.grader_api import (CheckFailure, Checks, Handle, StudentError, TorchGenerator,
                                   as_array, as_float, close, expect_close,
                                   expect_no_side_effects, expect_true, fail, fmt,
                                   register_misconception, t64)

ASSIGNMENT = "04_vae_variational_inference"
checks = Checks(ASSIGNMENT)

EQUIVALENT_MUTANTS = {
    "log_evidence/compare-Gt-GtE/33339d2e":
        "abs(p.sum() - 1.0) never equals the float 1e-6: for sums in [0.5, 2] the difference "
        "is exact (Sterbenz) and a multiple of 2**-53, which 1e-6 (4722366482869645 * 2**-72) "
        "is not; other sums are far from 1. > and >= reject the same inputs",
    "log_evidence/number/076c505e":
        "the size test is redundant: an empty prior or q sums to 0 and is rejected by the "
        "sum-to-1 test, an empty likelihood_x by the shape test; ValueError either way",
    "train_vae/number/224fb411":
        "the minibatch size is a choice the contract leaves open ('Any minibatch size works, "
        "from 1 to the whole data set'): 65 is as valid as 64",
    "train_vae/number/29a9dc03":
        "the minibatch size is a choice the contract leaves open ('Any minibatch size works, "
        "from 1 to the whole data set'): 63 is as valid as 64",
}

F64, F32 = torch.float64, torch.float32

LOGVAR_AS_STD = "logvar-as-std"              # catalogued
KL_DIRECTION = "kl-wrong-direction"          # catalogued
ZERO_LOG_ZERO = register_misconception(
    "zero-log-zero-is-nan",
    "0 * log 0 evaluated literally (0 * -inf = nan): outcomes of probability 0 contribute "
    "nothing, because x log x -> 0 as x -> 0. Sum only over the support, p > 0.")
TENSOR_MODIFIED = register_misconception(
    "tensor-modified-in-place",
    "an input tensor was changed in place (x.add_(...), x[...] = ..., x /= ...): the caller's "
    "tensors must be left as they were, and in-place edits also break autograd. "
    "Build new tensors (y = x + ...).")
REDUCED_OVER_BATCH = register_misconception(
    "vae-reduced-over-batch",
    "one number for the whole batch instead of one per example: 'per example' means "
    "summing over the last (pixel or latent) dimension only, .sum(dim=-1), which leaves "
    "a tensor of shape (batch,). Averaging over the batch belongs in the loss, not here.")
MEAN_NOT_SUM = register_misconception(
    "vae-mean-instead-of-sum",
    "averaged over the pixels or latent dimensions instead of summing: the log-likelihood "
    "of independent coordinates is the log of a product, a sum of logs, and the KL between "
    "diagonal Gaussians is the sum of the per-coordinate KLs.")
KL_MISSING_HALF = register_misconception(
    "gaussian-kl-missing-half",
    "the factor 1/2 is missing: KL = 1/2 sum [exp(logvar) + mu^2 - 1 - logvar]; the 1/2 "
    "comes from the 1/(2 sigma^2) in the Gaussian log density.")
SIGMOID_THEN_LOG = register_misconception(
    "sigmoid-then-log",
    "probabilities computed first and logged afterwards: sigmoid(1000) is exactly 1 and "
    "sigmoid(-1000) exactly 0 in floating point, so log gives -inf and 0 * -inf gives nan; "
    "clamping them gives a finite but wrong value and a zero gradient. Work with logits: "
    "log sigmoid(l) = -softplus(-l), log(1 - sigmoid(l)) = -softplus(l) (F.logsigmoid, "
    "F.softplus or F.binary_cross_entropy_with_logits).")
LOG_LIKELIHOOD_SIGN = register_misconception(
    "vae-log-likelihood-sign",
    "the sign is flipped: the log-likelihood sum x log p + (1 - x) log(1 - p) is <= 0; the "
    "binary cross-entropy (a loss, >= 0) is its negative.")
ELBO_KL_SIGN = register_misconception(
    "elbo-kl-added",
    "the KL term was added: ELBO = E_q[log p(x|z)] - KL(q(z|x) || p(z)); the KL to the "
    "prior is a cost (the rate) and lowers the bound.")
ELBO_SIGN = register_misconception(
    "elbo-sign-flipped",
    "the ELBO and the loss are mixed up: the ELBO (a lower bound on log p(x), to be "
    "maximised) is reconstruction log-likelihood minus KL; the loss to minimise is its negative.")
ELBO_MISSING_KL = register_misconception(
    "elbo-missing-kl",
    "the KL term is missing: without - KL(q(z|x) || p(z)) the objective is a plain "
    "autoencoder's reconstruction log-likelihood, not a bound on log p(x).")
ELBO_MISSING_ENTROPY = register_misconception(
    "elbo-missing-entropy",
    "the entropy of q is missing: ELBO = E_q[log p(x, z)] - E_q[log q(z)]; without the "
    "- E_q[log q] term the best q would put all its mass on the single most likely z.")
LINEAR_SPACE_UNDERFLOW = register_misconception(
    "linear-space-underflow",
    "probabilities multiplied and summed before taking the log: products of tiny "
    "likelihoods underflow (to subnormals with few correct digits, or to 0). Work in log "
    "space: log sum_k exp(log prior_k + log lik_k) with the max-shift (logsumexp).")
HIDDEN_RANDOMNESS = register_misconception(
    "vae-hidden-randomness",
    "forward(x) with eps=None drew its own noise: the contract says z = mu when eps is "
    "None, so the same input gives the same output. Randomness enters only through an "
    "explicit eps (or a generator).")
EPS_IGNORED = register_misconception(
    "vae-eps-ignored",
    "forward(x, eps) ignored eps and decoded the mean: with eps given the code is "
    "z = mu + exp(logvar / 2) * eps.")
LOSS_SUM = register_misconception(
    "vae-loss-summed-over-batch",
    "the loss summed over the batch instead of averaging: loss(x) is the mean over the "
    "batch of the per-example negative ELBO, so its scale does not depend on the batch size.")
DECODER_PROBABILITIES = register_misconception(
    "vae-decoder-outputs-probabilities",
    "decode returned probabilities (a sigmoid at the end) instead of logits: the "
    "contract's decode gives logits, and the likelihood is computed from logits, stably.")
GLOBAL_RNG = register_misconception(
    "global-rng-instead-of-generator",
    "randomness drawn from a global generator (torch.randn / torch.randperm / np.random "
    "without the generator argument): pass generator=generator to every random call, so "
    "the same generator seed gives the same run.")
NO_SAMPLING = register_misconception(
    "vae-trained-without-sampling",
    "training without sampling z: with z = mu (e.g. model.loss(x) or forward(x) with "
    "eps=None) only the KL term acts on logvar, and it pushes every posterior variance to 1. "
    "Each step must draw eps from the generator and decode z = mu + exp(logvar/2) * eps.")
IWAE_PLAIN_MEAN = register_misconception(
    "iwae-plain-mean-of-log-weights",
    "the mean of the log weights is the K-sample estimate of the ELBO, not the IWAE bound: "
    "the IWAE averages the weights themselves inside the log, log (1/K) sum_k exp(a_k).")
IWAE_MISSING_LOG_K = register_misconception(
    "iwae-missing-log-k",
    "logsumexp without - log K: log sum_k w_k estimates log(K p(x)); the bound averages the "
    "weights, log (1/K) sum_k w_k = logsumexp(a) - log K.")
LOG_MEAN_EXP_OVERFLOW = register_misconception(
    "log-mean-exp-overflow",
    "exp taken before the log: exp(1000) overflows to inf and exp(-1000) underflows to 0. "
    "Shift by the maximum first: m + log mean exp(a - m) (torch.logsumexp does this).")


# -- inputs ------------------------------------------------------------------------

def gaussian_params(rng, b, d, scale=1.5, spread=3.0):
    """(mu, logvar) of shape (b, d), float64."""
    return t64(rng.normal(0.0, scale, (b, d))), t64(rng.uniform(-spread, spread, (b, d)))


def binary(rng, b, d):
    x = rng.integers(0, 2, (b, d)).astype(float)
    x[0, 0], x[0, -1] = 1.0, 0.0     # both values present
    return t64(x)


def dims(rng, low=2):
    return int(rng.integers(low, 7)), int(rng.integers(2, 6))


@functools.lru_cache(maxsize=1)
def _binary_digits():
    from sklearn.datasets import load_digits
    return (load_digits().data >= 8).astype(np.float32)


def digits_subset(rng, n):
    """n binarised digit images (threshold 8 of 16), float32, shape (n, 64)."""
    data = _binary_digits()
    return torch.tensor(data[rng.choice(len(data), size=n, replace=False)])


# -- oracles -----------------------------------------------------------------------

def diag_normal(mu, logvar):
    return Independent(Normal(mu, torch.exp(0.5 * logvar)), 1)


def kl_oracle(mu_q, logvar_q, mu_p, logvar_p):
    return kl_divergence(diag_normal(mu_q, logvar_q), diag_normal(mu_p, logvar_p))


def kl_prior_oracle(mu, logvar):
    return kl_oracle(mu, logvar, torch.zeros_like(mu), torch.zeros_like(logvar))


def bernoulli_oracle(x, logits):
    return -F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(-1)


def elbo_oracle(x, logits, mu, logvar):
    return bernoulli_oracle(x, logits) - kl_prior_oracle(mu, logvar)


def autograd(fn, args, wrt, upstream):
    """(value, [d sum(upstream * fn(args)) / d args[i] for i in wrt]) in float64."""
    leaves = [a.detach().clone().requires_grad_(i in wrt) for i, a in enumerate(args)]
    out = fn(*leaves)
    grads = torch.autograd.grad((out * upstream).sum(), [leaves[i] for i in wrt])
    return out.detach(), [g.detach() for g in grads]


def kl_prior_wrong_values(mu, logvar):
    """What the common mistakes give for KL(N(mu, e^logvar) || N(0, I)), per example."""
    exact = kl_prior_oracle(mu, logvar)
    d = mu.shape[-1]
    return [
        (LOGVAR_AS_STD, 0.5 * (torch.exp(2 * logvar) + mu ** 2 - 1 - 2 * logvar).sum(-1)),
        (LOGVAR_AS_STD, 0.5 * (logvar ** 2 + mu ** 2 - 1 - torch.log(logvar ** 2)).sum(-1)),
        (KL_DIRECTION, kl_oracle(torch.zeros_like(mu), torch.zeros_like(logvar), mu, logvar)),
        (KL_MISSING_HALF, 2 * exact),
        (MEAN_NOT_SUM, exact / d),
    ]


# -- helpers -----------------------------------------------------------------------

def expect_value(actual, expected, what, tol="float", wrong=(), hint=""):
    """expect_close, naming the first known mistake ``(id, value)`` the answer matches."""
    expected = np.asarray(expected, dtype=float)
    value = np.asarray(actual, dtype=float)
    if not close(value, expected, tol):
        for key, bad in wrong:
            bad = np.asarray(bad.detach() if isinstance(bad, torch.Tensor) else bad, dtype=float)
            if bad.shape == value.shape and close(value, bad, "float"):
                fail(f"{what}: got {fmt(value)}, expected {fmt(expected)}.", key)
    return expect_close(value, expected if expected.ndim else float(expected), what, tol=tol,
                        hint=hint)


def tensor_answer(value, what, shape, dtype=F64, per_example=True):
    """The student's tensor as a float64 array, after type, dtype and shape checks."""
    if not isinstance(value, torch.Tensor):
        fail(f"{what} should return a torch.Tensor, got {type(value).__name__}")
    shape, got = tuple(int(s) for s in shape), tuple(value.shape)
    if got != shape:
        if per_example and len(shape) == 1 and shape[0] > 1 and value.numel() == 1:
            fail(f"{what} returned a single number (shape {got}) for a batch of {shape[0]}; "
                 f"expected one value per example, shape {shape}.", REDUCED_OVER_BATCH)
        if per_example and len(got) == len(shape) + 1 and got[:len(shape)] == shape:
            if got[-1] == 1:
                fail(f"{what} has shape {got}: one value per example, but with an extra axis "
                     f"of size 1; return shape {shape} (sum(dim=-1) without keepdim=True).")
            fail(f"{what} has shape {got}: sum over the last dimension to get one value per "
                 f"example, shape {shape}.")
        fail(f"{what} should have shape {shape}, got {got}.")
    if value.dtype != dtype:
        fail(f"{what} returned dtype {value.dtype} for {dtype} inputs: keep the input's dtype "
             "(no torch.tensor(...) of new constants with a default dtype, no .float()).")
    return value.detach().numpy().astype(float)


def leading_samples(rng):
    """Size of the leading dimension the value checks add: (S, b, d) -> (S, b)."""
    return int(rng.integers(2, 4))


def expect_per_row_with_leading_dims(student, name, args, expected, what):
    """Inputs with an extra leading dimension, e.g. S samples per example (the IWAE's
    (K, batch, latent)): one value per row, the sum over the last dimension only."""
    got = student.call(name, *args)
    shape = tuple(expected.shape)
    if isinstance(got, torch.Tensor) and tuple(got.shape) != shape:
        fail(f"{what}: got shape {tuple(got.shape)}, expected {shape}. 'Per example' is the "
             "sum over the last dimension, .sum(dim=-1), whatever the leading dimensions: "
             "dim=1 is the last one only for two-dimensional inputs.")
    got = tensor_answer(got, what, shape, per_example=False)
    expect_close(got, expected.numpy(), what,
                 hint="Sum over the last dimension only (dim=-1).")


def call_pure(student, target, args, what):
    """Call ``target`` and fail when it modified a tensor argument in place."""
    out, after = student.call(target, *args, mutable=list(range(len(args))))
    for i, (before, now) in enumerate(zip(args, after)):
        if isinstance(before, torch.Tensor):
            same = (isinstance(now, torch.Tensor) and now.shape == before.shape
                    and torch.equal(now.to(before.dtype), before))
            if not same:
                fail(f"{what} modified its argument number {i + 1} in place.", TENSOR_MODIFIED)
    return out


def expect_value_error(student, target, *args, what):
    """expect_raises(ValueError), letting "not implemented" through as such."""
    try:
        student.call(target, *args)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        if err.is_a("ValueError"):
            return
        fail(f"{what} should raise ValueError, but raised {err.type}: {err.message}")
    fail(f"{what} should raise ValueError, but returned normally")


def expect_grads(grads, expected, names, what, tol="gradient", reference="true gradient"):
    for grad, exp, name in zip(grads, expected, names):
        if grad is None:
            fail(f"{what}: no gradient reaches {name}; the output must be computed from it "
                 "with differentiable torch operations.")
        expect_close(as_array(grad, f"gradient with respect to {name}"), exp.numpy(),
                     f"{what}: gradient with respect to {name} (compared with the {reference})",
                     tol=tol)


def known_answer(got, expected, variants=()):
    """Whether ``got`` is the right answer or one of the exercise's catalogued mistakes
    (of any shape: one number for a batch is one): those are charged, and named, by the
    exercise's value check, so its property checks may grade the student's own answers."""
    try:
        value = np.asarray(got.detach().numpy() if isinstance(got, torch.Tensor) else got,
                           dtype=float)
    except (TypeError, ValueError, RuntimeError):
        return False
    for v in [expected, *variants]:
        v = np.asarray(v.detach().numpy() if isinstance(v, torch.Tensor) else v, dtype=float)
        if v.shape == value.shape and close(value, v):
            return True
    return False


def reduced(exact):
    """One number for the whole batch (vae-reduced-over-batch): a sum or a mean."""
    return [exact.sum(), exact.mean()]


def directional_check(student, name, args, wrt, upstream, grads, names, what, directions=3):
    """The student's autograd gradients against the student's own function: along random
    directions v, (L(args + h v) - L(args - h v)) / 2h = sum_i <grad_i, v_i> for
    L = sum(upstream * f(args)). For a function whose values are a catalogued mistake:
    its gradients must be those of what it computes."""
    gen = np.random.default_rng(int(abs(float(upstream.sum())) * 1e6) % 2**32)
    for _ in range(directions):
        v = {i: t64(gen.standard_normal(tuple(args[i].shape))) for i in wrt}
        h = 1e-6 * max(1.0, max(float(args[i].abs().max()) for i in wrt))
        values = []
        for sign in (1.0, -1.0):
            moved = [a + sign * h * v[i] if i in v else a for i, a in enumerate(args)]
            try:
                out = student.call(name, *moved)
            except StudentError:
                return
            if not isinstance(out, torch.Tensor) or out.shape != upstream.shape:
                return      # not a function of the contract's shape: the value check's business
            values.append(float((upstream * out.detach().to(F64)).sum()))
        numeric = (values[0] - values[1]) / (2 * h)
        analytic = sum(float((torch.as_tensor(g, dtype=F64) * v[i]).sum())
                       for g, i in zip(grads, wrt))
        expect_true(close(analytic, numeric, "numerical"),
                    f"{what}: along a random direction the gradients give {analytic:.6g}, but "
                    f"your own {name} changes at the rate {numeric:.6g} (central differences): "
                    "autograd does not see the function you compute (a detach, NumPy, or an "
                    f"in-place edit?). Gradients with respect to {', '.join(names)}.")


IN_PLACE_ON_LEAF = ("leaf Variable that requires grad", "view of a leaf Variable")


def expect_gradients(student, name, args, wrt, upstream, values, names, what):
    """Autograd flows through the student's function and gives the derivative of what it
    computes: the oracle's gradients when the values are right (or not recognised);
    when they are a catalogued mistake (charged by the value check), the derivative of
    the student's own function. ``values(args) -> (oracle fn, variants)``."""
    oracle, variants = values(args)
    try:
        out, grads = student.vjp(name, list(args), wrt=wrt, upstream=upstream)
    except StudentError as err:
        if err.is_a("RuntimeError") and any(m in err.message for m in IN_PLACE_ON_LEAF):
            fail(f"{what}: autograd raised {err.type}: {err.message} -- an input tensor is "
                 "modified in place, so the function cannot be differentiated with respect "
                 "to it (e.g. a parameter, which requires grad).", TENSOR_MODIFIED)
        raise
    for grad, arg_name in zip(grads, names):
        if grad is None:
            fail(f"{what}: no gradient reaches {arg_name}; the output must be computed from "
                 "it with differentiable torch operations.")
    expected_value = oracle(*args)
    if not known_answer(out, expected_value) and known_answer(out, expected_value, variants):
        directional_check(student, name, list(args), wrt, upstream, grads, names,
                          what + " (your values differ from the true ones and are graded "
                          "there; here, the gradients of what you compute)")
        return
    _, expected = autograd(oracle, list(args), wrt, upstream)
    expect_grads(grads, expected, names, what + " with a random upstream gradient")


def expect_keeps_float32(student, name, args64, shape, what, values, per_example=True):
    """float32 inputs give a float32 answer equal (to float32 precision) to what the same
    function gives in float64 when that is right or a catalogued mistake; any other
    float64 answer is no reference, and the float32 one is compared with the oracle."""
    oracle, variants = values(args64)
    expected = oracle(*args64)
    own = student.call(name, *args64)
    got = student.call(name, *[a.to(F32) for a in args64])
    if isinstance(own, torch.Tensor) and known_answer(own, expected, variants):
        tensor_answer(got, what + " (float32 inputs)", own.shape, dtype=F32,
                      per_example=False)
        expect_close(as_array(got, what), own.detach().to(F64).numpy(),
                     what + " in float32, compared with your float64 answer", tol="numerical")
        return
    got = tensor_answer(got, what + " (float32 inputs)", shape, dtype=F32,
                        per_example=per_example)
    expect_close(got, expected.numpy(), what + " in float32", tol="numerical")


def expect_inputs_unchanged(student, calls, values=None):
    """``calls``: (target, args, what). Each tensor argument must be unchanged after the
    call (named as a tensor modified in place); then no call of this exercise, in any
    check, may have modified an input. With ``values`` (args -> (oracle, variants)) the
    answers must be right or a catalogued mistake: a function that does no work earns
    nothing here."""
    for target, args, what in calls:
        out = call_pure(student, target, args, what)
        if values is not None:
            oracle, variants = values(args)
            expected = oracle(*args)
            if not known_answer(out, expected, variants):
                expect_close(as_array(out, what), expected.numpy(), what)
    expect_no_side_effects(student, "inputs")


def is_known_mistake(student, target, args, expected, variants):
    """Whether the student's answer to an ordinary input is a catalogued mistake: the
    edge cases are then not judged (the value check charges the mistake, once). A right
    answer has its edge cases judged; any other answer (a function that does no work)
    fails here, with the ordinary input's feedback: edge cases are credited only to a
    function that works."""
    got = student.call(target, *args)
    if known_answer(got, expected):
        return False
    if known_answer(got, expected, variants):
        return True
    value = got.detach().numpy() if isinstance(got, torch.Tensor) else got
    expected = expected.numpy() if isinstance(expected, torch.Tensor) else expected
    expect_close(as_float(value, target) if np.ndim(expected) == 0 else as_array(value, target),
                 expected, f"{target} on an ordinary input (an edge case is credited only to "
                 "a function that works)")
    return False


# == log_evidence ==================================================================

def draw_model(rng, k=None):
    k = int(rng.integers(2, 11)) if k is None else k
    prior = rng.dirichlet(np.ones(k))
    likelihood = rng.uniform(0.01, 1.0, k) * 10.0 ** rng.uniform(-3, 0, k)
    return prior, likelihood


def log_evidence_oracle(prior, likelihood):
    with np.errstate(divide="ignore"):
        return float(scipy.special.logsumexp(np.log(prior) + np.log(likelihood)))


def log_evidence_mistaken(student, rng, k):
    """Whether log_evidence gives a catalogued mistake on an ordinary model of k latent
    values (then its edge cases are not judged: the value check charges the mistake)."""
    prior, likelihood = draw_model(rng, k)
    expected = log_evidence_oracle(prior, likelihood)
    return is_known_mistake(student, "log_evidence", (prior, likelihood), expected,
                            [expected / math.log(2)])


@checks("log_evidence", points=0.5)
def test_log_evidence_matches_logsumexp(student, rng):
    prior, likelihood = draw_model(rng)
    expected = log_evidence_oracle(prior, likelihood)
    got = student.call("log_evidence", prior, likelihood)
    expect_close(as_float(got, "log_evidence"), expected,
                 f"log_evidence(prior={fmt(prior)}, likelihood_x={fmt(likelihood)})",
                 misconceptions={"natural-log-instead-of-bits": expected / math.log(2)})


@checks("log_evidence", points=0.25)
def test_log_evidence_prior_with_zeros(student, rng):
    # latent values of prior probability 0 cannot have produced anything: log 0 = -inf
    # terms drop out of the logsumexp
    k = int(rng.integers(3, 9))
    if log_evidence_mistaken(student, rng, k):
        return
    prior, likelihood = draw_model(rng, k)
    prior[rng.choice(k, size=2, replace=False)] = 0.0
    prior /= prior.sum()
    got = as_float(student.call("log_evidence", prior, likelihood), "log_evidence")
    expect_close(got, log_evidence_oracle(prior, likelihood),
                 f"log_evidence(prior={fmt(prior)}, likelihood_x={fmt(likelihood)}) "
                 "(a prior with zeros)")


@checks("log_evidence", points=0.25)
def test_log_evidence_stable_for_tiny_likelihoods(student, rng):
    k = int(rng.integers(3, 9))
    if log_evidence_mistaken(student, rng, k):
        return
    for _ in range(2):
        prior = rng.dirichlet(np.ones(k))
        likelihood = 10.0 ** rng.uniform(-323, -321, k)      # subnormal: a few significant bits
        expected = log_evidence_oracle(prior, likelihood)
        with np.errstate(all="ignore"):
            naive = float(np.log(np.sum(prior * likelihood)))
        got = as_float(student.call("log_evidence", prior, likelihood), "log_evidence")
        what = (f"log_evidence with likelihoods between 1e-323 and 1e-321 "
                f"(prior={fmt(prior)}, likelihood_x={fmt(likelihood)})")
        if not close(got, expected) and (close(got, naive) or got == -math.inf):
            fail(f"{what}: got {fmt(got)}, expected {fmt(expected)}.", LINEAR_SPACE_UNDERFLOW)
        expect_close(got, expected, what, hint="Compute in log space (logsumexp).")


@checks("log_evidence", points=0.25)
def test_log_evidence_impossible_x_is_minus_inf(student, rng):
    # the latent values that could produce x have prior probability 0
    k = int(rng.integers(3, 9))
    if log_evidence_mistaken(student, rng, k):
        return
    prior = rng.dirichlet(np.ones(k))
    prior[: k // 2] = 0.0
    prior /= prior.sum()
    likelihood = rng.uniform(0.1, 1.0, k)
    likelihood[k // 2:] = 0.0
    got = as_float(student.call("log_evidence", prior, likelihood), "log_evidence")
    expect_true(got == -math.inf,
                f"log_evidence(prior={fmt(prior)}, likelihood_x={fmt(likelihood)}): got {fmt(got)}, "
                "expected -inf (prior * likelihood = 0 for every z: x cannot be produced).")


@checks("log_evidence", points=0.25)
def test_log_evidence_rejects_invalid_input(student, rng):
    expect_working_log_evidence(student, rng)
    prior, likelihood = draw_model(rng, k=int(rng.integers(3, 8)))
    bad_sum = prior * 1.1
    negative = prior.copy()
    negative[0], negative[1] = -0.1, negative[1] + 0.1 + negative[0]
    cases = [
        ((bad_sum, likelihood), "a prior that sums to 1.1"),
        ((negative, likelihood), "a prior with a negative entry (summing to 1)"),
        ((prior, likelihood[:-1]), "a likelihood_x shorter than the prior"),
        ((prior, -likelihood), "a negative likelihood_x"),
        ((prior, np.full_like(likelihood, np.nan)), "a likelihood_x of nan"),
        ((prior[None, :], likelihood[None, :]),
         "a prior and a likelihood_x of shape (1, K) (two-dimensional, not one-dimensional)"),
    ]
    for args, what in cases:
        expect_value_error(student, "log_evidence", *args, what=f"log_evidence of {what}")
    # the smallest valid model, one latent value (prior [1.0]), is not invalid input
    lik = float(likelihood[0])
    what = f"log_evidence(prior=[1.0], likelihood_x=[{lik:.6g}]) (one latent value: a valid PMF)"
    try:
        got = student.call("log_evidence", np.array([1.0]), np.array([lik]))
    except StudentError as err:
        if err.is_a("ValueError"):
            fail(f"{what} raised ValueError: {err.message}. A prior with a single latent value "
                 "is a valid PMF (non-negative, sums to 1): only invalid input is rejected.")
        raise
    expect_close(as_float(got, "log_evidence"), math.log(lik), what)


def expect_same_number(got, own, expected, variants, what, reference):
    """A number graded on the student's own answer to the same question when that is
    right or a catalogued mistake; otherwise compared with the oracle."""
    got = as_float(got, what)
    if known_answer(own, expected, variants):
        own = float(np.asarray(own, dtype=float).reshape(()))
        expect_true(close(got, own, "float"),
                    f"{what}: got {fmt(got)}, but {reference} gives {fmt(own)}.")
    else:
        expect_close(got, expected, what)


def expect_working_number(student, target, args, expected, variants, what):
    """A property check (inputs unchanged, invalid input rejected) credits a function
    that does the work: right, or a catalogued mistake (charged by the value check)."""
    got = student.call(target, *args)
    if not known_answer(got, expected, variants):
        expect_close(as_float(got, what), expected, what)


@checks("log_evidence", points=0.25)
def test_log_evidence_accepts_lists(student, rng):
    prior, likelihood = draw_model(rng)
    own = student.call("log_evidence", prior, likelihood)
    expected = log_evidence_oracle(prior, likelihood)
    expect_same_number(student.call("log_evidence", prior.tolist(), likelihood.tolist()), own,
                       expected, [expected / math.log(2)],
                       "log_evidence with prior and likelihood_x given as lists",
                       "the same call with NumPy arrays")


@checks("log_evidence", points=0.25)
def test_log_evidence_inputs_unchanged(student, rng):
    expect_working_log_evidence(student, rng)
    expect_no_side_effects(student, "inputs")


def expect_working_log_evidence(student, rng):
    prior, likelihood = draw_model(rng)
    expected = log_evidence_oracle(prior, likelihood)
    expect_working_number(student, "log_evidence", (prior, likelihood), expected,
                          [expected / math.log(2)], f"log_evidence(prior={fmt(prior)}, "
                          f"likelihood_x={fmt(likelihood)})")


# == discrete_elbo =================================================================

def discrete_elbo_oracle(q, prior, likelihood):
    with np.errstate(divide="ignore", invalid="ignore"):
        s = q > 0
        return float(np.sum(q[s] * (np.log(prior[s]) + np.log(likelihood[s]) - np.log(q[s]))))


def discrete_elbo_variants(q, prior, likelihood):
    with np.errstate(divide="ignore"):
        return [(ELBO_MISSING_ENTROPY, np.sum(q * (np.log(prior) + np.log(likelihood)))),
                (KL_DIRECTION, np.sum(q * np.log(likelihood)) - scipy.stats.entropy(prior, q)),
                ("natural-log-instead-of-bits",
                 discrete_elbo_oracle(q, prior, likelihood) / math.log(2))]


def discrete_elbo_mistaken(student, rng, k):
    """Whether discrete_elbo gives a catalogued mistake on an ordinary model of k latent
    values (then its edge cases are not judged: the value check charges the mistake)."""
    prior, likelihood = draw_model(rng, k)
    q = rng.dirichlet(np.ones(k))
    return is_known_mistake(student, "discrete_elbo", (q, prior, likelihood),
                            discrete_elbo_oracle(q, prior, likelihood),
                            [v for _, v in discrete_elbo_variants(q, prior, likelihood)])


@checks("discrete_elbo", points=1.5)
def test_discrete_elbo_matches_closed_form_and_bounds_log_evidence(student, rng):
    prior, likelihood = draw_model(rng)
    q = rng.dirichlet(np.ones(len(prior)))
    expected = discrete_elbo_oracle(q, prior, likelihood)
    wrong = discrete_elbo_variants(q, prior, likelihood)
    got = as_float(student.call("discrete_elbo", q, prior, likelihood), "discrete_elbo")
    expect_value(got, expected, f"discrete_elbo(q={fmt(q)}, prior={fmt(prior)}, "
                                f"likelihood_x={fmt(likelihood)})", wrong=wrong)
    # the same value through the identity log p(x) = ELBO(q) + KL(q || posterior)
    log_px = log_evidence_oracle(prior, likelihood)
    posterior = np.exp(np.log(prior) + np.log(likelihood) - log_px)
    got = as_float(student.call("discrete_elbo", posterior, prior, likelihood), "discrete_elbo")
    expect_close(got, log_px, f"discrete_elbo at q = the exact posterior {fmt(posterior)} "
                              "(the bound is tight there: ELBO = log p(x))")
    for _ in range(2):
        q = rng.dirichlet(np.full(len(prior), 0.7))
        got = as_float(student.call("discrete_elbo", q, prior, likelihood), "discrete_elbo")
        what = f"discrete_elbo(q={fmt(q)}, prior={fmt(prior)}, likelihood_x={fmt(likelihood)})"
        expect_true(got <= log_px + 1e-12,
                    f"{what} = {fmt(got)} exceeds log p(x) = {fmt(log_px)}: the ELBO is a lower bound.")
        kl = scipy.stats.entropy(q, posterior)
        expect_close(log_px - got, kl, f"the gap log p(x) - {what}",
                     hint="The gap must equal KL(q || posterior).")


@checks("discrete_elbo", points=0.25)
def test_discrete_elbo_stable_for_tiny_likelihoods(student, rng):
    # whole-image likelihoods are tiny: still exact, term by term in log space
    k = int(rng.integers(2, 11))
    if discrete_elbo_mistaken(student, rng, k):
        return
    prior, _ = draw_model(rng, k)
    q = rng.dirichlet(np.ones(k))
    likelihood = 10.0 ** rng.uniform(-323, -300, k)
    expected = discrete_elbo_oracle(q, prior, likelihood)
    got = as_float(student.call("discrete_elbo", q, prior, likelihood), "discrete_elbo")
    what = f"discrete_elbo with likelihoods between 1e-323 and 1e-300 ({fmt(likelihood)})"
    if not np.isfinite(got):
        fail(f"{what}: got {fmt(got)}, expected {fmt(expected)}.", LINEAR_SPACE_UNDERFLOW)
    expect_close(got, expected, what, hint="Take the logs of prior and likelihood separately.")


@checks("discrete_elbo", points=0.25)
def test_discrete_elbo_zeros_in_q(student, rng):
    # q = 0 exactly where prior * likelihood = 0 (the exact posterior): 0 log 0 = 0
    k = int(rng.integers(4, 9))
    if discrete_elbo_mistaken(student, rng, k):
        return
    prior, likelihood = draw_model(rng, k)
    prior[0] = 0.0
    prior /= prior.sum()
    likelihood[1] = 0.0
    log_px = log_evidence_oracle(prior, likelihood)
    posterior = prior * likelihood / np.exp(log_px)          # zeros at 0 and 1
    got = as_float(student.call("discrete_elbo", posterior, prior, likelihood), "discrete_elbo")
    what = (f"discrete_elbo at the exact posterior {fmt(posterior)} (prior={fmt(prior)}, "
            f"likelihood_x={fmt(likelihood)}), where q = 0 exactly where prior * likelihood = 0")
    if math.isnan(got):
        fail(f"{what}: got nan, expected {fmt(log_px)}.", ZERO_LOG_ZERO)
    expect_close(got, log_px, what)


@checks("discrete_elbo", points=0.25)
def test_discrete_elbo_support_mismatch_is_minus_inf(student, rng):
    # q > 0 everywhere, but the prior (or the likelihood) is 0 somewhere
    k = int(rng.integers(4, 9))
    if discrete_elbo_mistaken(student, rng, k):
        return
    prior, likelihood = draw_model(rng, k)
    prior[0] = 0.0
    prior /= prior.sum()
    likelihood[1] = 0.0
    q = rng.dirichlet(np.ones(k))
    got = as_float(student.call("discrete_elbo", q, prior, likelihood), "discrete_elbo")
    expect_true(got == -math.inf,
                f"discrete_elbo(q={fmt(q)}, prior={fmt(prior)}, likelihood_x={fmt(likelihood)}): "
                f"got {fmt(got)}, expected -inf (q > 0 where prior * likelihood = 0).",
                ZERO_LOG_ZERO if math.isnan(got) else None)


@checks("discrete_elbo", points=0.25)
def test_discrete_elbo_rejects_invalid_pmfs(student, rng):
    expect_working_discrete_elbo(student, rng)
    prior, likelihood = draw_model(rng, k=int(rng.integers(3, 8)))
    q = rng.dirichlet(np.ones(len(prior)))
    negative = q.copy()
    negative[0], negative[1] = -0.05, negative[1] + 0.05 + negative[0]
    cases = [
        ((q * 0.9, prior, likelihood), "a q summing to 0.9"),
        ((negative, prior, likelihood), "a q with a negative entry"),
        ((q, prior * 1.2, likelihood), "a prior summing to 1.2"),
        ((q[:-1] / q[:-1].sum(), prior, likelihood), "a q shorter than the prior"),
        ((q, prior, -likelihood), "a negative likelihood_x"),
    ]
    for args, what in cases:
        expect_value_error(student, "discrete_elbo", *args, what=f"discrete_elbo of {what}")


@checks("discrete_elbo", points=0.25)
def test_discrete_elbo_accepts_lists(student, rng):
    prior, likelihood = draw_model(rng)
    q = rng.dirichlet(np.ones(len(prior)))
    own = student.call("discrete_elbo", q, prior, likelihood)
    expect_same_number(student.call("discrete_elbo", q.tolist(), prior.tolist(),
                                    likelihood.tolist()), own,
                       discrete_elbo_oracle(q, prior, likelihood),
                       [v for _, v in discrete_elbo_variants(q, prior, likelihood)],
                       "discrete_elbo with q, prior and likelihood_x given as lists",
                       "the same call with NumPy arrays")


@checks("discrete_elbo", points=0.25)
def test_discrete_elbo_inputs_unchanged(student, rng):
    expect_working_discrete_elbo(student, rng)
    expect_no_side_effects(student, "inputs")


def expect_working_discrete_elbo(student, rng):
    prior, likelihood = draw_model(rng)
    q = rng.dirichlet(np.ones(len(prior)))
    expect_working_number(student, "discrete_elbo", (q, prior, likelihood),
                          discrete_elbo_oracle(q, prior, likelihood),
                          [v for _, v in discrete_elbo_variants(q, prior, likelihood)],
                          f"discrete_elbo(q={fmt(q)}, prior={fmt(prior)}, "
                          f"likelihood_x={fmt(likelihood)})")


# == reparameterize ================================================================

def reparameterize_oracle(mu, logvar, eps):
    return mu + torch.exp(0.5 * logvar) * eps


def reparameterize_values(args):
    mu, logvar, eps = args
    return reparameterize_oracle, [mu + logvar * eps, mu + torch.exp(logvar) * eps]


@checks("reparameterize", points=0.75)
def test_reparameterize_matches_closed_form(student, rng):
    b, d = dims(rng)
    mu, logvar = gaussian_params(rng, b, d)
    eps = t64(rng.standard_normal((b, d)))
    what = f"reparameterize(mu, logvar, eps) for shape ({b}, {d}), mu={fmt(mu)}, logvar={fmt(logvar)}"
    got = tensor_answer(student.call("reparameterize", mu, logvar, eps), what, (b, d),
                        per_example=False)
    expected = reparameterize_oracle(mu, logvar, eps)
    expect_value(got, expected.numpy(), what, wrong=[
        (LOGVAR_AS_STD, mu + logvar * eps), (LOGVAR_AS_STD, mu + torch.exp(logvar) * eps)],
        hint="z = mu + exp(logvar / 2) * eps.")


@checks("reparameterize", points=0.25)
def test_reparameterize_zero_noise_gives_mu(student, rng):
    d = int(rng.integers(1, 5))
    mu, logvar = gaussian_params(rng, 1, d)
    ordinary = (mu, logvar, t64(rng.standard_normal((1, d))))
    oracle, variants = reparameterize_values(ordinary)
    if is_known_mistake(student, "reparameterize", ordinary, oracle(*ordinary), variants):
        return
    what = f"reparameterize on a batch of one, shape (1, {d}), with eps = 0"
    zero = tensor_answer(student.call("reparameterize", mu, logvar, torch.zeros_like(mu)),
                         what, (1, d), per_example=False)
    expect_close(zero, mu.numpy(), what + " (z must be mu)")


@checks("reparameterize", points=0.5)
def test_reparameterize_gradients_flow_through_the_sample(student, rng):
    # the contract: differentiable in mu and logvar (eps is noise, not a parameter)
    b, d = dims(rng)
    mu, logvar = gaussian_params(rng, b, d)
    eps = t64(rng.standard_normal((b, d)))
    expect_gradients(student, "reparameterize", (mu, logvar, eps), (0, 1),
                     t64(rng.standard_normal((b, d))), reparameterize_values, ("mu", "logvar"),
                     f"reparameterize on shape ({b}, {d})")


@checks("reparameterize", points=0.25)
def test_reparameterize_keeps_float32(student, rng):
    b, d = dims(rng, low=1)
    mu, logvar = gaussian_params(rng, b, d)
    expect_keeps_float32(student, "reparameterize", (mu, logvar, t64(rng.standard_normal((b, d)))),
                         (b, d), f"reparameterize on shape ({b}, {d})", reparameterize_values,
                         per_example=False)


@checks("reparameterize", points=0.25)
def test_reparameterize_inputs_unchanged(student, rng):
    b, d = dims(rng)
    mu, logvar = gaussian_params(rng, b, d)
    expect_inputs_unchanged(student, [("reparameterize", (mu, logvar, t64(rng.standard_normal(
        (b, d)))), f"reparameterize on shape ({b}, {d})")], reparameterize_values)


# == kl_standard_normal ============================================================

def kl_standard_normal_values(args):
    exact = kl_prior_oracle(*args)
    return kl_prior_oracle, [v for _, v in kl_prior_wrong_values(*args)] + reduced(exact)


def kl_standard_normal_mistaken(student, rng, b, d):
    args = gaussian_params(rng, b, d)
    oracle, variants = kl_standard_normal_values(args)
    return is_known_mistake(student, "kl_standard_normal", args, oracle(*args), variants)


@checks("kl_standard_normal", points=0.75)
def test_kl_standard_normal_matches_torch_distributions(student, rng):
    b, d = dims(rng)
    mu, logvar = gaussian_params(rng, b, d)
    what = f"kl_standard_normal(mu={fmt(mu)}, logvar={fmt(logvar)})"
    got = tensor_answer(student.call("kl_standard_normal", mu, logvar), what, (b,))
    expect_value(got, kl_prior_oracle(mu, logvar).numpy(), what,
                 wrong=kl_prior_wrong_values(mu, logvar))
    s = leading_samples(rng)
    mu, logvar = (t.reshape(s, b, d) for t in gaussian_params(rng, s * b, d))
    expect_per_row_with_leading_dims(
        student, "kl_standard_normal", (mu, logvar), kl_prior_oracle(mu, logvar),
        f"kl_standard_normal on shape ({s}, {b}, {d}) (a leading dimension of {s} samples)")


@checks("kl_standard_normal", points=0.25)
def test_kl_standard_normal_zero_at_the_prior(student, rng):
    b, d = dims(rng)
    if kl_standard_normal_mistaken(student, rng, b, d):
        return
    zeros = torch.zeros(b, d, dtype=F64)
    got = tensor_answer(student.call("kl_standard_normal", zeros, zeros),
                        f"kl_standard_normal at mu = 0, logvar = 0 (shape ({b}, {d}))", (b,))
    expect_close(got, np.zeros(b), "kl_standard_normal at mu = 0, logvar = 0 (q = prior)")


@checks("kl_standard_normal", points=0.25)
def test_kl_standard_normal_stable_at_extremes(student, rng):
    if kl_standard_normal_mistaken(student, rng, 2, 1):
        return
    mu = t64([[rng.choice([-1.0, 1.0]) * rng.uniform(100, 1000)]])
    for lv in (-20.0, 20.0):
        logvar = t64([[lv]])
        what = f"kl_standard_normal on a batch of one, D = 1, mu = {fmt(mu)}, logvar = {lv:g}"
        got = tensor_answer(student.call("kl_standard_normal", mu, logvar), what, (1,))
        expect_close(got, kl_prior_oracle(mu, logvar).numpy(), what)


@checks("kl_standard_normal", points=0.25)
def test_kl_standard_normal_gradients(student, rng):
    b, d = dims(rng)
    mu, logvar = gaussian_params(rng, b, d)
    expect_gradients(student, "kl_standard_normal", (mu, logvar), (0, 1),
                     t64(rng.standard_normal(b)), kl_standard_normal_values, ("mu", "logvar"),
                     f"kl_standard_normal on shape ({b}, {d})")


@checks("kl_standard_normal", points=0.25)
def test_kl_standard_normal_keeps_float32(student, rng):
    b, d = dims(rng)
    expect_keeps_float32(student, "kl_standard_normal", gaussian_params(rng, b, d), (b,),
                         f"kl_standard_normal on shape ({b}, {d})", kl_standard_normal_values)


@checks("kl_standard_normal", points=0.25)
def test_kl_standard_normal_inputs_unchanged(student, rng):
    b, d = dims(rng)
    expect_inputs_unchanged(student, [("kl_standard_normal", gaussian_params(rng, b, d),
                                       f"kl_standard_normal on shape ({b}, {d})")],
                            kl_standard_normal_values)


# == gaussian_kl ===================================================================

def kl_pair(rng, b, d):
    return [*gaussian_params(rng, b, d), *gaussian_params(rng, b, d, scale=1.0, spread=2.0)]


@checks("gaussian_kl", points=1.5)
def test_gaussian_kl_matches_torch_distributions(student, rng):
    b, d = dims(rng)
    mu_q, lv_q, mu_p, lv_p = kl_pair(rng, b, d)
    what = (f"gaussian_kl(mu_q={fmt(mu_q)}, logvar_q={fmt(lv_q)}, mu_p={fmt(mu_p)}, "
            f"logvar_p={fmt(lv_p)})")
    got = tensor_answer(student.call("gaussian_kl", mu_q, lv_q, mu_p, lv_p), what, (b,))
    exact = kl_oracle(mu_q, lv_q, mu_p, lv_p)
    as_std = kl_divergence(Independent(Normal(mu_q, torch.exp(lv_q)), 1),
                           Independent(Normal(mu_p, torch.exp(lv_p)), 1))
    expect_value(got, exact.numpy(), what, wrong=[
        (KL_DIRECTION, kl_oracle(mu_p, lv_p, mu_q, lv_q)),
        (LOGVAR_AS_STD, as_std),
        (KL_MISSING_HALF, 2 * exact),
        (MEAN_NOT_SUM, exact / d)])
    s = leading_samples(rng)
    args = [t.reshape(s, b, d) for t in kl_pair(rng, s * b, d)]
    expect_per_row_with_leading_dims(
        student, "gaussian_kl", args, kl_oracle(*args),
        f"gaussian_kl on shape ({s}, {b}, {d}) (a leading dimension of {s} samples)")


def gaussian_kl_values(args):
    mu_q, lv_q, mu_p, lv_p = args
    exact = kl_oracle(*args)
    as_std = kl_divergence(Independent(Normal(mu_q, torch.exp(lv_q)), 1),
                           Independent(Normal(mu_p, torch.exp(lv_p)), 1))
    return kl_oracle, [kl_oracle(mu_p, lv_p, mu_q, lv_q), as_std, 2 * exact,
                       exact / mu_q.shape[-1]] + reduced(exact)


def gaussian_kl_mistaken(student, rng, b, d):
    args = kl_pair(rng, b, d)
    oracle, variants = gaussian_kl_values(args)
    return is_known_mistake(student, "gaussian_kl", args, oracle(*args), variants)


@checks("gaussian_kl", points=0.25)
def test_gaussian_kl_zero_for_equal_distributions(student, rng):
    b, d = dims(rng)
    if gaussian_kl_mistaken(student, rng, b, d):
        return
    mu, logvar = gaussian_params(rng, b, d)
    what = f"gaussian_kl(q, q) for q with mu={fmt(mu)}, logvar={fmt(logvar)}"
    got = tensor_answer(student.call("gaussian_kl", mu, logvar, mu.clone(), logvar.clone()),
                        what, (b,))
    expect_close(got, np.zeros(b), what)


@checks("gaussian_kl", points=0.25)
def test_gaussian_kl_standard_normal_special_case(student, rng):
    b, d = dims(rng)
    if gaussian_kl_mistaken(student, rng, b, d):
        return
    mu, logvar = gaussian_params(rng, b, d)
    zeros = torch.zeros(b, d, dtype=F64)
    what = f"gaussian_kl(mu, logvar, 0, 0) for mu={fmt(mu)}, logvar={fmt(logvar)}"
    got = tensor_answer(student.call("gaussian_kl", mu, logvar, zeros, zeros), what, (b,))
    closed_form = 0.5 * (torch.exp(logvar) + mu ** 2 - 1 - logvar).sum(-1)
    expect_close(got, closed_form.numpy(), what + " (KL to the standard normal prior)")


@checks("gaussian_kl", points=0.5)
def test_gaussian_kl_gradients(student, rng):
    b, d = dims(rng)
    expect_gradients(student, "gaussian_kl", kl_pair(rng, b, d), (0, 1, 2, 3),
                     t64(rng.standard_normal(b)), gaussian_kl_values,
                     ("mu_q", "logvar_q", "mu_p", "logvar_p"), f"gaussian_kl on shape ({b}, {d})")


@checks("gaussian_kl", points=0.25)
def test_gaussian_kl_keeps_float32(student, rng):
    b, d = dims(rng)
    expect_keeps_float32(student, "gaussian_kl", kl_pair(rng, b, d), (b,),
                         f"gaussian_kl on shape ({b}, {d})", gaussian_kl_values)


@checks("gaussian_kl", points=0.25)
def test_gaussian_kl_inputs_unchanged(student, rng):
    b, d = dims(rng)
    expect_inputs_unchanged(student, [("gaussian_kl", kl_pair(rng, b, d),
                                       f"gaussian_kl on shape ({b}, {d})")], gaussian_kl_values)


# == bernoulli_log_likelihood ======================================================

def bernoulli_values(args):
    x, logits = args
    exact = bernoulli_oracle(x, logits)
    d = x.shape[-1]
    return bernoulli_oracle, [-exact, exact / d, -exact / d] + reduced(exact)


@checks("bernoulli_log_likelihood", points=1)
def test_bernoulli_log_likelihood_matches_bce_with_logits(student, rng):
    b, d = dims(rng)
    x, logits = binary(rng, b, d), t64(rng.normal(0.0, 3.0, (b, d)))
    what = f"bernoulli_log_likelihood(x={fmt(x)}, logits={fmt(logits)})"
    got = tensor_answer(student.call("bernoulli_log_likelihood", x, logits), what, (b,))
    exact = bernoulli_oracle(x, logits)
    expect_value(got, exact.numpy(), what, wrong=[
        (LOG_LIKELIHOOD_SIGN, -exact), (MEAN_NOT_SUM, exact / d),
        (LOG_LIKELIHOOD_SIGN, -exact / d)])
    s = leading_samples(rng)
    x = binary(rng, s * b, d).reshape(s, b, d)
    logits = t64(rng.normal(0.0, 3.0, (s, b, d)))
    expect_per_row_with_leading_dims(
        student, "bernoulli_log_likelihood", (x, logits), bernoulli_oracle(x, logits),
        f"bernoulli_log_likelihood on shape ({s}, {b}, {d}) (a leading dimension of {s} samples)")


@checks("bernoulli_log_likelihood", points=1)
def test_bernoulli_log_likelihood_stable_for_large_logits(student, rng):
    # the large-logit property: finite, and the exact value and gradient unless the same
    # pixels with moderate logits give a catalogued mistake (the value check's business);
    # a non-finite answer is this check's in any case.
    b, d = int(rng.integers(2, 5)), int(rng.integers(2, 6))
    x = binary(rng, b, d)
    logits = t64(rng.uniform(200, 1000, (b, d)) * rng.choice([-1.0, 1.0], (b, d)))
    logits[0, 0], logits[0, -1] = abs(logits[0, 0]), abs(logits[0, -1])  # one right, one wrong
    oracle, variants = bernoulli_values((x, logits / 100.0))
    mistaken = is_known_mistake(student, "bernoulli_log_likelihood", (x, logits / 100.0),
                                oracle(x, logits / 100.0), variants)
    g = t64(rng.uniform(0.5, 2.0, b))
    out, grads = student.vjp("bernoulli_log_likelihood", [x, logits], wrt=(1,), upstream=g)
    what = f"bernoulli_log_likelihood with |logits| between 200 and 1000 (logits={fmt(logits)}, x={fmt(x)})"
    got = as_array(out, what)
    expected = bernoulli_oracle(x, logits).numpy()
    if not np.all(np.isfinite(got)):
        fail(f"{what}: got {fmt(got)}, expected {fmt(expected)} (finite).", SIGMOID_THEN_LOG)
    grad = grads[0]
    if grad is not None and not np.all(np.isfinite(grad.numpy())):
        fail(f"{what}: the gradient with respect to the logits is not finite: "
             f"{fmt(grad.numpy())}.", SIGMOID_THEN_LOG)
    if mistaken:
        return
    got = tensor_answer(out, what, (b,))
    if not close(got, expected):
        fail(f"{what}: got {fmt(got)}, expected {fmt(expected)}: a confidently wrong pixel "
             "costs |logit| nats.", SIGMOID_THEN_LOG)
    expected_grad = (g[:, None] * (x - torch.sigmoid(logits))).numpy()
    if grad is None or not close(grad.numpy(), expected_grad, "gradient"):
        fail(f"{what}: the gradient with respect to the logits should be upstream * (x - "
             f"sigmoid(logits)) = {fmt(expected_grad)}, got "
             f"{'None' if grad is None else fmt(grad.numpy())}.", SIGMOID_THEN_LOG)


@checks("bernoulli_log_likelihood", points=0.5)
def test_bernoulli_log_likelihood_gradients(student, rng):
    b, d = dims(rng)
    x, logits = binary(rng, b, d), t64(rng.normal(0.0, 3.0, (b, d)))
    expect_gradients(student, "bernoulli_log_likelihood", (x, logits), (1,),
                     t64(rng.standard_normal(b)), bernoulli_values, ("logits",),
                     f"bernoulli_log_likelihood on shape ({b}, {d})")


@checks("bernoulli_log_likelihood", points=0.25)
def test_bernoulli_log_likelihood_keeps_float32(student, rng):
    b, d = dims(rng)
    expect_keeps_float32(student, "bernoulli_log_likelihood",
                         (binary(rng, b, d), t64(rng.normal(0.0, 3.0, (b, d)))), (b,),
                         f"bernoulli_log_likelihood on shape ({b}, {d})", bernoulli_values)


@checks("bernoulli_log_likelihood", points=0.25)
def test_bernoulli_log_likelihood_inputs_unchanged(student, rng):
    b, d = dims(rng)
    expect_inputs_unchanged(student, [("bernoulli_log_likelihood", (
        binary(rng, b, d), t64(rng.normal(0.0, 3.0, (b, d)))),
        f"bernoulli_log_likelihood on shape ({b}, {d})")], bernoulli_values)


# == elbo ==========================================================================

def elbo_inputs(rng, b=None):
    b = int(rng.integers(2, 7)) if b is None else b
    d, latent = int(rng.integers(3, 9)), int(rng.integers(1, 4))
    x, logits = binary(rng, b, d), t64(rng.normal(0.0, 2.0, (b, d)))
    mu, logvar = gaussian_params(rng, b, latent, scale=1.0, spread=2.0)
    return [x, logits, mu, logvar]


def own_elbo(student, x, logits, mu, logvar):
    """bernoulli_log_likelihood - kl_standard_normal from the student's own functions
    (arguments returned, so their side effects stay in their own exercises), when both
    work (right or a catalogued mistake, charged in their exercises), else None."""
    try:
        recon, _ = student.call("bernoulli_log_likelihood", x, logits, mutable=[0, 1])
        kl, _ = student.call("kl_standard_normal", mu, logvar, mutable=[0, 1])
        for got, (oracle, variants), args in ((recon, bernoulli_values((x, logits)), (x, logits)),
                                              (kl, kl_standard_normal_values((mu, logvar)),
                                               (mu, logvar))):
            if not known_answer(got, oracle(*args), variants):
                return None
        return (recon - kl).detach().numpy()
    except (StudentError, TypeError, AttributeError, RuntimeError):
        return None


def elbo_variants(x, logits, mu, logvar):
    recon, kl = bernoulli_oracle(x, logits), kl_prior_oracle(mu, logvar)
    return [(ELBO_KL_SIGN, recon + kl), (ELBO_SIGN, kl - recon), (ELBO_MISSING_KL, recon),
            *[(key, recon - value) for key, value in kl_prior_wrong_values(mu, logvar)]]


def elbo_values(student):
    """(oracle, variants) for elbo: the catalogued mistakes, and the student's own
    bernoulli_log_likelihood - kl_standard_normal (a mistake there is charged there)."""
    def values(args):
        own = own_elbo(student, *args)
        exact = elbo_oracle(*args)
        return elbo_oracle, [v for _, v in elbo_variants(*args)] + reduced(exact) + \
            ([] if own is None else [own])
    return values


@checks("elbo", points=1)
def test_elbo_matches_reconstruction_minus_kl(student, rng):
    args = elbo_inputs(rng)
    x, logits, mu, logvar = args
    what = f"elbo(x, logits, mu, logvar) with x of shape {tuple(x.shape)}, mu of shape {tuple(mu.shape)}"
    got = tensor_answer(student.call("elbo", *args), what, (x.shape[0],))
    recon, kl = bernoulli_oracle(x, logits), kl_prior_oracle(mu, logvar)
    if not close(got, (recon - kl).numpy()):
        own = own_elbo(student, *args)
        if own is not None and own.shape == got.shape and close(got, own):
            return      # your own bernoulli_log_likelihood - kl_standard_normal: graded there
    expect_value(got, (recon - kl).numpy(), what, wrong=elbo_variants(*args),
                 hint="ELBO = bernoulli_log_likelihood(x, logits) - kl_standard_normal(mu, logvar).")


@checks("elbo", points=0.5)
def test_elbo_gradients(student, rng):
    args = elbo_inputs(rng, b=int(rng.choice([1, 3, 5])))
    b = args[0].shape[0]
    expect_gradients(student, "elbo", args, (1, 2, 3), t64(rng.standard_normal(b)),
                     elbo_values(student), ("logits", "mu", "logvar"), f"elbo on a batch of {b}")


@checks("elbo", points=0.25)
def test_elbo_keeps_float32(student, rng):
    args = elbo_inputs(rng)
    expect_keeps_float32(student, "elbo", args, (args[0].shape[0],),
                         f"elbo on a batch of {args[0].shape[0]}", elbo_values(student))


@checks("elbo", points=0.25)
def test_elbo_inputs_unchanged(student, rng):
    args = elbo_inputs(rng)
    expect_inputs_unchanged(student, [("elbo", args, f"elbo on a batch of {args[0].shape[0]}")],
                            elbo_values(student))


# == VAE ===========================================================================

def build_vae(student, rng, input_dim=None, hidden_dim=None, latent_dim=None):
    """The student's VAE with random sizes, seeded, converted to float64."""
    input_dim = int(rng.integers(5, 17)) if input_dim is None else input_dim
    hidden_dim = int(rng.integers(4, 17)) if hidden_dim is None else hidden_dim
    latent_dim = int(rng.integers(1, 4)) if latent_dim is None else latent_dim
    student.probe("manual_seed", int(rng.integers(2**31)))
    model = student.call("VAE", input_dim, hidden_dim, latent_dim)
    if not isinstance(model, Handle):
        fail(f"VAE({input_dim}, {hidden_dim}, {latent_dim}) should create a torch.nn.Module, "
             f"got {type(model).__name__}")
    model = student.method(model, "double")
    return model, f"VAE({input_dim}, {hidden_dim}, {latent_dim})", input_dim, latent_dim


def tensors(value, count, what):
    if not isinstance(value, (tuple, list)) or len(value) != count:
        fail(f"{what} should return a tuple of {count} tensors, got {type(value).__name__}"
             + (f" of length {len(value)}" if isinstance(value, (tuple, list)) else ""))
    return value


@checks("VAE", points=0.75)
def test_VAE_encode_decode_forward_shapes(student, rng):
    model, name, d, latent = build_vae(student, rng)
    for b in (1, int(rng.integers(2, 9))):
        x = binary(rng, b, d)
        mu, logvar = tensors(student.method(model, "encode", x), 2, f"{name}.encode(x)")
        tensor_answer(mu, f"{name}.encode(x)[0] (mu) for a batch of {b}", (b, latent), per_example=False)
        tensor_answer(logvar, f"{name}.encode(x)[1] (logvar) for a batch of {b}", (b, latent),
                      per_example=False)
        z = t64(rng.standard_normal((b, latent)))
        tensor_answer(student.method(model, "decode", z), f"{name}.decode(z) for a batch of {b}",
                      (b, d), per_example=False)
        out = tensors(student.method(model, "forward", x), 3, f"{name}.forward(x)")
        for value, part, shape in zip(out, ("logits", "mu", "logvar"), ((b, d), (b, latent), (b, latent))):
            tensor_answer(value, f"{name}.forward(x) {part} for a batch of {b}", shape,
                          per_example=False)


@checks("VAE", points=0.75)
def test_VAE_forward_without_eps_decodes_the_mean(student, rng):
    model, name, d, latent = build_vae(student, rng)
    x = binary(rng, int(rng.integers(2, 7)), d)
    first = tensors(student.method(model, "forward", x), 3, f"{name}.forward(x)")
    second = tensors(student.method(model, "forward", x), 3, f"{name}.forward(x)")
    for a, b, part in zip(first, second, ("logits", "mu", "logvar")):
        if not (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and torch.equal(a, b)):
            fail(f"{name}.forward(x) called twice on the same x returned different {part}.",
                 HIDDEN_RANDOMNESS)
    logits, mu, logvar = first
    enc_mu, enc_logvar = tensors(student.method(model, "encode", x), 2, f"{name}.encode(x)")
    expect_close(as_array(mu, "mu"), as_array(enc_mu, "encode(x)[0]"),
                 f"{name}.forward(x)'s mu compared with encode(x)'s mu")
    expect_close(as_array(logvar, "logvar"), as_array(enc_logvar, "encode(x)[1]"),
                 f"{name}.forward(x)'s logvar compared with encode(x)'s logvar")
    decoded = student.method(model, "decode", mu.detach())
    expect_close(as_array(logits, "logits"), as_array(decoded, "decode(mu)"),
                 f"{name}.forward(x) logits compared with decode(mu) (with eps=None, z = mu)")


@checks("VAE", points=0.75)
def test_VAE_forward_with_eps_reparameterizes(student, rng):
    model, name, d, latent = build_vae(student, rng)
    b = int(rng.integers(2, 7))
    x, eps = binary(rng, b, d), t64(rng.standard_normal((b, latent)))
    what = f"{name}.forward(x, eps)"
    logits, mu, logvar = tensors(student.method(model, "forward", x, eps), 3, what)
    mu, logvar = mu.detach(), logvar.detach()
    enc_mu, enc_logvar = (t.detach() for t in tensors(student.method(model, "encode", x), 2,
                                                      f"{name}.encode(x)"))
    expect_close(as_array(mu, "mu"), as_array(enc_mu, "encode(x)[0]"),
                 f"{what}'s mu compared with encode(x)'s mu")
    if not close(as_array(logvar, "logvar"), as_array(enc_logvar, "encode(x)[1]")):
        fail(f"{what} returned logvar = {fmt(logvar)}, but encode(x) gives {fmt(enc_logvar)}"
             + (": it is exp(logvar / 2), the standard deviation -- the encoder's logvar was "
                "changed in place (logvar.mul_(0.5).exp_()?), so the KL term reads sigma "
                "as logvar." if close(as_array(logvar, "logvar"), torch.exp(0.5 * enc_logvar)
                                      .numpy()) else "."),
             TENSOR_MODIFIED if close(as_array(logvar, "logvar"),
                                      torch.exp(0.5 * enc_logvar).numpy()) else None)

    def decode(z):
        return as_array(student.method(model, "decode", z), f"{name}.decode(z)")

    expected = decode(mu + torch.exp(0.5 * logvar) * eps)
    if not close(as_array(logits, "logits"), expected):
        try:   # z from your own reparameterize: a mistake there is graded there
            z, _ = student.call("reparameterize", mu, logvar, eps, mutable=[0, 1, 2])
            if isinstance(z, torch.Tensor) and close(as_array(logits, "logits"), decode(z)):
                return
        except (StudentError, CheckFailure):
            pass
    expect_value(as_array(logits, "logits"), expected,
                 f"{what} logits compared with decode(mu + exp(logvar / 2) * eps)", wrong=[
                     (LOGVAR_AS_STD, decode(mu + logvar * eps)),
                     (LOGVAR_AS_STD, decode(mu + torch.exp(logvar) * eps)),
                     (EPS_IGNORED, decode(mu))])


@checks("VAE", points=1)
def test_VAE_loss_is_mean_negative_elbo(student, rng):
    model, name, d, latent = build_vae(student, rng)
    b = int(rng.integers(2, 9))
    x = binary(rng, b, d)
    # the same global seed before forward(x) and loss(x): a forward that (wrongly) draws
    # its own noise is graded once, in forward_without_eps_decodes_the_mean
    seed = int(rng.integers(2**31))
    student.probe("manual_seed", seed)
    logits, mu, logvar = (t.detach() for t in tensors(student.method(model, "forward", x), 3,
                                                      f"{name}.forward(x)"))
    what = f"{name}.loss(x) on a batch of {b}"
    student.probe("manual_seed", seed)
    loss = student.method(model, "loss", x)
    if not isinstance(loss, torch.Tensor) or loss.numel() != 1:
        fail(f"{what} should be a scalar tensor, got "
             f"{type(loss).__name__}{tuple(loss.shape) if isinstance(loss, torch.Tensor) else ''}")
    if loss.dtype != F64:
        fail(f"{what} returned dtype {loss.dtype} for a float64 model and input.")
    per_example = elbo_oracle(x, logits, mu, logvar)
    if not close(as_float(loss, what), -per_example.mean().item()):
        try:   # the mean of your own elbo: a mistake there (or upstream) is graded there
            own, _ = student.call("elbo", x, logits, mu, logvar, mutable=[0, 1, 2, 3])
            if isinstance(own, torch.Tensor) and own.shape == (b,) \
                    and close(as_float(loss, what), -own.detach().mean().item()):
                return
        except StudentError:
            pass
    kl = kl_prior_oracle(mu, logvar)
    with np.errstate(all="ignore"):
        probs = logits.clamp(0, 1)
        as_probabilities = (-(x * torch.log(probs) + (1 - x) * torch.log1p(-probs)).sum(-1) + kl).mean()
    expect_value(as_float(loss, what), -per_example.mean().item(),
                 what + " (the mean of -elbo over the batch, from forward(x))", wrong=[
                     (LOSS_SUM, -per_example.sum()), (ELBO_SIGN, per_example.mean()),
                     (DECODER_PROBABILITIES, as_probabilities),
                     (ELBO_KL_SIGN, (-bernoulli_oracle(x, logits) - kl).mean())])


@checks("VAE", points=0.5)
def test_VAE_gradients_reach_every_parameter(student, rng):
    model, name, d, latent = build_vae(student, rng)
    x = binary(rng, int(rng.integers(3, 9)), d)
    result = student.probe("param_grads", [x], target=(model, "loss"))
    grads = result["grads"]
    expect_true(len(grads) > 0, f"{name} has no parameters: build it from torch.nn layers.")
    missing = [n for n, g in grads.items() if g is None]
    expect_true(not missing, f"{name}.loss(x).backward() left no gradient on {missing}: every "
                             "parameter must take part in the loss (no .detach(), no NumPy).")
    broken = [n for n, g in grads.items() if not torch.all(torch.isfinite(g))]
    expect_true(not broken, f"{name}.loss(x).backward() gave non-finite gradients on {broken}.")
    expect_true(any(torch.any(g != 0) for g in grads.values()),
                f"{name}.loss(x).backward() gave all-zero gradients.")


@checks("VAE", points=0.25)
def test_VAE_inputs_unchanged(student, rng):
    model, name, d, latent = build_vae(student, rng)
    b = int(rng.integers(2, 6))
    x, eps, z = binary(rng, b, d), t64(rng.standard_normal((b, latent))), \
        t64(rng.standard_normal((b, latent)))
    expect_inputs_unchanged(student, [
        ((model, "encode"), (x,), f"{name}.encode(x)"),
        ((model, "decode"), (z,), f"{name}.decode(z)"),
        ((model, "forward"), (x, eps), f"{name}.forward(x, eps)"),
        ((model, "loss"), (x,), f"{name}.loss(x)")])


# == train_vae =====================================================================

def trainable_vae(student, seed, hidden, latent):
    student.probe("manual_seed", seed)
    try:
        return student.call("VAE", 64, hidden, latent)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            try:   # is train_vae a stub too? Then say so (status "not implemented")
                student.call("train_vae", None, None, 0, 0.0, None)
            except StudentError as own:
                if own.is_a("NotImplementedError"):
                    raise own from None
        status = ("is not implemented yet" if err.is_a("NotImplementedError")
                  else f"raised {err.type}: {err.message}")
        fail(f"train_vae is graded on your VAE, and VAE(64, {hidden}, {latent}) {status}.")


def history_floats(value, epochs, what):
    if not isinstance(value, (list, tuple)):
        fail(f"{what} should return a list of {epochs} floats, got {type(value).__name__}")
    if len(value) != epochs:
        fail(f"{what} returned {len(value)} values for {epochs} epochs (one per epoch).")
    floats = [as_float(v, f"{what}[{i}]") for i, v in enumerate(value)]
    if not all(math.isfinite(v) for v in floats):
        fail(f"{what} returned non-finite losses: {fmt(np.array(floats))}")
    return floats


def model_loss(student, model, data, what):
    return as_float(student.method(model, "loss", data), what)


LR = 1e-2
#: Relative difference between two runs' losses above which training was random
#: (runs on identical rows without noise agree exactly; rounding stays below 1e-6).
SAMPLING_SPREAD = 1e-4


#: Digits the training check trains on: two minibatches of the reference's size. The
#: drop a correct run makes comes within its first few Adam steps (full-batch training,
#: one step an epoch, drops 35-45 % on 128 digits as on 300), and a report that sums
#: the minibatches' means, or keeps only the last one's, is 2x, or 1/2x, the epoch's
#: mean, outside the 0.8-1.5 band of the scale check.
TRAIN_DIGITS = 128


@checks("train_vae", points=0.75)
def test_train_vae_trains_and_reports_mean_negative_elbo(student, rng):
    data = digits_subset(rng, TRAIN_DIGITS)
    epochs, hidden = int(rng.integers(20, 26)), int(rng.choice([32, 48]))
    model = trainable_vae(student, int(rng.integers(2**31)), hidden, 2)
    before = model_loss(student, model, data, "model.loss(data) before training")
    what = (f"train_vae(VAE(64, {hidden}, 2), {TRAIN_DIGITS} digits, epochs={epochs}, "
            f"lr={LR:g}, generator)")
    history = student.call("train_vae", model, data, epochs, LR,
                           TorchGenerator(int(rng.integers(2**31))))
    history = history_floats(history, epochs, what)
    expect_true(history[-1] <= 0.85 * history[0],
                f"{what}: the mean negative ELBO went from {history[0]:.3f} (first epoch) to "
                f"{history[-1]:.3f} (last epoch); expected a drop of at least 15%.")
    after = model_loss(student, model, data, "model.loss(data) after training")
    expect_true(after <= 0.85 * before,
                f"{what}: model.loss(data) went from {before:.3f} before training to {after:.3f} "
                "after; expected a drop of at least 15% (are the parameters updated?).")
    ratio = history[-1] / after
    expect_true(0.8 <= ratio <= 1.5,
                f"{what}: the last epoch's value {history[-1]:.4g} is not on the scale of the "
                f"trained model's mean negative ELBO per image, model.loss(data) = {after:.4g}: "
                "report the mean over the epoch's examples, in nats per image "
                "(not a sum over minibatches or pixels).")
    # one digit, one epoch: the one step's loss, the image's sampled negative ELBO at the
    # initial model, is what the epoch reports; on the scale of model.loss before the step
    single = digits_subset(rng, 1)
    one = trainable_vae(student, int(rng.integers(2**31)), hidden, 2)
    start = model_loss(student, one, single, "model.loss(one digit) before training")
    what = f"train_vae(VAE(64, {hidden}, 2), one digit, epochs=1, lr={LR:g}, generator)"
    (value,) = history_floats(student.call("train_vae", one, single, 1, LR,
                                           TorchGenerator(int(rng.integers(2**31)))), 1, what)
    expect_true(SINGLE_IMAGE_RATIO[0] <= value / start <= SINGLE_IMAGE_RATIO[1],
                f"{what} reported {value:.4g}, but the image's negative ELBO at the initial "
                f"model is model.loss = {start:.4g}: with one example the epoch's value is "
                "the sampled negative ELBO of that image used for the one step. Report the "
                "mean over all of the epoch's examples (each minibatch's mean loss times its "
                "number of examples, summed, divided by N), in nats per image.")


#: Copies of one digit in the sampling check: one minibatch of the reference's size,
#: and fewer rows than pixels (N = data.shape[0], not the 64 of data.shape[1]).
SAMPLING_ROWS = 48
#: Bounds on (one-epoch value on one digit) / (its model.loss before training): sampling
#: z around mu at the initial model changes the loss by far less than a factor of 2.
SINGLE_IMAGE_RATIO = (0.5, 2.0)


@checks("train_vae", points=0.5)
def test_train_vae_samples_z_during_training(student, rng):
    # The data are SAMPLING_ROWS copies of one digit. Every shuffle of them is the same
    # sequence of examples, and every way of cutting it into minibatches gives the same
    # minibatches, whatever their size: neither the order nor the minibatch size can make
    # two runs differ. Both runs start from the same model, built right after seeding
    # torch's global RNG alike, so noise drawn from the global RNG is the same in both
    # runs too. The runs differ only in the generator's seed, and with identical rows
    # the one thing left for the generator to change is the noise eps: different losses
    # mean that training sampled z with eps drawn from the generator.
    image = digits_subset(rng, 1)
    data = image.repeat(SAMPLING_ROWS, 1)
    init_seed = int(rng.integers(2**31))
    gen_seeds = [int(s) for s in rng.choice(2**31, size=2, replace=False)]
    what = (f"train_vae(VAE(64, 32, 2), {SAMPLING_ROWS} copies of one digit, epochs=3, "
            f"lr={LR:g}, generator)")

    def run(gen_seed, global_seed=None):
        model = trainable_vae(student, init_seed, 32, 2)
        if global_seed is not None:
            student.probe("manual_seed", global_seed)
        history = student.call("train_vae", model, data, 3, LR, TorchGenerator(gen_seed))
        return np.array(history_floats(history, 3, "train_vae"))

    def spread(a, b):
        return float(np.max(np.abs(a - b) / np.maximum(np.abs(a), 1e-12)))

    first, second = run(gen_seeds[0]), run(gen_seeds[1])
    if spread(first, second) > SAMPLING_SPREAD:
        return
    # Identical runs: was anything random at all? The same generator seed with another
    # global seed tells noise from the global RNG apart from no noise.
    third = run(gen_seeds[0], global_seed=int(rng.integers(2**31)))
    if spread(first, third) > SAMPLING_SPREAD:
        fail(f"{what} from the same initial model with two generators seeded differently "
             f"reported the same losses {fmt(first)}, but another global torch seed changed "
             f"them ({fmt(third)}): training draws its noise from torch's global RNG. Draw "
             "eps from the generator: torch.randn(mu.shape, generator=generator).",
             GLOBAL_RNG)
    fail(f"{what} from the same initial model with two generators seeded differently "
         f"reported {fmt(first)} and {fmt(second)} (largest relative difference "
         f"{spread(first, second):.1e}). With identical rows every shuffle and every split "
         "into minibatches gives the same minibatches, so only noise can make the runs "
         "differ: nothing was sampled. Training must decode sampled codes "
         "z = mu + exp(logvar/2) * eps, with eps drawn from the generator.", NO_SAMPLING)


@checks("train_vae", points=1)
def test_train_vae_reproducible_from_generator(student, rng):
    # 100 digits: a full minibatch and a partial one, so a shuffle drawn from the global
    # RNG changes which digits share a step (and eps from it changes every step)
    data = digits_subset(rng, 100)
    init_seed, gen_seed = (int(s) for s in rng.integers(2**31, size=2))
    runs = []
    for global_seed in rng.integers(2**31, size=2):
        model = trainable_vae(student, init_seed, 32, 2)
        student.probe("manual_seed", int(global_seed))    # must not matter
        history = student.call("train_vae", model, data, 3, LR, TorchGenerator(gen_seed))
        runs.append(history_floats(history, 3, "train_vae"))
    expect_true(runs[0] == runs[1],
                "train_vae run twice with identically initialised models and generators seeded "
                f"alike, but different global torch seeds, returned {fmt(np.array(runs[0]))} and "
                f"{fmt(np.array(runs[1]))}: some randomness does not come from the generator.",
                GLOBAL_RNG)


#: The bookkeeping check: one digit, a few epochs at a learning rate too small to move a
#: float32 parameter, so every epoch reports one fresh draw of the same quantity, the
#: image's sampled negative ELBO at the initial model (nats). Of STILL_CANDIDATES random
#: digits the one whose draws vary least is trained on, for as many epochs as make an
#: error of STILL_OFFSET nats in every epoch's value (a total that starts at 1, say)
#: stand STILL_POWER standard errors out: epochs = (STILL_POWER * sigma / STILL_OFFSET)^2,
#: within [STILL_MIN_EPOCHS, STILL_MAX_EPOCHS]. The test's threshold is MC_SIGMAS
#: standard errors, so such an error is missed with probability about
#: P(Z > STILL_POWER - MC_SIGMAS) = 3e-5.
STILL_CANDIDATES = 8
STILL_OFFSET = 1.0
STILL_POWER = 9.0
STILL_MIN_EPOCHS = 8
STILL_MAX_EPOCHS = 200
STILL_LR = 1e-12
#: The grader's own draws of that sampled negative ELBO per candidate digit, from the
#: student's encode, decode and elbo.
STILL_DRAWS = 1000
#: Standard errors of the difference of the two means allowed (a correct answer fails
#: about once in 1.7 million gradings); FLOAT_SLACK covers float32 rounding.
MC_SIGMAS = 5.0
FLOAT_SLACK = 1e-5


def still_epochs(sigma):
    """Epochs for the bookkeeping check when one sampled negative ELBO has standard
    deviation ``sigma`` nats."""
    wanted = math.ceil((STILL_POWER * sigma / STILL_OFFSET) ** 2)
    return int(min(max(wanted, STILL_MIN_EPOCHS), STILL_MAX_EPOCHS))


def sampled_negative_elbos(student, model, images, generator):
    """``(at z = mu: (n,), draws: (n, STILL_DRAWS))`` of the negative ELBO of each of
    ``images`` (n, 64) under the student's encode, decode and elbo (nats, float)."""
    n = images.shape[0]
    mu, logvar = (t.detach() for t in tensors(student.method(model, "encode", images, watch=False),
                                              2, "VAE.encode(x)"))
    eps = torch.randn((STILL_DRAWS, mu.shape[-1]), generator=generator).to(mu.dtype)
    sampled = mu[:, None] + torch.exp(logvar / 2)[:, None] * eps     # (n, draws, latent)
    z = torch.cat([mu, sampled.reshape(n * STILL_DRAWS, -1)])
    logits = student.method(model, "decode", z, watch=False).detach()
    rows = [torch.cat([t, t.repeat_interleave(STILL_DRAWS, dim=0)]) for t in (images, mu, logvar)]
    own = -as_array(student.call("elbo", rows[0], logits, rows[1], rows[2], watch=False),
                    "elbo(x, logits, mu, logvar)").astype(float)
    return own[:n], own[n:].reshape(n, STILL_DRAWS)


@checks("train_vae", points=0.5)
def test_train_vae_epoch_value_is_the_epochs_mean_negative_elbo(student, rng):
    images = digits_subset(rng, STILL_CANDIDATES)
    model = trainable_vae(student, int(rng.integers(2**31)), 32, 2)
    at_mu, draws = sampled_negative_elbos(
        student, model, images, torch.Generator().manual_seed(int(rng.integers(2**31))))
    pick = int(np.argmin(draws.std(axis=1)))
    own = draws[pick]
    epochs = still_epochs(own.std(ddof=1))
    what = (f"train_vae(VAE(64, 32, 2), one digit, epochs={epochs}, lr={STILL_LR:g}, "
            "generator)")
    history = np.array(history_floats(
        student.call("train_vae", model, images[pick:pick + 1], epochs, STILL_LR,
                     TorchGenerator(int(rng.integers(2**31)))), epochs, what))
    if np.ptp(history) == 0:   # z = mu in training: charged by the sampling check, not here
        expected, se = at_mu[pick], 0.0
    else:
        expected, own_var = own.mean(), own.var(ddof=1)
        # the epochs' spread is that of the grader's draws for a correct answer; the larger
        # of the two is used, so a few epochs cannot understate it
        se = math.sqrt(max(history.var(ddof=1), own_var) / epochs + own_var / STILL_DRAWS)
    gap = abs(history.mean() - expected)
    expect_true(gap <= MC_SIGMAS * se + FLOAT_SLACK * abs(expected),
                f"{what}: at this learning rate the model does not move, so each epoch's value "
                "is one sampled negative ELBO of the image; they average "
                f"{history.mean():.4f} nats, but your elbo on your model's encode and decode "
                f"gives {expected:.4f} nats (± {se:.4f}, one standard error). Start each "
                "epoch's total at 0 and report the mean over the epoch's examples of the "
                "negative ELBO you train on: each minibatch's mean loss times its number of "
                "examples, summed, divided by N.")


@checks("train_vae", points=0.25)
def test_train_vae_inputs_unchanged(student, rng):
    # the model is trained in place (the contract); the data tensor must stay as it was
    data = digits_subset(rng, 64)
    model = trainable_vae(student, int(rng.integers(2**31)), 16, 2)
    _, (after,) = student.call("train_vae", model, data, 1, LR,
                               TorchGenerator(int(rng.integers(2**31))), mutable=[1])
    if not (isinstance(after, torch.Tensor) and torch.equal(after.to(data.dtype), data)):
        fail("train_vae(model, 64 digits, epochs=1, ...) modified the data tensor in place.",
             TENSOR_MODIFIED)
    expect_no_side_effects(student, "inputs")


# == iwae_bound ====================================================================

def iwae_oracle(log_weights):
    return torch.logsumexp(log_weights, dim=-1) - math.log(log_weights.shape[-1])


def iwae_wrong_values(log_weights):
    return [(IWAE_PLAIN_MEAN, log_weights.mean(-1)),
            (IWAE_MISSING_LOG_K, torch.logsumexp(log_weights, dim=-1)),
            (IWAE_MISSING_LOG_K, torch.log(torch.exp(log_weights).sum(-1)))]


def ordinary_log_weights(rng, b, k):
    return t64(rng.normal(-rng.uniform(5, 50), rng.uniform(0.5, 3.0), (b, k)))


def iwae_values(args):
    (lw,) = args
    return iwae_oracle, [v for _, v in iwae_wrong_values(lw)] + reduced(iwae_oracle(lw))


def iwae_mistaken(student, rng, b, k):
    """Whether iwae_bound gives a catalogued mistake on ordinary log weights (b, k)."""
    return iwae_mistaken_on(student, ordinary_log_weights(rng, b, k))


def iwae_mistaken_on(student, lw):
    oracle, variants = iwae_values((lw,))
    return is_known_mistake(student, "iwae_bound", (lw,), oracle(lw), variants)


@checks("iwae_bound", points=1)
def test_iwae_bound_matches_logsumexp_minus_log_k(student, rng):
    b, k = int(rng.integers(2, 7)), int(rng.integers(2, 9))
    lw = ordinary_log_weights(rng, b, k)
    what = f"iwae_bound on log weights of shape ({b}, {k}): {fmt(lw)}"
    got = tensor_answer(student.call("iwae_bound", lw), what, (b,))
    expect_value(got, iwae_oracle(lw).numpy(), what, wrong=iwae_wrong_values(lw),
                 hint="log (1/K) sum_k exp(a_k) = logsumexp(a) - log K.")
    # the same value seen through the theory: ELBO <= IWAE_K <= log p(x), growing with K.
    # z ~ N(0, 1), x | z ~ N(z, 1): p(x) = N(x; 0, 2); q(z) = N(m, s^2) is deliberately off
    x = rng.normal(0.0, 1.5)
    m, s = x / 2 + rng.uniform(0.5, 1.0), rng.uniform(0.4, 0.6)
    log_px = float(Normal(0.0, math.sqrt(2.0)).log_prob(torch.tensor(x, dtype=F64)))
    gen = torch.Generator().manual_seed(int(rng.integers(2**31)))
    means = []
    for k in (1, 4, 32):
        z = m + s * torch.randn(2000, k, generator=gen, dtype=F64)
        lw = (Normal(0.0, 1.0).log_prob(z) + Normal(z, 1.0).log_prob(torch.tensor(x, dtype=F64))
              - Normal(m, s).log_prob(z))
        got = tensor_answer(student.call("iwae_bound", lw), f"iwae_bound on shape (2000, {k})",
                            (2000,))
        means.append(float(got.mean()))
    what = (f"averages of iwae_bound over 2000 draws for K = 1, 4, 32 in a Gaussian model with "
            f"log p(x) = {log_px:.4f}: {fmt(np.array(means))}")
    expect_true(means[0] < means[1] < means[2],
                f"{what}: the bound must grow with K (K = 1 is the ELBO).")
    expect_true(means[2] <= log_px + 0.02, f"{what}: the bound must stay below log p(x).")
    expect_true(log_px - means[2] < 0.5 * (log_px - means[0]),
                f"{what}: with K = 32 the bound should close most of the gap left by the ELBO.")


@checks("iwae_bound", points=0.5)
def test_iwae_bound_stable_for_large_log_weights(student, rng):
    b, k = int(rng.integers(2, 5)), int(rng.integers(3, 9))
    if iwae_mistaken(student, rng, b, k):
        return
    lw = t64(rng.normal(0.0, 3.0, (b, k)) + rng.choice([-1000.0, 1000.0], (b, 1)))
    lw[0, 0] = 1000.0
    what = f"iwae_bound on log weights near +-1000: {fmt(lw)}"
    got = tensor_answer(student.call("iwae_bound", lw), what, (b,))
    expected = iwae_oracle(lw).numpy()
    if not close(got, expected):
        fail(f"{what}: got {fmt(got)}, expected {fmt(expected)}.",
             LOG_MEAN_EXP_OVERFLOW if not np.all(np.isfinite(got)) else None)


@checks("iwae_bound", points=0.25)
def test_iwae_bound_ignores_zero_weight_samples(student, rng):
    # a sample with zero joint density has log weight -inf: it contributes nothing
    b, k = int(rng.integers(2, 5)), int(rng.integers(3, 9))
    if iwae_mistaken(student, rng, b, k):
        return
    lw = ordinary_log_weights(rng, b, k)
    lw[0, 1] = -math.inf
    what = f"iwae_bound on log weights with one -inf: {fmt(lw)}"
    got = tensor_answer(student.call("iwae_bound", lw), what, (b,))
    expect_close(got, iwae_oracle(lw).numpy(), what)


@checks("iwae_bound", points=0.25)
def test_iwae_bound_single_sample_is_the_log_weight(student, rng):
    b = int(rng.integers(2, 5))
    if iwae_mistaken(student, rng, b, int(rng.integers(2, 9))):
        return
    single = t64(rng.normal(-30.0, 5.0, (b, 1)))
    what = f"iwae_bound with K = 1 (log weights {fmt(single)})"
    got = tensor_answer(student.call("iwae_bound", single), what, (b,))
    expect_close(got, single[:, 0].numpy(), what + ": the bound is the single log weight (the ELBO)")


@checks("iwae_bound", points=0.25)
def test_iwae_bound_one_dimensional_input(student, rng):
    # log_weights (..., K): a 1-D tensor is one example, the same as a batch of one row
    b, k = int(rng.integers(2, 5)), int(rng.integers(3, 9))
    lw = ordinary_log_weights(rng, b, k)
    row = int(rng.integers(b))
    what = f"iwae_bound on a 1-D tensor of {k} log weights (one example)"
    if iwae_mistaken_on(student, lw):
        return
    got = tensor_answer(student.call("iwae_bound", lw[row].clone()), what, (), per_example=False)
    expect_close(got, iwae_oracle(lw[row]).item(), what)


@checks("iwae_bound", points=0.25)
def test_iwae_bound_gradients(student, rng):
    b, k = int(rng.integers(2, 6)), int(rng.integers(2, 9))
    expect_gradients(student, "iwae_bound", (t64(rng.normal(-10.0, 3.0, (b, k))),), (0,),
                     t64(rng.standard_normal(b)), iwae_values, ("log_weights",),
                     f"iwae_bound on shape ({b}, {k})")


@checks("iwae_bound", points=0.25)
def test_iwae_bound_keeps_float32(student, rng):
    b, k = int(rng.integers(2, 6)), int(rng.integers(2, 9))
    expect_keeps_float32(student, "iwae_bound", (t64(rng.normal(-10.0, 3.0, (b, k))),), (b,),
                         f"iwae_bound on shape ({b}, {k})", iwae_values)


@checks("iwae_bound", points=0.25)
def test_iwae_bound_inputs_unchanged(student, rng):
    b, k = int(rng.integers(2, 6)), int(rng.integers(2, 9))
    expect_inputs_unchanged(student, [("iwae_bound", (ordinary_log_weights(rng, b, k),),
                                       f"iwae_bound on shape ({b}, {k})")], iwae_values)
