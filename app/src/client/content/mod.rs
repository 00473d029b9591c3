//! `content/*` transfers: the bytes of library item files, streamed to the upload endpoint an update session
//! hands out and from the download endpoint a download session hands out. Every other content call is the
//! generated one (`content_library_item_update_session_create`, …).
//!
//! An endpoint's address is vCenter's own answer; only its path and query are used, sent to the vCenter this
//! client is configured for (its TLS pinning applies), so the session id never goes to another host.

use super::VcSession;
use crate::error::AppError;
use std::time::Duration;

/// The longest one file transfer may take (a DVD image over a slow link); there is no shorter overall limit,
/// as a large file takes as long as it takes.
pub const TRANSFER_TIMEOUT: Duration = Duration::from_secs(6 * 60 * 60);

impl VcSession {
    /// The address on this vCenter of a transfer endpoint vCenter handed out.
    pub fn transfer_url(&self, endpoint: &str) -> Result<String, AppError> {
        let parsed = reqwest::Url::parse(endpoint).map_err(|e| AppError::Decode(format!("transfer endpoint {endpoint:?}: {e}")))?;
        let mut url = format!("{}{}", self.client().base_url(), parsed.path());
        if let Some(q) = parsed.query() {
            url.push('?');
            url.push_str(q);
        }
        Ok(url)
    }

    /// `PUT <upload endpoint>`: streams `body` (of `len` bytes, when known) to a file of an update session.
    pub async fn upload_file(&self, endpoint: &str, body: reqwest::Body, len: Option<u64>) -> Result<(), AppError> {
        let mut req = self
            .client()
            .http()
            .put(self.transfer_url(endpoint)?)
            .header("vmware-api-session-id", self.id().expose())
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .timeout(TRANSFER_TIMEOUT)
            .body(body);
        if let Some(n) = len {
            req = req.header(reqwest::header::CONTENT_LENGTH, n);
        }
        let res = req.send().await.map_err(super::transport_error)?;
        let status = res.status();
        if status.is_success() {
            return Ok(());
        }
        let body = res.bytes().await.unwrap_or_default();
        Err(super::vapi_error(status, &body))
    }

    /// `GET <download endpoint>`: the response, its body not yet read (the caller streams it on).
    pub async fn download_file(&self, endpoint: &str) -> Result<reqwest::Response, AppError> {
        let res = self
            .client()
            .http()
            .get(self.transfer_url(endpoint)?)
            .header("vmware-api-session-id", self.id().expose())
            .timeout(TRANSFER_TIMEOUT)
            .send()
            .await
            .map_err(super::transport_error)?;
        let status = res.status();
        if status.is_success() {
            return Ok(res);
        }
        let body = res.bytes().await.unwrap_or_default();
        Err(super::vapi_error(status, &body))
    }
}
