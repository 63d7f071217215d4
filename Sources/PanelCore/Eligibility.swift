/// What the notice's rules say about one candidate.
public struct Finding: Equatable, Sendable, Codable {
    public enum Code: String, Sendable, Codable, CaseIterable {
        case platformNotConnected = "platform_not_connected"
        case priorWinner = "prior_winner"
        case overProvinceCap = "over_province_cap"
        case noSupportingSchool = "no_supporting_school"
        case overCityCap = "over_city_cap"
        case overCountyCap = "over_county_cap"
    }

    public var code: Code
    /// An ineligible finding excludes the candidate; the others only warn.
    public var excludes: Bool
    /// The reason in a sentence, in Chinese, as the chair reads it.
    public var message: String
}

/// The notice's eligibility rules (三、(三) 优秀推荐), applied to every candidate at once because
/// the caps and the supporting-school rule look across candidates.
public enum Eligibility {
    public static func findings(for candidates: [Candidate], rules: Rules) -> [String: [Finding]] {
        var findings: [String: [Finding]] = [:]
        func add(_ candidate: Candidate, _ code: Finding.Code, excludes: Bool, _ message: String) {
            findings[candidate.id, default: []].append(Finding(code: code, excludes: excludes, message: message))
        }
        for candidate in candidates {
            if !candidate.connected {
                add(
                    candidate, .platformNotConnected, excludes: true,
                    "认定的“人人通”平台（\(candidate.platform)）未接入国家数字教育资源公共服务体系")
            }
            if let year = candidate.priorAward, rules.round.priorAwardYears.contains(year) {
                add(candidate, .priorWinner, excludes: true, "已获评\(year)年度优秀\(candidate.kind.chineseName)，不再纳入推荐范围")
            }
        }
        // A province's recommendations beyond its cap, in its own order (missing ranks: file order).
        let ordered = candidates.sorted {
            ($0.provinceRank ?? .max, $0.importOrder) < ($1.provinceRank ?? .max, $1.importOrder)
        }
        var perKind: [CandidateKind: Int] = [:]
        for candidate in candidates { perKind[candidate.kind, default: 0] += 1 }
        func overCap(groupedBy key: (Candidate) -> String?, kind: CandidateKind, cap: Int) -> [(Candidate, Int)] {
            // Nobody can be beyond a cap the whole kind stays within.
            guard perKind[kind, default: 0] > cap else { return [] }
            // Grouped by bytes first, then the few distinct names as Strings: hashing a String in
            // Chinese normalizes it (a few thousand instructions), and canonically equal names must
            // still be one group.
            var spellings: [UTF8Key: Int] = [:]
            var names: [String] = []
            var members: [(index: Int, spelling: Int)] = []
            for (index, candidate) in ordered.enumerated() where candidate.kind == kind {
                guard let name = key(candidate) else { continue }
                let key = UTF8Key(name)
                if let known = spellings[key] {
                    members.append((index, known))
                } else {
                    spellings[key] = names.count
                    members.append((index, names.count))
                    names.append(name)
                }
            }
            var groups: [String: Int] = [:]
            let groupOf = names.map { name in
                if let group = groups[name] { return group }
                groups[name] = groups.count
                return groups.count - 1
            }
            var counts = [Int](repeating: 0, count: groups.count)
            for member in members { counts[groupOf[member.spelling]] += 1 }
            var seen = [Int](repeating: 0, count: groups.count)
            var beyond: [(Candidate, Int)] = []
            for member in members {
                let group = groupOf[member.spelling]
                seen[group] += 1
                if seen[group] > cap { beyond.append((ordered[member.index], counts[group])) }
            }
            return beyond
        }
        for (kind, cap) in [
            (CandidateKind.region, rules.caps.regionPerProvince), (.school, rules.caps.schoolPerProvince),
        ] {
            for (candidate, count) in overCap(groupedBy: { $0.province }, kind: kind, cap: cap) {
                add(
                    candidate, .overProvinceCap, excludes: true,
                    "\(candidate.province)推荐了\(count)个\(kind.chineseName)，超过每省\(cap)个的上限，按推荐排序本候选在上限之外")
            }
        }
        // City and county caps bind the rounds below the ministry's; nationally they only warn.
        let capsBind = rules.round.level != .national
        for (candidate, count) in overCap(
            groupedBy: { "\($0.province)/\($0.city)" }, kind: .school, cap: rules.caps.schoolPerCity)
        {
            add(
                candidate, .overCityCap, excludes: capsBind,
                "\(candidate.city)推荐了\(count)所学校，超过地市\(rules.caps.schoolPerCity)所的上限")
        }
        for (candidate, count) in overCap(
            groupedBy: { $0.county.isEmpty ? nil : "\($0.province)/\($0.city)/\($0.county)" },
            kind: .school, cap: rules.caps.schoolPerCounty)
        {
            add(
                candidate, .overCountyCap, excludes: capsBind,
                "\(candidate.county)推荐了\(count)所学校，超过区县\(rules.caps.schoolPerCounty)所的上限")
        }
        // Last, as it depends on which schools are still eligible.
        let supported = Set(
            candidates.filter { $0.kind == .school && !(findings[$0.id]?.contains { $0.excludes } ?? false) }
                .compactMap(\.supports))
        for region in candidates where region.kind == .region && !supported.contains(region.id) {
            add(region, .noSupportingSchool, excludes: true, "没有符合条件的本区域学校作为其支撑案例参评优秀学校")
        }
        return findings
    }
}

/// A String hashed and compared by its UTF-8 bytes, without the normalization String's own
/// hashing does: fast, but canonically equal spellings are different keys.
struct UTF8Key: Hashable {
    let text: String
    init(_ text: String) { self.text = text }

    static func == (a: UTF8Key, b: UTF8Key) -> Bool {
        var (left, right) = (a.text, b.text)
        return left.withUTF8 { left in right.withUTF8 { right in left.elementsEqual(right) } }
    }

    func hash(into hasher: inout Hasher) {
        var copy = text
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
