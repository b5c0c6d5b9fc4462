"""Topic tags for articles: front matter, keyword rules and automatic topics.

Tags come from three sources, merged in this order (issue 4):

1. ``tags`` already on the article (front matter of ``.md`` inputs), kept as given after alias mapping;
2. ``tags.rules`` — keywords matched as whole words on lemmas, title and lead weighing more than the body;
3. automatic topics (``tags.auto``) — named entities (``Clara Hoffmann``, ``Europäische Union``) and key
   terms, lemmatised with simplemma, kept only where they group articles: used by at least
   ``min_articles`` articles and by at most ``max_share`` of the archive.

The work happens in two passes. ``_scan`` reads one article on its own: it splits the text into words,
collects runs of capitalised words (name candidates) and content words, and matches the keyword rules.
The corpus pass then folds spelling variants (diacritics, lemmas, German genitive ``-s``, Russian case
endings) into one key per entity, checks which multi-word names recur, folds surnames into full names,
and ranks each article's candidates by a tf-idf-like score. Everything depends only on the set of
articles, never on their order, and no state survives a call but what the cache keeps: after an edit,
the pass is worked out by difference from the counts the last one kept (``_by_difference``).
"""

from __future__ import annotations

import math
import os
import pickle
import re
import unicodedata
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import chain, compress, islice, repeat
from operator import methodcaller
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING, Any

from .config import TagsConfig
from .memo import BodyDigests, Journal, Memo, digest, give_back_memory, without_cycle_collection
from .model import Article, Paragraph, evolve, link_words
from .parallel import one_worker
from .textnorm import fold_diacritics, spell_umlauts

if TYPE_CHECKING:
    # For annotations alone: importing concurrent.futures (with logging) takes 5 ms of every command,
    # and only a first run's scan-sharing worker needs it (see parallel.one_worker).
    from concurrent.futures import Future, ProcessPoolExecutor

# ---------------------------------------------------------------------------
# Word lists. Entries are compared after folding (lower case, no diacritics) with both the word
# and its lemma, so one form per word is enough.

_STOP_DE = """
der die das des dem den ein eine einer eines einem einen kein keine keiner keines keinem keinen ich du er
sie es wir ihr mich dich sich uns euch ihm ihn ihnen mir dir mein meine dein sein seine ihre unser euer
dieser diese dieses diesem diesen jener jene welche welcher welches wer was wo wann wie warum weshalb
woher wohin und oder aber sondern denn doch sowie als wenn weil dass daß ob obwohl während bevor nachdem
seit seitdem bis damit sodass falls sofern zu zum zur im in ins an am ans auf aus bei beim mit nach von
vom vor über unter um durch für gegen ohne zwischen neben hinter trotz wegen laut gemäß ab per pro je
statt innerhalb außerhalb nicht nur auch noch schon bereits sehr mehr weniger viel viele wenig wenige
alle alles jeder jede jedes man etwa rund fast kaum gar ganz so nun dann da dort hier heute gestern
morgen jetzt immer nie wieder bald erst zudem außerdem jedoch allerdings dabei darauf daran darüber
dazu dafür dagegen davon deshalb deswegen daher trotzdem also eben ja nein wohl sogar selbst ebenfalls
zunächst zuletzt inzwischen bisher weiterhin sein haben werden kann können konnte könnte muss müssen
musste soll sollen sollte will wollen wollte darf dürfen mag möchte lassen geben gibt sagen sagte
erklären erklärte betonen betonte teilen teilte mitteilen berichten berichtete heißen hieß meinen
meinte fordern forderte ankündigen kündigte warnen warnte bestätigen bestätigte zufolge angesichts
mehrere einige andere anderen weitere weiteren
"""
# Generic news nouns: German capitalises every noun, so these must be listed to never become tags.
_GENERIC_DE = """
jahr jahre monat woche tag stunde minute sekunde uhr zeit mal ende anfang beginn mitte hälfte prozent
euro cent dollar rubel franken pfund million milliarde tausend hundert zahl anzahl teil seite fall frage
antwort thema problem grund ziel plan angabe bericht information mitteilung erklärung aussage meldung
nachricht artikel archiv redaktion foto bild video quelle mensch leute person frau mann kind herr dame
bürger bürgerin einwohner stadt land ort region gemeinde welt staat lage situation entwicklung ergebnis
folge weg art weise form punkt bereich rahmen hinblick blick sicht ansicht meinung idee möglichkeit
chance risiko schritt maßnahme lösung entscheidung beschluss ausnahme beispiel stelle platz raum haus
nummer prozess system gruppe mitglied partner kosten geld summe betrag höhe zukunft vergangenheit
gegenwart wochenende abend morgen nacht mittag vormittag nachmittag montag dienstag mittwoch donnerstag
freitag samstag sonnabend sonntag januar jänner februar märz april mai juni juli august september oktober
november dezember frühjahr frühling sommer herbst winter quartal jahrzehnt jahrhundert datum termin
zeitpunkt kilometer meter zentimeter tonne liter grad stück mehrheit minderheit drittel viertel dutzend
reihe liste stand zustand umfang menge rolle aufgabe interesse unterstützung hilfe kritik gespräch
treffen sitzung wert grundlage basis details detail hinweis hinweise angaben ansage hintergrund
erfahrung zusammenhang verhältnis unternehmen firma behörde verwaltung sprecher sprecherin mittel
vertreter vertreterin mitarbeiter mitarbeiterin kollege kollegin experte expertin politiker politikerin
journalist journalistin reporter reporterin korrespondent korrespondentin autor autorin leser leserin
dr prof professor professorin chef chefin präsident präsidentin minister ministerin kanzler kanzlerin
bürgermeister bürgermeisterin leiter leiterin direktor direktorin vorsitzende vorsitzender
geschäftsführer geschäftsführerin abgeordnete abgeordneter kandidat kandidatin vergleich wochen
seiten ländern woche jahren tagen monaten stunden minuten millionen milliarden zahlen gründe fragen
wort druck kurs phase sache chefsache signal schritt streit runde fortschritt rückschlag einigung
vorwurf vorschlag forderung angebot ankündigung warnung zeichen anlass versuch aussicht überblick
programm personal aktie stimme zuschauer verkehr ausbau anlage haushalt sorge stellungnahme versammlung
expansion wasser
"""
_STOP_EN = """
a an the and or but nor so yet for of in on at to from by with without within into onto over under
about above below after before since until during between among through against across along around
up down out off than then as if because while although though whether that this these those there
here where when why how what which who whom whose it its it's he him his she her hers they them their
theirs we us our ours you your yours i me my mine one ones is are was were be been being am have has
had having do does did done doing will would shall should can could may might must not no yes also
only just very more most less least much many some any all each every both either neither other others
another such own same too again further once ever never always often still already even however
therefore thus meanwhile moreover instead rather quite almost nearly about around per via vs mr mrs ms
dr said says say saying told tell tells according added add announced announce stated state claimed
claim reported report reports news year years month months week weeks day days today yesterday
tomorrow time times percent cent million billion thousand hundred monday tuesday wednesday thursday
friday saturday sunday january february march april may june july august september october november
december new first second third last next people thing things way ways part lot number since will
get got make made take took come came go went see saw know knew think thought want wanted use used
find found give gave well back like need needs including include includes include several few
whose whom upon amid toward towards despite per president minister prime chancellor mayor governor
senator secretary general director chairman chairwoman chief ceo spokesman spokeswoman spokesperson
official officials professor sir plan plans decision decisions group groups debate answer answers
action pressure row move step issue issues question questions matter case level area side end result
change effort need problem report statement proposal measure talks meeting deal support call calls
warning sign signal view concern concerns situation way week's today's
approve approves approved approving reject rejects rejected
aside ahead away apart abroad together early earlier late later latest recent recently current currently
former formerly remain remains stay stays seem seems appear appears become becomes continue continues
near nearby beyond beside besides inside outside throughout behind beneath underneath alongside unlike
big small large great little huge vast massive minor local main whole entire total similar different
possible real good bad strong wide various numerous certain particular serious significant important
hard easy record double half man woman men women boy girl
two three four five six seven eight nine ten eleven twelve twenty dozen dozens hundreds thousands millions
"""
# English words that are no topic alone but may be part of a compound that is one (``opening hours``, ``pay
# rise``, ``national park``, ``green belt``, ``legal aid``, ``budget cuts``) or a name (``Old Town``): generic, or
# mostly a headline's verb (``Pool to close``, ``Council faces …``, ``Libraries keep …``).
_ONLY_IN_COMPOUNDS = frozenset("""
hour minute close face reopen rise old young free legal national rural urban green offshore
keep extend hold bring leave start begin help show put turn seek ask try feel let mean set open hope target hunt
cut offer hire leader manager club""".split())
# Words of _STOP_EN that are part of many names when capitalised (``New Zealand``, ``Islamic State``, ``Fox
# News``, ``Times Square``, ``Big Ben``, ``Theresa May``): kept in a run of capitalised words,
# never a topic on their own. Not the titles (``President``), days and months, nor function words.
_NAME_PARTS_EN = frozenset("""
new first second third one state news time times group deal action change report plan end side way
row matter day week year may big small great little minor local main real good
""".split())
# German common nouns of _GENERIC_DE that end names after an adjective (``Vereinigte Staaten``, ``Weißes Haus``,
# ``Islamischer Staat``, ``Heiliges Land``): never the first word of a name (``Staat Israel`` is Israel).
_NAME_PARTS_DE = frozenset("staat haus welt land stadt gruppe region".split())
_STOP_RU = """
и в во не что он на я с со как а то все всё она так его но да ты к у же вы за бы по только ее её мне
было вот от меня еще ещё нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до
вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их
чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому этого какой
совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при
наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве три эту
моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю
между это этих также который которая которые которых которое свой весь сказать заявить сообщить
отметить словам слово год месяц неделя день процент рубль евро доллар миллион миллиард тысяча время
человек люди понедельник вторник среда четверг пятница суббота воскресенье январь февраль март апрель
май июнь июль август сентябрь октябрь ноябрь декабрь глава президент министр мэр директор
председатель представитель господин новый первый второй последний очень ранее около город страна
область район власть житель место работа часть вопрос проблема решение ситуация результат дело сторона
случай данные время неделя утро вечер ночь
"""
_STOP_LISTS = {"de": _STOP_DE + _GENERIC_DE, "en": _STOP_EN, "ru": _STOP_RU}
# English adjectives of nationality and origin. Alone ("German unions", "French farmers") one says where a
# story happens, and grouped every article naming a country's people; inside a name ("German Bundestag",
# "European Commission") it stays. German writes them in lower case ("deutsche"), so they are no German topic.
_NATIONALITIES_EN = """
afghan african albanian algerian american arab arabian argentine argentinian armenian asian australian
austrian azerbaijani azeri bangladeshi belarusian belgian bolivian bosnian brazilian british bulgarian
burmese cambodian cameroonian canadian chilean chinese colombian congolese croatian cuban cypriot czech
danish dutch ecuadorian egyptian emirati english eritrean estonian ethiopian european filipino finnish
french georgian german ghanaian greek guatemalan haitian honduran hungarian icelandic indian indonesian
iranian iraqi irish israeli italian ivorian jamaican japanese jordanian kazakh kenyan korean kosovar
kurdish kuwaiti kyrgyz latvian lebanese libyan lithuanian luxembourgish macedonian malaysian maltese
mexican moldovan mongolian montenegrin moroccan nepalese nigerian norwegian pakistani palestinian
panamanian paraguayan peruvian polish portuguese qatari romanian russian rwandan saudi scottish senegalese
serbian singaporean slovak slovakian slovenian somali sudanese spanish swedish swiss syrian
taiwanese tajik tanzanian thai tunisian turkish turkmen ugandan ukrainian uruguayan uzbek venezuelan
vietnamese welsh yemeni zambian zimbabwean soviet scandinavian
"""
# Languages whose lower-case words can be topics (``strike``, ``наводнение``); elsewhere only
# capitalised words are candidates: German capitalises its nouns, and for other languages there is
# no stop list to keep function words out.
_LOWER_CASE_TOPICS = frozenset({"en", "ru"})
# Languages that write a compound noun as two words (``solar farm``, ``drinking water``, where German writes
# ``Solarpark``): two lower-case words side by side may be one topic (see ``_compounds``). Russian declines
# both words of its own (``солнечной электростанции``) and is left to its single words.
_COMPOUND_LANGUAGES = frozenset({"en"})
# Compounds that name a role (``Stadtwerke-Chef``, ``Oppositionsführerin``) never start a name or a tag.
_ROLE_SUFFIXES_DE = (
    "präsident", "präsidentin", "minister", "ministerin", "kanzler", "kanzlerin", "meister", "meisterin",
    "chef", "chefin", "sprecher", "sprecherin", "leiter", "leiterin", "direktor", "direktorin", "führer",
    "führerin", "vorsitzende", "vorsitzender", "vorsitzenden", "sekretär", "sekretärin", "botschafter",
    "botschafterin", "beauftragte", "beauftragter", "politiker", "politikerin", "experte", "expertin",
    "vertreter", "vertreterin", "mitarbeiter", "mitarbeiterin", "kandidat", "kandidatin", "referent",
    "referentin", "berater", "beraterin",
)

# Endings of German nouns for people; such a dictionary word before a name is a role, not part of it.
_PERSON_SUFFIXES_DE = ("er", "erin", "ent", "entin", "ant", "antin", "ist", "istin", "eur", "eurin", "or", "orin",
                       "at", "atin", "ling", "ende", "ender")
# Lower-case words that may sit inside a personal name, after its first word: ``Ursula von der Leyen``,
# ``Osama bin Laden``. A plain ``von`` is left out: ``Hafen von Velsburg`` is no name.
_NAME_PARTICLES = frozenset({
    ("von", "der"), ("van", "der"), ("van", "den"), ("de", "la"), ("van",), ("de",), ("da",), ("di",), ("del",),
    ("della",), ("du",), ("bin",), ("ibn",), ("al",), ("ter",), ("ten",), ("le",), ("la",)})
_PARTICLES = frozenset(word for words in _NAME_PARTICLES for word in words)
_PARTICLE_STARTS = frozenset(words[0] for words in _NAME_PARTICLES)
# The endings of a German adjective's cases, longest first (see _links)
_ADJECTIVE_ENDINGS_DE = ("en", "em", "er", "es", "e")
_ADJECTIVE_CASES_DE = frozenset(("", *_ADJECTIVE_ENDINGS_DE))
# Case endings stripped from capitalised Russian words to fold ``Вельсбурга``/``Вельсбургу``.
_RU_ENDINGS = tuple(sorted(
    "ами ями ого его ому ему ыми ими ой ей ом ем ам ям ах ях ою ею ий ый ая яя ое ее ие ые ым им ых их ую юю"
    " а я у ю е ы и".split(), key=len, reverse=True))

# An age belongs to its number ("46-Jährige", "46-year-old"): alone, "Jährige" grouped every article with
# someone's age in it. Other words after a number and a hyphen are words ("49-Euro-Ticket" is about a ticket).
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d[\d.,]*(?:-(?:[Jj]ährig\w*|years?-olds?|летн\w*))?|[^\w\s]")
# A company's legal form after its name: "Nordbahn AG" and "Nordbahn" were two tags on the same articles.
_LEGAL_FORMS = frozenset({"ag", "gmbh", "se", "kg", "kgaa", "ohg", "inc", "ltd", "plc", "llc", "corp"})
_SENTENCE_MARKS = frozenset(".!?…:;„“”\"«»‚‘‹›¶")
_PARAGRAPH_BREAK = " ¶ "  # joins the body's paragraphs into one text; a sentence mark
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_HTML = re.compile(r"<[^>]+>")
_MD_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)", re.M)
_MD_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3}|`+)")
_MD_PARAGRAPH = re.compile(r"\n\s*\n")
_UNSAFE = re.compile(r"[<>&\"'{}\x00-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")
_MAX_TAG_LENGTH = 60

# Zone weights: a word in the title counts three times, in the lead twice.
_TITLE_WEIGHT, _LEAD_WEIGHT, _BODY_WEIGHT = 3, 2, 1
# What a rule's keywords must weigh in an article to tag it: one in the title or the lead, or two in the text.
RULE_MIN_WEIGHT = 2
# Weighted mentions an article needs before a candidate can be one of its tags.
_MIN_NAME_WEIGHT = 2  # names and capitalised words: the lead, the title, or twice in the body
_MIN_WORD_WEIGHT = 3  # lower-case words (English, Russian): more evidence, they are more often generic
# Of the articles mentioning a term, at least this share must mention it saliently: rules out
# generic nouns that turn up everywhere but are never what an article is about.
_MIN_SPECIFICITY = 0.3
_MAX_NAME_TOKENS = 4
# max_share only makes sense for a real archive: among fewer articles every shared term is > 30 %.
_MIN_ARCHIVE_FOR_SHARE = 10  # articles

# Word classes: sentence mark, other mark or number, word that is never a tag, name particle, lower-case content
# word (not German), a common word that is never a tag alone but may be part of a name (``New`` York, Islamic
# ``State``, Theresa ``May``, Vereinigte ``Staaten``), capitalised adjective (German ``Europäische``), capitalised
# word.
_SENT, _PUNCT, _OTHER, _STOPWORD, _PARTICLE, _WORD, _NAMEPART, _CAPADJ, _CAP = range(9)
_NAME_ENDS = (_CAP, _NAMEPART)  # the classes a name may end with (``Fox News``; German adjectives are trimmed)


_STOP = {language: frozenset(fold_diacritics(w) for w in words.split()) for language, words in _STOP_LISTS.items()}
_NAME_PARTS = {language: frozenset(map(fold_diacritics, words))
               for language, words in (("en", _NAME_PARTS_EN), ("de", _NAME_PARTS_DE))}
_NATIONALITIES = {"en": frozenset(_NATIONALITIES_EN.split())}
_ROLE_SUFFIXES = tuple(fold_diacritics(w) for w in _ROLE_SUFFIXES_DE)


def safe_label(name: str) -> str:
    """A tag name fit for pages and URLs: no markup characters, single spaces, at most 60 characters."""
    text = _SPACE.sub(" ", _UNSAFE.sub("", _SPACE.sub(" ", unicodedata.normalize("NFC", name)))).strip()
    if len(text) > _MAX_TAG_LENGTH:
        cut = text[:_MAX_TAG_LENGTH]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:-")
    return text


# ---------------------------------------------------------------------------
# Per-language word information, computed once per distinct spelling within one call.


@dataclass(eq=False, slots=True)
class _Info:
    """One distinct word (or mark) of one language. Compared by identity: one object per spelling."""

    cls: int
    surface: str  # the word without a possessive ``'s``
    key: str  # folded surface
    lemma: str  # simplemma lemma of the surface (the surface when unknown)
    lemma_key: str  # folded lemma
    match: tuple[str, ...]  # keys a rule keyword may match, each once: surface, lemma, German genitive base
    role: bool = False  # a German noun for a person (``Unternehmer``) that may precede a name
    root: str = ""  # the key of the word's variant group, set by _Vocabulary

    def __reduce__(self) -> tuple[type[_Info], tuple[object, ...]]:
        # Made again by the constructor, in half the time of pickle's way for slots: the scan file
        # holds one per distinct word of the archive (tens of thousands in a real one).
        return _Info, (self.cls, self.surface, self.key, self.lemma, self.lemma_key, self.match, self.role, self.root)


_PUNCT_INFO = _Info(_PUNCT, "", "", "", "", ())
_SENT_INFO = _Info(_SENT, "", "", "", "", ())
# Chunks with capitalised words that may form a run, in a line of signs: adjacent, or with name
# particles between them (``p`` may start a particle sequence, ``q`` only continue it: ``von der``).
_STRETCH = re.compile("x(?:(?:p[pq]?)?x)+")
_SENTENCE_START = re.compile("(?:^|(?<=[sv]))x")
# Byte tables that turn a line of signs into selectors for itertools.compress.
_PICK_LONE = bytes(c in b"xwv" for c in range(256))
_PICK_CAPS = bytes(c == ord("x") for c in range(256))
_PICK_WORDS = bytes(c in b"wv" for c in range(256))
_PICK_START = bytes(c == ord("y") for c in range(256))
_KEYWORD_START = re.compile("x")
# Two chunks with lower-case content words side by side, the first maybe capitalised at a sentence start
_PAIR = re.compile("(?=[wy][wv])")
# Verbs a headline's plural subject takes ("Residents fear …", "Shops close …", "Drivers face …"): after a
# plural, such a word makes a clause, not a compound noun. Nouns too ("fear", "rose"), so no stop words.
_CLAUSE_VERBS = frozenset("""
fear face warn urge vow demand slam seek back win lose close shut fall rise grow drop return rally slump soar
plunge surge agree hope welcome oppose fight accuse blame criticise criticize praise flock gather join leave
quit struggle celebrate mourn react respond wait pay spend earn expect predict suffer enjoy remember rose
protest play hunt target
""".split())
# Verbs a headline's subject takes, singular or plural ("Drought hits …", "Gallery reopens", "Police warn"), that
# are seldom a compound's head.
_HEADLINE_VERBS = frozenset("""
warn urge vow slam flock reopen celebrate welcome criticise criticize praise accuse blame hit object unveil
reveal insist pledge deny admit examine
""".split())
# Plurals without an "s": a compound's head may be one (``social media``), where another word whose lemma is
# another word is a verb's past form (``shares fell``); a subject may be one (``police hunt``, see _clause).
_PLURALS = frozenset("""
media data children women men people police staff feet teeth mice geese criteria phenomena bacteria""".split())
# Past participles that are adjectives of their own, in compounds (``armed forces``, ``listed building``).
_PARTICIPLE_ADJECTIVES = frozenset("""
armed skilled listed licensed registered frozen processed organised organized retired disabled""".split())
_start = methodcaller("start")
_WORDS = "words"  # the key of the lexicons' words in scans.pickle, beside the scans' digests


_Runs = list[tuple[tuple[_Info, ...], int]]  # runs of capitalised words, each with a sentence-start bit mask
_Yield = tuple[_Info | None, _Runs, list[_Info]]


class _Simplemma:
    """simplemma's lemmas and dictionary membership, with its dictionaries as MARISA tries.

    simplemma's default dictionaries decode a whole language into a dict on first use: 1.2 s and
    hundreds of MB per language, in every run that meets a new word. Its trie factory builds each
    language's trie once per machine and simplemma version (in simplemma's folder under the user's
    cache directory) and then loads it in milliseconds; the answers are the same dictionary's.
    """

    def __init__(self) -> None:
        # Imported on the first word the cache does not know: a run answered from the cache saves 0.1 s.
        from simplemma import Lemmatizer
        from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
        from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory
        from simplemma.utils import normalize_token

        factory = TrieDictionaryFactory()
        self._lemmatizer = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))
        self._lookup = DictionaryLookupStrategy(dictionary_factory=factory)
        self._normalise = normalize_token

    def lemmatize(self, word: str, language: str) -> str:
        """As ``simplemma.lemmatize``; ValueError for a language simplemma does not know."""
        return self._lemmatizer.lemmatize(word, language)

    def is_known(self, word: str, language: str) -> bool:
        """As ``simplemma.is_known``."""
        return self._lookup.get_lemma(self._normalise(word), language) is not None


@cache
def _simplemma() -> _Simplemma:
    return _Simplemma()


class _Dictionary:
    """simplemma's answers, remembered in a file between runs.

    simplemma loads a language's whole dictionary (seconds) on its first question; a run whose
    words were all seen before (a re-run, an edited paragraph) then never loads it. The answers are
    the dictionary's own, so the tags do not depend on the file.
    """

    def __init__(self, cache_file: Path | None) -> None:
        self.file = cache_file
        self.memo = Memo(cache_file, context="simplemma")
        # By language, then word: a real archive's lexicon holds hundreds of thousands of words, and a
        # (language, word) key per word took a tenth of the file and of its memory.
        self.lemmas: dict[str, dict[str, str]] = self.memo.get("lemmas", {})
        self.known: dict[str, dict[str, bool]] = self.memo.get("known", {})
        self.unsupported: set[str] = set()
        self.added = False

    def lemmatize(self, word: str, language: str) -> str:
        """The lemma of ``word``; the word itself in a language simplemma does not know."""
        lemmas = self.lemmas.get(language)
        found = lemmas.get(word) if lemmas is not None else None
        if found is None:
            if language in self.unsupported:
                return word
            try:
                found = _simplemma().lemmatize(word, language)
            except ValueError:
                self.unsupported.add(language)
                return word
            found = self.lemmas.setdefault(language, {})[word] = _same(found, word)
            self.added = True
        return found

    def is_known(self, word: str, language: str) -> bool:
        known = self.known.setdefault(language, {})
        found = known.get(word)
        if found is None:
            found = known[word] = _simplemma().is_known(word, language)
            self.added = True
        return found

    def tables(self) -> dict[str, dict[str, dict[str, Any]]]:
        """The answers by table ("lemmas", "known"), then language and word."""
        return {"lemmas": self.lemmas, "known": self.known}  # type: ignore[dict-item]

    def learn(self, answers: _Answered) -> None:
        """Take ``answers`` another process's dictionary got from simplemma (see ``_ScanShare.answers``)."""
        tables = self.tables()
        for table, by_language in answers.items():
            for language, items in by_language.items():
                known = tables[table].setdefault(language, {})
                for word, answer in items:
                    if word not in known:
                        known[word] = answer
                        self.added = True

    def save(self) -> None:
        if self.added:
            self.memo.put("lemmas", self.lemmas)
            self.memo.put("known", self.known)
        self.memo.save()


class _Lexicon:
    """Word classes and lemmas for one language; a cache that lives for one ``tag_articles`` call."""

    def __init__(self, language: str, dictionary: _Dictionary) -> None:
        self.language = language
        self.german = language == "de"
        self.dictionary = dictionary
        self.stop = _STOP.get(language) or frozenset().union(*_STOP.values())
        self.words: dict[str, _Info] = {}
        # One string object per distinct chunk: the scans keep every chunk of the archive, and a
        # reference costs 8 bytes where a copy costs 50 and more (gigabytes at 100,000 articles).
        self.canonical: dict[str, str] = {}
        self.chunks: dict[str, tuple[_Info, ...]] = {}  # whitespace-separated text → its words and marks
        # chunk → "x" when it holds a capitalised word, "p" or "q" when it is a name particle (see
        # _STRETCH), else "w" with a lower-case content word, else "b"; "v" and "s" instead of "w" and
        # "b" when it ends with a sentence mark
        self.signs: dict[str, str] = {}
        # chunk → its words the vocabulary reads (see _Scan.vocab); filled with its sign
        self.relevant: dict[str, tuple[_Info, ...]] = {}
        self.yields: dict[bool, dict[str, _Yield]] = {False: {}, True: {}}

    def lemmatize(self, word: str) -> str:
        return self.dictionary.lemmatize(word, self.language)

    def chunk(self, text: str) -> tuple[_Info, ...]:
        items = self.chunks.get(text)
        if items is None:
            tokens = _TOKEN.findall(text)
            try:  # words seen before: looked up in C (a re-run's lexicon starts with the archive's)
                items = tuple(map(self.words.__getitem__, tokens))
            except KeyError:
                items = tuple(map(self.info, tokens))
            self.chunks[text] = items
        return items

    def lone(self, text: str, after_mark: bool) -> _Yield:
        """What a chunk between two chunks without candidates yields, at a sentence start or not:
        the capitalised word it is, if that is all, else its runs and lower-case words. Not kept in
        ``yields``: the caller keeps those it reads again."""
        runs, words = _walk(self.chunk(text), after_mark, False, self.german)
        single = runs[0][0][0] if len(runs) == 1 and not words and runs[0][1] == 0 and len(runs[0][0]) == 1 \
            and runs[0][0][0].cls == _CAP else None
        return single, runs, words

    def sign(self, text: str) -> str:
        found = self.signs.get(text)
        if found is None:
            items = self.chunk(text)
            end = bool(items) and items[-1].cls == _SENT
            if any(i.cls > _WORD for i in items):
                found = "x"
            elif len(items) == 1 and items[0].cls == _PARTICLE:
                found = "p" if items[0].key in _PARTICLE_STARTS else "q"
            elif any(i.cls == _WORD for i in items):
                found = "v" if end else "w"
            else:
                found = "s" if end else "b"
            self.signs[text] = found
            self.relevant[text] = tuple(i for i in items if i.cls >= _STOPWORD)
        return found

    def info(self, token: str) -> _Info:
        found = self.words.get(token)
        if found is None:
            found = self.words[token] = self._classify(token)
        return found

    def _classify(self, token: str) -> _Info:
        first = token[0]
        if not first.isalpha():
            return _SENT_INFO if first in _SENTENCE_MARKS else _PUNCT_INFO
        surface = token
        if surface[-2:] in ("'s", "’s") and len(surface) > 3:
            surface = surface[:-2]
        surface = surface.rstrip("'’")
        # Equal strings as one object (most words are their own lemma, many their own key): a real
        # archive's lexicon holds hundreds of thousands of words, kept in memory and in the pass state,
        # whose pickle then holds each string once.
        key = _same(fold_diacritics(surface), surface)
        lemma = _same(self.lemmatize(surface), surface)
        lemma_key = key if lemma is surface else _same(fold_diacritics(lemma), key)
        cap = surface[0].isupper()
        # A tuple: a frozenset of one or two strings takes four times the memory
        match = _match(key, lemma_key)
        if self.german and cap and len(key) > 3 and key.endswith("s") and key[:-1] not in match:
            match += (key[:-1],)
        role = False
        if len(key) < 2 or (not cap and len(key) < 3):
            cls = _OTHER
        elif not cap and key in _PARTICLES:
            cls = _PARTICLE  # also a stop word: never a tag, but it may join a name
        elif key in self.stop or lemma_key in self.stop:
            parts = _NAME_PARTS.get(self.language, ())
            cls = _NAMEPART if cap and (key in parts or lemma_key in parts) else _STOPWORD
        elif not cap and self.language == "en" and _graded_or_past(key, lemma_key):
            cls = _STOPWORD
        elif cap and self.german and (key.endswith(_ROLE_SUFFIXES) or lemma_key.endswith(_ROLE_SUFFIXES)):
            cls = _STOPWORD
        elif cap and self.german:
            cls = _CAPADJ if lemma[:1].islower() else _CAP
            role = cls == _CAP and lemma_key.endswith(_PERSON_SUFFIXES_DE) and self.dictionary.is_known(surface, "de")
        elif cap:
            cls = _CAP
        elif self.language in _LOWER_CASE_TOPICS:
            cls = _WORD
        else:
            cls = _OTHER  # German topics are nouns, and nouns are capitalised; other languages: names only
        return _Info(cls, surface, key, lemma, lemma_key, match, role)


def _graded_or_past(key: str, lemma_key: str) -> bool:
    """Whether an English word is a verb's past form (``declared``, ``fell``) or an adjective's superlative
    (``driest``, ``biggest``): its lemma another word, and no plural (``shares``, ``media``), no ``-ing`` form
    (``flooding``), no comparative (``higher`` education), no adjective of its own (``armed`` forces). Neither
    is a topic, nor part of a compound (``driest spring``). By folded keys: a capitalised word's lemma is in
    lower case. Only for words in lower case or at a sentence start: a name may look like one (``Triest``)."""
    return (lemma_key != key and not key.endswith(("s", "ing", "er")) and key not in _PLURALS
            and key not in _PARTICIPLE_ADJECTIVES)


def _same(text: str, other: str) -> str:
    """``other`` if it equals ``text``, else ``text``."""
    return other if text == other else text


# ---------------------------------------------------------------------------
# Keyword rules


@dataclass(frozen=True)
class _Rule:
    tag: str
    keywords: tuple[tuple[str, ...], ...]  # folded word sequences
    starts: tuple[str, ...] = ()  # folded starts of words ("fernwarme" of "Fernwärme*": Fernwärmenetz too)


def _compile_rules(config: TagsConfig) -> list[_Rule]:
    rules = []
    for tag, keywords in config.rules.items():
        whole = [k for k in keywords if not k.rstrip().endswith("*")]
        words = (tuple(fold_diacritics(w) for w in _TOKEN.findall(k) if w[0].isalpha()) for k in whole)
        # Each start as written and with its umlauts spelled out ("Fernwärme*": "fernwarme", "fernwaerme").
        starts = tuple(dict.fromkeys(fold_diacritics(start) for k in keywords if k.rstrip().endswith("*")
                                     for start in (k.strip().rstrip("*"), spell_umlauts(k.strip().rstrip("*")))))
        rules.append(_Rule(tag, tuple(w for w in words if w), starts))
    return rules


_Hit = tuple[int, tuple[frozenset[str], ...]]  # rule index, keys each keyword word may match


class _RuleIndex:
    """Keyword rules for one language: keyword words are lemmatised in that language."""

    def __init__(self, rules: Sequence[_Rule], lexicon: _Lexicon) -> None:
        self.first: dict[str, list[_Hit]] = defaultdict(list)
        for index, rule in enumerate(rules):
            for words in rule.keywords:
                keys = tuple(frozenset({w, fold_diacritics(lexicon.lemmatize(w))}) for w in words)
                for key in keys[0]:
                    self.first[key].append((index, keys))
        # A keyword ending in "*" matches the words starting with it: a compound's first part ("Fernwärme*").
        self.starts = tuple((start, index) for index, rule in enumerate(rules) for start in rule.starts)
        self.cache: dict[_Info, list[_Hit]] = {}
        self.flags: dict[str, str] = {}  # chunk → "x" when a keyword may start in it, else "-"
        self.longest = max((len(words) for rule in rules for words in rule.keywords), default=1)

    def hits(self, info: _Info) -> list[_Hit]:
        found = self.cache.get(info)
        if found is None:
            found = self.cache[info] = list(dict.fromkeys(h for key in info.match for h in self.first.get(key, ())))
            found += dict.fromkeys((index, (frozenset(info.match),)) for start, index in self.starts
                                   if any(key.startswith(start) for key in info.match))
        return found

    def flag(self, raw: str, lexicon: _Lexicon) -> str:
        found = self.flags.get(raw)
        if found is None:
            found = self.flags[raw] = "x" if any(self.hits(info) for info in lexicon.chunk(raw)) else "-"
        return found

    def score(self, raws: Sequence[str], lexicon: _Lexicon, weight: int, scores: dict[int, int]) -> None:
        """Add ``weight`` per keyword occurrence in one zone's whitespace-separated chunks."""
        line = _marks(self.flags, raws, lambda raw: self.flag(raw, lexicon))
        for found in _KEYWORD_START.finditer(line):
            position = found.start()
            raw = raws[position]
            items = [info for r in raws[position: position + self.longest] for info in lexicon.chunk(r)]
            for offset, info in enumerate(items[: len(lexicon.chunk(raw))]):
                for index, keys in self.hits(info):
                    following = items[offset + 1: offset + len(keys)]
                    if len(following) == len(keys) - 1 and all(
                            not k.isdisjoint(w.match) for w, k in zip(following, keys[1:], strict=True)):
                        scores[index] = scores.get(index, 0) + weight


# ---------------------------------------------------------------------------
# Pass 1: one article on its own


@dataclass
class _Scan:
    """What one article contributes. Weights: title 3, lead 2, body 1 per occurrence."""

    language: str
    # Chunks with candidates that cannot join a neighbour, once per unit of weight: counted later.
    lone: list[str] = field(default_factory=list)
    lone_start: list[str] = field(default_factory=list)  # the same at a sentence start (not German)
    runs: list[tuple[tuple[_Info, ...], int, int]] = field(default_factory=list)  # (run, mask, weight), walked
    words: list[tuple[_Info, int]] = field(default_factory=list)  # (lower-case word, weight), walked
    rules: dict[int, int] = field(default_factory=dict)  # rule index → weighted matches
    # The article's distinct whitespace-separated chunks: their words from class _STOPWORD up, over
    # all articles, are what _Vocabulary reads, whether the scans were made now or loaded from the cache.
    chunks: tuple[str, ...] = ()
    # Two lower-case words side by side, nothing between them, that the article writes together twice or
    # more (by lemma), a compound noun perhaps (see ``_compounds``): (first word, second word, weight, and
    # whether some use has no repeated pair before it (1), and some none after it (2): ``free school`` of
    # ``free school meals`` never the second; ``music festival`` before a verb, once each, both). A tuple:
    # most scans have none, and the empty tuple is one object for all of them.
    pairs: tuple[tuple[_Info, _Info, int, int], ...] = ()

    def pack(self, number: Callable[[_Info], int]) -> _PackedScan:
        """The fields as a tuple, for the scan file and the worker's scans, with the words as their numbers
        (``number``) in bytes: pickle keeps a table of every object it writes, and a tuple per run and per
        word made the scan file's table the run's peak (0.45 GB at 100,000 articles with a real
        vocabulary). The runs' words in a row, and each run's length, mask and weight (a mask has a bit per
        word: a number of any size)."""
        runs = self.runs
        return (self.language, self.lone, self.lone_start,
                _numbers(number(info) for run, _, _ in runs for info in run),
                tuple(n for run, mask, weight in runs for n in (len(run), mask, weight)),
                _numbers(n for info, weight in self.words for n in (number(info), weight)), self.rules, self.chunks,
                _numbers(n for one, two, weight, ends in self.pairs for n in (number(one), number(two), weight, ends)))

    @classmethod
    def unpacked(cls, packed: _PackedScan, word: Callable[[int], _Info], same: Callable[[str, str], str] | None = None
                 ) -> _Scan:
        """The scan ``packed`` (see ``pack``), its words by number (``word``); its chunks each as ``same`` gives
        it, if given (one string per chunk in a process)."""
        language, lone, lone_start, run_words, shapes, found, rules, chunks, pairs = packed
        infos = map(word, array(_NUMBER, run_words))  # each run takes its length's worth in turn
        runs = list(zip(map(tuple, map(islice, repeat(infos), shapes[0::3])), shapes[1::3], shapes[2::3], strict=True))
        numbers = array(_NUMBER, found)
        words = list(zip(map(word, numbers[0::2]), numbers[1::2], strict=True))
        numbers = array(_NUMBER, pairs)
        pairs_found = tuple(zip(map(word, numbers[0::4]), map(word, numbers[1::4]), numbers[2::4], numbers[3::4],
                                strict=True))
        if same is not None:
            lone, lone_start, chunks = list(map(same, lone, lone)), list(map(same, lone_start, lone_start)), tuple(
                map(same, chunks, chunks))
        return cls(language, lone, lone_start, runs, words, rules, chunks, pairs_found)


_NUMBER = "I"  # array type of the numbers of a packed scan: unsigned, 4 bytes
# A scan as the scan file and the worker's chunks hold it (see _Scan.pack): language, lone chunks, lone chunks at a
# sentence start, the runs' words' numbers, each run's length, mask and weight, the walked words' numbers and
# weights, rule matches, chunks, the pairs' numbers, weights and ends.
_PackedScan = tuple[str, list[str], list[str], bytes, tuple[int, ...], bytes, dict[int, int], tuple[str, ...], bytes]


def _numbers(values: Iterable[int]) -> bytes:
    return array(_NUMBER, values).tobytes()


# The scan file's words of one language (see _pack_words), a list per field: tokens; classes and roles (a byte
# each); surfaces, keys, lemmas, lemma keys, roots; the words whose match keys are not their key and lemma key's
# (a German genitive's base), by number; the chunks the vocabulary reads; the number of its words each gives,
# and their numbers.
_PackedWords = tuple[list[str], bytes, bytes, list[str], list[str], list[str], list[str], list[str],
                     dict[int, tuple[str, ...]], list[str], bytes, bytes]
# The same unpacked: each token's word, each chunk's words, the words by number
_Seed = tuple[dict[str, _Info], dict[str, tuple[_Info, ...]], list[_Info]]


def _pack_words(tokens: Mapping[str, _Info], relevant: Mapping[str, tuple[_Info, ...]]
                ) -> tuple[_PackedWords, Callable[[_Info], int]]:
    """One language's words for the scan file, flat (a few lists, not a pickled object and two tuples per word), and
    their numbers, by which the scans name them."""
    words = list(tokens.values())
    number = {info: n for n, info in enumerate(words)}.__getitem__
    extra = {n: info.match for n, info in enumerate(words) if info.match != _match(info.key, info.lemma_key)}
    return (list(tokens), bytes(info.cls for info in words), bytes(info.role for info in words),
            [info.surface for info in words], [info.key for info in words], [info.lemma for info in words],
            [info.lemma_key for info in words], [info.root for info in words], extra, list(relevant),
            _numbers(map(len, relevant.values())),
            _numbers(number(info) for infos in relevant.values() for info in infos)), number


def _unpack_words(packed: _PackedWords) -> _Seed:
    """The words ``_pack_words`` packed."""
    tokens, classes, roles, surfaces, keys, lemmas, lemma_keys, roots, extra, chunks, sizes, numbers = packed
    matches = list(map(_match, keys, lemma_keys))
    for n, match in extra.items():
        matches[n] = match
    words = list(map(_Info, classes, surfaces, keys, lemmas, lemma_keys, matches, map(bool, roles), roots))
    found = map(words.__getitem__, array(_NUMBER, numbers))  # each chunk takes its size's worth in turn
    relevant = dict(zip(chunks, map(tuple, map(islice, repeat(found), array(_NUMBER, sizes))), strict=True))
    return dict(zip(tokens, words, strict=True)), relevant, words


def _match(key: str, lemma_key: str) -> tuple[str, ...]:
    """A word's match keys (see _Info), but for a German genitive's base."""
    return (key,) if lemma_key == key else (key, lemma_key)


def _seeds(stored: Memo) -> dict[str, _Seed]:
    """The words of the scan file ``stored``, by language."""
    return {language: _unpack_words(packed) for language, packed in stored.get(_WORDS, {}).items()}


def _plain_markdown(text: str) -> list[str]:
    text = _MD_IMAGE.sub(" ", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HTML.sub(" ", text)
    text = _MD_PREFIX.sub("", text)
    text = _MD_EMPHASIS.sub("", text)
    return [p for p in (p.strip() for p in _MD_PARAGRAPH.split(text)) if p]


def _zones(article: Article) -> list[tuple[str, int]]:
    """Title, lead and body as (text, weight); the lead is the description or else the first paragraph. Lines
    about the article (a byline, a picture's credit) name no topic of it."""
    if article.markdown is not None:
        paragraphs = _plain_markdown(article.markdown)
    else:
        paragraphs = [link_words(block.text) for block in article.body
                      if isinstance(block, Paragraph) and not block.is_note]
    zones = [(article.title, _TITLE_WEIGHT)]
    if article.description:
        zones.append((article.description, _LEAD_WEIGHT))
    elif paragraphs:
        zones.append((paragraphs[0], _LEAD_WEIGHT))
        paragraphs = paragraphs[1:]
    if paragraphs:
        zones.append((_PARAGRAPH_BREAK.join(paragraphs), _BODY_WEIGHT))
    return zones


def _title_case(title: str) -> bool:
    """English-style headline capitalisation, where capitals say nothing about names."""
    words = [w for w in title.split() if len(w) > 3 and w[0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _walk(infos: Iterable[_Info], start: bool, uncertain: bool, german: bool
          ) -> tuple[list[tuple[tuple[_Info, ...], int]], list[_Info]]:
    """Runs of capitalised words (with a bit mask of the words whose capital may only mark a sentence
    start) and lower-case content words, in a stretch of words and marks."""
    found: list[tuple[tuple[_Info, ...], int]] = []
    words: list[_Info] = []
    run: list[_Info] = []
    pending: list[_Info] = []
    mask = 0
    for info in infos:
        cls = info.cls
        # A name part joins at a sentence start too (``New York saw …``): _split_run keeps an English one
        # only before a name there, and a German one never in front.
        if cls == _CAP or cls == _NAMEPART or (cls == _CAPADJ and not start):
            if pending:
                if tuple(p.key for p in pending) in _NAME_PARTICLES:
                    run += pending
                else:
                    found.append((tuple(run), mask))
                    run = []
                    mask = 0
                pending = []
            if (start or uncertain) and not german:
                mask |= 1 << len(run)
            run.append(info)
            start = False
            continue
        if cls == _PARTICLE and len(run) == 1 and len(pending) < 2:
            pending.append(info)
            start = False
            continue
        if run:
            found.append((tuple(run), mask))
            run = []
            mask = 0
        pending = []
        if cls == _WORD:
            words.append(info)
        start = cls == _SENT
    if run:
        found.append((tuple(run), mask))
    return found, words


def _signs(raws: list[str], lexicon: _Lexicon) -> str:
    return _marks(lexicon.signs, raws, lexicon.sign)


def _marks(table: Mapping[str, str], raws: Sequence[str], mark: Callable[[str], object]) -> str:
    """The line of ``table``'s one-letter marks of ``raws``, joined in C; the chunks it lacks are first
    marked by ``mark`` (which fills ``table``), those alone in Python."""
    try:
        return "".join(map(table.__getitem__, raws))
    except KeyError:
        for raw in set(raws).difference(table):
            mark(raw)
        return "".join(map(table.__getitem__, raws))


def _scan(zones: Iterable[tuple[str, int]], lexicon: _Lexicon, rules: _RuleIndex | None) -> _Scan:
    """Collect capitalised runs, content words and rule matches of one article, from its ``_zones``.

    This runs over every word of the archive, so most of it happens in C. Each whitespace-separated
    chunk maps to a sign (see ``_Lexicon.signs``). A chunk that cannot join a run with its neighbours
    (``der Verwaltung im``, ``the port``) is only collected, to be counted; what it yields is worked
    out once per chunk (and, outside German, per sentence position). Only stretches of adjacent
    chunks with capitalised words (``Clara Hoffmann``) and English-style headlines are walked.
    """
    scan = _Scan(lexicon.language)  # the lexicon's: "und" when the article has no language
    german = lexicon.german
    distinct: set[str] = set()
    # Each zone's pairs by position (see _pairs), its weight and its signs
    pairs: list[tuple[dict[int, tuple[_Info, _Info]], int, str]] | None = (
        [] if lexicon.language in _COMPOUND_LANGUAGES else None)
    for text, weight in zones:
        split = text.split()
        raws = list(map(lexicon.canonical.setdefault, split, split))
        line = _signs(raws, lexicon)
        distinct.update(raws)
        if rules is not None:
            rules.score(raws, lexicon, weight, scan.rules)
        if "x" not in line and "w" not in line and "v" not in line:
            continue
        stretches: list[tuple[Iterable[_Info], bool, bool]] = []  # words, sentence start?, headline?
        if weight == _TITLE_WEIGHT and not german and _title_case(text):
            stretches.append((chain.from_iterable(map(lexicon.chunks.__getitem__, raws)), True, True))
            line = ""
        elif "xx" in line or "xp" in line:  # cheap test before the regular expression
            for span in _STRETCH.finditer(line):
                first, last = span.span()
                stretches.append((chain.from_iterable(map(lexicon.chunks.__getitem__, raws[first:last])),
                                  first == 0 or line[first - 1] in "sv", False))
            line = _STRETCH.sub(_blank, line)
        for infos, start, headline in stretches:
            runs, words = _walk(infos, start, headline, german)
            scan.runs.extend((run, mask, weight) for run, mask in runs)
            scan.words.extend((word, min(weight, _LEAD_WEIGHT)) for word in words)
        if not german and line:
            line = _SENTENCE_START.sub("y", line)
            if pairs is not None and ("w" in line or "v" in line) and (found := _pairs(raws, line, lexicon)):
                pairs.append((found, weight, line))
            if "y" in line:
                scan.lone_start += list(compress(raws, line.encode().translate(_PICK_START))) * weight
        if line and weight == _TITLE_WEIGHT and not german:
            # a lower-case word in the title alone (``Hoffmann vows action``) is not yet a topic
            scan.lone += list(compress(raws, line.encode().translate(_PICK_CAPS))) * weight
            scan.lone += list(compress(raws, line.encode().translate(_PICK_WORDS))) * _LEAD_WEIGHT
        elif line:
            scan.lone += list(compress(raws, line.encode().translate(_PICK_LONE))) * weight
    scan.chunks = tuple(distinct)
    if pairs:
        scan.pairs = _repeated(pairs)
    return scan


def _repeated(zones: Sequence[tuple[dict[int, tuple[_Info, _Info]], int, str]]
              ) -> tuple[tuple[_Info, _Info, int, int], ...]:
    """The pairs of an article's ``zones`` (each zone's pairs by position, its weight, its signs) that it
    writes twice or more, by lemma (see ``_Scan.pairs``). Their weight is as
    lower-case words weigh: in the title as in the lead. A pair capitalised at the title's start is not
    counted, as a lead that repeats the headline's first words ("Shoppers flock to …") would make it
    twice. Most pairs are written once: those are only counted."""
    times = Counter((first.lemma_key, second.lemma_key) for found, weight, line in zones
                    for n, (first, second) in found.items() if weight != _TITLE_WEIGHT or line[n] != "y")
    twice = {pair for found, _, _ in zones for pair in found.values()
             if times[pair[0].lemma_key, pair[1].lemma_key] >= 2}
    if not twice:
        return ()
    weights: dict[tuple[_Info, _Info], int] = {}
    ends: dict[tuple[_Info, _Info], int] = {}
    for found, weight, _ in zones:
        for n, pair in found.items():
            if pair in twice:
                weights[pair] = weights.get(pair, 0) + min(weight, _LEAD_WEIGHT)
                before, after = found.get(n - 1), found.get(n + 1)
                ends[pair] = ends.get(pair, 0) | (before is None or before not in twice) | (
                    after is None or after not in twice) << 1
    return tuple((*pair, weight, ends[pair]) for pair, weight in weights.items())


def _pairs(raws: Sequence[str], line: str, lexicon: _Lexicon) -> dict[int, tuple[_Info, _Info]]:
    """Each two lower-case content words side by side in a zone, with no mark between them (``solar farm.``,
    not ``farm, solar``), by the first's position. ``raws``: the zone's chunks, ``line`` their signs. The
    first may be capitalised at a sentence start (``Drinking water``): the pass takes it as a pair's only
    where the archive writes it in lower case too, as a lone word. The second is a noun's place: a verb
    there makes a clause (see ``_clause``)."""
    chunks = lexicon.chunks  # every chunk of the line is signed, so split into its words
    found: dict[int, tuple[_Info, _Info]] = {}
    for n in map(_start, _PAIR.finditer(line)):
        first, second = chunks[raws[n]][-1], chunks[raws[n + 1]][0]
        if second.cls == _WORD and (first.cls == _WORD or first.cls == _CAP and line[n] == "y") and not _clause(
                first, second):
            found[n] = first, second
    return found


def _clause(first: _Info, second: _Info) -> bool:
    """Whether two words side by side read as a subject and its verb, not as a compound noun: the second one
    of ``_HEADLINE_VERBS`` (``drought hits``), or one of ``_CLAUSE_VERBS`` after a plural (``residents
    fear``, ``police hunt``; ``skills shortage`` is a noun). A verb's past form is no lower-case word at
    all (see ``_graded_or_past``)."""
    if second.lemma_key in _HEADLINE_VERBS:
        return True
    plural = first.key in _PLURALS or first.key.endswith("s") and first.lemma_key != first.key
    return plural and second.key in _CLAUSE_VERBS


def _blank(match: re.Match[str]) -> str:
    return "m" * len(match.group())


# ---------------------------------------------------------------------------
# Pass 2: the archive


def _links(info: _Info, language: str, cap: Callable[[str], bool]) -> tuple[str, ...]:
    """The keys a word of class ``_WORD`` up links its own key to (see ``_Vocabulary``): its lemma's,
    the base of a German genitive (when ``cap`` tells it is a capitalised word's key), a Russian stem, the stem
    of a German adjective's case (``Weißen``, ``Weiße``, ``Weißes``: the dictionary gives "Weißer" and "Weiß")."""
    key, lemma_key = info.key, info.lemma_key
    links = (lemma_key,) if lemma_key != key and (info.cls != _CAP or info.lemma[:1].isupper()) else ()
    if info.cls == _WORD:
        return links
    if language == "de" and lemma_key != key and (info.cls == _CAP or info.cls == _CAPADJ):
        # an adjective's case and its lemma another case of it: not a noun's plural beside another noun's
        # genitive ("Traumen" of Trauma, "Traumes" of Traum)
        stem = next((key[:-len(e)] for e in _ADJECTIVE_ENDINGS_DE if key.endswith(e) and len(key) - len(e) >= 4), "")
        if stem and lemma_key.startswith(stem) and lemma_key[len(stem):] in _ADJECTIVE_CASES_DE:
            links = (*links, "~" + stem)
    if language == "de" and len(key) > 3 and key[-1] == "s" and key[-2] not in "sxzß" and cap(key[:-1]):
        return (*links, key[:-1])
    if language == "ru" and info.cls == _CAP:
        ending = next((e for e in _RU_ENDINGS if key.endswith(e) and len(key) - len(e) >= 3), "")
        return (*links, "~" + key[: len(key) - len(ending)])
    return links


# What a _Vocabulary answers: words seen in lower case by language, Russian nominatives, each key's root,
# and each group's spellings seen capitalised.
_Answers = tuple[dict[str, set[str]], dict[str, str], dict[str, str], dict[str, tuple[str, ...]]]


class _Vocabulary:
    """Folds spelling variants of a word into one key, its ``root``.

    Variants are linked by lemma (``Sanktionen`` → ``Sanktion``), German genitive ``-s`` where the
    base form occurs too (``Velsburgs`` → ``Velsburg``, ``Putins`` → ``Putin``) and Russian case
    endings (``Вельсбурга``, ``Вельсбургу``); case and diacritics never matter (``Orbán`` = ``Orban``).
    A group's key is its shortest member, so it does not depend on the order of the articles.
    """

    def __init__(self, words: Mapping[str, Collection[_Info]], dictionary: _Dictionary) -> None:
        """``words``: per language, the archive's distinct words from class ``_STOPWORD`` up."""
        self.dictionary = dictionary
        self.lower_seen: dict[str, set[str]] = {}
        self.lemma_of: dict[str, str] = {}  # Russian spelling, or German genitive → its nominative, for display
        self.root: dict[str, str] = {}
        # The spellings seen capitalised, by group key, sorted: a tuple takes a quarter of a frozenset's
        # memory, and most groups are a single word
        self.group_spellings: dict[str, tuple[str, ...]] = {}
        self._base: dict[str, bool] = {}
        for language, infos in words.items():
            self.lower_seen[language] = {key for info in infos if not info.surface[0].isupper()
                                         for key in (info.key, info.lemma_key)}
        cap_keys = {info.key for infos in words.values() for info in infos if info.cls >= _CAPADJ}
        self._group(words, cap_keys.__contains__)
        self._set_roots(words)

    def _group(self, words: Mapping[str, Iterable[_Info]], cap: Callable[[str], bool],
               within: set[str] | None = None) -> bool:
        """Enter the groups of ``words`` in ``root`` and ``group_spellings``, and their Russian
        nominatives in ``lemma_of``; ``cap`` tells the keys of capitalised words. False, with nothing
        entered, when a word links a key outside ``within``."""
        keys: set[str] = set()
        edges: dict[str, set[str]] = {}  # of the keys linked to another (few: most words stand alone)
        nominatives: dict[str, str] = {}
        for language, infos in words.items():
            for info in infos:
                if info.cls < _WORD:
                    continue
                key = info.key
                keys.add(key)
                for other in _links(info, language, cap):
                    edges.setdefault(key, set()).add(other)
                    edges.setdefault(other, set()).add(key)
                if language == "ru" and info.cls == _CAP and info.lemma != info.surface and info.lemma[:1].isupper():
                    nominatives[info.surface] = info.lemma
                elif language == "de" and info.cls == _CAP and _genitive_of(info.surface, info.lemma) \
                        and self.dictionary.is_known(info.lemma, "de"):
                    nominatives[info.surface] = info.lemma  # a noun's genitive: "Güterbahnhofs" named "Güterbahnhof"
        if within is not None and not within.issuperset(edges):
            return False
        self.lemma_of.update(nominatives)
        for key in keys.difference(edges):
            self.root[key] = key
            self.group_spellings[key] = (key,) if cap(key) else ()
        grouped: set[str] = set()
        for start in edges:  # in any order: a group's key is its shortest member
            if start in grouped:
                continue
            component, todo = {start}, [start]
            while todo:
                for other in edges[todo.pop()]:
                    if other not in component:
                        component.add(other)
                        todo.append(other)
            grouped |= component
            members = [m for m in component if not m.startswith("~")] or sorted(component)
            root = min(members, key=lambda m: (len(m), m))
            for member in component:
                self.root[member] = root
            self.group_spellings[root] = tuple(sorted(m for m in component if cap(m)))
        return True

    def _set_roots(self, words: Mapping[str, Iterable[_Info]]) -> None:
        """Set the roots of ``words``."""
        root = self.root
        for infos in words.values():
            for info in infos:  # the words _gather reads a root of; a lexicon's others are never read
                info.root = root.get(info.key, info.key)

    def changed(self, words: Mapping[str, Collection[_Info]], changed: Mapping[_Info, str]) -> _Vocabulary | None:
        """The vocabulary of ``words``: this one's words but those of ``changed`` that went, and those of
        ``changed`` that came (each word with its language). Worked out from this one's answers: only the
        groups that the changed words join, leave or link are made again, from the words whose keys are
        in them: 8 ms for 15 words gone from a real archive's 57,000, where building the vocabulary of
        the others takes 51 ms.
        None if a word links a key outside those groups, which the rules of ``_links`` rule out."""
        old_root, old_groups = self.root, self.group_spellings
        region: set[str] = set()  # the keys whose group may change
        lower: dict[str, set[str]] = {}  # by language, the keys whose lower-case use may change
        for info, language in changed.items():
            region.add(info.key)  # its root is set with the others' in the region
            if not info.surface[0].isupper():
                lower.setdefault(language, set()).update((info.key, info.lemma_key))
            if info.cls >= _WORD:
                region.update(_links(info, language, lambda key: True))  # every key it may link
                if info.cls >= _CAPADJ:
                    region.add(info.key + "s")  # a German genitive, linked to it while it is capitalised
        roots = {old_root[key] for key in region if key in old_root}
        region.update(key for key, root in old_root.items() if root in roots)
        local = {language: [info for info in infos if info.key in region] for language, infos in words.items()}
        capitalised = {info.key for infos in local.values() for info in infos if info.cls >= _CAPADJ}

        def cap(key: str) -> bool:
            return key in capitalised if key in region else key in old_groups.get(old_root.get(key, ""), ())

        vocab = _Vocabulary.__new__(_Vocabulary)
        vocab.dictionary, vocab._base = self.dictionary, {}
        vocab.root, vocab.group_spellings, vocab.lemma_of = dict(old_root), dict(old_groups), dict(self.lemma_of)
        for key in region:
            vocab.root.pop(key, None)
            vocab.group_spellings.pop(key, None)
        for info, language in changed.items():
            if language in ("ru", "de"):  # see _group's nominatives
                vocab.lemma_of.pop(info.surface, None)
        if not vocab._group(local, cap, region):
            return None
        vocab.lower_seen = dict(self.lower_seen)
        for language, keys in lower.items():
            seen = {key for info in words.get(language, ()) if not info.surface[0].isupper()
                    for key in (info.key, info.lemma_key) if key in keys}
            vocab.lower_seen[language] = (self.lower_seen.get(language, set()) - keys) | seen
        vocab._set_roots(local)
        return vocab

    def answers(self) -> _Answers:
        """What the vocabulary answers, to be kept with the words it was built of (see ``restored``)."""
        return self.lower_seen, self.lemma_of, self.root, self.group_spellings

    @classmethod
    def restored(cls, answers: _Answers, words: Mapping[str, Collection[_Info]], dictionary: _Dictionary
                 ) -> _Vocabulary:
        """The vocabulary of ``words`` that gave ``answers``, without building it again (0.1 s with a
        real archive's 57,000 words); the words' roots are set as building it sets them (they may hold
        another vocabulary's, made since in this process and not kept)."""
        vocab = cls.__new__(cls)
        vocab.dictionary = dictionary
        vocab.lower_seen, vocab.lemma_of, vocab.root, vocab.group_spellings = answers
        vocab._base = {}
        root = vocab.root
        for infos in words.values():
            for info in infos:
                info.root = root.get(info.key, info.key)
        return vocab

    def key(self, word: str) -> str:
        folded = fold_diacritics(word)
        return self.root.get(folded, folded)

    def phrase_key(self, text: str) -> str:
        """The key of any tag text (an alias, a rule or a front matter tag): its words' keys joined."""
        words = [w for w in _TOKEN.findall(text) if w[0].isalpha()]
        return " ".join(self.key(w) for w in words) if words else fold_diacritics(text.strip())

    def common(self, info: _Info, language: str) -> bool:
        """A sentence-initial capitalised word that is a common word: one that occurs in lower case
        elsewhere, or whose dictionary lemma is lower case (``Critics say…``, but ``Israel said…``). An English
        word that looks like a past form or a superlative only if written in lower case: a name may look like
        one to the dictionary (``Lent``, ``Triest``: "lend", "try"; see _graded_or_past)."""
        lower = self.lower_seen.get(language, ())
        if info.key in lower:
            return True
        if language == "en" and _graded_or_past(info.key, info.lemma_key):
            return False
        return info.lemma[:1].islower() or info.lemma_key in lower

    def is_base(self, surface: str) -> bool:
        """False for an inflected spelling whose base form occurs too (``Velsburgs``, ``Москвы``)."""
        found = self._base.get(surface)
        if found is None:
            folded = fold_diacritics(surface)
            group = self.group_spellings.get(self.root.get(folded, folded), ())
            lemma = self.lemma_of.get(surface, surface)
            found = not any(folded.startswith(s) and 1 <= len(folded) - len(s) <= 3 for s in group) and not (
                lemma != surface and fold_diacritics(lemma) in group)
            self._base[surface] = found
        return found

    def label(self, spellings: Mapping[str, int]) -> str:
        """Display form: the most frequent uninflected spelling; diacritics win a tie (``Orbán``). Of spellings
        that differ in case alone, a name's capitals win (``High Street`` beside a compound's ``high street``),
        but not a word set in capitals throughout (``SPRINGFIELD``, a dateline's, beside ``Springfield``; an
        acronym of up to five letters may be either, ``NATO``, ``Nato``: the more frequent wins)."""
        cased = Counter(spelling.casefold() for spelling in spellings) if len(spellings) > 1 else None

        def rank(item: tuple[str, int]) -> tuple[int, int, int, int, int, str]:
            spelling, count = item
            words = spelling.split(" ")
            base = sum(self.is_base(w) for w in words)
            capitals = shouted = 0
            if cased and cased[spelling.casefold()] > 1:
                capitals = sum(w[:1].isupper() for w in words)
                shouted = sum(len(w) > 5 and w.isupper() for w in words)
            return (-base, -capitals, shouted, -count, -sum(not c.isascii() for c in spelling), spelling)

        best = min(spellings.items(), key=rank)[0]
        lemma = self.lemma_of.get(best)
        if lemma and (_genitive_of(best, lemma) or self.dictionary.is_known(lemma, "ru")):
            # A name only seen inflected: its nominative (``Рейна`` → ``Рейн``, ``Güterbahnhofs`` → ``Güterbahnhof``)
            return lemma
        return best


def _genitive_of(surface: str, lemma: str) -> bool:
    """Whether ``surface`` is ``lemma``'s German genitive (``Güterbahnhofs``, ``Rathauses``). Read for every
    capitalised word the vocabulary holds: no string is made for one that is its lemma."""
    return len(surface) > len(lemma) and surface.startswith(lemma) and surface[len(lemma):] in ("s", "es")


@dataclass
class _Candidates:
    """One article's automatic tag candidates: key → weighted count."""

    names: dict[str, int]  # capitalised words and multi-word names (keys with a space)
    words: dict[str, int]  # lower-case content words (English, Russian)


def _lone_maps(lexicon: _Lexicon, after_mark: bool, chunks: Counter[str], vocab: _Vocabulary,
               spellings: dict[str, Counter[str]]) -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """For lone chunks: which are one capitalised word (chunk → key), which one lower-case word, and
    the rest. A sentence-initial capitalised word seen in lower case elsewhere counts as a word.
    Spellings are counted here, once per chunk."""
    name_of: dict[str, str] = {}
    word_of: dict[str, str] = {}
    rest = set()
    # Only the rest's yields are kept (``_gather`` reads them again): with a real archive's vocabulary,
    # the others are hundreds of thousands of chunks, 0.1 GB at 100,000 articles, at the run's peak.
    kept = lexicon.yields[after_mark]
    for raw, count in chunks.items():
        single, found, infos = yielded = kept.get(raw) or lexicon.lone(raw, after_mark)
        if single is None and after_mark and not infos and len(found) == 1 and len(found[0][0]) == 1:
            single = found[0][0][0]
            if single.cls == _CAP and vocab.common(single, lexicon.language):
                if len(single.key) >= 3 and not _past_at_start(single, lexicon.language):
                    word_of[raw] = single.root
                    spellings[single.root][single.lemma] += count
                else:  # in no map: read again (a run of one short word, or ``Declared``: see _split_run)
                    kept[raw] = yielded
                continue
        if single is not None and single.cls == _CAP:
            name_of[raw] = single.root
            spellings[single.root][single.surface] += count
        elif not found and len(infos) == 1:
            word_of[raw] = infos[0].root
            spellings[infos[0].root][infos[0].lemma] += count
        else:
            rest.add(raw)
            kept[raw] = yielded
    return name_of, word_of, frozenset(rest)


def _inflected(info: _Info, language: str) -> bool:
    """A German genitive (``Russlands``) or a Russian case form (``Москвы``) of a name."""
    if language == "de":  # not a common noun's genitive in a name (``Islamischen Staats``)
        return info.key[-1:] == "s" and info.root == info.key[:-1] and info.cls != _NAMEPART
    return language == "ru" and info.key != info.root


def _name_or_words(infos: tuple[_Info, ...], language: str, run_count: Mapping[tuple[str, ...], int],
                   uninflected: set[tuple[str, ...]]) -> tuple[tuple[str, str], ...]:
    """(key, spelling) of a sequence of capitalised words that is a name, else of each capitalised word."""
    tokens = tuple(i.root for i in infos)
    # ``Herausforderer Malte Strübing``: drop a leading word the rest usually goes without.
    while 2 < len(tokens) <= _MAX_NAME_TOKENS and run_count.get(tokens[1:], 0) > run_count.get(tokens, 0):
        infos, tokens = infos[1:], tokens[1:]
    # ``Zentralbank Russlands``, ``Метро Москвы``: a genitive after a noun, not a name, unless
    # the name also occurs uninflected (``Viktor Orbáns`` next to ``Viktor Orbán``).
    if len(tokens) <= _MAX_NAME_TOKENS and run_count.get(tokens, 0) >= 2 and (
            tokens in uninflected or not _inflected(infos[-1], language)):
        return ((" ".join(tokens), " ".join(i.surface for i in infos)),)
    # a chance sequence of capitalised words: each counts on its own
    return tuple((info.root, info.surface) for info in infos if info.cls == _CAP)


# A sequence of words that may be a name: its words, their roots, and whether its last is uninflected
_Sequence = tuple[tuple[_Info, ...], tuple[str, ...], bool]
_Split = tuple[tuple[str, ...], tuple[_Info, ...], tuple[_Sequence, ...]]
# Each short form's full names, and the short forms that fold (see ``_fold_names``)
_Folds = tuple[dict[str, list[str]], set[str]]
# An article's salient candidates and their weights
_Weighed = tuple[tuple[str, ...], tuple[int, ...]]
# What each distinct sequence of capitalised words (with its language) counts as: (key, spelling) pairs
_Table = dict[tuple[tuple[_Info, ...], str], tuple[tuple[str, str], ...]]


def _split_run(run: tuple[_Info, ...], mask: int, language: str, vocab: _Vocabulary, standalone: set[str]) -> _Split:
    """A run of capitalised words taken apart: roots of the common words in it (capitalised only at a
    sentence start), the single names and the sequences of two or more words that may be names (see
    ``_Sequence``).

    Role nouns in front (``Unternehmer Malte Strübing``, but ``Peter Müller`` keeps ``Peter``),
    particles in front and trailing adjectives are trimmed, and German name parts in front (``Staat Israel``);
    name parts alone (``New Year``, ``Stadt``) are no name."""
    parts: list[list[_Info]] = []
    common: list[str] = []
    part: list[_Info] = []
    for i, info in enumerate(run):
        if mask >> i & 1 and vocab.common(info, language) and not _opens_name(
                run, mask, i, language, vocab, standalone):
            if part:
                parts.append(part)
                part = []
            if len(info.key) >= 3 and info.cls != _NAMEPART and not _past_at_start(info, language):
                common.append(info.root)
        else:
            part.append(info)
    if part:
        parts.append(part)
    singles: list[_Info] = []
    multis: list[_Sequence] = []
    for part in parts:
        start, end = 0, len(part)
        while start < end and (part[start].cls == _PARTICLE or (
                part[start].role and (end - start > 2 or part[start].root in standalone)) or (
                part[start].cls == _NAMEPART and language == "de")):
            start += 1
        while end > start and (part[end - 1].cls not in _NAME_ENDS
                               or end - start > 1 and part[end - 1].key in _LEGAL_FORMS
                               # ``Europas Staaten``: a name's genitive before a common noun, no name
                               or end - start > 1 and part[end - 1].cls == _NAMEPART and language == "de"
                               and _inflected(part[end - 2], language)):
            end -= 1
        if not any(info.cls == _CAP or info.cls == _CAPADJ for info in part[start:end]):
            continue
        if end - start == 1:
            singles.append(part[start])
        elif end > start:
            infos = tuple(part[start:end])
            multis.append((infos, tuple(i.root for i in infos), not _inflected(infos[-1], language)))
    return tuple(common), tuple(singles), tuple(multis)


def _opens_name(run: tuple[_Info, ...], mask: int, i: int, language: str, vocab: _Vocabulary,
                standalone: set[str]) -> bool:
    """Whether ``run[i]``, a common word capitalised at a sentence start (see _split_run), opens a name all the
    same: an English name part before a name that the archive never writes alone (``New Zealand saw …``, but
    ``New Kelby library opens`` where ``Kelby`` stands alone elsewhere), or a word before a name part in its
    own place (``Fox News settles …``)."""
    if i + 1 >= len(run):
        return False
    following = run[i + 1]
    if run[i].cls == _NAMEPART:
        return following.cls == _CAP and following.root not in standalone and not (
            mask >> i + 1 & 1 and vocab.common(following, language))
    return following.cls == _NAMEPART and not mask >> i + 1 & 1


def _past_at_start(info: _Info, language: str) -> bool:
    """Whether a common word capitalised at a sentence start (see _Vocabulary.common) is an English past form or
    superlative (``Declared``, ``Biggest``): no word then (see _graded_or_past)."""
    return language == "en" and _graded_or_past(info.key, info.lemma_key)


def _gather(scans: Sequence[_Scan], lexicons: Mapping[str, _Lexicon], vocab: _Vocabulary, tally: _Tally,
            consume: bool = False) -> tuple[list[_Candidates], dict[str, Counter[str]], _Table]:
    """Per article, the candidates; the spellings seen per key, weighted; and what each distinct
    sequence of capitalised words counted as. ``tally`` gives the archive's counts (see ``_Tally``).
    With ``consume``, each scan's runs, words and lone chunks are let go of once read (its language,
    rules and pairs are kept): for a pass whose scans are read no more.

    A run of capitalised words is a name when it recurs in the archive (``Clara Hoffmann``); a one-off
    (``die Hafenstadt Velsburg``, ``weil Hoffmann Kritik übte``) counts word by word. A
    sentence-initial capitalised word that occurs in lower case elsewhere is a plain word; particles,
    role nouns (``Unternehmer Malte Strübing``) and trailing adjectives are trimmed from runs.
    """
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    # A lone chunk that is one capitalised word or one lower-case word, by the key it counts for;
    # the rest need a closer look. Counting through these maps happens in C.
    maps: dict[tuple[str, bool], tuple[dict[str, str], dict[str, str], frozenset[str]]] = {}
    for language, lexicon in lexicons.items():
        for after_mark in (False, True):
            chunks = Counter(chain.from_iterable(scan.lone_start if after_mark else scan.lone
                                                 for scan in scans if scan.language == language))
            maps[language, after_mark] = _lone_maps(lexicon, after_mark, chunks, vocab, spellings)
        # Each chunk's words: read by _lone_maps alone from here on. A later scan works them out again, as
        # it signs its chunks again (a signed chunk's words are known: see _pairs).
        lexicon.chunks = {}
        lexicon.signs = {}
    if consume:  # a full pass (5 ms a trim: not for an edit's)
        give_back_memory()  # those tables' and the lone chunks' counts, before the candidates' are made
    standalone = tally.standalone({key for (_, after_mark), (name_of, _, _) in maps.items() if not after_mark
                                   for key in name_of.values()})
    lone_roots: Counter[str] = Counter()  # articles per root of a lone capitalised word: standalone, counted
    compounds: Counter[str] = Counter()  # articles per compound noun (see _compounds)
    chained: Counter[str] = Counter()  # articles naming it only inside a longer run of such words
    staged = []
    split_runs: dict[str, dict[tuple[tuple[_Info, ...], int], _Split]] = defaultdict(dict)
    for scan in scans:
        language = scan.language
        lexicon = lexicons[language]
        runs: list[tuple[tuple[_Info, ...], int, int, int]] = [(r, m, w, 1) for r, m, w in scan.runs]
        name_of, word_of, other = maps[language, False]
        names: dict[str, int] = Counter(filter(None, map(name_of.get, scan.lone)))
        lone_roots.update(names.keys())
        words: dict[str, int] = Counter(filter(None, map(word_of.get, scan.lone))) if word_of else {}
        for raw, count in Counter(filter(other.__contains__, scan.lone) if other else ()).items():
            runs.extend((run, mask, count, count) for run, mask in lexicon.yields[False][raw][1])
            for info in lexicon.yields[False][raw][2]:
                words[info.root] = words.get(info.root, 0) + count
        if scan.lone_start:  # a few per article: one by one
            name_of, word_of, other = maps[language, True]
            for raw in scan.lone_start:
                if raw in name_of:
                    names[name_of[raw]] = names.get(name_of[raw], 0) + 1
                elif raw in word_of:
                    words[word_of[raw]] = words.get(word_of[raw], 0) + 1
                else:
                    runs.extend((run, mask, 1, 1) for run, mask in lexicon.yields[True][raw][1])
                    for info in lexicon.yields[True][raw][2]:
                        words[info.root] = words.get(info.root, 0) + 1
        for info, weight in scan.words:
            words[info.root] = words.get(info.root, 0) + weight
            spellings[info.root][info.lemma] += weight
        if scan.pairs:
            for key, inside in _compounds(scan.pairs, words, spellings):
                compounds[key] += 1
                if inside:
                    chained[key] += 1
        # Names recur across the archive: each distinct run is taken apart once per call.
        known = split_runs[language]
        lead = _LEAD_WEIGHT
        multi = []
        for run, mask, weight, count in runs:
            found = known.get((run, mask))
            if found is None:
                found = known[run, mask] = _split_run(run, mask, language, vocab, standalone)
            common, singles, multis = found
            for root in common:  # a lower-case word: in a title, it weighs as in the lead
                words[root] = words.get(root, 0) + (weight if weight < lead else lead)
            for info in singles:
                names[info.root] = names.get(info.root, 0) + weight
                spellings[info.root][info.surface] += weight
            for sequence in multis:
                multi.append((sequence, weight, count))
        staged.append((names, words, multi, language))
        if consume:  # read for the last time: what they hold goes to the candidates now made
            scan.lone, scan.lone_start, scan.runs, scan.words = [], [], [], []
    tally.total("standalone", lone_roots)
    tally.total("compounds", compounds)
    tally.total("chained", chained)
    # How often each sequence of two or more words occurs as a run or as the end of a longer run;
    # and which occur with their last word uninflected.
    runs: Counter[tuple[str, ...]] = Counter()
    plain_ends: Counter[tuple[str, ...]] = Counter()
    leads: Counter[str] = Counter()
    for _, _, multi, _ in staged:
        for (_, tokens, plain), _, count in multi:
            if len(tokens) <= _MAX_NAME_TOKENS:
                for start in range(len(tokens) - 1):
                    runs[tokens[start:]] += count
                    leads[tokens[start]] += count
                if plain:
                    plain_ends[tokens] += 1
    run_count = tally.total("runs", runs)
    tally.total("leads", leads)
    uninflected = set(tally.total("plain", plain_ends))
    result = []
    # (key, spelling) per distinct sequence, or the capitalised words that count on their own
    seen: _Table = {}
    for names, words, multi, language in staged:
        for (infos, _, _), weight, _ in multi:
            counted = seen.get((infos, language))
            if counted is None:
                counted = seen[infos, language] = _name_or_words(infos, language, run_count, uninflected)
            for key, spelling in counted:
                names[key] = names.get(key, 0) + weight
                spellings[key][spelling] += weight
        for key in words.keys() & names.keys():
            names[key] += words.pop(key)
        # Taken out before short forms fold: "German" beside "German Bundestag" is no mention of the parliament.
        for key in _NATIONALITIES.get(language, frozenset()) & names.keys():
            del names[key]
        result.append(_Candidates(names, words))
    return result, spellings, seen


def _compounds(pairs: Sequence[tuple[_Info, _Info, int, int]], words: dict[str, int],
               spellings: dict[str, Counter[str]]) -> list[tuple[str, bool]]:
    """Add to one article's lower-case ``words`` its compound nouns, among its ``pairs`` (see ``_Scan.pairs``),
    and return their keys, each with whether the article only names it inside a longer run of such words
    (``free school`` of ``free school meals``, ``tax bills`` of ``council tax bills``): those whose two words
    it uses mostly together, each in half its weight there or more. "Solar" and "Farm"
    were two topics of each article about a solar farm; where "solar farm" is a topic, it stands for them
    (see ``_covering``). Keyed by the words' roots (``solar farm``), spelt as written, the first word in
    lower case (``Drinking water`` at a sentence start): the tag is named after the spelling the archive
    uses most (``bridge repairs``, ``sewage works``)."""
    weights: dict[tuple[str, str], int] = {}
    free: Counter[tuple[str, str]] = Counter()
    written: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for first, second, weight, ends in pairs:
        roots = first.root, second.root
        weights[roots] = weights.get(roots, 0) + weight
        free[roots] |= ends
        written[roots][f"{first.surface[:1].lower()}{first.surface[1:]} {second.surface}"] += weight
    found = []
    for roots, weight in weights.items():
        have = [words.get(root, 0) for root in roots]
        if roots[0] != roots[1] and min(have) >= weight and 2 * weight >= max(have):
            key = " ".join(roots)
            words[key] = weight
            spellings[key].update(written[roots])
            found.append((key, free[roots] != 3))
    return found


class _Names:
    """Alias mapping and fixed display names, shared by the three tag sources."""

    def __init__(self, config: TagsConfig, vocab: _Vocabulary) -> None:
        self.vocab = vocab
        self.aliases: dict[str, str] = {}
        self.fixed: dict[str, str] = {}  # key → display name from an alias target or a rule
        for variant, target in sorted(config.aliases.items()):
            label = safe_label(target)
            if label:
                self.aliases[vocab.phrase_key(variant)] = label
        for label in sorted(set(self.aliases.values())):
            resolved = self.resolve(label)
            if resolved:
                self.fixed.setdefault(*resolved)

    def resolve(self, text: str) -> tuple[str, str] | None:
        """(key, label) of a tag text after alias mapping; None when nothing printable is left."""
        label = safe_label(text)
        if not label:
            return None
        key = self.vocab.phrase_key(label)
        for _ in range(5):  # follow chained aliases, never loop forever
            target = self.aliases.get(key)
            if target is None or target == label:
                break
            label, key = target, self.vocab.phrase_key(target)
        return key, label


def _full_names(df: Mapping[str, int]) -> dict[str, list[str]]:
    """Each short form's full names, sorted: the names of two or three words ending with it (a surname, a
    club's ``Rovers``) and those starting with it (see ``_fold_names``). ``df``: articles per name key."""
    last_of: dict[str, set[str]] = defaultdict(set)  # last word → full names of up to three words ending with it
    first_of: dict[str, set[str]] = defaultdict(set)  # first word → full names starting with it
    for key in df:
        if " " not in key:
            continue
        words = key.split(" ")
        if len(words) <= 3:
            last_of[words[-1]].add(key)
        first_of[words[0]].add(key)
    return {key: sorted(last_of.get(key, set()) | first_of.get(key, set()))
            for key in last_of.keys() | first_of.keys()}


def _fold_names(found: Sequence[_Candidates], tally: _Tally) -> _Folds:
    """Count a short form toward the full name in the same article.

    A short form folds only where it mostly appears beside a full name anyway, across the archive:
    ``Velsburg``, named in many articles on its own, never folds into ``Stadtwerke Velsburg``; a last word
    (``Hoffmann`` for ``Clara Hoffmann``, ``Union`` for ``Europäische Union``, ``Rovers`` for ``Marrowby
    Rovers``, whose first word is a town's name, named on its own) and a first word (``Northgate`` for
    ``Northgate Shipping``, ``Clara``) alike. In an article without the full name, a short form folds when
    the archive has exactly one full name for it. Two full names for one short form in an article leave it
    unattributed. Returns each short form's full names and the short forms that fold.
    """
    # Counted over all articles at once: one pass in C rather than one per article.
    df = tally.total("names", Counter(chain.from_iterable(candidates.names for candidates in found)))
    full_names = _full_names(df)
    together: Counter[str] = Counter()
    for candidates in found:
        names = candidates.names
        for key in full_names.keys() & names.keys():
            if not names.keys().isdisjoint(full_names[key]):
                together[key] += 1
    # A short form an article names (so df counts it) folds where it mostly appears beside one. (Counted
    # by difference, a short form may have lost its full names: see _others_read_alike.)
    folding = {key for key, n in tally.total("together", together).items()
               if n >= 0.5 * df.get(key, 0) and key in full_names}
    for candidates in found:
        names = candidates.names
        for key in sorted(folding & names.keys()):
            choices = full_names[key]
            present = [f for f in choices if f in names]
            if not present and len(choices) == 1:
                present = choices
                names[present[0]] = 0
            if len(present) == 1:
                names[present[0]] += names.pop(key)
            elif present:
                del names[key]
    return full_names, folding


def _withhold(found: Sequence[_Candidates], names: _Names, blocked: set[str]) -> None:
    """Take alias variants and keys automatic tags may not use (``blocked``) out of the candidates: a
    variant counts toward its alias's target. A compound noun's two words go with it (see ``_compounds``):
    a rule's or an alias's "solar farm" covers "Solar" and "Farm" there as the compound would; one that
    ``ignore`` lists does not, as the compound is no topic then (marked by its "!", see ``_blocking``)."""
    special = names.aliases.keys() | blocked
    starts = tuple(key[:-1] for key in blocked if key.endswith("*"))  # a rule's keyword that starts words
    for candidates in found:
        for table in (candidates.names, candidates.words):
            keys = table.keys() & special if not starts else [k for k in table if k in special or k.startswith(starts)]
            for key in keys:
                if key not in table:  # a compound noun's word, gone with it
                    continue
                weight = table.pop(key)
                if table is candidates.words and " " in key and "!" + key not in blocked:
                    for word in key.split(" "):
                        table.pop(word, None)
                if key in names.aliases and (resolved := names.resolve(names.aliases[key])) \
                        and resolved[0] not in blocked:
                    names.fixed.setdefault(*resolved)
                    candidates.names[resolved[0]] = candidates.names.get(resolved[0], 0) + weight


def _salient(scans: Sequence[_Scan], found: Sequence[_Candidates], tally: _Tally) -> list[_Weighed]:
    """Each article's salient candidates and their weights, names first: those it may be tagged with."""
    # Each count made in one pass over all articles (in C), not in one call per article.
    tally.total("any", Counter(chain.from_iterable(chain.from_iterable((c.names, c.words) for c in found))))
    salient: Counter[tuple[str, str]] = Counter()  # (language, key) → articles
    within: Counter[tuple[str, str]] = Counter()  # (compound noun, word of it) → articles where the word is salient
    weighed: list[_Weighed] = []
    for scan, candidates in zip(scans, found, strict=True):
        words = candidates.words
        pairs = [(k, w) for k, w in candidates.names.items() if w >= _MIN_NAME_WEIGHT]
        pairs += [(k, w) for k, w in words.items() if w >= _MIN_WORD_WEIGHT]
        keys = tuple(k for k, _ in pairs)
        weighed.append((keys, tuple(w for _, w in pairs)))
        salient.update(zip(repeat(scan.language), keys))
        if scan.pairs:
            within.update((key, word) for key in words if " " in key for word in key.split(" ")
                          if words.get(word, 0) >= _MIN_WORD_WEIGHT)
    tally.total("salient", salient)
    tally.total("within", within)
    tally.total("sizes", Counter(scan.language for scan in scans))
    return weighed


def _idf(counts: _Counts, config: TagsConfig) -> dict[str, float]:
    """The weight of each candidate that groups articles (see ``tag_articles``), by key."""
    total = sum(counts.sizes.values())
    # max_share needs a real archive: among a handful of articles, every shared term is over 30 %.
    # It applies within each language too: in an archive that is 30 % English, an English word on
    # every English article (``cost``) is no topic.
    limit = config.max_share * total if total >= _MIN_ARCHIVE_FOR_SHARE else total
    df_salient: Counter[str] = Counter()
    too_common: set[str] = set()
    for (language, key), n in counts.salient.items():
        df_salient[key] += n
        size = counts.sizes[language]
        if size >= _MIN_ARCHIVE_FOR_SHARE and n > config.max_share * size:
            too_common.add(key)
    df_any = counts.any
    compounds = _compound_keys(counts)
    chained = counts.chained
    # Multi-word names are never generic; a single word must be what most articles mentioning it are about,
    # and so must a compound noun, of the articles naming it or its rarer word (``remains tense`` twice in a
    # few, its ``tense`` once in every other, is no topic). A compound mostly named inside a longer one
    # (``free school`` of ``free school meals``, ``tax bills`` of ``council tax bills``) is none either.
    return {key: (math.log((1 + total) / (1 + df_any[key])) + 1) * (1.5 if " " in key and key not in compounds else 1)
            for key, n in df_salient.items()
            if config.min_articles <= n <= limit and key not in too_common and key not in _ONLY_IN_COMPOUNDS
            and (n >= _MIN_SPECIFICITY * _mentions(key, df_any) and 2 * chained.get(key, 0) <= counts.compounds[key]
                 if key in compounds else " " in key or n >= _MIN_SPECIFICITY * df_any[key])}


def _mentions(compound: str, df_any: Mapping[str, int]) -> int:
    """About how many articles mention a compound noun: those naming its rarer word, which counts where
    the compound does too. Those naming it alone where one of its words is never a topic alone (``opening
    hours``, ``pay rise``, ``national park``): a generic word beside a word of any kind, which tells nothing of
    what the articles naming either are about."""
    words = compound.split(" ")
    if any(word in _ONLY_IN_COMPOUNDS for word in words):
        return df_any.get(compound, 0)
    return max(df_any.get(compound, 0), min(df_any.get(word, 0) for word in words))


def _compound_keys(counts: _Counts) -> set[str]:
    """The keys of the archive's compound nouns; not those that are names elsewhere (``High Street``, ``Old
    Town``, which an article writes in lower case too), which keep a name's weight and tests."""
    return counts.compounds.keys() - counts.names.keys()


def _covering(counts: _Counts, idf: Mapping[str, float]) -> dict[str, tuple[str, ...]]:
    """Each compound noun that groups articles (in ``idf``), and those of its words it stands for where an
    article names it: "Solar farm", without "Solar" and "Farm". Not a word salient in an article outside a
    compound too: "Port strike" beside "Port", which another article about the port keeps ("Bus services
    axed" lost its "Bus" where the four others were about a "bus lane": too few for a topic), in any
    language ("Festival" of a German article)."""
    topics = _compound_keys(counts) & idf.keys()
    inside: Counter[str] = Counter()  # a word → articles where it is salient in a compound that is a topic
    for (key, word), n in counts.within.items():
        if key in topics:
            inside[word] += n

    def alone(word: str) -> int:
        return sum(counts.salient.get((language, word), 0) for language in counts.sizes) - inside[word]

    return {key: tuple(word for word in key.split(" ") if alone(word) < 1) for key in topics}


def _rank(weighed: _Weighed, idf: Mapping[str, float], covering: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """An article's salient candidates that group articles, best first; a compound noun's words it stands
    for left out (see ``_covering``)."""
    keys, weights = weighed
    covered: set[str] = set()
    if covering and not covering.keys().isdisjoint(keys):
        covered.update(chain.from_iterable(covering[k] for k in keys if k in covering))
    scored = [(w * idf[k], k) for k, w in zip(keys, weights, strict=True) if k in idf and k not in covered]
    scored.sort(key=lambda s: (-s[0], s[1]))
    return tuple(k for _, k in scored)


_COUNTED = ("standalone", "runs", "plain", "leads", "names", "together", "any", "salient", "sizes", "compounds",
            "within", "chained")


@dataclass
class _Counts:
    """What the pass counts over the whole archive, each article adding its own: an edit of a few
    articles changes the counts by theirs alone (see ``_by_difference``)."""

    standalone: Counter[str] = field(default_factory=Counter)  # root → articles naming it as a lone word
    runs: Counter[tuple[str, ...]] = field(default_factory=Counter)  # roots → runs that are or end with them
    plain: Counter[tuple[str, ...]] = field(default_factory=Counter)  # the same, of runs ending uninflected
    leads: Counter[str] = field(default_factory=Counter)  # root → times it stands before a capitalised word
    names: Counter[str] = field(default_factory=Counter)  # key → articles with the name, short forms unfolded
    together: Counter[str] = field(default_factory=Counter)  # short form → articles naming a full name too
    any: Counter[str] = field(default_factory=Counter)  # key → articles with the candidate
    salient: Counter[tuple[str, str]] = field(default_factory=Counter)  # (language, key) → articles where salient
    sizes: Counter[str] = field(default_factory=Counter)  # language → articles
    compounds: Counter[str] = field(default_factory=Counter)  # key → articles naming it as a compound noun
    within: Counter[tuple[str, str]] = field(default_factory=Counter)  # (compound, its word) → articles, salient
    chained: Counter[str] = field(default_factory=Counter)  # compound → articles naming it in longer runs only

    def less(self, part: _Counts) -> _Counts:
        """These counts without ``part``'s (some articles', counted in them)."""
        return _Counts(**{name: _less(getattr(self, name), getattr(part, name)) for name in _COUNTED})


def _less(counts: Counter[Any], part: Mapping[Any, int]) -> Counter[Any]:
    """``counts - part`` without zeros, in time for ``part`` alone."""
    result = counts.copy()
    for key, n in part.items():
        left = result[key] - n
        if left > 0:
            result[key] = left
        else:
            del result[key]
    return result


def _more(counts: Counter[Any], part: Mapping[Any, int]) -> Counter[Any]:
    """``counts + part``, in time for ``part`` alone."""
    result = counts.copy()
    result.update(part)
    return result


class _Tally:
    """The archive-wide counts the pass reads, made with the articles in hand adding their own
    (``own``): in a pass over the whole archive, theirs alone; over a few edited articles, theirs
    added to ``base``, the rest of the archive's; or, with ``stored``, ``base`` as it is, whatever the
    articles add (the edited articles as they were, counted in it). ``read``: the counts handed out."""

    def __init__(self, base: _Counts | None = None, stored: bool = False) -> None:
        self.base = base
        self.stored = stored
        self.own = _Counts()
        self.read = _Counts()

    def total(self, name: str, own: Counter[Any]) -> Counter[Any]:
        setattr(self.own, name, own)
        if self.base is None:
            value = own
        else:
            value = getattr(self.base, name) if self.stored else _more(getattr(self.base, name), own)
        setattr(self.read, name, value)
        return value

    def standalone(self, own: set[str]) -> set[str]:
        """The roots of lone capitalised words in the archive, the articles in hand having ``own``."""
        if self.base is None:
            return own
        return set(self.base.standalone) if self.stored else own.union(self.base.standalone)


# The key in tags.pickle of the last run's articles: key → (text digest, summary or None, front matter
# tags, tags). A summary (see ``_summary``) is kept there for a scan the scan file lacks; the others
# are made from the scan file when needed.
_LAST = "last"
_GENERATION = "generation"
_Last = dict[str, tuple[bytes, bytes | None, tuple[str, ...], tuple[str, ...]]]


def tag_articles(articles: Sequence[Article], config: TagsConfig, cache_dir: Path | None = None,
                 bodies: BodyDigests | None = None) -> list[Article]:
    """Return the articles, in the same order, with ``tags`` set.

    Front matter tags come first, then tags of matching keyword rules, then automatic topics
    (with ``config.auto``), at most ``config.max_per_article`` in all. The result depends only on
    the set of articles, not on their order. ``cache_dir`` keeps, between runs, simplemma's answers
    (a re-run need not load its dictionaries), each article's scan under a digest of its text (a
    re-run scans only new and changed articles) and the last run's tags under a digest of the
    whole archive (an unchanged archive is not tagged again). An edit that leaves what the pass
    over the archive reads of the edited articles as it was (see ``_summary``) leaves every tag as
    it was: the pass is skipped. ``bodies``: the run's body digests, to share with the later stages.
    """
    if not articles:
        return []
    bodies = bodies or BodyDigests()
    texts = [_text_digest(a, bodies) for a in articles]
    memo = _tags_memo(cache_dir, config)
    key = digest([(a.key, text, a.tags) for a, text in zip(articles, texts, strict=True)])
    last: _Last | None = memo.get(_LAST)  # asked on every run, so that the file keeps it
    tags = memo.get(key)
    if tags is None:
        # The scan memo, read once: by the cut-off if it needs it, then by the pass, handed over
        # (popped) so that the pass holds it alone and can let go of it early.
        opened: list[Memo] = []

        def scans() -> Memo:
            if not opened:
                opened.append(_scan_memo(cache_dir, config))
            return opened[0]

        same = last is not None and len(articles) == len(last) and last.keys() >= {a.key for a in articles}
        summaries = _same_summaries(articles, texts, last, config, cache_dir, scans) if same and cache_dir else None
        state = None
        if summaries is not None and last is not None:
            tags = [last[a.key][3] for a in articles]  # the pass's state stays that of these articles
        else:
            known = {text: summary for text, summary, _, _ in (last or {}).values() if summary}
            tags, summaries, state = _tags(articles, [a.tags for a in articles], config, cache_dir, texts, known,
                                           opened.pop() if opened else _scan_memo(cache_dir, config))
        if cache_dir and len({a.key for a in articles}) == len(articles):
            entries = _last_entries([a.key for a in articles], [a.tags for a in articles], texts, summaries, tags)
            if state is None:
                memo.put(_LAST, entries)
            else:
                _record(memo, cache_dir, config, entries, state)
        memo.put(key, tags)
    memo.save()
    return [article if article.tags == found else evolve(article, tags=found)
            for article, found in zip(articles, tags, strict=True)]


def last_tags(articles: Sequence[Article], config: TagsConfig, cache_dir: Path, bodies: BodyDigests,
              before: Sequence[Article] = ()) -> list[tuple[str, ...]] | None:
    """The tags the last run's pass gave ``articles``, some of that run's articles edited since, if the
    pass over the archive would give every article its tags again: each of ``articles`` summarises as it
    did and has the same front matter tags (see ``_same_summaries``), and the other articles of the
    archive are those the pass read, or edited as these were. Their texts and summaries then replace
    those the last run recorded, so that the next edit compares with them; None otherwise (nothing
    written). ``before``: some of the articles as the last run's tag stage got them, if known; their
    summaries are then made from them, without reading the scan file."""
    memo = _tags_memo(cache_dir, config)
    last: _Last | None = memo.get(_LAST)
    if not last:
        return None
    texts = [_text_digest(a, bodies) for a in articles]
    earlier = {a.key: a for a in before if a.key in last and _text_digest(a, bodies) == last[a.key][0]}
    summaries = _same_summaries(articles, texts, last, config, cache_dir, lambda: _scan_memo(cache_dir, config),
                                earlier)
    if summaries is None:
        return None
    tags = [last[a.key][3] for a in articles]
    if any(last[a.key][:2] != (text, summary) for a, text, summary in zip(articles, texts, summaries, strict=True)):
        # Only this record is kept: the tags stored for the whole archive's last texts are stale now.
        memo.put(_LAST, {**last, **_last_entries([a.key for a in articles], [a.tags for a in articles], texts,
                                                 summaries, tags)})
        memo.save()
    return tags


def retag(articles: Sequence[Article], config: TagsConfig, cache_dir: Path, bodies: BodyDigests,
          unscanned: Callable[[Sequence[str]], Mapping[str, Article] | None], removed: Collection[str] = (),
          before: Sequence[Article] = ()) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]] | None:
    """The tags the last run gave each of its articles, and those every article has after ``articles``
    (some of the last run's articles as the tag stage gets them, or new ones) were edited or added and
    the articles ``removed`` (keys) removed; both by key, the latter in the last run's order, then the
    new ones. The tags are the pass over the archive's, made with the scans the scan file keeps of the
    other articles' texts as the last run's tag stage recorded them (see ``tag_articles``), and are
    recorded as ``tag_articles`` records them. ``unscanned(keys)`` gives, as the tag stage gets them,
    the other articles whose scan the file does not keep (those edited since the file was written; a
    few), or None. None when the last run's record is missing, or the articles ``unscanned`` gives
    differ from those the record holds. ``before``: the last run's articles among ``articles`` and
    ``removed`` as its tag stage got them; with them, the pass is first worked out by difference from
    the last one (see ``_by_difference``), reading no other article's scan."""
    memo = _tags_memo(cache_dir, config)
    last: _Last | None = memo.get(_LAST)
    edited = {a.key: a for a in articles}
    if not last or len(edited) != len(articles) or not edited.keys().isdisjoint(removed):
        return None
    since = _last_pass(cache_dir, config, memo.get(_GENERATION), last)
    if since and (found := _by_difference(last, since[0], edited, removed, {a.key: a for a in before}, config,
                                          cache_dir, bodies)):
        keys, tags, summaries, state, change = found
        texts = [_text_digest(edited[key], bodies) if key in edited else last[key][0] for key in keys]
        front = [edited[key].tags if key in edited else last[key][2] for key in keys]
        summaries = [last[key][1] if summary is None and key in last else summary
                     for key, summary in zip(keys, summaries, strict=True)]
        _record(memo, cache_dir, config, _last_entries(keys, front, texts, summaries, tags), state,
                (since[1], change))
        memo.put(digest(list(zip(keys, texts, front, strict=True))), tags)  # as tag_articles finds it
        memo.save()
        return {key: entry[3] for key, entry in last.items()}, dict(zip(keys, tags, strict=True))
    stored = _scan_memo(cache_dir, config)
    missing = [key for key, entry in last.items()
               if key not in edited and key not in removed and entry[0] not in stored.stored]
    found = unscanned(missing) if missing else {}
    if found is None or found.keys() != set(missing) or any(
            _text_digest(found[key], bodies) != last[key][0] or found[key].tags != last[key][2] for key in missing):
        return None
    keys = [*(key for key in last if key not in removed), *(key for key in edited if key not in last)]
    given = [edited.get(key) or found.get(key) for key in keys]  # None: its scan is in the file
    texts = [last[key][0] if a is None or key not in edited else _text_digest(a, bodies)
             for key, a in zip(keys, given, strict=True)]
    front = [last[key][2] if a is None else a.tags for key, a in zip(keys, given, strict=True)]
    known = {text: summary for text, summary, _, _ in last.values() if summary}
    tags, summaries, state = _tags(given, front, config, cache_dir, texts, known, stored)
    _record(memo, cache_dir, config, _last_entries(keys, front, texts, summaries, tags), state)
    memo.put(digest(list(zip(keys, texts, front, strict=True))), tags)  # as tag_articles finds it
    memo.save()
    return {key: entry[3] for key, entry in last.items()}, dict(zip(keys, tags, strict=True))


def _last_entries(keys: Sequence[str], front: Sequence[tuple[str, ...]], texts: Sequence[bytes],
                  summaries: Sequence[bytes | None], tags: Sequence[tuple[str, ...]]) -> _Last:
    """The articles (by key, with their front matter tags) as ``_LAST`` records them."""
    return {key: (text, summary, given, found)
            for key, given, text, summary, found in zip(keys, front, texts, summaries, tags, strict=True)}


@dataclass
class _PassState:
    """What the last pass over the archive worked out, beside its tags (``_LAST``), for a pass over a few
    edited articles (see ``_by_difference``): per article in ``_LAST``'s order, its tags that are no
    automatic topics, its salient candidates and their ranking; the archive's counts, the weight of
    each candidate, the spellings seen of each candidate salient in some article (all of them), what
    each sequence of capitalised words counts as, the vocabulary's words by language and token, how
    often it reads each, and what it answers (the last three kept in a ``Journal`` of their own, see
    ``_word_journal``). ``generation`` is the one in the tags file with it."""

    generation: bytes
    keys: list[str]
    fixed: list[list[str]]
    weighed: list[_Weighed]
    ranked: list[tuple[str, ...]]
    counts: _Counts
    idf: dict[str, float]
    spellings: dict[str, dict[str, int]]  # plain dicts: a Counter each would load in Python, one by one
    table: _Table
    words: dict[str, dict[str, _Info]]
    uses: dict[str, dict[_Info, int]]  # by language, how often the vocabulary reads each word (see _uses)
    vocabulary: _Answers  # what the vocabulary of these words answers; their roots are its


def _pass_memo(cache_dir: Path, config: TagsConfig, fresh: bool = False) -> Memo:
    """The last pass's ``_PassState`` under "state", but its words (see ``_word_journal``); read by a
    pass over a few edited articles alone."""
    return Memo(cache_dir / "pass.pickle", context=config, fresh=fresh)


def _word_journal(cache_dir: Path, stamp: str) -> Journal:
    """The last pass's words, their uses and its vocabulary's answers (``stamp``: the pass memo's).
    Kept apart from the rest of its state, and by change: with a real archive's vocabulary they are
    most of it (57,000 words at 10,000 articles, 0.12 s of every pass by difference to write whole),
    and a pass by difference changes few of them."""
    return Journal(cache_dir / "words.pickle", stamp, _apply_word_change)


def _last_pass(cache_dir: Path, config: TagsConfig, generation: bytes | None, last: _Last
               ) -> tuple[_PassState, Journal] | None:
    """The last pass's state, if it is that of ``generation`` and the articles of ``last``, and the
    journal its words came from."""
    passes = _pass_memo(cache_dir, config)
    state: _PassState | None = passes.get("state")
    if state is None or state.generation != generation or state.keys != list(last):
        return None
    journal = _word_journal(cache_dir, passes.stamp)
    words = journal.read(state.generation)
    if words is None:
        return None
    return replace(state, words=words[0], uses=words[1], vocabulary=words[2]), journal


def _record(memo: Memo, cache_dir: Path, config: TagsConfig, last: _Last, state: _PassState,
            change: tuple[Journal, _WordChange] | None = None) -> None:
    """Put ``last`` in the tags file ``memo`` (saved by the caller) and ``state`` beside it, under a new
    generation that ties the two together. ``change``: for a state worked out by difference, the
    journal that gave the last one's words, and what ``state`` changes of them."""
    state.generation = os.urandom(16)
    state.keys = list(last)
    memo.put(_LAST, last)
    memo.put(_GENERATION, state.generation)
    passes = _pass_memo(cache_dir, config, fresh=True)
    passes.put("state", replace(state, words={}, uses={}, vocabulary=({}, {}, {}, {}, set())))
    passes.save()
    words = (state.words, state.uses, state.vocabulary)
    if change is None:
        _word_journal(cache_dir, passes.stamp).write(state.generation, words)
    else:
        change[0].append(state.generation, change[1], words)


def _by_difference(last: _Last, state: _PassState, edited: Mapping[str, Article], removed: Collection[str],
                   before: Mapping[str, Article], config: TagsConfig, cache_dir: Path, bodies: BodyDigests
                   ) -> tuple[list[str], list[tuple[str, ...]], list[bytes | None], _PassState, _WordChange] | None:
    """The pass over the archive for ``edited`` articles (some of the last run's and new ones) and the
    last run's articles ``removed`` (keys; ``before`` holds those and the edited ones as the last run's
    tag stage got them), worked out from the last pass's ``state`` and those articles alone: their
    contributions to the archive's counts as they were are taken out and as they are put in, and the
    articles whose candidates' weights change are ranked again. A word whose last use goes, or a word
    new to the archive, changes the vocabulary (see ``_Vocabulary.changed``). Returns the archive's keys, each
    article's tags, the edited articles' summaries (None for the others), the new state and what it
    changes of the last one's words (see ``_apply_word_change``); None when
    an article's candidates other than those edited might change:

    - the vocabulary's answers changed for a word other articles have (a new ``Quandts`` beside an
      old ``Quandt``, or the last ``Quandts`` gone), or the keys of aliases, rules or front matter tags;
    - a change in which roots stand alone as lone words that a role noun of another article reads;
    - a sequence of capitalised words of another article that the new run counts make a name, or no
      longer one;
    - a short form that other articles name, whose full names or folding change.
    """
    edited = {key: article for key, article in edited.items()
              if key not in last or last[key][:1] + last[key][2:3] != (_text_digest(article, bodies), article.tags)}
    changed = [*(key for key in edited if key in last), *removed]
    if any(key not in before or key not in last or last[key][:1] + last[key][2:3] != (
            _text_digest(before[key], bodies), before[key].tags) for key in changed):
        return None
    kept = [key not in removed for key in last]
    keys, fixed, weighed, ranked = ([item for item, keep in zip(items, kept, strict=True) if keep]
                                    for items in (list(last), state.fixed, state.weighed, state.ranked))
    rules = _compile_rules(config)
    dictionary = _Dictionary(cache_dir / "lemmas.pickle")
    lexicons: dict[str, _Lexicon] = {}
    indexes: dict[str, _RuleIndex | None] = {}

    def scanned(article: Article) -> _Scan:
        language = article.language or "und"
        if language not in lexicons:
            lexicon = lexicons[language] = _Lexicon(language, dictionary)
            lexicon.words.update(state.words.get(language, {}))
            indexes[language] = _RuleIndex(rules, lexicon) if rules else None
        return _scan(_zones(article), lexicons[language], indexes[language])

    old = [scanned(before[key]) for key in changed]
    new = [scanned(article) for article in edited.values()]
    after = _uses_after(state.uses, old, new, lexicons)
    if after is None:
        return None
    uses, lost, fresh, touched = after
    old_words = {language: set(words.values()) for language, words in state.words.items()}
    other_words = bool(lost or fresh)
    new_words = {language: (old_words.get(language, set()) - lost) | (fresh & counts.keys())
                 for language, counts in uses.items()} if other_words else old_words

    # The edited articles as they were, in the stored counts: their own counts, to take out.
    vocab_old = _Vocabulary.restored(state.vocabulary, old_words, dictionary)
    names_old = _Names(config, vocab_old)
    rules_old = _blocking(rules, names_old, vocab_old, config)
    stored = _Tally(state.counts, stored=True)
    spelled_old: dict[str, Counter[str]] = {}
    if config.auto:
        _, spelled_old, _, folds_old = _candidates(old, lexicons, vocab_old, names_old, rules_old[1], stored)
    base = state.counts.less(stored.own)

    # The edited articles as they are, with the rest of the archive's counts; the vocabulary is the
    # last one unless they bring words new to the archive or take the last use of one.
    vocab, names, (rule_keys, blocked) = vocab_old, names_old, rules_old
    answered = None
    if other_words:
        vocab = vocab_old.changed(new_words, {info: touched[info] for info in lost | fresh}) \
            or _Vocabulary(new_words, dictionary)
        names = _Names(config, vocab)
        rule_keys, blocked = _blocking(rules, names, vocab, config)
        if (names.aliases, names.fixed, rule_keys, blocked) != (names_old.aliases, names_old.fixed, *rules_old):
            return None
        # Of the other articles' words, the pass reads the vocabulary's answers for those that may join
        # a run or be a topic (from name particles up); a stop word's key changes only what others read.
        answered = _answers_change(vocab_old.answers(), vocab.answers())
        moved = _moved(answered)
        # A word's root in the last vocabulary is that vocabulary's answer for its key (as restored).
        old_root = vocab_old.root
        if moved and any((info.key in moved or info.lemma_key in moved or info.root in moved
                          or old_root.get(info.key, info.key) in moved) and info.cls >= _PARTICLE and info not in fresh
                         for words in new_words.values() for info in words):
            return None
    front = [edited[key].tags if key in edited else last[key][2] for key in keys]
    front += [article.tags for key, article in edited.items() if key not in last]
    given = [_given(tags, names) for tags in front]
    if other_words and any(tags and key not in edited and given[n] != _given(tags, names_old)
                     for n, (key, tags) in enumerate(zip(keys, front, strict=False))):
        return None
    tally = _Tally(base)
    weighed_new: list[_Weighed] = [((), ()) for _ in new]
    spelled_new: dict[str, Counter[str]] = {}
    table: _Table = {}
    counts = state.counts
    if config.auto:
        weighed_new, spelled_new, table, folds = _candidates(new, lexicons, vocab, names, blocked, tally)
        counts = tally.read
        if not _others_read_alike(state, stored, tally, base, folds_old, folds, new_words, fresh):
            return None

    keys += [key for key in edited if key not in last]
    position = {key: n for n, key in enumerate(keys)}
    fixed += [[] for key in edited if key not in last]
    weighed += [((), ()) for key in edited if key not in last]
    ranked += [() for key in edited if key not in last]
    for key, scan, its_weighed in zip(edited, new, weighed_new, strict=True):
        n = position[key]
        fixed[n] = _fixed(scan.rules, given[n], rule_keys)
        weighed[n] = its_weighed
    idf = _idf(counts, config)
    covering = _covering(counts, idf)
    # An article ranks anew where a weight changed, or what a compound noun of it stands for.
    changed = {key for key, _ in state.idf.items() ^ idf.items()}
    changed.update(key for key, _ in _covering(state.counts, state.idf).items() ^ covering.items())
    redo = {position[key] for key in edited}
    for n, its_weighed in enumerate(weighed):
        if n in redo or (changed and not changed.isdisjoint(its_weighed[0])):
            ranked[n] = _rank(its_weighed, idf, covering)
    spellings = _respelled(state.spellings, spelled_old, spelled_new)
    chosen = _select(fixed, ranked, config, vocab, counts)
    named = names.fixed.keys() | {key for resolved in given for key, _ in resolved}
    if any(key not in spellings and key not in named for keys in chosen for key in keys):
        return None  # a topic new to the state's spellings: all its spellings are not counted there
    tags = _labelled(chosen, names, given, vocab, spellings)
    ids: dict[_Info, int] = {}
    summaries: list[bytes | None] = [None] * len(keys)
    for key, scan in zip(edited, new, strict=True):
        summaries[position[key]] = _summary(scan, lexicons[scan.language], ids)
    dictionary.save()
    words = dict(state.words)
    changed_words: dict[str, tuple[dict[str, _Info], list[str], dict[str, int]]] = {}
    for language, lexicon in lexicons.items():
        words[language] = _tokens_of(lexicon, new_words.get(language, set()))
        token_of = {info: token for token, info in lexicon.words.items() if touched.get(info) == language}
        counts_now = uses.get(language, {})
        changed_words[language] = ({token_of[info]: info for info in fresh if info in token_of},
                                   [token_of[info] for info in lost if info in token_of],
                                   {token: counts_now[info] for info, token in token_of.items() if info in counts_now})
    return keys, tags, summaries, _PassState(b"", keys, fixed, weighed, ranked, counts, idf, spellings,
                                             {**state.table, **table}, words, uses, vocab.answers()), \
        (changed_words, answered)


def _words_read(scan: _Scan, lexicon: _Lexicon) -> set[_Info]:
    """The words the vocabulary reads of one article, its chunks signed by ``lexicon``."""
    return set(chain.from_iterable(map(lexicon.relevant.__getitem__, scan.chunks)))


def _uses_after(uses: Mapping[str, dict[_Info, int]], old: Sequence[_Scan], new: Sequence[_Scan],
                lexicons: Mapping[str, _Lexicon]
                ) -> tuple[dict[str, dict[_Info, int]], set[_Info], set[_Info], dict[_Info, str]] | None:
    """``uses`` (see ``_PassState``) with the articles scanned ``old`` taken out and ``new`` put in, the
    words whose last use went, the words new to the archive, and the language of each word whose uses
    changed; None if ``old`` reads a word more often than ``uses`` counts (they are not among the
    articles counted)."""
    result = dict(uses)
    touched: dict[_Info, str] = {}
    for scans, step in ((old, -1), (new, 1)):
        for scan in scans:
            language = scan.language
            if result.get(language) is uses.get(language):
                result[language] = dict(uses.get(language, {}))  # copied once, changed in place
            counts, relevant = result[language], lexicons[language].relevant
            for raw in scan.chunks:
                for info in relevant[raw]:
                    counts[info] = counts.get(info, 0) + step
                    touched[info] = language
    lost, fresh = set(), set()
    for info, language in touched.items():
        counts = result[language]
        if counts[info] < 0:
            return None
        if not counts[info]:
            del counts[info]
            if info in uses.get(language, {}):
                lost.add(info)
        elif info not in uses.get(language, {}):
            fresh.add(info)
    return result, lost, fresh, touched


def _uses(chunks: Mapping[str, int], lexicon: _Lexicon) -> dict[_Info, int]:
    """How often the vocabulary reads each word in ``chunks`` (chunk → in how many articles), signed
    by ``lexicon``: once per article and distinct chunk holding it."""
    uses: dict[_Info, int] = defaultdict(int)
    for raw, count in chunks.items():
        for info in lexicon.relevant[raw]:
            uses[info] += count
    return dict(uses)


def _answers_change(old: _Answers, new: _Answers) -> tuple[Any, ...]:
    """What ``new`` answers otherwise than ``old`` (see ``_Vocabulary.answers``): per language the keys
    seen in lower case gained and lost, and each table's entries new or changed and its keys gone."""
    (old_lower, *old_tables), (new_lower, *new_tables) = old, new
    lower = {language: (new_lower.get(language, set()) - old_lower.get(language, set()),
                        old_lower.get(language, set()) - new_lower.get(language, set()))
             for language in old_lower.keys() | new_lower.keys()}
    tables = []
    for old_table, new_table in zip(old_tables, new_tables, strict=True):
        differ = old_table.items() ^ new_table.items()  # in C: the tables hold tens of thousands of keys
        tables.append(({key: value for key, value in differ if (key, value) in new_table.items()},
                       [key for key, _ in differ if key not in new_table]))
    return lower, *tables


def _moved(answered: tuple[Any, ...]) -> set[str]:
    """The keys and roots whose answers changed (see ``_answers_change``), but Russian nominatives."""
    lower, _, roots, groups = answered
    moved = {*roots[0], *roots[1], *groups[0], *groups[1]}
    for gained, lost in lower.values():
        moved |= gained | lost
    return moved


# What a pass by difference changes of the last pass's words (see ``_by_difference``): per language
# scanned, the words new to the archive and the tokens of those gone, and how often each word whose uses
# changed is read now, by token; then what the vocabulary answers otherwise, if it was built again.
_WordChange = tuple[dict[str, tuple[dict[str, _Info], list[str], dict[str, int]]], tuple[Any, ...] | None]


def _apply_word_change(words: tuple[dict[str, dict[str, _Info]], dict[str, dict[_Info, int]], _Answers],
                       change: _WordChange) -> None:
    """Make the last pass's words, their uses and its vocabulary's answers, in place, those of the pass
    by difference that made ``change`` (see ``_by_difference``)."""
    tokens, uses, answers = words
    languages, answered = change
    for language, (fresh, lost, counted) in languages.items():
        its_tokens, its_uses = tokens.setdefault(language, {}), uses.setdefault(language, {})
        for token in lost:
            its_uses.pop(its_tokens.pop(token), None)
        its_tokens.update(fresh)
        for token, count in counted.items():
            its_uses[its_tokens[token]] = count
    if answered is None:
        return
    (lower, *dicts), (lower_change, *dict_changes) = answers, answered
    for language, (added, gone) in lower_change.items():
        seen = lower.setdefault(language, set())
        seen -= gone
        seen |= added
    for entries, (changed, gone) in zip(dicts, dict_changes, strict=True):
        for key in gone:
            del entries[key]
        entries.update(changed)


def _others_read_alike(state: _PassState, stored: _Tally, tally: _Tally, base: _Counts,
                       folds_old: _Folds, folds: _Folds,
                       words: Mapping[str, set[_Info]], fresh: set[_Info]) -> bool:
    """Whether the counts changed by the edited articles leave every other article's candidates as they
    were (see ``_by_difference``): ``stored`` and ``tally`` counted them as they were and are, ``base``
    holds the rest of the archive's counts."""
    was, now = state.counts, tally.read
    # Lone roots: a role noun before a name reads whether its root stands alone somewhere.
    alone = {root for root in stored.own.standalone.keys() | tally.own.standalone.keys()
             if (root in was.standalone) != (root in now.standalone)}
    if alone and any(info.role and info.root in alone and info not in fresh
                     for found in words.values() for info in found):
        return False
    # Run counts: each sequence of capitalised words reading a changed one must count as it did.
    runs = {tokens for tokens in stored.own.runs.keys() | tally.own.runs.keys()
            if was.runs.get(tokens, 0) != now.runs.get(tokens, 0)}
    runs.update(tokens for tokens in stored.own.plain.keys() | tally.own.plain.keys()
                if (tokens in was.plain) != (tokens in now.plain))
    if runs:
        ends = {tokens[-1] for tokens in runs}
        uninflected = set(now.plain)
        for (infos, language), counted in state.table.items():
            if infos[-1].root in ends:
                roots = tuple(info.root for info in infos)
                if any(roots[start:] in runs for start in range(len(roots) - 1)) and \
                        _name_or_words(infos, language, now.runs, uninflected) != counted:
                    return False
    # Short forms: other articles naming one fold as they did.
    (full_old, folding_old), (full_now, folding_now) = folds_old, folds
    refolded = {key for key in full_old.keys() | full_now.keys() if full_old.get(key) != full_now.get(key)}
    return all(base.names.get(key, 0) == 0 for key in refolded | (folding_old ^ folding_now))


def _respelled(spellings: Mapping[str, dict[str, int]], old: Mapping[str, Counter[str]],
               new: Mapping[str, Counter[str]]) -> dict[str, dict[str, int]]:
    """``spellings`` with the counts ``old`` taken out and ``new`` put in, for the keys it has: it has
    every spelling of those, counted over the whole archive."""
    result = dict(spellings)
    for key in (old.keys() | new.keys()) & spellings.keys():
        counts = Counter(spellings[key])
        counts.subtract(old.get(key, Counter()))
        counts.update(new.get(key, Counter()))
        if left := {spelling: n for spelling, n in counts.items() if n > 0}:
            result[key] = left
        else:
            del result[key]
    return result


def _tags_memo(cache_dir: Path | None, config: TagsConfig) -> Memo:
    """The last run's tags: under ``_LAST`` by article, and by a digest of the whole archive's texts;
    under ``_GENERATION``, that of the pass state recorded with ``_LAST`` (see ``_record``)."""
    memo = Memo(cache_dir / "tags.pickle" if cache_dir else None, context=config)
    memo.get(_GENERATION)  # asked, so that whoever saves the file keeps it with _LAST
    return memo


def _scan_memo(cache_dir: Path | None, config: TagsConfig) -> Memo:
    """The scans of earlier runs. Scans depend on the article's text, the code (the memo's stamp) and
    the rules (their indexes). The scans and the words they hold go into one pickle, so that a loaded
    scan's words are the very objects its lexicon hands out (words are compared by identity)."""
    return Memo(cache_dir / "scans.pickle" if cache_dir else None, context=config.rules)


def _same_summaries(articles: Sequence[Article], texts: Sequence[bytes], last: _Last, config: TagsConfig,
                    cache_dir: Path, scans: Callable[[], Memo], earlier: Mapping[str, Article] | None = None
                    ) -> list[bytes | None] | None:
    """The articles' summaries, when each is one of the last run's articles and each changed one
    summarises as it did, with its front matter tags unchanged: for an archive of the last run's
    articles, the pass over it would then give the last run's tags. None otherwise, as soon as that is
    clear. An old summary not kept is made from the old scan, from the scan memo (``scans()``); only
    then is the file read, unless ``earlier`` holds the article as that scan read it."""
    if len({a.key for a in articles}) != len(articles):
        return None  # two with one key
    changed = []
    for n, (article, text) in enumerate(zip(articles, texts, strict=True)):
        before = last.get(article.key)
        if before is None or before[2] != article.tags:
            return None
        if before[0] != text:
            changed.append(n)
    seeds: dict[str, _Seed] = {}
    stored = None
    earlier = earlier or {}
    if any(last[articles[n].key][1] is None and articles[n].key not in earlier for n in changed):
        stored = scans()
        seeds = _seeds(stored)
    rules = _compile_rules(config)
    dictionary = _Dictionary(cache_dir / "lemmas.pickle")
    lexicons: dict[str, tuple[_Lexicon, _RuleIndex | None]] = {}

    def lexicon_of(language: str) -> tuple[_Lexicon, _RuleIndex | None]:
        # Each scan is summarised with its own language's words: an edit may change the language
        # (and then the summary, which digests it).
        if language not in lexicons:
            lexicon = _seeded_lexicon(language, dictionary, seeds)
            lexicons[language] = lexicon, _RuleIndex(rules, lexicon) if rules else None
        return lexicons[language]

    summaries = [last[a.key][1] for a in articles]
    ids: dict[_Info, int] = {}
    for n in changed:
        text, before, _, _ = last[articles[n].key]
        if before is None and articles[n].key in earlier:
            old = earlier[articles[n].key]
            old_lexicon, old_index = lexicon_of(old.language or "und")
            before = _summary(_scan(_zones(old), old_lexicon, old_index), old_lexicon, ids)
        elif before is None:
            # looked at, not used: the pass keeps in the file only the scans of this run's texts
            packed = stored.stored.get(text) if stored is not None else None
            if packed is None:
                return None
            scan = _Scan.unpacked(packed, seeds[packed[0]][2].__getitem__)
            before = _summary(scan, lexicon_of(scan.language)[0], ids)
        lexicon, index = lexicon_of(articles[n].language or "und")
        summaries[n] = _summary(_scan(_zones(articles[n]), lexicon, index), lexicon, ids)
        if summaries[n] != before:
            return None
    dictionary.save()
    return summaries


def _seeded_lexicon(language: str, dictionary: _Dictionary, seeds: Mapping[str, _Seed]) -> _Lexicon:
    """A lexicon that starts with the words and chunks the scan file holds for ``language``."""
    lexicon = _Lexicon(language, dictionary)
    if language in seeds:
        lexicon.words.update(seeds[language][0])
        lexicon.relevant.update(seeds[language][1])
    return lexicon


def _summary(scan: _Scan, lexicon: _Lexicon, ids: dict[_Info, int]) -> bytes:
    """A digest of all the pass over the archive reads of one article's scan: its language, name and
    word candidates, rule matches, and the words its chunks give the vocabulary. Articles whose
    summaries are as they were give the archive pass what it had; their texts may differ (a
    lower-case word in German, punctuation). Words go in by content, so that any lexicon gives the
    same summary; ``ids`` holds each word's (see ``_word_ids``) and gets those it lacks."""
    for raw in scan.chunks:
        if raw not in lexicon.relevant:  # a chunk of an old scan, in a lexicon that never signed it
            lexicon.sign(raw)
    relevant = _words_read(scan, lexicon)
    if not ids.keys() >= relevant:
        ids.update(_word_ids(relevant))
    word = ids.__getitem__
    # the vocabulary's words as a set: the sum of their ids (128 bits each), in any order
    return digest(scan.language, scan.lone, scan.lone_start,
                  [(tuple(map(word, run)), mask, weight) for run, mask, weight in scan.runs],
                  [(word(info), weight) for info, weight in scan.words], sorted(scan.rules.items()),
                  sum(map(word, relevant)),
                  [(word(first), word(second), weight, free) for first, second, weight, free in scan.pairs])


def _word_ids(words: Iterable[_Info]) -> dict[_Info, int]:
    """Each word's id: a digest of its content (its key, lemma key and matches follow from it)."""
    return {info: int.from_bytes(digest(info.cls, info.role, info.surface, info.lemma)) for info in words}


def _text_digest(article: Article, bodies: BodyDigests) -> bytes:
    """A digest of everything ``_scan`` reads of an article (and of its figures: the page keys digest
    the same body, once for both)."""
    return digest(article.language, article.title, article.description, article.markdown, bodies(article.body))


# ---------------------------------------------------------------------------
# Scanning shared with a worker process

# From this many articles to scan (a first run, a changed tags config), a worker process scans chunks
# of them while this one scans others: it starts and loads simplemma's answers in a few tenths of a
# second, and scanning takes about a quarter of a millisecond an article. Each chunk in turn goes to
# the worker while it has fewer than _SHARE_AHEAD to scan, else this process scans it.
_SHARE_FROM = 2000
_SHARE_CHUNK = 125  # articles
_SHARE_AHEAD = 3  # chunks handed to the worker and not yet scanned: what they hold in memory
# Words past which the scan worker lets go of its lexicons (see _ScanShare.forget). A large archive's vocabulary
# passes it (at 100,000 articles with a real one, the worker's share came to 325,000 words and 0.2 GB), not
# one of 10,000 articles.
_WORKER_WORDS = 150_000

# simplemma's answers learnt in a process: table ("lemmas", "known") → language → (word, answer)
_Answered = dict[str, dict[str, list[tuple[str, Any]]]]
# What the worker sends of a chunk: the words it learnt (language, token, word), its scans with their words by
# those numbers (see _ScanShare, _Scan.pack), simplemma's answers
_Scanned = tuple[list[tuple[str, str, _Info]], list[_PackedScan], _Answered]


@dataclass
class _ScanShare:
    """The worker's side of scanning shared with it: its lexicons, and what it told the caller so far.

    Each word is sent with its token the first time a chunk's lexicons learn it (once more after they were
    let go of: ``forget``); the scans name words by their numbers in that order. The caller takes each
    word as its own lexicon has it (the same for the same token: a word is worked out from its token and
    simplemma's answers alone), so its scans are those it would have made itself."""

    dictionary: _Dictionary
    rules: list[_Rule]
    lexicons: dict[str, tuple[_Lexicon, _RuleIndex | None]] = field(default_factory=dict)
    numbers: dict[_Info, int] = field(default_factory=dict)
    sent: int = 0  # words sent, under the numbers 0 to sent - 1
    told: dict[tuple[str, str], int] = field(default_factory=dict)  # (table, language) → entries sent

    def __post_init__(self) -> None:
        for table, by_language in self.dictionary.tables().items():  # loaded from the file: not sent
            self.told.update(((table, language), len(answers)) for language, answers in by_language.items())

    def lexicon(self, language: str) -> tuple[_Lexicon, _RuleIndex | None]:
        found = self.lexicons.get(language)
        if found is None:
            lexicon = _Lexicon(language, self.dictionary)
            found = self.lexicons[language] = lexicon, _RuleIndex(self.rules, lexicon) if self.rules else None
        return found

    def learnt(self) -> list[tuple[str, str, _Info]]:
        """The words (language, token, word) learnt since the last call, numbered in this order."""
        found = []
        for language, (lexicon, _) in self.lexicons.items():
            for token, info in islice(lexicon.words.items(), self.told.get(("words", language), 0), None):
                if info not in self.numbers:  # one mark for many punctuation tokens
                    self.numbers[info] = self.sent
                    self.sent += 1
                    found.append((language, token, info))
            self.told["words", language] = len(lexicon.words)
        return found

    def forget(self, most_words: int) -> None:
        """Let go of the lexicons once more than ``most_words`` words (all languages together) were sent since
        they were made: the worker lives through the scan, while the caller's memory grows to its largest,
        and its lexicons grow with the archive's vocabulary. A word met again is worked out again
        (simplemma's answers are kept) and sent again, under a new number: the caller takes it as the word
        its own lexicon has for the token, the same as before."""
        if len(self.numbers) > most_words:
            self.lexicons.clear()
            self.numbers.clear()
            self.told = {key: told for key, told in self.told.items() if key[0] != "words"}

    def answers(self) -> _Answered:
        """simplemma's answers got since the last call."""
        found: _Answered = {}
        for table, by_language in self.dictionary.tables().items():
            for language, answers in by_language.items():
                told = self.told.get((table, language), 0)
                if len(answers) > told:
                    found.setdefault(table, {})[language] = list(islice(answers.items(), told, None))
                    self.told[table, language] = len(answers)
        return found


@cache
def _scan_share(session: bytes, rules: tuple[_Rule, ...], dictionary_file: Path | None) -> _ScanShare:
    """The worker's state in ``session`` (one tag stage's sharing): one for all the chunks it gets."""
    return _ScanShare(_Dictionary(dictionary_file), list(rules))


def _scan_shared(task: Path, session: bytes, rules: tuple[_Rule, ...], dictionary_file: Path | None,
                 most_words: int) -> Path | _Scanned:
    """In the worker: the scans of the items (language, zones) in the file ``task`` (removed), with the
    words and simplemma's answers learnt since the last chunk (see ``_ScanShare``), in a file beside it:
    its name. Past ``most_words`` words, the worker lets go of its lexicons afterwards (``_ScanShare.forget``).

    Work and scans go through files, not the pool's pipe: a pipe holds 64 KB, and the threads of the
    caller's pool that write and read it wait for the interpreter lock at each 64 KB while the caller
    scans (5 ms each): the worker sat idle a third of the time, waiting for its next chunk or for its
    scans to be taken."""
    with task.open("rb") as handle:  # in a worker: no cycle collection there (see parallel._pool)
        items = pickle.load(handle)
    task.unlink()
    done = task.with_suffix(".done")
    scanned = _scanned(items, session, rules, dictionary_file, most_words)
    try:
        _dump(done, scanned)
    except OSError:
        return scanned  # a full disk: through the pipe after all
    return done


@contextmanager
def _scratch_folder() -> Iterator[Path | None]:
    """A temporary folder for the chunks handed to the scan worker, removed afterwards; None where none
    can be made (no writable temporary folder): this process then scans every article itself."""
    try:
        folder = TemporaryDirectory(prefix="archive-site-scans-", ignore_cleanup_errors=True)
    except OSError:
        yield None
        return
    with folder as name:
        yield Path(name)


def _dump(file: Path, value: object) -> None:
    """``value`` pickled into ``file``; OSError if it cannot be (a full disk), what was written of it
    removed first (an OSError removing it comes instead: the callers tell none apart)."""
    try:
        with file.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        file.unlink(missing_ok=True)
        raise


def _scanned(items: Sequence[tuple[str, list[tuple[str, int]]]], session: bytes, rules: tuple[_Rule, ...],
             dictionary_file: Path | None, most_words: int) -> _Scanned:
    share = _scan_share(session, rules, dictionary_file)
    scans = [_scan(zones, *share.lexicon(language)) for language, zones in items]
    for lexicon, _ in share.lexicons.values():
        # Tables of no use here past these scans: each chunk's words the vocabulary reads (the caller signs
        # every chunk for it itself), and the one string per chunk (the caller keeps its own; the strings
        # stay, as keys of the tables kept).
        lexicon.relevant.clear()
        lexicon.canonical.clear()
    learnt = share.learnt()
    number = share.numbers.__getitem__
    scanned = learnt, [scan.pack(number) for scan in scans], share.answers()
    share.forget(most_words)
    return scanned


class _ScansBeside:
    """The caller's side of scanning shared with a worker process (see ``_ScanShare``)."""

    def __init__(self, pool: ProcessPoolExecutor, rules: Sequence[_Rule], dictionary: _Dictionary,
                 folder: Path) -> None:
        self.pool = pool
        self.session = os.urandom(16)
        self.rules = tuple(rules)
        self.dictionary_file = dictionary.file
        self.folder = folder  # the chunks' files (see _scan_shared)
        self.handed: deque[tuple[list[int], Future[Path | _Scanned]]] = deque()

    def waiting(self) -> int:
        """How many of the chunks handed over the worker has not scanned yet."""
        return sum(not future.done() for _, future in islice(reversed(self.handed), _SHARE_AHEAD))

    def hand(self, indexes: list[int], items: list[tuple[str, list[tuple[str, int]]]]) -> bool:
        """Have the worker scan ``items`` (language, zones), the articles ``indexes``; False if they cannot
        be written for it (a full disk): the caller scans them."""
        task = self.folder / f"{indexes[0]}.task"
        try:
            _dump(task, items)
        except OSError:
            return False
        future = self.pool.submit(_scan_shared, task, self.session, self.rules, self.dictionary_file,
                                  _WORKER_WORDS)
        self.handed.append((indexes, future))
        return True

    def scans(self, lexicons: Mapping[str, _Lexicon], dictionary: _Dictionary) -> Iterator[tuple[int, _Scan]]:
        """The worker's scans, by article index, with their words those of ``lexicons`` (which learn
        the worker's other words), and ``dictionary`` learning its answers. Each chunk's result is let
        go once taken: held to the end, they took 0.2 GB more at 100,000 articles."""
        words: list[_Info] = []
        word = words.__getitem__
        while self.handed:
            indexes, future = self.handed.popleft()
            found = future.result()
            if isinstance(found, Path):  # as it should be (see _scan_shared)
                with without_cycle_collection(), found.open("rb") as handle:
                    learnt, packed, answers = pickle.load(handle)
                found.unlink()
            else:
                learnt, packed, answers = found
            del future
            words.extend(lexicons[language].words.setdefault(token, info) for language, token, info in learnt)
            dictionary.learn(answers)
            for n, scan in zip(indexes, packed, strict=True):
                yield n, _Scan.unpacked(scan, word, lexicons[scan[0]].canonical.setdefault)


def _tags(articles: Sequence[Article | None], front: Sequence[tuple[str, ...]], config: TagsConfig,
          cache_dir: Path | None, texts: Sequence[bytes], known: Mapping[bytes, bytes], stored: Memo
          ) -> tuple[list[tuple[str, ...]], list[bytes | None], _PassState]:
    """The tags of each article, the summaries of those whose scan the scan memo ``stored`` does
    not keep (those ``known`` by text digest too; None for the others), and the pass's state. Scans
    of articles whose text digest (``texts``) ``stored`` holds are loaded, not made: the tags are those
    of a run without it.
    An article may be None when ``stored`` holds its scan; ``front``: each one's front matter tags."""
    rules = _compile_rules(config)
    dictionary = _Dictionary(cache_dir / "lemmas.pickle" if cache_dir else None)
    seeds = _seeds(stored)
    lexicons: dict[str, _Lexicon] = {}
    indexes: dict[str, _RuleIndex] = {}
    made: dict[bytes, _Scan] = {}  # text digest → scan made in this run
    stored_scans = [stored.get(text) for text in texts]
    for packed, article in zip(stored_scans, articles, strict=True):
        if packed is None and article is None:
            raise ValueError("an article without a stored scan")
        # A scan's language is its article's (or "und"): the lexicons come in the same order either way.
        language = packed[0] if packed is not None else article.language or "und"  # type: ignore[union-attr]
        if language not in lexicons:
            lexicon = lexicons[language] = _seeded_lexicon(language, dictionary, seeds)
            if rules:
                indexes[language] = _RuleIndex(rules, lexicon)
    scans = [None if packed is None else _Scan.unpacked(packed, seeds[packed[0]][2].__getitem__)
             for packed in stored_scans]
    del seeds  # the lexicons hold the words
    todo = [n for n, packed in enumerate(stored_scans) if packed is None]
    del stored_scans
    with one_worker() if len(todo) >= _SHARE_FROM else nullcontext() as pool, \
            _scratch_folder() if pool else nullcontext() as folder:
        beside = _ScansBeside(pool, rules, dictionary, folder) if pool and folder else None
        for start in range(0, len(todo), _SHARE_CHUNK):
            part = todo[start:start + _SHARE_CHUNK]
            mine = [articles[n] for n in part]
            if (beside is not None and beside.waiting() < _SHARE_AHEAD  # the worker takes the next part
                    and beside.hand(part, [(a.language or "und", _zones(a)) for a in mine])):  # type: ignore[union-attr]
                continue
            for n, article in zip(part, mine, strict=True):
                language = article.language or "und"  # type: ignore[union-attr]
                scan = scans[n] = _scan(_zones(article), lexicons[language], indexes.get(language))  # type: ignore[arg-type]
                made[texts[n]] = scan
        for n, scan in beside.scans(lexicons, dictionary) if beside is not None else ():
            made[texts[n]] = scan
            scans[n] = scan
    uses: dict[str, dict[_Info, int]] = {}
    chunks: dict[str, Iterable[str]] = {}
    for language, lexicon in lexicons.items():
        # Counted, not only gathered (0.1 s more at 10,000 articles): the pass by difference learns from
        # the counts which words an edit or a removed article takes from the archive.
        counted = Counter(chain.from_iterable(scan.chunks for scan in scans if scan.language == language))
        chunks[language] = counted.keys()
        for raw in counted.keys() - lexicon.relevant.keys():  # a chunk only in cached scans
            lexicon.sign(raw)
        uses[language] = _uses(counted, lexicon)
        # Only the scans read these (each chunk's string and sign; a chunk signed again gets its own):
        # with a real archive's vocabulary, hundreds of thousands of entries each at 100,000 articles.
        lexicon.canonical.clear()
        lexicon.signs.clear()
        del counted  # ``chunks`` holds it
    words = {language: set(counts) for language, counts in uses.items()}
    tokens = {language: _tokens_of(lexicons[language], found) for language, found in words.items()}
    # The scan file is large (25 MB at 10,000 articles) and an edit changes one scan in it: until
    # one in a hundred is missing or stale, the few missing are made again on each run instead,
    # in less time than writing the file anew (0.2 s). Either way every scan is that of its text.
    kept = len(made) + len(stored.stored) - len(stored.used) > len(articles) // 100
    # Every scan by the numbers of this run's words: those loaded were by the file's.
    filed = {language: _pack_words(tokens[language], _relevant_of(lexicons[language], chunks[language]))
             for language in words} if kept else {}
    # The chunks' counts, not read from here on, go before the scan file's write, a first run's peak: an
    # entry per distinct chunk (86,000 at 10,000 articles with a real vocabulary).
    chunks.clear()
    if kept:
        for scan, text in zip(scans, texts, strict=True):
            stored.put(text, scan.pack(filed[scan.language][1]))  # type: ignore[union-attr]
        stored.put(_WORDS, {language: packed for language, (packed, _) in filed.items()})
        del filed
        stored.save()
    # The summaries of the scans made now, while the file does not keep them: a few, after an edit.
    ids: dict[_Info, int] = {}
    summaries: list[bytes | None] = [
        known.get(text) or (_summary(scan, lexicons[scan.language], ids) if not kept and text in made else None)
        for scan, text in zip(scans, texts, strict=True)]
    # The chunk lists were read for the union above and are half of all scans (0.28 GB at 100,000
    # articles): free them before the archive pass, whose peak is the run's.
    del stored, made
    for scan in scans:
        scan.chunks = ()
    for lexicon in lexicons.values():
        # Read by the scan file and the summaries alone. Replaced, not cleared: a held copy of the scan
        # file's entries may be this very table (see _relevant_of).
        lexicon.relevant = {}
    give_back_memory()  # what the chunk lists held, and the scan file's write (see memo.give_back_memory)
    vocab = _Vocabulary(words, dictionary)
    names = _Names(config, vocab)
    rule_keys, blocked = _blocking(rules, names, vocab, config)
    given = [_given(tags, names) for tags in front]
    fixed_tags = [_fixed(scan.rules, resolved, rule_keys) for scan, resolved in zip(scans, given, strict=True)]
    tally = _Tally()
    weighed: list[_Weighed] = [((), ()) for _ in articles]
    spellings: dict[str, Counter[str]] = {}
    table: _Table = {}
    if config.auto:
        # The scans are read no more once gathered: their memory goes to the candidates (at 100,000
        # articles with a real vocabulary, 0.2 GB of lists and tuples).
        weighed, spellings, table, _ = _candidates(scans, lexicons, vocab, names, blocked, tally, consume=True)
        give_back_memory()  # the candidates' tables, before the pass's state is pickled
    idf = _idf(tally.read, config)
    covering = _covering(tally.read, idf)
    ranked = [_rank(w, idf, covering) for w in weighed]
    tags = _labelled(_select(fixed_tags, ranked, config, vocab, tally.read), names, given, vocab, spellings)
    dictionary.save()
    # The spellings of the candidates salient somewhere, those a tag may be named after: with a real
    # archive's vocabulary the others are most of them, and no edit reads theirs.
    topical = {key for _, key in tally.read.salient}
    state = _PassState(b"", [], fixed_tags, weighed, ranked, tally.read, idf,
                       {key: dict(counts) for key, counts in spellings.items() if key in topical}, table,
                       tokens, uses, vocab.answers())
    return tags, summaries, state


def _tokens_of(lexicon: _Lexicon, words: Collection[_Info]) -> dict[str, _Info]:
    """``lexicon``'s tokens of ``words``, the archive's: a stale word would change the vocabulary of the
    next pass that restores it."""
    return {token: info for token, info in lexicon.words.items() if info in words}


def _relevant_of(lexicon: _Lexicon, chunks: Collection[str]) -> dict[str, tuple[_Info, ...]]:
    """What the vocabulary reads of each of ``chunks`` (all of them signed by ``lexicon``): the lexicon's
    own table when it holds these chunks alone, as after a first run, rather than a copy of it."""
    relevant = lexicon.relevant
    return relevant if len(relevant) == len(chunks) else {raw: relevant[raw] for raw in chunks}


def _candidates(scans: Sequence[_Scan], lexicons: Mapping[str, _Lexicon], vocab: _Vocabulary, names: _Names,
                blocked: set[str], tally: _Tally, consume: bool = False
                ) -> tuple[list[_Weighed], dict[str, Counter[str]], _Table, _Folds]:
    """The automatic tag candidates of the articles scanned (see ``_salient``), the spellings they count,
    what their sequences of capitalised words count as, and how short forms fold (see ``_fold_names``).
    ``consume``: see ``_gather``."""
    found, spellings, table = _gather(scans, lexicons, vocab, tally, consume)
    _withhold(found, names, blocked)
    folds = _fold_names(found, tally)
    return _salient(scans, found, tally), spellings, table, folds


def _blocking(rules: Sequence[_Rule], names: _Names, vocab: _Vocabulary, config: TagsConfig
              ) -> tuple[list[str], set[str]]:
    """Each rule's tag key, and the keys automatic tags may not use: rule keywords (the rule covers
    them) and ``ignore``. The rules' tags get their display names."""
    rule_keys: list[str] = []
    blocked: set[str] = set()
    for rule in rules:
        resolved = names.resolve(rule.tag)
        rule_keys.append(resolved[0] if resolved else "")
        if resolved:
            names.fixed.setdefault(*resolved)
            blocked.add(resolved[0])
            blocked.update(" ".join(vocab.key(w) for w in words) for words in rule.keywords)
            # A keyword's start ("Fernwärme*") covers the words starting with it: marked by its "*" (see _withhold).
            blocked.update(f"{start}*" for start in rule.starts)
    for word in config.ignore:
        blocked.add(vocab.phrase_key(word))
        # An ignored compound noun leaves its words as they are: marked by its "!" (see _withhold).
        blocked.add("!" + vocab.phrase_key(word))
        if resolved := names.resolve(word):
            blocked.add(resolved[0])
    return rule_keys, blocked


def _given(tags: tuple[str, ...], names: _Names) -> list[tuple[str, str]]:
    """(key, label) of an article's front matter tags."""
    return [r for r in map(names.resolve, tags) if r] if tags else []


def _fixed(scores: Mapping[int, int], given: Sequence[tuple[str, str]], rule_keys: Sequence[str]) -> list[str]:
    """An article's tags that are no automatic topics: its front matter's, then those of the rules its
    keywords weigh ``RULE_MIN_WEIGHT`` in or more, heaviest first."""
    keys = [key for key, _ in given]
    # A keyword once in passing ("… as in the flood-hit districts") is no topic of the article.
    ordered = sorted(((rule, score) for rule, score in scores.items() if score >= RULE_MIN_WEIGHT),
                     key=lambda item: (-item[1], item[0]))  # ties: config order
    keys += [rule_keys[index] for index, _ in ordered if rule_keys[index]]
    return list(dict.fromkeys(keys))


def _labelled(chosen: Sequence[list[str]], names: _Names, given: Sequence[Sequence[tuple[str, str]]],
              vocab: _Vocabulary, spellings: Mapping[str, Mapping[str, int]]) -> list[tuple[str, ...]]:
    """Each article's tags by display name: a fixed name, else the most frequent front matter
    spelling, else the vocabulary's pick among the spellings seen."""
    given_labels: dict[str, Counter[str]] = defaultdict(Counter)
    for resolved in given:
        for key, label in resolved:
            given_labels[key][label] += 1
    labels: dict[str, str] = {}
    for key in sorted({k for keys in chosen for k in keys}):
        if key in names.fixed:
            label = names.fixed[key]
        elif key in given_labels:
            label = min(given_labels[key].items(), key=lambda item: (-item[1], item[0]))[0]
        else:
            label = safe_label(vocab.label(spellings[key])) if spellings.get(key) else key
            if label[:1].islower():
                label = label[0].upper() + label[1:]
        labels[key] = label
    return [tuple(dict.fromkeys(labels[k] for k in keys if labels[k])) for keys in chosen]


def _place_adjective(word: str, vocab: _Vocabulary) -> bool:
    """Whether ``word`` (a key) reads as a place's adjective: a name the archive writes capitalised, and "er"
    ("velsburger" where the archive names Velsburg; not "peter"), or "r" after a name ending in "e"
    ("kaltenmunder", Kaltenmünde's). "Bremer" and "Münchner" are not read as Bremen's and München's:
    "Walter" would be Walen's."""
    return word.endswith("er") and any(vocab.group_spellings.get(vocab.root.get(stem, stem))
                                       for stem in (word[:-2], word[:-1]))


def _placed(key: str, heads: tuple[str, ...], vocab: _Vocabulary) -> bool:
    """Whether ``key`` is one of ``heads`` (each a tag's key after a space) after a place's adjective
    ("velsburger rheinhafen"; see ``_place_adjective``)."""
    return any(key.endswith(head) and _place_adjective(key[:-len(head)].rsplit(" ", 1)[-1], vocab) for head in heads)


def _town_adjectives(keys: Iterable[str], vocab: _Vocabulary, counts: _Counts) -> set[str]:
    """Those of ``keys`` that are a place's adjective alone (see ``_place_adjective``) and that the archive
    mostly writes as one, before a noun ("Kaltenmünder Hafen", "Kaltenmünder Bäckerei"): as often as in half
    the articles naming it. Alone, "Kaltenmünder" only says "in Kaltenmünde" again. A noun whose stem is a
    word of the archive too ("Frachter" beside "Fracht", "Musiker" beside "Musik") seldom stands before
    another capitalised word, and stays a topic."""
    return {key for key in keys if " " not in key and _place_adjective(key, vocab)
            and 2 * counts.leads.get(key, 0) >= counts.any.get(key, 0)}


def _fill(picked: list[str], seen: set[str], scored: Sequence[str], withdrawn: Collection[str],
          heads: tuple[str, ...], vocab: _Vocabulary, limit: int) -> None:
    """Add ``scored`` keys, best first, to an article's ``picked`` up to ``limit``: those not ``seen``, not
    ``withdrawn``, and not one of its fixed tags after a place's adjective (``heads``, see ``_placed``)."""
    for key in scored:
        if len(picked) >= limit:
            break
        if key not in seen and key not in withdrawn and not (heads and _placed(key, heads, vocab)):
            picked.append(key)
            seen.add(key)


def _named_heads(keys: Sequence[str], vocab: _Vocabulary) -> set[str]:
    """Those of ``keys`` that are a common noun ending a name among them: "council" beside "ashbridge city
    council" (a word the archive writes in lower case too, after a word it never does). Not a name's last
    word ("velsburg" of "stadtwerke velsburg"), nor a compound's head ("festival" of "music festival")."""
    if not any(" " in key for key in keys):
        return set()
    common = vocab.lower_seen.values()
    names = [name for name in keys if " " in name and not any(name.split(" ", 1)[0] in seen for seen in common)]
    return {key for key in keys if " " not in key and any(key in seen for seen in common)
            and any(name.endswith(" " + key) for name in names)}


def _select(fixed: Sequence[list[str]], ranked: Sequence[Sequence[str]], config: TagsConfig, vocab: _Vocabulary,
            counts: _Counts) -> list[list[str]]:
    """Fill each article up to ``max_per_article``; automatic tags that end up on fewer than
    ``min_articles`` articles are withdrawn and the slots refilled, until nothing changes.

    An automatic tag that is one of the article's fixed tags after a place's adjective is passed over on that
    article: "Velsburger Rheinhafen" says again what the rule's "Rheinhafen" says there (but "Deutsche Bahn"
    is a company, beside the rule's "Bahn"). A place's adjective alone is no automatic tag (see
    ``_town_adjectives``); ``counts``: the archive's (see ``_Counts``)."""
    limit = config.max_per_article
    automatic = {key for scored in ranked for key in scored}
    withdrawn = _town_adjectives(automatic, vocab, counts)
    chosen: list[list[str]] = []
    for _ in range(20):
        chosen = []
        for keys, scored in zip(fixed, ranked, strict=True):
            picked = keys[:limit]
            seen = set(picked)
            heads = tuple(" " + key for key in keys)
            _fill(picked, seen, scored, withdrawn, heads, vocab, limit)
            if covered := _named_heads(picked, vocab) - set(keys):
                # "Council" beside "Ashbridge City Council": the name says it, and the word alone gives its slot to
                # the next topic (it stays in ``seen``: never picked again).
                picked = [key for key in picked if key not in covered]
                _fill(picked, seen, scored, withdrawn, heads, vocab, limit)
            chosen.append(picked)
        usage = Counter(k for keys in chosen for k in keys)
        lonely = {k for k in automatic - withdrawn if 0 < usage[k] < config.min_articles}
        if not lonely:
            return chosen
        withdrawn |= lonely
    return [[k for k in keys if k not in withdrawn or k in f] for keys, f in zip(chosen, fixed, strict=True)]
