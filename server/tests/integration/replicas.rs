//! Two console replicas sharing one Redis (`--redis`), on one vCenter: a session made through one is used
//! through the other, a form's kept result and the audit log are shared, the login limit counts attempts on
//! both, a Redis restart costs its sessions but not the console, and however a session ends — logout on either, idle expiry seen by both — its vCenter session is
//! logged out once (counted on the simulator).

use crate::common;

use common::console::Console;
use common::{spawn_sim, until, RedisServer};
use reqwest::header;
use server::harness::ConsoleOptions;

async fn replica(sim_url: &str, redis: &str, idle_ms: u64, login_rate: u32) -> Console {
    let options = ConsoleOptions {
        redis: Some(redis.to_string()),
        idle: std::time::Duration::from_millis(idle_ms),
        login_rate,
        ..ConsoleOptions::new(sim_url)
    };
    Console::start(options, None).await
}

async fn logout(c: &Console, cookie: &str) -> reqwest::Response {
    c.form_post("/api/cis/session/logout", cookie, "/appliance/summary", "").await
}

#[test]
#[ignore = "needs redis-server (make tools installs it; make test runs this)"]
fn two_replicas_share_sessions_kept_results_and_the_audit_log() {
    common::block_on(async {
        use app::vsphere::models::appliance::logging::forwarding::Config;
        let redis = RedisServer::start().await;
        let (sim_url, sim) = spawn_sim(Default::default()).await;
        let a = replica(&sim_url, &redis.url, 600_000, 100).await;
        let b = replica(&sim_url, &redis.url, 600_000, 100).await;
        let logouts = || sim.calls("DELETE /rest/com/vmware/cis/session");
        let vc = common::client(&sim_url).login(common::USER, common::PASSWORD).await.unwrap();
        vc.appliance_logging_forwarding_set(&[Config { hostname: "logs.corp.local".into(), port: 514, protocol: "UDP".parse().unwrap() }]).await.unwrap();

        // Logged in through A, used through B.
        let cookie = a.login_cookie().await;
        assert_eq!(b.page("/appliance/summary", Some(&cookie)).await.status(), 200, "B knows A's session");
        assert_eq!(b.page("/appliance/summary", Some("vconsole_session=made-up")).await.status(), 303, "and no other");

        // A form posted to B; its result read through A.
        let res = b.form_post("/api/appliance/logging/test", &cookie, "/appliance/syslog", "send_test_message=on").await;
        let back = res.headers()[header::LOCATION].to_str().unwrap().trim_start_matches(&b.url).to_string();
        assert_eq!(back, "/appliance/syslog?done=/api/appliance/logging/test");
        assert!(a.html(&back, &cookie).await.contains("data-server=\"logs.corp.local\""), "the kept result is in Redis");

        // The audit log: A wrote the login's entry, B the test's; each replica's page shows both.
        for c in [&a, &b] {
            let html = c.html("/audit", &cookie).await;
            let count = html.find("audit-count").map(|i| &html[i..(i + 200).min(html.len())]);
            assert!(html.contains("appliance/logging/test") && html.contains("cis/session/login"), "{}: both replicas' entries: {count:?}", c.url);
        }

        // Logged out through B: the vCenter session once, and A sends the user to log in.
        assert_eq!(logouts(), 0);
        assert_eq!(logout(&b, &cookie).await.status(), 302);
        assert_eq!(logouts(), 1);
        let res = a.page("/appliance/summary", Some(&cookie)).await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()[header::LOCATION], "/login?next=/appliance/summary");
        logout(&a, &cookie).await;
        assert_eq!(logouts(), 1, "a second logout elsewhere logs nothing out again");

    })
}

#[test]
#[ignore = "needs redis-server (make tools installs it; make test runs this)"]
fn the_login_limit_counts_the_attempts_made_on_both_replicas() {
    common::block_on(async {
        let redis = RedisServer::start().await;
        let (sim_url, _sim) = spawn_sim(Default::default()).await;
        let a = replica(&sim_url, &redis.url, 600_000, 4).await;
        let b = replica(&sim_url, &redis.url, 600_000, 4).await;
        // 4 a minute from an address, counted in clock minutes: start early in one.
        let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() % 60_000;
        if ms > 50_000 {
            tokio::time::sleep(std::time::Duration::from_millis((60_000 - ms + 200) as u64)).await;
        }
        let mut answers = Vec::new();
        for i in 0..6 {
            let c = if i % 2 == 0 { &a } else { &b };
            answers.push(common::console::refusal(&c.login_form(common::USER, "wrong", "/appliance/summary").await).unwrap_or_default());
        }
        // Each replica alone would let four through: together, four in all, whichever replica is asked.
        let limited: Vec<bool> = answers.iter().map(|a| a.contains("Too many login attempts")).collect();
        assert_eq!(limited, vec![false, false, false, false, true, true], "{answers:?}");
    })
}

#[test]
#[ignore = "needs redis-server (make tools installs it; make test runs this)"]
fn an_idle_session_seen_by_both_replicas_is_logged_out_once() {
    common::block_on(async {
        let redis = RedisServer::start().await;
        let (sim_url, sim) = spawn_sim(Default::default()).await;
        let a = replica(&sim_url, &redis.url, 1_500, 100).await;
        let b = replica(&sim_url, &redis.url, 1_500, 100).await;
        let logouts = || sim.calls("DELETE /rest/com/vmware/cis/session");
        let live = || sim.sessions.count();

        let first = a.login_cookie().await;
        let second = b.login_cookie().await;
        assert_eq!(live(), 2);
        // Used now and then through either: alive past the idle time.
        for i in 0..4 {
            tokio::time::sleep(std::time::Duration::from_millis(600)).await;
            let c = if i % 2 == 0 { &a } else { &b };
            assert_eq!(c.page("/appliance/summary", Some(&first)).await.status(), 200, "used: not idle");
        }
        // The second, left idle, is ended by one replica's sweep.
        until("the idle session is logged out of vCenter", || live() == 1).await;
        for c in [&a, &b] {
            let res = c.page("/appliance/summary", Some(&second)).await;
            assert_eq!(res.headers()[header::LOCATION], "/login?next=/appliance/summary&expired=1", "{}: told it expired", c.url);
        }
        // Now the first, idle too, looked up by both at once.
        tokio::time::sleep(std::time::Duration::from_millis(1_700)).await;
        let (x, y) = tokio::join!(a.page("/appliance/summary", Some(&first)), b.page("/appliance/summary", Some(&first)));
        assert_eq!((x.status(), y.status()), (reqwest::StatusCode::SEE_OTHER, reqwest::StatusCode::SEE_OTHER));
        until("both idle sessions are logged out", || live() == 0).await;
        tokio::time::sleep(std::time::Duration::from_millis(1_600)).await;
        assert_eq!(logouts(), 2, "each once, whichever replica's sweep or lookup saw it");
    })
}

#[test]
#[ignore = "needs redis-server (make tools installs it; make test runs this)"]
fn after_a_redis_restart_the_console_reconnects() {
    common::block_on(async {
        let redis = RedisServer::start().await;
        let (sim_url, _sim) = spawn_sim(Default::default()).await;
        let a = replica(&sim_url, &redis.url, 600_000, 100).await;
        let cookie = a.login_cookie().await;
        assert_eq!(a.page("/appliance/summary", Some(&cookie)).await.status(), 200);
        // An empty Redis (nothing saved). The pool's connections to the old server are broken: each call that
        // finds one is made again on a new connection, so the first login and page after the restart work.
        let _redis = redis.restart().await;
        let again = a.login_cookie().await;
        assert_eq!(a.page("/appliance/summary", Some(&again)).await.status(), 200, "a new login works at once");
        // The session the old Redis held is gone: that user is asked to log in again.
        let res = a.page("/appliance/summary", Some(&cookie)).await;
        assert_eq!(res.headers()[header::LOCATION], "/login?next=/appliance/summary");
    })
}
