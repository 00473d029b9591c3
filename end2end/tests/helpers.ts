import { test as base, Locator, Page, TestInfo } from "@playwright/test";
import { ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

// Shared by every spec: the simulator's account, JS on or off, waiting for hydration, logging in.
export const USER = "administrator@vsphere.local";
export const PASSWORD = "VMware1!";

export function jsOn(info: TestInfo): boolean {
  return info.project.use.javaScriptEnabled !== false;
}

/** With JavaScript, wait until the WASM has hydrated the page, so clicks go through Leptos. */
export async function ready(page: Page, info: TestInfo) {
  if (jsOn(info)) {
    await page.waitForSelector("body[data-hydrated]");
  }
}

/** Opens a page and waits until it is ready. */
export async function go(page: Page, info: TestInfo, url: string) {
  await page.goto(url);
  await ready(page, info);
}

/** Fills and submits the login form at `url` (e.g. `/login?next=…`). */
export async function submitLogin(page: Page, info: TestInfo, user = USER, password = PASSWORD, url = "/login") {
  await go(page, info, url);
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

/**
 * Clicks a form's submit button and waits for the page the server answers with. Pages are not hydrated (only
 * islands are), so a form posts and its page loads again, with or without JavaScript; a reload or `goto` right
 * after a bare click can interrupt that navigation ("Not attached to an active page").
 */
export async function submitAndWait(page: Page, info: TestInfo, button: Locator) {
  const loaded = page.waitForEvent("load");
  await button.click();
  await loaded;
  await ready(page, info);
}

/** The repository's root: `cargo leptos end-to-end` runs the tests in end2end/, the console serves target/site. */
const ROOT = path.resolve(__dirname, "../..");

/** A port nobody listens on now (the console binds it a moment later; a clash is retried). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A console of its own on a fresh built-in simulator; `stop` ends it. */
export type Console = { url: string; stop: () => Promise<void> };

/**
 * Starts target/release/vconsole (or $VCONSOLE_BIN) on a free port and waits until it answers; `args` are
 * more options (e.g. `--vcenter`, `--redis`), else it runs its own simulator.
 */
export async function startConsole(extra: Record<string, string> = {}, args: string[] = []): Promise<Console> {
  const bin = process.env.VCONSOLE_BIN ?? path.join(ROOT, "target/release/vconsole");
  // The built-in simulator unless `args` name a vCenter, whatever vCenter the shared console manages.
  const env = { ...process.env, VCONSOLE_LOGIN_RATE: "1000", ...extra };
  for (const k of ["VCENTER_URL", "VCENTER_CA_FILE", "VCENTER_THUMBPRINT", "VCENTER_INSECURE", "VCONSOLE_LISTEN"]) delete env[k];
  let failure = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const url = `http://127.0.0.1:${await freePort()}`;
    const child: ChildProcess = spawn(bin, ["--listen", url.slice("http://".length), ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    let exited = false;
    const gone = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));
    child.once("error", (e) => (output += String(e)));
    // Should the worker end without `stop` (an interrupted run), the console ends with it.
    const orphan = () => child.kill("SIGKILL");
    process.once("exit", orphan);
    const stop = async () => {
      process.off("exit", orphan);
      if (exited) return;
      child.kill("SIGTERM");
      const late = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await gone;
      clearTimeout(late);
    };
    const deadline = Date.now() + 30_000;
    while (!exited && Date.now() < deadline) {
      try {
        if ((await fetch(`${url}/login`)).ok) return { url, stop };
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await stop();
    failure = `${bin} --listen ${url} did not answer within 30 s${exited ? " (it exited)" : ""}:\n${output}`;
  }
  throw new Error(failure);
}

/**
 * The `test` of a spec that changes the simulator for good (a resize, an installed update): each spec file,
 * in each project, runs on a console of its own on a fresh simulator, so what it sees does not depend on
 * which project or spec ran before. Use it as `import { freshConsoleTest as test } from "./helpers"`.
 *
 * `freshConsole` (one per worker) starts that console at the first test of a spec file and stops it when the
 * worker moves to another file or ends; `baseURL` points the spec's pages at it. After a failed test
 * Playwright starts a new worker, so the tests after it get a fresh console again.
 */
export const freshConsoleTest = consoleTest({});

/** [`freshConsoleTest`] on a simulator set up by `env` (e.g. `VCONSOLE_SIM_VMS`). */
export function consoleTest(env: Record<string, string>) {
  return base.extend<{}, { freshConsole: (file: string) => Promise<string> }>({
    freshConsole: [
      async ({}, use) => {
        let current: { file: string; console: Console } | undefined;
        await use(async (file) => {
          if (current?.file !== file) {
            await current?.console.stop();
            current = undefined;
            current = { file, console: await startConsole(env) };
          }
          return current.console.url;
        });
        await current?.console.stop();
      },
      { scope: "worker" },
    ],
    baseURL: async ({ freshConsole }, use, info) => {
      await use(await freshConsole(info.file));
    },
  });
}

/**
 * Logs in and opens the page of a powered-off VM of the list: `which` picks the row ("first", "last" or an
 * index), so specs sharing a simulator each work on a VM of their own. Returns the VM's name and its page.
 */
export async function openPoweredOffVm(page: Page, info: TestInfo, which: "first" | "last" | number): Promise<{ name: string; summary: string }> {
  await submitLogin(page, info);
  await page.waitForURL(/\/appliance\/summary$/);
  await go(page, info, "/inventory/vm?state=POWERED_OFF");
  const rows = page.getByTestId("inventory-row");
  const row = which === "first" ? rows.first() : which === "last" ? rows.last() : rows.nth(which);
  const name = (await row.locator("td:nth-child(2)").textContent())!.trim();
  await row.getByRole("link", { name }).click();
  await ready(page, info);
  return { name, summary: page.url() };
}

/** Debian installs nginx in /usr/sbin, which is not on every user's PATH. */
const NGINX = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

/**
 * Debian's nginx on a free loopback port, its `location /` block being `location` (and `http`, more of its
 * `http` block: an `upstream`); waits until it answers `/login`. `stop` ends it.
 */
export async function startNginx(location: string, http = ""): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "vconsole-nginx-"));
  const conf = `
    pid ${dir}/nginx.pid;
    error_log ${dir}/error.log;
    daemon off;
    events {}
    http {
      access_log off;
      client_body_temp_path ${dir}/body;
      proxy_temp_path ${dir}/proxy;
      fastcgi_temp_path ${dir}/fastcgi;
      uwsgi_temp_path ${dir}/uwsgi;
      scgi_temp_path ${dir}/scgi;
      ${http}
      server {
        listen 127.0.0.1:${port};
        location / { ${location} }
      }
    }`;
  writeFileSync(path.join(dir, "nginx.conf"), conf);
  let output = "";
  const child: ChildProcess = spawn(NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (c: Buffer) => (output += c));
  child.stderr!.on("data", (c: Buffer) => (output += c));
  const orphan = () => child.kill("SIGKILL");
  process.once("exit", orphan);
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
    process.off("exit", orphan);
    child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/login`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error(`nginx did not answer on ${url}:\n${output}`);
}
