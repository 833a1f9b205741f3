//! Share links: the definition deflated and base64url-encoded in the URL fragment (`#def=...`),
//! so it never reaches a server.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The fragment (without `#`) that carries `text`.
pub fn fragment(text: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
    format!("def={}", URL_SAFE_NO_PAD.encode(packed))
}

/// The fragment that carries a definition, a MockConfig and the active test case:
/// `def=<D>&mock=<M>&test-case=<T>` (D and M: base64url without padding of the raw deflate of the
/// text; T percent-encoded).
pub fn fragment_with(text: &str, mock: Option<&str>, test_case: Option<&str>) -> String {
    let mut out = fragment(text);
    if let Some(mock) = mock {
        let packed = miniz_oxide::deflate::compress_to_vec(mock.as_bytes(), 9);
        out.push_str(&format!("&mock={}", URL_SAFE_NO_PAD.encode(packed)));
    }
    if let Some(case) = test_case {
        out.push_str("&test-case=");
        for b in case.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
    }
    out
}

/// What a share link carries. The definition opens even when the MockConfig is damaged.
#[derive(Clone, Debug, PartialEq)]
pub struct Shared {
    pub definition: Result<String, String>,
    /// The MockConfig text, or why it could not be read.
    pub mock: Option<Result<String, String>>,
    pub test_case: Option<String>,
}

fn param<'a>(hash: &'a str, key: &str) -> Option<&'a str> {
    hash.strip_prefix('#').unwrap_or(hash).split('&').find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads `#def=…&mock=…&test-case=…`; `None` when the fragment is not a share link.
pub fn parse_fragment(hash: &str) -> Option<Shared> {
    let definition = unpack(param(hash, "def")?, "share link", "nothing was loaded");
    let mock = param(hash, "mock").map(|m| unpack(m, "MockConfig in the share link", "it was not imported"));
    let test_case = param(hash, "test-case").map(percent_decode).filter(|t| !t.is_empty());
    Some(Shared { definition, mock, test_case })
}

/// The definition in a fragment (with or without `#`): `None` when the fragment is not a share
/// link, `Some(Err)` with a message when it is one but damaged.
pub fn from_fragment(hash: &str) -> Option<Result<String, String>> {
    Some(parse_fragment(hash)?.definition)
}

fn unpack(data: &str, what: &str, consequence: &str) -> Result<String, String> {
    let bad = |why: &str| format!("The {what} is damaged ({why}); {consequence}.");
    (|| {
        let packed = URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')).map_err(|_| bad("not base64url"))?;
        // Bounded, so a crafted link cannot inflate into gigabytes.
        let bytes =
            miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, crate::convert::MAX_FILE_BYTES as usize)
                .map_err(|_| bad("not deflate data, or over 1 MB"))?;
        String::from_utf8(bytes).map_err(|_| bad("not UTF-8 text"))
    })()
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

    #[test]
    fn carries_a_mock_config_and_a_test_case() {
        let f = fragment_with("{}", Some(r#"{"StateMachines": {}}"#), Some("Job fails & retries"));
        let shared = parse_fragment(&format!("#{f}")).unwrap();
        assert_eq!(shared.definition, Ok("{}".into()));
        assert_eq!(shared.mock, Some(Ok(r#"{"StateMachines": {}}"#.into())));
        assert_eq!(shared.test_case.as_deref(), Some("Job fails & retries"));
        let damaged = parse_fragment(&format!("#{}&mock=@@", fragment("{}"))).unwrap();
        assert_eq!(damaged.definition, Ok("{}".into()));
        assert!(damaged.mock.unwrap().unwrap_err().contains("MockConfig"));
    }
}
