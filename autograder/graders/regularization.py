"""Hidden checks of 09_regularization: L2/L1/elastic-net penalties and their
(sub)gradients, soft thresholding, ridge in closed form, the lasso by ISTA, and
inverted dropout forward and backward.

Oracles (never the notebook's solution):
  penalties   -- ``np.linalg.norm`` of the flattened weights; PyTorch autograd of
                 the penalty written in torch (float64; torch's ``abs`` has gradient
                 0 at 0, the contract's subgradient); scikit-learn's ``ElasticNet``
                 solution, where the penalty's numerical gradient must balance the
                 data term (stationarity);
  soft_threshold -- ``torch.nn.functional.softshrink``;
  ridge       -- scikit-learn's ``Ridge(alpha=lam, fit_intercept=False)``, the normal
                 equations' residual on ill-conditioned X, ``np.linalg.lstsq`` at lam = 0;
  lasso       -- scikit-learn's ``Lasso(alpha=lam / n, fit_intercept=False)`` run to
                 a tight tolerance, the KKT conditions on the student's own answer,
                 the closed form of one ISTA step from 0, the threshold
                 ``lam >= ||X^T y||_inf``, ``np.linalg.lstsq`` at lam = 0. The design
                 matrices are tall Gaussian ones with mu / L >= 0.2 (checked when
                 drawn), so 500 steps of 1/L converge far below the 1e-6 tolerance;
  dropout     -- binomial statistics with tolerances derived from the sample size
                 (5 standard deviations), exact values of the mask, reproducibility
                 from the rng seed alone; the backward against ``dout * mask`` and
                 against autograd of ``x * mask``.

One mistake, one loss: each exercise's first check judges its formula and names the
catalogued mistakes; the other checks judge their own property (lists, edge cases,
errors). Every call is watched for arguments changed in place; each exercise charges
what it saw once, in its inputs_unchanged check.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.linear_model import ElasticNet, Lasso, Ridge

from autograder.grader_api import (Checks, Rng, StudentError, as_array, as_float, call_valid,
                                   central_differences, close, expect_close,
                                   expect_no_side_effects, expect_true, expect_value_error, fail,
                                   fmt, register_misconception)

ASSIGNMENT = "09_regularization"
checks = Checks(ASSIGNMENT)

EQUIVALENT_MUTANTS = {
    "dropout_forward/compare-GtE-Gt/2711aca4": (
        "rng.random draws from [0, 1) in multiples of 2**-53: `> p` and `>= p` differ only "
        "for a draw exactly equal to p, probability 0 for 0 < p < 1 and 2**-53 per unit at "
        "p = 0 (never seen); at p = 1 the branch is not taken. The masks' distributions are "
        "the same."),
}

# -- misconceptions ----------------------------------------------------------------

L2_NO_HALF = register_misconception(
    "l2-penalty-missing-half",
    "lam * ||w||^2 where the contract is lam / 2 * ||w||^2: the 1/2 comes from the "
    "Gaussian prior's exponent, -log N(w; 0, tau^2) = w^2 / (2 tau^2), and makes the "
    "gradient exactly lam * w.")
L2_NORM_NOT_SQUARED = register_misconception(
    "l2-penalty-norm-not-squared",
    "the Euclidean norm ||w|| used where the penalty is its square ||w||^2 = sum w_j^2.")
L2_GRAD_FACTOR = register_misconception(
    "l2-gradient-wrong-factor",
    "the gradient of lam / 2 * ||w||^2 is lam * w: d/dw_j (lam / 2) w_j^2 = lam w_j "
    "(2 * lam * w is the gradient of lam * ||w||^2, lam / 2 * w of nothing here).")
L1_NO_ABS = register_misconception(
    "l1-penalty-without-abs",
    "lam * sum(w) without absolute values: positive and negative weights cancel. The "
    "L1 norm is sum |w_j|.")
SUBGRAD_AT_ZERO = register_misconception(
    "l1-subgradient-nonzero-at-zero",
    "lam (or -lam) returned at w_j = 0: |w| has a kink there, its subdifferential is "
    "the interval [-lam, lam], and the contract picks 0 (np.sign(0) = 0), not the "
    "one-sided slope np.where(w >= 0, lam, -lam) gives.")
EN_NO_HALF = register_misconception(
    "elastic-net-l2-part-missing-half",
    "the L2 part taken as (1 - l1_ratio) * ||w||^2 instead of (1 - l1_ratio) / 2 * "
    "||w||^2: scikit-learn's ElasticNet penalty is alpha * l1_ratio * ||w||_1 + "
    "0.5 * alpha * (1 - l1_ratio) * ||w||^2.")
EN_SWAPPED = register_misconception(
    "elastic-net-ratio-swapped",
    "l1_ratio applied to the L2 part: l1_ratio weighs the L1 norm (l1_ratio = 1 is "
    "the lasso), 1 - l1_ratio the squared L2 norm.")
HARD_THRESHOLD = register_misconception(
    "hard-instead-of-soft-threshold",
    "hard thresholding (x where |x| > t, else 0): the proximal operator of t|.| also "
    "moves the surviving entries t towards 0, sign(x) * max(|x| - t, 0).")
THRESHOLD_NO_SIGN = register_misconception(
    "soft-threshold-sign-lost",
    "max(|x| - t, 0) without sign(x): negative entries come out positive.")
CLIP = register_misconception(
    "soft-threshold-as-clip",
    "np.clip(x, -t, t) is not soft thresholding: it limits large values instead of "
    "zeroing small ones. S_t(x) = sign(x) * max(|x| - t, 0).")
RIDGE_LAM = register_misconception(
    "ridge-lambda-scaled",
    "lam scaled by 2 or 1/2 on the diagonal: the gradient of 1/2 ||Xw - y||^2 + lam/2 "
    "||w||^2 is X^T (Xw - y) + lam w, so the system is (X^T X + lam I) w = X^T y.")
RIDGE_ALL_ENTRIES = register_misconception(
    "ridge-lambda-added-to-every-entry",
    "X^T X + lam (lam added to every entry) instead of X^T X + lam * I (lam on the "
    "diagonal only).")
RIDGE_NO_LAM = register_misconception(
    "ridge-lambda-ignored",
    "lam never enters the answer: this is the least-squares solution (X^T X)^-1 X^T y. "
    "The penalty lam/2 ||w||^2 adds lam w to the gradient, so the system is "
    "(X^T X + lam I) w = X^T y: lam shrinks the weights towards 0.")
SKLEARN_ALPHA = register_misconception(
    "lasso-sklearn-alpha-not-scaled",
    "scikit-learn's Lasso called with alpha = lam: its data term is scaled by "
    "1/(2n), so the same problem needs alpha = lam / n.")
ISTA_THRESHOLD = register_misconception(
    "ista-threshold-not-scaled-by-step",
    "soft thresholding at lam after a gradient step of size 1/L: the proximal step "
    "of (1/L) * lam ||w||_1 thresholds at lam / L.")
DROPOUT_KEEP_P = register_misconception(
    "dropout-p-as-keep-probability",
    "p used as the probability of keeping a unit (CS231n's convention): here p is the "
    "DROP probability, as in torch.nn.functional.dropout; keep each unit with "
    "probability 1 - p and scale the kept ones by 1 / (1 - p).")
DROPOUT_NOT_INVERTED = register_misconception(
    "dropout-not-inverted",
    "the kept units are not scaled by 1 / (1 - p): then E[out] = (1 - p) x, and the "
    "test-time identity would see larger activations than training did. Inverted "
    "dropout's mask is keep / (1 - p).")
DROPOUT_BACKWARD_BINARY = register_misconception(
    "dropout-backward-without-scale",
    "dout * (mask > 0): the backward pass must use the same scaled mask as the "
    "forward, dx = dout * mask.")

#: z-scores for the binomial checks: a correct answer fails with probability < 1e-6
Z_BOUND = 5.0
#: relative accuracy expected of the lasso after 500 ISTA steps (notebook section 5)
LASSO_RTOL = 1e-6


# -- helpers -----------------------------------------------------------------------

def draw_w(rng, shape=None):
    shape = shape or tuple(int(s) for s in rng.integers(2, 6, size=int(rng.integers(1, 3))))
    w = rng.normal(0, 2, shape)
    w[rng.random(shape) < 0.2] = 0.0
    return w


def shape_text(a):
    return f"w of shape {np.shape(a)}"


def float_answer(got, what):
    """A scalar answer: a number (float or NumPy scalar), not an array."""
    if isinstance(got, (np.ndarray, list, tuple)):
        fail(f"{what} returned {type(got).__name__} of shape {np.shape(got)}: return a float.")
    return as_float(got, what)


def lists_check(student, name, args, list_args, what):
    """The same call with lists gives what the arrays give."""
    want = call_valid(student, name, *args, what=what)
    try:
        got = student.call(name, *list_args)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        fail(f"{what} with the arrays given as lists raised {err.type}: {err.message}; "
             "accept array-likes (np.asarray(w, dtype=float)).")
    expect_close(as_array(got, what), as_array(want, what), f"{what} given as lists "
                 "(vs. your answer for the same arrays)", tol="float")


def inputs_unchanged(student, name, *args):
    try:
        student.call(name, *args)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
    expect_no_side_effects(student, "inputs")


def torch_grad(fn, w):
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    fn(wt).backward()
    return wt.grad.numpy()


def tall_design(rng, n=None, d=None, min_ratio=0.2):
    """A Gaussian design with mu / L >= min_ratio (redrawn until it holds)."""
    n = n or int(rng.integers(60, 120))
    d = d or int(rng.integers(3, 8))
    while True:
        X = rng.normal(0, 1, (n, d)) * rng.uniform(0.5, 2.0)
        eig = np.linalg.eigvalsh(X.T @ X)
        if eig[0] / eig[-1] >= min_ratio:
            return X


def sparse_problem(rng, n=None, d=None):
    """(X, y, lam) with a sparse truth and lam a fraction of ||X^T y||_inf, so that
    the lasso has zeros and non-zeros."""
    X = tall_design(rng, n, d)
    d = X.shape[1]
    w_true = rng.normal(0, 2, d) * (rng.random(d) < 0.5)
    w_true[0] = 3.0
    y = X @ w_true + rng.normal(0, 1.0, X.shape[0])
    lam = float(rng.uniform(0.1, 0.4) * np.max(np.abs(X.T @ y)))
    return X, y, lam


def sklearn_lasso(X, y, lam):
    model = Lasso(alpha=lam / X.shape[0], fit_intercept=False, tol=1e-14, max_iter=200000)
    return model.fit(X, y).coef_


def lasso_objective(X, y, lam, w):
    r = X @ w - y
    return 0.5 * float(r @ r) + lam * float(np.abs(w).sum())


def soft(x, t):
    return F.softshrink(torch.tensor(x, dtype=torch.float64), t).numpy()


# == l2_penalty ====================================================================

@checks("l2_penalty", points=0.5)
def test_l2_penalty_matches_norm(student, rng):
    for _ in range(2):
        w, lam = draw_w(rng), float(rng.uniform(0.05, 3.0))
        norm = np.linalg.norm(w.ravel())
        got = float_answer(student.call("l2_penalty", w, lam), f"l2_penalty({shape_text(w)})")
        expect_close(got, lam / 2 * norm ** 2, f"l2_penalty({fmt(w)}, lam={lam:.4g})",
                     misconceptions={L2_NO_HALF: lam * norm ** 2,
                                     L2_NORM_NOT_SQUARED: lam / 2 * norm})


@checks("l2_penalty", points=0.25)
def test_l2_penalty_lists_and_zero(student, rng):
    w, lam = draw_w(rng, (int(rng.integers(2, 6)),)), float(rng.uniform(0.1, 2))
    lists_check(student, "l2_penalty", (w, lam), (w.tolist(), lam), f"l2_penalty({fmt(w)})")
    got = float_answer(student.call("l2_penalty", w, 0.0), "l2_penalty(w, lam=0)")
    expect_close(got, 0.0, f"l2_penalty({fmt(w)}, lam=0)", tol="exact")


@checks("l2_penalty", points=0.25)
def test_l2_penalty_inputs_unchanged(student, rng):
    inputs_unchanged(student, "l2_penalty", draw_w(rng), 0.7)


# == l2_grad =======================================================================

@checks("l2_grad", points=0.5)
def test_l2_grad_matches_autograd(student, rng):
    for _ in range(2):
        w, lam = draw_w(rng), float(rng.uniform(0.05, 3.0))
        expected = torch_grad(lambda t: lam / 2 * (t * t).sum(), w)
        got = as_array(student.call("l2_grad", w, lam), f"l2_grad({shape_text(w)})")
        expect_close(got, expected, f"l2_grad({fmt(w)}, lam={lam:.4g}) (vs. autograd of "
                     "lam/2 ||w||^2)", tol="gradient",
                     misconceptions={L2_GRAD_FACTOR: 2 * lam * w})


@checks("l2_grad", points=0.25)
def test_l2_grad_accepts_lists(student, rng):
    w, lam = draw_w(rng, (int(rng.integers(2, 6)),)), float(rng.uniform(0.1, 2))
    lists_check(student, "l2_grad", (w, lam), (w.tolist(), lam), f"l2_grad({fmt(w)})")


@checks("l2_grad", points=0.25)
def test_l2_grad_inputs_unchanged(student, rng):
    inputs_unchanged(student, "l2_grad", draw_w(rng), 0.7)


# == l1_penalty ====================================================================

@checks("l1_penalty", points=0.5)
def test_l1_penalty_matches_norm(student, rng):
    for _ in range(2):
        w, lam = draw_w(rng), float(rng.uniform(0.05, 3.0))
        w.flat[0] = -abs(w.flat[0]) - 0.5             # a negative entry: abs matters
        norm = np.linalg.norm(w.ravel(), 1)
        got = float_answer(student.call("l1_penalty", w, lam), f"l1_penalty({shape_text(w)})")
        expect_close(got, lam * norm, f"l1_penalty({fmt(w)}, lam={lam:.4g})",
                     misconceptions={L1_NO_ABS: lam * w.sum()})


@checks("l1_penalty", points=0.25)
def test_l1_penalty_lists_and_zero(student, rng):
    w, lam = draw_w(rng, (int(rng.integers(2, 6)),)), float(rng.uniform(0.1, 2))
    lists_check(student, "l1_penalty", (w, lam), (w.tolist(), lam), f"l1_penalty({fmt(w)})")
    got = float_answer(student.call("l1_penalty", np.zeros(3), lam), "l1_penalty(zeros)")
    expect_close(got, 0.0, "l1_penalty of w = 0", tol="exact")


@checks("l1_penalty", points=0.25)
def test_l1_penalty_inputs_unchanged(student, rng):
    inputs_unchanged(student, "l1_penalty", draw_w(rng), 0.7)


# == l1_subgradient ================================================================

@checks("l1_subgradient", points=0.5)
def test_l1_subgradient_matches_autograd_away_from_zero(student, rng):
    w, lam = rng.normal(0, 2, (int(rng.integers(2, 5)), int(rng.integers(2, 5)))), \
        float(rng.uniform(0.05, 3.0))
    w[np.abs(w) < 1e-3] = 0.5
    expected = torch_grad(lambda t: lam * t.abs().sum(), w)
    got = as_array(student.call("l1_subgradient", w, lam), f"l1_subgradient({shape_text(w)})")
    expect_close(got, expected, f"l1_subgradient({fmt(w)}, lam={lam:.4g}) (vs. autograd of "
                 "lam ||w||_1)", tol="gradient")


@checks("l1_subgradient", points=0.5)
def test_l1_subgradient_zero_at_zero(student, rng):
    d = int(rng.integers(4, 8))
    w = rng.normal(0, 2, d)
    w[rng.permutation(d)[:2]] = 0.0
    lam = float(rng.uniform(0.1, 2.0))
    got = as_array(student.call("l1_subgradient", w, lam), f"l1_subgradient({fmt(w)})")
    expected = lam * np.sign(w)
    expect_close(got, expected, f"l1_subgradient({fmt(w)}, lam={lam:.4g}) (0 where w = 0)",
                 tol="exact", misconceptions={SUBGRAD_AT_ZERO: np.where(w >= 0, lam, -lam)})


@checks("l1_subgradient", points=0.25)
def test_l1_subgradient_accepts_lists(student, rng):
    w, lam = draw_w(rng, (int(rng.integers(2, 6)),)), float(rng.uniform(0.1, 2))
    lists_check(student, "l1_subgradient", (w, lam), (w.tolist(), lam),
                f"l1_subgradient({fmt(w)})")


@checks("l1_subgradient", points=0.25)
def test_l1_subgradient_inputs_unchanged(student, rng):
    inputs_unchanged(student, "l1_subgradient", draw_w(rng), 0.7)


# == elastic_net_penalty ===========================================================

def en_value(w, lam, rho):
    return lam * (rho * np.linalg.norm(w.ravel(), 1) + (1 - rho) / 2 * np.linalg.norm(w.ravel()) ** 2)


@checks("elastic_net_penalty", points=0.5)
def test_elastic_net_penalty_matches_formula(student, rng):
    for _ in range(2):
        w, lam, rho = draw_w(rng), float(rng.uniform(0.05, 3.0)), float(rng.uniform(0.1, 0.9))
        l1, l2 = np.linalg.norm(w.ravel(), 1), np.linalg.norm(w.ravel()) ** 2
        got = float_answer(student.call("elastic_net_penalty", w, lam, rho),
                           f"elastic_net_penalty({shape_text(w)})")
        expect_close(got, en_value(w, lam, rho),
                     f"elastic_net_penalty({fmt(w)}, lam={lam:.4g}, l1_ratio={rho:.4g})",
                     misconceptions={EN_NO_HALF: lam * (rho * l1 + (1 - rho) * l2),
                                     EN_SWAPPED: lam * ((1 - rho) * l1 + rho / 2 * l2)})


def en_catalogued_mistake(student, rng):
    """Whether the student's penalty makes a catalogued mistake on a fresh probe (the
    formula check charges it; the other checks then judge nothing more)."""
    w, lam, rho = draw_w(rng), float(rng.uniform(0.1, 2.0)), float(rng.uniform(0.2, 0.8))
    got = as_float(student.call("elastic_net_penalty", w, lam, rho), "elastic_net_penalty")
    l1, l2 = np.linalg.norm(w.ravel(), 1), np.linalg.norm(w.ravel()) ** 2
    return not close(got, en_value(w, lam, rho)) and any(
        close(got, v) for v in (lam * (rho * l1 + (1 - rho) * l2),
                                lam * ((1 - rho) * l1 + rho / 2 * l2)))


@checks("elastic_net_penalty", points=0.25)
def test_elastic_net_penalty_endpoints(student, rng):
    """l1_ratio = 1 is lam ||w||_1, l1_ratio = 0 is lam/2 ||w||^2 (a catalogued
    formula mistake is the formula check's)."""
    if en_catalogued_mistake(student, rng):
        return
    w, lam = draw_w(rng), float(rng.uniform(0.1, 2.0))
    for rho, expected, name in [(1.0, lam * np.linalg.norm(w.ravel(), 1), "the L1 penalty"),
                                (0.0, lam / 2 * np.linalg.norm(w.ravel()) ** 2, "the L2 penalty")]:
        got = float_answer(student.call("elastic_net_penalty", w, lam, rho),
                           f"elastic_net_penalty(l1_ratio={rho:g})")
        expect_close(got, expected, f"elastic_net_penalty({fmt(w)}, lam={lam:.4g}, "
                     f"l1_ratio={rho:g}) (must be {name})")


@checks("elastic_net_penalty", points=0.5)
def test_elastic_net_penalty_balances_sklearn_elasticnet(student, rng):
    """At ElasticNet(alpha=lam, l1_ratio)'s solution w*, the numerical gradient of the
    student's penalty equals X^T (y - X w*) / n on the non-zero coordinates."""
    if en_catalogued_mistake(student, rng):
        return
    X = tall_design(rng, n=80, d=4)
    y = X @ np.array([2.0, -1.5, 1.0, 0.5]) + rng.normal(0, 0.5, 80)
    lam, rho = float(rng.uniform(0.05, 0.3)), float(rng.uniform(0.2, 0.8))
    w_star = ElasticNet(alpha=lam, l1_ratio=rho, fit_intercept=False, tol=1e-14,
                        max_iter=200000).fit(X, y).coef_
    nz = np.abs(w_star) > 1e-4
    expected = X.T @ (y - X @ w_star) / X.shape[0]

    def penalty(v):
        return as_float(student.call("elastic_net_penalty", v, lam, rho), "elastic_net_penalty")

    grad = central_differences(penalty, (w_star,), 1e-6)[0]
    expect_close(grad[nz], expected[nz], f"the gradient of your elastic_net_penalty(w, "
                 f"lam={lam:.4g}, l1_ratio={rho:.4g}) at scikit-learn's ElasticNet(alpha={lam:.4g}) "
                 f"solution w* = {fmt(w_star)} (it must balance X^T (y - X w*) / n there)",
                 tol="numerical")


@checks("elastic_net_penalty", points=0.25)
def test_elastic_net_penalty_lists_and_inputs_unchanged(student, rng):
    w = draw_w(rng)
    lists_check(student, "elastic_net_penalty", (w, 0.5, 0.3), (w.tolist(), 0.5, 0.3),
                f"elastic_net_penalty({fmt(w)})")
    inputs_unchanged(student, "elastic_net_penalty", draw_w(rng), 0.7, 0.4)


# == soft_threshold ================================================================

@checks("soft_threshold", points=0.75)
def test_soft_threshold_matches_torch_softshrink(student, rng):
    for _ in range(2):
        shape = (int(rng.integers(2, 6)), int(rng.integers(2, 6)))
        t = float(rng.uniform(0.2, 1.5))
        x = rng.normal(0, 1.5, shape)
        x.flat[0], x.flat[1] = t, -t                   # on the boundary: exactly 0
        got = as_array(student.call("soft_threshold", x, t), f"soft_threshold(x of shape {shape})")
        expected = soft(x, t)
        expect_close(got, expected, f"soft_threshold({fmt(x)}, t={t:.4g}) (vs. "
                     "torch.nn.functional.softshrink)", tol="float", misconceptions={
                         HARD_THRESHOLD: np.where(np.abs(x) > t, x, 0.0),
                         THRESHOLD_NO_SIGN: np.maximum(np.abs(x) - t, 0.0),
                         CLIP: np.clip(x, -t, t)})
        inside = np.abs(x) <= t
        expect_true(np.all(got[inside] == 0.0), f"soft_threshold({fmt(x)}, t={t:.4g}): the "
                    f"entries with |x| <= t must be exactly 0, got {fmt(got[inside])}")


@checks("soft_threshold", points=0.25)
def test_soft_threshold_extreme_thresholds(student, rng):
    x = rng.normal(0, 2, int(rng.integers(3, 8)))
    got = as_array(student.call("soft_threshold", x, 0.0), "soft_threshold(x, 0)")
    expect_close(got, x, f"soft_threshold({fmt(x)}, t=0) (must equal x)", tol="exact")
    t = float(np.max(np.abs(x)) * rng.uniform(1.0, 3.0))
    got = as_array(student.call("soft_threshold", x, t), "soft_threshold(x, t >= max|x|)")
    expect_close(got, np.zeros_like(x), f"soft_threshold({fmt(x)}, t={t:.4g} >= max |x|) "
                 "(all zeros)", tol="exact")


@checks("soft_threshold", points=0.25)
def test_soft_threshold_accepts_lists(student, rng):
    x, t = rng.normal(0, 2, (2, int(rng.integers(2, 5)))), float(rng.uniform(0.1, 1))
    lists_check(student, "soft_threshold", (x, t), (x.tolist(), t), f"soft_threshold({fmt(x)})")


@checks("soft_threshold", points=0.25)
def test_soft_threshold_returns_array_of_x_shape(student, rng):
    shape = (int(rng.integers(1, 4)), int(rng.integers(1, 4)), int(rng.integers(1, 4)))
    x = rng.normal(0, 2, shape)
    got = student.call("soft_threshold", x, 0.5)
    expect_true(isinstance(got, np.ndarray), f"soft_threshold should return an np.ndarray, "
                f"got {type(got).__name__}")
    expect_true(got.shape == shape, f"soft_threshold on x of shape {shape} returned shape "
                f"{got.shape}: the operator is elementwise, keep x's shape")


@checks("soft_threshold", points=0.25)
def test_soft_threshold_negative_t_raises(student, rng):
    expect_value_error(student, "soft_threshold", rng.normal(0, 1, 3), -float(rng.uniform(0.1, 1)),
                       what="soft_threshold with a negative threshold")


@checks("soft_threshold", points=0.25)
def test_soft_threshold_inputs_unchanged(student, rng):
    inputs_unchanged(student, "soft_threshold", rng.normal(0, 2, (3, 4)), 0.6)


# == ridge_closed_form =============================================================

def ridge_mistakes(X, y, lam):
    G, b = X.T @ X, X.T @ y
    eye = np.eye(X.shape[1])
    return {RIDGE_LAM: [np.linalg.solve(G + 2 * lam * eye, b),
                        np.linalg.solve(G + lam / 2 * eye, b)],
            RIDGE_ALL_ENTRIES: [np.linalg.lstsq(G + lam, b, rcond=None)[0]],
            RIDGE_NO_LAM: [np.linalg.lstsq(X, y, rcond=None)[0]] if lam > 0 else []}


def ridge_catalogued_mistake(student, rng):
    """Whether the student's ridge makes a catalogued mistake on a fresh well-conditioned
    probe (the sklearn check charges it; n < d and ill-conditioned X then judge nothing
    more)."""
    X, y = rng.normal(0, 1, (12, 3)), rng.normal(0, 1, 12)
    lam = float(rng.uniform(0.5, 2.0))
    got = np.asarray(student.call("ridge_closed_form", X, y, lam), dtype=float)
    right = np.linalg.solve(X.T @ X + lam * np.eye(3), X.T @ y)
    return not close(got, right) and any(close(got, wrong) for candidates in
                                         ridge_mistakes(X, y, lam).values()
                                         for wrong in candidates)


def expect_ridge(got, expected, what, mistakes):
    value = as_array(got, what)
    if value.shape == expected.shape and not close(value, expected, "float"):
        for key, candidates in mistakes.items():
            for wrong in candidates:
                if close(value, wrong, "float"):
                    fail(f"{what}: got {fmt(value)}, expected {fmt(expected)}.", key)
    expect_close(value, expected, what, tol="float")


@checks("ridge_closed_form", points=0.75)
def test_ridge_closed_form_matches_sklearn_ridge(student, rng):
    n, d = int(rng.integers(8, 30)), int(rng.integers(2, 6))
    X, y = rng.normal(0, 1, (n, d)), rng.normal(0, 2, n)
    lam = float(rng.uniform(0.3, 5.0))
    expected = Ridge(alpha=lam, fit_intercept=False, solver="svd").fit(X, y).coef_
    got = student.call("ridge_closed_form", X, y, lam)
    expect_ridge(got, expected, f"ridge_closed_form on X of shape {X.shape}, lam={lam:.4g} "
                 "(vs. scikit-learn's Ridge(alpha=lam, fit_intercept=False))",
                 ridge_mistakes(X, y, lam))


@checks("ridge_closed_form", points=0.5)
def test_ridge_closed_form_more_features_than_examples(student, rng):
    if ridge_catalogued_mistake(student, rng):
        return
    n = int(rng.integers(2, 6))
    d = n + int(rng.integers(2, 6))
    X, y = rng.normal(0, 1, (n, d)), rng.normal(0, 2, n)
    lam = float(rng.uniform(0.3, 3.0))
    expected = Ridge(alpha=lam, fit_intercept=False, solver="svd").fit(X, y).coef_
    got = call_valid(student, "ridge_closed_form", X, y, lam,
                     what=f"ridge_closed_form on X of shape {X.shape} (n < d)",
                     why="lam > 0 makes X^T X + lam I invertible")
    expect_ridge(got, expected, f"ridge_closed_form on X of shape {X.shape} (n < d), "
                 f"lam={lam:.4g} (vs. scikit-learn's Ridge)", ridge_mistakes(X, y, lam))


@checks("ridge_closed_form", points=0.5)
def test_ridge_closed_form_ill_conditioned(student, rng):
    """Nearly collinear columns: the answer satisfies the normal equations
    (X^T X + lam I) w = X^T y to rounding accuracy."""
    if ridge_catalogued_mistake(student, rng):
        return
    n, d = int(rng.integers(20, 40)), int(rng.integers(3, 6))
    base = rng.normal(0, 1, (n, 1))
    X = base + 1e-6 * rng.normal(0, 1, (n, d))
    X[:, -1] = rng.normal(0, 1, n)
    y = rng.normal(0, 1, n)
    lam = float(rng.uniform(1e-3, 1e-2))
    got = as_array(call_valid(student, "ridge_closed_form", X, y, lam,
                              what="ridge_closed_form on nearly collinear X"),
                   "ridge_closed_form", shape=(d,))
    residual = X.T @ (X @ got - y) + lam * got
    scale = np.linalg.norm(X.T @ X, 2) * np.linalg.norm(got) + np.linalg.norm(X.T @ y)
    ratio = float(np.linalg.norm(residual) / scale)
    expect_true(np.all(np.isfinite(got)) and ratio < 1e-9,
                f"ridge_closed_form on nearly collinear X (shape {X.shape}, cond(X^T X) ~ "
                f"{np.linalg.cond(X.T @ X):.1e}, lam={lam:.3g}) returned {fmt(got)}: the "
                f"normal equations' residual ||X^T (Xw - y) + lam w|| is {ratio:.2e} of their "
                "scale (expected < 1e-9): the answer must solve (X^T X + lam I) w = X^T y, "
                "lam included.")


@checks("ridge_closed_form", points=0.25)
def test_ridge_closed_form_lam_zero_is_least_squares(student, rng):
    n, d = int(rng.integers(8, 20)), int(rng.integers(2, 5))
    X, y = rng.normal(0, 1, (n, d)), rng.normal(0, 2, n)
    expected = np.linalg.lstsq(X, y, rcond=None)[0]
    got = call_valid(student, "ridge_closed_form", X, y, 0.0,
                     what="ridge_closed_form with lam = 0 and full-rank X")
    expect_close(got, expected, f"ridge_closed_form(X of shape {X.shape}, y, lam=0) (vs. "
                 "np.linalg.lstsq)", tol="float")


@checks("ridge_closed_form", points=0.25)
def test_ridge_closed_form_accepts_lists(student, rng):
    X, y = rng.normal(0, 1, (6, 3)), rng.normal(0, 1, 6)
    lists_check(student, "ridge_closed_form", (X, y, 0.5), (X.tolist(), y.tolist(), 0.5),
                "ridge_closed_form(X of shape (6, 3), y, 0.5)")


@checks("ridge_closed_form", points=0.25)
def test_ridge_closed_form_inputs_unchanged(student, rng):
    inputs_unchanged(student, "ridge_closed_form", rng.normal(0, 1, (7, 3)), rng.normal(0, 1, 7), 0.8)


# == lasso_ista ====================================================================

@checks("lasso_ista", points=1)
def test_lasso_ista_matches_sklearn_lasso(student, rng):
    X, y, lam = sparse_problem(rng)
    expected = sklearn_lasso(X, y, lam)
    got = as_array(student.call("lasso_ista", X, y, lam), "lasso_ista", shape=expected.shape)
    what = (f"lasso_ista on X of shape {X.shape}, lam={lam:.4g} (vs. scikit-learn's "
            f"Lasso(alpha=lam/n={lam / X.shape[0]:.4g}, fit_intercept=False))")
    scale = np.linalg.norm(expected)
    if np.linalg.norm(got - expected) <= LASSO_RTOL * scale:
        return
    L = np.linalg.eigvalsh(X.T @ X)[-1]
    for key, wrong in [(SKLEARN_ALPHA, sklearn_lasso(X, y, lam * X.shape[0])),
                       (ISTA_THRESHOLD, sklearn_lasso(X, y, lam * L))]:
        if np.linalg.norm(got - wrong) <= 1e-4 * max(np.linalg.norm(wrong), 1e-12):
            fail(f"{what}: got {fmt(got)}, expected {fmt(expected)}.", key)
    fail(f"{what}: got {fmt(got)}, expected {fmt(expected)} (relative error "
         f"{np.linalg.norm(got - expected) / scale:.2g}, tolerance {LASSO_RTOL:g}; the "
         f"objective is {lasso_objective(X, y, lam, got):.8g} vs. "
         f"{lasso_objective(X, y, lam, expected):.8g}).")


@checks("lasso_ista", points=1)
def test_lasso_ista_satisfies_kkt(student, rng):
    """On the student's own answer: |c_j| <= lam where w_j = 0, c_j = lam sign(w_j)
    elsewhere, c = X^T (y - X w); and the zeros are exact zeros."""
    X, y, lam = sparse_problem(rng)
    w = as_array(student.call("lasso_ista", X, y, lam), "lasso_ista", shape=(X.shape[1],))
    c = X.T @ (y - X @ w)
    tol = LASSO_RTOL * lam
    what = f"lasso_ista on X of shape {X.shape}, lam={lam:.4g} returned w = {fmt(w)}"
    zero = w == 0
    expect_true(np.all(np.isfinite(w)), f"{what}: not finite")
    ref = sklearn_lasso(X, y, lam)
    L = np.linalg.eigvalsh(X.T @ X)[-1]
    for wrong_lam in (lam * X.shape[0], lam * L):
        wrong = sklearn_lasso(X, y, wrong_lam)
        if not np.allclose(wrong, ref) and \
                np.linalg.norm(w - wrong) <= 1e-4 * max(np.linalg.norm(wrong), 1e-12):
            return      # a catalogued wrong lam: matches_sklearn_lasso charges it
    # coordinates that are 0 at the optimum with a margin (|c_j| clearly below lam)
    must_zero = (ref == 0) & (np.abs(X.T @ (y - X @ ref)) < lam * (1 - 1e-3))
    missed = np.where(must_zero & ~zero)[0]
    expect_true(missed.size == 0, f"{what}: the weights j = {missed.tolist()} are "
                f"{fmt(w[missed])}, but they are exactly 0 at the optimum (scikit-learn's "
                f"Lasso: {fmt(ref)}); soft thresholding gives exact zeros.")
    bad = np.where(zero & (np.abs(c) > lam + tol))[0]
    expect_true(bad.size == 0, f"{what}: KKT fails where w_j = 0, j = {bad.tolist()}: "
                f"|X^T (y - Xw)|_j = {fmt(np.abs(c[bad]))} exceeds lam = {lam:.6g} by "
                f"{fmt(np.abs(c[bad]) - lam)} (tolerance {tol:.2g}; a zero weight is optimal "
                "only when its residual correlation is at most lam).")
    off = np.where(~zero & (np.abs(c - lam * np.sign(w)) > tol))[0]
    expect_true(off.size == 0, f"{what}: KKT fails where w_j != 0, j = {off.tolist()}: "
                f"X^T (y - Xw)_j = {fmt(c[off])}, expected lam * sign(w_j) = "
                f"{fmt(lam * np.sign(w[off]))}: the gap |c_j - lam sign(w_j)| = "
                f"{fmt(np.abs(c[off] - lam * np.sign(w[off])))} exceeds the tolerance "
                f"{tol:.2g} (= {LASSO_RTOL:g} lam).")


@checks("lasso_ista", points=0.5)
def test_lasso_ista_one_step_from_zero(student, rng):
    X, y, lam = sparse_problem(rng, n=40)
    L = np.linalg.eigvalsh(X.T @ X)[-1]
    expected = soft(X.T @ y / L, lam / L)
    got = student.call("lasso_ista", X, y, lam, kwargs={"n_iter": 1})
    expect_close(got, expected, f"lasso_ista(X of shape {X.shape}, y, lam={lam:.4g}, n_iter=1) "
                 "(one step from w = 0 with step 1/L, L the exact largest eigenvalue of "
                 "X^T X, e.g. np.linalg.eigvalsh, not an estimate such as power iteration: "
                 "S_{lam/L}(X^T y / L))", tol="float",
                 misconceptions={ISTA_THRESHOLD: soft(X.T @ y / L, lam)})


@checks("lasso_ista", points=0.5)
def test_lasso_ista_zero_above_lambda_max(student, rng):
    X, y, _ = sparse_problem(rng, n=40)
    lam = float(np.max(np.abs(X.T @ y)) * rng.uniform(1.0, 2.0))
    got = as_array(student.call("lasso_ista", X, y, lam), "lasso_ista", shape=(X.shape[1],))
    expect_true(np.all(got == 0), f"lasso_ista with lam = {lam:.4g} >= ||X^T y||_inf = "
                f"{np.max(np.abs(X.T @ y)):.4g} returned {fmt(got)}: every weight must be "
                "exactly 0 (w = 0 satisfies the KKT conditions).")


@checks("lasso_ista", points=0.5)
def test_lasso_ista_lam_zero_is_least_squares(student, rng):
    X = tall_design(rng, n=50)
    y = rng.normal(0, 2, 50)
    expected = np.linalg.lstsq(X, y, rcond=None)[0]
    got = student.call("lasso_ista", X, y, 0.0)
    expect_close(got, expected, f"lasso_ista(X of shape {X.shape}, y, lam=0) (vs. "
                 "np.linalg.lstsq)", tol=(LASSO_RTOL, 1e-9))


@checks("lasso_ista", points=0.25)
def test_lasso_ista_accepts_lists(student, rng):
    X, y, lam = sparse_problem(rng, n=30, d=3)
    lists_check(student, "lasso_ista", (X, y, lam), (X.tolist(), y.tolist(), lam),
                f"lasso_ista(X of shape {X.shape}, y, lam={lam:.4g})")


@checks("lasso_ista", points=0.25)
def test_lasso_ista_inputs_unchanged(student, rng):
    X, y, lam = sparse_problem(rng, n=30, d=3)
    inputs_unchanged(student, "lasso_ista", X, y, lam)


# == dropout_forward ===============================================================

def dropout_call(student, x, p, seed, train=True, what=None):
    kwargs = {} if train else {"train": False}
    res = call_valid(student, "dropout_forward", x, p, Rng(seed), kwargs=kwargs,
                     what=what or f"dropout_forward(x of shape {np.shape(x)}, p={p:g})")
    if not isinstance(res, (tuple, list)) or len(res) != 2:
        fail(f"dropout_forward should return (out, mask), got {type(res).__name__}")
    out = as_array(res[0], "dropout_forward's out", shape=np.shape(x))
    mask = as_array(res[1], "dropout_forward's mask", shape=np.shape(x))
    return out, mask


def draw_p(rng):
    """A drop probability far enough from 1/2 that p and 1 - p differ by >= 0.2."""
    return float(rng.choice([-1, 1]) * rng.uniform(0.1, 0.3) + 0.5)


@checks("dropout_forward", points=0.5)
def test_dropout_forward_out_is_x_times_mask(student, rng):
    x = rng.normal(0, 2, (int(rng.integers(3, 9)), int(rng.integers(3, 9))))
    p = draw_p(rng)
    out, mask = dropout_call(student, x, p, int(rng.integers(1 << 30)))
    expect_close(out, x * mask, f"dropout_forward(x of shape {x.shape}, p={p:.3g}): out "
                 "vs. x * (your mask)", tol="float")


@checks("dropout_forward", points=0.5)
def test_dropout_forward_mask_values(student, rng):
    x = rng.normal(0, 1, (50, int(rng.integers(20, 40))))
    p = draw_p(rng)
    _, mask = dropout_call(student, x, p, int(rng.integers(1 << 30)))
    values = np.unique(mask)
    scale = 1 / (1 - p)
    ok = np.isclose(values, 0.0, rtol=0, atol=1e-12) | np.isclose(values, scale, rtol=1e-12, atol=0)
    if ok.all():
        return
    kept = values[values != 0]
    dev = float(np.max(np.abs(kept / scale - 1))) if kept.size else 0.0
    what = (f"dropout_forward(x of shape {x.shape}, p={p:.4g}): the mask holds "
            f"{fmt(values[:6])}, expected only 0 and 1 / (1 - p) = {scale:.6g} (its nonzero "
            f"values deviate from 1 / (1 - p) by up to {dev:.3g} relative; tolerance 1e-12)")
    if kept.size and (np.allclose(kept, 1.0) or np.allclose(kept, 1 / p)):
        # one scale for every kept unit, from a catalogued mistake (no scaling; p read as
        # the keep probability): the mean_preserved or keep_rate check charges it.
        return
    fail(what + ".")


@checks("dropout_forward", points=0.5)
def test_dropout_forward_keep_rate(student, rng):
    n = 20000
    p = draw_p(rng)
    x = rng.uniform(0.5, 2.0, (100, 200))
    _, mask = dropout_call(student, x, p, int(rng.integers(1 << 30)))
    kept = float(np.mean(mask != 0))
    sd = math.sqrt(p * (1 - p) / n)
    if abs(kept - (1 - p)) <= Z_BOUND * sd:
        return
    what = (f"dropout_forward(x of shape {x.shape}, p={p:.4g}) kept a fraction {kept:.4f} of "
            f"the units; expected 1 - p = {1 - p:.4f} within {Z_BOUND:g} binomial standard "
            f"deviations (+-{Z_BOUND * sd:.4f}, sd = sqrt(p (1 - p) / N), N = {n})")
    fail(what + ".", DROPOUT_KEEP_P if abs(kept - p) <= Z_BOUND * sd else None)


@checks("dropout_forward", points=0.5)
def test_dropout_forward_mean_preserved(student, rng):
    n = 20000
    p = draw_p(rng)
    x = np.full((200, 100), float(rng.uniform(0.5, 2.0)))
    out, _ = dropout_call(student, x, p, int(rng.integers(1 << 30)))
    ratio = float(out.mean() / x.mean())
    sd = math.sqrt(p / ((1 - p) * n))
    if abs(ratio - 1) <= Z_BOUND * sd:
        return
    what = (f"dropout_forward on x = {x.flat[0]:.4g} everywhere (shape {x.shape}), p={p:.4g}: "
            f"mean(out) / mean(x) = {ratio:.4f}, expected 1 within {Z_BOUND:g} standard "
            f"deviations (+-{Z_BOUND * sd:.4f}: inverted dropout keeps the expectation)")
    sd_keep = math.sqrt(p * (1 - p) / n)
    fail(what + ".", DROPOUT_NOT_INVERTED if abs(ratio - (1 - p)) <= Z_BOUND * sd_keep else None)


@checks("dropout_forward", points=0.5)
def test_dropout_forward_mask_entrywise_independent(student, rng):
    """Every entry gets its own draw: on a (200, 100) input the mask's rows are not all
    equal (one draw per column, shared by the batch) and its columns are not all equal
    (one draw per row). For a correct mask either happens with probability < 1e-100."""
    x = rng.normal(0, 1, (200, 100))
    p = draw_p(rng)
    _, mask = dropout_call(student, x, p, int(rng.integers(1 << 30)))
    what = f"dropout_forward(x of shape {x.shape}, p={p:.3g})"
    expect_true(not np.all(mask == mask[:1, :]), f"{what}: every row of the mask is the "
                "same, so one draw per column is shared by the whole batch; draw each entry "
                "independently, e.g. rng.random(x.shape) >= p (not rng.random(x.shape[-1:])).")
    expect_true(not np.all(mask == mask[:, :1]), f"{what}: every column of the mask is the "
                "same, so one draw per row is shared by all its units; draw each entry "
                "independently, e.g. rng.random(x.shape) >= p.")


@checks("dropout_forward", points=0.5)
def test_dropout_forward_randomness_from_rng_only(student, rng):
    """The same seed gives the same mask (also after other calls, which would move a
    global RNG), and different seeds give different masks."""
    x = rng.normal(0, 1, (int(rng.integers(5, 10)), int(rng.integers(20, 30))))
    p = draw_p(rng)
    seed = int(rng.integers(1 << 30))
    _, first = dropout_call(student, x, p, seed)
    _, other = dropout_call(student, x, p, seed + 1)
    _, again = dropout_call(student, x, p, seed)
    expect_true(np.array_equal(first, again), f"dropout_forward(x of shape {x.shape}, p={p:.3g}) "
                f"called twice with rng = np.random.default_rng({seed}) gave different masks: "
                "draw the randomness only from rng (never np.random.rand or other global "
                "state).")
    expect_true(not np.array_equal(first, other), f"dropout_forward gave the same mask for "
                f"np.random.default_rng({seed}) and np.random.default_rng({seed + 1}): the "
                "mask must come from rng (a fixed seed inside the function ignores it).")


@checks("dropout_forward", points=0.5)
def test_dropout_forward_eval_mode(student, rng):
    x = rng.normal(0, 2, (int(rng.integers(2, 6)), int(rng.integers(2, 6))))
    p = draw_p(rng)
    out, mask = dropout_call(student, x, p, int(rng.integers(1 << 30)), train=False,
                             what=f"dropout_forward(x, p={p:.3g}, rng, train=False)")
    expect_close(out, x, f"dropout_forward(x, p={p:.3g}, rng, train=False)'s out (must be x)",
                 tol="exact")
    expect_close(mask, np.ones_like(x), "dropout_forward(..., train=False)'s mask (all ones)",
                 tol="exact")


@checks("dropout_forward", points=0.5)
def test_dropout_forward_p_zero_and_one(student, rng):
    x = rng.normal(0, 2, (int(rng.integers(2, 6)), int(rng.integers(2, 6))))
    out, mask = dropout_call(student, x, 0.0, int(rng.integers(1 << 30)))
    expect_close(mask, np.ones_like(x), "dropout_forward with p = 0: the mask (all ones)",
                 tol="exact")
    expect_close(out, x, "dropout_forward with p = 0: out (must be x)", tol="exact")
    out, mask = dropout_call(student, x, 1.0, int(rng.integers(1 << 30)))
    for a, name in [(out, "out"), (mask, "mask")]:
        expect_true(np.all(a == 0), f"dropout_forward with p = 1: {name} must be all zeros "
                    f"(no division by zero), got {fmt(a)}")


@checks("dropout_forward", points=0.25)
def test_dropout_forward_invalid_p_raises(student, rng):
    x = rng.normal(0, 1, 4)
    for p in (-float(rng.uniform(0.01, 0.5)), 1 + float(rng.uniform(0.01, 0.5))):
        expect_value_error(student, "dropout_forward", x, p, Rng(1),
                           what=f"dropout_forward with p = {p:.3g}")
    expect_value_error(student, "dropout_forward", x, 1.5, Rng(1), kwargs={"train": False},
                       what="dropout_forward with p = 1.5 and train=False")


@checks("dropout_forward", points=0.25)
def test_dropout_forward_lists_and_inputs_unchanged(student, rng):
    x = rng.normal(0, 1, (3, 4))
    out_a, mask_a = dropout_call(student, x, 0.4, 7)
    out_l, mask_l = dropout_call(student, x.tolist(), 0.4, 7,
                                 what="dropout_forward with x given as a nested list")
    expect_close(out_l, out_a, "dropout_forward with x as a list (vs. your out for the same "
                 "array and seed)", tol="exact")
    expect_no_side_effects(student, "inputs")


# == dropout_backward ==============================================================

def draw_mask(rng, shape, p):
    """A scaled mask with a kept entry (an all-dropped one hides a missing scale) and,
    with two entries or more, a dropped one."""
    while True:
        keep = rng.random(shape) >= p
        if keep.any() and (keep.size < 2 or not keep.all()):
            return keep / (1 - p)


@checks("dropout_backward", points=0.75)
def test_dropout_backward_matches_autograd(student, rng):
    shape = (int(rng.integers(2, 7)), int(rng.integers(2, 7)))
    p = draw_p(rng)
    mask, dout = draw_mask(rng, shape, p), rng.normal(0, 1, shape)
    xt = torch.tensor(rng.normal(0, 1, shape), dtype=torch.float64, requires_grad=True)
    (xt * torch.tensor(mask)).backward(torch.tensor(dout))
    got = student.call("dropout_backward", dout, mask)
    expect_close(got, xt.grad.numpy(), f"dropout_backward(dout, mask) for a mask of p={p:.3g} "
                 f"(values 0 and {1 / (1 - p):.4g}) (vs. autograd of x * mask)",
                 tol="gradient", misconceptions={
                     DROPOUT_BACKWARD_BINARY: dout * (mask > 0)})


@checks("dropout_backward", points=0.25)
def test_dropout_backward_any_shape(student, rng):
    shape = tuple(int(s) for s in rng.integers(1, 5, size=3))
    mask, dout = draw_mask(rng, shape, 0.5), rng.normal(0, 1, shape)
    got = student.call("dropout_backward", dout, mask)
    expect_true(isinstance(got, np.ndarray), "dropout_backward should return an np.ndarray, "
                f"got {type(got).__name__}")
    expect_close(got, dout * mask, f"dropout_backward on arrays of shape {shape}")


@checks("dropout_backward", points=0.25)
def test_dropout_backward_accepts_lists(student, rng):
    mask, dout = draw_mask(rng, (2, 3), 0.25), rng.normal(0, 1, (2, 3))
    lists_check(student, "dropout_backward", (dout, mask), (dout.tolist(), mask.tolist()),
                "dropout_backward(dout, mask)")


@checks("dropout_backward", points=0.25)
def test_dropout_backward_inputs_unchanged(student, rng):
    mask, dout = draw_mask(rng, (3, 4), 0.3), rng.normal(0, 1, (3, 4))
    inputs_unchanged(student, "dropout_backward", dout, mask)
