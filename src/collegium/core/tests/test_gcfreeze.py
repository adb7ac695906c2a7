"""The server process freezes its long-lived objects at start and once more after warming up."""

from __future__ import annotations

import gc

from django.core.signals import request_finished

from collegium.core import gcfreeze


def _listening() -> bool:
    return any(entry[0][0] == gcfreeze._UID for entry in request_finished.receivers)


def test_freezes_at_start_and_after_the_warm_up(monkeypatch) -> None:
    monkeypatch.setattr(gcfreeze, "_served", 0)
    gc.unfreeze()
    try:
        gcfreeze.freeze_after_warm_up()
        at_start = gc.get_freeze_count()
        assert at_start > 0 and _listening()
        kept = [[n] for n in range(1000)]  # loaded during the first requests, kept for good
        # The receiver itself, as the end of each request calls it (sending the signal would also
        # run Django's own receivers, which touch the database).
        for _ in range(gcfreeze.WARM_UP_REQUESTS - 1):
            gcfreeze._after_request()
        assert gc.get_freeze_count() == at_start
        gcfreeze._after_request()
        assert gc.get_freeze_count() >= at_start + len(kept)
        # Once only: it stops listening, so later requests' garbage stays collectable.
        assert not _listening()
    finally:
        request_finished.disconnect(dispatch_uid=gcfreeze._UID)
        gc.unfreeze()
