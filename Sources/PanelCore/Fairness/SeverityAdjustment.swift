import Foundation

/// The severity-adjusted view: each expert's totals standardized over their own sheets (z-scores)
/// and mapped back to the overall mean and spread of the stage, so that a strict expert's 70 and
/// a lenient one's 85 can count alike. It is only sound when every expert's own mean and spread
/// are measured on enough sheets and all experts are tied together by shared candidates (else
/// two groups could be on different scales with nothing to tell); otherwise it is refused.
///
/// Adjusted totals are rounded to hundredths, so the engine ranks them exactly as any other.
public enum SeverityAdjustment {
    public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        case tooFewSheets(label: String, experts: [(String, Int)], minimum: Int)
        case disconnected(label: String, groups: [[String]])
        case noSpread(label: String, experts: [String])

        public static func == (a: Refusal, b: Refusal) -> Bool { a.description == b.description }

        public var description: String {
            switch self {
            case .tooFewSheets(let label, let experts, let minimum):
                let list = experts.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
                return
                    "\(label): \(experts.count == 1 ? "an expert has" : "\(experts.count) experts have") fewer than min_sheets \(minimum) submitted sheets: \(list)"
            case .disconnected(let label, let groups):
                let shown = groups.prefix(5).map {
                    "{" + $0.prefix(8).joined(separator: " ") + ($0.count > 8 ? " …" : "") + "}"
                }.joined(separator: " ")
                return
                    """
                    \(label): the experts form \(groups.count) groups that share no candidate, so their scales\
                     cannot be compared: \(shown)
                    """
            case .noSpread(let label, let experts):
                return
                    "\(label): \(experts.joined(separator: ", ")) gave every sheet the same total, so there is no spread to standardize by"
            }
        }
    }

    /// The adjusted total of every sheet in `sheets`.
    public static func adjust(_ sheets: StageSheets, minSheets: Int) -> Result<[SheetKey: Points], Refusal> {
        let all = sheets.sheets
        guard !all.isEmpty else { return .success([:]) }
        let byExpert = Dictionary(grouping: all, by: \.expert)
        let few = byExpert.filter { $0.value.count < minSheets }.map { ($0.key, $0.value.count) }.sorted { $0.0 < $1.0 }
        if !few.isEmpty { return .failure(.tooFewSheets(label: sheets.label, experts: few, minimum: minSheets)) }
        let groups = connectedGroups(sheets)
        if groups.count > 1 { return .failure(.disconnected(label: sheets.label, groups: groups)) }

        let overall = meanAndSpread(all.map(\.total.hundredths))
        var own: [String: (mean: Double, spread: Double)] = [:]
        for (expert, mine) in byExpert { own[expert] = meanAndSpread(mine.map(\.total.hundredths)) }
        let flat = own.filter { $0.value.spread == 0 }.map(\.key).sorted()
        if !flat.isEmpty { return .failure(.noSpread(label: sheets.label, experts: flat)) }

        var adjusted: [SheetKey: Points] = [:]
        for sheet in all {
            let mine = own[sheet.expert]!
            let z = (Double(sheet.total.hundredths) - mine.mean) / mine.spread
            adjusted[SheetKey(expert: sheet.expert, candidate: sheet.candidate, stage: sheets.stage)] =
                Points(hundredths: Int((overall.mean + z * overall.spread).rounded()))
        }
        return .success(adjusted)
    }

    /// `input` with the submitted totals of `kind` adjusted, stage by stage, or the first refusal.
    public static func adjusted(_ input: ScoringInput, kind: CandidateKind) -> Result<ScoringInput, Refusal> {
        var replaced: [SheetKey: Points] = [:]
        for stage in Stage.allCases {
            switch adjust(StageSheets(input, kind: kind, stage: stage), minSheets: input.round.rules.fairness.minSheets)
            {
            case .success(let totals): replaced.merge(totals) { a, _ in a }
            case .failure(let refusal): return .failure(refusal)
            }
        }
        var output = input
        for index in output.totals.indices {
            if let total = replaced[output.totals[index].key] { output.totals[index].total = total }
        }
        return .success(output)
    }

    /// Mean and sample standard deviation (n − 1; 0 for a single value), in hundredths.
    static func meanAndSpread(_ values: [Int]) -> (mean: Double, spread: Double) {
        let mean = Double(values.reduce(0, +)) / Double(values.count)
        guard values.count > 1 else { return (mean, 0) }
        let squares = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) }
        return (mean, (squares / Double(values.count - 1)).squareRoot())
    }

    /// Experts tied together through candidates they both scored, each group sorted, the
    /// groups by their first expert.
    static func connectedGroups(_ sheets: StageSheets) -> [[String]] {
        var parent: [String: String] = [:]
        func root(_ expert: String) -> String {
            var current = expert
            while let next = parent[current], next != current { current = next }
            parent[expert] = current
            return current
        }
        for (_, own) in sheets.byCandidate {
            for sheet in own where parent[sheet.expert] == nil { parent[sheet.expert] = sheet.expert }
            for sheet in own.dropFirst() {
                let a = root(own[0].expert), b = root(sheet.expert)
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        return Dictionary(grouping: parent.keys, by: root).values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }
}
