//! The Choice state: its rules, and each rule's condition (a JSONata `Condition`, or And/Or/Not and
//! comparisons under JSONPath).

use crate::expr::compiled::CompiledPath;
use crate::model::*;
use crate::syntax::json::Node;

use super::{is_jsonata, Builder};

impl Builder<'_> {
    pub(super) fn choice(&mut self, node: &Node, pointer: &str) -> Choice {
        let default = self.string(node, "Default", pointer);
        let mut choices = Vec::new();
        match node.get("Choices").map(|c| (c, c.elements())) {
            None => self.schema("These fields are required: [Choices]", node.span, pointer),
            Some((c, None)) | Some((c, Some([]))) => {
                self.schema("The value of 'Choices' must be a non-empty array", c.span, &format!("{pointer}/Choices"))
            }
            Some((_, Some(rules))) => {
                for (i, rule) in rules.iter().enumerate() {
                    let rule_pointer = format!("{pointer}/Choices/{i}");
                    let next = self.string(rule, "Next", &rule_pointer);
                    if next.is_none() && rule.get("Next").is_none() {
                        self.schema("These fields are required: [Next]", rule.span, &rule_pointer);
                    }
                    if let Some(condition) = self.condition(rule, &rule_pointer) {
                        let raw = |k: &str| rule.get(k).map(|v| self.raw(v));
                        let (assign, output) = (raw("Assign"), raw("Output"));
                        choices.push(ChoiceRule { condition, next, assign, output, span: rule.span });
                    }
                }
            }
        }
        Choice { choices, default }
    }

    /// One boolean expression. Top-level rules also carry `Next`, nested ones must not.
    fn condition(&mut self, node: &Node, pointer: &str) -> Option<Condition> {
        if !node.is_object() {
            self.schema("A Choice rule must be a JSON object", node.span, pointer);
            return None;
        }
        self.check_duplicates(node, pointer);
        if self.language == QueryLanguage::Jsonata {
            return match node.get("Condition") {
                Some(c) if is_jsonata(c) || c.as_bool().is_some() => Some(Condition::Jsonata(c.to_value())),
                Some(c) => {
                    self.schema(
                        "The value of 'Condition' must be a JSONata expression '{% ... %}' or a boolean",
                        c.span,
                        &format!("{pointer}/Condition"),
                    );
                    None
                }
                None => {
                    self.schema("These fields are required: [Condition]", node.span, pointer);
                    None
                }
            };
        }
        for (key, make) in [("And", Condition::And as fn(Vec<Condition>) -> Condition), ("Or", Condition::Or)] {
            if let Some(list) = node.get(key) {
                let Some(items) = list.elements().filter(|items| !items.is_empty()) else {
                    self.schema(
                        format!("The value of '{key}' must be a non-empty array"),
                        list.span,
                        &format!("{pointer}/{key}"),
                    );
                    return None;
                };
                let inner: Vec<_> = items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| self.condition(n, &format!("{pointer}/{key}/{i}")))
                    .collect();
                return Some(make(inner));
            }
        }
        if let Some(inner) = node.get("Not") {
            return self.condition(inner, &format!("{pointer}/Not")).map(|c| Condition::Not(Box::new(c)));
        }
        self.comparison(node, pointer)
    }

    /// A comparison rule: `Variable` and one operator (`StringEquals`) or its path form
    /// (`StringEqualsPath`).
    fn comparison(&mut self, node: &Node, pointer: &str) -> Option<Condition> {
        let variable = self.string(node, "Variable", pointer);
        // The rule's operator: the first member named after one (`StringEquals`) or its path form
        // (`StringEqualsPath`). Matching members, not trying all 23 names, keeps this cheap.
        let found = node.members().iter().find_map(|m| {
            let key: &str = &m.key;
            Comparison::ALL.iter().find_map(|op| {
                let name = op.name();
                match key.strip_prefix(name) {
                    Some("") => Some((*op, &m.value, false)),
                    Some("Path") if !op.is_type_test() => Some((*op, &m.value, true)),
                    _ => None,
                }
            })
        });
        if let Some((op, operand_node, is_path)) = found {
            let name = op.name();
            let Some(variable) = variable else {
                self.schema("These fields are required: [Variable]", node.span, pointer);
                return None;
            };
            // Compiled once here, to check it and for every run to use.
            let (variable, span) = (CompiledPath::new(&variable.value), variable.span);
            if let Err(e) = &variable.parsed {
                self.schema(
                    format!("The value for the field 'Variable' must be a valid JSONPath: {e}"),
                    span,
                    &format!("{pointer}/Variable"),
                );
                return None;
            }
            let operand = if is_path {
                match operand_node.as_str().map(CompiledPath::new) {
                    Some(p) if p.parsed.is_ok() => Operand::Path(PathText::compiled(p)),
                    _ => {
                        let path_name = format!("{name}Path");
                        self.schema(
                            format!("The value for the field '{path_name}' must be a valid JSONPath"),
                            operand_node.span,
                            &format!("{pointer}/{path_name}"),
                        );
                        return None;
                    }
                }
            } else {
                let value = operand_node.to_value();
                let ok = match op.name() {
                    n if n.starts_with("String") || n.starts_with("Timestamp") => value.is_string(),
                    n if n.starts_with("Numeric") => value.is_number(),
                    _ => value.is_boolean(),
                };
                if !ok {
                    self.schema(
                        format!("The value of '{name}' has the wrong type"),
                        operand_node.span,
                        &format!("{pointer}/{name}"),
                    );
                    return None;
                }
                Operand::Literal(value)
            };
            return Some(Condition::Compare { variable: PathText::compiled(variable), op, operand });
        }
        self.schema("A Choice rule needs a comparison operator, And, Or or Not", node.span, pointer);
        None
    }
}
