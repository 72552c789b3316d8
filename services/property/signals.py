"""Signals other services listen to, so the register never reaches into their tables.

`holding_claim_approved(sender=HoldingClaim, claim=...)` is sent inside the approving
transaction when a citizen's claim is approved (by NID match or by a clerk). A service that
keeps money owed on holdings (holding tax) can then put the holding's unassigned dues in that
citizen's app; what a receiver writes commits or rolls back with the approval."""

from django.dispatch import Signal

holding_claim_approved = Signal()
