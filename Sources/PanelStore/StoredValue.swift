import GRDB

/// A value read back from the file, which someone may have changed with sqlite3 (CHECK
/// constraints switched off, a column set to text): one panel never writes is a `StoreError`
/// naming the table and the row, never a crash of the command or of an expert's front end.
enum Stored {
    static func decode<T: RawRepresentable>(_ type: T.Type, _ text: String, table: String, row: Row) throws -> T
    where T.RawValue == String {
        if let value = T(rawValue: text) { return value }
        throw damaged(table: table, row: row, "'\(text)' is not a \(T.self)")
    }

    /// A column's value through GRDB's throwing decoding (its subscript traps on a value it cannot
    /// convert, such as text in an integer column).
    static func column<T: DatabaseValueConvertible>(_ type: T.Type, _ column: String, table: String, row: Row) throws
        -> T
    {
        do {
            return try row.decode(T.self, forColumn: column)
        } catch {
            throw damaged(table: table, row: row, "\(column) is not a \(T.self)")
        }
    }

    static func damaged(table: String, row: Row, _ what: String) -> StoreError {
        StoreError(
            """
            the panel file holds what panel never writes (table \(table), row \(String(row.description.prefix(300)))): \
            \(what) — it was changed outside panel; run `panel audit verify`, and restore the file from a backup
            """)
    }
}
