import Foundation
import PanelCore

/// Writes any Encodable as the bytes Foundation's JSONEncoder writes with `[.prettyPrinted,
/// .sortedKeys, .withoutEscapingSlashes]` (empty arrays then written `[]`), without its cost:
/// Foundation's encoder checks every value against its special types with dynamic casts and was
/// a third of `panel candidates --format json`. Same rules: two-space indent, `"key" : value`, keys
/// sorted by their UTF-8 bytes (the last of a repeated key wins), an empty object `{` newline
/// newline indent `}`, whole doubles without `.0`, URL as its absolute string, Data as Base64,
/// Decimal as a number. Tests compare the two on generated values and on the demo's outputs.
public enum PrettyJSON {
    public static func bytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = try JSONTreeEncoder.node(for: value, parent: nil, key: nil)
        guard let root else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(root, indent: 0, to: &out)
        return out
    }

    private static func write(_ node: JSONNode, indent: Int, to out: inout [UInt8]) {
        switch node {
        case .null: append("null", to: &out)
        case .bool(let value): append(value ? "true" : "false", to: &out)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let text): JSONString.append(text, to: &out, escapingSlashes: false)
        case .array(let box):
            guard !box.items.isEmpty else { return append("[]", to: &out) }
            append("[\n", to: &out)
            for (index, item) in box.items.enumerated() {
                if index > 0 { append(",\n", to: &out) }
                spaces(indent + 1, &out)
                write(item, indent: indent + 1, to: &out)
            }
            out.append(0x0A)
            spaces(indent, &out)
            out.append(UInt8(ascii: "]"))
        case .object(let box):
            append("{\n", to: &out)
            for (index, (key, value)) in box.sortedUniquePairs().enumerated() {
                if index > 0 { append(",\n", to: &out) }
                spaces(indent + 1, &out)
                JSONString.append(key, to: &out, escapingSlashes: false)
                append(" : ", to: &out)
                write(value, indent: indent + 1, to: &out)
            }
            out.append(0x0A)
            spaces(indent, &out)
            out.append(UInt8(ascii: "}"))
        case .deferred(let encoder):
            write(encoder.node ?? .object(JSONObjectBox()), indent: indent, to: &out)
        }
    }

    @inline(__always)
    private static func append(_ text: StaticString, to out: inout [UInt8]) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    private static func spaces(_ level: Int, _ out: inout [UInt8]) {
        for _ in 0..<(2 * level) { out.append(0x20) }
    }
}

/// A value on its way to JSON; containers are boxes so that the encoder's containers can fill
/// them after handing them out, as Codable's API requires.
/// Not `indirect`: the containers are classes already, and an indirect case is an allocation per
/// leaf.
enum JSONNode {
    case null, bool(Bool), number(String), string(String), array(JSONArrayBox), object(JSONObjectBox)
    /// What a `superEncoder()` is given: read when written, as its owner fills it afterwards.
    case deferred(JSONTreeEncoder)
}

final class JSONArrayBox {
    var items: [JSONNode] = []
}

final class JSONObjectBox {
    var pairs: [(key: String, value: JSONNode)] = []

    /// Sorted by UTF-8 bytes, as Foundation sorts. Foundation keeps an object in a dictionary: a
    /// key set twice keeps its first spelling and its last value, and keys that are the same
    /// String (canonically equivalent: "é" and "e\u{301}") are one key.
    func sortedUniquePairs() -> [(key: String, value: JSONNode)] {
        var unique: [(key: String, value: JSONNode)] = []
        unique.reserveCapacity(pairs.count)
        if pairs.allSatisfy({ $0.key.utf8.allSatisfy { $0 < 0x80 } }) {
            // ASCII: the same String is the same bytes, so repeats end up side by side.
            let sorted = pairs.enumerated().sorted { a, b in
                a.element.key == b.element.key
                    ? a.offset < b.offset : a.element.key.utf8.lexicographicallyPrecedes(b.element.key.utf8)
            }
            for (_, pair) in sorted {
                if let last = unique.last, last.key == pair.key {
                    unique[unique.count - 1].value = pair.value
                } else {
                    unique.append(pair)
                }
            }
        } else {
            var index: [String: Int] = [:]
            for pair in pairs {
                if let at = index[pair.key] {
                    unique[at].value = pair.value
                } else {
                    index[pair.key] = unique.count
                    unique.append(pair)
                }
            }
            unique.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        }
        return unique
    }
}

/// The Encoder behind `PrettyJSON`: one per nested value, holding the node that value became.
final class JSONTreeEncoder: Encoder {
    private let parent: JSONTreeEncoder?
    private let key: CodingKey?
    var node: JSONNode?
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Kept as a chain of parents and built only when asked for: nothing on the way to JSON asks.
    var codingPath: [CodingKey] {
        var path: [CodingKey] = []
        var encoder: JSONTreeEncoder? = self
        while let current = encoder, let key = current.key {
            path.append(key)
            encoder = current.parent
        }
        return path.reversed()
    }

    init(parent: JSONTreeEncoder?, key: CodingKey?) {
        self.parent = parent
        self.key = key
    }

    /// The node for one value; nil when it encoded nothing.
    static func node<T: Encodable>(for value: T, parent: JSONTreeEncoder?, key: CodingKey?) throws -> JSONNode? {
        // The types Foundation's encoder writes its own way, and the common leaves, without a cast
        // to a protocol (a metadata comparison each).
        if T.self == String.self { return .string(value as! String) }
        if T.self == Int.self { return .number(String(value as! Int)) }
        if T.self == Double.self { return try number(value as! Double, parent: parent, key: key) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == Decimal.self { return .number((value as! Decimal).description) }
        let encoder = JSONTreeEncoder(parent: parent, key: key)
        try value.encode(to: encoder)
        return encoder.node
    }

    static func number<F: BinaryFloatingPoint & CustomStringConvertible>(
        _ value: F, parent: JSONTreeEncoder?, key: CodingKey?
    ) throws -> JSONNode {
        guard value.isFinite else {
            let path = (parent?.codingPath ?? []) + (key.map { [$0] } ?? [])
            throw EncodingError.invalidValue(
                value, .init(codingPath: path, debugDescription: "Unable to encode \(value) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let box: JSONObjectBox
        if case .object(let existing)? = node {
            box = existing
        } else {
            box = JSONObjectBox()
            node = .object(box)
        }
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(encoder: self, box: box))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        let box: JSONArrayBox
        if case .array(let existing)? = node {
            box = existing
        } else {
            box = JSONArrayBox()
            node = .array(box)
        }
        return JSONUnkeyedContainer(encoder: self, box: box)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { JSONSingleValueContainer(encoder: self) }

    /// A nested value, as Foundation writes one that encoded nothing: an empty object.
    func child<T: Encodable>(_ value: T, key: CodingKey) throws -> JSONNode {
        try Self.node(for: value, parent: self, key: key) ?? .object(JSONObjectBox())
    }
}

/// The index of an element in an unkeyed container, for coding paths.
struct JSONIndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

struct JSONSuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}
