"""Uploaded files kept inert: typed by their content, named by the server, served as attachments.

Certificates and agreement scans come from people we do not fully trust (an end user uploads
their own certificate; an administrator opens it in a session that can rotate camera secrets).
A file whose first bytes say "PDF" may still be an HTML page or a script, and a browser that
is told `text/html` (from the uploader's `.html` name) or that sniffs will run it on our
origin. So the uploader's name is thrown away at upload, the type is only ever the one read
from the content, and every download goes through `inert_download`, which tells the browser
to save the file, not to sniff it and, if it renders it anyway, to sandbox it (no script, no
same-origin). Packets and exports use the same helper.
"""

import re
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.http import FileResponse

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    name: str
    content_type: str
    extension: str
    magic: bytes


PDF = FileKind("PDF", "application/pdf", "pdf", b"%PDF-")
PNG = FileKind("PNG", "image/png", "png", b"\x89PNG\r\n\x1a\n")
JPEG = FileKind("JPEG", "image/jpeg", "jpg", b"\xff\xd8\xff")
UPLOAD_KINDS = (PDF, PNG, JPEG)
# What a stored file that no longer sniffs as one of the kinds is served as: bytes, never a page.
UNKNOWN = FileKind("file", "application/octet-stream", "bin", b"")

_UNSAFE_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9_-]+")


def sniff(fileobj, kinds: tuple[FileKind, ...] = UPLOAD_KINDS) -> FileKind | None:
    """The kind the file's first bytes announce, whatever its name or declared type say."""
    position = fileobj.tell() if hasattr(fileobj, "tell") else 0
    head = fileobj.read(16)
    fileobj.seek(position)
    return next((kind for kind in kinds if head.startswith(kind.magic)), None)


def inert_upload(upload, *, field: str, max_bytes: int = MAX_UPLOAD_BYTES):
    """Check an upload's size and content type and rename it `<random>.<sniffed extension>`.

    Raises ValidationError keyed by `field`. Returns the same upload object, renamed, ready to
    assign to a FileField (whose upload_to folder is kept).
    """
    if upload.size > max_bytes:
        raise ValidationError(
            {
                field: f"The file is {upload.size // 1024} KB; "
                f"the limit is {max_bytes // 1024 // 1024} MB."
            }
        )
    kind = sniff(upload)
    if kind is None:
        names = ", ".join(k.name for k in UPLOAD_KINDS[:-1]) + f" or {UPLOAD_KINDS[-1].name}"
        raise ValidationError({field: f"Upload a {names} file."})
    upload.name = f"{uuid.uuid4().hex}.{kind.extension}"
    return upload


def inert_download(field_file, *, download_name: str | None = None) -> FileResponse:
    """Serve a stored file as an attachment typed by its content, never rendered on our origin.

    Files stored before names were server-made keep their uploader's name on disk; the name
    offered here is rebuilt from its letters and the sniffed extension, so an `.html` never
    comes back as one.
    """
    handle = field_file.open("rb")
    kind = sniff(handle) or UNKNOWN
    stem = PurePosixPath(download_name or field_file.name).stem
    safe_stem = _UNSAFE_NAME_CHARACTERS.sub("-", stem).strip("-")[:80] or "file"
    filename = f"{safe_stem}.{kind.extension}"
    response = FileResponse(handle, content_type=kind.content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
