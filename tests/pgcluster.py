"""A throwaway PostgreSQL cluster for tests and benchmarks.

Uses ``GRIDCOUNTER_TEST_PG_URL`` when set. Otherwise finds the local PostgreSQL binaries
(PATH, /usr/lib/postgresql/*/bin, /usr/local/pgsql/bin), runs initdb into a temporary
directory and starts the server on a free loopback port over a private Unix socket. initdb
refuses to run as root, so as root the cluster is owned by the ``postgres`` user and every
server command runs through ``runuser``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class PgUnavailable(RuntimeError):
    pass


def find_pg_bin() -> Path:
    candidates = []
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    candidates += [Path("/usr/local/pgsql/bin")]
    for cand in candidates:
        if (cand / "initdb").exists() and (cand / "pg_ctl").exists():
            return cand
    raise PgUnavailable("PostgreSQL server binaries (initdb, pg_ctl) not found")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgCluster:
    datadir: Path
    port: int
    bindir: Path
    as_user: str | None
    owned_tmp: bool = True

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, dbname: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"

    def _cmd(self, *args: str) -> list[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        return ["runuser", "-u", self.as_user, "--", *cmd] if self.as_user else cmd

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create database ``name`` unless it exists: empty, or a copy of ``template``."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as c:
            exists = c.execute("SELECT 1 FROM pg_database WHERE datname=%s", (name,)).fetchone()
            if not exists:
                create_database(c, name, template)
        return self.url_for(name)

    def close_template(self, name: str) -> None:
        """No more connections to ``name``: CREATE DATABASE … TEMPLATE needs it idle."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def restart(self, mode: str = "fast", timeout: int = 60) -> None:
        """Restart the server on the same port with the same options (pg_ctl keeps them in
        postmaster.opts). ``mode`` "fast" ends the sessions cleanly; "immediate" is a crash (no
        checkpoint, WAL recovery at start). Raises PgUnavailable when it does not come back."""
        res = subprocess.run(self._cmd("pg_ctl", "-D", str(self.datadir), "-m", mode, "-l",
                                       str(self.datadir.parent / "server.log"), "-w", "-t", str(timeout), "restart"),
                             capture_output=True, text=True)
        if res.returncode != 0:
            raise PgUnavailable(f"pg_ctl restart failed: {res.stderr.strip()[-300:]}")

    def stop(self) -> None:
        subprocess.run(self._cmd("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "stop"),
                       capture_output=True, check=False)
        if self.owned_tmp:
            shutil.rmtree(self.datadir.parent, ignore_errors=True)


def create_database(admin: Any, name: str, template: str | None = None) -> None:
    """``CREATE DATABASE name`` on ``admin`` (an autocommit psycopg connection), as a copy of
    ``template`` when given (a whole initialised database in about a tenth of a second).

    PostgreSQL refuses to copy a database someone is connected to (SQLSTATE 55006): a moment
    after the template's last connection closed its backend may still be exiting, so retry."""
    import psycopg

    if template is None:
        admin.execute(f'CREATE DATABASE "{name}"')
        return
    for attempt in range(50):
        try:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            return
        except psycopg.errors.ObjectInUse:
            if attempt == 49:
                raise
            time.sleep(0.1)


def start_cluster(datadir: Path | None = None, port: int | None = None, fsync: bool = False) -> PgCluster:
    """Start a cluster (initdb first when ``datadir`` is new). Raises PgUnavailable."""
    bindir = find_pg_bin()
    as_user = None
    if os.geteuid() == 0:
        as_user = "postgres"
        try:
            subprocess.run(["id", "postgres"], check=True, capture_output=True)
        except subprocess.CalledProcessError:
            subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
    owned = datadir is None
    if datadir is None:
        root = Path(tempfile.mkdtemp(prefix="gridcounter-pg-"))
        datadir = root / "data"
    datadir.parent.mkdir(parents=True, exist_ok=True)
    if as_user:
        shutil.chown(datadir.parent, as_user)
        os.chmod(datadir.parent, 0o755)
    cluster = PgCluster(datadir, port or _free_port(), bindir, as_user, owned)
    if not (datadir / "PG_VERSION").exists():
        res = subprocess.run(cluster._cmd("initdb", "-D", str(datadir), "-U", "postgres", "-A", "trust",
                                          "-E", "UTF8", "--locale=C.UTF-8" if _has_c_utf8() else "--no-locale"),
                             capture_output=True, text=True)
        if res.returncode != 0:
            raise PgUnavailable(f"initdb failed: {res.stderr.strip()[-500:]}")
    sockdir = datadir.parent
    opts = f"-p {cluster.port} -k {sockdir} -c listen_addresses=127.0.0.1 -c max_connections=60"
    if not fsync:
        opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    res = subprocess.run(cluster._cmd("pg_ctl", "-D", str(datadir), "-o", opts, "-l",
                                      str(datadir.parent / "server.log"), "-w", "-t", "60", "start"),
                         capture_output=True, text=True)
    if res.returncode != 0:
        log = (datadir.parent / "server.log")
        tail = log.read_text(errors="replace")[-800:] if log.exists() else ""
        raise PgUnavailable(f"pg_ctl start failed: {res.stderr.strip()[-300:]} {tail}")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", cluster.port), timeout=1):
                return cluster
        except OSError:
            time.sleep(0.2)
    raise PgUnavailable("PostgreSQL did not accept connections within 30 s")


def _has_c_utf8() -> bool:
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    return "c.utf8" in out or "c.utf-8" in out
