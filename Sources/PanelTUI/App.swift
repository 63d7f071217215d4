import PanelCore
import TerminalKit

/// What happens to the application: keys, the terminal's size, and the results of effects.
public enum Msg: Sendable, Equatable {
    case key(Key)
    case resize(width: Int, height: Int)
    case signedIn(ExpertEntry, [WorkItem])
    case signInRefused(String)
    case workLoaded([WorkItem])
    case saved(SheetKey, item: String, Points)
    case saveRefused(SheetKey, item: String, previous: Points?, reason: String)
    case submitted(SheetKey)
    /// The stored sheet differed from the one shown: its values, and why.
    case submitRefused(SheetKey, stored: [String: Points], reason: String)
    case commentSaved(SheetKey, String)
    case failed(String)
    /// The chair's console: fresh data, a candidate's explanation, a decision taken.
    case signedInChair(ExpertEntry, ConsoleData)
    case consoleLoaded(ConsoleData)
    case explained(String, [String])
    case chairDone(String)
    /// The fairness statistics (without the resampling), and the cut lines' stability computed
    /// in the background for the state at `changeCounter`.
    case statsLoaded(FairnessReport)
    case stabilityLoaded(changeCounter: Int, [CutLineStability])
    /// About a second passed without a key: time to look for other people's changes.
    case tick
    /// A candidate's dossier, for the pager beside the sheet; or why it may not be read.
    case dossierLoaded(Dossier)
    case dossierRefused(candidate: String, reason: String)
    /// The expert's citations on a candidate's sheets; an item's citations after `e`.
    case evidenceLoaded(candidate: String, [EvidenceRecord])
    case cited(SheetKey, item: String, [Citation])
    /// Every dossier page that holds the words (the chair's search).
    case dossierHits(String, [DossierHit])
    /// The defence day as the database has it, with the clock's time.
    case defenseLoaded(DefenseDay)
}

/// What the application asks the loop to do; plain data, run by the effect runner.
public enum Effect: Equatable, Sendable {
    case signIn(id: String, pin: String)
    case saveScore(SheetKey, item: String, Points, previous: Points?)
    /// Submit the sheet as the screen shows it: refused if the stored one differs (changed in
    /// another terminal), and the screen then shows what is stored.
    case submit(SheetKey, shown: [String: Points])
    case saveComment(SheetKey, String)
    case reload
    case quit
    case chair(ChairCommand)
    case explain(String)
    case loadStats
    /// Reload the console if anyone changed anything since `changeCounter`.
    case pollChanges(since: Int)
    /// Load a candidate's dossier (an expert's own candidates only; the chair's any).
    case openDossier(String)
    /// Cite a page as evidence for an item, or take the citation back.
    case cite(SheetKey, item: String, Citation)
    /// A dossier came into view or went out of it: the runner keeps the clock of the reading.
    case dossierShown(String)
    case dossierHidden(String)
    /// Search every dossier (the chair only).
    case searchDossiers(String)
    /// Ask to leave a candidate (申请回避), with why.
    case requestRecusal(String, reason: String)
    /// Read the defence day (every second while it is on screen: the clocks move).
    case pollDefense
}

/// Where a screen asks to go next; the application makes the move.
public enum Navigation: Sendable, Equatable {
    /// Signed in as an expert: their list.
    case signedIn(ExpertEntry, ListState)
    /// From the list to a score sheet; the list waits to be returned to.
    case sheet(SheetState)
    /// Back from the sheet to the list as it was left.
    case back
}

/// What a screen's update returns: effects for the loop, and where to go, if anywhere.
public struct Step: Sendable, Equatable {
    public var effects: [Effect]
    public var go: Navigation?

    public init(_ effects: [Effect] = [], go: Navigation? = nil) {
        self.effects = effects
        self.go = go
    }
}

/// The keys every screen has, unless a text field takes them as typing.
enum GlobalAction: Sendable, Equatable { case help, quit }

/// The whole front end's state; one sub-state per screen.
public struct AppState: Sendable {
    public enum Screen: Sendable, Equatable {
        case login(LoginState)
        case list(ListState)
        /// A score sheet, with the list it was opened from.
        case sheet(SheetState, list: ListState)
        case console(ConsoleState)
    }

    public var round: RoundDefinition
    public internal(set) var layout: ScreenLayout
    public var screen: Screen
    public var expert: ExpertEntry?
    public var statusLine = StatusLine()
    public var showHelp = false
    public var idleLock = IdleLock()

    /// - Parameter fixedExpert: the only identity this front end signs in (`panel tui --expert`, the
    ///   forced command of an expert's ssh key), with the name to show for it.
    public init(round: RoundDefinition, width: Int, height: Int, fixedExpert: (id: String, name: String)? = nil) {
        self.round = round
        layout = ScreenLayout(width: width, height: height)
        screen = .login(LoginState(fixed: fixedExpert))
    }

    public var width: Int { layout.width }
    public var height: Int { layout.height }
    public var status: String { statusLine.text }
    public var statusIsError: Bool { statusLine.isError }

    var context: ScreenContext { ScreenContext(round: round, expert: expert, layout: layout) }

    static let globalKeys = Keymap<GlobalAction>([
        Binding(keys: [.character("?")], help: "显示/关闭帮助", action: .help, inBar: false),
        Binding(keys: [.character("Q")], help: "退出 panel", action: .quit, inBar: false),
    ])

    /// A text field has the keys: letters are typed, not commands.
    public var isTyping: Bool {
        if idleLock.isLocked { return true }
        return switch screen {
        case .login: true
        case .list(let list): list.isTyping
        case .sheet(let sheet, _): sheet.isTyping
        case .console(let console): console.isTyping
        }
    }

    /// The current screen's keys, whatever its action type: their help and the keys themselves.
    private var screenKeys: (help: [HelpEntry], keys: [Key]) {
        if let prompt = idleLock.prompt { return (prompt.keymap.help, prompt.keymap.keys) }
        return switch screen {
        case .login(let login): (login.keymap.help, login.keymap.keys)
        case .list(let list): (list.keymap.help, list.keymap.keys)
        case .sheet(let sheet, _): (sheet.keymap.help, sheet.keymap.keys)
        case .console(let console): (console.keymap.help, console.keymap.keys)
        }
    }

    /// The current screen's help, then the keys every screen has.
    public var help: [HelpEntry] { screenKeys.help + (isTyping ? [] : Self.globalKeys.help) }

    /// Every key that does something on the current screen, typing aside.
    public var boundKeys: [Key] { screenKeys.keys + (isTyping ? [] : Self.globalKeys.keys) }
}

/// The Elm-style update: the state changes in place, and what must happen outside comes back.
public func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    var lock = state.idleLock
    let intercepted = lock.intercept(msg, &state)
    state.idleLock = lock
    if let intercepted { return intercepted }
    switch msg {
    case .resize(let width, let height):
        state.layout = ScreenLayout(width: width, height: height)
        return []
    case .key where state.showHelp:
        // The overlay is closed by any key, and that key does nothing else.
        state.showHelp = false
        return []
    case .key(let key) where !state.isTyping:
        switch AppState.globalKeys.action(for: key) {
        case .help: state.showHelp = true; return []
        case .quit: return [.quit]
        case nil: break
        }
    case .failed(let reason):
        state.statusLine.say(reason, error: true)
        return []
    case .tick:
        // The defence clocks move every second; the rest only when someone changed something.
        switch state.screen {
        case .console(let console):
            return [.pollChanges(since: console.data.changeCounter)] + (console.view == .defense ? [.pollDefense] : [])
        case .list, .sheet: return [.pollDefense]
        case .login: return []
        }
    case .signedInChair(let chair, let data):
        state.expert = chair
        state.screen = .console(ConsoleState(data: data))
        state.statusLine.say("组长 \(chair.name)：Tab 切换各页，Enter 查看详情，? 查看全部操作。")
        return []
    case .chairDone(let message):
        state.statusLine.say(message)
        return []
    default:
        break
    }
    let context = state.context
    let step: Step
    switch state.screen {
    case .login(var login):
        step = login.update(msg, context, &state.statusLine)
        state.screen = .login(login)
    case .list(var list):
        step = list.update(msg, context, &state.statusLine)
        state.screen = .list(list)
    case .sheet(var sheet, let list):
        step = sheet.update(msg, context, &state.statusLine)
        state.screen = .sheet(sheet, list: list)
    case .console(var console):
        step = console.update(msg, context, &state.statusLine)
        state.screen = .console(console)
    }
    if let go = step.go { navigate(&state, go) }
    return step.effects
}

private func navigate(_ state: inout AppState, _ go: Navigation) {
    switch (go, state.screen) {
    case (.signedIn(let expert, let list), _):
        state.expert = expert
        state.screen = .list(list)
    case (.sheet(let sheet), .list(let list)):
        state.screen = .sheet(sheet, list: list)
    case (.back, .sheet(_, let list)):
        state.screen = .list(list)
    default:
        break
    }
}

/// Draws the state: the screen, then the status line and the help bar (or the help overlay).
public func render(_ state: AppState) -> Buffer {
    let layout = state.layout
    var buffer = Buffer(width: layout.width, height: layout.height)
    guard layout.fits else {
        buffer.put("terminal too small (need 80×24)", row: 0, column: 0, style: .invalid)
        return buffer
    }
    let context = state.context
    if let prompt = state.idleLock.prompt {
        prompt.render(into: &buffer, context)
    } else {
        renderScreen(state, into: &buffer, context)
    }
    if state.showHelp { renderHelp(state.help, into: &buffer, layout: layout) }
    let status = layout.status.inset(1)
    buffer.put(
        state.status, row: status.y, column: status.x, style: state.statusIsError ? .invalid : .normal,
        limit: status.width)
    // `? 帮助` always shows where the screen has it: the bar gives up its last bindings for it.
    let help = state.isTyping ? "" : "  ? 帮助"
    let bar = layout.help.inset(1)
    buffer.put(
        state.help.helpBar(width: bar.width - DisplayWidth.of(help)) + help, row: bar.y, column: bar.x, style: .help)
    buffer.paint(row: bar.y, style: .help)
    return buffer
}

/// The current screen under the status line and help bar.
private func renderScreen(_ state: AppState, into buffer: inout Buffer, _ context: ScreenContext) {
    switch state.screen {
    case .login(let login): login.render(into: &buffer, context)
    case .list(let list): list.render(into: &buffer, context)
    case .sheet(let sheet, _): sheet.render(into: &buffer, context)
    case .console(let console): console.render(into: &buffer, context)
    }
}

/// Every binding of the screen in a box over it.
func renderHelp(_ entries: [HelpEntry], into buffer: inout Buffer, layout: ScreenLayout) {
    let box = Rect(x: 4, y: 2, width: layout.width - 8, height: layout.status.y - 2)
    // The keys' column is as wide as its longest label, so that no label is cut.
    let keysWidth = min(box.width / 2, (entries.map { DisplayWidth.of($0.label) }.max() ?? 0) + 2)
    let rows = ["帮助 (任意键关闭)"] + entries.map { DisplayWidth.padded($0.label, to: keysWidth) + $0.help }
    for (index, text) in rows.enumerated() where index < box.height {
        buffer.put(
            DisplayWidth.padded(" " + text, to: box.width), row: box.y + index, column: box.x,
            style: index == 0 ? .title : .selected)
    }
}
