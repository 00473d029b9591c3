//! `vcenter/vm/hardware` update and upgrade: the virtual hardware version — upgraded now (powered off only,
//! after a confirmation: it cannot be undone, and hosts older than the version can no longer run the VM), or
//! scheduled by the upgrade policy (at the next power-on, or after the next clean shutdown).

use crate::error::AppError;
use crate::vsphere::models::vcenter::vm::hardware::{UpdateSpec, Version};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The newest virtual hardware version vSphere 6.7 runs.
pub const MAX_VERSION: u32 = 14;

/// The upgrade policies, in words.
pub const POLICIES: &[(&str, &str)] = &[
    ("NEVER", "Never (upgrade by hand)"),
    ("AFTER_CLEAN_SHUTDOWN", "At the next power-on after a clean guest shutdown"),
    ("ALWAYS", "At the next power-on"),
];

/// `14` → `VMX_14`, one of the API's versions.
pub fn version(n: u32) -> Result<Version, AppError> {
    format!("VMX_{n:02}").parse().map_err(|_| AppError::invalid("version", "Choose a hardware version."))
}

/// The versions a VM at `current` may go to.
pub fn newer_than(current: u32) -> Vec<u32> {
    ((current + 1)..=MAX_VERSION).collect()
}

/// Upgrading a VM's hardware now.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct UpgradeForm {
    pub vm: String,
    #[serde(default)]
    pub version: String,
}

/// A version from a form field, or the refusal at it.
fn chosen(text: &str, current: Option<u32>) -> Result<u32, AppError> {
    let n = text.trim().parse::<u32>().map_err(|_| AppError::invalid("version", "Choose a hardware version."))?;
    if n > MAX_VERSION || current.is_some_and(|c| n <= c) {
        return Err(AppError::invalid("version", format!("Choose a version newer than the virtual machine's, up to {MAX_VERSION}.")));
    }
    Ok(n)
}

/// Upgrades a VM's hardware (after the page's confirmation).
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/upgrade")]
pub async fn upgrade_vm_hardware(#[server(flatten)] form: UpgradeForm) -> Result<(), AppError> {
    let vm = crate::api::vcenter::vm::vm_id(&form.vm)?;
    let target = version(chosen(&form.version, None)?)?;
    let id = vm.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_hardware_upgrade(&id, Some(&target)).await }).await?;
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", "upgraded", <UpgradeVmHardware as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

/// The upgrade policy and, when it upgrades, the version.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct UpgradePolicyForm {
    pub vm: String,
    #[serde(default)]
    pub policy: String,
    #[serde(default)]
    pub version: String,
    /// The VM's version now (the form's own, to check the choice before sending).
    #[serde(default)]
    pub current: String,
}

/// The update spec for `form`, or the refusal at its field.
pub fn policy_spec(form: &UpgradePolicyForm) -> Result<UpdateSpec, AppError> {
    let policy = POLICIES.iter().find(|(p, _)| *p == form.policy.trim()).map(|(p, _)| *p).ok_or_else(|| AppError::invalid("policy", "Choose when to upgrade."))?;
    let upgrade_version = if policy == "NEVER" { None } else { Some(version(chosen(&form.version, form.current.trim().parse().ok())?)?) };
    Ok(UpdateSpec { upgrade_policy: Some(policy.parse().expect("a policy of the API")), upgrade_version })
}

/// Sets the upgrade policy; a refusal keeps the form as typed.
#[server(prefix = "/api", endpoint = "vcenter/vm/hardware/update")]
pub async fn set_vm_upgrade_policy(#[server(flatten)] form: UpgradePolicyForm) -> Result<(), AppError> {
    let keep = |e: AppError| e.with_form(&form);
    let vm = crate::api::vcenter::vm::vm_id(&form.vm).map_err(keep)?;
    let spec = policy_spec(&form).map_err(keep)?;
    let id = vm.clone();
    crate::api::ssr::with_vc(|vc| async move { vc.vcenter_vm_hardware_update(&id, &spec).await }).await.map_err(keep)?;
    crate::api::vcenter::vm::back_to_vm(&vm, "hardware", "policy", <SetVmUpgradePolicy as leptos::server_fn::ServerFn>::PATH);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upgrade_goes_to_a_newer_version_and_never_needs_none() {
        assert_eq!(newer_than(11), vec![12, 13, 14]);
        assert!(newer_than(14).is_empty());
        let form = |p: &str, v: &str| UpgradePolicyForm { vm: "vm-1".into(), policy: p.into(), version: v.into(), current: "11".into() };
        let spec = policy_spec(&form("ALWAYS", "13")).unwrap();
        assert_eq!((spec.upgrade_policy.unwrap().as_str(), spec.upgrade_version.unwrap().as_str()), ("ALWAYS", "VMX_13"));
        assert!(policy_spec(&form("NEVER", "")).unwrap().upgrade_version.is_none());
        assert_eq!(policy_spec(&form("ALWAYS", "11")).unwrap_err().invalid_field(), Some("version"), "not newer");
        assert_eq!(policy_spec(&form("SOMETIMES", "13")).unwrap_err().invalid_field(), Some("policy"));
        assert_eq!(version(7).unwrap().as_str(), "VMX_07");
    }
}
