//! `appliance/system/storage` through our client against the simulator: the disk map, growing a disk then
//! resize_ex reporting the change, nothing to grow, resize (void), and a second resize refused while one runs.

use crate::common;

use app::error::VapiErrorKind;
use common::*;
use std::time::{Duration, Instant};

#[test]
fn lists_a_6_7_appliance_disk_map() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let map = s.appliance_system_storage_list().await.unwrap();
        let disk_of = |p: &str| map.iter().find(|m| m.partition == p).map(|m| m.disk.clone());
        assert_eq!(disk_of("root").as_deref(), Some("1"));
        assert_eq!(disk_of("boot").as_deref(), Some("1"), "disk 1 holds /boot and /");
        assert_eq!(disk_of("swap").as_deref(), Some("3"));
        assert_eq!(disk_of("log").as_deref(), Some("5"));
        assert_eq!(disk_of("archive").as_deref(), Some("13"));
        let disks: std::collections::BTreeSet<_> = map.iter().map(|m| m.disk.clone()).collect();
        assert_eq!(disks.len(), 15, "{disks:?}");
        let log = map.iter().find(|m| m.partition == "log").unwrap();
        assert!(log.description.as_ref().unwrap().default_message.contains("/storage/log"), "{log:?}");
    })
}

#[test]
fn a_grown_disk_is_filled_by_resize_ex_and_then_nothing_is_left() {
    crate::common::block_on(async {
        let (url, sim) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        // The seed: /storage/log's disk was enlarged by 10 GB. An administrator also grows /storage/db's by 5 GB.
        assert_eq!(sim.storage.unallocated("5"), Some(10_240));
        assert!(sim.storage.grow_disk("6", 5_120));
        assert!(!sim.storage.grow_disk("99", 1), "unknown disk");
        let before = Instant::now();
        let changes = s.appliance_system_storage_resize_ex().await.unwrap();
        assert!(before.elapsed() >= Duration::from_millis(1500), "a resize takes time");
        assert_eq!(changes.len(), 2, "{changes:?}");
        let log = changes.get(&"log".to_string()).unwrap();
        assert_eq!((log.old_size, log.new_size), (10_240, 20_480));
        let db = changes.get(&"db".to_string()).unwrap();
        assert_eq!((db.old_size, db.new_size), (10_240, 15_360));
        assert_eq!(sim.storage.partition_size("log"), Some(20_480), "the new size stays");
        assert_eq!(sim.storage.unallocated("5"), Some(0));
        // The map is unchanged: the partitions stay on their disks.
        let map = s.appliance_system_storage_list().await.unwrap();
        assert_eq!(map.iter().find(|m| m.partition == "db").unwrap().disk, "6");

        let again = s.appliance_system_storage_resize_ex().await.unwrap();
        assert!(again.is_empty(), "nothing left to grow: {again:?}");
        assert_eq!(sim.storage.partition_size("log"), Some(20_480));
    })
}

#[test]
fn resize_grows_without_answering_the_sizes() {
    crate::common::block_on(async {
        let (url, sim) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        assert!(sim.storage.grow_disk("13", 20_480));
        s.appliance_system_storage_resize().await.unwrap();
        assert_eq!(sim.storage.partition_size("archive"), Some(51_200 + 20_480));
        assert_eq!(sim.storage.partition_size("log"), Some(20_480), "the seeded disk too");
        assert!(s.appliance_system_storage_resize_ex().await.unwrap().is_empty());
    })
}

#[test]
fn a_second_resize_is_refused_while_one_runs() {
    crate::common::block_on(async {
        let (url, sim) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        let first = {
            let s = s.clone();
            tokio::spawn(async move { s.appliance_system_storage_resize_ex().await })
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        for e in [s.appliance_system_storage_resize_ex().await.map(|_| ()).unwrap_err(), s.appliance_system_storage_resize().await.unwrap_err()] {
            assert!(e.is(VapiErrorKind::Error), "{e}");
            assert!(e.to_string().contains("already in progress"), "{e}");
        }
        assert_eq!(sim.storage.partition_size("log"), Some(10_240), "not grown until the resize ends");
        let changes = first.await.unwrap().unwrap();
        assert_eq!(changes.len(), 1, "the refused calls changed nothing: {changes:?}");
        assert_eq!(sim.storage.partition_size("log"), Some(20_480));
        assert!(s.appliance_system_storage_resize_ex().await.unwrap().is_empty(), "allowed again once it has finished");
    })
}

#[test]
fn needs_a_session() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let e = client(&url).login(USER, PASSWORD).await.unwrap();
        e.cis_session_delete().await.ok();
        let err = e.appliance_system_storage_list().await.unwrap_err();
        assert!(err.is(VapiErrorKind::Unauthenticated), "{err}");
    })
}
