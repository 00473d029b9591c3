import { test, expect } from "@playwright/test";
import { go, ready, submitAndWait, submitLogin } from "./helpers";

// A VM made from the New virtual machine form (a bad memory size refused at its field first, then reviewed in
// words, changed and reviewed again), then deleted after a confirmation that says its files go too. Hydrated and
// without JavaScript.

test("a VM is created from the form and deleted after a confirmation", async ({ page }, info) => {
  test.setTimeout(60_000);
  const name = `e2e-${info.project.name}`;
  await submitLogin(page, info);
  await expect(page).toHaveURL(/\/appliance\/summary$/);
  await go(page, info, "/inventory/vm");
  await page.getByTestId("new-vm").click();
  await ready(page, info);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New virtual machine");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Guest operating system").selectOption("UBUNTU_64");
  await page.getByLabel("Folder").selectOption({ label: "Web" });
  await page.getByLabel("Runs on").selectOption("cluster:domain-c40");
  await page.getByLabel("Datastore").selectOption("datastore-60");
  await page.getByLabel("Memory (MB)").fill("3000.5");
  await page.getByLabel("Network").selectOption("network-70");
  await submitAndWait(page, info, page.getByTestId("new-vm-save"));
  await expect(page.getByLabel("Memory (MB)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Memory (MB)")).toHaveValue("3000.5");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
  await page.getByLabel("Memory (MB)").fill("2048");
  await page.screenshot({ path: `../target/screenshots/vm-new-${info.project.name}.png`, fullPage: true });
  // The review says it all in words; Change goes back to the form as filled, Create makes it.
  await submitAndWait(page, info, page.getByTestId("new-vm-save"));
  const review = page.getByTestId("new-vm-review");
  await expect(review).toContainText("Ubuntu Linux (64-bit)");
  await expect(review).toContainText("2 GiB");
  await expect(review).toContainText("The client's device");
  await page.screenshot({ path: `../target/screenshots/vm-new-review-${info.project.name}.png`, fullPage: true });
  await page.getByTestId("new-vm-change").click();
  await ready(page, info);
  await expect(page.getByLabel("Memory (MB)")).toHaveValue("2048");
  await submitAndWait(page, info, page.getByTestId("new-vm-save"));
  await submitAndWait(page, info, page.getByTestId("new-vm-create"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Virtual machine: ${name}`);
  await expect(page.getByTestId("vm-created")).toHaveText(/Virtual machine created \(powered off\)\./);
  await expect(page.getByTestId("vm-power").locator("[data-state]")).toHaveAttribute("data-state", "Powered off");

  await page.getByTestId("delete-vm").click();
  await ready(page, info);
  await expect(page.getByTestId("confirm-panel")).toContainText("cannot be undone");
  await submitAndWait(page, info, page.getByTestId("confirm-delete-vm"));
  await expect(page).toHaveURL(/\/inventory\/vm\?deleted=/);
  await expect(page.getByTestId("vm-deleted")).toHaveText(new RegExp(`Deleted ${name} and its files\\.`));
  await go(page, info, `/inventory/vm?name=${name}`);
  await expect(page.getByTestId("inventory-row")).toHaveCount(0);
});
