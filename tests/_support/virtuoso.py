"""Start and stop a throwaway Virtuoso (Debian ``virtuoso-opensource``) for the remote-store tests.

The server gets its own database folder (a temporary directory) and two free loopback ports (SQL
and HTTP); nothing of the system's Virtuoso service is used or touched. Its SPARQL endpoints are
``/sparql`` (read), ``/sparql-auth`` (read and update, HTTP digest auth as ``dba``) and
``/sparql-graph-crud-auth`` (Graph Store HTTP Protocol).

Used by tests/store/test_remote.py; also runnable by hand::

    python tests/_support/virtuoso.py /tmp/vt   # prints the endpoint, Ctrl-C stops it
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BINARY = shutil.which("virtuoso-t")
USER, PASSWORD = "dba", "dba"

_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
LiteMode = 0
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
MaxStaticCursorRows = 5000
AllowOSCalls = 0
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}/vsp
MaxClientConnections = 10
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
DefaultGraph =
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Virtuoso:
    """One Virtuoso process on loopback ports with its database in ``workdir``.

    ``stop()`` then ``start()`` restarts it on the same ports and database (to test a server that
    goes away and comes back).
    """

    def __init__(self, workdir: Path) -> None:
        if BINARY is None:
            raise RuntimeError("virtuoso-t not found (apt-get install virtuoso-opensource)")
        self.workdir = workdir
        self.sql_port = free_port()
        self.http_port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql_url(self) -> str:
        return self.base + "/sparql"

    @property
    def auth_url(self) -> str:
        return self.base + "/sparql-auth"

    @property
    def gsp_url(self) -> str:
        return self.base + "/sparql-graph-crud-auth"

    def start(self, *, timeout: float = 90.0) -> Virtuoso:
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "vsp").mkdir(exist_ok=True)
        ini = self.workdir / "virtuoso.ini"
        ini.write_text(_INI.format(d=self.workdir, sql=self.sql_port, http=self.http_port), encoding="utf-8")
        log = (self.workdir / "stdout.log").open("ab")
        assert BINARY is not None
        self.process = subprocess.Popen(
            [BINARY, "+foreground", "+configfile", str(ini)],
            cwd=self.workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso exited: see {self.workdir / 'virtuoso.log'}")
            if self.ready():
                return self
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"virtuoso did not answer within {timeout:g} s")

    def ready(self) -> bool:
        url = self.sparql_url + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(req, timeout=2) as r:
                return r.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.process = None
        (self.workdir / "virtuoso.lck").unlink(missing_ok=True)

    def kill(self) -> None:
        """Stop abruptly, as a crash would (the database stays, the next start recovers it)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None
            (self.workdir / "virtuoso.lck").unlink(missing_ok=True)


if __name__ == "__main__":
    v = Virtuoso(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/kg-virtuoso")).start()
    print(f"SPARQL: {v.sparql_url}  update: {v.auth_url} (digest {USER}/{PASSWORD})  GSP: {v.gsp_url}")
    try:
        v.process.wait()  # type: ignore[union-attr]
    except KeyboardInterrupt:
        v.stop()
