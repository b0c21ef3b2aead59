"""The warm parent of every student process.

Started once per grader process (``python -m autograder.sandbox.zygote FD``):
it imports NumPy, PyTorch and Matplotlib once, then forks a confined student
process per request. It never imports the graders, so a student process,
which is a copy of it, holds no hidden test or reference in memory.

Process tree: zygote -> intermediate (new session; unshare user/pid/net/mount
namespaces, map its own uid/gid, make mounts private) -> student process (PID
1 of the new PID namespace). The zygote keeps such processes ready; on request
it hands the grader one end of its socket pair (SCM_RIGHTS) and its PID, then
forks the next. The grader sends the process its spec (scratch directory,
limits); the process mounts its scratch tmpfs, confines itself and serves
requests.
"""
import collections
import ctypes
import gc
import os
import select
import signal
import socket
import sys
import threading


def exit_with_the_grader(fd):
    """Exit as soon as the grader's end of the control socket ``fd`` is closed.

    The zygote runs in its own session, so nothing else ends it when its grader
    is killed; its main loop notices a closed socket, but only once the imports
    below are done, which takes seconds on a busy machine. This thread watches
    from the start (``POLLRDHUP``: the peer is gone; no data is read)."""
    poller = select.poll()
    poller.register(fd, select.POLLRDHUP)
    while True:
        for _, events in poller.poll():
            if events & (select.POLLRDHUP | select.POLLHUP | select.POLLERR | select.POLLNVAL):
                os._exit(0)


if __name__ == "__main__":
    threading.Thread(target=exit_with_the_grader, args=(int(sys.argv[1]),), daemon=True).start()

os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
                  MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")

import importlib  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import torch  # noqa: E402

import course_config  # noqa: E402
from autograder.sandbox import channel, child, confine, landlock, lifetime, seccomp  # noqa: E402

for _module in course_config.SANDBOX["preload"]:  # inherited by every student process
    importlib.import_module(_module)
torch.set_num_threads(1)
plt.show = lambda *args, **kwargs: None


def warm_up():
    """Touch the lazy parts of torch so each child does not pay for them."""
    x = torch.ones(2, 2, dtype=torch.float64, requires_grad=True)
    (x @ x).sum().backward()
    layer = torch.nn.Linear(2, 2)
    optimiser = torch.optim.Adam(layer.parameters())  # imports torch._dynamo (~1-2 s)
    layer(x.float()).sum().backward()
    optimiser.step()


class Spares:
    """Student processes kept forked and waiting (``DEPTH`` of them), so a
    request is answered at once and the next fork overlaps the grading of the
    current submission."""

    DEPTH = 2

    def __init__(self):
        self.read = landlock.ReadPaths.open(confine.readable_paths())   # inherited by each process
        try:
            self.bpf = seccomp.compile_filter()
        except OSError:
            self.bpf = b""
        self.ready = collections.deque()

    def take(self):
        return self.ready.popleft() if self.ready else self.fork()

    def refill(self):
        while len(self.ready) < self.DEPTH:
            self.ready.append(self.fork())

    def fork(self):
        """``(socket end, pid)`` of a new student process waiting for its spec."""
        parent_end, child_end = socket.socketpair()
        read_pid, write_pid = os.pipe()
        intermediate = os.fork()
        if intermediate == 0:
            try:
                # nothing but its own channel and the read paths: not the zygote's
                # control socket, not the other spares' sockets
                keep = {0, 1, 2, child_end.fileno(), write_pid}
                close_all_but(keep | {fd for fd, _ in self.read.fds})
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                os.setsid()
                namespaces, mounts = confine.unshare_namespaces()
                lifetime.die_with_parent()  # after unshare: new credentials clear it
                student = os.fork()
                if student == 0:
                    lifetime.die_with_parent()
                    os.close(write_pid)
                    child.main(child_end, namespaces, mounts, self.read, self.bpf)
                self.read.close()
                os.write(write_pid, str(student).encode())
                os.close(write_pid)
                child_end.close()
                os.waitpid(student, 0)
            finally:
                os._exit(0)
        child_end.close()
        os.close(write_pid)
        pid = int(os.read(read_pid, 32) or b"0")
        os.close(read_pid)
        return parent_end, pid


#: glibc's mallopt parameters: arrays up to 32 MB come from the heap, and freed
#: memory stays there up to 256 MB, so that a student process's temporary NumPy
#: arrays reuse pages instead of mapping fresh ones (a page fault per 4 KB).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
HEAP_ARRAYS_UP_TO, HEAP_KEEPS = 32 << 20, 256 << 20


def _keep_freed_memory():
    """Set the malloc parameters the student processes inherit (nothing without glibc)."""
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(M_MMAP_THRESHOLD, HEAP_ARRAYS_UP_TO)
        libc.mallopt(M_TRIM_THRESHOLD, HEAP_KEEPS)
    except (OSError, AttributeError):
        pass


def close_all_but(keep):
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def main(fd):
    ctl = socket.socket(fileno=fd)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # intermediates are reaped automatically
    warm_up()
    spares = Spares()
    # what is alive now lives as long as the zygote: out of the collector's sight, a
    # student process's full collections scan its own objects only, not the
    # ~280,000 of the preloaded libraries (they cost 30-150 ms of building a
    # 5000-node graph)
    gc.collect()
    gc.freeze()
    _keep_freed_memory()
    spares.refill()
    channel.send(ctl, {"ready": True})
    while True:
        try:
            channel.recv(ctl, 1 << 20)
        except (channel.ChannelClosed, OSError):
            return
        end, pid = spares.take()
        socket.send_fds(ctl, [b'{"pid":%d}' % pid], [end.fileno()])
        end.close()
        spares.refill()


if __name__ == "__main__":
    main(int(sys.argv[1]))
