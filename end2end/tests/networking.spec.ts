import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, go, jsOn, ready, submitLogin } from "./helpers";

// Appliance › Networking: host name, DNS, an interface's IPv4, proxies and reset — changes persist after a
// reload, bad values are refused with a message and kept as typed, tests show their result. Hydrated and
// without JavaScript; each test puts back what it changed.

async function login(page: Page, info: TestInfo, next = "/appliance/networking") {
  await submitLogin(page, info, USER, PASSWORD, `/login?next=${encodeURIComponent(next)}`);
  await ready(page, info);
}

async function reload(page: Page, info: TestInfo) {
  await page.reload();
  await ready(page, info);
}

test("host name: refused when malformed, saved and shown in the overview, tested", async ({ page }, info) => {
  await login(page, info);
  const form = () => page.getByTestId("hostname-form");
  await form().getByLabel("Host name").fill("bad_name!");
  await form().getByRole("button", { name: "Save host name" }).click();
  await expect(page.getByTestId("hostname-error")).toContainText("is not a valid host name");
  await expect(form().getByLabel("Host name")).toHaveValue("bad_name!");
  await form().getByLabel("Host name").fill("vcsa-02.corp.local");
  await form().getByRole("button", { name: "Save host name" }).click();
  await expect(page.getByTestId("overview-hostname")).toHaveText("vcsa-02.corp.local");
  await reload(page, info);
  await expect(page.getByTestId("overview-hostname")).toHaveText("vcsa-02.corp.local");
  await form().getByLabel("Host name").fill("vcsa-01.corp.local");
  await form().getByRole("button", { name: "Save host name" }).click();
  await expect(page.getByTestId("overview-hostname")).toHaveText("vcsa-01.corp.local");

  const t = page.getByTestId("hostname-test-form");
  await t.getByLabel("Test a host name").fill("nope.invalid");
  await t.getByRole("button", { name: "Test" }).click();
  await expect(page.getByTestId("hostname-test").locator("[data-state]")).toHaveAttribute("data-state", "Failed");
  await expect(page.getByTestId("hostname-test")).toContainText("Could not resolve nope.invalid");
  await page.getByTestId("hostname-test-form").getByLabel("Test a host name").fill("vcsa-01.corp.local");
  await page.getByTestId("hostname-test-form").getByRole("button", { name: "Test" }).click();
  await expect(page.getByTestId("hostname-test").locator("[data-state]")).toHaveAttribute("data-state", "Passed");
  await page.screenshot({ path: `../target/screenshots/networking-${info.project.name}.png`, fullPage: true });
});

test("DNS servers: a name is refused and kept, an added server persists, the test reports each", async ({ page }, info) => {
  await login(page, info);
  const form = () => page.getByTestId("dns-form");
  await form().getByLabel("Servers").fill("10.0.0.2\ndns.corp.local");
  await form().getByRole("button", { name: "Save DNS" }).click();
  await expect(page.getByTestId("dns-error")).toContainText("“dns.corp.local” is not an IP address");
  await expect(form().getByLabel("Servers")).toHaveValue("10.0.0.2\ndns.corp.local");
  await page.getByTestId("dns-add-form").getByLabel("Add a DNS server").fill("10.0.0.4");
  await page.getByTestId("dns-add-form").getByRole("button", { name: "Add" }).click();
  await expect(page.getByTestId("overview-dns")).toContainText("10.0.0.2, 10.0.0.3, 10.0.0.4");
  await reload(page, info);
  await expect(page.getByTestId("overview-dns")).toContainText("10.0.0.4");
  await form().getByLabel("Servers").fill("10.0.0.2\n10.0.0.3");
  await form().getByRole("button", { name: "Save DNS" }).click();
  await expect(page.getByTestId("overview-dns")).toHaveText("static — 10.0.0.2, 10.0.0.3");

  await page.getByTestId("dns-test-form").getByLabel("Test DNS servers").fill("10.0.0.2\n192.0.2.53");
  await page.getByTestId("dns-test-form").getByRole("button", { name: "Test" }).click();
  await expect(page.getByTestId("dns-test").locator("[data-state]")).toHaveAttribute("data-state", "Partly");
  await expect(page.getByTestId("dns-test")).toContainText("DNS server 192.0.2.53 did not answer");
});

test("an interface's IPv4: a gateway outside the subnet is refused and kept, a good one persists", async ({ page }, info) => {
  await login(page, info, "/appliance/networking/interfaces/nic1");
  const form = () => page.getByTestId("ipv4-form");
  await form().getByLabel("Static").check();
  await form().getByLabel("Address").fill("192.168.50.10");
  await form().getByLabel("Prefix").fill("24");
  await form().getByLabel("Default gateway").fill("192.168.60.1");
  await form().getByRole("button", { name: "Save IPv4" }).click();
  await expect(page.getByTestId("ipv4-error")).toContainText("not in the subnet of 192.168.50.10/24");
  await expect(form().getByLabel("Default gateway")).toHaveValue("192.168.60.1");
  await expect(form().getByLabel("Address")).toHaveValue("192.168.50.10");
  await form().getByLabel("Default gateway").fill("192.168.50.1");
  await form().getByRole("button", { name: "Save IPv4" }).click();
  await expect(page.getByTestId("ipv4-current")).toHaveText("Now: 192.168.50.10/24 (static)");
  await reload(page, info);
  await expect(page.getByTestId("ipv4-current")).toHaveText("Now: 192.168.50.10/24 (static)");
  await go(page, info, "/appliance/networking");
  await expect(page.getByTestId("interfaces").locator('tr[data-nic="nic1"]')).toContainText("192.168.50.10/24");
  await go(page, info, "/appliance/networking/interfaces/nic1");
  await form().getByLabel("Unconfigured").check();
  await form().getByRole("button", { name: "Save IPv4" }).click();
  await expect(page.getByTestId("ipv4-current")).toHaveText("Now: Not configured");
});

test("a proxy persists, a bad port is refused and kept, a test reports, delete asks first", async ({ page }, info) => {
  await login(page, info, "/appliance/networking/proxy");
  const form = () => page.getByTestId("proxy-https-form");
  await form().getByLabel("Server").fill("proxy.corp.local");
  await form().getByLabel("Port").fill("99999");
  await form().getByLabel("Use this proxy").check();
  await form().getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("proxy-error")).toContainText("not a port");
  // In the HTTPS card only: its Port marked and focused, the other cards untouched.
  await expect(page.getByTestId("proxy-error")).toHaveCount(1);
  await expect(form().getByLabel("Port")).toHaveAttribute("aria-invalid", "true");
  await expect(form().getByLabel("Port")).toBeFocused();
  await expect(page.getByTestId("proxy-http-form").getByLabel("Port")).not.toHaveAttribute("aria-invalid", "true");
  await expect(form().getByLabel("Port")).toHaveValue("99999");
  await expect(form().getByLabel("Server")).toHaveValue("proxy.corp.local");
  await form().getByLabel("Port").fill("3128");
  await form().getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("proxy-https-state").locator("[data-state]")).toHaveAttribute("data-state", "Enabled");
  await reload(page, info);
  await expect(page.getByTestId("proxy-https-state").locator("[data-state]")).toHaveAttribute("data-state", "Enabled");
  await expect(form().getByLabel("Port")).toHaveValue("3128");
  // The test posts (the appliance contacts the host it names): its result comes back with the page the form
  // returns to, whose URL carries no test, so a reload shows the result again without testing again.
  const tester = () => page.getByTestId("proxy-https-test-form");
  await tester().getByRole("button", { name: "Test saved proxy" }).click();
  await expect(page.getByTestId("proxy-https-test")).toContainText("Reached www.vmware.com over HTTPS through the proxy proxy.corp.local:3128");
  await expect(page.getByTestId("proxy-https-test").locator("[data-ok]")).toHaveAttribute("data-ok", "true");
  expect(page.url()).not.toMatch(/host=|test_proxy=/);
  await reload(page, info);
  await expect(page.getByTestId("proxy-https-test")).toContainText("Reached www.vmware.com over HTTPS");
  await ready(page, info);
  await tester().getByLabel("Test by reaching").fill("updates.example");
  await tester().getByRole("button", { name: "Test saved proxy" }).click();
  await expect(page.getByTestId("proxy-https-test")).toContainText("The proxy proxy.corp.local:3128 could not reach updates.example.");
  await expect(tester().getByLabel("Test by reaching")).toHaveValue("updates.example");
  await ready(page, info);
  await tester().getByLabel("Test by reaching").fill("bad_host");
  await tester().getByRole("button", { name: "Test saved proxy" }).click();
  await expect(page.getByTestId("proxy-https-test-refused")).toContainText("not a valid host name");
  await expect(tester().getByLabel("Test by reaching")).toHaveAttribute("aria-invalid", "true");
  await expect(tester().getByLabel("Test by reaching")).toHaveValue("bad_host");
  await expect(page.getByTestId("proxy-http-test"), "only the tested protocol shows a result").toHaveCount(0);
  await page.screenshot({ path: `../target/screenshots/networking-proxy-${info.project.name}.png`, fullPage: true });
  await form().getByRole("link", { name: "Delete…" }).click();
  await expect(page.getByTestId("confirm-panel")).toContainText("Delete the HTTPS proxy?");
  await page.getByTestId("confirm-delete-proxy").click();
  await expect(page.getByTestId("proxy-https-state").locator("[data-state]")).toHaveAttribute("data-state", "Disabled");
});

test("reset networking asks first and keeps the configuration", async ({ page }, info) => {
  await login(page, info);
  await page.getByTestId("reset-networking").click();
  await expect(page.getByTestId("confirm-panel")).toContainText("Every network interface is restarted");
  await page.getByTestId("confirm-reset").click();
  await expect(page.getByTestId("reset-done")).toBeVisible();
  await expect(page.getByTestId("overview-hostname")).toHaveText("vcsa-01.corp.local");
});

test("disabling IPv6 asks first and says what it cuts; cancel keeps it, confirm turns it off, enabling is one click", async ({ page }, info) => {
  await login(page, info);
  const overview = page.getByTestId("networking-overview");
  await expect(overview.getByText("Enabled")).toBeVisible();
  await page.getByTestId("disable-ipv6").click();
  await expect(page.getByTestId("confirm-panel")).toContainText("loses the connection");
  await page.getByTestId("confirm-cancel").click();
  await ready(page, info);
  await expect(page.getByTestId("confirm-panel")).toHaveCount(0);
  await expect(overview.getByText("Enabled")).toBeVisible();

  await page.getByTestId("disable-ipv6").click();
  await page.getByTestId("confirm-disable-ipv6").click();
  await expect(overview.getByText("Disabled")).toBeVisible();
  await expect(page.getByTestId("confirm-panel")).toHaveCount(0);
  await reload(page, info);
  await expect(overview.getByText("Disabled")).toBeVisible();

  await page.getByRole("button", { name: "Enable IPv6" }).click();
  await expect(overview.getByText("Enabled")).toBeVisible();
});
