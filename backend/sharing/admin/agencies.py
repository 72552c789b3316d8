"""Agencies: the client is made on add (its secret shown once), scopes from the datasets services
registered, purposes each with a legal basis."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import get_access_token_model

from backend.common.text import Text, in_language
from backend.identity.models import Role
from backend.panel.base import ScopedTabularInline, TenantScopedAdmin
from backend.panel.tenancy import declare_national
from backend.sharing.admin.oauth import take_oauth_pages_off_the_panel
from backend.sharing.models import Agency, AgencyPurpose, AgencyScope
from backend.sharing.profiles import forget
from backend.sharing.registry import shared_datasets
from backend.sharing.scopes import personal_scope
from backend.sharing.services.agencies import new_application, rotate_secret

ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN})

for model in (Agency, AgencyScope, AgencyPurpose):
    declare_national(model)  # agencies are national: no pourashava owns them
take_oauth_pages_off_the_panel()


PERSONAL = Text(en="{title}: personal fields", bn="{title}: ব্যক্তিগত তথ্য")


def _scope_choices() -> list[tuple[str, str]]:
    """Every scope the registered datasets define, named in the panel's language."""
    choices: dict[str, str] = {}
    for dataset in shared_datasets():
        title = in_language(dataset.title_en, dataset.title_bn)
        choices.setdefault(dataset.scope, title)
        if dataset.personal_fields:
            choices.setdefault(personal_scope(dataset.scope), PERSONAL.render(title=title))
    return sorted(choices.items())


class AgencyScopeForm(forms.ModelForm):
    scope = forms.ChoiceField(choices=_scope_choices, label=_("scope"))

    class Meta:
        model = AgencyScope
        fields = ["scope"]


class ScopeInline(ScopedTabularInline):
    model = AgencyScope
    form = AgencyScopeForm
    allow_delete = True  # taking a scope away stops the agency's live tokens using it


class PurposeInline(ScopedTabularInline):
    model = AgencyPurpose
    fields = ["code", "text_en", "text_bn", "legal_basis", "basis_reference"]
    allow_delete = True


@admin.register(Agency)
class AgencyAdmin(TenantScopedAdmin):
    view_roles = ADMIN_ROLES
    change_roles = ADMIN_ROLES
    list_display = ["code", "name_en", "name_bn", "kind", "is_active", "client_id"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_en", "name_bn"]
    fields = [
        "code",
        "name_en",
        "name_bn",
        "kind",
        "agreement_reference",
        "contact",
        "is_active",
        "valid_until",
        "rate_limit_per_minute",
        "client_id",
    ]
    readonly_fields = ["client_id"]
    inlines = [ScopeInline, PurposeInline]
    actions = ["rotate_client_secret", "suspend"]

    @admin.display(description=_("client ID"))
    def client_id(self, obj: Agency) -> str:
        return obj.application.client_id if obj.application_id else "-"

    def save_model(self, request, obj: Agency, form, change) -> None:
        secret = None
        if not change:  # a new agency gets its client; the secret exists only in this message
            obj.application, secret = new_application(f"agency:{obj.code}")
        super().save_model(request, obj, form, change)
        if secret:
            self._show_secret(request, obj.application.client_id, secret)

    def _show_secret(self, request, client_id: str, secret: str) -> None:
        messages.warning(
            request,
            gettext(
                "Client ID %(id)s, secret %(secret)s. Copy the secret now: it is stored hashed "
                "and cannot be shown again."
            )
            % {"id": client_id, "secret": secret},
        )

    @admin.action(description=_("Issue a new client secret (the old one stops working)"))
    def rotate_client_secret(self, request, queryset) -> None:
        for agency in queryset.select_related("application"):
            credentials = rotate_secret(agency)
            self._show_secret(request, credentials.client_id, credentials.client_secret)

    @admin.action(description=_("Suspend: refuse every call and revoke live tokens"))
    def suspend(self, request, queryset) -> None:
        agencies = list(queryset)
        queryset.update(is_active=False)
        for agency in agencies:
            forget(agency.application_id)  # update() sends no signal
        get_access_token_model().objects.filter(application__agency__in=agencies).delete()
        messages.success(request, gettext("%(n)d suspended.") % {"n": len(agencies)})
