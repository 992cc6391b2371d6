"""CardDAV over HTTP: discovery, address-book creation, and `remote.Remote` for one book.

HTTP goes through `requests` (timeouts, a User-Agent, Basic auth with a switch
to Digest when the server asks for it, TLS checked against the system store
or a CA file the user names). XML is the standard library's ElementTree: its
expat refuses entity-expansion attacks and never fetches external entities;
control characters some servers emit are stripped before parsing.

Redirects are followed by hand: requests turns a redirected PROPFIND into a
GET (it does so for 302), and `/.well-known/carddav` is a redirect by design.

Every failure becomes one of the `remote` errors, with a sentence a user can
act on: offline (no route, refused, DNS), busy (5xx, timeouts, an answer cut
short), a refused login, a certificate problem, or a refusal.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
import ssl
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

import requests
from requests.auth import HTTPBasicAuth, HTTPDigestAuth

from netkeeper import __version__
from netkeeper.services.sync.remote import (
    AuthFailed,
    Changes,
    Offline,
    PreconditionFailed,
    PutResult,
    Refused,
    RemoteError,
    ServerBusy,
    TokenInvalid,
    UidConflict,
)

DAV = "DAV:"
CARD = "urn:ietf:params:xml:ns:carddav"
CS = "http://calendarserver.org/ns/"
USER_AGENT = f"NetKeeper/{__version__} (CardDAV sync; +https://netkeeper.io)"
TIMEOUT = (10.0, 60.0)  # connect, read
MULTIGET_BATCH = 100
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SAFE_UID = re.compile(r"^[A-Za-z0-9._~@:-]+$")


class CertificateError(Refused):
    """The server's TLS certificate could not be verified."""


def _tls_reason(exc: BaseException) -> str:
    """What OpenSSL said about the certificate, dug out of requests' and urllib3's wrapping.

    requests raises SSLError(MaxRetryError(reason=SSLError(SSLCertVerificationError)));
    only the innermost one says "self-signed certificate" or "certificate has expired".
    """
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        e = todo.pop()
        if not isinstance(e, BaseException) or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, ssl.SSLCertVerificationError) and e.verify_message:
            return str(e.verify_message)
        todo.extend([*e.args, getattr(e, "reason", None), e.__cause__, e.__context__])
    text = str(exc)
    m = re.search(r"\] ([^(]+?) \(_ssl", text)
    return m.group(1) if m else "the secure connection could not be set up"


def _unreachable(url: str, exc: BaseException) -> Offline:
    """No connection: a name that does not resolve, a port where nothing listens, or no network.

    All three are "offline" to the engine (retried later), but at setup they are
    most often a mistyped address, so the sentence says which it was.
    """
    parts = urlsplit(url)
    host = parts.hostname or url
    text = str(exc)
    if any(s in text for s in ("NameResolution", "Name or service not known", "getaddrinfo",
                               "nodename nor servname", "No address associated")):  # fmt: skip
        return Offline(
            f"cannot reach {host}: no server has that name (check the address, or are you offline?)"
        )
    if "refused" in text.lower():
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return Offline(
            f"cannot reach {host}: nothing answers on port {port} (check the address and"
            " port, or the server is down)"
        )
    return Offline(f"cannot reach {host} (offline?)")


def certificate_problem(host: str, exc: BaseException, ca_file: str | None) -> CertificateError:
    """One sentence for the user: the word "certificate problem", why, and the way out."""
    reason = _tls_reason(exc)
    if ca_file:
        hint = f"checked against the CA file {ca_file}"
    else:
        hint = (
            "if the server uses its own certificate authority (or a self-signed"
            " certificate), give that CA file"
        )
    return CertificateError(f"certificate problem with {host}: {reason}; {hint}")


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _xml(root: ET.Element) -> bytes:
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="utf-8")


def _propfind_body(*props: tuple[str, str]) -> bytes:
    root = ET.Element(_q(DAV, "propfind"))
    prop = ET.SubElement(root, _q(DAV, "prop"))
    for ns, name in props:
        ET.SubElement(prop, _q(ns, name))
    return _xml(root)


def parse_xml(body: bytes) -> ET.Element:
    """A server's XML answer; an answer cut short is a retry-later, not a crash."""
    try:
        return ET.fromstring(_CONTROL.sub(b"", body))
    except ET.ParseError as exc:
        raise ServerBusy(f"the server's answer was cut short or is not XML ({exc})") from None


def norm_href(href: str) -> str:
    """One spelling per path: percent-decoding then encoding makes /a%40b and /a@b equal."""
    path = urlsplit(href).path or href
    return quote(unquote(path), safe="/@:~!$&'()*+,;=-._")


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_server_url(text: str, allow_http: bool = False) -> str:
    """The URL the user typed, or just a domain, as an https:// (or allowed http://) URL."""
    text = text.strip()
    if not text:
        raise RemoteError("give the server's address (or just its domain)")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"'{text}' is not a web address (use https://server/...)")
    if parts.scheme == "http" and not (is_loopback(text) or allow_http):
        raise RemoteError(
            "plain http:// would send the password unencrypted; use https://, or allow it"
            " explicitly (--allow-http) for a server on a network you trust"
        )
    if not parts.path:
        text += "/"
    return text


def system_ca_bundle() -> str | None:
    """The operating system's CA bundle, where OpenSSL has one as a file (Linux, BSD).

    requests on its own trusts certifi's copy of Mozilla's list, which misses the
    certificate authorities an administrator added to the system store
    (update-ca-certificates); where there is no such file (Windows, macOS) certifi it is.
    """
    cafile = ssl.get_default_verify_paths().cafile
    return cafile if cafile and os.path.isfile(cafile) else None


@dataclass
class BookInfo:
    url: str
    name: str
    writable: bool = True


class Session:
    """One server, one user: requests with our timeouts, auth, TLS and error mapping."""

    def __init__(
        self,
        username: str,
        password: str,
        *,
        ca_file: str | None = None,
        timeout: tuple[float, float] = TIMEOUT,
    ) -> None:
        self.http = requests.Session()
        self.http.headers["User-Agent"] = USER_AGENT
        self.http.verify = ca_file or system_ca_bundle() or True
        self.ca_file = ca_file
        self.http.trust_env = False  # no proxy from the environment for a private address book
        self.username = username
        self.password = password
        self.auth: Any = HTTPBasicAuth(username, password)
        self.timeout = timeout

    def close(self) -> None:
        self.http.close()

    def request(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        ok: Iterable[int] = (200, 201, 204, 207),
        accept: Iterable[int] = (),
    ) -> requests.Response:
        """Send one request, following redirects with the same method; map failures."""
        hdrs = dict(headers or {})
        if body is not None and "Content-Type" not in hdrs:
            hdrs["Content-Type"] = 'application/xml; charset="utf-8"'
        for _ in range(6):
            try:
                resp = self.http.request(
                    method,
                    url,
                    data=body,
                    headers=hdrs,
                    auth=self.auth,
                    timeout=self.timeout,
                    allow_redirects=False,
                )
            except requests.exceptions.SSLError as exc:
                raise certificate_problem(
                    urlsplit(url).hostname or url, exc, self.ca_file
                ) from None
            except requests.exceptions.Timeout:
                raise ServerBusy(f"{urlsplit(url).hostname} did not answer in time") from None
            except requests.exceptions.ConnectionError as exc:
                if "RemoteDisconnected" in str(exc) or "Connection aborted" in str(exc):
                    raise ServerBusy(f"{urlsplit(url).hostname} dropped the connection") from None
                raise _unreachable(url, exc) from None
            except requests.exceptions.RequestException as exc:
                raise RemoteError(f"the request to {url} failed: {exc}") from None
            except OSError as exc:  # requests' own check of the CA file's path
                if self.ca_file and not os.path.exists(self.ca_file):
                    raise CertificateError(
                        f"certificate problem: the CA file {self.ca_file} is no longer there"
                    ) from None
                raise RemoteError(f"the request to {url} failed: {exc}") from None
            if resp.status_code == 401 and isinstance(self.auth, HTTPBasicAuth):
                challenge = resp.headers.get("WWW-Authenticate", "")
                if challenge.lower().startswith("digest"):
                    self.auth = HTTPDigestAuth(self.username, self.password)
                    continue
            if resp.status_code in (301, 302, 303, 307, 308) and "Location" in resp.headers:
                url = urljoin(url, resp.headers["Location"])
                continue
            break
        else:
            raise Refused(f"{url}: too many redirects")
        self.last_url = url
        status = resp.status_code
        if status in ok or status in accept:
            return resp
        if status == 401:
            raise AuthFailed("the server refused the user name or password")
        if status >= 500 or status == 429:
            retry = resp.headers.get("Retry-After", "")
            raise ServerBusy(
                f"the server answered {status} {resp.reason}; will retry later",
                float(retry) if retry.isdigit() else None,
            )
        raise Refused(f"the server answered {status} {resp.reason} to {method} {url}", status)

    def propfind(self, url: str, depth: str, *props: tuple[str, str]) -> list[Response]:
        resp = self.request(
            "PROPFIND", url, body=_propfind_body(*props), headers={"Depth": depth}, ok=(207,)
        )
        return responses(parse_xml(resp.content), self.last_url)


@dataclass
class Response:
    """One <response> of a multistatus: its href, status, and found properties."""

    href: str
    status: int
    props: dict[str, ET.Element]

    def text(self, ns: str, name: str) -> str | None:
        el = self.props.get(_q(ns, name))
        return None if el is None else (el.text or "").strip()

    def href_in(self, ns: str, name: str) -> str | None:
        el = self.props.get(_q(ns, name))
        if el is None:
            return None
        h = el.find(_q(DAV, "href"))
        return None if h is None or not (h.text or "").strip() else (h.text or "").strip()

    def is_type(self, ns: str, name: str) -> bool:
        el = self.props.get(_q(DAV, "resourcetype"))
        return el is not None and el.find(_q(ns, name)) is not None


def _status(text: str | None) -> int:
    m = re.search(r"\s(\d{3})", text or "")
    return int(m.group(1)) if m else 200


def responses(root: ET.Element, base: str) -> list[Response]:
    out = []
    for r in root.findall(_q(DAV, "response")):
        href_el = r.find(_q(DAV, "href"))
        if href_el is None or not (href_el.text or "").strip():
            continue
        href = norm_href(urljoin(base, (href_el.text or "").strip()))
        props: dict[str, ET.Element] = {}
        status = _status(r.findtext(_q(DAV, "status")))
        for ps in r.findall(_q(DAV, "propstat")):
            if _status(ps.findtext(_q(DAV, "status"))) != 200:
                continue
            prop = ps.find(_q(DAV, "prop"))
            for child in prop if prop is not None else ():
                props[child.tag] = child
        out.append(Response(href, status, props))
    return out


def _etag(value: str | None) -> str | None:
    """A strong ETag, or None: weak ones (W/) cannot guard a write."""
    if not value or value.startswith("W/"):
        return None
    return value


# --------------------------------------------------------------------------- discovery


def _books_in(session: Session, home: str) -> list[BookInfo]:
    found = session.propfind(
        home,
        "1",
        (DAV, "resourcetype"),
        (DAV, "displayname"),
        (DAV, "current-user-privilege-set"),
    )
    books = []
    for r in found:
        if r.status == 200 and r.is_type(CARD, "addressbook"):
            books.append(_book(home, r))
    return books


def _book(base: str, r: Response) -> BookInfo:
    return BookInfo(_abs(base, r.href), r.text(DAV, "displayname") or _slug_of(r.href))


def _abs(base: str, href: str) -> str:
    return urljoin(base, href)


def _slug_of(href: str) -> str:
    return unquote(href.rstrip("/").rsplit("/", 1)[-1])


def discover(session: Session, url: str, progress: Any = None) -> tuple[str | None, list[BookInfo]]:
    """The address-book home and the books under it, starting from what the user typed.

    The URL as given (it may be a book, a principal or a home), then
    `/.well-known/carddav`, then current-user-principal -> addressbook-home-set.
    A server without a principal still works with a direct book or home URL.
    """

    def say(text: str) -> None:
        if progress is not None:
            progress(text)

    props = (
        (DAV, "resourcetype"),
        (DAV, "displayname"),
        (DAV, "current-user-principal"),
        (CARD, "addressbook-home-set"),
    )
    say(f"Asking {url}")
    principal: str | None = None
    home: str | None = None
    first: list[Response] = []
    try:
        first = session.propfind(url, "0", *props)
    except Refused as exc:
        if isinstance(exc, CertificateError) or exc.status not in (403, 404, 405, 400):
            raise
    base = getattr(session, "last_url", url)
    for r in first:
        if r.is_type(CARD, "addressbook"):
            return None, [_book(base, r)]
        principal = principal or r.href_in(DAV, "current-user-principal")
        home = home or r.href_in(CARD, "addressbook-home-set")
    if principal is None and home is None:
        well_known = urljoin(url, "/.well-known/carddav")
        say(f"Asking {well_known}")
        try:
            for r in session.propfind(well_known, "0", *props):
                principal = principal or r.href_in(DAV, "current-user-principal")
                home = home or r.href_in(CARD, "addressbook-home-set")
            base = getattr(session, "last_url", well_known)
        except Refused as exc:
            if isinstance(exc, CertificateError):
                raise
    if home is None and principal is not None:
        principal = _abs(base, principal)
        say(f"Looking up the address books of {principal}")
        for r in session.propfind(principal, "0", (CARD, "addressbook-home-set")):
            home = home or r.href_in(CARD, "addressbook-home-set")
        base = principal
    if home is None:
        if not first:
            raise Refused(f"no CardDAV address books found at {url}")
        home = url  # no principal: the URL itself may hold the books
    home = _abs(base, home)
    say(f"Listing the address books in {home}")
    return home, _books_in(session, home)


def create_book(session: Session, home: str, name: str) -> BookInfo:
    """A new address book under `home` by extended MKCOL (RFC 5689)."""
    slug = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-") or "contacts"
    url = urljoin(home if home.endswith("/") else home + "/", slug + "/")
    root = ET.Element(_q(DAV, "mkcol"))
    prop = ET.SubElement(ET.SubElement(root, _q(DAV, "set")), _q(DAV, "prop"))
    rtype = ET.SubElement(prop, _q(DAV, "resourcetype"))
    ET.SubElement(rtype, _q(DAV, "collection"))
    ET.SubElement(rtype, _q(CARD, "addressbook"))
    ET.SubElement(prop, _q(DAV, "displayname")).text = name
    try:
        session.request("MKCOL", url, body=_xml(root), ok=(201,))
    except Refused as exc:
        if exc.status == 405:
            raise Refused(f"an address book or folder exists already at {url}", 405) from None
        raise
    return BookInfo(url, name)


# --------------------------------------------------------------------------- one book


class CardDavBook:
    """`remote.Remote` for one address book on a CardDAV server."""

    def __init__(self, session: Session, url: str, *, batch: int = MULTIGET_BATCH) -> None:
        self.session = session
        self.url = url if url.endswith("/") else url + "/"
        self.path = norm_href(self.url)
        self.batch = batch
        self._reports: set[str] | None = None

    def _href_url(self, href: str) -> str:
        return urljoin(self.url, href)

    def _supports_sync(self) -> tuple[bool, str | None]:
        found = self.session.propfind(
            self.url, "0", (DAV, "supported-report-set"), (DAV, "sync-token")
        )
        reports: set[str] = set()
        token: str | None = None
        for r in found:
            el = r.props.get(_q(DAV, "supported-report-set"))
            if el is not None:
                for rep in el.iter(_q(DAV, "report")):
                    reports.update(child.tag for child in rep)
            token = token or r.text(DAV, "sync-token") or None
        self._reports = reports
        return _q(DAV, "sync-collection") in reports, token

    def sync_token(self) -> str | None:
        supported, token = self._supports_sync()
        return token if supported else None

    def changes(self, token: str) -> Changes:
        out = Changes(token=token)
        for _ in range(100):  # a server may hand the delta out in parts (507 on the book)
            root = ET.Element(_q(DAV, "sync-collection"))
            ET.SubElement(root, _q(DAV, "sync-token")).text = out.token
            ET.SubElement(root, _q(DAV, "sync-level")).text = "1"
            ET.SubElement(ET.SubElement(root, _q(DAV, "prop")), _q(DAV, "getetag"))
            try:
                resp = self.session.request(
                    "REPORT", self.url, body=_xml(root), headers={"Depth": "1"}, ok=(207,)
                )
            except Refused as exc:
                if 400 <= exc.status < 500:
                    raise TokenInvalid(f"the server refused the sync token ({exc})") from None
                raise
            tree = parse_xml(resp.content)
            more = False
            for r in responses(tree, self.url):
                if r.href == self.path:
                    more = more or r.status == 507
                    continue
                if r.status == 404:
                    out.deleted.add(r.href)
                    out.changed.pop(r.href, None)
                elif not r.href.endswith("/"):
                    out.changed[r.href] = _etag(r.text(DAV, "getetag"))
                    out.deleted.discard(r.href)
            new = tree.findtext(_q(DAV, "sync-token"))
            if new:
                out.token = new.strip()
            if not more:
                return out
        raise ServerBusy("the server kept the list of changes open; will retry later")

    def listing(self) -> dict[str, str | None]:
        found = self.session.propfind(
            self.url, "1", (DAV, "getetag"), (DAV, "resourcetype"), (DAV, "getcontenttype")
        )
        out: dict[str, str | None] = {}
        for r in found:
            if r.href == self.path or r.status != 200 or r.is_type(DAV, "collection"):
                continue
            out[r.href] = _etag(r.text(DAV, "getetag"))
        return out

    def fetch(self, hrefs: Iterable[str]) -> dict[str, tuple[str | None, bytes]]:
        hrefs = list(hrefs)
        out: dict[str, tuple[str | None, bytes]] = {}
        for start in range(0, len(hrefs), self.batch):
            root = ET.Element(_q(CARD, "addressbook-multiget"))
            prop = ET.SubElement(root, _q(DAV, "prop"))
            ET.SubElement(prop, _q(DAV, "getetag"))
            ET.SubElement(prop, _q(CARD, "address-data"))
            for h in hrefs[start : start + self.batch]:
                ET.SubElement(root, _q(DAV, "href")).text = h
            resp = self.session.request(
                "REPORT", self.url, body=_xml(root), headers={"Depth": "1"}, ok=(207,)
            )
            for r in responses(parse_xml(resp.content), self.url):
                data = r.text(CARD, "address-data")
                if r.status == 200 and data:
                    out[r.href] = (_etag(r.text(DAV, "getetag")), data.encode("utf-8"))
        return out

    def href_for(self, uid: str) -> str:
        name = uid if _SAFE_UID.match(uid) else hashlib.sha1(uid.encode()).hexdigest()
        return norm_href(self.path + name.replace(":", "-") + ".vcf")

    def put(self, href: str, data: bytes, etag: str | None) -> PutResult:
        headers = {"Content-Type": "text/vcard; charset=utf-8"}
        if etag is None:
            headers["If-None-Match"] = "*"
        else:
            headers["If-Match"] = etag
        try:
            resp = self.session.request(
                "PUT", self._href_url(href), body=data, headers=headers, ok=(200, 201, 204)
            )
        except Refused as exc:
            if exc.status == 412:
                raise PreconditionFailed(str(exc)) from None
            if exc.status == 409:
                raise UidConflict(str(exc)) from None
            raise
        where = resp.headers.get("Location")
        new_href = norm_href(urljoin(self.url, where)) if where else href
        return PutResult(new_href, _etag(resp.headers.get("ETag")))

    def delete(self, href: str, etag: str | None) -> None:
        headers = {"If-Match": etag} if etag else {}
        try:
            self.session.request(
                "DELETE", self._href_url(href), headers=headers, ok=(200, 204), accept=(404, 410)
            )
        except Refused as exc:
            if exc.status == 412:
                raise PreconditionFailed(str(exc)) from None
            raise
