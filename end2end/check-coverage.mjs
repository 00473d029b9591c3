// The operations the browser tests exercised: each console of `make test` (and each console a spec starts)
// appends every operation its simulator sees called to VCONSOLE_SIM_OPLOG, once per process. This counts the
// distinct ones against the API table (app/api/operations.json), prints the figure, writes the list of the
// ones not exercised next to the log, and fails if the count falls under the floor below (raise it as tests
// reach more; it is not lowered to let a test go).
import { readFileSync, writeFileSync } from "node:fs";

const FLOOR = 285;

const [log, api] = process.argv.slice(2);
const operations = JSON.parse(readFileSync(api, "utf8")).operations.map((o) => `${o.method} ${o.path}`);
let seen;
try {
  seen = new Set(readFileSync(log, "utf8").split("\n").filter(Boolean));
} catch (e) {
  console.error(`no operation log at ${log}: the browser tests' consoles wrote none (${e.message})`);
  process.exit(1);
}
const exercised = operations.filter((o) => seen.has(o));
const missing = operations.filter((o) => !seen.has(o));
writeFileSync(log.replace(/\.log$/, "") + "-not-exercised.txt", missing.join("\n") + "\n");
console.log(`Browser tests exercised ${exercised.length} of ${operations.length} operations (floor ${FLOOR}).`);
if (exercised.length < FLOOR) {
  console.error(`fewer operations exercised than the floor (${FLOOR}): see ${log.replace(/\.log$/, "")}-not-exercised.txt`);
  process.exit(1);
}
