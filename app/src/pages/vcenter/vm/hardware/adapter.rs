//! A VM's storage adapters on its Hardware tab (`vcenter/vm/hardware/adapter/scsi`, `sata`): add a SCSI adapter
//! (type, bus, bus sharing) or a SATA adapter, change a SCSI adapter's bus sharing, remove an adapter with
//! nothing on it — all only while the VM is powered off, and at most four of each.

use crate::api::vcenter::vm::hardware::adapter::{AddVmAdapter, UpdateVmScsiAdapter, MAX_ADAPTERS, SCSI_TYPES, SHARING};
use crate::api::vcenter::vm::hardware::{Device, HardwareView};
use crate::components::form::{typed, Fields, SelectField, BUTTON};
use leptos::prelude::*;

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(k, l)| (k.to_string(), l.to_string())).collect()
}

/// `SCSI` or `SATA` for the form's `scsi` or `sata`.
fn bus_type(class: &str) -> &'static str {
    if class == "scsi" { "SCSI" } else { "SATA" }
}

/// Why an adapter of `class` cannot be added now, if it cannot: the VM is not powered off, or it has four.
pub fn add_locked(hw: &HardwareView, class: &str, count: usize) -> Option<String> {
    if hw.power_state != "POWERED_OFF" {
        return Some("Storage adapters are added and removed only while the virtual machine is powered off.".into());
    }
    (count >= MAX_ADAPTERS).then(|| format!("This virtual machine has {MAX_ADAPTERS} {} adapters, the most it can have.", bus_type(class)))
}

/// Why adapter `d` cannot be removed now, if it cannot: the VM is not powered off, or disks or drives sit on it.
pub fn remove_locked(hw: &HardwareView, d: &Device) -> Option<String> {
    if hw.power_state != "POWERED_OFF" {
        return Some("Only while powered off".into());
    }
    let on_it = hw.devices.iter().filter(|c| c.class == "disks" || c.class == "cdroms").flat_map(|c| c.devices.iter()).filter(|x| x.bus_type == d.bus_type && x.bus == d.bus).count();
    (on_it > 0).then(|| format!("{on_it} device{} on it", if on_it == 1 { "" } else { "s" }))
}

/// The form that adds an adapter of `class` (`scsi` or `sata`), its bus one of those free.
#[component]
pub fn AddAdapter(#[prop(into)] vm: String, class: &'static str, hw: HardwareView) -> impl IntoView {
    let add = ServerAction::<AddVmAdapter>::new();
    let used: Vec<i64> = hw.devices.iter().filter(|c| c.class == format!("{class}_adapters")).flat_map(|c| c.devices.iter().filter_map(|d| d.bus)).collect();
    let mut buses = vec![(String::new(), "The first free bus".to_string())];
    buses.extend((0..MAX_ADAPTERS as i64).filter(|b| !used.contains(b)).map(|b| (b.to_string(), format!("Bus {b}"))));
    let bus = typed(add.value(), "bus", String::new());
    let scsi = (class == "scsi").then(|| {
        let mut types = vec![(String::new(), "The guest OS's default".to_string())];
        types.extend(pairs(SCSI_TYPES));
        let adapter_type = typed(add.value(), "adapter_type", String::new());
        let sharing = typed(add.value(), "sharing", "NONE".into());
        view! {
            <SelectField label="Type" name="adapter_type" id="scsi-add-type" options=types selected=adapter_type/>
            <SelectField label="Bus sharing" name="sharing" id="scsi-add-sharing" options=pairs(SHARING) selected=sharing/>
        }
    });
    let open = move || add.value().with(|v| matches!(v, Some(Err(_))));
    let name = bus_type(class);
    view! {
        <details class="rounded-lg border border-slate-200 p-3 dark:border-slate-800" open=open data-testid=format!("add-{class}")>
            <summary class="cursor-pointer text-sm font-medium">{format!("Add a {name} adapter")}</summary>
            <ActionForm action=add attr:class="mt-3 grid grid-cols-1 gap-4 md:grid-cols-2" attr:data-testid=format!("add-{class}-form")>
                <input type="hidden" name="vm" value=vm/>
                <input type="hidden" name="class" value=class/>
                <Fields value=add.value() test_id=format!("add-{class}-error")>
                    {scsi}
                    <SelectField label="Bus" name="bus" id=format!("{class}-add-bus") options=buses selected=bus/>
                </Fields>
                <div><button type="submit" class=BUTTON data-testid=format!("add-{class}-save")>{format!("Add {name} adapter")}</button></div>
            </ActionForm>
        </details>
    }
}

/// The form that changes SCSI adapter `d`'s bus sharing.
#[component]
pub fn EditScsiAdapter(#[prop(into)] vm: String, d: Device) -> impl IntoView {
    let set = ServerAction::<UpdateVmScsiAdapter>::new();
    let sharing = typed(set.value(), "sharing", d.sharing.clone().unwrap_or_else(|| "NONE".into()));
    view! {
        <ActionForm action=set attr:class="grid grid-cols-1 gap-4 md:grid-cols-2" attr:data-testid="edit-scsi-form">
            <input type="hidden" name="vm" value=vm/>
            <input type="hidden" name="class" value="scsi"/>
            <input type="hidden" name="adapter" value=d.key.clone()/>
            <Fields value=set.value() test_id="edit-scsi-error">
                <SelectField label="Bus sharing" name="sharing" id="scsi-edit-sharing" options=pairs(SHARING) selected=sharing/>
            </Fields>
            <div><button type="submit" class=BUTTON data-testid="edit-scsi-save">{format!("Save {}", d.label)}</button></div>
        </ActionForm>
    }
}

/// What the confirmation of removing adapter `d` says.
pub fn remove_message(d: &Device) -> String {
    format!("{} is removed from the virtual machine. Nothing sits on it; the guest loses the controller at the next boot.", d.label)
}
