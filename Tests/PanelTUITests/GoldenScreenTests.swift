import Foundation
import PanelCore
@testable import PanelTUI
import TerminalKit
import Testing

/// Every screen as a whole buffer, text and styles, at 80×24 and 120×40, compared exactly with
/// the files in Golden/. After a change that is meant to alter a screen, regenerate them with
///
///     PANEL_GOLDEN=record swift test --filter GoldenScreenTests
///
/// and read the diff before committing it.
@Suite struct GoldenScreenTests {
    static let sizes = [(80, 24), (120, 40)]

    /// A named way to reach each screen state from a fresh front end of the given size.
    static let scenes: [(name: String, make: @Sendable (Int, Int) throws -> AppState)] = [
        ("login", { w, h in AppState(round: try Fixtures.round(), width: w, height: h) }),
        (
            "login-typed",
            { w, h in
                var state = AppState(round: try Fixtures.round(), width: w, height: h)
                _ = Fixtures.press(&state, Fixtures.type("E01") + [.tab] + Fixtures.type("0000"))
                return state
            }
        ),
        (
            "login-fixed",
            { w, h in
                // An expert's ssh key: the id is fixed, Tab and typing only ever reach the PIN.
                var state = AppState(round: try Fixtures.round(), width: w, height: h, fixedExpert: ("E01", "王芳"))
                _ = Fixtures.press(&state, [.tab] + Fixtures.type("00") + [.backTab] + Fixtures.type("00"))
                return state
            }
        ),
        (
            "locked",
            { w, h in
                var state = try Fixtures.signedIn(width: w, height: h)
                for _ in 0..<(15 * 60) { _ = update(&state, .tick) }
                _ = Fixtures.press(&state, Fixtures.type("12"))
                return state
            }
        ),
        ("too-small", { w, h in try Fixtures.signedIn(width: w - 1, height: h) }),
        ("list", { w, h in try Fixtures.signedIn(width: w, height: h) }),
        (
            "list-search",
            { w, h in
                var state = try Fixtures.signedIn(width: w, height: h)
                _ = Fixtures.press(
                    &state,
                    [.character("j"), .character("o"), .character("/")]
                        + Fixtures.type(
                            """
                            广西
                            """))
                return state
            }
        ),
        (
            "list-schools-unfinished",
            { w, h in
                var state = try Fixtures.signedIn(width: w, height: h)
                _ = Fixtures.press(&state, [.tab, .character("f")])
                return state
            }
        ),
        (
            "list-recusing",
            { w, h in
                var state = try Fixtures.signedIn(width: w, height: h)
                _ = Fixtures.press(&state, [.down, .character("r")] + Fixtures.type("曾在该区教育局任职"))
                return state
            }
        ),
        (
            "list-help",
            { w, h in
                var state = try Fixtures.signedIn(width: w, height: h)
                _ = Fixtures.press(&state, [.character("?")])
                return state
            }
        ),
        (
            "sheet",
            { w, h in
                var state = try Fixtures.signedIn(width: w, height: h)
                _ = Fixtures.press(&state, [.down, .enter, .down] + Fixtures.type("3.5"))
                return state
            }
        ),
        (
            "sheet-comment",
            { w, h in
                var state = try Fixtures.signedIn(width: w, height: h)
                _ = Fixtures.press(
                    &state,
                    [.enter, .character("c")]
                        + Fixtures.type(
                            """
                            材料完整，
                            """) + [.enter] + Fixtures.type("数据翔实"))
                return state
            }
        ),
        (
            "sheet-submitted",
            { w, h in
                var state = try Fixtures.signedIn(width: w, height: h)
                _ = Fixtures.press(&state, [.down, .down, .enter, .character("1")])
                return state
            }
        ),
        ("dossier", { w, h in try dossier(w, h, then: [.character("m"), .character(" ")]) }),
        (
            "dossier-search",
            { w, h in
                try dossier(
                    w, h,
                    then: [.character("m"), .character("/")]
                        + Fixtures.type(
                            """
                            开通率
                            """) + [.enter, .character("n")])
            }
        ),
        (
            "dossier-searching",
            { w, h in try dossier(w, h, then: [.character("m"), .character("/")] + Fixtures.type("教研")) }
        ),
        ("dossier-files", { w, h in try dossier(w, h, then: [.character("m"), .character("F"), .down]) }),
        ("dossier-scan", { w, h in try dossier(w, h, then: [.character("m"), .character("]")]) }),
        (
            "sheet-evidence",
            { w, h in
                // A search's page cited for the selected item, the store's answer fed back, then the sheet.
                var state = try dossier(
                    w, h, then: [.character("m"), .character("/")] + Fixtures.type("开通率") + [.enter])
                for case .cite(let key, let item, let citation) in Fixtures.press(&state, [.character("e")]) {
                    _ = update(&state, .cited(key, item: item, [citation]))
                }
                _ = Fixtures.press(&state, [.character("m")])
                return state
            }
        ),
        ("console-progress", { w, h in try console(w, h) }),
        ("console-defense", { w, h in try consoleDefense(w, h) }),
        ("list-defense", { w, h in try listDefense(w, h) }),
        ("console-dossier", { w, h in try consoleDossier(w, h) }),
        ("console-materials", { w, h in try consoleMaterials(w, h) }),
        (
            "console-ranking",
            { w, h in
                var state = try console(w, h)
                _ = Fixtures.press(&state, [.tab, .down, .character("w")])
                _ = update(&state, .stabilityLoaded(changeCounter: 40, [stability()]))
                return state
            }
        ),
        (
            "console-ranking-prompt",
            { w, h in
                var state = try console(w, h)
                _ = Fixtures.press(&state, [.tab, .down, .character("x")] + Fixtures.type("材料不实"))
                return state
            }
        ),
        (
            "console-schools",
            { w, h in
                var state = try console(w, h)
                _ = Fixtures.press(&state, [.tab, .tab])
                return state
            }
        ),
        (
            "console-statistics",
            { w, h in
                var state = try console(w, h)
                _ = Fixtures.press(&state, [.tab, .tab, .tab])
                _ = update(&state, .statsLoaded(try ConsoleStatisticsTests.report()))
                return state
            }
        ),
        (
            "console-outliers",
            { w, h in
                var state = try console(w, h)
                _ = Fixtures.press(&state, [.backTab, .backTab, .backTab])
                _ = update(&state, .statsLoaded(try ConsoleStatisticsTests.report()))
                return state
            }
        ),
        (
            "console-recusals",
            { w, h in
                var state = try console(w, h)
                var data = try #require(Fixtures.console(state)).data
                data.recusals = [
                    OpenRecusal(
                        expert: "E03", candidate: "S-33-02", candidateName: "杭州市天长小学",
                        reason: "曾在该校任教三年",
                        proposed: "E11"),
                    OpenRecusal(
                        expert: "E07", candidate: "R-44-1", candidateName: "广州市天河区",
                        reason: "参与过该区的平台建设项目",
                        proposed: nil),
                ]
                _ = update(&state, .consoleLoaded(data))
                _ = Fixtures.press(
                    &state, [.backTab, .backTab, .down, .character("n")] + Fixtures.type("未见利害关系"))
                return state
            }
        ),
        (
            "console-page",
            { w, h in
                var state = try console(w, h)
                _ = Fixtures.press(&state, [.tab, .enter])
                _ = update(
                    &state,
                    .explained(
                        "R1",
                        [
                            "R1 浙江省杭州市上城区（区域，浙江省）",
                            """
                            status: winner 获评, rank 1 (quota 2)
                            """, "spread  80 |*  *| 95",
                        ]))
                return state
            }
        ),
    ]

    /// R-2's sheet with its dossier loaded, then `keys`.
    static func dossier(_ width: Int, _ height: Int, then keys: [Key]) throws -> AppState {
        var state = try Fixtures.signedIn(width: width, height: height)
        _ = Fixtures.press(&state, [.down, .enter])
        _ = update(&state, .dossierLoaded(Fixtures.dossier()))
        _ = Fixtures.press(&state, keys)
        return state
    }

    /// From 160 columns the sheet and the dossier stand side by side, each keeping its place.
    @Test func theSheetAndTheDossierStandSideBySideOnAWideTerminal() throws {
        for (name, keys) in [
            ("wide-sheet", [Key.down, .down]),
            ("wide-dossier", [.down, .character("m"), .character(">"), .character("j")]),
        ] {
            let buffer = render(try Self.dossier(160, 40, then: keys))
            #expect(buffer.wideCharactersAreWhole)
            try Self.compare(buffer, "\(name)-160x40")
        }
    }

    static func compare(_ buffer: Buffer, _ name: String) throws {
        let file = folder.appendingPathComponent("\(name).txt")
        let actual = golden(buffer)
        if ProcessInfo.processInfo.environment["PANEL_GOLDEN"] == "record" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try #require(
            try? String(contentsOf: file, encoding: .utf8), "no golden file \(file.lastPathComponent): record it")
        #expect(actual == expected, "\(file.lastPathComponent) differs:\n\(difference(expected, actual))")
    }

    /// The chair on R1's page, then its dossier.
    static func consoleDossier(_ width: Int, _ height: Int, then keys: [Key] = []) throws -> AppState {
        var state = try console(width, height)
        _ = Fixtures.press(&state, [.tab, .enter])
        _ = update(&state, .explained("R1", ["R1 浙江省杭州市上城区（区域，浙江省）"]))
        _ = Fixtures.press(&state, [.character("m")])
        _ = update(&state, .dossierLoaded(Fixtures.dossier("R1")))
        _ = Fixtures.press(&state, keys)
        return state
    }

    /// The chair on the 答辩 tab of the fixture's defence day, the cursor on the defence under way.
    static func consoleDefense(_ width: Int, _ height: Int, then keys: [Key] = []) throws -> AppState {
        var state = try console(width, height)
        _ = Fixtures.press(&state, [.backTab])
        _ = update(&state, .defenseLoaded(Fixtures.defenseDay()))
        _ = Fixtures.press(&state, keys)
        return state
    }

    /// E01's list while group 1 hears R-5: the banner with its clock.
    static func listDefense(_ width: Int, _ height: Int) throws -> AppState {
        var state = try Fixtures.signedIn(width: width, height: height)
        _ = update(&state, .defenseLoaded(Fixtures.defenseDay()))
        return state
    }

    /// The chair's search of every dossier, its hits listed.
    static func consoleMaterials(_ width: Int, _ height: Int, then keys: [Key] = []) throws -> AppState {
        var state = try console(width, height)
        _ = Fixtures.press(&state, [.tab, .character("M")] + Fixtures.type("开通率") + [.enter])
        let hits = [
            DossierHit(
                candidate: "R1", file: "建设与应用报告.pdf", page: 2,
                snippet: """
                    …教师空间开通率达到百分之九十八…
                    """),
            DossierHit(candidate: "R2", file: "推荐表.txt", page: 1, snippet: "教师空间开通率：93.6%。"),
        ]
        _ = update(&state, .dossierHits("开通率", hits))
        _ = Fixtures.press(&state, keys)
        return state
    }

    static func console(_ width: Int, _ height: Int) throws -> AppState {
        var state = AppState(round: try Fixtures.round(), width: width, height: height)
        _ = update(&state, .signedInChair(ChairConsoleTests.chair, ChairConsoleTests.data()))
        return state
    }

    static func stability() -> CutLineStability {
        let place = PlaceStability(
            candidate: "R2", place: 2, official: false, mean: true, median: false, adjusted: nil, bootstrapWins: 420,
            resamples: 1000)
        return CutLineStability(
            kind: .region, quota: 2, places: [place], adjustedRefusal: "too few", resamples: 1000, seed: 1)
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test(arguments: scenes.map(\.name))
    func screenMatchesItsGoldenFile(name: String) throws {
        let scene = try #require(Self.scenes.first { $0.name == name })
        for (width, height) in Self.sizes {
            let buffer = render(try scene.make(width, height))
            #expect(buffer.wideCharactersAreWhole)
            let file = Self.folder.appendingPathComponent("\(name)-\(width)x\(height).txt")
            let actual = Self.golden(buffer)
            if ProcessInfo.processInfo.environment["PANEL_GOLDEN"] == "record" {
                try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
                try actual.write(to: file, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try #require(
                try? String(contentsOf: file, encoding: .utf8), "no golden file \(file.lastPathComponent): record it")
            #expect(actual == expected, "\(file.lastPathComponent) differs:\n\(Self.difference(expected, actual))")
        }
    }

    /// The text of every row (each wide character once), then every row's styles, one letter a cell.
    static func golden(_ buffer: Buffer) -> String {
        var out = buffer.lines.map { $0 + "\n" }.joined()
        out += "--- styles (" + Style.allCases.map { "\(letter($0))=\($0)" }.joined(separator: " ") + ")\n"
        for row in 0..<buffer.height {
            var styles = String((0..<buffer.width).map { letter(buffer[row, $0].style) })
            while styles.last == "." { styles.removeLast() }
            out += styles + "\n"
        }
        return out
    }

    static func letter(_ style: Style) -> Character {
        switch style {
        case .normal: "."
        case .title: "T"
        case .header: "H"
        case .selected: "S"
        case .invalid: "!"
        case .submitted: "+"
        case .dim: "d"
        case .cutLine: "-"
        case .help: "h"
        case .cursor: "_"
        }
    }

    /// The first rows that differ, for the failure message.
    static func difference(_ expected: String, _ actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        return (0..<max(old.count, new.count)).filter {
            (old.indices.contains($0) ? old[$0] : "") != (new.indices.contains($0) ? new[$0] : "")
        }
        .prefix(6).map {
            "line \($0 + 1):\n  - \(old.indices.contains($0) ? old[$0] : "")\n  + \(new.indices.contains($0) ? new[$0] : "")"
        }
        .joined(separator: "\n")
    }
}
