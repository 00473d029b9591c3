//! `cis/session`: create (basic auth), get, delete.

use super::super::{SessionId, VcClient, VcSession};
use crate::error::AppError;
use crate::vsphere::models::cis::session::Info;
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

impl VcSession {
    /// `POST /rest/com/vmware/cis/session?~action=get`: who this session is.
    pub async fn info(&self) -> Result<Info, AppError> {
        self.post(&format!("{PATH}?~action=get"), None::<&()>).await
    }

    /// `DELETE /rest/com/vmware/cis/session`: ends this session on vCenter.
    pub async fn logout(&self) -> Result<(), AppError> {
        self.delete(PATH).await
    }
}
