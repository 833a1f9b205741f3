//! The raw parser and its processing on small expressions.

use super::*;

fn err(src: &str) -> Error {
    parse(src).expect_err(src)
}

#[test]
fn errors_carry_codes_and_byte_positions() {
    let e = err("1 + ");
    assert_eq!(e.code, "S0207");
    let e = err("foo bar");
    assert_eq!((e.code, e.position), ("S0201", 4));
    let e = err("'abc");
    assert_eq!((e.code, e.position), ("S0101", 0));
    let e = err("(1; 2");
    assert_eq!(e.code, "S0203");
    let e = err("a.1");
    assert_eq!((e.code, e.position), ("S0213", 2));
    let e = err("/* open");
    assert_eq!(e.code, "S0106");
    let e = err("[1, 2 ]]");
    assert_eq!((e.code, e.position), ("S0201", 7));
    let e = err("function(a){1}");
    assert_eq!((e.code, e.position), ("S0208", 9));
    let e = err("%");
    assert_eq!(e.code, "S0217");
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert_eq!(err(&deep).code, "U1001");
    // A long operator chain is as deep as nesting (found by the fuzzer: a stack overflow).
    let chain = vec!["a"; 5_000].join(" + ");
    assert_eq!(err(&chain).code, "U1001");
}

#[test]
fn paths_become_steps() {
    let n = parse("a.b[0].c").expect("parses");
    let Kind::Path(steps) = &n.kind else { panic!("a path") };
    assert_eq!(steps.len(), 3);
    assert_eq!(steps[1].stages.len(), 1);
}
