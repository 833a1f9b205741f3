//! The engine against JavaScript's behaviour, its errors and its budgets.

use super::*;

fn find(p: &str, flags: &str, s: &str) -> Option<Vec<Option<String>>> {
    let re = Pattern::new(p, flags.contains('i'), flags.contains('m')).expect(p);
    re.captures_at(s, 0).unwrap().map(|caps| caps.iter().map(|c| c.map(|(a, b)| s[a..b].to_string())).collect())
}

fn whole(p: &str, s: &str) -> Option<String> {
    find(p, "", s).and_then(|c| c[0].clone())
}

#[test]
fn javascript_semantics() {
    assert_eq!(whole("a+", "baaac"), Some("aaa".into()));
    assert_eq!(whole("a+?", "baaac"), Some("a".into()));
    assert_eq!(whole("a|ab", "ab"), Some("a".into()));
    assert_eq!(whole("(a|ab)c", "abc"), Some("abc".into()));
    assert_eq!(whole("x*", "abc"), Some("".into()));
    assert_eq!(whole("^b", "ab"), None);
    assert_eq!(find("^b", "m", "a\nb").map(|c| c[0].clone()), Some(Some("b".into())));
    assert_eq!(whole("\\d{2,3}", "a12345"), Some("123".into()));
    assert_eq!(whole("a{,2}", "a{,2}"), Some("a{,2}".into()));
    assert_eq!(whole("[^]", "\n"), Some("\n".into()));
    assert_eq!(whole("[]", "a"), None);
    assert_eq!(whole("[a-c\\d-]+", "xb2-c9y"), Some("b2-c9".into()));
    assert_eq!(whole("[\\W]+", "ab, cd"), Some(", ".into()));
    assert_eq!(whole("\\bcat\\b", "concat cat"), Some("cat".into()));
    assert_eq!(whole("(\\w)\\1", "abccd"), Some("cc".into()));
    assert_eq!(whole("a(?=b)", "acab"), Some("a".into()));
    assert_eq!(whole("a(?!b)", "abac"), Some("a".into()));
    assert_eq!(whole("(?<year>\\d{4})-(?:\\d\\d)", "on 2024-05"), Some("2024-05".into()));
    assert_eq!(find("HELLO", "i", "say hello").map(|c| c[0].clone()), Some(Some("hello".into())));
    assert_eq!(find("[a-z]+", "i", "ÀBC").map(|c| c[0].clone()), Some(Some("BC".into())));
    assert_eq!(find("(a)|(b)", "", "b"), Some(vec![Some("b".into()), None, Some("b".into())]));
    assert_eq!(find("(a*)+b", "", "aab"), Some(vec![Some("aab".into()), Some("aa".into())]));
    assert_eq!(whole("é+", "xééy"), Some("éé".into()));
    assert_eq!(whole("\\u00e9\\x41", "éA"), Some("éA".into()));
}

#[test]
fn bad_patterns_are_errors() {
    for p in ["(", "a)", "*a", "a**", "[b-a]", "[a", "(?x)", "\\"] {
        assert!(Pattern::new(p, false, false).is_err(), "{p}");
    }
}

#[test]
fn runaway_backtracking_and_long_inputs_end() {
    let re = Pattern::new("(a+)+$", false, false).unwrap();
    let s = format!("{}b", "a".repeat(40));
    assert_eq!(re.captures_at(&s, 0).unwrap_err().code, "U1001");
    // Long inputs take no native stack: a group repeated 100,000 times, on a small stack.
    let deep = std::thread::Builder::new()
        .stack_size(64 << 10)
        .spawn(|| {
            let re = Pattern::new("^(?:ab|(c)d)*$", false, false).unwrap();
            let long = "ab".repeat(100_000);
            re.captures_at(&long, 0).map(|c| c.map(|c| c[0]))
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(deep.unwrap(), Some(Some((0, 200_000))));
    let long = "x".repeat(200_000);
    assert_eq!(
        Pattern::new(".*", false, false).unwrap().captures_at(&long, 0).unwrap().unwrap()[0],
        Some((0, long.len()))
    );
    assert!(Pattern::new("a{1000}{1000}", false, false).is_err());
}
