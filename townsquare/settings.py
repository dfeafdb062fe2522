"""Townsquare settings.

Every operator knob is an environment variable, read through the typed helpers in
``townsquare.lib.env`` so that a bad value stops the process with the variable's name. The
complete list, with defaults, is in ``.env.example`` and docs/configuration.md (a test keeps the
three in step).
"""

from __future__ import annotations

import secrets
from pathlib import Path

import dj_database_url

from townsquare.lib.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("TOWNSQUARE_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use SECRET_KEY when set; otherwise generate one once and keep it in the data directory.

    A key that changed on every start would sign readers out and change every avatar, so the
    generated key is stored with owner-only permissions and reused.
    """
    configured = env_str("SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env_str("SITE_NAME", "The Harbour Courier")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "townsquare.sites",
    "townsquare.stories",
    "townsquare.terms",
    "townsquare.comments",
    "townsquare.civility",
    "townsquare.moderation",
    "townsquare.accounts",
    "townsquare.transfer",
    "townsquare.readers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads request.POST: over-large form posts are read capped, not refused.
    "townsquare.lib.oversize.OversizeFormMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "townsquare.urls"
WSGI_APPLICATION = "townsquare.wsgi.application"

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
                "townsquare.stories.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'townsquare.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a comment is written; IMMEDIATE transactions take the write
    # lock up front so two concurrent posts queue on busy_timeout instead of failing with
    # "database is locked" half-way through.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds what every web process must agree on (sign-in throttling, word lists, digest
# windows), so it is never a worker's own memory: Redis when REDIS_URL is set, otherwise a table
# in the database (created by the accounts app's migration 0002).
REDIS_URL = env_str("REDIS_URL")
CACHE_TABLE = "townsquare_cache"
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    }

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": [],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "comments@localhost")

# --- Comments ---------------------------------------------------------------------------------
COMMENTS_MAX_DEPTH = env_int("COMMENTS_MAX_DEPTH", 5, minimum=1)
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50, minimum=1)
COMMENTS_REPLIES_SHOWN = env_int("COMMENTS_REPLIES_SHOWN", 3, minimum=0)
COMMENTS_REPLIES_PER_PAGE = env_int("COMMENTS_REPLIES_PER_PAGE", 100, minimum=1)
COMMENTS_MAX_LENGTH = env_int("COMMENTS_MAX_LENGTH", 5000, minimum=100)

# --- Public pages ---------------------------------------------------------------------------
# Anonymous readers get pages every reader sees alike, with these lifetimes (seconds) in
# Cache-Control: the browser's, a shared cache's (nginx, a CDN), and how long a shared cache may
# serve a stale copy while it revalidates (a 304 costs us no render).
PAGE_MAX_AGE = env_int("PAGE_MAX_AGE", 30, minimum=0)
PAGE_SHARED_MAX_AGE = env_int("PAGE_SHARED_MAX_AGE", 60, minimum=0)
PAGE_STALE_WHILE_REVALIDATE = env_int("PAGE_STALE_WHILE_REVALIDATE", 300, minimum=0)

# --- Stories ----------------------------------------------------------------------------------
AD_AFTER_PARAGRAPH = env_int("AD_AFTER_PARAGRAPH", 3, minimum=0)
AD_HTML = env_str("AD_HTML", "")

# --- Civility ---------------------------------------------------------------------------------
# local (default) = the shipped model, or the site model once `townsquare civility learn`/`use site`
# activates one; shipped / site force one; webhook / openai call a remote service (off by default,
# fail closed). Thresholds compare Scores.civility (the highest of the five attributes); see
# docs/civility.md for how they were chosen.
CIVILITY_BACKEND = env_str("CIVILITY_BACKEND", "local")
CIVILITY_NUDGE_THRESHOLD = env_float("CIVILITY_NUDGE_THRESHOLD", 0.5)
CIVILITY_HOLD_THRESHOLD = env_float("CIVILITY_HOLD_THRESHOLD", 0.7)
CIVILITY_REJECT_THRESHOLD = env_float("CIVILITY_REJECT_THRESHOLD", 0.95)
CIVILITY_SITE_MODEL_DIR = Path(env_str("CIVILITY_SITE_MODEL_DIR", str(Path(DATA_DIR) / "civility")))
CIVILITY_WEBHOOK_URL = env_str("CIVILITY_WEBHOOK_URL", "")
CIVILITY_WEBHOOK_SECRET = env_str("CIVILITY_WEBHOOK_SECRET", "")
CIVILITY_WEBHOOK_TIMEOUT = env_float("CIVILITY_WEBHOOK_TIMEOUT", 2.0)
CIVILITY_OPENAI_API_KEY = env_str("CIVILITY_OPENAI_API_KEY", "")
CIVILITY_OPENAI_URL = env_str("CIVILITY_OPENAI_URL", "https://api.openai.com/v1/moderations")
CIVILITY_OPENAI_MODEL = env_str("CIVILITY_OPENAI_MODEL", "omni-moderation-latest")
CIVILITY_OPENAI_TIMEOUT = env_float("CIVILITY_OPENAI_TIMEOUT", 5.0)

# --- Moderation -------------------------------------------------------------------------------
# Defaults for the moderation policy row that administrators edit at /admin/ (thresholds, links,
# pre-moderation, report threshold); the rest are operational limits.
MODERATION_EMAIL = env_str("MODERATION_EMAIL", "moderators@localhost")
REPORT_EMAIL_BATCH_MINUTES = env_int("REPORT_EMAIL_BATCH_MINUTES", 0, minimum=0)
REPORT_HIDE_THRESHOLD = env_int("REPORT_HIDE_THRESHOLD", 4, minimum=0)
REPORTS_PER_HOUR = env_int("REPORTS_PER_HOUR", 20, minimum=1)
NETWORK_REPORTS_PER_HOUR = env_int("NETWORK_REPORTS_PER_HOUR", 200, minimum=1)
MODERATION_MAX_LINKS = env_int("MODERATION_MAX_LINKS", 1, minimum=0)
PREMODERATE_ALL = env_bool("PREMODERATE_ALL", False)
PREMODERATE_NEW_BELOW = env_int("PREMODERATE_NEW_BELOW", 0, minimum=0)
NOTIFY_REJECTIONS = env_bool("NOTIFY_REJECTIONS", False)
RATE_LIMIT_SECONDS = env_int("RATE_LIMIT_SECONDS", 15, minimum=0)
RATE_LIMIT_PER_HOUR = env_int("RATE_LIMIT_PER_HOUR", 10, minimum=1)
NETWORK_RATE_LIMIT_PER_HOUR = env_int("NETWORK_RATE_LIMIT_PER_HOUR", 300, minimum=1)
DUPLICATE_WINDOW_SECONDS = env_int("DUPLICATE_WINDOW_SECONDS", 600, minimum=0)
SPAM_MIN_SECONDS = env_int("SPAM_MIN_SECONDS", 3, minimum=0)
IP_RETENTION_DAYS = env_int("IP_RETENTION_DAYS", 30, minimum=0)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
LOGIN_MAX_ATTEMPTS = env_int("LOGIN_MAX_ATTEMPTS", 5, minimum=1)
LOGIN_MAX_ATTEMPTS_PER_NETWORK = env_int("LOGIN_MAX_ATTEMPTS_PER_NETWORK", 50, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 900, minimum=1)

# --- Readers ----------------------------------------------------------------------------------
# E-mailed verification links (the data download/erasure page, later reader sessions): how long a
# link works, and how many links one address can be sent per purpose in an hour.
VERIFICATION_LINK_MINUTES = env_int("VERIFICATION_LINK_MINUTES", 60, minimum=5)
VERIFICATION_MAILS_PER_HOUR = env_int("VERIFICATION_MAILS_PER_HOUR", 3, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
