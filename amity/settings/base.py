"""Amity settings, read from AMITY_* environment variables with safe development defaults.

Production sets at least AMITY_SECRET_KEY, AMITY_DEBUG=0, AMITY_ALLOWED_HOSTS and the
AMITY_DB_* variables (see README, "Deployment").
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("AMITY_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """Use AMITY_SECRET_KEY, else a key generated once and kept in var/ (out of git)."""
    if key := os.environ.get("AMITY_SECRET_KEY"):
        return key
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("AMITY_DEBUG", False)  # scripts/demo.sh turns it on; nothing else should
ALLOWED_HOSTS = [h for h in os.environ.get("AMITY_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("AMITY_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "template_partials",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "amity.core",  # before django_tasks_db: its db_worker command is amity.core's (retries)
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "amity.audit",
    "amity.accounts",
    "amity.units",
    "amity.geo",
    "amity.registry",
    "amity.activities",
    "amity.awards",
    "amity.aid",
    "amity.diaspora",
    "amity.plans",
    "amity.reports",
    "amity.press",
    "amity.union",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "amity.accounts.sessions.IdleSessionMiddleware",
    "amity.core.middleware.ChosenLanguageMiddleware",
    "amity.core.middleware.RequestSizeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "amity.accounts.middleware.TotpRequiredMiddleware",
    "amity.accounts.middleware.PasswordChangeDueMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "amity.core.replica.ReplicaReadsMiddleware",
    "amity.core.once.ReadsOnceMiddleware",
    "amity.audit.middleware.ChangeContextMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a refused login into the lockout answer
]

ROOT_URLCONF = "amity.urls"
WSGI_APPLICATION = "amity.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "amity.core.context_processors.navigation",
            ],
        },
    }
]


def _database() -> dict:
    engine = os.environ.get("AMITY_DB_ENGINE", "sqlite")
    if engine == "postgresql":
        prepare = os.environ.get("AMITY_DB_PREPARE_THRESHOLD", "5")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("AMITY_DB_NAME", "amity"),
            "USER": os.environ.get("AMITY_DB_USER", "amity"),
            "PASSWORD": os.environ.get("AMITY_DB_PASSWORD", ""),
            "HOST": os.environ.get("AMITY_DB_HOST", ""),
            "PORT": os.environ.get("AMITY_DB_PORT", ""),
            "CONN_MAX_AGE": int(os.environ.get("AMITY_DB_CONN_MAX_AGE", "60")),
            # queries that bind on the server (core.compiled: each API request's token and memberships,
            # the lists' related ids) are prepared on a connection after this many runs; empty: never
            "OPTIONS": {"prepare_threshold": int(prepare) if prepare else None},
        }
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("AMITY_DB_NAME", str(VAR_DIR / "amity.sqlite3")),
        # WAL: readers never wait for the writer; a writer waits up to AMITY_DB_BUSY_TIMEOUT seconds
        # for another (several writers at once at scale need PostgreSQL, see the README)
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("AMITY_DB_BUSY_TIMEOUT", "60")),
        },
    }


DATABASES = {"default": _database()}
if os.environ.get("AMITY_DB_REPLICA_HOST") or os.environ.get("AMITY_DB_REPLICA_NAME"):
    # A streaming replica of the primary: figures and reports read from it (amity.core.replica).
    DATABASES["replica"] = {
        **DATABASES["default"],
        **{
            key: os.environ[f"AMITY_DB_REPLICA_{key}"]
            for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")
            if f"AMITY_DB_REPLICA_{key}" in os.environ
        },
    }
DATABASE_ROUTERS = ["amity.core.replica.ReplicaRouter"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # covering indexes (INCLUDE) serve index-only scans on PostgreSQL; SQLite keeps the key columns only,
    # which is all it needs, so its warning would only alarm whoever starts the demo
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DB_REPLICA_MAX_LAG = float(os.environ.get("AMITY_DB_REPLICA_MAX_LAG", "30"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "amity.accounts.validators.VietnameseCommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out user before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
#: Wrong passwords in a row (per user name and address) before logins from there are locked out.
AXES_FAILURE_LIMIT = int(os.environ.get("AMITY_LOGIN_FAILURE_LIMIT", "5"))
#: Minutes a lockout lasts; 0 keeps it until an administrator unlocks (admin, "Access attempts").
_LOCKOUT_MINUTES = int(os.environ.get("AMITY_LOGIN_LOCKOUT_MINUTES", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=_LOCKOUT_MINUTES) if _LOCKOUT_MINUTES else None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # a guesser cannot lock a colleague out everywhere
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
#: Behind a reverse proxy (AMITY_PROXY_COUNT=1 for one nginx), the client's address is read from
#: X-Forwarded-For as the proxy wrote it, and https from X-Forwarded-Proto.
PROXY_COUNT = int(os.environ.get("AMITY_PROXY_COUNT", "0"))
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
AXES_CLIENT_IP_CALLABLE = "amity.accounts.client_ip.client_ip"

#: A session ends after this many hours without a request (a working day by default).
SESSION_COOKIE_AGE = int(os.environ.get("AMITY_SESSION_IDLE_HOURS", "9")) * 3600
SESSION_ENGINE = "amity.accounts.sessions"
#: The idle time counts from the last request (not the login) to within this many seconds: a
#: request writes the session only when its stored expiry is older than that (never at every page).
SESSION_REFRESH_SECONDS = 60
#: Hours an API token obtained from /api/token/ stays valid.
API_TOKEN_HOURS = int(os.environ.get("AMITY_API_TOKEN_HOURS", "10"))
#: Central administrators (and superusers) must sign in with a code from an authenticator app
#: (TOTP) as well as their password; for everyone else the second step is optional.
TOTP_REQUIRED_FOR_CENTRAL_ADMINS = env_bool("AMITY_TOTP_REQUIRED_CENTRAL_ADMINS", False)
OTP_TOTP_ISSUER = "Amity"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("ru", "Русский"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
#: Dates and number separators per language, from the same rules as amity.core.formatting.
FORMAT_MODULE_PATH = ["amity.core.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("AMITY_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("AMITY_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "amity.core.storage.DocumentStorage"},  # notes each file's content type
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    },
}

EMAIL_BACKEND = os.environ.get("AMITY_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("AMITY_DEFAULT_FROM_EMAIL", "amity@localhost")

TASKS = {"default": {"BACKEND": os.environ.get("AMITY_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
#: Minutes after which a report rendering still queued or running is taken as lost (worker stopped).
REPORT_RENDER_TIMEOUT_MINUTES = int(os.environ.get("AMITY_REPORT_RENDER_TIMEOUT", "15"))
#: Minutes without progress after which an import job still running is taken as lost (worker stopped).
IMPORT_JOB_TIMEOUT_MINUTES = int(os.environ.get("AMITY_IMPORT_JOB_TIMEOUT", "30"))
#: Days an import that is not imported keeps its uploaded file (personal data for compatriots).
IMPORT_FILE_DAYS = int(os.environ.get("AMITY_IMPORT_FILE_DAYS", "7"))
#: Bounds of every uploaded file, checked before it is parsed (``amity.core.uploads``): each one
#: ``AMITY_UPLOAD_<NAME>`` in the environment, defaults in ``uploads.DEFAULT_LIMITS`` and the README.
UPLOAD_LIMITS = {
    name: int(os.environ[f"AMITY_UPLOAD_{name.upper()}"])
    for name in (
        "max_bytes",
        "max_member_bytes",
        "max_unpacked_bytes",
        "max_ratio",
        "max_members",
        "max_rows",
        "max_columns",
        "max_cell_chars",
        "max_seconds",
        "max_document_bytes",
    )
    if os.environ.get(f"AMITY_UPLOAD_{name.upper()}")
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "amity.accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "amity.core.pagination.EstimatingPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "amity.core.filtersets.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "amity.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Amity API",
    "DESCRIPTION": _("People's diplomacy information system: partners, activities, aid, compatriots, plans."),
    "VERSION": "1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # one name for a choice set that several fields use
    "ENUM_NAME_OVERRIDES": {
        "AidStatusEnum": "amity.aid.choices.AidStatus",
        "AidKindEnum": "amity.aid.choices.AidKind",
        "DatePrecisionEnum": "amity.core.dates.Precision",  # every partial date shares one enum
        "FactTargetEnum": "amity.press.choices.Target",
    },
}

DJANGO_TABLES2_TEMPLATE = "core/table.html"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],  # never framed (clickjacking), like X-Frame-Options: DENY
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("AMITY_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    #: https only: the proxy (or gunicorn) redirects plain http; browsers remember it for a year.
    SECURE_SSL_REDIRECT = env_bool("AMITY_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("AMITY_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("AMITY_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("AMITY_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("AMITY_LOG_LEVEL", "WARNING")},
}
