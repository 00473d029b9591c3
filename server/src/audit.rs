//! The audit layer: around every call of a server function that acts (`POST /api/…`, but not the reads of
//! [`app::audit::READS`]) and every upload into a library item, it writes one [`AuditEntry`]: who (the console session's user; a login's name as typed), the
//! operation, the form's fields that say what it acted on (never a secret: [`app::audit::target_fields`]) and
//! the outcome, read from the answer — a refusal comes back as a redirect carrying `__err` (a form posted
//! without JavaScript) or as an error status with the error as JSON (with JavaScript).

use app::audit::server::AuditLog;
use app::audit::{target_fields, AuditEntry};
use app::state::{cookie_value, Lookup, SessionStore, VCenters, SESSION_COOKIE};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// What the layer needs: where sessions are, where entries go, and the vCenters (a login's entry names the
/// one chosen).
#[derive(Clone)]
pub struct Audit {
    pub sessions: Arc<dyn SessionStore>,
    pub log: Arc<dyn AuditLog>,
    pub vcenters: VCenters,
}

/// The largest form body read: axum's own limit for a request body (2 MB), which refuses a larger one anyway.
/// (Uploads are not read here: they stream.)
const FORM_LIMIT: usize = 2 << 20;

/// The time now, RFC 3339 in UTC to the millisecond.
fn now() -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    time::OffsetDateTime::now_utc().format(&format).unwrap_or_default()
}

/// An error as the console says it: a server function's `AppError` (JSON, or base64 of it as server_fn puts
/// it in a redirect's `__err`) in words, else the text itself.
fn error_words(raw: &str) -> String {
    use base64::Engine as _;
    let decoded = [base64::engine::general_purpose::STANDARD, base64::engine::general_purpose::URL_SAFE]
        .iter()
        .find_map(|e| e.decode(raw.trim()).ok())
        .and_then(|b| String::from_utf8(b).ok());
    [Some(raw.to_string()), decoded]
        .into_iter()
        .flatten()
        .find_map(|text| serde_json::from_str::<app::error::AppError>(&text).ok())
        .map(|e| e.to_string())
        .unwrap_or_else(|| raw.to_string())
}

pub async fn record(State(audit): State<Audit>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let upload = path == app::api::content::transfer::UPLOAD_PATH;
    // A server function that only reads is not an action ([`app::audit::READS`]).
    if req.method() != Method::POST || !(upload || path.strip_prefix("/api/").is_some_and(app::audit::is_action)) {
        return next.run(req).await;
    }
    let operation = if upload { "content/library/item/updatesession/file/upload".to_string() } else { path.trim_start_matches("/api/").to_string() };
    let session = cookie_value(req.headers(), SESSION_COOKIE).map(|id| audit.sessions.lookup(id));
    let login = path == "/api/cis/session/login";
    let (mut user, mut vcenter) = match session {
        Some(Lookup::Active(s)) => (s.user, s.vcenter),
        // Without a console session a server function refuses (NotLoggedIn) and nothing happens: not an
        // action, and not something anyone may fill the log with. A login is one.
        _ if !login => return next.run(req).await,
        _ => (String::new(), String::new()),
    };
    // The form's fields (an upload's are streamed on, not read here).
    let form = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    let (req, target) = if form && !upload {
        let (parts, body) = req.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, FORM_LIMIT).await else {
            return (axum::http::StatusCode::PAYLOAD_TOO_LARGE, "The form is larger than the console takes.").into_response();
        };
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(&bytes).into_owned().collect();
        // A login names its user in the form (as the entry's user, not its target).
        // A login names its user and its vCenter in the form (the entry's user and vCenter, not its target).
        if login && user.is_empty() {
            user = pairs.iter().find(|(k, _)| k == "username").map(|(_, v)| app::audit::cut(v.trim())).unwrap_or_default();
            let chosen = pairs.iter().find(|(k, _)| k == "vcenter").map(|(_, v)| v.as_str());
            vcenter = match audit.vcenters.chosen(chosen) {
                Some(v) => v.info.name.clone(),
                None => app::audit::cut(chosen.unwrap_or_default()),
            };
        }
        (Request::from_parts(parts, Body::from(bytes)), target_fields(pairs.into_iter().filter(|(k, _)| !(login && (k == "username" || k == "vcenter")))))
    } else {
        let query = req.uri().query().map(|q| url::form_urlencoded::parse(q.as_bytes()).into_owned().collect::<Vec<_>>()).unwrap_or_default();
        (req, target_fields(query))
    };
    let res = next.run(req).await;
    let status = res.status();
    let (res, outcome, error) = if status.is_redirection() {
        let location = res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let query = location.split_once('?').map_or("", |(_, q)| q.split('#').next().unwrap_or(""));
        let err = url::form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "__err").map(|(_, v)| error_words(&v));
        (res, if err.is_some() { "refused" } else { "ok" }, err)
    } else if status.is_client_error() || status.is_server_error() {
        let (parts, body) = res.into_parts();
        let bytes = axum::body::to_bytes(body, 256 * 1024).await.unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes).to_string();
        let why = if text.trim().is_empty() { format!("HTTP {}", status.as_u16()) } else { error_words(&text) };
        (Response::from_parts(parts, Body::from(bytes)), "refused", Some(why))
    } else {
        (res, "ok", None)
    };
    let error = error.map(|e| app::audit::cut(&e));
    audit.log.record(AuditEntry { time: now(), user, vcenter, operation, target, outcome: outcome.to_string(), error });
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn errors_read_as_words() {
        let e = app::error::AppError::invalid("hostname", "The appliance is already named vc: nothing to change.");
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(super::error_words(&json), e.to_string());
        use base64::Engine as _;
        assert_eq!(super::error_words(&base64::engine::general_purpose::STANDARD.encode(&json)), e.to_string(), "as a redirect's __err carries it");
        assert_eq!(super::error_words("plain words"), "plain words");
    }

    #[test]
    fn times_are_utc_to_the_millisecond() {
        let t = super::now();
        assert!(t.ends_with('Z') && t.len() == "2026-12-02T12:00:00.123Z".len(), "{t}");
    }
}
