"""DRF authentication of cameras by their secret: `Authorization: Bearer cam_...`, or a `token`
query parameter for vendor devices that cannot set a header (issue 12). The query form puts the
secret in URLs, which proxies may log: the header is preferred, and docs/api.md says so."""

from django.db import DatabaseError
from rest_framework import authentication, exceptions, status

from camera_ingest.models import CAMERA_SECRET_PREFIX


class StoreUnavailable(exceptions.APIException):
    """The database cannot be reached: the camera keeps the reads and retries."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "store_unavailable"
    default_detail = "The read store is unavailable; nothing was stored. Retry later."


class CameraSecretAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        from camera_ingest.services import camera_authenticate

        header = authentication.get_authorization_header(request).decode("latin-1")
        scheme, _, secret = header.partition(" ")
        secret = secret.strip()
        if not header:
            scheme, secret = self.keyword, request.query_params.get("token", "").strip()
        if scheme != self.keyword or not secret.startswith(CAMERA_SECRET_PREFIX):
            return None
        try:
            camera = camera_authenticate(secret)
        except DatabaseError as error:
            raise StoreUnavailable() from error
        if camera is None or camera.is_revoked:
            raise exceptions.AuthenticationFailed(
                "Unknown or revoked camera secret.", code="invalid_camera_secret"
            )
        if not camera.enabled:
            raise exceptions.PermissionDenied(
                "This camera is disabled by its agency.", code="camera_disabled"
            )
        return None, camera  # no user: request.auth is the camera

    def authenticate_header(self, request):
        return self.keyword
