"""Confinement of the student's process, applied in order after the fork.

namespaces (in the intermediate process, before the student's process exists):
  user + pid + net: the student's process is PID 1 of its own PID namespace (when
  it dies, every process it made dies with it), has no network interface, and
  holds no capability outside its namespaces.
in the student's process:
  rlimits  -- address space, CPU seconds, file size, open files, no core dumps
  landlock -- read-only: the interpreter, the libraries and site-packages
              (except this package); read-write: a scratch directory only
  seccomp  -- no new processes, no exec, no ptrace/mount/module loading
Each layer that the host lacks is skipped and reported, never fatal. The
environment variable AUTOGRADER_SANDBOX_OFF (comma-separated: namespaces,
rlimits, landlock, seccomp) switches layers off in a zygote, to reproduce a
host without them.
"""
import ctypes
import os
import resource
import site
import sys
from pathlib import Path

CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
PRIVATE_NAMES = {"autograder", "course_config.py", "__editable__"}
SYSTEM_READ = ["/usr", "/lib", "/lib64", "/lib32", "/bin", "/etc", "/dev/urandom",
               "/dev/random", "/dev/zero", "/proc/self", "/proc/cpuinfo", "/proc/meminfo",
               "/sys/devices/system/cpu"]

_libc = ctypes.CDLL(None, use_errno=True)


def switched_off():
    return {s.strip() for s in os.environ.get("AUTOGRADER_SANDBOX_OFF", "").split(",")}


def unshare_namespaces():
    """Enter new namespaces (call in a single-threaded process). Returns names."""
    if "namespaces" in switched_off():
        return []
    attempts = ((CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET, ["user", "pid", "net"]),
                (CLONE_NEWPID | CLONE_NEWNET, ["pid", "net"]),
                (CLONE_NEWNET, ["net"]))
    for flags, names in attempts:
        if _libc.unshare(flags) == 0:
            return names
    return []


def set_limits(memory_mb, cpu_seconds, file_mb, open_files):
    """rlimits; the address-space limit counts what NumPy/PyTorch already map."""
    mapped = _vm_size_bytes()
    limits = {resource.RLIMIT_AS: mapped + memory_mb * 2**20,
              resource.RLIMIT_CPU: cpu_seconds,
              resource.RLIMIT_FSIZE: file_mb * 2**20,
              resource.RLIMIT_NOFILE: open_files,
              resource.RLIMIT_CORE: 0}
    for which, value in limits.items():
        hard = value + 5 if which == resource.RLIMIT_CPU else value
        resource.setrlimit(which, (value, hard))
    return f"rlimits: {memory_mb} MB memory beyond the runtime, {cpu_seconds} s CPU, " \
           f"{file_mb} MB files, {open_files} open files"


def _vm_size_bytes():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def readable_paths():
    """Interpreter, stdlib and every site-packages entry except this project's."""
    paths = set(SYSTEM_READ) | {sys.prefix, sys.base_prefix, sys.exec_prefix,
                                str(Path(sys.executable).resolve().parent)}
    site_dirs = set(site.getsitepackages()) | {p for p in sys.path if p.endswith("-packages")}
    for entry in sys.path:
        if entry and os.path.isdir(entry) and entry not in site_dirs \
                and not _inside_project(entry):
            paths.add(entry)
    for directory in site_dirs:
        paths.discard(directory)
        if os.path.isdir(directory):
            paths |= {os.path.join(directory, name) for name in os.listdir(directory)
                      if name.split("-")[0] not in PRIVATE_NAMES and
                      not name.startswith("__editable__")}
    return sorted(p for p in paths if not _inside_project(p) or _is_env(p))


def _project_root():
    return Path(__file__).resolve().parents[2]


def _inside_project(path):
    try:
        Path(path).resolve().relative_to(_project_root())
        return True
    except ValueError:
        return False


def _is_env(path):
    """The virtualenv may live inside the project (.venv): it is not private."""
    try:
        Path(path).resolve().relative_to(Path(sys.prefix).resolve())
        return True
    except ValueError:
        return False
