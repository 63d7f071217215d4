import Foundation
import PanelCore

/// Writes any Encodable as the bytes Foundation's JSONEncoder writes with `[.prettyPrinted,
/// .sortedKeys, .withoutEscapingSlashes]` (empty arrays then written `[]`; and, unlike it, the C1
/// and bidi controls escaped, see `JSONString`), without its cost:
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
        var writer = PrettyJSONWriter()
        writer.write(root, indent: 0)
        return writer.out
    }
}

/// The bytes of a node tree.
struct PrettyJSONWriter {
    var out: [UInt8] = []
    /// The written order of an object's keys, by the keys as encoded: a list of 500 candidates is
    /// 500 objects with the same keys in the same order, sorted once.
    private var orders: [[String]: [(key: Int, value: Int)]] = [:]

    init() { out.reserveCapacity(1 << 16) }

    mutating func write(_ node: JSONNode, indent: Int) {
        switch node {
        case .null: append("null")
        case .bool(let value): append(value ? "true" : "false")
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let text):
            JSONString.append(text, to: &out, escapingSlashes: false, escapingTerminalControls: true)
        case .array(let box):
            guard !box.items.isEmpty else { return append("[]") }
            append("[\n")
            for (index, item) in box.items.enumerated() {
                if index > 0 { append(",\n") }
                spaces(indent + 1)
                write(item, indent: indent + 1)
            }
            out.append(0x0A)
            spaces(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let box):
            append("{\n")
            let keys = box.pairs.map(\.key)
            let order: [(key: Int, value: Int)]
            if let known = orders[keys] {
                order = known
            } else {
                order = JSONObjectBox.writtenOrder(keys)
                // Only ASCII keys: Strings that are equal are then equal bytes, which sort alike.
                if keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) { orders[keys] = order }
            }
            for (index, pair) in order.enumerated() {
                if index > 0 { append(",\n") }
                spaces(indent + 1)
                JSONString.append(
                    box.pairs[pair.key].key, to: &out, escapingSlashes: false, escapingTerminalControls: true)
                append(" : ")
                write(box.pairs[pair.value].value, indent: indent + 1)
            }
            out.append(0x0A)
            spaces(indent)
            out.append(UInt8(ascii: "}"))
        case .deferred(let encoder):
            write(encoder.node ?? .object(JSONObjectBox()), indent: indent)
        }
    }

    @inline(__always)
    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    private mutating func spaces(_ level: Int) {
        for _ in 0..<(2 * level) { out.append(0x20) }
    }
}

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

    /// Which key to write and whose value, in the order written: sorted by UTF-8 bytes, as
    /// Foundation sorts. Foundation keeps an object in a dictionary: a key set twice keeps its
    /// first spelling and its last value, and keys that are the same String (canonically
    /// equivalent: "é" and "e\u{301}") are one key.
    static func writtenOrder(_ keys: [String]) -> [(key: Int, value: Int)] {
        var order: [(key: Int, value: Int)] = []
        order.reserveCapacity(keys.count)
        if keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
            // ASCII: the same String is the same bytes, so repeats end up side by side.
            let sorted = keys.indices.sorted { a, b in
                keys[a] == keys[b] ? a < b : keys[a].utf8.lexicographicallyPrecedes(keys[b].utf8)
            }
            for index in sorted {
                if let last = order.last, keys[last.key] == keys[index] {
                    order[order.count - 1].value = index
                } else {
                    order.append((index, index))
                }
            }
        } else {
            var seen: [String: Int] = [:]
            for (index, key) in keys.enumerated() {
                if let at = seen[key] {
                    order[at].value = index
                } else {
                    seen[key] = order.count
                    order.append((index, index))
                }
            }
            order.sort { keys[$0.key].utf8.lexicographicallyPrecedes(keys[$1.key].utf8) }
        }
        return order
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
