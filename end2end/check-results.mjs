// `cargo leptos end-to-end` exits 0 even when the build before the browser tests fails, so `make test`
// checks Playwright's own report: it must exist, hold at least one passed test and no failed one.
import { readFileSync } from "node:fs";

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (e) {
  console.error(`no Playwright report at ${file}: the browser tests did not run (${e.message})`);
  process.exit(1);
}
const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats ?? {};
console.log(`Playwright: ${expected} passed, ${unexpected} failed, ${flaky} flaky, ${skipped} skipped`);
if (expected === 0 || unexpected > 0) {
  process.exit(1);
}
