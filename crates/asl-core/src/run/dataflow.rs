//! JSONPath data flow as AWS evaluates it: what `$`, `$$` and `$name` mean in a state's fields,
//! definite paths (one value, or "No results") against indefinite ones (an array of matches),
//! payload templates (`.$` keys) and intrinsic function calls.

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use rustc_hash::FxHashMap;
use serde_json::{Map, Value};

use crate::expr::compiled::{CompiledPath, DynamicExpr, Template};
use crate::expr::intrinsic;
use crate::expr::jsonpath::{Path, Root, Selector};
use crate::run::services::Ids;

/// The context object `$$` of one state. Reading it is rare and it holds the whole execution
/// input, so it is assembled only as far as a path reads it: a Map over 10,000 items must not
/// copy the input 10,000 times.
#[derive(Clone, Debug)]
pub struct Context {
    /// `{"Execution": ..., "StateMachine": ...}`, built once per run.
    pub execution: Rc<Value>,
    /// `$$.State`: the state's name, when it was entered (ms), and its retry count.
    pub state: (String, i64, u64),
    /// `$$.Map.Item` inside a Map iteration, shared with the interpreter.
    pub map_item: Option<Rc<Value>>,
    /// Fields given by a TestState request, replacing the built ones.
    pub overrides: Option<Rc<Value>>,
    /// `$$.Task.Token` of a `.waitForTaskToken` Task (what the callback must send back).
    pub task_token: Option<String>,
    whole: OnceCell<Value>,
}

impl Context {
    pub fn new(
        execution: Rc<Value>,
        state: (String, i64, u64),
        map_item: Option<Rc<Value>>,
        overrides: Option<Rc<Value>>,
    ) -> Context {
        Context { execution, state, map_item, overrides, task_token: None, whole: OnceCell::new() }
    }

    /// The context of a `.waitForTaskToken` Task: `$$.Task.Token` is set.
    pub fn with_task_token(mut self, token: String) -> Context {
        self.task_token = Some(token);
        self.whole = OnceCell::new();
        self
    }

    /// `$$.State`'s fields, in AWS's order.
    const STATE_FIELDS: [&'static str; 3] = ["Name", "EnteredTime", "RetryCount"];

    /// One field of `$$.State`.
    fn state_field(&self, field: &str) -> Option<Value> {
        let (name, entered, retry) = &self.state;
        match field {
            "Name" => Some(Value::String(name.clone())),
            "EnteredTime" => Some(Value::String(crate::run::time::format_rfc3339(*entered))),
            "RetryCount" => Some(Value::from(*retry)),
            _ => None,
        }
    }

    fn state_value(&self) -> Value {
        let field = |k: &'static str| (k, self.state_field(k).unwrap_or(Value::Null));
        crate::run::object(Self::STATE_FIELDS.map(field))
    }

    /// Whether a TestState request gives the top-level field `key` itself.
    fn overridden(&self, key: &str) -> bool {
        self.overrides.as_deref().is_some_and(|o| o.get(key).is_some())
    }

    /// The whole context object.
    pub fn value(&self) -> &Value {
        self.whole.get_or_init(|| {
            let mut all = (*self.execution).clone();
            all["State"] = self.state_value();
            if let Some(item) = &self.map_item {
                all["Map"] = crate::run::object([("Item", (**item).clone())]);
            }
            if let Some(token) = &self.task_token {
                all["Task"] = crate::run::object([("Token", token.as_str().into())]);
            }
            if let (Some(Value::Object(fields)), Value::Object(base)) = (self.overrides.as_deref(), &mut all) {
                for (k, v) in fields {
                    base.insert(k.clone(), v.clone());
                }
            }
            all
        })
    }

    /// An object holding (at least) the top-level field `key`, without copying the others.
    pub fn with_field(&self, key: Option<&str>) -> Cow<'_, Value> {
        match key {
            Some(k @ ("Execution" | "StateMachine")) if !self.overridden(k) => Cow::Borrowed(&*self.execution),
            Some("State") if !self.overridden("State") => {
                Cow::Owned(crate::run::object([("State", self.state_value())]))
            }
            Some("Map") if !self.overridden("Map") => Cow::Owned(crate::run::object([(
                "Map",
                crate::run::object([("Item", self.map_item.as_deref().cloned().unwrap_or(Value::Null))]),
            )])),
            _ => Cow::Borrowed(self.value()),
        }
    }

    /// For JSONata's `$states.context`: only the fields an expression names.
    pub fn for_expression(&self, expr: &str) -> Value {
        let keys = ["Execution", "State", "StateMachine", "Map", "Task"];
        if !keys.iter().any(|k| expr.contains(k)) {
            return self.value().clone();
        }
        let mut out = Map::new();
        for k in keys.iter().filter(|k| expr.contains(**k)) {
            if let Some(v) = self.with_field(Some(k)).get(*k) {
                out.insert(k.to_string(), v.clone());
            }
        }
        Value::Object(out)
    }
}

/// What a path can read: the value `$` stands for, the context object, and the variables.
pub struct Scope<'a> {
    pub input: &'a Value,
    pub context: &'a Context,
    pub vars: &'a Map<String, Value>,
}

/// Why a field could not be evaluated. `message` is AWS's wording of the problem, without the
/// "An error occurred while executing the state ..." prefix the interpreter adds.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub error: &'static str,
    pub message: String,
}

fn runtime(message: String) -> FieldError {
    FieldError { error: "States.Runtime", message }
}

/// `$['a']['b'][0]`: how Jayway JsonPath (what AWS runs) prints a path in its messages.
pub fn normalized(path: &Path) -> String {
    let mut out = match &path.root {
        Root::Input => "$".to_string(),
        Root::Context => "$$".to_string(),
        Root::Variable(name) => format!("${name}"),
    };
    for s in &path.segments {
        if s.descendant {
            out.push_str("..");
        }
        match &s.selector {
            Selector::Name(n) => out.push_str(&format!("['{n}']")),
            Selector::Index(i) => out.push_str(&format!("[{i}]")),
            _ => out.push_str("[*]"),
        }
    }
    out
}

impl Scope<'_> {
    pub(crate) fn root(&self, path: &Path) -> Option<Cow<'_, Value>> {
        match &path.root {
            Root::Input => Some(Cow::Borrowed(self.input)),
            Root::Context => {
                let first = match path.segments.first().map(|s| &s.selector) {
                    Some(Selector::Name(n)) => Some(n.as_str()),
                    _ => None,
                };
                Some(self.context.with_field(first))
            }
            Root::Variable(name) => self.vars.get(name).map(Cow::Borrowed),
        }
    }

    /// The two context paths a state's templates read per item and field, read where their
    /// value is rather than from a context object made for the one lookup: `$$.Map.Item...`
    /// inside a Map iteration, and `$$.State.Name`/`RetryCount`/`EnteredTime`. `None` for any
    /// other path, or when a TestState request overrides that part of the context.
    fn in_context(&self, parsed: &Path) -> Option<Option<Value>> {
        if parsed.root != Root::Context {
            return None;
        }
        fn named(s: &crate::expr::jsonpath::Segment) -> Option<&str> {
            match &s.selector {
                Selector::Name(name) if !s.descendant => Some(name.as_str()),
                _ => None,
            }
        }
        let ctx = self.context;
        let (first, second) = (parsed.segments.first().and_then(named)?, parsed.segments.get(1).and_then(named)?);
        match (first, second) {
            ("Map", "Item") if !ctx.overridden("Map") => {
                let item = ctx.map_item.as_deref()?;
                Some(crate::expr::jsonpath::select_definite_in(&parsed.segments[2..], item).cloned())
            }
            ("State", field) if !ctx.overridden("State") && parsed.segments.len() == 2 => Some(ctx.state_field(field)),
            _ => None,
        }
    }

    /// The value of a path: for a definite path the one node (`None` when absent); for an
    /// indefinite one, the array of every match (possibly empty).
    pub fn lookup(&self, path: &CompiledPath) -> Result<Option<Value>, FieldError> {
        let parsed = parsed(path)?;
        if let Some(found) = self.in_context(parsed).filter(|_| path.definite) {
            return Ok(found);
        }
        let Some(root) = self.root(parsed) else {
            return Ok(None);
        };
        if path.definite {
            Ok(parsed.select_definite(&root).cloned())
        } else {
            Ok(Some(Value::Array(parsed.select(&root).into_iter().cloned().collect())))
        }
    }

    /// Like [`Scope::lookup`], but a missing value is an error worded as Jayway JsonPath words
    /// it: a missing field on the way is "Missing property", a missing last one "No results".
    pub fn query(&self, path: &CompiledPath) -> Result<Value, FieldError> {
        if let Some(v) = self.lookup(path)? {
            return Ok(v);
        }
        let (text, parsed) = (&path.text, parsed(path)?);
        let root = self.root(parsed);
        let mut current = root.as_deref();
        for (k, segment) in parsed.segments.iter().enumerate() {
            let found = current
                .and_then(|c| Path { root: Root::Input, segments: vec![segment.clone()] }.select(c).into_iter().next());
            if found.is_none() && k + 1 < parsed.segments.len() {
                let prefix = Path { root: parsed.root.clone(), segments: parsed.segments[..=k].to_vec() };
                return Err(runtime(format!(
                    "Invalid path '{text}' : Missing property in path {}",
                    normalized(&prefix)
                )));
            }
            current = found;
        }
        Err(runtime(format!("Invalid path '{text}' : No results for path: {}", normalized(parsed))))
    }

    /// A payload template: keys ending in `.$` take the value of their path or intrinsic call.
    pub fn template(&self, template: &Template, ids: &mut Ids) -> Result<Value, FieldError> {
        match template {
            Template::Literal(v) => Ok(v.clone()),
            Template::Object(entries) => {
                let mut out = Map::with_capacity(entries.len());
                for (key, value) in entries {
                    out.insert(key.clone(), self.template(value, ids)?);
                }
                Ok(Value::Object(out))
            }
            Template::Array(items) => {
                Ok(Value::Array(items.iter().map(|v| self.template(v, ids)).collect::<Result<_, _>>()?))
            }
            Template::Dynamic(d) => self.dynamic(&d.expr, &d.key, ids),
        }
    }

    /// A `.$` value (or `ErrorPath`/`CausePath`): an intrinsic call or a path.
    pub fn dynamic(&self, expr: &DynamicExpr, key: &str, ids: &mut Ids) -> Result<Value, FieldError> {
        let path = match expr {
            DynamicExpr::Call { text, call } => {
                let call = call.as_ref().map_err(|e| FieldError {
                    error: "States.IntrinsicFailure",
                    message: format!("The intrinsic function '{text}' specified for the field '{key}' is invalid: {e}"),
                })?;
                return intrinsic::evaluate(call, self, ids)
                    .map_err(|message| FieldError { error: "States.IntrinsicFailure", message });
            }
            DynamicExpr::Path(path) => path,
        };
        let expr = &path.text;
        match self.lookup(path)? {
            Some(v) => Ok(v),
            // A `$$` path reads the context object, not the input: say so (`$$.Task.Token`
            // outside a `.waitForTaskToken` Task is the usual case).
            None if expr.starts_with("$$") => Err(runtime(format!(
                "The JSONPath '{expr}' specified for the field '{key}' could not be found in the context object '{}'",
                self.context.value()
            ))),
            None => Err(runtime(format!(
                "The JSONPath '{expr}' specified for the field '{key}' could not be found in the input '{}'",
                self.input
            ))),
        }
    }
}

/// The parsed path, or the runtime error a path the validator let through gives.
fn parsed(path: &CompiledPath) -> Result<&Path, FieldError> {
    path.parsed.as_ref().map_err(|e| runtime(format!("Invalid path '{}': {e}", path.text)))
}

/// The `{% expression %}` inside a string, if it is one.
pub fn jsonata_expression(text: &str) -> Option<&str> {
    text.strip_prefix("{%")?.strip_suffix("%}").map(str::trim)
}

/// What a JSONata field can read: `$states` and the workflow variables.
pub struct JsonataScope<'a> {
    pub input: &'a Value,
    pub context: &'a Context,
    pub result: Option<&'a Value>,
    pub error_output: Option<&'a Value>,
    pub vars: &'a Map<String, Value>,
    pub env: crate::expr::jsonata::Environment,
    pub cache: &'a JsonataCache,
}

/// The parsed JSONata expressions of one run, by their text: each is parsed once however often
/// its state runs. (Not kept in the model: syntax trees share `Rc`s, the model is `Send`.)
#[derive(Default)]
pub struct JsonataCache(RefCell<FxHashMap<Box<str>, Parsed>>);

type Parsed = Rc<Result<crate::expr::jsonata::Expr, crate::expr::jsonata::Error>>;

impl JsonataCache {
    fn parse(&self, expr: &str) -> Parsed {
        if let Some(parsed) = self.0.borrow().get(expr) {
            return parsed.clone();
        }
        let parsed = Rc::new(crate::expr::jsonata::parse(expr));
        self.0.borrow_mut().insert(expr.into(), parsed.clone());
        parsed
    }
}

fn query_error(message: String) -> FieldError {
    FieldError { error: "States.QueryEvaluationError", message }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl JsonataScope<'_> {
    /// Evaluates one expression for `field` (`Output`, `Arguments/FunctionName`, ...).
    pub fn expression(&self, expr: &str, field: &str) -> Result<Value, FieldError> {
        let fail = |what: String| {
            query_error(format!("The JSONata expression '{expr}' specified for the field '{field}' {what}"))
        };
        let parsed = self.cache.parse(expr);
        let parsed = parsed
            .as_ref()
            .as_ref()
            .map_err(|e| fail(format!("threw an error during evaluation. {}: {}", e.code, e.message)))?;
        // Only what the expression names goes in: the bindings are copied for each evaluation.
        let mut bindings: crate::expr::jsonata::Bindings =
            self.vars.iter().filter(|(k, _)| expr.contains(k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect();
        if expr.contains("$states") {
            let mut states = Map::new();
            let everything = !["input", "context", "result", "errorOutput"].iter().any(|f| expr.contains(f));
            if everything || expr.contains("input") {
                states.insert("input".into(), self.input.clone());
            }
            if everything || expr.contains("context") {
                states.insert("context".into(), self.context.for_expression(expr));
            }
            if let Some(result) = self.result.filter(|_| everything || expr.contains("result")) {
                states.insert("result".into(), result.clone());
            }
            if let Some(error) = self.error_output.filter(|_| everything || expr.contains("errorOutput")) {
                states.insert("errorOutput".into(), error.clone());
            }
            bindings.insert("states".to_string(), Value::Object(states));
        }
        let prepared = crate::expr::jsonata::Prepared::new(&bindings);
        match crate::expr::jsonata::evaluate_outcome(parsed, None, &prepared, &self.env) {
            Ok(crate::expr::jsonata::Outcome::Json(v)) => Ok(v),
            Ok(crate::expr::jsonata::Outcome::Undefined) => Err(fail("returned nothing (undefined).".to_string())),
            Ok(crate::expr::jsonata::Outcome::Function) => {
                Err(fail("returned an unsupported result type.".to_string()))
            }
            Err(e) => Err(fail(format!("threw an error during evaluation. {}: {}", e.code, e.message))),
        }
    }

    /// A JSONata template: `{% %}` strings are evaluated, anywhere in objects and arrays.
    pub fn template(&self, value: &Value, field: &str) -> Result<Value, FieldError> {
        match value {
            Value::String(s) => match jsonata_expression(s) {
                Some(expr) => self.expression(expr, field),
                None => Ok(value.clone()),
            },
            Value::Object(map) => {
                let mut out = Map::new();
                for (k, v) in map {
                    out.insert(k.clone(), self.template(v, &format!("{field}/{k}"))?);
                }
                Ok(Value::Object(out))
            }
            Value::Array(items) => Ok(Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| self.template(v, &format!("{field}[{i}]")))
                    .collect::<Result<_, _>>()?,
            )),
            other => Ok(other.clone()),
        }
    }

    /// A field that must give a value of one JSON type (`Items`: an array, `Condition`: a boolean).
    pub fn typed(&self, value: &Value, field: &str, want: &'static str) -> Result<Value, FieldError> {
        let v = self.template(value, field)?;
        if type_name(&v) == want {
            return Ok(v);
        }
        let expr = value.as_str().and_then(jsonata_expression).unwrap_or_default();
        Err(query_error(format!(
            "The JSONata expression '{expr}' specified for the field '{field}' returned an unexpected result type. Expected '{want}', but was '{}' for value: {v}",
            type_name(&v)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The fast context reads (`Scope::in_context`) give what the whole context object gives.
    #[test]
    fn map_item_and_state_fields_read_as_from_the_whole_context() {
        let item = Rc::new(json!({"Index": 2, "Value": {"id": 7, "tags": ["a", "b"]}}));
        let execution = Rc::new(json!({"Execution": {"Id": "x"}}));
        let plain = Context::new(execution.clone(), ("Work".into(), 1_000, 3), Some(item.clone()), None);
        let overridden = Context::new(
            execution,
            ("Work".into(), 1_000, 3),
            Some(item),
            Some(Rc::new(json!({"Map": {"Item": {"Value": "given"}}, "State": {"Name": "Given"}}))),
        );
        let vars = Map::new();
        for ctx in [&plain, &overridden] {
            let scope = Scope { input: &Value::Null, context: ctx, vars: &vars };
            for path in [
                "$$.Map.Item.Value.id",
                "$$.Map.Item.Value.tags[1]",
                "$$.Map.Item.Index",
                "$$.Map.Item",
                "$$.Map.Item.Missing",
                "$$.State.Name",
                "$$.State.RetryCount",
                "$$.State.EnteredTime",
                "$$.State.Other",
            ] {
                let whole = CompiledPath::new(path).parsed.as_ref().unwrap().select_definite(ctx.value()).cloned();
                assert_eq!(scope.lookup(&CompiledPath::new(path)).unwrap(), whole, "{path}");
            }
        }
    }
}
