/// Reads `rules.toml` and checks that the round it describes can be run.
public enum RulesParser {
    /// `materialGroups`: the group ids that both material sheets (region and school) have, when
    /// known, so that a `tie_break` entry `group:X` can be checked against them.
    public static func parse(_ source: String, file: String, materialGroups: Set<String>? = nil) -> Result<
        Rules, Problems
    > {
        switch TOMLDocument.parse(source, file: file) {
        case .failure(let problem): return .failure(Problems([problem]))
        case .success(let document): return parse(document, materialGroups: materialGroups)
        }
    }

    public static func parse(_ document: TOMLDocument, materialGroups: Set<String>? = nil) -> Result<Rules, Problems> {
        let sink = ProblemSink()
        let root = TableReader(document: document, path: "", label: "the file", table: document.root, sink: sink)
        root.rejectUnknownKeys(allowed: [
            "round", "quota", "caps", "scoring", "conflicts", "fairness", "facts", "assignment", "session",
            "defense",
        ])
        let round = readRound(root)
        let quota = readPerKind(
            root.subtable("quota", label: "[quota]", required: "how many regions and schools can win"))
        let caps = readCaps(
            root.subtable("caps", label: "[caps]", required: "how many a province, city or county may recommend"))
        let scoring = readScoring(
            root.subtable("scoring", label: "[scoring]", required: "how expert scores are combined"),
            quota: quota, materialGroups: materialGroups)
        var conflicts: Rules.Conflicts?
        if let table = root.subtable("conflicts", label: "[conflicts]", required: "who must not score whom") {
            table.rejectUnknownKeys(allowed: ["recuse_same_province"])
            conflicts = table.bool("recuse_same_province", required: "true: experts never score their own province")
                .map { Rules.Conflicts(recuseSameProvince: $0) }
        }
        let fairness = readFairness(root.subtable("fairness", label: "[fairness]", required: nil))
        let rates = readRates(root.subtable("facts", label: "[facts]", required: nil))
        var assignment = Rules.Assignment()
        if let table = root.subtable("assignment", label: "[assignment]", required: nil) {
            table.rejectUnknownKeys(allowed: ["expertise"])
            if let text = table.string("expertise", required: nil) {
                if let expertise = Rules.Assignment.Expertise(rawValue: text) {
                    assignment.expertise = expertise
                } else {
                    table.report("expertise '\(text)' is not required, preferred or ignored", at: "expertise")
                }
            }
        }
        var session = Rules.Session()
        if let table = root.subtable("session", label: "[session]", required: nil) {
            table.rejectUnknownKeys(allowed: ["idle_lock_minutes"])
            if let minutes = table.int("idle_lock_minutes", required: nil) {
                if (0...1440).contains(minutes) {
                    session.idleLockMinutes = minutes
                } else {
                    table.report(
                        "idle_lock_minutes \(minutes) is not 0 (never) to 1440 (a day)", at: "idle_lock_minutes")
                }
            }
        }
        let defense = readDefense(root.subtable("defense", label: "[defense]", required: nil))
        conflicts?.recuseSameCity = round.map { $0.level != .national } ?? false
        guard sink.isEmpty, let round, let quota, let caps, let scoring, let conflicts, let fairness else {
            return .failure(Problems(sink.problems))
        }
        var rules = Rules(
            round: round, quota: quota, caps: caps, scoring: scoring, conflicts: conflicts, fairness: fairness,
            rates: rates, assignment: assignment)
        rules.session = session
        rules.defense = defense
        return .success(rules)
    }

    private static func readDefense(_ table: TableReader?) -> Rules.Defense {
        var defense = Rules.Defense()
        guard let table else { return defense }
        table.rejectUnknownKeys(allowed: [
            "present_minutes", "questions_minutes", "changeover_minutes", "groups", "normalize",
        ])
        func minutes(_ key: String, _ range: ClosedRange<Int>, _ what: String) -> Int? {
            guard let value = table.int(key, required: nil) else { return nil }
            guard range.contains(value) else {
                table.report("\(key) \(value) is not \(range.lowerBound) to \(range.upperBound) \(what)", at: key)
                return nil
            }
            return value
        }
        if let value = minutes("present_minutes", 1...120, "minutes") { defense.presentMinutes = value }
        if let value = minutes("questions_minutes", 0...120, "minutes") { defense.questionsMinutes = value }
        if let value = minutes("changeover_minutes", 0...120, "minutes") { defense.changeoverMinutes = value }
        if let value = minutes("groups", 1...50, "groups of experts") { defense.groups = value }
        if let text = table.string("normalize", required: nil) {
            if let normalize = Rules.Defense.Normalize(rawValue: text) {
                defense.normalize = normalize
            } else {
                table.report("normalize '\(text)' is not none or group_zscore", at: "normalize")
            }
        }
        return defense
    }

    private static func readRound(_ root: TableReader) -> Rules.Round? {
        guard
            let table = root.subtable(
                "round", label: "[round]", required: "the round's name, level and prior award years")
        else { return nil }
        table.rejectUnknownKeys(allowed: ["name", "level", "prior_award_years"])
        let name = table.string("name", required: "the round's Chinese name")
        var level: Rules.Level?
        if let text = table.string("level", required: "national, province or city") {
            level = Rules.Level(rawValue: text)
            if level == nil { table.report("level '\(text)' is not national, province or city", at: "level") }
        }
        var years: [Int]?
        if let values = table.array(
            "prior_award_years", required: "years whose winners may not enter again, such as [2018, 2019]")
        {
            years = values.compactMap { value in
                guard case .int(let year) = value, (1900...2200).contains(year) else {
                    table.report(
                        "prior_award_years must list years such as 2019, not \(value.typeName)", at: "prior_award_years"
                    )
                    return nil
                }
                return year
            }
            if years?.count != values.count { years = nil }
        }
        guard let name, let level, let years else { return nil }
        return Rules.Round(name: name, level: level, priorAwardYears: years)
    }

    private static func readPerKind(_ table: TableReader?) -> Rules.PerKind? {
        guard let table else { return nil }
        table.rejectUnknownKeys(allowed: ["region", "school"])
        guard let region = positive(table, "region", what: "how many regions"),
            let school = positive(table, "school", what: "how many schools")
        else { return nil }
        return Rules.PerKind(region: region, school: school)
    }

    private static func readCaps(_ table: TableReader?) -> Rules.Caps? {
        guard let table else { return nil }
        let keys = ["region_per_province", "school_per_province", "school_per_city", "school_per_county"]
        table.rejectUnknownKeys(allowed: keys)
        let values = keys.map { positive(table, $0, what: "a whole number above 0") }
        guard let region = values[0], let school = values[1], let city = values[2], let county = values[3] else {
            return nil
        }
        return Rules.Caps(
            regionPerProvince: region, schoolPerProvince: school, schoolPerCity: city, schoolPerCounty: county)
    }

    private static func readScoring(_ table: TableReader?, quota: Rules.PerKind?, materialGroups: Set<String>?) -> Rules
        .Scoring?
    {
        guard let table else { return nil }
        table.rejectUnknownKeys(allowed: [
            "aggregate", "trim", "trim_min_experts", "min_experts", "material_weight",
            "defense_weight", "min_final", "shortlist_region", "shortlist_school", "tie_break",
        ])
        var aggregate: Rules.Aggregate?
        if let text = table.string("aggregate", required: "trimmed_mean, mean or median") {
            aggregate = Rules.Aggregate(rawValue: text)
            if aggregate == nil {
                table.report(
                    "unknown aggregate '\(text)' — use one of \(Rules.Aggregate.allCases.map(\.rawValue).joined(separator: ", "))",
                    at: "aggregate")
            }
        }
        let trim = nonNegative(table, "trim", what: "how many highest and lowest totals to drop")
        let trimMin = positive(table, "trim_min_experts", what: "trim only with at least this many experts")
        if let trim, let trimMin, trimMin <= 2 * trim {
            table.report(
                """
                trim_min_experts (\(trimMin)) must be more than 2 × trim (\(2 * trim)), or trimming could drop\
                 every expert
                """,
                at: "trim_min_experts")
        }
        let minExperts = positive(table, "min_experts", what: "fewer complete sheets make a candidate incomplete")
        let material = weight(table, "material_weight")
        let defense = weight(table, "defense_weight")
        if let material, let defense, material + defense != Points(1) {
            table.report(
                "material_weight \(material) and defense_weight \(defense) add up to \(material + defense), not 1",
                at: "material_weight")
        }
        var minFinal = table.points("min_final", required: "the lowest final score that can win")
        if let value = minFinal, value < .zero {
            table.report("min_final must be 0 or more, not \(value)", at: "min_final")
            minFinal = nil
        }
        let shortlistRegion = positive(table, "shortlist_region", what: "how many regions go to the oral defence")
        let shortlistSchool = positive(table, "shortlist_school", what: "how many schools go to the oral defence")
        for (key, size, quota) in [
            ("shortlist_region", shortlistRegion, quota?.region), ("shortlist_school", shortlistSchool, quota?.school),
        ] {
            if let size, let quota, size < quota {
                table.report(
                    "\(key) (\(size)) is smaller than the quota (\(quota)): the quota could never be filled", at: key)
            }
        }
        let tieBreak = readTieBreak(table, materialGroups: materialGroups)
        guard let aggregate, let trim, let trimMin, let minExperts, let material, let defense, let minFinal,
            let shortlistRegion, let shortlistSchool, let tieBreak
        else { return nil }
        return Rules.Scoring(
            aggregate: aggregate, trim: trim, trimMinExperts: trimMin, minExperts: minExperts,
            materialWeight: material, defenseWeight: defense, minFinal: minFinal,
            shortlist: Rules.PerKind(region: shortlistRegion, school: shortlistSchool), tieBreak: tieBreak)
    }

    /// `[[facts.rate]]`, optional: each names a rate and the two summary-table columns it divides.
    private static func readRates(_ table: TableReader?) -> [FactRate] {
        guard let table else { return [] }
        table.rejectUnknownKeys(allowed: ["rate"])
        let readers = table.tables("rate") { index, _ in "[[facts.rate]] \(index + 1)" } ?? []
        var names: Set<String> = []
        return readers.compactMap { reader in
            reader.rejectUnknownKeys(allowed: ["name", "numerator", "denominator"])
            guard let name = reader.string("name", required: "what the rate is called, such as 教师空间开通率"),
                let numerator = reader.string("numerator", required: "the summary table's column above the line"),
                let denominator = reader.string("denominator", required: "the column below the line")
            else { return nil }
            guard names.insert(name).inserted else {
                reader.report("rate '\(name)' is declared twice", at: "name")
                return nil
            }
            return FactRate(name: name, numerator: numerator, denominator: denominator)
        }
    }

    /// `[fairness]` is optional, and so is each of its keys: a missing one keeps its default.
    private static func readFairness(_ table: TableReader?) -> Rules.Fairness? {
        var fairness = Rules.Fairness()
        guard let table else { return fairness }
        table.rejectUnknownKeys(allowed: ["severity_flag", "corridor", "min_sheets", "bootstrap", "seed", "window"])
        var ok = true
        for (key, path) in [("severity_flag", \Rules.Fairness.severityFlag), ("corridor", \Rules.Fairness.corridor)]
        where table.has(key) {
            guard let value = table.points(key, required: nil) else { ok = false; continue }
            guard value > .zero else {
                table.report("\(key) in [fairness] must be more than 0 points, not \(value)", at: key); ok = false;
                continue
            }
            fairness[keyPath: path] = value
        }
        let counts: [(String, WritableKeyPath<Rules.Fairness, Int>, ClosedRange<Int>)] =
            [
                ("min_sheets", \.minSheets, 2...10_000), ("bootstrap", \.bootstrap, 0...100_000),
                ("window", \.window, 0...1_000),
            ]
        for (key, path, range) in counts where table.has(key) {
            guard let value = table.int(key, required: nil) else { ok = false; continue }
            guard range.contains(value) else {
                table.report(
                    "\(key) in [fairness] must lie between \(range.lowerBound) and \(range.upperBound), not \(value)",
                    at: key)
                ok = false
                continue
            }
            fairness[keyPath: path] = value
        }
        if table.has("seed") {
            switch table.int("seed", required: nil) {
            case let seed? where seed >= 0: fairness.seed = UInt64(seed)
            case let seed?: table.report("seed in [fairness] must be 0 or more, not \(seed)", at: "seed"); ok = false
            case nil: ok = false
            }
        }
        return ok ? fairness : nil
    }

    private static func readTieBreak(_ table: TableReader, materialGroups: Set<String>?) -> [Rules.TieBreak]? {
        guard
            let values = table.array(
                "tie_break",
                required: "the order of keys for equal finals, such as [\"defense\", \"material\", \"group:C\"]")
        else { return nil }
        var keys: [Rules.TieBreak] = []
        var ok = true
        for value in values {
            guard case .string(let text) = value, let key = Rules.TieBreak(text) else {
                let shown = if case .string(let text) = value { "'\(text)'" } else { value.typeName }
                table.report(
                    """
                    tie_break entry \(shown) is not a known key — use defense, material or group:X with X a\
                     group id of the material sheets
                    """,
                    at: "tie_break")
                ok = false
                continue
            }
            if case .group(let id) = key, let materialGroups, !materialGroups.contains(id) {
                table.report(
                    "tie_break entry '\(text)' names no group of the material sheets (groups: \(materialGroups.sorted().joined(separator: ", ")))",
                    at: "tie_break")
                ok = false
            }
            if keys.contains(key) {
                table.report("tie_break names '\(text)' twice", at: "tie_break")
                ok = false
            }
            keys.append(key)
        }
        return ok ? keys : nil
    }

    private static func positive(_ table: TableReader, _ key: String, what: String) -> Int? {
        guard let value = table.int(key, required: what) else { return nil }
        guard value > 0 else {
            table.report("\(key) in \(table.label) must be more than 0, not \(value)", at: key); return nil
        }
        return value
    }

    private static func nonNegative(_ table: TableReader, _ key: String, what: String) -> Int? {
        guard let value = table.int(key, required: what) else { return nil }
        guard value >= 0 else {
            table.report("\(key) in \(table.label) must be 0 or more, not \(value)", at: key); return nil
        }
        return value
    }

    /// A weight between 0 and 1 with at most two decimals, kept as hundredths: 0.6 is 60.
    private static func weight(_ table: TableReader, _ key: String) -> Points? {
        guard let value = table.points(key, required: "a share between 0 and 1, such as 0.6") else { return nil }
        guard value >= .zero, value <= Points(1) else {
            table.report("\(key) must lie between 0 and 1, not \(value)", at: key)
            return nil
        }
        return value
    }
}
