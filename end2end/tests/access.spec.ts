import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, ready, submitLogin } from "./helpers";

// Appliance › Access: toggles that persist, the shell's time-out checked and kept as typed — hydrated and
// with JavaScript disabled. Each test leaves the settings as it found them (both runs share a simulator).

async function login(page: Page, info: TestInfo) {
  await submitLogin(page, info, USER, PASSWORD, "/login?next=/appliance/access");
  await expect(page).toHaveURL(/\/appliance\/access$/);
  await ready(page, info);
}

test("SSH is switched on, stays on after a reload, and back off", async ({ page }, info) => {
  await login(page, info);
  const ssh = page.getByTestId("access-ssh");
  await expect(ssh.locator("[data-state]")).toHaveAttribute("data-state", "Disabled");
  await ssh.getByRole("button", { name: "Enable SSH login" }).click();
  await expect(ssh.locator("[data-state]")).toHaveAttribute("data-state", "Enabled");
  await page.reload();
  await ready(page, info);
  await expect(page.getByTestId("access-ssh").locator("[data-state]")).toHaveAttribute("data-state", "Enabled");
  await expect(page.getByTestId("access-dcui").locator("[data-state]")).toHaveAttribute("data-state", "Enabled");
  await page.screenshot({ path: `../target/screenshots/access-${info.project.name}.png`, fullPage: true });
  await page.getByTestId("access-ssh").getByRole("button", { name: "Disable SSH login" }).click();
  await expect(page.getByTestId("access-ssh").locator("[data-state]")).toHaveAttribute("data-state", "Disabled");
});

test("the shell's time-out is checked before sending and kept as typed", async ({ page }, info) => {
  await login(page, info);
  const form = page.getByTestId("shell-form");
  await form.getByLabel("Enable the BASH shell").check();
  await form.getByLabel("Time-out (minutes)").fill("2000");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("shell-error")).toContainText("between 1 and 1440 minutes");
  await expect(form.getByLabel("Time-out (minutes)")).toHaveValue("2000");
  await expect(page.getByTestId("shell-state").locator("[data-state]")).toHaveAttribute("data-state", "Disabled");

  await form.getByLabel("Enable the BASH shell").check();
  await form.getByLabel("Time-out (minutes)").fill("30");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("shell-state")).toContainText("Turns itself off in");
  await page.reload();
  await ready(page, info);
  await expect(page.getByTestId("shell-state").locator("[data-state]")).toHaveAttribute("data-state", "Enabled");
  await expect(page.getByTestId("shell-form").getByLabel("Time-out (minutes)")).toHaveValue("30");
  await page.screenshot({ path: `../target/screenshots/access-shell-${info.project.name}.png`, fullPage: true });
  await page.getByTestId("shell-form").getByLabel("Enable the BASH shell").uncheck();
  await page.getByTestId("shell-form").getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("shell-state").locator("[data-state]")).toHaveAttribute("data-state", "Disabled");
});
