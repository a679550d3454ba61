// Sightline's browser tests: headless Chromium driven by playwright-core.
//
// Signs in with password and TOTP, opens a child, records a child
// protection plan, sees the dashboard's value and its drill-down change,
// checks the elected member's view carries no child data, and runs an
// axe-core scan (injected from node_modules, never a CDN) on each main page.
// Screenshots go to $OUT (target/e2e/). Run by e2e/run.sh, which starts the
// server and writes the demo users' credentials to $USERS.
//
// Environment: BASE_URL, USERS (TSV from `sightline user demo`), OUT,
// CHROMIUM (executable).

import { BASE, users, check, scan, signIn, launch, checkNoCspViolations, finish, MONTHS } from "./lib.mjs";

async function cpCount(page) {
  await page.goto(`${BASE}/dashboard`);
  const t = await page.textContent("#value-cp_plan_count");
  return parseInt(t.replace(/[^0-9]/g, ""), 10);
}

const { browser, page } = await launch();
try {
  // 1. Sign in with TOTP as the social worker.
  const sw = users.social_worker;
  await signIn(page, sw, true);
  check(page.url() === `${BASE}/`, "social worker signed in with password and TOTP");
  await scan(page, "03-overview");

  // 2. The dashboard's child protection figure before.
  const before = await cpCount(page);
  check(Number.isFinite(before), `dashboard shows children on CP plans (${before})`);
  await scan(page, "04-dashboard");

  // 3. Caseloads, then the worker's own caseload.
  await page.goto(`${BASE}/caseloads`);
  await scan(page, "05-caseloads");
  const workerName = sw.description.split(",")[0];
  await page.click(`a:text-is("${workerName}")`);
  await scan(page, "06-worker-caseload");
  const restrictedId = ((await page.textContent("main")).match(/Restricted record (\d+)/) || [])[1] || null;
  const candidates = await page.$$eval("tbody tr", (rows) =>
    rows
      .filter((r) => r.cells[1]?.textContent.trim() === "Child in need")
      .map((r) => r.querySelector("a")?.getAttribute("href"))
      .filter(Boolean),
  );
  check(candidates.length > 0, `the caseload lists children in need (${candidates.length})`);

  // 4. Open a child and record a CP plan (the first child the DfE rules accept).
  let recorded = null;
  for (const [i, href] of candidates.slice(0, 10).entries()) {
    const res = await page.goto(`${BASE}${href}`);
    if (res.status() !== 200) continue; // e.g. a restricted record
    if (i === 0) await scan(page, "07-child-record");
    const asAt = (await page.textContent("body")).match(/Records as at (\d+) (\w+) (\d{4})/);
    await page.goto(`${BASE}${href}/record/cp-plan`);
    if (i === 0) await scan(page, "08-cp-plan-form");
    await page.fill("#start-day", asAt[1]);
    await page.fill("#start-month", String(MONTHS.indexOf(asAt[2]) + 1));
    await page.fill("#start-year", asAt[3]);
    await page.selectOption("#category", "NEG");
    await page.click("main button[type=submit]");
    await page.waitForLoadState();
    if (page.url().includes("saved=cp-plan")) {
      recorded = href.split("/").pop();
      break;
    }
    const summary = await page.$(".error-summary");
    console.log(`     not recorded for ${href}: ${summary ? (await summary.textContent()).replace(/\s+/g, " ") : page.url()}`);
    if (i === 0) await scan(page, "09-cp-plan-form-errors");
  }
  check(recorded !== null, `a CP plan was recorded (child ${recorded})`);
  if (recorded) {
    check((await page.textContent("body")).includes("Child protection plan start recorded"), "success banner shown");
    await scan(page, "10-child-after-recording");

    // 5. The dashboard value and its drill-down change.
    const after = await cpCount(page);
    check(after === before + 1, `dashboard CP plan count went from ${before} to ${after}`);
    await page.click("#value-cp_plan_count a");
    await page.waitForURL(/dashboard\/drill/);
    const drill = await page.textContent("#drill-table");
    check(drill.includes(recorded), `drill-down lists the child ${recorded}`);
    await scan(page, "11-drill-down");

    // 5b. A child protection review conference form, with its errors.
    await page.goto(`${BASE}/children/806/${recorded}/record/cp-review`);
    await scan(page, "13-cp-review-form");
    await page.click("main button[type=submit]");
    await page.waitForLoadState();
    check((await page.textContent(".error-summary")).includes("Select what the conference decided"), "the review form refuses a missing decision");
    await scan(page, "14-cp-review-form-errors");
  }

  // 5c. The dashboard for one team: its own caption, drill-down kept to the team.
  await page.goto(`${BASE}/dashboard`);
  const team = await page.$eval("#team option:nth-child(2)", (o) => ({ id: o.value, name: o.textContent.trim() }));
  await page.selectOption("#team", team.id);
  await page.click("form.filters button[type=submit]");
  await page.waitForLoadState();
  check((await page.textContent("main .caption-m")).includes(team.name), `dashboard filtered to team ${team.name}`);
  const teamLink = await page.$("#value-cin_count a");
  check(teamLink === null || (await teamLink.getAttribute("href")).includes(`team=${team.id}`), "the team's drill-down links keep the team");
  await scan(page, "15-dashboard-team");
  await page.click("button:text-is('Sign out')");
  await page.waitForURL(/sign-in/);

  // 6. The team manager names the social worker on a restricted record, then removes them.
  if (restrictedId) {
    const tm = users.team_manager;
    await signIn(page, tm, false);
    const acc = await page.goto(`${BASE}/children/806/${restrictedId}/access`);
    check(acc.status() === 200, `the team manager manages who may see restricted record ${restrictedId} (${acc.status()})`);
    await scan(page, "16-restricted-access");
    await page.fill("#username", sw.username);
    await page.click("main form:not(.inline-form) button[type=submit]");
    await page.waitForLoadState();
    check((await page.textContent("#named-users")).includes(sw.username), "the social worker is named on the restricted record");
    await page.click(`button:has-text("Remove ${sw.username}")`);
    await page.waitForLoadState();
    check(!(await page.textContent("#named-users")).includes(sw.username), "and removed again");
    await page.click("button:text-is('Sign out')");
    await page.waitForURL(/sign-in/);
  } else {
    console.log("     no restricted record in the social worker's caseload: access page not exercised");
  }

  // 6. The elected member: figures, no child data, no drill-down.
  const em = users.elected_member;
  await signIn(page, em, false);
  await page.goto(`${BASE}/dashboard`);
  const links = await page.$$eval("a", (as) => as.map((a) => a.getAttribute("href")));
  check(!links.some((h) => h.includes("/children/") || h.includes("/dashboard/drill")), "elected member's dashboard has no child links or drill-down");
  const emText = await page.textContent("main");
  check(!(recorded && emText.includes(recorded)), "elected member's dashboard names no child");
  await scan(page, "12-elected-member-dashboard");
  const res = await page.goto(`${BASE}/dashboard/drill?id=cp_plan_count`);
  check(res.status() === 403, `elected member is refused the drill-down (${res.status()})`);
  if (recorded) {
    const r2 = await page.goto(`${BASE}/children/806/${recorded}`);
    check(r2.status() === 403, `elected member is refused a child's record (${r2.status()})`);
  }
  checkNoCspViolations();
} finally {
  await browser.close();
}
finish();
