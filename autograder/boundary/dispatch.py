"""The student side of every request: runs it against the student's namespace.

Used in the sandboxed process (``python -m autograder``) and in-process inside
an nbgrader kernel, so both graders run identical code paths. Requests and
replies are plain data (see ``codec``).

Requests:
  {"op": "call",   "target": T, "args": [...], "kwargs": {...}, "opaque": [i...], "mutable": [i...],
                    "mutable_kwargs": [key...], "watch": [i...], "watch_kwargs": [key...],
                    "again": bool}
  {"op": "calls",  "requests": [call request...], "stop": bool}
                                       -- several calls in one round trip ("stop":
                                          none after the first that raises)
  {"op": "probe",  "probe": name, "target": T or null, "args": [...], "kwargs": {...}}
  {"op": "has",    "name": str}     -- replies "value" (callable) and "stub" (only
                                       raises NotImplementedError: probes.raises_not_implemented)
  {"op": "exec",   "source": str, "label": str}
  {"op": "visible", "source": str, "label": str, "setup": str}
  {"op": "release", "ids": [int...]}
where T is {"name": str} or {"handle": id, "method": str}.
Replies: {"ok": true, "value": ..., "mutated": [...], "mutated_kwargs": [...]} or
{"ok": false, "error": {...}}. A call's reply also has "changed" and
"changed_kwargs": per watched argument, null when it encodes after the call
exactly as it was sent, else its new encoding; and with "again", "again":
{"value": ...} or {"error": {...}}, the same call made once more on the
arguments as sent (a backward on the same cache). "calls" replies
{"ok": true, "replies": [one call's reply...]}, each as if sent alone (with "stop",
up to the first that raised).

Code runs under a pseudo file name (``<cell 3>``, ``<file>``, ``<visible checks of f>``)
whose source is registered with ``linecache``, as IPython registers its cells:
``inspect.getsource`` works on the student's functions (``torch.jit.script``
needs it) and tracebacks show the student's line.
"""
import builtins
import hashlib
import linecache
import traceback

import numpy as np

import course_config
from autograder.boundary import callables
from autograder.boundary import codec
from autograder.boundary import probes
from autograder.boundary.specs import Handle, NamedFunction, NumpyScalar, Rng, TorchGenerator

STUDENT_FILES = ("<cell", "<file", "<visible")


class Executor:
    """Holds the student's namespace and the objects it returned (handles)."""

    def __init__(self, namespace):
        self.namespace = namespace
        self.objects = {}
        self._next = 1
        self._setups = {}  # sha256 of trusted setup code -> the namespace it made

    # -- object table -------------------------------------------------------
    def stash(self, obj):
        handle = Handle(self._next, type(obj).__name__)
        self.objects[handle.id] = obj
        self._next += 1
        return handle

    def resolve(self, spec):
        if isinstance(spec, Handle):
            if spec.id not in self.objects:
                raise LookupError(f"unknown handle {spec.id}")
            return self.objects[spec.id]
        if isinstance(spec, Rng):
            return np.random.default_rng(spec.seed)
        if isinstance(spec, TorchGenerator):
            import torch
            return torch.Generator().manual_seed(spec.seed)
        if isinstance(spec, NamedFunction):
            return callables.build(spec.name, spec.params)
        if isinstance(spec, NumpyScalar):
            dtype = np.dtype(spec.dtype)
            if dtype.kind not in "biuf" or type(spec.value) not in (bool, int, float):
                raise TypeError(f"not a NumPy number: {spec.dtype} {spec.value!r}")
            return dtype.type(spec.value)
        raise TypeError(f"cannot resolve {spec!r}")

    def target(self, spec):
        if "handle" in spec:
            return getattr(self.resolve(Handle(int(spec["handle"]))), str(spec["method"]))
        name = str(spec["name"])
        if name not in self.namespace:
            raise NameError(f"{name} is not defined in the submission")
        return self.namespace[name]

    # -- requests -----------------------------------------------------------
    def handle(self, request):
        """Run one decoded-JSON request; always returns a reply dict."""
        try:
            return getattr(self, "_op_" + str(request.get("op")))(request)
        except BaseException as exc:  # noqa: BLE001 - student code may raise anything
            if isinstance(exc, (KeyboardInterrupt,)):
                raise
            return {"ok": False, "error": describe(exc)}

    def _args(self, request):
        args = codec.decode(request.get("args") or {"t": "list", "v": []}, self.resolve)
        kwargs = codec.decode(request.get("kwargs") or {"t": "dict", "k": [], "v": []},
                              self.resolve)
        return list(args), dict(kwargs)

    def _op_call(self, request):
        args, kwargs = self._args(request)
        reply = {"ok": True, "value": self._call(request, args, kwargs),
                 "mutated": [codec.encode(args[i], self.stash)
                             for i in request.get("mutable") or ()],
                 "mutated_kwargs": [codec.encode(kwargs[k], self.stash)
                                    for k in request.get("mutable_kwargs") or ()]}
        sent = (request.get("args") or {}).get("v") or []
        sent_kw = dict(zip(kwargs, (request.get("kwargs") or {}).get("v") or []))
        reply["changed"] = [self._changed(args[i], sent[i]) for i in request.get("watch") or ()]
        reply["changed_kwargs"] = [self._changed(kwargs[k], sent_kw[k])
                                   for k in request.get("watch_kwargs") or ()]
        if request.get("again"):
            try:
                reply["again"] = {"value": self._call(request, *self._args(request))}
            except BaseException as exc:  # noqa: BLE001 - as in handle()
                if isinstance(exc, KeyboardInterrupt):
                    raise
                reply["again"] = {"error": describe(exc)}
        return reply

    def _op_calls(self, request):
        requests = request.get("requests")
        if type(requests) is not list or any(type(r) is not dict or r.get("op") != "call"
                                             for r in requests):
            raise TypeError("'calls' takes a list of call requests")
        replies = []
        for one in requests:
            replies.append(self.handle(one))
            if request.get("stop") and not replies[-1]["ok"]:
                break
        return {"ok": True, "replies": replies}

    def _call(self, request, args, kwargs):
        """The encoded result of calling the request's target (``opaque`` parts stashed)."""
        result = self.target(request["target"])(*args, **kwargs)
        opaque = set(request.get("opaque") or ())
        if "all" in opaque:
            return codec.encode(self.stash(result))
        if opaque and isinstance(result, tuple):
            return codec.encode(tuple(self.stash(v) if i in opaque else v
                                      for i, v in enumerate(result)), self.stash)
        return codec.encode(result, self.stash)

    def _changed(self, value, sent):
        """None when ``value`` (an argument after the call) encodes exactly as it
        was sent, else its new encoding (the grader judges it)."""
        now = codec.encode(value, self.stash, depth=1)  # as it was sent: inside the args list
        return None if now == sent else now

    def _op_probe(self, request):
        probe = probes.PROBES[str(request["probe"])]
        args, kwargs = self._args(request)
        if request.get("target"):
            args.insert(0, self.target(request["target"]))
        return {"ok": True, "value": codec.encode(probe(*args, **kwargs), self.stash)}

    def _op_has(self, request):
        value = self.namespace.get(str(request["name"]))
        return {"ok": True, "value": codec.encode(callable(value)),
                "stub": probes.raises_not_implemented(value)}

    def _op_exec(self, request):
        """Run a cell of the submission in its namespace."""
        run_source(str(request["source"]), str(request.get("label", "cell")), self.namespace)
        return {"ok": True, "value": None}

    def _op_visible(self, request):
        """Run a visible test cell (the trusted copy) so that it cannot change the
        student's namespace: in a copy of it, laid over the notebook's trusted
        setup code (its imports and helpers), the student's names winning."""
        scope = dict(self._setup(str(request.get("setup") or "")))
        scope.update(self.namespace)
        run_source(str(request["source"]), str(request.get("label", "visible checks")), scope)
        return {"ok": True, "value": None}

    def _setup(self, source):
        key = hashlib.sha256(source.encode()).hexdigest()
        if key not in self._setups:
            scope = {"__name__": "__setup__", "__builtins__": builtins}
            if source.strip():
                run_source(source, "visible checks: setup", scope)
            self._setups[key] = scope
        return self._setups[key]

    def _op_release(self, request):
        for i in request.get("ids") or ():
            self.objects.pop(int(i), None)
        return {"ok": True, "value": None}


def run_source(source, label, namespace):
    """Compile and run ``source`` as the pseudo file ``<label>``, registered in
    ``linecache`` so that its functions' source can be found."""
    filename = f"<{label}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - the student's process


def describe(exc):
    """Plain-data description of an exception raised by student code."""
    builtin_bases = [c.__name__ for c in type(exc).__mro__
                     if getattr(builtins, c.__name__, None) is c]
    try:
        message = str(exc)
    except Exception:  # noqa: BLE001 - a student exception whose __str__ fails
        message = "<unprintable message>"
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if f.filename.startswith(STUDENT_FILES)]
    where = [f"{f.filename}, line {f.lineno}, in {f.name}: {(f.line or '').strip()}"[:200]
             for f in frames[-3:]]
    return {"type": type(exc).__name__[:80], "bases": builtin_bases,
            "message": message[:course_config.MAX_MESSAGE_CHARS], "where": where}
