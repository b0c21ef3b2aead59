# %% [markdown]
# # 08 · Backpropagation: reverse-mode autodiff, and why learning is minimising surprise
#
# A network learns by following the gradient of its loss with respect to every
# parameter. With a million parameters and one scalar loss, computing that
# gradient one parameter at a time would take a million passes; backpropagation
# does it in **one forward and one backward pass**. In this assignment you derive
# why, and build it twice: reverse mode (a scalar `Value` class in the spirit of
# micrograd) and forward mode (dual numbers), then the layers of a two-layer
# network in the CS231n style.
#
# | # | exercise | points |
# |---|---|---|
# | 1 | `class Value`: scalar reverse-mode autodiff, `backward()` | 5 |
# | 2 | `class Dual`: forward-mode dual numbers | 3 |
# | 3 | `derivative(f, x) -> float` | 1.5 |
# | 4 | `numerical_gradient(f, x, h=1e-5) -> np.ndarray` | 2 |
# | 5 | `linear_forward(x, W, b) -> (out, cache)` | 1.5 |
# | 6 | `linear_backward(dout, cache) -> (dx, dW, db)` | 1.5 |
# | 7 | `relu_forward(x) -> (out, cache)` | 1 |
# | 8 | `relu_backward(dout, cache) -> dx` | 1 |
# | 9 | `mlp_loss_and_grads(params, X, y) -> (loss, grads)` | 3.5 |
#
# **Conventions used by the graders** (each exercise repeats what applies to it).
# * `Value` and `Dual` are graded on **random expression graphs** drawn fresh for
#   every submission: every operator, numbers on either side, nodes reused many
#   times, chains of 1500 nodes. The graders replay the same graph in PyTorch
#   (float64) and compare every node's value and every input's gradient.
# * NumPy exercises accept lists as well as arrays, return `np.ndarray` (and a
#   `float` for a scalar loss), and **never modify their inputs** (`x`, `W`,
#   `b`, `dout`, `params`, and the cache). Calling a backward function twice on
#   the same cache gives the same answer.
# * The cache is yours: store what your backward pass needs; the graders only
#   hand it back.
#
# **Where this differs from the sources you may know** (micrograd, CS231n):
# 1. micrograd's `backward()` sorts the graph with a *recursive* `build_topo`.
#    Here `backward()` must work on a chain of 1500 nodes at Python's default
#    recursion limit (1000 frames), so the sort must be **iterative** (an
#    explicit stack). This is one check of its own (0.5 points): micrograd's
#    code loses only those.
# 2. micrograd has no `log` and no `sigmoid`; both are required here. (Its
#    `a / b` is `a * b**-1`, which does give `b` its gradient $-a/b^2$ through
#    `**`: that form, or a `__truediv__` with its own local derivatives, are both
#    fine.) Its `tanh` computes $(e^{2x} - 1)/(e^{2x} + 1)$, which overflows at
#    $x = 1000$; `math.tanh` does not.
# 3. CS231n's `affine_forward` reshapes `x` of any shape to `(N, D)`; here `x`
#    is already `(N, D)` but may be a **list**, so convert with `np.asarray`.
# 4. CS231n's two-layer net adds L2 regularisation to its loss; here
#    `mlp_loss_and_grads` is the **mean softmax cross-entropy alone**, no
#    regularisation, and it must stay finite at logits of size 1000.

# %%
import math

import numpy as np

np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. The chain rule, on a graph
#
# Any computation a program does is a composition of small operations whose
# derivatives we know: $+$, $\times$, $\exp$, $\log$, $\tanh$ ... Draw it as a
# **computational graph**: one node per intermediate value, an edge from each
# input of an operation to its output. For
# $$L = \log\big(1 + e^{w x + b}\big)$$
# the nodes are $u = w x$, $v = u + b$, $s = e^{v}$, $t = 1 + s$, $L = \log t$.
#
# The chain rule for one path says $\frac{dL}{dw} = \frac{dL}{dt}\frac{dt}{ds}
# \frac{ds}{dv}\frac{dv}{du}\frac{du}{dw}$. Each factor is **local**: it only
# needs the node's own inputs. Here $\frac{dL}{dt} = 1/t$, $\frac{dt}{ds} = 1$,
# $\frac{ds}{dv} = e^v = s$, $\frac{dv}{du} = 1$, $\frac{du}{dw} = x$, so
# $\frac{dL}{dw} = \frac{s}{1+s}\,x = \sigma(wx + b)\,x$.
#
# When a value is used twice the graph has two paths from it to $L$, and the
# multivariate chain rule **adds** them. If $L = f(g(a), h(a))$ then
# $$\frac{\partial L}{\partial a} = \frac{\partial L}{\partial g}\frac{\partial g}{\partial a}
#   + \frac{\partial L}{\partial h}\frac{\partial h}{\partial a}.$$
# Proof: perturb $a$ by $\epsilon$; to first order $g$ moves by $g'\epsilon$
# and $h$ by $h'\epsilon$, and $L$ moves by $\partial_g L \cdot g'\epsilon +
# \partial_h L \cdot h'\epsilon$. For $a \cdot a$ both paths carry $a$, and the
# sum gives $2a$. This is why gradients **accumulate** (`+=`): a node that feeds
# $k$ later nodes receives $k$ contributions.
#
# **Backpropagation** organises that sum. Call $\bar v = \partial L/\partial v$
# the *adjoint* of node $v$. Then
# $$\bar v = \sum_{c \,\in\, \text{children}(v)} \bar c \,\frac{\partial c}{\partial v},$$
# which is the chain rule above with one term per use of $v$. $\bar c$ must be
# complete before it is passed on, so the nodes are visited in **reverse
# topological order** (every node after all nodes that use it), starting from
# $\bar L = 1$. Each node then adds $\bar c \cdot \partial c/\partial v$ into each
# of its inputs: exactly one visit per edge.
#
# **Local derivatives** each node needs (derive each by the usual rules):
#
# | node $c$ | $\partial c/\partial a$ | $\partial c/\partial b$ |
# |---|---|---|
# | $a + b$ | $1$ | $1$ |
# | $a - b$ | $1$ | $-1$ |
# | $a b$ | $b$ | $a$ |
# | $a / b$ | $1/b$ | $-a/b^2$ |
# | $a^p$ ($p$ a number) | $p\,a^{p-1}$ | |
# | $e^a$ | $e^a = c$ | |
# | $\log a$ | $1/a$ | |
# | $\tanh a$ | $1 - c^2$ | |
# | $\sigma(a)$ | $c(1 - c)$ | |
# | $\mathrm{relu}(a)$ | $1$ if $a > 0$ else $0$ | |
#
# (For $\sigma(a) = 1/(1+e^{-a})$: $\sigma' = e^{-a}/(1+e^{-a})^2 = \sigma
# \cdot (1-\sigma)$. For $\tanh$: $\tanh' = 1/\cosh^2 = 1 - \tanh^2$.)
#
# ## 2. Forward vs reverse mode: count the passes
#
# Let the program compute $L = f(\theta)$ with $\theta \in \mathbb{R}^n$ and
# $L \in \mathbb{R}^m$, as a chain of steps with Jacobians $J_K \cdots J_2 J_1$.
# The chain rule is that product; the only freedom is the **order** of
# multiplication.
#
# * **Forward mode** multiplies from the right: push a direction $\dot\theta$
#   through, $J_K(\cdots(J_1 \dot\theta))$. One pass gives one
#   *column* of the Jacobian: the derivative of all outputs along one input
#   direction. The full Jacobian needs $n$ passes.
# * **Reverse mode** multiplies from the left: pull a weighting $\bar L$ back,
#   $((\bar L^\top J_K) \cdots) J_1$. One pass gives one *row*: the derivative of
#   one output with respect to all inputs. The full Jacobian needs $m$ passes.
#
# Each pass costs a small constant times one evaluation of $f$ (one visit per
# edge). Training has **one** scalar loss ($m = 1$) and **many** parameters
# ($n = 10^6$ or more): reverse mode gets the whole gradient in one backward
# pass, forward mode would need $n$ forward passes, and central differences
# $2n$ evaluations (and are only approximate). The price of reverse mode is
# memory: the backward pass needs the values of the forward pass (the cache),
# so it stores the graph. For one input and many outputs the roles flip, and
# forward mode wins.
#
# ## 3. Forward mode with dual numbers
#
# Extend the reals with an $\varepsilon$ with $\varepsilon^2 = 0$ and write
# $a + a'\varepsilon$. Then
# $(a + a'\varepsilon)(b + b'\varepsilon) = ab + (a'b + ab')\varepsilon$: the
# product rule falls out of the algebra. For a smooth $g$, Taylor's theorem
# with $\varepsilon^2 = 0$ gives $g(a + a'\varepsilon) = g(a) + g'(a)\,a'\,
# \varepsilon$ exactly: every higher term has a factor $\varepsilon^2$. So
# evaluating $f$ on $x + 1\varepsilon$ gives $f(x) + f'(x)\varepsilon$: the
# **exact** derivative in one forward pass. The rules, from the same
# expansion: $(a/b)' = (a'b - ab')/b^2$, $(a^p)' = p a^{p-1} a'$,
# $(e^a)' = e^a a'$, $(\log a)' = a'/a$, $(\tanh a)' = (1-\tanh^2 a)\,a'$,
# $\sigma(a)' = \sigma(1-\sigma)\,a'$, $\mathrm{relu}(a)' = [a>0]\,a'$.
# A number $c$ is the dual $c + 0\varepsilon$.

# %% [markdown]
# ## Exercise 1 · `class Value` (5 points)
#
# A scalar that remembers how it was computed. Requirements (all graded):
# * `Value(data)` stores `data` (a number) in `.data`, and `.grad = 0.0`.
# * Operators `+ - * /` between two Values **and** with a plain number on
#   either side (`v + 2`, `2 + v`, `3 - v`, `3 / v`: define `__radd__`,
#   `__rsub__`, `__rmul__`, `__rtruediv__`), `v ** p` for a **number** `p`
#   (the exponent is never a Value; `p` may be negative or fractional, the base
#   is then positive), unary `-v`, and the methods `v.exp()`, `v.log()`,
#   `v.tanh()`, `v.relu()`, `v.sigmoid()`, each returning a new `Value`.
#   The graders only use `log` of positive values, `/` by values away from 0,
#   and never evaluate `relu` exactly at 0 (its derivative there is left open).
# * `tanh` and `sigmoid` stay **finite and correct at |x| = 1000** (values
#   $\pm 1$, $1$ and $0$, gradients $0$; no `OverflowError`, no `nan`): one check
#   of its own (0.5 points). `math.exp(1000)` raises `OverflowError`, so write
#   `sigmoid` with `math.tanh` ($\sigma(x) = (1 + \tanh(x/2))/2$) or exponentiate
#   only $-|x|$. Elsewhere the graders feed `tanh` and `sigmoid` values with
#   $|x| \le 100$.
# * `v.backward()` sets `v.grad = 1` and fills `.grad` of every node `v`
#   depends on with $\partial v / \partial \text{node}$, in reverse topological
#   order; gradients **accumulate** where a node is used more than once.
# * The graph may be a chain of **1500** nodes: sort it **iteratively**
#   (no recursion; do not raise the recursion limit). 0.5 points.
# * The graph may have **several outputs** that share nodes. The graders call
#   `backward()` **once**, on one output, with every `.grad` at 0 (fresh
#   nodes): the inputs must then hold exactly that output's gradient. What a
#   second `backward()` on the same graph does (micrograd accumulates) is left
#   open and not graded.
# * Graded: every operation alone (value; gradient, by `backward()` on the
#   operation's result times a number $k$, so each node must multiply its
#   local derivative by the upstream `out.grad`), numbers on the left,
#   random graphs with reused nodes against PyTorch autograd, one of several
#   outputs, the deep chain, `tanh` and `sigmoid` at $|x| = 1000$.

# %% nbgrader={"grade": false, "grade_id": "Value_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
class Value:
    """A scalar node of a computational graph, with reverse-mode autodiff."""

    def __init__(self, data, _parents=(), _local=()):
        self.data = float(data)
        self.grad = 0.0
        self._parents = tuple(_parents)     # the nodes this one was computed from
        self._local = tuple(_local)         # d(self) / d(parent), one per parent

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    @staticmethod
    def _lift(other):
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other):
        other = Value._lift(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    def __mul__(self, other):
        other = Value._lift(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    def __pow__(self, p):
        p = float(p)
        return Value(self.data ** p, (self,), (p * self.data ** (p - 1),))

    def __neg__(self):
        return Value(-self.data, (self,), (-1.0,))

    def __sub__(self, other):
        other = Value._lift(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0))

    def __truediv__(self, other):
        other = Value._lift(other)
        return Value(self.data / other.data, (self, other),
                     (1.0 / other.data, -self.data / other.data ** 2))

    def __radd__(self, other):
        return Value._lift(other) + self

    def __rsub__(self, other):
        return Value._lift(other) - self

    def __rmul__(self, other):
        return Value._lift(other) * self

    def __rtruediv__(self, other):
        return Value._lift(other) / self

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,))

    def log(self):
        return Value(math.log(self.data), (self,), (1.0 / self.data,))

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,))

    def relu(self):
        return Value(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,))

    def sigmoid(self):
        s = 0.5 * (1.0 + math.tanh(0.5 * self.data))      # stable at |data| = 1000
        return Value(s, (self,), (s * (1.0 - s),))

    def backward(self):
        order, seen, stack = [], set(), [(self, False)]
        while stack:                        # iterative depth-first post-order
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node, True))
                stack.extend((p, False) for p in node._parents)
        self.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node._parents, node._local):
                parent.grad += local * node.grad


# %% nbgrader={"grade": true, "grade_id": "Value", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
a_check, b_check = Value(2.0), Value(-3.0)
out_check = a_check * b_check + a_check * a_check     # a is used three times
out_check.backward()
assert abs(out_check.data - (-6.0 + 4.0)) < 1e-12, "forward value: 2 * -3 + 2 * 2 = -2"
assert abs(a_check.grad - (-3.0 + 2 * 2.0)) < 1e-12, \
    "d/da (a b + a^2) = b + 2a = 1: gradients of a reused node must ADD up (+=, not =)"
assert abs(b_check.grad - 2.0) < 1e-12, "d/db (a b + a^2) = a = 2"
c_check = Value(0.5)
out_check = (2 - c_check) / (3 + c_check ** 2) + (1 / c_check).log() - c_check.sigmoid() * 2
out_check.backward()
x_check = 0.5
slope_check = (-(3 + x_check**2) - (2 - x_check) * 2 * x_check) / (3 + x_check**2) ** 2 \
    - 1 / x_check - 2 * (1 / (1 + math.exp(-x_check))) * (1 - 1 / (1 + math.exp(-x_check)))
assert abs(c_check.grad - slope_check) < 1e-10, \
    f"numbers on the left, / , ** , log and sigmoid: c.grad = {c_check.grad}, expected {slope_check}"
c_check = Value(1.7)
out_check = 3 * c_check.log()
out_check.backward()
assert abs(c_check.grad - 3 / 1.7) < 1e-12, \
    f"d/dc 3 log c = 3/c: log's backward multiplies its local derivative 1/c by the upstream out.grad = 3 (got {c_check.grad})"
a_check = Value(0.8)
t_check = a_check.tanh()
out_check = (t_check * 2).exp() + t_check          # t reaches out by a short and a long path
out_check.backward()
slope_check = (2 * math.exp(2 * math.tanh(0.8)) + 1) * (1 - math.tanh(0.8) ** 2)
assert abs(a_check.grad - slope_check) < 1e-12, \
    f"t = tanh(a), out = exp(2t) + t: a.grad = {a_check.grad}, expected {slope_check}: each backward multiplies by out.grad, and t must be visited only after every node that uses it (reverse topological order, not breadth-first)"
deep_check = Value(1.0)
node_check = deep_check
for k_check in range(600):
    node_check = node_check * 0.999 + 0.001
node_check.backward()
assert abs(deep_check.grad - 0.999 ** 600) < 1e-12, \
    "a chain of 1200 nodes: backward() must sort the graph without recursion"


# %% [markdown]
# ## Exercise 2 · `class Dual` (3 points)
#
# `Dual(value, derivative)` stores the two parts in `.value` and `.derivative`.
# It supports the same operations as `Value`: `+ - * /` between Duals and with
# a number on either side (a number $c$ is $c + 0\varepsilon$), `** p` for a
# number `p`, unary `-`, and the methods `exp()`, `log()`, `tanh()`, `relu()`,
# `sigmoid()`, each returning a new `Dual`. Graded on Duals with arbitrary
# derivative parts (two Duals with derivatives $a'$ and $b'$ combine to
# derivative $a' \partial_a f + b' \partial_b f$), every operation alone and in
# random functions, against PyTorch autograd (the same functions your `Value`
# differentiates). The Dual checks feed `tanh` and `sigmoid` values with
# $|x| \le 50$ (every node of their random functions stays within 50); as for
# `Value`, keep them finite at any input (the course's convention: finite at
# $|x| = 1000$).

# %% nbgrader={"grade": false, "grade_id": "Dual_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
class Dual:
    """A dual number value + derivative * eps, with eps**2 = 0."""

    def __init__(self, value, derivative=0.0):
        self.value = float(value)
        self.derivative = float(derivative)

    def __repr__(self):
        return f"Dual({self.value:.6g}, {self.derivative:.6g})"

    @staticmethod
    def _lift(other):
        return other if isinstance(other, Dual) else Dual(other, 0.0)

    def __add__(self, other):
        other = Dual._lift(other)
        return Dual(self.value + other.value, self.derivative + other.derivative)

    def __sub__(self, other):
        other = Dual._lift(other)
        return Dual(self.value - other.value, self.derivative - other.derivative)

    def __mul__(self, other):
        other = Dual._lift(other)
        return Dual(self.value * other.value,
                    self.derivative * other.value + self.value * other.derivative)

    def __truediv__(self, other):
        other = Dual._lift(other)
        return Dual(self.value / other.value,
                    (self.derivative * other.value - self.value * other.derivative)
                    / other.value ** 2)

    def __radd__(self, other):
        return Dual._lift(other) + self

    def __rsub__(self, other):
        return Dual._lift(other) - self

    def __rmul__(self, other):
        return Dual._lift(other) * self

    def __rtruediv__(self, other):
        return Dual._lift(other) / self

    def __pow__(self, p):
        p = float(p)
        return Dual(self.value ** p, p * self.value ** (p - 1) * self.derivative)

    def __neg__(self):
        return Dual(-self.value, -self.derivative)

    def exp(self):
        e = math.exp(self.value)
        return Dual(e, e * self.derivative)

    def log(self):
        return Dual(math.log(self.value), self.derivative / self.value)

    def tanh(self):
        t = math.tanh(self.value)
        return Dual(t, (1.0 - t * t) * self.derivative)

    def relu(self):
        if self.value > 0:
            return Dual(self.value, self.derivative)
        return Dual(0.0, 0.0)

    def sigmoid(self):
        s = 0.5 * (1.0 + math.tanh(0.5 * self.value))
        return Dual(s, s * (1.0 - s) * self.derivative)


# %% nbgrader={"grade": true, "grade_id": "Dual", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
p_check = Dual(2.0, 1.0) * Dual(3.0, 5.0)
assert abs(p_check.value - 6.0) < 1e-12 and abs(p_check.derivative - (1 * 3 + 2 * 5)) < 1e-12, \
    "product rule: (u v)' = u' v + u v' = 1*3 + 2*5 = 13, not u' v' = 5"
q_check = 1 / Dual(2.0, 1.0) - Dual(2.0, 1.0) ** 3 + Dual(0.5, 2.0).tanh()
assert abs(q_check.derivative - (-0.25 - 12.0 + 2 * (1 - math.tanh(0.5) ** 2))) < 1e-12, \
    "1/x, x**3 and tanh: derivatives -1/x^2, 3x^2 and (1 - tanh^2) times the input's derivative"


# %% [markdown]
# ## Exercise 3 · `derivative(f, x) -> float` (1.5 points)
#
# The exact derivative $f'(x)$ of a function of one number, by forward mode:
# evaluate `f` once on `Dual(x, 1.0)` and return the derivative part as a
# `float`. `f` is built from the operators and methods of Exercise 2 (the
# graders' functions call `v.exp()`, `v ** 2.5`, `3 / v` ... on what you pass
# them); `x` may be an `int` or a `float`. The answer must match autograd to
# rounding error: a finite difference is not accepted (one check evaluates
# $c\,\mathrm{relu}(x - a) + x^2$ at $x = a + 10^{-7}$, right next to the
# kink, where a difference quotient straddles it; forward mode is exact there).

# %% nbgrader={"grade": false, "grade_id": "derivative_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def derivative(f, x):
    """f'(x) by forward-mode autodiff (one evaluation of f on a Dual)."""
    return float(f(Dual(float(x), 1.0)).derivative)


# %% nbgrader={"grade": true, "grade_id": "derivative", "locked": true, "points": 1.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
d_check = derivative(lambda v: (v * v + 1).log() * v.sigmoid(), 0.7)
s_check = 1 / (1 + math.exp(-0.7))
exact_check = 2 * 0.7 / (0.49 + 1) * s_check + math.log(1.49) * s_check * (1 - s_check)
assert isinstance(d_check, float), "derivative returns a float, not a Dual"
assert abs(d_check - exact_check) < 1e-12, \
    f"forward mode is exact: got {d_check}, expected {exact_check} (a central difference with h = 1e-5 is off by ~2e-11)"


# %% [markdown]
# ## Exercise 4 · `numerical_gradient(f, x, h=1e-5) -> np.ndarray` (2 points)
#
# The gradient check every backward pass is tested with. For a scalar function
# `f` of an array, perturb one entry at a time:
# $$\frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}.$$
# Why central: Taylor gives $f(x \pm h e_i) = f \pm h \partial_i f +
# \tfrac{h^2}{2}\partial_i^2 f \pm \tfrac{h^3}{6}\partial_i^3 f + \dots$; the
# difference cancels the even terms, so the error is $\tfrac{h^2}{6}
# \partial_i^3 f$, against $\tfrac{h}{2}\partial_i^2 f$ for the one-sided
# $(f(x+h e_i) - f(x))/h$. Rounding adds about $\epsilon_{\text{mach}} |f| / h$,
# which is why $h$ is not taken tiny.
#
# Requirements: `x` is an array of any shape, or a list; `f` takes an array of
# `x`'s shape and returns a number. Return a float array of `x`'s shape, the
# central difference with **the given** `h`. `x` must be left as it was (work on
# a float copy; perturbing in place and restoring is fine as long as `x` ends up
# unchanged). Graded: against the analytic gradient, against the exact central
# difference at `h = 0.05`, a list input, `x` unchanged.

# %% nbgrader={"grade": false, "grade_id": "numerical_gradient_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def numerical_gradient(f, x, h=1e-5):
    """Central-difference gradient of the scalar function f at x (any shape)."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        keep = x[index]
        x[index] = keep + h
        up = f(x)
        x[index] = keep - h
        down = f(x)
        x[index] = keep
        grad[index] = (up - down) / (2 * h)
    return grad


# %% nbgrader={"grade": true, "grade_id": "numerical_gradient", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
x_check = np.array([[0.3, -1.2], [2.0, 0.5]])
x_copy_check = x_check.copy()
g_check = numerical_gradient(lambda v: float(np.sum(np.sin(v) * v ** 2)), x_check)
assert g_check.shape == (2, 2), "the gradient has the shape of x"
assert np.allclose(g_check, np.cos(x_check) * x_check ** 2 + 2 * x_check * np.sin(x_check),
                   rtol=1e-7), "d/dx sin(x) x^2 = cos(x) x^2 + 2 x sin(x)"
assert np.array_equal(x_check, x_copy_check), "x must be left unchanged"
g_check = numerical_gradient(lambda v: float(np.sum(v ** 3)), [1.0, 2.0], h=0.1)
assert np.allclose(g_check, [3 * 1 + 0.01, 3 * 4 + 0.01]), \
    "central difference of x^3 with h = 0.1 is 3x^2 + h^2 (a forward difference gives 3x^2 + 3xh + h^2)"


# %% [markdown]
# ## 4. Layers: backprop with matrices
#
# A layer is a node whose value is an array. Its backward pass gets the
# upstream gradient `dout` $= \partial L / \partial \text{out}$ (the shape of
# `out`) and returns the gradients of its inputs, applying the scalar rule of
# Section 1 to every entry at once.
#
# **Linear layer** $\text{out} = xW + b$, with $x \in \mathbb{R}^{N\times D}$,
# $W \in \mathbb{R}^{D \times M}$, $b \in \mathbb{R}^M$. Entry by entry,
# $\text{out}_{nm} = \sum_d x_{nd} W_{dm} + b_m$. Then
# $\partial \text{out}_{nm}/\partial x_{nd} = W_{dm}$, so
# $\bar x_{nd} = \sum_m \overline{\text{out}}_{nm} W_{dm}$, i.e.
# $dx = dout\, W^\top$; likewise $\bar W_{dm} = \sum_n x_{nd}\,
# \overline{\text{out}}_{nm}$, i.e. $dW = x^\top dout$; and $b_m$ is added to
# every row, so its adjoint sums over the rows: $db = \sum_n dout_{n\cdot}$,
# shape $(M,)$ (the accumulation rule again: $b$ is used $N$ times). A quick
# check: each gradient has the shape of its variable.
#
# **ReLU** $\text{out} = \max(x, 0)$ elementwise: $dx = dout \odot [x > 0]$.

# %% [markdown]
# ## Exercise 5 · `linear_forward(x, W, b) -> (out, cache)` (1.5 points)
#
# `x (N, D)`, `W (D, M)`, `b (M,)`, lists or arrays; `out = x @ W + b` as an
# array `(N, M)`, and a cache for the backward pass. Do not modify the inputs.

# %% nbgrader={"grade": false, "grade_id": "linear_forward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def linear_forward(x, W, b):
    """out = x @ W + b; returns (out, cache)."""
    x, W, b = (np.asarray(a, dtype=float) for a in (x, W, b))
    return x @ W + b, (x, W)


# %% nbgrader={"grade": true, "grade_id": "linear_forward", "locked": true, "points": 1.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
out_check, cache_check = linear_forward([[1.0, 2.0]], [[1.0, 0.0, -1.0], [0.5, 2.0, 1.0]],
                                        [0.0, 1.0, -2.0])
assert np.allclose(out_check, [[2.0, 5.0, -1.0]]), "x @ W + b, with lists as inputs"


# %% [markdown]
# ## Exercise 6 · `linear_backward(dout, cache) -> (dx, dW, db)` (1.5 points)
#
# The gradients derived above, of shapes `(N, D)`, `(D, M)` and `(M,)`.
# `dout` and the cache are left unchanged; a second call on the same cache
# gives the same answer. Graded against PyTorch autograd.

# %% nbgrader={"grade": false, "grade_id": "linear_backward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def linear_backward(dout, cache):
    """Gradients of the linear layer: (dx, dW, db)."""
    x, W = cache
    dout = np.asarray(dout, dtype=float)
    return dout @ W.T, x.T @ dout, dout.sum(axis=0)


# %% nbgrader={"grade": true, "grade_id": "linear_backward", "locked": true, "points": 1.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
rng_check = np.random.default_rng(3)
x_check, W_check, b_check = (rng_check.standard_normal((4, 3)), rng_check.standard_normal((3, 2)),
                             rng_check.standard_normal(2))
dout_check = rng_check.standard_normal((4, 2))
out_check, cache_check = linear_forward(x_check, W_check, b_check)
dx_check, dW_check, db_check = linear_backward(dout_check, cache_check)
assert np.shape(db_check) == (2,), "db sums the rows of dout: shape (M,)"
assert np.allclose(dx_check, numerical_gradient(
    lambda v_check: float(np.sum(linear_forward(v_check, W_check, b_check)[0] * dout_check)),
    x_check)), "dx = dout @ W.T (checked by central differences of your own forward)"
assert np.allclose(dW_check, numerical_gradient(
    lambda v_check: float(np.sum(linear_forward(x_check, v_check, b_check)[0] * dout_check)),
    W_check)), "dW = x.T @ dout"
assert np.allclose(db_check, dout_check.sum(axis=0)), "db = dout.sum(axis=0)"


# %% [markdown]
# ## Exercise 7 · `relu_forward(x) -> (out, cache)` (1 point)
#
# `out = max(x, 0)` elementwise, a new array: **do not** zero `x` in place
# (`x[x < 0] = 0` changes the caller's array).

# %% nbgrader={"grade": false, "grade_id": "relu_forward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def relu_forward(x):
    """Elementwise max(x, 0); returns (out, cache)."""
    x = np.asarray(x, dtype=float)
    return np.maximum(x, 0.0), x


# %% nbgrader={"grade": true, "grade_id": "relu_forward", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
x_check = np.array([[-1.0, 2.0], [0.5, -3.0]])
out_check, cache_check = relu_forward(x_check)
assert np.array_equal(out_check, [[0.0, 2.0], [0.5, 0.0]]), "negative entries become 0"
assert np.array_equal(x_check, [[-1.0, 2.0], [0.5, -3.0]]), "x must not be modified"


# %% [markdown]
# ## Exercise 8 · `relu_backward(dout, cache) -> dx` (1 point)
#
# `dx = dout * (x > 0)`, a new array; leave `dout` and the cache unchanged
# (`dout[x <= 0] = 0` is the classic in-place mistake). The inputs are never
# exactly 0 in the graders' tests.

# %% nbgrader={"grade": false, "grade_id": "relu_backward_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def relu_backward(dout, cache):
    """Gradient of the ReLU layer: dx."""
    x = cache
    return np.asarray(dout, dtype=float) * (x > 0)


# %% nbgrader={"grade": true, "grade_id": "relu_backward", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
out_check, cache_check = relu_forward(np.array([-1.0, 2.0, 0.5, -3.0]))
dout_check = np.array([1.0, 2.0, 3.0, 4.0])
assert np.array_equal(relu_backward(dout_check, cache_check), [0.0, 2.0, 3.0, 0.0]), \
    "the gradient passes where x > 0 and stops where x < 0"
assert np.array_equal(dout_check, [1.0, 2.0, 3.0, 4.0]), "dout must not be modified"


# %% [markdown]
# ## 5. Softmax + cross-entropy: the gradient, derived
#
# A classifier outputs scores $s \in \mathbb{R}^C$ and turns them into a
# distribution $q_k = e^{s_k} / \sum_j e^{s_j}$ (softmax). The loss for the
# true class $y$ is the **surprise** of the model at the outcome that
# happened: $\ell = -\log q_y = -s_y + \log \sum_j e^{s_j}$.
# Differentiate the two terms:
# $\partial(-s_y)/\partial s_k = -[k = y]$, and
# $\partial \log \sum_j e^{s_j} / \partial s_k = e^{s_k} / \sum_j e^{s_j} = q_k$. So
# $$\frac{\partial \ell}{\partial s_k} = q_k - [k = y], \qquad \nabla_s \ell = q - \text{onehot}(y).$$
# The error signal is "what the model predicted minus what happened". For a
# batch, $L = \frac1N\sum_n \ell_n$, and each row's gradient is divided by $N$.
#
# **Stability.** $e^{1000}$ overflows. Since $\log\sum_j e^{s_j} = m +
# \log \sum_j e^{s_j - m}$ for any $m$, take $m = \max_j s_j$: every exponent is
# then $\le 0$ and one of them is exactly $0$, so the sum lies in $[1, C]$.
# Compute $\log q = s - m - \log\sum_j e^{s_j - m}$ and never form $\log$ of a
# rounded-to-zero probability.
#
# **Training as minimising surprise.** The mean loss over data from a
# distribution $p$ is the cross-entropy $H(p, q) = -\mathbb{E}_p \log q =
# H(p) + \mathrm{KL}(p\,\|\,q)$. $H(p)$ does not depend on the model, so
# gradient descent on the loss is gradient descent on $\mathrm{KL}(p\|q)$: it
# makes the model's surprise at the data as small as the data's own entropy
# allows.
#
# **Saturation, entropy and vanishing gradients.** The gradient's norm is
# $\|q - e_y\|^2 = (1 - q_y)^2 + \sum_{k \ne y} q_k^2$. When the softmax is
# confident (low entropy $H(q)$, nearly one-hot), this norm is near 0 if it is
# right, and the unit has stopped learning; a maximally uncertain softmax
# (uniform, $H = \log C$) passes gradient $\sqrt{(1 - 1/C)^2 + (C-1)/C^2} =
# \sqrt{1 - 1/C}$. The same holds for a single saturated unit: $\sigma' =
# \sigma(1-\sigma)$ is the variance of a Bernoulli($\sigma$) output, largest
# ($1/4$) at maximum entropy $\sigma = 1/2$ and vanishing as the unit's output
# entropy goes to 0; $\tanh' = 1 - \tanh^2$ likewise. Stack saturated units and
# the backward pass multiplies these small factors: that is the vanishing
# gradient. Low-entropy units carry little information forward and little
# gradient back. The plot after Exercise 9 shows it.

# %% [markdown]
# ## Exercise 9 · `mlp_loss_and_grads(params, X, y) -> (loss, grads)` (3.5 points)
#
# The network: $h = \mathrm{relu}(X W_1 + b_1)$, scores $s = h W_2 + b_2$, loss
# the **mean** softmax cross-entropy (natural log, nats) of the integer labels
# `y` (shape `(N,)`, values in `0..C-1`), no regularisation. `params` is a dict
# with `"W1" (D, H)`, `"b1" (H,)`, `"W2" (H, C)`, `"b2" (C,)`; `X` is `(N, D)`.
# Return `(loss, grads)`: `loss` a `float`, `grads` a dict with the same four
# keys and arrays of the parameters' shapes. Stable at scores of size 1000
# (finite and correct). Do not modify `params`, `X` or `y`. Use your layers.
# Graded: the loss and the gradients against PyTorch's `cross_entropy` and
# autograd, your gradients against central differences of your own loss, large
# scores, inputs unchanged.

# %% nbgrader={"grade": false, "grade_id": "mlp_loss_and_grads_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mlp_loss_and_grads(params, X, y):
    """Mean softmax cross-entropy of a two-layer ReLU network and its gradients."""
    y = np.asarray(y, dtype=int)
    n = y.shape[0]
    pre, cache1 = linear_forward(X, params["W1"], params["b1"])
    hidden, cache_relu = relu_forward(pre)
    scores, cache2 = linear_forward(hidden, params["W2"], params["b2"])
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_q = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = float(-log_q[np.arange(n), y].mean())
    dscores = np.exp(log_q)
    dscores[np.arange(n), y] -= 1.0
    dscores /= n
    dhidden, dW2, db2 = linear_backward(dscores, cache2)
    dpre = relu_backward(dhidden, cache_relu)
    _, dW1, db1 = linear_backward(dpre, cache1)
    return loss, {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


# %% nbgrader={"grade": true, "grade_id": "mlp_loss_and_grads", "locked": true, "points": 3.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
rng_check = np.random.default_rng(7)
params_check = {"W1": rng_check.standard_normal((3, 5)), "b1": rng_check.standard_normal(5),
                "W2": rng_check.standard_normal((5, 4)), "b2": rng_check.standard_normal(4)}
X_check, y_check = rng_check.standard_normal((6, 3)), np.array([0, 3, 1, 1, 2, 3])
loss_check, grads_check = mlp_loss_and_grads(params_check, X_check, y_check)
zero_check = {k_check: np.zeros_like(v_check) for k_check, v_check in params_check.items()}
assert abs(mlp_loss_and_grads(zero_check, X_check, y_check)[0] - math.log(4)) < 1e-12, \
    "all-zero weights give a uniform softmax: loss = log C = log 4 nats"
for k_check in ("W1", "b1", "W2", "b2"):
    num_check = numerical_gradient(lambda v_check: mlp_loss_and_grads(
        {**params_check, k_check: v_check}, X_check, y_check)[0], params_check[k_check])
    assert np.allclose(grads_check[k_check], num_check, rtol=1e-5, atol=1e-8), \
        f"grads[{k_check!r}] differs from central differences of your own loss"
big_check = {**params_check, "W2": 1000.0 * params_check["W2"]}
assert np.isfinite(mlp_loss_and_grads(big_check, X_check, y_check)[0]), \
    "scores of size ~1000: the loss must be finite; subtract the row maximum before exp, and take log q as shifted scores minus log-sum-exp, never the log of a probability that rounds to 0"

# %% [markdown]
# **Look at it: entropy against gradient.** Below, random score vectors of
# $C = 10$ classes at temperatures from very cold (nearly one-hot) to hot
# (nearly uniform); for each, the entropy of the softmax $H(q)$ and the norm of
# the cross-entropy gradient $\|q - e_y\|$ when the model is **right**
# ($y = \arg\max q$). As the entropy falls to 0 the gradient norm falls with it:
# a confident, saturated unit stops passing gradient. The right panel shows
# one saturated sigmoid unit: the gradient $\sigma'(a) = \sigma(1-\sigma)$
# against the entropy of its Bernoulli output, in bits.

# %% tags=["demo"]
import matplotlib.pyplot as plt

rng_demo = np.random.default_rng(0)
entropies, norms = [], []
for temperature in np.geomspace(0.02, 20.0, 400):
    scores_demo = rng_demo.standard_normal(10) / temperature
    q_demo = np.exp(scores_demo - scores_demo.max())
    q_demo /= q_demo.sum()
    target = np.zeros(10)
    target[np.argmax(q_demo)] = 1.0
    entropies.append(-np.sum(q_demo[q_demo > 0] * np.log2(q_demo[q_demo > 0])))
    norms.append(np.linalg.norm(q_demo - target))
a_demo = np.linspace(-10, 10, 400)
s_demo = 0.5 * (1 + np.tanh(0.5 * a_demo))
with np.errstate(divide="ignore", invalid="ignore"):
    h_demo = -np.nan_to_num(s_demo * np.log2(s_demo)) - np.nan_to_num((1 - s_demo) * np.log2(1 - s_demo))
fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
axes[0].scatter(entropies, norms, s=6)
axes[0].set_xlabel("entropy of the softmax H(q) [bits]")
axes[0].set_ylabel("||dL/ds|| = ||q - onehot(y)||")
axes[0].set_title("softmax: low entropy, small gradient")
axes[1].plot(h_demo, s_demo * (1 - s_demo))
axes[1].set_xlabel("entropy of a sigmoid unit's output [bits]")
axes[1].set_ylabel("sigma'(a)")
axes[1].set_title("a saturated unit passes no gradient")
fig.tight_layout()
plt.show()

# %% [markdown]
# **Look at it: one network, trained by the gradients you wrote.** If your
# exercises are done, the cell below trains the two-layer network on a small
# spiral data set with plain gradient descent and plots the mean surprise
# (the loss, in nats) falling towards 0; the dashed line is $\log C$, the
# surprise of a uniform guess.

# %% tags=["demo"]
try:
    rng_demo = np.random.default_rng(1)
    n_per, classes = 60, 3
    radius = np.tile(np.linspace(0.1, 1.0, n_per), classes)
    angle = np.concatenate([np.linspace(4 * k, 4 * k + 4, n_per) for k in range(classes)])
    angle = angle + 0.2 * rng_demo.standard_normal(angle.shape)
    X_demo = np.c_[radius * np.sin(angle), radius * np.cos(angle)]
    y_demo = np.repeat(np.arange(classes), n_per)
    params_demo = {"W1": 0.5 * rng_demo.standard_normal((2, 64)), "b1": np.zeros(64),
                   "W2": 0.5 * rng_demo.standard_normal((64, classes)), "b2": np.zeros(classes)}
    losses_demo = []
    for step in range(1500):
        loss_demo, grads_demo = mlp_loss_and_grads(params_demo, X_demo, y_demo)
        losses_demo.append(loss_demo)
        params_demo = {k: v - 1.0 * grads_demo[k] for k, v in params_demo.items()}
    plt.figure(figsize=(5, 3.2))
    plt.plot(losses_demo)
    plt.axhline(math.log(classes), ls="--", color="gray")
    plt.xlabel("gradient step")
    plt.ylabel("mean surprise (nats)")
    plt.title("training minimises surprise")
    plt.show()
except NotImplementedError:
    print("Finish the exercises to see the network train.")

# %% [markdown]
# ## Summary
#
# * Backprop is the chain rule evaluated in reverse topological order; each
#   node adds its upstream gradient times its local derivative into its
#   inputs, and a reused node accumulates one term per use.
# * Reverse mode costs one backward pass per output, forward mode one pass per
#   input: for one loss and many parameters, reverse mode wins by a factor of
#   the number of parameters.
# * Softmax + cross-entropy has the gradient $q - \text{onehot}(y)$: the
#   model's prediction minus the outcome. Training minimises the mean
#   surprise, i.e. $\mathrm{KL}(p\|q)$ plus a constant.
# * Confident, low-entropy units pass almost no gradient: that is the
#   vanishing gradient, read information-theoretically.
