"""Deterministic synthetic archive in the raw scraper format, for the scale benchmarks.

Usage::

    .venv/bin/python bench/synth.py --articles 10000 --out build/bench/10000 [--seed 1]

writes ``<out>/content/<yyyy>/<nnnnnn>_<hex16>.txt`` plus ``<out>/site_config.yml`` (using the
repository's theme). The same arguments always give the same bytes.

Each file looks like what a scraper saves from a news site: a title line, the hero image
``![title](url)``, often a date line, about 600 words in paragraphs of news length, teaser images
captioned with other articles' headlines, ``Mehr zum Thema – <headline>`` lines, publisher
boilerplate repeated under every article of that publisher, and a ``Quelle:`` line. About 85 % of
the articles are German, the rest English. Several hundred people, places, organisations and themes
recur with Zipf-like frequencies, so tagging and the "related in this archive" lists have real work.

Their words come from a few hundred sentence templates: 10,000 articles hold about 1,500 distinct
words (those the tag stage lemmatises), where as many real news articles hold a hundred times more.
With ``--rare-words N``, each article also gets N made-up words (German-like nouns and adjectives,
English-like words), drawn with a long tail from a pool of 15 per article, as a real archive's
vocabulary has one: the costs that grow with the number of distinct words (lemmatising,
classifying, the tag stage's vocabulary and scan file) then show. The default archive is unchanged
by the option's existence.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.tag_quality import FILLER_DE, FILLER_EN, MONTHS, WEEKDAYS  # noqa: E402

# ---------------------------------------------------------------------------
# Vocabulary: combined into a few hundred entities

FIRST = ["Clara", "Jonas", "Malte", "Helena", "Piotr", "Amira", "Lukas", "Sophie", "Mehmet", "Ingrid", "Rafael",
         "Greta", "Dmitri", "Eleni", "Jan", "Nadia", "Oskar", "Miriam", "Ruben", "Tamás", "Frieda", "Henrik",
         "Leonie", "Matthias", "Johanna", "Felix", "Katrin", "Stefan", "Anja", "Tobias", "Sabine", "Yusuf",
         "Elif", "Marek", "Agnieszka", "Pierre", "Chiara", "Björn", "Astrid", "Carlos", "Lucía", "Thomas",
         "Ulrike", "Bernd", "Hannah", "Emma", "Paul", "Sarah", "David", "Laura"]
LAST = ["Hoffmann", "Berendt", "Strübing", "Marquardt", "Zieliński", "Haddad", "Brenninger", "Lindqvist",
        "Yıldız", "Solheim", "Ortega", "Wallner", "Kowalenko", "Papadakis", "Vermeulen", "Benali", "Lindemann",
        "Feldhaus", "Castellano", "Várkonyi", "Albrecht", "Brückner", "Dörfler", "Eichhorn", "Falkenberg",
        "Grünwald", "Hartung", "Imhof", "Jablonski", "Kessler", "Lorenzen", "Möllenkamp", "Nowak", "Oberländer",
        "Petersen", "Quandt", "Rosenthal", "Schwarzer", "Thielemann", "Ullrich", "Voss", "Wegener", "Zander",
        "Achterberg", "Bauknecht", "Cordes", "Diekmann", "Engelhardt", "Fuchsberger", "Gehrke", "Hollmann",
        "Jansen", "Kraemer", "Ludwig", "Mertens", "Niebuhr", "Osterkamp", "Pohlmann", "Reinholz", "Sauerland"]
ROLES = [("Bürgermeisterin", "mayor"), ("Stadtrat", "councillor"), ("Ministerin", "minister"),
         ("Abgeordneter", "lawmaker"), ("Gewerkschaftschef", "union leader"), ("Unternehmer", "businessman"),
         ("Forscherin", "researcher"), ("Richterin", "judge"), ("Landrat", "district administrator"),
         ("Hafendirektor", "port director"), ("Ökonomin", "economist"), ("Polizeipräsidentin", "police chief"),
         ("Botschafterin", "ambassador"), ("Investor", "investor"), ("Oppositionsführer", "opposition leader")]
PLACE_STEMS = ["Vels", "Nord", "Süd", "Ost", "West", "Alt", "Neu", "Rhein", "Elb", "Lahn", "Birk", "Eichen",
               "Linden", "Tann", "Rosen", "Falken", "Stein", "Wald", "Berg", "Moor"]
PLACE_ENDS = ["burg", "hafen", "feld", "heim", "dorf", "hausen", "stadt", "brück", "au", "rode"]
REAL_PLACES = ["Portugal", "Chile", "Japan", "Israel", "Ghana", "Nepal", "Zürich", "Malmö", "Kraków", "São Paulo",
               "Bogotá", "Reykjavík", "Tromsø", "Córdoba", "Rotterdam", "Antwerpen", "Danzig", "Triest", "Lyon",
               "Porto", "Bergen", "Tallinn", "Riga", "Vilnius", "Brünn", "Graz", "Linz", "Basel", "Genua", "Marseille"]
ORG_KINDS = [("Stadtwerke", "{p}"), ("Hafengesellschaft", "{p}"), ("Klinikum", "{p}"), ("Verkehrsbetriebe", "{p}"),
             ("Sparkasse", "{p}"), ("Universität", "{p}"), ("Theater", "{p}"), ("Wasserverband", "{p}")]
THEMES = [("Hochwasser", "flood"), ("Streik", "strike"), ("Wahlkampf", "election"), ("Tourismus", "tourism"),
          ("Fischerei", "fishery"), ("Windkraft", "wind power"), ("Wohnungsbau", "housing"),
          ("Inflation", "inflation"), ("Impfstoff", "vaccine"), ("Landwirtschaft", "farming"),
          ("Fernwärme", "district heating"), ("Schulneubau", "school building"), ("Radverkehr", "cycling"),
          ("Brückensanierung", "bridge repairs"), ("Krankenhausreform", "hospital reform"),
          ("Trinkwasser", "drinking water"), ("Grundsteuer", "property tax"), ("Feuerwehr", "fire brigade"),
          ("Stadtbahn", "tram line"), ("Hafenausbau", "port expansion"), ("Kita-Plätze", "childcare"),
          ("Denkmalschutz", "heritage protection"), ("Breitbandausbau", "broadband"),
          ("Müllabfuhr", "waste collection"),
          ("Solarpark", "solar farm"), ("Waldbrand", "wildfire"), ("Hitzeschutz", "heat protection"),
          ("Lehrermangel", "teacher shortage"), ("Pflegenotstand", "care crisis"), ("Bahnstreik", "rail strike"),
          ("Wasserstoff", "hydrogen"), ("Containerterminal", "container terminal"), ("Stadtfest", "city festival"),
          ("Fußballstadion", "football stadium"), ("Ladenschluss", "shop hours"), ("Mietpreisbremse", "rent cap"),
          ("Kohleausstieg", "coal exit"), ("Fachkräftemangel", "skills shortage"), ("Deichbau", "dyke building"),
          ("Nahverkehr", "public transport")]
PUBLISHERS = [
    ("Nordkurier Archiv", "img.nordkurier-archiv.example", "www.nordkurier-archiv.example", [
        "Dieser Artikel wurde aus dem Archiv des Nordkurier übernommen und für die digitale Sammlung unverändert "
        "aufbereitet. Bildrechte und Zitate verbleiben bei den jeweiligen Urheberinnen und Urhebern.",
        "Hintergrund: Der Nordkurier berichtet seit 1952 über die Region. Die Redaktion ist unabhängig und "
        "finanziert sich über Abonnements, Anzeigen und die Unterstützung ihrer Leserinnen und Leser."]),
    ("Rhein-Bote", "bilder.rhein-bote.example", "www.rhein-bote.example", [
        "Sie lesen den Rhein-Boten kostenlos. Unterstützen Sie unabhängigen Lokaljournalismus mit einem "
        "Abonnement – schon ab einem Euro im Monat.",
        "Folgen Sie dem Rhein-Boten auch in den sozialen Netzwerken, und abonnieren Sie unseren Newsletter "
        "mit den wichtigsten Nachrichten des Tages."]),
    ("Harbour Times", "media.harbour-times.example", "www.harbour-times.example", [
        "The Harbour Times is an independent newsroom funded by its readers. Subscribe to support local "
        "reporting from the coast.",
        "Corrections: if you spot an error in this article, please write to our readers' editor."]),
    ("Elbe-Echo", "cdn.elbe-echo.example", "elbe-echo.example", [
        "Alle Rechte vorbehalten. Vervielfältigung nur mit Genehmigung des Elbe-Echos.",
        "Mehr Nachrichten aus der Region lesen Sie täglich in der gedruckten Ausgabe und im E-Paper."]),
]
GENERIC_DE = [
    "Nach Angaben von {o} soll die Entscheidung im {month} fallen.",
    "In {p} wird die Entwicklung mit Sorge verfolgt.",
    "Die Lage in {p} bleibt nach Einschätzung von Beobachtern angespannt.",
    "Auch in {p} wird über das Thema {k} seit Monaten gestritten.",
    "Beim Thema {k} zeichnet sich in {p} bislang keine Einigung ab.",
    "{o} kündigte an, bis zum {weekday} eine Stellungnahme vorzulegen.",
    "Rund {n} Menschen kamen am {weekday} zu einer Versammlung nach {p}.",
    "Für {k} stehen im Haushalt von {p} zunächst {n} Millionen Euro bereit.",
    "Der Streit um {k} beschäftigt {p} schon seit dem {month} des vergangenen Jahres.",
    "Vertreter von {o} wollen sich im {month} mit der Landesregierung treffen.",
    "Die Pläne für {k} sollen ab {weekday} im Rathaus von {p} ausliegen.",
    "Nach Einschätzung von {o} könnten die Kosten auf {n} Millionen Euro steigen.",
]
GENERIC_EN = [
    "According to {o}, a decision is due in {month}.",
    "In {p}, developments are being watched with concern.",
    "Observers say the situation in {p} remains tense.",
    "{p} has been arguing about {k} for months as well.",
    "There is still no agreement in sight on {k} in {p}.",
    "{o} said it would publish a statement by {weekday}.",
    "Around {n} people attended a meeting in {p} on {weekday}.",
    "The budget of {p} sets aside {n} million euros for {k}.",
    "The dispute over {k} has occupied {p} since last {month}.",
    "Representatives of {o} plan to meet the regional government in {month}.",
]
EXTERNAL_DE = ["Was die neue Grundsteuer für Mieter bedeutet", "Die wichtigsten Fragen zur Wärmepumpe",
               "So wird das Wetter am Wochenende", "Kommentar: Die Stadt braucht einen langen Atem",
               "Zehn Jahre Hafenfest – eine Bilanz in Bildern", "Leserbriefe der Woche"]
EXTERNAL_EN = ["What the new tax rules mean for renters", "Weekend weather: rain, then sunshine",
               "Opinion: the council needs a longer view", "Ten years of the harbour festival in pictures"]


@dataclass
class Plan:
    """One article's choices, fixed before any text is written (titles are needed for teasers)."""

    index: int
    language: str
    day: date
    theme: tuple[str, str]
    people: list[tuple[str, int]]  # (name, role index)
    places: list[str]
    org: str
    publisher: int
    title: str = ""
    related: list[int] = field(default_factory=list)


SYLLABLES = ["ba", "ber", "dor", "fal", "gen", "hol", "kar", "len", "mar", "nis", "ost", "pra", "quel", "ran",
             "sel", "tor", "ul", "ven", "wal", "zin", "brak", "drem", "fust", "glin", "hark", "jos", "kvel", "lum",
             "mosk", "nar", "plit", "ros", "skal", "trun", "vask", "wend", "yl", "zort", "am", "ef", "ik", "ob"]
NOUN_ENDS = ["ung", "heit", "keit", "schaft", "plan", "amt", "werk", "bau", "netz", "platz", "recht", "stelle"]
ADJECTIVE_ENDS = ["ig", "lich", "isch", "bar", "sam"]
ENGLISH_ENDS = ["ment", "ness", "ity", "ion", "ance", "ship", "ery", "ism"]


def _made_up_words(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """``count`` distinct (German noun, German adjective, English word) triples of made-up stems."""
    seen: set[str] = set()
    words = []
    while len(words) < count:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 4))))
        if stem in seen:
            continue
        seen.add(stem)
        words.append((stem.capitalize() + rng.choice(NOUN_ENDS), stem + rng.choice(ADJECTIVE_ENDS),
                      stem + rng.choice(ENGLISH_ENDS)))
    return words


def _zipf(rng: random.Random, items: list, skew: float = 0.08):  # type: ignore[no-untyped-def]
    """Pick with weights 1/(1 + skew·rank): a long tail, a few frequent items."""
    weights = [1 / (1 + skew * i) for i in range(len(items))]
    return rng.choices(items, weights)[0]


class Synth:
    def __init__(self, seed: int, rare_words: int = 0, articles: int = 0) -> None:
        # The made-up words have a generator of their own: without them, the archive is as before.
        self.rare_words = rare_words
        self.word_rng = random.Random(seed * 7919 + 1)
        self.made_up = _made_up_words(self.word_rng, 15 * articles) if rare_words else []
        self.rng = rng = random.Random(seed)
        names = [f"{f} {last}" for f in FIRST for last in LAST]
        rng.shuffle(names)
        surnames: set[str] = set()
        self.people = []
        for name in names:  # one person per surname: a surname alone then names one person
            if name.split()[-1] not in surnames:
                surnames.add(name.split()[-1])
                self.people.append((name, rng.randrange(len(ROLES))))
        invented = sorted({s + e for s in PLACE_STEMS for e in PLACE_ENDS})
        rng.shuffle(invented)
        self.places = invented[:150] + REAL_PLACES
        rng.shuffle(self.places)
        self.orgs = [kind + " " + self.places[i * 7 % len(self.places)] for i, (kind, _) in enumerate(ORG_KINDS * 5)]
        self.themes = list(THEMES)
        rng.shuffle(self.themes)

    # -- planning ---------------------------------------------------------

    def plan(self, count: int) -> list[Plan]:
        rng = self.rng
        start = date(2015, 1, 1)
        span = (date(2025, 6, 30) - start).days
        plans = []
        for index in range(count):
            people = []
            while len(people) < rng.choice((1, 1, 2, 2, 3)):
                person = _zipf(rng, self.people, 0.05)
                if person not in people:
                    people.append(person)
            places = []
            while len(places) < rng.choice((1, 1, 2)):
                place = _zipf(rng, self.places, 0.05)
                if place not in places:
                    places.append(place)
            plan = Plan(index, "de" if rng.random() < 0.85 else "en", start + timedelta(days=rng.randrange(span)),
                        _zipf(rng, self.themes, 0.1), people, places, _zipf(rng, self.orgs, 0.05), 0)
            plan.publisher = 2 if plan.language == "en" else rng.choice((0, 0, 1, 1, 3))
            plan.title = self.title(plan)
            plans.append(plan)
        for plan in plans:  # teasers and "Mehr zum Thema": mostly articles around the same time
            for _ in range(rng.choice((0, 1, 2, 2, 3, 4))):
                other = min(count - 1, max(0, plan.index + rng.randint(-300, 300)))
                if other != plan.index and other not in plan.related:
                    plan.related.append(other)
        return plans

    def title(self, plan: Plan) -> str:
        rng = self.rng
        who = plan.people[0][0].split()[-1]
        where = plan.places[0]
        de, en = plan.theme
        if plan.language == "de":
            return rng.choice([
                f"{de} in {where}: {who} unter Druck", f"{who} will {de} zur Chefsache machen",
                f"{where} ringt um Antworten beim Thema {de}", f"{de}: {who} kündigt neuen Kurs an",
                f"Streit um {de} in {where} spitzt sich zu", f"{who} verteidigt Pläne zu {de}",
                f"Was {where} jetzt beim Thema {de} plant", f"{plan.org} legt Bericht zu {de} vor",
                f"{de}: {where} wartet auf Entscheidung", f"Neue Runde im Streit um {de} in {where}",
            ]) + rng.choice(["", "", "", f" ({plan.day.year})", " – die Hintergründe", f" – {who} äußert sich"])
        return rng.choice([
            f"{who} under pressure over {en} in {where}", f"{where} struggles for answers on {en}",
            f"{who} vows action on {en}", f"Row over {en} escalates in {where}", f"{who} defends {en} plans",
            f"What {where} plans next on {en}", f"{plan.org} publishes report on {en}",
        ]) + rng.choice(["", "", f" ({plan.day.year})", ": the background"])

    # -- writing ----------------------------------------------------------

    def fill(self, template: str, plan: Plan) -> str:
        rng, lang = self.rng, plan.language
        return template.format(
            n=rng.choice([3, 12, 40, 150, 2500, 17, 85]), weekday=rng.choice(WEEKDAYS[lang]),
            month=rng.choice(MONTHS[lang]),
            p=rng.choice(plan.places) if rng.random() < 0.7 else _zipf(rng, self.places),
            o=plan.org if rng.random() < 0.6 else _zipf(rng, self.orgs),
            k=plan.theme[0] if lang == "de" else plan.theme[1])

    def person_sentences(self, plan: Plan) -> list[str]:
        rng, out = self.rng, []
        for rank, (name, role) in enumerate(plan.people):
            last = name.split()[-1]
            de_role, en_role = ROLES[role]
            place = rng.choice(plan.places)
            if plan.language == "de":
                out.append(rng.choice([f"{de_role} {name} hat am {rng.choice(WEEKDAYS['de'])} in {place} neue Pläne "
                                       f"vorgestellt.", f"{name}, {de_role} aus {place}, will die Debatte beenden.",
                                       f"„Wir müssen jetzt handeln“, sagte {name} in {place}."]))
                pool = [f"{last} sagte, man werde die Vorschläge genau prüfen.",
                        f"Nach Angaben von {last} sind die Gespräche weit fortgeschritten.",
                        f"Kritiker werfen {last} vor, zu lange gezögert zu haben.", f"Auch {last} räumte Fehler ein.",
                        f"Für {last} ist die Sache damit nicht erledigt.",
                        f"{last} verwies auf die Zuständigkeit des Landes."]
            else:
                out.append(rng.choice([f"{en_role.capitalize()} {name} presented new plans in {place}.",
                                       f"{name}, the {en_role} from {place}, wants to end the debate.",
                                       f'"We have to act now," {name} said in {place}.']))
                pool = [f"{last} said the proposals would be examined carefully.",
                        f"According to {last}, the talks are well advanced.",
                        f"Critics accuse {last} of hesitating for too long.",
                        f"{last} admitted mistakes had been made.",
                        f"For {last}, the matter is far from settled."]
            out += rng.sample(pool, 3 if rank == 0 else 1)
        return out

    def body_sentences(self, plan: Plan) -> list[str]:
        rng = self.rng
        filler = list(FILLER_DE if plan.language == "de" else FILLER_EN)
        generic = GENERIC_DE if plan.language == "de" else GENERIC_EN
        sentences = self.person_sentences(plan)
        sentences += [self.fill(rng.choice(generic), plan) for _ in range(rng.randint(5, 9))]
        sentences += self.rare_sentences(plan)
        rng.shuffle(filler)
        words = sum(len(s.split()) for s in sentences)
        target = rng.randint(520, 680)
        while words < target:
            sentence = self.fill(filler.pop() if filler else rng.choice(generic), plan)
            sentences.append(sentence)
            words += len(sentence.split())
        rng.shuffle(sentences)
        return sentences

    def rare_sentences(self, plan: Plan) -> list[str]:
        """Sentences holding ``rare_words`` made-up words (three to a sentence), most of them rare across
        the archive."""
        rng, out = self.word_rng, []
        # Zipf's law (a word's frequency falls as 1/rank): the pool's first words recur, most others
        # turn up once or twice, as a real archive's words do
        top = math.log(len(self.made_up) + 1)
        for _ in range(0, self.rare_words, 3):
            picks = [self.made_up[int(math.exp(rng.random() * top)) - 1] for _ in range(3)]
            if plan.language == "de":
                out.append(f"Die {picks[0][0]} gilt im {picks[1][0]} als {picks[2][1]}.")
            else:
                out.append(f"The {picks[0][2]} of the {picks[1][2]} remains {picks[2][2]}.")
        return out

    def article(self, plan: Plan, plans: list[Plan]) -> str:
        rng = self.rng
        name, host, site, boilerplate = PUBLISHERS[plan.publisher]
        folder = f"{plan.day.year}.{plan.day.month:02d}"
        lines = [plan.title, f"![{plan.title}](https://{host}/bilder/{folder}/{rng.getrandbits(32):08x}.jpg)"]
        style = rng.random()
        if style < 0.45:
            lines.append(plan.day.strftime("%d.%m.%Y"))
        elif style < 0.6:
            months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                      "Oktober", "November", "Dezember"]
            lines.append(f"{plan.day.day}. {months[plan.day.month - 1]} {plan.day.year}" if plan.language == "de"
                         else plan.day.strftime("%B %d, %Y").replace(" 0", " "))
        elif style < 0.7:
            lines.append(plan.day.isoformat())
        # else: dated by the hero image's yyyy.mm folder
        sentences = self.body_sentences(plan)
        paragraphs = []
        while sentences:
            size = rng.choice((2, 3, 4, 4, 5, 5, 6, 7))
            paragraphs.append(" ".join(sentences[:size]))
            sentences = sentences[size:]
        teasers = [plans[i].title for i in plan.related]
        more = teasers[len(teasers) // 2:]
        teasers = teasers[:len(teasers) // 2]
        for headline in teasers:  # teaser pictures between the paragraphs
            other = rng.randrange(1, len(paragraphs))
            paragraphs.insert(other, f"![{headline}](https://{host}/bilder/{folder}/thumb/{rng.getrandbits(32):08x}.jpg)")
        if rng.random() < 0.25:  # a captioned picture of the article itself
            caption = rng.choice(plan.places) + (" im " + rng.choice(MONTHS["de"]) if plan.language == "de" else "")
            paragraphs.insert(rng.randrange(1, len(paragraphs)), f"![{caption}](https://{host}/bilder/{folder}/"
                                                                  f"{rng.getrandbits(32):08x}.jpg)")
        lines += paragraphs
        label = "Mehr zum Thema – " if plan.language == "de" else "Read more: "
        lines += [label + headline for headline in more]
        if rng.random() < 0.15:
            lines.append(label + rng.choice(EXTERNAL_DE if plan.language == "de" else EXTERNAL_EN))
        lines += boilerplate
        slug = "-".join(re.findall(r"\w+", plan.title.lower())[:6])
        lines.append(f"Quelle: https://{site}/{plan.day:%Y/%m}/{slug}-{plan.index}")
        return "\n".join(lines) + "\n"


def site_config(theme_dir: Path) -> str:
    publishers = "\n".join(f"  - name: {name}\n    image_hosts: [{host}]" for name, host, _, _ in PUBLISHERS)
    return (
        "# Written by bench/synth.py: a synthetic archive for the scale benchmarks.\n"
        "site_name: Synthetisches Archiv\n"
        "site_description: Ein erfundenes Nachrichtenarchiv für Messungen.\n"
        # Published, as on GitHub Pages: canonical addresses, a sitemap, and a feed per tag to keep up to date.
        "site_url: https://archiv.example/\n"
        "language: de\n"
        f"theme_dir: {theme_dir}\n"
        "content_dir: content\n"
        "docs_dir: build/docs\n"
        "site_dir: site\n"
        f"publishers:\n{publishers}\n"
        "boilerplate:\n  min_repeats: 3\n"
        "tags:\n  rules:\n    Hochwasser: [Hochwasser, Deichbau, flood]\n"
        "    Energie: [Fernwärme, Windkraft, Solarpark, Wasserstoff, Kohleausstieg, wind power, hydrogen]\n"
    )


def synthesise(count: int, out: Path, seed: int = 1, rare_words: int = 0) -> int:
    """Write ``count`` articles under ``out/content`` and ``out/site_config.yml``; returns bytes written.
    ``rare_words``: made-up words per article (see the module's description).

    Files already holding the right bytes are left alone (their modification time too), so a
    re-run keeps the generator's parse cache valid.
    """
    synth = Synth(seed, rare_words, count)
    plans = synth.plan(count)
    content = out / "content"
    total = 0
    wanted = set()
    for plan in plans:
        text = synth.article(plan, plans).encode("utf-8")
        digest = random.Random(seed * 1_000_003 + plan.index).getrandbits(64)
        path = content / str(plan.day.year) / f"{plan.index:06d}_{digest:016x}.txt"
        wanted.add(path)
        total += len(text)
        try:
            if path.read_bytes() == text:
                continue
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text)
    for stale in content.rglob("*.txt"):  # from a run with other settings
        if stale not in wanted:
            stale.unlink()
    config = out / "site_config.yml"
    text = site_config(ROOT / "theme")
    if not config.exists() or config.read_text(encoding="utf-8") != text:
        config.write_text(text, encoding="utf-8")
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="project folder (default build/bench/<N>)")
    parser.add_argument("--rare-words", type=int, default=0, help="made-up words per article (a real vocabulary)")
    args = parser.parse_args(argv)
    out = args.out or ROOT / "build" / "bench" / str(args.articles)
    size = synthesise(args.articles, out, args.seed, args.rare_words)
    print(f"wrote {args.articles} articles ({size / 1e6:.1f} MB) into {out / 'content'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
