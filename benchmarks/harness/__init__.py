"""The pieces every benchmark stands on: database, server, load generator, results."""

import base64
import os
import secrets

from benchmarks.harness.context import Context, Options
from benchmarks.harness.results import Result

# One document-signing key for the whole run, shared by this process and the gunicorn server it
# starts (both read the environment), so documents issued here verify there. Verification is
# rate-limited per address in production; the load generator is one address.
os.environ.setdefault(
    "DOCUMENT_SIGNING_KEYS", "bench:" + base64.b64encode(secrets.token_bytes(32)).decode()
)
os.environ.setdefault("DOCUMENT_VERIFY_THROTTLE_RATE", "100000000/minute")
# Likewise one JWT signing key, so tokens made here for benchmark users are accepted there.
os.environ.setdefault("JWT_SIGNING_KEY", secrets.token_urlsafe(50))

__all__ = ["Context", "Options", "Result"]
