//! Stage 1 — syntax: `.law` and `.bill` text in, typed syntax trees with spans out.
//!
//! Nothing here reads files or knows the instrument's vocabulary; the parser only knows the
//! grammar, and reports every grammar error it finds (it recovers at the next line).

pub mod ast;
pub mod bill;
pub mod format;
pub mod lexer;
pub mod lint;
pub mod numbering;
pub mod parser;
pub mod span;

pub use bill::{format_bill, parse_bill};
pub use format::format_law;
pub use parser::parse_law;
pub use span::{Span, Spanned};
