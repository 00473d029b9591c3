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

  await page.getByTestId("install").getByLabel("SSO administrator password").fill(PASSWORD);
  await submitAndWait(page, info, page.getByTestId("install-start"));
  await expect(page.getByTestId("question")).toContainText("Continue with the installation?", { timeout: 20_000 });
  await page.screenshot({ path: `../target/screenshots/deployment-question-${info.project.name}.png`, fullPage: true });
  await submitAndWait(page, info, page.getByTestId("answer-default"));
  await expect(page.getByTestId("deployment-state").locator("[data-state]")).toHaveAttribute("data-state", "Configured", { timeout: 20_000 });
  await page.goto("/vcenter/system-config");
  await ready(page, info);
  await expect(page.getByTestId("deployment-type")).toHaveText("vCenter Server with an embedded Platform Services Controller");
});
