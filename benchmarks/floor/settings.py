"""The production settings with one change: a first middleware that answers the SQL floor's
requests (/_floor/sql/<name>) itself, before any other middleware; every other request goes
through the production stack and URLs unchanged."""

from backend.settings import *  # noqa: F403 (the production settings, unchanged)
from backend.settings import MIDDLEWARE

MIDDLEWARE = ["benchmarks.floor.middleware.FloorShortcut", *MIDDLEWARE]
