//! The customer value calculator: delivered value, lifetime value, share of wallet, and the
//! quadrant → account tier → coverage model chain.
//!
//! Formulas (see the content map and the course):
//! - Delivered value (Kotler): (product + service + personnel + image value) −
//!   (money + time + mental + physical cost).
//! - Lifetime value: CLV = Σ_{t=1..T} m·r^t/(1+i)^t − AC; for an unlimited horizon
//!   m·r/(1+i−r) − AC, defined only when r < 1+i.
//! - Share of wallet = our sales ÷ the customer's total purchases of the category.

use crate::i18n::Lang;
use crate::num::FieldError;

/// The four parts of total customer value, or of total customer cost.
pub type Four = [f64; 4];

/// Names of the value parts, in order.
pub const VALUE_PARTS: [(&str, &str, &str); 4] = [
    ("product", "产品价值", "Product value"),
    ("service", "服务价值", "Service value"),
    ("personnel", "人员价值", "Personnel value"),
    ("image", "形象价值", "Image value"),
];

/// Names of the cost parts, in order.
pub const COST_PARTS: [(&str, &str, &str); 4] = [
    ("money", "货币成本", "Money cost"),
    ("time", "时间成本", "Time cost"),
    ("mental", "精神成本", "Mental cost"),
    ("physical", "体力成本", "Physical cost"),
];

/// One offer's delivered value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Delivered {
    /// Total customer value.
    pub total_value: f64,
    /// Total customer cost.
    pub total_cost: f64,
    /// Value minus cost.
    pub delivered: f64,
}

/// Delivered value of one offer.
pub fn delivered(values: &Four, costs: &Four) -> Delivered {
    let total_value: f64 = values.iter().sum();
    let total_cost: f64 = costs.iter().sum();
    Delivered {
        total_value,
        total_cost,
        delivered: total_value - total_cost,
    }
}

/// Which offer the customer is expected to choose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Winner {
    /// Ours delivers more.
    Ours,
    /// The competitor's delivers more.
    Competitor,
    /// Equal.
    Tie,
}

/// Compares two offers on the same scale.
pub fn compare(ours: &Delivered, theirs: &Delivered) -> Winner {
    let d = ours.delivered - theirs.delivered;
    if d.abs() < 1e-9 {
        Winner::Tie
    } else if d > 0.0 {
        Winner::Ours
    } else {
        Winner::Competitor
    }
}

/// Inputs of the lifetime value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClvInput {
    /// Yearly margin m (≥ 0).
    pub margin: f64,
    /// Retention rate r as a fraction (0..=1).
    pub retention: f64,
    /// Discount rate i as a fraction (≥ 0).
    pub discount: f64,
    /// Horizon T in years; `None` for unlimited.
    pub years: Option<u32>,
    /// Acquisition cost AC (≥ 0).
    pub acquisition_cost: f64,
}

/// One year of the lifetime value table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClvYear {
    /// Year t (1-based).
    pub year: u32,
    /// r^t: the chance the customer is still there.
    pub survival: f64,
    /// 1/(1+i)^t.
    pub discount_factor: f64,
    /// m·r^t/(1+i)^t.
    pub present_value: f64,
    /// Sum of present values up to this year, minus AC.
    pub cumulative: f64,
}

/// The lifetime value and its table.
#[derive(Clone, Debug, PartialEq)]
pub struct Clv {
    /// The lifetime value.
    pub clv: f64,
    /// Year by year (for an unlimited horizon, the first years until a year adds less than
    /// 0.5% of the total, at most 50).
    pub table: Vec<ClvYear>,
}

/// Why a lifetime value cannot be computed.
pub fn diverges(input: &ClvInput) -> bool {
    input.years.is_none() && input.retention >= 1.0 + input.discount
}

/// Computes the lifetime value. `lang` is for the error message.
pub fn clv(input: &ClvInput, lang: Lang) -> Result<Clv, FieldError> {
    let ClvInput {
        margin: m,
        retention: r,
        discount: i,
        years,
        acquisition_cost: ac,
    } = *input;
    if diverges(input) {
        return Err(FieldError {
            field: "retention".into(),
            message: lang
                .pick(
                    "不限年限时，保留率必须低于 1 + 折现率，否则终生价值没有上限：请降低保留率、提高折现率，或填写年限。",
                    "With no horizon, retention must be below 1 + the discount rate, or the lifetime value has no limit: lower the retention, raise the discount rate, or enter a number of years.",
                )
                .into(),
        });
    }
    let total = match years {
        Some(t) => (1..=t)
            .map(|t| m * (r / (1.0 + i)).powi(t as i32))
            .sum::<f64>(),
        None => m * r / (1.0 + i - r),
    };
    let rows = match years {
        Some(t) => t,
        None => {
            let mut n = 1;
            while n < 50 && m * (r / (1.0 + i)).powi(n as i32) > 0.005 * total.abs().max(1e-12) {
                n += 1;
            }
            n
        }
    };
    let mut cumulative = -ac;
    let table = (1..=rows)
        .map(|t| {
            let survival = r.powi(t as i32);
            let discount_factor = 1.0 / (1.0 + i).powi(t as i32);
            let present_value = m * survival * discount_factor;
            cumulative += present_value;
            ClvYear {
                year: t,
                survival,
                discount_factor,
                present_value,
                cumulative,
            }
        })
        .collect();
    Ok(Clv {
        clv: total - ac,
        table,
    })
}

/// The effect of raising retention by `points` percentage points (capped at 100%).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetentionEffect {
    /// The new retention rate.
    pub retention: f64,
    /// The lifetime value at that rate (`None` when it diverges).
    pub clv: Option<f64>,
    /// Relative change against the base value (`None` when not meaningful: a base value of
    /// zero or below, where a percentage of a loss would read backwards, e.g. a loss of 50
    /// turning into a gain of 60 as "+220%").
    pub change: Option<f64>,
}

/// What a change of retention by `points` (e.g. 0.05) does to the lifetime value.
pub fn retention_effect(input: &ClvInput, base: f64, points: f64) -> RetentionEffect {
    let r = (input.retention + points).clamp(0.0, 1.0);
    let changed = ClvInput {
        retention: r,
        ..*input
    };
    let clv = clv(&changed, Lang::En).ok().map(|c| c.clv);
    let change = clv.and_then(|v| (base > 1e-9).then(|| (v - base) / base));
    RetentionEffect {
        retention: r,
        clv,
        change,
    }
}

/// Share of wallet: our sales over the customer's total purchases.
pub fn share_of_wallet(ours: f64, total: f64, lang: Lang) -> Result<f64, FieldError> {
    if total <= 0.0 {
        return Err(FieldError {
            field: "total-purchases".into(),
            message: lang
                .pick(
                    "客户的采购总额必须大于 0。",
                    "The customer's total purchases must be above 0.",
                )
                .into(),
        });
    }
    if ours > total {
        return Err(FieldError {
            field: "our-sales".into(),
            message: lang
                .pick(
                    "我们的销售额不能大于客户的采购总额。",
                    "Our sales cannot exceed the customer's total purchases.",
                )
                .into(),
        });
    }
    Ok(ours / total)
}

/// The account tiers of the pyramid, top to bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tier {
    /// 重要客户.
    Major,
    /// 次重要客户.
    Named,
    /// 一般重要客户.
    NonNamed,
    /// 不重要客户.
    MassMarket,
}

impl Tier {
    /// All tiers, top to bottom.
    pub const ALL: [Tier; 4] = [Tier::Major, Tier::Named, Tier::NonNamed, Tier::MassMarket];

    /// `major`, `named`, `non-named`, `mass-market`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Major => "major",
            Tier::Named => "named",
            Tier::NonNamed => "non-named",
            Tier::MassMarket => "mass-market",
        }
    }

    /// Name for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Tier::Major => lang.pick("重要客户（Major Account）", "Major Account"),
            Tier::Named => lang.pick("次重要客户（Named Account）", "Named Account"),
            Tier::NonNamed => lang.pick("一般重要客户（Non-named Account）", "Non-named Account"),
            Tier::MassMarket => {
                lang.pick("不重要客户（Mass-market Account）", "Mass-market Account")
            }
        }
    }

    /// The coverage model.
    pub fn coverage(self, lang: Lang) -> &'static str {
        match self {
            Tier::Major => lang.pick(
                "1:1（一名客户经理或一个团队专门负责）",
                "1:1 (a dedicated rep or team)",
            ),
            Tier::Named => lang.pick(
                "1:少数（一名客户经理负责几家）",
                "1:few (one rep for a few accounts)",
            ),
            Tier::NonNamed => lang.pick(
                "1:多（一名客户经理负责许多家）",
                "1:many (one rep for many accounts)",
            ),
            Tier::MassMarket => lang.pick("呼叫中心 / 电话销售", "Call center / phone sales"),
        }
    }

    /// The goal to pursue.
    pub fn goal(self, lang: Lang) -> &'static str {
        match self {
            Tier::Major | Tier::Named => lang.pick(
                "提高我们在客户采购总额中的份额（钱包份额）",
                "Raise our share of the customer's total purchases (share of wallet)",
            ),
            Tier::NonNamed | Tier::MassMarket => {
                lang.pick("提高销售额的绝对值", "Raise absolute sales")
            }
        }
    }
}

/// The value quadrant, numbered as in the course.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quadrant(pub u8);

impl Quadrant {
    /// From current value (horizontal) and potential value (vertical) against thresholds:
    /// (1) small now, low potential; (2) large now, low potential; (3) small now, high
    /// potential; (4) large now, high potential. A value at the threshold counts as large.
    pub fn of(current: f64, potential: f64, current_at: f64, potential_at: f64) -> Quadrant {
        let large = current >= current_at;
        let high = potential >= potential_at;
        Quadrant(match (large, high) {
            (false, false) => 1,
            (true, false) => 2,
            (false, true) => 3,
            (true, true) => 4,
        })
    }

    /// The tier this quadrant is managed as: (4) Major; (3) Named, to develop its potential;
    /// (2) Non-named, served efficiently without over-investing; (1) Mass-market.
    pub fn tier(self) -> Tier {
        match self.0 {
            4 => Tier::Major,
            3 => Tier::Named,
            2 => Tier::NonNamed,
            _ => Tier::MassMarket,
        }
    }

    /// Description for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self.0 {
            1 => lang.pick("① 当前价值小、潜在价值低", "(1) Small now, low potential"),
            2 => lang.pick("② 当前价值大、潜在价值低", "(2) Large now, low potential"),
            3 => lang.pick("③ 当前价值小、潜在价值高", "(3) Small now, high potential"),
            _ => lang.pick("④ 当前价值大、潜在价值高", "(4) Large now, high potential"),
        }
    }

    /// The common mistake to avoid in this quadrant, if the course names one.
    pub fn warning(self, lang: Lang) -> Option<&'static str> {
        match self.0 {
            2 => Some(lang.pick(
                "常见错误：在这类客户身上投入过多。",
                "Common mistake: over-investing in these customers.",
            )),
            3 => Some(lang.pick(
                "常见错误：忽视这类客户的潜力。",
                "Common mistake: neglecting these customers' potential.",
            )),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 0.005, "{a} != {b}");
    }

    #[test]
    fn delivered_value_worked_example() {
        // Ours: value 80+30+20+10 = 140, cost 90+10+5+5 = 110 → 30.
        // Theirs: value 70+20+15+15 = 120, cost 80+15+10+5 = 110 → 10.
        let ours = delivered(&[80.0, 30.0, 20.0, 10.0], &[90.0, 10.0, 5.0, 5.0]);
        let theirs = delivered(&[70.0, 20.0, 15.0, 15.0], &[80.0, 15.0, 10.0, 5.0]);
        assert_eq!(
            ours,
            Delivered {
                total_value: 140.0,
                total_cost: 110.0,
                delivered: 30.0
            }
        );
        assert_eq!(theirs.delivered, 10.0);
        assert_eq!(compare(&ours, &theirs), Winner::Ours);
        assert_eq!(compare(&theirs, &ours), Winner::Competitor);
        assert_eq!(compare(&ours, &ours), Winner::Tie);
        // A cheaper offer can still lose: cost is not only money.
        let cheap = delivered(&[80.0, 10.0, 10.0, 10.0], &[70.0, 30.0, 20.0, 10.0]);
        assert_eq!(cheap.delivered, -20.0);
    }

    fn input(m: f64, r: f64, i: f64, years: Option<u32>, ac: f64) -> ClvInput {
        ClvInput {
            margin: m,
            retention: r,
            discount: i,
            years,
            acquisition_cost: ac,
        }
    }

    #[test]
    fn clv_unlimited_horizon_worked_example() {
        // m=100, r=0.8, i=0.1: 100·0.8/(1.1−0.8) = 266.67.
        let c = clv(&input(100.0, 0.8, 0.1, None, 0.0), Lang::En).unwrap();
        close(c.clv, 266.67);
        close(c.table[0].present_value, 72.73);
        assert!(c.table.len() > 10 && c.table.len() <= 50);
        // With an acquisition cost of 50.
        close(
            clv(&input(100.0, 0.8, 0.1, None, 50.0), Lang::En)
                .unwrap()
                .clv,
            216.67,
        );
    }

    #[test]
    fn clv_finite_horizon_worked_example() {
        // T=3: 100·(0.8/1.1 + 0.64/1.21 + 0.512/1.331) = 72.73 + 52.89 + 38.47 = 164.09.
        let c = clv(&input(100.0, 0.8, 0.1, Some(3), 0.0), Lang::En).unwrap();
        close(c.clv, 164.09);
        assert_eq!(c.table.len(), 3);
        close(c.table[1].present_value, 52.89);
        close(c.table[2].cumulative, 164.09);
        close(c.table[2].survival, 0.512);
        close(c.table[2].discount_factor, 0.7513);
        // AC lowers every cumulative figure.
        let c = clv(&input(100.0, 0.8, 0.1, Some(1), 100.0), Lang::En).unwrap();
        close(c.clv, -27.27);
        close(c.table[0].cumulative, -27.27);
    }

    #[test]
    fn clv_limits_and_divergence() {
        // r = 1, i = 0 with no horizon diverges: an error naming retention.
        let e = clv(&input(100.0, 1.0, 0.0, None, 0.0), Lang::En).unwrap_err();
        assert_eq!(e.field, "retention");
        // ...but a horizon makes it finite: 5 years of 100.
        close(
            clv(&input(100.0, 1.0, 0.0, Some(5), 0.0), Lang::En)
                .unwrap()
                .clv,
            500.0,
        );
        // r = 0: nothing after year zero.
        assert_eq!(
            clv(&input(100.0, 0.0, 0.1, None, 0.0), Lang::En)
                .unwrap()
                .clv,
            0.0
        );
        // i = 0, r = 0.5: 100·0.5/0.5 = 100.
        close(
            clv(&input(100.0, 0.5, 0.0, None, 0.0), Lang::En)
                .unwrap()
                .clv,
            100.0,
        );
    }

    #[test]
    fn five_points_more_retention() {
        // The seeds' claim, computed: churn 20% → 15% (r 0.8 → 0.85) raises CLV from
        // 266.67 to 100·0.85/0.25 = 340, i.e. +27.5%.
        let inp = input(100.0, 0.8, 0.1, None, 0.0);
        let base = clv(&inp, Lang::En).unwrap().clv;
        let e = retention_effect(&inp, base, 0.05);
        close(e.retention, 0.85);
        close(e.clv.unwrap(), 340.0);
        close(e.change.unwrap(), 0.275);
        // Capped at 100%; with i = 0 and no horizon that diverges: no number.
        let inp = input(100.0, 0.97, 0.0, None, 0.0);
        let base = clv(&inp, Lang::En).unwrap().clv;
        let e = retention_effect(&inp, base, 0.05);
        assert_eq!(e.retention, 1.0);
        assert_eq!(e.clv, None);
        // A lifetime value below zero (acquisition costs more than the margins bring):
        // the new value, but no percentage (a loss of 50 shrinking to 27.78 is not a
        // "+44%" gain). m = 100, r = 0.5, i = 0, AC = 150: 100 − 150 = −50; at r = 0.55:
        // 100·0.55/0.45 − 150 = −27.78.
        let inp = input(100.0, 0.5, 0.0, None, 150.0);
        let base = clv(&inp, Lang::En).unwrap().clv;
        close(base, -50.0);
        let e = retention_effect(&inp, base, 0.05);
        close(e.clv.unwrap(), 100.0 * 0.55 / 0.45 - 150.0);
        assert_eq!(e.change, None);
    }

    #[test]
    fn share_of_wallet_worked_examples() {
        // The course: 200k that is nearly all of a mid customer's purchases, against 600k
        // that is a sliver of a major customer's.
        close(
            share_of_wallet(200_000.0, 220_000.0, Lang::En).unwrap(),
            0.909,
        );
        close(
            share_of_wallet(600_000.0, 10_000_000.0, Lang::En).unwrap(),
            0.06,
        );
        assert_eq!(
            share_of_wallet(1.0, 0.0, Lang::En).unwrap_err().field,
            "total-purchases"
        );
        assert_eq!(
            share_of_wallet(2.0, 1.0, Lang::En).unwrap_err().field,
            "our-sales"
        );
    }

    #[test]
    fn quadrants_tiers_coverage_goals() {
        let q = |c, p| Quadrant::of(c, p, 100.0, 100.0);
        assert_eq!(q(50.0, 50.0), Quadrant(1));
        assert_eq!(q(150.0, 50.0), Quadrant(2));
        assert_eq!(q(50.0, 150.0), Quadrant(3));
        assert_eq!(q(150.0, 150.0), Quadrant(4));
        assert_eq!(
            q(100.0, 100.0),
            Quadrant(4),
            "the threshold counts as large"
        );
        assert_eq!(Quadrant(4).tier(), Tier::Major);
        assert_eq!(Quadrant(3).tier(), Tier::Named);
        assert_eq!(Quadrant(2).tier(), Tier::NonNamed);
        assert_eq!(Quadrant(1).tier(), Tier::MassMarket);
        assert_eq!(
            Tier::Major.coverage(Lang::En),
            "1:1 (a dedicated rep or team)"
        );
        assert_eq!(
            Tier::Named.coverage(Lang::En),
            "1:few (one rep for a few accounts)"
        );
        assert_eq!(
            Tier::NonNamed.coverage(Lang::En),
            "1:many (one rep for many accounts)"
        );
        assert_eq!(
            Tier::MassMarket.coverage(Lang::En),
            "Call center / phone sales"
        );
        assert!(Tier::Major.goal(Lang::En).contains("share of wallet"));
        assert!(Tier::Named.goal(Lang::En).contains("share of wallet"));
        assert_eq!(Tier::NonNamed.goal(Lang::En), "Raise absolute sales");
        assert_eq!(Tier::MassMarket.goal(Lang::En), "Raise absolute sales");
        assert!(Quadrant(2)
            .warning(Lang::En)
            .unwrap()
            .contains("over-investing"));
        assert!(Quadrant(3)
            .warning(Lang::En)
            .unwrap()
            .contains("neglecting"));
        assert_eq!(Quadrant(1).warning(Lang::En), None);
    }
}
