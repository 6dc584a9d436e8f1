"""Settings for SSC Reports, read from the environment (see .env.example)."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def _load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from .env without overriding the real environment."""
    if not path.is_file():
        return
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


_load_dotenv(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", default=False)
# Without SECRET_KEY a fixed development key is used, with DEBUG on only: with DEBUG off the
# settings refuse to load (refuse_unsafe_production, at the end of this file).
DEVELOPMENT_SECRET_KEY = "django-insecure-dev-key-only-for-local-use"
SECRET_KEY = env("SECRET_KEY") or (DEVELOPMENT_SECRET_KEY if DEBUG else "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "csp",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "groups",
    "ssc_reports",
    "targets",
    "activities",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ssc_reports.request_checks.RejectMalformedRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: a signed-in user's saved choice, else the language cookie (the header's
    # switcher), else the browser's Accept-Language (ssc_reports/i18n.py).
    "ssc_reports.i18n.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ssc_reports.urls"
WSGI_APPLICATION = "ssc_reports.wsgi.application"

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
                "django.template.context_processors.i18n",
                "ssc_reports.i18n.js_texts",
            ],
        },
    },
]

# Widgets render with the templates above, so the project's own widget templates
# (templates/entry/widgets/) are found; Django's come from the "django.forms" app.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: PostgreSQL in production (DATABASE_URL), a SQLite file otherwise.
_default_sqlite = f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", _default_sqlite), conn_max_age=60, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "groups.auth.EmailOrUsernameBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: throttle repeated failed log-ins, counted per account (whichever identifier
# named it: groups/lockout.py) and, separately, per address. A successful log-in does not
# reset the counts: it would also reset the counts of other accounts tried from its address.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "groups.lockout.lockout_username"
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# English, French and Spanish (issue 15). The .po files are in locale/ (`make messages`
# refreshes them) and are compiled by `make install`; English dates keep the British style
# of SSC's publications ("30 November 2026": ssc_reports/formats/en/formats.py).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["ssc_reports.formats"]
LANGUAGE_COOKIE_NAME = "ssc_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))


def media_storage(environ=os.environ) -> dict:
    """STORAGES["default"] from the environment: MEDIA_STORAGE=local (the default: files in
    MEDIA_ROOT, each published whole by ssc_reports.storage.LocalStorage) or s3 (an
    S3-compatible bucket through django-storages' S3Storage: private objects, signed links
    valid MEDIA_SIGNED_URL_SECONDS; the files' URLs stay the app's own /media/ view:
    ssc_reports.uploads.bucket). Raises ImproperlyConfigured for an unknown kind or an s3 without
    its bucket. Reads no file and opens no connection."""
    from django.core.exceptions import ImproperlyConfigured

    kind = environ.get("MEDIA_STORAGE", "").strip().lower() or "local"
    if kind == "local":
        return {"BACKEND": "ssc_reports.storage.LocalStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be local or s3, not {kind!r}.")
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    seconds = environ.get("MEDIA_SIGNED_URL_SECONDS", "").strip() or "300"
    if not seconds.isdigit() or not 1 <= int(seconds) <= 3600:
        raise ImproperlyConfigured("MEDIA_SIGNED_URL_SECONDS must be between 1 and 3600.")
    options = {
        "bucket_name": bucket,
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": int(seconds),
        "file_overwrite": False,
    }
    for option, variable in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
        ("access_key", "AWS_ACCESS_KEY_ID"),
        ("secret_key", "AWS_SECRET_ACCESS_KEY"),
    ):
        value = environ.get(variable, "").strip()
        if value:
            options[option] = value
    return {"BACKEND": "ssc_reports.uploads.bucket.BucketStorage", "OPTIONS": options}


# Local scratch files (temporary files of the PDF renders and of the compilation's merge, the
# compilation's local copies of its parts): never in MEDIA_ROOT, never shared between machines.
SSC_SCRATCH_DIR = Path(env("SSC_SCRATCH_DIR", str(BASE_DIR / "var" / "scratch")))
if Path(SSC_SCRATCH_DIR).resolve().is_relative_to(Path(MEDIA_ROOT).resolve()):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SSC_SCRATCH_DIR must not be inside MEDIA_ROOT.")
STORAGES = {
    "default": media_storage(),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST")
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 15 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console by default.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "SSC Reports <reports@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: Django's tasks API (django-tasks backport) on the database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Compiling the SSC Species Report: worker processes, the function that renders one group's
# report, attempts per part, and after how long without progress a compilation is stalled.
SSC_COMPILE_PROCESSES = int(env("SSC_COMPILE_PROCESSES", "2"))
SSC_COMPILE_PART_RENDERER = env(
    "SSC_COMPILE_PART_RENDERER", "ssc_reports.pdf.render.render_report_pdf"
)
SSC_COMPILE_ATTEMPTS = int(env("SSC_COMPILE_ATTEMPTS", "3"))
SSC_COMPILE_STALLED_AFTER = int(env("SSC_COMPILE_STALLED_AFTER", "300"))
# How often (seconds) `run_worker` looks for stalled compilations to queue again (0: only at
# its start).
SSC_WORKER_RECOVER_EVERY = float(env("SSC_WORKER_RECOVER_EVERY", "60"))
# Every PDF render (a report's download, its final PDF, a compilation's part) is stopped after
# this many seconds and reported as failed.
SSC_PDF_TIME_LIMIT = float(env("SSC_PDF_TIME_LIMIT", "120"))

# Content-Security-Policy (django-csp 4): only our own static files and media.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Security: strict when DEBUG is off (manage.py check --deploy is clean).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Upload limits shared by imports and forms.
IMAGE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
ZIP_MAX_EXPANDED_BYTES = 200 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {
        "ssc_reports": {"level": env("LOG_LEVEL", "INFO"), "propagate": True},
        "fontTools": {"level": "ERROR"},
        "weasyprint": {"level": "ERROR"},
    },
}

# Review side (issue 5): absolute links in e-mails, reminder steps (days before the submission
# deadline; negative = after), invitation links expire with PASSWORD_RESET_TIMEOUT.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
REPORT_REMINDER_DAYS = [int(d) for d in env_list("REPORT_REMINDER_DAYS", "30,7,1,-1,-7")]
PASSWORD_RESET_TIMEOUT = int(env("PASSWORD_RESET_TIMEOUT", str(7 * 24 * 3600)))


# With DEBUG off, every command (manage.py, the WSGI server, the worker) refuses to start with
# a secret key anyone could know or with no host to answer to.
SECRET_KEY_MIN_LENGTH = 50


def unsafe_production_settings(*, debug: bool, secret_key: str, allowed_hosts: list) -> list:
    """What is wrong with these settings for production (DEBUG off), one message each."""
    if debug:
        return []
    problems = []
    if not secret_key:
        problems.append("SECRET_KEY is not set: set it to a long random value (DEBUG is off).")
    elif len(secret_key) < SECRET_KEY_MIN_LENGTH:
        problems.append(
            f"SECRET_KEY has {len(secret_key)} characters: it needs at least "
            f"{SECRET_KEY_MIN_LENGTH} (DEBUG is off)."
        )
    elif (
        secret_key == DEVELOPMENT_SECRET_KEY
        or secret_key.startswith("django-insecure")
        or "change-me" in secret_key.lower()
        or len(set(secret_key)) < 5
    ):
        problems.append("SECRET_KEY is a development or example key: set a random one.")
    if not allowed_hosts:
        problems.append("ALLOWED_HOSTS is empty: list the host names the site answers to.")
    return problems


def refuse_unsafe_production() -> None:
    from django.core.exceptions import ImproperlyConfigured

    problems = unsafe_production_settings(
        debug=DEBUG, secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS
    )
    if problems:
        raise ImproperlyConfigured(" ".join(problems))


refuse_unsafe_production()
