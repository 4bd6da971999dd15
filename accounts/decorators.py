"""Doors of the browser pages by role; the answer comes from accounts.permissions."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts import permissions


def _role_door(allowed):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Pages for administrators and auditors; others get a plain 403.
administrative_role_required = _role_door(permissions.sees_administrative_pages)
# Pages where people are provisioned: agency and Division Administrators.
people_admin_required = _role_door(permissions.is_people_admin)
# Agency-wide pages: the agency's administrator.
agency_admin_required = _role_door(permissions.is_agency_admin)
# Read-only oversight of the agency's cameras and legal holds: its auditors and administrator.
agency_oversight_required = _role_door(permissions.sees_agency_oversight)
