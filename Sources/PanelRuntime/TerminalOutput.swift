import Foundation
import PanelCore

// Every line of text a command prints goes out through these two, so that nothing read from a
// province's file, an expert's note or a login screen reaches the terminal able to steer it
// (`TerminalSafe`): one rule at the one door, not a special case per command. JSON has its own
// escapes (`JSONString`); files written with --out are written by `ExportFile`.

/// A line on standard output, as `print` would write it, with what steers a terminal written out.
public func say(_ text: String = "", terminator: String = "\n") {
    print(TerminalSafe.text(text), terminator: terminator)
}

/// A line on standard error, with what steers a terminal written out.
public func printError(_ line: String) {
    fflush(nil)  // what `say` has buffered goes first, so that the two read in order
    FileHandle.standardError.write(Data((TerminalSafe.text(line) + "\n").utf8))
}
