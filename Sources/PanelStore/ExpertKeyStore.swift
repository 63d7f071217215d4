import Foundation
import GRDB
import PanelCore

/// The experts' ssh public keys (issue 18), each bound to one expert; audited when added or removed.
public struct ExpertKey: Sendable, Equatable {
    public var expert: String
    /// `SHA256:…`, as `ssh-keygen -l` prints it.
    public var fingerprint: String
    public var key: SSHPublicKey
    public var addedAt: String
}

extension PanelDatabase {
    public func addKey(_ key: SSHPublicKey, fingerprint: String, to expert: String) throws {
        try recordingRefusal(actor: Actor.secretariat, action: "add key \(expert)") {
            try writable().pool.write { db in
                try Self.refuseIfFinalized(db)
                guard try Self.expertIDs(db).contains(expert) else {
                    throw StoreError("there is no expert '\(expert)' — see `panel expert list`")
                }
                if let owner = try String.fetchOne(
                    db, sql: "SELECT expert_id FROM expert_key WHERE fingerprint = ? OR key = ?",
                    arguments: [fingerprint, key.line])
                {
                    throw StoreError(
                        owner == expert
                            ? "\(expert) has this key already (\(fingerprint))"
                            : "this key (\(fingerprint)) is \(owner)'s: one key belongs to one expert")
                }
                try db.execute(
                    sql:
                        "INSERT INTO expert_key (fingerprint, expert_id, key, comment, added_at) "
                        + "VALUES (?, ?, ?, ?, ?)",
                    arguments: [fingerprint, expert, key.line, key.comment, AuditLog.timestamp()])
                try AuditLog.append(
                    db, actor: Actor.secretariat, action: "add key", subject: "expert \(expert)", before: nil,
                    after: "\(key.type) \(fingerprint) \(key.comment)")
            }
        }
    }

    /// Removes the expert's key with `fingerprint`, or all of the expert's keys; returns what went.
    public func removeKeys(of expert: String, fingerprint: String?) throws -> [ExpertKey] {
        try recordingRefusal(actor: Actor.secretariat, action: "remove key \(expert)") {
            try writable().pool.write { db in
                let gone = try Self.keys(db).filter {
                    $0.expert == expert && (fingerprint == nil || $0.fingerprint == fingerprint)
                }
                guard !gone.isEmpty else {
                    throw StoreError(
                        fingerprint.map { "\(expert) has no key \($0) — see `panel expert key list`" }
                            ?? "\(expert) has no key")
                }
                for key in gone {
                    try db.execute(sql: "DELETE FROM expert_key WHERE fingerprint = ?", arguments: [key.fingerprint])
                    try AuditLog.append(
                        db, actor: Actor.secretariat, action: "remove key", subject: "expert \(expert)",
                        before: "\(key.key.type) \(key.fingerprint) \(key.key.comment)", after: nil)
                }
                return gone
            }
        }
    }

    public func keys() throws -> [ExpertKey] { try pool.read(Self.keys) }

    static func keys(_ db: Database) throws -> [ExpertKey] {
        try Row.fetchAll(
            db,
            sql: "SELECT expert_id, fingerprint, key, comment, added_at FROM expert_key ORDER BY expert_id, added_at"
        ).map { row in
            guard case .success(var key) = SSHPublicKey.parse(row[2]) else {
                throw StoreError(
                    "expert_key \(row[1] as String) holds no public key: the file was changed behind panel's back")
            }
            key.comment = row[3]
            return ExpertKey(expert: row[0], fingerprint: row[1], key: key, addedAt: row[4])
        }
    }
}
