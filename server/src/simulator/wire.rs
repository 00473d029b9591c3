//! The `/rest` wire format on the simulator's side: `{"value": …}` results, vAPI error bodies with vCenter's
//! statuses, and the session check every authenticated operation goes through.

use super::SimState;
use app::vsphere::rest::VapiErrorKind;
use axum::extract::FromRequestParts;
use axum::http::{request::Parts, StatusCode, Uri, Method};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::json;

/// A vAPI error as vCenter sends it.
#[derive(Debug)]
pub struct SimError {
    pub kind: VapiErrorKind,
    pub id: String,
    pub message: String,
    pub args: Vec<String>,
}

impl SimError {
    pub fn new(kind: VapiErrorKind, id: &str, message: impl Into<String>, args: &[&str]) -> Self {
        SimError { kind, id: id.into(), message: message.into(), args: args.iter().map(|s| s.to_string()).collect() }
    }

    /// 404 `operationsForUrlNotFound`: nothing answers this method, path or action.
    pub fn no_operation(what: &str) -> Self {
        Self::new(VapiErrorKind::NotFound, "com.vmware.vapi.rest.operationsForUrlNotFound", format!("No operation found for {what}."), &[])
    }

    pub fn unauthenticated() -> Self {
        Self::new(VapiErrorKind::Unauthenticated, "com.vmware.vapi.endpoint.method.authentication.required", "Authentication required.", &[])
    }

    /// An unknown object id: 404 `not_found`, naming the id.
    pub fn not_found(what: &str, id: &str) -> Self {
        Self::new(VapiErrorKind::NotFound, "com.vmware.vapi.std.errors.not_found", format!("{what} with identifier '{id}' was not found."), &[id])
    }

    /// `com.vmware.vapi.std.errors.error`: the appliance API's answer when the input breaks one of the
    /// operation's rules and the operation documents no more specific error (most `appliance/*` operations
    /// list only this one).
    pub fn error(id: &str, message: impl Into<String>, args: &[&str]) -> Self {
        Self::new(VapiErrorKind::Error, id, message, args)
    }

    pub fn invalid_argument(id: &str, message: impl Into<String>, args: &[&str]) -> Self {
        Self::new(VapiErrorKind::InvalidArgument, id, message, args)
    }
}

impl IntoResponse for SimError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.kind.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
        let body = json!({
            "type": self.kind.type_name(),
            "value": { "messages": [{ "args": self.args, "default_message": self.message, "id": self.id }] }
        });
        (status, Json(body)).into_response()
    }
}

/// A request body that does not fit the operation: `invalid_argument`, as vCenter's type converter answers.
pub fn bad_body(e: serde_json::Error) -> SimError {
    SimError::invalid_argument("vapi.bindings.typeconverter.invalid.body", format!("The request body is not valid for this operation: {e}."), &[])
}

/// Reads a JSON request body.
pub fn body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, SimError> {
    serde_json::from_slice(bytes).map_err(bad_body)
}

/// `{"value": v}`
pub fn ok<T: Serialize>(value: T) -> Response {
    Json(json!({ "value": value })).into_response()
}

/// A void operation: 200 with an empty body.
pub fn ok_void() -> Response {
    StatusCode::OK.into_response()
}

/// Unknown path or method.
pub async fn operation_not_found(method: Method, uri: Uri) -> SimError {
    SimError::no_operation(&format!("{method} {}", uri.path()))
}

/// A request that carried a live session id (`vmware-api-session-id`); holds the session's user.
pub struct Authed {
    pub user: String,
    pub session_id: String,
}

impl FromRequestParts<SimState> for Authed {
    type Rejection = SimError;

    async fn from_request_parts(parts: &mut Parts, state: &SimState) -> Result<Self, Self::Rejection> {
        let id = parts
            .headers
            .get("vmware-api-session-id")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(SimError::unauthenticated)?;
        let user = state.sessions.touch(id).ok_or_else(SimError::unauthenticated)?;
        Ok(Authed { user, session_id: id.to_string() })
    }
}
