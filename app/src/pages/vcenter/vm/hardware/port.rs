//! A VM's floppy drives and serial and parallel ports on its Hardware tab (`vcenter/vm/hardware/floppy`,
//! `serial`, `parallel`): add one powered off, with its backing (an image or output file, a host device, the
//! client device, a named pipe or a network location), change it (a floppy image is swapped while the VM runs;
//! a port's backing only powered off), remove one after a confirmation, connect or disconnect one while it runs.

use crate::api::vcenter::vm::hardware::port::{backings, what, AddVmPort, UpdateVmPort};
use crate::api::vcenter::vm::hardware::{Device, HardwareView};
use crate::components::form::{typed, Checkbox, Fields, RadioGroup, TextField, BUTTON};
use leptos::prelude::*;

fn on(b: bool) -> String {
    if b { "on".into() } else { String::new() }
}

/// Why a device of `class` cannot be added now, if it cannot: the VM runs (none of them is hot-pluggable), or it
/// has the most it may.
pub fn add_locked(hw: &HardwareView, class: &str, count: usize) -> Option<String> {
    let (name, max) = what(class);
    if hw.power_state != "POWERED_OFF" {
        return Some(format!("A {name} is added and removed only while the virtual machine is powered off."));
    }
    (count >= max).then(|| format!("This virtual machine has {max} {name}s, the most it can have."))
}

/// The backing fields of `class`, starting from `d` (none when adding).
#[component]
fn BackingFields(class: &'static str, #[prop(into)] value: Signal<Option<Result<(), crate::error::AppError>>>, d: Option<Device>, prefix: String) -> impl IntoView {
    let d = d.unwrap_or_default();
    let first = backings(class)[0].0.to_string();
    let backing = typed(value, "backing", d.medium.clone().unwrap_or(if class == "floppy" { "CLIENT_DEVICE".into() } else { first }));
    let file = typed(value, "file", d.file.clone().unwrap_or_default());
    let host = typed(value, "host_device", d.host_device.clone().unwrap_or_default());
    let options: Vec<(String, String)> = backings(class).iter().map(|(k, l)| (k.to_string(), l.to_string())).collect();
    let file_hint = if class == "floppy" { "For an image file: [datastore] folder/disk.flp (or .img)." } else { "For a file: [datastore] folder/file, where the output goes." };
    let serial = (class == "serial").then(|| {
        let pipe = typed(value, "pipe", d.pipe.clone().unwrap_or_default());
        let network = typed(value, "network_location", d.network_location.clone().unwrap_or_default());
        let proxy = typed(value, "proxy", d.proxy.clone().unwrap_or_default());
        let no_rx_loss = typed(value, "no_rx_loss", on(d.no_rx_loss));
        let yield_on_poll = typed(value, "yield_on_poll", on(d.yield_on_poll));
        view! {
            <TextField label="Pipe" name="pipe" id=format!("{prefix}-pipe") value=pipe placeholder="\\\\.\\pipe\\com1" hint="For a named pipe: its name."/>
            <Checkbox name="no_rx_loss" id=format!("{prefix}-no-rx-loss") label="Keep received data (no loss) on the pipe" checked=no_rx_loss/>
            <TextField label="Network location" name="network_location" id=format!("{prefix}-network") value=network placeholder="telnet://:7001"
                hint="For a network backing: telnet://:7001 to listen, tcp://10.0.0.5:7001 to connect."/>
            <TextField label="Proxy (optional)" name="proxy" id=format!("{prefix}-proxy") value=proxy placeholder="telnet://vspc.example.com:13370"
                hint="A virtual serial port concentrator, as a URI."/>
            <Checkbox name="yield_on_poll" id=format!("{prefix}-yield") label="Yield the CPU when the guest polls the port" checked=yield_on_poll/>
        }
    });
    view! {
        <RadioGroup legend="Backing" name="backing" id=format!("{prefix}-backing") selected=backing options/>
        <TextField label=if class == "floppy" { "Image file" } else { "File" } name="file" id=format!("{prefix}-file") value=file placeholder="[datastore] folder/file" hint=file_hint/>
        <TextField label="Host device" name="host_device" id=format!("{prefix}-host") value=host hint="For the host's device: its name; empty to detect one automatically."/>
        {serial}
    }
}

/// The form that adds a device of `class` (`floppy`, `serial` or `parallel`).
#[component]
pub fn AddPort(#[prop(into)] vm: String, class: &'static str) -> impl IntoView {
    let add = ServerAction::<AddVmPort>::new();
    let start = typed(add.value(), "start_connected", "on".into());
    let (name, _) = what(class);
    let open = move || add.value().with(|v| matches!(v, Some(Err(_))));
    view! {
        <details class="rounded-lg border border-slate-200 p-3 dark:border-slate-800" open=open data-testid=format!("add-{class}")>
            <summary class="cursor-pointer text-sm font-medium">{format!("Add a {name}")}</summary>
            <ActionForm action=add attr:class="mt-3 grid grid-cols-1 gap-4 md:grid-cols-2" attr:data-testid=format!("add-{class}-form")>
                <input type="hidden" name="vm" value=vm/>
                <input type="hidden" name="class" value=class/>
                <Fields value=add.value() test_id=format!("add-{class}-error")>
                    <BackingFields class value=add.value() d=None prefix=format!("{class}-add")/>
                    <Checkbox name="start_connected" id=format!("{class}-add-start") label="Connect at power on" checked=start/>
                </Fields>
                <div><button type="submit" class=BUTTON data-testid=format!("add-{class}-save")>{format!("Add {name}")}</button></div>
            </ActionForm>
        </details>
    }
}

/// The form that changes device `d` of `class`.
#[component]
pub fn EditPort(#[prop(into)] vm: String, class: &'static str, d: Device) -> impl IntoView {
    let set = ServerAction::<UpdateVmPort>::new();
    let start = typed(set.value(), "start_connected", on(d.start_connected));
    let save = format!("Save {}", d.label);
    view! {
        <ActionForm action=set attr:class="grid grid-cols-1 gap-4 md:grid-cols-2" attr:data-testid=format!("edit-{class}-form")>
            <input type="hidden" name="vm" value=vm/>
            <input type="hidden" name="class" value=class/>
            <input type="hidden" name="device" value=d.key.clone()/>
            <Fields value=set.value() test_id=format!("edit-{class}-error")>
                <BackingFields class value=set.value() d=Some(d.clone()) prefix=format!("{class}-edit")/>
                <Checkbox name="start_connected" id=format!("{class}-edit-start") label="Connect at power on" checked=start/>
            </Fields>
            <div><button type="submit" class=BUTTON data-testid=format!("edit-{class}-save")>{save}</button></div>
        </ActionForm>
    }
}

/// What the confirmation of removing device `d` says.
pub fn remove_message(d: &Device) -> String {
    format!("The device is removed from the virtual machine; what backs it ({}) is left as it is.", d.backing)
}
