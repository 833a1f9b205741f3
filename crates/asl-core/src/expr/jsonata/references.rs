//! Names an expression reads from its context item. In Step Functions a JSONata expression has
//! no context item (the input is `$states.input`), so AWS refuses a definition whose expression
//! starts a path with a bare name: `Reference to 'phone' at the top level is not supported.`

use super::parser::{Kind, Node};

/// The bare names read from the (absent) context item, in order of appearance, each once.
pub fn top_level_names(expr: &Node) -> Vec<String> {
    let mut out = Vec::new();
    visit(expr, &mut out);
    out
}

fn report(name: &str, out: &mut Vec<String>) {
    if !out.iter().any(|n| n == name) {
        out.push(name.to_string());
    }
}

/// Visits a node evaluated against the root context. Path steps after the first, filters,
/// grouping, sorting, lambda bodies and transforms read a context of their own: not visited.
fn visit(node: &Node, out: &mut Vec<String>) {
    match &node.kind {
        Kind::Name(name) => report(name, out),
        Kind::Path(steps) => {
            if let Some(first) = steps.first() {
                visit(first, out);
            }
        }
        Kind::Binary(_, a, b) | Kind::Apply(a, b) | Kind::Default(a, b, _) => {
            visit(a, out);
            visit(b, out);
        }
        Kind::Neg(a) | Kind::Bind(_, a) => visit(a, out),
        Kind::ArrayCons(items) | Kind::Block(items) => items.iter().for_each(|n| visit(n, out)),
        Kind::ObjectCons(group) => {
            for (k, v) in &group.pairs {
                visit(k, out);
                visit(v, out);
            }
        }
        Kind::Condition(c, t, e) => {
            visit(c, out);
            visit(t, out);
            if let Some(e) = e {
                visit(e, out);
            }
        }
        Kind::Function(f, args) | Kind::Partial(f, args) => {
            visit(f, out);
            args.iter().for_each(|n| visit(n, out));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(expr: &str) -> Vec<String> {
        top_level_names(&crate::expr::jsonata::parse(expr).unwrap())
    }

    #[test]
    fn bare_names_at_the_top_level() {
        assert_eq!(names("phone"), vec!["phone"]);
        assert_eq!(names("a.b + $x.c"), vec!["a"]);
        assert_eq!(names("{'k': name, 'n': $count(items)}"), vec!["name", "items"]);
        assert!(names("$states.input.items[price > 10].name").is_empty());
        assert!(names("$map($states.input, function($v) { $v.name })").is_empty());
        assert!(names("$sum($states.input.items.(price * qty))").is_empty());
        assert!(names("($x := 1; $x + 1)").is_empty());
    }
}
