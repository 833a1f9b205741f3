//! The digests Step Functions offers (`States.Hash`, JSONata `$hash`), as lowercase hex.

use sha2::Digest;

/// The algorithms [`hex_digest`] accepts, as Step Functions names them.
pub const ALGORITHMS: [&str; 5] = ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// The hex digest of `data`, or `None` for an algorithm Step Functions does not offer.
pub fn hex_digest(algorithm: &str, data: &[u8]) -> Option<String> {
    let bytes: Vec<u8> = match algorithm {
        "MD5" => md5::Md5::digest(data).to_vec(),
        "SHA-1" => sha1::Sha1::digest(data).to_vec(),
        "SHA-256" => sha2::Sha256::digest(data).to_vec(),
        "SHA-384" => sha2::Sha384::digest(data).to_vec(),
        "SHA-512" => sha2::Sha512::digest(data).to_vec(),
        _ => return None,
    };
    Some(hex(&bytes))
}

#[cfg(test)]
mod tests {
    use super::hex_digest;

    #[test]
    fn known_digests() {
        assert_eq!(hex_digest("MD5", b"input data").as_deref(), Some("812f45842bc6d66ee14572ce20db8e86"));
        assert_eq!(hex_digest("SHA-1", b"abc").as_deref(), Some("a9993e364706816aba3e25717850c26c9cd0d89d"));
        assert_eq!(
            hex_digest("SHA-256", b"abc").as_deref(),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert_eq!(hex_digest("CRC32", b"abc"), None);
    }
}
