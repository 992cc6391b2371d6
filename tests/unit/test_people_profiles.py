"""Social profiles: the service API the importers use, the CLI, show --json, the editor's card."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import vobject

from netkeeper.io.card import Card, SocialProfile
from netkeeper.model.db import close_database, open_database
from netkeeper.services import NotFound, ServiceError
from netkeeper.services.contacts import create_contact, delete_contacts, get_card, update_contact
from netkeeper.services.documents import contact_documents
from netkeeper.services.exchange import export_contacts, import_files
from netkeeper.services.people import profiles
from netkeeper.social import service_for_url, service_key, url_key


def test_service_recognition_and_one_key_per_link() -> None:
    assert service_for_url("https://www.linkedin.com/in/ada-lovelace/") == "linkedin"
    assert service_for_url("https://de.linkedin.com/in/ada") == "linkedin"
    assert service_for_url("https://twitter.com/ada") == "x"
    assert service_for_url("https://bsky.app/profile/ada.bsky.social") == "bluesky"
    assert service_for_url("https://mastodon.social/@ada") == "mastodon"
    assert service_for_url("https://github.com/ada") == "github"
    assert service_for_url("https://github.com/ada/engine") is None, "a repository"
    assert service_for_url("https://example.org/ada") is None
    assert service_for_url("mailto:ada@example.org") is None
    assert service_key("Twitter") == "x" and service_key("LinkedIn") == "linkedin"
    assert url_key("https://www.LinkedIn.com/in/Ada/?trk=x") == url_key("linkedin.com/in/ada")
    assert url_key("https://twitter.com/ada") == url_key("http://x.com/ADA")


def test_add_find_remove(db: object) -> None:
    ada = create_contact(Card(full_name="Ada Lovelace"))
    bob = create_contact(Card(full_name="Bob"))
    pid = profiles.add_profile(ada, "LinkedIn", "https://www.linkedin.com/in/ada-lovelace/")
    assert profiles.add_profile(ada, None, "linkedin.com/in/Ada-Lovelace") == pid, "same link"
    profiles.add_profile(ada, None, "https://github.com/ada")
    assert profiles.profiles_of(ada) == [
        SocialProfile("linkedin", "https://www.linkedin.com/in/ada-lovelace/"),
        SocialProfile("github", "https://github.com/ada"),
    ]
    assert profiles.find_by_profile_url("http://linkedin.com/in/ADA-LOVELACE") == ada
    assert profiles.find_by_profile_url("https://linkedin.com/in/someone-else") is None
    assert profiles.find_by_profile_url("") is None
    assert profiles.remove_profile(ada, "https://github.com/ada/")
    assert not profiles.remove_profile(ada, "https://github.com/ada/")
    assert [p.service for p in profiles.profiles_of(ada)] == ["linkedin"]
    with pytest.raises(ServiceError, match="needs a link"):
        profiles.add_profile(bob, "x", "  ")
    with pytest.raises(NotFound):
        profiles.add_profile(9999, "x", "https://x.com/nobody")
    delete_contacts([ada])
    assert profiles.find_by_profile_url("linkedin.com/in/ada-lovelace") is None, "trash"


def test_editor_card_keeps_profiles(db: object) -> None:
    cid = create_contact(
        Card(full_name="Ada", profiles=[SocialProfile("mastodon", "https://chaos.social/@ada")])
    )
    card = get_card(cid)
    card.title = "Countess"
    update_contact(cid, card)
    assert get_card(cid).profiles == [SocialProfile("mastodon", "https://chaos.social/@ada")]
    assert contact_documents([cid])[0]["profiles"] == [
        {"service": "mastodon", "url": "https://chaos.social/@ada"}
    ]


def test_cli_add_profile_and_show_json(cli: Any) -> None:
    r = cli(
        "add",
        "Ada Lovelace",
        "--profile",
        "linkedin=https://www.linkedin.com/in/ada",
        "--profile",
        "https://github.com/ada",
    )
    assert r.code == 0, r.err
    doc = cli("show", "Ada Lovelace", "--json").json()
    assert doc["profiles"] == [
        {"service": "linkedin", "url": "https://www.linkedin.com/in/ada"},
        {"service": "github", "url": "https://github.com/ada"},
    ]
    assert doc["is_me"] is False
    assert "LinkedIn: https://www.linkedin.com/in/ada" in cli("show", "Ada Lovelace").out
    bad = cli("add", "Bob", "--profile", "x=")
    assert bad.code == 2 and bad.err.count("\n") == 1 and "Traceback" not in bad.err


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_profiles_round_trip_and_reimport_changes_nothing(tmp_path: Path, version: str) -> None:
    first, second, vcf = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "out.vcf"
    links = [
        SocialProfile("linkedin", "https://www.linkedin.com/in/ada"),
        SocialProfile("x", "https://x.com/ada"),
        SocialProfile("mastodon", "https://chaos.social/@ada"),
        SocialProfile("bluesky", "https://bsky.app/profile/ada.example"),
        SocialProfile("github", "https://github.com/ada"),
        SocialProfile("website", "https://ada.example/"),
        SocialProfile("goodreads", "ada_reads"),
    ]
    open_database(first)
    try:
        create_contact(Card(full_name="Ada Lovelace", profiles=links))
        export_contacts(vcf, version=version)
    finally:
        close_database()
    vobject.readOne(vcf.read_text(encoding="utf-8"))
    open_database(second)
    try:
        assert import_files([vcf]).files[0].created == 1
        (doc,) = contact_documents([1])
        assert doc["profiles"] == [{"service": p.service, "url": p.url} for p in links]
        again = import_files([vcf])
        assert [o.status for o in again.outcomes] == ["unchanged"]
        assert contact_documents([1])[0]["profiles"] == doc["profiles"]
    finally:
        close_database()


def test_merging_duplicates_keeps_both_sides_profiles_once(db: object) -> None:
    from netkeeper.services import dedupe

    keep = create_contact(
        Card(full_name="Ada", profiles=[SocialProfile("github", "https://github.com/ada")])
    )
    other = create_contact(
        Card(
            full_name="Ada L.",
            profiles=[
                SocialProfile("github", "https://github.com/Ada/"),
                SocialProfile("linkedin", "https://linkedin.com/in/ada"),
            ],
        )
    )
    undo = dedupe.merge(keep, other)
    assert [p.service for p in get_card(keep).profiles] == ["github", "linkedin"]
    dedupe.unmerge(undo)
    assert [p.service for p in get_card(keep).profiles] == ["github"]
