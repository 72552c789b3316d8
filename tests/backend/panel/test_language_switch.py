"""The header's language switch: on every panel page, it changes the language and stores the
choice on the user, whose stored choice then decides every later request and login; the API keeps
answering in the language it is asked for."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from backend.identity.models import Role, User
from tests.factories import staff_member

SWITCH = re.compile(
    r'<form id="language-switch" method="post" action="/admin/language/"[^>]*>.*?'
    r'name="csrfmiddlewaretoken".*?'
    r'<button type="submit" name="language" value="bn">বাংলা</button>\s*'
    r'<button type="submit" name="language" value="en">English</button>\s*</form>',
    re.DOTALL,
)


@pytest.fixture
def clerk(db) -> User:
    return staff_member(Role.REVENUE_CLERK)


def _login(clerk: User) -> Client:
    client = Client()
    client.force_login(clerk)
    return client


def test_the_login_page_is_bangla_by_default_and_carries_the_switch(db):
    page = Client().get(reverse("admin:login"))
    html = page.content.decode()
    assert page["Content-Language"] == "bn" and '<html lang="bn"' in html
    assert SWITCH.search(html)
    assert "পৌরসভা সেবা" in html and "Log in" not in html


def test_every_page_carries_the_switch(clerk):
    client = _login(clerk)
    for url in (reverse("admin:index"), reverse("admin:municipality_ward_changelist")):
        assert SWITCH.search(client.get(url).content.decode()), url


def test_switching_stores_the_choice_and_later_logins_follow_it(clerk):
    client = _login(clerk)
    assert "কর্মী প্যানেল" in client.get(reverse("admin:index")).content.decode()

    back = reverse("admin:municipality_ward_changelist")
    answer = client.post(reverse("panel-language"), {"language": "en", "next": back})
    assert answer.status_code == 302 and answer["Location"] == back
    assert answer.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    clerk.refresh_from_db()
    assert clerk.preferred_language == "en"
    assert "Clerk panel" in client.get(reverse("admin:index")).content.decode()

    # Another browser, no cookie: the stored choice decides, and the cookie follows it.
    elsewhere = _login(clerk)
    index = elsewhere.get(reverse("admin:index"))
    assert "Clerk panel" in index.content.decode()
    assert index.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    # A stale cookie does not win over the stored choice either.
    elsewhere.post(reverse("panel-language"), {"language": "bn"})
    clerk.refresh_from_db()
    assert clerk.preferred_language == "bn"
    stale = _login(clerk)
    stale.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "কর্মী প্যানেল" in stale.get(reverse("admin:index")).content.decode()


def test_a_choice_made_before_logging_in_is_kept_until_the_user_chooses(clerk):
    client = Client()
    client.post(reverse("panel-language"), {"language": "en"})
    assert "Log in" in client.get(reverse("admin:login")).content.decode()
    client.force_login(clerk)
    assert "Clerk panel" in client.get(reverse("admin:index")).content.decode()


def test_an_unknown_language_or_a_foreign_next_is_refused(clerk):
    client = _login(clerk)
    assert client.post(reverse("panel-language"), {"language": "fr"}).status_code == 400
    clerk.refresh_from_db()
    assert clerk.preferred_language == ""
    answer = client.post(
        reverse("panel-language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert answer["Location"] == reverse("admin:index")
    assert client.get(reverse("panel-language")).status_code == 405


def test_the_api_keeps_answering_in_the_language_it_is_asked_for(clerk):
    clerk.preferred_language = "bn"
    clerk.save(update_fields=["preferred_language"])
    client = _login(clerk)
    assert client.get("/api/v1/pourashavas/")["Content-Language"] == "en"
    asked = client.get("/api/v1/pourashavas/", HTTP_ACCEPT_LANGUAGE="bn")
    assert asked["Content-Language"] == "bn"
