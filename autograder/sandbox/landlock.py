"""Landlock (Linux >= 5.13) through ctypes: restrict the calling process's
filesystem access to a list of paths, deny TCP bind/connect (ABI >= 4) and
signals/abstract sockets outside the sandbox (ABI >= 6).

No maintained Python binding exists (PyPI's ``landlock`` is a 1.0.0.dev
pre-release); the kernel interface is three syscalls and two structs.
"""
import ctypes
import os
from dataclasses import dataclass

SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446  # x86_64 and arm64 alike
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH = 1
PR_SET_NO_NEW_PRIVS = 38

# filesystem rights, by the ABI version that introduced them
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
FS_ABI1 = (1 << 13) - 1          # EXECUTE .. MAKE_SYM
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
READ = EXECUTE | READ_FILE | READ_DIR
NET_BIND_TCP, NET_CONNECT_TCP = 1, 2
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1, 2


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64),
                ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


_libc = ctypes.CDLL(None, use_errno=True)


def abi_version():
    """The kernel's Landlock ABI version, or 0 when unavailable."""
    try:
        version = _libc.syscall(SYS_CREATE_RULESET, None, ctypes.c_size_t(0),
                                ctypes.c_uint32(CREATE_RULESET_VERSION))
    except (AttributeError, OSError):
        return 0
    return max(int(version), 0)


def _fs_rights(abi):
    rights = FS_ABI1
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    if abi >= 5:
        rights |= IOCTL_DEV
    return rights


#: Paths that name the process opening them: each process opens its own.
PER_PROCESS = ("/proc/self", "/proc/thread-self")


@dataclass(frozen=True)
class ReadPaths:
    """Read paths prepared once in the zygote for every process it forks:
    ``fds`` (O_PATH descriptor, is a directory) of those that exist, ``own``
    those naming the process itself (``PER_PROCESS``), which each process opens.
    Looking up and opening some 400 paths in each process cost 6 ms."""
    fds: list
    own: list

    @classmethod
    def open(cls, paths):
        fds, own = [], []
        for path in paths:
            if path.startswith(PER_PROCESS):
                own.append(path)
                continue
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue  # a path that does not exist here needs no rule
            fds.append((fd, os.path.isdir(path)))
        return cls(fds, own)

    def close(self):
        """Close the descriptors (in a process that has built its ruleset)."""
        for fd, _ in self.fds:
            os.close(fd)


class Ruleset:
    """A ruleset built in two steps: the read rules (a ``ReadPaths``) as soon as
    the process exists, the write rules once its directory is known, then
    enforced (``restrict``). Raises OSError where Landlock is unavailable."""

    def __init__(self, read):
        self.abi = abi = abi_version()
        if abi < 1:
            raise OSError("Landlock is not available on this kernel")
        self.fs = _fs_rights(abi)
        attr = _RulesetAttr(self.fs, (NET_BIND_TCP | NET_CONNECT_TCP) if abi >= 4 else 0,
                            (SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL) if abi >= 6 else 0)
        size = 8 if abi < 4 else (16 if abi < 6 else 24)
        self.fd = _libc.syscall(SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size),
                                ctypes.c_uint32(0))
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
        try:
            for fd, is_dir in read.fds:
                _add(self.fd, fd, _rights(READ & self.fs, is_dir), "a read path")
            for path in read.own:
                _allow(self.fd, path, READ & self.fs)
        except OSError:
            os.close(self.fd)
            raise

    def restrict(self, write_paths):
        """Add ``write_paths`` (everything beneath them) and confine this process
        (and its future children) for good; returns what is enforced."""
        try:
            for path in write_paths:
                _allow(self.fd, path, self.fs)
            if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS) failed")
            if _libc.syscall(SYS_RESTRICT_SELF, self.fd, ctypes.c_uint32(0)) != 0:
                raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
        finally:
            os.close(self.fd)
        parts = ["filesystem"] + (["tcp"] if self.abi >= 4 else []) + \
            (["signals"] if self.abi >= 6 else [])
        return f"landlock abi {self.abi}: " + ", ".join(parts)


def _rights(rights, is_dir):
    """A file (not a directory) takes only the rights that apply to files."""
    return rights if is_dir else rights & (EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV)


def _add(ruleset, fd, rights, what):
    rule = _PathBeneath(rights, fd)
    if _libc.syscall(SYS_ADD_RULE, ruleset, RULE_PATH_BENEATH, ctypes.byref(rule),
                     ctypes.c_uint32(0)) != 0:
        raise OSError(ctypes.get_errno(), f"landlock_add_rule({what}) failed")


def _allow(ruleset, path, rights):
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a path that does not exist here needs no rule
    try:
        _add(ruleset, fd, _rights(rights, os.path.isdir(path)), path)
    finally:
        os.close(fd)
