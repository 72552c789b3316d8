"""Content negotiation with a shortcut for what nearly every API request asks: no Accept header,
`*/*` or `application/json`, and no `?format=`. Those get the first renderer (JSON) with the
answer DRF's negotiation gives them, without parsing the header on every request; anything else
(a browser asking for HTML, a media type with parameters, an unacceptable type: 406) goes through
DRF's negotiation unchanged."""

from rest_framework.negotiation import DefaultContentNegotiation

_ANYTHING = (None, "*/*")


class JsonFirstNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        if renderers and not format_suffix:
            accept = request.META.get("HTTP_ACCEPT")
            first = renderers[0]
            if (
                accept in _ANYTHING or accept == first.media_type
            ) and self.settings.URL_FORMAT_OVERRIDE not in request.query_params:
                return first, first.media_type
        return super().select_renderer(request, renderers, format_suffix)
