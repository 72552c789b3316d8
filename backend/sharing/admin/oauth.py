"""django-oauth-toolkit registers its own admin pages (applications, tokens, grants). In this
panel an agency's client is made and rotated only through the agency page, so they go."""

from django.contrib import admin
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    get_grant_model,
    get_id_token_model,
    get_refresh_token_model,
)


def take_oauth_pages_off_the_panel() -> None:
    for model in (
        get_application_model(),
        get_access_token_model(),
        get_refresh_token_model(),
        get_grant_model(),
        get_id_token_model(),
    ):
        if admin.site.is_registered(model):
            admin.site.unregister(model)
