import PanelCore
@testable import PanelTUI
import TerminalKit
import Testing

/// Dispatch and help are the same data: on every screen and in every mode, a key that is not in
/// the keymap changes nothing (the screen, its styles, the effects), and every key that is in it
/// does something in at least one of the mode's states.
@Suite struct KeymapTests {
    typealias Make = @Sendable () throws -> AppState

    /// Each mode of each screen, with states in which its keys have something to do.
    static let modes: [(name: String, states: [Make])] = [
        (
            "login",
            [
                { login(["E01", .left]) },
                { login(["E01", .tab, "0000", .left, .left]) },
            ]
        ),
        (
            "list",
            [
                { try list([.down, .down]) },
                { try list([.character("/")] + Fixtures.type("浙江") + [.enter, .down, .down]) },
            ]
        ),
        ("list search", [{ try list([.character("/")] + Fixtures.type("浙江新疆") + [.left]) }]),
        ("list recusing", [{ try list([.character("r")] + Fixtures.type("曾任职") + [.left]) }]),
        ("sheet", [{ try list([.enter, .down, .down]) }]),
        ("sheet score", [{ try list([.enter, .down, .down] + Fixtures.type("35") + [.left]) }]),
        ("sheet comment", [{ try list([.enter, .character("c")] + Fixtures.type("材料完整") + [.left, .left]) }]),
        (
            "dossier",
            [
                {
                    try GoldenScreenTests.dossier(
                        80, 24,
                        then: [.character("m"), .character("/")] + Fixtures.type("开通率") + [.enter, .down, .down])
                }
            ]
        ),
        (
            "dossier search",
            [
                {
                    try GoldenScreenTests.dossier(
                        80, 24, then: [.character("m"), .character("/")] + Fixtures.type("教研") + [.left])
                }
            ]
        ),
        (
            "dossier files",
            [{ try GoldenScreenTests.dossier(80, 24, then: [.character("m"), .character("F"), .down]) }]
        ),
        ("console progress", [{ try console([]) }, { try console([.down]) }]),
        (
            "console dossier",
            [
                {
                    try GoldenScreenTests.consoleDossier(
                        80, 24, then: [.character("/")] + Fixtures.type("开通率") + [.enter, .down])
                }
            ]
        ),
        (
            "console materials",
            [
                { try GoldenScreenTests.consoleMaterials(80, 24) },
                { try GoldenScreenTests.consoleMaterials(80, 24, then: [.down]) },
            ]
        ),
        ("console ranking", [{ try console([.tab, .down]) }, { try console([.tab, .down, .character("w")]) }]),
        (
            "console page",
            [
                { try console([.tab, .enter], explained: true) },
                { try console([.tab, .enter], explained: true, then: [.down]) },
            ]
        ),
        (
            "console statistics",
            [
                { try console([.tab, .tab, .tab], stats: true) },
                { try console([.tab, .tab, .tab, .down, .down], stats: true) },
            ]
        ),
        (
            "console outliers",
            [
                { try console([.backTab, .backTab, .backTab], stats: true, outliers: 2) },
                { try console([.backTab, .backTab, .backTab, .down], stats: true, outliers: 2) },
            ]
        ),
        (
            "console recusals",
            [
                { try console([.backTab, .backTab], recusals: true) },
                { try console([.backTab, .backTab, .down], recusals: true) },
            ]
        ),
        (
            "console defense",
            [
                { try GoldenScreenTests.consoleDefense(100, 30) },
                { try GoldenScreenTests.consoleDefense(100, 30, then: [.down]) },
                { try GoldenScreenTests.consoleDefense(100, 30, then: [.home]) },
                { try GoldenScreenTests.consoleDefense(100, 30, then: [.end]) },
            ]
        ),
        ("console prompt", [{ try console([.tab, .character("x")] + Fixtures.type("材料不实") + [.left, .left]) }]),
    ]

    /// Every key a terminal can send that panel knows, printable characters of each kind among them.
    static let universe: [Key] =
        [
            .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .escape, .tab, .backTab,
            .backspace, .delete,
        ]
        + "abcdefghijklmnopqrstuvwxyz".map { Key.control($0) }
        + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ./?,;:-+*!中０".map { Key.character($0) }

    @Test(arguments: modes.map(\.name))
    func everyKeyHandledIsInTheKeymapAndEveryKeyInItDoesSomething(mode: String) throws {
        let states = try #require(Self.modes.first { $0.name == mode }).states.map { try $0() }
        let bound = Set(states[0].boundKeys)
        for state in states { #expect(Set(state.boundKeys) == bound, "\(mode): the keymap changed between its states") }
        #expect(!bound.isEmpty)
        for key in Self.universe where !bound.contains(key) {
            // While a field has the focus, a printable character is typed: that is its job.
            if states[0].isTyping, case .character = key { continue }
            for state in states {
                #expect(!Self.changes(state, key), "\(mode): \(key.label) is not in the keymap, yet it does something")
            }
        }
        for key in bound {
            #expect(
                states.contains { Self.changes($0, key) }, "\(mode): \(key.label) is in the keymap, yet it does nothing"
            )
        }
    }

    @Test func theHelpNamesEveryBoundKey() throws {
        for (mode, makers) in Self.modes {
            let state = try makers[0]()
            for key in Set(state.boundKeys) {
                // A label names keys between slashes; an empty part is the `/` key itself.
                let named =
                    state.help.contains { entry in
                        entry.label.components(separatedBy: "/").map { $0.isEmpty ? "/" : $0 }.contains(key.label)
                    }
                    || key.isScoreKey && state.help.contains { $0.label == "0-9/." }
                #expect(named, "\(mode): the help does not name \(key.label)")
            }
        }
    }

    /// The key changed the screen (text or styles) or asked for an effect.
    static func changes(_ state: AppState, _ key: Key) -> Bool {
        var after = state
        let effects = update(&after, .key(key))
        return !effects.isEmpty || render(after) != render(state)
    }

    static func login(_ keys: [LoginKey]) -> AppState {
        var state = AppState(round: try! Fixtures.round(), width: 100, height: 30)
        for key in keys {
            switch key {
            case .text(let text): _ = Fixtures.press(&state, Fixtures.type(text))
            case .key(let key): _ = Fixtures.press(&state, [key])
            }
        }
        return state
    }

    static func list(_ keys: [Key]) throws -> AppState {
        var state = try Fixtures.signedIn(width: 100, height: 30)
        _ = Fixtures.press(&state, keys)
        return state
    }

    static func console(
        _ keys: [Key], explained: Bool = false, stats: Bool = false, outliers: Int = 1, recusals: Bool = false,
        then more: [Key] = []
    ) throws -> AppState {
        var state = try GoldenScreenTests.console(100, 30)
        if recusals, var data = Fixtures.console(state)?.data {
            data.recusals = [
                OpenRecusal(expert: "E01", candidate: "R1", candidateName: "上城区", reason: "曾任职", proposed: "E02"),
                OpenRecusal(expert: "E02", candidate: "S1", candidateName: "实验小学", reason: "亲属", proposed: nil),
            ]
            _ = update(&state, .consoleLoaded(data))
        }
        if stats { _ = update(&state, .statsLoaded(try ConsoleStatisticsTests.report(secondOutlier: outliers > 1))) }
        _ = Fixtures.press(&state, keys)
        if explained {
            _ = update(
                &state,
                .explained(
                    "R1",
                    [
                        "R1 浙江省杭州市上城区", "status: winner",
                        """
                        spread  80 |*  *| 95
                        """,
                    ]))
        }
        _ = Fixtures.press(&state, more)
        return state
    }
}

/// A login scenario types text or presses keys.
enum LoginKey: ExpressibleByStringLiteral {
    case text(String), key(Key)
    init(stringLiteral value: String) { self = .text(value) }
    static let left = LoginKey.key(.left), tab = LoginKey.key(.tab)
}

extension Key {
    var isScoreKey: Bool { SheetState.scoreKeys.contains(self) }
}
