"""Third-party apps the panel shows, given names a clerk can read in either language (their own
AppConfigs leave the section title to the app label, always English)."""

from axes.apps import AppConfig as _AxesConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(_AxesConfig):
    verbose_name = _("Login lockouts")


# Field names of third-party models the panel shows, which their apps leave untranslatable.
# Only the displayed name changes (not the constructor's, which migrations compare).
FIELD_NAMES = {
    "token_blacklist.OutstandingToken": {
        "id": _("ID"),
        "user": _("user"),
        "jti": _("token ID"),
        "token": _("token"),
        "created_at": _("created"),
        "expires_at": _("expires"),
    },
    "token_blacklist.BlacklistedToken": {
        "id": _("ID"),
        "token": _("token"),
        "blacklisted_at": _("blacklisted"),
    },
}


def name_third_party_fields() -> None:
    from django.apps import apps

    for label, names in FIELD_NAMES.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        for field_name, verbose_name in names.items():
            model._meta.get_field(field_name).verbose_name = verbose_name
