"""Large values: folded photos read in linear time, a size limit per property, photos
stored at the size the app shows them (issue 10, item 2)."""

from __future__ import annotations

import base64
import io
import os
import time
from pathlib import Path
from typing import Any

from PIL import Image

from netkeeper.io import vcard
from netkeeper.io.photos import PHOTO_SIDE
from netkeeper.io.vcard import read_cards


def _folded(photo: bytes, mime: str = "JPEG") -> bytes:
    """A card whose photo is base64 folded at 76 columns, as every exporter writes it."""
    data = base64.b64encode(photo)
    head = f"PHOTO;ENCODING=b;TYPE={mime}:".encode()
    lines = [head + data[: 76 - len(head)]]
    lines += [b" " + data[i : i + 75] for i in range(76 - len(head), len(data), 75)]
    return b"\r\n".join(
        [b"BEGIN:VCARD", b"VERSION:3.0", b"FN:Ada Lovelace", *lines, b"END:VCARD", b""]
    )


def _read_seconds(size: int) -> float:
    photo = os.urandom(size)
    card = _folded(photo)
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        ((read, _problems),) = list(read_cards(card))
        best = min(best, time.perf_counter() - started)
        assert read is not None and read.photo == photo
    return best


def test_unfolding_a_photo_grows_linearly_with_its_size() -> None:
    """Eight times the photo must cost about eight times the time, not sixty-four.

    A ratio, not a time limit, so a slow machine does not fail it; the absolute
    figures are in bench/vcard_folded_photo.py. Before the fix the ratio was ~60.
    """
    small, large = _read_seconds(256 * 1024), _read_seconds(2048 * 1024)
    assert large / small < 25, (small, large)


def test_a_property_over_the_limit_is_left_out_and_reported(monkeypatch: Any) -> None:
    monkeypatch.setattr(vcard, "MAX_PROPERTY", 256 * 1024)
    card = _folded(os.urandom(512 * 1024)).replace(
        b"END:VCARD", b"EMAIL:ada@example.org\r\nEND:VCARD"
    )
    ((read, problems),) = list(read_cards(card))
    assert read is not None
    assert read.photo is None and read.full_name == "Ada Lovelace"
    assert [e.value for e in read.emails] == ["ada@example.org"], "the card goes on after it"
    assert any("PHOTO property" in p.reason and "left out" in p.reason for p in problems)


def _jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(out, "JPEG", quality=95)
    return out.getvalue()


def test_import_stores_large_photos_at_the_size_the_app_shows(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from netkeeper.services.contact_rows import photo_of

    original = _jpeg(4000, 3000)
    path = tmp_path / "camera.vcf"
    path.write_bytes(_folded(original))
    assert cli("import", str(path)).code == 0
    cid = cli("list", "--json").json()[0]["id"]
    stored = photo_of(cid)
    assert stored is not None and len(stored) < len(original) // 4
    assert Image.open(io.BytesIO(stored)).size == (PHOTO_SIDE, PHOTO_SIDE * 3 // 4)
    # A small photo is kept byte for byte.
    small = _jpeg(300, 300)
    path.write_bytes(_folded(small).replace(b"Ada Lovelace", b"Grace Hopper"))
    assert cli("import", str(path)).code == 0
    grace = next(d for d in cli("list", "--json").json() if d["full_name"] == "Grace Hopper")
    assert photo_of(grace["id"]) == small


def test_full_size_photos_keeps_the_original(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from netkeeper.services.contact_rows import photo_of

    original = _jpeg(2000, 1000)
    path = tmp_path / "camera.vcf"
    path.write_bytes(_folded(original))
    r = cli("import", "--full-size-photos", str(path))
    assert r.code == 0, r.err
    assert photo_of(cli("list", "--json").json()[0]["id"]) == original
