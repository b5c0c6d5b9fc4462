"""Tag quality and speed: the shipped sample content and a synthetic archive with planted topics.

Usage::

    .venv/bin/python bench/tag_quality.py [--articles 600] [--seed 7]

Part (a) tags ``content/`` read through the real pipeline (skipped while it is empty). Part (b)
generates German and English articles with a fixed seed around planted people, places and themes,
tags them, and measures how well each planted person and place comes out as one tag. Both tables
are printed and written to ``build/bench/tag_quality.json``.

Targets on the planted archive: every article 2–8 tags; ≥ 95 % share a tag with another article;
no tag on > 30 % of articles; planted people and places recall ≥ 0.9 and precision ≥ 0.9.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import simplemma  # noqa: E402

from generator.config import TagsConfig, load_config  # noqa: E402
from generator.model import Article, Paragraph, Source  # noqa: E402
from generator.related import related_in_archive  # noqa: E402
from generator.tag import tag_articles  # noqa: E402
from generator.textnorm import fold_diacritics  # noqa: E402

# ---------------------------------------------------------------------------
# Planted entities


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    role_de: str
    role_en: str
    plain: str | None = None  # the surname without diacritics, as some outlets print it

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class Place:
    name: str  # the spelling most articles use, and the tag we expect
    plain: str | None = None  # variant without diacritics
    country: bool = False


PEOPLE = [
    Person("Clara", "Hoffmann", "Bürgermeisterin", "mayor"),
    Person("Jonas", "Berendt", "Stadtwerke-Chef", "utility chief"),
    Person("Malte", "Strübing", "Unternehmer", "businessman", "Strubing"),
    Person("Tamás", "Várkonyi", "Ministerpräsident", "prime minister", "Varkonyi"),
    Person("Helena", "Marquardt", "Ministerin", "minister"),
    Person("Piotr", "Zieliński", "Gewerkschaftschef", "union leader", "Zielinski"),
    Person("Amira", "Haddad", "Reederin", "shipowner"),
    Person("Lukas", "Brenninger", "Abgeordneter", "lawmaker"),
    Person("Sophie", "Lindqvist", "Forscherin", "researcher"),
    Person("Mehmet", "Yıldız", "Stadtrat", "councillor", "Yildiz"),
    Person("Ingrid", "Solheim", "Botschafterin", "ambassador"),
    Person("Rafael", "Ortega", "Bauunternehmer", "developer"),
    Person("Greta", "Wallner", "Richterin", "judge"),
    Person("Dmitri", "Kowalenko", "Oppositionsführer", "opposition leader"),
    Person("Eleni", "Papadakis", "Ökonomin", "economist"),
    Person("Jan", "Vermeulen", "Hafendirektor", "port director"),
    Person("Nadia", "Benali", "Polizeipräsidentin", "police chief"),
    Person("Oskar", "Lindemann", "Landrat", "district administrator"),
    Person("Miriam", "Feldhaus", "Gewerkschafterin", "trade unionist"),
    Person("Ruben", "Castellano", "Investor", "investor"),
]

PLACES = [
    Place("Portugal", country=True),
    Place("Chile", country=True),
    Place("Japan", country=True),
    Place("Israel", country=True),
    Place("Ghana", country=True),
    Place("Nepal", country=True),
    Place("Zürich", "Zurich"),
    Place("Malmö", "Malmo"),
    Place("Kraków", "Krakow"),
    Place("São Paulo", "Sao Paulo"),
    Place("Bogotá", "Bogota"),
    Place("Reykjavík", "Reykjavik"),
    Place("Tromsø", "Tromso"),
    Place("Córdoba", "Cordoba"),
    Place("Velsburg"),
]

# Themes: a German and an English key word, and sentences around them ({p} = a place).
THEMES: list[dict[str, list[str] | str]] = [
    {"de": "Hochwasser", "en": "flood",
     "de_s": ["Das Hochwasser hat in {p} zahlreiche Keller überflutet.",
              "Die Pegel steigen weiter, das Hochwasser soll erst am Wochenende zurückgehen.",
              "Nach dem Hochwasser prüfen Gutachter die Schäden an Deichen und Brücken.",
              "Viele Anwohner fühlen sich vom Hochwasser überrascht."],
     "en_s": ["The flood has swamped hundreds of basements in {p}.",
              "Officials expect the flood to recede by the weekend.",
              "Insurers are still counting the cost of the flood.",
              "Residents said the flood warning came far too late."]},
    {"de": "Streik", "en": "strike",
     "de_s": ["Der Streik legt seit Tagen den Güterverkehr in {p} lahm.",
              "Ein Ende des Streiks ist nicht in Sicht.",
              "Die Beschäftigten wollen den Streik notfalls ausweiten.",
              "Pendler müssen sich wegen des Streiks auf Ausfälle einstellen."],
     "en_s": ["The strike has paralysed freight traffic in {p} for days.",
              "There is no end to the strike in sight.",
              "Workers have threatened to widen the strike.",
              "Commuters face cancellations as the strike drags on."]},
    {"de": "Wahlkampf", "en": "election",
     "de_s": ["Der Wahlkampf in {p} geht in die entscheidende Phase.",
              "Im Wahlkampf spielt die Wohnungsnot eine große Rolle.",
              "Umfragen sehen ein enges Rennen am Ende des Wahlkampfs.",
              "Plakate prägen im Wahlkampf das Stadtbild."],
     "en_s": ["The election campaign in {p} is entering its final stretch.",
              "Housing costs dominate the election debate.",
              "Polls point to a close election.",
              "Turnout in the election is expected to be high."]},
    {"de": "Tourismus", "en": "tourism",
     "de_s": ["Der Tourismus in {p} erholt sich nur langsam.",
              "Hoteliers hoffen auf neue Impulse für den Tourismus.",
              "Der Tourismus ist der wichtigste Arbeitgeber der Region.",
              "Kritiker warnen vor den Folgen des Tourismus für die Altstadt."],
     "en_s": ["Tourism in {p} is recovering only slowly.",
              "Hotel owners hope for a boost to tourism this summer.",
              "Tourism remains the largest employer in the region.",
              "Critics warn that tourism is pushing up rents in the old town."]},
    {"de": "Fischerei", "en": "fishery",
     "de_s": ["Die Fischerei vor {p} leidet unter sinkenden Fangquoten.",
              "Für die Fischerei stehen neue Fördermittel bereit.",
              "Viele Familien leben seit Generationen von der Fischerei.",
              "Die Fischerei fordert Ausgleichszahlungen."],
     "en_s": ["The fishery off {p} is struggling with lower quotas.",
              "New subsidies are available for the fishery.",
              "Many families have lived off the fishery for generations.",
              "The fishery is demanding compensation."]},
    {"de": "Windkraft", "en": "turbines",
     "de_s": ["Der Ausbau der Windkraft bei {p} stößt auf Widerstand.",
              "Die Windkraft soll bis 2030 die Hälfte des Stroms liefern.",
              "Bürgerinitiativen klagen gegen neue Anlagen der Windkraft.",
              "Für die Windkraft werden zusätzliche Flächen ausgewiesen."],
     "en_s": ["Plans for new turbines near {p} face local resistance.",
              "The turbines are meant to supply half of the region's power.",
              "Residents have sued to stop the turbines.",
              "More land is being set aside for turbines."]},
    {"de": "Wohnungsbau", "en": "housing",
     "de_s": ["Der Wohnungsbau in {p} kommt kaum voran.",
              "Für den Wohnungsbau fehlen Flächen und Fachkräfte.",
              "Die Mieten steigen, weil der Wohnungsbau stockt.",
              "Ein neues Programm soll den Wohnungsbau beschleunigen."],
     "en_s": ["Housing construction in {p} has stalled.",
              "Land and skilled workers for housing are scarce.",
              "Rents are rising because new housing is not being built.",
              "A new programme is meant to speed up housing."]},
    {"de": "Inflation", "en": "inflation",
     "de_s": ["Die Inflation in {p} ist zuletzt wieder gestiegen.",
              "Vor allem Lebensmittel treiben die Inflation.",
              "Die Notenbank will die Inflation mit höheren Zinsen bremsen.",
              "Viele Haushalte spüren die Inflation im Alltag."],
     "en_s": ["Inflation in {p} has picked up again.",
              "Food prices are driving inflation.",
              "The central bank wants to curb inflation with higher rates.",
              "Households are feeling inflation in their daily lives."]},
    {"de": "Impfstoff", "en": "vaccine",
     "de_s": ["Ein neuer Impfstoff wird in {p} getestet.",
              "Der Impfstoff soll im Herbst zugelassen werden.",
              "Ärzte werben für den Impfstoff.",
              "Die Produktion des Impfstoffs läuft an."],
     "en_s": ["A new vaccine is being tested in {p}.",
              "The vaccine could be approved in the autumn.",
              "Doctors are urging patients to get the vaccine.",
              "Production of the vaccine is being ramped up."]},
    {"de": "Landwirtschaft", "en": "farmers",
     "de_s": ["Die Landwirtschaft in {p} kämpft mit der Trockenheit.",
              "Für die Landwirtschaft gelten neue Auflagen beim Düngen.",
              "Die Landwirtschaft fordert mehr Unterstützung.",
              "Junge Menschen finden kaum noch den Weg in die Landwirtschaft."],
     "en_s": ["Farmers around {p} are battling drought.",
              "Farmers face new rules on fertiliser.",
              "Farmers are demanding more support.",
              "Few young people want to become farmers."]},
]

FILLER_DE = [
    "Die Entscheidung soll nach Angaben der Verwaltung im {month} fallen.",
    "Das Vorhaben kostet nach ersten Schätzungen rund {n} Millionen Euro.",
    "Ein Sprecher der Stadt bestätigte die Pläne am {weekday}.",
    "Wie es weitergeht, ist nach Angaben von Beobachtern noch offen.",
    "Im vergangenen Jahr war die Zahl um {n} Prozent gestiegen.",
    "Die Opposition kritisierte das Vorgehen als überhastet.",
    "Eine Mehrheit im Rat gilt als wahrscheinlich.",
    "Kritiker bemängeln, dass wichtige Fragen ungeklärt seien.",
    "Die Sitzung am {weekday} dauerte mehr als vier Stunden.",
    "Experten rechnen damit, dass sich die Lage erst im {month} entspannt.",
    "Die Verwaltung will bis zum Sommer einen Bericht vorlegen.",
    "Ob der Zeitplan hält, ist ungewiss.",
    "Zahlreiche Bürgerinnen und Bürger verfolgten die Debatte im Saal.",
    "Die Kosten sollen zum Teil aus Fördermitteln des Landes kommen.",
    "Die Gespräche sollen in der kommenden Woche fortgesetzt werden.",
    "Nach Angaben der Polizei blieb die Lage am Abend ruhig.",
    "Eine Umfrage ergab, dass {n} Prozent der Befragten die Pläne unterstützen.",
    "Die Details wurden zunächst nicht bekannt.",
    "Ein Gutachten soll klären, welche Varianten infrage kommen.",
    "Die Frist für Einwände endet Ende {month}.",
    "Vertreter der Wirtschaft begrüßten den Schritt grundsätzlich.",
    "Die Zahl der Beschwerden hat sich seit dem {month} verdoppelt.",
    "Zugleich mahnte die Aufsicht mehr Transparenz an.",
    "Der Rat vertagte eine Entscheidung auf die nächste Sitzung.",
    "Die Arbeiten sollen im Frühjahr beginnen und zwei Jahre dauern.",
    "Einzelheiten will die Verwaltung in den nächsten Tagen mitteilen.",
    "Die Stimmung unter den Beteiligten gilt als angespannt.",
    "Schon vor Monaten hatte es ähnliche Forderungen gegeben.",
    "Ein endgültiger Beschluss steht noch aus.",
    "Die Behörden rieten, sich auf der Internetseite der Stadt zu informieren.",
    "Nach Schätzungen sind rund {n} Haushalte betroffen.",
    "Die Initiative sammelte bislang mehr als {n} Unterschriften.",
    "Der Haushaltsausschuss muss den Mitteln noch zustimmen.",
    "Auch die Nachbargemeinden verfolgen die Entwicklung aufmerksam.",
    "Fachleute halten den Plan für ehrgeizig, aber machbar.",
    "Am {weekday} soll es eine Informationsveranstaltung geben.",
    "Die Preise lagen zuletzt deutlich über dem Vorjahr.",
    "Die Gewerkschaft kündigte weitere Gespräche an.",
    "Der Landkreis prüft derzeit mehrere Standorte.",
    "Die Ergebnisse sollen im {month} veröffentlicht werden.",
    "Wie viele Stellen betroffen sind, blieb unklar.",
    "Die Rechtslage gilt als kompliziert.",
    "Im Internet wurde die Nachricht vielfach geteilt.",
    "Die Förderung ist zunächst auf drei Jahre befristet.",
    "Bei einer Anhörung kamen auch Anwohner zu Wort.",
    "Die Verwaltung verwies auf die angespannte Haushaltslage.",
    "Mehrere Fraktionen forderten eine unabhängige Prüfung.",
    "Bis zu einer Entscheidung könnten noch Monate vergehen.",
    "Ein Teil der Mittel ist bereits verplant.",
    "Die Beteiligten wollen sich im {month} erneut treffen.",
    "Viele Betroffene fühlen sich nicht ausreichend informiert.",
    "Die Zahlen für das erste Quartal liegen noch nicht vor.",
    "Ein Vertreter des Verbands sprach von einem wichtigen Signal.",
    "Dass es so schnell gehen würde, hatte kaum jemand erwartet.",
    "Die Frage der Finanzierung ist weiterhin ungeklärt.",
    "Nach der Sitzung zeigten sich beide Seiten vorsichtig optimistisch.",
    "Die Pläne liegen ab {weekday} im Rathaus zur Einsicht aus.",
    "Wer Fragen hat, kann sich an eine eigens eingerichtete Hotline wenden.",
    "Der Vorschlag war in einer Arbeitsgruppe entstanden.",
    "Laut einer internen Vorlage könnten die Kosten weiter steigen.",
    "Die Debatte dürfte das Parlament noch länger beschäftigen.",
    "Ein ähnliches Projekt war vor einigen Jahren gescheitert.",
    "Umweltverbände kündigten an, die Pläne genau zu prüfen.",
    "Die Unterlagen umfassen mehr als {n} Seiten.",
    "In den sozialen Netzwerken wurde heftig diskutiert.",
]
FILLER_EN = [
    "A decision is expected in {month}, according to officials.",
    "Early estimates put the cost at around {n} million euros.",
    "A city spokesperson confirmed the plans on {weekday}.",
    "It remains unclear what happens next.",
    "Last year the figure rose by {n} percent.",
    "The opposition criticised the move as rushed.",
    "A majority on the council is considered likely.",
    "Critics say important questions remain unanswered.",
    "The meeting on {weekday} lasted more than four hours.",
    "Experts do not expect the situation to ease before {month}.",
    "The administration plans to present a report by the summer.",
    "Whether the timetable will hold is uncertain.",
    "Dozens of residents followed the debate in the hall.",
    "Part of the cost is to be covered by regional grants.",
    "Talks are set to continue next week.",
    "Police said the evening passed off peacefully.",
    "A survey found that {n} percent of respondents back the plans.",
    "Details were not immediately released.",
    "An expert report is to examine the options.",
    "The deadline for objections ends in {month}.",
    "Business groups broadly welcomed the step.",
    "Complaints have doubled since {month}.",
    "The regulator called for more transparency.",
    "The council postponed a decision until its next meeting.",
    "Work is due to start in the spring and take two years.",
    "Officials promised further details in the coming days.",
    "The mood among those involved is described as tense.",
    "Similar demands had been made months ago.",
    "A final decision is still pending.",
    "Around {n} households are affected, according to estimates.",
    "The initiative has collected more than {n} signatures so far.",
    "Neighbouring towns are watching developments closely.",
    "Analysts consider the plan ambitious but feasible.",
    "An information evening is planned for {weekday}.",
    "Prices were well above last year's level.",
    "The administration pointed to the tight budget.",
    "Several groups called for an independent review.",
    "It could be months before a decision is made.",
    "Part of the money has already been allocated.",
    "Those involved plan to meet again in {month}.",
    "Many of those affected say they have not been kept informed.",
    "Figures for the first quarter are not yet available.",
    "A representative of the association called it an important signal.",
    "Few had expected things to move so quickly.",
    "How the project will be financed is still unclear.",
    "After the meeting, both sides were cautiously optimistic.",
    "The plans can be inspected at the town hall from {weekday}.",
    "A hotline has been set up for questions.",
    "The proposal came out of a working group.",
    "An internal paper suggests costs could rise further.",
    "The debate is likely to keep parliament busy for some time.",
    "A similar project failed a few years ago.",
    "Environmental groups said they would study the plans closely.",
    "The documents run to more than {n} pages.",
    "The news sparked a heated debate on social media.",
]
WEEKDAYS = {"de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"],
            "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]}
MONTHS = {"de": ["Januar", "März", "Mai", "Juli", "September", "November"],
          "en": ["January", "March", "May", "July", "September", "November"]}


class Writer:
    """Writes one synthetic article; every choice comes from the seeded ``rng``."""

    def __init__(self, rng: random.Random, language: str) -> None:
        self.rng = rng
        self.language = language

    def fill(self, template: str) -> str:
        rng, lang = self.rng, self.language
        return template.format(n=rng.choice([3, 12, 40, 150, 2500]), weekday=rng.choice(WEEKDAYS[lang]),
                               month=rng.choice(MONTHS[lang]), p="{p}")

    def surname(self, person: Person) -> str:
        if person.plain and self.rng.random() < 0.25:
            return person.plain
        return person.last

    def place(self, place: Place) -> str:
        if place.plain and self.rng.random() < 0.25:
            return place.plain
        return place.name

    def genitive(self, name: str) -> str:
        if self.language == "en":
            return name + "'s"
        return name + ("'" if name[-1] in "sxzß" else "s")

    def intro(self, person: Person, place: Place) -> str:
        rng, p = self.rng, self.place(place)
        if self.language == "de":
            return rng.choice([
                f"{person.role_de} {person.name} hat am {rng.choice(WEEKDAYS['de'])} in {p} neue Pläne vorgestellt.",
                f"{person.name}, {person.role_de} aus {p}, will die Debatte nun beenden.",
                f"In {p} hat sich {person.name} zu Wort gemeldet.",
                f"„Wir müssen jetzt handeln“, sagte {person.name} in {p}.",
            ])
        return rng.choice([
            f"{person.role_en.capitalize()} {person.name} presented new plans in {p} on "
            f"{rng.choice(WEEKDAYS['en'])}.",
            f"{person.name}, the {person.role_en} from {p}, wants to end the debate.",
            f"In {p}, {person.name} has spoken out.",
            f'"We have to act now," {person.name} said in {p}.',
        ])

    def mention(self, person: Person) -> str:
        rng, last = self.rng, self.surname(person)
        if self.language == "de":
            return rng.choice([
                f"{last} sagte, man werde die Vorschläge genau prüfen.",
                f"Nach Angaben von {last} sind die Gespräche weit fortgeschritten.",
                f"Kritiker werfen {last} vor, zu lange gezögert zu haben.",
                f"{self.genitive(last)} Sprecher wollte sich dazu nicht äußern.",
                f"Auch {last} räumte Fehler ein.",
                f"Für {last} ist die Sache damit nicht erledigt.",
            ])
        return rng.choice([
            f"{last} said the proposals would be examined carefully.",
            f"According to {last}, the talks are well advanced.",
            f"Critics accuse {last} of hesitating for too long.",
            f"{self.genitive(last)} office declined to comment.",
            f"{last} admitted mistakes had been made.",
            f"For {last}, the matter is far from settled.",
        ])

    def place_sentence(self, place: Place) -> str:
        rng, name = self.rng, self.place(place)
        if self.language == "de":
            return rng.choice([
                f"In {name} wird die Entwicklung mit Sorge verfolgt.",
                f"Die Lage in {name} bleibt angespannt.",
                f"{self.genitive(name)} Verwaltung kündigte Hilfen an.",
                f"Aus {name} kamen zuletzt widersprüchliche Signale.",
                f"Die Menschen in {name} warten auf eine Entscheidung.",
            ])
        return rng.choice([
            f"In {name}, the situation is being followed with concern.",
            f"The mood in {name} remains tense.",
            f"{self.genitive(name)} authorities have announced support.",
            f"Mixed signals have come out of {name} recently.",
            f"People in {name} are waiting for a decision.",
        ])

    def title(self, theme: dict, person: Person, place: Place) -> str:
        rng, key = self.rng, theme[self.language]
        if self.language == "de":
            return rng.choice([
                f"{key} in {self.place(place)}: {self.surname(person)} unter Druck",
                f"{self.surname(person)} will {key} zur Chefsache machen",
                f"{self.place(place)} ringt um Antworten beim Thema {key}",
                f"{key}: {self.surname(person)} kündigt neuen Kurs an",
                f"Streit um {key} in {self.place(place)} spitzt sich zu",
                f"{self.surname(person)} verteidigt Pläne zu {key}",
                f"Was {self.place(place)} jetzt beim Thema {key} plant",
            ])
        return rng.choice([
            f"{self.surname(person)} under pressure over {key} in {self.place(place)}",
            f"{self.place(place)} struggles for answers on {key}",
            f"{self.surname(person)} vows action on {key}",
            f"Row over {key} escalates in {self.place(place)}",
            f"{self.surname(person)} defends {key} plans",
            f"What {self.place(place)} plans next on {key}",
        ])

    def article(self, index: int, day: date, theme: dict, people: list[Person], places: list[Place]) -> Article:
        rng, lang = self.rng, self.language
        theme_sentences = [s.replace("{p}", self.place(places[0])) for s in theme[f"{lang}_s"]]  # type: ignore[union-attr]
        lead = " ".join([self.intro(people[0], places[0]), theme_sentences[0]])
        sentences: list[str] = theme_sentences[1:]
        sentences += [self.mention(people[0]) for _ in range(rng.randint(2, 4))]
        sentences += [self.place_sentence(places[0]) for _ in range(rng.randint(1, 2))]
        for person in people[1:]:
            sentences.append(self.intro(person, rng.choice(places)))
            sentences += [self.mention(person) for _ in range(rng.randint(1, 2))]
        for place in places[1:]:
            sentences += [self.place_sentence(place) for _ in range(rng.randint(2, 3))]
        filler = list(FILLER_DE if lang == "de" else FILLER_EN)
        rng.shuffle(filler)  # each filler sentence at most once per article, as in real text
        words = len(lead.split()) + sum(len(s.split()) for s in sentences)
        while words < 600 and filler:
            sentence = self.fill(filler.pop())
            sentences.append(sentence)
            words += len(sentence.split())
        rng.shuffle(sentences)
        paragraphs = [lead]
        while sentences:
            size = rng.randint(3, 6)
            paragraphs.append(" ".join(sentences[:size]))
            sentences = sentences[size:]
        return Article(
            title=self.title(theme, people[0], places[0]), date=day, date_precision="day", language=lang,
            source=Source(file=f"synthetic/{index:05d}.txt"), body=tuple(Paragraph(p) for p in paragraphs))


def synthetic_corpus(count: int, seed: int) -> tuple[list[Article], dict[str, set[str]]]:
    """``count`` articles (about 70 % German, 30 % English) and the planted names per article key."""
    rng = random.Random(seed)
    person_weights = [1 / (1 + i * 0.15) for i in range(len(PEOPLE))]
    place_weights = [1 / (1 + i * 0.15) for i in range(len(PLACES))]
    articles, planted = [], {}
    start = date(2023, 1, 1)
    for index in range(count):
        language = "de" if rng.random() < 0.7 else "en"
        theme = rng.choice(THEMES)
        people = _distinct(rng, PEOPLE, person_weights, 1 if rng.random() < 0.6 else 2)
        places = _distinct(rng, PLACES, place_weights, 1 if rng.random() < 0.6 else 2)
        article = Writer(rng, language).article(index, start + timedelta(days=rng.randrange(900)), theme,
                                                people, places)
        articles.append(article)
        planted[article.key] = {p.name for p in people} | {p.name for p in places}
    return articles, planted


def _distinct(rng: random.Random, items: list, weights: list[float], count: int) -> list:
    chosen: list = []
    while len(chosen) < count:
        item = rng.choices(items, weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


# ---------------------------------------------------------------------------
# Measures


def table(articles: list[Article]) -> dict[str, float | int]:
    """Tag statistics a reader would notice: counts, spread, grouping."""
    usage = Counter(t for a in articles for t in set(a.tags))
    per_article = [len(a.tags) for a in articles]
    related = related_in_archive(articles)
    n = len(articles)
    return {
        "articles": n,
        "tags": len(usage),
        "tags_per_article_min": min(per_article, default=0),
        "tags_per_article_median": statistics.median(per_article) if per_article else 0,
        "tags_per_article_max": max(per_article, default=0),
        "share_articles_sharing_a_tag": round(sum(bool(related[a.key]) for a in articles) / n, 3) if n else 0,
        "largest_tag_share": round(max(usage.values(), default=0) / n, 3) if n else 0,
        "largest_tag": usage.most_common(1)[0][0] if usage else "",
        "share_tags_single_article": round(sum(v == 1 for v in usage.values()) / len(usage), 3) if usage else 0,
    }


def planted_scores(articles: list[Article], planted: dict[str, set[str]]) -> dict[str, float | int]:
    """Precision and recall of planted people and places.

    A planted name counts as found when its article carries exactly that tag. Every tag that names a
    planted entity in some form (the surname alone, a genitive, a spelling without diacritics, a role
    in front) is a claim: correct only when it is the exact tag of an entity planted in that article.
    """
    entities = {p.name: {fold_diacritics(p.last)} for p in PEOPLE} | {
        p.name: {w for w in fold_diacritics(p.name).split()} for p in PLACES}
    true_positive = claims = 0
    for article in articles:
        for tag in article.tags:
            folded = fold_diacritics(tag)
            words = {w.removesuffix("s").removesuffix("'") for w in folded.replace("'s", "").split()}
            words |= set(folded.split())
            named = [name for name, keys in entities.items() if keys <= words or folded == fold_diacritics(name)]
            if not named:
                continue
            claims += 1
            true_positive += tag in planted[article.key]
    expected = sum(len(names) for names in planted.values())
    found = sum(len(names & set(a.tags)) for a, names in ((a, planted[a.key]) for a in articles))
    return {
        "planted_mentions": expected,
        "recall": round(found / expected, 3) if expected else 0,
        "precision": round(true_positive / claims, 3) if claims else 0,
        "entity_tags": claims,
    }


def _print(title: str, rows: dict[str, object]) -> None:
    print(f"\n{title}")
    width = max(len(k) for k in rows)
    for key, value in rows.items():
        print(f"  {key:<{width}}  {value}")


def sample_part() -> dict[str, object] | None:
    config_path = ROOT / "site_config.yml"
    from generator.cli import read_corpus
    from generator.link import assign_paths

    config = load_config(config_path)
    if not config.content_dir.is_dir() or not any(config.content_dir.iterdir()):
        print("content/ is empty: sample part skipped")
        return None
    corpus = read_corpus(config, use_cache=False)
    articles = assign_paths(corpus.articles)
    if not articles:
        print("content/ has no articles: sample part skipped")
        return None
    started = time.perf_counter()
    tagged = tag_articles(articles, config.tags)
    seconds = time.perf_counter() - started
    rows: dict[str, object] = {**table(tagged), "seconds": round(seconds, 3)}
    usage = Counter(t for a in tagged for t in a.tags)
    rows["top_tags"] = ", ".join(f"{t} ({n})" for t, n in usage.most_common(12))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=600, help="synthetic articles to generate (default 600)")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the synthetic archive (default 7)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "tag_quality.json")
    args = parser.parse_args(argv)
    report: dict[str, object] = {"seed": args.seed}
    # simplemma loads a language's dictionary on first use, once per process: timed apart.
    started = time.perf_counter()
    for language in ("de", "en", "ru"):
        simplemma.lemmatize("Haus", lang=language)
    report["simplemma_load_seconds"] = round(time.perf_counter() - started, 2)
    print(f"simplemma dictionaries (de, en, ru) loaded in {report['simplemma_load_seconds']} s, once per process")

    sample = sample_part()
    if sample is not None:
        _print("(a) shipped sample content", sample)
        report["sample"] = sample

    articles, planted = synthetic_corpus(args.articles, args.seed)
    config = TagsConfig()
    seconds = []
    for _ in range(3):  # every call starts from scratch (no state survives a call); the median of three
        started = time.perf_counter()
        tagged = tag_articles(articles, config)
        seconds.append(time.perf_counter() - started)
    started = time.perf_counter()
    related_in_archive(tagged)
    related_seconds = time.perf_counter() - started
    words = sum(len(a.text.split()) for a in articles) / len(articles)
    rows: dict[str, object] = {**table(tagged), **planted_scores(tagged, planted)}
    rows["words_per_article"] = round(words)
    rows["tagging_seconds"] = round(statistics.median(seconds), 3)
    rows["articles_per_second"] = round(len(articles) / statistics.median(seconds))
    rows["related_in_archive_seconds"] = round(related_seconds, 3)
    usage = Counter(t for a in tagged for t in a.tags)
    rows["top_tags"] = ", ".join(f"{t} ({n})" for t, n in usage.most_common(12))
    _print(f"(b) synthetic archive with planted topics (seed {args.seed})", rows)
    report["synthetic"] = rows

    targets = {
        "2-8 tags per article": 2 <= rows["tags_per_article_min"] and rows["tags_per_article_max"] <= 8,
        ">= 95 % share a tag": rows["share_articles_sharing_a_tag"] >= 0.95,
        "no tag on > 30 %": rows["largest_tag_share"] <= 0.30,
        "recall >= 0.9": rows["recall"] >= 0.9,
        "precision >= 0.9": rows["precision"] >= 0.9,
    }
    _print("targets", {k: "met" if ok else "MISSED" for k, ok in targets.items()})
    report["targets"] = targets
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")
    return 0 if all(targets.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
