"""The embedded default: the SMS is printed to the server's standard output, which is where a
person running the app locally reads their login code."""

import sys

from backend.notifications.backends.base import OutgoingSms, SmsBackend


class ConsoleSmsBackend(SmsBackend):
    name = "console"

    def send(self, message: OutgoingSms) -> str:
        sys.stdout.write(
            f"\n----- SMS to {message.to} (id {message.message_id}) -----\n"
            f"{message.body}\n"
            "-----------------------------------------------\n"
        )
        sys.stdout.flush()
        return ""
