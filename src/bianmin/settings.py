"""Bianmin settings, read from the environment.

Works with no configuration at all: SQLite under ``var/``, a secret key generated into ``var/`` on first
run, debug off. ``DATABASE_URL`` switches to PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("BIANMIN_VAR_DIR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "bianmin.security",
    "bianmin.orgs",
    "bianmin.catalog",
    "bianmin.workdays",
    "bianmin.cases",
    "bianmin.feedback",
    "bianmin.outreach",
    "bianmin.attendance",
    "bianmin.duty",
    "bianmin.complaints",
    "bianmin.supervision",
    "bianmin.performance",
    "bianmin.reports",
    "bianmin.disclosure",
    "bianmin.queue",  # queue: tickets, calling and the hall display (排队叫号)
    "bianmin.notify",  # notify: the outbox, its worker and channels (通知)
    "bianmin.consultations",  # consultations: the consultation log (咨询登记) and its FAQ
    "bianmin.appointments",  # appointments: slots, bookings, check-in and no-shows (预约)
    "bianmin.bulletins",  # bulletins: public notices (公告, 民生信息)
    "bianmin.fees",  # fees: payables, payments, receipts and the daily reconciliation (统一收费)
    "bianmin.seals",  # seals: the numbered seal registry and every use (印章管理)
    "bianmin.mediation",  # mediation: dispute mediation cases and agreements (矛盾纠纷调解)
    "bianmin.archive",  # archive: boxes, retention, loans and disposal (立卷归档)
    "bianmin.submissions",
    "bianmin.hall",
    "bianmin.counter",
    "bianmin.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bianmin.lib.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known (its 400 answer is translated), before anything reads the database.
    "bianmin.lib.middleware.RejectControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bianmin.urls"
WSGI_APPLICATION = "bianmin.wsgi.application"

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
            ],
        },
    },
]


def _database(url: str) -> dict[str, Any]:
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Several clerks write at once on a small center's SQLite: take the write lock at BEGIN
        # (no upgrade deadlocks), wait instead of failing, and let readers run beside the writer (WAL).
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
        }
        config["CONN_MAX_AGE"] = 0
    return config


DATABASES = {"default": _database(os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'bianmin.sqlite3'}"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out user or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "bianmin.security.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = VAR_DIR / "uploads"  # outside the web root; files are served only through views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/counter/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "bianmin.orgs.authentication.StaffTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "bianmin.lib.api.PageNumberPagination",
    # JSON only: the bodies nest (an applicant inside a registration), which a form cannot say. Other
    # types answer 415. (The token endpoint also takes a form.)
    "DEFAULT_PARSER_CLASSES": ["bianmin.lib.parsers.JSONParser"],
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "bianmin.lib.schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["bianmin.lib.api.FilterBackend"],
    "EXCEPTION_HANDLER": "bianmin.lib.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Bianmin API",
    "DESCRIPTION": "便民服务中心办件系统 API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed drf-spectacular-sidecar, not a CDN: the docs work offline and under
    # the Content-Security-Policy.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Each choice set under its own name: several share a field name ("kind", "state", "type"), and one
    # set can sit under two field names (delivery_method / method).
    "ENUM_NAME_OVERRIDES": {
        "ApplicantKindEnum": "bianmin.cases.models.ApplicantKind",
        "CaseKindEnum": "bianmin.catalog.models.CaseKind",
        "OrgKindEnum": "bianmin.orgs.models.OrgKind",
        "CaseStateEnum": "bianmin.cases.models.CaseState",
        "TaskStateEnum": "bianmin.cases.models.TaskState",
        "StepEnum": "bianmin.cases.steps.Step",
        "NoticeTypeEnum": "bianmin.cases.models.NoticeType",
        "SuspensionTypeEnum": "bianmin.cases.models.SuspensionType",
        "DeliveryMethodEnum": "bianmin.cases.models.DeliveryMethod",
        "WarningLevelEnum": "bianmin.cases.deadlines.WarningLevel",
        "GreenChannelEnum": "bianmin.cases.models.GreenChannel",
        "MarketDayStateEnum": "bianmin.outreach.models.MarketDayState",
        "VisitStateEnum": "bianmin.outreach.models.VisitState",
        "VisitReasonEnum": "bianmin.outreach.models.VisitReason",
        "DutyKindEnum": "bianmin.duty.models.DutyKind",
        "ReportKindEnum": "bianmin.submissions.models.ReportKind",
        "FigureKindEnum": ["count", "rate", "days", "minutes"],
        "DutySourceEnum": "bianmin.duty.models.EntrySource",
        "MeetingKindEnum": "bianmin.duty.models.MeetingKind",
        "LeaveKindEnum": "bianmin.attendance.models.LeaveKind",
        "SessionEnum": "bianmin.attendance.models.Session",
        "LeaveStateEnum": "bianmin.attendance.models.LeaveState",
        "LeaveApproverEnum": "bianmin.attendance.models.ApproverRole",
        "ComplaintChannelEnum": "bianmin.complaints.models.Channel",
        "ComplaintStateEnum": "bianmin.complaints.models.ComplaintState",
        "ReplyModeEnum": "bianmin.complaints.models.ReplyMode",
        "OpinionSourceEnum": "bianmin.complaints.models.OpinionSource",
        "OpinionStateEnum": "bianmin.complaints.models.OpinionState",
        "AuthorKindEnum": "bianmin.complaints.models.AuthorKind",
        "CaseChannelEnum": "bianmin.cases.models.Channel",
        "DisputeKindEnum": "bianmin.mediation.models.DisputeKind",
        "MediationChannelEnum": "bianmin.mediation.models.MediationChannel",
        "MediationStateEnum": "bianmin.mediation.models.MediationState",
        "MediationOutcomeEnum": "bianmin.mediation.models.Outcome",
        "MediationCloseOutcomeEnum": ["no_agreement", "referred"],
        "RatingLevelEnum": "bianmin.feedback.models.Level",
        "RatingChannelEnum": "bianmin.feedback.models.RatingChannel",
        "ExclusionEnum": "bianmin.feedback.models.Exclusion",
        "AppointmentStateEnum": "bianmin.appointments.models.AppointmentState",
        "BookingChannelEnum": "bianmin.appointments.models.BookingChannel",
        "AppointmentEventKindEnum": "bianmin.appointments.models.EventKind",
        "TicketPriorityEnum": "bianmin.queue.models.Priority",
        "TicketStateEnum": "bianmin.queue.models.TicketState",
        "TicketEventKindEnum": "bianmin.queue.models.EventKind",
        "ConsultationChannelEnum": "bianmin.consultations.models.ConsultationChannel",
        "ConsultationAnswerEnum": "bianmin.consultations.models.Answer",
        "ConsultationStateEnum": "bianmin.consultations.models.State",
        "ConsultationEventTypeEnum": "bianmin.consultations.models.EventType",
        "FaqStateEnum": "bianmin.consultations.models.FaqState",
        "MessageKindEnum": "bianmin.notify.kinds.MessageKind",
        "MessageChannelEnum": "bianmin.notify.kinds.ChannelKind",
        "FeeMethodEnum": "bianmin.fees.models.Method",
        "FeeEntryKindEnum": "bianmin.fees.models.EntryKind",
        "FeePayableSourceEnum": "bianmin.fees.models.PayableSource",
        "MessageStateEnum": "bianmin.notify.models.MessageState",
        "BulletinKindEnum": "bianmin.bulletins.models.BulletinKind",
        "BulletinStateEnum": "bianmin.bulletins.models.BulletinState",
        "SubmissionStateEnum": "bianmin.submissions.models.SubmissionState",
        "SealKindEnum": "bianmin.seals.models.SealKind",
        "SealStatusEnum": "bianmin.seals.models.SealStatus",
        "SealRequestStateEnum": "bianmin.seals.models.RequestState",
        "SealHandoverStateEnum": "bianmin.seals.models.HandoverState",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Bianmin's own settings.
BIANMIN = {
    # E-supervision thresholds in working days (per-county values may override these).
    "WARNING_DAYS_LEFT": int(os.environ.get("BIANMIN_WARNING_DAYS_LEFT", "1")),
    "RED_CARD_DAYS_OVERDUE": int(os.environ.get("BIANMIN_RED_CARD_DAYS_OVERDUE", "3")),
    # 好差评: working days to rectify a 差评 (国办发〔2019〕51号 leaves the period to local rules).
    "RECTIFICATION_DAYS": int(os.environ.get("BIANMIN_RECTIFICATION_DAYS", "15")),
    # How long (seconds) a process trusts its cached working-day calendar before checking for new overrides.
    "CALENDAR_RECHECK_SECONDS": float(os.environ.get("BIANMIN_CALENDAR_RECHECK_SECONDS", "5")),
    # How long (seconds) a process trusts its cached permission sets before checking for role changes made
    # by another process (its own changes it sees at once).
    "PERMISSION_RECHECK_SECONDS": float(os.environ.get("BIANMIN_PERMISSION_RECHECK_SECONDS", "5")),
}

# The key that signs each daily seal (日封存) lives outside the database, so someone who can only write the
# database cannot recompute a seal. ``BIANMIN_SEAL_KEY`` wins; else a key file is generated on first use.
SEAL_KEY = os.environ.get("BIANMIN_SEAL_KEY", "")
SEAL_KEY_FILE = Path(os.environ.get("BIANMIN_SEAL_KEY_FILE", VAR_DIR / "seal_key")).resolve()

# What other apps hold a case step on (``cases.holds``): the step's value → checks (case, actor, today) → refusal.
STEP_HOLDS: dict[str, list[str]] = {
    # fees: unpaid fees, unless waived, hold the delivery (000 篇8 ⑥ 统一收费)
    "deliver": ["bianmin.fees.holds.unpaid_fees"],
    # seals: a conclusion that needs a seal waits for its use to be logged (003 第5篇 印章管理)
    "conclude": ["bianmin.seals.holds.seal_use_missing"],
}

# The address citizens reach the public pages at; printed in QR codes on notices.
PUBLIC_BASE_URL = os.environ.get("BIANMIN_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Reverse proxies whose X-Forwarded-For / X-Real-IP name the client (addresses or networks, e.g.
# "127.0.0.1,10.0.0.0/8"). From anyone else these headers are ignored: a client could write anything there.
TRUSTED_PROXIES = [str(ipaddress.ip_network(p, strict=False)) for p in _env_list("BIANMIN_TRUSTED_PROXIES")]

# Wrong number/query-code pairs allowed per client before lookups are refused for a while (counted in the
# database, bianmin.security, so the limit holds across worker processes).
PROGRESS_LOOKUP_LIMIT = int(os.environ.get("BIANMIN_PROGRESS_LOOKUP_LIMIT", "10"))
PROGRESS_LOOKUP_WINDOW = int(os.environ.get("BIANMIN_PROGRESS_LOOKUP_WINDOW", "600"))
# Anonymous complaints and opinion-book messages posted online: so many per client per window (seconds).
PUBLIC_COMPLAINT_LIMIT = int(os.environ.get("BIANMIN_PUBLIC_COMPLAINT_LIMIT", "5"))
PUBLIC_COMPLAINT_WINDOW = int(os.environ.get("BIANMIN_PUBLIC_COMPLAINT_WINDOW", "3600"))
# A village station's public rota (004 公开轮值表): page views per client per window (seconds).
PUBLIC_ROTA_LIMIT = int(os.environ.get("BIANMIN_PUBLIC_ROTA_LIMIT", "60"))
PUBLIC_ROTA_WINDOW = int(os.environ.get("BIANMIN_PUBLIC_ROTA_WINDOW", "60"))
# Meetings and training (例会/培训): attendees are reminded this many working days before.
MEETING_REMINDER_WORKDAYS = int(os.environ.get("BIANMIN_MEETING_REMINDER_WORKDAYS", "2"))
# A center's public disclosure (办结公告, page and API): views per client per window (seconds).
PUBLIC_DISCLOSURE_LIMIT = int(os.environ.get("BIANMIN_PUBLIC_DISCLOSURE_LIMIT", "120"))
PUBLIC_DISCLOSURE_WINDOW = int(os.environ.get("BIANMIN_PUBLIC_DISCLOSURE_WINDOW", "60"))
# Public notices (bianmin.bulletins, page and API): views per client per window (seconds).
PUBLIC_BULLETINS_LIMIT = int(os.environ.get("BIANMIN_PUBLIC_BULLETINS_LIMIT", "120"))
PUBLIC_BULLETINS_WINDOW = int(os.environ.get("BIANMIN_PUBLIC_BULLETINS_WINDOW", "60"))
# Appointments (bianmin.appointments): three no-shows within 30 days block online booking for 30 days,
# by ID number; online bookings, and wrong code/phone pairs when a citizen cancels or moves, per client per
# window (seconds); views of the free slots per client per window (seconds).
APPOINTMENT_NOSHOW_LIMIT = int(os.environ.get("BIANMIN_APPOINTMENT_NOSHOW_LIMIT", "3"))
APPOINTMENT_NOSHOW_DAYS = int(os.environ.get("BIANMIN_APPOINTMENT_NOSHOW_DAYS", "30"))
APPOINTMENT_BLOCK_DAYS = int(os.environ.get("BIANMIN_APPOINTMENT_BLOCK_DAYS", "30"))
PUBLIC_APPOINTMENT_LIMIT = int(os.environ.get("BIANMIN_PUBLIC_APPOINTMENT_LIMIT", "10"))
PUBLIC_APPOINTMENT_WINDOW = int(os.environ.get("BIANMIN_PUBLIC_APPOINTMENT_WINDOW", "3600"))
PUBLIC_SLOTS_LIMIT = int(os.environ.get("BIANMIN_PUBLIC_SLOTS_LIMIT", "120"))
PUBLIC_SLOTS_WINDOW = int(os.environ.get("BIANMIN_PUBLIC_SLOTS_WINDOW", "60"))
# Consultations (bianmin.consultations): a follow-up is due this many working days after it is marked; a
# topic asked this many times within the last days counts as a frequent question (the FAQ's candidates).
CONSULTATION_FOLLOW_UP_DAYS = int(os.environ.get("BIANMIN_CONSULTATION_FOLLOW_UP_DAYS", "3"))
CONSULTATION_FAQ_MIN_ASKED = int(os.environ.get("BIANMIN_CONSULTATION_FAQ_MIN_ASKED", "3"))
CONSULTATION_FAQ_DAYS = int(os.environ.get("BIANMIN_CONSULTATION_FAQ_DAYS", "90"))
# 矛盾纠纷调解: the mediation's time limit (calendar days; 人民调解法 sets none, local rules use 30), the follow-up
# visit after an agreement, and how many days before the limit the supervision board warns.
MEDIATION_LIMIT_DAYS = int(os.environ.get("BIANMIN_MEDIATION_LIMIT_DAYS", "30"))
MEDIATION_FOLLOW_UP_DAYS = int(os.environ.get("BIANMIN_MEDIATION_FOLLOW_UP_DAYS", "15"))
MEDIATION_WARNING_DAYS = int(os.environ.get("BIANMIN_MEDIATION_WARNING_DAYS", "3"))
# Notify (bianmin.notify): the SMS gateway (an HTTP API taking a template id and parameters, signed with
# HMAC-SHA256 of the body by the key's secret; the 短信签名 the messages go out under), the worker's batch,
# lease and retries (attempt n waits base·2^(n-1) seconds; after the last one the message has failed), and how
# long a case step settles before the harvest reads it (a transaction that commits late is not passed over).
NOTIFY_SMS_URL = os.environ.get("BIANMIN_NOTIFY_SMS_URL", "")
NOTIFY_SMS_KEY = os.environ.get("BIANMIN_NOTIFY_SMS_KEY", "")
NOTIFY_SMS_SECRET = os.environ.get("BIANMIN_NOTIFY_SMS_SECRET", "")
NOTIFY_SMS_SIGNATURE = os.environ.get("BIANMIN_NOTIFY_SMS_SIGNATURE", "便民服务中心")
NOTIFY_SMS_TIMEOUT = float(os.environ.get("BIANMIN_NOTIFY_SMS_TIMEOUT", "10"))
NOTIFY_BATCH = int(os.environ.get("BIANMIN_NOTIFY_BATCH", "50"))
NOTIFY_LEASE_SECONDS = int(os.environ.get("BIANMIN_NOTIFY_LEASE_SECONDS", "300"))
NOTIFY_MAX_ATTEMPTS = int(os.environ.get("BIANMIN_NOTIFY_MAX_ATTEMPTS", "6"))
NOTIFY_BACKOFF_SECONDS = int(os.environ.get("BIANMIN_NOTIFY_BACKOFF_SECONDS", "60"))
NOTIFY_SETTLE_SECONDS = int(os.environ.get("BIANMIN_NOTIFY_SETTLE_SECONDS", "30"))
NOTIFY_SLEEP_SECONDS = int(os.environ.get("BIANMIN_NOTIFY_SLEEP_SECONDS", "20"))
EMAIL_BACKEND = os.environ.get("BIANMIN_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("BIANMIN_DEFAULT_FROM_EMAIL", "noreply@localhost")
EMAIL_HOST = os.environ.get("BIANMIN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("BIANMIN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("BIANMIN_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("BIANMIN_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("BIANMIN_EMAIL_USE_TLS", "") == "1"
EMAIL_TIMEOUT = int(os.environ.get("BIANMIN_EMAIL_TIMEOUT", "10"))
# Queue (bianmin.queue): tickets taken and appointment check-ins at a kiosk per client per window (seconds);
# reads of the hall display per client per window (a screen polls about once a second).
PUBLIC_TICKET_LIMIT = int(os.environ.get("BIANMIN_PUBLIC_TICKET_LIMIT", "30"))
PUBLIC_TICKET_WINDOW = int(os.environ.get("BIANMIN_PUBLIC_TICKET_WINDOW", "600"))
QUEUE_DISPLAY_LIMIT = int(os.environ.get("BIANMIN_QUEUE_DISPLAY_LIMIT", "600"))
QUEUE_DISPLAY_WINDOW = int(os.environ.get("BIANMIN_QUEUE_DISPLAY_WINDOW", "300"))
# Archive (bianmin.archive): files per box (档案盒); the retention period (保管期限: 10y, 30y, permanent) of each item
# category where a center has set none, as "category=period,…" with "*" for any other category (DA/T 22 keeps
# the files that grant or confirm rights longer); how long an 归档 event settles before the filing's cursor passes it.
ARCHIVE_BOX_CAPACITY = int(os.environ.get("BIANMIN_ARCHIVE_BOX_CAPACITY", "50"))
ARCHIVE_RETENTION = dict(
    pair.strip().split("=", 1)
    for pair in os.environ.get(
        "BIANMIN_ARCHIVE_RETENTION", "行政许可=30y,行政确认=30y,行政给付=30y,公共服务=10y,*=10y"
    ).split(",")
    if "=" in pair
)
ARCHIVE_SETTLE_SECONDS = int(os.environ.get("BIANMIN_ARCHIVE_SETTLE_SECONDS", "30"))
# Fees: how old a case event must be before the payables harvest reads it (as NOTIFY_SETTLE_SECONDS).
FEES_SETTLE_SECONDS = int(os.environ.get("BIANMIN_FEES_SETTLE_SECONDS", "30"))
# Assessment (效能评估考核): the points a month starts from (the seed names none), the year's best windows
# and staff (003 曾家镇 第七条: 12 each), the quarter's service stars (002) and the bottom ones flagged.
PERFORMANCE_BASE_POINTS = int(os.environ.get("BIANMIN_PERFORMANCE_BASE_POINTS", "100"))
PERFORMANCE_BEST_N = int(os.environ.get("BIANMIN_PERFORMANCE_BEST_N", "12"))
PERFORMANCE_STARS_PER_QUARTER = int(os.environ.get("BIANMIN_PERFORMANCE_STARS", "3"))
PERFORMANCE_BOTTOM_N = int(os.environ.get("BIANMIN_PERFORMANCE_BOTTOM_N", "3"))

# Online applications: uploaded materials (pdf/jpg/png only), at most this many bytes each.
UPLOAD_MAX_BYTES = int(os.environ.get("BIANMIN_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024

# Login lockout (django-axes): after this many failed logins the username, and the address, are refused
# for the cool-off time, also with the right password. Unlock early: `bianmin axes_reset_username NAME`.
# BIANMIN_LOGIN_LOCKOUT_BY lists what is counted separately; "username+ip_address" counts the pair instead,
# for centers whose staff all reach the server from one address.
AXES_FAILURE_LIMIT = int(os.environ.get("BIANMIN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("BIANMIN_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [
    item.split("+") if "+" in item else item
    for item in _env_list("BIANMIN_LOGIN_LOCKOUT_BY", "username,ip_address")
]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "bianmin.lib.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "bianmin.security.views.locked_out"
AXES_VERBOSE = False

# HTTPS. BIANMIN_HTTPS=1 when the site is served over TLS (by the reverse proxy): redirect plain HTTP,
# send HSTS, keep session and CSRF cookies off plain HTTP, and believe the proxy's X-Forwarded-Proto.
# Each setting can also be set on its own under its Django name.
HTTPS = _env_bool("BIANMIN_HTTPS")
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600 if HTTPS else 0)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
# Preloading commits the whole domain to HTTPS in browsers for good; only its owner can decide that.
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD")
# SQLite builds the (org, state, due) index without its covering column (models.W040); PostgreSQL, the
# production database, reads the board counts from that index alone.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")
SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = _env_bool("CSRF_COOKIE_SECURE", HTTPS)
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO,https" if HTTPS else "")
if _proxy_ssl_header:
    _header, _value = _proxy_ssl_header.split(",", 1)
    SECURE_PROXY_SSL_HEADER = (_header.strip(), _value.strip())

# Scripts and styles from our own static files only; styles may also be inline (printed notices carry
# theirs, and stored notices cannot be changed). Empty BIANMIN_CSP sends no policy.
CONTENT_SECURITY_POLICY = os.environ.get(
    "BIANMIN_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
)
