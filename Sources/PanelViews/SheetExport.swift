import Foundation
import PanelCore

/// `panel export scores`: every sheet, as the long CSV `panel import scores` reads back, or as
/// JSON with exact decimals.
public struct SheetView: Codable, Equatable, Sendable {
    public var expert_id, candidate_id, stage, status, rubric_sha256: String
    public var total: Decimal
    public var scores: [String: Decimal]
    /// 评分依据 by item.
    public var evidence: [String: [Citation]]

    public init(_ sheet: ScoreSheet, evidence: [EvidenceRecord] = []) {
        self.evidence = Dictionary(grouping: evidence.filter { $0.key == sheet.key }, by: \.item).mapValues {
            $0.map(\.citation)
        }
        expert_id = sheet.key.expert
        candidate_id = sheet.key.candidate
        stage = sheet.key.stage.rawValue
        status = sheet.status.rawValue
        rubric_sha256 = sheet.rubricSHA256
        total = decimal(sheet.total)
        scores = sheet.scores.mapValues(decimal)
    }

    /// One row per scored item, in the order of the sheet's rubric, so that importing it again
    /// gives the same sheets.
    /// The evidence column holds each item's citations as JSON, empty where there are none.
    public static func csv(
        _ sheets: [ScoreSheet], round: RoundDefinition, kinds: [String: CandidateKind], evidence: [EvidenceRecord] = []
    ) -> String {
        let cited = Dictionary(grouping: evidence) {
            "\($0.key.expert)|\($0.key.candidate)|\($0.key.stage.rawValue)|\($0.item)"
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func column(_ sheet: ScoreSheet, _ item: String) -> String {
            guard
                let citations = cited["\(sheet.key.expert)|\(sheet.key.candidate)|\(sheet.key.stage.rawValue)|\(item)"]
            else { return "" }
            return (try? encoder.encode(citations.map(\.citation))).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        var rows = [["expert_id", "candidate_id", "stage", "item_id", "score", "evidence"]]
        for sheet in sheets {
            let rubric = round.sheet(sheet.key.stage.sheet(for: kinds[sheet.key.candidate] ?? .region))
            for item in rubric.items {
                guard let points = sheet.scores[item.id] else { continue }
                rows.append([
                    sheet.key.expert, sheet.key.candidate, sheet.key.stage.rawValue, item.id, points.description,
                    column(sheet, item.id),
                ])
            }
        }
        return csvText(rows)
    }
}
