"""What the holding-tax panel's job pages share: who may do what, the pourashavas and wards a
user may pick (scoped by role), the fiscal years offered, and rendering a page in the admin."""

from django import forms
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.identity.models import Role
from backend.identity.roles import has_role
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava, Ward
from backend.municipality.scoping import restrict, scope_of

# Who sees the holding-tax registers and jobs (as in admin.py).
VIEWERS = frozenset({Role.ASSESSOR, Role.REVENUE_CLERK, Role.CASHIER, Role.SECRETARY, Role.MAYOR})
# Who raises a quarter's demands (the assessor and cashier may look, not start).
QUARTER_STARTERS = frozenset({Role.REVENUE_CLERK, Role.SECRETARY, Role.MAYOR})
# Who values holdings: one holding at a time, or a general reassessment.
ASSESSORS = frozenset({Role.ASSESSOR})
# Who publishes the assessment list for objections (the assessment committee's officers).
PUBLISHERS = frozenset({Role.SECRETARY, Role.MAYOR})


def holds(request: HttpRequest, roles: frozenset[str]) -> bool:
    user = request.user
    return user.is_active and (user.is_superuser or has_role(user, roles))


def require(request: HttpRequest, roles: frozenset[str]) -> None:
    if not holds(request, roles):
        raise PermissionDenied


def covers(request: HttpRequest, roles: frozenset[str], pourashava_id: int) -> bool:
    return scope_of(request.user, roles).covers(pourashava_id)


def pourashavas_for(request: HttpRequest, roles: frozenset[str]) -> QuerySet[Pourashava]:
    return restrict(
        Pourashava.objects.order_by("code"), request.user, pourashava_field="pk", roles=roles
    )


def wards_for(pourashavas: QuerySet[Pourashava]) -> QuerySet[Ward]:
    return (
        Ward.objects.filter(pourashava__in=pourashavas)
        .select_related("pourashava")
        .order_by("pourashava__code", "number")
    )


def fiscal_year_choices() -> list[tuple[str, str]]:
    """Last year, this year and next year (this year first)."""
    current = FiscalYear.of(timezone.localdate())
    years = [current, current.next(), current.previous()]
    return [(year.label, year.label) for year in years]


class PourashavaForm(forms.Form):
    """A form whose first field is the pourashava, hidden when the user has only one."""

    pourashava = forms.ModelChoiceField(queryset=Pourashava.objects.none(), label=_("Pourashava"))

    def __init__(self, *args, pourashavas: QuerySet[Pourashava], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["pourashava"]
        field.queryset = pourashavas
        only = list(pourashavas[:2])
        if len(only) == 1:
            field.initial = only[0].pk
            field.widget = forms.HiddenInput()


def render(
    model_admin: ModelAdmin, request: HttpRequest, template: str, title: str, **context
) -> HttpResponse:
    return TemplateResponse(
        request,
        template,
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": title,
            **context,
        },
    )
