"""JSON API of sharing: the same services as the pages, the one error shape."""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import permissions
from alpr_governance.api_errors import ApiRefusal
from alpr_governance.client import client_address
from sharing import selectors, services
from sharing.serializers import (
    AgreementInputSerializer,
    AgreementSerializer,
    DecisionInputSerializer,
    DisclosureInputSerializer,
    DisclosureSerializer,
    LedgerEntrySerializer,
    PartnerInputSerializer,
    PartnerSerializer,
    ReasonSerializer,
)


def _refused(refusal: services.SharingRefused) -> ApiRefusal:
    forbidden = {services.NOT_ADMINISTRATOR, services.OWN_REQUEST}
    codes = {v.code for v in refusal.violations}
    code = status.HTTP_403_FORBIDDEN if codes & forbidden else status.HTTP_400_BAD_REQUEST
    if codes == {services.NOT_PENDING}:
        code = status.HTTP_409_CONFLICT
    return ApiRefusal(list(refusal.violations), status_code=code)


class _Administrative:
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not permissions.sees_administrative_pages(request.user):
            raise PermissionDenied


class PartnersView(_Administrative, generics.ListAPIView):
    """The agency's partner registry with computed eligibility (GET); record a partner (POST)."""

    serializer_class = PartnerSerializer

    def get_queryset(self):
        return selectors.partner_list_for(user=self.request.user)

    @extend_schema(request=PartnerInputSerializer, responses={201: PartnerSerializer})
    def post(self, request):
        data = PartnerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            partner = services.partner_record(
                actor=request.user, client_address=client_address(request), **data.validated_data
            )
        except services.SharingRefused as refusal:
            raise _refused(refusal) from refusal
        body = PartnerSerializer(partner, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class AgreementsView(_Administrative, generics.ListAPIView):
    """Agreements granted by or to the agency (GET); approve a new one (POST)."""

    serializer_class = AgreementSerializer

    def get_queryset(self):
        return selectors.agreement_list_for(user=self.request.user)

    @extend_schema(request=AgreementInputSerializer, responses={201: AgreementSerializer})
    def post(self, request):
        data = AgreementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        partner = selectors.partner_get_for(user=request.user, pk=fields.pop("partner"))
        try:
            agreement = services.agreement_approve(
                actor=request.user,
                partner=partner,
                client_address=client_address(request),
                **fields,
            )
        except services.SharingRefused as refusal:
            raise _refused(refusal) from refusal
        return Response(AgreementSerializer(agreement).data, status=status.HTTP_201_CREATED)


class AgreementRevokeView(_Administrative, APIView):
    @extend_schema(request=ReasonSerializer, responses={200: AgreementSerializer})
    def post(self, request, pk: int):
        agreement = selectors.agreement_granted_get_for(user=request.user, pk=pk)
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            agreement = services.agreement_revoke(
                actor=request.user,
                agreement=agreement,
                reason=data.validated_data["reason"],
                client_address=client_address(request),
            )
        except services.SharingRefused as refusal:
            raise _refused(refusal) from refusal
        return Response(AgreementSerializer(agreement).data)


class DisclosuresView(_Administrative, generics.ListAPIView):
    """The agency's disclosures (GET); record a partner's request (POST)."""

    serializer_class = DisclosureSerializer

    def get_queryset(self):
        return selectors.disclosure_list_for(user=self.request.user)

    @extend_schema(request=DisclosureInputSerializer, responses={201: DisclosureSerializer})
    def post(self, request):
        data = DisclosureInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        partner = selectors.partner_get_for(user=request.user, pk=fields.pop("partner"))
        try:
            disclosure = services.disclosure_request(
                actor=request.user,
                partner=partner,
                client_address=client_address(request),
                **fields,
            )
        except services.SharingRefused as refusal:
            raise _refused(refusal) from refusal
        return Response(DisclosureSerializer(disclosure).data, status=status.HTTP_201_CREATED)


class DisclosureDecisionView(_Administrative, APIView):
    """Approve (with the method, and the original .eml for e-mail) or deny, with a reason."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=DecisionInputSerializer, responses={200: DisclosureSerializer})
    def post(self, request, pk: int):
        disclosure = selectors.disclosure_get_for(user=request.user, pk=pk)
        data = DecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        try:
            if fields["decision"] == "approve":
                disclosure = services.disclosure_approve(
                    actor=request.user,
                    disclosure=disclosure,
                    reason=fields["reason"],
                    method=fields.get("method", ""),
                    original_email=fields.get("original_email"),
                    client_address=client_address(request),
                )
            else:
                disclosure = services.disclosure_deny(
                    actor=request.user,
                    disclosure=disclosure,
                    reason=fields["reason"],
                    client_address=client_address(request),
                )
        except services.SharingRefused as refusal:
            raise _refused(refusal) from refusal
        return Response(DisclosureSerializer(disclosure).data)


class LedgerView(_Administrative, generics.ListAPIView):
    """Ledger entries of the agency and those naming it, newest first."""

    serializer_class = LedgerEntrySerializer

    def get_queryset(self):
        filters = {
            key: self.request.query_params.get(key)
            for key in ("kind", "partner", "case_number")
            if self.request.query_params.get(key)
        }
        return selectors.ledger_list_for(user=self.request.user, filters=filters).select_related(
            "agency"
        )
