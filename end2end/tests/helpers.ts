import { Locator, Page, TestInfo } from "@playwright/test";

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
 * Clicks a form's submit button and waits for the server's answer: with JavaScript the server function's
 * POST, without it the load of the page the POST leads to. A reload or `goto` right after a bare click can
 * interrupt a no-JS form's navigation ("Not attached to an active page").
 */
export async function submitAndWait(page: Page, info: TestInfo, button: Locator) {
  const answered = jsOn(info)
    ? page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/api/"))
    : page.waitForEvent("load");
  await button.click();
  await answered;
}
