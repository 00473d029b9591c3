import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, go, ready, submitLogin } from "./helpers";

// Appliance › Services: filter by name and state; stop a service after a confirmation, watch it settle,
// start it again; change a vMon startup type and see it persist. Hydrated and without JavaScript; each
// test puts back what it changed.

async function login(page: Page, info: TestInfo, next = "/appliance/services") {
  await submitLogin(page, info, USER, PASSWORD, `/login?next=${encodeURIComponent(next)}`);
  await ready(page, info);
}

test("filter, stop after a confirmation, and start again", async ({ page }, info) => {
  test.setTimeout(60_000);
  await login(page, info);
  const form = page.getByRole("search");
  await form.getByLabel("Name contains").fill("perf");
  await form.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/q=perf/);
  const vmon = page.getByTestId("vmon-services");
  await expect(vmon.locator("tr[data-service]")).toHaveCount(1);
  const row = vmon.locator('tr[data-service="perfcharts"]');
  await expect(row.locator("[data-state]").first()).toHaveAttribute("data-state", "Running");
  await expect(row.locator("[data-state]").nth(1)).toHaveAttribute("data-state", "Healthy");

  await row.getByRole("link", { name: "Stop perfcharts" }).click();
  await expect(page.getByTestId("confirm-panel")).toContainText("Stop VMware Performance Charts?");
  await page.getByTestId("confirm-control").click();
  await expect(page).toHaveURL(/\/appliance\/services\?q=perf$/);
  await expect(page.getByTestId("vmon-services").locator('tr[data-service="perfcharts"] [data-state]').first()).toHaveAttribute("data-state", "Stopped", { timeout: 15_000 });
  await page.screenshot({ path: `../target/screenshots/services-${info.project.name}.png`, fullPage: true });

  await go(page, info, "/appliance/services?state=stopped&q=perf");
  await expect(page.getByTestId("vmon-services").locator("tr[data-service]")).toHaveCount(1);
  await page.getByTestId("vmon-services").getByRole("button", { name: "Start perfcharts" }).click();
  // Back on the filtered page (stopped only): perfcharts is starting, so it is no longer listed.
  await expect(page.getByTestId("empty").first()).toBeVisible();
  await go(page, info, "/appliance/services?q=perf");
  await expect(page.getByTestId("vmon-services").locator('tr[data-service="perfcharts"] [data-state]').first()).toHaveAttribute("data-state", "Running", { timeout: 15_000 });
});

test("a vMon startup type persists, and a disabled service cannot be started", async ({ page }, info) => {
  await login(page, info, "/appliance/services?q=vcha");
  const row = () => page.getByTestId("vmon-services").locator('tr[data-service="vcha"]');
  await expect(row().getByTestId("startup-type")).toHaveValue("DISABLED");
  await expect(row().getByRole("button", { name: "Start vcha" })).toBeDisabled();
  await row().getByTestId("startup-type").selectOption("MANUAL");
  await row().getByRole("button", { name: "Save startup type of vcha" }).click();
  await expect(row().getByRole("button", { name: "Start vcha" })).toBeEnabled();
  await page.reload();
  await ready(page, info);
  await expect(row().getByTestId("startup-type")).toHaveValue("MANUAL");
  await row().getByTestId("startup-type").selectOption("DISABLED");
  await row().getByRole("button", { name: "Save startup type of vcha" }).click();
  await expect(row().getByRole("button", { name: "Start vcha" })).toBeDisabled();
});
