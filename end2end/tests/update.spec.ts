import { expect, Locator, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, freshConsoleTest as test, ready, submitAndWait, submitLogin } from "./helpers";

// Appliance › Update: stage-and-install a pending update and follow its progress to the new version (also on
// the Summary), and a bad policy refused with a message and kept as typed — hydrated and with JavaScript
// disabled. Each project runs this spec on a console of its own (a fresh simulator at 6.7.0.44000 with two
// updates pending): the first test installs the oldest, 6.7.0.45100, which asks nothing; the second
// 6.7.0.46000, which asks for the Single Sign-On administrator password.

const OLDEST = "6.7.0.45100";
const WITH_PASSWORD = "6.7.0.46000";
const SSO = "Single Sign-On administrator password";

/** Compares dotted version numbers part by part, as numbers: 6.7.0.45100 is newer than 6.7.0.9999. */
function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => {
    expect(v, "a dotted version number").toMatch(/^\d+(\.\d+)*$/);
    return v.split(".").map(Number);
  });
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

async function login(page: Page, info: TestInfo) {
  await submitLogin(page, info, USER, PASSWORD, "/login?next=/appliance/update");
  await expect(page).toHaveURL(/\/appliance\/update$/);
  await ready(page, info);
}

/** The progress in per cent, or -1 while the page is (re)loading. */
async function progress(page: Page): Promise<number> {
  try {
    const text = await page.getByTestId("progress-text").textContent({ timeout: 500 });
    const m = /^(\d+) of (\d+)$/.exec(text ?? "");
    return m ? Math.round((100 * Number(m[1])) / Number(m[2])) : -1;
  } catch {
    return -1;
  }
}

/**
 * Checks the repository (a POST: the appliance contacts it; what it found comes back with the page, whose URL
 * names no check to repeat); returns the appliance's version and the pending updates, oldest first.
 */
async function listUpdates(page: Page, info: TestInfo): Promise<{ current: string; pending: Locator }> {
  const current = (await page.getByTestId("current-version").textContent())!.trim();
  await page.getByLabel("Look for updates").selectOption("LOCAL_AND_ONLINE");
  await page.getByRole("button", { name: "Check for updates" }).click();
  await expect(page).toHaveURL(/done=/);
  expect(page.url()).not.toMatch(/source=/);
  await ready(page, info);
  return { current, pending: page.getByTestId("pending-update") };
}

/** Opens an update's details (what it contains, its license, the services it stops) and runs its pre-update checks. */
async function detailsAndPrecheck(page: Page, info: TestInfo, update: Locator, version: string) {
  await update.getByRole("link", { name: `Details of ${version}` }).click();
  await ready(page, info);
  await expect(page.getByTestId("detail-version")).toHaveText(version);
  await expect(page.getByTestId("detail-contents")).toContainText("https://kb.vmware.com/");
  await expect(page.getByTestId("detail-reboot")).toHaveText("Yes");
  await expect(page.getByTestId("detail-eula")).toContainText("End user license agreement");

  // The pre-update checks: issues with their resolution, and the questions the install will ask.
  await page.getByTestId("run-precheck").click();
  await ready(page, info);
  await expect(page.getByTestId("precheck-issues")).toContainText("file-based backup");
  await expect(page.getByTestId("precheck-issues").locator('[data-severity="Warning"]')).toHaveCount(1);
  await expect(page.getByTestId("estimate-install")).toHaveText(/\d+ minutes/);
}

/** Opens the install confirmation: it names the update and asks for a backup. */
async function openConfirm(page: Page, info: TestInfo, version: string): Promise<Locator> {
  await page.getByTestId("stage-and-install").click();
  await ready(page, info);
  const confirm = page.getByTestId("confirm-panel");
  await expect(confirm).toContainText(`Stage and install update ${version}?`);
  await expect(confirm).toContainText("Take a backup");
  return confirm;
}

/** Clicks install without the license accepted: refused, and the confirmation stays. */
async function installRefusedWithoutEula(page: Page) {
  await page.getByTestId("confirm-panel").getByTestId("confirm-install").click();
  await expect(page.getByTestId("install-error")).toContainText("Accept the end user license agreement");
  // Said at the box itself, which takes the focus.
  const eula = page.getByTestId("confirm-panel").getByLabel("I accept the end user license agreement");
  await expect(eula).toHaveAttribute("aria-invalid", "true");
  await expect(eula).toBeFocused();
  await expect(page.getByTestId("confirm-panel")).toBeVisible();
}

/**
 * Accepts the license, installs, and follows the task to its end: with JavaScript by reading the state,
 * without by the page reloading itself. The progress bar moves, and the appliance ends at `version`.
 */
async function installAndFollow(page: Page, info: TestInfo, version: string, shots: string) {
  await page.getByTestId("confirm-panel").getByLabel("I accept the end user license agreement").check();
  await page.screenshot({ path: `../target/screenshots/update-confirm${shots}-${info.project.name}.png`, fullPage: true });
  await page.getByTestId("confirm-panel").getByTestId("confirm-install").click();

  await expect(page).toHaveURL(/\/appliance\/update$/);
  await expect(page.getByTestId("update-state")).toHaveAttribute("data-value", /IN_PROGRESS/);
  let first_seen = -1;
  await expect.poll(async () => (first_seen = await progress(page)), { timeout: 10_000 }).toBeGreaterThanOrEqual(0);
  await page.screenshot({ path: `../target/screenshots/update-progress${shots}-${info.project.name}.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await expect.poll(() => progress(page), { timeout: 20_000, message: "the progress bar moves" }).toBeGreaterThan(first_seen);
  await page.screenshot({ path: `../target/screenshots/update-progress${shots}-dark-${info.project.name}.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });

  await expect(page.getByTestId("current-version")).toHaveText(version, { timeout: 30_000 });
  await expect(page.getByTestId("update-state")).toHaveAttribute("data-value", /UP_TO_DATE|UPDATES_PENDING/);
  await expect(page.getByTestId("update-task")).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(page.getByTestId("progress-text")).toHaveText("100 of 100");
  await page.screenshot({ path: `../target/screenshots/update-done${shots}-${info.project.name}.png`, fullPage: true });

  // No longer pending, and the Summary shows the new version.
  await page.goto("/appliance/update");
  await ready(page, info);
  await listUpdates(page, info);
  await expect(page.getByTestId("current-version")).toHaveText(version);
  await expect(page.locator(`[data-testid="pending-update"][data-version="${version}"]`)).toHaveCount(0);
  await page.goto("/appliance/summary");
  await ready(page, info);
  await expect(page.getByTestId("version")).toHaveText(version);
}

test("stage and install an update: the progress bar moves and ends at the new version", async ({ page }, info) => {
  test.setTimeout(90_000);
  await login(page, info);

  // The fresh simulator offers two updates, oldest first, both newer than the appliance; take the oldest.
  const { current, pending } = await listUpdates(page, info);
  await expect(pending).toHaveCount(2);
  expect(await pending.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-version")))).toEqual([OLDEST, WITH_PASSWORD]);
  expect(compareVersions(OLDEST, current), `${OLDEST} is newer than ${current}`).toBe(1);
  expect(compareVersions(WITH_PASSWORD, OLDEST), `${WITH_PASSWORD} is newer than ${OLDEST}`).toBe(1);
  await page.screenshot({ path: `../target/screenshots/update-list-${info.project.name}.png`, fullPage: true });

  await detailsAndPrecheck(page, info, pending.first(), OLDEST);
  // This update asks nothing: no answers to validate, none asked at install.
  await expect(page.getByTestId("validate-form")).toHaveCount(0);
  await page.screenshot({ path: `../target/screenshots/update-precheck-${info.project.name}.png`, fullPage: true });

  const confirm = await openConfirm(page, info, OLDEST);
  await expect(confirm.getByTestId("question")).toHaveCount(0);
  await installRefusedWithoutEula(page);
  await installAndFollow(page, info, OLDEST, "");

  // One update is still pending: the software-packages health says so.
  await expect(page.getByTestId("health-software-packages-messages")).toContainText(`Security patches are available: ${WITH_PASSWORD}`);
});

test("an update that asks for the SSO password: a wrong one is refused, the right one installs it", async ({ page }, info) => {
  test.setTimeout(90_000);
  await login(page, info);

  const { current, pending } = await listUpdates(page, info);
  const update = page.locator(`[data-testid="pending-update"][data-version="${WITH_PASSWORD}"]`);
  await expect(update).toBeVisible();
  expect(compareVersions(WITH_PASSWORD, current), `${WITH_PASSWORD} is newer than ${current}`).toBe(1);
  await expect(pending.last()).toHaveAttribute("data-version", WITH_PASSWORD);

  // The pre-update checks list the question, and vCenter checks the answer.
  await detailsAndPrecheck(page, info, update, WITH_PASSWORD);
  const validate = () => page.getByTestId("validate-form");
  await expect(validate().getByTestId("question")).toHaveCount(1);
  await expect(validate().getByTestId("question")).toHaveAttribute("data-item", "vmdir.password");
  await validate().getByLabel(SSO).fill("not-the-password");
  await validate().getByRole("button", { name: "Validate the answers" }).click();
  await expect(page.getByTestId("validate-error")).toContainText("password of administrator@vsphere.local is incorrect");
  // The one question's answer is what vCenter refused: marked there, with the message under it.
  await expect(validate().getByLabel(SSO)).toHaveAttribute("aria-invalid", "true");
  await expect(validate().getByTestId("question").getByTestId("field-error")).toContainText("password of administrator@vsphere.local is incorrect");
  await expect(page.getByTestId("validated")).toHaveCount(0);
  await validate().getByLabel(SSO).fill(PASSWORD);
  await validate().getByRole("button", { name: "Validate the answers" }).click();
  await expect(page.getByTestId("validated")).toContainText("vCenter accepted the answers");
  await expect(page.getByTestId("validate-error")).toHaveCount(0);
  await page.screenshot({ path: `../target/screenshots/update-precheck-sso-${info.project.name}.png`, fullPage: true });

  // The confirmation asks the question again (a refused install may not keep the password: typed again).
  const confirm = await openConfirm(page, info, WITH_PASSWORD);
  await expect(confirm.getByTestId("question")).toHaveCount(1);
  await expect(confirm.getByTestId("question")).toHaveAttribute("data-item", "vmdir.password");
  await confirm.getByLabel(SSO).fill(PASSWORD);
  await installRefusedWithoutEula(page);
  await page.getByTestId("confirm-panel").getByLabel(SSO).fill(PASSWORD);
  await installAndFollow(page, info, WITH_PASSWORD, "-sso");

  // Nothing is left to install: the software-packages health has no message.
  await expect(page.getByTestId("health-software-packages")).toBeVisible();
  await expect(page.getByTestId("health-software-packages-messages")).toHaveCount(0);
});

test("a bad policy value is refused with a message and kept as typed", async ({ page }, info) => {
  await login(page, info);
  const form = page.getByTestId("policy-form");
  const url = form.getByLabel("Custom repository URL");
  const monday = form.getByRole("checkbox", { name: "Monday", exact: true });
  const minute = form.getByLabel("Monday minute");
  await url.fill("ftp://mirror.corp.local/vcsa");
  await monday.check();
  await form.getByLabel("Monday hour").fill("3");
  await minute.fill("75");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("policy-error")).toContainText("not an update repository URL");
  await expect(page.getByTestId("policy-form").getByLabel("Custom repository URL")).toHaveValue("ftp://mirror.corp.local/vcsa");
  await expect(page.getByTestId("policy-form").getByLabel("Monday minute")).toHaveValue("75");
  await expect(page.getByTestId("policy-form").getByRole("checkbox", { name: "Monday", exact: true })).toBeChecked();

  // The URL corrected, the minute is still refused, and says which day.
  await page.getByTestId("policy-form").getByLabel("Custom repository URL").fill("https://updates.corp.local/vcsa/6.7/");
  await page.getByTestId("policy-form").getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("policy-error")).toContainText("Monday: the minute must be a whole number from 0 to 59; “75” was given.");
  await expect(page.getByTestId("policy-form").getByLabel("Monday minute")).toHaveValue("75");
  await expect(page.getByTestId("policy-form").getByLabel("Custom repository URL")).toHaveValue("https://updates.corp.local/vcsa/6.7/");
  await page.screenshot({ path: `../target/screenshots/update-policy-error-${info.project.name}.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: `../target/screenshots/update-policy-error-dark-${info.project.name}.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });

  // Nothing was saved.
  await page.goto("/appliance/update");
  await ready(page, info);
  await expect(page.getByTestId("policy-form").getByLabel("Custom repository URL")).toHaveValue("");
  await expect(page.getByTestId("policy-form").getByRole("checkbox", { name: "Monday", exact: true })).not.toBeChecked();
  await expect(page.getByTestId("policy-form").getByRole("checkbox", { name: "Sunday", exact: true })).toBeChecked();
});

/** Submits the policy form and waits for vCenter's answer. */
async function save(page: Page, info: TestInfo) {
  await submitAndWait(page, info, page.getByTestId("policy-form").getByRole("button", { name: "Save" }));
}

test("a policy change persists across a reload, and is put back", async ({ page }, info) => {
  await login(page, info);
  const form = () => page.getByTestId("policy-form");
  await form().getByLabel("Custom repository URL").fill("https://updates.corp.local/vcsa/6.7/");
  await form().getByLabel("Repository user name").fill("mirror");
  await form().getByLabel("Repository password").fill("Mirr0r-pass");
  await form().getByRole("checkbox", { name: "Wednesday", exact: true }).check();
  await form().getByLabel("Wednesday hour").fill("4");
  await form().getByLabel("Wednesday minute").fill("15");
  await form().getByLabel("Stage the newest update automatically").check();
  await save(page, info);
  await expect(page.getByTestId("policy-saved")).toContainText("Update policy saved.");

  await page.goto("/appliance/update");
  await ready(page, info);
  await expect(form().getByLabel("Custom repository URL")).toHaveValue("https://updates.corp.local/vcsa/6.7/");
  await expect(form().getByLabel("Repository user name")).toHaveValue("mirror");
  await expect(form().getByLabel("Repository password"), "the password is never read back").toHaveValue("");
  await expect(form().getByRole("checkbox", { name: "Wednesday", exact: true })).toBeChecked();
  await expect(form().getByLabel("Wednesday hour")).toHaveValue("4");
  await expect(form().getByLabel("Wednesday minute")).toHaveValue("15");
  await expect(form().getByRole("checkbox", { name: "Sunday", exact: true })).toBeChecked();
  await expect(form().getByLabel("Stage the newest update automatically")).toBeChecked();

  // Back to the default repository, Sunday only, no automatic staging.
  await form().getByLabel("Custom repository URL").fill("");
  await form().getByLabel("Repository user name").fill("");
  await form().getByRole("checkbox", { name: "Wednesday", exact: true }).uncheck();
  await form().getByLabel("Stage the newest update automatically").uncheck();
  await save(page, info);
  await expect(page.getByTestId("policy-saved")).toBeVisible();
  await page.goto("/appliance/update");
  await ready(page, info);
  await expect(form().getByLabel("Custom repository URL")).toHaveValue("");
  await expect(form().getByRole("checkbox", { name: "Wednesday", exact: true })).not.toBeChecked();
  await expect(form().getByLabel("Stage the newest update automatically")).not.toBeChecked();
});
