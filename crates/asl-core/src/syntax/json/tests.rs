//! The spanned JSON parser: spans, values, errors; placeholders masked in place.

use super::*;

mod spans {
    #[test]
    fn whole_value_placeholders_are_masked_in_place() {
        let text = r#"{"Seconds": ${Delay}, "Comment": "${Label} \" ${x}", "N": [${A.B}]}"#;
        let masked = mask_placeholders(text);
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked, r#"{"Seconds": 1       , "Comment": "${Label} \" ${x}", "N": [1     ]}"#);
        assert!(parse(&masked).is_ok());
        assert!(matches!(mask_placeholders("{\"a\": 1}"), Cow::Borrowed(_)));
        assert_eq!(mask_placeholders("${unclosed"), "${unclosed");
    }

    use super::*;

    #[test]
    fn spans_cover_keys_and_values() {
        let text = r#"{"a": [1, "x"], "b": null}"#;
        let node = parse(text).unwrap();
        let a = node.member("a").unwrap();
        assert_eq!(&text[a.key_span.start..a.key_span.end], "\"a\"");
        assert_eq!(&text[a.value.span.start..a.value.span.end], "[1, \"x\"]");
        assert_eq!(node.to_value(), serde_json::json!({"a": [1, "x"], "b": null}));
    }

    #[test]
    fn duplicate_keys_are_kept() {
        let node = parse(r#"{"a": 1, "a": 2}"#).unwrap();
        assert_eq!(node.members().len(), 2);
    }

    #[test]
    fn strict_json_only() {
        for bad in ["{\"a\": 1,}", "{a: 1}", "// c\n{}", "{'a': 1}", "[NaN]", "", "{\"a\" 1}"] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn line_and_column() {
        let text = "{\n  \"é\": x\n}";
        let err = parse(text).unwrap_err();
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, err.span.start), (2, 8));
        let text = "a😀é\nb";
        assert_eq!(LineIndex::new(text).starts(), &[0, text.find('\n').unwrap() + 1]);
    }
}

mod parser {
    use super::*;

    #[test]
    fn escapes_and_unicode() {
        let node = parse(r#""a\"b\\c\/\n\u00e9\ud83d\ude00 ü""#).unwrap();
        assert_eq!(node.as_str(), Some("a\"b\\c/\né😀 ü"));
    }

    #[test]
    fn lone_surrogates_get_their_stand_ins() {
        // Lone high, lone low, high before a non-surrogate escape, low before high.
        let node = parse(r#""\uD800|\udfff|\ud83d\u0041|\uDE00\uD83D""#).unwrap();
        let s: String =
            ['\u{10F800}', '|', '\u{10FFFF}', '|', '\u{10F83D}', 'A', '|', '\u{10FE00}', '\u{10F83D}'].iter().collect();
        assert_eq!(node.as_str(), Some(s.as_str()));
        assert_eq!(stand_in_surrogate('\u{10F83D}'), Some(0xD83D));
        assert_eq!(stand_in_surrogate('A'), None);
    }

    #[test]
    fn numbers() {
        for (text, value) in
            [("0", "0"), ("-12", "-12"), ("1.5e3", "1500.0"), ("18446744073709551615", "18446744073709551615")]
        {
            assert_eq!(parse(text).unwrap().to_value().to_string(), value, "{text}");
        }
        for bad in ["01", "1.", "-", "1e", ".5", "1x", "+1"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn errors_say_what_was_expected_where() {
        let cases = [
            ("{\"a\" 1}", 5, "Expected ':' after the name"),
            ("[1 2]", 3, "Expected ',' or ']' after a value"),
            ("{\"a\": 1,}", 8, "Trailing comma: expected a name in double quotes"),
            ("\"abc", 0, "Unterminated string: expected a closing '\"'"),
            ("\"a\tb\"", 2, "Control character in a string: write it as an escape such as \\n"),
            ("\"\\x\"", 1, "Invalid escape: use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX"),
            ("True", 0, "Unexpected word: expected a value (true, false and null are lowercase)"),
            ("{} {}", 3, "Unexpected text after the JSON value"),
            ("   ", 3, "The text is empty: expected a JSON value"),
        ];
        for (text, at, message) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!((err.span.start, err.message.as_str()), (at, message), "{text:?}");
        }
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().message.starts_with("Nested too deeply"));
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn error_spans_never_split_a_character() {
        let err = parse("{\"a\": é}").unwrap_err();
        assert_eq!((err.span.start, err.span.end), (6, 8));
    }
}
