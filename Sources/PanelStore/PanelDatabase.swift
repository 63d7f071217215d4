import GRDB
import PanelCore

/// The panel database: one SQLite file in WAL mode, shared by every expert's process.
///
/// Filled in by the database issue; the foundation fixes how it is opened so that every later
/// piece shares the same settings.
public enum PanelDatabase {
    /// Opens (creating if needed) a WAL database that waits for other writers instead of failing.
    public static func open(path: String) throws -> DatabasePool {
        var config = Configuration()
        config.busyMode = .timeout(10)
        return try DatabasePool(path: path, configuration: config)
    }
}
