"""Townsquare settings.

Every operator knob is an environment variable, read through the typed helpers in
``townsquare.lib.env`` so that a bad value stops the process with the variable's name. The
complete list, with defaults, is in ``.env.example`` and docs/configuration.md (a test keeps the
three in step).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from townsquare.lib.env import env_bool, env_float, env_int, env_json, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("TOWNSQUARE_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _private_file_create(path: Path, content: str) -> None:
    """Create ``path`` holding ``content``, readable by its owner only from the first byte.

    The file is written under a temporary name opened with mode 0600 (umask can only take bits
    away), then linked into place: two processes starting at once both succeed, the first one's
    file wins, and nobody ever reads a half-written file.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(content)
        with contextlib.suppress(FileExistsError):  # another process got there first: use its
            os.link(temporary, path)
    finally:
        temporary.unlink()


def _secret_key() -> str:
    """SECRET_KEY from the environment; on a one-machine SQLite site, a generated one.

    Every app server of a site must sign with the same key (sessions, device cookies, avatars,
    form timestamps), so a site that can span machines — one with DATABASE_URL or REDIS_URL —
    must set SECRET_KEY and stops at start-up without it. A site on its own SQLite file (the demo,
    a small site) may leave it unset: a key is generated once, kept in the data directory with
    owner-only permissions and reused, as a key that changed on every start would sign readers
    out and change every avatar.
    """
    configured = env_str("SECRET_KEY")
    if configured:
        return configured
    if env_str("DATABASE_URL") or env_str("REDIS_URL"):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DATABASE_URL or REDIS_URL the site can run on several "
            "machines, which must all sign with the same key: set SECRET_KEY (for instance to "
            "the output of `python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        _private_file_create(key_file, secrets.token_urlsafe(50))
    return key_file.read_text().strip()


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
    "django.contrib.sitemaps",  # /sitemap.xml (townsquare/stories/feeds.py)
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
    "townsquare.notifications",
    "townsquare.webhooks",
    "townsquare.embed",
    "townsquare.coral",
    "townsquare.scoring",
    # The web interface (views, admin, demo) on top of the domain apps above.
    "townsquare.front",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files get the policy too.
    "townsquare.lib.csp.ContentSecurityPolicyMiddleware",
    # Warns once if X-Forwarded-For shows TRUSTED_PROXY_COUNT does not match the proxies.
    "townsquare.lib.proxies.ForwardedForCheckMiddleware",
    # WhiteNoise; each file's description made once per process (townsquare/lib/staticfiles.py).
    "townsquare.lib.staticfiles.StaticFilesMiddleware",
    # Before anything reads request.POST: over-large form posts are read capped, not refused.
    "townsquare.lib.oversize.OversizeFormMiddleware",
    # Cache-Control: private, no-store on every staff page and staff API answer (they carry
    # e-mail addresses); outside the API's middleware so its own answers get it too.
    "townsquare.accounts.middleware.StaffResponsesPrivateMiddleware",
    # /admin/: a query-string number past 64 bits is a 400, not a database overflow (500).
    "townsquare.accounts.middleware.AdminQueryBoundsMiddleware",
    # /api/ and /embed/: body and query bounds, CORS for the sites' origins, JSON errors.
    # The interface language's scope (docs/translating.md), around the API's answers too.
    "townsquare.front.middleware.InterfaceLanguageMiddleware",
    "townsquare.api.middleware.ApiMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.townsquare_reader_email(): a verified reader's address, for "your own comment".
    "townsquare.readers.middleware.ReaderSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A dropped database connection (a restart, a failover) answers 503, never a bare 500.
    "townsquare.lib.dbfaults.DatabaseUnavailableMiddleware",
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
                "townsquare.front.context_processors.site",
                "townsquare.front.context_processors.viewer",
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
    # SQLite would create the file with the process's umask (often world-readable: comments,
    # e-mail addresses, IPs); an empty file is a valid empty database, so create it private first.
    # SQLite gives its -wal and -shm files the database file's permissions.
    _sqlite_name = str(DATABASES["default"]["NAME"])
    if _sqlite_name not in ("", ":memory:") and not _sqlite_name.startswith("file:"):
        _sqlite_path = Path(_sqlite_name)
        if not _sqlite_path.exists():
            _sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            _private_file_create(_sqlite_path, "")
    # WAL lets readers carry on while a comment is written; IMMEDIATE transactions take the write
    # lock up front so two concurrent posts queue on busy_timeout instead of failing with
    # "database is locked" half-way through. Connections are kept (DATABASE_CONN_MAX_AGE) like
    # PostgreSQL's: opening one costs the PRAGMAs, and closing the last one checkpoints the WAL.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# A PostgreSQL read replica for the public thread reads (townsquare/lib/replica.py). In tests
# it mirrors the default database.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["townsquare.lib.replica.ReplicaRouter"]
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

# Background work: the database backend by default (no broker to run); at scale
# TASKS_BACKEND=django_tasks_rq.RQBackend keeps the queue in Redis (REDIS_URL) and `townsquare
# worker` runs RQ workers. Either way `townsquare worker` also enqueues the periodic jobs when due
# (registered by their apps: townsquare/lib/periodic.py).
TASKS_BACKEND = env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": []}}
if TASKS_BACKEND == "django_tasks_rq.RQBackend":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=django_tasks_rq.RQBackend needs REDIS_URL")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS["default"]["QUEUES"] = ["default"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
# The interface languages that ship (docs/translating.md): a site picks one (Site.language), a
# story or the embed's lang option may pick another; catalogs live in townsquare/locale/.
LANGUAGES = [
    ("en-gb", "English"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("de", "German"),
    ("pt", "Portuguese"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["townsquare.lib.formats"]  # our en-gb times: 24-hour clock
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
# Uploaded photos live in a Django storage: a folder on this machine by default; with several
# app machines, a shared one (an S3-compatible bucket through django-storages, say; see
# docs/deployment.md), named by MEDIA_STORAGE with its options as JSON in MEDIA_STORAGE_OPTIONS.
STORAGES = {
    "default": {
        "BACKEND": env_str("MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env_json("MEDIA_STORAGE_OPTIONS", {}),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# --- Content-Security-Policy (townsquare/lib/csp.py) ------------------------------------------
# The site's pages need nothing but 'self'; these add sources (an ad network, say), separated by
# commas or spaces. See docs/configuration.md.
CSP_SCRIPT_SRC = env_list("CSP_SCRIPT_SRC", [])
CSP_STYLE_SRC = env_list("CSP_STYLE_SRC", [])
CSP_IMG_SRC = env_list("CSP_IMG_SRC", [])
CSP_FRAME_SRC = env_list("CSP_FRAME_SRC", [])
CSP_CONNECT_SRC = env_list("CSP_CONNECT_SRC", [])
CSP_FRAME_ANCESTORS = env_list("CSP_FRAME_ANCESTORS", ["'none'"])
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Strict-Transport-Security on HTTPS answers (Django's SecurityMiddleware): off by default, as a
# browser that saw it refuses plain HTTP to the host for that long. See docs/deployment.md.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "comments@localhost")
# Seconds the SMTP backend waits on the mail server before the sending task fails. Mail is sent
# by tasks (townsquare/moderation/tasks.py), never inside a reader's or moderator's request.
EMAIL_TIMEOUT = env_float("EMAIL_TIMEOUT", 10.0, above=0)

# --- Comments ---------------------------------------------------------------------------------
COMMENTS_MAX_DEPTH = env_int("COMMENTS_MAX_DEPTH", 5, minimum=1)
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50, minimum=1)
COMMENTS_REPLIES_SHOWN = env_int("COMMENTS_REPLIES_SHOWN", 3, minimum=0)
COMMENTS_REPLIES_PER_PAGE = env_int("COMMENTS_REPLIES_PER_PAGE", 100, minimum=1)
COMMENTS_MAX_LENGTH = env_int("COMMENTS_MAX_LENGTH", 5000, minimum=100)
# Open pages ask every LIVE_POLL_SECONDS whether new comments were published ("3 new comments");
# a shared cache (nginx, a CDN) may answer that question for LIVE_SHARED_MAX_AGE seconds.
LIVE_POLL_SECONDS = env_int("LIVE_POLL_SECONDS", 15, minimum=0)
LIVE_SHARED_MAX_AGE = env_int("LIVE_SHARED_MAX_AGE", 5, minimum=0)
# Site defaults; each site may set its own (sites.Site), and each story its closing delay.
COMMENTS_EDIT_MINUTES = env_int("COMMENTS_EDIT_MINUTES", 5, minimum=0)
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 0, minimum=0)
# Respect: changes (respect or undo) one reader, and one network, may make in an hour.
RESPECTS_PER_HOUR = env_int("RESPECTS_PER_HOUR", 120, minimum=1)
NETWORK_RESPECTS_PER_HOUR = env_int("NETWORK_RESPECTS_PER_HOUR", 2000, minimum=1)
ADDRESS_RESPECTS_PER_HOUR = env_int("ADDRESS_RESPECTS_PER_HOUR", 300, minimum=1)
# The "Featured" section above a thread shows at most this many moderators' picks.
COMMENTS_FEATURED_MAX = env_int("COMMENTS_FEATURED_MAX", 5, minimum=0)

# --- Public pages ---------------------------------------------------------------------------
# Anonymous readers get pages every reader sees alike, with these lifetimes (seconds) in
# Cache-Control: the browser's, a shared cache's (nginx, a CDN), and how long a shared cache may
# serve a stale copy while it revalidates (a 304 costs us no render).
PAGE_MAX_AGE = env_int("PAGE_MAX_AGE", 30, minimum=0)
PAGE_SHARED_MAX_AGE = env_int("PAGE_SHARED_MAX_AGE", 60, minimum=0)
PAGE_STALE_WHILE_REVALIDATE = env_int("PAGE_STALE_WHILE_REVALIDATE", 300, minimum=0)

# --- Stories ----------------------------------------------------------------------------------
# Seconds to wait for a CMS page when a site fetches its stories' metadata (Site.fetch_metadata).
METADATA_FETCH_TIMEOUT = env_float("METADATA_FETCH_TIMEOUT", 5.0, above=0)
# New stories one client address (and, loosely, one network) may create by first views an hour.
FIRST_VIEW_STORIES_PER_HOUR = env_int("FIRST_VIEW_STORIES_PER_HOUR", 20, minimum=1)
NETWORK_FIRST_VIEW_STORIES_PER_HOUR = env_int("NETWORK_FIRST_VIEW_STORIES_PER_HOUR", 200, minimum=1)
AD_AFTER_PARAGRAPH = env_int("AD_AFTER_PARAGRAPH", 3, minimum=0)
AD_HTML = env_str("AD_HTML", "")

# --- Civility ---------------------------------------------------------------------------------
# local (default) = the shipped model, or the site model once `townsquare civility learn`/`use site`
# activates one; shipped / site force one; webhook / openai call a remote service (off by default,
# fail closed). Thresholds compare Scores.civility (the highest of the five attributes); see
# docs/civility.md for how they were chosen.
CIVILITY_BACKEND = env_str("CIVILITY_BACKEND", "local")
CIVILITY_NUDGE_THRESHOLD = env_float("CIVILITY_NUDGE_THRESHOLD", 0.457)
CIVILITY_HOLD_THRESHOLD = env_float("CIVILITY_HOLD_THRESHOLD", 0.622)
CIVILITY_REJECT_THRESHOLD = env_float("CIVILITY_REJECT_THRESHOLD", 0.841)
CIVILITY_WEBHOOK_URL = env_str("CIVILITY_WEBHOOK_URL", "")
CIVILITY_WEBHOOK_SECRET = env_str("CIVILITY_WEBHOOK_SECRET", "")
CIVILITY_WEBHOOK_TIMEOUT = env_float("CIVILITY_WEBHOOK_TIMEOUT", 2.0)
CIVILITY_OPENAI_API_KEY = env_str("CIVILITY_OPENAI_API_KEY", "")
CIVILITY_OPENAI_URL = env_str("CIVILITY_OPENAI_URL", "https://api.openai.com/v1/moderations")
CIVILITY_OPENAI_MODEL = env_str("CIVILITY_OPENAI_MODEL", "omni-moderation-latest")
CIVILITY_OPENAI_TIMEOUT = env_float("CIVILITY_OPENAI_TIMEOUT", 5.0)
CIVILITY_MODEL_CHECK_SECONDS = env_float("CIVILITY_MODEL_CHECK_SECONDS", 5.0)
CIVILITY_ENCODER_THREADS = env_int("CIVILITY_ENCODER_THREADS", 1, minimum=0)

# --- Scoring for other platforms (the Perspective-compatible endpoint; docs/coral.md) --------
SCORING_KEY_RATE_PER_MINUTE = env_int("SCORING_KEY_RATE_PER_MINUTE", 600, minimum=1)
SCORING_TIMEOUT = env_float("SCORING_TIMEOUT", 0.6, above=0)
SCORING_DASHBOARD_THRESHOLD = env_float("SCORING_DASHBOARD_THRESHOLD", 0.8)
# Days a call's record (scores, model, keyed hash; never text) is kept for the dashboard.
SCORING_CALLS_KEEP_DAYS = env_int("SCORING_CALLS_KEEP_DAYS", 90, minimum=1)
# "scoring": serve only the scoring endpoints, the Coral phase and the admin (docs/coral.md).
TOWNSQUARE_ONLY = env_str("TOWNSQUARE_ONLY", "")
if TOWNSQUARE_ONLY == "scoring":
    ROOT_URLCONF = "townsquare.scoring_only_urls"
elif TOWNSQUARE_ONLY:
    raise ImproperlyConfigured("TOWNSQUARE_ONLY is empty (everything) or 'scoring'")
# Machine clients follow no redirect: an https redirect (SECURE_SSL_REDIRECT) must not meet them.
SECURE_REDIRECT_EXEMPT = [r"^perspective/", r"^integrations/"]

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
# Busy above this many comments an hour from one IP address (as the line above for a network):
# new browsers' comments then wait for a moderator; established ones and verified readers post.
ADDRESS_RATE_LIMIT_PER_HOUR = env_int("ADDRESS_RATE_LIMIT_PER_HOUR", 30, minimum=1)
# New device ids (browsers) one IP address, and one network, may be issued in an hour; a browser
# counts as established once its id is DEVICE_ESTABLISHED_HOURS old.
DEVICE_IDS_PER_ADDRESS_PER_HOUR = env_int("DEVICE_IDS_PER_ADDRESS_PER_HOUR", 20, minimum=1)
DEVICE_IDS_PER_NETWORK_PER_HOUR = env_int("DEVICE_IDS_PER_NETWORK_PER_HOUR", 200, minimum=1)
DEVICE_ESTABLISHED_HOURS = env_int("DEVICE_ESTABLISHED_HOURS", 24, minimum=0)
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
# ... and how many links one client (its browser, and its IP address) and one network may ask for.
VERIFICATION_MAILS_PER_CLIENT_PER_HOUR = env_int(
    "VERIFICATION_MAILS_PER_CLIENT_PER_HOUR", 5, minimum=1
)
VERIFICATION_MAILS_PER_NETWORK_PER_HOUR = env_int(
    "VERIFICATION_MAILS_PER_NETWORK_PER_HOUR", 50, minimum=1
)
# Verified readers (docs/readers.md): how long a reader session lasts without being used.
READER_SESSION_DAYS = env_int("READER_SESSION_DAYS", 365, minimum=1)
# Digests (0 turns one off): moderators' summary of what waits, readers' daily replies.
MODERATOR_DIGEST_SECONDS = env_int("MODERATOR_DIGEST_SECONDS", 24 * 3600, minimum=0)
READER_DIGEST_SECONDS = env_int("READER_DIGEST_SECONDS", 24 * 3600, minimum=0)
# --- Events and webhooks (townsquare/lib/events.py, townsquare/webhooks) ---------------------
WEBHOOK_TIMEOUT = env_float("WEBHOOK_TIMEOUT", 5.0, above=0)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6, minimum=1)
WEBHOOK_RETRY_SECONDS = env_int("WEBHOOK_RETRY_SECONDS", 30, minimum=1)
# Webhook URLs on loopback or private networks are refused unless the operator allows them.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)
# --- Coral's external moderation phase (townsquare/coral, docs/coral.md) -----------------
# Seconds a comment may take to score before the phase answers 503 (Coral then fails open); keep
# it under the timeout set in Coral's admin. A signed body seen again within REPLAY seconds is
# refused (409).
CORAL_PHASE_TIMEOUT = env_float("CORAL_PHASE_TIMEOUT", 0.5, above=0)
CORAL_PHASE_REPLAY_SECONDS = env_int("CORAL_PHASE_REPLAY_SECONDS", 300, minimum=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (403, 400) is logged in one line, without its traceback (lib/logs.py).
    "filters": {"client_errors": {"()": "townsquare.lib.logs.ClientErrorsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
