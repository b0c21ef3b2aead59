"""Hidden checks of 11_learning_rate: gradient descent on a quadratic, its stability
threshold and optimal step, momentum, RMSprop and Adam as torch.optim takes them,
and the learning-rate schedules of torch.optim.lr_scheduler.

Oracles (never the notebook's solution):
  gd_quadratic          -- the iteration x <- x - lr (A x - b) written here;
  max_stable_lr,
  optimal_lr            -- the eigenvalues from np.linalg.eigvalsh;
  momentum_step,
  rmsprop_step,
  adam_step             -- torch.optim.SGD(momentum=...), RMSprop and Adam in float64,
                           driven over multi-step trajectories with p.grad set by hand
                           to the same gradients (a random sequence, and the gradient of
                           a quadratic at the current point, so that each trajectory
                           feeds its own next gradient); the optimiser's own state
                           (momentum_buffer, square_avg, exp_avg, exp_avg_sq) for the
                           returned state; single steps from a given state (large t,
                           tiny gradients) from the closed form of torch's update;
  step_decay,
  cosine_annealing,
  linear_warmup         -- StepLR, CosineAnnealingLR and LinearLR stepped epoch by
                           epoch; linear_warmup at t = 0 (which LinearLR cannot start
                           at) and with one warm-up step by its closed form.

The student's trajectory is chained on the student's own returned state (w and the
optimiser's state are fed back), so a state kept in another convention (CS231n's
v = mu v - lr g) still gives torch's w at a constant learning rate: that mistake is
charged by the state check alone, and the state checks run on a fixed gradient
sequence, so that a wrong w does not change the gradients the state is judged on.
The trajectory checks of RMSprop and Adam pass eps = 0, so that eps placement is
charged by the tiny-gradient checks alone. A wrong update rule (an average for
momentum's sum, a missing 1 - alpha, no bias correction) makes both w and the state
wrong, and is charged by both; Adam's bias correction is also what the t = 1 and
large-t checks are about. Every call is watched for arguments changed in place; each
exercise charges it once, in its inputs_unchanged check.
"""
import math

import numpy as np
import torch

from autograder.grader_api import (Checks, NumpyScalar, as_array, as_float, call_valid,
                                   calls_valid, close, expect_close, expect_no_side_effects,
                                   expect_value_error, fail, fmt, register_misconception,
                                   tolerance)

ASSIGNMENT = "11_learning_rate"
checks = Checks(ASSIGNMENT)

_NON_SQUARE = ("the mutated test no longer rejects a non-square A itself, but the next line "
               "does: np.allclose(A, A.T) cannot broadcast a (d, d+1) matrix against its "
               "(d+1, d) transpose and raises ValueError (and a 1xd or dx1 matrix, which "
               "broadcasts, fails the symmetry test or np.linalg.eigvalsh, whose LinAlgError "
               "is a ValueError), so every non-square A still raises ValueError with a message")
EQUIVALENT_MUTANTS = {
    "gd_quadratic/copy-removed/432a0740": "x is only ever rebound (x = x - ...), never updated in "
                                          "place, and path[0] = x copies it: np.asarray(x0) "
                                          "leaves x0 unchanged just as np.array(x0) does",
    "gd_quadratic/number/d68c487f": "x0 is a vector (shape (d,)), so x.shape[-1] is x.shape[0]",
    "max_stable_lr/number/8c0b8f34": _NON_SQUARE,
    "max_stable_lr/number/51d2eacd": _NON_SQUARE,
    "max_stable_lr/number/6454e9f8": _NON_SQUARE,
    "max_stable_lr/or-and/5d25f395": _NON_SQUARE,
}

GD_SIGN = register_misconception(
    "gd-gradient-ascent",
    "the step taken along +gradient: gradient descent moves against the gradient, "
    "x <- x - lr * (A x - b); with a plus sign the iterates climb.")
GD_NO_X0 = register_misconception(
    "gd-trajectory-without-start",
    "the trajectory without its starting point: row 0 is x0 itself and row k the "
    "point after k steps, so n_steps steps give n_steps + 1 rows.")
GD_GRAD_SIGN_B = register_misconception(
    "gd-quadratic-gradient-plus-b",
    "the gradient of f(x) = 1/2 x^T A x - b^T x is A x - b, not A x + b.")
ONE_OVER_LMAX = register_misconception(
    "lr-one-over-lambda-max",
    "1/lambda_max where 2/lambda_max was asked: along an eigenvector the error is "
    "multiplied by (1 - lr*lambda) per step, which shrinks while |1 - lr*lambda| < 1, "
    "i.e. for lr < 2/lambda; 1/lambda_max is the step that kills the stiffest mode "
    "in one step, not the stability limit.")
LMIN_FOR_LMAX = register_misconception(
    "lr-uses-lambda-min",
    "the smallest eigenvalue used where the largest decides: the stiffest direction "
    "(largest curvature) is the first to become unstable, so the limit is 2/lambda_max.")
DIAGONAL = register_misconception(
    "lr-diagonal-as-eigenvalues",
    "the diagonal entries of A used as its eigenvalues: they are the curvatures along "
    "the coordinate axes only; for a non-diagonal A take np.linalg.eigvalsh(A).")
OPTIMAL_WRONG = register_misconception(
    "optimal-lr-not-balanced",
    "the optimal fixed step balances the slowest and the stiffest modes: the worst "
    "contraction max(|1 - lr*lambda_min|, |1 - lr*lambda_max|) is smallest where the "
    "two are equal, 1 - lr*lambda_min = lr*lambda_max - 1, i.e. lr = 2/(lambda_min + "
    "lambda_max).")
CS231N_VELOCITY = register_misconception(
    "momentum-cs231n-velocity",
    "the velocity kept in CS231n's convention, v = mu*v - lr*g, w = w + v: at a fixed "
    "learning rate it moves w exactly as PyTorch does, but the state is -lr times "
    "PyTorch's buffer, and the two part ways as soon as lr changes between steps. This "
    "course follows torch.optim.SGD: v = momentum*v + g, w = w - lr*v.")
LR_IN_BUFFER = register_misconception(
    "momentum-lr-in-buffer",
    "the learning rate folded into the buffer, v = mu*v + lr*g, w = w - v: at a fixed "
    "learning rate w moves as PyTorch moves it, but torch.optim.SGD keeps lr out of "
    "the buffer (v = momentum*v + g, w = w - lr*v), so the two differ once lr changes.")
MOMENTUM_DAMPENED = register_misconception(
    "momentum-as-average",
    "momentum written as an average, v = mu*v + (1 - mu)*g: that is SGD with "
    "dampening = momentum; torch.optim.SGD (dampening = 0) sums, v = mu*v + g.")
MOMENTUM_OLD_V = register_misconception(
    "momentum-step-with-old-velocity",
    "w moved with the velocity of the previous step: the buffer is updated first, "
    "v = mu*v + g, and the step uses the new v.")
RMS_EPS_INSIDE = register_misconception(
    "rmsprop-eps-inside-sqrt",
    "eps added inside the square root, g / sqrt(s + eps) (TensorFlow 1's RMSPropOptimizer "
    "does this): "
    "torch.optim.RMSprop divides by sqrt(s) + eps, which differs where the gradients "
    "are small (sqrt(s) near eps).")
RMS_NO_ONE_MINUS = register_misconception(
    "rmsprop-missing-one-minus-alpha",
    "the running average without its (1 - alpha) weight, s = alpha*s + g**2: s then "
    "grows to 1/(1 - alpha) times the mean square gradient and the steps shrink "
    "by sqrt(1 - alpha).")
RMS_NO_SQRT = register_misconception(
    "rmsprop-missing-sqrt",
    "the gradient divided by the mean square s itself, not its root sqrt(s): the "
    "step must be scale-free, g / sqrt(E[g^2]).")
ADAM_NO_BIAS = "adam-no-bias-correction"        # catalogued
ADAM_T_FROM_0 = register_misconception(
    "adam-bias-correction-off-by-one",
    "the bias correction with the wrong step count: after t updates (t counts from 1) "
    "m holds (1 - beta1^t) of the gradient's scale, so divide by 1 - beta1**t and "
    "1 - beta2**t with the t given.")
ADAM_EPS_INSIDE = register_misconception(
    "adam-eps-placement",
    "eps put elsewhere than torch.optim.Adam puts it: the step is "
    "lr * m_hat / (sqrt(v_hat) + eps), eps added to the root of the bias-corrected v "
    "(not inside the root, not to sqrt(v) before the bias correction).")
STEP_CONTINUOUS = register_misconception(
    "step-decay-continuous-exponent",
    "the decay applied continuously, gamma**(epoch / step_size): StepLR holds the rate "
    "for step_size epochs and drops it by gamma at once, gamma**(epoch // step_size).")
STEP_OFF_BY_ONE = register_misconception(
    "step-decay-off-by-one",
    "the first drop one epoch early or late: StepLR uses lr0 for epochs 0 .. "
    "step_size - 1 and lr0*gamma from epoch step_size on.")
COSINE_HALF = register_misconception(
    "cosine-wrong-period",
    "the cosine with the wrong period: lr_min + (lr0 - lr_min)(1 + cos(pi t/T))/2 "
    "goes from lr0 at t = 0 to lr_min at t = T in half a period.")
WARMUP_OFF_BY_ONE = register_misconception(
    "warmup-off-by-one",
    "the warm-up one step off: the contract is lr0 * min(t, W) / W, which is 0 at "
    "t = 0 and reaches lr0 at t = W.")


# -- shared helpers ---------------------------------------------------------------

def spd(rng, d, cond=None, scale=None):
    """A symmetric positive-definite matrix with a random eigenbasis; returns (A, eigenvalues)."""
    q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    cond = float(rng.uniform(2.0, 50.0)) if cond is None else cond
    scale = float(10 ** rng.uniform(-1, 1)) if scale is None else scale
    lam = scale * np.exp(rng.uniform(0.0, math.log(cond), d))
    lam[0], lam[-1] = scale, scale * cond
    a = (q * lam) @ q.T
    a = (a + a.T) / 2
    return a, np.linalg.eigvalsh(a)


def row_close(got, expected, tol="float"):
    """Every row within the tolerance relative to that row's norm (iterates that grow
    or shrink by orders of magnitude, whose small components cancel)."""
    rtol, atol = tolerance(tol)
    gap = np.linalg.norm(got - expected, axis=-1)
    return bool(np.all(gap <= atol + rtol * np.linalg.norm(expected, axis=-1)))


def pair(value, what, n, shapes):
    """A tuple result of n arrays of the given shapes."""
    if not isinstance(value, (tuple, list)) or len(value) != n:
        fail(f"{what} should return a tuple of {n} arrays, got {type(value).__name__}"
             + (f" of length {len(value)}" if isinstance(value, (tuple, list)) else ""))
    return [as_array(v, f"{what}[{i}]", shape) for i, (v, shape) in enumerate(zip(value, shapes))]


def expect_named(actual, expected, what, wrong, tol="float"):
    """expect_close, naming a misconception when the answer matches one of its
    candidate values (``wrong``: {id: [values]})."""
    value = as_array(actual, what)
    if value.shape == np.shape(expected) and close(value, expected, tol):
        return value
    for key, values in wrong.items():
        if any(value.shape == np.shape(v) and close(value, v, tol) for v in values):
            fail(f"{what}: got {fmt(value)}, expected {fmt(expected)}.", key)
    return expect_close(value, expected, what, tol=tol)


def draw_shape(rng):
    return ((int(rng.integers(2, 7)),), (2, int(rng.integers(2, 4))))[int(rng.integers(2))]


# == gd_quadratic =================================================================

def gd_oracle(a, b, x0, lr, n_steps, sign=-1.0, b_sign=-1.0):
    xs = [np.array(x0, dtype=float)]
    for _ in range(n_steps):
        xs.append(xs[-1] + sign * lr * (a @ xs[-1] + b_sign * b))
    return np.array(xs)


def gd_case(rng, d=None):
    d = int(rng.integers(2, 6)) if d is None else d
    a, lam = spd(rng, d)
    b = rng.normal(0, 1, d)
    x0 = rng.normal(0, 2, d)
    return a, lam, b, x0


def judge_gd(student, a, b, x0, lr, n_steps, what, tol="float", as_numpy=False):
    passed = NumpyScalar("int64", n_steps) if as_numpy else n_steps
    got = as_array(call_valid(student, "gd_quadratic", a, b, x0, lr, passed,
                              what=what), what)
    expected = gd_oracle(np.asarray(a, float), np.asarray(b, float), x0, lr, n_steps)
    d = len(x0)
    if got.shape == (n_steps, d) and n_steps > 0 and row_close(got, expected[1:], tol):
        fail(f"{what}: {n_steps} rows, the steps without x0.", GD_NO_X0)
    if got.shape != expected.shape:
        fail(f"{what} should have shape (n_steps + 1, d) = {expected.shape}, got {got.shape}")
    if row_close(got, expected, tol):
        return got
    a, b = np.asarray(a, float), np.asarray(b, float)
    for key, wrong in ((GD_SIGN, gd_oracle(a, b, x0, lr, n_steps, sign=1.0)),
                       (GD_GRAD_SIGN_B, gd_oracle(a, b, x0, lr, n_steps, b_sign=1.0))):
        if got.shape == wrong.shape and row_close(got, wrong, tol):
            fail(f"{what}: got rows {fmt(got[-1])} at the end, expected {fmt(expected[-1])}.", key)
    bad = int(np.argmax(np.linalg.norm(got - expected, axis=1)
                        > 1e-7 * np.linalg.norm(expected, axis=1) + 1e-9))
    fail(f"{what}: row {bad} is {fmt(got[bad])}, expected {fmt(expected[bad])} "
         f"(x_{{k+1}} = x_k - lr (A x_k - b), row 0 = x0).")


@checks("gd_quadratic", points=0.75)
def test_gd_quadratic_matches_iteration(student, rng):
    for _ in range(2):
        a, lam, b, x0 = gd_case(rng)
        lr = float(rng.uniform(0.2, 1.9) / lam[-1])
        n = int(rng.integers(5, 30))
        judge_gd(student, a, b, x0, lr, n,
                 f"gd_quadratic on a {len(b)}-D quadratic (eigenvalues {fmt(lam)}), lr = {lr:.4g}, "
                 f"n_steps = {n}")


@checks("gd_quadratic", points=0.5)
def test_gd_quadratic_diverges_just_above_threshold(student, rng):
    """Just above 2/lambda_max the stiffest mode grows by |1 - lr lambda_max| > 1 per
    step: the trajectory must follow the iteration out, not stop, clip or raise."""
    a, lam, b, x0 = gd_case(rng)
    lr = float(rng.uniform(1.05, 1.3) * 2 / lam[-1])
    n = int(rng.integers(60, 120))
    judge_gd(student, a, b, x0, lr, n,
                   f"gd_quadratic just above the threshold (lr = {lr / (2 / lam[-1]):.3f} x "
                   f"2/lambda_max, n_steps = {n}: the iterates grow)")


@checks("gd_quadratic", points=0.25)
def test_gd_quadratic_edge_cases(student, rng):
    """n_steps = 0 (only x0: shape (1, d)) and one dimension (d = 1)."""
    a, lam, b, x0 = gd_case(rng)
    judge_gd(student, a, b, x0, 0.5 / lam[-1], 0, "gd_quadratic with n_steps = 0 (one row, x0)")
    lam1 = float(rng.uniform(0.5, 5.0))
    judge_gd(student, np.array([[lam1]]), rng.normal(0, 1, 1), rng.normal(0, 2, 1),
             1.5 / lam1, int(rng.integers(3, 10)), f"gd_quadratic in one dimension (A = [[{lam1:.4g}]])")


@checks("gd_quadratic", points=0.25)
def test_gd_quadratic_accepts_lists(student, rng):
    a, lam, b, x0 = gd_case(rng)
    judge_gd(student, a.tolist(), b.tolist(), x0.tolist(), 1.0 / lam[-1], 6,
             "gd_quadratic with A, b and x0 given as lists and n_steps = 6 as a NumPy int64",
             as_numpy=True)


@checks("gd_quadratic", points=0.25)
def test_gd_quadratic_inputs_unchanged(student, rng):
    a, lam, b, x0 = gd_case(rng)
    call_valid(student, "gd_quadratic", a, b, x0, 1.0 / lam[-1], 4, what="gd_quadratic")
    expect_no_side_effects(student, "inputs")


# == max_stable_lr / optimal_lr ====================================================

def judge_lr(student, name, a, lam, what, expected_of):
    got = as_float(call_valid(student, name, a, what=what), what)
    wrong = {ONE_OVER_LMAX: 1 / lam[-1], LMIN_FOR_LMAX: 2 / lam[0],
             DIAGONAL: expected_of(np.sort(np.diag(np.asarray(a, float))))}
    if name == "optimal_lr":
        wrong = {OPTIMAL_WRONG: [2 / lam[-1], 1 / lam[-1], 1 / (lam[0] + lam[-1]),
                                 2 / (lam[-1] - lam[0]), 1 / lam[0]],
                 DIAGONAL: wrong[DIAGONAL]}
    expected = expected_of(lam)
    if not math.isclose(got, expected, rel_tol=1e-7):
        for key, values in wrong.items():
            for v in np.atleast_1d(values):
                if math.isclose(got, float(v), rel_tol=1e-7):
                    fail(f"{what}: got {fmt(got)}, expected {fmt(expected)}.", key)
        fail(f"{what}: got {fmt(got)}, expected {fmt(expected)}.")


def lr_cases(rng):
    """A random SPD matrix (at least 3x3: for a 2x2 the smallest plus the largest
    diagonal entry is the trace, lambda_min + lambda_max), a badly scaled one
    (eigenvalues ~1e4 and ~1e-4) and a 1x1."""
    d = int(rng.integers(3, 7))
    a, lam = spd(rng, d)
    big, lam_big = spd(rng, int(rng.integers(2, 5)), cond=float(rng.uniform(5, 1e3)),
                       scale=float(10 ** rng.choice([-4.0, 4.0])))
    one = float(rng.uniform(0.1, 10))
    return [(a, lam, f"a {d}x{d} SPD matrix with eigenvalues {fmt(lam)}"),
            (big, lam_big, f"a {len(lam_big)}x{len(lam_big)} SPD matrix with eigenvalues "
                           f"{fmt(lam_big)}"),
            (np.array([[one]]), np.array([one]), f"the 1x1 matrix [[{one:.4g}]]")]


def invalid_matrices(rng):
    d = int(rng.integers(2, 5))
    a, lam = spd(rng, d)
    skew = a.copy()
    skew[0, 1] += float(lam[-1])
    q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    lam_bad = np.abs(rng.normal(1, 0.5, d)) + 0.5
    lam_bad[0] = -lam_bad[0]
    indef = (q * lam_bad) @ q.T
    indef = (indef + indef.T) / 2
    diag = rng.uniform(0.5, 3.0, d)
    diag[int(rng.integers(d))] = 0.0
    singular = np.diag(diag)
    wide = rng.normal(0, 1, (d, d + 1))
    return [(skew, f"a non-symmetric matrix ({fmt(skew)})"),
            (indef, f"a symmetric matrix with a negative eigenvalue ({fmt(np.linalg.eigvalsh(indef))})"),
            (singular, f"a singular matrix (eigenvalue 0: positive semi-definite, not definite): "
                       f"diag({fmt(diag)})"),
            (wide, f"a non-square {d}x{d + 1} matrix")]


def two_over_max(lam):
    return 2.0 / lam[-1]


def balanced(lam):
    return 2.0 / (lam[0] + lam[-1])


@checks("max_stable_lr", points=0.5)
def test_max_stable_lr_matches_eigvalsh(student, rng):
    for a, lam, text in lr_cases(rng)[:2]:
        judge_lr(student, "max_stable_lr", a, lam, f"max_stable_lr of {text}", two_over_max)


@checks("max_stable_lr", points=0.25)
def test_max_stable_lr_one_by_one_and_lists(student, rng):
    a, lam, text = lr_cases(rng)[2]
    judge_lr(student, "max_stable_lr", a.tolist(), lam, f"max_stable_lr of {text} as a list",
             two_over_max)
    b, lam_b = spd(rng, 3)
    judge_lr(student, "max_stable_lr", b.tolist(), lam_b, "max_stable_lr of a 3x3 SPD matrix "
             "given as a nested list", two_over_max)


@checks("max_stable_lr", points=0.25)
def test_max_stable_lr_rejects_invalid(student, rng):
    for a, text in invalid_matrices(rng):
        expect_value_error(student, "max_stable_lr", a, what=f"max_stable_lr of {text}")


@checks("optimal_lr", points=0.5)
def test_optimal_lr_matches_eigvalsh(student, rng):
    for a, lam, text in lr_cases(rng)[:2]:
        judge_lr(student, "optimal_lr", a, lam, f"optimal_lr of {text}", balanced)


@checks("optimal_lr", points=0.25)
def test_optimal_lr_one_by_one_and_lists(student, rng):
    """For a 1x1 A = [[lam]] the optimal step 1/lam solves the problem in one step."""
    a, lam, text = lr_cases(rng)[2]
    judge_lr(student, "optimal_lr", a.tolist(), lam, f"optimal_lr of {text} as a list", balanced)


@checks("optimal_lr", points=0.25)
def test_optimal_lr_rejects_invalid(student, rng):
    for a, text in invalid_matrices(rng):
        expect_value_error(student, "optimal_lr", a, what=f"optimal_lr of {text}")


# == optimisers: torch.optim as the oracle ==========================================

STATE_KEYS = {"SGD": ("momentum_buffer",), "RMSprop": ("square_avg",),
              "Adam": ("exp_avg", "exp_avg_sq")}
STEP = {"SGD": "momentum_step", "RMSprop": "rmsprop_step", "Adam": "adam_step"}


def make_optimizer(kind, p, lr, hyper):
    if kind == "SGD":
        return torch.optim.SGD([p], lr=lr, momentum=hyper["momentum"])
    if kind == "RMSprop":
        return torch.optim.RMSprop([p], lr=lr, alpha=hyper["alpha"], eps=hyper["eps"])
    return torch.optim.Adam([p], lr=lr, betas=(hyper["beta1"], hyper["beta2"]),
                            eps=hyper["eps"])


def torch_trajectory(kind, w0, grad_of, lrs, hyper):
    """w after each step and the optimiser's state after each step, torch.optim in float64."""
    p = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    opt = make_optimizer(kind, p, lrs[0], hyper)
    ws, states = [], []
    for k, lr in enumerate(lrs):
        opt.param_groups[0]["lr"] = lr
        p.grad = torch.tensor(grad_of(p.detach().numpy(), k), dtype=torch.float64)
        opt.step()
        ws.append(p.detach().numpy().copy())
        st = opt.state[p]
        if kind == "SGD" and hyper["momentum"] == 0:
            states.append([p.grad.numpy().copy()])
        else:
            states.append([st[key].numpy().copy() for key in STATE_KEYS[kind]])
    return ws, states


def gradient_source(rng, shape, sequence=False):
    """Either a fixed random gradient sequence, or the gradient of a quadratic at the
    current point (the trajectory feeds its own next gradient)."""
    if sequence or rng.integers(2):
        seq = [rng.normal(0, 1, shape) * rng.uniform(0.3, 3) for _ in range(40)]
        return (lambda w, k: seq[k]), "a random gradient sequence"
    scale = rng.uniform(0.5, 2.0, shape)
    centre = rng.normal(0, 1, shape)
    return (lambda w, k: scale * (w - centre)), "the gradient of a quadratic at the current w"


def initial_state(kind, shape):
    return [np.zeros(shape)] * (2 if kind == "Adam" else 1)


def student_step(student, kind, w, g, state, lr, hyper, k, what, kwargs=None):
    """One call of the student's step; returns (w, state list) as arrays."""
    shape = np.shape(w)
    if kind == "SGD":
        args = (w, g, state[0], lr, hyper["momentum"])
    elif kind == "RMSprop":
        args = (w, g, state[0], lr)
        kwargs = {"alpha": hyper["alpha"], "eps": hyper["eps"]} if kwargs is None else kwargs
    else:
        args = (w, g, state[0], state[1], k + 1, lr)
        kwargs = {"beta1": hyper["beta1"], "beta2": hyper["beta2"],
                  "eps": hyper["eps"]} if kwargs is None else kwargs
    n = 3 if kind == "Adam" else 2
    out = pair(call_valid(student, STEP[kind], *args, kwargs=kwargs, what=what), what, n,
               [shape] * n)
    return out[0], out[1:]


def student_trajectory(student, kind, w0, grad_of, lrs, hyper, what):
    w, state = np.array(w0, dtype=float), initial_state(kind, np.shape(w0))
    ws, states = [], []
    for k, lr in enumerate(lrs):
        w, state = student_step(student, kind, w, grad_of(w, k), state, lr, hyper, k,
                                f"{what}, step {k + 1}")
        ws.append(w)
        states.append(state)
    return ws, states


def numpy_trajectory(step, w0, grad_of, lrs, n_state):
    """A closed-form (or mistaken) update rule run over the same gradients."""
    w, state = np.array(w0, dtype=float), [np.zeros(np.shape(w0))] * n_state
    ws, states = [], []
    for k, lr in enumerate(lrs):
        w, state = step(w, grad_of(w, k), state, lr, k + 1)
        ws.append(w)
        states.append(state)
    return ws, states


def compare_trajectory(got, expected, what, wrong=None, quantity="w"):
    """Compare step by step; at the first step that differs, name a matching mistake."""
    for k, (a, e) in enumerate(zip(got, expected)):
        if not row_close(np.ravel(a), np.ravel(e)):
            for key, trajs in (wrong or {}).items():
                if any(all(row_close(np.ravel(x), np.ravel(y)) for x, y in zip(got[:k + 1], traj[:k + 1]))
                       for traj in trajs):
                    fail(f"{what}: {quantity} after step {k + 1} is {fmt(a)}, torch.optim gives "
                         f"{fmt(e)}.", key)
            fail(f"{what}: {quantity} after step {k + 1} is {fmt(a)}, torch.optim gives {fmt(e)}"
                 + (f" (steps 1..{k} agreed)." if k else "."))


def trajectory_check(student, rng, kind, draw_hyper, mistakes, n_traj=2, steps=(5, 9),
                     varying_lr=False, judge_state=False):
    """Run the student's step and torch.optim from the same start on the same
    gradients; compare w (or the state) after every step."""
    for _ in range(n_traj):
        shape = draw_shape(rng)
        w0 = rng.normal(0, 1, shape)
        # the state is judged on a fixed gradient sequence: a wrong w must not change
        # the gradients it is given (that is the trajectory check's)
        grad_of, source = gradient_source(rng, shape, sequence=judge_state)
        hyper, lr = draw_hyper(rng)
        n = int(rng.integers(*steps))
        lrs = [lr * float(rng.uniform(0.2, 2.0)) if varying_lr else lr for _ in range(n)]
        what = (f"{STEP[kind]} over {n} steps from w0 of shape {shape} on {source}, "
                + ("lr changing every step (" + ", ".join(f"{x:.3g}" for x in lrs[:4]) + ", ...)"
                   if varying_lr else f"lr = {lr:.4g}")
                + ", " + ", ".join(f"{key} = {v:g}" for key, v in hyper.items()))
        exp_w, exp_s = torch_trajectory(kind, w0, grad_of, lrs, hyper)
        got_w, got_s = student_trajectory(student, kind, w0, grad_of, lrs, hyper, what)
        wrong = {key: [numpy_trajectory(step, w0, grad_of, lrs, len(exp_s[0])) for step in steps]
                 for key, steps in mistakes(hyper).items()}
        if judge_state:
            names = {"SGD": ["v"], "RMSprop": ["s"], "Adam": ["m", "v"]}[kind]
            for i, name in enumerate(names):
                compare_trajectory([s[i] for s in got_s], [s[i] for s in exp_s],
                                   what, {key: [[s[i] for s in t[1]] for t in ts] for key, ts in wrong.items()},
                                   quantity=f"the returned {name} (torch's "
                                            f"{STATE_KEYS[kind][min(i, len(STATE_KEYS[kind]) - 1)]})")
        else:
            compare_trajectory(got_w, exp_w, what, {key: [t[0] for t in ts] for key, ts in wrong.items()})


def inputs_unchanged(student, rng, kind, hyper):
    shape = draw_shape(rng)
    w, g = rng.normal(0, 1, shape), rng.normal(0, 1, shape)
    state = [rng.uniform(0.1, 1, shape) for _ in initial_state(kind, shape)]
    student_step(student, kind, w, g, state, 0.1, hyper, 4, f"{STEP[kind]}")
    expect_no_side_effects(student, "inputs")


def accepts_lists(student, rng, kind, hyper):
    """w, g and the state as lists give what the same arrays give."""
    shape = (int(rng.integers(2, 6)),)
    w, g = rng.normal(0, 1, shape), rng.normal(0, 1, shape)
    state = [rng.uniform(0.1, 1, shape) for _ in initial_state(kind, shape)]
    what = f"{STEP[kind]} with arrays"
    ref_w, ref_s = student_step(student, kind, w, g, state, 0.05, hyper, 2, what)
    lw, ls = student_step(student, kind, w.tolist(), g.tolist(), [s.tolist() for s in state],
                          0.05, hyper, 2, f"{STEP[kind]} with w, g and the state as lists")
    for a, b in zip([lw, *ls], [ref_w, *ref_s]):
        expect_close(a, b, f"{STEP[kind]} with lists (vs. your own answer for the same arrays)")


# -- momentum_step ---------------------------------------------------------------

def momentum_hyper(rng):
    return {"momentum": float(rng.choice([0.5, 0.9, rng.uniform(0.6, 0.99)]))}, \
        float(10 ** rng.uniform(-2.5, -1))


def momentum_mistakes(hyper):
    mu = hyper["momentum"]

    def cs231n(w, g, s, lr, t):
        v = mu * s[0] - lr * g
        return w + v, [v]

    def dampened(w, g, s, lr, t):
        v = mu * s[0] + (1 - mu) * g
        return w - lr * v, [v]

    def old_v(w, g, s, lr, t):
        return w - lr * s[0], [mu * s[0] + g]

    def lr_inside(w, g, s, lr, t):
        v = mu * s[0] + lr * g
        return w - v, [v]

    return {CS231N_VELOCITY: [cs231n], MOMENTUM_DAMPENED: [dampened], MOMENTUM_OLD_V: [old_v],
            LR_IN_BUFFER: [lr_inside]}


@checks("momentum_step", points=1.5)
def test_momentum_step_trajectory_matches_torch_sgd(student, rng):
    trajectory_check(student, rng, "SGD", momentum_hyper, momentum_mistakes)


@checks("momentum_step", points=0.75)
def test_momentum_step_velocity_is_torch_buffer(student, rng):
    """The returned v is torch's momentum_buffer, v = momentum*v + g, also when lr
    changes every step (CS231n's v = mu v - lr g is -lr times it)."""
    trajectory_check(student, rng, "SGD", momentum_hyper, momentum_mistakes, n_traj=1,
                     varying_lr=True, judge_state=True)


@checks("momentum_step", points=0.25)
def test_momentum_step_zero_momentum_is_plain_sgd(student, rng):
    shape = draw_shape(rng)
    w, g = rng.normal(0, 1, shape), rng.normal(0, 1, shape)
    v = rng.normal(0, 1, shape)
    lr = float(rng.uniform(0.01, 0.5))
    what = f"momentum_step with momentum = 0, lr = {lr:.3g} (plain SGD: w - lr*g)"
    new_w, _ = student_step(student, "SGD", w, g, [v], lr, {"momentum": 0.0}, 0, what)
    # only w: the returned v (= g here) is the buffer check's
    expect_close(new_w, w - lr * g, what + ", the new w (the old v must not matter)")


@checks("momentum_step", points=0.25)
def test_momentum_step_accepts_lists(student, rng):
    accepts_lists(student, rng, "SGD", {"momentum": 0.9})


@checks("momentum_step", points=0.25)
def test_momentum_step_inputs_unchanged(student, rng):
    inputs_unchanged(student, rng, "SGD", {"momentum": 0.9})


# -- rmsprop_step -------------------------------------------------------------------

def rmsprop_hyper(rng, eps=0.0):
    return {"alpha": float(rng.choice([0.99, 0.9, rng.uniform(0.8, 0.999)])), "eps": eps}, \
        float(10 ** rng.uniform(-3, -1.5))


def rmsprop_update(alpha, eps, inside=False, one_minus=True, root=True):
    def step(w, g, s, lr, t):
        new_s = alpha * s[0] + ((1 - alpha) if one_minus else 1.0) * g * g
        denom = (np.sqrt(new_s + eps) if inside else np.sqrt(new_s) + eps) if root \
            else new_s + eps
        return w - lr * g / denom, [new_s]
    return step


def rmsprop_mistakes(hyper):
    a, e = hyper["alpha"], hyper["eps"]
    return {RMS_NO_ONE_MINUS: [rmsprop_update(a, e, one_minus=False)],
            RMS_NO_SQRT: [rmsprop_update(a, e, root=False)],
            RMS_EPS_INSIDE: [rmsprop_update(a, e, inside=True)]}


@checks("rmsprop_step", points=1.25)
def test_rmsprop_step_trajectory_matches_torch_rmsprop(student, rng):
    """eps = 0 here, so that only the update rule is compared (eps: its own check)."""
    trajectory_check(student, rng, "RMSprop", rmsprop_hyper, rmsprop_mistakes)


@checks("rmsprop_step", points=0.5)
def test_rmsprop_step_state_is_torch_square_avg(student, rng):
    trajectory_check(student, rng, "RMSprop", lambda r: rmsprop_hyper(r, eps=1e-8),
                     rmsprop_mistakes, n_traj=1, varying_lr=True, judge_state=True)


@checks("rmsprop_step", points=0.5)
def test_rmsprop_step_eps_outside_sqrt_at_tiny_gradients(student, rng):
    """Gradients of order 1e-8: sqrt(s) is comparable to eps, where its place shows."""
    shape = draw_shape(rng)
    hyper, lr = rmsprop_hyper(rng, eps=float(rng.choice([1e-8, 1e-7])))
    w0 = rng.normal(0, 1, shape)
    scale = 10 ** rng.uniform(-8.5, -7)
    seq = [rng.normal(0, scale, shape) for _ in range(3)]
    lrs = [lr] * 3
    what = (f"rmsprop_step over 3 steps on tiny gradients (|g| ~ {scale:.1e}), lr = {lr:.3g}, "
            f"alpha = {hyper['alpha']:g}, eps = {hyper['eps']:g}")
    exp_w, _ = torch_trajectory("RMSprop", w0, lambda w, k: seq[k], lrs, hyper)
    got_w, _ = student_trajectory(student, "RMSprop", w0, lambda w, k: seq[k], lrs, hyper, what)
    wrong = {key: [numpy_trajectory(step, w0, lambda w, k: seq[k], lrs, 1)[0] for step in steps]
             for key, steps in rmsprop_mistakes(hyper).items()}
    # the change of w, relative to the change torch makes (w itself is O(1))
    compare_trajectory([g - w0 for g in got_w], [e - w0 for e in exp_w], what,
                       {k: [[x - w0 for x in t] for t in ts] for k, ts in wrong.items()}, quantity="w - w0")


@checks("rmsprop_step", points=0.25)
def test_rmsprop_step_defaults(student, rng):
    """alpha = 0.99 and eps = 1e-8 by default, judged against your own call with them given."""
    shape = draw_shape(rng)
    w, g = rng.normal(0, 1, shape), rng.normal(0, 1e-7, shape)
    s = rng.uniform(0, 1e-15, shape)
    default = student_step(student, "RMSprop", w, g, [s], 0.01, None, 0,
                           "rmsprop_step(w, g, s, lr) with the defaults", kwargs={})
    given = student_step(student, "RMSprop", w, g, [s], 0.01, None, 0,
                         "rmsprop_step with alpha=0.99, eps=1e-8", kwargs={"alpha": 0.99, "eps": 1e-8})
    for a, b, name in ((default[0], given[0], "w"), (default[1][0], given[1][0], "s")):
        expect_close(a - w, b - w, f"rmsprop_step with the default alpha and eps: the change in "
                     f"{name} (vs. your own call with alpha=0.99, eps=1e-8 given)")


@checks("rmsprop_step", points=0.25)
def test_rmsprop_step_accepts_lists(student, rng):
    accepts_lists(student, rng, "RMSprop", {"alpha": 0.9, "eps": 1e-8})


@checks("rmsprop_step", points=0.25)
def test_rmsprop_step_inputs_unchanged(student, rng):
    inputs_unchanged(student, rng, "RMSprop", {"alpha": 0.9, "eps": 1e-8})


# -- adam_step ---------------------------------------------------------------------

def adam_hyper(rng, eps=0.0):
    return {"beta1": float(rng.choice([0.9, rng.uniform(0.5, 0.95)])),
            "beta2": float(rng.choice([0.999, 0.99, rng.uniform(0.9, 0.9999)])), "eps": eps}, \
        float(10 ** rng.uniform(-3, -1.5))


def adam_update(b1, b2, eps, bias=True, shift=0, place="torch"):
    def step(w, g, s, lr, t):
        m = b1 * s[0] + (1 - b1) * g
        v = b2 * s[1] + (1 - b2) * g * g
        tt = t + shift
        c1, c2 = (1 - b1 ** tt, 1 - b2 ** tt) if bias else (1.0, 1.0)
        if place == "torch":
            denom = np.sqrt(v / c2) + eps
        elif place == "inside":
            denom = np.sqrt(v / c2 + eps)
        else:                             # eps added to sqrt(v) before the correction
            denom = (np.sqrt(v) + eps) / math.sqrt(c2)
        with np.errstate(all="ignore"):
            return w - lr * (m / c1) / denom, [m, v]
    return step


def adam_mistakes(hyper):
    b1, b2, e = hyper["beta1"], hyper["beta2"], hyper["eps"]
    return {ADAM_NO_BIAS: [adam_update(b1, b2, e, bias=False)],
            ADAM_T_FROM_0: [adam_update(b1, b2, e, shift=1), adam_update(b1, b2, e, shift=-1)],
            ADAM_EPS_INSIDE: [adam_update(b1, b2, e, place="inside"),
                              adam_update(b1, b2, e, place="before")]}


def adam_single(student, w, g, m, v, t, lr, hyper, what):
    kwargs = {"beta1": hyper["beta1"], "beta2": hyper["beta2"], "eps": hyper["eps"]}
    out = pair(call_valid(student, "adam_step", w, g, m, v, t, lr, kwargs=kwargs, what=what),
               what, 3, [np.shape(w)] * 3)
    return out


@checks("adam_step", points=1.25)
def test_adam_step_trajectory_matches_torch_adam(student, rng):
    """eps = 0 here, so that only the update rule is compared (eps: its own check)."""
    trajectory_check(student, rng, "Adam", adam_hyper, adam_mistakes)


@checks("adam_step", points=0.5)
def test_adam_step_state_is_torch_moments(student, rng):
    trajectory_check(student, rng, "Adam", lambda r: adam_hyper(r, eps=1e-8), adam_mistakes,
                     n_traj=1, varying_lr=True, judge_state=True)


@checks("adam_step", points=0.75)
def test_adam_step_first_step_is_lr_per_coordinate(student, rng):
    """t = 1 from m = v = 0: m_hat = g and v_hat = g**2, so with eps = 0 every
    coordinate moves by exactly lr * sign(g), whatever the gradient's scale."""
    shape = draw_shape(rng)
    hyper, lr = adam_hyper(rng, eps=0.0)
    w = rng.normal(0, 1, shape)
    g = rng.normal(0, 1, shape) * 10 ** rng.uniform(-3, 3, shape)
    z = np.zeros(shape)
    what = (f"adam_step at t = 1 from m = v = 0, eps = 0, lr = {lr:.3g}, beta1 = {hyper['beta1']:g}, "
            f"beta2 = {hyper['beta2']:g}, gradients from {np.abs(g).min():.2g} to {np.abs(g).max():.2g}")
    new_w = adam_single(student, w, g, z, z, 1, lr, hyper, what)[0]
    expected = lr * np.sign(g)
    wrong = {key: [w - adam_update(hyper["beta1"], hyper["beta2"], 0.0, **kw)(w, g, [z, z], lr, 1)[0]]
             for key, kw in ((ADAM_NO_BIAS, {"bias": False}), (ADAM_T_FROM_0, {"shift": 1}))}
    expect_named(w - new_w, expected, what + ": the step w - w_new", wrong)


@checks("adam_step", points=0.25)
def test_adam_step_uses_the_given_t(student, rng):
    """One step from a given state at a large t (hundreds to thousands): the bias
    correction uses exactly that t (not a counter of your own)."""
    shape = draw_shape(rng)
    hyper, lr = adam_hyper(rng, eps=1e-8)
    hyper["beta2"] = 0.999
    t = int(rng.integers(200, 3000))
    w, g = rng.normal(0, 1, shape), rng.normal(0, 1, shape)
    m, v = rng.normal(0, 0.3, shape), rng.uniform(0.05, 1, shape)
    what = f"adam_step from a given m, v at t = {t} (as a NumPy int64), lr = {lr:.3g}, beta2 = 0.999"
    out = pair(call_valid(student, "adam_step", w, g, m, v, NumpyScalar("int64", t), lr,
                          kwargs={"beta1": hyper["beta1"], "beta2": 0.999, "eps": 1e-8}, what=what),
               what, 3, [shape] * 3)
    step = adam_update(hyper["beta1"], 0.999, 1e-8)
    exp_w = step(w, g, [m, v], lr, t)[0]
    wrong = {key: [f(w, g, [m, v], lr, t)[0] - w for f in steps]
             for key, steps in adam_mistakes({**hyper, "beta2": 0.999, "eps": 1e-8}).items()}
    expect_named(out[0] - w, exp_w - w, what + ": the step w_new - w", wrong)


@checks("adam_step", points=0.5)
def test_adam_step_eps_placement_at_tiny_gradients(student, rng):
    """Gradients of order 1e-8: sqrt(v_hat) is comparable to eps, where its place shows."""
    shape = draw_shape(rng)
    hyper, lr = adam_hyper(rng, eps=float(rng.choice([1e-8, 1e-7])))
    w = rng.normal(0, 1, shape)
    scale = 10 ** rng.uniform(-8.5, -7)
    g = rng.normal(0, scale, shape)
    m, v = rng.normal(0, scale, shape), (rng.normal(0, scale, shape)) ** 2
    t = int(rng.integers(1, 20))
    what = (f"adam_step on tiny gradients (|g| ~ {scale:.1e}) at t = {t}, eps = {hyper['eps']:g}, "
            f"beta1 = {hyper['beta1']:g}, beta2 = {hyper['beta2']:g}")
    new_w = adam_single(student, w, g, m, v, t, lr, hyper, what)[0]
    exp = adam_update(hyper["beta1"], hyper["beta2"], hyper["eps"])(w, g, [m, v], lr, t)[0]
    wrong = {key: [f(w, g, [m, v], lr, t)[0] - w for f in steps]
             for key, steps in adam_mistakes(hyper).items()}
    expect_named(new_w - w, exp - w, what + ": the step w_new - w", wrong)


@checks("adam_step", points=0.25)
def test_adam_step_defaults(student, rng):
    """beta1 = 0.9, beta2 = 0.999, eps = 1e-8 by default, against your own call with them given."""
    shape = draw_shape(rng)
    w, g = rng.normal(0, 1, shape), rng.normal(0, 1e-8, shape)
    m, v = rng.normal(0, 1e-8, shape), rng.uniform(0, 1e-16, shape)
    what = "adam_step(w, g, m, v, 3, 0.01) with the defaults"
    default = pair(call_valid(student, "adam_step", w, g, m, v, 3, 0.01, what=what), what, 3,
                   [shape] * 3)
    given = pair(call_valid(student, "adam_step", w, g, m, v, 3, 0.01,
                            kwargs={"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, what=what),
                 what, 3, [shape] * 3)
    for a, b, name in zip([default[0] - w, *default[1:]], [given[0] - w, *given[1:]],
                          ("w_new - w", "m", "v")):
        expect_close(a, b, f"{what}: {name} (vs. your own call with beta1=0.9, beta2=0.999, "
                     "eps=1e-8 given)")


@checks("adam_step", points=0.25)
def test_adam_step_accepts_lists(student, rng):
    accepts_lists(student, rng, "Adam", {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8})


@checks("adam_step", points=0.25)
def test_adam_step_inputs_unchanged(student, rng):
    inputs_unchanged(student, rng, "Adam", {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8})


# == schedules: torch.optim.lr_scheduler as the oracle ===============================

def torch_schedule(make, lr0, epochs):
    """The learning rate of epochs 0 .. epochs-1 under a scheduler stepped once per epoch."""
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr0)
    sched = make(opt)
    lrs = []
    for _ in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return lrs


def judge_schedule(student, name, args_of, epochs, expected, what, wrong_of=None, as_numpy=False):
    """The schedule at every epoch of ``epochs``, all called in one round trip. A
    misconception is named only if the answer follows one of its formulas at every
    epoch checked (not at the failing epoch alone); the messages give 12 significant
    digits and the relative error, as the tolerance is 1e-9."""
    texts = [f"{what}, {'epoch' if name == 'step_decay' else 't'} = {e}" for e in epochs]
    calls = [(args_of(NumpyScalar("int64", int(e)) if as_numpy else int(e)), None)
             for e in epochs]
    got = [as_float(value, text)
           for text, value in zip(texts, calls_valid(student, name, calls, texts))]
    candidates = {e: wrong_of(e) for e in epochs} if wrong_of else {}

    def matches(key, i):
        """The answer follows the i-th formula of misconception ``key`` at every epoch checked."""
        return all(math.isclose(x, candidates[e][key][i], rel_tol=1e-9, abs_tol=1e-15)
                   for e, x in zip(epochs, got))

    for e, text, x in zip(epochs, texts, got):
        if not math.isclose(x, expected[e], rel_tol=1e-9, abs_tol=1e-15):
            message = f"{text}: got {x:.12g}, torch's scheduler gives {expected[e]:.12g}"
            if expected[e] != 0:
                message += f" (relative error {abs(x - expected[e]) / abs(expected[e]):.2g})"
            for key, values in (candidates[e] if candidates else {}).items():
                if any(matches(key, i) for i in range(len(values))):
                    fail(message + f"; at all {len(epochs)} "
                         f"{'epochs' if name == 'step_decay' else 'values of t'} checked it "
                         "follows the mistaken formula.", key)
            fail(message + ".")


def sample_epochs(rng, total, marks):
    picks = set(int(x) for x in marks if 0 <= x < total)
    picks.update(int(x) for x in rng.integers(0, total, 4))
    return sorted(picks)


@checks("step_decay", points=0.75)
def test_step_decay_matches_torch_steplr(student, rng):
    lr0, size = float(10 ** rng.uniform(-3, 0)), int(rng.integers(2, 15))
    gamma = float(rng.choice([0.1, 0.5, rng.uniform(0.2, 0.95)]))
    total = 10 * size + int(rng.integers(0, size))
    expected = torch_schedule(lambda o: torch.optim.lr_scheduler.StepLR(o, size, gamma), lr0, total)
    ks = rng.choice(np.arange(1, 10), 3, replace=False)
    epochs = sample_epochs(rng, total, [0, size - 1, size, *(k * size for k in ks),
                                        *(k * size - 1 for k in ks), total - 1])

    def wrong(e):
        return {STEP_CONTINUOUS: [lr0 * gamma ** (e / size)],
                STEP_OFF_BY_ONE: [lr0 * gamma ** ((e + 1) // size),
                                  lr0 * gamma ** (max(e - 1, 0) // size)]}
    judge_schedule(student, "step_decay", lambda e: (lr0, e, size, gamma), epochs, expected,
                   f"step_decay(lr0={lr0:.4g}, step_size={size}, gamma={gamma:.4g}) (StepLR over "
                   f"{total} epochs)", wrong)


@checks("step_decay", points=0.25)
def test_step_decay_numpy_integer_epochs(student, rng):
    lr0, size, gamma = float(rng.uniform(0.01, 1)), int(rng.integers(2, 6)), 0.5
    total = 6 * size
    expected = torch_schedule(lambda o: torch.optim.lr_scheduler.StepLR(o, size, gamma), lr0, total)
    judge_schedule(student, "step_decay", lambda e: (lr0, e, size, gamma),
                   [0, size, 3 * size + 1, total - 1], expected,
                   f"step_decay(lr0={lr0:.4g}, step_size={size}, gamma=0.5) with epoch a NumPy int64",
                   as_numpy=True)


def cosine_closed(lr0, t, T, lr_min):
    return lr_min + (lr0 - lr_min) * (1 + math.cos(math.pi * t / T)) / 2


@checks("cosine_annealing", points=0.75)
def test_cosine_annealing_matches_torch(student, rng):
    for _ in range(2):
        lr0 = float(10 ** rng.uniform(-3, 0))
        lr_min = float(lr0 * rng.uniform(0.001, 0.5))
        T = int(rng.integers(5, 200))
        expected = torch_schedule(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(
            o, T_max=T, eta_min=lr_min), lr0, T + 1)
        ts = sample_epochs(rng, T + 1, [0, 1, T // 2, T - 1, T])

        def wrong(t):
            return {COSINE_HALF: [cosine_closed(lr0, t, T / 2, lr_min),
                                  cosine_closed(lr0, t, 2 * T, lr_min)]}
        judge_schedule(student, "cosine_annealing", lambda t: (lr0, t, T, lr_min), ts, expected,
                       f"cosine_annealing(lr0={lr0:.4g}, T={T}, lr_min={lr_min:.4g}) "
                       "(CosineAnnealingLR, 0 <= t <= T)", wrong)


@checks("cosine_annealing", points=0.25)
def test_cosine_annealing_default_lr_min_and_numpy_t(student, rng):
    lr0, T = float(rng.uniform(0.01, 1)), int(rng.integers(4, 60))
    expected = torch_schedule(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=T),
                              lr0, T + 1)
    for t in (0, T // 3, T):
        text = f"cosine_annealing({lr0:.4g}, t={t}, T={T}) with lr_min left at its default (0) and t a NumPy int64"
        got = as_float(call_valid(student, "cosine_annealing", lr0, NumpyScalar("int64", t), T,
                                  what=text), text)
        expect_close(got, expected[t], text, tol=(1e-9, 1e-15))


@checks("linear_warmup", points=0.75)
def test_linear_warmup_matches_torch_linearlr(student, rng):
    """linear_warmup(lr0, t, W) for t >= 1 is LinearLR(start_factor=1/W, end_factor=1,
    total_iters=W-1) at epoch t-1."""
    lr0, W = float(10 ** rng.uniform(-3, 0)), int(rng.integers(2, 40))
    total = 3 * W + 5
    lin = torch_schedule(lambda o: torch.optim.lr_scheduler.LinearLR(
        o, start_factor=1 / W, end_factor=1.0, total_iters=W - 1), lr0, total)
    expected = {t: lin[t - 1] for t in range(1, total + 1)}
    ts = sorted(set([1, 2, W - 1, W, W + 1, total] + [int(x) for x in rng.integers(1, total, 4)]))
    ts = [t for t in ts if t >= 1]

    def wrong(t):
        return {WARMUP_OFF_BY_ONE: [lr0 * min(t + 1, W) / W, lr0 * min(t - 1, W) / W]}
    judge_schedule(student, "linear_warmup", lambda t: (lr0, t, W), ts, expected,
                   f"linear_warmup(lr0={lr0:.4g}, warmup_steps={W}) (LinearLR, start_factor=1/W)",
                   wrong)


@checks("linear_warmup", points=0.25)
def test_linear_warmup_zero_and_one_step(student, rng):
    """t = 0 gives 0 (lr0 * 0 / W); with W = 1 the rate is lr0 from t = 1 on."""
    lr0, W = float(rng.uniform(0.01, 1)), int(rng.integers(2, 20))
    text = f"linear_warmup({lr0:.4g}, t=0, warmup_steps={W})"
    expect_close(as_float(call_valid(student, "linear_warmup", lr0, NumpyScalar("int64", 0), W,
                                     what=text), text), 0.0, text + " (t a NumPy int64)",
                 tol=(1e-12, 1e-15))
    for t in (0, 1, 5):
        text = f"linear_warmup({lr0:.4g}, t={t}, warmup_steps=1)"
        expect_close(as_float(call_valid(student, "linear_warmup", lr0, t, 1, what=text), text),
                     lr0 * min(t, 1), text, tol=(1e-12, 1e-15))
