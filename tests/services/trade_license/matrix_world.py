"""The trade-licence objects of one ownership-matrix set (tests/security/world.py): rates in the
set's pourashava, an issued licence of the set's citizen on their holding (expired long ago, so
it is also a defaulter), a renewal application of it, and a transfer to the set's citizen
waiting for their consent; each carrying the set's marker so a list that leaks them is caught."""

from datetime import date

from django.db import transaction

from backend.documents.services import issue_document
from backend.identity.models import Role
from backend.municipality.fiscal_year import FiscalYear
from services.property.models import Holding
from services.trade_license.models import (
    BusinessCategory,
    InspectorWard,
    LicenceStatus,
    TradeLicence,
)
from services.trade_license.printing import DOCUMENT_KIND, document_fields
from services.trade_license.services.renewing import renew, transfer
from tests.factories import CitizenFactory
from tests.services.trade_license.helpers import issued_licence, rates_for


def trade_objects(name: str, citizen, ward, holding_id: int, staff: dict) -> tuple[dict, set]:
    pourashava = ward.pourashava
    tag = f"Matrix-{name}"
    if not BusinessCategory.objects.filter(pourashava=pourashava).exists():
        rates_for(pourashava)
    grocery = BusinessCategory.objects.get(pourashava=pourashava, code="RETAIL.GROCERY")
    InspectorWard.objects.get_or_create(
        pourashava=pourashava,
        ward=ward,
        inspector=staff[(Role.LICENCE_INSPECTOR.value, pourashava.code)],
    )
    holding = Holding.objects.get(pk=holding_id)
    with transaction.atomic():
        licence = issued_licence(
            pourashava, ward, citizen, grocery, holding, fy=FiscalYear.of().previous().previous()
        )
        TradeLicence.objects.filter(pk=licence.pk).update(
            licence_no=f"{pourashava.code}-TL-MX-{name}",
            business_name_en=f"{tag} store",
            status=LicenceStatus.EXPIRED,
            valid_to=date(2020, 6, 30),
        )
        licence.refresh_from_db()
        issue_document(
            kind=DOCUMENT_KIND,
            number=f"{pourashava.code}-TLD-MX-{name}",
            pourashava=pourashava,
            fields=document_fields(licence),
            language="bn",
            holder=citizen,
            render=False,
        )
        renewal, _ = renew(
            citizen=citizen, actor=citizen.user, licence_no=licence.licence_no, data={"years": 1}
        )
        seller = CitizenFactory(name_en=f"{tag} seller")
        sold = issued_licence(
            pourashava, ward, seller, grocery, holding, fy=FiscalYear.of().previous()
        )
        TradeLicence.objects.filter(pk=sold.pk).update(business_name_en=f"{tag} sold shop")
        asked = transfer(
            citizen=seller,
            actor=seller.user,
            licence_no=sold.licence_no,
            new_owner_mobile=citizen.mobile,
        )
    values = {
        "trade_licence_no": licence.licence_no,
        "trade_application_number": renewal.application.number,
        "trade_transfer_number": asked.application.number,
    }
    return values, {licence.licence_no}
