//! Typed attribute checking shared by every component.

use std::sync::Arc;

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::parse::blocks::{Attr, Block};

/// What values an attribute accepts.
#[derive(Clone, Copy, Debug)]
pub enum AttrKind {
    /// Any text.
    Text,
    /// One of a fixed set.
    OneOf(&'static [&'static str]),
    /// A comma-separated list of values from a fixed set.
    ListOf(&'static [&'static str]),
    /// `true` or `false` (a bare key means `true`).
    Bool,
    /// A finite number within `[min, max]`.
    Number(f64, f64),
    /// An identifier: lower-case ASCII letters, digits and `-`.
    Id,
}

/// One attribute a component accepts.
#[derive(Clone, Copy, Debug)]
pub struct AttrSpec {
    /// Name.
    pub name: &'static str,
    /// Accepted values.
    pub kind: AttrKind,
    /// Whether it must be given.
    pub required: bool,
}

/// Attributes of a block, checked against a specification. Attributes whose value was
/// refused read as absent, so that later checks can go on and report their own problems.
pub struct Attrs<'a> {
    block: &'a Block,
    refused: Vec<&'a str>,
}

impl<'a> Attrs<'a> {
    /// Checks every attribute of `block` against `spec`. Collects all problems.
    pub fn check(
        path: &str,
        text: &Arc<str>,
        block: &'a Block,
        spec: &[AttrSpec],
    ) -> Result<Attrs<'a>, Vec<Diagnostic>> {
        let (attrs, errs) = Self::check_all(path, text, block, spec);
        if errs.is_empty() {
            Ok(attrs)
        } else {
            Err(errs)
        }
    }

    /// Like [`Attrs::check`], but always returns the accessor with the problems beside it.
    pub fn check_all(
        path: &str,
        text: &Arc<str>,
        block: &'a Block,
        spec: &[AttrSpec],
    ) -> (Attrs<'a>, Vec<Diagnostic>) {
        let mut errs = Vec::new();
        let mut refused = Vec::new();
        let names: Vec<&str> = spec.iter().map(|s| s.name).collect();
        for a in &block.attrs {
            match spec.iter().find(|s| s.name == a.key) {
                None => {
                    let d = Diagnostic::error(
                        path,
                        text,
                        a.span.clone(),
                        format!(
                            "unknown attribute `{}` for component `{}`",
                            a.key, block.name
                        ),
                    );
                    errs.push(match did_you_mean(&a.key, &names) {
                        Some(n) => d.with_hint(format!("did you mean `{n}`?")),
                        None if names.is_empty() => {
                            d.with_hint(format!("`{}` takes no attributes", block.name))
                        }
                        None => d.with_hint(format!("allowed attributes: {}", names.join(", "))),
                    });
                }
                Some(s) => {
                    if let Err(hint) = check_value(s.kind, &a.value) {
                        refused.push(a.key.as_str());
                        errs.push(
                            Diagnostic::error(
                                path,
                                text,
                                a.value_span.clone(),
                                format!("invalid value `{}` for attribute `{}`", a.value, a.key),
                            )
                            .with_hint(hint),
                        );
                    }
                }
            }
        }
        for s in spec.iter().filter(|s| s.required) {
            if !block.attrs.iter().any(|a| a.key == s.name) {
                errs.push(
                    Diagnostic::error(
                        path,
                        text,
                        block.open_span.clone(),
                        format!(
                            "component `{}` needs the attribute `{}`",
                            block.name, s.name
                        ),
                    )
                    .with_hint(format!("add {}=\"...\" to the opening line", s.name)),
                );
            }
        }
        (Attrs { block, refused }, errs)
    }

    /// The attribute, if given with an accepted value.
    pub fn get(&self, name: &str) -> Option<&'a Attr> {
        if self.refused.contains(&name) {
            return None;
        }
        self.block.attrs.iter().find(|a| a.key == name)
    }

    /// The value as text, if given.
    pub fn text(&self, name: &str) -> Option<&'a str> {
        self.get(name).map(|a| a.value.as_str())
    }

    /// The value as a bool (`false` when absent).
    pub fn flag(&self, name: &str) -> bool {
        self.text(name) == Some("true")
    }

    /// The value as a number (checked already).
    pub fn number(&self, name: &str) -> Option<f64> {
        self.text(name).and_then(|v| v.parse().ok())
    }
}

fn check_value(kind: AttrKind, v: &str) -> Result<(), String> {
    match kind {
        AttrKind::Text => Ok(()),
        AttrKind::OneOf(allowed) => {
            if allowed.contains(&v) {
                Ok(())
            } else {
                Err(match did_you_mean(v, allowed) {
                    Some(s) => format!("did you mean `{s}`? (one of: {})", allowed.join(", ")),
                    None => format!("use one of: {}", allowed.join(", ")),
                })
            }
        }
        AttrKind::ListOf(allowed) => {
            for item in v.split(',').map(str::trim) {
                if !allowed.contains(&item) {
                    return Err(format!(
                        "`{item}` is not allowed; use a comma list of: {}",
                        allowed.join(", ")
                    ));
                }
            }
            Ok(())
        }
        AttrKind::Bool => match v {
            "true" | "false" => Ok(()),
            _ => Err("use true or false".into()),
        },
        AttrKind::Number(min, max) => match v.parse::<f64>() {
            Ok(n) if n.is_finite() && n >= min && n <= max => Ok(()),
            Ok(_) => Err(format!("use a number from {min} to {max}")),
            Err(_) => Err(format!("use a number from {min} to {max}, e.g. {min}")),
        },
        AttrKind::Id => {
            if !v.is_empty()
                && v.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                Ok(())
            } else {
                Err("use lower-case ASCII letters, digits and `-`".into())
            }
        }
    }
}
