"""Hidden checks of 06_probability_ml_concepts: the evidence and Bayes' theorem,
sequential updating, the Beta-Binomial conjugate pair and its MAP estimate, the
Bernoulli and Gaussian negative log-likelihoods, and ridge regression as MAP.

Oracles (never the notebook's solution): exact sums (``math.fsum``) for the law of total
probability and the posterior; the posterior after each observation computed in log space
with ``scipy.special.logsumexp`` (independent of any step-by-step renormalisation); SciPy's
``scipy.stats.beta`` log density (the posterior must be proportional to prior times
likelihood on a grid of theta), its numerical derivative at the mode and its mean;
``scipy.stats.bernoulli.logpmf`` and ``scipy.special.xlogy`` / ``xlog1py``;
``scipy.stats.norm.logpdf``; scikit-learn's ``Ridge(alpha=noise_var / prior_var,
fit_intercept=False)``, ``np.linalg.lstsq`` (the flat-prior limit) and the stationarity of
the log posterior (the regularised normal equations' residual, judged relative to the
scale of its terms).

One mistake, one loss. Each exercise's first check judges its formula and names the
catalogued mistakes; its other checks judge their own property and accept a value that
shows one of those formula mistakes when the student's function makes the same mistake on
a fixed probe input (``_judge``). ``bayes_posterior`` is also accepted when it equals
prior * likelihood divided by the student's own (wrong) ``evidence``, and
``sequential_posterior`` when its rows are the student's own (wrong) ``bayes_posterior``
applied step by step: a wrong upstream function costs its points once. Random priors are
dyadic (``_exact``): they sum to exactly 1 in any order, so only the array-likes checks see
sums that are 1 within rounding. Every call is watched for arguments changed in place;
each exercise charges what it saw once, in its inputs_unchanged check.
"""
import functools
import math

import numpy as np
import scipy.optimize
import scipy.special
import scipy.stats
from sklearn.linear_model import Ridge

from autograder.grader_api import (CheckFailure, Checks, Invalid, NumpyScalar, StudentError,
                                   as_array, as_float, call_ignoring_errors, call_valid, close,
                                   expect_close, expect_no_side_effects, expect_true,
                                   expect_value_error, expect_value_errors, fail, fmt,
                                   register_misconception)

checks = Checks("06_probability_ml_concepts")

# Mutants of the reference that no correct check can kill, each with the reason.
_SUM_BOUNDARY = ("|row sum - 1| never equals 1e-6 exactly: for a float sum near 1, sum - 1.0 "
                 "is exact (Sterbenz) and a multiple of 2**-53, while the float 1e-6 is "
                 "4722366482869645 * 2**-72 (odd numerator), no such multiple; so > and >= "
                 "agree on every input.")
EQUIVALENT_MUTANTS = {
    "sequential_posterior/compare-Gt-GtE/ca401fe5": _SUM_BOUNDARY,
    "bernoulli_log_likelihood/overwrite/a97a7fc0": (
        "total is 0.0 just before this line (it is the first term added), so total = x and "
        "total += x give the same value."),
    "ridge_map/number/ea7a84ae": (
        "reached only when y.ndim == 1 (the or short-circuits on y.ndim != 1), and for a 1-D "
        "array y.shape[-1] is y.shape[0]."),
}

EVIDENCE_UNWEIGHTED = register_misconception(
    "evidence-likelihoods-not-weighted-by-prior",
    "the likelihoods were added (or averaged) without their prior weights: the law of total "
    "probability is P(D) = sum_k P(D | h_k) P(h_k), an average of the likelihoods weighted "
    "by the prior, not sum_k P(D | h_k).")
POSTERIOR_UNNORMALISED = register_misconception(
    "posterior-not-divided-by-evidence",
    "prior * likelihood was returned without dividing by the evidence: that is the joint "
    "P(h_k, D), not the posterior P(h_k | D) = P(h_k, D) / P(D). Divide by its sum so that "
    "the posterior sums to 1.")
PRIOR_IGNORED = register_misconception(
    "posterior-ignores-the-prior",
    "the likelihoods were normalised on their own: the posterior is proportional to "
    "likelihood * prior; without the prior, every hypothesis is treated as equally likely "
    "in advance.")
FORGETS_PAST = register_misconception(
    "sequential-update-restarts-from-the-prior",
    "every row was computed from the original prior and only the newest observation: "
    "yesterday's posterior is today's prior, so row t must be the update of row t - 1 "
    "(equivalently, the prior times the product of all the likelihoods so far).")
NO_PRIOR_ROW = register_misconception(
    "sequential-posterior-missing-the-prior-row",
    "the result has T rows instead of T + 1: row 0 must be the prior itself (the posterior "
    "after no observations), row t the posterior after the first t observations.")
UNDERFLOW = register_misconception(
    "likelihood-product-underflows",
    "the likelihoods of all the observations were multiplied together before normalising: "
    "the product of thousands of probabilities underflows to 0 in float64 (0.5 ** 1075 == "
    "0.0), and 0 / 0 is undefined. Renormalise after every observation, or add "
    "log-likelihoods and normalise with a log-sum-exp.")
SEQ_CLAMPED = register_misconception(
    "ruled-out-hypothesis-kept-alive-by-an-epsilon",
    "a probability was clamped to at least an epsilon (or an epsilon added) before "
    "multiplying or taking logs: a hypothesis with prior 0, or one that gave an observed "
    "outcome probability 0, is ruled out for good and must be exactly 0 in every later row. "
    "The epsilon keeps it alive at a size set only by the epsilon (and enough observations "
    "it explains well can bring it back). Multiply the exact probabilities, or take "
    "np.log of them with np.errstate(divide='ignore') so that log 0 = -inf.")
BETA_SWAPPED = register_misconception(
    "beta-update-heads-and-tails-swapped",
    "the counts went to the wrong parameters: with theta = P(heads), the likelihood "
    "theta^h (1 - theta)^t multiplies theta^(alpha - 1) (1 - theta)^(beta - 1), so heads "
    "add to alpha and tails to beta.")
BETA_MODE_IS_MEAN = register_misconception(
    "beta-mode-confused-with-mean",
    "the mean alpha / (alpha + beta) was returned: the MAP estimate is the mode, where the "
    "derivative (alpha - 1)/theta - (beta - 1)/(1 - theta) of the log density vanishes, "
    "theta = (alpha - 1) / (alpha + beta - 2).")
BETA_MODE_DENOMINATOR = register_misconception(
    "beta-mode-denominator-without-minus-2",
    "(alpha - 1) / (alpha + beta) is not the mode: solving (alpha - 1)(1 - theta) = "
    "(beta - 1) theta gives theta = (alpha - 1) / (alpha + beta - 2).")
LL_MEAN = register_misconception(
    "log-likelihood-averaged-instead-of-summed",
    "the mean over the data was returned: the log-likelihood of independent observations is "
    "the log of their joint probability, the SUM of their log probabilities (the training "
    "loss often divides by n, the log-likelihood does not).")
LL_SIGN = register_misconception(
    "negative-log-likelihood-returned",
    "the sign is flipped: the log-likelihood of probabilities <= 1 is <= 0; its negative is "
    "the loss (the NLL).")
LL_THETA_SWAPPED = register_misconception(
    "bernoulli-theta-is-probability-of-zero",
    "theta was used as the probability of a 0: theta = P(x = 1), so a 1 contributes ln(theta) "
    "and a 0 contributes ln(1 - theta).")
LL_LOG2 = register_misconception(
    "log-likelihood-in-bits",
    "log base 2 was used: likelihoods and losses here are in nats (natural logarithms, as "
    "in PyTorch); bits are nats / ln 2.")
LL_LOG_OF_PRODUCT = register_misconception(
    "log-of-a-product-underflows",
    "the probabilities were multiplied and then logged: a product of 10^5 probabilities "
    "underflows to 0.0 and log(0) = -inf. Add the logs: k ln(theta) + (n - k) ln(1 - theta).")
LL_CLAMPED = register_misconception(
    "theta-clamped-before-log",
    "theta (or a probability) was clamped to [1e-10, 1 - 1e-10] or shifted by an epsilon "
    "before the log: an observed outcome of probability 0 has log-likelihood -inf, and a "
    "factor theta^0 = 1 contributes exactly 0; the clamp replaces both by numbers that only "
    "reflect the arbitrary epsilon.")
LL_NAN = register_misconception(
    "zero-times-log-zero-gives-nan",
    "0 * log 0 was evaluated literally (0 * -inf = nan): with theta = 0 and no observed 1, "
    "the term k ln(theta) is absent (theta^0 = 1). Count the ones and zeros first and only "
    "take logs of probabilities that occur.")
NLL_SUM = register_misconception(
    "gaussian-nll-summed-instead-of-averaged",
    "the NLL was summed over the observations: gaussian_nll is the MEAN over the "
    "observations (a loss per example, comparable between data sets of different sizes).")
NLL_SIGMA_AS_VARIANCE = register_misconception(
    "gaussian-sigma-used-as-variance",
    "sigma was used as the variance: sigma is the standard deviation, so the NLL is "
    "1/2 ln(2 pi sigma^2) + (y - mu)^2 / (2 sigma^2).")
NLL_NO_CONSTANT = register_misconception(
    "gaussian-nll-missing-normaliser",
    "the normalising term 1/2 ln(2 pi sigma^2) was left out: without it only the squared "
    "error over 2 sigma^2 remains, which has the same minimiser in mu but is not the "
    "negative log density (and is wrong in sigma).")
NLL_NO_HALF = register_misconception(
    "gaussian-nll-missing-half-on-squared-error",
    "the factor 1/2 of the squared error is missing: -ln N(y | mu, sigma^2) contains "
    "(y - mu)^2 / (2 sigma^2).")
RIDGE_INVERTED = register_misconception(
    "ridge-lambda-is-prior-over-noise",
    "the ratio is upside down: multiplying ||y - Xw||^2 / (2 noise_var) + ||w||^2 / "
    "(2 prior_var) by 2 noise_var gives lam = noise_var / prior_var (a tighter prior, or "
    "noisier data, means stronger regularisation).")
RIDGE_NO_NOISE = register_misconception(
    "ridge-lambda-ignores-noise",
    "lam = 1 / prior_var ignores the noise: the likelihood term carries 1 / (2 noise_var), so "
    "the penalty relative to ||y - Xw||^2 is lam = noise_var / prior_var.")
RIDGE_FACTOR_2 = register_misconception(
    "ridge-lambda-off-by-factor-2",
    "lam is off by a factor of 2: with the 1/2 of both Gaussian exponents kept (or dropped) "
    "on both terms, the MAP problem is ||y - Xw||^2 + lam ||w||^2 with lam = noise_var / "
    "prior_var, solved by (X^T X + lam I) w = X^T y.")
RIDGE_OLS = register_misconception(
    "ridge-prior-ignored",
    "the prior was ignored: this is least squares. The Gaussian prior adds lam * I to X^T X, "
    "lam = noise_var / prior_var.")
NUMBER_AS_ARRAY = register_misconception(
    "scalar-returned-as-array",
    "a number returned as a one-element array (np.array([v]), a sum with keepdims=True): "
    "the value is right, but the function returns a float. Return float(v).")

PMF_SLACK = 1e-6

#: a ValueError on valid input is wrong: say why, where a call site gives no other reason
_call_valid = functools.partial(
    call_valid, why="the prior sums to 1 within 1e-6 and every other argument is valid")


# -- helpers -----------------------------------------------------------------------

def _exact(w, bits=30):
    """A vector proportional to the non-negative ``w`` whose entries are multiples of
    2**-bits, summing to exactly 1 in any order (zeros stay zero, positives positive)."""
    w = np.asarray(w, dtype=float)
    scale = 2.0 ** bits
    units = np.floor(w / w.sum() * scale)
    units[(w > 0) & (units == 0)] = 1.0
    units[np.argmax(units)] += scale - units.sum()
    return units / scale


def _prior(rng, k, alpha=None, bits=30):
    alpha = float(rng.choice([0.5, 1.0, 3.0])) if alpha is None else alpha
    return _exact(rng.dirichlet(np.full(k, alpha)), bits)


def _show(value):
    try:
        return fmt(np.asarray(value, dtype=float))
    except (TypeError, ValueError):
        return type(value).__name__


def _expect(value, expected, what, tol="float", mistakes=None):
    """expect_close, naming a catalogued mistake; ``mistakes`` may hold several values of
    one mistake under keys that differ only by trailing spaces."""
    if np.shape(value) == np.shape(expected) and close(value, expected, tol):
        return value
    for key, wrong in (mistakes or {}).items():
        if wrong is not None and np.shape(value) == np.shape(wrong) and close(value, wrong, "float") \
                and not close(wrong, expected, tol):
            fail(f"{what}: got {fmt(value)}, expected {fmt(expected)}.", key.strip())
    return expect_close(value, expected, what, tol=tol)


def _scalar(got, expected, what, tol="float", misconceptions=None):
    """expect_close for an exercise's main check, which also judges the type: the right
    value in a one-element array is named as a shape mistake."""
    value = as_float(got, what)
    if np.ndim(got) > 0 and close(value, expected, tol):
        fail(f"{what}: the right value {fmt(value)}, but returned inside an array of shape "
             f"{np.shape(got)}: return a float.", NUMBER_AS_ARRAY)
    return _expect(value, expected, what, tol=tol, mistakes=misconceptions)


def _array(got, expected, what, tol="float", misconceptions=None):
    """expect_close for an array answer that must be an np.ndarray of the right shape."""
    if not isinstance(got, np.ndarray):
        try:
            value = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            value = None
        if value is not None and value.shape == np.shape(expected) and close(value, expected, tol):
            fail(f"{what}: the right values, but returned as {type(got).__name__}: return an "
                 "np.ndarray.")
    return _expect(as_array(got, what), expected, what, tol=tol, mistakes=misconceptions)


# -- the catalogued mistakes, and fixed probes that show whether a function makes them --

def _ev(prior, lik):
    return math.fsum(np.asarray(prior, dtype=float) * np.asarray(lik, dtype=float))


def _post(prior, lik):
    joint = np.asarray(prior, dtype=float) * np.asarray(lik, dtype=float)
    return joint / math.fsum(joint)


def _ev_mistakes(prior, lik):
    lik = np.asarray(lik, dtype=float)
    return {EVIDENCE_UNWEIGHTED: math.fsum(lik), EVIDENCE_UNWEIGHTED + " ": float(np.mean(lik))}


def _post_mistakes(prior, lik):
    prior, lik = np.asarray(prior, dtype=float), np.asarray(lik, dtype=float)
    out = {POSTERIOR_UNNORMALISED: prior * lik}
    if lik.sum() > 0:
        out[PRIOR_IGNORED] = lik / math.fsum(lik)
    return out


def _ll(theta, data):
    data = np.asarray(data, dtype=float)
    k = float(data.sum())
    return float(scipy.special.xlogy(k, theta) + scipy.special.xlog1py(data.size - k, -theta))


def _ll_mistakes(theta, data):
    value = _ll(theta, data)
    n = max(np.size(data), 1)
    return {LL_MEAN: value / n, LL_SIGN: -value, LL_LOG2: value / math.log(2),
            LL_THETA_SWAPPED: _ll(1 - theta, data)}


def _nll(y, mu, sigma):
    return float(-np.mean(scipy.stats.norm.logpdf(y, loc=mu, scale=sigma)))


def _nll_mistakes(y, mu, sigma):
    y = np.asarray(y, dtype=float)
    mu, sigma = np.broadcast_to(mu, y.shape), np.broadcast_to(sigma, y.shape)
    sq = (y - mu) ** 2
    return {
        NLL_SUM: _nll(y, mu, sigma) * y.size,
        NLL_SIGMA_AS_VARIANCE: float(np.mean(0.5 * np.log(2 * np.pi * sigma) + sq / (2 * sigma))),
        NLL_NO_CONSTANT: float(np.mean(sq / (2 * sigma ** 2))),
        NLL_NO_HALF: float(np.mean(0.5 * np.log(2 * np.pi * sigma ** 2) + sq / sigma ** 2)),
    }


def _ridge(X, y, lam):
    return Ridge(alpha=lam, fit_intercept=False, solver="cholesky").fit(X, y).coef_


def _ridge_direct(X, y, lam):
    X = np.asarray(X, dtype=float)
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ np.asarray(y, dtype=float))


def _ridge_mistakes(X, y, noise_var, prior_var):
    lam = noise_var / prior_var
    out = {RIDGE_INVERTED: _ridge_direct(X, y, prior_var / noise_var),
           RIDGE_NO_NOISE: _ridge_direct(X, y, 1 / prior_var),
           RIDGE_FACTOR_2: _ridge_direct(X, y, 2 * lam),
           RIDGE_FACTOR_2 + " ": _ridge_direct(X, y, lam / 2)}
    X = np.asarray(X, dtype=float)
    if X.shape[0] >= X.shape[1]:
        out[RIDGE_OLS] = np.linalg.lstsq(X, y, rcond=None)[0]
    return out


_SEQ_PRIOR = [0.5, 0.5]
_SEQ_TABLE = [[0.5, 0.5], [0.2, 0.8]]
_SEQ_OBS = [1, 1, 0]
_RIDGE_X = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, -1.0]]
_RIDGE_Y = [1.0, 2.0, 3.0, 0.5]

# {exercise: (args, {mistake: the value it gives on args})}
_PROBES = {
    "evidence": (([0.25, 0.75], [0.5, 2.0]), _ev_mistakes([0.25, 0.75], [0.5, 2.0])),
    "bayes_posterior": (([0.25, 0.5, 0.25], [0.5, 0.25, 1.0]),
                        _post_mistakes([0.25, 0.5, 0.25], [0.5, 0.25, 1.0])),
    "bernoulli_log_likelihood": ((0.3, [1, 0, 0, 1, 0]), _ll_mistakes(0.3, [1, 0, 0, 1, 0])),
    "gaussian_nll": (([0.5, -1.0, 2.0], 0.25, 1.5), _nll_mistakes([0.5, -1.0, 2.0], 0.25, 1.5)),
    "ridge_map": ((_RIDGE_X, _RIDGE_Y, 2.0, 0.5), _ridge_mistakes(_RIDGE_X, _RIDGE_Y, 2.0, 0.5)),
}


def _same_mistake(student, name, key):
    """Whether the student's ``name`` makes the catalogued mistake ``key`` on its probe."""
    key = key.strip()
    args, mistakes = _PROBES[name]
    try:
        value = as_array(student.call(name, *args), f"{name} on a probe")
    except (StudentError, CheckFailure):
        return False
    return any(k.strip() == key and value.shape == np.shape(wrong) and close(value, wrong, "float")
               for k, wrong in mistakes.items())


def _judge(student, name, got, expected, what, mistakes, tol="float"):
    """A check other than the exercise's main one: a value showing a catalogued formula
    mistake passes when the student's function makes that mistake on the probe too (the
    main check charges it)."""
    value = as_array(got, what) if np.ndim(expected) else as_float(got, what)
    if np.shape(value) == np.shape(expected) and close(value, expected, tol):
        return value
    mistakes = {k: v for k, v in mistakes.items() if not close(v, expected, tol)}
    for key, wrong in mistakes.items():
        if np.shape(value) == np.shape(wrong) and close(value, wrong, tol) \
                and _same_mistake(student, name, key.strip()):
            return value
    return _expect(value, expected, what, tol=tol, mistakes=mistakes)


# ===================================================================== evidence

def _likelihoods(rng, k):
    """Likelihoods of both kinds: probabilities in [0, 1] or density values up to ~5."""
    if rng.random() < 0.5:
        return rng.uniform(0.01, 1.0, size=k)
    return rng.gamma(2.0, 1.0, size=k) + 0.01


@checks("evidence", points=0.75)
def test_evidence_is_the_prior_weighted_sum_of_likelihoods(student, rng):
    for _ in range(3):
        k = int(rng.integers(2, 9))
        prior, lik = _prior(rng, k), _likelihoods(rng, k)
        what = f"evidence({fmt(prior)}, {fmt(lik)})"
        got = _call_valid(student, "evidence", prior.tolist(), lik.tolist(), what=what)
        _scalar(got, _ev(prior, lik), what, misconceptions=_ev_mistakes(prior, lik))


@checks("evidence", points=0.25)
def test_evidence_zero_when_the_data_are_impossible(student, rng):
    k = int(rng.integers(3, 8))
    prior = rng.dirichlet(np.ones(k))
    ruled_out = rng.choice(k, size=int(rng.integers(1, k)), replace=False)
    prior[ruled_out] = 0.0
    prior = _exact(prior)
    lik = _likelihoods(rng, k)
    lik[prior > 0] = 0.0                  # impossible under every hypothesis with prior mass
    what = (f"evidence({fmt(prior)}, {fmt(lik)}) (every hypothesis with prior mass gives the "
            "data likelihood 0)")
    got = _call_valid(student, "evidence", prior, lik, what=what,
                      why="an evidence of 0 is a valid value: return 0.0")
    _judge(student, "evidence", got, 0.0, what, _ev_mistakes(prior, lik))


@checks("evidence", points=0.25)
def test_evidence_accepts_array_likes(student, rng):
    k = int(rng.integers(3, 7))
    prior, lik = _prior(rng, k, bits=12), np.round(_likelihoods(rng, k), 3)
    rounded = rng.dirichlet(np.ones(k))
    cases = [
        ((prior.astype(np.float32), lik.astype(np.float32)),
         _ev(prior.astype(np.float32), lik.astype(np.float32)), "float32 arrays", "float32"),
        (([1 / 7] * 7, [0.5] * 7), 0.5, "a prior of seven 1/7 (float sum 0.9999999999999998)",
         "float"),
        ((rounded.tolist(), lik.tolist()), _ev(rounded, lik),
         f"a prior whose float sum is {sum(rounded.tolist())!r}", "float"),
        (([0, 1], (3, 2)), 2.0, "an integer list and an integer tuple", "float"),
    ]
    for args, expected, label, tol in cases:
        what = f"evidence({fmt(np.asarray(args[0], float))}, {fmt(np.asarray(args[1], float))}) ({label})"
        got = _call_valid(student, "evidence", *args, what=what)
        _judge(student, "evidence", got, expected, what, _ev_mistakes(*args), tol=tol)


def _invalid_prior_cases(rng, name, k=4):
    """(prior, likelihood, description): inputs the contract rejects."""
    prior, lik = _prior(rng, k), _likelihoods(rng, k)
    neg = prior.copy()
    neg[0] += neg[1] + 0.25
    neg[1] = -0.25
    bad_lik = lik.copy()
    bad_lik[1] = -0.5
    below, above = float(rng.choice([0.9, 0.5])), float(rng.choice([1.1, 1.5]))
    return [
        (neg, lik, f"{name} with a negative prior entry (the prior sums to 1)"),
        (prior * below, lik, f"{name} with a prior summing to {below:g}"),
        (prior * above, lik, f"{name} with a prior summing to {above:g}"),
        (prior, bad_lik, f"{name} with a negative likelihood"),
        (prior, np.where(np.arange(k) == 2, math.nan, lik), f"{name} with a nan likelihood"),
        (prior, np.where(np.arange(k) == 0, math.inf, lik), f"{name} with an infinite likelihood"),
        (prior, lik[:-1], f"{name} with {k} prior entries and {k - 1} likelihoods"),
    ]


@checks("evidence", points=0.5)
def test_evidence_rejects_invalid_input(student, rng):
    expect_value_errors(student, "evidence", [
        Invalid(what, (prior.tolist(), lik.tolist()))
        for prior, lik, what in _invalid_prior_cases(rng, "evidence")])


@checks("evidence", points=0.25)
def test_evidence_inputs_unchanged(student, rng):
    k = int(rng.integers(3, 8))
    prior = _prior(rng, k) * (1 - 3e-7)          # within 1e-6: normalising in place changes it
    call_ignoring_errors(student, "evidence", prior, _likelihoods(rng, k))
    call_ignoring_errors(student, "evidence", _prior(rng, k).tolist(), _likelihoods(rng, k).tolist())
    expect_no_side_effects(student, "inputs")


# ============================================================== bayes_posterior

def _judge_posterior(student, got, prior, lik, what, main=False):
    """The posterior, or (one mistake, one loss) prior * lik divided by the student's own
    evidence when that evidence is wrong."""
    expected = _post(prior, lik)
    value = as_array(got, what)
    if value.shape == expected.shape and close(value, expected, "float"):
        if main and not isinstance(got, np.ndarray):
            fail(f"{what}: the right values, but returned as {type(got).__name__}: return an "
                 "np.ndarray.")
        return value
    try:
        own = as_float(student.call("evidence", prior, lik), "evidence")
    except (StudentError, CheckFailure):
        own = None
    if own is not None and own > 0 and not close(own, _ev(prior, lik), "float") \
            and value.shape == expected.shape \
            and close(value, np.asarray(prior) * np.asarray(lik) / own, "float"):
        return value
    if main:
        return _array(got, expected, what, misconceptions=_post_mistakes(prior, lik))
    return _judge(student, "bayes_posterior", got, expected, what, _post_mistakes(prior, lik))


@checks("bayes_posterior", points=1)
def test_bayes_posterior_is_prior_times_likelihood_over_evidence(student, rng):
    for _ in range(3):
        k = int(rng.integers(2, 9))
        prior, lik = _prior(rng, k), _likelihoods(rng, k)
        what = f"bayes_posterior({fmt(prior)}, {fmt(lik)})"
        got = _call_valid(student, "bayes_posterior", prior.tolist(), lik.tolist(), what=what)
        _judge_posterior(student, got, prior, lik, what, main=True)


@checks("bayes_posterior", points=0.5)
def test_bayes_posterior_only_likelihood_ratios_matter(student, rng):
    k = int(rng.integers(3, 7))
    prior, lik = _prior(rng, k), _likelihoods(rng, k)
    for scale in (10.0 ** -float(rng.uniform(150, 250)), 10.0 ** float(rng.uniform(150, 250)),
                  float(rng.uniform(2, 50))):
        scaled = lik * scale
        what = (f"bayes_posterior({fmt(prior)}, likelihoods {fmt(lik)} times {scale:.3g}) "
                "(multiplying every likelihood by one constant leaves the posterior unchanged)")
        got = _call_valid(student, "bayes_posterior", prior, scaled, what=what)
        _judge_posterior(student, got, prior, scaled, what)


@checks("bayes_posterior", points=0.5)
def test_bayes_posterior_zero_prior_or_likelihood_gives_exactly_zero(student, rng):
    k = int(rng.integers(4, 8))
    prior = rng.dirichlet(np.ones(k))
    prior[0] = 0.0
    prior = _exact(prior)
    lik = _likelihoods(rng, k)
    lik[-1] = 0.0
    lik[0] = float(rng.uniform(0.5, 1.0))     # a strong likelihood cannot revive a prior of 0
    cases = [(prior, lik, "a prior of 0 and a likelihood of 0"),
             (np.array([1.0]), np.array([float(rng.uniform(0.1, 3))]), "one hypothesis")]
    for p, lik_k, label in cases:
        what = f"bayes_posterior({fmt(p)}, {fmt(lik_k)}) ({label})"
        got = _call_valid(student, "bayes_posterior", p, lik_k, what=what)
        value = as_array(got, what)
        expect_true(not np.any(np.isnan(value)), f"{what} returned nan: {fmt(value)}")
        _judge_posterior(student, got, p, lik_k, what)
        zero = (p == 0) | (lik_k == 0)
        if value.shape == p.shape and close(value, _post(p, lik_k), "float"):
            expect_true(np.all(value[zero] == 0.0),
                        f"{what}: the hypotheses with prior 0 or likelihood 0 must get posterior "
                        f"exactly 0, got {fmt(value)}")


@checks("bayes_posterior", points=0.5)
def test_bayes_posterior_zero_evidence_raises(student, rng):
    k = int(rng.integers(3, 7))
    prior = _prior(rng, k)
    cases = [Invalid(f"bayes_posterior({fmt(prior)}, all likelihoods 0) (the evidence is 0)",
                     (prior, np.zeros(k)))]
    prior = rng.dirichlet(np.ones(k))
    prior[: k - 1] = 0.0
    prior = _exact(prior)
    lik = _likelihoods(rng, k)
    lik[-1] = 0.0
    cases.append(Invalid(f"bayes_posterior({fmt(prior)}, {fmt(lik)}) (the only hypothesis with "
                         "prior mass gives the data likelihood 0: the evidence is 0)", (prior, lik)))
    expect_value_errors(student, "bayes_posterior", cases)


@checks("bayes_posterior", points=0.25)
def test_bayes_posterior_rejects_invalid_input(student, rng):
    expect_value_errors(student, "bayes_posterior", [
        Invalid(what, (prior.tolist(), lik.tolist()))
        for prior, lik, what in _invalid_prior_cases(rng, "bayes_posterior")])


@checks("bayes_posterior", points=0.25)
def test_bayes_posterior_inputs_unchanged(student, rng):
    k = int(rng.integers(3, 8))
    prior = _prior(rng, k) * (1 - 3e-7)
    call_ignoring_errors(student, "bayes_posterior", prior, _likelihoods(rng, k))
    call_ignoring_errors(student, "bayes_posterior", _prior(rng, k).tolist(),
                         _likelihoods(rng, k).tolist())
    expect_no_side_effects(student, "inputs")


# ========================================================= sequential_posterior

def _seq(prior, table, obs):
    """The posterior after each observation, in log space (logsumexp normalisation)."""
    prior, table = np.asarray(prior, dtype=float), np.asarray(table, dtype=float)
    obs = np.asarray(obs, dtype=int)
    with np.errstate(divide="ignore"):
        logs = np.log(table[:, obs]).T                  # (T, K)
        cum = np.log(prior) + np.vstack([np.zeros((1, prior.size)), np.cumsum(logs, axis=0)])
    cum = np.where(np.isnan(cum), -np.inf, cum)
    return np.exp(cum - scipy.special.logsumexp(cum, axis=1, keepdims=True))


def _seq_restarting(prior, table, obs):
    rows = [np.asarray(prior, dtype=float)]
    for o in obs:
        rows.append(_post(prior, np.asarray(table, dtype=float)[:, o]))
    return np.array(rows)


def _table(rng, k, o, zeros=False):
    w = rng.dirichlet(np.full(o, float(rng.choice([0.7, 2.0, 5.0]))), size=k)
    if zeros:
        w[rng.integers(k), rng.integers(o)] = 0.0
    return np.array([_exact(row) for row in w])


def _seq_from_own_bayes(student, prior, table, obs):
    """The rows the student's own bayes_posterior gives step by step (None if it fails)."""
    rows = [np.asarray(prior, dtype=float)]
    try:
        for o in obs:
            rows.append(as_array(student.call("bayes_posterior", rows[-1], table[:, o]), "row"))
        return np.array(rows)
    except (StudentError, CheckFailure, ValueError):
        return None


def _bayes_is_wrong(student):
    args, _ = _PROBES["bayes_posterior"]
    try:
        value = as_array(student.call("bayes_posterior", *args), "bayes_posterior probe")
    except (StudentError, CheckFailure):
        return True
    return not (value.shape == (3,) and close(value, _post(*args), "float"))


def _follows_own_bayes(student, value, prior, table, obs, tol="float"):
    """True when bayes_posterior is wrong and the rows ``value`` are what the student's own
    bayes_posterior gives step by step: that exercise charges the mistake."""
    if not _bayes_is_wrong(student):
        return False
    own = _seq_from_own_bayes(student, prior, np.asarray(table, dtype=float), obs)
    return own is not None and own.shape == np.shape(value) and close(value, own, tol)


def _rows_are_distributions(value):
    """Every row finite, non-negative and summing to 1 (what underflow breaks)."""
    with np.errstate(all="ignore"):
        return bool(np.all(np.isfinite(value)) and np.all(value >= 0)
                    and np.all(np.abs(value.sum(axis=1) - 1.0) <= 1e-9))


def _kept_alive(value, expected):
    """SEQ_CLAMPED when the entries that must be exactly 0 are small positive numbers and
    the rest agree: the signature of an epsilon, whatever its size."""
    zero = expected == 0.0
    if value.shape != expected.shape or not zero.any() or not np.all(np.isfinite(value)):
        return None
    alive = value[zero]
    if np.any(alive > 0) and np.all((alive >= 0) & (alive < 1e-4)) \
            and close(value[~zero], expected[~zero], (1e-3, 1e-6)):
        return SEQ_CLAMPED
    return None


def _seq_mistake(student):
    """The catalogued mistake the student's sequential_posterior makes on its probe."""
    try:
        value = as_array(student.call("sequential_posterior", _SEQ_PRIOR, _SEQ_TABLE, _SEQ_OBS),
                         "sequential_posterior probe")
    except (StudentError, CheckFailure):
        return None
    expected = _seq(_SEQ_PRIOR, _SEQ_TABLE, _SEQ_OBS)
    restarting = _seq_restarting(_SEQ_PRIOR, _SEQ_TABLE, _SEQ_OBS)
    if value.shape == expected.shape and close(value, restarting) and not close(value, expected):
        return FORGETS_PAST
    if value.shape == (len(_SEQ_OBS), 2) and close(value, expected[1:]):
        return NO_PRIOR_ROW
    return None


def _judge_rows(student, got, prior, table, obs, what, main=False, tol="float"):
    """Rows of posteriors against the log-space oracle, or the student's own (wrong)
    bayes_posterior applied step by step."""
    expected = _seq(prior, table, obs)
    value = as_array(got, what)
    if value.shape == expected.shape and close(value, expected, tol):
        if main and not isinstance(got, np.ndarray):
            fail(f"{what}: the right values, but returned as {type(got).__name__}: return an "
                 "np.ndarray.")
        return value
    if value.shape == (expected.shape[0] - 1, expected.shape[1]) and close(value, expected[1:], tol):
        if not main and _seq_mistake(student) == NO_PRIOR_ROW:
            return value                           # the main check charges it
        fail(f"{what}: the rows after each observation are right, but row 0 (the prior) is "
             f"missing: shape {value.shape}, expected {expected.shape}.", NO_PRIOR_ROW)
    restarting = _seq_restarting(prior, table, obs)
    if not main and value.shape == restarting.shape and close(value, restarting, tol) \
            and _seq_mistake(student) == FORGETS_PAST:
        return value
    if len(obs) <= 12 and _follows_own_bayes(student, value, prior, table, obs, tol):
        return value
    if _kept_alive(value, expected):
        fail(f"{what}: got {fmt(value)}, expected {fmt(expected)}: the entries that must be "
             "exactly 0 are not.", SEQ_CLAMPED)
    return _expect(value, expected, what, tol=tol, mistakes={FORGETS_PAST: restarting})


@checks("sequential_posterior", points=1)
def test_sequential_posterior_rows_are_the_successive_posteriors(student, rng):
    for _ in range(3):
        k, o = int(rng.integers(2, 6)), int(rng.integers(2, 5))
        prior, table = _prior(rng, k), _table(rng, k, o)
        obs = rng.integers(o, size=int(rng.integers(2, 10))).tolist()
        what = f"sequential_posterior({fmt(prior)}, {fmt(table)}, {obs})"
        got = _call_valid(student, "sequential_posterior", prior.tolist(), table.tolist(), obs,
                          what=what)
        _judge_rows(student, got, prior, table, obs, what, main=True)


@checks("sequential_posterior", points=0.5)
def test_sequential_posterior_final_row_equals_one_batch_update(student, rng):
    """Sequential = batch: the last row is the posterior of the product of the likelihoods,
    judged against the student's own bayes_posterior of that product (and the oracle)."""
    k, o = int(rng.integers(3, 6)), int(rng.integers(2, 5))
    prior, table = _prior(rng, k), _table(rng, k, o)
    obs = rng.integers(o, size=int(rng.integers(4, 12)))
    batch_lik = np.prod(table[:, obs], axis=1)
    expected = _post(prior, batch_lik)
    what = (f"the last row of sequential_posterior({fmt(prior)}, {fmt(table)}, {obs.tolist()}) "
            "(should equal one batch update: bayes_posterior(prior, product of the likelihoods "
            f"of all the observations) = {fmt(expected)})")
    got = as_array(_call_valid(student, "sequential_posterior", prior, table, obs, what=what), what)
    expect_true(got.ndim == 2 and got.shape[1] == k and got.shape[0] >= 1,
                f"{what}: expected a 2-D array with {k} columns, got shape {got.shape}")
    last = got[-1]
    if close(last, expected, "float"):
        return
    try:
        own = as_array(student.call("bayes_posterior", prior, batch_lik), "bayes_posterior")
    except (StudentError, CheckFailure):
        own = None
    if own is not None and own.shape == last.shape and close(last, own, "float") \
            and not close(own, expected, "float"):
        return                                     # the identity holds for the student's own
    if _follows_own_bayes(student, got, prior, table, obs):
        return                                     # the student's own bayes_posterior, stepwise
    restarted = _post(prior, table[:, obs[-1]])
    if close(last, restarted) and _seq_mistake(student) == FORGETS_PAST:
        return                                     # the main check charges it
    _expect(last, expected, what, mistakes={FORGETS_PAST: restarted})


@checks("sequential_posterior", points=0.25)
def test_sequential_posterior_order_of_observations_does_not_matter(student, rng):
    k, o = int(rng.integers(3, 6)), int(rng.integers(2, 5))
    prior, table = _prior(rng, k), _table(rng, k, o)
    obs = rng.integers(o, size=int(rng.integers(5, 12)))
    obs[0] = (obs[-1] + 1) % o                      # not a palindrome: the order differs
    shuffled = obs[::-1].copy()
    what = (f"sequential_posterior with observations {obs.tolist()} and then in reverse order "
            f"{shuffled.tolist()} (prior {fmt(prior)}, table {fmt(table)})")
    first = as_array(_call_valid(student, "sequential_posterior", prior, table, obs, what=what), what)
    second = as_array(_call_valid(student, "sequential_posterior", prior, table, shuffled, what=what),
                      what)
    expect_true(first.ndim == 2 and first.shape == second.shape and first.shape[0] >= 1,
                f"{what}: the results have shapes {first.shape} and {second.shape}")
    if not close(first[-1], second[-1], "float") and _seq_mistake(student) == FORGETS_PAST:
        return                                     # the main check charges it
    expect_true(close(first[-1], second[-1], "float"),
                f"{what}: the last rows differ, {fmt(first[-1])} and {fmt(second[-1])}: after all "
                "the observations the posterior depends on the product of their likelihoods "
                "only, whatever their order.",
                FORGETS_PAST if close(first[-1], _post(prior, table[:, obs[-1]]), "float") else None)


@checks("sequential_posterior", points=0.25)
def test_sequential_posterior_no_observations_gives_the_prior(student, rng):
    k, o = int(rng.integers(2, 6)), int(rng.integers(2, 5))
    prior, table = _prior(rng, k), _table(rng, k, o)
    for obs, label in (([], "[]"), (np.array([], dtype=int), "an empty integer array")):
        what = f"sequential_posterior({fmt(prior)}, table, {label}) (T = 0)"
        got = as_array(_call_valid(student, "sequential_posterior", prior, table, obs, what=what), what)
        if got.shape == (0, k) and _seq_mistake(student) == NO_PRIOR_ROW:
            continue                               # the main check charges it
        expect_true(got.shape == (1, k),
                    f"{what} should have shape (1, {k}): the prior as one row; got {got.shape}")
        expect_close(got, prior[None, :], what)


@checks("sequential_posterior", points=0.25)
def test_sequential_posterior_ruled_out_hypotheses_stay_exactly_zero(student, rng):
    k, o = int(rng.integers(4, 7)), int(rng.integers(3, 5))
    prior = rng.dirichlet(np.ones(k))
    prior[0] = 0.0
    prior = _exact(prior)
    table = _table(rng, k, o)
    table[1] = _exact(np.where(np.arange(o) == 0, 0.0, table[1]))   # h1 never shows outcome 0
    table[0] = _exact(np.where(np.arange(o) == 0, 3.0, table[0]))   # h0 loves outcome 0
    obs = rng.integers(1, o, size=int(rng.integers(3, 7)))
    obs[int(rng.integers(1, obs.size))] = 0
    what = f"sequential_posterior({fmt(prior)}, {fmt(table)}, {obs.tolist()})"
    got = as_array(_call_valid(student, "sequential_posterior", prior, table, obs, what=what), what)
    expect_true(not np.any(np.isnan(got)), f"{what} contains nan: {fmt(got)}")
    _judge_rows(student, got, prior, table, obs.tolist(), what)
    expected = _seq(prior, table, obs)
    if got.shape == (obs.size + 1, k) and close(got, expected, "float"):
        first_zero = int(np.argmax(obs == 0)) + 1
        clamped = _kept_alive(got, expected)
        expect_true(np.all(got[:, 0] == 0.0),
                    f"{what}: hypothesis 0 has prior 0, so it must stay exactly 0 in every row, "
                    f"got {fmt(got[:, 0])}", clamped)
        expect_true(np.all(got[first_zero:, 1] == 0.0),
                    f"{what}: hypothesis 1 gives outcome 0 probability 0, so after observation "
                    f"{first_zero - 1} it must be exactly 0 in every row, got {fmt(got[:, 1])}",
                    clamped)


@checks("sequential_posterior", points=0.75)
def test_sequential_posterior_stays_accurate_for_long_sequences(student, rng):
    k = int(rng.integers(3, 6))
    thetas = np.sort(rng.uniform(0.3, 0.7, size=k))
    table = np.stack([1 - thetas, thetas], axis=1)
    prior = _prior(rng, k, alpha=3.0)
    t = int(rng.integers(1500, 2500))       # >= 1500 flips: every product underflows
    obs = (rng.random(t) < thetas[int(rng.integers(k))]).astype(int)
    expected = _seq(prior, table, obs)
    what = (f"sequential_posterior over T = {t} coin flips ({k} hypotheses theta = {fmt(thetas)}); "
            "the product of that many likelihoods underflows to 0 in float64")
    try:
        got = student.call("sequential_posterior", prior, table, obs)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        fail(f"{what}: raised {err.type} ({err.message}), but every observation has positive "
             "probability under every hypothesis.", UNDERFLOW)
    value = as_array(got, what)
    if value.shape == expected.shape and close(value, expected, (1e-9, 1e-12)):
        return
    if _follows_own_bayes(student, value, prior, table, obs, (1e-9, 1e-12)):
        return        # the student's own bayes_posterior step by step: that exercise charges it
    if _bayes_is_wrong(student) and value.shape == expected.shape \
            and _rows_are_distributions(value):
        return        # the values may rest on the wrong bayes_posterior; the rows hold up
    mistake = _seq_mistake(student)
    if mistake == NO_PRIOR_ROW and value.shape == (t, k) and close(value, expected[1:], (1e-9, 1e-12)):
        return        # the main check charges it
    if mistake == FORGETS_PAST and value.shape == expected.shape \
            and close(value, _seq_restarting(prior, table, obs), (1e-9, 1e-12)):
        return
    bad = value.shape == expected.shape and not np.all(np.isfinite(value[-1]) & (value[-1].sum() > 0.5))
    if value.shape == expected.shape:
        with np.errstate(all="ignore"):
            diff = np.abs(value - expected)
        err = float(np.max(diff[np.isfinite(diff)])) if np.isfinite(diff).any() else math.nan
        fail(f"{what}: the rows differ from the posteriors (max abs. error {err:.3g}; "
             f"last row {fmt(value[-1])}, expected {fmt(expected[-1])}).",
             UNDERFLOW if bad else None)
    fail(f"{what}: expected shape {expected.shape}, got {value.shape}")


@checks("sequential_posterior", points=0.5)
def test_sequential_posterior_rejects_invalid_input(student, rng):
    # more hypotheses than outcomes: an observation o is out of range though o < k
    k = int(rng.integers(3, 6))
    o = int(rng.integers(2, k))
    prior, table = _prior(rng, k), _table(rng, k, o)
    neg = table.copy()
    neg[0, 0], neg[0, 1] = -0.25, neg[0, 1] + neg[0, 0] + 0.25   # still sums to 1
    nan = table.copy()
    nan[-1, 0] = math.nan
    cases = [
        (prior, table * float(rng.choice([0.5, 0.9])), [0], "a table whose rows sum to less than 1"),
        (prior, table * float(rng.choice([1.1, 1.5])), [0], "a table whose rows sum to more than 1"),
        (prior, nan, [0], "a table containing nan"),
        (prior, table[:1], [0], f"a table with one row for {k} hypotheses (it would broadcast)"),
        (prior, table, [0, o], f"an observation {o} outside 0..{o - 1}"),
        (prior, table, [0, -1], "an observation -1"),
        (prior, table, [0, 1.5], "an observation 1.5 that is no integer"),
        (prior, neg, [0], "a table with a negative entry"),
        (prior, table[:-1] if k > 2 else np.vstack([table, table]), [0],
         f"a table with {k - 1 if k > 2 else 2 * k} rows for {k} hypotheses"),
        (prior, table[:, 0], [0], "a 1-D table"),
        (prior * 0.5, table, [0], "a prior summing to 0.5"),
    ]
    expect_value_errors(student, "sequential_posterior", [
        Invalid(f"sequential_posterior with {label}",
                (np.asarray(p).tolist(), np.asarray(tab).tolist(), obs))
        for p, tab, obs, label in cases])


@checks("sequential_posterior", points=0.25)
def test_sequential_posterior_impossible_observation_raises(student, rng):
    k, o = int(rng.integers(3, 6)), int(rng.integers(3, 5))
    table = _table(rng, k, o)
    prior = rng.dirichlet(np.ones(k))
    prior[-1] = 0.0
    prior = _exact(prior)
    for h in range(k - 1):                         # outcome 0 impossible for every h with mass
        table[h] = _exact(np.where(np.arange(o) == 0, 0.0, table[h] + 0.05))
    obs = [int(v) for v in rng.integers(1, o, size=int(rng.integers(1, 5)))] + [0]
    what = (f"sequential_posterior({fmt(prior)}, {fmt(table)}, {obs}) (the last observation is "
            "impossible under every hypothesis with prior mass)")
    if _bayes_is_wrong(student):                   # one that never raises may be followed
        try:
            got = as_array(student.call("sequential_posterior", prior, table, obs), what)
        except StudentError:
            got = None                             # expect_value_error judges what it raised
        if got is not None and _follows_own_bayes(student, got, prior, table, obs):
            return
    expect_value_error(student, "sequential_posterior", prior, table, obs, what=what)


@checks("sequential_posterior", points=0.25)
def test_sequential_posterior_inputs_unchanged(student, rng):
    k, o = int(rng.integers(3, 6)), int(rng.integers(2, 5))
    prior = _prior(rng, k) * (1 - 3e-7)
    obs = rng.integers(o, size=6)
    call_ignoring_errors(student, "sequential_posterior", prior, _table(rng, k, o), obs)
    call_ignoring_errors(student, "sequential_posterior", _prior(rng, k).tolist(),
                         _table(rng, k, o).tolist(), obs.tolist())
    expect_no_side_effects(student, "inputs")


# ========================================================= beta_binomial_update

def _pair(got, what):
    expect_true(isinstance(got, (tuple, list)) and len(got) == 2,
                f"{what} should return a tuple (alpha_post, beta_post), got {_show(got)}")
    return as_float(got[0], what + "[0]"), as_float(got[1], what + "[1]")


@checks("beta_binomial_update", points=0.75)
def test_beta_binomial_update_posterior_is_proportional_to_prior_times_likelihood(student, rng):
    """scipy.stats.beta's log density of the returned parameters minus the prior's log density
    and the log-likelihood h ln(theta) + t ln(1 - theta) must be constant in theta."""
    grid = np.linspace(0.02, 0.98, 33)
    for case in range(3):
        a, b = float(rng.uniform(0.3, 6)), float(rng.uniform(0.3, 6))
        h, t = int(rng.integers(0, 40)), int(rng.integers(0, 40))
        if case == 0:
            h = 0
        if case == 1:
            a = float(rng.uniform(0.2, 1.0))      # priors below 1 are valid (Jeffreys: 0.5)
        if case == 2:
            b = 1.0                               # the uniform prior's beta
        what = f"beta_binomial_update({fmt(a)}, {fmt(b)}, {h}, {t})"
        got = _call_valid(student, "beta_binomial_update", a, b, h, t, what=what,
                          why="alpha, beta > 0 and the counts are non-negative integers")
        a2, b2 = _pair(got, what)
        expected = (a + h, b + t)
        with np.errstate(all="ignore"):
            terms = scipy.stats.beta(a, b).logpdf(grid) + h * np.log(grid) + t * np.log1p(-grid)
            diff = scipy.stats.beta(a2, b2).logpdf(grid) - terms
        scale = 1.0 + float(np.max(np.abs(terms)))
        if np.all(np.isfinite(diff)) and np.ptp(diff) <= 1e-9 * scale:
            continue
        for key, wrong in {BETA_SWAPPED: (a + t, b + h)}.items():
            if close([a2, b2], wrong, "float") and not close(wrong, expected, "float"):
                fail(f"{what}: got Beta({fmt(a2)}, {fmt(b2)}), but the posterior "
                     f"prior x likelihood is Beta({fmt(expected[0])}, {fmt(expected[1])}).", key)
        fail(f"{what}: Beta({fmt(a2)}, {fmt(b2)}) is not proportional to prior x likelihood "
             f"(its log density minus theirs varies by {np.ptp(diff) if np.all(np.isfinite(diff)) else math.inf:.3g} "
             f"over theta in [0.02, 0.98]); expected Beta({fmt(expected[0])}, {fmt(expected[1])}).")


@checks("beta_binomial_update", points=0.5)
def test_beta_binomial_update_sequential_equals_batch(student, rng):
    a, b = float(rng.uniform(0.5, 4)), float(rng.uniform(0.5, 4))
    h1, t1, h2, t2 = (int(v) for v in rng.integers(0, 25, size=4))
    what = (f"beta_binomial_update(*beta_binomial_update({fmt(a)}, {fmt(b)}, {h1}, {t1}), "
            f"{h2}, {t2}) against beta_binomial_update({fmt(a)}, {fmt(b)}, {h1 + h2}, {t1 + t2})")
    first = _pair(_call_valid(student, "beta_binomial_update", a, b, h1, t1, what=what), what)
    twice = _pair(_call_valid(student, "beta_binomial_update", *first, h2, t2, what=what), what)
    once = _pair(_call_valid(student, "beta_binomial_update", a, b, h1 + h2, t1 + t2, what=what), what)
    expect_true(close(twice, once, "float"),
                f"{what}: updating twice gave {fmt(np.array(twice))}, once with all the counts "
                f"{fmt(np.array(once))}: the posterior after the first batch is the prior of the "
                "second, and the counts simply add up.")


@checks("beta_binomial_update", points=0.25)
def test_beta_binomial_update_returns_floats_for_any_integer_counts(student, rng):
    a, b = float(rng.uniform(0.5, 4)), float(rng.uniform(0.5, 4))
    h, t = int(rng.integers(1, 20)), int(rng.integers(1, 20))
    cases = [((a, b, 0, 0), (a, b), "no data"),
             ((int(rng.integers(1, 5)), int(rng.integers(1, 5)), h, t), None, "integer arguments"),
             ((a, b, float(h), float(t)), (a + h, b + t), "counts given as floats"),
             ((a, b, h, t), (a + h, b + t), "NumPy integer counts")]
    numpy_counts = (a, b, NumpyScalar("int64", h), NumpyScalar("int32", t))
    for args, expected, label in cases:
        if expected is None:
            expected = (args[0] + args[2], args[1] + args[3])
        what = f"beta_binomial_update{tuple(float(v) for v in args)} ({label})"
        sent = numpy_counts if label == "NumPy integer counts" else args
        got = _call_valid(student, "beta_binomial_update", *sent, what=what)
        pair = _pair(got, what)
        expect_true(all(type(v) is float for v in got),
                    f"{what} should return two Python floats, got "
                    f"({type(got[0]).__name__}, {type(got[1]).__name__})")
        if not close(pair, expected, "float"):
            if close(pair, (expected[0] - args[2] + args[3], expected[1] - args[3] + args[2]), "float"):
                continue                           # swapped: the main check charges it
            expect_close(np.array(pair), np.array(expected), what)


@checks("beta_binomial_update", points=0.5)
def test_beta_binomial_update_rejects_invalid_input(student, rng):
    a, b = float(rng.uniform(0.5, 4)), float(rng.uniform(0.5, 4))
    h, t = int(rng.integers(1, 20)), int(rng.integers(1, 20))
    cases = [((0.0, b, h, t), "alpha = 0"), ((a, 0.0, h, t), "beta = 0"),
             ((-0.5, b, h, t), "alpha = -0.5"), ((a, -0.5, h, t), "beta = -0.5"),
             ((math.inf, b, h, t), "alpha = inf"), ((a, math.inf, h, t), "beta = inf"),
             ((a, math.nan, h, t), "beta = nan"),
             ((a, b, -1, t), "heads = -1"), ((a, b, h, 2.5), "tails = 2.5"),
             ((a, b, math.inf, t), "heads = inf")]
    expect_value_errors(student, "beta_binomial_update", [
        Invalid(f"beta_binomial_update with {label}", args) for args, label in cases])


# ===================================================================== beta_map

def _mode_mistakes(a, b):
    return {BETA_MODE_IS_MEAN: a / (a + b), BETA_MODE_DENOMINATOR: (a - 1) / (a + b)}


@checks("beta_map", points=0.5)
def test_beta_map_is_the_mode_formula(student, rng):
    for case in range(3):
        a, b = 1 + float(rng.exponential(3)), 1 + float(rng.exponential(3))
        if case == 0:                   # both in (1, 2): every alpha, beta > 1 is valid
            a, b = 1 + float(rng.uniform(0.05, 1)), 1 + float(rng.uniform(0.05, 1))
        what = f"beta_map({fmt(a)}, {fmt(b)})"
        got = _call_valid(student, "beta_map", a, b, what=what, why="alpha, beta > 1")
        _scalar(got, (a - 1) / (a + b - 2), what, misconceptions=_mode_mistakes(a, b))


@checks("beta_map", points=0.5)
def test_beta_map_maximises_scipys_beta_density(student, rng):
    """The derivative of scipy.stats.beta's log density vanishes there (central differences),
    near alpha, beta = 1 and for very peaked densities."""
    cases = [(1 + float(rng.uniform(0.01, 0.2)), 1 + float(rng.uniform(0.5, 3))),
             (float(rng.uniform(200, 2000)), float(rng.uniform(200, 2000))),
             (float(rng.uniform(1.5, 10)), float(rng.uniform(1.5, 10)))]
    for a, b in cases:
        what = f"beta_map({fmt(a)}, {fmt(b)})"
        got = as_float(_call_valid(student, "beta_map", a, b, what=what, why="alpha, beta > 1"), what)
        expect_true(0 < got < 1, f"{what} = {fmt(got)} is not inside (0, 1)",
                    BETA_MODE_IS_MEAN if close(got, a / (a + b)) else None)
        h = 1e-6 * min(got, 1 - got)
        dist = scipy.stats.beta(a, b)
        slope = (dist.logpdf(got + h) - dist.logpdf(got - h)) / (2 * h)
        scale = (a - 1) / got + (b - 1) / (1 - got)
        if abs(slope) <= 1e-4 * scale:
            continue
        mistakes = {k: v for k, v in _mode_mistakes(a, b).items()
                    if close(got, v) and _same_mode_mistake(student, k)}
        if mistakes:
            continue                               # the main check charges it
        expect_close(got, float(scipy.optimize.minimize_scalar(
            lambda x: -dist.logpdf(x), bounds=(1e-12, 1 - 1e-12), method="bounded",
            options={"xatol": 1e-12}).x), what + " (the maximiser of the Beta density)",
            tol="numerical", misconceptions=_mode_mistakes(a, b))


def _same_mode_mistake(student, key):
    try:
        value = as_float(student.call("beta_map", 9.0, 5.0), "beta_map(9, 5)")
    except (StudentError, CheckFailure):
        return False
    return close(value, _mode_mistakes(9.0, 5.0)[key])


@checks("beta_map", points=0.5)
def test_beta_map_rejects_parameters_without_an_interior_mode(student, rng):
    x = 1 + float(rng.uniform(0.5, 5))
    pairs = [(1.0, x), (x, 1.0), (1.0, 1.0), (float(rng.uniform(0.1, 0.9)), x),
             (x, float(rng.uniform(0.1, 0.9))), (-2.0, x), (math.inf, x), (x, math.inf),
             (x, math.nan), (math.nan, x)]
    expect_value_errors(student, "beta_map", [
        Invalid(f"beta_map({fmt(a)}, {fmt(b)})", (a, b)) for a, b in pairs])



# ===================================================== bernoulli_log_likelihood

@checks("bernoulli_log_likelihood", points=0.75)
def test_bernoulli_log_likelihood_matches_scipy(student, rng):
    for case in range(4):
        theta = float(rng.uniform(0.03, 0.97))
        n = int(rng.integers(2, 60))
        data = (rng.random(n) < rng.uniform(0.1, 0.9)).astype(int)
        if case < 2:                               # exactly one 0, or exactly one 1
            data = np.full(n, 1 - case)
            data[int(rng.integers(n))] = case
        expected = float(np.sum(scipy.stats.bernoulli.logpmf(data, theta)))
        what = f"bernoulli_log_likelihood({fmt(theta)}, {data.tolist()})"
        got = _call_valid(student, "bernoulli_log_likelihood", theta, data.tolist(), what=what,
                          why="theta is in [0, 1] and the data are 0/1")
        _scalar(got, expected, what, misconceptions=_ll_mistakes(theta, data))


@checks("bernoulli_log_likelihood", points=0.5)
def test_bernoulli_log_likelihood_large_data_sets_do_not_underflow(student, rng):
    theta = float(rng.uniform(0.1, 0.9))
    n = int(rng.integers(100_000, 200_000))
    data = (rng.random(n) < theta).astype(np.int8)
    expected = _ll(theta, data)
    what = (f"bernoulli_log_likelihood({fmt(theta)}, {n} flips with {int(data.sum())} ones) "
            "(the product of the probabilities underflows to 0)")
    got = as_float(_call_valid(student, "bernoulli_log_likelihood", theta, data, what=what), what)
    if not math.isfinite(got):
        fail(f"{what}: got {got}, expected {fmt(expected)}.", LL_LOG_OF_PRODUCT)
    _judge(student, "bernoulli_log_likelihood", got, expected, what, _ll_mistakes(theta, data))


@checks("bernoulli_log_likelihood", points=0.5)
def test_bernoulli_log_likelihood_boundary_thetas(student, rng):
    n = int(rng.integers(30, 60))
    ones = rng.integers(1, n)
    cases = [(0.0, np.zeros(n, int), 0.0, "theta = 0 and no ones: 0 log 0 = 0"),
             (1.0, np.ones(n, int), 0.0, "theta = 1 and no zeros: 0 log 0 = 0"),
             (0.0, (np.arange(n) < ones).astype(int), -math.inf,
              "theta = 0 but ones were observed: probability 0, log-likelihood -inf"),
             (1.0, (np.arange(n) < ones).astype(int), -math.inf,
              "theta = 1 but zeros were observed: probability 0, log-likelihood -inf")]
    for theta, data, expected, label in cases:
        what = f"bernoulli_log_likelihood({theta:g}, {fmt(data)}) ({label})"
        got = as_float(_call_valid(student, "bernoulli_log_likelihood", theta, data.tolist(),
                                   what=what), what)
        if math.isnan(got):
            fail(f"{what} returned nan.", LL_NAN)
        if got == expected:
            continue
        if math.isfinite(got) and (expected == -math.inf or abs(got) > 0):
            fail(f"{what}: got {fmt(got)}, expected {expected}.", LL_CLAMPED)
        if expected == 0.0 and got == -math.inf and _same_mistake(student, "bernoulli_log_likelihood",
                                                                  LL_THETA_SWAPPED):
            continue
        fail(f"{what}: got {fmt(got)}, expected {expected}.")


@checks("bernoulli_log_likelihood", points=0.25)
def test_bernoulli_log_likelihood_empty_data_and_array_likes(student, rng):
    theta = float(rng.uniform(0.05, 0.95))
    data = (rng.random(int(rng.integers(5, 30))) < 0.5)
    expected = _ll(theta, data.astype(float))
    cases = [([], 0.0, "no data: probability 1, log 0"),
             (data, expected, "a boolean array"),
             (data.astype(float), expected, "a float array of 0.0/1.0"),
             (tuple(data.astype(int).tolist()), expected, "a tuple of ints")]
    for value, exp, label in cases:
        what = f"bernoulli_log_likelihood({fmt(theta)}, {_show(value)}) ({label})"
        got = _call_valid(student, "bernoulli_log_likelihood", theta, value, what=what)
        _judge(student, "bernoulli_log_likelihood", got, exp, what,
               _ll_mistakes(theta, np.asarray(value, dtype=float)))


@checks("bernoulli_log_likelihood", points=0.25)
def test_bernoulli_log_likelihood_rejects_invalid_input(student, rng):
    data = [1, 0, 1, 1]
    cases = [(-0.1, data, "theta = -0.1"), (1.2, data, "theta = 1.2"),
             (math.nan, data, "theta = nan"), (0.5, [1, 0, 2], "a 2 in the data"),
             (0.5, [0.5, 1.0], "a 0.5 in the data"), (0.5, [1, -1], "a -1 in the data")]
    expect_value_errors(student, "bernoulli_log_likelihood", [
        Invalid(f"bernoulli_log_likelihood with {label}", (theta, d)) for theta, d, label in cases])


@checks("bernoulli_log_likelihood", points=0.25)
def test_bernoulli_log_likelihood_inputs_unchanged(student, rng):
    data = (rng.random(int(rng.integers(5, 20))) < 0.5).astype(float)
    call_ignoring_errors(student, "bernoulli_log_likelihood", float(rng.uniform(0.1, 0.9)), data)
    call_ignoring_errors(student, "bernoulli_log_likelihood", 0.0, np.zeros(5))
    call_ignoring_errors(student, "bernoulli_log_likelihood", 0.5, data.astype(int).tolist())
    expect_no_side_effects(student, "inputs")


# ================================================================= gaussian_nll

@checks("gaussian_nll", points=0.75)
def test_gaussian_nll_matches_scipy_norm(student, rng):
    for _ in range(3):
        n = int(rng.integers(1, 40))
        mu, sigma = float(rng.normal(0, 3)), float(np.exp(rng.uniform(-2, 2)))
        y = rng.normal(mu + rng.normal(), sigma * rng.uniform(0.5, 2), size=n)
        what = f"gaussian_nll({fmt(y)}, {fmt(mu)}, {fmt(sigma)})"
        got = _call_valid(student, "gaussian_nll", y.tolist(), mu, sigma, what=what,
                          why="y is non-empty and sigma > 0")
        _scalar(got, _nll(y, mu, sigma), what, misconceptions=_nll_mistakes(y, mu, sigma))


@checks("gaussian_nll", points=0.5)
def test_gaussian_nll_one_mu_and_sigma_per_observation(student, rng):
    n = int(rng.integers(3, 30))
    mu = rng.normal(0, 2, size=n)
    sigma = np.exp(rng.uniform(-1.5, 1.5, size=n))
    y = mu + sigma * rng.normal(size=n)
    shape = (int(rng.integers(2, 5)), int(rng.integers(2, 5)))
    y2 = rng.normal(size=shape)
    cases = [((y, mu, sigma), "a mu and a sigma per observation"),
             ((y, mu, float(sigma[0])), "a mu per observation, one sigma"),
             ((y2, 0.5, 1.5), f"y of shape {shape}, scalar mu and sigma"),
             ((y2, y2 * 0.5, np.full(shape, 0.7)), f"y, mu and sigma of shape {shape}")]
    for (yy, mm, ss), label in cases:
        what = f"gaussian_nll({fmt(yy)}, {fmt(mm)}, {fmt(ss)}) ({label})"
        got = _call_valid(student, "gaussian_nll", yy, mm, ss, what=what)
        _judge(student, "gaussian_nll", got, _nll(yy, mm, ss), what, _nll_mistakes(yy, mm, ss))


@checks("gaussian_nll", points=0.5)
def test_gaussian_nll_rejects_invalid_input(student, rng):
    y = rng.normal(size=int(rng.integers(3, 8)))
    n = y.size
    sig = np.full(n, 1.3)
    sig[1] = 0.0
    cases = [((y, 0.0, 0.0), "sigma = 0"), ((y, 0.0, -1.0), "sigma = -1"),
             ((y, 0.0, sig), "a sigma array with a 0"),
             ((y, 0.0, math.inf), "sigma = inf"),
             ((np.zeros(0), 0.0, 1.0), "empty y"),
             ((y, np.zeros(n + 1), 1.0), f"mu of length {n + 1} for {n} observations"),
             ((np.ones((2, n)), np.zeros(n), 1.0),
              f"mu of shape ({n},) for y of shape (2, {n}) (it would broadcast)"),
             ((np.ones((2, n)), 0.0, np.ones(n)),
              f"sigma of shape ({n},) for y of shape (2, {n}) (it would broadcast)"),
             ((y, 0.0, np.ones(n - 1)), f"sigma of length {n - 1} for {n} observations")]
    expect_value_errors(student, "gaussian_nll", [
        Invalid(f"gaussian_nll with {label}", args) for args, label in cases])


@checks("gaussian_nll", points=0.25)
def test_gaussian_nll_inputs_unchanged(student, rng):
    n = int(rng.integers(3, 10))
    call_ignoring_errors(student, "gaussian_nll", rng.normal(size=n), rng.normal(size=n),
                         np.exp(rng.normal(size=n)))
    call_ignoring_errors(student, "gaussian_nll", rng.normal(size=n).tolist(), 0.5, 2.0)
    expect_no_side_effects(student, "inputs")


# ==================================================================== ridge_map

def _design(rng, n, d):
    return rng.normal(size=(n, d)) * rng.uniform(0.5, 2, size=d)


def _ridge_scale_close(got, expected, rel=1e-7):
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    return got.shape == expected.shape and bool(
        np.all(np.abs(got - expected) <= rel * (np.max(np.abs(expected)) + 1e-300)))


def _judge_ridge(student, got, X, y, noise_var, prior_var, what, main=False, rel=1e-7):
    expected = _ridge(X, y, noise_var / prior_var)
    value = as_array(got, what)
    if _ridge_scale_close(value, expected, rel):
        if main and not isinstance(got, np.ndarray):
            fail(f"{what}: the right weights, but returned as {type(got).__name__}: return an "
                 "np.ndarray.")
        return value
    mistakes = _ridge_mistakes(X, y, noise_var, prior_var)
    for key, wrong in mistakes.items():
        if _ridge_scale_close(value, wrong, 1e-6) and not _ridge_scale_close(wrong, expected, rel):
            if not main and _same_mistake(student, "ridge_map", key):
                return value
            fail(f"{what}: got {fmt(value)}, expected scikit-learn's Ridge(alpha = noise_var / "
                 f"prior_var = {fmt(noise_var / prior_var)}) weights {fmt(expected)}.", key.strip())
    if value.shape != expected.shape:
        fail(f"{what} should have shape {expected.shape}, got {value.shape}")
    err = float(np.max(np.abs(value - expected)) / np.max(np.abs(expected)))
    fail(f"{what}: got {fmt(value)}, expected scikit-learn's Ridge(alpha = "
         f"{fmt(noise_var / prior_var)}, fit_intercept=False) weights {fmt(expected)} "
         f"(relative error {err:.3g}).")


@checks("ridge_map", points=1)
def test_ridge_map_matches_sklearn_ridge(student, rng):
    for _ in range(3):
        d = int(rng.integers(1, 7))
        n = d + int(rng.integers(3, 30))
        X = _design(rng, n, d)
        y = X @ rng.normal(size=d) + rng.normal(size=n) * rng.uniform(0.1, 2)
        noise_var, prior_var = float(np.exp(rng.uniform(-2, 1.5))), float(np.exp(rng.uniform(-2, 1.5)))
        if abs(math.log(noise_var / prior_var)) < 0.3:
            prior_var *= 4.0                       # lam well away from 1: inverted ratio differs
        what = (f"ridge_map(X of shape {X.shape}, y, noise_var={fmt(noise_var)}, "
                f"prior_var={fmt(prior_var)})")
        got = _call_valid(student, "ridge_map", X.tolist(), y.tolist(), noise_var, prior_var,
                          what=what, why="X is (n, d), y has length n, the variances are positive")
        _judge_ridge(student, got, X, y, noise_var, prior_var, what, main=True)


@checks("ridge_map", points=0.5)
def test_ridge_map_more_features_than_examples(student, rng):
    """d > n: X^T X is singular and only the prior makes the answer unique. Judged by the
    stationarity of the log posterior, (X^T X + lam I) w = X^T y, relative to its terms."""
    n = int(rng.integers(2, 8))
    d = n + int(rng.integers(2, 15))
    X = _design(rng, n, d)
    y = rng.normal(size=n) * 3
    noise_var, prior_var = float(rng.uniform(0.2, 2)), float(rng.uniform(0.2, 2))
    lam = noise_var / prior_var
    what = f"ridge_map(X of shape {X.shape} (d > n), y, noise_var={fmt(noise_var)}, prior_var={fmt(prior_var)})"
    got = as_array(_call_valid(student, "ridge_map", X, y, noise_var, prior_var, what=what), what)
    if got.shape == (d,) and np.all(np.isfinite(got)):
        residual = X.T @ (X @ got) + lam * got - X.T @ y
        scale = np.linalg.norm(X.T @ X, 2) * np.linalg.norm(got) + lam * np.linalg.norm(got) \
            + np.linalg.norm(X.T @ y)
        if np.linalg.norm(residual) <= 1e-9 * scale:
            return
    _judge_ridge(student, got, X, y, noise_var, prior_var, what)


@checks("ridge_map", points=0.25)
def test_ridge_map_only_the_variance_ratio_matters(student, rng):
    d = int(rng.integers(2, 6))
    n = d + int(rng.integers(2, 10))
    X, y = _design(rng, n, d), rng.normal(size=n)
    noise_var, prior_var = float(rng.uniform(0.2, 3)), float(rng.uniform(0.2, 3))
    c = float(10 ** rng.uniform(-3, 3))
    what = (f"ridge_map(X, y, {fmt(noise_var)}, {fmt(prior_var)}) and ridge_map(X, y, "
            f"{fmt(noise_var * c)}, {fmt(prior_var * c)}) (the same ratio)")
    first = as_array(_call_valid(student, "ridge_map", X, y, noise_var, prior_var, what=what), what)
    second = as_array(_call_valid(student, "ridge_map", X, y, noise_var * c, prior_var * c,
                                  what=what), what)
    if first.shape == second.shape and _ridge_scale_close(second, first, 1e-9):
        return
    if _same_mistake(student, "ridge_map", RIDGE_NO_NOISE):
        return                                     # the main check charges it
    fail(f"{what}: the weights differ, {fmt(first)} and {fmt(second)}: lam = noise_var / "
         "prior_var is the same for both.",
         RIDGE_NO_NOISE if _ridge_scale_close(second, _ridge_direct(X, y, 1 / (prior_var * c)), 1e-6)
         else None)


@checks("ridge_map", points=0.25)
def test_ridge_map_limits_of_vague_and_tight_priors(student, rng):
    d = int(rng.integers(2, 6))
    n = d + int(rng.integers(5, 20))
    X = _design(rng, n, d)
    y = X @ rng.normal(size=d) + 0.3 * rng.normal(size=n)
    noise_var = float(rng.uniform(0.1, 2))
    ols = np.linalg.lstsq(X, y, rcond=None)[0]
    what = f"ridge_map(X of shape {X.shape}, y, {fmt(noise_var)}, prior_var = 1e10 * noise_var) (a vague prior: least squares)"
    got = _call_valid(student, "ridge_map", X, y, noise_var, noise_var * 1e10, what=what)
    value = as_array(got, what)
    if not _ridge_scale_close(value, ols, 1e-6):
        _judge_ridge(student, got, X, y, noise_var, noise_var * 1e10, what, rel=1e-6)
    what = f"ridge_map(X of shape {X.shape}, y, {fmt(noise_var)}, prior_var = 1e-10 * noise_var) (a tight prior: weights near 0)"
    got = _call_valid(student, "ridge_map", X, y, noise_var, noise_var * 1e-10, what=what)
    _judge_ridge(student, got, X, y, noise_var, noise_var * 1e-10, what)


@checks("ridge_map", points=0.25)
def test_ridge_map_accepts_lists_and_integer_arrays(student, rng):
    d = int(rng.integers(2, 5))
    n = d + int(rng.integers(2, 8))
    X = rng.integers(-3, 4, size=(n, d))
    y = rng.integers(-5, 6, size=n)
    for args, label in [((X, y, 2, 1), "integer arrays and integer variances"),
                        ((X.tolist(), tuple(y.tolist()), 0.5, 2.0), "a list of lists and a tuple")]:
        what = f"ridge_map({_show(args[0])}, {_show(args[1])}, {args[2]}, {args[3]}) ({label})"
        got = _call_valid(student, "ridge_map", *args, what=what)
        _judge_ridge(student, got, X.astype(float), y.astype(float), float(args[2]), float(args[3]),
                     what)


@checks("ridge_map", points=0.5)
def test_ridge_map_rejects_invalid_input(student, rng):
    d = int(rng.integers(2, 5))
    n = d + 3
    X, y = _design(rng, n, d), rng.normal(size=n)
    cases = [((X, y, 0.0, 1.0), "noise_var = 0"), ((X, y, 1.0, 0.0), "prior_var = 0"),
             ((X, y, -0.5, 1.0), "noise_var = -0.5"), ((X, y, 1.0, -0.5), "prior_var = -0.5"),
             ((X, y, math.inf, 1.0), "noise_var = inf"), ((X, y, 1.0, math.inf), "prior_var = inf"),
             ((X, y, math.nan, 1.0), "noise_var = nan"), ((X, y, 1.0, math.nan), "prior_var = nan"),
             ((X[:, 0], y, 1.0, 1.0), "a 1-D X"),
             ((X, y[:-1], 1.0, 1.0), f"y of length {n - 1} for {n} rows of X"),
             ((X, y[:, None], 1.0, 1.0), "a 2-D y of shape (n, 1)")]
    expect_value_errors(student, "ridge_map", [
        Invalid(f"ridge_map with {label}", args) for args, label in cases])


@checks("ridge_map", points=0.25)
def test_ridge_map_inputs_unchanged(student, rng):
    d = int(rng.integers(2, 5))
    n = d + 4
    call_ignoring_errors(student, "ridge_map", _design(rng, n, d), rng.normal(size=n), 0.7, 1.3)
    call_ignoring_errors(student, "ridge_map", _design(rng, n, d).tolist(),
                         rng.normal(size=n).tolist(), 2.0, 0.5)
    expect_no_side_effects(student, "inputs")
