import Foundation

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
    /// With defence groups: each candidate's group and each group expert's, so that a defence
    /// sheet comes only from an expert of the candidate's group.
    public var defenseGroups: [String: Int] = [:]
    public var expertGroups: [String: Int] = [:]
    /// Each slot's state (`waiting`, `running`, `done`, `absent`): sheets come once it started.
    public var defenseStates: [String: String] = [:]
}

/// Reads score sheets in long form (专家编号, 候选编号, 阶段, 指标, 分数; one row per item), all or
/// nothing: paper sheets typed in by the secretariat, and offline scoring.
public enum ScoreImportParser {
    public struct Import: Sendable {
        /// The rows of each sheet, in file order.
        public var sheets: ParsedSheets
        public var warnings: [Problem]
        /// 评分依据 given in the optional evidence column, with the line each came from: they
        /// replace the item's citations (the store checks each file against the dossier).
        public var evidence: [(line: Int, key: SheetKey, item: String, citations: [Citation])] = []
    }

    static let aliases: [String: [String]] = [
        "expert_id": ["专家编号", "专家", "expert"], "candidate_id": ["候选编号", "编号", "candidate"],
        "stage": ["阶段"], "item_id": ["指标", "指标编号", "item"], "score": ["分数", "得分"],
        "evidence": ["评分依据", "依据"],
        // What the offline score template shows beside each item to compare with; not read.
        "candidate_name": ["候选名称"], "item_name": ["指标名称"], "maximum": ["满分"],
    ]
    static let required = ["expert_id", "candidate_id", "stage", "item_id", "score"]

    /// Every column name a score file may have, normalized: how a workbook's header row is found.
    public static var headerNames: Set<String> {
        Set(aliases.flatMap { [$0.key] + $0.value }.map(CSVHeader.normalized))
    }
    /// Past this many, a file is refused with a count instead of one line per problem.
    static let listedProblems = 500

    /// A whole file, record by record (a provincial round's file has ten million rows).
    public static func parse(
        _ source: CSVSource, file: String, context: ScoreImportContext, progress: ImportProgressSink? = nil
    ) -> Result<Import, Problems> {
        var reader = Reader(file: file, context: context)
        reader.cells = source.encoding == .xlsx || source.encoding == .xls
        let lines = progress == nil ? 0 : source.lineCount
        let read = source.forEachRecord(file: file) { record in
            reader.add(record)
            if let progress, reader.records % ImportProgress.every == 0 {
                progress(ImportProgress(.checking, done: record.line, total: lines))
            }
        }
        if case .failure(let problem) = read { return .failure(Problems([problem])) }
        return reader.finish()
    }

    public static func parse(_ csv: CSVText, file: String, context: ScoreImportContext) -> Result<Import, Problems> {
        var reader = Reader(file: file, context: context)
        for record in csv.records { reader.add(record) }
        return reader.finish()
    }

    /// Checks each row as it comes and keeps only the values, packed per sheet.
    struct Reader {
        let file: String
        let context: ScoreImportContext
        var header: CSVHeader?
        var headerProblems: Problems?
        var records = 0
        var problems: [Problem] = []
        var unlisted = 0
        /// Rows whose 分数 is empty.
        var unscored = 0
        var warnings: [Problem] = []
        var sheets: ParsedSheets
        /// Each sheet's position, and the sheet of the previous row: a file usually lists a sheet's
        /// rows together, and then a row costs no lookup of its expert, candidate or sheet.
        var index: [SheetKey: Int] = [:]
        var current: Current?
        let eligibility: [String: [Finding]]
        let slots: [SheetKind: [String: (slot: Int, indicator: Indicator)]]
        var warned: Set<String> = []
        var evidence: [(line: Int, key: SheetKey, item: String, citations: [Citation])] = []

        struct Current {
            var expertText: String, candidateText: String, stageText: String
            var expert: ExpertEntry?, candidate: Candidate?, stage: Stage?
            /// Said on every row of the sheet, as the checks of one row.
            var refusals: [String]
            var sheet: Int?
        }

        init(file: String, context: ScoreImportContext) {
            self.file = file
            self.context = context
            eligibility = Eligibility.findings(for: Array(context.candidates.values), rules: context.round.rules)
            slots = Dictionary(
                uniqueKeysWithValues: SheetKind.allCases.map { kind in
                    (
                        kind,
                        Dictionary(
                            context.round.sheet(kind).items.enumerated().map { ($1.id, ($0, $1)) },
                            uniquingKeysWith: { first, _ in first })
                    )
                })
            sheets = ParsedSheets(
                itemIDs: Dictionary(
                    uniqueKeysWithValues: SheetKind.allCases.map { ($0, context.round.sheet($0).items.map(\.id)) }))
        }

        mutating func add(_ record: CSVText.Record) {
            records += 1
            guard let header else {
                switch CSVHeader.read(record, file: file, aliases: aliases, required: required) {
                case .success(let read): (header, warnings) = (read.header, read.warnings)
                case .failure(let problems): headerProblems = problems
                }
                header = header ?? CSVHeader([], aliases: [:])
                return
            }
            guard headerProblems == nil, !record.fields.allSatisfy({ $0.trimmingWhitespace().isEmpty }) else { return }
            // An item without a score is not scored yet (an offline form half filled in): its row
            // is left out and its sheet stays a draft until every item has one.
            guard !header.value("score", in: record).trimmingWhitespace().isEmpty else {
                unscored += 1
                return
            }
            let expertText = Identifier.normalized(header.value("expert_id", in: record)),
                candidateText = Identifier.normalized(header.value("candidate_id", in: record))
            let stageText = header.value("stage", in: record), itemID = header.value("item_id", in: record)
            let scoreText = header.value("score", in: record).halfWidthNumber
            if current?.expertText != expertText || current?.candidateText != candidateText
                || current?.stageText != stageText
            {
                current = sheet(expertText, candidateText, stageText, line: record.line)
            }
            let line = record.line
            if let overflow = header.overflow(record) { problem(overflow, line: line) }
            for refusal in current!.refusals { problem(refusal, line: line) }
            let score = Points(parsing: scoreText)
            if score == nil {
                problem("分数 '\(scoreText)' is not a number with at most two decimals", line: line, field: "score")
            }
            guard let candidate = current!.candidate, let stage = current!.stage, current!.expert != nil else { return }
            let kind = stage.sheet(for: candidate.kind)
            guard let (slot, indicator) = slots[kind]?[itemID] else {
                let rubric = context.round.sheet(kind)
                let ids = rubric.items.map(\.id)
                problem(
                    "指标 '\(itemID)' is not an item of the \(kind.rawValue) sheet (\(rubric.title)), which has \(ids.first ?? "")…\(ids.last ?? "")",
                    line: line, field: "item_id")
                return
            }
            let sheet =
                current!.sheet
                ?? {
                    let key = SheetKey(expert: current!.expert!.id, candidate: candidate.id, stage: stage)
                    let position = index[key] ?? sheets.append(key, kind: kind)
                    index[key] = position
                    current!.sheet = position
                    return position
                }()
            if let first = sheets.line(sheet, slot) {
                problem(
                    """
                    \(current!.expert!.id) \(candidate.id) \(stage.chineseName) \(indicator.id) is given twice\
                     (first on line \(first))
                    """,
                    line: line)
                return
            }
            sheets.setLine(sheet, slot, line)
            // The optional evidence column: a JSON list of citations, as `panel export scores` writes it.
            let evidenceText = header.value("evidence", in: record)
            if !evidenceText.isEmpty {
                if let citations = try? JSONDecoder().decode([Citation].self, from: Data(evidenceText.utf8)) {
                    evidence.append(
                        (
                            line, SheetKey(expert: current!.expert!.id, candidate: candidate.id, stage: stage),
                            indicator.id, citations
                        ))
                } else {
                    problem(
                        """
                        评分依据 (evidence) is not a list of citations as panel export scores writes it\
                         ([{\"file\":…,\"sha256\":…,\"page\":…,\"quote\":…}])
                        """,
                        line: line, field: "evidence")
                }
            }
            guard let score else { return }
            if let refusal = indicator.refusal(of: score) { problem(refusal, line: line, field: "score"); return }
            sheets.set(sheet, slot, score)
        }

        /// What holds for every row of one expert's sheet of one candidate at one stage.
        mutating func sheet(_ expertText: String, _ candidateText: String, _ stageText: String, line: Int) -> Current {
            let expert = context.experts[expertText], candidate = context.candidates[candidateText],
                stage = Stage(text: stageText)
            var refusals: [String] = []
            if expert == nil {
                refusals.append(
                    expertText.isEmpty
                        ? "专家编号 (expert_id) is empty"
                        : "no expert '\(expertText)' — import the experts first, or correct the id")
            }
            if candidate == nil {
                refusals.append(
                    candidateText.isEmpty
                        ? "候选编号 (candidate_id) is empty"
                        : "no candidate '\(candidateText)' — import the nominations first, or correct the id")
            }
            if stage == nil { refusals.append("阶段 '\(stageText)' is neither 材料 (material) nor 答辩 (defense)") }
            if let expert, let candidate, stage != nil {
                if expert.role == .chair {
                    refusals.append("\(expert.id) is the chair (组长), who does not fill in score sheets")
                }
                if let conflict = ConflictOfInterest.reason(
                    expert: expert, candidate: candidate, rules: context.round.rules.conflicts)
                {
                    refusals.append(
                        conflict.sentence(expert: expert, candidate: candidate) + " — this expert may not score it")
                }
                let grouped = stage == .defense && !context.defenseGroups.isEmpty
                if grouped, let group = context.defenseGroups[candidate.id], context.expertGroups[expert.id] != group {
                    refusals.append(
                        "\(candidate.id) is heard by defence group \(group) and \(expert.id) is "
                            + (context.expertGroups[expert.id].map { "in group \($0)" } ?? "in no group")
                            + ": a defence sheet comes from the candidate's group")
                } else if grouped, context.defenseGroups[candidate.id] == nil {
                    refusals.append("\(candidate.id) has no slot in the defence: there is no defence to score")
                } else if grouped, let state = context.defenseStates[candidate.id],
                    state == "waiting" || state == "absent"
                {
                    refusals.append(
                        "\(candidate.id)'s defence "
                            + (state == "absent" ? "is marked absent" : "has not started")
                            + ": its sheets come once it is heard")
                }
                if !grouped, !context.assignments.contains(Assignment(expert: expert.id, candidate: candidate.id)),
                    warned.insert("\(expert.id)\u{1F}\(candidate.id)").inserted
                {
                    warnings.append(
                        Problem(
                            file: file, line: line,
                            message: "\(expert.id) is not assigned to \(candidate.id); the sheet is imported anyway"))
                }
                if eligibility[candidate.id]?.contains(where: \.excludes) == true, warned.insert(candidate.id).inserted
                {
                    warnings.append(
                        Problem(
                            file: file, line: line,
                            message:
                                """
                                \(candidate.id) is ineligible (see `panel candidates --ineligible`); its scores\
                                 are kept
                                """
                        ))
                }
            }
            return Current(
                expertText: expertText, candidateText: candidateText, stageText: stageText,
                expert: expert, candidate: candidate, stage: stage, refusals: refusals)
        }

        /// A workbook's rows: a problem names the cell of its field (`评分.xlsx[评分]!H12`).
        var cells = false

        mutating func problem(_ message: String, line: Int, field: String? = nil) {
            if problems.count < listedProblems {
                var found = Problem(file: file, line: line, message: message)
                if cells, let field, let column = header?.columns[field] {
                    found.cell = "\(XLSXReference.name(column))\(line)"
                }
                problems.append(found)
            } else {
                unlisted += 1
            }
        }

        func finish() -> Result<Import, Problems> {
            if let headerProblems { return .failure(headerProblems) }
            guard header != nil else {
                return .failure(
                    Problems([
                        Problem(
                            file: file,
                            message: """
                                is empty — the first line must name the columns (专家编号, 候选编号, 阶段,\
                                 指标, 分数)
                                """)
                    ]))
            }
            var problems = problems
            if records <= 1 && problems.isEmpty {
                problems.append(Problem(file: file, message: "has no score rows below its header"))
            }
            if unlisted > 0 {
                problems.append(
                    Problem(
                        file: file,
                        message: """
                            and \(unlisted) more problems like these — correct the ones above and import again
                            """))
            }
            guard problems.isEmpty else { return .failure(Problems(problems)) }
            if sheets.isEmpty && unscored > 0 {
                return .failure(
                    Problems([Problem(file: file, message: "has no scores: 分数 is empty on all \(unscored) rows")]))
            }
            var warnings = warnings
            if unscored > 0 {
                warnings.append(
                    Problem(
                        file: file,
                        message: """
                            \(unscored) rows have no 分数 and were left out: those items stay unscored and their \
                            sheets drafts
                            """))
            }
            return .success(Import(sheets: sheets, warnings: warnings, evidence: evidence))
        }
    }
}

/// Sheets in file order with their values packed in slots by item (the rubric's order): ten
/// million score rows as one array of numbers instead of a dictionary per sheet.
public struct ParsedSheets: RandomAccessCollection, Sendable {
    public private(set) var keys: [SheetKey] = []
    /// Each sheet's indicator sheet.
    public private(set) var kinds: [SheetKind] = []
    /// hundredths, or `Int32.min` for an item the file leaves out
    var values: [Int32] = []
    /// the line each item was read on, 0 for none
    var lines: [Int32] = []
    let itemIDs: [SheetKind: [String]]
    let stride: Int

    init(itemIDs: [SheetKind: [String]]) {
        self.itemIDs = itemIDs
        stride = itemIDs.values.map(\.count).max() ?? 0
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { keys.count }

    /// A sheet with the items the file gives.
    public subscript(position: Int) -> (key: SheetKey, scores: [String: Points]) {
        var scores: [String: Points] = [:]
        for (slot, item) in itemIDs[kinds[position]]!.enumerated() where values[position * stride + slot] != Int32.min {
            scores[item] = Points(hundredths: Int(values[position * stride + slot]))
        }
        return (keys[position], scores)
    }

    mutating func append(_ key: SheetKey, kind: SheetKind) -> Int {
        keys.append(key)
        kinds.append(kind)
        values.append(contentsOf: repeatElement(Int32.min, count: stride))
        lines.append(contentsOf: repeatElement(0, count: stride))
        return keys.count - 1
    }

    func line(_ sheet: Int, _ slot: Int) -> Int? {
        let line = lines[sheet * stride + slot]
        return line == 0 ? nil : Int(line)
    }

    mutating func setLine(_ sheet: Int, _ slot: Int, _ line: Int) {
        lines[sheet * stride + slot] = Int32(clamping: line)
    }

    /// `points` has passed the item's checks, so it is far inside Int32.
    mutating func set(_ sheet: Int, _ slot: Int, _ points: Points) {
        values[sheet * stride + slot] = Int32(clamping: points.hundredths)
    }
}
