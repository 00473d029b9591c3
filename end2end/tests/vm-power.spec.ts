import { test, expect } from "@playwright/test";
import { openPoweredOffVm, ready, submitAndWait } from "./helpers";

// A VM's page: power on at once; power off asks first and says what it does; the state follows. Hydrated and
// without JavaScript (each project on its own simulator); the VM ends powered off, as it started.

test("a VM is powered on, and powered off after a confirmation", async ({ page }, info) => {
  const { name } = await openPoweredOffVm(page, info, "first");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Virtual machine: ${name}`);
  const power = page.getByTestId("vm-power");
  await expect(power.locator("[data-state]")).toHaveAttribute("data-state", "Powered off");
  await expect(page.getByTestId("power-stop")).toHaveCount(0);

  await submitAndWait(page, info, page.getByTestId("power-start"));
  await expect(power.locator("[data-state]")).toHaveAttribute("data-state", "Powered on");
  await expect(page.getByTestId("power-done")).toHaveText(/Powered on\./);

  await page.getByTestId("power-stop").click();
  await ready(page, info);
  const confirm = page.getByTestId("confirm-panel");
  await expect(confirm).toContainText(`Power off ${name}?`);
  await expect(confirm).toContainText("like pulling its plug");
  await expect(power.locator("[data-state]")).toHaveAttribute("data-state", "Powered on");
  await page.screenshot({ path: `../target/screenshots/vm-power-confirm-${info.project.name}.png`, fullPage: true });
  await submitAndWait(page, info, page.getByTestId("confirm-power-stop"));
  await expect(page.getByTestId("confirm-panel")).toHaveCount(0);
  await expect(power.locator("[data-state]")).toHaveAttribute("data-state", "Powered off");
});
