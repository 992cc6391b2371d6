"""Contacts in CSV: LinkedIn, Google, Outlook and any other CSV through a column mapping.

`read_csv_cards` is the CSV twin of `io.vcard.read_cards`: it streams
`(card, problems)` row by row, so the importer's matching, merging, review and
transaction rules apply to CSV exactly as to vCard. Which reader turns a row
into a Card is decided by `sniff` from the header (or forced by the caller);
`CsvOptions` carries the user's overrides.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol

from netkeeper.io.card import Card, Problem
from netkeeper.io.csv.google import GoogleRows
from netkeeper.io.csv.linkedin import LinkedInRows
from netkeeper.io.csv.mapping import MappedRows, MappingError
from netkeeper.io.csv.outlook import OutlookRows
from netkeeper.io.csv.sniff import CsvReadError, Sniffed, read_rows, sniff

__all__ = ["CsvOptions", "CsvReadError", "MappingError", "Sniffed", "read_csv_cards", "sniff"]

CSV_FORMATS = ("linkedin", "google", "outlook", "csv")


@dataclass
class CsvOptions:
    """What the user chose over what the sniffer guessed (None: take the guess)."""

    format: str | None = None  # linkedin | google | outlook | csv
    encoding: str | None = None
    delimiter: str | None = None
    mapping: Mapping[str, str] | None = field(default=None)  # column header -> field


class _Rows(Protocol):
    def card(self, cells: list[str]) -> tuple[Card | None, list[str], str | None]: ...


def row_reader(fmt: str, header: list[str], mapping: Mapping[str, str] | None) -> _Rows:
    if fmt == "linkedin":
        return LinkedInRows(header)
    if fmt == "google":
        return GoogleRows(header)
    if fmt == "outlook":
        return OutlookRows(header)
    return MappedRows(header, mapping)


def open_csv(fh: BinaryIO, options: CsvOptions | None = None) -> tuple[Sniffed, _Rows]:
    """Sniff the file and pick its row reader; raises CsvReadError or MappingError."""
    opts = options or CsvOptions()
    sniffed = sniff(fh, encoding=opts.encoding, delimiter=opts.delimiter)
    if sniffed.format == "vcard":
        raise CsvReadError("this is a vCard file, not CSV")
    fmt = opts.format or sniffed.format
    if opts.mapping and not opts.format:
        fmt = "csv"  # an explicit mapping means: read it through the mapping
    sniffed.format = fmt
    return sniffed, row_reader(fmt, sniffed.header, opts.mapping)


def read_csv_cards(
    fh: BinaryIO, options: CsvOptions | None = None
) -> Iterator[tuple[Card | None, list[Problem]]]:
    """Yield `(card, problems)` per data row (numbered from 1); `card` is None when skipped.

    Raises CsvReadError when the file cannot be read as CSV at all, MappingError
    when a generic CSV has no usable mapping; both before the first row.
    """
    sniffed, rows = open_csv(fh, options)
    for row in read_rows(fh, sniffed):
        card, notes, skipped = rows.card(row.cells)
        problems = [Problem(row.number, row.line, text) for text in notes]
        if skipped:
            problems.append(Problem(row.number, row.line, skipped, skipped=True))
        yield card, problems
