//! The app's one error type. The vCenter client returns it, server functions return it (it is their
//! `FromServerFnError`), and pages render it with [`AppError::title`] and [`AppError::details`].

use serde::{Deserialize, Serialize};
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};

pub use crate::vsphere::rest::VapiErrorKind;

/// One message of a vAPI error (`vapi.std.localizable_message`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VapiMessage {
    pub id: String,
    pub default_message: String,
    #[serde(default, deserialize_with = "crate::vsphere::rest::null_as_default")]
    pub args: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// vCenter answered with a vAPI error.
    #[error("{}", vapi_text(kind, messages))]
    Vapi { kind: VapiErrorKind, status: u16, messages: Vec<VapiMessage> },
    /// vCenter could not be reached (connection refused, DNS, reset).
    #[error("vCenter could not be reached: {0}")]
    Transport(String),
    /// vCenter did not answer in time.
    #[error("vCenter did not answer in time ({0})")]
    Timeout(String),
    /// The TLS handshake failed: certificate not trusted, thumbprint mismatch.
    #[error("vCenter's certificate was refused: {0}")]
    Tls(String),
    /// vCenter's answer could not be read (malformed JSON, unexpected shape).
    #[error("vCenter sent an answer the console cannot read: {0}")]
    Decode(String),
    /// No console session, or it expired.
    #[error("{}", if *expired { "Your session has expired. Please log in again." } else { "Please log in." })]
    NotLoggedIn { expired: bool },
    /// Login refused; carries the user name typed, so a form re-rendered without JavaScript keeps it.
    #[error("{message}")]
    Login {
        user: String,
        message: String,
        /// The vCenter chosen (when the console manages several), kept for the form.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        vcenter: Option<String>,
    },
    /// Input refused before anything was sent: `field` is the input's name (a form marks that input), and
    /// `message` says in words what is wrong, whole on its own (it is shown without the field's name).
    #[error("{message}")]
    Invalid { field: String, message: String },
    /// The request was refused by the console itself (origin check, rate limit).
    #[error("{0}")]
    Refused(String),
    /// A failure inside the console or of the server-function transport.
    #[error("{0}")]
    Internal(String),
    /// A form's submission failed: the error, with the values as typed, so a page rendered again without
    /// JavaScript can show the form as the user left it.
    #[error("{error}")]
    Form { error: Box<AppError>, input: Vec<(String, String)> },
}

fn vapi_text(kind: &VapiErrorKind, messages: &[VapiMessage]) -> String {
    let head = match kind {
        VapiErrorKind::NotFound => "Not found",
        VapiErrorKind::AlreadyExists => "Already exists",
        VapiErrorKind::InvalidArgument => "Invalid value",
        VapiErrorKind::Unauthenticated => "Not authenticated",
        VapiErrorKind::Unauthorized => "Permission denied",
        VapiErrorKind::NotAllowedInCurrentState => "Not allowed in the current state",
        VapiErrorKind::ResourceBusy => "Resource busy",
        VapiErrorKind::ServiceUnavailable => "Service unavailable",
        VapiErrorKind::TimedOut => "Timed out",
        VapiErrorKind::Error => "Refused",
        VapiErrorKind::Other(k) => return join_messages(&format!("vCenter error ({k})"), messages),
    };
    join_messages(head, messages)
}

fn join_messages(head: &str, messages: &[VapiMessage]) -> String {
    let texts: Vec<&str> = messages.iter().map(|m| m.default_message.as_str()).filter(|m| !m.is_empty()).collect();
    if texts.is_empty() {
        head.to_string()
    } else {
        format!("{head}: {}", texts.join(" "))
    }
}

impl AppError {
    pub fn vapi(kind: VapiErrorKind, messages: Vec<VapiMessage>) -> Self {
        let status = kind.http_status();
        AppError::Vapi { kind, status, messages }
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid { field: field.to_string(), message: message.into() }
    }

    /// The input a refusal concerns, when it is an [`AppError::Invalid`].
    pub fn invalid_field(&self) -> Option<&str> {
        match self.root() {
            AppError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The message for the input `field`, when this refusal concerns it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self.root() {
            AppError::Invalid { field: f, message } if f == field => Some(message.clone()),
            _ => None,
        }
    }

    pub fn kind(&self) -> Option<&VapiErrorKind> {
        match self.root() {
            AppError::Vapi { kind, .. } => Some(kind),
            _ => None,
        }
    }

    pub fn is(&self, kind: VapiErrorKind) -> bool {
        self.kind() == Some(&kind)
    }

    /// vCenter does not know the operation at all (an older build without it): its REST layer answers
    /// `not_found` with `com.vmware.vapi.rest.operationsForUrlNotFound`.
    pub fn is_unknown_operation(&self) -> bool {
        matches!(self, AppError::Vapi { kind: VapiErrorKind::NotFound, messages, .. } if messages.iter().any(|m| m.id == "com.vmware.vapi.rest.operationsForUrlNotFound"))
    }

    /// vCenter did not answer at all (down, restarting, or out of the console's reach).
    pub fn is_unreachable(&self) -> bool {
        matches!(self.root(), AppError::Transport(_) | AppError::Timeout(_))
    }

    /// Wraps an error with the form's values as typed (not a lost session, which sends the user to log in).
    pub fn with_input(self, input: &[(&str, &str)]) -> Self {
        self.with_typed(input.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())
    }

    /// [`AppError::with_input`] for (field, value) pairs already owned. A lost session keeps them too: the
    /// page the form returns to sends the user to log in, and back to the form as typed.
    pub fn with_typed(self, input: Vec<(String, String)>) -> Self {
        match self {
            AppError::Form { .. } => self,
            error => AppError::Form { error: Box::new(error), input },
        }
    }

    /// Wraps an error with a form's fields as typed, read from the server function's form struct: a text as
    /// it is, a ticked box (`Some`) as its value and an unticked one (`None`) as "", a list joined by commas.
    /// A field whose name contains `password` is never sent back, whatever the form.
    pub fn with_form<F: Serialize>(self, form: &F) -> Self {
        use serde_json::Value;
        let Ok(Value::Object(fields)) = serde_json::to_value(form) else {
            return self.with_typed(Vec::new());
        };
        let input = fields
            .into_iter()
            .filter(|(name, _)| !name.contains("password"))
            .map(|(name, value)| {
                let text = match value {
                    Value::String(s) => s,
                    Value::Null => String::new(),
                    Value::Array(items) => items.iter().map(|i| i.as_str().map(str::to_string).unwrap_or_else(|| i.to_string())).collect::<Vec<_>>().join(","),
                    other => other.to_string(),
                };
                (name, text)
            })
            .collect();
        self.with_typed(input)
    }

    /// The error under a [`AppError::Form`] wrapper.
    pub fn root(&self) -> &AppError {
        match self {
            AppError::Form { error, .. } => error.root(),
            other => other,
        }
    }

    /// A value of the form as typed, when this error carries them.
    pub fn input(&self, name: &str) -> Option<String> {
        match self {
            AppError::Form { input, .. } => input.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
            _ => None,
        }
    }

    /// The HTTP status a server function's refusal is answered with: 400 for input refused before anything
    /// was sent, 401 without a session (or a refused login), 403 for a refusal by the console itself, vCenter's
    /// own status for its errors (403 unauthorized, 404 not found ...), 502 / 504 when vCenter could not be
    /// reached or read, 500 only for a failure inside the console.
    pub fn http_status(&self) -> u16 {
        match self {
            AppError::Form { error, .. } => error.http_status(),
            AppError::Invalid { .. } => 400,
            AppError::NotLoggedIn { .. } | AppError::Login { .. } => 401,
            AppError::Refused(_) => 403,
            AppError::Vapi { status, .. } => *status,
            AppError::Transport(_) | AppError::Tls(_) | AppError::Decode(_) => 502,
            AppError::Timeout(_) => 504,
            AppError::Internal(_) => 500,
        }
    }

    /// A short heading for an error panel.
    pub fn title(&self) -> &'static str {
        match self {
            AppError::Form { error, .. } => error.title(),
            AppError::Vapi { kind: VapiErrorKind::Unauthorized, .. } => "vCenter refused: permission denied",
            AppError::Vapi { .. } => "vCenter refused the request",
            AppError::Transport(_) | AppError::Timeout(_) => "vCenter is not reachable",
            AppError::Tls(_) => "vCenter's certificate is not trusted",
            AppError::Decode(_) => "Unexpected answer from vCenter",
            AppError::NotLoggedIn { .. } => "Not logged in",
            AppError::Login { .. } => "Login failed",
            AppError::Invalid { .. } => "Please correct the form",
            AppError::Refused(_) => "Request refused",
            AppError::Internal(_) => "Something went wrong",
        }
    }

    /// For a 403: the privilege vCenter names as missing, if its messages carry one.
    pub fn missing_privilege(&self) -> Option<String> {
        let AppError::Vapi { kind: VapiErrorKind::Unauthorized, messages, .. } = self.root() else { return None };
        messages.iter().flat_map(|m| m.args.iter()).find(|a| looks_like_privilege(a)).cloned().or_else(|| {
            messages.iter().find_map(|m| {
                m.default_message
                    .split(|c: char| c.is_whitespace() || c == '\'' || c == '"')
                    .map(|w| w.trim_end_matches(['.', ',', ';', ':']))
                    .find(|w| looks_like_privilege(w))
                    .map(str::to_string)
            })
        })
    }
}

/// `System.Read`, `VirtualMachine.Config.Settings`, `Appliance.Health.Read` ...
fn looks_like_privilege(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() >= 2 && parts.iter().all(|p| p.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(e) => AppError::Internal(format!("The console could not be reached: {e}")),
            other => AppError::Internal(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_statuses() {
        for t in ["not_found", "already_exists", "invalid_argument", "unauthenticated", "unauthorized", "resource_busy"] {
            assert_eq!(VapiErrorKind::from_type(&format!("com.vmware.vapi.std.errors.{t}")).as_str(), t);
        }
        assert_eq!(VapiErrorKind::from_type("com.vmware.vapi.std.errors.unsupported"), VapiErrorKind::Other("unsupported".into()));
        assert_eq!(VapiErrorKind::Unauthorized.http_status(), 403);
        assert_eq!(VapiErrorKind::ServiceUnavailable.http_status(), 503);
        assert_eq!(VapiErrorKind::AlreadyExists.http_status(), 400);
    }

    #[test]
    fn readable_text_and_privilege() {
        let e = AppError::vapi(
            VapiErrorKind::Unauthorized,
            vec![VapiMessage {
                id: "vapi.security.authorization.invalid".into(),
                default_message: "Unable to authorize user: missing privilege Appliance.Health.Read.".into(),
                args: vec![],
            }],
        );
        assert_eq!(e.to_string(), "Permission denied: Unable to authorize user: missing privilege Appliance.Health.Read.");
        assert_eq!(e.missing_privilege().as_deref(), Some("Appliance.Health.Read"));
        let e = AppError::vapi(VapiErrorKind::Unauthorized, vec![VapiMessage { id: "x".into(), default_message: "Denied.".into(), args: vec!["System.View".into()] }]);
        assert_eq!(e.missing_privilege().as_deref(), Some("System.View"));
        assert_eq!(AppError::vapi(VapiErrorKind::NotFound, vec![]).to_string(), "Not found");
    }

    #[test]
    fn a_form_comes_back_as_typed_without_its_passwords() {
        #[derive(Serialize)]
        struct Account {
            username: String,
            password: String,
            confirm_password: String,
            enabled: Option<String>,
            inactive: Option<String>,
            roles: Vec<String>,
        }
        let form = Account {
            username: "ops".into(),
            password: "Secret-1".into(),
            confirm_password: "Secret-1".into(),
            enabled: Some("on".into()),
            inactive: None,
            roles: vec!["operator".into(), "admin".into()],
        };
        let e = AppError::invalid("password", "too short").with_form(&form);
        assert_eq!(e.input("username").as_deref(), Some("ops"));
        assert_eq!((e.input("enabled").as_deref(), e.input("inactive").as_deref()), (Some("on"), Some("")), "ticked and unticked boxes");
        assert_eq!(e.input("roles").as_deref(), Some("operator,admin"));
        assert_eq!((e.input("password"), e.input("confirm_password")), (None, None));
        assert!(!serde_json::to_string(&e).unwrap().contains("Secret-1"), "no password in what goes back to the page");
        let lost = AppError::NotLoggedIn { expired: true }.with_form(&form);
        assert!(matches!(lost.root(), AppError::NotLoggedIn { .. }) && lost.input("username").as_deref() == Some("ops"), "a lost session keeps the form, for after the login");
        assert!(!serde_json::to_string(&lost).unwrap().contains("Secret-1"));
    }
}
