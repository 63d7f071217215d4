import PanelCore

/// A workbook the secretariat sends out to be filled in and imported back (issue 19): one table
/// sheet whose header row is what `panel import` reads, with what a cell may hold as Excel's data
/// validation, and a second sheet explaining each column and the notice's rules.
public struct WorkbookTemplate: Sendable, Equatable {
    /// What Excel lets a cell hold; the import checks the same again, whatever the program was.
    public enum Rule: Sendable, Equatable {
        case list([String])
        case wholeNumber(ClosedRange<Int>)
        /// A score: from 0 to the maximum, in steps (`0.5`), written as Excel's custom formula.
        case points(maximum: Points, step: Points)
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        /// In characters of the width of `0` (a Chinese character takes two).
        public var width: Double
        public var rule: Rule?
        /// Stored as text, so that Excel keeps `13900001100` and `007` as typed.
        public var text: Bool
        public var note: String
        public init(_ name: String, width: Double, rule: Rule? = nil, text: Bool = false, note: String) {
            (self.name, self.width, self.rule, self.text, self.note) = (name, width, rule, text, note)
        }
    }

    public struct Row: Sendable, Equatable {
        public var cells: [String]
        /// Per column, a rule for this row instead of the column's (an item's own maximum).
        public var rules: [Int: Rule] = [:]
    }

    public var sheet: String
    public var columns: [Column]
    /// Pre-filled rows (the scores template's items); the rest of the sheet is validated by column
    /// down to `blankRows` rows.
    public var rows: [Row] = []
    public var blankRows = 1_000
    public var notesSheet = "填表说明"
    /// The rules of the round, one line each, after the columns' notes.
    public var rules: [String]

    public var header: [String] { columns.map(\.name) }
}

extension WorkbookTemplate {
    /// The provinces' summary table (附件6 信息汇总表), as `panel import nominations` reads it.
    public static func nominations(rules: Rules) -> WorkbookTemplate {
        let provinces = Province.all.map(\.name)
        let levels = SchoolLevel.allCases.map(\.rawValue)
        return WorkbookTemplate(
            sheet: "汇总表",
            columns: [
                Column(
                    "编号", width: 10, text: true,
                    note: "候选的编号，全国唯一，如 R-33-1（区域）、S-33-1（学校）"),
                Column("类别", width: 8, rule: .list(["区域", "学校"]), note: "区域 或 学校"),
                Column(
                    "名称", width: 32,
                    note: "区域写到区县，如 浙江省杭州市上城区；学校写全称"),
                Column("省份", width: 10, rule: .list(provinces), note: "省级单位，如 浙江 或 浙江省"),
                Column("地市", width: 12, note: "所在地市"),
                Column("区县", width: 12, note: "所在区县（可空）"),
                Column(
                    "学段", width: 10, rule: .list(levels),
                    note: "学校必填：" + levels.joined(separator: "、") + "；区域不填"),
                Column("平台名称", width: 16, note: "所用网络学习空间（人人通）平台"),
                Column(
                    "接入国家平台", width: 12, rule: .list(["是", "否"]),
                    note: "人人通平台是否已接入国家平台：是 或 否"),
                Column(
                    "往年获评", width: 10, rule: .wholeNumber(1990...2100),
                    note: "曾获评优秀的年份，如 2019；从未获评则不填"),
                Column(
                    "支撑区域", width: 10, text: true,
                    note: "学校作为某区域的支撑案例时，填该区域的编号"),
                Column(
                    "推荐排序", width: 10, rule: .wholeNumber(1...9_999),
                    note: "本省推荐的排序，1 为第一"),
                Column("联系人", width: 10, note: "联系人姓名"),
                Column("联系电话", width: 14, text: true, note: "手机或座机号码，按文本填写"),
            ],
            rules: nominationRules(rules))
    }

    static func nominationRules(_ rules: Rules) -> [String] {
        var lines = [
            "每省至多推荐 \(rules.caps.regionPerProvince) 个区域、\(rules.caps.schoolPerProvince) 所学校。",
            "候选的人人通平台须已接入国家平台（接入国家平台 填 是）。",
        ]
        if !rules.round.priorAwardYears.isEmpty {
            let years = rules.round.priorAwardYears.map(String.init).joined(separator: "、")
            lines.append("\(years) 年已获评优秀的区域和学校不再推荐。")
        }
        lines.append("每个推荐区域须至少有一所推荐学校作为支撑案例（在该学校的 支撑区域 填区域编号）。")
        lines.append("表头所在行以上可以有标题行；请勿合并单元格，每行填一个候选。")
        return lines
    }

    /// The experts file, as `panel import experts` reads it.
    public static func experts() -> WorkbookTemplate {
        WorkbookTemplate(
            sheet: "专家名单",
            columns: [
                Column("编号", width: 8, text: true, note: "专家编号，如 E01；登录时使用"),
                Column("姓名", width: 10, note: "专家姓名"),
                Column(
                    "省份", width: 10, rule: .list(Province.all.map(\.name)),
                    note: "工作单位所在省份（用于回避本省候选）"),
                Column(
                    "地市", width: 12,
                    note: "工作单位所在地市（可空；省级及以下评审回避本市候选）"),
                Column(
                    "单位", width: 28,
                    note: "工作单位；多个单位用 ; 分隔（回避本单位候选）"),
                Column(
                    "角色", width: 8, rule: .list(["专家", "组长"]),
                    note: "专家 或 组长（组长即评审组长，每个评审只有一位）"),
                Column(
                    "学段", width: 20,
                    note: "擅长的学段，用 ; 分隔：" + SchoolLevel.allCases.map(\.rawValue).joined(separator: "；") + "；不填即全部"),
                Column(
                    "评审类别", width: 10, rule: .list(["区域", "学校", "全部"]),
                    note: "评审 区域、学校 或 全部；不填即全部"),
                Column(
                    "PIN", width: 10, text: true,
                    note: "6 位以上数字；不填则由 panel 生成并只显示一次"),
            ],
            rules: ["每行一位专家；编号不可重复。", "PIN 只以 yescrypt 散列保存；请勿通过电子邮件发送已填写 PIN 的表格。"])
    }

    /// One expert's sheets to score offline: each candidate's items pre-filled, with the scores of
    /// a draft where there is one (`drafts`: candidate → item → score), each item's maximum and step
    /// as validation.
    public static func scores(
        expert: String, candidates: [Candidate], round: RoundDefinition, drafts: [String: [String: Points]] = [:]
    ) -> WorkbookTemplate {
        var rows: [Row] = []
        for candidate in candidates {
            let sheet = round.sheet(Stage.material.sheet(for: candidate.kind))
            for item in sheet.items {
                rows.append(
                    Row(
                        cells: [
                            expert, candidate.id, candidate.name, Stage.material.chineseName, item.id, item.name,
                            item.points.description, drafts[candidate.id]?[item.id]?.description ?? "", "",
                        ],
                        rules: [7: .points(maximum: item.points, step: item.step)]))
            }
        }
        return WorkbookTemplate(
            sheet: "评分",
            columns: [
                Column("专家编号", width: 8, text: true, note: "您的专家编号（已填）"),
                Column("候选编号", width: 10, text: true, note: "候选编号（已填）"),
                Column("候选名称", width: 28, note: "候选名称（已填，仅供对照）"),
                Column("阶段", width: 6, note: "评审阶段（已填）"),
                Column("指标", width: 6, text: true, note: "指标编号（已填）"),
                Column("指标名称", width: 28, note: "指标名称（已填，仅供对照）"),
                Column("满分", width: 6, note: "该指标满分（已填，仅供对照）"),
                Column("分数", width: 6, note: "您的评分：0 到满分，按指标的分数步长"),
                Column("评分依据", width: 30, note: "可空：材料中的依据，如 申报书.pdf 第 3 页"),
            ],
            rows: rows, blankRows: 0,
            rules: [
                "请只填写 分数 和 评分依据 两列，其他列请勿改动。已提交的评分表不在此表中。",
                "分数 留空的指标视为尚未评分，导入后该评分表仍为草稿；全部指标有分数的评分表导入后即为已提交。",
                "填好后交秘书处导入：panel import scores 文件.xlsx；任何一行有误则整个文件不导入，并列出每个问题。",
            ])
    }
}
