import PanelCore
import TerminalKit

/// The whole front end's state, one sub-state per screen (design.md §2, Elm style).
/// The screens arrive with the experts' front end; the foundation only fixes where they live.
public struct AppState: Equatable, Sendable {
    public init() {}
}
