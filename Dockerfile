# Production image: gunicorn serves the app; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1

# WeasyPrint (audit packets) needs Pango and fonts; curl for the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
    fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml requirements.lock ./
RUN pip install -c requirements.lock . && rm -rf /root/.cache
COPY . .
RUN SECRET_KEY=collectstatic-only DATABASE_URL=postgres://unused@localhost/unused \
    REDIS_URL=redis://localhost:6379/0 python manage.py collectstatic --noinput -v0 \
 && useradd --system --uid 10001 --home /app alpr && mkdir -p /data/media && chown -R alpr /data

USER alpr
EXPOSE 8000
CMD ["gunicorn", "alpr_governance.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*"]
