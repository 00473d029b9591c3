import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, ready, submitLogin } from "./helpers";

// Login, Summary, reload, logout — each run twice: hydrated (WASM) and with JavaScript disabled (SSR forms).

async function login(page: Page, info: TestInfo, user = USER, password = PASSWORD) {
  await submitLogin(page, info, user, password);
}

test("the login page says it is the simulator and shows its account", async ({ page }, info) => {
  await page.goto("/login");
  await ready(page, info);
  const notice = page.getByTestId("simulator-notice");
  await expect(notice).toContainText("simulated vCenter");
  await expect(notice.locator('[data-role="Administrator"]')).toContainText(USER);
  await expect(notice.getByTestId("sim-password")).toHaveText(PASSWORD);
  await page.screenshot({ path: `../target/screenshots/login-${info.project.name}.png`, fullPage: true });
});

test("a wrong password shows an error and keeps the user name", async ({ page }, info) => {
  await login(page, info, USER, "not-the-password");
  await expect(page.getByTestId("login-error")).toContainText("Wrong user name or password.");
  await expect(page.getByLabel("User name")).toHaveValue(USER);
  await expect(page).toHaveURL(/\/login/);
  await page.screenshot({ path: `../target/screenshots/login-error-${info.project.name}.png`, fullPage: true });
});

test("login shows the appliance summary with version and health badges", async ({ page }, info) => {
  await login(page, info);
  await expect(page).toHaveURL(/\/appliance\/summary$/);
  await expect(page.getByRole("heading", { name: "Appliance summary" })).toBeVisible();
  await expect(page.getByTestId("product")).toHaveText("VMware vCenter Server Appliance");
  await expect(page.getByTestId("version")).toHaveText(/^6\.7\.0\.\d+$/);
  await expect(page.getByTestId("build")).toHaveText(/^\d+$/);
  // Days and hours on a fresh simulator; minutes or seconds once the Shutdown spec has rebooted it.
  await expect(page.getByTestId("uptime")).toHaveText(/^\d+ (day|hour|minute|second)s?/);
  await expect(page.getByTestId("timezone")).toHaveText("UTC");
  await expect(page.getByTestId("current-user")).toContainText("VSPHERE.LOCAL\\Administrator");
  await expect(page.getByTestId("simulator-badge")).toBeVisible();
  // Health: every subsystem has a badge with a word, not colour alone; non-green ones say why.
  await expect(page.getByTestId("overall-health")).toContainText("Degraded");
  for (const item of ["load", "mem", "storage", "swap", "database-storage", "applmgmt", "software-packages"]) {
    await expect(page.getByTestId(`health-${item}`).locator("[data-level]")).toHaveText(/Good|Warning|Degraded|Critical|Unknown/);
  }
  await expect(page.getByTestId("health-storage").locator("[data-level]")).toContainText("Warning");
  await expect(page.getByTestId("health-storage-messages")).toContainText("/storage/log is 82% full");
  await expect(page.getByTestId("health-software-packages-messages")).toContainText("Security patches");
  // Every area is built: each is a link, none shown disabled.
  await expect(page.locator(`nav[aria-label="Areas"] [aria-disabled="true"]`)).toHaveCount(0);
  for (const name of ["Backup", "Restore", "Libraries", "Categories", "Tags", "Virtual machines"]) {
    await expect(page.getByRole("navigation", { name: "Areas" }).getByRole("link", { name, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId("backup-summary")).toBeVisible();
  await page.screenshot({ path: `../target/screenshots/summary-${info.project.name}.png`, fullPage: true });
});

test("a reload keeps the session", async ({ page }, info) => {
  await login(page, info);
  await expect(page.getByTestId("version")).toBeVisible();
  await page.reload();
  await ready(page, info);
  await expect(page).toHaveURL(/\/appliance\/summary$/);
  await expect(page.getByTestId("version")).toBeVisible();
});

test("logout sends protected pages to login, and login returns to the page asked for", async ({ page }, info) => {
  await login(page, info);
  await expect(page.getByTestId("version")).toBeVisible();
  await ready(page, info);
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/appliance/summary");
  await expect(page).toHaveURL(/\/login\?next=\/appliance\/summary/);
  await ready(page, info);
  await page.getByLabel("User name").fill(USER);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/appliance\/summary$/);
  await expect(page.getByTestId("version")).toBeVisible();
});

test("keyboard: the login form works from the keyboard alone", async ({ page }, info) => {
  await page.goto("/login");
  await ready(page, info);
  await page.getByLabel("User name").focus();
  await page.keyboard.type(USER);
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/appliance\/summary$/);
  await expect(page.getByTestId("version")).toBeVisible();
});

test("dark mode follows the system setting", async ({ page }, info) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await login(page, info);
  await expect(page.getByTestId("version")).toBeVisible();
  // The body's background as sRGB bytes, whatever colour syntax the browser reports (Tailwind v4 uses oklch).
  const [r, g, b] = await page.evaluate(() => {
    const ctx = document.createElement("canvas").getContext("2d")!;
    ctx.fillStyle = getComputedStyle(document.body).backgroundColor;
    ctx.fillRect(0, 0, 1, 1);
    return Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3));
  });
  expect(r + g + b, `background rgb(${r}, ${g}, ${b}) is dark`).toBeLessThan(3 * 60);
  await page.screenshot({ path: `../target/screenshots/summary-dark-${info.project.name}.png`, fullPage: true });
});
