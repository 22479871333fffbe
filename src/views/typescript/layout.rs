//! Line breaking as prettier (default options: 80 columns, 2 spaces, trailing commas) lays out
//! the few constructs the templates print, so generated code is already formatted: a construct
//! is kept on one line when it fits, and broken the way prettier breaks it otherwise.

/// Columns per line.
const WIDTH: usize = 80;

/// Display width as prettier counts it: East Asian wide and fullwidth characters count two.
pub fn width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD)
}

/// Whether `text` fits on a line indented by `indent` spaces.
pub fn fits(indent: usize, text: &str) -> bool {
    indent + width(text) <= WIDTH
}

/// `[a, b]` on one line, or one item per line with a trailing comma; `tail` follows the `]`.
pub fn array(indent: usize, head: &str, items: &[String], tail: &str) -> String {
    let inline = format!("{head}[{}]{tail}", items.join(", "));
    if items.is_empty() || fits(indent, &inline) {
        return inline;
    }
    let pad = " ".repeat(indent + 2);
    let mut out = format!("{head}[\n");
    for item in items {
        out.push_str(&format!("{pad}{item},\n"));
    }
    out.push_str(&format!("{}]{tail}", " ".repeat(indent)));
    out
}

/// `{ a: 1, b: 2 }` on one line, or one property per line; `props(indent, tail)` lays out the
/// `key: value` texts for a property line at `indent` followed by `tail`.
pub fn object(indent: usize, props: &dyn Fn(usize, &str) -> Vec<String>, tail: &str) -> String {
    let inline = format!("{{ {} }}{tail}", props(0, "").join(", "));
    if !inline.contains('\n') && fits(indent, &inline) {
        return inline;
    }
    let pad = " ".repeat(indent + 2);
    let mut out = "{\n".to_owned();
    for p in props(indent + 2, ",") {
        out.push_str(&format!("{pad}{p}\n"));
    }
    out.push_str(&format!("{}}}{tail}", " ".repeat(indent)));
    out
}

/// `head(a, b)tail` on one line, or one argument per line with a trailing comma; each argument is
/// laid out for the line it starts on (`indent + 2` when broken).
pub fn call(indent: usize, head: &str, args: &dyn Fn(usize) -> Vec<String>, tail: &str) -> String {
    let inline = format!("{head}({}){tail}", args(indent).join(", "));
    if !inline.contains('\n') && fits(indent, &inline) {
        return inline;
    }
    let pad = " ".repeat(indent + 2);
    let mut out = format!("{head}(\n");
    for a in args(indent + 2) {
        out.push_str(&format!("{pad}{a},\n"));
    }
    out.push_str(&format!("{}){tail}", " ".repeat(indent)));
    out
}

/// `head = value;`, or the value on the next line when it is a string that does not fit
/// (`value(indent)` lays it out for a line at `indent`); also `key: value` with `op` ":".
pub fn assign(
    indent: usize,
    head: &str,
    op: &str,
    value: &dyn Fn(usize) -> String,
    string: bool,
    tail: &str,
) -> String {
    let inline = format!("{head}{op} {}{tail}", value(indent));
    if !string || inline.contains('\n') || fits(indent, &inline) {
        return inline;
    }
    format!(
        "{head}{op}\n{}{}{tail}",
        " ".repeat(indent + 2),
        value(indent + 2)
    )
}

/// `import { a, b } from "m";` on one line, or one name per line.
pub fn import(names: &[String], from: &str) -> String {
    let inline = format!("import {{ {} }} from {from};", names.join(", "));
    if fits(0, &inline) {
        return inline;
    }
    let mut out = "import {\n".to_owned();
    for n in names {
        out.push_str(&format!("  {n},\n"));
    }
    out.push_str(&format!("}} from {from};"));
    out
}

/// `export type N = A | B;`, or `=` then the union on the next line, or one member per line.
pub fn union_alias(head: &str, members: &[String]) -> String {
    let union = members.join(" | ");
    let inline = format!("{head} = {union};");
    if fits(0, &inline) {
        return inline;
    }
    if fits(2, &format!("{union};")) {
        return format!("{head} =\n  {union};");
    }
    let mut out = format!("{head} =");
    for m in members {
        out.push_str(&format!("\n  | {m}"));
    }
    out.push(';');
    out
}

/// `head<A, B>tail` on one line, or one type argument per line (no trailing comma).
pub fn type_args(indent: usize, head: &str, args: &[String], tail: &str) -> String {
    let inline = format!("{head}<{}>{tail}", args.join(", "));
    if fits(indent, &inline) {
        return inline;
    }
    let pad = " ".repeat(indent + 2);
    format!(
        "{head}<\n{}\n{}>{tail}",
        args.iter()
            .map(|a| format!("{pad}{a}"))
            .collect::<Vec<_>>()
            .join(",\n"),
        " ".repeat(indent)
    )
}

/// `name(param);` inside a class, or the parameter on its own line with a trailing comma.
pub fn signature(indent: usize, name: &str, param: &str) -> String {
    let inline = format!("{name}({param});");
    if fits(indent, &inline) {
        return inline;
    }
    format!(
        "{name}(\n{}{param},\n{});",
        " ".repeat(indent + 2),
        " ".repeat(indent)
    )
}

/// `const N = t.struct("Name", () => [` hugging its last argument, or each argument on its own
/// line; `items(indent)` lays out the array's elements for the indent of the chosen form.
pub fn struct_table(name: &str, label: &str, items: &dyn Fn(usize) -> Vec<String>) -> String {
    let head = format!("const {name} = t.struct({label}, () => [");
    if fits(0, &head) {
        let mut out = format!("{head}\n");
        for item in items(2) {
            out.push_str(&format!("  {item}\n"));
        }
        out.push_str("]);");
        return out;
    }
    let mut out = format!("const {name} = t.struct(\n  {label},\n  () => [\n");
    for item in items(4) {
        out.push_str(&format!("    {item}\n"));
    }
    out.push_str("  ],\n);");
    out
}

/// An array of objects (`params: [...]`): empty, one object on one line when it fits, else one
/// object per line; `item(indent, tail)` lays out one object at `indent` followed by `tail`.
pub fn object_array(
    indent: usize,
    head: &str,
    count: usize,
    item: &dyn Fn(usize, usize, &str) -> String,
    tail: &str,
) -> String {
    if count == 0 {
        return format!("{head}[]{tail}");
    }
    if count == 1 {
        let inline = format!("{head}[{}]{tail}", item(0, indent, ""));
        if !inline.contains('\n') && fits(indent, &inline) {
            return inline;
        }
    }
    let pad = " ".repeat(indent + 2);
    let mut out = format!("{head}[\n");
    for i in 0..count {
        out.push_str(&format!("{pad}{}\n", item(i, indent + 2, ",")));
    }
    out.push_str(&format!("{}]{tail}", " ".repeat(indent)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_like_prettier() {
        assert_eq!(width("中文a"), 5);
        assert_eq!(array(2, "params: ", &[], ","), "params: [],");
        let union = union_alias("export type X", &["\"A\"".into(), "(string & {})".into()]);
        assert_eq!(union, "export type X = \"A\" | (string & {});");
        let args = |_: usize| vec!["body".to_owned(), format!("\"{}\"", "x".repeat(60))];
        assert_eq!(
            call(2, "assert.equal", &args, ";"),
            format!(
                "assert.equal(\n    body,\n    \"{}\",\n  );",
                "x".repeat(60)
            )
        );
        assert_eq!(call(2, "f", &|_| vec!["a".into()], ";"), "f(a);");
        let long = |_: usize| format!("\"{}\"", "y".repeat(70));
        assert_eq!(
            assign(2, "const body", " =", &long, true, ";"),
            format!("const body =\n    \"{}\";", "y".repeat(70))
        );
    }
}
