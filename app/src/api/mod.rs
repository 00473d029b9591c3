//! Server functions, one module per API area. Each is a thin adapter: check the console session, call the
//! typed client, return the model or an [`AppError`](crate::error::AppError).

pub mod appliance;
pub mod cis;
pub mod vcenter;

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

    /// The console session id from the request's cookie.
    pub fn console_session_id() -> Option<String> {
        let parts = use_context::<http::request::Parts>()?;
        cookie_value(&parts.headers, SESSION_COOKIE).map(str::to_string)
    }

    /// The logged-in user's vCenter session, or `NotLoggedIn`.
    pub fn vc_session() -> Result<(VcSession, String, String), AppError> {
        let state = state()?;
        let id = console_session_id().ok_or(AppError::NotLoggedIn { expired: false })?;
        match state.sessions.lookup(&id) {
            Lookup::Active(s) => Ok((state.client.session(s.vc), s.user, id)),
            Lookup::Expired => Err(AppError::NotLoggedIn { expired: true }),
            Lookup::Missing => Err(AppError::NotLoggedIn { expired: false }),
        }
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
}
