"""What a deployment must not be able to get wrong: HTTPS settings from the environment, a clean
``check --deploy``, no table beside ``migrate`` to remember, a Content-Security-Policy, API docs that work
offline, and uploads that download as what they are (issue 8 items 6 and 8)."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile

from bianmin.cases.models import Attachment
from bianmin.catalog.models import Material
from bianmin.conftest import VALID_ID
from bianmin.hall.tests.conftest import PDF, publish_online

SRC = Path(settings.BASE_DIR)


def bianmin(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run ``bianmin <args>`` (or ``python -c`` with ``-c``) in a fresh process with only ``env`` set:
    production settings, a database of its own."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BIANMIN_", "DJANGO_", "SECURE_"))}
    clean.pop("DATABASE_URL", None)
    clean.update(
        BIANMIN_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        DJANGO_SETTINGS_MODULE="bianmin.settings",
        **env,
    )
    command = [sys.executable, *args] if args[0] == "-c" else [sys.executable, "-m", "bianmin.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env=clean, timeout=300, check=False)


PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "bianmin.example.gov.cn",
    "BIANMIN_PUBLIC_URL": "https://bianmin.example.gov.cn",
}


def test_check_deploy_is_clean_with_production_settings_from_the_environment(tmp_path):
    """Issue 8 item 8: `bianmin check --deploy` warned W004, W008, W012, W016; one BIANMIN_HTTPS=1 turns the
    secure set on."""
    # given production settings without the switch, the four warnings are there
    plain = bianmin(tmp_path, "check", "--deploy", **PRODUCTION)
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in plain.stderr + plain.stdout, warning
    # when the site is served over TLS and says so
    secure = bianmin(
        tmp_path, "check", "--deploy", "--fail-level", "WARNING", BIANMIN_HTTPS="1", **PRODUCTION
    )
    # then the check is clean
    assert secure.returncode == 0, secure.stderr
    assert "no issues" in secure.stdout


def test_the_https_switch_sets_each_secure_setting_and_each_can_be_set_alone(tmp_path):
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps("
        "[s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " getattr(s, 'SECURE_PROXY_SSL_HEADER', None)]))"
    )
    on = bianmin(tmp_path, "-c", script, BIANMIN_HTTPS="1", **PRODUCTION)
    assert json.loads(on.stdout) == [True, 31536000, True, True, ["HTTP_X_FORWARDED_PROTO", "https"]]
    off = bianmin(tmp_path, "-c", script, **PRODUCTION)
    assert json.loads(off.stdout) == [False, 0, False, False, None]
    alone = bianmin(tmp_path, "-c", script, BIANMIN_HTTPS="1", SECURE_HSTS_SECONDS="3600", **PRODUCTION)
    assert json.loads(alone.stdout)[1] == 3600


def test_a_database_built_by_migrate_alone_serves_the_public_lookup(tmp_path):
    """Issue 8 item 6: `bianmin migrate` alone left the public lookup answering 500 (no such table:
    bianmin_cache) until `createcachetable` ran."""
    # given a database that only `bianmin migrate` has ever touched
    migrated = bianmin(tmp_path, "migrate", "--no-input", "-v", "0", ALLOWED_HOSTS="testserver")
    assert migrated.returncode == 0, migrated.stderr
    # when a citizen looks up a case, through the API and the progress page (the test client raises on 500)
    script = (
        "import django; django.setup(); from django.test import Client; c = Client();"
        "print(c.get('/api/v1/public/cases/3607811002026010100001/', {'code': '123456'}).status_code,"
        " c.get('/progress/', {'number': '3607811002026010100001', 'code': '123456'}).status_code)"
    )
    looked_up = bianmin(tmp_path, "-c", script, ALLOWED_HOSTS="testserver")
    # then both answer "not found", not an error
    assert looked_up.returncode == 0, looked_up.stderr
    assert looked_up.stdout.split() == ["404", "404"]


def test_nothing_asks_for_createcachetable_any_more():
    """Issue 8 item 6: nothing a deployment can forget should break a public page."""
    assert all(
        c["BACKEND"] != "django.core.cache.backends.db.DatabaseCache" for c in settings.CACHES.values()
    )
    root = SRC.parents[1]
    for name in ("Makefile", "README.md", ".ci/run"):
        assert "createcachetable" not in (root / name).read_text(), name


TEMPLATES = sorted(p for p in SRC.rglob("templates/**/*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_templates_carry_no_inline_script(template):
    """Issue 8 item 8: a Content-Security-Policy without inline scripts: no <script> without src, no
    on…= event handler attributes."""
    html = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert not re.search(r"\son[a-z]+\s*=", html), "event handler attribute"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/guide/", "/accounts/login/", "/api/v1/docs/", "/admin/login/"])
def test_pages_are_sent_with_a_content_security_policy(client, url):
    """Issue 8 item 8: add a Content-Security-Policy (default-src 'self'; no inline scripts)."""
    response = client.get(url)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    script_src = re.search(r"script-src ([^;]*)", policy)
    assert script_src is not None and script_src.group(1).strip() == "'self'"


@pytest.mark.django_db
def test_api_docs_load_swagger_ui_from_our_own_static_files(client):
    """Issue 8 item 8: /api/v1/docs/ loaded swagger-ui @latest from a CDN and showed a blank page offline."""
    page = client.get("/api/v1/docs/").content.decode()
    assert "cdn" not in page and "@latest" not in page
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert any("swagger-ui-bundle.js" in s for s in scripts)
    for src in scripts:
        if src.startswith(settings.STATIC_URL):
            assert finders.find(src.removeprefix(settings.STATIC_URL)), src
        else:
            assert client.get(src).status_code == 200, src  # the split view's start-up script


@pytest.mark.django_db
def test_an_upload_named_html_downloads_as_what_it_really_is(client, world, settings, tmp_path):
    """Issue 8 item 8: an uploaded file named x.html downloaded as x.html; now under a safe name with the
    sniffed type's extension, and X-Content-Type-Options: nosniff."""
    settings.MEDIA_ROOT = tmp_path / "media"
    item = publish_online(world)
    material = Material.objects.get(version=item.current, name="居民身份证")
    data = {"kind": "person", "name": "张三", "id_number": VALID_ID, "phone": "", "address": ""}
    data[f"material_{material.pk}"] = SimpleUploadedFile("x.html", PDF, content_type="text/html")
    assert client.post(f"/apply/{item.code}/?org={world.town.code}", data).status_code == 302
    attachment = Attachment.objects.get()
    client.force_login(world.clerk)
    response = client.get(f"/counter/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="x.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.browser
@pytest.mark.skipif(not os.environ.get("BIANMIN_TEST_DATABASE_URL"), reason="the PostgreSQL run only")
def test_a_browser_test_run_on_postgresql_drops_its_test_database(tmp_path):
    """Issue 8 item 8: the PostgreSQL test run left test_*_gw0/1 databases behind. A browser test's
    connections were opened in Playwright's context, out of reach of the teardown, whose DROP DATABASE then
    failed ("being accessed by other users") with only a warning."""
    # given a database name of this test's own (others' test databases are never touched)
    name = f"teardown_{secrets.token_hex(4)}"
    url = os.environ["BIANMIN_TEST_DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
    # when a browser test runs against it in a pytest of its own
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:xdist",
            "-q",
            str(Path(__file__).with_name("test_browser_csp.py")),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "BIANMIN_TEST_DATABASE_URL": url, "BIANMIN_VAR_DIR": str(tmp_path)},
        timeout=300,
        check=False,
    )
    # then its test database is gone afterwards
    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        dbname="postgres",
        autocommit=True,
    ) as server:
        left = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [f"test_{name}"]).fetchone()
        if left:
            server.execute(f'DROP DATABASE "test_{name}"')  # ours: created by the run above
    assert run.returncode == 0, run.stdout[-3000:]
    assert left is None, "test database left behind"
