//! A VM's CD/DVD drives on its Hardware tab (`vcenter/vm/hardware/cdrom`): add one (SATA, or IDE powered off)
//! with a medium, change the medium (an ISO file, the host's device or the client device — a disc is swapped
//! this way while the VM runs), remove one after a confirmation, connect or disconnect one while it runs, unmount
//! a content library's ISO image (`vcenter/iso`).

use crate::api::vcenter::vm::hardware::cdrom::{AddVmCdrom, UpdateVmCdrom, MEDIA};
use crate::api::vcenter::vm::hardware::{Device, HardwareView};
use crate::components::form::{typed, Checkbox, Fields, FormError, RadioGroup, SelectField, TextField, BUTTON, LINK};
use crate::pages::vcenter::vm::hardware::disk::plug_locked;
use leptos::prelude::*;

fn media() -> Vec<(String, String)> {
    MEDIA.iter().map(|(k, l)| (k.to_string(), l.to_string())).collect()
}

/// The medium fields: which, the ISO file, the host device.
#[component]
fn MediumFields(medium: Signal<String>, iso: Signal<String>, host: Signal<String>, #[prop(into)] prefix: String) -> impl IntoView {
    view! {
        <RadioGroup legend="Medium" name="medium" id=format!("{prefix}-medium") selected=medium options=media()/>
        <TextField label="ISO file" name="iso_file" id=format!("{prefix}-iso") value=iso placeholder="[datastore] folder/file.iso"
            hint="For an ISO file: as the datastore browser shows it."/>
        <TextField label="Host device" name="host_device" id=format!("{prefix}-host") value=host
            hint="For the host's device: its name; empty to detect one automatically."/>
    }
}

fn on(b: bool) -> String {
    if b { "on".into() } else { String::new() }
}

/// The form that adds a drive.
#[component]
pub fn AddCdrom(#[prop(into)] vm: String, hw: HardwareView) -> impl IntoView {
    let add = ServerAction::<AddVmCdrom>::new();
    let medium = typed(add.value(), "medium", "ISO_FILE".into());
    let iso = typed(add.value(), "iso_file", String::new());
    let host = typed(add.value(), "host_device", String::new());
    let adapter = typed(add.value(), "adapter", "SATA".into());
    let start = typed(add.value(), "start_connected", "on".into());
    let mut adapters = vec![("SATA".to_string(), "SATA (hot-pluggable)".to_string())];
    if plug_locked(&hw, "IDE").is_none() {
        adapters.push(("IDE".into(), "IDE".into()));
    }
    let open = move || add.value().with(|v| matches!(v, Some(Err(_))));
    view! {
        <details class="rounded-lg border border-slate-200 p-3 dark:border-slate-800" open=open data-testid="add-cdrom">
            <summary class="cursor-pointer text-sm font-medium">"Add a CD/DVD drive"</summary>
            <ActionForm action=add attr:class="mt-3 grid grid-cols-1 gap-4 md:grid-cols-2" attr:data-testid="add-cdrom-form">
                <input type="hidden" name="vm" value=vm/>
                <Fields value=add.value() test_id="add-cdrom-error">
                    <SelectField label="Adapter" name="adapter" id="cdrom-adapter" options=adapters selected=adapter/>
                    <MediumFields medium iso host prefix="cdrom-add"/>
                    <Checkbox name="start_connected" id="cdrom-start" label="Connect at power on" checked=start/>
                </Fields>
                <div><button type="submit" class=BUTTON data-testid="add-cdrom-save">"Add CD/DVD drive"</button></div>
            </ActionForm>
        </details>
    }
}

/// The form that changes drive `d`'s medium.
#[component]
pub fn EditCdrom(#[prop(into)] vm: String, d: Device) -> impl IntoView {
    let set = ServerAction::<UpdateVmCdrom>::new();
    let medium = typed(set.value(), "medium", d.medium.clone().unwrap_or_else(|| "CLIENT_DEVICE".into()));
    let iso = typed(set.value(), "iso_file", if d.medium.as_deref() == Some("ISO_FILE") { d.file.clone().unwrap_or_default() } else { String::new() });
    let host = typed(set.value(), "host_device", d.host_device.clone().unwrap_or_default());
    let start = typed(set.value(), "start_connected", on(d.start_connected));
    view! {
        <ActionForm action=set attr:class="grid grid-cols-1 gap-4 md:grid-cols-2" attr:data-testid="edit-cdrom-form">
            <input type="hidden" name="vm" value=vm/>
            <input type="hidden" name="cdrom" value=d.key.clone()/>
            <Fields value=set.value() test_id="edit-cdrom-error">
                <MediumFields medium iso host prefix="cdrom-edit"/>
                <Checkbox name="start_connected" id="cdrom-edit-start" label="Connect at power on" checked=start/>
            </Fields>
            <div><button type="submit" class=BUTTON data-testid="edit-cdrom-save">{format!("Save {}", d.label)}</button></div>
        </ActionForm>
    }
}

/// What the confirmation of removing drive `d` says.
pub fn remove_message(d: &Device) -> String {
    format!("The drive is removed from the virtual machine; its medium ({}) is ejected, and the file or device itself is left as it is.", d.backing)
}

/// A drive holding a content library's ISO image (a mount added it): unmount it (vCenter removes the drive, or
/// empties it while the VM runs).
#[component]
pub fn UnmountIsoButton(#[prop(into)] vm: String, d: Device) -> impl IntoView {
    let unmount = ServerAction::<crate::api::vcenter::iso::UnmountIso>::new();
    view! {
        <ActionForm action=unmount attr:class="inline">
            <input type="hidden" name="vm" value=vm/>
            <input type="hidden" name="cdrom" value=d.key.clone()/>
            <input type="hidden" name="from" value="hardware"/>
            <button type="submit" class=LINK aria-label=format!("Unmount the library ISO image of {}", d.label) data-testid=format!("unmount-iso-{}", d.key)>"Unmount ISO"</button>
        </ActionForm>
        <FormError value=unmount.value() test_id="unmount-iso-error"/>
    }
}
