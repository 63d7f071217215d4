import Foundation
import PanelCore
import Testing

/// Names, notes, reasons and typed ids that try to steer the terminal reach every text output of
/// the real binary written out, never raw (issue 21, finding 8): each output is read byte by byte
/// for what must not be there.
@Suite struct HostileOutputTests {
    /// What a province's file, an expert or a chair could put into a name.
    static let hostile: [String] = [
        "标题\u{1B}]0;pwned\u{07}区",  // OSC: the window title
        "剪贴板\u{1B}]52;c;ZWNobyBoaQ==\u{07}区",  // OSC 52: the clipboard
        "擦除\u{1B}[2K\u{1B}[1A区",  // CSI: erase the row, move up
        "应答\u{1B}[6n区",  // CSI: make the terminal type into the prompt
        "单字节\u{9B}2J区",  // C1 CSI: clear the screen
        "下一行\u{85}区",  // C1 NEL
        "真名\r假名区",  // CR: overwrite the start of the line
        "反转\u{202E}区域\u{2066}隔离\u{2069}",  // bidi override and isolate
        "删除\u{7F}区",  // DEL
        "两行\n伪造的一行区",  // a newline: a row of its own
        "竖线|多|列区",
        "<script>alert(1)</script>区",
        "<img src=x onerror=alert(1)>区",
    ]
    static let provinces = ["浙江", "江苏", "安徽", "福建", "江西", "山东", "河南"]

    static func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// Every scalar that would steer a terminal; `\n` is the only control an output may hold.
    static func steering(in bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.unicodeScalars.filter { TerminalSafe.steers($0) && $0 != "\n" }.map {
            "U+" + String($0.value, radix: 16, uppercase: true)
        }
    }

    @Test func noOutputCarriesAControlFromANameANoteOrATypedID() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.initDatabase("panel.sqlite")
        // Region R-i and a school supporting it, both named with hostile text, in seven provinces.
        var rows = ["编号,类别,名称,省份,地市,学段,平台名称,接入国家平台,支撑区域,\(Self.quoted("备注\u{1B}[31m"))"]
        for (index, name) in Self.hostile.enumerated() {
            let province = Self.provinces[index % Self.provinces.count]
            rows.append("R-\(index + 1),区域,\(Self.quoted(name)),\(province),某市,,平台,是,,\(Self.quoted(name))")
            let school = Self.quoted(name + "学校")
            rows.append("S-\(index + 1),学校,\(school),\(province),某市,基础教育,平台,是,R-\(index + 1),")
        }
        let imported = try PanelProcess.run([
            "import", "nominations", "--db", db, try workspace.write("n.csv", rows.joined(separator: "\n") + "\n"),
        ])
        try #require(imported.status == 0, "\(imported.stderr)")
        let experts =
            ["编号,姓名,省份,单位,角色,PIN"]
            + ["北京", "天津", "河北", "山西", "辽宁"].enumerated().map { index, province in
                let (name, org) = (
                    Self.quoted(Self.hostile[index * 2]), Self.quoted(Self.hostile[index * 2 + 1] + "研究院")
                )
                return "E0\(index + 1),\(name),\(province),\(org),专家,1234"
            } + ["C01,\(Self.quoted(Self.hostile[10])),北京,,组长,9999"]
        let expertsImported = try PanelProcess.run([
            "import", "experts", "--db", db, try workspace.write("e.csv", experts.joined(separator: "\n")),
        ])
        try #require(expertsImported.status == 0, "\(expertsImported.stderr)")
        let assigned = try PanelProcess.run(["assign", "--db", db, "--per-candidate", "5"])
        try #require(assigned.status == 0, "\(assigned.stderr)")
        let scores = try workspace.write("s.csv", try Self.materialScores(regions: Self.hostile.count))
        let scored = try PanelProcess.run(["import", "scores", "--db", db, scores])
        try #require(scored.status == 0, "\(scored.stderr)")
        let chair = ["PANEL_PIN": "9999"]
        let decisions = [
            try PanelProcess.run(
                ["spotcheck", "--db", db, "--as", "C01", "R-1", "--pass", "--note", Self.hostile[0] + Self.hostile[4]],
                environment: chair),
            try PanelProcess.run(
                ["override", "--db", db, "--as", "C01", "R-2", "--exclude", "--reason", Self.hostile[7]],
                environment: chair),
            // An id typed with an escape in it: refused, and recorded in the audit log.
            try PanelProcess.run(
                ["assignments", "--db", db, "--as", "\u{1B}]0;x\u{07}E01"], environment: ["PANEL_PIN": "1"]),
        ]
        #expect(decisions.map(\.status) == [0, 0, 1], "\(decisions.map(\.stderr))")

        let commands: [[String]] = [
            ["candidates"], ["candidates", "--format", "csv"], ["candidates", "--format", "json"],
            ["rank"], ["rank", "--format", "csv"], ["rank", "--format", "json"], ["explain", "R-1"],
            ["explain", "S-8"], ["expert", "list"], ["assignments"], ["assignments", "--csv"], ["audit", "log"],
            ["stats", "--no-stability"], ["shortlist"], ["export", "report"], ["export", "report", "--format", "csv"],
            ["export", "report", "--format", "json"], ["export", "report", "--format", "html"],
            ["export", "winners", "--format", "md"], ["export", "winners", "--format", "json"],
            ["export", "winners", "--format", "csv"], ["export", "scores"],
        ]
        let running = try commands.map { try PanelProcess.start($0 + ["--db", db]) }
        var outputs = [
            ("import nominations", imported), ("import experts", expertsImported), ("assign", assigned),
            ("import scores", scored),
        ]
        outputs += zip(["spotcheck", "override", "assignments --as"], decisions).map { ($0, $1) }
        outputs += try zip(commands.map { $0.joined(separator: " ") }, running.map { try $0.wait() }).map { ($0, $1) }
        for (command, result) in outputs {
            #expect(result.status == (command == "assignments --as" ? 1 : 0), "\(command): \(result.stderr)")
            #expect(Self.steering(in: result.stdoutBytes) == [], "stdout of \(command)")
            #expect(Self.steering(in: Array(result.stderr.utf8)) == [], "stderr of \(command)")
        }
        let byCommand = Dictionary(outputs, uniquingKeysWith: { first, _ in first })
        // The hostile text is there, written out, not dropped: a chair must see what was sent.
        let table = try #require(byCommand["candidates"]).stdout
        #expect(table.contains(#"标题\u{1b}]0;pwned\u{7}区"#), "\(table)")
        #expect(table.contains(#"反转\u{202e}区域\u{2066}隔离\u{2069}"#))
        // A heading, one row per candidate (a newline in a name forges none) and the count.
        #expect(table.split(separator: "\n").count == 1 + 2 * Self.hostile.count + 1, "\(table)")
        let log = try #require(byCommand["audit log"]).stdout
        #expect(log.contains(#"\u{1b}]0;x\u{7}E01"#), "\(log)")
        // JSON reads back as the very names imported.
        struct Row: Decodable { var id, name: String }
        let json = try JSONDecoder().decode(
            [Row].self, from: Data(try #require(byCommand["candidates --format json"]).stdout.utf8))
        #expect(Set(json.filter { $0.id.hasPrefix("R-") }.map(\.name)) == Set(Self.hostile))
    }

    /// Every material item of each region R-1…R-n by E01…E05, at a score that differs per pair.
    static func materialScores(regions: Int) throws -> String {
        let files = try ["region", "school", "defense", "rules"].map { name in
            let url = RubricCheckCommandTests.repo.appendingPathComponent("scoring-rubrics/\(name).toml")
            return SourceFile(path: url.path, text: try String(contentsOf: url, encoding: .utf8))
        }
        let round = try RoundDefinition.load(files).get()
        var rows = ["专家编号,候选编号,阶段,指标,分数"]
        for expert in 1...5 {
            for region in 1...regions {
                for item in round.sheet(.region).items {
                    let steps = item.points.hundredths / item.step.hundredths
                    let score = Points(hundredths: (steps - (expert + region) % 4) * item.step.hundredths)
                    rows.append("E0\(expert),R-\(region),材料,\(item.id),\(score)")
                }
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}

/// Ids are identifiers, not prose; names have a length (issue 21, findings 8 and 15).
@Suite struct IdentifierImportTests {
    static let header = "编号,类别,名称,省份,地市,学段,平台名称,接入国家平台,支撑区域"

    func importNominations(_ db: String, _ workspace: Workspace, _ rows: [String], file: String = "n.csv") throws
        -> PanelProcess.Result
    {
        try PanelProcess.run([
            "import", "nominations", "--db", db,
            try workspace.write(file, ([Self.header] + rows).joined(separator: "\n") + "\n"),
        ])
    }

    @Test func hostileIDsAndHugeNamesAreRefusedWithTheirLine() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.initDatabase("panel.sqlite")
        let huge = String(repeating: "区", count: 100_000)
        let refused = try importNominations(
            db, workspace,
            [
                "R-1,区域,杭州市上城区,浙江,杭州市,,之江汇,是,",
                "R\u{9B}2,区域,上城区,浙江,杭州市,,之江汇,是,",
                "R-\u{202E}3,区域,下城区,浙江,杭州市,,之江汇,是,",
                "R-4,区域,\(huge),浙江,杭州市,,之江汇,是,",
                "R-5,区域,西湖区,浙江,杭州市,,之江汇,是,",
                "R-\u{200B}6,区域,滨江区,浙江,杭州市,,之江汇,是,",
            ])
        let path = workspace.path("n.csv")
        #expect(refused.status == 1)
        #expect(
            refused.stderr == """
                \(path):3: 编号 contains a control or formatting character — retype it
                \(path):4: 编号 contains a control or formatting character — retype it
                \(path):5: 名称 (name) has 100000 characters — at most 200; shorten it
                \(path):7: 编号 contains a control or formatting character — retype it
                \(path): nothing was imported (4 problems); fix the file and import it again.

                """)
        let listed = try PanelProcess.run(["candidates", "--db", db, "--format", "csv"])
        #expect(listed.stdout.split(separator: "\n").count == 1, "nothing imported: \(listed.stdout)")
    }

    @Test func fullWidthAndDecomposedIDsAreTheSameID() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.initDatabase("panel.sqlite")
        // A full-width id with a stray space, and a school naming its region decomposed (NFD).
        let first = try importNominations(
            db, workspace,
            [
                " Ｒ-1 ,区域,杭州市上城区,浙江,杭州市,,之江汇,是,",
                "R-é,区域,西湖区,浙江,杭州市,,之江汇,是,",
                "S-1,学校,上城区实验小学,浙江,杭州市,基础教育,之江汇,是,R-e\u{301}",
            ])
        #expect(first.status == 0, "\(first.stderr)")
        let again = try importNominations(
            db, workspace, ["R-1,区域,上城区,浙江,杭州市,,之江汇,是,"], file: "again.csv")
        #expect(
            again.stderr == """
                \(workspace.path("again.csv")):2: 编号 'R-1' is already in the database — it was imported before
                \(workspace.path("again.csv")): nothing was imported (1 problem); fix the file and import it again.

                """)
        let explained = try PanelProcess.run(["explain", "--db", db, "Ｒ-1"])
        #expect(explained.status == 0, "\(explained.stderr)")
        #expect(explained.stdout.hasPrefix("R-1 杭州市上城区"), "\(explained.stdout)")
        let listed = try PanelProcess.run(["candidates", "--db", db, "--format", "csv"])
        #expect(listed.stdout.split(separator: "\n").map { $0.prefix(4) } == ["id,k", "R-1,", "R-é,", "S-1,"])

        // Experts: Ｅ01 is E01, and the same person under two ids is warned of.
        let experts = try PanelProcess.run([
            "import", "experts", "--db", db,
            try workspace.write(
                "e.csv",
                """
                编号,姓名,省份,单位,角色,PIN
                E01,王老师,北京,北京师范大学,专家,1234
                E02,王老师,北京,北京师范大学,专家,1234

                """),
        ])
        #expect(experts.status == 0, "\(experts.stderr)")
        #expect(
            experts.stderr == """
                warning: \(workspace.path("e.csv")):3: E02 has the 姓名, 省份 and 单位 of E01 (line 2) — the same \
                person under two ids? Remove one, or tell them apart in 单位

                """)
        let twice = try PanelProcess.run([
            "import", "experts", "--db", db,
            try workspace.write("f.csv", "编号,姓名,省份,单位,角色,PIN\nＥ01,李老师,天津,,专家,1234\n"),
        ])
        #expect(twice.status == 1)
        #expect(twice.stderr.hasPrefix("\(workspace.path("f.csv")):2: 编号 'E01' is already in the database"))
        let signedIn = try PanelProcess.run(
            ["assignments", "--db", db, "--as", "Ｅ01"], environment: ["PANEL_PIN": "1234"])
        #expect(signedIn.status == 0, "\(signedIn.stderr)")
    }

    /// What the parser cannot foresee and the database refuses is still a line of the file.
    @Test func aConstraintTheDatabaseAddsIsToldAsTheRowItCameFrom() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.initDatabase("panel.sqlite")
        let trigger = Process()
        trigger.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        trigger.arguments = [
            db,
            """
            CREATE TRIGGER no_r2 BEFORE INSERT ON candidate WHEN NEW.id = 'R-2'
            BEGIN SELECT RAISE(ABORT, 'R-2 is reserved'); END;
            """,
        ]
        try trigger.run()
        trigger.waitUntilExit()
        try #require(trigger.terminationStatus == 0)
        let refused = try importNominations(
            db, workspace,
            ["R-1,区域,上城区,浙江,杭州市,,之江汇,是,", "R-2,区域,下城区,浙江,杭州市,,之江汇,是,"])
        #expect(refused.status == 1)
        #expect(
            refused.stderr == """
                \(workspace.path("n.csv")):3: 编号 'R-2' was refused by the database (R-2 is reserved) — check this \
                row against the others and the candidates already imported
                \(workspace.path("n.csv")): nothing was imported.

                """)
        let listed = try PanelProcess.run(["candidates", "--db", db, "--format", "csv"])
        #expect(listed.stdout.split(separator: "\n").count == 1, "R-1 rolled back too: \(listed.stdout)")
    }
}
