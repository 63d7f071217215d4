import Foundation
import Testing

/// Names whose clusters terminals and ncurses measure differently, and one holding an escape
/// sequence, in an expert's list in a real terminal (issue 21, finding 17): every column lines up
/// and nothing of the sequence is drawn. Before, the flag row was one column short, the ZWJ family
/// row two, the ❤️ row one, and `]0;pwned` stood in front of 标题区.
@Suite struct FrontEndGlyphTests {
    @Test func clustersAndEscapeSequencesKeepTheListAligned() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let db = try workspace.initDatabase("panel.sqlite")
        let names = [
            "🇨🇳旗帜区", "👨‍👩‍👧家庭区", "❤️爱心区",
            "\u{1100}\u{1161}\u{11A8}"
                + "韩文区", "\u{1B}]0;pwned\u{07}标题区",
        ]
        var rows = ["编号,类别,名称,省份,地市,学段,平台名称,接入国家平台,支撑区域"]
        for (index, name) in names.enumerated() {
            let (province, city) = index < 3 ? ("浙江", "杭州市") : ("江苏", "南京市")
            rows.append("R-\(index + 1),区域,\"\(name)\",\(province),\(city),,之江汇,是,")
            rows.append("S-\(index + 1),学校,\(index + 1)校,\(province),\(city),基础教育,之江汇,是,R-\(index + 1)")
        }
        let steps: [[String]] = [
            ["import", "nominations", "--db", db, try workspace.write("n.csv", rows.joined(separator: "\n"))],
            [
                "import", "experts", "--db", db,
                try workspace.write(
                    "e.csv",
                    "编号,姓名,省份,单位,角色,PIN\nE01,王老师,北京,,专家,1234\n"
                        + "C01,组长,北京,,组长,9999\n"),
            ],
            ["assign", "--db", db, "--per-candidate", "1"],
        ]
        for step in steps {
            let run = try PanelProcess.run(step)
            try #require(run.status == 0, "\(step): \(run.stderr)")
        }
        let tmux = try Tmux(command: "\(PanelProcess.binary.path) tui --db \(db)", columns: 100, rows: 26)
        defer { tmux.kill() }
        try tmux.logIn("E01", pin: "1234")
        let screen = try tmux.waitFor("5    R-5")
        #expect(
            screen == """
                 2020年度网络学习空间应用普及活动 部级评选                                 王老师 (E01)  已提交 0/5
                  区域 5   学校 5    排序: 序号
                 序号 编号      名称                                        省份     学段     材料   答辩   状态
                 1    R-1       CN旗帜区                                    浙江                            未评
                 2    R-2       👨家庭区                                    浙江                            未评
                 3    R-3       ❤爱心区                                     浙江                            未评
                 4    R-4       각韩文区                                    江苏                            未评
                 5    R-5       标题区                                      江苏                            未评
















                 欢迎，王老师。已保存的分数随时可见；Enter 打开评分表。
                 ↑/k/↓/j 移动  Enter 评分  d 答辩评分  Tab/Shift-Tab 区域/学校  / 搜索  f 只看未完成  ? 帮助

                """)
    }
}
