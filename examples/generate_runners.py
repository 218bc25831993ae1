#!/usr/bin/env python3
"""Generate examples/runners.jsonl: 1,200 fictional trial users for the demo.

One JSON object per line: {"id": "u-0001", "data": {...}}. Deterministic
(random.Random(42)); standard library only. Run from anywhere:

    python3 examples/generate_runners.py            # writes examples/runners.jsonl
    python3 examples/generate_runners.py -n 50 -o -  # 50 runners to stdout

data fields:
  firstName, lastName  many non-ASCII (Zoë, Łukasz, 山田, ...), an apostrophe
                       (O'Brien), and a few with < or & to exercise HTML escaping
  email                ASCII local part derived from the name, reserved example
                       domains only (example.com/.org/.net and subdomains)
  phone                E.164, fictional where the country reserves a range;
                       absent for ~25%
  timeZone             IANA name; absent for ~5%
  country              ISO 3166-1 alpha-2 the runner was generated for
  plan                 "free" (~70%) or "pro" (~30%)
  company              absent for ~40%
  signupSource         where the trial came from
  seats                integer 1..50
  converted            false for everyone at enrolment
"""

import argparse
import json
import os
import random
import sys
import unicodedata

COUNT = 1200
SEED = 42

# Per country: weight, first names, last names, time zones (weighted), phone maker.
# Phone numbers use the ranges each regulator reserves for fiction where one
# exists (US 555-01xx, UK 07700 900xxx, FR 06 39 98 xx xx, AU 0491 570 xxx).


def _us_phone(r):
    area = r.choice(["212", "310", "415", "617", "512", "206", "305", "773"])
    return "+1" + area + "55501" + "%02d" % r.randrange(100)


def _ca_phone(r):
    area = r.choice(["416", "604", "514"])
    return "+1" + area + "55501" + "%02d" % r.randrange(100)


def _uk_phone(r):
    return "+447700900" + "%03d" % r.randrange(1000)


def _ie_phone(r):
    return "+35385" + "%07d" % r.randrange(10**7)


def _fr_phone(r):
    return "+3363998" + "%04d" % r.randrange(10**4)


def _de_phone(r):
    return "+49" + r.choice(["151", "160", "170", "176"]) + "%08d" % r.randrange(10**8)


def _au_phone(r):
    return "+61491570" + "%03d" % r.randrange(1000)


def _jp_phone(r):
    return "+81" + r.choice(["70", "80", "90"]) + "%08d" % r.randrange(10**8)


def _in_phone(r):
    return "+91" + r.choice(["98", "99", "97", "88"]) + "%08d" % r.randrange(10**8)


def _br_phone(r):
    return "+55" + r.choice(["11", "21", "31"]) + "9" + "%08d" % r.randrange(10**8)


def _pl_phone(r):
    return "+48" + r.choice(["50", "60", "69", "79"]) + "%07d" % r.randrange(10**7)


def _dk_phone(r):
    return "+45" + r.choice(["2", "3", "4", "5"]) + "%07d" % r.randrange(10**7)


def _es_phone(r):
    return "+34" + r.choice(["6", "7"]) + "%08d" % r.randrange(10**8)


def _is_phone(r):
    return "+354" + r.choice(["6", "7", "8"]) + "%06d" % r.randrange(10**6)


def _tr_phone(r):
    return "+905" + "%09d" % r.randrange(10**9)


def _cz_phone(r):
    return "+420" + r.choice(["60", "72", "77"]) + "%07d" % r.randrange(10**7)


COUNTRIES = {
    "US": dict(
        weight=30,
        first=["James", "Mary", "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan",
               "Sophia", "Mason", "Harper", "Logan", "Zoë", "Chloé", "Renée",
               "DeShawn", "Aaliyah", "Mateo", "Kai", "Brooke", "Tyler", "Madison"],
        last=["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
              "Davis", "Rodriguez", "Martinez", "Nguyen", "Kim", "O'Connor",
              "Washington", "Lee", "Walker", "Hernández", "Cohen", "Patel"],
        zones=[("America/New_York", 5), ("America/Los_Angeles", 4),
               ("America/Chicago", 3), ("America/Denver", 1), ("America/Phoenix", 1),
               ("Pacific/Honolulu", 1)],
        phone=_us_phone),
    "CA": dict(
        weight=3,
        first=["Élodie", "Gabriel", "Félix", "Amélie", "Connor", "Avery", "Léa"],
        last=["Tremblay", "Gagnon", "Roy", "Côté", "MacDonald", "Wong", "Bouchard"],
        zones=[("America/Toronto", 3), ("America/Vancouver", 2)],
        phone=_ca_phone),
    "GB": dict(
        weight=12,
        first=["Oliver", "Amelia", "George", "Isla", "Harry", "Poppy", "Jack",
               "Freya", "Siobhan", "Niamh", "Rhys", "Eilidh", "Priya"],
        last=["Taylor", "Evans", "Thomas", "Roberts", "Wright", "Hughes",
              "O'Brien", "Ó Súilleabháin", "MacLeod", "Khan", "Ffrench", "Edwards"],
        zones=[("Europe/London", 1)],
        phone=_uk_phone),
    "IE": dict(
        weight=2,
        first=["Aoife", "Seán", "Saoirse", "Oisín", "Ciarán", "Róisín"],
        last=["O'Brien", "Murphy", "Ó Briain", "Kelly", "Byrne", "O'Sullivan"],
        zones=[("Europe/Dublin", 1)],
        phone=_ie_phone),
    "FR": dict(
        weight=8,
        first=["Camille", "Léa", "Chloé", "Hugo", "Théo", "Inès", "Maëlys",
               "Éloïse", "François", "Jérôme", "Gaël", "Noémie"],
        last=["Martin", "Bernard", "Dubois", "Lefèvre", "Lefébure", "Girard",
              "Bonnaire", "Faure", "Mercier", "Duprée", "Lambert", "Rousseau"],
        zones=[("Europe/Paris", 1)],
        phone=_fr_phone),
    "DE": dict(
        weight=8,
        first=["Lukas", "Jürgen", "Anna", "Lena", "Maximilian", "Jörg", "Sönke",
               "Käthe", "Felix", "Mia", "Ümit", "Björn"],
        last=["Müller", "Schmidt", "Schneider", "Fischer", "Weiß", "Köhler",
              "Größ", "Becker", "Hoffmann", "Schäfer", "Krüger", "Yılmaz"],
        zones=[("Europe/Berlin", 1)],
        phone=_de_phone),
    "AU": dict(
        weight=6,
        first=["Charlotte", "Jack", "Matilda", "Lachlan", "Ruby", "Cooper", "Mia",
               "Isabella", "Hamish"],
        last=["Wilson", "Nguyen", "Anderson", "Thompson", "Ryan", "Campbell",
              "Papadopoulos", "Kelly"],
        zones=[("Australia/Sydney", 6), ("Australia/Melbourne", 3),
               ("Australia/Brisbane", 2), ("Australia/Perth", 2),
               ("Australia/Adelaide", 1), ("Australia/Lord_Howe", 1)],
        phone=_au_phone),
    "JP": dict(
        weight=6,
        first=[("太郎", "taro"), ("花子", "hanako"), ("翔", "sho"), ("陽菜", "hina"),
               ("蓮", "ren"), ("結衣", "yui"), ("健一", "kenichi"), ("さくら", "sakura")],
        last=[("山田", "yamada"), ("佐藤", "sato"), ("鈴木", "suzuki"),
              ("高橋", "takahashi"), ("田中", "tanaka"), ("伊藤", "ito"),
              ("渡辺", "watanabe"), ("中村", "nakamura")],
        zones=[("Asia/Tokyo", 1)],
        phone=_jp_phone),
    "IN": dict(
        weight=6,
        first=["Aarav", "Priya", "Vivaan", "Ananya", "Rohan", "Diya", "Arjun",
               "Ishaan", "Kavya", "Saanvi"],
        last=["Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Nair", "Singh",
              "Mukherjee", "Banerjee"],
        zones=[("Asia/Kolkata", 1)],
        phone=_in_phone),
    "BR": dict(
        weight=5,
        first=["João", "Maria", "José", "Ana", "Lucas", "Gabriela", "Thiago",
               "Letícia", "Caio", "Beatriz"],
        last=["Silva", "Santos", "Oliveira", "Souza", "Conceição", "Gonçalves",
              "Araújo", "Ribeiro", "Pereira", "Assunção"],
        zones=[("America/Sao_Paulo", 5), ("America/Manaus", 1), ("America/Recife", 1)],
        phone=_br_phone),
    "PL": dict(
        weight=3,
        first=["Łukasz", "Małgorzata", "Paweł", "Agnieszka", "Wojciech", "Zofia",
               "Jędrzej", "Bożena"],
        last=["Kowalski", "Wiśniewska", "Wójcik", "Kamiński", "Lewandowska",
              "Zieliński", "Szymański", "Dąbrowski"],
        zones=[("Europe/Warsaw", 1)],
        phone=_pl_phone),
    "DK": dict(
        weight=2,
        first=["Søren", "Mette", "Jørgen", "Freja", "Mads", "Åse", "Ida"],
        last=["Jensen", "Nielsen", "Hansen", "Sørensen", "Kjærgaard", "Mørch",
              "Ågesen"],
        zones=[("Europe/Copenhagen", 1)],
        phone=_dk_phone),
    "ES": dict(
        weight=4,
        first=["José", "María", "Iñaki", "Lucía", "Álvaro", "Begoña", "Martín",
               "Núria", "Sofía"],
        last=["García", "Ñúñez", "Muñoz", "Fernández", "López", "Peña",
              "Ibáñez", "Martínez", "Castañeda"],
        zones=[("Europe/Madrid", 5), ("Atlantic/Canary", 1)],
        phone=_es_phone),
    "IS": dict(
        weight=1,
        first=["Ólafur", "Guðrún", "Sigurður", "Þóra", "Ásta", "Björk"],
        last=["Jónsson", "Sigurðardóttir", "Þórsson", "Guðmundsdóttir", "Ólafsson"],
        zones=[("Atlantic/Reykjavik", 1)],
        phone=_is_phone),
    "TR": dict(
        weight=2,
        first=["Ayşe", "Mehmet", "Çağla", "Oğuz", "Gülşen", "İbrahim", "Şule"],
        last=["Çelik", "Yılmaz", "Şahin", "Öztürk", "Doğan", "Aydın"],
        zones=[("Europe/Istanbul", 1)],
        phone=_tr_phone),
    "CZ": dict(
        weight=2,
        first=["Jiří", "Tereza", "Tomáš", "Kateřina", "Lukáš", "Božena"],
        last=["Dvořák", "Novák", "Svobodová", "Černý", "Procházka", "Kučerová"],
        zones=[("Europe/Prague", 1)],
        phone=_cz_phone),
}

DOMAINS = [("example.com", 10), ("example.org", 5), ("example.net", 4),
           ("mail.example.com", 2), ("corp.example.org", 1), ("eu.example.net", 1)]

SOURCES = [("organic-search", 30), ("google-ads", 15), ("referral", 15),
           ("newsletter", 10), ("product-hunt", 6), ("partner", 6),
           ("conference", 5), ("linkedin", 5), ("podcast", 4), ("twitter", 4)]

COMPANY_HEADS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay",
                 "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent", "Pied Piper",
                 "Nordlys", "Kōgen", "Zöllner", "Fjällräv", "Açaí", "Lumière",
                 "Brückner", "Saúde", "Żagiel", "Sakura", "Kaizen", "Oakridge",
                 "Bluebird", "Northwind", "Contoso", "Fabrikam", "Tailspin"]
COMPANY_TAILS = {
    "US": ["Inc.", "LLC", "Labs", "Analytics", "Software", "Health"],
    "CA": ["Inc.", "Ltd", "Labs", "Logistique"],
    "GB": ["Ltd", "plc", "Studio", "Analytics", "Logistics"],
    "IE": ["Ltd", "Teoranta", "Labs"],
    "FR": ["SARL", "SAS", "S.A.", "Studio"],
    "DE": ["GmbH", "AG", "GmbH & Co. KG", "Software"],
    "AU": ["Pty Ltd", "Labs", "Health"],
    "IN": ["Pvt Ltd", "Technologies", "Analytics"],
    "BR": ["Ltda.", "S.A.", "Saúde"],
    "PL": ["sp. z o.o.", "S.A."],
    "DK": ["A/S", "ApS"],
    "ES": ["S.L.", "S.A."],
    "IS": ["ehf.", "hf."],
    "TR": ["A.Ş.", "Ltd. Şti."],
    "CZ": ["s.r.o.", "a.s."],
}

# A few deliberately awkward names/companies to exercise HTML escaping.
MARKUP_NAMES = [
    ("Bobby <b>", "Tables"),
    ("Anna", "Smith & Jones"),
    ("<script>alert(1)</script>", "Test"),
    ("Tom & Jerry", "Barker"),
    ("Jean-Luc", "D'Artagnan <Jr>"),
    ("Ada", "Lovelace & Babbage"),
]
MARKUP_COMPANIES = ["Barnes & Daughters Ltd", "R&D <Labs>", "Smith & Wesley LLC",
                    "AT&T-ish Telecom"]

# Fixed first runners so the demo's first screen shows the interesting cases.
CURATED = [
    # country, first, last, email-first, email-last, plan, tz override
    ("GB", "Zoë", "O'Brien", None, None, "free", None),
    ("PL", "Łukasz", "Dvořák", None, None, "pro", None),
    ("DK", "Søren", "Müller", None, None, "free", None),
    ("JP", "花子", "山田", "hanako", "yamada", "pro", None),
    ("ES", "José", "Ñúñez", None, None, "free", None),
    ("IS", "Ólafur", "Çelik", None, None, "free", None),
    ("AU", "Matilda", "Campbell", None, None, "free", "Australia/Lord_Howe"),
    ("US", "Bobby <b>", "Tables & Sons", "bobby", "tables", "pro", None),
    ("IN", "Priya", "Iyer", None, None, "free", "Asia/Kolkata"),
    ("BR", "João", "Conceição", None, None, "pro", "America/Sao_Paulo"),
    ("US", "Kai", "Nguyen", None, None, "free", "UTC"),
    ("FR", "Éloïse", "Lefèvre", None, None, "free", "Europe/Paris"),
]

SPECIAL_ASCII = {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "AE",
                 "ß": "ss", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ð": "d",
                 "Ð": "D", "ı": "i", "œ": "oe", "Œ": "OE"}


def ascii_slug(s):
    """Lower-case ASCII letters/digits only: 'Søren' -> 'soren', "O'Brien" -> 'obrien'."""
    s = "".join(SPECIAL_ASCII.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s.lower() if c.isascii() and c.isalnum())


def weighted(r, pairs):
    items, weights = zip(*pairs)
    return r.choices(items, weights=weights, k=1)[0]


def split_name(n):
    """(display, romanised) for a name entry (Japanese entries are pairs)."""
    return n if isinstance(n, tuple) else (n, n)


class Generator:
    def __init__(self, seed=SEED):
        self.r = random.Random(seed)
        self.used_locals = set()

    def email(self, first, last):
        r = self.r
        f, l = ascii_slug(first) or "user", ascii_slug(last) or "x"
        pattern = r.choices(["{f}.{l}", "{f}{l}", "{fi}.{l}", "{f}_{l}", "{f}",
                             "{l}.{f}", "{f}.{l}{n}"],
                            weights=[40, 15, 15, 8, 5, 7, 10], k=1)[0]
        local = pattern.format(f=f, l=l, fi=f[0], n=r.randrange(1, 100))
        domain = weighted(r, DOMAINS)
        base, k = local, 2
        while (local, domain) in self.used_locals:
            local = "%s%d" % (base, k)
            k += 1
        self.used_locals.add((local, domain))
        return "%s@%s" % (local, domain)

    def company(self, country):
        r = self.r
        if r.random() < 0.02:
            return r.choice(MARKUP_COMPANIES)
        if country == "JP":
            return "株式会社" + r.choice(["山田製作所", "さくら商事", "東京データ", "未来技研",
                                         "北斗システム", "青空ラボ"])
        tail = r.choice(COMPANY_TAILS[country])
        return "%s %s" % (r.choice(COMPANY_HEADS), tail)

    def runner(self, index, curated=None):
        r = self.r
        if curated:
            country, first, last, ef, el, plan, tz = curated
            c = COUNTRIES[country]
            email_first, email_last = ef or first, el or last
        else:
            country = weighted(r, [(k, v["weight"]) for k, v in COUNTRIES.items()])
            c = COUNTRIES[country]
            if r.random() < 0.005:
                first, last = r.choice(MARKUP_NAMES)
                email_first, email_last = first, last
            else:
                first, email_first = split_name(r.choice(c["first"]))
                last, email_last = split_name(r.choice(c["last"]))
            plan = "pro" if r.random() < 0.30 else "free"
            tz = None

        data = {"firstName": first, "lastName": last,
                "email": self.email(email_first, email_last)}
        # Phone (absent for ~25%), drawn even for curated rows to keep the stream stable.
        has_phone = r.random() >= 0.25
        phone = c["phone"](r)
        if has_phone:
            data["phone"] = phone
        # Time zone (absent for ~5%; ~3% say UTC; a few live abroad).
        roll = r.random()
        if tz is None:
            if roll < 0.05:
                tz = None
            elif roll < 0.08:
                tz = "UTC"
            elif roll < 0.11:
                tz = weighted(r, COUNTRIES[r.choice(list(COUNTRIES))]["zones"])
            else:
                tz = weighted(r, c["zones"])
        if tz is not None:
            data["timeZone"] = tz
        data["country"] = country
        data["plan"] = plan
        if r.random() >= 0.40:
            data["company"] = self.company(country)
        data["signupSource"] = weighted(r, SOURCES)
        if plan == "pro":
            seats = min(50, max(1, int(r.lognormvariate(2.0, 0.9))))
        else:
            seats = min(50, max(1, int(r.lognormvariate(0.5, 0.8))))
        data["seats"] = seats
        data["converted"] = False
        return {"id": "u-%04d" % index, "data": data}

    def generate(self, count):
        out = []
        for i in range(1, count + 1):
            cur = CURATED[i - 1] if i <= len(CURATED) else None
            out.append(self.runner(i, cur))
        return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--count", type=int, default=COUNT)
    ap.add_argument("-o", "--output", default=os.path.join(here, "runners.jsonl"),
                    help="output file, '-' for stdout")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()

    rows = Generator(args.seed).generate(args.count)
    text = "".join(json.dumps(row, ensure_ascii=False, separators=(", ", ": ")) + "\n"
                   for row in rows)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print("wrote %d runners to %s" % (len(rows), args.output), file=sys.stderr)


if __name__ == "__main__":
    main()
