"""How licences and applications look in the API (amounts as strings, names in both scripts)."""

from django.urls import reverse

from backend.workflow.definitions import state_label
from services.trade_license.models import TradeApplication, TradeLicence
from services.trade_license.workflow import KIND, PAYMENT_DUE


def licence_out(licence: TradeLicence) -> dict:
    holding = licence.premises_holding
    return {
        "licence_no": licence.licence_no,
        "pourashava": licence.pourashava.code,
        "business_name_en": licence.business_name_en,
        "business_name_bn": licence.business_name_bn,
        "category": {
            "code": licence.category.code,
            "name_en": licence.category.name_en,
            "name_bn": licence.category.name_bn,
        },
        "ownership_kind": licence.ownership_kind,
        "paid_up_capital": str(licence.paid_up_capital) if licence.paid_up_capital else None,
        "floor_area_sqft": str(licence.floor_area_sqft) if licence.floor_area_sqft else None,
        "premises": {
            "holding": holding.pk if holding else None,
            "holding_reference": holding.reference if holding else None,
            "address_en": licence.premises_address_en,
            "address_bn": licence.premises_address_bn,
        },
        "tin": licence.tin,
        "bin": licence.bin,
        "status": licence.status,
        "valid_from": licence.valid_from,
        "valid_to": licence.valid_to,
        "owners": [
            {"name_en": o.citizen.name_en, "name_bn": o.citizen.name_bn, "share": str(o.share)}
            for o in licence.owners.select_related("citizen")
        ],
        "download_url": reverse("trade-licence-pdf", args=[licence.licence_no])
        if licence.valid_to
        else None,
    }


def application_out(detail: TradeApplication, language: str | None = None) -> dict:
    application = detail.application
    out = {
        "number": application.number,
        "kind": detail.kind,
        "licence_no": detail.licence.licence_no,
        "state": application.state,
        "state_label": state_label(KIND, application.state, language),
        "due_at": application.due_at,
        "fiscal_year": detail.fiscal_year,
        "years": detail.years,
        "quote": detail.quote,
        "paid_at": detail.paid_at,
        "document_number": detail.document.number if detail.document_id else None,
    }
    if detail.demand_id and application.state == PAYMENT_DUE:
        out["pay"] = {
            "demand_id": detail.demand_id,
            "bill": {
                "method": "POST",
                "url": "/api/v1/bills/",
                "body": {"demand_ids": [detail.demand_id]},
            },
            "payment": {"method": "POST", "url": "/api/v1/payments/", "body": ["bill", "gateway"]},
        }
    return out
