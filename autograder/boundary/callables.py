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
        z = (np.asarray(x, dtype=float) - mu) / sigma
        return np.exp(-0.5 * z * z) / norm
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
        return sum(w * p(x) for w, p in parts)
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


FACTORIES = {f.__name__: f for f in (
    gaussian_pdf, uniform_pdf, laplace_pdf, exponential_pdf,
    mixture_pdf, mixture_logpdf, gaussian_logpdf)}


def build(name, params):
    """The function described by ``NamedFunction(name, params)``."""
    if name not in FACTORIES:
        raise ValueError(f"unknown named function {name!r}")
    return FACTORIES[name](**params)
