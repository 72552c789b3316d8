"""First in the benchmark server's middleware: a floor request goes straight to its view, past
every other middleware, so the floor is the endpoint's SQL on Django's handler and nothing more.
Every other request goes on through the production stack unchanged."""

import re

from django.http import HttpRequest, HttpResponse

from benchmarks.floor.views import sql_floor

PREFIX = "/_floor/sql/"
NAME = re.compile(r"[a-z0-9_-]+")


class FloorShortcut:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(PREFIX):
            name = request.path_info[len(PREFIX) :]
            if NAME.fullmatch(name):
                return sql_floor(request, name)
            return HttpResponse(status=404)
        return self.get_response(request)
