//! The inventory lists and gets through our client against the simulator: filters, relations, list caps
//! with 10,000 VMs, gets decoded into the generated models, unknown ids.

use crate::common;

use app::error::VapiErrorKind;
use app::vsphere::inventory::ListFilter;
use app::vsphere::models::vcenter::vm::power::State as Power;
use common::*;
use server::simulator::SimConfig;

fn f() -> ListFilter {
    ListFilter::default()
}

#[test]
fn lists_follow_their_filters() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let dcs = s.datacenter_list(&f()).await.unwrap();
        assert_eq!(dcs.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(), ["Datacenter-East", "Datacenter-West"]);
        assert_eq!(s.cluster_list(&f()).await.unwrap().len(), 3);
        assert_eq!(s.host_list(&f()).await.unwrap().len(), 8);
        assert_eq!(s.vm_list(&f()).await.unwrap().len(), 60);
        assert_eq!(s.datastore_list(&f()).await.unwrap().len(), 6);
        assert_eq!(s.network_list(&f()).await.unwrap().len(), 5);

        let east = ListFilter { datacenters: vec!["datacenter-2".into()], ..f() };
        let clusters = s.cluster_list(&east).await.unwrap();
        assert_eq!(clusters.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Production", "Development"]);
        let prod = ListFilter { clusters: vec!["domain-c40".into()], ..f() };
        let prod_vms = s.vm_list(&prod).await.unwrap();
        let prod_hosts = s.host_list(&prod).await.unwrap();
        assert_eq!(prod_hosts.len(), 3);
        // Every VM of the cluster runs on one of its hosts: the per-host lists add up to the cluster's.
        let mut sum = 0;
        for h in &prod_hosts {
            sum += s.vm_list(&ListFilter { hosts: vec![h.host.clone()], ..f() }).await.unwrap().len();
        }
        assert_eq!(sum, prod_vms.len());
        let off = s.vm_list(&ListFilter { states: vec!["POWERED_OFF".into()], ..f() }).await.unwrap();
        assert!(!off.is_empty() && off.iter().all(|v| v.power_state == Power::PoweredOff));
        let named = s.vm_list(&ListFilter { names: vec!["web-001".into(), "db-001".into()], ..f() }).await.unwrap();
        assert_eq!(named.len(), 2);
        let standalone = s.host_list(&ListFilter { standalone: Some(true), ..f() }).await.unwrap();
        assert_eq!(standalone.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(), ["esx-edge-01.west.lab"]);
        let disconnected = s.host_list(&ListFilter { states: vec!["DISCONNECTED".into()], ..f() }).await.unwrap();
        assert_eq!(disconnected.len(), 1);
        assert!(disconnected[0].power_state.is_none(), "a disconnected host's power state is unknown");
        let vsan = s.datastore_list(&ListFilter { states: vec!["VSAN".into()], ..f() }).await.unwrap();
        assert_eq!(vsan.len(), 1);
        let dvpg = s.network_list(&ListFilter { states: vec!["DISTRIBUTED_PORTGROUP".into()], ..f() }).await.unwrap();
        assert_eq!(dvpg.len(), 3);
        let vm_folders = s.folder_list(&ListFilter { states: vec!["VIRTUAL_MACHINE".into()], datacenters: vec!["datacenter-2".into()], ..f() }).await.unwrap();
        assert_eq!(vm_folders.len(), 5, "vm + Web, Databases, Infrastructure, Test");
        let pools = s.resource_pool_list(&ListFilter { clusters: vec!["domain-c40".into()], ..f() }).await.unwrap();
        assert_eq!(pools.len(), 3);
        let by_id = s.vm_list(&ListFilter::ids(vec!["vm-1005".into(), "vm-1007".into()])).await.unwrap();
        assert_eq!(by_id.iter().map(|v| v.vm.as_str()).collect::<Vec<_>>(), ["vm-1005", "vm-1007"]);

        let e = s.vm_list(&ListFilter { states: vec!["ASLEEP".into()], ..f() }).await.unwrap_err();
        assert!(e.is(VapiErrorKind::InvalidArgument), "{e:?}");
    })
}

#[test]
fn gets_decode_into_the_models_and_unknown_ids_are_not_found() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let vm = s.vcenter_vm_get("vm-1000").await.unwrap();
        assert_eq!(vm.name, "web-001");
        assert_eq!(vm.disks.len(), 1);
        assert_eq!(vm.nics.iter().next().unwrap().1.backing.network.as_deref(), Some("dvportgroup-72"));
        let c = s.vcenter_cluster_get("domain-c40").await.unwrap();
        assert_eq!((c.name.as_str(), c.resource_pool.as_str()), ("Production", "resgroup-41"));
        let rp = s.vcenter_resource_pool_get("resgroup-41").await.unwrap();
        assert_eq!(rp.resource_pools, vec!["resgroup-47", "resgroup-48"]);
        let dc = s.vcenter_datacenter_get("datacenter-2").await.unwrap();
        assert_eq!(dc.vm_folder, "group-v4");
        let ds = s.vcenter_datastore_get("datastore-60").await.unwrap();
        assert!(ds.accessible && ds.free_space.unwrap() > 0);
        for e in [s.vcenter_vm_get("vm-1").await.map(|_| ()), s.vcenter_cluster_get("domain-c1").await.map(|_| ()), s.vcenter_datastore_get("nope").await.map(|_| ())] {
            assert!(e.unwrap_err().is(VapiErrorKind::NotFound));
        }
    })
}

#[test]
fn ten_thousand_vms_trip_the_cap_unless_filtered() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(SimConfig { vms: 10_000, ..Default::default() }).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let e = s.vm_list(&f()).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Other("unable_to_allocate_resource".into())), "{e:?}");
        assert!(e.to_string().contains("10000") && e.to_string().contains("4000"), "{e}");
        let web = s.vm_list(&ListFilter { folders: vec!["group-v30".into()], ..f() }).await.unwrap();
        assert_eq!(web.len(), 2000);
        let dev = s.vm_list(&ListFilter { clusters: vec!["domain-c42".into()], ..f() }).await.unwrap();
        assert_eq!(dev.len(), 2000);
    })
}

#[test]
fn the_guest_identity_is_what_tools_report_and_unavailable_when_they_do_not_run() {
    crate::common::block_on(async {
        let (url, state) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let vms: Vec<(String, String, &'static str)> = state.inventory.read().vms.iter().take(40).map(|v| (v.id.clone(), v.name.clone(), v.power_state)).collect();
        let (mut running, mut without) = (0, 0);
        for (id, name, power) in vms {
            match s.vcenter_vm_guest_identity_get(&id).await {
                Ok(g) => {
                    assert_eq!(power, "POWERED_ON", "{id}: Tools run only in a powered-on VM");
                    let ip: std::net::Ipv4Addr = g.ip_address.as_deref().expect("an address").parse().expect("an IPv4 address");
                    assert!(!ip.is_unspecified());
                    assert!(g.host_name.starts_with(&name), "{}: the guest's host name is the VM's", g.host_name);
                    assert!(!g.full_name.default_message.is_empty());
                    running += 1;
                }
                Err(e) => {
                    assert!(e.is(VapiErrorKind::ServiceUnavailable), "{id}: the documented answer without Tools: {e:?}");
                    if power == "POWERED_ON" {
                        without += 1;
                    }
                }
            }
        }
        assert!(running > 0 && without > 0, "some powered-on VMs run Tools ({running}), some do not ({without})");
        let e = s.vcenter_vm_guest_identity_get("vm-1").await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotFound), "{e:?}");
    })
}

#[test]
fn power_changes_follow_the_documented_rules() {
    crate::common::block_on(async {
        let (url, state) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let off = state.inventory.read().vms.iter().find(|v| v.power_state == "POWERED_OFF").unwrap().id.clone();
        let state_of = |id: &str| state.inventory.read().vms.iter().find(|v| v.id == id).unwrap().power_state;
        let power = s.vcenter_vm_power_get(&off).await.unwrap();
        assert_eq!(power.state.as_str(), "POWERED_OFF");
        let e = s.vcenter_vm_power_suspend(&off).await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState), "a powered-off VM cannot be suspended: {e:?}");
        let e = s.vcenter_vm_power_reset(&off).await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState), "nor reset: {e:?}");
        s.vcenter_vm_power_start(&off).await.unwrap();
        assert_eq!(state_of(&off), "POWERED_ON");
        let e = s.vcenter_vm_power_start(&off).await.unwrap_err();
        assert_eq!(e.kind().map(|k| k.as_str().to_string()).as_deref(), Some("already_in_desired_state"), "{e:?}");
        s.vcenter_vm_power_reset(&off).await.unwrap();
        s.vcenter_vm_power_suspend(&off).await.unwrap();
        assert_eq!(s.vcenter_vm_power_get(&off).await.unwrap().state.as_str(), "SUSPENDED");
        s.vcenter_vm_power_stop(&off).await.unwrap();
        let power = s.vcenter_vm_power_get(&off).await.unwrap();
        assert_eq!((power.state.as_str(), power.clean_power_off), ("POWERED_OFF", Some(true)), "a stop through the API is clean");
        assert!(s.vcenter_vm_power_stop("vm-1").await.unwrap_err().is(VapiErrorKind::NotFound));

        // A change takes its time and is checked again when done: two starts sent together power the VM on
        // once, the second is told it already runs (none applied twice).
        let (a, b) = tokio::join!(s.vcenter_vm_power_start(&off), s.vcenter_vm_power_start(&off));
        assert_eq!([&a, &b].iter().filter(|r| r.is_ok()).count(), 1, "{a:?} / {b:?}");
        let e = a.err().or(b.err()).unwrap();
        assert_eq!(e.kind().map(|k| k.as_str().to_string()).as_deref(), Some("already_in_desired_state"), "{e:?}");
        assert_eq!(state_of(&off), "POWERED_ON");
    })
}

/// The guest's soft power operations go through VMware Tools, as vSphere 6.7 documents them: refused on a VM
/// that is not powered on (`not_allowed_in_current_state`) and where Tools do not run (`service_unavailable`);
/// they return at once and the guest gets there a moment later, busy meanwhile (`resource_busy`); a shutdown
/// ends powered off (cleanly), a restart powered on, a standby suspended. The read-only account may not ask.
#[test]
fn guest_operations_go_through_tools_and_take_a_moment() {
    crate::common::block_on(async {
        let (url, state) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let ids = |power: &str| state.inventory.read().vms.iter().filter(|v| v.power_state == power).map(|v| v.id.clone()).collect::<Vec<_>>();
        let off = ids("POWERED_OFF")[0].clone();
        // Which running VMs have Tools, as the API tells: a guest RUNNING and ready, or UNAVAILABLE.
        let (mut tools, mut no_tools) = (vec![], vec![]);
        for id in ids("POWERED_ON").into_iter().take(30) {
            let g = s.vcenter_vm_guest_power_get(&id).await.unwrap();
            match (g.state.as_str(), g.operations_ready) {
                ("RUNNING", true) => tools.push(id),
                ("UNAVAILABLE", false) => no_tools.push(id),
                other => panic!("a running VM's guest is running or unavailable, not {other:?}"),
            }
        }
        assert!(tools.len() >= 3 && !no_tools.is_empty(), "both kinds among 30 running VMs: {} with Tools, {} without", tools.len(), no_tools.len());

        let g = s.vcenter_vm_guest_power_get(&off).await.unwrap();
        assert_eq!((g.state.as_str(), g.operations_ready), ("NOT_RUNNING", false));
        let e = s.vcenter_vm_guest_power_shutdown(&off).await.unwrap_err();
        assert!(e.is(VapiErrorKind::NotAllowedInCurrentState), "a powered-off VM's guest cannot be asked: {e:?}");
        assert!(s.vcenter_vm_guest_local_filesystem_get(&off).await.unwrap_err().is(VapiErrorKind::ServiceUnavailable));
        let e = s.vcenter_vm_guest_power_reboot(&no_tools[0]).await.unwrap_err();
        assert!(e.is(VapiErrorKind::ServiceUnavailable), "nor one without Tools: {e:?}");
        assert!(s.vcenter_vm_guest_local_filesystem_get(&no_tools[0]).await.unwrap_err().is(VapiErrorKind::ServiceUnavailable));

        // File systems: each no fuller than its capacity, together within the VM's disk.
        let vm = &tools[0];
        let fs = s.vcenter_vm_guest_local_filesystem_get(vm).await.unwrap();
        assert!(!fs.0.is_empty());
        let disk: i64 = s.vcenter_vm_get(vm).await.unwrap().disks.0.iter().map(|(_, d)| d.capacity.unwrap_or(0)).sum();
        assert!(fs.0.iter().all(|(_, f)| f.free_space >= 0 && f.free_space <= f.capacity), "{fs:?}");
        assert!(fs.0.iter().map(|(_, f)| f.capacity).sum::<i64>() <= disk, "{fs:?} on {disk} bytes of disk");

        let power = |id: &str| state.inventory.read().vms.iter().find(|v| v.id == id).unwrap().power_state;
        let settle = || tokio::time::sleep(server::simulator::vcenter::vm::guest::GUEST_TRANSITION + std::time::Duration::from_millis(300));
        for (action, meanwhile, after) in [("shutdown", "SHUTTING_DOWN", "POWERED_OFF"), ("reboot", "RESETTING", "POWERED_ON"), ("standby", "STANDBY", "SUSPENDED")] {
            let vm = &tools[1];
            if power(vm) != "POWERED_ON" {
                s.vcenter_vm_power_start(vm).await.unwrap();
            }
            let ask = || async {
                match action {
                    "shutdown" => s.vcenter_vm_guest_power_shutdown(vm).await,
                    "reboot" => s.vcenter_vm_guest_power_reboot(vm).await,
                    _ => s.vcenter_vm_guest_power_standby(vm).await,
                }
            };
            ask().await.unwrap();
            let g = s.vcenter_vm_guest_power_get(vm).await.unwrap();
            assert_eq!((g.state.as_str(), g.operations_ready), (meanwhile, false), "{action}: under way");
            assert_eq!(s.vcenter_vm_power_get(vm).await.unwrap().state.as_str(), "POWERED_ON", "{action}: returns before the guest is done");
            assert!(ask().await.unwrap_err().is(VapiErrorKind::ResourceBusy), "{action}: asked again while busy");
            settle().await;
            let p = s.vcenter_vm_power_get(vm).await.unwrap();
            assert_eq!(p.state.as_str(), after, "{action}: done");
            if after == "POWERED_OFF" {
                assert_eq!(p.clean_power_off, Some(true), "a guest shutdown is a clean power-off");
            }
        }

        // A hard power-off during a guest shutdown ends it at once.
        let vm = &tools[2];
        s.vcenter_vm_guest_power_shutdown(vm).await.unwrap();
        s.vcenter_vm_power_stop(vm).await.unwrap();
        assert_eq!(s.vcenter_vm_guest_power_get(vm).await.unwrap().state.as_str(), "NOT_RUNNING");

        let ro = client(&url).login("readonly@vsphere.local", PASSWORD).await.unwrap();
        let e = ro.vcenter_vm_guest_power_shutdown(&tools[0]).await.unwrap_err();
        assert_eq!(e.missing_privilege().as_deref(), Some("VirtualMachine.Interact.PowerOff"), "{e}");
        assert_eq!(s.vcenter_vm_guest_power_get(&tools[0]).await.unwrap().state.as_str(), "RUNNING", "the refused shutdown changed nothing");
    })
}
