import Foundation

/// Opens the experts' front end on a database (issue 5).
func runFrontEnd(databasePath: String, expert: String?) throws {
    throw fail("the terminal front end is not built yet; use --no-tui")
}
