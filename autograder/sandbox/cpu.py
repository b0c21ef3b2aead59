"""One CPU for a grader and the student processes it talks to.

A grading is a conversation: the grader sends a request and waits, the student's
process computes, replies and waits. A reply that wakes a process on another CPU
costs an interrupt between CPUs (on a virtual machine, an exit to the hypervisor);
on the same CPU it is a context switch. A grade-all worker is therefore pinned to
one CPU (the pool gives each worker its own), and the student processes it starts
run on that CPU too. The zygote, which forks the next student processes while the
worker grades, keeps every CPU the worker had.

Measured with ``bench/round_trip.py``.
"""
import os

import course_config

#: The CPUs this process could use before it was pinned (None: never pinned).
_before_pinning = None


def pin_this_process(index):
    """Pin this process to the ``index``-th CPU it may use (cycling), when it may use
    several and course_config.SANDBOX["same_cpu"] is on."""
    global _before_pinning
    cpus = sorted(os.sched_getaffinity(0))
    if not course_config.SANDBOX["same_cpu"] or len(cpus) < 2:
        return
    _before_pinning = set(cpus)
    os.sched_setaffinity(0, {cpus[index % len(cpus)]})


def restore():
    """Give this process back the CPUs it had before pin_this_process."""
    unpin(0)


def unpin(pid):
    """Give process ``pid`` (the zygote; 0: this one) the CPUs this process had before
    pinning."""
    if _before_pinning:
        _set(pid, _before_pinning)


def follow(pid):
    """Run process ``pid`` (a student process) on this process's CPU, if it has one."""
    cpus = os.sched_getaffinity(0)
    if course_config.SANDBOX["same_cpu"] and len(cpus) == 1:
        _set(pid, cpus)


def _set(pid, cpus):
    try:
        os.sched_setaffinity(pid, cpus)
    except OSError:      # the process is gone, or not ours to move: it runs anywhere
        pass
