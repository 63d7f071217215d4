/// A panel of any size for `panel bench`: candidates spread over the 32 units, experts from every
/// unit in turn, and the files a secretariat would import. Deterministic for a seed.
public struct SyntheticPanel: Sendable {
    public var regions: Int
    public var schools: Int
    public var experts: Int
    public var seed: UInt64

    public init(regions: Int, schools: Int, experts: Int, seed: UInt64) {
        self.regions = regions
        self.schools = schools
        self.experts = experts
        self.seed = seed
    }

    /// The shipped rules with the provincial caps lifted: a synthetic panel nominates far more per
    /// province than the notice allows, and every candidate should count.
    public static let uncappedRules: [(String, String)] = [
        ("region_per_province = 3 ", "region_per_province = 1000000 "),
        ("school_per_province = 15 ", "school_per_province = 1000000 "),
        ("school_per_city = 10 ", "school_per_city = 1000000 "),
        ("school_per_county = 5 ", "school_per_county = 1000000 "),
    ]

    public func nominationsCSV() -> String {
        var rows = ["编号,类别,名称,省份,地市,区县,学段,平台名称,接入国家平台,往年获评,支撑区域,推荐排序"]
        rows.reserveCapacity(regions + schools + 1)
        let units = Province.all
        for n in 0..<regions {
            let province = units[n % units.count]
            rows.append(
                """
                R\(n + 1),区域,\(province.name)第\(n / units.count + 1)区,\(province.short),市\(n % 7),县\
                \(n % 11),,平台,是,,,
                """)
        }
        let levels = SchoolLevel.allCases
        for n in 0..<schools {
            let province = units[n % units.count]
            // Each school supports a region of its own unit (regions are dealt to units in turn, so
            // unit u holds regions u, u+32, …), spreading over all of them.
            let unit = n % units.count
            let inUnit = max(0, (regions - unit + units.count - 1) / units.count)
            let region = inUnit == 0 ? "" : "R\(((n / units.count) % inUnit) * units.count + unit + 1)"
            rows.append(
                """
                S\(n + 1),学校,\(province.short)第\(n / units.count + 1)学校,\(province.short),市\(n % 7),县\
                \(n % 11),\(levels[n % 10 == 0 ? n % 4 : 0].rawValue),平台,是,,\(region),
                """
            )
        }
        return rows.joined(separator: "\n") + "\n"
    }

    public func expertsCSV(pin: String = "0000") -> String {
        var rows = ["编号,姓名,省份,单位,角色,PIN"]
        for n in 0..<experts {
            rows.append("E\(n + 1),专家\(n + 1),\(Province.all[n % Province.all.count].short),,专家,\(pin)")
        }
        rows.append("C1,组长,北京,,组长,\(pin)")
        return rows.joined(separator: "\n") + "\n"
    }

    /// Complete sheets from every assignment at `stage` (for `only` candidates when given), except
    /// a `leaveOut` share left unstarted so that there is work left to save; each candidate has a
    /// quality and each expert a severity.
    public func scoresCSV(
        assignments: [Assignment], kinds: [String: CandidateKind], round: RoundDefinition, stage: Stage,
        only: Set<String>? = nil, leaveOut: Double = 0
    ) -> String {
        var text = ""
        _ = scoreRows(
            assignments: assignments, kinds: kinds, round: round, stage: stage, only: only, leaveOut: leaveOut
        ) { text += $0 }
        return text
    }

    /// The same file, handed out a few thousand rows at a time (a provincial round's is 300 MB);
    /// returns how many score rows it has.
    public func scoreRows(
        assignments: [Assignment], kinds: [String: CandidateKind], round: RoundDefinition, stage: Stage,
        only: Set<String>? = nil, leaveOut: Double = 0, _ write: (String) throws -> Void
    ) rethrows -> Int {
        var random = SeededRandom(seed: seed &+ (stage == .material ? 0 : 7))
        var chunk = "专家编号,候选编号,阶段,指标,分数\n"
        var rows = 0
        var quality: [String: Double] = [:]
        for assignment in assignments {
            guard let kind = kinds[assignment.candidate], only?.contains(assignment.candidate) ?? true else { continue }
            if random.unit() < leaveOut { continue }
            let base =
                quality[assignment.candidate]
                ?? {
                    let q = 0.6 + 0.35 * random.unit(); quality[assignment.candidate] = q; return q
                }()
            for item in round.sheet(stage.sheet(for: kind)).items {
                let share = min(1, max(0, base + 0.1 * (random.unit() - 0.5)))
                let steps = Int((Double(item.points.hundredths / item.step.hundredths) * share).rounded())
                chunk +=
                    """
                    \(assignment.expert),\(assignment.candidate),\(stage.chineseName),\(item.id),\
                    \(Points(hundredths: steps * item.step.hundredths))\n
                    """
                rows += 1
            }
            if chunk.utf8.count > 1 << 20 {
                try write(chunk)
                chunk = ""
            }
        }
        try write(chunk)
        return rows
    }
}
