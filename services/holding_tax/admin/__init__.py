"""The holding-tax clerk panel: the registers (rules, exemptions, assessments, demand runs), the
quarter's run, assessing one holding and the general reassessment. Importing this package
registers every page (Django's admin autodiscovery imports it)."""

from services.holding_tax.admin import reassessment, registers  # noqa: F401
