// portal.mjs - the portal in a real browser (Debian's chromium, headless,
// through puppeteer-core), printing TAP.  tests/test-browser.sh runs it:
//   node portal.mjs BASE OTHER_PORT ARTEFACTS_DIR CHROMIUM
// BASE is a wsis-searchd whose index holds the hostile passage evil:1 and
// whose cors-origins allows http://127.0.0.1:OTHER_PORT, where this script
// serves a page of another origin that embeds the widget.  One screenshot
// per view is saved in ARTEFACTS_DIR.
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import puppeteer from "puppeteer-core";

const [BASE, OTHER_PORT, ART, CHROMIUM] = process.argv.slice(2);
const OTHER = `http://127.0.0.1:${OTHER_PORT}`;
let n = 0, failed = 0;
function ok(cond, what, why) {
  n++;
  console.log(`${cond ? "ok" : "not ok"} ${n} - ${what}`);
  if (!cond) {
    failed++;
    if (why !== undefined) console.log("#   " + JSON.stringify(why).slice(0, 600));
  }
}
async function getJSON(p) { return (await fetch(BASE + p)).json(); }
fs.mkdirSync(ART, { recursive: true });
const shot = (page, name) => page.screenshot({ path: path.join(ART, name + ".png") });

// The other origin: a page with the five lines of the README's embed, and
// the same page without the widget (to compare the globals).
const embed = (withWidget) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>A portal</title><style>body{font-family:serif;color:#600} li{color:red}</style></head>
<body><h1>A portal on another origin</h1>
<div id="wsis-search"></div>
${withWidget ? `<script src="${BASE}/widget.js" data-target="#wsis-search" data-limit="5"></script>` : ""}
</body></html>`;
const other = http.createServer((req, res) => {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  res.end(embed(!req.url.startsWith("/bare")));
});
await new Promise((r) => other.listen(Number(OTHER_PORT), "127.0.0.1", r));

const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const errors = [];
async function newPage(js = true, width = 1000) {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 900 });
  await page.setJavaScriptEnabled(js);
  page.on("pageerror", (e) => errors.push(String(e)));
  page.setDefaultTimeout(15000);
  return page;
}

try {
  // ---- type a query, see results ------------------------------------------
  let page = await newPage();
  await page.goto(BASE + "/", { waitUntil: "load" });
  await page.waitForSelector("body[data-ready]");
  ok(await page.$('link[rel="search"][type="application/opensearchdescription+xml"][href="/opensearch.xml"]') !== null,
    "the page links its OpenSearch description");
  await page.focus("#q");
  await page.keyboard.type("internet governance");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#hits li");
  const want = await getJSON("/search?q=internet+governance&limit=10");
  let ids = await page.$$eval("#hits li a.pid", (as) => as.map((a) => a.textContent));
  ok(JSON.stringify(ids) === JSON.stringify(want.hits.map((h) => h.id)),
    "typed and Enter: the hits of /search, in order", ids);
  ok((await page.$$eval("#hits li mark", (m) => m.length)) > 0, "the snippets are highlighted");
  ok(/26 passages match/.test(await page.$eval("#status", (s) => s.textContent)), "the status says how many");
  await shot(page, "search");

  // paging, by keyboard only
  await page.focus("#next");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /11 to/.test(document.getElementById("status").textContent));
  const want2 = await getJSON("/search?q=internet+governance&limit=10&offset=10");
  ids = await page.$$eval("#hits li a.pid", (as) => as.map((a) => a.textContent));
  ok(JSON.stringify(ids) === JSON.stringify(want2.hits.map((h) => h.id)), "Next: the second page", ids);
  ok(/offset=10/.test(page.url()), "the address holds the page (bookmarkable)", page.url());

  // the Tab order: the search box, the filters, the buttons
  await page.goto(BASE + "/", { waitUntil: "load" });
  await page.waitForSelector("body[data-ready]");
  const order = [];
  for (let i = 0; i < 7; i++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => document.activeElement.id || document.activeElement.textContent));
  }
  ok(JSON.stringify(order.slice(-5)) === JSON.stringify(["q", "part", "section", "go", "audit"]),
    "Tab goes (after the header's two links): search box, part, section, Search, Audit", order);
  const unlabelled = await page.$$eval("input,select", (els) =>
    els.filter((e) => !document.querySelector(`label[for="${e.id}"]`)).map((e) => e.id));
  ok(unlabelled.length === 0, "every field has its label", unlabelled);

  // a filter by section
  await page.select("#section", "2.1 Enhanced Cooperation");
  await page.type("#q", "cooperation");
  await page.click("#go");
  await page.waitForSelector("#hits li");
  const metas = await page.$$eval("#hits li .meta", (m) => m.map((x) => x.textContent));
  ok(metas.length > 0 && metas.every((m) => m.includes("2.1 Enhanced Cooperation")),
    "the section filter keeps that section's passages", metas);

  // did you mean
  await page.goto(BASE + "/?q=goverment+cooperaton", { waitUntil: "load" });
  await page.waitForSelector("#suggest:not([hidden])");
  ok((await page.$eval("#suggest-link", (a) => a.textContent)) === "government cooperation",
    "did you mean: the suggestion");
  await Promise.all([page.waitForNavigation(), page.click("#suggest-link")]);
  await page.waitForSelector("#hits li");
  ok((await page.$eval("#q", (q) => q.value)) === "government cooperation", "following it searches it");

  // ---- follow a permalink --------------------------------------------------
  await page.goto(BASE + "/?q=enhanced+cooperation", { waitUntil: "load" });
  await page.waitForSelector("#hits li");
  const first = await page.$eval("#hits li a.pid", (a) => a.textContent);
  await Promise.all([page.waitForNavigation(), page.click("#hits li a.pid")]);
  ok(page.url() === BASE + "/p/" + first, "the permalink leads to /p/ID", page.url());
  const doc = await getJSON("/doc/" + first);
  ok((await page.$eval(".text", (e) => e.textContent)) === doc.text, "the passage page shows its text");
  const cite = await page.$eval("cite", (e) => e.textContent);
  ok(doc.fields.para ? cite.endsWith(", para. " + doc.fields.para) : cite.length > 0, "and its citation", cite);
  await shot(page, "passage");
  await page.close();

  // ---- an audit, its picture and its CSV ---------------------------------------
  page = await newPage();
  const dl = fs.mkdtempSync(path.join(os.tmpdir(), "wsis-dl-"));
  const cdp = await page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: dl });
  await page.goto(BASE + "/", { waitUntil: "load" });
  await page.waitForSelector("body[data-ready]");
  await page.type("#q", "enhanced cooperation");
  await page.click("#audit");
  await page.waitForSelector("#audit-view:not([hidden]) #kwic tbody tr");
  const m = await getJSON("/mentions?q=enhanced+cooperation");
  const rows = await page.$$eval("#kwic tbody tr", (r) => r.length);
  ok(rows === m.total_occurrences, `the audit lists each occurrence (${rows})`);
  const secs = await page.$$eval("#sections tbody tr", (r) => r.map((t) => t.lastChild.textContent));
  ok(JSON.stringify(secs) === JSON.stringify(m.by_section.map((s) => String(s.occurrences))),
    "the counts per section", secs);
  const cells = await page.$$eval("#pic svg rect.cell", (r) => r.map((c) => [c.dataset.id, +c.dataset.count]));
  const svgText = await (await fetch(BASE + "/mentions.svg?q=enhanced+cooperation")).text();
  const serverCells = [...svgText.matchAll(/class="cell" data-id="([^"]+)" data-count="(\d+)"/g)].map((x) => [x[1], +x[2]]);
  ok(cells.length > 0 && JSON.stringify(cells) === JSON.stringify(serverCells),
    `the page's strip is the server's: a cell per paragraph (${cells.length})`, cells.slice(0, 3));
  ok((await page.$$eval("#pic svg g.bar", (g) => g.length)) === m.by_section.length, "a bar per section");
  const labels = await page.$$eval("#pic svg g.bar text[text-anchor=end]", (t) => t.map((x) => x.textContent));
  const serverLabels = [...svgText.matchAll(/text-anchor="end">([^<]*)</g)].map((x) => x[1]
    .replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'"));
  ok(JSON.stringify(labels) === JSON.stringify(serverLabels) && labels.includes("2.1 Enhanced Cooperation (draft)"),
    "the bars' labels are the server's (a shared section name says its part)", labels);
  await shot(page, "audit");
  await page.click("#csv");
  let csvFile = null;
  for (let i = 0; i < 50 && !csvFile; i++) {
    await new Promise((r) => setTimeout(r, 100));
    csvFile = fs.readdirSync(dl).find((f) => f.endsWith(".csv"));
  }
  ok(csvFile === "mentions-enhanced-cooperation.csv", "Download CSV: a file", csvFile);
  if (csvFile) {
    const lines = fs.readFileSync(path.join(dl, csvFile), "utf8").trimEnd().split("\r\n");
    ok(lines[0] === "id,part,section,para,offset,before,match,after" && lines.length === m.total_occurrences + 1,
      "the CSV: a header and a row per occurrence", lines.slice(0, 2));
    // RFC 4180 read back, against the audit's JSON
    const text = fs.readFileSync(path.join(dl, csvFile), "utf8");
    const rows = [];
    let row = [], field = "", quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
        else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") { row.push(field); field = ""; }
      else if (c === "\r" && text[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i++; }
      else field += c;
    }
    const expect = [["id", "part", "section", "para", "offset", "before", "match", "after"]];
    for (const p of m.passages)
      for (const k of p.kwic)
        expect.push([p.id, p.part, p.section || p.heading || "", p.para == null ? "" : String(p.para),
          String(k.offset), k.before, k.match, k.after]);
    ok(JSON.stringify(rows) === JSON.stringify(expect), "the CSV's rows are the audit's occurrences",
      rows.find((r, i) => JSON.stringify(r) !== JSON.stringify(expect[i])));
  }
  // a cell of the strip is a link to its passage
  const cellHref = await page.$eval("#pic svg a", (a) => a.getAttribute("href"));
  ok(/^\/p\/[^/]+$/.test(cellHref), "a cell links to its passage", cellHref);
  await page.close();

  // ---- the phone width -------------------------------------------------------------
  page = await newPage(true, 375);
  await page.goto(BASE + "/?q=internet+governance", { waitUntil: "load" });
  await page.waitForSelector("#hits li");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  ok(overflow <= 0, "at 375 px wide nothing overflows sideways", overflow);
  await shot(page, "phone");
  await page.close();

  // ---- the hostile passage shows as text -----------------------------------------
  page = await newPage();
  await page.goto(BASE + "/?q=zanzibarite", { waitUntil: "load" });
  await page.waitForSelector("#hits li");
  const snip = await page.$eval("#hits li .snippet", (e) => e.textContent);
  ok(snip.includes("Salt & pepper <script>window.__pwned=1</script>"), "the page: <script> and & as text", snip);
  ok(await page.evaluate(() => window.__pwned === undefined && !document.querySelector("#hits script, #hits img")),
    "the page: nothing of it ran or became an element");
  ok((await page.$eval("#hits li .meta", (e) => e.textContent)).includes('<i>Odd</i> & "quoted"'),
    "the page: its section as text");
  await page.goto(BASE + "/p/evil:1", { waitUntil: "load" });
  ok((await page.$eval(".text", (e) => e.textContent)).includes("<script>window.__pwned=1</script>") &&
    await page.evaluate(() => window.__pwned === undefined), "its passage page: as text");
  await shot(page, "hostile");
  await page.close();

  // ---- no JavaScript -------------------------------------------------------------
  page = await newPage(false);
  await page.goto(BASE + "/", { waitUntil: "load" });
  await page.type("#q", "internet governance");
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  ok(page.url().startsWith(BASE + "/search.html?q=internet+governance"),
    "without JavaScript the form goes to /search.html", page.url());
  ids = await page.$$eval("ol.hits a.id", (as) => as.map((a) => a.textContent));
  ok(JSON.stringify(ids) === JSON.stringify(want.hits.map((h) => h.id)), "and shows the same hits", ids);
  await shot(page, "nojs");
  await Promise.all([page.waitForNavigation(), page.click('a[rel="next"]')]);
  ids = await page.$$eval("ol.hits a.id", (as) => as.map((a) => a.textContent));
  ok(JSON.stringify(ids) === JSON.stringify(want2.hits.map((h) => h.id)), "its Next link: the second page", ids);
  await page.goto(BASE + "/search.html?q=zanzibarite", { waitUntil: "load" });
  ok((await page.$eval(".snippet", (e) => e.textContent)).includes("<script>window.__pwned=1</script>"),
    "/search.html: the hostile passage as text");
  await page.close();

  // ---- the widget on another origin ----------------------------------------------
  page = await newPage();
  await page.goto(OTHER + "/bare", { waitUntil: "load" });
  const bare = await page.evaluate(() => Object.keys(window));
  await page.goto(OTHER + "/", { waitUntil: "load" });
  // the keys first: puppeteer's waits add names of their own
  const withW = await page.evaluate(() => Object.keys(window));
  await page.waitForFunction(() => document.querySelector("#wsis-search").shadowRoot !== null);
  ok(withW.length > 0 && JSON.stringify(withW.filter((k) => !bare.includes(k))) === "[]",
    "the widget leaves no global name", withW.filter((k) => !bare.includes(k)));
  await page.evaluate(() => {
    const r = document.querySelector("#wsis-search").shadowRoot;
    r.querySelector("input").value = "internet governance";
    r.querySelector("button").click();
  });
  await page.waitForFunction(() => document.querySelector("#wsis-search").shadowRoot.querySelectorAll("li").length > 0);
  const wids = await page.evaluate(() =>
    [...document.querySelector("#wsis-search").shadowRoot.querySelectorAll("li > a")].map((a) => a.textContent));
  const want5 = await getJSON("/search?q=internet+governance&limit=5");
  ok(JSON.stringify(wids) === JSON.stringify(want5.hits.map((h) => h.id)),
    "the widget on another origin shows the results", wids);
  const color = await page.evaluate(() =>
    getComputedStyle(document.querySelector("#wsis-search").shadowRoot.querySelector("li")).color);
  ok(color !== "rgb(255, 0, 0)", "the page's styles do not reach into the widget", color);
  ok((await page.evaluate(() => document.querySelectorAll("li").length)) === 0,
    "the widget's elements stay in its shadow root");
  await shot(page, "widget");
  await page.evaluate(() => {
    const r = document.querySelector("#wsis-search").shadowRoot;
    r.querySelector("input").value = "zanzibarite";
    r.querySelector("button").click();
  });
  await page.waitForFunction(() => /zanzibarite/.test(
    document.querySelector("#wsis-search").shadowRoot.querySelector("ol").textContent));
  const wsnip = await page.evaluate(() => document.querySelector("#wsis-search").shadowRoot.querySelector("li p").textContent);
  ok(wsnip.includes("<script>window.__pwned=1</script>") && await page.evaluate(() => window.__pwned === undefined),
    "the widget: the hostile passage as text", wsnip);
  await page.close();

  ok(errors.length === 0, "no script error in any page", errors);
} catch (e) {
  ok(false, "the browser run ended early", String(e && e.stack || e));
} finally {
  await browser.close();
  other.close();
}
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
