use super::*;

fn value(text: &str) -> serde_json::Value {
    parse(text).unwrap().to_value()
}

#[test]
fn reads_block_and_flow_yaml_with_byte_spans() {
    let text = "# a comment\nStartAt: A\nStates:\n  A: {Type: Pass, End: true}\n  B:\n    Type: Succeed\n";
    let root = parse(text).unwrap();
    assert_eq!(
        root.to_value(),
        serde_json::json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}, "B": {"Type": "Succeed"}}})
    );
    let states = root.get("States").unwrap();
    let a = states.member("A").unwrap();
    assert_eq!(&text[a.key_span.start..a.key_span.end], "A");
    assert_eq!(&text[a.value.span.start..a.value.span.end], "{Type: Pass, End: true}");
    let b = states.get("B").unwrap();
    assert_eq!(&text[b.span.start..b.span.end], "Type: Succeed");
    assert_eq!(&text[states.span.start..states.span.end], "A: {Type: Pass, End: true}\n  B:\n    Type: Succeed");
}

#[test]
fn resolves_scalars_as_the_core_schema() {
    assert_eq!(
        value("a: 1\nb: -2.5\nc: true\nd: ~\ne: '1'\nf: 0x1F\ng: 1e3\nh: hello world\ni:\nj: \"x\\ty\"\nk: .5\nl: !!str 12\n"),
        serde_json::json!({"a": 1, "b": -2.5, "c": true, "d": null, "e": "1", "f": 31, "g": 1000.0,
            "h": "hello world", "i": null, "j": "x\ty", "k": 0.5, "l": "12"})
    );
    assert_eq!(value("s: |\n  line 1\n  line 2\n"), serde_json::json!({"s": "line 1\nline 2\n"}));
    assert_eq!(value("v: 18446744073709551615"), serde_json::json!({"v": 18446744073709551615u64}));
    assert_eq!(value("v: 1.2.3"), serde_json::json!({"v": "1.2.3"}));
}

#[test]
fn expands_aliases_and_keeps_duplicate_keys() {
    assert_eq!(value("a: &x {k: 1}\nb: *x\n"), serde_json::json!({"a": {"k": 1}, "b": {"k": 1}}));
    let root = parse("a: 1\na: 2\n").unwrap();
    assert_eq!(root.members().len(), 2);
}

#[test]
fn errors_have_a_message_and_where() {
    let text = "StartAt: A\nStates:\n  A: [\n";
    let e = parse(text).unwrap_err();
    assert!(e.message.starts_with("YAML: "), "{e:?}");
    assert!(e.span.start <= text.len());
    assert!(parse("a: !Sub x").unwrap_err().message.contains("!Sub"));
    assert!(parse("a: !Sub [x]").unwrap_err().message.contains("!Sub"));
    fn sub(tag: &str, node: Node<'static>) -> Result<Node<'static>, String> {
        let key = tag.trim_start_matches('!').to_string();
        Ok(Node {
            span: node.span,
            kind: Kind::Object(vec![Member { key: key.into(), key_span: node.span, value: node }]),
        })
    }
    let tagged = parse_with_tags("a: !Sub 1\nb: !Join [x, [1]]\n", Some(sub)).unwrap().to_value();
    assert_eq!(tagged, serde_json::json!({"a": {"Sub": "1"}, "b": {"Join": ["x", [1]]}}));
    assert!(parse("").unwrap_err().message.contains("no document"));
    assert!(parse("a: 1\n---\nb: 2\n").unwrap_err().message.contains("one document"));
    assert!(parse("[a, b]: 1").unwrap_err().message.contains("key"));
    assert!(parse("a: *nowhere").is_err());
    let deep = "[".repeat(MAX_DEPTH + 2);
    assert!(parse(&deep).is_err());
    let mut laughs = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        laughs
            .push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
    }
    assert!(parse(&laughs).unwrap_err().message.contains("aliases expand"));
}

#[test]
fn a_byte_order_mark_keeps_spans_true() {
    let text = "\u{feff}a: xyz\n";
    let root = parse(text).unwrap();
    let v = root.get("a").unwrap();
    assert_eq!(&text[v.span.start..v.span.end], "xyz");
}

#[test]
fn never_panics_on_odd_text() {
    for text in ["\t", "a:\tb", "- - -", "{{{", "'unterminated", "a: b: c", "? x\n: y", "&a [*a]", "\0", "ä: ö\n"] {
        let _ = parse(text);
    }
}
