//! Inventory management on the simulator through the console's client: datacenters created and deleted
//! (refused while they hold something, unless forced), hosts added (every refusal vCenter documents for it),
//! connected, disconnected and removed, datastores' default policies, finding datastores and networks by id,
//! and the guest customization specifications.

use crate::common::*;
use app::error::VapiErrorKind;
use app::vsphere::inventory::ListFilter;
use app::vsphere::models::vcenter::datacenter::CreateSpec as DcSpec;
use app::vsphere::models::vcenter::host::create_spec::ThumbprintVerification;
use app::vsphere::models::vcenter::host::CreateSpec as HostSpec;
use server::simulator::vcenter::host::{ESXI, ESXI_PASSWORD};

fn kind(e: &app::error::AppError) -> String {
    e.kind().map(|k| k.as_str().to_string()).unwrap_or_else(|| format!("{e:?}"))
}

fn host(name: &str, folder: &str, print: Option<&str>) -> HostSpec {
    HostSpec {
        hostname: name.into(),
        port: None,
        user_name: "root".into(),
        password: ESXI_PASSWORD.into(),
        folder: Some(folder.into()),
        thumbprint_verification: ThumbprintVerification::Thumbprint,
        thumbprint: print.map(Into::into),
        force_add: None,
    }
}

#[test]
fn datacenters_are_created_and_deleted_by_vcenters_rules() {
    block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let bad = s.vcenter_datacenter_create(&DcSpec { name: "East/West".into(), folder: None }).await.unwrap_err();
        assert_eq!(kind(&bad), "invalid_argument");
        let taken = s.vcenter_datacenter_create(&DcSpec { name: "Datacenter-East".into(), folder: None }).await.unwrap_err();
        assert!(taken.is(VapiErrorKind::AlreadyExists));
        let wrong_folder = s.vcenter_datacenter_create(&DcSpec { name: "Lab".into(), folder: Some("group-v4".into()) }).await.unwrap_err();
        assert_eq!(kind(&wrong_folder), "invalid_argument", "a VM folder holds no datacenters");
        let lab = s.vcenter_datacenter_create(&DcSpec { name: "Lab".into(), folder: None }).await.unwrap();
        let info = s.vcenter_datacenter_get(&lab).await.unwrap();
        assert_eq!(info.name, "Lab");
        assert_eq!(s.datacenter_list(&ListFilter::default()).await.unwrap().len(), 3);

        // A host in it: deleting it is refused (saying what it holds) unless forced.
        let print = ESXI[0].2;
        s.vcenter_host_create(&host(ESXI[0].0, &info.host_folder, Some(print))).await.unwrap();
        let busy = s.vcenter_datacenter_delete(&lab, None).await.unwrap_err();
        assert_eq!(kind(&busy), "resource_in_use");
        assert!(busy.to_string().contains("1 host"), "{busy}");
        s.vcenter_datacenter_delete(&lab, Some(true)).await.unwrap();
        assert!(s.vcenter_datacenter_get(&lab).await.unwrap_err().is(VapiErrorKind::NotFound));
        assert!(s.host_list(&ListFilter { names: vec![ESXI[0].0.into()], ..Default::default() }).await.unwrap().is_empty(), "its host went with it");
        assert!(s.vcenter_datacenter_delete(&lab, None).await.unwrap_err().is(VapiErrorKind::NotFound));
    })
}

#[test]
fn a_host_is_added_only_as_vcenter_allows() {
    block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let (name, _, print, _) = ESXI[0];
        let unknown = s.vcenter_host_create(&host("esx-nope.east.lab", "group-h5", None)).await.unwrap_err();
        assert_eq!(kind(&unknown), "error");
        // No thumbprint: refused, naming the host's, which is then accepted.
        let untrusted = s.vcenter_host_create(&host(name, "group-h5", None)).await.unwrap_err();
        assert_eq!(kind(&untrusted), "invalid_argument");
        assert_eq!(app::validate::offered_thumbprint(&untrusted.to_string()).as_deref(), Some(print));
        let other = s.vcenter_host_create(&host(name, "group-h5", Some(ESXI[1].2))).await.unwrap_err();
        assert!(other.to_string().contains("not "), "{other}");
        let wrong_password = s.vcenter_host_create(&HostSpec { password: "nope".into(), ..host(name, "group-h5", Some(print)) }).await.unwrap_err();
        assert!(wrong_password.is(VapiErrorKind::Unauthenticated));
        let not_hosts = s.vcenter_host_create(&host(name, "group-v4", Some(print))).await.unwrap_err();
        assert_eq!(kind(&not_hosts), "invalid_element_type");
        let id = s.vcenter_host_create(&host(name, "group-h5", Some(&print.to_lowercase()))).await.unwrap();
        let added = s.host_list(&ListFilter::ids(vec![id.clone()])).await.unwrap();
        assert_eq!((added[0].name.as_str(), added[0].connection_state.as_str()), (name, "CONNECTED"));
        assert!(s.vcenter_host_create(&host(name, "group-h5", Some(print))).await.unwrap_err().is(VapiErrorKind::AlreadyExists));

        let (legacy, _, legacy_print, _) = ESXI[3];
        assert_eq!(kind(&s.vcenter_host_create(&host(legacy, "group-h5", Some(legacy_print))).await.unwrap_err()), "unsupported");
        let (managed, _, managed_print, _) = ESXI[2];
        let taken = s.vcenter_host_create(&host(managed, "group-h5", Some(managed_print))).await.unwrap_err();
        assert_eq!(kind(&taken), "resource_in_use");
        s.vcenter_host_create(&HostSpec { force_add: Some(true), ..host(managed, "group-h5", Some(managed_print)) }).await.unwrap();

        // Disconnect, connect, each once; removal of a clustered host is refused, of this one done.
        s.vcenter_host_disconnect(&id).await.unwrap();
        assert_eq!(kind(&s.vcenter_host_disconnect(&id).await.unwrap_err()), "already_in_desired_state");
        assert_eq!(s.host_list(&ListFilter::ids(vec![id.clone()])).await.unwrap()[0].connection_state.as_str(), "DISCONNECTED");
        s.vcenter_host_connect(&id).await.unwrap();
        assert_eq!(kind(&s.vcenter_host_connect(&id).await.unwrap_err()), "already_in_desired_state");
        let clustered = s.vcenter_host_delete("host-50").await.unwrap_err();
        assert_eq!(kind(&clustered), "resource_in_use");
        assert!(clustered.to_string().contains("Production"), "{clustered}");
        s.vcenter_host_delete(&id).await.unwrap();
        assert!(s.vcenter_host_delete(&id).await.unwrap_err().is(VapiErrorKind::NotFound));
        // A standalone host's VMs leave with it.
        let edge_vms = s.vm_list(&ListFilter { hosts: vec!["host-57".into()], ..Default::default() }).await.unwrap().len();
        assert!(edge_vms > 0);
        let before = s.vm_list(&ListFilter::default()).await.unwrap().len();
        s.vcenter_host_delete("host-57").await.unwrap();
        assert_eq!(s.vm_list(&ListFilter::default()).await.unwrap().len(), before - edge_vms);
    })
}

#[test]
fn datastores_networks_and_customization_specs_are_found() {
    block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        assert_eq!(s.datastore_default_policy("datastore-63").await.unwrap().as_deref(), Some("aa6d5a82-1c88-45da-85d3-3d74b91a5bad"), "vSAN's default");
        assert_eq!(s.datastore_default_policy("datastore-60").await.unwrap(), None);
        assert!(s.datastore_default_policy("datastore-999").await.unwrap_err().is(VapiErrorKind::NotFound));

        let found = s.vcenter_inventory_datastore_find(&["datastore-60".into(), "datastore-65".into()]).await.unwrap();
        assert_eq!(found.0.len(), 2);
        assert!(found.0.iter().all(|(_, i)| i.r#type == "Datastore"));
        assert!(s.vcenter_inventory_datastore_find(&["datastore-60".into(), "network-70".into()]).await.unwrap_err().is(VapiErrorKind::NotFound));
        let nets = s.vcenter_inventory_network_find(&["dvportgroup-72".into(), "network-70".into()]).await.unwrap();
        let types: Vec<_> = nets.0.iter().map(|(id, i)| (id.as_str(), i.r#type.as_str())).collect();
        assert_eq!(types, [("dvportgroup-72", "DistributedVirtualPortgroup"), ("network-70", "Network")]);

        let all = s.vcenter_guest_customization_specs_list(&[], None).await.unwrap();
        assert_eq!(all.len(), 3);
        let linux = s.vcenter_guest_customization_specs_list(&[], Some("LINUX")).await.unwrap();
        assert_eq!(linux.len(), 2);
        let one = s.vcenter_guest_customization_specs_list(&["Linux-DHCP".into()], Some("WINDOWS")).await.unwrap();
        assert!(one.is_empty(), "both filters apply");
        assert_eq!(kind(&s.vcenter_guest_customization_specs_list(&[], Some("SOLARIS")).await.unwrap_err()), "invalid_argument");
    })
}
