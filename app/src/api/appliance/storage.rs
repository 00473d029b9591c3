//! Appliance › Storage server functions (`appliance/system/storage`): the disk-to-partition map, and growing
//! the partitions into disks an administrator has enlarged in vSphere (resize_ex). The resize result travels
//! in the page's URL (`?resized=log:10240:20480,…`) so it shows the same with and without JavaScript.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One partition of the appliance and the disk it lives on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StorageRow {
    /// The disk number as the vSphere Client shows it ("Hard disk N").
    pub disk: String,
    pub partition: String,
    pub description: String,
}

/// One partition a resize grew, sizes in MB.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resized {
    pub partition: String,
    pub old_mb: i64,
    pub new_mb: i64,
}

/// `log:10240:20480,db:…` for the page URL (empty when nothing grew).
pub fn encode_resized(changes: &[Resized]) -> String {
    changes.iter().map(|c| format!("{}:{}:{}", c.partition, c.old_mb, c.new_mb)).collect::<Vec<_>>().join(",")
}

/// Reads [`encode_resized`]'s text; entries that do not parse are left out.
pub fn decode_resized(text: &str) -> Vec<Resized> {
    text.split(',')
        .filter_map(|entry| {
            let mut it = entry.split(':');
            let (partition, old, new) = (it.next()?, it.next()?, it.next()?);
            if partition.is_empty() || it.next().is_some() {
                return None;
            }
            Some(Resized { partition: partition.to_string(), old_mb: old.parse().ok()?, new_mb: new.parse().ok()? })
        })
        .collect()
}

/// Sorts rows by disk number (numerically: disk 2 before disk 10), keeping vCenter's order within a disk.
pub fn sort_rows(rows: &mut [StorageRow]) {
    rows.sort_by_key(|r| (r.disk.parse::<u64>().unwrap_or(u64::MAX), r.disk.clone()));
}

/// The disk-to-partition map, by disk.
#[server(prefix = "/api", endpoint = "appliance/storage")]
pub async fn get_storage() -> Result<Vec<StorageRow>, AppError> {
    crate::api::ssr::with_vc(|vc| async move {
        let mut rows: Vec<StorageRow> = vc
            .appliance_system_storage_list()
            .await?
            .into_iter()
            .map(|m| StorageRow { disk: m.disk, partition: m.partition, description: m.description.map(|d| d.default_message).unwrap_or_default() })
            .collect();
        sort_rows(&mut rows);
        Ok(rows)
    })
    .await
}

/// Grows every partition whose disk has unallocated space (resize_ex), as a console job: the browser goes to
/// `/appliance/storage?job=<id>`, which follows it and, when it ends, goes on to `/appliance/storage?resized=…`
/// with the sizes before and after. Returns the job's id.
#[server(prefix = "/api", endpoint = "appliance/storage/resize")]
pub async fn resize_partitions() -> Result<String, AppError> {
    let (vc, _, owner) = crate::api::ssr::vc_session()?;
    let job = crate::api::ssr::state()?.jobs.start(&owner, "Resizing the partitions", 0);
    job.step("The file systems grow while services keep running.");
    let id = job.id().to_string();
    tokio::spawn(async move {
        // An appliance without resize_ex grows its partitions with resize, which reports no sizes.
        let resized = match vc.appliance_system_storage_resize_ex().await {
            Err(e) if e.is_unknown_operation() => vc.appliance_system_storage_resize().await.map(|()| Default::default()),
            r => r,
        };
        match resized {
            Ok(changes) => {
                let changes: Vec<Resized> =
                    changes.0.into_iter().map(|(partition, c)| Resized { partition, old_mb: c.old_size, new_mb: c.new_size }).collect();
                job.result_href(format!("/appliance/storage?resized={}", encode_resized(&changes)));
                job.succeed();
            }
            Err(e) => job.fail(&e),
        }
    });
    leptos_axum::redirect(&format!("/appliance/storage?job={}", crate::vsphere::rest::encode_component(&id)));
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(p: &str, old_mb: i64, new_mb: i64) -> Resized {
        Resized { partition: p.into(), old_mb, new_mb }
    }

    #[test]
    fn resize_results_round_trip_through_the_url() {
        let changes = vec![r("log", 10_240, 20_480), r("db", 10_240, 15_360)];
        assert_eq!(encode_resized(&changes), "log:10240:20480,db:10240:15360");
        assert_eq!(decode_resized(&encode_resized(&changes)), changes);
        assert_eq!(encode_resized(&[]), "");
        assert!(decode_resized("").is_empty(), "nothing grew");
    }

    #[test]
    fn malformed_entries_are_left_out() {
        assert_eq!(decode_resized("log:1:2,bad,db:x:3,:1:2,a:1:2:3,seat:5:6"), vec![r("log", 1, 2), r("seat", 5, 6)]);
    }

    #[test]
    fn disks_sort_by_number() {
        let row = |d: &str, p: &str| StorageRow { disk: d.into(), partition: p.into(), description: String::new() };
        let mut rows = vec![row("10", "autodeploy"), row("2", "tmp"), row("1", "boot"), row("1", "root")];
        sort_rows(&mut rows);
        let order: Vec<_> = rows.iter().map(|r| r.partition.as_str()).collect();
        assert_eq!(order, ["boot", "root", "tmp", "autodeploy"]);
    }
}
