//! `appliance/update`: the update state and its task, the policy, pending updates (list, details, precheck,
//! validate, stage, install, stage-and-install), the staged update, cancel.

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::appliance::update::{pending, policy, staged, Info, Summary};
use crate::vsphere::models::appliance::Notifications;
use crate::vsphere::rest::{encode_component, Query, VapiMap};
use serde_json::json;

/// `/rest/appliance/update/pending/{version}` with the version percent-encoded.
fn pending_path(version: &str, action: Option<&str>) -> String {
    let base = format!("/rest/appliance/update/pending/{}", encode_component(version));
    match action {
        Some(a) => format!("{base}?action={a}"),
        None => base,
    }
}

impl VcSession {
    /// `GET /rest/appliance/update`: the state, the version it concerns, the running or last task.
    pub async fn update_get(&self) -> Result<Info, AppError> {
        self.get("/rest/appliance/update", &Query::new()).await
    }

    /// `POST /rest/appliance/update?action=cancel`: stops the running stage or install, when it still can be.
    pub async fn update_cancel(&self) -> Result<(), AppError> {
        self.post("/rest/appliance/update?action=cancel", None::<&()>).await
    }

    /// `GET /rest/appliance/update/policy`
    pub async fn update_policy_get(&self) -> Result<policy::Info, AppError> {
        self.get("/rest/appliance/update/policy", &Query::new()).await
    }

    /// `PUT /rest/appliance/update/policy`
    pub async fn update_policy_set(&self, policy: &policy::Config) -> Result<(), AppError> {
        self.put("/rest/appliance/update/policy", &json!({ "policy": policy })).await
    }

    /// `GET /rest/appliance/update/pending?source_type=…&url=…`: `LAST_CHECK`, `LOCAL` or `LOCAL_AND_ONLINE`;
    /// `url` checks that repository instead of the configured one.
    pub async fn update_pending_list(&self, source_type: &str, url: Option<&str>) -> Result<Vec<Summary>, AppError> {
        let q = Query::new().opt("source_type", Some(source_type)).opt("url", url);
        self.get("/rest/appliance/update/pending", &q).await
    }

    /// `GET /rest/appliance/update/pending/{version}`
    pub async fn update_pending_get(&self, version: &str) -> Result<pending::Info, AppError> {
        self.get(&pending_path(version, None), &Query::new()).await
    }

    /// `POST /rest/appliance/update/pending/{version}?action=precheck`: issues and the questions the install
    /// asks. (The API data lists no `value` wrapper for this result; vCenter's `/rest` endpoint wraps every
    /// result, and so does the simulator.)
    pub async fn update_precheck(&self, version: &str) -> Result<pending::PrecheckResult, AppError> {
        self.post(&pending_path(version, Some("precheck")), None::<&()>).await
    }

    /// `POST /rest/appliance/update/pending/{version}?action=validate`: the issues found with these answers.
    pub async fn update_validate(&self, version: &str, user_data: &VapiMap<String, String>) -> Result<Notifications, AppError> {
        self.post(&pending_path(version, Some("validate")), Some(&json!({ "user_data": user_data }))).await
    }

    /// `POST /rest/appliance/update/pending/{version}?action=stage`: starts downloading the update.
    pub async fn update_stage(&self, version: &str) -> Result<(), AppError> {
        self.post(&pending_path(version, Some("stage")), None::<&()>).await
    }

    /// `POST /rest/appliance/update/pending/{version}?action=install`: starts installing a staged update.
    pub async fn update_install(&self, version: &str, user_data: &VapiMap<String, String>) -> Result<(), AppError> {
        self.post(&pending_path(version, Some("install")), Some(&json!({ "user_data": user_data }))).await
    }

    /// `POST /rest/appliance/update/pending/{version}?action=stage-and-install`
    pub async fn update_stage_and_install(&self, version: &str, user_data: &VapiMap<String, String>) -> Result<(), AppError> {
        self.post(&pending_path(version, Some("stage-and-install")), Some(&json!({ "user_data": user_data }))).await
    }

    /// `GET /rest/appliance/update/staged`: `not_allowed_in_current_state` when nothing is staged.
    pub async fn update_staged_get(&self) -> Result<staged::Info, AppError> {
        self.get("/rest/appliance/update/staged", &Query::new()).await
    }

    /// `DELETE /rest/appliance/update/staged`
    pub async fn update_staged_delete(&self) -> Result<(), AppError> {
        self.delete("/rest/appliance/update/staged").await
    }
}
