//! `vcenter/services`: start, stop or restart by name of the operation; and a datastore's default policy.

use super::super::VcSession;
use crate::error::AppError;

impl VcSession {
    /// A datastore's default storage policy (`vcenter/datastore/default-policy`), None when it has none: the
    /// operation's result is optional although the API data types it as a plain string, so the generated call's
    /// null answer is read as none.
    pub async fn datastore_default_policy(&self, datastore: &str) -> Result<Option<String>, AppError> {
        super::super::null_as_none(self.vcenter_datastore_default_policy_get(datastore).await)
    }

    pub async fn vcenter_services_control(&self, service: &str, operation: &str) -> Result<(), AppError> {
        match operation {
            "start" => self.vcenter_services_service_start(service).await,
            "stop" => self.vcenter_services_service_stop(service).await,
            "restart" => self.vcenter_services_service_restart(service).await,
            other => Err(AppError::invalid("operation", format!("{other:?} is not start, stop or restart"))),
        }
    }
}
