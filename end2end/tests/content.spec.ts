import { test, expect, Page, TestInfo } from "@playwright/test";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { go, jsOn, ready, submitAndWait, submitLogin } from "./helpers";

// Content libraries: a library made from its form, a 50 MB file uploaded (with a bar per file when JavaScript
// runs, a plain form post without), downloaded again and compared byte for byte, an OVF without its disk
// refused with the file named, an unreachable subscription URL probed, and the library deleted behind a
// confirmation that counts its items; a VM captured as an OVF template with its MAC addresses and deployed
// with an import option; a template's file shown in full and removed after a confirmation. Both projects share one simulator: names carry the project and a time.

async function login(page: Page, info: TestInfo) {
  await submitLogin(page, info);
  await expect(page).toHaveURL(/\/appliance\/summary$/);
}

function unique(info: TestInfo, base: string): string {
  return `${base}-${info.project.name}-${Date.now() % 1_000_000}`;
}

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

async function shoot(page: Page, name: string, info: TestInfo) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `../target/screenshots/content-${name}-${scheme}-${info.project.name}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** Creates a local library from the Content libraries page; leaves the browser on its page. */
async function createLibrary(page: Page, info: TestInfo, name: string) {
  await go(page, info, "/content-libraries");
  const form = page.getByTestId("local-library-form");
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Description").fill(`Made by the ${info.project.name} test`);
  await submitAndWait(page, info, form.getByRole("button", { name: "Create library" }));
  await expect(page).toHaveURL(/\/content-libraries\/[^/?]+\?result=created$/);
  await expect(page.getByRole("heading", { name: `Library: ${name}` })).toBeVisible();
}

test("a 50 MB file goes up with its progress and comes back byte for byte", async ({ page }, info) => {
  test.setTimeout(120_000);
  await login(page, info);
  const name = unique(info, "Images");
  await createLibrary(page, info, name);
  await expect(page.getByTestId("library-notice")).toContainText("Library created.");
  await shoot(page, "library", info);
  const libraryPage = page.url().replace(/\?.*$/, "");
  // Found by its name, in any case (a GET form: nothing changes).
  await go(page, info, `/content-libraries?find=${encodeURIComponent(name.toUpperCase())}`);
  await expect(page.getByTestId("found-library")).toHaveText([name]);
  await page.getByTestId("found-library").click();
  await ready(page, info);
  expect(page.url()).toBe(libraryPage);

  const dir = mkdtempSync(path.join(tmpdir(), "vconsole-upload-"));
  const file = path.join(dir, "photon-5.iso");
  const data = randomBytes(50 * 1024 * 1024);
  writeFileSync(file, data);
  const form = page.getByTestId("upload-form");
  await form.getByLabel("Item name").fill("Photon 5");
  await form.getByLabel("Type").selectOption("iso");
  await form.getByLabel("Files").setInputFiles(file);
  if (jsOn(info)) {
    // The browser's upload, slowed to 25 MB/s so its bar can be seen moving (loopback would finish at once).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 25 * 1024 * 1024 });
    await form.getByRole("button", { name: "Upload" }).click();
    const bar = page.getByTestId("upload-file");
    await expect(bar).toHaveAttribute("data-file", "photon-5.iso");
    await page.waitForFunction(() => {
      const p = Number(document.querySelector("[data-testid=upload-file]")?.getAttribute("data-percent"));
      return p > 0 && p < 100;
    });
    await shoot(page, "uploading", info);
    await page.waitForURL(/\/content-libraries\/items\/[^/?]+\?result=uploaded$/, { timeout: 60_000 });
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await ready(page, info);
  } else {
    await submitAndWait(page, info, form.getByRole("button", { name: "Upload" }));
    await expect(page).toHaveURL(/\/content-libraries\/items\/[^/?]+\?result=uploaded$/);
  }
  await expect(page.getByTestId("item-notice")).toContainText("Upload complete: the files are in the library.");
  const row = page.getByTestId("file").filter({ hasText: "photon-5.iso" });
  await expect(row.getByTestId("file-size")).toHaveText("50 MiB");
  await expect(row.getByTestId("file-checksum")).toContainText(sha256(data));
  await shoot(page, "item", info);

  const download = page.waitForEvent("download");
  await row.getByRole("button", { name: "Download photon-5.iso" }).click();
  const d = await download;
  expect(d.suggestedFilename()).toBe("photon-5.iso");
  const saved = path.join(dir, "back.iso");
  await d.saveAs(saved);
  expect(sha256(readFileSync(saved))).toBe(sha256(data));

  // The library counts its item; deleting it says so first.
  const itemUrl = page.url().replace(/\?.*$/, "");
  await page.getByRole("link", { name: `← Library ${name}` }).click();
  await ready(page, info);
  await expect(page.getByTestId("item")).toHaveCount(1);
  await page.getByTestId("delete-library").click();
  await ready(page, info);
  await expect(page.getByTestId("confirm-panel")).toContainText("deletes 1 item and their files (50 MiB)");
  await page.getByRole("link", { name: "Cancel" }).click();
  await ready(page, info);
  // The file shown in full, then removed from its item after a confirmation: the item has none left.
  await go(page, info, `${itemUrl}?file=photon-5.iso`);
  await expect(page.getByTestId("file-fields").locator("[data-field='size']").first()).toHaveText(String(data.length));
  await page.getByTestId("remove-file").click();
  await ready(page, info);
  await submitAndWait(page, info, page.getByTestId("confirm-remove-file"));
  await expect(page.getByTestId("item-notice")).toContainText("File removed");
  await expect(page.getByTestId("file")).toHaveCount(0);
  await page.getByRole("link", { name: `← Library ${name}` }).click();
  await ready(page, info);
  await page.getByTestId("delete-library").click();
  await ready(page, info);
  await expect(page.getByTestId("confirm-panel")).toContainText("deletes 1 item");
  await submitAndWait(page, info, page.getByTestId("confirm-delete"));
  await expect(page).toHaveURL(/\/content-libraries\?result=deleted$/);
  await expect(page.getByTestId("library-deleted")).toBeVisible();
  await expect(page.getByTestId("library").filter({ hasText: name })).toHaveCount(0);
});

test("an OVF without its disk is refused with the disk named, and nothing is left", async ({ page }, info) => {
  await login(page, info);
  const name = unique(info, "Templates");
  await createLibrary(page, info, name);
  const dir = mkdtempSync(path.join(tmpdir(), "vconsole-ovf-"));
  const ovf = path.join(dir, "web.ovf");
  writeFileSync(ovf, '<Envelope><References><File ovf:href="web-disk1.vmdk" ovf:id="file1"/></References></Envelope>');
  const form = page.getByTestId("upload-form");
  await form.getByLabel("Item name").fill("web");
  await form.getByLabel("Type").selectOption("ovf");
  await form.getByLabel("Files").setInputFiles(ovf);
  if (jsOn(info)) {
    await form.getByRole("button", { name: "Upload" }).click();
    await expect(page.getByTestId("upload-refused")).toContainText("web-disk1.vmdk is missing");
  } else {
    await submitAndWait(page, info, form.getByRole("button", { name: "Upload" }));
    await expect(page.getByTestId("upload-error")).toContainText("web-disk1.vmdk is missing");
  }
  await go(page, info, page.url().split("?")[0]);
  await expect(page.getByTestId("item")).toHaveCount(0);
});

test("a subscription URL is probed before subscribing, and a library name is checked", async ({ page }, info) => {
  await login(page, info);
  await go(page, info, "/content-libraries");
  const probe = page.getByTestId("probe-form");
  await probe.getByLabel("Subscription URL").fill("https://cl.example.invalid/lib/lib.json");
  await probe.getByLabel("Name", { exact: true }).fill(unique(info, "Mirror"));
  await submitAndWait(page, info, probe.getByRole("button", { name: "Probe URL" }));
  await expect(page.getByTestId("probe-result")).toContainText("Not reachable");
  await expect(page.getByTestId("probe-words")).toContainText("could not reach this host");
  await expect(page.getByTestId("subscribe-form")).toHaveCount(0);
  await expect(page.getByTestId("probe-form").getByLabel("Subscription URL")).toHaveValue("https://cl.example.invalid/lib/lib.json");

  const form = page.getByTestId("local-library-form");
  await form.getByLabel("Name", { exact: true }).fill("x".repeat(81));
  await form.getByLabel("Description").fill("kept as typed");
  await submitAndWait(page, info, form.getByRole("button", { name: "Create library" }));
  await expect(page.getByTestId("local-library-error")).toContainText("81 characters long; vCenter allows at most 80");
  await expect(page.getByTestId("local-library-form").getByLabel("Description")).toHaveValue("kept as typed");
});

test("a VM made into an OVF template deploys as a new VM that the VM list shows", async ({ page }, info) => {
  test.setTimeout(60_000);
  await login(page, info);
  const name = unique(info, "Blueprints");
  await createLibrary(page, info, name);
  // A powered-off VM of the inventory, by name.
  await go(page, info, "/inventory/vm?state=POWERED_OFF");
  const vmName = (await page.getByTestId("inventory-row").first().locator("a").first().textContent())!.trim();
  await page.goBack();
  await ready(page, info);
  const capture = page.getByTestId("capture-form");
  await capture.getByLabel("Virtual machine (name or id)").fill(vmName);
  await capture.getByLabel("OVF template").check();
  await capture.getByLabel("Item name").fill("blueprint");
  await capture.getByLabel("Include the MAC addresses of the network adapters.").check();
  await submitAndWait(page, info, capture.getByRole("button", { name: "Make template" }));
  await expect(page).toHaveURL(/\/content-libraries\/items\/[^/?]+\?result=captured$/);
  await expect(page.getByTestId("item-notice")).toContainText("Template made");
  const itemPage = page.url().replace(/\?.*$/, "");
  const deploy = page.getByTestId("ovf-deploy-form");
  const vm = unique(info, "from-blueprint");
  await deploy.getByLabel("Virtual machine name").fill(vm);
  await deploy.getByLabel("Disk provisioning").selectOption("thin");
  await deploy.getByLabel("Storage policy").selectOption({ label: "Gold (VMFS)" });
  await deploy.getByLabel(/Read the OVF descriptor leniently/).check();
  await shoot(page, "deploy", info);
  await submitAndWait(page, info, deploy.getByRole("button", { name: "Deploy" }));
  await expect(page).toHaveURL(/\/objects\?type=VirtualMachine&id=vm-\d+&deployed=1$/);
  await expect(page.getByRole("heading", { name: vm })).toBeVisible();
  const vmPage = page.url().replace(/&deployed=1$/, "");
  // Exported with the MAC addresses: the new VM's adapters have them as set addresses (its Details tab).
  await go(page, info, `${vmPage}&tab=details&part=nic`);
  await expect(page.getByTestId("details-sections").locator("[data-field='mac_type']").first()).toHaveText("MANUAL");
  // The policy chosen is the new VM's, for its files and its disks.
  await go(page, info, `${vmPage}&tab=storage`);
  const gold = "c4e2f8a0-6d1b-4e9a-9b62-1d2f6e1c0a01";
  await expect(page.locator("#policy-home")).toHaveValue(gold);
  await expect(page.getByTestId("disk-policy").first()).toHaveValue(gold);
  await go(page, info, `/inventory/vm?name=${encodeURIComponent(vm)}`);
  await expect(page.getByTestId("inventory-row").filter({ hasText: vm })).toHaveCount(1);
  // Deleted again, so the shared inventory stays as the other specs count it.
  await go(page, info, vmPage);
  await page.getByTestId("delete-vm").click();
  await ready(page, info);
  await submitAndWait(page, info, page.getByTestId("confirm-delete-vm"));
  await go(page, info, `/inventory/vm?name=${encodeURIComponent(vm)}`);
  await expect(page.getByTestId("inventory-row").filter({ hasText: vm })).toHaveCount(0);

  // The template's files, each with every field vCenter reports. Its disk cannot be removed: the descriptor
  // references it (vCenter's refusal, nothing changed).
  await go(page, info, itemPage);
  const files = page.getByTestId("file");
  const before = await files.count();
  const disk = files.filter({ hasText: ".vmdk" }).first();
  const diskName = (await disk.getByTestId("file-details").innerText()).trim();
  await disk.getByTestId("file-details").click();
  await ready(page, info);
  await expect(page.getByTestId("file-fields").locator("[data-field='name']").first()).toHaveText(diskName);
  await expect(page.getByTestId("file-fields").locator("[data-field='storage_uris']")).toContainText(diskName);
  await page.getByTestId("remove-file").click();
  await ready(page, info);
  await expect(page.getByTestId("confirm-panel")).toContainText("new content version");
  await submitAndWait(page, info, page.getByTestId("confirm-remove-file"));
  await expect(page.getByTestId("remove-file-error")).toContainText(`${diskName} is missing`);
  await expect(files).toHaveCount(before);
});
