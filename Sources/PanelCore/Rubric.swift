/// Which indicator sheet: the two material sheets (附件3, 附件4) and the oral defence (现场答辩).
public enum SheetKind: String, CaseIterable, Sendable, Codable {
    case region, school, defense

    public var chineseName: String {
        switch self {
        case .region: "区域评价指标"
        case .school: "学校评价指标"
        case .defense: "现场答辩"
        }
    }
}

/// A guidance band an expert may read before scoring an item, such as 优 4.5–5.
public struct LevelDescriptor: Equatable, Sendable {
    public init(name: String, range: ClosedRange<Points>) {
        self.name = name
        self.range = range
    }

    public var name: String
    public var range: ClosedRange<Points>
}

/// One scored line of a sheet (指标).
public struct Indicator: Equatable, Sendable {
    public init(
        id: String, name: String, points: Points, step: Points, guide: String, levels: [LevelDescriptor],
        keywords: [String] = []
    ) {
        self.id = id
        self.name = name
        self.points = points
        self.step = step
        self.guide = guide
        self.levels = levels
        self.keywords = keywords
    }

    public var id: String
    public var name: String
    /// The item's maximum.
    public var points: Points
    /// A score must be a whole number of steps.
    public var step: Points
    /// 评价要点: what the expert looks for.
    public var guide: String
    /// Best band first.
    public var levels: [LevelDescriptor]
    /// Words the dossier's pages about this item use (`K` in the pager finds the next such page).
    public var keywords: [String]

    /// Why `score` cannot be entered for this item, or `nil` when it can.
    public func refusal(of score: Points) -> String? {
        if score < .zero { return "\(id) 的分数不能为负 (score below 0)" }
        if score > points { return "\(id) 最高 \(points) 分 (maximum \(points))" }
        if !score.isMultiple(of: step) { return "\(id) 的分数须为 \(step) 的整数倍 (step \(step))" }
        return nil
    }
}

/// A group of items with its share of the total (一级指标).
public struct IndicatorGroup: Equatable, Sendable {
    public init(id: String, name: String, points: Points, items: [Indicator]) {
        self.id = id
        self.name = name
        self.points = points
        self.items = items
    }

    public var id: String
    public var name: String
    public var points: Points
    public var items: [Indicator]
}

/// An indicator sheet: what experts score a candidate against.
public struct Rubric: Equatable, Sendable {
    public init(
        kind: SheetKind, title: String, source: String?, total: Points, grades: [(name: String, text: String)],
        groups: [IndicatorGroup]
    ) {
        self.kind = kind
        self.title = title
        self.source = source
        self.total = total
        self.grades = grades
        self.groups = groups
    }

    public var kind: SheetKind
    public var title: String
    /// Where the sheet comes from, such as 附件3.
    public var source: String?
    public var total: Points
    /// Text for each level name (优, 良, …), in the sheet's order.
    public var grades: [(name: String, text: String)]
    public var groups: [IndicatorGroup]

    public var items: [Indicator] { groups.flatMap(\.items) }

    public func indicator(_ id: String) -> Indicator? { items.first { $0.id == id } }

    public static func == (a: Rubric, b: Rubric) -> Bool {
        a.kind == b.kind && a.title == b.title && a.source == b.source && a.total == b.total
            && a.grades.map(\.name) == b.grades.map(\.name) && a.grades.map(\.text) == b.grades.map(\.text)
            && a.groups == b.groups
    }
}
