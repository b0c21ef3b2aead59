"""Confinement of the student's process, applied in order after the fork.

namespaces (in the intermediate process, before the student's process exists):
  user + pid + net + mount: the student's process is PID 1 of its own PID
  namespace (when it dies, every process it made dies with it), has no network
  interface, holds no capability outside its namespaces, and has a mount
  namespace of its own (propagation private, the user namespace mapping only
  its own uid and gid) for its scratch tmpfs.
in the student's process:
  scratch  -- a size-limited tmpfs mounted in that mount namespace on the
              grader's scratch/work: the student's cwd, HOME and TMPDIR, and the
              only place it may write (so it cannot fill the grader's disk)
  rlimits  -- address space, CPU seconds, file size, open files, no core dumps
  capabilities -- then every capability it holds (in its user namespace) is dropped
  landlock -- read-only: the interpreter, the libraries and site-packages
              (except this package); read-write: the scratch tmpfs (or, without
              it, the scratch directory) and /dev/null only
  seccomp  -- no new processes, no exec, no ptrace/mount/module loading
Each layer that the host lacks is skipped and reported, never fatal. The
environment variable AUTOGRADER_SANDBOX_OFF (comma-separated: namespaces,
scratch, capabilities, rlimits, landlock, seccomp) switches layers off in a
zygote, to reproduce a host without them.
"""
import ctypes
import os
import resource
import site
import sys
from pathlib import Path

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x20000, 0x10000000, 0x20000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_REC, MS_PRIVATE = 0x2, 0x4, 0x4000, 0x40000
#: most files (inodes) in the scratch tmpfs: inodes cost kernel memory that its
#: size limit does not count
SCRATCH_FILES = 4096
PR_CAPBSET_DROP, PR_SET_SECUREBITS, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 28, 47, 4
#: SECBIT_NOROOT, SECBIT_NO_CAP_AMBIENT_RAISE and their locks: no capability
#: comes back with uid 0 (were exec possible)
SECUREBITS = 0x01 | 0x02 | 0x40 | 0x80
_CAPABILITY_V3 = 0x20080522
PRIVATE_NAMES = {"autograder", "course_config.py", "__editable__"}
SYSTEM_READ = ["/usr", "/lib", "/lib64", "/lib32", "/bin", "/etc", "/dev/urandom",
               "/dev/random", "/dev/zero", "/proc/self", "/proc/cpuinfo", "/proc/meminfo",
               "/sys/devices/system/cpu"]

_libc = ctypes.CDLL(None, use_errno=True)
try:  # read once, in the zygote (in a fresh user namespace it takes ~0.5 ms)
    _CAP_LAST = int(Path("/proc/sys/kernel/cap_last_cap").read_text())
except (OSError, ValueError):
    _CAP_LAST = 63


def switched_off():
    return {s.strip() for s in os.environ.get("AUTOGRADER_SANDBOX_OFF", "").split(",")}


def unshare_namespaces():
    """Enter new namespaces (call in a single-threaded process).

    Returns ``(names, problem)``: the namespaces entered, and ``None`` when a
    private mount namespace is ready for the scratch tmpfs (see
    ``mount_scratch``), else why it is not.
    """
    off = switched_off()
    if "namespaces" in off:
        return [], "no namespaces (switched off by AUTOGRADER_SANDBOX_OFF)"
    uid, gid = os.getuid(), os.getgid()
    user, pid_net = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET, CLONE_NEWPID | CLONE_NEWNET
    attempts = ((user | CLONE_NEWNS, ["user", "pid", "net", "mount"]),
                (user, ["user", "pid", "net"]),
                (pid_net | CLONE_NEWNS, ["pid", "net", "mount"]),  # root without user namespaces
                (pid_net, ["pid", "net"]),
                (CLONE_NEWNET, ["net"]))
    if "scratch" in off:
        attempts = [(flags, names) for flags, names in attempts if "mount" not in names]
    refused = None
    for flags, names in attempts:
        if _libc.unshare(flags) == 0:
            break
        refused = refused or os.strerror(ctypes.get_errno())
    else:
        return [], f"no namespaces ({refused})"
    if "scratch" in off:
        return names, "switched off by AUTOGRADER_SANDBOX_OFF"
    if "mount" not in names:
        return names, f"the host refused a mount namespace ({refused})"
    try:
        if "user" in names:
            _map_own_ids(uid, gid)
        _mount(None, "/", None, MS_REC | MS_PRIVATE, None)  # nothing reaches the host's mounts
    except OSError as exc:
        return names, f"the mount namespace cannot be prepared ({exc})"
    return names, None


def _map_own_ids(uid, gid):
    """Map this process's own uid and gid in its new user namespace (as
    ``unshare --map-user=$(id -u)``): a tmpfs that namespace owns rejects files
    of an unmapped owner (EOVERFLOW). Nothing else is mapped."""
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"),
                       ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as file:
            file.write(text)


def _mount(source, target, fstype, flags, options):
    args = [None if v is None else os.fsencode(v) for v in (source, target, fstype)]
    if _libc.mount(*args, ctypes.c_ulong(flags), options and options.encode()) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"mount {target}: {os.strerror(errno)}")


def mount_scratch(directory, size_mb):
    """Mount a tmpfs of ``size_mb`` MB (at most ``SCRATCH_FILES`` files) on
    ``directory``, in the mount namespace ``unshare_namespaces`` prepared."""
    _mount("tmpfs", directory, "tmpfs", MS_NOSUID | MS_NODEV,
           f"size={int(size_mb)}m,nr_inodes={SCRATCH_FILES},mode=0700")
    return f"tmpfs of {int(size_mb)} MB ({SCRATCH_FILES} files) in a private mount namespace"


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def drop_capabilities():
    """Drop every capability this process holds (in its user namespace, or on
    the host where it runs without one): bounding and ambient sets, then the
    effective, permitted and inheritable sets; uid 0 would not restore them."""
    bounding = all(_libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0 for cap in range(_CAP_LAST + 1))
    _libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    _libc.prctl(PR_SET_SECUREBITS, SECUREBITS, 0, 0, 0)  # fails harmlessly without CAP_SETPCAP
    if _libc.capset(ctypes.byref(_CapHeader(_CAPABILITY_V3, 0)), (_CapData * 2)()) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")
    return "capabilities: none" + ("" if bounding else " (the bounding set could not be cleared)")


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
