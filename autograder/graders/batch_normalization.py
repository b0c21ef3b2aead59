"""Hidden checks of 10_batch_normalization: BatchNorm and LayerNorm, forward and
backward, in NumPy with the CS231n cache convention.

Oracles (never the notebook's solution):
  forward  -- torch.nn.functional.batch_norm / layer_norm in float64, and the
              closed form in NumPy (two-pass mean and biased variance); the
              running statistics follow the curriculum's rule computed here
              (torch's own running_var uses the unbiased variance, so it is not
              used for them);
  backward -- PyTorch autograd through torch's native batch_norm / layer_norm,
              autograd through a float64 torch graph written here (for a batch
              of one, where torch's batch_norm refuses to train), a staged
              NumPy graph backward written here (for batchnorm_backward_alt),
              and central differences of the NumPy closed form.

The cache is the student's own: it stays on the student's side (a Handle).
Backward functions are graded on train-mode caches only (the notebook says so).
When a submission's forward output is wrong, its backward is also accepted if
it is the exact gradient of that (wrong) forward, checked by central
differences of the student's own forward: one mistake costs points once.
"""
import numpy as np
import torch
import torch.nn.functional as F

from autograder import misconceptions
from autograder.checks import (Checks, CheckFailure, as_array, close, expect_close,
                               expect_true, fail, fmt)
from autograder.numerical import central_differences
from autograder.specs import Handle
from autograder.student import StudentError, SubmissionFailure

ASSIGNMENT = "10_batch_normalization"
checks = Checks(ASSIGNMENT)

MISSING_1_OVER_N = "batchnorm-missing-1-over-n"          # catalogued
UNBIASED = misconceptions.register(
    "batchnorm-unbiased-variance",
    "the unbiased variance (divide by N-1) where the contract uses the biased one "
    "(divide by N): the layer normalises with the batch's own second moment, "
    "sum((x - mean)^2) / N, and the running variance averages that same quantity. "
    "(PyTorch's BatchNorm uses N-1 for its running_var; this course does not.)")
EPS_OUTSIDE = misconceptions.register(
    "batchnorm-eps-outside-sqrt",
    "eps added to the standard deviation instead of the variance: the layer divides "
    "by sqrt(var + eps), which stays finite and smooth when var = 0; "
    "sqrt(var) + eps is a different function with a different gradient.")
MOMENTUM_SWAPPED = misconceptions.register(
    "batchnorm-momentum-swapped",
    "momentum applied the wrong way round: running = momentum * running + "
    "(1 - momentum) * batch_statistic keeps a fraction `momentum` of the old "
    "estimate; swapping the weights makes the running statistic follow the last batch.")
NOT_UPDATED = misconceptions.register(
    "batchnorm-running-stats-not-updated",
    "the running statistics were not updated in bn_param: a train-mode call must "
    "store the new running_mean and running_var in the dict it was given "
    "(bn_param['running_mean'] = ...), not in a local variable or a copy.")
VAR_INIT = misconceptions.register(
    "batchnorm-running-var-init",
    "missing running statistics start at mean 0 and variance 1 (a unit Gaussian), "
    "not at variance 0: with 0, test mode would divide by sqrt(eps).")
BATCH_STATS_AT_TEST = misconceptions.register(
    "batchnorm-batch-stats-at-test",
    "batch statistics used in test mode: at inference the layer must be a fixed "
    "function of each example, (x - running_mean) / sqrt(running_var + eps); with "
    "the batch's own statistics an example's output depends on the other examples, "
    "and a batch of one always gives beta.")
TEST_UPDATES = misconceptions.register(
    "batchnorm-test-mode-updates-running-stats",
    "running statistics updated in test mode: inference must leave bn_param's "
    "running_mean and running_var exactly as they were (test data must not change "
    "the model).")
NOT_SUMMED = misconceptions.register(
    "batchnorm-param-grads-not-summed",
    "dgamma/dbeta not summed over the batch: gamma and beta are shared by all N "
    "examples, so their gradients add up the contributions of every row: "
    "dgamma = sum over rows of dout * x_hat, dbeta = sum over rows of dout (shape (D,)).")
LN_BATCH_AXIS = misconceptions.register(
    "layernorm-over-batch-axis",
    "LayerNorm computed over the batch axis: LayerNorm normalises each example (row) "
    "over its D features, mean and variance along axis 1; along axis 0 it is BatchNorm.")
LN_GAMMA_OUTSIDE = misconceptions.register(
    "layernorm-gamma-outside-sum",
    "gamma factored out of LayerNorm's sums: in LayerNorm gamma varies along the axis "
    "being normalised, so the sums over features must use g = gamma * dout inside "
    "them: dx = (N_feat*g - sum(g) - x_hat*sum(g*x_hat)) / (N_feat*sigma).")
LN_PARAM_AXIS = misconceptions.register(
    "layernorm-param-grads-wrong-axis",
    "LayerNorm's dgamma/dbeta summed over the features: gamma and beta are still one "
    "value per feature (shape (D,)), shared by the examples, so their gradients sum "
    "over the batch axis 0 even though the statistics are taken along axis 1.")

BN, LN = "batchnorm", "layernorm"
AXIS = {BN: 0, LN: 1}
FORWARD = {BN: "batchnorm_forward", LN: "layernorm_forward"}
MODES = ("eval", "inference", "training", "Train", "TEST")


# -- inputs ----------------------------------------------------------------------

def draw_x(rng, n, d, offset=3.0, axis=0):
    """A batch whose features (axis 0) or examples (axis 1) have their own
    location and spread, so normalising along the wrong axis shows."""
    shape = (1, d) if axis == 0 else (n, 1)
    loc = rng.normal(0.0, offset, shape)
    scale = rng.uniform(0.5, 3.0, shape)
    return loc + scale * rng.standard_normal((n, d))


def draw_affine(rng, d):
    gamma = rng.uniform(0.5, 2.0, d) * rng.choice([-1.0, 1.0], d)
    return gamma, rng.normal(0.0, 1.0, d)


def shape_text(x):
    return f"x of shape {np.shape(x)}"


# -- oracles ---------------------------------------------------------------------

def stats(x, axis, ddof=0):
    mean = x.mean(axis=axis, keepdims=True)
    var = ((x - mean) ** 2).sum(axis=axis, keepdims=True) / (x.shape[axis] - ddof)
    return mean, var


def closed_form(x, gamma, beta, eps, axis, ddof=0):
    """Normalise along ``axis`` (two-pass statistics), then scale and shift."""
    mean, var = stats(x, axis, ddof)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def torch_native(kind, x, gamma, beta, eps, dout=None):
    """torch's batch_norm (training, N >= 2) or layer_norm in float64, with the
    autograd gradients of sum(dout * out) when dout is given."""
    xt, gt, bt = (torch.tensor(np.asarray(a, dtype=float), dtype=torch.float64,
                               requires_grad=dout is not None) for a in (x, gamma, beta))
    if kind == BN:
        out = F.batch_norm(xt, None, None, gt, bt, training=True, momentum=0.0, eps=eps)
    else:
        out = F.layer_norm(xt, (xt.shape[1],), gt, bt, eps=eps)
    if dout is None:
        return out.detach().numpy()
    out.backward(torch.tensor(dout, dtype=torch.float64))
    return out.detach().numpy(), xt.grad.numpy(), gt.grad.numpy(), bt.grad.numpy()


def torch_graph(kind, x, gamma, beta, eps, dout):
    """Autograd through our own float64 torch graph (works for N = 1 or D = 1)."""
    xt, gt, bt = (torch.tensor(np.asarray(a, dtype=float), dtype=torch.float64,
                               requires_grad=True) for a in (x, gamma, beta))
    axis = AXIS[kind]
    mean = xt.mean(dim=axis, keepdim=True)
    centred = xt - mean
    var = (centred * centred).mean(dim=axis, keepdim=True)
    out = gt * centred / torch.sqrt(var + eps) + bt
    out.backward(torch.tensor(dout, dtype=torch.float64))
    return out.detach().numpy(), xt.grad.numpy(), gt.grad.numpy(), bt.grad.numpy()


def numpy_graph_backward(x, gamma, eps, dout):
    """BatchNorm's backward written node by node in NumPy (the grader's own graph)."""
    n = x.shape[0]
    mean = x.sum(axis=0) / n
    centred = x - mean
    square = centred ** 2
    var = square.sum(axis=0) / n
    std = np.sqrt(var + eps)
    inv = 1.0 / std
    xhat = centred * inv
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dinv = (dxhat * centred).sum(axis=0)
    dcentred = dxhat * inv
    dstd = -dinv / std ** 2
    dvar = 0.5 * dstd / std
    dsquare = np.ones_like(square) * dvar / n
    dcentred = dcentred + 2.0 * centred * dsquare
    dmean = -dcentred.sum(axis=0)
    dx = dcentred + np.ones_like(x) * dmean / n
    return dx, dgamma, dbeta


def numerical_grads(kind, x, gamma, beta, eps, dout, h=1e-5):
    """Central differences of sum(dout * closed_form) for x, gamma and beta."""
    axis = AXIS[kind]

    def loss(xx, gg, bb):
        return float(np.sum(dout * closed_form(xx, gg, bb, eps, axis)))

    return central_differences(loss, (x, gamma, beta), h)


def mistakes(kind, x, gamma, eps, dout):
    """What known wrong backward passes return on this input:
    ``{output index: {misconception: [candidate arrays]}}``."""
    axis = AXIS[kind]
    m = x.shape[axis]
    mean, var = stats(x, axis)
    std = np.sqrt(var + eps)
    xhat = (x - mean) / std
    g = gamma * dout
    s1 = g.sum(axis=axis, keepdims=True)
    s2 = (g * xhat).sum(axis=axis, keepdims=True)
    dx = {MISSING_1_OVER_N: [(g - s1 - xhat * s2) / std,
                             (g - s1 - xhat * s2 / m) / std,
                             (g - s1 / m - xhat * s2) / std]}
    param = {NOT_SUMMED: [dout * xhat]} if kind == BN else {}
    dbeta = {NOT_SUMMED: [dout]} if kind == BN else {}
    if kind == LN:
        # gamma taken out of the sums, and the sums (or everything) along axis 0
        d1 = dout.sum(axis=1, keepdims=True)
        d2 = (dout * xhat).sum(axis=1, keepdims=True)
        dx[LN_GAMMA_OUTSIDE] = [gamma * (dout - d1 / m - xhat * d2 / m) / std]
        n = x.shape[0]
        b1, b2 = g.sum(axis=0), (g * xhat).sum(axis=0)
        c1, c2 = dout.sum(axis=0), (dout * xhat).sum(axis=0)
        dx[LN_BATCH_AXIS] = [(g - b1 / n - xhat * b2 / n) / std,
                             gamma * (dout - c1 / n - xhat * c2 / n) / std]
        param = {LN_PARAM_AXIS: [(dout * xhat).sum(axis=1)], NOT_SUMMED: [dout * xhat]}
        dbeta = {LN_PARAM_AXIS: [dout.sum(axis=1)], NOT_SUMMED: [dout]}
    return [dx, param, dbeta]


def forward_mistakes(x, gamma, beta, eps, axis=0, mean=None, var=None):
    """What known wrong forward passes return: unbiased variance, eps outside the
    square root (with the given statistics, or the batch's own)."""
    own_mean, own_var = stats(x, axis)
    mean = own_mean if mean is None else mean
    var = own_var if var is None else var
    wrong = {EPS_OUTSIDE: gamma * (x - mean) / (np.sqrt(var) + eps) + beta}
    if mean is own_mean and x.shape[axis] > 1:
        wrong[UNBIASED] = closed_form(x, gamma, beta, eps, axis, ddof=1)
    return wrong


# -- comparing answers -----------------------------------------------------------

def expect_array(value, expected, what, tol, wrong=None, hint=""):
    """expect_close for arrays, but a known mistake is named even when it has
    another shape (dgamma of shape (N, D) instead of (D,))."""
    array = as_array(value, what)
    if array.shape == expected.shape and close(array, expected, tol):
        return array
    for key, candidates in (wrong or {}).items():
        for candidate in candidates:
            if array.shape == np.shape(candidate) and close(array, candidate, "float"):
                fail(f"{what}: got {fmt(array)}, expected {fmt(expected)}.", key)
    return expect_close(array, expected, what, tol=tol, hint=hint)


def pair(result, name):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        fail(f"{name} should return a pair (out, cache), got {type(result).__name__}")
    return result


def triple(result, name):
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        fail(f"{name} should return (dx, dgamma, dbeta), got "
             f"{type(result).__name__}" + (f" of length {len(result)}"
                                           if isinstance(result, (tuple, list)) else ""))
    return result


def call_forward(student, kind, x, gamma, beta, param, mutable=None):
    """The student's forward with its cache kept on the student's side."""
    name = FORWARD[kind]
    if mutable is None:
        result = student.call(name, x, gamma, beta, param, opaque=(1,))
        return pair(result, name)
    result, after = student.call(name, x, gamma, beta, param, opaque=(1,), mutable=mutable)
    return pair(result, name), after


def forward_out(student, kind, x, gamma, beta, param):
    out, cache = call_forward(student, kind, x, gamma, beta, dict(param))
    release(student, cache)
    return out


def release(student, *objects):
    handles = [o for o in objects if isinstance(o, Handle)]
    if handles:
        student.release(*handles)


def own_forward_is_a_function_of_x(student, kind, x, gamma, beta, param, out, rng):
    """Whether the student's forward, which produced ``out``, is one function of
    the inputs: the same output when the parameter dict carries keys that cannot
    matter here (momentum and running statistics: train mode), and a different
    output when x moves. A forward that answers the backward checks' exact
    calls differently, or that ignores x, earns no credit for its backward."""
    extra = {"momentum": 0.5, "running_mean": np.zeros(x.shape[1]),
             "running_var": np.ones(x.shape[1])} if kind == BN else {}
    again = np.asarray(forward_out(student, kind, x, gamma, beta, dict(param, **extra)),
                       dtype=float)
    moved = np.asarray(forward_out(student, kind, x + rng.standard_normal(x.shape),
                                   gamma, beta, dict(param)), dtype=float)
    return again.shape == np.shape(out) and np.array_equal(again, np.asarray(out, dtype=float)) \
        and moved.shape == again.shape and not np.allclose(moved, again)


def own_gradient_matches(student, kind, x, gamma, beta, param, dout, grads, rng, out,
                         h=1e-5):
    """Whether ``grads`` is the gradient of the student's own forward (which must
    be one function of x, see above): directional central differences along two
    random directions per argument."""
    axis = AXIS[kind]
    _, var = stats(x, axis)
    scales = [np.broadcast_to(np.sqrt(var + param.get("eps", 1e-5)), x.shape),
              np.ones_like(gamma), np.ones_like(beta)]
    base = [x, gamma, beta]
    rng = rng.spawn(1)[0]      # its own stream: the check's later inputs stay the same
    try:
        if not own_forward_is_a_function_of_x(student, kind, x, gamma, beta, param, out, rng):
            return False
        for which, grad in enumerate(grads):
            grad = np.asarray(grad, dtype=float)
            if grad.shape != base[which].shape or not np.all(np.isfinite(grad)):
                return False
            for _ in range(2):
                v = rng.standard_normal(base[which].shape)
                v *= scales[which] / np.linalg.norm(v)
                values = []
                for sign in (1.0, -1.0):
                    args = [a.copy() for a in base]
                    args[which] = args[which] + sign * h * v
                    out = np.asarray(forward_out(student, kind, *args, param), dtype=float)
                    values.append(float(np.sum(dout * out)))
                numeric = (values[0] - values[1]) / (2 * h)
                analytic = float(np.sum(grad * v))
                size = np.linalg.norm(grad) * np.linalg.norm(v) + abs(numeric)
                if not np.isfinite(numeric) or abs(numeric - analytic) > 1e-4 * size + 1e-7:
                    return False
    except SubmissionFailure:
        raise
    except Exception:  # noqa: BLE001 - any trouble (a wrong answer, an error) means "no"
        return False
    return True


def judge_backward(student, kind, backward, x, gamma, beta, eps, dout, expected, rng,
                   tol="gradient", label=""):
    """Run the student's forward (train mode) then ``backward`` and compare
    (dx, dgamma, dbeta) with ``expected`` = (out, dx, dgamma, dbeta)."""
    param = {"mode": "train", "eps": eps} if kind == BN else {"eps": eps}
    try:
        out, cache = call_forward(student, kind, x, gamma, beta, dict(param))
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            fail(f"{FORWARD[kind]} is not implemented yet (it raises NotImplementedError), "
                 f"and {backward} is checked on the cache your forward returns.")
        fail(f"{backward} needs the cache of {FORWARD[kind]}, but calling {FORWARD[kind]} "
             f"raised {err.type}: {err.message}")
    try:
        grads = triple(student.call(backward, dout, cache), backward)
    finally:
        release(student, cache)
    exp_out, *exp_grads = expected
    forward_ok = np.shape(out) == exp_out.shape and close(out, exp_out, "float")
    wrong = mistakes(kind, x, gamma, eps, dout)
    where = f"{backward} on {shape_text(x)}{label}, eps={eps:g}, random dout"
    try:
        for value, exp, name, known in zip(grads, exp_grads, ("dx", "dgamma", "dbeta"), wrong):
            expect_array(value, exp, f"{name} from {where}", tol, known)
    except CheckFailure as failure:
        if forward_ok:
            raise
        if own_gradient_matches(student, kind, x, gamma, beta, param, dout, grads, rng, out):
            return  # consistent with the (wrong) forward: the forward's checks count it
        raise CheckFailure(failure.message + f" (Your {FORWARD[kind]} output is also wrong "
                           "on this input, and these gradients are not the gradient of "
                           "your own forward either.)", failure.misconception) from None


# == batchnorm_forward ============================================================

@checks("batchnorm_forward", points=1)
def test_batchnorm_forward_train_output_matches_torch(student, rng):
    for _ in range(2):
        n, d = int(rng.integers(2, 10)), int(rng.integers(1, 7))
        x = draw_x(rng, n, d)
        gamma, beta = draw_affine(rng, d)
        eps = float(rng.choice([1e-5, 1e-3, 0.1]))
        param = {"mode": "train", "eps": eps, "momentum": float(rng.uniform(0.5, 0.95))}
        (out, cache) = call_forward(student, BN, x, gamma, beta, param)
        release(student, cache)
        expected = torch_native(BN, x, gamma, beta, eps)
        expect_close(out, expected, f"train-mode output for {shape_text(x)}, eps={eps:g}",
                     tol="float", misconceptions=forward_mistakes(x, gamma, beta, eps))


@checks("batchnorm_forward", points=1)
def test_batchnorm_forward_running_statistics_updated_in_place(student, rng):
    n, d = int(rng.integers(2, 10)), int(rng.integers(1, 7))
    x = draw_x(rng, n, d)
    gamma, beta = draw_affine(rng, d)
    momentum = float(rng.uniform(0.5, 0.95))
    r_mean, r_var = rng.normal(0, 1, d), rng.uniform(0.5, 2.0, d)
    param = {"mode": "train", "eps": 1e-5, "momentum": momentum,
             "running_mean": r_mean.copy(), "running_var": r_var.copy()}
    (_, cache), (after,) = call_forward(student, BN, x, gamma, beta, param, mutable=[3])
    release(student, cache)
    mean, var = x.mean(axis=0), x.var(axis=0)
    what = f"bn_param after one train-mode call (momentum={momentum:.3g}, {shape_text(x)})"
    if not isinstance(after, dict):
        fail(f"{what}: bn_param is no longer a dict")
    for key in ("running_mean", "running_var"):
        if key not in after:
            fail(f"{what} has no '{key}': store the updated statistic in bn_param.", NOT_UPDATED)
    expect_array(after["running_mean"], momentum * r_mean + (1 - momentum) * mean,
                 f"{what}: running_mean", "float", {
                     MOMENTUM_SWAPPED: [(1 - momentum) * r_mean + momentum * mean],
                     NOT_UPDATED: [r_mean]})
    expect_array(after["running_var"], momentum * r_var + (1 - momentum) * var,
                 f"{what}: running_var", "float", {
                     MOMENTUM_SWAPPED: [(1 - momentum) * r_var + momentum * var],
                     UNBIASED: [momentum * r_var + (1 - momentum) * var * n / (n - 1)],
                     NOT_UPDATED: [r_var]})


@checks("batchnorm_forward", points=0.5)
def test_batchnorm_forward_missing_running_statistics_and_defaults(student, rng):
    n, d = int(rng.integers(2, 8)), int(rng.integers(2, 6))
    x = draw_x(rng, n, d)
    gamma, beta = draw_affine(rng, d)
    # array-likes: nested lists must work too
    (out, cache), (after,) = call_forward(student, BN, x.tolist(), gamma.tolist(),
                                          beta.tolist(), {"mode": "train"}, mutable=[3])
    release(student, cache)
    mean, var = x.mean(axis=0), x.var(axis=0)
    what = f"with bn_param = {{'mode': 'train'}} only ({shape_text(x)}, given as lists)"
    expect_close(out, closed_form(x, gamma, beta, 1e-5, 0), f"output {what} (eps defaults "
                 "to 1e-5)", tol="float", misconceptions=forward_mistakes(x, gamma, beta, 1e-5))
    if not isinstance(after, dict) or "running_mean" not in after or "running_var" not in after:
        fail(f"bn_param {what}: a train-mode call must create running_mean and "
             "running_var (starting from mean 0, variance 1) and update them", NOT_UPDATED)
    expect_array(after["running_mean"], 0.1 * mean,
                 f"running_mean after one call {what} (start 0, momentum defaults to 0.9)",
                 "float", {MOMENTUM_SWAPPED: [0.9 * mean]})
    expect_array(after["running_var"], 0.9 + 0.1 * var,
                 f"running_var after one call {what} (start 1, momentum defaults to 0.9)",
                 "float", {VAR_INIT: [0.1 * var, 0.9 * var],
                           MOMENTUM_SWAPPED: [0.1 + 0.9 * var]})


@checks("batchnorm_forward", points=1)
def test_batchnorm_forward_test_mode_uses_running_statistics(student, rng):
    n, d = int(rng.integers(3, 9)), int(rng.integers(1, 6))
    x = draw_x(rng, n, d)
    gamma, beta = draw_affine(rng, d)
    eps = float(rng.choice([1e-5, 1e-2]))
    momentum = float(rng.uniform(0.5, 0.95))
    r_mean, r_var = rng.normal(0, 2, d), rng.uniform(0.3, 4.0, d)
    param = {"mode": "test", "eps": eps, "momentum": momentum,
             "running_mean": r_mean.copy(), "running_var": r_var.copy()}
    (out, cache), (after,) = call_forward(student, BN, x, gamma, beta, param, mutable=[3])
    release(student, cache)
    expected = gamma * (x - r_mean) / np.sqrt(r_var + eps) + beta
    what = f"test-mode output for {shape_text(x)} with given running statistics"
    expect_close(out, expected, what, tol="float", misconceptions={
        BATCH_STATS_AT_TEST: closed_form(x, gamma, beta, eps, 0),
        **forward_mistakes(x, gamma, beta, eps, mean=r_mean, var=r_var)})
    for key, old, batch in (("running_mean", r_mean, x.mean(0)), ("running_var", r_var, x.var(0))):
        new = as_array(after.get(key) if isinstance(after, dict) else None,
                       f"bn_param['{key}'] after a test-mode call")
        if new.shape != old.shape or not np.array_equal(new, old):
            updated = momentum * old + (1 - momentum) * batch
            how = " (by the train-mode update rule)" if close(new, updated, "float") else ""
            fail(f"bn_param['{key}'] changed in test mode{how}: was {fmt(old)}, "
                 f"now {fmt(new)}", TEST_UPDATES)
    # inference on a single example: must depend on the example, not collapse to beta
    one = x[:1] * 2.0 + 1.0
    (out1, cache) = call_forward(student, BN, one, gamma, beta, dict(param))
    release(student, cache)
    expect_close(out1, gamma * (one - r_mean) / np.sqrt(r_var + eps) + beta,
                 "test-mode output for a batch of one example", tol="float",
                 misconceptions={BATCH_STATS_AT_TEST: np.broadcast_to(beta, one.shape)})
    # missing running statistics at test time: mean 0, variance 1
    (out2, cache) = call_forward(student, BN, x, gamma, beta, {"mode": "test", "eps": eps})
    release(student, cache)
    expect_close(out2, gamma * x / np.sqrt(1.0 + eps) + beta,
                 "test-mode output when bn_param has no running statistics (they start "
                 "at mean 0, variance 1)", tol="float",
                 misconceptions={BATCH_STATS_AT_TEST: closed_form(x, gamma, beta, eps, 0),
                                 VAR_INIT: gamma * x / np.sqrt(eps) + beta,
                                 **forward_mistakes(x, gamma, beta, eps, mean=0.0, var=1.0)})


@checks("batchnorm_forward", points=0.5)
def test_batchnorm_forward_edge_cases_batch_of_one_and_large_offsets(student, rng):
    d = int(rng.integers(1, 6))
    gamma, beta = draw_affine(rng, d)
    x1 = rng.normal(0, 3, (1, d))
    out = forward_out(student, BN, x1, gamma, beta, {"mode": "train"})
    expect_close(out, beta[None, :], "train-mode output for a batch of ONE example (its "
                 "variance is 0, so x_hat = 0 and the output is beta)", tol="float",
                 hint="Use the biased variance and put eps inside the square root.")
    n = int(rng.integers(4, 10))
    offset = rng.choice([-1.0, 1.0], d) * 10.0 ** rng.uniform(5, 6, d)
    x = offset + rng.uniform(0.5, 2.0, d) * rng.standard_normal((n, d))
    out = forward_out(student, BN, x, gamma, beta, {"mode": "train"})
    expect_close(out, closed_form(x, gamma, beta, 1e-5, 0),
                 f"train-mode output for {shape_text(x)} with a large offset (|mean| ~ 1e5, "
                 "std ~ 1)", tol="float", misconceptions=forward_mistakes(x, gamma, beta, 1e-5),
                 hint="Compute the variance from x - mean (two passes); mean(x**2) - "
                      "mean(x)**2 loses about ten digits to cancellation here.")
    x = 1e-3 * rng.standard_normal((n, d))
    out = forward_out(student, BN, x, gamma, beta, {"mode": "train", "eps": 1e-5})
    expect_close(out, closed_form(x, gamma, beta, 1e-5, 0),
                 f"train-mode output for {shape_text(x)} with a tiny spread (var ~ 1e-6, "
                 "comparable to eps)", tol="float",
                 misconceptions=forward_mistakes(x, gamma, beta, 1e-5))


@checks("batchnorm_forward", points=0.5)
def test_batchnorm_forward_inputs_not_modified(student, rng):
    n, d = int(rng.integers(2, 8)), int(rng.integers(1, 6))
    x = draw_x(rng, n, d)
    gamma, beta = draw_affine(rng, d)
    for mode in ("train", "test"):
        param = {"mode": mode, "running_mean": rng.normal(0, 1, d),
                 "running_var": rng.uniform(0.5, 2, d)}
        (_, cache), after = call_forward(student, BN, x, gamma, beta, param,
                                         mutable=[0, 1, 2])
        release(student, cache)
        for name, before, now in zip(("x", "gamma", "beta"), (x, gamma, beta), after):
            now = np.asarray(now)
            expect_true(now.shape == before.shape and np.array_equal(now, before),
                        f"batchnorm_forward ({mode} mode) modified its input {name} in place "
                        f"(before {fmt(before)}, after {fmt(now)}); work on new arrays "
                        "(x - mean, not x -= mean).")


@checks("batchnorm_forward", points=0.5)
def test_batchnorm_forward_invalid_mode_raises_value_error(student, rng):
    mode = str(rng.choice(MODES))
    x = draw_x(rng, 4, 3)
    gamma, beta = draw_affine(rng, 3)
    what = f"batchnorm_forward with bn_param['mode'] = {mode!r} (only 'train' and 'test' exist)"
    try:
        result = student.call("batchnorm_forward", x, gamma, beta, {"mode": mode}, opaque=(1,))
    except StudentError as err:
        if err.is_a("ValueError"):
            return
        if err.is_a("NotImplementedError"):
            raise
        fail(f"{what} should raise ValueError, but raised {err.type}: {err.message}")
    release(student, *(result if isinstance(result, (tuple, list)) else ()))
    fail(f"{what} should raise ValueError, but returned normally (an unknown mode must not "
         "silently fall back to one of the two)")


# == batchnorm_backward / batchnorm_backward_alt ===================================

def random_case(rng, kind, n_range=(2, 10), d_range=(1, 7)):
    n, d = int(rng.integers(*n_range)), int(rng.integers(*d_range))
    x = draw_x(rng, n, d, axis=AXIS[kind])
    gamma, beta = draw_affine(rng, d)
    dout = rng.normal(0, 1, (n, d))
    eps = float(rng.choice([1e-5, 1e-3]))
    return x, gamma, beta, dout, eps


def bn_matches_autograd(student, rng, backward):
    for _ in range(2):
        x, gamma, beta, dout, eps = random_case(rng, BN)
        expected = torch_native(BN, x, gamma, beta, eps, dout)
        judge_backward(student, BN, backward, x, gamma, beta, eps, dout, expected, rng)


def bn_matches_numerical(student, rng, backward):
    x, gamma, beta, dout, eps = random_case(rng, BN, (2, 5), (1, 4))
    out = closed_form(x, gamma, beta, eps, 0)
    expected = (out, *numerical_grads(BN, x, gamma, beta, eps, dout))
    judge_backward(student, BN, backward, x, gamma, beta, eps, dout, expected, rng,
                   tol="numerical", label=" (vs central differences)")


def bn_edge_cases(student, rng, backward):
    d = int(rng.integers(1, 5))
    n = int(rng.integers(3, 9))
    gamma, beta = draw_affine(rng, d)
    cases = [
        (rng.normal(0, 2, (1, d)), " (a batch of ONE: variance 0)"),
        (draw_x(rng, n, 1), " (a single feature)"),
        (rng.choice([-1.0, 1.0], d) * 1e5 + rng.standard_normal((n, d)),
         " (large offset |mean| ~ 1e5)"),
        (1e3 * rng.standard_normal((n, d)), " (large scale, std ~ 1e3)"),
        (1e-3 * rng.standard_normal((n, d)), " (tiny spread, var ~ 1e-6 ~ eps)"),
    ]
    for x, label in cases:
        g, b = (gamma, beta) if x.shape[1] == d else draw_affine(rng, x.shape[1])
        dout = rng.normal(0, 1, x.shape)
        expected = torch_graph(BN, x, g, b, 1e-5, dout)
        judge_backward(student, BN, backward, x, g, b, 1e-5, dout, expected, rng, label=label)


@checks("batchnorm_backward", points=1.5)
def test_batchnorm_backward_matches_autograd(student, rng):
    bn_matches_autograd(student, rng, "batchnorm_backward")


@checks("batchnorm_backward", points=0.5)
def test_batchnorm_backward_matches_numerical_gradient(student, rng):
    bn_matches_numerical(student, rng, "batchnorm_backward")


@checks("batchnorm_backward", points=1)
def test_batchnorm_backward_edge_cases_batch_of_one_one_feature_large_offsets(student, rng):
    bn_edge_cases(student, rng, "batchnorm_backward")


@checks("batchnorm_backward_alt", points=1)
def test_batchnorm_backward_alt_matches_autograd(student, rng):  # noqa: F811 - same check, other exercise
    bn_matches_autograd(student, rng, "batchnorm_backward_alt")


@checks("batchnorm_backward_alt", points=0.5)
def test_batchnorm_backward_alt_agrees_with_graph_backward(student, rng):
    x, gamma, beta, dout, eps = random_case(rng, BN, (2, 12), (1, 8))
    out = closed_form(x, gamma, beta, eps, 0)
    expected = (out, *numpy_graph_backward(x, gamma, eps, dout))
    judge_backward(student, BN, "batchnorm_backward_alt", x, gamma, beta, eps, dout,
                   expected, rng, label=" (vs a node-by-node graph backward)")


@checks("batchnorm_backward_alt", points=0.5)
def test_batchnorm_backward_alt_matches_numerical_gradient(student, rng):  # noqa: F811
    bn_matches_numerical(student, rng, "batchnorm_backward_alt")


@checks("batchnorm_backward_alt", points=1)
def test_batchnorm_backward_alt_edge_cases_batch_of_one_one_feature_large_offsets(student, rng):  # noqa: F811
    bn_edge_cases(student, rng, "batchnorm_backward_alt")


# == layernorm_forward ===========================================================

@checks("layernorm_forward", points=1)
def test_layernorm_forward_matches_torch_layer_norm(student, rng):
    for _ in range(2):
        n, d = int(rng.integers(2, 9)), int(rng.integers(2, 9))
        x = draw_x(rng, n, d, axis=1)
        gamma, beta = draw_affine(rng, d)
        eps = float(rng.choice([1e-5, 1e-3, 0.1]))
        out = forward_out(student, LN, x, gamma, beta, {"eps": eps})
        expected = torch_native(LN, x, gamma, beta, eps)
        expect_close(out, expected, f"layernorm_forward output for {shape_text(x)}, eps={eps:g}",
                     tol="float", misconceptions={
                         LN_BATCH_AXIS: closed_form(x, gamma, beta, eps, 0),
                         **forward_mistakes(x, gamma, beta, eps, axis=1)})


@checks("layernorm_forward", points=1)
def test_layernorm_forward_defaults_edge_cases_and_inputs(student, rng):
    n, d = int(rng.integers(2, 8)), int(rng.integers(2, 7))
    x = draw_x(rng, n, d, axis=1)
    gamma, beta = draw_affine(rng, d)
    (out, cache), after = call_forward(student, LN, x.tolist(), gamma.tolist(), beta.tolist(),
                                       {}, mutable=[0, 1, 2])
    release(student, cache)
    expect_close(out, closed_form(x, gamma, beta, 1e-5, 1),
                 f"layernorm_forward with ln_param = {{}} (eps defaults to 1e-5), "
                 f"{shape_text(x)} given as lists", tol="float",
                 misconceptions={LN_BATCH_AXIS: closed_form(x, gamma, beta, 1e-5, 0),
                                 **forward_mistakes(x, gamma, beta, 1e-5, axis=1)})
    for name, before, now in zip(("x", "gamma", "beta"), (x, gamma, beta), after):
        expect_true(np.array_equal(np.asarray(now, dtype=float), before),
                    f"layernorm_forward modified its input {name}")
    # a batch of one example: LayerNorm does not look at other examples
    out1 = forward_out(student, LN, x[1:2], gamma, beta, {"eps": 1e-5})
    expect_close(out1, closed_form(x, gamma, beta, 1e-5, 1)[1:2],
                 "layernorm_forward on one example alone (it must equal that example's row "
                 "of the full batch: LayerNorm has no batch dependence)", tol="float",
                 misconceptions={LN_BATCH_AXIS: np.broadcast_to(beta, (1, d))})
    # a single feature: variance 0, the output is beta
    x1 = rng.normal(0, 3, (n, 1))
    g1, b1 = draw_affine(rng, 1)
    out = forward_out(student, LN, x1, g1, b1, {"eps": 1e-5})
    expect_close(out, np.broadcast_to(b1, (n, 1)),
                 "layernorm_forward with D = 1 feature (each row has variance 0: output beta)",
                 tol="float")
    # large offsets per example
    xo = rng.choice([-1.0, 1.0], (n, 1)) * 1e5 + rng.standard_normal((n, d))
    out = forward_out(student, LN, xo, gamma, beta, {"eps": 1e-5})
    expect_close(out, closed_form(xo, gamma, beta, 1e-5, 1),
                 f"layernorm_forward on {shape_text(xo)} with large offsets (|mean| ~ 1e5)",
                 tol="float", hint="Compute the variance from x - mean, not as "
                                   "mean(x**2) - mean(x)**2.")


# == layernorm_backward ==========================================================

@checks("layernorm_backward", points=1)
def test_layernorm_backward_matches_autograd(student, rng):  # noqa: F811
    for _ in range(2):
        x, gamma, beta, dout, eps = random_case(rng, LN, (1, 8), (2, 9))
        expected = torch_native(LN, x, gamma, beta, eps, dout)
        judge_backward(student, LN, "layernorm_backward", x, gamma, beta, eps, dout,
                       expected, rng)


@checks("layernorm_backward", points=1)
def test_layernorm_backward_numerical_and_edge_cases(student, rng):
    x, gamma, beta, dout, eps = random_case(rng, LN, (2, 5), (2, 5))
    out = closed_form(x, gamma, beta, eps, 1)
    expected = (out, *numerical_grads(LN, x, gamma, beta, eps, dout))
    judge_backward(student, LN, "layernorm_backward", x, gamma, beta, eps, dout, expected,
                   rng, tol="numerical", label=" (vs central differences)")
    n, d = int(rng.integers(2, 7)), int(rng.integers(2, 6))
    gamma, beta = draw_affine(rng, d)
    cases = [
        (rng.normal(0, 2, (1, d)), gamma, beta, " (a batch of one example)"),
        (rng.normal(0, 2, (n, 1)), *draw_affine(rng, 1), " (D = 1: variance 0)"),
        (rng.choice([-1.0, 1.0], (n, 1)) * 1e5 + rng.standard_normal((n, d)), gamma, beta,
         " (large offsets |mean| ~ 1e5)"),
    ]
    for x, g, b, label in cases:
        dout = rng.normal(0, 1, x.shape)
        expected = torch_graph(LN, x, g, b, 1e-5, dout)
        judge_backward(student, LN, "layernorm_backward", x, g, b, 1e-5, dout, expected, rng,
                       label=label)
