"""What a browser does at a payment sandbox when the citizen presses Pay: open the gateway's
page (the payment's redirect_url), submit its "pay" form, and follow the redirect back to the
platform's callback. Prints where the citizen lands (the payment result page).

    .venv/bin/python scripts/press_pay.py "$REDIRECT"

Only for the sandboxes `make run` serves; real gateways need a person.
"""

import html
import re
import sys
from urllib.parse import urljoin

import requests

FORM = re.compile(r'<form method="post" action="([^"]+)" data-action="([a-z]+)">(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def press(redirect_url: str, button: str = "pay") -> str:
    page = requests.get(redirect_url, timeout=30)
    page.raise_for_status()
    forms = {name: (action, body) for action, name, body in FORM.findall(page.text)}
    if button not in forms:
        raise SystemExit(f"no {button!r} button on {redirect_url}")
    action, body = forms[button]
    fields = {k: html.unescape(v) for k, v in HIDDEN.findall(body)}
    target = urljoin(redirect_url, html.unescape(action))
    pressed = requests.post(target, data=fields, timeout=30, allow_redirects=False)
    if pressed.status_code not in (302, 303):
        raise SystemExit(f"the sandbox answered {pressed.status_code}")
    # Follow the way back: the platform's callback settles the payment, then shows the result.
    landed = requests.get(urljoin(target, pressed.headers["Location"]), timeout=60)
    landed.raise_for_status()
    return landed.url


if __name__ == "__main__":
    print(press(sys.argv[1]))
