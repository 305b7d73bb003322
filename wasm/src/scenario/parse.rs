//! The scenario syntax: headings for steps, `>` lines for the customer, list items with
//! braces for choices, indented `>` lines for feedback (see the module above). Collects
//! every problem of the text in one pass; the graph is checked in [`super::analyse()`].

use std::collections::HashMap;
use std::ops::Range;

use super::{error, is_name, Choice, Condition, Reaction, Scenario, ScenarioError, Step};

const HEADING_HINT: &str =
    "write each step as `## Title {#name}` (an ending: `## Title {#name ending}`)";
const CHOICE_HINT: &str =
    "write a choice as `- what the trainee says {+1 pleased -> next-step}` (points, reaction, next step; optionally set=flag, if=flag, if=!flag)";

/// Parses a scenario body; every problem is returned at once.
pub fn parse(body: &str) -> Result<Scenario, Vec<ScenarioError>> {
    let mut steps: Vec<Step> = Vec::new();
    let mut errs = Vec::new();
    let mut first_at: HashMap<String, usize> = HashMap::new();
    let mut offset = 0;
    // Whether the last non-blank line belonged to a choice (feedback may follow).
    let mut in_choice = false;
    for raw in body.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let span = start..start + line.len();
        if line.trim().is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("## ") {
            in_choice = false;
            match heading(rest, span.clone()) {
                Ok(step) => {
                    if let Some(&first) = first_at.get(&step.name) {
                        let (l, _) = line_of(body, first);
                        errs.push(error(
                            span.clone(),
                            format!(
                                "step `{}` is already defined on line {l} of the scenario",
                                step.name
                            ),
                            "give every step its own name: choices find their next step by it",
                        ));
                    } else {
                        first_at.insert(step.name.clone(), span.start);
                    }
                    steps.push(step);
                }
                Err(e) => {
                    errs.push(e);
                    // A placeholder keeps later lines from being reported as stray.
                    steps.push(Step {
                        name: String::new(),
                        title: String::new(),
                        ending: false,
                        say: String::new(),
                        context: String::new(),
                        choices: Vec::new(),
                        span,
                    });
                }
            }
            continue;
        }
        let Some(step) = steps.last_mut() else {
            errs.push(error(
                span,
                "text before the first step of the scenario",
                HEADING_HINT,
            ));
            continue;
        };
        let indented = line.starts_with(' ') || line.starts_with('\t');
        if indented {
            let t = line.trim_start();
            match (in_choice, t.strip_prefix('>')) {
                (true, Some(fb)) => {
                    let c = step.choices.last_mut().expect("in_choice implies a choice");
                    push_line(&mut c.feedback, fb.trim());
                }
                _ => errs.push(error(
                    span,
                    "an indented line that is not a choice's feedback",
                    "feedback goes right under its choice as `  > text`; other lines start at the margin",
                )),
            }
            continue;
        }
        if let Some(rest) = line
            .strip_prefix("- ")
            .or_else(|| (line == "-").then_some(""))
        {
            in_choice = true;
            if step.ending {
                errs.push(error(
                    span.clone(),
                    format!("the ending `{}` has a choice", step.name),
                    "an ending closes the run: remove the choice, or remove `ending` from the heading",
                ));
            }
            match choice(rest, span.clone()) {
                Ok(c) => step.choices.push(c),
                Err(mut es) => {
                    errs.append(&mut es);
                    // Keep the count of choices (for the 2–5 rule) without a bogus graph edge.
                    step.choices.push(Choice {
                        text: String::new(),
                        points: 0,
                        reaction: Reaction::Neutral,
                        next: String::new(),
                        set: Vec::new(),
                        when: None,
                        feedback: String::new(),
                        span,
                    });
                }
            }
            continue;
        }
        in_choice = false;
        if !step.choices.is_empty() {
            errs.push(error(
                span,
                format!("text after the choices of step `{}`", step.name),
                "put what the customer says (`> …`) and the context before the choices; feedback goes under its choice as `  > text`",
            ));
            continue;
        }
        match line.strip_prefix('>') {
            Some(say) => push_line(&mut step.say, say.trim()),
            None => push_line(&mut step.context, line.trim()),
        }
    }
    if steps.is_empty() && errs.is_empty() {
        errs.push(error(0..0, "the scenario has no steps", HEADING_HINT));
    }
    for s in steps.iter().filter(|s| !s.name.is_empty()) {
        let n = s.choices.len();
        if s.ending {
            if s.context.is_empty() {
                errs.push(error(
                    s.span.clone(),
                    format!("the ending `{}` has no debrief", s.name),
                    "under an ending's heading, say what went well or wrong and why (the debrief)",
                ));
            }
        } else if n == 0 {
            errs.push(error(
                s.span.clone(),
                format!("step `{}` has no choices and is not an ending", s.name),
                "give it 2 to 5 choices (`- words {+1 pleased -> next}`), or mark it `{#name ending}`",
            ));
        } else if !(2..=5).contains(&n) {
            errs.push(error(
                s.span.clone(),
                format!("step `{}` has {n} choice{}; a step offers 2 to 5", s.name, if n == 1 { "" } else { "s" }),
                "a single choice is no decision, and more than five are hard to weigh: merge or split the step",
            ));
        } else if s.say.is_empty() && s.context.is_empty() {
            errs.push(error(
                s.span.clone(),
                format!("step `{}` says nothing before its choices", s.name),
                "add what the customer says (`> …`) or the situation under the heading",
            ));
        }
    }
    if errs.is_empty() {
        Ok(Scenario { steps })
    } else {
        errs.sort_by_key(|e| e.span.start);
        Err(errs)
    }
}

/// Line (1-based) and column of `offset` in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn push_line(to: &mut String, line: &str) {
    if !to.is_empty() {
        to.push('\n');
    }
    to.push_str(line);
}

/// `Title {#name ending}` after `## `.
fn heading(rest: &str, span: Range<usize>) -> Result<Step, ScenarioError> {
    let t = rest.trim_end();
    let (title, braces) = match (t.ends_with('}'), t.rfind('{')) {
        (true, Some(open)) => (t[..open].trim(), Some(&t[open + 1..t.len() - 1])),
        _ => (t.trim(), None),
    };
    let Some(braces) = braces else {
        return Err(error(span, "a step heading without a name", HEADING_HINT));
    };
    let mut name = None;
    let mut ending = false;
    for tok in braces.split_whitespace() {
        if let Some(n) = tok.strip_prefix('#') {
            if !is_name(n) {
                return Err(error(
                    span,
                    format!("`{n}` is not a valid step name"),
                    "step names use lower-case ASCII letters, digits and `-` (e.g. `ask-budget`)",
                ));
            }
            name = Some(n.to_string());
        } else if tok == "ending" {
            ending = true;
        } else {
            return Err(error(
                span,
                format!("unknown word `{tok}` in a step heading"),
                HEADING_HINT,
            ));
        }
    }
    let Some(name) = name else {
        return Err(error(span, "a step heading without a name", HEADING_HINT));
    };
    if title.is_empty() {
        return Err(error(
            span,
            format!("step `{name}` has no title"),
            "write the title before the braces: `## Title {#name}`",
        ));
    }
    Ok(Step {
        name,
        title: title.to_string(),
        ending,
        say: String::new(),
        context: String::new(),
        choices: Vec::new(),
        span,
    })
}

/// `words {+1 pleased -> next set=a if=!b}` after `- `.
fn choice(rest: &str, span: Range<usize>) -> Result<Choice, Vec<ScenarioError>> {
    let t = rest.trim_end();
    let (text, braces) = match (t.ends_with('}'), t.rfind('{')) {
        (true, Some(open)) => (t[..open].trim(), &t[open + 1..t.len() - 1]),
        _ => {
            return Err(vec![error(
                span,
                "a choice without its points, reaction and next step",
                CHOICE_HINT,
            )])
        }
    };
    let mut errs = Vec::new();
    if text.is_empty() {
        errs.push(error(span.clone(), "a choice without words", CHOICE_HINT));
    }
    let (mut points, mut reaction, mut next) = (None, None, None);
    let mut set = Vec::new();
    let mut when = None;
    let mut toks = braces.split_whitespace().peekable();
    while let Some(tok) = toks.next() {
        if let Some(target) = tok.strip_prefix("->") {
            let target = if target.is_empty() {
                toks.next().unwrap_or("")
            } else {
                target
            };
            if is_name(target) {
                next = Some(target.to_string());
            } else {
                errs.push(error(
                    span.clone(),
                    format!("`-> {target}` does not name a step"),
                    "after `->` write the name of the next step, e.g. `-> ask-budget`",
                ));
                next = Some(String::new());
            }
        } else if let Some(r) = Reaction::from_word(tok) {
            reaction = Some(r);
        } else if let Some(f) = tok.strip_prefix("set=") {
            if is_name(f) {
                set.push(f.to_string());
            } else {
                errs.push(bad_flag(&span, tok));
            }
        } else if let Some(f) = tok.strip_prefix("if=") {
            let (f, is_set) = match f.strip_prefix('!') {
                Some(f) => (f, false),
                None => (f, true),
            };
            if is_name(f) && when.is_none() {
                when = Some(Condition {
                    flag: f.to_string(),
                    set: is_set,
                });
            } else if when.is_some() {
                errs.push(error(
                    span.clone(),
                    "a choice with two conditions",
                    "a choice tests one flag (`if=flag` or `if=!flag`)",
                ));
            } else {
                errs.push(bad_flag(&span, tok));
            }
        } else if tok.starts_with(['+', '-']) || tok.bytes().all(|b| b.is_ascii_digit()) {
            match tok.parse::<i32>() {
                Ok(p) if p.abs() <= 1000 && points.is_none() => points = Some(p),
                Ok(_) if points.is_some() => errs.push(error(
                    span.clone(),
                    "a choice with two point values",
                    "give each choice one whole number of points, e.g. `+2` or `-1`",
                )),
                _ => {
                    points = Some(0);
                    errs.push(error(
                        span.clone(),
                        format!("malformed points `{tok}`"),
                        "points are whole numbers from -1000 to 1000, e.g. `+2`, `0`, `-1`",
                    ))
                }
            }
        } else {
            errs.push(error(
                span.clone(),
                format!("unknown word `{tok}` in a choice"),
                "a choice's braces hold points, a reaction (pleased, neutral, annoyed), `-> next`, and optionally set=flag, if=flag, if=!flag",
            ));
        }
    }
    let unknown = errs.iter().any(|e| e.message.starts_with("unknown word"));
    let mut need = |what: &str| {
        if unknown {
            // The unknown word is likely the missing part, misspelt: said once.
            return;
        }
        errs.push(error(
            span.clone(),
            format!("a choice without {what}"),
            CHOICE_HINT,
        ))
    };
    if points.is_none() {
        need("points");
    }
    if reaction.is_none() {
        need("the customer's reaction (pleased, neutral or annoyed)");
    }
    if next.is_none() {
        need("a next step (`-> name`)");
    }
    if !errs.is_empty() {
        return Err(errs);
    }
    Ok(Choice {
        text: text.to_string(),
        points: points.unwrap_or(0),
        reaction: reaction.unwrap_or(Reaction::Neutral),
        next: next.unwrap_or_default(),
        set,
        when,
        feedback: String::new(),
        span,
    })
}

fn bad_flag(span: &Range<usize>, tok: &str) -> ScenarioError {
    error(
        span.clone(),
        format!("malformed flag `{tok}`"),
        "flags use lower-case ASCII letters, digits and `-`: `set=asked-budget`, `if=asked-budget`, `if=!asked-budget`",
    )
}
