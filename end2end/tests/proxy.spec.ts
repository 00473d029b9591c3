import { test as base, expect } from "@playwright/test";
import { ready, startConsole, startNginx, submitLogin } from "./helpers";

// Behind a real reverse proxy (Debian's nginx, started here on loopback) that rewrites Host, as many do: the
// console trusts it (--trusted-proxy 127.0.0.1), so the origin check uses the host it forwards
// (X-Forwarded-Host) and login and forms work through it. Hydrated and without JavaScript.

const test = base.extend<{}, { proxied: string }>({
  proxied: [
    async ({}, use) => {
      const console = await startConsole({ VCONSOLE_TRUSTED_PROXY: "127.0.0.1" });
      const nginx = await startNginx(`
        proxy_pass ${console.url};
        proxy_set_header Host $proxy_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Forwarded-Host $http_host;
        proxy_buffering off;`);
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
