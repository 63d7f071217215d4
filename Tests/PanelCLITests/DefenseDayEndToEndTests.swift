import Foundation
import Testing

/// The defence day on the demo panel (two groups, a schedule, slots heard, one under way in group
/// 1), with the real binary: the board in the chair's console, an expert's banner and sheet, the
/// draw checked again, the schedule exported.
@Suite struct DefenseDayEndToEndTests {
    struct Schedule: Decodable {
        struct Group: Decodable { var group: Int; var experts: [String]; var slots: [Slot] }
        struct Slot: Decodable { var turn: Int; var id: String; var name: String; var state: String }
        var groups: [Group]
    }

    /// One statement on the file behind panel's back, through Python's sqlite3 (not panel's store).
    static func edit(_ db: String, _ sql: String, _ arguments: String...) throws {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        python.arguments =
            [
                "-c",
                "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                    + "c.execute(sys.argv[2], sys.argv[3:]); c.commit()",
                db, sql,
            ] + arguments
        try python.run()
        python.waitUntilExit()
        try #require(python.terminationStatus == 0, "\(sql)")
    }

    static func schedule(_ db: String) throws -> Schedule {
        let run = try PanelProcess.run(["export", "schedule", "--db", db, "--format", "json"])
        try #require(run.status == 0, "\(run.stderr)")
        return try JSONDecoder().decode(Schedule.self, from: Data(run.stdout.utf8))
    }

    /// The chair starts group 2's next defence; an expert of group 2 sees the banner with the same
    /// time left (the clock stopped by PANEL_TEST_NOW in both front ends) and scores it; an expert
    /// of group 1 cannot; the chair marks the next candidate absent and the ranking says no_defense.
    @Test func theChairStartsASlotAnExpertOfItsGroupScoresItAndAnAbsenceReachesTheRanking() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.demoDatabase("demo.sqlite")
        let before = try Self.schedule(db)
        let two = try #require(before.groups.first { $0.group == 2 })
        let one = try #require(before.groups.first { $0.group == 1 })
        #expect(two.slots.filter { $0.state == "running" }.isEmpty)
        let waiting = two.slots.filter { $0.state == "waiting" }
        try #require(waiting.count == 3)
        let next = waiting[0], afterIt = waiting[1]
        let now = "env PANEL_TEST_NOW=1609210000 \(PanelProcess.binary.path) tui --db \(db)"

        let chair = try Tmux(command: now, columns: 100, rows: 30)
        defer { chair.kill() }
        try chair.logIn("C01", pin: "0000")
        try chair.waitFor("组长控制台")
        try chair.press("BTab")
        try chair.waitFor("已结束 282/288")
        // The last row is group 2's: `s` starts that group's next in turn.
        try chair.type("G")
        try chair.type("s")
        try chair.waitFor("第 2 组 第 \(next.turn) 场开始：\(next.name)")
        try chair.waitFor("陈述 剩余 08:00  已提交 0/\(two.experts.count)")

        // The candidate's page says where it stands on the day, on the same clock.
        let explained = try PanelProcess.run(
            ["explain", next.id, "--db", db], environment: ["PANEL_TEST_NOW": "1609210000"])
        let slotLine = "  答辩 第 2 组 第 \(next.turn) 场（计划 "
        #expect(explained.stdout.split(separator: "\n").contains { $0.hasPrefix(slotLine) }, "\(explained.stdout)")
        #expect(explained.stdout.contains("）：陈述 剩余 08:00\n"))

        let member = two.experts[0]
        let expert = try Tmux(command: now, columns: 100, rows: 30)
        defer { expert.kill() }
        try expert.logIn(member, pin: "0000")
        try expert.waitFor("正在答辩：\(next.name)（第 2 组 第 \(next.turn) 场，剩余 08:00）")
        try expert.type("d")
        try expert.waitFor("\(next.id) \(next.name) · 答辩评审")
        try expert.waitFor("剩余 08:00  未评")
        for item in ["A1", "A2", "B1", "B2"] {
            try expert.type("3")
            try expert.press("Enter")
            try expert.waitFor("已保存 \(item) = 3")
        }
        try expert.type("s")
        try expert.waitFor("已提交 \(next.id) 答辩评分：合计 12")
        try chair.waitFor("已提交 1/\(two.experts.count)")

        // In the front end, group 1's expert hears group 1's defence; group 2's candidate, found on
        // the list (its material may be theirs), has no defence sheet for them (`D`: the selected row's).
        let other = try Tmux(command: now, columns: 100, rows: 30)
        defer { other.kill() }
        try other.logIn(one.experts[0], pin: "0000")
        let banner = try other.waitFor("（第 1 组 第 ")
        #expect(!banner.contains(next.name))
        try other.press("Tab")
        try other.type("/\(next.id)")
        try other.press("Enter")
        // On the demo this expert scored its material, so the search finds it.
        let found = try other.waitFor("“\(next.id)”: \(next.name)")
        #expect(!found.contains("没有找到"))
        try other.type("D")
        try other.waitFor("\(next.id) 的答辩尚未开始或不由您所在的组评审")

        // Group 1's expert, and group 2's own expert before its slot starts: refused with the reason.
        let outsider = try PanelProcess.run(
            [
                "score", "set", "--db", db, "--as", one.experts[0], "--candidate", next.id, "--stage", "defense",
                "--item", "A1", "3",
            ], environment: ["PANEL_PIN": "0000"])
        #expect(outsider.status != 0)
        #expect(
            outsider.stderr.contains("\(next.id) 由第 2 组答辩，您在第 1 组：只评本组的答辩"),
            "\(outsider.stderr)")
        let early = try PanelProcess.run(
            [
                "score", "set", "--db", db, "--as", member, "--candidate", afterIt.id, "--stage", "defense",
                "--item", "A1", "3",
            ], environment: ["PANEL_PIN": "0000"])
        let notYet = "\(afterIt.id) 的答辩尚未开始（第 2 组 第 \(afterIt.turn) 场），"
        #expect(early.stderr.contains(notYet + "开始后才能评分"))

        // The cursor is still on group 2's last row: move up to the candidate after the live one.
        try chair.type("k")
        try chair.type("a")
        try chair.waitFor("\(afterIt.id) 答辩缺席说明")
        try chair.type("未到场，电话无人接听")
        try chair.press("Enter")
        try chair.waitFor("已记录 \(afterIt.id) 答辩缺席")
        struct Ranking: Decodable {
            struct Entry: Decodable { var id, status: String; var reasons: [String] }
            var entries: [Entry]
        }
        let ranking = try JSONDecoder().decode(
            Ranking.self,
            from: Data(
                try PanelProcess.run(["rank", "--db", db, "--kind", "school", "--format", "json"]).stdout.utf8))
        let absent = try #require(ranking.entries.first { $0.id == afterIt.id })
        #expect(absent.status == "no_defense")
        #expect(absent.reasons.contains("no_defense: 答辩缺席（未到场，电话无人接听）"))
        let after = try Self.schedule(db)
        let states = after.groups.flatMap(\.slots).filter { [next.id, afterIt.id].contains($0.id) }.map(\.state)
        #expect(states == ["running", "absent"])
        #expect(try PanelProcess.run(["audit", "verify", "--db", db]).status == 0)
    }

    /// Anyone can draw again from the stored seed; a changed order is caught; a published schedule
    /// takes no new draw and no new groups; the schedule opens in a spreadsheet, one sheet a group.
    @Test func theDrawIsCheckedAgainAndTheScheduleOpensInASpreadsheet() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.demoDatabase("demo.sqlite")
        let verified = try PanelProcess.run(["defense", "draw", "--db", db, "--verify"])
        #expect(verified.status == 0 && verified.stdout == "the stored order is the draw of seed 2020\n")
        #expect(
            try PanelProcess.run(["defense", "draw", "--db", db, "--seed", "9"]).stderr.contains(
                "the defence schedule is published: a new draw refused"))
        #expect(try PanelProcess.run(["defense", "groups", "--db", db]).status != 0)

        let schedule = try Self.schedule(db)
        let first = try #require(schedule.groups.first?.slots.prefix(2))
        // Two turns swapped behind panel's back.
        try Self.edit(
            db, "UPDATE defense_slot SET drawn = 3 - drawn WHERE candidate_id IN (?, ?)", first.first!.id,
            first.last!.id)
        let caught = try PanelProcess.run(["defense", "draw", "--db", db, "--verify"])
        #expect(caught.status != 0)
        #expect(
            caught.stderr.contains(
                "group 1: \(first.first!.id) was drawn 1 from seed 2020, the database says 2"), "\(caught.stderr)")
        #expect(caught.stderr.contains("the stored order is not the draw of seed 2020: 2 differences"))
        // The seed changed in the table alone: the audit log still has the drawn one.
        try Self.edit(db, "UPDATE round_state SET value = '2021' WHERE key = 'defense_seed'")
        let reseeded = try PanelProcess.run(["defense", "draw", "--db", db, "--verify"])
        #expect(reseeded.stderr.contains("the stored seed 2021 is not the audited draw's (defense draw seed 2020)"))
        // A clock moved behind panel's back: the slot's start no longer what its entry says.
        try Self.edit(
            db, "UPDATE defense_slot SET started_at = started_at - 600 WHERE candidate_id = ?", first.first!.id)
        let audit = try PanelProcess.run(["audit", "verify", "--db", db])
        #expect(audit.status != 0)
        #expect(audit.stderr.contains("  defense_slot \(first.first!.id): "), "\(audit.stderr)")

        // The statistics put the groups side by side, and the normalized ranking beside the official one.
        let stats = try PanelProcess.run(["stats", "--db", db, "--no-stability"])
        let lines = stats.stdout.split(separator: "\n").map(String.init)
        let heading = try #require(lines.firstIndex { $0.hasPrefix("答辩分组 defence groups") }, "\(stats.stdout)")
        let note = "分组标准化仅供参考，不改变正式排名"
        #expect(lines[heading] == "答辩分组 defence groups（normalize = none；\(note)）")
        let figures = #/区域：第 1 组 24 个 \d+ 份 平均 [0-9.]+ 标准差 [0-9.]+；第 2 组 24 个 .*/#
        #expect(lines[heading + 1].wholeMatch(of: figures) != nil)
        #expect(lines[heading + 2].hasPrefix("  分组标准化：名次变动 "), "\(lines[heading + 2])")
        struct Stats: Decodable {
            struct Kind: Decodable { var kind, variant: String; var groups: [Figure]; var places_moved: Int }
            struct Figure: Decodable { var group, candidates: Int }
            var defense_groups: [Kind]
        }
        let json = try JSONDecoder().decode(
            Stats.self,
            from: Data(try PanelProcess.run(["stats", "--db", db, "--no-stability", "--format", "json"]).stdout.utf8))
        #expect(json.defense_groups.map(\.kind) == ["region", "school"])
        #expect(json.defense_groups[0].groups.map(\.candidates) == [24, 24])
        #expect(json.defense_groups.allSatisfy { $0.variant == "group_zscore" })

        let path = workspace.path("答辩安排表.xlsx")
        let written = try PanelProcess.run(["export", "schedule", "--db", db, "--out", path])
        #expect(written.status == 0 && written.stderr.contains("2 sheets, one per group"), "\(written.stderr)")
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice") else { return }
        let sheets = try LibreOffice.sheetsAsCSV(path, into: workspace.folder)
        #expect(Set(sheets.keys) == ["第1组", "第2组"])
        let csv = try PanelProcess.run(["export", "schedule", "--db", db, "--format", "csv"]).stdout
        for group in schedule.groups {
            let sheet = try #require(sheets["第\(group.group)组"])
            #expect(sheet.hasPrefix("答辩安排表 第 \(group.group) 组"))
            let rows = sheet.split(separator: "\n").dropFirst(3).map(String.init)
            #expect(rows.count == group.slots.count)
            // The sheet's rows are the CSV's rows of that group, the 组别 column aside.
            let expected = csv.split(separator: "\n").dropFirst().filter { $0.hasPrefix("\(group.group),") }
                .map { String($0.dropFirst("\(group.group),".count)) }
            #expect(rows == expected)
        }
    }
}
