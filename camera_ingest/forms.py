from django import forms

from camera_ingest.models import Camera, LegalHold


class CameraForm(forms.Form):
    name = forms.CharField(max_length=120)
    kind = forms.ChoiceField(choices=Camera.Kind.choices, initial=Camera.Kind.FIXED)
    latitude = forms.FloatField(
        required=False, min_value=-90, max_value=90, help_text="Fixed cameras: where it stands."
    )
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180)
    vendor_format = forms.ChoiceField(choices=Camera.Format.choices, label="Format")

    def clean(self):
        data = super().clean()
        if data.get("kind") == Camera.Kind.FIXED and (
            data.get("latitude") is None or data.get("longitude") is None
        ):
            raise forms.ValidationError("A fixed camera needs its latitude and longitude.")
        return data


class LegalHoldForm(forms.Form):
    case_number = forms.CharField(max_length=60)
    reason = forms.ChoiceField(choices=LegalHold.Reason.choices)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    read_ids = forms.CharField(
        required=False,
        label="Read ids",
        help_text="Comma- or space-separated. Or leave empty and give a plate and a time window.",
    )
    plate = forms.CharField(required=False, max_length=20)
    start = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    end = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def clean_read_ids(self) -> list[int]:
        text = self.cleaned_data["read_ids"].replace(",", " ")
        try:
            ids = [int(part) for part in text.split()]
        except ValueError:
            raise forms.ValidationError("Read ids are whole numbers.") from None
        if any(not 0 < read_id < 2**63 for read_id in ids):
            raise forms.ValidationError(
                "A read id is a positive whole number as shown on the read."
            )
        return ids

    def clean(self):
        data = super().clean()
        if not data.get("read_ids") and not (
            data.get("plate") and data.get("start") and data.get("end")
        ):
            raise forms.ValidationError(
                "Name reads by id, or give a plate with a start and an end."
            )
        return data


class ReleaseForm(forms.Form):
    release_reason = forms.CharField(
        label="Why the hold ends", widget=forms.Textarea(attrs={"rows": 2})
    )


def _time_zone_choices():
    from zoneinfo import available_timezones

    return [(name, name) for name in sorted(available_timezones()) if "/" in name or name == "UTC"]


class VendorConfigForm(forms.Form):
    """The format a camera posts in and the zone its zone-less times are read in (issue 12)."""

    vendor_format = forms.ChoiceField(choices=Camera.Format.choices, label="Format")
    time_zone = forms.ChoiceField(
        choices=_time_zone_choices,
        label="Camera time zone",
        help_text="Times the device sends without a zone are read in this zone.",
    )
