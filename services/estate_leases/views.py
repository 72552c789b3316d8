"""A plain server-rendered page anyone can open: published tender notices (Bangla and English)
and each property's result."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from services.estate_leases.public import PUBLIC_LIMIT, call_public, public_calls


def tenders_page(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("pourashava", "")[:10]
    calls = [call_public(c) for c in public_calls(code or None)[:PUBLIC_LIMIT]]
    return render(request, "estate_leases/public_tenders.html", {"calls": calls, "code": code})
