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
# deploy/start holds every role's command; `make smoke` runs the same file.
RUN SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    deploy/start build

RUN mkdir -p /data/media && chown halfway:halfway /data/media
USER halfway
EXPOSE 8000
# The pages (gunicorn); docker-compose.yml runs the same image as `ws`, the worker and beat.
CMD ["deploy/start", "web"]
