"""Mutation operators: cosmic-ray's generic ones, and the course's own.

Every operator has cosmic-ray's interface (``cosmic_ray.operators.operator.Operator``):
``mutation_positions(node)`` yields one ``(start, end)`` position per way it
can mutate a parso ``node``, and ``mutate(node, index)`` returns the node
mutated the ``index``-th way. :mod:`~autograder.validation.mutants` drives
them over one answer cell; nothing of cosmic-ray's session machinery is used.

Generic (cosmic-ray 8.7): arithmetic operators swapped (``+``/``-``,
``*``/``/``, ``**`` -> ``*``, ``//`` -> ``/``), comparisons moved across
their boundary or negated, numbers off by one, ``True``/``False`` and
``and``/``or`` swapped, a unary minus or a ``not`` deleted, a ``for`` loop run
zero times, ``break``/``continue`` swapped.

The course's own, for the mistakes its exercises invite: ``log2``/``log``
(bits and nats), ``sum``/``mean`` and ``max``/``min``, an ``axis=``/``dim=``
changed or dropped, ``keepdims`` flipped or dropped, a copy removed
(``.copy()``, ``np.copy``, ``np.array`` -> ``np.asarray``, ``dict(d)``), a
``sqrt``/``abs`` unwrapped, a term of a sum or a factor of a product dropped
(``a + b`` -> ``a``, ``g / n`` -> ``g``), an accumulation overwritten (``+=`` -> ``=``).
"""
import re

import parso
from cosmic_ray.operators import (binary_operator_replacement as binary,
                                  boolean_replacer, break_continue,
                                  comparison_operator_replacement as comparison,
                                  number_replacer, unary_operator_replacement as unary,
                                  zero_iteration_for_loop)
from cosmic_ray.operators.operator import Example, Operator
from parso.python.tree import Name, Number, Operator as OperatorLeaf


def _attribute_or_call_name(leaf):
    """Whether a name leaf is an attribute (``np.log``, ``x.sum``) or is called (``sum(x)``)."""
    parent = leaf.parent
    if parent is not None and parent.type == "trailer" and parent.children[0] == ".":
        return True
    following = leaf.get_next_sibling()
    return following is not None and following.type == "trailer" \
        and following.children[0] == "("


class RenameCall(Operator):
    """Replace a function or method name by another (``RENAMES``: name -> new name)."""
    RENAMES: dict = {}

    def mutation_positions(self, node):
        if isinstance(node, Name) and node.value in self.RENAMES \
                and _attribute_or_call_name(node):
            yield node.start_pos, node.end_pos

    def mutate(self, node, index):
        node.value = self.RENAMES[node.value]
        return node

    @classmethod
    def examples(cls):
        old, new = next(iter(cls.RENAMES.items()))
        return (Example(f"y = np.{old}(x)", f"y = np.{new}(x)"),)


class LogBase(RenameCall):
    """Bits and nats confused: ``log2`` <-> ``log``; ``log1p``/``expm1`` lose their 1."""
    RENAMES = {"log2": "log", "log": "log2", "log10": "log", "log1p": "log", "expm1": "exp"}


class Reduction(RenameCall):
    """The wrong reduction: ``sum`` <-> ``mean``, ``max`` <-> ``min``."""
    RENAMES = {"sum": "mean", "mean": "sum", "max": "min", "min": "max",
               "amax": "amin", "amin": "amax", "argmax": "argmin", "argmin": "argmax"}


def expression(code, prefix=""):
    """The parso node of one expression's ``code``, its first leaf given ``prefix``."""
    node = parso.parse(code).children[0]
    node.get_first_leaf().prefix = prefix
    return node


def _arguments(node):
    """The keyword arguments of a call's ``trailer`` or ``arglist`` node."""
    if node.type == "trailer" and node.children[0] == "(":
        inner = node.children[1] if len(node.children) == 3 else None
        return [inner] if inner is not None and inner.type == "argument" else []
    if node.type == "arglist":
        return [c for c in node.children if c.type == "argument"]
    return []


def _keyword(argument):
    first = argument.children[0]
    return first.value if isinstance(first, Name) and len(argument.children) == 3 \
        and argument.children[1] == "=" else None


def _drop_argument(node, argument):
    """Remove ``argument`` (and one comma beside it) from its call."""
    children = node.children
    at = children.index(argument)
    if node.type == "trailer":
        del children[at]
    elif at > 0:
        del children[at - 1:at + 1]
    else:
        del children[at:at + 2]
        if children:
            children[0].get_first_leaf().prefix = ""
    return node


class KeywordArgument(Operator):
    """Mutate the keyword arguments named ``KEYWORDS``: each way given by
    ``ways(value_node)`` -> list of new value code, or ``None`` to drop it."""
    KEYWORDS = ()

    def _points(self, node):
        for argument in _arguments(node):
            if _keyword(argument) in self.KEYWORDS:
                for way in self.ways(argument.children[2]):
                    yield argument, way

    def ways(self, value):
        raise NotImplementedError

    def mutation_positions(self, node):
        for argument, _ in self._points(node):
            yield argument.start_pos, argument.end_pos

    def mutate(self, node, index):
        argument, way = list(self._points(node))[index]
        if way is None:
            return _drop_argument(node, argument)
        argument.children[2] = expression(way, argument.children[2].get_first_leaf().prefix)
        return node


class Axis(KeywordArgument):
    """The wrong axis: ``axis=0`` -> ``axis=1`` (any other -> 0), or no axis at all."""
    KEYWORDS = ("axis", "dim")

    def ways(self, value):
        code = value.get_code().strip()
        changed = "1" if code == "0" else "0"
        return [changed, None]

    @classmethod
    def examples(cls):
        return (Example("s = x.sum(axis=0)", "s = x.sum(axis=1)"),
                Example("s = x.sum(axis=0)", "s = x.sum()", occurrence=1))


class Keepdims(KeywordArgument):
    """``keepdims=True`` flipped to ``False``, or dropped (broadcasting breaks)."""
    KEYWORDS = ("keepdims", "keepdim")

    def ways(self, value):
        code = value.get_code().strip()
        return [{"True": "False", "False": "True"}.get(code, "not " + code), None]

    @classmethod
    def examples(cls):
        return (Example("m = x.mean(axis=0, keepdims=True)",
                        "m = x.mean(axis=0, keepdims=False)"),)


COPY_METHODS = ("copy", "clone")
COPY_FUNCTIONS = ("copy", "deepcopy", "dict", "list")


def _trailers(node):
    return [c for c in node.children if c.type == "trailer"] if node.type == "atom_expr" else []


def _call_argument(trailer):
    """The single positional argument of a call trailer ``(x)``, else None."""
    if len(trailer.children) != 3 or trailer.children[0] != "(":
        return None
    inner = trailer.children[1]
    return None if inner.type in ("arglist", "argument") else inner


class CopyRemoved(Operator):
    """A copy removed, so an input may be modified in place: ``x.copy()`` -> ``x``,
    ``np.copy(x)``/``copy.deepcopy(x)``/``dict(x)`` -> ``x``,
    ``np.array(x, ...)`` -> ``np.asarray(x, ...)``."""

    def _points(self, node):
        children = node.children if node.type == "atom_expr" else []
        for i, child in enumerate(children[:-1]):
            if child.type == "trailer" and child.children[0] == "." \
                    and child.children[1].value in COPY_METHODS \
                    and children[i + 1].type == "trailer" and children[i + 1].get_code() == "()":
                yield "method", i
        if len(children) >= 2 and children[-1].type == "trailer":
            call = children[-1]
            name = children[-2].children[1] if children[-2].type == "trailer" else children[-2]
            if isinstance(name, Name) and name.value in COPY_FUNCTIONS \
                    and _call_argument(call) is not None \
                    and (name.value in ("copy", "deepcopy") or len(children) == 2):
                yield "function", len(children) - 1
            if isinstance(name, Name) and name.value == "array" and children[-2].type == "trailer":
                yield "asarray", len(children) - 2

    def mutation_positions(self, node):
        for _ in self._points(node):
            yield node.start_pos, node.end_pos

    def mutate(self, node, index):
        kind, at = list(self._points(node))[index]
        if kind == "method":
            del node.children[at:at + 2]
            return node
        if kind == "asarray":
            node.children[at].children[1].value = "asarray"
            return node
        code = _call_argument(node.children[at]).get_code().strip()
        code = code if re.fullmatch(r"\w+", code) else f"({code})"
        return expression(code, node.get_first_leaf().prefix)

    @classmethod
    def examples(cls):
        return (Example("y = x.copy()", "y = x"), Example("y = np.copy(x)", "y = x"),
                Example("y = np.array(x, dtype=float)", "y = np.asarray(x, dtype=float)"))


class Unwrap(Operator):
    """A ``sqrt`` or ``abs`` forgotten: ``np.sqrt(v + eps)`` -> ``v + eps``."""
    NAMES = ("sqrt", "abs", "fabs")

    def mutation_positions(self, node):
        children = node.children if node.type == "atom_expr" else []
        if len(children) >= 2 and children[-1].type == "trailer" \
                and _call_argument(children[-1]) is not None:
            name = children[-2].children[1] if children[-2].type == "trailer" else children[-2]
            if isinstance(name, Name) and name.value in self.NAMES:
                yield node.start_pos, node.end_pos

    def mutate(self, node, index):
        code = _call_argument(node.children[-1]).get_code().strip()
        return expression(f"({code})", node.get_first_leaf().prefix)

    @classmethod
    def examples(cls):
        return (Example("s = np.sqrt(v + eps)", "s = (v + eps)"),)


class TermDropped(Operator):
    """A term of a sum or a factor of a product dropped: ``a + b - c`` ->
    ``a - c``, ``g * x / n`` -> ``g * x`` (a missing ``1/N``)."""
    DROPPABLE = {"arith_expr": ("+", "-"), "term": ("*", "/")}

    def _points(self, node):
        ops = self.DROPPABLE.get(node.type)
        if not ops:
            return
        children = node.children
        if children[1] in ops[:1]:                 # the first term, before a + or *
            yield 0
        for i in range(1, len(children) // 2 + 1):
            if children[2 * i - 1] in ops:
                yield i

    def mutation_positions(self, node):
        for _ in self._points(node):
            yield node.start_pos, node.end_pos

    def mutate(self, node, index):
        term = list(self._points(node))[index]
        children = node.children
        if term == 0:
            prefix = children[0].get_first_leaf().prefix
            del children[0:2]
            children[0].get_first_leaf().prefix = prefix
        else:
            del children[2 * term - 1:2 * term + 1]
        return node

    @classmethod
    def examples(cls):
        return (Example("y = a + b", "y = b"), Example("y = a + b", "y = a", occurrence=1),
                Example("y = g / n", "y = g"))


class Overwrite(Operator):
    """An accumulation overwritten: ``dh += x`` -> ``dh = x``."""

    def mutation_positions(self, node):
        if isinstance(node, OperatorLeaf) and node.value in ("+=", "-=", "*=", "/=") \
                and node.parent is not None and node.parent.type == "expr_stmt":
            yield node.start_pos, node.end_pos

    def mutate(self, node, index):
        node.value = "="
        return node

    @classmethod
    def examples(cls):
        return (Example("dh += g", "dh = g"),)


def _cosmic(module, *names):
    return [(name, getattr(module, name)) for name in names]


#: (name, operator class) in the order mutants are generated: where two
#: operators make the same program, the first one's name is kept.
OPERATORS = [
    ("log-base", LogBase), ("reduction", Reduction), ("axis", Axis), ("keepdims", Keepdims),
    ("copy-removed", CopyRemoved), ("unwrap", Unwrap), ("term-dropped", TermDropped),
    ("overwrite", Overwrite),
    *_cosmic(binary, "ReplaceBinaryOperator_Add_Sub", "ReplaceBinaryOperator_Sub_Add",
             "ReplaceBinaryOperator_Mul_Div", "ReplaceBinaryOperator_Div_Mul",
             "ReplaceBinaryOperator_Pow_Mul", "ReplaceBinaryOperator_FloorDiv_Div"),
    *_cosmic(comparison, "ReplaceComparisonOperator_Lt_LtE", "ReplaceComparisonOperator_LtE_Lt",
             "ReplaceComparisonOperator_Gt_GtE", "ReplaceComparisonOperator_GtE_Gt",
             "ReplaceComparisonOperator_Eq_NotEq", "ReplaceComparisonOperator_NotEq_Eq",
             "ReplaceComparisonOperator_Is_IsNot", "ReplaceComparisonOperator_IsNot_Is"),
    ("NumberReplacer", number_replacer.NumberReplacer),
    *_cosmic(boolean_replacer, "ReplaceTrueWithFalse", "ReplaceFalseWithTrue",
             "ReplaceAndWithOr", "ReplaceOrWithAnd"),
    *_cosmic(unary, "ReplaceUnaryOperator_Delete_USub", "ReplaceUnaryOperator_Delete_Not"),
    ("ZeroIterationForLoop", zero_iteration_for_loop.ZeroIterationForLoop),
    *_cosmic(break_continue, "ReplaceBreakWithContinue", "ReplaceContinueWithBreak"),
]


def short_name(name):
    """``ReplaceBinaryOperator_Add_Sub`` -> ``binary-Add-Sub`` (for mutant ids)."""
    for prefix, short in (("ReplaceBinaryOperator_", "binary-"),
                          ("ReplaceComparisonOperator_", "compare-"),
                          ("ReplaceUnaryOperator_", "unary-")):
        if name.startswith(prefix):
            return short + name[len(prefix):].replace("_", "-")
    return {"NumberReplacer": "number", "ZeroIterationForLoop": "zero-iteration-loop",
            "ReplaceTrueWithFalse": "True-False", "ReplaceFalseWithTrue": "False-True",
            "ReplaceAndWithOr": "and-or", "ReplaceOrWithAnd": "or-and",
            "ReplaceBreakWithContinue": "break-continue",
            "ReplaceContinueWithBreak": "continue-break"}.get(name, name)


def keep_prefix(old, new):
    """cosmic-ray's NumberReplacer writes ``" " + value``: keep the old leaf's
    whitespace instead (a number at the start of a line stays indented)."""
    if new is not old and isinstance(new, Number) and isinstance(old, Number):
        new.value, new.prefix = new.value.strip(), old.prefix
    return new
