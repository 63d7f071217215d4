import Foundation

/// The three containers of `JSONTreeEncoder`, filling the boxes of `JSONNode`.
struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONTreeEncoder
    let box: JSONObjectBox
    var codingPath: [CodingKey] { encoder.codingPath }

    private func set(_ node: JSONNode, _ key: Key) { box.pairs.append((key.stringValue, node)) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        set(try JSONTreeEncoder.number(value, parent: encoder, key: key), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        set(try JSONTreeEncoder.number(value, parent: encoder, key: key), key)
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try encoder.child(value, key: key), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONTreeEncoder(parent: encoder, key: key)
        set(.deferred(nested), key)
        return nested.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        let nested = JSONTreeEncoder(parent: encoder, key: key)
        set(.deferred(nested), key)
        return nested.unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder { superEncoder(key: JSONSuperKey()) }
    mutating func superEncoder(forKey key: Key) -> Encoder { superEncoder(key: key) }

    private func superEncoder(key: CodingKey) -> Encoder {
        let nested = JSONTreeEncoder(parent: encoder, key: key)
        box.pairs.append((key.stringValue, .deferred(nested)))
        return nested
    }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: JSONTreeEncoder
    let box: JSONArrayBox
    var codingPath: [CodingKey] { encoder.codingPath }
    var count: Int { box.items.count }

    private var nextKey: JSONIndexKey { JSONIndexKey(intValue: box.items.count) }

    mutating func encodeNil() throws { box.items.append(.null) }
    mutating func encode(_ value: Bool) throws { box.items.append(.bool(value)) }
    mutating func encode(_ value: String) throws { box.items.append(.string(value)) }
    mutating func encode(_ value: Int) throws { box.items.append(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { box.items.append(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { box.items.append(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { box.items.append(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { box.items.append(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { box.items.append(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { box.items.append(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { box.items.append(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { box.items.append(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { box.items.append(.number(String(value))) }
    mutating func encode(_ value: Double) throws {
        box.items.append(try JSONTreeEncoder.number(value, parent: encoder, key: nextKey))
    }
    mutating func encode(_ value: Float) throws {
        box.items.append(try JSONTreeEncoder.number(value, parent: encoder, key: nextKey))
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        box.items.append(try encoder.child(value, key: nextKey))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let nested = JSONTreeEncoder(parent: encoder, key: nextKey)
        box.items.append(.deferred(nested))
        return nested.container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        let nested = JSONTreeEncoder(parent: encoder, key: nextKey)
        box.items.append(.deferred(nested))
        return nested.unkeyedContainer()
    }

    mutating func superEncoder() -> Encoder {
        let nested = JSONTreeEncoder(parent: encoder, key: nextKey)
        box.items.append(.deferred(nested))
        return nested
    }
}

struct JSONSingleValueContainer: SingleValueEncodingContainer {
    let encoder: JSONTreeEncoder
    var codingPath: [CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.node = .null }
    mutating func encode(_ value: Bool) throws { encoder.node = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.node = .string(value) }
    mutating func encode(_ value: Int) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Int8) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Int16) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Int32) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Int64) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: UInt) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: UInt8) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: UInt16) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: UInt32) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: UInt64) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Double) throws {
        encoder.node = try JSONTreeEncoder.number(value, parent: encoder, key: nil)
    }
    mutating func encode(_ value: Float) throws {
        encoder.node = try JSONTreeEncoder.number(value, parent: encoder, key: nil)
    }
    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.node = try JSONTreeEncoder.node(for: value, parent: encoder, key: nil) ?? .object(JSONObjectBox())
    }
}
