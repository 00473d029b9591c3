import { test as base, expect } from "@playwright/test";
import { ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { Console, freePort, go, startConsole, startNginx, submitAndWait, submitLogin } from "./helpers";

// Two console replicas behind a real load balancer (Debian's nginx, round-robin), sharing one Redis (Debian's
// redis-server), both on one simulated vCenter (`vconsole simulate`): all started here on loopback. A user
// logs in through the balancer and goes on through both replicas; an action taken on one is on the other's
// Audit page; a bulk power change is proposed, confirmed and followed across both; one replica stops and
// nobody is logged out; a logout ends the session. Hydrated and without JavaScript.

const ROOT = path.resolve(__dirname, "../..");
const BIN = process.env.VCONSOLE_BIN ?? path.join(ROOT, "target/release/vconsole");
const REDIS = existsSync("/usr/bin/redis-server") ? "/usr/bin/redis-server" : "redis-server";

type Proc = { stop: () => void };

/** A child process, killed by `stop` (and when the worker exits); waits until `port` accepts connections. */
async function startProcess(what: string, cmd: string, args: string[], port: number, check: () => Promise<boolean>): Promise<Proc> {
  let output = "";
  const child: ChildProcess = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (c: Buffer) => (output = (output + c).slice(-4000)));
  child.stderr!.on("data", (c: Buffer) => (output = (output + c).slice(-4000)));
  const orphan = () => child.kill("SIGKILL");
  process.once("exit", orphan);
  const stop = () => {
    process.off("exit", orphan);
    child.kill("SIGTERM");
  };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await check().catch(() => false)) return { stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error(`${what} (${cmd} ${args.join(" ")}) did not answer on port ${port}:\n${output}`);
}

async function listening(port: number): Promise<boolean> {
  const net = await import("node:net");
  return new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1", () => (s.end(), resolve(true)));
    s.on("error", () => resolve(false));
  });
}

/** nginx balancing `upstreams` round-robin; each answer names the replica it came from (`X-Upstream`). */
function startBalancer(upstreams: string[]) {
  const servers = upstreams.map((u) => `server ${u.replace("http://", "")} max_fails=1 fail_timeout=30s;`).join("\n");
  return startNginx(
    `proxy_pass http://consoles;
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Forwarded-Host $http_host;
    proxy_next_upstream error timeout;
    proxy_buffering off;
    add_header X-Upstream $upstream_addr always;`,
    `upstream consoles { ${servers} }`,
  );
}

type Stack = { url: string; replicas: Console[]; ports: string[] };

const test = base.extend<{}, { stack: Stack }>({
  stack: [
    async ({}, use) => {
      const redisPort = await freePort();
      const redis = await startProcess("redis-server", REDIS, ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], redisPort, () => listening(redisPort));
      const simPort = await freePort();
      const sim = await startProcess("vconsole simulate", BIN, ["simulate", "--listen", `127.0.0.1:${simPort}`], simPort, () => listening(simPort));
      const args = ["--vcenter", `http://127.0.0.1:${simPort}`, "--redis", `redis://127.0.0.1:${redisPort}/0`];
      const env = { VCONSOLE_TRUSTED_PROXY: "127.0.0.1" };
      const replicas = [await startConsole(env, args), await startConsole(env, args)];
      const lb = await startBalancer(replicas.map((r) => r.url));
      await use({ url: lb.url, replicas, ports: replicas.map((r) => new URL(r.url).port) });
      lb.stop();
      for (const r of replicas) await r.stop();
      sim.stop();
      redis.stop();
    },
    { scope: "worker" },
  ],
  baseURL: async ({ stack }, use) => use(stack.url),
});

test("two replicas behind a load balancer share users: one stops, nobody is logged out; a logout ends the session", async ({ page, stack }, info) => {
  // Which replica answered each page.
  const served = new Set<string>();
  page.on("response", (r) => {
    const up = r.headers()["x-upstream"];
    if (up && r.request().resourceType() === "document") served.add(up.split(":").pop()!.trim());
  });
  await submitLogin(page, info, undefined, undefined, "/login?next=/appliance/access");
  await expect(page).toHaveURL(/\/appliance\/access$/);
  // Page after page, through whichever replica the balancer picks: still logged in.
  for (const where of ["/appliance/summary", "/appliance/access", "/audit", "/appliance/access"]) {
    await go(page, info, where);
    await expect(page.getByTestId("current-user")).toContainText("Administrator");
  }
  expect([...served].sort(), "both replicas served this user").toEqual([...stack.ports].sort());

  // An action through one replica; the Audit page (through either) lists it.
  const form = page.getByTestId("shell-form");
  await form.getByLabel("Enable the BASH shell").check();
  await form.getByLabel("Time-out (minutes)").fill("7");
  await submitAndWait(page, info, form.getByRole("button", { name: "Save" }));
  await expect(page.getByTestId("shell-saved")).toBeVisible();
  await form.getByLabel("Enable the BASH shell").uncheck();
  await submitAndWait(page, info, form.getByRole("button", { name: "Save" }));
  for (let i = 0; i < 2; i++) {
    await go(page, info, "/audit?area=appliance/access");
    await expect(page.getByTestId("audit-entry").filter({ hasText: "timeout_minutes=7" }).first()).toHaveAttribute("data-outcome", "ok");
  }

  // A bulk change: proposed through one replica, confirmed and run through whichever the balancer picks, its
  // progress and outcome read through either (the jobs are in Redis too).
  await go(page, info, "/inventory/vm?state=POWERED_ON&per=100");
  const names = (await page.getByTestId("inventory-row").locator("td:nth-child(2)").allTextContents()).map((n) => n.trim()).slice(0, 4);
  for (const n of names) await page.getByLabel(`Select ${n}`, { exact: true }).check();
  const proposed = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/vcenter/vm/power/bulk");
  await submitAndWait(page, info, page.getByTestId("bulk-power-stop"));
  const proposer = (await proposed).headers()["x-upstream"].split(":").pop()!.trim();
  await expect(page.getByTestId("confirm-panel")).toContainText("Power off 4 virtual machines?");
  // Confirmed straight through the replica that did not make the proposal; then, once used, refused by the one
  // that did.
  const job = new URL(page.url()).searchParams.get("job")!;
  const other = stack.replicas[stack.ports[0] === proposer ? 1 : 0].url;
  const own = stack.replicas[stack.ports[0] === proposer ? 0 : 1].url;
  const confirm = (at: string) =>
    page.request.post(`${at}/api/vcenter/vm/power/bulk/confirm`, {
      form: { job },
      headers: { Origin: at, Referer: `${at}/inventory/vm?state=POWERED_ON&per=100&job=${job}`, Accept: "text/html" },
      maxRedirects: 0,
    });
  const there = await confirm(other);
  expect(there.status()).toBe(302);
  expect(there.headers()["location"], "went through").not.toContain("__err=");
  const again = await confirm(own);
  expect(again.headers()["location"], "a confirmation is used once, across replicas").toContain("__err=");
  await go(page, info, `/inventory/vm?state=POWERED_ON&per=100&job=${encodeURIComponent(job)}`);
  await expect(page.getByTestId("bulk-summary")).toHaveText("4 powered off, 0 refused.", { timeout: 20_000 });
  await go(page, info, "/inventory/vm?state=POWERED_OFF&per=100");
  for (const n of names) await page.getByLabel(`Select ${n}`, { exact: true }).check();
  await submitAndWait(page, info, page.getByTestId("bulk-power-start"));
  await expect(page.getByTestId("bulk-summary")).toHaveText("4 powered on, 0 refused.", { timeout: 20_000 });

  // One replica stops (as for an upgrade): the balancer sends everything to the other, and the user is still
  // logged in, on the same vCenter session.
  await stack.replicas[0].stop();
  served.clear();
  for (const where of ["/appliance/summary", "/appliance/access", "/audit"]) {
    await go(page, info, where);
    await expect(page.getByTestId("current-user")).toContainText("Administrator");
  }
  expect([...served], "only the replica left").toEqual([stack.ports[1]]);
  await page.screenshot({ path: `../target/screenshots/replicas-${info.project.name}.png`, fullPage: true });

  // Logged out: the session is gone from Redis (that a logout through one replica ends the session on the
  // other is server/tests/integration/replicas.rs's, with both running).
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/appliance/summary");
  await expect(page).toHaveURL(/\/login\?next=/);
});
