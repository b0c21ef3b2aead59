"""A seccomp filter: the student's process may not create processes (threads
are fine), run programs, trace, mount, load kernel modules, leave its
namespaces or change any file's metadata (mode, owner, times, xattrs).

The filter is compiled once, in the zygote, with the system's libseccomp
(``compile_filter``); each student process installs the compiled BPF with a
single prctl (``install``).
"""
import ctypes
import ctypes.util
import errno
import os

ACT_ALLOW = 0x7FFF0000
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
CLONE_THREAD = 0x00010000
CMP_MASKED_EQ = 7

DENIED = ("fork", "vfork", "execve", "execveat", "ptrace", "process_vm_readv",
          "process_vm_writev", "mount", "umount2", "pivot_root", "chroot", "setns",
          # the new mount API: no remounting or unmounting of its scratch tmpfs
          "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree",
          "open_tree_attr", "mount_setattr",
          "unshare", "init_module", "finit_module", "delete_module", "kexec_load",
          "kexec_file_load", "reboot", "swapon", "swapoff", "bpf", "perf_event_open",
          "keyctl", "add_key", "request_key", "userfaultfd", "acct", "settimeofday",
          "clock_settime", "sethostname", "setdomainname",
          # file metadata, which Landlock does not confine: no chmod, chown, utime or
          # xattr changes to the gradebook, results or anyone's files
          "chmod", "fchmod", "fchmodat", "fchmodat2", "chown", "fchown", "lchown", "fchownat",
          "utime", "utimes", "utimensat", "futimesat", "setxattr", "lsetxattr", "fsetxattr",
          "removexattr", "lremovexattr", "fremovexattr")


class _ArgCmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int),
                ("datum_a", ctypes.c_uint64), ("datum_b", ctypes.c_uint64)]


def _errno(code):
    return 0x00050000 | (code & 0xFFFF)


def compile_filter() -> bytes:
    """The BPF program of the filter; raises OSError without libseccomp."""
    name = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
    try:
        lib = ctypes.CDLL(name, use_errno=True)
    except OSError:
        raise OSError("libseccomp is not installed") from None
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int,
                                           ctypes.c_uint, ctypes.POINTER(_ArgCmp)]
    lib.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    ctx = lib.seccomp_init(ACT_ALLOW)
    if not ctx:
        raise OSError("seccomp_init failed")
    try:
        def rule(syscall, action, *cmps):
            nr = lib.seccomp_syscall_resolve_name(syscall.encode())
            if nr < 0:
                return  # not a syscall on this architecture
            array = (_ArgCmp * max(len(cmps), 1))(*cmps)
            if lib.seccomp_rule_add_array(ctx, action, nr, len(cmps), array) != 0:
                raise OSError(f"seccomp rule for {syscall} failed")
        for syscall in DENIED:
            rule(syscall, _errno(errno.EPERM))
        rule("clone3", _errno(errno.ENOSYS))  # glibc then falls back to clone()
        rule("clone", _errno(errno.EPERM), _ArgCmp(0, CMP_MASKED_EQ, CLONE_THREAD, 0))
        read_fd, write_fd = os.pipe()
        try:
            if lib.seccomp_export_bpf(ctx, write_fd) != 0:
                raise OSError("seccomp_export_bpf failed")
            os.close(write_fd)
            write_fd = None
            program = b""
            while chunk := os.read(read_fd, 65536):
                program += chunk
        finally:
            os.close(read_fd)
            if write_fd is not None:
                os.close(write_fd)
    finally:
        lib.seccomp_release(ctx)
    return program


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install(program: bytes):
    """Install a compiled filter in this process for good; returns a description."""
    if not program:
        raise OSError("no compiled seccomp filter (libseccomp missing?)")
    libc = ctypes.CDLL(None, use_errno=True)
    buffer = ctypes.create_string_buffer(program, len(program))
    prog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "installing the seccomp filter failed")
    return "seccomp: no new processes, no exec, no ptrace/mount/modules"
