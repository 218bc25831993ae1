import Foundation
import SequencerCore

/// An HTTP answer of the emulated Runtime API, with the texts AWS's Runtime API daemon uses
/// (aws-lambda-runtime-interface-emulator, `rapi/rendering`): JSON bodies written by Go's
/// `json.Encoder`, so each ends with a newline.
struct RuntimeAPIReply {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: Data
    /// Answer with `Connection: close` and close the connection afterwards.
    var closesConnection = false

    init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data(), closesConnection: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.closesConnection = closesConnection
    }

    /// A JSON body `{"errorMessage":…,"errorType":…}`.
    static func jsonError(status: Int, message: String, type: String, closesConnection: Bool = false) -> Self {
        let text = "{\"errorMessage\":\(jsonString(message)),\"errorType\":\(jsonString(type))}\n"
        return Self(status: status, headers: [("Content-Type", "application/json")], body: Data(text.utf8),
                    closesConnection: closesConnection)
    }

    /// 202 `{"status":"OK"}`.
    static let accepted = Self(status: 202, headers: [("Content-Type", "application/json")],
                               body: Data("{\"status\":\"OK\"}\n".utf8))

    /// 400: the ID is not the invocation in flight.
    static let invalidRequestID = jsonError(status: 400, message: "Invalid request ID", type: "InvalidRequestID")

    /// 403: the call is not allowed in the runtime's state (a second answer, `/init/error` after `/next`…).
    static func invalidTransition(from: String, to: String) -> Self {
        jsonError(status: 403, message: "State transition from \(from) to \(to) failed for runtime. Error: State transition is not allowed",
                  type: "InvalidStateTransition")
    }

    /// 413: the response body is over the limit.
    static func payloadTooLarge(limit: Int) -> Self {
        jsonError(status: 413, message: "Exceeded maximum allowed payload size (\(limit) bytes).", type: "RequestEntityTooLarge")
    }

    /// The error an invocation fails with when its response was too large (RAPID's `FunctionError` JSON).
    static func oversizedResponseError(size: Int, limit: Int) -> Data {
        let message = "Response payload size (\(size) bytes) exceeded maximum allowed payload size (\(limit) bytes)."
        return Data("{\"errorType\":\"Function.ResponseSizeTooLarge\",\"errorMessage\":\(jsonString(message))}".utf8)
    }

    /// A status forced by `answerNextPoll(withStatus:)`.
    static func injectedFault(status: Int) -> Self {
        if status == 500 {  // RAPID's own text for a 500
            return jsonError(status: 500, message: "Internal Server Error", type: "InternalServerError")
        }
        let phrase = reasonPhrase(status)
        return jsonError(status: status, message: phrase, type: phrase.replacingOccurrences(of: " ", with: ""))
    }

    /// 404 for an unknown path, as Go's router writes it.
    static let notFound = Self(status: 404, headers: [("Content-Type", "text/plain; charset=utf-8")],
                               body: Data("404 page not found\n".utf8))

    /// 405 for a known path with another method, as Go's router writes it (no body).
    static let methodNotAllowed = Self(status: 405)

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 202: "Accepted"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 410: "Gone"
        case 411: "Length Required"
        case 413: "Request Entity Too Large"  // Go's wording
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 505: "HTTP Version Not Supported"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status \(status)"
        }
    }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        JSONValue.string(text).jsonText
    }
}
