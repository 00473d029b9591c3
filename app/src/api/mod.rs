//! Server functions, one module per API area. Each is a thin adapter: check the console session, call the
//! typed client, return the model or an [`AppError`](crate::error::AppError).

pub mod appliance;
pub mod audit;
pub mod cis;
pub mod content;
pub mod coverage_table;
pub mod fields;
pub mod hvc;
pub mod team;
pub mod vapi;
pub mod vcenter;

use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::client::VcSession;
    use crate::error::{AppError, VapiErrorKind};
    use crate::state::{cookie_value, ConsoleState, Lookup, SESSION_COOKIE};
    use leptos::prelude::*;

    pub fn state() -> Result<ConsoleState, AppError> {
        use_context::<ConsoleState>().ok_or_else(|| AppError::Internal("console state missing from context".into()))
    }

    pub fn request_parts() -> Result<http::request::Parts, AppError> {
        use_context::<http::request::Parts>().ok_or_else(|| AppError::Internal("request missing from context".into()))
    }

    /// Back to the page the form was on (its `Referer`), following console job `id` there.
    pub fn back_to_job(id: &str) -> Result<(), AppError> {
        if let Some(back) = request_parts()?.headers.get(http::header::REFERER).and_then(|v| v.to_str().ok()) {
            leptos_axum::redirect(&crate::api::cis::tagging::with_job(back, id));
        }
        Ok(())
    }

    /// The console session id from the request's cookie.
    pub fn console_session_id() -> Option<String> {
        let parts = use_context::<http::request::Parts>()?;
        cookie_value(&parts.headers, SESSION_COOKIE).map(str::to_string)
    }

    /// The logged-in user's console session and its id, or `NotLoggedIn`.
    pub fn console_session() -> Result<(crate::state::ConsoleSession, String), AppError> {
        let state = state()?;
        let id = console_session_id().ok_or(AppError::NotLoggedIn { expired: false })?;
        match state.sessions.lookup(&id) {
            Lookup::Active(s) => Ok((s, id)),
            Lookup::Expired => Err(AppError::NotLoggedIn { expired: true }),
            Lookup::Missing => Err(AppError::NotLoggedIn { expired: false }),
        }
    }

    /// The logged-in user's vCenter session (on the vCenter they logged in to), or `NotLoggedIn`.
    pub fn vc_session() -> Result<(VcSession, String, String), AppError> {
        let (s, id) = console_session()?;
        // A session on a vCenter the console no longer manages (its options changed) is over.
        let vc = state()?.vcenters.session(&s).ok_or(AppError::NotLoggedIn { expired: true })?;
        Ok((vc, s.user, id))
    }

    /// Runs `f` in the user's vCenter session. When vCenter says the session is gone (unauthenticated), the
    /// console session is marked expired and the user is sent to log in again.
    pub async fn with_vc<T, F, Fut>(f: F) -> Result<T, AppError>
    where
        F: FnOnce(VcSession) -> Fut,
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        let (vc, _user, id) = vc_session()?;
        match f(vc).await {
            Err(e) if e.is(VapiErrorKind::Unauthenticated) => {
                state()?.sessions.expire(&id);
                Err(AppError::NotLoggedIn { expired: true })
            }
            other => other,
        }
    }

    /// Keeps a secret the user typed (a password a next form needs again) in their console session on the
    /// server, for a few minutes: never sent to the browser (the kept-result function refuses these keys).
    pub fn keep_secret(key: &str, value: &str) -> Result<(), AppError> {
        let id = console_session_id().ok_or(AppError::NotLoggedIn { expired: false })?;
        state()?.sessions.keep_message(&id, &format!("{}{key}", super::SECRET), value.to_string());
        Ok(())
    }

    /// The secret kept under `key` (see [`keep_secret`]).
    pub fn kept_secret(key: &str) -> Option<String> {
        let id = console_session_id()?;
        state().ok()?.sessions.message(&id, &format!("{}{key}", super::SECRET))
    }

    /// Keeps `value` as the result of the form `key` (its server function's path) for the page the form's
    /// POST returns to: the page shows it while its URL says `?done=<key>` (see [`super::kept_result`]).
    pub fn keep_result<T: serde::Serialize>(key: &str, value: &T) -> Result<(), AppError> {
        let id = console_session_id().ok_or(AppError::NotLoggedIn { expired: false })?;
        let json = serde_json::to_string(value).map_err(|e| AppError::Internal(e.to_string()))?;
        state()?.sessions.keep_message(&id, key, json);
        Ok(())
    }
}

/// The result a form's POST kept for the page it returned to (`key` is the form's server function path),
/// as JSON; None when there is none (expired, another session's, never run). Reading it changes nothing.
#[server(prefix = "/api", endpoint = "console/kept-result")]
pub async fn get_kept_result(key: String) -> Result<Option<String>, crate::error::AppError> {
    let (_, _, id) = ssr::vc_session()?;
    if key.starts_with(SECRET) {
        return Ok(None);
    }
    Ok(ssr::state()?.sessions.message(&id, &key))
}

/// The prefix of kept secrets' keys (see `ssr::keep_secret`).
pub const SECRET: &str = "secret:";

/// The result kept under `key` (see [`ssr::keep_result`]), decoded; None when there is none.
pub async fn kept<T: serde::de::DeserializeOwned>(key: String) -> Result<Option<T>, crate::error::AppError> {
    match get_kept_result(key).await? {
        Some(json) => serde_json::from_str(&json).map(Some).map_err(|e| crate::error::AppError::Internal(e.to_string())),
        None => Ok(None),
    }
}

/// A form's kept result, shown while the page's URL says `?done=<key>`: `done` is that query value. Reads
/// nothing otherwise.
pub async fn kept_result<T: serde::de::DeserializeOwned>(key: &'static str, done: Option<String>) -> Result<Option<T>, crate::error::AppError> {
    if done.as_deref() != Some(key) {
        return Ok(None);
    }
    kept(key.to_string()).await
}
