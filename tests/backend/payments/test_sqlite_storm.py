"""The embedded default (SQLite, a file) holds a storm of concurrent writes: 20 copies of the
same signed SSLCommerz IPN posted at once to a real server (runserver, threaded, with the
project's own database settings) all get a 2xx, and the payment settles once.

Before the SQLite options in settings.py (WAL, IMMEDIATE transactions, the busy timeout), about
half of them answered 500 "database is locked" at once: a deferred transaction that read first
could not take the write lock, and SQLite refuses that upgrade without waiting."""

import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.backend.payments.gateways.helpers import Merchant, citizen_presses

ROOT = Path(__file__).resolve().parents[3]
COPIES = 20

SEED = """
import json, django
django.setup()
from backend.payments.services.online import start_online_payment
from tests.backend.payments.factories import bill_for
from tests.factories import CitizenFactory, PourashavaFactory
citizen = CitizenFactory()
bill = bill_for(citizen, PourashavaFactory(code="NAT"), {"holding_tax": "250.00"})
payment = start_online_payment(bill=bill, gateway="sslcommerz", citizen=citizen, actor=None)
print(json.dumps({"reference": payment.reference, "redirect_url": payment.redirect_url}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(env: dict, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture
def merchant():
    server = Merchant()
    yield server
    server.stop()


@pytest.fixture
def server(tmp_path, merchant):
    """migrate a fresh SQLite file, then serve it with `manage.py runserver` (threaded)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    db = tmp_path / "storm.sqlite3"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE", "CELERY", "CACHE", "SSLCOMMERZ", "DJANGO_"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "backend.settings",
        "DJANGO_DEBUG": "true",  # the embedded default: sandboxes on, tasks eager
        "DATABASE_URL": f"sqlite:///{db}",
        "PUBLIC_BASE_URL": base,
        "SSLCOMMERZ_IPN_URL": f"{merchant.url}/ipn/",  # the signed IPN is caught, then replayed
        "SMS_BACKEND": "memory",
        "PYTHONUNBUFFERED": "1",
    }
    _run(env, "manage.py", "migrate", "--noinput")
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--skip-checks",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "server did not start"
            time.sleep(0.5)
        yield {"base": base, "env": env, "db": db}
    finally:
        process.terminate()
        process.wait(30)


def test_twenty_copies_of_a_signed_ipn_at_once_all_answered_and_settled_once(server, merchant):
    import json

    seeded = json.loads(_run(server["env"], "-c", SEED).stdout.strip().splitlines()[-1])
    citizen_presses(seeded["redirect_url"], "pay")
    ipns = merchant.at("/ipn/")
    assert len(ipns) == 1 and ipns[0]["form"]["tran_id"] == seeded["reference"]
    ipn = ipns[0]["form"]

    url = f"{server['base']}/api/v1/payments/callback/sslcommerz/"
    barrier = threading.Barrier(COPIES)
    answers: list = []

    def post() -> None:
        barrier.wait()
        try:
            answer = requests.post(url, data=ipn, timeout=60)
            answers.append((answer.status_code, answer.text[:200]))
        except requests.RequestException as exc:
            answers.append((0, str(exc)))

    threads = [threading.Thread(target=post) for _ in range(COPIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(90)

    assert len(answers) == COPIES
    failed = [a for a in answers if not 200 <= a[0] < 300]
    assert not failed, failed
    assert all('"status":"settled"' in text for _, text in answers), answers

    with sqlite3.connect(server["db"]) as db:
        status = db.execute(
            "SELECT status FROM payments_payment WHERE reference = ?", [seeded["reference"]]
        ).fetchone()[0]
        receipts = db.execute(
            "SELECT count(*) FROM payments_receipt r JOIN payments_payment p ON p.id = r.payment_id"
            " WHERE p.reference = ?",
            [seeded["reference"]],
        ).fetchone()[0]
        journal = db.execute("PRAGMA journal_mode").fetchone()[0]
    assert (status, receipts) == ("settled", 1)
    assert journal == "wal"
