//! Where each value of a YAML file stands, by path (`api.params[3].type`), so that checks on the
//! deserialized spec can point at the exact line and column.

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Line and column (both 1-based) of every key and value in one YAML document.
#[derive(Debug, Default)]
pub struct SourceMap {
    values: BTreeMap<String, (usize, usize)>,
    keys: BTreeMap<String, (usize, usize)>,
}

/// A syntax error: position (1-based) and the parser's message.
#[derive(Debug)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl SourceMap {
    pub fn parse(text: &str) -> Result<Self, SyntaxError> {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        parser.load(&mut builder, false).map_err(|e| SyntaxError {
            line: e.marker().line(),
            column: e.marker().col() + 1,
            message: e.info().to_owned(),
        })?;
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
    Map { expecting_key: bool, key: Option<String> },
    Seq { index: usize },
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
            Frame::Map { expecting_key: true, .. } => None,
            Frame::Map { expecting_key, key } => {
                *expecting_key = true;
                let key = key.take().unwrap_or_default();
                Some(if path.is_empty() { key } else { format!("{path}.{key}") })
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
            Event::Scalar(text, ..) => match self.next_value_path() {
                Some(path) => {
                    self.map.values.entry(path).or_insert(at);
                }
                None => {
                    if let Some((path, Frame::Map { expecting_key, key })) = self.stack.last_mut() {
                        *expecting_key = false;
                        let full = if path.is_empty() { text.clone() } else { format!("{path}.{text}") };
                        self.map.keys.entry(full).or_insert(at);
                        *key = Some(text);
                    }
                }
            },
            Event::Alias(_) => {
                self.next_value_path();
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let path = self.next_value_path().unwrap_or_default();
                self.map.values.entry(path.clone()).or_insert(at);
                let frame = if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map { expecting_key: true, key: None }
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
