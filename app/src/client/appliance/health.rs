//! `appliance/health`: overall and per-subsystem health, last check, messages.

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::appliance::Notification;
use crate::vsphere::rest::Query;

/// The health subsystems `GET /rest/appliance/health/{item}` serves, with the words the console shows.
pub const HEALTH_ITEMS: &[(&str, &str)] = &[
    ("load", "CPU load"),
    ("mem", "Memory"),
    ("storage", "Storage"),
    ("swap", "Swap"),
    ("database-storage", "Database storage"),
    ("applmgmt", "Appliance management"),
    ("software-packages", "Software packages"),
];

impl VcSession {
    /// `GET /rest/appliance/health/{item}`: `system`, or one of [`HEALTH_ITEMS`]. The level as sent
    /// (`green`, `yellow`, `orange`, `red`, `gray`, or a value a newer vCenter adds).
    pub async fn health(&self, item: &str) -> Result<String, AppError> {
        self.get(&format!("/rest/appliance/health/{item}"), &Query::new()).await
    }

    /// `GET /rest/appliance/health/system/lastcheck`
    pub async fn health_lastcheck(&self) -> Result<String, AppError> {
        self.get("/rest/appliance/health/system/lastcheck", &Query::new()).await
    }

    /// `GET /rest/appliance/health/{item}/messages`
    pub async fn health_messages(&self, item: &str) -> Result<Vec<Notification>, AppError> {
        self.get(&format!("/rest/appliance/health/{item}/messages"), &Query::new()).await
    }
}
