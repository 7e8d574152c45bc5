"""Settings for the Workload Tracking System, read from environment variables.

Development needs nothing set: SQLite in ./var, DEBUG on only when WTS_DEBUG=1.
Production sets DATABASE_URL (PostgreSQL), SECRET_KEY and ALLOWED_HOSTS.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from wts.lib.env import env_bool, env_int, env_list, env_networks, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("WTS_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("WTS_DEBUG", False)
# "development" allows the built-in secret key; anything else requires SECRET_KEY.
ENVIRONMENT = env_str("WTS_ENVIRONMENT", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"WTS_ENVIRONMENT must be development, test or production, got {ENVIRONMENT!r}")
if ENVIRONMENT == "production" and DEBUG:
    # A debug page shows settings and stack traces to anyone who triggers an error.
    raise ImproperlyConfigured("WTS_DEBUG must not be on in production")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if ENVIRONMENT == "production":
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The address printed on slips and in the report's QR code. Development derives it from each
# request (wts.lib.site); production must say it, or those would point at a machine nobody reaches.
SITE_URL = env_url("SITE_URL")
if ENVIRONMENT == "production" and not SITE_URL:
    raise ImproperlyConfigured("SITE_URL must be set in production, e.g. SITE_URL=https://wts.example.go.th")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Named capabilities (wts/accounts/permissions.py) and the {% test_rule %} template tag; asked
    # through rules.test_rule, so no authentication backend (user.has_perm passes every superuser).
    "rules",
    "django_tasks",
    "django_tasks_db",
    "wts.core",
    "wts.geography",
    "wts.accounts",
    "wts.jobs",
    "wts.rounds",
    "wts.catalog",
    "wts.workflow",
    "wts.entry",
    "wts.audit",
    "wts.review",
    "wts.notifications",
    "wts.monitoring",
    "wts.documents",
    "wts.trail",
    "wts.spreadsheets",
    "wts.api",
    "wts.analytics",
]
if ENVIRONMENT in {"development", "test"}:
    # Demo accounts share a published password: the commands that create them never reach production.
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "wts.lib.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "wts.lib.site.RequestOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wts.accounts.middleware.HtmxLoginRedirectMiddleware",
    "wts.accounts.middleware.IdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wts.accounts.middleware.SecurityHeadersMiddleware",
    "wts.accounts.middleware.SecondFactorMiddleware",
    "wts.accounts.middleware.ForcePasswordChangeMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wts.urls"
WSGI_APPLICATION = "wts.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wts.core.context_processors.site",
                "wts.notifications.context_processors.bell",
                "wts.accounts.context_processors.session_page",
            ],
            "builtins": ["wts.core.templatetags.thai"],
        },
    },
]

# One variable chooses the database: SQLite file by default, PostgreSQL in production.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'wts.sqlite3'}"
try:
    _db = dj_database_url.parse(DATABASE_URL)
except Exception as exc:  # dj_database_url raises several types for a malformed URL
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at BEGIN so
    # concurrent writers queue on the busy timeout instead of failing with "database is locked".
    _db["OPTIONS"] = {
        "timeout": env_int("SQLITE_BUSY_TIMEOUT_SECONDS", 30, minimum=1),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    _db["TEST"] = {"NAME": env_str("SQLITE_TEST_NAME")} if env_str("SQLITE_TEST_NAME") else {}
    _db["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 0, minimum=0)
elif _db["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections roughly double the save throughput under load (docs/performance.md);
    # health checks drop a connection that died with a database restart. A database host that
    # does not answer fails the request after a few seconds instead of hanging the worker.
    _db["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
    _db["CONN_HEALTH_CHECKS"] = True
    # Django's backend, reading timestamps with psycopg's compiled loader (wts/lib/postgresql).
    _db["ENGINE"] = "wts.lib.postgresql"
    _db.setdefault("OPTIONS", {})
    _db["OPTIONS"].setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT_SECONDS", 5, minimum=1))
    # Prepared statements: a statement a connection has run DB_PREPARE_THRESHOLD times is kept
    # planned in PostgreSQL, and its arguments travel apart from the SQL. This halves
    # PostgreSQL's CPU per save (docs/performance.md, issue 16). 0 turns it off, as a pooler in
    # transaction mode in front of PostgreSQL needs (docs/deploy.md).
    _prepare = env_int("DB_PREPARE_THRESHOLD", 5, minimum=0)
    if _prepare:
        _db["OPTIONS"].setdefault("server_side_binding", True)
        _db["OPTIONS"].setdefault("prepare_threshold", _prepare)
else:
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "wts.accounts.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "wts.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "wts.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "wts.accounts.passwords.NumericPasswordValidator"},
    {"NAME": "wts.accounts.passwords.NotUsernameValidator"},
    {"NAME": "wts.accounts.passwords.NotOfficeWordsValidator"},
]

if ENVIRONMENT == "test":
    # Tests create many accounts; a fast hasher keeps the suite quick. Never used outside tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even before collectstatic
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("WTS_MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files (announcement attachments) live in the database, so every app server and worker
# reaches them without a shared disk (docs/deploy.md).
STORAGES = {
    "default": {"BACKEND": "wts.jobs.storage.DatabaseStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if ENVIRONMENT == "production"
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = ENVIRONMENT != "production"

SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 60 * 60, minimum=60)
# The session row is written only when it changes: IdleTimeoutMiddleware stamps the last activity
# at most every 5 minutes, which also pushes the session's expiry forward. Writing it on every
# request would add a write transaction to every page view (on SQLite, a wait for the write lock).
SESSION_SAVE_EVERY_REQUEST = False
# Polling for the notification count is not activity: it must not keep an idle session alive.
# Nor is a page fetching a fresh form token (wts/core/static/wts/drafts.js).
SESSION_BACKGROUND_PATHS = ("/notifications/bell/", "/accounts/form-token/")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", ENVIRONMENT == "production")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "wts.accounts.errors.csrf_failure"
# The reverse proxies in front of the application (addresses or networks). Only a request whose
# direct peer is one of them has its X-Forwarded-For believed, for the audit trail and the lockout
# (wts/lib/client_ip.py). Empty: the peer address is the client.
TRUSTED_PROXIES = env_networks("WTS_TRUSTED_PROXIES", [])
# Production runs behind a TLS-terminating reverse proxy that sets X-Forwarded-Proto (docs/deploy.md).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if ENVIRONMENT == "production" else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", ENVIRONMENT == "production")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if ENVIRONMENT == "production" else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# The preload directive only matters if the department submits its domain to the browsers' list.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS >= 31536000)
# No inline script anywhere: JavaScript lives in static files. Style attributes are tolerated
# (progress bars), style elements are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
WTS_MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_MB", 5, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = WTS_MAX_UPLOAD_BYTES
OTP_TOTP_ISSUER = "WTS สถ."
# After a wrong code the next try waits 5 s, doubling each time: guessing 6 digits becomes hopeless.
OTP_TOTP_THROTTLE_FACTOR = 5
# The second factor is offered to the roles that can change other people's accounts or the form.
OTP_ROLES = ["department_admin", "provincial_admin"]

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 30, minimum=1) / 60
# Lock by user name only: district offices share a few government NAT addresses, so locking an IP
# would lock out whole provinces.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "wts.accounts.views.locked_out"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_CLIENT_IP_CALLABLE = "wts.lib.client_ip.client_ip"

# Development writes every mail to a file in var/mail/ (listed at /dev/mail/), where a newcomer
# can read what the system sent; elsewhere the console, until EMAIL_BACKEND says SMTP.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend" if ENVIRONMENT == "development"
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "wts-noreply@dla.go.th")

# Help-desk contact shown in the footer of every page.
HELPDESK_NAME = env_str("HELPDESK_NAME", "กลุ่มพัฒนาระบบบริหาร กรมส่งเสริมการปกครองท้องถิ่น")
HELPDESK_PHONE = env_str("HELPDESK_PHONE", "0 2241 9000 ต่อ 1251-2")
HELPDESK_LINE_ID = env_str("HELPDESK_LINE_ID", "")

# Automatic reminders (manage.py send_reminders): days before each deadline, e.g. "7,3,1".
try:
    REMINDER_DAYS_BEFORE = sorted({int(d) for d in env_list("REMINDER_DAYS_BEFORE", ["7", "3", "1"])}, reverse=True)
except ValueError:
    raise ImproperlyConfigured("REMINDER_DAYS_BEFORE must be whole numbers separated by commas, e.g. 7,3,1") from None

# The flags' peer medians (districts of similar size, per round) are recomputed at most this often
# and shared by every page that shows flags (wts/workflow/flags.py); 0 recomputes them on every page.
WTS_PEER_STATS_SECONDS = env_int("PEER_STATS_SECONDS", 300, minimum=0)

# Background jobs (wts/jobs): Django's Tasks API with the database backend, so the SQLite set-up
# needs nothing more; `manage.py run_worker` runs them. The test suite runs jobs at once in the
# process that enqueues them ("immediate"), except the tests that start a real worker.
TASKS_BACKEND = env_str("WTS_TASKS_BACKEND", "immediate" if ENVIRONMENT == "test" else "database")
if TASKS_BACKEND not in {"database", "immediate"}:
    raise ImproperlyConfigured(f"WTS_TASKS_BACKEND must be database or immediate, got {TASKS_BACKEND!r}")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TASKS_BACKEND == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
    }
}
# A running job whose worker stopped writing its heartbeat for this long is re-run (or failed
# after JOB_MAX_ATTEMPTS), so a worker killed mid-job loses nothing.
JOB_HEARTBEAT_SECONDS = env_int("JOB_HEARTBEAT_SECONDS", 5, minimum=1)
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 60, minimum=2)
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 3, minimum=1)
# How often the worker's scheduler looks for reminders, expired files and stalled jobs.
JOB_SCHEDULER_SECONDS = env_int("JOB_SCHEDULER_SECONDS", 30, minimum=1)
# Generated files (exports, reports) are kept this long, then a job removes them.
DOWNLOAD_EXPIRY_HOURS = env_int("DOWNLOAD_EXPIRY_HOURS", 72, minimum=1)
# Email: sent by the worker in batches over one connection; a failed message is retried after
# EMAIL_RETRY_SECONDS, doubling each time, up to EMAIL_MAX_ATTEMPTS.
EMAIL_BATCH_SIZE = env_int("EMAIL_BATCH_SIZE", 50, minimum=1)
EMAIL_RETRY_SECONDS = env_int("EMAIL_RETRY_SECONDS", 60, minimum=1)
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 5, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
