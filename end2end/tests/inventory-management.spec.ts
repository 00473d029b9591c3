import { test, expect, Page, TestInfo } from "@playwright/test";
import { PASSWORD, USER, go, ready, submitAndWait, submitLogin } from "./helpers";

// Inventory management, hydrated and without JavaScript: a datacenter is created (a bad name refused first),
// a host added to it (its thumbprint named by vCenter and accepted), disconnected after a confirmation and
// connected again; removing a clustered host is refused with vCenter's reason; the datacenter is deleted
// after a confirmation that counts its host. Also: a datastore's default storage policy, finding datastores
// and networks by id, and the customization specifications.

const ESX = "esx-new-01.east.lab";
const ESX_PRINT = "D4:2B:7E:19:C0:5A:83:F6:11:9D:E2:47:3C:B8:60:AF:25:71:CE:08";

async function login(page: Page, info: TestInfo, next: string) {
  await submitLogin(page, info, USER, PASSWORD, `/login?next=${encodeURIComponent(next)}`);
  await ready(page, info);
}

test("create a datacenter, add a host to it, disconnect and connect it, delete the datacenter", async ({ page }, info) => {
  test.setTimeout(90_000);
  const lab = `Lab-${info.project.name}`;
  await login(page, info, "/inventory/datacenter");
  const form = page.getByTestId("new-datacenter");
  await form.getByLabel("Datacenter name").fill("East/West");
  await submitAndWait(page, info, page.getByTestId("create-datacenter"));
  await expect(page.getByLabel("Datacenter name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByTestId("field-error")).toContainText("cannot contain “/”");
  await expect(page.getByLabel("Datacenter name")).toHaveValue("East/West");
  await page.getByLabel("Datacenter name").fill(lab);
  await submitAndWait(page, info, page.getByTestId("create-datacenter"));
  await expect(page.getByTestId("object-managed")).toContainText(`Created the datacenter ${lab}.`);
  const dcPage = page.url();

  // Add the host into the new datacenter: vCenter names the thumbprint first, the form offers it.
  await go(page, info, "/inventory/host");
  await page.getByTestId("add-host").click();
  await ready(page, info);
  await page.getByLabel("Host name or IP address").fill("esx new");
  await page.getByLabel("Password").fill("Esx-2018!");
  await submitAndWait(page, info, page.getByTestId("add-host-submit"));
  await expect(page.getByTestId("field-error")).toContainText("not a valid host name");
  await page.getByLabel("Host name or IP address").fill(ESX);
  await page.getByLabel("Password").fill("Esx-2018!");
  await page.getByLabel("Folder").selectOption({ label: `${lab} (the datacenter's hosts)` });
  await submitAndWait(page, info, page.getByTestId("add-host-submit"));
  await expect(page.getByTestId("add-host-error")).toContainText("not trusted yet");
  await expect(page.getByLabel("Certificate thumbprint (SHA-1)")).toHaveValue(ESX_PRINT);
  await expect(page.getByLabel("Folder")).toHaveValue(await page.getByLabel("Folder").inputValue());
  await page.screenshot({ path: `../target/screenshots/add-host-thumbprint-${info.project.name}.png`, fullPage: true });
  await page.getByLabel("Password").fill("Esx-2018!");
  await submitAndWait(page, info, page.getByTestId("add-host-submit"));
  await expect(page.getByTestId("object-managed")).toContainText(`Added the host ${ESX}: it is connected.`);
  await expect(page.getByTestId("host-connection")).toHaveText("Connected.");

  await page.getByTestId("disconnect-host").click();
  await expect(page.getByTestId("confirm-panel")).toContainText("vCenter stops managing the host");
  await submitAndWait(page, info, page.getByTestId("confirm-disconnect"));
  await expect(page.getByTestId("host-connection")).toHaveText("Disconnected.");
  await submitAndWait(page, info, page.getByTestId("connect-host"));
  await expect(page.getByTestId("object-managed")).toContainText(`Connected ${ESX}.`);
  await expect(page.getByTestId("host-connection")).toHaveText("Connected.");
  await page.screenshot({ path: `../target/screenshots/host-${info.project.name}.png`, fullPage: true });

  // A host in a cluster cannot be removed: vCenter's reason is shown.
  await go(page, info, "/objects?type=HostSystem&id=host-50&confirm=remove");
  await submitAndWait(page, info, page.getByTestId("confirm-remove-host"));
  await expect(page.getByTestId("host-action-error")).toContainText("is in the cluster Production");

  // The datacenter holds the host: the confirmation says so, and deletes both.
  await go(page, info, dcPage.replace(/&created=1/, ""));
  await page.getByTestId("delete-datacenter").click();
  await expect(page.getByTestId("confirm-panel")).toContainText("It holds 1 host");
  await submitAndWait(page, info, page.getByTestId("confirm-delete-datacenter"));
  await expect(page.getByTestId("datacenter-deleted")).toContainText(`Deleted the datacenter ${lab}.`);
  await go(page, info, `/inventory/host?q=${ESX}`);
  await expect(page.getByText(ESX)).toHaveCount(0);
});

test("default storage policy, find by id, customization specs", async ({ page }, info) => {
  await login(page, info, "/objects?type=Datastore&id=datastore-63");
  await expect(page.locator("dd").filter({ hasText: "vSAN Default Storage Policy" })).toHaveCount(1);
  await go(page, info, "/inventory/datastore");
  await page.getByLabel("Ids").fill("datastore-60, datastore-65");
  await page.getByRole("button", { name: "Find" }).click();
  await ready(page, info);
  await expect(page.getByTestId("found").locator("li")).toHaveText(["datastore-60 — Datastore", "datastore-65 — Datastore"]);
  await go(page, info, "/inventory/network?find=dvportgroup-72,network-99");
  await expect(page.getByTestId("find-by-id")).toBeVisible();
  await expect(page.getByText("network-99")).not.toHaveCount(0);
  await expect(page.getByTestId("found")).toHaveCount(0);
  await go(page, info, "/inventory/customization-specs");
  await expect(page.getByTestId("customization-specs").locator("tr[data-spec]")).toHaveCount(3);
  await page.getByLabel("Guest OS").selectOption("WINDOWS");
  await page.getByRole("button", { name: "Filter" }).click();
  await ready(page, info);
  await expect(page.getByTestId("customization-specs").locator("tr[data-spec]")).toHaveText([/Windows-2016-Domain/]);
  await page.screenshot({ path: `../target/screenshots/customization-specs-${info.project.name}.png`, fullPage: true });
});
