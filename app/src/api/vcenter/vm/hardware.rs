//! `vcenter/vm/hardware`: a VM's CPU, memory and boot options — what they are, what may change in the VM's power state (and
//! why not, when not), and the two forms that change them. Values are checked before anything is sent, by the
//! rules vSphere documents: CPUs from 1 to 128 and a multiple of the cores per socket; memory a multiple of 4 MB.

pub mod adapter;
pub mod boot_device;
pub mod cdrom;
pub mod details;
pub mod device;
pub mod disk;
pub mod ethernet;
pub mod port;
pub mod version;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Hardware version 14's most virtual CPUs, and most memory (6 TB).
pub const MAX_CPUS: i64 = 128;
pub const MAX_MEMORY_MB: i64 = 6 * 1024 * 1024;

/// A VM's hardware as its Hardware tab shows it: CPU, memory and boot (with why each part cannot change now),
/// the hardware version, the boot order, and every virtual device by class.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HardwareView {
    pub name: String,
    pub power_state: String,
    /// "14" (from `VMX_14`).
    pub version: String,
    /// The upgrade policy and status in words.
    pub upgrade: String,
    /// The boot order, in words; empty when the firmware's default order is used.
    pub boot_order: Vec<String>,
    /// The same entries as tokens ([`boot_device::token`]), and the entries that may be added (token, words).
    pub boot_tokens: Vec<String>,
    pub boot_choices: Vec<(String, String)>,
    /// The version as a number, the upgrade policy (`NEVER`, …) and the version it upgrades to (`VMX_14`).
    pub version_number: u32,
    pub upgrade_policy: String,
    pub upgrade_version: Option<String>,
    pub devices: Vec<DeviceClass>,
    /// The networks an adapter may join (id, name), by name.
    pub networks: Vec<(String, String)>,
    pub cpu_count: i64,
    pub cores_per_socket: i64,
    pub cpu_hot_add: bool,
    pub cpu_hot_remove: bool,
    pub memory_mb: i64,
    pub memory_hot_add: bool,
    /// `EFI` or `BIOS`.
    pub firmware: String,
    pub boot_delay_ms: i64,
    pub boot_retry: bool,
    pub boot_retry_delay_ms: i64,
    pub enter_setup: bool,
}

impl HardwareView {
    fn cold_only(&self) -> Option<String> {
        match self.power_state.as_str() {
            "POWERED_OFF" => None,
            "SUSPENDED" => Some("The virtual machine is suspended: power it on or off to change its hardware.".into()),
            _ => Some("Only while the virtual machine is powered off.".into()),
        }
    }

    /// Why the CPU count cannot change now: never while suspended; while running only with hot add or hot
    /// remove enabled.
    pub fn cpu_count_locked(&self) -> Option<String> {
        match self.power_state.as_str() {
            "POWERED_ON" if self.cpu_hot_add || self.cpu_hot_remove => None,
            "POWERED_ON" => Some("CPU hot add and hot remove are not enabled: CPUs change only while the virtual machine is powered off.".into()),
            _ => self.cold_only(),
        }
    }

    /// Why the cores per socket and the hot-plug switches cannot change now.
    pub fn cold_locked(&self) -> Option<String> {
        self.cold_only()
    }

    /// Why the memory size cannot change now.
    pub fn memory_locked(&self) -> Option<String> {
        match self.power_state.as_str() {
            "POWERED_ON" if self.memory_hot_add => None,
            "POWERED_ON" => Some("Memory hot add is not enabled: memory changes only while the virtual machine is powered off.".into()),
            _ => self.cold_only(),
        }
    }

    /// Why the firmware cannot change now (the other boot options apply at the next boot, so they may).
    pub fn firmware_locked(&self) -> Option<String> {
        self.cold_only()
    }

    /// What a running VM's count may become: up with hot add, down with hot remove.
    pub fn cpu_hint(&self) -> String {
        match (self.power_state.as_str(), self.cpu_hot_add, self.cpu_hot_remove) {
            ("POWERED_ON", true, false) => format!("While it runs, CPUs can be added (hot add), not removed: {} or more.", self.cpu_count),
            ("POWERED_ON", false, true) => format!("While it runs, CPUs can be removed (hot remove), not added: {} or fewer.", self.cpu_count),
            _ => format!("From 1 to {MAX_CPUS}, a multiple of the cores per socket."),
        }
    }
}

/// A whole number from a form field, or the field's refusal.
pub(crate) fn whole(field: &str, text: &str, what: &str) -> Result<i64, AppError> {
    text.trim().replace([',', '_', ' '], "").parse::<i64>().map_err(|_| AppError::invalid(field, format!("Enter {what} as a whole number.")))
}

/// The CPU form (`flags` is sent only while the hot-plug switches may change, since an unticked box sends
/// nothing; disabled fields send nothing either, and leave their value as it is).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CpuForm {
    pub vm: String,
    pub count: Option<String>,
    pub cores_per_socket: Option<String>,
    pub flags: Option<String>,
    pub hot_add: Option<String>,
    pub hot_remove: Option<String>,
}

/// The update a CPU form asks for, checked against `now` (the cores per socket kept when not sent).
pub fn cpu_spec(form: &CpuForm, now_cores: i64) -> Result<crate::vsphere::models::vcenter::vm::hardware::cpu::UpdateSpec, AppError> {
    let count = form.count.as_deref().map(|c| whole("count", c, "the number of CPUs")).transpose()?;
    let cores = form.cores_per_socket.as_deref().map(|c| whole("cores_per_socket", c, "the cores per socket")).transpose()?;
    if let Some(c) = count.filter(|c| !(1..=MAX_CPUS).contains(c)) {
        return Err(AppError::invalid("count", format!("A virtual machine has from 1 to {MAX_CPUS} CPUs; {c} is not possible.")));
    }
    if let Some(k) = cores.filter(|k| !(1..=MAX_CPUS).contains(k)) {
        return Err(AppError::invalid("cores_per_socket", format!("Cores per socket go from 1 to {MAX_CPUS}; {k} is not possible.")));
    }
    if let Some(c) = count {
        let k = cores.unwrap_or(now_cores);
        if k > 0 && c % k != 0 {
            return Err(AppError::invalid("count", format!("{c} CPUs cannot be split into sockets of {k} cores: the number of CPUs must be a multiple of the cores per socket.")));
        }
    }
    let flags = form.flags.is_some();
    Ok(crate::vsphere::models::vcenter::vm::hardware::cpu::UpdateSpec {
        count,
        cores_per_socket: cores,
        hot_add_enabled: flags.then(|| form.hot_add.is_some()),
        hot_remove_enabled: flags.then(|| form.hot_remove.is_some()),
    })
}

/// The memory form (see [`CpuForm`] for `flags`). The size is in MB.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct MemoryForm {
    pub vm: String,
    pub size_mb: Option<String>,
    pub flags: Option<String>,
    pub hot_add: Option<String>,
}

pub fn memory_spec(form: &MemoryForm) -> Result<crate::vsphere::models::vcenter::vm::hardware::memory::UpdateSpec, AppError> {
    let size = form.size_mb.as_deref().map(|m| whole("size_mb", m, "the memory in MB")).transpose()?;
    if let Some(m) = size {
        if m < 4 || m % 4 != 0 {
            return Err(AppError::invalid("size_mb", format!("Memory goes in steps of 4 MB: {m} MB is not one (4096 MB is 4 GB).")));
        }
        if m > MAX_MEMORY_MB {
            return Err(AppError::invalid("size_mb", format!("A virtual machine has at most {MAX_MEMORY_MB} MB (6 TB) of memory.")));
        }
    }
    Ok(crate::vsphere::models::vcenter::vm::hardware::memory::UpdateSpec { size_mib: size, hot_add_enabled: form.flags.is_some().then(|| form.hot_add.is_some()) })
}

/// The boot form (its checkboxes are always on it, so an unticked one is off).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BootForm {
    pub vm: String,
    /// `EFI` or `BIOS`; absent while the VM runs (the field is disabled).
    pub firmware: Option<String>,
    pub delay_ms: String,
    pub retry: Option<String>,
    pub retry_delay_ms: String,
    pub enter_setup: Option<String>,
}

pub fn boot_spec(form: &BootForm) -> Result<crate::vsphere::models::vcenter::vm::hardware::boot::UpdateSpec, AppError> {
    use crate::vsphere::models::vcenter::vm::hardware::boot::Type;
    let firmware = match form.firmware.as_deref().map(str::trim) {
        None => None,
        Some("EFI") => Some(Type::Efi),
        Some("BIOS") => Some(Type::Bios),
        Some(_) => return Err(AppError::invalid("firmware", "Choose EFI or BIOS.")),
    };
    let ms = |field: &str, text: &str, what: &str| -> Result<i64, AppError> {
        let v = whole(field, text, what)?;
        if !(0..=MAX_BOOT_DELAY_MS).contains(&v) {
            return Err(AppError::invalid(field, format!("Enter {what} from 0 to {MAX_BOOT_DELAY_MS} milliseconds.")));
        }
        Ok(v)
    };
    Ok(crate::vsphere::models::vcenter::vm::hardware::boot::UpdateSpec {
        r#type: firmware,
        efi_legacy_boot: None,
        network_protocol: None,
        delay: Some(ms("delay_ms", &form.delay_ms, "the boot delay")?),
        retry: Some(form.retry.is_some()),
        retry_delay: Some(ms("retry_delay_ms", &form.retry_delay_ms, "the retry delay")?),
        enter_setup_mode: Some(form.enter_setup.is_some()),
    })
}

/// One class of virtual device (disks, network adapters, …) and its devices.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeviceClass {
    /// `disks`, `nics`, `cdroms`, `floppies`, `serial_ports`, `parallel_ports`, `sata_adapters`, `scsi_adapters`.
    pub class: String,
    pub title: String,
    pub devices: Vec<Device>,
}

/// One virtual device, in words.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Device {
    /// vCenter's key for it (`2000`).
    pub key: String,
    pub label: String,
    /// Its kind and where it sits: "SCSI 0:1", "VMXNET3 · PCI slot 192".
    pub kind: String,
    /// What backs it: a VMDK file, a network, an ISO file, a host or client device, a pipe, …
    pub backing: String,
    /// Disks: the capacity.
    pub size: Option<String>,
    /// Connectable devices: connected or not, and at power on.
    pub state: Option<String>,
    /// What the edit forms start from. Connectable devices: connected now (while the VM runs).
    pub connected: Option<bool>,
    pub start_connected: bool,
    /// Disks and CD-ROM drives: `SCSI`, `SATA` or `IDE`.
    pub bus_type: String,
    /// A disk's VMDK file, a CD-ROM drive's ISO file.
    pub file: Option<String>,
    /// A network adapter's network (id), MAC address type and address, wake-on-LAN.
    pub network: Option<String>,
    pub mac_type: Option<String>,
    pub mac: Option<String>,
    pub wake_on_lan: bool,
    /// A CD-ROM drive's medium (`ISO_FILE`, `HOST_DEVICE`, `CLIENT_DEVICE`) or a port's backing type, and its
    /// host device; a floppy image or a port's file is in `file`.
    pub medium: Option<String>,
    pub host_device: Option<String>,
    /// A serial port's pipe (and whether received data is kept), network location and proxy, and whether it
    /// yields the CPU on poll.
    pub pipe: Option<String>,
    pub no_rx_loss: bool,
    pub network_location: Option<String>,
    pub proxy: Option<String>,
    pub yield_on_poll: bool,
    /// The bus a disk or drive sits on, or a storage adapter's own (with `bus_type` `SCSI` or `SATA`); a SCSI
    /// adapter's bus sharing.
    pub bus: Option<i64>,
    pub sharing: Option<String>,
}

fn address(ide: Option<&crate::vsphere::models::vcenter::vm::hardware::IdeAddressInfo>, scsi: Option<(i64, i64)>, sata: Option<(i64, i64)>) -> String {
    match (ide, scsi, sata) {
        (Some(i), _, _) => format!("IDE {} {}", if i.primary { "primary" } else { "secondary" }, if i.master { "master" } else { "slave" }),
        (_, Some((b, u)), _) => format!("SCSI {b}:{u}"),
        (_, _, Some((b, u))) => format!("SATA {b}:{u}"),
        _ => String::new(),
    }
}

/// `d` as a connectable device (network adapter, drive or port): connected now or not (`state`), and at power on.
fn connectable(d: Device, state: &str, start_connected: bool) -> Device {
    let said = format!("{} · {}", words(state), if start_connected { "connects at power on" } else { "not connected at power on" });
    Device { state: Some(said), connected: Some(state == "CONNECTED"), start_connected, ..d }
}

fn words(s: &str) -> String {
    crate::api::vcenter::inventory::words(s)
}

fn or_auto(device: &Option<String>, auto: Option<bool>) -> String {
    match (device, auto) {
        (Some(d), _) if !d.is_empty() => d.clone(),
        (_, Some(true)) => "detected automatically".into(),
        _ => "none".into(),
    }
}

/// What the VM's get (`GET /rest/vcenter/vm/{vm}`) says of its hardware, for the Hardware tab.
pub fn hardware_view(v: &crate::vsphere::models::vcenter::vm::Info) -> HardwareView {
    let device = |key: &String, label: &str, kind: String, backing: String| Device { key: key.clone(), label: label.to_string(), kind, backing, ..Default::default() };
    let disks = v
        .disks
        .iter()
        .map(|(k, d)| Device {
            size: d.capacity.map(crate::api::vcenter::inventory::human_bytes),
            bus_type: d.r#type.as_str().to_string(),
            bus: d.scsi.as_ref().map(|a| a.bus).or(d.sata.as_ref().map(|a| a.bus)),
            file: d.backing.vmdk_file.clone(),
            ..device(k, &d.label, address(d.ide.as_ref(), d.scsi.as_ref().map(|a| (a.bus, a.unit)), d.sata.as_ref().map(|a| (a.bus, a.unit))), d.backing.vmdk_file.clone().unwrap_or_else(|| words(d.backing.r#type.as_str())))
        })
        .collect();
    let nics = v
        .nics
        .iter()
        .map(|(k, n)| {
            let b = &n.backing;
            let backing = match b.r#type.as_str() {
                "HOST_DEVICE" => format!("Host device {}", b.host_device.clone().unwrap_or_default()),
                t => format!("{} ({})", b.network_name.clone().or(b.network.clone()).unwrap_or_default(), words(t).to_lowercase()),
            };
            let mut kind = n.r#type.as_str().to_string();
            if let Some(mac) = &n.mac_address {
                kind.push_str(&format!(" · MAC {mac} ({})", words(n.mac_type.as_str()).to_lowercase()));
            }
            if n.wake_on_lan_enabled {
                kind.push_str(" · wake-on-LAN");
            }
            let d = Device {
                network: b.network.clone(),
                mac_type: Some(n.mac_type.as_str().to_string()),
                mac: n.mac_address.clone(),
                wake_on_lan: n.wake_on_lan_enabled,
                ..device(k, &n.label, kind, backing)
            };
            connectable(d, n.state.as_str(), n.start_connected)
        })
        .collect();
    let cdroms = v
        .cdroms
        .iter()
        .map(|(k, c)| {
            let b = &c.backing;
            let backing = match b.r#type.as_str() {
                "ISO_FILE" => format!("ISO file {}", b.iso_file.clone().unwrap_or_default()),
                "HOST_DEVICE" => format!("Host device: {}", or_auto(&b.host_device, b.auto_detect)),
                t => format!("{}{}", words(t), b.device_access_type.as_ref().map(|a| format!(" ({})", words(a.as_str()).to_lowercase())).unwrap_or_default()),
            };
            let d = Device {
                bus_type: c.r#type.as_str().to_string(),
                bus: c.sata.as_ref().map(|a| a.bus),
                file: b.iso_file.clone(),
                medium: Some(b.r#type.as_str().to_string()),
                host_device: b.host_device.clone(),
                ..device(k, &c.label, address(c.ide.as_ref(), None, c.sata.as_ref().map(|a| (a.bus, a.unit))), backing)
            };
            connectable(d, c.state.as_str(), c.start_connected)
        })
        .collect();
    let floppies = v
        .floppies
        .iter()
        .map(|(k, f)| {
            let b = &f.backing;
            let backing = match b.r#type.as_str() {
                "IMAGE_FILE" => format!("Image file {}", b.image_file.clone().unwrap_or_default()),
                "HOST_DEVICE" => format!("Host device: {}", or_auto(&b.host_device, b.auto_detect)),
                t => words(t),
            };
            let d = Device { medium: Some(b.r#type.as_str().to_string()), file: b.image_file.clone(), host_device: b.host_device.clone(), ..device(k, &f.label, String::new(), backing) };
            connectable(d, f.state.as_str(), f.start_connected)
        })
        .collect();
    let serial_ports = v
        .serial_ports
        .iter()
        .map(|(k, p)| {
            let b = &p.backing;
            let backing = match b.r#type.as_str() {
                "FILE" => format!("File {}", b.file.clone().unwrap_or_default()),
                "HOST_DEVICE" => format!("Host device: {}", or_auto(&b.host_device, b.auto_detect)),
                t @ ("PIPE_SERVER" | "PIPE_CLIENT") => format!("Pipe {} ({})", b.pipe.clone().unwrap_or_default(), if t == "PIPE_SERVER" { "server" } else { "client" }),
                t => format!("Network {} ({}){}", b.network_location.clone().unwrap_or_default(), if t == "NETWORK_SERVER" { "server" } else { "client" }, b.proxy.as_ref().map(|p| format!(" through {p}")).unwrap_or_default()),
            };
            let d = Device {
                medium: Some(b.r#type.as_str().to_string()),
                file: b.file.clone(),
                host_device: b.host_device.clone(),
                pipe: b.pipe.clone(),
                no_rx_loss: b.no_rx_loss.unwrap_or(false),
                network_location: b.network_location.clone(),
                proxy: b.proxy.clone(),
                yield_on_poll: p.yield_on_poll,
                ..device(k, &p.label, if p.yield_on_poll { "Yields the CPU on poll".into() } else { String::new() }, backing)
            };
            connectable(d, p.state.as_str(), p.start_connected)
        })
        .collect();
    let parallel_ports = v
        .parallel_ports
        .iter()
        .map(|(k, p)| {
            let b = &p.backing;
            let backing = match b.r#type.as_str() {
                "FILE" => format!("File {}", b.file.clone().unwrap_or_default()),
                _ => format!("Host device: {}", or_auto(&b.host_device, b.auto_detect)),
            };
            let d = Device { medium: Some(b.r#type.as_str().to_string()), file: b.file.clone(), host_device: b.host_device.clone(), ..device(k, &p.label, String::new(), backing) };
            connectable(d, p.state.as_str(), p.start_connected)
        })
        .collect();
    let slot = |s: Option<i64>| s.map(|s| format!(" · PCI slot {s}")).unwrap_or_default();
    let sata_adapters = v
        .sata_adapters
        .iter()
        .map(|(k, a)| Device { bus_type: "SATA".into(), bus: Some(a.bus), ..device(k, &a.label, format!("{} · bus {}{}", a.r#type.as_str(), a.bus, slot(a.pci_slot_number)), String::new()) })
        .collect();
    let scsi_adapters = v
        .scsi_adapters
        .iter()
        .map(|(k, a)| {
            let kind = adapter::SCSI_TYPES.iter().find(|(t, _)| *t == a.r#type.as_str()).map_or(a.r#type.as_str(), |(_, l)| l);
            Device {
                bus_type: "SCSI".into(),
                bus: Some(a.scsi.bus),
                sharing: Some(a.sharing.as_str().to_string()),
                ..device(k, &a.label, format!("{kind} · bus {}{}", a.scsi.bus, slot(a.pci_slot_number)), format!("Bus sharing: {}", words(a.sharing.as_str()).to_lowercase()))
            }
        })
        .collect();
    let class = |class: &str, title: &str, devices: Vec<Device>| DeviceClass { class: class.into(), title: title.into(), devices };
    // The boot order names devices by their labels where it can.
    let label_of = |key: &str, map: &[(String, String)]| map.iter().find(|(k, _)| k == key).map(|(_, l)| l.clone()).unwrap_or_else(|| key.to_string());
    let disk_labels: Vec<(String, String)> = v.disks.iter().map(|(k, d)| (k.clone(), d.label.clone())).collect();
    let nic_labels: Vec<(String, String)> = v.nics.iter().map(|(k, n)| (k.clone(), n.label.clone())).collect();
    let boot_order = v
        .boot_devices
        .iter()
        .map(|e| match e.r#type.as_str() {
            "DISK" => match e.disks.as_deref() {
                Some(ds) if !ds.is_empty() => ds.iter().map(|d| label_of(d, &disk_labels)).collect::<Vec<_>>().join(", "),
                _ => "A hard disk (the first that boots)".into(),
            },
            "ETHERNET" => e.nic.as_deref().map(|n| label_of(n, &nic_labels)).unwrap_or_else(|| "A network adapter".into()),
            "CDROM" => "A CD/DVD drive".into(),
            t => words(t),
        })
        .collect();
    let boot_tokens: Vec<String> = v.boot_devices.iter().map(boot_device::token).collect();
    let mut boot_choices: Vec<(String, String)> = vec![("DISK".into(), "A hard disk (the first that boots)".into())];
    boot_choices.extend(v.disks.iter().map(|(k, d)| (format!("DISK:{k}"), d.label.clone())));
    if !v.cdroms.0.is_empty() {
        boot_choices.push(("CDROM".into(), "The CD/DVD drive".into()));
    }
    boot_choices.extend(v.nics.iter().map(|(k, n)| (format!("ETHERNET:{k}"), format!("{} (network boot)", n.label))));
    if !v.floppies.0.is_empty() {
        boot_choices.push(("FLOPPY".into(), "The floppy drive".into()));
    }
    boot_choices.retain(|(t, _)| !boot_tokens.contains(t));
    let version_number = v.hardware.version.as_str().trim_start_matches("VMX_").parse().unwrap_or(0);
    HardwareView {
        boot_tokens,
        boot_choices,
        version_number,
        upgrade_policy: v.hardware.upgrade_policy.as_str().to_string(),
        upgrade_version: v.hardware.upgrade_version.as_ref().map(|u| u.as_str().to_string()),
        name: v.name.clone(),
        power_state: v.power_state.as_str().to_string(),
        version: v.hardware.version.as_str().trim_start_matches("VMX_").trim_start_matches('0').to_string(),
        upgrade: format!(
            "Upgrade policy: {}; {}",
            words(v.hardware.upgrade_policy.as_str()).to_lowercase(),
            match v.hardware.upgrade_status.as_str() {
                "NONE" => "no upgrade scheduled".to_string(),
                s => format!("upgrade {}", words(s).to_lowercase()),
            }
        ),
        boot_order,
        networks: Vec::new(),
        devices: vec![
            class("disks", "Hard disks", disks),
            class("nics", "Network adapters", nics),
            class("cdroms", "CD/DVD drives", cdroms),
            class("floppies", "Floppy drives", floppies),
            class("serial_ports", "Serial ports", serial_ports),
            class("parallel_ports", "Parallel ports", parallel_ports),
            class("scsi_adapters", "SCSI adapters", scsi_adapters),
            class("sata_adapters", "SATA adapters", sata_adapters),
        ],
        cpu_count: v.cpu.count,
        cores_per_socket: v.cpu.cores_per_socket,
        cpu_hot_add: v.cpu.hot_add_enabled,
        cpu_hot_remove: v.cpu.hot_remove_enabled,
        memory_mb: v.memory.size_mib,
        memory_hot_add: v.memory.hot_add_enabled,
        firmware: v.boot.r#type.as_str().to_string(),
        boot_delay_ms: v.boot.delay,
        boot_retry: v.boot.retry,
        boot_retry_delay_ms: v.boot.retry_delay,
        enter_setup: v.boot.enter_setup_mode,
    }
}

/// The longest boot delay the console takes, a minute: a longer one is almost always a typo (an extra zero).
pub const MAX_BOOT_DELAY_MS: i64 = 60_000;

/// A VM's hardware, from one call (the VM's get), and the networks its adapters may join.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware")]
pub async fn get_vm_hardware(vm: String) -> Result<HardwareView, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let (info, networks) = tokio::join!(vc.vcenter_vm_get(&vm), vc.vcenter_network_list(&[], &[], &[], &[], &[]));
        let mut view = hardware_view(&info?);
        view.networks = networks?.into_iter().map(|n| (n.network, n.name)).collect();
        view.networks.sort_by(|a, b| a.1.to_lowercase().cmp(&b.1.to_lowercase()));
        Ok(view)
    })
    .await
}

/// Changes a VM's CPUs; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/cpu")]
pub async fn set_vm_cpu(#[server(flatten)] form: CpuForm) -> Result<(), AppError> {
    let keep = |e: AppError| {
        let typed: Vec<(&str, &str)> = [("count", form.count.as_deref()), ("cores_per_socket", form.cores_per_socket.as_deref())]
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k, v)))
            .collect();
        e.with_input(&typed)
    };
    let vm = super::vm_id(&form.vm).map_err(keep)?;
    let id = vm.clone();
    let f = form.clone();
    crate::api::ssr::with_vc(|vc| async move {
        let now = vc.vcenter_vm_hardware_cpu_get(&id).await?;
        let spec = cpu_spec(&f, now.cores_per_socket)?;
        vc.vcenter_vm_hardware_cpu_update(&id, &spec).await
    })
    .await
    .map_err(keep)?;
    super::back_to_vm(&vm, "hardware", "cpu", <SetVmCpu as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

/// Changes a VM's memory; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/memory")]
pub async fn set_vm_memory(#[server(flatten)] form: MemoryForm) -> Result<(), AppError> {
    let keep = |e: AppError| match form.size_mb.as_deref() {
        Some(m) => e.with_input(&[("size_mb", m)]),
        None => e,
    };
    let spec = memory_spec(&form).map_err(keep)?;
    let vm = super::vm_id(&form.vm).map_err(keep)?;
    let id = vm.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_hardware_memory_update(&id, &spec).await }).await.map_err(keep)?;
    super::back_to_vm(&vm, "hardware", "memory", <SetVmMemory as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

/// Changes a VM's boot options; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/boot")]
pub async fn set_vm_boot(#[server(flatten)] form: BootForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_input(&[("delay_ms", form.delay_ms.as_str()), ("retry_delay_ms", form.retry_delay_ms.as_str())]);
    let spec = boot_spec(&form).map_err(keep)?;
    let vm = super::vm_id(&form.vm).map_err(keep)?;
    let id = vm.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_hardware_boot_update(&id, &spec).await }).await.map_err(keep)?;
    super::back_to_vm(&vm, "hardware", "boot", <SetVmBoot as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cpu(count: &str, cores: Option<&str>) -> CpuForm {
        CpuForm { vm: "vm-1".into(), count: Some(count.into()), cores_per_socket: cores.map(Into::into), ..Default::default() }
    }

    #[test]
    fn cpu_and_memory_are_checked_before_anything_is_sent() {
        assert_eq!(cpu_spec(&cpu("8", Some("4")), 1).unwrap().count, Some(8));
        let e = cpu_spec(&cpu("0", None), 1).unwrap_err();
        assert_eq!(e.invalid_field(), Some("count"), "{e}");
        let e = cpu_spec(&cpu("6", Some("4")), 1).unwrap_err();
        assert!(e.to_string().contains("must be a multiple of the cores per socket"), "{e}");
        assert!(cpu_spec(&cpu("6", None), 4).is_err(), "checked against the cores per socket it keeps");
        assert!(cpu_spec(&cpu("six", None), 1).unwrap_err().to_string().contains("whole number"));
        let spec = cpu_spec(&CpuForm { flags: Some("1".into()), hot_add: Some("on".into()), ..cpu("2", None) }, 1).unwrap();
        assert_eq!((spec.hot_add_enabled, spec.hot_remove_enabled), (Some(true), Some(false)), "an unticked box is off when the switches were on the form");
        assert_eq!(cpu_spec(&cpu("2", None), 1).unwrap().hot_add_enabled, None, "and left alone when they were not");

        let mem = |m: &str| memory_spec(&MemoryForm { vm: "vm-1".into(), size_mb: Some(m.into()), ..Default::default() });
        assert_eq!(mem("4096").unwrap().size_mib, Some(4096));
        assert_eq!(mem("4,096").unwrap().size_mib, Some(4096));
        for bad in ["4098", "0", "2", "7000000"] {
            assert_eq!(mem(bad).unwrap_err().invalid_field(), Some("size_mb"), "{bad}");
        }
    }

    #[test]
    fn boot_options_are_checked_before_anything_is_sent() {
        let form = |delay: &str| BootForm { vm: "vm-1".into(), firmware: Some("EFI".into()), delay_ms: delay.into(), retry: Some("on".into()), retry_delay_ms: "10000".into(), enter_setup: None };
        let spec = boot_spec(&form("2000")).unwrap();
        assert_eq!((spec.delay, spec.retry, spec.enter_setup_mode), (Some(2000), Some(true), Some(false)));
        assert_eq!(spec.r#type.map(|t| t.as_str().to_string()).as_deref(), Some("EFI"));
        assert_eq!(boot_spec(&form("-5")).unwrap_err().invalid_field(), Some("delay_ms"));
        assert_eq!(boot_spec(&form("600000")).unwrap_err().invalid_field(), Some("delay_ms"), "ten minutes: a typo");
        assert_eq!(boot_spec(&BootForm { firmware: None, ..form("0") }).unwrap().r#type, None, "no firmware sent while it runs");
    }

    #[test]
    fn what_a_running_vm_may_change_and_why_not() {
        let on = HardwareView { power_state: "POWERED_ON".into(), cpu_count: 2, cores_per_socket: 1, ..Default::default() };
        assert!(on.cpu_count_locked().unwrap().contains("hot add and hot remove are not enabled"));
        assert!(on.cold_locked().unwrap().contains("powered off"));
        assert!(on.memory_locked().unwrap().contains("Memory hot add is not enabled"));
        let hot = HardwareView { cpu_hot_add: true, memory_hot_add: true, ..on.clone() };
        assert_eq!((hot.cpu_count_locked(), hot.memory_locked()), (None, None));
        assert!(hot.cold_locked().is_some(), "cores per socket and the switches stay cold-only");
        let off = HardwareView { power_state: "POWERED_OFF".into(), ..on.clone() };
        assert_eq!((off.cpu_count_locked(), off.cold_locked(), off.memory_locked()), (None, None, None));
        let suspended = HardwareView { power_state: "SUSPENDED".into(), ..hot };
        assert!(suspended.cpu_count_locked().unwrap().contains("suspended"));
    }
}
