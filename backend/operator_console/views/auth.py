"""Logging in and out of the console (Django's session login; the staff login guard and
django-axes count failures as for the panel). Only UDC operators and 333 agents get in."""

from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from backend.operator_console.access import NOT_AN_OPERATOR, desks_of
from backend.operator_console.pages import console_page, refusal


@console_page(login=False)
def login(request: HttpRequest) -> HttpResponse:
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if not desks_of(user):
            return refusal(request, NOT_AN_OPERATOR.render(), 403)
        auth_login(request, user)
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = ""
        return redirect(target or "operator_console:home")
    return render(request, "operator_console/login.html", {"form": form})


@require_POST
@console_page(login=False)
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect("operator_console:login")
