"""The student's JupyterLab, in a real headless browser (issue 11, item 2).

A released notebook is opened in JupyterLab (the venv's, with a kernel on the
venv's Python) and every cell is run through the page's menus. Saved from the
page, it must show no error but the stubs' ``NotImplementedError``: theory,
setup and demo cells all run (demo cells catch the stubs' error themselves).
Then, in the same session, the reference solutions are entered into the stub
cells' editors, everything is run and saved again, and
``python -m autograder check`` gives that file full marks.
"""
import io
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

from tests import lab_page
from tests.browser import browser_or_skip, chromium, jupyter_server
from tests.conftest import ROOT

#: No torch, eight stubs, three demo cells; runs in a few seconds.
ASSIGNMENT = "07_combinatorics"
SCREENSHOT_WIDTH, SCREENSHOT_MAX_BYTES = 900, 80_000
ANSI = re.compile(r"\x1b\[[0-9;]*m")
FRAME = re.compile(r"Cell In\[(\d+)\], line (\d+)")


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _is_stub(cell):
    """True for an nbgrader solution cell (the student's stub in the release)."""
    return bool(_nbgrader(cell).get("solution"))


def _isolated_jupyter(tmp_path, monkeypatch):
    """Point every Jupyter directory into ``tmp_path`` (nothing of the machine's
    user settings or workspaces), with a ``python3`` kernelspec that runs this
    venv's Python; return the kernelspec's argv."""
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec = tmp_path / "jupyter-path" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps(
        {"argv": argv, "display_name": "Python 3 (ipykernel)", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter-path"))
    for variable, folder in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                             ("JUPYTER_RUNTIME_DIR", "runtime"),
                             ("JUPYTERLAB_WORKSPACES_DIR", "workspaces")):
        monkeypatch.setenv(variable, str(tmp_path / folder))
    monkeypatch.setenv("JUPYTERLAB_SETTINGS_DIR",
                       str(lab_page.write_settings(tmp_path / "settings")))
    return argv


@pytest.fixture
def lab(tmp_path, monkeypatch):
    """JupyterLab serving a copy of the release notebook, open in Chromium:
    ``.driver``, ``.notebook`` (the copy's path), ``.kernel_argv`` (as served)."""
    browser_or_skip()
    expected_argv = _isolated_jupyter(tmp_path, monkeypatch)
    work = tmp_path / "work"
    work.mkdir()
    notebook = work / f"{ASSIGNMENT}.ipynb"
    shutil.copy(ROOT / "release" / ASSIGNMENT / notebook.name, notebook)
    with jupyter_server(work, *lab_page.LAB_ARGS, app="lab") as server, \
            chromium(tmp_path) as driver:
        served = _kernelspec_argv(server)
        assert served == expected_argv, f"the lab's python3 kernel is {served}, not the venv's"
        assert _status(f"{server.url}/api/status?token=wrong") == 403
        lab_page.open_notebook(driver, server, notebook.name)
        yield SimpleNamespace(driver=driver, notebook=notebook)
    assert _status(f"{server.url}/api/status?token={server.token}") is None, "server still up"
    assert list((tmp_path / "runtime").glob("kernel-*.json")) == [], "a kernel was left running"


def _kernelspec_argv(server):
    """The argv of the ``python3`` kernelspec the server offers."""
    with urllib.request.urlopen(f"{server.url}/api/kernelspecs?token={server.token}") as reply:
        return json.load(reply)["kernelspecs"]["python3"]["spec"]["argv"]


def _status(url):
    """The HTTP status ``url`` answers with, or None when nothing listens."""
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def _unexpected_errors(nb):
    """Problems in a notebook run top to bottom with its stubs unimplemented:
    a code cell not run, an error anywhere but in a graded test cell, or one
    that is not a stub's ``raise NotImplementedError()`` (its innermost frame)."""
    by_count = {c.execution_count: c for c in nb.cells if c.cell_type == "code"}
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.execution_count is None:
            problems.append(f"cell {index} did not run")
        for out in (o for o in cell.outputs if o.output_type == "error"):
            frames = FRAME.findall(ANSI.sub("", "\n".join(out.traceback)))
            count, line = (int(n) for n in frames[-1]) if frames else (None, 0)
            origin = by_count.get(count)
            from_stub = origin is not None and _is_stub(origin) \
                and origin.source.splitlines()[line - 1].strip() == "raise NotImplementedError()"
            in_test = _nbgrader(cell).get("grade") and not _is_stub(cell)
            if out.ename != "NotImplementedError" or not from_stub or not in_test:
                problems.append(f"cell {index} ({'a test' if in_test else 'not a test'}): "
                                f"{out.ename} raised at {frames[-1:]} "
                                f"({'a stub' if from_stub else 'not a stub'}'s raise)")
    return problems


def _solutions():
    """grade_id -> the reference solution's source, for every solution cell."""
    path = ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    return {_nbgrader(c)["grade_id"]: c.source
            for c in nbformat.read(path, as_version=4).cells if _is_stub(c)}


def _save_screenshot(driver, name):
    """With env AUTOGRADER_SCREENSHOTS=<dir>, write the page as <dir>/<name>,
    downscaled and palette-reduced below SCREENSHOT_MAX_BYTES."""
    folder = os.environ.get("AUTOGRADER_SCREENSHOTS")
    if not folder:
        return
    from PIL import Image
    image = Image.open(io.BytesIO(driver.get_screenshot_as_png())).convert("RGB")
    height = round(image.height * SCREENSHOT_WIDTH / image.width)
    small = image.resize((SCREENSHOT_WIDTH, height), Image.Resampling.LANCZOS)
    for colors in (128, 64, 32, 16):
        buffer = io.BytesIO()
        small.quantize(colors).save(buffer, "PNG", optimize=True)
        if buffer.tell() < SCREENSHOT_MAX_BYTES:
            break
    Path(folder).mkdir(parents=True, exist_ok=True)
    (Path(folder) / name).write_bytes(buffer.getvalue())


def _autograder_check(notebook):
    """``python -m autograder check`` on ``notebook``: (points, out of, output)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "autograder", "check", ASSIGNMENT,
                           str(notebook)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    found = re.search(rf"^{ASSIGNMENT}: (\S+) / (\S+) points", done.stdout, re.M)
    assert found, f"no score line in the check's output:\n{done.stdout}\n{done.stderr}"
    return float(found[1]), float(found[2]), done.stdout


def test_release_runs_in_jupyterlab_and_the_solved_copy_gets_full_marks(lab):
    driver = lab.driver
    final, restarts = lab_page.run_all_past_errors(driver)
    release = nbformat.read(lab.notebook, as_version=4)
    stubs = [i for i, c in enumerate(release.cells) if _is_stub(c)]
    lab_page.show(driver, stubs[3] + 1)   # a test cell's traceback, a demo's message
    _save_screenshot(driver, "jupyterlab-student.png")
    lab_page.save(driver)

    ran = nbformat.read(lab.notebook, as_version=4)
    assert _unexpected_errors(ran) == []
    assert all(isinstance(c, int) for c in final["counts"] if c != "md")
    assert restarts > 0, "the stubs raised nowhere: is this the student's release?"

    solutions = _solutions()
    for index in stubs:
        lab_page.replace_cell_text(driver, index, solutions[_nbgrader(release.cells[index])["grade_id"]])
    lab_page.run_all(driver)
    lab_page.save(driver)

    solved = nbformat.read(lab.notebook, as_version=4)
    assert [solved.cells[i].source for i in stubs] == \
        [solutions[_nbgrader(release.cells[i])["grade_id"]] for i in stubs]
    errors = [(i, o.ename) for i, c in enumerate(solved.cells) if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    assert errors == []
    points, out_of, report = _autograder_check(lab.notebook)
    cell_points = sum(_nbgrader(c).get("points", 0) for c in release.cells)
    assert (points, out_of) == (cell_points, cell_points), report


def _tiny_run(error_in="test", ename="NotImplementedError", raised_in=1, ran=True):
    """A notebook as saved after a run: a stub (In[1]), its test cell (In[2]),
    a demo cell (In[3]); one error output in cell ``error_in``, raised at
    ``Cell In[raised_in]``'s line 2 (the stub's raise when raised_in is 1)."""
    v4 = nbformat.v4
    stub = v4.new_code_cell("def f():\n    raise NotImplementedError()", execution_count=1,
                            metadata={"nbgrader": {"solution": True, "grade_id": "f_answer"}})
    test = v4.new_code_cell("f()\nf()", execution_count=2,
                            metadata={"nbgrader": {"grade": True, "grade_id": "f", "points": 1}})
    demo = v4.new_code_cell("f()\nf()", execution_count=3 if ran else None,
                            metadata={"tags": ["demo"]})
    cells = {"test": test, "demo": demo}
    frames = ["\x1b[0;31mCell In[2], line 1\x1b[0m", f"Cell In[{raised_in}], line 2"]
    cells[error_in].outputs = [v4.new_output("error", ename=ename, evalue="", traceback=frames)]
    return v4.new_notebook(cells=[v4.new_markdown_cell("theory"), stub, test, demo])


@pytest.mark.parametrize("run, flagged", [
    (dict(), False),                                # the stub's raise, seen in its test cell
    (dict(error_in="demo"), True),                  # a demo cell that lets the stub's error out
    (dict(ename="ValueError"), True),               # another error
    (dict(raised_in=2), True),                      # raised by the test cell itself
    (dict(ran=False), True),                        # a cell Run All never reached
])
def test_the_error_check_flags_all_but_a_stubs_raise_in_a_test_cell(run, flagged):
    assert bool(_unexpected_errors(_tiny_run(**run))) == flagged
