"""Realistic wrong implementations (and alternative correct ones) for
08_backpropagation. Each ``code`` is inserted before every test cell of the
reference solution, so it only redefines what it breaks. The reference layers'
caches are (x, W) for the linear layer and x for ReLU."""

# micrograd's Value, as a student writes it from Karpathy's lecture: closures
# for _backward, a set of children, and the RECURSIVE build_topo. It is correct
# except on chains deeper than the recursion limit.
_MICROGRAD = '''
import math
class Value:
    def __init__(self, data, _children=(), _op=''):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), '+')
        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), '*')
        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, other):
        assert isinstance(other, (int, float))
        out = Value(self.data ** other, (self,), f'**{other}')
        def _backward():
            self.grad += (other * self.data ** (other - 1)) * out.grad
        out._backward = _backward
        return out

    def relu(self):
        out = Value(0 if self.data < 0 else self.data, (self,), 'ReLU')
        def _backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), 'tanh')
        def _backward():
            self.grad += (1 - t ** 2) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,), 'exp')
        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def log(self):
        out = Value(math.log(self.data), (self,), 'log')
        def _backward():
            self.grad += out.grad / self.data
        out._backward = _backward
        return out

    def sigmoid(self):
        s = 1 / (1 + math.exp(-self.data)) if self.data >= 0 else math.exp(self.data) / (1 + math.exp(self.data))
        out = Value(s, (self,), 'sigmoid')
        def _backward():
            self.grad += s * (1 - s) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        topo = []
        visited = set()
        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1
        for v in reversed(topo):
            v._backward()

    def __neg__(self):
        return self * -1

    def __radd__(self, other):
        return self + other

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return other + (-self)

    def __rmul__(self, other):
        return self * other

    def __truediv__(self, other):
        return self * other ** -1

    def __rtruediv__(self, other):
        return other * self ** -1
'''

# the same class with an iterative topological sort: correct everywhere
_ITERATIVE_SORT = '''
    def backward(self):
        topo, visited, stack = [], set(), [(self, iter(self._prev))]
        visited.add(self)
        while stack:
            node, children = stack[-1]
            for child in children:
                if child not in visited:
                    visited.add(child)
                    stack.append((child, iter(child._prev)))
                    break
            else:
                stack.pop()
                topo.append(node)
        self.grad = 1
        for v in reversed(topo):
            v._backward()
'''


def _micrograd_with(old, new):
    assert old in _MICROGRAD, old
    return _MICROGRAD.replace(old, new)


def _iterative_micrograd_with(old, new):
    code = _micrograd_with(_MICROGRAD[_MICROGRAD.index("    def backward(self):"):
                                      _MICROGRAD.index("    def __neg__")], _ITERATIVE_SORT + "\n")
    assert old in code, old
    return code.replace(old, new)


_DUAL = '''
import math
class Dual:
    def __init__(self, value, derivative=0.0):
        self.value = value
        self.derivative = derivative
    @staticmethod
    def _d(o):
        return o if isinstance(o, Dual) else Dual(o, 0.0)
    def __add__(self, o):
        o = Dual._d(o); return Dual(self.value + o.value, self.derivative + o.derivative)
    __radd__ = __add__
    def __sub__(self, o):
        o = Dual._d(o); return Dual(self.value - o.value, self.derivative - o.derivative)
    def __rsub__(self, o):
        return Dual._d(o) - self
    def __mul__(self, o):
        o = Dual._d(o)
        return Dual(self.value * o.value, self.derivative * o.value + self.value * o.derivative)
    __rmul__ = __mul__
    def __truediv__(self, o):
        o = Dual._d(o)
        return Dual(self.value / o.value,
                    (self.derivative * o.value - self.value * o.derivative) / o.value ** 2)
    def __rtruediv__(self, o):
        return Dual._d(o) / self
    def __pow__(self, p):
        return Dual(self.value ** p, p * self.value ** (p - 1) * self.derivative)
    def __neg__(self):
        return Dual(-self.value, -self.derivative)
    def exp(self):
        e = math.exp(self.value); return Dual(e, e * self.derivative)
    def log(self):
        return Dual(math.log(self.value), self.derivative / self.value)
    def tanh(self):
        t = math.tanh(self.value); return Dual(t, (1 - t * t) * self.derivative)
    def relu(self):
        return Dual(max(self.value, 0.0), self.derivative if self.value > 0 else 0.0)
    def sigmoid(self):
        s = 1.0 / (1.0 + math.exp(-self.value))
        return Dual(s, s * (1 - s) * self.derivative)
'''


def _dual_with(old, new):
    assert old in _DUAL, old
    return _DUAL.replace(old, new)


WRONG = [
    # -- Value --------------------------------------------------------------------
    dict(name="micrograd_recursive_build_topo", exercise="Value",
         misconception="recursive-topological-sort", code=_MICROGRAD),
    dict(name="value_grad_assigned_not_accumulated", exercise="Value",
         misconception="backprop-grad-overwritten", code=_iterative_micrograd_with(
             "            self.grad += other.data * out.grad\n"
             "            other.grad += self.data * out.grad",
             "            self.grad = other.data * out.grad\n"
             "            other.grad = self.data * out.grad").replace(
             "            self.grad += out.grad\n            other.grad += out.grad",
             "            self.grad = out.grad\n            other.grad = out.grad")),
    dict(name="value_tanh_derivative_one_minus_t", exercise="Value", misconception=None,
         code=_iterative_micrograd_with("self.grad += (1 - t ** 2) * out.grad",
                                        "self.grad += (1 - t) * out.grad")),
    dict(name="value_log_ignores_upstream_grad", exercise="Value", misconception=None,
         code=_iterative_micrograd_with("self.grad += out.grad / self.data",
                                        "self.grad += 1 / self.data")),
    dict(name="value_backward_breadth_first", exercise="Value", misconception=None,
         code=_micrograd_with(_MICROGRAD[_MICROGRAD.index("    def backward(self):"):
                                         _MICROGRAD.index("    def __neg__")], '''
    def backward(self):
        # breadth-first from the output: a node reached by a short and a long
        # path passes its gradient on before the long path's part arrives
        self.grad = 1
        queue, seen = [self], {self}
        while queue:
            v = queue.pop(0)
            v._backward()
            for child in v._prev:
                if child not in seen:
                    seen.add(child)
                    queue.append(child)

''')),
    dict(name="value_sigmoid_overflows_at_minus_1000", exercise="Value",
         misconception="overflow-at-large-inputs", code=_iterative_micrograd_with(
             "s = 1 / (1 + math.exp(-self.data)) if self.data >= 0 else "
             "math.exp(self.data) / (1 + math.exp(self.data))",
             "s = 1 / (1 + math.exp(-self.data))")),
    dict(name="value_rsub_backwards", exercise="Value", misconception=None,
         code=_iterative_micrograd_with("        return other + (-self)\n",
                                        "        return self - other\n")),
    # -- Dual ---------------------------------------------------------------------
    dict(name="dual_product_of_derivatives", exercise="Dual", also=("derivative",),
         misconception="dual-product-rule", code=_dual_with(
             "self.derivative * o.value + self.value * o.derivative)",
             "self.derivative * o.derivative)")),
    dict(name="dual_rtruediv_not_reflected", exercise="Dual", misconception=None,
         code=_dual_with("        return Dual._d(o) / self\n", "        return self / o\n")),
    # -- derivative ---------------------------------------------------------------
    dict(name="derivative_by_central_differences", exercise="derivative",
         misconception="derivative-by-finite-differences", code='''
def derivative(f, x, h=1e-5):
    return float((f(Dual(x + h, 0.0)).value - f(Dual(x - h, 0.0)).value) / (2 * h))
'''),
    # -- numerical_gradient -------------------------------------------------------
    dict(name="numerical_gradient_forward_difference", exercise="numerical_gradient",
         misconception="forward-difference-instead-of-central", code='''
import numpy as np
def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    fx = f(x)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        grad[i] = (f(x) - fx) / h
        x[i] = old
    return grad
'''),
    dict(name="numerical_gradient_perturbs_x_without_restoring", exercise="numerical_gradient",
         misconception=None, code='''
import numpy as np
def numerical_gradient(f, x, h=1e-5):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        up = f(x)
        x[i] = old - h
        down = f(x)
        grad[i] = (up - down) / (2 * h)
    return grad
'''),
    # -- layers -------------------------------------------------------------------
    dict(name="linear_backward_db_not_summed", exercise="linear_backward",
         also=("mlp_loss_and_grads",), misconception="bias-grad-not-summed", code='''
import numpy as np
def linear_backward(dout, cache):
    x, W = cache
    return dout @ W.T, x.T @ dout, dout
'''),
    dict(name="relu_forward_zeroes_x_in_place", exercise="relu_forward", misconception=None,
         code='''
import numpy as np
def relu_forward(x):
    cache = np.array(x, dtype=float)
    x[x < 0] = 0
    return x, cache
'''),
    dict(name="relu_backward_zeroes_dout_in_place", exercise="relu_backward",
         misconception=None, code='''
import numpy as np
def relu_backward(dout, cache):
    dout[cache <= 0] = 0
    return dout
'''),
    # -- the network --------------------------------------------------------------
    dict(name="mlp_softmax_without_max_shift", exercise="mlp_loss_and_grads",
         misconception="overflow-at-large-inputs", code='''
import numpy as np
def mlp_loss_and_grads(params, X, y):
    X = np.asarray(X, dtype=float); y = np.asarray(y)
    n = X.shape[0]
    h = np.maximum(X @ params["W1"] + params["b1"], 0)
    s = h @ params["W2"] + params["b2"]
    e = np.exp(s)
    q = e / e.sum(axis=1, keepdims=True)
    loss = float(-np.log(q[np.arange(n), y]).mean())
    ds = q.copy(); ds[np.arange(n), y] -= 1; ds /= n
    dh = ds @ params["W2"].T * (h > 0)
    return loss, {"W1": X.T @ dh, "b1": dh.sum(0), "W2": h.T @ ds, "b2": ds.sum(0)}
'''),
    dict(name="mlp_log_of_rounded_probability", exercise="mlp_loss_and_grads",
         misconception="log-of-underflowed-probability", code='''
import numpy as np
def mlp_loss_and_grads(params, X, y):
    # the older CS231n softmax_loss: shift by the row maximum, then -log(probs[y])
    X = np.asarray(X, dtype=float); y = np.asarray(y)
    n = X.shape[0]
    h = np.maximum(X @ params["W1"] + params["b1"], 0)
    s = h @ params["W2"] + params["b2"]
    probs = np.exp(s - np.max(s, axis=1, keepdims=True))
    probs /= np.sum(probs, axis=1, keepdims=True)
    loss = float(-np.sum(np.log(probs[np.arange(n), y])) / n)
    ds = probs.copy(); ds[np.arange(n), y] -= 1; ds /= n
    dh = ds @ params["W2"].T * (h > 0)
    return loss, {"W1": X.T @ dh, "b1": dh.sum(0), "W2": h.T @ ds, "b2": ds.sum(0)}
'''),
    dict(name="mlp_loss_summed_over_batch", exercise="mlp_loss_and_grads",
         misconception="loss-summed-not-averaged", code='''
import numpy as np
def mlp_loss_and_grads(params, X, y):
    X = np.asarray(X, dtype=float); y = np.asarray(y)
    n = X.shape[0]
    h = np.maximum(X @ params["W1"] + params["b1"], 0)
    s = h @ params["W2"] + params["b2"]
    s = s - s.max(axis=1, keepdims=True)
    logq = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    loss = float(-logq[np.arange(n), y].sum())
    ds = np.exp(logq); ds[np.arange(n), y] -= 1
    dh = ds @ params["W2"].T * (h > 0)
    return loss, {"W1": X.T @ dh, "b1": dh.sum(0), "W2": h.T @ ds, "b2": ds.sum(0)}
'''),
    dict(name="mlp_backward_skips_the_relu_mask", exercise="mlp_loss_and_grads",
         misconception=None, code='''
import numpy as np
def mlp_loss_and_grads(params, X, y):
    X = np.asarray(X, dtype=float); y = np.asarray(y)
    n = X.shape[0]
    h = np.maximum(X @ params["W1"] + params["b1"], 0)
    s = h @ params["W2"] + params["b2"]
    s = s - s.max(axis=1, keepdims=True)
    logq = s - np.log(np.exp(s).sum(axis=1, keepdims=True))
    loss = float(-logq[np.arange(n), y].mean())
    ds = np.exp(logq); ds[np.arange(n), y] -= 1; ds /= n
    dh = ds @ params["W2"].T
    return loss, {"W1": X.T @ dh, "b1": dh.sum(0), "W2": h.T @ ds, "b2": ds.sum(0)}
'''),
]

ALTERNATIVES = [
    dict(name="micrograd_with_an_iterative_sort", code=_iterative_micrograd_with(
        "import math\n", "import math\n")),
    dict(name="kahn_sort_dual_properties_and_cs231n_layers", code='''
import math
import numpy as np
from scipy.special import logsumexp

def _f(x):
    return x if isinstance(x, Value) else Value(x)

class Value:
    def __init__(self, data, parents=(), grads=()):
        self.data, self.grad, self.parents, self.grads = data, 0.0, list(parents), list(grads)
    def __add__(self, o): o = _f(o); return Value(self.data + o.data, [self, o], [1, 1])
    def __radd__(self, o): return _f(o) + self
    def __sub__(self, o): o = _f(o); return Value(self.data - o.data, [self, o], [1, -1])
    def __rsub__(self, o): return _f(o) - self
    def __mul__(self, o): o = _f(o); return Value(self.data * o.data, [self, o], [o.data, self.data])
    def __rmul__(self, o): return _f(o) * self
    def __truediv__(self, o):
        o = _f(o); return Value(self.data / o.data, [self, o], [1 / o.data, -self.data / o.data / o.data])
    def __rtruediv__(self, o): return _f(o) / self
    def __pow__(self, p): return Value(self.data ** p, [self], [p * self.data ** (p - 1)])
    def __neg__(self): return Value(-self.data, [self], [-1])
    def exp(self): e = math.exp(self.data); return Value(e, [self], [e])
    def log(self): return Value(math.log(self.data), [self], [1 / self.data])
    def tanh(self): t = math.tanh(self.data); return Value(t, [self], [1 - t * t])
    def relu(self): return Value(self.data if self.data > 0 else 0.0, [self], [float(self.data > 0)])
    def sigmoid(self):
        s = math.exp(-math.log1p(math.exp(-self.data))) if self.data > -30 else math.exp(self.data)
        return Value(s, [self], [s * (1 - s)])
    def backward(self):
        # Kahn's algorithm: count how many times each reachable node is used
        uses, todo, seen = {}, [self], {id(self)}
        while todo:
            v = todo.pop()
            for p in v.parents:
                uses[id(p)] = uses.get(id(p), 0) + 1
                if id(p) not in seen:
                    seen.add(id(p)); todo.append(p)
        self.grad = 1.0
        ready = [self]
        while ready:
            v = ready.pop()
            for p, g in zip(v.parents, v.grads):
                p.grad += g * v.grad
                uses[id(p)] -= 1
                if uses[id(p)] == 0:
                    ready.append(p)

class Dual:
    def __init__(self, value, derivative=0.0):
        self._pair = (float(value), float(derivative))
    value = property(lambda self: self._pair[0])
    derivative = property(lambda self: self._pair[1])
    def _op(self, o, f):
        o = o if isinstance(o, Dual) else Dual(o)
        return Dual(*f(self.value, self.derivative, o.value, o.derivative))
    def __add__(self, o): return self._op(o, lambda a, da, b, db: (a + b, da + db))
    def __radd__(self, o): return self + o
    def __sub__(self, o): return self._op(o, lambda a, da, b, db: (a - b, da - db))
    def __rsub__(self, o): return -self + o
    def __mul__(self, o): return self._op(o, lambda a, da, b, db: (a * b, da * b + a * db))
    def __rmul__(self, o): return self * o
    def __truediv__(self, o): return self * o ** -1 if isinstance(o, Dual) else self * (1.0 / o)
    def __rtruediv__(self, o): return self ** -1 * o
    def __pow__(self, p): return Dual(self.value ** p, p * self.value ** (p - 1) * self.derivative)
    def __neg__(self): return self * -1
    def _chain(self, v, slope): return Dual(v, slope * self.derivative)
    def exp(self): return self._chain(math.exp(self.value), math.exp(self.value))
    def log(self): return self._chain(math.log(self.value), 1 / self.value)
    def tanh(self): return self._chain(math.tanh(self.value), 1 / math.cosh(self.value) ** 2)
    def relu(self): return self._chain(max(0.0, self.value), 1.0 if self.value > 0 else 0.0)
    def sigmoid(self):
        s = 0.5 + 0.5 * math.tanh(self.value / 2)
        return self._chain(s, s * (1 - s))

def derivative(f, x):
    return f(Dual(x, 1)).derivative

def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=np.float64)
    grad = np.zeros(x.shape)
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        ix = it.multi_index
        oldval = x[ix]
        x[ix] = oldval + h
        fxph = f(x)
        x[ix] = oldval - h
        fxmh = f(x)
        x[ix] = oldval
        grad[ix] = (fxph - fxmh) / (2 * h)
        it.iternext()
    return grad

def linear_forward(x, W, b):
    x = np.asarray(x, dtype=float)
    out = x.reshape(x.shape[0], -1).dot(W) + b
    return out, (x, np.asarray(W, dtype=float), b)

def linear_backward(dout, cache):
    x, w, b = cache
    dx = dout.dot(w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db

def relu_forward(x):
    x = np.asarray(x, dtype=float)
    return x * (x > 0), x

def relu_backward(dout, cache):
    dx = np.array(dout, copy=True)
    dx[cache <= 0] = 0
    return dx

def mlp_loss_and_grads(params, X, y):
    h, c1 = relu_forward(linear_forward(X, params["W1"], params["b1"])[0])
    a1 = linear_forward(X, params["W1"], params["b1"])[1]
    s, c2 = linear_forward(h, params["W2"], params["b2"])
    logq = s - logsumexp(s, axis=1, keepdims=True)
    n = len(y)
    loss = -np.mean(logq[np.arange(n), y])
    ds = np.exp(logq)
    ds[np.arange(n), y] -= 1
    dh, dW2, db2 = linear_backward(ds / n, c2)
    dx, dW1, db1 = linear_backward(relu_backward(dh, c1), a1)
    return loss, dict(W1=dW1, b1=db1, W2=dW2, b2=db2)
'''),
    dict(name="torch_autograd_for_the_arrays_and_loops", code='''
import math
import numpy as np
import torch

def numerical_gradient(f, x, h=1e-5):
    base = np.array(x, dtype=float)
    flat = base.ravel()
    out = []
    for i in range(flat.size):
        up, down = flat.copy(), flat.copy()
        up[i] += h
        down[i] -= h
        out.append((f(up.reshape(base.shape)) - f(down.reshape(base.shape))) / (2 * h))
    return np.array(out).reshape(base.shape)

def linear_forward(x, W, b):
    x, W, b = (np.array(a, dtype=float) for a in (x, W, b))
    out = np.zeros((x.shape[0], W.shape[1]))
    for n in range(x.shape[0]):
        for m in range(W.shape[1]):
            out[n, m] = sum(x[n, d] * W[d, m] for d in range(x.shape[1])) + b[m]
    return out, {"x": x, "W": W}

def linear_backward(dout, cache):
    return (np.einsum("nm,dm->nd", dout, cache["W"]), np.einsum("nd,nm->dm", cache["x"], dout),
            np.einsum("nm->m", dout))

def relu_forward(x):
    out = np.where(np.asarray(x) > 0, x, 0.0)
    return out, out > 0

def relu_backward(dout, cache):
    return np.where(cache, dout, 0.0)

def mlp_loss_and_grads(params, X, y):
    p = {k: torch.tensor(np.asarray(v, dtype=float), requires_grad=True) for k, v in params.items()}
    s = torch.relu(torch.tensor(np.asarray(X, dtype=float)) @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
    loss = -torch.log_softmax(s, dim=1)[torch.arange(len(y)), torch.as_tensor(np.asarray(y))].mean()
    loss.backward()
    return loss.item(), {k: v.grad.numpy() for k, v in p.items()}
'''),
]
