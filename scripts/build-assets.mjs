// Builds static/build/ from static/src/ and node_modules: `npm ci && npm run build`.
//
// - js-enabled.js: marks <body> for govuk-frontend (no inline script: Content-Security-Policy)
// - salkku.css: govuk-frontend's Sass compiled with Salkku's settings and theme layer (static/src/salkku.scss)
// - salkku.js + govuk-frontend.min.js: our ES module entry, which imports govuk-frontend's initAll
// - htmx.min.js: htmx 2, copied as published
// - vega.min.js, vega-lite.min.js, vega-embed.min.js (+ the source maps they name): the charts' renderer,
//   copied as published; salkku.js loads them only on a page that has a chart (docs/charts.md)
// Nothing is fetched at run time; static/build/ is not committed.
import { copyFileSync, mkdirSync, rmSync, watch, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "static", "src");
const out = join(root, "static", "build");
const modules = join(root, "node_modules");

const copies = [
  [join(modules, "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js"), "govuk-frontend.min.js"],
  [join(modules, "htmx.org", "dist", "htmx.min.js"), "htmx.min.js"],
  [join(modules, "vega", "build", "vega.min.js"), "vega.min.js"],
  [join(modules, "vega-lite", "build", "vega-lite.min.js"), "vega-lite.min.js"],
  [join(modules, "vega-lite", "build", "vega-lite.min.js.map"), "vega-lite.min.js.map"],
  [join(modules, "vega-embed", "build", "vega-embed.min.js"), "vega-embed.min.js"],
  [join(modules, "vega-embed", "build", "vega-embed.min.js.map"), "vega-embed.min.js.map"],
  [join(src, "salkku.js"), "salkku.js"],
  [join(src, "js-enabled.js"), "js-enabled.js"],
  [join(src, "favicon.svg"), "favicon.svg"],
];

function buildCss() {
  const result = sass.compile(join(src, "salkku.scss"), {
    loadPaths: [join(modules, "govuk-frontend", "dist")],
    style: "compressed",
    sourceMap: false,
    quietDeps: true,
    // govuk-frontend 5 is written with @import and global functions; these are its known deprecations.
    silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div", "if-function"],
  });
  writeFileSync(join(out, "salkku.css"), result.css);
  return result.css.length;
}

function build() {
  const started = Date.now();
  mkdirSync(out, { recursive: true });
  const size = buildCss();
  for (const [from, name] of copies) {
    copyFileSync(from, join(out, name));
  }
  const ms = Date.now() - started;
  console.log(`static/build: salkku.css (${Math.round(size / 1024)} KiB), ${copies.map((c) => c[1]).join(", ")} in ${ms} ms`);
}

if (process.argv.includes("--clean")) {
  rmSync(out, { recursive: true, force: true });
}
build();

if (process.argv.includes("--watch")) {
  console.log("watching static/src for changes (Ctrl-C stops)");
  let timer = null;
  watch(src, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        build();
      } catch (error) {
        console.error(error.message);
      }
    }, 100);
  });
}
