import Foundation
import PanelCore
import Testing

/// A national nomination file as the 32 provincial units send it: 3 regions and 12 schools each,
/// plus 20 rows that break the notice's rules. 500 rows, deterministic.
enum NationalNominations {
    static let cities = ["中心市", "东江市", "西山市", "南湖市", "北岭市"]
    static let schoolNames = [
        "实验小学", "第一中学", "外国语学校", "第二实验小学", "职业技术学院",
        """
        师范大学附属中学
        """,
        "开放大学", "第三中学", "育才小学", "职业中等专业学校", "高级中学", "科技大学",
    ]

    static func csv() -> String {
        var rows = ["编号,类别,名称,省份,地市,区县,学段,平台名称,接入国家平台,往年获评,支撑区域,推荐排序,联系人"]
        for province in Province.all {
            let code = province.code
            for r in 1...3 {
                let city = cities[r - 1]
                rows.append(
                    """
                    R-\(code)-\(r),区域,\(province.name)\(city)新区\(r),\(province.short),\(city),新区\(r),,\
                    \(province.short)教育人人通,是,,,\(r),张老师
                    """
                )
            }
            for s in 1...12 {
                let city = cities[(s - 1) % 3]
                let level: SchoolLevel = s % 4 == 0 ? .vocational : (s % 6 == 0 ? .higher : .basic)
                rows.append(
                    """
                    S-\(code)-\(s),学校,\(province.short)\(city)\(schoolNames[s - 1]),\(province.name),\(city),\
                    新区\((s - 1) % 3 + 1),\(level.rawValue),\(province.short)教育人人通,是,,R-\(code)-\
                    \((s - 1) % 3 + 1),\(s),\"李, 主任\"
                    """
                )
            }
        }
        // Rule breakers: a fourth region (over the cap), unconnected platforms, prior winners.
        for (index, province) in Province.all.prefix(20).enumerated() {
            let code = province.code
            switch index % 4 {
            case 0: rows.append("R-\(code)-4,区域,\(province.name)东江市老城区,\(province.short),东江市,老城区,,平台,是,,,4,")
            case 1: rows.append("S-\(code)-20,学校,\(province.short)东江市未接入小学,\(province.short),东江市,,基础教育,平台,否,,,,")
            case 2: rows.append("S-\(code)-21,学校,\(province.short)南湖市获评中学,\(province.short),南湖市,,基础教育,平台,是,2019,,,")
            default: rows.append("S-\(code)-22,学校,\(province.short)北岭市往届小学,\(province.short),北岭市,,基础教育,平台,是,2017,,,")
            }
        }
        return rows.joined(separator: "\r\n") + "\r\n"
    }
}

@Suite struct ImportNominationsCommandTests {
    let workspace = try! Workspace()
    var folder: URL { workspace.folder }
    func path(_ name: String) -> String { workspace.path(name) }
    func initDatabase(_ name: String) throws -> String { try workspace.initDatabase(name) }

    @Test func aGB18030FileGivesTheSameDatabaseAsItsUTF8Copy() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = NationalNominations.csv()
        try Data(text.utf8).write(to: URL(fileURLWithPath: path("utf8.csv")))
        let gb = try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
        #expect(String(data: gb, encoding: .utf8) == nil)
        try gb.write(to: URL(fileURLWithPath: path("gb18030.csv")))

        var listings: [String] = []
        for (db, file) in [(try initDatabase("a.sqlite"), "utf8.csv"), (try initDatabase("b.sqlite"), "gb18030.csv")] {
            let imported = try PanelProcess.run(["import", "nominations", "--db", db, path(file)])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.hasPrefix("imported 500 candidates from \(path(file)): 101 regions, 399 schools"))
            let listing = try PanelProcess.run(["candidates", "--db", db, "--format", "json"])
            #expect(listing.status == 0)
            listings.append(listing.stdout)
        }
        #expect(listings[0] == listings[1])

        struct Entry: Decodable { var id: String; var name: String; var eligible: Bool; var findings: [Finding] }
        struct Finding: Decodable { var code: String }
        let entries = try JSONDecoder().decode([Entry].self, from: Data(listings[0].utf8))
        #expect(entries.count == 500)
        #expect(entries.first { $0.id == "S-11-2" }?.name == "北京东江市第一中学")
        let reasons = Dictionary(entries.map { ($0.id, $0.findings.map(\.code)) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons["R-11-4"] == ["over_province_cap", "no_supporting_school"])
        #expect(reasons["S-12-20"] == ["platform_not_connected"])
        #expect(reasons["S-13-21"] == ["prior_winner"])
        #expect(reasons["S-14-22"] == [])
        #expect(entries.filter { !$0.eligible }.count == 15)
    }

    @Test func aBadFileIsRefusedWholeWithLinesAndTheDatabaseUntouched() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try initDatabase("c.sqlite")
        var lines = NationalNominations.csv().components(separatedBy: "\r\n")
        // Line 3 is R-11-2, a region; line 20 is S-12-1, whose id becomes that of line 5 (S-11-1).
        try #require(
            lines[2].hasPrefix("R-11-2,区域,") && lines[19].hasPrefix("S-12-1,") && lines[4].hasPrefix("S-11-1,"))
        lines[2] = lines[2].replacingOccurrences(of: ",区域,", with: ",地区,")
        lines[19] = lines[19].replacingOccurrences(of: "S-12-1,", with: "S-11-1,")
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path("bad.csv")))
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let run = try PanelProcess.run(["import", "nominations", "--db", db, path("bad.csv")])
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(path("bad.csv")):3: 类别 '地区' is neither 区域 (region) nor 学校 (school)"))
        #expect(run.stderr.contains("\(path("bad.csv")):20: 编号 'S-11-1' is used twice (first on line 5)"))
        #expect(run.stderr.contains("nothing was imported"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        let listing = try PanelProcess.run(["candidates", "--db", db, "--format", "json"])
        #expect(try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [Any] != nil)
        #expect((try JSONSerialization.jsonObject(with: Data(listing.stdout.utf8)) as? [Any])?.isEmpty == true)
    }
}
