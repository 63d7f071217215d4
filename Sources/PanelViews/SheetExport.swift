import Foundation
import PanelCore

/// `panel export scores`: every sheet, as the long CSV `panel import scores` reads back, or as
/// JSON with exact decimals.
public struct SheetView: Codable, Equatable, Sendable {
    public var expert_id, candidate_id, stage, status, rubric_sha256: String
    public var total: Decimal
    public var scores: [String: Decimal]

    public init(_ sheet: ScoreSheet) {
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
    public static func csv(_ sheets: [ScoreSheet], round: RoundDefinition, kinds: [String: CandidateKind]) -> String {
        var rows = [["expert_id", "candidate_id", "stage", "item_id", "score"]]
        for sheet in sheets {
            let rubric = round.sheet(sheet.key.stage.sheet(for: kinds[sheet.key.candidate] ?? .region))
            for item in rubric.items {
                guard let points = sheet.scores[item.id] else { continue }
                rows.append([
                    sheet.key.expert, sheet.key.candidate, sheet.key.stage.rawValue, item.id, points.description,
                ])
            }
        }
        return csvText(rows)
    }
}
