/// A figure of the provinces' summary table (附件6) that the engine does not use: 学校数, 教师数,
/// 教师空间开通数 and the like, kept as the nomination gave it.
public struct Fact: Equatable, Sendable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A rate the round cares about (`[[facts.rate]]` in rules.toml): one fact over another.
public struct FactRate: Equatable, Sendable {
    public var name: String
    public var numerator: String
    public var denominator: String

    public init(name: String, numerator: String, denominator: String) {
        self.name = name
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The rate for these facts, computed exactly: the percentage to two decimals, or why there is none.
    public func value(_ facts: [Fact]) -> RateValue {
        func number(_ name: String) -> Points? {
            facts.first { $0.name == name }.flatMap { Self.parse($0.value) }
        }
        guard let top = number(numerator) else { return .undefined("\(numerator) 缺失或不是数") }
        guard let bottom = number(denominator) else { return .undefined("\(denominator) 缺失或不是数") }
        guard bottom.hundredths != 0 else { return .undefined("\(denominator) 为 0") }
        // Percent in hundredths, exactly, then rounded half away from zero for display.
        let percent = Rational(top.hundredths * 10_000, bottom.hundredths)
        return .percent(percent.rounded, overHundred: top.hundredths > bottom.hundredths)
    }

    /// A count as a summary table writes it: `1,850`, `1850`, `１８５０`, `98.5`.
    static func parse(_ text: String) -> Points? {
        Points(
            parsing: text.halfWidthNumber.replacingOccurrences(of: ",", with: "").replacingOccurrences(
                of: "，", with: ""))
    }
}

public enum RateValue: Equatable, Sendable {
    case percent(Points, overHundred: Bool)
    case undefined(String)

    /// Bad data the experts should not have to find by hand: above 100 %, or no rate at all.
    public var flagged: Bool {
        switch self {
        case .percent(_, let over): over
        case .undefined: true
        }
    }

    public var text: String {
        switch self {
        case .percent(let value, let over): "\(value)%" + (over ? "（超过 100%，数据有误？）" : "")
        case .undefined(let why): "无法计算（\(why)）"
        }
    }
}

/// A line of a dossier's first page; `flagged`: data the experts should not have to find by hand.
public struct SummaryLine: Equatable, Sendable {
    public var text: String
    public var flagged: Bool

    public init(_ text: String, flagged: Bool = false) {
        self.text = text
        self.flagged = flagged
    }
}

/// The first page of a dossier: the nomination's own fields, the supporting schools (or the
/// school's region), the summary table's figures and the round's rates over them.
public enum DossierSummary {
    public static func lines(candidate: Candidate, related: [Candidate], facts: [Fact], rates: [FactRate])
        -> [SummaryLine]
    {
        var lines = [
            SummaryLine(
                "\(candidate.name)（\(candidate.kind.chineseName)，\(candidate.province) \(candidate.city)\(candidate.county.isEmpty ? "" : " " + candidate.county)）"
            ),
            SummaryLine(
                """
                人人通平台：\(candidate.platform)，
                """ + (candidate.connected ? "已接入国家体系" : "未接入国家体系"),
                flagged: !candidate.connected),
        ]
        if let level = candidate.level { lines.append(SummaryLine("学段：\(level.rawValue)")) }
        if !candidate.contact.isEmpty || !candidate.phone.isEmpty {
            lines.append(
                SummaryLine("联系人：\(candidate.contact) \(candidate.phone)".trimmingCharacters(in: .whitespaces)))
        }
        if candidate.kind == .region {
            let schools = related.filter { $0.supports == candidate.id }
            lines.append(
                SummaryLine(
                    schools.isEmpty
                        ? "支撑学校：无（区域须至少有一所学校作为支撑案例）"
                        : "支撑学校：" + schools.map { "\($0.id) \($0.name)" }.joined(separator: "、"),
                    flagged: schools.isEmpty))
        } else if let region = related.first(where: { $0.id == candidate.supports }) {
            lines.append(SummaryLine("支撑区域：\(region.id) \(region.name)"))
        }
        if !facts.isEmpty {
            lines.append(
                SummaryLine(
                    "汇总表数据："
                        + facts.map {
                            """
                            \($0.name) \($0.value)
                            """
                        }.joined(separator: "，")))
        }
        for rate in rates {
            let value = rate.value(facts)
            lines.append(SummaryLine("\(rate.name)：\(value.text)", flagged: value.flagged))
        }
        return lines
    }
}
