//! `[html]` in `playbook.toml`: which kinds of risky raw HTML a playbook accepts, and the
//! Content-Security-Policy its host must then send.
//!
//! Every opt-in loosens the policy the site works under (`default-src 'self'; script-src
//! 'self' 'wasm-unsafe-eval'`) or breaks reading offline; [`HtmlPolicy::csp`] is the one
//! place that says how, and the errors' hints and the authoring guide quote what it costs.

use serde::Deserialize;

/// Keys of the `[html]` table.
pub const KEYS: &[&str] = &[
    "allow_scripts",
    "allow_event_handlers",
    "allow_javascript_urls",
    "allow_iframes",
    "allow_embeds",
    "allow_remote_media",
];

/// The policy the built site works under when nothing is allowed (the browser tests serve
/// it as a header).
pub const STRICT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

/// The `[html]` table: each kind of raw HTML the playbook accepts (all `false` by default).
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct HtmlPolicy {
    /// `<script>` elements in pages.
    #[serde(default)]
    pub allow_scripts: bool,
    /// `on…=` attributes (`onclick`, `onerror`).
    #[serde(default)]
    pub allow_event_handlers: bool,
    /// `javascript:` URLs in links and attributes.
    #[serde(default)]
    pub allow_javascript_urls: bool,
    /// `<iframe>` elements (embedded pages and players).
    #[serde(default)]
    pub allow_iframes: bool,
    /// `<embed>` and `<object>` elements (plug-in content).
    #[serde(default)]
    pub allow_embeds: bool,
    /// Images, video and audio from other sites (`http(s)://` sources): no warning.
    #[serde(default)]
    pub allow_remote_media: bool,
}

/// A kind of raw HTML that needs an opt-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Risk {
    /// `<script>`.
    Script,
    /// `on…=` attribute.
    EventHandler,
    /// `javascript:` URL.
    JavascriptUrl,
    /// `<iframe>`.
    Iframe,
    /// `<embed>` or `<object>`.
    Embed,
}

impl Risk {
    /// The `[html]` key that allows it.
    pub fn key(self) -> &'static str {
        match self {
            Risk::Script => "allow_scripts",
            Risk::EventHandler => "allow_event_handlers",
            Risk::JavascriptUrl => "allow_javascript_urls",
            Risk::Iframe => "allow_iframes",
            Risk::Embed => "allow_embeds",
        }
    }

    /// What allowing it costs, for hints and docs.
    pub fn cost(self) -> &'static str {
        match self {
            Risk::Script | Risk::EventHandler | Risk::JavascriptUrl => {
                "it runs only if your host's Content-Security-Policy allows 'unsafe-inline' \
                 scripts, which also lets injected scripts run"
            }
            Risk::Iframe => {
                "the host's Content-Security-Policy must list the framed origin in frame-src, \
                 and the frame is blank offline"
            }
            Risk::Embed => {
                "the host's Content-Security-Policy must allow object-src, and plug-in content \
                 does not work on phones or offline"
            }
        }
    }

    /// Whether the policy allows it.
    pub fn allowed(self, p: &HtmlPolicy) -> bool {
        match self {
            Risk::Script => p.allow_scripts,
            Risk::EventHandler => p.allow_event_handlers,
            Risk::JavascriptUrl => p.allow_javascript_urls,
            Risk::Iframe => p.allow_iframes,
            Risk::Embed => p.allow_embeds,
        }
    }
}

impl HtmlPolicy {
    /// The Content-Security-Policy a host must send for the site to work as written:
    /// [`STRICT_CSP`] when nothing is allowed, loosened only as far as the opt-ins need.
    pub fn csp(&self) -> String {
        let mut script = String::from("script-src 'self' 'wasm-unsafe-eval'");
        if self.allow_scripts || self.allow_event_handlers || self.allow_javascript_urls {
            script.push_str(" 'unsafe-inline'");
        }
        if self.allow_scripts {
            script.push_str(" https:");
        }
        let mut parts = vec!["default-src 'self'".to_string(), script];
        if self.allow_iframes {
            parts.push("frame-src 'self' https:".into());
        }
        if self.allow_embeds {
            parts.push("object-src 'self' https:".into());
        }
        if self.allow_remote_media {
            parts.push("img-src 'self' https:".into());
            parts.push("media-src 'self' https:".into());
        }
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_allowed_is_the_strict_policy() {
        assert_eq!(HtmlPolicy::default().csp(), STRICT_CSP);
    }

    #[test]
    fn each_opt_in_loosens_only_its_directive() {
        let p = HtmlPolicy {
            allow_event_handlers: true,
            ..HtmlPolicy::default()
        };
        assert_eq!(
            p.csp(),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'"
        );
        let p = HtmlPolicy {
            allow_iframes: true,
            ..HtmlPolicy::default()
        };
        assert_eq!(
            p.csp(),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; frame-src 'self' https:"
        );
        let p = HtmlPolicy {
            allow_remote_media: true,
            allow_embeds: true,
            allow_scripts: true,
            ..HtmlPolicy::default()
        };
        assert_eq!(
            p.csp(),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline' https:; \
             object-src 'self' https:; img-src 'self' https:; media-src 'self' https:"
        );
    }
}
