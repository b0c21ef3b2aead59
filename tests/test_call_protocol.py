"""The call protocol's economies judge exactly what a full exchange would: a
watched argument comes back only when its encoding changed, the second call on
a cache travels with the first, a call made with ``watch=False`` records
nothing, and arrays cross as raw bytes of a checked dtype."""
import numpy as np
import pytest

from autograder.boundary import codec
from autograder.boundary.student import (CACHE_NOT_REUSABLE, DEFINED, INPUT_MODIFIED, MISSING,
                                         STUB, LocalStudent, StudentError, SubmissionFailure,
                                         calls_made)
from autograder.grading.calls import Invalid, calls_valid, expect_value_error, expect_value_errors
from autograder.grading.checks import CheckFailure

CODE = '''
import numpy as np

def scales_in_place(x, table):
    x *= 2
    return float(np.sum(x))

def rewrites_equal_values(values):
    values[0] = float(values[0])      # 1 -> 1.0: another encoding, the same value
    return len(values)

def forward(x):
    return x * 2, {"x": x.copy()}

def backward_that_pops(dout, cache):
    cache.pop("x")
    return dout * 2

def backward(dout, cache):
    return dout * 2 + 0 * cache["x"]

def positive(x):
    if x <= 0:
        raise ValueError("x must be positive")
    return x
'''


class CountingStudent(LocalStudent):
    def __init__(self):
        namespace = {}
        exec(CODE, namespace)  # noqa: S102 - test code
        super().__init__(namespace)
        self.requests, self.replies = [], []

    def _send(self, request):
        reply = super()._send(request)
        self.requests.append(request)
        self.replies.append(reply)
        return reply


def test_only_changed_arguments_travel_back_and_equal_values_are_not_a_change():
    student = CountingStudent()
    student.call("scales_in_place", np.arange(3.0), {"k": [1, 2]})
    assert student.replies[-1]["changed"][0] is not None     # x was scaled: sent back
    assert student.replies[-1]["changed"][1] is None         # the dict was not touched
    assert [e.kind for e in student.side_effects] == [INPUT_MODIFIED]
    student.side_effects.clear()
    student.call("rewrites_equal_values", [1, 2])
    assert student.replies[-1]["changed"] != [None]           # re-encoded differently ...
    assert student.side_effects == []                         # ... but the same value
    assert student.watched["inputs"] == 2


@pytest.mark.parametrize("backward,recorded", [("backward", False), ("backward_that_pops", True)])
def test_the_second_call_on_a_cache_travels_with_the_first(backward, recorded):
    student = CountingStudent()
    _, cache = student.call("forward", np.ones(3), opaque=(1,))
    sent = len(student.requests)
    assert np.array_equal(student.call(backward, np.ones(3), cache), 2 * np.ones(3))
    assert len(student.requests) == sent + 1 and student.requests[-1]["again"]
    assert [e.kind for e in student.side_effects] == ([CACHE_NOT_REUSABLE] if recorded else [])
    assert student.watched["cache"] == 1


def test_lists_of_numbers_not_changed_do_not_travel_back():
    student = CountingStudent()
    student.call("positive", 1.0)
    student.call("rewrites_equal_values", [1.5, 2.5])
    student.call("scales_in_place", np.ones(2), {"k": [1, 2], "f": [0.5]})
    assert [r["changed"] for r in student.replies[1:]] == [[None], [student.replies[2]["changed"][0], None]]
    assert student.replies[2]["changed"][0] is not None      # the array was scaled


def test_several_calls_in_one_round_trip_are_judged_as_separate_calls():
    student, alone = CountingStudent(), CountingStudent()
    calls = [((np.arange(3.0), {"k": 1}), None), (([1, 2],), None), ((np.ones(2), {}), None)]
    got = student.calls("scales_in_place", calls[:1]) + student.calls("rewrites_equal_values",
                                                                        calls[1:2])
    expected = [alone.call("scales_in_place", *calls[0][0]),
                alone.call("rewrites_equal_values", *calls[1][0])]
    assert got == expected and student.side_effects == alone.side_effects
    assert student.watched == alone.watched
    outcomes = student.calls("positive", [((2.0,), None), ((-1.0,), None), ((3,), {})])
    assert outcomes[0] == 2.0 and outcomes[2] == 3 and len(student.requests) == 3
    assert isinstance(outcomes[1], StudentError) and outcomes[1].is_a("ValueError")
    assert calls_made(student.requests[-1]) == 3


def test_calls_stop_at_the_first_error_when_asked_and_a_short_reply_is_refused():
    student = CountingStudent()
    calls = [((2.0,), None), ((-1.0,), None), ((3.0,), None), ((-4.0,), None)]
    outcomes = student.calls("positive", calls, stop_at_error=True)
    assert len(outcomes) == 2 and outcomes[0] == 2.0 and outcomes[1].is_a("ValueError")
    assert len(student.replies[-1]["replies"]) == 2          # the last two were not made
    with pytest.raises(CheckFailure, match="raised ValueError"):
        calls_valid(student, "positive", calls, [f"positive({c[0][0]})" for c in calls])
    assert len(student.replies[-1]["replies"]) == 2
    assert len(student.calls("positive", calls)) == 4        # by default every call is made

    class Truncating(CountingStudent):       # a process that drops replies without an error
        def _send(self, request):
            reply = super()._send(request)
            reply["replies"] = reply["replies"][:1]
            return reply
    with pytest.raises(SubmissionFailure, match="malformed"):
        Truncating().calls("positive", [((2.0,), None), ((3.0,), None)], stop_at_error=True)


def test_invalid_inputs_in_one_round_trip_fail_where_one_at_a_time_fails():
    student = CountingStudent()
    expect_value_errors(student, "positive", [Invalid("x = 0", (0.0,)), Invalid("x = -2", (-2,))])
    assert len(student.requests) == 1
    cases = [Invalid("x = 0", (0.0,)), Invalid("x = 5", (5.0,)), Invalid("x = 7", (7.0,))]
    with pytest.raises(CheckFailure) as batched:
        expect_value_errors(student, "positive", cases)
    with pytest.raises(CheckFailure) as single:
        for case in cases:
            expect_value_error(student, "positive", *case.args, what=case.what)
    assert str(batched.value) == str(single.value) and "x = 5" in str(batched.value)


def test_a_call_that_is_not_watched_records_nothing():
    student = CountingStudent()
    _, cache = student.call("forward", np.ones(3), opaque=(1,), watch=False)
    student.call("scales_in_place", np.arange(3.0), {}, watch=False)
    student.call("backward_that_pops", np.ones(3), cache, watch=False)
    assert student.side_effects == [] and student.watched == {"inputs": 0, "cache": 0}
    assert not student.requests[-1]["again"] and student.requests[-1]["watch"] == []


@pytest.mark.parametrize("header", [
    {"dtype": "O", "shape": [1]}, {"dtype": "<f8", "shape": [5]}, {"dtype": "(2,)f8", "shape": [1]},
    {"dtype": "[('a', 'O')]", "shape": [1]}, {"dtype": "<f8", "shape": [True]},
    {"dtype": "<f8", "shape": [-1]}, {"dtype": "no such dtype", "shape": [1]},
    {"dtype": 8, "shape": [1]}, {"dtype": "<f8", "shape": "1"}])
def test_raw_arrays_with_a_bad_header_are_refused(header):
    with pytest.raises(codec.CodecError):
        codec.decode({"t": "nd", "v": "AAAAAAAAAAA=", **header})


def test_raw_arrays_keep_dtype_order_and_are_writable():
    for value in (np.asfortranarray(np.arange(6.0).reshape(2, 3)), np.array(["ab", "c"]),
                  np.array(2.5), np.zeros((0, 3)), np.arange(3, dtype=">i4")):
        back = codec.decode(codec.loads(codec.dumps(codec.encode(value)), 10**6))
        assert back.dtype == value.dtype and back.shape == value.shape
        assert np.array_equal(back, value) and back.flags.writeable
        assert back.flags.f_contiguous == value.flags.f_contiguous


SORTS = '''
def sorts_in_place(values):
    values.sort()
    return values[0]

def reads(values):
    return sum(values)
'''


@pytest.mark.parametrize("values", [[3.5, -0.0, 1e300], [7, -2**63, 2**63 - 1]])
def test_a_list_of_numbers_sorted_in_place_is_seen(values):
    namespace = {}
    exec(SORTS, namespace)  # noqa: S102 - test code
    student = LocalStudent(namespace)
    student.call("reads", list(values))
    assert student.side_effects == []
    student.call("sorts_in_place", list(values))
    assert [e.kind for e in student.side_effects] == [INPUT_MODIFIED]


GRAPH_CODE = '''
import math

class Value:
    def __init__(self, data, _parents=(), _local=()):
        self.data, self.grad, self._parents, self._local = data, 0.0, _parents, _local

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    __radd__ = __add__

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    __rmul__ = __mul__

    def exp(self):
        return Value(math.exp(self.data), (self,), (math.exp(self.data),))

    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:
            node, done = stack.pop()
            if done:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p in node._parents)
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node._parents, node._local):
                parent.grad += local * node.grad

class Dual:
    def __init__(self, value, derivative):
        self.value, self.derivative = value, derivative

    def __mul__(self, other):
        return Dual(self.value * other.value, self.derivative * other.value
                    + self.value * other.derivative)
'''


def test_expression_graph_probes_build_graphs_with_the_students_classes():
    namespace = {}
    exec(GRAPH_CODE, namespace)  # noqa: S102 - test code
    student = LocalStudent(namespace)
    # y = x0 * x1 + 2, z = exp(y) + x0 * 3 (a number on either side); backward on z
    program = [["mul", ["n", 0], ["n", 1]], ["add", ["c", 2.0], ["n", 2]],
               ["exp", ["n", 3]], ["mul", ["n", 0], ["c", 3.0]], ["add", ["n", 4], ["n", 5]]]
    result = student.probe("expression_graph", [0.5, -1.0], program, [6], target="Value")
    e = np.exp(1.5)
    assert np.allclose(result["data"], [0.5, -1.0, -0.5, 1.5, e, 1.5, e + 1.5])
    assert np.allclose(result["grads"], [-e + 3.0, 0.5 * e])
    assert result["recursion_limit"] >= 1
    values = student.probe("dual_program", [(2.0, 1.0)], [["mul", ["n", 0], ["n", 0]]],
                           [-1], target="Dual")
    assert [tuple(v) for v in values] == [(4.0, 4.0)]


STUBS = '''
import functools

def stub(x):
    """As released."""
    # YOUR CODE HERE
    raise NotImplementedError()

def stub_with_message(x, y=2):
    raise NotImplementedError("not yet", 3)

def bare():
    raise NotImplementedError

def reads_an_argument(x):
    raise NotImplementedError(x)

def from_something_else():
    raise NotImplementedError from 5          # TypeError, not NotImplementedError

def raises_after_work(x):
    x.append(1)
    raise NotImplementedError()

def generator():
    raise NotImplementedError()
    yield

async def coroutine():
    raise NotImplementedError()

@functools.lru_cache
def cached(x):
    raise NotImplementedError()

class Stubbed:
    def __init__(self):
        raise NotImplementedError()
'''


def test_only_a_function_that_cannot_but_raise_not_implemented_counts_as_a_stub():
    namespace = {"__name__": "__submission__"}
    exec(STUBS, namespace)  # noqa: S102 - test code
    student = LocalStudent(namespace)
    found = {name: student.lookup(name) for name in (
        "stub", "stub_with_message", "bare", "reads_an_argument", "from_something_else",
        "raises_after_work", "generator", "coroutine", "cached", "Stubbed", "missing")}
    assert found == {"stub": STUB, "stub_with_message": STUB, "bare": STUB,
                     "reads_an_argument": DEFINED, "from_something_else": DEFINED,
                     "raises_after_work": DEFINED, "generator": DEFINED, "coroutine": DEFINED,
                     "cached": DEFINED, "Stubbed": DEFINED, "missing": MISSING}
    for name in ("stub", "stub_with_message", "bare"):          # each call does raise it
        with pytest.raises(StudentError) as raised:
            student.call(name, *[1] * (name != "bare"))
        assert raised.value.is_a("NotImplementedError")
    namespace["NotImplementedError"] = ValueError              # a rebound name: not the builtin
    assert student.lookup("stub") == DEFINED and student.has("stub")
