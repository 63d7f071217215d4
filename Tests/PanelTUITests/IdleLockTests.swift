import PanelCore
import TerminalKit
import Testing

@testable import PanelTUI

/// A front end left alone locks and hides the panel until its expert's PIN is given (issue 18).
@Suite struct IdleLockTests {
    static func idle(_ state: inout AppState, seconds: Int) {
        for _ in 0..<seconds { _ = update(&state, .tick) }
    }

    @Test func fifteenIdleMinutesLockTheScreenAndOnlyThePINOpensIt() throws {
        var state = try Fixtures.signedIn()
        _ = Fixtures.press(&state, [.character("j"), .character("j")])
        Self.idle(&state, seconds: 15 * 60 - 1)
        _ = Fixtures.press(&state, [.character("k")])  // a key: the count starts again
        Self.idle(&state, seconds: 15 * 60 - 1)
        #expect(!state.idleLock.isLocked)
        Self.idle(&state, seconds: 1)
        #expect(state.idleLock.isLocked)
        let locked = render(state).lines.joined(separator: "\n")
        #expect(locked.contains("王建华") && locked.contains("已锁定"))
        #expect(!locked.contains("浙江") && !locked.contains("已提交"), "nothing of the panel shows:\n\(locked)")
        // Letters, q, Q and Tab do nothing; the PIN is asked of E01 alone.
        #expect(Fixtures.press(&state, [.character("q"), .character("Q"), .tab, .character("/")]).isEmpty)
        #expect(Fixtures.press(&state, Fixtures.type("9999") + [.enter]) == [.signIn(id: "E01", pin: "9999")])
        _ = update(&state, .signInRefused("wrong id or PIN (the attempt is recorded)"))
        #expect(state.idleLock.isLocked && state.statusIsError)
        #expect(Fixtures.press(&state, Fixtures.type("0000") + [.enter]) == [.signIn(id: "E01", pin: "0000")])
        _ = update(&state, .signedIn(Fixtures.expert, Fixtures.work()))
        #expect(!state.idleLock.isLocked)
        #expect(try #require(Fixtures.list(state)).selected == 1, "back on the list where it was")
    }

    @Test func zeroMinutesNeverLocksAndTheLoginScreenNeverLocks() throws {
        var never = try Fixtures.signedIn()
        never.round.rules.session.idleLockMinutes = 0
        Self.idle(&never, seconds: 3 * 3600)
        #expect(!never.idleLock.isLocked)
        var login = AppState(round: try Fixtures.round(), width: 80, height: 24)
        Self.idle(&login, seconds: 3 * 3600)
        #expect(!login.idleLock.isLocked)
    }
}

/// Whatever size a client reports over ssh, the front end draws without crashing and within bounds.
@Suite struct WindowSizeTests {
    @Test(arguments: [(0, 0), (-5, -5), (1, 1), (65_535, 65_535), (79, 24)])
    func anyReportedSizeIsDrawnSafely(width: Int, height: Int) throws {
        var state = try Fixtures.signedIn()
        _ = update(&state, .resize(width: width, height: height))
        let buffer = render(state)
        #expect(buffer.width == min(max(0, width), 1_000) && buffer.height == min(max(0, height), 500))
        _ = Fixtures.press(&state, [.character("j"), .enter])
        _ = render(state)
    }
}
