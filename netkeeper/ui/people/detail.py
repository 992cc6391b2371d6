"""The detail pane's "people" section, near the top: how to show up well with this person.

Plain HTML for the pane's QTextBrowser, built from the contact's JSON document
(so the pane and `show --json` say the same). Links the pane handles:
`asked:QID` ticks a question off, `intro:ID` takes a proposed introduction's next
step, `contact:ID` opens a person; profile links open in the browser (NetKeeper
never fetches them).
"""

from __future__ import annotations

import html
from typing import Any

from netkeeper.services.people.ledger import give_back
from netkeeper.services.people.rapport import rapport_of
from netkeeper.services.people.relationships import heading
from netkeeper.social import is_web_link, service_label

STATUS_WORDS = {
    "proposed": "proposed: ask {a}",
    "asked": "{a} agreed: ask {b}",
    "agreed": "both agreed: introduce them",
    "made": "made",
}


def _esc(text: Any) -> str:
    return html.escape(str(text or ""))


def _person(p: dict[str, Any] | None, me_id: int | None) -> str:
    if p is None:
        return "someone"
    if p["id"] == me_id:
        return "you"
    return f"<a href='contact:{p['id']}'>{_esc(p['full_name'])}</a>"


def profile_rows(doc: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for p in doc["profiles"]:
        label = _esc(service_label(p["service"]))
        url = p["url"]
        if is_web_link(url):
            rows.append((label, f"<a href='{html.escape(url, quote=True)}'>{_esc(url)}</a>"))
        else:
            rows.append((label, _esc(url)))
    return rows


def relationship_rows(doc: dict[str, Any], me_id: int | None = None) -> list[tuple[str, str]]:
    """("Mentor", "Ada Lovelace"), ("Mentees", "Bob, Cy"): each kind once, the right word."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in doc["relationships"]:
        groups.setdefault(r["kind"], []).append(r)
    rows = []
    for kind, people in groups.items():
        links = ", ".join(
            _person(p, me_id)
            + (f" <span class='dim'>({_esc(p['note'])})</span>" if p["note"] else "")
            for p in people
        )
        rows.append((_esc(heading(kind, len(people))), links))
    return rows


def people_html(doc: dict[str, Any], me_id: int | None, highlight: str) -> str:
    """The section (empty string when there is nothing to say)."""
    parts: list[str] = []
    if doc["is_me"]:
        parts.append(
            "<p><b>This is you.</b> <span class='dim'>My profile is in the File menu.</span></p>"
        )
    rapport = rapport_of(doc["id"])
    rows: list[tuple[str, str]] = []
    if rapport.interests:
        shared = set(rapport.shared)
        shown = [
            f"<span style='background:{highlight}'>&nbsp;<b>{_esc(i)}</b> ★&nbsp;</span>"
            if i in shared
            else _esc(i)
            for i in rapport.interests
        ]
        rows.append(("Interests", ", ".join(shown)))
    open_q = rapport.open_questions
    if open_q:
        rows.append(
            (
                "Ask next time",
                "<br>".join(f"{_esc(q.text)} · <a href='asked:{q.id}'>Asked</a>" for q in open_q),
            )
        )
    if rapport.avoid:
        rows.append(("Avoid", "; ".join(_esc(t) for _i, t in rapport.avoid)))
    if rapport.facts:
        rows.append(("Remember", "<br>".join(_esc(t) for _i, t in rapport.facts)))
    rows += relationship_rows(doc, me_id)
    gt = doc["give_take"]
    if gt["given"] or gt["received"]:
        line = f"you gave {gt['given']} · they gave {gt['received']}"
        back = give_back(contact_id=doc["id"])
        if back:
            line += f"<br><b>Ways to give back:</b> {_esc(back[0].text)}."
        rows.append(("Give and take", line))
    rows += profile_rows(doc)
    intros = []
    for i in doc["introductions"]:
        by = _person(i["by"], me_id)
        other = _person(i["other"], me_id)
        status = i["status"]
        text = f"to {other}, by {by} <span class='dim'>{_esc(i['date'])}</span>"
        if status != "made":
            step = "Take the next step"
            text += f" · {_esc(status)} · <a href='intro:{i['id']}'>{step}</a>"
        intros.append(text)
    if intros:
        rows.append(("Introduced", "<br>".join(intros[:10])))
    if rows:
        parts.append("<table>")
        parts += [f"<tr><td class='dim'>{k}</td><td>{v}</td></tr>" for k, v in rows]
        parts.append("</table>")
    return "".join(parts)
