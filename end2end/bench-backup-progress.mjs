// Benchmark (not a test): the time from clicking "Back up now" to the first progress update the browser shows,
// with and without JavaScript, on a console already running on the built-in simulator. Two moments are timed
// from the click: the job's page showing its progress (rendered by the server) and the first change of that
// progress (with JavaScript: a server-sent event; without: the page's one-second reload). Each is the median of
// N runs, printed as a table and written as JSON.
// Usage: node end2end/bench-backup-progress.mjs http://127.0.0.1:3000 [runs]   (make bench-backup)
import { chromium } from "playwright";
import { writeFileSync, mkdirSync } from "node:fs";

const url = process.argv[2] ?? "http://127.0.0.1:3000";
const runs = Number(process.argv[3] ?? 5);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });

async function once(js) {
  const context = await browser.newContext({ javaScriptEnabled: js });
  const page = await context.newPage();
  await page.goto(`${url}/login?next=/appliance/backup`);
  await page.getByLabel("User name").fill("administrator@vsphere.local");
  await page.getByLabel("Password").fill("VMware1!");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(/\/appliance\/backup$/);
  if (js) await page.waitForSelector("body[data-hydrated]");
  const form = page.getByTestId("backup-form");
  await form.getByLabel("Location type").selectOption("FTPS");
  await form.getByLabel("Location", { exact: true }).fill("ftps://backup.corp.local/bench");
  await form.getByLabel("User name").fill("backup");
  await form.getByLabel("Password", { exact: true }).fill("Backup-2018!");
  await form.getByLabel("Encryption password (optional)").fill("Secret-2026");
  await form.getByLabel("Confirm the encryption password").fill("Secret-2026");
  const t0 = performance.now();
  await page.getByTestId("backup-start").click();
  const text = page.getByTestId("progress-text");
  await text.waitFor({ timeout: 20_000 });
  const shown = performance.now() - t0;
  const first = await text.textContent();
  const deadline = Date.now() + 20_000;
  while ((await text.textContent().catch(() => first)) === first && Date.now() < deadline) await page.waitForTimeout(20);
  const updated = performance.now() - t0;
  // Let the job end before the next run (one backup at a time).
  await page.getByTestId("job-status").and(page.locator('[data-status="SUCCEEDED"]')).waitFor({ timeout: 30_000 });
  await context.close();
  return { shown, updated };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = {};
for (const js of [true, false]) {
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await once(js));
  result[js ? "javascript" : "no_javascript"] = { runs, progress_shown_ms: Math.round(median(samples.map((s) => s.shown))), first_update_ms: Math.round(median(samples.map((s) => s.updated))) };
}
await browser.close();
console.log("Back up now → progress in the browser (median ms)");
console.log("                  progress shown   first update");
for (const [k, v] of Object.entries(result)) console.log(`${k.padEnd(18)}${String(v.progress_shown_ms).padStart(14)}${String(v.first_update_ms).padStart(15)}`);
mkdirSync("target/bench", { recursive: true });
writeFileSync("target/bench/backup-progress.json", JSON.stringify(result, null, 2));
