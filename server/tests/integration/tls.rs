//! TLS: the simulator behind HTTPS with a certificate from a test CA. A pinned thumbprint of the leaf is
//! accepted, a wrong one refused with a message that names both; the CA file is trusted; the system roots are
//! not enough for a private CA; --insecure accepts anything.

use crate::common;

use app::client::{ClientConfig, TlsPolicy, VcClient};
use app::error::AppError;
use axum_server::tls_rustls::RustlsConfig;
use common::{PASSWORD, USER};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use sha2::{Digest, Sha256};
use std::net::SocketAddr;

struct TlsSim {
    url: String,
    leaf_sha256: [u8; 32],
    ca_pem: String,
}

async fn spawn_tls_sim() -> TlsSim {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(DnType::CommonName, "Test VMCA");
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf_key = KeyPair::generate().unwrap();
    let leaf_params = CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &ca, &ca_key).unwrap();

    let config = RustlsConfig::from_pem(
        format!("{}{}", leaf.pem(), ca.pem()).into_bytes(),
        leaf_key.serialize_pem().into_bytes(),
    )
    .await
    .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let router = server::simulator::router(server::simulator::SimState::new(Default::default()));
    tokio::spawn(async move {
        axum_server::from_tcp_rustls(listener, config).serve(router.into_make_service()).await.unwrap();
    });
    TlsSim { url: format!("https://localhost:{}", addr.port()), leaf_sha256: Sha256::digest(leaf.der()).into(), ca_pem: ca.pem() }
}

fn client(url: &str, tls: TlsPolicy) -> VcClient {
    VcClient::new(&ClientConfig { tls, ..ClientConfig::new(url) }).unwrap()
}

#[test]
fn pinned_thumbprint_is_accepted() {
    crate::common::block_on(async {
        let sim = spawn_tls_sim().await;
        let vc = client(&sim.url, TlsPolicy::Thumbprint(sim.leaf_sha256)).login(USER, PASSWORD).await.expect("pinned login");
        vc.appliance_system_version_get().await.unwrap();
    })
}

#[test]
fn wrong_thumbprint_is_refused_clearly() {
    crate::common::block_on(async {
        let sim = spawn_tls_sim().await;
        let mut wrong = sim.leaf_sha256;
        wrong[0] ^= 0xff;
        let err = client(&sim.url, TlsPolicy::Thumbprint(wrong)).login(USER, PASSWORD).await.unwrap_err();
        match &err {
            AppError::Tls(text) => {
                assert!(text.contains("thumbprint mismatch"), "{text}");
                let presented: String = sim.leaf_sha256.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":");
                assert!(text.contains(&presented), "names the thumbprint vCenter presented, so the admin can compare: {text}");
            }
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().starts_with("vCenter's certificate was refused"), "{err}");
    })
}

#[test]
fn ca_file_is_trusted_and_system_roots_are_not_enough() {
    crate::common::block_on(async {
        let sim = spawn_tls_sim().await;
        let dir = std::env::temp_dir().join(format!("vconsole-tls-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let ca_file = dir.join("vmca.pem");
        std::fs::write(&ca_file, &sim.ca_pem).unwrap();
        client(&sim.url, TlsPolicy::CaFile(ca_file.clone())).login(USER, PASSWORD).await.expect("trusted through the CA file");

        let err = client(&sim.url, TlsPolicy::System).login(USER, PASSWORD).await.unwrap_err();
        assert!(matches!(err, AppError::Tls(_)), "a private CA is not in the system roots: {err:?}");
        let said = err.to_string();
        assert!(said.contains("not trust") && said.contains("--ca-file") && !said.contains("UnknownIssuer"), "in words, with what to do: {said}");

        client(&sim.url, TlsPolicy::Insecure).login(USER, PASSWORD).await.expect("--insecure accepts anything");

        std::fs::write(&ca_file, "not a certificate").unwrap();
        assert!(VcClient::new(&ClientConfig { tls: TlsPolicy::CaFile(ca_file), ..ClientConfig::new(&sim.url) }).is_err(), "a bad CA file is refused at start");
        let _ = std::fs::remove_dir_all(dir);
    })
}
