"""Settings from the environment; see docs/deploy.md for production."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from zhiliang.paths import home, local_field_key, local_secret_key

BASE_DIR = Path(__file__).resolve().parent
HOME = home()


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


PRODUCTION = os.environ.get("ZHILIANG_ENV", "").lower() == "production"
DEBUG = _flag("ZHILIANG_DEBUG")

SECRET_KEY = os.environ.get("ZHILIANG_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("ZHILIANG_SECRET_KEY must be set when ZHILIANG_ENV=production")
    SECRET_KEY = local_secret_key()

# Keys that encrypt personal data (ID numbers) at rest, newest first, comma-separated: values
# are written with the first and read with any. Not the secret key: that one may change (it
# only signs sessions); losing a field key loses the data it encrypted. See docs/deploy.md.
ZHILIANG_FIELD_KEYS = [
    k.strip()
    for k in (
        os.environ.get("ZHILIANG_FIELD_KEYS") or os.environ.get("ZHILIANG_FIELD_KEY", "")
    ).split(",")
    if k.strip()
]
if not ZHILIANG_FIELD_KEYS:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "ZHILIANG_FIELD_KEYS must be set when ZHILIANG_ENV=production (docs/deploy.md, "
            "section 4). Upgrading from a version without it: set "
            "ZHILIANG_FIELD_KEYS=<new key>,<the current ZHILIANG_SECRET_KEY>, then run "
            "zhiliang rotate-field-key"
        )
    # A local installation: its own generated key; the secret key only reads values written
    # before field keys were separate (`zhiliang rotate-field-key` moves them to the new key).
    ZHILIANG_FIELD_KEYS = [local_field_key(), SECRET_KEY]

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ZHILIANG_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]
# Reverse proxies whose X-Forwarded-For is believed (the security log records client addresses).
ZHILIANG_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("ZHILIANG_TRUSTED_PROXIES", "").split(",") if p.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("ZHILIANG_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks",
    # Before django_tasks_db: its `db_worker` command is ours (heartbeat, recovery, retries).
    "zhiliang.jobs",
    "django_tasks_db",
    "zhiliang.core",
    "zhiliang.enterprises",
    "zhiliang.imports",
    "zhiliang.plans",
    "zhiliang.inspections",
    "zhiliang.equipment",
    "zhiliang.licensing",
    "zhiliang.penalties",
    "zhiliang.complaints",
    "zhiliang.public",
    "zhiliang.injuries",
    "zhiliang.cases",
    "zhiliang.credit",
    "zhiliang.risk",
    "zhiliang.satisfaction",
    "zhiliang.metrology",
    "zhiliang.infrastructure",
    "zhiliang.recognition",
    "zhiliang.standards",
    "zhiliang.indicators",
    "zhiliang.assessments",
    "zhiliang.monitoring",
    "zhiliang.earlywarning",
    "zhiliang.audit",
    "zhiliang.demo",
    "zhiliang.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhiliang.core.middleware.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zhiliang.core.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "zhiliang.core.middleware.RefusalMiddleware",
]

ROOT_URLCONF = "zhiliang.urls"
WSGI_APPLICATION = "zhiliang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Copies of third-party templates, changed only where they broke the CSP (see the README
        # there); they come before the apps' own templates.
        "DIRS": [BASE_DIR / "web" / "overrides"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhiliang.web.context_processors.navigation",
                "zhiliang.demo.marker.synthetic_data",
            ]
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{HOME / 'zhiliang.sqlite3'}",
        # Kept open between requests in production: opening one costs ~9 ms of CPU on
        # SQLite (its schema of ~1,300 tables, indexes and triggers is read anew each time).
        conn_max_age=int(os.environ.get("ZHILIANG_DB_CONN_MAX_AGE", 60 if PRODUCTION else 0)),
    )
}
# WAL lets the web process read while the worker writes; the busy timeout makes a second
# writer wait its turn; IMMEDIATE takes the write lock when a transaction begins, so one that
# read first cannot fail with "database is locked" on its first write.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
    "PRAGMA busy_timeout=10000; PRAGMA cache_size=-64000;",
    "transaction_mode": "IMMEDIATE",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Counts and summaries keyed on table versions (core/freshness.py): a value is never older
# than the tables, so nothing needs invalidating. In files, so that the web workers share
# what one of them computed (one computation per version, not one per worker).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(HOME / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["zhiliang.core.auth.RoleLockoutBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "zhiliang.core.validators.CharacterClassesValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle timeout: the session's 30-minute life is renewed by activity, written at most once a
# minute (core.middleware.SessionRenewalMiddleware), not on every request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
MEDIA_ROOT = HOME / "uploads"
MEDIA_URL = "media/"
# Uploaded files are personal or business data: readable by the service user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# API tokens expire after this many days without use.
ZHILIANG_TOKEN_IDLE_DAYS = int(os.environ.get("ZHILIANG_TOKEN_IDLE_DAYS", 30))
ZHILIANG_IMPORT_MAX_BYTES = int(os.environ.get("ZHILIANG_IMPORT_MAX_BYTES", 30 * 1024 * 1024))
# Uploaded .xlsx/.docx (imports, evidence, plan documents) are checked before parsing:
# unpacked size in all and per part, compression ratio, parts (core/uploads.py).
ZHILIANG_UPLOAD_MAX_UNPACKED_BYTES = int(
    os.environ.get("ZHILIANG_UPLOAD_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
)
ZHILIANG_UPLOAD_MAX_MEMBER_BYTES = int(
    os.environ.get("ZHILIANG_UPLOAD_MAX_MEMBER_BYTES", 150 * 1024 * 1024)
)
ZHILIANG_UPLOAD_MAX_RATIO = int(os.environ.get("ZHILIANG_UPLOAD_MAX_RATIO", 100))
ZHILIANG_UPLOAD_MAX_MEMBERS = int(os.environ.get("ZHILIANG_UPLOAD_MAX_MEMBERS", 10000))
# Imported sheets: rows, columns, characters in one cell.
ZHILIANG_IMPORT_MAX_ROWS = int(os.environ.get("ZHILIANG_IMPORT_MAX_ROWS", 300_000))
ZHILIANG_IMPORT_MAX_COLUMNS = int(os.environ.get("ZHILIANG_IMPORT_MAX_COLUMNS", 200))
ZHILIANG_IMPORT_MAX_CELL_CHARS = int(os.environ.get("ZHILIANG_IMPORT_MAX_CELL_CHARS", 10_000))

# Every JSON request body: how deep it may nest, how long any list in it may be (a form's
# fields are bounded by DATA_UPLOAD_MAX_NUMBER_FIELDS).
API_MAX_JSON_DEPTH = 32
API_MAX_LIST_ITEMS = 1000
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "zhiliang.core.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["zhiliang.core.api.permissions.RolePermissions"],
    "DEFAULT_PAGINATION_CLASS": "zhiliang.core.api.pagination.StandardPagination",
    "DEFAULT_PARSER_CLASSES": [
        "zhiliang.core.api.parsers.BoundedJSONParser",
        "zhiliang.core.api.parsers.StorableFormParser",
        "zhiliang.core.api.parsers.StorableMultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["zhiliang.core.api.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "zhiliang.core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "zhiliang.core.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zhiliang API",
    "DESCRIPTION": "Regional quality governance: regions, organisations, registries.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs page describe every endpoint: signed-in users only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "zhiliang.core.api.schema.error_responses_hook",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ProgressStatusEnum": "zhiliang.plans.choices.ProgressStatus",
        "NoticeStatusEnum": "zhiliang.plans.choices.NoticeStatus",
        "EnterpriseStatusEnum": "zhiliang.enterprises.choices.EnterpriseStatus",
        "SamplingPlanStatusEnum": "zhiliang.inspections.choices.PlanStatus",
        "SampleVerdictEnum": "zhiliang.inspections.choices.Verdict",
        "FollowUpStateEnum": "zhiliang.inspections.choices.FollowUpState",
        # Equipment units and instruments share one set: in use, stopped, scrapped.
        "InServiceStatusEnum": "zhiliang.equipment.choices.UnitStatus",
        "CertificateStatusEnum": "zhiliang.licensing.choices.CertificateStatus",
        "VerificationResultEnum": "zhiliang.licensing.choices.VerificationResult",
        "ComplaintStatusEnum": "zhiliang.complaints.choices.ComplaintStatus",
        "IndicatorKindEnum": "zhiliang.indicators.choices.IndicatorKind",
        "RunStatusEnum": "zhiliang.indicators.choices.RunStatus",
        "AssessmentItemKindEnum": "zhiliang.assessments.choices.ItemKind",
        "AssessmentResultStatusEnum": "zhiliang.assessments.choices.ResultStatus",
        # The credit class: an enterprise's, computed, set by the office.
        "RiskClassEnum": "zhiliang.enterprises.choices.RiskClass",
        "CaseKindEnum": "zhiliang.cases.choices.CaseKind",
        "ForeignMatchStatusEnum": "zhiliang.cases.foreign_models.MatchStatus",
        "ForeignMatchBasisEnum": "zhiliang.cases.foreign_models.MatchBasis",
        "MonitoringVerdictEnum": "zhiliang.monitoring.choices.Verdict",
        "MonitoringChannelEnum": "zhiliang.monitoring.choices.Channel",
        "PilotStatusEnum": "zhiliang.standards.choices.PilotStatus",
        # A card's colour now and when it was issued: one set.
        "CardColourEnum": "zhiliang.earlywarning.choices.CardColour",
    },
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("ZHILIANG_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        # Imports are quick and someone waits for them; recomputes are slow. Each has its
        # queue, and imports have the higher priority (see deploy/zhiliang-worker*.service).
        "QUEUES": ["default", "imports", "recompute"],
    }
}
# Worker heartbeat every N s; a job whose worker (on another host) has not beaten for the lease
# is taken as abandoned. On the worker's own host a dead process is noticed at once.
ZHILIANG_WORKER_HEARTBEAT = float(os.environ.get("ZHILIANG_WORKER_HEARTBEAT", 10))
ZHILIANG_WORKER_LEASE = float(os.environ.get("ZHILIANG_WORKER_LEASE", 120))
ZHILIANG_WORKER_RECOVER_EVERY = float(os.environ.get("ZHILIANG_WORKER_RECOVER_EVERY", 60))
# Recomputes one user may have queued or running at once (more: HTTP 429).
ZHILIANG_RECOMPUTE_PENDING_LIMIT = int(os.environ.get("ZHILIANG_RECOMPUTE_PENDING_LIMIT", 3))
# Exports: up to this many rows the file is written in the request; a larger one is made by the
# worker and downloaded from the user's export files (core/export_jobs.py), kept this many days
# in a directory of ZHILIANG_HOME that the web server does not serve. One user may have this
# many waiting or being made at once.
ZHILIANG_EXPORT_INLINE_MAX_ROWS = int(os.environ.get("ZHILIANG_EXPORT_INLINE_MAX_ROWS", 5000))
ZHILIANG_EXPORT_RETENTION_DAYS = int(os.environ.get("ZHILIANG_EXPORT_RETENTION_DAYS", 7))
ZHILIANG_EXPORT_PENDING_LIMIT = int(os.environ.get("ZHILIANG_EXPORT_PENDING_LIMIT", 3))
ZHILIANG_EXPORT_DIR = HOME / "exports"
# Readiness: the daily jobs must have completed within this many hours (0: not checked), and,
# if a backup directory is given, its newest file must be younger than the backup limit.
ZHILIANG_DAILY_MAX_AGE_HOURS = float(os.environ.get("ZHILIANG_DAILY_MAX_AGE_HOURS", 26))
ZHILIANG_BACKUP_DIR = os.environ.get("ZHILIANG_BACKUP_DIR", "")
ZHILIANG_BACKUP_MAX_AGE_HOURS = float(os.environ.get("ZHILIANG_BACKUP_MAX_AGE_HOURS", 26))

# Content-Security-Policy on every page, in every environment: scripts, styles, fonts and images
# come only from our own static files (the vendored libraries are local), so a name that
# carries markup can never run as script. No 'unsafe-inline', no 'unsafe-eval': page code lives
# in static files and reads its data from json_script blocks and data- attributes.
# img-src also allows data: URIs: Bootstrap's and Swagger UI's stylesheets draw their small
# icons (select arrows, close buttons, toggler) as inline SVG images.
# deploy/nginx.conf sends the same policy on what nginx answers itself (a test compares them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _flag("ZHILIANG_SSL_REDIRECT", True)
    # A load balancer or monitor probes the health URLs over plain HTTP on the inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("ZHILIANG_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZHILIANG_LOG_LEVEL", "WARNING")},
}

VERBOSE_NAME = _("Zhiliang")
