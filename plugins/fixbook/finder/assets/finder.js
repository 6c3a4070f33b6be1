/*
 * Fixbook finder: paste an error, get the handbook entries that fix it, offline.
 *
 * Two parts. The ranking core (load, normalise, rank) is DOM-free and mirrors
 * fixbook/finder/index.py and fixbook/finder/rank.py step by step: the rank.py docstring is
 * the specification, and tests/finder/test_parity.py runs this file under node against the
 * Python ranker. The normalisation patterns and weights are not written here: they come with
 * the data (window.FIXBOOK_FINDER_DATA, written by fixbook.finder.data.finder_script).
 *
 * The page part (mount) renders results with createElement/textContent only: titles and urls
 * come from the docs and are never parsed as HTML.
 */
(function (root, factory) {
  "use strict";
  var core = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = core;
  } else {
    root.FixbookFinder = core;
    core.autoMount(root);
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var VERSION = 2;
  var DECIMALS = 4;

  /* ---------------------------------------------------------------- ranking core */

  function asciiLower(text) {
    return text.replace(/[A-Z]+/g, function (letters) {
      return letters.toLowerCase();
    });
  }

  var FINAL_DIGITS = "0123456789abcdefghijklmnopqrstuv";
  var MORE_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_";

  /** Ascending entry numbers from their delta digits (index.py: encode_postings). */
  function decodePostings(encoded) {
    var numbers = [];
    var current = 0;
    var delta = 0;
    for (var i = 0; i < encoded.length; i++) {
      var char = encoded.charAt(i);
      var final = FINAL_DIGITS.indexOf(char);
      delta = delta * 32 + (final === -1 ? MORE_DIGITS.indexOf(char) : final);
      if (final !== -1) {
        current += delta;
        numbers.push(current);
        delta = 0;
      }
    }
    return numbers;
  }

  /** The slug Python-Markdown's toc gives an ASCII heading (index.py: implied_anchor). */
  function impliedAnchor(title) {
    if (!/^[\x00-\x7f]*$/.test(title)) return null;
    return asciiLower(title)
      .replace(/[^a-z0-9_ \t\n\r\f\v-]/g, "")
      .replace(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g, "")
      .replace(/[ \t\n\r\f\v-]+/g, "-");
  }

  function decodeEntry(row, pages) {
    var path = pages[row[1]];
    var anchor = row[2] === 0 ? impliedAnchor(row[0]) : row[2];
    var id = row.length > 4 ? row[4] : path.replace(/\.html$/, "") + "/" + anchor;
    return {
      id: id,
      title: row[0],
      guide: row.length > 5 ? row[5] : id.split("/")[0],
      url: path + "#" + anchor,
    };
  }

  /** Decode the finder data exactly as FinderIndex.from_data does (same order of every sum). */
  function load(data) {
    if (!data || data.version !== VERSION) {
      throw new Error("fixbook finder: data version " + (data && data.version) + ", not " + VERSION);
    }
    var index = {
      rules: data.rules.map(function (rule) {
        return [new RegExp(rule[0], "g"), rule[1]];
      }),
      wordsBefore: data.wordsBefore,
      status: {
        number: new RegExp(data.status.number, "g"),
        before: new RegExp(data.status.before, "g"),
        port: new RegExp(data.status.port, "g"),
        after: new RegExp(data.status.after, "y"),
        unit: new RegExp(data.status.unit, "y"),
        leading: new RegExp(data.status.leading, "y"),
        phrases: data.status.phrases,
        phraseForms: data.status.phraseForms,
        contextFrom: data.status.contextFrom,
      },
      code: new RegExp(data.code, "g"),
      noise: new RegExp(data.noise),
      decisive: new RegExp(data.decisive),
      focus: data.focus,
      help: new Set(data.help),
      fixes: data.fixes || {},
      generic: new Set(data.generic),
      token: new RegExp(data.token, "g"),
      tokenChar: new RegExp(data.tokenChar),
      weights: data.weights,
      entries: data.entries.map(function (row) {
        return decodeEntry(row, data.pages);
      }),
      idf: new Map(),
      postings: new Map(),
      norms: new Float64Array(data.entries.length),
      anchored: new Map(),
    };
    data.vocab.forEach(function (item) {
      var idf = item[1] / 1000;
      var postings = decodePostings(item[2]);
      index.idf.set(item[0], idf);
      index.postings.set(item[0], postings);
      var square = idf * idf;
      for (var i = 0; i < postings.length; i++) index.norms[postings[i]] += square;
    });
    data.entries.forEach(function (row, number) {
      row[3].forEach(function (text) {
        var words = tokens(index, text);
        var anchor = null;
        var fewest = Infinity;
        words.forEach(function (word) {
          if (index.idf.has(word) && index.postings.get(word).length < fewest) {
            anchor = word;
            fewest = index.postings.get(word).length;
          }
        });
        if (!index.anchored.has(anchor)) index.anchored.set(anchor, []);
        index.anchored.get(anchor).push({ entry: number, text: text, length: words.length });
      });
    });
    return index;
  }

  function tokens(index, normalised) {
    return normalised.match(index.token) || [];
  }

  function isPlaceholder(word) {
    return word.charAt(0) === "<";
  }

  /** Distinct tokens, placeholders left out, each followed by its "_"-separated parts. */
  function distinctWords(index, text) {
    var seen = new Set();
    var words = [];
    function add(word) {
      if (!seen.has(word)) {
        seen.add(word);
        words.push(word);
      }
    }
    tokens(index, text).forEach(function (word) {
      if (isPlaceholder(word)) return;
      add(word);
      if (word.indexOf("_") !== -1) {
        word.split("_").forEach(function (part) {
          if (Array.from(part).length > 1) add(part); // code points, as Python counts
        });
      }
    });
    return words;
  }

  /** The lines worth ranking on and the decisive ones (normalise.py: focus). */
  function focus(index, paste) {
    var head = index.focus[0];
    var maxQuery = index.focus[1];
    var maxDecisive = index.focus[2];
    var tail = index.focus[3];
    var lines = paste.split("\n");
    var kept = [];
    var decisive = [];
    lines.forEach(function (line) {
      var isDecisive = index.decisive.test(asciiLower(line.slice(0, head)));
      if (isDecisive || !index.noise.test(line.slice(0, head))) {
        kept.push(line);
        if (isDecisive) decisive.push(line);
      }
    });
    if (!kept.length) kept = lines;
    var text = kept.join("\n");
    if (text.length > maxQuery) {
      decisive = decisive.slice(0, maxDecisive).map(function (line) {
        return line.slice(0, head);
      });
      text = decisive.concat([text.slice(text.length - tail)]).join("\n");
    }
    return { text: text, decisive: decisive.join("\n") };
  }

  /** Where the matches of a global pattern end (statuses.py: the `.end()` sets). */
  function matchEnds(pattern, text) {
    var ends = new Set();
    var found;
    pattern.lastIndex = 0;
    while ((found = pattern.exec(text)) !== null) {
      ends.add(found.index + found[0].length);
      if (found[0] === "") pattern.lastIndex++;
    }
    return ends;
  }

  /** Whether a sticky pattern matches right at `position` (Python: pattern.match(text, pos)). */
  function matchesAt(pattern, text, position) {
    pattern.lastIndex = position;
    return pattern.test(text);
  }

  /** Whether `code`'s reason phrase follows `end` in one of the phrase forms (statuses.py:
   * _phrase_at). */
  function phraseAt(detector, code, lower, end) {
    var phrases = Object.prototype.hasOwnProperty.call(detector.phrases, code)
      ? detector.phrases[code]
      : [];
    for (var i = 0; i < phrases.length; i++) {
      for (var j = 0; j < detector.phraseForms.length; j++) {
        var form = detector.phraseForms[j];
        if (lower.startsWith(form[0] + phrases[i] + form[1], end)) return true;
      }
    }
    return false;
  }

  /** The HTTP statuses a text reports: the rules of statuses.py, step by step (http_statuses). */
  function httpStatuses(index, text) {
    var detector = index.status;
    text = asciiLower(text);
    detector.leading.lastIndex = 0;
    var startOfText = detector.leading.exec(text)[0].length;
    var inContext = matchEnds(detector.before, text);
    var ports = matchEnds(detector.port, text);
    var statuses = [];
    var number;
    detector.number.lastIndex = 0;
    while ((number = detector.number.exec(text)) !== null) {
      var code = parseInt(number[0], 10);
      var start = number.index;
      var end = start + number[0].length;
      if (
        !Object.prototype.hasOwnProperty.call(detector.phrases, code) ||
        ports.has(start) ||
        matchesAt(detector.unit, text, end)
      ) {
        continue;
      }
      var named = phraseAt(detector, code, text, end);
      var said =
        code >= detector.contextFrom &&
        (inContext.has(start) || start === startOfText || matchesAt(detector.after, text, end));
      if ((named || said) && statuses.indexOf(code) === -1) statuses.push(code);
    }
    return statuses;
  }

  /** The normalised text, its words and its HTTP statuses (normalise.py: analyse). */
  function analyse(index, text) {
    var words = [];
    text = asciiLower(text);
    var codes = [];
    (text.match(index.code) || []).forEach(function (found) {
      var code = found.replace(/[^a-z0-9]/g, ""); // normalise.py: NOT_CODE_CHAR_PATTERN
      if (codes.indexOf(code) === -1) codes.push(code);
    });
    var statuses = httpStatuses(index, text);
    for (var i = 0; i < index.rules.length; i++) {
      if (i === index.wordsBefore) words = distinctWords(index, text);
      text = text.replace(index.rules[i][0], index.rules[i][1]);
    }
    return { text: text, words: words, statuses: statuses, codes: codes };
  }

  function joins(index, left, right) {
    return index.tokenChar.test(left) && index.tokenChar.test(right);
  }

  function containsPhrase(index, text, phrase) {
    var start = text.indexOf(phrase);
    while (start !== -1) {
      var end = start + phrase.length;
      if (
        !(start > 0 && joins(index, text.charAt(start - 1), phrase.charAt(0))) &&
        !(end < text.length && joins(index, phrase.charAt(phrase.length - 1), text.charAt(end)))
      ) {
        return true;
      }
      start = text.indexOf(phrase, start + 1);
    }
    return false;
  }

  function roundTo(value, decimals) {
    var scale = Math.pow(10, decimals);
    return Math.floor(value * scale + 0.5) / scale;
  }

  function roundScore(score) {
    return roundTo(score, DECIMALS);
  }

  function pseudoWords(analysis) {
    return analysis.words.concat(
      analysis.statuses.map(function (status) {
        return "#" + status;
      }),
      analysis.codes.map(function (code) {
        return "#" + code;
      })
    );
  }

  /** The best `limit` entries for `query`, best first: [{id, title, guide, url, score, confidence}]. */
  function rank(index, query, limit) {
    var weights = index.weights;
    var focused = focus(index, query);
    var analysis = analyse(index, focused.text);
    var text = analysis.text;
    var words = pseudoWords(analysis);
    var decisive = focused.decisive ? new Set(pseudoWords(analyse(index, focused.decisive))) : null;

    var dot = new Map();
    var queryNorm = 0;
    words.forEach(function (word) {
      if (!index.idf.has(word)) return;
      var weight = decisive === null || decisive.has(word) ? 1 : weights.side;
      if (index.generic.has(word)) weight *= weights.generic;
      var idf = index.idf.get(word);
      var square = idf * idf;
      queryNorm += weight * weight * square;
      var postings = index.postings.get(word);
      for (var i = 0; i < postings.length; i++) {
        var number = postings[i];
        dot.set(number, (dot.get(number) || 0) + weight * square);
      }
    });

    var exact = new Map();
    words.forEach(function (word) {
      (index.anchored.get(word) || []).forEach(function (phrase) {
        if (containsPhrase(index, text, phrase.text)) {
          if (!exact.has(phrase.entry)) exact.set(phrase.entry, []);
          exact.get(phrase.entry).push(phrase.length);
        }
      });
    });

    var scored = [];
    var candidates = new Set(dot.keys());
    exact.forEach(function (_, number) {
      candidates.add(number);
    });
    candidates.forEach(function (number) {
      var score = 0;
      var confidence = 0;
      if (exact.has(number)) {
        var lengths = exact.get(number);
        var longest = Math.min(Math.max.apply(null, lengths), weights.tokenCap);
        score =
          weights.exact + weights.perToken * longest + weights.extraMatch * (lengths.length - 1);
        confidence = 1;
      }
      if (dot.has(number)) {
        var cosine = dot.get(number) / Math.sqrt(queryNorm * index.norms[number]);
        score += weights.overlap * cosine;
        confidence = Math.max(confidence, cosine);
      }
      score = roundScore(score);
      if (score > 0) {
        scored.push([index.help.has(number) ? 1 : 0, score, number, roundTo(confidence, 2)]);
      }
    });
    scored.sort(function (a, b) {
      return a[0] - b[0] || b[1] - a[1] || a[2] - b[2];
    });
    return scored.slice(0, limit).map(function (item) {
      var entry = index.entries[item[2]];
      return {
        number: item[2],
        id: entry.id,
        title: entry.title,
        guide: entry.guide,
        url: entry.url,
        score: item[1],
        confidence: item[3],
      };
    });
  }

  /** Whether the best result is too weak to present as the answer (rank.py: is_weak). */
  function isWeak(index, results) {
    return !results.length || results[0].confidence < index.weights.weakBelow;
  }

  /* ---------------------------------------------------------------- the page */

  var DEBOUNCE_MS = 150;
  var LIMIT = 10;

  /** The site root relative to this page: Material's own `base`, else data-root. */
  function siteRoot(document, container) {
    var config = document.getElementById("__config");
    if (config) {
      try {
        var base = JSON.parse(config.textContent).base;
        if (typeof base === "string") return base;
      } catch (error) {
        /* fall through to data-root */
      }
    }
    return container.getAttribute("data-root") || ".";
  }

  /** A relative href for an entry url, or null for anything that is not a site-relative url. */
  function hrefFor(root, url) {
    if (typeof url !== "string" || /^[a-z][a-z0-9+.-]*:/i.test(url) || /^[\\/]/.test(url)) {
      return null;
    }
    return root.replace(/\/+$/, "") + "/" + url;
  }

  /** One result: title link, product, the paste's decisive line highlighted, first fix step. */
  function renderResults(document, list, results, root, index, matched) {
    while (list.firstChild) list.removeChild(list.firstChild);
    results.forEach(function (result) {
      var item = document.createElement("li");
      var href = hrefFor(root, result.url);
      var title = document.createElement(href === null ? "span" : "a");
      if (href !== null) title.setAttribute("href", href);
      title.className = "fixbook-finder__title";
      title.textContent = result.title;
      var meta = document.createElement("span");
      meta.className = "fixbook-finder__meta";
      meta.textContent = result.guide;
      item.appendChild(title);
      item.appendChild(meta);
      if (matched) {
        var line = document.createElement("p");
        line.className = "fixbook-finder__matched";
        var mark = document.createElement("mark");
        mark.textContent = matched;
        line.appendChild(mark);
        item.appendChild(line);
      }
      var fix = index && index.fixes[String(result.number)];
      if (fix) {
        var step = document.createElement("p");
        step.className = "fixbook-finder__fix";
        step.textContent = "First step: " + fix;
        item.appendChild(step);
      }
      list.appendChild(item);
    });
  }

  /** The query of a deep link `finder.html#q=<encodeURIComponent(text)>`, or null. */
  function queryFromHash(hash) {
    if (typeof hash !== "string" || hash.indexOf("#q=") !== 0) return null;
    try {
      return decodeURIComponent(hash.slice(3));
    } catch (error) {
      return null;
    }
  }

  function mount(container, data) {
    var document = container.ownerDocument;
    var form = container.querySelector("form");
    var input = container.querySelector("textarea");
    var list = container.querySelector(".fixbook-finder__results");
    var status = container.querySelector(".fixbook-finder__status");
    var root = siteRoot(document, container);
    var index = null;
    var timer = null;

    function search() {
      clearTimeout(timer);
      var query = input.value;
      if (!query.trim()) {
        renderResults(document, list, [], root);
        status.textContent = "";
        return [];
      }
      if (index === null) index = load(data);
      var results = rank(index, query, LIMIT);
      var decisive = focus(index, query).decisive.split("\n")[0].trim().slice(0, 200);
      renderResults(document, list, results, root, index, decisive);
      if (!results.length) {
        status.textContent = "No entry matches; try pasting the error line itself.";
      } else if (isWeak(index, results)) {
        status.textContent = "No entry matches this error well. Closest: " + results[0].title;
      } else {
        status.textContent =
          results.length + (results.length === 1 ? " matching entry" : " matching entries");
      }
      return results;
    }

    function searchAndFocus(event) {
      event.preventDefault();
      search();
      var first = list.querySelector("a");
      if (first) first.focus();
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) searchAndFocus(event);
    });
    if (form) form.addEventListener("submit", searchAndFocus);
    container.classList.add("fixbook-finder--ready");
    // Decode the data right after the page settles, not on the reader's first keystroke.
    var linked = queryFromHash(document.defaultView && document.defaultView.location.hash);
    if (linked !== null) input.value = linked;
    setTimeout(function () {
      if (index === null) index = load(data);
      if (input.value) search();
    }, 0);
    return { search: search };
  }

  function autoMount(root) {
    if (!root.document) return;
    var start = function () {
      var container = root.document.querySelector("[data-fixbook-finder]");
      if (!container) return;
      if (root.FIXBOOK_FINDER_DATA) {
        mount(container, root.FIXBOOK_FINDER_DATA);
      } else {
        container.querySelector(".fixbook-finder__status").textContent =
          "The finder's data (finder-data.js) did not load; use the index pages instead.";
      }
    };
    if (root.document.readyState === "loading") {
      root.document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }

  return {
    load: load,
    analyse: analyse,
    httpStatuses: httpStatuses,
    focus: focus,
    tokens: tokens,
    rank: rank,
    isWeak: isWeak,
    hrefFor: hrefFor,
    queryFromHash: queryFromHash,
    mount: mount,
    autoMount: autoMount,
  };
});
