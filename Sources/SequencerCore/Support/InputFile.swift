#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole input file — a definition, a JSON Lines file, a runner file, the configuration —
/// with errors a user can act on (`runners.jsonl: no such file`) rather than Foundation's
/// localized sentences and `NSCocoaErrorDomain` codes. The one reader for every file the
/// `sequencer` commands and the configuration loader read.
package enum InputFile {
    /// The file's bytes.
    /// - Parameter path: the file's path, as the user gave it.
    /// - Throws: ``InputFileError`` naming the path and what is wrong.
    package static func contents(of path: String) throws(InputFileError) -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw InputFileError(path: path, errno: errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw InputFileError(path: path, errno: errno) }
        if status.st_mode & S_IFMT == S_IFDIR { throw InputFileError(path: path, code: .isDirectory) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return data }
            if count < 0 {
                if errno == EINTR { continue }
                throw InputFileError(path: path, errno: errno)
            }
            data.append(contentsOf: buffer[0..<count])
        }
    }
}

/// An input file that could not be read: `<path>: no such file`, `<path>: is a directory`,
/// `<path>: permission denied`, or the system's words for anything rarer.
package struct InputFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    package enum Code: Sendable, Hashable {
        /// `ENOENT`, or `ENOTDIR` (a folder on the way is a file).
        case noSuchFile
        /// The path names a directory (`EISDIR`).
        case isDirectory
        /// `EACCES` or `EPERM`.
        case permissionDenied
        /// Any other `errno`, with the system's message (`strerror`).
        case other(String)
    }

    /// The path as the user gave it.
    package var path: String
    package var code: Code

    package init(path: String, code: Code) {
        self.path = path
        self.code = code
    }

    /// The error for `errno` value `number` after a call on `path`.
    package init(path: String, errno number: Int32) {
        let code: Code = switch number {
        case ENOENT, ENOTDIR: .noSuchFile
        case EISDIR: .isDirectory
        case EACCES, EPERM: .permissionDenied
        default: .other(String(cString: strerror(number)).lowercased())
        }
        self.init(path: path, code: code)
    }

    /// What is wrong, without the path: `no such file`.
    package var reason: String {
        switch code {
        case .noSuchFile: "no such file"
        case .isDirectory: "is a directory"
        case .permissionDenied: "permission denied"
        case .other(let message): message
        }
    }

    /// `<path>: <reason>`.
    package var description: String { "\(path): \(reason)" }
}
