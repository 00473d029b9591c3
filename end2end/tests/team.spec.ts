import { expect, Page, TestInfo } from "@playwright/test";
import { freshConsoleTest as test, go, ready, submitAndWait, submitLogin } from "./helpers";

// Self-service for a team, hydrated and without JavaScript, on a console of its own: the administrator makes
// a library with a template, the team category and a team (folder, pool, library, members: the operator);
// the operator, a member, deploys the team's template from My team, powers the new VM on and off, and is
// refused its deletion, with the privilege vCenter names.

async function logout(page: Page) {
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

async function shoot(page: Page, name: string, info: TestInfo) {
  await page.screenshot({ path: `../target/screenshots/${name}-${info.project.name}.png`, fullPage: true });
}

test("a team member deploys from the team's template into the team's folder and pool, within their privileges", async ({ page }, info) => {
  test.setTimeout(90_000);
  // The administrator: a library, a template in it.
  await submitLogin(page, info);
  await expect(page).toHaveURL(/\/appliance\/summary$/);
  await go(page, info, "/content-libraries");
  const lib = page.getByTestId("local-library-form");
  await lib.getByLabel("Name", { exact: true }).fill("Blue templates");
  await submitAndWait(page, info, lib.getByRole("button", { name: "Create library" }));
  await expect(page).toHaveURL(/\/content-libraries\/[^/?]+\?result=created$/);
  const libraryPage = page.url().replace(/\?.*$/, "");
  await go(page, info, "/inventory/vm?state=POWERED_OFF");
  const source = (await page.getByTestId("inventory-row").first().locator("a").first().textContent())!.trim();
  await go(page, info, libraryPage);
  const capture = page.getByTestId("capture-form");
  await capture.getByLabel("Virtual machine (name or id)").fill(source);
  await capture.getByLabel("OVF template").check();
  await capture.getByLabel("Item name").fill("web");
  await submitAndWait(page, info, capture.getByRole("button", { name: "Make template" }));
  await expect(page.getByTestId("item-notice")).toContainText("Template made");

  // The team category, then the team.
  await go(page, info, "/teams");
  await submitAndWait(page, info, page.getByTestId("create-team-category"));
  const form = page.getByTestId("team-form");
  await form.getByLabel("Name").fill("Blue");
  await form.getByLabel("VM folder").selectOption({ label: "Edge" });
  await form.getByLabel("Resource pool").selectOption({ label: "Sandbox" });
  await form.getByLabel("Content library").selectOption({ label: "Blue templates" });
  await form.getByLabel("Members").fill("operator@vsphere.local");
  await submitAndWait(page, info, form.getByRole("button", { name: "Create team" }));
  // Refused before anything is sent, the form as typed.
  await expect(page.getByTestId("team-error")).toContainText("not in the folder's datacenter");
  await expect(page.getByTestId("team-form").getByLabel("Members")).toHaveValue("operator@vsphere.local");
  await page.getByTestId("team-form").getByLabel("VM folder").selectOption({ label: "Test" });
  await submitAndWait(page, info, page.getByTestId("team-form").getByRole("button", { name: "Create team" }));
  const row = page.getByTestId("team-row").filter({ hasText: "Blue" });
  await expect(row).toContainText("Test");
  await expect(row).toContainText("Sandbox");
  await expect(row).toContainText("Blue templates");
  await expect(row).toContainText("operator@vsphere.local");
  await shoot(page, "teams", info);
  await logout(page);

  // The operator, a member.
  await submitLogin(page, info, "operator@vsphere.local", undefined, "/login?next=/my-team");
  await expect(page).toHaveURL(/\/my-team$/);
  await ready(page, info);
  await expect(page.getByTestId("empty")).toContainText("No virtual machine carries the tag Blue");
  await page.getByTestId("new-team-vm").click();
  await expect(page).toHaveURL(/\/my-team\/new\?team=/);
  await ready(page, info);
  const deploy = page.getByTestId("team-deploy-form");
  await expect(deploy.getByLabel("Template")).toHaveValue(/.+/);
  await submitAndWait(page, info, deploy.getByRole("button", { name: "Deploy" }));
  await expect(page.getByTestId("team-deploy-error")).toContainText("Enter a name");
  await page.getByTestId("team-deploy-form").getByLabel("Name of the new VM").fill("blue-web-01");
  await submitAndWait(page, info, page.getByTestId("team-deploy-form").getByRole("button", { name: "Deploy" }));
  await expect(page).toHaveURL(/\/my-team\?team=.+&done=\/api\/team\/deploy$/);
  await expect(page.getByTestId("team-done")).toContainText("blue-web-01 was deployed from the template.");
  const vm = page.getByTestId("team-vm").filter({ hasText: "blue-web-01" });
  await expect(vm).toContainText("Powered off");

  // Power on: the operator may.
  await submitAndWait(page, info, vm.getByTestId("power-start"));
  await expect(page.getByTestId("team-done")).toContainText("blue-web-01: Powered on.");
  await expect(page.getByTestId("team-vm").filter({ hasText: "blue-web-01" })).toContainText("Powered on");
  // Power off asks first.
  await page.getByTestId("team-vm").filter({ hasText: "blue-web-01" }).getByTestId("power-stop").click();
  await ready(page, info);
  await expect(page.getByTestId("confirm-panel")).toContainText("Power off blue-web-01?");
  await submitAndWait(page, info, page.getByTestId("confirm-power-stop"));
  await expect(page.getByTestId("team-done")).toContainText("blue-web-01: Powered off.");
  // Delete: vCenter refuses the operator, and the page names the privilege.
  await page.getByTestId("team-vm").filter({ hasText: "blue-web-01" }).getByTestId("delete-vm").click();
  await ready(page, info);
  await expect(page.getByTestId("confirm-panel")).toContainText("Delete blue-web-01?");
  await submitAndWait(page, info, page.getByTestId("confirm-delete"));
  await expect(page.getByTestId("team-delete-error")).toContainText("VirtualMachine.Inventory.Delete");
  await go(page, info, page.url().replace(/&.*$/, ""));
  await expect(page.getByTestId("team-vm").filter({ hasText: "blue-web-01" })).toHaveCount(1);
  await shoot(page, "my-team", info);

  // The VM is in the team's folder and pool, as the inventory shows it.
  await go(page, info, "/inventory/vm?name=blue-web-01");
  await expect(page.getByTestId("inventory-row")).toHaveCount(1);
});
