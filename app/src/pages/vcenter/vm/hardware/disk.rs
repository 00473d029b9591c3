//! A VM's disks on its Hardware tab (`vcenter/vm/hardware/disk`): add a new VMDK of a size or an existing
//! VMDK file on an adapter, change the file behind a disk (powered off), remove one after a confirmation that
//! says its file stays on the datastore. Disks cannot grow through vSphere 6.7's API: not offered.

use crate::api::vcenter::vm::hardware::disk::{AddVmDisk, SetVmDiskFile, MAX_DISK_GB};
use crate::api::vcenter::vm::hardware::{Device, HardwareView};
use crate::components::form::{typed, Fields, RadioGroup, SelectField, TextField, BUTTON};
use leptos::prelude::*;

/// Why a disk on `bus_type` cannot be added or removed now, if it cannot.
pub fn plug_locked(hw: &HardwareView, bus_type: &str) -> Option<String> {
    match hw.power_state.as_str() {
        "SUSPENDED" => Some("The virtual machine is suspended: power it on or off to change its devices.".into()),
        "POWERED_ON" if bus_type == "IDE" => Some("IDE devices are added and removed only while the virtual machine is powered off.".into()),
        _ => None,
    }
}

/// The form that adds a disk.
#[component]
pub fn AddDisk(#[prop(into)] vm: String, hw: HardwareView) -> impl IntoView {
    let add = ServerAction::<AddVmDisk>::new();
    let source = typed(add.value(), "source", "new".into());
    let size = typed(add.value(), "size_gb", "16".into());
    let vmdk = typed(add.value(), "vmdk", String::new());
    let adapter = typed(add.value(), "adapter", "SCSI".into());
    let address = typed(add.value(), "address", String::new());
    let mut adapters = vec![("SCSI".to_string(), "SCSI (hot-pluggable)".to_string()), ("SATA".to_string(), "SATA (hot-pluggable)".to_string())];
    if plug_locked(&hw, "IDE").is_none() {
        adapters.push(("IDE".into(), "IDE".into()));
    }
    let open = move || add.value().with(|v| matches!(v, Some(Err(_))));
    view! {
        <details class="rounded-lg border border-slate-200 p-3 dark:border-slate-800" open=open data-testid="add-disk">
            <summary class="cursor-pointer text-sm font-medium">"Add a hard disk"</summary>
            <ActionForm action=add attr:class="mt-3 grid grid-cols-1 gap-4 md:grid-cols-2" attr:data-testid="add-disk-form">
                <input type="hidden" name="vm" value=vm/>
                <Fields value=add.value() test_id="add-disk-error">
                    <RadioGroup legend="Disk" name="source" id="disk-source" selected=source inline=true
                        options=vec![("new".into(), "A new disk".into()), ("existing".into(), "An existing VMDK file".into())]/>
                    <TextField label="Size (GB)" name="size_gb" id="disk-size" value=size inputmode="numeric"
                        hint=format!("A new disk: 1 to {MAX_DISK_GB} GB, created beside the virtual machine's files.")/>
                    <TextField label="Existing VMDK file" name="vmdk" id="disk-vmdk" value=vmdk placeholder="[datastore] folder/file.vmdk"
                        hint="An existing disk: its file as the datastore browser shows it."/>
                    <SelectField label="Adapter" name="adapter" id="disk-adapter" options=adapters selected=adapter/>
                    <TextField label="Address (optional)" name="address" id="disk-address" value=address placeholder="0:1"
                        hint="bus:unit on the adapter (SCSI unit 7 is the adapter's own; IDE 0:1 is the primary slave). Empty: the first free unit."/>
                </Fields>
                <div><button type="submit" class=BUTTON data-testid="add-disk-save">"Add disk"</button></div>
            </ActionForm>
        </details>
    }
}

/// The form that changes the file behind disk `d`, locked with the reason unless the VM is powered off.
#[component]
pub fn EditDisk(#[prop(into)] vm: String, d: Device, hw: HardwareView) -> impl IntoView {
    let set = ServerAction::<SetVmDiskFile>::new();
    let file = typed(set.value(), "vmdk", d.file.clone().unwrap_or_default());
    let locked = (hw.power_state != "POWERED_OFF").then(|| "Only while the virtual machine is powered off.".to_string());
    let can = locked.is_none();
    view! {
        <ActionForm action=set attr:class="space-y-4" attr:data-testid="edit-disk-form">
            <input type="hidden" name="vm" value=vm/>
            <input type="hidden" name="disk" value=d.key.clone()/>
            <Fields value=set.value() test_id="edit-disk-error">
                <TextField label=format!("File behind {}", d.label) name="vmdk" id="disk-file" value=file locked=locked
                    hint="Another VMDK file, as [datastore] folder/file.vmdk. The old file stays on its datastore."/>
            </Fields>
            {can.then(|| view! { <button type="submit" class=BUTTON data-testid="edit-disk-save">"Change file"</button> })}
        </ActionForm>
    }
}

/// What the confirmation of removing disk `d` says.
pub fn remove_message(d: &Device) -> String {
    format!(
        "The disk is detached from the virtual machine. Its file {} stays on the datastore (vCenter keeps it), so it can be attached again; delete it from the datastore to free the space. If the guest is running it loses the disk at once: unmount it in the guest first.",
        d.file.clone().unwrap_or_default()
    )
}
