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
                        before/after, posterior variances after training,
                        reproducibility from the generator alone;
  finite latent model-- scipy.special.logsumexp, scipy.stats.entropy (KL to the
                        posterior) and the identity log p(x) = ELBO + KL(q || posterior);
  iwae_bound         -- torch.logsumexp - log K; autograd of it for gradients;
                        Monte Carlo bounds of a Gaussian model with known log p(x).

PyTorch exercises are graded in float64 (plus a float32 call for dtype), and
every call also checks that no input tensor was modified in place. Values a known
mistake would give are computed here only to *name* it in the feedback.
"""
import functools
import math

import numpy as np
import scipy.special
import scipy.stats
import torch
import torch.nn.functional as F
from torch.distributions import Independent, Normal, kl_divergence

from autograder import misconceptions
from autograder.checks import (Checks, as_array, as_float, close, expect_close, expect_true,
                               fail, fmt)
from autograder.specs import Handle, TorchGenerator
from autograder.student import StudentError

ASSIGNMENT = "04_vae_variational_inference"
checks = Checks(ASSIGNMENT)

F64, F32 = torch.float64, torch.float32

LOGVAR_AS_STD = "logvar-as-std"              # catalogued
KL_DIRECTION = "kl-wrong-direction"          # catalogued
ZERO_LOG_ZERO = misconceptions.register(
    "zero-log-zero-is-nan",
    "0 * log 0 evaluated literally (0 * -inf = nan): outcomes of probability 0 contribute "
    "nothing, because x log x -> 0 as x -> 0. Sum only over the support, p > 0.")
TENSOR_MODIFIED = misconceptions.register(
    "tensor-modified-in-place",
    "an input tensor was changed in place (x.add_(...), x[...] = ..., x /= ...): the caller's "
    "tensors must be left as they were, and in-place edits also break autograd. "
    "Build new tensors (y = x + ...).")
REDUCED_OVER_BATCH = misconceptions.register(
    "vae-reduced-over-batch",
    "one number for the whole batch instead of one per example: 'per example' means "
    "summing over the last (pixel or latent) dimension only, .sum(dim=-1), which leaves "
    "a tensor of shape (batch,). Averaging over the batch belongs in the loss, not here.")
MEAN_NOT_SUM = misconceptions.register(
    "vae-mean-instead-of-sum",
    "averaged over the pixels or latent dimensions instead of summing: the log-likelihood "
    "of independent coordinates is the log of a product, a sum of logs, and the KL between "
    "diagonal Gaussians is the sum of the per-coordinate KLs.")
KL_MISSING_HALF = misconceptions.register(
    "gaussian-kl-missing-half",
    "the factor 1/2 is missing: KL = 1/2 sum [exp(logvar) + mu^2 - 1 - logvar]; the 1/2 "
    "comes from the 1/(2 sigma^2) in the Gaussian log density.")
SIGMOID_THEN_LOG = misconceptions.register(
    "sigmoid-then-log",
    "probabilities computed first and logged afterwards: sigmoid(1000) is exactly 1 and "
    "sigmoid(-1000) exactly 0 in floating point, so log gives -inf and 0 * -inf gives nan; "
    "clamping them gives a finite but wrong value and a zero gradient. Work with logits: "
    "log sigmoid(l) = -softplus(-l), log(1 - sigmoid(l)) = -softplus(l) (F.logsigmoid, "
    "F.softplus or F.binary_cross_entropy_with_logits).")
LOG_LIKELIHOOD_SIGN = misconceptions.register(
    "vae-log-likelihood-sign",
    "the sign is flipped: the log-likelihood sum x log p + (1 - x) log(1 - p) is <= 0; the "
    "binary cross-entropy (a loss, >= 0) is its negative.")
ELBO_KL_SIGN = misconceptions.register(
    "elbo-kl-added",
    "the KL term was added: ELBO = E_q[log p(x|z)] - KL(q(z|x) || p(z)); the KL to the "
    "prior is a cost (the rate) and lowers the bound.")
ELBO_SIGN = misconceptions.register(
    "elbo-sign-flipped",
    "the ELBO and the loss are mixed up: the ELBO (a lower bound on log p(x), to be "
    "maximised) is reconstruction log-likelihood minus KL; the loss to minimise is its negative.")
ELBO_MISSING_KL = misconceptions.register(
    "elbo-missing-kl",
    "the KL term is missing: without - KL(q(z|x) || p(z)) the objective is a plain "
    "autoencoder's reconstruction log-likelihood, not a bound on log p(x).")
ELBO_MISSING_ENTROPY = misconceptions.register(
    "elbo-missing-entropy",
    "the entropy of q is missing: ELBO = E_q[log p(x, z)] - E_q[log q(z)]; without the "
    "- E_q[log q] term the best q would put all its mass on the single most likely z.")
LINEAR_SPACE_UNDERFLOW = misconceptions.register(
    "linear-space-underflow",
    "probabilities multiplied and summed before taking the log: products of tiny "
    "likelihoods underflow (to subnormals with few correct digits, or to 0). Work in log "
    "space: log sum_k exp(log prior_k + log lik_k) with the max-shift (logsumexp).")
HIDDEN_RANDOMNESS = misconceptions.register(
    "vae-hidden-randomness",
    "forward(x) with eps=None drew its own noise: the contract says z = mu when eps is "
    "None, so the same input gives the same output. Randomness enters only through an "
    "explicit eps (or a generator).")
EPS_IGNORED = misconceptions.register(
    "vae-eps-ignored",
    "forward(x, eps) ignored eps and decoded the mean: with eps given the code is "
    "z = mu + exp(logvar / 2) * eps.")
LOSS_SUM = misconceptions.register(
    "vae-loss-summed-over-batch",
    "the loss summed over the batch instead of averaging: loss(x) is the mean over the "
    "batch of the per-example negative ELBO, so its scale does not depend on the batch size.")
DECODER_PROBABILITIES = misconceptions.register(
    "vae-decoder-outputs-probabilities",
    "decode returned probabilities (a sigmoid at the end) instead of logits: the "
    "contract's decode gives logits, and the likelihood is computed from logits, stably.")
GLOBAL_RNG = misconceptions.register(
    "global-rng-instead-of-generator",
    "randomness drawn from a global generator (torch.randn / torch.randperm / np.random "
    "without the generator argument): pass generator=generator to every random call, so "
    "the same generator seed gives the same run.")
NO_SAMPLING = misconceptions.register(
    "vae-trained-without-sampling",
    "training without sampling z: with z = mu (e.g. model.loss(x) or forward(x) with "
    "eps=None) only the KL term acts on logvar, and it pushes every posterior variance to 1. "
    "Each step must draw eps from the generator and decode z = mu + exp(logvar/2) * eps.")
IWAE_PLAIN_MEAN = misconceptions.register(
    "iwae-plain-mean-of-log-weights",
    "the mean of the log weights is the K-sample estimate of the ELBO, not the IWAE bound: "
    "the IWAE averages the weights themselves inside the log, log (1/K) sum_k exp(a_k).")
IWAE_MISSING_LOG_K = misconceptions.register(
    "iwae-missing-log-k",
    "logsumexp without - log K: log sum_k w_k estimates log(K p(x)); the bound averages the "
    "weights, log (1/K) sum_k w_k = logsumexp(a) - log K.")
LOG_MEAN_EXP_OVERFLOW = misconceptions.register(
    "log-mean-exp-overflow",
    "exp taken before the log: exp(1000) overflows to inf and exp(-1000) underflows to 0. "
    "Shift by the maximum first: m + log mean exp(a - m) (torch.logsumexp does this).")


# -- inputs ------------------------------------------------------------------------

def t64(array):
    return torch.tensor(np.asarray(array, dtype=float), dtype=F64)


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
            fail(f"{what} has shape {got}: sum over the last dimension to get one value per "
                 f"example, shape {shape}.")
        fail(f"{what} should have shape {shape}, got {got}.")
    if value.dtype != dtype:
        fail(f"{what} returned dtype {value.dtype} for {dtype} inputs: keep the input's dtype "
             "(no torch.tensor(...) of new constants with a default dtype, no .float()).")
    return value.detach().numpy().astype(float)


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


def expect_grads(grads, expected, names, what):
    for grad, exp, name in zip(grads, expected, names):
        if grad is None:
            fail(f"{what}: no gradient reaches {name}; the output must be computed from it "
                 "with differentiable torch operations.")
        expect_close(as_array(grad, f"gradient with respect to {name}"), exp.numpy(),
                     f"{what}: gradient with respect to {name}", tol="gradient")


def check_dtype_and_purity(student, name, args64, shape, what, per_example=True):
    """A float32 call keeps float32 (values to float32 precision); inputs stay unchanged."""
    args32 = [a.to(F32) for a in args64]
    out = call_pure(student, name, args32, what + " (float32 inputs)")
    got = tensor_answer(out, what + " (float32 inputs)", shape, dtype=F32,
                        per_example=per_example)
    return got


# == log_evidence ==================================================================

def draw_model(rng, k=None):
    k = int(rng.integers(2, 11)) if k is None else k
    prior = rng.dirichlet(np.ones(k))
    likelihood = rng.uniform(0.01, 1.0, k) * 10.0 ** rng.uniform(-3, 0, k)
    return prior, likelihood


def log_evidence_oracle(prior, likelihood):
    with np.errstate(divide="ignore"):
        return float(scipy.special.logsumexp(np.log(prior) + np.log(likelihood)))


@checks("log_evidence", points=1)
def test_log_evidence_matches_logsumexp(student, rng):
    prior, likelihood = draw_model(rng)
    expected = log_evidence_oracle(prior, likelihood)
    got = student.call("log_evidence", prior.tolist(), likelihood)
    expect_close(as_float(got, "log_evidence"), expected,
                 f"log_evidence(prior={fmt(prior)}, likelihood_x={fmt(likelihood)})",
                 misconceptions={"natural-log-instead-of-bits": expected / math.log(2)})
    # a prior with zeros: those latent values cannot have produced anything
    prior[int(rng.integers(len(prior)))] = 0.0
    prior /= prior.sum()
    expected = log_evidence_oracle(prior, likelihood)
    got = student.call("log_evidence", prior, likelihood)
    expect_close(as_float(got, "log_evidence"), expected,
                 f"log_evidence(prior={fmt(prior)}, likelihood_x={fmt(likelihood)}) "
                 "(a prior with a zero)")


@checks("log_evidence", points=0.5)
def test_log_evidence_stable_for_tiny_likelihoods_and_impossible_x(student, rng):
    k = int(rng.integers(3, 9))
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
    # x impossible: the latent values that could produce it have prior probability 0
    prior[: k // 2] = 0.0
    prior /= prior.sum()
    likelihood = rng.uniform(0.1, 1.0, k)
    likelihood[k // 2:] = 0.0
    got = as_float(student.call("log_evidence", prior, likelihood), "log_evidence")
    expect_true(got == -math.inf,
                f"log_evidence(prior={fmt(prior)}, likelihood_x={fmt(likelihood)}): got {fmt(got)}, "
                "expected -inf (prior * likelihood = 0 for every z: x cannot be produced).")


@checks("log_evidence", points=0.5)
def test_log_evidence_rejects_invalid_input(student, rng):
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
    ]
    for args, what in cases:
        expect_value_error(student, "log_evidence", *args, what=f"log_evidence of {what}")


# == discrete_elbo =================================================================

@checks("discrete_elbo", points=1)
def test_discrete_elbo_matches_closed_form(student, rng):
    prior, likelihood = draw_model(rng)
    q = rng.dirichlet(np.ones(len(prior)))
    with np.errstate(divide="ignore"):
        expected = float(np.sum(q * (np.log(prior) + np.log(likelihood) - np.log(q))))
        wrong = [
            (ELBO_MISSING_ENTROPY, np.sum(q * (np.log(prior) + np.log(likelihood)))),
            (KL_DIRECTION, np.sum(q * np.log(likelihood)) - scipy.stats.entropy(prior, q)),
            ("natural-log-instead-of-bits", expected / math.log(2)),
        ]
    got = as_float(student.call("discrete_elbo", q.tolist(), prior, likelihood), "discrete_elbo")
    expect_value(got, expected, f"discrete_elbo(q={fmt(q)}, prior={fmt(prior)}, "
                                f"likelihood_x={fmt(likelihood)})", wrong=wrong)
    # whole-image likelihoods are tiny: still exact, term by term in log space
    likelihood = 10.0 ** rng.uniform(-323, -300, len(prior))
    with np.errstate(divide="ignore"):
        expected = float(np.sum(q * (np.log(prior) + np.log(likelihood) - np.log(q))))
    got = as_float(student.call("discrete_elbo", q, prior, likelihood), "discrete_elbo")
    what = f"discrete_elbo with likelihoods between 1e-323 and 1e-300 ({fmt(likelihood)})"
    if not np.isfinite(got):
        fail(f"{what}: got {fmt(got)}, expected {fmt(expected)}.", LINEAR_SPACE_UNDERFLOW)
    expect_close(got, expected, what, hint="Take the logs of prior and likelihood separately.")


@checks("discrete_elbo", points=1)
def test_discrete_elbo_bound_and_gap_equal_kl_to_posterior(student, rng):
    prior, likelihood = draw_model(rng)
    log_px = log_evidence_oracle(prior, likelihood)
    posterior = np.exp(np.log(prior) + np.log(likelihood) - log_px)
    got = as_float(student.call("discrete_elbo", posterior, prior, likelihood), "discrete_elbo")
    expect_close(got, log_px, f"discrete_elbo at q = the exact posterior {fmt(posterior)} "
                              "(the bound is tight there: ELBO = log p(x))")
    for _ in range(3):
        q = rng.dirichlet(np.full(len(prior), 0.7))
        got = as_float(student.call("discrete_elbo", q, prior, likelihood), "discrete_elbo")
        what = f"discrete_elbo(q={fmt(q)}, prior={fmt(prior)}, likelihood_x={fmt(likelihood)})"
        expect_true(got <= log_px + 1e-12,
                    f"{what} = {fmt(got)} exceeds log p(x) = {fmt(log_px)}: the ELBO is a lower bound.")
        kl = scipy.stats.entropy(q, posterior)
        expect_close(log_px - got, kl, f"the gap log p(x) - {what}",
                     hint="The gap must equal KL(q || posterior).")


@checks("discrete_elbo", points=0.5)
def test_discrete_elbo_zeros_in_q_and_support_mismatch(student, rng):
    k = int(rng.integers(4, 9))
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
    q = rng.dirichlet(np.ones(k))
    q[2] = 0.0
    q /= q.sum()
    got = as_float(student.call("discrete_elbo", q, prior, likelihood), "discrete_elbo")
    expect_true(got == -math.inf,
                f"discrete_elbo(q={fmt(q)}, prior={fmt(prior)}, likelihood_x={fmt(likelihood)}): "
                f"got {fmt(got)}, expected -inf (q > 0 where prior * likelihood = 0).",
                ZERO_LOG_ZERO if math.isnan(got) else None)


@checks("discrete_elbo", points=0.5)
def test_discrete_elbo_rejects_invalid_pmfs(student, rng):
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


# == reparameterize ================================================================

@checks("reparameterize", points=1)
def test_reparameterize_matches_closed_form(student, rng):
    b, d = dims(rng)
    mu, logvar = gaussian_params(rng, b, d)
    eps = t64(rng.standard_normal((b, d)))
    what = f"reparameterize(mu, logvar, eps) for shape ({b}, {d}), mu={fmt(mu)}, logvar={fmt(logvar)}"
    got = tensor_answer(student.call("reparameterize", mu, logvar, eps), what, (b, d),
                        per_example=False)
    expected = mu + torch.exp(0.5 * logvar) * eps
    expect_value(got, expected.numpy(), what, wrong=[
        (LOGVAR_AS_STD, mu + logvar * eps), (LOGVAR_AS_STD, mu + torch.exp(logvar) * eps)],
        hint="z = mu + exp(logvar / 2) * eps.")


@checks("reparameterize", points=0.5)
def test_reparameterize_keeps_dtype_and_inputs(student, rng):
    d = int(rng.integers(1, 5))
    mu, logvar = gaussian_params(rng, 1, d)
    eps = t64(rng.standard_normal((1, d)))
    what = f"reparameterize on a batch of one, shape (1, {d})"
    got = tensor_answer(call_pure(student, "reparameterize", (mu, logvar, eps), what), what,
                        (1, d), per_example=False)
    expect_close(got, (mu + torch.exp(0.5 * logvar) * eps).numpy(), what)
    got = check_dtype_and_purity(student, "reparameterize", (mu, logvar, eps), (1, d), what,
                                 per_example=False)
    expect_close(got, (mu + torch.exp(0.5 * logvar) * eps).numpy(), what + " in float32",
                 tol="numerical")
    zero = tensor_answer(student.call("reparameterize", mu, logvar, torch.zeros_like(eps)),
                         what + " with eps = 0", (1, d), per_example=False)
    expect_close(zero, mu.numpy(), what + " with eps = 0 (z must be mu)")


@checks("reparameterize", points=0.5)
def test_reparameterize_gradients_flow_through_the_sample(student, rng):
    b, d = dims(rng)
    mu, logvar = gaussian_params(rng, b, d)
    eps = t64(rng.standard_normal((b, d)))
    g = t64(rng.standard_normal((b, d)))
    _, grads = student.vjp("reparameterize", [mu, logvar, eps], wrt=(0, 1, 2), upstream=g)
    sigma = torch.exp(0.5 * logvar)
    expected = [g, g * 0.5 * sigma * eps, g * sigma]        # closed-form derivatives
    if grads[1] is not None and close(grads[1].numpy(), (g * eps).numpy()):
        fail("reparameterize: the gradient with respect to logvar is upstream * eps, as if "
             "logvar were the standard deviation.", LOGVAR_AS_STD)
    expect_grads(grads, expected, ("mu", "logvar", "eps"),
                 f"reparameterize on shape ({b}, {d}) with a random upstream gradient")


# == kl_standard_normal ============================================================

@checks("kl_standard_normal", points=1)
def test_kl_standard_normal_matches_torch_distributions(student, rng):
    b, d = dims(rng)
    mu, logvar = gaussian_params(rng, b, d)
    what = f"kl_standard_normal(mu={fmt(mu)}, logvar={fmt(logvar)})"
    got = tensor_answer(student.call("kl_standard_normal", mu, logvar), what, (b,))
    expect_value(got, kl_prior_oracle(mu, logvar).numpy(), what,
                 wrong=kl_prior_wrong_values(mu, logvar))


@checks("kl_standard_normal", points=0.5)
def test_kl_standard_normal_zero_at_the_prior_and_extremes(student, rng):
    b, d = dims(rng)
    zeros = torch.zeros(b, d, dtype=F64)
    got = tensor_answer(student.call("kl_standard_normal", zeros, zeros),
                        f"kl_standard_normal at mu = 0, logvar = 0 (shape ({b}, {d}))", (b,))
    expect_close(got, np.zeros(b), "kl_standard_normal at mu = 0, logvar = 0 (q = prior)")
    mu = t64([[rng.choice([-1.0, 1.0]) * rng.uniform(100, 1000)]])
    for lv in (-20.0, 20.0):
        logvar = t64([[lv]])
        what = f"kl_standard_normal on a batch of one, D = 1, mu = {fmt(mu)}, logvar = {lv:g}"
        got = tensor_answer(student.call("kl_standard_normal", mu, logvar), what, (1,))
        expect_close(got, kl_prior_oracle(mu, logvar).numpy(), what)


@checks("kl_standard_normal", points=0.5)
def test_kl_standard_normal_gradients_dtype_and_inputs(student, rng):
    b, d = dims(rng)
    mu, logvar = gaussian_params(rng, b, d)
    g = t64(rng.standard_normal(b))
    what = f"kl_standard_normal on shape ({b}, {d})"
    _, grads = student.vjp("kl_standard_normal", [mu, logvar], wrt=(0, 1), upstream=g)
    _, expected = autograd(kl_prior_oracle, [mu, logvar], (0, 1), g)
    expect_grads(grads, expected, ("mu", "logvar"), what + " with a random upstream gradient")
    got = check_dtype_and_purity(student, "kl_standard_normal", (mu, logvar), (b,), what)
    expect_close(got, kl_prior_oracle(mu, logvar).numpy(), what + " in float32", tol="numerical")


# == gaussian_kl ===================================================================

@checks("gaussian_kl", points=1.5)
def test_gaussian_kl_matches_torch_distributions(student, rng):
    b, d = dims(rng)
    mu_q, lv_q = gaussian_params(rng, b, d)
    mu_p, lv_p = gaussian_params(rng, b, d, scale=1.0, spread=2.0)
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


@checks("gaussian_kl", points=0.5)
def test_gaussian_kl_zero_for_equal_and_prior_special_case(student, rng):
    b, d = dims(rng)
    mu, logvar = gaussian_params(rng, b, d)
    what = f"gaussian_kl(q, q) for q with mu={fmt(mu)}, logvar={fmt(logvar)}"
    got = tensor_answer(student.call("gaussian_kl", mu, logvar, mu.clone(), logvar.clone()),
                        what, (b,))
    expect_close(got, np.zeros(b), what)
    zeros = torch.zeros(b, d, dtype=F64)
    what = f"gaussian_kl(mu, logvar, 0, 0) for mu={fmt(mu)}, logvar={fmt(logvar)}"
    got = tensor_answer(student.call("gaussian_kl", mu, logvar, zeros, zeros), what, (b,))
    closed_form = 0.5 * (torch.exp(logvar) + mu ** 2 - 1 - logvar).sum(-1)
    expect_close(got, closed_form.numpy(), what + " (KL to the standard normal prior)")


@checks("gaussian_kl", points=1)
def test_gaussian_kl_gradients_dtype_and_inputs(student, rng):
    b, d = dims(rng)
    mu_q, lv_q = gaussian_params(rng, b, d)
    mu_p, lv_p = gaussian_params(rng, b, d, scale=1.0, spread=2.0)
    g = t64(rng.standard_normal(b))
    what = f"gaussian_kl on shape ({b}, {d})"
    args = [mu_q, lv_q, mu_p, lv_p]
    _, grads = student.vjp("gaussian_kl", args, wrt=(0, 1, 2, 3), upstream=g)
    _, expected = autograd(kl_oracle, args, (0, 1, 2, 3), g)
    expect_grads(grads, expected, ("mu_q", "logvar_q", "mu_p", "logvar_p"),
                 what + " with a random upstream gradient")
    got = check_dtype_and_purity(student, "gaussian_kl", args, (b,), what)
    expect_close(got, kl_oracle(*args).numpy(), what + " in float32", tol="numerical")


# == bernoulli_log_likelihood ======================================================

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


@checks("bernoulli_log_likelihood", points=1)
def test_bernoulli_log_likelihood_stable_for_large_logits(student, rng):
    b, d = int(rng.integers(2, 5)), int(rng.integers(2, 6))
    x = binary(rng, b, d)
    logits = t64(rng.uniform(200, 1000, (b, d)) * rng.choice([-1.0, 1.0], (b, d)))
    logits[0, 0], logits[0, -1] = abs(logits[0, 0]), abs(logits[0, -1])  # one right, one wrong
    moderate = logits / 100.0
    what = f"bernoulli_log_likelihood(x={fmt(x)}, logits={fmt(moderate)})"
    got = tensor_answer(student.call("bernoulli_log_likelihood", x, moderate), what, (b,))
    expect_close(got, bernoulli_oracle(x, moderate).numpy(), what,
                 hint="(Moderate logits, before trying large ones.)")
    g = t64(rng.uniform(0.5, 2.0, b))
    out, grads = student.vjp("bernoulli_log_likelihood", [x, logits], wrt=(1,), upstream=g)
    what = f"bernoulli_log_likelihood with |logits| between 200 and 1000 (logits={fmt(logits)}, x={fmt(x)})"
    got = tensor_answer(out, what, (b,))
    expected = bernoulli_oracle(x, logits).numpy()
    if not np.all(np.isfinite(got)):
        fail(f"{what}: got {fmt(got)}, expected {fmt(expected)} (finite).", SIGMOID_THEN_LOG)
    if not close(got, expected):
        fail(f"{what}: got {fmt(got)}, expected {fmt(expected)}: a confidently wrong pixel "
             "costs |logit| nats.", SIGMOID_THEN_LOG)
    grad = grads[0]
    expected_grad = (g[:, None] * (x - torch.sigmoid(logits))).numpy()
    if grad is None or not np.all(np.isfinite(grad.numpy())) \
            or not close(grad.numpy(), expected_grad, "gradient"):
        fail(f"{what}: the gradient with respect to the logits should be upstream * (x - "
             f"sigmoid(logits)) = {fmt(expected_grad)}, got "
             f"{'None' if grad is None else fmt(grad.numpy())}.", SIGMOID_THEN_LOG)


@checks("bernoulli_log_likelihood", points=1)
def test_bernoulli_log_likelihood_gradients_dtype_and_inputs(student, rng):
    b, d = dims(rng)
    x, logits = binary(rng, b, d), t64(rng.normal(0.0, 3.0, (b, d)))
    g = t64(rng.standard_normal(b))
    what = f"bernoulli_log_likelihood on shape ({b}, {d})"
    _, grads = student.vjp("bernoulli_log_likelihood", [x, logits], wrt=(1,), upstream=g)
    _, expected = autograd(bernoulli_oracle, [x, logits], (1,), g)
    expect_grads(grads, expected, ("logits",), what + " with a random upstream gradient")
    got = check_dtype_and_purity(student, "bernoulli_log_likelihood", (x, logits), (b,), what)
    expect_close(got, bernoulli_oracle(x, logits).numpy(), what + " in float32", tol="numerical")


# == elbo ==========================================================================

def elbo_inputs(rng, b=None):
    b = int(rng.integers(2, 7)) if b is None else b
    d, latent = int(rng.integers(3, 9)), int(rng.integers(1, 4))
    x, logits = binary(rng, b, d), t64(rng.normal(0.0, 2.0, (b, d)))
    mu, logvar = gaussian_params(rng, b, latent, scale=1.0, spread=2.0)
    return [x, logits, mu, logvar]


@checks("elbo", points=1)
def test_elbo_matches_reconstruction_minus_kl(student, rng):
    args = elbo_inputs(rng)
    x, logits, mu, logvar = args
    what = f"elbo(x, logits, mu, logvar) with x of shape {tuple(x.shape)}, mu of shape {tuple(mu.shape)}"
    got = tensor_answer(student.call("elbo", *args), what, (x.shape[0],))
    recon, kl = bernoulli_oracle(x, logits), kl_prior_oracle(mu, logvar)
    expect_value(got, (recon - kl).numpy(), what, wrong=[
        (ELBO_KL_SIGN, recon + kl), (ELBO_SIGN, kl - recon), (ELBO_MISSING_KL, recon),
        *[(key, recon - value) for key, value in kl_prior_wrong_values(mu, logvar)]],
        hint="ELBO = bernoulli_log_likelihood(x, logits) - kl_standard_normal(mu, logvar).")


@checks("elbo", points=1)
def test_elbo_gradients_dtype_and_inputs(student, rng):
    args = elbo_inputs(rng, b=int(rng.choice([1, 3, 5])))
    b = args[0].shape[0]
    g = t64(rng.standard_normal(b))
    what = f"elbo on a batch of {b}"
    _, grads = student.vjp("elbo", args, wrt=(1, 2, 3), upstream=g)
    _, expected = autograd(elbo_oracle, args, (1, 2, 3), g)
    expect_grads(grads, expected, ("logits", "mu", "logvar"), what + " with a random upstream gradient")
    got = check_dtype_and_purity(student, "elbo", args, (b,), what)
    expect_close(got, elbo_oracle(*args).numpy(), what + " in float32", tol="numerical")


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


@checks("VAE", points=1)
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
    logits, mu, logvar = tensors(call_pure(student, (model, "forward"), (x, eps), what), 3, what)
    mu, logvar = mu.detach(), logvar.detach()
    enc_mu, _ = tensors(student.method(model, "encode", x), 2, f"{name}.encode(x)")
    expect_close(as_array(mu, "mu"), as_array(enc_mu, "encode(x)[0]"),
                 f"{what}'s mu compared with encode(x)'s mu")

    def decode(z):
        return as_array(student.method(model, "decode", z), f"{name}.decode(z)")

    expected = decode(mu + torch.exp(0.5 * logvar) * eps)
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
    logits, mu, logvar = (t.detach() for t in tensors(student.method(model, "forward", x), 3,
                                                      f"{name}.forward(x)"))
    what = f"{name}.loss(x) on a batch of {b}"
    loss = call_pure(student, (model, "loss"), (x,), what)
    if not isinstance(loss, torch.Tensor) or loss.numel() != 1:
        fail(f"{what} should be a scalar tensor, got "
             f"{type(loss).__name__}{tuple(loss.shape) if isinstance(loss, torch.Tensor) else ''}")
    if loss.dtype != F64:
        fail(f"{what} returned dtype {loss.dtype} for a float64 model and input.")
    per_example = elbo_oracle(x, logits, mu, logvar)
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


# == train_vae =====================================================================

def trainable_vae(student, seed, hidden, latent):
    student.probe("manual_seed", seed)
    try:
        return student.call("VAE", 64, hidden, latent)
    except StudentError as err:
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
#: Relative difference between two runs' losses above which training was random:
#: rounding alone (the order of a minibatch's examples) stays below 1e-6.
SAMPLING_SPREAD = 1e-4


@checks("train_vae", points=1.5)
def test_train_vae_trains_and_reports_mean_negative_elbo(student, rng):
    data = digits_subset(rng, 300)
    epochs, hidden = int(rng.integers(20, 26)), int(rng.choice([32, 48]))
    model = trainable_vae(student, int(rng.integers(2**31)), hidden, 2)
    before = model_loss(student, model, data, "model.loss(data) before training")
    what = f"train_vae(VAE(64, {hidden}, 2), 300 digits, epochs={epochs}, lr={LR:g}, generator)"
    history, (data_after,) = student.call("train_vae", model, data, epochs, LR,
                                          TorchGenerator(int(rng.integers(2**31))), mutable=[1])
    if not torch.equal(torch.as_tensor(data_after).to(data.dtype), data):
        fail(f"{what} modified the data tensor in place.", TENSOR_MODIFIED)
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


@checks("train_vae", points=0.5)
def test_train_vae_samples_z_during_training(student, rng):
    # One minibatch (64 digits): an epoch's shuffle cannot change its loss (a mean over
    # the same examples, up to rounding), so two runs that differ only in the
    # generator's seed report different losses only if training samples
    # z = mu + exp(logvar/2) * eps with eps drawn from that generator.
    data = digits_subset(rng, 64)
    init_seed = int(rng.integers(2**31))
    runs = []
    for gen_seed in rng.choice(2**31, size=2, replace=False):
        model = trainable_vae(student, init_seed, 32, 2)
        history = student.call("train_vae", model, data, 3, LR, TorchGenerator(int(gen_seed)))
        runs.append(np.array(history_floats(history, 3, "train_vae")))
    spread = float(np.max(np.abs(runs[0] - runs[1]) / np.maximum(np.abs(runs[0]), 1e-12)))
    expect_true(spread > SAMPLING_SPREAD,
                f"train_vae(VAE(64, 32, 2), 64 digits (one minibatch), epochs=3) from the same "
                f"initial model with two generators seeded differently reported "
                f"{fmt(runs[0])} and {fmt(runs[1])} (largest relative difference {spread:.1e}): "
                "nothing random happened. Training must decode sampled codes "
                "z = mu + exp(logvar/2) * eps, with eps drawn from the generator.",
                NO_SAMPLING)


@checks("train_vae", points=1)
def test_train_vae_reproducible_from_generator(student, rng):
    data = digits_subset(rng, 200)
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


# == iwae_bound ====================================================================

def iwae_oracle(log_weights):
    return torch.logsumexp(log_weights, dim=-1) - math.log(log_weights.shape[-1])


def iwae_wrong_values(log_weights):
    return [(IWAE_PLAIN_MEAN, log_weights.mean(-1)),
            (IWAE_MISSING_LOG_K, torch.logsumexp(log_weights, dim=-1)),
            (IWAE_MISSING_LOG_K, torch.log(torch.exp(log_weights).sum(-1)))]


@checks("iwae_bound", points=1)
def test_iwae_bound_matches_logsumexp_minus_log_k(student, rng):
    b, k = int(rng.integers(2, 7)), int(rng.integers(2, 9))
    lw = t64(rng.normal(-rng.uniform(5, 50), rng.uniform(0.5, 3.0), (b, k)))
    what = f"iwae_bound on log weights of shape ({b}, {k}): {fmt(lw)}"
    got = tensor_answer(student.call("iwae_bound", lw), what, (b,))
    expect_value(got, iwae_oracle(lw).numpy(), what, wrong=iwae_wrong_values(lw),
                 hint="log (1/K) sum_k exp(a_k) = logsumexp(a) - log K.")


@checks("iwae_bound", points=1)
def test_iwae_bound_stable_and_edge_cases(student, rng):
    b, k = int(rng.integers(2, 5)), int(rng.integers(3, 9))
    lw = t64(rng.normal(0.0, 3.0, (b, k)) + rng.choice([-1000.0, 1000.0], (b, 1)))
    lw[0, 1] = -math.inf                      # one sample with zero joint density
    lw[0, 0] = 1000.0
    what = f"iwae_bound on log weights near +-1000, one of them -inf: {fmt(lw)}"
    got = tensor_answer(student.call("iwae_bound", lw), what, (b,))
    expected = iwae_oracle(lw).numpy()
    if not close(got, expected) and not np.all(np.isfinite(got)) and not any(
            close(got, bad.numpy()) for _, bad in iwae_wrong_values(lw)[:2]):
        fail(f"{what}: got {fmt(got)}, expected {fmt(expected)}.", LOG_MEAN_EXP_OVERFLOW)
    expect_value(got, expected, what, wrong=iwae_wrong_values(lw)[:2])
    single = t64(rng.normal(-30.0, 5.0, (b, 1)))
    what = f"iwae_bound with K = 1 (log weights {fmt(single)})"
    got = tensor_answer(student.call("iwae_bound", single), what, (b,))
    expect_close(got, single[:, 0].numpy(), what + ": the bound is the single log weight (the ELBO)")
    flat = t64(rng.normal(-20.0, 2.0, k))
    what = f"iwae_bound on a 1-D tensor of {k} log weights (one example)"
    got = tensor_answer(student.call("iwae_bound", flat), what, (), per_example=False)
    expect_close(got, iwae_oracle(flat).item(), what)


@checks("iwae_bound", points=0.5)
def test_iwae_bound_bounds_grow_with_k_towards_log_evidence(student, rng):
    # z ~ N(0, 1), x | z ~ N(z, 1): p(x) = N(x; 0, 2); q(z) = N(m, s^2) is deliberately off
    x = rng.normal(0.0, 1.5)
    m, s = x / 2 + rng.uniform(0.5, 1.0), rng.uniform(0.4, 0.6)
    log_px = float(Normal(0.0, math.sqrt(2.0)).log_prob(torch.tensor(x, dtype=F64)))
    gen = torch.Generator().manual_seed(int(rng.integers(2**31)))
    means, named = [], None
    for k in (1, 4, 32):
        z = m + s * torch.randn(2000, k, generator=gen, dtype=F64)
        lw = (Normal(0.0, 1.0).log_prob(z) + Normal(z, 1.0).log_prob(torch.tensor(x, dtype=F64))
              - Normal(m, s).log_prob(z))
        got = tensor_answer(student.call("iwae_bound", lw), f"iwae_bound on shape (2000, {k})",
                            (2000,))
        means.append(float(got.mean()))
        for key, bad in iwae_wrong_values(lw)[::-1] if k > 1 else ():
            if close(got, bad.numpy(), "float"):
                named = key
    what = (f"averages of iwae_bound over 2000 draws for K = 1, 4, 32 in a Gaussian model with "
            f"log p(x) = {log_px:.4f}: {fmt(np.array(means))}")
    expect_true(means[0] < means[1] < means[2],
                f"{what}: the bound must grow with K (K = 1 is the ELBO).", named)
    expect_true(means[2] <= log_px + 0.02, f"{what}: the bound must stay below log p(x).", named)
    expect_true(log_px - means[2] < 0.5 * (log_px - means[0]),
                f"{what}: with K = 32 the bound should close most of the gap left by the ELBO.",
                named)


@checks("iwae_bound", points=0.5)
def test_iwae_bound_gradients_dtype_and_inputs(student, rng):
    b, k = int(rng.integers(2, 6)), int(rng.integers(2, 9))
    lw = t64(rng.normal(-10.0, 3.0, (b, k)))
    g = t64(rng.standard_normal(b))
    what = f"iwae_bound on shape ({b}, {k})"
    _, grads = student.vjp("iwae_bound", [lw], wrt=(0,), upstream=g)
    _, expected = autograd(iwae_oracle, [lw], (0,), g)
    expect_grads(grads, expected, ("log_weights",), what + " with a random upstream gradient")
    got = check_dtype_and_purity(student, "iwae_bound", (lw,), (b,), what)
    expect_close(got, iwae_oracle(lw).numpy(), what + " in float32", tol="numerical")
