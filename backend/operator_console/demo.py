"""Console demo data: the 333 call centre (a centre serving every pourashava) with a demo call
agent, and the centres' service fees per pilot pourashava, marked as demo values. Idempotent:
nothing that exists is changed."""

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from backend.identity.demo import DEMO_NOTE, DEMO_PASSWORD
from backend.identity.models import Role, RoleAssignment, UdcCentre, User
from backend.municipality.models import Pourashava
from backend.operator_console.models import ServiceFee

CALL_CENTRE = {
    "code": "CALL-333",
    "name_en": "333 national call centre (demo)",
    "name_bn": "৩৩৩ জাতীয় কল সেন্টার (ডেমো)",
    "district_en": "Dhaka",
    "upazila_en": "",
}
CALL_AGENT = ("call.333", "Nasrin Akter (demo 333 call agent)", "নাসরিন আক্তার (ডেমো ৩৩৩ কল এজেন্ট)")
DEMO_SOURCE = (
    "DEMO VALUE: no national schedule of UDC service charges was found; set each pourashava's "
    "own figures before real use."
)
# What a centre may charge for its help (not a pourashava fee), as demo values.
FEES = (
    ("session", "Help at the centre (per visit)", "কেন্দ্রে সহায়তা (প্রতি বার)", "10.00"),
    ("application", "Filling in an application", "আবেদন পূরণ", "20.00"),
    ("scan", "Scanning a document (per page)", "কাগজ স্ক্যান (প্রতি পৃষ্ঠা)", "5.00"),
    ("print", "Printing (per page)", "প্রিন্ট (প্রতি পৃষ্ঠা)", "5.00"),
)
EFFECTIVE_FROM = datetime.date(2025, 7, 1)


def load(out: Callable[[str], None]) -> None:
    admin = User.objects.filter(username="admin").first()
    centre, _ = UdcCentre.objects.get_or_create(
        code=CALL_CENTRE["code"], defaults={**CALL_CENTRE, "description": DEMO_NOTE}
    )
    pourashavas = list(Pourashava.objects.all())
    centre.pourashavas.add(*pourashavas)  # the call line serves every pourashava
    agent, _ = User.objects.get_or_create(
        username=CALL_AGENT[0],
        defaults={
            "full_name": CALL_AGENT[1],
            "full_name_bn": CALL_AGENT[2],
            "password": make_password(DEMO_PASSWORD),
            "is_staff": True,
        },
    )
    RoleAssignment.objects.get_or_create(
        user=agent,
        role=Role.CALL_AGENT,
        pourashava=None,
        ward=None,
        udc_centre=centre,
        defaults={"granted_by": admin},
    )
    made = 0
    for pourashava in pourashavas:
        for code, name_en, name_bn, amount in FEES:
            _, created = ServiceFee.objects.get_or_create(
                pourashava=pourashava,
                code=code,
                effective_from=EFFECTIVE_FROM,
                defaults={
                    "name_en": name_en,
                    "name_bn": name_bn,
                    "amount": Decimal(amount),
                    "source": DEMO_SOURCE,
                },
            )
            made += created
    out(
        f"Console demo: 333 call centre {centre.code} serving {len(pourashavas)} pourashavas; "
        f"call agent {agent.username} (password {DEMO_PASSWORD}); {made} new centre fees "
        "(DEMO VALUES). UDC operator udc.natore and the agent log in at /operator/."
    )
