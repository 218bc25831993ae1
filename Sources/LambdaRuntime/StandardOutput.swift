#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output for log lines, written with `write(2)` so that a line that cannot be
/// written — stdout closed, a full pipe, a broken one — is dropped instead of stopping the
/// function (Foundation's `FileHandle.write` traps on such errors; SIGPIPE is ignored by the
/// runtime loop).
public enum StandardOutput {
    /// Writes `text` whole (retrying short writes and interruptions); gives up silently on an error.
    /// - Returns: whether every byte was written.
    @discardableResult
    public static func write(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
