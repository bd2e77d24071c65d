/*
 * The site's root URL, for every script of the reading list (math.js, reading.js, papers-table.js,
 * rl-search.js): `ReadingListSite.root`, absolute and ending in "/".
 *
 * Worked out once, on the full page load, from this file's own URL: it is served from
 * <root>/assets/javascripts/site.js wherever the site is published (a GitHub Pages project path, a
 * custom domain, 127.0.0.1). Material's #__config "base" is relative to the page first loaded and is not
 * updated by instant navigation, so it is only the fallback (a copy of this file inlined elsewhere).
 * The plugin loads it before the other scripts. From node, `require()` returns `{ rootFrom }`.
 */
(function (global, factory) {
  "use strict";
  const api = factory();
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof document === "undefined" || global.ReadingListSite) return;
  const me = document.currentScript;
  const config = document.getElementById("__config");
  const root = api.rootFrom(me && me.src, config && config.textContent, global.location.href);
  global.ReadingListSite = Object.freeze({ root });
})(typeof globalThis !== "undefined" ? globalThis : this, function () {
  "use strict";

  const SELF = /^(.*\/)assets\/javascripts\/[^/]*$/;

  /**
   * The root from this script's URL (`<root>/assets/javascripts/site.js`), else from Material's config text
   * (its `base`, relative to `pageHref`), else the page's own folder.
   */
  function rootFrom(scriptSrc, configText, pageHref) {
    const own = typeof scriptSrc === "string" ? SELF.exec(scriptSrc.split(/[?#]/)[0]) : null;
    if (own) return own[1];
    try {
      const base = JSON.parse(configText).base;
      if (typeof base === "string") {
        const url = new URL(base || ".", pageHref);
        url.search = url.hash = "";
        if (!url.pathname.endsWith("/")) url.pathname += "/";
        return url.href;
      }
    } catch (e) {
      /* no usable config */
    }
    return new URL("./", pageHref).href;
  }

  return { rootFrom };
});
