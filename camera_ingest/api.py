"""Camera ingest: POST /api/v1/ingest/reads, authenticated by the camera's secret."""

import json

import psycopg
from django.conf import settings
from django.db import DatabaseError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import BaseParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from alpr_governance.api_errors import ApiError, ApiRefusal
from camera_ingest import services
from camera_ingest.authentication import CameraSecretAuthentication, StoreUnavailable
from camera_ingest.models import Camera
from camera_ingest.serializers import IngestResultSerializer, ReadBatchSerializer


class IsCamera(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, Camera)


class CameraThrottle(SimpleRateThrottle):
    scope = "camera"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class RawBodyParser(BaseParser):
    """The view reads the body itself, after checking its size."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return None


def _refuse(code: str, message: str, status_code: int, field: str | None = None):
    raise ApiRefusal([ApiError(code=code, message=message, field=field)], status_code=status_code)


class IngestReadsView(APIView):
    """Store one read or a batch `{"reads": [...]}`; multipart: a `payload` part with that JSON
    and image parts named `<index>.plate` / `<index>.overview`."""

    authentication_classes = [CameraSecretAuthentication]
    permission_classes = [IsCamera]
    throttle_classes = [CameraThrottle]
    parser_classes = [RawBodyParser]

    @extend_schema(
        request=ReadBatchSerializer,
        responses={
            201: IngestResultSerializer,
            400: OpenApiResponse(description="Nothing valid: every read rejected, or bad JSON."),
            401: OpenApiResponse(description="Unknown or revoked camera secret."),
            403: OpenApiResponse(description="Camera disabled."),
            413: OpenApiResponse(description="Body or batch over the limit."),
            429: OpenApiResponse(description="Too many posts from this camera."),
            503: OpenApiResponse(description="Store unavailable: nothing stored, retry."),
        },
    )
    def post(self, request):
        camera: Camera = request.auth
        reads, images = self._reads(request)
        try:
            result = services.reads_ingest(camera=camera, reads=reads, extra_images=images)
        except (DatabaseError, psycopg.OperationalError, psycopg.InterfaceError) as error:
            # The COPY runs on psycopg's own cursor, whose errors Django does not wrap.
            raise StoreUnavailable() from error
        body = result.as_dict()
        if result.accepted == 0 and result.duplicates == 0:
            errors = [
                {**error, "field": f"reads.{item['index']}.{error['field']}".rstrip(".")}
                for item in result.rejected
                for error in item["errors"]
            ]
            return Response({"errors": errors, **body}, status=status.HTTP_400_BAD_REQUEST)
        return Response(body, status=status.HTTP_201_CREATED)

    def _reads(self, request) -> tuple[list, dict]:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > settings.INGEST_MAX_BODY_BYTES:
            _refuse(
                "body_too_large",
                f"The body is {length} bytes; the limit is {settings.INGEST_MAX_BODY_BYTES}.",
                status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            )
        content_type = request.META.get("CONTENT_TYPE", "")
        images: dict[int, list] = {}
        if content_type.startswith("multipart/form-data"):
            payload_text, images = self._multipart(request._request)
        else:
            payload_text = request._request.body
        try:
            payload = json.loads(payload_text)
        except (ValueError, UnicodeDecodeError):
            _refuse("malformed_json", "The body is not valid JSON.", status.HTTP_400_BAD_REQUEST)
        if isinstance(payload, dict) and "reads" in payload:
            reads = payload["reads"]
            if not isinstance(reads, list):
                _refuse(
                    "wrong_type", '"reads" must be a list.', status.HTTP_400_BAD_REQUEST, "reads"
                )
        else:
            reads = [payload]
        if not reads:
            _refuse("required", "The batch holds no reads.", status.HTTP_400_BAD_REQUEST, "reads")
        if len(reads) > settings.INGEST_MAX_BATCH:
            _refuse(
                "batch_too_large",
                f"{len(reads)} reads in one post; the limit is {settings.INGEST_MAX_BATCH}.",
                status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
                "reads",
            )
        return reads, images

    def _multipart(self, django_request) -> tuple[str, dict]:
        payload = django_request.POST.get("payload")
        if payload is None:
            _refuse("required", 'A multipart post needs a "payload" part.', 400, "payload")
        images: dict[int, list] = {}
        for name, upload in django_request.FILES.items():
            index_text, _, kind = name.partition(".")
            if not index_text.isdigit():
                _refuse("unknown_field", f"Part {name!r}: name images <index>.<kind>.", 400, name)
            # The body limit bounds what this reads; rules.check_image refuses an oversized one.
            images.setdefault(int(index_text), []).append((kind, upload.read()))
        return payload, images
