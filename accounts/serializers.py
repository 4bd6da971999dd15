from rest_framework import serializers


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    otp = serializers.CharField(
        max_length=20, help_text="A current TOTP code or an unused backup code."
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class AgencySummarySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    preset = serializers.CharField()


class DivisionSummarySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    case_number_pattern = serializers.CharField()
    case_number_example = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField()
    # Null only for platform operators (superusers), who belong to no agency.
    agency = AgencySummarySerializer(allow_null=True)
    division = DivisionSummarySerializer(allow_null=True)


class DivisionSerializer(DivisionSummarySerializer):
    id = serializers.IntegerField()
    hiring_authority_name = serializers.CharField()


class UserSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    role = serializers.CharField()
    status = serializers.CharField()
    division = serializers.CharField(source="division.code")
    job_classification = serializers.CharField()
