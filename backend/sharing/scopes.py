"""OAuth2 scopes come from the dataset registry, and each agency may be issued only its own:
django-oauth-toolkit asks this backend (OAUTH2_PROVIDER["SCOPES_BACKEND_CLASS"]) when it issues
a token, so a client asking for a scope it was not given gets `invalid_scope`."""

from oauth2_provider.scopes import BaseScopes

from backend.sharing.registry import shared_datasets

PERSONAL = ":personal"


def personal_scope(scope: str) -> str:
    return f"{scope}{PERSONAL}"


def all_scopes() -> dict[str, str]:
    scopes: dict[str, str] = {}
    for dataset in shared_datasets():
        scopes.setdefault(dataset.scope, dataset.title_en)
        if dataset.personal_fields:
            scopes.setdefault(personal_scope(dataset.scope), f"{dataset.title_en}: personal fields")
    return scopes


def agency_scopes(application) -> list[str]:
    """What the agency bound to `application` may be issued now (none for any other client)."""
    from backend.sharing.models import AgencyScope

    if application is None:
        return []
    return list(
        AgencyScope.objects.filter(
            agency__application=application, agency__is_active=True
        ).values_list("scope", flat=True)
    )


class AgencyScopes(BaseScopes):
    def get_all_scopes(self) -> dict[str, str]:
        return all_scopes()

    def get_available_scopes(self, application=None, request=None, *args, **kwargs) -> list[str]:
        return agency_scopes(application)

    def get_default_scopes(self, application=None, request=None, *args, **kwargs) -> list[str]:
        return agency_scopes(application)
