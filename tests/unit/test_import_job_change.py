"""A re-imported card with a new title or organisation: offered, taken on request, and a
congratulation follow-up when asked; by default the contact keeps its own values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from netkeeper.services import exchange
from netkeeper.services.documents import contact_documents
from netkeeper.services.reminders import open_reminders

OLD = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ada-1\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n"
CARD = OLD + "ORG:{org}\r\nTITLE:{title}\r\nEMAIL:ada@example.org\r\nEND:VCARD\r\n"


def _write(path: Path, org: str, title: str) -> str:
    path.write_text(CARD.format(org=org, title=title), encoding="utf-8")
    return str(path)


def _ada() -> dict[str, object]:
    (doc,) = contact_documents([1])
    return doc


def test_a_job_change_is_offered_kept_by_default_and_taken_on_request(
    db: object, tmp_path: Path
) -> None:
    exchange.import_files([_write(tmp_path / "a.vcf", "Analytical Society", "Engineer")])
    new = _write(tmp_path / "b.vcf", "Difference Ltd", "CTO")
    plan = exchange.plan_import([new])
    (outcome,) = plan.outcomes
    assert outcome.status == "unchanged"
    assert {c["field"]: (c["old"], c["new"]) for c in outcome.job_changes} == {
        "organization": ("Analytical Society", "Difference Ltd"),
        "title": ("Engineer", "CTO"),
    }
    # Without a choice nothing changes (a plan changes nothing at all).
    assert _ada()["title"] == "Engineer"
    exchange.apply_import([new])
    assert (_ada()["organization"], _ada()["title"]) == ("Analytical Society", "Engineer")
    assert open_reminders(1) == []

    result = exchange.apply_import(
        [new], take={(new, 1): {"title", "organization"}}, congratulate=[(new, 1)]
    )
    (outcome,) = result.outcomes
    assert outcome.status == "updated"
    assert "took title 'CTO' (was 'Engineer')" in outcome.changes
    assert (_ada()["organization"], _ada()["title"]) == ("Difference Ltd", "CTO")
    (reminder,) = open_reminders(1)
    assert reminder["due"] == dt.date.today().isoformat()
    assert reminder["note"] == "Congratulate on the new role (CTO at Difference Ltd)"
    # The same card again: nothing new to offer, nothing changes.
    again = exchange.plan_import([new]).outcomes[0]
    assert again.status == "unchanged" and again.job_changes == []


def test_taking_only_the_title_keeps_the_organisation(db: object, tmp_path: Path) -> None:
    exchange.import_files([_write(tmp_path / "a.vcf", "Analytical Society", "Engineer")])
    new = _write(tmp_path / "b.vcf", "Difference Ltd", "CTO")
    exchange.apply_import([new], take={(new, 1): {"title"}})
    assert (_ada()["organization"], _ada()["title"]) == ("Analytical Society", "CTO")
    assert open_reminders(1) == []
