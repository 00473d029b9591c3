//! The session scenario both vCenters must pass: our simulator and govmomi's vcsim. Shared by
//! `client_simulator.rs` and `vcsim.rs` so the same assertions run against both.
#![allow(dead_code)]

use app::client::VcClient;
use app::error::{AppError, VapiErrorKind};

/// Login, session info, a call in the session, logout, and the session refused afterwards; a bad password
/// refused as unauthenticated. Returns the user name the vCenter reported.
pub async fn run(client: &VcClient, user: &str, password: &str, bad_password: &str) -> String {
    let bad = client.login(user, bad_password).await.expect_err("a bad password must be refused");
    assert!(bad.is(VapiErrorKind::Unauthenticated), "bad password gives unauthenticated, got {bad:?}");

    let session = client.login(user, password).await.expect("login");
    assert!(session.id().expose().len() >= 16, "a real session id");
    let info = session.cis_session_get().await.expect("session info");
    assert!(!info.user.is_empty());
    assert!(!info.created_time.is_empty() && !info.last_accessed_time.is_empty());

    // A second session is independent of the first.
    let other = client.login(user, password).await.expect("second login");
    assert_ne!(other.id(), session.id());

    session.cis_session_delete().await.expect("logout");
    let after = session.cis_session_get().await.expect_err("a logged-out session is refused");
    assert!(after.is(VapiErrorKind::Unauthenticated), "got {after:?}");
    other.cis_session_get().await.expect("the other session still works");
    other.cis_session_delete().await.unwrap();

    // No session id at all.
    let anonymous = client.session(app::client::SessionId::new("not-a-session"));
    let err = anonymous.cis_session_get().await.unwrap_err();
    assert!(matches!(err, AppError::Vapi { kind: VapiErrorKind::Unauthenticated, status: 401, .. }), "got {err:?}");
    info.user
}
