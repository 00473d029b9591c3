import { test, expect } from "@playwright/test";
import { go, ready, submitAndWait, submitLogin } from "./helpers";

// The audit log, hydrated and without JavaScript: a change refused by the console's check and one that goes
// through are both on the Audit page, with who, what and why; its filter narrows them.

test("actions taken through the console are on the Audit page, refusals with their reason", async ({ page }, info) => {
  await submitLogin(page, info);
  await go(page, info, "/appliance/access");
  const form = page.getByTestId("shell-form");
  const minutes = form.getByLabel("Time-out (minutes)");
  await form.getByLabel("Enable the BASH shell").check();
  await minutes.fill("-3");
  await submitAndWait(page, info, form.getByRole("button", { name: "Save" }));
  await expect(minutes).toHaveAttribute("aria-invalid", "true");
  await minutes.fill("15");
  await submitAndWait(page, info, form.getByRole("button", { name: "Save" }));
  await expect(page.getByTestId("shell-saved")).toBeVisible();
  // Off again, as it was.
  await form.getByLabel("Enable the BASH shell").uncheck();
  await submitAndWait(page, info, form.getByRole("button", { name: "Save" }));
  await expect(page.getByTestId("shell-saved")).toBeVisible();

  await go(page, info, "/audit?outcome=refused&area=appliance/access");
  const refused = page.getByTestId("audit-entry").filter({ hasText: "timeout_minutes=-3" }).first();
  await expect(refused).toHaveAttribute("data-outcome", "refused");
  await expect(refused.getByTestId("audit-error")).toContainText("Enter a time-out between 1 and");
  await expect(refused).toContainText("VSPHERE.LOCAL\\Administrator");
  await expect(page.getByTestId("audit-entry").filter({ hasText: "timeout_minutes=15" })).toHaveCount(0);
  await page.screenshot({ path: `../target/screenshots/audit-${info.project.name}.png`, fullPage: true });
  await page.getByLabel("Outcome").selectOption("ok");
  await page.getByRole("button", { name: "Filter" }).click();
  await ready(page, info);
  await expect(page.getByTestId("audit-entry").filter({ hasText: "timeout_minutes=15" }).first()).toHaveAttribute("data-outcome", "ok");
  await expect(page.getByTestId("audit-entry").filter({ hasText: "timeout_minutes=-3" })).toHaveCount(0);
  // Nothing typed as a password is ever there.
  await go(page, info, "/audit");
  await expect(page.getByTestId("audit-entries")).not.toContainText("VMware1!");
});
