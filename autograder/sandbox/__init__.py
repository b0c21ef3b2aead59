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
from autograder.boundary import codec
from autograder.sandbox import channel, cpu
from autograder.sandbox.session import Session
from autograder.boundary.student import (MAX_REPLY_BYTES, CallTimeout, Student, StudentError,
                                SubmissionFailure, calls_made)


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

    @classmethod
    def prestart(cls):
        """Start the zygote in the background (it imports PyTorch while the
        grader imports the graders)."""
        if cls._instance is not None and cls._instance.proc.poll() is None:
            return
        threading.Thread(target=cls.shared, daemon=True).start()

    def __init__(self, env=None):
        ours, theirs = socket.socketpair()
        env = dict(os.environ, PYTHONWARNINGS="ignore", **(env or {}))
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
        cpu.unpin(self.proc.pid)     # it forks spares while a pinned grader works
        atexit.register(self.close)

    def spawn(self, spec):
        """``(socket, pid)`` of a new student process, confined by ``spec``."""
        with self.lock:
            channel.send(self.ctl, {"spawn": True})
            data, fds, _, _ = socket.recv_fds(self.ctl, 1024, 1)
        if not fds:
            raise RuntimeError("the sandbox zygote failed to start a process")
        sock = socket.socket(fileno=fds[0])
        channel.send(sock, spec)
        return sock, int(json.loads(data)["pid"])

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
        super().__init__()
        self.sock, self.pid, self.session = sock, pid, session

    def _send(self, request):
        request = dict(request, id=secrets.token_hex(8))
        timeout = self.session.call_timeout(calls_made(request))
        try:
            self.sock.settimeout(timeout)
            channel.send(self.sock, request)
            reply = channel.recv(self.sock, MAX_REPLY_BYTES)
        except (TimeoutError, socket.timeout):
            self.kill()
            raise CallTimeout(f"a call timed out after {timeout:.0f} s "
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
        """Kill the student process and its process group (the intermediate's
        session), which matters where no PID namespace does it for us."""
        try:
            group = os.getpgid(self.pid)
        except OSError:
            group = None
        for kill, target in ((os.kill, self.pid), (os.killpg, group)):
            if target and target != os.getpgid(0):
                try:
                    kill(target, signal.SIGKILL)
                except OSError:
                    pass
        self.sock.close()


class SandboxSession(Session):
    """A submission in a confined process, replaced (cells replayed) when it
    dies or hangs, within the assignment's time and restart budgets."""

    def __init__(self, assignment, cells):
        super().__init__(cells)
        self.settings = assignment.settings
        self.deadline = time.monotonic() + self.settings["total_timeout"]
        self.restarts_left = course_config.SANDBOX["max_restarts"]
        self.scratch = tempfile.mkdtemp(prefix="autograder-")
        # the student's process mounts its tmpfs here (each process a fresh one);
        # the host's directory stays empty
        self.work = os.path.join(self.scratch, "work")
        os.mkdir(self.work, 0o700)
        # the grader reads the student's output through its own descriptor: where
        # the student works in the scratch directory itself (no tmpfs), it may
        # replace the file's name (symlink, FIFO) but not this inode
        self._log = os.open(os.path.join(self.scratch, "output.log"),
                            os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        self.student = None
        self._loading_until = None
        self._spawn()

    # -- time ----------------------------------------------------------------
    def call_timeout(self, calls=1):
        """Seconds the next request may take (``calls``: the graded calls it makes)."""
        limit = self._loading_until or (time.monotonic() + calls * self.settings["call_timeout"])
        return max(0.05, min(limit, self.deadline) - time.monotonic())

    def death_reason(self):
        return ("the submission's process exited during a call (os._exit, a crash, or "
                "the memory/CPU limit)." + self._last_output())

    def _last_output(self):
        try:
            size = os.fstat(self._log).st_size
            tail = os.pread(self._log, 300, max(0, size - 300))
        except OSError:
            return ""
        lines = tail.decode("utf-8", "replace").strip().splitlines()
        return f" Last output: {lines[-1][:200]!r}" if lines else ""

    # -- process ---------------------------------------------------------------
    def _spawn(self):
        spec = {"scratch": self.scratch, "work": self.work, "limits": {
            "memory_mb": self.settings["memory_mb"],
            "scratch_mb": course_config.SANDBOX["scratch_mb"],
            "cpu_seconds": int(self.settings["total_timeout"]) + 5,
            "file_mb": course_config.SANDBOX["max_file_mb"],
            "open_files": course_config.SANDBOX["max_open_files"]}}
        sock, pid = Zygote.shared().spawn(spec)
        cpu.follow(pid)
        sock.settimeout(30)
        try:
            self.protections = channel.recv(sock, 1 << 20)["hello"]
        except Exception as exc:  # noqa: BLE001
            raise RuntimeError(f"the sandbox process did not start ({exc})") from None
        self.student = SandboxStudent(sock, pid, self)

    def _alive(self):
        return self.student is not None and self.student.sock.fileno() != -1

    def _revive(self):
        if time.monotonic() >= self.deadline:
            self.broken = f"the submission used its {self.settings['total_timeout']} s budget"
        elif self.restarts_left <= 0:
            self.broken = "the submission's process failed too many times"
        if self.broken:
            return False
        self.restarts_left -= 1
        self._spawn()
        return self._replay()

    def _run_cell(self, index):
        cell = self.cells[index]
        self._loading_until = time.monotonic() + self.settings["cell_timeout"]
        try:
            self.student.exec(cell.source, label=cell.label)
        except StudentError as err:
            self._cell_raised(index, err)
        except SubmissionFailure as exc:
            self.skip.add(index)
            self._note(f"{cell.label}: {exc}", index)
            return False
        finally:
            self._loading_until = None
        return True

    def __exit__(self, *exc):
        if self.student:
            self.student.kill()
        os.close(self._log)
        shutil.rmtree(self.scratch, ignore_errors=True)
        return False
