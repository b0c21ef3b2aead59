"""Hidden checks of 02_kl_divergence: discrete and Gaussian KL, Monte Carlo KL, the
average NLL as H(p_hat) + KL(p_hat || q), and the forward (moment matching) and
reverse (grid search) Gaussian fits to a 1-D Gaussian mixture.

Oracles (never the notebook's solution): ``scipy.special.rel_entr`` and
``torch.distributions.kl_divergence`` (Categorical, Normal, in float64),
``scipy.stats.entropy``, numerical integration (the trapezoid rule on fine grids, for the
mixture's moments and for KL(mixture || Gaussian)), exact rational arithmetic
(``fractions.Fraction``) for a mixture far from 0, ``scipy.integrate.trapezoid``
over the whole (mu, sigma) grid for the reverse fit, and ``scipy.optimize.minimize``
on the same objective for its continuous optimum.

Statistical judgments: the Monte Carlo check draws fresh samples from p and accepts
an estimate within six standard errors *of that sample* (its own standard deviation
of log p - log q over sqrt(n)) of the exact KL: a correct estimator fails it with
probability about 2e-9 (normal approximation; the log ratios here are quadratics
of Gaussian draws, so n >= 2000 is well inside the CLT regime).

One mistake, one loss. Each exercise's first check judges its formula (and that a
number comes back as a float, a pair as a tuple); the other checks judge their own
property and accept a value showing a catalogued formula mistake when the
student's function makes that same mistake on a fixed probe input
(``_expect_secondary``). Random PMFs are dyadic (``_exact``): they sum to exactly 1
in any order of addition. Every call is watched for arguments changed in place;
each exercise charges what it saw once, in its inputs_unchanged check.
"""
import functools
import math
from fractions import Fraction

import numpy as np
import scipy.integrate
import scipy.optimize
import scipy.special
import scipy.stats
import torch

from autograder.grader_api import (CheckFailure, Checks, Invalid, NamedFunction,
                                   SUMS_WITHIN_ROUNDING, StudentError, as_float, call_valid,
                                   calls_ignoring_errors, close, expect_close,
                                   expect_no_side_effects, expect_true, expect_value_errors, fail,
                                   fmt, named_function, register_misconception)

checks = Checks("02_kl_divergence")

# Mutants of the reference that no correct check can kill (each with its reason).
_NEVER_WRITTEN = ("the array is only read and indexed afterwards (indexing copies), never "
                  "written, so np.asarray sharing the caller's float64 array leaves the "
                  "caller's data unchanged just the same.")
_SUM_BOUNDARY = ("|sum - 1| never equals 1e-6 exactly: for a float sum near 1, sum - 1.0 is "
                 "exact (Sterbenz) and a multiple of 2**-53, while the float 1e-6 is "
                 "4722366482869645 * 2**-72 (odd numerator), no such multiple; so > and >= "
                 "agree on every input.")
_EMPTY_SUMS_TO_0 = ("an empty {} sums to 0, not 1 within 1e-6, so the sum check right after "
                    "raises ValueError for it anyway.")
_LOG_RAISES = ("lets {} past the guard, but the next use of it is math.log of a number "
               "<= 0, which raises ValueError ('math domain error'): every such call still "
               "raises ValueError with a message.")
_NAN_ONLY = ("differs from the reference only for {} containing nan (inf entries are still "
             "rejected by the sign or the sum check): nan is no probability or parameter, "
             "the notebook names no behaviour for it, and the correct alternatives (sign "
             "and sum checks only) accept it too. Equivalent on every valid input.")
_WARNING_ONLY = ("skips the early `return math.inf`, and the same value comes out of the "
                 "general formula instead ({}), with a RuntimeWarning on stderr. The hidden "
                 "checks see return values only (no warning crosses the sandbox boundary), "
                 "so no check can tell the two apart; in nbgrader the warning would zero "
                 "the cell, which the notebook warns about.")
_SAME_SIGN = ("divides or multiplies +inf by a number of the same sign as ln(base) (base "
              "!= 1 is guaranteed by the guard): +inf for base > 1, -inf for base < 1, "
              "exactly as the reference.")
EQUIVALENT_MUTANTS = {
    "reverse_kl_gaussian_fit/axis/23ab8486": "np.trapezoid integrates along axis -1 by "
                                             "default: axis=-1 spelled out or not, the same",
    "reverse_kl_gaussian_fit/unary-Delete-USub/f434a20a": "log_q is 2-D (sigma, x): axis 1 "
                                                          "is axis -1",
    "kl_divergence/log-base/4a59594f": _SAME_SIGN,
    "kl_divergence/binary-Div-Mul/14e0b04e": _SAME_SIGN,
    "kl_divergence/copy-removed/5f1458b9": _NEVER_WRITTEN,
    "kl_divergence/copy-removed/67e3aa83": _NEVER_WRITTEN,
    "kl_divergence/compare-Gt-GtE/313f7fcd": _LOG_RAISES.format("base = 0"),
    "kl_divergence/number/92207ad1": _LOG_RAISES.format("bases in (-1, 0]"),
    "kl_divergence/compare-Gt-GtE/4ccf512b": _SUM_BOUNDARY,
    "kl_divergence/number/694019fe": _EMPTY_SUMS_TO_0.format("p or q"),
    "kl_divergence/or-and/e4df0da9": _NAN_ONLY.format("p or q"),
    "kl_divergence/number/ccdc2476": _WARNING_ONLY.format(
        "p / 0 = inf, log(inf) = inf, and the sum divided by ln(base)"),
    "kl_gaussian/compare-Gt-GtE/bca65a07": _LOG_RAISES.format("sigma_p = 0 (ratio 0)"),
    "kl_gaussian/number/ce04d83e": _LOG_RAISES.format("sigma_p in (-1, 0) (a negative ratio)"),
    "kl_monte_carlo/copy-removed/0ef2d8dd": _NEVER_WRITTEN,
    "negative_log_likelihood/copy-removed/228adf3c": _NEVER_WRITTEN,
    "negative_log_likelihood/copy-removed/662b387d": _NEVER_WRITTEN,
    "negative_log_likelihood/compare-Gt-GtE/4a350318": _SUM_BOUNDARY,
    "negative_log_likelihood/number/368d62c6": _EMPTY_SUMS_TO_0.format("q"),
    "negative_log_likelihood/or-and/bef8d6a2": _NAN_ONLY.format("q"),
    "negative_log_likelihood/number/2c892f29": _WARNING_ONLY.format(
        "log(0) = -inf, and minus its mean is +inf"),
    "forward_kl_gaussian_fit/copy-removed/9fd86354": _NEVER_WRITTEN,
    "forward_kl_gaussian_fit/copy-removed/91ad2716": _NEVER_WRITTEN,
    "forward_kl_gaussian_fit/copy-removed/efe37232": _NEVER_WRITTEN,
    "forward_kl_gaussian_fit/compare-Gt-GtE/2f2da1b5": _SUM_BOUNDARY,
    "forward_kl_gaussian_fit/number/ae848610": _EMPTY_SUMS_TO_0.format("weights array"),
    "forward_kl_gaussian_fit/and-or/ea204397": (
        "lets through only weights that are all finite while a mean or a std is nan or "
        "infinite, or inf/nan weights (a nan weight passes the sum check, an inf one does "
        "not): an infinite or undefined mean or spread is no Gaussian component, and the "
        "notebook names no error for it. Equivalent on every valid input."),
    "forward_kl_gaussian_fit/and-or/8a762682": (
        "lets through only a nan or infinite weight or mean while the stds are finite: no "
        "valid mixture has such a component, and the notebook names no error for it. "
        "Equivalent on every valid input."),
    "forward_kl_gaussian_fit/or-and/45768cb8": (
        "lets through only weights, means and stds that are arrays of one and the same "
        "shape with more than one dimension; they are then read elementwise as one list of "
        "components, the same mixture flattened, whose moments are the right answer for it. "
        "The contract's inputs are 1-D and the notebook names no error for tables (a correct "
        "answer that flattens its inputs, like the loops alternative, accepts them too)."),
    "reverse_kl_gaussian_fit/copy-removed/f2f968d5": _NEVER_WRITTEN,
    "reverse_kl_gaussian_fit/copy-removed/6224112d": _NEVER_WRITTEN,
    "reverse_kl_gaussian_fit/copy-removed/4d1e12f3": _NEVER_WRITTEN,
    "reverse_kl_gaussian_fit/compare-Lt-LtE/8bb4a749": (
        "keeps the last of several pairs with exactly the same objective instead of the "
        "first: the notebook accepts any minimiser, and so do the checks."),
    "reverse_kl_gaussian_fit/compare-LtE-Lt/2f87878e": _LOG_RAISES.format(
        "a sigma of 0 (math.log(0 * sqrt(2 pi)))"),
    "reverse_kl_gaussian_fit/number/4030d789": _LOG_RAISES.format(
        "sigmas in (-1, 0) (math.log of a negative sigma * sqrt(2 pi))"),
}

NATURAL_LOG = "natural-log-instead-of-bits"
WRONG_DIRECTION = "kl-wrong-direction"
BASE_IGNORED = register_misconception(
    "kl-base-ignored",
    "the base argument is ignored: the divergence is right, in the wrong unit. "
    "log_b(x) = ln(x) / ln(b); every base b > 0, b != 1 must be honoured.")
KL_IS_CROSS_ENTROPY = register_misconception(
    "kl-computed-as-cross-entropy",
    "the cross-entropy H(p, q) = -sum p log q was returned: KL(p||q) = H(p, q) - H(p) "
    "subtracts the entropy of p, so that KL(p||p) = 0.")
KL_SIGN = register_misconception(
    "kl-log-ratio-upside-down",
    "log(q / p) instead of log(p / q): that is -KL(p||q), never positive. The evidence "
    "for p against q is log p(x) - log q(x), averaged under p.")
KL_CLAMPED = register_misconception(
    "kl-clamped-log-hides-support-mismatch",
    "a clamped or epsilon-shifted probability (np.maximum(q, 1e-10), q + eps): when "
    "q(x) = 0 < p(x) the divergence is infinite -- q rules out what happens -- and a "
    "clamp turns it into a finite number that only measures the arbitrary epsilon.")
KL_ZERO_NAN = register_misconception(
    "kl-zero-log-zero-is-nan",
    "0 * log(0 / q) evaluated literally gives nan: outcomes with p(x) = 0 contribute "
    "nothing (t log t -> 0), whatever q(x) is. Sum over the support p > 0 only.")
NUMBER_AS_ARRAY = register_misconception(
    "kl-number-returned-as-array",
    "the right number, returned inside an array: return float(value).")
STD_AS_VARIANCE = register_misconception(
    "kl-gaussian-std-as-variance",
    "sigma used where sigma^2 belongs: sigma is the standard deviation and "
    "KL = ln(sigma_q / sigma_p) + (sigma_p^2 + (mu_p - mu_q)^2) / (2 sigma_q^2) - 1/2.")
LOG_VARIANCE_RATIO = register_misconception(
    "kl-gaussian-log-variance-ratio-unhalved",
    "ln(sigma_q^2 / sigma_p^2) without its factor 1/2: the log term of the Gaussian KL is "
    "ln(sigma_q / sigma_p) = 1/2 ln(sigma_q^2 / sigma_p^2).")
IN_BITS = register_misconception(
    "kl-bits-instead-of-nats",
    "bits instead of nats: this quantity is in natural logs; the answer is off by a "
    "factor 1 / ln 2.")
MC_SUMMED = register_misconception(
    "mc-summed-instead-of-averaged",
    "the log ratios were summed, not averaged: the Monte Carlo estimate of an expectation "
    "is the sample mean (1/n) sum_i [log p(x_i) - log q(x_i)].")
MC_REWEIGHTED = register_misconception(
    "mc-weighted-by-p-twice",
    "each term was multiplied by p(x_i): the samples are drawn from p, so the sample "
    "itself does the weighting. sum_x p(x) f(x) becomes (1/n) sum_i f(x_i), not "
    "(1/n) sum_i p(x_i) f(x_i).")
MC_CLIPPED = register_misconception(
    "mc-estimate-clipped-at-zero",
    "the estimate was clipped at 0 or made positive (max, abs): KL >= 0, but a Monte "
    "Carlo estimate can be negative, and clipping it makes the estimator biased.")
NLL_SUMMED = register_misconception(
    "nll-summed-instead-of-averaged",
    "the total negative log-likelihood instead of the average: divide by the number of "
    "samples N (NLL = H(p_hat) + KL(p_hat || q) is per sample).")
NLL_KL_ONLY = register_misconception(
    "nll-missing-entropy-term",
    "only KL(p_hat || q) was returned: the average NLL is H(p_hat) + KL(p_hat || q); the "
    "entropy of the data is the floor no model goes below.")
NLL_NEGATIVE_INDEX = register_misconception(
    "nll-negative-index-wraps-around",
    "a negative sample was accepted: q[-1] is Python's last entry, not an error. Values "
    "outside 0..len(q)-1 are no outcomes of q: raise ValueError.")
FIT_WITHIN_ONLY = register_misconception(
    "forward-fit-missing-between-component-variance",
    "only the variance within the components, sum_k w_k s_k^2: the law of total variance "
    "adds the spread of the component means, sum_k w_k (m_k - mu)^2.")
FIT_AVERAGE_STD = register_misconception(
    "forward-fit-averaged-standard-deviations",
    "the standard deviations were averaged (sum_k w_k s_k): variances of a mixture add, "
    "standard deviations do not, and the spread of the means is missing too.")
FIT_VARIANCE = register_misconception(
    "forward-fit-variance-returned",
    "the variance was returned where the standard deviation belongs: sigma = sqrt(Var).")
FIT_UNWEIGHTED = register_misconception(
    "forward-fit-unweighted-mean",
    "the component means were averaged without their weights: mu = sum_k w_k m_k.")
FIT_CANCELLATION = register_misconception(
    "forward-fit-variance-by-cancellation",
    "the variance computed as E[X^2] - mu^2: far from 0 both terms are huge and their "
    "difference loses most digits. Sum the squared deviations w_k (s_k^2 + (m_k - mu)^2).")
GRID_NAN = register_misconception(
    "reverse-fit-log-of-underflowed-density",
    "log q computed as np.log of the density: where q underflows to 0 this is -inf, and "
    "0 * (-inf) = nan spoils the integral. Use the closed form "
    "ln q(x) = -(x - mu)^2 / (2 sigma^2) - ln(sigma sqrt(2 pi)).")
GRID_VARIANCE = register_misconception(
    "reverse-fit-variance-returned",
    "the square of the best sigma was returned: return sigma itself, the standard "
    "deviation taken from sigma_grid.")
GRID_INDICES = register_misconception(
    "reverse-fit-indices-returned",
    "the indices of the best grid point were returned instead of its values "
    "(mu_grid[i], sigma_grid[j]).")

PMF_SLACK = 1e-6


#: a ValueError on valid input is wrong: say why, where a call site gives no other reason
_call_valid = functools.partial(call_valid, why=SUMS_WITHIN_ROUNDING)


# ====================================================================== helpers

def _exact(w, bits=30):
    """A PMF proportional to the non-negative ``w`` with entries multiples of
    2**-bits, summing to exactly 1 in any order of addition (zeros stay zero,
    positive entries stay positive)."""
    w = np.asarray(w, dtype=float)
    scale = 2.0 ** bits
    units = np.floor(w / w.sum() * scale)
    units[(w > 0) & (units == 0)] = 1.0
    units[np.argmax(units)] += scale - units.sum()
    return units / scale


def _pmf(rng, size=None, alpha=None, bits=30):
    size = int(rng.integers(2, 12)) if size is None else size
    alpha = float(rng.choice([0.5, 1.0, 3.0])) if alpha is None else alpha
    return _exact(rng.dirichlet(np.full(size, alpha)), bits)


def _kl(p, q, base=math.e):
    """KL(p || q) by scipy.special.rel_entr (0 where p = 0, inf where q = 0 < p)."""
    return float(np.sum(scipy.special.rel_entr(np.ravel(p), np.ravel(q)))) / math.log(base)


def _entropy(p, base=math.e):
    return float(scipy.stats.entropy(np.ravel(p), base=base))


def _kl_torch(p, q, base=math.e):
    """KL(p || q) of two Categoricals by torch.distributions, float64."""
    cp = torch.distributions.Categorical(probs=torch.tensor(np.ravel(p), dtype=torch.float64))
    cq = torch.distributions.Categorical(probs=torch.tensor(np.ravel(q), dtype=torch.float64))
    return float(torch.distributions.kl_divergence(cp, cq)) / math.log(base)


def _kl_normal(mu_p, sigma_p, mu_q, sigma_q):
    """KL(N(mu_p, sigma_p^2) || N(mu_q, sigma_q^2)) by torch.distributions, float64."""
    t = lambda v: torch.tensor(float(v), dtype=torch.float64)  # noqa: E731
    return float(torch.distributions.kl_divergence(torch.distributions.Normal(t(mu_p), t(sigma_p)),
                                                   torch.distributions.Normal(t(mu_q), t(sigma_q))))


def _bases(rng):
    """The default (None), the named bases and random ones above and below 1."""
    return [None, 2, math.e, 10, float(rng.uniform(1.1, 20)), float(rng.uniform(0.1, 0.9))]


def _kwargs(base):
    return {} if base is None else {"base": base}


def _base_text(base):
    return "" if base is None else f", base={fmt(base)}"


def _expect_number(got, expected, what, tol="float", misconceptions=None, hint=""):
    """expect_close for an exercise's main check, which also judges the type: the right
    value in a one-element array is named as such (the other checks accept it)."""
    value = as_float(got, what)
    if np.ndim(got) > 0 and close(value, expected, tol):
        fail(f"{what}: the right value {fmt(value)}, but returned inside an array of shape "
             f"{np.shape(got)}: return a float.", NUMBER_AS_ARRAY)
    return expect_close(value, expected, what, tol=tol, misconceptions=misconceptions, hint=hint)


def _pair(got, what):
    """A (mu, sigma) answer as two floats; a tuple is required by the main checks."""
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        fail(f"{what} should return a tuple (mu, sigma) of two floats, got {got!r:.80}")
    return as_float(got[0], f"{what}[0]"), as_float(got[1], f"{what}[1]")


def _expect_tuple(got, what):
    expect_true(isinstance(got, tuple),
                f"{what} should return a tuple (mu, sigma), got a {type(got).__name__}.")


# Fixed probe inputs. A catalogued formula mistake seen by a check that judges
# something else is forgiven there when the student's function makes it on the probe
# too (the exercise's main check charges it). {exercise: {mistake: kwargs -> (args, value)}}
_P, _Q = [0.5, 0.25, 0.25], [0.25, 0.25, 0.5]
_G = (0.3, 0.7, -0.4, 1.9)
_MC_P = NamedFunction("gaussian_logpdf", {"mu": 0.0, "sigma": 1.0})
_MC_Q = NamedFunction("gaussian_logpdf", {"mu": 0.5, "sigma": 1.5})
_MC_X = [-1.5, -0.25, 0.0, 0.75, 2.0]
_NLL = ([0, 0, 1, 2, 2, 2], [0.5, 0.25, 0.25])
_FIT = ([0.25, 0.75], [0.0, 4.0], [1.0, 2.0])
_GRID_P = NamedFunction("mixture_logpdf", {"weights": [0.7, 0.3], "means": [-2.0, 3.0],
                                           "stds": [0.6, 0.6]})
_GRID = (np.linspace(-8.0, 9.0, 341), np.linspace(-3.0, 4.0, 29), np.linspace(0.3, 3.0, 10))


def _mc_values(kind):
    lp, lq = (named_function(f.name, f.params)(np.array(_MC_X)) for f in (_MC_P, _MC_Q))
    return {WRONG_DIRECTION: float(np.mean(lq - lp)), MC_SUMMED: float(np.sum(lp - lq)),
            MC_REWEIGHTED: float(np.mean(np.exp(lp) * (lp - lq)))}[kind]


def _nll_values(kind):
    samples, q = _NLL
    p_hat = np.bincount(samples, minlength=len(q)) / len(samples)
    nll = _entropy(p_hat) + _kl(p_hat, q)
    return {IN_BITS: nll / math.log(2), NLL_SUMMED: nll * len(samples),
            NLL_KL_ONLY: _kl(p_hat, q)}[kind]


def _fit_sigma(kind, weights, means, stds):
    w, m, s = (np.asarray(v, dtype=float) for v in (weights, means, stds))
    mu = float(np.sum(w * m))
    var = float(np.sum(w * (s ** 2 + (m - mu) ** 2)))
    return {FIT_WITHIN_ONLY: math.sqrt(float(np.sum(w * s ** 2))),
            FIT_AVERAGE_STD: float(np.sum(w * s)), FIT_VARIANCE: var}[kind]


def _grid_forward_argmin(log_p, x, mus, sigmas):
    """The grid pair minimising the forward objective trapezoid(p (log p - log q))."""
    lp = named_function(log_p.name, log_p.params)(x)
    lq = _log_q(x, mus, sigmas)
    values = scipy.integrate.trapezoid(np.exp(lp) * (lp - lq), x, axis=-1)
    i, j = np.unravel_index(np.argmin(values), values.shape)
    return float(mus[i]), float(sigmas[j])


_PROBES = {
    "kl_divergence": {
        NATURAL_LOG: lambda kw: ([_P, _Q], _kl(_P, _Q)),
        BASE_IGNORED: lambda kw: ([_P, _Q], _kl(_P, _Q, 2)),
        WRONG_DIRECTION: lambda kw: ([_P, _Q], _kl(_Q, _P, kw.get("base", 2))),
        KL_IS_CROSS_ENTROPY: lambda kw: ([_P, _Q], _entropy(_P, kw.get("base", 2))
                                         + _kl(_P, _Q, kw.get("base", 2))),
        KL_SIGN: lambda kw: ([_P, _Q], -_kl(_P, _Q, kw.get("base", 2))),
    },
    "kl_gaussian": {
        WRONG_DIRECTION: lambda kw: (list(_G), _kl_normal(_G[2], _G[3], _G[0], _G[1])),
        STD_AS_VARIANCE: lambda kw: (list(_G), math.log(_G[3] / _G[1])
                                     + (_G[1] + (_G[0] - _G[2]) ** 2) / (2 * _G[3]) - 0.5),
        LOG_VARIANCE_RATIO: lambda kw: (list(_G), _kl_normal(*_G) + math.log(_G[3] / _G[1])),
        IN_BITS: lambda kw: (list(_G), _kl_normal(*_G) / math.log(2)),
    },
    "kl_monte_carlo": {
        key: (lambda kw, key=key: ([_MC_P, _MC_Q, list(_MC_X)], _mc_values(key)))
        for key in (WRONG_DIRECTION, MC_SUMMED, MC_REWEIGHTED)
    },
    "negative_log_likelihood": {
        key: (lambda kw, key=key: ([list(_NLL[0]), list(_NLL[1])], _nll_values(key)))
        for key in (IN_BITS, NLL_SUMMED, NLL_KL_ONLY)
    },
    "forward_kl_gaussian_fit": {
        key: (lambda kw, key=key: ([list(v) for v in _FIT], _fit_sigma(key, *_FIT)))
        for key in (FIT_WITHIN_ONLY, FIT_AVERAGE_STD, FIT_VARIANCE)
    },
    "reverse_kl_gaussian_fit": {
        WRONG_DIRECTION: lambda kw: ([_GRID_P] + [g.tolist() for g in _GRID],
                                     _grid_forward_argmin(_GRID_P, *_GRID)),
    },
}


def _same_mistake(student, name, key, kwargs=None, index=None):
    """Whether the student's ``name`` makes the catalogued mistake ``key`` on the fixed
    probe input too (``index``: the element of a pair result that is judged)."""
    if key not in _PROBES.get(name, {}):
        return False
    kwargs = dict(kwargs or {})
    args, predicted = _PROBES[name][key](kwargs)
    try:
        got = student.call(name, *args, kwargs=kwargs)
        if isinstance(predicted, tuple):
            value = _pair(got, f"{name} on a probe")
            return close(np.array(value), np.array(predicted), "float")
        if index is not None:
            got = _pair(got, f"{name} on a probe")[index]
        return close(as_float(got, f"{name} on a probe"), predicted, "float")
    except (StudentError, CheckFailure):
        return False


def _expect_secondary(student, name, got, expected, what, known, kwargs=None, tol="float",
                      hint="", index=None):
    """expect_close for a check that judges something other than the exercise's
    formula: a value showing a catalogued formula mistake (``known``: {id: the value it
    gives here}) passes when the student's function makes that mistake on the fixed
    probe too -- the exercise's main check charges it."""
    value = as_float(got, what)
    if close(value, expected, tol):
        return value
    known = {k: v for k, v in known.items() if not close(v, expected, tol)}
    for key, wrong in known.items():
        if close(value, wrong, "float") and _same_mistake(student, name, key, kwargs, index):
            return value
    return expect_close(value, expected, what, tol=tol, misconceptions=known, hint=hint)


def _kl_known(p, q, base):
    b = base or 2
    known = {WRONG_DIRECTION: _kl(q, p, b), KL_IS_CROSS_ENTROPY: _entropy(p, b) + _kl(p, q, b),
             KL_SIGN: -_kl(p, q, b)}
    if base is None or base == 2:
        known[NATURAL_LOG] = _kl(p, q)
    else:
        known[BASE_IGNORED] = _kl(p, q, 2)
    return known


# ================================================================ kl_divergence

@checks("kl_divergence", points=1.5)
def test_kl_divergence_matches_rel_entr_on_random_pmfs_in_every_base(student, rng):
    for base in _bases(rng):
        n = int(rng.integers(2, 10))
        p, q = _pmf(rng, n), _pmf(rng, n, alpha=float(rng.choice([1.0, 3.0])))
        expected = _kl(p, q, base or 2)
        what = f"kl_divergence({fmt(p)}, {fmt(q)}{_base_text(base)})"
        got = _call_valid(student, "kl_divergence", p.tolist(), q.tolist(),
                          kwargs=_kwargs(base), what=what)
        _expect_number(got, expected, what, misconceptions=_kl_known(p, q, base))


@checks("kl_divergence", points=0.25)
def test_kl_divergence_matches_torch_on_joint_tables(student, rng):
    shape = (int(rng.integers(2, 5)), int(rng.integers(2, 5)))
    p = _pmf(rng, shape[0] * shape[1]).reshape(shape)
    q = _pmf(rng, shape[0] * shape[1], alpha=2.0).reshape(shape)
    base = float(rng.choice([2.0, math.e]))
    expected = _kl_torch(p, q, base)
    what = (f"kl_divergence of two joint tables of shape {shape} (one PMF over their cells), "
            f"base={fmt(base)}")
    got = _call_valid(student, "kl_divergence", p, q, kwargs={"base": base}, what=what)
    _expect_secondary(student, "kl_divergence", got, expected, what, _kl_known(p, q, base),
                      kwargs={"base": base})


def _support_mismatch(rng):
    n = int(rng.integers(3, 9))
    p = _pmf(rng, n)
    q = _pmf(rng, n)
    holes = rng.choice(n, size=int(rng.integers(1, n - 1)), replace=False)
    q[holes] = 0.0
    return p, _exact(q)


def _finite_on_support_mismatch(student):
    """Whether the student's kl_divergence gives a finite value where q rules out an
    outcome of p, in the default base (the infinite_when_q_misses check charges it)."""
    try:
        value = as_float(student.call("kl_divergence", [0.5, 0.5], [1.0, 0.0]), "a probe")
    except (StudentError, CheckFailure):
        return False
    return math.isfinite(value)


def _expect_infinite(student, got, sign, what, p, q, kwargs, forgive_finite=False):
    value = as_float(got, f"{what} (should be {'+' if sign > 0 else '-'}inf)")
    if math.isnan(value):
        fail(f"{what}: got nan, expected {'+' if sign > 0 else '-'}inf (the log of p / 0 is "
             "+inf, and p(x) > 0 multiplies it).", KL_ZERO_NAN)
    if value == sign * math.inf:
        return
    base = kwargs.get("base", 2)
    if math.isfinite(value) and close(value, _kl(q, p, base), "float") \
            and _same_mistake(student, "kl_divergence", WRONG_DIRECTION, kwargs):
        return                      # KL(q || p) everywhere: the formula check charges it
    if forgive_finite and math.isfinite(value) and _finite_on_support_mismatch(student):
        return                      # a clamp: the check in the default base charges it
    if value == -sign * math.inf:
        fail(f"{what}: got {value}, expected {sign * math.inf} (the divergence in nats is "
             "+inf; dividing by ln(base) gives the sign of 1 / ln(base)).")
    fail(f"{what}: got the finite value {fmt(value)}, expected {sign * math.inf}.", KL_CLAMPED)


@checks("kl_divergence", points=0.75)
def test_kl_divergence_infinite_when_q_misses_the_support_of_p(student, rng):
    p, q = _support_mismatch(rng)
    cases = [(p, q, None, "q(x) = 0 where p(x) > 0"),
             (p, q, float(rng.choice([math.e, 10.0])), "q(x) = 0 where p(x) > 0"),
             (np.array([0.5, 0.5]), np.array([1.0, 0.0]), None, "a coin the model calls certain"),
             (np.array([1.0 - 2 ** -30, 2 ** -30]), np.array([1.0, 0.0]), None,
              "an outcome of probability 2**-30 that q rules out")]
    for pp, qq, base, label in cases:
        what = f"kl_divergence({fmt(pp)}, {fmt(qq)}{_base_text(base)}) ({label})"
        got = _call_valid(student, "kl_divergence", pp.tolist(), qq.tolist(),
                          kwargs=_kwargs(base), what=what)
        _expect_infinite(student, got, 1, what, pp, qq, _kwargs(base))


@checks("kl_divergence", points=0.25)
def test_kl_divergence_support_mismatch_below_base_1_is_minus_inf(student, rng):
    p, q = _support_mismatch(rng)
    base = float(rng.uniform(0.1, 0.9))
    what = f"kl_divergence({fmt(p)}, {fmt(q)}, base={fmt(base)}) (q(x) = 0 where p(x) > 0)"
    got = _call_valid(student, "kl_divergence", p.tolist(), q.tolist(), kwargs={"base": base},
                      what=what)
    _expect_infinite(student, got, -1, what, p, q, {"base": base}, forgive_finite=True)


@checks("kl_divergence", points=0.5)
def test_kl_divergence_outcomes_with_p_zero_contribute_nothing(student, rng):
    n = int(rng.integers(4, 9))
    p, q = _pmf(rng, n), _pmf(rng, n)
    zeros = rng.choice(n, size=2, replace=False)
    p[zeros] = 0.0
    p = _exact(p)
    q[zeros[0]] = 0.0                           # q = 0 there too: 0 log(0 / 0) counts as 0
    q = _exact(q)
    m = int(rng.integers(2, 7))
    one_hot = np.zeros(m)
    one_hot[int(rng.integers(m))] = 1.0
    uniform = np.full(m, 1.0 / m) if m in (2, 4) else _exact(np.ones(m))
    cases = [(p, q, "zeros in p, one of them where q = 0 too"),
             (one_hot, uniform, "a certain outcome against a model that spreads its mass"),
             (one_hot, one_hot, "a certain outcome the model calls certain too"),
             (np.array([1.0]), np.array([1.0]), "a one-outcome PMF")]
    for pp, qq, label in cases:
        expected = _kl_torch(pp, qq, 2)
        what = f"kl_divergence({fmt(pp)}, {fmt(qq)}) ({label})"
        got = _call_valid(student, "kl_divergence", pp.tolist(), qq.tolist(), what=what,
                          why="both are PMFs of the same shape; zeros are allowed")
        value = as_float(got, what)
        if math.isnan(value):
            fail(f"{what} returned nan.", KL_ZERO_NAN)
        _expect_secondary(student, "kl_divergence", got, expected, what, _kl_known(pp, qq, None))


@checks("kl_divergence", points=0.25)
def test_kl_divergence_zero_for_identical_pmfs(student, rng):
    """Gibbs: KL(p || p) = 0 (and KL(p || q) >= 0)."""
    p = _pmf(rng, int(rng.integers(3, 10)))
    p[int(rng.integers(len(p)))] = 0.0
    p = _exact(p)
    what = f"kl_divergence(p, p) for p = {fmt(p)} (Gibbs: 0 exactly when q = p)"
    got = _call_valid(student, "kl_divergence", p.tolist(), p.tolist(), what=what)
    _expect_secondary(student, "kl_divergence", got, 0.0, what, _kl_known(p, p, None),
                      tol=(0.0, 1e-12))


@checks("kl_divergence", points=0.5)
def test_kl_divergence_accepts_array_likes_and_sums_within_rounding(student, rng):
    p12 = _pmf(rng, int(rng.integers(3, 8)), bits=12)          # exact in float32 too
    q12 = _pmf(rng, len(p12), alpha=2.0, bits=12)
    pr = rng.dirichlet(np.ones(int(rng.integers(3, 12))))       # float sums near 1, not 1
    qr = rng.dirichlet(np.full(len(pr), 2.0))
    cases = [((tuple(p12.tolist()), tuple(q12.tolist())), _kl(p12, q12, 2), "given as tuples",
              "float"),
             ((p12.astype(np.float32), q12.astype(np.float32)), _kl(p12, q12, 2),
              "as float32 arrays", "numerical"),
             ((pr.tolist(), qr.tolist()), _kl(pr, qr, 2),
              f"random PMFs whose float sums are {sum(pr.tolist())!r} and {sum(qr.tolist())!r}",
              "float"),
             (([1 / 7] * 7, [0.05] * 5 + [0.75 / 2] * 2), _kl([1 / 7] * 7, [0.05] * 5 + [0.375] * 2, 2),
              "seven outcomes of 1/7 (float sum 0.9999999999999998)", "float"),
             (([0, 1], [1, 0]), math.inf, "integers, q rules out what happens", "float")]
    for (pp, qq), expected, label, tol in cases:
        what = f"kl_divergence({fmt(np.asarray(pp, float))}, {fmt(np.asarray(qq, float))}) ({label})"
        got = _call_valid(student, "kl_divergence", pp, qq, what=what)
        if expected == math.inf:
            _expect_infinite(student, got, 1, what, np.asarray(pp, float), np.asarray(qq, float),
                             {}, forgive_finite=True)
            continue
        _expect_secondary(student, "kl_divergence", got, expected, what,
                          _kl_known(np.asarray(pp, float), np.asarray(qq, float), None), tol=tol)


@checks("kl_divergence", points=0.5)
def test_kl_divergence_rejects_invalid_pmfs(student, rng):
    p, q = _pmf(rng, 4), _pmf(rng, 4)
    neg = q.copy()
    neg[0] += neg[1] + 0.2                      # sums to 1, one entry negative
    neg[1] = -0.2
    below, above = float(rng.choice([0.98, 0.9, 0.5])), float(rng.choice([1.01, 1.5]))
    cases = [
        ([p.tolist(), _pmf(rng, 5).tolist()], "kl_divergence of PMFs with 4 and 5 entries"),
        ([p.reshape(2, 2).tolist(), q.tolist()], "kl_divergence of a 2x2 table and a vector"),
        ([p.tolist(), (q * above).tolist()], f"kl_divergence with q summing to {above:g}"),
        ([(p * below).tolist(), q.tolist()], f"kl_divergence with p summing to {below:g}"),
        ([p.tolist(), neg.tolist()], "kl_divergence with a negative entry in q (sum 1)"),
        ([neg.tolist(), p.tolist()], "kl_divergence with a negative entry in p (sum 1)"),
    ]
    expect_value_errors(student, "kl_divergence", [Invalid(what, args) for args, what in cases])


@checks("kl_divergence", points=0.25)
def test_kl_divergence_rejects_invalid_bases(student, rng):
    p, q = _pmf(rng, 4), _pmf(rng, 4)
    cases = [Invalid(f"kl_divergence(p, q, base={base:g})", (p.tolist(), q.tolist()),
                     {"base": base}) for base in (1, 0.0, -2.0)]
    # the support-mismatch path needs no logarithm of p / q: the base is still checked
    misses = np.array([0.0, 0.0, 0.5, 0.5])
    cases += [Invalid(f"kl_divergence({fmt(p)}, {fmt(misses)}, base={fmt(base)}) "
                      "(q misses the support of p, but the base is invalid)",
                      (p.tolist(), misses.tolist()), {"base": base})
              for base in (1, -float(rng.uniform(0.1, 3)))]
    expect_value_errors(student, "kl_divergence", cases)


@checks("kl_divergence", points=0.25)
def test_kl_divergence_inputs_unchanged(student, rng):
    n = int(rng.integers(4, 9))
    p, q = _pmf(rng, n), _pmf(rng, n)
    p0, q0 = p.copy(), q.copy()
    p0[0] = 0.0
    q0[1] = 0.0
    p0, q0 = _exact(p0), _exact(q0)
    # zeros in float64 arrays (overwriting them in place), arrays summing to 1 - 3e-7
    # (normalising in place), lists in no particular order (sorting in place)
    calls_ignoring_errors(student, "kl_divergence", [
        ((p0, q0), None), ((p * (1 - 3e-7), q * (1 - 3e-7)), None),
        ((p.tolist()[::-1], q.tolist()), None)])
    expect_no_side_effects(student, "inputs")


# ================================================================== kl_gaussian

def _gaussian_known(mu_p, sigma_p, mu_q, sigma_q):
    kl = _kl_normal(mu_p, sigma_p, mu_q, sigma_q)
    return {WRONG_DIRECTION: _kl_normal(mu_q, sigma_q, mu_p, sigma_p),
            STD_AS_VARIANCE: math.log(sigma_q / sigma_p)
            + (sigma_p + (mu_p - mu_q) ** 2) / (2 * sigma_q) - 0.5,
            LOG_VARIANCE_RATIO: kl + math.log(sigma_q / sigma_p),
            IN_BITS: kl / math.log(2)}


@checks("kl_gaussian", points=1.5)
def test_kl_gaussian_matches_torch_normal_kl(student, rng):
    cases = []
    for _ in range(5):
        cases.append((float(rng.normal(0, 3)), float(10 ** rng.uniform(-1, 1)),
                      float(rng.normal(0, 3)), float(10 ** rng.uniform(-1, 1))))
    s = float(10 ** rng.uniform(-0.5, 0.5))
    cases.append((float(rng.normal()), s, float(rng.normal()), s))          # equal widths
    cases.append((int(rng.integers(-3, 4)), int(rng.integers(1, 4)),       # ints
                   int(rng.integers(-3, 4)), int(rng.integers(1, 4))))
    for args in cases:
        expected = _kl_normal(*args)
        what = "kl_gaussian({})".format(", ".join(fmt(a) for a in args))
        got = _call_valid(student, "kl_gaussian", *args, what=what,
                          why="both standard deviations are positive")
        _expect_number(got, expected, what,
                       misconceptions={k: v for k, v in _gaussian_known(*args).items()
                                       if not close(v, expected, "float")})


@checks("kl_gaussian", points=0.75)
def test_kl_gaussian_right_at_every_scale(student, rng):
    """KL depends only on sigma_p / sigma_q and (mu_p - mu_q) / sigma_q: scaling all
    four by c changes nothing (sigma**2 under- or overflows at these scales)."""
    for exponent in (-float(rng.uniform(160, 200)), float(rng.uniform(160, 200)),
                     -float(rng.uniform(20, 40))):
        c = 10.0 ** exponent
        unit = (float(rng.normal(0, 2)), float(10 ** rng.uniform(-0.5, 0.5)),
                float(rng.normal(0, 2)), float(10 ** rng.uniform(-0.5, 0.5)))
        args = tuple(v * c for v in unit)
        expected = _kl_normal(*unit)
        what = "kl_gaussian({}) (all four scaled by {:.3g}; KL does not change)".format(
            ", ".join(fmt(a) for a in args), c)
        got = _call_valid(student, "kl_gaussian", *args, what=what,
                          why="both standard deviations are positive")
        value = as_float(got, what)
        if not math.isfinite(value):
            fail(f"{what}: got {value}, expected {fmt(expected)}: sigma**2 under- or overflows "
                 "at this scale; compute with the ratios sigma_p / sigma_q and "
                 "(mu_p - mu_q) / sigma_q.")
        _expect_secondary(student, "kl_gaussian", got, expected, what, {
            k: v for k, v in _gaussian_known(*unit).items() if k != STD_AS_VARIANCE})


@checks("kl_gaussian", points=0.25)
def test_kl_gaussian_zero_for_identical_gaussians(student, rng):
    for mu, sigma in ((float(rng.normal(0, 5)), float(10 ** rng.uniform(-2, 2))),
                      (float(rng.uniform(1e6, 1e8)), float(rng.uniform(0.5, 2)))):
        what = f"kl_gaussian({fmt(mu)}, {fmt(sigma)}, {fmt(mu)}, {fmt(sigma)}) (q = p)"
        got = _call_valid(student, "kl_gaussian", mu, sigma, mu, sigma, what=what,
                          why="both standard deviations are positive")
        value = as_float(got, what)
        expect_true(abs(value) <= 1e-12, f"{what}: got {fmt(value)}, expected 0 (Gibbs: KL "
                                         "vanishes exactly when q = p).")


@checks("kl_gaussian", points=0.5)
def test_kl_gaussian_rejects_non_positive_sigmas(student, rng):
    mu_p, mu_q = float(rng.normal()), float(rng.normal())
    s = float(rng.uniform(0.5, 2))
    cases = [((mu_p, 0.0, mu_q, s), "sigma_p = 0"),
             ((mu_p, s, mu_q, 0.0), "sigma_q = 0"),
             ((mu_p, -s, mu_q, s), f"sigma_p = {fmt(-s)}"),
             ((mu_p, s, mu_q, -s), f"sigma_q = {fmt(-s)}"),
             ((mu_p, -s, mu_q, -s), "both standard deviations negative")]
    expect_value_errors(student, "kl_gaussian", [
        Invalid(f"kl_gaussian with {what}", args) for args, what in cases])


# =============================================================== kl_monte_carlo

def _random_logpdf(rng):
    """A Gaussian or a 2-3 component mixture log density, with its parameters."""
    if rng.random() < 0.5:
        params = {"mu": float(rng.normal(0, 1.5)), "sigma": float(rng.uniform(0.5, 2))}
        return NamedFunction("gaussian_logpdf", params)
    k = int(rng.integers(2, 4))
    params = {"weights": _exact(rng.dirichlet(np.full(k, 2.0))).tolist(),
              "means": rng.normal(0, 2, k).tolist(), "stds": rng.uniform(0.5, 1.5, k).tolist()}
    return NamedFunction("mixture_logpdf", params)


def _sample(rng, fn, n):
    if fn.name == "gaussian_logpdf":
        return rng.normal(fn.params["mu"], fn.params["sigma"], n)
    w, m, s = (np.asarray(fn.params[k]) for k in ("weights", "means", "stds"))
    comp = rng.choice(len(w), size=n, p=w)
    return rng.normal(m[comp], s[comp])


def _exact_kl(fp, fq):
    """KL(p || q) in nats: torch's closed form for two Gaussians, else quad."""
    if fp.name == fq.name == "gaussian_logpdf":
        return _kl_normal(fp.params["mu"], fp.params["sigma"], fq.params["mu"], fq.params["sigma"])
    # the trapezoid rule on a fine grid over [-40, 40] (the components here have
    # |mean| < 10 and stds >= 0.5: 40 points per standard deviation, tails below 1e-100);
    # it converges geometrically for such smooth, Gaussian-decaying integrands
    x = np.linspace(-40.0, 40.0, 6401)
    lp = named_function(fp.name, fp.params)(x)
    lq = named_function(fq.name, fq.params)(x)
    return float(scipy.integrate.trapezoid(np.exp(lp) * (lp - lq), x))


def _mc_known(lp, lq):
    return {WRONG_DIRECTION: float(np.mean(lq - lp)), MC_SUMMED: float(np.sum(lp - lq)),
            MC_REWEIGHTED: float(np.mean(np.exp(lp) * (lp - lq))),
            MC_CLIPPED: max(0.0, float(np.mean(lp - lq)))}


@checks("kl_monte_carlo", points=1)
def test_kl_monte_carlo_equals_the_sample_mean_of_log_ratios(student, rng):
    for n in (int(rng.integers(2, 8)), int(rng.integers(50, 500)), 1):
        fp, fq = _random_logpdf(rng), _random_logpdf(rng)
        x = rng.uniform(-4, 4, n)
        lp = named_function(fp.name, fp.params)(x)
        lq = named_function(fq.name, fq.params)(x)
        expected = math.fsum(lp - lq) / n
        what = f"kl_monte_carlo({fp.name}{fp.params}, {fq.name}{fq.params}, {fmt(x)})"
        got = _call_valid(student, "kl_monte_carlo", fp, fq, x.tolist() if n < 10 else x,
                          what=what, why="any non-empty sample of points is valid")
        _expect_number(got, expected, what, misconceptions={
            k: v for k, v in _mc_known(lp, lq).items() if not close(v, expected, "float")})


@checks("kl_monte_carlo", points=0.75)
def test_kl_monte_carlo_within_six_standard_errors_of_the_exact_kl(student, rng):
    cases = [(NamedFunction("gaussian_logpdf", {"mu": float(rng.normal()),
                                                "sigma": float(rng.uniform(0.6, 1.5))}),
              NamedFunction("gaussian_logpdf", {"mu": float(rng.normal()),
                                                "sigma": float(rng.uniform(0.8, 2.0))}))]
    k = int(rng.integers(2, 4))
    mixture = NamedFunction("mixture_logpdf", {
        "weights": _exact(rng.dirichlet(np.full(k, 2.0))).tolist(),
        "means": rng.normal(0, 2, k).tolist(), "stds": rng.uniform(0.5, 1.2, k).tolist()})
    cases.append((mixture, NamedFunction("gaussian_logpdf", {"mu": float(rng.normal(0, 0.5)),
                                                             "sigma": float(rng.uniform(2, 3))})))
    for fp, fq in cases:
        n = int(rng.integers(2000, 5000))
        x = _sample(rng, fp, n)
        terms = named_function(fp.name, fp.params)(x) - named_function(fq.name, fq.params)(x)
        exact = _exact_kl(fp, fq)
        se = float(np.std(terms, ddof=1)) / math.sqrt(n)
        bound = 6 * se
        what = (f"kl_monte_carlo on {n} fresh samples from p = {fp.name}{fp.params} against "
                f"q = {fq.name}{fq.params}")
        got = _call_valid(student, "kl_monte_carlo", fp, fq, x, what=what,
                          why="any non-empty sample of points is valid")
        value = as_float(got, what)
        if abs(value - exact) <= bound:
            continue
        # outside the bound: a catalogued formula mistake that the student's function also
        # makes on the probe is the first check's to charge; anything else fails here
        _expect_secondary(student, "kl_monte_carlo", got, float(np.mean(terms)), what, {
            key: v for key, v in _mc_known(named_function(fp.name, fp.params)(x),
                                           named_function(fq.name, fq.params)(x)).items()
            if key != MC_CLIPPED},
            hint=f"That is {fmt(abs(value - exact) / se, 3)} standard errors from the exact KL "
                 f"{fmt(exact)} nats (this sample's standard error is {fmt(se)}): an unbiased "
                 f"estimate lies within 6 standard errors ({fmt(bound)}) of it.")


@checks("kl_monte_carlo", points=0.5)
def test_kl_monte_carlo_negative_estimates_not_clipped(student, rng):
    """Where q > p the log ratios are negative, and so is their mean."""
    sigma = float(rng.uniform(0.8, 1.2))
    fp = NamedFunction("gaussian_logpdf", {"mu": 0.0, "sigma": sigma})
    fq = NamedFunction("gaussian_logpdf", {"mu": 0.0, "sigma": 1.5 * sigma})
    x = rng.uniform(2.2 * sigma, 4.0 * sigma, int(rng.integers(3, 20))) * rng.choice([-1, 1])
    lp = named_function(fp.name, fp.params)(x)
    lq = named_function(fq.name, fq.params)(x)
    expected = math.fsum(lp - lq) / len(x)
    what = (f"kl_monte_carlo(N(0, {fmt(sigma)}^2), N(0, {fmt(1.5 * sigma)}^2), {fmt(x)}) "
            "(points in the tails, where q > p: every term is negative)")
    got = _call_valid(student, "kl_monte_carlo", fp, fq, x, what=what,
                      why="any non-empty sample of points is valid")
    value = as_float(got, what)
    if value >= 0 and expected < 0:
        fail(f"{what}: got {fmt(value)}, expected the negative mean {fmt(expected)}.",
             MC_CLIPPED)
    known = _mc_known(lp, lq)
    del known[MC_CLIPPED]
    _expect_secondary(student, "kl_monte_carlo", got, expected, what, known)


@checks("kl_monte_carlo", points=0.25)
def test_kl_monte_carlo_accepts_lists_tuples_and_one_sample(student, rng):
    fp, fq = _random_logpdf(rng), _random_logpdf(rng)
    x = rng.normal(0, 2, int(rng.integers(3, 9)))
    lp, lq = named_function(fp.name, fp.params), named_function(fq.name, fq.params)
    for value, label in ((tuple(x.tolist()), "a tuple"), ([float(x[0])], "a list of one sample"),
                         (x.astype(np.float32), "a float32 array")):
        xs = np.asarray(value, dtype=float)
        expected = math.fsum(lp(xs) - lq(xs)) / len(xs)
        what = f"kl_monte_carlo(log_p, log_q, {fmt(xs)}) (samples as {label})"
        got = _call_valid(student, "kl_monte_carlo", fp, fq, value, what=what,
                          why="any non-empty sample of points is valid")
        _expect_secondary(student, "kl_monte_carlo", got, expected, what, _mc_known(lp(xs), lq(xs)))


@checks("kl_monte_carlo", points=0.25)
def test_kl_monte_carlo_rejects_an_empty_sample(student, rng):
    fp, fq = _random_logpdf(rng), _random_logpdf(rng)
    expect_value_errors(student, "kl_monte_carlo", [
        Invalid(f"kl_monte_carlo(log_p, log_q, {label}) (no samples)", (fp, fq, value))
        for value, label in (([], "[]"), (np.zeros(0), "an empty array"))])


@checks("kl_monte_carlo", points=0.25)
def test_kl_monte_carlo_samples_unchanged(student, rng):
    fp, fq = _random_logpdf(rng), _random_logpdf(rng)
    x = rng.normal(0, 2, int(rng.integers(5, 30)))
    calls_ignoring_errors(student, "kl_monte_carlo", [((fp, fq, x), None),
                                                      ((fp, fq, x.tolist()), None)])
    expect_no_side_effects(student, "inputs")


# ====================================================== negative_log_likelihood

def _nll_known(samples, q):
    p_hat = np.bincount(samples, minlength=len(q)) / len(samples)
    nll = _entropy(p_hat) + _kl(p_hat, q)
    return {IN_BITS: nll / math.log(2), NLL_SUMMED: nll * len(samples),
            NLL_KL_ONLY: _kl(p_hat, q)}


@checks("negative_log_likelihood", points=1.25)
def test_negative_log_likelihood_equals_entropy_plus_kl_of_the_empirical_pmf(student, rng):
    for i in range(4):
        k = int(rng.integers(2, 9))
        q = _pmf(rng, k, alpha=2.0)
        n = int(rng.integers(1, 6)) if i == 0 else int(rng.integers(10, 300))
        samples = rng.choice(k, size=n, p=rng.dirichlet(np.ones(k)))
        p_hat = np.bincount(samples, minlength=k) / n
        expected = _entropy(p_hat) + _kl(p_hat, q)       # NLL = H(p_hat) + KL(p_hat || q)
        given = samples.tolist() if i % 2 else samples
        what = f"negative_log_likelihood({fmt(samples)}, {fmt(q)})"
        got = _call_valid(student, "negative_log_likelihood", given, q.tolist(), what=what,
                          why="integer samples in 0..len(q)-1 and a PMF q")
        _expect_number(got, expected, what, misconceptions={
            key: v for key, v in _nll_known(samples, q).items() if not close(v, expected)})
    n = int(rng.integers(1, 20))
    what = f"negative_log_likelihood({[0] * n}, [1.0]) (a model certain of the only value)"
    got = _call_valid(student, "negative_log_likelihood", [0] * n, [1.0], what=what,
                      why="a PMF of one entry 1.0 is the smallest there is")
    _expect_number(got, 0.0, what)


@checks("negative_log_likelihood", points=0.5)
def test_negative_log_likelihood_infinite_when_a_sample_has_probability_zero(student, rng):
    k = int(rng.integers(3, 8))
    q = _pmf(rng, k)
    hole = int(rng.integers(k))
    q[hole] = 0.0
    q = _exact(q)
    samples = rng.integers(0, k, int(rng.integers(5, 40)))
    samples[int(rng.integers(len(samples)))] = hole
    what = f"negative_log_likelihood({fmt(samples)}, {fmt(q)}) (value {hole} occurs, q = 0 there)"
    got = _call_valid(student, "negative_log_likelihood", samples, q, what=what,
                      why="integer samples in 0..len(q)-1 and a PMF q")
    value = as_float(got, what)
    if math.isnan(value):
        fail(f"{what}: got nan, expected +inf (the likelihood of the data is 0).")
    expect_true(value == math.inf, f"{what}: got {fmt(value)}, expected +inf (the model "
                                   "rules out an observed value).",
                KL_CLAMPED if math.isfinite(value) else None)


@checks("negative_log_likelihood", points=0.25)
def test_negative_log_likelihood_unseen_zero_probabilities_are_harmless(student, rng):
    k = int(rng.integers(4, 9))
    q = _pmf(rng, k)
    holes = rng.choice(k, size=2, replace=False)
    q[holes] = 0.0
    q = _exact(q)
    allowed = np.setdiff1d(np.arange(k), holes)
    samples = rng.choice(allowed, size=int(rng.integers(5, 50)))
    p_hat = np.bincount(samples, minlength=k) / len(samples)
    expected = _entropy(p_hat) + _kl(p_hat, q)
    what = (f"negative_log_likelihood({fmt(samples)}, {fmt(q)}) (q = 0 only at values that "
            "never occur)")
    got = _call_valid(student, "negative_log_likelihood", samples.tolist(), q.tolist(), what=what,
                      why="integer samples in 0..len(q)-1 and a PMF q")
    if math.isnan(as_float(got, what)):
        fail(f"{what} returned nan: values that never occur contribute nothing.")
    _expect_secondary(student, "negative_log_likelihood", got, expected, what,
                      _nll_known(samples, q))


@checks("negative_log_likelihood", points=0.5)
def test_negative_log_likelihood_rejects_invalid_samples(student, rng):
    k = int(rng.integers(3, 7))
    q = _pmf(rng, k).tolist()
    good = rng.integers(0, k, 6).tolist()
    cases = [([], None, "an empty sample"),
             (good[:3] + [k] + good[3:], None, f"the value {k}, outside 0..{k - 1}"),
             (good[:2] + [-1] + good[2:], NLL_NEGATIVE_INDEX, "the value -1"),
             (good[:4] + [1.5], None, "the non-integer value 1.5")]
    expect_value_errors(student, "negative_log_likelihood", [
        Invalid(f"negative_log_likelihood({samples}, {fmt(np.array(q))}) ({label})",
                (samples, q), misconception=misconception)
        for samples, misconception, label in cases])


@checks("negative_log_likelihood", points=0.25)
def test_negative_log_likelihood_rejects_invalid_q(student, rng):
    k = int(rng.integers(3, 7))
    q = _pmf(rng, k)
    neg = q.copy()
    neg[0] += neg[1] + 0.2
    neg[1] = -0.2
    samples = [int(v) for v in rng.integers(0, k, 8)]
    # the 2x2 table gets samples that index its rows: only a shape check can refuse it
    cases = [((q * 0.9).tolist(), samples, "q sums to 0.9"),
             ((q * 1.1).tolist(), samples, "q sums to 1.1"),
             (neg.tolist(), samples, "q has a negative entry"),
             (_pmf(rng, 4).reshape(2, 2).tolist(), [0, 1, 1, 0], "q is a 2x2 table, not a vector")]
    expect_value_errors(student, "negative_log_likelihood", [
        Invalid(f"negative_log_likelihood(samples, {fmt(np.array(qq))}) ({label})", (xs, qq))
        for qq, xs, label in cases])


@checks("negative_log_likelihood", points=0.25)
def test_negative_log_likelihood_inputs_unchanged(student, rng):
    k = int(rng.integers(4, 8))
    q = _pmf(rng, k)
    q[0] = 0.0
    q = _exact(q) * (1 - 3e-7)                  # within 1e-6: normalising in place changes it
    samples = rng.integers(1, k, int(rng.integers(5, 20)))
    calls_ignoring_errors(student, "negative_log_likelihood", [
        ((samples, q), None), ((samples.tolist()[::-1], q.tolist()), None),
        ((samples.astype(float), q), None)])
    expect_no_side_effects(student, "inputs")


# ====================================================== forward_kl_gaussian_fit

def _random_mixture(rng, k=None):
    k = int(rng.integers(1, 6)) if k is None else k
    w = _exact(rng.dirichlet(np.full(k, 1.5)))
    return w, rng.uniform(-5, 5, k), rng.uniform(0.2, 2.0, k)


def _quad_moments(w, m, s):
    """Mean and standard deviation of the mixture by numerical integration of its
    density (mixture_pdf) on a fine grid: the trapezoid rule converges geometrically
    for a smooth density that decays like a Gaussian, here well below 1e-12 with at
    least 30 points per standard deviation of the narrowest component and +-12
    standard deviations of range."""
    pdf = named_function("mixture_pdf", {"weights": list(w), "means": list(m), "stds": list(s)})
    lo, hi = float(np.min(m - 12 * s)), float(np.max(m + 12 * s))
    n = int(min(200001, max(4001, 30 * (hi - lo) / float(np.min(s)))))
    x = np.linspace(lo, hi, n)
    density = pdf(x)
    mass = scipy.integrate.trapezoid(density, x)
    mu = scipy.integrate.trapezoid(x * density, x) / mass
    var = scipy.integrate.trapezoid((x - mu) ** 2 * density, x) / mass
    return float(mu), math.sqrt(float(var))


def _fit_known_sigma(w, m, s):
    return {key: _fit_sigma(key, w, m, s) for key in (FIT_WITHIN_ONLY, FIT_AVERAGE_STD,
                                                      FIT_VARIANCE)}


@checks("forward_kl_gaussian_fit", points=1)
def test_forward_kl_gaussian_fit_mu_is_the_mixture_mean(student, rng):
    for k in (2, 3, int(rng.integers(4, 7))):
        w, m, s = _random_mixture(rng, k)
        mu, _ = _quad_moments(w, m, s)
        what = f"forward_kl_gaussian_fit({fmt(w)}, {fmt(m)}, {fmt(s)})"
        got = _call_valid(student, "forward_kl_gaussian_fit", w.tolist(), m.tolist(), s.tolist(),
                          what=what)
        value, _ = _pair(got, what)
        _expect_tuple(got, what)
        expect_close(value, mu, f"{what}[0] (mu)", tol="integral",
                     misconceptions={FIT_UNWEIGHTED: float(np.mean(m))})


@checks("forward_kl_gaussian_fit", points=1)
def test_forward_kl_gaussian_fit_sigma_is_the_mixture_std(student, rng):
    """sigma judged against the mixture's standard deviation, or against the best sigma
    for the student's own mu, sqrt(E_p[(X - mu)^2]) (a wrong mu costs its own check)."""
    for k in (2, 3, int(rng.integers(4, 7))):
        w, m, s = _random_mixture(rng, k)
        mu, sigma = _quad_moments(w, m, s)
        what = f"forward_kl_gaussian_fit({fmt(w)}, {fmt(m)}, {fmt(s)})"
        got = _call_valid(student, "forward_kl_gaussian_fit", w.tolist(), m.tolist(), s.tolist(),
                          what=what)
        mu_s, value = _pair(got, what)
        if math.isfinite(mu_s) and close(value, math.sqrt(sigma ** 2 + (mu - mu_s) ** 2),
                                         "integral"):
            continue
        expect_close(value, sigma, f"{what}[1] (sigma)", tol="integral",
                     misconceptions={k_: v for k_, v in _fit_known_sigma(w, m, s).items()
                                     if not close(v, sigma, "integral")})


@checks("forward_kl_gaussian_fit", points=0.25)
def test_forward_kl_gaussian_fit_one_component_and_zero_weights(student, rng):
    m, s = float(rng.uniform(-5, 5)), float(rng.uniform(0.2, 3))
    what = f"forward_kl_gaussian_fit([1.0], [{fmt(m)}], [{fmt(s)}]) (one component)"
    got = _call_valid(student, "forward_kl_gaussian_fit", [1.0], [m], [s], what=what)
    value = np.array(_pair(got, what))
    expect_true(close(value, np.array([m, s]), "float"),
                f"{what}: got {fmt(value)}, expected ({fmt(m)}, {fmt(s)}): a Gaussian is fitted "
                "by itself.")
    w, mm, ss = _random_mixture(rng, 3)
    w = np.concatenate([w, [0.0]])
    mm = np.concatenate([mm, [float(rng.uniform(50, 100))]])
    ss = np.concatenate([ss, [float(rng.uniform(5, 10))]])
    mu, sigma = _quad_moments(w[:3], mm[:3], ss[:3])
    what = f"forward_kl_gaussian_fit({fmt(w)}, {fmt(mm)}, {fmt(ss)}) (a component of weight 0)"
    got = _call_valid(student, "forward_kl_gaussian_fit", w.tolist(), mm.tolist(), ss.tolist(),
                      what=what, why="a weight of 0 is allowed")
    value = np.array(_pair(got, what))
    if not close(value, np.array([mu, sigma]), "integral"):
        _expect_secondary(student, "forward_kl_gaussian_fit", value[1], sigma, f"{what}[1]",
                          _fit_known_sigma(w, mm, ss), index=1, tol="integral")
        expect_close(value[0], mu, f"{what}[0]", tol="integral")


@checks("forward_kl_gaussian_fit", points=0.25)
def test_forward_kl_gaussian_fit_accurate_far_from_zero(student, rng):
    k = int(rng.integers(2, 5))
    w = _exact(rng.dirichlet(np.full(k, 2.0)), bits=20)
    m = np.round(float(rng.uniform(0.5e6, 2e6)) + rng.uniform(-3, 3, k), 6)
    s = np.round(rng.uniform(0.5, 1.5, k), 6)
    fw, fm, fs = ([Fraction(float(v)) for v in a] for a in (w, m, s))     # exact arithmetic
    mu = sum(a * b for a, b in zip(fw, fm))
    var = sum(a * (c * c + (b - mu) ** 2) for a, b, c in zip(fw, fm, fs))
    sigma = math.sqrt(var)
    what = f"forward_kl_gaussian_fit({fmt(w)}, {fmt(m, 10)}, {fmt(s)}) (a mixture near x = 1e6)"
    got = _call_valid(student, "forward_kl_gaussian_fit", w.tolist(), m.tolist(), s.tolist(),
                      what=what)
    _, value = _pair(got, what)
    if math.isnan(value) or not close(value, sigma, "float"):
        known = _fit_known_sigma(w, m, s)
        naive = float(np.sum(w * (s * s + m * m)) - np.sum(w * m) ** 2)
        known[FIT_CANCELLATION] = math.sqrt(naive) if naive >= 0 else math.nan
        _expect_secondary(student, "forward_kl_gaussian_fit", value, sigma, f"{what}[1] (sigma)",
                          known, index=1,
                          hint="E[X^2] - mu^2 loses most digits here: sum the squared "
                               "deviations w_k (s_k^2 + (m_k - mu)^2) instead.")


@checks("forward_kl_gaussian_fit", points=0.25)
def test_forward_kl_gaussian_fit_rejects_invalid_input(student, rng):
    w, m, s = _random_mixture(rng, 3)
    neg = w.copy()
    neg[0] += neg[1] + 0.2
    neg[1] = -0.2
    cases = [((w * 0.9, m, s), "weights summing to 0.9"),
             ((w * 1.1, m, s), "weights summing to 1.1"),
             ((neg, m, s), "a negative weight"),
             ((w, m, np.array([s[0], 0.0, s[2]])), "a standard deviation of 0"),
             ((w, m, np.array([s[0], s[1], -s[2]])), "a negative standard deviation"),
             ((w, m[:2], s), "3 weights but 2 means"),
             ((w, m[:1], s), "3 weights but 1 mean"),
             ((w, m, s[:1]), "3 weights but 1 standard deviation"),
             ((np.array([0.6, -0.1, 0.5]), np.array([0.0, 0.1, 0.2]), np.ones(3)),
              "the weights [0.6, -0.1, 0.5] (they sum to 1, one is negative)"),

             ((np.zeros(0), np.zeros(0), np.zeros(0)), "no components")]
    expect_value_errors(student, "forward_kl_gaussian_fit", [
        Invalid(f"forward_kl_gaussian_fit with {label}", (ww.tolist(), mm.tolist(), ss.tolist()))
        for (ww, mm, ss), label in cases])


@checks("forward_kl_gaussian_fit", points=0.25)
def test_forward_kl_gaussian_fit_inputs_unchanged(student, rng):
    w, m, s = _random_mixture(rng, int(rng.integers(3, 6)))
    calls_ignoring_errors(student, "forward_kl_gaussian_fit", [
        ((w * (1 - 3e-7), m.copy(), s.copy()), None),
        ((w.tolist(), m.tolist()[::-1], s.tolist()), None)])
    expect_no_side_effects(student, "inputs")


# ====================================================== reverse_kl_gaussian_fit

def _log_q(x, mus, sigmas):
    """log N(x; mu, sigma^2) for every pair: shape (len(mus), len(sigmas), len(x))."""
    mu = np.asarray(mus, dtype=float)[:, None, None]
    sigma = np.asarray(sigmas, dtype=float)[None, :, None]
    return -0.5 * ((x - mu) / sigma) ** 2 - np.log(sigma) - 0.5 * math.log(2 * math.pi)


def _reverse_objective(log_p, x, mus, sigmas):
    """trapezoid_x( q (log q - log p) ) for every grid pair, by scipy."""
    lp = named_function(log_p.name, log_p.params)(x)
    lq = _log_q(x, mus, sigmas)
    return scipy.integrate.trapezoid(np.exp(lq) * (lq - lp), x, axis=-1)


def _bimodal(rng, heavy=None):
    heavy = float(rng.uniform(0.6, 0.8)) if heavy is None else heavy
    gap = float(rng.uniform(4.0, 6.0))
    left = float(rng.uniform(-2.5, -0.5))
    w = _exact([heavy, 1 - heavy], bits=20)
    if rng.random() < 0.5:
        w = w[::-1]
    means = [left, left + gap]
    stds = rng.uniform(0.4, 0.9, 2).tolist()
    return NamedFunction("mixture_logpdf", {"weights": w.tolist(), "means": means,
                                            "stds": stds})


def _grids(rng, fn, x_lo=-9.0, x_hi=11.0):
    n_mu, n_sigma = int(rng.integers(12, 21)), int(rng.integers(6, 10))
    mus = np.linspace(float(rng.uniform(-5, -4)), float(rng.uniform(7, 8)), n_mu)
    sigmas = np.linspace(float(rng.uniform(0.15, 0.3)), float(rng.uniform(2.5, 4)), n_sigma)
    x = np.linspace(x_lo, x_hi, int(rng.integers(250, 400)))
    return x, mus, sigmas


def _on_grid(value, grid):
    return bool(np.any(np.isclose(grid, value, rtol=1e-12, atol=1e-12)))


def _naive_picks(fn, x, mus, sigmas):
    """The grid pairs that log of the underflowed density gives: nan for most
    candidates, then argmin's first nan or nanargmin's best of the finite ones (a loop
    with `value < best` skips nan too, like nanargmin)."""
    lp = named_function(fn.name, fn.params)(x)
    with np.errstate(all="ignore"):
        q = np.exp(_log_q(x, mus, sigmas))
        naive = scipy.integrate.trapezoid(q * (np.log(q) - lp), x, axis=-1)
    picks = [np.unravel_index(np.argmin(naive), naive.shape)]
    if np.any(np.isfinite(naive)):
        picks.append(np.unravel_index(np.nanargmin(naive), naive.shape))
    return [(float(mus[a]), float(sigmas[b])) for a, b in picks]


_NAN_PROBE = (NamedFunction("mixture_logpdf", {"weights": [0.7, 0.3], "means": [-0.5, 3.5],
                                               "stds": [0.2, 0.25]}),
              np.linspace(-45.0, 45.0, 1501), np.linspace(-2.0, 5.0, 15),
              np.linspace(0.1, 0.6, 6))


def _nan_mistake(student, mu, sigma, fn, x, mus, sigmas):
    """Whether (mu, sigma) is what log(0) * 0 = nan gives here, and the student's
    function gives such a pair on the fixed underflow probe too (the underflow check
    charges it)."""
    def matches(pair, picks):
        return any(close(np.array(pair), np.array(pick), "float") for pick in picks)

    if not matches((mu, sigma), _naive_picks(fn, x, mus, sigmas)):
        return False
    pfn, px, pmus, psigmas = _NAN_PROBE
    try:
        got = _pair(student.call("reverse_kl_gaussian_fit", pfn, px, pmus, psigmas),
                    "reverse_kl_gaussian_fit on a probe")
    except (StudentError, CheckFailure):
        return False
    values = _reverse_objective(pfn, px, pmus, psigmas)
    i, j = np.unravel_index(np.argmin(values), values.shape)
    return matches(got, _naive_picks(pfn, px, pmus, psigmas)) and \
        not close(np.array(got), np.array([pmus[i], psigmas[j]]), "float")


def _judge_grid_answer(student, got, fn, x, mus, sigmas, what, forgive=False):
    """The answer must be a pair of grid values whose objective is the grid's minimum
    (any minimiser, up to rounding)."""
    mu, sigma = _pair(got, what)
    values = _reverse_objective(fn, x, mus, sigmas)
    best = float(np.min(values))
    if _on_grid(mu, mus) and _on_grid(sigma, sigmas) and \
            float(values[int(np.argmin(np.abs(mus - mu))),
                         int(np.argmin(np.abs(sigmas - sigma)))]) <= best + 1e-9 * max(1.0, abs(best)):
        return                                  # a minimiser of the grid: the usual case
    i, j = np.unravel_index(np.argmin(values), values.shape)
    forward = _grid_forward_argmin(fn, x, mus, sigmas)
    if np.isnan(mu) or np.isnan(sigma):
        fail(f"{what}: got ({mu}, {sigma}).", GRID_NAN)
    if close(np.array([mu, sigma]), np.array(forward), "float") and \
            not close(np.array(forward), np.array([mus[i], sigmas[j]]), "float"):
        if forgive and _same_mistake(student, "reverse_kl_gaussian_fit", WRONG_DIRECTION):
            return
        fail(f"{what}: got ({fmt(mu)}, {fmt(sigma)}), the grid minimiser of the forward KL "
             f"D(p || q); the reverse KL D(q || p) is smallest at "
             f"({fmt(mus[i])}, {fmt(sigmas[j])}).", WRONG_DIRECTION)
    if (mu, sigma) == (float(i), float(j)) and not (_on_grid(mu, mus) and _on_grid(sigma, sigmas)):
        fail(f"{what}: got ({fmt(mu)}, {fmt(sigma)}).", GRID_INDICES)
    if not _on_grid(mu, mus):
        fail(f"{what}: mu = {fmt(mu)} is not a value of mu_grid: return the grid values of the "
             "best pair.")
    if not _on_grid(sigma, sigmas):
        if sigma > 0 and _on_grid(math.sqrt(sigma), sigmas):
            fail(f"{what}: got sigma = {fmt(sigma)}, the square of a grid value.", GRID_VARIANCE)
        fail(f"{what}: sigma = {fmt(sigma)} is not a value of sigma_grid: return the grid values "
             "of the best pair.")
    a = int(np.argmin(np.abs(mus - mu)))
    b = int(np.argmin(np.abs(sigmas - sigma)))
    mine = float(values[a, b])
    tol = 1e-9 * max(1.0, abs(best))
    if mine > best + tol and _nan_mistake(student, mu, sigma, fn, x, mus, sigmas):
        return                              # the underflow check charges log(0) * 0 = nan
    expect_true(mine <= best + tol,
                f"{what}: got ({fmt(mu)}, {fmt(sigma)}), whose trapezoid D(q || p) is "
                f"{fmt(mine, 10)}; the grid pair ({fmt(mus[i])}, {fmt(sigmas[j])}) gives "
                f"{fmt(best, 10)}, less.")


@checks("reverse_kl_gaussian_fit", points=1)
def test_reverse_kl_gaussian_fit_best_grid_pair_of_the_trapezoid_objective(student, rng):
    fn = _bimodal(rng)
    cases = [(fn, *_grids(rng, fn))]
    mu0, s0 = float(rng.uniform(-1, 1)), float(rng.uniform(0.6, 1.5))
    gauss = NamedFunction("gaussian_logpdf", {"mu": mu0, "sigma": s0})
    x, mus, sigmas = _grids(rng, gauss)
    mus[int(rng.integers(len(mus)))] = mu0              # p itself is a grid pair: KL = 0 there
    sigmas[int(rng.integers(len(sigmas)))] = s0
    cases.append((gauss, x, mus, sigmas))
    fn = _bimodal(rng, heavy=0.5)                        # equal weights: the modes compete
    x, mus, sigmas = _grids(rng, fn)
    cases.append((fn, x, rng.permutation(mus), sigmas))  # a grid in no particular order
    m, s = float(rng.uniform(-1, 1)), float(rng.uniform(0.6, 1.2))
    # an x_grid cut at p's mean: the part of each q beyond it is lost, so log q's
    # normalising constant (-log(sigma sqrt(2 pi))) moves the minimiser
    cases.append((NamedFunction("gaussian_logpdf", {"mu": m, "sigma": s}),
                  np.linspace(m - 8, m, int(rng.integers(250, 400))),
                  m + np.linspace(-0.5, 2.5, int(rng.integers(28, 34))),
                  s * np.linspace(0.6, 1.6, int(rng.integers(9, 13)))))
    for fn, x, mus, sigmas in cases:
        what = (f"reverse_kl_gaussian_fit({fn.name}{fn.params}, x_grid of {len(x)} points on "
                f"[{fmt(x[0])}, {fmt(x[-1])}], mu_grid of {len(mus)}, sigma_grid of "
                f"{len(sigmas)} values)")
        got = _call_valid(student, "reverse_kl_gaussian_fit", fn, x, mus, sigmas.tolist(),
                          what=what, why="increasing x_grid, positive sigmas")
        _expect_tuple(got, what)
        _judge_grid_answer(student, got, fn, x, mus, sigmas, what)


@checks("reverse_kl_gaussian_fit", points=0.5)
def test_reverse_kl_gaussian_fit_within_a_grid_spacing_of_the_scipy_optimum(student, rng):
    """A clearly heavier mode: the continuous minimiser of the same trapezoid objective
    (scipy.optimize from several starts) is within one grid spacing of the answer."""
    fn = _bimodal(rng, heavy=float(rng.uniform(0.7, 0.8)))
    x, mus, sigmas = _grids(rng, fn)
    lp = named_function(fn.name, fn.params)(x)
    half_dx = 0.5 * np.diff(x)

    def objective(theta):               # the trapezoid rule, written out (called ~100 times)
        mu, log_sigma = theta
        lq = -0.5 * ((x - mu) / math.exp(log_sigma)) ** 2 - log_sigma - 0.5 * math.log(2 * math.pi)
        f = np.exp(lq) * (lq - lp)
        return float(half_dx @ (f[1:] + f[:-1]))

    starts = [(m, math.log(s)) for m, s in zip(fn.params["means"], fn.params["stds"])]
    starts.append((float(np.dot(fn.params["weights"], fn.params["means"])), math.log(2.5)))
    results = [scipy.optimize.minimize(objective, np.array(s0), method="Nelder-Mead",
                                       options={"xatol": 1e-5, "fatol": 1e-10, "maxiter": 2000})
               for s0 in starts]
    best = min(results, key=lambda r: r.fun)
    mu_opt, sigma_opt = float(best.x[0]), math.exp(float(best.x[1]))
    dmu, dsigma = float(mus[1] - mus[0]), float(sigmas[1] - sigmas[0])
    what = (f"reverse_kl_gaussian_fit({fn.name}{fn.params}, x_grid on [{fmt(x[0])}, "
            f"{fmt(x[-1])}], mu_grid step {fmt(dmu)}, sigma_grid step {fmt(dsigma)})")
    got = _call_valid(student, "reverse_kl_gaussian_fit", fn, x.tolist(), mus, sigmas,
                      what=what, why="increasing x_grid, positive sigmas")
    mu, sigma = _pair(got, what)
    if abs(mu - mu_opt) <= dmu * (1 + 1e-9) and abs(sigma - sigma_opt) <= dsigma * (1 + 1e-9):
        return
    forward = _grid_forward_argmin(fn, x, mus, sigmas)
    if close(np.array([mu, sigma]), np.array(forward), "float"):
        if _same_mistake(student, "reverse_kl_gaussian_fit", WRONG_DIRECTION):
            return
        fail(f"{what}: got ({fmt(mu)}, {fmt(sigma)}), the forward-KL fit.", WRONG_DIRECTION)
    if _nan_mistake(student, mu, sigma, fn, x, mus, sigmas):
        return                              # the underflow check charges log(0) * 0 = nan
    fail(f"{what}: got ({fmt(mu)}, {fmt(sigma)}); scipy.optimize finds the continuous "
         f"minimum of the same objective at ({fmt(mu_opt)}, {fmt(sigma_opt)}), more than one "
         "grid step away.")


@checks("reverse_kl_gaussian_fit", points=0.25)
def test_reverse_kl_gaussian_fit_trapezoid_on_an_uneven_x_grid(student, rng):
    # three mixtures: a sum that assumes one spacing lands on the right mode of one
    # mixture in about 20 by chance, of three in about 8000
    for _ in range(UNEVEN_GRID_MIXTURES):
        _reverse_fit_on_an_uneven_x_grid(student, rng)


#: Mixtures the uneven-grid check tries (each must be fitted right).
UNEVEN_GRID_MIXTURES = 3


def _reverse_fit_on_an_uneven_x_grid(student, rng):
    fn = _bimodal(rng, heavy=float(rng.uniform(0.5, 0.6)))
    _, mus, sigmas = _grids(rng, fn)
    heavy = int(np.argmax(fn.params["weights"]))
    centre = fn.params["means"][heavy]
    # coarse everywhere, very fine around the heavier mode (where the reverse fit sits):
    # a sum that assumes one spacing weights that region many times over, inflates the
    # objective of every candidate on that mode, and so moves the fit to the other one
    coarse = np.linspace(-9.0, 11.0, int(rng.integers(120, 200)))
    fine = np.linspace(centre - 1.5, centre + 1.5, int(rng.integers(300, 500)))
    x = np.unique(np.concatenate([coarse, fine]))
    what = (f"reverse_kl_gaussian_fit({fn.name}{fn.params}, an uneven x_grid of {len(x)} "
            f"points, fine near x = {fmt(centre)}, mu_grid of {len(mus)}, sigma_grid of "
            f"{len(sigmas)} values)")
    got = _call_valid(student, "reverse_kl_gaussian_fit", fn, x, mus, sigmas, what=what,
                      why="an increasing x_grid may be unevenly spaced")
    _judge_grid_answer(student, got, fn, x, mus, sigmas,
                       what + " (integrate with the trapezoid rule on the given points)",
                       forgive=True)


@checks("reverse_kl_gaussian_fit", points=0.25)
def test_reverse_kl_gaussian_fit_underflowing_tails_contribute_zero(student, rng):
    """x_grid reaches 40+ sigma from every candidate: q underflows to 0 there."""
    fn = NamedFunction("mixture_logpdf", {
        "weights": _exact([0.7, 0.3], bits=20).tolist(),
        "means": [float(rng.uniform(-1, 0)), float(rng.uniform(3, 4))],
        "stds": rng.uniform(0.15, 0.3, 2).tolist()})
    mus = np.linspace(-2, 5, int(rng.integers(12, 19)))
    sigmas = np.linspace(0.15, 0.6, int(rng.integers(5, 9)))
    x = np.linspace(-45.0, 45.0, int(rng.integers(1800, 2400)))
    what = (f"reverse_kl_gaussian_fit({fn.name}{fn.params}, x_grid on [-45, 45], sigmas "
            f"{fmt(sigmas[0])}..{fmt(sigmas[-1])}) (q underflows to 0 in the tails)")
    got = _call_valid(student, "reverse_kl_gaussian_fit", fn, x, mus, sigmas, what=what,
                      why="increasing x_grid, positive sigmas")
    mu, sigma = _pair(got, what)
    if not (math.isfinite(mu) and math.isfinite(sigma)):
        fail(f"{what}: got ({mu}, {sigma}).", GRID_NAN)
    if not (_on_grid(mu, mus) and _on_grid(sigma, sigmas)):
        _judge_grid_answer(student, got, fn, x, mus, sigmas, what, forgive=True)
        return                                   # (it failed, or forgave a direction mistake)
    values = _reverse_objective(fn, x, mus, sigmas)
    mine = float(values[int(np.argmin(np.abs(mus - mu))), int(np.argmin(np.abs(sigmas - sigma)))])
    best = float(np.min(values))
    if mine <= best + 1e-9 * max(1.0, abs(best)):
        return
    if close(np.array([mu, sigma]), np.array(_grid_forward_argmin(fn, x, mus, sigmas)), "float") \
            and _same_mistake(student, "reverse_kl_gaussian_fit", WRONG_DIRECTION):
        return                                   # the direction mistake, charged elsewhere
    named = any(close(np.array([mu, sigma]), np.array(pick), "float")
                for pick in _naive_picks(fn, x, mus, sigmas))
    fail(f"{what}: got ({fmt(mu)}, {fmt(sigma)}), whose D(q || p) is {fmt(mine)}, more than "
         f"the grid's minimum {fmt(best)}.", GRID_NAN if named else None)


@checks("reverse_kl_gaussian_fit", points=0.25)
def test_reverse_kl_gaussian_fit_x_grid_that_cuts_the_tails(student, rng):
    """The integral is the trapezoid rule on exactly x_grid, also when x_grid ends
    inside q's mass: q is the normalised Gaussian density, not renormalised on the grid
    (a wrong constant in log q then changes which pair wins)."""
    for _ in range(4):
        fn = _bimodal(rng)
        _, mus, sigmas = _grids(rng, fn)
        means = fn.params["means"]
        x = np.linspace(min(means) - float(rng.uniform(0.0, 1.0)),
                        max(means) + float(rng.uniform(0.0, 1.0)), int(rng.integers(200, 300)))
        what = (f"reverse_kl_gaussian_fit({fn.name}{fn.params}, x_grid on [{fmt(x[0])}, "
                f"{fmt(x[-1])}] (it cuts the tails of wide candidates), mu_grid of {len(mus)}, "
                f"sigma_grid of {len(sigmas)} values)")
        got = _call_valid(student, "reverse_kl_gaussian_fit", fn, x, mus, sigmas, what=what,
                          why="increasing x_grid, positive sigmas")
        _judge_grid_answer(student, got, fn, x, mus, sigmas, what, forgive=True)


@checks("reverse_kl_gaussian_fit", points=0.25)
def test_reverse_kl_gaussian_fit_smallest_valid_grids(student, rng):
    fn = _bimodal(rng)
    mu, sigma = float(rng.uniform(-2, 2)), float(rng.uniform(0.5, 2))
    x = np.sort(rng.uniform(-6, 6, 2))
    what = (f"reverse_kl_gaussian_fit(log_p, {fmt(x)}, [{fmt(mu)}], [{fmt(sigma)}]) (two points, "
            "one candidate: it is the answer)")
    got = _call_valid(student, "reverse_kl_gaussian_fit", fn, x.tolist(), [mu], [sigma],
                      what=what, why="an x_grid of 2 points and one-value grids are valid")
    pair = _pair(got, what)
    expect_true(close(np.array(pair), np.array([mu, sigma]), "float"),
                f"{what}: got ({fmt(pair[0])}, {fmt(pair[1])}), expected ({fmt(mu)}, {fmt(sigma)}).")
    x, mus, sigmas = _grids(rng, fn)
    what = (f"reverse_kl_gaussian_fit({fn.name}{fn.params}, x_grid of {len(x)} points, mu_grid "
            f"of {len(mus)} values, a single sigma {fmt(sigmas[2])})")
    got = _call_valid(student, "reverse_kl_gaussian_fit", fn, x, mus, sigmas[2:3], what=what,
                      why="a one-value sigma_grid is valid")
    _judge_grid_answer(student, got, fn, x, mus, sigmas[2:3], what, forgive=True)


@checks("reverse_kl_gaussian_fit", points=0.25)
def test_reverse_kl_gaussian_fit_rejects_invalid_grids(student, rng):
    fn = _bimodal(rng)
    x, mus, sigmas = _grids(rng, fn)
    bad_sigmas = sigmas.copy()
    bad_sigmas[int(rng.integers(len(sigmas)))] = 0.0
    neg_sigmas = sigmas.copy()
    neg_sigmas[0] = -sigmas[0]
    unsorted = x.copy()
    i = int(rng.integers(1, len(x) - 1))
    unsorted[i], unsorted[i + 1] = unsorted[i + 1], unsorted[i]
    repeated = x.copy()
    repeated[i + 1] = repeated[i]
    cases = [((x[::-1], mus, sigmas), "a decreasing x_grid"),
             ((repeated, mus, sigmas), "an x_grid with a repeated point"),
             ((x, mus, sigmas[:0]), "an empty sigma_grid"),
             ((unsorted, mus, sigmas), "an x_grid with two points swapped"),
             ((x[:1], mus, sigmas), "an x_grid of one point"),
             ((x, mus, bad_sigmas), "a sigma of 0 in sigma_grid"),
             ((x, mus, neg_sigmas), "a negative sigma in sigma_grid"),
             ((x, mus[:0], sigmas), "an empty mu_grid")]
    expect_value_errors(student, "reverse_kl_gaussian_fit", [
        Invalid(f"reverse_kl_gaussian_fit with {label}", (fn, *args)) for args, label in cases])


@checks("reverse_kl_gaussian_fit", points=0.25)
def test_reverse_kl_gaussian_fit_inputs_unchanged(student, rng):
    fn = _bimodal(rng)
    x, mus, sigmas = _grids(rng, fn)
    mus, sigmas = mus[::2], sigmas[::2]
    calls_ignoring_errors(student, "reverse_kl_gaussian_fit", [
        ((fn, x, rng.permutation(mus), rng.permutation(sigmas)), None),
        ((fn, x.tolist(), mus.tolist()[::-1], sigmas.tolist()), None)])
    expect_no_side_effects(student, "inputs")
