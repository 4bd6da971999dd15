"""Camera ingest: POST /api/v1/ingest/reads, authenticated by the camera's secret."""

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

from alpr_governance.api_errors import ApiError, ApiRefusal, request_refusal
from camera_ingest import services
from camera_ingest.authentication import CameraSecretAuthentication, StoreUnavailable
from camera_ingest.models import Camera
from camera_ingest.serializers import IngestResultSerializer, ReadBatchSerializer
from camera_ingest.vendors.base import VendorError, load_json


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


def content_length(request) -> int:
    """The declared body size; a value that is not a number is the client's error, not ours."""
    text = request.META.get("CONTENT_LENGTH") or "0"
    if not (text.isascii() and text.strip().isdigit()):
        _refuse(
            "bad_content_length",
            "Content-Length is not a number of bytes.",
            status.HTTP_400_BAD_REQUEST,
        )
    return int(text)


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
        length = content_length(request)
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
            payload = load_json(payload_text)
        except VendorError as error:
            _refuse(error.code, error.message, status.HTTP_400_BAD_REQUEST)
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
            # str.isdigit() is true for "²", which int() refuses: ASCII digits only.
            if not (index_text.isascii() and index_text.isdigit()):
                _refuse("unknown_field", f"Part {name!r}: name images <index>.<kind>.", 400, name)
            # The body limit bounds what this reads; rules.check_image refuses an oversized one.
            images.setdefault(int(index_text), []).append((kind, upload.read()))
        return payload, images


class IngestVendorView(APIView):
    """`POST /api/v1/ingest/<vendor>`: a vendor device's own format (issue 12), with the same
    camera credentials as our format (or `?token=`). A payload that cannot be stored is kept
    as a dead letter; heartbeats and events without a plate are acknowledged (200)."""

    authentication_classes = [CameraSecretAuthentication]
    permission_classes = [IsCamera]
    throttle_classes = [CameraThrottle]
    parser_classes = [RawBodyParser]

    @extend_schema(
        request={"application/json": dict, "multipart/form-data": dict, "application/xml": str},
        responses={
            200: OpenApiResponse(description="Heartbeat or an event without a plate: no read."),
            201: OpenApiResponse(description="Reads stored (accepted, duplicates, merged)."),
            400: OpenApiResponse(description="Not this vendor's format, or no read valid."),
            401: OpenApiResponse(description="Unknown or revoked camera secret."),
            404: OpenApiResponse(description="No such vendor format."),
            413: OpenApiResponse(description="Body over the limit."),
            503: OpenApiResponse(description="Store unavailable: nothing stored, retry."),
        },
    )
    def post(self, request, vendor: str):
        from camera_ingest.receive import body_from_raw, request_headers
        from camera_ingest.vendors import PARSERS
        from camera_ingest.vendors.base import Body

        camera: Camera = request.auth
        if vendor not in PARSERS:
            _refuse("unknown_vendor", f"No vendor format {vendor[:40]!r}.", 404, "vendor")
        length = content_length(request)
        content_type = request.META.get("CONTENT_TYPE", "")
        headers = request_headers(request.META)
        # Django refuses to read a body past its own limit, so the lower of the two applies.
        limit = min(
            settings.INGEST_MAX_BODY_BYTES,
            settings.DATA_UPLOAD_MAX_MEMORY_SIZE or settings.INGEST_MAX_BODY_BYTES,
        )
        if length > limit:
            kept = request._request.read(services.DEAD_LETTER_MAX_BYTES)
            error = {
                "code": "body_too_large",
                "field": None,
                "message": f"The body is {length} bytes; the limit is {limit}.",
            }
            letter = services.dead_letter_record(
                camera=camera,
                vendor=vendor,
                body=Body(raw=kept, content_type=content_type, headers=headers),
                body_size=length,
                status_code=413,
                errors=[error],
            )
            return Response({"errors": [error], "dead_letter": letter.pk}, status=413)
        raw = request._request.body
        try:
            body = body_from_raw(raw, content_type, headers)
        except Exception as error:
            refusal = request_refusal(error)
            if refusal is None:
                raise
            status_code, api_error = refusal
            letter = services.dead_letter_record(
                camera=camera,
                vendor=vendor,
                body=Body(raw=raw, content_type=content_type, headers=headers),
                body_size=len(raw),
                status_code=status_code,
                errors=[api_error.as_dict()],
            )
            return Response(
                {"errors": [api_error.as_dict()], "dead_letter": letter.pk}, status=status_code
            )
        try:
            result = services.vendor_post_ingest(camera=camera, vendor=vendor, body=body)
        except (DatabaseError, psycopg.OperationalError, psycopg.InterfaceError) as error:
            raise StoreUnavailable() from error
        return Response(result.as_dict(), status=result.status)
