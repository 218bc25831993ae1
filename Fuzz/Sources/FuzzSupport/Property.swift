#if canImport(Glibc)
import Glibc
#endif

/// Checks a property of the code under test. When it does not hold, prints `message` (with the
/// place of the check) to standard error and aborts, which libFuzzer reports as a crash and saves
/// the input for.
/// - Parameters:
///   - condition: the property.
///   - message: what was expected and what was found, built only on failure.
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                    file: StaticString = #fileID, line: UInt = #line) {
    guard !condition() else { return }
    fail("\(message()) (\(file):\(line))")
}

/// Reports a broken property and aborts (see ``require(_:_:file:line:)``).
/// - Parameter message: what is wrong.
public func fail(_ message: String) -> Never {
    let text = "PROPERTY FAILED: \(message)\n"
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    abort()
}

/// A short, escaped rendering of a value for failure messages (at most `limit` characters).
/// - Parameters:
///   - value: anything.
///   - limit: the longest text kept.
public func shown(_ value: Any, limit: Int = 300) -> String {
    let text = String(reflecting: value)
    return text.count <= limit ? text : String(text.prefix(limit)) + "…"
}
