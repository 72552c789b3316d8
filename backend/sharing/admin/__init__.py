"""Clerk panel for data sharing, for system administrators only: agencies (their OAuth2 client,
scopes and purposes with legal basis), citizens' consents (read only) and the disclosure log
(read only). django-oauth-toolkit's own pages are taken off the panel: an agency's client is
made and its secret rotated here, never edited by hand.

Importing the package registers every admin (Django's autodiscover imports it)."""

from backend.sharing.admin import agencies, logs

__all__ = ["agencies", "logs"]
