// The search box in the header (partials/search.html), over the Pagefind index in pagefind/.
//
// Once the page has loaded and is idle, Pagefind's script, its metadata and its WebAssembly are fetched and
// made ready (and a small site's whole word index fetched), unless the visitor's browser asks to save data.
// Each query then fetches only the index chunks of its words and the records of the results shown (ten at a
// time). Results show the title, authors, year and the sentence of the abstract where the words matched,
// highlighted. All text goes into the page as text,
// never as HTML. Keyboard: `/`, `s` or `f` opens search, the arrows move through the results, Enter
// opens one, Escape closes.
(function () {
  "use strict";
  var root = document.querySelector("[data-pf-search]");
  if (!root || !window.URL || !window.Promise) return;
  var toggle = document.getElementById("__search");
  var form = root.querySelector("form");
  var input = root.querySelector(".md-search__input");
  var statusLine = root.querySelector(".pf-search__status");
  var refine = root.querySelector(".pf-search__refine");
  var facetsPanel = root.querySelector(".pf-search__facets");
  var list = root.querySelector(".pf-search__list");
  var more = root.querySelector(".pf-search__more");
  var scroller = root.querySelector(".md-search__scrollwrap");

  var FACETS = [["author", "Author"], ["year", "Year"], ["category", "Category"], ["type", "Type"],
                ["collection", "Collection"]];
  var SORTS = [["", "Relevance"], ["desc", "Newest first"], ["asc", "Oldest first"]];
  var PAGE = 10;           // results whose records are fetched at a time
  var MIN_LENGTH = 2;      // a one-letter prefix would fetch a large part of the index
  var LONG_SENTENCE = 60;  // words: a longer sentence is cut around the match
  var ABBREVIATIONS = /^(e\.g|i\.e|et al|etc|vs|cf|fig|eq|no|approx|resp|dr|prof|mr|ms)\.$/i;

  var pagefind = null;     // a promise of Pagefind's module, once asked for
  var facetsLoaded = null; // a promise, once the visitor opened "Filter and sort"
  var facetSelects = {};
  var sortSelect = null;
  var current = { results: [], shown: 0, term: "", words: [] };
  var active = -1;
  var generation = 0;      // answers to older queries are dropped
  var running = false, again = false;

  function text(name, count) {
    var value = root.getAttribute("data-pf-" + name) || "";
    return value.replace("#", String(count));
  }

  function setStatus(message) {
    if (statusLine.textContent !== message) statusLine.textContent = message;
  }

  // --- loading ---------------------------------------------------------------------------------------

  // Pagefind asks for its entry file, then for its metadata and WebAssembly, then for the chunks of the query's
  // words. The entry is asked for first here, and the metadata and WebAssembly as soon as it names them, before
  // Pagefind's script is even read: they are the bulk of a first search, and Pagefind finds them in the
  // browser's cache when it asks.
  var bundle = new URL(root.getAttribute("data-pf-bundle"), document.baseURI);
  // Pagefind adds a new `ts` to the entry file's address every time, so that it is never an old one; ours is
  // new too, and Pagefind is told to ask for the very same address, which the browser then has.
  var tag = String(Date.now());

  function load() {
    if (!pagefind) {
      if (window.fetch) warm(bundle);  // Pagefind's script comes beside its entry file, not after it
      pagefind = prefetch().then(function () {
        return import(bundle.href);
      }).then(function (module) {
        // In this page's thread: a worker would cost one more script and round trip before the first results.
        return Promise.resolve(module.options({ noWorker: true, metaCacheTag: tag })).then(function () {
          module.init();
          return module;
        });
      });
      pagefind.catch(function () { setStatus("Search is not available: its index was not found."); });
    }
    return pagefind;
  }

  function warm(url) {
    fetch(url).then(function (response) { return response.arrayBuffer(); }).catch(function () {});
  }

  function prefetch() {
    if (!window.fetch) return Promise.resolve();
    return fetch(new URL("pagefind-entry.json?ts=" + tag, bundle)).then(function (response) {
      return response.json();
    }).then(function (entry) {
      Object.keys(entry.languages || {}).forEach(function (language) {
        var index = entry.languages[language];
        [new URL("pagefind." + index.hash + ".pf_meta", bundle), new URL("wasm." + (index.wasm || "unknown") + ".pagefind", bundle)]
          .forEach(warm);
      });
      // a small site's whole word index (generator/search/pagefind_index.py), so a first search fetches no chunk
      (entry.portfolio_ahead || []).forEach(function (name) { warm(new URL(name, bundle)); });
    }).catch(function () {});
  }

  // --- opening and closing ---------------------------------------------------------------------------

  function open() {
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    load();
    updateExpanded();
  }

  function close() {
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
    setActive(-1);
    updateExpanded();
  }

  function isOpen() {
    return !toggle || toggle.checked;
  }

  function updateExpanded() {
    input.setAttribute("aria-expanded", String(isOpen() && current.shown > 0));
  }

  // --- searching -------------------------------------------------------------------------------------

  function queryWords(term) {
    return term.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function searchOptions() {
    var chosen = { filters: {} };
    Object.keys(facetSelects).forEach(function (name) {
      var value = facetSelects[name].value;
      if (value) chosen.filters[name] = [value];
    });
    return chosen;
  }

  // Results by date: the index numbers its pages newest first, and each result's name ends in its number, with
  // a "u" after it for a page without a date (generator/search/pagefind_index.py). Undated pages come last.
  function ordered(results) {
    var order = sortSelect ? sortSelect.value : "";
    if (!order) return results;
    var keyed = results.map(function (result) {
      var match = /-([0-9a-z]+)(u?)$/.exec(result.id || "");
      return { result: result, dated: !!match && !match[2], number: match ? parseInt(match[1], 36) : Infinity };
    });
    keyed.sort(function (a, b) {
      if (a.dated !== b.dated) return a.dated ? -1 : 1;
      if (!a.dated || order === "desc") return a.number - b.number;
      return b.number - a.number;
    });
    return keyed.map(function (item) { return item.result; });
  }

  function schedule() {
    if (running) { again = true; return; }
    run();
  }

  function run() {
    var term = input.value.trim();
    var mine = ++generation;
    if (term.length < MIN_LENGTH) {
      show([], term);
      setStatus(text("placeholder"));
      return;
    }
    running = true;
    list.setAttribute("aria-busy", "true");
    load().then(function (module) {
      return module.search(term, searchOptions());
    }).then(function (search) {
      if (mine !== generation || !search) return;
      show(ordered(search.results), term);
      if (facetsLoaded) facetsLoaded.then(function () { countFacets(search.totalFilters || search.filters || {}); });
      return page();
    }).catch(function () {
      if (mine === generation) setStatus("Search is not available: its index could not be read.");
    }).then(function () {
      running = false;
      if (again) { again = false; run(); return; }
      // Done: the results are those of what the box says (tests and assistive technology can tell).
      list.setAttribute("aria-busy", "false");
      list.setAttribute("data-pf-query", term);
    });
  }

  function show(results, term) {
    current = { results: results, shown: 0, term: term, words: queryWords(term) };
    while (list.firstChild) list.removeChild(list.firstChild);
    setActive(-1);
    list.hidden = true;
    more.hidden = true;
    refine.hidden = term.length < MIN_LENGTH && !facetsLoaded;
    if (term.length >= MIN_LENGTH) {
      var count = results.length;
      var sorted = sortSelect && sortSelect.value ? ", " + sortSelect.options[sortSelect.selectedIndex].text.toLowerCase() : "";
      setStatus(count === 0 ? text("none") : (count === 1 ? text("one", 1) : text("other", count.toLocaleString())) + sorted);
    }
    updateExpanded();
  }

  // The next results' records, each shown as soon as it and those before it have come.
  function page() {
    var mine = generation;
    var start = current.shown, batch = current.results.slice(start, start + PAGE);
    var pending = batch.map(function (result) { return result.data(); });
    var next = Promise.resolve();
    pending.forEach(function (promise, offset) {
      next = next.then(function () { return promise; }).then(function (data) {
        if (mine !== generation) return;
        list.appendChild(resultItem(data, start + offset));
        current.shown = start + offset + 1;
        list.hidden = false;
        updateExpanded();
      });
    });
    return next.then(function () {
      if (mine === generation) more.hidden = current.shown >= current.results.length;
    });
  }

  // --- one result ------------------------------------------------------------------------------------

  function resultItem(data, index) {
    var meta = data.meta || {};
    var item = element("div", "md-search-result__item");
    item.setAttribute("role", "none");
    var link = element("a", "md-search-result__link");
    link.href = data.url;
    link.id = "pf-search-option-" + index;
    link.setAttribute("role", "option");
    link.setAttribute("aria-selected", "false");
    link.tabIndex = -1;
    var article = element("article", "md-search-result__article md-typeset");
    var title = element("div", "pf-search__title");
    highlightInto(title, meta.title || data.url, current.words);
    article.appendChild(title);
    var facts = [];
    if (meta.kind === "paper") {
      facts = [meta.authors, meta.year, meta.venue, meta.category, meta.type];
    } else if (meta.kind === "author") {
      facts = ["Author", meta.details];
    } else if (meta.kind === "collection") {
      facts = ["Collection", meta.details];
    } else {
      facts = ["Page"];
    }
    var line = element("p", "pf-search__facts");
    highlightInto(line, facts.filter(Boolean).join(" · "), current.words);
    article.appendChild(line);
    // An excerpt of the abstract (a paper without one is found by its title, which is shown already).
    if (data.content && data.content.indexOf(meta.title) !== 0 && meta.kind !== "author" && meta.kind !== "collection") {
      var excerpt = element("p", "pf-search__excerpt");
      excerptInto(excerpt, data);
      article.appendChild(excerpt);
    }
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  function element(name, className) {
    var node = document.createElement(name);
    if (className) node.className = className;
    return node;
  }

  // Words of `value` that start with a query word are marked (titles and authors: Pagefind does not say
  // where in them it matched).
  function highlightInto(node, value, words) {
    String(value).split(/(\s+)/).forEach(function (token) {
      var plain = token.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      var core = plain.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
      var hit = core && words.some(function (word) { return core.indexOf(word) === 0; });
      appendWord(node, token, hit);
    });
  }

  function appendWord(node, token, hit) {
    if (!hit) {
      node.appendChild(document.createTextNode(token));
      return;
    }
    var match = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(token);
    if (match[1]) node.appendChild(document.createTextNode(match[1]));
    var mark = document.createElement("mark");
    mark.textContent = match[2];
    node.appendChild(mark);
    if (match[3]) node.appendChild(document.createTextNode(match[3]));
  }

  // The sentence of the text where the best match is (and the next one, when it is short), with the matched
  // words marked: whole sentences, not a window of words cut anywhere.
  function excerptInto(node, data) {
    var words = data.content.split(/\s+/);
    var located = (data.weighted_locations || []).slice().sort(function (a, b) {
      return b.balanced_score - a.balanced_score || a.location - b.location;
    });
    var hits = {};
    (data.locations || []).forEach(function (location) { hits[location] = true; });
    var center = located.length ? located[0].location : 0;
    var starts = [0];
    for (var i = 0; i < words.length - 1; i++) {
      if (/[.!?]["'\u201d)\]]*$/.test(words[i]) && !ABBREVIATIONS.test(words[i]) && /^["'\u201c(\[]*[\p{Lu}\p{N}]/u.test(words[i + 1])) {
        starts.push(i + 1);
      }
    }
    starts.push(words.length);
    var s = 0;
    while (starts[s + 1] <= center) s++;
    var from = starts[s], to = starts[s + 1];
    if (to - from < 20 && s + 2 < starts.length) to = starts[s + 2];
    else if (to - from < 20 && s > 0) from = starts[s - 1];
    var before = false, after = false;
    if (to - from > LONG_SENTENCE) {
      var cutFrom = Math.max(from, center - Math.floor(LONG_SENTENCE / 3));
      var cutTo = Math.min(to, cutFrom + LONG_SENTENCE);
      before = cutFrom > from; after = cutTo < to;
      from = cutFrom; to = cutTo;
    }
    if (before) node.appendChild(document.createTextNode("… "));
    for (var w = from; w < to; w++) {
      appendWord(node, words[w], hits[w]);
      if (w < to - 1) node.appendChild(document.createTextNode(" "));
    }
    if (after) node.appendChild(document.createTextNode(" …"));
  }

  // --- facets ----------------------------------------------------------------------------------------

  function loadFacets() {
    if (!facetsLoaded) {
      facetsLoaded = load().then(function (module) { return module.filters(); }).then(function (totals) {
        FACETS.forEach(function (facet) {
          var values = Object.keys(totals[facet[0]] || {});
          if (!values.length) return;
          values.sort(facet[0] === "year" ? function (a, b) { return b.localeCompare(a); }
                                          : function (a, b) { return a.localeCompare(b); });
          facetSelects[facet[0]] = addSelect(facet[1], [["", "Any"]].concat(values.map(function (v) { return [v, v]; })));
        });
        sortSelect = addSelect("Sort", SORTS);
      });
    }
    return facetsLoaded;
  }

  function addSelect(label, choices) {
    var wrapper = element("label", "pf-search__facet");
    var name = element("span", "pf-search__facet-name");
    name.textContent = label;
    var select = element("select");
    choices.forEach(function (choice) {
      var option = element("option");
      option.value = choice[0];
      option.textContent = choice[1];
      option.setAttribute("data-label", choice[1]);
      select.appendChild(option);
    });
    select.addEventListener("change", schedule);
    wrapper.appendChild(name);
    wrapper.appendChild(select);
    facetsPanel.appendChild(wrapper);
    return select;
  }

  // Each facet value with the number of this query's results that have it.
  function countFacets(counts) {
    Object.keys(facetSelects).forEach(function (name) {
      var own = counts[name] || {};
      Array.prototype.forEach.call(facetSelects[name].options, function (option) {
        if (!option.value) return;
        var label = option.getAttribute("data-label");
        option.textContent = label + " (" + (own[option.value] || 0).toLocaleString() + ")";
      });
    });
  }

  refine.addEventListener("click", function () {
    var opening = refine.getAttribute("aria-expanded") !== "true";
    refine.setAttribute("aria-expanded", String(opening));
    facetsPanel.hidden = !opening;
    if (opening) loadFacets().then(schedule);
  });

  more.addEventListener("click", function () {
    more.hidden = true;
    page();
  });

  // --- keyboard --------------------------------------------------------------------------------------

  function optionElements() {
    return list.querySelectorAll("[role=option]");
  }

  function setActive(index) {
    var all = optionElements();
    if (active >= 0 && all[active]) all[active].setAttribute("aria-selected", "false");
    active = index;
    if (index >= 0 && all[index]) {
      all[index].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", all[index].id);
      all[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
  }

  function editable(target) {
    return target instanceof HTMLElement && (target.isContentEditable ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if ((event.key === "/" || event.key === "s" || event.key === "f") && !editable(event.target)) {
      event.preventDefault();
      open();
      input.focus();
      input.select();
    } else if (event.key === "Escape" && root.contains(event.target) && isOpen()) {
      close();
      input.blur();
    }
  });

  input.addEventListener("keydown", function (event) {
    var count = optionElements().length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      open();
      if (!count) return;
      var next = event.key === "ArrowDown" ? active + 1 : active - 1;
      if (next >= count && current.shown < current.results.length && event.key === "ArrowDown") {
        page().then(function () { setActive(Math.min(next, optionElements().length - 1)); });
        return;
      }
      setActive(next < 0 ? -1 : Math.min(next, count - 1));
    } else if (event.key === "Enter") {
      event.preventDefault();
      var target = optionElements()[active >= 0 ? active : 0];
      if (target) {
        close();
        window.location.href = target.href;
      }
    } else if (event.key === "Home" || event.key === "End") {
      setActive(-1);
    }
  });

  input.addEventListener("input", function () {
    open();
    schedule();
  });
  input.addEventListener("focus", open);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { schedule(); input.focus(); }, 0);
  });
  list.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest("a")) close();
  });
  root.addEventListener("focusout", function (event) {
    // Keyboard focus leaving the search closes it (a click outside does too: Material's overlay).
    if (event.relatedTarget instanceof Node && !root.contains(event.relatedTarget)) close();
  });
  // The header's magnifier (phones): focusing here brings up the on-screen keyboard.
  Array.prototype.forEach.call(document.querySelectorAll("header label[for=__search]"), function (label) {
    label.addEventListener("click", function () { if (!isOpen()) setTimeout(function () { input.focus(); }, 0); });
  });
  if (toggle) toggle.addEventListener("change", function () {
    if (!toggle.checked) setActive(-1);
    updateExpanded();
  });

  // Fetched and made ready while the page is idle, unless the browser asks to save data or has a 2G connection.
  function whenIdle() {
    var connection = navigator.connection || {};
    if (connection.saveData || /2g/.test(connection.effectiveType || "")) return;
    if (window.requestIdleCallback) window.requestIdleCallback(function () { load(); }, { timeout: 5000 });
    else setTimeout(load, 1000);
  }
  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle);

  // A link to a search: `?q=words` opens search with them.
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    input.value = asked;
    open();
    input.focus();
    schedule();
  }
})();
