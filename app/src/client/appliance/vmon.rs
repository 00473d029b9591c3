//! `appliance/vmon/service`: start, stop or restart by the operation's name (the page's one form).

use super::super::VcSession;
use crate::error::AppError;

impl VcSession {
    /// `start`, `stop` or `restart` a vMon service.
    pub async fn vmon_control(&self, service: &str, operation: &str) -> Result<(), AppError> {
        match operation {
            "start" => self.appliance_vmon_service_start(service).await,
            "stop" => self.appliance_vmon_service_stop(service).await,
            "restart" => self.appliance_vmon_service_restart(service).await,
            other => Err(AppError::invalid("operation", format!("{other:?} is not start, stop or restart"))),
        }
    }
}
