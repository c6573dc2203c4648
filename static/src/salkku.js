// Salkku's script: starts govuk-frontend's components (ES module) and draws charts. htmx is loaded beside it.
import { initAll } from "./govuk-frontend.min.js";

initAll();

// --- Charts (docs/charts.md) ----------------------------------------------------------------------------
// {% chart %} renders <div data-chart="<id of a json_script>" data-chart-scripts="<vega, vega-lite,
// vega-embed URLs>">. The three scripts (about 830 KB) are loaded once, in order, only on a page that has a
// chart; without JavaScript, or if drawing fails, the figure's caption and table remain.

// d3-format locales: the same as charts/render.py gives vl-convert for static images.
const NUMBER_LOCALES = {
  fi: { decimal: ",", thousands: "\u202f", grouping: [3], currency: ["", "\u00a0€"], percent: "\u00a0%", minus: "\u2212" },
  sv: { decimal: ",", thousands: "\u202f", grouping: [3], currency: ["", "\u00a0€"], percent: "\u00a0%", minus: "\u2212" },
  en: { decimal: ".", thousands: ",", grouping: [3], currency: ["€", ""], minus: "\u2212" },
};
// d3-time-format locales fi-FI, sv-SE and en-GB (as vl-convert bundles them), with dates as Salkku's pages
// write them (config/formats): 31.12.2029 in Finnish and in Swedish as written in Finland, 31 Dec 2029 in English.
const TIME_LOCALES = {
  fi: {
    dateTime: "%A, %-d. %Bta %Y klo %X", date: "%-d.%-m.%Y", time: "%H:%M:%S", periods: ["a.m.", "p.m."],
    days: ["sunnuntai", "maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai"],
    shortDays: ["Su", "Ma", "Ti", "Ke", "To", "Pe", "La"],
    months: ["tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu", "elokuu", "syyskuu", "lokakuu", "marraskuu", "joulukuu"],
    shortMonths: ["Tammi", "Helmi", "Maalis", "Huhti", "Touko", "Kesä", "Heinä", "Elo", "Syys", "Loka", "Marras", "Joulu"],
  },
  sv: {
    dateTime: "%A den %-d %B %Y %X", date: "%-d.%-m.%Y", time: "%H:%M:%S", periods: ["fm", "em"],
    days: ["Söndag", "Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag"],
    shortDays: ["Sön", "Mån", "Tis", "Ons", "Tor", "Fre", "Lör"],
    months: ["Januari", "Februari", "Mars", "April", "Maj", "Juni", "Juli", "Augusti", "September", "Oktober", "November", "December"],
    shortMonths: ["Jan", "Feb", "Mar", "Apr", "Maj", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dec"],
  },
  en: {
    dateTime: "%a %-d %b %Y %X", date: "%-d %b %Y", time: "%H:%M:%S", periods: ["AM", "PM"],
    days: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
    shortDays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    shortMonths: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  },
};

let vegaReady = null;

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.async = false;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.appendChild(script);
  });
}

function loadVega(urls) {
  if (window.vegaEmbed) {
    return Promise.resolve();
  }
  if (!vegaReady) {
    // vega-lite needs the global vega, vega-embed both: one after another.
    vegaReady = urls.reduce((previous, url) => previous.then(() => loadScript(url)), Promise.resolve());
    vegaReady.catch(() => {
      vegaReady = null;
    });
  }
  return vegaReady;
}

// The specs cut names beside horizontal bars and in legends at a phone's limits (150–170 px, charts/specs.py);
// a chart with room for more (a 1366 px screen) gives them 260 px, as the server's static charts do
// (charts/render.py), so that "T3 New learning environments…" is not cut where it would fit.
const WIDE_CHART = 700;
const WIDE_LABEL_LIMIT = 260;

function roomForNames(spec, width) {
  if (width < WIDE_CHART) {
    return spec;
  }
  for (const part of [spec, ...(spec.layer || [])]) {
    const axis = part.encoding && part.encoding.y && part.encoding.y.axis;
    if (axis && typeof axis.labelLimit === "number" && axis.labelLimit < WIDE_LABEL_LIMIT) {
      axis.labelLimit = WIDE_LABEL_LIMIT;
    }
  }
  const legend = spec.config && spec.config.legend;
  if (legend && typeof legend.labelLimit === "number" && legend.labelLimit < WIDE_LABEL_LIMIT) {
    legend.labelLimit = WIDE_LABEL_LIMIT;
  }
  return spec;
}

function drawChart(element) {
  element.dataset.chartState = "loading";
  const source = document.getElementById(element.dataset.chart);
  if (!source) {
    return;
  }
  const lang = (document.documentElement.lang || "fi").slice(0, 2);
  const urls = (element.dataset.chartScripts || "").split(" ").filter(Boolean);
  loadVega(urls)
    .then(() =>
      window.vegaEmbed(element, roomForNames(JSON.parse(source.textContent), element.clientWidth), {
        renderer: "svg",
        actions: false, // downloads are the server's static images (a link under the chart)
        // The Content-Security-Policy allows no 'unsafe-eval' and no inline styles: vega-embed's bundled
        // expression interpreter instead of code generated with new Function, and no injected <style>
        // elements (the embed's and the tooltip's rules are in salkku.scss).
        ast: true,
        defaultStyle: false,
        tooltip: { disableDefaultStyle: true },
        formatLocale: NUMBER_LOCALES[lang] || NUMBER_LOCALES.fi,
        timeFormatLocale: TIME_LOCALES[lang] || TIME_LOCALES.fi,
      }),
    )
    .then((result) => {
      element.chartView = result.view;
      element.dataset.chartState = "drawn";
    })
    .catch((error) => {
      element.dataset.chartState = "failed";
      console.error("chart", element.dataset.chart, error);
    });
}

function initCharts(root) {
  const elements = root.matches?.("[data-chart]") ? [root] : [];
  elements.push(...(root.querySelectorAll?.("[data-chart]") ?? []));
  for (const element of elements) {
    if (!element.dataset.chartState) {
      drawChart(element);
    }
  }
}

initCharts(document);
// htmx: draw the charts of swapped-in content, and free the views of content swapped out.
document.addEventListener("htmx:load", (event) => initCharts(event.detail.elt));
document.addEventListener("htmx:beforeCleanupElement", (event) => {
  event.detail.elt.chartView?.finalize();
});

// --- Wide tables on a narrow screen -----------------------------------------------------------------
// A table wider than its column scrolls inside its own region instead of widening the page (the page
// would scroll sideways on a phone and clip its controls). Templates wrap their tables in
// .salkku-table-scroll; this wraps any table that is not, and makes a region that does scroll keyboard
// focusable and named by the table's caption (WCAG 2.1.1; axe scrollable-region-focusable).
let scrollRegions = 0;

function wrapTables(root) {
  const tables = root.matches?.("table.govuk-table") ? [root] : [];
  tables.push(...(root.querySelectorAll?.("table.govuk-table") ?? []));
  for (const table of tables) {
    if (table.closest(".salkku-table-scroll")) continue;
    const wrapper = document.createElement("div");
    wrapper.className = "salkku-table-scroll";
    wrapper.dataset.wrapped = "";
    table.parentNode.insertBefore(wrapper, table);
    wrapper.appendChild(table);
  }
  markScrollRegions();
}

function markScrollRegions() {
  for (const wrapper of document.querySelectorAll(".salkku-table-scroll[data-wrapped]")) {
    const scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1;
    if (!scrolls) {
      wrapper.removeAttribute("tabindex");
      wrapper.removeAttribute("role");
      continue;
    }
    wrapper.setAttribute("tabindex", "0");
    const caption = wrapper.querySelector("caption");
    if (caption) {
      if (!caption.id) caption.id = `salkku-table-caption-${++scrollRegions}`;
      wrapper.setAttribute("role", "region");
      wrapper.setAttribute("aria-labelledby", caption.id);
    }
  }
}

wrapTables(document.body);
document.addEventListener("htmx:load", (event) => wrapTables(event.detail.elt));
window.addEventListener("resize", markScrollRegions);
