"""LinkedIn's Connections.csv (Settings ▸ Data privacy ▸ Get a copy of your data).

Two shapes are in the wild:
- today's: a "Notes:" line, one quoted sentence, a blank line, then
  `First Name,Last Name,URL,Email Address,Company,Position,Connected On` with
  dates like "09 Oct 2024";
- the older one (2018 and before): no preamble, no URL column, dates like
  "1/8/18, 6:14 PM", and sometimes `urn:li:member:<n>` where an email would be.

The sniffer finds the header wherever it is. The profile URL is the one stable
key LinkedIn gives (no id, no phone numbers), so it becomes the card's LinkedIn
social profile and the importer matches on it first. "Connected
On" and how-met travel as NetKeeper's own properties (io.card), which the
importer turns into a first interaction and the contact's how-met.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from netkeeper.io.card import CONNECTED_ON, HOW_MET, Card, RawProperty, SocialProfile, TypedValue
from netkeeper.io.csv.values import clean, clean_name, parse_date
from netkeeper.social import service_for_url

HOW_MET_TEXT = "LinkedIn"
_JUNK = re.compile(r"^[\W_]*$")  # " -", "--", "." : LinkedIn's empty company


class LinkedInRows:
    """Turns the cells of one Connections.csv row into a Card."""

    def __init__(self, header: list[str]) -> None:
        names = [" ".join(h.split()).casefold() for h in header]
        self.col = {n: i for i, n in reversed(list(enumerate(names)))}

    def _get(self, cells: list[str], name: str) -> str:
        i = self.col.get(name)
        return cells[i] if i is not None and i < len(cells) else ""

    def card(self, cells: list[str]) -> tuple[Card | None, list[str], str | None]:
        """(card, problems, reason it was skipped)."""
        problems: list[str] = []
        given = clean_name(self._get(cells, "first name"))
        family = clean_name(self._get(cells, "last name"))
        url = clean(self._get(cells, "url") or self._get(cells, "profile url"))
        if not (given or family or url):
            return None, [], "the row has no name and no profile URL"
        card = Card(given_name=given, family_name=family)
        card.full_name = " ".join(p for p in (given, family) if p)
        company = clean(self._get(cells, "company"))
        position = clean(self._get(cells, "position"))
        card.organization = "" if _JUNK.match(company) else company
        card.title = "" if _JUNK.match(position) else position
        email = clean(self._get(cells, "email address"))
        if email and "@" in email and not email.casefold().startswith("urn:"):
            card.emails.append(TypedValue(email))
        if url:
            if service_for_url(url) == "linkedin":
                # Decoded, so "in/j%C3%BCrgen" reads as "in/jürgen" and keys the same either way.
                card.profiles.append(SocialProfile("linkedin", unquote(url)))
            else:
                problems.append(f"'{url}' is not a LinkedIn profile address; kept as a website")
                card.urls.append(TypedValue(url))
        connected = clean(self._get(cells, "connected on"))
        if connected:
            day = parse_date(connected)
            if day is None or day.startswith("--"):
                problems.append(f"'Connected On' '{connected}' is not a date; left out")
            else:
                card.extra.append(RawProperty(CONNECTED_ON, day))
        card.extra.append(RawProperty(HOW_MET, HOW_MET_TEXT))
        return card, problems, None
