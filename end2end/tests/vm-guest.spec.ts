import { test, expect, Page, TestInfo } from "@playwright/test";
import { go, ready, submitAndWait, submitLogin } from "./helpers";

// A VM's guest, through VMware Tools: its file systems with how full each is; shut down (asked first) and the
// state it goes through; the operations disabled with the reason where the guest cannot take them (no Tools,
// powered off). Hydrated and without JavaScript, each project on its own simulator; the VM ends powered on,
// as it started.

/** The first running VMs' pages, until one with Tools running and one without are found. */
async function findGuests(page: Page, info: TestInfo): Promise<{ withTools: string; withoutTools: string }> {
  await go(page, info, "/inventory/vm?state=POWERED_ON");
  const links = await page.locator('[data-testid="inventory-row"] a[href^="/objects?"]').evaluateAll((as) => as.slice(0, 20).map((a) => a.getAttribute("href")!));
  let withTools = "", withoutTools = "";
  for (const href of links) {
    await go(page, info, href);
    const state = (await page.getByTestId("guest-state").textContent())?.trim();
    if (state === "Running" && !withTools) withTools = href;
    if (state === "Unavailable" && !withoutTools) withoutTools = href;
    if (withTools && withoutTools) break;
  }
  expect(withTools && withoutTools, "a running VM with Tools and one without among the first 20").toBeTruthy();
  return { withTools, withoutTools };
}

test("a guest is shut down after a confirmation, and its operations say why when it cannot take them", async ({ page }, info) => {
  test.setTimeout(60_000);
  await submitLogin(page, info);
  await expect(page).toHaveURL(/\/appliance\/summary$/);
  const { withTools, withoutTools } = await findGuests(page, info);

  // Without Tools: the three operations are there, disabled, and the reason is given.
  await go(page, info, withoutTools);
  for (const op of ["shutdown", "reboot", "standby"]) await expect(page.getByTestId(`guest-${op}`)).toBeDisabled();
  await expect(page.getByTestId("guest-unavailable")).toContainText("VMware Tools are not running");
  await expect(page.getByTestId("guest-shutdown")).toHaveAttribute("aria-describedby", "guest-unavailable");
  await expect(page.getByTestId("guest-filesystems")).toHaveCount(0);

  // With Tools: file systems with their use, and the operations offered.
  await go(page, info, withTools);
  const name = (await page.getByRole("heading", { level: 1 }).textContent())!.replace("Virtual machine: ", "").trim();
  const filesystems = page.getByTestId("filesystem");
  expect(await filesystems.count()).toBeGreaterThan(0);
  await expect(filesystems.first()).toContainText("% used");
  await expect(filesystems.first()).toContainText(/GiB|MiB/);
  await expect(page.getByTestId("guest-unavailable")).toHaveCount(0);
  await expect(page.getByTestId("guest-standby")).toBeEnabled();

  await page.getByTestId("guest-shutdown").click();
  await ready(page, info);
  const confirm = page.getByTestId("confirm-panel");
  await expect(confirm).toContainText(`Shut down guest OS of ${name}?`);
  await expect(confirm).toContainText("shuts its services down cleanly");
  await page.screenshot({ path: `../target/screenshots/vm-guest-confirm-${info.project.name}.png`, fullPage: true });
  await submitAndWait(page, info, page.getByTestId("confirm-guest-shutdown"));
  await expect(page.getByTestId("confirm-panel")).toHaveCount(0);
  await expect(page.getByTestId("guest-done")).toContainText("asked to shut down");
  await expect(page.getByTestId("guest-state")).toHaveText("Shutting down");
  await expect(page.getByTestId("guest-reboot")).toBeDisabled();
  await expect(page.getByTestId("guest-unavailable")).toContainText("shutting down");
  const power = page.getByTestId("vm-power");
  await expect(power.locator("[data-state]")).toHaveAttribute("data-state", "Powered on");

  // The guest takes a moment; then the VM is off, and its guest cannot be asked anything.
  await expect(async () => {
    await go(page, info, withTools);
    await expect(power.locator("[data-state]")).toHaveAttribute("data-state", "Powered off", { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId("guest-state")).toHaveText("Not running");
  await expect(page.getByTestId("guest-unavailable")).toContainText("not powered on");
  await expect(page.getByTestId("guest-filesystems")).toHaveCount(0);
  await page.screenshot({ path: `../target/screenshots/vm-guest-off-${info.project.name}.png`, fullPage: true });

  await submitAndWait(page, info, page.getByTestId("power-start"));
  await expect(power.locator("[data-state]")).toHaveAttribute("data-state", "Powered on");
  await expect(page.getByTestId("guest-state")).toHaveText("Running");
});
