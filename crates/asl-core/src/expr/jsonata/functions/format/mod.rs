//! Number formatting by picture strings: `$formatNumber`, `$formatInteger`, `$parseInteger`.

mod integer;
mod number;
mod numerals;

use crate::expr::jsonata::error::Result;
use crate::expr::jsonata::value::Value;

pub use integer::{analyse_integer_picture, format_int_with, format_integer, parse_int_with, parse_integer};
pub use integer::{Case, IntFormat, Primary};
pub use number::format_number;
pub use numerals::word_alternation;

type R = Result<Value>;
