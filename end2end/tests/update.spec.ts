import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, jsOn, ready, submitAndWait, submitLogin } from "./helpers";

// Appliance › Update: stage-and-install the oldest pending update and follow its progress to the new
// version (also on the Summary), and a bad policy refused with a message and kept as typed — hydrated and
// with JavaScript disabled. Both runs share one simulator, so the flow installs whatever is pending first:
// the first run the 6.7.0.45100 patch, the second 6.7.0.46000, which asks for the SSO password.

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

test("stage and install an update: the progress bar moves and ends at the new version", async ({ page }, info) => {
  test.setTimeout(90_000);
  await login(page, info);
  const before = (await page.getByTestId("current-version").textContent())!.trim();

  // Check the repository (a GET form) and take the oldest pending update.
  await page.getByLabel("Look for updates").selectOption("LOCAL_AND_ONLINE");
  await page.getByRole("button", { name: "List updates" }).click();
  await expect(page).toHaveURL(/source=LOCAL_AND_ONLINE/);
  await ready(page, info);
  const first = page.getByTestId("pending-update").first();
  await expect(first, "the simulator has an update pending (start a fresh console)").toBeVisible();
  const version = (await first.getAttribute("data-version"))!;
  expect(version > before, `${version} is newer than ${before}`).toBeTruthy();
  await page.screenshot({ path: `../target/screenshots/update-list-${info.project.name}.png`, fullPage: true });

  // Its details: what it contains, its license, the services it stops.
  await first.getByRole("link", { name: `Details of ${version}` }).click();
  await ready(page, info);
  await expect(page.getByTestId("detail-version")).toHaveText(version);
  await expect(page.getByTestId("detail-contents")).toContainText("https://kb.vmware.com/");
  await expect(page.getByTestId("detail-reboot")).toHaveText("Yes");
  await expect(page.getByTestId("detail-eula")).toContainText("End user license agreement");

  // The pre-update checks: issues with their resolution, and the questions the install will ask, whose
  // answers vCenter checks.
  await page.getByTestId("run-precheck").click();
  await ready(page, info);
  await expect(page.getByTestId("precheck-issues")).toContainText("file-based backup");
  await expect(page.getByTestId("precheck-issues").locator('[data-severity="Warning"]')).toHaveCount(1);
  await expect(page.getByTestId("estimate-install")).toHaveText(/\d+ minutes/);
  const validate = page.getByTestId("validate-form");
  if (await validate.count()) {
    await validate.getByLabel("Single Sign-On administrator password").fill("not-the-password");
    await validate.getByRole("button", { name: "Validate the answers" }).click();
    await expect(page.getByTestId("validate-error")).toContainText("password of administrator@vsphere.local is incorrect");
    await page.getByTestId("validate-form").getByLabel("Single Sign-On administrator password").fill(PASSWORD);
    await page.getByTestId("validate-form").getByRole("button", { name: "Validate the answers" }).click();
    await expect(page.getByTestId("validated")).toContainText("vCenter accepted the answers");
  }
  await page.screenshot({ path: `../target/screenshots/update-precheck-${info.project.name}.png`, fullPage: true });

  // The confirmation asks what the update needs.
  await page.getByTestId("stage-and-install").click();
  await ready(page, info);
  const confirm = page.getByTestId("confirm-panel");
  await expect(confirm).toContainText(`Stage and install update ${version}?`);
  await expect(confirm).toContainText("Take a backup");
  const questions = confirm.getByTestId("question");
  for (let i = 0; i < (await questions.count()); i++) {
    const q = questions.nth(i);
    expect(await q.getAttribute("data-item")).toBe("vmdir.password");
    await q.getByLabel("Single Sign-On administrator password").fill(PASSWORD);
  }
  // Without the license accepted, nothing starts.
  await confirm.getByTestId("confirm-install").click();
  await expect(page.getByTestId("install-error")).toContainText("Accept the end user license agreement");
  await expect(page.getByTestId("confirm-panel")).toBeVisible();
  if (await questions.count()) {
    await page.getByTestId("confirm-panel").getByLabel("Single Sign-On administrator password").fill(PASSWORD);
  }
  await page.getByTestId("confirm-panel").getByLabel("I accept the end user license agreement").check();
  await page.screenshot({ path: `../target/screenshots/update-confirm-${info.project.name}.png`, fullPage: true });
  await page.getByTestId("confirm-panel").getByTestId("confirm-install").click();

  // The page follows the task: with JavaScript by reading the state, without by reloading itself.
  await expect(page).toHaveURL(/\/appliance\/update$/);
  await expect(page.getByTestId("update-state")).toHaveAttribute("data-value", /IN_PROGRESS/);
  let first_seen = -1;
  await expect.poll(async () => (first_seen = await progress(page)), { timeout: 10_000 }).toBeGreaterThanOrEqual(0);
  await page.screenshot({ path: `../target/screenshots/update-progress-${info.project.name}.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await expect.poll(() => progress(page), { timeout: 20_000, message: "the progress bar moves" }).toBeGreaterThan(first_seen);
  await page.screenshot({ path: `../target/screenshots/update-progress-dark-${info.project.name}.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });

  await expect(page.getByTestId("current-version")).toHaveText(version, { timeout: 30_000 });
  await expect(page.getByTestId("update-state")).toHaveAttribute("data-value", /UP_TO_DATE|UPDATES_PENDING/);
  await expect(page.getByTestId("update-task")).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(page.getByTestId("progress-text")).toHaveText("100 of 100");
  await page.screenshot({ path: `../target/screenshots/update-done-${info.project.name}.png`, fullPage: true });

  // No longer pending, and the Summary shows the new version.
  await page.goto("/appliance/update?source=LOCAL_AND_ONLINE");
  await ready(page, info);
  await expect(page.getByTestId("current-version")).toHaveText(version);
  await expect(page.locator(`[data-testid="pending-update"][data-version="${version}"]`)).toHaveCount(0);
  await page.goto("/appliance/summary");
  await ready(page, info);
  await expect(page.getByTestId("version")).toHaveText(version);
  if (jsOn(info)) {
    // After the hydrated run one update is still pending: the software-packages health says so.
    await expect(page.getByTestId("health-software-packages-messages")).toContainText("Security patches");
  }
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
