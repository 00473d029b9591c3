//! `vcenter/vm/hardware/adapter/scsi` and `adapter/sata`: a VM's storage adapters — list, get, add, remove, and
//! a SCSI adapter's bus sharing — by the rules vSphere 6.7 documents for storage controllers:
//!
//! - At most four SCSI and four SATA adapters, on buses 0 to 3: a new one takes the bus asked for or the lowest
//!   free one (`resource_in_use` when the bus is taken, `unable_to_allocate_resource` past four); it is labelled
//!   by its bus ("SCSI controller 1"), and a SCSI adapter keeps unit 7 of its bus for itself.
//! - A SCSI adapter's type defaults to the guest's (LSI Logic SAS for Windows, VMware Paravirtual otherwise);
//!   a SATA adapter is AHCI. Bus sharing is none unless asked.
//! - Adapters are added and removed, and bus sharing changed, only while the VM is powered off
//!   (`not_allowed_in_current_state`); an adapter with disks or drives on it is not removed.

use super::device;
use super::slots;
use crate::simulator::vcenter::inventory::{Adapter, Vm};
use crate::simulator::{ok, ok_void, Authed, SimError, SimState};
use app::vsphere::rest::VapiErrorKind;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};

/// The most adapters of one kind a VM has (buses 0 to 3).
pub const MAX_ADAPTERS: usize = 4;

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/vcenter/vm/{vm}/hardware/adapter/scsi", get(|s: State<SimState>, a: Authed, p: Path<String>| list(s, a, p, Kind::Scsi)).post(|s: State<SimState>, a: Authed, p: Path<String>, b: Bytes| create(s, a, p, b, Kind::Scsi)))
        .route(
            "/rest/vcenter/vm/{vm}/hardware/adapter/scsi/{adapter}",
            get(|s: State<SimState>, a: Authed, p: Path<(String, String)>| get_one(s, a, p, Kind::Scsi)).patch(update).delete(|s: State<SimState>, a: Authed, p: Path<(String, String)>| remove(s, a, p, Kind::Scsi)),
        )
        .route("/rest/vcenter/vm/{vm}/hardware/adapter/sata", get(|s: State<SimState>, a: Authed, p: Path<String>| list(s, a, p, Kind::Sata)).post(|s: State<SimState>, a: Authed, p: Path<String>, b: Bytes| create(s, a, p, b, Kind::Sata)))
        .route(
            "/rest/vcenter/vm/{vm}/hardware/adapter/sata/{adapter}",
            get(|s: State<SimState>, a: Authed, p: Path<(String, String)>| get_one(s, a, p, Kind::Sata)).delete(|s: State<SimState>, a: Authed, p: Path<(String, String)>| remove(s, a, p, Kind::Sata)),
        )
}

/// SCSI or SATA.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Kind {
    Scsi,
    Sata,
}

impl Kind {
    /// The bus type its devices name (`SCSI`, `SATA`).
    fn bus_type(self) -> &'static str {
        match self {
            Kind::Scsi => "SCSI",
            Kind::Sata => "SATA",
        }
    }
    fn what(self) -> &'static str {
        match self {
            Kind::Scsi => "SCSI adapter",
            Kind::Sata => "SATA adapter",
        }
    }
    fn adapters(self, v: &Vm) -> &Vec<Adapter> {
        match self {
            Kind::Scsi => &v.scsi_adapters,
            Kind::Sata => &v.sata_adapters,
        }
    }
    fn adapters_mut(self, v: &mut Vm) -> &mut Vec<Adapter> {
        match self {
            Kind::Scsi => &mut v.scsi_adapters,
            Kind::Sata => &mut v.sata_adapters,
        }
    }
    /// The first device key, and the PCI slots new adapters take in turn.
    fn first_key(self) -> u32 {
        match self {
            Kind::Scsi => 1000,
            Kind::Sata => 15000,
        }
    }
    fn slots(self) -> [i64; 4] {
        match self {
            Kind::Scsi => [160, 256, 1184, 1216],
            Kind::Sata => [33, 34, 35, 36],
        }
    }
}

pub fn info(kind: Kind, a: &Adapter) -> Value {
    match kind {
        Kind::Scsi => json!({ "label": a.label, "type": a.kind, "scsi": { "bus": a.bus, "unit": 7 }, "pci_slot_number": a.pci_slot, "sharing": a.sharing }),
        Kind::Sata => json!({ "label": a.label, "type": a.kind, "bus": a.bus, "pci_slot_number": a.pci_slot }),
    }
}

/// `vcenter.vm.hardware.adapter.scsi.create_spec` and `sata.create_spec`.
#[derive(Deserialize, Default)]
pub struct CreateSpec {
    pub r#type: Option<String>,
    pub bus: Option<i64>,
    pub pci_slot_number: Option<i64>,
    pub sharing: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct UpdateSpec {
    pub sharing: Option<String>,
}

fn find<'a>(kind: Kind, v: &'a Vm, key: &str) -> Result<&'a Adapter, SimError> {
    kind.adapters(v).iter().find(|a| a.key == key).ok_or_else(|| SimError::not_found(if kind == Kind::Scsi { "Virtual SCSI adapter" } else { "Virtual SATA adapter" }, key))
}

fn powered_off(v: &Vm, what: &str) -> Result<(), SimError> {
    if v.power_state == "POWERED_OFF" {
        return Ok(());
    }
    Err(SimError::new(
        VapiErrorKind::NotAllowedInCurrentState,
        "com.vmware.api.vcenter.vm.hardware.adapter.powered_off",
        format!("Virtual machine {} is {}: {what} only while it is powered off.", v.id, if v.power_state == "SUSPENDED" { "suspended" } else { "powered on" }),
        &[],
    ))
}

const SHARING: [&str; 3] = ["NONE", "VIRTUAL", "PHYSICAL"];
const SCSI_TYPES: [&str; 4] = ["BUSLOGIC", "LSILOGIC", "LSILOGICSAS", "PVSCSI"];

/// The VM with a new adapter as `spec` asks, and its key; or the documented refusal.
pub fn apply_create(kind: Kind, v: &Vm, spec: &CreateSpec) -> Result<(Vm, String), SimError> {
    let invalid = |m: String| SimError::invalid_argument("com.vmware.api.vcenter.vm.hardware.adapter.spec", m, &[]);
    let in_use = |m: String| SimError::new(VapiErrorKind::Other("resource_in_use".into()), "com.vmware.api.vcenter.vm.hardware.adapter.in_use", m, &[]);
    powered_off(v, &format!("a {} is added", kind.what()))?;
    let kind_name = match (kind, spec.r#type.as_deref()) {
        (Kind::Scsi, None) => if v.guest_os.starts_with("WINDOWS") { "LSILOGICSAS" } else { "PVSCSI" }.to_string(),
        (Kind::Scsi, Some(t)) if SCSI_TYPES.contains(&t) => t.to_string(),
        (Kind::Sata, None | Some("AHCI")) => "AHCI".into(),
        (_, Some(t)) => return Err(invalid(format!("{t} is not a {} type.", kind.what()))),
    };
    let sharing = match (kind, spec.sharing.as_deref()) {
        (_, None) => "NONE".to_string(),
        (Kind::Scsi, Some(s)) if SHARING.contains(&s) => s.to_string(),
        (Kind::Sata, Some(_)) => return Err(invalid("A SATA adapter has no bus sharing.".into())),
        (_, Some(s)) => return Err(invalid(format!("{s} is not a bus sharing: NONE, VIRTUAL or PHYSICAL."))),
    };
    let adapters = kind.adapters(v);
    if adapters.len() >= MAX_ADAPTERS {
        return Err(SimError::new(
            VapiErrorKind::Other("unable_to_allocate_resource".into()),
            "com.vmware.api.vcenter.vm.hardware.adapter.max",
            format!("Virtual machine {} already has {MAX_ADAPTERS} {}s, the most it can have.", v.id, kind.what()),
            &[],
        ));
    }
    let bus = match spec.bus {
        Some(b) if !(0..MAX_ADAPTERS as i64).contains(&b) => return Err(invalid(format!("Bus {b} does not exist: a {} is on bus 0 to 3.", kind.what()))),
        Some(b) if adapters.iter().any(|a| a.bus == b) => return Err(in_use(format!("Bus {b} of virtual machine {} already has a {}.", v.id, kind.what()))),
        Some(b) => b,
        None => (0..MAX_ADAPTERS as i64).find(|b| adapters.iter().all(|a| a.bus != *b)).expect("fewer than four adapters leave a bus free"),
    };
    let taken = |s: i64| v.scsi_adapters.iter().chain(&v.sata_adapters).any(|a| a.pci_slot == s) || v.nics.iter().any(|n| n.pci_slot == s);
    let pci_slot = match spec.pci_slot_number {
        Some(s) if s < 0 => return Err(invalid(format!("{s} is not a PCI slot number."))),
        Some(s) if taken(s) => return Err(in_use(format!("PCI slot {s} of virtual machine {} is taken.", v.id))),
        Some(s) => s,
        None => kind.slots().into_iter().find(|s| !taken(*s)).unwrap_or(1248 + bus),
    };
    let key = slots::next_key(kind.first_key(), adapters.iter().map(|a| &a.key));
    let label = format!("{} controller {bus}", kind.bus_type());
    let mut n = v.clone();
    let list = kind.adapters_mut(&mut n);
    list.push(Adapter { key: key.clone(), label, kind: kind_name, bus, pci_slot, sharing });
    list.sort_by_key(|a| a.bus);
    Ok((n, key))
}

/// The VM with SCSI adapter `key`'s bus sharing as `spec` asks; or the documented refusal.
pub fn apply_update(v: &Vm, key: &str, spec: &UpdateSpec) -> Result<Vm, SimError> {
    find(Kind::Scsi, v, key)?;
    let Some(sharing) = spec.sharing.as_deref() else { return Ok(v.clone()) };
    if !SHARING.contains(&sharing) {
        return Err(SimError::error("com.vmware.api.vcenter.vm.hardware.adapter.sharing", format!("{sharing} is not a bus sharing: NONE, VIRTUAL or PHYSICAL."), &[]));
    }
    powered_off(v, "bus sharing is changed")?;
    let mut n = v.clone();
    n.scsi_adapters.iter_mut().filter(|a| a.key == key).for_each(|a| a.sharing = sharing.to_string());
    Ok(n)
}

/// The VM without adapter `key`; or the documented refusal.
pub fn apply_remove(kind: Kind, v: &Vm, key: &str) -> Result<Vm, SimError> {
    let a = find(kind, v, key)?;
    powered_off(v, &format!("a {} is removed", kind.what()))?;
    if slots::bus_in_use(v, kind.bus_type(), a.bus) {
        return Err(SimError::new(
            VapiErrorKind::NotAllowedInCurrentState,
            "com.vmware.api.vcenter.vm.hardware.adapter.has_devices",
            format!("{} has disks or drives on it: remove or move them first.", a.label),
            &[],
        ));
    }
    let mut n = v.clone();
    kind.adapters_mut(&mut n).retain(|a| a.key != key);
    Ok(n)
}

async fn list(State(state): State<SimState>, _: Authed, Path(id): Path<String>, kind: Kind) -> Result<Response, SimError> {
    Ok(ok(kind.adapters(state.inventory.read().vm(&id)?).iter().map(|a| json!({ "adapter": a.key })).collect::<Vec<_>>()))
}

async fn get_one(State(state): State<SimState>, _: Authed, Path((id, key)): Path<(String, String)>, kind: Kind) -> Result<Response, SimError> {
    let d = state.inventory.read();
    Ok(ok(info(kind, find(kind, d.vm(&id)?, &key)?)))
}

async fn create(State(state): State<SimState>, _: Authed, Path(id): Path<String>, body: Bytes, kind: Kind) -> Result<Response, SimError> {
    let spec = device::spec::<CreateSpec>(&body)?;
    Ok(ok(device::change_vm(&state, &id, |_, v| apply_create(kind, v, &spec))?))
}

async fn update(State(state): State<SimState>, _: Authed, Path((id, key)): Path<(String, String)>, body: Bytes) -> Result<Response, SimError> {
    let spec = device::spec::<UpdateSpec>(&body)?;
    device::change_vm(&state, &id, |_, v| Ok((apply_update(v, &key, &spec)?, ())))?;
    Ok(ok_void())
}

async fn remove(State(state): State<SimState>, _: Authed, Path((id, key)): Path<(String, String)>, kind: Kind) -> Result<Response, SimError> {
    device::change_vm(&state, &id, |_, v| Ok((apply_remove(kind, v, &key)?, ())))?;
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

    fn kind_of(e: SimError) -> String {
        e.kind.as_str().to_string()
    }

    #[test]
    fn adapters_take_buses_0_to_3_and_a_fifth_is_refused() {
        let mut v = vm("POWERED_OFF");
        for bus in 1..4 {
            let (n, key) = apply_create(Kind::Scsi, &v, &CreateSpec::default()).unwrap();
            let a = n.scsi_adapters.iter().find(|a| a.key == key).unwrap();
            assert_eq!((a.bus, a.label.clone(), a.kind.as_str()), (bus, format!("SCSI controller {bus}"), "PVSCSI"));
            v = n;
        }
        assert_eq!(kind_of(apply_create(Kind::Scsi, &v, &CreateSpec::default()).unwrap_err()), "unable_to_allocate_resource");
        let taken = CreateSpec { bus: Some(0), ..Default::default() };
        assert_eq!(kind_of(apply_create(Kind::Sata, &vm("POWERED_OFF"), &taken).unwrap_err()), "resource_in_use");
        let bad = CreateSpec { r#type: Some("NVME".into()), ..Default::default() };
        assert_eq!(kind_of(apply_create(Kind::Scsi, &vm("POWERED_OFF"), &bad).unwrap_err()), "invalid_argument");
        assert_eq!(kind_of(apply_create(Kind::Scsi, &vm("POWERED_ON"), &CreateSpec::default()).unwrap_err()), "not_allowed_in_current_state");
        // A new adapter's bus takes disks: the next SCSI disk may go to bus 1.
        assert!(slots::place(&v, "SCSI", None, Some(slots::BusSpec { bus: 1, unit: Some(0) }), "disk").is_ok());
    }

    #[test]
    fn an_adapter_with_devices_stays_and_sharing_changes_only_powered_off() {
        let off = vm("POWERED_OFF");
        assert_eq!(kind_of(apply_remove(Kind::Scsi, &off, "1000").unwrap_err()), "not_allowed_in_current_state", "Hard disk 1 is on it");
        let (with_two, key) = apply_create(Kind::Scsi, &off, &CreateSpec { r#type: Some("LSILOGIC".into()), ..Default::default() }).unwrap();
        assert_eq!(apply_remove(Kind::Scsi, &with_two, &key).unwrap().scsi_adapters.len(), 1);
        let shared = apply_update(&with_two, &key, &UpdateSpec { sharing: Some("VIRTUAL".into()) }).unwrap();
        assert_eq!(shared.scsi_adapters.iter().find(|a| a.key == key).unwrap().sharing, "VIRTUAL");
        let mut on = shared.clone();
        on.power_state = "POWERED_ON";
        assert_eq!(kind_of(apply_update(&on, &key, &UpdateSpec { sharing: Some("NONE".into()) }).unwrap_err()), "not_allowed_in_current_state");
        assert_eq!(kind_of(apply_remove(Kind::Sata, &off, "15000").unwrap_err()), "not_allowed_in_current_state", "CD/DVD drive 1 is on it");
        assert_eq!(kind_of(apply_update(&off, "99", &UpdateSpec::default()).unwrap_err()), "not_found");
    }
}
