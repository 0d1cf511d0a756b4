//! The diagnostic codes of the model stage (documented in docs/errors.md).
//!
//! E04xx: the instrument's YAML (`protocol/*.yaml`) and its translations
//! (`protocol/translations/<lang>/*.yaml`). E05xx: what `.law` files say, read against
//! the vocabulary and each other. E06xx: `jurisdiction.yaml` and `assessments.yaml`.

use crate::diagnostic::Code;

pub const YAML_SYNTAX: Code = Code::error("E0401", "invalid-yaml");
pub const UNKNOWN_FACET_YAML: Code = Code::error("E0402", "unknown-facet");
pub const UNKNOWN_VALUE_YAML: Code = Code::error("E0403", "unknown-vocabulary-value");
pub const DUPLICATE_ID: Code = Code::error("E0404", "duplicate-id");
pub const UNKNOWN_OBLIGATION: Code = Code::error("E0405", "unknown-obligation");
pub const BAD_FIELD: Code = Code::error("E0406", "invalid-field-value");
pub const BAD_REQUIREMENT: Code = Code::error("E0407", "invalid-requirement");
pub const RELATIONS_TOO_LARGE: Code = Code::error("E0408", "relations-too-large");
pub const BAD_TRANSLATION: Code = Code::error("E0409", "invalid-translation");
pub const UNKNOWN_TRANSLATION_ID: Code = Code::error("E0410", "unknown-translation-id");
pub const TRANSLATION_MISMATCH: Code = Code::error("E0411", "translation-catalog-mismatch");
pub const STALE_TRANSLATION: Code = Code::warning("W0401", "stale-translation");

pub const UNKNOWN_TAG_FACET: Code = Code::error("E0501", "unknown-tag-facet");
pub const UNKNOWN_TAG_VALUE: Code = Code::error("E0502", "unknown-tag-value");
pub const WRONG_FACET: Code = Code::error("E0503", "value-of-another-facet");
pub const DANGLING_REFERENCE: Code = Code::error("E0504", "dangling-reference");
pub const UNKNOWN_RULE: Code = Code::error("E0505", "unknown-rule-kind");
pub const UNKNOWN_ACT: Code = Code::error("E0506", "unknown-act");
pub const BAD_QUALIFICATION: Code = Code::error("E0507", "invalid-qualified-offence");
pub const BAD_DEFINITION: Code = Code::error("E0508", "invalid-definition");
pub const DEFINITION_CYCLE: Code = Code::error("E0509", "definition-cycle");
pub const BAD_LIMIT: Code = Code::error("E0510", "invalid-narrowing");
pub const BAD_CLASS: Code = Code::error("E0511", "invalid-offence-class");
pub const BAD_READING: Code = Code::error("E0512", "invalid-reading");
pub const UNKNOWN_INSTRUMENT: Code = Code::error("E0513", "unknown-instrument");
pub const RELIED_ON_UNVERIFIED: Code = Code::warning("W0501", "relied-on-unverified");

pub const BAD_JURISDICTION: Code = Code::error("E0601", "invalid-jurisdiction-file");
pub const UNKNOWN_PARENT: Code = Code::error("E0602", "unknown-parent-jurisdiction");
pub const BAD_ASSESSMENT: Code = Code::error("E0603", "invalid-assessment");
pub const NO_JUSTIFICATION: Code = Code::error("E0604", "assessment-without-justification");
pub const DUPLICATE_ASSESSMENT: Code = Code::error("E0605", "duplicate-assessment");
