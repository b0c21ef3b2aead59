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

One mistake, one loss, elsewhere too: a catalogued wrong normalisation (eps
outside the square root, the unbiased variance, LayerNorm along the batch axis)
is charged by the output checks; the checks of defaults, test mode and edge
cases accept the student's own formula when it makes that mistake on a fresh
batch too (``expect_output``), and judge the defaults against the student's own
call with the values given. The gradients' shapes ((1, D) from keepdims=True)
are judged by each backward's matches_autograd only. Every call is watched for
arguments changed in place (``Student.call``), and each backward call is made
twice on its cache; each exercise charges what it saw once, in its
inputs_unchanged and cache_reusable checks. A backward's checks call the
forward unwatched: the forward's side effects are the forward's mistake.
"""
import numpy as np
import torch
import torch.nn.functional as F

from autograder.grader_api import (CheckFailure, Checks, Handle, StudentError, SubmissionFailure,
                                   as_array, central_differences, close, expect_close,
                                   expect_no_side_effects, fail, fmt, register_misconception, same)

ASSIGNMENT = "10_batch_normalization"
checks = Checks(ASSIGNMENT)

# The reference backward passes end with an optional test-mode branch
# (`if cache["mode"] == "test": return <affine-map gradient>`). A train-mode cache
# never reaches it, and the notebook grades the backward passes on train-mode caches
# only ("supporting it is a one-liner, but it is not required"; the curriculum leaves
# test-mode backward open). So these mutants give the reference's (dx, dgamma, dbeta)
# on every cache the contract covers. On a test-mode cache they are wrong, but so are
# correct submissions that skip the branch (the alternatives loop_over_features and
# lists_loops_and_short_helper_names apply the train-mode formula there;
# staged_graph_with_tuple_cache raises), so a check on test-mode caches would take
# points from correct answers.
_TEST_BRANCH_ONLY = ("changes only the return value of the optional test-mode branch, "
                     "which no train-mode cache reaches; the backward passes are graded "
                     "on train-mode caches only (notebook introduction), where it returns "
                     "the reference's (dx, dgamma, dbeta). On a test-mode cache it returns ")
EQUIVALENT_MUTANTS = {
    "batchnorm_backward/term-dropped/bc31a9f7": _TEST_BRANCH_ONLY + "inv_std for dx.",
    "batchnorm_backward/term-dropped/afd3fcf4": _TEST_BRANCH_ONLY + "gamma * dout for dx.",
    "batchnorm_backward/binary-Mul-Div/af3ad271": _TEST_BRANCH_ONLY + "gamma * dout * std "
                                                  "for dx.",
    "batchnorm_backward_alt/term-dropped/232557fc": _TEST_BRANCH_ONLY + "gamma * inv_std "
                                                    "for dx.",
    "batchnorm_backward_alt/term-dropped/4218244a": _TEST_BRANCH_ONLY + "dout * inv_std "
                                                    "for dx (gamma dropped).",
    "batchnorm_backward_alt/term-dropped/c5e4cef5": _TEST_BRANCH_ONLY + "dout * gamma for "
                                                    "dx (inv_std dropped).",
    "batchnorm_backward_alt/binary-Mul-Div/0775b9a0": _TEST_BRANCH_ONLY + "dout / gamma * "
                                                      "inv_std for dx.",
    "batchnorm_backward_alt/binary-Mul-Div/4e5ab13c": _TEST_BRANCH_ONLY + "dout * gamma * "
                                                      "std for dx.",
}

MISSING_1_OVER_N = "batchnorm-missing-1-over-n"          # catalogued
UNBIASED = register_misconception(
    "batchnorm-unbiased-variance",
    "the unbiased variance (divide by N-1) where the contract uses the biased one "
    "(divide by N): the layer normalises with the batch's own second moment, "
    "sum((x - mean)^2) / N, and the running variance averages that same quantity. "
    "(PyTorch's BatchNorm uses N-1 for its running_var; this course does not.)")
EPS_OUTSIDE = register_misconception(
    "batchnorm-eps-outside-sqrt",
    "eps added to the standard deviation instead of the variance: the layer divides "
    "by sqrt(var + eps), which stays finite and smooth when var = 0; "
    "sqrt(var) + eps is a different function with a different gradient.")
MOMENTUM_SWAPPED = register_misconception(
    "batchnorm-momentum-swapped",
    "momentum applied the wrong way round: running = momentum * running + "
    "(1 - momentum) * batch_statistic keeps a fraction `momentum` of the old "
    "estimate; swapping the weights makes the running statistic follow the last batch.")
NOT_UPDATED = register_misconception(
    "batchnorm-running-stats-not-updated",
    "the running statistics were not updated in bn_param: a train-mode call must "
    "store the new running_mean and running_var in the dict it was given "
    "(bn_param['running_mean'] = ...), not in a local variable or a copy.")
VAR_INIT = register_misconception(
    "batchnorm-running-var-init",
    "missing running statistics start at mean 0 and variance 1 (a unit Gaussian), "
    "not at variance 0: with 0, test mode would divide by sqrt(eps).")
BATCH_STATS_AT_TEST = register_misconception(
    "batchnorm-batch-stats-at-test",
    "batch statistics used in test mode: at inference the layer must be a fixed "
    "function of each example, (x - running_mean) / sqrt(running_var + eps); with "
    "the batch's own statistics an example's output depends on the other examples, "
    "and a batch of one always gives beta.")
TEST_UPDATES = register_misconception(
    "batchnorm-test-mode-updates-running-stats",
    "running statistics updated in test mode: inference must leave bn_param's "
    "running_mean and running_var exactly as they were (test data must not change "
    "the model).")
NOT_SUMMED = register_misconception(
    "batchnorm-param-grads-not-summed",
    "dgamma/dbeta not summed over the batch: gamma and beta are shared by all N "
    "examples, so their gradients add up the contributions of every row: "
    "dgamma = sum over rows of dout * x_hat, dbeta = sum over rows of dout (shape (D,)).")
LN_BATCH_AXIS = register_misconception(
    "layernorm-over-batch-axis",
    "LayerNorm computed over the batch axis: LayerNorm normalises each example (row) "
    "over its D features, mean and variance along axis 1; along axis 0 it is BatchNorm.")
LN_GAMMA_OUTSIDE = register_misconception(
    "layernorm-gamma-outside-sum",
    "gamma factored out of LayerNorm's sums: in LayerNorm gamma varies along the axis "
    "being normalised, so the sums over features must use g = gamma * dout inside "
    "them: dx = (N_feat*g - sum(g) - x_hat*sum(g*x_hat)) / (N_feat*sigma).")
LN_PARAM_AXIS = register_misconception(
    "layernorm-param-grads-wrong-axis",
    "LayerNorm's dgamma/dbeta summed over the features: gamma and beta are still one "
    "value per feature (shape (D,)), shared by the examples, so their gradients sum "
    "over the batch axis 0 even though the statistics are taken along axis 1.")
KEEPDIMS = register_misconception(
    "reduced-with-keepdims",
    "a per-feature result reduced with keepdims=True: the values are right, but dgamma, "
    "dbeta and the running statistics have the shape of gamma, (D,), not (1, D). Reduce "
    "over axis 0 without keepdims (dout.sum(axis=0)).")

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


def formula_mistakes(kind, x, gamma, beta, eps, mean=None, var=None):
    """What the catalogued wrong normalisations give on this input: eps outside
    the square root, the unbiased variance (nan for a single value: 0 / 0) and,
    for LayerNorm, statistics along the batch axis."""
    axis = AXIS[kind]
    wrong = forward_mistakes(x, gamma, beta, eps, axis, mean, var)
    if mean is None and x.shape[axis] == 1:
        with np.errstate(all="ignore"):
            wrong[UNBIASED] = closed_form(x, gamma, beta, eps, axis, ddof=1)
    if kind == LN and mean is None:
        wrong[LN_BATCH_AXIS] = closed_form(x, gamma, beta, eps, 0)
    return wrong


# -- comparing answers -----------------------------------------------------------

def expect_array(value, expected, what, tol, wrong=None, hint="", strict_shape=True):
    """expect_close for arrays, the shape judged first: the right values in
    another shape of the same size ((1, D) for (D,): keepdims=True) are a shape
    mistake when ``strict_shape``, and are accepted otherwise (the check that
    judges the shape charges it: one mistake costs its points once). A known
    mistake is named even when it has another shape (dgamma of shape (N, D))."""
    array = as_array(value, what)
    if array.shape == expected.shape and close(array, expected, tol):
        return array
    if array.shape != expected.shape and array.size == expected.size \
            and close(array.reshape(expected.shape), expected, tol):
        if not strict_shape:
            return array.reshape(expected.shape)
        keepdims = expected.ndim == 1 and array.shape == (1, expected.size)
        fail(f"{what}: the right values, but of shape {array.shape} instead of "
             f"{expected.shape}" + (": reduce with keepdims=False (the default)."
                                    if keepdims else "."), KEEPDIMS if keepdims else None)
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


def call_forward(student, kind, x, gamma, beta, param, mutable=None, watch=True):
    """The student's forward with its cache kept on the student's side.

    BatchNorm's bn_param (position 3) is the contract's to update; the other
    arguments are watched for in-place changes (``Student.call``), unless
    ``watch`` is False: a backward's checks call the forward to get a cache,
    and the forward's side effects are the forward's mistake, charged once by
    its own inputs_unchanged check."""
    name = FORWARD[kind]
    updates = (3,) if kind == BN else ()
    explicit = list(mutable or ())
    unwatched = [] if watch else [i for i in range(4) if i not in explicit and i not in updates]
    result, after = student.call(name, x, gamma, beta, param, opaque=(1,),
                                 mutable=explicit + unwatched, updates=updates)
    if mutable is None:
        return pair(result, name)
    return pair(result, name), after[:len(explicit)]


def forward_out(student, kind, x, gamma, beta, param, watch=True):
    out, cache = call_forward(student, kind, x, gamma, beta, dict(param), watch=watch)
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
    again = np.asarray(forward_out(student, kind, x, gamma, beta, dict(param, **extra),
                                   watch=False), dtype=float)
    moved = np.asarray(forward_out(student, kind, x + rng.standard_normal(x.shape),
                                   gamma, beta, dict(param), watch=False), dtype=float)
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
                    out = np.asarray(forward_out(student, kind, *args, param, watch=False),
                                     dtype=float)
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


def forward_for_backward(student, kind, backward, x, gamma, beta, param):
    """``(out, cache)`` of the student's forward, for its backward (not watched:
    the forward's own side effects are charged by the forward's checks)."""
    try:
        return call_forward(student, kind, x, gamma, beta, dict(param), watch=False)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            try:   # is the backward a stub too? Then say so (status "not implemented")
                student.call(backward, np.zeros(np.shape(x)), None)
            except StudentError as own:
                if own.is_a("NotImplementedError"):
                    raise own from None
            fail(f"{FORWARD[kind]} is not implemented yet (it raises NotImplementedError), "
                 f"and {backward} is checked on the cache your forward returns.")
        fail(f"{backward} needs the cache of {FORWARD[kind]}, but calling {FORWARD[kind]} "
             f"raised {err.type}: {err.message}")


def judge_backward(student, kind, backward, x, gamma, beta, eps, dout, expected, rng,
                   tol="gradient", label="", strict_shapes=False):
    """Run the student's forward (train mode) then ``backward`` and compare
    (dx, dgamma, dbeta) with ``expected`` = (out, dx, dgamma, dbeta).

    The gradients' shapes are judged by one check per exercise
    (``strict_shapes``, its matches_autograd); the others compare values, so
    that dgamma of shape (1, D) (keepdims=True) costs its points once."""
    param = {"mode": "train", "eps": eps} if kind == BN else {"eps": eps}
    out, cache = forward_for_backward(student, kind, backward, x, gamma, beta, param)
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
            expect_array(value, exp, f"{name} from {where}", tol, known, strict_shape=strict_shapes)
    except CheckFailure as failure:
        if forward_ok:
            raise
        if own_gradient_matches(student, kind, x, gamma, beta, param, dout, grads, rng, out):
            return  # consistent with the (wrong) forward: the forward's checks count it
        raise CheckFailure(failure.message + f" (Your {FORWARD[kind]} output is also wrong "
                           "on this input, and these gradients are not the gradient of "
                           "your own forward either.)", failure.misconception) from None


def own_normalisation(student, kind, rng):
    """The catalogued wrong normalisation (EPS_OUTSIDE, UNBIASED, LN_BATCH_AXIS)
    the student's train-mode forward computes on a fresh batch with a large eps,
    or None (right, or not a catalogued mistake)."""
    rng = rng.spawn(1)[0]      # its own stream: the check's later inputs stay the same
    x = draw_x(rng, 6, 4, axis=AXIS[kind])
    gamma, beta = draw_affine(rng, 4)
    param = {"mode": "train", "eps": 0.1} if kind == BN else {"eps": 0.1}
    try:
        out = as_array(forward_out(student, kind, x, gamma, beta, param), "output")
    except (StudentError, CheckFailure):
        return None
    for key, wrong in formula_mistakes(kind, x, gamma, beta, 0.1).items():
        if out.shape == wrong.shape and close(out, wrong, "float"):
            return key
    return None


def expect_output(student, kind, rng, out, expected, what, x, gamma, beta, eps, mean=None,
                  var=None, known=None, hint=""):
    """expect_close for the output of a check that judges something other than
    the formula (defaults, test mode, edge cases): an output that shows the
    student's own catalogued formula mistake -- the same mistake on a fresh batch
    (own_normalisation) -- passes, since the output checks charge it (one mistake,
    one loss). ``known``: other mistakes to name."""
    value = as_array(out, what)
    if value.shape == expected.shape and close(value, expected, "float"):
        return value
    formula = formula_mistakes(kind, x, gamma, beta, eps, mean, var)
    for key, wrong in formula.items():
        if value.shape == wrong.shape and close(value, wrong, "float"):
            if own_normalisation(student, kind, rng) == key:
                return value
            break
    return expect_close(value, expected, what, tol="float", hint=hint,
                        misconceptions={**(known or {}), **formula})


def forward_inputs_unchanged(student, kind, rng):
    """Calls with arrays (every mode) and lists, then: no argument was changed
    by any call of this exercise (this check's or another's, see Student.call)."""
    n, d = int(rng.integers(2, 8)), int(rng.integers(1, 6))
    x = draw_x(rng, n, d, axis=AXIS[kind])
    gamma, beta = draw_affine(rng, d)
    params = [{"mode": "train", "eps": 1e-3},
              {"mode": "test", "eps": 1e-3, "running_mean": rng.normal(0, 1, d),
               "running_var": rng.uniform(0.5, 2, d)}] if kind == BN else [{"eps": 1e-3}]
    for param in params:
        forward_out(student, kind, x, gamma, beta, param)
    try:
        forward_out(student, kind, x.tolist(), gamma.tolist(), beta.tolist(), params[0])
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        # lists refused: accepts_lists judges that
    expect_no_side_effects(student, "inputs")


def backward_on_two_caches(student, kind, rng, backward):
    """The backward on the caches of two different batches, with the same dout:
    a check of side effects needs a backward that reads its cache (one that
    ignores it -- a constant answer -- has nothing to judge and earns nothing)."""
    x, gamma, beta, dout, eps = random_case(rng, kind, (3, 8), (2, 6))
    param = {"mode": "train", "eps": eps} if kind == BN else {"eps": eps}
    answers = []
    for xx in (x, draw_x(rng, *x.shape, axis=AXIS[kind])):
        _, cache = forward_for_backward(student, kind, backward, xx, gamma, beta, param)
        try:
            answers.append(student.call(backward, dout, cache))
        finally:
            release(student, cache)
    if same(answers[0], answers[1]):
        fail(f"{backward} gives the same answer on the caches of two different batches "
             f"({shape_text(x)}, the same dout): it ignores its cache, so there is nothing "
             "to judge here. Compute the gradients from what your forward stored.")
    return x, gamma, beta, dout, param


def backward_inputs_unchanged(student, kind, rng, backward):
    """Backward calls with dout as an array and as a list, then: no call of this
    exercise changed its dout (or another argument) in place."""
    x, gamma, beta, dout, param = backward_on_two_caches(student, kind, rng, backward)
    _, cache = forward_for_backward(student, kind, backward, x, gamma, beta, param)
    try:
        student.call(backward, dout.tolist(), cache)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        # a list dout refused: not what this check judges
    finally:
        release(student, cache)
    expect_no_side_effects(student, "inputs")


def cache_reusable(student, kind, rng, backward):
    """Backward calls on fresh caches (Student.call makes each twice), then: no
    call of this exercise used up or changed its cache."""
    backward_on_two_caches(student, kind, rng, backward)
    expect_no_side_effects(student, "cache")


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
    unbiased = momentum * r_var + (1 - momentum) * var * n / (n - 1)
    running_var = as_array(after["running_var"], f"{what}: running_var")
    if n > 1 and running_var.shape == unbiased.shape and close(running_var, unbiased, "float") \
            and own_normalisation(student, BN, rng) == UNBIASED:
        return  # the batch variance is the unbiased one throughout: the output check charges it
    expect_array(running_var, momentum * r_var + (1 - momentum) * var,
                 f"{what}: running_var", "float", {
                     MOMENTUM_SWAPPED: [(1 - momentum) * r_var + momentum * var],
                     UNBIASED: [unbiased], NOT_UPDATED: [r_var]})


@checks("batchnorm_forward", points=0.5)
def test_batchnorm_forward_defaults(student, rng):
    """bn_param = {'mode': ...} alone behaves as eps = 1e-5, momentum = 0.9 and running
    statistics starting at mean 0, variance 1: judged against the student's own call
    with those values given, so that a mistake in the formula or in the update rule
    (charged by their own checks) costs nothing here."""
    n, d = int(rng.integers(2, 8)), int(rng.integers(2, 6))
    x = 1e-2 * draw_x(rng, n, d)                # var ~ 1e-4: the default eps is visible
    gamma, beta = draw_affine(rng, d)
    zeros, ones = np.zeros(d), np.ones(d)
    given = {"eps": 1e-5, "momentum": 0.9, "running_mean": zeros, "running_var": ones}

    def run(param):
        (out, cache), (after,) = call_forward(student, BN, x, gamma, beta, dict(param),
                                              mutable=[3])
        release(student, cache)
        return as_array(out, f"batchnorm_forward output for {shape_text(x)}"), \
            (after if isinstance(after, dict) else {})

    def same(a, b):
        try:
            a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        except (TypeError, ValueError):
            return False
        return a.shape == b.shape and close(a, b, "float")

    for mode in ("train", "test"):
        only = f"bn_param = {{'mode': {mode!r}}} only"
        explicit = "with eps=1e-5, momentum=0.9, running_mean=0, running_var=1 given"
        out, after = run({"mode": mode})
        out_given, after_given = run({"mode": mode, **given})
        if not same(out, out_given):
            out_zero, _ = run({"mode": mode, **given, "running_var": zeros})
            if mode == "test" and same(out, out_zero):
                fail(f"test-mode output with {only}: got {fmt(out)}, which is your output "
                     "with running_var = 0; missing running statistics start at variance 1.",
                     VAR_INIT)
            fail(f"{mode}-mode output with {only} ({shape_text(x)}): got {fmt(out)}, but "
                 f"{explicit} explicitly your function gives {fmt(out_given)}: missing "
                 "entries default to eps = 1e-5" + (", running_mean = 0 and running_var = 1."
                                                    if mode == "test" else "."))
        if mode == "test":
            continue
        for key in ("running_mean", "running_var"):
            if key not in after_given or same(after_given[key], given[key]):
                continue  # not updated even when given: the running-statistics check charges it
            if key not in after:
                fail(f"bn_param after a train-mode call with {only} has no '{key}': when "
                     "the running statistics are missing, start them at mean 0 and variance "
                     "1, update them and store them in bn_param.", NOT_UPDATED)
            if not same(after[key], after_given[key]):
                if key == "running_var":
                    _, after_zero = run({"mode": mode, **given, "running_var": zeros})
                    if same(after[key], after_zero.get(key, np.nan)):
                        fail(f"running_var after a train-mode call with {only}: got "
                             f"{fmt(after[key])}, what your function stores when running_var "
                             "starts at 0; missing running statistics start at variance 1.",
                             VAR_INIT)
                fail(f"bn_param['{key}'] after a train-mode call with {only}: got "
                     f"{fmt(after[key])}, but {explicit} explicitly your function stores "
                     f"{fmt(after_given[key])}: momentum defaults to 0.9, and missing running "
                     "statistics start at mean 0 and variance 1.")


@checks("batchnorm_forward", points=0.5)
def test_batchnorm_forward_test_mode_uses_running_statistics(student, rng):
    """Test-mode output from explicit running statistics (no default involved);
    whether the call leaves them unchanged is the next check's."""
    n, d = int(rng.integers(3, 9)), int(rng.integers(1, 6))
    x = draw_x(rng, n, d)
    gamma, beta = draw_affine(rng, d)
    eps = float(rng.choice([1e-5, 1e-2]))
    r_mean, r_var = rng.normal(0, 2, d), rng.uniform(0.3, 4.0, d)
    param = {"mode": "test", "eps": eps, "momentum": float(rng.uniform(0.5, 0.95)),
             "running_mean": r_mean, "running_var": r_var}
    out = forward_out(student, BN, x, gamma, beta, param)
    expect_output(student, BN, rng, out, gamma * (x - r_mean) / np.sqrt(r_var + eps) + beta,
                  f"test-mode output for {shape_text(x)} with given running statistics",
                  x, gamma, beta, eps, mean=r_mean, var=r_var,
                  known={BATCH_STATS_AT_TEST: closed_form(x, gamma, beta, eps, 0)})
    # inference on a single example: must depend on the example, not collapse to beta
    one = x[:1] * 2.0 + 1.0
    out1 = forward_out(student, BN, one, gamma, beta, param)
    expect_output(student, BN, rng, out1, gamma * (one - r_mean) / np.sqrt(r_var + eps) + beta,
                  "test-mode output for a batch of one example", one, gamma, beta, eps,
                  mean=r_mean, var=r_var,
                  known={BATCH_STATS_AT_TEST: np.broadcast_to(beta, one.shape)})


@checks("batchnorm_forward", points=0.5)
def test_batchnorm_forward_test_mode_leaves_running_statistics_unchanged(student, rng):
    n, d = int(rng.integers(3, 9)), int(rng.integers(1, 6))
    x = draw_x(rng, n, d)
    gamma, beta = draw_affine(rng, d)
    momentum = float(rng.uniform(0.5, 0.95))
    r_mean, r_var = rng.normal(0, 2, d), rng.uniform(0.3, 4.0, d)
    param = {"mode": "test", "eps": 1e-5, "momentum": momentum,
             "running_mean": r_mean, "running_var": r_var}
    (_, cache), (after,) = call_forward(student, BN, x, gamma, beta, dict(param), mutable=[3])
    release(student, cache)
    for key, old, batch in (("running_mean", r_mean, x.mean(0)), ("running_var", r_var, x.var(0))):
        new = as_array(after.get(key) if isinstance(after, dict) else None,
                       f"bn_param['{key}'] after a test-mode call")
        if new.shape != old.shape or not np.array_equal(new, old):
            updated = momentum * old + (1 - momentum) * batch
            how = " (by the train-mode update rule)" if close(new, updated, "float") else ""
            fail(f"bn_param['{key}'] changed in test mode{how}: was {fmt(old)}, "
                 f"now {fmt(new)}", TEST_UPDATES)


@checks("batchnorm_forward", points=0.25)
def test_batchnorm_forward_degenerate_shapes(student, rng):
    """A batch of one example (variance 0: the output is beta) and a single feature."""
    d = int(rng.integers(1, 6))
    gamma, beta = draw_affine(rng, d)
    x1 = rng.normal(0, 3, (1, d))
    out = forward_out(student, BN, x1, gamma, beta, {"mode": "train", "eps": 1e-5})
    expect_output(student, BN, rng, out, beta[None, :], "train-mode output for a batch of ONE "
                  "example (its variance is 0, so x_hat = 0 and the output is beta)",
                  x1, gamma, beta, 1e-5,
                  hint="Use the biased variance and put eps inside the square root.")
    x = draw_x(rng, int(rng.integers(3, 9)), 1)
    g1, b1 = draw_affine(rng, 1)
    out = forward_out(student, BN, x, g1, b1, {"mode": "train", "eps": 1e-5})
    expect_output(student, BN, rng, out, closed_form(x, g1, b1, 1e-5, 0),
                  f"train-mode output for a single feature ({shape_text(x)})", x, g1, b1, 1e-5)


@checks("batchnorm_forward", points=0.25)
def test_batchnorm_forward_extreme_scales(student, rng):
    d = int(rng.integers(1, 6))
    gamma, beta = draw_affine(rng, d)
    n = int(rng.integers(4, 10))
    offset = rng.choice([-1.0, 1.0], d) * 10.0 ** rng.uniform(5, 6, d)
    x = offset + rng.uniform(0.5, 2.0, d) * rng.standard_normal((n, d))
    out = forward_out(student, BN, x, gamma, beta, {"mode": "train", "eps": 1e-5})
    expect_output(student, BN, rng, out, closed_form(x, gamma, beta, 1e-5, 0),
                  f"train-mode output for {shape_text(x)} with a large offset (|mean| ~ 1e5, "
                  "std ~ 1)", x, gamma, beta, 1e-5,
                  hint="Compute the variance from x - mean (two passes); mean(x**2) - "
                       "mean(x)**2 loses about ten digits to cancellation here.")
    x = 1e-3 * rng.standard_normal((n, d))
    out = forward_out(student, BN, x, gamma, beta, {"mode": "train", "eps": 1e-5})
    expect_output(student, BN, rng, out, closed_form(x, gamma, beta, 1e-5, 0),
                  f"train-mode output for {shape_text(x)} with a tiny spread (var ~ 1e-6, "
                  "comparable to eps)", x, gamma, beta, 1e-5)


@checks("batchnorm_forward", points=0.25)
def test_batchnorm_forward_accepts_lists(student, rng):
    """x, gamma and beta as (nested) lists give what the same arrays give."""
    n, d = int(rng.integers(2, 8)), int(rng.integers(1, 6))
    x = draw_x(rng, n, d)
    gamma, beta = draw_affine(rng, d)
    param = {"mode": "train", "eps": 1e-3}
    out = as_array(forward_out(student, BN, x, gamma, beta, param), "output for arrays")
    try:
        listed = forward_out(student, BN, x.tolist(), gamma.tolist(), beta.tolist(), param)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        fail(f"batchnorm_forward with x, gamma and beta given as lists ({shape_text(x)}) "
             f"raised {err.type}: {err.message}; accept array-likes "
             "(x = np.asarray(x, dtype=float)).")
    expect_close(listed, out, f"train-mode output for {shape_text(x)} given as lists (vs. "
                 "your output for the same arrays)", tol="float")


@checks("batchnorm_forward", points=0.5)
def test_batchnorm_forward_invalid_mode_raises_value_error(student, rng):
    mode = str(rng.choice(MODES))
    x = draw_x(rng, 4, 3)
    gamma, beta = draw_affine(rng, 3)
    what = f"batchnorm_forward with bn_param['mode'] = {mode!r} (only 'train' and 'test' exist)"
    try:
        result = student.call("batchnorm_forward", x, gamma, beta, {"mode": mode}, opaque=(1,),
                              updates=(3,))
    except StudentError as err:
        if err.is_a("ValueError"):
            return
        if err.is_a("NotImplementedError"):
            raise
        fail(f"{what} should raise ValueError, but raised {err.type}: {err.message}")
    release(student, *(result if isinstance(result, (tuple, list)) else ()))
    fail(f"{what} should raise ValueError, but returned normally (an unknown mode must not "
         "silently fall back to one of the two)")


@checks("batchnorm_forward", points=0.25)
def test_batchnorm_forward_inputs_unchanged(student, rng):
    forward_inputs_unchanged(student, BN, rng)


# == batchnorm_backward / batchnorm_backward_alt ===================================

def random_case(rng, kind, n_range=(2, 10), d_range=(1, 7)):
    n, d = int(rng.integers(*n_range)), int(rng.integers(*d_range))
    x = draw_x(rng, n, d, axis=AXIS[kind])
    gamma, beta = draw_affine(rng, d)
    dout = rng.normal(0, 1, (n, d))
    eps = float(rng.choice([1e-5, 1e-3]))
    return x, gamma, beta, dout, eps


def bn_matches_autograd(student, rng, backward):
    """The one check per backward that also judges the gradients' shapes."""
    for _ in range(2):
        x, gamma, beta, dout, eps = random_case(rng, BN)
        expected = torch_native(BN, x, gamma, beta, eps, dout)
        judge_backward(student, BN, backward, x, gamma, beta, eps, dout, expected, rng,
                       strict_shapes=True)


def bn_matches_numerical(student, rng, backward):
    x, gamma, beta, dout, eps = random_case(rng, BN, (2, 5), (1, 4))
    out = closed_form(x, gamma, beta, eps, 0)
    expected = (out, *numerical_grads(BN, x, gamma, beta, eps, dout))
    judge_backward(student, BN, backward, x, gamma, beta, eps, dout, expected, rng,
                   tol="numerical", label=" (vs central differences)")


def edge_case(student, kind, backward, rng, cases):
    """``cases``: (x, label) pairs, judged against autograd through our own graph."""
    for x, label in cases:
        gamma, beta = draw_affine(rng, x.shape[1])
        dout = rng.normal(0, 1, x.shape)
        expected = torch_graph(kind, x, gamma, beta, 1e-5, dout)
        judge_backward(student, kind, backward, x, gamma, beta, 1e-5, dout, expected, rng,
                       label=label)


def bn_degenerate_shapes(student, rng, backward):
    """A batch of one (variance 0) and a single feature. (Each alone would be passed
    by a trivial answer: for a batch of one the gradient is (0, 0, dout).)"""
    edge_case(student, BN, backward, rng, [
        (rng.normal(0, 2, (1, int(rng.integers(1, 5)))), " (a batch of ONE: variance 0)"),
        (draw_x(rng, int(rng.integers(3, 9)), 1), " (a single feature)")])


def bn_extreme_scales(student, rng, backward):
    n, d = int(rng.integers(3, 9)), int(rng.integers(1, 5))
    edge_case(student, BN, backward, rng, [
        (rng.choice([-1.0, 1.0], d) * 1e5 + rng.standard_normal((n, d)),
         " (large offset |mean| ~ 1e5)"),
        (1e3 * rng.standard_normal((n, d)), " (large scale, std ~ 1e3)"),
        (1e-3 * rng.standard_normal((n, d)), " (tiny spread, var ~ 1e-6 ~ eps)")])


@checks("batchnorm_backward", points=1)
def test_batchnorm_backward_matches_autograd(student, rng):
    bn_matches_autograd(student, rng, "batchnorm_backward")


@checks("batchnorm_backward", points=0.5)
def test_batchnorm_backward_matches_numerical_gradient(student, rng):
    bn_matches_numerical(student, rng, "batchnorm_backward")


@checks("batchnorm_backward", points=0.5)
def test_batchnorm_backward_degenerate_shapes(student, rng):
    bn_degenerate_shapes(student, rng, "batchnorm_backward")


@checks("batchnorm_backward", points=0.5)
def test_batchnorm_backward_extreme_scales(student, rng):
    bn_extreme_scales(student, rng, "batchnorm_backward")


@checks("batchnorm_backward", points=0.25)
def test_batchnorm_backward_inputs_unchanged(student, rng):
    backward_inputs_unchanged(student, BN, rng, "batchnorm_backward")


@checks("batchnorm_backward", points=0.25)
def test_batchnorm_backward_cache_reusable(student, rng):
    cache_reusable(student, BN, rng, "batchnorm_backward")


@checks("batchnorm_backward_alt", points=0.5)
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


@checks("batchnorm_backward_alt", points=0.5)
def test_batchnorm_backward_alt_degenerate_shapes(student, rng):  # noqa: F811
    bn_degenerate_shapes(student, rng, "batchnorm_backward_alt")


@checks("batchnorm_backward_alt", points=0.5)
def test_batchnorm_backward_alt_extreme_scales(student, rng):  # noqa: F811
    bn_extreme_scales(student, rng, "batchnorm_backward_alt")


@checks("batchnorm_backward_alt", points=0.25)
def test_batchnorm_backward_alt_inputs_unchanged(student, rng):  # noqa: F811
    backward_inputs_unchanged(student, BN, rng, "batchnorm_backward_alt")


@checks("batchnorm_backward_alt", points=0.25)
def test_batchnorm_backward_alt_cache_reusable(student, rng):  # noqa: F811
    cache_reusable(student, BN, rng, "batchnorm_backward_alt")


# == layernorm_forward ===========================================================

@checks("layernorm_forward", points=0.75)
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


@checks("layernorm_forward", points=0.25)
def test_layernorm_forward_default_eps(student, rng):
    """ln_param = {} behaves as eps = 1e-5, judged against the student's own call
    with eps given (a formula mistake is the output check's)."""
    n, d = int(rng.integers(2, 8)), int(rng.integers(2, 7))
    x = 1e-2 * draw_x(rng, n, d, axis=1)        # var ~ 1e-4: eps = 1e-5 is visible
    gamma, beta = draw_affine(rng, d)
    out = as_array(forward_out(student, LN, x, gamma, beta, {}),
                   "layernorm_forward output with ln_param = {}")
    given = as_array(forward_out(student, LN, x, gamma, beta, {"eps": 1e-5}),
                     "layernorm_forward output with ln_param = {'eps': 1e-5}")
    expect_close(out, given, f"layernorm_forward with ln_param = {{}} on {shape_text(x)} "
                 "(vs. your output with eps = 1e-5 given: eps defaults to 1e-5)", tol="float")


@checks("layernorm_forward", points=0.25)
def test_layernorm_forward_accepts_lists(student, rng):
    """x, gamma and beta as (nested) lists give what the same arrays give."""
    n, d = int(rng.integers(2, 8)), int(rng.integers(2, 7))
    x = draw_x(rng, n, d, axis=1)
    gamma, beta = draw_affine(rng, d)
    out = as_array(forward_out(student, LN, x, gamma, beta, {"eps": 1e-5}), "output for arrays")
    try:
        listed = forward_out(student, LN, x.tolist(), gamma.tolist(), beta.tolist(),
                             {"eps": 1e-5})
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        fail(f"layernorm_forward with x, gamma and beta given as lists ({shape_text(x)}) "
             f"raised {err.type}: {err.message}; accept array-likes "
             "(x = np.asarray(x, dtype=float)).")
    expect_close(listed, out, f"layernorm_forward output for {shape_text(x)} given as lists "
                 "(vs. your output for the same arrays)", tol="float")


@checks("layernorm_forward", points=0.25)
def test_layernorm_forward_degenerate_shapes(student, rng):
    """One example alone (LayerNorm has no batch dependence) and one feature
    (variance 0: the output is beta)."""
    n, d = int(rng.integers(2, 8)), int(rng.integers(2, 7))
    x = draw_x(rng, n, d, axis=1)
    gamma, beta = draw_affine(rng, d)
    row = x[1:2]
    out1 = forward_out(student, LN, row, gamma, beta, {"eps": 1e-5})
    expect_output(student, LN, rng, out1, closed_form(row, gamma, beta, 1e-5, 1),
                  "layernorm_forward on one example alone (it must equal that example's row "
                  "of the full batch: LayerNorm has no batch dependence)", row, gamma, beta, 1e-5)
    x1 = rng.normal(0, 3, (n, 1))
    g1, b1 = draw_affine(rng, 1)
    out = forward_out(student, LN, x1, g1, b1, {"eps": 1e-5})
    expect_output(student, LN, rng, out, np.broadcast_to(b1, (n, 1)),
                  "layernorm_forward with D = 1 feature (each row has variance 0: output beta)",
                  x1, g1, b1, 1e-5)


@checks("layernorm_forward", points=0.25)
def test_layernorm_forward_large_offsets(student, rng):
    n, d = int(rng.integers(2, 8)), int(rng.integers(2, 7))
    gamma, beta = draw_affine(rng, d)
    xo = rng.choice([-1.0, 1.0], (n, 1)) * 1e5 + rng.standard_normal((n, d))
    out = forward_out(student, LN, xo, gamma, beta, {"eps": 1e-5})
    expect_output(student, LN, rng, out, closed_form(xo, gamma, beta, 1e-5, 1),
                  f"layernorm_forward on {shape_text(xo)} with large offsets (|mean| ~ 1e5)",
                  xo, gamma, beta, 1e-5, hint="Compute the variance from x - mean, not as "
                                               "mean(x**2) - mean(x)**2.")


@checks("layernorm_forward", points=0.25)
def test_layernorm_forward_inputs_unchanged(student, rng):
    forward_inputs_unchanged(student, LN, rng)


# == layernorm_backward ==========================================================

@checks("layernorm_backward", points=0.5)
def test_layernorm_backward_matches_autograd(student, rng):  # noqa: F811
    for _ in range(2):
        x, gamma, beta, dout, eps = random_case(rng, LN, (2, 8), (2, 9))
        expected = torch_native(LN, x, gamma, beta, eps, dout)
        judge_backward(student, LN, "layernorm_backward", x, gamma, beta, eps, dout,
                       expected, rng, strict_shapes=True)


@checks("layernorm_backward", points=0.25)
def test_layernorm_backward_matches_numerical_gradient(student, rng):  # noqa: F811
    x, gamma, beta, dout, eps = random_case(rng, LN, (2, 5), (2, 5))
    out = closed_form(x, gamma, beta, eps, 1)
    expected = (out, *numerical_grads(LN, x, gamma, beta, eps, dout))
    judge_backward(student, LN, "layernorm_backward", x, gamma, beta, eps, dout, expected,
                   rng, tol="numerical", label=" (vs central differences)")


@checks("layernorm_backward", points=0.5)
def test_layernorm_backward_degenerate_shapes(student, rng):  # noqa: F811
    """One example, and one feature (variance 0: the gradient is (0, 0, sum(dout)))."""
    edge_case(student, LN, "layernorm_backward", rng, [
        (rng.normal(0, 2, (1, int(rng.integers(2, 6)))), " (a batch of one example)"),
        (rng.normal(0, 2, (int(rng.integers(2, 7)), 1)), " (D = 1: variance 0)")])


@checks("layernorm_backward", points=0.25)
def test_layernorm_backward_large_offsets(student, rng):
    n, d = int(rng.integers(2, 7)), int(rng.integers(2, 6))
    edge_case(student, LN, "layernorm_backward", rng, [
        (rng.choice([-1.0, 1.0], (n, 1)) * 1e5 + rng.standard_normal((n, d)),
         " (large offsets |mean| ~ 1e5)")])


@checks("layernorm_backward", points=0.25)
def test_layernorm_backward_inputs_unchanged(student, rng):  # noqa: F811
    backward_inputs_unchanged(student, LN, rng, "layernorm_backward")


@checks("layernorm_backward", points=0.25)
def test_layernorm_backward_cache_reusable(student, rng):  # noqa: F811
    cache_reusable(student, LN, rng, "layernorm_backward")
