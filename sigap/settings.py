"""Sigap settings.

Every knob comes from an environment variable, parsed with a type. Secrets may also come from a
file named by ``<NAME>_FILE``. Production (``SIGAP_ENV=production``) refuses to start without its
secrets; development generates what it needs into ``var/dev-secrets.json`` on first run.
See docs/deploy.md for the full list.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SIGAP_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_secret(name: str) -> str:
    """Read NAME, or the contents of the file named by NAME_FILE."""
    value = env_str(name)
    path = env_str(f"{name}_FILE")
    if not value and path:
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points to {path!r}, which cannot be read") from exc
    return value


def _dev_secrets() -> dict[str, str]:
    """Secrets for a development machine, generated once into a git-ignored file."""
    path = VAR_DIR / "dev-secrets.json"
    data: dict[str, str] = {}
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
    changed = False
    if not data.get("SECRET_KEY"):
        data["SECRET_KEY"] = secrets.token_urlsafe(50)
        changed = True
    if not data.get("SIGAP_ENCRYPTION_KEYS"):
        data["SIGAP_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
        changed = True
    if not data.get("SIGAP_BLIND_INDEX_KEY"):
        data["SIGAP_BLIND_INDEX_KEY"] = secrets.token_urlsafe(48)
        changed = True
    if changed:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")
        path.chmod(0o600)
    return data


try:
    VERSION = metadata.version("sigap")
except metadata.PackageNotFoundError:  # running from a plain checkout
    VERSION = "0.1.0"

SIGAP_ENV = env_str("SIGAP_ENV", "development")
if SIGAP_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("SIGAP_ENV must be 'development' or 'production'")
PRODUCTION = SIGAP_ENV == "production"
# Demo mode: seeded demo users and printed passwords are allowed. Never in production.
DEMO_MODE = not PRODUCTION

DEBUG = env_bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must not be on when SIGAP_ENV=production")

_dev = {} if PRODUCTION else _dev_secrets()
SECRET_KEY = env_secret("SECRET_KEY") or _dev.get("SECRET_KEY", "")
_encryption_keys = env_secret("SIGAP_ENCRYPTION_KEYS") or _dev.get("SIGAP_ENCRYPTION_KEYS", "")
SIGAP_ENCRYPTION_KEYS = [key.strip() for key in _encryption_keys.split(",") if key.strip()]
# The key of the blind indexes (HMAC) that find encrypted NIKs and phone numbers. It does not rotate
# with SIGAP_ENCRYPTION_KEYS: indexes made with another key find nothing (docs/deploy.md).
SIGAP_BLIND_INDEX_KEY = env_secret("SIGAP_BLIND_INDEX_KEY") or _dev.get("SIGAP_BLIND_INDEX_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver")
DATABASE_URL = env_secret("DATABASE_URL")

if PRODUCTION:
    missing = [
        name
        for name, value in [
            ("SECRET_KEY", SECRET_KEY),
            ("ALLOWED_HOSTS", ALLOWED_HOSTS),
            ("SIGAP_ENCRYPTION_KEYS", SIGAP_ENCRYPTION_KEYS),
            ("SIGAP_BLIND_INDEX_KEY", SIGAP_BLIND_INDEX_KEY),
            ("DATABASE_URL", DATABASE_URL),
        ]
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            "Production needs these environment variables (or <NAME>_FILE): " + ", ".join(missing)
        )
for _key in SIGAP_ENCRYPTION_KEYS:
    try:
        Fernet(_key.encode())
    except ValueError as exc:
        raise ImproperlyConfigured("SIGAP_ENCRYPTION_KEYS must be comma-separated Fernet keys") from exc
if SIGAP_BLIND_INDEX_KEY and len(SIGAP_BLIND_INDEX_KEY) < 32:
    raise ImproperlyConfigured("SIGAP_BLIND_INDEX_KEY must be a random string of at least 32 characters")

# --- Applications ---------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "sigap.core",
    "sigap.accounts",
    "sigap.audit",
    "sigap.regions",
    "sigap.organisations",
    "sigap.directory",
    "sigap.forms",
    "sigap.cases",
    "sigap.history",
    "sigap.consent",
    "sigap.privacy",
    "sigap.notifications",
    "sigap.online",
    "sigap.referrals",
    "sigap.transfers",
    "sigap.conferences",
    "sigap.learning",
    "sigap.statistics",
    "sigap.wellbeing",
    "sigap.api",
    "sigap.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sigap.core.static.StaticFilesMiddleware",
    # Pages and API answers gzip-compressed, with Django's BREACH length padding (docs/security.md).
    # Static files come precompressed (gzip and brotli) from collectstatic, served by the line above.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sigap.accounts.middleware.IdleTimeoutMiddleware",
    "sigap.accounts.middleware.UserLanguageMiddleware",
    # Before anything reads the body; after the language, for the 413 page.
    "sigap.core.uploads.RequestSizeLimitMiddleware",
    "sigap.core.middleware.OrganisationTimeZoneMiddleware",
    "sigap.accounts.middleware.SigapLoginRequiredMiddleware",
    "sigap.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the session: remembers a person's last change, so their reads skip the replica a while.
    "sigap.lib.replica.RecentWriteMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sigap.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sigap.urls"
WSGI_APPLICATION = "sigap.wsgi.application"
ASGI_APPLICATION = "sigap.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sigap" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sigap.home.context_processors.sigap",
            ],
        },
    }
]

# --- Database, cache, files -----------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'sigap.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Reports and statistics may read from a PostgreSQL streaming replica (sigap/lib/replica.py): never
# for anything just written, and back to the primary when the replica is unreachable.
DATABASE_REPLICA_URL = env_secret("DATABASE_REPLICA_URL")
SIGAP_REPLICA_PIN_SECONDS = env_int("SIGAP_REPLICA_PIN_SECONDS", 30)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["sigap.lib.replica.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE transactions serialise writers instead of failing with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits and lockout counters live in the cache, so it must be one that every web process and
# server shares: Redis when REDIS_URL is set, else a table in the database (created by `migrate`).
# Never a per-process memory cache: each gunicorn worker would count on its own.
REDIS_URL = env_secret("REDIS_URL")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "sigap_cache",
            # Culling at Django's default 300 entries would let a flood of new keys wipe the counters.
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "sigap" / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
# Stored files (attachments, evidence, consent scans, lesson files) go to MEDIA_ROOT, or to an
# S3-compatible object store when SIGAP_S3_BUCKET is set, so several app servers share them. Sigap
# encrypts the sensitive files itself before they leave the app (sigap/lib/crypto.py), and serves
# every file through its own views: objects are private and never addressed by a signed URL.
SIGAP_S3_BUCKET = env_str("SIGAP_S3_BUCKET")
DEFAULT_FILE_STORAGE_BACKEND: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if SIGAP_S3_BUCKET:
    DEFAULT_FILE_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": SIGAP_S3_BUCKET,
            "location": env_str("SIGAP_S3_PREFIX"),
            "endpoint_url": env_str("SIGAP_S3_ENDPOINT_URL") or None,
            "region_name": env_str("SIGAP_S3_REGION") or None,
            "access_key": env_secret("SIGAP_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_secret("SIGAP_S3_SECRET_ACCESS_KEY") or None,
            "addressing_style": env_str("SIGAP_S3_ADDRESSING_STYLE") or None,  # "path" for MinIO
            "default_acl": None,  # the bucket's own policy: private
            "querystring_auth": True,
            "file_overwrite": False,  # a stored file is never replaced in place (backups rely on it)
            "object_parameters": (
                {"ServerSideEncryption": env_str("SIGAP_S3_SERVER_SIDE_ENCRYPTION")}
                if env_str("SIGAP_S3_SERVER_SIDE_ENCRYPTION")
                else {}
            ),
        },
    }
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("SIGAP_MANIFEST_STATIC", PRODUCTION)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Authentication and sessions ------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 3)

SIGAP_IDLE_TIMEOUT_MINUTES = env_int("SIGAP_IDLE_TIMEOUT_MINUTES", 30)
# Personal API tokens expire: after this many days unless their owner chooses (at most the maximum).
SIGAP_API_TOKEN_DAYS = env_int("SIGAP_API_TOKEN_DAYS", 90)
SIGAP_API_TOKEN_MAX_DAYS = env_int("SIGAP_API_TOKEN_MAX_DAYS", 365)
SESSION_COOKIE_AGE = SIGAP_IDLE_TIMEOUT_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_NAME = "sigap_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "sigap.lib.errors.csrf_failure"

# Two-factor authentication is required for roles that see personal data; optional in demo mode.
SIGAP_REQUIRE_2FA = env_bool("SIGAP_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Sigap")
# Wrong codes lock a device for 1, 2, 4, 8 … seconds (django-otp throttling); 0 would turn it off.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Lockout after repeated failures (django-axes, stored in the database so it works across servers).
AXES_FAILURE_LIMIT = env_int("SIGAP_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGAP_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "sigap.accounts.lockout.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = "sigap.accounts.lockout.lockout_response"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("SIGAP_PROXY_COUNT", 0)
# Failed sign-ins per client address, across all accounts, in the lockout window (password spraying);
# counted in the shared cache. Past it, failures from the address get 429; a right password still
# signs in, so an office behind one address (NAT) is not locked out by somebody guessing there.
SIGAP_LOGIN_IP_LIMIT = env_int("SIGAP_LOGIN_IP_LIMIT", 30)

# --- Security headers -----------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SIGAP_BEHIND_TLS_PROXY", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# --- Languages and time ---------------------------------------------------------------------

LANGUAGE_CODE = "id"
# Each language is named in itself, so a reader can find their own.
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "sigap" / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_TZ = True
# One date format in both languages ("7 Des 2026 14.05"): sigap/lib/formats, used via sigap.lib.dates.
FORMAT_MODULE_PATH = ["sigap.lib.formats"]
LANGUAGE_COOKIE_NAME = "sigap_language"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Email ----------------------------------------------------------------------------------

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sigap <sigap@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Background work ------------------------------------------------------------------------

TASKS = {
    "default": {
        "BACKEND": env_str("SIGAP_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A task whose worker sent no heartbeat for this long was stranded by a crash and runs again.
SIGAP_WORKER_LEASE_SECONDS = env_int("SIGAP_WORKER_LEASE_SECONDS", 60)
# How long a worker may take to hand one email to the mail server before another may send it.
SIGAP_EMAIL_LEASE_SECONDS = env_int("SIGAP_EMAIL_LEASE_SECONDS", max(300, 4 * EMAIL_TIMEOUT))

# --- API ------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sigap.api.authentication.ApiTokenAuthentication",
        "sigap.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "sigap.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "sigap.api.schema.SigapAutoSchema",
    "EXCEPTION_HANDLER": "sigap.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Requests per client address (anonymous) and per user, counted in the cache.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("SIGAP_API_RATE_ANON", "60/minute"),
        "user": env_str("SIGAP_API_RATE_USER", "1200/minute"),
    },
    # The client address is the one the proxies in front of Sigap saw (X-Forwarded-For is not trusted).
    "NUM_PROXIES": AXES_IPWARE_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sigap API",
    "DESCRIPTION": "API of Sigap. Every endpoint applies the same access rules as the screens.",
    "VERSION": VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # One name for the national service list, whether a field holds one type or several.
    "ENUM_NAME_OVERRIDES": {
        "ServiceTypeEnum": "sigap.cases.codes.ServiceType",
        "ApiTokenStatusEnum": "sigap.accounts.models.ApiToken.Status",
        # Named here so it keeps its name beside the API token's status.
        "StatusEnum": "sigap.referrals.models.Status",
        "FormVersionStatusEnum": "sigap.forms.models.FormVersion.Status",
        # One choice set, one name: a risk level is a risk level (case, assessment, proposal).
        "RiskLevelEnum": "sigap.cases.codes.RiskLevel",
    },
}

# --- Domain settings ------------------------------------------------------------------------

SIGAP_CASELOAD_THRESHOLD = env_int("SIGAP_CASELOAD_THRESHOLD", 25)
SIGAP_DUE_SOON_HOURS = env_int("SIGAP_DUE_SOON_HOURS", 48)
SIGAP_NOTE_EDIT_MINUTES = env_int("SIGAP_NOTE_EDIT_MINUTES", 15)
SIGAP_ATTACHMENT_MAX_MB = env_int("SIGAP_ATTACHMENT_MAX_MB", 20)
# From this age a child's own assent must be asked for beside the guardian's consent (docs/cases.md).
SIGAP_ASSENT_AGE = env_int("SIGAP_ASSENT_AGE", 12)
# Online abuse (sigap.online): a takedown request with no progress for this many days gets a
# reminder; report cells smaller than SIGAP_REPORT_MIN_CELL (and any that would give them away) are hidden.
SIGAP_TAKEDOWN_REMINDER_DAYS = env_int("SIGAP_TAKEDOWN_REMINDER_DAYS", 7)
SIGAP_REPORT_MIN_CELL = env_int("SIGAP_REPORT_MIN_CELL", 5)
# National statistics (sigap.statistics, docs/statistics.md): figures that leave the organisation
# owning them hide every cell from 1 to SIGAP_STATISTICS_MIN_CELL - 1 (and any that would give one
# away); a case entered more than SIGAP_STATISTICS_LATE_DAYS after its registration month ended
# counts as registered late in the monthly review.
SIGAP_STATISTICS_MIN_CELL = env_int("SIGAP_STATISTICS_MIN_CELL", 5)
SIGAP_STATISTICS_LATE_DAYS = env_int("SIGAP_STATISTICS_LATE_DAYS", 5)
# Open data (/data/, /api/v1/open-data/): a year's verified, protected release is counted once and
# kept in the cache this many seconds.
SIGAP_OPEN_DATA_CACHE_SECONDS = env_int("SIGAP_OPEN_DATA_CACHE_SECONDS", 900)
# Data protection (UU 27/2022 PDP; sigap.privacy): closed cases are anonymised this many years after
# closure, and a data subject's request is answered within this many hours (3×24 by default).
SIGAP_RETENTION_CLOSED_CASE_YEARS = env_int("SIGAP_RETENTION_CLOSED_CASE_YEARS", 10)
# Answered requests lose who asked and the free text this many years after the decision; django-axes
# sign-in records are deleted this many days after the attempt (manage.py apply_retention).
SIGAP_RETENTION_SUBJECT_REQUEST_YEARS = env_int("SIGAP_RETENTION_SUBJECT_REQUEST_YEARS", 5)
SIGAP_RETENTION_SIGNIN_DAYS = env_int("SIGAP_RETENTION_SIGNIN_DAYS", 365)
# Months after which a worker's own wellbeing check-ins are deleted (manage.py apply_wellbeing_retention).
SIGAP_WELLBEING_RETENTION_MONTHS = env_int("SIGAP_WELLBEING_RETENTION_MONTHS", 12)
# The public read-only service directory (/directory/) and the Open Referral HSDS 3.0 endpoints
# (/api/hsds/): services and organisational contacts only, no personal data. On by default in development.
SIGAP_PUBLIC_DIRECTORY = env_bool("SIGAP_PUBLIC_DIRECTORY", default=not PRODUCTION)
# Reads of the public directory and the HSDS endpoints per client address and minute (0: no limit).
SIGAP_PUBLIC_RATE_LIMIT = env_int("SIGAP_PUBLIC_RATE_LIMIT", 120)
SIGAP_SUBJECT_REQUEST_HOURS = env_int("SIGAP_SUBJECT_REQUEST_HOURS", 72)
# Referrals (sigap.referrals): the receiving organisation answers within this many hours, by the
# case's risk level when the referral is sent; unanswered referrals then expire (manage.py expire_referrals).
SIGAP_REFERRAL_DUE_HOURS_HIGH = env_int("SIGAP_REFERRAL_DUE_HOURS_HIGH", 24)
SIGAP_REFERRAL_DUE_HOURS_MEDIUM = env_int("SIGAP_REFERRAL_DUE_HOURS_MEDIUM", 72)
SIGAP_REFERRAL_DUE_HOURS_LOW = env_int("SIGAP_REFERRAL_DUE_HOURS_LOW", 168)
# An urgent or emergency referral is due by the shorter of the risk-based time and these.
SIGAP_REFERRAL_DUE_HOURS_URGENT = env_int("SIGAP_REFERRAL_DUE_HOURS_URGENT", 24)
SIGAP_REFERRAL_DUE_HOURS_EMERGENCY = env_int("SIGAP_REFERRAL_DUE_HOURS_EMERGENCY", 4)
# Uploads never touch the disk in plain text (sigap/core/uploads.py): a request body larger than
# this is refused with 413 from its Content-Length before it is read; every file is kept in memory
# until it is encrypted (never TemporaryFileUploadHandler). Leaves room for the form around a file.
SIGAP_REQUEST_MAX_MB = env_int("SIGAP_REQUEST_MAX_MB", SIGAP_ATTACHMENT_MAX_MB + 1)
if SIGAP_REQUEST_MAX_MB < SIGAP_ATTACHMENT_MAX_MB:
    raise ImproperlyConfigured("SIGAP_REQUEST_MAX_MB must be at least SIGAP_ATTACHMENT_MAX_MB")
FILE_UPLOAD_HANDLERS = ["sigap.core.uploads.MemoryOnlyUploadHandler"]
# Also the size up to which an ASGI server's request body stays in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = SIGAP_REQUEST_MAX_MB * 1024 * 1024
# Where users reach Sigap, for links in emails sent by the worker (no request to build them from).
SIGAP_SITE_URL = env_str("SIGAP_SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")

# An expected 4xx is one line (method, path without query string, status, user id), a 5xx keeps its
# traceback, and no line holds personal data: see sigap/lib/logformat.py. No line holds a query
# string (sigap/lib/querystrings.py), whichever logger wrote it.
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"class": "sigap.lib.logformat.SigapFormatter", "format": LOG_FORMAT}},
    "filters": {"no_query_strings": {"()": "sigap.lib.querystrings.DropQueryStrings"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_query_strings"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # The development server's access lines, through the same formatter (no query strings).
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
