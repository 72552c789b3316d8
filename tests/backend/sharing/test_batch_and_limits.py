"""Batches of at most 500; per-client limits per minute where a subject not found costs extra
(guessing identifiers runs out fast)."""

import pytest

from backend.sharing.models import Disclosure
from backend.sharing.ratelimit import NOT_FOUND_COST
from tests.backend.sharing.helpers import agency_api, batch, lookup, make_agency

pytestmark = pytest.mark.django_db


def _registrar(**fields):
    return make_agency(
        "registrar", scopes=("holding_tax",), purposes=("deed_registration",), **fields
    )


def test_a_batch_answers_each_subject_and_logs_each(holding_with_dues):
    api = agency_api(_registrar())
    response = batch(
        api,
        "holding.clearance",
        [holding_with_dues.reference, "NAT-3-404", "nat-3-12/A"],
        "deed_registration",
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["subject"], r["found"]) for r in results] == [
        ("NAT-3-12/A", True),
        ("NAT-3-404", False),
        ("nat-3-12/A", True),
    ]
    assert "fields" not in results[1]
    assert Disclosure.objects.count() == 3
    assert Disclosure.objects.filter(result="not_found").count() == 1


def test_a_batch_over_500_is_refused_and_nothing_is_looked_up(holding):
    api = agency_api(_registrar(rate_limit_per_minute=10_000))
    subjects = [f"NAT-3-{n}" for n in range(501)]
    response = batch(api, "holding.clearance", subjects, "deed_registration")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "batch_too_large"
    assert error["fields"]["subjects"][0]["code"] == "max_length"
    assert Disclosure.objects.count() == 0
    assert batch(api, "holding.clearance", subjects[:500], "deed_registration").status_code == 200


def test_not_found_answers_count_extra_against_the_rate_limit(holding):
    limit = 20
    api = agency_api(_registrar(rate_limit_per_minute=limit))
    guesses = [f"NAT-3-9{n}" for n in range(4)]
    assert batch(api, "holding.clearance", guesses, "deed_registration").status_code == 200
    # 4 lookups + 4 not found x NOT_FOUND_COST: the minute's allowance is spent.
    assert limit <= 4 + 4 * NOT_FOUND_COST
    refused = lookup(api, "holding.clearance", holding.reference, "deed_registration")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert int(refused["Retry-After"]) >= 1


def test_found_answers_cost_one_each(holding):
    api = agency_api(_registrar(rate_limit_per_minute=20))
    subjects = [holding.reference] * 20
    assert batch(api, "holding.clearance", subjects, "deed_registration").status_code == 200
    assert (
        lookup(api, "holding.clearance", holding.reference, "deed_registration").status_code == 429
    )
