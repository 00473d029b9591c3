import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, go, ready, submitLogin } from "./helpers";

// Appliance › Shutdown: a scheduled reboot is a banner on every page and can be cancelled from any of them;
// bad input is refused before anything is sent; a reboot now takes vCenter down and the console rides
// through it — a notice that reloads itself, then the login page. Hydrated and without JavaScript.

async function login(page: Page, info: TestInfo, next = "/appliance/shutdown") {
  await submitLogin(page, info, USER, PASSWORD, `/login?next=${next}`);
  await expect(page).toHaveURL(new RegExp(next.replace(/\//g, "\\/") + "$"));
  await ready(page, info);
}

async function schedule(page: Page, action: "Reboot" | "Power off", delay: string, reason: string) {
  const form = page.getByTestId("shutdown-form");
  await form.getByLabel(action, { exact: true }).check();
  await form.getByLabel("Delay (minutes)").fill(delay);
  await form.getByLabel("Reason").fill(reason);
  await form.getByRole("button", { name: "Continue…" }).click();
}

test("a scheduled reboot shows a banner on other pages and is cancelled from there", async ({ page }, info) => {
  await login(page, info);
  await expect(page.getByTestId("no-shutdown")).toBeVisible();
  const reason = `Patch window (${info.project.name})`;
  await schedule(page, "Reboot", "10", reason);
  const confirm = page.getByTestId("confirm-panel");
  await expect(confirm).toContainText("Reboot the appliance in 10 minutes?");
  await expect(confirm).toContainText("loses their session");
  await page.getByTestId("confirm-shutdown").click();
  await expect(page.getByTestId("pending-shutdown")).toContainText(reason);
  await expect(page.getByTestId("confirm-panel")).toHaveCount(0);

  await go(page, info, "/tags/categories");
  const banner = page.getByTestId("shutdown-banner");
  await expect(banner).toContainText("The appliance will reboot in 10 minutes");
  await expect(banner).toContainText(reason);
  await page.screenshot({ path: `../target/screenshots/shutdown-banner-${info.project.name}.png`, fullPage: true });
  await banner.getByRole("button", { name: "Cancel reboot" }).click();
  await expect(page.getByTestId("shutdown-banner")).toHaveCount(0);
  await page.reload();
  await ready(page, info);
  await expect(page.getByTestId("shutdown-banner")).toHaveCount(0);
  await go(page, info, "/appliance/shutdown");
  await expect(page.getByTestId("no-shutdown")).toBeVisible();
});

test("a bad delay or no reason is refused before anything is sent, and the form keeps what was typed", async ({ page }, info) => {
  await login(page, info);
  await schedule(page, "Power off", "99999", "Rack move");
  await expect(page.getByTestId("shutdown-error")).toContainText("between 0 (now) and 10080 minutes");
  await expect(page.getByTestId("confirm-panel")).toHaveCount(0);
  const form = page.getByTestId("shutdown-form");
  await expect(form.getByLabel("Delay (minutes)")).toHaveValue("99999");
  await expect(form.getByLabel("Reason")).toHaveValue("Rack move");
  await expect(form.getByLabel("Power off", { exact: true })).toBeChecked();
  await expect(form.getByLabel("Delay (minutes)")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Delay (minutes)")).toBeFocused();
  await schedule(page, "Reboot", "5", "   ");
  await expect(page.getByTestId("shutdown-error")).toContainText("Enter a reason");
  await expect(page.getByTestId("shutdown-form").getByLabel("Reason")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("shutdown-form").getByLabel("Delay (minutes)")).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("no-shutdown")).toBeVisible();
});

test("a reboot now: vCenter goes down, the console says so and reloads, then asks to log in again", async ({ page }, info) => {
  test.setTimeout(60_000);
  await login(page, info);
  await schedule(page, "Reboot", "0", `Ride-through test (${info.project.name})`);
  await expect(page.getByTestId("confirm-panel")).toContainText("Reboot the appliance now?");
  await page.getByTestId("confirm-shutdown").click();
  await page.waitForTimeout(1000);
  await page.goto("/appliance/summary");
  await expect(page.getByTestId("unreachable-banner")).toContainText("vCenter is not answering");
  await expect(page.getByRole("heading", { name: "Appliance summary" })).toBeVisible();
  await page.screenshot({ path: `../target/screenshots/shutdown-unreachable-${info.project.name}.png`, fullPage: true });
  // The page reloads itself; once vCenter is back the old session is gone.
  await expect(page).toHaveURL(/\/login\?next=\/appliance\/summary&expired=1/, { timeout: 30_000 });
  await submitLogin(page, info, USER, PASSWORD, "/login?next=/appliance/summary");
  await expect(page.getByTestId("overall-health")).toBeVisible();
});
