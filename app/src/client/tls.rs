//! How the client trusts vCenter's certificate: the system roots, a CA file, a pinned SHA-256 thumbprint of
//! the leaf certificate, or (only when asked) nothing at all.

use crate::error::AppError;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Clone, Debug, Default)]
pub enum TlsPolicy {
    /// The operating system's trusted roots.
    #[default]
    System,
    /// Only the CA certificates in this PEM file (e.g. vCenter's VMCA root).
    CaFile(PathBuf),
    /// Accept exactly the leaf certificate whose SHA-256 is this; the chain and host name are not checked.
    Thumbprint([u8; 32]),
    /// Accept any certificate. Logged as a warning and shown to the user.
    Insecure,
}

/// Parses a SHA-256 thumbprint: 64 hex digits, with or without colons (any case).
pub fn parse_thumbprint(s: &str) -> Result<[u8; 32], AppError> {
    let hex: String = s.chars().filter(|c| *c != ':' && !c.is_whitespace()).collect();
    let bad = || AppError::invalid("thumbprint", "expected a SHA-256 thumbprint: 64 hex digits, colons optional");
    if hex.len() != 64 {
        return Err(bad());
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).map_err(|_| bad())?;
    }
    Ok(out)
}

fn hex_colons(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

impl TlsPolicy {
    pub(crate) fn apply(&self, builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, AppError> {
        Ok(match self {
            TlsPolicy::System => builder.use_rustls_tls(),
            TlsPolicy::CaFile(path) => {
                let pem = std::fs::read(path)
                    .map_err(|e| AppError::invalid("CA file", format!("cannot read {}: {e}", path.display())))?;
                let certs = reqwest::Certificate::from_pem_bundle(&pem)
                    .map_err(|e| AppError::invalid("CA file", format!("{}: {e}", path.display())))?;
                if certs.is_empty() {
                    return Err(AppError::invalid("CA file", format!("{} holds no PEM certificate", path.display())));
                }
                certs.into_iter().fold(builder.use_rustls_tls().tls_built_in_root_certs(false), |b, c| b.add_root_certificate(c))
            }
            TlsPolicy::Thumbprint(pin) => {
                let provider = Arc::new(rustls::crypto::ring::default_provider());
                let config = rustls::ClientConfig::builder_with_provider(provider.clone())
                    .with_safe_default_protocol_versions()
                    .map_err(|e| AppError::Internal(e.to_string()))?
                    .dangerous()
                    .with_custom_certificate_verifier(Arc::new(PinnedLeaf { pin: *pin, provider }))
                    .with_no_client_auth();
                builder.use_preconfigured_tls(config)
            }
            TlsPolicy::Insecure => builder.use_rustls_tls().danger_accept_invalid_certs(true),
        })
    }
}

/// Accepts the server iff its leaf certificate's SHA-256 equals the pin; handshake signatures are still
/// verified, so the server must hold that certificate's key.
#[derive(Debug)]
struct PinnedLeaf {
    pin: [u8; 32],
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl ServerCertVerifier for PinnedLeaf {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let got: [u8; 32] = Sha256::digest(end_entity.as_ref()).into();
        if got == self.pin {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General(format!(
                "certificate thumbprint mismatch: vCenter presented SHA-256 {}, expected {}",
                hex_colons(&got),
                hex_colons(&self.pin)
            )))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbprints_with_or_without_colons() {
        let plain = "ab".repeat(32);
        let colons = vec!["AB"; 32].join(":");
        assert_eq!(parse_thumbprint(&plain).unwrap(), [0xab; 32]);
        assert_eq!(parse_thumbprint(&colons).unwrap(), [0xab; 32]);
        assert!(parse_thumbprint("abcd").is_err());
        assert!(parse_thumbprint(&"zz".repeat(32)).is_err());
    }
}
