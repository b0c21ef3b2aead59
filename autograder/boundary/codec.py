"""Plain-data encoding of values crossing the trust boundary (both directions).

Everything becomes JSON; arrays travel as ``.npy`` bytes (base64), read back with
``allow_pickle=False``. Nothing is ever unpickled, so a reply can carry numbers,
strings and arrays, never code. Objects that are not plain data stay on the
student's side and are represented by a :class:`~autograder.boundary.specs.Handle`.
"""
import base64
import io
import json

import numpy as np

from autograder.boundary.specs import Handle, NamedFunction, Rng, TorchGenerator

MAX_DEPTH = 32


class CodecError(ValueError):
    """A message that is not plain data in the agreed form."""


def _npy(array):
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=False)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _from_npy(text):
    try:
        array = np.load(io.BytesIO(base64.b64decode(text)), allow_pickle=False)
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
    if isinstance(value, (Handle, Rng, TorchGenerator, NamedFunction)):
        return _encode_spec(value)
    if isinstance(value, np.ndarray):
        if value.dtype.hasobject:
            return _keep(value, stash)
        return {"t": "nd", "v": _npy(np.asarray(value))}
    if isinstance(value, np.generic):
        return encode(value.item(), stash, depth + 1)
    torch = _torch()
    if torch is not None and isinstance(value, torch.Tensor):
        return _encode_tensor(torch, value)
    if type(value) in (list, tuple):
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
    return {"t": "tensor", "v": _npy(t.numpy()), "dtype": dtype, "rg": requires_grad}


def _encode_spec(spec):
    if isinstance(spec, Handle):
        return {"t": "handle", "id": spec.id, "type": spec.type_name}
    if isinstance(spec, Rng):
        return {"t": "rng", "seed": int(spec.seed)}
    if isinstance(spec, TorchGenerator):
        return {"t": "tgen", "seed": int(spec.seed)}
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
        return _from_npy(data["v"])
    if tag == "tensor":
        return _decode_tensor(data)
    if tag in ("list", "tuple"):
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
    raise CodecError(f"unknown tag {tag!r}")


def _decode_tensor(data):
    import torch
    array = _from_npy(data["v"])
    dtype = getattr(torch, str(data.get("dtype", "")), None)
    if not isinstance(dtype, torch.dtype):
        raise CodecError("bad tensor dtype")
    tensor = torch.from_numpy(np.array(array, copy=True)).to(dtype)
    if data.get("rg") and tensor.is_floating_point():
        tensor.requires_grad_(True)
    return tensor


def dumps(message) -> bytes:
    """JSON bytes of an already encoded message (NaN/inf allowed)."""
    return json.dumps(message, allow_nan=True, separators=(",", ":")).encode()


def loads(raw: bytes, max_bytes: int):
    if len(raw) > max_bytes:
        raise CodecError(f"reply of {len(raw)} bytes exceeds the {max_bytes}-byte limit")
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise CodecError(f"reply is not JSON: {exc}") from None

