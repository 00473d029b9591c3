import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, ready, submitLogin } from "./helpers";

// Roles: the simulated vCenter's read-only account reads every page but is refused each change, with the
// privilege it lacks named, and the form kept as typed — hydrated and with JavaScript disabled.

const READ_ONLY = "readonly@vsphere.local";

async function loginReadOnly(page: Page, info: TestInfo, next: string) {
  await submitLogin(page, info, READ_ONLY, PASSWORD, `/login?next=${next}`);
  await expect(page).toHaveURL(new RegExp(`${next}$`));
  await ready(page, info);
}

test("the login page lists the simulator's three accounts with their roles", async ({ page }, info) => {
  await page.goto("/login");
  await ready(page, info);
  const rows = page.getByTestId("sim-account");
  await expect(rows).toHaveCount(3);
  await expect(page.locator('[data-testid="sim-account"][data-role="Read-only"]')).toContainText(READ_ONLY);
  await expect(page.locator('[data-testid="sim-account"][data-role="Operator"]')).toContainText("operator@vsphere.local");
  await expect(page.locator('[data-testid="sim-account"][data-role="Administrator"]')).toContainText("administrator@vsphere.local");
});

test("read-only: a change is refused naming the missing privilege, and the form keeps what was typed", async ({ page }, info) => {
  await loginReadOnly(page, info, "/appliance/access");
  // Reading works: the page shows the current state.
  await expect(page.getByTestId("shell-state").locator("[data-state]")).toHaveAttribute("data-state", "Disabled");
  const form = page.getByTestId("shell-form");
  await form.getByLabel("Enable the BASH shell").check();
  await form.getByLabel("Time-out (minutes)").fill("25");
  await form.getByRole("button", { name: "Save" }).click();
  const error = page.getByTestId("shell-error");
  await expect(error).toContainText("permission denied");
  await expect(error).toContainText("Missing privilege: SystemConfiguration.Administrators");
  await expect(page.getByTestId("shell-form").getByLabel("Time-out (minutes)")).toHaveValue("25");
  await expect(page.getByTestId("shell-form").getByLabel("Enable the BASH shell")).toBeChecked();
  await expect(page.getByTestId("shell-state").locator("[data-state]")).toHaveAttribute("data-state", "Disabled");
  await page.screenshot({ path: `../target/screenshots/roles-read-only-${info.project.name}.png`, fullPage: true });
});
