"""The water billing clerk panel: tariffs and fees (add-only once in effect), waiver campaigns,
settings, connections, meters, readings, bills, notices, and the monthly run's start page (dry
run by ward, then the run) and progress. Importing this package registers every page."""

from services.water_billing.admin import registers, runs  # noqa: F401
