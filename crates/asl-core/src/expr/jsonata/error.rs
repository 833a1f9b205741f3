//! User-facing JSONata errors, with the reference implementation's codes.

use std::fmt;

/// A JSONata error: the reference code (`S0201`, `T2001`, `D3001`, ...), a message, and the
/// byte offset in the expression where it arose (0 when unknown). Boxed, so that every
/// `Result<Value>` the evaluator passes around stays the size of a value (less code to move it).
#[derive(Clone, Debug, PartialEq)]
pub struct Error(Box<ErrorData>);

/// The fields of an [`Error`] (reached through it by `Deref`).
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorData {
    pub code: &'static str,
    pub message: String,
    pub position: usize,
    /// The token the error is about, when there is one.
    pub token: Option<String>,
}

impl std::ops::Deref for Error {
    type Target = ErrorData;
    fn deref(&self) -> &ErrorData {
        &self.0
    }
}

impl std::ops::DerefMut for Error {
    fn deref_mut(&mut self) -> &mut ErrorData {
        &mut self.0
    }
}

impl Error {
    pub fn new(code: &'static str, position: usize) -> Error {
        Error(Box::new(ErrorData { code, message: describe(code).to_string(), position, token: None }))
    }
    pub fn with_token(mut self, token: impl Into<String>) -> Error {
        let token = token.into();
        self.message = format!("{} ({token})", describe(self.code));
        self.token = Some(token);
        self
    }
    pub fn with_message(mut self, message: impl Into<String>) -> Error {
        self.message = message.into();
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}: {}", self.code, self.position, self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// Short messages for the codes, after the reference implementation's wording: one string of
/// lines `CODE message` (a table of `&str` pairs costs 16 bytes of wasm data per entry more).
/// Codes this implementation never raises (S0205, S0500, D1010, D2005, T2013, U1002) are left out.
const MESSAGES: &str = concat!(
    "S0101", "String literal must be terminated by a matching quote", "\n",
    "S0102", "Number out of range", "\n",
    "S0103", "Unsupported escape sequence", "\n",
    "S0104", "The escape sequence \\u must be followed by 4 hex digits", "\n",
    "S0105", "Quoted property name must be terminated with a backquote", "\n",
    "S0106", "Comment has no closing tag", "\n",
    "S0201", "Syntax error", "\n",
    "S0202", "Expected a different token", "\n",
    "S0203", "Expected a token before the end of the expression", "\n",
    "S0204", "Unknown operator", "\n",
    "S0206", "Unknown expression type", "\n",
    "S0207", "Unexpected end of expression", "\n",
    "S0208", "Parameter of a function definition must be a variable name (start with $)", "\n",
    "S0209", "A predicate cannot follow a grouping expression in a step", "\n",
    "S0210", "Each step can only have one grouping expression", "\n",
    "S0211", "The symbol cannot be used as a unary operator", "\n",
    "S0212", "The left side of := must be a variable name (start with $)", "\n",
    "S0213", "The literal value cannot be used as a step within a path expression", "\n",
    "S0214", "The right side of this operator must be a variable name (start with $)", "\n",
    "S0215", "A context variable binding must precede any predicates on a step", "\n",
    "S0216", "A context variable binding must precede the 'order-by' clause on a step", "\n",
    "S0217", "The object representing the 'parent' cannot be derived from this expression", "\n",
    "S0301", "Empty regular expressions are not allowed", "\n",
    "S0302", "No terminating / in regular expression", "\n",
    "S0303", "Unsupported regular expression", "\n",
    "S0401", "Type parameters can only be applied to functions and arrays", "\n",
    "S0402", "Choice groups containing parameterized types are not supported", "\n",
    "T0410", "Argument of function does not match function signature", "\n",
    "T0411", "Context value is not a compatible type with argument of function", "\n",
    "T0412", "Argument of function must be an array of the expected type", "\n",
    "D1001", "Number out of range", "\n",
    "D1002", "Cannot negate a non-numeric value", "\n",
    "T1003", "Key in object structure must evaluate to a string", "\n",
    "D1004", "Regular expression matches zero length string", "\n",
    "T1005", "Attempted to invoke a non-function. Did you mean ${{name}}?", "\n",
    "T1006", "Attempted to invoke a non-function", "\n",
    "T1007", "Attempted to partially apply a non-function. Did you mean ${{name}}?", "\n",
    "T1008", "Attempted to partially apply a non-function", "\n",
    "D1009", "Multiple key definitions evaluate to same key", "\n",
    "T1010", "The matcher function argument passed to function does not return the correct object structure", "\n",
    "T2001", "The left side of the arithmetic operator must evaluate to a number", "\n",
    "T2002", "The right side of the arithmetic operator must evaluate to a number", "\n",
    "T2003", "The left side of the range operator (..) must evaluate to an integer", "\n",
    "T2004", "The right side of the range operator (..) must evaluate to an integer", "\n",
    "T2006", "The right side of the function application operator ~> must be a function", "\n",
    "T2007", "Type mismatch when comparing values in order-by clause", "\n",
    "T2008", "The expressions within an order-by clause must evaluate to numeric or string values", "\n",
    "T2009", "The values on either side of the operator must be of the same data type", "\n",
    "T2010", "The expressions either side of the operator must evaluate to numeric or string values", "\n",
    "T2011", "The insert/update clause of the transform expression must evaluate to an object", "\n",
    "T2012", "The delete clause of the transform expression must evaluate to a string or array of strings", "\n",
    "D2014", "The size of the sequence allocated by the range operator (..) must not exceed 1e7", "\n",
    "D3001", "Attempting to invoke string function on Infinity or NaN", "\n",
    "D3010", "Second argument of replace function cannot be an empty string", "\n",
    "D3011", "Fourth argument of replace function must evaluate to a positive number", "\n",
    "D3012", "Attempted to replace a matched string with a non-string value", "\n",
    "D3020", "Third argument of split function must evaluate to a positive number", "\n",
    "D3030", "Unable to cast value to a number", "\n",
    "D3040", "Third argument of match function must evaluate to a positive number", "\n",
    "D3050", "The second argument of reduce function must be a function with at least two arguments", "\n",
    "D3060", "The sqrt function cannot be applied to a negative number", "\n",
    "D3061", "The power function has resulted in a value that cannot be represented as a JSON number", "\n",
    "D3070", "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function", "\n",
    "D3080", "The picture string must only contain a maximum of two sub-pictures", "\n",
    "D3081", "The sub-picture must not contain more than one instance of the 'decimal-separator' character", "\n",
    "D3082", "The sub-picture must not contain more than one instance of the 'percent' character", "\n",
    "D3083", "The sub-picture must not contain more than one instance of the 'per-mille' character", "\n",
    "D3084", "The sub-picture must not contain both a 'percent' and a 'per-mille' character", "\n",
    "D3085", "The mantissa part of a sub-picture must contain at least one character that is either an 'optional digit character' or a member of the 'decimal digit family'", "\n",
    "D3086", "The sub-picture must not contain a passive character that is preceded by an active character and that is followed by another active character", "\n",
    "D3087", "The sub-picture must not contain a 'grouping-separator' character that appears adjacent to a 'decimal-separator' character", "\n",
    "D3088", "The sub-picture must not contain a 'grouping-separator' at the end of the integer part", "\n",
    "D3089", "The sub-picture must not contain two adjacent instances of the 'grouping-separator' character", "\n",
    "D3090", "The integer part of the sub-picture must not contain a member of the 'decimal digit family' that is followed by an instance of the 'optional digit character'", "\n",
    "D3091", "The fractional part of the sub-picture must not contain an instance of the 'optional digit character' that is followed by a member of the 'decimal digit family'", "\n",
    "D3092", "A sub-picture that contains a 'percent' or 'per-mille' character must not contain a character treated as an 'exponent-separator'", "\n",
    "D3093", "The exponent part of the sub-picture must comprise only of one or more characters that are members of the 'decimal digit family'", "\n",
    "D3100", "The radix of the formatBase function must be between 2 and 36", "\n",
    "D3110", "Unable to parse the timestamp", "\n",
    "D3120", "Syntax error in expression passed to function eval", "\n",
    "D3121", "Dynamic error evaluating the expression passed to function eval", "\n",
    "D3130", "Formatting or parsing an integer as a sequence starting with this character is not supported", "\n",
    "D3131", "In a decimal digit pattern, all digits must be from the same decimal group", "\n",
    "D3132", "Unknown component specifier in date/time picture string", "\n",
    "D3133", "The 'name' modifier can only be applied to months and days in the date/time picture string", "\n",
    "D3134", "The timezone integer format specifier cannot have more than four digits", "\n",
    "D3135", "No matching closing bracket ']' in date/time picture string", "\n",
    "D3136", "The date/time picture string is missing specifiers required to parse the timestamp", "\n",
    "D3137", "Error thrown by $error", "\n",
    "D3138", "The $single() function expected exactly 1 matching result.  Instead it matched more.", "\n",
    "D3139", "The $single() function expected exactly 1 matching result.  Instead it matched 0.", "\n",
    "D3140", "Malformed URL passed to a decode function", "\n",
    "D3141", "Assertion failed", "\n",
    "U1001", "Stack overflow error: Check for non-terminating recursive function. Consider rewriting as tail-recursive.", "\n",
);

fn describe(code: &str) -> &'static str {
    MESSAGES.lines().find_map(|line| line.strip_prefix(code)).unwrap_or("JSONata error")
}
