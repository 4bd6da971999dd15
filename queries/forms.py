"""Browser forms of the search side. They parse what was typed into the shape the search service
and the purpose rules take (the same as the API's body); every policy decision stays there, so
the page and the API can never disagree."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from alpr_governance.violations import Violation
from queries.criteria import WRONG_TYPE
from queries.models import MisreadReport

PURPOSE_FIELDS = ("case_number", "purpose_category", "justification", "on_behalf_of")
# Where the search service's violation fields are shown on this form.
FIELD_FOR_VIOLATION = {
    "bbox": "west",
    "near": "near_lat",
    "near.radius_m": "radius_m",
    "camera_ids": "cameras",
}
DEFAULT_WINDOW = timedelta(days=7)
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=LOCAL_FORMAT, **kwargs)


class PurposeForm(forms.Form):
    """The four purpose fields of a search (53060.7(b)(4)-(6), 429.4, GO 5.42 A.9, 2.455)."""

    case_number = forms.CharField(
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    # The rules judge the category (unknown codes included), so the field does not.
    purpose_category = forms.CharField(required=False, label="Purpose", widget=forms.Select)
    justification = forms.CharField(
        required=False,
        max_length=2000,
        label="Specific reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The specific investigation and why this search serves it. No dates of birth, "
        "first names, criminal history or CLETS information.",
    )
    on_behalf_of = forms.CharField(
        required=False,
        max_length=200,
        label="Search for (employee)",
        help_text="The employee this search is made for (DOJ 429.4).",
    )

    def __init__(self, *args, categories=(), division=None, requires_on_behalf_of=False, **kw):
        super().__init__(*args, **kw)
        self.fields["purpose_category"].widget.choices = [("", "Choose…")] + [
            (c["code"], c["label"]) for c in categories
        ]
        if division is not None:
            self.fields[
                "case_number"
            ].help_text = f"Your division's case number, e.g. {division.case_number_example}."
        if not requires_on_behalf_of:
            del self.fields["on_behalf_of"]
        for name in PURPOSE_FIELDS:
            if name in self.fields:
                # The live check puts each problem in this box, beside its field; the help
                # (queries/_purpose_field.html) is read with it.
                described = [f"check-{name}"]
                if self.fields[name].help_text:
                    described.insert(0, f"{self[name].auto_id}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)

    def purpose_values(self) -> dict:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {name: (data.get(name) or "").strip() for name in PURPOSE_FIELDS}


class SearchForm(PurposeForm):
    plate = forms.CharField(
        required=False,
        max_length=40,
        help_text="Exact, or partial with ? for one character and * for any run (7AB*2).",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    state = forms.CharField(required=False, max_length=8, help_text="e.g. CA or US-NV")
    start = forms.DateTimeField(required=False, widget=LocalDateTimeInput(), label="From")
    end = forms.DateTimeField(required=False, widget=LocalDateTimeInput(), label="To")
    area = forms.ChoiceField(
        required=False,
        choices=[("", "Anywhere"), ("box", "Inside a box"), ("near", "Near a point")],
    )
    west = forms.FloatField(required=False)
    south = forms.FloatField(required=False)
    east = forms.FloatField(required=False)
    north = forms.FloatField(required=False)
    near_lat = forms.FloatField(required=False, label="Latitude")
    near_lon = forms.FloatField(required=False, label="Longitude")
    radius_m = forms.IntegerField(required=False, label="Radius (m)", initial=500)
    cameras = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text="Leave empty for every camera.",
    )
    misread_tolerant = forms.BooleanField(
        required=False,
        label="Also match likely misreads",
        help_text="The camera's other readings and the usual confusions (0/O/D/Q, 1/I, 2/Z, "
        "5/S, 6/G, 8/B); such results are marked.",
    )

    def __init__(self, *args, cameras=(), **kw):
        super().__init__(*args, **kw)
        self.fields["cameras"].choices = [(c.pk, c.name) for c in cameras]
        now = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["end"].initial = now
        self.fields["start"].initial = now - DEFAULT_WINDOW

    def input_violations(self) -> list[Violation]:
        """Fields that did not parse (a word in a number field), in the one violation shape."""
        return [
            Violation(WRONG_TYPE, name, str(message))
            for name, messages in self.errors.items()
            for message in messages
        ]

    def criteria(self) -> dict:
        """The search criteria in the API's shape (`POST /api/v1/searches`), from the fields
        that parsed."""
        data = getattr(self, "cleaned_data", {})
        raw: dict = {
            "plate": data.get("plate") or "",
            "state": data.get("state") or "",
            "start": data["start"].isoformat() if data.get("start") else "",
            "end": data["end"].isoformat() if data.get("end") else "",
            "misread_tolerant": bool(data.get("misread_tolerant")),
        }
        if data.get("area") == "box":
            raw["bbox"] = [data.get(k) for k in ("west", "south", "east", "north")]
        elif data.get("area") == "near":
            raw["near"] = {
                "lat": data.get("near_lat"),
                "lon": data.get("near_lon"),
                "radius_m": data.get("radius_m"),
            }
        if data.get("cameras"):
            raw["camera_ids"] = list(data["cameras"])
        return raw

    def add_violations(self, violations) -> None:
        """Show the service's violations beside the fields they name."""
        for violation in violations:
            field = FIELD_FOR_VIOLATION.get(violation.field or "", violation.field)
            self.add_error(field if field in self.fields else None, violation.message)


class MisreadReportForm(forms.Form):
    plate_seen = forms.CharField(
        required=False, max_length=16, label="Plate the photo shows (if legible)"
    )
    description = forms.CharField(
        max_length=2000,
        label="What does not match",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MisreadNoticeForm(forms.Form):
    notice_recipient = forms.CharField(
        max_length=200, label="Notified at the agency of record (name or unit)"
    )
    notice_method = forms.CharField(max_length=100, label="How (e-mail, phone, letter…)")
    notice_sent_at = forms.DateTimeField(
        required=False, widget=LocalDateTimeInput(), label="Sent at (empty: now)"
    )
    notice_note = forms.CharField(
        required=False, max_length=2000, label="Note", widget=forms.Textarea(attrs={"rows": 2})
    )


class MisreadCloseForm(forms.Form):
    resolution = forms.ChoiceField(
        choices=MisreadReport.Resolution.choices, widget=forms.RadioSelect
    )
    closing_note = forms.CharField(
        required=False,
        max_length=2000,
        label="Note (required when the read was correct)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
