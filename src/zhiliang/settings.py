"""Settings from the environment; see docs/deploy.md for production."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from zhiliang.paths import home, local_secret_key

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
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "zhiliang.core",
    "zhiliang.enterprises",
    "zhiliang.imports",
    "zhiliang.plans",
    "zhiliang.inspections",
    "zhiliang.equipment",
    "zhiliang.licensing",
    "zhiliang.indicators",
    "zhiliang.assessments",
    "zhiliang.demo",
    "zhiliang.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhiliang.web.context_processors.navigation",
            ]
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{HOME / 'zhiliang.sqlite3'}",
        conn_max_age=0 if not PRODUCTION else 60,
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

# Idle timeout: the cookie's 30-minute life is renewed on every request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
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
ZHILIANG_IMPORT_MAX_BYTES = int(os.environ.get("ZHILIANG_IMPORT_MAX_BYTES", 30 * 1024 * 1024))

# Every JSON request body: how deep it may nest, how long any list in it may be (a form's
# fields are bounded by DATA_UPLOAD_MAX_NUMBER_FIELDS).
API_MAX_JSON_DEPTH = 32
API_MAX_LIST_ITEMS = 1000
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["zhiliang.core.api.permissions.RolePermissions"],
    "DEFAULT_PAGINATION_CLASS": "zhiliang.core.api.pagination.StandardPagination",
    "DEFAULT_PARSER_CLASSES": [
        "zhiliang.core.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
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
        "IndicatorKindEnum": "zhiliang.indicators.choices.IndicatorKind",
        "RunStatusEnum": "zhiliang.indicators.choices.RunStatus",
        "AssessmentItemKindEnum": "zhiliang.assessments.choices.ItemKind",
        "AssessmentResultStatusEnum": "zhiliang.assessments.choices.ResultStatus",
    },
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("ZHILIANG_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _flag("ZHILIANG_SSL_REDIRECT", True)
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
