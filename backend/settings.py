"""Settings: one module, every value from the environment (django-environ).

With no environment at all this is the embedded default `make run` uses: SQLite, eager Celery
tasks, files on local disk, SMS printed to the console, gateway sandboxes served by the app.
Production sets DJANGO_DEBUG=false and must then give SECRET_KEY and ALLOWED_HOSTS.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

from backend.common.queues import declared_queues

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)  # SQLite file, media, static live here

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="embedded-default-insecure-key-for-local-runs-only")
else:
    SECRET_KEY = env.str("SECRET_KEY")  # required outside debug: fails loudly when missing

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Public base URL printed into QR codes and gateway callback URLs.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "backend.panel",  # before django.contrib.admin: its templates and catalog override the admin's
    "backend.panel.site.PanelAdminConfig",  # django.contrib.admin, with the panel's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",  # a rotated refresh token stops working
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc as our own static files (no CDN)
    # django-axes (as "axes", named for the panel): failed staff logins per username and address
    # (backend/identity/login_guard.py)
    "backend.panel.third_party.AxesConfig",
    "backend.common",
    "backend.municipality",
    "backend.identity",
    "backend.notifications",
    "backend.workflow",
    "backend.documents",
    "backend.payments",
    "backend.uploads",
    "oauth2_provider",  # django-oauth-toolkit: agencies' client credentials (backend/sharing)
    "backend.operator_console",
    "backend.sharing",
    "services.property",
    "services.holding_tax",
    "services.water_billing",
    "services.trade_license",
    "services.certificates",
    "services.estate_leases",
    # Last: its demo data builds the revenue facts from every service's demo payments
    # (load_demo_data runs in this order).
    "backend.monitor",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "backend.common.outages.OutageMiddleware",  # cache down: 503 in the request's language
    "backend.common.request_guards.ApiRequestGuardMiddleware",  # NUL: 400; /api/ 404s in JSON
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The clerk panel's language (the user's stored choice, default Bangla) and Bangla digits.
    "backend.panel.language.PanelLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers the admin form's refused logins
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"
ASGI_APPLICATION = "backend.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "backend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False  # each use-case opens its own transaction
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60 if not DEBUG else 0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under concurrent writes (the dev server's threads, a gateway's
    # retried IPNs): WAL lets readers go on beside the one writer; IMMEDIATE takes the write
    # lock when a transaction begins, so two transactions that read first never both try to
    # upgrade (SQLite refuses that at once, "database is locked", busy timeout or not); the
    # timeout (seconds) is then how long a writer waits its turn.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env.int("SQLITE_BUSY_TIMEOUT_SECONDS", default=20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# A PostgreSQL read replica for the monitor's and exports' reads (backend/common/db_router.py):
# only reads asked for with `replica_reads()`, never inside a transaction, never a write.
if env.str("REPLICA_DATABASE_URL", default=""):
    DATABASES["replica"] = env.db("REPLICA_DATABASE_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests: the same test database
DATABASE_ROUTERS = ["backend.common.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "identity.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time ---------------------------------------------------------------------------
# The API answers in the Accept-Language it is sent, English by default. The clerk panel
# (/admin/) speaks each user's stored choice, Bangla until they choose (backend/panel/language.py).
LANGUAGE_CODE = "en"
LANGUAGES = [("bn", "বাংলা"), ("en", "English")]
PANEL_DEFAULT_LANGUAGE = env.str("PANEL_DEFAULT_LANGUAGE", default="bn")
# One project catalog (backend/locale) for every app's strings; backend/panel/locale holds only
# fixes to Django's own Bangla catalogs (admin, forms), and wins over them by INSTALLED_APPS order.
LOCALE_PATHS = [BASE_DIR / "backend" / "locale"]
# Bangla dates and times in full (Django's bn formats leave datetimes to the English default).
FORMAT_MODULE_PATH = ["backend.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Dhaka"

# Files ---------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="local")  # local | s3
if STORAGE_BACKEND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}
    if not DEBUG
    else {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Cache: Redis when given (shared OTP resend windows across processes), else local memory.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Redis unreachable: fail within seconds (a 503, backend/common/outages.py), never hang.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("socket_connect_timeout", 2)
    CACHES["default"]["OPTIONS"].setdefault("socket_timeout", 2)

# API -----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "backend.identity.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # No Accept header, */* or application/json: JSON without parsing the header each time.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "backend.common.negotiation.JsonFirstNegotiation",
    "DEFAULT_SCHEMA_CLASS": "backend.common.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "backend.common.pagination.Pagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "backend.common.exception_handler.handle_exception",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DEFAULT_THROTTLE_RATES": {"otp": env.str("OTP_THROTTLE_RATE", default="30/hour")},
    "COERCE_DECIMAL_TO_STRING": True,
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=30)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=30)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
    "SIGNING_KEY": env.str("JWT_SIGNING_KEY", default=SECRET_KEY),
}
# Agencies' OAuth2 clients (backend/sharing): client-credentials applications, scopes per
# dataset and per agency, short-lived tokens.
OAUTH2_PROVIDER = {
    "SCOPES_BACKEND_CLASS": "backend.sharing.scopes.AgencyScopes",
    "ACCESS_TOKEN_EXPIRE_SECONDS": env.int("AGENCY_TOKEN_SECONDS", default=3600),
}
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"  # the agency's client (FK)
SPECTACULAR_SETTINGS = {
    "TITLE": "Pourashava citizen services API",
    "DESCRIPTION": "Holding tax, water billing, certificates, property and trade licences for "
    "Bangladesh's pourashavas. Send `Accept-Language: bn` for Bangla messages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The docs pages load their scripts from our static files: they work offline and under a CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge fetched from validator.swagger.io: the page asks nothing of another host.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # The shared Error component every declared 4xx refers to (backend/common/openapi.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "backend.common.openapi.postprocess",
    ],
}

# Identity ------------------------------------------------------------------------------------
OTP_TTL_SECONDS = env.int("OTP_TTL_SECONDS", default=300)
OTP_MAX_ATTEMPTS = env.int("OTP_MAX_ATTEMPTS", default=5)
OTP_RESEND_INTERVAL_SECONDS = env.int("OTP_RESEND_INTERVAL_SECONDS", default=60)
OTP_MAX_PER_NUMBER_PER_HOUR = env.int("OTP_MAX_PER_NUMBER_PER_HOUR", default=5)
OTP_MAX_PER_ADDRESS_PER_HOUR = env.int("OTP_MAX_PER_ADDRESS_PER_HOUR", default=20)
ASSISTED_SESSION_MINUTES = env.int("ASSISTED_SESSION_MINUTES", default=30)
NID_VERIFIER = env.str("NID_VERIFIER", default="sandbox")  # sandbox | porichoy
PORICHOY_BASE_URL = env.str("PORICHOY_BASE_URL", default="")
PORICHOY_API_KEY = env.str("PORICHOY_API_KEY", default="")

# Notifications -------------------------------------------------------------------------------
SMS_BACKEND = env.str("SMS_BACKEND", default="console")  # console | memory | http

# Background work -----------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
# No broker: tasks run in-process, so the embedded default needs nothing but Python.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Workers keep their database connection between tasks (a new one costs ~34 ms and plans on a
# cold cache; a national quarter is two tasks a pourashava). Celery then closes it only every
# this many tasks; backend/celery_connections.py drops a broken or CONN_MAX_AGE-old one before
# a task and releases a task's leftover session advisory locks (a job's claim) after it.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
CELERY_TIMEZONE = TIME_ZONE
# A queue per kind of work (backend/common/queues.py); all declared, so a worker without
# --queues takes every one, and `--queues runs` makes a dedicated worker.
CELERY_QUEUE_PREFIX = env.str("CELERY_QUEUE_PREFIX", default="")
CELERY_TASK_ROUTES = ("backend.common.queues.route_task",)
CELERY_TASK_QUEUES = declared_queues(CELERY_QUEUE_PREFIX)
CELERY_TASK_DEFAULT_QUEUE = f"{CELERY_QUEUE_PREFIX}celery"
CELERY_BEAT_SCHEDULE: dict = {}

# Security ------------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Health probes come over plain HTTP from the orchestrator.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- auth and notifications (citizen OTP login, staff login lockout, NID, SMS) ---
# Staff password login (API and admin form; backend/identity/login_guard.py): never by
# username alone, so nobody can lock a clerk out by typing their username elsewhere.
# django-axes locks a username from one address after this many wrong tries, for a while:
STAFF_LOGIN_MAX_FAILURES = env.int("STAFF_LOGIN_MAX_FAILURES", default=5)
STAFF_LOGIN_LOCK_SECONDS = env.int("STAFF_LOGIN_LOCK_SECONDS", default=900)
# ...and before that, past this many, each try from that address waits a doubling delay:
STAFF_LOGIN_DELAY_AFTER = env.int("STAFF_LOGIN_DELAY_AFTER", default=2)
STAFF_LOGIN_DELAY_BASE_SECONDS = env.int("STAFF_LOGIN_DELAY_BASE_SECONDS", default=2)
STAFF_LOGIN_DELAY_MAX_SECONDS = env.int("STAFF_LOGIN_DELAY_MAX_SECONDS", default=3600)
# One address failing this often over any usernames within the window is refused for a window.
STAFF_LOGIN_ADDRESS_MAX_FAILURES = env.int("STAFF_LOGIN_ADDRESS_MAX_FAILURES", default=20)
STAFF_LOGIN_ADDRESS_WINDOW_SECONDS = env.int("STAFF_LOGIN_ADDRESS_WINDOW_SECONDS", default=900)
AUTHENTICATION_BACKENDS = [
    "backend.identity.login_guard.LoginGuardBackend",  # refuses before any password is hashed
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # the pair, never the username alone
AXES_FAILURE_LIMIT = "backend.identity.login_guard.failure_limit"
AXES_COOLOFF_TIME = "backend.identity.login_guard.cool_off"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # refused tries do not extend the lock
AXES_USERNAME_CALLABLE = "backend.identity.login_guard.axes_username"
AXES_CLIENT_IP_CALLABLE = "backend.identity.audit.client_address_of"  # TRUSTED_PROXY_HOPS-aware
AXES_LOCKOUT_CALLABLE = "backend.identity.login_guard.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Locks reach the panel as security notices and audit entries (backend/identity/login_alerts.py);
# axes's own tables stay out of it (`manage.py axes_list_attempts`, `axes_reset_username`).
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Reverse proxies in front of the app whose X-Forwarded-For entries are trusted (0: use
# REMOTE_ADDR only), for the per-address OTP limit.
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)
PORICHOY_VERIFY_PATH = env.str("PORICHOY_VERIFY_PATH", default="/api/kyc/nid-person-values")
PORICHOY_TIMEOUT_SECONDS = env.float("PORICHOY_TIMEOUT_SECONDS", default=10.0)
SMS_HTTP_URL = env.str("SMS_HTTP_URL", default="")
SMS_HTTP_API_KEY = env.str("SMS_HTTP_API_KEY", default="")
SMS_HTTP_SENDER_ID = env.str("SMS_HTTP_SENDER_ID", default="")
SMS_HTTP_TIMEOUT_SECONDS = env.float("SMS_HTTP_TIMEOUT_SECONDS", default=10.0)
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["nid_verification"] = env.str(
    "NID_VERIFICATION_THROTTLE_RATE", default="10/day"
)
# SMS left undelivered (broker or provider down) are retried.
CELERY_BEAT_SCHEDULE["notifications-redeliver-pending-sms"] = {
    "task": "notifications.redeliver_pending_sms",
    "schedule": 300,
}

# --- uploads (supporting documents and photos; limits documented in backend/uploads/limits.py) ---
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
UPLOAD_DAILY_MAX_FILES = env.int("UPLOAD_DAILY_MAX_FILES", default=50)
UPLOAD_DAILY_MAX_BYTES = env.int("UPLOAD_DAILY_MAX_BYTES", default=100 * 1024 * 1024)
UPLOAD_MAX_IMAGE_PIXELS = env.int("UPLOAD_MAX_IMAGE_PIXELS", default=25_000_000)
# Files left in storage by an upload whose transaction rolled back.
CELERY_BEAT_SCHEDULE["uploads-purge-orphan-files"] = {
    "task": "uploads.purge_orphan_files",
    "schedule": 24 * 60 * 60,
}

# --- certificates ---
# SLA colours in the clerk panel: amber when under this share of a clock's window, or under
# this many hours, is left (services/certificates/sla.py); red when past.
CERTIFICATE_SLA_AMBER_FRACTION = env.float("CERTIFICATE_SLA_AMBER_FRACTION", default=0.25)
CERTIFICATE_SLA_AMBER_MIN_HOURS = env.float("CERTIFICATE_SLA_AMBER_MIN_HOURS", default=24)
CERTIFICATE_SIGNATURE_MAX_BYTES = env.int("CERTIFICATE_SIGNATURE_MAX_BYTES", default=512 * 1024)

# --- holding tax ---
# Each quarter's demands for every active pourashava, early on the quarter's first day (1 Jul,
# 1 Oct, 1 Jan, 1 Apr, Dhaka time); idempotent, so a late or repeated run changes nothing.
CELERY_BEAT_SCHEDULE["holding-tax-start-quarter"] = {
    "task": "holding_tax.start_quarter_everywhere",
    "schedule": crontab(minute=30, hour=0, day_of_month=1, month_of_year="1,4,7,10"),
}
# Water bills: last month's run for every active pourashava on the 8th (readings are taken on
# days 1-7); idempotent and resumable. Due-soon SMS daily.
CELERY_BEAT_SCHEDULE["water-billing-start-month"] = {
    "task": "water_billing.start_last_month_everywhere",
    "schedule": crontab(minute=15, hour=1, day_of_month=8),
}
CELERY_BEAT_SCHEDULE["water-billing-due-soon"] = {
    "task": "water_billing.due_soon_sms",
    "schedule": crontab(minute=0, hour=9),
}
# Trade licences: expire on 1 July those without a term for the new year; reminders from 1 June.
CELERY_BEAT_SCHEDULE["trade-license-daily"] = {
    "task": "trade_license.daily",
    "schedule": crontab(minute=45, hour=0),
}
# Market shops: the month's rent demands on the 1st; idempotent, so a repeat raises nothing.
CELERY_BEAT_SCHEDULE["estate-leases-shop-rent"] = {
    "task": "estate_leases.raise_shop_rent",
    "schedule": crontab(minute=0, hour=2, day_of_month=1),
}

# --- documents ---
# Ed25519 keys for document QR tokens: "kid:base64-raw-private-key" entries, the first signs.
# Unset with DEBUG on: one key is generated once into DOCUMENT_SIGNING_KEY_FILE (var/).
DOCUMENT_SIGNING_KEYS = env.str("DOCUMENT_SIGNING_KEYS", default="")
DOCUMENT_VERIFY_KEYS = env.str("DOCUMENT_VERIFY_KEYS", default="")  # retired "kid:public" keys
DOCUMENT_GENERATE_DEV_KEY = env.bool("DOCUMENT_GENERATE_DEV_KEY", default=DEBUG)
DOCUMENT_SIGNING_KEY_FILE = env.str(
    "DOCUMENT_SIGNING_KEY_FILE", default=str(VAR_DIR / "document-signing-key.pem")
)
DOCUMENT_VERIFY_BASE_URL = env.str(
    "DOCUMENT_VERIFY_BASE_URL", default=PUBLIC_BASE_URL.rstrip("/") + "/verify/"
)
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["document_verify"] = env.str(
    "DOCUMENT_VERIFY_THROTTLE_RATE", default="120/minute"
)

# --- payments ---

# Where gateways send the browser back (our callback view); defaults to PUBLIC_BASE_URL.
PAYMENTS_CALLBACK_BASE_URL = env.str("PAYMENTS_CALLBACK_BASE_URL", default="")
# Where the browser lands after a payment; {reference} and {status} are filled in. Empty: the
# small status page at /api/v1/payments/result/<reference>/ (an app deep link also works).
PAYMENTS_RESULT_URL = env.str("PAYMENTS_RESULT_URL", default="")
CELERY_BEAT_SCHEDULE.update(
    {
        "payments-reconcile-early": {
            "task": "payments.reconcile_pending",
            "schedule": crontab(minute="*/15"),
            "kwargs": {
                "older_than_minutes": env.int("PAYMENTS_RECONCILE_AFTER_MINUTES", default=15)
            },
        },
        "payments-reconcile-daily": {
            "task": "payments.reconcile_pending",
            "schedule": crontab(hour=2, minute=0),
            "kwargs": {"older_than_minutes": 30},
        },
    }
)

# --- revenue monitor ---
# Facts of today and yesterday, and of days changed late, every 20 minutes; the arrears snapshot
# nightly; the computed e-governance indicators early each morning (backend/monitor/tasks.py).
CELERY_BEAT_SCHEDULE["monitor-build-facts"] = {
    "task": "monitor.build_facts",
    "schedule": crontab(minute="5,25,45"),
}
CELERY_BEAT_SCHEDULE["monitor-build-facts-nightly"] = {
    "task": "monitor.build_facts",
    "schedule": crontab(hour=1, minute=15),
    "kwargs": {"snapshot": True},
}
CELERY_BEAT_SCHEDULE["monitor-compute-indicators"] = {
    "task": "monitor.compute_indicators",
    "schedule": crontab(hour=3, minute=0),
}

# --- payment gateways ---
# Adapters in backend/payments/gateways; with no environment they talk to the app's own sandboxes
# (/sandbox/..., on only when GATEWAY_SANDBOXES_ENABLED, default: DEBUG). Production sets each
# gateway's BASE_URL and credentials. Timeouts are seconds (connect, read) per call.
GATEWAY_SANDBOXES_ENABLED = env.bool("GATEWAY_SANDBOXES_ENABLED", default=DEBUG)
# With DEBUG off the app refuses to start while a gateway or the NID verifier is a sandbox,
# unless this says so (a try-out or staging stack that takes no real money).
ALLOW_SANDBOXES_IN_PRODUCTION = env.bool("ALLOW_SANDBOXES_IN_PRODUCTION", default=False)
_GATEWAY_SANDBOX = PUBLIC_BASE_URL.rstrip("/") + "/sandbox"
PAYMENT_GATEWAYS = {
    "bkash": {
        "BASE_URL": env.str(
            "BKASH_BASE_URL", default=_GATEWAY_SANDBOX + "/bkash/v1.2.0-beta/tokenized/checkout"
        ),
        "USERNAME": env.str("BKASH_USERNAME", default="sandbox-merchant"),
        "PASSWORD": env.str("BKASH_PASSWORD", default="sandbox-password"),
        "APP_KEY": env.str("BKASH_APP_KEY", default="sandbox-app-key"),
        "APP_SECRET": env.str("BKASH_APP_SECRET", default="sandbox-app-secret"),
        "CONNECT_TIMEOUT": env.float("BKASH_CONNECT_TIMEOUT", default=5.0),
        "READ_TIMEOUT": env.float("BKASH_READ_TIMEOUT", default=30.0),
    },
    "nagad": {
        "BASE_URL": env.str(
            "NAGAD_BASE_URL", default=_GATEWAY_SANDBOX + "/nagad/remote-payment-gateway-1.0/api/dfs"
        ),
        "MERCHANT_ID": env.str("NAGAD_MERCHANT_ID", default="683000000000001"),
        "MERCHANT_NUMBER": env.str("NAGAD_MERCHANT_NUMBER", default="01700000001"),
        "SERVER_IP": env.str("NAGAD_SERVER_IP", default="127.0.0.1"),  # X-KM-IP-V4 (whitelisted)
        # RSA keys as PEM text (or Nagad's bare base64); empty: the files below, generated once
        # when the sandboxes are on. GATEWAY_PUBLIC_KEY empty means the sandbox's own key.
        "MERCHANT_PRIVATE_KEY": env.str("NAGAD_MERCHANT_PRIVATE_KEY", default=""),
        "MERCHANT_PRIVATE_KEY_FILE": env.str(
            "NAGAD_MERCHANT_PRIVATE_KEY_FILE",
            default=str(VAR_DIR / "payments" / "nagad-merchant-private.pem"),
        ),
        "GATEWAY_PUBLIC_KEY": env.str("NAGAD_GATEWAY_PUBLIC_KEY", default=""),
        "SANDBOX_PRIVATE_KEY": env.str("NAGAD_SANDBOX_PRIVATE_KEY", default=""),
        "SANDBOX_PRIVATE_KEY_FILE": str(VAR_DIR / "payments" / "nagad-sandbox-private.pem"),
        "CONNECT_TIMEOUT": env.float("NAGAD_CONNECT_TIMEOUT", default=5.0),
        "READ_TIMEOUT": env.float("NAGAD_READ_TIMEOUT", default=30.0),
    },
    "sslcommerz": {
        "BASE_URL": env.str("SSLCOMMERZ_BASE_URL", default=_GATEWAY_SANDBOX + "/sslcommerz"),
        "STORE_ID": env.str("SSLCOMMERZ_STORE_ID", default="sandboxstore"),
        "STORE_PASSWORD": env.str("SSLCOMMERZ_STORE_PASSWORD", default="sandboxstore@ssl"),
        # Empty: the IPN goes to the same return_url the browser comes back to.
        "IPN_URL": env.str("SSLCOMMERZ_IPN_URL", default=""),
        "CUSTOMER_EMAIL": env.str("SSLCOMMERZ_CUSTOMER_EMAIL", default="citizen@example.com"),
        "CONNECT_TIMEOUT": env.float("SSLCOMMERZ_CONNECT_TIMEOUT", default=5.0),
        "READ_TIMEOUT": env.float("SSLCOMMERZ_READ_TIMEOUT", default=30.0),
    },
}
