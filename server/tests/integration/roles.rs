//! Roles in the simulated vCenter: the read-only account reads and is refused every change with
//! `unauthorized` naming the privilege; the operator may tag but not change the appliance.

use crate::common::{self, spawn_sim, PASSWORD};
use app::error::VapiErrorKind;
use app::vsphere::models::cis::tagging::{category, category_model::Cardinality};

fn spec(name: &str) -> category::CreateSpec {
    category::CreateSpec {
        name: name.into(),
        description: String::new(),
        cardinality: Cardinality::Single,
        associable_types: vec![],
        category_id: None,
    }
}

#[test]
fn read_only_reads_and_is_refused_each_change_naming_the_privilege() {
    crate::common::block_on(async {
        let (url, _sim) = spawn_sim(Default::default()).await;
        let ro = common::client(&url).login("readonly@vsphere.local", PASSWORD).await.unwrap();
        assert!(!ro.appliance_access_ssh_get().await.unwrap(), "reads work");
        assert!(ro.cis_session_get().await.unwrap().user.contains("Readonly"));
        let e = ro.appliance_access_ssh_set(true).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Unauthorized), "{e}");
        assert_eq!(e.missing_privilege().as_deref(), Some("SystemConfiguration.Administrators"));
        let e = ro.cis_tagging_category_create(&spec("Env")).await.unwrap_err();
        assert_eq!(e.missing_privilege().as_deref(), Some("InventoryService.Tagging.CreateCategory"));
        assert!(ro.cis_tagging_category_list().await.unwrap().is_empty(), "the refused create changed nothing");
        assert!(!ro.appliance_access_ssh_get().await.unwrap(), "nor the refused set");
    })
}

#[test]
fn the_operator_tags_but_does_not_change_the_appliance() {
    crate::common::block_on(async {
        let (url, _sim) = spawn_sim(Default::default()).await;
        let op = common::client(&url).login("operator@vsphere.local", PASSWORD).await.unwrap();
        let id = op.cis_tagging_category_create(&spec("Env")).await.unwrap();
        assert_eq!(op.cis_tagging_category_get(&id).await.unwrap().name, "Env");
        let e = op.appliance_ntp_set(&["pool.ntp.org".to_string()]).await.unwrap_err();
        assert_eq!(e.missing_privilege().as_deref(), Some("SystemConfiguration.Administrators"), "{e}");
        let e = common::client(&url).login("nobody@vsphere.local", PASSWORD).await.unwrap_err();
        assert!(e.to_string().contains("Not authenticated") || matches!(e, app::error::AppError::Login { .. }) || e.is(VapiErrorKind::Unauthenticated), "{e}");
    })
}

#[test]
fn the_operator_powers_vms_but_does_not_change_their_hardware() {
    crate::common::block_on(async {
        let (url, sim) = spawn_sim(Default::default()).await;
        let op = common::client(&url).login("operator@vsphere.local", PASSWORD).await.unwrap();
        let vm = sim.inventory.read().vms.iter().find(|v| v.power_state == "POWERED_OFF").unwrap().id.clone();
        let spec = app::vsphere::models::vcenter::vm::hardware::cpu::UpdateSpec { count: Some(2), cores_per_socket: None, hot_add_enabled: None, hot_remove_enabled: None };
        let e = op.vcenter_vm_hardware_cpu_update(&vm, &spec).await.unwrap_err();
        assert_eq!(e.missing_privilege().as_deref(), Some("VirtualMachine.Config.CPUCount"), "{e}");
        op.vcenter_vm_power_start(&vm).await.unwrap();
    })
}
