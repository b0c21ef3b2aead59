"""Hidden checks for 13_recurrent_networks: RNN, LSTM and BPTT (NumPy).

Oracles (all float64, none of them the notebook's solution):
- forward passes: ``torch.nn.RNNCell`` / ``torch.nn.RNN`` / ``torch.nn.LSTMCell`` /
  ``torch.nn.LSTM`` with the submission's weights copied in (PyTorch stores
  ``weight_ih`` as ``(4H, D)`` with the gates in the order i, f, g, o; the
  contract stacks ``Wx (D, 4H)`` as i, f, o, g, so the columns are permuted and
  transposed);
- backward passes: PyTorch autograd through those same modules (via
  ``torch.func.functional_call``, so the gradients land on our ``Wx, Wh, b``
  leaves), with random upstream gradients, plus central differences of a plain
  NumPy forward on small problems;
- ``clip_grad_norm``: ``torch.nn.utils.get_total_norm`` and ``clip_grad_norm_``;
- ``hidden_jacobian_norms``: ``torch.autograd.functional.jacobian`` of a real
  tanh recurrence and ``torch.linalg.matrix_norm(ord=2)``.

The student's caches stay on the student's side (``opaque``): the checks only
hand them back to the backward functions. Values a known mistake would give are
computed here only to *name* the mistake in the feedback.
"""
import math

import numpy as np
import torch
from torch.func import functional_call

from autograder import misconceptions
from autograder.checks import (Checks, as_array, close, expect_close, expect_raises,
                               fail, fmt, max_rel_error)
from autograder.numerical import central_differences
from autograder.student import StudentError

checks = Checks("13_recurrent_networks")

BPTT_DROPS_FUTURE = "bptt-drops-future-gradient"  # catalogued
WH_TRANSPOSED = misconceptions.register(
    "recurrent-weight-transposed",
    "the recurrent weight used transposed: with row vectors (one example per row) the step "
    "is a = x Wx + h_prev Wh + b with Wh of shape (H, H), rows indexed by the old state and "
    "columns by the new one. PyTorch stores weight_hh the other way round and computes "
    "h_prev @ weight_hh.T; the course's Wh is that transpose already.")
TANH_DERIVATIVE = misconceptions.register(
    "tanh-derivative-wrong-argument",
    "the tanh derivative evaluated at the wrong quantity: d tanh(a)/da = 1 - tanh(a)^2. "
    "Written with the cached output y = tanh(a) it is 1 - y^2 -- not 1 - tanh(y)^2 (y is "
    "already a tanh) and not 1 - a^2 (a is the pre-activation, e.g. the LSTM cell state c "
    "whose tanh is the output nonlinearity).")
BACKWARD_NO_TRANSPOSE = misconceptions.register(
    "backward-missing-transpose",
    "a missing transpose in the backward pass: a = h_prev Wh gives dh_prev = da Wh^T "
    "(and dx = da Wx^T). With a square Wh the shapes still fit, so only the values are wrong.")
DWH_CURRENT_STATE = misconceptions.register(
    "dwh-uses-current-hidden-state",
    "dWh accumulated with h_t instead of h_{t-1}: at step t the recurrent weight multiplies "
    "the previous state, a_t = x_t Wx + h_{t-1} Wh + b, so its gradient is h_{t-1}^T da_t "
    "summed over t (h_0 for the first step).")
LSTM_TORCH_ORDER = misconceptions.register(
    "lstm-gates-pytorch-order",
    "LSTM gates sliced in PyTorch's order (input, forget, candidate, output) instead of the "
    "contract's (input, forget, output, candidate): columns 2H:3H of Wx are the output gate "
    "and 3H:4H the candidate g (the tanh one).")
LSTM_OUTPUT_NO_TANH = misconceptions.register(
    "lstm-output-without-tanh",
    "the LSTM output without its tanh: h_t = o_t * tanh(c_t), not o_t * c_t. The cell state is "
    "unbounded; the tanh squashes it before the output gate reads it out.")
LSTM_DROPS_DC = misconceptions.register(
    "lstm-drops-upstream-dc",
    "the upstream cell-state gradient dropped: the cell state c_t reaches the loss through "
    "h_t = o_t tanh(c_t) and through c_{t+1} = f_{t+1} c_t + ..., so the total is "
    "dc + dh * o * (1 - tanh(c)^2). The incoming dc is the cell-state highway of BPTT.")
CLIP_PER_ARRAY = misconceptions.register(
    "clip-per-array-norm",
    "each array clipped by its own norm: clipping by the global norm scales every array by "
    "the same factor max_norm / total, with total the L2 norm of all entries of all arrays, "
    "so the gradient keeps its direction. Per-array clipping changes the direction.")
CLIP_BY_VALUE = misconceptions.register(
    "clip-by-value-instead-of-norm",
    "clipping each entry to [-max_norm, max_norm] (clipping by value) instead of rescaling the "
    "whole gradient by max_norm / total when its global L2 norm exceeds max_norm.")
CLIP_NORM_AFTER = misconceptions.register(
    "clip-returns-clipped-norm",
    "the norm returned after clipping: the second value is the global norm before clipping "
    "(what a training loop logs to spot exploding gradients), not min(total, max_norm).")
INPUT_MODIFIED = misconceptions.register(
    "callers-arrays-modified-in-place",
    "an input modified in place: the caller still owns the arrays it passed (a gradient "
    "dict, an upstream dh); compute on copies and return new arrays.")
JACOBIAN_NO_TRANSPOSE = misconceptions.register(
    "jacobian-missing-transpose",
    "the step Jacobian without its transpose: with row vectors h_k = tanh(h_{k-1} Wh + ...), "
    "so dh_k[i]/dh_{k-1}[j] = (1 - h_k[i]^2) Wh[j, i], i.e. diag(1 - h_k^2) Wh^T, not "
    "diag(1 - h_k^2) Wh.")
JACOBIAN_NO_TANH = misconceptions.register(
    "jacobian-missing-tanh-derivative",
    "the step Jacobian without the tanh derivative: dh_k/dh_{k-1} = diag(1 - h_k^2) Wh^T; "
    "the diagonal factor (at most 1) is what saturated units use to block the gradient.")
JACOBIAN_REVERSED = misconceptions.register(
    "jacobian-product-reversed",
    "the Jacobian product multiplied in the wrong order: by the chain rule "
    "dh_T/dh_t = J_T J_{T-1} ... J_{t+1} (the last step on the left); matrices do not commute.")

STALE_STATE = misconceptions.register(
    "rnn-forward-stale-state",
    "every step fed the initial state h0 instead of the state the previous step produced: "
    "the recurrence is h_t = tanh(x_t Wx + h_{t-1} Wh + b), so the loop must carry h forward.")

F64 = torch.float64
GRAD_NAMES = ("dx", "dh0", "dWx", "dWh", "db")


# -- small utilities -----------------------------------------------------------

def _t(a, grad=False):
    t = torch.tensor(np.asarray(a, dtype=float), dtype=F64)
    return t.requires_grad_(True) if grad else t


def _np(t):
    return t.detach().numpy().copy()


def _sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def _module(factory, *args, **kwargs):
    """A torch module built without touching torch's global RNG (nbgrader runs
    these checks in the student's kernel)."""
    with torch.random.fork_rng(devices=[]):
        return factory(*args, dtype=F64, **kwargs)


def _torch_order(W):
    """Contract gate order (i, f, o, g) along the last axis -> PyTorch's (i, f, g, o)."""
    H = W.shape[-1] // 4
    return torch.cat([W[..., :2 * H], W[..., 3 * H:], W[..., 2 * H:3 * H]], dim=-1)


def _rnn_params(Wx, Wh, b, suffix=""):
    return {f"weight_ih{suffix}": Wx.T, f"weight_hh{suffix}": Wh.T,
            f"bias_ih{suffix}": b, f"bias_hh{suffix}": torch.zeros_like(b)}


def _lstm_params(Wx, Wh, b, suffix="", contract_order=True):
    reorder = _torch_order if contract_order else (lambda w: w)
    return {f"weight_ih{suffix}": reorder(Wx).T, f"weight_hh{suffix}": reorder(Wh).T,
            f"bias_ih{suffix}": reorder(b), f"bias_hh{suffix}": torch.zeros_like(b)}


def _describe(name, err):
    if err.is_a("NotImplementedError"):
        return f"{name} is not implemented yet (it raises NotImplementedError)."
    return f"calling {name} raised {err.type}: {err.message}"


def _call_forward(student, name, args, size, cache_index, needed_by):
    """The student's forward result (a tuple with the cache kept on their side)."""
    try:
        result = student.call(name, *args, opaque=(cache_index,))
    except StudentError as err:
        if needed_by == name:
            raise
        fail(f"this check of {needed_by} needs the cache returned by {name}, and "
             + _describe(name, err))
    if not isinstance(result, (tuple, list)) or len(result) != size:
        fail(f"{name} should return a tuple of {size} values (outputs, then the cache), "
             f"got {type(result).__name__}"
             + (f" of length {len(result)}" if isinstance(result, (tuple, list)) else ""))
    return result


def _forward_note(got, expected, name):
    """A hint for a backward check when the forward output is already wrong."""
    try:
        ok = close(as_array(got, name), expected, "float")
    except AssertionError:
        ok = False
    return "" if ok else (f" Note: {name}'s output is already wrong on this input, so its cache "
                          "is too; fix the forward pass first.")


def _expect_grads(got, expected, names, what, tol="gradient", variants=(), note=""):
    """Compare a tuple of gradients; name a misconception whose values all match."""
    if not isinstance(got, (tuple, list)) or len(got) != len(names):
        extra = f" of length {len(got)}" if isinstance(got, (tuple, list)) else ""
        fail(f"{what} should return a tuple of {len(names)} arrays ({', '.join(names)}), "
             f"got {type(got).__name__}{extra}.")
    arrays = [as_array(g, f"{what}: {n}", np.shape(e)) for g, n, e in zip(got, names, expected)]
    wrong = [k for k, (a, e) in enumerate(zip(arrays, expected)) if not close(a, e, tol)]
    if not wrong:
        return arrays
    errors = "; ".join(f"{names[k]} max rel. error {max_rel_error(arrays[k], expected[k]):.2g}"
                       for k in wrong)
    k = wrong[0]
    verb = "differs" if len(wrong) == 1 else "differ"
    message = (f"{what}: {', '.join(names[k] for k in wrong)} {verb} from the true gradient "
               f"({errors}). For example {names[k]} = {fmt(arrays[k])}, expected "
               f"{fmt(expected[k])}.{note}")
    for key, values in variants:
        if all(close(a, v, "gradient") for a, v in zip(arrays, values)):
            fail(message, key)
    fail(message)


def _expect_unmodified(before, after, names, what):
    for name, b, a in zip(names, before, after):
        if isinstance(b, dict):
            same = isinstance(a, dict) and set(a) == set(b) and all(
                np.array_equal(np.asarray(a[k], dtype=float), np.asarray(b[k], dtype=float))
                for k in b)
        else:
            same = np.shape(a) == np.shape(b) and np.array_equal(np.asarray(a, dtype=float),
                                                                  np.asarray(b, dtype=float))
        if not same:
            fail(f"{what} modified its argument {name} in place.", INPUT_MODIFIED)


# -- problems --------------------------------------------------------------------

def _dims(rng, N=None, T=None, D=None, H=None):
    return (int(N or rng.integers(2, 5)), int(T or rng.integers(3, 7)),
            int(D or rng.integers(2, 6)), int(H or rng.integers(2, 6)))


def _rnn_problem(rng, N=None, T=None, D=None, H=None):
    N, T, D, H = _dims(rng, N, T, D, H)
    x = rng.normal(size=(N, T, D))
    h0 = rng.normal(scale=0.5, size=(N, H))
    Wx = rng.normal(size=(D, H)) / math.sqrt(D)
    Wh = rng.normal(size=(H, H)) * rng.uniform(0.6, 1.4) / math.sqrt(H)
    b = rng.normal(scale=0.3, size=H)
    return x, h0, Wx, Wh, b


def _lstm_problem(rng, N=None, T=None, D=None, H=None):
    N, T, D, H = _dims(rng, N, T, D, H)
    x = rng.normal(size=(N, T, D))
    h0 = rng.normal(scale=0.5, size=(N, H))
    Wx = rng.normal(size=(D, 4 * H)) / math.sqrt(D)
    Wh = rng.normal(size=(H, 4 * H)) / math.sqrt(H)
    b = rng.normal(scale=0.5, size=4 * H)
    return x, h0, Wx, Wh, b


# -- oracles ---------------------------------------------------------------------

def _rnn_cell(x, h, Wx, Wh, b):
    cell = _module(torch.nn.RNNCell, Wx.shape[-2], Wx.shape[-1], nonlinearity="tanh")
    return functional_call(cell, _rnn_params(Wx, Wh, b), (x, h))


def _lstm_cell(x, h, c, Wx, Wh, b, contract_order=True):
    cell = _module(torch.nn.LSTMCell, Wx.shape[-2], Wx.shape[-1] // 4)
    return functional_call(cell, _lstm_params(Wx, Wh, b, contract_order=contract_order),
                           (x, (h, c)))


def _grads(loss, leaves):
    return [_np(g) for g in torch.autograd.grad(loss, leaves)]


def _rnn_step_oracle(x, h, Wx, Wh, b, dh):
    with torch.enable_grad():
        leaves = [_t(v, grad=True) for v in (x, h, Wx, Wh, b)]
        out = _rnn_cell(*leaves)
        return _np(out), _grads((out * _t(dh)).sum(), leaves)


def _rnn_sequence_oracle(x, h0, Wx, Wh, b, dh, detach_between_steps=False):
    """h (N, T, H) and the gradients of sum(h * dh) by autograd through torch.nn.RNN
    (or, with ``detach_between_steps``, through cells whose input state is cut off)."""
    with torch.enable_grad():
        leaves = [_t(v, grad=True) for v in (x, h0, Wx, Wh, b)]
        xs, h, W_x, W_h, bias = leaves
        if detach_between_steps:
            states = []
            for t in range(xs.shape[1]):
                h = _rnn_cell(xs[:, t], h if t == 0 else h.detach(), W_x, W_h, bias)
                states.append(h)
            out = torch.stack(states, dim=1)
        else:
            rnn = _module(torch.nn.RNN, W_x.shape[0], W_x.shape[1], batch_first=True)
            out, _ = functional_call(rnn, _rnn_params(W_x, W_h, bias, "_l0"),
                                     (xs, h.unsqueeze(0)))
        return _np(out), _grads((out * _t(dh)).sum(), leaves)


def _rnn_preactivation_grads(x, h0, Wx, Wh, b, dh):
    """dL/da_t for every step and the states h_1..h_T (to build a mistake's value)."""
    with torch.enable_grad():
        xs, W_x, W_h, bias = (_t(v) for v in (x, Wx, Wh, b))
        h = _t(h0, grad=True)
        pre, states = [], []
        for t in range(xs.shape[1]):
            a = xs[:, t] @ W_x + h @ W_h + bias
            a.retain_grad()
            h = torch.tanh(a)
            pre.append(a)
            states.append(h)
        (torch.stack(states, 1) * _t(dh)).sum().backward()
        return np.stack([_np(a.grad) for a in pre], axis=1), _np(torch.stack(states, 1))


def _lstm_step_oracle(x, h, c, Wx, Wh, b, dh, dc, contract_order=True):
    with torch.enable_grad():
        leaves = [_t(v, grad=True) for v in (x, h, c, Wx, Wh, b)]
        h_next, c_next = _lstm_cell(*leaves, contract_order=contract_order)
        loss = (h_next * _t(dh)).sum() + (c_next * _t(dc)).sum()
        return _np(h_next), _np(c_next), _grads(loss, leaves)


def _lstm_sequence_oracle(x, h0, Wx, Wh, b, dh, detach=""):
    """h (N, T, H) and the gradients of sum(h * dh) through torch.nn.LSTM with c0 = 0.
    ``detach``: "h" or "hc" cuts the state(s) passed between steps (mistake values)."""
    with torch.enable_grad():
        leaves = [_t(v, grad=True) for v in (x, h0, Wx, Wh, b)]
        xs, h, W_x, W_h, bias = leaves
        c = torch.zeros_like(h)
        if detach:
            states = []
            for t in range(xs.shape[1]):
                h_in = h if t == 0 else h.detach()
                c_in = c.detach() if "c" in detach else c
                h, c = _lstm_cell(xs[:, t], h_in, c_in, W_x, W_h, bias)
                states.append(h)
            out = torch.stack(states, dim=1)
        else:
            lstm = _module(torch.nn.LSTM, W_x.shape[0], W_x.shape[1] // 4, batch_first=True)
            out, _ = functional_call(lstm, _lstm_params(W_x, W_h, bias, "_l0"),
                                     (xs, (h.unsqueeze(0), c.unsqueeze(0))))
        return _np(out), _grads((out * _t(dh)).sum(), leaves)


def _np_rnn(x, h0, Wx, Wh, b):
    h, out = h0, []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ Wx + h @ Wh + b)
        out.append(h)
    return np.stack(out, axis=1)


def _np_lstm_step(x, h, c, Wx, Wh, b, gate_order="ifog", output_tanh=True):
    H = h.shape[1]
    a = x @ Wx + h @ Wh + b
    blocks = dict(zip(gate_order, (a[:, k * H:(k + 1) * H] for k in range(4))))
    i, f, o, g = (_sigmoid(blocks["i"]), _sigmoid(blocks["f"]), _sigmoid(blocks["o"]),
                  np.tanh(blocks["g"]))
    c_next = f * c + i * g
    return (o * np.tanh(c_next) if output_tanh else o * c_next), c_next


def _np_lstm(x, h0, Wx, Wh, b):
    h, c, out = h0, np.zeros_like(h0), []
    for t in range(x.shape[1]):
        h, c = _np_lstm_step(x[:, t], h, c, Wx, Wh, b)
        out.append(h)
    return np.stack(out, axis=1)


def _lstm_step_grads_with_dtanh_of_c(x, h, c, Wx, Wh, b, dh, dc):
    """The gradients an LSTM step backward gives with 1 - c^2 in place of 1 - tanh(c)^2
    (a mistake's value, by hand)."""
    H = h.shape[1]
    a = x @ Wx + h @ Wh + b
    i, f, o, g = (_sigmoid(a[:, :H]), _sigmoid(a[:, H:2 * H]), _sigmoid(a[:, 2 * H:3 * H]),
                  np.tanh(a[:, 3 * H:]))
    c_next = f * c + i * g
    dct = dc + dh * o * (1 - c_next ** 2)
    da = np.concatenate([dct * g * i * (1 - i), dct * c * f * (1 - f),
                         dh * np.tanh(c_next) * o * (1 - o), dct * i * (1 - g ** 2)], axis=1)
    return [da @ Wx.T, da @ Wh.T, dct * f, x.T @ da, h.T @ da, da.sum(0)]


def _jacobian_norms_oracle(x, h0, Wx, Wh, b):
    """h_1..h_T of a tanh RNN on one sequence and ||dh_T/dh_t||_2 for t = 0..T-1,
    by autograd Jacobians of the recurrence itself."""
    xs, W_x, W_h, bias = (_t(v) for v in (x, Wx, Wh, b))
    T = xs.shape[0]

    def run(state, start):
        for k in range(start, T):
            state = _rnn_cell(xs[k:k + 1], state.unsqueeze(0), W_x, W_h, bias).squeeze(0)
        return state

    with torch.no_grad():
        states = []
        h = _t(h0)
        for k in range(T):
            h = _rnn_cell(xs[k:k + 1], h.unsqueeze(0), W_x, W_h, bias).squeeze(0)
            states.append(h)
        hs = torch.stack(states)
    norms = []
    with torch.enable_grad():
        for t in range(T):
            start = _t(h0) if t == 0 else hs[t - 1].clone()
            J = torch.autograd.functional.jacobian(lambda v, t=t: run(v, t), start)
            norms.append(float(torch.linalg.matrix_norm(J, ord=2)))
    return _np(hs), np.array(norms)


def _jacobian_norm_variants(h, Wh):
    """Values of the catalogued Jacobian mistakes (to name them)."""
    T, H = h.shape

    def norms(step, reverse=False):
        out, P = np.zeros(T), np.eye(H)
        for t in reversed(range(T)):
            P = step(t) @ P if reverse else P @ step(t)
            out[t] = np.linalg.norm(P, 2)
        return out
    d = 1 - h ** 2
    return {JACOBIAN_NO_TRANSPOSE: norms(lambda t: d[t][:, None] * Wh),
            JACOBIAN_NO_TANH: norms(lambda t: Wh.T),
            JACOBIAN_REVERSED: norms(lambda t: d[t][:, None] * Wh.T, reverse=True)}


# == rnn_step_forward =============================================================

@checks("rnn_step_forward", points=1)
def test_rnn_step_forward_matches_torch_rnncell(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng)
    xt = x[:, 0]
    expected = _np(_rnn_cell(_t(xt), _t(h0), _t(Wx), _t(Wh), _t(b)).detach())
    result = _call_forward(student, "rnn_step_forward", (xt, h0, Wx, Wh, b), 2, 1,
                           "rnn_step_forward")
    N, D = xt.shape
    expect_close(result[0], expected,
                 f"rnn_step_forward: h_next for N={N}, D={D}, H={Wh.shape[0]} random inputs "
                 "(oracle: torch.nn.RNNCell with weight_ih = Wx^T, weight_hh = Wh^T)",
                 misconceptions={WH_TRANSPOSED: np.tanh(xt @ Wx + h0 @ Wh.T + b)})


@checks("rnn_step_forward", points=1)
def test_rnn_step_forward_batch_of_one_lists_and_unmodified_inputs(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=1, T=1, D=1, H=1)
    args = (x[:, 0], h0, Wx, Wh, b)
    expected = np.tanh(x[:, 0] @ Wx + h0 @ Wh + b)
    result = _call_forward(student, "rnn_step_forward", tuple(a.tolist() for a in args), 2, 1,
                           "rnn_step_forward")
    expect_close(result[0], expected, "rnn_step_forward with N = D = H = 1, given as lists",
                 misconceptions={WH_TRANSPOSED: np.tanh(x[:, 0] @ Wx + h0 @ Wh.T + b)})
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=3, T=1)
    args = (x[:, 0], h0, Wx, Wh, b)
    (h_next, _), after = student.call("rnn_step_forward", *args, opaque=(1,),
                                      mutable=[0, 1, 2, 3, 4])
    _expect_unmodified(args, after, ("x", "h_prev", "Wx", "Wh", "b"), "rnn_step_forward")
    expect_close(h_next, np.tanh(args[0] @ Wx + h0 @ Wh + b), "rnn_step_forward, N=3")


# == rnn_step_backward ============================================================

def _rnn_step_backward_check(student, x, h, Wx, Wh, b, dh, what):
    h_expected, grads = _rnn_step_oracle(x, h, Wx, Wh, b, dh)
    h_next, cache = _call_forward(student, "rnn_step_forward", (x, h, Wx, Wh, b), 2, 1,
                                  "rnn_step_backward")
    got = student.call("rnn_step_backward", dh, cache)
    da = dh * (1 - h_expected ** 2)
    da_wrong = dh * (1 - np.tanh(h_expected) ** 2)
    variants = [
        (TANH_DERIVATIVE, [da_wrong @ Wx.T, da_wrong @ Wh.T, x.T @ da_wrong, h.T @ da_wrong,
                           da_wrong.sum(0)]),
        (BACKWARD_NO_TRANSPOSE, [grads[0], da @ Wh, *grads[2:]]),
    ]
    _expect_grads(got, grads, ("dx", "dh_prev", "dWx", "dWh", "db"), what, variants=variants,
                  note=_forward_note(h_next, h_expected, "rnn_step_forward"))


@checks("rnn_step_backward", points=2)
def test_rnn_step_backward_matches_autograd(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng)
    dh = rng.normal(size=h0.shape)
    N, _, D = x.shape
    _rnn_step_backward_check(
        student, x[:, 0], h0, Wx, Wh, b, dh,
        f"rnn_step_backward with N={N}, D={D}, H={h0.shape[1]} and a random upstream dh_next "
        "(oracle: autograd through torch.nn.RNNCell)")


@checks("rnn_step_backward", points=1)
def test_rnn_step_backward_matches_central_differences_batch_of_one(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=1, T=1, D=2, H=int(rng.integers(1, 3)))
    x = x[:, 0]
    dh = rng.normal(size=h0.shape)
    numeric = central_differences(lambda *a: float(np.sum(np.tanh(a[0] @ a[2] + a[1] @ a[3]
                                                                    + a[4]) * dh)),
                                   (x, h0, Wx, Wh, b))
    _, cache = _call_forward(student, "rnn_step_forward", (x, h0, Wx, Wh, b), 2, 1,
                             "rnn_step_backward")
    got = student.call("rnn_step_backward", dh, cache)
    _expect_grads(got, numeric, ("dx", "dh_prev", "dWx", "dWh", "db"),
                  f"rnn_step_backward with N=1, D=2, H={h0.shape[1]} (oracle: central "
                  "differences of tanh(x Wx + h_prev Wh + b))", tol="numerical")


# == rnn_forward ==================================================================

@checks("rnn_forward", points=1)
def test_rnn_forward_matches_torch_rnn(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng)
    expected, _ = _rnn_sequence_oracle(x, h0, Wx, Wh, b, np.zeros((*x.shape[:2], h0.shape[1])))
    result = _call_forward(student, "rnn_forward", (x, h0, Wx, Wh, b), 2, 1, "rnn_forward")
    N, T, D = x.shape
    stale = np.stack([np.tanh(x[:, t] @ Wx + h0 @ Wh + b) for t in range(T)], axis=1)
    expect_close(result[0], expected,
                 f"rnn_forward: h for N={N}, T={T}, D={D}, H={h0.shape[1]} "
                 "(oracle: torch.nn.RNN, batch_first, with h0)",
                 misconceptions={WH_TRANSPOSED: _np_rnn(x, h0, Wx, Wh.T, b), STALE_STATE: stale})


@checks("rnn_forward", points=1)
def test_rnn_forward_single_step_and_batch_of_one(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=1, T=1, H=1)
    expected, _ = _rnn_sequence_oracle(x, h0, Wx, Wh, b, np.zeros((1, 1, 1)))
    result = _call_forward(student, "rnn_forward", (x, h0, Wx, Wh, b), 2, 1, "rnn_forward")
    expect_close(result[0], expected, f"rnn_forward with N=1, T=1, D={x.shape[2]}, H=1")
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=1, T=int(rng.integers(5, 9)), H=1)
    expected, _ = _rnn_sequence_oracle(x, h0, Wx, Wh, b, np.zeros((1, x.shape[1], 1)))
    result = _call_forward(student, "rnn_forward", (x, h0, Wx, Wh, b), 2, 1, "rnn_forward")
    expect_close(result[0], expected, f"rnn_forward with N=1, T={x.shape[1]}, H=1")


# == rnn_backward =================================================================

def _rnn_backward_check(student, x, h0, Wx, Wh, b, dh, what, mutable=False):
    h_expected, grads = _rnn_sequence_oracle(x, h0, Wx, Wh, b, dh)
    h, cache = _call_forward(student, "rnn_forward", (x, h0, Wx, Wh, b), 2, 1, "rnn_backward")
    if mutable:
        got, (dh_after,) = student.call("rnn_backward", dh, cache, mutable=[0])
        _expect_unmodified([dh], [dh_after], ["dh"], "rnn_backward")
    else:
        got = student.call("rnn_backward", dh, cache)
    variants = [(BPTT_DROPS_FUTURE, _rnn_sequence_oracle(x, h0, Wx, Wh, b, dh, True)[1])]
    da, hs = _rnn_preactivation_grads(x, h0, Wx, Wh, b, dh)
    variants.append((DWH_CURRENT_STATE,
                     [*grads[:3], np.einsum("nth,ntk->hk", hs, da), grads[4]]))
    _expect_grads(got, grads, GRAD_NAMES, what, variants=variants,
                  note=_forward_note(h, h_expected, "rnn_forward"))


@checks("rnn_backward", points=2)
def test_rnn_backward_matches_autograd(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng)
    N, T, D = x.shape
    dh = rng.normal(size=(N, T, h0.shape[1]))
    _rnn_backward_check(student, x, h0, Wx, Wh, b, dh,
                        f"rnn_backward with N={N}, T={T}, D={D}, H={h0.shape[1]} and a random "
                        "upstream gradient on every hidden state (oracle: autograd through "
                        "torch.nn.RNN)", mutable=True)


@checks("rnn_backward", points=1)
def test_rnn_backward_matches_central_differences(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=2, T=3, D=2, H=2)
    dh = rng.normal(size=(2, 3, 2))
    numeric = central_differences(lambda *a: float(np.sum(_np_rnn(*a) * dh)),
                                   (x, h0, Wx, Wh, b))
    _, cache = _call_forward(student, "rnn_forward", (x, h0, Wx, Wh, b), 2, 1, "rnn_backward")
    got = student.call("rnn_backward", dh, cache)
    _expect_grads(got, numeric, GRAD_NAMES,
                  "rnn_backward with N=2, T=3, D=2, H=2 (oracle: central differences of "
                  "sum(h * dh))", tol="numerical")


@checks("rnn_backward", points=1)
def test_rnn_backward_single_step_and_batch_of_one(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=1, T=1, H=1)
    dh = rng.normal(size=(1, 1, 1))
    _rnn_backward_check(student, x, h0, Wx, Wh, b, dh,
                        f"rnn_backward with N=1, T=1, D={x.shape[2]}, H=1")
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=1, T=int(rng.integers(5, 9)), H=1)
    dh = np.zeros((1, x.shape[1], 1))
    dh[0, -1, 0] = 1.0
    _rnn_backward_check(student, x, h0, Wx, Wh, b, dh,
                        f"rnn_backward with N=1, T={x.shape[1]}, H=1 and an upstream gradient "
                        "on the last hidden state only")


# == hidden_jacobian_norms ========================================================

def _jacobian_problem(rng, T=None, H=None, scale=None):
    T = int(T or rng.integers(3, 9))
    H = int(H or rng.integers(2, 6))
    D = int(rng.integers(1, 4))
    scale = rng.uniform(0.5, 2.5) if scale is None else scale
    x = rng.normal(scale=0.5, size=(T, D))
    h0 = rng.normal(scale=0.3, size=H)
    Wx = rng.normal(size=(D, H)) / math.sqrt(D)
    Wh = rng.normal(size=(H, H)) * scale / math.sqrt(H)
    b = rng.normal(scale=0.2, size=H)
    h, norms = _jacobian_norms_oracle(x, h0, Wx, Wh, b)
    return h, Wh, norms


@checks("hidden_jacobian_norms", points=2)
def test_hidden_jacobian_norms_matches_autograd_jacobians(student, rng):
    h, Wh, expected = _jacobian_problem(rng)
    got = student.call("hidden_jacobian_norms", h, Wh)
    T, H = h.shape
    expect_close(got, expected,
                 f"hidden_jacobian_norms for a tanh RNN with T={T}, H={H} "
                 "(oracle: ||dh_T/dh_t||_2 from torch.autograd.functional.jacobian of the "
                 "recurrence)", misconceptions=_jacobian_norm_variants(h, Wh))


@checks("hidden_jacobian_norms", points=1)
def test_hidden_jacobian_norms_single_step_single_unit_and_mismatched_shapes(student, rng):
    h, Wh, expected = _jacobian_problem(rng, T=1)
    got = student.call("hidden_jacobian_norms", h.tolist(), Wh.tolist())
    expect_close(got, expected, f"hidden_jacobian_norms with T=1, H={h.shape[1]} (as lists)",
                 misconceptions=_jacobian_norm_variants(h, Wh))
    h, Wh, expected = _jacobian_problem(rng, T=int(rng.integers(4, 9)), H=1)
    got = student.call("hidden_jacobian_norms", h, Wh)
    expect_close(got, expected, f"hidden_jacobian_norms with T={h.shape[0]}, H=1",
                 misconceptions={JACOBIAN_NO_TANH: _jacobian_norm_variants(h, Wh)[
                     JACOBIAN_NO_TANH]})
    h, Wh, _ = _jacobian_problem(rng, T=3, H=2)
    expect_raises(student, "ValueError", "hidden_jacobian_norms", h, np.eye(3),
                  what="hidden_jacobian_norms with h of shape (3, 2) and Wh of shape (3, 3)")


# == clip_grad_norm ===============================================================

def _grad_dict(rng, scale):
    D, H = int(rng.integers(2, 6)), int(rng.integers(2, 6))
    shapes = {"Wx": (D, H), "Wh": (H, H), "b": (H,), "W_out": (H, int(rng.integers(1, 4)))}
    return {k: rng.normal(scale=scale, size=s) for k, s in shapes.items()}


def _torch_clip(grads, max_norm):
    """torch.nn.utils.clip_grad_norm_ applied to copies: (clipped, total)."""
    params = []
    for g in grads.values():
        p = torch.nn.Parameter(torch.zeros(g.shape, dtype=F64))
        p.grad = _t(g)
        params.append(p)
    total = float(torch.nn.utils.clip_grad_norm_(params, max_norm))
    return {k: _np(p.grad) for k, p in zip(grads, params)}, total


def _expect_clipped(result, grads, max_norm, what):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        fail(f"{what} should return a tuple (clipped grads dict, total norm), got "
             f"{type(result).__name__}.")
    clipped, total = result
    expected_total = float(torch.nn.utils.get_total_norm([_t(g) for g in grads.values()]))
    expect_close(total, expected_total, f"{what}: the returned norm (before clipping)",
                 misconceptions={CLIP_NORM_AFTER: min(expected_total, max_norm)})
    if not isinstance(clipped, dict) or set(clipped) != set(grads):
        fail(f"{what} should return a dict with the same keys {sorted(grads)}, got "
             f"{sorted(clipped) if isinstance(clipped, dict) else type(clipped).__name__}.")
    scale = min(1.0, max_norm / expected_total) if expected_total > 0 else 1.0
    torch_clipped, _ = _torch_clip(grads, max_norm)
    for k, g in grads.items():
        got = as_array(clipped[k], f"{what}: clipped[{k!r}]", np.shape(g))
        if close(got, g * scale, "float") or close(got, torch_clipped[k], "float"):
            continue  # the contract's max_norm / total, or torch's max_norm / (total + 1e-6)
        per_array = g * min(1.0, max_norm / max(np.linalg.norm(g), 1e-300))
        expect_close(got, g * scale, f"{what}: clipped[{k!r}] (total norm {fmt(expected_total)}, "
                     f"max_norm {fmt(max_norm)}, so every array is scaled by {fmt(scale)})",
                     misconceptions={CLIP_PER_ARRAY: per_array,
                                     CLIP_BY_VALUE: np.clip(g, -max_norm, max_norm)})


@checks("clip_grad_norm", points=1)
def test_clip_grad_norm_matches_torch_when_clipping(student, rng):
    grads = _grad_dict(rng, scale=rng.uniform(1.0, 3.0))
    total = math.sqrt(sum(float(np.sum(g ** 2)) for g in grads.values()))
    max_norm = float(total * rng.uniform(0.1, 0.6))
    result, (after,) = student.call("clip_grad_norm", grads, max_norm, mutable=[0])
    _expect_unmodified([grads], [after], ["grads"], "clip_grad_norm")
    _expect_clipped(result, grads, max_norm,
                    f"clip_grad_norm on {len(grads)} random arrays with max_norm {fmt(max_norm)} "
                    "(oracle: torch.nn.utils.get_total_norm / clip_grad_norm_)")


@checks("clip_grad_norm", points=1)
def test_clip_grad_norm_unchanged_below_threshold(student, rng):
    grads = _grad_dict(rng, scale=rng.uniform(0.1, 1.0))
    total = math.sqrt(sum(float(np.sum(g ** 2)) for g in grads.values()))
    max_norm = float(total * rng.uniform(1.2, 3.0))
    result, (after,) = student.call("clip_grad_norm", grads, max_norm, mutable=[0])
    _expect_unmodified([grads], [after], ["grads"], "clip_grad_norm")
    _expect_clipped(result, grads, max_norm,
                    f"clip_grad_norm with max_norm {fmt(max_norm)} above the total norm "
                    f"{fmt(total)} (nothing may change)")


@checks("clip_grad_norm", points=1)
def test_clip_grad_norm_edge_cases(student, rng):
    one = {"w": rng.normal(size=(2, 1)) * 10, "v": [float(rng.normal()), 4.0]}
    grads = {k: np.asarray(v, dtype=float) for k, v in one.items()}
    result = student.call("clip_grad_norm", one, 1.0)
    _expect_clipped(result, grads, 1.0, "clip_grad_norm on {'w': a 2x1 array, 'v': a list} with "
                    "max_norm 1")
    zeros = {"W": np.zeros((3, 2)), "b": np.zeros(2)}
    result = student.call("clip_grad_norm", zeros, 0.5)
    _expect_clipped(result, zeros, 0.5, "clip_grad_norm on all-zero gradients (total 0: no "
                    "division by zero, nothing to clip)")
    expect_raises(student, "ValueError", "clip_grad_norm", {"W": np.ones(3)}, -1.0,
                  what="clip_grad_norm with a negative max_norm")


# == lstm_step_forward ============================================================

@checks("lstm_step_forward", points=2)
def test_lstm_step_forward_matches_torch_lstmcell(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng)
    xt = x[:, 0]
    c0 = rng.normal(size=h0.shape)
    h_exp, c_exp = (_np(v) for v in _lstm_cell(*(_t(v) for v in (xt, h0, c0, Wx, Wh, b))))
    h_torch, c_torch = (_np(v) for v in _lstm_cell(*(_t(v) for v in (xt, h0, c0, Wx, Wh, b)),
                                                   contract_order=False))
    h_notanh, _ = _np_lstm_step(xt, h0, c0, Wx, Wh, b, output_tanh=False)
    result = _call_forward(student, "lstm_step_forward", (xt, h0, c0, Wx, Wh, b), 3, 2,
                           "lstm_step_forward")
    N, D = xt.shape
    what = (f"lstm_step_forward with N={N}, D={D}, H={h0.shape[1]} random inputs (oracle: "
            "torch.nn.LSTMCell with the gate blocks reordered to PyTorch's i, f, g, o)")
    expect_close(result[1], c_exp, what + ": c", misconceptions={LSTM_TORCH_ORDER: c_torch})
    expect_close(result[0], h_exp, what + ": h",
                 misconceptions={LSTM_TORCH_ORDER: h_torch, LSTM_OUTPUT_NO_TANH: h_notanh})


@checks("lstm_step_forward", points=1)
def test_lstm_step_forward_batch_of_one_single_unit_and_unmodified_inputs(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=1, T=1, D=1, H=1)
    c0 = rng.normal(size=(1, 1))
    args = (x[:, 0], h0, c0, Wx, Wh, b)
    h_exp, c_exp = (_np(v) for v in _lstm_cell(*(_t(v) for v in args)))
    result = _call_forward(student, "lstm_step_forward", tuple(a.tolist() for a in args), 3, 2,
                           "lstm_step_forward")
    what = "lstm_step_forward with N = D = H = 1, given as lists"
    expect_close(result[0], h_exp, what + ": h")
    expect_close(result[1], c_exp, what + ": c")
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=2, T=1)
    args = (x[:, 0], h0, rng.normal(size=h0.shape), Wx, Wh, b)
    _, after = student.call("lstm_step_forward", *args, opaque=(2,), mutable=[0, 1, 2, 3, 4, 5])
    _expect_unmodified(args, after, ("x", "h_prev", "c_prev", "Wx", "Wh", "b"),
                       "lstm_step_forward")


# == lstm_step_backward ===========================================================

LSTM_STEP_NAMES = ("dx", "dh_prev", "dc_prev", "dWx", "dWh", "db")


def _lstm_step_backward_check(student, x, h, c, Wx, Wh, b, dh, dc, what, tol="gradient",
                              numeric=False):
    h_exp, _, grads = _lstm_step_oracle(x, h, c, Wx, Wh, b, dh, dc)
    if numeric:
        def loss(*a):
            hn, cn = _np_lstm_step(*a)
            return float(np.sum(hn * dh) + np.sum(cn * dc))
        grads = central_differences(loss, (x, h, c, Wx, Wh, b))
    result = _call_forward(student, "lstm_step_forward", (x, h, c, Wx, Wh, b), 3, 2,
                           "lstm_step_backward")
    got = student.call("lstm_step_backward", dh, dc, result[2])
    variants = [(LSTM_DROPS_DC, _lstm_step_oracle(x, h, c, Wx, Wh, b, dh, 0 * dc)[2]),
                (TANH_DERIVATIVE, _lstm_step_grads_with_dtanh_of_c(x, h, c, Wx, Wh, b, dh, dc)),
                (LSTM_TORCH_ORDER, _lstm_step_oracle(x, h, c, Wx, Wh, b, dh, dc, False)[2])]
    _expect_grads(got, grads, LSTM_STEP_NAMES, what, tol=tol, variants=variants,
                  note=_forward_note(result[0], h_exp, "lstm_step_forward"))


@checks("lstm_step_backward", points=2)
def test_lstm_step_backward_matches_autograd(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng)
    c0 = rng.normal(size=h0.shape)
    dh, dc = rng.normal(size=h0.shape), rng.normal(size=h0.shape)
    N, _, D = x.shape
    _lstm_step_backward_check(
        student, x[:, 0], h0, c0, Wx, Wh, b, dh, dc,
        f"lstm_step_backward with N={N}, D={D}, H={h0.shape[1]} and random upstream dh, dc "
        "(oracle: autograd through torch.nn.LSTMCell)")


@checks("lstm_step_backward", points=1)
def test_lstm_step_backward_matches_central_differences_single_unit(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=1, T=1, D=2, H=1)
    c0 = rng.normal(size=h0.shape)
    dh, dc = rng.normal(size=h0.shape), rng.normal(size=h0.shape)
    _lstm_step_backward_check(
        student, x[:, 0], h0, c0, Wx, Wh, b, dh, dc,
        "lstm_step_backward with N=1, D=2, H=1 (oracle: central differences of "
        "sum(h * dh) + sum(c * dc))", tol="numerical", numeric=True)


# == lstm_forward =================================================================

@checks("lstm_forward", points=1)
def test_lstm_forward_matches_torch_lstm(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng)
    expected, _ = _lstm_sequence_oracle(x, h0, Wx, Wh, b, np.zeros((*x.shape[:2], h0.shape[1])))
    result = _call_forward(student, "lstm_forward", (x, h0, Wx, Wh, b), 2, 1, "lstm_forward")
    N, T, D = x.shape
    expect_close(result[0], expected,
                 f"lstm_forward: h for N={N}, T={T}, D={D}, H={h0.shape[1]} (oracle: "
                 "torch.nn.LSTM, batch_first, with h0 and c0 = 0)")


@checks("lstm_forward", points=1)
def test_lstm_forward_single_step_and_batch_of_one(student, rng):
    for T in (1, int(rng.integers(5, 9))):
        x, h0, Wx, Wh, b = _lstm_problem(rng, N=1, T=T, H=1)
        expected, _ = _lstm_sequence_oracle(x, h0, Wx, Wh, b, np.zeros((1, T, 1)))
        result = _call_forward(student, "lstm_forward", (x, h0, Wx, Wh, b), 2, 1,
                               "lstm_forward")
        expect_close(result[0], expected, f"lstm_forward with N=1, T={T}, D={x.shape[2]}, H=1")


# == lstm_backward ================================================================

def _lstm_backward_check(student, x, h0, Wx, Wh, b, dh, what, mutable=False):
    h_exp, grads = _lstm_sequence_oracle(x, h0, Wx, Wh, b, dh)
    h, cache = _call_forward(student, "lstm_forward", (x, h0, Wx, Wh, b), 2, 1, "lstm_backward")
    if mutable:
        got, (dh_after,) = student.call("lstm_backward", dh, cache, mutable=[0])
        _expect_unmodified([dh], [dh_after], ["dh"], "lstm_backward")
    else:
        got = student.call("lstm_backward", dh, cache)
    variants = [(BPTT_DROPS_FUTURE, _lstm_sequence_oracle(x, h0, Wx, Wh, b, dh, "h")[1]),
                (BPTT_DROPS_FUTURE, _lstm_sequence_oracle(x, h0, Wx, Wh, b, dh, "hc")[1])]
    _expect_grads(got, grads, GRAD_NAMES, what, variants=variants,
                  note=_forward_note(h, h_exp, "lstm_forward"))


@checks("lstm_backward", points=2)
def test_lstm_backward_matches_autograd(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng)
    N, T, D = x.shape
    dh = rng.normal(size=(N, T, h0.shape[1]))
    _lstm_backward_check(student, x, h0, Wx, Wh, b, dh,
                         f"lstm_backward with N={N}, T={T}, D={D}, H={h0.shape[1]} and a random "
                         "upstream gradient on every hidden state (oracle: autograd through "
                         "torch.nn.LSTM)", mutable=True)


@checks("lstm_backward", points=1)
def test_lstm_backward_matches_central_differences(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=2, T=3, D=2, H=2)
    dh = rng.normal(size=(2, 3, 2))
    numeric = central_differences(lambda *a: float(np.sum(_np_lstm(*a) * dh)),
                                   (x, h0, Wx, Wh, b))
    _, cache = _call_forward(student, "lstm_forward", (x, h0, Wx, Wh, b), 2, 1,
                             "lstm_backward")
    got = student.call("lstm_backward", dh, cache)
    _expect_grads(got, numeric, GRAD_NAMES,
                  "lstm_backward with N=2, T=3, D=2, H=2 (oracle: central differences of "
                  "sum(h * dh))", tol="numerical")


@checks("lstm_backward", points=1)
def test_lstm_backward_single_step_and_batch_of_one(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=1, T=1, H=1)
    _lstm_backward_check(student, x, h0, Wx, Wh, b, rng.normal(size=(1, 1, 1)),
                         f"lstm_backward with N=1, T=1, D={x.shape[2]}, H=1")
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=1, T=int(rng.integers(5, 9)), H=1)
    dh = np.zeros((1, x.shape[1], 1))
    dh[0, -1, 0] = 1.0
    _lstm_backward_check(student, x, h0, Wx, Wh, b, dh,
                         f"lstm_backward with N=1, T={x.shape[1]}, H=1 and an upstream gradient "
                         "on the last hidden state only")
