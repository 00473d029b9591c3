import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, go, ready, submitLogin } from "./helpers";

// The API explorer (vapi/metadata), hydrated and without JavaScript: all 407 operations are listed by
// component; a search narrows them; a service shows each operation's request, inputs, the privilege it needs
// and the console page that uses it; a structure its fields; an unknown service vCenter's refusal.

async function login(page: Page, info: TestInfo, next: string) {
  await submitLogin(page, info, USER, PASSWORD, `/login?next=${encodeURIComponent(next)}`);
  await ready(page, info);
}

test("browse and search vCenter's description of its API", async ({ page }, info) => {
  await login(page, info, "/api-explorer");
  await expect(page.getByTestId("api-count")).toContainText("407 operations in all");
  await page.getByLabel("Service or operation").fill("vm.power");
  await page.getByRole("button", { name: "Search" }).click();
  await ready(page, info);
  await expect(page.locator("tr[data-service]")).toHaveCount(1);
  await page.getByRole("link", { name: "com.vmware.vcenter.vm.power" }).click();
  await ready(page, info);
  const start = page.locator("[data-operation='start']");
  await expect(start.getByTestId("request")).toHaveText("POST /rest/vcenter/vm/{vm}/power/start");
  await expect(start.getByTestId("privileges")).toContainText("VirtualMachine.Interact.PowerOn");
  await expect(page.getByTestId("console-page")).toHaveAttribute("href", "/inventory/vm");
  await page.screenshot({ path: `../target/screenshots/api-explorer-${info.project.name}.png`, fullPage: true });

  await go(page, info, "/api-explorer/service?id=com.vmware.vcenter.datacenter");
  await page.getByRole("link", { name: "com.vmware.vcenter.datacenter.create_spec" }).first().click();
  await ready(page, info);
  await expect(page.getByTestId("type-members").locator("tbody tr")).toHaveCount(2);
  await go(page, info, "/api-explorer/service?id=com.vmware.nothing");
  await expect(page.getByRole("alert").first()).toContainText("not found");
});

test("the coverage page lists every operation with who calls and who serves it", async ({ page }, info) => {
  await login(page, info, "/api-coverage");
  await expect(page.getByTestId("routed")).toContainText("407 of 407");
  await expect(page.getByTestId("coverage").locator("tbody tr")).toHaveCount(407);
  const called = Number((await page.getByTestId("called").innerText()).split(" ")[0]);
  expect(called).toBeGreaterThan(300);
  await page.getByLabel("Not called by the console yet").check();
  await page.getByRole("button", { name: "Filter" }).click();
  await ready(page, info);
  await expect(page.getByTestId("coverage").locator("tbody tr")).toHaveCount(407 - called);
  await expect(page.getByTestId("coverage").locator("tr[data-called='true']")).toHaveCount(0);
  await go(page, info, "/api-coverage?q=vcenter/host");
  await expect(page.locator("tr[data-function='vcenter_host_create'] td").nth(2)).toContainText("app/src/api/vcenter/host.rs");
});

test("the catalogue, a component's fingerprints, a package, an operation's own page and the CLI", async ({ page }, info) => {
  await login(page, info, "/api-explorer");
  const catalogue = page.getByTestId("api-catalogue");
  await expect(catalogue.locator("[data-source='Metamodel']")).toContainText(/\d+ services · \d+ structures · \d+ enumerations · \d+ resource types/);
  await expect(catalogue.locator("[data-source='Privileges']")).toContainText("components");
  await page.getByTestId("component-link").filter({ hasText: "com.vmware.vcenter" }).first().click();
  await ready(page, info);
  // Three fingerprints, each a digest of its description.
  await expect(page.getByTestId("fingerprints").locator("dd")).toHaveCount(3);
  for (const dd of await page.getByTestId("fingerprints").locator("dd").all()) {
    expect(await dd.innerText()).toMatch(/^[0-9a-f]{64}$/);
  }
  await expect(page.getByTestId("component-packages").locator("tr[data-package='com.vmware.vcenter']")).toBeVisible();
  await page.getByTestId("component-packages").getByRole("link", { name: "com.vmware.vcenter", exact: true }).click();
  await ready(page, info);
  await expect(page.getByTestId("package-defaults")).toContainText("How they authenticate");
  await page.getByRole("link", { name: "com.vmware.vcenter.datacenter", exact: true }).click();
  await ready(page, info);
  await page.locator("section", { has: page.locator("[data-operation='create']") }).getByTestId("operation-page").click();
  await ready(page, info);
  await expect(page.getByTestId("request")).toHaveText("POST /rest/vcenter/datacenter");
  await expect(page.getByTestId("privileges")).toContainText("Authenticates with com.vmware.vapi.std.security.session_id.");
  await expect(page.getByRole("link", { name: "delete", exact: true })).toBeVisible();
  await page.screenshot({ path: `../target/screenshots/api-explorer-operation-${info.project.name}.png`, fullPage: true });
  // Its CLI command: the options are its inputs.
  await page.getByRole("link", { name: "Its CLI command" }).click();
  await ready(page, info);
  await expect(page.getByTestId("cli-fingerprints").locator("dd")).toHaveCount(2);
  await expect(page.getByTestId("cli-namespace").getByTestId("cli-command")).toContainText(["create", "delete", "get", "list"]);
  await expect(page.getByTestId("cli-command-fields")).toContainText("com.vmware.vcenter.datacenter");
  await expect(page.getByTestId("cli-command-fields").locator("[data-field='options[0].long_option']")).toHaveText("spec");
  // The privilege an operation needs, on its own page.
  await go(page, info, "/api-explorer/operation?service=com.vmware.vcenter.vm.power&op=start");
  await expect(page.getByTestId("privileges")).toContainText("Needs VirtualMachine.Interact.PowerOn.");
  // A resource type and the structures that model it.
  await go(page, info, "/api-explorer/resource?id=Datacenter");
  await expect(page.getByTestId("resource-models").locator("a").first()).toBeVisible();
  // An operation the service does not have: vCenter's refusal.
  await go(page, info, "/api-explorer/operation?service=com.vmware.vcenter.datacenter&op=explode");
  await expect(page.getByRole("alert").first()).toContainText("not found");
});
