//! `appliance/timesync`: the time synchronization mode.

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::appliance::timesync::TimeSyncMode;
use crate::vsphere::rest::Query;
use serde_json::json;

impl VcSession {
    /// `GET /rest/appliance/timesync`
    pub async fn timesync_get(&self) -> Result<TimeSyncMode, AppError> {
        self.get("/rest/appliance/timesync", &Query::new()).await
    }

    /// `PUT /rest/appliance/timesync`
    pub async fn timesync_set(&self, mode: &TimeSyncMode) -> Result<(), AppError> {
        self.put("/rest/appliance/timesync", &json!({ "mode": mode })).await
    }
}
