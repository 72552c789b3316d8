"""The API against its own schema over real HTTP: the schemathesis CLI against a live server (the
project's real stack: WSGI server thread, middleware, the database of the run, PostgreSQL in
.ci/run), as an anonymous caller, as a citizen logged in by OTP and as a clerk logged in with a
password. The in-process run (test_schemathesis.py) covers every operation per test case; this
one is what a client across the network sees, with schemathesis' own runner and phases.

Checks: every check schemathesis has (`--checks all`: no 5xx, status codes, content types,
headers and bodies as documented, ignored auth, unsupported methods, missing required headers,
use-after-free, resource availability, response time) except two that judge business rules
rather than the contract, excluded by name below with the reason.

Bounded so the three runs fit in CI: a fixed seed, a few examples per operation, the examples
and fuzzing phases (the coverage phase's boundary values are what the in-process run checks
with its own cases), one worker. SCHEMATHESIS_LIVE_EXAMPLES overrides the examples per
operation for a longer local run.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from tests.contract.test_schemathesis import _citizen_token, _clerk_token
from tests.services.certificates.helpers import make_town

pytestmark = pytest.mark.django_db(transaction=True)

SEED = 2026
EXAMPLES = int(os.environ.get("SCHEMATHESIS_LIVE_EXAMPLES", "3"))
EXCLUDED_CHECKS = [
    # "Schema-valid request rejected": a request can match the schema and still be refused by
    # a business rule the schema cannot express (a demand that is not yours, a certificate
    # type this pourashava does not issue, an upload that is not a PDF), with a declared 400.
    "positive_data_acceptance",
    # "Schema-violating request accepted": DRF reads `"7"` as the integer 7 and 7 as the
    # string "7", and ignores an unreadable `page_size` (the default page), by design and as
    # documented; clients sending well-typed data are unaffected.
    "negative_data_rejection",
]
# Gateway callbacks only mean something for a payment a gateway knows, with signed payloads;
# they are tested with recorded payloads in tests/backend/payments.
EXCLUDED_PATHS = r"^/api/v1/payments/callback/"


@pytest.fixture
def tokens(live_server, settings) -> dict[str, str | None]:
    settings.SMS_BACKEND = "memory"
    settings.OTP_MAX_PER_NUMBER_PER_HOUR = 1000
    settings.OTP_MAX_PER_ADDRESS_PER_HOUR = 1000
    town = make_town("NAT")
    return {"anonymous": None, "citizen": _citizen_token(), "clerk": _clerk_token(town)}


def run_schemathesis(base_url: str, token: str | None, report: Path) -> subprocess.CompletedProcess:
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        f"{base_url}/api/schema/?format=json",
        "--checks",
        "all",
        "--exclude-checks",
        ",".join(EXCLUDED_CHECKS),
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--no-shrink",
        "--generation-database",
        "none",
        "--request-timeout",
        "60",
        "--max-response-time",
        "30",
        "--exclude-path-regex",
        EXCLUDED_PATHS,
        "--report-dir",
        str(report),
        "-H",
        "Accept-Language: bn",
    ]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    return subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)


@pytest.mark.parametrize("who", ["anonymous", "citizen", "clerk"])
def test_live_server_answers_as_its_schema_says(who, tokens, live_server, tmp_path):
    # The schema's own server address is the live server's (PUBLIC_BASE_URL feeds links).
    with override_settings(PUBLIC_BASE_URL=live_server.url):
        result = run_schemathesis(live_server.url, tokens[who], tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"schemathesis as {who}:\n{output[-12000:]}"
    assert "Tested:" in output  # it really ran the operations
