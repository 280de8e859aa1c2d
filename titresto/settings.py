"""One settings module, driven by environment variables (each one listed in .env.example).

The defaults are the embedded run: SQLite, no Redis, mail to the console and to a folder.
Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=false.
"""

import hashlib
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR.parent / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def embedded_secret_key() -> str:
    """A key made once per data folder, so the embedded run needs no setup and no committed key."""
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or embedded_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "template_partials",
    "titresto.core",
    "titresto.clients",
    "titresto.accounts",
    "titresto.delivery",
    "titresto.beneficiaries",
    "titresto.cards",
    "titresto.orders",
    "titresto.fulfilment",
    "titresto.billing",
    "titresto.statistics",
    "titresto.support",
    "titresto.portal",
    "titresto.backoffice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "titresto.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "titresto.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "titresto.accounts.middleware.ActorMiddleware",
    "titresto.accounts.security.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "titresto.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "titresto.urls"
WSGI_APPLICATION = "titresto.wsgi.application"
ASGI_APPLICATION = "titresto.asgi.application"

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
                "titresto.core.context_processors.brand",
                "titresto.accounts.context_processors.actor",
                "titresto.portal.navigation.navigation",
            ],
            "builtins": ["titresto.core.templatetags.money", "titresto.core.templatetags.french"],
        },
    }
]

# Database: SQLite (WAL) embedded, PostgreSQL when DATABASE_URL is set.
SQLITE_PATH = DATA_DIR / "titresto.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # A 16 MiB page cache (the default is 2 MiB): a 100 000-line order inserts into
        # indexes on random keys (names, public ids), ~1 s faster when they stay in memory.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA cache_size=-16384;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: cache, sessions, Celery broker and channel layer when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    # The database cache is shared by the web server and the worker (login throttling needs that).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "titresto_cache",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "filesystem://localhost/")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_QUEUE_DIR = DATA_DIR / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR),
        "data_folder_out": str(CELERY_QUEUE_DIR),
        "processed_folder": str(DATA_DIR / "queue-processed"),
        "control_folder": str(DATA_DIR / "queue-control"),
        "store_processed": False,
        "polling_interval": 0.05,
    }
else:
    # A task a dead worker held comes back to the queue after this many seconds.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))
    }
CELERY_TASK_ACKS_LATE = True
# A task whose worker process died is queued again, not dropped (its work is idempotent).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
CELERY_TIMEZONE = "Europe/Paris"

# Authentication
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
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
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_HOURS", "2")) * 3600
ACTIVATION_LINK_HOURS = int(os.environ.get("ACTIVATION_LINK_HOURS", "48"))
ACTIVATION_MAX_ATTEMPTS = 5
# Login throttling: after LOGIN_FAILURES_PER_ACCOUNT failures on one account (or
# LOGIN_FAILURES_PER_IP from one address) within the window, further tries wait for the
# window to pass. Short on purpose: an attacker can slow a real user, never lock them out.
LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "5"))
LOGIN_FAILURES_PER_IP = int(os.environ.get("LOGIN_FAILURES_PER_IP", "30"))
LOGIN_THROTTLE_MINUTES = int(os.environ.get("LOGIN_THROTTLE_MINUTES", "15"))
# Reverse proxies in front of the app (0: clients connect directly). With n > 0, the client's
# address is the n-th from the right of X-Forwarded-For (what our first proxy saw); never set it
# higher than the real number of proxies, or clients can pick the address they are throttled by.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_HOURS", "8")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

# HTTPS in production (DEBUG off); the embedded run speaks plain HTTP on 127.0.0.1.
HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy, shaped like Django 6's SECURE_CSP so the move to 6.x is a rename.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}

# Internationalisation: French first; source strings are French, English is a catalog.
LANGUAGE_CODE = "fr"
# Each language named in its own tongue, whatever the page's language (not « Anglais »).
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["titresto.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Our own files sit in titresto/static; npm packages are copied to titresto/static/vendor by the build.
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
# Accounting documents (`billing`): immutable bytes read back through the storage API only, never
# by a URL. A folder under DATA_DIR embedded; an S3-compatible bucket when DOCUMENTS_S3_BUCKET is set.
DOCUMENTS_S3_BUCKET = os.environ.get("DOCUMENTS_S3_BUCKET", "")
if DOCUMENTS_S3_BUCKET:
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET,
            "endpoint_url": os.environ.get("DOCUMENTS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DOCUMENTS_S3_REGION") or None,
            "access_key": os.environ.get("DOCUMENTS_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("DOCUMENTS_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("DOCUMENTS_S3_PREFIX", "documents"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    STORAGES["documents"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "documents"), "base_url": None},
    }
WHITENOISE_USE_FINDERS = DEBUG

# Mail: SMTP when EMAIL_HOST is set, else one line on the console and a file in var/mail/*.eml.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "titresto.core.mail.ConsoleAndFolderBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Titresto <ne-pas-repondre@titresto.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The issuer: one deployment serves one issuer, so its identity is configuration.
ISSUER: dict[str, Any] = {
    "name": os.environ.get("ISSUER_NAME", "Titresto"),
    "product": os.environ.get("ISSUER_PRODUCT", "Carte Titresto Déjeuner"),
    "support_phone": os.environ.get("ISSUER_SUPPORT_PHONE", "01 23 45 67 89"),
    "support_email": os.environ.get("ISSUER_SUPPORT_EMAIL", "service-clients@titresto.example"),
    "support_hours": os.environ.get(
        "ISSUER_SUPPORT_HOURS", "du lundi au vendredi, de 8 h 30 à 18 h (hors jours fériés)"
    ),
    # Where clients' transfers go (checked by `orders.checks`).
    "iban": " ".join(os.environ.get("ISSUER_IBAN", "FR76 3000 6000 0112 3456 7890 189").split()),
    "bic": os.environ.get("ISSUER_BIC", "AGRIFRPPXXX").strip(),
    # The seller on every accounting document (DOMAIN.md, « Money and invoices »).
    "legal_name": os.environ.get("ISSUER_LEGAL_NAME", "Titresto SAS"),
    "siret": os.environ.get("ISSUER_SIRET", "90000000100017").strip(),
    "vat_number": os.environ.get("ISSUER_VAT_NUMBER", "FR68900000001").strip(),
    "address_line1": os.environ.get("ISSUER_ADDRESS_LINE1", "12 rue de la Paix"),
    "postcode": os.environ.get("ISSUER_POSTCODE", "75002"),
    "city": os.environ.get("ISSUER_CITY", "Paris"),
    "legal_form": os.environ.get("ISSUER_LEGAL_FORM", "SAS au capital de 1 000 000 €, RCS Paris"),
    "brand_color": os.environ.get("ISSUER_BRAND_COLOR", "#c8102e"),
    # Days between an invoice and its due date, and the late-payment penalty (mandatory mentions).
    "payment_terms_days": int(os.environ.get("ISSUER_PAYMENT_TERMS_DAYS", "30")),
    "late_penalty": os.environ.get("ISSUER_LATE_PENALTY", "trois fois le taux d'intérêt légal"),
}

# The support chat: messages a person may send a minute before being asked to wait.
SUPPORT_CHAT_MESSAGES_PER_MINUTE = int(os.environ.get("SUPPORT_CHAT_MESSAGES_PER_MINUTE", "20"))

# Card payments (`orders.payments`): the built-in sandbox, or Stripe Checkout.
PAYMENT_PROVIDER = os.environ.get("PAYMENT_PROVIDER", "sandbox").strip().lower()
PAYMENT_SANDBOX_ALLOWED = env_bool("PAYMENT_SANDBOX_ALLOWED", False)
PAYMENT_SANDBOX_SECRET = (
    os.environ.get("PAYMENT_SANDBOX_SECRET")
    or hashlib.sha256(f"payment-sandbox:{SECRET_KEY}".encode()).hexdigest()
)
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")

# Fulfilment's partners (`fulfilment.webhooks`): one signing secret each (empty: derived from
# SECRET_KEY, which the simulated partners use); the simulator walks paid orders through
# manufacture, shipment and delivery (on by default with DEBUG, i.e. `make run`).
PARTNER_WEBHOOK_SECRETS = {
    partner: os.environ.get(f"PARTNER_SECRET_{partner}")
    or hashlib.sha256(f"partner-{partner}:{SECRET_KEY}".encode()).hexdigest()
    for partner in ("MANUFACTURER", "CARRIER", "PROCESSOR")
}
FULFILMENT_SIMULATOR = env_bool("FULFILMENT_SIMULATOR", DEBUG)
# A simulated card processor: each completed day's purchases on the clients' cards, imported
# like the processor's file (the demo's « Statistiques d'utilisation carte »).
STATISTICS_SIMULATOR = env_bool("STATISTICS_SIMULATOR", DEBUG)
# Where the card processor drops its daily transaction files (FILE.csv with FILE.csv.sig).
PROCESSOR_INBOX = os.environ.get("PROCESSOR_INBOX") or str(DATA_DIR / "processor" / "inbox")
# A parcel's tracking link: {number} is its tracking number.
CARRIER_TRACKING_URLS = {
    "COLISSIMO": "https://www.laposte.fr/outils/suivre-vos-envois?code={number}",
    "CHRONOPOST": "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={number}",
}
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's own console handler, which would print each message a second time.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        # Each invoice's rendering steps, at INFO: not worth a line per document.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "factur-x": {"level": "WARNING"},
    },
}
