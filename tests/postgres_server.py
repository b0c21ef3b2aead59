"""A throwaway PostgreSQL server for the tests: Debian's ``initdb`` and
``pg_ctl`` on a fresh data directory, reachable only through a unix socket in
that directory (no TCP port), stopped and deleted afterwards.

initdb refuses to run as root, so under root (CI) the server runs as the
``postgres`` user that Debian's package creates, owning its data directory;
clients connect as the database user ``postgres`` with ``trust``
authentication, which only the socket's file permissions guard.
"""
import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

#: Settings for a server whose data is thrown away: no fsync, no TCP.
SERVER_OPTIONS = "-c listen_addresses='' -c fsync=off -c synchronous_commit=off " \
                 "-c full_page_writes=off -c max_connections=60"


def bin_dir():
    """The folder holding ``initdb`` and ``pg_ctl`` (on PATH, or Debian's
    ``/usr/lib/postgresql/<version>/bin``, newest first), or None."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[3]) if Path(p).parts[3].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def require():
    """The server's bin folder; skips the test where PostgreSQL is not installed,
    unless under CI (``CI`` set), where its absence is a failure."""
    found = bin_dir()
    if found is None:
        reason = ("PostgreSQL's initdb is not installed (apt-get install postgresql; "
                  ".ci/run installs it)")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


class Server:
    """A running server: :meth:`url` of a database, :meth:`create_database`."""

    def __init__(self, socket_dir: Path):
        self.socket_dir = socket_dir

    def url(self, database):
        """``postgresql://`` URL of ``database`` through this server's socket
        (SQLAlchemy's default PostgreSQL driver, psycopg 3)."""
        return f"postgresql://postgres@/{database}?host={self.socket_dir}"

    def create_database(self, name):
        """A new empty database ``name``; returns its URL."""
        import psycopg
        with psycopg.connect(host=str(self.socket_dir), user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextlib.contextmanager
def running():
    """Start a server on a fresh data directory; yields a :class:`Server`."""
    bin_path = require()
    data = Path(tempfile.mkdtemp(prefix="autograder-pg-"))
    as_user = []
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    pg_ctl = [*as_user, str(bin_path / "pg_ctl"), "-D", str(data / "db")]
    try:
        _run(data, *as_user, str(bin_path / "initdb"), "-D", str(data / "db"), "-U", "postgres",
             "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")
        _run(data, *pg_ctl, "-l", str(data / "log"), "-w", "-o", f"-k {data} {SERVER_OPTIONS}",
             "start")
        try:
            yield Server(data)
        finally:
            _run(data, *pg_ctl, "-m", "immediate", "stop")
    finally:
        shutil.rmtree(data, ignore_errors=True)


def _run(data, *args):
    """Run one server command in ``data``; RuntimeError with its output and the
    server's log when it fails."""
    proc = subprocess.run(args, cwd=data, capture_output=True, text=True)
    if proc.returncode != 0:
        log = data / "log"
        raise RuntimeError(f"{' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}\n"
                           f"{log.read_text() if log.exists() else ''}")
