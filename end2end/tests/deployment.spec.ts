import { expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, consoleTest, ready, submitAndWait, submitLogin } from "./helpers";

// vCenter › Deployment on a freshly deployed appliance (--sim-fresh, a console of its own), hydrated and
// without JavaScript: a weak SSO password fails vCenter's check, a good spec passes it; the install runs,
// stops at vCenter's question, goes on when it is answered and leaves the appliance configured, which System
// configuration then reads.

const test = consoleTest({ VCONSOLE_SIM_FRESH: "true" });

async function login(page: Page, info: TestInfo, next: string) {
  await submitLogin(page, info, USER, PASSWORD, `/login?next=${encodeURIComponent(next)}`);
  await ready(page, info);
}

test("an external PSC: its certificate's thumbprint offered, then the PSC part and the whole spec checked", async ({ page }, info) => {
  await login(page, info, "/vcenter/deployment");
  const form = () => page.getByTestId("install");
  await form().getByLabel("The appliance becomes").selectOption("external");
  await form().getByLabel("PSC (replica partner or external PSC)").fill("psc-01.corp.local");
  await form().getByLabel("SSO administrator password").fill(PASSWORD);
  await submitAndWait(page, info, page.getByTestId("install-check"));
  // vCenter read the PSC's certificate: its thumbprint is offered in the field, to compare and accept.
  await expect(page.getByTestId("install-error")).toContainText("The certificate of psc-01.corp.local has the thumbprint");
  const thumbprint = await form().getByLabel("PSC certificate thumbprint (SHA-1)").inputValue();
  expect(thumbprint).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
  await expect(form().getByLabel("PSC (replica partner or external PSC)")).toHaveValue("psc-01.corp.local");
  // A wrong password: the PSC part's own check refuses it.
  await form().getByLabel("SSO administrator password").fill("Wrong-2018!");
  await submitAndWait(page, info, page.getByTestId("install-check"));
  await expect(page.getByTestId("install-error")).toContainText("The checks failed");
  await form().getByLabel("SSO administrator password").fill(PASSWORD);
  await submitAndWait(page, info, page.getByTestId("install-check"));
  await expect(page.getByTestId("checked")).toContainText("passes vCenter's checks");
  await expect(form().getByLabel("The appliance becomes")).toHaveValue("external");
  await expect(form().getByLabel("PSC (replica partner or external PSC)")).toHaveValue("psc-01.corp.local");
  await expect(form().getByLabel("PSC certificate thumbprint (SHA-1)")).toHaveValue(thumbprint);
  await expect(page.getByTestId("deployment-state").locator("[data-state]")).toHaveAttribute("data-state", "Waiting for its configuration");
});

test("install a fresh appliance: check, start, answer its question, configured", async ({ page }, info) => {
  test.setTimeout(90_000);
  await login(page, info, "/vcenter/deployment");
  await expect(page.getByTestId("deployment-state").locator("[data-state]")).toHaveAttribute("data-state", "Waiting for its configuration");
  const form = page.getByTestId("install");
  await form.getByLabel("SSO administrator password").fill("vmware");
  await submitAndWait(page, info, page.getByTestId("install-check"));
  await expect(page.getByTestId("install-error")).toContainText("8 to 20 characters");
  await page.getByTestId("install").getByLabel("SSO administrator password").fill(PASSWORD);
  await page.getByTestId("install").getByLabel("SSO domain (new domain)").fill("vsphere.local");
  await submitAndWait(page, info, page.getByTestId("install-check"));
  await expect(page.getByTestId("checked")).toContainText("passes vCenter's checks");
  // The form comes back as typed, its password aside, to be started next.
  await expect(page.getByTestId("install").getByLabel("SSO domain (new domain)")).toHaveValue("vsphere.local");
  await expect(page.getByTestId("install").getByLabel("SSO administrator password")).toHaveValue("");

  await page.getByTestId("install").getByLabel("SSO administrator password").fill(PASSWORD);
  await submitAndWait(page, info, page.getByTestId("install-start"));
  await expect(page.getByTestId("question")).toContainText("Continue with the installation?", { timeout: 20_000 });
  // What the install under way is given, as vCenter keeps it, without the password.
  const spec = page.getByTestId("deployment-spec");
  await expect(spec.locator("[data-field='vcsa_embedded.standalone.sso_domain_name']")).toHaveText("vsphere.local");
  await expect(spec.locator("dl")).not.toContainText("sso_admin_password");
  await expect(spec.locator("dl")).not.toContainText(PASSWORD);
  await page.screenshot({ path: `../target/screenshots/deployment-question-${info.project.name}.png`, fullPage: true });
  await submitAndWait(page, info, page.getByTestId("answer-default"));
  await expect(page.getByTestId("deployment-state").locator("[data-state]")).toHaveAttribute("data-state", "Configured", { timeout: 20_000 });
  // Once it has ended, vCenter no longer keeps it.
  await page.reload();
  await ready(page, info);
  await expect(page.getByTestId("deployment-spec")).toHaveCount(0);
  await page.goto("/vcenter/system-config");
  await ready(page, info);
  await expect(page.getByTestId("deployment-type")).toHaveText("vCenter Server with an embedded Platform Services Controller");
});
