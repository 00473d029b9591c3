//! Fault drills (issue 13), against the simulator driven into each state: vCenter down (connections
//! refused), answering after the console's time-out, answering 500, a web page, or JSON cut off halfway, and
//! the vCenter session ending between opening a form and sending it. Each time the page says what happened
//! in words, nothing panics (every answer is a page), a form sent meanwhile comes back as it was typed, and
//! once vCenter is back the same console serves the same page, without a restart.

use crate::common;

use common::console::Console;
use common::{spawn_sim, PASSWORD, USER};
use reqwest::header;
use server::harness::ConsoleOptions;
use server::simulator::Fault;
use std::time::Duration;

const PAGE: &str = "/appliance/time";
const TYPED: &str = "ntp9.corp.example%0Antp8.corp.example";

/// The page's text, whatever its status (an error page is a page too).
async fn page(c: &Console, path: &str, cookie: &str) -> (u16, String) {
    let res = c.page(path, Some(cookie)).await;
    (res.status().as_u16(), res.text().await.unwrap().replace("<!>", ""))
}

/// Sends the time form (NTP servers) and follows its redirect once vCenter is back: the form as typed.
async fn form_sent_during(c: &Console, cookie: &str) -> String {
    let res = c.form_post("/api/appliance/time/sync", cookie, PAGE, &format!("mode=NTP&servers={TYPED}")).await;
    assert!(matches!(res.status().as_u16(), 302 | 303), "a form is answered with a redirect, not a torn connection");
    res.headers()[header::LOCATION].to_str().unwrap().trim_start_matches(&c.url).to_string()
}

#[test]
fn each_fault_is_said_in_words_keeps_the_form_and_passes() {
    crate::common::block_on(async {
        let (sim_url, sim) = spawn_sim(Default::default()).await;
        let options = ConsoleOptions { request_timeout: Duration::from_millis(800), ..ConsoleOptions::new(&sim_url) };
        let c = Console::start(options, Some(sim.clone())).await;
        let cookie = c.login_cookie().await;
        let healthy = |html: &str| html.contains("data-testid=\"timesync-form\"");
        assert!(healthy(&page(&c, PAGE, &cookie).await.1));

        let drills: [(&str, Fault, &str); 4] = [
            ("slow", Fault::Slow(Duration::from_secs(2)), "vCenter did not answer in time"),
            ("500", Fault::ServerError, "Internal Server Error"),
            ("a web page", Fault::Html, "vCenter sent an answer the console cannot read"),
            ("cut-off JSON", Fault::Truncated, "vCenter sent an answer the console cannot read"),
        ];
        for (name, fault, words) in drills {
            sim.set_fault(Some(fault));
            let (status, html) = page(&c, PAGE, &cookie).await;
            assert!(html.contains(words), "{name}: the page says {words:?} (status {status})");
            assert!(!healthy(&html), "{name}: no form over data that could not be read");
            let back = form_sent_during(&c, &cookie).await;
            // (Cut-off JSON: the save's answer has no body to cut, so the save goes through; the page then shows
            // the servers as saved.)
            assert!(back.contains("__err=") || fault == Fault::Truncated, "{name}: the form's refusal comes back with the page: {back}");
            sim.set_fault(None);
            let html = page(&c, &back, &cookie).await.1;
            assert!(html.contains("ntp9.corp.example") && html.contains("ntp8.corp.example"), "{name}: the form as it was typed");
            assert!(html.contains(words) || fault == Fault::Truncated, "{name}: with what went wrong");
            assert!(healthy(&page(&c, PAGE, &cookie).await.1), "{name}: vCenter is back, the page works");
        }

        // Down: connections refused, then up again on its own (a reboot: vCenter forgets its sessions, so the
        // user logs in again, and the form comes back as typed).
        sim.shutdown.go_down(Duration::from_secs(2));
        tokio::time::sleep(Duration::from_millis(300)).await;
        let html = page(&c, PAGE, &cookie).await.1;
        assert!(html.contains("vCenter could not be reached"), "down: said in words");
        let back = form_sent_during(&c, &cookie).await;
        assert!(back.contains("__err="), "down: the form's refusal comes back with the page: {back}");
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        while c.login_form(USER, PASSWORD, "/").await.headers().get(header::SET_COOKIE).is_none() {
            assert!(tokio::time::Instant::now() < deadline, "vCenter did not come back");
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        let cookie = c.login_cookie().await;
        let html = page(&c, &back, &cookie).await.1;
        assert!(html.contains("ntp9.corp.example") && html.contains("ntp8.corp.example") && html.contains("vCenter could not be reached"), "down: the form as typed, and why");
        assert!(healthy(&page(&c, PAGE, &cookie).await.1), "down: back up, the page works");
    })
}

/// The vCenter session ends while a form is open: sending it leads to the login page, and after logging in
/// again the user is back at the form as they typed it, told why.
#[test]
fn a_session_that_ends_while_a_form_is_open_keeps_the_form_through_login() {
    crate::common::block_on(async {
        let (sim_url, sim) = spawn_sim(Default::default()).await;
        let c = Console::start(ConsoleOptions::new(&sim_url), Some(sim.clone())).await;
        let cookie = c.login_cookie().await;
        assert!(page(&c, PAGE, &cookie).await.1.contains("timesync-form"));
        for id in sim.sessions.ids() {
            sim.sessions.remove(&id);
        }
        let back = form_sent_during(&c, &cookie).await;
        let res = c.page(&back, Some(&cookie)).await;
        assert_eq!(res.status(), 303, "the expired session leads to the login page");
        let login = res.headers()[header::LOCATION].to_str().unwrap().to_string();
        assert!(login.starts_with("/login?next=") && login.ends_with("&expired=1"), "{login}");
        let next = login.trim_start_matches("/login?next=").trim_end_matches("&expired=1");
        let next = url_decode(next);
        let res = c.login_form(USER, PASSWORD, &next).await;
        let again = res.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
        let to = res.headers()[header::LOCATION].to_str().unwrap().to_string();
        assert_eq!(to, next, "back where the form was");
        let html = page(&c, &to, &again).await.1;
        assert!(html.contains("ntp9.corp.example") && html.contains("ntp8.corp.example"), "the form as it was typed: {to} {}", &html[html.find("timesync-form").unwrap_or(0)..].chars().take(2500).collect::<String>());
    })
}

fn url_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default()
}
