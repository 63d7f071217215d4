import Foundation
import GRDB
import PanelCore

extension PanelDatabase {
    /// A hash no PIN gives: an unknown id costs as much time as a wrong PIN, so timing does not tell
    /// which ids exist.
    private static let decoyHash = (try? PinHash.make(UUID().uuidString)) ?? ""

    /// Wrong PINs in a row that lock an id, and for how long.
    public static let lockAfter = 3, lockSeconds = 60

    /// Checks an expert's or the chair's PIN. A success changes nothing (unless earlier failures
    /// are to be forgotten); a refusal is counted in `failed_pins` and written to the audit log
    /// (actor = the id that was tried), then thrown. Three in a row lock the id for a minute.
    ///
    /// Sign-ins take turns across every process (see `SignInTurn`), from reading the count to
    /// recording the refusal: 40 attempts started at once check three PINs, and the rest find the
    /// id locked. A save never waits for a sign-in.
    public func signIn(id typed: String, pin: String, now: Date = Date()) throws -> ExpertEntry {
        // `Ｅ01` typed with a Chinese input method in full-width mode is E01.
        let id = Identifier.normalized(typed)
        return try SignInTurn.taking(beside: path, skip: isImmutable) {
            try checkPIN(id: id, pin: pin, now: now)
        }
    }

    private func checkPIN(id: String, pin: String, now: Date) throws -> ExpertEntry {
        let reader = try self
        let found = try reader.pool.read {
            db -> (expert: ExpertEntry, hash: String, failures: Int, lockedUntil: Int?)? in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT pin_hash, consecutive_failures, locked_until FROM expert WHERE id = ?",
                    arguments: [id])
            else { return nil }
            return (
                try Self.experts(db).first { $0.id == id }
                    ?? ExpertEntry(
                        id: id, name: "", province: "", org: "", role: .expert, pin: nil), row["pin_hash"],
                row["consecutive_failures"], row["locked_until"]
            )
        }
        let seconds = Int(now.timeIntervalSince1970)
        if let lockedUntil = found?.lockedUntil, lockedUntil > seconds {
            // An attempt on a locked id is counted and recorded like any other refusal.
            try writable().pool.write { db in
                try db.execute(sql: "UPDATE expert SET failed_pins = failed_pins + 1 WHERE id = ?", arguments: [id])
                try AuditLog.append(
                    db, actor: id, action: "sign-in refused", subject: "expert \(id)", before: nil,
                    after: "locked for \(lockedUntil - seconds) s more")
            }
            throw StoreError(
                "\(id) is locked after \(Self.lockAfter) wrong PINs; try again in \(lockedUntil - seconds) s")
        }
        if let found, PinHash.verify(pin, against: found.hash) {
            if found.failures > 0 {
                try writable().pool.write { db in
                    try db.execute(sql: "UPDATE expert SET consecutive_failures = 0 WHERE id = ?", arguments: [id])
                }
            }
            return found.expert
        }
        if found == nil { _ = PinHash.verify(pin, against: Self.decoyHash) }
        var locked = false
        try writable().pool.write { db in
            try db.execute(
                sql:
                    """
                    UPDATE expert SET failed_pins = failed_pins + 1, consecutive_failures = consecutive_failures +\
                     1 WHERE id = ?
                    """,
                arguments: [id])
            try AuditLog.append(
                db, actor: id, action: "sign-in refused", subject: "expert \(id)", before: nil,
                after: found == nil ? "no such expert" : "wrong PIN")
            let failures =
                try Int.fetchOne(db, sql: "SELECT consecutive_failures FROM expert WHERE id = ?", arguments: [id]) ?? 0
            if failures >= Self.lockAfter {
                locked = true
                try db.execute(
                    sql: "UPDATE expert SET consecutive_failures = 0, locked_until = ? WHERE id = ?",
                    arguments: [seconds + Self.lockSeconds, id])
                try AuditLog.append(
                    db, actor: id, action: "sign-in locked", subject: "expert \(id)", before: nil,
                    after: "\(Self.lockAfter) wrong PINs in a row: locked for \(Self.lockSeconds) s")
            }
        }
        // One message whether the id exists or not: a refusal must not tell which ids are real.
        if locked {
            throw StoreError(
                "wrong id or PIN; \(Self.lockAfter) in a row lock an id for \(Self.lockSeconds) s (recorded)")
        }
        throw StoreError("wrong id or PIN (the attempt is recorded)")
    }

    /// How many wrong PINs were given for `id`.
    public func failedPins(of id: String) throws -> Int {
        try pool.read { try Int.fetchOne($0, sql: "SELECT failed_pins FROM expert WHERE id = ?", arguments: [id]) ?? 0 }
    }
}

/// The turn sign-ins take: an exclusive `flock` on `<database>-signin`, held from reading an id's
/// count of wrong PINs to recording the next one, so that parallel attempts cannot all read the
/// count before any of them raises it. A file of its own, not a write transaction: yescrypt takes
/// tens of milliseconds, and experts' saves must not wait that long behind a sign-in; nor the
/// database file's own locks, which SQLite holds with `fcntl` (and NFS maps `flock` onto those).
enum SignInTurn {
    static func taking<T>(beside path: String, skip: Bool, _ body: () throws -> T) throws -> T {
        // On read-only media nothing can be recorded, so there is nothing to take turns for.
        if skip { return try body() }
        let lockPath = path + "-signin"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(
                "cannot open \(lockPath) (\(String(cString: strerror(errno)))): check the folder's permissions")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw StoreError("cannot lock \(lockPath) (\(String(cString: strerror(errno))))")
            }
        }
        return try body()  // closing the descriptor releases the lock
    }
}
