from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelConfig(AppConfig):
    name = "backend.panel"
    label = "panel"
    verbose_name = _("Clerk panel")

    def ready(self) -> None:
        from django.core import checks

        from backend.panel.checks import check_panel_scoping
        from backend.panel.third_party import name_third_party_fields

        checks.register(check_panel_scoping, checks.Tags.admin)
        _translate_automatic_ids()
        name_third_party_fields()


def _translate_automatic_ids() -> None:
    """Django names every automatic primary key "ID" as a plain string, out of reach of the
    catalog; the panel shows it on change forms and lists, so give it the translatable name
    (migrations compare it untranslated: no schema change)."""
    from django.apps import apps

    for model in apps.get_models():
        pk = model._meta.pk
        if pk is not None and pk.auto_created and pk.verbose_name == "ID":
            pk.verbose_name = _("ID")
