"""The estate clerk panel: the register of leasable property (with its years and reserves),
tender calls (make, publish, open, award), bids as they are handed in, leases (approve) and the
dated rates. Importing this package registers every page."""

from services.estate_leases.admin import leases, properties, tenders  # noqa: F401
