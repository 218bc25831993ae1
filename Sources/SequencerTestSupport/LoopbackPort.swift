import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Free TCP ports on the loopback interface, for servers the tests start.
public enum LoopbackPort {
    /// A port on 127.0.0.1 that nothing listens on right now (the kernel's pick, released at once).
    /// - Throws: `TestSupportError` when no socket can be bound.
    public static func free() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
            }
        }
        guard bound else { throw TestSupportError(reason: "no free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
