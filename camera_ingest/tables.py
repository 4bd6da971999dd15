"""Columns and filters of the camera, legal hold and dead letter lists (alpr_governance.tables)."""

from django.db.models import Q

from alpr_governance.tables import Column, FilterForm, choice_field, natural
from camera_ingest.models import Camera, LegalHold

CAMERA_COLUMNS = [
    Column("Name", "name", (natural("name"),)),
    Column("Kind", "kind", ("kind",)),
    Column("Location"),
    Column("Format", "format", ("vendor_format",)),
    Column("State"),
    Column("Last read received", "last_read", ("last_read_at",)),
    Column("Last error", "last_error", ("last_error_at",)),
]

CAMERA_STATES = {
    "active": Q(revoked_at__isnull=True, enabled=True),
    "disabled": Q(revoked_at__isnull=True, enabled=False),
    "revoked": Q(revoked_at__isnull=False),
    "failing": Q(last_error_at__isnull=False),
}


class CameraFilterForm(FilterForm):
    """Narrow the cameras: by state, kind and format, or by name."""

    lookups = {"state": CAMERA_STATES.__getitem__, "kind": "kind", "format": "vendor_format"}
    search_fields = ("name",)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["q"].label = "Search by camera name"
        self.fields["state"] = choice_field(
            "State",
            [
                ("active", "Active"),
                ("disabled", "Disabled"),
                ("revoked", "Revoked"),
                ("failing", "With an error"),
            ],
            every="Every state",
        )
        self.fields["kind"] = choice_field("Kind", Camera.Kind.choices, every="Every kind")
        self.fields["format"] = choice_field("Format", Camera.Format.choices, every="Every format")


HOLD_COLUMNS = [
    Column("Case", "case", (natural("case_number"),)),
    Column("Reason", "reason", ("reason",)),
    Column("Reads"),
    Column("Placed", "placed", ("placed_at",)),
    Column("State", "released", ("released_at",)),
]


class HoldFilterForm(FilterForm):
    """Narrow the legal holds: held or released, by reason, or by case number or description."""

    lookups = {
        "state": {
            "held": Q(released_at__isnull=True),
            "released": Q(released_at__isnull=False),
        }.__getitem__,
        "reason": "reason",
    }
    search_fields = ("case_number", "description")

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["q"].label = "Search by case number or description"
        self.fields["state"] = choice_field(
            "State", [("held", "Held"), ("released", "Released")], every="Every hold"
        )
        self.fields["reason"] = choice_field(
            "Reason", LegalHold.Reason.choices, every="Every reason"
        )


DEAD_LETTER_COLUMNS = [
    Column("Received", "received", ("received_at",)),
    Column("Camera", "camera", (natural("camera__name"),)),
    Column("Format", "format", ("vendor",)),
    Column("Problem"),
    Column("State", "replayed", ("replayed_at",)),
]


class DeadLetterFilterForm(FilterForm):
    """Narrow the dead letters: waiting or replayed, by format, or by camera name."""

    lookups = {
        "state": {
            "waiting": Q(replayed_at__isnull=True),
            "replayed": Q(replayed_at__isnull=False),
        }.__getitem__,
        "format": "vendor",
    }
    search_fields = ("camera__name",)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["q"].label = "Search by camera name"
        self.fields["state"] = choice_field(
            "State", [("waiting", "Waiting"), ("replayed", "Replayed")], every="Every state"
        )
        self.fields["format"] = choice_field("Format", Camera.Format.choices, every="Every format")
