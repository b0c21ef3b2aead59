"""Values the grader passes *by description* to student code.

The student's process builds the real object from the description, so nothing
executable crosses the boundary. Shared by both sides.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Handle:
    """An object that lives in the student's process (a cache, a model).

    The grader can only pass it back or call its methods.
    """
    id: int
    type_name: str = "object"


@dataclass(frozen=True)
class Rng:
    """``np.random.default_rng(seed)`` built on the student's side."""
    seed: int


@dataclass(frozen=True)
class TorchGenerator:
    """``torch.Generator().manual_seed(seed)`` built on the student's side."""
    seed: int


@dataclass(frozen=True)
class NumpyScalar:
    """``np.dtype(dtype).type(value)`` built on the student's side: a NumPy scalar
    argument such as ``NumpyScalar("int64", 5)`` (a plain ``np.int64`` would arrive as
    a Python number). ``dtype`` is a boolean, integer or float dtype's name."""
    dtype: str
    value: object


@dataclass(frozen=True)
class NamedFunction:
    """A pure function from ``autograder.boundary.callables``, e.g. a density.

    ``NamedFunction("gaussian_pdf", {"mu": 0.0, "sigma": 1.0})``.
    """
    name: str
    params: dict = field(default_factory=dict)

    def __hash__(self):
        return hash((self.name, tuple(sorted(self.params.items()))))
