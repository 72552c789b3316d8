"""Done-when of the Bangla panel: with Bangla chosen, the index, every registered changelist,
add form and change form (an existing row of every model, inlines included) reads in Bangla, with
Bangla digits, for a superuser and for a pourashava clerk; English mode reads English."""

from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from backend.identity.models import Role
from backend.municipality.models import Pourashava, Ward
from tests.backend.panel.english import LATIN_WORD, data_words, english_left
from tests.backend.panel.rows import fill
from tests.factories import UserFactory, staff_member


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The pilot demo data and a row of every model the panel shows in Natore's ward 1, built
    once for the module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo_data", stdout=StringIO())
            natore = Pourashava.objects.get(code="NAT")
            ward1 = Ward.objects.get(pourashava=natore, number=1)
            fill(admin.site, natore, ward1)
            root = UserFactory(is_staff=True, is_superuser=True, username="root")
            OutstandingToken.objects.filter(user=None).update(user=root)  # as login makes them
            people = {
                "superuser": root,
                "Natore secretary": staff_member(Role.SECRETARY, natore),
                "Natore revenue clerk": staff_member(Role.REVENUE_CLERK, natore),
                "Natore cashier": staff_member(Role.CASHIER, natore),
                "Natore certificate officer": staff_member(Role.CERTIFICATE_OFFICER, natore),
                "Natore ward 1 councillor": staff_member(Role.WARD_COUNCILLOR, natore, ward=ward1),
            }
            # Django stores permission names in English; the group form shows each with its
            # app's and model's names, which third-party apps (django-oauth-toolkit) give only
            # in English.
            with translation.override("en"):
                permission_words = {
                    word
                    for permission in Permission.objects.select_related("content_type")
                    for word in LATIN_WORD.findall(str(permission))
                }
            yield {
                "people": people,
                "allowed": data_words(),
                "permission words": permission_words,
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _pages(client: Client, user) -> list[str]:
    """The index, and for every model the user may see: its changelist, the change form of
    its first row the user may open, and its add form."""
    request = type("R", (), {"user": user})()
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_module_permission(request):
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{prefix}_changelist"))
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"{prefix}_change", args=[first.pk]))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{prefix}_add"))
    return urls


STANDARD_VIEWS = {"changelist", "add", "change", "delete", "history", "autocomplete"}


def _own_pages() -> list[str]:
    """The admins' own pages that take no argument (a quarter's run, assessing a holding...)."""
    urls = []
    for model_admin in admin.site._registry.values():
        for pattern in model_admin.get_urls():
            name = pattern.name or ""
            if pattern.pattern.converters or not name or name.rsplit("_", 1)[-1] in STANDARD_VIEWS:
                continue
            urls.append(reverse(f"admin:{name}"))
    return sorted(set(urls))


def _an_html_page(response) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def _client(user, language: str) -> Client:
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    client = Client()
    client.force_login(user)
    return client


PEOPLE = [
    "superuser",
    "Natore secretary",
    "Natore revenue clerk",
    "Natore cashier",
    "Natore certificate officer",
    "Natore ward 1 councillor",
]


@pytest.mark.parametrize("who", PEOPLE)
def test_every_page_reads_in_bangla(world, db, who):
    user = world["people"][who]
    client = _client(user, "bn")
    problems = {}
    pages = _pages(client, user)
    assert len(pages) > 5
    own = [url for url in _own_pages() if _an_html_page(client.get(url))]  # theirs to see
    for url in [*pages, *own]:
        try:
            response = client.get(url)
        except Exception as exc:
            problems[url] = [f"error: {exc!r}"]
            continue
        if response.status_code != 200 or response["Content-Language"] != "bn":
            problems[url] = [f"status {response.status_code}, {response['Content-Language']}"]
            continue
        allowed = world["allowed"]
        if url.startswith("/admin/auth/group/"):
            allowed = allowed | world["permission words"]  # names Django stored in English
        left = english_left(response.content.decode(), allowed)
        if left:
            problems[url] = sorted(set(left))[:12]
    if problems:
        pytest.fail(
            "English or ASCII digits left in Bangla mode:\n"
            + "\n".join(f"{url}: {' | '.join(words)}" for url, words in problems.items())
        )


def test_english_mode_reads_english(world, db):
    user = world["people"]["Natore secretary"]
    client = _client(user, "en")
    index = client.get(reverse("admin:index")).content.decode()
    assert "Clerk panel" in index and "কর্মী প্যানেল" not in index
    listing = client.get(reverse("admin:municipality_ward_changelist")).content.decode()
    assert "Select ward to change" in listing
    assert "পরিবর্তনের জন্য বাছাই করুন" not in listing


def test_the_checker_finds_english_words_and_ascii_digits_and_passes_identifiers():
    page = (
        '<title>কর্মী প্যানেল</title><p title="Clerk panel">Clerk panel: ২ টি থেকে 0 টি</p>'
        "<td>NAT-CT-2026-27-000001 holding_tax NAT-1-1</td><script>var English = 1;</script>"
    )
    found = [entry.split(" «")[0] for entry in english_left(page, allowed=set())]
    assert found == ["Clerk", "panel", "0"]
    assert english_left("<td>Natore</td>", allowed={"Natore"}) == []
