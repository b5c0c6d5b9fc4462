/*
 * archive-site: the search worker behind Material's search box.
 *
 * Material's own worker builds a lunr.js index in the browser on every page
 * load; at 10,000 articles that alone takes seconds before the first result.
 * Material lets a site bring its own worker (the "search" URL in __config)
 * as long as it speaks Material's messages: SETUP with the search index
 * (search/search_index.json, as Material's search plugin writes it) →
 * READY; QUERY with the typed text → RESULT with the matching pages. This
 * worker builds a plain inverted index instead: words folded to lower case
 * without accents (``bogota`` finds ``Bogotá``), looked up by prefix
 * (``Sanktion`` finds ``Sanktionen``), ranked by field (title and tags above
 * text), rarity and the share of the query's words a page holds; a page
 * whose whole title is the query first (a topic's page, see titled). Results
 * come back as Material renders them: grouped by page, words marked, the
 * text cut to a snippet around the first match.
 *
 * Query syntax: words (any may match; pages with more of them rank higher),
 * "+word" (must match), "-word" (must not), "quoted words" (each must match).
 * A word the index splits (Vier-Personen-Haushalt, 8.5, Northgate's) matches a
 * page holding all its parts, each whole but the last (which may be typed
 * still); a lone letter after an apostrophe (the possessive s) is left out.
 */
(function () {
  "use strict";

  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;  // Material's SearchMessageType
  var WEIGHT = { title: 10, tags: 8, text: 1 };
  var PREFIX = 0.6;        // a prefix match counts this much of an exact one
  // A word found in another form counts this much: a typed umlaut's without it ("Häfen" as "Hafen"), an
  // inflected word's stem ("Hoffmanns" as "Hoffmann", "Hafens" as "Hafen").
  var LOOSE = 0.5;
  // A genitive's or a plural's last letter ("Hoffmanns", "Wärmepumpen", "Stadtwerke", "strikes"): cutting
  // more made false stems of names ("Berger" as "Berg", "Andersen" as "anders").
  var ENDING = /[sne]$/;
  var STEM = 5;            // letters a stem keeps at least ("Runde" is no "rund", "Seite" no "seit")
  // A word found nowhere, as typed, without its umlauts or by its stem, is cut further, by the first of these
  // tiers that finds something, as a whole word: a last s with four letters left ("ports" as "port"), then an
  // -en with four ("Kliniken" as "Klinik", "Wahlen" as "Wahl") or an -es with four ("Bundestages" as
  // "Bundestag"). A word some page holds, or begins, is never cut so far. A shorter -es cut made names words
  // ("Jones" as "Jon", "Times" as "Tim"); an -en cut still may ("Siegen" as "Sieg"), at half weight. Not an -en after
  // s: "Andersen" and "Hansen" are names, and a plural's "-sen" is a singular's "-se" and an n (ENDING); not an
  // -er ("Berger" is no "Berg"). A tier that finds nothing lets the next try: "notes" finds "note" and no "not"
  // where the archive holds both; and a cut on more than GENERIC of the pages is a word of every text ("not"),
  // in an archive of GENERIC_FROM pages at least (in a few pages, a topic's word may be on most).
  // (``unless``, not a lookbehind: Safari before 16.4 refuses the whole script for one.)
  // Then English forms, the ending put back as a word's other form has it: "cities" as "city", "library" as
  // "libraries", "flooded" as "flood", "hired" as "hire", "closing" as "close", "flooding" as "flood"; then
  // the other side of the Atlantic's spelling: "neighbours" as "neighbors", "center" as "centre".
  var FALLBACK = [[{ ending: /s$/, keep: 4 }], [{ ending: /en$/, unless: /sen$/, keep: 4 }, { ending: /es$/, keep: 4 }],
                  [{ ending: /ies$/, to: "y", keep: 3 }, { ending: /ied$/, to: "y", keep: 3 }, { ending: /y$/, to: "ies", keep: 5 },
                   { ending: /ed$/, keep: 4 }, { ending: /ed$/, to: "e", keep: 4 }, { ending: /ing$/, keep: 4 },
                   { ending: /ing$/, to: "e", keep: 4 }],
                  [{ ending: /our(s?)$/, to: "or$1", keep: 5 }, { ending: /or(s?)$/, to: "our$1", keep: 6 },
                   { ending: /tre(s?)$/, to: "ter$1", keep: 5 }, { ending: /ter(s?)$/, to: "tre$1", keep: 5 }]];
  var GENERIC = 0.5;
  var GENERIC_FROM = 50;  // index entries (topics' pages and sections count too)
  // A Russian word in another case or number ("Москва": "Москве", "Москвы", "Москвой"): its ending cut, the
  // rest looked up as a prefix, wherever the word stands in the query. Russian writes a noun in up to twelve
  // forms, German in two or three. Endings as folded (й as и, ё as е), the first that leaves enough letters:
  // one of two or three letters where four are left ("мостов" as "мост"), one starting with и where five are
  // ("партии" as "парти", not "парт", a start of "Партнеры"), else one of one letter where four are ("Австрия"
  // as "Австри", not "Австр", a start of "Австралия"). A stem of four letters is looked up only for a word
  // the archive does not hold: it starts other words too ("Ростов" as "Рост", "Иванов" as "Иван").
  var CYRILLIC = /^[\u0400-\u04ff]+$/;
  var RU_ENDINGS = [[/(?:ями|ами|ях|ах|ов|ев|ои|еи|ом|ем|ам|ям|ую|юю|ая|яя|ое|ее|ые|ыи|ых|ым)$/, 4],
                    [/(?:иях|ие|ии|их|им)$/, 5], [/[аяоеиыуюь]$/, 4]];
  var RU_SHORT = 4;
  var MAX_EXPANSIONS = 3000;  // index words a one- or two-letter prefix may stand for
  var SNIPPET = 280;       // characters of text shown per result
  var RICH = 100;          // results whose snippet is cut around the first match (the rest: from the start)
  var FORMS = 8;           // words a result names for the page to mark, per query word (see written)
  var NAMING = 20;         // results that name them: those Material shows first (a scan of each one's text
                           // per key typed; named by all RICH results, a key took 16-18 ms, not 13-14)
  var WORD = /[\p{L}\p{N}]+/gu;
  var MARKS = /[\u0300-\u036f]/g;
  var ENTITY = /&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi;
  var NAMED = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0" };
  var UMLAUT = /[äöüÄÖÜ]/;
  var UMLAUTS = { "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue" };
  // A word of a text not folded yet: letters and digits with the marks over them ("e" and a combining acute).
  var TEXT_WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;
  var NOT_ASCII = /[^\x00-\x7f]/;
  var POSSESSIVE = /['’]\p{L}(?![\p{L}\p{N}])/gu;  // a lone letter after an apostrophe: "Northgate's"

  var index = null;

  // Letters no mark comes off: written without it on a keyboard that lacks them ("Yildiz", "Tromso").
  var BARE = /[ıøłđðþæœħŧ]/g;
  var BARE_LETTERS = { "ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ħ": "h",
                       "ŧ": "t" };

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(MARKS, "").replace(/ß/g, "ss")
      .replace(BARE, function (letter) { return BARE_LETTERS[letter]; });
  }

  function decode(html) {
    return html.replace(ENTITY, function (entity, name) {
      if (name[0] === "#") {
        var code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : entity;
      }
      var known = NAMED[name.toLowerCase()];
      return known === undefined ? entity : known;
    });
  }

  function plain(html) {
    return decode(html.replace(/<[^>]*>/g, " ")).replace(/\s+/g, " ").trim();
  }

  function escape(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // -------------------------------------------------------------------------
  // Index

  function build(docs) {
    var postings = new Map();  // folded word → [doc, weight, doc, weight, …]
    var pages = new Map();     // page location → index of its document
    var shown = [];
    try {
      for (var d = 0; d < docs.length; d++) {
        var doc = docs[d];
        var page = doc.location.split("#")[0];
        if (!pages.has(page)) pages.set(page, d);
        var title = plain(doc.title || "");
        var text = plain(doc.text || "");
        var tags = (doc.tags || []).map(String);
        // A page's boost (Material's ``search.boost``: a topic's page, see write.TOPIC_BOOST) scales its score.
        var boost = typeof doc.boost === "number" && doc.boost > 0 ? doc.boost : 1;
        shown.push({ location: doc.location, page: page, title: title, text: text, tags: tags, boost: boost });
        var weights = new Map();
        add(weights, title, WEIGHT.title);
        add(weights, tags.join(" "), WEIGHT.tags);
        add(weights, text, WEIGHT.text);
        weights.forEach(function (weight, word) {
          var list = postings.get(word);
          if (list === undefined) postings.set(word, list = []);
          list.push(d, weight);
        });
      }
    } finally {
      folded.clear();  // the archive's distinct words: not held past the build
    }
    var words = Array.from(postings.keys()).sort();
    return { docs: shown, pages: pages, postings: postings, words: words, count: docs.length };
  }

  // Each word of the text, folded (see fold), weighs ``weight`` more on the page. Folded word by word, and
  // only words that are not ASCII (most are), each once: folding the whole text took most of the build.
  function add(weights, text, weight) {
    var lower = text.toLowerCase();
    TEXT_WORD.lastIndex = 0;
    var match, word;
    while ((match = TEXT_WORD.exec(lower)) !== null) {
      word = match[0];
      if (!NOT_ASCII.test(word)) {
        weights.set(word, (weights.get(word) || 0) + weight);
        continue;
      }
      var spellings = word.length > CACHED ? foldings(word) : folded.get(word);
      if (spellings === undefined) folded.set(word, spellings = foldings(word));
      for (var i = 0; i < spellings.length; i++) weights.set(spellings[i], (weights.get(spellings[i]) || 0) + weight);
    }
  }

  // A word as the text has it → its folded words (see foldings), while indexing; not the long ones, which
  // come back seldom (a run of Chinese or Japanese without spaces is one "word").
  var folded = new Map();
  var CACHED = 30;

  // The words a word of a text folds to, and, for a German word with ä, ö or ü, that word spelled with ae,
  // oe, ue, as its page's address spells it ("faehre"): indexed that way too,
  // rather than a query's "ae" also read as "a" ("blue" found "Blutspende").
  function foldings(word) {
    var words = fold(word).match(WORD) || [];
    var composed = word.normalize("NFC");  // an umlaut written as "u" and a combining diaeresis, too
    if (UMLAUT.test(composed)) {
      var spelled = fold(umlautless(composed));
      if (words.indexOf(spelled) < 0) words.push(spelled);
    }
    return words;
  }

  function umlautless(text) {
    return text.replace(/[äöüÄÖÜ]/g, function (letter) { return UMLAUTS[letter]; });
  }

  // Index words that start with ``prefix``: a binary search in the sorted word list.
  function expand(prefix) {
    var words = index.words, lo = 0, hi = words.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (words[mid] < prefix) lo = mid + 1; else hi = mid;
    }
    var found = [];
    for (var i = lo; i < words.length && words[i].startsWith(prefix) && found.length < MAX_EXPANSIONS; i++) {
      found.push(words[i]);
    }
    return found;
  }

  // -------------------------------------------------------------------------
  // Query

  function parse(query) {
    var clauses = [];
    var parts = query.match(/[+-]?"[^"]*"?|\S+/g) || [];
    parts.forEach(function (part) {
      var presence = "optional";
      if (part[0] === "+") { presence = "required"; part = part.slice(1); }
      else if (part[0] === "-") { presence = "prohibited"; part = part.slice(1); }
      if (part[0] === "\"") presence = presence === "prohibited" ? presence : "required";
      part = part.replace(/^[a-z]+:(?=.)/i, "");  // lunr field syntax (title:…): any field
      // "quoted words": each word a clause of its own, all required
      (part[0] === "\"" ? part.split(/[\s"]+/) : [part]).forEach(function (typed) {
        // Each part alone found nearly every page: "5" in 8.5 any number starting with 5, "s" any word.
        // An umlaut typed is meant: "Fähre" is looked up as the text's "Fähre" is indexed besides "fahre"
        // ("faehre", see foldings), and ranks pages where buses "fahren" below; "Häfen" still finds "Hafen".
        var spelt = queryWords(typed);
        var words = spelt[0], without = spelt[1];
        if (words.length) {
          var plains = without.length === words.length ? without : words;
          var loose = words.map(function (word, t) { return others(word, plains[t]); });
          var fallback = words.map(function (word, t) { return cuts(word, plains[t], loose[t]); });
          clauses.push({ terms: words, loose: loose, fallback: fallback, whole: words.length - 1, presence: presence,
                         typed: typed });
        }
      });
    });
    return clauses;
  }

  // The words of ``text`` as a query looks them up: folded, umlauts spelled out ("faehre"); and, where it holds
  // an umlaut, without it ("fahre"), else none. A possessive's letter is left out.
  function queryWords(text) {
    var bare = text.replace(POSSESSIVE, "").normalize("NFC");
    return [fold(umlautless(bare)).match(WORD) || [], UMLAUT.test(bare) ? fold(bare).match(WORD) || [] : []];
  }

  // Whether ``other``, a form of a clause's ``t``-th term, is looked up as a whole word (see others, cuts).
  function wholeForm(other, t, clause) {
    return !other.prefix && (other.whole || t < clause.whole);
  }

  // The other forms a query word is looked up in (see LOOSE): ``plain`` (the word without its umlauts), as
  // the word is (as a prefix, while typed), and the stems of both, as whole words ("faehr" of "Fähre" is
  // no prefix of "fährt"), each once and none the word itself. Digits have no endings.
  function others(word, plain) {
    var found = [];
    [[plain, false], [stem(word), true], [stem(plain), true]].forEach(function (other) {
      if (other[0] !== word && !found.some(function (f) { return f.term === other[0]; })) {
        found.push({ term: other[0], whole: other[1] });
      }
    });
    if (CYRILLIC.test(word)) {
      for (var e = 0; e < RU_ENDINGS.length; e++) {
        var russian = word.replace(RU_ENDINGS[e][0], "");
        if (russian !== word && russian.length >= RU_ENDINGS[e][1]) {
          found.push({ term: russian, whole: false, prefix: true, alone: russian.length <= RU_SHORT });
          break;
        }
      }
    }
    return found;
  }

  // The tiers of FALLBACK's cuts of ``word`` and ``plain``: whole words, each once, none the word itself or
  // one of ``loose``; an empty tier left out.
  function cuts(word, plain, loose) {
    var seen = [word].concat(loose.map(function (other) { return other.term; }));
    return FALLBACK.map(function (tier) {
      var found = [];
      tier.forEach(function (cut) {
        [word, plain].forEach(function (form) {
          var term = cut.unless && cut.unless.test(form) ? form : form.replace(cut.ending, cut.to || "");
          if (term === form || term.length < cut.keep || /\d/.test(form) || seen.indexOf(term) >= 0) return;
          seen.push(term);
          found.push({ term: term, whole: true, fallback: true });
        });
      });
      return found;
    }).filter(function (tier) { return tier.length; });
  }

  function stem(word) {
    var cut = word.replace(ENDING, "");
    return cut.length >= STEM && !/\d/.test(word) ? cut : word;
  }

  // A clause's score on each page: the sum of its terms' where the page holds them all, else none. A page
  // holding a term in another form alone ranks below every page holding it as typed: "Berg" in a title
  // outweighed "Berger" in a text. A term found in no form is cut further (FALLBACK). The forms looked up
  // are kept in ``clause.tried``, for marking.
  function scoreClause(clause) {
    var total = null;
    clause.tried = [];
    for (var t = 0; t < clause.terms.length; t++) {
      var scores = scoreTerm(clause.terms[t], t < clause.whole);
      var loose = null;
      var tried = clause.tried[t] = [];
      var look = function (other) {
        if (other.alone && scores !== null) return;  // see RU_SHORT
        if (other.fallback && index.count >= GENERIC_FROM) {
          var held = index.postings.get(other.term);
          if (held !== undefined && held.length / 2 > index.count * GENERIC) return;
        }
        tried.push(other);
        var found = scoreTerm(other.term, wholeForm(other, t, clause));
        if (found === null) return;
        if (loose === null) loose = new Float64Array(index.count);
        for (var p = 0; p < loose.length; p++) loose[p] = Math.max(loose[p], found[p] * LOOSE);
      };
      clause.loose[t].forEach(look);
      for (var f = 0; f < clause.fallback[t].length && scores === null && loose === null; f++) {
        clause.fallback[t][f].forEach(look);
      }
      if (loose !== null) {
        var floor = Infinity;  // the weakest page holding the term as typed
        if (scores !== null) for (var q = 0; q < scores.length; q++) if (scores[q] > 0 && scores[q] < floor) floor = scores[q];
        if (scores === null) scores = new Float64Array(index.count);
        for (var r = 0; r < scores.length; r++) {
          if (scores[r] === 0 && loose[r] > 0) scores[r] = floor === Infinity ? loose[r] : Math.min(loose[r], floor * LOOSE);
        }
      }
      if (scores === null) return null;
      if (total === null) total = scores;
      else for (var d = 0; d < total.length; d++) total[d] = total[d] > 0 && scores[d] > 0 ? total[d] + scores[d] : 0;
    }
    return total;
  }

  function scoreTerm(term, whole) {
    var scores = new Float64Array(index.count);
    var any = false;
    (whole ? (index.postings.has(term) ? [term] : []) : expand(term)).forEach(function (word) {
      var list = index.postings.get(word);
      var rarity = Math.log(1 + (index.count - list.length / 2 + 0.5) / (list.length / 2 + 0.5));
      var factor = (word === term ? 1 : PREFIX) * rarity;
      for (var i = 0; i < list.length; i += 2) {
        var weight = list[i + 1];
        var value = factor * (weight * 2.2) / (weight + 1.2);
        if (value > scores[list[i]]) scores[list[i]] = value;
        any = true;
      }
    });
    return any ? scores : null;
  }

  function search(query) {
    var clauses = parse(query);
    var positive = clauses.filter(function (c) { return c.presence !== "prohibited"; });
    if (!positive.length) return { items: [] };
    var perClause = clauses.map(scoreClause);
    var hits = [];
    for (var d = 0; d < index.count; d++) {
      var score = 0, matched = 0, keep = true;
      for (var c = 0; c < clauses.length && keep; c++) {
        var value = perClause[c] ? perClause[c][d] : 0;
        if (clauses[c].presence === "prohibited") keep = value === 0;
        else if (value > 0) { score += value; matched++; }
        else if (clauses[c].presence === "required") keep = false;
      }
      if (keep && matched) {
        var share = matched / positive.length;
        hits.push({ doc: d, score: score * (1 + share * share) * index.docs[d].boost });
      }
    }
    hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    var named = titled(positive);
    if (named.length) {
      hits = hits.filter(function (hit) { return named.indexOf(hit.doc) >= 0; })
        .concat(hits.filter(function (hit) { return named.indexOf(hit.doc) < 0; }));
    }
    return { items: group(hits, clauses, perClause) };
  }

  // The documents whose whole title is the query, word for word as folded: these come first. The reader
  // typed a page's name, most often a topic's ("Fischerei", "Hannah Feldhaus"), and the topic's page,
  // listing all its articles, is the answer. By score it came last: its entry is its title alone (weight
  // 10), while each article on the topic holds the name in its tags (8), its text and often its title
  // too, and a term's score saturates (weight 10 gives 0.89 of the most, 20 gives 0.94), so the more the
  // archive wrote on a topic, the further down its page went (57th of 57 for "Fischerei" at 1,000
  // articles). No field weight puts it first for every topic without putting titles over the text
  // everywhere; and a name typed in full is another kind of query: the reader wants the page so named,
  // not the page naming it most. Only the whole title counts, not its start nor one of its words: every
  // other ranking stays as it was, and a query of one common word moves only a page named just that.
  // Pages so named keep their order by score. Looked up among the pages holding the query's rarest word
  // in their title (its weight at least a title's), each page's title folded once, when first looked at:
  // folding every title while building the index made it a fifth slower.
  function titled(clauses) {
    var terms = [];
    clauses.forEach(function (clause) { terms.push.apply(terms, clause.terms); });
    var fewest = null;
    for (var t = 0; t < terms.length; t++) {
      var list = index.postings.get(terms[t]);
      if (list === undefined) return [];
      if (fewest === null || list.length < fewest.length) fewest = list;
    }
    var key = name(terms), found = [];
    for (var i = 0; i < fewest.length; i += 2) {
      if (fewest[i + 1] < WEIGHT.title) continue;
      var doc = index.docs[fewest[i]];
      if (doc.names === undefined) doc.names = names(doc.title);
      if (doc.names.indexOf(key) >= 0) found.push(fewest[i]);
    }
    return found;
  }

  // The keys of a query naming the whole ``title`` (see titled): its words as a query folds them ("Fähre"
  // as "faehre"), and without their umlauts ("fahre"), which a query typed so finds as fully.
  function names(title) {
    var spelt = queryWords(title);
    return spelt[1].length ? [name(spelt[0]), name(spelt[1])] : [name(spelt[0])];
  }

  function name(words) {
    return words.join(" ");
  }

  // Material shows one entry per page: the page first, then its matching sections.
  function group(hits, clauses, perClause) {
    // What is marked in the results: each query word as it matched, whole or as a prefix.
    var marks = [], byClause = [];
    clauses.forEach(function (clause, c) {
      var own = byClause[c] = [];
      if (clause.presence === "prohibited") return;
      clause.terms.forEach(function (term, t) { own.push({ term: term, whole: t < clause.whole }); });
      clause.tried.forEach(function (others, t) {
        others.forEach(function (other) {
          own.push({ term: other.term, whole: wholeForm(other, t, clause) });
        });
      });
      marks.push.apply(marks, own);
    });
    var groups = new Map();
    hits.forEach(function (hit, rank) {
      var doc = index.docs[hit.doc];
      var list = groups.get(doc.page);
      if (list === undefined) groups.set(doc.page, list = []);
      // Each word as the reader typed it: Material strikes through those a page lacks ("Straße", not
      // "strasse"). Those it holds, Material marks on the page it opens (search.highlight, the address's
      // ?h=), wherever their letters stand, in any case: a word found in another form ("Buergermeisterin"
      // for "Bürgermeisterin", "Wärmepumpen" for "Wärmepumpe") goes there too, as the page writes it.
      var terms = {};
      clauses.forEach(function (clause, c) {
        if (clause.presence === "prohibited") return;
        var found = terms[clause.typed] = !!(perClause[c] && perClause[c][hit.doc] > 0);
        if (!found || rank >= NAMING) return;
        // Material splits them at its separator ("Personen-Haus" marks "Personen" and "Haushalt").
        var parts = clause.typed.toLowerCase().match(WORD) || [];
        written(doc, byClause[c]).forEach(function (form) {
          var letters = form.toLowerCase();
          if (!parts.some(function (part) { return letters.indexOf(part) >= 0; })) terms[form] = true;
        });
      });
      list.push(item(doc, hit.score, terms, marks, rank < RICH));
    });
    groups.forEach(function (list, page) {
      if (!list.some(function (entry) { return entry.location === page; }) && index.pages.has(page)) {
        var parent = index.docs[index.pages.get(page)];
        list.unshift({ location: parent.location, title: escape(parent.title), text: "", score: 0, terms: {} });
      }
    });
    return Array.from(groups.values());
  }

  // The words of a page (title, tags, text) that ``marks`` match, as the page writes them: a few, each once.
  function written(doc, marks) {
    var forms = [], seen = new Set();
    [doc.title].concat(doc.tags, [doc.text || ""]).some(function (text) {
      var match;
      WORD.lastIndex = 0;
      while ((match = WORD.exec(text)) !== null) {
        var key = match[0].toLowerCase();
        if (!seen.has(key) && matches(match[0], marks)) {
          seen.add(key);
          forms.push(match[0]);
          if (forms.length === FORMS) return true;
        }
      }
      return false;
    });
    return forms;
  }

  // Past the first RICH results (Material shows ten, then more as the reader scrolls), the text
  // is not searched for a place to cut or marked: a one-letter query matches thousands of pages.
  function item(doc, score, terms, marks, rich) {
    var entry = { location: doc.location, title: mark(doc.title, marks), text: "", score: score, terms: terms };
    if (doc.text && rich) entry.text = "<p>" + mark(snippet(doc.text, marks), marks) + "</p>";
    else if (doc.text) entry.text = doc.opening || (doc.opening = "<p>" + escape(snippet(doc.text, [])) + "</p>");
    if (doc.tags.length) entry.tags = doc.tags.map(escape);
    return entry;
  }

  // word → its folded spellings (with umlauts dropped, and spelled ae, oe, ue), for marking results: the
  // same words come back often
  var foldCache = new Map();

  function matches(word, marks) {
    var keys = foldCache.get(word);
    if (keys === undefined) {
      if (foldCache.size > 100000) foldCache.clear();
      keys = [fold(word)];
      var composed = word.normalize("NFC");
      if (UMLAUT.test(composed)) keys.push(fold(umlautless(composed)));
      foldCache.set(word, keys);
    }
    return marks.some(function (m) {
      return keys.some(function (key) { return m.whole ? key === m.term : key.startsWith(m.term); });
    });
  }

  // The text around the first marked word, cut at word boundaries.
  function snippet(text, marks) {
    if (text.length <= SNIPPET) return text;
    var start = 0, match;
    WORD.lastIndex = 0;
    while (marks.length && (match = WORD.exec(text)) !== null) {
      if (matches(match[0], marks)) { start = match.index; break; }
    }
    start = Math.max(0, start - 60);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end;
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  // Escaped text with <mark> around every word a query term matches: whole, or as its prefix.
  function mark(text, marks) {
    if (!marks.length) return escape(text);
    var out = "", last = 0, match;
    WORD.lastIndex = 0;
    while ((match = WORD.exec(text)) !== null) {
      if (matches(match[0], marks)) {
        out += escape(text.slice(last, match.index)) + "<mark>" + escape(match[0]) + "</mark>";
        last = match.index + match[0].length;
      }
    }
    return out + escape(text.slice(last));
  }

  // -------------------------------------------------------------------------
  // Messages

  function handle(message) {
    switch (message.type) {
      case SETUP:
        index = build(message.data.docs || []);
        return { type: READY };
      case QUERY:
        try {
          return { type: RESULT, data: search(String(message.data)) };
        } catch (error) {
          console.warn("archive-site search: " + error);
          return { type: RESULT, data: { items: [] } };
        }
      default:
        throw new TypeError("Invalid message type");
    }
  }

  self.addEventListener("message", function (event) {
    self.postMessage(handle(event.data));
  });
})();
