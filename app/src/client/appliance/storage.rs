//! `appliance/system/storage`: the disk-to-partition map, and growing partitions into enlarged disks.

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::appliance::system::storage::{StorageChange, StorageMapping};
use crate::vsphere::rest::{Query, VapiMap};

impl VcSession {
    /// `GET /rest/appliance/system/storage`: which disk holds which partition.
    pub async fn storage_list(&self) -> Result<Vec<StorageMapping>, AppError> {
        self.get("/rest/appliance/system/storage", &Query::new()).await
    }

    /// `POST /rest/appliance/system/storage/resize`: grows every partition to fill its disk.
    pub async fn storage_resize(&self) -> Result<(), AppError> {
        self.post("/rest/appliance/system/storage/resize", None::<&()>).await
    }

    /// `POST /rest/appliance/system/storage?action=resize-ex`: like resize; answers the partitions grown,
    /// partition → sizes before and after in MB (empty when nothing had room to grow).
    pub async fn storage_resize_ex(&self) -> Result<VapiMap<String, StorageChange>, AppError> {
        self.post("/rest/appliance/system/storage?action=resize-ex", None::<&()>).await
    }
}
