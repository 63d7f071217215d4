/// A review expert (评审专家) or the panel chair (组长), as the secretariat lists them.
public struct ExpertEntry: Equatable, Sendable {
    public enum Role: String, Sendable { case expert, chair }

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

    public static func parse(_ csv: CSVText, file: String, existingIDs: Set<String> = []) -> Result<[ExpertEntry], Problems> {
        guard let headerRecord = csv.records.first else {
            return .failure(Problems([Problem(file: file, message: "is empty — the first line must name the columns (编号, 姓名, 省份, 单位, 角色, PIN)")]))
        }
        let header = CSVHeader(headerRecord.fields, aliases: aliases)
        let missing = ["id", "name", "province"].filter { header.columns[$0] == nil }
        if !missing.isEmpty {
            return .failure(Problems([Problem(file: file, line: headerRecord.line, message: "missing column\(missing.count == 1 ? "" : "s") \(missing.map { "\(aliases[$0]![0]) (\($0))" }.joined(separator: ", ")) — add to the first line")]))
        }
        var problems: [Problem] = []
        var entries: [ExpertEntry] = []
        var lineOfID: [String: Int] = [:]
        for record in csv.records.dropFirst() {
            let before = problems.count
            func problem(_ message: String) { problems.append(Problem(file: file, line: record.line, message: message)) }
            let id = header.value("id", in: record), name = header.value("name", in: record)
            let provinceText = header.value("province", in: record), roleText = header.value("role", in: record)
            let pinText = header.value("pin", in: record)
            if id.isEmpty { problem("编号 (id) is empty") }
            if name.isEmpty { problem("姓名 (name) is empty") }
            if let first = lineOfID[id], !id.isEmpty { problem("编号 '\(id)' is used twice (first on line \(first))") }
            else if existingIDs.contains(id) { problem("编号 '\(id)' is already in the database") }
            if !id.isEmpty { lineOfID[id] = lineOfID[id] ?? record.line }
            let province = Province.named(provinceText)
            if province == nil { problem("省份 '\(provinceText)' is not a province-level unit — write it as 浙江 or 浙江省") }
            let role: ExpertEntry.Role?
            switch roleText.lowercased() {
            case "", "专家", "expert": role = .expert
            case "组长", "chair": role = .chair
            default: role = nil; problem("角色 '\(roleText)' is neither 专家 (expert) nor 组长 (chair)")
            }
            if !pinText.isEmpty && !pinIsAcceptable(pinText) { problem("the PIN must be 4 to 12 digits") }
            guard problems.count == before, let province, let role else { continue }
            entries.append(ExpertEntry(id: id, name: name, province: province.name, org: header.value("org", in: record),
                                       role: role, pin: pinText.isEmpty ? nil : pinText))
        }
        return problems.isEmpty ? .success(entries) : .failure(Problems(problems))
    }

    public static func pinIsAcceptable(_ pin: String) -> Bool {
        (4...12).contains(pin.count) && pin.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
