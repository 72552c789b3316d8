"""Water billing in the operator console (UDC and 333): apply for a connection for the citizen
in the session, and a section listing the citizen's connections."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.operator_console.registry import (
    ConsoleAction,
    ConsoleContext,
    ConsoleResult,
    ConsoleRow,
    ConsoleSection,
    register_action_label,
    register_console_action,
    register_console_section,
)
from services.water_billing.models import Category, Diameter, Source, StoreyClass


class ApplyForm(forms.Form):
    holding = forms.ModelChoiceField(queryset=None, label=_("Holding"))
    consumer_name = forms.CharField(max_length=150, label=_("Consumer name"))
    category = forms.ChoiceField(choices=Category.choices, label=_("Category"))
    storey_class = forms.ChoiceField(
        choices=[c for c in StoreyClass.choices if c[0] != "any"], label=_("Storey class")
    )
    diameter = forms.ChoiceField(
        choices=[c for c in Diameter.choices if c[0] != "any"], label=_("Pipe diameter")
    )
    extra_flats = forms.IntegerField(min_value=0, initial=0, label=_("Extra flats"))
    is_metered = forms.BooleanField(required=False, label=_("Metered"))

    def __init__(self, *args, context: ConsoleContext, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from django.db.models import Q

        from services.property.models import Holding

        citizen = context.citizen
        owned = Q(ownerships__citizen=citizen) | Q(
            ownerships__citizen__isnull=True, ownerships__mobile=citizen.mobile or "-"
        )
        self.fields["holding"].queryset = (
            Holding.objects.filter(
                owned, ownerships__valid_to__isnull=True, pourashava=context.pourashava
            )
            .select_related("pourashava", "ward")
            .distinct()
        )


def _apply(context: ConsoleContext, data: dict[str, Any]) -> ConsoleResult:
    from services.water_billing.services.applications import apply_for_connection

    detail = apply_for_connection(
        citizen=context.citizen,
        actor=context.request.user,
        source=Source.UDC,
        request=context.request,
        **data,
    )
    number = detail.application.number
    return ConsoleResult(
        message_en=f"Application {number} made; the fee is raised when it is approved.",
        message_bn=f"আবেদন {number} জমা হয়েছে; অনুমোদনের পর ফি ধার্য হবে।",
    )


def _rows(context: ConsoleContext) -> list[ConsoleRow]:
    from services.water_billing.selectors import connections_of

    return [
        ConsoleRow(
            (c.number, c.holding.reference, c.get_category_display(), c.get_status_display())
        )
        for c in connections_of(context.citizen).filter(pourashava=context.pourashava)
    ]


def register() -> None:
    register_console_action(
        ConsoleAction(
            code="water_billing.apply_connection",
            title_en="Apply for a water connection",
            title_bn="পানির সংযোগের আবেদন",
            form_class=ApplyForm,
            perform=_apply,
            order=40,
        )
    )
    register_console_section(
        ConsoleSection(
            code="water_billing.connections",
            title_en="Water connections",
            title_bn="পানির সংযোগ",
            columns=(
                ("Connection", "সংযোগ"),
                ("Holding", "হোল্ডিং"),
                ("Category", "শ্রেণি"),
                ("Status", "অবস্থা"),
            ),
            rows=_rows,
            order=40,
        )
    )
    register_action_label("water_billing.", en="water connection", bn="পানির সংযোগ")
