"""The trade licence in the operator console (UDC and 333): renewing a licence for the citizen
present (pay-to-renew, no visit; the demand it raises can be taken in cash at once), and a
section listing the citizen's licences."""

from django import forms
from django.utils import translation

from backend.common.text import in_language
from backend.operator_console.registry import (
    ConsoleAction,
    ConsoleContext,
    ConsoleResult,
    ConsoleRow,
    ConsoleSection,
    register_console_action,
    register_console_section,
)
from services.trade_license.models import LicenceStatus, TradeLicence
from services.trade_license.quote import MAX_YEARS
from services.trade_license.services.renewing import renew


def _licences(context: ConsoleContext):
    return TradeLicence.objects.filter(
        holder=context.citizen, pourashava=context.pourashava
    ).select_related("category")


class RenewForm(forms.Form):
    licence = forms.ChoiceField(label="Licence / লাইসেন্স")
    years = forms.IntegerField(min_value=1, max_value=MAX_YEARS, initial=1, label="Years / বছর")

    def __init__(self, data=None, files=None, *, context: ConsoleContext) -> None:
        super().__init__(data, files)
        self.fields["licence"].choices = [
            (lic.licence_no, f"{lic.licence_no} {lic.business_name_en}")
            for lic in _licences(context).filter(
                status__in=(LicenceStatus.ACTIVE, LicenceStatus.EXPIRED)
            )
        ]


def _renew(context: ConsoleContext, data: dict) -> ConsoleResult:
    detail, created = renew(
        citizen=context.citizen,
        actor=context.request.user,
        licence_no=data["licence"],
        data={"years": data["years"]},
        request=context.request,
    )
    number = detail.application.number
    total = (detail.quote or {}).get("total", "0.00")
    return ConsoleResult(
        message_en=f"Renewal {number} {'made' if created else 'already open'}: Tk {total} to pay.",
        message_bn=f"নবায়ন {number} {'করা হয়েছে' if created else 'আগে থেকেই চলমান'}: "
        f"পরিশোধযোগ্য {total} টাকা।",
        demand_ids=(detail.demand_id,) if detail.demand_id else (),
    )


def _rows(context: ConsoleContext) -> list[ConsoleRow]:
    language = translation.get_language() or "bn"
    return [
        ConsoleRow(
            (
                lic.licence_no,
                in_language(lic.business_name_en, lic.business_name_bn, language),
                lic.get_status_display(),
                lic.valid_to.isoformat() if lic.valid_to else "",
            )
        )
        for lic in _licences(context).order_by("licence_no")
    ]


def register() -> None:
    register_console_action(
        ConsoleAction(
            code="trade_license.renew",
            title_en="Renew a trade licence",
            title_bn="ট্রেড লাইসেন্স নবায়ন",
            form_class=RenewForm,
            perform=_renew,
            available=lambda context: (
                _licences(context)
                .filter(status__in=(LicenceStatus.ACTIVE, LicenceStatus.EXPIRED))
                .exists()
            ),
            order=40,
        )
    )
    register_console_section(
        ConsoleSection(
            code="trade_license.licences",
            title_en="Trade licences",
            title_bn="ট্রেড লাইসেন্স",
            columns=(
                ("Licence No.", "লাইসেন্স নং"),
                ("Business", "ব্যবসা"),
                ("Status", "অবস্থা"),
                ("Valid until", "মেয়াদ"),
            ),
            rows=_rows,
            order=40,
        )
    )
