//! `appliance/shutdown`: the pending shutdown, reboot, power off, cancel.

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::appliance::shutdown::ShutdownConfig;
use crate::vsphere::rest::Query;
use serde_json::json;

impl VcSession {
    /// `GET /rest/appliance/shutdown`: the pending shutdown (`action` empty when none).
    pub async fn shutdown_get(&self) -> Result<ShutdownConfig, AppError> {
        self.get("/rest/appliance/shutdown", &Query::new()).await
    }

    /// `POST /rest/appliance/shutdown/reboot`: after `delay` minutes (0: now).
    pub async fn shutdown_reboot(&self, delay: i64, reason: &str) -> Result<(), AppError> {
        self.post("/rest/appliance/shutdown/reboot", Some(&json!({ "delay": delay, "reason": reason }))).await
    }

    /// `POST /rest/appliance/shutdown/poweroff`: after `delay` minutes (0: now).
    pub async fn shutdown_poweroff(&self, delay: i64, reason: &str) -> Result<(), AppError> {
        self.post("/rest/appliance/shutdown/poweroff", Some(&json!({ "delay": delay, "reason": reason }))).await
    }

    /// `POST /rest/appliance/shutdown/cancel`
    pub async fn shutdown_cancel(&self) -> Result<(), AppError> {
        self.post("/rest/appliance/shutdown/cancel", None::<&()>).await
    }
}
