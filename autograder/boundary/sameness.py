"""Whether two plain-data values are the same, exactly (for side-effect checks).

Arrays and tensors compare by shape, dtype kind and every value (``nan``
equal to ``nan``); lists, tuples and dicts item by item; handles by the type
of object they stand for (two calls give two handles).
"""
import numbers
import sys

import numpy as np

from autograder.boundary.specs import Handle, NamedFunction, NumpyScalar, Rng, TorchGenerator

_SPECS = (Handle, NamedFunction, NumpyScalar, Rng, TorchGenerator)
_SCALARS = {float, int, bool, str, type(None)}


def _tensor(value):
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(value, torch.Tensor)


def mutable_data(value):
    """True when ``value`` is plain data (no handle or spec: those become other
    objects on the student's side) containing something a function could
    change in place."""
    if isinstance(value, np.ndarray) or _tensor(value):
        return True
    if not isinstance(value, (list, tuple, dict)):
        return False
    if not isinstance(value, dict) and all(type(v) in _SCALARS for v in value):
        return isinstance(value, list)          # a flat list can change; a flat tuple cannot
    items = list(leaves([value], containers=True))[1:]
    return not any(isinstance(v, _SPECS) for v in items) and \
        any(isinstance(v, (np.ndarray, list, dict)) or _tensor(v) for v in items)


def leaves(value, containers=False):
    """Every item nested in lists, tuples and dicts (the containers too if asked)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple, dict)):
            if containers:
                yield item
            stack.extend(item.values() if isinstance(item, dict) else item)
        else:
            yield item


def same(a, b):
    if _tensor(a) or _tensor(b):
        if not (_tensor(a) and _tensor(b)) or a.dtype != b.dtype:
            return False
        return same(a.detach().cpu().numpy(), b.detach().cpu().numpy())
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)) or a.shape != b.shape:
            return False
        if a.dtype.kind in "fc" and b.dtype.kind in "fc":
            return bool(np.array_equal(a, b, equal_nan=True))
        return bool(np.array_equal(a, b))
    if isinstance(a, Handle) or isinstance(b, Handle):
        return isinstance(a, Handle) and isinstance(b, Handle) and a.type_name == b.type_name
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, numbers.Number) and isinstance(b, numbers.Number):
        return bool(a == b) or bool(a != a and b != b)  # nan is the same as nan
    return type(a) is type(b) and a == b


def describe(value):
    """A few words for a value: 'list of 4', '(3, 5) array'."""
    if isinstance(value, np.ndarray):
        return f"{value.shape} array"
    if _tensor(value):
        return f"{tuple(value.shape)} tensor"
    if isinstance(value, dict):
        return f"dict with keys {sorted(map(str, value))[:6]}"
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of {len(value)}"
    return type(value).__name__
