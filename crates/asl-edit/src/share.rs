//! Share links: the definition deflated and base64url-encoded in the URL fragment (`#def=...`),
//! so it never reaches a server.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The fragment (without `#`) that carries `text`.
pub fn fragment(text: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
    format!("def={}", URL_SAFE_NO_PAD.encode(packed))
}

/// The definition in a fragment (with or without `#`): `None` when the fragment is not a share
/// link, `Some(Err)` with a message when it is one but damaged.
pub fn from_fragment(hash: &str) -> Option<Result<String, String>> {
    let data = hash.strip_prefix('#').unwrap_or(hash).strip_prefix("def=")?;
    let bad = |why: &str| format!("The share link is damaged ({why}); nothing was loaded.");
    Some((|| {
        let packed = URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')).map_err(|_| bad("not base64url"))?;
        // Bounded, so a crafted link cannot inflate into gigabytes.
        let bytes =
            miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, crate::convert::MAX_FILE_BYTES as usize)
                .map_err(|_| bad("not deflate data, or over 1 MB"))?;
        String::from_utf8(bytes).map_err(|_| bad("not UTF-8 text"))
    })())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_reports_damage() {
        let text =
            "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true, \"Comment\": \"é😀\"}}}";
        let f = fragment(text);
        assert!(f.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_=".contains(&b)), "{f}");
        assert_eq!(from_fragment(&format!("#{f}")), Some(Ok(text.to_string())));
        assert_eq!(from_fragment("#other"), None);
        assert!(from_fragment("#def=@@@").unwrap().unwrap_err().contains("damaged"));
        assert!(from_fragment("#def=AAAA").unwrap().is_err());
    }
}
