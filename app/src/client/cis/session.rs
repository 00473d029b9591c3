//! `cis/session`: create (HTTP basic auth, before any session exists, so not generated); get and delete are
//! the generated `cis_session_get` and `cis_session_delete`.

use super::super::{SessionId, VcClient, VcSession};
use crate::error::AppError;
use crate::vsphere::rest::Query;
use base64::Engine as _;

const PATH: &str = "/rest/com/vmware/cis/session";

impl VcClient {
    /// `POST /rest/com/vmware/cis/session` with HTTP basic auth: a new vCenter session.
    pub async fn login(&self, user: &str, password: &str) -> Result<VcSession, AppError> {
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        let req = self
            .inner
            .http
            .post(self.url(PATH, &Query::new()))
            .header("Authorization", format!("Basic {basic}"))
            .header("vmware-use-header-authn", "vconsole")
            .header("Accept", "application/json");
        let id: String = self.send(req).await?;
        Ok(self.session(SessionId::new(id)))
    }
}
