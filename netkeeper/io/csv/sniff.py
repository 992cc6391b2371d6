"""What a contacts file is before anyone reads it: encoding, delimiter, header row, format.

Files arrive with misleading names (a LinkedIn export saved as .txt, an Excel
"Unicode text" file called .csv, a workbook renamed .csv), so the format is
judged by content, never by extension. Everything here looks at the first
SAMPLE bytes only, so sniffing a 100 MB file costs the same as a small one.

Encodings: a BOM decides (UTF-8, UTF-16 LE/BE); UTF-16 without a BOM shows as
NUL bytes in every other position; otherwise UTF-8 if the sample decodes, else
cp1252 (Outlook on Windows). Rows later in a file that are not valid in the
chosen encoding are decoded byte by byte as cp1252 (see `DECODE_ERRORS`), the
Evolution importer's rule, instead of failing the whole file.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

SAMPLE = 256 * 1024
# Larger files are refused before anything is read: no contacts export comes near it
# (50,000 Google contacts with every column are ~25 MB), and the review holds a row
# of outcome per contact in memory.
MAX_BYTES = 100 * 1024 * 1024
# A physical line longer than this is not a contacts row (a notes cell may span lines).
MAX_LINE = 4 * 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")
ENCODINGS = ("utf-8-sig", "utf-8", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1")
FORMATS = ("vcard", "linkedin", "google", "outlook", "csv")
DECODE_ERRORS = "netkeeper-cp1252"

# Signatures of files people rename to .csv by mistake, named so the message can say what it is.
_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive or an Excel/Numbers workbook (save it as CSV first)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel or Word document (save it as CSV first)"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"SQLite format 3\0", "an SQLite database"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
)
_GOOGLE_GROUP = re.compile(
    r"^(e-mail|phone|address|website|event|relation|custom field|organization|im) \d+ - "
    r"(label|type|value|formatted|street|city|po box|region|postal code|country|"
    r"extended address|name|title|department|service)$"
)


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode the offending bytes as cp1252 (latin-1 for its five holes)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return bad.decode("cp1252", errors="replace").replace("\ufffd", ""), exc.end


codecs.register_error(DECODE_ERRORS, _cp1252_fallback)


class CsvReadError(Exception):
    """The file cannot be read as a contacts CSV at all (the message names why)."""


@dataclass
class Sniffed:
    """What the first bytes say; every field can be overridden by the user."""

    format: str  # one of FORMATS
    encoding: str = "utf-8"
    delimiter: str = ","
    header_line: int = 0  # 0-based index of the header among the file's logical rows
    header: list[str] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)  # a few data rows after the header


def detect_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    pairs = head[:4096]
    if len(pairs) >= 4:
        odd_nuls = pairs[1::2].count(0)
        even_nuls = pairs[0::2].count(0)
        half = len(pairs) // 2
        if odd_nuls > half * 0.6 and even_nuls < half * 0.1:
            return "utf-16-le"
        if even_nuls > half * 0.6 and odd_nuls < half * 0.1:
            return "utf-16-be"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and len(head) >= SAMPLE - 4:
            return "utf-8"  # the sample cut a multi-byte character in two
        return "cp1252"


def binary_kind(head: bytes, encoding: str) -> str | None:
    """A sentence naming what a non-text file is, or None when it looks like text."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if encoding.startswith("utf-16"):
        return None
    sample = head[:65536]
    if not sample:
        return None
    if b"\0" in sample:
        return "a binary file, not text"
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    if controls > len(sample) * 0.02:
        return "a binary file, not text"
    return None


def decode_sample(head: bytes, encoding: str) -> str:
    text = head.decode(encoding, errors=DECODE_ERRORS)
    if len(head) >= SAMPLE:  # drop the last, possibly cut, line
        text = text[: max(text.rfind("\n"), 0)]
    return text


def _rows(text: str, delimiter: str, limit: int = 60) -> list[list[str]]:
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter, strict=False):
            rows.append(row)
            if len(rows) >= limit:
                break
    except csv.Error:
        pass
    return rows


def header_index(rows: list[list[str]]) -> int:
    """The header is the first row with two or more cells filled in.

    LinkedIn puts a "Notes:" line, a quoted sentence and a blank line before it;
    other files start with it. A one-column file's header is its first row.
    """
    for i, row in enumerate(rows[:20]):
        if sum(1 for c in row if c.strip()) >= 2:
            return i
    for i, row in enumerate(rows):
        if any(c.strip() for c in row):
            return i
    return 0


def detect_delimiter(text: str) -> str:
    """The candidate whose rows agree on the largest number of columns."""
    best, best_score = ",", 0.0
    for delim in DELIMITERS:
        rows = _rows(text, delim)
        start = header_index(rows)
        widths = [len(r) for r in rows[start:] if r]
        if not widths:
            continue
        width, agree = Counter(widths).most_common(1)[0]
        if width < 2:
            continue
        # The header's own width counts double: data rows may be ragged, the header is not.
        head_bonus = 1.0 if widths[0] == width else 0.0
        # Rows before the header (LinkedIn's preamble) are rare: each one costs.
        preamble = sum(1 for r in rows[:start] if any(c.strip() for c in r))
        score = width * (agree / len(widths) + head_bonus) / (1 + preamble)
        if score > best_score:
            best, best_score = delim, score
    return best


def _norm(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").split()).casefold()


def format_of_header(header: list[str]) -> str:
    names = {_norm(h) for h in header}
    if any(_GOOGLE_GROUP.match(n) for n in names):
        return "google"
    if {"first name", "last name"} <= names and (
        "connected on" in names or {"company", "position"} <= names
    ):
        return "linkedin"
    outlook_marks = {
        "e-mail address",
        "e-mail 2 address",
        "business phone",
        "mobile phone",
        "home phone",
        "job title",
        "e-mail display name",
        "business street",
        "home street",
    }
    if len(names & outlook_marks) >= 2 and names & {"first name", "last name", "company"}:
        return "outlook"
    return "csv"


def is_vcard(text: str) -> bool:
    return "begin:vcard" in text[:65536].lower()


def sniff_bytes(
    head: bytes, *, encoding: str | None = None, delimiter: str | None = None
) -> Sniffed:
    """Sniff a file from its first bytes; `encoding`/`delimiter` override the guesses."""
    if not head.strip(b"\xef\xbb\xbf\xff\xfe \r\n\t\0"):
        raise CsvReadError("the file is empty")
    enc = encoding or detect_encoding(head)
    if encoding is None and (what := binary_kind(head, enc)):
        raise CsvReadError(f"this is {what}, not a contacts file")
    try:
        text = decode_sample(head, enc)
    except LookupError:
        raise CsvReadError(f"unknown encoding '{enc}'") from None
    if is_vcard(text):
        return Sniffed("vcard", enc)
    text = text.lstrip("\ufeff")
    delim = delimiter or detect_delimiter(text)
    rows = _rows(text, delim, limit=40)
    start = header_index(rows)
    header = [h.replace("\ufeff", "").strip() for h in rows[start]] if rows else []
    if not any(header):
        raise CsvReadError("no header row found")
    preview = [r for r in rows[start + 1 :] if any(c.strip() for c in r)][:20]
    return Sniffed(format_of_header(header), enc, delim, start, header, preview)


def sniff(fh: BinaryIO, **overrides: str | None) -> Sniffed:
    pos = fh.tell()
    head = fh.read(SAMPLE)
    fh.seek(pos)
    return sniff_bytes(head, **overrides)


def _limited_lines(text: io.TextIOBase) -> Iterator[str]:
    number = 0
    while True:
        line = text.readline(MAX_LINE)
        if not line:
            return
        number += 1
        if len(line) >= MAX_LINE and not line.endswith(("\n", "\r")):
            raise CsvReadError(f"line {number} is longer than 4 MB; this is not a contacts CSV")
        yield line


@dataclass
class Row:
    """One data row: its 1-based number among the data rows, its first physical line, cells."""

    number: int
    line: int
    cells: list[str]


def read_rows(fh: BinaryIO, sniffed: Sniffed) -> Iterator[Row]:
    """Stream the data rows after the header; blank rows are dropped, numbers keep counting."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE))  # a long quoted note is fine
    text = io.TextIOWrapper(fh, encoding=sniffed.encoding, errors=DECODE_ERRORS, newline="")
    try:
        reader = csv.reader(_limited_lines(text), delimiter=sniffed.delimiter, strict=False)
        index = -1
        number = 0
        last_line = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise CsvReadError(f"line {reader.line_num}: {exc}") from None
            index += 1
            first_line = last_line + 1
            last_line = reader.line_num
            if index <= sniffed.header_line:
                continue
            if not any(c.strip() for c in cells):
                continue
            number += 1
            if cells and cells[0].startswith("\ufeff"):
                cells[0] = cells[0][1:]
            yield Row(number, first_line, cells)
    finally:
        text.detach()  # the caller owns fh
