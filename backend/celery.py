"""Celery app. With no CELERY_BROKER_URL, settings make every task run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

app = Celery("backend")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Connections kept between tasks, without a task's session locks (CELERY_DB_REUSE_MAX).
import backend.celery_connections  # noqa: E402, F401
