"""Shapes of the search API (documentation and output). Input is parsed by the services, so that
bad input to a search is a refused, recorded attempt with coded violations, never a bare 400."""

from rest_framework import serializers

from queries.models import SearchRequest


class PurposeSerializer(serializers.Serializer):
    case_number = serializers.CharField(required=False, allow_blank=True, max_length=100)
    purpose_category = serializers.CharField(required=False, allow_blank=True, max_length=60)
    justification = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    on_behalf_of = serializers.CharField(required=False, allow_blank=True, max_length=200)


class PurposeCheckResultSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    violations = serializers.ListField(child=serializers.DictField())


class PurposeCategorySerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class NearSerializer(serializers.Serializer):
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    radius_m = serializers.FloatField()


class SearchInputSerializer(PurposeSerializer):
    plate = serializers.CharField(
        required=False, allow_blank=True, help_text="Exact plate, or partial with ? and *."
    )
    state = serializers.CharField(required=False, allow_blank=True, help_text='"CA" or "US-CA".')
    start = serializers.DateTimeField(help_text="ISO 8601 with zone.")
    end = serializers.DateTimeField(help_text="ISO 8601 with zone.")
    bbox = serializers.ListField(
        child=serializers.FloatField(),
        min_length=4,
        max_length=4,
        required=False,
        help_text="[west, south, east, north] in degrees.",
    )
    near = NearSerializer(required=False)
    camera_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    misread_tolerant = serializers.BooleanField(required=False, default=False)


class SearchHitSerializer(serializers.Serializer):
    """One read as a search result."""

    id = serializers.IntegerField(source="read.id")
    plate = serializers.CharField(source="read.plate")
    state = serializers.CharField(source="read.region", allow_null=True)
    seen_at = serializers.DateTimeField(source="read.seen_at")
    camera = serializers.CharField(source="camera_name")
    agency = serializers.IntegerField(source="read.agency_id")
    lat = serializers.FloatField(source="read.latitude")
    lon = serializers.FloatField(source="read.longitude")
    confidence = serializers.FloatField(source="read.confidence", allow_null=True)
    image_url = serializers.SerializerMethodField()
    matched_by = serializers.CharField(
        help_text='"exact"; with misread_tolerant also "candidate" or "ocr_confusion".'
    )

    def get_image_url(self, hit) -> str | None:
        if not hit.read.image_count:
            return None
        url = f"/api/v1/reads/{hit.read.id}/photo?kind=plate"
        search_id = self.context.get("search_id")
        return f"{url}&search={search_id}" if search_id else url


class SearchResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The access record of this search.")
    count = serializers.IntegerField(help_text="Reads matching (counted up to a ceiling).")
    results = SearchHitSerializer(many=True)
    next = serializers.CharField(allow_null=True, help_text="The next page, newest first.")


class SearchRecordSerializer(serializers.ModelSerializer):
    """A past search of one's own, as its access record holds it."""

    class Meta:
        model = SearchRequest
        fields = [
            "id",
            "kind",
            "at",
            "username",
            "on_behalf_of",
            "case_number",
            "purpose_category",
            "justification",
            "criteria",
            "outcome",
            "refusal_codes",
            "result_count",
            "read_ids",
        ]


class SearchDetailSerializer(serializers.Serializer):
    search = SearchRecordSerializer()
    results = SearchHitSerializer(many=True, help_text="The reads it returned still in the store.")


class ReadDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="read.id")
    plate = serializers.CharField(source="read.plate")
    plate_raw = serializers.CharField(source="read.plate_raw", allow_null=True)
    candidates = serializers.JSONField(source="read.candidates", allow_null=True)
    state = serializers.CharField(source="read.region", allow_null=True)
    seen_at = serializers.DateTimeField(source="read.seen_at")
    camera = serializers.CharField(source="camera_name")
    agency = serializers.IntegerField(source="read.agency_id")
    lat = serializers.FloatField(source="read.latitude")
    lon = serializers.FloatField(source="read.longitude")
    confidence = serializers.FloatField(source="read.confidence", allow_null=True)
    vehicle = serializers.JSONField(source="read.vehicle", allow_null=True)
    images = serializers.ListField(child=serializers.CharField())
    view_record = serializers.IntegerField(source="record.id", allow_null=True)
