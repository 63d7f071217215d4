import CCrypt
import Foundation

/// PINs are kept only as slow, salted, memory-hard yescrypt hashes (libxcrypt), never as text.
public enum PinHash {
    public enum Failure: Error { case cannotHash }

    /// A new hash with a fresh random salt, such as `$y$j9T$…`.
    public static func make(_ pin: String) throws -> String {
        guard let setting = crypt_gensalt_ra("$y$", 0, nil, 0) else { throw Failure.cannotHash }
        defer { free(setting) }
        guard let hash = run(pin, setting: setting), hash.hasPrefix("$y$") else { throw Failure.cannotHash }
        return hash
    }

    /// Whether `pin` gives `stored`, compared in constant time.
    public static func verify(_ pin: String, against stored: String) -> Bool {
        guard let hash = run(pin, setting: stored) else { return false }
        let a = Array(hash.utf8), b = Array(stored.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func run(_ pin: String, setting: UnsafePointer<CChar>) -> String? {
        // struct crypt_data is 32 KiB: on the heap, not the stack.
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        defer { data.deallocate() }
        memset(data, 0, MemoryLayout<crypt_data>.size)
        guard let result = crypt_r(pin, setting, data) else { return nil }
        let text = String(cString: result)
        return text.hasPrefix("*") ? nil : text
    }

    private static func run(_ pin: String, setting: String) -> String? {
        setting.withCString { run(pin, setting: $0) }
    }
}
