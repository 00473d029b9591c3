import { test, expect, Page, TestInfo, Locator } from "@playwright/test";
import { PASSWORD, USER, go, ready, submitAndWait, submitLogin } from "./helpers";

// Appliance › Local accounts: create, list, edit (update), reset a password (set), delete after a
// confirmation, refusals kept as typed, and the global password policy — hydrated and with JavaScript
// disabled. Both runs share one simulator: every account name carries the project and a timestamp, and the
// policy is put back as it was found.

const PAGE = "/appliance/local-accounts";

async function login(page: Page, info: TestInfo) {
  await submitLogin(page, info, USER, PASSWORD, `/login?next=${PAGE}`);
  await expect(page).toHaveURL(new RegExp(`${PAGE}$`));
  await ready(page, info);
}

function unique(info: TestInfo, base: string): string {
  return `${base}-${info.project.name}-${Date.now() % 1_000_000}`;
}

function row(page: Page, name: string): Locator {
  return page.locator(`[data-testid="account-row"][data-username="${name}"]`);
}

async function reload(page: Page, info: TestInfo) {
  await page.reload();
  await ready(page, info);
}

test("an account is created, listed after a reload, edited, its password reset, and deleted after a confirmation", async ({ page }, info) => {
  test.setTimeout(60_000);
  await login(page, info);
  const name = unique(info, "qa");
  const form = page.getByTestId("account-create-form");
  await form.getByLabel("User name").fill(name);
  await form.getByLabel("Full name").fill("Quality Assurance");
  await form.getByLabel("E-mail").fill("qa@corp.example.com");
  await form.getByLabel("Password", { exact: true }).fill("Qa#Pass2026");
  await form.getByLabel("Confirm password").fill("Qa#Pass2026");
  await form.getByLabel("Administrator", { exact: true }).check();
  await expect(form.getByLabel("Operator", { exact: true })).toBeChecked();
  await form.getByLabel("Maximum days between changes").fill("60");
  await form.getByLabel("Minimum days between changes").fill("1");
  await form.getByLabel("Warning days before expiry").fill("10");
  await form.getByLabel("Lock the account after the password expires").check();
  await form.getByLabel("Days after expiry before locking").fill("5");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("account-created")).toBeVisible();
  await expect(row(page, name)).toHaveCount(1);

  await reload(page, info);
  const r = row(page, name);
  await expect(r.getByTestId("account-fullname")).toHaveText("Quality Assurance");
  await expect(r.getByTestId("account-email")).toHaveText("qa@corp.example.com");
  await expect(r.getByTestId("account-roles")).toHaveText("Administrator, Operator");
  await expect(r.getByTestId("account-status").locator("[data-state]")).toHaveAttribute("data-state", "Enabled");
  await expect(r.getByTestId("account-expires")).toContainText("(in 60 days)");
  await expect(r.getByTestId("account-ageing")).toHaveText("every 60 days · min 1 · warn 10");
  await expect(r.getByTestId("account-locks")).toContainText("Locked from");
  const changed = (await r.getByTestId("account-changed").textContent())!;
  expect(changed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await page.screenshot({ path: `../target/screenshots/local-accounts-${info.project.name}.png`, fullPage: true });

  // Edit full name and e-mail (update); the rest stays.
  await r.getByRole("link", { name: `Edit ${name}` }).click();
  await ready(page, info);
  await expect(page).toHaveURL(new RegExp(`\\?edit=${name}$`));
  await expect(row(page, name)).toHaveAttribute("aria-current", "true");
  const edit = page.getByTestId("account-edit-form");
  await expect(edit.getByLabel("Full name")).toHaveValue("Quality Assurance");
  await expect(edit.getByLabel("Maximum days between changes")).toHaveValue("60");
  await expect(edit.getByLabel("Lock the account after the password expires")).toBeChecked();
  await edit.getByLabel("Full name").fill("QA Team");
  await edit.getByLabel("E-mail").fill("qa-team@corp.example.com");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("account-saved")).toBeVisible();
  await expect(row(page, name).getByTestId("account-fullname")).toHaveText("QA Team");
  await reload(page, info);
  await expect(row(page, name).getByTestId("account-fullname")).toHaveText("QA Team");
  await expect(row(page, name).getByTestId("account-email")).toHaveText("qa-team@corp.example.com");
  await expect(row(page, name).getByTestId("account-ageing")).toHaveText("every 60 days · min 1 · warn 10");
  await expect(page.getByTestId("account-edit-form").getByLabel("E-mail")).toHaveValue("qa-team@corp.example.com");
  await page.screenshot({ path: `../target/screenshots/local-account-edit-${info.project.name}.png`, fullPage: true });

  // Reset the password (set: the whole account with a new password): refused when the two differ, then done;
  // the account's settings survive the replacement.
  const reset = page.getByTestId("password-reset-form");
  await reset.getByLabel("New password", { exact: true }).fill("Qa#Reset2026");
  await reset.getByLabel("Confirm new password").fill("Qa#Reset2027");
  await reset.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByTestId("password-reset-error")).toContainText("The passwords do not match");
  await expect(page.getByTestId("password-reset-form").getByLabel("New password", { exact: true })).toHaveValue("");
  await page.getByTestId("password-reset-form").getByLabel("New password", { exact: true }).fill("Qa#Reset2026");
  await page.getByTestId("password-reset-form").getByLabel("Confirm new password").fill("Qa#Reset2026");
  await page.getByTestId("password-reset-form").getByRole("button", { name: "Reset password" }).click();
  // With or without JavaScript, the server sends the browser to the account with the result.
  await expect(page).toHaveURL(/edit=qa[^&]*&reset=done/);
  await expect(page.getByTestId("password-reset-done")).toContainText("Password reset.");
  await expect(page.getByTestId("password-reset-error")).toHaveCount(0);
  await reload(page, info);
  const after = row(page, name);
  await expect(after.getByTestId("account-fullname")).toHaveText("QA Team");
  await expect(after.getByTestId("account-email")).toHaveText("qa-team@corp.example.com");
  await expect(after.getByTestId("account-roles")).toHaveText("Administrator, Operator");
  await expect(after.getByTestId("account-ageing")).toHaveText("every 60 days · min 1 · warn 10");
  await expect(after.getByTestId("account-locks")).toContainText("Locked from");
  await expect(after.getByTestId("account-changed")).toHaveText(changed);

  // Delete, after a confirmation that names the account; Cancel would have kept it.
  await page.getByTestId("delete-account").click();
  await ready(page, info);
  const panel = page.getByTestId("confirm-panel");
  await expect(panel).toContainText(`Delete the local account ${name}?`);
  await expect(panel).toContainText("This cannot be undone.");
  await expect(row(page, name)).toHaveCount(1);
  await page.screenshot({ path: `../target/screenshots/local-account-delete-confirm-${info.project.name}.png`, fullPage: true });
  await page.getByTestId("confirm-delete").click();
  await expect(page).toHaveURL(new RegExp(`${PAGE}$`));
  await expect(row(page, name)).toHaveCount(0);
  await reload(page, info);
  await expect(row(page, name)).toHaveCount(0);
  await expect(row(page, "root")).toHaveCount(1);
});

test("a duplicate and a weak password are refused with a message and the form keeps what was typed", async ({ page }, info) => {
  await login(page, info);
  // After a client-side login the list may still be loading: count once root is listed.
  await expect(row(page, "root")).toHaveCount(1);
  const before = await page.getByTestId("account-row").count();
  const form = () => page.getByTestId("account-create-form");
  await expect(form().getByTestId("password-cleared-hint")).toContainText("after a refused save, type them again");

  await form().getByLabel("User name").fill("root");
  await form().getByLabel("Full name").fill("Second root");
  await form().getByLabel("E-mail").fill("root2@corp.example.com");
  await form().getByLabel("Password", { exact: true }).fill("Root#Pass2026");
  await form().getByLabel("Confirm password").fill("Root#Pass2026");
  await form().getByLabel("Super administrator").check();
  await form().getByLabel("Maximum days between changes").fill("30");
  await form().getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("account-create-error")).toContainText("Already exists: The local account 'root' already exists.");
  await expect(form().getByLabel("User name")).toHaveValue("root");
  await expect(form().getByLabel("Full name")).toHaveValue("Second root");
  await expect(form().getByLabel("E-mail")).toHaveValue("root2@corp.example.com");
  await expect(form().getByLabel("Super administrator")).toBeChecked();
  await expect(form().getByLabel("Maximum days between changes")).toHaveValue("30");
  await expect(form().getByLabel("Password", { exact: true })).toHaveValue("");
  await expect(form().getByTestId("password-cleared-hint")).toBeVisible();

  const name = unique(info, "weak");
  await form().getByLabel("User name").fill(name);
  await form().getByLabel("Password", { exact: true }).fill("password");
  await form().getByLabel("Confirm password").fill("password");
  await form().getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("account-create-error")).toContainText("The password is too weak: it needs an upper-case letter, a digit and a special character");
  // The refusal is at its field: marked, described by the message under it, focused; the summary links to it.
  const password = form().getByLabel("Password", { exact: true });
  await expect(password).toHaveAttribute("aria-invalid", "true");
  await expect(password).toBeFocused();
  await expect(password).toHaveAccessibleDescription(/The password is too weak: it needs an upper-case letter/);
  await expect(form().getByLabel("User name")).not.toHaveAttribute("aria-invalid", "true");
  await expect(form().getByTestId("field-error")).toHaveCount(1);
  await expect(page.getByTestId("account-create-error").getByRole("link")).toHaveAttribute("href", "#new-password");
  await expect(page.getByTestId("account-create-error")).not.toContainText("password:");
  await expect(form().getByLabel("User name")).toHaveValue(name);
  await expect(form().getByLabel("Full name")).toHaveValue("Second root");
  await expect(form().getByLabel("Confirm password")).toHaveValue("");
  await page.screenshot({ path: `../target/screenshots/local-account-refused-${info.project.name}.png`, fullPage: true });

  await go(page, info, PAGE);
  await expect(page.getByTestId("account-row")).toHaveCount(before);
  await expect(row(page, name)).toHaveCount(0);
});

test("the global password policy is changed, kept after a reload, checked, and put back", async ({ page }, info) => {
  await login(page, info);
  const form = () => page.getByTestId("policy-form");
  const read = async () => [
    await form().getByLabel("Maximum days").inputValue(),
    await form().getByLabel("Minimum days").inputValue(),
    await form().getByLabel("Warning days").inputValue(),
  ];
  const save = async (max: string, min: string, warn: string) => {
    await form().getByLabel("Maximum days").fill(max);
    await form().getByLabel("Minimum days").fill(min);
    await form().getByLabel("Warning days").fill(warn);
    await submitAndWait(page, info, form().getByRole("button", { name: "Save policy" }));
  };
  const original = await read();
  expect(original.every((v) => /^\d+$/.test(v))).toBe(true);

  await save("120", "2", "14");
  await expect(page.getByTestId("policy-saved")).toBeVisible();
  await reload(page, info);
  expect(await read()).toEqual(["120", "2", "14"]);
  // New accounts are offered the policy's days.
  await expect(page.getByTestId("account-create-form").getByLabel("Maximum days between changes")).toHaveAttribute("placeholder", "120 (policy)");

  await save("30", "2", "45");
  await expect(page.getByTestId("policy-error")).toContainText("The warning period (45 days) cannot be longer than the maximum days between changes (30).");
  await expect(form().getByLabel("Warning days")).toHaveAttribute("aria-invalid", "true");
  await expect(form().getByLabel("Warning days")).toBeFocused();
  await expect(form().getByLabel("Maximum days")).not.toHaveAttribute("aria-invalid", "true");
  expect(await read()).toEqual(["30", "2", "45"]);
  await page.screenshot({ path: `../target/screenshots/local-accounts-policy-refused-${info.project.name}.png`, fullPage: true });
  // The page afresh (without JavaScript, the refused page's address carries the refusal and what was typed).
  await go(page, info, PAGE);
  expect(await read()).toEqual(["120", "2", "14"]);

  await save(original[0], original[1], original[2]);
  await reload(page, info);
  expect(await read()).toEqual(original);
});

test("root is the super administrator, cannot be deleted, and the page follows dark mode", async ({ page }, info) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await login(page, info);
  const root = row(page, "root");
  await expect(root.getByTestId("account-roles")).toHaveText("Super administrator");
  await expect(root.getByTestId("account-ageing")).toContainText("every 90 days");
  await expect(root.getByRole("link", { name: "Delete root" })).toHaveCount(0);
  await expect(row(page, "backup-svc").getByTestId("account-expires")).toContainText("Never");
  await go(page, info, `${PAGE}?edit=root`);
  await expect(page.getByTestId("account-editor")).toContainText("root cannot be deleted.");
  await expect(page.getByTestId("delete-account")).toHaveCount(0);
  const bg = await page.getByTestId("account-table").evaluate((el) => getComputedStyle(el).backgroundColor);
  const [r, g, b] = bg.match(/[\d.]+/g)!.map(Number);
  expect(r + g + b).toBeLessThan(150);
  await page.screenshot({ path: `../target/screenshots/local-accounts-dark-${info.project.name}.png`, fullPage: true });
  // Asked anyway (a hand-made URL), vCenter refuses and the page says why.
  await go(page, info, `${PAGE}?delete=root`);
  await page.getByTestId("confirm-delete").click();
  await expect(page.getByTestId("delete-error")).toContainText("The root account cannot be deleted.");
  await expect(row(page, "root")).toHaveCount(1);
});
