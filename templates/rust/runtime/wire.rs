//! Parameter values on the wire: how each type becomes text or a file part, and the file type.

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::error::Error;
use super::json::Json;
use super::response::{FromJson, ToJson};
use super::time::DateTime;

/// A parameter value ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireValue {
    /// Text, signed and sent as a form field.
    Text(String),
    /// File bytes; the gateway's file policy says how they travel.
    File(FileData),
}

/// Decoded file bytes with their file name.
#[derive(Clone, PartialEq, Eq)]
pub struct FileData {
    /// The file name sent with a multipart part.
    pub filename: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

impl fmt::Debug for FileData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileData")
            .field("filename", &self.filename)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// How a parameter type is written on the wire (the contract's encoding table).
pub trait ToWire {
    /// This value on the wire; `Err` carries the reason (e.g. `is not valid base64`).
    fn to_wire(&self) -> Result<WireValue, String>;

    /// Whether this value goes on the wire as text that `blank` calls blank (a file, or a value
    /// that does not convert, never is). Types whose text cannot be blank, and text itself,
    /// answer without converting.
    fn is_blank_with(&self, blank: &dyn Fn(&str) -> bool) -> bool {
        matches!(self.to_wire(), Ok(WireValue::Text(text)) if blank(&text))
    }

    /// A list of these values: basic values comma-joined; structs override this with a JSON array.
    fn list_to_wire(items: &[Self]) -> Result<WireValue, String>
    where
        Self: Sized,
    {
        let mut parts = Vec::with_capacity(items.len());
        for item in items {
            match item.to_wire()? {
                WireValue::Text(text) => parts.push(text),
                WireValue::File(_) => return Err("a list of files cannot be sent".to_owned()),
            }
        }
        Ok(WireValue::Text(parts.join(",")))
    }
}

/// A struct of the API's JSON (each `json_struct!`): sent as its JSON text, a list of them as a
/// JSON array. One generic implementation, so a crate of many structs compiles it once.
pub trait JsonObject: ToJson {}

impl<T: JsonObject> ToWire for T {
    fn to_wire(&self) -> Result<WireValue, String> {
        Ok(WireValue::Text(self.to_json().to_string()))
    }

    fn list_to_wire(items: &[Self]) -> Result<WireValue, String> {
        let list = Json::Array(items.iter().map(ToJson::to_json).collect());
        Ok(WireValue::Text(list.to_string()))
    }
}

impl ToWire for String {
    fn to_wire(&self) -> Result<WireValue, String> {
        Ok(WireValue::Text(self.clone()))
    }

    fn is_blank_with(&self, blank: &dyn Fn(&str) -> bool) -> bool {
        blank(self)
    }
}

impl ToWire for i64 {
    fn to_wire(&self) -> Result<WireValue, String> {
        Ok(WireValue::Text(self.to_string()))
    }

    fn is_blank_with(&self, _: &dyn Fn(&str) -> bool) -> bool {
        false
    }
}

impl ToWire for bool {
    fn to_wire(&self) -> Result<WireValue, String> {
        Ok(WireValue::Text(
            if *self { "true" } else { "false" }.to_owned(),
        ))
    }

    fn is_blank_with(&self, _: &dyn Fn(&str) -> bool) -> bool {
        false
    }
}

impl ToWire for Json {
    fn to_wire(&self) -> Result<WireValue, String> {
        Ok(WireValue::Text(self.to_string()))
    }
}

impl ToWire for DateTime {
    fn to_wire(&self) -> Result<WireValue, String> {
        Ok(WireValue::Text(self.to_string()))
    }
}

impl<T: ToWire> ToWire for Vec<T> {
    fn to_wire(&self) -> Result<WireValue, String> {
        T::list_to_wire(self)
    }
}

impl ToWire for File {
    fn is_blank_with(&self, _: &dyn Fn(&str) -> bool) -> bool {
        false
    }

    fn to_wire(&self) -> Result<WireValue, String> {
        Ok(WireValue::File(FileData {
            filename: self.filename.clone(),
            bytes: self.bytes()?.into_owned(),
        }))
    }
}

/// The business parameters of one request, in the API's order.
#[derive(Debug, Default)]
pub struct Params {
    values: Vec<(&'static str, WireValue)>,
}

impl Params {
    /// Adds `value` under `name` when it is set.
    pub fn add<T: ToWire + ?Sized>(
        &mut self,
        name: &'static str,
        value: Option<&T>,
    ) -> Result<(), Error> {
        if let Some(value) = value {
            let wire = value
                .to_wire()
                .map_err(|reason| Error::validation(name, reason))?;
            self.values.push((name, wire));
        }
        Ok(())
    }

    /// The parameters added so far.
    pub fn into_values(self) -> Vec<(&'static str, WireValue)> {
        self.values
    }
}

/// A file parameter: raw bytes, or base64 text that is decoded when the request is prepared.
#[derive(Clone, PartialEq, Eq)]
pub struct File {
    filename: String,
    source: Source,
}

#[derive(Clone, PartialEq, Eq)]
enum Source {
    Bytes(Vec<u8>),
    Base64(String),
}

impl File {
    /// A file from its bytes.
    pub fn from_bytes(filename: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            filename: filename.into(),
            source: Source::Bytes(bytes.into()),
        }
    }

    /// A file from standard base64 text (checked when the request is prepared).
    pub fn from_base64(filename: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            filename: filename.into(),
            source: Source::Base64(text.into()),
        }
    }

    /// Reads a file from disk; its file name is the path's last component.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Self::from_bytes(name, std::fs::read(path)?))
    }

    /// The file name.
    pub fn filename(&self) -> &str {
        &self.filename
    }

    /// The bytes (decoded when given as base64); `Err` says `is not valid base64`.
    ///
    /// Base64 text loses its ASCII whitespace (space, tab, CR, LF, FF) anywhere, then is decoded
    /// strictly: standard alphabet, `=` padding required.
    pub fn bytes(&self) -> Result<Cow<'_, [u8]>, String> {
        match &self.source {
            Source::Bytes(b) => Ok(Cow::Borrowed(b)),
            Source::Base64(text) => {
                let compact: String = text
                    .chars()
                    .filter(|c| !matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{000C}'))
                    .collect();
                BASE64
                    .decode(compact)
                    .map(Cow::Owned)
                    .map_err(|_| "is not valid base64".to_owned())
            }
        }
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let len = match &self.source {
            Source::Bytes(b) => b.len(),
            Source::Base64(t) => t.len() / 4 * 3,
        };
        f.debug_struct("File")
            .field("filename", &self.filename)
            .field("len", &len)
            .finish()
    }
}

/// A file in a JSON struct: base64 text.
impl FromJson for File {
    fn fits(json: &Json) -> bool {
        matches!(json, Json::String(_))
    }
    fn from_json(json: Json) -> Result<Self, Json> {
        match json {
            Json::String(text) => Ok(Self::from_base64("", text)),
            other => Err(other),
        }
    }
}

/// Written as standard base64 (base64 given as text is re-encoded; text that is not base64 is
/// written as given, and refused by validation before any request is sent).
impl ToJson for File {
    fn to_json(&self) -> Json {
        match (&self.source, self.bytes()) {
            (_, Ok(bytes)) => Json::String(BASE64.encode(bytes)),
            (Source::Base64(text), Err(_)) => Json::String(text.clone()),
            (Source::Bytes(_), Err(_)) => Json::Null,
        }
    }
}

/// Standard base64 with padding, as `base64_field` gateways send files.
pub fn base64_text(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG_HEADER: [u8; 16] = [
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    #[test]
    fn base64_ignores_ascii_whitespace_anywhere() {
        let trailing = File::from_base64("a.png", "iVBORw0KGgoAAAAAAAAAAA==\n");
        assert_eq!(trailing.bytes().unwrap().as_ref(), PNG_HEADER);
        let inside = File::from_base64("a.png", "iVBORw0K\r\nGgoAAA AAAA\tAAAA==\u{000C}");
        assert_eq!(inside.bytes().unwrap().as_ref(), PNG_HEADER);
    }

    #[test]
    fn base64_is_strict() {
        for text in [
            "abc",
            "iVBORw0KGgoAAAAAAAAAAA",
            "iVBORw0KGgoAAAAAAAAAAA==\u{000B}",
            "iVBORw0K_goAAAAAAAAAAA==",
        ] {
            assert_eq!(
                File::from_base64("a", text).bytes().unwrap_err(),
                "is not valid base64",
                "{text:?}"
            );
        }
    }
}
