// The size budget of a first visit: what every page loads (the WASM of the islands, its JS glue, the CSS),
// compressed as the server sends it (brotli, quality 11). Prints each file and fails above the budget.
// Usage: node end2end/check-size.mjs [site/pkg directory]
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

/** The budget, in bytes of brotli: the one place it is set. */
export const BUDGET = 120 * 1024;

const dir = process.argv[2] ?? "target/site/pkg";
const files = readdirSync(dir).filter((f) => /\.(wasm|js|css)$/.test(f)).sort();
if (files.length === 0) {
  console.error(`size check: nothing to measure in ${dir} (build the site first)`);
  process.exit(1);
}
let total = 0;
for (const f of files) {
  const raw = readFileSync(join(dir, f));
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }).length;
  total += br;
  console.log(`size check: ${f.padEnd(20)} ${String(raw.length).padStart(9)} B raw ${String(br).padStart(8)} B brotli`);
}
const kb = (n) => (n / 1024).toFixed(1);
console.log(`size check: first visit ${kb(total)} KB brotli, budget ${kb(BUDGET)} KB`);
if (total > BUDGET) {
  console.error(`size check: FAILED — the first visit is ${kb(total - BUDGET)} KB over the budget`);
  process.exit(1);
}
