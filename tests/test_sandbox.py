"""The trust boundary: student code runs confined, and whatever it does, only
its return values reach the grader."""
import os
import textwrap
import time
from types import SimpleNamespace

import pytest

from autograder.sandbox import SandboxSession, landlock
from autograder.student import StudentError, SubmissionFailure
from autograder.submission import Cell
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
    assert p["namespaces"] == ["user", "pid", "net"]
    assert p["rlimits"].startswith("rlimits")
    assert p["seccomp"].startswith("seccomp")
    if landlock.abi_version() == 0:
        pytest.skip("this kernel has no Landlock")
    assert p["landlock"].startswith("landlock")


@pytest.mark.parametrize("path", ["autograder/graders/__init__.py", "autograder/runner.py",
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
    assert not any("graders" in m or m in ("autograder.runner", "autograder.checks")
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


@pytest.mark.parametrize("replace", [
    "os.symlink({secret!r}, 'output.log')",
    "os.mkfifo('output.log')",
])
def test_replacing_the_output_file_neither_leaks_nor_hangs(replace, tmp_path):
    """The grader quotes the student's last output line after a crash: it reads
    it through its own descriptor, not by name, so a symlink to a file only the
    grader can read leaks nothing and a FIFO cannot block it."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE\n")
    code = f"import os\nprint('hello')\ndef die():\n    os.unlink('output.log')\n" \
           f"    {replace.format(secret=str(secret))}\n    os._exit(3)\n"
    with session(code) as s:
        start = time.monotonic()
        with pytest.raises(SubmissionFailure, match="exited") as failure:
            s.student.call("die")
        assert time.monotonic() - start < 5
        assert "hello" in str(failure.value) and "TOP-SECRET" not in str(failure.value)


def test_load_errors_are_recorded_and_later_cells_still_run():
    s = loaded([Cell("raise ValueError('boom')", "cell 1"),
                Cell("def f():\n    return 2", "cell 2")])
    with s:
        assert s.load_errors == ["cell 1 raised ValueError: boom"]
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
    from autograder import runner
    from autograder.sandbox import Zygote
    from tests.conftest import ASSIGNMENT_IDS
    bare = Zygote(env={"AUTOGRADER_SANDBOX_OFF": "namespaces,rlimits,landlock,seccomp"})
    monkeypatch.setattr(Zygote, "_instance", bare)
    try:
        aid = ASSIGNMENT_IDS[0]
        result = runner.grade_submission(aid, ROOT / "solutions" / aid / f"{aid}.py", seed=3)
    finally:
        bare.close()
    assert result.score == result.max_score
    assert result.protections["namespaces"] == []
    for layer in ("rlimits", "landlock", "seccomp"):
        assert result.protections[layer].startswith("unavailable"), result.protections
