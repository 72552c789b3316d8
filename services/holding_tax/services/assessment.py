"""Assessing holdings: value each one by its pourashava's rules and keep the working."""

from django.db import transaction

from backend.common.digits import to_bangla_digits
from backend.common.errors import AppError
from backend.common.text import Text
from backend.identity.audit import record_audit
from backend.identity.models import User
from backend.municipality.fiscal_year import FiscalYear
from services.holding_tax.calculator import (
    HoldingFacts,
    Rules,
    RulesError,
    Valuation,
    annual_tax,
    value_holding,
)
from services.holding_tax.models import Assessment, AssessmentKind, Exemption
from services.holding_tax.rules import rules_for
from services.property.models import Holding
from services.property.selectors import particulars_on

NO_PARTICULARS = Text(
    en="The holding has no recorded particulars on {date}.",
    bn="{date} তারিখে হোল্ডিংয়ের কোনো বিবরণ লিপিবদ্ধ নেই।",
)
CANNOT_VALUE = Text(
    en="The holding cannot be valued under this pourashava's rules: {reason}.",
    bn="এই পৌরসভার নিয়মে হোল্ডিংটির মূল্যায়ন করা যায় না: {reason}।",
)


def exempt_heads(holding: Holding, fiscal_year: FiscalYear) -> set[str]:
    heads: set[str] = set()
    label = fiscal_year.label
    for exemption in Exemption.objects.filter(holding=holding, from_fiscal_year__lte=label):
        if not exemption.to_fiscal_year or exemption.to_fiscal_year >= label:
            heads.update(exemption.heads)
    return heads


def valuation_for(
    holding: Holding, fiscal_year: FiscalYear, *, rules: Rules | None = None
) -> tuple[Valuation, dict]:
    """The valuation and tax by head, from the particulars on the fiscal year's first day.
    `rules`: the pourashava's rules for the year, when the caller values many holdings."""
    particulars = particulars_on(holding, fiscal_year.start)
    if particulars is None:
        raise AppError(
            "holding_has_no_particulars", NO_PARTICULARS, params={"date": fiscal_year.start}
        )
    facts = HoldingFacts(
        use=particulars.use,
        occupancy=particulars.occupancy,
        structure_type=particulars.structure_type,
        floor_area_sqft=particulars.floor_area_sqft,
        monthly_rent=particulars.monthly_rent,
    )
    rules = rules or rules_for(holding.pourashava, fiscal_year)
    try:
        valuation = value_holding(facts, rules)
        tax = annual_tax(valuation, rules, exempt_heads(holding, fiscal_year))
    except RulesError as error:
        raise AppError(
            "holding_cannot_be_valued", CANNOT_VALUE, params={"reason": str(error)}
        ) from None
    return valuation, tax


@transaction.atomic
def assess_holding(
    *, holding: Holding, fiscal_year: FiscalYear, kind: str = AssessmentKind.GENERAL, actor: User
) -> Assessment:
    """Record the holding's valuation from `fiscal_year` on; the previous one is superseded."""
    valuation, tax = valuation_for(holding, fiscal_year)
    previous = (
        Assessment.objects.select_for_update().filter(holding=holding, superseded=False).first()
    )
    if previous is not None:
        previous.superseded = True
        previous.save(update_fields=["superseded"])
    assessment = Assessment.objects.create(
        holding=holding,
        pourashava_id=holding.pourashava_id,
        from_fiscal_year=fiscal_year.label,
        kind=kind,
        basis=valuation.basis,
        annual_value=valuation.annual_value,
        annual_tax={head: str(amount) for head, amount in tax.items()},
        working=[
            {
                "en": line.render("en"),
                "bn": to_bangla_digits(line.render("bn")),
                "amount": str(line.amount),
            }
            for line in valuation.working
        ],
        assessed_by=actor,
    )
    record_audit(
        actor=actor,
        action="holding_tax.assessed",
        obj=assessment,
        pourashava=holding.pourashava_id,
        before={"annual_value": str(previous.annual_value)} if previous else None,
        after={
            "annual_value": str(assessment.annual_value),
            "kind": kind,
            "from": fiscal_year.label,
        },
    )
    return assessment
