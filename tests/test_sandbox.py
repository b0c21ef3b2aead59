"""The trust boundary: student code runs confined, and whatever it does, only
its return values reach the grader."""
import contextlib
import os
import stat
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

import course_config
from autograder.sandbox import SandboxSession, Zygote, cpu, landlock
from autograder.boundary.student import StudentError, SubmissionFailure
from autograder.loading.submission import Cell
from tests.conftest import ROOT

LIMITS = dict(cell_timeout=5, call_timeout=3, total_timeout=30, memory_mb=512)


def loaded(cells, **limits):
    """A sandbox session with every cell executed."""
    s = SandboxSession(SimpleNamespace(settings=dict(LIMITS, **limits)), cells)
    s.advance(len(cells))
    return s


def session(code, **limits):
    return loaded([Cell(textwrap.dedent(code), "cell 1")], **limits)


def probe(code):
    """Run ``code`` (which sets ``result``) in a sandbox and return ``result``."""
    with session(code + "\ndef get():\n    return result\n") as s:
        assert not s.load_errors, s.load_errors
        return s.student.call("get")


@contextlib.contextmanager
def zygote(instance):
    """Sessions (and runner.grade_submission) spawn from ``instance`` meanwhile."""
    saved, Zygote._instance = Zygote._instance, instance
    try:
        yield instance
    finally:
        Zygote._instance = saved


@pytest.fixture(scope="module")
def zygote_without_scratch():
    """A zygote whose student processes have no tmpfs: a host without mount namespaces."""
    instance = Zygote(env={"AUTOGRADER_SANDBOX_OFF": "scratch"})
    yield instance
    instance.close()


def host_usage(path):
    """Bytes the files beneath ``path`` occupy on the host's disk."""
    return sum(os.lstat(os.path.join(folder, name)).st_blocks * 512
               for folder, _, names in os.walk(path) for name in names)


SCRATCH_MB = course_config.SANDBOX["scratch_mb"]

#: Module-level code writing ``count`` files of 15 MB (under the file-size
#: limit) in the working directory, carrying on after errors.
FILL = """
import errno, os
_chunk = b"x" * (15 * 2**20)
written, failures = 0, []
for i in range({count}):
    try:
        with open(f"fill{{i}}.bin", "wb") as out:
            out.write(_chunk)
        written += 1
    except OSError as exc:
        failures.append(errno.errorcode.get(exc.errno, str(exc.errno)))
def report():
    return written, failures, sum(os.path.getsize(n) for n in os.listdir("."))
def write(path):
    try:
        with open(path, "a") as out:
            out.write("planted")
        return "written"
    except BaseException as exc:
        return "blocked: " + type(exc).__name__
"""


def attempt(expr):
    return f"""
try:
    result = repr({expr})
except BaseException as exc:
    result = "blocked: " + type(exc).__name__
"""


def test_every_layer_is_active_on_this_host():
    with session("x = 1") as s:
        p = s.protections
    assert p["namespaces"] == ["user", "pid", "net", "mount"]
    assert p["scratch"] == f"tmpfs of {SCRATCH_MB} MB (4096 files) in a private mount namespace"
    assert p["capabilities"] == "capabilities: none"
    assert p["rlimits"].startswith("rlimits")
    assert p["seccomp"].startswith("seccomp")
    if landlock.abi_version() == 0:
        pytest.skip("this kernel has no Landlock")
    assert p["landlock"].startswith("landlock")


@pytest.mark.parametrize("path", ["autograder/graders/__init__.py", "autograder/grading/runner.py",
                                  "source", "solutions", "course_config.py"])
def test_grader_files_are_not_readable(path):
    if landlock.abi_version() == 0:
        pytest.skip("this kernel has no Landlock")
    target = ROOT / path
    expr = f"open({str(target)!r}).read()" if target.is_file() else f"__import__('os').listdir({str(target)!r})"
    assert probe(attempt(expr)).startswith("blocked")


def test_graders_are_not_importable_and_not_in_memory():
    result = probe("""
import sys
loaded = sorted(m for m in sys.modules if m.startswith("autograder"))
try:
    import autograder.graders.entropy_fundamentals
    imported = "imported"
except BaseException as exc:
    imported = "blocked: " + type(exc).__name__
result = (loaded, imported)
""")
    loaded, imported = result
    assert imported.startswith("blocked")
    assert not any("graders" in m or m in ("autograder.grading.runner", "autograder.grading.checks")
                   for m in loaded), loaded


@pytest.mark.parametrize("expr", [
    "__import__('os').fork()",
    "__import__('subprocess').run(['true'])",
    "__import__('socket').create_connection(('127.0.0.1', 22), timeout=1)",
    "open('/tmp/escaped.txt', 'w').write('x')",
    f"__import__('os').chmod({str(ROOT / 'course_config.py')!r}, 0o777)",
    f"__import__('os').utime({str(ROOT / 'course_config.py')!r}, (0, 0))",
    f"__import__('os').chown({str(ROOT / 'course_config.py')!r}, 0, 0)",
])
def test_processes_network_and_outside_writes_are_blocked(expr):
    assert probe(attempt(expr)).startswith("blocked"), expr


def test_the_grader_and_the_zygote_cannot_be_signalled():
    from autograder.sandbox import Zygote
    for pid in (os.getpid(), Zygote.shared().proc.pid):
        assert probe(attempt(f"__import__('os').kill({pid}, 9)")).startswith("blocked")
    assert Zygote.shared().proc.poll() is None


def test_only_its_own_channel_is_open():
    fds = probe("import os\nresult = sorted(int(f) for f in os.listdir('/proc/self/fd'))")
    assert len([fd for fd in fds if fd > 2]) <= 2, fds  # its socket (+ the listing's own fd)


def test_scratch_directory_is_writable():
    assert probe("open('notes.txt', 'w').write('ok')\nresult = open('notes.txt').read()") == "ok"


def test_writing_past_the_scratch_limit_fails_with_enospc_and_grading_goes_on():
    """20 files of 15 MB (each under the file-size limit, 300 MB in all): the
    writes past the tmpfs's size fail with ENOSPC in the student's process, the
    cells go on and its functions still answer."""
    code = FILL.format(count=20) + "def f():\n    return 2\n" \
        "def size():\n    st = os.statvfs('.')\n    return st.f_blocks * st.f_frsize\n"
    with session(code) as s:
        assert not s.load_errors, s.load_errors
        written, failures, total = s.student.call("report")
        assert failures and set(failures) == {"ENOSPC"} and written + len(failures) == 20
        assert total <= SCRATCH_MB * 2**20 == s.student.call("size")
        assert s.student.call("f") == 2


def test_what_the_student_writes_never_reaches_the_host_disk():
    """60 MB written by the student: the scratch directory on the host holds only
    the (empty) output file and the empty mount point, the tmpfs is not in the
    host's mount table, the student cannot write next to its output file, and the
    directory is removed afterwards."""
    with session(FILL.format(count=4)) as s:
        assert s.student.call("report")[:2] == (4, [])
        assert host_usage(s.scratch) < 2**20
        assert os.listdir(s.work) == []
        for pid in ("self", Zygote.shared().proc.pid):
            assert s.scratch not in Path(f"/proc/{pid}/mountinfo").read_text()
        if landlock.abi_version():
            for name in ("planted.txt", "output.log"):
                target = os.path.join(s.scratch, name)
                assert s.student.call("write", target).startswith("blocked"), target
            assert sorted(os.listdir(s.scratch)) == ["output.log", "work"]
            assert os.path.getsize(os.path.join(s.scratch, "output.log")) == 0
        scratch = s.scratch
    assert not os.path.exists(scratch)


def test_each_process_gets_a_fresh_tmpfs_and_its_output_is_still_captured():
    """After a crash the replacement process mounts a tmpfs of its own (the
    replayed cell writes its 60 MB again without ENOSPC), and the grader still
    quotes the output of each process."""
    code = FILL.format(count=4) + "def die():\n    print('dying')\n    os._exit(3)\n"
    with session(code) as s:
        for _ in range(2):
            assert s.protections["scratch"].startswith("tmpfs")
            assert s.student.call("report")[:2] == (4, [])
            with pytest.raises(SubmissionFailure, match="dying"):
                s.student.call("die")
            assert s.restart()


def test_no_capability_is_left_in_its_user_namespace():
    caps = probe("result = {line.split(':')[0]: int(line.split()[1], 16) "
                 "for line in open('/proc/self/status') if line.startswith('Cap')}")
    assert caps == dict.fromkeys(("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"), 0)


def test_without_the_tmpfs_grading_falls_back_to_the_scratch_directory(zygote_without_scratch):
    """A host that cannot mount the tmpfs (here: AUTOGRADER_SANDBOX_OFF=scratch):
    the student works in the scratch directory as before, grading still works,
    the other layers are all active and the result says so."""
    from autograder.grading import runner
    from tests.conftest import ASSIGNMENT_IDS
    aid = ASSIGNMENT_IDS[0]
    with zygote(zygote_without_scratch):
        result = runner.grade_submission(aid, ROOT / "solutions" / aid / f"{aid}.py", seed=5)
        with session(FILL.format(count=1)) as s:
            assert s.student.call("report")[:2] == (1, [])
            assert os.path.getsize(os.path.join(s.scratch, "fill0.bin")) == 15 * 2**20
    assert result.score == result.max_score
    p = result.protections
    assert p["scratch"] == "unavailable (switched off by AUTOGRADER_SANDBOX_OFF)"
    assert p["namespaces"] == ["user", "pid", "net"]
    assert p["capabilities"] == "capabilities: none"
    assert p["seccomp"].startswith("seccomp")
    if landlock.abi_version():
        assert p["landlock"].startswith("landlock")


def test_memory_bomb_is_a_memory_error_not_a_dead_grader():
    result = probe(attempt("bytearray(50 * 2**30)"))
    assert result == "blocked: MemoryError"


def test_infinite_loop_in_a_call_times_out_and_is_killed():
    with session("def spin():\n    while True:\n        pass\n", call_timeout=1) as s:
        start = time.monotonic()
        with pytest.raises(SubmissionFailure, match="timed out"):
            s.student.call("spin")
        assert time.monotonic() - start < 5
        assert s.restart() and s.student.has("spin")


def test_os_exit_in_a_call_is_reported():
    with session("import os\ndef die():\n    os._exit(3)\n") as s:
        with pytest.raises(SubmissionFailure, match="exited"):
            s.student.call("die")


@pytest.mark.parametrize("scratch", ["tmpfs", "directory"])
@pytest.mark.parametrize("replace", [
    "os.symlink({secret!r}, name)",
    "os.mkfifo(name)",
])
def test_replacing_the_output_file_neither_leaks_nor_hangs(replace, scratch, tmp_path, request):
    """The grader quotes the student's last output line after a crash: it reads
    it through its own descriptor, not by name, so a symlink to a file only the
    grader can read leaks nothing and a FIFO cannot block it. With its tmpfs the
    student cannot even reach the file (it lies outside); working in the scratch
    directory (no tmpfs) it can replace the name."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE\n")
    code = f"import os\nprint('hello')\ndef die():\n" \
           f"    for name in ('output.log', '../output.log'):\n        try:\n" \
           f"            os.unlink(name)\n            {replace.format(secret=str(secret))}\n" \
           f"        except OSError:\n            pass\n    os._exit(3)\n"
    spawner = request.getfixturevalue("zygote_without_scratch") if scratch == "directory" \
        else Zygote.shared()
    with zygote(spawner), session(code) as s:
        start = time.monotonic()
        with pytest.raises(SubmissionFailure, match="exited") as failure:
            s.student.call("die")
        assert time.monotonic() - start < 5
        assert "hello" in str(failure.value) and "TOP-SECRET" not in str(failure.value)
        replaced = not stat.S_ISREG(os.lstat(os.path.join(s.scratch, "output.log")).st_mode)
        assert replaced == (scratch == "directory")


def test_load_errors_are_recorded_and_later_cells_still_run():
    s = loaded([Cell("raise ValueError('boom')", "cell 1"),
                Cell("def f():\n    return 2", "cell 2")])
    with s:
        assert s.load_errors == ["cell 1 raised ValueError: boom (at <cell 1>, line 1, in "
                                 "<module>: raise ValueError('boom'))"]
        assert s.student.call("f") == 2


def test_a_cell_that_hangs_is_skipped_after_restart():
    s = loaded([Cell("while True:\n    pass", "cell 1"),
                Cell("x = 5\ndef f():\n    return x", "cell 2")], cell_timeout=1)
    with s:
        assert "cell 1" in s.load_errors[0] and "timed out" in s.load_errors[0]
        assert s.student.call("f") == 5


def test_printing_fake_results_changes_nothing():
    code = """
import sys, os
print('{"ok": true, "value": 1.0}')
sys.stderr.write('{"score": 100}\\n')
def f():
    print('{"ok": true, "value": 99}' * 1000)
    return 1.5
"""
    with session(code) as s:
        assert s.student.call("f") == 1.5


def test_gigabytes_of_output_are_capped():
    code = """
def flood():
    line = "x" * 2**20
    for _ in range(4096):
        print(line)
    return "done"
"""
    with session(code) as s:
        with pytest.raises(StudentError):
            s.student.call("flood")


def test_student_exceptions_are_described_not_raised_in_the_grader():
    with session("def f(x):\n    raise KeyError(x)\n") as s:
        with pytest.raises(StudentError) as info:
            s.student.call("f", "k")
        assert info.value.is_a("LookupError") and "cell 1" in info.value.where[-1]


def test_without_any_protection_grading_still_works_and_says_so(monkeypatch):
    from autograder.grading import runner
    from autograder.sandbox import Zygote
    from tests.conftest import ASSIGNMENT_IDS
    bare = Zygote(env={"AUTOGRADER_SANDBOX_OFF":
                       "namespaces,scratch,capabilities,rlimits,landlock,seccomp"})
    monkeypatch.setattr(Zygote, "_instance", bare)
    try:
        aid = ASSIGNMENT_IDS[0]
        result = runner.grade_submission(aid, ROOT / "solutions" / aid / f"{aid}.py", seed=3)
    finally:
        bare.close()
    assert result.score == result.max_score
    assert result.protections["namespaces"] == []
    for layer in ("scratch", "capabilities", "rlimits", "landlock", "seccomp"):
        assert result.protections[layer].startswith("unavailable"), result.protections


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two CPUs")
def test_a_pinned_grader_runs_its_student_process_on_its_cpu_and_the_zygote_on_all():
    cpus = sorted(os.sched_getaffinity(0))
    cpu.pin_this_process(1)
    try:
        with session("x = 1") as s:
            assert os.sched_getaffinity(s.student.pid) == {cpus[1]}
            assert os.sched_getaffinity(Zygote.shared().proc.pid) == set(cpus)
    finally:
        cpu.restore()
    assert os.sched_getaffinity(0) == set(cpus)
    with session("x = 1") as s:                # an unpinned grader moves nothing
        assert os.sched_getaffinity(s.student.pid) == set(cpus)
