// Two requests Material makes on every page load that a visitor may never need, held back until needed:
// - the search index, which at tens of thousands of papers is megabytes: sent when the visitor opens
//   search (or arrives with a search or highlight query in the address);
// - sitemap.xml, which Material fetches for every <link rel="alternate"> to map language versions of the
//   site; ours are Atom feeds, so it is never used, unless instant navigation or previews are on.
// The rest of Material works as it always does. Loaded before Material's bundle.
(function () {
  "use strict";
  var request = XMLHttpRequest.prototype, open = request.open, send = request.send;
  var SEARCH_INDEX = /(^|\/)search\/search_index\.json([?#]|$)/;
  var SITEMAP = /(^|\/)sitemap\.xml([?#]|$)/;
  var held = [], released = false;

  function features() {
    var config = document.getElementById("__config");
    try { return JSON.parse(config.textContent).features || []; } catch (error) { return []; }
  }
  var sitemapWanted = features().some(function (name) { return name.indexOf("navigation.instant") === 0; });

  function releaseSearch() {
    if (released) return;
    released = true;
    held.splice(0).forEach(function (call) { send.apply(call[0], call[1]); });
  }

  request.open = function (method, url) {
    this.portfolioHold = SEARCH_INDEX.test(String(url)) ? "search" : SITEMAP.test(String(url)) && !sitemapWanted ? "never" : "";
    return open.apply(this, arguments);
  };
  request.send = function () {
    if (this.portfolioHold === "never") return;
    if (this.portfolioHold === "search" && !released) {
      held.push([this, arguments]);
      return;
    }
    return send.apply(this, arguments);
  };

  var query = new URLSearchParams(location.search);
  if (query.has("q") || query.has("h")) releaseSearch();
  document.addEventListener("focusin", function (event) {
    if (event.target instanceof Element && event.target.closest(".md-search")) releaseSearch();
  });
  document.addEventListener("change", function (event) {
    if (event.target instanceof Element && event.target.id === "__search") releaseSearch();
  });
})();
