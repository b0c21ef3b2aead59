"""Fixed helper operations run on the student's side, on the student's objects.

They exist because some checks need the student's objects in place: autograd
graphs (a tensor's history cannot be sent as data) and model parameters.
They return plain data; the grader judges it. They hold nothing secret.
"""
import builtins
import dis
import sys
import types

import numpy as np

from autograder.boundary.callables import run_program


def _torch():
    import torch
    return torch


def vjp(target, args, kwargs=None, wrt=(0,), upstream=None, output=None):
    """Vector-Jacobian product through the student's function.

    ``target`` is a callable (resolved by the dispatcher). Tensor arguments at
    positions ``wrt`` are made leaves requiring grad; the output (or element
    ``output`` of a tuple output) is contracted with ``upstream`` (default: ones)
    and differentiated. Returns ``{"out": output, "grads": [grad or None]}``.
    Raises TypeError when the output is not connected to the autograd graph.
    """
    torch = _torch()
    args = list(args)
    for i in wrt:
        args[i] = args[i].detach().clone().requires_grad_(True)
    result = target(*args, **(kwargs or {}))
    out = result[output] if output is not None else result
    if not isinstance(out, torch.Tensor):
        raise TypeError(f"expected a tensor output, got {type(out).__name__}")
    if not out.requires_grad:
        raise TypeError("the output is not connected to the autograd graph "
                        "(detached, converted to NumPy, or computed in place)")
    weight = torch.ones_like(out) if upstream is None else upstream.to(out.dtype)
    grads = torch.autograd.grad((out * weight).sum(), [args[i] for i in wrt],
                                allow_unused=True)
    return {"out": result, "grads": list(grads)}


def param_grads(target, args, kwargs=None):
    """Call ``target`` (a bound method of a torch module) to get a scalar, run
    backward, and return ``{"out": value, "grads": {name: grad or None}}``."""
    module = target.__self__
    module.zero_grad(set_to_none=True)
    out = target(*args, **(kwargs or {}))
    out.backward()
    return {"out": out, "grads": {n: p.grad for n, p in module.named_parameters()}}


def parameters(module):
    """``{name: tensor}`` copies of a torch module's parameters."""
    return {n: p.detach().clone() for n, p in module.named_parameters()}


def manual_seed(seed):
    """Seed torch's global generator (model initialisation uses it)."""
    _torch().manual_seed(int(seed))
    np.random.seed(int(seed) % 2**32)


def expression_graph(cls, inputs, program, backward=(-1,)):
    """Build a graph with the student's scalar autodiff class ``cls`` (resolved
    like vjp's target): ``cls(v)`` per input, one node per instruction of
    ``program`` (``callables.run_program``: the student's own operators), then
    ``node.backward()`` on each node of ``backward`` in turn. Returns every
    node's ``.data``, the inputs' ``.grad`` and the process's recursion limit."""
    nodes = run_program(program, [cls(float(v)) for v in inputs])
    for i in backward:
        nodes[int(i)].backward()
    return {"data": [float(n.data) if hasattr(n, "data") else float(n) for n in nodes],
            "grads": [float(n.grad) for n in nodes[:len(inputs)]],
            "recursion_limit": sys.getrecursionlimit()}


def dual_program(cls, inputs, program, outputs=(-1,)):
    """Evaluate ``program`` on the student's dual numbers ``cls(value, derivative)``
    (one per ``(value, derivative)`` input); ``[(value, derivative)]`` of each output."""
    nodes = run_program(program, [cls(float(v), float(d)) for v, d in inputs])
    return [(float(nodes[int(i)].value), float(nodes[int(i)].derivative)) for i in outputs]


#: The builtin, as it was before any student code ran (a student may rebind the name).
_NOT_IMPLEMENTED = NotImplementedError
#: What a body that only raises ``NotImplementedError`` or ``NotImplementedError(constants)``
#: compiles to (CPython 3.11+), a docstring aside.
_STUB_OPS = {"RESUME", "NOP", "CACHE", "PUSH_NULL", "LOAD_GLOBAL", "LOAD_CONST", "PRECALL",
             "CALL", "RAISE_VARARGS"}
_NOT_PLAIN = 0x20 | 0x80 | 0x100 | 0x200   # generator, coroutine, iterable coroutine, async gen


def raises_not_implemented(value):
    """Whether ``value`` is a plain function whose body does nothing but raise the
    builtin NotImplementedError, as the released stubs do: every call raises it.
    Anything else (a class, a generator or async function, a decorated or wrapped
    function, a body that reads an argument or any other name) is False."""
    if type(value) is not types.FunctionType or value.__code__.co_flags & _NOT_PLAIN:
        return False
    code = value.__code__
    if code.co_names != ("NotImplementedError",) or code.co_freevars:
        return False
    scope = value.__globals__
    found = scope.get("NotImplementedError", _builtin(scope, "NotImplementedError"))
    if found is not _NOT_IMPLEMENTED:
        return False
    instructions = list(dis.get_instructions(code))
    ops = [i.opname for i in instructions]
    return (set(ops) <= _STUB_OPS and ops.count("LOAD_GLOBAL") == 1 and
            ops.count("RAISE_VARARGS") == 1 and ops[-1] == "RAISE_VARARGS" and
            instructions[-1].arg == 1)


def _builtin(scope, name):
    table = scope.get("__builtins__", builtins)
    table = table if isinstance(table, dict) else getattr(table, "__dict__", {})
    return table.get(name)


PROBES = {f.__name__: f for f in (vjp, param_grads, parameters, manual_seed,
                                  expression_graph, dual_program)}
