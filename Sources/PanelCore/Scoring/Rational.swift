/// An exact fraction of hundredths of a point, so that averages compare exactly: a trimmed mean
/// of 5 totals and one of 7 are equal only when they truly are.
public struct Rational: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Always in lowest terms with a positive denominator, so equal values are equal structs.
    public let numerator: Int
    public let denominator: Int

    public init(_ numerator: Int, _ denominator: Int = 1) {
        precondition(denominator != 0, "a zero denominator")
        let sign = denominator < 0 ? -1 : 1
        let divisor = Swift.max(Self.gcd(abs(numerator), abs(denominator)), 1)
        self.numerator = sign * numerator / divisor
        self.denominator = sign * denominator / divisor
    }

    public init(_ points: Points) { self.init(points.hundredths) }

    public static func < (a: Rational, b: Rational) -> Bool {
        a.numerator * b.denominator < b.numerator * a.denominator
    }

    public static func + (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }

    public static func - (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator)
    }

    /// This value shared by `count`: a mean from a sum.
    public func divided(by count: Int) -> Rational { Rational(numerator, denominator * count) }

    public var magnitude: Rational { Rational(abs(numerator), denominator) }

    /// In points (not hundredths), for statistics that leave exact arithmetic behind.
    public var points: Double { Double(numerator) / Double(denominator) / 100 }

    public static func * (a: Rational, b: Rational) -> Rational {
        Rational(a.numerator * b.numerator, a.denominator * b.denominator)
    }

    /// Rounded half away from zero to whole hundredths: for display only, never for comparing.
    public var rounded: Points {
        let twice = 2 * abs(numerator) + denominator
        let magnitude = twice / (2 * denominator)
        return Points(hundredths: numerator < 0 ? -magnitude : magnitude)
    }

    /// `87.25`, or `87.33…` when the value is not a whole number of hundredths.
    public var description: String {
        denominator == 1 ? rounded.description : "\(rounded)…"
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
