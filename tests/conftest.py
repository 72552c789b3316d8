"""Project-wide test fixtures."""

import pytest
from rest_framework.test import APIClient

from backend.celery import app as celery_app


@pytest.fixture(autouse=True)
def _eager_tasks_unless_worker_test(request):
    """Tasks run in-process in tests, except those marked `celery_worker`, which go to a real
    worker over the real broker."""
    eager = request.node.get_closest_marker("celery_worker") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fresh_cache():
    """OTP resend windows live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture(autouse=True)
def _fast_password_hashing(request, settings):
    """Argon2 costs ~100 MB and tens of milliseconds a hash by design; tests that are not about
    password storage use a fast hasher. Tests marked `argon2` keep the production setting."""
    if request.node.get_closest_marker("argon2") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
