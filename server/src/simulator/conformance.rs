//! Conformance to the API data (`app/api/operations.json`): every error the simulator answers must be one the
//! operation documents. The check runs on every request (a middleware in [`super::router`]); in strict mode
//! (the tests' simulator, and the browser tests' through `VCONSOLE_SIM_STRICT=1`) an undocumented answer is
//! replaced by a 500 that names the operation and the error, and is recorded in [`Violations`], so no test can
//! pass on it; otherwise it is logged.
//!
//! Errors raised by the vAPI endpoint itself, before any operation runs, are answered for every operation,
//! documented or not, as vCenter does: see [`framework_error`].

use axum::body::Body;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::{LazyLock, Mutex};

const API: &str = include_str!("../../../app/api/operations.json");

/// One documented operation: method, path template (`{param}` segments), its `~action`/`action`, its errors.
#[derive(Debug)]
pub struct Operation {
    /// The operation's name (`list_attached_tags`, `set` ...).
    pub name: String,
    pub method: String,
    pub path: String,
    /// Literal segments, or a parameter with the literal text before it (`id:{tag_id}` → `Param("id:")`).
    segments: Vec<Segment>,
    action: Option<String>,
    /// Documented error types, short names (`not_found`, `error` ...).
    pub errors: Vec<String>,
}

#[derive(Debug)]
enum Segment {
    Literal(String),
    Param(String),
}

impl Segment {
    fn matches(&self, part: &str) -> bool {
        match self {
            Segment::Literal(s) => s == part,
            Segment::Param(prefix) => part.len() > prefix.len() && part.starts_with(prefix.as_str()),
        }
    }
}

#[derive(Deserialize)]
struct ApiFile {
    operations: Vec<RawOperation>,
}

#[derive(Deserialize)]
struct RawOperation {
    name: String,
    method: String,
    path: String,
    errors: Vec<RawError>,
}

#[derive(Deserialize)]
struct RawError {
    #[serde(rename = "type")]
    kind: String,
}

pub static OPERATIONS: LazyLock<Vec<Operation>> = LazyLock::new(|| {
    let file: ApiFile = serde_json::from_str(API).expect("app/api/operations.json");
    file.operations
        .into_iter()
        .map(|o| {
            let (base, query) = o.path.split_once('?').unwrap_or((&o.path, ""));
            let action = query.split('&').find_map(|kv| kv.strip_prefix("~action=").or_else(|| kv.strip_prefix("action="))).map(str::to_string);
            let segments = base
                .split('/')
                .map(|s| match s.split_once('{') {
                    Some((prefix, _)) => Segment::Param(prefix.to_string()),
                    None => Segment::Literal(s.to_string()),
                })
                .collect();
            let errors = o.errors.iter().map(|e| e.kind.rsplit('.').next().unwrap_or_default().to_string()).collect();
            Operation { name: o.name, method: o.method, path: o.path.clone(), segments, action, errors }
        })
        .collect()
});

/// The documented operation a request calls: same method, same action, the path template with the most
/// literal segments that matches (`/vcenter/vm/{vm}/power/start` before `/vcenter/vm/{vm}/{x}/start`).
pub fn operation(method: &Method, path: &str, action: Option<&str>) -> Option<&'static Operation> {
    let parts: Vec<&str> = path.split('/').collect();
    OPERATIONS
        .iter()
        .filter(|o| o.method == method.as_str() && o.action.as_deref() == action && o.segments.len() == parts.len())
        .filter(|o| o.segments.iter().zip(&parts).all(|(s, p)| s.matches(p)))
        .max_by_key(|o| o.segments.iter().filter(|s| matches!(s, Segment::Literal(_))).count())
}

/// Errors of the vAPI endpoint, answered before (or instead of) the operation, whatever the operation
/// documents; the reason each is allowed:
/// - `unauthenticated`: no or an expired session id; every operation but login needs a session;
/// - `unauthorized` with `vapi.security.authorization.invalid`: the endpoint's privilege check (the user's
///   role lacks the operation's privilege), made before the operation runs; many operations leave it out of
///   their lists although every one is subject to it;
/// - `invalid_argument` from the type converter (`vapi.bindings.typeconverter.*`): a body that does not
///   decode as the operation's input.
pub fn framework_error(kind: &str, message_id: &str) -> bool {
    match kind {
        "unauthenticated" => true,
        "unauthorized" => message_id == super::roles::UNAUTHORIZED_ID,
        "invalid_argument" => message_id.starts_with("vapi.bindings.typeconverter."),
        _ => false,
    }
}

/// Appends `METHOD path` of an operation to the operation log (`VCONSOLE_SIM_OPLOG`) the first time this
/// process sees it called: the browser tests' consoles write one, and `make test` counts the operations the
/// tests exercised.
fn log_operation(path: &std::path::Path, op: &Operation) {
    use std::io::Write as _;
    static SEEN: std::sync::OnceLock<Mutex<std::collections::HashSet<(String, String)>>> = std::sync::OnceLock::new();
    let key = (op.method.to_string(), op.path.to_string());
    if !SEEN.get_or_init(Default::default).lock().unwrap().insert(key) {
        return;
    }
    // One write of the whole line to a file opened for appending: lines from several processes never mix.
    if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
        let _ = f.write_all(format!("{} {}\n", op.method, op.path).as_bytes());
    }
}

/// Undocumented answers seen so far (strict mode): `METHOD path: kind (message id)`.
#[derive(Default)]
pub struct Violations(Mutex<Vec<String>>);

impl Violations {
    pub fn list(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(rename = "type")]
    kind: String,
    value: Option<ErrorValue>,
}

#[derive(Deserialize)]
struct ErrorValue {
    #[serde(default)]
    messages: Vec<Message>,
}

#[derive(Deserialize)]
struct Message {
    id: String,
}

/// The documented operation a request calls, found once by [`check`] and left in the request's extensions
/// for the layers inside it (the privilege check, [`super::roles::check`]).
#[derive(Clone, Copy)]
pub struct Called(pub &'static Operation);

/// The middleware: finds the operation the request calls, passes successes through, and checks each vAPI
/// error against the operation's documented list.
pub async fn check(
    axum::extract::State(state): axum::extract::State<super::SimState>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let query = super::Query::parse(req.uri().query().unwrap_or(""));
    let action = query.get("~action").or_else(|| query.get("action"));
    let called = operation(req.method(), req.uri().path(), action);
    if let Some(op) = called {
        req.extensions_mut().insert(Called(op));
        if let Some(path) = &state.config.op_log {
            log_operation(path, op);
        }
    }
    let response = next.run(req).await;
    if response.status().is_success() {
        return response;
    }
    let Some(op) = called else {
        return response; // not an operation at all: `operationsForUrlNotFound`
    };
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap_or_default();
    let Ok(error) = serde_json::from_slice::<ErrorBody>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let kind = error.kind.rsplit('.').next().unwrap_or_default().to_string();
    let id = error.value.and_then(|v| v.messages.into_iter().next()).map(|m| m.id).unwrap_or_default();
    if op.errors.contains(&kind) || framework_error(&kind, &id) {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let what = format!("{} {}: {kind} ({id}) is not among the documented errors {:?}", op.method, op.path, op.errors);
    if !state.config.strict {
        tracing::warn!("simulator answers an undocumented error: {what}");
        return Response::from_parts(parts, Body::from(bytes));
    }
    state.violations.0.lock().unwrap().push(what.clone());
    let body = serde_json::json!({
        "type": "com.vmware.vapi.std.errors.internal_server_error",
        "value": { "messages": [{ "id": "vconsole.simulator.conformance", "default_message": format!("Simulator conformance: {what}."), "args": [] }] }
    });
    (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_find_their_operation() {
        let op = operation(&Method::POST, "/rest/appliance/networking/proxy/https", Some("test")).unwrap();
        assert_eq!(op.path, "/rest/appliance/networking/proxy/{protocol}?action=test");
        let op = operation(&Method::GET, "/rest/com/vmware/cis/tagging/tag/id:urn:vmomi:InventoryServiceTag:1:GLOBAL", None).unwrap();
        assert_eq!(op.path, "/rest/com/vmware/cis/tagging/tag/id:{tag_id}");
        assert!(operation(&Method::GET, "/rest/nothing/here", None).is_none());
        assert!(operation(&Method::POST, "/rest/appliance/networking/proxy/https", Some("nope")).is_none());
    }

    #[test]
    fn documented_errors_are_read() {
        let op = operation(&Method::PUT, "/rest/appliance/access/ssh", None).unwrap();
        assert_eq!(op.errors, vec!["error".to_string()]);
        assert_eq!(OPERATIONS.len(), 407);
    }
}
