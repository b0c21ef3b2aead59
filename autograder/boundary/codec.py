"""Plain-data encoding of values crossing the trust boundary (both directions).

Everything becomes JSON (written and read by orjson); an array of a plain dtype (numbers, booleans, strings,
dates) travels as its raw bytes (base64) with its dtype and shape, read back with
``np.frombuffer`` after the dtype has been checked (no object, no structure);
any other array as ``.npy`` bytes, read back with ``allow_pickle=False``.
Nothing is ever unpickled, so a reply can carry numbers, strings and arrays,
never code. A nested list or tuple of nothing but floats (or of nothing but ints
that fit in 64 bits) travels as one JSON array of numbers (``"f"`` or ``"i"``),
exact both ways (JSON keeps a float's shortest repr; a list holding ``NaN`` or
an infinity, which JSON has no number for, goes item by item), instead of one
tagged item per number. Objects that are not plain data stay on the
student's side and are represented by a :class:`~autograder.boundary.specs.Handle`.
"""
import base64
import binascii
import io
import math

import numpy as np
import orjson

from autograder.boundary.specs import Handle, NamedFunction, NumpyScalar, Rng, TorchGenerator

MAX_DEPTH = 32
INT64 = 2**63


class CodecError(ValueError):
    """A message that is not plain data in the agreed form."""


RAW_KINDS = "biufcUSmM"   # dtypes sent as raw bytes: no object, no fields, no subarray
_RAW_DTYPES = {}          # dtype description -> dtype, for the ones that qualify


def _raw_dtype(dtype):
    return dtype.kind in RAW_KINDS and dtype.itemsize > 0 and not dtype.hasobject \
        and dtype.fields is None and dtype.subdtype is None


def _array(array):
    """``{"v": base64, "dtype", "shape"[, "order"]}`` (raw bytes), or ``{"v": npy}``."""
    dtype = array.dtype
    if not _raw_dtype(dtype):
        buf = io.BytesIO()
        np.save(buf, array, allow_pickle=False)
        return {"v": base64.b64encode(buf.getvalue()).decode("ascii")}
    fortran = array.ndim > 1 and array.flags.f_contiguous and not array.flags.c_contiguous
    data = (array.T if fortran else array).tobytes()
    out = {"v": binascii.b2a_base64(data, newline=False).decode("ascii"), "dtype": dtype.str,
           "shape": list(array.shape)}
    if fortran:
        out["order"] = "F"
    return out


def _from_array(data):
    """The array of an ``_array`` message (either form), checked as untrusted input."""
    try:
        raw = binascii.a2b_base64(data["v"], strict_mode=True)
    except Exception as exc:  # malformed bytes from an untrusted side
        raise CodecError(f"bad array payload: {exc}") from None
    if "dtype" not in data:
        return _from_npy(raw)
    descr, shape = data["dtype"], data.get("shape")
    if type(descr) is not str or type(shape) is not list or len(shape) > MAX_DEPTH \
            or any(type(n) is not int or n < 0 for n in shape):
        raise CodecError("bad array header")
    dtype = _RAW_DTYPES.get(descr) or _parse_dtype(descr)
    if len(raw) != math.prod(shape) * dtype.itemsize:
        raise CodecError("array payload does not match its shape")
    array = np.frombuffer(raw, dtype=dtype).copy()
    if data.get("order") == "F":
        array.shape = shape[::-1]
        return array.T
    array.shape = shape
    return array


def _parse_dtype(descr):
    if len(descr) > 32:
        raise CodecError("bad array header")
    try:
        dtype = np.dtype(descr)
    except Exception:  # noqa: BLE001 - any unparsable description
        raise CodecError(f"bad array dtype {descr[:32]!r}") from None
    if not _raw_dtype(dtype):
        raise CodecError(f"arrays of dtype {dtype} are not plain data")
    if len(_RAW_DTYPES) < 256:
        _RAW_DTYPES[descr] = dtype
    return dtype


def _from_npy(raw):
    try:
        array = np.load(io.BytesIO(raw), allow_pickle=False)
    except Exception as exc:  # malformed bytes from an untrusted side
        raise CodecError(f"bad array payload: {exc}") from None
    if array.dtype.hasobject:
        raise CodecError("object arrays are not plain data")
    return array


def _torch():
    import sys
    return sys.modules.get("torch")


def encode(value, stash=None, depth=0):
    """Encode ``value`` as JSON-able data.

    ``stash(obj) -> Handle`` keeps a non-plain object on this side; without it,
    a non-plain object is an error.
    """
    if depth > MAX_DEPTH:
        raise CodecError("value nested too deeply")
    if value is None or type(value) in (bool, str):
        return value
    if type(value) is int:
        return {"t": "int", "v": str(value)}  # arbitrary precision, exact
    if type(value) is float:
        return {"t": "float", "v": repr(value)}
    if isinstance(value, (Handle, Rng, TorchGenerator, NamedFunction, NumpyScalar)):
        return _encode_spec(value)
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            return _keep(value, stash)
        return {"t": "nd", **_array(np.asarray(value))}
    if isinstance(value, np.generic):
        return encode(value.item(), stash, depth + 1)
    torch = _torch()
    if torch is not None and isinstance(value, torch.Tensor):
        return _encode_tensor(torch, value)
    if type(value) in (list, tuple):
        if depth and (numbers := _numbers(value)):
            return {"t": type(value).__name__, **numbers}
        return {"t": type(value).__name__,
                "v": [encode(v, stash, depth + 1) for v in value]}
    if type(value) is dict:
        return {"t": "dict", "k": [encode(k, stash, depth + 1) for k in value],
                "v": [encode(v, stash, depth + 1) for v in value.values()]}
    for base, plain in ((float, float.__float__), (int, int.__int__), (str, str.__str__)):
        if isinstance(value, base):  # a subclass: its stored value, not its overrides
            return encode(plain(value), stash, depth + 1)
    if isinstance(value, (list, tuple)):  # namedtuples and list subclasses
        return _keep(value, stash) if stash else encode(tuple(value), None, depth + 1)
    return _keep(value, stash)


def _numbers(items):
    """``{"f": [...]}`` or ``{"i": [...]}`` for a non-empty sequence of only floats or only
    64-bit ints, else None. (Only below the top level, so inside a call's argument
    list: the student's side encodes each argument again at that depth to see
    whether the call changed it.)"""
    if not items:
        return None
    kind = type(items[0])
    if kind is float and all(type(v) is float and v - v == 0.0 for v in items):  # finite
        return {"f": list(items)}
    if kind is int and all(type(v) is int and -INT64 <= v < INT64 for v in items):
        return {"i": list(items)}
    return None


def _keep(value, stash):
    if stash is None:
        raise CodecError(f"{type(value).__name__} is not plain data")
    return _encode_spec(stash(value))


def _encode_tensor(torch, t):
    requires_grad = bool(t.requires_grad)
    t = t.detach().cpu().resolve_conj().resolve_neg()
    dtype = str(t.dtype).replace("torch.", "")
    if t.dtype == torch.bfloat16:
        t = t.to(torch.float32)
    return {"t": "tensor", "a": _array(t.numpy()), "dtype": dtype, "rg": requires_grad}


def _encode_spec(spec):
    if isinstance(spec, Handle):
        return {"t": "handle", "id": spec.id, "type": spec.type_name}
    if isinstance(spec, Rng):
        return {"t": "rng", "seed": int(spec.seed)}
    if isinstance(spec, TorchGenerator):
        return {"t": "tgen", "seed": int(spec.seed)}
    if isinstance(spec, NumpyScalar):
        return {"t": "npscalar", "dtype": str(spec.dtype), "v": encode(spec.value)}
    return {"t": "fn", "name": spec.name, "params": encode(dict(spec.params))}


def decode(data, resolve=None, depth=0):
    """Inverse of :func:`encode`.

    ``resolve(spec)`` turns a Handle/Rng/TorchGenerator/NamedFunction into a
    real object (student side); without it the spec objects are returned
    (grader side).
    """
    if depth > MAX_DEPTH:
        raise CodecError("value nested too deeply")
    if data is None or type(data) in (bool, str):
        return data
    if type(data) is not dict or "t" not in data:
        raise CodecError(f"unexpected item of type {type(data).__name__}")
    tag = data["t"]
    if tag == "int":
        text = str(data["v"])
        if len(text) > 5000:
            raise CodecError("integer too long")
        return int(text)
    if tag == "float":
        return float(data["v"])
    if tag == "nd":
        return _from_array(data)
    if tag == "tensor":
        return _decode_tensor(data)
    if tag in ("list", "tuple"):
        if "f" in data or "i" in data:
            items = _from_numbers(data)
        else:
            items = [decode(v, resolve, depth + 1) for v in _seq(data["v"])]
        return items if tag == "list" else tuple(items)
    if tag == "dict":
        keys = [decode(k, resolve, depth + 1) for k in _seq(data["k"])]
        values = [decode(v, resolve, depth + 1) for v in _seq(data["v"])]
        try:
            return dict(zip(keys, values, strict=True))
        except (TypeError, ValueError) as exc:
            raise CodecError(f"bad dict: {exc}") from None
    spec = _decode_spec(data, tag)
    return resolve(spec) if resolve else spec


def _from_numbers(data):
    kind, items = (float, data["f"]) if "f" in data else (int, data["i"])
    if type(items) is not list or not all(type(v) is kind for v in items):
        raise CodecError(f"bad list of {kind.__name__}s")
    if kind is int and not all(-INT64 <= v < INT64 for v in items):
        raise CodecError("integer too long")
    return list(items)     # a copy: the message itself stays as it was sent


def _seq(value):
    if type(value) is not list:
        raise CodecError("expected a list")
    return value


def _decode_spec(data, tag):
    if tag == "handle":
        return Handle(int(data["id"]), str(data.get("type", "object"))[:80])
    if tag == "rng":
        return Rng(int(data["seed"]))
    if tag == "tgen":
        return TorchGenerator(int(data["seed"]))
    if tag == "fn":
        return NamedFunction(str(data["name"]), decode(data["params"]))
    if tag == "npscalar":
        return NumpyScalar(str(data["dtype"])[:16], decode(data["v"]))
    raise CodecError(f"unknown tag {tag!r}")


def _decode_tensor(data):
    import torch
    if type(data.get("a")) is not dict:
        raise CodecError("bad tensor payload")
    array = _from_array(data["a"])
    dtype = getattr(torch, str(data.get("dtype", "")), None)
    if not isinstance(dtype, torch.dtype):
        raise CodecError("bad tensor dtype")
    tensor = torch.from_numpy(np.array(array, copy=True)).to(dtype)
    if data.get("rg") and tensor.is_floating_point():
        tensor.requires_grad_(True)
    return tensor


def dumps(message) -> bytes:
    """JSON bytes of an already encoded message (its only bare numbers are finite)."""
    return orjson.dumps(message)


def loads(raw: bytes, max_bytes: int):
    if len(raw) > max_bytes:
        raise CodecError(f"reply of {len(raw)} bytes exceeds the {max_bytes}-byte limit")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise CodecError(f"reply is not JSON: {exc}") from None

