/// A command or the front end could not go on: what went wrong and what to do, said once by
/// the executable (as it says a store's refusal) and exit status 1.
public struct Failure: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
