import Foundation
import Testing

/// `panel stats`, `panel outlier`, `panel explain`'s stability and the HTML report, through the
/// binary on the demo panel (resampled 200 times instead of 1,000, to keep a debug build quick),
/// and the two scripts that check them against outside tools: the `krippendorff` package and
/// headless Chromium.
@Suite struct FairnessCommandTests {
    /// Built once for the suite: the demo takes seconds.
    static let demo: Result<(workspace: Workspace, db: String), Error> = Result {
        let workspace = try Workspace()
        let rubrics = workspace.folder.appendingPathComponent("rubrics")
        try FileManager.default.copyItem(
            at: RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics"), to: rubrics)
        let rules = rubrics.appendingPathComponent("rules.toml")
        try Data(
            try String(contentsOf: rules, encoding: .utf8).replacingOccurrences(
                of: "bootstrap = 1000", with: "bootstrap = 200"
            ).utf8
        ).write(to: rules)
        let db = workspace.path("demo.sqlite")
        let built = try PanelProcess.run(["demo", "--no-tui", "--db", db, "--rubrics", rubrics.path])
        guard built.status == 0 else { throw Failure(built.stderr) }
        return (workspace, db)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String; init(_ text: String) { description = text }
    }

    static let script = RubricCheckCommandTests.repo.appendingPathComponent("scripts")

    struct Stats: Decodable {
        struct Severity: Decodable { var expert: String; var sheets: Int; var severity: Double?; var flagged: Bool }
        struct Outlier: Decodable {
            var expert, candidate, stage: String; var total, others, difference: Double; var reviewed: String?
        }
        struct Place: Decodable {
            var place: Int; var id: String; var official: Bool; var bootstrap_wins: Int; var share: Double
        }
        struct Stability: Decodable { var kind: String; var quota, resamples: Int; var places: [Place] }
        struct Agreement: Decodable { var kind, stage: String; var group: String?; var alpha: Double? }
        var severity: [Severity]
        var outliers: [Outlier]
        var agreement: [Agreement]
        var stability: [Stability]
    }

    func stats(_ db: String, _ extra: [String] = []) throws -> Stats {
        let run = try PanelProcess.run(["stats", "--db", db, "--format", "json"] + extra)
        try #require(run.status == 0, "\(run.stderr)")
        return try JSONDecoder().decode(Stats.self, from: Data(run.stdout.utf8))
    }

    @Test func statsOnTheDemoCoverEveryExpertKindAndTheCutLines() throws {
        let db = try Self.demo.get().db
        let stats = try stats(db)
        #expect(stats.severity.map(\.expert) == (1...25).map { String(format: "E%02d", $0) })
        #expect(stats.severity.allSatisfy { $0.sheets > 50 && $0.severity != nil })
        #expect(
            stats.agreement.filter { $0.group == nil }.map { "\($0.kind) \($0.stage)" } == [
                "region material", "school material", "region defense", "school defense",
            ])
        // Ten places down to each quota line and ten below it, resampled 200 times from the rules' seed.
        #expect(stats.stability.map(\.kind) == ["region", "school"] && stats.stability.map(\.resamples) == [200, 200])
        #expect(
            stats.stability[0].places.map(\.place) == Array(31...50)
                && stats.stability[1].places.map(\.place) == Array(191...210))
        #expect(stats.stability.allSatisfy { $0.places.allSatisfy { (0...200).contains($0.bootstrap_wins) } })
        // The same database gives the same figures.
        #expect(
            try self.stats(db).stability.map { $0.places.map(\.bootstrap_wins) }
                == stats.stability.map { $0.places.map(\.bootstrap_wins) })
        let table = try PanelProcess.run(["stats", "--db", db, "--kind", "region", "--no-stability"]).stdout
        #expect(table.contains("专家宽严 expert severity") && table.contains("区域 材料 A") && !table.contains("学校 材料"))
        #expect(!table.contains("名额线稳定性"))
    }

    @Test func explainGivesTheStabilityOfAPlaceNearTheLine() throws {
        let db = try Self.demo.get().db
        let place = try #require(try stats(db, ["--kind", "region"]).stability.first?.places.first)
        let explained = try PanelProcess.run(["explain", place.id, "--db", db]).stdout
        let line = try #require(explained.split(separator: "\n").first { $0.hasPrefix("stability 稳定性:") })
        #expect(
            line.hasPrefix(
                "stability 稳定性: place \(place.place), quota 40; official \(place.official ? "wins" : "does not win")"))
        #expect(
            line.contains(
                String(format: "wins in %.1f%% of 200 resamples (seed 2020)", Double(place.bootstrap_wins) / 2)))
    }

    /// A copy of the demo where E01's sheet for one of their regions is imported with 1 point on
    /// every item (a complete sheet, so submitted): far below the other experts.
    func withOutlier(_ name: String) throws -> (db: String, expert: String, region: String, items: Int) {
        let demo = try Self.demo.get()
        let db = demo.workspace.path(name)
        try FileManager.default.copyItem(atPath: demo.db, toPath: db)
        let expert = "E01"
        let assignments = try PanelProcess.run(["assignments", "--db", db, "--csv"]).stdout.split(separator: "\n").map {
            $0.split(separator: ",").map(String.init)
        }
        let region = try #require(
            assignments.first { $0.first == expert && $0.contains { $0.hasPrefix("R-") } }?.first { $0.hasPrefix("R-") }
        )
        let sheet = try String(
            contentsOf: RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics/region.toml"),
            encoding: .utf8)
        let items = sheet.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("id = \""), let id = line.split(separator: "\"").dropFirst().first, id.count > 1 else {
                return nil
            }
            return String(id)
        }
        let low =
            (["expert_id,candidate_id,stage,item_id,score"] + items.map { "\(expert),\(region),material,\($0),1" })
            .joined(separator: "\n") + "\n"
        let imported = try PanelProcess.run([
            "import", "scores", "--db", db, try demo.workspace.write("\(name).csv", low), "--replace-submitted",
            "--reason", "an outlier made for the test",
        ])
        try #require(imported.status == 0, "\(imported.stderr)")
        return (db, expert, region, items.count)
    }

    @Test func theChairMarksAnOutlierFromTheCommandLine() throws {
        let (db, expert, region, items) = try withOutlier("outlier.sqlite")
        let outlier = try #require(
            try stats(db, ["--no-stability"]).outliers.first { $0.expert == expert && $0.candidate == region })
        #expect(outlier.total == Double(items) && outlier.difference < -15 && outlier.reviewed == nil)

        let refused = try PanelProcess.run(
            ["outlier", region, "--expert", expert, "--note", "看过", "--db", db, "--as", "E02"],
            environment: ["PANEL_PIN": "0000"])
        #expect(refused.status != 0 && refused.stderr.contains("only the chair"))
        let marked = try PanelProcess.run(
            [
                "outlier", region, "--expert", expert, "--note",
                """
                已电话核实：材料缺页
                """, "--db", db, "--as", "C01",
            ],
            environment: ["PANEL_PIN": "0000"])
        #expect(marked.status == 0, "\(marked.stderr)")
        #expect(
            try stats(db, ["--no-stability"]).outliers.first { $0.expert == expert && $0.candidate == region }?.reviewed
                == "C01: 已电话核实：材料缺页")
        #expect(
            try PanelProcess.run(["audit", "log", "--db", db, "--expert", "C01"]).stdout.contains("review outlier"))
    }

    /// In a real terminal: the chair finds the outlier on its tab, marks it reviewed, reads the
    /// statistics, and the ranking's stability column fills in once the background resampling ends.
    @Test func theChairWorksTheStatisticsTabsInATerminal() throws {
        let (db, expert, region, _) = try withOutlier("console.sqlite")
        let tmux = try Tmux(command: "\(PanelProcess.binary.path) tui --db \(db)", columns: 120, rows: 40)
        defer { tmux.kill() }
        try tmux.logIn("C01", pin: "0000")
        try tmux.waitFor("组长控制台")
        try tmux.press("Tab")
        // Resampled 2 × 200 times on one low-priority core; the last place inside the quota shows its share.
        try tmux.waitFor("获评 39/40")
        let ranking = try tmux.waitFor("%", seconds: 120)
        #expect(!ranking.contains("稳定性计算中"))
        for _ in 0..<3 { try tmux.press("Tab") }
        let outliers = try tmux.waitFor("未复核")
        #expect(outliers.contains("\(expert)") && outliers.contains(region))
        try tmux.type("v")
        try tmux.waitFor("复核说明")
        try tmux.type("已电话核实")
        try tmux.press("Enter")
        try tmux.waitFor("C01: 已电话核实")
        try tmux.press("BTab")
        let statistics = try tmux.waitFor("专家宽严")
        #expect(statistics.contains("E01") && statistics.contains("|"))
        #expect(
            try PanelProcess.run(["audit", "log", "--db", db, "--expert", "C01"]).stdout.contains("review outlier"))
    }

    @Test func alphaEqualsTheKrippendorffPackageOnTheDemo() throws {
        let db = try Self.demo.get().db
        let check = try Self.python(["alpha-check.py", PanelProcess.binary.path, db])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("16 of 16 equal to 1e-09"), "\(check.stdout)")
    }

    @Test func theHTMLReportIsSelfContainedAndHeadlessChromiumDrawsItsCharts() throws {
        let demo = try Self.demo.get()
        let html = demo.workspace.path("report.html"), png = demo.workspace.path("report.png")
        let export = try PanelProcess.run(["export", "report", "--db", demo.db, "--format", "html", "--out", html])
        try #require(export.status == 0, "\(export.stderr)")
        let text = try String(contentsOfFile: html, encoding: .utf8)
        for fetch in ["src=", "href=", "url(", "<script", "@import"] {
            #expect(!text.contains(fetch), "the report would fetch: \(fetch)")
        }
        for chart in ["id=severity", "id=histograms", "id=\"stability-region\"", "id=\"stability-school\""] {
            #expect(text.contains(chart))
        }
        let render = try Self.python(["render-report.py", html, png])
        #expect(render.status == 0, "\(render.stdout)\(render.stderr)")
        #expect(render.stdout.contains("charts present"))
        #expect(FileManager.default.fileExists(atPath: png))
    }

    /// A script of `scripts/` run by python3.
    static func python(_ arguments: [String]) throws -> PanelProcess.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.appendingPathComponent(arguments[0]).path] + arguments.dropFirst()
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(),
            stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return PanelProcess.Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
