//! `appliance/logging/forwarding` through our client against the simulator: up to three servers, refusals
//! (a fourth server, a bad host, port or protocol), and the test's states per protocol.

use crate::common;

use app::error::VapiErrorKind;
use app::vsphere::models::appliance::logging::forwarding::{connection_status::State, Config, Protocol};
use common::*;

fn cfg(host: &str, port: i64, protocol: &str) -> Config {
    Config { hostname: host.into(), port, protocol: protocol.parse().unwrap() }
}

#[test]
fn up_to_three_servers_are_kept_and_bad_ones_refused() {
    crate::common::block_on(async {
        let (url, _) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        assert!(s.appliance_logging_forwarding_get().await.unwrap().is_empty(), "a fresh appliance forwards nowhere");
        let three = vec![cfg("logs.corp.local", 6514, "TLS"), cfg("10.0.0.9", 514, "UDP"), cfg("relp.corp.local", 20514, "RELP")];
        s.appliance_logging_forwarding_set(&three).await.unwrap();
        let got = s.appliance_logging_forwarding_get().await.unwrap();
        assert_eq!(got, three);
        assert_eq!(got[2].protocol, Protocol::UnknownValue("RELP".into()), "RELP is kept as sent");

        let mut four = three.clone();
        four.push(cfg("d.corp.local", 514, "TCP"));
        let e = s.appliance_logging_forwarding_set(&four).await.unwrap_err();
        assert!(e.is(VapiErrorKind::Other("unable_to_allocate_resource".into())) && e.to_string().contains("At most 3 syslog servers"), "{e}");
        for (bad, text) in [
            (cfg("bad host", 514, "TCP"), "not a valid host name"),
            (cfg("ok.local", 0, "TCP"), "out of range"),
            (cfg("ok.local", 514, "SMTP"), "'SMTP' is not a protocol"),
        ] {
            let e = s.appliance_logging_forwarding_set(&[bad]).await.unwrap_err();
            assert!(e.is(VapiErrorKind::InvalidArgument) && e.to_string().contains(text), "{e}");
        }
        assert_eq!(s.appliance_logging_forwarding_get().await.unwrap(), three, "refusals change nothing");
        s.appliance_logging_forwarding_set(&[]).await.unwrap();
        assert!(s.appliance_logging_forwarding_get().await.unwrap().is_empty());
    })
}

#[test]
fn the_test_reports_each_server_and_sends_on_request() {
    crate::common::block_on(async {
        let (url, sim) = spawn_sim(Default::default()).await;
        let s = client(&url).login(USER, PASSWORD).await.unwrap();
        s.appliance_logging_forwarding_set(&[cfg("logs.corp.local", 6514, "TLS"), cfg("10.0.0.9", 514, "UDP"), cfg("logs.example", 514, "TCP")]).await.unwrap();
        let r = s.appliance_logging_forwarding_test(Some(false)).await.unwrap();
        let states: Vec<State> = r.iter().map(|c| c.state.clone()).collect();
        assert_eq!(states, vec![State::Up, State::Unknown, State::Down]);
        assert!(r[2].message.as_ref().unwrap().default_message.contains("Could not connect to logs.example:514 over TCP"));
        assert!(sim.logging.test_messages.lock().unwrap().is_empty(), "no message unless asked");
        let r = s.appliance_logging_forwarding_test(Some(true)).await.unwrap();
        assert!(r[0].message.as_ref().unwrap().default_message.contains("a test message was sent"));
        assert_eq!(*sim.logging.test_messages.lock().unwrap(), vec!["logs.corp.local", "10.0.0.9"], "sent to every server not known to be down");
    })
}
