/// What a scores file is checked against: who the experts and candidates are, and the round's sheets.
public struct ScoreImportContext: Sendable {
    public init(experts: [ExpertEntry], candidates: [Candidate], round: RoundDefinition, assignments: Set<Assignment>) {
        self.experts = Dictionary(experts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.candidates = Dictionary(candidates.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.round = round
        self.assignments = assignments
    }

    public var experts: [String: ExpertEntry]
    public var candidates: [String: Candidate]
    public var round: RoundDefinition
    public var assignments: Set<Assignment>
}

/// Reads score sheets in long form (专家编号, 候选编号, 阶段, 指标, 分数; one row per item), all or
/// nothing: paper sheets typed in by the secretariat, and offline scoring.
public enum ScoreImportParser {
    public struct Import: Sendable {
        /// The rows of each sheet, in file order.
        public var sheets: [(key: SheetKey, scores: [String: Points])]
        public var warnings: [Problem]
    }

    static let aliases: [String: [String]] = [
        "expert_id": ["专家编号", "专家", "expert"], "candidate_id": ["候选编号", "编号", "candidate"],
        "stage": ["阶段"], "item_id": ["指标", "指标编号", "item"], "score": ["分数", "得分"],
    ]
    static let required = ["expert_id", "candidate_id", "stage", "item_id", "score"]

    public static func parse(_ csv: CSVText, file: String, context: ScoreImportContext) -> Result<Import, Problems> {
        let header: CSVHeader
        var warnings: [Problem]
        switch CSVHeader.read(csv, file: file, aliases: aliases, required: required) {
        case .success(let read): (header, warnings) = read
        case .failure(let problems): return .failure(problems)
        }
        var problems: [Problem] = []
        var order: [SheetKey] = []
        var sheets: [SheetKey: [String: Points]] = [:]
        var lineOfRow: [String: Int] = [:]
        var warnedUnassigned: Set<Assignment> = []
        let eligibility = Eligibility.findings(for: Array(context.candidates.values), rules: context.round.rules)
        let indicators = Dictionary(uniqueKeysWithValues: SheetKind.allCases.map { kind in
            (kind, Dictionary(context.round.sheet(kind).items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }))
        })

        for record in csv.records.dropFirst() where !record.fields.allSatisfy({ $0.trimmingWhitespace().isEmpty }) {
            func problem(_ message: String) { problems.append(Problem(file: file, line: record.line, message: message)) }
            let expertID = header.value("expert_id", in: record), candidateID = header.value("candidate_id", in: record)
            let stageText = header.value("stage", in: record), itemID = header.value("item_id", in: record)
            let scoreText = header.value("score", in: record)

            let expert = context.experts[expertID]
            if expert == nil { problem(expertID.isEmpty ? "专家编号 (expert_id) is empty" : "no expert '\(expertID)' — import the experts first, or correct the id") }
            let candidate = context.candidates[candidateID]
            if candidate == nil { problem(candidateID.isEmpty ? "候选编号 (candidate_id) is empty" : "no candidate '\(candidateID)' — import the nominations first, or correct the id") }
            let stage = Stage(text: stageText)
            if stage == nil { problem("阶段 '\(stageText)' is neither 材料 (material) nor 答辩 (defense)") }
            let score = Points(parsing: scoreText)
            if score == nil { problem(scoreText.isEmpty ? "分数 (score) is empty" : "分数 '\(scoreText)' is not a number with at most two decimals") }

            guard let expert, let candidate, let stage else { continue }
            if expert.role == .chair { problem("\(expert.id) is the chair (组长), who does not fill in score sheets") }
            if let conflict = ConflictOfInterest.reason(expert: expert, candidate: candidate, rules: context.round.rules.conflicts) {
                problem(conflict.sentence(expert: expert, candidate: candidate) + " — this expert may not score it")
            }
            let rubric = context.round.sheet(stage.sheet(for: candidate.kind))
            guard let indicator = indicators[rubric.kind]?[itemID] else {
                let ids = rubric.items.map(\.id)
                problem("指标 '\(itemID)' is not an item of the \(rubric.kind.rawValue) sheet (\(rubric.title)), which has \(ids.first ?? "")…\(ids.last ?? "")")
                continue
            }
            let rowKey = "\(expert.id)\u{1F}\(candidate.id)\u{1F}\(stage.rawValue)\u{1F}\(indicator.id)"
            if let first = lineOfRow[rowKey] {
                problem("\(expert.id) \(candidate.id) \(stage.chineseName) \(indicator.id) is given twice (first on line \(first))")
                continue
            }
            lineOfRow[rowKey] = record.line
            guard let score else { continue }
            if let refusal = indicator.refusal(of: score) { problem(refusal); continue }

            let pair = Assignment(expert: expert.id, candidate: candidate.id)
            if !context.assignments.contains(pair), warnedUnassigned.insert(pair).inserted {
                warnings.append(Problem(file: file, line: record.line, message: "\(expert.id) is not assigned to \(candidate.id); the sheet is imported anyway"))
            }
            if eligibility[candidate.id]?.contains(where: \.excludes) == true, warnedUnassigned.insert(Assignment(expert: "", candidate: candidate.id)).inserted {
                warnings.append(Problem(file: file, line: record.line, message: "\(candidate.id) is ineligible (see `panel candidates --ineligible`); its scores are kept"))
            }
            let key = SheetKey(expert: expert.id, candidate: candidate.id, stage: stage)
            if sheets[key] == nil { order.append(key) }
            sheets[key, default: [:]][indicator.id] = score
        }
        if csv.records.count <= 1 && problems.isEmpty {
            problems.append(Problem(file: file, message: "has no score rows below its header"))
        }
        guard problems.isEmpty else { return .failure(Problems(problems)) }
        return .success(Import(sheets: order.map { ($0, sheets[$0]!) }, warnings: warnings))
    }
}
