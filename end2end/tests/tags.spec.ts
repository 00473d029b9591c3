import { test, expect, Page, TestInfo } from "@playwright/test";
import { go, jsOn, ready, submitAndWait, submitLogin } from "./helpers";

// Tags: categories, tags, bulk attach on the inventory, cardinality, detach, delete — run hydrated and with
// JavaScript disabled. Both runs share one simulator, so every name carries the project and a timestamp.

async function login(page: Page, info: TestInfo) {
  await submitLogin(page, info);
  await expect(page).toHaveURL(/\/appliance\/summary$/);
}

function unique(info: TestInfo, base: string): string {
  return `${base}-${info.project.name}-${Date.now() % 1_000_000}`;
}

async function createCategory(page: Page, info: TestInfo, name: string, cardinality: "SINGLE" | "MULTIPLE", types: string[]) {
  await go(page, info, "/tags/categories");
  const form = page.getByTestId("category-form");
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Description").fill(`Made by the ${info.project.name} test`);
  await form.getByLabel("Tags per object").selectOption(cardinality);
  for (const t of types) {
    await form.getByLabel(t, { exact: true }).check();
  }
  await form.getByRole("button", { name: "Create category" }).click();
}

async function createTag(page: Page, info: TestInfo, category: string, name: string) {
  await go(page, info, "/tags/tags");
  const form = page.getByTestId("tag-form");
  await form.getByLabel("Category").selectOption({ label: category });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Create tag" }).click();
  await expect(page.getByTestId("tag-group").filter({ hasText: category }).getByRole("link", { name: name, exact: true })).toBeVisible();
}

test("a SINGLE category: bulk attach, cardinality, detach, delete", async ({ page }, info) => {
  test.setTimeout(90_000);
  await login(page, info);
  const cat = unique(info, "Owner");
  await createCategory(page, info, cat, "SINGLE", ["Virtual machine"]);
  const row = page.getByTestId("category-row").filter({ hasText: cat });
  await expect(row).toContainText("One tag per object");
  await expect(row).toContainText("Virtual machine");
  await expect(row.getByTestId("tag-count")).toHaveText("0");

  await createTag(page, info, cat, "alice");
  await createTag(page, info, cat, "bob");

  // Bulk attach alice to three VMs from the filtered VM list.
  await go(page, info, "/inventory/vm?name=web-00");
  await expect(page.getByTestId("list-count")).toContainText("of 60 virtual machines match the name");
  const vms = ["web-001", "web-002", "web-003"];
  for (const vm of vms) {
    await page.getByLabel(`Select ${vm}`, { exact: true }).check();
  }
  if (jsOn(info)) {
    await expect(page.getByTestId("selected-count")).toHaveText("3 selected");
  }
  await page.locator("#bulk-tag").selectOption({ label: `${cat}: alice` });
  await page.getByTestId("bulk-attach").click();
  // The job's page: followed live with JavaScript, reloaded without; then each object's outcome.
  await expect(page).toHaveURL(/[?&]job=/);
  await expect(page.getByTestId("bulk-summary")).toHaveText("3 attached, 0 refused.");
  await expect(page.getByTestId("progress-text")).toHaveText("3 of 3");
  await ready(page, info);
  for (const vm of vms) {
    await expect(page.getByTestId("inventory-row").filter({ hasText: vm }).getByTestId("row-tags")).toContainText(`${cat}: alice`);
  }
  await expect(page.getByTestId("inventory-row").filter({ hasText: "web-004" }).getByTestId("row-tags")).not.toContainText(cat);
  await page.screenshot({ path: `../target/screenshots/vm-list-tagged-${info.project.name}.png`, fullPage: true });

  // bob is of the same one-tag-per-object category: refused for those VMs, with the rule explained.
  for (const vm of vms) {
    await expect(page.getByLabel(`Select ${vm}`, { exact: true }), "the selection does not outlive the action").not.toBeChecked();
    await page.getByLabel(`Select ${vm}`, { exact: true }).check();
  }
  await page.locator("#bulk-tag").selectOption({ label: `${cat}: bob` });
  await page.getByTestId("bulk-attach").click();
  await expect(page.getByTestId("bulk-summary")).toHaveText("0 attached, 3 refused.");
  // One rule refused all three: one line that counts and names them.
  await expect(page.getByTestId("bulk-failure")).toHaveCount(1);
  await expect(page.getByTestId("bulk-failure")).toContainText("allows one tag per object");
  await expect(page.getByTestId("bulk-failure-count")).toHaveText("3 objects");
  for (const vm of vms) {
    await expect(page.getByTestId("bulk-failure-names")).toContainText(vm);
  }
  await page.screenshot({ path: `../target/screenshots/bulk-refused-${info.project.name}.png`, fullPage: true });
  await ready(page, info);

  // The VM's own page does not offer bob; detach alice from web-002 there.
  await page.getByTestId("inventory-row").filter({ hasText: "web-002" }).getByRole("link", { name: "web-002" }).click();
  await ready(page, info);
  await expect(page.getByRole("heading", { name: "Virtual machine: web-002" })).toBeVisible();
  await page.getByTestId("tab-tags").click();
  await ready(page, info);
  await expect(page.getByRole("heading", { name: "Virtual machine: web-002 — Tags" })).toBeVisible();
  await expect(page.getByTestId("attached-tags")).toContainText("alice");
  const offered = await page.locator("#attach-tag option").allTextContents();
  expect(offered).not.toContain(`${cat}: bob`);
  expect(offered).not.toContain(`${cat}: alice`);
  await page.screenshot({ path: `../target/screenshots/object-${info.project.name}.png`, fullPage: true });
  await page.getByRole("button", { name: "Detach alice" }).click();
  await expect(page.getByTestId("attached-tags")).toHaveCount(0);
  // Now bob is offered again: attached here (one tag, one object: the single attach), then detached again.
  await expect(page.locator("#attach-tag option", { hasText: `${cat}: bob` })).toHaveCount(1);
  await page.locator("#attach-tag").selectOption({ label: `${cat}: bob` });
  await submitAndWait(page, info, page.getByTestId("attach-form").getByRole("button", { name: "Attach" }));
  await expect(page.getByTestId("attached-tags")).toContainText("bob");
  await page.getByRole("button", { name: "Detach bob" }).click();
  await expect(page.getByTestId("attached-tags")).toHaveCount(0);

  // The tag's page lists exactly the two objects left.
  await go(page, info, "/tags/tags");
  await page.getByTestId("tag-group").filter({ hasText: cat }).getByRole("link", { name: "alice" }).click();
  await ready(page, info);
  await expect(page.getByTestId("attached-count")).toHaveText("2 objects");
  await expect(page.getByTestId("attached-object")).toHaveCount(2);
  await expect(page.getByTestId("attached-objects")).toContainText("web-001");
  await expect(page.getByTestId("attached-objects")).toContainText("web-003");
  await expect(page.getByTestId("attached-objects")).not.toContainText("web-002");
  await page.screenshot({ path: `../target/screenshots/tag-${info.project.name}.png`, fullPage: true });
  const tagUrl = page.url();

  // Delete the category, after a confirmation that says what goes with it.
  await page.getByRole("link", { name: `Category ${cat}` }).click();
  await ready(page, info);
  await page.getByTestId("delete-category").click();
  await expect(page.getByTestId("confirm-panel")).toContainText("also deletes its 2 tags and removes 2 attachments");
  await page.screenshot({ path: `../target/screenshots/category-delete-confirm-${info.project.name}.png`, fullPage: true });
  await page.getByTestId("confirm-delete").click();
  await expect(page).toHaveURL(/\/tags\/categories$/);
  await expect(page.getByTestId("category-row").filter({ hasText: cat })).toHaveCount(0);
  await go(page, info, "/tags/tags");
  await expect(page.getByTestId("tag-group").filter({ hasText: cat })).toHaveCount(0);
  await go(page, info, tagUrl);
  await expect(page.getByRole("alert")).toContainText("Not found");
});

test("bad category input is refused with a message and nothing is created", async ({ page }, info) => {
  await login(page, info);
  await go(page, info, "/tags/categories");
  const count = async () => page.getByTestId("category-row").count();
  const before = await count();
  const form = page.getByTestId("category-form");
  const submit = () => form.getByRole("button", { name: "Create category" }).click();

  await form.getByLabel("Name").fill("   ");
  await submit();
  await expect(page.getByTestId("category-error")).toContainText("Enter a name for the category.");

  const long = "x".repeat(300);
  await form.getByLabel("Name").fill(long);
  await form.getByLabel("Description").fill("kept as typed");
  await submit();
  await expect(page.getByTestId("category-error")).toContainText("300 characters long; vCenter allows at most 256");
  await expect(form.getByLabel("Name")).toHaveValue(long);
  await expect(form.getByLabel("Description")).toHaveValue("kept as typed");
  expect(await count()).toBe(before);

  const name = unique(info, "Dup");
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Description").fill("");
  await submit();
  await expect(page.getByTestId("category-row").filter({ hasText: name })).toHaveCount(1);
  await form.getByLabel("Name").fill(name);
  await submit();
  await expect(page.getByTestId("category-error")).toContainText(`A category named '${name}' already exists.`);
  await expect(form.getByLabel("Name")).toHaveValue(name);
  await expect(page.getByTestId("category-row").filter({ hasText: name })).toHaveCount(1);

  // Markup in a name is a name: shown as text, never interpreted.
  const html = `<b>bold</b><img src=x onerror=alert(1)>-${info.project.name}-${Date.now() % 1_000_000}`;
  await form.getByLabel("Name").fill(html);
  await submit();
  const row = page.getByTestId("category-row").filter({ hasText: html });
  await expect(row).toHaveCount(1);
  await expect(page.getByTestId("category-table").locator("b, img")).toHaveCount(0);
  await page.screenshot({ path: `../target/screenshots/categories-${info.project.name}.png`, fullPage: true });
});

test("the tag form refuses a duplicate and an empty name, keeping what was typed", async ({ page }, info) => {
  await login(page, info);
  const cat = unique(info, "Env");
  await createCategory(page, info, cat, "MULTIPLE", []);
  await createTag(page, info, cat, "prod");
  const form = page.getByTestId("tag-form");
  // After a tag is created its category stays chosen: the next tag of it needs only a name.
  await expect(page.getByTestId("tag-created")).toBeVisible();
  await expect(form.getByLabel("Category").locator("option:checked")).toHaveText(cat);
  await form.getByLabel("Name").fill("stage");
  await form.getByRole("button", { name: "Create tag" }).click();
  await expect(page.getByTestId("tag-group").filter({ hasText: cat }).getByRole("link", { name: "stage", exact: true })).toBeVisible();
  await expect(page.getByTestId("tag-error")).toHaveCount(0);
  await form.getByLabel("Category").selectOption({ label: cat });
  await form.getByLabel("Name").fill("prod");
  await form.getByLabel("Description").fill("second prod");
  await form.getByRole("button", { name: "Create tag" }).click();
  await expect(page.getByTestId("tag-error")).toContainText("already exists in this category");
  await expect(form.getByLabel("Description")).toHaveValue("second prod");
  await form.getByLabel("Category").selectOption({ label: cat });
  await form.getByLabel("Name").fill("");
  await form.getByRole("button", { name: "Create tag" }).click();
  await expect(page.getByTestId("tag-error")).toContainText("Enter a name for the tag.");
  await expect(form.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Name")).toBeFocused();
  await expect(form.getByLabel("Name")).toHaveAccessibleDescription(/Enter a name for the tag\./);
  await expect(page.getByTestId("tag-group").filter({ hasText: cat }).getByTestId("tag-chip")).toHaveCount(2);
  await page.screenshot({ path: `../target/screenshots/tags-${info.project.name}.png`, fullPage: true });
});

test("the VM list needs a filter past vCenter's cap and shows the Tags column", async ({ page }, info) => {
  await login(page, info);
  await go(page, info, "/inventory/host");
  await expect(page.getByTestId("inventory-row")).toHaveCount(8);
  await page.getByLabel("Connection").selectOption("DISCONNECTED");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByTestId("inventory-row")).toHaveCount(1);
  await expect(page.getByTestId("inventory-row")).toContainText("esx-dr-02.west.lab");
  await go(page, info, "/inventory/vm?cluster=domain-c42&state=SUSPENDED");
  await expect(page.getByTestId("inventory-row").first()).toContainText("Suspended");
  await page.screenshot({ path: `../target/screenshots/vm-list-${info.project.name}.png`, fullPage: true });
});

test("tag pages follow dark mode", async ({ page }, info) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await login(page, info);
  await go(page, info, "/inventory/vm?folder=group-v31");
  const bg = await page.getByTestId("inventory-table").evaluate((el) => getComputedStyle(el).backgroundColor);
  // slate-900 (a dark colour), not white.
  const [r, g, b] = bg.match(/[\d.]+/g)!.map(Number);
  expect(r + g + b).toBeLessThan(150);
  await page.screenshot({ path: `../target/screenshots/vm-list-dark-${info.project.name}.png`, fullPage: true });
  await go(page, info, "/tags/categories");
  await page.screenshot({ path: `../target/screenshots/categories-dark-${info.project.name}.png`, fullPage: true });
});

test("a tag's page attaches it to many objects and detaches it from many", async ({ page }, info) => {
  await login(page, info);
  const cat = unique(info, "Team");
  await createCategory(page, info, cat, "MULTIPLE", []);
  await createTag(page, info, cat, "ops");
  await page.getByTestId("tag-group").filter({ hasText: cat }).getByRole("link", { name: "ops", exact: true }).click();
  await ready(page, info);
  await expect(page.getByTestId("attached-count")).toHaveText("0 objects");
  const tagUrl = page.url().split("?")[0];
  // Pick hosts in the tag page's own inventory browser.
  await go(page, info, `${tagUrl}?kind=host&cluster=domain-c40`);
  const browser = page.getByTestId("attach-card");
  await expect(browser.getByTestId("inventory-row")).toHaveCount(3);
  for (const h of ["esx-prod-01.east.lab", "esx-prod-02.east.lab", "esx-prod-03.east.lab"]) {
    await browser.getByLabel(`Select ${h}`, { exact: true }).check();
  }
  await browser.getByTestId("bulk-attach").click();
  await expect(browser.getByTestId("bulk-summary")).toHaveText("3 attached, 0 refused.");
  await ready(page, info);
  await expect(page.getByTestId("attached-count")).toHaveText("3 objects");
  await expect(page.getByTestId("attached-objects")).toContainText("Host");
  // Detach two from the attached list.
  const attached = page.getByTestId("detach-form");
  await attached.getByLabel("Select esx-prod-01.east.lab", { exact: true }).check();
  await attached.getByLabel("Select esx-prod-03.east.lab", { exact: true }).check();
  await attached.getByTestId("detach-selected").click();
  await expect(page.getByTestId("attached-count")).toHaveText("1 object");
  await expect(page.getByTestId("attached-objects")).toContainText("esx-prod-02.east.lab");
  await expect(attached.getByLabel("Select esx-prod-02.east.lab", { exact: true })).not.toBeChecked();
  // The inventory below shows the change too.
  await expect(browser.getByTestId("inventory-row").filter({ hasText: "esx-prod-01" }).getByTestId("row-tags")).not.toContainText("ops");
  await expect(browser.getByTestId("inventory-row").filter({ hasText: "esx-prod-02" }).getByTestId("row-tags")).toContainText("ops");
  await page.screenshot({ path: `../target/screenshots/tag-hosts-${info.project.name}.png`, fullPage: true });
});

test("a bulk action with nothing selected is refused with the reason, in the browser when it can", async ({ page }, info) => {
  await login(page, info);
  await go(page, info, "/inventory/vm");
  const first = page.getByTestId("inventory-row").first().getByRole("checkbox");
  await page.getByTestId("bulk-attach").click();
  if (jsOn(info)) {
    // Stopped before anything is sent: no job, the page stays as it was, the focus on the first row's box.
    await expect(page.getByTestId("select-first")).toHaveText("Select at least one object.");
    await expect(page).not.toHaveURL(/job=|__err=/);
    await expect(first).toBeFocused();
    await first.check();
    await expect(page.getByTestId("select-first")).toHaveCount(0);
    // Then the tag is missing, said the same way.
    await page.getByTestId("bulk-attach").click();
    await expect(page.getByTestId("select-first")).toHaveText("Choose a tag.");
    await expect(page.getByLabel("Tag", { exact: true })).toBeFocused();
  } else {
    // The server refuses it the same way, at the first row's box.
    await expect(page.getByTestId("bulk-error")).toContainText("Select at least one object.");
    await expect(first).toHaveAttribute("aria-invalid", "true");
    await expect(first).toBeFocused();
  }
});
