import { test, expect, Page, TestInfo } from "@playwright/test";
import { go, jsOn, ready, submitAndWait, submitLogin } from "./helpers";

// The VM list powers many VMs in one action: power off asks first, naming them; power on acts at once; each
// ends with every VM's outcome. Twenty running VMs are powered off, then on again, as they started. Hydrated
// and without JavaScript, each project on its own simulator.

async function select(page: Page, names: string[]) {
  for (const n of names) await page.getByLabel(`Select ${n}`, { exact: true }).check();
}

async function outcome(page: Page, info: TestInfo): Promise<string> {
  await expect(page.getByTestId("bulk-summary")).toBeVisible({ timeout: 20_000 });
  await ready(page, info);
  return (await page.getByTestId("bulk-summary").textContent())!.trim();
}

test("twenty VMs are powered off after a confirmation naming them, then powered on again", async ({ page }, info) => {
  test.setTimeout(90_000);
  await submitLogin(page, info);
  await expect(page).toHaveURL(/\/appliance\/summary$/);
  await go(page, info, "/inventory/vm?state=POWERED_ON&per=100");
  const rows = page.getByTestId("inventory-row");
  const names = (await rows.locator("td:nth-child(2)").allTextContents()).map((n) => n.trim()).slice(0, 20);
  expect(names).toHaveLength(20);

  // Nothing selected: said at once (in the browser, or by the server without JavaScript), nothing sent.
  if (jsOn(info)) {
    await page.getByTestId("bulk-power-start").click();
    await expect(page.getByTestId("select-first")).toHaveText("Select at least one object.");
  } else {
    await submitAndWait(page, info, page.getByTestId("bulk-power-start"));
    await expect(page.getByTestId("bulk-power-error")).toContainText("Select at least one object.");
  }

  await select(page, names);
  await submitAndWait(page, info, page.getByTestId("bulk-power-stop"));
  const confirm = page.getByTestId("confirm-panel");
  await expect(confirm).toContainText("Power off 20 virtual machines?");
  await expect(confirm).toContainText("like pulling its plug");
  await expect(page.getByTestId("bulk-confirm-names")).toContainText(names[0]);
  await expect(page.getByTestId("bulk-confirm-names")).toContainText("and 10 more");
  await page.screenshot({ path: `../target/screenshots/vm-bulk-power-confirm-${info.project.name}.png`, fullPage: true });
  await submitAndWait(page, info, page.getByTestId("bulk-confirm"));
  expect(await outcome(page, info)).toBe("20 powered off, 0 refused.");

  await go(page, info, "/inventory/vm?state=POWERED_OFF&per=100");
  await select(page, names);
  await submitAndWait(page, info, page.getByTestId("bulk-power-start"));
  expect(await outcome(page, info)).toBe("20 powered on, 0 refused.");
  await page.screenshot({ path: `../target/screenshots/vm-bulk-power-done-${info.project.name}.png`, fullPage: true });
  await go(page, info, "/inventory/vm?state=POWERED_OFF&per=100");
  for (const n of names) await expect(page.getByLabel(`Select ${n}`, { exact: true })).toHaveCount(0);
});
