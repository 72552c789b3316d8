"""A generic HTTP SMS provider: POST a JSON message with an API key, expect a 2xx answer.

Bangladeshi SMS gateways differ in field names; this adapter speaks one simple shape
({"to", "sender_id", "message", "client_ref"} with a Bearer key) and is the one place to adapt
for a particular provider."""

import requests
from django.conf import settings

from backend.notifications.backends.base import OutgoingSms, SmsBackend, SmsDeliveryError


class HttpSmsBackend(SmsBackend):
    name = "http"

    def __init__(
        self,
        *,
        url: str | None = None,
        api_key: str | None = None,
        sender_id: str | None = None,
        timeout: float | None = None,
    ) -> None:
        self.url = url if url is not None else settings.SMS_HTTP_URL
        self.api_key = api_key if api_key is not None else settings.SMS_HTTP_API_KEY
        self.sender_id = sender_id if sender_id is not None else settings.SMS_HTTP_SENDER_ID
        self.timeout = timeout if timeout is not None else settings.SMS_HTTP_TIMEOUT_SECONDS

    def send(self, message: OutgoingSms) -> str:
        if not self.url:
            raise SmsDeliveryError("SMS_HTTP_URL is not set.")
        payload = {
            # Providers want the international form: 8801XXXXXXXXX.
            "to": f"88{message.to}" if message.to.startswith("01") else message.to,
            "sender_id": self.sender_id,
            "message": message.body,
            "client_ref": message.message_id,
        }
        try:
            response = requests.post(
                self.url,
                json=payload,
                headers={"Authorization": f"Bearer {self.api_key}", "Accept": "application/json"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise SmsDeliveryError(f"SMS provider unreachable: {type(exc).__name__}") from exc
        if not 200 <= response.status_code < 300:
            raise SmsDeliveryError(f"SMS provider answered HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            return ""
        return str(data.get("message_id") or data.get("id") or "")[:100]
