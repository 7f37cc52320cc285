//! Shared by the integration tests: a stub OpenAI-compatible server, a JSON Schema checker,
//! and findings as snapshot text.

#![allow(dead_code)]

pub mod findings;
pub mod schema;
pub mod stub;
