import PanelCore

/// `panel candidates`: one object per candidate in JSON (the stable contract), and the same rows
/// as CSV and as an aligned table.
public struct CandidateView: Codable, Equatable, Sendable {
    public var id, kind, name, province, city, county: String
    public var level: String?
    public var platform: String
    public var connected: Bool
    public var prior_award: Int?
    public var supports: String?
    public var province_rank: Int?
    public var eligible: Bool
    public var findings: [FindingView]

    public struct FindingView: Codable, Equatable, Sendable {
        public var code: String
        public var excludes: Bool
        public var message: String
    }

    public init(_ candidate: Candidate, findings: [Finding]) {
        id = candidate.id
        kind = candidate.kind.rawValue
        name = candidate.name
        province = candidate.province
        city = candidate.city
        county = candidate.county
        level = candidate.level?.rawValue
        platform = candidate.platform
        connected = candidate.connected
        prior_award = candidate.priorAward
        supports = candidate.supports
        province_rank = candidate.provinceRank
        eligible = !findings.contains { $0.excludes }
        self.findings = findings.map { FindingView(code: $0.code.rawValue, excludes: $0.excludes, message: $0.message) }
    }

    public static func csv(_ views: [CandidateView]) -> String {
        csvText(
            [["id", "kind", "name", "province", "city", "county", "level", "eligible", "reasons"]]
                + views.map {
                    [
                        $0.id, $0.kind, $0.name, $0.province, $0.city, $0.county, $0.level ?? "",
                        $0.eligible ? "yes" : "no", $0.findings.map(\.code).joined(separator: " "),
                    ]
                })
    }

    /// The table's lines and a count of how many are ineligible.
    public static func table(_ views: [CandidateView]) -> [String] {
        alignedColumns(
            [["编号", "类别", "名称", "省份", "地市", "学段", "资格", "原因"]]
                + views.map {
                    [
                        $0.id, $0.kind == "region" ? "区域" : "学校", $0.name, $0.province, $0.city, $0.level ?? "",
                        $0.eligible ? "符合" : "不符合", $0.findings.map(\.code).joined(separator: ", "),
                    ]
                }) + ["\(views.count) candidates, \(views.filter { !$0.eligible }.count) ineligible"]
    }
}

/// What `panel import nominations` says after a successful import: the count per province, then
/// every eligibility finding with what it means.
public func nominationSummary(
    _ candidates: [Candidate], file: String, findings: [(candidate: Candidate, findings: [Finding])]
) -> [String] {
    let regions = candidates.filter { $0.kind == .region }.count
    var lines = [
        """
        imported \(candidates.count) candidates from \(file): \(regions) regions, \(candidates.count - regions)\
         schools
        """
    ]
    let byProvince = Dictionary(grouping: candidates, by: \.province)
    for province in Province.all {
        guard let group = byProvince[province.name] else { continue }
        let regions = group.filter { $0.kind == .region }.count
        lines.append("  \(province.name)  区域 \(regions)  学校 \(group.count - regions)")
    }
    let noted = findings.filter { !$0.findings.isEmpty }
    let excluded = noted.filter { $0.findings.contains { $0.excludes } }.count
    lines.append(
        """
        eligibility: \(excluded) ineligible, \(noted.count - excluded) with warnings (see `panel candidates\
         --ineligible`)
        """
    )
    for (candidate, list) in noted {
        for finding in list {
            lines.append(
                "  \(candidate.id) \(TerminalSafe.cell(candidate.name)): "
                    + "\(finding.excludes ? "ineligible" : "warning") \(finding.code.rawValue) — \(finding.message)"
            )
        }
    }
    return lines
}
