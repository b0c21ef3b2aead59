"""The grader's side of the sandbox: a warm zygote, confined student processes,
and the session the runner grades through (restarts after crashes/timeouts).

See ``confine`` for the layers of confinement and ``zygote`` for the process tree.
"""
import atexit
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import course_config
from autograder import codec
from autograder.sandbox import channel
from autograder.student import Student, StudentError, SubmissionFailure

MAX_REPLY = course_config.SANDBOX["max_message_mb"] * 2**20


class Zygote:
    """One warm process per grader process; started on first use."""

    _instance = None
    _lock = threading.Lock()

    @classmethod
    def shared(cls):
        with cls._lock:
            if cls._instance is None or cls._instance.proc.poll() is not None:
                cls._instance = cls()
            return cls._instance

    def __init__(self):
        ours, theirs = socket.socketpair()
        env = dict(os.environ, PYTHONWARNINGS="ignore")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "autograder.sandbox.zygote", str(theirs.fileno())],
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, env=env, start_new_session=True)
        theirs.close()
        self.ctl = ours
        self.lock = threading.Lock()
        self.ctl.settimeout(120)
        if not channel.recv(self.ctl, 1 << 20).get("ready"):
            raise RuntimeError("the sandbox zygote did not start")
        atexit.register(self.close)

    def spawn(self, spec):
        """``(socket, pid)`` of a new confined student process."""
        with self.lock:
            channel.send(self.ctl, spec)
            data, fds, _, _ = socket.recv_fds(self.ctl, 1024, 1)
        if not fds:
            raise RuntimeError("the sandbox zygote failed to start a process")
        return socket.socket(fileno=fds[0]), int(json.loads(data)["pid"])

    def close(self):
        try:
            self.ctl.close()
            self.proc.kill()
            self.proc.wait(5)
        except Exception:  # noqa: BLE001 - best effort at exit
            pass


class SandboxStudent(Student):
    """Requests over the socket to one student process, with a deadline each."""

    def __init__(self, sock, pid, session):
        self.sock, self.pid, self.session = sock, pid, session

    def _send(self, request):
        request = dict(request, id=secrets.token_hex(8))
        timeout = self.session.call_timeout()
        try:
            self.sock.settimeout(timeout)
            channel.send(self.sock, request)
            reply = channel.recv(self.sock, MAX_REPLY)
        except (TimeoutError, socket.timeout):
            self.kill()
            raise SubmissionFailure(f"a call timed out after {timeout:.0f} s "
                                    "(an infinite loop, or far too slow)") from None
        except (channel.ChannelClosed, ConnectionError, OSError):
            self.kill()
            raise SubmissionFailure(self.session.death_reason()) from None
        except codec.CodecError as exc:
            self.kill()
            raise SubmissionFailure(f"the submission's process broke the protocol ({exc})") from None
        if type(reply) is not dict or reply.get("id") != request["id"]:
            self.kill()
            raise SubmissionFailure("the submission's process sent a reply out of turn")
        return reply

    def kill(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.sock.close()


class SandboxSession:
    """Loads a submission into a confined process; restarts it when it dies.

    ``load_errors``: what went wrong executing the cells; ``broken``: why no
    more checks can run ('' while they can); ``protections``: what was active.
    """

    def __init__(self, assignment, cells):
        settings = assignment.settings
        self.cells = cells
        self.settings = settings
        self.deadline = time.monotonic() + settings["total_timeout"]
        self.restarts_left = course_config.SANDBOX["max_restarts"]
        self.skip = set()           # cells that crashed or hung the process
        self.load_errors, self.broken, self.protections = [], "", {}
        self.scratch = tempfile.mkdtemp(prefix="autograder-")
        self.student = None
        self._loading_until = None
        self._start()

    # -- time ----------------------------------------------------------------
    def call_timeout(self):
        limit = self._loading_until or (time.monotonic() + self.settings["call_timeout"])
        return max(0.05, min(limit, self.deadline) - time.monotonic())

    def death_reason(self):
        log = os.path.join(self.scratch, "output.log")
        tail = ""
        try:
            with open(log, "rb") as f:
                f.seek(max(0, os.path.getsize(log) - 300))
                tail = f.read().decode("utf-8", "replace").strip().splitlines()[-1:]
                tail = f" Last output: {tail[0][:200]!r}" if tail else ""
        except OSError:
            pass
        return ("the submission's process exited during a call (os._exit, sys.exit, a "
                "crash, or the memory/CPU limit)." + tail)

    # -- lifecycle -------------------------------------------------------------
    def _start(self):
        spec = {"scratch": self.scratch, "limits": {
            "memory_mb": self.settings["memory_mb"],
            "cpu_seconds": int(self.settings["total_timeout"]) + 5,
            "file_mb": course_config.SANDBOX["max_file_mb"],
            "open_files": course_config.SANDBOX["max_open_files"]}}
        sock, pid = Zygote.shared().spawn(spec)
        sock.settimeout(30)
        try:
            hello = channel.recv(sock, 1 << 20)["hello"]
        except Exception as exc:  # noqa: BLE001
            raise RuntimeError(f"the sandbox process did not start ({exc})") from None
        self.protections = hello
        self.student = SandboxStudent(sock, pid, self)
        self._load()

    def _load(self):
        """Execute the cells; a cell that kills or hangs the process is skipped next time."""
        self._loading_until = time.monotonic() + self.settings["load_timeout"]
        try:
            for index, cell in enumerate(self.cells):
                if index in self.skip:
                    continue
                try:
                    self.student.exec(cell.source, label=cell.label)
                except StudentError as err:
                    self._note(f"{cell.label} raised {err.type}: {err.message}")
                except SubmissionFailure as exc:
                    self.skip.add(index)
                    self._note(f"{cell.label}: {exc}")
                    if not self.restart():
                        return
                    return
        finally:
            self._loading_until = None

    def _note(self, message):
        if message not in self.load_errors:
            self.load_errors.append(message)

    def restart(self):
        """Start a fresh process (after a crash); False when the budget is spent."""
        if self.broken:
            return False
        if self.student and self.student.sock.fileno() != -1:
            return True
        if time.monotonic() >= self.deadline:
            self.broken = f"the submission used its {self.settings['total_timeout']} s budget"
            return False
        if self.restarts_left <= 0:
            self.broken = "the submission's process failed too many times"
            return False
        self.restarts_left -= 1
        self._start()
        return not self.broken

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.student:
            self.student.kill()
        shutil.rmtree(self.scratch, ignore_errors=True)
        return False
