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
            return
                """
                \(sheet.kind.rawValue) sheet, \(source)\(sheet.title): \(sheet.groups.count) groups,\
                 \(sheet.items.count) items, total \(sheet.total)
                """
        case .rules(let rules):
            let scoring = rules.scoring
            let trimming = "drop \(scoring.trim) high and low from \(scoring.trimMinExperts) experts"
            let aggregate =
                switch scoring.aggregate {
                case .trimmedMean: "trimmed_mean (\(trimming))"
                case .zscore: "zscore (severity-adjusted totals, then \(trimming))"
                case .mean, .median: scoring.aggregate.rawValue
                }
            return
                """
                rules, \(rules.round.level.rawValue) round \(rules.round.name): quota \(rules.quota.region)\
                 regions and \(rules.quota.school) schools, \(aggregate), weights material\
                 \(scoring.materialWeight) + defense \(scoring.defenseWeight), shortlist\
                 \(scoring.shortlist.region) and \(scoring.shortlist.school)
                """
        }
    }
}

/// Checks the files of a round: each sheet on its own, the rules against the material sheets.
public enum RoundFiles {
    /// `context`: further files (the sheets beside a rules file) that inform the check of
    /// `files` without being reported themselves.
    public static func check(_ files: [SourceFile], context: [SourceFile] = []) -> [(
        file: String, result: Result<RoundFile, Problems>
    )] {
        var documents: [(file: SourceFile, parsed: Result<TOMLDocument, Problem>)] = []
        for file in files + context {
            documents.append((file, TOMLDocument.parse(file.text, file: file.path)))
        }
        var sheets: [Int: Result<Rubric, Problems>] = [:]
        var materialGroupSets: [Set<String>] = []
        for (index, entry) in documents.enumerated() {
            guard case .success(let document) = entry.parsed, document.root["round"] == nil,
                document.root["sheet"] != nil
            else { continue }
            sheets[index] = RubricParser.parse(document)
            if case .table(let sheet)? = document.root["sheet"], sheet["kind"] != .string(SheetKind.defense.rawValue),
                let groups = RubricParser.declaredGroupIDs(document)
            {
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
                result = .failure(
                    Problems([
                        Problem(
                            file: document.file,
                            message:
                                """
                                neither an indicator sheet nor round rules — a sheet starts with [sheet], the\
                                 rules with [round]
                                """
                        )
                    ]))
            }
            // Top to bottom, as a reader fixes them; problems without a line come last.
            return (
                entry.file.path,
                result.mapError { problems in
                    Problems(
                        problems.all.enumerated().sorted { a, b in
                            (a.element.line ?? .max, a.offset) < (b.element.line ?? .max, b.offset)
                        }.map(\.element))
                }
            )
        }
    }
}

/// The four files of a round, parsed and checked together, each with the hash of its text so
/// that a score is always tied to the sheet it was given against.
public struct RoundDefinition: Sendable {
    public var region: Rubric
    public var school: Rubric
    public var defense: Rubric
    public var rules: Rules
    /// The files' texts and SHA-256 hashes, by the name the database keeps them under
    /// (region, school, defense, rules).
    public var sources: [(name: String, text: String, sha256: String)]

    public func sheet(_ kind: SheetKind) -> Rubric {
        switch kind {
        case .region: region
        case .school: school
        case .defense: defense
        }
    }

    /// Builds the round from its four files; every problem of every file, or a missing or
    /// doubled kind, fails it.
    public static func load(_ files: [SourceFile]) -> Result<RoundDefinition, Problems> {
        var problems: [Problem] = []
        var sheets: [SheetKind: (Rubric, SourceFile)] = [:]
        var rules: (Rules, SourceFile)?
        for (index, checked) in RoundFiles.check(files).enumerated() {
            switch checked.result {
            case .failure(let found): problems += found.all
            case .success(.rules(let parsed)):
                if rules != nil {
                    problems.append(Problem(file: checked.file, message: "a second rules file — a round has one"))
                }
                rules = (parsed, files[index])
            case .success(.sheet(let sheet)):
                if sheets[sheet.kind] != nil {
                    problems.append(
                        Problem(
                            file: checked.file,
                            message: "a second \(sheet.kind.rawValue) sheet — a round has one of each"))
                }
                sheets[sheet.kind] = (sheet, files[index])
            }
        }
        for kind in SheetKind.allCases where sheets[kind] == nil && problems.isEmpty {
            problems.append(
                Problem(
                    file: files.first.map { "\($0.path)" } ?? "the rubrics folder",
                    message:
                        """
                        no \(kind.rawValue) sheet among the files — a round needs region, school and defense\
                         sheets
                        """))
        }
        if rules == nil && problems.isEmpty {
            problems.append(
                Problem(
                    file: files.first?.path ?? "the rubrics folder", message: "no rules file ([round]) among the files")
            )
        }
        guard problems.isEmpty, let region = sheets[.region], let school = sheets[.school],
            let defense = sheets[.defense], let rules
        else { return .failure(Problems(problems)) }
        let sources = [("region", region.1), ("school", school.1), ("defense", defense.1), ("rules", rules.1)]
            .map { (name: $0.0, text: $0.1.text, sha256: SHA256.hex($0.1.text)) }
        return .success(
            RoundDefinition(region: region.0, school: school.0, defense: defense.0, rules: rules.0, sources: sources))
    }

    /// The round as stored: each file's text under its name.
    public static func load(stored: [(name: String, text: String)]) -> Result<RoundDefinition, Problems> {
        load(stored.map { SourceFile(path: "\($0.name).toml (stored)", text: $0.text) })
    }
}
