"""vCard 2.1/3.0/4.0 <-> `Card`: a forgiving streaming reader and a strict writer.

Why our own reader rather than vobject? Measured here (bench/corpus_fidelity.py,
bench/import_vcards.py): on the real files of ../shared/vcards, vobject 0.9.9 in
its most forgiving mode (allowQP, ignoreUnreadable, card by card) returns 362 of
the 381 real cards that carry a name, organisation, email or phone with that data
intact; this reader lands all 381. vobject cuts FN/NOTE/LABEL at an unescaped
comma, needs text already decoded (so raw Windows-125x/Shift_JIS lines, folding
that splits a UTF-8 sequence and QP without CHARSET are lost or mangled), and a
line it cannot tokenize costs the card. It also parses 1,400-2,000 cards/s, while
the whole import built on this reader (parse, match, write, index) runs at about
3,500 cards/s, so there is no need for several processes.

Design, in the order bytes flow:
1. `_open_lines` yields physical lines as *bytes*: BOMs are dropped, UTF-16 is
   re-encoded to UTF-8, CRLF/LF/CR endings all work. Staying in bytes until a
   property's charset is known is what makes folding that splits a UTF-8
   sequence, raw Windows-125x/Shift_JIS text and 2.1 quoted-printable work.
2. `_logical_lines` unfolds (leading space/tab), joins QP soft line breaks
   (even across stray blank lines), 2.1 base64 blocks without indentation and
   raw continuation lines without a colon.
3. `_iter_source` keeps a stack of open cards (nested or END-less cards still
   land); at each END, `_Mapper` turns the card's properties into a `Card`
   under a try/except, so one bad card costs that card, never the file. Only
   one card's properties are ever held, so memory does not grow with the file.

Writing is ours too, because the output must be valid for the chosen version
(3.0 or 4.0): escaping, TYPE/PREF conventions, folding at 75 octets never
splitting a UTF-8 sequence, photos and year-less birthdays each version's way,
and kept properties given back under names the version allows. vobject serves
as the independent checker of that output in the tests.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import contextlib
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from email.utils import parseaddr
from typing import BinaryIO

from netkeeper import __version__
from netkeeper.io.card import (
    Card,
    PostalAddress,
    Problem,
    RawProperty,
    SocialProfile,
    TypedValue,
)
from netkeeper.social import (
    is_web_link,
    service_for_url,
    service_key,
    service_label,
    url_key,
)

__all__ = [
    "CardReadError",
    "dumps",
    "escape_text",
    "read_cards",
    "unescape_text",
    "write_card",
    "write_cards",
]


class CardReadError(Exception):
    """The input is not a vCard file at all (missing, empty, no BEGIN:VCARD)."""


# Not kept: regenerated on export, or (PROFILE:VCARD) a restatement of BEGIN:VCARD
# that makes vobject refuse the whole card. Every other unmodelled property is kept.
_DROPPED = {"VERSION", "PRODID", "REV", "BEGIN", "END", "PROFILE"}
# Standard names: a colon-less line starting with one (or X-) begins a property whose
# value was folded onto the next line; any other colon-less line continues the last value.
_KNOWN_NAMES = {
    "FN",
    "N",
    "NICKNAME",
    "ORG",
    "TITLE",
    "ROLE",
    "BDAY",
    "ANNIVERSARY",
    "NOTE",
    "EMAIL",
    "TEL",
    "URL",
    "ADR",
    "LABEL",
    "CATEGORIES",
    "PHOTO",
    "LOGO",
    "SOUND",
    "KEY",
    "UID",
    "KIND",
    "MEMBER",
    "VERSION",
    "PRODID",
    "REV",
    "GEO",
    "TZ",
    "IMPP",
    "RELATED",
    "GENDER",
    "LANG",
    "SOURCE",
    "CLASS",
    "MAILER",
    "AGENT",
    "SORT-STRING",
    "NAME",
    "PROFILE",
    "SOCIALPROFILE",
}
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_APPLE_TOKENS = {
    "Home",
    "Work",
    "Other",
    "Main",
    "HomePage",
    "HomeFAX",
    "WorkFAX",
    "OtherFAX",
    "Mobile",
    "iPhone",
    "Pager",
    "School",
    "Anniversary",
    "Father",
    "Mother",
    "Parent",
    "Brother",
    "Sister",
    "Child",
    "Friend",
    "Spouse",
    "Partner",
    "Assistant",
    "Manager",
}
# Noise TYPE values: implied by the property, or carried by `preferred`.
_NOISE_TYPES = {"internet", "pref", "x400"}
_ENCODING_WORDS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}
_B64_LINE = re.compile(rb"^[A-Za-z0-9+/=]+$")
_PROPERTY_START = re.compile(rb"^(?:[A-Za-z0-9-]+\.)?([A-Za-z][A-Za-z0-9/-]*)(?:;|$)")
_DATE_FULL = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_DATE_NOYEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_ESCAPE = re.compile(r"\\(.)", re.S)
_BAD_NAME_CHARS = re.compile(r"[^A-Za-z0-9-]")
# Kept properties the writer cannot give back under their own name and stay valid:
# a second N/FN/BDAY/... (ALTID alternatives), or a property the other version lacks.
# They travel as X-NETKEEPER-<name>, and the reader turns them back.
_ONLY_ONE = {"N", "FN", "UID", "BDAY", "ANNIVERSARY", "KIND", "GENDER", "PRODID", "REV"}
_ONLY_30 = {"LABEL", "AGENT", "NAME", "MAILER", "CLASS", "SORT-STRING"}
_ONLY_40 = {
    "GENDER",
    "RELATED",
    "LANG",
    "MEMBER",
    "CLIENTPIDMAP",
    "XML",
    "KIND",
    # RFC 6715
    "INTEREST",
    "HOBBY",
    "EXPERTISE",
}
_WRAPPED = "X-NETKEEPER-"
_BINARY_KIND = {"PHOTO": "image", "LOGO": "image", "SOUND": "audio"}
# TYPE tokens of 2.1/3.0 inline data, and the media type each stands for.
_MEDIA = {
    **dict.fromkeys(("JPEG", "JPG", "PNG", "GIF", "BMP", "TIFF", "WEBP", "HEIC"), "image"),
    **dict.fromkeys(("WAV", "WAVE", "MP3", "OGG", "AIFF", "PCM"), "audio"),
    **dict.fromkeys(("PGP", "X509", "PGP-KEYS"), "application"),
}


def _media_param(params: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The TYPE parameter that names the media type of inline data, if any."""
    for kv in params:
        if kv[0] == "TYPE" and ("/" in kv[1] or kv[1].upper() in _MEDIA):
            return kv
    return None


# The largest property (unfolded content line) the reader keeps: 64 MiB holds the
# base64 of a 48 MiB photo, far beyond any real card; past it the property is
# left out and reported, and memory stays bounded whatever the file holds.
MAX_PROPERTY = 64 * 2**20

_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\", ":": ":"}
# Tried, after UTF-8 and any charset the card declares, for 8-bit text without one.
_GUESSES = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1255", "shift_jis")


# --------------------------------------------------------------------------- lines


def _open_lines(fh: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """Physical lines as bytes with their 1-based numbers, whatever the encoding/line ends."""
    head = fh.read(4)
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or (
        len(head) == 4 and (head[1] == 0 or head[0] == 0) and head[:2] != b"\0\0"
    ):
        # UTF-16 is rare and small in practice (phones' exports): decode whole.
        data = head + fh.read()
        enc = (
            "utf-16"
            if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
            else ("utf-16-le" if data[1:2] == b"\0" else "utf-16-be")
        )
        fh = io.BytesIO(data.decode(enc, errors="replace").encode("utf-8"))
        head = b""
    elif head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    first = True
    number = 0
    for raw in fh:
        if first:
            raw = head + raw
            first = False
        line = raw.rstrip(b"\r\n")
        if b"\r" in line:  # old Mac line ends, or stray CRs
            for part in line.split(b"\r"):
                number += 1
                yield number, part
        else:
            number += 1
            yield number, line
    if first and head:
        yield 1, head.rstrip(b"\r\n")


def _is_qp(line: bytes) -> bool:
    colon = line.find(b":")
    return colon > 0 and b"QUOTED-PRINTABLE" in line[:colon].upper()


def _is_b64(line: bytes) -> bool:
    colon = line.find(b":")
    if colon <= 0:
        return False
    head = line[:colon].upper()
    return b"BASE64" in head or b"ENCODING=B" in head or head.endswith(b";B") or b";B;" in head


class _Pending:
    """The content line being unfolded: a growing buffer and what its head says.

    A folded photo is tens of thousands of continuation lines; appending to a
    bytearray keeps unfolding linear (`bytes +=` copied the whole value every
    line: a 2 MiB photo took 19 s). Whether the line is quoted-printable or
    base64 is decided by its head (name and parameters, before the first
    colon), which folding may spread over several lines, so it is looked up
    once the colon has arrived and then kept.
    """

    __slots__ = ("b64", "buf", "colon", "qp", "size")

    def __init__(self, line: bytes) -> None:
        self.buf = bytearray(line)
        self.size = len(line)  # every byte seen, kept or not (see MAX_PROPERTY)
        self.qp = self.b64 = False
        self.colon = -1
        self._found(line.find(b":"))

    def _found(self, colon: int) -> None:
        if colon < 0:
            return
        self.colon = colon
        if colon > 0:
            head = bytes(self.buf[: colon + 1])
            self.qp, self.b64 = _is_qp(head), _is_b64(head)

    def add(self, part: bytes) -> None:
        self.size += len(part)
        if self.size > MAX_PROPERTY:
            return  # too big to keep: only its head stays, to name it in the report
        before = len(self.buf)
        self.buf += part
        if self.colon < 0:  # only the new part can hold the first colon
            at = part.find(b":")
            self._found(before + at if at >= 0 else -1)

    def soft_break(self) -> bool:
        return self.qp and self.buf.endswith(b"=")

    def drop_last(self) -> None:
        del self.buf[-1:]

    def value(self) -> bytes:
        return bytes(self.buf)

    def oversize(self) -> int:
        """The property's size when it is over MAX_PROPERTY (and so left out), else 0."""
        return self.size if self.size > MAX_PROPERTY else 0


def _logical_lines(lines: Iterable[tuple[int, bytes]]) -> Iterator[tuple[int, bytes, int]]:
    """Unfold physical lines into content lines, tolerating what real exporters do.

    Yields (first line number, content line, oversize), oversize being the size
    of a property over MAX_PROPERTY, whose content line is then only its head.
    Linear in the size of the input: see `_Pending`.
    """
    pending: _Pending | None = None
    start = 0
    for number, line in lines:
        if pending is not None:
            if pending.soft_break():
                if not line.strip():
                    continue  # blank lines between QP soft breaks are noise
                if not (_is_marker(line, b"END") or _is_marker(line, b"BEGIN")):
                    pending.drop_last()
                    pending.add(line)
                    continue
                pending.drop_last()  # a soft break with nothing after it
            first = line[:1]
            if first == b" " or first == b"\t":
                pending.add(line[1:])
                continue
            if line and b":" not in line and not line.startswith(b"#"):
                stripped = line.strip()
                if pending.b64 and _B64_LINE.match(stripped):
                    pending.add(stripped)
                    continue
                if not _starts_property(stripped):
                    # A raw continuation (e.g. 2.1 ADR lines ending in a backslash).
                    if pending.buf.endswith(b"\\"):
                        pending.drop_last()
                    pending.add(b"\n" + line)
                    continue
            yield start, pending.value(), pending.oversize()
            pending = None
        if not line.strip() or line.startswith(b"#"):
            continue
        pending = _Pending(line)
        start = number
    if pending is not None:
        yield start, pending.value(), pending.oversize()


_KNOWN_BYTES = {n.encode() for n in _KNOWN_NAMES}


def _starts_property(line: bytes) -> bool:
    """A colon-less line that is a property's start (`FN`, `TEL;TYPE=VOICE,M` folded on)."""
    m = _PROPERTY_START.match(line)
    if not m:
        return False
    name = m.group(1).upper()
    return name in _KNOWN_BYTES or name.startswith(b"X-")


# --------------------------------------------------------------------------- content lines


class _Prop:
    """One parsed content line: upper-case name, group, params, raw value bytes."""

    __slots__ = ("group", "line", "name", "params", "value")

    def __init__(
        self, line: int, group: str | None, name: str, params: list[tuple[str, str]], value: bytes
    ) -> None:
        self.line = line
        self.group = group
        self.name = name
        self.params = params
        self.value = value

    def param(self, key: str) -> str | None:
        for k, v in self.params:
            if k == key:
                return v
        return None

    def types(self) -> list[str]:
        out: list[str] = []
        for k, v in self.params:
            if k == "TYPE":
                for t in v.split(","):
                    t = t.strip().lower()
                    if t and t not in out:
                        out.append(t)
        return out


def _split_quoted(text: str, sep: str) -> list[str]:
    """Split on `sep` outside double quotes."""
    if '"' not in text:
        return text.split(sep)
    parts, buf, quoted = [], [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            buf.append(ch)
        elif ch == sep and not quoted:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    return parts


def _param_value(v: str) -> str:
    v = v.strip()
    if len(v) >= 2 and v[0] == '"' and v[-1] == '"':
        v = v[1:-1]
    if "^" in v:  # RFC 6868
        v = v.replace("^n", "\n").replace("^'", '"').replace("^^", "^")
    return v


def _parse_line(number: int, line: bytes) -> _Prop | None:
    colon = line.find(b":")
    if colon < 0:
        return None
    quote = line.find(b'"', 0, colon)
    if quote >= 0:  # a quoted parameter may hold a colon
        inside = False
        for i in range(len(line)):
            c = line[i]
            if c == 34:
                inside = not inside
            elif c == 58 and not inside:
                colon = i
                break
    head = line[:colon].decode("utf-8", errors="replace")
    value = line[colon + 1 :]
    pieces = _split_quoted(head, ";")
    name = pieces[0].strip()
    group = None
    if "." in name:
        group, name = name.split(".", 1)
        group = _BAD_NAME_CHARS.sub("-", group)
    # KDE writes names like X-messaging/aim-All; a name may only hold letters, digits and
    # "-", and other readers refuse the line, so the export must not give it back as it was.
    name = _BAD_NAME_CHARS.sub("-", name.upper())
    if not name:
        return None
    params: list[tuple[str, str]] = []
    for piece in pieces[1:]:
        if not piece.strip():
            continue
        if "=" in piece:
            k, v = piece.split("=", 1)
            k = _BAD_NAME_CHARS.sub("-", k.strip().upper())
            v = _param_value(v)
            if k in ("ENCODING", "CHARSET", "VALUE"):
                v = v.upper()
            params.append((k, v))
        else:
            word = piece.strip().upper()
            if word in _ENCODING_WORDS:
                params.append(("ENCODING", word))
            else:  # vCard 2.1 bare type (TEL;CELL;WORK)
                params.append(("TYPE", _param_value(piece)))
    return _Prop(number, group, name, params, value)


# --------------------------------------------------------------------------- text decoding


def _plausibility(text: str) -> float:
    """How much `text` looks like human writing; used only to guess an undeclared charset."""
    score = 0.0
    for word in text.split():
        letters = [c for c in word if c.isalpha()]
        high = [c for c in letters if ord(c) > 127]
        if high and word[0].islower() and ord(word[0]) > 127:
            score -= 1  # names start with a capital in cased scripts
        if len(high) >= 3 and len(high) == len(letters) and all(ord(c) < 0x250 for c in high):
            score -= len(high)  # Western words are never all accented letters
        for c in word:
            if ord(c) > 127:
                if "\uff61" <= c <= "\uff9f":
                    continue  # half-width katakana: only old phones, and they declare it
                cat = unicodedata.category(c)
                score += (2 if ord(c) >= 0x3000 else 1) if cat[0] == "L" else -3
    return score


# Python codecs that decode bytes to text but are not character sets a card can be
# written in: unicode_escape turns "\\ud800" into a lone surrogate that no database
# or file can store (it aborted the whole import), punycode and idna are for host names.
_NOT_CHARSETS = {
    "unicode-escape",
    "raw-unicode-escape",
    "punycode",
    "idna",
    "undefined",
    "charmap",
}
_SURROGATE = re.compile("[\ud800-\udfff]")


def is_charset(name: str) -> bool:
    """True when `name` is a real text encoding (cp1251, Shift_JIS, UTF-16...)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return False
    return bool(getattr(info, "_is_text_encoding", True)) and info.name not in _NOT_CHARSETS


class _Decoder:
    """Turns value bytes into text: QP, then UTF-8, a declared charset, or a guess."""

    def __init__(self) -> None:
        self.sticky: str | None = None  # the guess that worked for this file so far

    def text(self, prop: _Prop, card_charsets: list[str]) -> str:
        raw = prop.value
        if prop.param("ENCODING") == "QUOTED-PRINTABLE":
            with contextlib.suppress(binascii.Error, ValueError):
                raw = binascii.a2b_qp(raw)
        if raw.isascii():
            return raw.decode("ascii")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        declared = prop.param("CHARSET")
        lenient = raw.decode("utf-8", errors="replace")
        bad = lenient.count("\ufffd")
        if declared == "UTF-8" or sum(c > "\x7f" and c != "\ufffd" for c in lenient) >= 2 * bad:
            # UTF-8 with a damaged sequence (a cropped QP line): keep the rest readable.
            return lenient
        candidates = [c for c in [declared, *card_charsets, self.sticky] if c and is_charset(c)]
        for charset in candidates:
            try:
                return raw.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
        best, best_score = None, float("-inf")
        for charset in _GUESSES:
            try:
                text = raw.decode(charset)
            except UnicodeDecodeError:
                continue
            score = _plausibility(text)
            if score > best_score:
                best, best_score = (charset, text), score
        if best is None:
            return raw.decode("utf-8", errors="replace")
        if best_score >= 2:  # enough evidence to trust it for the rest of the file
            self.sticky = best[0]
        return best[1]


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def _split_escaped(text: str, sep: str) -> list[str]:
    """Split on `sep` not preceded by a backslash, then unescape each part."""
    if "\\" not in text:
        return text.split(sep)
    parts, buf, i = [], [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            buf.append(text[i : i + 2])
            i += 2
            continue
        if c == sep:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(c)
        i += 1
    parts.append("".join(buf))
    return [_unescape(p) for p in parts]


# --------------------------------------------------------------------------- mapping


def _parse_date(text: str, omit_year: str | None) -> str | None:
    """'YYYY-MM-DD', '--MM-DD' or None; never shifts through time zones."""
    value = text.strip().split("T", 1)[0].strip()
    m = _DATE_FULL.match(value)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        if (omit_year is not None and m.group(1) == omit_year.strip()) or y == 0:
            return _noyear(mo, d)  # Apple's X-APPLE-OMIT-YEAR, or a year written as 0000
        try:
            return date(y, mo, d).isoformat()
        except ValueError:
            return None
    m = _DATE_NOYEAR.match(value)
    if m:
        return _noyear(int(m.group(1)), int(m.group(2)))
    return None


def _noyear(month: int, day: int) -> str | None:
    try:
        date(2000, month, day)  # a leap year, so --02-29 is fine
    except ValueError:
        return None
    return f"--{month:02d}-{day:02d}"


def _sniff_mime(data: bytes, declared: str | None) -> str:
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"GIF8"):
        return "image/gif"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"BM"):
        return "image/bmp"
    if declared:
        declared = declared.lower()
        return declared if "/" in declared else f"image/{declared}"
    return "application/octet-stream"


def _is_base64(text: str) -> bool:
    compact = "".join(text.split())
    try:
        base64.b64decode(compact + "=" * (-len(compact) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _b64decode_photo(text: str) -> tuple[bytes | None, bool]:
    """Base64 photo bytes; a cut-short image keeps what was there, damaged text gives None.

    Phones have been seen to truncate the base64 of a photo; a JPEG cut short
    still shows its top part, so its decodable prefix is worth keeping. Text that
    is not base64 at all gives None rather than bytes of noise. The flag says
    the data was cut short.
    """
    compact = "".join(text.split())
    try:
        return base64.b64decode(compact + "=" * (-len(compact) % 4), validate=True), False
    except (binascii.Error, ValueError):
        pass
    try:
        data = base64.b64decode(compact[: len(compact) // 4 * 4], validate=True)
    except (binascii.Error, ValueError):
        return None, False
    known = _sniff_mime(data, None) != "application/octet-stream"
    return (data, True) if known else (None, False)


class _Mapper:
    """Builds one Card from one card's properties, noting problems as it goes."""

    def __init__(self, number: int, props: list[_Prop], decoder: _Decoder) -> None:
        self.number = number
        self.props = props
        self.decoder = decoder
        self.problems: list[Problem] = []
        self.card = Card()
        self.charsets: list[str] = []
        self.refused: set[str] = set()
        for p in props:
            cs = p.param("CHARSET")
            if (
                cs
                and cs not in ("UTF-8", "US-ASCII")
                and cs not in self.charsets
                and is_charset(cs)
            ):
                self.charsets.append(cs)
        self.labels: dict[str, _Prop] = {}
        for p in props:
            if p.name == "X-ABLABEL" and p.group:
                self.labels[p.group.lower()] = p
        # Groups whose label goes into a modelled value's `label`; others keep theirs raw.
        self.used_labels = {
            p.group.lower()
            for p in props
            if p.group
            and p.name in ("EMAIL", "TEL", "URL", "ADR", "X-SOCIALPROFILE", "SOCIALPROFILE")
        }
        self.profile_keys: set[str] = set()

    def problem(self, prop: _Prop | None, reason: str) -> None:
        self.problems.append(Problem(self.number, prop.line if prop else None, reason))

    def text(self, prop: _Prop) -> str:
        charset = prop.param("CHARSET")
        if charset and charset not in self.refused and not is_charset(charset):
            self.refused.add(charset)
            self.problem(
                prop, f"CHARSET={charset} is not a text encoding; the text was read without it"
            )
        text = self.decoder.text(prop, self.charsets)
        if _SURROGATE.search(text):  # never stored: no file or database can hold them
            text = _SURROGATE.sub("\ufffd", text)
        return text.replace("\r\n", "\n") if "\r" in text else text

    def label(self, prop: _Prop) -> str | None:
        if not prop.group:
            return None
        lp = self.labels.get(prop.group.lower())
        if lp is None:
            return None
        text = _unescape(self.text(lp)).strip()
        m = _APPLE_LABEL.match(text)
        return (m.group(1) if m else text) or None

    def keep(self, prop: _Prop, text: str | None = None) -> None:
        """Keep an unmodelled property as it stood (transfer encodings undone)."""
        params = []
        for k, v in prop.params:
            if k == "CHARSET" or (k == "ENCODING" and v in ("QUOTED-PRINTABLE", "8BIT", "7BIT")):
                continue
            if k == "ENCODING" and v in ("BASE64", "B"):
                v = "b"
            params.append((k, v))
        value = _raw_value(self.text(prop) if text is None else text)
        if ("ENCODING", "b") not in params and value[:5].lower() == "data:":
            head, _, payload = value.partition(",")
            mime = head[5:].split(";", 1)[0].lower()
            if ";base64" in head.lower() and "/" in mime and _is_base64(payload):
                named = [] if mime == "application/octet-stream" else [("TYPE", mime)]
                params = [*params, *named, ("ENCODING", "b")]
                value = payload
        name = prop.name
        if ("ENCODING", "b") in params and not _is_base64(value):
            # Written back with ENCODING=b it would make other readers drop the card.
            self.problem(prop, f"the {name} data is damaged; kept as text under X-DAMAGED-{name}")
            params = [kv for kv in params if kv != ("ENCODING", "b")]
            name = "X-DAMAGED-" + name
        elif ("ENCODING", "b") in params:
            # One stored form for inline binary data, whatever version it came in:
            # other params, then TYPE=<media type>, then ENCODING=b; the writer makes
            # a data: URI of it for vCard 4.0.
            media = _media_param(params)
            rest = [kv for kv in params if kv != ("ENCODING", "b") and kv is not media]
            if media is not None:  # image/png and PNG are one thing: store the token
                major, _, minor = media[1].partition("/")
                if minor and _MEDIA.get(minor.upper()) == major.lower():
                    media = ("TYPE", minor.upper())
            params = [*rest, *([media] if media else []), ("ENCODING", "b")]
            value = "".join(value.split())
        if name.startswith(_WRAPPED) and name[len(_WRAPPED) :] in _ONLY_ONE | _ONLY_30 | _ONLY_40:
            name = name[len(_WRAPPED) :]
        self.card.extra.append(RawProperty(name, value, params, prop.group))

    def build(self) -> Card:
        card = self.card
        for prop in self.props:
            handler = getattr(self, "p_" + prop.name.replace("-", "_"), None)
            if handler is None:
                if prop.name in _DROPPED:
                    continue
                if (
                    prop.name == "X-ABLABEL"
                    and prop.group
                    and prop.group.lower() in self.used_labels
                ):
                    continue
                self.keep(prop)
            else:
                handler(prop)
        if not card.nickname:
            # Android's own export puts the nickname in X-ANDROID-CUSTOM (kept as it is too).
            for raw in card.extra:
                parts = _split_escaped(raw.value, ";") if raw.name == "X-ANDROID-CUSTOM" else []
                if len(parts) > 1 and parts[0] == "vnd.android.cursor.item/nickname":
                    card.nickname = parts[1].strip()
                    break
        return card

    # -- names and text
    def p_FN(self, prop: _Prop) -> None:
        if not self.card.full_name:
            self.card.full_name = _unescape(self.text(prop)).strip()
        else:
            self.keep(prop)

    def p_N(self, prop: _Prop) -> None:
        c = self.card
        if c.family_name or c.given_name:
            self.keep(prop)
            return
        parts = [*_split_escaped(self.text(prop), ";"), "", "", "", "", ""]
        (
            c.family_name,
            c.given_name,
            c.additional_names,
            c.honorific_prefix,
            c.honorific_suffix,
        ) = (p.strip() for p in parts[:5])
        if any(p.strip() for p in parts[5:]):
            self.problem(prop, "name has more than five parts; the rest kept in the notes")
            self.add_note("Name: " + ";".join(parts[5:]).strip(";"))

    def p_NICKNAME(self, prop: _Prop) -> None:
        if self.card.nickname:
            self.keep(prop)
        else:
            self.card.nickname = _unescape(self.text(prop)).strip()

    def p_ORG(self, prop: _Prop) -> None:
        c = self.card
        if c.organization or c.department:
            self.keep(prop)
            return
        parts = [p.strip() for p in _split_escaped(self.text(prop), ";")]
        c.organization = parts[0]
        c.department = ", ".join(p for p in parts[1:] if p)

    def p_TITLE(self, prop: _Prop) -> None:
        if self.card.title:
            self.keep(prop)
        else:
            self.card.title = _unescape(self.text(prop)).strip()

    def add_note(self, text: str) -> None:
        c = self.card
        c.notes = f"{c.notes}\n\n{text}" if c.notes else text

    def p_NOTE(self, prop: _Prop) -> None:
        text = _unescape(self.text(prop)).strip()
        if text:
            self.add_note(text)

    def p_UID(self, prop: _Prop) -> None:
        if self.card.uid:
            self.keep(prop)
        else:
            self.card.uid = _unescape(self.text(prop)).strip() or None

    def p_CATEGORIES(self, prop: _Prop) -> None:
        for tag in _split_escaped(self.text(prop), ","):
            tag = " ".join(tag.split())
            if tag and tag not in self.card.categories:
                self.card.categories.append(tag)

    # -- kind and groups
    def p_KIND(self, prop: _Prop) -> None:
        kind = self.text(prop).strip().lower()
        if kind in ("individual", "org", "group", "location"):
            self.card.kind = kind
        else:
            self.keep(prop)

    p_X_ADDRESSBOOKSERVER_KIND = p_KIND

    def p_X_ABSHOWAS(self, prop: _Prop) -> None:
        # Apple's way of saying KIND:org in vCard 3.0.
        if self.text(prop).strip().upper() == "COMPANY":
            self.card.kind = "org"
        else:
            self.keep(prop)

    def p_MEMBER(self, prop: _Prop) -> None:
        value = _unescape(self.text(prop)).strip()
        for prefix in ("urn:uuid:", "mailto:"):
            if value.lower().startswith(prefix):
                value = value[len(prefix) :]
        if value:
            self.card.members.append(value)

    p_X_ADDRESSBOOKSERVER_MEMBER = p_MEMBER

    # -- dates
    def p_BDAY(self, prop: _Prop) -> None:
        self.date_field(prop, "birthday", "birthday")

    def p_ANNIVERSARY(self, prop: _Prop) -> None:
        self.date_field(prop, "anniversary", "anniversary")

    p_X_ANNIVERSARY = p_ANNIVERSARY

    def date_field(self, prop: _Prop, attr: str, what: str) -> None:
        text = _unescape(self.text(prop)).strip()
        if not text:
            return
        value = _parse_date(text, prop.param("X-APPLE-OMIT-YEAR"))
        current = getattr(self.card, attr)
        if value is None:
            self.problem(prop, f"{what} '{text}' is not a date; kept in the notes")
            self.add_note(f"{what.capitalize()}: {text}")
        elif current is None:
            setattr(self.card, attr, value)
        elif current != value:
            self.keep(prop)

    # -- multi-valued
    def typed(self, prop: _Prop, value: str) -> TypedValue:
        types = prop.types()
        preferred = "pref" in types or prop.param("PREF") is not None
        return TypedValue(
            value, [t for t in types if t not in _NOISE_TYPES], self.label(prop), preferred
        )

    def p_EMAIL(self, prop: _Prop) -> None:
        value = _unescape(self.text(prop)).strip()
        if value.lower().startswith("mailto:"):
            value = value[7:]
        if "<" in value and ">" in value:
            value = parseaddr(value)[1] or value
        if value:
            self.card.emails.append(self.typed(prop, value))

    def p_TEL(self, prop: _Prop) -> None:
        value = _unescape(self.text(prop)).strip()
        if value.lower().startswith("tel:"):
            value = value[4:]
        if value:
            self.card.phones.append(self.typed(prop, value))

    def p_URL(self, prop: _Prop) -> None:
        value = _unescape(self.text(prop)).strip()
        service = service_for_url(value) if value else None
        if service:  # https://www.linkedin.com/in/ada is her LinkedIn profile
            self.profile(service, value)
        elif value:
            self.card.urls.append(self.typed(prop, value))

    # -- social profiles
    def profile(self, service: str, url: str) -> None:
        """One profile per link: Google writes a profile as both URL and X-SOCIALPROFILE."""
        key = url_key(url, service)
        if key not in self.profile_keys:
            self.profile_keys.add(key)
            self.card.profiles.append(SocialProfile(service, url))

    def _profile_service(self, prop: _Prop, value: str, *params: str) -> str:
        for name in params:
            given = prop.param(name)
            if given and given.strip():
                return service_key(given.split(",")[0])
        label = self.label(prop)
        return service_key(label) if label else (service_for_url(value) or "other")

    def p_X_SOCIALPROFILE(self, prop: _Prop) -> None:
        """Apple's and Google's form: X-SOCIALPROFILE;TYPE=linkedin:https://..."""
        value = _unescape(self.text(prop)).strip()
        if value:
            self.profile(self._profile_service(prop, value, "TYPE", "X-SERVICE-TYPE"), value)

    def p_SOCIALPROFILE(self, prop: _Prop) -> None:
        """RFC 9554: SOCIALPROFILE;SERVICE-TYPE=Mastodon:https://... (VALUE=text: a user name)."""
        value = _unescape(self.text(prop)).strip()
        if value:
            self.profile(self._profile_service(prop, value, "SERVICE-TYPE", "TYPE"), value)

    def p_IMPP(self, prop: _Prop) -> None:
        """An IMPP that is a web page of a known service is a profile; chat addresses stay kept."""
        value = _unescape(self.text(prop)).strip()
        service = service_for_url(value) if is_web_link(value) else None
        if service:
            self.profile(service, value)
        else:
            self.keep(prop)

    def p_ADR(self, prop: _Prop) -> None:
        parts = [*(p.strip() for p in _split_escaped(self.text(prop), ";")), *[""] * 7]
        adr = PostalAddress(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6])
        if any(parts[7:]):
            adr.country = "; ".join(p for p in [adr.country, *parts[7:]] if p)
        tv = self.typed(prop, "")
        adr.types, adr.label, adr.preferred = tv.types, tv.label, tv.preferred
        if not adr.is_empty():
            self.card.addresses.append(adr)

    # -- photo
    def p_PHOTO(self, prop: _Prop) -> None:
        c = self.card
        raw = prop.value.strip()
        if not raw:
            return
        if c.photo is not None or c.photo_url is not None:
            self.keep(prop)
            return
        text = raw.decode("utf-8", errors="replace")
        encoding = prop.param("ENCODING")
        if text[:5].lower() == "data:" or encoding in ("B", "BASE64"):
            head, _, payload = (
                text.partition(",") if text[:5].lower() == "data:" else ("", "", text)
            )
            declared = head[5:].split(";", 1)[0] or next(iter(prop.types()), None)
            data: bytes | None = payload.encode("utf-8")
            cut = False
            if not head or ";base64" in head.lower():
                data, cut = _b64decode_photo(payload)
            if not data:
                self.problem(prop, "the photo data is damaged and could not be read; left out")
                return
            if cut:
                self.problem(prop, "the photo data was cut short; kept what could be read")
            c.photo, c.photo_mime = data, _sniff_mime(data, declared)
        else:
            c.photo_url = _unescape(text).strip()


# --------------------------------------------------------------------------- reading


class _Open:
    """A card between BEGIN and END: its properties and the lines it had to drop."""

    __slots__ = ("number", "problems", "props")

    def __init__(self, number: int) -> None:
        self.number = number
        self.props: list[_Prop] = []
        self.problems: list[Problem] = []


def _is_marker(line: bytes, word: bytes) -> bool:
    colon = line.find(b":")
    return (
        colon > 0
        and line[:colon].strip().upper() == word
        and (line[colon + 1 :].strip().upper() == b"VCARD")
    )


def _iter_source(fh: BinaryIO) -> Iterator[tuple[Card | None, list[Problem]]]:
    decoder = _Decoder()
    stack: list[_Open] = []
    count = 0
    finished = 0
    outside: list[Problem] = []
    for number, line, oversize in _logical_lines(_open_lines(fh)):
        if oversize and stack:
            m = _PROPERTY_START.match(line)
            name = m.group(1).decode("ascii").upper() if m else "a"
            stack[-1].problems.append(
                Problem(
                    stack[-1].number,
                    number,
                    f"the {name} property is {oversize / 2**20:.0f} MiB, over the "
                    f"{MAX_PROPERTY // 2**20} MiB NetKeeper reads in one property; left out",
                )
            )
            continue
        first = line[:1]
        if first in b"BbEe" and (_is_marker(line, b"BEGIN") or _is_marker(line, b"END")):
            if _is_marker(line, b"BEGIN"):
                count += 1
                stack.append(_Open(count))
                continue
            if stack:
                finished += 1
                yield _finish(stack.pop(), decoder, finished, closed=True)
                continue
        if not stack:
            if not outside or outside[-1].line != number - 1:
                outside.append(Problem(None, number, "text outside any card was ignored"))
            else:
                outside[-1].line = number
            continue
        prop = _parse_line(number, line)
        if prop is None:
            shown = line.decode("utf-8", "replace")[:40]
            what = "has no value" if _starts_property(line.strip()) else "is not a vCard property"
            stack[-1].problems.append(
                Problem(stack[-1].number, number, f"line '{shown}' {what}; dropped")
            )
            continue
        stack[-1].props.append(prop)
    while stack:
        finished += 1
        yield _finish(stack.pop(), decoder, finished, closed=False)
    if outside:
        # Reported after the cards: junk around cards never costs a card.
        yield None, [Problem(None, p.line, p.reason) for p in outside[:20]]


def _finish(
    open_card: _Open, decoder: _Decoder, number: int, closed: bool
) -> tuple[Card | None, list[Problem]]:
    """Map a finished card. Cards are numbered in the order they are yielded (a nested
    card ends, and is yielded, before the card around it)."""
    open_card.number = number
    for p in open_card.problems:
        p.card = number
    problems = open_card.problems
    if not closed:
        problems.append(
            Problem(
                open_card.number,
                None,
                "the card has no END:VCARD (file cut short?); read what was there",
            )
        )
    mapper = _Mapper(open_card.number, open_card.props, decoder)
    try:
        card = mapper.build()
    except Exception as exc:  # one bad card costs that card, never the file
        problems.append(
            Problem(
                open_card.number,
                None,
                f"the card could not be read ({exc.__class__.__name__}); skipped",
                skipped=True,
            )
        )
        return None, problems
    problems.extend(mapper.problems)
    if _is_empty(card):
        problems.append(
            Problem(
                open_card.number,
                None,
                "the card is empty (no name, organisation, email, phone or other details); skipped",
                skipped=True,
            )
        )
        return None, problems
    return card, problems


def _is_empty(card: Card) -> bool:
    return not (
        card.has_identity()
        or card.urls
        or card.addresses
        or card.notes
        or card.birthday
        or card.anniversary
        or card.photo
        or card.photo_url
        or card.members
        or card.extra
        or card.uid
    )


def read_cards(
    source: bytes | str | os.PathLike[str] | BinaryIO,
) -> Iterator[tuple[Card | None, list[Problem]]]:
    """Yield `(card, problems)` card by card; `card` is None for a skipped card.

    `source` is the file's bytes, its path, or a binary file object (left open;
    its `tell()` gives the caller a progress figure). Cards are numbered from 1
    in the order they are yielded. A last `(None, problems)` item whose problems
    have `card=None` may report text outside any card. Raises CardReadError only
    when the source cannot be opened or holds no BEGIN:VCARD at all.
    """
    owned = not hasattr(source, "read")
    if isinstance(source, bytes):
        fh: BinaryIO = io.BytesIO(source)
    elif isinstance(source, str | os.PathLike):
        try:
            fh = open(source, "rb")  # noqa: SIM115 - closed in finally below
        except OSError as exc:
            raise CardReadError(f"cannot open {os.fspath(source)}: {exc.strerror}") from None
    else:
        fh = source
    try:
        seen = 0
        for item in _iter_source(fh):
            if item[0] is not None or any(p.card is not None for p in item[1]):
                seen += 1
            elif seen == 0:
                break
            yield item
        if seen == 0:
            raise CardReadError("no vCard found (no BEGIN:VCARD line)")
    finally:
        if owned:
            fh.close()


# --------------------------------------------------------------------------- writing


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def _escape_uri(text: str) -> str:
    """A URI value (URL, PHOTO;VALUE=uri): no line break may reach the output.

    Commas, semicolons and colons belong to URIs and stay as they are; a
    backslash and a line break are escaped the way TEXT escapes them, which is
    how the reader (and the common readers) take URL values back. A URL that
    smuggled an escaped newline in used to be written raw and split the card.
    """
    if "\\" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n")
        text = text.replace("\n", "\\n")
    return text


_MIME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+-]*/[A-Za-z0-9][A-Za-z0-9.+-]*$")


def _safe_mime(mime: str | None) -> str:
    """A media type fit to write into a parameter or a data: URI (else image/jpeg)."""
    return mime.lower() if mime and _MIME.match(mime) else "image/jpeg"


def _raw_value(text: str) -> str:
    """A RawProperty value keeps its escaping; only real line breaks need encoding."""
    if "\n" in text or "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return text


def _fold(line: str) -> str:
    """Fold at 75 octets (RFC 6350 §3.2) without splitting a UTF-8 sequence."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    chunks, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        chunks.append(data[start:end])
        start, limit = end, 74
    return b"\r\n ".join(chunks).decode("utf-8") + "\r\n"


def _param_text(value: str, v4: bool) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if v4:
        value = value.replace("^", "^^").replace("\n", "^n").replace('"', "^'")
    else:
        value = value.replace('"', "'").replace("\n", " ")
    if any(c in value for c in ":;,") or value != value.strip():
        return f'"{value}"'
    return value


class _Writer:
    def __init__(self, version: str) -> None:
        if version not in ("3.0", "4.0"):
            raise ValueError(f"unsupported vCard version {version!r} (use 3.0 or 4.0)")
        self.v4 = version == "4.0"
        self.version = version

    def card(self, card: Card) -> str:
        out: list[str] = []
        self.item = 0
        # Kept properties bring their own groups (item3.X-ABDATE + item3.X-ABLabel): the
        # labels written here must not land in one of those groups.
        self.taken = {p.group.casefold() for p in card.extra if p.group}
        add = out.append
        add("BEGIN:VCARD")
        add("VERSION:" + self.version)
        add(f"PRODID:-//NetKeeper//NetKeeper {__version__}//EN")
        if self.v4 and card.kind != "individual":
            add("KIND:" + card.kind)
        elif card.kind == "org":
            add("X-ABShowAs:COMPANY")
        if card.uid:
            add("UID:" + _escape(card.uid))
        add("FN:" + _escape(card.full_name or card.display_name()))
        names = [
            card.family_name,
            card.given_name,
            card.additional_names,
            card.honorific_prefix,
            card.honorific_suffix,
        ]
        if any(names) or not self.v4:
            add("N:" + ";".join(_escape(n) for n in names))
        if card.nickname:
            add("NICKNAME:" + _escape(card.nickname))
        if card.organization or card.department:
            org = _escape(card.organization)
            add("ORG:" + (org + ";" + _escape(card.department) if card.department else org))
        if card.title:
            add("TITLE:" + _escape(card.title))
        if card.birthday:
            add(self.date("BDAY", card.birthday))
        if card.anniversary:
            add(self.date("ANNIVERSARY" if self.v4 else "X-ANNIVERSARY", card.anniversary))
        for tv in card.emails:
            self.typed(out, "EMAIL", tv, _escape(tv.value))
        for tv in card.phones:
            self.typed(out, "TEL", tv, _escape(tv.value))
        for adr in card.addresses:
            value = ";".join(
                _escape(p)
                for p in (
                    adr.po_box,
                    adr.extended,
                    adr.street,
                    adr.locality,
                    adr.region,
                    adr.postal_code,
                    adr.country,
                )
            )
            self.typed(out, "ADR", TypedValue("", adr.types, adr.label, adr.preferred), value)
        for tv in card.urls:
            self.typed(out, "URL", tv, _escape_uri(tv.value))
        for sp in card.profiles:
            add(self.profile(sp))
        if card.notes:
            add("NOTE:" + _escape(card.notes))
        if card.categories:
            add("CATEGORIES:" + ",".join(_escape(c) for c in card.categories))
        if card.photo:
            data = base64.b64encode(card.photo).decode("ascii")
            mime = _safe_mime(card.photo_mime)
            if self.v4:
                add(f"PHOTO:data:{mime};base64,{data}")
            else:
                add(f"PHOTO;ENCODING=b;TYPE={mime.rsplit('/', 1)[-1].upper()}:{data}")
        elif card.photo_url:
            add(("PHOTO:" if self.v4 else "PHOTO;VALUE=uri:") + _escape_uri(card.photo_url))
        for raw in card.extra:
            add(self.raw(raw))
        add("END:VCARD")
        return "".join(_fold(line) for line in out)

    def profile(self, sp: SocialProfile) -> str:
        """4.0: RFC 9554 SOCIALPROFILE with SERVICE-TYPE; 3.0: the X-SOCIALPROFILE readers know."""
        url = sp.url.strip()
        is_uri = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url) is not None
        if self.v4:
            label = service_label(sp.service)
            text = "SOCIALPROFILE;SERVICE-TYPE=" + _param_text(label, True)
            return text + (":" + _escape_uri(url) if is_uri else ";VALUE=text:" + _escape(url))
        return f"X-SOCIALPROFILE;TYPE={_param_text(sp.service, False)}:" + (
            _escape_uri(url) if is_uri else _escape(url)
        )

    def date(self, name: str, value: str) -> str:
        if value.startswith("--"):
            if self.v4:
                return f"{name}:--{value[2:4]}{value[5:7]}"
            # vCard 3.0 has no year-less date; this is Apple's widely read convention.
            return f"{name};X-APPLE-OMIT-YEAR=1604:1604-{value[2:4]}-{value[5:7]}"
        return f"{name}:{value}" if self.v4 else f"{name};VALUE=date:{value}"

    def typed(self, out: list[str], name: str, tv: TypedValue, value: str) -> None:
        types = [t for t in tv.types if t]
        params = ""
        if self.v4:
            if types:
                params += ";TYPE=" + _param_text(",".join(types), True)
            if tv.preferred:
                params += ";PREF=1"
        else:
            if tv.preferred:
                types = [*types, "pref"]
            if types:
                params += ";TYPE=" + ",".join(_param_text(t, False) for t in types)
        group = ""
        if tv.label:
            self.item += 1
            while f"item{self.item}" in self.taken:
                self.item += 1
            group = f"item{self.item}."
        out.append(f"{group}{name}{params}:{value}")
        if tv.label:
            label = f"_$!<{tv.label}>!$_" if tv.label in _APPLE_TOKENS else _escape(tv.label)
            out.append(f"{group}X-ABLabel:{label}")

    def raw(self, raw: RawProperty) -> str:
        params = list(raw.params)
        value = _raw_value(raw.value)
        if self.v4 and ("ENCODING", "b") in params:
            media = _media_param(params)
            if media is not None and "/" in media[1]:
                mime = media[1].lower()
            elif media is not None:
                kind = _MEDIA.get(media[1].upper(), _BINARY_KIND.get(raw.name, "application"))
                mime = f"{kind}/{media[1].lower()}"
            else:
                mime = "application/octet-stream"
            if not _MIME.match(mime):  # a TYPE from the card: never a line break in the URI
                mime = "application/octet-stream"
            params = [kv for kv in params if kv != ("ENCODING", "b") and kv is not media]
            value = f"data:{mime};base64,{value}"
        name = raw.name
        wrapped = name in _ONLY_ONE or name in (_ONLY_30 if self.v4 else _ONLY_40)
        if wrapped:
            # Our own X- property: its parameters travel as they are (PREF=2 too),
            # so the reader gives back exactly what the other version had.
            name = _WRAPPED + name
        elif not self.v4:
            params = [("TYPE", "pref") if k == "PREF" else (k, v) for k, v in params]
        text = (raw.group + "." if raw.group else "") + name
        for k, v in params:
            text += f";{k}={_param_text(v, self.v4)}"
        return f"{text}:{value}"


def write_card(card: Card, version: str = "3.0") -> str:
    """One card as vCard text with CRLF line ends."""
    return _Writer(version).card(card)


def write_cards(cards: Iterable[Card], version: str = "3.0") -> Iterator[str]:
    """Cards as vCard text, one card per item, so export can stream to a file."""
    writer = _Writer(version)
    for card in cards:
        yield writer.card(card)


def dumps(cards: Iterable[Card], version: str = "3.0") -> str:
    return "".join(write_cards(cards, version))


def escape_text(text: str) -> str:
    """Text as a vCard TEXT value (the form a RawProperty's value is kept in)."""
    return _escape(text)


def unescape_text(value: str) -> str:
    """A vCard TEXT value (a RawProperty's value) as plain text."""
    return _unescape(value)
