"""The server process freezes its long-lived objects at start and once more after warming up."""

from __future__ import annotations

import gc

from django.core.signals import request_finished

from collegium.core import gcfreeze


def test_freezes_at_start_and_after_the_warm_up(monkeypatch) -> None:
    monkeypatch.setattr(gcfreeze, "_served", 0)
    gc.unfreeze()
    try:
        gcfreeze.freeze_after_warm_up()
        at_start = gc.get_freeze_count()
        assert at_start > 0
        kept = [[n] for n in range(1000)]  # loaded during the first requests, kept for good
        for _ in range(gcfreeze.WARM_UP_REQUESTS - 1):
            request_finished.send(sender=None)
        assert gc.get_freeze_count() == at_start
        request_finished.send(sender=None)
        assert gc.get_freeze_count() >= at_start + len(kept)
        # Once only: later requests do not freeze again (their garbage must stay collectable).
        after = gc.get_freeze_count()
        garbage = [[n] for n in range(1000)]
        request_finished.send(sender=None)
        assert gc.get_freeze_count() == after
        del garbage
    finally:
        request_finished.disconnect(dispatch_uid="collegium.gcfreeze")
        gc.unfreeze()
