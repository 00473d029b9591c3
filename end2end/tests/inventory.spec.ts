import { expect } from "@playwright/test";
import { consoleTest, go, ready, submitLogin } from "./helpers";

// A VM list of 10,000, past the 4,000 vCenter lists at once: read host by host, searched by any part of a
// name, sorted by any column and paged — hydrated and without JavaScript, on a console of its own.

const test = consoleTest({ VCONSOLE_SIM_VMS: "10000" });

test("among 10,000 VMs “web” finds every web VM, sorted by a column, a page at a time, the bulk bar in reach", async ({ page }, info) => {
  test.setTimeout(90_000);
  await submitLogin(page, info);
  await expect(page).toHaveURL(/\/appliance\/summary$/);
  await go(page, info, "/inventory/vm");
  await expect(page.getByTestId("list-count")).toHaveText("10000 virtual machines");
  await expect(page.getByTestId("split-listing")).toContainText("read host by host");
  await expect(page.getByTestId("too-many")).toHaveCount(0);
  await expect(page.getByTestId("inventory-row")).toHaveCount(100);

  await page.getByLabel("Name contains").fill("web");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await ready(page, info);
  await expect(page.getByTestId("list-count")).toHaveText("2000 of 10000 virtual machines match the name");
  await expect(page.getByTestId("page-of")).toHaveText("Page 1 of 20");
  const names = await page.getByTestId("inventory-row").locator("td:nth-child(2)").allTextContents();
  expect(names.length).toBe(100);
  expect(names.every((n) => n.startsWith("web-")), names.join(", ")).toBe(true);

  // Memory, largest first (two clicks: ascending, then descending); then the next page.
  await page.getByTestId("sort-link").filter({ hasText: "Memory" }).click();
  await ready(page, info);
  await expect(page.getByRole("columnheader", { name: /Memory/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(page.getByTestId("inventory-row").first()).toContainText("1 GiB");
  await page.getByTestId("sort-link").filter({ hasText: "Memory" }).click();
  await ready(page, info);
  await expect(page.getByRole("columnheader", { name: /Memory/ })).toHaveAttribute("aria-sort", "descending");
  await expect(page.getByTestId("inventory-row").first()).toContainText("4 GiB");
  await expect(page).toHaveURL(/name=web/);
  await page.getByTestId("next-page").click();
  await ready(page, info);
  await expect(page.getByTestId("page-of")).toHaveText("Page 2 of 20");
  await expect(page.getByTestId("list-count")).toHaveText("2000 of 10000 virtual machines match the name");

  // Scrolled to the last row, the bulk bar is still on screen.
  await page.getByTestId("inventory-row").last().scrollIntoViewIfNeeded();
  const bar = await page.getByTestId("bulk-bar").boundingBox();
  expect(bar, "the bulk bar").not.toBeNull();
  expect(bar!.y).toBeGreaterThanOrEqual(0);
  expect(bar!.y + bar!.height).toBeLessThanOrEqual(page.viewportSize()!.height);
  await page.screenshot({ path: `../target/screenshots/vm-search-10000-${info.project.name}.png` });
});
