//! `vcenter/services`: start, stop or restart by name of the operation; and a datastore's default policy.

use super::super::VcSession;
use crate::error::AppError;

impl VcSession {
    /// A datastore's default storage policy (`vcenter/datastore/default-policy`), None when it has none: the
    /// operation's result is optional although the API data types it as a plain string, so this reads it as
    /// such rather than through the generated call.
    pub async fn datastore_default_policy(&self, datastore: &str) -> Result<Option<String>, AppError> {
        let path = format!("/rest/vcenter/datastore/{}/default-policy", crate::vsphere::rest::encode_component(datastore));
        self.call(reqwest::Method::GET, &path, &crate::vsphere::rest::Query::new(), None::<&()>).await
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
