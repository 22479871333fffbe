//! Load: find the spec files, parse them, and report YAML and shape errors with their location.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::source_map::SourceMap;
use crate::spec::SpecFile;

/// One parsed spec file with what is needed to point into it.
#[derive(Debug)]
pub struct LoadedFile {
    /// The path as given (relative to where topgen runs, when the specs folder was relative).
    pub path: PathBuf,
    pub text: String,
    /// Built on first use: only a file with a problem needs positions, so a clean file is parsed
    /// once (by serde), not twice.
    source_map: OnceLock<SourceMap>,
    pub spec: SpecFile,
}

impl LoadedFile {
    /// A diagnostic pointing at the value found at `path` in this file.
    /// Line and column of every key and value (parsed the first time a diagnostic needs one).
    pub fn source_map(&self) -> &SourceMap {
        self.source_map
            .get_or_init(|| SourceMap::parse(&self.text).unwrap_or_default())
    }

    pub fn at_value(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.source_map().value(path);
        Diagnostic::new(&self.path, line, column, message).with_source(&self.text)
    }

    /// A diagnostic pointing at the key of `path` in this file.
    pub fn at_key(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.source_map().key(path);
        Diagnostic::new(&self.path, line, column, message).with_source(&self.text)
    }
}

/// The largest spec file read, in bytes; the largest real spec is a few dozen KB.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The most spec files one specs folder may hold (the whole TOP catalogue is about 6,000).
pub const MAX_FILES: usize = 20_000;

/// Every `*.yaml`/`*.yml` file below `dir`, sorted by path so runs are reproducible.
pub fn find_spec_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = fs::read_dir(&folder).map_err(|e| {
            single(
                Diagnostic::new(&folder, 0, 0, format!("cannot read the specs folder: {e}"))
                    .with_help("pass the folder that holds the spec files with --specs DIR"),
            )
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            // Symbolic links to folders are not followed: a link cycle would never end.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                pending.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            ) {
                files.push(path);
                if files.len() > MAX_FILES {
                    return Err(single(
                        Diagnostic::new(
                            dir,
                            0,
                            0,
                            format!("more than {MAX_FILES} spec files below this folder"),
                        )
                        .with_help("pass a smaller specs folder with --specs DIR"),
                    ));
                }
            }
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(single(
            Diagnostic::new(dir, 0, 0, "no spec files (*.yaml) found")
                .with_help("pass the folder that holds the spec files with --specs DIR"),
        ));
    }
    Ok(files)
}

/// Parses every file; returns all files that parsed and a diagnostic for each that did not.
/// Files are parsed on every available core (in chunks, results kept in path order).
pub fn load_files(paths: &[PathBuf]) -> (Vec<LoadedFile>, Diagnostics) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let results: Vec<Result<LoadedFile, Diagnostic>> = if threads < 2 || paths.len() < 64 {
        paths.iter().map(|p| load_file(p)).collect()
    } else {
        let chunk = paths.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = paths
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || part.iter().map(|p| load_file(p)).collect::<Vec<_>>())
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        })
    };
    let mut loaded = Vec::new();
    let mut problems = Diagnostics::default();
    for result in results {
        match result {
            Ok(file) => loaded.push(file),
            Err(d) => problems.push(d),
        }
    }
    (loaded, problems)
}

/// Parses one spec file.
pub fn load_file(path: &Path) -> Result<LoadedFile, Diagnostic> {
    let cannot_read =
        |e: std::io::Error| Diagnostic::new(path, 0, 0, format!("cannot read the file: {e}"));
    let mut bytes = Vec::new();
    fs::File::open(path)
        .map_err(cannot_read)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::new(path, 0, 0, format!("the file is larger than {} MiB", MAX_FILE_BYTES / (1024 * 1024)))
            .with_help("a spec describes one gateway or one API; split it, or remove what is not a spec from the folder"));
    }
    let text = String::from_utf8(bytes).map_err(|e| not_utf8(path, e))?;
    let parsed = yaml_serde::from_str::<SpecFile>(&text);
    // Fast path: a file that parses and holds no character that could be forbidden (none as
    // written, and no `\` escape that could spell one) is parsed once; positions are read only
    // when a diagnostic needs them. Otherwise the event parser runs first, as it locates syntax
    // errors, deep nesting (serde refuses it by its recursion limit) and forbidden characters.
    let parsed = match parsed {
        Ok(spec)
            if !text.contains(|c: char| {
                c == '\\' || crate::source_map::forbidden_char(c).is_some()
            }) =>
        {
            return Ok(LoadedFile {
                path: path.to_path_buf(),
                text,
                source_map: OnceLock::new(),
                spec,
            });
        }
        other => other,
    };
    let source_map = SourceMap::parse(&text).map_err(|e| {
        Diagnostic::new(
            path,
            e.line,
            e.column,
            format!("YAML syntax error: {}", e.message),
        )
        .with_source(&text)
        .with_help("fix the YAML syntax at this point (indentation, quotes, a missing `:`)")
    })?;
    if let Some(bad) = source_map.forbidden.first() {
        let what = crate::source_map::forbidden_char(bad.ch).unwrap_or("a forbidden character");
        let shown: String = bad
            .path
            .chars()
            .map(|c| {
                if crate::source_map::forbidden_char(c).is_some() {
                    format!("\\u{{{:04X}}}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect();
        let place = if shown.is_empty() {
            String::new()
        } else {
            format!(" in `{shown}`")
        };
        let more = match source_map.forbidden.len() {
            1 => String::new(),
            n => format!(" ({} more in this file)", n - 1),
        };
        return Err(Diagnostic::new(
            path,
            bad.line,
            bad.column,
            format!("U+{:04X}, {what}, at character {} of the value{place}{more}", bad.ch as u32, bad.position),
        )
        .with_source(&text)
        .with_help("remove it: spec text may hold tab and line breaks but no other control or text-direction characters"));
    }
    let spec = parsed.map_err(|e| shape_error(path, &text, &e))?;
    Ok(LoadedFile {
        path: path.to_path_buf(),
        text,
        source_map: OnceLock::from(source_map),
        spec,
    })
}

/// A located error for the first byte that is not UTF-8 (line and column counted in characters
/// of the valid text before it).
fn not_utf8(path: &Path, error: std::string::FromUtf8Error) -> Diagnostic {
    let at = error.utf8_error().valid_up_to();
    let bytes = error.as_bytes();
    let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let line = valid.matches('\n').count() + 1;
    let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
    let column = valid[line_start..].chars().count() + 1;
    let shown: String = valid[line_start..].chars().collect();
    Diagnostic::new(
        path,
        line,
        column,
        format!(
            "the file is not UTF-8: byte 0x{:02X} at offset {at} starts no UTF-8 character",
            bytes[at]
        ),
    )
    .with_source(&format!("{}{shown}", "\n".repeat(line - 1)))
    .with_help("save the spec as UTF-8")
}

/// Turns a serde error (unknown key, missing key, wrong type) into a located diagnostic.
fn shape_error(path: &Path, text: &str, error: &yaml_serde::Error) -> Diagnostic {
    let (line, column) = error
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    let full = error.to_string();
    // serde_yaml-style messages end in " at line L column C"; the location is shown separately.
    let raw = match full.find(" at line ") {
        Some(cut) => full[..cut].to_owned(),
        None => full,
    };
    let help = unknown_field_help(&raw).unwrap_or_else(|| {
        if raw.contains("missing field") {
            "add the missing key; docs/spec-format.md lists every key and what it takes".to_owned()
        } else {
            "see docs/spec-format.md for the keys and value types this place takes".to_owned()
        }
    });
    Diagnostic::new(path, line, column, reword(&raw))
        .with_source(text)
        .with_help(help)
}

/// serde's `api.params[1]: unknown field `typ`, expected one of …` → `unknown key `typ` in
/// `api.params[1]``; the expected keys go to the help line.
fn reword(raw: &str) -> String {
    let (place, rest) = match raw.split_once(": ") {
        Some((place, rest)) if !place.contains(' ') => (Some(place), rest),
        _ => (None, raw),
    };
    let within = place.map(|p| format!(" in `{p}`")).unwrap_or_default();
    if let Some(word) = rest
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())
    {
        return format!("unknown key `{word}`{within}");
    }
    if let Some(word) = rest
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        return format!("missing key `{word}`{within}");
    }
    match place {
        Some(p) => format!("{rest} (at `{p}`)"),
        None => rest.to_owned(),
    }
}

/// `unknown field `typ`, expected one of `name`, `type`` → a "did you mean" help.
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (word, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let known = expected.join(", ");
    Some(match did_you_mean(word, expected.iter().copied()) {
        Some(guess) => format!("did you mean `{guess}`? This place takes: {known}"),
        None => format!("remove `{word}`; this place takes: {known}"),
    })
}

fn single(d: Diagnostic) -> Diagnostics {
    Diagnostics(vec![d])
}
