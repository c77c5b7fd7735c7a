"""The headers every answer carries: a Content-Security-Policy that allows no inline script,
frame and referrer policies; in production, HTTPS only (HSTS, secure cookies, redirect)."""

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import thread_by
from tests.halfway.test_settings import PRODUCTION_ENV, manage

ROOT = Path(__file__).resolve().parents[2]


def policy_of(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def assert_locked_down(response):
    policy = policy_of(response)
    assert policy["script-src"] == ["'self'"], "only the site's own script files"
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    everything = response["Content-Security-Policy"]
    assert "unsafe-inline" not in everything and "unsafe-eval" not in everything
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_fragments_errors_and_json_all_carry_the_policy(member, other_member, client_for):
    thread = thread_by(member)
    client = client_for(member)
    answers = {
        "home": client.get("/"),
        "thread": client.get(f"/t/{thread.pk}/"),
        "profile": client.get(f"/members/{member.username}/"),
        "sign-in": Client().get("/accounts/login/"),
        "htmx fragment": client.post(
            f"/p/{thread.posts.get().pk}/translate/", headers={"HX-Request": "true"}
        ),
        "json": client.get("/mentions/", {"q": "j"}),
        "not found": client.get("/no-such-page/"),
        "forbidden": client_for(other_member).get(f"/p/{thread.posts.get().pk}/edit/"),
    }
    for name, response in answers.items():
        assert response.status_code in (200, 403, 404), name
        assert_locked_down(response)


def test_no_template_needs_inline_script_style_or_handlers():
    """The policy would block them in the browser: none may be written in the first place."""
    offenders = []
    templates = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]
    assert len(templates) > 30
    for template in templates:
        text = template.read_text()
        patterns = [r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*=", r"javascript:"]
        # E-mails are never pages of the site: mail programs keep only inline styles.
        if template.parent.name != "email":
            patterns.append(r"\sstyle\s*=")
        for pattern in patterns:
            for found in re.finditer(pattern, text, flags=re.IGNORECASE):
                offenders.append(f"{template.relative_to(ROOT)}: {found.group(0)}")
    assert offenders == []


def test_production_is_https_only_with_secure_cookies_and_the_same_policy(tmp_path):
    # The sign-in page needs neither the database nor Redis: nothing has to run for this.
    script = """
from django.conf import settings
from django.test import Client
client = Client()
secure = client.get("/accounts/login/", secure=True, headers={"host": "halfway.example"})
plain = client.get("/accounts/login/", headers={"host": "halfway.example"})
print("status", secure.status_code, plain.status_code, plain.get("Location"))
for name in ("Strict-Transport-Security", "Content-Security-Policy", "X-Frame-Options",
             "Referrer-Policy", "X-Content-Type-Options", "Cross-Origin-Opener-Policy"):
    print("header", name, "=", secure.get(name))
print("cookie", secure.cookies["csrftoken"].output())
print("settings", settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,
      settings.LANGUAGE_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY)
"""
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": "postgres://halfway@127.0.0.1:1/unused",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    collected = manage("collectstatic", "--noinput", "-v0", env=env)
    assert collected.returncode == 0, collected.stderr
    result = manage("shell", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "status 200 301 https://halfway.example/accounts/login/" in lines
    headers = dict(
        line.removeprefix("header ").split(" = ", 1) for line in lines if line.startswith("header")
    )
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "script-src 'self';" in headers["Content-Security-Policy"]
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    cookie = next(line for line in lines if line.startswith("cookie"))
    assert "Secure" in cookie and "SameSite=Lax" in cookie
    assert "settings True True True True" in lines
