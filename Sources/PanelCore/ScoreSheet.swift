/// The two things an expert scores a candidate on: its materials (材料评审) and its oral defence (现场答辩).
public enum Stage: String, CaseIterable, Sendable, Codable, Comparable {
    case material, defense

    public var chineseName: String { self == .material ? "材料" : "答辩" }

    /// 材料/答辩, material/defense (also 材料评审, 现场答辩, defence).
    public init?(text: String) {
        switch text.lowercased().filter({ !$0.isWhitespace }) {
        case "材料", "材料评审", "material", "materials": self = .material
        case "答辩", "现场答辩", "defense", "defence": self = .defense
        default: return nil
        }
    }

    /// The indicator sheet a candidate of `kind` is scored against at this stage.
    public func sheet(for kind: CandidateKind) -> SheetKind {
        switch self {
        case .material: kind == .region ? .region : .school
        case .defense: .defense
        }
    }

    public static func < (a: Stage, b: Stage) -> Bool { a == .material && b == .defense }
}

/// Whose sheet: one expert's scores of one candidate at one stage.
public struct SheetKey: Hashable, Comparable, Sendable, Codable {
    public init(expert: String, candidate: String, stage: Stage) {
        self.expert = expert
        self.candidate = candidate
        self.stage = stage
    }

    public var expert: String
    public var candidate: String
    public var stage: Stage

    /// `sheet E01 R-33-01 material`: the audit log's subject, whose words match whole ids.
    public var auditSubject: String { "sheet \(expert) \(candidate) \(stage.rawValue)" }

    public static func < (a: SheetKey, b: SheetKey) -> Bool {
        (a.expert, a.candidate, a.stage.rawValue) < (b.expert, b.candidate, b.stage.rawValue)
    }
}

/// A score sheet as stored: a draft until every item of its indicator sheet has a score.
public struct ScoreSheet: Equatable, Sendable {
    public enum Status: String, Sendable, Codable { case draft, submitted }

    public init(key: SheetKey, status: Status, rubricSHA256: String, scores: [String: Points], comment: String = "") {
        self.key = key
        self.status = status
        self.rubricSHA256 = rubricSHA256
        self.scores = scores
        self.comment = comment
    }

    public var key: SheetKey
    public var status: Status
    /// The hash of the indicator sheet the scores were given against.
    public var rubricSHA256: String
    /// item id -> score
    public var scores: [String: Points]
    /// 评审意见, the expert's comment.
    public var comment: String

    public var total: Points { scores.values.sum() }

    /// Submitted exactly when every item of `rubric` has a score.
    public static func status(of scores: [String: Points], against rubric: Rubric) -> Status {
        rubric.items.allSatisfy { scores[$0.id] != nil } ? .submitted : .draft
    }

    /// `A1=4.5 A2=3`, in the sheet's item order: how the audit log records a sheet's values.
    public static func describe(_ scores: [String: Points], in rubric: Rubric) -> String {
        rubric.items.compactMap { item in scores[item.id].map { "\(item.id)=\($0)" } }.joined(separator: " ")
    }
}
