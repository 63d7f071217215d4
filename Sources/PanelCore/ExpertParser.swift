/// A review expert (评审专家) or the panel chair (组长), as the secretariat lists them.
public struct ExpertEntry: Equatable, Sendable {
    public enum Role: String, Sendable, Codable { case expert, chair }

    public init(id: String, name: String, province: String, org: String, role: Role, pin: String?) {
        self.id = id
        self.name = name
        self.province = province
        self.org = org
        self.role = role
        self.pin = pin
    }

    public var id: String
    public var name: String
    /// The standard full name: an expert never scores their own province (回避).
    public var province: String
    public var org: String
    public var role: Role
    /// `nil`: panel generates one and prints it once.
    public var pin: String?
}

/// Reads the experts CSV (编号/id, 姓名/name, 省份/province, 单位/org, 角色/role, PIN/pin), all or nothing.
public enum ExpertParser {
    static let aliases: [String: [String]] = [
        "id": ["编号", "专家编号"], "name": ["姓名"], "province": ["省份"], "org": ["单位", "工作单位"],
        "role": ["角色"], "pin": ["PIN", "密码"],
    ]

    public struct Import: Sendable {
        public var entries: [ExpertEntry]
        /// Columns panel does not read.
        public var warnings: [Problem]
    }

    /// - Parameter existing: the experts already in the database (their ids must not repeat, and
    ///   the same person under another id is warned of).
    public static func parse(_ csv: CSVText, file: String, existing: [ExpertEntry] = []) -> Result<Import, Problems> {
        let existingIDs = Set(existing.map(\.id))
        let header: CSVHeader
        var warnings: [Problem]
        switch CSVHeader.read(csv, file: file, aliases: aliases, required: ["id", "name", "province"]) {
        case .success(let read): (header, warnings) = read
        case .failure(let problems): return .failure(problems)
        }
        var problems: [Problem] = []
        var entries: [ExpertEntry] = []
        // The same person twice under two ids would get the same candidates twice: a warning,
        // since two experts of one name, province and 单位 can exist.
        var person: [String: String] = [:]
        for entry in existing { person[entry.personKey] = person[entry.personKey] ?? "\(entry.id) (in the database)" }
        var lineOfID: [String: Int] = [:]
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
            if let first = lineOfID[id], !id.isEmpty {
                problem("编号 '\(id)' is used twice (first on line \(first))")
            } else if existingIDs.contains(id) {
                problem("编号 '\(id)' is already in the database")
            }
            if !id.isEmpty { lineOfID[id] = lineOfID[id] ?? record.line }
            switch entry(
                id: id, name: header.value("name", in: record), province: header.value("province", in: record),
                org: header.value("org", in: record), role: header.value("role", in: record),
                pin: header.value("pin", in: record))
            {
            case .success(let entry) where problems.count == before:
                if let other = person[entry.personKey] {
                    warnings.append(
                        Problem(
                            file: file, line: record.line,
                            message: """
                                \(entry.id) has the 姓名, 省份 and 单位 of \(other) — the same person under two ids?\
                                 Remove one, or tell them apart in 单位
                                """))
                }
                person[entry.personKey] = person[entry.personKey] ?? "\(entry.id) (line \(record.line))"
                entries.append(entry)
            case .success: break
            case .failure(let found): found.messages.forEach(problem)
            }
        }
        return problems.isEmpty ? .success(Import(entries: entries, warnings: warnings)) : .failure(Problems(problems))
    }

    /// One expert from the texts a person typed: each message names the field that is wrong.
    public static func entry(
        id: String, name: String, province provinceText: String, org: String, role roleText: String,
        pin pinText: String
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
        guard messages.isEmpty, let province, let role else { return .failure(ExpertProblems(messages: messages)) }
        return .success(
            ExpertEntry(
                id: id, name: name, province: province.name, org: org, role: role,
                pin: pinText.isEmpty ? nil : pinText))
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
