//! Error mapping: vAPI error bodies with vCenter's statuses, non-vAPI bodies, malformed JSON, connection
//! refused and time-outs, each to the right `AppError`.

use crate::common;

use app::client::{ClientConfig, SessionId, VcClient};
use app::error::{AppError, VapiErrorKind};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use common::closed_port;
use serde_json::json;
use std::time::Duration;

fn vapi(status: u16, kind: &str, msg: &str, args: &[&str]) -> axum::response::Response {
    let body = json!({"type": format!("com.vmware.vapi.std.errors.{kind}"), "value": {"messages": [{"id": format!("test.{kind}"), "default_message": msg, "args": args}]}});
    (StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response()
}

async fn fake_vcenter() -> String {
    let app = Router::new()
        .route("/rest/e400", get(|| async { vapi(400, "invalid_argument", "The hostname 'bad host' is not valid.", &["bad host"]) }))
        .route("/rest/e400b", get(|| async { vapi(400, "already_exists", "A category named 'x' already exists.", &["x"]) }))
        .route("/rest/e401", get(|| async { vapi(401, "unauthenticated", "Authentication required.", &[]) }))
        .route("/rest/e403", get(|| async { vapi(403, "unauthorized", "Permission to perform this operation was denied.", &["Appliance.Health.Read"]) }))
        .route("/rest/e404", get(|| async { vapi(404, "not_found", "Item 'vm-9' was not found.", &["vm-9"]) }))
        .route("/rest/e503", get(|| async { vapi(503, "service_unavailable", "The service is starting.", &[]) }))
        .route("/rest/state", get(|| async { vapi(400, "not_allowed_in_current_state", "Update in progress.", &[]) }))
        .route("/rest/busy", get(|| async { vapi(400, "resource_busy", "Busy.", &[]) }))
        .route("/rest/e504", get(|| async { vapi(504, "timed_out", "Took too long.", &[]) }))
        .route("/rest/unsupported", get(|| async { vapi(400, "unsupported", "Not on this appliance.", &[]) }))
        .route("/rest/plain404", get(|| async { (StatusCode::NOT_FOUND, "404 page not found").into_response() }))
        .route("/rest/html502", get(|| async { (StatusCode::BAD_GATEWAY, "<html><body>Bad gateway</body></html>").into_response() }))
        .route("/rest/malformed", get(|| async { (StatusCode::OK, "{\"value\": [1, 2").into_response() }))
        .route("/rest/wrongshape", get(|| async { axum::Json(json!({"value": {"unexpected": true}})).into_response() }))
        .route("/rest/slow", get(|| async {
            tokio::time::sleep(Duration::from_secs(3)).await;
            axum::Json(json!({"value": "late"})).into_response()
        }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

async fn call(url: &str, path: &str) -> AppError {
    let mut config = ClientConfig::new(url);
    config.request_timeout = Duration::from_millis(500);
    let vc = VcClient::new(&config).unwrap().session(SessionId::new("s"));
    vc.get::<String>(path, &Default::default()).await.unwrap_err()
}

#[test]
fn vapi_errors_by_status() {
    crate::common::block_on(async {
        let url = fake_vcenter().await;
        let cases: &[(&str, VapiErrorKind, u16)] = &[
            ("/rest/e400", VapiErrorKind::InvalidArgument, 400),
            ("/rest/e400b", VapiErrorKind::AlreadyExists, 400),
            ("/rest/e401", VapiErrorKind::Unauthenticated, 401),
            ("/rest/e403", VapiErrorKind::Unauthorized, 403),
            ("/rest/e404", VapiErrorKind::NotFound, 404),
            ("/rest/e503", VapiErrorKind::ServiceUnavailable, 503),
            ("/rest/e504", VapiErrorKind::TimedOut, 504),
            ("/rest/state", VapiErrorKind::NotAllowedInCurrentState, 400),
            ("/rest/busy", VapiErrorKind::ResourceBusy, 400),
            ("/rest/unsupported", VapiErrorKind::Other("unsupported".into()), 400),
        ];
        for (path, kind, status) in cases {
            match call(&url, path).await {
                AppError::Vapi { kind: k, status: s, messages } => {
                    assert_eq!((&k, s), (kind, *status), "{path}");
                    assert_eq!(messages.len(), 1, "{path} keeps vCenter's message");
                }
                other => panic!("{path}: {other:?}"),
            }
        }
        let e = call(&url, "/rest/e400").await;
        assert_eq!(e.to_string(), "Invalid value: The hostname 'bad host' is not valid.");
        let e = call(&url, "/rest/e403").await;
        assert_eq!(e.missing_privilege().as_deref(), Some("Appliance.Health.Read"), "a 403 names the missing privilege");
    })
}

#[test]
fn non_vapi_bodies_follow_the_status() {
    crate::common::block_on(async {
        let url = fake_vcenter().await;
        match call(&url, "/rest/plain404").await {
            AppError::Vapi { kind: VapiErrorKind::NotFound, status: 404, messages } => assert_eq!(messages[0].default_message, "404 page not found"),
            other => panic!("{other:?}"),
        }
        match call(&url, "/rest/html502").await {
            AppError::Vapi { kind: VapiErrorKind::Other(k), status: 502, messages } => {
                assert_eq!(k, "http_502");
                assert!(messages.is_empty(), "an HTML page is not shown as a message");
            }
            other => panic!("{other:?}"),
        }
    })
}

#[test]
fn malformed_json_is_a_decode_error() {
    crate::common::block_on(async {
        let url = fake_vcenter().await;
        assert!(matches!(call(&url, "/rest/malformed").await, AppError::Decode(_)));
        assert!(matches!(call(&url, "/rest/wrongshape").await, AppError::Decode(_)), "a value of the wrong type");
    })
}

#[test]
fn connection_refused_is_a_transport_error() {
    crate::common::block_on(async {
        let url = format!("http://{}", closed_port());
        match call(&url, "/rest/anything").await {
            AppError::Transport(text) => assert!(text.to_lowercase().contains("refused"), "says why: {text}"),
            other => panic!("{other:?}"),
        }
    })
}

#[test]
fn slow_answers_time_out() {
    crate::common::block_on(async {
        let url = fake_vcenter().await;
        let started = std::time::Instant::now();
        let e = call(&url, "/rest/slow").await;
        assert!(matches!(e, AppError::Timeout(_)), "{e:?}");
        assert!(started.elapsed() < Duration::from_secs(3), "gave up at the configured time-out, not when the server answered");
    })
}

#[test]
fn only_loopback_may_use_http() {
    assert!(VcClient::new(&ClientConfig::new("http://127.0.0.1:8989")).is_ok());
    assert!(VcClient::new(&ClientConfig::new("http://localhost:8989")).is_ok());
    assert!(VcClient::new(&ClientConfig::new("http://[::1]:8989")).is_ok());
    let e = VcClient::new(&ClientConfig::new("http://vcenter.example.com")).unwrap_err();
    assert!(e.to_string().contains("https"), "{e}");
    assert!(VcClient::new(&ClientConfig::new("http://10.0.0.5")).is_err());
    assert!(VcClient::new(&ClientConfig::new("https://vcenter.example.com/")).is_ok());
    assert!(VcClient::new(&ClientConfig::new("ftp://vcenter.example.com/")).is_err());
    assert!(VcClient::new(&ClientConfig::new("not a url")).is_err());
}
