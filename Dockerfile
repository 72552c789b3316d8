# The production image: one image for web (gunicorn), worker and beat (celery) and migrate.
# Build: docker build -t pourashava-services .    Run the whole stack: docker compose up
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint renders through Pango (with HarfBuzz for Bangla shaping); fontconfig finds the fonts.
# The documents' Noto Bengali fonts ship in the repository; the system fonts are fallbacks.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fontconfig fonts-dejavu-core fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. The lock's own index options
# name this development machine's local mirrors: drop them and install from the public index.
COPY requirements/base.lock requirements/base.lock
RUN sed '/^--/d' requirements/base.lock > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

RUN groupadd --system app && useradd --system --gid app --home-dir /app --no-create-home app

COPY manage.py pyproject.toml ./
COPY backend backend
COPY services services
COPY deploy deploy

# Static files are collected once, at build, and served by WhiteNoise. Collecting needs settings
# to load outside debug, which needs some SECRET_KEY: this one exists only during the build.
RUN DJANGO_DEBUG=false SECRET_KEY=build-time-collectstatic-only ALLOW_SANDBOXES_IN_PRODUCTION=true \
        python manage.py collectstatic --noinput \
    && mkdir -p var/media \
    && chown -R app:app var

USER app
EXPOSE 8000
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "backend.wsgi:application"]
