import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, ready, submitLogin } from "./helpers";

// Appliance › Syslog: servers persist, a bad port is refused with a message and the form keeps what was
// typed, and the test shows each server's state. Hydrated and without JavaScript; the forwarding is
// cleared again at the end.

async function login(page: Page, info: TestInfo) {
  await submitLogin(page, info, USER, PASSWORD, "/login?next=/appliance/syslog");
  await expect(page).toHaveURL(/\/appliance\/syslog$/);
  await ready(page, info);
}

test("syslog servers persist, bad input is refused and kept, and the test reports each server", async ({ page }, info) => {
  await login(page, info);
  const form = () => page.getByTestId("syslog-form");
  await expect(page.getByTestId("syslog-summary")).toHaveText("Log messages are not forwarded.");
  await form().getByLabel("Server 1: host").fill("logs.corp.local");
  await form().getByLabel("Protocol").first().selectOption("TLS");
  await form().getByLabel("Server 2: host").fill("10.0.0.9");
  await form().getByLabel("Port").nth(1).fill("70000");
  await form().getByLabel("Protocol").nth(1).selectOption("UDP");
  await form().getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("syslog-error")).toContainText("not a port");
  await expect(form().getByLabel("Server 2: host")).toHaveValue("10.0.0.9");
  await expect(form().getByLabel("Port").nth(1)).toHaveValue("70000");
  await expect(form().getByLabel("Protocol").nth(1)).toHaveValue("UDP");

  await form().getByLabel("Port").nth(1).fill("1514");
  await form().getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("syslog-summary")).toHaveText("Log messages are forwarded to 2 servers.");
  await page.reload();
  await ready(page, info);
  await expect(form().getByLabel("Server 1: host")).toHaveValue("logs.corp.local");
  await expect(form().getByLabel("Port").first()).toHaveValue("6514");
  await expect(form().getByLabel("Port").nth(1)).toHaveValue("1514");
  await expect(form().getByLabel("Protocol").nth(1)).toHaveValue("UDP");

  const test_ = page.getByTestId("syslog-test-form");
  await test_.getByLabel("Also send a test message").check();
  await test_.getByRole("button", { name: "Test" }).click();
  const results = page.getByTestId("syslog-results");
  await expect(results.locator('tr[data-server="logs.corp.local"] [data-state]')).toHaveAttribute("data-state", "Up");
  await expect(results.locator('tr[data-server="10.0.0.9"] [data-state]')).toHaveAttribute("data-state", "Unknown");
  await expect(results).toContainText("a test message was sent");
  await page.screenshot({ path: `../target/screenshots/syslog-${info.project.name}.png`, fullPage: true });

  await form().getByLabel("Server 1: host").fill("");
  await form().getByLabel("Server 2: host").fill("");
  await form().getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("syslog-summary")).toHaveText("Log messages are not forwarded.");
});
