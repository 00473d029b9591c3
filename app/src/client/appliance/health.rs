//! `appliance/health`: each subsystem's level by name, from one table the pages share.

use super::super::VcSession;
use crate::error::AppError;

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
    /// The level of `system` or one of [`HEALTH_ITEMS`], as sent (`green`, `yellow`, `orange`, `red`, `gray`,
    /// or a value a newer vCenter adds).
    pub async fn health(&self, item: &str) -> Result<String, AppError> {
        Ok(match item {
            "system" => self.appliance_health_system_get().await?.as_str().to_string(),
            "load" => self.appliance_health_load_get().await?.as_str().to_string(),
            "mem" => self.appliance_health_mem_get().await?.as_str().to_string(),
            "storage" => self.appliance_health_storage_get().await?.as_str().to_string(),
            "swap" => self.appliance_health_swap_get().await?.as_str().to_string(),
            "database-storage" => self.appliance_health_databasestorage_get().await?.as_str().to_string(),
            "applmgmt" => self.appliance_health_applmgmt_get().await?,
            "software-packages" => self.appliance_health_softwarepackages_get().await?.as_str().to_string(),
            other => return Err(AppError::invalid("item", format!("{other:?} is not a health item"))),
        })
    }
}
