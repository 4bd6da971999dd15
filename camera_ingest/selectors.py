"""Reads of cameras and legal holds, scoped to the asking user's agency (administrators)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.permissions import is_agency_admin as _agency_admin
from camera_ingest.models import Camera, DeadLetter, HeldRead, LegalHold


def camera_list_for(*, user) -> QuerySet[Camera]:
    if not _agency_admin(user):
        return Camera.objects.none()
    return Camera.objects.filter(agency_id=user.agency_id).select_related("agency")


def camera_get_for(*, user, pk) -> Camera:
    return get_object_or_404(camera_list_for(user=user), pk=pk)


def legal_hold_list_for(*, user) -> QuerySet[LegalHold]:
    if not _agency_admin(user):
        return LegalHold.objects.none()
    return LegalHold.objects.filter(agency_id=user.agency_id).select_related(
        "placed_by", "released_by"
    )


def legal_hold_get_for(*, user, pk) -> LegalHold:
    return get_object_or_404(legal_hold_list_for(user=user), pk=pk)


def held_reads_for(*, user, hold: LegalHold) -> QuerySet[HeldRead]:
    return HeldRead.objects.filter(hold=hold, agency_id=user.agency_id).order_by("seen_at")


def dead_letter_list_for(*, user) -> QuerySet[DeadLetter]:
    """Refused vendor posts of the administrator's agency (issue 12), newest first."""
    if not _agency_admin(user):
        return DeadLetter.objects.none()
    return DeadLetter.objects.filter(agency_id=user.agency_id).select_related(
        "camera", "replayed_by"
    )


def dead_letter_get_for(*, user, pk) -> DeadLetter:
    return get_object_or_404(dead_letter_list_for(user=user), pk=pk)
