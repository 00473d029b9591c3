import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, go, jsOn, ready, submitAndWait, submitLogin } from "./helpers";

// Restore: a backup taken on the Backup page is found at its location, checked (a wrong encryption password
// refused, then its metadata), restored behind a confirmation with the SSO account (refused without it), followed
// live to Restored, then reconciled; a second restore is cancelled. Hydrated and without JavaScript.

const FOLDER = "ftps://backup.corp.local/restore-test";

async function login(page: Page, info: TestInfo, next: string) {
  await submitLogin(page, info, USER, PASSWORD, `/login?next=${next}`);
  await ready(page, info);
}

async function backUp(page: Page, info: TestInfo) {
  await go(page, info, "/appliance/backup");
  const form = page.getByTestId("backup-form");
  await form.getByLabel("Location type").selectOption("FTPS");
  await form.getByLabel("Location", { exact: true }).fill(FOLDER);
  await form.getByLabel("User name").fill("backup");
  await form.getByLabel("Password", { exact: true }).fill("Backup-2018!");
  await form.getByLabel("Encryption password (optional)").fill("Secret-2026");
  await form.getByLabel("Confirm the encryption password").fill("Secret-2026");
  await form.getByLabel("Comment (optional)").fill(`for restore (${info.project.name})`);
  await submitAndWait(page, info, page.getByTestId("backup-start"));
  await expect(page.getByTestId("job-status")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 20_000 });
}

async function chooseAndCheck(page: Page, info: TestInfo) {
  await go(page, info, "/appliance/restore");
  const browse = page.getByTestId("browse-form");
  await browse.getByLabel("Location type").selectOption("FTPS");
  await browse.getByLabel("Location", { exact: true }).fill(FOLDER);
  await browse.getByLabel("User name").fill("backup");
  await browse.getByLabel("Password", { exact: true }).fill("Backup-2018!");
  await submitAndWait(page, info, page.getByTestId("browse-start"));
  const row = page.getByTestId("archive-row").first();
  await expect(row).toContainText("vcsa-01.corp.local");
  await expect(row).toContainText(`for restore (${info.project.name})`);
  await expect(row).toContainText("common, seat");
  await row.getByTestId("archive-choose").click();
  await ready(page, info);
  await expect(page.getByTestId("chosen-archive")).toContainText(`${FOLDER}/vcsa-01.corp.local/M_`);
  const check = page.getByTestId("check-form");
  await check.getByLabel("Encryption password").fill("Wrong-2026!");
  await submitAndWait(page, info, page.getByTestId("check-archive"));
  await expect(page.getByTestId("check-error")).toContainText("encryption password given does not open it");
  await page.getByTestId("check-form").getByLabel("Encryption password").fill("Secret-2026");
  await submitAndWait(page, info, page.getByTestId("check-archive"));
  await expect(page.getByTestId("archive-metadata")).toHaveAttribute("data-applicable", "true");
  await expect(page.getByTestId("archive-version")).toContainText("6.7.0.44000");
}

test("a backup is found at its location, checked, restored behind a confirmation, then reconciled", async ({ page }, info) => {
  test.setTimeout(90_000);
  await login(page, info, "/appliance/restore");
  await backUp(page, info);
  await chooseAndCheck(page, info);
  const confirm = page.getByTestId("confirm-panel");
  await expect(confirm).toContainText("Restore the appliance from this backup?");
  await expect(confirm).toContainText("everything changed since then is lost");
  await page.screenshot({ path: `../target/screenshots/restore-confirm-${info.project.name}.png`, fullPage: true });
  // Without the SSO password: refused before anything is sent.
  await submitAndWait(page, info, page.getByTestId("restore-start"));
  await expect(page.getByTestId("restore-error")).toContainText("Enter the SSO administrator's password");
  await page.getByTestId("restore-form").getByLabel("SSO password").fill(PASSWORD);
  await submitAndWait(page, info, page.getByTestId("restore-start"));
  await expect(page).toHaveURL(/\/appliance\/restore$/);
  await expect(page.getByTestId("restore-progress")).toBeVisible();
  // Without JavaScript the page reloads itself every second while the job runs: no screenshot mid-reload.
  if (jsOn(info)) await page.screenshot({ path: `../target/screenshots/restore-running-${info.project.name}.png`, fullPage: true });
  await expect(page.getByTestId("restore-state")).toHaveAttribute("data-state", "SUCCEEDED", { timeout: 20_000 });
  await expect(page.getByTestId("restore-messages")).toContainText("Restore completed");

  const reconcile = page.getByTestId("reconcile-form");
  await reconcile.getByLabel("SSO password").fill("wrong");
  await submitAndWait(page, info, page.getByTestId("reconcile-start"));
  await expect(page.getByTestId("reconcile-error")).toContainText("those given were refused");
  await page.getByTestId("reconcile-form").getByLabel("SSO password").fill(PASSWORD);
  await submitAndWait(page, info, page.getByTestId("reconcile-start"));
  await expect(page.getByTestId("reconciled")).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: `../target/screenshots/restore-reconciled-${info.project.name}.png`, fullPage: true });
});

test("a running restore is cancelled and the appliance keeps its configuration", async ({ page }, info) => {
  test.setTimeout(90_000);
  await login(page, info, "/appliance/restore");
  await chooseAndCheck(page, info);
  await page.getByTestId("restore-form").getByLabel("SSO password").fill(PASSWORD);
  await submitAndWait(page, info, page.getByTestId("restore-start"));
  await submitAndWait(page, info, page.getByTestId("restore-cancel"));
  await expect(page.getByTestId("restore-state")).toHaveAttribute("data-state", "FAILED");
  await expect(page.getByTestId("restore-messages")).toContainText("keeps its configuration");
});
