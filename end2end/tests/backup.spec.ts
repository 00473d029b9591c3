import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, go, jsOn, ready, submitAndWait, submitLogin } from "./helpers";

// Backup: a weak encryption password refused before anything is sent; a location vCenter cannot reach refused
// by vCenter's validation with its reason; a real backup whose warnings are acknowledged, followed live to
// Succeeded and found in the history; the schedule created, run now, seen in the history and deleted behind a
// confirmation. Hydrated and without JavaScript (each project has a simulator of its own).

async function login(page: Page, info: TestInfo) {
  await submitLogin(page, info, USER, PASSWORD, "/login?next=/appliance/backup");
  await expect(page).toHaveURL(/\/appliance\/backup$/);
  await ready(page, info);
}

async function fill(page: Page, type: string, location: string, password: string, encryption = "", confirm = encryption) {
  const form = page.getByTestId("backup-form");
  await form.getByLabel("Location type").selectOption(type);
  await form.getByLabel("Location", { exact: true }).fill(location);
  await form.getByLabel("User name").fill("backup");
  await form.getByLabel("Password", { exact: true }).fill(password);
  await form.getByLabel("Encryption password (optional)").fill(encryption);
  await form.getByLabel("Confirm the encryption password").fill(confirm);
  await form.getByLabel("Comment (optional)").fill("before patching");
}

test("a weak encryption password is refused before anything is sent, the form kept as typed", async ({ page }, info) => {
  await login(page, info);
  await fill(page, "FTPS", "ftps://backup.corp.local/vcsa", "Backup-2018!", "weak", "weak");
  await submitAndWait(page, info, page.getByTestId("backup-start"));
  await expect(page.getByTestId("backup-error")).toContainText("8 to 20 characters");
  const form = page.getByTestId("backup-form");
  await expect(form.getByLabel("Location", { exact: true })).toHaveValue("ftps://backup.corp.local/vcsa");
  await expect(form.getByLabel("Comment (optional)")).toHaveValue("before patching");
  await expect(form.getByLabel("Encryption password (optional)")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Encryption password (optional)")).toHaveValue("");
  // Typed twice differently.
  await fill(page, "FTPS", "ftps://backup.corp.local/vcsa", "Backup-2018!", "Secret-2026", "Secret-2027");
  await submitAndWait(page, info, page.getByTestId("backup-start"));
  await expect(page.getByTestId("backup-error")).toContainText("The two encryption passwords differ");
  // A URL of another type than the one chosen.
  await fill(page, "SCP", "ftps://backup.corp.local/vcsa", "Backup-2018!");
  await submitAndWait(page, info, page.getByTestId("backup-start"));
  await expect(page.getByTestId("backup-error")).toContainText("A SCP location begins with scp://");
  await expect(page.getByTestId("backup-row")).toHaveCount(0);
});

test("a location vCenter cannot reach is refused with vCenter's reason, nothing started", async ({ page }, info) => {
  await login(page, info);
  await fill(page, "FTPS", "ftps://nowhere.corp.local/vcsa", "Backup-2018!", "Secret-2026");
  await submitAndWait(page, info, page.getByTestId("backup-start"));
  await expect(page.getByTestId("backup-error")).toContainText("Could not resolve host 'nowhere.corp.local'");
  await expect(page.getByTestId("backup-form").getByLabel("Location", { exact: true })).toHaveValue("ftps://nowhere.corp.local/vcsa");
  await fill(page, "FTPS", "ftps://backup.corp.local/vcsa", "wrong", "Secret-2026");
  await submitAndWait(page, info, page.getByTestId("backup-start"));
  await expect(page.getByTestId("backup-error")).toContainText("Authentication failed for user 'backup'");
  await expect(page.getByTestId("backup-row")).toHaveCount(0);
});

test("a backup's warnings are acknowledged, its progress followed to Succeeded, and it is in the history", async ({ page }, info) => {
  test.setTimeout(60_000);
  await login(page, info);
  // FTP without encryption: vCenter warns twice; the user goes on.
  await fill(page, "FTP", "ftp://backup.corp.local/vcsa", "Backup-2018!");
  await submitAndWait(page, info, page.getByTestId("backup-start"));
  const warnings = page.getByTestId("backup-warnings");
  await expect(warnings).toContainText("will not be encrypted");
  await expect(warnings).toContainText("FTP sends the location's password");
  await page.screenshot({ path: `../target/screenshots/backup-warnings-${info.project.name}.png`, fullPage: true });
  await submitAndWait(page, info, page.getByTestId("backup-anyway"));
  await expect(page).toHaveURL(/\/appliance\/backup\/jobs\//);
  await expect(page.getByTestId("backup-progress")).toBeVisible();
  // Without JavaScript the page reloads itself every second while the job runs: no screenshot mid-reload.
  if (jsOn(info)) await page.screenshot({ path: `../target/screenshots/backup-job-running-${info.project.name}.png`, fullPage: true });
  // The page follows the job (live, or reloading without JavaScript) and shows how it ended.
  await expect(page.getByTestId("job-status")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 20_000 });
  await expect(page.getByTestId("job-size")).toContainText("MB");
  await expect(page.getByTestId("job-location")).toContainText("ftp://backup.corp.local/vcsa");
  await page.screenshot({ path: `../target/screenshots/backup-job-done-${info.project.name}.png`, fullPage: true });
  await go(page, info, "/appliance/backup");
  const row = page.getByTestId("backup-row").first();
  await expect(row).toHaveAttribute("data-status", "SUCCEEDED");
  await expect(row).toContainText("Manual");
  await expect(row).toContainText("ftp://backup.corp.local/vcsa");
  // The Summary says when the last backup was taken, and how it ended.
  await go(page, info, "/appliance/summary");
  await expect(page.getByTestId("backup-summary")).toContainText("Succeeded");
  await expect(page.getByTestId("backup-schedule")).toContainText("None");
});

test("a backup is cancelled from its page", async ({ page }, info) => {
  test.setTimeout(60_000);
  await login(page, info);
  await fill(page, "FTPS", "ftps://backup.corp.local/vcsa", "Backup-2018!", "Secret-2026");
  await submitAndWait(page, info, page.getByTestId("backup-start"));
  await expect(page).toHaveURL(/\/appliance\/backup\/jobs\//);
  await submitAndWait(page, info, page.getByTestId("backup-cancel"));
  await expect(page.getByTestId("job-status")).toHaveAttribute("data-status", "FAILED");
  await expect(page.getByTestId("job-messages")).toContainText("cancelled");
});

test("a schedule is created, run now, seen in the history, and deleted behind a confirmation", async ({ page }, info) => {
  test.setTimeout(60_000);
  await login(page, info);
  await expect(page.getByTestId("no-schedule")).toBeVisible();
  const form = page.getByTestId("schedule-form");
  await form.getByLabel("Location type").selectOption("SCP");
  await form.getByLabel("Location", { exact: true }).fill("scp://backup.corp.local/nightly");
  await form.getByLabel("User name").fill("backup");
  await form.getByLabel("Password", { exact: true }).fill("Backup-2018!");
  await form.getByLabel("Mon", { exact: true }).check();
  await form.getByLabel("Fri", { exact: true }).check();
  await form.getByLabel("Hour (UTC)").fill("24");
  await form.getByLabel("Backups to keep").fill("3");
  await submitAndWait(page, info, page.getByTestId("schedule-save"));
  await expect(page.getByTestId("schedule-error")).toContainText("the hour (UTC) from 0 to 23");
  await expect(page.getByTestId("schedule-form").getByLabel("Location", { exact: true })).toHaveValue("scp://backup.corp.local/nightly");
  await page.getByTestId("schedule-form").getByLabel("Password", { exact: true }).fill("Backup-2018!");
  await page.getByTestId("schedule-form").getByLabel("Hour (UTC)").fill("23");
  await page.getByTestId("schedule-form").getByLabel("Minute").fill("30");
  await submitAndWait(page, info, page.getByTestId("schedule-save"));
  await expect(page.getByTestId("backup-result")).toContainText("The backup schedule is saved");
  await expect(page.getByTestId("schedule-when")).toContainText("Mon, Fri at 23:30 UTC");
  await expect(page.getByTestId("schedule-keep")).toContainText("the last 3");
  await expect(page.getByTestId("schedule-parts")).toContainText("Inventory and configuration, Stats, Events, and Tasks");
  await page.screenshot({ path: `../target/screenshots/backup-schedule-${info.project.name}.png`, fullPage: true });

  await submitAndWait(page, info, page.getByTestId("schedule-run"));
  await expect(page).toHaveURL(/\/appliance\/backup\/jobs\//);
  await expect(page.getByTestId("job-status")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 20_000 });
  await go(page, info, "/appliance/backup");
  const row = page.getByTestId("backup-row").first();
  await expect(row).toContainText("Scheduled");
  await expect(row).toContainText("scp://backup.corp.local/nightly");

  await page.getByTestId("schedule-delete").click();
  await ready(page, info);
  await expect(page.getByTestId("confirm-panel")).toContainText("Delete the backup schedule?");
  await submitAndWait(page, info, page.getByTestId("confirm-delete-schedule"));
  await expect(page.getByTestId("backup-result")).toContainText("The backup schedule is deleted");
  await expect(page.getByTestId("no-schedule")).toBeVisible();
});

test("the schedule's retention keeps only its last backups at the location", async ({ page }, info) => {
  test.setTimeout(90_000);
  await login(page, info);
  const form = page.getByTestId("schedule-form");
  await form.getByLabel("Location type").selectOption("FTPS");
  await form.getByLabel("Location", { exact: true }).fill("ftps://backup.corp.local/retention");
  await form.getByLabel("User name").fill("backup");
  await form.getByLabel("Password", { exact: true }).fill("Backup-2018!");
  await form.getByLabel("Backups to keep").fill("1");
  await submitAndWait(page, info, page.getByTestId("schedule-save"));
  await expect(page.getByTestId("schedule-keep")).toContainText("the last 1");
  for (const run of ["first run", "second run"]) {
    await go(page, info, "/appliance/backup");
    await page.getByLabel("Comment for this run (optional)").fill(run);
    await submitAndWait(page, info, page.getByTestId("schedule-run"));
    await expect(page.getByTestId("job-status")).toHaveAttribute("data-status", "SUCCEEDED", { timeout: 20_000 });
  }
  // The location holds the second run's backup only.
  await go(page, info, "/appliance/restore");
  const browse = page.getByTestId("browse-form");
  await browse.getByLabel("Location type").selectOption("FTPS");
  await browse.getByLabel("Location", { exact: true }).fill("ftps://backup.corp.local/retention");
  await browse.getByLabel("User name").fill("backup");
  await browse.getByLabel("Password", { exact: true }).fill("Backup-2018!");
  await submitAndWait(page, info, page.getByTestId("browse-start"));
  await expect(page.getByTestId("archive-row")).toHaveCount(1);
  await expect(page.getByTestId("archive-row")).toContainText("second run");
  await go(page, info, "/appliance/backup?confirm=delete-schedule");
  await submitAndWait(page, info, page.getByTestId("confirm-delete-schedule"));
  await expect(page.getByTestId("no-schedule")).toBeVisible();
});
