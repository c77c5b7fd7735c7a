FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=halfway.settings.production

RUN useradd --create-home --uid 1000 halfway
WORKDIR /app

COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY --chown=halfway:halfway . .
# Build-time only: collectstatic and the catalogs need settings, not the real secrets.
RUN SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    sh -c "python manage.py collectstatic --noinput -v0 && python manage.py compile_catalogs -v0"

RUN mkdir -p /data/media && chown halfway:halfway /data/media
USER halfway
EXPOSE 8000
# uvicorn: no access log and warnings only (its info lines record client addresses);
# X-Forwarded-For is judged by the app against TRUSTED_PROXIES.
CMD ["uvicorn", "halfway.asgi:application", "--host", "0.0.0.0", "--port", "8000", \
     "--no-access-log", "--log-level", "warning", "--no-proxy-headers"]
