"""A vendor post as bytes and parts (camera_ingest/vendors/base.Body), built the same way from a
live request and from a dead letter's stored body, so a replay parses exactly what arrived."""

import io

from django.conf import settings
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler
from django.http import QueryDict
from django.http.multipartparser import MultiPartParser

from camera_ingest.vendors.base import Body

# Never kept in a dead letter or shown on the camera page.
SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "x-api-key", "x-auth-token"}
)


def request_headers(meta: dict) -> dict[str, str]:
    """The request's headers, lower-case, without credentials."""
    headers = {}
    for key, value in meta.items():
        if key.startswith("HTTP_"):
            name = key[5:].replace("_", "-").lower()
            if name not in SECRET_HEADERS:
                headers[name] = str(value)[:500]
    return headers


def body_from_raw(raw: bytes, content_type: str, headers: dict[str, str] | None = None) -> Body:
    """Parse form bodies (multipart or urlencoded) into fields and file parts; anything else
    stays raw. Django's MultiPartParserError propagates: the API answers it as a 400."""
    form: dict[str, str] = {}
    files: dict[str, bytes] = {}
    if content_type.startswith("multipart/form-data"):
        meta = {"CONTENT_TYPE": content_type, "CONTENT_LENGTH": str(len(raw))}
        handlers = [MemoryFileUploadHandler(), TemporaryFileUploadHandler()]
        post, uploads = MultiPartParser(meta, io.BytesIO(raw), handlers, "utf-8").parse()
        form = {key: post.get(key) for key in post}
        for name in uploads:
            upload = uploads[name]
            files[name] = upload.read(settings.INGEST_MAX_IMAGE_BYTES + 1)
    elif content_type.startswith("application/x-www-form-urlencoded"):
        query = QueryDict(raw, encoding="utf-8")
        form = {key: query.get(key) for key in query}
    return Body(raw=raw, content_type=content_type, form=form, files=files, headers=headers or {})
