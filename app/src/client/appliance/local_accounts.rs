//! `appliance/local-accounts`: the appliance's local user accounts and the global password policy.

use super::super::VcSession;
use crate::error::AppError;
use crate::vsphere::models::appliance::local_accounts::{policy, Config, Info, UpdateConfig};
use crate::vsphere::rest::{encode_component, Query};
use serde_json::json;

fn account_path(username: &str) -> String {
    format!("/rest/appliance/local-accounts/{}", encode_component(username))
}

impl VcSession {
    /// `GET /rest/appliance/local-accounts`: the user names.
    pub async fn local_accounts_list(&self) -> Result<Vec<String>, AppError> {
        self.get("/rest/appliance/local-accounts", &Query::new()).await
    }

    /// `GET /rest/appliance/local-accounts/{username}` (never the password).
    pub async fn local_account_get(&self, username: &str) -> Result<Info, AppError> {
        self.get(&account_path(username), &Query::new()).await
    }

    /// `POST /rest/appliance/local-accounts/{username}` with `{"config": …}`.
    pub async fn local_account_create(&self, username: &str, config: &Config) -> Result<(), AppError> {
        self.post::<()>(&account_path(username), Some(&json!({ "config": config }))).await
    }

    /// `PUT /rest/appliance/local-accounts/{username}`: replaces the whole configuration (password included).
    pub async fn local_account_set(&self, username: &str, config: &Config) -> Result<(), AppError> {
        self.put(&account_path(username), &json!({ "config": config })).await
    }

    /// `PATCH /rest/appliance/local-accounts/{username}`: changes only the fields given.
    pub async fn local_account_update(&self, username: &str, config: &UpdateConfig) -> Result<(), AppError> {
        self.patch(&account_path(username), &json!({ "config": config })).await
    }

    /// `DELETE /rest/appliance/local-accounts/{username}`
    pub async fn local_account_delete(&self, username: &str) -> Result<(), AppError> {
        self.delete(&account_path(username)).await
    }

    /// `GET /rest/appliance/local-accounts/global-policy`
    pub async fn local_accounts_policy_get(&self) -> Result<policy::Info, AppError> {
        self.get("/rest/appliance/local-accounts/global-policy", &Query::new()).await
    }

    /// `PUT /rest/appliance/local-accounts/global-policy` with `{"policy": …}`.
    pub async fn local_accounts_policy_set(&self, policy: &policy::Info) -> Result<(), AppError> {
        self.put("/rest/appliance/local-accounts/global-policy", &json!({ "policy": policy })).await
    }
}
