import Foundation
import SequencerCore
import SequencerStore
import SequencerTestSupport
import Testing

/// `sslmode=verify-full` against a server with a CA of its own (issue 15.6): `sequencer` connects
/// when the CA and the host name match, and is refused, saying why and without the password, when
/// either does not.
@Suite struct TLSTests {
    let password = TestSecrets.tlsRolePassword

    /// The password as it appears in a URL.
    var encoded: String { password.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? password }

    func url(_ server: TLSTestServer, mode: String = "verify-full", rootCertificate: String) -> String {
        "postgresql://tls_user:\(encoded)@localhost:\(server.port)/sequencer?sslmode=\(mode)&sslrootcert=\(rootCertificate)"
    }

    func cli(_ arguments: [String], url: String = "") throws -> ChildProcess.Result {
        try ChildProcess.run(SequencerCLI.binary, arguments, environment: ["DATABASE_URL": url, "SEQUENCER_CONFIG": ""])
    }

    /// The role the tests connect as, owner of what it migrates; its password set over the socket.
    func prepare(_ server: TLSTestServer) throws {
        let admin = try PostgresConnection(url: server.socketURL)
        try admin.execute("CREATE ROLE tls_user LOGIN PASSWORD '\(password.replacingOccurrences(of: "'", with: "''"))'")
        try admin.execute("GRANT CREATE ON DATABASE sequencer TO tls_user")
    }

    /// What a refusal printed, checked for the problem named and for every form of the password.
    func expectRefused(_ result: ChildProcess.Result, saying problem: String) {
        #expect(result.status == 1)
        #expect(result.standardError.contains(problem), "\(result.standardError)")
        for form in [password, encoded, "Role-Secret"] {
            #expect(!result.standardError.contains(form) && !result.standardOutput.contains(form))
        }
    }

    @Test func verifyFullConnectsOnlyWhenTheCAAndTheHostNameMatch() throws {
        let server = try TLSTestServer()
        try prepare(server)

        // The right CA, the right name: the URL form, then the configuration's database section.
        let migrated = try cli(["migrate"], url: url(server, rootCertificate: server.caFile))
        #expect(migrated.status == 0, "\(migrated.standardError)")
        #expect(migrated.standardOutput.contains("applied  005_limits.sql"))
        let connection = try PostgresConnection(url: url(server, rootCertificate: server.caFile))
        #expect(try connection.query("SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()").first?[0] == "true")
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: config) }
        let database: JSONValue = [
            "host": "localhost", "port": .number(Double(server.port)), "name": "sequencer", "user": "tls_user",
            "password": .string(password), "sslmode": "verify-full", "sslrootcert": .string(server.caFile),
        ]
        try JSONValue.object(["database": database]).jsonText.write(toFile: config, atomically: true, encoding: .utf8)
        let status = try cli(["status", "--config", config])
        #expect(status.status == 0, "\(status.standardError)")

        // A CA that did not issue the server's certificate.
        expectRefused(try cli(["status"], url: url(server, rootCertificate: server.otherCAFile)), saying: "certificate verify failed")

        // The right CA, but a certificate for another host: verify-full refuses, verify-ca (no name check) connects.
        try server.restart(certificate: "elsewhere")
        expectRefused(try cli(["status"], url: url(server, rootCertificate: server.caFile)),
                      saying: "server certificate for \"db.example.com\" does not match host name \"localhost\"")
        expectRefused(try cli(["status", "--config", config]), saying: "does not match host name \"localhost\"")
        #expect(try cli(["status"], url: url(server, mode: "verify-ca", rootCertificate: server.caFile)).status == 0)
    }
}
