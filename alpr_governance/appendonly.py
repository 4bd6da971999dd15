"""Append-only, tamper-evident records, built once for every record the law or an auditor relies on:
the access record (queries.SearchRequest), the governance record and the sharing ledger.

Two defences, each useful alone:
- the database refuses UPDATE and DELETE on the table (a trigger declared beside the model with
  django-pgtrigger), so neither the application nor a careless operator edits history; the
  retention purge is the one path allowed through (`retention_delete`);
- each row carries the SHA-256 of its own content and of the previous row of its chain (one chain
  per agency), so an edit or deletion made with the trigger disabled shows as a broken link.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import ClassVar, TypeVar

import pgtrigger
from django.db import connection, models, transaction

APPEND_ONLY_TRIGGER = "append_only"
GENESIS_HASH = "0" * 64


def append_only_trigger() -> pgtrigger.Protect:
    """Declare in a model's Meta.triggers: the database refuses UPDATE and DELETE on its rows."""
    return pgtrigger.Protect(
        name=APPEND_ONLY_TRIGGER, operation=pgtrigger.Update | pgtrigger.Delete
    )


def retention_delete(queryset: models.QuerySet) -> int:
    """Delete expired rows of an append-only table: the one documented way past its trigger,
    used only by retention purges. Returns the number of rows deleted."""
    label = f"{queryset.model._meta.label}:{APPEND_ONLY_TRIGGER}"
    with transaction.atomic(), pgtrigger.ignore(label):
        deleted, _ = queryset.delete()
    return deleted


def _canonical(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    return value


def chain_digest(previous_hash: str, payload: dict) -> str:
    """SHA-256 over the previous row's hash and this row's canonical JSON."""
    canonical = json.dumps(_canonical(payload), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{previous_hash}\n{canonical}".encode()).hexdigest()


class ChainedRecord(models.Model):
    """Base for append-only rows chained per `CHAIN_SCOPE` (a field name, usually the agency).

    Subclasses list the fields whose values are sealed in `CHAIN_FIELDS` and declare
    `triggers = [append_only_trigger()]` in their Meta. Rows are written only by `chain_append`.
    """

    CHAIN_SCOPE: ClassVar[str] = "agency_id"
    CHAIN_FIELDS: ClassVar[tuple[str, ...]] = ()

    prev_hash = models.CharField(max_length=64, editable=False)
    row_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        abstract = True

    def chain_payload(self) -> dict:
        return {name: getattr(self, name) for name in self.CHAIN_FIELDS}

    def computed_hash(self) -> str:
        return chain_digest(self.prev_hash, self.chain_payload())


Record = TypeVar("Record", bound=ChainedRecord)


def chain_append(model: type[Record], **fields) -> Record:
    """Append one row to its chain: lock the chain, link to its last row, seal, insert.

    The lock is a transaction-scoped advisory lock on (table, scope value), so two writers of one
    agency never link to the same predecessor while other agencies write in parallel."""
    scope_value = fields[model.CHAIN_SCOPE]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s), %s)",
                [model._meta.db_table, int(scope_value or 0)],
            )
        last = (
            model.objects.filter(**{model.CHAIN_SCOPE: scope_value})
            .order_by("-pk")
            .values_list("row_hash", flat=True)
            .first()
        )
        row = model(**fields)
        row.prev_hash = last or GENESIS_HASH
        row.row_hash = row.computed_hash()
        row.save(force_insert=True)
        return row


@dataclass(frozen=True)
class ChainBreak:
    pk: int
    problem: str  # "content changed" or "link broken (a row before it was removed or altered)"

    def __str__(self) -> str:
        return f"row {self.pk}: {self.problem}"


def chain_verify(rows: Iterable[ChainedRecord]) -> ChainBreak | None:
    """The first broken link of one chain, given its rows in insertion order; None when intact.

    The oldest row still present anchors the chain: the retention purge removes rows from the
    start, so its predecessor's hash is taken on trust."""
    previous: str | None = None
    for row in rows:
        if previous is not None and row.prev_hash != previous:
            return ChainBreak(row.pk, "link broken (a row before it was removed or altered)")
        if row.computed_hash() != row.row_hash:
            return ChainBreak(row.pk, "content changed")
        previous = row.row_hash
    return None
