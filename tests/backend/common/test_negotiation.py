"""The API answers JSON to an app that asks for nothing in particular, for anything or for JSON,
and still refuses what it cannot give: a media type it has no renderer for is a 406 and an
unknown `?format=` a 404, as DRF's own negotiation decides."""

import pytest
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from backend.common.negotiation import JsonFirstNegotiation

PUBLIC = "/api/v1/pourashavas/"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("accept", [None, "*/*", "application/json"])
def test_json_for_no_preference_anything_or_json(accept):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    response = APIClient().get(PUBLIC, **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    response.json()


@pytest.mark.parametrize("accept", ["application/xml", "image/png"])
def test_a_type_the_api_cannot_give_is_refused(accept):
    assert APIClient().get(PUBLIC, HTTP_ACCEPT=accept).status_code == 406


@pytest.mark.parametrize(
    "accept",
    [
        None,
        "*/*",
        "application/json",
        "application/json; indent=4",
        "text/html",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    ],
)
@pytest.mark.parametrize("browsable_first", [False, True])
def test_the_shortcut_picks_what_drf_picks(accept, browsable_first):
    renderers = [JSONRenderer(), BrowsableAPIRenderer()]
    if browsable_first:
        renderers.reverse()
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    request = Request(APIRequestFactory().get("/api/v1/pourashavas/", **headers))
    ours = JsonFirstNegotiation().select_renderer(request, renderers)
    drf = DefaultContentNegotiation().select_renderer(request, renderers)
    assert (ours[0], ours[1]) == (drf[0], drf[1])


def test_an_unknown_format_is_not_found():
    assert APIClient().get(PUBLIC, {"format": "xml"}).status_code == 404
