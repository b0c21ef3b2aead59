"""A pool of warm grader processes on this machine.

Each worker imports the graders and PyTorch and starts its sandbox zygote once,
then grades one task at a time (every submission still runs in a fresh,
confined student process). The pool, not the workers, owns the deadline: a
worker that outlives its task's deadline or dies is killed and replaced, and
the task is tried once more on a fresh worker; a second failure becomes that
submission's error, never the batch's.

Workers die with the pool: each asks the kernel for SIGKILL when its parent
exits (``PR_SET_PDEATHSIG``), so a batch killed with SIGKILL leaves no
grader behind; their zygotes and student processes follow the same chain.
"""
import collections
import os
import signal
import socket
import subprocess
import sys
import time
from multiprocessing.connection import Connection, wait

from autograder.batch import grading_task
from autograder.sandbox import cpu
from autograder.sandbox.lifetime import die_with_parent

def serve(fd, assignment_ids, index=0):
    """Worker main loop: warm up, say ready, grade tasks until told to stop.
    ``index``: the worker's place in the pool, which chooses its CPU."""
    die_with_parent()
    cpu.pin_this_process(index)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the pool's to handle
    conn = Connection(fd)
    grading_task.warm_up(assignment_ids)
    conn.send("ready")
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(grading_task.grade(task))


#: Workers run side by side, one per core: numerical libraries inside each (and
#: in its student processes) must not start a thread per core too.
ONE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


class _Worker:
    """One grader process (``python -m autograder.batch.pool``) and its channel."""

    def __init__(self, assignment_ids, index=0):
        ours, theirs = socket.socketpair()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "autograder.batch.pool", str(theirs.fileno()), *assignment_ids],
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            env=dict(os.environ, PYTHONWARNINGS="ignore", AUTOGRADER_WORKER=str(index),
                     **ONE_THREAD))
        theirs.close()
        self.conn = Connection(ours.detach())
        self.ready = False
        self.task = None
        self.deadline = None

    def give(self, task, seconds):
        self.task, self.deadline = task, time.monotonic() + seconds
        self.conn.send(task)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(5)
        self.conn.close()


class WorkerPool:
    """``with WorkerPool(2, ["10_batch_normalization"], deadline) as pool:
    for task, record in pool.run(tasks): ...`` -- records in completion order;
    ``tasks`` is read lazily, one task per idle worker.

    ``deadline(task)`` is how many seconds a worker may spend on ``task``.
    """

    def __init__(self, workers, assignment_ids, deadline):
        self.size = max(1, int(workers))
        self.assignment_ids = list(assignment_ids)
        self.deadline = deadline
        self.workers = []

    def __enter__(self):
        self.workers = [self._start(i) for i in range(self.size)]
        return self

    def __exit__(self, *exc):
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
        for worker in self.workers:
            try:
                worker.proc.wait(2)
            except subprocess.TimeoutExpired:
                pass
            worker.kill()

    def _start(self, index):
        return _Worker(self.assignment_ids, index)

    def run(self, tasks):
        """Yield ``(task, record)`` for every task, in the order they finish. Each
        idle worker gets its next task before a record is yielded, so that the
        caller's recording of one result overlaps the next gradings."""
        tasks, retry = iter(tasks), collections.deque()
        attempts, deaths, exhausted = collections.Counter(), 0, False

        def give_idle_workers_a_task():
            nonlocal exhausted
            for worker in self.workers:
                if worker.ready and worker.task is None:
                    task = retry.popleft() if retry else None if exhausted else next(tasks, None)
                    if task is None:
                        exhausted = True
                        return
                    worker.give(task, self.deadline(task))

        while not exhausted or retry or any(w.task for w in self.workers):
            give_idle_workers_a_task()
            ready = set(wait([w.conn for w in self.workers], timeout=1.0))
            for index, worker in enumerate(self.workers):
                state, task, record = self._poll(worker, ready)
                if state == "dead":
                    deaths += 1
                    if deaths > 4 * self.size + len(attempts):
                        raise RuntimeError("grader workers keep dying while starting up")
                    self.workers[index] = self._start(index)
                    if task is None:
                        continue
                    attempts[task.student] += 1
                    if attempts[task.student] < 2:
                        retry.append(task)
                        continue
                    record = grading_task.failed(task, self._failure(task))
                if record is not None:
                    give_idle_workers_a_task()
                    yield task, record

    @staticmethod
    def _poll(worker, ready):
        """``(state, task, record)``: state "busy"/"idle", "done" (record is the
        result) or "dead" (the worker died or overran; task is what it had)."""
        if worker.conn in ready:
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                message = None
            if message == "ready":
                worker.ready = True
                return "idle", None, None
            task, worker.task = worker.task, None
            if message is None:
                worker.kill()
                return "dead", task, None
            return "done", task, message
        if worker.task is not None and time.monotonic() > worker.deadline:
            task, worker.task = worker.task, None
            worker.kill()
            return "dead", task, None
        return "busy", None, None

    def _failure(self, task):
        seconds = self.deadline(task)
        return (f"grading this submission failed twice: its grader process died or ran "
                f"past the {seconds:g} s deadline (ask the course staff to look at it)")


if __name__ == "__main__":
    serve(int(sys.argv[1]), sys.argv[2:], int(os.environ.get("AUTOGRADER_WORKER", "0")))
