"""The grader's view of a submission: call its functions, get plain data back.

Graders talk only to a :class:`Student`. Two transports implement it:
:class:`LocalStudent` (in-process, used inside an nbgrader kernel and by tests)
and ``autograder.sandbox.SandboxStudent`` (a separate, confined process). Both
send the same JSON requests to the same ``dispatch.Executor``.
"""
import course_config
from autograder import codec
from autograder.dispatch import Executor
from autograder.specs import Handle

MAX_REPLY_BYTES = course_config.SANDBOX["max_message_mb"] * 2**20


class StudentError(Exception):
    """The student's code raised an exception (described as plain data)."""

    def __init__(self, info):
        self.type = str(info.get("type", "Exception"))
        self.bases = [str(b) for b in info.get("bases", [])]
        self.message = str(info.get("message", ""))
        self.where = [str(w) for w in info.get("where", [])]
        super().__init__(f"{self.type}: {self.message}")

    def is_a(self, name):
        """True when the exception is (a subclass of) the builtin ``name``."""
        return name == self.type or name in self.bases


class SubmissionFailure(Exception):
    """The student's process died, hung, ran out of memory or broke protocol."""


class CallTimeout(SubmissionFailure):
    """A call ran past its time limit (the process was killed)."""


class Student:
    """Base class: everything except how a request travels."""

    def _send(self, request) -> dict:
        raise NotImplementedError

    def _request(self, request):
        reply = self._send(request)
        if type(reply) is not dict or "ok" not in reply:
            raise SubmissionFailure("the submission's process sent a malformed reply")
        if not reply["ok"]:
            raise StudentError(reply.get("error") or {})
        return reply

    @staticmethod
    def _target(target):
        if isinstance(target, str):
            return {"name": target}
        handle, method = target
        return {"handle": handle.id, "method": method}

    def has(self, name) -> bool:
        """Whether the submission defines a callable ``name``."""
        return bool(codec.decode(self._request({"op": "has", "name": name})["value"]))

    def call(self, target, *args, kwargs=None, opaque=(), mutable=None):
        """Call ``target`` (a name, or ``(handle, method)``) with plain-data args.

        ``opaque``: positions of a tuple result to keep on the student's side as
        Handles (``("all",)`` keeps the whole result). ``mutable``: argument
        positions whose values after the call are returned too, as
        ``(result, [arg...])``.
        """
        reply = self._request({
            "op": "call", "target": self._target(target),
            "args": codec.encode(list(args)), "kwargs": codec.encode(dict(kwargs or {})),
            "opaque": list(opaque), "mutable": list(mutable or ())})
        value = codec.decode(reply["value"])
        if mutable is None:
            return value
        return value, [codec.decode(m) for m in reply.get("mutated", [])]

    def method(self, handle, name, *args, **options):
        """Call method ``name`` of an object living on the student's side."""
        return self.call((handle, name), *args, **options)

    def probe(self, probe, *args, target=None, kwargs=None):
        """Run a helper from ``autograder.probes`` on the student's side."""
        reply = self._request({
            "op": "probe", "probe": probe,
            "target": None if target is None else self._target(target),
            "args": codec.encode(list(args)), "kwargs": codec.encode(dict(kwargs or {}))})
        return codec.decode(reply["value"])

    def vjp(self, target, args, wrt=(0,), upstream=None, kwargs=None, output=None):
        """``(output, [grad per wrt position])`` by autograd on the student's side."""
        result = self.probe("vjp", list(args), target=target, kwargs={
            "kwargs": dict(kwargs or {}), "wrt": tuple(wrt),
            "upstream": upstream, "output": output})
        return result["out"], result["grads"]

    def exec(self, source, label="test"):
        """Execute code (a visible test cell) in the submission's namespace."""
        self._request({"op": "exec", "source": source, "label": label})

    def release(self, *handles: Handle):
        self._request({"op": "release", "ids": [h.id for h in handles]})


class LocalStudent(Student):
    """In-process transport over a namespace (an nbgrader kernel's globals).

    Requests and replies still go through JSON, so this behaves exactly like
    the sandbox; only isolation is missing.
    """

    def __init__(self, namespace):
        self.executor = Executor(namespace)

    def _send(self, request):
        wire = codec.loads(codec.dumps(request), MAX_REPLY_BYTES)
        return codec.loads(codec.dumps(self.executor.handle(wire)), MAX_REPLY_BYTES)
