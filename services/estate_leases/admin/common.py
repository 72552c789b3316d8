"""Shared panel pieces: running a service from a form or an action, its refusal shown to the
clerk in their language."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db import transaction

from backend.common.errors import AppError


def in_form(run: Callable[[], object]) -> object:
    """Run a service inside a savepoint; a refusal becomes the form's error."""
    try:
        with transaction.atomic():
            return run()
    except AppError as error:
        raise forms.ValidationError(error.render_message()) from None


def each(modeladmin, request, queryset, run: Callable[[object], object], done: str) -> None:
    """Run `run` on each selected row in its own savepoint, reporting refusals one by one."""
    ok = 0
    for obj in queryset:
        try:
            with transaction.atomic():
                run(obj)
            ok += 1
        except AppError as error:
            modeladmin.message_user(request, f"{obj}: {error.render_message()}", messages.ERROR)
    if ok:
        modeladmin.message_user(request, done % {"count": ok}, messages.SUCCESS)
