// A request Material makes on every page load that a visitor never needs, held back: sitemap.xml, which
// Material fetches for every <link rel="alternate"> to map language versions of the site; ours are Atom
// feeds, so it is never used, unless instant navigation or previews are on. (The search index is not
// Material's: assets/javascripts/search.js fetches it when the visitor opens search.) Loaded before
// Material's bundle.
(function () {
  "use strict";
  var request = XMLHttpRequest.prototype, open = request.open, send = request.send;
  var SITEMAP = /(^|\/)sitemap\.xml([?#]|$)/;

  function features() {
    var config = document.getElementById("__config");
    try { return JSON.parse(config.textContent).features || []; } catch (error) { return []; }
  }
  var sitemapWanted = features().some(function (name) { return name.indexOf("navigation.instant") === 0; });

  request.open = function (method, url) {
    this.portfolioHold = SITEMAP.test(String(url)) && !sitemapWanted;
    return open.apply(this, arguments);
  };
  request.send = function () {
    if (this.portfolioHold) return;
    return send.apply(this, arguments);
  };
})();
