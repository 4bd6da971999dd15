"""Shapes of the ingest API, for the OpenAPI schema. Validation itself is camera_ingest/rules.py,
which is faster and collects every problem of every read in one pass."""

from rest_framework import serializers


class VehicleSerializer(serializers.Serializer):
    make = serializers.CharField(required=False)
    model = serializers.CharField(required=False)
    color = serializers.CharField(required=False)
    type = serializers.CharField(required=False)


class ImageSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["plate", "overview"])
    content_base64 = serializers.CharField(help_text="JPEG, PNG or WebP, base64.")


class ReadSerializer(serializers.Serializer):
    event_id = serializers.CharField(max_length=64, help_text="The camera's own id of the read.")
    plate = serializers.CharField(
        help_text="As read; stored normalised (upper case, no spaces or dashes)."
    )
    state = serializers.CharField(
        required=False,
        help_text="US state (CA), Canadian province (ON), Mexican state (BCN or MX-BCN), "
        "or country (DEU, GB).",
    )
    seen_at = serializers.DateTimeField(help_text="ISO 8601 with a UTC offset.")
    lat = serializers.FloatField(required=False, help_text="Required for mobile cameras.")
    lon = serializers.FloatField(required=False, help_text="Required for mobile cameras.")
    confidence = serializers.FloatField(required=False, help_text="0-1 or 0-100.")
    candidates = serializers.ListField(child=serializers.CharField(), required=False)
    vehicle = VehicleSerializer(required=False)
    images = ImageSerializer(many=True, required=False)


class ReadBatchSerializer(serializers.Serializer):
    reads = ReadSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class RejectedSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    errors = ErrorSerializer(many=True)


class IngestResultSerializer(serializers.Serializer):
    accepted = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    rejected = RejectedSerializer(many=True)
