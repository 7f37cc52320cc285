//! Style rules (dimension `persona_style`). Most are declarative and depend on the tone
//! profile: rules/style-professional.toml, style-academic.toml, style-casual.toml (see
//! [`crate::packs`]). The built-in ones here apply to every tone.

mod shouting;

pub use shouting::Shouting;
