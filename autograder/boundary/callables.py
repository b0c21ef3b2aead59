"""Named pure functions the grader may hand to student code (e.g. densities).

A grader passes ``NamedFunction("gaussian_pdf", {"mu": 0, "sigma": 1})``; the
student's process builds the function here. The grader can build the same
function with :func:`build` to compute its expected values.
All functions are vectorised over NumPy arrays. The densities take a fast path
for a Python float, the argument ``scipy.integrate.quad`` calls them with
thousands of times per integral (the same value, as ``np.float64``).
"""
import math

import numpy as np


def gaussian_pdf(mu=0.0, sigma=1.0):
    """Density of N(mu, sigma^2)."""
    norm = sigma * math.sqrt(2 * math.pi)

    def pdf(x):
        if type(x) is float:
            z = (x - mu) / sigma
            return np.float64(math.exp(-0.5 * z * z) / norm)
        z = np.asarray(x, dtype=float) - mu
        if not isinstance(z, np.ndarray):                 # a 0-d input gives a scalar
            z = z / sigma
            return np.exp(-0.5 * z * z) / norm
        z /= sigma          # in place: the same operations, without the temporaries
        z *= z
        z *= -0.5
        np.exp(z, out=z)
        z /= norm
        return z
    return pdf


def uniform_pdf(a=0.0, b=1.0):
    """Density of U(a, b)."""
    def pdf(x):
        if type(x) is float:
            return np.array(1.0 / (b - a) if a <= x <= b else 0.0)   # as np.where gives
        x = np.asarray(x, dtype=float)
        return np.where((x >= a) & (x <= b), 1.0 / (b - a), 0.0)
    return pdf


def laplace_pdf(mu=0.0, b=1.0):
    """Density of Laplace(mu, b)."""
    def pdf(x):
        if type(x) is float:
            return np.float64(math.exp(-abs(x - mu) / b) / (2 * b))
        return np.exp(-np.abs(np.asarray(x, dtype=float) - mu) / b) / (2 * b)
    return pdf


def exponential_pdf(rate=1.0):
    """Density of Exp(rate) on x >= 0."""
    def pdf(x):
        if type(x) is float:
            return np.array(rate * math.exp(-rate * x) if x >= 0 else 0.0)
        x = np.asarray(x, dtype=float)
        return np.where(x >= 0, rate * np.exp(-rate * np.abs(x)), 0.0)
    return pdf


def mixture_pdf(weights=(0.5, 0.5), means=(-1.0, 1.0), stds=(1.0, 1.0)):
    """Density of a 1-D Gaussian mixture."""
    parts = [(w, gaussian_pdf(m, s)) for w, m, s in zip(weights, means, stds)]

    def pdf(x):
        if type(x) is float:
            return np.float64(sum(w * float(p(x)) for w, p in parts))
        total = None
        for w, p in parts:
            term = p(x)
            term *= w          # in place on the fresh array p returns (0-d: a new scalar)
            if total is None:
                total = term
            else:
                total += term
        return total
    return pdf


def mixture_logpdf(weights=(0.5, 0.5), means=(-1.0, 1.0), stds=(1.0, 1.0)):
    """Log density of a 1-D Gaussian mixture (stable in the tails)."""
    w, m, s = (np.asarray(v, dtype=float) for v in (weights, means, stds))
    def logpdf(x):
        x = np.asarray(x, dtype=float)[..., None]
        comp = np.log(w) - 0.5 * ((x - m) / s) ** 2 - np.log(s * math.sqrt(2 * math.pi))
        top = comp.max(axis=-1, keepdims=True)
        return (top + np.log(np.exp(comp - top).sum(axis=-1, keepdims=True)))[..., 0]
    return logpdf


def gaussian_logpdf(mu=0.0, sigma=1.0):
    """Log density of N(mu, sigma^2)."""
    def logpdf(x):
        z = (np.asarray(x, dtype=float) - mu) / sigma
        return -0.5 * z * z - math.log(sigma * math.sqrt(2 * math.pi))
    return logpdf


# -- expression programs (08_backpropagation) ---------------------------------
# A program is a list of instructions [op, operand, ...]; an operand is
# ["n", i] (node i: the inputs first, then one node per instruction) or
# ["c", number]. Binary ops use Python's operators, so a number on the left
# exercises __radd__, __rsub__, __rmul__, __rtruediv__; "pow" takes a number
# exponent; the functions are methods of the node (x.exp()), with math's
# functions for plain numbers.
BINARY = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
          "truediv": lambda a, b: a / b, "pow": lambda a, b: a ** b}
UNARY = ("neg", "exp", "log", "tanh", "relu", "sigmoid")
_NUMBER_FUNCTIONS = {"exp": math.exp, "log": math.log, "tanh": math.tanh,
                     "relu": lambda v: max(v, 0.0),
                     "sigmoid": lambda v: 0.5 * (1.0 + math.tanh(0.5 * v))}


OPS = tuple(BINARY) + UNARY


def pack(program):
    """A program as a float array of rows (op index, kind, value, kind, value),
    kind 0 a node, 1 a number, -1 none: it crosses the boundary as raw bytes."""
    rows = []
    for op, *operands in program:
        row = [float(OPS.index(op))]
        for kind, value in operands:
            row += [0.0 if kind == "n" else 1.0, value]
        rows.append(row + [-1.0] * (5 - len(row)))
    return np.array(rows, dtype=float).reshape(len(rows), 5)


def unpack(rows):
    """The inverse of :func:`pack`."""
    return [[OPS[int(row[0])]] + [["n" if row[k] == 0 else "c",
                                   int(row[k + 1]) if row[k] == 0 else float(row[k + 1])]
                                  for k in (1, 3) if row[k] >= 0]
            for row in np.asarray(rows, dtype=float).tolist()]


def run_program(program, nodes):
    """Append one node per instruction to ``nodes`` (the inputs) and return it.
    ``program``: instructions, or their :func:`pack`-ed array."""
    if isinstance(program, np.ndarray):
        program = unpack(program)

    def operand(spec):
        kind, value = spec
        return nodes[int(value)] if kind == "n" else float(value)

    for op, *operands in program:
        args = [operand(o) for o in operands]
        if op in BINARY:
            nodes.append(BINARY[op](*args))
        elif op == "neg":
            nodes.append(-args[0])
        elif op in UNARY:
            value = args[0]
            nodes.append(_NUMBER_FUNCTIONS[op](value) if isinstance(value, (int, float))
                         else getattr(value, op)())
        else:
            raise ValueError(f"unknown operation {op!r}")
    return nodes


def expression(program, output=-1):
    """The function of one variable that ``program`` computes (node 0 is x)."""
    program = unpack(program) if isinstance(program, np.ndarray) else program

    def f(x):
        return run_program(program, [x])[output]
    return f


def smooth_field(a, b):
    """f(x) = sum(a * sin(x) + b * x**3) for x of a's shape; a float."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)

    def f(x):
        x = np.asarray(x, dtype=float)
        return float(np.sum(a * np.sin(x) + b * x ** 3))
    return f


FACTORIES = {f.__name__: f for f in (
    gaussian_pdf, uniform_pdf, laplace_pdf, exponential_pdf,
    mixture_pdf, mixture_logpdf, gaussian_logpdf, expression, smooth_field)}


def build(name, params):
    """The function described by ``NamedFunction(name, params)``."""
    if name not in FACTORIES:
        raise ValueError(f"unknown named function {name!r}")
    return FACTORIES[name](**params)
