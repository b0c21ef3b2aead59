"""Hidden checks for 13_recurrent_networks: RNN, LSTM and BPTT (NumPy).

Oracles (all float64, none of them the notebook's solution):
- forward passes: ``torch.nn.RNNCell`` / ``torch.nn.RNN`` / ``torch.nn.LSTMCell`` /
  ``torch.nn.LSTM`` with the submission's weights copied in (PyTorch stores
  ``weight_ih`` as ``(4H, D)`` with the gates in the order i, f, g, o; the
  contract stacks ``Wx (D, 4H)`` as i, f, o, g, so the columns are permuted and
  transposed);
- backward passes: PyTorch autograd through those same modules (via
  ``torch.func.functional_call``, so the gradients land on our ``Wx, Wh, b``
  leaves), with random upstream gradients;
- ``clip_grad_norm``: ``torch.nn.utils.get_total_norm`` and ``clip_grad_norm_``;
- ``hidden_jacobian_norms``: autograd Jacobians ``dh_T/dh_t`` of a real tanh
  recurrence (``torch.nn.RNNCell``; ``torch.autograd.grad`` of each unit of h_T
  with respect to every state h_t of the chain) and ``torch.linalg.matrix_norm(ord=2)``.

The student's caches stay on the student's side (``opaque``): the checks only
hand them back to the backward functions. Values a known mistake would give are
computed here only to *name* the mistake in the feedback.

One mistake costs its points once. Each exercise has one value check against the
oracle, which names the catalogued mistakes. Its other checks test one property
each: the edge cases (a batch of one, T = 1, lists, one unit) are graded on the
student's *own* answer to an ordinary input containing the edge case, and
``finite_at_large_inputs`` only asks for finite values, whenever that ordinary
answer is a catalogued mistake (already charged); ``inputs_unchanged`` and
``cache_reusable`` turn what ``Student.call`` saw in any check of the exercise
into one failure. These property checks credit only a function that does the
work: an answer that is neither right nor a catalogued mistake (a constant,
garbage) is compared with the oracle there too. A sequence exercise whose answer
is exactly what the student's own step functions give (replayed here) is left to
the step's exercise. A forward called to get a cache for a backward check, and a
student's step function replayed, are not watched (``watch=False``), so that their
side effects stay in their own exercises.
"""
import contextlib
import math
import threading
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch
from torch.func import functional_call

from autograder.grader_api import (CheckFailure, Checks, StudentError, as_array, close,
                                   expect_close, expect_finite, expect_no_side_effects,
                                   expect_raises, fail, fmt, max_rel_error, register_misconception)

checks = Checks("13_recurrent_networks")

_ZEROS_OF_ANOTHER_STEP = ("np.zeros_like(dh[:, -1]) and np.zeros_like(dh[:, 0]) are the same array: "
                          "every time step of dh has the shape (N, H) and dh's dtype")
EQUIVALENT_MUTANTS = {
    "rnn_backward/number/0f4163c2": _ZEROS_OF_ANOTHER_STEP,
    "lstm_backward/number/5d10a80c": _ZEROS_OF_ANOTHER_STEP,
    "lstm_backward/number/55f18c77": _ZEROS_OF_ANOTHER_STEP,
}

BPTT_DROPS_FUTURE = "bptt-drops-future-gradient"  # catalogued
WH_TRANSPOSED = register_misconception(
    "recurrent-weight-transposed",
    "the recurrent weight used transposed: with row vectors (one example per row) the step "
    "is a = x Wx + h_prev Wh + b with Wh of shape (H, H), rows indexed by the old state and "
    "columns by the new one. PyTorch stores weight_hh the other way round and computes "
    "h_prev @ weight_hh.T; the course's Wh is that transpose already.")
TANH_DERIVATIVE = register_misconception(
    "tanh-derivative-wrong-argument",
    "the tanh derivative evaluated at the wrong quantity: d tanh(a)/da = 1 - tanh(a)^2. "
    "Written with the cached output y = tanh(a) it is 1 - y^2 -- not 1 - tanh(y)^2 (y is "
    "already a tanh) and not 1 - a^2 (a is the pre-activation, e.g. the LSTM cell state c "
    "whose tanh is the output nonlinearity).")
BACKWARD_NO_TRANSPOSE = register_misconception(
    "backward-missing-transpose",
    "a missing transpose in the backward pass: a = h_prev Wh gives dh_prev = da Wh^T "
    "(and dx = da Wx^T). With a square Wh the shapes still fit, so only the values are wrong.")
DWH_CURRENT_STATE = register_misconception(
    "dwh-uses-current-hidden-state",
    "dWh accumulated with h_t instead of h_{t-1}: at step t the recurrent weight multiplies "
    "the previous state, a_t = x_t Wx + h_{t-1} Wh + b, so its gradient is h_{t-1}^T da_t "
    "summed over t (h_0 for the first step).")
LSTM_TORCH_ORDER = register_misconception(
    "lstm-gates-pytorch-order",
    "LSTM gates sliced in PyTorch's order (input, forget, candidate, output) instead of the "
    "contract's (input, forget, output, candidate): columns 2H:3H of Wx are the output gate "
    "and 3H:4H the candidate g (the tanh one).")
LSTM_OUTPUT_NO_TANH = register_misconception(
    "lstm-output-without-tanh",
    "the LSTM output without its tanh: h_t = o_t * tanh(c_t), not o_t * c_t. The cell state is "
    "unbounded; the tanh squashes it before the output gate reads it out.")
LSTM_DROPS_DC = register_misconception(
    "lstm-drops-upstream-dc",
    "the upstream cell-state gradient dropped: the cell state c_t reaches the loss through "
    "h_t = o_t tanh(c_t) and through c_{t+1} = f_{t+1} c_t + ..., so the total is "
    "dc + dh * o * (1 - tanh(c)^2). The incoming dc is the cell-state highway of BPTT.")
CLIP_PER_ARRAY = register_misconception(
    "clip-per-array-norm",
    "each array clipped by its own norm: clipping by the global norm scales every array by "
    "the same factor max_norm / total, with total the L2 norm of all entries of all arrays, "
    "so the gradient keeps its direction. Per-array clipping changes the direction.")
CLIP_BY_VALUE = register_misconception(
    "clip-by-value-instead-of-norm",
    "clipping each entry to [-max_norm, max_norm] (clipping by value) instead of rescaling the "
    "whole gradient by max_norm / total when its global L2 norm exceeds max_norm.")
CLIP_NORM_AFTER = register_misconception(
    "clip-returns-clipped-norm",
    "the norm returned after clipping: the second value is the global norm before clipping "
    "(what a training loop logs to spot exploding gradients), not min(total, max_norm).")
INPUT_MODIFIED = register_misconception(
    "callers-arrays-modified-in-place",
    "an input modified in place: the caller still owns the arrays it passed (a gradient "
    "dict, an upstream dh); compute on copies and return new arrays.")
JACOBIAN_NO_TRANSPOSE = register_misconception(
    "jacobian-missing-transpose",
    "the step Jacobian without its transpose: with row vectors h_k = tanh(h_{k-1} Wh + ...), "
    "so dh_k[i]/dh_{k-1}[j] = (1 - h_k[i]^2) Wh[j, i], i.e. diag(1 - h_k^2) Wh^T, not "
    "diag(1 - h_k^2) Wh.")
JACOBIAN_NO_TANH = register_misconception(
    "jacobian-missing-tanh-derivative",
    "the step Jacobian without the tanh derivative: dh_k/dh_{k-1} = diag(1 - h_k^2) Wh^T; "
    "the diagonal factor (at most 1) is what saturated units use to block the gradient.")
JACOBIAN_REVERSED = register_misconception(
    "jacobian-product-reversed",
    "the Jacobian product multiplied in the wrong order: by the chain rule "
    "dh_T/dh_t = J_T J_{T-1} ... J_{t+1} (the last step on the left); matrices do not commute.")

STALE_STATE = register_misconception(
    "rnn-forward-stale-state",
    "every step fed the initial state h0 instead of the state the previous step produced: "
    "the recurrence is h_t = tanh(x_t Wx + h_{t-1} Wh + b), so the loop must carry h forward.")

F64 = torch.float64
GRAD_NAMES = ("dx", "dh0", "dWx", "dWh", "db")


# -- small utilities -----------------------------------------------------------

def _t(a, grad=False):
    t = torch.from_numpy(np.array(a, dtype=np.float64))   # a copy: ours alone
    return t.requires_grad_(True) if grad else t


def _np(t):
    return t.detach().numpy().copy()


def _sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


_PER_THREAD = threading.local()   # torch modules and oracle values, per thread


def _memo(oracle):
    """An oracle computed once per input (by value) within a grading: a value check,
    the variants naming its mistakes and the edge-case checks ask for the same ones.
    Oracles are pure; each caller gets its own copy of the arrays."""
    def memoized(*args, **kwargs):
        try:
            key = (oracle.__name__, tuple(_key(a) for a in args), tuple(sorted(kwargs.items())))
        except (TypeError, ValueError):
            return oracle(*args, **kwargs)
        cache = _PER_THREAD.__dict__.setdefault("oracles", {})
        if key not in cache:
            if len(cache) >= 256:
                cache.clear()
            cache[key] = oracle(*args, **kwargs)
        return _copied(cache[key])
    memoized.__name__ = memoized.__qualname__ = oracle.__name__
    memoized.__doc__ = oracle.__doc__
    return memoized


def _key(value):
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    array = np.asarray(value, dtype=float)
    return array.shape, array.tobytes()


def _copied(value):
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(_copied(v) for v in value)
    return value


def _module(factory, *args, **kwargs):
    """A torch module built without touching torch's global RNG (nbgrader runs
    these checks in the student's kernel). Its own parameters are never used (every
    oracle calls it through ``functional_call`` with ours), so one module per
    architecture is built once and kept (per thread: ``functional_call`` swaps its
    parameters while it runs)."""
    cache = _PER_THREAD.__dict__.setdefault("modules", {})
    key = (factory, args, tuple(sorted(kwargs.items())))
    if key not in cache:
        with torch.random.fork_rng(devices=[]):
            cache[key] = factory(*args, dtype=F64, **kwargs)
    return cache[key]


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
    """The student's forward result (a tuple with the cache kept on their side).
    Called for another exercise (``needed_by``), it is not watched: a forward that
    modifies its inputs is charged in its own exercise, not in the backward's."""
    own = needed_by == name
    try:
        result = student.call(name, *args, opaque=(cache_index,), watch=own)
    except StudentError as err:
        if needed_by == name:
            raise
        if err.is_a("NotImplementedError"):
            try:   # is the backward a stub too? Then say so (status "not implemented")
                with _unrecorded(student):
                    student.call(needed_by, *[None] * (3 if needed_by == "lstm_step_backward"
                                                       else 2))
            except StudentError as own:
                if own.is_a("NotImplementedError"):
                    raise own from None
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


def _expect_tuple(got, names, what):
    if not isinstance(got, (tuple, list)) or len(got) != len(names):
        extra = f" of length {len(got)}" if isinstance(got, (tuple, list)) else ""
        fail(f"{what} should return a tuple of {len(names)} arrays ({', '.join(names)}), "
             f"got {type(got).__name__}{extra}.")


def _shaped(value, expected, what, tol="float"):
    """``value`` as an array of ``expected``'s shape; a reshaped copy of the right values
    (a (1, H) db from keepdims=True, a squeezed (H,) for (1, H)) is a shape mistake and
    is reported as one."""
    shape = np.shape(expected)
    try:
        array = np.asarray(value.detach().numpy() if isinstance(value, torch.Tensor) else value,
                           dtype=float)
    except (TypeError, ValueError):
        array = None
    if array is not None and array.shape != shape and array.size == int(np.prod(shape)) \
            and close(array.reshape(shape), expected, tol):
        fail(f"{what} has the right values but shape {array.shape}, expected {shape}: "
             + ("sum without keepdims=True" if array.ndim > len(shape) else
                "keep the batch axis (no squeeze)") + ".")
    return as_array(value, what, shape)


def _expect_grads(got, expected, names, what, tol="gradient", variants=(), note=""):
    """Compare a tuple of gradients; name a misconception whose values all match."""
    _expect_tuple(got, names, what)
    arrays = [_shaped(g, e, f"{what}: {n}", tol) for g, n, e in zip(got, names, expected)]
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


def _expect_same(got, own, names, what, reference):
    """An edge case graded on the student's own answer: each of ``got`` must equal the
    corresponding array of ``own`` (what the same function gave on an ordinary input
    containing the edge case). A wrong formula gives consistent wrong answers and is
    charged by the value check only."""
    for name, g, o in zip(names, got, own):
        o = np.asarray(o, dtype=float)
        g = _shaped(g, o, f"{what}: {name}")
        if not close(g, o, "float"):
            fail(f"{what}: {name} = {fmt(g)}, but {reference} gives {fmt(o)} (max rel. "
                 f"error {max_rel_error(g, o):.2g}): the edge case is handled differently "
                 "from the general one.")


def _own(value, shape):
    """The student's answer as an array when it has the contract's shape, else None
    (a malformed general answer is the value check's business)."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return array if array.shape == tuple(shape) else None


def _own_grads(got, shapes):
    """A backward's tuple as arrays of the contract's shapes, or None."""
    if not isinstance(got, (tuple, list)) or len(got) != len(shapes):
        return None
    arrays = [_own(g, s) for g, s in zip(got, shapes)]
    return None if any(a is None for a in arrays) else arrays


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


@_memo
def _rnn_step_oracle(x, h, Wx, Wh, b, dh):
    with torch.enable_grad():
        leaves = [_t(v, grad=True) for v in (x, h, Wx, Wh, b)]
        out = _rnn_cell(*leaves)
        return _np(out), _grads((out * _t(dh)).sum(), leaves)


@_memo
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


@_memo
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


@_memo
def _lstm_step_oracle(x, h, c, Wx, Wh, b, dh, dc, contract_order=True):
    with torch.enable_grad():
        leaves = [_t(v, grad=True) for v in (x, h, c, Wx, Wh, b)]
        h_next, c_next = _lstm_cell(*leaves, contract_order=contract_order)
        loss = (h_next * _t(dh)).sum() + (c_next * _t(dc)).sum()
        return _np(h_next), _np(c_next), _grads(loss, leaves)


@_memo
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
    by autograd Jacobians of the recurrence itself: row i of every dh_T/dh_t is
    the gradient of h_T[i] with respect to the state h_t the chain went through
    (one backward pass per unit, through all the steps at once)."""
    xs, W_x, W_h, bias = (_t(v) for v in (x, Wx, Wh, b))
    with torch.enable_grad():
        h = _t(h0, grad=True)
        starts, states = [], []
        for k in range(xs.shape[0]):
            starts.append(h)
            h = _rnn_cell(xs[k:k + 1], h.unsqueeze(0), W_x, W_h, bias).squeeze(0)
            states.append(h)
        rows = [torch.autograd.grad(h[i], starts, retain_graph=True) for i in range(h.shape[0])]
    norms = [float(torch.linalg.matrix_norm(torch.stack([r[t] for r in rows]), ord=2))
             for t in range(len(starts))]
    return _np(torch.stack(states)), np.array(norms)


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


# -- large inputs, edge cases, side effects (shared by the exercises below) ------

def _saturating_bias(rng, H, blocks=1):
    """A bias of ordinary size except units 0 and 1 of each block (gate), about +800
    and -800 (random order): their pre-activations are deep in saturation."""
    b = rng.normal(scale=0.3, size=blocks * H)
    for k in range(blocks):
        sign = rng.choice([-1.0, 1.0])
        b[k * H], b[k * H + 1] = sign * rng.uniform(780, 820), -sign * rng.uniform(780, 820)
    return b


def _ordinary(b):
    """The same bias at ordinary scale (the large entries brought to about +-1)."""
    return np.where(np.abs(b) > 100, b / 800.0, b)


@_memo
def _rnn_values(x, h0, Wx, Wh, b):
    """h (N, T, H) from torch.nn.RNN (no gradients)."""
    rnn = _module(torch.nn.RNN, Wx.shape[0], Wx.shape[1], batch_first=True)
    with torch.no_grad():
        out, _ = functional_call(rnn, _rnn_params(_t(Wx), _t(Wh), _t(b), "_l0"),
                                 (_t(x), _t(h0).unsqueeze(0)))
    return _np(out)


@_memo
def _lstm_values(x, h0, Wx, Wh, b, contract_order=True):
    """h (N, T, H) from torch.nn.LSTM with c0 = 0 (no gradients)."""
    lstm = _module(torch.nn.LSTM, Wx.shape[0], Wx.shape[1] // 4, batch_first=True)
    h = _t(h0).unsqueeze(0)
    params = _lstm_params(_t(Wx), _t(Wh), _t(b), "_l0", contract_order=contract_order)
    with torch.no_grad():
        out, _ = functional_call(lstm, params, (_t(x), (h, torch.zeros_like(h))))
    return _np(out)


@contextlib.contextmanager
def _unrecorded(student):
    """Calls the grader makes only to attribute a mistake (the student's step functions
    replayed) are not the exercise's own: their side effects are not recorded for it."""
    kept = len(student.side_effects)
    try:
        yield
    finally:
        del student.side_effects[kept:]


def _replay_steps(student, step, x, states, weights, keep=False):
    """h (N, T, H) from the student's own step function iterated over x, or None when it
    cannot be run. With ``keep``: instead, the caches it left on its side and the states
    each step started from and ended with."""
    out, caches, starts, ends, states = [], [], [], [], tuple(states)
    try:
        with _unrecorded(student):
            for t in range(x.shape[1]):
                starts.append(states)
                result = student.call(step, x[:, t], *states, *weights,
                                      opaque=(len(states),), watch=False)
                states = tuple(np.asarray(v, dtype=float) for v in result[:len(states)])
                ends.append(states)
                if keep:
                    caches.append(result[len(states)])
                else:
                    student.release(result[len(states)])
                out.append(states[0])
        return (caches, starts, ends) if keep else np.stack(out, axis=1)
    except (StudentError, TypeError, ValueError, IndexError, AttributeError):
        return None


def _replay_bptt(student, spec, inputs, upstream):
    """(dx, dh0, dWx, dWh, db) by BPTT through the student's own step functions (forward
    steps for the caches, then step backwards fed dh[:, t] + the gradient from step t+1):
    what a sequence backward built on them gives. None when they cannot be run, or when
    the last step's backward is neither right nor a catalogued mistake (a function that
    does no work cannot excuse the sequence built on it)."""
    x, h0, weights, dh = inputs[0], inputs[1], inputs[-3:], upstream[0]
    step = spec.step
    states = (h0, np.zeros_like(h0)) if step.forward.outputs == 2 else (h0,)
    if spec.forward.replay(student, inputs) is None:
        return None
    replayed = _replay_steps(student, step.forward.name, x, states, weights, keep=True)
    if replayed is None:
        return None
    caches, starts, ends = replayed
    future = [np.zeros_like(h0)] * len(states)
    dx, dW = [None] * x.shape[1], None
    try:
        with _unrecorded(student):
            for t in reversed(range(x.shape[1])):
                up = (dh[:, t] + future[0], *future[1:])
                got = student.call(step.name, *up, caches[t], watch=False)
                if t == x.shape[1] - 1 and not step.known(
                        student, got, ends[t], (x[:, t], *starts[t], *weights), up):
                    return None
                got = [np.asarray(g, dtype=float) for g in got]
                dx[t], future = got[0], got[1:1 + len(states)]
                dW = got[1 + len(states):] if dW is None else \
                    [a + g for a, g in zip(dW, got[1 + len(states):])]
            student.release(*caches)
        return [np.stack(dx, axis=1), future[0], *dW]
    except (StudentError, TypeError, ValueError, IndexError, AttributeError):
        return None


def _matches_own(got, own, tol):
    """Whether a tuple of arrays equals the student's own replayed answer."""
    if own is None or not isinstance(got, (tuple, list)) or len(got) != len(own):
        return False
    try:
        return all(close(np.asarray(g, dtype=float), o, tol) for g, o in zip(got, own))
    except (TypeError, ValueError):
        return False


def _known(got, expected, variants, tol="float"):
    """Whether ``got`` (a tuple of arrays) is the right answer or one of the catalogued
    mistakes of its exercise (those are charged, and named, by the value check)."""
    return any(_matches_own(got, values, tol) for values in [expected, *variants])


# -- what the edge-case checks need to know about each function --------------------
#
# An edge case (a batch of one, T = 1, lists) is graded on the student's own answer on
# an ordinary input containing it when that answer is right or a catalogued mistake
# (charged by the value check); any other answer (a constant, garbage) gets no credit
# there: the edge case is then compared with the oracle.

@dataclass(frozen=True)
class _Forward:
    name: str
    outputs: int                         # arrays before the cache
    oracle: Callable                     # inputs -> [arrays]
    variants: Callable = lambda *inputs: []
    step: "_Forward" = None              # a sequence forward's step function

    def call(self, student, inputs, needed_by=None):
        return _call_forward(student, self.name, inputs, self.outputs + 1, self.outputs,
                             needed_by or self.name)

    def right(self, got, inputs):
        return _matches_own(list(got[:self.outputs]), self.oracle(*inputs), "float")

    def known(self, student, got, inputs):
        """Right, a catalogued mistake, or (a sequence) the student's own working step
        function iterated."""
        expected = self.oracle(*inputs)
        if _matches_own(list(got[:self.outputs]), expected, "float") or \
                _known(list(got[:self.outputs]), expected, self.variants(*inputs)):
            return True
        return self.step is not None and _matches_own([got[0]], [self.replay(student, inputs)],
                                                      "float")

    def replay(self, student, inputs, vouch=None):
        """h from the student's own step function iterated over the sequence, when that
        step works (right or a catalogued mistake on the first step of ``vouch``, by
        default the same inputs), else None."""
        x, h0, weights = inputs[0], inputs[1], inputs[-3:]
        states = (h0, np.zeros_like(h0)) if self.step.outputs == 2 else (h0,)
        v = inputs if vouch is None else vouch
        first = (v[0][:, 0], *((v[1], np.zeros_like(v[1])) if self.step.outputs == 2
                               else (v[1],)), *v[-3:])
        try:
            with _unrecorded(student):
                result = student.call(self.step.name, *first, opaque=(self.step.outputs,),
                                      watch=False)
                student.release(result[-1])
        except StudentError:
            return None
        if not isinstance(result, (tuple, list)) or len(result) != self.step.outputs + 1 \
                or not self.step.known(student, result, first):
            return None
        return _replay_steps(student, self.step.name, x, states, weights)


@_memo
def _rnn_step_outputs(x, h, Wx, Wh, b):
    return [_np(_rnn_cell(*(_t(v) for v in (x, h, Wx, Wh, b))))]


@_memo
def _lstm_step_outputs(x, h, c, Wx, Wh, b, contract_order=True):
    return [_np(v) for v in _lstm_cell(*(_t(v) for v in (x, h, c, Wx, Wh, b)),
                                       contract_order=contract_order)]


RNN_STEP = _Forward("rnn_step_forward", 1, _rnn_step_outputs,
                    lambda x, h, Wx, Wh, b: [[np.tanh(x @ Wx + h @ Wh.T + b)]])
RNN_SEQ = _Forward("rnn_forward", 1, lambda *a: [_rnn_values(*a)], lambda x, h0, Wx, Wh, b: [
    [_np_rnn(x, h0, Wx, Wh.T, b)],
    [np.stack([np.tanh(x[:, t] @ Wx + h0 @ Wh + b) for t in range(x.shape[1])], axis=1)]],
    step=RNN_STEP)
LSTM_STEP = _Forward("lstm_step_forward", 2, _lstm_step_outputs, lambda *a: [
    _lstm_step_outputs(*a, contract_order=False),
    [_np_lstm_step(*a, output_tanh=False)[0], _lstm_step_outputs(*a)[1]]])
LSTM_SEQ = _Forward("lstm_forward", 1, lambda *a: [_lstm_values(*a)],
                    lambda *a: [[_lstm_values(*a, contract_order=False)]],
                    step=LSTM_STEP)


@dataclass(frozen=True)
class _Backward:
    name: str
    forward: _Forward
    names: tuple
    oracle: Callable                     # (inputs, upstream) -> (forward h, [grads])
    variants: Callable                   # (inputs, upstream, grads) -> [[grads]]
    step: "_Backward" = None             # a sequence backward's step function

    def known(self, student, got, forward_result, inputs, upstream):
        """Right, a catalogued mistake, the consequence of a catalogued forward mistake
        (its cache), or (a sequence) BPTT through the student's own working steps."""
        h_expected, grads = self.oracle(inputs, upstream)
        if _matches_own(got, grads, "gradient") or \
                _known(got, grads, self.variants(inputs, upstream, grads), "gradient"):
            return True
        if not self.forward.right(forward_result, inputs) and \
                self.forward.known(student, forward_result, inputs):
            return True
        return self.step is not None and _matches_own(
            got, _replay_bptt(student, self, inputs, upstream), "gradient")


def _rnn_step_grad_variants(inputs, upstream, grads):
    x, h, Wx, Wh, b = inputs
    (dh,) = upstream
    h_next = np.tanh(x @ Wx + h @ Wh + b)
    da, da_wrong = dh * (1 - h_next ** 2), dh * (1 - np.tanh(h_next) ** 2)
    return [(TANH_DERIVATIVE, [da_wrong @ Wx.T, da_wrong @ Wh.T, x.T @ da_wrong, h.T @ da_wrong,
                               da_wrong.sum(0)]),
            (BACKWARD_NO_TRANSPOSE, [grads[0], da @ Wh, *grads[2:]])]


def _rnn_seq_grad_variants(inputs, upstream, grads):
    x, h0, Wx, Wh, b = inputs
    (dh,) = upstream
    da, hs = _rnn_preactivation_grads(x, h0, Wx, Wh, b, dh)
    return [(BPTT_DROPS_FUTURE, _rnn_sequence_oracle(x, h0, Wx, Wh, b, dh, True)[1]),
            (DWH_CURRENT_STATE, [*grads[:3], np.einsum("nth,ntk->hk", hs, da), grads[4]])]


def _lstm_step_grad_variants(inputs, upstream, grads):
    x, h, c, Wx, Wh, b = inputs
    dh, dc = upstream
    return [(LSTM_DROPS_DC, _lstm_step_oracle(x, h, c, Wx, Wh, b, dh, 0 * dc)[2]),
            (TANH_DERIVATIVE, _lstm_step_grads_with_dtanh_of_c(x, h, c, Wx, Wh, b, dh, dc)),
            (LSTM_TORCH_ORDER, _lstm_step_oracle(x, h, c, Wx, Wh, b, dh, dc, False)[2])]


def _lstm_seq_grad_variants(inputs, upstream, grads):
    x, h0, Wx, Wh, b = inputs
    (dh,) = upstream
    return [(BPTT_DROPS_FUTURE, _lstm_sequence_oracle(x, h0, Wx, Wh, b, dh, "h")[1]),
            (BPTT_DROPS_FUTURE, _lstm_sequence_oracle(x, h0, Wx, Wh, b, dh, "hc")[1])]


def _unnamed(variants):
    return lambda *args: [values for _, values in variants(*args)]


STEP_NAMES = ("dx", "dh_prev", "dWx", "dWh", "db")
LSTM_STEP_NAMES = ("dx", "dh_prev", "dc_prev", "dWx", "dWh", "db")

RNN_STEP_BACK = _Backward(
    "rnn_step_backward", RNN_STEP, STEP_NAMES,
    lambda inputs, up: _rnn_step_oracle(*inputs, *up), _unnamed(_rnn_step_grad_variants))
RNN_SEQ_BACK = _Backward(
    "rnn_backward", RNN_SEQ, GRAD_NAMES,
    lambda inputs, up: _rnn_sequence_oracle(*inputs, *up), _unnamed(_rnn_seq_grad_variants),
    step=RNN_STEP_BACK)
LSTM_STEP_BACK = _Backward(
    "lstm_step_backward", LSTM_STEP, LSTM_STEP_NAMES,
    lambda inputs, up: (lambda r: (r[0], r[2]))(_lstm_step_oracle(*inputs, *up)),
    _unnamed(_lstm_step_grad_variants))
LSTM_SEQ_BACK = _Backward(
    "lstm_backward", LSTM_SEQ, GRAD_NAMES,
    lambda inputs, up: _lstm_sequence_oracle(*inputs, *up), _unnamed(_lstm_seq_grad_variants),
    step=LSTM_STEP_BACK)


def _expect_close_naming(got, expected, what, misconceptions):
    """``expect_close`` naming the catalogued mistakes ``misconceptions()`` gives, whose
    values are computed only for an answer that is not right."""
    try:
        return expect_close(got, expected, what)
    except CheckFailure:
        return expect_close(got, expected, what, misconceptions=misconceptions())


def _expect_oracle(got, expected, names, what, tol="float"):
    """An edge case compared with the oracle (the student's ordinary answer was neither
    right nor a catalogued mistake, so it cannot vouch for the edge case)."""
    _expect_tuple(got, names, what)
    for name, g, e in zip(names, got, expected):
        expect_close(_shaped(g, e, f"{what}: {name}", tol), e, f"{what}: {name}", tol=tol)


def _forward_edge(student, spec, general, edge, select, names, what, reference):
    """``edge`` inputs graded on the student's answer to ``general`` (``select`` picks
    the part of it the edge case must reproduce)."""
    own = spec.call(student, general)
    got = spec.call(student, edge)[:spec.outputs]
    shapes = [np.shape(e) for e in spec.oracle(*general)]
    arrays = [_own(v, s) for v, s in zip(own[:spec.outputs], shapes)]
    if all(a is not None for a in arrays) and spec.known(student, own, general):
        _expect_same(got, [select(a) for a in arrays], names, what, reference)
    else:
        _expect_oracle(got, spec.oracle(*edge), names, what)


def _backward_edge(student, spec, general, general_up, edge, edge_up, select, what, reference):
    """A backward's edge case graded on the student's own answer to ``general``."""
    forward = spec.forward.call(student, general, spec.name)
    own = student.call(spec.name, *general_up, forward[-1])
    edge_forward = spec.forward.call(student, edge, spec.name)
    got = student.call(spec.name, *edge_up, edge_forward[-1])
    _expect_tuple(got, spec.names, what)
    shapes = [np.shape(g) for g in spec.oracle(general, general_up)[1]]
    arrays = _own_grads(own, shapes)
    if arrays is not None and spec.known(student, own, forward, general, general_up):
        _expect_same(got, select(arrays), spec.names, what, reference)
    elif spec.known(student, got, edge_forward, edge, edge_up):
        return      # the edge answer itself is right or a catalogued mistake
    else:
        _expect_oracle(got, spec.oracle(edge, edge_up)[1], spec.names, what, "gradient")


def _expect_working_forward(student, spec, inputs, what):
    """A property check (inputs unchanged) credits a function that does the work: its
    answer must be right or a catalogued mistake (charged by the value check)."""
    got = spec.call(student, inputs)
    if not spec.known(student, got, inputs):
        _expect_oracle(got[:spec.outputs], spec.oracle(*inputs),
                       ("h", "c")[:spec.outputs], what)


def _expect_working_backward(student, spec, inputs, upstream, what, explicit=False):
    """The backward of ``inputs`` with ``upstream``: a working answer (right, a catalogued
    mistake, or a consequence of a wrong forward), for the property checks."""
    forward = spec.forward.call(student, inputs, spec.name)
    if explicit:       # the upstream gradients returned too (to name the habit)
        got, after = student.call(spec.name, *upstream, forward[-1],
                                  mutable=list(range(len(upstream))))
        names = ("dh", "dc")[:len(upstream)]
        _expect_unmodified(upstream, after, names, spec.name)
    else:
        got = student.call(spec.name, *upstream, forward[-1])
    if not spec.known(student, got, forward, inputs, upstream):
        _expect_oracle(got, spec.oracle(inputs, upstream)[1], spec.names, what, "gradient")


def _expect_finite_and_right(student, spec, args, ordinary_args, what):
    """The forward at saturating pre-activations: finite, and equal to the oracle unless
    the same input at ordinary scale gives a catalogued mistake (charged elsewhere). A
    sequence forward whose overflow is exactly its own step function's is left to that
    step's check."""
    result = spec.call(student, args)
    expected = spec.oracle(*args)
    got = [_shaped(v, e, f"{what}: {n}") for v, e, n in zip(result, expected, ("h", "c"))]
    right = all(close(g, e, "float") for g, e in zip(got, expected))
    if not right and spec.step and _matches_own(
            [got[0]], [spec.replay(student, args, vouch=ordinary_args)], "float"):
        return          # the step function's overflow, charged once in its own exercise
    for g, n in zip(got, ("h", "c")):
        expect_finite(g, f"{what}: {n}")
    ordinary = spec.call(student, ordinary_args)
    mistake = not _matches_own(ordinary[:spec.outputs], spec.oracle(*ordinary_args), "float") \
        and spec.known(student, ordinary, ordinary_args)
    if not mistake:
        for g, e, n in zip(got, expected, ("h", "c")):
            expect_close(g, e, f"{what}: {n}")


# == rnn_step_forward =============================================================

@checks("rnn_step_forward", points=0.75)
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


def _rows(inputs, k, per_example):
    return tuple(v[k:k + 1] if i < per_example else v for i, v in enumerate(inputs))


@checks("rnn_step_forward", points=0.25)
def test_rnn_step_forward_batch_of_one(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=3, T=1)
    inputs, k = (x[:, 0], h0, Wx, Wh, b), int(rng.integers(3))
    _forward_edge(student, RNN_STEP, inputs, _rows(inputs, k, 2), lambda a: a[k:k + 1],
                  ["h_next"], f"rnn_step_forward on a batch of one (N=1, D={x.shape[2]}, "
                  f"H={h0.shape[1]})", f"example {k} of the same call on a batch of 3")


@checks("rnn_step_forward", points=0.25)
def test_rnn_step_forward_accepts_lists(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=2, T=1)
    inputs = (x[:, 0], h0, Wx, Wh, b)
    _forward_edge(student, RNN_STEP, inputs, tuple(a.tolist() for a in inputs), lambda a: a,
                  ["h_next"], "rnn_step_forward with every argument given as (nested) lists",
                  "the same call with NumPy arrays")


@checks("rnn_step_forward", points=0.5)
def test_rnn_step_forward_finite_at_large_inputs(student, rng):
    x, h0, Wx, Wh, _ = _rnn_problem(rng, N=2, T=1, H=int(rng.integers(3, 5)))
    b = _saturating_bias(rng, h0.shape[1])
    _expect_finite_and_right(
        student, RNN_STEP, (x[:, 0], h0, Wx, Wh, b), (x[:, 0], h0, Wx, Wh, _ordinary(b)),
        f"rnn_step_forward with pre-activations a = x Wx + h_prev Wh + b near +-800 in units "
        f"0 and 1 (b = {fmt(b)}; tanh(+-800) = +-1)")


@checks("rnn_step_forward", points=0.25)
def test_rnn_step_forward_inputs_unchanged(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=2, T=1)
    _expect_working_forward(student, RNN_STEP, (x[:, 0], h0, Wx, Wh, b),
                            "rnn_step_forward on random inputs (N=2)")
    expect_no_side_effects(student, "inputs")


# == rnn_step_backward ============================================================

def _expect_backward(student, spec, inputs, upstream, what):
    """The value check of a backward: the oracle's gradients, naming catalogued mistakes
    (a sequence backward that is BPTT through the student's own wrong step functions
    is left to those functions' exercises)."""
    h_expected, grads = spec.oracle(inputs, upstream)
    forward = spec.forward.call(student, inputs, spec.name)
    got = student.call(spec.name, *upstream, forward[-1])
    if _matches_own(got, grads, "gradient"):
        return
    wrong = _own_grads(got, [np.shape(g) for g in grads])
    if spec.step and wrong is not None and not _matches_own(wrong, grads, "gradient") \
            and _matches_own(got, _replay_bptt(student, spec, inputs, upstream), "gradient"):
        return
    variants = {"rnn_step_backward": _rnn_step_grad_variants, "rnn_backward":
                _rnn_seq_grad_variants, "lstm_step_backward": _lstm_step_grad_variants,
                "lstm_backward": _lstm_seq_grad_variants}[spec.name](inputs, upstream, grads)
    _expect_grads(got, grads, spec.names, what, variants=variants,
                  note=_forward_note(forward[0], h_expected, spec.forward.name))


@checks("rnn_step_backward", points=1.75)
def test_rnn_step_backward_matches_autograd(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng)
    N, _, D = x.shape
    _expect_backward(student, RNN_STEP_BACK, (x[:, 0], h0, Wx, Wh, b),
                     (rng.normal(size=h0.shape),),
                     f"rnn_step_backward with N={N}, D={D}, H={h0.shape[1]} and a random "
                     "upstream dh_next (oracle: autograd through torch.nn.RNNCell)")


def _batch_of_one_backward(student, spec, inputs, upstream, per_example, k, what):
    """A backward on a batch of one, graded on the student's own batch answer: example
    k alone must give row k of the per-example gradients and the weight gradients of
    the batch call whose upstream gradients are zero on every other example."""
    masked = []
    for u in upstream:
        m = np.zeros_like(u)
        m[k] = u[k]
        masked.append(m)
    N = inputs[0].shape[0]
    _backward_edge(student, spec, inputs, masked, _rows(inputs, k, per_example),
                   [u[k:k + 1] for u in upstream],
                   lambda own: [a[k:k + 1] for a in own[:per_example]] + own[per_example:],
                   what, f"example {k} of a batch of {N} (upstream gradients zero on the "
                   "others)")


@checks("rnn_step_backward", points=0.25)
def test_rnn_step_backward_batch_of_one(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=3)
    _batch_of_one_backward(student, RNN_STEP_BACK, (x[:, 0], h0, Wx, Wh, b),
                           [rng.normal(size=h0.shape)], 2, int(rng.integers(3)),
                           f"rnn_step_backward on a batch of one (D={x.shape[2]}, "
                           f"H={h0.shape[1]})")


@checks("rnn_step_backward", points=0.5)
def test_rnn_step_backward_cache_reusable(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=2)
    _expect_working_backward(student, RNN_STEP_BACK, (x[:, 0], h0, Wx, Wh, b),
                             (rng.normal(size=h0.shape),), "rnn_step_backward (N=2)")
    expect_no_side_effects(student, "cache")


@checks("rnn_step_backward", points=0.5)
def test_rnn_step_backward_inputs_unchanged(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=2)
    _expect_working_backward(student, RNN_STEP_BACK, (x[:, 0], h0, Wx, Wh, b),
                             (rng.normal(size=h0.shape),), "rnn_step_backward (N=2)")
    expect_no_side_effects(student, "inputs")


# == rnn_forward ==================================================================

@checks("rnn_forward", points=0.75)
def test_rnn_forward_matches_torch_rnn(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng)
    expected = _rnn_values(x, h0, Wx, Wh, b)
    result = _call_forward(student, "rnn_forward", (x, h0, Wx, Wh, b), 2, 1, "rnn_forward")
    N, T, D = x.shape
    if not close(_own(result[0], expected.shape), expected, "float") and _matches_own(
            [result[0]], [RNN_SEQ.replay(student, (x, h0, Wx, Wh, b))], "float"):
        return      # the steps of your own rnn_step_forward: its mistake is graded there
    stale = np.stack([np.tanh(x[:, t] @ Wx + h0 @ Wh + b) for t in range(T)], axis=1)
    expect_close(result[0], expected,
                 f"rnn_forward: h for N={N}, T={T}, D={D}, H={h0.shape[1]} "
                 "(oracle: torch.nn.RNN, batch_first, with h0)",
                 misconceptions={WH_TRANSPOSED: _np_rnn(x, h0, Wx, Wh.T, b), STALE_STATE: stale})


def _single_step_forward(student, spec, inputs, what):
    """A sequence forward with T = 1, graded on the student's own answer: it must be the
    first step of the same call on a longer sequence starting with that step."""
    x, rest = inputs[0], inputs[1:]
    _forward_edge(student, spec, inputs, (x[:, :1], *rest), lambda a: a[:, :1], ["h"], what,
                  f"the first step of the same call on a sequence of T={x.shape[1]}")


def _batch_of_one_forward(student, spec, inputs, k, what):
    _forward_edge(student, spec, inputs, _rows(inputs, k, 2), lambda a: a[k:k + 1], ["h"],
                  what, f"sequence {k} of the same call on a batch of {inputs[0].shape[0]}")


@checks("rnn_forward", points=0.25)
def test_rnn_forward_single_step(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=2, T=3)
    _single_step_forward(student, RNN_SEQ, (x, h0, Wx, Wh, b),
                         f"rnn_forward with T=1 (N=2, D={x.shape[2]}, H={h0.shape[1]})")


@checks("rnn_forward", points=0.25)
def test_rnn_forward_batch_of_one(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=3)
    _batch_of_one_forward(student, RNN_SEQ, (x, h0, Wx, Wh, b), int(rng.integers(3)),
                          f"rnn_forward on a batch of one (T={x.shape[1]}, D={x.shape[2]}, "
                          f"H={h0.shape[1]})")


@checks("rnn_forward", points=0.5)
def test_rnn_forward_finite_at_large_inputs(student, rng):
    x, h0, Wx, Wh, _ = _rnn_problem(rng, N=2, T=3, H=int(rng.integers(3, 5)))
    b = _saturating_bias(rng, h0.shape[1])
    _expect_finite_and_right(
        student, RNN_SEQ, (x, h0, Wx, Wh, b), (x, h0, Wx, Wh, _ordinary(b)),
        f"rnn_forward with pre-activations near +-800 in units 0 and 1 at every step "
        f"(b = {fmt(b)}; tanh(+-800) = +-1)")


@checks("rnn_forward", points=0.25)
def test_rnn_forward_inputs_unchanged(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=2, T=3)
    _expect_working_forward(student, RNN_SEQ, (x, h0, Wx, Wh, b),
                            "rnn_forward on random inputs (N=2, T=3)")
    expect_no_side_effects(student, "inputs")


# == rnn_backward =================================================================

@checks("rnn_backward", points=2.5)
def test_rnn_backward_matches_autograd(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng)
    N, T, D = x.shape
    _expect_backward(student, RNN_SEQ_BACK, (x, h0, Wx, Wh, b),
                     (rng.normal(size=(N, T, h0.shape[1])),),
                     f"rnn_backward with N={N}, T={T}, D={D}, H={h0.shape[1]} and a random "
                     "upstream gradient on every hidden state (oracle: autograd through "
                     "torch.nn.RNN)")


def _single_step_backward(student, spec, inputs, g, what):
    """A sequence backward with T = 1, graded on the student's own answer: it must equal
    the same call on a longer sequence whose upstream gradient is zero after step 1
    (dx at step 1, dh0 and the weight gradients)."""
    x, rest = inputs[0], inputs[1:]
    N, T, _ = x.shape
    dh = np.zeros((N, T, g.shape[1]))
    dh[:, 0] = g
    _backward_edge(student, spec, inputs, (dh,), (x[:, :1], *rest), (dh[:, :1],),
                   lambda own: [own[0][:, :1], *own[1:]], what,
                   f"the same call on a sequence of T={T} with the upstream gradient on the "
                   "first hidden state only")


@checks("rnn_backward", points=0.25)
def test_rnn_backward_single_step(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=2, T=3)
    _single_step_backward(student, RNN_SEQ_BACK, (x, h0, Wx, Wh, b), rng.normal(size=h0.shape),
                          f"rnn_backward with T=1 (N=2, D={x.shape[2]}, H={h0.shape[1]})")


@checks("rnn_backward", points=0.25)
def test_rnn_backward_batch_of_one(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=3)
    _batch_of_one_backward(student, RNN_SEQ_BACK, (x, h0, Wx, Wh, b),
                           [rng.normal(size=(*x.shape[:2], h0.shape[1]))], 2,
                           int(rng.integers(3)), f"rnn_backward on a batch of one "
                           f"(T={x.shape[1]}, D={x.shape[2]}, H={h0.shape[1]})")


@checks("rnn_backward", points=0.5)
def test_rnn_backward_cache_reusable(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=2, T=3)
    _expect_working_backward(student, RNN_SEQ_BACK, (x, h0, Wx, Wh, b),
                             (rng.normal(size=(2, 3, h0.shape[1])),), "rnn_backward (N=2, T=3)")
    expect_no_side_effects(student, "cache")


@checks("rnn_backward", points=0.5)
def test_rnn_backward_inputs_unchanged(student, rng):
    x, h0, Wx, Wh, b = _rnn_problem(rng, N=2, T=3)
    # dh compared explicitly: adding into dh[:, t - 1] is the classic BPTT habit
    _expect_working_backward(student, RNN_SEQ_BACK, (x, h0, Wx, Wh, b),
                             (rng.normal(size=(2, 3, h0.shape[1])),), "rnn_backward (N=2, T=3)",
                             explicit=True)
    expect_no_side_effects(student, "inputs")


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


def _jacobian_known(got, h, Wh, expected):
    """Right, or one of the catalogued Jacobian mistakes (their values computed only
    for an answer that is not right)."""
    return _matches_own([got], [expected], "float") or _known(
        [got], [expected], [[v] for v in _jacobian_norm_variants(h, Wh).values()])


def _one_step_norm(h_last, Wh):
    return np.array([np.linalg.norm(np.diag(1 - h_last ** 2) @ Wh.T, 2)])


@checks("hidden_jacobian_norms", points=1.75)
def test_hidden_jacobian_norms_matches_autograd_jacobians(student, rng):
    h, Wh, expected = _jacobian_problem(rng)
    got = student.call("hidden_jacobian_norms", h, Wh)
    T, H = h.shape
    _expect_close_naming(got, expected,
                         f"hidden_jacobian_norms for a tanh RNN with T={T}, H={H} "
                         "(oracle: ||dh_T/dh_t||_2 from autograd Jacobians of the recurrence "
                         "through torch.nn.RNNCell)", lambda: _jacobian_norm_variants(h, Wh))


@checks("hidden_jacobian_norms", points=0.25)
def test_hidden_jacobian_norms_single_step(student, rng):
    # ||dh_T/dh_{T-1}|| depends on h_T and Wh only: the last entry for the whole sequence
    # is the single entry for the sequence made of its last state
    h, Wh, expected = _jacobian_problem(rng, T=int(rng.integers(3, 6)))
    whole = student.call("hidden_jacobian_norms", h, Wh)
    one = student.call("hidden_jacobian_norms", h[-1:], Wh)
    what = f"hidden_jacobian_norms with T=1 (H={h.shape[1]})"
    own = _own(whole, (h.shape[0],))
    if own is not None and _jacobian_known(own, h, Wh, expected):
        _expect_same([one], [own[-1:]], ["norms"], what,
                     f"the last entry of the same call on T={h.shape[0]} states ending "
                     "with that one")
    else:
        expect_close(one, _one_step_norm(h[-1], Wh), what)


@checks("hidden_jacobian_norms", points=0.25)
def test_hidden_jacobian_norms_single_unit(student, rng):
    # with H = 1 the step Jacobians are numbers: entry t is the product of the one-step
    # norms of steps t+1..T (each the student's own T=1 answer)
    h, Wh, expected = _jacobian_problem(rng, T=int(rng.integers(3, 5)), H=1)
    T = h.shape[0]
    whole = student.call("hidden_jacobian_norms", h, Wh)
    what = f"hidden_jacobian_norms with H=1, T={T}"
    steps = [_own(student.call("hidden_jacobian_norms", h[k:k + 1], Wh), (1,))
             for k in range(T)]
    if all(s is not None and _jacobian_known(s, h[k:k + 1], Wh, _one_step_norm(h[k], Wh))
           for k, s in enumerate(steps)):
        steps = np.concatenate(steps)
        _expect_same([whole], [np.array([np.prod(steps[t:]) for t in range(T)])], ["norms"],
                     what, "the product of your one-step answers (one unit: the chain rule "
                     "multiplies numbers)")
    else:
        expect_close(whole, expected, what)


@checks("hidden_jacobian_norms", points=0.25)
def test_hidden_jacobian_norms_accepts_lists(student, rng):
    h, Wh, expected = _jacobian_problem(rng, T=int(rng.integers(2, 5)))
    arrays = student.call("hidden_jacobian_norms", h, Wh)
    lists = student.call("hidden_jacobian_norms", h.tolist(), Wh.tolist())
    what = "hidden_jacobian_norms with h and Wh given as nested lists"
    own = _own(arrays, expected.shape)
    if own is not None and _jacobian_known(own, h, Wh, expected):
        _expect_same([lists], [own], ["norms"], what, "the same call with NumPy arrays")
    else:
        expect_close(lists, expected, what)


def _expect_working_jacobian(student, rng):
    """A working hidden_jacobian_norms (right or a catalogued mistake) for the property
    checks, which would otherwise credit any function that does nothing."""
    h, Wh, expected = _jacobian_problem(rng, T=3)
    got = student.call("hidden_jacobian_norms", h, Wh)
    own = _own(got, expected.shape)
    if own is None or not _jacobian_known(own, h, Wh, expected):
        expect_close(got, expected, f"hidden_jacobian_norms for T=3, H={h.shape[1]}")


@checks("hidden_jacobian_norms", points=0.25)
def test_hidden_jacobian_norms_rejects_mismatched_shapes(student, rng):
    _expect_working_jacobian(student, rng)
    h = rng.uniform(-0.9, 0.9, size=(3, 2))
    expect_raises(student, "ValueError", "hidden_jacobian_norms", h, np.eye(3),
                  what="hidden_jacobian_norms with h of shape (3, 2) and Wh of shape (3, 3)")


@checks("hidden_jacobian_norms", points=0.25)
def test_hidden_jacobian_norms_inputs_unchanged(student, rng):
    _expect_working_jacobian(student, rng)
    expect_no_side_effects(student, "inputs")


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
    got = {k: as_array(clipped[k], f"{what}: clipped[{k!r}]", np.shape(g)) for k, g in grads.items()}
    wrong = [k for k, g in grads.items() if not close(got[k], g * scale, "float")]
    if wrong:
        torch_clipped = _torch_clip(grads, max_norm)[0]
        wrong = [k for k in wrong if not close(got[k], torch_clipped[k], "float")]
    if not wrong:
        return        # the contract's max_norm / total, or torch's max_norm / (total + 1e-6)
    mistakes = {CLIP_PER_ARRAY: {k: g * min(1.0, max_norm / max(np.linalg.norm(g), 1e-300))
                                 for k, g in grads.items()},
                CLIP_BY_VALUE: {k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()}}
    # named only when it explains every array (an array inside both limits is both mistakes)
    named = [key for key, values in mistakes.items()
             if all(close(got[k], values[k], "float") for k in grads)]
    k = wrong[0]
    fail(f"{what}: clipped[{k!r}] (total norm {fmt(expected_total)}, max_norm {fmt(max_norm)}, "
         f"so every array is scaled by {fmt(scale)}): got {fmt(got[k])}, expected "
         f"{fmt(grads[k] * scale)}.", named[0] if len(named) == 1 else None)


CLIP_MISTAKES = (CLIP_PER_ARRAY, CLIP_BY_VALUE, CLIP_NORM_AFTER)


def _clip_known(result, grads, max_norm):
    """Right, or one of the catalogued clipping mistakes (named by the value check)."""
    try:
        _expect_clipped(result, grads, max_norm, "clip_grad_norm")
    except CheckFailure as failure:
        return failure.misconception in CLIP_MISTAKES
    return True


def _clipping_case(rng):
    grads = _grad_dict(rng, scale=rng.uniform(1.0, 3.0))
    total = math.sqrt(sum(float(np.sum(g ** 2)) for g in grads.values()))
    return grads, float(total * rng.uniform(0.1, 0.6))


@checks("clip_grad_norm", points=1)
def test_clip_grad_norm_matches_torch_when_clipping(student, rng):
    grads, max_norm = _clipping_case(rng)
    result = student.call("clip_grad_norm", grads, max_norm)
    _expect_clipped(result, grads, max_norm,
                    f"clip_grad_norm on {len(grads)} random arrays with max_norm {fmt(max_norm)} "
                    "(oracle: torch.nn.utils.get_total_norm / clip_grad_norm_)")


@checks("clip_grad_norm", points=0.75)
def test_clip_grad_norm_unchanged_below_threshold(student, rng):
    grads = _grad_dict(rng, scale=rng.uniform(0.1, 1.0))
    total = math.sqrt(sum(float(np.sum(g ** 2)) for g in grads.values()))
    max_norm = float(total * rng.uniform(1.2, 3.0))
    result = student.call("clip_grad_norm", grads, max_norm)
    _expect_clipped(result, grads, max_norm,
                    f"clip_grad_norm with max_norm {fmt(max_norm)} above the total norm "
                    f"{fmt(total)} (nothing may change)")


@checks("clip_grad_norm", points=0.25)
def test_clip_grad_norm_accepts_lists(student, rng):
    grads, max_norm = _clipping_case(rng)
    lists = {k: (g.tolist() if i % 2 == 0 else g) for i, (k, g) in enumerate(grads.items())}
    own = student.call("clip_grad_norm", grads, max_norm)
    got = student.call("clip_grad_norm", lists, max_norm)
    what = "clip_grad_norm on a dict holding nested lists and arrays"
    if not _clip_known(own, grads, max_norm):
        _expect_clipped(got, grads, max_norm, what)
        return
    if not isinstance(got, (tuple, list)) or len(got) != 2 or not isinstance(got[0], dict) \
            or set(got[0]) != set(own[0]):
        fail(f"{what} should return ({{same keys: new arrays}}, total) as it does for arrays.")
    names = sorted(own[0])
    _expect_same([got[1], *(got[0][k] for k in names)], [own[1], *(own[0][k] for k in names)],
                 ["total", *(f"clipped[{k!r}]" for k in names)], what,
                 "the same call with NumPy arrays")


@checks("clip_grad_norm", points=0.25)
def test_clip_grad_norm_all_zero_gradients(student, rng):
    _expect_working_clip(student, rng)      # returning zeros is right here, and only here
    zeros = {"W": np.zeros((int(rng.integers(2, 4)), 2)), "b": np.zeros(2)}
    for max_norm in (float(rng.uniform(0.1, 1.0)), 0.0):    # max_norm = 0 is allowed too
        result = student.call("clip_grad_norm", zeros, max_norm)
        _expect_clipped(result, zeros, max_norm, "clip_grad_norm on all-zero gradients with "
                        f"max_norm {fmt(max_norm)} (total 0: no division by zero, nothing to clip)")


def _expect_working_clip(student, rng, explicit=False):
    """A working clip_grad_norm (right or a catalogued mistake) for the property checks."""
    grads, max_norm = _clipping_case(rng)
    if explicit:      # the dict returned too: scaling the caller's arrays is the classic habit
        result, (after,) = student.call("clip_grad_norm", grads, max_norm, mutable=[0])
        _expect_unmodified([grads], [after], ["grads"], "clip_grad_norm")
    else:
        result = student.call("clip_grad_norm", grads, max_norm)
    if not _clip_known(result, grads, max_norm):
        _expect_clipped(result, grads, max_norm, f"clip_grad_norm with max_norm {fmt(max_norm)}")


@checks("clip_grad_norm", points=0.25)
def test_clip_grad_norm_rejects_negative_max_norm(student, rng):
    _expect_working_clip(student, rng)
    for max_norm in (-float(rng.uniform(1e-3, 0.9)), -float(rng.uniform(1.1, 3.0))):
        expect_raises(student, "ValueError", "clip_grad_norm", {"W": np.ones(3)}, max_norm,
                      what=f"clip_grad_norm with the negative max_norm {fmt(max_norm)}")


@checks("clip_grad_norm", points=0.5)
def test_clip_grad_norm_inputs_unchanged(student, rng):
    _expect_working_clip(student, rng, explicit=True)
    expect_no_side_effects(student, "inputs")


# == lstm_step_forward ============================================================

@checks("lstm_step_forward", points=1.75)
def test_lstm_step_forward_matches_torch_lstmcell(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng)
    xt = x[:, 0]
    c0 = rng.normal(size=h0.shape)
    h_exp, c_exp = (_np(v) for v in _lstm_cell(*(_t(v) for v in (xt, h0, c0, Wx, Wh, b))))

    def torch_order():
        return [_np(v) for v in _lstm_cell(*(_t(v) for v in (xt, h0, c0, Wx, Wh, b)),
                                           contract_order=False)]
    result = _call_forward(student, "lstm_step_forward", (xt, h0, c0, Wx, Wh, b), 3, 2,
                           "lstm_step_forward")
    N, D = xt.shape
    what = (f"lstm_step_forward with N={N}, D={D}, H={h0.shape[1]} random inputs (oracle: "
            "torch.nn.LSTMCell with the gate blocks reordered to PyTorch's i, f, g, o)")
    _expect_close_naming(result[1], c_exp, what + ": c",
                         lambda: {LSTM_TORCH_ORDER: torch_order()[1]})
    _expect_close_naming(result[0], h_exp, what + ": h", lambda: {
        LSTM_TORCH_ORDER: torch_order()[0],
        LSTM_OUTPUT_NO_TANH: _np_lstm_step(xt, h0, c0, Wx, Wh, b, output_tanh=False)[0]})


@checks("lstm_step_forward", points=0.25)
def test_lstm_step_forward_batch_of_one(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=3, T=1)
    inputs, k = (x[:, 0], h0, rng.normal(size=h0.shape), Wx, Wh, b), int(rng.integers(3))
    _forward_edge(student, LSTM_STEP, inputs, _rows(inputs, k, 3), lambda a: a[k:k + 1],
                  ["h", "c"], f"lstm_step_forward on a batch of one (N=1, D={x.shape[2]}, "
                  f"H={h0.shape[1]})", f"example {k} of the same call on a batch of 3")


@checks("lstm_step_forward", points=0.25)
def test_lstm_step_forward_accepts_lists(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=2, T=1)
    inputs = (x[:, 0], h0, rng.normal(size=h0.shape), Wx, Wh, b)
    _forward_edge(student, LSTM_STEP, inputs, tuple(a.tolist() for a in inputs), lambda a: a,
                  ["h", "c"], "lstm_step_forward with every argument given as (nested) lists",
                  "the same call with NumPy arrays")


@checks("lstm_step_forward", points=0.5)
def test_lstm_step_forward_finite_at_large_inputs(student, rng):
    x, h0, Wx, Wh, _ = _lstm_problem(rng, N=2, T=1, H=3)
    b = _saturating_bias(rng, 3, blocks=4)
    xt, c0 = x[:, 0], rng.normal(size=h0.shape)
    _expect_finite_and_right(
        student, LSTM_STEP, (xt, h0, c0, Wx, Wh, b), (xt, h0, c0, Wx, Wh, _ordinary(b)),
        f"lstm_step_forward with every gate's pre-activation near +-800 in units 0 and 1 "
        f"(b = {fmt(b)}; sigmoid(800) = 1, sigmoid(-800) = 0, tanh(+-800) = +-1)")


@checks("lstm_step_forward", points=0.25)
def test_lstm_step_forward_inputs_unchanged(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=2, T=1)
    _expect_working_forward(student, LSTM_STEP, (x[:, 0], h0, rng.normal(size=h0.shape), Wx,
                                                 Wh, b), "lstm_step_forward (N=2)")
    expect_no_side_effects(student, "inputs")


# == lstm_step_backward ===========================================================

@checks("lstm_step_backward", points=1.75)
def test_lstm_step_backward_matches_autograd(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng)
    N, _, D = x.shape
    _expect_backward(student, LSTM_STEP_BACK, (x[:, 0], h0, rng.normal(size=h0.shape), Wx, Wh, b),
                     (rng.normal(size=h0.shape), rng.normal(size=h0.shape)),
                     f"lstm_step_backward with N={N}, D={D}, H={h0.shape[1]} and random "
                     "upstream dh, dc (oracle: autograd through torch.nn.LSTMCell)")


@checks("lstm_step_backward", points=0.25)
def test_lstm_step_backward_batch_of_one(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=3)
    _batch_of_one_backward(student, LSTM_STEP_BACK,
                           (x[:, 0], h0, rng.normal(size=h0.shape), Wx, Wh, b),
                           [rng.normal(size=h0.shape), rng.normal(size=h0.shape)], 3,
                           int(rng.integers(3)), f"lstm_step_backward on a batch of one "
                           f"(D={x.shape[2]}, H={h0.shape[1]})")


def _lstm_step_case(rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=2, T=1)
    return ((x[:, 0], h0, rng.normal(size=h0.shape), Wx, Wh, b),
            (rng.normal(size=h0.shape), rng.normal(size=h0.shape)))


@checks("lstm_step_backward", points=0.5)
def test_lstm_step_backward_cache_reusable(student, rng):
    _expect_working_backward(student, LSTM_STEP_BACK, *_lstm_step_case(rng),
                             "lstm_step_backward (N=2)")
    expect_no_side_effects(student, "cache")


@checks("lstm_step_backward", points=0.5)
def test_lstm_step_backward_inputs_unchanged(student, rng):
    _expect_working_backward(student, LSTM_STEP_BACK, *_lstm_step_case(rng),
                             "lstm_step_backward (N=2)")
    expect_no_side_effects(student, "inputs")


# == lstm_forward =================================================================

@checks("lstm_forward", points=0.75)
def test_lstm_forward_matches_torch_lstm(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng)
    expected = _lstm_values(x, h0, Wx, Wh, b)
    result = _call_forward(student, "lstm_forward", (x, h0, Wx, Wh, b), 2, 1, "lstm_forward")
    N, T, D = x.shape
    if not close(_own(result[0], expected.shape), expected, "float") and _matches_own(
            [result[0]], [LSTM_SEQ.replay(student, (x, h0, Wx, Wh, b))], "float"):
        return      # the steps of your own lstm_step_forward: its mistake is graded there
    _expect_close_naming(result[0], expected,
                         f"lstm_forward: h for N={N}, T={T}, D={D}, H={h0.shape[1]} (oracle: "
                         "torch.nn.LSTM, batch_first, with h0 and c0 = 0)",
                         lambda: {LSTM_TORCH_ORDER: _lstm_values(x, h0, Wx, Wh, b, False)})


@checks("lstm_forward", points=0.25)
def test_lstm_forward_single_step(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=2, T=3)
    _single_step_forward(student, LSTM_SEQ, (x, h0, Wx, Wh, b),
                         f"lstm_forward with T=1 (N=2, D={x.shape[2]}, H={h0.shape[1]})")


@checks("lstm_forward", points=0.25)
def test_lstm_forward_batch_of_one(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=3)
    _batch_of_one_forward(student, LSTM_SEQ, (x, h0, Wx, Wh, b), int(rng.integers(3)),
                          f"lstm_forward on a batch of one (T={x.shape[1]}, D={x.shape[2]}, "
                          f"H={h0.shape[1]})")


@checks("lstm_forward", points=0.5)
def test_lstm_forward_finite_at_large_inputs(student, rng):
    x, h0, Wx, Wh, _ = _lstm_problem(rng, N=2, T=3, H=3)
    b = _saturating_bias(rng, 3, blocks=4)
    _expect_finite_and_right(
        student, LSTM_SEQ, (x, h0, Wx, Wh, b), (x, h0, Wx, Wh, _ordinary(b)),
        f"lstm_forward with every gate's pre-activation near +-800 in units 0 and 1 at every "
        f"step (b = {fmt(b)})")


@checks("lstm_forward", points=0.25)
def test_lstm_forward_inputs_unchanged(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=2, T=3)
    _expect_working_forward(student, LSTM_SEQ, (x, h0, Wx, Wh, b),
                            "lstm_forward on random inputs (N=2, T=3)")
    expect_no_side_effects(student, "inputs")


# == lstm_backward ================================================================

@checks("lstm_backward", points=2.5)
def test_lstm_backward_matches_autograd(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng)
    N, T, D = x.shape
    _expect_backward(student, LSTM_SEQ_BACK, (x, h0, Wx, Wh, b),
                     (rng.normal(size=(N, T, h0.shape[1])),),
                     f"lstm_backward with N={N}, T={T}, D={D}, H={h0.shape[1]} and a random "
                     "upstream gradient on every hidden state (oracle: autograd through "
                     "torch.nn.LSTM)")


@checks("lstm_backward", points=0.25)
def test_lstm_backward_single_step(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=2, T=3)
    _single_step_backward(student, LSTM_SEQ_BACK, (x, h0, Wx, Wh, b),
                          rng.normal(size=h0.shape),
                          f"lstm_backward with T=1 (N=2, D={x.shape[2]}, H={h0.shape[1]})")


@checks("lstm_backward", points=0.25)
def test_lstm_backward_batch_of_one(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=3)
    _batch_of_one_backward(student, LSTM_SEQ_BACK, (x, h0, Wx, Wh, b),
                           [rng.normal(size=(*x.shape[:2], h0.shape[1]))], 2,
                           int(rng.integers(3)), f"lstm_backward on a batch of one "
                           f"(T={x.shape[1]}, D={x.shape[2]}, H={h0.shape[1]})")


@checks("lstm_backward", points=0.5)
def test_lstm_backward_cache_reusable(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=2, T=3)
    _expect_working_backward(student, LSTM_SEQ_BACK, (x, h0, Wx, Wh, b),
                             (rng.normal(size=(2, 3, h0.shape[1])),), "lstm_backward (N=2, T=3)")
    expect_no_side_effects(student, "cache")


@checks("lstm_backward", points=0.5)
def test_lstm_backward_inputs_unchanged(student, rng):
    x, h0, Wx, Wh, b = _lstm_problem(rng, N=2, T=3)
    _expect_working_backward(student, LSTM_SEQ_BACK, (x, h0, Wx, Wh, b),
                             (rng.normal(size=(2, 3, h0.shape[1])),), "lstm_backward (N=2, T=3)")
    expect_no_side_effects(student, "inputs")
