// Sightline's browser test of the case file audits (issue #8): signs in as
// the head of service (a user the other scripts do not sign in, so no TOTP
// code is reused), opens the audits page, records an audit through the
// structured form (overall and section grades, an action) for a case the
// page's own schedule proposes (so the auditors are never the case's
// manager), sees it counted in the quarter's grade distribution, opens the
// audit, and checks the elected member's view of the grades names no child.
// axe-core scans each page; screenshots go to $OUT (target/e2e/quality-*).
// Run by e2e/run.sh after e2e.mjs, against the same server.
//
// Environment: BASE_URL, USERS (TSV from `sightline user demo`), OUT,
// CHROMIUM (executable).

import { BASE, users, check, scan, signIn, launch, checkNoCspViolations, finish, MONTHS } from "./lib.mjs";

function auditCount(text) {
  const m = /(\d+) audits in (Q\d \d{4}\/\d{2})/.exec(text);
  return m ? { n: parseInt(m[1], 10), label: m[2] } : null;
}

const { browser, page } = await launch();
try {
  // 1. The head of service signs in and opens the workforce overview and audits.
  await signIn(page, users.head_of_service, false);
  await page.goto(`${BASE}/quality`);
  check((await page.textContent("h1")).includes("Workforce and quality"), "workforce and quality overview opens");
  await scan(page, "quality-01-overview");
  await page.goto(`${BASE}/quality/rota`);
  check((await page.$$("tbody tr")).length > 0, "rota cover lists working days");
  await scan(page, "quality-02-rota");
  await page.goto(`${BASE}/quality/casework`);
  await scan(page, "quality-03-casework");
  await page.goto(`${BASE}/quality/audits`);
  await scan(page, "quality-04-audits");

  // 2. A case from the proposed schedule, with its proposed auditors.
  const heading = await page.textContent("h2:has-text('Proposed schedule for')");
  const [, monthName, year] = /Proposed schedule for (\w+) (\d{4})/.exec(heading);
  const month = String(MONTHS.indexOf(monthName) + 1).padStart(2, "0");
  const date = `${year}-${month}-01`;
  const row = await page.$$eval("h2:has-text('Proposed schedule for') ~ table tbody tr", (rows) =>
    rows.map((r) => ({ child: r.cells[0].textContent.trim(), auditors: r.cells[3].textContent.trim() })),
  );
  check(row.length > 0, `the schedule proposes cases (${row.length})`);
  const { child, auditors } = row[0];
  const [a1, a2] = auditors.split(" and ");

  // 3. The quarter's count before, then fill and submit the form.
  const q = Math.floor(((parseInt(month, 10) + 8) % 12) / 3) + 1;
  const fy = parseInt(month, 10) <= 3 ? parseInt(year, 10) - 1 : parseInt(year, 10);
  await page.goto(`${BASE}/quality/audits?quarter=${fy}-Q${q}`);
  const before = auditCount(await page.textContent("#distribution ~ table caption"));
  check(before !== null, `the distribution names the quarter's audits (${before?.n} in ${before?.label})`);
  await page.fill("#child", child);
  await page.fill("#date", date);
  const pick = async (sel, name) => {
    const value = await page.$eval(sel, (s, n) => [...s.options].find((o) => o.textContent.startsWith(n + " ("))?.value, name);
    await page.selectOption(sel, value);
  };
  await pick("#auditor", a1);
  await pick("#paired_auditor", a2);
  await page.fill("#theme", "Voice of the child");
  await page.check("#grade-good");
  await page.selectOption("#section_voice_of_the_child", "outstanding");
  await page.selectOption("#section_planning", "requires_improvement");
  await page.fill("#action", "Record the child's wishes at each visit");
  await pick("#action_owner", a1);
  await page.fill("#action_due", `${year}-${month}-28`);
  await scan(page, "quality-05-audit-form-filled");
  await page.click("main form[method=post][action^='/quality/audits'] button[type=submit]");
  await page.waitForURL(/quality\/audits\?la=\d+&quarter=/);
  const after = auditCount(await page.textContent("#distribution ~ table caption"));
  check(after && before && after.n === before.n + 1, `the audit is counted in ${after?.label} (${before?.n} -> ${after?.n})`);
  await scan(page, "quality-06-distribution-after");

  // 4. The audit itself, with its section grades and action.
  const links = await page.$$eval("a[href^='/quality/audits/']", (as) => as.map((a) => a.getAttribute("href")));
  const newest = links.sort((x, y) => parseInt(y.split("/").pop(), 10) - parseInt(x.split("/").pop(), 10))[0];
  await page.goto(`${BASE}${newest}`);
  const detail = await page.textContent("main");
  check(detail.includes(child) && detail.includes("Record the child's wishes at each visit"), `the audit ${newest} shows its child and action`);
  check(detail.includes("Voice of the child") && detail.includes("Outstanding"), "the audit shows its section grades");
  await scan(page, "quality-07-audit");
  await page.click("button:text-is('Sign out')");
  await page.waitForURL(/sign-in/);

  // 5. The elected member: grades without children. e2e.mjs signed them in
  // moments ago; signIn waits for a fresh TOTP code if theirs was used.
  await signIn(page, users.elected_member, false);
  await page.goto(`${BASE}/quality/audits?quarter=${fy}-Q${q}`);
  const em = await page.textContent("main");
  check(em.includes("Good or better") && !em.includes(child), "elected member sees the grades and no child");
  const hrefs = await page.$$eval("a", (as) => as.map((a) => a.getAttribute("href")));
  check(!hrefs.some((h) => h.includes("/children/") || /\/quality\/audits\/\d/.test(h)), "elected member's audit page has no child or audit links");
  await scan(page, "quality-08-elected-member");
  const res = await page.goto(`${BASE}/quality/casework`);
  check(res.status() === 403, `elected member is refused the casework lists (${res.status()})`);
  checkNoCspViolations();
} finally {
  await browser.close();
}
finish();
