"""Demo people in context: who is the user, mentors and colleagues, interests and
questions, favours both ways, introductions at every step, social profiles and a
filled "My profile", so every people view has something real to show.

Built through the services, like demo_groups, from the demo's seeded random
generator, so the same seed gives the same book.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from netkeeper.model.db import db
from netkeeper.social import url_key

INTERESTS = (
    "sailing",
    "jazz",
    "open source",
    "climbing",
    "chess",
    "sourdough",
    "cycling",
    "photography",
    "board games",
    "poetry",
    "running",
    "urban gardening",
    "AI safety",
    "fintech",
    "Python",
    "design systems",
    "coffee roasting",
    "birdwatching",
    "film noir",
    "early-stage investing",
)
QUESTIONS = (
    "How did the product launch go?",
    "Did the move to the new flat work out?",
    "How is the new team settling in?",
    "Did you finish the marathon?",
    "What came of the grant application?",
    "How was the trip to Lisbon?",
    "Is the book out yet?",
    "How is your mother recovering?",
)
AVOID = (
    "politics",
    "their old employer",
    "the failed acquisition",
    "crypto prices",
    "football (bad season)",
)
FACTS = (
    "Two kids: Mia (7) and Leo (4)",
    "Vegetarian; loves Ethiopian food",
    "Dog called Biscuit",
    "Coffee: flat white, no sugar",
    "Grew up in Porto",
    "Runs the local climbing club",
    "Allergic to nuts",
    "Partner is a cellist",
)
GIVEN = (
    ("introduction", "Introduced them to a hiring manager"),
    ("advice", "Reviewed their pitch deck"),
    ("resource shared", "Sent the pricing article"),
    ("recommendation", "Wrote a LinkedIn recommendation"),
    ("referral", "Referred a client to them"),
    ("favour", "Covered their meetup talk slot"),
)
RECEIVED = (
    ("advice", "Advice on negotiating the term sheet"),
    ("introduction", "Introduced me to an investor"),
    ("endorsement", "Endorsed me for product strategy"),
    ("gift", "Sent a book on negotiation"),
    ("referral", "Referred a candidate"),
    ("business", "Bought the consulting package"),
)


def _slug(name: str) -> str:
    return (
        "".join(c for c in name.lower() if c.isascii() and (c.isalnum() or c == " "))
        .replace(" ", "-")
        .strip("-")
        or "someone"
    )


def fill_people(rng: random.Random, contact_ids: Sequence[int], today: dt.date) -> dict[str, int]:
    """Needs at least 30 contacts (fewer: nothing is added); the first becomes "me".

    Meant for a fresh demo book: "meetings" counts every introduction interaction there is.
    """
    from netkeeper.services.people import introductions, ledger, me, my_profile, rapport
    from netkeeper.services.people.relationships import relate

    ids = list(contact_ids)
    if len(ids) < 30 or me.me_id() is not None:
        return {"relationships": 0, "favours": 0, "introductions": 0, "meetings": 0}
    names = dict(
        db.execute_sql(
            f"SELECT id, full_name FROM contact WHERE id IN ({','.join('?' * len(ids))})", ids
        )
    )
    mine, others = ids[0], ids[1:]
    db.execute_sql(
        "UPDATE contact SET title = 'Product lead', organization = 'Northwind Labs' WHERE id = ?",
        (mine,),
    )
    me.set_me(mine)

    # Social profiles, in one batch (the rows the importer would write).
    rows = []
    for position, cid in enumerate([mine, *others]):
        slug = _slug(names[cid])
        links = []
        if cid == mine or rng.random() < 0.6:
            links.append(("linkedin", f"https://www.linkedin.com/in/{slug}"))
        if cid == mine or rng.random() < 0.2:
            links.append(("github", f"https://github.com/{slug.replace('-', '')}"))
        if cid == mine or rng.random() < 0.1:
            links.append(("mastodon", f"https://mastodon.social/@{slug.replace('-', '_')}"))
        if rng.random() < 0.08:
            links.append(("bluesky", f"https://bsky.app/profile/{slug}.bsky.social"))
        for pos, (service, url) in enumerate(links):
            rows.append((cid, service, url, url_key(url, service), pos))
        del position
    db.cursor().executemany(
        "INSERT INTO social_profile (contact_id, service, url, url_key, position)"
        " VALUES (?,?,?,?,?)",
        rows,
    )

    # Rapport: interests for most, questions, topics to avoid and facts for some.
    for name in ("sailing", "jazz", "open source", "Python", "early-stage investing"):
        rapport.add_interest(mine, name)
    for cid in others:
        for name in rng.sample(INTERESTS, rng.randrange(0, 4)):
            rapport.add_interest(cid, name)
        if rng.random() < 0.3:
            for text in rng.sample(QUESTIONS, rng.randrange(1, 3)):
                qid = rapport.ask(cid, text)
                if rng.random() < 0.25:
                    rapport.mark_asked(qid, today - dt.timedelta(days=rng.randrange(5, 60)))
        if rng.random() < 0.1:
            rapport.add_note(cid, "avoid", rng.choice(AVOID))
        if rng.random() < 0.2:
            rapport.add_note(cid, "fact", rng.choice(FACTS))

    # Relationships: mentors (mine and others'), a manager, colleagues, friends, family.
    pool = rng.sample(others, min(len(others), 40))
    pairs = [
        (pool[0], mine, "mentor"),
        (pool[1], mine, "mentor"),
        (mine, pool[2], "mentor"),
        (mine, pool[3], "mentor"),
        (pool[4], mine, "sponsor"),
        (pool[5], mine, "manager"),
        (mine, pool[6], "manager"),
        (pool[7], mine, "colleague"),
        (pool[8], mine, "colleague"),
        (pool[9], mine, "friend"),
        (pool[10], mine, "family"),
        (pool[11], mine, "custom:co-founder"),
    ]
    for k in range(12, len(pool) - 1, 2):
        pairs.append((pool[k], pool[k + 1], rng.choice(("mentor", "colleague", "friend"))))
    n_rel = sum(relate(a, b, kind, "") for a, b, kind in pairs)

    # Favours over the last year; a few people gave far more than they got (give back).
    n_fav = 0
    for cid in rng.sample(others, min(len(others), 45)):
        for _ in range(rng.randrange(1, 4)):
            kind, what = rng.choice(GIVEN if rng.random() < 0.65 else RECEIVED)
            direction = "given" if (kind, what) in GIVEN else "received"
            day = today - dt.timedelta(days=rng.randrange(1, 330))
            ledger.record(cid, direction, what, kind, day)
            n_fav += 1
    for cid in pool[12:15]:
        for kind, what in RECEIVED[:3]:
            ledger.record(
                cid, "received", what, kind, today - dt.timedelta(days=rng.randrange(3, 90))
            )
            n_fav += 1

    # Introductions: made by me (one at each double opt-in step), and received.
    n_intro = 0
    for k, (a, b) in enumerate(zip(pool[15:23:2], pool[16:24:2], strict=False)):
        intro = introductions.introduce(
            a,
            b,
            on=today - dt.timedelta(days=20 + 9 * k),
            note=rng.choice(("both hiring in Berlin", "same market, different angles", "")),
            proposed=k >= 2,
        )
        for _ in range(k - 2 if k > 2 else 0):
            introductions.advance(intro, today)
        n_intro += 1
    for k, (who, by) in enumerate(zip(pool[24:28], pool[28:32], strict=False)):
        introductions.introduce(mine, who, by=by, on=today - dt.timedelta(days=30 + 5 * k))
        n_intro += 1

    my_profile.save_profile(
        headline="Product lead at Northwind Labs · helping founders find their first ten customers",
        short_bio="I build products people keep using and connect founders with the people"
        " who can help them.",
        long_bio="Fifteen years in product, from a two-person startup to a 300-person scale-up."
        " Today I lead product at Northwind Labs and mentor first-time founders. Ask me about"
        " pricing, onboarding and the first sales hire.",
        pitch="Hi, I'm the product lead at Northwind Labs. I help founders get from their first"
        " customer to their first ten: pricing, onboarding, and who to hire first. If you are"
        " building something people should keep using, I'd love to hear about it.",
    )
    for version in (
        my_profile.Version(
            None,
            "linkedin",
            headline="Product lead at Northwind Labs | founders' first ten customers",
            about="Fifteen years in product. I lead product at Northwind Labs.",
            title="Product lead",
            organization="Northwind Labs",
        ),
        my_profile.Version(
            None,
            "x",
            about="Product @ Northwind Labs. Founders, pricing, onboarding.",
            title="Head of Product",  # out of date: the consistency check flags it
        ),
        my_profile.Version(
            None,
            "mastodon",
            about="Product person, sailor, jazz fan. https://example.org/old-blog",
        ),
    ):
        my_profile.save_version(version)
    made = db.execute_sql("SELECT count(*) FROM interaction WHERE kind = 'introduction'").fetchone()
    # "meetings": the interactions added here (introductions I made), as demo_groups counts.
    return {
        "relationships": n_rel,
        "favours": n_fav,
        "introductions": n_intro,
        "meetings": int(made[0]),
    }
