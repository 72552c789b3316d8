"""The tenant and ownership matrix, generated from the API schema (drf-spectacular).

Every operation of the schema is in it. One that names objects (a path parameter, a query
parameter that picks objects, a write's body) must be known here: FILL_*, QUERY_* and
BODY_PROBES say which object of an ObjectSet fills it. One the matrix cannot fill is a failure,
never a skip, so a new endpoint cannot slip past; the only ways out are PUBLIC and NAMES_NOTHING,
each with its reason.

For each operation, each actor and each object set the actor has no claim on, the request must
return no data (a path naming the object: 401, 403 or 404; a body naming it: also 400 without
the set's data; a list: none of the set's markers) and change nothing in the database (login
sessions and attempts, and the caller's own idempotency key, aside). And some actor with a
claim on set x1 must reach it (a read: 2xx, a list: showing x1; a write: past 401/403/404), so
a wrong fixture cannot make the matrix pass by being refused to everyone."""

import hashlib
import re
from dataclasses import dataclass, field
from itertools import count

from django.apps import apps
from django.db import connection
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from tests.security.world import FY, Actor, ObjectSet, World
from tests.services.certificates.helpers import heir_input

_keys = (f"matrix-{n}" for n in count(1))

# Operations anyone may call by design, with why naming an object there discloses nothing.
PUBLIC = {
    ("GET", "/api/v1/verify/{token}/"): "the QR's signed token is the credential; it shows what "
    "the printed document shows",
    ("GET", "/api/v1/payments/callback/{gateway}/"): "a gateway name, not an object; the "
    "payment is confirmed with the gateway itself",
    ("POST", "/api/v1/payments/callback/{gateway}/"): "as above (server-to-server IPN)",
    ("GET", "/api/v1/payments/result/{reference}/"): "an unguessable reference; status and "
    "amount only (checked below: no personal data)",
    ("GET", "/api/v1/pourashavas/{code}/wards/"): "the public address picker",
    ("GET", "/api/v1/certificate-types/"): "the public catalogue of a pourashava's certificates",
    ("GET", "/api/v1/trade/categories/"): "the public list of a pourashava's business categories",
    ("POST", "/api/v1/trade/quote/"): "a price from the public rates; writes nothing",
    ("GET", "/api/v1/public/tenders/"): "published tender notices and results, public by law "
    "(no bidder's personal data)",
}

# Path parameters: by path (the same name means different objects on different paths), then by
# name alone where the name says it all.
FILL_BY_PATH: list[tuple[str, dict[str, str]]] = [
    (r"^/api/v1/applications/\{number\}/", {"number": "application_number"}),
    (r"^/api/v1/me/certificate-applications/\{number\}/", {"number": "application_number"}),
    (r"^/api/v1/staff/certificate-applications/\{number\}/", {"number": "application_number"}),
    (r"^/api/v1/me/certificates/\{number\}/", {"number": "certificate_number"}),
    (r"^/api/v1/staff/certificates/\{number\}/", {"number": "certificate_number"}),
    (r"^/api/v1/me/clearances/\{number\}/", {"number": "clearance_number"}),
    (r"^/api/v1/receipts/\{number\}/", {"number": "receipt_number"}),
    (r"^/api/v1/staff/reviews/\{number\}/", {"number": "review_number"}),
    (r"^/api/v1/assist/sessions/\{id\}/", {"id": "session_id"}),
    (r"^/api/v1/bills/\{id\}/", {"id": "bill_id"}),
    (r"^/api/v1/payments/\{id\}/", {"id": "payment_id"}),
    (r"^/api/v1/refunds/\{id\}/", {"id": "refund_id"}),
    (r"^/api/v1/staff/assisted-actions/\{id\}/", {"id": "assisted_action_id"}),
    (r"^/api/v1/staff/audit/\{id\}/", {"id": "audit_id"}),
    (r"^/api/v1/staff/mahallas/\{id\}/", {"id": "mahalla_id"}),
    (r"^/api/v1/staff/members/\{id\}/", {"id": "member_id"}),
    (r"^/api/v1/staff/wards/\{id\}/", {"id": "ward_id"}),
    (r"^/api/v1/payments/result/\{reference\}/", {"reference": "payment_reference"}),
    (r"^/api/v1/me/trade-applications/\{number\}/", {"number": "trade_application_number"}),
    (r"^/api/v1/staff/trade-applications/\{number\}/", {"number": "trade_application_number"}),
    (r"^/api/v1/me/trade-transfers/\{number\}/", {"number": "trade_transfer_number"}),
    (r"^/api/v1/me/water/connections/\{number\}/", {"number": "water_connection_number"}),
    (r"^/api/v1/staff/water/connections/\{number\}/", {"number": "water_connection_number"}),
    (r"^/api/v1/staff/water/runs/\{id\}/", {"id": "water_run_id"}),
    (r"^/api/v1/staff/water/notices/\{id\}/", {"id": "water_notice_id"}),
    (r"^/api/v1/me/water/bills/\{id\}/", {"id": "water_bill_id"}),
]
FILL_BY_NAME = {
    "holding_id": "holding_id",
    "claim_id": "claim_id",
    "public_id": "upload_id",
    "upload_id": "upload_id",
    "licence_no": "trade_licence_no",
    "property_id": "estate_property_id",
    "call_id": "estate_call_id",
    "lease_id": "estate_lease_id",
}

# Query parameters that pick objects (filled with another set's object); the others must be
# named as not picking any.
QUERY_BY_PATH: list[tuple[str, dict[str, str]]] = [
    (r"^/api/v1/staff/mahallas/", {"ward": "ward_id"}),
    (r"^/api/v1/staff/certificate-queue/", {"ward": "ward_number", "q": "application_number"}),
    (r"^/api/v1/staff/audit/", {"object_id": "audit_object_id"}),
    (r"^/api/v1/staff/water/defaulters/", {"ward": "ward_number"}),
]
QUERY_BY_NAME = {"pourashava": "pourashava_code"}
NOT_SELECTING = {
    "page",
    "page_size",
    "late",
    "kind",
    "state",
    "on",
    "purpose",
    "action",
    "object_type",
    "year",
    "export",
    "month",
    "min_amount",  # the defaulters list's thresholds (amount, days overdue)
    "min_days",
}

# Bodies for writes: valid enough that a view checking the body before the object would still
# have to decide on the object.
BODIES = {
    ("POST", "/api/v1/applications/{number}/actions/"): {"action": "recommend", "comment": "x"},
    ("POST", "/api/v1/assist/sessions/{id}/confirm/"): {"code": "123456"},
    ("POST", "/api/v1/me/certificate-applications/{number}/resubmit/"): {
        "address_en": "Hijacked",
        "comment": "x",
    },
    ("POST", "/api/v1/me/holdings/{holding_id}/clearance/"): {"language": "bn"},
    ("POST", "/api/v1/me/holdings/{holding_id}/reviews/"): {
        "grounds": "Hijacked",
        "claimed_value": "1",
    },
    ("POST", "/api/v1/staff/certificates/{number}/correct/"): {
        "changes": {"name_en": "Hijacked"},
        "reason": "x",
    },
    ("POST", "/api/v1/staff/certificates/{number}/revoke/"): {"reason": "Hijacked"},
    ("POST", "/api/v1/staff/holding-claims/{claim_id}/decision/"): {"approve": True},
    ("POST", "/api/v1/staff/reviews/{number}/decision/"): {"revise": False, "reason": "x"},
    ("PATCH", "/api/v1/staff/mahallas/{id}/"): {"name_en": "Hijacked"},
    ("PATCH", "/api/v1/staff/wards/{id}/"): {"name_en": "Hijacked"},
    ("PATCH", "/api/v1/staff/members/{id}/"): {"is_active": False},
    ("POST", "/api/v1/me/water/connections/{number}/changes/"): {
        "kind": "name_change",
        "consumer_name": "Hijacked",
    },
    ("POST", "/api/v1/staff/water/connections/{number}/close/"): {"final_reading": "99"},
    ("POST", "/api/v1/staff/water/connections/{number}/meter/"): {
        "final_reading": "99",
        "serial": "MX-NEW",
    },
}

# Writes without a path parameter whose body names objects: the body, filled with a set's
# objects (a function of the set), and, where a refusal is not a 4xx, how to recognise one.
BODY_PROBES: dict[tuple[str, str], dict] = {
    ("POST", "/api/v1/bills/"): {"body": lambda s: {"demand_ids": [s.values["open_demand_id"]]}},
    ("POST", "/api/v1/payments/"): {
        "body": lambda s: {"bill": s.values["open_bill_id"], "gateway": "bkash"},
        "idempotent": True,
    },
    ("POST", "/api/v1/counter/payments/"): {"body": lambda s: {"bill": s.values["open_bill_id"]}},
    ("POST", "/api/v1/counter/day-close/"): {
        "body": lambda s: {
            "pourashava": s.pourashava.code,
            "date": str(timezone.localdate()),
            "declared_cash": "0.00",
        }
    },
    ("POST", "/api/v1/refunds/"): {
        "body": lambda s: {"credit": s.values["credit_id"], "amount": "1.00", "reason": "x"}
    },
    ("POST", "/api/v1/staff/assessment-lists/"): {
        "body": lambda s: {
            "pourashava": s.pourashava.code,
            "fiscal_year": FY.label,
            "window_days": 9,
        }
    },
    ("POST", "/api/v1/staff/certificate-applications/bulk-action/"): {
        "body": lambda s: {"action": "recommend", "numbers": [s.values["application_number"]]},
        # One result per number: another area's number is "not_found", as a missing one is.
        "refused": lambda r: (
            r.status_code in DENIED
            or (
                r.status_code == 200
                and all(not x["ok"] and x["code"] == "not_found" for x in r.json()["results"])
            )
        ),
    },
    ("POST", "/api/v1/staff/mahallas/"): {
        "body": lambda s: {"ward": s.ward.pk, "name_en": "Intruder", "name_bn": "অনুপ্রবেশ"}
    },
    ("POST", "/api/v1/staff/members/"): {
        "body": lambda s: {
            "username": f"intruder.{s.name}",
            "password": "an-intruders-long-passphrase",
            "role": "cashier",
            "pourashava": s.pourashava.code,
        }
    },
    ("POST", "/api/v1/staff/wards/"): {
        "body": lambda s: {"pourashava": s.pourashava.code, "number": 9}
    },
    ("POST", "/api/v1/assist/sessions/"): {
        "body": lambda s: {"mobile": s.citizen.mobile, "pourashava": s.pourashava.code}
    },
    ("POST", "/api/v1/me/certificate-applications/"): {
        "body": lambda s: heir_input(s.pourashava.code, s.ward.number, s.values["upload_id"])
    },
    ("POST", "/api/v1/staff/estate/properties/"): {
        "body": lambda s: {
            "pourashava": s.pourashava.code,
            "code": f"IN-{s.name}",
            "name_en": "Intruder pond",
            "name_bn": "অনুপ্রবেশ",
            "kind": "pond",
        }
    },
    ("POST", "/api/v1/staff/estate/collections/"): {
        "body": lambda s: {
            "property": s.values["estate_property_id"],
            "date": str(timezone.localdate()),
            "amount": "100.00",
        }
    },
    ("POST", "/api/v1/staff/estate/tenancies/"): {
        "body": lambda s: {
            "property": s.values["estate_shop_id"],
            "mobile": "01790000099",
            "name": "Intruder",
            "monthly_rent": "100.00",
            "starts_on": str(timezone.localdate()),
        }
    },
    ("POST", "/api/v1/staff/estate/tenancies/arrears-notices/"): {
        "body": lambda s: {"pourashava": s.pourashava.code}
    },
    ("POST", "/api/v1/staff/estate/reserve-prices/compute/"): {
        "body": lambda s: {"pourashava": s.pourashava.code, "year": 1434}
    },
    ("POST", "/api/v1/staff/estate/tenders/"): {
        "body": lambda s: {
            "pourashava": s.pourashava.code,
            "year": 1434,
            "properties": [f"MX-{s.name}"],
            "sale_until": "2030-01-01T10:00:00+06:00",
            "deadline": "2030-01-02T10:00:00+06:00",
            "opening_at": "2030-01-02T11:00:00+06:00",
        }
    },
    ("POST", "/api/v1/me/trade-applications/"): {
        "body": lambda s: {
            "pourashava": s.pourashava.code,
            "category": "RETAIL.GROCERY",
            "business_name_en": "Intruder shop",
            "business_name_bn": "অনুপ্রবেশ",
            "premises": {"holding": s.values["holding_id"]},
        }
    },
    ("POST", "/api/v1/staff/trade-fee-schedules/"): {
        "body": lambda s: {
            "pourashava": s.pourashava.code,
            "csv": "category,fy_from,lower,upper,new_fee,renewal_fee,name_en,name_bn\n"
            "MX.CAT,2031-32,0,,1,1,Matrix,ম্যাট্রিক্স\n",
        }
    },
    ("POST", "/api/v1/water/readings/"): {
        "body": lambda s: {
            "connection": s.values["water_connection_number"],
            "period": "2020-03",
            "reading_date": "2020-04-02",
            "reading": "20",
        }
    },
    ("POST", "/api/v1/water/readings/batch/"): {
        "body": lambda s: {
            "readings": [
                {
                    "connection": s.values["water_connection_number"],
                    "period": "2020-03",
                    "reading_date": "2020-04-02",
                    "reading": "20",
                    "client_id": f"matrix-{s.name}",
                }
            ]
        },
        # One result per row: another pourashava's connection is refused row by row.
        "refused": lambda r: (
            r.status_code in DENIED
            or (
                r.status_code == 200
                and not r.json()["created"]
                and not r.json()["already_recorded"]
            )
        ),
    },
    ("POST", "/api/v1/water/readings/import/"): {
        "body": lambda s: {
            "csv": "connection,period,reading_date,reading\n"
            f"{s.values['water_connection_number']},2020-03,2020-04-02,20\n"
        },
        "refused": lambda r: (
            r.status_code in DENIED
            or (
                r.status_code == 200
                and not r.json()["created"]
                and not r.json()["already_recorded"]
            )
        ),
    },
    ("POST", "/api/v1/staff/water/runs/"): {
        "body": lambda s: {"pourashava": s.pourashava.code, "period": "2020-02", "dry_run": True}
    },
    ("POST", "/api/v1/me/water/applications/"): {
        "body": lambda s: {
            "holding": s.values["holding_id"],
            "consumer_name": "Intruder",
            "category": "residential",
            "storey_class": "single",
            "diameter": "0.5",
        }
    },
    ("POST", "/api/v1/me/property-applications/"): {
        "body": lambda s: {
            "kind": "correction",
            "pourashava": s.pourashava.code,
            "ward": s.ward.number,
            "holding": s.values["holding_id"],
            "changes": {"floors": 3},
        }
    },
}
# Lists that show nobody's objects (so no marker of a set can appear even to its owner).
SHOWS_NO_OBJECTS = {
    ("GET", "/api/v1/me/"): "the caller's own profile (names are not set markers)",
    ("GET", "/api/v1/uploads/purposes/"): "what may be uploaded",
    ("GET", "/api/v1/pourashavas/"): "the public list of pourashavas",
    ("GET", "/api/v1/verify/keys/"): "public keys",
    ("GET", "/api/v1/staff/trade-reports/vat/"): "a month's total by pourashava code",
    ("GET", "/api/v1/staff/trade-reports/source-tax/"): "a month's total by pourashava code",
    ("GET", "/api/v1/me/disclosures/"): "the caller's own disclosure log (no agency calls in the "
    "world; tests/backend/sharing shows one citizen never sees another's)",
    ("GET", "/api/v1/me/sharing-consents/"): "the caller's own consents and the national list of "
    "agencies",
    ("GET", "/api/v1/staff/water/collection/"): "a day's water totals by ward number",
}

# Writes without a path parameter that name no object of anyone else, and why.
NAMES_NOTHING = {
    ("POST", "/api/v1/auth/otp/"): "asks for a login code",
    ("POST", "/api/v1/auth/token/"): "exchanges a login code",
    ("POST", "/api/v1/auth/staff-token/"): "a password login",
    ("POST", "/api/v1/auth/token/refresh/"): "the token is the credential",
    ("PATCH", "/api/v1/me/"): "the caller's own profile",
    ("POST", "/api/v1/me/nid-verification/"): "the caller's own NID",
    ("POST", "/api/v1/me/uploads/"): "a new file of the caller's",
    ("POST", "/api/v1/water/readings/photos/"): "a new meter photo of the caller's",
    ("POST", "/api/v1/me/holdings/claims/"): "names any holding by its public number by design: "
    "the claim waits for a clerk (tests/services/property)",
    ("POST", "/api/v1/me/sharing-consents/"): "sends a code to the caller's own mobile; names a "
    "national agency",
    ("POST", "/api/v1/me/sharing-consents/confirm/"): "the caller's own consent, by the code sent "
    "to the caller's own mobile",
    ("POST", "/api/v1/me/sharing-consents/revoke/"): "revokes only the caller's own consent",
}

# Tables a refused request may legitimately write (none of them holds tenant data).
VOLATILE_TABLES = {
    "django_session",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
    "payments_idempotencyrecord",  # the caller's own key, with the refusal it got
}

DENIED = {401, 403, 404}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def reads(self) -> bool:
        return self.method == "GET"


def operations(urlconf=None) -> list[Operation]:
    """Every operation of the schema: each names objects by a path parameter, a query parameter
    not known to select nothing or the body of a write, or lists what the caller may see."""
    schema = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    found = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            params = op.get("parameters", [])
            in_path = tuple(p["name"] for p in params if p["in"] == "path")
            in_query = tuple(
                p["name"] for p in params if p["in"] == "query" and p["name"] not in NOT_SELECTING
            )
            found.append(Operation(method.upper(), path, in_path, in_query))
    return found


def _lookup(table: list[tuple[str, dict[str, str]]], by_name: dict, path: str, name: str):
    for pattern, names in table:
        if re.match(pattern, path) and name in names:
            return names[name]
    return by_name.get(name)


def unfillable(op: Operation) -> list[str]:
    """The parameters of `op` the matrix has no object for (empty: it can probe `op`)."""
    if (op.method, op.path) in PUBLIC:
        return []
    missing = [
        f"path parameter {name!r}"
        for name in op.path_params
        if _lookup(FILL_BY_PATH, FILL_BY_NAME, op.path, name) is None
    ]
    if not op.path_params and not op.reads:
        key = (op.method, op.path)
        if key not in BODY_PROBES and key not in NAMES_NOTHING:
            missing.append("the request body (BODY_PROBES or NAMES_NOTHING)")
    elif not op.path_params:
        missing += [
            f"query parameter {name!r}"
            for name in op.query_params
            if _lookup(QUERY_BY_PATH, QUERY_BY_NAME, op.path, name) is None
        ]
    return missing


def entitled(actor: Actor, objects: ObjectSet, op: Operation) -> bool:
    """Whether `actor` has any claim on `objects` for `op` (then the matrix does not expect a
    refusal; whether the role may do it is another test's business)."""
    if op.path.startswith("/api/v1/assist/sessions/{"):
        return actor.user is not None and actor.user.pk == objects.session_operator.pk
    owns = actor.citizen is not None and actor.citizen.pk == objects.citizen.pk
    if op.path.startswith("/api/v1/me/"):
        return owns
    code = objects.pourashava.code
    covers = (code, None) in actor.scope or (code, objects.ward.number) in actor.scope
    if actor.scope_paths is not None and not op.path.startswith(actor.scope_paths):
        covers = False
    return owns or covers


def _value(objects: ObjectSet, kind: str):
    if kind == "ward_number":
        return objects.ward.number
    if kind == "audit_object_id":
        return f"Matrix-{objects.name}"
    return objects.values[kind]


def _url(op: Operation, objects: ObjectSet) -> str:
    url = op.path
    for name in op.path_params:
        kind = _lookup(FILL_BY_PATH, FILL_BY_NAME, op.path, name)
        url = url.replace("{" + name + "}", str(_value(objects, kind)))
    return url


def _table_digests() -> dict[str, str]:
    tables = sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)})
    digests = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(map(repr, cursor.fetchall()))
            digests[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


def _writes() -> int:
    """Rows written so far on this connection (in this transaction, on PostgreSQL): cheap, so
    the table digests are compared only after a request that wrote something."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT total_changes()")
        else:
            cursor.execute(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
                " FROM pg_stat_xact_user_tables"
            )
        return int(cursor.fetchone()[0])


class ChangeWatch:
    """Which tables (besides VOLATILE_TABLES) changed since the last look."""

    def __init__(self) -> None:
        self.digests = _table_digests()
        self.writes = _writes()

    def changed(self) -> list[str]:
        writes = _writes()
        if writes == self.writes:
            return []
        digests = _table_digests()
        changed = sorted(
            t for t, d in digests.items() if d != self.digests.get(t) and t not in VOLATILE_TABLES
        )
        self.digests, self.writes = digests, writes
        return changed


def _call(client: APIClient, op: Operation, url: str, actor: Actor, query=None):
    body = BODIES.get((op.method, op.path), {})
    method = getattr(client, op.method.lower())
    if op.method == "GET":
        return method(url, query or {}, **actor.headers)
    return method(url, body, format="json", **actor.headers)


@dataclass
class Outcome:
    requests: int = 0
    leaks: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)


def probe(op: Operation, world: World) -> Outcome:
    """Run `op` for every actor against every set it has no claim on."""
    outcome = Outcome()
    missing = unfillable(op)
    if missing:
        outcome.leaks.append(f"{op.key}: the matrix cannot fill {', '.join(missing)}")
        return outcome
    if (op.method, op.path) in PUBLIC:
        return _probe_public(op, world, outcome)
    if (op.method, op.path) in NAMES_NOTHING:
        return outcome
    client = APIClient()
    if not op.path_params and op.reads:
        return _probe_list(op, world, client, outcome)
    if not op.path_params:
        return _probe_body(op, world, client, outcome)
    watch = ChangeWatch()
    for objects in world.sets:
        url = _url(op, objects)
        for actor in world.actors:
            if entitled(actor, objects, op):
                continue
            response = _call(client, op, url, actor)
            outcome.requests += 1
            where = f"{op.key} as {actor.name} on {objects.name} ({url})"
            if response.status_code not in DENIED:
                outcome.leaks.append(f"{where}: {response.status_code} {_text(response)[:200]}")
            if changed := watch.changed():
                outcome.leaks.append(f"{where}: changed {changed}")
    _check_reachable(op, world, client, outcome)
    return outcome


def _probe_list(op: Operation, world: World, client: APIClient, outcome: Outcome) -> Outcome:
    """A list shows no marker of a set the caller has no claim on: asked plainly, and (for
    each query parameter that picks objects) asked for that set's objects."""
    for actor in world.actors:
        foreign = [s for s in world.sets if not entitled(actor, s, op)]
        asks = [({}, foreign)] if not op.query_params else []
        asks += [(_query(op, objects), [objects]) for objects in foreign if op.query_params]
        for query, sets in asks:
            response = _call(client, op, op.path, actor, query)
            outcome.requests += 1
            if response.status_code >= 400:
                continue
            text = _text(response)
            for objects in sets:
                if shown := sorted(m for m in objects.markers if m in text):
                    outcome.leaks.append(
                        f"{op.key}?{query} as {actor.name}: {objects.name}'s {shown} shown"
                    )
    if (op.method, op.path) not in SHOWS_NO_OBJECTS:
        _check_listed(op, world, client, outcome)
    return outcome


def _query(op: Operation, objects: ObjectSet) -> dict:
    return {
        name: _value(objects, _lookup(QUERY_BY_PATH, QUERY_BY_NAME, op.path, name))
        for name in op.query_params
    }


def _check_listed(op: Operation, world: World, client: APIClient, outcome: Outcome) -> None:
    """Some actor with a claim on x1 sees an x1 marker in the list: the markers are visible
    there, so their absence elsewhere means something."""
    objects = world.sets[0]
    query = _query(op, objects) if op.query_params else {}
    for actor in world.actors:
        if entitled(actor, objects, op):
            text = _text(_call(client, op, op.path, actor, query))
            if any(m in text for m in objects.markers):
                return
    outcome.unreachable.append(f"{op.key}: no actor with a claim on x1 saw it listed")


def _probe_body(op: Operation, world: World, client: APIClient, outcome: Outcome) -> Outcome:
    spec = BODY_PROBES[(op.method, op.path)]
    refused = spec.get("refused", lambda r: r.status_code in DENIED | {400})
    watch = ChangeWatch()
    for objects in world.sets:
        body = spec["body"](objects)
        for actor in world.actors:
            if entitled(actor, objects, op):
                continue
            response = _post_body(client, op, body, actor, spec)
            outcome.requests += 1
            where = f"{op.key} as {actor.name} with {objects.name}'s objects"
            text = _text(response)
            if not refused(response):
                outcome.leaks.append(f"{where}: {response.status_code} {text[:200]}")
            elif response.status_code == 400 and (shown := _shown(objects, text, body)):
                outcome.leaks.append(f"{where}: 400 naming {shown}")
            if changed := watch.changed():
                outcome.leaks.append(f"{where}: changed {changed}")
    # Some actor with a claim on x1 gets past validation and lookup with the same body.
    objects = world.sets[0]
    body = spec["body"](objects)
    for actor in world.actors:
        if entitled(actor, objects, op):
            response = _post_body(client, op, body, actor, spec)
            if response.status_code not in DENIED | {400} and not (
                "refused" in spec and spec["refused"](response)
            ):
                return outcome
    outcome.unreachable.append(f"{op.key}: no actor with a claim on x1 got past it")
    return outcome


def _post_body(client: APIClient, op: Operation, body: dict, actor: Actor, spec: dict):
    headers = dict(actor.headers)
    if spec.get("idempotent"):
        headers["HTTP_IDEMPOTENCY_KEY"] = next(_keys)
    return getattr(client, op.method.lower())(op.path, body, format="json", **headers)


def _shown(objects: ObjectSet, text: str, body: dict) -> list[str]:
    """Markers of `objects` in an answer, other than what the caller sent."""
    sent = repr(body)
    return sorted(m for m in objects.markers if m in text and m not in sent)


def _probe_public(op: Operation, world: World, outcome: Outcome) -> Outcome:
    if op.path != "/api/v1/payments/result/{reference}/":
        return outcome
    client = APIClient()
    for objects in world.sets:
        response = client.get(_url(op, objects))
        outcome.requests += 1
        personal = {objects.citizen.mobile, objects.citizen.name_en, f"Matrix-{objects.name}"}
        shown = sorted(p for p in personal if p in _text(response))
        if response.status_code != 200 or shown:
            outcome.leaks.append(f"{op.key} on {objects.name}: {response.status_code} {shown}")
    return outcome


def _check_reachable(op: Operation, world: World, client: APIClient, outcome: Outcome) -> None:
    """Some actor with a claim on x1 gets past the object lookup: a read answers 2xx, a write
    anything but 401/403/404 (its own validation or state rules may refuse it). Run last: a
    write here may change x1, and the test's transaction is rolled back after it."""
    objects = world.sets[0]
    url = _url(op, objects)
    for actor in world.actors:
        if not entitled(actor, objects, op):
            continue
        status = _call(client, op, url, actor).status_code
        if status < 300 or (not op.reads and status not in DENIED):
            return
    outcome.unreachable.append(f"{op.key}: no actor with a claim on x1 reached {url}")


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")
