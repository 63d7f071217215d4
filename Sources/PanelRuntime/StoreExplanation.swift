import PanelCore
import PanelStore
import PanelViews

/// The explanation of one candidate from the database (what `panel explain` prints and the chair's
/// console shows); `nil` when there is no such candidate. `stability` gives the cut line's
/// stability for the candidate's ranking: computed (the CLI) or as the console has it.
extension PanelDatabase {
    public func explanation(of id: String, stability: (Ranking, ScoringInput) -> CutLineStability?) throws -> [String]?
    {
        let input = try scoringInput()
        guard let candidate = input.candidates.first(where: { $0.id == id }) else { return nil }
        let decisions = try auditEntries(candidate: id).filter {
            $0.actor != Actor.secretariat && !AuditEntry.defenseClockActions.contains($0.action)
        }
        let day = try defenseDay(now: PanelClock.now(), submissions: false)
        let ranking = ScoringEngine.rank(input, kind: candidate.kind)
        let sheets = Dictionary(
            uniqueKeysWithValues: try sheets(candidate: id).map { ($0.key, $0) })
        return PanelViews.explanation(
            of: id, in: ranking, rules: input.round.rules, decisions: decisions, stability: stability(ranking, input),
            defenseSlot: day.slot(id).map { DefenseBoardLines.slot($0, day: day) })
            + evidenceLines(try evidence(candidate: id), scores: sheets)
            + olderMaterialLines(try sheetsOnOlderMaterial(candidate: id))
    }
}
