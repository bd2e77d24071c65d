// Unit tests for generator/theme/assets/javascripts/site.js: the one place the site's root URL is worked out.
// Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const SITE = require(fileURLToPath(new URL("../../generator/theme/assets/javascripts/site.js", import.meta.url)));

test("the root comes from the script's own URL, wherever the site is published", () => {
  const src = "https://x.org/reading-list/assets/javascripts/site.js?v=1";
  assert.equal(SITE.rootFrom(src, '{"base": "../.."}', "https://x.org/reading-list/papers/a/"), "https://x.org/reading-list/");
  assert.equal(SITE.rootFrom("http://127.0.0.1:8000/assets/javascripts/site.js", null, "http://127.0.0.1:8000/"), "http://127.0.0.1:8000/");
});

test("without a usable script URL, Material's base is resolved against the page", () => {
  assert.equal(SITE.rootFrom(null, '{"base": "../.."}', "https://x.org/site/papers/a/"), "https://x.org/site/");
  assert.equal(SITE.rootFrom("", '{"base": "."}', "https://x.org/site/index.html"), "https://x.org/site/");
  assert.equal(SITE.rootFrom(undefined, '{"base": ".."}', "https://x.org/site/my-reading/#top"), "https://x.org/site/");
  assert.equal(SITE.rootFrom("https://x.org/other.js", '{"base": ""}', "https://x.org/site/?q=1"), "https://x.org/site/");
});

test("without either, the page's own folder", () => {
  assert.equal(SITE.rootFrom(null, "garbage", "https://x.org/a/b"), "https://x.org/a/");
  assert.equal(SITE.rootFrom(null, "{}", "https://x.org/a/"), "https://x.org/a/");
});
