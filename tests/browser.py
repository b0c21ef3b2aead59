"""A headless Chromium and a Jupyter server for the browser tests.

Debian's ``chromium`` and ``chromium-driver`` drive the pages (``.ci/run``
installs them; no browser is downloaded at run time); the server is the
venv's own ``jupyter``, on a free localhost port with a known token.
"""
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
#: Headless Chromium on a machine with a closed network (common brief's flags).
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  "--window-size=1280,900")
SERVER_START_SECONDS = 60


def browser_or_skip():
    """Return None when Chromium and its driver are installed; otherwise skip
    the test, or fail it under CI (env ``CI`` set), where they must be."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if not missing:
        return
    reason = f"{', '.join(missing)} missing: apt-get install chromium chromium-driver"
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser tests; .ci/run installs them)")
    pytest.skip(reason)


@contextlib.contextmanager
def chromium(tmp_path):
    """Yield a headless ``selenium.webdriver.Chrome`` with a fresh profile in
    ``tmp_path``; quit it on exit."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={Path(tmp_path) / 'chromium-profile'}")
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def _free_port():
    """A localhost TCP port that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url):
    """True when ``url`` answers HTTP 200."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def jupyter_server(root_dir, *extra_args, app="server"):
    """Start ``jupyter server`` (``jupyter lab`` for ``app="lab"``) serving
    ``root_dir`` (also its working directory) on localhost, as root too, wait until it answers, and yield an object with
    ``.url`` (ending in ``/``), ``.token`` and ``.log`` (its output file); kill
    its process group on exit."""
    port, token = _free_port(), secrets.token_hex(16)
    jupyter = Path(sys.executable).parent / "jupyter"
    log = Path(tempfile.mkstemp(prefix=f"jupyter-{app}-", suffix=".log")[1])
    command = [str(jupyter), app, "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
               *extra_args]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, cwd=root_dir,
                                   start_new_session=True)
    server = SimpleNamespace(url=f"http://127.0.0.1:{port}/", token=token, log=log)
    try:
        _wait_until_up(process, f"{server.url}api/status?token={token}", log)
        yield server
    finally:
        _kill_group(process)


def _wait_until_up(process, status_url, log):
    """Return once ``status_url`` answers; raise if the server exits or is slow."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not _answers(status_url):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"jupyter did not start (exit {process.poll()}):\n"
                               + log.read_text(errors="replace")[-3000:])
        time.sleep(0.2)


def _kill_group(process):
    """Stop ``process`` and its children (kernels): SIGTERM, then SIGKILL."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
