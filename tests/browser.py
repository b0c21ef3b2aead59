"""A real browser for the tests that drive Jupyter pages: Debian's headless
Chromium through Selenium, and a Jupyter server on localhost to point it at.

Nothing is downloaded: the browser and its driver are Debian's packages
(``chromium``, ``chromium-driver``; CI installs them in ``.ci/run``).
"""
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
#: Headless Chromium on a machine with no network and no display.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1280,900")
#: Seconds a Jupyter server may take to answer after it starts.
SERVER_START_SECONDS = 90


def browser_or_skip():
    """Skip the test when Chromium or its driver is missing, unless in CI
    (env ``CI`` set), where a missing browser fails the test."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if not missing:
        return
    reason = (f"{' and '.join(missing)} not installed (apt-get install chromium "
              "chromium-driver; .ci/run does)")
    if os.environ.get("CI"):
        pytest.fail(reason + ": CI must run the browser tests")
    pytest.skip(reason)


@contextlib.contextmanager
def chromium(tmp_path):
    """A headless ``selenium.webdriver.Chrome`` with a fresh profile in
    ``tmp_path``, quit on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    browser_or_skip()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = Path(tempfile.mkdtemp(prefix="chromium-profile-", dir=tmp_path))
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


@dataclass
class Server:
    url: str       # base URL, e.g. http://127.0.0.1:8899
    token: str
    log: Path      # the server's stdout and stderr

    def login(self, driver):
        """Give ``driver`` the server's login cookie: a page of the server's own
        (its cookie's path is ``/``; formgrader's pages would set it for their
        own folder only, and their API calls would go to the login page)."""
        driver.get(self.page("/api/status"))

    def page(self, path):
        """The URL of ``path`` (``/formgrader/...``) with the token, for a first visit."""
        return f"{self.url}/{path.lstrip('/')}{'&' if '?' in path else '?'}token={self.token}"


@contextlib.contextmanager
def jupyter_server(root_dir, *extra_args, app="server"):
    """``jupyter server`` (``jupyter lab`` when ``app="lab"``) serving
    ``root_dir`` (also its working directory) on a free localhost port with a
    known token and no browser; yields a :class:`Server` once it answers, and
    kills its process group (its kernels too) on exit."""
    module = {"server": "jupyter_server", "lab": "jupyterlab"}[app]
    token, port = secrets.token_hex(16), _free_port()
    own_runtime = "JUPYTER_RUNTIME_DIR" not in os.environ     # else the test's own, kept
    runtime = Path(tempfile.mkdtemp(prefix="jupyter-runtime-") if own_runtime
                   else os.environ["JUPYTER_RUNTIME_DIR"])
    runtime.mkdir(parents=True, exist_ok=True)
    log = runtime / "server.log"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(runtime), PYTHONWARNINGS="ignore",
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]]))
    args = [sys.executable, "-m", module, "--no-browser", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
            *(["--allow-root"] if os.geteuid() == 0 else []), *extra_args]  # CI runs as root
    with open(log, "wb") as out:
        proc = subprocess.Popen(args, cwd=root_dir, env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", token, log)
    try:
        _wait_until_up(server, proc)
        yield server
    finally:
        _kill_group(proc)
        if own_runtime:
            shutil.rmtree(runtime, ignore_errors=True)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(server, proc):
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the Jupyter server exited ({proc.returncode}):\n"
                               + server.log.read_text(errors="replace")[-3000:])
        try:
            with urllib.request.urlopen(f"{server.url}/api/status?token={server.token}",
                                        timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the Jupyter server did not answer in {SERVER_START_SECONDS} s:\n"
                       + server.log.read_text(errors="replace")[-3000:])


def _kill_group(proc):
    """SIGTERM to the server's process group, SIGKILL to what is left after 10 s."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    try:  # kernels left in the group once the server itself is gone
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
