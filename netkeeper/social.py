"""Social profile links: which service a link belongs to, and one key to match it by.

A top-level module (like wording.py) because every layer needs the same rules:
the vCard reader, the schema step that adopts kept X-SOCIALPROFILE lines, and
the people services.

Plain text rules with no I/O (NetKeeper never fetches a profile). The vCard reader
uses them to recognise a URL or IMPP value as a LinkedIn, GitHub, ... profile, and
the people services to store and match profiles, so that
"https://www.linkedin.com/in/Ada-Lovelace/" and "linkedin.com/in/ada-lovelace"
are one profile whatever file or CSV they came from.

Service names are short lower-case keys ("linkedin", "x", "mastodon", ...);
`SERVICE_LABELS` holds the words shown to people and written as vCard 4.0
SERVICE-TYPE. Any other name is allowed too (a custom service), kept as given.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

SERVICE_LABELS: dict[str, str] = {
    "linkedin": "LinkedIn",
    "x": "X",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "github": "GitHub",
    "gitlab": "GitLab",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "threads": "Threads",
    "youtube": "YouTube",
    "xing": "XING",
    "stackoverflow": "Stack Overflow",
    "website": "Website",
}

# Other spellings found in vCard TYPE / SERVICE-TYPE parameters and CSV headers.
_ALIASES = {
    "twitter": "x",
    "x.com": "x",
    "twitter.com": "x",
    "linked in": "linkedin",
    "linkedin.com": "linkedin",
    "github.com": "github",
    "bsky": "bluesky",
    "fb": "facebook",
    "stack overflow": "stackoverflow",
    "homepage": "website",
    "web": "website",
    "blog": "website",
}

# Hosts (after dropping www./m./mobile.) whose profile pages have a recognisable path.
# The path pattern keeps a repository (github.com/org/repo) or a post from passing
# for a person's profile.
_HOSTS: dict[str, tuple[str, re.Pattern[str]]] = {
    "linkedin.com": ("linkedin", re.compile(r"^/(in|pub|company|school)/[^/]+/?$", re.I)),
    "x.com": ("x", re.compile(r"^/@?\w{1,30}/?$")),
    "twitter.com": ("x", re.compile(r"^/@?\w{1,30}/?$")),
    "bsky.app": ("bluesky", re.compile(r"^/profile/[^/]+/?$")),
    "github.com": ("github", re.compile(r"^/[A-Za-z0-9-]{1,39}/?$")),
    "gitlab.com": ("gitlab", re.compile(r"^/[\w.-]+/?$")),
    "facebook.com": ("facebook", re.compile(r"^/[\w.-]+/?$")),
    "instagram.com": ("instagram", re.compile(r"^/[\w.]+/?$")),
    "threads.net": ("threads", re.compile(r"^/@[\w.]+/?$")),
    "youtube.com": ("youtube", re.compile(r"^/(@[\w.-]+|c/[^/]+|channel/[^/]+|user/[^/]+)/?$")),
    "xing.com": ("xing", re.compile(r"^/profile/[^/]+/?$")),
    "stackoverflow.com": ("stackoverflow", re.compile(r"^/users/\d+(/[^/]*)?/?$")),
}
# Mastodon lives on thousands of servers; these are the large ones. A profile on
# any other server is recognised when the card says it is Mastodon.
_MASTODON_HOSTS = {
    "mastodon.social",
    "mastodon.online",
    "mstdn.social",
    "fosstodon.org",
    "hachyderm.io",
    "infosec.exchange",
    "mas.to",
    "techhub.social",
    "mastodon.world",
    "social.vivaldi.net",
    "chaos.social",
    "ioc.exchange",
}
_MASTODON_PATH = re.compile(r"^/@\w+/?$")
_NOISE_PREFIXES = ("www.", "m.", "mobile.")


def service_key(name: str) -> str:
    """A service name as stored: "LinkedIn" -> "linkedin", "Twitter" -> "x"; others lower-cased."""
    key = " ".join(name.split()).casefold()
    if key.startswith("x-"):
        key = key[2:]
    return _ALIASES.get(key, key)


def service_label(key: str) -> str:
    """The word people read for a service key; a custom service keeps its own name."""
    return SERVICE_LABELS.get(key, key[:1].upper() + key[1:])


@functools.lru_cache(maxsize=4096)  # an import asks up to four times per link
def _host_and_path(url: str) -> tuple[str, str] | None:
    text = url.strip()
    if "://" not in text:
        if not re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", text, re.I):
            return None
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    for prefix in _NOISE_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
            break
    return host, parts.path or "/"


def service_for_url(url: str) -> str | None:
    """The service whose profile page `url` is, or None for an ordinary web address."""
    found = _host_and_path(url)
    if found is None:
        return None
    host, path = found
    for known, (service, pattern) in _HOSTS.items():
        if (host == known or host.endswith("." + known)) and pattern.match(path):
            return service
    if host in _MASTODON_HOSTS and _MASTODON_PATH.match(path):
        return "mastodon"
    return None


def is_web_link(url: str) -> bool:
    """True for an http(s) address a browser can open (what the UI makes clickable)."""
    return urlsplit(url.strip()).scheme.lower() in ("http", "https")


def url_key(url: str, service: str | None = None) -> str:
    """One key for every spelling of one profile link: no scheme, www., query or end slash.

    twitter.com and x.com are one host; case is folded. A value that is not a web
    address (a bare user name) keys as itself, case-folded, prefixed by its service.
    """
    found = _host_and_path(url)
    if found is None:
        text = url.strip().casefold()
        return f"{service}:{text}" if service else text
    host, path = found
    if host == "twitter.com":
        host = "x.com"
    # Paths fold case too: profile user names ignore it on the services that matter
    # (LinkedIn, GitHub, X, Mastodon ...), and one key per link must not depend on
    # whether the service was known when it was stored.
    return host + path.rstrip("/").casefold()
