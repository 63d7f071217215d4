import Foundation
import PanelCore

/// The winner list as `panel export winners` writes it in CSV and JSON (md and xlsx are the
/// list's own and libxlsxwriter's).
extension WinnerList {
    /// Each table with its title and header, a blank row between tables, the standing last; every
    /// cell neutralized (by csvText) so that a spreadsheet never reads one as a formula. UTF-8
    /// without the BOM.
    public var csv: String {
        var rows: [[String]] = []
        for table in tables {
            rows += [[table.title], table.columns] + table.rows + [[""]]
        }
        rows.append([standing])
        return csvText(rows)
    }

    /// The JSON contract: the round, whether it is a draft, the snapshot's hash once final, the tables.
    public func json() throws -> String {
        struct View: Encodable {
            var round: String, draft: Bool, snapshot_sha256: String?
            var tables: [TableView]
        }
        struct TableView: Encodable { var kind, title: String; var columns: [String]; var rows: [[String]] }
        let view = View(
            round: roundName, draft: isDraft, snapshot_sha256: snapshotSHA256,
            tables: tables.map {
                TableView(kind: $0.kind.rawValue, title: $0.title, columns: $0.columns, rows: $0.rows)
            })
        return try jsonText(view) + "\n"
    }
}
