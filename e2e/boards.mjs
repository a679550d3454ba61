// Sightline's browser test of the improvement boards and finance pages:
// headless Chromium driven by playwright-core, in the style of e2e.mjs.
//
// Signs in as the director (a leader), opens the improvement plan and the
// strategic board's exception report for a meeting date chosen in the form,
// checks the exception report against its own count and rules, opens the
// operational board's tracker, then signs in as the finance officer and
// checks the placement finance and external residential review pages (rows
// by record id, no links into child records). Every page gets an axe-core
// scan and a screenshot in $OUT (target/e2e/). Run by e2e/run.sh after
// e2e.mjs, against the same server and demo users.
//
// Environment: BASE_URL, USERS (TSV from `sightline user demo`), OUT,
// CHROMIUM (executable).

import { BASE, users, check, scan, signIn, launch, checkNoCspViolations, finish } from "./lib.mjs";

const { browser, page } = await launch({ width: 1400, height: 900 });
try {
  // 1. A leader signs in and opens the improvement plan.
  await signIn(page, users.director);
  await page.click("nav a:text-is('Improvement plan')");
  await page.waitForURL(/\/improvement/);
  const plan = await page.textContent("main");
  check(plan.includes("Inadequate"), "the plan page shows the inspection's inadequate judgement");
  check(/Recommendations \(15\)/.test(plan), "the plan page lists the 15 recommendations");
  await scan(page, "b01-improvement-plan");

  // 2. The strategic board for a meeting date chosen in the form.
  await page.click("a:text-is('Board papers')");
  await page.waitForURL(/\/improvement\/board/);
  const defaultMeeting = await page.inputValue("#meeting");
  check(/^\d{4}-\d{2}-\d{2}$/.test(defaultMeeting), `the board page offers a meeting date (${defaultMeeting})`);
  // A meeting a month after the latest plan version: more actions are overdue.
  const later = new Date(`${defaultMeeting}T00:00:00Z`);
  later.setUTCDate(later.getUTCDate() + 30);
  const meeting = later.toISOString().slice(0, 10);
  await page.fill("#meeting", meeting);
  await page.fill("#last", defaultMeeting);
  await page.selectOption("#kind", "strategic");
  await page.click("main button[type=submit]");
  await page.waitForURL(new RegExp(`meeting=${meeting}`));
  const heading = await page.textContent("h1");
  check(heading.includes("Strategic improvement board"), `strategic board heading (${heading.trim()})`);
  const countText = await page.textContent("#exception-count");
  const count = parseInt(countText, 10);
  const rows = await page.$$eval("#exceptions tbody tr", (trs) =>
    trs.map((tr) => ({
      id: tr.querySelector("th").textContent.trim(),
      due: tr.cells[4].textContent.trim(),
      reasons: [...tr.querySelectorAll("li")].map((li) => li.textContent.trim()),
    })),
  );
  check(count > 0 && rows.length === count, `the exception report lists ${rows.length} actions, as its count says (${countText.trim()})`);
  check(rows.every((r) => r.reasons.length > 0), "every exception says why it is one");
  const overdue = rows.filter((r) => r.reasons.some((x) => x.startsWith("Overdue by")));
  check(overdue.every((r) => r.due < meeting), "every overdue action was due before the meeting");
  check(
    rows.every((r) => r.reasons.every((x) => /^(Off track|Overdue by \d+ days?|Indicator red: )/.test(x))),
    "every reason is one of the three rules",
  );
  const changes = await page.textContent("main");
  check(changes.includes(`Changes since`), "the change log since the previous meeting is shown");
  await scan(page, "b02-strategic-board");

  // 3. The operational board sees every action, with more rows than exceptions.
  await page.selectOption("#kind", "operational");
  await page.click("main button[type=submit]");
  await page.waitForURL(/kind=operational/);
  const tracker = await page.$$eval("#tracker tbody tr", (trs) => trs.length);
  check(tracker > rows.length, `the operational tracker lists every action (${tracker})`);
  await scan(page, "b03-operational-board");
  const docx = await page.getAttribute("a:text-is('Download as a Word document')", "href");
  const res = await page.request.get(`${BASE}${docx}`);
  check(res.status() === 200 && (res.headers()["content-type"] || "").includes("wordprocessingml"), "the board paper downloads as DOCX");
  await page.click("button:text-is('Sign out')");
  await page.waitForURL(/sign-in/);

  // 4. The finance officer: budget lines and the residential review by id.
  await signIn(page, users.finance_officer);
  await page.click("nav a:text-is('Finance')");
  await page.waitForURL(/\/finance/);
  const lines = await page.$$eval("#budget-lines tbody tr", (trs) => trs.map((tr) => tr.querySelector("th").textContent.trim()));
  check(lines.includes("Children's homes agency placements") && lines.includes("Total"), `placement finance lists the budget lines (${lines.length - 1})`);
  await scan(page, "b04-placement-finance");
  await page.click("a:text-is('External residential review')");
  await page.waitForURL(/\/finance\/residential/);
  const childLinks = await page.$$eval("a", (as) => as.filter((a) => (a.getAttribute("href") || "").includes("/children/")).length);
  check(childLinks === 0, "the finance officer's review has no links into child records");
  await scan(page, "b05-residential-review");
  await page.click("a:text-is('Staffing cost')");
  await page.waitForURL(/\/finance\/staffing/);
  await scan(page, "b06-staffing-cost");
  const r403 = await page.goto(`${BASE}/dashboard/drill?id=cla_count`);
  check(r403.status() === 403, `the finance officer is refused child lists (${r403.status()})`);
  checkNoCspViolations();
} finally {
  await browser.close();
}
finish();
