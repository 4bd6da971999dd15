"""JSON API of accounts: personal tokens, the signed-in user, divisions and users in scope."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.models import ApiToken
from accounts.serializers import (
    DivisionSerializer,
    MeSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UserSummarySerializer,
)
from alpr_governance.api_errors import ApiError, ApiRefusal
from alpr_governance.client import client_address

_REFUSAL_STATUS = {
    "account_locked": status.HTTP_403_FORBIDDEN,
    "too_many_attempts": status.HTTP_429_TOO_MANY_REQUESTS,
}


class TokenThrottle(AnonRateThrottle):
    """Token requests per client address; the address is ours, not DRF's reading of the headers."""

    scope = "token"

    def get_ident(self, request):
        return client_address(request) or "unknown"


class TokenView(APIView):
    """Issue (POST) or revoke (DELETE) a personal API token."""

    def get_authenticators(self):
        if self.request is not None and self.request.method == "POST":
            return []
        return super().get_authenticators()

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return [IsAuthenticated()]

    def get_throttles(self):
        return [TokenThrottle()] if self.request.method == "POST" else []

    @extend_schema(request=TokenRequestSerializer, responses={201: TokenSerializer}, auth=[])
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            issued = services.api_token_issue(
                ip_address=client_address(request), **data.validated_data
            )
        except services.SignInRefused as refusal:
            raise ApiRefusal(
                [ApiError(code=refusal.code, message=refusal.message)],
                status_code=_REFUSAL_STATUS.get(refusal.code, status.HTTP_401_UNAUTHORIZED),
            ) from refusal
        return Response(TokenSerializer(issued).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        if not isinstance(request.auth, ApiToken):
            raise ApiRefusal(
                [
                    ApiError(
                        code="token_required", message="Revoke with the token itself as Bearer."
                    )
                ],
                status_code=status.HTTP_400_BAD_REQUEST,
            )
        services.api_token_revoke(api_token=request.auth, ip_address=client_address(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class AccessDecisionSerializer(serializers.Serializer):
    allowed = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.DictField())


class MeAccessView(APIView):
    """What the access gate says about the signed-in user now, with what to do about each reason."""

    @extend_schema(responses=AccessDecisionSerializer)
    def get(self, request):
        return Response(services.check_access(request.user, request).as_dict())


class DivisionListView(generics.ListAPIView):
    serializer_class = DivisionSerializer

    def get_queryset(self):
        return selectors.division_list_for(user=self.request.user).order_by("code")


class DivisionDetailView(generics.RetrieveAPIView):
    serializer_class = DivisionSerializer

    def get_object(self):
        return selectors.division_get_for(user=self.request.user, pk=self.kwargs["pk"])


class UserListView(generics.ListAPIView):
    serializer_class = UserSummarySerializer

    def get_queryset(self):
        return selectors.user_list_for(user=self.request.user).order_by("username")


class UserDetailView(generics.RetrieveAPIView):
    serializer_class = UserSummarySerializer

    def get_object(self):
        return selectors.user_get_for(user=self.request.user, pk=self.kwargs["pk"])
