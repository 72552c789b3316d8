"""The Bangla catalogs are complete, compiled, and cover every name the panel shows.

backend/locale: the project's catalog (makemessages over backend/ and services/, `make messages`).
backend/panel/locale: fixes to Django's own bn catalogs (admin, auth, forms), kept by hand;
backend/locale/.../djangojs.po: the admin's JavaScript (calendar, clock), kept by hand.
Compiled .mo files are committed, so a fresh clone needs no gettext tools; this checks they match
their .po."""

import json
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.utils import translation

# The project's catalog, Django's fixes, the admin's JavaScript, and each app's own catalog.
CATALOGS = sorted(
    [
        *(settings.BASE_DIR / "backend" / "locale" / "bn" / "LC_MESSAGES").glob("*.po"),
        *settings.BASE_DIR.glob("backend/*/locale/bn/LC_MESSAGES/django.po"),
        *settings.BASE_DIR.glob("services/*/locale/bn/LC_MESSAGES/django.po"),
    ]
)
# Translations that are rightly the same in both languages (format-only strings).
SAME_IN_BOTH = {"%(class_name)s %(instance)s"}
# Each language's name is written in that language (the switch's convention): the same in both.
NATIVE_NAMES = {"identity.User.preferred_language=bn", "identity.User.preferred_language=en"}


def _ours(config) -> bool:
    return config.name.startswith(("backend.", "services."))


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_catalog_is_complete_and_compiled(path: Path):
    po = polib.pofile(str(path))
    assert len(po) > 0
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []
    same = [e.msgid for e in po if e.msgstr == e.msgid and e.msgid not in SAME_IN_BOTH]
    assert same == []
    compiled = polib.mofile(str(path.with_suffix(".mo")))

    def as_dict(catalog):
        return {
            (e.msgctxt, e.msgid): e.msgstr or tuple(sorted(e.msgstr_plural.items()))
            for e in catalog
            if e.msgid and not e.obsolete
        }

    assert as_dict(compiled) == as_dict(po), "run `make messages` to recompile the .mo files"


def _names(language: str) -> dict[str, str]:
    """Every model, field, help text and choice label of our apps, and every admin action,
    column, filter and fieldset title, as the panel shows them in `language`."""
    names: dict[str, str] = {}
    with translation.override(language):
        for config in filter(_ours, apps.get_app_configs()):
            names[f"app {config.label}"] = str(config.verbose_name)
            for model in config.get_models():
                meta = model._meta
                names[f"{meta.label}"] = str(meta.verbose_name)
                names[f"{meta.label} (plural)"] = str(meta.verbose_name_plural)
                for field in meta.get_fields():
                    if field.auto_created or (not field.concrete and not field.many_to_many):
                        continue
                    key = f"{meta.label}.{field.name}"
                    names[key] = str(field.verbose_name)
                    if field.help_text:
                        names[f"{key} help"] = str(field.help_text)
                    for value, label in field.flatchoices:
                        names[f"{key}={value}"] = str(label)
        for model, model_admin in admin.site._registry.items():
            if not _ours(apps.get_app_config(model._meta.app_label)):
                continue
            where = type(model_admin).__name__
            for name, action in (model_admin.actions or []) and _actions(model_admin):
                names[f"{where} action {name}"] = str(action)
            for column in model_admin.list_display:
                described = getattr(getattr(model_admin, column, None), "short_description", None)
                if described:
                    names[f"{where} column {column}"] = str(described)
            for entry in model_admin.list_filter:
                if isinstance(entry, type) and getattr(entry, "title", None):
                    names[f"{where} filter {entry.__name__}"] = str(entry.title)
            for index, (title, _options) in enumerate(model_admin.fieldsets or ()):
                if title:
                    names[f"{where} fieldset {index}"] = str(title)
    return names


def _actions(model_admin) -> list[tuple[str, str]]:
    found = []
    for action in model_admin.actions:
        function = action if callable(action) else getattr(model_admin, action)
        found.append((function.__name__, getattr(function, "short_description", "")))
    return found


def test_every_name_the_panel_shows_is_translated():
    english, bangla = _names("en"), _names("bn")
    assert len(english) > 500
    same = sorted(key for key in english if english[key] == bangla[key] and key not in NATIVE_NAMES)
    assert same == []


def test_the_admin_javascript_speaks_bangla(client, django_user_model):
    """The calendar and clock widgets' words come from the JavaScript catalog."""
    staff = django_user_model.objects.create_user("js", "pw", is_staff=True, is_superuser=True)
    staff.preferred_language = "bn"
    staff.save()
    client.force_login(staff)
    catalog = client.get("/admin/jsi18n/").content.decode()
    for bangla in ("তারিখ বাছাই করুন", "সোমবার"):  # "Choose a Date", "Monday"
        assert json.dumps(bangla)[1:-1] in catalog  # written as JavaScript escapes
