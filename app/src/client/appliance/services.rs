//! `appliance/services`: start, stop or restart by the operation's name (the page's one form).

use super::super::VcSession;
use crate::error::AppError;

impl VcSession {
    /// `start`, `stop` or `restart` an appliance service.
    pub async fn services_control(&self, service: &str, operation: &str) -> Result<(), AppError> {
        match operation {
            "start" => self.appliance_services_start(service).await,
            "stop" => self.appliance_services_stop(service).await,
            "restart" => self.appliance_services_restart(service).await,
            other => Err(AppError::invalid("operation", format!("{other:?} is not start, stop or restart"))),
        }
    }
}
