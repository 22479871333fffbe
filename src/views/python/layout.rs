//! Line breaking as `ruff format` (the packages' `line-length = 120`, 4-space indents, the black
//! style) lays out the expressions the conformance tests build from case values: a value stays
//! on one line when that line fits; else a list goes one item per line, a call puts its
//! arguments on one line of their own when they fit there and one per line otherwise, and a
//! single item or argument goes alone on its line without a trailing comma.

use super::escape::width;

/// Columns per line: `line-length` in the generated `pyproject.toml`.
const WIDTH: usize = 120;
/// Spaces per indent level.
const STEP: usize = 4;

/// An expression, as far as its line breaking goes.
pub enum Expr {
    /// Text that is never broken: a number, a string literal, a name.
    Atom(String),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `head(a, b)`; `head` is a name or a dotted name.
    Call(String, Vec<Expr>),
    /// `prefix` then the expression on the same line: a keyword argument `name=value`.
    Prefixed(String, Box<Expr>),
}

impl Expr {
    /// The expression on one line.
    pub fn flat(&self) -> String {
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::List(items) => format!("[{}]", joined(items)),
            Expr::Call(head, args) => format!("{head}({})", joined(args)),
            Expr::Prefixed(prefix, inner) => format!("{prefix}{}", inner.flat()),
        }
    }

    /// The expression for a line that starts at column `indent`, followed by `tail` (a `,` or
    /// nothing); the first line carries no indentation, the next ones do.
    pub fn render(&self, indent: usize, tail: &str) -> String {
        self.render_after("", indent, tail)
    }

    /// The right-hand side of `name = self` (an unbreakable value) on a line at `indent`: `(`,
    /// the value on a line of its own and `)` when the statement does not fit on one line but
    /// the value fits there.
    pub fn assigned(&self, indent: usize, name: &str) -> String {
        let flat = self.flat();
        let inner = indent + STEP;
        let fits = indent + width(name) + 3 + width(&flat) <= WIDTH;
        if fits || inner + width(&flat) > WIDTH {
            return flat;
        }
        format!("(\n{}{flat}\n{})", " ".repeat(inner), " ".repeat(indent))
    }

    fn render_after(&self, head: &str, indent: usize, tail: &str) -> String {
        let flat = format!("{head}{}{tail}", self.flat());
        if indent + width(&flat) <= WIDTH {
            return flat;
        }
        let (open, items, close) = match self {
            Expr::Atom(_) => return flat,
            Expr::Prefixed(prefix, inner) => {
                return inner.render_after(&format!("{head}{prefix}"), indent, tail);
            }
            Expr::List(items) => (format!("{head}["), items, "]"),
            Expr::Call(name, args) => (format!("{head}{name}("), args, ")"),
        };
        let inner = indent + STEP;
        let pad = " ".repeat(inner);
        let end = format!("\n{}{close}{tail}", " ".repeat(indent));
        match items.as_slice() {
            [] => flat,
            [one] => format!("{open}\n{pad}{}{end}", one.render(inner, "")),
            _ => {
                // A call's arguments may share their own line; a list is always exploded.
                let args = joined(items);
                if matches!(self, Expr::Call(..)) && inner + width(&args) <= WIDTH {
                    return format!("{open}\n{pad}{args}{end}");
                }
                let lines: String = items
                    .iter()
                    .map(|item| format!("\n{pad}{}", item.render(inner, ",")))
                    .collect();
                format!("{open}{lines}{end}")
            }
        }
    }
}

fn joined(items: &[Expr]) -> String {
    items.iter().map(Expr::flat).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom(text: &str) -> Expr {
        Expr::Atom(text.to_owned())
    }

    #[test]
    fn breaks_like_ruff_format() {
        // Expected layouts are ruff format 0.14's output for the same expressions.
        let short = Expr::Prefixed("tags=".into(), Box::new(Expr::List(vec![atom("1")])));
        assert_eq!(short.render(8, ","), "tags=[1],");
        let ids: Vec<Expr> = (0..6)
            .map(|i| atom(&format!("31234567890123456{i}")))
            .collect();
        let item = Expr::Call(
            "Item".into(),
            vec![Expr::Prefixed("sku_ids=".into(), Box::new(Expr::List(ids)))],
        );
        let expected = "Item(\n            sku_ids=[\n                312345678901234560,\n                312345678901234561,\n                312345678901234562,\n                312345678901234563,\n                312345678901234564,\n                312345678901234565,\n            ]\n        ),";
        assert_eq!(item.render(8, ","), expected);
        let long = format!("\"{}\"", "x".repeat(110));
        let call = Expr::Call("datetime.fromisoformat".into(), vec![atom(&long)]);
        assert_eq!(
            call.render(8, ","),
            format!("datetime.fromisoformat(\n            {long}\n        ),")
        );
        let (a, b) = ("1".repeat(50), "2".repeat(50));
        let args = vec![atom(&format!("a={a}")), atom(&format!("b={b}"))];
        let shared = Expr::Call("Item".into(), args);
        assert_eq!(
            shared.render(8, ","),
            format!("Item(\n            a={a}, b={b}\n        ),")
        );
    }
}
