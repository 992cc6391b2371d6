"""Reading time of one card against the size of its folded photo (issue 10, item 2).

Every exporter folds base64 at 75-76 columns, so a photo is tens of
thousands of continuation lines. Unfolding used to copy the whole value per
line (quadratic: 2 MiB took 19 s, 50 MiB never finished); it must be linear,
with a 20 MiB photo read in under 2 s.

    .venv/bin/python bench/vcard_folded_photo.py [--max-mib 20]

Prints one line per size: photo MiB, card MiB, seconds, MiB/s.
"""

from __future__ import annotations

import argparse
import base64
import os
import time

from netkeeper.io.vcard import read_cards


def folded_card(photo: bytes) -> bytes:
    data = base64.b64encode(photo)
    first = b"PHOTO;ENCODING=b;TYPE=JPEG:"
    lines = [first + data[: 76 - len(first)]]
    lines += [b" " + data[i : i + 75] for i in range(76 - len(first), len(data), 75)]
    return b"\r\n".join(
        [b"BEGIN:VCARD", b"VERSION:3.0", b"FN:Ada Lovelace", *lines, b"END:VCARD", b""]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-mib", type=float, default=20)
    args = parser.parse_args()
    sizes = [0.25]
    while sizes[-1] * 2 < args.max_mib:
        sizes.append(sizes[-1] * 2)
    sizes.append(args.max_mib)
    print(f"{'photo MiB':>10} {'card MiB':>9} {'seconds':>8} {'MiB/s':>7}")
    for mib in sizes:
        photo = os.urandom(int(mib * 2**20))
        card = folded_card(photo)
        started = time.perf_counter()
        ((read, problems),) = list(read_cards(card))
        elapsed = time.perf_counter() - started
        assert read is not None and read.photo == photo, problems
        print(f"{mib:>10.2f} {len(card) / 2**20:>9.2f} {elapsed:>8.3f} {mib / elapsed:>7.1f}")


if __name__ == "__main__":
    main()
