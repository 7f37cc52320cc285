//! Shared by the integration tests: a stub OpenAI-compatible server and a JSON Schema checker.

#![allow(dead_code)]

pub mod schema;
pub mod stub;
