"""Partitions of the read store: LIST by agency, then RANGE by month of seen_at (UTC).

camera_ingest_plateread
  └ camera_ingest_plateread_a<agency id>            FOR VALUES IN (<agency id>)
      └ camera_ingest_plateread_a<agency id>_<yyyymm>  FOR VALUES FROM (month start) TO (next)

Retention drops a whole expired month of one agency (constant time) without touching others.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connection, transaction

PARENT = "camera_ingest_plateread"
_MONTH_SUFFIX = re.compile(r"_(\d{4})(\d{2})$")


@dataclass(frozen=True)
class MonthPartition:
    name: str
    start: datetime
    end: datetime


def month_start(moment: datetime | date) -> date:
    return date(moment.year, moment.month, 1)


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def years_before(moment: datetime, years: int) -> datetime:
    """The same clock time `years` calendar years earlier. From a 29 February into a year without
    one it is 28 February: the earlier cutoff, so nothing is purged before its anniversary."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February in a year without one
        return moment.replace(year=moment.year - years, day=28)


def months_between(first: date, last: date) -> list[date]:
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def agency_table(agency_id: int) -> str:
    return f"{PARENT}_a{int(agency_id)}"


def month_table(agency_id: int, month: date) -> str:
    return f"{agency_table(agency_id)}_{month:%Y%m}"


def _utc(month: date) -> str:
    return datetime(month.year, month.month, 1, tzinfo=UTC).isoformat()


def missing(agency_id: int, months: list[date]) -> int:
    """How many of the agency's tables for `months` do not exist yet (a dry run of `ensure`)."""
    names = [agency_table(agency_id)] + [month_table(agency_id, m) for m in months]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM unnest(%s::text[]) n WHERE to_regclass(n) IS NULL", [names]
        )
        return cursor.fetchone()[0]


def ensure(agency_id: int, months: list[date]) -> int:
    """Create the agency's partition and the given months' partitions if missing; return how
    many tables were created. Safe to call concurrently (an advisory lock per agency)."""
    names = [agency_table(agency_id)] + [month_table(agency_id, m) for m in months]
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM unnest(%s::text[]) n WHERE to_regclass(n) IS NULL", [names])
        missing = {row[0] for row in cursor.fetchall()}
    if not missing:
        return 0
    lock = int.from_bytes(
        hashlib.sha256(f"partitions:{agency_id}".encode()).digest()[:8], "big", signed=True
    )
    created = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock])
        parent = agency_table(agency_id)
        if parent in missing:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {parent} PARTITION OF {PARENT} "
                f"FOR VALUES IN ({int(agency_id)}) PARTITION BY RANGE (seen_at)"
            )
            created += 1
        for month in months:
            name = month_table(agency_id, month)
            if name not in missing:
                continue
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {parent} "
                f"FOR VALUES FROM ('{_utc(month)}') TO ('{_utc(next_month(month))}')"
            )
            created += 1
    return created


def month_partitions(agency_id: int) -> list[MonthPartition]:
    """The agency's month partitions, oldest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s)",
            [agency_table(agency_id)],
        )
        names = [row[0] for row in cursor.fetchall()]
    partitions = []
    for name in names:
        match = _MONTH_SUFFIX.search(name)
        if match:
            month = date(int(match[1]), int(match[2]), 1)
            partitions.append(
                MonthPartition(
                    name,
                    datetime(month.year, month.month, 1, tzinfo=UTC),
                    datetime(next_month(month).year, next_month(month).month, 1, tzinfo=UTC),
                )
            )
    return sorted(partitions, key=lambda p: p.start)


def drop(partition: MonthPartition) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {partition.name}")


def estimated_rows(partition: MonthPartition) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = to_regclass(%s)",
            [partition.name],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0
