/// Reads an indicator sheet (`region.toml`, `school.toml`, `defense.toml`) and checks that it
/// adds up: every problem is reported with its line, not only the first.
public enum RubricParser {
    static let sheetKeys = ["kind", "title", "source", "total", "step"]
    static let gradeKeys = ["name", "text"]
    static let groupKeys = ["id", "name", "points", "item"]
    static let itemKeys = ["id", "name", "points", "guide", "step", "levels", "keywords"]
    static let defaultStep = Points(hundredths: 50)

    public static func parse(_ source: String, file: String) -> Result<Rubric, Problems> {
        switch TOMLDocument.parse(source, file: file) {
        case .failure(let problem): return .failure(Problems([problem]))
        case .success(let document): return parse(document)
        }
    }

    public static func parse(_ document: TOMLDocument) -> Result<Rubric, Problems> {
        let sink = ProblemSink()
        let root = TableReader(document: document, path: "", label: "the file", table: document.root, sink: sink)
        root.rejectUnknownKeys(allowed: ["sheet", "grade", "group"])

        let sheet = root.subtable("sheet", label: "[sheet]", required: "kind, title and total of the sheet")
        sheet?.rejectUnknownKeys(allowed: sheetKeys)
        var kind: SheetKind?
        if let name = sheet?.string("kind", required: "region, school or defense") {
            kind = SheetKind(rawValue: name)
            if kind == nil { sheet?.report("kind '\(name)' is not region, school or defense", at: "kind") }
        }
        let title = sheet?.string("title", required: "the sheet's Chinese title")
        let origin = sheet?.string("source", required: nil)
        let total = sheet?.points("total", required: "the sheet's full marks, such as 100")
        if let total, total <= .zero { sheet?.report("total must be more than 0, not \(total)", at: "total") }
        let step = sheet?.points("step", required: nil) ?? defaultStep
        if step <= .zero { sheet?.report("step must be more than 0, not \(step)", at: "step") }

        let grades = readGrades(root)
        let gradeNames = Set(grades.map(\.name))
        var itemIDs: [String: String] = [:]  // id -> the path where it was first seen, for duplicates
        var groupIDs: Set<String> = []
        var groups: [IndicatorGroup] = []
        let groupReaders =
            root.tables("group") { index, table in
                if case .string(let id) = table["id"] { return "group \(id)" }
                return "group \(index + 1)"
            } ?? []
        if groupReaders.isEmpty {
            sink.add(
                Problem(
                    file: document.file,
                    message: "the sheet has no groups — add [[group]] tables with their [[group.item]] items"))
        }
        for reader in groupReaders {
            if let group = readGroup(
                reader, defaultStep: step, gradeNames: gradeNames, groupIDs: &groupIDs, itemIDs: &itemIDs)
            {
                groups.append(group)
            }
        }
        if let total, groups.count == groupReaders.count, !groupReaders.isEmpty {
            let sum = groups.map(\.points).sum()
            if sum != total {
                sheet?.report(
                    "the groups add up to \(sum) (\(groups.map { "\($0.id) \($0.points)" }.joined(separator: " + "))), not the total \(total) — change a group's points or the total",
                    at: "total")
            }
        }
        guard sink.isEmpty, let kind, let title, let total else { return .failure(Problems(sink.problems)) }
        return .success(Rubric(kind: kind, title: title, source: origin, total: total, grades: grades, groups: groups))
    }

    private static func readGrades(_ root: TableReader) -> [(name: String, text: String)] {
        let readers = root.tables("grade") { index, _ in "grade \(index + 1)" } ?? []
        return readers.compactMap { reader in
            reader.rejectUnknownKeys(allowed: gradeKeys)
            guard let name = reader.string("name", required: "such as 优"),
                let text = reader.string("text", required: "what the level means")
            else { return nil }
            return (name, text)
        }
    }

    private static func readGroup(
        _ reader: TableReader, defaultStep: Points, gradeNames: Set<String>,
        groupIDs: inout Set<String>, itemIDs: inout [String: String]
    ) -> IndicatorGroup? {
        reader.rejectUnknownKeys(allowed: groupKeys)
        let id = reader.string("id", required: "a letter such as A")
        let name = reader.string("name", required: "the group's Chinese name")
        let points = positivePoints(reader, "points", what: "the group's share of the total")
        if let id, !groupIDs.insert(id).inserted {
            reader.report("duplicate group id '\(id)' — every group needs its own id", at: "id")
        }
        let itemReaders =
            reader.tables("item") { index, table in
                if case .string(let id) = table["id"] { return "item \(id)" }
                return "item \(index + 1) of \(reader.label)"
            } ?? []
        if itemReaders.isEmpty {
            reader.report("\(reader.label) has no items — add [[group.item]] tables after it")
        }
        var items: [Indicator] = []
        for itemReader in itemReaders {
            if let item = readItem(itemReader, defaultStep: defaultStep, gradeNames: gradeNames, itemIDs: &itemIDs) {
                items.append(item)
            }
        }
        guard let id, let name, let points else { return nil }
        if items.count == itemReaders.count, !items.isEmpty {
            let sum = items.map(\.points).sum()
            if sum != points {
                reader.report(
                    "the items of \(reader.label) add up to \(sum) (\(items.map { "\($0.id) \($0.points)" }.joined(separator: " + "))), not the group's \(points) — change an item's points or the group's",
                    at: "points")
            }
        }
        return IndicatorGroup(id: id, name: name, points: points, items: items)
    }

    private static func readItem(
        _ reader: TableReader, defaultStep: Points, gradeNames: Set<String>,
        itemIDs: inout [String: String]
    ) -> Indicator? {
        reader.rejectUnknownKeys(allowed: itemKeys)
        let id = reader.string("id", required: "unique in the sheet, such as C3")
        let name = reader.string("name", required: "the item's Chinese name")
        let points = positivePoints(reader, "points", what: "the item's maximum")
        let guide = reader.string("guide", required: "评价要点: what the expert looks for")
        var step = defaultStep
        if let own = reader.points("step", required: nil) {
            if own <= .zero { reader.report("step must be more than 0, not \(own)", at: "step") }
            step = own
        }
        if let id {
            // The first use is remembered by its path; its line is looked up only for a duplicate.
            if let first = itemIDs[id] {
                let place = reader.document.line(of: first).map { "line \($0)" } ?? "another item"
                reader.report(
                    "duplicate item id '\(id)' (first used in \(place)) — every item needs its own id", at: "id")
            } else {
                itemIDs[id] = reader.keyPath("id")
            }
        }
        if let points, step > .zero, !points.isMultiple(of: step) {
            reader.report(
                "the step \(step) does not divide the maximum \(points) — a score could never reach it",
                at: step == defaultStep ? "points" : "step")
        }
        let levels = readLevels(reader, points: points, gradeNames: gradeNames)
        // `keywords = ["开通率", "机构空间"]`, optional: words to find the item's pages by.
        var keywords: [String] = []
        for node in reader.array("keywords", required: nil) ?? [] {
            guard case .string(let word) = node, !word.trimmingCharacters(in: .whitespaces).isEmpty else {
                reader.report(
                    """
                    keywords in \(reader.label) must be words in quotes, such as [\"开通率\"]
                    """, at: "keywords")
                continue
            }
            keywords.append(word)
        }
        guard let id, let name, let points, let guide, step > .zero, let levels else { return nil }
        return Indicator(
            id: id, name: name, points: points, step: step, guide: guide, levels: levels, keywords: keywords)
    }

    /// `levels = { "优" = [4.5, 5], "良" = [3.5, 4] }`: inclusive ranges inside 0…points, none overlapping.
    private static func readLevels(
        _ reader: TableReader, points: Points?,
        gradeNames: Set<String>
    ) -> [LevelDescriptor]? {
        guard let node = reader.table["levels"] else { return [] }
        guard case .table(let entries) = node else {
            reader.report(
                """
                'levels' in \(reader.label) must be a table such as { 优 = [4.5, 5], 良 = [3.5, 4] }, not\
                 \(node.typeName)
                """,
                at: "levels")
            return nil
        }
        var levels: [LevelDescriptor] = []
        var ok = true
        for (name, value) in entries.sorted(by: { $0.key < $1.key }) {
            guard case .array(let bounds) = value, bounds.count == 2,
                let low = reader.points(from: bounds[0], key: "levels.\(name)"),
                let high = reader.points(from: bounds[1], key: "levels.\(name)")
            else {
                reader.report(
                    "level \(name) of \(reader.label) must be a range [min, max] of two numbers", at: "levels")
                ok = false
                continue
            }
            if !gradeNames.isEmpty && !gradeNames.contains(name) {
                reader.report(
                    "level \(name) is not one of the sheet's grades (\(gradeNames.sorted().joined(separator: ", ")))",
                    at: "levels")
                ok = false
            }
            if low > high {
                reader.report("level \(name) runs from \(low) down to \(high) — write [min, max]", at: "levels")
                ok = false
                continue
            }
            if let points, low < .zero || high > points {
                reader.report(
                    "level \(name) [\(low), \(high)] lies outside 0…\(points), the item's range", at: "levels")
                ok = false
            }
            levels.append(LevelDescriptor(name: name, range: low...high))
        }
        levels.sort { $0.range.upperBound > $1.range.upperBound }
        for (index, better) in levels.enumerated() {
            for worse in levels[(index + 1)...] where better.range.overlaps(worse.range) {
                reader.report(
                    """
                    levels \(better.name) [\(better.range.lowerBound), \(better.range.upperBound)] and\
                     \(worse.name) [\(worse.range.lowerBound), \(worse.range.upperBound)] overlap — a score must\
                     fall in one level only
                    """,
                    at: "levels")
                ok = false
            }
        }
        return ok ? levels : nil
    }

    /// The group ids a sheet declares, read even when the sheet has other problems, so that
    /// the rules can be checked against them.
    static func declaredGroupIDs(_ document: TOMLDocument) -> Set<String>? {
        guard case .array(let groups)? = document.root["group"] else { return nil }
        return Set(
            groups.compactMap { group in
                if case .table(let table) = group, case .string(let id)? = table["id"] { return id }
                return nil
            })
    }

    static func positivePoints(_ reader: TableReader, _ key: String, what: String) -> Points? {
        guard let value = reader.points(key, required: what) else { return nil }
        guard value > .zero else {
            reader.report("'\(key)' in \(reader.label) must be more than 0, not \(value)", at: key)
            return nil
        }
        return value
    }
}
