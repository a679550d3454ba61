// What every browser script shares: the demo users' credentials, TOTP
// codes (RFC 6238), pass/fail bookkeeping, the axe-core scan with a
// screenshot, sign-in, and launching headless Chromium with a listener for
// Content-Security-Policy violations.
//
// Environment: BASE_URL, USERS (TSV from `sightline user demo`), OUT,
// CHROMIUM (executable).

import { readFileSync, mkdirSync } from "node:fs";
import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const BASE = process.env.BASE_URL;
export const OUT = process.env.OUT;
mkdirSync(OUT, { recursive: true });

/** Month names, as the pages print dates ("3 March 2025"). */
export const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** The demo users by role: { username, password, secret, description }. */
export const users = Object.fromEntries(
  readFileSync(process.env.USERS, "utf8")
    .trim()
    .split("\n")
    .map((l) => l.split("\t"))
    .map(([username, role, password, secret, description]) => [
      role,
      { username, password, secret, description },
    ]),
);

function base32(s) {
  const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, buf = 0;
  const out = [];
  for (const c of s.replace(/=+$/, "")) {
    buf = (buf << 5) | A.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buf >> bits) & 255);
    }
  }
  return Buffer.from(out);
}

/** The six-digit TOTP code for `secret` (base32) at Unix time `t`. */
export function totp(secret, t = Date.now() / 1000) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const h = createHmac("sha1", base32(secret)).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, "0");
}

const failures = [];
const passes = [];
/** Record one check and print it. */
export function check(ok, what) {
  (ok ? passes : failures).push(what);
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
}

const cspViolations = [];
/** Screenshot the page to $OUT/<name>.png and check axe finds no WCAG 2.2 AA violations. */
export async function scan(page, name) {
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });
  await page.evaluate(AXE);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }),
  );
  const v = result.violations.map((x) => `${x.id} (${x.nodes.length}): ${x.nodes[0]?.target}`);
  check(v.length === 0, `axe: no WCAG 2.2 AA violations on ${name}${v.length ? " -> " + v.join("; ") : ""}`);
}

/**
 * Sign in with password and TOTP; with `scanIt`, scan both sign-in pages.
 * The server accepts each code once per user (replay protection), and
 * another script may have just used this user's current code: if the code
 * is refused, wait for the next 30-second step and try once more.
 */
export async function signIn(page, u, scanIt = false) {
  await page.goto(`${BASE}/sign-in`);
  if (scanIt) await scan(page, "01-sign-in");
  await page.fill("#username", u.username);
  await page.fill("#password", u.password);
  await page.click("main button[type=submit]");
  await page.waitForURL(/two-factor/);
  if (scanIt) await scan(page, "02-two-factor");
  for (let attempt = 0; attempt < 2; attempt++) {
    const step = Math.floor(Date.now() / 30000);
    await page.fill("#code", totp(u.secret));
    await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
    if (page.url() === `${BASE}/`) return;
    if (!/two-factor/.test(page.url())) break;
    while (Math.floor(Date.now() / 30000) === step) await new Promise((r) => setTimeout(r, 500));
  }
  await page.waitForURL(`${BASE}/`, { timeout: 5000 });
}

/** Launch headless Chromium and open a page that records CSP violations. */
export async function launch(viewport = { width: 1200, height: 900 }) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const ctx = await browser.newContext({ viewport });
  const page = await ctx.newPage();
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return { browser, page };
}

/** Check no page broke the Content-Security-Policy. */
export function checkNoCspViolations() {
  check(cspViolations.length === 0, `no Content-Security-Policy violations${cspViolations.length ? ": " + cspViolations[0] : ""}`);
}

/** Print the tally and exit non-zero on any failure. */
export function finish() {
  console.log(`\n${passes.length} passed, ${failures.length} failed; screenshots in ${OUT}`);
  process.exit(failures.length ? 1 : 0);
}
