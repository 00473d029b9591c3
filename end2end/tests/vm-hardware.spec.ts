import { test, expect } from "@playwright/test";
import { go, openPoweredOffVm, ready, submitAndWait } from "./helpers";

// A VM's CPU, memory and boot options: bad values are refused at their field and kept as typed; good ones are saved; once the
// VM runs, what vCenter allows only powered off is disabled with the reason. Hydrated and without JavaScript;
// the VM ends powered off, as it started.

test("CPU and memory are checked, saved, and locked with the reason while the VM runs", async ({ page }, info) => {
  test.setTimeout(60_000);
  const { name, summary } = await openPoweredOffVm(page, info, "last");
  await page.getByTestId("tab-hardware").click();
  await ready(page, info);
  await expect(page.getByTestId("tab-hardware")).toHaveAttribute("aria-current", "page");
  const vmPage = page.url();
  // Every device class has its section; the VM's first disk and network adapter with their backings.
  await expect(page.getByTestId("device-class")).toHaveCount(8);
  await expect(page.locator('[data-class="disks"] [data-testid="device"]').first()).toContainText(".vmdk");
  await expect(page.locator('[data-class="nics"] [data-testid="device"]').first()).toContainText("VMXNET3");
  await expect(page.locator('[data-class="floppies"]')).toContainText("No floppy drives.");

  await page.getByLabel("CPUs", { exact: true }).fill("0");
  await submitAndWait(page, info, page.getByTestId("cpu-save"));
  await expect(page.getByTestId("cpu-form")).toContainText("from 1 to 128 CPUs; 0 is not possible");
  await expect(page.getByLabel("CPUs", { exact: true })).toHaveValue("0");
  await page.getByLabel("CPUs", { exact: true }).fill("6");
  await page.getByLabel("Cores per socket").fill("4");
  await submitAndWait(page, info, page.getByTestId("cpu-save"));
  await expect(page.getByTestId("cpu-form")).toContainText("must be a multiple of the cores per socket");
  await expect(page.getByLabel("CPUs", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("CPUs", { exact: true })).toHaveValue("6");
  await expect(page.getByLabel("CPUs", { exact: true })).toBeFocused();

  await page.getByLabel("CPUs", { exact: true }).fill("8");
  await page.getByLabel("CPU hot add (add CPUs while it runs)").check();
  await page.getByLabel("CPU hot remove (remove CPUs while it runs)").uncheck();
  await submitAndWait(page, info, page.getByTestId("cpu-save"));
  await expect(page.getByTestId("cpu-saved")).toBeVisible();
  await expect(page.getByLabel("CPUs", { exact: true })).toHaveValue("8");
  await expect(page.getByLabel("Cores per socket")).toHaveValue("4");

  await page.getByLabel("Memory (MB)").fill("3001");
  await submitAndWait(page, info, page.getByTestId("memory-save"));
  await expect(page.getByTestId("memory-form")).toContainText("steps of 4 MB");
  await expect(page.getByLabel("Memory (MB)")).toHaveValue("3001");
  await page.getByLabel("Memory (MB)").fill("3072");
  await page.getByLabel("Memory hot add (add memory while it runs)").uncheck();
  await submitAndWait(page, info, page.getByTestId("memory-save"));
  await expect(page.getByTestId("memory-saved")).toBeVisible();
  await expect(page.getByLabel("Memory (MB)")).toHaveValue("3072");

  await page.getByLabel("Boot delay (ms)").fill("-1");
  await submitAndWait(page, info, page.getByTestId("boot-save"));
  await expect(page.getByTestId("boot-form")).toContainText("from 0 to 60000 milliseconds");
  await expect(page.getByLabel("Boot delay (ms)")).toHaveValue("-1");
  await page.getByLabel("Boot delay (ms)").fill("2000");
  await submitAndWait(page, info, page.getByTestId("boot-save"));
  await expect(page.getByTestId("boot-saved")).toBeVisible();
  await expect(page.getByLabel("Boot delay (ms)")).toHaveValue("2000");

  // Running: cores per socket and the switches are cold-only; CPUs may be added (hot add is on), memory not.
  await page.getByTestId("tab-summary").click();
  await ready(page, info);
  await expect(page.locator("main")).toContainText("8 (4 per socket)");
  await submitAndWait(page, info, page.getByTestId("power-start"));
  await go(page, info, vmPage);
  await expect(page.getByLabel("Cores per socket")).toBeDisabled();
  await expect(page.getByTestId("cpu-form")).toContainText("Only while the virtual machine is powered off.");
  await expect(page.getByLabel("CPUs", { exact: true })).toBeEnabled();
  await expect(page.getByTestId("cpu-form")).toContainText("CPUs can be added (hot add), not removed");
  await expect(page.getByLabel("Memory (MB)")).toBeDisabled();
  await expect(page.getByLabel("Firmware", { exact: true })).toBeDisabled();
  await expect(page.getByLabel("Boot delay (ms)")).toBeEnabled();
  await expect(page.getByTestId("memory-form")).toContainText("Memory hot add is not enabled");
  await page.screenshot({ path: `../target/screenshots/vm-hardware-running-${info.project.name}.png`, fullPage: true });
  await page.getByLabel("CPUs", { exact: true }).fill("12");
  await submitAndWait(page, info, page.getByTestId("cpu-save"));
  await expect(page.getByTestId("cpu-saved")).toBeVisible();
  await expect(page.getByLabel("CPUs", { exact: true })).toHaveValue("12");

  await go(page, info, `${summary}&confirm=stop`);
  await submitAndWait(page, info, page.getByTestId("confirm-power-stop"));
  await expect(page.getByTestId("vm-power").locator("[data-state]")).toHaveAttribute("data-state", "Powered off");
});
