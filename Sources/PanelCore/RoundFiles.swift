/// A file's name and text, read by whoever may do I/O.
public struct SourceFile: Sendable {
    public var path: String
    public var text: String
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }
}

/// What a file of `scoring-rubrics/` turned out to be.
public enum RoundFile: Sendable {
    case sheet(Rubric)
    case rules(Rules)

    /// One line for `panel rubric check`: kind, groups, items, total (or the round's key numbers).
    public var summary: String {
        switch self {
        case .sheet(let sheet):
            let source = sheet.source.map { "\($0) " } ?? ""
            return "\(sheet.kind.rawValue) sheet, \(source)\(sheet.title): \(sheet.groups.count) groups, \(sheet.items.count) items, total \(sheet.total)"
        case .rules(let rules):
            let scoring = rules.scoring
            let aggregate = scoring.aggregate == .trimmedMean
                ? "trimmed_mean (drop \(scoring.trim) high and low from \(scoring.trimMinExperts) experts)"
                : scoring.aggregate.rawValue
            return "rules, \(rules.round.level.rawValue) round \(rules.round.name): quota \(rules.quota.region) regions and \(rules.quota.school) schools, \(aggregate), weights material \(scoring.materialWeight) + defense \(scoring.defenseWeight), shortlist \(scoring.shortlist.region) and \(scoring.shortlist.school)"
        }
    }
}

/// Checks the files of a round: each sheet on its own, the rules against the material sheets.
public enum RoundFiles {
    /// `context`: further files (the sheets beside a rules file) that inform the check of
    /// `files` without being reported themselves.
    public static func check(_ files: [SourceFile], context: [SourceFile] = []) -> [(file: String, result: Result<RoundFile, Problems>)] {
        var documents: [(file: SourceFile, parsed: Result<TOMLDocument, Problem>)] = []
        for file in files + context {
            documents.append((file, TOMLDocument.parse(file.text, file: file.path)))
        }
        var sheets: [Int: Result<Rubric, Problems>] = [:]
        var materialGroupSets: [Set<String>] = []
        for (index, entry) in documents.enumerated() {
            guard case .success(let document) = entry.parsed, document.root["round"] == nil, document.root["sheet"] != nil
            else { continue }
            sheets[index] = RubricParser.parse(document)
            if case .table(let sheet)? = document.root["sheet"], sheet["kind"] != .string(SheetKind.defense.rawValue),
               let groups = RubricParser.declaredGroupIDs(document) {
                materialGroupSets.append(groups)
            }
        }
        // The groups a tie-break may name: those of the region and school sheets alike.
        let materialGroups = materialGroupSets.first.map { first in
            materialGroupSets.dropFirst().reduce(first) { $0.intersection($1) }
        }

        return documents.prefix(files.count).enumerated().map { index, entry in
            let result: Result<RoundFile, Problems>
            switch entry.parsed {
            case .failure(let problem):
                result = .failure(Problems([problem]))
            case .success(let document) where document.root["round"] != nil:
                result = RulesParser.parse(document, materialGroups: materialGroups).map(RoundFile.rules)
            case .success where sheets[index] != nil:
                result = sheets[index]!.map(RoundFile.sheet)
            case .success(let document):
                result = .failure(Problems([Problem(file: document.file, message: "neither an indicator sheet nor round rules — a sheet starts with [sheet], the rules with [round]")]))
            }
            // Top to bottom, as a reader fixes them; problems without a line come last.
            return (entry.file.path, result.mapError { problems in
                Problems(problems.all.enumerated().sorted { a, b in
                    (a.element.line ?? .max, a.offset) < (b.element.line ?? .max, b.offset)
                }.map(\.element))
            })
        }
    }
}
