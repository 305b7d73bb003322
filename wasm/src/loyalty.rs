//! The loyalty checklist: the five basic and five additional loyalty indicators (course
//! 004) and the ten signs of a firm key-customer relationship (course 000), scored, with
//! the level reached and what to do next.

use crate::csv;
use crate::i18n::Lang;

/// A group of checklist items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// 基本指标 (004).
    Basic,
    /// 附加指标 (004).
    Additional,
    /// 关系稳固的十个标志 (000).
    Signs,
}

impl Group {
    /// All groups in order.
    pub const ALL: [Group; 3] = [Group::Basic, Group::Additional, Group::Signs];

    /// Title for people.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Group::Basic => lang.pick("忠诚的五项基本指标", "Five basic loyalty indicators"),
            Group::Additional => {
                lang.pick("忠诚的五项附加指标", "Five additional loyalty indicators")
            }
            Group::Signs => lang.pick(
                "关系稳固的十个标志（重点客户）",
                "Ten signs of a firm key-customer relationship",
            ),
        }
    }

    /// Points the whole group is worth out of 100.
    pub fn weight(self) -> f64 {
        match self {
            Group::Basic => 40.0,
            Group::Additional => 30.0,
            Group::Signs => 30.0,
        }
    }
}

/// One checklist item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    /// Stable id (`b1`..`b5`, `a1`..`a5`, `s1`..`s10`), used in storage and CSV.
    pub id: &'static str,
    /// Its group.
    pub group: Group,
    zh: &'static str,
    en: &'static str,
    next_zh: &'static str,
    next_en: &'static str,
}

impl Item {
    /// The statement, in the customer's voice where the course puts it so.
    pub fn text(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }

    /// What to do when the item is not (yet) true.
    pub fn next_step(&self, lang: Lang) -> &'static str {
        lang.pick(self.next_zh, self.next_en)
    }
}

macro_rules! item {
    ($id:literal, $g:ident, $zh:literal, $en:literal, $nzh:expr, $nen:expr) => {
        Item {
            id: $id,
            group: Group::$g,
            zh: $zh,
            en: $en,
            next_zh: $nzh,
            next_en: $nen,
        }
    };
}

const RAISE_SWITCHING: (&str, &str) = (
    "提高转移成本：差异化服务、会员特权、长期协议、认识客户身边更多的人。",
    "Raise switching costs: differentiated service, member privileges, long-term agreements, knowing more people around the customer.",
);

/// The twenty items, in order.
pub const ITEMS: [Item; 20] = [
    item!("b1", Basic, "保持周期性的重复购买", "Buys from us again, at regular intervals", "制定定期拜访和回访计划，让采购成为习惯。", "Plan regular visits and follow-ups so that buying from us becomes a habit."),
    item!("b2", Basic, "愿意购买我们的其他产品或服务", "Is willing to buy our other products or services", "了解客户的其他需求，提供组合业务。", "Learn the customer's other needs and offer a bundled portfolio."),
    item!("b3", Basic, "把我们和我们的产品推荐给他人", "Recommends us and our products to others", "分享其他客户的成功案例，并主动请求推荐。", "Share other customers' success stories and ask for referrals."),
    item!("b4", Basic, "对竞争对手的营销攻势不为所动", "Ignores competitors' marketing", RAISE_SWITCHING.0, RAISE_SWITCHING.1),
    item!("b5", Basic, "信任我们，能容忍偶尔的服务失误", "Trusts us and tolerates occasional service failures", "保持长期稳定的质量，出错时迅速补救，往“情感账户”里存款。", "Keep quality stable, put failures right quickly, and make deposits in the emotional bank account."),
    item!("a1", Additional, "我们在客户采购总额中的份额高", "We hold a high share of the customer's purchases (share of wallet)", "对照客户的采购总额计算钱包份额，并制定提高份额的计划。", "Compute share of wallet against total purchases and plan how to raise it."),
    item!("a2", Additional, "客户的推荐真正带来了新客户", "The customer's referrals bring in new customers", "跟踪推荐来的客户，感谢并回馈推荐人。", "Track referred customers, and thank and reward the referrer."),
    item!("a3", Additional, "合作关系已持续多年", "The relationship has lasted for years", "把“变量”变成“常量”：应对人员变动和需求变化，认识更多关键人。", "Turn variables into constants: prepare for staff changes and shifting needs; know more key people."),
    item!("a4", Additional, "交易频繁，营业额稳定或增长", "Trades often, with stable or growing turnover", "按客户级别设定接触频率，主动推进交易。", "Set contact frequency by account tier and advance deals actively."),
    item!("a5", Additional, "客户的终生价值高", "The customer's lifetime value is high", "用价值计算器估算终生价值，据此分配资源。", "Estimate the lifetime value with the calculator and allocate resources by it."),
    item!("s1", Signs, "会指出我们产品的不足", "Points out our product's weaknesses", "主动请客户提意见，并让对方看到改进。", "Ask for criticism, and let the customer see the improvements."),
    item!("s2", Signs, "乐于和我们讨论业务上的问题", "Likes to discuss business problems with us", "定期和客户讨论其业务问题，带去信息和建议。", "Discuss the customer's business problems regularly; bring information and ideas."),
    item!("s3", Signs, "及时回复我们的电话", "Returns our calls promptly", "检查接触频率，以及与关键人的关系层次。", "Check contact frequency and your relationship level with the key people."),
    item!("s4", Signs, "认为我们是最好的", "Thinks we are the best", "用让渡价值对比，说明我们的优势。", "Show our advantage with a delivered-value comparison."),
    item!("s5", Signs, "不与竞争对手签订协议", "Signs no agreement with competitors", RAISE_SWITCHING.0, RAISE_SWITCHING.1),
    item!("s6", Signs, "推迟与竞争对手的洽谈", "Postpones talks with competitors", "了解竞争对手的接触情况，提前安排我们的方案。", "Find out about competitors' contacts and put our proposal forward first."),
    item!("s7", Signs, "偶尔会责备我们", "Scolds us now and then", "鼓励坦率的反馈：批评说明客户还在乎。", "Encourage candid feedback: criticism shows the customer still cares."),
    item!("s8", Signs, "相信我们能帮助他们成功", "Believes we help them succeed", "把我们的方案和客户的经营目标联系起来。", "Tie our solution to the customer's business goals."),
    item!("s9", Signs, "不选择竞争对手的产品", "Does not choose competitors' products", RAISE_SWITCHING.0, RAISE_SWITCHING.1),
    item!("s10", Signs, "需要我们，就像我们需要他们一样", "Needs us as much as we need them", "加深相互依存：从“夹子”式走向“拉链”“尼龙搭扣”式的合作。", "Deepen interdependence: move from a clip towards a zipper or velcro relationship."),
];

/// The level a score reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Below 40.
    AtRisk,
    /// 40 to below 65.
    Satisfied,
    /// 65 to below 85.
    Loyal,
    /// 85 and above.
    Firm,
}

impl Level {
    /// From a score 0-100.
    pub fn of(score: f64) -> Level {
        if score >= 85.0 {
            Level::Firm
        } else if score >= 65.0 {
            Level::Loyal
        } else if score >= 40.0 {
            Level::Satisfied
        } else {
            Level::AtRisk
        }
    }

    /// `at-risk`, `satisfied`, `loyal`, `firm`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::AtRisk => "at-risk",
            Level::Satisfied => "satisfied",
            Level::Loyal => "loyal",
            Level::Firm => "firm",
        }
    }

    /// Name for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Level::AtRisk => lang.pick("有流失风险", "At risk"),
            Level::Satisfied => lang.pick("满意，但尚未忠诚", "Satisfied, not yet loyal"),
            Level::Loyal => lang.pick("忠诚", "Loyal"),
            Level::Firm => lang.pick("稳固的伙伴关系", "Firm partnership"),
        }
    }

    /// The general advice for this level.
    pub fn advice(self, lang: Lang) -> &'static str {
        match self {
            Level::AtRisk => lang.pick(
                "立即安排拜访，查明原因。用好客户接触的五项功能：关怀、传递信息、推进交易、提供服务、收集情报。",
                "Visit soon and find out why. Use the five functions of customer contact: care, information, deal advancement, service, intelligence.",
            ),
            Level::Satisfied => lang.pick(
                "满意不等于忠诚。提高转移成本，并把接触从“事务”变成“关怀”。",
                "Satisfied is not loyal. Raise switching costs and turn contact from transactions into care.",
            ),
            Level::Loyal => lang.pick(
                "扩大关系的范围、提升关系的层次，制定保持策略。",
                "Widen the scope of the relationship, raise its level, and set a retention strategy.",
            ),
            Level::Firm => lang.pick(
                "保持投入，请客户推荐，并把经验用于其他重点客户。",
                "Keep investing, ask for referrals, and apply what works to other key accounts.",
            ),
        }
    }
}

/// Scores of one checklist.
#[derive(Clone, Debug, PartialEq)]
pub struct Result {
    /// Checked items per group: (group, checked, total).
    pub groups: Vec<(Group, usize, usize)>,
    /// 0-100.
    pub score: f64,
    /// The level reached.
    pub level: Level,
    /// Items not checked, in order.
    pub missing: Vec<&'static Item>,
}

/// Ids that are not checklist items.
pub fn unknown_ids<'a>(ids: &[&'a str]) -> Vec<&'a str> {
    ids.iter()
        .filter(|id| !ITEMS.iter().any(|i| i.id == **id))
        .copied()
        .collect()
}

/// Scores a set of checked item ids (unknown ids are ignored; see [`unknown_ids`]).
pub fn score(checked: &[&str]) -> Result {
    let mut groups = Vec::new();
    let mut score = 0.0;
    for g in Group::ALL {
        let items: Vec<&Item> = ITEMS.iter().filter(|i| i.group == g).collect();
        let n = items.iter().filter(|i| checked.contains(&i.id)).count();
        score += g.weight() * n as f64 / items.len() as f64;
        groups.push((g, n, items.len()));
    }
    let score = (score * 10.0).round() / 10.0;
    Result {
        groups,
        score,
        level: Level::of(score),
        missing: ITEMS.iter().filter(|i| !checked.contains(&i.id)).collect(),
    }
}

/// One saved check of one customer.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// Customer name.
    pub customer: String,
    /// Date as `YYYY-MM-DD` (given by the caller: the toolkit has no clock).
    pub date: String,
    /// Checked item ids.
    pub checked: Vec<String>,
}

/// Snapshots as CSV: customer, date, score, level, then one 0/1 column per item.
pub fn export_csv(snapshots: &[Snapshot]) -> String {
    let mut header = vec!["customer", "date", "score", "level"];
    header.extend(ITEMS.iter().map(|i| i.id));
    let mut s = csv::line(&header);
    s.push('\n');
    for snap in snapshots {
        let ids: Vec<&str> = snap.checked.iter().map(String::as_str).collect();
        let r = score(&ids);
        let sc = crate::html::fixed(r.score, 6, true);
        let mut row: Vec<String> = vec![
            snap.customer.clone(),
            snap.date.clone(),
            sc,
            r.level.as_str().into(),
        ];
        row.extend(ITEMS.iter().map(|i| {
            if ids.contains(&i.id) {
                "1".into()
            } else {
                "0".into()
            }
        }));
        let refs: Vec<&str> = row.iter().map(String::as_str).collect();
        s.push_str(&csv::line(&refs));
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_items_in_three_groups() {
        let count = |g| ITEMS.iter().filter(|i| i.group == g).count();
        assert_eq!(
            (
                count(Group::Basic),
                count(Group::Additional),
                count(Group::Signs)
            ),
            (5, 5, 10)
        );
        let ids: std::collections::HashSet<&str> = ITEMS.iter().map(|i| i.id).collect();
        assert_eq!(ids.len(), 20);
        assert_eq!(Group::ALL.iter().map(|g| g.weight()).sum::<f64>(), 100.0);
    }

    #[test]
    fn scores_worked_examples() {
        // Nothing checked.
        let r = score(&[]);
        assert_eq!(r.score, 0.0);
        assert_eq!(r.level, Level::AtRisk);
        assert_eq!(r.missing.len(), 20);
        // All basic indicators only: 40 points, "satisfied".
        let r = score(&["b1", "b2", "b3", "b4", "b5"]);
        assert_eq!(r.score, 40.0);
        assert_eq!(r.level, Level::Satisfied);
        assert_eq!(r.groups[0], (Group::Basic, 5, 5));
        // 4 basic (32) + 3 additional (18) + 6 signs (18) = 68: loyal.
        let r = score(&[
            "b1", "b2", "b3", "b4", "a1", "a2", "a3", "s1", "s2", "s3", "s4", "s5", "s6",
        ]);
        assert_eq!(r.score, 68.0);
        assert_eq!(r.level, Level::Loyal);
        assert_eq!(r.missing[0].id, "b5");
        // Everything but one sign: 97, firm.
        let all: Vec<&str> = ITEMS
            .iter()
            .map(|i| i.id)
            .filter(|id| *id != "s7")
            .collect();
        let r = score(&all);
        assert_eq!(r.score, 97.0);
        assert_eq!(r.level, Level::Firm);
        assert_eq!(r.missing.len(), 1);
        assert!(r.missing[0].next_step(Lang::En).contains("criticism"));
    }

    #[test]
    fn level_boundaries() {
        assert_eq!(Level::of(39.9), Level::AtRisk);
        assert_eq!(Level::of(40.0), Level::Satisfied);
        assert_eq!(Level::of(64.9), Level::Satisfied);
        assert_eq!(Level::of(65.0), Level::Loyal);
        assert_eq!(Level::of(84.9), Level::Loyal);
        assert_eq!(Level::of(85.0), Level::Firm);
    }

    #[test]
    fn unknown_ids_are_reported() {
        assert_eq!(unknown_ids(&["b1", "x9"]), vec!["x9"]);
        assert_eq!(score(&["x9"]).score, 0.0);
    }

    #[test]
    fn csv_export() {
        let out = export_csv(&[Snapshot {
            customer: "华东, 公司".into(),
            date: "2026-11-22".into(),
            checked: vec!["b1".into(), "s10".into()],
        }]);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("customer,date,score,level,b1,b2"));
        assert!(lines[1].starts_with("\"华东, 公司\",2026-11-22,11,at-risk,1,0,0,0,0,"));
        assert!(lines[1].ends_with(",1"));
    }
}
