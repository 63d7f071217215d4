import Foundation
import PanelCore
import Testing

/// The national nominations, 40 experts (two from each of the first 20 units) and the chair.
struct NationalPanel {
    let workspace = try! Workspace()
    let db: String
    let round: RoundDefinition
    let candidates: [(id: String, kind: CandidateKind, province: String)]

    static let experts: [(id: String, province: String, pin: String)] = (0..<40).map {
        (String(format: "E%02d", $0 + 1), Province.all[$0 / 2].name, String(1000 + $0 + 1))
    }

    init(_ name: String = "panel.sqlite", rules edits: [(String, String)] = []) throws {
        db = try workspace.initDatabase(name, rules: edits)
        let nominations = try workspace.write("nominations.csv", NationalNominations.csv())
        try #require(try PanelProcess.run(["import", "nominations", "--db", db, nominations]).status == 0)
        let experts =
            ["编号,姓名,省份,单位,角色,PIN"]
            + Self.experts.map {
                """
                \($0.id),专家\($0.id),\($0.province),,专家,\($0.pin)
                """
            } + [
                "C01,组长,北京,,组长,9999"
            ]
        let imported = try PanelProcess.run([
            "import", "experts", "--db", db, try workspace.write("experts.csv", experts.joined(separator: "\n")),
        ])
        try #require(imported.status == 0, "\(imported.stderr)")
        let files = try ["region", "school", "defense", "rules"].map { name in
            let url = RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics/\(name).toml")
            return SourceFile(path: url.path, text: try String(contentsOf: url, encoding: .utf8))
        }
        round = try RoundDefinition.load(files).get()
        struct Row: Decodable { var id, kind, province: String; var eligible: Bool }
        let listing = try PanelProcess.run(["candidates", "--db", db, "--format", "json"])
        candidates = try JSONDecoder().decode([Row].self, from: Data(listing.stdout.utf8)).filter(\.eligible)
            .map { ($0.id, CandidateKind(rawValue: $0.kind)!, $0.province) }
    }

    /// Full sheets of `experts` for `candidates` (none of their own province), at a score that
    /// differs per pair so that a lost or swapped row would show.
    func materialRows(
        experts: ArraySlice<(id: String, province: String, pin: String)>,
        candidates: ArraySlice<(id: String, kind: CandidateKind, province: String)>,
        stage: Stage = .material
    ) -> [String] {
        var rows: [String] = []
        for (e, expert) in experts.enumerated() {
            for (c, candidate) in candidates.enumerated() where candidate.province != expert.province {
                for item in round.sheet(stage.sheet(for: candidate.kind)).items {
                    let steps = item.points.hundredths / item.step.hundredths
                    let score = Points(hundredths: (steps - (e + c) % 4) * item.step.hundredths)
                    rows.append("\(expert.id),\(candidate.id),\(stage.chineseName),\(item.id),\(score)")
                }
            }
        }
        return rows
    }

    /// The first `count` eligible regions, material and defence scored by ten experts each; their ids.
    func scoreRegions(_ count: Int) throws -> [String] {
        let regions = candidates.filter { $0.kind == .region }.prefix(count)
        let rows =
            materialRows(experts: Self.experts[0..<10], candidates: regions)
            + materialRows(experts: Self.experts[0..<10], candidates: regions, stage: .defense)
        let imported = try PanelProcess.run(["import", "scores", "--db", db, try scoresFile("regions.csv", rows)])
        try #require(imported.status == 0, "\(imported.stderr)")
        return regions.map(\.id)
    }

    func scoresFile(_ name: String, _ rows: [String]) throws -> String {
        try workspace.write(name, (["专家编号,候选编号,阶段,指标,分数"] + rows).joined(separator: "\n") + "\n")
    }
}

@Suite struct ScoresCommandTests {
    @Test func twoImportsIntoOneDatabaseAtTheSameTimeBothSucceed() throws {
        let panel = try NationalPanel()
        defer { panel.workspace.remove() }
        let first = panel.materialRows(experts: NationalPanel.experts[0..<10], candidates: panel.candidates[0..<60])
        let second = panel.materialRows(experts: NationalPanel.experts[10..<20], candidates: panel.candidates[0..<60])
        let files = [try panel.scoresFile("a.csv", first), try panel.scoresFile("b.csv", second)]
        let running = try files.map { try PanelProcess.start(["import", "scores", "--db", panel.db, $0]) }
        let results = try running.map { try $0.wait() }
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stderr.contains("locked"))
            #expect(result.stdout.contains("submitted, 0 drafts"))
        }
        let export = try PanelProcess.run(["export", "scores", "--db", panel.db])
        let exported = export.stdout.split(separator: "\n").dropFirst()
        #expect(exported.count == first.count + second.count)
        #expect(try PanelProcess.run(["audit", "verify", "--db", panel.db]).status == 0)
    }

    @Test func anExportImportsIntoAnotherPanelUnchanged() throws {
        let panel = try NationalPanel("a.sqlite")
        defer { panel.workspace.remove() }
        let rows =
            panel.materialRows(experts: NationalPanel.experts[30..<33], candidates: panel.candidates[100..<110])
            + ["E40,\(panel.candidates[0].id),答辩,A1,27.5"]
        #expect(
            try PanelProcess.run(["import", "scores", "--db", panel.db, try panel.scoresFile("s.csv", rows)]).status
                == 0)
        let csv = try PanelProcess.run(["export", "scores", "--db", panel.db])
        let other = try NationalPanel("b.sqlite")
        defer { other.workspace.remove() }
        let reimported = try PanelProcess.run([
            "import", "scores", "--db", other.db, try other.workspace.write("export.csv", csv.stdout),
        ])
        #expect(reimported.status == 0, "\(reimported.stderr)")
        #expect(try PanelProcess.run(["export", "scores", "--db", other.db]).stdout == csv.stdout)
        // JSON: one object per sheet, the defence sheet a draft, exact decimals.
        struct Sheet: Decodable {
            var expert_id, stage, status: String; var total: Decimal; var scores: [String: Decimal]
        }
        let sheets = try JSONDecoder().decode(
            [Sheet].self,
            from: Data(try PanelProcess.run(["export", "scores", "--db", other.db, "--format", "json"]).stdout.utf8))
        #expect(sheets.count == 31)
        let defense = try #require(sheets.first { $0.stage == "defense" })
        #expect(
            defense.status == "draft" && defense.scores == ["A1": Decimal(string: "27.5")!]
                && defense.total == Decimal(string: "27.5")!)
        #expect(sheets.filter { $0.status == "submitted" }.count == 30)
    }

    /// An import does not change a sheet an expert submitted unless told why, and then says so in
    /// the audit log (issue 21, finding 3); the same file again, or a draft completed, is fine.
    @Test func aSubmittedSheetIsNotOverwrittenWithoutAReason() throws {
        let panel = try NationalPanel()
        defer { panel.workspace.remove() }
        let rows = panel.materialRows(experts: NationalPanel.experts[30..<31], candidates: panel.candidates[100..<101])
        let first = try panel.scoresFile("first.csv", rows)
        #expect(try PanelProcess.run(["import", "scores", "--db", panel.db, first]).status == 0)
        #expect(try PanelProcess.run(["import", "scores", "--db", panel.db, first]).status == 0)  // unchanged
        let before = try PanelProcess.run(["export", "scores", "--db", panel.db]).stdout
        var changed = rows
        changed[0] = changed[0].split(separator: ",").dropLast().joined(separator: ",") + ",0"
        let second = try panel.scoresFile("second.csv", changed)
        let refused = try PanelProcess.run(["import", "scores", "--db", panel.db, second])
        let sheet = "sheet E31 \(panel.candidates[100].id) material"
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == """
                --replace-submitted: \(second) would change 1 submitted sheet (\(sheet)): an import does not \
                overwrite what an expert submitted unless told why

                """)
        #expect(try PanelProcess.run(["export", "scores", "--db", panel.db]).stdout == before)
        let noReason = try PanelProcess.run(["import", "scores", "--db", panel.db, second, "--replace-submitted"])
        #expect(noReason.status == 1 && noReason.stderr == "--reason: say why submitted sheets are replaced\n")
        let replaced = try PanelProcess.run([
            "import", "scores", "--db", panel.db, second, "--replace-submitted", "--reason", "纸质评分表录入有误",
        ])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try PanelProcess.run(["export", "scores", "--db", panel.db]).stdout != before)
        let log = try PanelProcess.run(["audit", "log", "--db", panel.db, "--expert", "E31"]).stdout
        #expect(log.contains("import scores replacing submitted (纸质评分表录入有误)"), "\(log)")
    }

    @Test func aBadScoresFileIsRefusedWholeWithLines() throws {
        let panel = try NationalPanel()
        defer { panel.workspace.remove() }
        let own = panel.candidates.first { $0.province == NationalPanel.experts[0].province }!
        let before = try Data(contentsOf: URL(fileURLWithPath: panel.db))
        let file = try panel.scoresFile(
            "bad.csv",
            [
                "E02,\(panel.candidates[40].id),材料,A1,4", "E01,\(own.id),材料,A1,4",
                "E02,\(panel.candidates[40].id),材料,A1,3",
            ])
        let run = try PanelProcess.run(["import", "scores", "--db", panel.db, file])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(file):3: 专家 E01 与 \(own.id) 同属北京市，须回避 (same province)"))
        #expect(run.stderr.contains("\(file):4: E02 \(panel.candidates[40].id) 材料 A1 is given twice (first on line 2)"))
        #expect(run.stderr.contains("nothing was imported (2 problems)"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: panel.db)) == before)
    }
}
