import Foundation
import SequencerStore
import SequencerTestSupport
import Testing

/// Connection errors never carry the connection URL or its password (issue 15), with libpq's
/// real messages for malformed and unreachable URLs and with messages made up to echo each form.
struct ConnectionSecretsTests {
    /// The error `PostgresConnection(url:)` throws for `url`.
    func connectionError(_ url: String) throws -> PostgresError {
        do {
            _ = try PostgresConnection(url: url)
        } catch {
            return error
        }
        throw Connected()
    }

    struct Connected: Error {}

    @Test func aMalformedPercentEscapeInThePasswordIsNotEchoed() throws {
        let password = TestSecrets.malformedURLPassword
        let url = "postgresql://u:\(password)@/db?host=/tmp/x"
        let error = try connectionError(url)
        #expect(error.description == "cannot connect to PostgreSQL: invalid percent-encoded token: \"***\"")
        #expect(!error.description.contains(password) && !error.description.contains("s3cr"))
    }

    @Test func anUnreachableServerIsNamedWithoutThePassword() throws {
        let password = TestSecrets.unreachablePassword
        for (url, reason) in [
            ("postgresql://u:\(password)@/db?host=/tmp/sequencer-no-server-\(getpid())", "No such file or directory"),
            ("postgresql://u:\(password)@127.0.0.1:1/db", "Connection refused"),
            ("postgresql://u:\(password.replacingOccurrences(of: "-", with: "%2D"))@127.0.0.1:1/db", "Connection refused"),
        ] {
            let error = try connectionError(url)
            #expect(error.description.contains(reason), "\(error)")
            #expect(!error.description.contains(password) && !error.description.contains(url), "\(error)")
        }
    }

    /// Passwords libpq splits wrongly, URLs it echoes whole, key/value strings: each real message.
    @Test(arguments: [
        // An unencoded "/" ends the host: "u:Ab9-slash" becomes host and port.
        ("postgresql://u:Ab9-slash/half-secret@127.0.0.1/db", ["Ab9-slash", "half-secret"]),
        // An unencoded "@" ends the user info early: "sign-secret@nohost.invalid" becomes the host.
        ("postgresql://u:Cd8-at@sign-secret@nohost.invalid/db", ["Cd8-at", "sign-secret"]),
        // An unclosed IPv6 bracket: libpq quotes the whole URL.
        ("postgresql://u:Ef7-secret@[::1/db", ["Ef7-secret", "postgresql://"]),
        ("postgresql://u:Kl4%00secret@/db", ["Kl4", "secret"]),
        ("postgresql://u@/db?host=/tmp/none&password=Ij5-query-secret&bogus=1", ["Ij5-query-secret"]),
        ("host=/tmp/none password='Gh6 quoted secret' bogus", ["Gh6", "quoted secret"]),
        ("host=/tmp/none password=Mn3-plain-secret port=abc", ["Mn3-plain-secret"]),
    ])
    func libpqMessagesAboutMalformedURLsAreRedacted(_ url: String, pieces: [String]) throws {
        let error = try connectionError(url)
        for piece in pieces {
            #expect(!error.description.contains(piece), "\(error)")
        }
        #expect(!error.description.contains(url))
        #expect(error.description.count > "cannot connect to PostgreSQL: ".count + 10, "the message still says something: \(error)")
    }

    @Test func everyFormOfThePasswordIsHidden() {
        let secrets = ConnectionSecrets("postgresql://app:s3cr%41et-Mn%20x@db.example.com/app")
        let echoes = [
            ("password s3cr%41et-Mn%20x rejected", "password *** rejected"),
            ("password s3crAet-Mn x rejected", "password *** rejected"),
            ("token: \"s3cr%41et-Mn%20x\"", "token: \"***\""),
            ("token: \"et-Mn%20x@db.example.com\"", "token: \"***\""),
            ("in URI: \"postgresql://app:s3cr%41et-Mn%20x@db.example.com/app\"", "in URI: \"(the connection string)\""),
            ("could not connect to \"db.example.com\" as \"app\"", "could not connect to \"db.example.com\" as \"app\""),
        ]
        for (message, redacted) in echoes {
            #expect(secrets.redact(message) == redacted)
        }
        let keywords = ConnectionSecrets(#"host=db password = 'Op2 \'quoted\' secret' user=app"#)
        #expect(keywords.redact("saw Op2 'quoted' secret for \"app\"") == "saw *** for \"app\"")
        #expect(keywords.redact(#"saw 'Op2 \'quoted\' secret'"#) == "saw ***")
    }
}
