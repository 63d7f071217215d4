/// A review expert (评审专家) or the panel chair (组长), as the secretariat lists them.
public struct ExpertEntry: Equatable, Sendable {
    public enum Role: String, Sendable, Codable { case expert, chair }

    public init(
        id: String, name: String, province: String, org: String, role: Role, pin: String?,
        levels: Set<SchoolLevel> = [], reviews: Set<CandidateKind> = [], city: String = ""
    ) {
        self.id = id
        self.name = name
        self.province = province
        self.org = org
        self.role = role
        self.pin = pin
        self.levels = levels
        self.reviews = reviews
        self.city = city
    }

    public var id: String
    public var name: String
    /// The standard full name: an expert never scores their own province (回避).
    public var province: String
    /// 单位: present and past employers, `;`-separated; a candidate of any of these names is a conflict.
    public var org: String
    public var role: Role
    /// `nil`: panel generates one and prints it once.
    public var pin: String?
    /// 学段 the expert reviews; empty: not given, taken as every 学段.
    public var levels: Set<SchoolLevel>
    /// 评审类别, regions or schools the expert reviews; empty: not given, taken as both.
    public var reviews: Set<CandidateKind>
    /// 地市, for the same-city conflict of a provincial or city round; may be empty.
    public var city: String

    /// Every employer in 单位 (`浙江大学;杭州市教育局`), trimmed.
    public var employers: [String] {
        org.split(whereSeparator: { $0 == ";" || $0 == "；" }).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// Whether the expert's 学段 and 评审类别 cover the candidate (an unstated field covers all).
    public func covers(_ candidate: Candidate) -> Bool {
        guard reviews.isEmpty || reviews.contains(candidate.kind) else { return false }
        guard candidate.kind == .school, let level = candidate.level, !levels.isEmpty else { return true }
        return levels.contains(level)
    }
}

extension ExpertEntry {
    /// `基础教育;职业教育` → the levels, or the words that are none.
    static func parseLevels(_ text: String) -> (Set<SchoolLevel>, [String]) {
        var levels = Set<SchoolLevel>(), wrong: [String] = []
        for word in words(text) {
            if let level = SchoolLevel(rawValue: word) { levels.insert(level) } else { wrong.append(word) }
        }
        return (levels, wrong)
    }

    /// `区域`, `学校`, `区域;学校`, `全部`/`both` → the kinds, or the words that are none.
    static func parseReviews(_ text: String) -> (Set<CandidateKind>, [String]) {
        var kinds = Set<CandidateKind>(), wrong: [String] = []
        for word in words(text) {
            switch word.lowercased() {
            case "全部", "both", "all": kinds.formUnion(CandidateKind.allCases)
            default:
                if let kind = CandidateKind(text: word) { kinds.insert(kind) } else { wrong.append(word) }
            }
        }
        return (kinds, wrong)
    }

    /// Stored as text: the raw values joined by `;`, in a fixed order.
    public var levelsText: String {
        SchoolLevel.allCases.filter(levels.contains).map(\.rawValue).joined(separator: ";")
    }
    public var reviewsText: String {
        CandidateKind.allCases.filter(reviews.contains).map(\.rawValue).joined(separator: ";")
    }

    private static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { ";；、,， /".contains($0) }).map(String.init)
    }
}

/// Reads the experts CSV (编号/id, 姓名/name, 省份/province, 单位/org, 角色/role, PIN/pin, and optionally
/// 学段/levels, 评审类别/reviews, 地市/city), all or nothing.
public enum ExpertParser {
    /// Every column name this file type knows, normalized: how a workbook's header row is found.
    public static var headerNames: Set<String> {
        Set(aliases.flatMap { [$0.key] + $0.value }.map(CSVHeader.normalized))
    }

    static let aliases: [String: [String]] = [
        "id": ["编号", "专家编号"], "name": ["姓名"], "province": ["省份"], "org": ["单位", "工作单位"],
        "role": ["角色"], "pin": ["PIN", "密码"], "levels": ["学段", "擅长学段"], "reviews": ["评审类别"],
        "city": ["地市"],
    ]

    public struct Import: Sendable {
        public var entries: [ExpertEntry]
        /// Columns panel does not read.
        public var warnings: [Problem]
    }

    /// - Parameter existing: the experts already in the database (their ids must not repeat, and
    ///   the same person under another id is warned of).
    public static func parse(_ csv: CSVText, file: String, existing: [ExpertEntry] = []) -> Result<Import, Problems> {
        parse([(csv, file)], existing: existing)
    }

    /// Several files as one import: an id may be used once across them all.
    public static func parse(_ tables: [(csv: CSVText, file: String)], existing: [ExpertEntry] = [])
        -> Result<Import, Problems>
    {
        let existingIDs = Set(existing.map(\.id))
        var problems: [Problem] = [], warnings: [Problem] = []
        var entries: [ExpertEntry] = []
        // The same person twice under two ids would get the same candidates twice: a warning,
        // since two experts of one name, province and 单位 can exist.
        var person: [String: String] = [:]
        for entry in existing { person[entry.personKey] = person[entry.personKey] ?? "\(entry.id) (in the database)" }
        var placeOfID: [String: (file: String, line: Int)] = [:]
        for (csv, file) in tables {
            let header: CSVHeader
            switch CSVHeader.read(csv, file: file, aliases: aliases, required: ["id", "name", "province"]) {
            case .success(let read): (header, warnings) = (read.0, warnings + read.1)
            case .failure(let refused):
                problems += refused.all
                continue
            }
            for record in csv.records.dropFirst() {
                let before = problems.count
                func problem(_ message: String) {
                    problems.append(Problem(file: file, line: record.line, message: message))
                }
                if let overflow = header.overflow(record) { problem(overflow) }
                let id = Identifier.normalized(header.value("id", in: record))
                for (column, field) in record.fields.enumerated() where field.utf8.count > TextLimit.cell {
                    if let tooLong = TextLimit.problem("column \(column + 1)", field, limit: TextLimit.cell) {
                        problem(tooLong)
                    }
                }
                if let first = placeOfID[id], !id.isEmpty {
                    problem(
                        "编号 '\(id)' is used twice (first on "
                            + (first.file == file ? "line \(first.line))" : "\(first.file):\(first.line))"))
                } else if existingIDs.contains(id) {
                    problem("编号 '\(id)' is already in the database")
                }
                if !id.isEmpty { placeOfID[id] = placeOfID[id] ?? (file, record.line) }
                switch entry(
                    id: id, name: header.value("name", in: record), province: header.value("province", in: record),
                    org: header.value("org", in: record), role: header.value("role", in: record),
                    pin: header.value("pin", in: record), levels: header.value("levels", in: record),
                    reviews: header.value("reviews", in: record), city: header.value("city", in: record))
                {
                case .success(let entry) where problems.count == before:
                    if let other = person[entry.personKey] {
                        warnings.append(
                            Problem(
                                file: file, line: record.line,
                                message: """
                                    \(entry.id) has the 姓名, 省份 and 单位 of \(other) — the same person under two \
                                    ids? Remove one, or tell them apart in 单位
                                    """))
                    }
                    let place = tables.count == 1 ? "line \(record.line)" : "\(file):\(record.line)"
                    person[entry.personKey] = person[entry.personKey] ?? "\(entry.id) (\(place))"
                    entries.append(entry)
                case .success: break
                case .failure(let found): found.messages.forEach(problem)
                }
            }
        }
        return problems.isEmpty ? .success(Import(entries: entries, warnings: warnings)) : .failure(Problems(problems))
    }

    /// One expert from the texts a person typed: each message names the field that is wrong.
    public static func entry(
        id: String, name: String, province provinceText: String, org: String, role roleText: String,
        pin pinText: String, levels levelsText: String = "", reviews reviewsText: String = "", city: String = ""
    ) -> Result<ExpertEntry, ExpertProblems> {
        var messages: [String] = []
        let id = Identifier.normalized(id)
        if id.isEmpty {
            messages.append("编号 (id) is empty")
        } else if let wrong = Identifier.problem(id) {
            messages.append("编号 '\(id)' \(wrong)")
        }
        if name.isEmpty { messages.append("姓名 (name) is empty") }
        if let tooLong = TextLimit.problem("姓名 (name)", name, limit: TextLimit.name) { messages.append(tooLong) }
        if let tooLong = TextLimit.problem("单位 (org)", org, limit: TextLimit.name) { messages.append(tooLong) }
        let province = Province.named(provinceText)
        if province == nil {
            messages.append("省份 '\(provinceText)' is not a province-level unit — write it as 浙江 or 浙江省")
        }
        let role: ExpertEntry.Role?
        switch roleText.lowercased() {
        case "", "专家", "expert": role = .expert
        case "组长", "chair": role = .chair
        default: role = nil; messages.append("角色 '\(roleText)' is neither 专家 (expert) nor 组长 (chair)")
        }
        if !pinText.isEmpty && !pinIsAcceptable(pinText) { messages.append("the PIN must be 4 to 12 digits") }
        let (levels, wrongLevels) = ExpertEntry.parseLevels(levelsText)
        if !wrongLevels.isEmpty {
            messages.append(
                "学段 '\(wrongLevels.joined(separator: ";"))' is not 基础教育, 职业教育, 高等教育 or 继续教育"
                    + " (separate several with ;)")
        }
        let (reviews, wrongReviews) = ExpertEntry.parseReviews(reviewsText)
        if !wrongReviews.isEmpty {
            messages.append("评审类别 '\(wrongReviews.joined(separator: ";"))' is not 区域, 学校 or 全部")
        }
        if let tooLong = TextLimit.problem("地市 (city)", city, limit: TextLimit.name) { messages.append(tooLong) }
        guard messages.isEmpty, let province, let role else { return .failure(ExpertProblems(messages: messages)) }
        return .success(
            ExpertEntry(
                id: id, name: name, province: province.name, org: org, role: role,
                pin: pinText.isEmpty ? nil : pinText, levels: levels, reviews: reviews, city: city))
    }

    public static func pinIsAcceptable(_ pin: String) -> Bool {
        (4...12).contains(pin.count) && pin.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

extension ExpertEntry {
    /// Who the entry is, apart from its id.
    var personKey: String { "\(name)\u{1F}\(province)\u{1F}\(org)" }
}

/// What is wrong with one expert's fields.
public struct ExpertProblems: Error, Sendable, CustomStringConvertible {
    public var messages: [String]
    public var description: String { messages.joined(separator: "\n") }
}
