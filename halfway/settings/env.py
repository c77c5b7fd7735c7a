"""Small typed readers for environment variables.

Every reader fails loudly on a malformed value: a typo in a deployment should stop the
process at start-up, not surface as odd behaviour a week later. A secret may come from a
file named by `<NAME>_FILE` (Docker and Kubernetes secrets).
"""

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def optional_string(name: str) -> str | None:
    """`<NAME>_FILE`'s contents when set, else the stripped value (None when unset or blank)."""
    file_path = os.environ.get(name + "_FILE")
    if file_path:
        try:
            with open(file_path, encoding="utf-8") as secret_file:
                return secret_file.read().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points at {file_path!r}: {exc}") from exc
    value = os.environ.get(name, "").strip()
    return value or None


def string(name: str, default: str) -> str:
    value = optional_string(name)
    return default if value is None else value


def boolean(name: str, default: bool) -> bool:
    value = optional_string(name)
    if value is None:
        return default
    if value.lower() == "true":
        return True
    if value.lower() == "false":
        return False
    raise ImproperlyConfigured(f"{name} must be 'true' or 'false', not {value!r}")


def integer(name: str, default: int) -> int:
    value = optional_string(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def string_list(name: str, default: list[str]) -> list[str]:
    value = optional_string(name)
    if value is None:
        return list(default)
    return [part.strip() for part in value.split(",") if part.strip()]


def email_backend(name: str, default: str) -> dict[str, object]:
    """Parse an email URL into Django settings: ``smtp://user:password@host:587?tls=true``,
    ``smtps://…`` (implicit TLS), ``console://`` or ``file:///absolute/folder``."""
    url = optional_string(name) or default
    parts = urlsplit(url)
    options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme == "file":
        if not parts.path:
            raise ImproperlyConfigured(f"{name}: file:// needs a folder, as in file:///srv/mail")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path),
        }
    if parts.scheme in ("smtp", "smtps"):
        use_tls = options.get("tls", "false")
        if use_tls not in ("true", "false"):
            raise ImproperlyConfigured(f"{name}: tls must be 'true' or 'false'")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": parts.scheme == "smtps",
            "EMAIL_USE_TLS": use_tls == "true",
            "EMAIL_TIMEOUT": 10,
        }
    raise ImproperlyConfigured(
        f"{name} must start with smtp://, smtps://, console:// or file://, not {url!r}"
    )
