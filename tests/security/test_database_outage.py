"""A database that dies while cameras post (issue 9, "keep it fixed").

A throwaway PostgreSQL cluster (pgserver's binaries) holds a copy of the test database; gunicorn
serves the app on it; three cameras-worth of threads post single reads while the cluster is
stopped and started again. Every read acknowledged 201 is stored; posts made while the server was
down get 503 in the error shape and store nothing; and the service recovers by itself (its
persistent connections are health-checked, so no restart of the app is needed).
"""

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

import pgserver
import psycopg
import pytest
import requests
from django.conf import settings
from django.db import connection
from django.utils import timezone
from pgserver._commands import POSTGRES_BIN_PATH, pg_ctl

from camera_ingest.models import PlateRead
from camera_ingest.services import camera_create
from tests.security.test_api_fuzz import error_shape_problems

ROOT = Path(__file__).resolve().parents[2]
POSTERS = 3
WAIT = 30  # seconds: the longest any phase may take before the test fails (never a pass)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _copy_of_the_test_database(target_uri: str, workdir: Path) -> None:
    source = connection.settings_dict
    source_uri = (
        f"postgresql://{source['USER']}:{source['PASSWORD'] or ''}@{source['HOST']}:"
        f"{source['PORT'] or 5432}/{source['NAME']}"
    )
    dump = workdir / "copy.sql"
    subprocess.run(
        [POSTGRES_BIN_PATH / "pg_dump", "--no-owner", "--no-privileges", "-f", dump, source_uri],
        check=True,
        capture_output=True,
        timeout=WAIT,
    )
    # The shared test server sets a column option of its own that a stock PostgreSQL refuses.
    lines = dump.read_text().splitlines(keepends=True)
    dump.write_text("".join(line for line in lines if "SET (pg_attver=" not in line))
    restored = subprocess.run(
        [POSTGRES_BIN_PATH / "psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", target_uri, "-f", dump],
        capture_output=True,
        text=True,
        timeout=WAIT,
        check=False,
    )
    assert restored.returncode == 0, restored.stderr


class Cluster:
    """A throwaway cluster that can be stopped and started on the same socket."""

    def __init__(self, path: Path):
        self.server = pgserver.get_server(path, cleanup_mode=None)
        self.server.psql("CREATE DATABASE alpr;")
        self.uri = self.server.get_uri("alpr")
        self._socket_dir = self.server.get_postmaster_info().socket_dir

    def stop(self) -> None:
        pg_ctl(
            ["-w", "-m", "fast", "stop"], pgdata=self.server.pgdata, user=self.server.system_user
        )

    def start(self) -> None:
        pg_ctl(
            [
                "-w",
                "-o",
                '-h ""',
                "-o",
                f"-k {self._socket_dir}",
                "-l",
                str(self.server.log),
                "start",
            ],
            pgdata=self.server.pgdata,
            user=self.server.system_user,
            timeout=WAIT,
        )


@pytest.fixture
def cluster():
    # Not under tmp_path: PostgreSQL runs as pgserver's own user (we are root here), and every
    # pytest run makes /tmp/pytest-of-<user> private again, which would lock that user out.
    home = Path(tempfile.mkdtemp(prefix="alpr-outage-"))
    home.chmod(0o755)
    throwaway = Cluster(home / "pg")
    yield throwaway
    with contextlib.suppress(subprocess.CalledProcessError):
        throwaway.stop()
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def live_app(cluster, tmp_path):
    """gunicorn on the throwaway cluster, with this test run's keys, answering /healthz."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": cluster.uri,
        "REDIS_URL": settings.REDIS_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        "CREDENTIALS_KEY": settings.CREDENTIALS_KEY,
        "DEBUG": "0",
        "SECURE_HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "THROTTLE_CAMERA": "100000/min",
        "LOG_LEVEL": "ERROR",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "alpr_governance.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            str(WAIT),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "gunicorn.log").open("w"),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + WAIT
    while True:
        try:
            if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                break
        except requests.RequestException:  # not listening yet, or still loading
            pass
        assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.1)
    yield base
    server.terminate()
    server.wait(timeout=WAIT)


class Posters:
    """Threads posting one read at a time, each remembering when it was sent and the answer."""

    def __init__(self, base: str, secret: str):
        self.url = f"{base}/api/v1/ingest/reads"
        self.secret = secret
        self.results: list[tuple[str, float, float, int, dict]] = []
        self.lock = threading.Condition()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._post, args=(n,)) for n in range(POSTERS)]

    def _post(self, poster: int) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {self.secret}"
        n = 0
        while not self.stopping.is_set():
            n += 1
            event_id = f"outage-{poster}-{n}"
            read = {
                "event_id": event_id,
                "plate": f"7OUT{poster}{n:03d}"[:8],
                "state": "CA",
                "seen_at": (timezone.now() - timedelta(minutes=1)).isoformat(),
            }
            sent = time.monotonic()
            response = session.post(self.url, json=read, timeout=WAIT)
            body = (
                response.json()
                if response.headers.get("Content-Type", "").startswith("application/json")
                else {}
            )
            with self.lock:
                self.results.append((event_id, sent, time.monotonic(), response.status_code, body))
                self.lock.notify_all()

    def wait_for(self, predicate, what: str) -> None:
        with self.lock:
            assert self.lock.wait_for(lambda: predicate(self.results), timeout=WAIT), what

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=WAIT)


def _count(status: int, after: float = 0.0):
    return lambda results: sum(1 for r in results if r[3] == status and r[1] >= after)


@pytest.mark.django_db(transaction=True)
def test_reads_acknowledged_before_a_database_crash_survive_it_and_the_service_recovers(
    agency_a, cluster, tmp_path, request
):
    secret = camera_create(
        actor=None, agency=agency_a, name="Outage gate", latitude=34.05, longitude=-118.24
    ).secret
    _copy_of_the_test_database(cluster.uri, tmp_path)
    base = request.getfixturevalue("live_app")

    with Posters(base, secret) as posters:
        posters.wait_for(_count(201), "no read was stored before the outage")
        cluster.stop()
        down_from = time.monotonic()
        posters.wait_for(_count(503, after=down_from), "no post was refused during the outage")
        posters.wait_for(lambda r: _count(503, after=down_from)(r) >= 5, "too few outage posts")
        down_until = time.monotonic()
        cluster.start()
        back = time.monotonic()
        posters.wait_for(_count(201, after=back), "the service did not recover by itself")
        posters.wait_for(lambda r: _count(201, after=back)(r) >= 5, "the service did not recover")

    results = posters.results
    assert {r[3] for r in results} <= {201, 503}, sorted({r[3] for r in results})
    acknowledged = {r[0] for r in results if r[3] == 201}
    during_outage = {r[0] for r in results if r[1] >= down_from and r[2] <= down_until}
    assert during_outage, "no post was made entirely inside the outage"
    for event_id, _sent, _answered, status, body in results:
        if status == 503:
            assert error_shape_problems(json.dumps(body).encode()) == [], event_id

    with psycopg.connect(cluster.uri) as conn:
        stored = {
            row[0]
            for row in conn.execute(
                f"SELECT event_id FROM {PlateRead._meta.db_table} WHERE event_id LIKE 'outage-%%'"
            )
        }
    assert acknowledged <= stored, sorted(acknowledged - stored)
    assert not (during_outage & stored), sorted(during_outage & stored)
    assert {r[3] for r in results if r[0] in during_outage} == {503}
