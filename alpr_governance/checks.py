"""Deployment checks of our own, run by `manage.py check --deploy` (and so by `make check`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def credentials_key_check(app_configs, **kwargs):
    """Credentials keyed with SECRET_KEY would all be refused the day SECRET_KEY is rotated."""
    if settings.CREDENTIALS_KEY_FROM_SECRET_KEY:
        return [
            Warning(
                "CREDENTIALS_KEY is not set: camera secrets and API tokens are keyed with "
                "SECRET_KEY, so rotating SECRET_KEY would refuse every camera and token.",
                hint="Set CREDENTIALS_KEY or CREDENTIALS_KEY_FILE (docs/operations.md).",
                id="alpr.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def embedded_services_check(app_configs, **kwargs):
    if settings.EMBEDDED_SERVICES_IN_USE:
        return [
            Warning(
                "The embedded PostgreSQL or Redis is in use: data lives under .data/ of this "
                "checkout, with no backups or monitoring.",
                hint="Set DATABASE_URL and REDIS_URL to real servers in production.",
                id="alpr.W002",
            )
        ]
    return []
