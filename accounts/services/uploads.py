"""Checks of uploaded documents (signed agreements, approvals, certificates)."""

from django.core.exceptions import ValidationError

MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def file_type(upload) -> str | None:
    """PDF, PNG or JPEG by the file's first bytes, whatever its name says."""
    head = upload.read(16)
    upload.seek(0)
    return next((kind for magic, kind in SCAN_TYPES.items() if head.startswith(magic)), None)


def check_upload(upload, *, field: str, max_bytes: int = MAX_SCAN_BYTES) -> str:
    if upload.size > max_bytes:
        raise ValidationError(
            {
                field: f"The file is {upload.size // 1024} KB; the limit is {max_bytes // 1024 // 1024} MB."
            }
        )
    kind = file_type(upload)
    if kind is None:
        raise ValidationError({field: "Upload a PDF, PNG or JPEG file."})
    return kind
