//! `vcenter/vm/hardware`: a VM's CPU and memory (get and update), by the rules vSphere 6.7 documents for them.
//!
//! - CPU: between 1 and [`MAX_CPUS`] (hardware version 14), the count a multiple of the cores per socket. While
//!   the VM runs, only the count may change, up with CPU hot add enabled and down with hot remove enabled; the
//!   cores per socket and the hot-plug flags change only powered off.
//! - Memory: a multiple of 4 MB, from 4 MB to [`MAX_MEMORY_MIB`]. While the VM runs it may only grow, with
//!   memory hot add enabled; the flag changes only powered off.
//! - Boot: the firmware (EFI or BIOS) changes only powered off; delays are milliseconds, never negative; the
//!   other options (delay, retry, enter setup at the next boot) may change while the VM runs, as they apply
//!   at its next boot.
//! - A suspended VM changes nothing.
//!
//! A bad value is `invalid_argument`; a change the power state does not allow is `not_allowed_in_current_state`
//! (for boot, which does not document that one, the generic `error`).
//! A refused update changes nothing. Disks, network adapters, CD/DVD drives, floppy drives and serial and
//! parallel ports, and storage adapters have modules of their own.

pub mod adapter;
pub mod cdrom;
pub mod device;
pub mod disk;
pub mod ethernet;
pub mod port;
pub mod slots;

use super::super::inventory::{BootEntry, Vm};
use crate::simulator::{bad_body, ok, ok_void, Authed, SimError, SimState};
use app::vsphere::rest::VapiErrorKind;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

/// Hardware version 14's most virtual CPUs.
pub const MAX_CPUS: i64 = 128;
/// Hardware version 14's most memory: 6 TB.
pub const MAX_MEMORY_MIB: i64 = 6 * 1024 * 1024;

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/vm/{vm}/hardware/cpu", get(get_cpu).patch(|s: State<SimState>, _: Authed, Path(id): Path<String>, b: Bytes| update(s.0, id, b, apply_cpu)))
        .route("/rest/vcenter/vm/{vm}/hardware/memory", get(get_memory).patch(|s: State<SimState>, _: Authed, Path(id): Path<String>, b: Bytes| update(s.0, id, b, apply_memory)))
        .route("/rest/vcenter/vm/{vm}/hardware/boot", get(get_boot).patch(|s: State<SimState>, _: Authed, Path(id): Path<String>, b: Bytes| update(s.0, id, b, apply_boot)))
        .route("/rest/vcenter/vm/{vm}/hardware", get(get_version).patch(|s: State<SimState>, _: Authed, Path(id): Path<String>, b: Bytes| update(s.0, id, b, apply_upgrade_policy)))
        .route("/rest/vcenter/vm/{vm}/hardware/boot/device", get(get_boot_devices).put(set_boot_devices))
        .route("/rest/vcenter/vm/{vm}/hardware/action/upgrade", axum::routing::post(upgrade))
        .merge(disk::routes())
        .merge(ethernet::routes())
        .merge(cdrom::routes())
        .merge(port::routes())
        .merge(adapter::routes())
}

/// The newest virtual hardware version vSphere 6.7 runs (`VMX_14`).
pub const MAX_VERSION: u32 = 14;

/// `vcenter.vm.hardware.info`: the version, the upgrade policy and, when one is scheduled, its version.
pub fn version_info(v: &Vm) -> Value {
    let mut info = json!({
        "version": format!("VMX_{:02}", v.hardware_version),
        "upgrade_policy": v.upgrade_policy,
        "upgrade_status": if v.upgrade_policy == "NEVER" { "NONE" } else { "PENDING" },
    });
    if let Some(u) = v.upgrade_version.filter(|_| v.upgrade_policy != "NEVER") {
        info["upgrade_version"] = json!(format!("VMX_{u:02}"));
    }
    info
}

/// `VMX_11` → 11.
fn version_number(v: &str) -> Option<u32> {
    v.strip_prefix("VMX_").and_then(|n| n.parse().ok())
}

#[derive(Deserialize, Default)]
pub struct HardwareSpec {
    pub upgrade_policy: Option<String>,
    pub upgrade_version: Option<String>,
}

/// A version the VM may be upgraded to, or the documented refusal: newer than its own, at most [`MAX_VERSION`].
fn upgrade_target(version: Option<&str>) -> Result<u32, SimError> {
    let n = match version {
        None => MAX_VERSION,
        Some(s) => version_number(s).ok_or_else(|| invalid("hardware.version", format!("{s} is not a hardware version.")))?,
    };
    if n > MAX_VERSION {
        return Err(SimError::new(VapiErrorKind::Other("unsupported".into()), "com.vmware.api.vcenter.vm.hardware.version_unsupported", format!("Hardware version {n} is newer than this vCenter supports ({MAX_VERSION})."), &[]));
    }
    Ok(n)
}

/// The VM with the upgrade policy of `spec`; or the documented refusal.
pub fn apply_upgrade_policy(v: &Vm, spec: &HardwareSpec) -> Result<Vm, SimError> {
    let mut n = v.clone();
    n.upgrade_policy = match spec.upgrade_policy.as_deref() {
        None => v.upgrade_policy.clone(),
        Some(p @ ("NEVER" | "AFTER_CLEAN_SHUTDOWN" | "ALWAYS")) => p.to_string(),
        Some(other) => return Err(invalid("hardware.upgrade_policy", format!("{other} is not an upgrade policy."))),
    };
    if n.upgrade_policy == "NEVER" {
        if spec.upgrade_version.is_some() {
            return Err(invalid("hardware.upgrade_version", "An upgrade version goes with a policy that upgrades.".into()));
        }
        n.upgrade_version = None;
        return Ok(n);
    }
    let target = upgrade_target(spec.upgrade_version.as_deref())?;
    if target <= v.hardware_version {
        return Err(invalid("hardware.upgrade_version", format!("Version {target} is not newer than the virtual machine's ({}).", v.hardware_version)));
    }
    n.upgrade_version = Some(target);
    Ok(n)
}

/// The VM upgraded to `version` (the newest when none); or the documented refusal.
pub fn apply_upgrade(v: &Vm, version: Option<&str>) -> Result<Vm, SimError> {
    if v.power_state != "POWERED_OFF" {
        return Err(not_now("hardware.upgrade", format!("Virtual machine {} is not powered off: its hardware can only be upgraded powered off.", v.id)));
    }
    let target = upgrade_target(version)?;
    if target == v.hardware_version {
        return Err(SimError::new(VapiErrorKind::Other("already_in_desired_state".into()), "com.vmware.api.vcenter.vm.hardware.already", format!("Virtual machine {} already has hardware version {target}.", v.id), &[]));
    }
    if target < v.hardware_version {
        return Err(invalid("hardware.version", format!("Version {target} is older than the virtual machine's ({}): hardware is never downgraded.", v.hardware_version)));
    }
    let mut n = v.clone();
    n.hardware_version = target;
    n.upgrade_policy = "NEVER".into();
    n.upgrade_version = None;
    Ok(n)
}

pub fn boot_devices_info(v: &Vm) -> Value {
    Value::Array(
        v.boot_devices
            .iter()
            .map(|e| {
                let mut entry = json!({ "type": e.kind });
                if let Some(nic) = &e.nic {
                    entry["nic"] = json!(nic);
                }
                if !e.disks.is_empty() {
                    entry["disks"] = json!(e.disks);
                }
                entry
            })
            .collect(),
    )
}

#[derive(Deserialize)]
pub struct BootEntrySpec {
    pub r#type: String,
    pub nic: Option<String>,
    pub disks: Option<Vec<String>>,
}

/// The VM with the boot order `devices`; or the documented refusal (`invalid_argument`: a device it does not
/// have, an adapter entry without its adapter).
pub fn apply_boot_devices(v: &Vm, devices: &[BootEntrySpec]) -> Result<Vm, SimError> {
    let mut order = Vec::new();
    for e in devices {
        let entry = match e.r#type.as_str() {
            "CDROM" if v.cdroms.is_empty() => return Err(invalid("boot.device.cdrom", format!("Virtual machine {} has no CD/DVD drive to boot from.", v.id))),
            "FLOPPY" if v.floppies.is_empty() => return Err(invalid("boot.device.floppy", format!("Virtual machine {} has no floppy drive to boot from.", v.id))),
            "CDROM" | "FLOPPY" => BootEntry { kind: e.r#type.clone(), nic: None, disks: vec![] },
            "DISK" => {
                let disks = e.disks.clone().unwrap_or_default();
                if let Some(k) = disks.iter().find(|k| !v.disks.iter().any(|d| &d.key == *k)) {
                    return Err(invalid("boot.device.disk", format!("Virtual machine {} has no disk {k}.", v.id)));
                }
                if v.disks.is_empty() {
                    return Err(invalid("boot.device.disk", format!("Virtual machine {} has no disk to boot from.", v.id)));
                }
                BootEntry { kind: "DISK".into(), nic: None, disks }
            }
            "ETHERNET" => {
                let nic = e.nic.clone().ok_or_else(|| invalid("boot.device.ethernet", "A network boot entry names its adapter.".into()))?;
                if !v.nics.iter().any(|n| n.key == nic) {
                    return Err(invalid("boot.device.ethernet", format!("Virtual machine {} has no network adapter {nic}.", v.id)));
                }
                BootEntry { kind: "ETHERNET".into(), nic: Some(nic), disks: vec![] }
            }
            other => return Err(invalid("boot.device.type", format!("{other} is not a boot device type."))),
        };
        if order.contains(&entry) {
            return Err(invalid("boot.device.twice", "A device is in the boot order once.".into()));
        }
        order.push(entry);
    }
    let mut n = v.clone();
    n.boot_devices = order;
    Ok(n)
}

async fn get_version(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    Ok(ok(version_info(state.inventory.read().vm(&id)?)))
}

async fn get_boot_devices(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    Ok(ok(boot_devices_info(state.inventory.read().vm(&id)?)))
}

async fn set_boot_devices(State(state): State<SimState>, _: Authed, Path(id): Path<String>, body: Bytes) -> Result<Response, SimError> {
    #[derive(Deserialize)]
    struct Body {
        devices: Vec<BootEntrySpec>,
    }
    let devices = serde_json::from_slice::<Body>(&body).map_err(bad_body)?.devices;
    device::change_vm(&state, &id, |_, v| Ok((apply_boot_devices(v, &devices)?, ())))?;
    Ok(ok_void())
}

async fn upgrade(State(state): State<SimState>, _: Authed, Path(id): Path<String>, body: Bytes) -> Result<Response, SimError> {
    #[derive(Deserialize, Default)]
    struct Body {
        version: Option<String>,
    }
    let version = if body.is_empty() { None } else { serde_json::from_slice::<Body>(&body).map_err(bad_body)?.version };
    device::change_vm(&state, &id, |_, v| Ok((apply_upgrade(v, version.as_deref())?, ())))?;
    Ok(ok_void())
}

pub fn boot_info(v: &Vm) -> Value {
    let mut info = json!({ "type": if v.boot_efi { "EFI" } else { "BIOS" }, "delay": v.boot_delay, "retry": v.boot_retry, "retry_delay": v.boot_retry_delay, "enter_setup_mode": v.boot_setup });
    if v.boot_efi {
        info["efi_legacy_boot"] = json!(false);
        info["network_protocol"] = json!("IPV4");
    }
    info
}

#[derive(Deserialize, Default)]
pub struct BootSpec {
    pub r#type: Option<String>,
    pub efi_legacy_boot: Option<bool>,
    pub network_protocol: Option<String>,
    pub delay: Option<i64>,
    pub retry: Option<bool>,
    pub retry_delay: Option<i64>,
    pub enter_setup_mode: Option<bool>,
}

/// The VM after `spec`, or the documented refusal.
pub fn apply_boot(v: &Vm, spec: &BootSpec) -> Result<Vm, SimError> {
    let mut n = v.clone();
    n.boot_efi = match spec.r#type.as_deref() {
        None => v.boot_efi,
        Some("EFI") => true,
        Some("BIOS") => false,
        Some(other) => return Err(invalid("boot.type", format!("{other} is not a firmware type: EFI or BIOS."))),
    };
    if !n.boot_efi && (spec.efi_legacy_boot.is_some() || spec.network_protocol.is_some()) {
        return Err(invalid("boot.efi_only", "EFI legacy boot and the network boot protocol apply to EFI firmware only.".into()));
    }
    if let Some(p) = spec.network_protocol.as_deref().filter(|p| !["IPV4", "IPV6"].contains(p)) {
        return Err(invalid("boot.network_protocol", format!("{p} is not a network boot protocol: IPV4 or IPV6.")));
    }
    n.boot_delay = spec.delay.unwrap_or(v.boot_delay);
    n.boot_retry = spec.retry.unwrap_or(v.boot_retry);
    n.boot_retry_delay = spec.retry_delay.unwrap_or(v.boot_retry_delay);
    n.boot_setup = spec.enter_setup_mode.unwrap_or(v.boot_setup);
    if n.boot_delay < 0 || n.boot_retry_delay < 0 {
        return Err(invalid("boot.delay", "Boot delays are milliseconds, zero or more.".into()));
    }
    if n.boot_efi != v.boot_efi && v.power_state != "POWERED_OFF" {
        // Boot's update documents no `not_allowed_in_current_state` (CPU's and memory's do): the generic `error`.
        return Err(SimError::error(
            "com.vmware.api.vcenter.vm.hardware.boot.type",
            "The firmware (EFI or BIOS) can only be changed while the virtual machine is powered off.",
            &[],
        ));
    }
    Ok(n)
}

pub fn cpu_info(v: &Vm) -> Value {
    json!({ "count": v.cpu_count, "cores_per_socket": v.cores_per_socket, "hot_add_enabled": v.cpu_hot_add, "hot_remove_enabled": v.cpu_hot_remove })
}

pub fn memory_info(v: &Vm) -> Value {
    json!({ "size_MiB": v.memory_mib, "hot_add_enabled": v.memory_hot_add })
}

#[derive(Deserialize, Default)]
pub struct CpuSpec {
    pub count: Option<i64>,
    pub cores_per_socket: Option<i64>,
    pub hot_add_enabled: Option<bool>,
    pub hot_remove_enabled: Option<bool>,
}

#[derive(Deserialize, Default)]
pub struct MemorySpec {
    #[serde(rename = "size_MiB")]
    pub size_mib: Option<i64>,
    pub hot_add_enabled: Option<bool>,
}

fn invalid(id: &str, message: String) -> SimError {
    SimError::new(VapiErrorKind::InvalidArgument, &format!("com.vmware.api.vcenter.vm.hardware.{id}"), message, &[])
}

fn not_now(id: &str, message: String) -> SimError {
    SimError::new(VapiErrorKind::NotAllowedInCurrentState, &format!("com.vmware.api.vcenter.vm.hardware.{id}"), message, &[])
}

/// The VM after `spec`, or the documented refusal.
pub fn apply_cpu(v: &Vm, spec: &CpuSpec) -> Result<Vm, SimError> {
    let mut n = v.clone();
    n.cpu_count = spec.count.unwrap_or(v.cpu_count);
    n.cores_per_socket = spec.cores_per_socket.unwrap_or(v.cores_per_socket);
    n.cpu_hot_add = spec.hot_add_enabled.unwrap_or(v.cpu_hot_add);
    n.cpu_hot_remove = spec.hot_remove_enabled.unwrap_or(v.cpu_hot_remove);
    if !(1..=MAX_CPUS).contains(&n.cpu_count) {
        return Err(invalid("cpu.count", format!("The number of CPUs must be between 1 and {MAX_CPUS}; {} is not.", n.cpu_count)));
    }
    if !(1..=MAX_CPUS).contains(&n.cores_per_socket) {
        return Err(invalid("cpu.cores_per_socket", format!("The number of cores per socket must be between 1 and {MAX_CPUS}; {} is not.", n.cores_per_socket)));
    }
    if n.cpu_count % n.cores_per_socket != 0 {
        return Err(invalid("cpu.count", format!("The number of CPUs ({}) must be a multiple of the number of cores per socket ({}).", n.cpu_count, n.cores_per_socket)));
    }
    match v.power_state {
        "POWERED_OFF" => {}
        "SUSPENDED" if n.cpu_count != v.cpu_count || n.cores_per_socket != v.cores_per_socket || n.cpu_hot_add != v.cpu_hot_add || n.cpu_hot_remove != v.cpu_hot_remove => {
            return Err(not_now("cpu.suspended", format!("Virtual machine {} is suspended: its CPUs cannot be changed.", v.id)));
        }
        _ => {
            if n.cores_per_socket != v.cores_per_socket {
                return Err(not_now("cpu.cores_per_socket", "The number of cores per socket can only be changed while the virtual machine is powered off.".into()));
            }
            if n.cpu_hot_add != v.cpu_hot_add || n.cpu_hot_remove != v.cpu_hot_remove {
                return Err(not_now("cpu.hot_plug", "CPU hot add and hot remove can only be enabled or disabled while the virtual machine is powered off.".into()));
            }
            if n.cpu_count > v.cpu_count && !v.cpu_hot_add {
                return Err(not_now("cpu.hot_add", "CPU hot add is not enabled: CPUs can only be added while the virtual machine is powered off.".into()));
            }
            if n.cpu_count < v.cpu_count && !v.cpu_hot_remove {
                return Err(not_now("cpu.hot_remove", "CPU hot remove is not enabled: CPUs can only be removed while the virtual machine is powered off.".into()));
            }
        }
    }
    Ok(n)
}

/// The VM after `spec`, or the documented refusal.
pub fn apply_memory(v: &Vm, spec: &MemorySpec) -> Result<Vm, SimError> {
    let mut n = v.clone();
    n.memory_mib = spec.size_mib.unwrap_or(v.memory_mib);
    n.memory_hot_add = spec.hot_add_enabled.unwrap_or(v.memory_hot_add);
    if n.memory_mib < 4 || n.memory_mib % 4 != 0 {
        return Err(invalid("memory.size", format!("The memory size must be a multiple of 4 MB, at least 4 MB; {} MB is not.", n.memory_mib)));
    }
    if n.memory_mib > MAX_MEMORY_MIB {
        return Err(invalid("memory.size", format!("The memory size can be at most {MAX_MEMORY_MIB} MB; {} MB is more.", n.memory_mib)));
    }
    match v.power_state {
        "POWERED_OFF" => {}
        "SUSPENDED" if n.memory_mib != v.memory_mib || n.memory_hot_add != v.memory_hot_add => {
            return Err(not_now("memory.suspended", format!("Virtual machine {} is suspended: its memory cannot be changed.", v.id)));
        }
        _ => {
            if n.memory_hot_add != v.memory_hot_add {
                return Err(not_now("memory.hot_add", "Memory hot add can only be enabled or disabled while the virtual machine is powered off.".into()));
            }
            if n.memory_mib < v.memory_mib {
                return Err(not_now("memory.shrink", "Memory cannot be removed from a running virtual machine: power it off first.".into()));
            }
            if n.memory_mib > v.memory_mib && !v.memory_hot_add {
                return Err(not_now("memory.hot_add", "Memory hot add is not enabled: memory can only be added while the virtual machine is powered off.".into()));
            }
        }
    }
    Ok(n)
}

async fn get_cpu(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    Ok(ok(cpu_info(state.inventory.read().vm(&id)?)))
}

async fn get_memory(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    Ok(ok(memory_info(state.inventory.read().vm(&id)?)))
}

async fn get_boot(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    Ok(ok(boot_info(state.inventory.read().vm(&id)?)))
}

/// `PATCH …/hardware/<part>`: the body's `spec`, applied to the VM by `apply` (which refuses, or gives the VM
/// as changed; a refusal changes nothing).
async fn update<S: serde::de::DeserializeOwned>(state: SimState, id: String, body: Bytes, apply: fn(&Vm, &S) -> Result<Vm, SimError>) -> Result<Response, SimError> {
    let spec = device::spec::<S>(&body)?;
    device::change_vm(&state, &id, |_, v| Ok((apply(v, &spec)?, ())))?;
    Ok(ok_void())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::vcenter::inventory::seed;

    fn vm(power: &'static str, hot: bool) -> Vm {
        let mut v = seed(1).vms.remove(0);
        (v.power_state, v.cpu_count, v.cores_per_socket, v.memory_mib) = (power, 4, 2, 4096);
        (v.cpu_hot_add, v.cpu_hot_remove, v.memory_hot_add) = (hot, hot, hot);
        v
    }

    fn kind(e: SimError) -> String {
        e.kind.as_str().to_string()
    }

    #[test]
    fn cpu_changes_follow_the_documented_rules() {
        let cpu = |v: &Vm, count: Option<i64>, cores: Option<i64>| apply_cpu(v, &CpuSpec { count, cores_per_socket: cores, ..Default::default() });
        let off = vm("POWERED_OFF", false);
        assert_eq!(cpu(&off, Some(8), Some(4)).map(|n| (n.cpu_count, n.cores_per_socket)).ok(), Some((8, 4)));
        assert_eq!(cpu(&off, Some(0), None).map_err(kind).err().as_deref(), Some("invalid_argument"));
        assert_eq!(cpu(&off, Some(129), Some(1)).map_err(kind).err().as_deref(), Some("invalid_argument"));
        assert_eq!(cpu(&off, Some(6), Some(4)).map_err(kind).err().as_deref(), Some("invalid_argument"), "6 is not a multiple of 4");
        let on = vm("POWERED_ON", false);
        assert_eq!(cpu(&on, Some(6), None).map_err(kind).err().as_deref(), Some("not_allowed_in_current_state"), "no hot add");
        assert_eq!(cpu(&on, Some(2), None).map_err(kind).err().as_deref(), Some("not_allowed_in_current_state"), "no hot remove");
        assert_eq!(cpu(&on, None, Some(4)).map_err(kind).err().as_deref(), Some("not_allowed_in_current_state"), "cores per socket: cold only");
        assert!(cpu(&on, Some(4), Some(2)).is_ok(), "the same values are no change");
        let hot = vm("POWERED_ON", true);
        assert_eq!(cpu(&hot, Some(8), None).map(|n| n.cpu_count).ok(), Some(8));
        assert_eq!(cpu(&hot, Some(2), None).map(|n| n.cpu_count).ok(), Some(2));
        let flags = apply_cpu(&hot, &CpuSpec { hot_add_enabled: Some(false), ..Default::default() });
        assert_eq!(flags.map_err(kind).err().as_deref(), Some("not_allowed_in_current_state"), "hot-plug flags: cold only");
        assert_eq!(cpu(&vm("SUSPENDED", true), Some(8), None).map_err(kind).err().as_deref(), Some("not_allowed_in_current_state"));
    }

    #[test]
    fn boot_changes_follow_the_documented_rules() {
        let boot = |v: &Vm, spec: BootSpec| apply_boot(v, &spec).map_err(kind);
        let off = vm("POWERED_OFF", false);
        let n = boot(&off, BootSpec { r#type: Some("EFI".into()), delay: Some(3000), enter_setup_mode: Some(true), ..Default::default() }).unwrap();
        assert_eq!((n.boot_efi, n.boot_delay, n.boot_setup), (true, 3000, true));
        assert_eq!(boot(&off, BootSpec { delay: Some(-1), ..Default::default() }).err().as_deref(), Some("invalid_argument"));
        assert_eq!(boot(&off, BootSpec { r#type: Some("UEFI".into()), ..Default::default() }).err().as_deref(), Some("invalid_argument"));
        let bios = Vm { boot_efi: false, ..off.clone() };
        assert_eq!(boot(&bios, BootSpec { efi_legacy_boot: Some(true), ..Default::default() }).err().as_deref(), Some("invalid_argument"), "EFI only");
        let on = vm("POWERED_ON", false);
        let firmware = if on.boot_efi { "BIOS" } else { "EFI" };
        assert_eq!(boot(&on, BootSpec { r#type: Some(firmware.into()), ..Default::default() }).err().as_deref(), Some("error"), "the documented error");
        assert_eq!(boot(&on, BootSpec { delay: Some(5000), retry: Some(true), ..Default::default() }).map(|n| (n.boot_delay, n.boot_retry)).ok(), Some((5000, true)), "applies at the next boot");
    }

    #[test]
    fn memory_changes_follow_the_documented_rules() {
        let mem = |v: &Vm, size: i64| apply_memory(v, &MemorySpec { size_mib: Some(size), hot_add_enabled: None });
        let off = vm("POWERED_OFF", false);
        assert_eq!(mem(&off, 2048).map(|n| n.memory_mib).ok(), Some(2048));
        for bad in [0, 2, 4098, MAX_MEMORY_MIB + 4] {
            assert_eq!(mem(&off, bad).map_err(kind).err().as_deref(), Some("invalid_argument"), "{bad} MB");
        }
        let on = vm("POWERED_ON", false);
        assert_eq!(mem(&on, 8192).map_err(kind).err().as_deref(), Some("not_allowed_in_current_state"), "no hot add");
        let hot = vm("POWERED_ON", true);
        assert_eq!(mem(&hot, 8192).map(|n| n.memory_mib).ok(), Some(8192), "hot add");
        assert_eq!(mem(&hot, 2048).map_err(kind).err().as_deref(), Some("not_allowed_in_current_state"), "never hot-shrunk");
        let flag = apply_memory(&hot, &MemorySpec { size_mib: None, hot_add_enabled: Some(false) });
        assert_eq!(flag.map_err(kind).err().as_deref(), Some("not_allowed_in_current_state"));
    }

    #[test]
    fn hardware_is_upgraded_powered_off_to_a_newer_version_or_at_the_next_power_on() {
        let mut off = vm("POWERED_OFF", false);
        off.hardware_version = 11;
        assert_eq!(apply_upgrade(&off, Some("VMX_13")).unwrap().hardware_version, 13);
        assert_eq!(apply_upgrade(&off, None).unwrap().hardware_version, MAX_VERSION, "the newest by default");
        let kind = |r: Result<Vm, SimError>| r.unwrap_err().kind.as_str().to_string();
        assert_eq!(kind(apply_upgrade(&off, Some("VMX_10"))), "invalid_argument", "never downgraded");
        assert_eq!(kind(apply_upgrade(&off, Some("VMX_11"))), "already_in_desired_state");
        assert_eq!(kind(apply_upgrade(&off, Some("VMX_15"))), "unsupported");
        assert_eq!(kind(apply_upgrade(&vm("POWERED_ON", false), None)), "not_allowed_in_current_state");
        let spec = |p: &str, v: Option<&str>| HardwareSpec { upgrade_policy: Some(p.into()), upgrade_version: v.map(Into::into) };
        let mut scheduled = apply_upgrade_policy(&off, &spec("AFTER_CLEAN_SHUTDOWN", Some("VMX_13"))).unwrap();
        assert_eq!(version_info(&scheduled)["upgrade_status"], "PENDING");
        assert_eq!(kind(apply_upgrade_policy(&off, &spec("ALWAYS", Some("VMX_11")))), "invalid_argument", "not newer");
        assert_eq!(kind(apply_upgrade_policy(&off, &spec("NEVER", Some("VMX_13")))), "invalid_argument");
        scheduled.clean_power_off = true;
        scheduled.set_power("POWERED_ON");
        assert_eq!((scheduled.hardware_version, scheduled.upgrade_policy.as_str()), (13, "NEVER"), "upgraded at power-on after a clean shutdown");
    }

    #[test]
    fn the_boot_order_names_devices_the_vm_has() {
        let v = vm("POWERED_ON", false);
        let e = |t: &str, nic: Option<&str>, disks: Option<Vec<&str>>| BootEntrySpec { r#type: t.into(), nic: nic.map(Into::into), disks: disks.map(|d| d.into_iter().map(String::from).collect()) };
        let n = apply_boot_devices(&v, &[e("CDROM", None, None), e("DISK", None, Some(vec!["2000"])), e("ETHERNET", Some("4000"), None)]).unwrap();
        assert_eq!(n.boot_devices.len(), 3);
        assert_eq!(boot_devices_info(&n)[2]["nic"], "4000");
        let kind = |r: Result<Vm, SimError>| r.unwrap_err().kind.as_str().to_string();
        assert_eq!(kind(apply_boot_devices(&v, &[e("DISK", None, Some(vec!["2999"]))])), "invalid_argument");
        assert_eq!(kind(apply_boot_devices(&v, &[e("ETHERNET", None, None)])), "invalid_argument");
        assert_eq!(kind(apply_boot_devices(&v, &[e("FLOPPY", None, None)])), "invalid_argument", "no floppy drive");
        assert_eq!(kind(apply_boot_devices(&v, &[e("CDROM", None, None), e("CDROM", None, None)])), "invalid_argument");
        assert!(apply_boot_devices(&n, &[]).unwrap().boot_devices.is_empty(), "the firmware's order again");
        let without_nic = super::ethernet::apply_remove(&n, "4000").unwrap();
        assert_eq!(without_nic.boot_devices.len(), 2, "a removed adapter leaves the boot order");
    }

}
