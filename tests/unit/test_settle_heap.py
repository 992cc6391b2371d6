"""app.settle_heap: what start-up built is frozen out of the cyclic collector's sight."""

from __future__ import annotations

import gc

from netkeeper.app import settle_heap


def test_start_up_objects_are_frozen_out_of_full_collections() -> None:
    kept = [{"row": n, "peers": []} for n in range(1000)]  # like the window's contact rows
    for row in kept:
        row["peers"].append(row)  # cyclic, as Qt wrappers and models often are
    probe = kept[500]
    assert any(o is probe for o in gc.get_objects()), "walked by every full collection"
    try:
        settle_heap()
        assert gc.get_freeze_count() >= len(kept)
        # The generations a collection walks no longer hold it (the permanent one does).
        assert not any(o is probe for o in gc.get_objects())
        gc.collect()
        assert probe["peers"][0] is probe, "frozen, not freed"
        later: dict[str, list[object]] = {"peers": []}  # built after start-up
        assert any(o is later for o in gc.get_objects()), "what comes later is collected"
    finally:
        gc.unfreeze()  # the rest of the test session collects as usual
