"""A throw-away address book for `netkeeper --demo`, screenshots and benchmarks.

Why generate rather than ship a file: a newcomer should see the app at work
(many scripts, a year of history, follow-ups due today) in one command, and a
seed makes the same book every time, so screenshots and tests are repeatable.
Every name, company and note below is invented here by combining common given
and family names; phone numbers use ranges reserved for fiction where a country
has one (US 555-01xx, UK 07700 900xxx) and e-mail domains use the reserved
`.example` top-level domain, so nothing in the demo can reach a real person.

Contacts and interactions go in with `executemany` inside one transaction
(the services' per-contact path would take minutes at benchmark sizes);
reminders go through the reminders service so they follow its rules.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

from netkeeper.model import search
from netkeeper.model.db import db
from netkeeper.model.tables import utcnow
from netkeeper.services import followups
from netkeeper.services.contacts import normalize_phone
from netkeeper.services.dates import to_utc_naive
from netkeeper.services.reminders import add_reminder, mark_done

# A given name: (native spelling, romanised spelling, "m" or "f").
# A family name: (native, romanised) or, where it changes with gender,
# (native masculine, romanised masculine, native feminine, romanised feminine).


@dataclass(frozen=True)
class Culture:
    country: str
    given: tuple[tuple[str, str, str], ...]
    family: tuple[tuple[str, ...], ...]
    cities: tuple[tuple[str, str, str], ...]  # (city, region, postal code pattern)
    streets: tuple[str, ...]
    phone: str  # '#' is a random digit
    orgs: tuple[str, ...] = ()
    family_first: bool = False
    joiner: str = " "  # between names in family-first order
    native_share: float = 1.0  # how many contacts are written in the native script
    weight: int = 4


CULTURES: tuple[Culture, ...] = (
    Culture(
        "Japan",
        (
            ("美咲", "Misaki", "f"),
            ("陽翔", "Haruto", "m"),
            ("結衣", "Yui", "f"),
            ("大輝", "Daiki", "m"),
            ("葵", "Aoi", "f"),
            ("蓮", "Ren", "m"),
            ("さくら", "Sakura", "f"),
            ("健太", "Kenta", "m"),
            ("真央", "Mao", "f"),
            ("翔太", "Shota", "m"),
        ),
        (
            ("佐藤", "Sato"),
            ("鈴木", "Suzuki"),
            ("高橋", "Takahashi"),
            ("田中", "Tanaka"),
            ("渡辺", "Watanabe"),
            ("伊藤", "Ito"),
            ("山本", "Yamamoto"),
            ("中村", "Nakamura"),
            ("小林", "Kobayashi"),
        ),
        (
            ("東京都", "渋谷区", "150-####"),
            ("大阪市", "大阪府", "530-####"),
            ("京都市", "京都府", "600-####"),
        ),
        ("神南1-##-#", "梅田2-#-##", "烏丸通##"),
        "+81 90-####-####",
        ("青葉ロボティクス株式会社", "みなと出版"),
        family_first=True,
        native_share=0.85,
        weight=7,
    ),
    Culture(
        "China",
        (
            ("伟", "Wei", "m"),
            ("芳", "Fang", "f"),
            ("静", "Jing", "f"),
            ("磊", "Lei", "m"),
            ("子涵", "Zihan", "f"),
            ("浩然", "Haoran", "m"),
            ("雨桐", "Yutong", "f"),
            ("明", "Ming", "m"),
            ("丽娜", "Lina", "f"),
        ),
        (
            ("王", "Wang"),
            ("李", "Li"),
            ("张", "Zhang"),
            ("刘", "Liu"),
            ("陈", "Chen"),
            ("杨", "Yang"),
            ("黄", "Huang"),
            ("周", "Zhou"),
        ),
        (("上海", "上海市", "200###"), ("深圳", "广东省", "518###"), ("杭州", "浙江省", "310###")),
        ("南京西路###号", "科技园路##号", "文三路###号"),
        "+86 138 #### ####",
        ("青松科技", "华光数据"),
        family_first=True,
        joiner="",
        native_share=0.8,
        weight=7,
    ),
    Culture(
        "South Korea",
        (
            ("민준", "Minjun", "m"),
            ("서연", "Seoyeon", "f"),
            ("지훈", "Jihoon", "m"),
            ("하은", "Haeun", "f"),
            ("도윤", "Doyoon", "m"),
            ("수빈", "Subin", "f"),
            ("현우", "Hyunwoo", "m"),
            ("유나", "Yuna", "f"),
        ),
        (
            ("김", "Kim"),
            ("이", "Lee"),
            ("박", "Park"),
            ("최", "Choi"),
            ("정", "Jung"),
            ("강", "Kang"),
            ("윤", "Yoon"),
        ),
        (("서울", "서울특별시", "0####"), ("부산", "부산광역시", "4####")),
        ("테헤란로 ###", "해운대로 ##"),
        "+82 10-####-####",
        ("새솔 디자인", "푸른길 물류"),
        family_first=True,
        joiner="",
        native_share=0.85,
        weight=6,
    ),
    Culture(
        "Russia",
        (
            ("Анна", "Anna", "f"),
            ("Дмитрий", "Dmitry", "m"),
            ("Екатерина", "Ekaterina", "f"),
            ("Иван", "Ivan", "m"),
            ("Ольга", "Olga", "f"),
            ("Сергей", "Sergey", "m"),
            ("Наталья", "Natalya", "f"),
            ("Алексей", "Alexey", "m"),
        ),
        (
            ("Иванов", "Ivanov", "Иванова", "Ivanova"),
            ("Смирнов", "Smirnov", "Смирнова", "Smirnova"),
            ("Кузнецов", "Kuznetsov", "Кузнецова", "Kuznetsova"),
            ("Соколов", "Sokolov", "Соколова", "Sokolova"),
            ("Волков", "Volkov", "Волкова", "Volkova"),
        ),
        (
            ("Москва", "", "1#####"),
            ("Санкт-Петербург", "", "19####"),
            ("Новосибирск", "", "630###"),
        ),
        ("ул. Лесная, д. ##", "Невский пр., д. ##", "ул. Садовая, д. #"),
        "+7 9## ###-##-##",
        ("Северный Ветер", "ТехноКедр"),
        native_share=0.8,
        weight=6,
    ),
    Culture(
        "Greece",
        (
            ("Γιώργος", "Giorgos", "m"),
            ("Μαρία", "Maria", "f"),
            ("Νίκος", "Nikos", "m"),
            ("Ελένη", "Eleni", "f"),
            ("Δημήτρης", "Dimitris", "m"),
            ("Κατερίνα", "Katerina", "f"),
            ("Σοφία", "Sofia", "f"),
        ),
        (
            ("Παπαδόπουλος", "Papadopoulos", "Παπαδοπούλου", "Papadopoulou"),
            ("Οικονόμου", "Oikonomou"),
            ("Γεωργίου", "Georgiou"),
            ("Νικολάου", "Nikolaou"),
            ("Καραγιάννης", "Karagiannis", "Καραγιάννη", "Karagianni"),
        ),
        (("Αθήνα", "Αττική", "10# ##"), ("Θεσσαλονίκη", "Κεντρική Μακεδονία", "54# ##")),
        ("Οδός Ερμού ##", "Λεωφόρος Νίκης ##"),
        "+30 69# ### ####",
        ("Αιγαίο Λογισμικό",),
        native_share=0.75,
        weight=4,
    ),
    Culture(
        "Egypt",
        (
            ("محمد", "Mohamed", "m"),
            ("فاطمة", "Fatma", "f"),
            ("أحمد", "Ahmed", "m"),
            ("ليلى", "Layla", "f"),
            ("عمر", "Omar", "m"),
            ("نور", "Nour", "f"),
            ("يوسف", "Youssef", "m"),
            ("مريم", "Mariam", "f"),
        ),
        (
            ("حداد", "Haddad"),
            ("منصور", "Mansour"),
            ("خوري", "Khoury"),
            ("سعيد", "Saeed"),
            ("النجار", "El-Naggar"),
        ),
        (("القاهرة", "", "11###"), ("الإسكندرية", "", "21###")),
        ("شارع النيل ##", "شارع الجامعة ##"),
        "+20 10# ### ####",
        ("شركة النخيل للاستشارات",),
        native_share=0.65,
        weight=4,
    ),
    Culture(
        "United Arab Emirates",
        (
            ("خالد", "Khaled", "m"),
            ("سارة", "Sara", "f"),
            ("حسن", "Hassan", "m"),
            ("ريم", "Reem", "f"),
        ),
        (("العلي", "Al Ali"), ("الحسن", "Al Hassan"), ("الشامسي", "Al Shamsi")),
        (("دبي", "", ""), ("أبوظبي", "", "")),
        ("شارع الشيخ زايد", "مدينة دبي للإنترنت، مبنى #"),
        "+971 50 ### ####",
        native_share=0.5,
        weight=2,
    ),
    Culture(
        "Israel",
        (
            ("נועה", "Noa", "f"),
            ("יוסף", "Yosef", "m"),
            ("תמר", "Tamar", "f"),
            ("אורי", "Uri", "m"),
            ("מיכל", "Michal", "f"),
            ("איתי", "Itai", "m"),
            ("שירה", "Shira", "f"),
        ),
        (
            ("כהן", "Cohen"),
            ("לוי", "Levi"),
            ("מזרחי", "Mizrahi"),
            ("פרץ", "Peretz"),
            ("ביטון", "Biton"),
        ),
        (("תל אביב", "", "6######"), ("חיפה", "", "3######")),
        ("רחוב הרצל ##", "שדרות רוטשילד ##"),
        "+972 5#-###-####",
        ("גל טכנולוגיות",),
        native_share=0.7,
        weight=4,
    ),
    Culture(
        "India",
        (
            ("आरव", "Aarav", "m"),
            ("प्रिया", "Priya", "f"),
            ("अर्जुन", "Arjun", "m"),
            ("अनन्या", "Ananya", "f"),
            ("रोहन", "Rohan", "m"),
            ("दीपिका", "Deepika", "f"),
            ("विक्रम", "Vikram", "m"),
            ("कविता", "Kavita", "f"),
        ),
        (
            ("शर्मा", "Sharma"),
            ("वर्मा", "Verma"),
            ("गुप्ता", "Gupta"),
            ("पटेल", "Patel"),
            ("जोशी", "Joshi"),
            ("मेहता", "Mehta"),
            ("राव", "Rao"),
        ),
        (("मुंबई", "महाराष्ट्र", "400###"), ("बेंगलुरु", "कर्नाटक", "560###"), ("पुणे", "महाराष्ट्र", "411###")),
        ("एम.जी. रोड ##", "लिंक रोड ###"),
        "+91 9#### #####",
        ("सूर्योदय सॉफ्टवेयर",),
        native_share=0.5,
        weight=7,
    ),
    Culture(
        "France",
        (
            ("Amélie", "Amelie", "f"),
            ("Théo", "Theo", "m"),
            ("Chloé", "Chloe", "f"),
            ("Benoît", "Benoit", "m"),
            ("Hélène", "Helene", "f"),
            ("François", "Francois", "m"),
            ("Éloïse", "Eloise", "f"),
        ),
        (
            ("Lefèvre", "Lefevre"),
            ("Moreau", "Moreau"),
            ("Girard", "Girard"),
            ("Dubois", "Dubois"),
            ("Fontaine", "Fontaine"),
            ("Mercier", "Mercier"),
        ),
        (("Paris", "Île-de-France", "750##"), ("Lyon", "Auvergne-Rhône-Alpes", "6900#")),
        ("## rue des Lilas", "## boulevard Voltaire", "# place de l'Église"),
        "+33 6 ## ## ## ##",
        weight=6,
    ),
    Culture(
        "Germany",
        (
            ("Jürgen", "Juergen", "m"),
            ("Lena", "Lena", "f"),
            ("Jörg", "Joerg", "m"),
            ("Anja", "Anja", "f"),
            ("Lukas", "Lukas", "m"),
            ("Käthe", "Kaethe", "f"),
            ("Tobias", "Tobias", "m"),
            ("Miriam", "Miriam", "f"),
        ),
        (
            ("Müller", "Mueller"),
            ("Schröder", "Schroeder"),
            ("Groß", "Gross"),
            ("Weiß", "Weiss"),
            ("Köhler", "Koehler"),
            ("Schäfer", "Schaefer"),
            ("Krüger", "Krueger"),
        ),
        (
            ("Berlin", "Berlin", "10###"),
            ("München", "Bayern", "80###"),
            ("Hamburg", "Hamburg", "20###"),
        ),
        ("Lindenstraße ##", "Am Mühlbach #", "Gärtnerweg ##"),
        "+49 15# #######",
        weight=6,
    ),
    Culture(
        "Spain",
        (
            ("Álvaro", "Alvaro", "m"),
            ("Lucía", "Lucia", "f"),
            ("José", "Jose", "m"),
            ("Inés", "Ines", "f"),
            ("Íñigo", "Inigo", "m"),
            ("Begoña", "Begona", "f"),
            ("Ramón", "Ramon", "m"),
        ),
        (
            ("García", "Garcia"),
            ("Martínez", "Martinez"),
            ("Sánchez", "Sanchez"),
            ("Muñoz", "Munoz"),
            ("Jiménez", "Jimenez"),
            ("Núñez", "Nunez"),
        ),
        (
            ("Madrid", "Madrid", "280##"),
            ("Bilbao", "Bizkaia", "480##"),
            ("Sevilla", "Andalucía", "410##"),
        ),
        ("Calle del Olmo, ##", "Avenida de la Constitución, ##"),
        "+34 6## ### ###",
        weight=5,
    ),
    Culture(
        "Mexico",
        (
            ("Sofía", "Sofia", "f"),
            ("Martín", "Martin", "m"),
            ("Ximena", "Ximena", "f"),
            ("Diego", "Diego", "m"),
        ),
        (("Hernández", "Hernandez"), ("López", "Lopez"), ("Ramírez", "Ramirez"), ("Cruz", "Cruz")),
        (("Ciudad de México", "CDMX", "06###"), ("Guadalajara", "Jalisco", "44###")),
        ("Av. Reforma ###", "Calle Morelos ##"),
        "+52 55 #### ####",
        weight=3,
    ),
    Culture(
        "Brazil",
        (
            ("João", "Joao", "m"),
            ("Beatriz", "Beatriz", "f"),
            ("Gonçalo", "Goncalo", "m"),
            ("Letícia", "Leticia", "f"),
            ("Luís", "Luis", "m"),
            ("Conceição", "Conceicao", "f"),
        ),
        (
            ("Gonçalves", "Goncalves"),
            ("Araújo", "Araujo"),
            ("Simões", "Simoes"),
            ("Magalhães", "Magalhaes"),
        ),
        (("São Paulo", "SP", "01###-###"), ("Belo Horizonte", "MG", "30###-###")),
        ("Rua das Acácias, ###", "Avenida Paulista, ####"),
        "+55 11 9####-####",
        weight=4,
    ),
    Culture(
        "Poland",
        (
            ("Łukasz", "Lukasz", "m"),
            ("Małgorzata", "Malgorzata", "f"),
            ("Wojciech", "Wojciech", "m"),
            ("Zofia", "Zofia", "f"),
            ("Paweł", "Pawel", "m"),
            ("Agnieszka", "Agnieszka", "f"),
        ),
        (
            ("Kowalski", "Kowalski", "Kowalska", "Kowalska"),
            ("Wiśniewski", "Wisniewski", "Wiśniewska", "Wisniewska"),
            ("Wójcik", "Wojcik"),
            ("Dąbrowski", "Dabrowski", "Dąbrowska", "Dabrowska"),
        ),
        (("Kraków", "małopolskie", "3#-###"), ("Gdańsk", "pomorskie", "8#-###")),
        ("ul. Długa ##", "ul. Źródlana #"),
        "+48 5## ### ###",
        weight=3,
    ),
    Culture(
        "Sweden",
        (
            ("Åsa", "Asa", "f"),
            ("Björn", "Bjorn", "m"),
            ("Linnéa", "Linnea", "f"),
            ("Håkan", "Hakan", "m"),
        ),
        (
            ("Sjöberg", "Sjoberg"),
            ("Åkesson", "Akesson"),
            ("Lindqvist", "Lindqvist"),
            ("Ekström", "Ekstrom"),
        ),
        (("Stockholm", "", "1## ##"), ("Göteborg", "", "4## ##")),
        ("Storgatan ##", "Björkvägen #"),
        "+46 70-### ## ##",
        weight=2,
    ),
    Culture(
        "Iceland",
        (
            ("Guðrún", "Gudrun", "f"),
            ("Þór", "Thor", "m"),
            ("Sigríður", "Sigridur", "f"),
            ("Ævar", "Aevar", "m"),
        ),
        (
            ("Sigurðsson", "Sigurdsson", "Sigurðardóttir", "Sigurdardottir"),
            ("Jónsson", "Jonsson", "Jónsdóttir", "Jonsdottir"),
        ),
        (("Reykjavík", "", "1##"),),
        ("Laugavegur ##",),
        "+354 6## ####",
        weight=1,
    ),
    Culture(
        "Vietnam",
        (
            ("Thu Trang", "Thu Trang", "f"),
            ("Đức Anh", "Duc Anh", "m"),
            ("Ngọc Lan", "Ngoc Lan", "f"),
            ("Quốc Huy", "Quoc Huy", "m"),
            ("Minh Châu", "Minh Chau", "f"),
        ),
        (("Nguyễn", "Nguyen"), ("Trần", "Tran"), ("Lê", "Le"), ("Phạm", "Pham"), ("Võ", "Vo")),
        (("Hà Nội", "", "100000"), ("Thành phố Hồ Chí Minh", "", "700000")),
        ("## Phố Huế", "### Lê Lợi"),
        "+84 9# ### ## ##",
        family_first=True,
        weight=3,
    ),
    Culture(
        "Türkiye",
        (
            ("Ayşe", "Ayse", "f"),
            ("Mehmet", "Mehmet", "m"),
            ("Zeynep", "Zeynep", "f"),
            ("Barış", "Baris", "m"),
        ),
        (("Yılmaz", "Yilmaz"), ("Şahin", "Sahin"), ("Çelik", "Celik"), ("Öztürk", "Ozturk")),
        (("İstanbul", "", "34###"), ("İzmir", "", "35###")),
        ("Bağdat Caddesi No: ##", "Kordon Boyu No: #"),
        "+90 5## ### ## ##",
        weight=3,
    ),
    Culture(
        "Czechia",
        (
            ("Jiří", "Jiri", "m"),
            ("Tereza", "Tereza", "f"),
            ("Ondřej", "Ondrej", "m"),
            ("Kateřina", "Katerina", "f"),
        ),
        (
            ("Dvořák", "Dvorak", "Dvořáková", "Dvorakova"),
            ("Černý", "Cerny", "Černá", "Cerna"),
            ("Procházka", "Prochazka", "Procházková", "Prochazkova"),
        ),
        (("Praha", "", "1## ##"), ("Brno", "", "6## ##")),
        ("Vinohradská ##", "Masarykova ##"),
        "+420 6## ### ###",
        weight=2,
    ),
    Culture(
        "Italy",
        (
            ("Giulia", "Giulia", "f"),
            ("Matteo", "Matteo", "m"),
            ("Chiara", "Chiara", "f"),
            ("Niccolò", "Niccolo", "m"),
        ),
        (
            ("Bianchi", "Bianchi"),
            ("Ricci", "Ricci"),
            ("Esposito", "Esposito"),
            ("De Luca", "De Luca"),
        ),
        (("Milano", "MI", "201##"), ("Bologna", "BO", "401##")),
        ("Via Garibaldi ##", "Corso Italia ##"),
        "+39 3## ### ####",
        weight=3,
    ),
    Culture(
        "Nigeria",
        (
            ("Chiamaka", "Chiamaka", "f"),
            ("Oluwaseun", "Oluwaseun", "m"),
            ("Ngozi", "Ngozi", "f"),
            ("Emeka", "Emeka", "m"),
        ),
        (
            ("Okonkwo", "Okonkwo"),
            ("Adeyemi", "Adeyemi"),
            ("Balogun", "Balogun"),
            ("Nwosu", "Nwosu"),
        ),
        (("Lagos", "Lagos State", "1#####"), ("Abuja", "FCT", "9#####")),
        ("## Admiralty Way", "## Ahmadu Bello Way"),
        "+234 80# ### ####",
        weight=3,
    ),
    Culture(
        "United States",
        (
            ("Olivia", "Olivia", "f"),
            ("James", "James", "m"),
            ("Grace", "Grace", "f"),
            ("Noah", "Noah", "m"),
            ("Ruth", "Ruth", "f"),
            ("Owen", "Owen", "m"),
        ),
        (
            ("Harper", "Harper"),
            ("Whitfield", "Whitfield"),
            ("Caldwell", "Caldwell"),
            ("Brennan", "Brennan"),
        ),
        (("San Francisco", "CA", "941##"), ("Chicago", "IL", "606##"), ("Austin", "TX", "787##")),
        ("### Maple Avenue", "## Harbor Street"),
        "+1 415-555-01##",
        weight=6,
    ),
    Culture(
        "United Kingdom",
        (
            ("Amelia", "Amelia", "f"),
            ("Declan", "Declan", "m"),
            ("Hannah", "Hannah", "f"),
            ("Rhys", "Rhys", "m"),
        ),
        (
            ("O'Neill", "ONeill"),
            ("Pemberton", "Pemberton"),
            ("Sinclair", "Sinclair"),
            ("Hughes", "Hughes"),
        ),
        (("London", "", "N1 #AB"), ("Manchester", "", "M# #QT"), ("Edinburgh", "", "EH# #LP")),
        ("## Quayside Road", "# Orchard Mews"),
        "+44 7700 900###",
        weight=5,
    ),
)

ORGS: tuple[str, ...] = (
    "Lumen Harbor Labs",
    "Bluefjord Systems",
    "Kestrel & Vine Partners",
    "Copperleaf Health",
    "Quillstone Publishing",
    "Halcyon Grid Energy",
    "Tidewater Logistics",
    "Brightmoss Studio",
    "Orchard Lane Ventures",
    "Saltmarsh Robotics",
    "Glasswing Analytics",
    "Silverbirch Capital",
    "Foxglove Biotech",
    "Northgate Institute of Technology",
    "Cobalt Finch Games",
    "Harborlight Foundation",
)
TITLES = (
    "Product Manager",
    "Senior Engineer",
    "Head of Partnerships",
    "CTO",
    "Founder",
    "Research Scientist",
    "Recruiter",
    "Designer",
    "Professor",
    "Journalist",
    "Data Scientist",
    "Account Executive",
    "Investor",
    "Consultant",
    "Editor",
    "Community Manager",
    "Policy Advisor",
)
TAGS = (
    "mentors",
    "conference 2026",
    "investors",
    "alumni",
    "climate tech",
    "clients",
    "open source",
    "recruiters",
    "press",
    "friends",
    "former colleagues",
)
EVENTS = (
    "the Open Data Summit",
    "a Harbour Tech meetup",
    "Nordic Design Week",
    "a climate founders' breakfast",
    "the robotics workshop",
    "a friend's wedding",
    "the alumni dinner",
    "a hackathon",
    "the product conference",
)
TOPICS = (
    "the Q3 roadmap",
    "hiring a data engineer",
    "the grant application",
    "their move abroad",
    "a possible collaboration",
    "the open-source release",
    "pricing for the pilot",
    "the book draft",
    "fundraising plans",
    "the conference talk",
)
NOTES = (
    "Prefers e-mail over calls.",
    "Vegetarian; loves long hikes.",
    "Speaks four languages; happy to help with translations.",
    "Working on a book about urban gardens.",
    "Two kids; best reached mornings.",
    "Runs a small newsletter on design systems.",
    "Plays cello in an amateur orchestra.",
)
KINDS = ("call", "meeting", "coffee", "email", "message", "event", "note")
KIND_WEIGHTS = (14, 12, 10, 22, 20, 6, 4)
KIND_NOTES = {
    "call": ("Call about {topic}.", "Quick call: {topic}; will send notes.", "Caught up by phone."),
    "meeting": (
        "Meeting on {topic}.",
        "Met at their office about {topic}.",
        "Workshop on {topic}.",
    ),
    "coffee": ("Coffee near {city}; talked about {topic}.", "Long coffee, mostly {topic}."),
    "email": ("Sent the slides on {topic}.", "Replied about {topic}.", "Shared notes on {topic}."),
    "message": ("Messaged about {topic}.", "Congratulated them on the new role.", ""),
    "event": ("Saw each other at {event}.", "Panel together at {event}."),
    "note": ("Heard they are looking into {topic}.", "Reminder to self: ask about {topic}."),
}
FOLLOW_UPS = (
    "Send the draft proposal",
    "Ask how {topic} went",
    "Share the reading list",
    "Thank them for the introduction",
    "Check in about the job search",
    "Follow up on {topic}",
    "Book a coffee",
)
DOMAINS = ("mail.example", "inbox.example", "post.example")


def _ascii(text: str) -> str:
    """Lower-case ASCII for e-mail local parts: 'Jürgen' -> 'jurgen'."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if c.isascii() and (c.isalnum() or c in ".-")).lower()


def _slug(org: str) -> str:
    words = [w for w in _ascii(org.replace("&", " ")).split() if w]
    return "".join(words[:2]) if words else "company"


def _digits(rng: random.Random, pattern: str) -> str:
    return "".join(str(rng.randrange(10)) if ch == "#" else ch for ch in pattern)


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class _Person:
    id: int
    culture: Culture
    full_name: str
    given: str
    family: str
    roman_given: str
    roman_family: str
    org: str
    email: str | None
    phone: str | None


def _person(rng: random.Random, cid: int) -> _Person:
    culture = rng.choices(CULTURES, weights=[c.weight for c in CULTURES])[0]
    gender = rng.choice("mf")
    given = rng.choice([g for g in culture.given if g[2] == gender] or list(culture.given))
    family = rng.choice(culture.family)
    if len(family) == 4:
        fam_native, fam_roman = (family[0], family[1]) if gender == "m" else (family[2], family[3])
    else:
        fam_native, fam_roman = family[0], family[1]
    native = rng.random() < culture.native_share
    g, f = (given[0], fam_native) if native else (given[1], fam_roman)
    if culture.family_first and (native or culture.country == "Vietnam"):
        full = f"{f}{culture.joiner}{g}"
    else:
        full = f"{g} {f}"
    pool = ORGS + culture.orgs * 3
    org = rng.choice(pool) if rng.random() < 0.85 else ""
    return _Person(cid, culture, full, g, f, given[1], fam_roman, org, None, None)


def fill(
    n_contacts: int = 200,
    seed: int = 2026,
    *,
    interactions: int | None = None,
    today: dt.date | None = None,
    duplicates: int | None = None,
) -> dict[str, int]:
    """Add a fictional address book to the open database; returns what was added.

    `interactions` defaults to three per contact over the past year; a few
    planted near-duplicates (same e-mail, same phone, a typo in the name) give
    the duplicates view something to find. The same seed and day give the
    same book.
    """
    rng = random.Random(seed)
    today = today or dt.date.today()
    now = utcnow()
    n_interactions = 3 * n_contacts if interactions is None else interactions
    n_dupes = max(1, n_contacts // 40) if duplicates is None else duplicates
    n_dupes = min(n_dupes, n_contacts // 2)

    with db.atomic():
        first = (db.execute_sql("SELECT coalesce(max(id), 0) FROM contact").fetchone()[0]) + 1
        people: list[_Person] = []
        seen: set[str] = set()
        for i in range(n_contacts - n_dupes):
            # Two different people with one name happen, but not five times in 200.
            for _attempt in range(6):
                p = _person(rng, first + i)
                if p.full_name not in seen:
                    break
            seen.add(p.full_name)
            people.append(p)
        contacts: list[tuple[Any, ...]] = []
        emails: list[tuple[Any, ...]] = []
        phones: list[tuple[Any, ...]] = []
        urls: list[tuple[Any, ...]] = []
        addresses: list[tuple[Any, ...]] = []
        for p in people:
            c = p.culture
            domain = f"{_slug(p.org)}.example" if p.org else rng.choice(DOMAINS)
            local = f"{_ascii(p.roman_given)}.{_ascii(p.roman_family)}".replace(" ", "")
            mails = []
            if rng.random() < 0.9:
                mails.append((f"{local}@{domain}", "work" if p.org else "home"))
            if p.org and rng.random() < 0.25:
                mails.append(
                    (
                        f"{_ascii(p.roman_given)}{rng.randrange(10, 99)}@{rng.choice(DOMAINS)}",
                        "home",
                    )
                )
            for pos, (value, kind) in enumerate(mails):
                emails.append((p.id, value, f"internet,{kind}", None, pos == 0, pos))
            p.email = mails[0][0] if mails else None
            tel = []
            if rng.random() < 0.85:
                tel.append((_digits(rng, c.phone), "cell"))
            if rng.random() < 0.15:
                tel.append((_digits(rng, c.phone), "work,voice"))
            for pos, (value, kind) in enumerate(tel):
                phones.append((p.id, value, kind, None, pos == 0, pos, normalize_phone(value)))
            p.phone = tel[0][0] if tel else None
            if rng.random() < 0.2:
                urls.append(
                    (
                        p.id,
                        f"https://{_ascii(p.roman_given)}{_ascii(p.roman_family)}.example",
                        "home",
                        None,
                        False,
                        0,
                    )
                )
            if rng.random() < 0.5:
                city, region, postcode = rng.choice(c.cities)
                addresses.append(
                    (
                        p.id,
                        _digits(rng, rng.choice(c.streets)),
                        city,
                        region,
                        _digits(rng, postcode),
                        c.country,
                        rng.choice(("work", "home")),
                        0,
                    )
                )
            birthday = None
            if rng.random() < 0.45:
                day = dt.date(2001, 1, 1) + dt.timedelta(days=rng.randrange(365))
                birthday = (
                    f"--{day:%m-%d}"
                    if rng.random() < 0.3
                    else f"{rng.randrange(1955, 2001)}-{day:%m-%d}"
                )
            how_met = ""
            if rng.random() < 0.6:
                city = rng.choice(c.cities)[0]
                how_met = rng.choice(
                    (
                        f"Met at {rng.choice(EVENTS)}.",
                        f"Sat next to each other on a train to {city}.",
                        f"Worked together at {rng.choice(ORGS)}.",
                        f"Friend of a friend, met in {city}.",
                    )
                )
            introduced = None
            if p.id - first > 10 and rng.random() < 0.2:
                introduced = rng.randrange(first, p.id)
            created = now - dt.timedelta(days=rng.randrange(30, 900), seconds=rng.randrange(86400))
            contacts.append(
                (
                    p.id,
                    f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}",
                    p.full_name,
                    p.given,
                    p.family,
                    p.org,
                    rng.choice(TITLES) if p.org else "",
                    birthday,
                    rng.choice(NOTES) if rng.random() < 0.25 else "",
                    how_met,
                    introduced,
                    _stamp(created),
                    _stamp(created),
                )
            )
        # Planted duplicates: the same person typed in twice, as people do.
        for k in range(n_dupes):
            src = people[rng.randrange(len(people))]
            cid = first + len(people) + k
            how = k % 3
            given, family = src.roman_given, src.roman_family
            if how == 2 and len(given) > 4:
                given = given[:2] + given[3:]  # a typo
            full = f"{given} {family}"
            contacts.append(
                (
                    cid,
                    f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}",
                    full,
                    given,
                    family,
                    "" if how else src.org,
                    "",
                    None,
                    "",
                    "",
                    None,
                    _stamp(now - dt.timedelta(days=10)),
                    _stamp(now - dt.timedelta(days=10)),
                )
            )
            if how == 0 and src.email:
                emails.append((cid, src.email.upper(), "internet", None, True, 0))
            if how == 1 and src.phone:
                value = "".join(ch for ch in src.phone if ch.isdigit() or ch == "+")
                phones.append((cid, value, "cell", None, True, 0, normalize_phone(value)))
            people.append(
                _Person(cid, src.culture, full, given, family, given, family, "", None, None)
            )

        cur = db.cursor()
        cur.executemany(
            "INSERT INTO contact (id, uid, full_name, given_name, family_name, organization, title,"
            " birthday, notes, how_met, introduced_by_id, created_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            contacts,
        )
        cur.executemany(
            "INSERT INTO email (contact_id, value, types, label, preferred, position)"
            " VALUES (?,?,?,?,?,?)",
            emails,
        )
        cur.executemany(
            "INSERT INTO phone (contact_id, value, types, label, preferred, position, normalized)"
            " VALUES (?,?,?,?,?,?,?)",
            phones,
        )
        cur.executemany(
            "INSERT INTO url (contact_id, value, types, label, preferred, position)"
            " VALUES (?,?,?,?,?,?)",
            urls,
        )
        cur.executemany(
            "INSERT INTO address (contact_id, street, locality, region, postal_code, country,"
            " types, position) VALUES (?,?,?,?,?,?,?,?)",
            addresses,
        )
        n_tags = _tag(rng, people)
        n_done = _interactions(rng, people, n_interactions, now)
        _refresh_last_interactions(first)
        n_reminders = _reminders(rng, people[: len(people) - n_dupes], today)
        # Keep-in-touch cadences per tag, so the demo has people drifting away too.
        for name, every in (
            ("mentors", "1 month"),
            ("investors", "3 months"),
            ("friends", "6 weeks"),
        ):
            followups.set_tag_cadence(name, every)
        followups.refresh_next_due([p.id for p in people])
        from netkeeper.services.demo_groups import fill_groups_and_events

        extra = fill_groups_and_events(rng, [p.id for p in people[: len(people) - n_dupes]], today)
        from netkeeper.services.people.demo import fill_people

        people_extra = fill_people(rng, [p.id for p in people[: len(people) - n_dupes]], today)
        extra["meetings"] += people_extra.pop("meetings")
        extra |= people_extra
        _insights(random.Random(seed + 15), [p.id for p in people[: len(people) - n_dupes]], today)
        _health_history(today)
        search.reindex_all(db)
    return {
        "contacts": n_contacts,
        "interactions": n_done + extra.pop("meetings"),
        "reminders": n_reminders,
        "tags": n_tags,
        "duplicates": n_dupes,
        **extra,
    }


def _health_history(today: dt.date, weeks: int = 26) -> None:
    """A half-year of weekly health counts, replayed from the book's own dates, so the
    Insights page's history has a line to draw the first time the demo opens."""
    from netkeeper.services.insights.health import record_snapshot, replayed

    for back in range(weeks, 0, -1):
        day = today - dt.timedelta(weeks=back)
        record_snapshot(replayed(day), day)


def _insights(rng: random.Random, ids: list[int], today: dt.date) -> None:
    """What the Today and Insights pages and the map need: a "me", diversity attributes,
    give and take, typed relationships and introductions (its own generator, so the
    rest of the book stays the same for a seed)."""
    from netkeeper.services.insights.diversity import FUNCTIONS

    if len(ids) < 10:
        return
    mine = db.execute_sql("SELECT id FROM contact WHERE is_me").fetchone()
    me, others = (mine[0], ids) if mine else (ids[0], ids[1:])
    if not mine:
        db.execute_sql("UPDATE contact SET is_me = 1 WHERE id = ?", (me,))
    functions = ("engineering",) * 5 + FUNCTIONS[1:6]
    db.cursor().executemany(
        "UPDATE contact SET function = ?, seniority = ?, industry = ? WHERE id = ?",
        [
            (
                rng.choice(functions),
                # Nobody junior among them: Insights has a gap to name ("nobody junior
                # to you"), the Contacts filter behind it, and Diversity… something to fix.
                rng.choice(("senior", "peer", "peer", "senior")),
                rng.choice(("software", "software", "finance", "health", "education")),
                cid,
            )
            for cid in others
            if rng.random() < 0.8
        ],
    )
    entries = []
    for cid in rng.sample(others, min(30, len(others))):
        for _ in range(rng.randrange(1, 4)):
            day = today - dt.timedelta(days=rng.randrange(300))
            entries.append((cid, day.isoformat(), rng.choice(("given", "received", "received"))))
    db.cursor().executemany(
        "INSERT INTO ledger_entry (contact_id, occurred_on, direction, kind, note, created_at)"
        " VALUES (?, ?, ?, 'advice', 'Advice over coffee', ?)",
        [(*e, _stamp(dt.datetime.combine(today, dt.time(9)))) for e in entries],
    )
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < min(25, len(others) // 2):
        a, b = rng.sample(others, 2)
        pairs.add((min(a, b), max(a, b)))
    db.cursor().executemany(
        "INSERT INTO relationship (contact_id, other_id, kind, note, created_at)"
        " VALUES (?, ?, ?, '', ?)",
        [
            (a, b, rng.choice(("colleague", "friend", "mentor")), _stamp(dt.datetime.now()))
            for a, b in sorted(pairs)
        ],
    )
    mentor = others[0]
    db.execute_sql(
        "INSERT INTO relationship (contact_id, other_id, kind, note, created_at)"
        " VALUES (?, ?, 'mentor', '', ?)",
        (mentor, me, _stamp(dt.datetime.now())),
    )


def _tag(rng: random.Random, people: list[_Person]) -> int:
    names = list(TAGS)
    for name in names:
        db.execute_sql("INSERT OR IGNORE INTO tag (name) VALUES (?)", (name,))
    ids = {
        name: db.execute_sql("SELECT id FROM tag WHERE name = ?", (name,)).fetchone()[0]
        for name in names
    }
    links = set()
    for p in people:
        for name in rng.sample(names, k=rng.choice((0, 1, 1, 1, 2, 2, 3))):
            links.add((p.id, ids[name]))
    db.cursor().executemany(
        "INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?, ?)", sorted(links)
    )
    return len(names)


def _interactions(rng: random.Random, people: list[_Person], count: int, now: dt.datetime) -> int:
    """A year of history; a few close contacts account for much of it, as in life."""
    if not people or count <= 0:
        return 0
    first = db.execute_sql("SELECT coalesce(max(id), 0) FROM interaction").fetchone()[0] + 1
    weights = [1.0 / (rank % 60 + 3) for rank in range(len(people))]
    rng.shuffle(weights)
    # Cumulative weights once: choices() with plain weights re-sums them on every call.
    cum = list(itertools.accumulate(weights))
    rows: list[tuple[Any, ...]] = []
    links: list[tuple[int, int]] = []
    local_now = dt.datetime.now()
    for k in range(count):
        kind = rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
        local = local_now.replace(
            hour=rng.randrange(8, 20), minute=rng.choice((0, 15, 30, 45)), second=0, microsecond=0
        )
        local -= dt.timedelta(days=rng.randrange(0, 365))
        if local > local_now:
            local -= dt.timedelta(days=1)
        group = rng.choices(people, cum_weights=cum, k=1)
        if kind in ("meeting", "event") and rng.random() < 0.5:
            group += rng.choices(people, cum_weights=cum, k=rng.randrange(1, 4))
        main = group[0]
        template = rng.choice(KIND_NOTES[kind])
        note = template.format(
            topic=rng.choice(TOPICS),
            event=rng.choice(EVENTS),
            city=rng.choice(main.culture.cities)[0],
        )
        iid = first + k
        rows.append((iid, kind, _stamp(to_utc_naive(local)), note, _stamp(now)))
        links.extend((iid, pid) for pid in dict.fromkeys(p.id for p in group))
    cur = db.cursor()
    cur.executemany(
        "INSERT INTO interaction (id, kind, occurred_at, note, created_at) VALUES (?,?,?,?,?)", rows
    )
    cur.executemany(
        "INSERT INTO interaction_participant (interaction_id, contact_id) VALUES (?, ?)", links
    )
    return count


def _refresh_last_interactions(first_id: int) -> None:
    db.execute_sql(
        "UPDATE contact SET last_interaction = (SELECT max(i.occurred_at) FROM interaction i"
        " JOIN interaction_participant p ON p.interaction_id = i.id"
        " WHERE p.contact_id = contact.id) WHERE id >= ?",
        (first_id,),
    )


def _reminders(rng: random.Random, people: list[_Person], today: dt.date) -> int:
    """Some overdue, some due today, most upcoming; a few repeat, a few are done."""
    if not people:
        return 0
    count = max(6, len(people) // 8)
    chosen = rng.sample(people, k=min(count, len(people)))
    for k, p in enumerate(chosen):
        bucket = k % 6
        if bucket in (0, 1):
            due = today - dt.timedelta(days=rng.randrange(1, 21))
        elif bucket == 2:
            due = today
        elif bucket == 5:
            due = today + dt.timedelta(days=rng.randrange(31, 90))
        else:
            due = today + dt.timedelta(days=rng.randrange(1, 30))
        every = rng.choice(("2 weeks", "1 month", "3 months")) if rng.random() < 0.2 else None
        note = rng.choice(FOLLOW_UPS).format(topic=rng.choice(TOPICS))
        rid = add_reminder(p.id, due, note, every)
        if every is None and bucket == 5 and rng.random() < 0.3:
            mark_done(rid, today)
    return len(chosen)
