import Foundation

/// The defence clock's time, in whole seconds since 1970. `PANEL_TEST_NOW` (seconds) stops it at
/// one moment, so that two front ends in a test show the same remaining time; an ssh login never
/// carries it (the key's forced command and sshd's `SetEnv` rules leave the environment alone).
public enum PanelClock {
    public static func now() -> Int {
        if let fixed = ProcessInfo.processInfo.environment["PANEL_TEST_NOW"].flatMap(Int.init) { return fixed }
        return Int(Date().timeIntervalSince1970)
    }
}
