//! lexgap: checks a jurisdiction's law against an international instrument — first the UN
//! Firearms Protocol — element by element. See ARCHITECTURE.md for the map of the code.
//!
//! The pipeline runs one way: `workspace` (the only input I/O) → `syntax` (text to tree) →
//! `model` (typed, validated) → `coverage` / `amend` (pure functions) → `report` → `cli`.

// One `unsafe` block in the crate: `source::into_string`, after SIMD UTF-8 validation.
#![deny(unsafe_code)]
// Input data must never crash lexgap: no unwrap/expect/indexing that could fail outside tests.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod amend;
pub mod cli;
pub mod coverage;
pub mod csv;
pub mod date;
pub mod diagnostic;
pub mod draft;
pub mod fsio;
pub mod import;
pub mod lsp;
pub mod model;
pub mod report;
pub mod source;
pub mod stream;
pub mod syntax;
pub mod workspace;
