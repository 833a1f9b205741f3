//! Positions and names in a definition's text: lines and columns (`LineIndex`), JSON pointer
//! segments, and CloudFormation placeholders masked in place.

use std::borrow::Cow;

/// `text` with each CloudFormation placeholder written as a whole value (`"Seconds": ${Delay}`,
/// outside any string) replaced by the number `1` padded with spaces to the same length, so the
/// text is JSON and every byte offset stays where it was. A definition in a template is checked
/// and drawn this way before its values are known; placeholders inside strings stay as they are.
pub fn mask_placeholders(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let (mut i, mut in_string) = (0, false);
    let mut out: Option<Vec<u8>> = None;
    while i < b.len() {
        match b[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'$' if !in_string && b.get(i + 1) == Some(&b'{') => {
                if let Some(len) =
                    b[i..].iter().position(|&c| c == b'}' || c == b'\n' || c == b'"').filter(|&n| b[i + n] == b'}')
                {
                    let bytes = out.get_or_insert_with(|| b.to_vec());
                    bytes[i] = b'1';
                    bytes[i + 1..=i + len].fill(b' ');
                    i += len;
                }
            }
            _ => {}
        }
        i += 1;
    }
    // Only ASCII bytes were replaced by ASCII bytes, so the text is still UTF-8.
    match out {
        Some(bytes) => Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())),
        None => Cow::Borrowed(text),
    }
}

/// Byte offsets where each line starts (the first is 0).
pub fn line_starts(text: &str) -> Vec<usize> {
    // A plain byte scan: '\n' never occurs inside a UTF-8 sequence, and this is several times
    // faster than `match_indices` on large definitions.
    let mut starts = Vec::with_capacity(text.len() / 24 + 1);
    starts.push(0);
    starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
    starts
}

/// Converts byte offsets to 1-based lines and columns (columns count characters, not bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex { line_starts: line_starts(text) }
    }

    /// Byte offsets where each line starts (the first is 0).
    pub fn starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// `(line, column)`, both 1-based. Offsets past the end clamp to the end.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        (line + 1, column)
    }
}

/// The key one JSON pointer segment names (RFC 6901).
pub fn unescape_pointer_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn pointer_segment(key: &str) -> Cow<'_, str> {
    if key.contains(['~', '/']) {
        Cow::Owned(key.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(key)
    }
}
