// Checks the HTML report in headless Chromium (see html-report-test.sh): prints a JSON
// result and exits 1 on the first failed check.
"use strict";
const { chromium } = require(process.env.PLAYWRIGHT_CORE || "playwright-core");
const path = require("path");

const [report, screenshot] = process.argv.slice(2);
const problems = [];
function check(ok, what) { if (!ok) problems.push(what); }

(async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const result = {};
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const consoleErrors = [];
    page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    const requests = [];
    page.on("request", (r) => { if (!r.url().startsWith("file://") && !r.url().startsWith("data:")) requests.push(r.url()); });
    const started = Date.now();
    await page.goto("file://" + path.resolve(report), { waitUntil: "load" });
    result.load_ms = Date.now() - started;

    const rows = () => page.$$eval("#page-table tbody tr[data-page]", (trs) => trs.map((tr) => tr.querySelector("td.path button").textContent));
    const count = () => page.textContent("#count");
    const all = await rows();
    result.pages = all.length;
    check(all.length > 5, "the page table has rows");
    result.rules = await page.$$eval("#rule-table tbody tr", (t) => t.length);
    check(result.rules > 0, "the rule table has rows");
    result.charts = await page.$$eval("#charts svg", (s) => s.length);
    check(result.charts >= 7, "score charts are drawn");

    // Sorting: by score (the default, ascending), then again (descending), then by path.
    const scores = () => page.$$eval("#page-table tbody tr[data-page]", (trs) => trs.map((tr) => +tr.cells[2].textContent));
    const ascending = await scores();
    check(ascending.every((s, i) => i === 0 || ascending[i - 1] <= s), "sorted by score, ascending");
    await page.click("#page-table th[data-col='2']");
    const descending = await scores();
    check(descending.every((s, i) => i === 0 || descending[i - 1] >= s), "sorted by score, descending");
    check(JSON.stringify(descending) !== JSON.stringify(ascending), "sorting changes the rows");
    await page.click("#page-table th[data-col='0']");
    const byPath = await rows();
    check(byPath.every((p, i) => i === 0 || byPath[i - 1] <= p), "sorted by path");
    check(JSON.stringify(byPath) !== JSON.stringify(all), "sorting by path changes the order");

    // Filters: pass/fail, a rule, a folder.
    await page.selectOption("#filter-result", "fail");
    const failing = await rows();
    const failCells = await page.$$eval("#page-table tbody tr[data-page]", (trs) => trs.map((tr) => tr.cells[1].textContent));
    check(failing.length > 0 && failing.length < all.length, "the fail filter keeps some rows");
    check(failCells.every((c) => c === "fail"), "the fail filter shows only failing pages");
    await page.selectOption("#filter-result", "");
    const ruleOption = await page.$eval("#filter-rule option:nth-child(2)", (o) => ({ value: o.value, label: o.textContent }));
    await page.selectOption("#filter-rule", ruleOption.value);
    const withRule = await rows();
    const expected = +ruleOption.label.match(/\((\d+)\)$/)[1];
    check(withRule.length === expected, `the rule filter shows the ${expected} pages of ${ruleOption.label}`);
    await page.selectOption("#filter-rule", "");
    const folderOption = await page.$$eval("#filter-folder option", (os) => os.map((o) => o.value).filter((v) => v.includes("/"))[0]);
    await page.selectOption("#filter-folder", folderOption);
    const inFolder = await rows();
    check(inFolder.length > 0 && inFolder.length < all.length && inFolder.every((p) => p.startsWith(folderOption + "/")), "the folder filter keeps that folder's pages");
    await page.selectOption("#filter-folder", "");

    // Search: a path fragment, then a word no page has.
    const needle = all[0].split("/").pop().replace(/\.md$/, "");
    await page.fill("#search", needle);
    await page.waitForFunction((n) => document.getElementById("count").textContent.indexOf(n) !== 0, String(all.length));
    const found = await rows();
    check(found.length > 0 && found.length < all.length, `search for "${needle}" narrows the rows`);
    check(found.includes(all[0]), "search finds the page it was taken from");
    await page.fill("#search", "zzqqxxnotthere");
    await page.waitForFunction(() => document.getElementById("count").textContent.startsWith("0 of"));
    result.search_nothing = await count();
    await page.fill("#search", "");
    await page.waitForFunction((n) => document.getElementById("count").textContent.startsWith(n + " of"), String(all.length));

    // A failing page opens to its findings, each with a link and its source line.
    await page.selectOption("#filter-result", "fail");
    await page.click("#page-table tbody tr[data-page] td.path button");
    const findings = await page.$$eval("tr.details li", (lis) => lis.map((li) => ({ link: li.querySelector("a") && li.querySelector("a").href, src: !!li.querySelector("pre.src") })));
    result.findings_shown = findings.length;
    check(findings.length > 0, "an opened page lists its findings");
    check(findings.some((f) => f.link && /#L\d+$/.test(f.link)), "findings link to their line");
    check(findings.some((f) => f.src), "findings show their source line");

    // The screenshot: the top of the page (summary, charts, rules), then the opened page.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot, fullPage: false });
    await page.locator("tr.details").first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshot.replace(/\.png$/, "-findings.png"), fullPage: false });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(overflow <= 0, `the page fits 1400 px without scrolling sideways (${overflow} px over)`);
    result.console_errors = consoleErrors;
    check(consoleErrors.length === 0, "no console errors: " + consoleErrors.join("; "));
    result.network_requests = requests;
    check(requests.length === 0, "no network requests: " + requests.join(", "));
  } finally {
    await browser.close();
  }
  result.problems = problems;
  result.ok = problems.length === 0;
  console.log(JSON.stringify(result, null, 1));
  process.exit(result.ok ? 0 : 1);
})().catch((e) => { console.log(JSON.stringify({ ok: false, problems: [String(e)] })); process.exit(1); });
