/// Reads the provinces' summary tables (附件6 信息汇总表) into candidates, all or nothing: a file
/// with any bad row yields every problem and no candidate.
public enum NominationParser {
    public struct Import: Sendable {
        public var candidates: [Candidate]
        /// Every other column of the summary table (学校数, 教师数, 教师空间开通数 …), by candidate,
        /// in the file's order: kept as the candidate's facts, shown on its dossier's first page.
        public var facts: [String: [Fact]] = [:]
        /// Things worth knowing that do not stop the import, such as ignored columns.
        public var warnings: [Problem]
        /// The file and line each candidate came from, for a refusal the parser could not foresee.
        public var placeOfID: [String: Place] = [:]
    }

    /// `浙江.xlsx[汇总表]:5`: a row of one of the files of an import.
    public struct Place: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var description: String { "\(file):\(line)" }
    }

    /// Every column name this file type knows, normalized: how a workbook's header row is found.
    public static var headerNames: Set<String> {
        Set(aliases.flatMap { [$0.key] + $0.value }.map(CSVHeader.normalized))
    }

    static let aliases: [String: [String]] = [
        "id": ["编号", "候选编号"], "kind": ["类别", "类型"], "name": ["名称"], "province": ["省份", "省"],
        "city": ["地市", "市"], "county": ["区县", "县区"], "level": ["学段"], "platform": ["平台名称", "平台"],
        "connected": ["接入国家平台", "是否接入国家平台"], "prior_award": ["往年获评"], "supports": ["支撑区域"],
        "province_rank": ["推荐排序", "排序"], "contact": ["联系人"], "phone": ["联系电话", "电话"],
    ]
    static let requiredColumns = ["id", "kind", "name", "province", "city", "platform", "connected"]

    /// `existing`: candidates already in the database, which ids must not repeat and which a
    /// school may support.
    public static func parse(_ csv: CSVText, file: String, existing: [Candidate] = []) -> Result<Import, Problems> {
        parse([(csv, file)], existing: existing)
    }

    /// Several files as one import (the 32 provinces' tables at once): an id may be used once across
    /// them all, and a school may name a region of another file as its 支撑区域. `file`: each table's
    /// label, such as `浙江.xlsx[汇总表]`.
    public static func parse(_ tables: [(csv: CSVText, file: String)], existing: [Candidate] = [])
        -> Result<Import, Problems>
    {
        var problems: [Problem] = [], warnings: [Problem] = []
        var candidates: [Candidate] = []
        var facts: [String: [Fact]] = [:]
        var placeOfID: [String: Place] = [:]
        let existingIDs = Set(existing.map(\.id))
        for (csv, file) in tables {
            let header: CSVHeader
            switch CSVHeader.read(csv, file: file, aliases: aliases, required: requiredColumns, keepsUnknown: true) {
            case .success(let read): (header, warnings) = (read.0, warnings + read.1)
            case .failure(let refused):
                problems += refused.all
                continue
            }
            read(
                csv, file: file, header: header, existingIDs: existingIDs, into: &candidates, &facts, &placeOfID,
                problems: &problems, importOrder: existing.count)
        }
        problems += supportProblems(candidates, existing: existing, placeOfID: placeOfID)
        guard problems.isEmpty else { return .failure(Problems(problems)) }
        return .success(Import(candidates: candidates, facts: facts, warnings: warnings, placeOfID: placeOfID))
    }

    /// The rows of one table, after its header.
    private static func read(
        _ csv: CSVText, file: String, header: CSVHeader, existingIDs: Set<String>, into candidates: inout [Candidate],
        _ facts: inout [String: [Fact]], _ placeOfID: inout [String: Place], problems: inout [Problem],
        importOrder: Int
    ) {
        // A workbook's problem names its cell (`浙江.xlsx[汇总表]!D5`): its fields are its columns.
        let cells = csv.encoding == .xlsx || csv.encoding == .xls
        for record in csv.records.dropFirst() {
            let before = problems.count
            func problem(_ message: String, field: String? = nil) {
                var found = Problem(file: file, line: record.line, message: message)
                if cells, let field, let column = header.columns[field] {
                    found.cell = "\(XLSXReference.name(column))\(record.line)"
                }
                problems.append(found)
            }
            if let overflow = header.overflow(record) { problem(overflow) }
            func required(_ field: String) -> String? {
                let value = header.value(field, in: record)
                if value.isEmpty { problem("\(aliases[field]![0]) (\(field)) is empty", field: field); return nil }
                return value
            }
            let id = required("id").map(Identifier.normalized)
            let kindText = required("kind")
            let name = required("name")
            let provinceText = required("province")
            let city = required("city")
            let platform = required("platform")
            let connectedText = required("connected")

            let kind = kindText.flatMap { text -> CandidateKind? in
                let kind = CandidateKind(text: text)
                if kind == nil { problem("类别 '\(text)' is neither 区域 (region) nor 学校 (school)", field: "kind") }
                return kind
            }
            let province = provinceText.flatMap { text -> Province? in
                let province = Province.named(text)
                if province == nil {
                    problem(
                        """
                        省份 '\(text)' is not a province-level unit — write it as 浙江 or 浙江省 (or\
                         新疆生产建设兵团)
                        """, field: "province")
                }
                return province
            }
            let connected = connectedText.flatMap { text -> Bool? in
                let value = parseYesNo(text)
                if value == nil {
                    problem("接入国家平台 '\(text)' is not 是 or 否 (yes/no, true/false, 1/0)", field: "connected")
                }
                return value
            }
            var level: SchoolLevel?
            let levelText = header.value("level", in: record)
            if kind == .school {
                level = SchoolLevel(rawValue: levelText)
                if level == nil {
                    problem(
                        levelText.isEmpty
                            ? """
                            学段 (level) is empty — a school is 基础教育, 职业教育, 高等教育 or\
                             继续教育
                            """
                            : "学段 '\(levelText)' is not 基础教育, 职业教育, 高等教育 or 继续教育", field: "level")
                }
            }
            let priorText = header.value("prior_award", in: record).halfWidthNumber
            let priorAward = priorText.isEmpty ? nil : Int(priorText.filter { $0 != "年" })
            if !priorText.isEmpty && (priorAward.map { !(1990...2100).contains($0) } ?? true) {
                problem(
                    "往年获评 '\(priorText)' is not a year such as 2019 — leave it empty if never awarded",
                    field: "prior_award")
            }
            let rankText = header.value("province_rank", in: record).halfWidthNumber
            let rank = rankText.isEmpty ? nil : Int(rankText)
            if !rankText.isEmpty && (rank.map { $0 < 1 } ?? true) {
                problem("推荐排序 '\(rankText)' is not a whole number from 1", field: "province_rank")
            }
            let supportsText = Identifier.normalized(header.value("supports", in: record))
            if let name, let tooLong = TextLimit.problem("名称 (name)", name, limit: TextLimit.name) {
                problem(tooLong, field: "name")
            }
            // Bytes first: a cell of no more bytes than the limit has no more characters either.
            for (column, field) in record.fields.enumerated()
            where field.utf8.count > TextLimit.cell && column != header.columns["name"] {
                if let tooLong = TextLimit.problem("column \(column + 1)", field, limit: TextLimit.cell) {
                    problem(tooLong)
                }
            }
            if kind == .region && !supportsText.isEmpty {
                problem("支撑区域 is for schools; a region names no 支撑区域", field: "supports")
            }
            if let id {
                if let wrong = Identifier.problem(id) {
                    problem("编号 \(wrong)", field: "id")
                } else if let first = placeOfID[id] {
                    let there = first.file == file ? "line \(first.line)" : "\(first)"
                    problem(
                        "编号 '\(id)' is used twice (first on \(there)) — every candidate needs its own id", field: "id")
                } else if existingIDs.contains(id) {
                    problem("编号 '\(id)' is already in the database — it was imported before", field: "id")
                }
                placeOfID[id] = placeOfID[id] ?? Place(file: file, line: record.line)
            }
            guard problems.count == before, let id, let kind, let name, let province, let city, let platform,
                let connected
            else { continue }
            candidates.append(
                Candidate(
                    id: id, kind: kind, name: name, province: province.name, city: city,
                    county: header.value("county", in: record), level: level, platform: platform, connected: connected,
                    priorAward: priorAward, supports: supportsText.isEmpty ? nil : supportsText, provinceRank: rank,
                    contact: header.value("contact", in: record), phone: header.value("phone", in: record),
                    importOrder: importOrder + candidates.count))
            let others = header.others(in: record)
            if !others.isEmpty { facts[id] = others }
        }
    }

    /// A school's 支撑区域 must be a region, in the file or the database, of the same province.
    private static func supportProblems(
        _ candidates: [Candidate], existing: [Candidate], placeOfID: [String: Place]
    ) -> [Problem] {
        // Only what the check reads: copying 100,000 whole candidates into a dictionary was a
        // seventh of a provincial import.
        var byID: [String: (kind: CandidateKind, province: String)] = [:]
        byID.reserveCapacity(existing.count + candidates.count)
        for candidate in existing { byID[candidate.id] = (candidate.kind, candidate.province) }
        for candidate in candidates { byID[candidate.id] = (candidate.kind, candidate.province) }
        return candidates.compactMap { school in
            guard let target = school.supports, let place = placeOfID[school.id] else { return nil }
            let (file, line) = (place.file, place.line)
            guard let region = byID[target] else {
                return Problem(
                    file: file, line: line,
                    message:
                        """
                        支撑区域 '\(target)' names no candidate — give the 编号 of a region in this file\
                         or already imported
                        """
                )
            }
            guard region.kind == .region else {
                return Problem(file: file, line: line, message: "支撑区域 '\(target)' is a school, not a region")
            }
            guard region.province == school.province else {
                return Problem(
                    file: file, line: line,
                    message:
                        """
                        支撑区域 '\(target)' is in \(region.province), but this school is in\
                         \(school.province) — a school supports a region of its own province
                        """
                )
            }
            return nil
        }
    }

    static func parseYesNo(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "是", "yes", "y", "true", "1", "已接入": true
        case "否", "no", "n", "false", "0", "未接入": false
        default: nil
        }
    }
}
