/// How far the experts agree: Krippendorff's alpha with the interval metric, for one kind and
/// stage (the totals) or one indicator group (its subtotals).
public struct Agreement: Equatable, Sendable {
    /// `区域 材料`, `区域 材料 A`.
    public var label: String
    public var kind: CandidateKind
    public var stage: Stage
    /// The indicator group, or `nil` for the sheet totals.
    public var group: String?
    /// Candidates with two or more values (the only ones that say anything about agreement), and
    /// the values they hold between them.
    public var units: Int
    public var values: Int
    /// 1 is perfect agreement, 0 no better than chance; `nil` when it cannot be computed (see `note`).
    public var alpha: Double?
    public var note: String?
}

/// Krippendorff's alpha, interval metric, for the incomplete design panel has: each candidate
/// (unit) scored by a few of many experts. Only units with two or more values count.
///
///     alpha = 1 − D_o / D_e
///     D_o = 1/n · Σ_u Σ_{i≠j in u} (v_i − v_j)² / (m_u − 1)
///     D_e = 1/(n(n−1)) · Σ_{i≠j over all n values} (v_i − v_j)²
///
/// With S = m·Σv² − (Σv)², Σ_{i≠j}(v_i − v_j)² = 2S, so alpha = 1 − (n − 1) · Σ_u S_u/(m_u − 1) / S_all.
/// The sums are exact integers of hundredths (Int128: ten million values of 100 points squared
/// overflow Int64); only the last division is in floating point.
public enum KrippendorffAlpha {
    public enum Outcome: Equatable, Sendable {
        case alpha(Double)
        case undefined(String)
    }

    /// `units`: each unit's values, in hundredths.
    public static func interval(_ units: [[Int]]) -> (outcome: Outcome, units: Int, values: Int) {
        var n: Int128 = 0, sum: Int128 = 0, squares: Int128 = 0
        var within = 0.0
        var pairable = 0
        for unit in units where unit.count > 1 {
            pairable += 1
            var unitSum: Int128 = 0, unitSquares: Int128 = 0
            for value in unit {
                unitSum += Int128(value)
                unitSquares += Int128(value) * Int128(value)
            }
            let m = Int128(unit.count)
            within += Double(m * unitSquares - unitSum * unitSum) / Double(unit.count - 1)
            n += m
            sum += unitSum
            squares += unitSquares
        }
        guard pairable > 0 else { return (.undefined("no candidate has two or more sheets yet"), 0, 0) }
        let total = n * squares - sum * sum
        guard total > 0 else {
            return (.undefined("every value is the same: there is no spread to agree on"), pairable, Int(n))
        }
        return (.alpha(1 - Double(n - 1) * within / Double(total)), pairable, Int(n))
    }

    /// Per kind and stage (the totals), and per indicator group of each sheet, in that order.
    public static func table(_ sheets: [StageSheets]) -> [Agreement] {
        var rows: [Agreement] = []
        for group in sheets {
            func row(_ label: String, _ id: String?, _ value: (StageSheets.Sheet) -> Int?) {
                let units = group.byCandidate.map { $0.sheets.compactMap(value) }
                let result = interval(units)
                var agreement = Agreement(
                    label: label, kind: group.kind, stage: group.stage, group: id, units: result.units,
                    values: result.values)
                switch result.outcome {
                case .alpha(let alpha): agreement.alpha = alpha
                case .undefined(let why): agreement.note = why
                }
                rows.append(agreement)
            }
            row(group.label, nil) { $0.total.hundredths }
            let ids = Set(group.sheets.flatMap(\.groups.ids)).sorted()
            for id in ids { row("\(group.label) \(id)", id) { $0.groups[id]?.hundredths } }
        }
        return rows
    }
}
