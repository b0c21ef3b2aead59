"""Processes that die with their parent (Linux ``PR_SET_PDEATHSIG``).

The chain batch -> worker -> zygote's helper -> student process is tied this
way, so killing the batch with SIGKILL leaves nothing of it running. The
request is per thread of the parent: make it in a process forked (or
started) from a thread that lives as long as the parent does.
"""
import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent():
    """SIGKILL this process when its parent exits."""
    parent = os.getppid()
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent exited before the request took effect
        os._exit(1)
