"""The student's process: confine itself, then serve the grader's requests.

Runs in a fork of the zygote (NumPy and PyTorch already imported). Student
output goes to a capped file in the scratch directory, never to the channel;
the student works in a size-limited tmpfs mounted on scratch/work (in its own
mount namespace, invisible to the host), or in the scratch directory itself
where the host cannot provide one.
"""
import builtins
import os
import signal
import socket
import sys

from autograder.boundary import dispatch
from autograder.sandbox import channel, confine, landlock, seccomp

MAX_REQUEST = 256 * 2**20


def main(sock: socket.socket, namespaces: list[str], mounts: str | None,
         read: landlock.ReadPaths, bpf: bytes):
    """Never returns: waits for the grader's spec, confines itself, then serves
    requests until the grader closes the channel.

    ``namespaces`` and ``mounts`` (None when a private mount namespace is ready,
    else why not) come from ``confine.unshare_namespaces`` in the intermediate;
    ``read`` (the read paths, opened: ``landlock.ReadPaths``) and the
    compiled seccomp filter ``bpf`` from the zygote.
    """
    ruleset = _read_rules(read)   # while this spare waits for its submission
    try:
        spec = channel.recv(sock, 1 << 20)
    except (channel.ChannelClosed, OSError):
        os._exit(0)
    protections = {"process": "separate process forked from a warm zygote",
                   "namespaces": namespaces}
    scratch, limits = spec["scratch"], spec["limits"]
    _redirect_output(scratch)  # scratch/output.log, on the host: outside the tmpfs
    protections["scratch"], home = _scratch(spec, mounts)
    os.chdir(home)
    os.environ.update(HOME=home, TMPDIR=home, MPLCONFIGDIR=home)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # oversize writes fail with EFBIG instead
    protections["rlimits"] = _attempt("rlimits", lambda: confine.set_limits(
        limits["memory_mb"], limits["cpu_seconds"], limits["file_mb"], limits["open_files"]))
    # after the mount and the rlimits (root without namespaces may need them)
    protections["capabilities"] = _attempt("capabilities", confine.drop_capabilities)
    protections["landlock"] = _attempt("landlock", lambda: _restrict(ruleset, [home, "/dev/null"]))
    protections["seccomp"] = _attempt("seccomp", lambda: seccomp.install(bpf))
    executor = dispatch.Executor({"__name__": "__submission__", "__builtins__": builtins})
    channel.send(sock, {"hello": protections})
    serve(sock, executor)


def _read_rules(read):
    """The Landlock ruleset holding the read rules, or the OSError that stopped it
    (None when switched off); the zygote's descriptors are closed either way."""
    try:
        return None if "landlock" in confine.switched_off() else landlock.Ruleset(read)
    except OSError as exc:
        return exc
    finally:
        read.close()


def _restrict(ruleset, write_paths):
    if isinstance(ruleset, OSError):
        raise ruleset
    return ruleset.restrict(write_paths)


def _scratch(spec, mounts):
    """``(description, the student's directory)``: the tmpfs mounted on
    spec["work"], else (reported) the scratch directory, as on a host without
    mount namespaces."""
    if "scratch" in confine.switched_off():
        return OFF, spec["scratch"]
    try:
        if mounts is not None:
            raise OSError(mounts)
        return confine.mount_scratch(spec["work"], spec["limits"]["scratch_mb"]), spec["work"]
    except Exception as exc:  # noqa: BLE001 - a missing layer is reported, not fatal
        return f"unavailable ({exc})", spec["scratch"]


OFF = "unavailable (switched off by AUTOGRADER_SANDBOX_OFF)"


def _attempt(layer, apply):
    if layer in confine.switched_off():
        return OFF
    try:
        return apply()
    except Exception as exc:  # noqa: BLE001 - a missing layer is reported, not fatal
        return f"unavailable ({exc})"


def _redirect_output(scratch):
    try:
        out = os.open(os.path.join(scratch, "output.log"),
                      os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o600)
    except OSError:  # the student replaced it (a symlink, a FIFO) before a restart
        out = os.open(os.devnull, os.O_WRONLY)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)
    os.close(null)
    sys.stdin = open(0, closefd=False)
    sys.stdout = open(1, "w", buffering=1, closefd=False)
    sys.stderr = open(2, "w", buffering=1, closefd=False)


def serve(sock, executor):
    while True:
        try:
            request = channel.recv(sock, MAX_REQUEST)
        except (channel.ChannelClosed, OSError):
            os._exit(0)
        reply = executor.handle(request)
        reply["id"] = request.get("id")
        try:
            channel.send(sock, reply)
        except Exception as exc:  # noqa: BLE001 - e.g. a reply that cannot be encoded
            channel.send(sock, {"ok": False, "id": request.get("id"),
                                "error": dispatch.describe(exc)})
        _flush()


def _flush():
    """Flush the student's output; past the size limit (EFBIG) it is dropped."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - the student's stream, or a full file
            pass
