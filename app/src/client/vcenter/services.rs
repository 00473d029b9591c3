//! `vcenter/services`: start, stop or restart by name of the operation.

use super::super::VcSession;
use crate::error::AppError;

impl VcSession {
    pub async fn vcenter_services_control(&self, service: &str, operation: &str) -> Result<(), AppError> {
        match operation {
            "start" => self.vcenter_services_service_start(service).await,
            "stop" => self.vcenter_services_service_stop(service).await,
            "restart" => self.vcenter_services_service_restart(service).await,
            other => Err(AppError::invalid("operation", format!("{other:?} is not start, stop or restart"))),
        }
    }
}
