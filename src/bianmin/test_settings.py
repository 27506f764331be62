"""Test settings: a fast password hasher, and PostgreSQL when ``BIANMIN_TEST_DATABASE_URL`` is set."""

import os

from bianmin.settings import *  # noqa: F403
from bianmin.settings import DATABASES, _database

if os.environ.get("BIANMIN_TEST_DATABASE_URL"):
    DATABASES["default"] = _database(os.environ["BIANMIN_TEST_DATABASE_URL"])
    DATABASES["default"]["CONN_MAX_AGE"] = 0

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

BIANMIN["CALENDAR_RECHECK_SECONDS"] = 0  # noqa: F405
BIANMIN["PERMISSION_RECHECK_SECONDS"] = 0  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not an in-memory database, so concurrency tests can open several connections.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
