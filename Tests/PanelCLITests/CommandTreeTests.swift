import ArgumentParser
import Testing

@testable import panel

/// Start-up cost that the command tree itself decides.
@Suite struct CommandTreeTests {
    /// ArgumentParser builds the whole tree on every start and derives a missing command name with
    /// `String(describing:)`, whose dynamic casts each scan every conformance record of the binary:
    /// 20 unnamed commands were 55 % of `panel --help`'s instructions. Every command names itself.
    @Test func everyCommandNamesItself() {
        var unnamed: [String] = []
        var pending: [ParsableCommand.Type] = [Panel.self]
        var seen = 0
        while let command = pending.popLast() {
            seen += 1
            if command.configuration.commandName == nil { unnamed.append(String(reflecting: command)) }
            pending += command.configuration.subcommands
        }
        #expect(seen > 50)
        #expect(unnamed.sorted() == [])
    }
}
