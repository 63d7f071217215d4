import ArgumentParser
import Foundation
import PanelCore
import PanelRuntime
import PanelViews
import PanelStore

/// `--as ID`: act as an expert or the chair, with the PIN from $PANEL_PIN (when set and not empty)
/// or a masked prompt.
struct SignInOptions: ParsableArguments {
    @Option(
        name: .customLong("as"),
        help: ArgumentHelp(
            "Act as this expert or the chair; the PIN comes from $PANEL_PIN or a prompt.", valueName: "id"),
        transform: Identifier.normalized)
    var id: String?

    /// Checks the PIN; a wrong one is refused (and recorded by the store).
    func signIn(_ database: DatabaseOptions) throws -> ExpertEntry? {
        guard let id else { return nil }
        let pin: String
        if let fromEnvironment = ProcessInfo.processInfo.environment["PANEL_PIN"], !fromEnvironment.isEmpty {
            pin = fromEnvironment
        } else {
            switch PinPrompt.ask("PIN for \(id): ") {
            case .pin(let typed): pin = typed
            case .cancelled: throw fail("cancelled")
            case .noTerminal: throw fail("--as \(id): no terminal to ask the PIN on — set PANEL_PIN")
            }
        }
        return try database.open(readOnly: true).signIn(id: id, pin: pin)
    }
}
