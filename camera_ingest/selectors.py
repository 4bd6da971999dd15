"""Reads of cameras and legal holds, scoped to the asking user's agency (administrators)."""

from django.db.models import DateTimeField, IntegerField, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404

from accounts.permissions import is_agency_admin as _agency_admin
from accounts.permissions import sees_agency_oversight as _oversees_agency
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


# --- Read-only oversight (auditors): metadata, never secrets, payloads, plates or reads --------


def camera_oversight_list_for(*, user) -> QuerySet[Camera]:
    """The agency's cameras for its auditors: name, kind, state and when each last posted. The
    secret's hash, payload excerpts and error texts (which may quote a plate) are not loaded."""
    if not _oversees_agency(user):
        return Camera.objects.none()
    return (
        Camera.objects.filter(agency_id=user.agency_id)
        .only(
            "name",
            "kind",
            "enabled",
            "revoked_at",
            "created_at",
            "last_read_at",
            "last_heartbeat_at",
            "last_error_at",
        )
        .order_by("name", "pk")
    )


def legal_hold_oversight_list_for(*, user) -> QuerySet[LegalHold]:
    """The agency's legal holds for its auditors: case, reason, who placed and released them, the
    window and how many reads it holds. The criteria (which name the plate), the description and
    the held reads stay in the database: a list of plates is a search, answered only by the gate."""
    if not _oversees_agency(user):
        return LegalHold.objects.none()
    return (
        LegalHold.objects.filter(agency_id=user.agency_id)
        .defer("criteria", "description", "release_reason")
        .annotate(
            window_start=Cast(KT("criteria__start"), DateTimeField()),
            window_end=Cast(KT("criteria__end"), DateTimeField()),
            reads_held=Cast(KT("criteria__reads_held"), IntegerField()),
        )
        .select_related("placed_by", "released_by")
        .order_by("-placed_at", "-pk")
    )
