//! JSON written byte for byte as serde_json writes it (compact, or its pretty layout starting
//! some levels deep), into a `Vec<u8>`, with strings searched for the bytes JSON escapes
//! eight at a time.
//!
//! Writing the reports was 3% of a batch over a documentation site and 29% of one over
//! near-empty files. serde_json writes every token (a comma, a line break, each level of
//! indentation, a colon) with an `io::Write` call of its own and looks every byte of a string
//! up in a table (its escaping loop is not part of its `Formatter`); a report's strings are
//! short, so the copies per token cost the most. Here a line break and its indentation are one
//! copy. Numbers are written by serde_json's own `CompactFormatter` (the same digits, the same
//! shortest floats); a non-finite float is `null`, as there. The tests hold the output to
//! serde_json's on every shape serde can hand a serializer and on real reports.

use serde::ser::{self, Impossible, Serialize};
use serde_json::ser::{CompactFormatter, Formatter};
use std::fmt;

/// Why a value could not be written (a map key that is not a string or a number, or an error
/// of the value's own `Serialize`).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl From<Error> for std::io::Error {
    fn from(error: Error) -> Self {
        std::io::Error::other(error)
    }
}

type Result<T = ()> = std::result::Result<T, Error>;

/// Appends `value` to `out` as `serde_json::to_writer` writes it.
pub fn write_compact<T: ?Sized + Serialize>(out: &mut Vec<u8>, value: &T) -> Result {
    value.serialize(&mut JsonWriter::new(out, false, 0))
}

/// Appends `value` to `out` as serde_json's `PrettyFormatter` writes it (two spaces a level),
/// as if it stood `level` levels deep: its inner lines are indented by `level` more levels,
/// its first line not at all.
pub fn write_pretty_at<T: ?Sized + Serialize>(
    out: &mut Vec<u8>,
    level: usize,
    value: &T,
) -> Result {
    value.serialize(&mut JsonWriter::new(out, true, level))
}

/// The serializer: the output, and in pretty layout the state of serde_json's
/// `PrettyFormatter` (the depth, and whether the innermost open array or object has a value).
struct JsonWriter<'o> {
    out: &'o mut Vec<u8>,
    pretty: bool,
    level: usize,
    has_value: bool,
}

impl<'o> JsonWriter<'o> {
    fn new(out: &'o mut Vec<u8>, pretty: bool, level: usize) -> JsonWriter<'o> {
        JsonWriter {
            out,
            pretty,
            level,
            has_value: false,
        }
    }

    fn open(&mut self, bracket: u8) {
        if self.pretty {
            self.level += 1;
            self.has_value = false;
        }
        self.out.push(bracket);
    }

    fn close(&mut self, bracket: u8) {
        if self.pretty {
            self.level -= 1;
            if self.has_value {
                self.line_break(false);
            }
        }
        self.out.push(bracket);
    }

    /// Before an array element or an object key.
    fn item(&mut self, first: bool) {
        if self.pretty {
            self.line_break(!first);
        } else if !first {
            self.out.push(b',');
        }
    }

    /// A comma when `comma`, a new line and its indentation, in one copy (with a copy for each,
    /// as serde_json makes them, this writer was no quicker than serde_json).
    fn line_break(&mut self, comma: bool) {
        const BREAK: &[u8; 66] =
            b",\n                                                                ";
        let end = 2 + 2 * self.level;
        if end <= BREAK.len() {
            self.out.extend_from_slice(&BREAK[usize::from(!comma)..end]);
        } else {
            self.out
                .extend_from_slice(if comma { b",\n" } else { b"\n" });
            self.indent();
        }
    }

    /// After an array element or an object value.
    fn item_done(&mut self) {
        self.has_value = true;
    }

    /// Between an object key and its value.
    fn colon(&mut self) {
        if self.pretty {
            self.out.extend_from_slice(b": ");
        } else {
            self.out.push(b':');
        }
    }

    fn indent(&mut self) {
        const SPACES: &[u8; 64] = &[b' '; 64];
        let mut width = 2 * self.level;
        while width > 0 {
            let n = width.min(SPACES.len());
            self.out.extend_from_slice(&SPACES[..n]);
            width -= n;
        }
    }

    fn string(&mut self, value: &str) {
        write_escaped(self.out, value);
    }

    /// Writes with serde_json's own number formatting (never fails on a `Vec`).
    fn number(&mut self, write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) {
        write(self.out).expect("writing to a Vec cannot fail");
    }

    /// A float by `write`, or `null` when it is not `finite` (NaN, infinities), as serde_json.
    fn float(&mut self, finite: bool, write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) {
        if finite {
            self.number(write);
        } else {
            self.out.extend_from_slice(b"null");
        }
    }

    /// `{"variant":` before a variant's content.
    fn open_variant(&mut self, variant: &str) {
        self.open(b'{');
        self.item(true);
        self.string(variant);
        self.colon();
    }

    /// `{"variant":` and the array or object of a tuple or struct variant.
    fn variant_compound(
        &mut self,
        variant: &str,
        brackets: [u8; 2],
        len: usize,
    ) -> Compound<'_, 'o> {
        self.open_variant(variant);
        let mut compound = self.compound(brackets, Some(len));
        compound.variant = true;
        compound
    }

    /// `}` after a variant's content.
    fn close_variant(&mut self) {
        self.item_done();
        self.close(b'}');
    }

    /// An array (`*b"[]"`) or object (`*b"{}"`) opened, and closed at once when `len` says it
    /// is empty, as serde_json does.
    fn compound(&mut self, [open, close]: [u8; 2], len: Option<usize>) -> Compound<'_, 'o> {
        self.open(open);
        let state = if len == Some(0) {
            self.close(close);
            State::Empty
        } else {
            State::First
        };
        Compound {
            writer: self,
            state,
            variant: false,
        }
    }

    fn seq(&mut self, len: Option<usize>) -> Compound<'_, 'o> {
        self.compound(*b"[]", len)
    }

    fn map(&mut self, len: Option<usize>) -> Compound<'_, 'o> {
        self.compound(*b"{}", len)
    }
}

/// The bytes JSON escapes: `"`, `\` and the control characters below 0x20 (not DEL, not `/`,
/// nothing beyond ASCII), as serde_json.
fn is_escaped(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// The offset of the first byte of `bytes` that [`is_escaped`], eight bytes at a time (the last
/// word overlaps the one before it: its bytes there are known not to be escaped). Four to
/// seven bytes (most keys of a report) are one word of two overlapping halves, not a loop
/// over the bytes (the Rust blog's 212,618 strings: 26.6 M -> 23.9 M instructions).
fn first_escaped(bytes: &[u8]) -> Option<usize> {
    let n = bytes.len();
    if n < 4 {
        return bytes.iter().position(|&b| is_escaped(b));
    }
    if n < 8 {
        let half = |at: usize| {
            u64::from(u32::from_le_bytes(
                bytes[at..at + 4].try_into().expect("four bytes"),
            ))
        };
        // The lowest flag is exact (see [`escaped_flags`]): in the low half, byte k; in the
        // high half only when the low half has none, so the bytes both halves hold are not
        // escaped, and high byte k - 4 is byte n + k - 8.
        let flags = escaped_flags(half(0) | (half(n - 4) << 32));
        return (flags != 0).then(|| match (flags.trailing_zeros() / 8) as usize {
            k if k < 4 => k,
            k => n + k - 8,
        });
    }
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
    let first = |flags: u64| (flags.trailing_zeros() / 8) as usize;
    let mut at = 0;
    while at + 8 < n {
        let flags = escaped_flags(word(at));
        if flags != 0 {
            return Some(at + first(flags));
        }
        at += 8;
    }
    let last = n - 8;
    let flags = escaped_flags(word(last));
    (flags != 0).then(|| last + first(flags))
}

/// The top bit of each byte of `x` (eight bytes, little-endian) that may be [`is_escaped`]:
/// a byte below 0x20 borrows in `x - 0x20..`, a `"` or `\` in `(x ^ c..) - 0x01..`; bytes
/// with the high bit set are masked out. A borrow only runs upwards, so the lowest flag (the
/// first byte) is always a byte that is escaped.
fn escaped_flags(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let control = x.wrapping_sub(ONES * 0x20);
    let quote = (x ^ (ONES * u64::from(b'"'))).wrapping_sub(ONES);
    let backslash = (x ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES);
    (control | quote | backslash) & !x & HIGH
}

/// Appends `value` as a JSON string, escaped as serde_json escapes it.
fn write_escaped(out: &mut Vec<u8>, value: &str) {
    out.reserve(value.len() + 2);
    out.push(b'"');
    let mut rest = value.as_bytes();
    while let Some(i) = first_escaped(rest) {
        out.extend_from_slice(&rest[..i]);
        push_escape(out, rest[i]);
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

fn push_escape(out: &mut Vec<u8>, byte: u8) {
    const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0C => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        _ => {
            let hex = [
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX_DIGITS[usize::from(byte >> 4)],
                HEX_DIGITS[usize::from(byte & 0xF)],
            ];
            return out.extend_from_slice(&hex);
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

enum State {
    /// Opened and closed at once (a length of 0 was announced).
    Empty,
    First,
    Rest,
}

/// An open array or object (of a variant, when `variant`: closed with the variant's object).
struct Compound<'w, 'o> {
    writer: &'w mut JsonWriter<'o>,
    state: State,
    variant: bool,
}

impl Compound<'_, '_> {
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.writer.item(matches!(self.state, State::First));
        self.state = State::Rest;
        value.serialize(&mut *self.writer)?;
        self.writer.item_done();
        Ok(())
    }

    fn key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        self.writer.item(matches!(self.state, State::First));
        self.state = State::Rest;
        key.serialize(KeyWriter(&mut *self.writer))
    }

    fn value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.writer.colon();
        value.serialize(&mut *self.writer)?;
        self.writer.item_done();
        Ok(())
    }

    fn finish(self, bracket: u8) -> Result {
        if !matches!(self.state, State::Empty) {
            self.writer.close(bracket);
        }
        if self.variant {
            self.writer.close_variant();
        }
        Ok(())
    }
}

/// The four sequence traits: one method for an element, then `]`.
macro_rules! sequence_impls {
    ($($trait:ident::$element:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn $element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
                self.element(value)
            }
            fn end(self) -> Result {
                self.finish(b']')
            }
        }
    )*};
}

sequence_impls!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// The two struct traits: a field is a key and its value, then `}`.
macro_rules! struct_impls {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result {
                self.key(key)?;
                self.value(value)
            }
            fn end(self) -> Result {
                self.finish(b'}')
            }
        }
    )*};
}

struct_impls!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        self.key(key)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.value(value)
    }
    fn end(self) -> Result {
        self.finish(b'}')
    }
}

/// `serialize_i8` to `serialize_u32` through `serialize_i64` and `serialize_u64`, as serde_json
/// writes them.
macro_rules! narrow_integers_widened {
    () => {
        fn serialize_i8(self, v: i8) -> Result {
            self.serialize_i64(v.into())
        }
        fn serialize_i16(self, v: i16) -> Result {
            self.serialize_i64(v.into())
        }
        fn serialize_i32(self, v: i32) -> Result {
            self.serialize_i64(v.into())
        }
        fn serialize_u8(self, v: u8) -> Result {
            self.serialize_u64(v.into())
        }
        fn serialize_u16(self, v: u16) -> Result {
            self.serialize_u64(v.into())
        }
        fn serialize_u32(self, v: u32) -> Result {
            self.serialize_u64(v.into())
        }
    };
}

impl<'w, 'o> ser::Serializer for &'w mut JsonWriter<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w, 'o>;
    type SerializeTuple = Compound<'w, 'o>;
    type SerializeTupleStruct = Compound<'w, 'o>;
    type SerializeTupleVariant = Compound<'w, 'o>;
    type SerializeMap = Compound<'w, 'o>;
    type SerializeStruct = Compound<'w, 'o>;
    type SerializeStructVariant = Compound<'w, 'o>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    narrow_integers_widened!();
    fn serialize_i64(self, v: i64) -> Result {
        self.number(|out| CompactFormatter.write_i64(out, v));
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result {
        self.number(|out| CompactFormatter.write_i128(out, v));
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result {
        self.number(|out| CompactFormatter.write_u64(out, v));
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result {
        self.number(|out| CompactFormatter.write_u128(out, v));
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result {
        self.float(v.is_finite(), |out| CompactFormatter.write_f32(out, v));
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.float(v.is_finite(), |out| CompactFormatter.write_f64(out, v));
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        use ser::SerializeSeq;
        let mut seq = self.seq(Some(v.len()));
        for byte in v {
            seq.element(byte)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.close_variant();
        Ok(())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'w, 'o>> {
        Ok(self.seq(len))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w, 'o>> {
        Ok(self.seq(Some(len)))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'w, 'o>> {
        Ok(self.seq(Some(len)))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'o>> {
        Ok(self.variant_compound(variant, *b"[]", len))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'w, 'o>> {
        Ok(self.map(len))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'w, 'o>> {
        Ok(self.map(Some(len)))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'o>> {
        Ok(self.variant_compound(variant, *b"{}", len))
    }
}

/// An object key: a string, or a number or boolean written in quotes, as serde_json's
/// `MapKeySerializer`; anything else is an error.
struct KeyWriter<'w, 'o>(&'w mut JsonWriter<'o>);

impl KeyWriter<'_, '_> {
    fn quoted(self, write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> Result {
        self.0.out.push(b'"');
        self.0.number(write);
        self.0.out.push(b'"');
        Ok(())
    }

    /// A float key, quoted; not `finite` (NaN, infinities) is an error, as in serde_json.
    fn quoted_float(
        self,
        finite: bool,
        write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
    ) -> Result {
        if !finite {
            return Err(Error(
                "float key must be finite (got NaN or +/-inf)".to_string(),
            ));
        }
        self.quoted(write)
    }
}

fn key_must_be_a_string() -> Error {
    Error("key must be a string".to_string())
}

impl ser::Serializer for KeyWriter<'_, '_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result {
        self.0.string(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.0.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.0.string(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_bool(self, v: bool) -> Result {
        self.quoted(|out| CompactFormatter.write_bool(out, v))
    }
    narrow_integers_widened!();
    fn serialize_i64(self, v: i64) -> Result {
        self.quoted(|out| CompactFormatter.write_i64(out, v))
    }
    fn serialize_i128(self, v: i128) -> Result {
        self.quoted(|out| CompactFormatter.write_i128(out, v))
    }
    fn serialize_u64(self, v: u64) -> Result {
        self.quoted(|out| CompactFormatter.write_u64(out, v))
    }
    fn serialize_u128(self, v: u128) -> Result {
        self.quoted(|out| CompactFormatter.write_u128(out, v))
    }
    fn serialize_f32(self, v: f32) -> Result {
        self.quoted_float(v.is_finite(), |out| CompactFormatter.write_f32(out, v))
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.quoted_float(v.is_finite(), |out| CompactFormatter.write_f64(out, v))
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_unit(self) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Impossible<(), Error>> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Impossible<(), Error>> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Impossible<(), Error>> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Impossible<(), Error>> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Impossible<(), Error>> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Impossible<(), Error>> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Impossible<(), Error>> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Rng;
    use serde::Serialize;
    use std::collections::BTreeMap;

    fn compact(value: &impl Serialize) -> String {
        let mut out = Vec::new();
        write_compact(&mut out, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn pretty_at(level: usize, value: &impl Serialize) -> String {
        let mut out = Vec::new();
        write_pretty_at(&mut out, level, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// serde_json's pretty output with every line but the first indented `level` levels.
    fn serde_json_pretty_at(level: usize, value: &impl Serialize) -> String {
        let text = serde_json::to_string_pretty(value).unwrap();
        let indent = "  ".repeat(level);
        text.split('\n')
            .enumerate()
            .map(|(i, line)| {
                if i == 0 {
                    line.to_string()
                } else {
                    format!("{indent}{line}")
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Asserts that `value` is written as serde_json writes it, compact and pretty.
    fn assert_as_serde_json(value: &impl Serialize) {
        assert_eq!(compact(value), serde_json::to_string(value).unwrap());
        for level in [0, 1, 2, 40] {
            assert_eq!(pretty_at(level, value), serde_json_pretty_at(level, value));
        }
    }

    struct Bytes(Vec<u8>);

    impl Serialize for Bytes {
        fn serialize<S: ser::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
            s.serialize_bytes(&self.0)
        }
    }

    #[derive(Serialize)]
    struct Unit;

    #[derive(Serialize)]
    struct Newtype(u32);

    #[derive(Serialize)]
    struct Pair(i8, &'static str);

    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    enum Key {
        Plain,
    }

    #[derive(Serialize)]
    enum Variant {
        Unit,
        Newtype(Vec<u8>),
        Tuple(u8, Vec<()>),
        EmptyTuple(),
        Struct { a: Option<u8>, b: Vec<Vec<u8>> },
        EmptyStruct {},
    }

    #[derive(Serialize)]
    struct Inner {
        text: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
    }

    #[derive(Serialize)]
    struct AllSkipped {
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
    }

    #[derive(Serialize)]
    struct Shapes {
        yes: bool,
        no: bool,
        small: (i8, i16, i32, i64, i128),
        large: (u8, u16, u32, u64, u128),
        floats: Vec<f64>,
        single: Vec<f32>,
        chars: Vec<char>,
        none: Option<u8>,
        some: Option<Option<u8>>,
        unit: (),
        unit_struct: Unit,
        newtype: Newtype,
        pair: Pair,
        bytes: Bytes,
        no_bytes: Bytes,
        variants: Vec<Variant>,
        empties: (Vec<u8>, Vec<Vec<u8>>, BTreeMap<String, u8>, AllSkipped),
        nested_empties: Vec<(Vec<u8>, BTreeMap<u8, ()>)>,
        string_keys: BTreeMap<String, Inner>,
        number_keys: BTreeMap<i64, u8>,
        bool_keys: BTreeMap<bool, u8>,
        char_keys: BTreeMap<char, u8>,
        variant_keys: BTreeMap<Key, u8>,
        #[serde(flatten)]
        flattened: Inner,
        #[serde(flatten)]
        flattened_map: BTreeMap<String, Vec<u8>>,
    }

    fn shapes() -> Shapes {
        Shapes {
            yes: true,
            no: false,
            small: (i8::MIN, -300, i32::MIN, i64::MIN, i128::MIN),
            large: (u8::MAX, 300, u32::MAX, u64::MAX, u128::MAX),
            floats: vec![
                0.0,
                -0.0,
                0.1,
                1.5,
                -2.0,
                1e21,
                1e-7,
                123_456_789.125,
                f64::MAX,
                f64::MIN_POSITIVE,
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
            ],
            single: vec![0.1, 3.0, f32::NAN, f32::MAX],
            chars: vec!['a', '"', '\n', '\u{1f}', 'é', '😀'],
            none: None,
            some: Some(None),
            unit: (),
            unit_struct: Unit,
            newtype: Newtype(7),
            pair: Pair(-1, "two"),
            bytes: Bytes(vec![0, 1, 255]),
            no_bytes: Bytes(Vec::new()),
            variants: vec![
                Variant::Unit,
                Variant::Newtype(vec![1, 2]),
                Variant::Newtype(Vec::new()),
                Variant::Tuple(3, vec![(), ()]),
                Variant::EmptyTuple(),
                Variant::Struct {
                    a: Some(1),
                    b: vec![vec![], vec![2]],
                },
                Variant::EmptyStruct {},
            ],
            empties: (
                Vec::new(),
                vec![Vec::new()],
                BTreeMap::new(),
                AllSkipped { skipped: None },
            ),
            nested_empties: vec![
                (Vec::new(), BTreeMap::new()),
                (vec![1], BTreeMap::from([(1, ())])),
            ],
            string_keys: BTreeMap::from([
                (
                    "a \"key\"\n".to_string(),
                    Inner {
                        text: "x".to_string(),
                        skipped: None,
                    },
                ),
                (
                    String::new(),
                    Inner {
                        text: String::new(),
                        skipped: Some(4),
                    },
                ),
            ]),
            number_keys: BTreeMap::from([(-5, 1), (i64::MAX, 2)]),
            bool_keys: BTreeMap::from([(false, 1), (true, 2)]),
            char_keys: BTreeMap::from([('"', 1), ('k', 2)]),
            variant_keys: BTreeMap::from([(Key::Plain, 1)]),
            flattened: Inner {
                text: "flat\ttext".to_string(),
                skipped: Some(9),
            },
            flattened_map: BTreeMap::from([("list".to_string(), vec![1, 2])]),
        }
    }

    #[test]
    fn every_shape_is_written_as_serde_json_writes_it() {
        assert_as_serde_json(&shapes());
        assert_as_serde_json(&Vec::<u8>::new());
        assert_as_serde_json(&BTreeMap::<String, u8>::new());
        assert_as_serde_json(&"top-level string");
        assert_as_serde_json(&Variant::Struct { a: None, b: vec![] });
        let value: serde_json::Value = serde_json::from_str(
            r#"{"b": [1, -2.5, 1e300, "x\u0001", null, true, {}, [], [[]], {"k": {"l": []}}]}"#,
        )
        .unwrap();
        assert_as_serde_json(&value);
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        // Every ASCII byte (and one beyond) at every offset of a word and its tail.
        for byte in (0u8..128).map(char::from).chain(['é', '€', '\u{2028}']) {
            for len in 0..20 {
                for at in 0..=len {
                    let mut text: String = "abcdefghijklmnopqrst"[..len].to_string();
                    text.insert(at, byte);
                    assert_eq!(
                        compact(&text),
                        serde_json::to_string(&text).unwrap(),
                        "{byte:?} at {at} of {len}"
                    );
                }
            }
        }
        let alphabet = [
            "a", "Z", " ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1f}", "\u{7f}", "é", "—",
            "😀", "/", "!", "#", "\u{8}", "\u{c}", "]", "\u{b}",
        ];
        let mut rng = Rng(7);
        for _ in 0..2_000 {
            let text: String = (0..rng.below(40)).map(|_| *rng.pick(&alphabet)).collect();
            assert_eq!(
                compact(&text),
                serde_json::to_string(&text).unwrap(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn keys_that_are_not_strings_or_numbers_are_errors() {
        let map = BTreeMap::from([(vec![1u8], 1u8)]);
        assert!(serde_json::to_string(&map).is_err());
        let error = write_compact(&mut Vec::new(), &map).unwrap_err();
        assert_eq!(error.to_string(), "key must be a string");
        let map = BTreeMap::from([(Some(()), 1u8)]);
        assert!(serde_json::to_string(&map).is_err());
        assert!(write_compact(&mut Vec::new(), &map).is_err());
        let floats = [(f64::NAN, 1u8)];
        let map: Vec<_> = floats.iter().map(|(k, v)| (k.to_string(), v)).collect();
        assert_as_serde_json(&map);
    }
}
