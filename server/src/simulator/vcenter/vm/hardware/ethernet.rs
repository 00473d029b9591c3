//! `vcenter/vm/hardware/ethernet`: a VM's network adapters — list, get, add, change, remove, connect and
//! disconnect — by the rules vSphere 6.7 documents:
//!
//! - At most [`MAX_NICS`] adapters (`unable_to_allocate_resource`); the emulation type is one of the API's
//!   (VMXNET3 unless the spec says otherwise) and is fixed once the adapter exists.
//! - The backing is a standard or distributed port group of the inventory, of the kind the spec names (an
//!   unknown network is `not_found` on create); host-device and opaque-network backings are `unsupported`
//!   here. Without a backing, the adapter joins the network of the VM's first adapter.
//! - A manual MAC address is VMware's static range, 00:50:56:00:00:00 to 00:50:56:3F:FF:FF; generated and
//!   assigned ones are vCenter's. The MAC changes only while the VM is powered off.
//! - Adapters are hot-pluggable: added, changed and removed while the VM runs, but not while it is suspended
//!   (the generic `error`: these operations document no `not_allowed_in_current_state`).
//! - Connect and disconnect only while the VM is powered on (`not_allowed_in_current_state`); again is
//!   `already_in_desired_state`. An adapter that connects at power on is connected when the VM powers on.

use crate::simulator::vcenter::inventory::{InventoryData, Nic, Vm};
use super::{device, slots};
use crate::simulator::{ok, ok_void, Authed, SimError, SimState};
use app::vsphere::rest::VapiErrorKind;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

/// Hardware version 14's most network adapters.
pub const MAX_NICS: usize = 10;
pub const EMULATION_TYPES: &[&str] = &["E1000", "E1000E", "PCNET32", "VMXNET", "VMXNET2", "VMXNET3"];

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/vm/{vm}/hardware/ethernet", get(list).post(create))
        .route("/rest/vcenter/vm/{vm}/hardware/ethernet/{nic}", get(get_one).patch(update).delete(remove))
        .route("/rest/vcenter/vm/{vm}/hardware/ethernet/{nic}/connect", post(|s: State<SimState>, a: Authed, p: Path<(String, String)>| connect(s, a, p, true)))
        .route("/rest/vcenter/vm/{vm}/hardware/ethernet/{nic}/disconnect", post(|s: State<SimState>, a: Authed, p: Path<(String, String)>| connect(s, a, p, false)))
}

pub fn info(v: &Vm, n: &Nic, d: &InventoryData) -> Value {
    let net = d.networks.iter().find(|x| x.id == n.network);
    json!({
        "label": n.label, "type": n.kind, "upt_compatibility_enabled": n.upt, "mac_type": n.mac_type, "mac_address": n.mac,
        "pci_slot_number": n.pci_slot, "wake_on_lan_enabled": n.wake_on_lan,
        "backing": { "type": net.map_or("STANDARD_PORTGROUP", |x| x.kind), "network": n.network, "network_name": net.map_or("", |x| x.name.as_str()) },
        "state": v.connection(n.connected), "start_connected": n.start_connected, "allow_guest_control": n.allow_guest_control
    })
}

#[derive(Deserialize, Default, Clone)]
pub struct BackingSpec {
    pub r#type: String,
    pub network: Option<String>,
    pub distributed_port: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct CreateSpec {
    pub r#type: Option<String>,
    pub upt_compatibility_enabled: Option<bool>,
    pub mac_type: Option<String>,
    pub mac_address: Option<String>,
    pub pci_slot_number: Option<i64>,
    pub wake_on_lan_enabled: Option<bool>,
    pub backing: Option<BackingSpec>,
    pub start_connected: Option<bool>,
    pub allow_guest_control: Option<bool>,
}

#[derive(Deserialize, Default)]
pub struct UpdateSpec {
    pub upt_compatibility_enabled: Option<bool>,
    pub mac_type: Option<String>,
    pub mac_address: Option<String>,
    pub wake_on_lan_enabled: Option<bool>,
    pub backing: Option<BackingSpec>,
    pub start_connected: Option<bool>,
    pub allow_guest_control: Option<bool>,
}

/// The networks a backing may name: (id, kind).
pub type Networks = Vec<(String, &'static str)>;

fn find<'a>(v: &'a Vm, nic: &str) -> Result<&'a Nic, SimError> {
    v.nics.iter().find(|n| n.key == nic).ok_or_else(|| SimError::not_found("Virtual Ethernet adapter", nic))
}

/// Whether `mac` is in VMware's range for static (manual) addresses, 00:50:56:00:00:00 – 00:50:56:3F:FF:FF.
pub fn manual_mac_ok(mac: &str) -> bool {
    let parts: Vec<&str> = mac.split(':').collect();
    parts.len() == 6
        && parts.iter().all(|p| p.len() == 2 && u8::from_str_radix(p, 16).is_ok())
        && parts[..3].iter().map(|p| p.to_ascii_lowercase()).eq(["00", "50", "56"].iter().map(|s| s.to_string()))
        && u8::from_str_radix(parts[3], 16).is_ok_and(|b| b <= 0x3f)
}

/// A problem with a backing (message, and whether it is an unknown network), or the network's id.
fn backing_network(b: &BackingSpec, networks: &Networks) -> Result<String, (VapiErrorKind, String)> {
    match b.r#type.as_str() {
        kind @ ("STANDARD_PORTGROUP" | "DISTRIBUTED_PORTGROUP") => {
            let Some(id) = b.network.clone().filter(|n| !n.is_empty()) else {
                return Err((VapiErrorKind::InvalidArgument, format!("A {} backing names its network.", kind.to_lowercase().replace('_', " "))));
            };
            match networks.iter().find(|(n, _)| *n == id) {
                None => Err((VapiErrorKind::NotFound, format!("Network {id} was not found."))),
                Some((_, k)) if *k != kind => Err((VapiErrorKind::InvalidArgument, format!("Network {id} is not a {}.", kind.to_lowercase().replace('_', " ")))),
                Some(_) => Ok(id),
            }
        }
        "HOST_DEVICE" | "OPAQUE_NETWORK" => Err((VapiErrorKind::Other("unsupported".into()), format!("{} backings are not supported by this vCenter.", b.r#type))),
        other => Err((VapiErrorKind::InvalidArgument, format!("{other} is not a network backing type."))),
    }
}

fn suspended(v: &Vm) -> Result<(), SimError> {
    if v.power_state == "SUSPENDED" {
        return Err(SimError::error("com.vmware.api.vcenter.vm.hardware.ethernet.suspended", format!("Virtual machine {} is suspended: its network adapters cannot be changed.", v.id), &[]));
    }
    Ok(())
}

/// A MAC address vCenter gives (generated or assigned): in its range, from the VM and the adapter's key.
fn vcenter_mac(v: &Vm, key: &str) -> String {
    let n: u32 = v.id.trim_start_matches("vm-").parse().unwrap_or(0);
    let k: u32 = key.parse().unwrap_or(0) % 64;
    format!("00:50:56:{:02x}:{:02x}:{:02x}", 0x80 | k, (n >> 8) & 0xff, n & 0xff)
}

/// The VM with a new adapter as `spec` asks, and its key; or the documented refusal.
pub fn apply_create(v: &Vm, spec: &CreateSpec, networks: &Networks) -> Result<(Vm, String), SimError> {
    let invalid = |m: String| SimError::invalid_argument("com.vmware.api.vcenter.vm.hardware.ethernet.spec", m, &[]);
    suspended(v)?;
    if v.nics.len() >= MAX_NICS {
        return Err(SimError::new(
            VapiErrorKind::Other("unable_to_allocate_resource".into()),
            "com.vmware.api.vcenter.vm.hardware.ethernet.max",
            format!("Virtual machine {} already has {MAX_NICS} network adapters, the most it may have.", v.id),
            &[],
        ));
    }
    let kind = spec.r#type.clone().unwrap_or_else(|| "VMXNET3".into());
    if !EMULATION_TYPES.contains(&kind.as_str()) {
        return Err(invalid(format!("{kind} is not a network adapter type.")));
    }
    let network = match &spec.backing {
        Some(b) => backing_network(b, networks).map_err(|(k, m)| SimError::new(k, "com.vmware.api.vcenter.vm.hardware.ethernet.backing", m, &[]))?,
        None => v.nics.first().map(|n| n.network.clone()).or_else(|| networks.first().map(|(id, _)| id.clone())).unwrap_or_default(),
    };
    let key = slots::next_key(4000, v.nics.iter().map(|n| &n.key));
    let mac_type = spec.mac_type.clone().unwrap_or_else(|| "GENERATED".into());
    let mac = match (mac_type.as_str(), &spec.mac_address) {
        ("MANUAL", Some(m)) if manual_mac_ok(m) => m.to_lowercase(),
        ("MANUAL", Some(m)) => return Err(invalid(format!("{m} is not a static MAC address: 00:50:56:00:00:00 to 00:50:56:3F:FF:FF."))),
        ("MANUAL", None) => return Err(invalid("A manual MAC address type needs the address.".into())),
        ("GENERATED" | "ASSIGNED", None) => vcenter_mac(v, &key),
        ("GENERATED" | "ASSIGNED", Some(_)) => return Err(invalid("A MAC address is given only with the manual type.".into())),
        (other, _) => return Err(invalid(format!("{other} is not a MAC address type."))),
    };
    let pci_slot = spec.pci_slot_number.unwrap_or_else(|| (0..).map(|k| 192 + 32 * k).find(|s| !v.nics.iter().any(|n| n.pci_slot == *s)).unwrap());
    if v.nics.iter().any(|n| n.pci_slot == pci_slot) {
        return Err(invalid(format!("PCI slot {pci_slot} is already used by another adapter.")));
    }
    let start_connected = spec.start_connected.unwrap_or(false);
    let mut n = v.clone();
    n.nics.push(Nic {
        key: key.clone(),
        label: slots::next_label("Network adapter", v.nics.iter().map(|n| &n.label)),
        kind,
        mac_type,
        mac,
        network,
        wake_on_lan: spec.wake_on_lan_enabled.unwrap_or(false),
        upt: spec.upt_compatibility_enabled.unwrap_or(false),
        start_connected,
        connected: start_connected,
        allow_guest_control: spec.allow_guest_control.unwrap_or(false),
        pci_slot,
    });
    Ok((n, key))
}

/// The VM with adapter `nic` changed as `spec` asks; or the documented refusal.
pub fn apply_update(v: &Vm, nic: &str, spec: &UpdateSpec, networks: &Networks) -> Result<Vm, SimError> {
    let old = find(v, nic)?;
    suspended(v)?;
    let invalid = |m: String| SimError::invalid_argument("com.vmware.api.vcenter.vm.hardware.ethernet.spec", m, &[]);
    let mut n = old.clone();
    if let Some(b) = &spec.backing {
        // Update documents no `not_found` or `unsupported`: those refusals are the generic `error` here.
        n.network = backing_network(b, networks).map_err(|(k, m)| match k {
            VapiErrorKind::InvalidArgument => invalid(m),
            _ => SimError::error("com.vmware.api.vcenter.vm.hardware.ethernet.backing", m, &[]),
        })?;
    }
    if spec.mac_type.is_some() || spec.mac_address.is_some() {
        n.mac_type = spec.mac_type.clone().unwrap_or_else(|| old.mac_type.clone());
        n.mac = match (n.mac_type.as_str(), &spec.mac_address) {
            ("MANUAL", Some(m)) if manual_mac_ok(m) => m.to_lowercase(),
            ("MANUAL", Some(m)) => return Err(invalid(format!("{m} is not a static MAC address: 00:50:56:00:00:00 to 00:50:56:3F:FF:FF."))),
            ("MANUAL", None) if old.mac_type == "MANUAL" => old.mac.clone(),
            ("MANUAL", None) => return Err(invalid("A manual MAC address type needs the address.".into())),
            ("GENERATED" | "ASSIGNED", None) if old.mac_type != "MANUAL" => old.mac.clone(),
            ("GENERATED" | "ASSIGNED", None) => vcenter_mac(v, nic),
            ("GENERATED" | "ASSIGNED", Some(_)) => return Err(invalid("A MAC address is given only with the manual type.".into())),
            (other, _) => return Err(invalid(format!("{other} is not a MAC address type."))),
        };
        if (n.mac != old.mac || n.mac_type != old.mac_type) && v.power_state != "POWERED_OFF" {
            return Err(SimError::error("com.vmware.api.vcenter.vm.hardware.ethernet.mac_powered_on", "The MAC address can only be changed while the virtual machine is powered off.", &[]));
        }
    }
    n.wake_on_lan = spec.wake_on_lan_enabled.unwrap_or(old.wake_on_lan);
    n.upt = spec.upt_compatibility_enabled.unwrap_or(old.upt);
    n.start_connected = spec.start_connected.unwrap_or(old.start_connected);
    n.allow_guest_control = spec.allow_guest_control.unwrap_or(old.allow_guest_control);
    let mut vm = v.clone();
    vm.nics.iter_mut().filter(|x| x.key == nic).for_each(|x| *x = n.clone());
    Ok(vm)
}

/// The VM without adapter `nic`; or the documented refusal.
pub fn apply_remove(v: &Vm, nic: &str) -> Result<Vm, SimError> {
    find(v, nic)?;
    suspended(v)?;
    let mut n = v.clone();
    n.nics.retain(|x| x.key != nic);
    // The boot order forgets it, as vCenter's does.
    n.boot_devices.retain(|e| e.nic.as_deref() != Some(nic));
    Ok(n)
}

/// Adapter `nic` connected (`on`) or disconnected; or the documented refusal.
pub fn apply_connect(v: &Vm, nic: &str, on: bool) -> Result<Vm, SimError> {
    let old = find(v, nic)?;
    device::check_connect(v, &old.label, old.connected, on)?;
    let mut n = v.clone();
    n.nics.iter_mut().filter(|x| x.key == nic).for_each(|x| x.connected = on);
    Ok(n)
}

fn networks(d: &InventoryData) -> Networks {
    d.networks.iter().map(|n| (n.id.clone(), n.kind)).collect()
}

async fn list(State(state): State<SimState>, _: Authed, Path(id): Path<String>) -> Result<Response, SimError> {
    Ok(ok(state.inventory.read().vm(&id)?.nics.iter().map(|n| json!({ "nic": n.key })).collect::<Vec<_>>()))
}

async fn get_one(State(state): State<SimState>, _: Authed, Path((id, nic)): Path<(String, String)>) -> Result<Response, SimError> {
    let d = state.inventory.read();
    let v = d.vm(&id)?;
    Ok(ok(info(v, find(v, &nic)?, &d)))
}

async fn create(State(state): State<SimState>, _: Authed, Path(id): Path<String>, body: Bytes) -> Result<Response, SimError> {
    let spec = device::spec::<CreateSpec>(&body)?;
    Ok(ok(device::change_vm(&state, &id, |d, v| apply_create(v, &spec, &networks(d)))?))
}

async fn update(State(state): State<SimState>, _: Authed, Path((id, nic)): Path<(String, String)>, body: Bytes) -> Result<Response, SimError> {
    let spec = device::spec::<UpdateSpec>(&body)?;
    device::change_vm(&state, &id, |d, v| Ok((apply_update(v, &nic, &spec, &networks(d))?, ())))?;
    Ok(ok_void())
}

async fn remove(State(state): State<SimState>, _: Authed, Path((id, nic)): Path<(String, String)>) -> Result<Response, SimError> {
    device::change_vm(&state, &id, |_, v| Ok((apply_remove(v, &nic)?, ())))?;
    Ok(ok_void())
}

async fn connect(State(state): State<SimState>, _: Authed, Path((id, nic)): Path<(String, String)>, on: bool) -> Result<Response, SimError> {
    device::change_vm(&state, &id, |_, v| Ok((apply_connect(v, &nic, on)?, ())))?;
    Ok(ok_void())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::vcenter::inventory::seed;

    fn vm(power: &'static str) -> Vm {
        let mut v = seed(1).vms.remove(0);
        v.power_state = power;
        v
    }

    fn nets() -> Networks {
        vec![("network-70".into(), "STANDARD_PORTGROUP"), ("dvportgroup-72".into(), "DISTRIBUTED_PORTGROUP")]
    }

    #[test]
    fn an_adapter_is_added_on_a_known_network_of_its_kind_up_to_ten() {
        let v = vm("POWERED_ON");
        let spec = |t: &str, net: &str| CreateSpec { backing: Some(BackingSpec { r#type: t.into(), network: Some(net.into()), distributed_port: None }), start_connected: Some(true), ..Default::default() };
        let (n, key) = apply_create(&v, &spec("STANDARD_PORTGROUP", "network-70"), &nets()).unwrap();
        let nic = n.nics.iter().find(|x| x.key == key).unwrap();
        assert_eq!((nic.label.as_str(), nic.kind.as_str(), nic.network.as_str(), nic.connected, nic.pci_slot), ("Network adapter 2", "VMXNET3", "network-70", true, 224), "hot added, connected");
        assert!(nic.mac.starts_with("00:50:56:"));
        let kind = |r: Result<(Vm, String), SimError>| r.unwrap_err().kind.as_str().to_string();
        assert_eq!(kind(apply_create(&v, &spec("STANDARD_PORTGROUP", "dvportgroup-72"), &nets())), "invalid_argument", "the wrong kind");
        assert_eq!(kind(apply_create(&v, &spec("DISTRIBUTED_PORTGROUP", "dvportgroup-99"), &nets())), "not_found");
        assert_eq!(kind(apply_create(&v, &spec("OPAQUE_NETWORK", "x"), &nets())), "unsupported");
        assert_eq!(kind(apply_create(&vm("SUSPENDED"), &CreateSpec::default(), &nets())), "error");
        let manual = |m: &str| CreateSpec { mac_type: Some("MANUAL".into()), mac_address: Some(m.into()), ..Default::default() };
        assert!(apply_create(&v, &manual("00:50:56:3f:ff:ff"), &nets()).is_ok());
        assert_eq!(kind(apply_create(&v, &manual("00:50:56:40:00:00"), &nets())), "invalid_argument", "outside the static range");
        let mut full = v.clone();
        for _ in 1..MAX_NICS {
            full = apply_create(&full, &CreateSpec::default(), &nets()).unwrap().0;
        }
        assert_eq!(kind(apply_create(&full, &CreateSpec::default(), &nets())), "unable_to_allocate_resource");
    }

    #[test]
    fn connecting_is_for_a_running_vm_and_the_mac_changes_only_powered_off() {
        let on = vm("POWERED_ON");
        assert!(on.nics[0].connected);
        assert_eq!(apply_connect(&on, "4000", true).unwrap_err().kind.as_str(), "already_in_desired_state");
        let off = apply_connect(&on, "4000", false).unwrap();
        assert!(!off.nics[0].connected && off.connection(off.nics[0].connected) == "NOT_CONNECTED");
        assert_eq!(apply_connect(&vm("POWERED_OFF"), "4000", true).unwrap_err().kind.as_str(), "not_allowed_in_current_state");
        let mac = UpdateSpec { mac_type: Some("MANUAL".into()), mac_address: Some("00:50:56:00:00:01".into()), ..Default::default() };
        assert_eq!(apply_update(&on, "4000", &mac, &nets()).unwrap_err().kind.as_str(), "error");
        assert_eq!(apply_update(&vm("POWERED_OFF"), "4000", &mac, &nets()).unwrap().nics[0].mac, "00:50:56:00:00:01");
        let net = UpdateSpec { backing: Some(BackingSpec { r#type: "STANDARD_PORTGROUP".into(), network: Some("network-70".into()), distributed_port: None }), wake_on_lan_enabled: Some(true), ..Default::default() };
        let moved = apply_update(&on, "4000", &net, &nets()).unwrap();
        assert_eq!((moved.nics[0].network.as_str(), moved.nics[0].wake_on_lan), ("network-70", true), "a running VM's adapter changes network");
        assert!(apply_remove(&on, "4000").unwrap().nics.is_empty());
        assert_eq!(apply_remove(&on, "4999").unwrap_err().kind.as_str(), "not_found");
    }

    #[test]
    fn a_device_connects_at_power_on_when_it_says_so() {
        let mut v = vm("POWERED_OFF");
        v.nics[0].connected = false;
        v.set_power("POWERED_ON");
        assert!(v.nics[0].connected, "start connected");
        assert!(!v.cdroms[0].connected, "not started connected");
    }
}
