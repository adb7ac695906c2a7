"""Who may act on an obligation: predicates shared by the services (that enforce them) and the
selectors (that show the matching buttons), so that both always agree."""

from __future__ import annotations

from collegium.control.models import Obligation
from collegium.parties.models import Person, Unit


def is_executor_of(person: Person, obligation: Obligation) -> bool:
    """An executor whose unit (or a unit above it) executes the obligation."""
    if not person.is_active or person.party_id != obligation.party_id or not person.is_executor:
        return False
    if person.unit_id is None:
        return False
    unit_ids = {e.unit_id for e in obligation.executors.all()}
    unit: Unit | None = person.unit
    seen = 0
    while unit is not None and seen < 20:
        if unit.pk in unit_ids:
            return True
        unit = unit.parent
        seen += 1
    return False
