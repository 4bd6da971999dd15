"""The one door to the reads (DESIGN.md section 4) and the access record's reads.

`searchable_agency_ids_for(user)` is the only place that says whose reads a person may search:
today their own agency; the sharing agreements add partner agencies here and nowhere else. Every
read an interface shows comes through `reads_for(user=...)`, built on it, and the read table's
manager refuses any other use (camera_ingest.models.PlateReadManager).
"""

from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from accounts import permissions
from accounts.models import AccountStatus, User
from camera_ingest.models import Camera, PlateRead, PlateReadQuerySet, ReadImage
from queries.models import MisreadReport, SearchRequest


def _may_reach_reads(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.agency_id is not None
        and user.status == AccountStatus.ACTIVE
    )


def searchable_agency_ids_for(user: User) -> list[int]:
    """Agencies whose reads `user` may search (own agency; sharing adds partners HERE only).
    Standing and the gate are checked elsewhere; this answers "whose", not "whether"."""
    if not _may_reach_reads(user):
        return []
    from sharing.services import granting_agency_ids

    # Standing agreements (DESIGN.md section 7): active, unrevoked, with an eligible grantee.
    return [user.agency_id, *granting_agency_ids(grantee_id=user.agency_id)]


def reads_for(*, user: User) -> PlateReadQuerySet:
    """The reads `user` may search; the base of every search and read view."""
    return PlateRead.objects.for_agencies(searchable_agency_ids_for(user))


def disclosure_reads(*, agency_id: int) -> PlateReadQuerySet:
    """The disclosing agency's own reads, for an approved disclosure's export (sharing, 429.7):
    the approval is the access decision, on the sharing ledger; no other agency's reads."""
    return PlateRead.objects.for_agencies([agency_id])


def read_get_for(*, user: User, pk: int) -> PlateRead:
    """One read `user` may see; another agency's read answers 404 like a missing one."""
    return get_object_or_404(reads_for(user=user), pk=pk)


def read_images_for(*, user: User, read: PlateRead) -> QuerySet[ReadImage]:
    return ReadImage.objects.filter(
        read_id=read.pk, agency_id__in=searchable_agency_ids_for(user)
    ).order_by("kind")


def read_image_get_for(*, user: User, read: PlateRead, kind: str) -> ReadImage:
    return get_object_or_404(read_images_for(user=user, read=read), kind=kind)


def searchable_cameras_for(*, user: User) -> QuerySet[Camera]:
    """Cameras of the agencies whose reads `user` may search (for camera criteria and labels)."""
    return Camera.objects.filter(agency_id__in=searchable_agency_ids_for(user))


def within_box(west: float, south: float, east: float, north: float) -> RawSQL:
    """Reads inside a box, written so the position index (SP-GiST on point(lon, lat)) serves it."""
    return RawSQL(
        "point(longitude, latitude) <@ box(point(%s, %s), point(%s, %s))",
        [west, south, east, north],
        output_field=BooleanField(),
    )


def within_metres(lat: float, lon: float, radius_m: float) -> RawSQL:
    """Reads within `radius_m` of a point (haversine; the box around it uses the index)."""
    return RawSQL(
        "2 * 6371008.8 * asin(sqrt(power(sin(radians(latitude - %s) / 2), 2) + "
        "cos(radians(%s)) * cos(radians(latitude)) * "
        "power(sin(radians(longitude - %s) / 2), 2))) <= %s",
        [lat, lat, lon, radius_m],
        output_field=BooleanField(),
    )


def plate_like(pattern: str) -> RawSQL:
    """LIKE on the plate, served by the trigram index."""
    return RawSQL("plate LIKE %s", [pattern], output_field=BooleanField())


def plate_or_candidate_matches(regex: str) -> RawSQL:
    """The plate, or one of the camera's alternative readings, matches `regex` (misread-tolerant
    search: the trigram index serves the plate side)."""
    return RawSQL(
        "(plate ~ %s OR (candidates IS NOT NULL AND EXISTS "
        "(SELECT 1 FROM jsonb_array_elements_text(candidates) c WHERE c ~ %s)))",
        [regex, regex],
        output_field=BooleanField(),
    )


# --- The access record -----------------------------------------------------------------------


def search_request_list_for(*, user: User) -> QuerySet[SearchRequest]:
    """A person's own access records (their search history): never another person's."""
    if user is None or not user.is_authenticated or user.agency_id is None:
        return SearchRequest.objects.none()
    return SearchRequest.objects.filter(agency_id=user.agency_id, user_id=user.pk)


def search_request_get_for(*, user: User, pk: int) -> SearchRequest:
    return get_object_or_404(
        search_request_list_for(user=user).filter(
            kind__in=[SearchRequest.Kind.SEARCH, SearchRequest.Kind.HOLD_SEARCH]
        ),
        pk=pk,
    )


# --- Misread reports (53060.7(b)(7)) ----------------------------------------------------------


def misread_queue_for(*, user) -> QuerySet[MisreadReport]:
    """Reports the user handles: those of the divisions they administer (the Division
    Administrator's queue; an agency administrator's is the whole agency's)."""
    if not permissions.is_tenant_user(user):
        return MisreadReport.objects.none()
    return MisreadReport.objects.filter(
        agency_id=user.agency_id,
        division__in=permissions.administered_divisions(user).values("pk"),
    ).select_related("reported_by", "division", "read_agency")


def misread_report_list_for(*, user) -> QuerySet[MisreadReport]:
    """Reports the user may see: their own, and those in their queue."""
    if not permissions.is_tenant_user(user):
        return MisreadReport.objects.none()
    return (
        MisreadReport.objects.filter(agency_id=user.agency_id)
        .filter(
            Q(reported_by_id=user.pk)
            | Q(division__in=permissions.administered_divisions(user).values("pk"))
        )
        .select_related("reported_by", "division", "read_agency", "notice_recorded_by", "closed_by")
    )


def misread_report_get_for(*, user, pk) -> MisreadReport:
    return get_object_or_404(misread_report_list_for(user=user), pk=pk)


def read_image_kinds_for(*, user, read_ids) -> dict[int, set[str]]:
    """{read id: photo kinds} for reads of agencies the user may search: one query for a page."""
    kinds: dict[int, set[str]] = {}
    rows = ReadImage.objects.filter(
        read_id__in=list(read_ids), agency_id__in=searchable_agency_ids_for(user)
    ).values_list("read_id", "kind")
    for read_id, kind in rows:
        kinds.setdefault(read_id, set()).add(kind)
    return kinds
