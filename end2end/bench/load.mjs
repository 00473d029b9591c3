// Benchmark (not a test): the console under load on its simulator, with a real load tool (Debian's wrk).
// Starts the simulator alone (`vconsole simulate`) and a console on it over loopback HTTP, then measures:
//   1. a server-function round trip ÷ the same vCenter call made directly to the simulator (one connection,
//      mean latency of each; goal ≤ 1.3);
//   2. server-function calls per second with 64 and with 1,000 connections, as many logged-in sessions, each
//      request on one of them in turn, p50 / p99 and errors (goal ≥ 3,000/s, p99 ≤ 50 ms, 0 errors);
//   3. the console's memory (RSS) idle and per 1,000 sessions (goal ≤ 4 KB a session); each login also adds
//      its audit entry, which this counts in.
// Each twice: with the sessions in memory, then in Redis (`--redis`, Debian's redis-server on loopback; its
// own memory per session is reported beside the console's).
// The call: `appliance/networking/interface` (one vCenter GET of an interface). Printed as a table and written
// to target/bench/load.json. Bounded: each wrk run lasts DURATION seconds (default 10). Loopback only.
// Usage: node end2end/bench/load.mjs [target/release/vconsole]   (make bench-load)
import { spawn, execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const BIN = process.argv[2] ?? "target/release/vconsole";
const SIM = "127.0.0.1:3011";
const CONSOLE = "127.0.0.1:3010";
const DURATION = Number(process.env.DURATION ?? 10);
const USER = "administrator@vsphere.local";
const PASSWORD = "VMware1!";
const children = [];
process.on("exit", () => children.forEach((c) => c.kill()));

function start(args) {
  const c = spawn(BIN, args, { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, RUST_LOG: "warn" } });
  children.push(c);
  return c;
}

async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url, { redirect: "manual" });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer`);
}

const rssKb = (pid) => Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)[1]);

async function login() {
  const res = await fetch(`http://${CONSOLE}/api/cis/session/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: `http://${CONSOLE}`, "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams({ username: USER, password: PASSWORD, next: "/appliance/summary" }),
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  if (!cookie.startsWith("vconsole_session=")) throw new Error(`login failed: ${res.status}`);
  return cookie;
}

async function vcenterSession() {
  const res = await fetch(`http://${SIM}/rest/com/vmware/cis/session`, { method: "POST", headers: { Authorization: "Basic " + Buffer.from(`${USER}:${PASSWORD}`).toString("base64") } });
  return (await res.json()).value;
}

async function many(n, f) {
  const out = [];
  for (let i = 0; i < n; i += 50) out.push(...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, f))));
  return out;
}

function wrk(connections, cookies, mode) {
  mkdirSync("target/bench", { recursive: true });
  const file = `target/bench/cookies-${mode}-${connections}.txt`;
  writeFileSync(file, cookies.join("\n") + "\n");
  const direct = mode === "direct";
  const url = direct ? `http://${SIM}` : `http://${CONSOLE}`;
  const env = {
    ...process.env,
    COOKIES: file,
    MODE: mode,
    TARGET: direct ? "/rest/appliance/networking/interfaces/nic0" : "/api/appliance/networking/interface",
    BODY: "nic=nic0",
    ORIGIN: `http://${CONSOLE}`,
  };
  const threads = Math.min(2, connections);
  const out = execFileSync("wrk", ["-t", String(threads), "-c", String(connections), "-d", `${DURATION}s`, "--timeout", "5s", "-s", "end2end/bench/load.lua", url], { env, encoding: "utf8" });
  const json = out.split("\n").find((l) => l.startsWith("WRK_JSON "));
  const r = JSON.parse(json.slice("WRK_JSON ".length));
  return { connections, per_second: Math.round(r.requests / r.seconds), p50_ms: r.p50_us / 1000, p99_ms: r.p99_us / 1000, mean_ms: r.mean_us / 1000, errors: r.errors };
}

const REDIS_PORT = 3012;
const sim = start(["simulate", "--listen", SIM]);
await waitFor(`http://${SIM}/rest/com/vmware/cis/session`);

/** One console (with `extra` options) on the simulator: its round trip, load and memory; stopped after. */
async function measure(store, extra, otherPid) {
  const c = start(["--listen", CONSOLE, "--vcenter", `http://${SIM}`, "--login-rate", "100000", "--request-timeout", "30", ...extra]);
  await waitFor(`http://${CONSOLE}/login`);
  await new Promise((r) => setTimeout(r, 500));
  const idle = rssKb(c.pid);
  // 1. One connection: the console's call against the simulator's own, each measured now (the simulator holds
  // the earlier runs' sessions by then).
  const one = await many(1, login);
  const direct = wrk(1, [await vcenterSession()], "direct");
  const through = wrk(1, one, "console");
  // 3. Memory per 1,000 sessions, after the first run and 100 logins warmed the console up (its threads, and
  // with Redis its pool of connections, grow to the logins' concurrency once); with Redis, Redis's too.
  const warm = await many(100, login);
  const before = rssKb(c.pid);
  const otherBefore = otherPid ? rssKb(otherPid) : 0;
  const sessions = one.concat(await many(999, login));
  await new Promise((r) => setTimeout(r, 500));
  const after = rssKb(c.pid);
  const otherAfter = otherPid ? rssKb(otherPid) : 0;
  // 2. Load.
  const c64 = wrk(64, sessions.slice(0, 64), "console");
  const c1000 = wrk(1000, sessions, "console");
  void warm;
  c.kill("SIGTERM");
  await new Promise((r) => c.once("exit", r));
  return {
    store,
    round_trip: {
      direct_mean_ms: direct.mean_ms,
      console_mean_ms: through.mean_ms,
      ratio: +(through.mean_ms / direct.mean_ms).toFixed(2),
      direct_p50_ms: direct.p50_ms,
      console_p50_ms: through.p50_ms,
      // The median's ratio: a stall of the shared machine (or of the simulator) during one run moves a mean.
      ratio_p50: +(through.p50_ms / direct.p50_ms).toFixed(2),
      goal: "≤ 1.3",
    },
    load: [c64, c1000].map((r) => ({ ...r, goal: "≥ 3000/s, p99 ≤ 50 ms, 0 errors" })),
    memory: {
      idle_kb: idle,
      before_sessions_kb: before,
      after_1000_sessions_kb: after,
      per_session_kb: +((after - before) / 1000).toFixed(2),
      ...(otherPid ? { redis_per_session_kb: +((otherAfter - otherBefore) / 1000).toFixed(2) } : {}),
      goal: "≤ 4 KB a session",
    },
  };
}

const memory = await measure("memory", []);
const redis = spawn("redis-server", ["--port", String(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
children.push(redis);
await new Promise((r) => setTimeout(r, 500));
const inRedis = await measure("redis", ["--redis", `redis://127.0.0.1:${REDIS_PORT}/0`], redis.pid);

const result = {
  call: "POST /api/appliance/networking/interface (one vCenter GET /rest/appliance/networking/interfaces/nic0)",
  duration_s: DURATION,
  cores: (await import("node:os")).cpus().length,
  runs: [memory, inRedis],
};
writeFileSync("target/bench/load.json", JSON.stringify(result, null, 2) + "\n");
console.log(`\nconsole load on the simulator (${result.cores} cores shared by wrk, the console, the simulator and Redis; wrk, ${DURATION} s a run)`);
console.log("store    measure                           result");
for (const r of result.runs) {
  const t = r.round_trip;
  console.log(`${r.store.padEnd(8)} round trip ÷ direct (mean)        ${t.console_mean_ms.toFixed(2)} ÷ ${t.direct_mean_ms.toFixed(2)} ms = ${t.ratio}; p50 ${t.console_p50_ms.toFixed(2)} ÷ ${t.direct_p50_ms.toFixed(2)} ms = ${t.ratio_p50} (goal ≤ 1.3)`);
  for (const l of r.load) console.log(`${r.store.padEnd(8)} ${String(l.connections).padStart(4)} sessions                     ${l.per_second}/s, p50 ${l.p50_ms.toFixed(1)} ms, p99 ${l.p99_ms.toFixed(1)} ms, ${l.errors} errors`);
  const m = r.memory;
  console.log(`${r.store.padEnd(8)} memory                            idle ${m.idle_kb} KB; ${m.per_session_kb} KB a session${m.redis_per_session_kb !== undefined ? ` (+ ${m.redis_per_session_kb} KB in Redis)` : ""} (goal ≤ 4)`);
}
console.log("written to target/bench/load.json");
process.exit(0);
