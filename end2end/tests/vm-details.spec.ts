import { test, expect } from "@playwright/test";
import { openPoweredOffVm, ready } from "./helpers";

// A VM's Details tab, hydrated and without JavaScript: the VM-wide settings (power, version, CPU, memory,
// boot, boot order) and each device class, every field under the API's own name, read part by part.

test("every field of a VM's settings and devices, part by part", async ({ page }, info) => {
  await openPoweredOffVm(page, info, 2);
  await page.getByTestId("tab-details").click();
  await ready(page, info);
  const sections = page.getByTestId("details-sections");
  await expect(page.getByTestId("part-settings")).toHaveAttribute("aria-current", "page");
  await expect(sections.locator("section")).toHaveCount(6);
  await expect(sections.locator("[data-field='state']").first()).toHaveText("POWERED_OFF");
  await expect(sections.locator("[data-field='size_MiB']")).toHaveText(/^\d+$/);
  await expect(sections.locator("[data-field='version']")).toHaveText(/^VMX_\d+$/);

  await page.getByTestId("part-disk").click();
  await ready(page, info);
  await expect(sections.locator("section").first()).toContainText("Hard disk 1");
  await expect(sections.locator("[data-field='backing.vmdk_file']").first()).toHaveText(/^\[.+\] .+\.vmdk$/);
  await expect(sections.locator("[data-field='capacity']").first()).toHaveText(/^\d+$/);
  await page.getByTestId("part-nic").click();
  await ready(page, info);
  await expect(sections.locator("[data-field='mac_address']").first()).toHaveText(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i);
  await page.screenshot({ path: `../target/screenshots/vm-details-${info.project.name}.png`, fullPage: true });
  // A class the VM has none of says so.
  await page.getByTestId("part-parallel").click();
  await ready(page, info);
  await expect(page.getByTestId("details-none")).toHaveText("This virtual machine has no parallel ports.");
});
