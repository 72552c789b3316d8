"""Identity demo data: an administrator, one staff login per pourashava-bound role in every pilot
pourashava, a UDC centre with its operator, and a few citizens. Safe to run again: every record
is looked up before it is made, and nothing that exists is changed.

Every demo staff login shares one password, printed with the logins table. It is demo data: never
load it into a real deployment."""

import datetime
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.db import transaction

from backend.common.digits import to_bangla_digits
from backend.identity.models import Citizen, Role, RoleAssignment, UdcCentre, User
from backend.municipality.models import Pourashava, Ward

DEMO_PASSWORD = "demo-pass-2025"
DEMO_NOTE = "Demo data for local runs and trials; not a real record."
PILOT_CODES = ("GOP", "PIR", "TUN", "MYM", "FRD", "JHE", "SIN", "RAM", "NAT", "TAR")

# One login per role bound to a whole pourashava (councillors are made per ward below).
POURASHAVA_WIDE_ROLES = (
    Role.MAYOR,
    Role.SECRETARY,
    Role.ASSESSOR,
    Role.REVENUE_CLERK,
    Role.CASHIER,
    Role.WATER_SUPERINTENDENT,
    Role.METER_READER,
    Role.LICENCE_INSPECTOR,
    Role.LICENCE_OFFICER,
    Role.CERTIFICATE_OFFICER,
)
COUNCILLOR_WARDS = (1, 2)

UDC_CENTRE = {
    "code": "UDC-NAT-01",
    "name_en": "Natore Sadar Union Digital Centre (demo)",
    "name_bn": "নাটোর সদর ইউনিয়ন ডিজিটাল সেন্টার (ডেমো)",
    "district_en": "Natore",
    "upazila_en": "Natore Sadar",
}
UDC_SERVES = ("NAT", "SIN")
UDC_OPERATOR = ("udc.natore", "Rafiqul Islam (demo UDC operator)")

CITIZENS = (
    {
        "mobile": "01711000001",
        "name_en": "Abdul Karim",
        "name_bn": "আব্দুল করিম",
        "father_name_en": "Abdul Jalil",
        "father_name_bn": "আব্দুল জলিল",
        "date_of_birth": datetime.date(1978, 3, 14),
        "nid": "19786912345600001",  # the 17-digit form: birth year first
        "present_address": "কানাইখালী, নাটোর (ডেমো ঠিকানা)",
    },
    {
        "mobile": "01711000002",
        "name_en": "Rahima Begum",
        "name_bn": "রহিমা বেগম",
        "father_name_en": "Mohammad Ali",
        "father_name_bn": "মোহাম্মদ আলী",
        "date_of_birth": datetime.date(1985, 11, 2),
        "nid": "1000000002",
        "present_address": "সিংড়া বাজার, নাটোর (ডেমো ঠিকানা)",
    },
    {
        "mobile": "01711000003",
        "name_en": "Sumon Chandra Das",
        "name_bn": "সুমন চন্দ্র দাস",
        "father_name_en": "Haripada Das",
        "father_name_bn": "হরিপদ দাস",
        "date_of_birth": datetime.date(1992, 7, 21),
        "nid": "1000000003",
        "present_address": "গোপালগঞ্জ সদর (ডেমো ঠিকানা)",
    },
)


def load(out: Callable[[str], None]) -> None:
    """Create the identity demo records that do not exist yet, and print the logins table."""
    with transaction.atomic():
        password_hash = make_password(DEMO_PASSWORD)  # hashed once, shared by every demo login
        logins: list[tuple[str, str, str]] = []

        admin, _ = _user("admin", "Demo administrator", password_hash, superuser=True)
        logins.append((admin.username, "superuser", "all"))
        viewer, _ = _user("lgd.viewer", "LGD national viewer (demo)", password_hash)
        _assign(viewer, Role.NATIONAL_VIEWER, granted_by=admin)
        logins.append((viewer.username, Role.NATIONAL_VIEWER.value, "all pourashavas"))

        found = {p.code: p for p in Pourashava.objects.filter(code__in=PILOT_CODES)}
        for code in PILOT_CODES:
            pourashava = found.get(code)
            if pourashava is None:
                out(f"identity demo: pourashava {code} is missing; load municipality demo first")
                continue
            prefix = code.lower()
            for role in POURASHAVA_WIDE_ROLES:
                label = role.value.replace("_", " ")
                user, _ = _user(
                    f"{prefix}.{role.value}",
                    f"{pourashava.name_en} {label} (demo)",
                    password_hash,
                )
                _assign(user, role, pourashava=pourashava, granted_by=admin)
                logins.append((user.username, role.value, code))
            wards = {w.number: w for w in Ward.objects.filter(pourashava=pourashava)}
            for number in COUNCILLOR_WARDS:
                ward = wards.get(number)
                if ward is None:
                    continue
                user, _ = _user(
                    f"{prefix}.councillor{number}",
                    f"{pourashava.name_en} ward {number} councillor (demo)",
                    password_hash,
                    full_name_bn=(
                        f"{pourashava.name_bn} {to_bangla_digits(number)} নং ওয়ার্ড কাউন্সিলর (ডেমো)"
                    ),
                )
                _assign(
                    user, Role.WARD_COUNCILLOR, pourashava=pourashava, ward=ward, granted_by=admin
                )
                logins.append((user.username, Role.WARD_COUNCILLOR.value, f"{code} ward {number}"))

        centre, _ = UdcCentre.objects.get_or_create(
            code=UDC_CENTRE["code"], defaults={**UDC_CENTRE, "description": DEMO_NOTE}
        )
        served = [found[c] for c in UDC_SERVES if c in found]
        if served:
            centre.pourashavas.add(*served)  # adding what is there already changes nothing
        operator, _ = _user(*UDC_OPERATOR, password_hash)
        _assign(operator, Role.UDC_OPERATOR, udc_centre=centre, granted_by=admin)
        logins.append((operator.username, Role.UDC_OPERATOR.value, ", ".join(UDC_SERVES)))

        made = 0
        for facts in CITIZENS:
            # Citizens log in by OTP only: no usable password.
            user, _ = User.objects.get_or_create(
                username=facts["mobile"],
                defaults={"full_name": facts["name_en"], "password": make_password(None)},
            )
            _, created = Citizen.objects.get_or_create(
                mobile=facts["mobile"],
                defaults={**facts, "user": user, "permanent_address": facts["present_address"]},
            )
            made += created

    out(f"Identity demo: {len(logins)} staff logins, {made} new demo citizens.")
    out(f"Demo password for every staff login below: {DEMO_PASSWORD}  (DEMO DATA ONLY)")
    codes = ", ".join(code.lower() for code in PILOT_CODES if code in found)
    out(f"{'username':<28} {'role':<22} where")
    for username, role, where in _summarise(logins, found):
        out(f"{username:<28} {role:<22} {where}")
    out(f"<code> is one of: {codes}   (e.g. nat.secretary, nat.cashier, nat.councillor1)")
    out(
        "Demo citizens log in by OTP (code printed on the console): "
        + ", ".join(c["mobile"] for c in CITIZENS)
    )


def _summarise(
    logins: list[tuple[str, str, str]], pourashavas: dict[str, Pourashava]
) -> list[tuple[str, str, str]]:
    """One row per kind of login: `<code>.cashier` rather than ten rows of cashiers."""
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for username, role, where in logins:
        prefix, _, rest = username.partition(".")
        if prefix.upper() in pourashavas:
            key = f"<code>.{rest}"
            if key not in seen:
                seen.add(key)
                ward = rest.removeprefix("councillor")
                place = f"ward {ward} of each" if ward != rest else "each pilot pourashava"
                rows.append((key, role, place))
        else:
            rows.append((username, role, where))
    return rows


def _user(
    username: str,
    full_name: str,
    password_hash: str,
    *,
    superuser: bool = False,
    full_name_bn: str = "",
) -> tuple[User, bool]:
    return User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "full_name_bn": full_name_bn,
            "password": password_hash,
            "is_staff": True,
            "is_superuser": superuser,
        },
    )


def _assign(user: User, role: str, *, granted_by: User, **where) -> RoleAssignment:
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        pourashava=where.get("pourashava"),
        ward=where.get("ward"),
        udc_centre=where.get("udc_centre"),
        defaults={"granted_by": granted_by},
    )
    return assignment
