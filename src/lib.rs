//! lexgap: checks a jurisdiction's law against an international instrument — first the UN
//! Firearms Protocol — element by element. See ARCHITECTURE.md for the map of the code.

pub mod date;
pub mod syntax;
pub mod diagnostic;
pub mod source;
