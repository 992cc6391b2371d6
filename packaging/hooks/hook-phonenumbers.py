"""Replaces the contrib hook, which collects every phonenumbers submodule (~48 MB).

NetKeeper only parses, validates and formats numbers: it needs the per-region
metadata in phonenumbers.data (imported by name at run time, hence the hidden
imports) and the short-number tables, not the geocoder, carrier or time-zone
data. Excluding those through the spec's `excludes` works too, but makes the
contrib hook print one warning per skipped module.
"""

from PyInstaller.utils.hooks import collect_submodules

_UNUSED = ("geocoder", "geodata", "carrier", "carrierdata", "timezone", "tzdata")


def _wanted(name: str) -> bool:
    parts = name.split(".")
    return len(parts) < 2 or parts[1] not in _UNUSED


hiddenimports = collect_submodules("phonenumbers", filter=_wanted)
