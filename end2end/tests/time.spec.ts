import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, ready, submitLogin } from "./helpers";

// Appliance › Time: the time zone and the synchronization settings persist; bad NTP servers are refused with
// a message and the form keeps what was typed; the NTP test shows each server's status. Hydrated and
// without JavaScript; each test puts back what it changed.

async function login(page: Page, info: TestInfo) {
  await submitLogin(page, info, USER, PASSWORD, "/login?next=/appliance/time");
  await expect(page).toHaveURL(/\/appliance\/time$/);
  await ready(page, info);
}

async function reload(page: Page, info: TestInfo) {
  await page.reload();
  await ready(page, info);
}

test("the time zone is chosen from the list and persists", async ({ page }, info) => {
  await login(page, info);
  await expect(page.getByTestId("current-timezone")).toHaveText("UTC");
  const form = page.getByTestId("timezone-form");
  await form.getByLabel("Time zone").selectOption("Europe/Berlin");
  await form.getByRole("button", { name: "Save time zone" }).click();
  await expect(page.getByTestId("current-timezone")).toHaveText("Europe/Berlin");
  await reload(page, info);
  await expect(page.getByTestId("current-timezone")).toHaveText("Europe/Berlin");
  await expect(page.getByTestId("timezone-form").getByLabel("Time zone")).toHaveValue("Europe/Berlin");
  await page.screenshot({ path: `../target/screenshots/time-${info.project.name}.png`, fullPage: true });
  await page.getByTestId("timezone-form").getByLabel("Time zone").selectOption("UTC");
  await page.getByTestId("timezone-form").getByRole("button", { name: "Save time zone" }).click();
  await expect(page.getByTestId("current-timezone")).toHaveText("UTC");
});

test("NTP servers: a bad one is refused and kept as typed; good ones and the mode persist", async ({ page }, info) => {
  await login(page, info);
  const form = () => page.getByTestId("timesync-form");
  const original = await form().getByLabel("NTP servers", { exact: true }).inputValue();
  await form().getByLabel("NTP servers", { exact: true }).fill("ntp1.corp.local\nbad_name");
  await form().getByRole("button", { name: "Save synchronization" }).click();
  await expect(page.getByTestId("timesync-error")).toContainText("“bad_name” is not a valid host name or IP address");
  await expect(form().getByLabel("NTP servers", { exact: true })).toHaveValue("ntp1.corp.local\nbad_name");

  await form().getByLabel(/^Host:/).check();
  await form().getByLabel("NTP servers", { exact: true }).fill("ntp1.corp.local\n10.1.1.1");
  await form().getByRole("button", { name: "Save synchronization" }).click();
  await expect(page.getByTestId("current-mode")).toContainText("Host");
  await reload(page, info);
  await expect(page.getByTestId("current-mode")).toContainText("Host");
  await expect(form().getByLabel(/^Host:/)).toBeChecked();
  await expect(form().getByLabel("NTP servers", { exact: true })).toHaveValue("ntp1.corp.local\n10.1.1.1");

  await form().getByLabel(/^NTP:/).check();
  await form().getByLabel("NTP servers", { exact: true }).fill(original);
  await form().getByRole("button", { name: "Save synchronization" }).click();
  await expect(page.getByTestId("current-mode")).toContainText("NTP");
});

test("the NTP test shows each server's status", async ({ page }, info) => {
  await login(page, info);
  const form = page.getByTestId("ntp-test-form");
  await form.getByLabel("Servers to test").fill("ntp1.corp.local\nntp.unreachable.invalid");
  await form.getByRole("button", { name: "Test" }).click();
  const results = page.getByTestId("ntp-results");
  await expect(results.locator('tr[data-server="ntp1.corp.local"] [data-state]')).toHaveAttribute("data-state", "Reachable");
  await expect(results.locator('tr[data-server="ntp.unreachable.invalid"] [data-state]')).toHaveAttribute("data-state", "Unreachable");
  await expect(results).toContainText("Could not reach NTP server ntp.unreachable.invalid");
  await page.screenshot({ path: `../target/screenshots/time-ntp-test-${info.project.name}.png`, fullPage: true });
});
