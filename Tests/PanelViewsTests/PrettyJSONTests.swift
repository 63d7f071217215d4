import Foundation
import PanelCore
import Testing

@testable import PanelViews

/// `PrettyJSON` against what it replaced: Foundation's JSONEncoder with the same options, empty
/// arrays then written `[]`. Both are fed the same generated values and must give the same bytes.
@Suite struct PrettyJSONTests {
    /// The path `jsonText` took before: kept here as the reference.
    static func foundation<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        // "[" newline, blanks, "]" outside strings (which never hold a raw newline) is an empty array.
        return text.replacingOccurrences(of: #"\[\n[ \n]*\]"#, with: "[]", options: .regularExpression)
    }

    /// A JSON value of any shape, encoded through the keyed, unkeyed and single-value containers.
    indirect enum Sample: Encodable {
        case string(String), int(Int), double(Double), float(Float), bool(Bool), null, small(Int8), big(UInt64)
        case array([Sample])
        /// Keys may repeat (the last wins) and a nil value is left out, as `encodeIfPresent` does.
        case object([(String, Sample?)])
        case nested([(String, [Sample])])

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ string: String) { stringValue = string }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: Encoder) throws {
            switch self {
            case .string(let value): try value.encode(to: encoder)
            case .int(let value): try value.encode(to: encoder)
            case .double(let value): try value.encode(to: encoder)
            case .float(let value): try value.encode(to: encoder)
            case .bool(let value): try value.encode(to: encoder)
            case .small(let value): try value.encode(to: encoder)
            case .big(let value): try value.encode(to: encoder)
            case .null:
                var container = encoder.singleValueContainer()
                try container.encodeNil()
            case .array(let items):
                var container = encoder.unkeyedContainer()
                for item in items { try container.encode(item) }
            case .object(let pairs):
                var container = encoder.container(keyedBy: Key.self)
                for (key, value) in pairs { try container.encodeIfPresent(value, forKey: Key(key)) }
            case .nested(let pairs):
                var container = encoder.container(keyedBy: Key.self)
                for (key, items) in pairs {
                    var nested = container.nestedUnkeyedContainer(forKey: Key(key))
                    for item in items { try nested.encode(item) }
                }
            }
        }
    }

    static let strings = [
        "", "R-11-1", "浙江省", "a/b", "say \"hi\"", "back\\slash", "tab\tnew\nline\r", "\u{0}\u{1}\u{8}\u{c}\u{1f}",
        "é", "e\u{301}", "😀", "网络学习空间 2020", "A", "a", "Z", "_", "中", "10", "9",
    ]
    static let doubles: [Double] = [
        0, -0.0, 1, 85.5, 90.13, 0.1 + 0.2, 1e-7, 1e21, 123_456_789.125, -42, .leastNonzeroMagnitude, 5e-324,
    ]

    static func sample(_ random: inout SeededRandom, depth: Int) -> Sample {
        let leaf = depth >= 3 || random.next() % 3 == 0
        if leaf {
            switch random.next() % 9 {
            case 0: return .string(strings.randomElement(using: &random)!)
            case 1: return .int(Int.random(in: -1_000_000...1_000_000, using: &random))
            case 2: return .double(doubles.randomElement(using: &random)!)
            case 3: return .float(Float(doubles.randomElement(using: &random)!))
            case 4: return .bool(random.next() % 2 == 0)
            case 5: return .small(Int8.random(in: .min ... .max, using: &random))
            case 6: return .big(random.next())
            case 7: return .array([])
            default: return .null
            }
        }
        let count = Int(random.next() % 5)
        switch random.next() % 3 {
        case 0: return .array((0..<count).map { _ in sample(&random, depth: depth + 1) })
        case 1:
            return .object(
                (0..<count).map { _ in
                    (
                        strings.randomElement(using: &random)!,
                        random.next() % 5 == 0 ? nil : sample(&random, depth: depth + 1)
                    )
                })
        default:
            return .nested(
                (0..<count).map { index in
                    ("k\(index)", (0..<Int(random.next() % 3)).map { _ in sample(&random, depth: depth + 1) })
                })
        }
    }

    @Test func generatedValuesComeOutAsFoundationWritesThem() throws {
        var random = SeededRandom(seed: 2020)
        for round in 0..<800 {
            let value = Self.sample(&random, depth: 0)
            let mine = String(decoding: try PrettyJSON.bytes(value), as: UTF8.self)
            let reference = try Self.foundation(value)
            #expect(mine == reference, "sample \(round)")
            if mine != reference { break }
        }
    }

    /// Synthesized Codable with the types Foundation's encoder treats specially.
    struct Record: Encodable {
        var id = "S-33-1"
        var name: String? = "杭州市/西湖区"
        var missing: Int? = nil
        var scores: [String: Double] = ["A1": 4, "A2": 3.5, "B1": 0.25]
        var byNumber: [Int: String] = [2: "二", 10: "十"]
        var empty: [String] = []
        var emptyObject: [String: Int] = [:]
        var when = Date(timeIntervalSinceReferenceDate: 630_000_000.5)
        var link = URL(string: "https://example.org/a/b?q=1")!
        var bytes = Data([0, 1, 2, 250])
        var decimal = Decimal(string: "90.13")!
        var small: UInt8 = 255
        var nested: [[Int]] = [[], [1, 2], []]
    }

    @Test func synthesizedCodableWithFoundationsSpecialTypesMatches() throws {
        let records = [Record(), Record(id: "", name: nil, scores: [:])]
        #expect(String(decoding: try PrettyJSON.bytes(records), as: UTF8.self) == (try Self.foundation(records)))
        #expect(String(decoding: try PrettyJSON.bytes("top"), as: UTF8.self) == (try Self.foundation("top")))
    }

    /// Unlike Foundation, terminal controls that JSON allows raw are escaped (issue 21, finding 8):
    /// a name with a CSI (U+009B) or a right-to-left override (U+202E) printed by `--format json`
    /// must not steer the terminal. The value read back is the same.
    @Test func terminalControlsAreEscapedAndReadBackTheSame() throws {
        let hostile = ["name": "A\u{9B}2J\u{7F}B\u{202E}cba\u{2066}x\u{2069} “引号”…/", "\u{202E}key": "v"]
        let bytes = try PrettyJSON.bytes(hostile)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(
            text == """
                {
                  "name" : "A\\u009b2J\\u007fB\\u202ecba\\u2066x\\u2069 “引号”…/",
                  "\\u202ekey" : "v"
                }
                """)
        #expect(!text.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) || $0.value == 0x202E })
        #expect(try JSONDecoder().decode([String: String].self, from: Data(bytes)) == hostile)
    }

    @Test func aNonFiniteNumberIsRefusedAsFoundationRefusesIt() {
        #expect(throws: EncodingError.self) { try PrettyJSON.bytes(["x": Double.nan]) }
        #expect(throws: EncodingError.self) { try Self.foundation(["x": Double.nan]) }
    }
}
