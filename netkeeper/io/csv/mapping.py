"""Any other CSV (a spreadsheet, an attendee list, a CRM export) through a column mapping.

A mapping says, per column header, which NetKeeper field the column fills
(`FIELDS`). `suggest` proposes one from the header's words in English, German,
French, Spanish, Italian, Dutch and Portuguese, so a typical file needs no
work; the user (GUI dialog or `--map COLUMN=FIELD`) overrides any of them.
Several columns may feed one field: emails and phones add values, text
fields join with a space ("First" + "Second" given names), tags split on
commas and semicolons.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from netkeeper.io.card import (
    CONNECTED_ON,
    HOW_MET,
    Card,
    PostalAddress,
    RawProperty,
    SocialProfile,
    TypedValue,
)
from netkeeper.io.csv.values import (
    CUSTOM_FIELD,
    add_date,
    add_labelled,
    add_tags,
    add_web,
    clean,
    clean_name,
    clean_notes,
    parse_date,
)
from netkeeper.io.vcard import escape_text

# field -> what the user reads in the dialog; the keys are the CLI's --map FIELD words.
FIELDS: dict[str, str] = {
    "ignore": "(leave out)",
    "full_name": "Full name",
    "given_name": "First name",
    "additional_names": "Middle name",
    "family_name": "Last name",
    "honorific_prefix": "Name prefix",
    "honorific_suffix": "Name suffix",
    "nickname": "Nickname",
    "organization": "Organisation",
    "department": "Department",
    "title": "Job title",
    "email": "Email",
    "email_work": "Work email",
    "email_home": "Home email",
    "phone": "Phone",
    "phone_mobile": "Mobile phone",
    "phone_work": "Work phone",
    "phone_home": "Home phone",
    "url": "Website",
    "linkedin": "LinkedIn profile",
    "street": "Street",
    "city": "City",
    "region": "Region / state",
    "postal_code": "Postal code",
    "country": "Country",
    "birthday": "Birthday",
    "anniversary": "Anniversary",
    "notes": "Notes",
    "tags": "Tags",
    "how_met": "How we met",
    "connected_on": "Connected on (date)",
    "custom": "Keep as a custom field",
}
NAME_FIELDS = ("full_name", "given_name", "family_name", "nickname", "organization")

# Suggestions: normalised header words -> field. Checked in order; the first match wins.
_SUGGEST: list[tuple[str, tuple[str, ...]]] = [
    ("email_work", ("work email", "business email", "email work", "e-mail geschäftlich")),
    ("email_home", ("home email", "personal email", "private email", "e-mail privat")),
    (
        "email",
        (
            "email",
            "e-mail",
            "mail",
            "email address",
            "e-mail address",
            "courriel",
            "adresse e-mail",
            "adresse mail",
            "correo",
            "correo electronico",
            "e-mail-adresse",
            "posta elettronica",
            "emailadres",
        ),
    ),
    (
        "phone_mobile",
        (
            "mobile",
            "mobile phone",
            "cell",
            "cell phone",
            "handy",
            "mobil",
            "mobiltelefon",
            "portable",
            "téléphone portable",
            "movil",
            "celular",
            "cellulare",
            "mobiel",
        ),
    ),
    ("phone_work", ("work phone", "business phone", "office phone", "telefon geschäftlich")),
    ("phone_home", ("home phone", "telefon privat", "téléphone domicile")),
    (
        "phone",
        (
            "phone",
            "telephone",
            "phone number",
            "tel",
            "telefon",
            "téléphone",
            "telefono",
            "teléfono",
            "telefoon",
            "telefone",
            "rufnummer",
            "numéro de téléphone",
        ),
    ),
    (
        "given_name",
        (
            "first name",
            "firstname",
            "first",
            "given name",
            "forename",
            "vorname",
            "prénom",
            "prenom",
            "nombre",
            "nome",
            "voornaam",
            "primeiro nome",
        ),
    ),
    (
        "family_name",
        (
            "last name",
            "lastname",
            "last",
            "surname",
            "family name",
            "nachname",
            "familienname",
            "nom de famille",
            "apellido",
            "apellidos",
            "cognome",
            "achternaam",
            "sobrenome",
        ),
    ),
    ("additional_names", ("middle name", "middle", "second name", "zweiter vorname")),
    (
        "full_name",
        (
            "name",
            "full name",
            "fullname",
            "display name",
            "contact",
            "contact name",
            "attendee",
            "participant",
            "nom",
            "nom complet",
            "vollständiger name",
            "nombre completo",
            "nome completo",
            "naam",
            "teilnehmer",
        ),
    ),
    ("honorific_prefix", ("prefix", "salutation", "anrede", "civilité", "tratamiento")),
    ("honorific_suffix", ("suffix", "namenszusatz")),
    ("nickname", ("nickname", "nick", "spitzname", "surnom", "apodo", "soprannome")),
    (
        "organization",
        (
            "company",
            "organization",
            "organisation",
            "employer",
            "firm",
            "company name",
            "account",
            "account name",
            "firma",
            "unternehmen",
            "arbeitgeber",
            "société",
            "societe",
            "entreprise",
            "empresa",
            "azienda",
            "bedrijf",
            "organisatie",
        ),
    ),
    ("department", ("department", "abteilung", "service", "département", "departamento")),
    (
        "title",
        (
            "title",
            "job title",
            "position",
            "role",
            "job",
            "jobtitle",
            "occupation",
            "titel",
            "berufsbezeichnung",
            "funktion",
            "poste",
            "fonction",
            "titre",
            "cargo",
            "puesto",
            "ruolo",
            "functie",
        ),
    ),
    ("linkedin", ("linkedin", "linkedin url", "linkedin profile", "profile url")),
    ("url", ("website", "web", "url", "homepage", "web page", "webseite", "site web", "sitio web")),
    (
        "street",
        (
            "street",
            "address",
            "street address",
            "straße",
            "strasse",
            "adresse",
            "rue",
            "calle",
            "dirección",
            "direccion",
            "indirizzo",
            "straat",
            "morada",
        ),
    ),
    (
        "city",
        ("city", "town", "stadt", "ort", "ville", "ciudad", "città", "citta", "plaats", "cidade"),
    ),
    (
        "region",
        ("state", "region", "province", "county", "bundesland", "région", "provincia", "estado"),
    ),
    (
        "postal_code",
        (
            "zip",
            "zip code",
            "postal code",
            "postcode",
            "plz",
            "postleitzahl",
            "code postal",
            "código postal",
            "codigo postal",
            "cap",
            "cep",
        ),
    ),
    ("country", ("country", "land", "pays", "país", "pais", "paese", "nation")),
    (
        "birthday",
        (
            "birthday",
            "date of birth",
            "birth date",
            "dob",
            "geburtstag",
            "geburtsdatum",
            "anniversaire",
            "date de naissance",
            "cumpleaños",
            "fecha de nacimiento",
            "compleanno",
            "data di nascita",
            "verjaardag",
        ),
    ),
    ("anniversary", ("anniversary", "jahrestag", "hochzeitstag")),
    (
        "notes",
        (
            "notes",
            "note",
            "comments",
            "comment",
            "remarks",
            "description",
            "notizen",
            "notiz",
            "bemerkungen",
            "kommentar",
            "remarques",
            "commentaire",
            "notas",
            "nota",
            "note",
            "opmerkingen",
        ),
    ),
    (
        "tags",
        (
            "tags",
            "tag",
            "labels",
            "label",
            "categories",
            "category",
            "groups",
            "group",
            "kategorien",
            "gruppen",
            "catégories",
            "étiquettes",
            "etiquetas",
            "categorie",
        ),
    ),
    ("how_met", ("how we met", "how met", "met at", "source", "kennengelernt")),
    ("connected_on", ("connected on", "connected", "connection date")),
]
_WORDS = {words: field for field, group in _SUGGEST for words in group}


def _norm(header: str) -> str:
    text = unicodedata.normalize("NFC", header.replace("\ufeff", "")).casefold()
    text = re.sub(r"[_\s]+", " ", text).strip(" :*#")
    return text


def suggest(header: str) -> str:
    """The field a column with this header most likely holds ("ignore" when unsure)."""
    text = _norm(header)
    if text in _WORDS:
        return _WORDS[text]
    squashed = re.sub(r"[^\w@]+", " ", text).strip()
    if squashed in _WORDS:
        return _WORDS[squashed]
    words = squashed.split()
    if set(words) & {"id", "nr", "no", "num", "key", "uid", "uuid"}:
        return "ignore"  # "Attendee ID", "Teilnehmer-Nr": an identifier, not the thing itself
    # "Attendee Email", "E-Mail (privat)", "Mobile number": the most telling word decides.
    for field, group in _SUGGEST:
        for phrase in group:
            if " " not in phrase and phrase in words and len(phrase) > 2:
                return field
    return "ignore"


def suggest_all(header: list[str]) -> dict[str, str]:
    """A suggestion per column; a field suggested twice for text stays only on the first."""
    result: dict[str, str] = {}
    used: set[str] = set()
    for h in header:
        if not h.strip() or h in result:
            continue
        field = suggest(h)
        single = field in NAME_FIELDS or field in ("title", "birthday", "department")
        if single and field in used:
            field = "ignore"
        used.add(field)
        result[h] = field
    return result


class MappingError(ValueError):
    """A mapping the file cannot be read with (unknown field, unknown column, no name)."""


def check_mapping(
    header: list[str], mapping: Mapping[str, str], *, name_needed: bool = True
) -> None:
    known = {h.strip().casefold() for h in header}
    for column, field in mapping.items():
        if field not in FIELDS:
            raise MappingError(
                f"'{field}' is not a field NetKeeper knows (use one of: {', '.join(FIELDS)})"
            )
        if column.strip().casefold() not in known:
            raise MappingError(
                f"the file has no column '{column}' (its columns: {', '.join(header)})"
            )
    if name_needed and not any(f in NAME_FIELDS for f in mapping.values()):
        raise MappingError(
            "no column looks like a name (columns: "
            + ", ".join(header)
            + "); name one with --map COLUMN=full_name (or given_name, organization)"
        )


def resolve(header: list[str], given: Mapping[str, str] | None) -> dict[int, str]:
    """Column index -> field: the suggestions, overridden by the user's choices."""
    chosen = {k.strip().casefold(): v for k, v in (given or {}).items()}
    suggestions = suggest_all(header)
    out: dict[int, str] = {}
    for i, h in enumerate(header):
        field = chosen.get(h.strip().casefold(), suggestions.get(h, "ignore"))
        if field != "ignore":
            out[i] = field
    return out


_TYPED = {
    "email": ("emails", []),
    "email_work": ("emails", ["work"]),
    "email_home": ("emails", ["home"]),
    "phone": ("phones", []),
    "phone_mobile": ("phones", ["cell"]),
    "phone_work": ("phones", ["work"]),
    "phone_home": ("phones", ["home"]),
    "url": ("urls", []),
}
_ADDRESS = {
    "street": "street",
    "city": "locality",
    "region": "region",
    "postal_code": "postal_code",
    "country": "country",
}


class MappedRows:
    """Turns the cells of one row into a Card through a column -> field mapping."""

    def __init__(self, header: list[str], mapping: Mapping[str, str] | None) -> None:
        self.header = header
        for column, field in (mapping or {}).items():
            check_mapping(header, {column: field}, name_needed=False)
        self.columns = resolve(header, mapping)
        check_mapping(header, {header[i]: f for i, f in self.columns.items()})

    def card(self, cells: list[str]) -> tuple[Card | None, list[str], str | None]:
        problems: list[str] = []
        card = Card()
        adr = PostalAddress()
        texts: dict[str, list[str]] = {}
        for i, field in self.columns.items():
            raw = cells[i] if i < len(cells) else ""
            value = clean(raw)
            if not value:
                continue
            if field == "linkedin":
                card.profiles.append(SocialProfile("linkedin", value))
            elif field in _TYPED:
                attr, types = _TYPED[field]
                for part in (
                    re.split(r"\s*[;,]\s*|\s+:::\s+", value) if attr == "emails" else [value]
                ):
                    if part and attr == "urls":
                        add_web(card, TypedValue(part, list(types)))
                    elif part:
                        getattr(card, attr).append(TypedValue(part, list(types)))
            elif field in _ADDRESS:
                attr = _ADDRESS[field]
                setattr(adr, attr, " ".join(filter(None, (getattr(adr, attr), value))))
            elif field in ("birthday", "anniversary"):
                add_date(card, field, value, field, problems)
            elif field == "tags":
                add_tags(card, re.split(r"\s*[;,]\s*|\s+:::\s+", value))
            elif field == "how_met":
                card.extra.append(RawProperty(HOW_MET, escape_text(value)))
            elif field == "connected_on":
                day = parse_date(value)
                if day and not day.startswith("--"):
                    card.extra.append(RawProperty(CONNECTED_ON, day))
                else:
                    problems.append(f"'{value}' is not a date; the connection date is left out")
            elif field == "custom":
                add_labelled(card, CUSTOM_FIELD, value, self.header[i].strip())
            elif field == "notes":
                texts.setdefault(field, []).append(clean_notes(raw))
            else:
                texts.setdefault(field, []).append(
                    clean_name(raw) if field.endswith("name") else value
                )
        for field, parts in texts.items():
            setattr(card, field, ("\n" if field == "notes" else " ").join(parts))
        if not adr.is_empty():
            card.addresses.append(adr)
        if not card.has_identity():
            return None, problems, "the row has no name, organisation, email or phone"
        return card, problems, None
