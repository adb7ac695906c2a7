"""Domain signals that notifications listen to; they carry facts, never business logic."""

from django.dispatch import Signal

approvals_withdrawn = Signal()  # resolution, parties
proposal_submitted = Signal()  # proposal
