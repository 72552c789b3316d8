"""The verification routes are tried first among the API's (backend/urls.py); that is only safe
while no other API route can match a `verify/...` path, so putting them first changes no route."""

from django.urls import URLPattern, URLResolver, resolve

from backend.documents.api import PublicKeysApi, VerifyTokenApi
from backend.urls import api_v1


def _routes(patterns: list, prefix: str = "", module: str = "") -> list[tuple[str, str]]:
    """(full route text, the urls module it comes from) for every API pattern, in order."""
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            name = getattr(entry.urlconf_module, "__name__", module)
            found += _routes(entry.url_patterns, prefix + str(entry.pattern), name)
        elif isinstance(entry, URLPattern):
            found.append((prefix + str(entry.pattern), module))
    return found


def test_no_other_api_route_can_match_a_verification_path():
    others = [route for route, module in _routes(api_v1) if module != "backend.documents.api_urls"]
    assert others, "the API has other routes"
    for route in others:
        text = route.removeprefix("^")
        # A route starting with a converter or a regex group could match any first segment.
        assert not text.startswith(("<", "(", "[", ".")), route
        assert not text.startswith("verify"), route


def test_the_verification_routes_are_tried_first_and_resolve_to_their_views():
    routes = [route for route, _ in _routes(api_v1)]
    assert routes[:2] == ["verify/keys/", "verify/<str:token>/"]
    assert resolve("/api/v1/verify/keys/").func.view_class is PublicKeysApi
    assert resolve("/api/v1/verify/ABCDEF/").func.view_class is VerifyTokenApi
