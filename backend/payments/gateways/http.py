"""The HTTP client every adapter uses: one requests.Session per adapter and thread (connection
reuse), connect and read timeouts on every call, and one rule for bad answers: a timeout, a
connection error, a 5xx or a body that is not a JSON object raises GatewayUnavailable, so the
payment stays pending and reconciliation asks again later.

Exception messages and logs never carry the URL's query string: SSLCommerz puts the store password
there.
"""

import logging
import threading
from dataclasses import dataclass
from typing import Any

import requests

from backend.payments.gateways.base import GatewayUnavailable

logger = logging.getLogger("backend.payments.gateways")


@dataclass(frozen=True)
class HttpAnswer:
    status_code: int
    body: dict[str, Any]


class GatewayHttp:
    def __init__(
        self, *, gateway: str, base_url: str, connect_timeout: float, read_timeout: float
    ) -> None:
        self.gateway = gateway
        self.base_url = base_url.rstrip("/")
        self.timeout = (float(connect_timeout), float(read_timeout))
        self._local = threading.local()

    @property
    def session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = "pourashava-services/1 (+payments)"
            self._local.session = session
        return session

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def call(
        self,
        method: str,
        path: str,
        *,
        json: dict | None = None,
        data: dict | None = None,
        params: dict | None = None,
        headers: dict | None = None,
    ) -> HttpAnswer:
        """One request; 2xx-4xx answers with a JSON object body are returned for the adapter to
        read (gateways put their own error codes in 4xx bodies), anything else raises."""
        where = f"{self.gateway} {method} {path.split('?', 1)[0]}"
        try:
            response = self.session.request(
                method,
                self.url(path),
                json=json,
                data=data,
                params=params,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
            )
        # `from None`: urllib3's messages quote the full URL, query string and all.
        except requests.Timeout:
            logger.warning("gateway timeout: %s", where)
            raise GatewayUnavailable(f"{where}: no answer in time") from None
        except requests.RequestException as exc:
            logger.warning("gateway unreachable: %s (%s)", where, type(exc).__name__)
            raise GatewayUnavailable(f"{where}: unreachable ({type(exc).__name__})") from None
        if response.status_code >= 500 or 300 <= response.status_code < 400:
            logger.warning("gateway error: %s answered HTTP %s", where, response.status_code)
            raise GatewayUnavailable(f"{where}: HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError as exc:
            logger.warning("gateway garbage: %s answered non-JSON", where)
            raise GatewayUnavailable(f"{where}: answer is not JSON") from exc
        if not isinstance(body, dict):
            raise GatewayUnavailable(f"{where}: answer is not a JSON object")
        return HttpAnswer(status_code=response.status_code, body=body)
