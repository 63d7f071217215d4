import Foundation
import GRDB
import PanelCore

extension PanelDatabase {
    /// A hash no PIN gives: an unknown id costs as much time as a wrong PIN, so timing does not tell
    /// which ids exist.
    private static let decoyHash = (try? PinHash.make(UUID().uuidString)) ?? ""

    /// Checks an expert's or the chair's PIN. A success changes nothing; a refusal is counted in
    /// `failed_pins` and written to the audit log (actor = the id that was tried), then thrown.
    public static func signIn(at path: String, id: String, pin: String) throws -> ExpertEntry {
        let reader = try open(at: path, readOnly: true)
        let found = try reader.pool.read { db -> (ExpertEntry, String)? in
            guard let hash = try String.fetchOne(db, sql: "SELECT pin_hash FROM expert WHERE id = ?", arguments: [id]) else { return nil }
            return (try experts(db).first { $0.id == id }!, hash)
        }
        if let (expert, hash) = found, PinHash.verify(pin, against: hash) { return expert }
        if found == nil { _ = PinHash.verify(pin, against: decoyHash) }
        try open(at: path).pool.write { db in
            try db.execute(sql: "UPDATE expert SET failed_pins = failed_pins + 1 WHERE id = ?", arguments: [id])
            try AuditLog.append(db, actor: id, action: "sign-in refused", subject: "expert \(id)", before: nil,
                                after: found == nil ? "no such expert" : "wrong PIN")
        }
        throw StoreError(found == nil ? "no expert '\(id)' — check the id the secretariat gave you" : "wrong PIN for \(id) (the attempt is recorded)")
    }

    /// How many wrong PINs were given for `id`.
    public func failedPins(of id: String) throws -> Int {
        try pool.read { try Int.fetchOne($0, sql: "SELECT failed_pins FROM expert WHERE id = ?", arguments: [id]) ?? 0 }
    }
}
