import PanelCore

/// `panel assignments`: how many candidates each review expert has, or one expert's own list
/// with where each of their sheets stands.
public enum AssignmentViews {
    public static func load(experts: [ExpertEntry], assignments: [Assignment]) -> [String] {
        let load = Dictionary(grouping: assignments, by: \.expert).mapValues(\.count)
        return alignedColumns(
            [["编号", "姓名", "省份", "分配"]]
                + experts.filter { $0.role == .expert }.map { [$0.id, $0.name, $0.province, String(load[$0.id] ?? 0)] })
    }

    /// The heading and the table of `expert`'s candidates, in assignment order.
    public static func own(
        _ expert: ExpertEntry, assignments: [Assignment], candidates: [Candidate], sheets: [ScoreSheet]
    ) -> [String] {
        let byID = Dictionary(uniqueKeysWithValues: candidates.map { ($0.id, $0) })
        let mine = Dictionary(
            uniqueKeysWithValues: sheets.filter { $0.key.expert == expert.id }.map { ($0.key, $0) })
        func state(_ id: String, _ stage: Stage) -> String {
            guard let sheet = mine[SheetKey(expert: expert.id, candidate: id, stage: stage)] else { return "未开始" }
            return sheet.status == .submitted ? "已提交 \(sheet.total)" : "草稿 \(sheet.scores.count)项"
        }
        var rows = [["编号", "类别", "名称", "省份", "材料", "答辩"]]
        for assignment in assignments where assignment.expert == expert.id {
            guard let candidate = byID[assignment.candidate] else { continue }
            rows.append([
                candidate.id, candidate.kind.chineseName, candidate.name, candidate.province,
                state(candidate.id, .material), state(candidate.id, .defense),
            ])
        }
        return ["\(TerminalSafe.cell(expert.name)) (\(expert.id)): \(rows.count - 1) candidates"] + alignedColumns(rows)
    }
}
