import PanelCore

/// `panel assignments`: how many candidates each review expert has, or one expert's own list
/// with where each of their sheets stands.
public enum AssignmentViews {
    /// Each review expert's fields and load, then how well the assignments match expertise.
    public static func load(experts: [ExpertEntry], assignments: [Assignment], candidates: [Candidate]) -> [String] {
        let plan = Report.measured(assignments, experts: experts, candidates: candidates)
        let rows = experts.filter { $0.role == .expert }.map { expert in
            [
                expert.id, expert.name, expert.province,
                expert.levels.isEmpty
                    ? "全部" : expert.levelsText,
                expert.reviews.isEmpty || expert.reviews.count == 2 ? "全部" : expert.reviews.first!.chineseName,
                String(plan.load[expert.id] ?? 0), String(plan.neighbours[expert.id] ?? 0),
            ]
        }
        return alignedColumns([["编号", "姓名", "省份", "学段", "评审类别", "分配", "邻省"]] + rows) + quality(plan)
    }

    /// How well a plan matches expertise and how many neighbours each expert judges.
    public static func quality(_ plan: AssignmentPlanner.Plan) -> [String] {
        let busiest = plan.neighbours.max { ($0.value, $1.key) < ($1.value, $0.key) }
        return [
            "expertise: \(plan.matching) of \(plan.assignments.count) assignments (\(plan.matchingPercent)%) by "
                + "experts whose 学段 and 评审类别 cover the candidate",
            "neighbouring provinces: at most \(busiest?.value ?? 0) of one expert's "
                + "candidates\(busiest.map { " (\($0.key))" } ?? "") come from a province next to the expert's",
        ]
    }

    /// `panel assignments --format json`: the assignments and the plan's quality.
    public struct Report: Encodable {
        public struct Pair: Encodable {
            var expert_id: String
            var candidate_id: String
        }
        var assignments: [Pair]
        var load: [String: Int]
        var matching: Int
        var matching_percent: Int
        var neighbours: [String: Int]

        public init(_ assignments: [Assignment], experts: [ExpertEntry], candidates: [Candidate]) {
            let plan = Self.measured(assignments, experts: experts, candidates: candidates)
            self.assignments = assignments.map { Pair(expert_id: $0.expert, candidate_id: $0.candidate) }
            load = plan.load
            matching = plan.matching
            matching_percent = plan.matchingPercent
            neighbours = plan.neighbours
        }

        static func measured(_ assignments: [Assignment], experts: [ExpertEntry], candidates: [Candidate])
            -> AssignmentPlanner.Plan
        {
            let scorers = experts.filter { $0.role == .expert }
            var load = Dictionary(uniqueKeysWithValues: scorers.map { ($0.id, 0) })
            for assignment in assignments where load[assignment.expert] != nil { load[assignment.expert]! += 1 }
            var plan = AssignmentPlanner.Plan(assignments: assignments, load: load)
            plan.measure(experts: scorers, candidates: candidates)
            return plan
        }
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
