import { expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, freshConsoleTest as test, ready, submitLogin } from "./helpers";

// Appliance › Storage: the disk-to-partition map; "Resize partitions…" after a confirmation shows each grown
// partition's size before and after. The simulator starts with /storage/log's disk enlarged by 10 GB: a resize
// grows that partition from 10,240 to 20,480 MB, and the next one finds nothing to resize. Each project runs
// this spec on a console of its own (a fresh simulator), so both see the seeded disk.

async function login(page: Page, info: TestInfo) {
  await submitLogin(page, info, USER, PASSWORD, "/login?next=/appliance/storage");
  await expect(page).toHaveURL(/\/appliance\/storage$/);
  await ready(page, info);
}

async function shoot(page: Page, name: string, info: TestInfo) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `../target/screenshots/storage-${name}-${scheme}-${info.project.name}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** Opens the confirmation, checks what it says, confirms; waits for the result in the URL. */
async function resize(page: Page, info: TestInfo) {
  await page.getByTestId("resize").click();
  await expect(page).toHaveURL(/confirm=resize/);
  await ready(page, info);
  const confirm = page.getByTestId("confirm-panel");
  await expect(confirm).toContainText("Resize the partitions?");
  await expect(confirm).toContainText("grows to fill the unallocated space");
  await expect(confirm).toContainText("cannot be undone");
  await page.getByTestId("confirm-resize").click();
  // The running resize, followed live with JavaScript and by reloading without; then its result.
  await expect(page.getByTestId("resizing")).toContainText("Resizing the partitions");
  await expect(page).toHaveURL(/\/appliance\/storage\?resized=/);
  await ready(page, info);
  await expect(page.getByTestId("confirm-panel")).toHaveCount(0);
}

test("the disk-to-partition map is listed and reached from the sidebar", async ({ page }, info) => {
  await login(page, info);
  await page.goto("/appliance/summary");
  await ready(page, info);
  await page.getByRole("navigation").getByRole("link", { name: "Storage", exact: true }).first().click();
  await expect(page).toHaveURL(/\/appliance\/storage$/);
  await ready(page, info);
  const rows = page.getByTestId("storage-row");
  await expect(rows).toHaveCount(16);
  const disks = new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-disk"))));
  expect(disks.size).toBe(15);
  await expect(rows.first()).toContainText("Hard disk 1");
  const log = page.locator('[data-testid="storage-row"][data-partition="log"]');
  await expect(log).toContainText("Hard disk 5");
  await expect(log).toContainText("/storage/log");
  await expect(page.locator('[data-testid="storage-row"][data-partition="root"]')).toContainText("Hard disk 1");
  await expect(page.locator('[data-testid="storage-row"][data-partition="swap"]')).toContainText("Hard disk 3");
  await shoot(page, "map", info);
});

test("resize after a confirmation shows sizes before and after, then nothing is left to resize", async ({ page }, info) => {
  await login(page, info);
  // Cancel leaves the confirmation without resizing.
  await page.getByTestId("resize").click();
  await expect(page.getByTestId("confirm-panel")).toBeVisible();
  await shoot(page, "confirm", info);
  await page.getByTestId("confirm-cancel").click();
  await expect(page).toHaveURL(/\/appliance\/storage$/);
  await expect(page.getByTestId("confirm-panel")).toHaveCount(0);
  await expect(page.getByTestId("resize-result")).toHaveCount(0);

  // The seeded disk: /storage/log grows by the 10 GB added to it, and nothing else changes.
  await resize(page, info);
  await expect(page.getByTestId("resize-result")).toBeVisible();
  await expect(page.getByTestId("nothing-resized")).toHaveCount(0);
  const log = page.locator('[data-testid="resized-row"][data-partition="log"]');
  await expect(page.getByTestId("resized-row")).toHaveCount(1);
  await expect(log.getByTestId("old-size")).toHaveText("10,240 MB");
  await expect(log.getByTestId("new-size")).toHaveText("20,480 MB");
  await expect(log).toContainText("+10,240 MB");
  await expect(page.locator('[data-testid="storage-row"][data-partition="log"]')).toContainText("grown to 20,480 MB");
  await shoot(page, "resized", info);

  // Resized once, the disk has no unallocated space left.
  await resize(page, info);
  await expect(page.getByTestId("nothing-resized")).toContainText("Nothing to resize");
  await expect(page.getByTestId("resize-result")).toHaveCount(0);
  await expect(page.getByText("grown to")).toHaveCount(0);
  await page.reload();
  await ready(page, info);
  await expect(page.getByTestId("nothing-resized")).toContainText("Nothing to resize");
  await shoot(page, "nothing", info);
});
