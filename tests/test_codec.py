"""What crosses the trust boundary is plain data, and nothing is unpickled."""
import base64
import io
import math

import numpy as np
import pytest
import torch

from autograder.boundary import codec
from autograder.boundary.specs import Handle, NamedFunction, NumpyScalar, Rng


@pytest.mark.parametrize("value", [
    None, True, 3, 2**200, -0.0, math.inf, "text", [1, (2.5, "x")], {"a": 1, (1, 2): [3]},
    np.arange(6.0).reshape(2, 3), np.array([1, 2], dtype=np.int32), np.array(True)])
def test_round_trip(value):
    back = codec.decode(codec.loads(codec.dumps(codec.encode(value)), 10**6))
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and np.array_equal(back, value)
    else:
        assert back == value and type(back) is type(value)


@pytest.mark.parametrize("value, one_array", [
    ([0.1, -0.0, 5e-324, 1.7976931348623157e308, 1.0], True),
    ([0.1, math.inf, -math.inf], False),       # JSON has no number for them: item by item
    ((2.5, 1e-300), True), ([2**63 - 1, -2**63, 0], True),
    ([2**63, 1], False), ([True, False], False), ([1, 2.0], False),
    ([[1.5, 2.5], (3, 4)], False), ([np.float64(1.5), 2.5], False)])
def test_lists_of_numbers_cross_exactly_as_one_json_array(value, one_array):
    wire = codec.encode([value])["v"][0]
    back = codec.decode(codec.loads(codec.dumps(wire), 10**6))
    assert back == value and type(back) is type(value)
    assert [type(v) for v in back] == [float if type(v) is np.float64 else type(v)
                                       for v in value]
    assert ("f" in wire or "i" in wire) == one_array


def test_nan_in_a_list_of_floats_round_trips():
    wire = codec.dumps(codec.encode([[math.nan, 1.0]]))
    assert math.isnan(codec.decode(codec.loads(wire, 10**6))[0][0])


@pytest.mark.parametrize("raw", [b'{"f": [NaN]}', b'[Infinity]', b'{"t": "list"', b"[" * 2000])
def test_what_is_not_strict_json_is_refused(raw):
    with pytest.raises(codec.CodecError, match="not JSON"):
        codec.loads(raw, 10**6)


@pytest.mark.parametrize("bad", [{"t": "list", "f": [1]}, {"t": "list", "f": "1.0"},
                                 {"t": "tuple", "i": [1.5]}, {"t": "list", "i": [True]},
                                 {"t": "list", "i": [2**64]}])
def test_malformed_lists_of_numbers_are_refused(bad):
    with pytest.raises(codec.CodecError):
        codec.decode(bad)


def test_nan_round_trips():
    assert math.isnan(codec.decode(codec.encode(math.nan)))


def test_tensors_keep_dtype_and_requires_grad():
    t = torch.ones(3, dtype=torch.float32, requires_grad=True) * 2
    back = codec.decode(codec.encode(t))
    assert back.dtype == torch.float32 and back.requires_grad and torch.equal(back, t.detach())


def test_subclasses_are_reduced_to_their_stored_value():
    class Liar(float):
        def __eq__(self, other):
            return True
    encoded = codec.encode(Liar(0.25))
    assert codec.decode(encoded) == 0.25 and type(codec.decode(encoded)) is float
    class Arr(np.ndarray):
        pass
    assert type(codec.decode(codec.encode(np.zeros(2).view(Arr)))) is np.ndarray


def test_non_plain_objects_become_handles_only_when_allowed():
    kept = []
    encoded = codec.encode({"cache": object()}, stash=lambda o: kept.append(o) or Handle(7))
    assert codec.decode(encoded) == {"cache": Handle(7, "object")}
    with pytest.raises(codec.CodecError):
        codec.encode(object())


def test_pickled_object_arrays_are_refused():
    buf = io.BytesIO()
    np.save(buf, np.array([object()], dtype=object), allow_pickle=True)
    message = {"t": "nd", "v": base64.b64encode(buf.getvalue()).decode()}
    with pytest.raises(codec.CodecError):
        codec.decode(message)


@pytest.mark.parametrize("bad", [{"t": "evil"}, [1, 2], {"t": "int", "v": "9" * 10000},
                                 {"t": "dict", "k": [1], "v": []}])
def test_malformed_messages_are_refused(bad):
    with pytest.raises(codec.CodecError):
        codec.decode(bad)


def test_specs_cross_as_descriptions():
    for spec in (Rng(3), NamedFunction("gaussian_pdf", {"mu": 0.0, "sigma": 2.0}),
                 NumpyScalar("int64", 2 ** 40), NumpyScalar("float32", 0.5)):
        assert codec.decode(codec.encode(spec)) == spec


def test_a_numpy_scalar_spec_arrives_as_that_numpy_scalar():
    from autograder.boundary.dispatch import Executor
    executor = Executor({})
    wire = codec.encode([NumpyScalar("int64", 7)])
    args = codec.decode(wire, executor.resolve)
    assert type(args[0]) is np.int64 and args[0] == 7
    assert codec.decode(codec.encode(np.int64(7))) == 7          # a plain one: a Python int
    with pytest.raises(TypeError):
        executor.resolve(NumpyScalar("object", 7))


def test_oversized_replies_are_refused():
    with pytest.raises(codec.CodecError):
        codec.loads(b"[" + b"1," * 100 + b"1]", 50)
