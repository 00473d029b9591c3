import { test as base, expect } from "@playwright/test";
import { go, ready, startConsole, PASSWORD, USER } from "./helpers";

// One console, two simulated vCenters (`--sim-count 2`: vcsa-01 and vcsa-02). The login page asks which; the
// header says which one the user is on, and the pages are that vCenter's. Hydrated and without JavaScript.

const test = base.extend<{}, { two: string }>({
  two: [
    async ({}, use) => {
      const c = await startConsole({ VCONSOLE_SIM_COUNT: "2" });
      await use(c.url);
      await c.stop();
    },
    { scope: "worker" },
  ],
  baseURL: async ({ two }, use) => use(two),
});

test("the login page asks which vCenter; the header and the pages are the one chosen", async ({ page }, info) => {
  for (const [name, other] of [["vcsa-02", "vcsa-01"], ["vcsa-01", "vcsa-02"]]) {
    await page.goto("/login?next=/appliance/networking");
    await ready(page, info);
    const choice = page.getByLabel("vCenter");
    await expect(choice.locator("option")).toHaveText([/^vcsa-01 \(127\.0\.0\.1:\d+\)$/, /^vcsa-02 \(127\.0\.0\.1:\d+\)$/]);
    if (name === "vcsa-02") await page.screenshot({ path: `../target/screenshots/login-two-vcenters-${info.project.name}.png`, fullPage: true });
    await choice.selectOption(name);
    await page.getByLabel("User name").fill(USER);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/appliance\/networking$/);
    await ready(page, info);
    await expect(page.getByTestId("vcenter-name")).toHaveText(name);
    await expect(page.getByRole("main")).toContainText(`${name}.corp.local`);
    await expect(page.getByRole("main")).not.toContainText(`${other}.corp.local`);
    if (name === "vcsa-02") await page.screenshot({ path: `../target/screenshots/header-vcenter-${info.project.name}.png` });
    await page.getByRole("button", { name: "Log out" }).click();
    await expect(page).toHaveURL(/\/login/);
  }
  // A wrong password keeps the vCenter chosen (and the user name).
  await page.goto("/login");
  await ready(page, info);
  await page.getByLabel("vCenter").selectOption("vcsa-02");
  await page.getByLabel("User name").fill(USER);
  await page.getByLabel("Password").fill("wrong");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("login-error")).toContainText("Wrong user name or password");
  await expect(page.getByLabel("vCenter")).toHaveValue("vcsa-02");
  await expect(page.getByLabel("User name")).toHaveValue(USER);
});
