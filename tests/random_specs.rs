//! Random specs: validate ⇒ generate ⇒ compiles.
//!
//! Builds many random spec folders (a gateway and a few APIs) whose names, enum values,
//! descriptions and nesting are drawn from hostile alphabets: keywords of all three languages,
//! runtime names, digits, CJK, emoji, quotes, backslashes, comment ends (`*/`, `"""`), template
//! openers (`${`, `{{`), text-direction controls and NUL. For each one topgen must either accept
//! it and generate, or refuse it with located diagnostics that say what to do; it must never
//! panic. Accepted folders can be written out (`TOPGEN_RANDOM_OUT`) for
//! `tests/run-random-specs.sh`, which compiles them with clippy, `mypy --strict` and
//! `tsc --strict`.
//!
//! Deterministic: case `i` of seed `s` is always the same spec. Knobs (environment):
//! - `TOPGEN_RANDOM_SEED` (default 1), `TOPGEN_RANDOM_CASES` (default 300): what to validate;
//! - `TOPGEN_RANDOM_OUT` (a folder) and `TOPGEN_RANDOM_SAMPLE` (default 1): write the first
//!   accepted cases' packages there for compiling.
//!
//! Seeds that found bugs are kept as fixtures under `tests/fixtures/random-specs/` (each a spec
//! folder made by this generator, with a note naming the bug); `validate ⇒ generate` runs on
//! them here and the script compiles them too.

use std::fmt::Write as _;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::Instant;

use topgen::{Error, Generator};

/// SplitMix64: small, seedable, the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, case: u64) -> Self {
        let mut rng = Rng(seed ^ case.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.next();
        rng
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

/// Wire names: keywords of Rust, Python and TypeScript, runtime and prelude names, names that
/// collide after case conversion, digits; a few that are not wire names at all.
const NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "class",
    "def",
    "from",
    "import",
    "None",
    "True",
    "async",
    "await",
    "yield",
    "match",
    "case",
    "constructor",
    "prototype",
    "delete",
    "default",
    "new",
    "let",
    "static",
    "enum",
    "struct",
    "interface",
    "package",
    "function",
    "var",
    "in",
    "is",
    "not",
    "and",
    "fn",
    "impl",
    "mod",
    "use",
    "where",
    "loop",
    "move",
    "ref",
    "extra",
    "raw",
    "request_id",
    "to_dict",
    "prepare",
    "execute",
    "build",
    "session",
    "secret",
    "app_key",
    "appKey",
    "timeout",
    "url",
    "retries",
    "clock",
    "transport",
    "value",
    "values",
    "items",
    "keys",
    "get",
    "set",
    "name",
    "Error",
    "Client",
    "Value",
    "Map",
    "Option",
    "String",
    "Date",
    "List",
    "Array",
    "Record",
    "Promise",
    "Union",
    "Any",
    "Decimal",
    "Enum",
    "FileInput",
    "object",
    "userId",
    "user_id",
    "UserID",
    "a1",
    "x2y",
    "ABC",
    "refund_id",
    "tid",
    "oid",
    "page_no",
    "has_next",
    "fields",
    "format",
    "v",
    "sign",
    "method",
    "timestamp",
    "partner_id",
    "simplify",
    "Unknown",
    "unknown",
];

const BAD_NAMES: &[&str] = &[
    "-1",
    "1st",
    "_x",
    "a-b",
    "已付款",
    "",
    "a b",
    "__proto__",
    "x.y",
];

/// Enum wire values: digits first, empty, collisions after case conversion, keywords, text.
const ENUM_VALUES: &[&str] = &[
    "1ST",
    "0",
    "",
    "WAIT_SELLER_AGREE",
    "wait-seller-agree",
    "WaitSellerAgree",
    "Unknown",
    "UNKNOWN_VALUE",
    "UNKNOWN",
    "unknown",
    "已付款",
    "a b",
    "\"",
    "\\",
    "*/",
    "\"\"\"",
    "${x}",
    "{{x}}",
    "{%",
    "'",
    "`",
    "🙂",
    "self",
    "Self",
    "None",
    "null",
    "true",
    "TRUE",
    "type",
    "constructor",
    "__proto__",
    "-1",
    "1",
    "01",
    "TRADE_FINISHED",
    "trade_finished",
    "A",
    "a",
    "_",
    "__",
    "x-y",
    "x_y",
    "X Y",
    "ÄÖ",
    "\n",
    "0x10",
];

/// Pieces of descriptions and titles.
const TEXT: &[&str] = &[
    "退款状态",
    "Plain words.",
    "*/",
    "/*",
    "\"\"\"",
    "'''",
    "\\",
    "\\\\",
    "${",
    "${x}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "<!--",
    "-->",
    "</script>",
    "\n",
    "\r\n",
    "\t",
    "🙂",
    "👨‍👩‍👧",
    "`",
    "``",
    "'",
    "\"",
    "\u{2028}",
    "#[doc = \"",
    "//!",
    "///",
    "# heading",
    "| a | b |",
    "[link](x)",
    "<br/>",
    "&amp;",
    "r#\"",
    "\"#",
    "%s",
    "{0}",
    "@param",
    "\\u0000",
    "\\n",
    "?>",
    "<?php",
    "$(rm -rf /)",
    "\u{FEFF}",
    "\u{200B}",
    "a\u{301}",
    "ﬁ",
    " ",
    "  trailing  ",
];

/// Characters every spec string is refused for: text-direction controls and NUL.
const REFUSED: &[&str] = &[
    "\u{202E}",
    "\u{2066}",
    "\u{202A}",
    "\u{0}",
    "\u{7}",
    "\u{1B}[31m",
];

const API_WORDS: &[&str] = &[
    "trade",
    "refund",
    "get",
    "self",
    "type",
    "class",
    "new",
    "item",
    "sold",
    "fullinfo",
    "x1",
    "a_b",
    "get-x",
    "Get",
    "constructor",
    "default",
    "1st",
    "v2",
    "2013-07-01",
];

/// A YAML double-quoted scalar holding exactly `text` (non-ASCII and controls as escapes).
fn yq(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xFFFF => write!(out, "\\u{:04X}", c as u32).unwrap(),
            c => write!(out, "\\U{:08X}", c as u32).unwrap(),
        }
    }
    out.push('"');
    out
}

/// Texts of case values: empty, short, long (wider than a test's line), CJK, escapes.
const CASE_TEXTS: &[&str] = &[
    "",
    "a",
    "s1",
    "WAIT_SELLER",
    "中文",
    "it's \"quoted\" \\ ${x} {{y}}",
    "a rather long string value that does not fit on one line of a test at all",
    "这个是绝好的东西，一定要尝试这个是绝好的东西，一定要尝试这个是绝好的东西",
];

struct Gen {
    rng: Rng,
    /// Percent chance of a name that is not a wire name, or of a refused character.
    hostility: u64,
}

impl Gen {
    fn name(&mut self) -> String {
        if self.rng.chance(self.hostility) {
            return self.rng.pick(BAD_NAMES).to_owned();
        }
        let base = self.rng.pick(NAMES).to_owned();
        if self.rng.chance(30) {
            format!("{base}{}", self.rng.below(3))
        } else {
            base
        }
    }

    fn text(&mut self) -> String {
        let mut out = String::new();
        for _ in 0..self.rng.below(6) {
            out.push_str(self.rng.pick(TEXT));
        }
        if self.rng.chance(self.hostility / 2) {
            out.push_str(self.rng.pick(REFUSED));
        }
        out
    }

    /// `description: …` at `indent`, or nothing (a missing description).
    fn description(&mut self, out: &mut String, indent: &str) {
        if self.rng.chance(70) {
            writeln!(out, "{indent}description: {}", yq(&self.text())).unwrap();
        }
    }

    fn gateway(
        &mut self,
        seed_tag: &str,
        settings: &mut Vec<String>,
        has_session: bool,
        path_routing: bool,
    ) -> String {
        let mut y = String::from("topgen: 1\ngateway:\n  name: rnd\n");
        writeln!(y, "  title: {}", yq(&format!("Random {}", self.text()))).unwrap();
        self.description(&mut y, "  ");
        let version = self
            .rng
            .pick(&["0.1.0", "1.0.0-rc.1", "10.20.30", "0.0.0-alpha.0"]);
        writeln!(y, "  version: {}", yq(version)).unwrap();
        writeln!(y, "  packages:\n    rust: rnd-{seed_tag}\n    python: rnd_{seed_tag}\n    typescript: \"@rnd/rnd-{seed_tag}\"").unwrap();
        y.push_str("  endpoints:\n");
        let endpoint_names = [
            "production",
            "sandbox",
            "overseas",
            "self",
            "type",
            "default",
            "http2",
            "e",
        ];
        let count = 1 + self.rng.below(3);
        let start = self.rng.below(endpoint_names.len());
        for i in 0..count {
            let name = if self.rng.chance(self.hostility) {
                "-1"
            } else {
                endpoint_names[(start + i) % endpoint_names.len()]
            };
            writeln!(
                y,
                "    - name: {}\n      url: https://gw{i}.example.com/router/rest",
                yq(name)
            )
            .unwrap();
            self.description(&mut y, "      ");
            if i == 0 {
                y.push_str("      default: true\n");
            }
        }
        if path_routing {
            y.push_str("  routing:\n    style: path\n");
        } else {
            y.push_str("  routing:\n    style: method_parameter\n    parameter: method\n");
        }
        y.push_str("  credentials:\n    app_key: app_key\n");
        if has_session {
            y.push_str("    session:\n      parameter: session\n");
            self.description(&mut y, "      ");
        }
        y.push_str("  timestamp:\n    parameter: timestamp\n");
        writeln!(
            y,
            "    format: {}",
            self.rng.pick(&["datetime_gmt8", "unix_seconds"])
        )
        .unwrap();
        y.push_str("  signing:\n    parameter: sign\n    method_parameter: sign_method\n    algorithms: [hmac-sha256, md5]\n");
        writeln!(
            y,
            "    default: {}\n    hex: {}\n    blank_values: {}",
            self.rng.pick(&["hmac-sha256", "md5"]),
            self.rng.pick(&["upper", "lower"]),
            self.rng.pick(&["omit", "include"])
        )
        .unwrap();
        y.push_str("  fixed_parameters:\n    - {name: format, value: json}\n");
        let setting_names = [
            "secret",
            "appKey",
            "app_key",
            "timeout",
            "url",
            "retries",
            "clock",
            "transport",
            "self",
            "type",
            "partner_id",
            "simplify",
            "new",
            "prepare",
            "connect_timeout",
            "sign_method",
            "constructor",
            "default",
            "target_app_key",
            "signMethod",
        ];
        let n = self.rng.below(4);
        if n > 0 {
            y.push_str("  settings:\n");
        }
        for _ in 0..n {
            let name = self.rng.pick(&setting_names);
            if settings.iter().any(|s| s == name) {
                continue;
            }
            settings.push(name.to_owned());
            let parameter = format!("p_{}", name.to_lowercase());
            writeln!(y, "    - name: {}\n      parameter: {parameter}", yq(name)).unwrap();
            if self.rng.chance(50) {
                writeln!(y, "      default: {}", yq(&self.text())).unwrap();
            }
            self.description(&mut y, "      ");
        }
        writeln!(
            y,
            "  files: {}\n  envelope: {}",
            self.rng.pick(&["multipart", "base64_field"]),
            self.rng.pick(&["top", "code_message_data"])
        )
        .unwrap();
        // A signing vector of 1 to 30 parameters (its layout is what is checked; the sign is
        // not recomputed here).
        if self.hostility == 0 && self.rng.chance(50) {
            y.push_str("  sign_cases:\n    - name: vector\n      algorithm: md5\n      secret: s\n      params:\n");
            let count = *self.rng.pick(&[&1, &2, &3, &12, &30]);
            for i in 0..count {
                let key = format!("{}{i}", self.rng.pick(NAMES));
                writeln!(y, "        {}: {}", yq(&key), yq(self.rng.pick(CASE_TEXTS))).unwrap();
            }
            y.push_str("      sign: 66987CB115214E59E6EC978214934FB8\n");
        }
        y
    }

    fn ty(&mut self, structs: &[String], enums: &[String], place_param: bool) -> String {
        let basic = ["string", "int64", "boolean", "date", "decimal", "json"];
        let roll = self.rng.below(10);
        let inner = if roll < 2 && !structs.is_empty() {
            structs[self.rng.below(structs.len())].clone()
        } else if roll < 4 && !enums.is_empty() {
            enums[self.rng.below(enums.len())].clone()
        } else if roll == 4 && place_param {
            return "file".to_owned();
        } else {
            basic[self.rng.below(basic.len())].to_owned()
        };
        if self.rng.chance(25) {
            format!("list<{inner}>")
        } else {
            inner
        }
    }

    /// Up to five fields as YAML at `indent`; each one's name and type is added to `declared`.
    fn fields(
        &mut self,
        out: &mut String,
        indent: &str,
        (structs, enums): (&[String], &[String]),
        place_param: bool,
        declared: &mut Vec<(String, String)>,
    ) {
        let n = self.rng.below(6);
        let mut used = Vec::new();
        for _ in 0..n {
            let name = self.name();
            if used.contains(&name) {
                continue;
            }
            used.push(name.clone());
            let ty = self.ty(structs, enums, place_param);
            writeln!(out, "{indent}- name: {}\n{indent}  type: {ty}", yq(&name)).unwrap();
            declared.push((name.clone(), ty.clone()));
            if self.rng.chance(30) {
                out.push_str(&format!("{indent}  required: true\n"));
            }
            self.description(out, &format!("{indent}  "));
            if ty == "string" && self.rng.chance(20) {
                writeln!(out, "{indent}  max_length: {}", 1 + self.rng.below(100)).unwrap();
            }
        }
    }

    fn api(
        &mut self,
        index: usize,
        has_session: bool,
        path_routing: bool,
        settings: &[String],
    ) -> String {
        let mut y = String::from("topgen: 1\napi:\n");
        let word = |g: &mut Gen| g.rng.pick(API_WORDS).to_owned();
        let name = format!("taobao.{}.{}{index}", word(self), word(self));
        writeln!(y, "  name: {}\n  gateway: rnd", yq(&name)).unwrap();
        if path_routing {
            writeln!(y, "  path: /r/{index}").unwrap();
        }
        writeln!(y, "  title: {}", yq(&self.text())).unwrap();
        self.description(&mut y, "  ");
        let session = if has_session {
            self.rng.pick(&["required", "optional", "none"])
        } else {
            "none"
        };
        writeln!(
            y,
            "  session: {session}\n  idempotent: {}",
            self.rng.chance(50)
        )
        .unwrap();

        // Enums, then structs that refer only to earlier structs (nesting without cycles).
        let mut enums = Vec::new();
        let mut enum_yaml = String::new();
        for _ in 0..self.rng.below(3) {
            let name = format!(
                "{}{}",
                self.rng.pick(&[
                    "Status", "Kind", "Type", "Self", "Value", "Error", "Unknown", "String"
                ]),
                enums.len()
            );
            writeln!(enum_yaml, "    - name: {name}").unwrap();
            self.description(&mut enum_yaml, "      ");
            enum_yaml.push_str("      values:\n");
            let mut values: Vec<&str> = Vec::new();
            for _ in 0..1 + self.rng.below(5) {
                let v = self.rng.pick(ENUM_VALUES);
                if !values.contains(&v) {
                    values.push(v);
                }
            }
            for v in values {
                writeln!(enum_yaml, "        - value: {}", yq(v)).unwrap();
                self.description(&mut enum_yaml, "          ");
            }
            enums.push(name);
        }
        let mut structs: Vec<String> = Vec::new();
        // Each struct's fields (name, type), for case values.
        let mut struct_fields: Vec<Vec<(String, String)>> = Vec::new();
        let mut struct_yaml = String::new();
        for _ in 0..self.rng.below(4) {
            let name = format!(
                "{}{}",
                self.rng.pick(&[
                    "Trade", "Order", "Self", "Client", "Error", "Value", "Map", "Date", "Record",
                    "Item"
                ]),
                structs.len()
            );
            writeln!(struct_yaml, "    - name: {name}").unwrap();
            self.description(&mut struct_yaml, "      ");
            struct_yaml.push_str("      fields:\n");
            let mut body = String::new();
            let mut declared = Vec::new();
            let types = (structs.as_slice(), enums.as_slice());
            self.fields(&mut body, "        ", types, false, &mut declared);
            if body.is_empty() {
                body = "        - name: id\n          type: int64\n".to_owned();
                declared.push(("id".to_owned(), "int64".to_owned()));
            }
            struct_fields.push(declared);
            struct_yaml.push_str(&body);
            structs.push(name);
        }
        y.push_str("  params:\n");
        let mut params = String::new();
        let mut declared_params = Vec::new();
        let types = (structs.as_slice(), enums.as_slice());
        self.fields(&mut params, "    ", types, true, &mut declared_params);
        y.push_str(if params.is_empty() {
            "    []\n"
        } else {
            &params
        });
        if !structs.is_empty() {
            writeln!(y, "  structs:\n{struct_yaml}").unwrap();
        }
        if !enums.is_empty() {
            writeln!(y, "  enums:\n{enum_yaml}").unwrap();
        }
        y.push_str("  response:\n    fields:\n");
        let mut response = String::new();
        self.fields(&mut response, "      ", types, false, &mut Vec::new());
        // Every declared type is used (an unused one is refused), unless the case is hostile.
        for (i, name) in structs.iter().chain(&enums).enumerate() {
            if !self.rng.chance(self.hostility) {
                writeln!(response, "      - name: uses_{i}\n        type: {name}").unwrap();
                self.description(&mut response, "        ");
            }
        }
        y.push_str(if response.is_empty() {
            "      []\n"
        } else {
            &response
        });
        // Request cases whose values are long lists, long texts and nested structs, so the
        // generated conformance tests must be laid out as each formatter would and compile.
        // They are not run: values ignore `required` and `max_length`, so a client may refuse.
        if self.hostility == 0 && !declared_params.is_empty() && self.rng.chance(70) {
            let structs: Vec<(&str, &[(String, String)])> = structs
                .iter()
                .map(String::as_str)
                .zip(struct_fields.iter().map(Vec::as_slice))
                .collect();
            y.push_str("  request_cases:\n");
            for case in 0..1 + self.rng.below(2) {
                writeln!(y, "    - name: case_{case}\n      app_key: \"12129701\"\n      secret: test-secret\n      now: 2025-09-15T13:40:23+08:00").unwrap();
                // The gateway's settings, some of them, with short and long values.
                let chosen: Vec<&String> =
                    settings.iter().filter(|_| self.rng.chance(60)).collect();
                if !chosen.is_empty() {
                    y.push_str("      settings:\n");
                    for name in chosen {
                        writeln!(y, "        {}: {}", yq(name), yq(self.rng.pick(CASE_TEXTS)))
                            .unwrap();
                    }
                }
                y.push_str("      params:\n");
                for (name, ty) in &declared_params {
                    if self.rng.chance(80) {
                        let value = self.value(ty, &structs, 0);
                        writeln!(y, "        {}: {value}", yq(name)).unwrap();
                    }
                }
                y.push_str("      expect:\n        body_includes: [\"app_key=12129701\"]\n");
            }
        }
        // A gateway error whose fields hold long and short texts under short and long keys.
        if self.hostility == 0 && self.rng.chance(50) {
            let mut fields = Vec::new();
            for key in ["code", "msg", "sub_code", "sub_msg", "request_id"] {
                if self.rng.chance(70) {
                    fields.push((key, self.rng.pick(CASE_TEXTS)));
                }
            }
            let json = |text: &str| serde_json::to_string(text).unwrap();
            let json: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{}:{}", json(k), json(v)))
                .collect();
            let body = format!("{{\"error_response\":{{{}}}}}", json.join(","));
            let yaml: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{k}: {}", yq(v)))
                .collect();
            writeln!(
                y,
                "  response_cases:\n    - name: refused\n      body: {}\n      expect:\n        error: {{{}}}",
                yq(&body),
                yaml.join(", ")
            )
            .unwrap();
        }
        y
    }

    /// A case value of type `ty` as YAML flow text: lists up to 51 items long, numbers of 1 to
    /// 19 digits, texts from one character to a line and a half (with quotes, backslashes, CJK).
    /// (`depth` bounds the nesting: an enum may share a struct's name in a spec that is refused.)
    fn value(&mut self, ty: &str, structs: &[(&str, &[(String, String)])], depth: u32) -> String {
        if depth > 4 {
            return "\"\"".to_owned();
        }
        if let Some(inner) = ty.strip_prefix("list<").and_then(|t| t.strip_suffix('>')) {
            // Long lists at the top only, so the nesting stays small.
            let len = if depth == 0 {
                *self.rng.pick(&[&0, &1, &2, &3, &7, &12, &30, &51])
            } else {
                self.rng.below(4)
            };
            let items: Vec<String> = (0..len)
                .map(|_| self.value(inner, structs, depth + 1))
                .collect();
            return format!("[{}]", items.join(", "));
        }
        if let Some((_, fields)) = structs.iter().find(|(name, _)| *name == ty) {
            let mut parts = Vec::new();
            for (name, ty) in fields.iter() {
                if self.rng.chance(75) {
                    parts.push(format!(
                        "{}: {}",
                        yq(name),
                        self.value(ty, structs, depth + 1)
                    ));
                }
            }
            return format!("{{{}}}", parts.join(", "));
        }
        let text = match ty {
            "int64" => self.rng.pick(&[
                "0",
                "7",
                "-5",
                "42",
                "1234567",
                "1234567890",
                "312345678901234567",
                "-9223372036854775808",
                "007",
            ]),
            "boolean" => return self.rng.pick(&["true", "false"]).to_string(),
            "date" => self
                .rng
                .pick(&["2025-09-15 13:40:23", "2025-09-01 00:00:00"]),
            "decimal" => self
                .rng
                .pick(&["0", "12.50", "-0.001", "123456789012345678.99"]),
            "json" => self
                .rng
                .pick(&["{}", "[1,2,3]", "{\"a\":[\"b\",{\"c\":null}]}"]),
            "file" => {
                return "{filename: a.png, head_hex: 89504E470D0A1A0A, size: 2048}".to_owned();
            }
            _ => self.rng.pick(CASE_TEXTS),
        };
        yq(text)
    }
}

/// Writes case `case` of `seed` into `dir`.
fn write_case(seed: u64, case: u64, hostility: u64, dir: &Path) {
    let mut g = Gen {
        rng: Rng::new(seed, case),
        hostility,
    };
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir.join("apis")).unwrap();
    let has_session = g.rng.chance(70);
    let path_routing = g.rng.chance(20);
    let mut settings = Vec::new();
    let tag = format!("s{seed}c{case}");
    fs::write(
        dir.join("gateway.yaml"),
        g.gateway(&tag, &mut settings, has_session, path_routing),
    )
    .unwrap();
    for i in 0..1 + g.rng.below(4) {
        fs::write(
            dir.join(format!("apis/api{i}.yaml")),
            g.api(i, has_session, path_routing, &settings),
        )
        .unwrap();
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

enum Outcome {
    Accepted,
    Refused(usize),
}

/// Validates and (when valid) plans `dir`; panics with the case name on any broken promise.
fn run_case(label: &str, dir: &Path) -> Outcome {
    let result = catch_unwind(AssertUnwindSafe(|| {
        Generator::new(dir).plan().map(|plan| plan.files.len())
    }));
    match result {
        Err(_) => panic!(
            "{label}: topgen panicked (spec folder kept at {})",
            dir.display()
        ),
        Ok(Ok(files)) => {
            assert!(files > 0, "{label}: an accepted spec generated no files");
            Outcome::Accepted
        }
        Ok(Err(Error::Specs(d))) => {
            for diag in &d.0 {
                assert!(
                    diag.line > 0 && diag.column > 0,
                    "{label}: unlocated diagnostic: {diag}"
                );
                assert!(
                    diag.help.is_some(),
                    "{label}: diagnostic without help: {diag}"
                );
                let shown = diag.to_string();
                assert!(
                    !shown.contains(['\u{202E}', '\u{2066}', '\u{202A}', '\u{0}', '\u{1B}']),
                    "{label}: printed a raw control: {shown:?}"
                );
            }
            if std::env::var_os("TOPGEN_RANDOM_VERBOSE").is_some() {
                for diag in &d.0 {
                    println!("{label}: {}", diag.message);
                }
            }
            Outcome::Refused(d.len())
        }
        Ok(Err(other)) => panic!(
            "{label}: not a spec diagnostic: {other} (spec folder kept at {})",
            dir.display()
        ),
    }
}

#[test]
fn random_specs_validate_and_generate_or_are_refused_with_located_errors() {
    let seed = env_u64("TOPGEN_RANDOM_SEED", 1);
    let cases = env_u64("TOPGEN_RANDOM_CASES", 300);
    let sample = env_u64("TOPGEN_RANDOM_SAMPLE", 1);
    let out = std::env::var_os("TOPGEN_RANDOM_OUT").map(PathBuf::from);
    let scratch = std::env::temp_dir().join(format!("topgen-random-{}", std::process::id()));
    let started = Instant::now();
    let (mut accepted, mut refused, mut diagnostics, mut written) = (0, 0, 0, 0);
    for case in 0..cases {
        let dir = scratch.join(format!("case{case}"));
        // One in three cases is hostile (bad names, refused characters); the rest aim to be valid.
        let hostility = if case % 3 == 2 { 20 } else { 0 };
        write_case(seed, case, hostility, &dir);
        let label = format!("seed {seed} case {case}");
        match run_case(&label, &dir) {
            Outcome::Accepted => {
                accepted += 1;
                if let Some(out) = &out
                    && written < sample
                {
                    let target = out.join(format!("seed{seed}-case{case}"));
                    Generator::new(&dir)
                        .generate(&target)
                        .unwrap_or_else(|e| panic!("{label}: {e}"));
                    fs::rename(&dir, target.join("specs")).unwrap();
                    written += 1;
                }
            }
            Outcome::Refused(n) => {
                refused += 1;
                diagnostics += n;
            }
        }
        let _ = fs::remove_dir_all(&dir);
    }
    let _ = fs::remove_dir_all(&scratch);
    println!(
        "random specs: seed {seed}, {cases} cases: {accepted} accepted and generated, {refused} refused with {diagnostics} located diagnostics, 0 panics, in {:.2?}{}",
        started.elapsed(),
        if out.is_some() {
            format!("; {written} written for compiling")
        } else {
            String::new()
        }
    );
    // The generator must mostly produce valid specs, or the compile sample proves little.
    assert!(
        accepted * 3 >= cases,
        "only {accepted} of {cases} random specs were valid"
    );
}

/// Seeds that found bugs, kept as spec folders: each must still validate and generate.
#[test]
fn kept_seeds_validate_and_generate() {
    let root = Path::new("tests/fixtures/random-specs");
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    let out = std::env::var_os("TOPGEN_RANDOM_OUT").map(PathBuf::from);
    let mut dirs: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let label = dir.display().to_string();
        assert!(
            matches!(run_case(&label, &dir), Outcome::Accepted),
            "{label}: a kept seed is refused"
        );
        if let Some(out) = &out {
            let target = out.join(format!(
                "kept-{}",
                dir.file_name().unwrap().to_string_lossy()
            ));
            Generator::new(&dir)
                .generate(&target)
                .unwrap_or_else(|e| panic!("{label}: {e}"));
        }
    }
}

/// Writes one case as a spec folder, for keeping a seed as a fixture:
/// `TOPGEN_RANDOM_KEEP=seed:case:hostility:DIR cargo test --test random_specs keep -- --ignored`.
#[test]
#[ignore = "a tool: writes a case as a fixture folder"]
fn keep() {
    let spec =
        std::env::var("TOPGEN_RANDOM_KEEP").expect("TOPGEN_RANDOM_KEEP=seed:case:hostility:DIR");
    let parts: Vec<&str> = spec.splitn(4, ':').collect();
    let [seed, case, hostility, dir] = parts[..] else {
        panic!("TOPGEN_RANDOM_KEEP=seed:case:hostility:DIR")
    };
    write_case(
        seed.parse().unwrap(),
        case.parse().unwrap(),
        hostility.parse().unwrap(),
        Path::new(dir),
    );
}
