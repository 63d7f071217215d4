import Foundation
import PanelCore
import TerminalKit

/// The JSON contract of `panel rank --format json`: one object per kind; absent values are null.
public struct RankingView: Encodable {
    var kind: String
    var quota: Int
    var finalized: Bool
    var entries: [EntryView]

    public init(_ ranking: Ranking) {
        kind = ranking.kind.rawValue
        quota = ranking.quota
        finalized = ranking.finalized
        entries = ranking.entries.map(EntryView.init)
    }
}

public struct EntryView: Encodable {
    var id, name, province, status: String
    var rank: Int?
    var material, defense, final: Decimal?
    var experts: Int
    var reasons: [String]

    public init(_ entry: RankEntry) {
        id = entry.candidate.id
        name = entry.candidate.name
        province = entry.candidate.province
        status = entry.status.rawValue
        rank = entry.rank
        material = entry.material.map { decimal($0.value) }
        defense = entry.defense.map { decimal($0.value) }
        final = entry.final.map(decimal)
        experts = entry.experts
        reasons = entry.reasons
    }

    enum CodingKeys: String, CodingKey {
        case id, name, province, rank, status, material, defense, final, experts, reasons
    }

    // Written out so that a missing value is `null`, as the contract says, rather than left out.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(province, forKey: .province)
        try container.encode(rank, forKey: .rank)
        try container.encode(status, forKey: .status)
        try container.encode(material, forKey: .material)
        try container.encode(defense, forKey: .defense)
        try container.encode(final, forKey: .final)
        try container.encode(experts, forKey: .experts)
        try container.encode(reasons, forKey: .reasons)
    }
}

/// A score as the two-decimal number people read (exact values are compared, never these).
public func decimal(_ value: Rational) -> Decimal { Decimal(value.rounded.hundredths) / 100 }

/// A score kept in hundredths, as the exact decimal number a JSON reader gets.
public func decimal(_ points: Points) -> Decimal { Decimal(points.hundredths) / 100 }

public func shown(_ value: Rational?) -> String { value.map { $0.rounded.description } ?? "" }

/// The ranking as aligned text, with a line under the last place inside the quota.
public func rankingTable(_ ranking: Ranking) -> [String] {
    let header = ["名次", "编号", "名称", "省份", "材料", "答辩", "最终", "专家", "状态"]
    let rows = ranking.entries.map { entry in
        [
            entry.rank.map(String.init) ?? "-", entry.candidate.id, entry.candidate.name, entry.candidate.province,
            shown(entry.material?.value), shown(entry.defense?.value), shown(entry.final), String(entry.experts),
            "\(entry.status.chineseName) \(entry.status.rawValue)",
        ]
    }
    var lines = alignedColumns([header] + rows)
    let width = lines.map(DisplayWidth.of).max() ?? 0
    let cut = ranking.insideQuota
    let label = " 名额线 quota \(ranking.quota): \(ranking.winners.count) winners "
    lines.insert(label + String(repeating: "-", count: max(0, width - DisplayWidth.of(label))), at: cut + 1)
    let title = "\(ranking.kind == .region ? "优秀区域 regions" : "优秀学校 schools")\(ranking.finalized ? " (finalized)" : "")"
    return [title] + lines
}
