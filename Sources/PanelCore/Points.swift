/// A score or a maximum, exact to the hundredth.
///
/// Scores are decimals with at most two places; storing them as whole hundredths keeps every
/// sum exact, so a tie is a tie of exact values and never of floating-point noise.
public struct Points: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var hundredths: Int

    public init(hundredths: Int) { self.hundredths = hundredths }
    public init(_ whole: Int) { self.hundredths = whole * 100 }

    /// `nil` when the value has more than two decimal places, or is not finite or too large.
    public init?(exactly value: Double) {
        guard value.isFinite, abs(value) < 1e12 else { return nil }
        let scaled = (value * 100).rounded()
        // A TOML 0.35 is 34.999999… hundredths in binary; anything farther off had more places.
        guard abs(scaled - value * 100) < 1e-6 else { return nil }
        self.hundredths = Int(scaled)
    }

    /// Parses `12`, `12.5`, `12.50`, `-3.25` (at most 12 whole digits); `nil` for anything else
    /// (three places, exponents). Byte by byte: a provincial scores file has ten million.
    public init?(parsing text: String) {
        var whole = 0, wholeDigits = 0, fraction = 0, fractionDigits = 0
        var negative = false, dot = false, first = true
        for byte in text.utf8 {
            defer { first = false }
            switch byte {
            case UInt8(ascii: "-") where first: negative = true
            case UInt8(ascii: "."):
                guard !dot else { return nil }
                dot = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int(byte - UInt8(ascii: "0"))
                if dot {
                    fractionDigits += 1
                    guard fractionDigits <= 2 else { return nil }
                    fraction = fraction * 10 + digit
                } else {
                    wholeDigits += 1
                    guard wholeDigits <= 12 else { return nil }
                    whole = whole * 10 + digit
                }
            default: return nil
            }
        }
        guard wholeDigits > 0, !dot || fractionDigits > 0 else { return nil }
        let value = whole * 100 + (fractionDigits == 1 ? fraction * 10 : fraction)
        self.hundredths = negative ? -value : value
    }

    public static let zero = Points(hundredths: 0)

    public static func < (a: Points, b: Points) -> Bool { a.hundredths < b.hundredths }
    public static func + (a: Points, b: Points) -> Points { Points(hundredths: a.hundredths + b.hundredths) }
    public static func - (a: Points, b: Points) -> Points { Points(hundredths: a.hundredths - b.hundredths) }
    public static func += (a: inout Points, b: Points) { a.hundredths += b.hundredths }

    /// True when `self` is a whole number of `step`s (a zero or negative step divides nothing).
    public func isMultiple(of step: Points) -> Bool {
        step.hundredths > 0 && hundredths % step.hundredths == 0
    }

    /// `5`, `2.5`, `87.25`: as few places as the value needs.
    public var description: String {
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let whole = magnitude / 100, fraction = magnitude % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

extension Sequence where Element == Points {
    public func sum() -> Points { reduce(.zero, +) }
}

extension StringProtocol {
    /// Full-width digits, point and minus (`９５．５`, what a Chinese input method types) as ASCII;
    /// other digits (`٣`) stay, and are refused as numbers.
    public var halfWidthNumber: String {
        guard contains(where: { !$0.isASCII }) else { return String(self) }
        return String(
            String.UnicodeScalarView(
                unicodeScalars.map { scalar in
                    switch scalar.value {
                    case 0xFF10...0xFF19: Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!
                    case 0xFF0E: "."
                    case 0xFF0D: "-"
                    default: scalar
                    }
                }))
    }
}
