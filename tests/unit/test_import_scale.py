"""Import paths that were quadratic or lossy (issue 10, item 13); the timings are in
bench/import_pathological.py, these check the behaviour and the linear bookkeeping."""

from __future__ import annotations

from pathlib import Path

from netkeeper.services.exchange import FileReport, Problem, _Import


def _shared_phone_cards(count: int) -> str:
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Colleague {i:03d} Example\r\n"
        f"TEL;TYPE=work:+44 20 7946 0000\r\nEND:VCARD\r\n"
        for i in range(count)
    )


def test_cards_sharing_one_switchboard_number_stay_different_people(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "office.vcf"
    path.write_text(_shared_phone_cards(50), encoding="utf-8")
    report = cli("import", "--json", str(path)).json()["files"][0]
    docs = cli("list", "--json").json()
    # The second card may be the first person under a new name; from the third on,
    # the number is shared by several names and matches nobody.
    assert len(docs) == 49
    assert report["created"] == 49
    ambiguous = [p for p in report["problems"] if p["reason"].startswith("ambiguous match")]
    assert len(ambiguous) == 48 and "+44 20 7946 0000" in ambiguous[0]["reason"]
    # A card of someone already known still matches by the shared number's owner name.
    again = tmp_path / "again.vcf"
    again.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Colleague 010 Example\r\n"
        "TEL:+44 20 7946 0000\r\nEMAIL:c10@example.org\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    assert cli("import", str(again)).code == 0
    docs = cli("list", "--json").json()
    assert len(docs) == 49
    owner = [d["full_name"] for d in docs if d["emails"]]
    assert owner == ["Colleague 010 Example"], "matched by name, not by the shared number"


def test_an_email_shared_by_a_team_does_not_absorb_a_new_name(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name in ("Ada Lovelace", "Grace Hopper"):
        assert cli("add", name, "--email", "team@example.org").code == 0
    path = tmp_path / "new.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Katherine Johnson\r\nEMAIL:team@example.org\r\n"
        "END:VCARD\r\n",
        encoding="utf-8",
    )
    assert cli("import", str(path)).code == 0
    names = sorted(d["full_name"] for d in cli("list", "--json").json())
    assert names == ["Ada Lovelace", "Grace Hopper", "Katherine Johnson"]


def test_the_skip_bookkeeping_looks_only_at_the_cards_own_problems() -> None:
    """100,000 empty cards were quadratic: every skip scanned every earlier problem."""

    class Counting(list):  # type: ignore[type-arg]
        reads = 0

        def __reversed__(self):  # type: ignore[no-untyped-def]
            for item in super().__reversed__():
                Counting.reads += 1
                yield item

        def __iter__(self):  # type: ignore[no-untyped-def]
            for item in super().__iter__():
                Counting.reads += 1
                yield item

    report = FileReport("x.vcf")
    report.problems = Counting(Problem(n, None, "empty", skipped=True) for n in range(1, 5001))
    Counting.reads = 0
    assert _Import._reported(report, 5001, "empty") is False
    assert _Import._reported(report, 5000, "empty") is True
    assert Counting.reads <= 4


def test_many_empty_cards_are_all_reported_skipped(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "empty.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n" * 3000)
    report = cli("import", "--json", str(path)).json()["files"][0]
    assert report["skipped"] == 3000 and len(report["problems"]) == 3000
    assert cli("list", "--json").json() == []
