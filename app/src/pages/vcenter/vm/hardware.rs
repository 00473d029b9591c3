//! A VM's hardware (`vcenter/vm/hardware`): CPU, memory and boot options, each a form. What the VM's power state does not
//! allow is disabled with the reason (cores per socket and the hot-plug switches only powered off; the CPU count
//! and memory while running only with hot add / hot remove); what it allows stays enabled.

use crate::api::vcenter::inventory::human_bytes;
use crate::api::vcenter::vm::hardware::{HardwareView, SetVmBoot, SetVmCpu, SetVmMemory, MAX_BOOT_DELAY_MS};
use crate::components::form::{succeeded, typed, Checkbox, Fields, Notice, SelectField, TextField, BUTTON};
pub mod adapter;
pub mod cdrom;
pub mod device;
pub mod disk;
pub mod ethernet;
pub mod port;

use crate::api::vcenter::vm::hardware::device::{SetVmDeviceConnection, CONNECTABLE};
use crate::components::form::{ConfirmPanel, FormError, BUTTON_DANGER, BUTTON_SECONDARY, LINK};
use crate::components::inventory::object_href;
use crate::components::table::{Empty, Table};
use leptos_router::hooks::use_query_map;
use crate::components::Card;
use leptos::prelude::*;

#[component]
pub fn VmHardwareCard(#[prop(into)] vm: String, hw: HardwareView) -> impl IntoView {
    let cpu = ServerAction::<SetVmCpu>::new();
    let memory = ServerAction::<SetVmMemory>::new();
    let boot = ServerAction::<SetVmBoot>::new();
    let delay = typed(boot.value(), "delay_ms", hw.boot_delay_ms.to_string());
    let retry_delay = typed(boot.value(), "retry_delay_ms", hw.boot_retry_delay_ms.to_string());
    let firmware_locked = hw.firmware_locked();
    let firmware = hw.firmware.clone();
    let (retry, setup) = (if hw.boot_retry { "on".to_string() } else { String::new() }, if hw.enter_setup { "on".to_string() } else { String::new() });
    let vm_boot = vm.clone();
    let count = typed(cpu.value(), "count", hw.cpu_count.to_string());
    let cores = typed(cpu.value(), "cores_per_socket", hw.cores_per_socket.to_string());
    let size = typed(memory.value(), "size_mb", hw.memory_mb.to_string());
    let on = |b: bool| if b { "on".to_string() } else { String::new() };
    let cold = hw.cold_locked();
    let cpu_locked = hw.cpu_count_locked();
    let memory_locked = hw.memory_locked();
    let memory_hint = if hw.power_state == "POWERED_ON" && hw.memory_hot_add {
        format!("Now {}. While it runs, memory can only grow (hot add), in steps of 4 MB.", human_bytes(hw.memory_mb << 20))
    } else {
        format!("Now {}. In MB, a multiple of 4 (4096 MB is 4 GB).", human_bytes(hw.memory_mb << 20))
    };
    // Nothing on a form may change: no button either.
    let cpu_fixed = cpu_locked.is_some() && cold.is_some();
    let memory_fixed = memory_locked.is_some() && cold.is_some();
    // Each form's children are a closure of their own: each gets its own copies.
    let switches = cold.is_none();
    let (vm_cpu, vm_memory) = (vm.clone(), vm);
    let (cold_cores, cold_add, cold_remove, cold_memory) = (cold.clone(), cold.clone(), cold.clone(), cold);
    let cpu_hint = hw.cpu_hint();
    let (cpu_hot_add, cpu_hot_remove, memory_hot_add) = (on(hw.cpu_hot_add), on(hw.cpu_hot_remove), on(hw.memory_hot_add));
    view! {
        <Card title="CPU, memory and boot">
            <div class="grid grid-cols-1 gap-8 md:grid-cols-2 xl:grid-cols-3" data-testid="vm-hardware">
                <ActionForm action=cpu attr:class="space-y-4" attr:data-testid="cpu-form">
                    <input type="hidden" name="vm" value=vm_cpu/>
                    {switches.then(|| view! { <input type="hidden" name="flags" value="1"/> })}
                    <Fields value=cpu.value() test_id="cpu-error">
                        <TextField label="CPUs" name="count" id="cpu-count" value=count inputmode="numeric" hint=cpu_hint locked=cpu_locked/>
                        <TextField label="Cores per socket" name="cores_per_socket" id="cpu-cores" value=cores inputmode="numeric" locked=cold_cores/>
                        <Checkbox name="hot_add" id="cpu-hot-add" label="CPU hot add (add CPUs while it runs)" checked=cpu_hot_add locked=cold_add/>
                        <Checkbox name="hot_remove" id="cpu-hot-remove" label="CPU hot remove (remove CPUs while it runs)" checked=cpu_hot_remove locked=cold_remove/>
                    </Fields>
                    {move || succeeded(cpu).get().then(|| view! { <Notice text="CPU settings saved." test_id="cpu-saved"/> })}
                    {(!cpu_fixed).then(|| view! { <button type="submit" class=BUTTON data-testid="cpu-save">"Save CPU"</button> })}
                </ActionForm>
                <ActionForm action=memory attr:class="space-y-4" attr:data-testid="memory-form">
                    <input type="hidden" name="vm" value=vm_memory/>
                    {switches.then(|| view! { <input type="hidden" name="flags" value="1"/> })}
                    <Fields value=memory.value() test_id="memory-error">
                        <TextField label="Memory (MB)" name="size_mb" id="memory-size" value=size inputmode="numeric" hint=memory_hint locked=memory_locked/>
                        <Checkbox name="hot_add" id="memory-hot-add" label="Memory hot add (add memory while it runs)" checked=memory_hot_add locked=cold_memory/>
                    </Fields>
                    {move || succeeded(memory).get().then(|| view! { <Notice text="Memory saved." test_id="memory-saved"/> })}
                    {(!memory_fixed).then(|| view! { <button type="submit" class=BUTTON data-testid="memory-save">"Save memory"</button> })}
                </ActionForm>
                <ActionForm action=boot attr:class="space-y-4" attr:data-testid="boot-form">
                    <input type="hidden" name="vm" value=vm_boot/>
                    <Fields value=boot.value() test_id="boot-error">
                        {match firmware_locked {
                            // Disabled (so not sent) while the VM runs, with the reason.
                            Some(why) => view! { <TextField label="Firmware" name="firmware" id="boot-firmware" value=firmware locked=Some(why)/> }.into_any(),
                            None => view! {
                                <SelectField label="Firmware" name="firmware" id="boot-firmware" selected=firmware
                                    options=vec![("BIOS".to_string(), "BIOS".to_string()), ("EFI".to_string(), "EFI".to_string())]
                                    hint="The guest OS must support the one chosen, or it will not start."/>
                            }.into_any(),
                        }}
                        <TextField label="Boot delay (ms)" name="delay_ms" id="boot-delay" value=delay inputmode="numeric"
                            hint=format!("Before the firmware starts, at each power-on: 0 to {MAX_BOOT_DELAY_MS} ms.")/>
                        <Checkbox name="retry" id="boot-retry" label="Retry after a failed boot" checked=retry/>
                        <TextField label="Retry delay (ms)" name="retry_delay_ms" id="boot-retry-delay" value=retry_delay inputmode="numeric"/>
                        <Checkbox name="enter_setup" id="boot-setup" label="Enter the firmware setup at the next boot" checked=setup/>
                    </Fields>
                    {move || succeeded(boot).get().then(|| view! { <Notice text="Boot options saved." test_id="boot-saved"/> })}
                    <button type="submit" class=BUTTON data-testid="boot-save">"Save boot options"</button>
                </ActionForm>
            </div>
        </Card>
    }
}

/// The hardware version (upgrade now, powered off, after a confirmation; or schedule it by the policy) and the
/// boot order (move up, down, remove, add; or the firmware's own).
#[component]
pub fn VmVirtualHardwareCard(#[prop(into)] vm: String, hw: HardwareView) -> impl IntoView {
    use crate::api::vcenter::vm::hardware::boot_device::{moved, SetVmBootOrder};
    use crate::api::vcenter::vm::hardware::version::{newer_than, SetVmUpgradePolicy, UpgradeVmHardware, MAX_VERSION, POLICIES};
    let query = use_query_map();
    let asked = query.with_untracked(|q| q.get("confirm").as_deref() == Some("upgrade"));
    let page = format!("{}&tab=hardware", object_href("VirtualMachine", &vm));
    let upgrade = ServerAction::<UpgradeVmHardware>::new();
    let policy = ServerAction::<SetVmUpgradePolicy>::new();
    let order = ServerAction::<SetVmBootOrder>::new();
    let newer: Vec<(String, String)> = newer_than(hw.version_number).into_iter().rev().map(|n| (n.to_string(), format!("Version {n}"))).collect();
    let policy_now = typed(policy.value(), "policy", hw.upgrade_policy.clone());
    let policy_version = typed(policy.value(), "version", hw.upgrade_version.clone().map(|v| v.trim_start_matches("VMX_").trim_start_matches('0').to_string()).unwrap_or_else(|| MAX_VERSION.to_string()));
    let upgrade_part = if hw.version_number >= MAX_VERSION {
        view! { <p class="text-sm" data-testid="hardware-newest">"This is the newest version vSphere 6.7 runs."</p> }.into_any()
    } else if hw.power_state != "POWERED_OFF" {
        view! { <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="upgrade-locked">{format!("Version {MAX_VERSION} is available. The hardware is upgraded only while the virtual machine is powered off; or schedule it below for the next power-on.")}</p> }.into_any()
    } else if asked {
        let vm = vm.clone();
        view! {
            <ConfirmPanel title=format!("Upgrade {} to hardware version {MAX_VERSION}?", hw.name) cancel_href=page.clone()
                message=format!("This cannot be undone. Hosts older than ESXi 6.7 can no longer run the virtual machine, and the guest may need VMware Tools updated first. Take a snapshot or a backup before upgrading.")>
                <ActionForm action=upgrade>
                    <input type="hidden" name="vm" value=vm/>
                    <input type="hidden" name="version" value=MAX_VERSION.to_string()/>
                    <button type="submit" class=BUTTON_DANGER autofocus data-testid="confirm-upgrade">{format!("Upgrade to version {MAX_VERSION}")}</button>
                </ActionForm>
            </ConfirmPanel>
            <FormError value=upgrade.value() test_id="upgrade-error"/>
        }
        .into_any()
    } else {
        view! { <a href=format!("{page}&confirm=upgrade") class=BUTTON_SECONDARY data-testid="upgrade-hardware">{format!("Upgrade to version {MAX_VERSION}…")}</a> }.into_any()
    };
    let schedule = (!newer.is_empty()).then(|| {
        let (vm, current) = (vm.clone(), hw.version_number.to_string());
        view! {
            <ActionForm action=policy attr:class="space-y-3" attr:data-testid="upgrade-policy-form">
                <input type="hidden" name="vm" value=vm/>
                <input type="hidden" name="current" value=current/>
                <Fields value=policy.value() test_id="upgrade-policy-error">
                    <SelectField label="Scheduled upgrade" name="policy" id="upgrade-policy" selected=policy_now
                        options=POLICIES.iter().map(|(p, l)| (p.to_string(), l.to_string())).collect()/>
                    <SelectField label="To version" name="version" id="upgrade-version" selected=policy_version options=newer/>
                </Fields>
                <button type="submit" class=BUTTON_SECONDARY data-testid="upgrade-policy-save">"Save schedule"</button>
            </ActionForm>
        }
    });
    // Each button of the boot order posts the whole new order.
    let tokens = hw.boot_tokens.clone();
    let button = move |order_value: String, label: String, aria: String, test_id: String, vm: String| {
        view! {
            <ActionForm action=order>
                <input type="hidden" name="vm" value=vm/>
                <input type="hidden" name="order" value=order_value/>
                <button type="submit" class="rounded px-2 py-0.5 text-xs text-sky-800 ring-1 ring-slate-300 hover:bg-slate-100 dark:text-sky-300 dark:ring-slate-600 dark:hover:bg-slate-800" aria-label=aria data-testid=test_id>{label}</button>
            </ActionForm>
        }
    };
    let entries = hw.boot_order.iter().enumerate().map(|(i, words)| {
        let up = (i > 0).then(|| button(moved(&tokens, i, -1), "Up".into(), format!("Move {words} up"), format!("boot-up-{i}"), vm.clone()));
        let down = (i + 1 < tokens.len()).then(|| button(moved(&tokens, i, 1), "Down".into(), format!("Move {words} down"), format!("boot-down-{i}"), vm.clone()));
        let remove = button(moved(&tokens, i, 0), "Remove".into(), format!("Remove {words} from the boot order"), format!("boot-remove-{i}"), vm.clone());
        view! { <li class="flex flex-wrap items-center gap-2" data-testid="boot-entry"><span class="min-w-40">{words.clone()}</span>{up}{down}{remove}</li> }
    }).collect_view();
    let add_options: Vec<(String, String)> = hw.boot_choices.iter().map(|(t, l)| {
        let mut all = tokens.clone();
        all.push(t.clone());
        (all.join(","), l.clone())
    }).collect();
    let can_add = !add_options.is_empty();
    let default_order = (!tokens.is_empty()).then(|| button(String::new(), "Use the firmware's order".into(), "Use the firmware's own boot order".into(), "boot-default".into(), vm.clone()));
    let vm_add = vm.clone();
    view! {
        <Card title="Virtual hardware">
            <div class="grid grid-cols-1 gap-8 md:grid-cols-2" data-testid="virtual-hardware">
                <div class="space-y-3">
                    <p class="text-sm">"Hardware version " <span class="font-semibold" data-testid="hardware-version">{hw.version_number}</span></p>
                    <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="hardware-upgrade">{hw.upgrade.clone()}</p>
                    {upgrade_part}
                    {schedule}
                </div>
                <div class="space-y-3" data-testid="boot-order-card">
                    <h3 class="text-sm font-semibold">"Boot order"</h3>
                    <FormError value=order.value() test_id="boot-order-error"/>
                    {if hw.boot_order.is_empty() {
                        view! { <p class="text-sm" data-testid="boot-order-default">"The firmware's own order."</p> }.into_any()
                    } else {
                        view! { <ol class="list-decimal space-y-2 pl-5 text-sm" data-testid="boot-order">{entries}</ol> }.into_any()
                    }}
                    {can_add.then(|| view! {
                        <ActionForm action=order attr:class="flex flex-wrap items-end gap-2" attr:data-testid="boot-add-form">
                            <input type="hidden" name="vm" value=vm_add/>
                            <SelectField label="Add to the boot order" name="order" id="boot-add" options=add_options/>
                            <button type="submit" class=BUTTON_SECONDARY data-testid="boot-add">"Add"</button>
                        </ActionForm>
                    })}
                    {default_order}
                </div>
            </div>
        </Card>
    }
}

/// What the Hardware tab says after a device form went through (`hardware=<what>` with `done=`).
fn device_notice(what: &str) -> Option<&'static str> {
    Some(match what {
        "disk-added" => "Hard disk added.",
        "disk-file" => "The disk's file was changed.",
        "disk-removed" => "Disk removed from the virtual machine; its file is still on the datastore.",
        "nic-added" => "Network adapter added.",
        "nic-saved" => "Network adapter saved.",
        "nic-removed" => "Network adapter removed.",
        "nic-connect" => "Network adapter connected.",
        "nic-disconnect" => "Network adapter disconnected.",
        "cdrom-added" => "CD/DVD drive added.",
        "cdrom-saved" => "CD/DVD drive saved.",
        "cdrom-removed" => "CD/DVD drive removed.",
        "cdrom-connect" => "CD/DVD drive connected.",
        "cdrom-disconnect" => "CD/DVD drive disconnected.",
        "iso-unmounted" => "Library ISO image unmounted (its CD/DVD drive removed, or emptied while the VM runs).",
        "floppy-added" => "Floppy drive added.",
        "floppy-saved" => "Floppy drive saved.",
        "floppy-removed" => "Floppy drive removed.",
        "floppy-connect" => "Floppy drive connected.",
        "floppy-disconnect" => "Floppy drive disconnected.",
        "serial-added" => "Serial port added.",
        "serial-saved" => "Serial port saved.",
        "serial-removed" => "Serial port removed.",
        "serial-connect" => "Serial port connected.",
        "serial-disconnect" => "Serial port disconnected.",
        "parallel-added" => "Parallel port added.",
        "parallel-saved" => "Parallel port saved.",
        "parallel-removed" => "Parallel port removed.",
        "parallel-connect" => "Parallel port connected.",
        "parallel-disconnect" => "Parallel port disconnected.",
        "scsi-added" => "SCSI adapter added.",
        "scsi-saved" => "SCSI adapter's bus sharing saved.",
        "scsi-removed" => "SCSI adapter removed.",
        "sata-added" => "SATA adapter added.",
        "sata-removed" => "SATA adapter removed.",
        "upgraded" => "Hardware upgraded.",
        "policy" => "Upgrade schedule saved.",
        "boot-order" => "Boot order saved.",
        _ => return None,
    })
}

/// The name the forms give a device class of the VM's get (`disks` → `disk`, `serial_ports` → `serial`, …).
fn short(class: &str) -> &'static str {
    match class {
        "disks" => "disk",
        "nics" => "nic",
        "cdroms" => "cdrom",
        "floppies" => "floppy",
        "serial_ports" => "serial",
        "parallel_ports" => "parallel",
        "scsi_adapters" => "scsi",
        _ => "sata",
    }
}

/// Every virtual device, a table per class: what it is, where it sits, what backs it and whether it is
/// connected. Each class's devices can be added, edited (`&edit=<class>-<key>`, where the API can change them)
/// and removed after a confirmation (`&confirm=remove-<class>-<key>`); connectable devices connect and
/// disconnect while the VM runs. What the power state does not allow is not offered, and the page says why.
#[component]
pub fn VmDevicesCard(#[prop(into)] vm: String, hw: HardwareView) -> impl IntoView {
    let query = use_query_map();
    let (edit, confirm, notice) = query.with_untracked(|q| {
        let notice = (q.get("done").is_some() && q.get("__err").is_none()).then(|| q.get("hardware").and_then(|h| device_notice(&h))).flatten();
        (q.get("edit").unwrap_or_default(), q.get("confirm").unwrap_or_default(), notice)
    });
    let page = format!("{}&tab=hardware", object_href("VirtualMachine", &vm));
    let suspended = (hw.power_state == "SUSPENDED").then_some("The virtual machine is suspended: power it on or off to change its devices.");
    let running = hw.power_state == "POWERED_ON";
    // The confirmation of a removal, above the tables.
    let confirm_panel = confirm.strip_prefix("remove-").and_then(|target| {
        let (class, key) = target.split_once('-')?;
        let d = hw.devices.iter().find(|c| c.class == class)?.devices.iter().find(|d| d.key == key)?.clone();
        let message = match class {
            "disks" => disk::remove_message(&d),
            "nics" => ethernet::remove_message(&d),
            "cdroms" => cdrom::remove_message(&d),
            "floppies" | "serial_ports" | "parallel_ports" => port::remove_message(&d),
            _ => adapter::remove_message(&d),
        };
        let button = view! { <device::RemoveDeviceButton vm=vm.clone() class=short(class) d=d.clone()/> };
        Some(view! {
            <ConfirmPanel title=format!("Remove {} from {}?", d.label, hw.name) message cancel_href=page.clone()>{button}</ConfirmPanel>
        })
    });
    let classes = hw.devices.clone();
    let connection = ServerAction::<SetVmDeviceConnection>::new();
    view! {
        <Card title="Devices">
            <div class="space-y-6" data-testid="vm-devices">
                {notice.map(|n| view! { <Notice text=n test_id="device-done"/> })}
                <FormError value=connection.value() test_id="connection-error"/>
                {confirm_panel}
                {suspended.map(|s| view! { <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="devices-locked">{s}</p> })}
                {classes.into_iter().map(|c| {
                    let heading_id = format!("devices-{}", c.class);
                    let labelled_by = heading_id.clone();
                    let headings = vec!["Device", "Type and address", "Backing", "Size", "Connection", "Actions"];
                    let form_class = short(&c.class);
                    let is_port = matches!(form_class, "floppy" | "serial" | "parallel");
                    let is_adapter = matches!(form_class, "scsi" | "sata");
                    // What the API lets change on a device of this class now: a port's backing only powered off
                    // (a floppy's image any time), a SCSI adapter's sharing, a SATA adapter nothing.
                    let editable = match form_class {
                        "sata" => false,
                        "serial" | "parallel" | "scsi" => !running,
                        _ => true,
                    };
                    let editing = c.devices.iter().find(|d| edit == format!("{}-{}", c.class, d.key)).cloned();
                    let edit_form = editing.filter(|_| suspended.is_none() && editable).map(|d| match form_class {
                        "disk" => view! { <disk::EditDisk vm=vm.clone() d hw=hw.clone()/> }.into_any(),
                        "nic" => view! { <ethernet::EditNic vm=vm.clone() d hw=hw.clone()/> }.into_any(),
                        "cdrom" => view! { <cdrom::EditCdrom vm=vm.clone() d/> }.into_any(),
                        "scsi" => view! { <adapter::EditScsiAdapter vm=vm.clone() d/> }.into_any(),
                        _ => view! { <port::EditPort vm=vm.clone() class=form_class d/> }.into_any(),
                    });
                    let n_devices = c.devices.len();
                    let add_locked = if is_port { port::add_locked(&hw, form_class, n_devices) } else if is_adapter { adapter::add_locked(&hw, form_class, n_devices) } else { None };
                    let add_form = (suspended.is_none()).then(|| match (form_class, add_locked) {
                        (_, Some(why)) => view! { <p class="text-sm text-slate-600 dark:text-slate-400" data-testid=format!("add-{form_class}-locked")>{why}</p> }.into_any(),
                        ("disk", _) => view! { <disk::AddDisk vm=vm.clone() hw=hw.clone()/> }.into_any(),
                        ("nic", _) => view! { <ethernet::AddNic vm=vm.clone() hw=hw.clone()/> }.into_any(),
                        ("cdrom", _) => view! { <cdrom::AddCdrom vm=vm.clone() hw=hw.clone()/> }.into_any(),
                        ("scsi" | "sata", _) => view! { <adapter::AddAdapter vm=vm.clone() class=form_class hw=hw.clone()/> }.into_any(),
                        _ => view! { <port::AddPort vm=vm.clone() class=form_class/> }.into_any(),
                    });
                    let class = c.class.clone();
                    let rows = c.devices.into_iter().map(|d| {
                        let actions = Some({
                            let connect = (running && CONNECTABLE.contains(&form_class)).then(|| {
                                view! { <device::ConnectButton vm=vm.clone() class=form_class d=d.clone() set=connection/> }
                            });
                            let target = format!("{class}-{}", d.key);
                            let plug = match form_class {
                                "nic" => None,
                                "disk" | "cdrom" => disk::plug_locked(&hw, &d.bus_type),
                                "scsi" | "sata" => adapter::remove_locked(&hw, &d),
                                _ => running.then(|| "Only while powered off".to_string()),
                            };
                            let remove = match (suspended, plug) {
                                (Some(_), _) => None,
                                (None, Some(why)) => Some(view! { <span class="text-xs text-slate-600 dark:text-slate-400">{why}</span> }.into_any()),
                                (None, None) => Some(view! {
                                    <a href=format!("{page}&confirm=remove-{target}") class=LINK aria-label=format!("Remove {}…", d.label) data-testid=format!("remove-{target}")>"Remove…"</a>
                                }.into_any()),
                            };
                            let edit_link = (suspended.is_none() && editable).then(|| view! {
                                <a href=format!("{page}&edit={target}#edit-{class}") class=LINK aria-label=format!("Edit {}", d.label) data-testid=format!("edit-{target}")>"Edit"</a>
                            });
                            let unmount = (suspended.is_none() && form_class == "cdrom" && d.file.as_deref().is_some_and(crate::api::vcenter::iso::is_library_iso))
                                .then(|| view! { <cdrom::UnmountIsoButton vm=vm.clone() d=d.clone()/> });
                            view! { <td><div class="flex flex-wrap items-center gap-3">{connect}{edit_link}{unmount}{remove}</div></td> }
                        });
                        view! {
                            <tr data-testid="device" data-key=d.key.clone()>
                                <td class="font-medium">{d.label}</td>
                                <td>{d.kind}</td>
                                <td class="break-all">{d.backing}</td>
                                <td class="tabular-nums">{d.size.unwrap_or_else(|| "—".into())}</td>
                                <td>{d.state.unwrap_or_else(|| "—".into())}</td>
                                {actions}
                            </tr>
                        }
                    }).collect_view();
                    let count = format!("{} ({})", c.title, hw.devices.iter().find(|x| x.class == class).map_or(0, |x| x.devices.len()));
                    let empty = hw.devices.iter().find(|x| x.class == class).is_none_or(|x| x.devices.is_empty());
                    view! {
                        <section aria-labelledby=labelled_by class="space-y-3" data-testid="device-class" data-class=class.clone()>
                            <h3 id=heading_id class="text-sm font-semibold text-slate-800 dark:text-slate-200">{count}</h3>
                            {if empty {
                                view! { <Empty text=format!("No {}.", c.title.to_lowercase())/> }.into_any()
                            } else {
                                view! { <Table caption=c.title.clone() headings>{rows}</Table> }.into_any()
                            }}
                            {edit_form.map(|f| view! { <div id=format!("edit-{class}") class="rounded-lg border border-sky-200 p-3 dark:border-sky-900">{f}</div> })}
                            {add_form}
                        </section>
                    }
                }).collect_view()}
            </div>
        </Card>
    }
}
