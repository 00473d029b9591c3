import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, ready, submitAndWait, submitLogin } from "./helpers";

// Hybrid Linked Mode, hydrated and without JavaScript: a link to a cloud PSC is refused before sending when a
// group is malformed, then refused by vCenter until its thumbprint (offered on the page) is accepted; a forced
// sync is followed to Succeeded; an administrators group is added and removed after a confirmation; the link
// is unlinked after a confirmation. Each project has its own console.

const PSC = "psc.sddc-1.vmc.example.com";
const PRINT = "6E:A1:3F:08:C7:52:9B:D4:21:E6:7A:30:BF:95:0C:48:D2:1B:F7:63";

async function login(page: Page, info: TestInfo, next: string) {
  await submitLogin(page, info, USER, PASSWORD, `/login?next=${encodeURIComponent(next)}`);
  await ready(page, info);
}

async function fillLink(page: Page) {
  await page.getByLabel("Cloud PSC address").fill(PSC);
  await page.getByLabel("SSO domain").fill("vmc.local");
  await page.getByLabel("Administrator", { exact: true }).fill("cloudadmin@vmc.local");
  await page.getByTestId("create-link").getByLabel("Password").fill("Cloud-2018!");
}

test("link to a cloud vCenter, sync, manage administrators, unlink", async ({ page }, info) => {
  test.setTimeout(90_000);
  await login(page, info, "/hvc");
  await expect(page.getByText("This vCenter is not linked with any cloud vCenter.")).toBeVisible();
  await fillLink(page);
  await page.getByLabel("Hybrid administrators groups (optional)").fill("hybrid-admins");
  await submitAndWait(page, info, page.getByTestId("create-link-submit"));
  await expect(page.getByTestId("field-error")).toContainText("write it group@domain");
  await expect(page.getByLabel("Cloud PSC address")).toHaveValue(PSC);

  await fillLink(page);
  await page.getByLabel("Hybrid administrators groups (optional)").fill("hybrid-admins@vsphere.local");
  await submitAndWait(page, info, page.getByTestId("create-link-submit"));
  await expect(page.getByTestId("create-link-error")).toContainText("not trusted yet");
  await expect(page.getByLabel("Certificate thumbprint (SHA-1)")).toHaveValue(PRINT);
  await page.getByTestId("create-link").getByLabel("Password").fill("Cloud-2018!");
  await submitAndWait(page, info, page.getByTestId("create-link-submit"));
  await expect(page.getByTestId("linked")).toBeVisible();
  const link = page.locator("section[data-link]");
  await expect(link.locator("h3")).toContainText("vmc.local");
  await expect(page.getByTestId("hvc-admins").locator("li[data-group='hybrid-admins@vsphere.local']")).toHaveCount(1);

  // A forced sync: followed until it completes.
  const row = () => page.locator("tr[data-provider='authz']");
  await expect(row().locator("[data-state]")).toHaveAttribute("data-state", "No sync yet");
  await submitAndWait(page, info, row().getByRole("button", { name: /Sync .* now/ }));
  await expect(page.getByTestId("hvc-sync")).toBeVisible();
  await page.screenshot({ path: `../target/screenshots/hvc-sync-${info.project.name}.png`, fullPage: true });
  await expect(row().locator("[data-state]")).toHaveAttribute("data-state", "Succeeded", { timeout: 20_000 });

  // Administrators: add one, remove it after a confirmation.
  await page.getByLabel("Group", { exact: true }).fill("ops@vsphere.local");
  await submitAndWait(page, info, page.getByTestId("add-admin").getByRole("button", { name: "Add group" }));
  await page.getByRole("link", { name: "Remove ops@vsphere.local" }).click();
  await ready(page, info);
  await expect(page.getByTestId("confirm-panel")).toContainText("lose the administrator rights");
  await submitAndWait(page, info, page.getByTestId("confirm-remove-admin"));
  await expect(page.getByTestId("hvc-admins").locator("li[data-group='ops@vsphere.local']")).toHaveCount(0);

  await page.getByTestId("unlink").click();
  await ready(page, info);
  await expect(page.getByTestId("confirm-panel")).toContainText("stop sharing roles, permissions and tags");
  await submitAndWait(page, info, page.getByTestId("confirm-unlink"));
  await expect(page.getByText("This vCenter is not linked with any cloud vCenter.")).toBeVisible();
});
