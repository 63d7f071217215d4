import Foundation
import PanelCore
import TerminalKit

/// A value that is written as `null` when missing, rather than left out of the object.
public struct OrNull<T: Encodable>: Encodable {
    var value: T?
    public init(_ value: T?) { self.value = value }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}

/// The JSON contract of `panel stats --format json`.
public struct StatsView: Encodable {
    struct Settings: Encodable {
        var aggregate: String
        var severity_flag, corridor: Decimal
        var min_sheets, bootstrap, window: Int
        var seed: UInt64
    }
    struct SeverityRow: Encodable {
        var expert: String
        var sheets, compared: Int
        var mean_total: Decimal
        var severity: OrNull<Decimal>
        var flagged: Bool
    }
    struct OutlierRow: Encodable {
        var expert, candidate, stage: String
        var total, others, difference: Decimal
        var other_experts: Int
        var reviewed: OrNull<String>
    }
    struct AgreementRow: Encodable {
        var kind, stage: String
        var group: OrNull<String>
        var units, values: Int
        var alpha: OrNull<Double>
        var note: OrNull<String>
    }
    struct AdjustedRow: Encodable {
        var id: String
        var official_rank, adjusted_rank: OrNull<Int>
        var official_final, adjusted_final: OrNull<Decimal>
        var official_status, adjusted_status: String
    }
    struct AdjustedKind: Encodable {
        var kind: String
        var refusal: OrNull<String>
        var entries: [AdjustedRow]
    }
    struct PlaceRow: Encodable {
        var place: Int
        var id: String
        var official, mean, median: Bool
        var adjusted: OrNull<Bool>
        /// Only with parallel defence groups: whether it wins with `[defense] normalize` the other way.
        var group_variant: OrNull<Bool>?
        var bootstrap_wins: Int
        var share: Double
    }
    struct GroupFigureRow: Encodable {
        var group, candidates, sheets: Int
        var mean, spread: Double
    }
    struct DefenseGroupsKind: Encodable {
        var kind: String
        var normalize: String
        var groups: [GroupFigureRow]
        /// The ranking with `normalize` the other way: `group_zscore` or `none`.
        var variant: String
        var variant_refusal: OrNull<String>
        var places_moved: Int
        var variant_gains, variant_loses: [String]
    }
    struct StabilityKind: Encodable {
        var kind: String
        var quota, resamples: Int
        var seed: UInt64
        var adjusted_refusal: OrNull<String>
        var places: [PlaceRow]
    }

    var kinds: [String]
    var settings: Settings
    var severity: [SeverityRow]
    var outliers: [OutlierRow]
    var agreement: [AgreementRow]
    /// Per expert, material sheets submitted without the dossier ever opened (未查阅材料).
    public var unread_dossiers: [String: Int] = [:]
    var adjusted: [AdjustedKind]
    var stability: [StabilityKind]
    /// Only with parallel defence groups.
    var defense_groups: [DefenseGroupsKind]?

    public init(_ report: FairnessReport) {
        let fairness = report.rules.fairness
        kinds = report.kinds.map(\.rawValue)
        settings = Settings(
            aggregate: report.rules.scoring.aggregate.rawValue, severity_flag: decimal(fairness.severityFlag),
            corridor: decimal(fairness.corridor),
            min_sheets: fairness.minSheets, bootstrap: fairness.bootstrap, window: fairness.window, seed: fairness.seed)
        severity = report.severity.map {
            SeverityRow(
                expert: $0.expert, sheets: $0.sheets, compared: $0.compared, mean_total: decimal($0.meanTotal),
                severity: OrNull($0.severity.map(decimal)), flagged: $0.flagged)
        }
        outliers = report.outliers.map {
            OutlierRow(
                expert: $0.key.expert, candidate: $0.key.candidate, stage: $0.key.stage.rawValue,
                total: decimal($0.total),
                others: decimal($0.others), difference: decimal($0.difference), other_experts: $0.otherExperts,
                reviewed: OrNull($0.review.map { "\($0.chair): \($0.note)" }))
        }
        agreement = report.agreement.map {
            AgreementRow(
                kind: $0.kind.rawValue, stage: $0.stage.rawValue, group: OrNull($0.group), units: $0.units,
                values: $0.values,
                alpha: OrNull($0.alpha), note: OrNull($0.note))
        }
        adjusted = zip(report.official, report.adjusted).map { official, view in
            AdjustedKind(
                kind: view.kind.rawValue, refusal: OrNull(view.refusal),
                entries: view.ranking.map { adjustedRows(official, $0) } ?? [])
        }
        stability = report.stability.map { kind in
            StabilityKind(
                kind: kind.kind.rawValue, quota: kind.quota, resamples: kind.resamples, seed: kind.seed,
                adjusted_refusal: OrNull(kind.adjustedRefusal),
                places: kind.places.map {
                    PlaceRow(
                        place: $0.place, id: $0.candidate, official: $0.official, mean: $0.mean, median: $0.median,
                        adjusted: OrNull($0.adjusted),
                        group_variant: kind.groupVariantLabel == nil ? nil : OrNull($0.groupVariant),
                        bootstrap_wins: $0.bootstrapWins, share: $0.share)
                })
        }
        if !report.defenseGroups.isEmpty {
            defense_groups = report.defenseGroups.map { view in
                DefenseGroupsKind(
                    kind: view.kind.rawValue, normalize: report.rules.defense.normalize.rawValue,
                    groups: view.figures.map {
                        GroupFigureRow(
                            group: $0.group, candidates: $0.candidates, sheets: $0.sheets,
                            mean: ($0.mean * 100).rounded() / 100, spread: ($0.spread * 100).rounded() / 100)
                    },
                    variant: view.variant?.normalized == false ? "none" : "group_zscore",
                    variant_refusal: OrNull(view.variant?.refusal), places_moved: view.moved,
                    variant_gains: view.gained, variant_loses: view.lost)
            }
        }
    }
}

/// Official and adjusted side by side, in the official order.
private func adjustedRows(_ official: Ranking, _ adjusted: Ranking) -> [StatsView.AdjustedRow] {
    let other = Dictionary(adjusted.entries.map { ($0.candidate.id, $0) }, uniquingKeysWith: { a, _ in a })
    return official.entries.map { entry in
        let twin = other[entry.candidate.id]
        return StatsView.AdjustedRow(
            id: entry.candidate.id, official_rank: OrNull(entry.rank), adjusted_rank: OrNull(twin?.rank),
            official_final: OrNull(entry.final.map(decimal)), adjusted_final: OrNull(twin?.final.map(decimal)),
            official_status: entry.status.rawValue, adjusted_status: twin?.status.rawValue ?? "")
    }
}

/// 未查阅材料: which experts submitted sheets without opening the dossier, and how many.
public func unreadLines(_ unread: [SheetKey]) -> [String] {
    guard !unread.isEmpty else { return ["未查阅材料 submitted without the dossier opened: none"] }
    let byExpert = Dictionary(grouping: unread, by: \.expert)
    return ["未查阅材料 submitted without the dossier opened: \(unread.count) sheets"]
        + byExpert.keys.sorted().map { expert in
            "  \(expert)  \(byExpert[expert]!.count)  " + byExpert[expert]!.map(\.candidate).joined(separator: " ")
        }
}
