import Foundation

/// A throwaway PostgreSQL that speaks TLS on 127.0.0.1 with certificates of a test CA of its own
/// (`scripts/pg start DIR --tcp --ssl CERT KEY`), for the `sslmode=verify-full` tests.
///
/// The certificates are made with the `openssl` command when the server starts: a CA, a server
/// certificate for `localhost` and one for `db.example.com` (both from that CA), and a second
/// CA that vouches for neither. TCP connections must use TLS and a password (scram-sha-256);
/// the Unix socket stays open to `sequencer` without one, for setting up.
public final class TLSTestServer {
    /// The folder holding the cluster (`pg/`) and the certificates (`certs/`).
    public let folder: String
    /// The TCP (and socket) port.
    public let port: Int
    /// PEM files: the CA that issued both server certificates, and one that issued neither.
    public let caFile: String, otherCAFile: String

    /// Makes the certificates and starts the server with the certificate for `localhost`.
    /// - Throws: `TestSupportError` when openssl or the server fails.
    public init() throws {
        folder = "/tmp/sequencer-tls-\(UUID().uuidString.prefix(8).lowercased())"
        port = try LoopbackPort.free()
        caFile = folder + "/certs/ca.pem"
        otherCAFile = folder + "/certs/other-ca.pem"
        try FileManager.default.createDirectory(atPath: folder + "/certs", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        try makeCA("ca", name: "Sequencer Test CA")
        try makeCA("other-ca", name: "Some Other CA")
        try issue("localhost", host: "localhost")
        try issue("elsewhere", host: "db.example.com")
        try start(certificate: "localhost")
    }

    deinit {
        _ = try? pg(["stop", folder + "/pg"])
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The `postgres` URL of the server's Unix socket, as the superuser `sequencer` (no TLS).
    public var socketURL: String { "postgresql://sequencer@/sequencer?host=\(folder)/pg&port=\(port)" }

    /// Restarts the server presenting the certificate made for `name` (`localhost` or `elsewhere`,
    /// which is for `db.example.com`).
    /// - Throws: `TestSupportError`.
    public func restart(certificate name: String) throws {
        try pg(["stop", folder + "/pg"])
        try start(certificate: name)
    }

    private func start(certificate name: String) throws {
        let certs = folder + "/certs/"
        try pg(["start", folder + "/pg", "--tcp", "--ssl", certs + name + ".crt", certs + name + ".key"])
    }

    @discardableResult
    private func pg(_ arguments: [String]) throws -> String {
        let result = try ChildProcess.run(TestPostgres.repositoryRoot.appendingPathComponent("scripts/pg").path, arguments,
                                          environment: ["PGPORT": String(port)])
        guard result.status == 0 else {
            throw TestSupportError(reason: "scripts/pg \(arguments.joined(separator: " ")) failed: \(result.standardError)")
        }
        return result.standardOutput
    }

    private func makeCA(_ file: String, name: String) throws {
        let stem = folder + "/certs/" + file
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                     "-subj", "/CN=\(name)", "-keyout", stem + ".key", "-out", stem + ".pem",
                     "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    }

    /// A server certificate for `host` from the CA `ca`.
    private func issue(_ file: String, host: String) throws {
        let stem = folder + "/certs/" + file, ca = folder + "/certs/ca"
        try "subjectAltName = DNS:\(host)\nbasicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\n"
            .write(toFile: stem + ".ext", atomically: true, encoding: .utf8)
        try openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=\(host)",
                     "-keyout", stem + ".key", "-out", stem + ".csr"])
        try openssl(["x509", "-req", "-in", stem + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                     "-days", "2", "-extfile", stem + ".ext", "-out", stem + ".crt"])
    }

    private func openssl(_ arguments: [String]) throws {
        let result = try ChildProcess.run("/usr/bin/env", ["openssl"] + arguments)
        guard result.status == 0 else {
            throw TestSupportError(reason: "openssl \(arguments.first ?? "") failed (install it: scripts/install-deps openssl): \(result.standardError)")
        }
    }
}
