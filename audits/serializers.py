from rest_framework import serializers

from audits.models import AuditCycle, AuditItem


class AuditItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditItem
        fields = [
            "id",
            "kind",
            "code",
            "title",
            "explanation",
            "subject_username",
            "search_ids",
            "system_fault",
            "disposition",
            "note",
            "disposed_at",
        ]


class AuditCycleSerializer(serializers.ModelSerializer):
    division = serializers.CharField(source="division.code")
    auditor = serializers.CharField(source="auditor.username", default=None)
    signed_by = serializers.CharField(source="signed_by.username", default=None)

    class Meta:
        model = AuditCycle
        fields = [
            "id",
            "division",
            "period_start",
            "period_end",
            "state",
            "origin",
            "auditor",
            "seed",
            "sample_size",
            "progress",
            "compiled_at",
            "signed_by",
            "signed_at",
            "reported_at",
            "retain_until",
        ]


class AuditCycleDetailSerializer(AuditCycleSerializer):
    items = AuditItemSerializer(many=True, read_only=True)
    figures = serializers.SerializerMethodField()

    class Meta(AuditCycleSerializer.Meta):
        fields = [*AuditCycleSerializer.Meta.fields, "figures", "items"]

    def get_figures(self, cycle) -> dict:
        figures = (cycle.compiled or {}).get("figures", {})
        return {k: v for k, v in figures.items() if not isinstance(v, list)}
