import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, go, ready, submitLogin } from "./helpers";

// vCenter › Services (vcenter/services): stop a service after a confirmation and follow it to Stopped, start
// it again; a startup type persists; a disabled service cannot be started. Hydrated and without JavaScript;
// each test puts back what it changed (and uses services Appliance › Services' tests leave alone).

async function login(page: Page, info: TestInfo, next: string) {
  await submitLogin(page, info, USER, PASSWORD, `/login?next=${encodeURIComponent(next)}`);
  await ready(page, info);
}

test("stop a vCenter service after a confirmation, then start it", async ({ page }, info) => {
  test.setTimeout(60_000);
  await login(page, info, "/vcenter/services?q=vsm");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("vCenter Server services");
  const rows = page.getByTestId("vmon-services").locator("tr[data-service]");
  await expect(rows).toHaveCount(1);
  const row = () => page.getByTestId("vmon-services").locator('tr[data-service="vsm"]');
  await expect(row().locator("[data-state]").first()).toHaveAttribute("data-state", "Running");
  await row().getByRole("link", { name: "Stop vsm" }).click();
  await expect(page.getByTestId("confirm-panel")).toContainText("Stop VMware vService Manager?");
  await page.getByTestId("confirm-control").click();
  await expect(page).toHaveURL(/\/vcenter\/services\?q=vsm$/);
  await expect(row().locator("[data-state]").first()).toHaveAttribute("data-state", "Stopped", { timeout: 15_000 });
  await page.screenshot({ path: `../target/screenshots/vcenter-services-${info.project.name}.png`, fullPage: true });
  await row().getByRole("button", { name: "Start vsm" }).click();
  await go(page, info, "/vcenter/services?q=vsm");
  await expect(row().locator("[data-state]").first()).toHaveAttribute("data-state", "Running", { timeout: 15_000 });
});

test("a vCenter service's startup type persists; disabled, it cannot be started", async ({ page }, info) => {
  await login(page, info, "/vcenter/services?q=rbd");
  const row = () => page.getByTestId("vmon-services").locator('tr[data-service="rbd"]');
  await expect(row().getByTestId("startup-type")).toHaveValue("MANUAL");
  await expect(row().getByRole("button", { name: "Start rbd" })).toBeEnabled();
  await row().getByTestId("startup-type").selectOption("DISABLED");
  await row().getByRole("button", { name: "Save startup type of rbd" }).click();
  await expect(row().getByRole("button", { name: "Start rbd" })).toBeDisabled();
  await go(page, info, "/vcenter/services?q=rbd");
  await expect(row().getByTestId("startup-type")).toHaveValue("DISABLED");
  await row().getByTestId("startup-type").selectOption("MANUAL");
  await row().getByRole("button", { name: "Save startup type of rbd" }).click();
  await expect(row().getByRole("button", { name: "Start rbd" })).toBeEnabled();
});
