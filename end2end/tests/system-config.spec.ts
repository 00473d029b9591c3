import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, ready, submitAndWait, submitLogin } from "./helpers";

// vCenter › System configuration (vcenter/system-config): an embedded vCenter is registered with an external
// PSC after a confirmation — a bad address is refused before sending, an unknown certificate's thumbprint is
// offered by vCenter and accepted — then repointed to another PSC of its domain, and a PSC of another domain is
// refused. Hydrated and without JavaScript, each project on its own console (the change cannot be undone).

const PSC1 = "3C:1F:A2:7B:90:5D:E4:11:C8:62:0F:9A:B3:44:D7:28:6E:05:B1:9C";

async function login(page: Page, info: TestInfo, next: string) {
  await submitLogin(page, info, USER, PASSWORD, `/login?next=${encodeURIComponent(next)}`);
  await ready(page, info);
}

test("register with an external PSC, accepting its thumbprint, then repoint", async ({ page }, info) => {
  test.setTimeout(60_000);
  await login(page, info, "/vcenter/system-config");
  await expect(page.getByTestId("deployment-type")).toHaveText("vCenter Server with an embedded Platform Services Controller");
  await expect(page.getByTestId("psc-address")).toHaveText("vcsa-01.corp.local");

  await page.getByTestId("reconfigure-open").click();
  await expect(page.getByTestId("confirm-panel")).toContainText("everyone is logged out");
  const form = page.getByTestId("reconfigure");
  // Refused before anything is sent: the field is marked, and says why.
  await form.getByLabel("PSC address").fill("psc 01");
  await form.getByLabel("SSO administrator password").fill(PASSWORD);
  await submitAndWait(page, info, page.getByTestId("reconfigure-submit"));
  await expect(page.getByLabel("PSC address")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("field-error")).toContainText("not a valid host name");
  await expect(page.getByTestId("deployment-type")).toContainText("embedded");

  // No thumbprint: vCenter names the PSC's, and the form offers it, the address kept as typed.
  await page.getByLabel("PSC address").fill("psc-01.corp.local");
  await page.getByLabel("SSO administrator password").fill(PASSWORD);
  await submitAndWait(page, info, page.getByTestId("reconfigure-submit"));
  await expect(page.getByTestId("reconfigure-error")).toContainText("not trusted");
  await expect(page.getByLabel("PSC address")).toHaveValue("psc-01.corp.local");
  await expect(page.getByLabel("Certificate thumbprint (SHA-1)")).toHaveValue(PSC1);
  await page.screenshot({ path: `../target/screenshots/system-config-thumbprint-${info.project.name}.png`, fullPage: true });
  await page.getByLabel("SSO administrator password").fill(PASSWORD);
  await submitAndWait(page, info, page.getByTestId("reconfigure-submit"));
  await expect(page.getByTestId("reconfigured")).toBeVisible();
  await expect(page.getByTestId("deployment-type")).toHaveText("vCenter Server with an external Platform Services Controller");
  await expect(page.getByTestId("psc-address")).toHaveText("psc-01.corp.local");

  // Repoint: a PSC of another SSO domain is refused with vCenter's reason; one of the same domain is taken.
  await page.getByTestId("repoint-open").click();
  await expect(page.getByTestId("confirm-panel")).toContainText("leaves psc-01.corp.local");
  await page.getByLabel("PSC address").fill("psc.lab.local");
  await page.getByLabel("SSO administrator password").fill(PASSWORD);
  await page.getByLabel("Certificate thumbprint (SHA-1)").fill("58:E2:0B:94:7F:C1:3A:D6:81:2E:F5:09:BC:63:47:1D:A0:9E:C4:72");
  await submitAndWait(page, info, page.getByTestId("repoint-submit"));
  await expect(page.getByTestId("repoint-error")).toContainText("serves the SSO domain lab.local");
  await page.getByLabel("PSC address").fill("psc-02.corp.local");
  await page.getByLabel("Certificate thumbprint (SHA-1)").fill("a7045ec9228bf1360de7934a6cb815f029d37e41");
  await page.getByLabel("SSO administrator password").fill(PASSWORD);
  await submitAndWait(page, info, page.getByTestId("repoint-submit"));
  await expect(page.getByTestId("repointed")).toBeVisible();
  await expect(page.getByTestId("psc-address")).toHaveText("psc-02.corp.local");
  await page.screenshot({ path: `../target/screenshots/system-config-${info.project.name}.png`, fullPage: true });
});
