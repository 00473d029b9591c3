//! The vCenter `/rest` client (server only). [`VcClient`] holds the HTTP connection pool and the TLS policy;
//! [`VcSession`] is one logged-in vCenter session and carries the calls. Each API area adds its calls in its
//! own module (`client::cis::session`, `client::appliance::system`, …), as `impl VcSession` blocks.

pub mod appliance;
pub mod cis;
pub mod content;
pub mod vcenter;
mod operations;
mod tls;

use crate::error::{AppError, VapiErrorKind, VapiMessage};
use crate::vsphere::rest::{unwrap_value, Query};
use reqwest::{Method, StatusCode};
use serde::{de::DeserializeOwned, Serialize};
use std::{fmt, sync::Arc, time::Duration};

pub use tls::{parse_thumbprint, TlsPolicy};

/// How to reach vCenter.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// `https://vcenter.example.com` (or `http://127.0.0.1:port` for loopback only).
    pub url: String,
    pub tls: TlsPolicy,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
}

impl ClientConfig {
    pub fn new(url: impl Into<String>) -> Self {
        ClientConfig {
            url: url.into(),
            tls: TlsPolicy::System,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
        }
    }
}

/// A vCenter session id. Never printed, never serialized: it stays on the server.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SessionId(String);

impl SessionId {
    pub fn new(id: impl Into<String>) -> Self {
        SessionId(id.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionId(<redacted>)")
    }
}

#[derive(Clone)]
pub struct VcClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base: String,
    host: String,
}

impl fmt::Debug for VcClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VcClient").field("base", &self.inner.base).finish()
    }
}

/// Checks a vCenter URL: https, or http for a loopback address only. Returns it without a trailing `/`.
pub fn check_url(url: &str) -> Result<String, AppError> {
    let parsed = reqwest::Url::parse(url).map_err(|e| AppError::invalid("vCenter URL", format!("{url:?} is not a URL: {e}")))?;
    let host = parsed.host_str().unwrap_or_default().to_string();
    match parsed.scheme() {
        "https" => {}
        "http" => {
            let loopback = host == "localhost"
                || host.trim_start_matches('[').trim_end_matches(']').parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
            if !loopback {
                return Err(AppError::invalid("vCenter URL", "http:// is accepted only for loopback addresses; use https://"));
            }
        }
        other => return Err(AppError::invalid("vCenter URL", format!("unsupported scheme {other}://"))),
    }
    if host.is_empty() {
        return Err(AppError::invalid("vCenter URL", "no host name"));
    }
    Ok(url.trim_end_matches('/').trim_end_matches("/rest").to_string())
}

impl VcClient {
    pub fn new(config: &ClientConfig) -> Result<Self, AppError> {
        let base = check_url(&config.url)?;
        let host = reqwest::Url::parse(&base).ok().and_then(|u| {
            u.host_str().map(|h| match u.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_string(),
            })
        });
        let builder = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            // Followed on the same host and port only (vcsim's `/rest/vcenter/vm` → `/rest/vcenter/vm/`): reqwest
            // strips only the standard credential headers on a redirect to another host, not
            // `vmware-api-session-id`, so the session never follows a redirect elsewhere.
            .redirect(reqwest::redirect::Policy::custom(|attempt| {
                let first = attempt.previous().first();
                let same = first.is_some_and(|f| f.scheme() == attempt.url().scheme() && f.host_str() == attempt.url().host_str() && f.port_or_known_default() == attempt.url().port_or_known_default());
                if same && attempt.previous().len() < 5 {
                    attempt.follow()
                } else {
                    attempt.stop()
                }
            }))
            .user_agent(concat!("vconsole/", env!("CARGO_PKG_VERSION")));
        let http = config.tls.apply(builder)?.build().map_err(|e| AppError::Internal(format!("HTTP client: {e}")))?;
        Ok(VcClient { inner: Arc::new(Inner { http, base, host: host.unwrap_or_default() }) })
    }

    /// `vcenter.example.com` (with `:port` when not the default).
    pub fn host(&self) -> &str {
        &self.inner.host
    }

    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    /// The HTTP client, for the calls that are not `/rest` JSON (file transfers).
    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// A handle for calls in an existing vCenter session.
    pub fn session(&self, id: SessionId) -> VcSession {
        VcSession { client: self.clone(), id }
    }

    fn url(&self, path: &str, query: &Query) -> String {
        let mut url = format!("{}{}", self.inner.base, path);
        if !query.is_empty() {
            url.push(if path.contains('?') { '&' } else { '?' });
            url.push_str(&query.encode());
        }
        url
    }

    /// Sends one request and decodes the `/rest` answer: `{"value": T}` on success, a vAPI error otherwise.
    async fn send<T: DeserializeOwned>(&self, request: reqwest::RequestBuilder) -> Result<T, AppError> {
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status();
        let body = response.bytes().await.map_err(transport_error)?;
        if status.is_success() {
            return unwrap_value(&body).map_err(|e| AppError::Decode(e.to_string()));
        }
        Err(vapi_error(status, &body))
    }
}

/// A generated call's answer read as optional: vCenter's null (or empty) `value`, which the generated call
/// cannot decode into its type, is None; any other answer that does not decode stays an error.
pub fn null_as_none<T>(result: Result<T, AppError>) -> Result<Option<T>, AppError> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(AppError::Decode(e)) if e.starts_with(crate::vsphere::rest::NULL_VALUE) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A logged-in vCenter session: every call sends `vmware-api-session-id`.
#[derive(Clone, Debug)]
pub struct VcSession {
    client: VcClient,
    id: SessionId,
}

impl VcSession {
    pub fn id(&self) -> &SessionId {
        &self.id
    }

    pub fn client(&self) -> &VcClient {
        &self.client
    }

    /// One `/rest` call. `path` may carry its `?~action=` / `?action=`; `query` adds parameters; `body` is the
    /// JSON request body (`{"spec": …}`), if any.
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &Query,
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> Result<T, AppError> {
        let mut req = self
            .client
            .inner
            .http
            .request(method, self.client.url(path, query))
            .header("vmware-api-session-id", self.id.expose())
            .header("Accept", "application/json");
        if let Some(body) = body {
            req = req.json(body);
        }
        self.client.send(req).await
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str, query: &Query) -> Result<T, AppError> {
        self.call(Method::GET, path, query, None::<&()>).await
    }

    pub async fn post<T: DeserializeOwned>(&self, path: &str, body: Option<&(impl Serialize + ?Sized)>) -> Result<T, AppError> {
        self.call(Method::POST, path, &Query::new(), body).await
    }

    pub async fn put(&self, path: &str, body: &(impl Serialize + ?Sized)) -> Result<(), AppError> {
        self.call(Method::PUT, path, &Query::new(), Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: &(impl Serialize + ?Sized)) -> Result<(), AppError> {
        self.call(Method::PATCH, path, &Query::new(), Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Result<(), AppError> {
        self.call(Method::DELETE, path, &Query::new(), None::<&()>).await
    }
}

/// Reads a vAPI error body (`{"type": …, "value": {"messages": […]}}`); anything else (vcsim's plain-text
/// 404, a proxy's HTML page) becomes the error the status implies, with the text as its message.
pub fn vapi_error(status: StatusCode, body: &[u8]) -> AppError {
    #[derive(serde::Deserialize)]
    struct Body {
        #[serde(rename = "type")]
        kind: Option<String>,
        value: Option<Value>,
    }
    #[derive(serde::Deserialize)]
    struct Value {
        #[serde(default, deserialize_with = "crate::vsphere::rest::null_as_default")]
        messages: Vec<VapiMessage>,
    }
    let parsed: Option<Body> = serde_json::from_slice(body).ok();
    let kind_from_status = || match status.as_u16() {
        401 => VapiErrorKind::Unauthenticated,
        403 => VapiErrorKind::Unauthorized,
        404 => VapiErrorKind::NotFound,
        503 => VapiErrorKind::ServiceUnavailable,
        504 => VapiErrorKind::TimedOut,
        400 => VapiErrorKind::InvalidArgument,
        _ => VapiErrorKind::Other(format!("http_{}", status.as_u16())),
    };
    match parsed {
        Some(Body { kind: Some(t), value }) => AppError::Vapi {
            kind: VapiErrorKind::from_type(&t),
            status: status.as_u16(),
            messages: value.map(|v| v.messages).unwrap_or_default(),
        },
        _ => {
            let text = String::from_utf8_lossy(body).trim().chars().take(300).collect::<String>();
            let messages = if text.is_empty() || text.starts_with('<') {
                vec![]
            } else {
                vec![VapiMessage { id: "vconsole.http.status".into(), default_message: text, args: vec![] }]
            };
            AppError::Vapi { kind: kind_from_status(), status: status.as_u16(), messages }
        }
    }
}

fn transport_error(e: reqwest::Error) -> AppError {
    if e.is_timeout() {
        return AppError::Timeout(root_cause(&e));
    }
    let text = root_cause(&e);
    if is_tls_failure(&e) {
        let words = causes(&e).find_map(|c| c.downcast_ref::<rustls::Error>()).and_then(tls_in_words);
        return AppError::Tls(words.unwrap_or(text));
    }
    if e.is_decode() {
        return AppError::Decode(text);
    }
    AppError::Transport(text)
}

/// What a certificate refusal means for the administrator, and what to do about it; None for the rest (their
/// own text is shown).
fn tls_in_words(e: &rustls::Error) -> Option<String> {
    use rustls::CertificateError as C;
    let rustls::Error::InvalidCertificate(c) = e else { return None };
    Some(match c {
        C::BadSignature | C::UnsupportedSignatureAlgorithmContext { .. } | C::UnsupportedSignatureAlgorithmForPublicKeyContext { .. } => {
            "its key or signature is too weak to be accepted (for example an RSA key shorter than 2048 bits, or a SHA-1 \
             signature). Replace vCenter's certificate with one of at least 2048 bits signed with SHA-256 (vSphere Client: \
             Administration › Certificates), then connect again."
        }
        C::UnknownIssuer => {
            "it is signed by a certificate authority this console does not trust. Give the console vCenter's CA (its VMCA \
             root, from https://<vcenter>/certs/download.zip) with --ca-file, or pin this certificate with --thumbprint."
        }
        C::Expired | C::ExpiredContext { .. } => {
            "it has expired. Renew vCenter's certificate (vSphere Client: Administration › Certificates), or check this \
             machine's clock."
        }
        C::NotValidYet | C::NotValidYetContext { .. } => "it is not valid yet: check the clocks of vCenter and of this machine.",
        C::NotValidForName | C::NotValidForNameContext { .. } => {
            "it does not name the host the console connects to. Give --vcenter the name in vCenter's certificate (its \
             FQDN), or pin this certificate with --thumbprint."
        }
        _ => return None,
    }
    .to_string())
}

fn is_tls_failure(e: &(dyn std::error::Error + 'static)) -> bool {
    causes(e).any(|err| err.downcast_ref::<rustls::Error>().is_some())
}

/// An error and its causes. rustls errors travel inside (nested) io::Errors, whose `source()` skips the boxed
/// error itself, so io::Errors are opened with `get_ref()`.
fn causes<'a>(e: &'a (dyn std::error::Error + 'static)) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(e), |err| match err.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()) {
        Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
        None => err.source(),
    })
}

/// The innermost cause, which says what actually happened ("Connection refused", "invalid peer certificate …").
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let text = causes(e).last().map(|c| c.to_string()).unwrap_or_default();
    // rustls words a custom verifier's refusal "unexpected error: …"; the message itself says what happened.
    text.trim_start_matches("unexpected error: ").to_string()
}

#[cfg(test)]
mod tls_words_tests {
    use super::tls_in_words;
    use rustls::{CertificateError, Error};

    #[test]
    fn certificate_refusals_are_said_in_words_with_what_to_do() {
        let weak = tls_in_words(&Error::InvalidCertificate(CertificateError::BadSignature)).unwrap();
        assert!(weak.contains("too weak") && weak.contains("2048 bits") && !weak.contains("BadSignature"), "{weak}");
        let expired = tls_in_words(&Error::InvalidCertificate(CertificateError::Expired)).unwrap();
        assert!(expired.contains("expired") && expired.contains("Renew"), "{expired}");
        let name = tls_in_words(&Error::InvalidCertificate(CertificateError::NotValidForName)).unwrap();
        assert!(name.contains("--vcenter"), "{name}");
        assert_eq!(tls_in_words(&Error::General("x".into())), None, "others keep their own text");
    }
}
