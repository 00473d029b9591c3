import { test as base, expect } from "@playwright/test";
import { ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort, ready, startConsole, submitLogin } from "./helpers";

// Behind a real reverse proxy (Debian's nginx, started here on loopback) that rewrites Host, as many do: the
// console trusts it (--trusted-proxy 127.0.0.1), so the origin check uses the host it forwards
// (X-Forwarded-Host) and login and forms work through it. Hydrated and without JavaScript.

/** Debian installs nginx in /usr/sbin, which is not on every user's PATH. */
const NGINX = existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx";

/** nginx in front of `upstream`, on a free loopback port; `stop` ends it. */
async function startNginx(upstream: string): Promise<{ url: string; stop: () => void }> {
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
      server {
        listen 127.0.0.1:${port};
        location / {
          proxy_pass ${upstream};
          proxy_set_header Host $proxy_host;
          proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
          proxy_set_header X-Forwarded-Proto $scheme;
          proxy_set_header X-Forwarded-Host $http_host;
          proxy_buffering off;
        }
      }
    }`;
  writeFileSync(path.join(dir, "nginx.conf"), conf);
  let output = "";
  const child: ChildProcess = spawn(NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (c: Buffer) => (output += c));
  child.stderr!.on("data", (c: Buffer) => (output += c));
  const url = `http://127.0.0.1:${port}`;
  const stop = () => {
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

const test = base.extend<{}, { proxied: string }>({
  proxied: [
    async ({}, use) => {
      const console = await startConsole({ VCONSOLE_TRUSTED_PROXY: "127.0.0.1" });
      const nginx = await startNginx(console.url);
      await use(nginx.url);
      nginx.stop();
      await console.stop();
    },
    { scope: "worker" },
  ],
  baseURL: async ({ proxied }, use) => use(proxied),
});

test("through a reverse proxy that rewrites Host, login and a form work", async ({ page, baseURL }, info) => {
  await submitLogin(page, info, undefined, undefined, "/login?next=/appliance/time");
  await expect(page).toHaveURL(/\/appliance\/time$/);
  expect(new URL(page.url()).origin, "still on the proxy's address").toBe(baseURL);
  await ready(page, info);
  const form = page.getByTestId("timezone-form");
  await form.getByLabel("Time zone").selectOption("Europe/Berlin");
  await form.getByRole("button", { name: "Save time zone" }).click();
  await expect(page.getByTestId("current-timezone")).toHaveText("Europe/Berlin");
  await expect(page.getByTestId("timezone-saved")).toBeVisible();
  expect(new URL(page.url()).origin).toBe(baseURL);
  await page.screenshot({ path: `../target/screenshots/behind-nginx-${info.project.name}.png`, fullPage: true });
});
