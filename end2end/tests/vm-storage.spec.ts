import { test, expect } from "@playwright/test";
import { go, ready, submitAndWait, submitLogin } from "./helpers";

// A VM's Storage policy tab: its home and disk given policies, the compliance out of date until checked, then
// checked — the disk whose policy does not suit its VMFS datastore is not compliant and says why. Hydrated and
// without JavaScript.

test("storage policies are set and their compliance checked", async ({ page }, info) => {
  await submitLogin(page, info);
  await expect(page).toHaveURL(/\/appliance\/summary$/);
  await go(page, info, "/inventory/vm?name=db-");
  const row = page.getByTestId("inventory-row").first();
  const name = (await row.locator("td:nth-child(2)").textContent())!.trim();
  await row.getByRole("link", { name }).click();
  await ready(page, info);
  await page.getByTestId("tab-storage").click();
  await ready(page, info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Virtual machine: ${name} — Storage policy`);
  await page.getByLabel("VM home (configuration files)").selectOption({ label: "Gold (VMFS)" });
  await page.getByLabel("Hard disk 1").selectOption({ label: "vSAN Default Storage Policy" });
  await submitAndWait(page, info, page.getByTestId("storage-policy-save"));
  await expect(page.getByTestId("storage-done")).toContainText("Storage policies saved.");
  await expect(page.getByTestId("overall-compliance")).toContainText("Out of date");
  await submitAndWait(page, info, page.getByTestId("check-compliance"));
  await expect(page.getByTestId("storage-done")).toContainText("Compliance checked.");
  await expect(page.getByTestId("overall-compliance")).toContainText("Not compliant");
  const rows = page.getByTestId("compliance-row");
  await expect(rows.nth(0)).toHaveAttribute("data-status", "COMPLIANT");
  await expect(rows.nth(1)).toHaveAttribute("data-status", "NON_COMPLIANT");
  await expect(rows.nth(1)).toContainText("does not satisfy");
  await page.screenshot({ path: `../target/screenshots/vm-storage-${info.project.name}.png`, fullPage: true });
});
