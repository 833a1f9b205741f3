//! The evaluable tree the parser gives: [`Node`]s with a [`Kind`] and the annotations the
//! processing pass adds (path stages, tuple bindings, ancestor slots, array flags). Built only by
//! the parser; read by the evaluator and by `references`.

use std::cell::RefCell;
use std::rc::Rc;

use crate::expr::jsonata::signature::Signature;

/// A compiled JSONata expression.
#[derive(Debug)]
pub struct Node {
    pub kind: Kind,
    /// Byte offset of the node's token in the expression.
    pub pos: usize,
    pub keep_array: bool,
    /// Filters applied to the value of a non-path expression.
    pub predicate: Vec<Stage>,
    /// Filters and index bindings applied within a path step.
    pub stages: Vec<Stage>,
    pub group: Option<Rc<Group>>,
    /// `@$var` focus binding on a step.
    pub focus: Option<String>,
    /// `#$var` index binding on a step.
    pub index: Option<String>,
    /// The step takes part in a tuple stream (carries variable bindings).
    pub tuple: bool,
    /// The slot a `%` below binds this step's input to.
    pub ancestor: Option<SlotRef>,
    pub seeking_parent: Vec<SlotRef>,
    /// An array constructor as a path's first or last step (not flattened).
    pub consarray: bool,
    pub keep_singleton_array: bool,
}

#[derive(Debug)]
pub enum Kind {
    Path(Vec<Node>),
    Binary(BinaryOp, Box<Node>, Box<Node>),
    Neg(Box<Node>),
    ArrayCons(Vec<Node>),
    ObjectCons(Rc<Group>),
    Name(String),
    /// Shared, so that evaluating a literal copies no text.
    Str(Rc<str>),
    Num(f64),
    /// `true`, `false`, or `null` (None).
    Value(Option<bool>),
    Wildcard,
    Descendant,
    Parent(SlotRef),
    Condition(Box<Node>, Box<Node>, Option<Box<Node>>),
    /// `a ?: b` (false) and `a ?? b` (true): `a` if it is true (exists), else `b`.
    Default(Box<Node>, Box<Node>, bool),
    Block(Vec<Node>),
    Bind(String, Box<Node>),
    Regex(Rc<Regex>),
    Function(Box<Node>, Vec<Node>),
    Partial(Box<Node>, Vec<Node>),
    Placeholder,
    Variable(String),
    Lambda(Rc<LambdaDef>),
    Apply(Box<Node>, Box<Node>),
    Transform(Rc<TransformDef>),
    Sort(Vec<(Node, bool)>),
}

#[derive(Debug)]
pub enum Stage {
    Filter(Node),
    Index(String),
}

#[derive(Debug)]
pub struct Group {
    pub pairs: Vec<(Node, Node)>,
    pub pos: usize,
}

#[derive(Debug)]
pub struct LambdaDef {
    pub params: Vec<String>,
    pub signature: Option<Rc<Signature>>,
    pub body: Node,
    /// A deferred tail call (evaluated by the trampoline in `apply`).
    pub thunk: bool,
}

#[derive(Debug)]
pub struct TransformDef {
    pub pattern: Node,
    pub update: Node,
    pub delete: Option<Node>,
}

#[derive(Debug)]
pub struct Regex {
    pub source: String,
    pub regex: crate::expr::jsonata::regex::Pattern,
}

#[derive(Debug)]
pub struct Slot {
    pub label: String,
    pub level: i32,
}
pub type SlotRef = Rc<RefCell<Slot>>;

impl Node {
    // Not inlined: it is called at some 40 places, each of which would write every field.
    #[inline(never)]
    pub fn new(kind: Kind, pos: usize) -> Node {
        Node {
            kind,
            pos,
            keep_array: false,
            predicate: Vec::new(),
            stages: Vec::new(),
            group: None,
            focus: None,
            index: None,
            tuple: false,
            ancestor: None,
            seeking_parent: Vec::new(),
            consarray: false,
            keep_singleton_array: false,
        }
    }
    pub(super) fn type_name(&self) -> &'static str {
        match &self.kind {
            Kind::Path(_) => "path",
            Kind::Binary(..) => "binary",
            Kind::Neg(_) | Kind::ArrayCons(_) | Kind::ObjectCons(_) => "unary",
            Kind::Name(_) => "name",
            Kind::Str(_) => "string",
            Kind::Num(_) => "number",
            Kind::Value(_) => "value",
            Kind::Wildcard => "wildcard",
            Kind::Descendant => "descendant",
            Kind::Parent(_) => "parent",
            Kind::Condition(..) | Kind::Default(..) => "condition",
            Kind::Block(_) => "block",
            Kind::Bind(..) => "bind",
            Kind::Regex(_) => "regex",
            Kind::Function(..) => "function",
            Kind::Partial(..) => "partial",
            Kind::Placeholder => "operator",
            Kind::Variable(_) => "variable",
            Kind::Lambda(_) => "lambda",
            Kind::Apply(..) => "apply",
            Kind::Transform(_) => "transform",
            Kind::Sort(_) => "sort",
        }
    }
}

/// The operators of [`Kind::Binary`]: both sides are evaluated (`and`/`or` stop after the left
/// side when it decides). Path steps (`.`), binding (`:=`), apply (`~>`), conditions and the
/// default operators (`?:`, `??`) have kinds of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    /// `&`: string concatenation.
    Concat,
    /// `..` inside an array constructor.
    Range,
    In,
    And,
    Or,
}

impl BinaryOp {
    /// Every operator, for looking one up by its token.
    const ALL: [BinaryOp; 16] = [
        BinaryOp::Add,
        BinaryOp::Subtract,
        BinaryOp::Multiply,
        BinaryOp::Divide,
        BinaryOp::Modulo,
        BinaryOp::Equal,
        BinaryOp::NotEqual,
        BinaryOp::Less,
        BinaryOp::LessEqual,
        BinaryOp::Greater,
        BinaryOp::GreaterEqual,
        BinaryOp::Concat,
        BinaryOp::Range,
        BinaryOp::In,
        BinaryOp::And,
        BinaryOp::Or,
    ];

    /// The operator as written (and as error messages name it).
    pub fn as_str(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Subtract => "-",
            BinaryOp::Multiply => "*",
            BinaryOp::Divide => "/",
            BinaryOp::Modulo => "%",
            BinaryOp::Equal => "=",
            BinaryOp::NotEqual => "!=",
            BinaryOp::Less => "<",
            BinaryOp::LessEqual => "<=",
            BinaryOp::Greater => ">",
            BinaryOp::GreaterEqual => ">=",
            BinaryOp::Concat => "&",
            BinaryOp::Range => "..",
            BinaryOp::In => "in",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
        }
    }

    /// The operator a token spells, if it is one of these.
    pub fn from_token(token: &str) -> Option<BinaryOp> {
        BinaryOp::ALL.into_iter().find(|op| op.as_str() == token)
    }
}
