"""The ownership matrix's data set, built once: two pourashavas (AAA with wards 1 and 2, BBB with
ward 1), and three sets of objects, each owned by one citizen in one ward:

    x1: citizen1 in AAA ward 1      x2: citizen2 in BBB ward 1      x3: citizen2 in AAA ward 2

Every set holds one object of every kind an API path can name (holding, claim, assessment and
review case, clearance, demand, bill, payment, receipt, refund, upload, certificate application
with its attachment, issued certificate, ward, mahalla, role assignment, audit entry, assisted
session and action). The actors: the two citizens, anonymous, every pourashava-wide role in both
pourashavas, councillors of AAA ward 1, AAA ward 2 and BBB ward 1, and a UDC operator (centre
serving AAA) without and with a live, consented session for citizen1."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from backend.identity.api.auth import tokens_for
from backend.identity.audit import record_audit
from backend.identity.demo import POURASHAVA_WIDE_ROLES
from backend.identity.models import AssistedAction, Citizen, Role, User
from backend.municipality.fiscal_year import FiscalYear
from backend.payments.models import Credit, Payment
from backend.payments.services.counter import collect_cash
from backend.payments.services.refunds import request_refund
from backend.workflow.services import take_action
from services.certificates import workflow as certificate_workflow
from services.certificates.models import CertificateAttachment, CertificateType
from services.certificates.signatures import ensure_demo_signatory
from services.holding_tax.services.assessment import assess_holding
from services.holding_tax.services.clearance import issue_clearance
from services.holding_tax.services.reviews import file_review, publish_list
from services.property.models import Holding
from services.property.services.holdings import OwnerInput, claim_holding
from tests.backend.identity.factories import AssistedSessionFactory
from tests.backend.payments.factories import bill_for, demand_for
from tests.factories import (
    CitizenFactory,
    MahallaFactory,
    PourashavaFactory,
    UdcCentreFactory,
    UserFactory,
    WardFactory,
    staff_member,
)
from tests.services.certificates.helpers import (
    make_application,
    make_certificate_type,
    upload_document,
)
from tests.services.estate_leases.matrix_world import ESTATE_ROLES, estate_objects
from tests.services.property.helpers import make_holding
from tests.services.trade_license.matrix_world import trade_objects
from tests.services.water_billing.matrix_world import water_objects

FY = FiscalYear.of(None)
UDC_PATHS = ("/api/v1/staff/", "/api/v1/counter/", "/api/v1/assist/")


@dataclass
class ObjectSet:
    """One owner's objects: `values` maps a kind (e.g. "holding_id") to what a path carries."""

    name: str
    citizen: Citizen
    pourashava: object
    ward: object
    session_operator: User
    values: dict = field(default_factory=dict)
    markers: set = field(default_factory=set)  # strings that appear only in this set's data


@dataclass
class Actor:
    name: str
    user: User | None
    headers: dict
    citizen: Citizen | None = None  # whom the actor acts for, as a citizen
    scope: set = field(default_factory=set)  # (pourashava code, ward number or None)
    scope_paths: tuple[str, ...] | None = None  # where the scope counts (None: everywhere)


@dataclass
class World:
    sets: list[ObjectSet]
    actors: list[Actor]


def build() -> World:
    a = PourashavaFactory(code="AAA", name_en="Alpha Pourashava")
    b = PourashavaFactory(code="BBB", name_en="Beta Pourashava")
    wards = {
        ("AAA", 1): WardFactory(pourashava=a, number=1, name_en="Alpha ward one"),
        ("AAA", 2): WardFactory(pourashava=a, number=2, name_en="Alpha ward two"),
        ("BBB", 1): WardFactory(pourashava=b, number=1, name_en="Beta ward one"),
    }
    citizen1 = CitizenFactory(mobile="01710000001", name_en="Citizen One Matrix", nid="1000000011")
    citizen2 = CitizenFactory(mobile="01710000002", name_en="Citizen Two Matrix", nid="1000000012")
    centre = UdcCentreFactory(pourashavas=[a])

    staff: dict[tuple[str, str], User] = {}
    for pourashava in (a, b):
        for role in (*POURASHAVA_WIDE_ROLES, *ESTATE_ROLES):
            staff[(role.value, pourashava.code)] = staff_member(role, pourashava)
        ensure_demo_signatory(staff[(Role.CERTIFICATE_OFFICER.value, pourashava.code)], pourashava)
        publish_list(
            pourashava=pourashava,
            fiscal_year=FY,
            window_days=30,
            actor=staff[(Role.SECRETARY.value, pourashava.code)],
        )
    councillors = {
        key: staff_member(Role.WARD_COUNCILLOR, ward.pourashava, ward=ward)
        for key, ward in wards.items()
    }
    operator = staff_member(Role.UDC_OPERATOR, None, udc_centre=centre)

    sets = [
        _object_set("x1", citizen1, wards[("AAA", 1)], staff, councillors, operator, centre),
        _object_set("x2", citizen2, wards[("BBB", 1)], staff, councillors, None, None),
        _object_set("x3", citizen2, wards[("AAA", 2)], staff, councillors, None, None),
    ]
    live_session = sets[0].values["session_id"]

    actors = [
        Actor("anonymous", None, {}),
        _actor("citizen1", citizen1.user, citizen=citizen1),
        _actor("citizen2", citizen2.user, citizen=citizen2),
    ]
    for (role, code), user in staff.items():
        actors.append(_actor(f"{role}@{code}", user, scope={(code, None)}))
    for (code, number), user in councillors.items():
        actors.append(_actor(f"councillor@{code}-{number}", user, scope={(code, number)}))
    # An operator works in the pourashavas their centre serves, as a collector and assistant
    # (staff, counter and assist operations); everything else only for the session's citizen.
    udc = {"scope": {("AAA", None)}, "scope_paths": UDC_PATHS}
    actors.append(_actor("udc_operator", operator, **udc))
    actors.append(
        _actor(
            "udc_operator+session(citizen1)",
            operator,
            citizen=citizen1,
            headers={"HTTP_X_ASSISTED_SESSION": live_session},
            **udc,
        )
    )
    return World(sets=sets, actors=actors)


def _actor(name, user, *, citizen=None, scope=None, scope_paths=None, headers=None) -> Actor:
    access = tokens_for(user)["access"]  # real bearer tokens: the authentication runs too
    return Actor(
        name,
        user,
        {"HTTP_AUTHORIZATION": f"Bearer {access}", **(headers or {})},
        citizen=citizen,
        scope=scope or set(),
        scope_paths=scope_paths,
    )


def _object_set(name, citizen, ward, staff, councillors, operator, centre) -> ObjectSet:
    pourashava = ward.pourashava
    code = pourashava.code
    cashier = staff[(Role.CASHIER.value, code)]
    officer = staff[(Role.CERTIFICATE_OFFICER.value, code)]
    tag = f"Matrix-{name}"
    values: dict = {"ward_id": ward.pk, "pourashava_code": code}
    markers = {tag, ward.name_en}

    mahalla = MahallaFactory(ward=ward, name_en=f"{tag} mahalla")
    values["mahalla_id"] = mahalla.pk

    # Holdings: one the citizen owns (by mobile), one they claim.
    owner = OwnerInput(
        name_en=f"{tag} owner",
        name_bn="মালিক",
        share=Decimal(1),
        nid="",
        mobile=citizen.mobile,
    )
    holding = make_holding(ward, number=f"{ward.number}{name[-1]}1", owners=[owner])
    values["holding_id"] = holding.pk
    other = OwnerInput(name_en=f"{tag} seller", name_bn="বিক্রেতা", share=Decimal(1))
    claimed = make_holding(ward, number=f"{ward.number}{name[-1]}2", owners=[other])
    # A road name of the set's own, so lists that show holdings show the set's marker.
    Holding.objects.filter(pk__in=[holding.pk, claimed.pk]).update(road=f"{tag} road")
    claim = claim_holding(
        citizen=citizen, pourashava=pourashava, ward_number=ward.number, number=claimed.number
    )
    values["claim_id"] = claim.pk
    assessment = assess_holding(holding=holding, fiscal_year=FY, actor=UserFactory())
    review = file_review(
        assessment=assessment, citizen=citizen, actor=citizen.user, grounds=f"{tag} grounds"
    )
    values["review_number"] = review.application.number
    markers.add(review.application.number)
    clearance = issue_clearance(holding=holding, language="bn", actor=officer, holder=citizen)
    values["clearance_number"] = clearance.number
    markers.add(clearance.number)

    # Money: a bill paid at the counter (payment, receipt), and a flagged payment to refund.
    bill = bill_for(citizen, pourashava, label=f"{tag} holding")
    values["bill_id"] = bill.pk
    paid = collect_cash(collector=cashier, pourashava=pourashava, bill=bill)
    values["payment_id"] = paid.pk
    values["payment_reference"] = paid.reference
    values["receipt_number"] = paid.receipt.number
    markers |= {paid.reference, paid.receipt.number}
    demand_for(citizen, pourashava, label=f"{tag} second")
    overpaid = collect_cash(
        collector=cashier, pourashava=pourashava, payer=citizen, amount=Decimal("100.00")
    )
    # Kept as credit (as an over-payment would be), so a refund of it can be asked for.
    Payment.objects.filter(pk=overpaid.pk).update(status="credited", flag_reason="matrix")
    credit = Credit.objects.create(
        pourashava=pourashava,
        citizen=citizen,
        payment=overpaid,
        amount=overpaid.amount,
        reason=f"{tag} credit",
    )
    values["credit_id"] = credit.pk
    open_bill = bill_for(citizen, pourashava, label=f"{tag} open")  # unpaid: payable by its owner
    values["open_bill_id"] = open_bill.pk
    values["open_demand_id"] = demand_for(citizen, pourashava, label=f"{tag} third").pk
    refund = request_refund(
        requested_by=cashier, amount=Decimal("10.00"), reason=f"{tag} refund", credit=credit
    )
    values["refund_id"] = refund.pk

    # Uploads and certificates.
    upload = upload_document(citizen)
    values["upload_id"] = upload.public_id
    markers.add(str(upload.public_id))
    certificate_type = CertificateType.objects.filter(
        pourashava=pourashava, code="heir"
    ).first() or make_certificate_type(pourashava)
    application = make_application(
        applicant=citizen,
        ward=ward,
        certificate_type=certificate_type,
        state=certificate_workflow.WITH_COUNCILLOR,
    )
    CertificateAttachment.objects.create(
        application=application, upload=upload, document_code="death_certificate"
    )
    values["application_number"] = application.application.number
    markers.add(application.application.number)
    issued = make_application(
        applicant=citizen,
        ward=ward,
        certificate_type=certificate_type,
        state=certificate_workflow.WITH_COUNCILLOR,
    )
    councillor = councillors[(code, ward.number)]
    take_action(
        application=issued.application, action=certificate_workflow.RECOMMEND, actor=councillor
    )
    take_action(application=issued.application, action=certificate_workflow.APPROVE, actor=officer)
    issued.refresh_from_db()
    values["certificate_number"] = issued.certificate.number
    markers.add(issued.certificate.number)

    # Staff records: a role assignment, an audit entry, an assisted session and action.
    member = staff_member(Role.METER_READER, pourashava, user__username=f"{tag.lower()}-member")
    values["member_id"] = member.roles.get().pk
    markers.add(member.username)
    entry = record_audit(
        actor=officer,
        action="matrix.probe",
        object_type="matrix",
        object_id=tag,
        pourashava=pourashava,
    )
    values["audit_id"] = entry.pk
    session_operator = operator or cashier
    session = AssistedSessionFactory(
        operator=session_operator,
        pourashava=pourashava,
        citizen=citizen,
        udc_centre=centre,
        confirmed_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=2),
    )
    values["session_id"] = str(session.pk)
    markers.add(str(session.pk))
    action = AssistedAction.objects.create(
        session=session,
        pourashava=pourashava,
        operator=session_operator,
        udc_centre=centre,
        citizen=citizen,
        action=f"{tag} action",
    )
    values["assisted_action_id"] = action.pk
    estate_values, estate_markers = estate_objects(name, pourashava, staff)
    values.update(estate_values)
    markers |= estate_markers
    trade_values, trade_markers = trade_objects(name, citizen, ward, values["holding_id"], staff)
    values.update(trade_values)
    markers |= trade_markers
    water_values, water_markers = water_objects(name, citizen, ward, values["holding_id"], staff)
    values.update(water_values)
    markers |= water_markers
    return ObjectSet(name, citizen, pourashava, ward, session_operator, values, markers)
