"""Serializers of the sharing API: input shapes and the rows shown."""

from rest_framework import serializers

from sharing.models import Disclosure, LedgerEntry, PartnerAgency, PartnerKind, SharingAgreement


class PartnerSerializer(serializers.ModelSerializer):
    eligible = serializers.SerializerMethodField()
    refusals = serializers.SerializerMethodField()

    class Meta:
        model = PartnerAgency
        fields = [
            "id",
            "name",
            "jurisdiction_state",
            "kind",
            "contact",
            "system_agency",
            "verified_at",
            "verification_evidence",
            "eligible",
            "refusals",
        ]

    def _violations(self, partner):
        from sharing import services

        return services.partner_eligibility(
            sharing_agency=self.context["request"].user.agency, partner=partner
        )

    def get_eligible(self, partner) -> bool:
        return not self._violations(partner)

    def get_refusals(self, partner) -> list[dict]:
        return [v.as_dict() for v in self._violations(partner)]


class PartnerInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    jurisdiction_state = serializers.CharField(max_length=2)
    kind = serializers.ChoiceField(choices=PartnerKind.choices)
    contact = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    verification_evidence = serializers.CharField(allow_blank=True, default="")


class AgreementSerializer(serializers.ModelSerializer):
    grantor = serializers.CharField(source="agency.name")
    grantee_name = serializers.CharField(source="grantee.name")
    active = serializers.SerializerMethodField()

    class Meta:
        model = SharingAgreement
        fields = [
            "id",
            "grantor",
            "grantee",
            "grantee_name",
            "purpose",
            "starts_on",
            "ends_on",
            "approved_at",
            "revoked_at",
            "revoke_reason",
            "active",
        ]

    def get_active(self, agreement) -> bool:
        return agreement.is_active()


class AgreementInputSerializer(serializers.Serializer):
    partner = serializers.IntegerField()
    purpose = serializers.CharField(allow_blank=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, default="")


class DisclosureSerializer(serializers.ModelSerializer):
    partner_name = serializers.CharField(source="partner.name")

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "partner",
            "partner_name",
            "requester_name",
            "purpose",
            "need",
            "case_number",
            "plate",
            "window_start",
            "window_end",
            "status",
            "decision_reason",
            "method",
            "export_sha256",
            "read_count",
            "destroy_by",
            "purged_at",
        ]


class DisclosureInputSerializer(serializers.Serializer):
    partner = serializers.IntegerField()
    requester_name = serializers.CharField(allow_blank=True, max_length=200)
    requester_contact = serializers.CharField(allow_blank=True, default="", max_length=300)
    purpose = serializers.CharField(allow_blank=True, default="")
    need = serializers.CharField(allow_blank=True, default="")
    case_number = serializers.CharField(allow_blank=True, default="", max_length=100)
    plate = serializers.CharField(allow_blank=True, default="", max_length=20)
    window_start = serializers.DateTimeField()
    window_end = serializers.DateTimeField()


class DecisionInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "deny"])
    reason = serializers.CharField(allow_blank=True, default="")
    method = serializers.ChoiceField(choices=Disclosure.Method.choices, required=False)
    original_email = serializers.FileField(required=False)


class LedgerEntrySerializer(serializers.ModelSerializer):
    sharing_agency = serializers.CharField(source="agency.name")

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "at",
            "kind",
            "sharing_agency",
            "partner_name",
            "actor_username",
            "case_number",
            "purpose",
            "read_count",
            "agreement_id",
            "disclosure_id",
            "search_request_id",
            "codes",
            "row_hash",
        ]
