import { test, expect } from "@playwright/test";
import { go, openPoweredOffVm, ready, submitAndWait } from "./helpers";

// A VM's devices on its Hardware tab: a disk refused at its field and at a busy address, added, and removed after a confirmation that
// says its file stays; a CD/DVD drive given an ISO file; once the VM runs, the drive and the network adapter
// connect and disconnect. Hydrated and without JavaScript; the VM ends powered off, as it started.

test("disks, CD/DVD drives and network adapters change from the Hardware tab", async ({ page }, info) => {
  test.setTimeout(90_000);
  const { name, summary } = await openPoweredOffVm(page, info, 1);
  await page.getByTestId("tab-hardware").click();
  await ready(page, info);
  const disks = page.locator('[data-class="disks"] [data-testid="device"]');
  await expect(disks).toHaveCount(1);

  // A disk: refused at its field and kept as typed, then added.
  await page.getByTestId("add-disk").locator("summary").click();
  await page.getByLabel("Size (GB)").fill("0");
  await submitAndWait(page, info, page.getByTestId("add-disk-save"));
  await expect(page.getByLabel("Size (GB)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Size (GB)")).toHaveValue("0");
  await expect(page.getByTestId("add-disk-form")).toContainText("A disk is from 1 to 63488 GB");
  // A busy address: vCenter's refusal, nothing added, the form as typed.
  await page.getByLabel("Size (GB)").fill("20");
  await page.getByLabel("Address (optional)").fill("0:0");
  await submitAndWait(page, info, page.getByTestId("add-disk-save"));
  await expect(page.getByTestId("add-disk-form")).toContainText("SCSI 0:0 of virtual machine");
  await expect(page.getByLabel("Address (optional)")).toHaveValue("0:0");
  await expect(disks).toHaveCount(1);
  await page.getByLabel("Address (optional)").fill("");
  await submitAndWait(page, info, page.getByTestId("add-disk-save"));
  await expect(page.getByTestId("device-done")).toHaveText(/Hard disk added\./);
  await expect(disks).toHaveCount(2);
  await expect(disks.nth(1)).toContainText("Hard disk 2");
  await expect(disks.nth(1)).toContainText("SCSI 0:1");

  // Removing it asks first and says the file stays.
  await page.getByRole("link", { name: "Remove Hard disk 2…" }).click();
  await ready(page, info);
  await expect(page.getByTestId("confirm-panel")).toContainText("stays on the datastore");
  await submitAndWait(page, info, page.getByTestId("confirm-remove-disk"));
  await expect(page.getByTestId("device-done")).toContainText("its file is still on the datastore");
  await expect(disks).toHaveCount(1);

  // The boot order: the CD/DVD drive, then the disk moved before it, then the firmware's own order again.
  await expect(page.getByTestId("boot-order-default")).toBeVisible();
  await page.getByLabel("Add to the boot order").selectOption({ label: "The CD/DVD drive" });
  await submitAndWait(page, info, page.getByTestId("boot-add"));
  await page.getByLabel("Add to the boot order").selectOption({ label: "Hard disk 1" });
  await submitAndWait(page, info, page.getByTestId("boot-add"));
  await expect(page.getByTestId("boot-entry")).toHaveCount(2);
  await submitAndWait(page, info, page.getByRole("button", { name: "Move Hard disk 1 up" }));
  await expect(page.getByTestId("boot-entry").first()).toContainText("Hard disk 1");
  await submitAndWait(page, info, page.getByTestId("boot-default"));
  await expect(page.getByTestId("boot-order-default")).toBeVisible();

  // The CD/DVD drive gets an ISO file.
  await page.getByRole("link", { name: "Edit CD/DVD drive 1" }).click();
  await ready(page, info);
  const edit = page.getByTestId("edit-cdrom-form");
  await edit.getByLabel("ISO file on a datastore").check();
  await edit.getByLabel("ISO file", { exact: true }).fill("[east-nfs-iso] images/ubuntu-22.04.iso");
  await submitAndWait(page, info, page.getByTestId("edit-cdrom-save"));
  const cdrom = page.locator('[data-class="cdroms"] [data-testid="device"]').first();
  await expect(cdrom).toContainText("ISO file [east-nfs-iso] images/ubuntu-22.04.iso");
  await page.screenshot({ path: `../target/screenshots/vm-devices-${info.project.name}.png`, fullPage: true });

  // Running: the drive connects, the network adapter disconnects and connects again.
  await go(page, info, summary);
  await submitAndWait(page, info, page.getByTestId("power-start"));
  await page.getByTestId("tab-hardware").click();
  await ready(page, info);
  await submitAndWait(page, info, page.getByRole("button", { name: "Connect CD/DVD drive 1" }));
  await expect(page.getByTestId("device-done")).toHaveText(/CD\/DVD drive connected\./);
  await expect(cdrom).toContainText("Connected ·");
  const nic = page.locator('[data-class="nics"] [data-testid="device"]').first();
  await expect(nic).toContainText("Connected ·");
  await submitAndWait(page, info, page.getByRole("button", { name: "Disconnect Network adapter 1" }));
  await expect(nic).toContainText("Not connected");
  await submitAndWait(page, info, page.getByRole("button", { name: "Connect Network adapter 1" }));
  await expect(nic).toContainText("Connected ·");

  await go(page, info, `${summary}&confirm=stop`);
  await submitAndWait(page, info, page.getByTestId("confirm-power-stop"));
  await expect(page.getByTestId("vm-power").locator("[data-state]")).toHaveAttribute("data-state", "Powered off");
});

test("a serial port, SCSI adapters up to the fourth and a network adapter are added; the port and an adapter removed after a confirmation", async ({ page }, info) => {
  await openPoweredOffVm(page, info, 2);
  await page.getByTestId("tab-hardware").click();
  await ready(page, info);

  // A serial port on the network: a location without its scheme is refused at its field, kept as typed.
  await page.getByTestId("add-serial").locator("summary").click();
  const form = page.getByTestId("add-serial-form");
  await form.getByLabel("Network, the VM listens (server)").check();
  await form.getByLabel("Network location").fill("7001");
  await submitAndWait(page, info, page.getByTestId("add-serial-save"));
  await expect(form.getByLabel("Network location")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Network location")).toHaveValue("7001");
  await expect(form).toContainText("Give a URI: telnet://:7001");
  await form.getByLabel("Network location").fill("telnet://:7001");
  await submitAndWait(page, info, page.getByTestId("add-serial-save"));
  await expect(page.getByTestId("device-done")).toHaveText(/Serial port added\./);
  const ports = page.locator('[data-class="serial_ports"] [data-testid="device"]');
  await expect(ports).toHaveCount(1);
  await expect(ports.first()).toContainText("Network telnet://:7001 (server)");

  // A second SCSI adapter, on the bus chosen, with its type.
  await page.getByTestId("add-scsi").locator("summary").click();
  const adapter = page.getByTestId("add-scsi-form");
  await adapter.getByLabel("Type").selectOption({ label: "LSI Logic Parallel" });
  await adapter.getByLabel("Bus", { exact: true }).selectOption({ label: "Bus 2" });
  await submitAndWait(page, info, page.getByTestId("add-scsi-save"));
  const scsi = page.locator('[data-class="scsi_adapters"] [data-testid="device"]');
  await expect(scsi).toHaveCount(2);
  await expect(scsi.nth(1)).toContainText("SCSI controller 2");
  await expect(scsi.nth(1)).toContainText("LSI Logic Parallel · bus 2");
  await expect(scsi.first()).toContainText("1 device on it");
  await page.screenshot({ path: `../target/screenshots/vm-ports-${info.project.name}.png`, fullPage: true });

  // Up to four SCSI adapters: past that the form gives way to the reason, and no fifth can be sent.
  for (const bus of ["Bus 1", "Bus 3"]) {
    await page.getByTestId("add-scsi").locator("summary").click();
    await page.getByTestId("add-scsi-form").getByLabel("Bus", { exact: true }).selectOption({ label: bus });
    await submitAndWait(page, info, page.getByTestId("add-scsi-save"));
  }
  await expect(scsi).toHaveCount(4);
  await expect(page.getByTestId("add-scsi-locked")).toHaveText("This virtual machine has 4 SCSI adapters, the most it can have.");
  await expect(page.getByTestId("add-scsi-form")).toHaveCount(0);

  // A network adapter added on a chosen network, as a second one.
  await page.getByTestId("add-nic").locator("summary").click();
  await page.getByTestId("add-nic-form").getByLabel("Network", { exact: true }).selectOption({ index: 1 });
  await submitAndWait(page, info, page.getByTestId("add-nic-save"));
  await expect(page.getByTestId("device-done")).toHaveText(/Network adapter added\./);
  await expect(page.locator('[data-class="nics"] [data-testid="device"]')).toHaveCount(2);

  // Both go again, each after its confirmation.
  await page.getByRole("link", { name: "Remove Serial port 1…" }).click();
  await ready(page, info);
  await expect(page.getByTestId("confirm-panel")).toContainText("Network telnet://:7001 (server)");
  await submitAndWait(page, info, page.getByTestId("confirm-remove-serial"));
  await expect(page.getByTestId("device-done")).toHaveText(/Serial port removed\./);
  await expect(ports).toHaveCount(0);
  await page.getByRole("link", { name: "Remove SCSI controller 2…" }).click();
  await ready(page, info);
  await submitAndWait(page, info, page.getByTestId("confirm-remove-scsi"));
  await expect(scsi).toHaveCount(3);
});
