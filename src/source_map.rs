//! Where each value of a YAML file stands, by path (`api.params[3].type`), so that checks on the
//! deserialized spec can point at the exact line and column.

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// How deep mappings and sequences may nest. The deepest spec shape (a list of structs in a
/// request case) needs about ten levels; the limit keeps paths short and the parser's and serde's
/// recursion far from the stack's end.
pub const MAX_DEPTH: usize = 64;

/// Line and column (both 1-based) of every key and value in one YAML document.
#[derive(Debug, Default)]
pub struct SourceMap {
    values: BTreeMap<String, (usize, usize)>,
    keys: BTreeMap<String, (usize, usize)>,
    /// Characters no spec string may hold, in file order (see [`forbidden_char`]).
    pub forbidden: Vec<ForbiddenChar>,
}

/// A character no spec string may hold, found in a key or value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForbiddenChar {
    /// Where the key or value that holds it starts (1-based).
    pub line: usize,
    pub column: usize,
    pub ch: char,
    /// The key or value's path (`api.params[0].description`), empty at the top.
    pub path: String,
    /// 1-based position of the character within the value.
    pub position: usize,
}

/// Whether a spec string may not hold `c`, and why: control characters (other than tab, line
/// feed and carriage return) and text-direction controls, which reorder how source text is shown
/// (Trojan Source, CVE-2021-42574) and have no use in names, descriptions or values.
pub fn forbidden_char(c: char) -> Option<&'static str> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            Some("a text-direction control character")
        }
        c if c.is_control() => Some("a control character"),
        _ => None,
    }
}

/// A syntax error: position (1-based) and the parser's message.
#[derive(Debug)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl SourceMap {
    /// Reads the first document event by event (the parser's own `load` recurses once per level
    /// and overflows the stack on deep input); nesting beyond [`MAX_DEPTH`] is an error.
    pub fn parse(text: &str) -> Result<Self, SyntaxError> {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        loop {
            let (event, mark) = parser.next_token().map_err(|e| SyntaxError {
                line: e.marker().line(),
                column: e.marker().col() + 1,
                message: e.info().to_owned(),
            })?;
            if matches!(event, Event::StreamEnd | Event::DocumentEnd) {
                break;
            }
            builder.on_event(event, mark);
            if builder.stack.len() > MAX_DEPTH {
                return Err(SyntaxError {
                    line: mark.line(),
                    column: mark.col() + 1,
                    message: format!("nesting deeper than {MAX_DEPTH} levels"),
                });
            }
        }
        Ok(builder.map)
    }

    /// Where the value at `path` starts; falls back to the nearest enclosing value.
    pub fn value(&self, path: &str) -> (usize, usize) {
        self.lookup(&self.values, path)
    }

    /// Where the key of `path` stands (for "unknown key" and "duplicate name" messages).
    pub fn key(&self, path: &str) -> (usize, usize) {
        if let Some(at) = self.keys.get(path) {
            return *at;
        }
        self.value(path)
    }

    fn lookup(&self, table: &BTreeMap<String, (usize, usize)>, path: &str) -> (usize, usize) {
        let mut path = path;
        loop {
            if let Some(at) = table.get(path) {
                return *at;
            }
            match path.rfind(['.', '[']) {
                Some(cut) => path = &path[..cut],
                None => return table.get("").copied().unwrap_or((1, 1)),
            }
        }
    }
}

enum Frame {
    Map {
        expecting_key: bool,
        key: Option<String>,
    },
    Seq {
        index: usize,
    },
}

#[derive(Default)]
struct Builder {
    map: SourceMap,
    stack: Vec<(String, Frame)>,
}

impl Builder {
    /// The path of the value that starts now, advancing the enclosing frame.
    fn next_value_path(&mut self) -> Option<String> {
        let Some((path, frame)) = self.stack.last_mut() else {
            return Some(String::new());
        };
        match frame {
            Frame::Map {
                expecting_key: true,
                ..
            } => None,
            Frame::Map { expecting_key, key } => {
                *expecting_key = true;
                let key = key.take().unwrap_or_default();
                Some(if path.is_empty() {
                    key
                } else {
                    format!("{path}.{key}")
                })
            }
            Frame::Seq { index } => {
                let p = format!("{path}[{index}]");
                *index += 1;
                Some(p)
            }
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let at = (mark.line(), mark.col() + 1);
        match ev {
            Event::Scalar(text, ..) => {
                let bad = text
                    .chars()
                    .enumerate()
                    .find(|(_, c)| forbidden_char(*c).is_some());
                match self.next_value_path() {
                    Some(path) => {
                        if let Some((i, ch)) = bad {
                            self.map.forbidden.push(ForbiddenChar {
                                line: at.0,
                                column: at.1,
                                ch,
                                path: path.clone(),
                                position: i + 1,
                            });
                        }
                        self.map.values.entry(path).or_insert(at);
                    }
                    None => {
                        if let Some((path, Frame::Map { expecting_key, key })) =
                            self.stack.last_mut()
                        {
                            *expecting_key = false;
                            let full = if path.is_empty() {
                                text.clone()
                            } else {
                                format!("{path}.{text}")
                            };
                            if let Some((i, ch)) = bad {
                                self.map.forbidden.push(ForbiddenChar {
                                    line: at.0,
                                    column: at.1,
                                    ch,
                                    path: full.clone(),
                                    position: i + 1,
                                });
                            }
                            self.map.keys.entry(full).or_insert(at);
                            *key = Some(text);
                        }
                    }
                }
            }
            Event::Alias(_) => {
                self.next_value_path();
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let path = self.next_value_path().unwrap_or_default();
                self.map.values.entry(path.clone()).or_insert(at);
                let frame = if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map {
                        expecting_key: true,
                        key: None,
                    }
                } else {
                    Frame::Seq { index: 0 }
                };
                self.stack.push((path, frame));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}
