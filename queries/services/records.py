"""Opening a read, and the access record's own housekeeping: verifying each agency's chain and
purging records past the agency's audit-record retention (DESIGN.md section 5; 1798.90.52;
429.8: DOJ keeps audit records three years)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import Agency, User
from alpr_governance.appendonly import ChainBreak, chain_verify, retention_delete
from camera_ingest.models import PlateRead, ReadImage
from queries import selectors
from queries.models import SearchRequest
from queries.services.search import SearchPurpose, _record

VIEW_DETAIL = "detail"
VIEW_PHOTO = "photo"


@dataclass(frozen=True)
class OpenedRead:
    read: PlateRead
    camera_name: str
    record: SearchRequest | None  # None: covered by the search record that returned it


def read_open(
    *,
    actor: User,
    read_id: int,
    what: str,
    client_address: str | None,
    image_kind: str = "",
    from_search: int | None = None,
) -> OpenedRead:
    """Open one read's detail or photo and record it as a view (READ_VIEW, 1798.90.52). A read of
    an agency the actor may not search answers 404 like a missing one (nothing is recorded then:
    nothing was shown). A plate-crop thumbnail asked for from the actor's own search that
    returned this read is covered by that search's record; every other opening is recorded."""
    read = selectors.read_get_for(user=actor, pk=read_id)
    return _opened(actor, read, what, client_address, image_kind, from_search)


def read_photo_open(
    *,
    actor: User,
    read_id: int,
    image_kind: str,
    client_address: str | None,
    from_search: int | None = None,
) -> ReadImage:
    """Open a read's photo (`overview`: the full photo; `plate`: the crop), recorded as
    `read_open` says. A read without that photo answers 404 and records nothing."""
    read = selectors.read_get_for(user=actor, pk=read_id)
    image = selectors.read_image_get_for(user=actor, read=read, kind=image_kind)
    _opened(actor, read, VIEW_PHOTO, client_address, image_kind, from_search)
    return image


def read_image_kinds(*, actor: User, read: PlateRead) -> list[str]:
    return list(selectors.read_images_for(user=actor, read=read).values_list("kind", flat=True))


def _opened(actor, read, what, client_address, image_kind, from_search) -> OpenedRead:
    camera = selectors.searchable_cameras_for(user=actor).filter(pk=read.camera_id).first()
    covered = (
        what == VIEW_PHOTO
        and image_kind == "plate"
        and from_search is not None
        and selectors.search_request_list_for(user=actor)
        .filter(pk=from_search, outcome=SearchRequest.Outcome.RUN, read_ids__contains=[read.pk])
        .exists()
    )
    record = None
    if not covered:
        criteria = {"read_id": read.pk, "opened": what}
        if image_kind:
            criteria["image"] = image_kind
        if from_search is not None:
            criteria["from_search"] = from_search
        record = _record(
            actor=actor,
            kind=SearchRequest.Kind.READ_VIEW,
            purpose=_purpose_of(actor, from_search),
            criteria=criteria,
            client_address=client_address,
            outcome=SearchRequest.Outcome.RUN,
            read_ids=[read.pk],
            agency_counts={str(read.agency_id): 1},
        )
    return OpenedRead(read=read, camera_name=camera.name if camera else "", record=record)


def _purpose_of(actor: User, search_id: int | None) -> SearchPurpose:
    """A view inherits the purpose of the actor's search it came from, so the record says why."""
    if search_id is None:
        return SearchPurpose()
    search = selectors.search_request_list_for(user=actor).filter(pk=search_id).first()
    if search is None:
        return SearchPurpose()
    return SearchPurpose(
        case_number=search.case_number,
        purpose_category=search.purpose_category,
        justification=search.justification,
        on_behalf_of=search.on_behalf_of,
    )


def access_log_verify(*, agency: Agency) -> ChainBreak | None:
    """The first broken link of the agency's access record, or None when intact."""
    rows = SearchRequest.objects.filter(agency=agency).order_by("pk").iterator(chunk_size=2000)
    return chain_verify(rows)


def access_records_purge_expired(
    *, agency: Agency, now: datetime | None = None, dry_run: bool = False, batch_size: int = 5000
) -> dict:
    """Remove the agency's access records older than its audit-record retention (429.8; DOJ 3
    years), independent of the read purge, through the one path past the append-only trigger
    (alpr_governance.appendonly.retention_delete). Oldest first, so the chain keeps its start."""
    cutoff = (now or timezone.now()) - timedelta(days=agency.audit_record_retention_days)
    expired = SearchRequest.objects.filter(agency=agency, at__lt=cutoff)
    counts = {"cutoff": cutoff.isoformat(), "records_deleted": 0}
    if dry_run:
        counts["records_deleted"] = expired.count()
        return counts
    while True:  # short transactions, never one long delete
        batch = list(expired.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not batch:
            return counts
        counts["records_deleted"] += retention_delete(SearchRequest.objects.filter(pk__in=batch))
