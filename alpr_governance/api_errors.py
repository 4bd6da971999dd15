"""The one error shape of the API: {"errors": [{"code", "field", "message"}]}.

Every DRF error, our policy refusals, Http404 and PermissionDenied pass through
`exception_handler`, so no endpoint can answer an error in another shape.
"""

import logging

from django import db
from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.urls import Resolver404, resolve
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from alpr_governance.violations import Violation

logger = logging.getLogger(__name__)


def ApiError(*, code: str, message: str, field: str | None = None) -> Violation:
    """An API error is a violation: the same {code, field, message} everywhere."""
    return Violation(code=code, field=field, message=message)


class ApiRefusal(exceptions.APIException):
    """A refusal carrying one or more coded errors, e.g. policy violations or gate reasons."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"

    def __init__(self, errors: list[ApiError], status_code: int | None = None):
        self.errors = errors
        if status_code is not None:
            self.status_code = status_code
        super().__init__(detail=[e.message for e in errors])


def errors_response(errors: list[ApiError], status_code: int, headers=None) -> Response:
    return Response({"errors": [e.as_dict() for e in errors]}, status=status_code, headers=headers)


def _flatten_validation(detail, field: str | None = None) -> list[ApiError]:
    """Turn DRF's nested ValidationError detail into flat errors with dotted field paths."""
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            name = None if key == "non_field_errors" else key
            path = f"{field}.{name}" if field and name else (name or field)
            errors.extend(_flatten_validation(value, path))
        return errors
    if isinstance(detail, list):
        errors = []
        for index, item in enumerate(detail):
            if isinstance(item, dict | list):
                errors.extend(
                    _flatten_validation(item, f"{field}.{index}" if field else str(index))
                )
            else:
                errors.extend(_flatten_validation(item, field))
        return errors
    code = getattr(detail, "code", None) or "invalid"
    return [ApiError(code=str(code), field=field, message=str(detail))]


# Django's own refusals of a request body, which it would otherwise answer with an HTML page
# (issue 9, item 5): the most specific class first, since the limits are SuspiciousOperations.
_REQUEST_REFUSALS = (
    (
        RequestDataTooBig,
        413,
        "body_too_large",
        "The body is over the server's upload limit (DATA_UPLOAD_MAX_MEMORY_SIZE).",
    ),
    (
        TooManyFieldsSent,
        413,
        "too_many_fields",
        "The body has more fields than the server accepts (DATA_UPLOAD_MAX_NUMBER_FIELDS).",
    ),
    (
        TooManyFilesSent,
        413,
        "too_many_files",
        "The body has more files than the server accepts (DATA_UPLOAD_MAX_NUMBER_FILES).",
    ),
    (MultiPartParserError, 400, "malformed_multipart", "The multipart body cannot be parsed."),
    (BadRequest, 400, "bad_request", "The request cannot be read."),
    (SuspiciousOperation, 400, "bad_request", "The request cannot be read."),
)


def request_refusal(exc) -> tuple[int, ApiError] | None:
    """The status and error for Django's refusal of a body, or None for anything else."""
    for kind, status_code, code, message in _REQUEST_REFUSALS:
        if isinstance(exc, kind):
            detail = str(exc) if kind is MultiPartParserError and str(exc) else message
            return status_code, ApiError(code=code, message=detail)
    return None


def exception_handler(exc, context):
    if isinstance(exc, (db.OperationalError, db.InterfaceError)):
        # The database is down or restarting: the request's transaction did not commit, so the
        # client may retry (cameras do, and a retried read is a duplicate, never a second row).
        logger.warning("API request refused with 503: database unavailable (%s)", exc)
        error = ApiError(
            code="service_unavailable",
            message="The database is unavailable; nothing was stored. Retry shortly.",
        )
        return errors_response([error], status.HTTP_503_SERVICE_UNAVAILABLE, {"Retry-After": "5"})
    refusal = request_refusal(exc)
    if refusal is not None:
        return errors_response([refusal[1]], refusal[0])
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, ApiRefusal):
        return errors_response(exc.errors, exc.status_code)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real server error: let Django log it and answer 500

    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten_validation(exc.detail)
    else:
        detail = exc.detail
        code = getattr(detail, "code", None) or exc.default_code
        errors = [ApiError(code=str(code), field=None, message=str(detail))]
    response.data = {"errors": [e.as_dict() for e in errors]}
    return response


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _json_error(code: str, message: str, status_code: int):
    from django.http import JsonResponse

    error = ApiError(code=code, message=message)
    return JsonResponse({"errors": [error.as_dict()]}, status=status_code)


def handler404(request, exception=None):
    """URLs that match no route, records not there (or not yours): JSON under /api/, our page
    (templates/404.html: the header and a way home) elsewhere."""
    if _is_api(request):
        return _json_error("not_found", "No such endpoint.", 404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception, template_name="404.html")


def handler403(request, exception=None):
    """PermissionDenied outside DRF's views: JSON under /api/, templates/403.html elsewhere."""
    if _is_api(request):
        return _json_error(
            "permission_denied", "You do not have permission to perform this action.", 403
        )
    from django.views.defaults import permission_denied

    return permission_denied(request, exception, template_name="403.html")


def handler400(request, exception=None):
    """Django's 400s (a body over its limits, malformed multipart) outside DRF's views: JSON
    under /api/, Django's page elsewhere."""
    if _is_api(request):
        status_code, error = request_refusal(exception) or (
            400,
            ApiError(code="bad_request", message="The request cannot be read."),
        )
        return _json_error(error.code, error.message, status_code)
    from django.views.defaults import bad_request

    return bad_request(request, exception)


def handler500(request):
    if _is_api(request):
        return _json_error("server_error", "Something went wrong on our side; it is logged.", 500)
    from django.views.defaults import server_error

    return server_error(request)


class NotFoundPageMiddleware:
    """Our 404 page even with DEBUG on (`make run`): Django answers a 404 under DEBUG with its
    technical page (the URL patterns, the settings hint) and never calls handler404, so a
    developer would see a page no user ever does. The last middleware, so the person is known
    and the header shows their menu; with DEBUG off Django calls handler404 itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG:
            try:
                resolve(request.path_info, urlconf=getattr(request, "urlconf", None))
            except Resolver404 as exc:
                return handler404(request, exc)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return handler404(request, exception)
        return None
