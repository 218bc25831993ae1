import Foundation

extension RuntimeAPIEmulator {
    /// How the `/next` answer spells its header names, to test that a client matches them
    /// case-insensitively (HTTP header names are case-insensitive, RFC 9110 §5.1).
    public enum HeaderStyle: Sendable, Hashable {
        /// `Lambda-Runtime-Aws-Request-Id`, as the AWS docs write them.
        case canonical
        /// `lambda-runtime-aws-request-id`, as HTTP/2 proxies and some servers send them.
        case lowercase
        /// `lAmBdA-rUnTiMe-AwS-rEqUeSt-Id`: letters alternate in case (hyphens do not count).
        case mixed

        /// `name` spelt in this style.
        func apply(to name: String) -> String {
            switch self {
            case .canonical:
                return name
            case .lowercase:
                return name.lowercased()
            case .mixed:
                var letters = 0
                return String(name.map { character -> Character in
                    guard character.isLetter else { return character }
                    defer { letters += 1 }
                    return Character(letters.isMultiple(of: 2) ? character.lowercased() : character.uppercased())
                })
            }
        }
    }

    /// One event for the runtime, answered by `GET /2018-06-01/runtime/invocation/next`.
    public struct Invocation: Sendable, Hashable {
        /// `Lambda-Runtime-Aws-Request-Id`.
        public var requestID: String
        /// The event, sent as the response body (`Content-Type: application/json`).
        public var body: Data
        /// `Lambda-Runtime-Deadline-Ms`: when the function times out, in milliseconds since the Unix epoch (UTC).
        public var deadlineMilliseconds: Int64
        /// `Lambda-Runtime-Invoked-Function-Arn`.
        public var functionARN: String
        /// `Lambda-Runtime-Trace-Id`, the X-Ray tracing header; not sent when `nil`.
        public var traceID: String?
        /// `Lambda-Runtime-Client-Context` (AWS Mobile SDK callers); not sent when `nil`.
        public var clientContext: String?
        /// `Lambda-Runtime-Cognito-Identity` (AWS Mobile SDK callers); not sent when `nil`.
        public var cognitoIdentity: String?
        /// How the header names are spelt.
        public var headerStyle: HeaderStyle
        /// Send only `Lambda-Runtime-Aws-Request-Id` and `Lambda-Runtime-Deadline-Ms`.
        ///
        /// The Runtime API's OpenAPI description (runtime-api.zip, 2018-06-01) marks none of the
        /// six headers as required, and AWS's emulator sends each only when it has a value; a
        /// runtime cannot work without these two, so they are the set this option keeps.
        public var omitOptionalHeaders: Bool

        /// - Parameters:
        ///   - requestID: defaults to a random lower-case UUID, as Lambda's request IDs are.
        ///   - body: the event; defaults to `{}`.
        ///   - deadlineMilliseconds: epoch ms; defaults to 3 s from now (Lambda's default timeout).
        ///   - functionARN: defaults to a function `sequencer-test` in `us-east-1`.
        ///   - traceID: defaults to a fresh, unsampled X-Ray header, as Lambda sends one on every
        ///     invocation; pass `nil` to send none.
        public init(
            requestID: String = UUID().uuidString.lowercased(),
            body: Data = Data("{}".utf8),
            deadlineMilliseconds: Int64 = Int64((Date().timeIntervalSince1970 + 3) * 1_000),
            functionARN: String = "arn:aws:lambda:us-east-1:123456789012:function:sequencer-test",
            traceID: String? = Invocation.randomTraceID(),
            clientContext: String? = nil,
            cognitoIdentity: String? = nil,
            headerStyle: HeaderStyle = .canonical,
            omitOptionalHeaders: Bool = false
        ) {
            self.requestID = requestID
            self.body = body
            self.deadlineMilliseconds = deadlineMilliseconds
            self.functionARN = functionARN
            self.traceID = traceID
            self.clientContext = clientContext
            self.cognitoIdentity = cognitoIdentity
            self.headerStyle = headerStyle
            self.omitOptionalHeaders = omitOptionalHeaders
        }

        /// An X-Ray header of the form `Root=1-<8 hex s>-<24 hex>;Parent=<16 hex>;Sampled=0`.
        public static func randomTraceID() -> String {
            func hex(_ digits: Int) -> String {
                String((0..<digits).map { _ in "0123456789abcdef".randomElement()! })
            }
            let seconds = String(UInt32(truncatingIfNeeded: Int(Date().timeIntervalSince1970)), radix: 16)
            return "Root=1-\(seconds)-\(hex(24));Parent=\(hex(16));Sampled=0"
        }

        /// The `/next` answer's headers, in the order AWS's emulator writes them.
        func responseHeaders() -> [(name: String, value: String)] {
            var headers: [(name: String, value: String)] = [("Lambda-Runtime-Aws-Request-Id", requestID)]
            if !omitOptionalHeaders {
                if let traceID { headers.append(("Lambda-Runtime-Trace-Id", traceID)) }
                if let clientContext { headers.append(("Lambda-Runtime-Client-Context", clientContext)) }
                if let cognitoIdentity { headers.append(("Lambda-Runtime-Cognito-Identity", cognitoIdentity)) }
                headers.append(("Lambda-Runtime-Invoked-Function-Arn", functionARN))
            }
            headers.append(("Lambda-Runtime-Deadline-Ms", String(deadlineMilliseconds)))
            headers.append(("Content-Type", "application/json"))
            return headers.map { (headerStyle.apply(to: $0.name), $0.value) }
        }
    }

    /// How the runtime answered an invocation.
    public enum Outcome: Sendable, Hashable {
        /// `POST /invocation/{id}/response` was accepted. `headers` are the request's, names lower-cased.
        case response(body: Data, headers: [String: String])
        /// `POST /invocation/{id}/error` was accepted (the `lambda-runtime-function-error-type`
        /// header is among `headers`), or the response was refused as too large: then, as Lambda
        /// does, the invocation failed with `Function.ResponseSizeTooLarge`.
        case error(body: Data, headers: [String: String])

        /// The answer's body.
        public var body: Data {
            switch self {
            case .response(let body, _), .error(let body, _): body
            }
        }

        /// The answer's headers, names lower-cased.
        public var headers: [String: String] {
            switch self {
            case .response(_, let headers), .error(_, let headers): headers
            }
        }

        /// `Lambda-Runtime-Function-Error-Type` of an error; `nil` for a response.
        public var errorType: String? {
            guard case .error(_, let headers) = self else { return nil }
            return headers["lambda-runtime-function-error-type"]
        }
    }

    /// One HTTP request the emulator received.
    public struct RecordedRequest: Sendable, Hashable {
        /// `GET`, `POST`…
        public var method: String
        /// The request target as sent, e.g. `/2018-06-01/runtime/invocation/next`.
        public var path: String
        /// Header names lower-cased; repeated headers joined with `, `.
        public var headers: [String: String]
        /// The body (empty when there was none).
        public var body: Data
        /// Which TCP connection carried it: 1 for the first one accepted, 2 for the next…
        public var connection: Int
        /// When its last byte was read (monotonic clock), for benchmarks.
        public var receivedAt: ContinuousClock.Instant
    }
}
