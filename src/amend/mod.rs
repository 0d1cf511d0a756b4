//! Amendments: applying bills, comparing versions, and what a change does to compliance.
//!
//! Everything here is a pure function of syntax trees (and, for the coverage delta, of the
//! model): no files, no clock. The CLI (`lexgap diff`, `lexgap amend`) finds the input and prints
//! the result.

pub mod apply;
#[cfg(test)]
mod apply_reference;
pub mod check;
pub mod compare;
pub mod delta;
pub mod diff;
pub mod time;
pub mod words;

pub use apply::{Amended, apply, inverse_bill};
pub use check::check_bills;
pub use compare::{Comparison, between, with_bill};
pub use diff::{ActDiff, diff_acts};
