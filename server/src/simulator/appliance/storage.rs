//! `appliance/system/storage`: the appliance's disk-to-partition map (list), and growing partitions into
//! disks an administrator has enlarged in vSphere (resize, resize_ex). The seed is a 6.7 appliance's 15 VMDKs
//! (tiny deployment sizes); one disk, `/storage/log`'s, has been enlarged by 10 GB and not resized yet.
//! A resize takes [`RESIZE_TIME`]; while one runs, another is refused with `not_allowed_in_current_state`.
//! The wire's mapping has no sizes: they are kept here and read by tests through [`Storage::partition_size`].

use crate::simulator::{ok, ok_void, Authed, SimError, SimState};
use app::vsphere::models::appliance::system::storage::{StorageChange, StorageMapping};
use app::vsphere::models::vapi::std::LocalizableMessage;
use app::vsphere::rest::{Query, VapiMap};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use std::sync::Mutex;
use std::time::Duration;

/// How long a resize runs (the appliance grows its file systems online).
pub const RESIZE_TIME: Duration = Duration::from_secs(2);

struct Partition {
    name: &'static str,
    description: &'static str,
    size_mb: i64,
}

struct Disk {
    number: &'static str,
    capacity_mb: i64,
    partitions: Vec<Partition>,
}

impl Disk {
    fn unallocated(&self) -> i64 {
        self.capacity_mb - self.partitions.iter().map(|p| p.size_mb).sum::<i64>()
    }
}

struct Data {
    disks: Vec<Disk>,
    resizing: bool,
}

pub struct Storage {
    data: Mutex<Data>,
}

impl Default for Storage {
    fn default() -> Self {
        Self::new()
    }
}

fn disk(number: &'static str, capacity_mb: i64, parts: &[(&'static str, &'static str, i64)]) -> Disk {
    Disk { number, capacity_mb, partitions: parts.iter().map(|&(name, description, size_mb)| Partition { name, description, size_mb }).collect() }
}

impl Storage {
    pub fn new() -> Self {
        let disks = vec![
            disk("1", 12_288, &[("boot", "Boot loader and kernels (/boot)", 132), ("root", "Root file system (/)", 12_156)]),
            disk("2", 1_843, &[("tmp", "Temporary files (/tmp)", 1_843)]),
            disk("3", 25_600, &[("swap", "Swap space", 25_600)]),
            disk("4", 25_600, &[("core", "Core dumps (/storage/core)", 25_600)]),
            // Enlarged by 10 GB in vSphere; the partition has not been grown yet.
            disk("5", 20_480, &[("log", "Log files (/storage/log)", 10_240)]),
            disk("6", 10_240, &[("db", "vPostgres database (/storage/db)", 10_240)]),
            disk("7", 15_360, &[("dblog", "vPostgres transaction logs (/storage/dblog)", 15_360)]),
            disk("8", 10_240, &[("seat", "Statistics, events, alarms and tasks (/storage/seat)", 10_240)]),
            disk("9", 1_024, &[("netdump", "ESXi network core dumps (/storage/netdump)", 1_024)]),
            disk("10", 10_240, &[("autodeploy", "Auto Deploy repository (/storage/autodeploy)", 10_240)]),
            disk("11", 10_240, &[("imagebuilder", "Image Builder repository (/storage/imagebuilder)", 10_240)]),
            disk("12", 102_400, &[("updatemgr", "Update Manager repository (/storage/updatemgr)", 102_400)]),
            disk("13", 51_200, &[("archive", "vPostgres WAL archive (/storage/archive)", 51_200)]),
            disk("14", 10_240, &[("vtsdb", "Time series statistics (/storage/vtsdb)", 10_240)]),
            disk("15", 5_120, &[("vtsdblog", "Time series statistics logs (/storage/vtsdblog)", 5_120)]),
        ];
        Storage { data: Mutex::new(Data { disks, resizing: false }) }
    }

    /// An administrator enlarges disk `number` by `by_mb` in vSphere (the partitions stay as they are until a
    /// resize). False for an unknown disk.
    pub fn grow_disk(&self, number: &str, by_mb: i64) -> bool {
        let mut d = self.data.lock().unwrap();
        match d.disks.iter_mut().find(|d| d.number == number) {
            Some(disk) => {
                disk.capacity_mb += by_mb;
                true
            }
            None => false,
        }
    }

    /// The size of a partition in MB.
    pub fn partition_size(&self, name: &str) -> Option<i64> {
        let d = self.data.lock().unwrap();
        d.disks.iter().flat_map(|d| &d.partitions).find(|p| p.name == name).map(|p| p.size_mb)
    }

    /// Unallocated space on disk `number`, in MB.
    pub fn unallocated(&self, number: &str) -> Option<i64> {
        self.data.lock().unwrap().disks.iter().find(|d| d.number == number).map(Disk::unallocated)
    }

    fn list(&self) -> Vec<StorageMapping> {
        let d = self.data.lock().unwrap();
        d.disks
            .iter()
            .flat_map(|disk| {
                disk.partitions.iter().map(|p| StorageMapping {
                    disk: disk.number.to_string(),
                    partition: p.name.to_string(),
                    description: Some(LocalizableMessage {
                        id: format!("com.vmware.appliance.system.storage.partition.{}", p.name),
                        default_message: p.description.to_string(),
                        args: vec![],
                    }),
                })
            })
            .collect()
    }

    /// Starts a resize: refused while one runs.
    fn begin(&self) -> Result<(), SimError> {
        let mut d = self.data.lock().unwrap();
        if d.resizing {
            // `resize` and `resize_ex` document only `error`.
            return Err(SimError::error(
                "com.vmware.appliance.system.storage.resize.in_progress",
                "A resize of the partitions is already in progress; try again when it has finished.",
                &[],
            ));
        }
        d.resizing = true;
        Ok(())
    }

    /// Grows the last partition of every disk with unallocated space to fill it; ends the resize.
    fn finish(&self) -> VapiMap<String, StorageChange> {
        let mut d = self.data.lock().unwrap();
        d.resizing = false;
        let mut changes = Vec::new();
        for disk in &mut d.disks {
            let free = disk.unallocated();
            if free <= 0 {
                continue;
            }
            if let Some(p) = disk.partitions.last_mut() {
                changes.push((p.name.to_string(), StorageChange { old_size: p.size_mb, new_size: p.size_mb + free }));
                p.size_mb += free;
            }
        }
        VapiMap(changes)
    }

    /// Runs a resize to its end even if the caller goes away.
    async fn resize(state: &SimState) -> Result<VapiMap<String, StorageChange>, SimError> {
        state.storage.begin()?;
        let s = state.clone();
        let job = tokio::spawn(async move {
            tokio::time::sleep(RESIZE_TIME).await;
            s.storage.finish()
        });
        Ok(job.await.unwrap_or_default())
    }
}

pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/rest/appliance/system/storage", get(list).post(resize_ex))
        .route("/rest/appliance/system/storage/resize", post(resize))
}

async fn list(State(s): State<SimState>, _: Authed) -> Response {
    ok(s.storage.list())
}

async fn resize(State(s): State<SimState>, _: Authed) -> Result<Response, SimError> {
    Storage::resize(&s).await?;
    Ok(ok_void())
}

/// `?action=resize-ex`: the partitions grown, with their sizes before and after.
async fn resize_ex(State(s): State<SimState>, _: Authed, RawQuery(q): RawQuery) -> Result<Response, SimError> {
    if Query::parse(q.as_deref().unwrap_or("")).get("action") != Some("resize-ex") {
        return Err(SimError::no_operation("POST /rest/appliance/system/storage"));
    }
    Ok(ok(Storage::resize(&s).await?))
}
