"""The grader's view of a submission: call its functions, get plain data back.

Graders talk only to a :class:`Student`. Two transports implement it:
:class:`LocalStudent` (in-process, used inside an nbgrader kernel and by tests)
and ``autograder.sandbox.SandboxStudent`` (a separate, confined process). Both
send the same JSON requests to the same ``dispatch.Executor``.
"""
from dataclasses import dataclass

import course_config
from autograder.boundary import codec
from autograder.boundary import sameness
from autograder.boundary.dispatch import Executor
from autograder.boundary.specs import Handle

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


@dataclass(frozen=True)
class SideEffect:
    """Something a call did besides returning its answer (see ``Student.call``)."""
    kind: str          # INPUT_MODIFIED or CACHE_NOT_REUSABLE
    target: str        # the function called
    detail: str        # what was seen, for the feedback


@dataclass(frozen=True)
class _Sent:
    """One call as sent, which judging its reply needs."""
    target: object
    args: tuple
    kwargs: dict
    opaque: tuple
    mutable: list | None
    watched: list
    watched_kw: list
    again: bool


def calls_made(request) -> int:
    """How many calls of student code ``request`` makes (its timeout scales with them)."""
    if request.get("op") == "calls":
        return max(1, sum(calls_made(one) for one in request.get("requests") or ()))
    return 2 if request.get("again") else 1


MISSING, STUB, DEFINED = "missing", "stub", "defined"   # Student.lookup
INPUT_MODIFIED = "input-modified"
CACHE_NOT_REUSABLE = "cache-not-reusable"


class Student:
    """Base class: everything except how a request travels.

    Every call is watched for two side effects, recorded in ``side_effects``
    (the runner clears it before each exercise; a check of the exercise turns
    it into a failure, so the mistake costs its points once):
      - an argument of plain data (array, tensor, list, dict) that differs after
        the call: the function modified its input in place;
      - a call that passes back a cache (a handle from ``opaque=``) is made a
        second time on the same cache: it must give the same answer.
    Both travel with the call itself (one request): the student's side encodes
    each watched argument again after the call and sends back only those whose
    encoding is not what it received (the grader compares those), and makes the
    second call on a cache right after the first, on the arguments as sent.
    """

    def __init__(self):
        self.side_effects: list[SideEffect] = []
        #: calls that returned and were judged: "inputs" (arguments compared),
        #: "cache" (made again on the same cache) -- nothing seen is no evidence
        self.watched = {"inputs": 0, "cache": 0}
        self._cache_ids: set[int] = set()   # handles that are caches (from opaque=)

    def new_exercise(self):
        """Forget the side effects seen so far (each exercise judges its own)."""
        self.side_effects.clear()
        self.watched = {"inputs": 0, "cache": 0}

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
        return self.lookup(name) != MISSING

    def lookup(self, name) -> str:
        """``MISSING`` (no callable ``name``), ``STUB`` (a function that only raises
        NotImplementedError, as released: every call would raise it) or ``DEFINED``."""
        reply = self._request({"op": "has", "name": name})
        if not codec.decode(reply["value"]):
            return MISSING
        return STUB if reply.get("stub") is True else DEFINED

    def call(self, target, *args, kwargs=None, opaque=(), mutable=None, updates=(), watch=True):
        """Call ``target`` (a name, or ``(handle, method)``) with plain-data args.

        ``opaque``: positions of a tuple result to keep on the student's side as
        Handles (``("all",)`` keeps the whole result). ``mutable``: argument
        positions whose values after the call are returned too, as
        ``(result, [arg...])`` (the caller judges them). ``updates``: argument
        positions (or keyword names) the contract lets the function update in
        place (BatchNorm's running statistics). Every other argument is
        compared with what was sent (see the class docstring). ``watch=False``:
        a call the grader makes for its own sake (a forward run to get a cache
        for a backward's check, a student's step replayed): nothing is compared
        or made again, so none of its side effects is recorded.
        """
        request, sent = self._call_request(target, args, kwargs, opaque, mutable, updates, watch)
        return self._call_result(self._request(request), sent)

    def calls(self, target, calls, stop_at_error=False, **options):
        """Several calls of ``target`` in one round trip, each made, watched and
        judged as :meth:`call` would (``options`` as there, for every call):
        ``calls`` is a list of ``(args, kwargs)``; returns, per call, its value
        or the :class:`StudentError` it raised (``stop_at_error``: the calls up
        to the first that raised; the others are not made)."""
        built = [self._call_request(target, args, kwargs, **options) for args, kwargs in calls]
        reply = self._request({"op": "calls", "requests": [request for request, _ in built],
                               "stop": stop_at_error})
        replies = reply.get("replies")
        if type(replies) is not list or not (
                len(replies) == len(built) or stop_at_error and 0 < len(replies) < len(built)
                and type(replies[-1]) is dict and replies[-1].get("ok") is False):
            raise SubmissionFailure("the submission's process sent a malformed reply")
        results = []
        for one, (_, sent) in zip(replies, built):
            if type(one) is not dict or "ok" not in one:
                raise SubmissionFailure("the submission's process sent a malformed reply")
            results.append(self._call_result(one, sent) if one["ok"]
                           else StudentError(one.get("error") or {}))
        return results

    def _call_request(self, target, args, kwargs=None, opaque=(), mutable=None, updates=(),
                      watch=True):
        """The request of one call, and what judging its reply needs."""
        kwargs = dict(kwargs or {})
        explicit = list(mutable or ())
        skip = set(explicit) | set(updates)
        watched = [i for i, a in enumerate(args)
                   if watch and i not in skip and sameness.mutable_data(a)]
        watched_kw = [k for k, v in kwargs.items()
                      if watch and k not in skip and sameness.mutable_data(v)]
        again = watch and bool(self._cache_ids) and any(
            isinstance(h, Handle) and h.id in self._cache_ids
            for h in sameness.leaves([args, kwargs]))
        request = {
            "op": "call", "target": self._target(target),
            "args": codec.encode(list(args)), "kwargs": codec.encode(kwargs),
            "opaque": list(opaque), "mutable": explicit, "mutable_kwargs": [],
            "watch": watched, "watch_kwargs": watched_kw, "again": again}
        return request, _Sent(target, args, kwargs, opaque, mutable, watched, watched_kw, again)

    def _call_result(self, reply, sent):
        """The value of one call's reply (``(value, [arg...])`` with ``mutable``),
        its side effects recorded."""
        watched, watched_kw, explicit = sent.watched, sent.watched_kw, list(sent.mutable or ())
        value = codec.decode(reply["value"])
        after = [codec.decode(m) for m in reply.get("mutated") or []]
        changed, changed_kw = reply.get("changed"), reply.get("changed_kwargs")
        if type(changed) is not list or len(changed) != len(watched) or \
                type(changed_kw) is not list or len(changed_kw) != len(watched_kw) or \
                len(after) != len(explicit) or \
                (sent.again and type(reply.get("again")) is not dict):
            raise SubmissionFailure("the submission's process sent a malformed reply")
        name = self._name(sent.target)
        if watched or watched_kw or explicit:
            self.watched["inputs"] += 1
        for position, new in zip(watched + watched_kw, changed + changed_kw):
            if new is None:      # encoded after the call exactly as it was sent
                continue
            before = sent.args[position] if isinstance(position, int) else sent.kwargs[position]
            if not sameness.same(before, codec.decode(new)):
                where = f"argument {position + 1}" if isinstance(position, int) \
                    else f"argument {position}="
                self.side_effects.append(SideEffect(INPUT_MODIFIED, name, (
                    f"{name} modified its {where} in place: the caller's "
                    f"{sameness.describe(before)} was changed by the call")))
        if sent.again:
            self._judge_again(reply["again"], value, name)
        if sent.opaque and "all" not in sent.opaque and isinstance(value, tuple):
            self._cache_ids.update(v.id for i, v in enumerate(value)
                                  if i in sent.opaque and isinstance(v, Handle))
        if sent.mutable is None:
            return value
        return value, after

    def _judge_again(self, again, first, name):
        """The same call made a second time on the same cache (the student's side
        made it right after the first, on the arguments as sent) must give the
        same answer."""
        self.watched["cache"] += 1
        if "error" in again:
            err = StudentError(again["error"] if type(again["error"]) is dict else {})
            self.side_effects.append(SideEffect(CACHE_NOT_REUSABLE, name, (
                f"calling {name} a second time on the same cache raised {err.type}: "
                f"{err.message} -- the first call used the cache up (pop, del, or "
                "changing the arrays it holds)")))
            return
        if not sameness.same(first, codec.decode(again.get("value"))):
            self.side_effects.append(SideEffect(CACHE_NOT_REUSABLE, name, (
                f"calling {name} a second time on the same cache gave a different "
                "answer -- the first call changed the cache (arrays updated in place)")))

    @staticmethod
    def _name(target):
        return target if isinstance(target, str) else f"{target[0].type_name}.{target[1]}"

    def method(self, handle, name, *args, **options):
        """Call method ``name`` of an object living on the student's side."""
        return self.call((handle, name), *args, **options)

    def probe(self, probe, *args, target=None, kwargs=None):
        """Run a helper from ``autograder.boundary.probes`` on the student's side."""
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

    def exec(self, source, label="cell"):
        """Execute a cell of the submission in its namespace."""
        self._request({"op": "exec", "source": source, "label": label})

    def visible(self, source, setup="", label="visible checks"):
        """Run visible test code over the submission's names without changing
        them (``setup``: the notebook's trusted setup cells, for their helpers)."""
        self._request({"op": "visible", "source": source, "setup": setup, "label": label})

    def release(self, *handles: Handle):
        self._request({"op": "release", "ids": [h.id for h in handles]})


class LocalStudent(Student):
    """In-process transport over a namespace (an nbgrader kernel's globals).

    Requests and replies still go through JSON, so this behaves exactly like
    the sandbox; only isolation is missing.
    """

    def __init__(self, namespace):
        super().__init__()
        self.executor = Executor(namespace)

    def _send(self, request):
        wire = codec.loads(codec.dumps(request), MAX_REPLY_BYTES)
        return codec.loads(codec.dumps(self.executor.handle(wire)), MAX_REPLY_BYTES)
