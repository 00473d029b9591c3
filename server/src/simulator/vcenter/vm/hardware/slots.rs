//! Where a disk or CD-ROM drive may be attached, by vSphere's rules: each SCSI adapter of the VM (buses 0 to
//! 3) has units 0 to 15, 7 being the adapter's own; each SATA adapter has units 0 to 29; IDE has two channels
//! (primary, secondary) of two units (master, slave), built in. IDE devices are not hot-pluggable: they are
//! added and removed only while the VM is powered off.

use crate::simulator::vcenter::inventory::Vm;
use crate::simulator::SimError;
use app::vsphere::rest::VapiErrorKind;
use serde::Deserialize;

/// `vcenter.vm.hardware.ide_address_spec`.
#[derive(Deserialize, Default, Clone, Copy)]
pub struct IdeSpec {
    pub primary: Option<bool>,
    pub master: Option<bool>,
}

/// `vcenter.vm.hardware.scsi_address_spec` and `sata_address_spec`.
#[derive(Deserialize, Clone, Copy)]
pub struct BusSpec {
    pub bus: i64,
    pub unit: Option<i64>,
}

/// The units a bus type offers on one bus.
fn units(bus_type: &str) -> Vec<i64> {
    match bus_type {
        "SCSI" => (0..16).filter(|u| *u != 7).collect(),
        "SATA" => (0..30).collect(),
        _ => vec![0, 1],
    }
}

/// The buses a bus type has on this VM: its SCSI or SATA adapters' buses, or the two IDE channels.
fn buses(v: &Vm, bus_type: &str) -> Vec<i64> {
    match bus_type {
        "IDE" => vec![0, 1],
        "SCSI" => v.scsi_adapters.iter().map(|a| a.bus).collect(),
        _ => v.sata_adapters.iter().map(|a| a.bus).collect(),
    }
}

/// Whether a device sits on `bus_type` bus `bus` (which is then not removed).
pub fn bus_in_use(v: &Vm, bus_type: &str, bus: i64) -> bool {
    v.disks.iter().any(|d| d.bus_type == bus_type && d.bus == bus) || v.cdroms.iter().any(|c| c.bus_type == bus_type && c.bus == bus)
}

fn taken(v: &Vm, bus_type: &str, bus: i64, unit: i64) -> bool {
    v.disks.iter().any(|d| d.bus_type == bus_type && d.bus == bus && d.unit == unit) || v.cdroms.iter().any(|c| c.bus_type == bus_type && c.bus == bus && c.unit == unit)
}

/// The address a new device gets on `bus_type`: the one asked for (refused when it does not exist or is
/// taken), or the first free one.
pub fn place(v: &Vm, bus_type: &'static str, ide: Option<IdeSpec>, bus: Option<BusSpec>, what: &str) -> Result<(i64, i64), SimError> {
    let asked: Option<(i64, Option<i64>)> = match bus_type {
        "IDE" => ide.map(|i| match (i.primary, i.master) {
            (Some(p), m) => (if p { 0 } else { 1 }, m.map(|m| if m { 0 } else { 1 })),
            (None, m) => (-1, m.map(|m| if m { 0 } else { 1 })),
        }),
        _ => bus.map(|b| (b.bus, b.unit)),
    };
    let all_buses = buses(v, bus_type);
    let candidates: Vec<(i64, i64)> = all_buses
        .iter()
        .filter(|b| asked.is_none_or(|(ab, _)| ab < 0 || ab == **b))
        .flat_map(|b| units(bus_type).into_iter().map(move |u| (*b, u)))
        .filter(|(_, u)| asked.and_then(|(_, au)| au).is_none_or(|au| au == *u))
        .collect();
    if let Some((b, u)) = asked {
        if (b >= 0 && !all_buses.contains(&b)) || u.is_some_and(|u| !units(bus_type).contains(&u)) {
            return Err(SimError::invalid_argument(
                "com.vmware.api.vcenter.vm.hardware.address",
                format!("{bus_type} {b}:{} does not exist on virtual machine {}.", u.map_or("?".into(), |u| u.to_string()), v.id),
                &[],
            ));
        }
        if let Some(u) = u {
            let bus = if b < 0 { 0 } else { b };
            if candidates.iter().all(|(cb, cu)| taken(v, bus_type, *cb, *cu)) {
                return Err(SimError::new(
                    VapiErrorKind::Other("resource_in_use".into()),
                    "com.vmware.api.vcenter.vm.hardware.address_in_use",
                    format!("{bus_type} {bus}:{u} of virtual machine {} is already in use.", v.id),
                    &[],
                ));
            }
        }
    }
    candidates.into_iter().find(|(b, u)| !taken(v, bus_type, *b, *u)).ok_or_else(|| {
        SimError::new(
            VapiErrorKind::Other("unable_to_allocate_resource".into()),
            "com.vmware.api.vcenter.vm.hardware.no_free_unit",
            if all_buses.is_empty() {
                format!("Virtual machine {} has no {bus_type} adapter for a {what}: add one first.", v.id)
            } else {
                format!("The {bus_type} adapters of virtual machine {} have no free unit for another {what}.", v.id)
            },
            &[],
        )
    })
}

/// A device on `bus_type` is added or removed while the VM is in its current power state: only SCSI and SATA
/// devices are hot-pluggable, and a suspended VM takes no change.
pub fn check_plug(v: &Vm, bus_type: &str, what: &str) -> Result<(), SimError> {
    let refuse = |why: String| SimError::new(VapiErrorKind::NotAllowedInCurrentState, "com.vmware.api.vcenter.vm.hardware.not_hot_pluggable", why, &[]);
    match v.power_state {
        "POWERED_OFF" => Ok(()),
        "SUSPENDED" => Err(refuse(format!("Virtual machine {} is suspended: its {what}s cannot be changed.", v.id))),
        _ if bus_type == "IDE" => Err(refuse(format!("An IDE {what} can only be added or removed while the virtual machine is powered off."))),
        _ => Ok(()),
    }
}

/// The address as vCenter reports it: `"scsi": {"bus", "unit"}`, `"sata": …` or `"ide": {"primary", "master"}`.
pub fn address_json(bus_type: &str, bus: i64, unit: i64) -> (String, serde_json::Value) {
    match bus_type {
        "IDE" => ("ide".into(), serde_json::json!({ "primary": bus == 0, "master": unit == 0 })),
        t => (t.to_lowercase(), serde_json::json!({ "bus": bus, "unit": unit })),
    }
}

/// The next free device key from `first` among `keys`.
pub fn next_key<'a>(first: u32, keys: impl Iterator<Item = &'a String>) -> String {
    let used: Vec<u32> = keys.filter_map(|k| k.parse().ok()).collect();
    (first..).find(|k| !used.contains(k)).unwrap().to_string()
}

/// The next label "<what> N" after the highest N in use (vSphere does not renumber when one is removed).
pub fn next_label<'a>(what: &str, labels: impl Iterator<Item = &'a String>) -> String {
    let n = labels.filter_map(|l| l.strip_prefix(what).and_then(|r| r.trim().parse::<u32>().ok())).max().unwrap_or(0);
    format!("{what} {}", n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulator::vcenter::inventory::seed;

    #[test]
    fn a_new_device_takes_the_first_free_unit_and_never_the_adapters_own() {
        let mut v = seed(1).vms.remove(0);
        assert_eq!(place(&v, "SCSI", None, None, "disk").unwrap(), (0, 1), "0:0 is the first disk's");
        for u in 1..7 {
            let mut d = v.disks[0].clone();
            d.unit = u;
            v.disks.push(d);
        }
        assert_eq!(place(&v, "SCSI", None, None, "disk").unwrap(), (0, 8), "unit 7 is the adapter's");
        assert_eq!(place(&v, "SATA", None, None, "CD-ROM drive").unwrap(), (0, 1), "SATA 0:0 is the CD-ROM's");
        let e = place(&v, "SCSI", None, Some(BusSpec { bus: 0, unit: Some(3) }), "disk").unwrap_err();
        assert_eq!(e.kind.as_str(), "resource_in_use");
        let e = place(&v, "SCSI", None, Some(BusSpec { bus: 0, unit: Some(7) }), "disk").unwrap_err();
        assert_eq!(e.kind.as_str(), "invalid_argument");
        for u in 8..16 {
            let mut d = v.disks[0].clone();
            d.unit = u;
            v.disks.push(d);
        }
        assert_eq!(place(&v, "SCSI", None, None, "disk").unwrap_err().kind.as_str(), "unable_to_allocate_resource");
        assert_eq!(place(&v, "IDE", Some(IdeSpec { primary: Some(false), master: Some(false) }), None, "disk").unwrap(), (1, 1));
    }

    #[test]
    fn only_scsi_and_sata_devices_plug_in_while_the_vm_runs() {
        let mut v = seed(1).vms.remove(0);
        v.power_state = "POWERED_ON";
        assert!(check_plug(&v, "SCSI", "disk").is_ok() && check_plug(&v, "SATA", "CD-ROM drive").is_ok());
        assert_eq!(check_plug(&v, "IDE", "disk").unwrap_err().kind.as_str(), "not_allowed_in_current_state");
        v.power_state = "SUSPENDED";
        assert!(check_plug(&v, "SCSI", "disk").is_err());
        v.power_state = "POWERED_OFF";
        assert!(check_plug(&v, "IDE", "disk").is_ok());
    }

    #[test]
    fn labels_and_keys_continue_after_the_highest() {
        let labels = ["Hard disk 1".to_string(), "Hard disk 3".to_string()];
        assert_eq!(next_label("Hard disk", labels.iter()), "Hard disk 4");
        let keys = ["2000".to_string(), "2001".to_string(), "2003".to_string()];
        assert_eq!(next_key(2000, keys.iter()), "2002");
    }
}
