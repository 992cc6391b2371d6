"""The name a contact is shown by, wherever it is shown.

A card may carry no name at all, only an email or a phone (a scanned business
card, a number saved from a call). Its stored `full_name` stays empty, so that a
name arriving later is taken as the name and not seen as a conflict; what the
list, the detail pane, the review, the timeline and the tray show is its name,
else its organisation, else its first email, else its first phone.
`io.card.Card.shown_name` is the same rule for a card not yet saved.
"""

from __future__ import annotations


def shown_name_sql(alias: str = "c") -> str:
    """An SQL expression for the shown name of contact row `alias`.

    The email and phone look-ups run only for a contact without a name or an
    organisation (CASE stops at the first branch that holds), so a query over
    50,000 named contacts pays nothing for them.
    """
    c = alias
    return (
        f"(CASE WHEN {c}.full_name != '' THEN {c}.full_name"
        f" WHEN {c}.organization != '' THEN {c}.organization"
        " ELSE coalesce("
        f"(SELECT e.value FROM email e WHERE e.contact_id = {c}.id"
        " ORDER BY e.position, e.id LIMIT 1),"
        f" (SELECT ph.value FROM phone ph WHERE ph.contact_id = {c}.id"
        " ORDER BY ph.position, ph.id LIMIT 1), '') END)"
    )


def shown_name(full_name: str, organization: str, emails: list[str], phones: list[str]) -> str:
    """The same rule in Python, for a contact whose columns and values are already read."""
    for value in (full_name, organization, *emails[:1], *phones[:1]):
        if value and value.strip():
            return value.strip()
    return ""


def display_names(contact_ids: list[int]) -> dict[int, str]:
    """{id: shown name} for these contacts (trashed ones included), for messages and titles."""
    from netkeeper.model.db import db

    out: dict[int, str] = {}
    for start in range(0, len(contact_ids), 500):
        chunk = contact_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT c.id, {shown_name_sql('c')} FROM contact c WHERE c.id IN ({marks})"
        out.update((int(i), str(n)) for i, n in db.execute_sql(sql, chunk))
    return out


def display_name(contact_id: int) -> str:
    """The shown name of one contact ("" if there is no such contact)."""
    return display_names([contact_id]).get(contact_id, "")
