//! `vcenter/vm/hardware/ethernet`: add a network adapter (type, network, MAC address, wake-on-LAN, connect at
//! power on), change one, remove one, connect or disconnect one. Checked before sending: a network chosen, a
//! manual MAC address in VMware's static range (00:50:56:00:00:00 to 00:50:56:3F:FF:FF).

use crate::error::AppError;
use crate::vsphere::models::vcenter::vm::hardware::ethernet::{BackingSpec, CreateSpec, UpdateSpec};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The adapter types the API knows, with what each is for.
pub const NIC_TYPES: &[(&str, &str)] = &[
    ("VMXNET3", "VMXNET3 (paravirtual, needs VMware Tools; the usual choice)"),
    ("E1000E", "E1000E (emulated Intel 82574; works without Tools)"),
    ("E1000", "E1000 (emulated Intel 82545EM; older guests)"),
    ("VMXNET2", "VMXNET2 (enhanced VMXNET; legacy)"),
    ("VMXNET", "VMXNET (legacy paravirtual)"),
    ("PCNET32", "PCnet32 (AMD; very old guests)"),
];

/// An adapter's settings as a form has them: `nic` is empty when adding; `kind` only counts then.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct NicForm {
    pub vm: String,
    #[serde(default)]
    pub nic: String,
    #[serde(default)]
    pub kind: String,
    /// The network's id; its type (standard or distributed port group) is looked up.
    #[serde(default)]
    pub network: String,
    /// `GENERATED` (vCenter chooses) or `MANUAL` (`mac` below); absent when the MAC cannot change now.
    pub mac_type: Option<String>,
    #[serde(default)]
    pub mac: String,
    pub wake_on_lan: Option<String>,
    pub start_connected: Option<String>,
}

/// Whether `mac` is in VMware's static range, 00:50:56:00:00:00 to 00:50:56:3F:FF:FF.
pub fn static_mac(mac: &str) -> bool {
    let parts: Vec<&str> = mac.split(':').collect();
    parts.len() == 6
        && parts.iter().all(|p| p.len() == 2 && u8::from_str_radix(p, 16).is_ok())
        && parts[..3].iter().map(|p| p.to_ascii_lowercase()).eq(["00", "50", "56"].map(String::from))
        && u8::from_str_radix(parts[3], 16).is_ok_and(|b| b <= 0x3f)
}

/// The MAC address part of a spec: (type, address), or the refusal at its field; `None` when the form does
/// not change it.
fn mac_of(form: &NicForm) -> Result<Option<(String, Option<String>)>, AppError> {
    match form.mac_type.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some("GENERATED") => Ok(Some(("GENERATED".into(), None))),
        Some("MANUAL") => {
            let mac = form.mac.trim().to_lowercase();
            if !static_mac(&mac) {
                return Err(AppError::invalid("mac", "A manual MAC address is in VMware's static range, 00:50:56:00:00:00 to 00:50:56:3F:FF:FF."));
            }
            Ok(Some(("MANUAL".into(), Some(mac))))
        }
        Some(_) => Err(AppError::invalid("mac_type", "Choose a generated or a manual MAC address.")),
    }
}

/// The backing for network `network` of type `kind` (`STANDARD_PORTGROUP`, `DISTRIBUTED_PORTGROUP`, …).
fn backing(network: &str, kind: &str) -> Result<BackingSpec, AppError> {
    Ok(BackingSpec { r#type: kind.parse().map_err(|_| AppError::invalid("network", "Choose a network."))?, network: Some(network.to_string()), distributed_port: None })
}

/// The create spec for `form` (the network's type known), or the refusal at its field.
pub fn add_nic_spec(form: &NicForm, network_type: Option<&str>) -> Result<CreateSpec, AppError> {
    let kind = if form.kind.trim().is_empty() { "VMXNET3" } else { form.kind.trim() };
    if !NIC_TYPES.iter().any(|(k, _)| *k == kind) {
        return Err(AppError::invalid("kind", "Choose an adapter type."));
    }
    let network = form.network.trim();
    let Some(network_type) = network_type.filter(|_| !network.is_empty()) else {
        return Err(AppError::invalid("network", "Choose the network the adapter joins."));
    };
    let mac = mac_of(form)?;
    Ok(CreateSpec {
        r#type: Some(kind.parse().expect("an adapter type of the API")),
        mac_type: mac.as_ref().map(|(t, _)| t.parse().expect("a MAC type of the API")),
        mac_address: mac.and_then(|(_, m)| m),
        wake_on_lan_enabled: Some(form.wake_on_lan.is_some()),
        backing: Some(backing(network, network_type)?),
        start_connected: Some(form.start_connected.is_some()),
        allow_guest_control: Some(true),
        upt_compatibility_enabled: None,
        pci_slot_number: None,
    })
}

/// The update spec for `form`, or the refusal at its field.
pub fn update_nic_spec(form: &NicForm, network_type: Option<&str>) -> Result<UpdateSpec, AppError> {
    let network = form.network.trim();
    let Some(network_type) = network_type.filter(|_| !network.is_empty()) else {
        return Err(AppError::invalid("network", "Choose the network the adapter joins."));
    };
    let mac = mac_of(form)?;
    Ok(UpdateSpec {
        mac_type: mac.as_ref().map(|(t, _)| t.parse().expect("a MAC type of the API")),
        mac_address: mac.and_then(|(_, m)| m),
        wake_on_lan_enabled: Some(form.wake_on_lan.is_some()),
        backing: Some(backing(network, network_type)?),
        start_connected: Some(form.start_connected.is_some()),
        upt_compatibility_enabled: None,
        allow_guest_control: None,
    })
}

/// The type of network `id` (`STANDARD_PORTGROUP`, …), asked of vCenter.
#[cfg(feature = "ssr")]
async fn network_type(vc: &crate::client::VcSession, id: &str) -> Result<Option<String>, AppError> {
    if id.trim().is_empty() {
        return Ok(None);
    }
    Ok(vc.vcenter_network_list(&[id.trim().to_string()], &[], &[], &[], &[]).await?.into_iter().next().map(|n| n.r#type.as_str().to_string()))
}

/// Adds a network adapter; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/ethernet/create")]
pub async fn add_vm_nic(#[server(flatten)] form: NicForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let vm = crate::api::vcenter::vm::vm_id(&form.vm).map_err(keep)?;
    let (id, f) = (vm.clone(), form.clone());
    crate::api::ssr::with_vc(|vc| async move {
        let spec = add_nic_spec(&f, network_type(&vc, &f.network).await?.as_deref())?;
        vc.vcenter_vm_hardware_ethernet_create(&id, &spec).await
    })
    .await
    .map_err(keep)?;
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", "nic-added", <AddVmNic as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

/// Changes a network adapter; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/ethernet/update")]
pub async fn update_vm_nic(#[server(flatten)] form: NicForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let vm = crate::api::vcenter::vm::vm_id(&form.vm).map_err(keep)?;
    let (id, f) = (vm.clone(), form.clone());
    crate::api::ssr::with_vc(|vc| async move {
        let spec = update_nic_spec(&f, network_type(&vc, &f.network).await?.as_deref())?;
        vc.vcenter_vm_hardware_ethernet_update(&id, f.nic.trim(), &spec).await
    })
    .await
    .map_err(keep)?;
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", "nic-saved", <UpdateVmNic as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(network: &str, mac_type: Option<&str>, mac: &str) -> NicForm {
        NicForm { vm: "vm-1".into(), network: network.into(), mac_type: mac_type.map(String::from), mac: mac.into(), start_connected: Some("on".into()), ..Default::default() }
    }

    #[test]
    fn an_adapter_needs_a_network_and_a_manual_mac_in_the_static_range() {
        let spec = add_nic_spec(&form("network-70", None, ""), Some("STANDARD_PORTGROUP")).unwrap();
        assert_eq!(spec.r#type.unwrap().as_str(), "VMXNET3");
        assert_eq!(spec.backing.unwrap().network.as_deref(), Some("network-70"));
        assert_eq!((spec.start_connected, spec.wake_on_lan_enabled, spec.mac_type.is_none()), (Some(true), Some(false), true));
        let field = |r: Result<CreateSpec, AppError>| r.unwrap_err().invalid_field().map(str::to_string);
        assert_eq!(field(add_nic_spec(&form("", None, ""), None)), Some("network".into()));
        assert_eq!(field(add_nic_spec(&form("network-x", None, ""), None)), Some("network".into()), "a network vCenter does not know");
        assert_eq!(field(add_nic_spec(&form("network-70", Some("MANUAL"), "00:50:56:40:00:00"), Some("STANDARD_PORTGROUP"))), Some("mac".into()));
        assert_eq!(field(add_nic_spec(&form("network-70", Some("MANUAL"), "00:0c:29:00:00:01"), Some("STANDARD_PORTGROUP"))), Some("mac".into()));
        let spec = add_nic_spec(&form("network-70", Some("MANUAL"), " 00:50:56:3F:00:01 "), Some("STANDARD_PORTGROUP")).unwrap();
        assert_eq!((spec.mac_type.unwrap().as_str(), spec.mac_address.as_deref()), ("MANUAL", Some("00:50:56:3f:00:01")));
        let update = update_nic_spec(&form("dvportgroup-72", None, ""), Some("DISTRIBUTED_PORTGROUP")).unwrap();
        assert!(update.mac_type.is_none() && update.mac_address.is_none(), "a form without the MAC leaves it");
    }
}
