package import RunbookCore

/// Reads the error code, message and request id out of an error answer, per protocol, following
/// botocore: `ErrorResponse/Error` (query), `Response/Errors/Error` (ec2), `__type` and
/// `x-amzn-errortype` (JSON), `Error` (rest-xml), and the HTTP status when the body says nothing.
package enum ErrorParser {
    /// The service error in `response` (status >= 300) for `operation`.
    package static func parse(_ response: HTTPResponse, operation: OperationModel) -> AWSServiceError {
        var code = ""
        var message = ""
        var requestID = response.header("x-amzn-requestid") ?? response.header("x-amz-request-id")
        let trimmed = response.body.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        let looksLikeHTML = trimmed.starts(with: Array("<html>".utf8))
        if response.status >= 500 && (trimmed.isEmpty || looksLikeHTML) {
            return AWSServiceError(
                code: String(response.status), message: reasonPhrase(response.status), httpStatus: response.status,
                requestID: requestID, operation: operation.name)
        }
        switch operation.service.wireProtocol {
        case .query, .ec2, .restXML:
            if let root = try? XMLTree.parse(response.body) {
                let error = findError(root)
                code = error?.child("Code")?.text ?? ""
                message = error?.child("Message")?.text ?? ""
                requestID = requestID ?? root.child("RequestId")?.text ?? root.child("RequestID")?.text
                    ?? error?.child("RequestId")?.text
            }
            if code.isEmpty, operation.service.wireProtocol == .restXML {
                code = String(response.status)
                message = reasonPhrase(response.status)
            }
        case .json, .restJSON:
            let parsed = try? JSONParser.parse(bytes: response.body)
            let body = parsed ?? .object(JSONObject())
            // botocore uses a body that is not JSON as the message.
            message = body["message"]?.stringValue ?? body["Message"]?.stringValue
                ?? (parsed == nil ? String(decoding: response.body, as: UTF8.self) : "")
            var raw = body["__type"]?.stringValue
            if operation.service.wireProtocol == .restJSON {
                raw = response.header("x-amzn-errortype") ?? body["code"]?.stringValue ?? body["Code"]?.stringValue ?? raw
            }
            code = clean(raw ?? String(response.status))
            if let queryError = response.header("x-amzn-query-error") {
                let parts = queryError.split(separator: ";")
                if parts.count == 2, !parts[0].isEmpty { code = String(parts[0]) }
            }
        }
        if code.isEmpty { code = String(response.status) }
        return AWSServiceError(
            code: code, message: message, httpStatus: response.status, requestID: requestID, operation: operation.name)
    }

    /// `prefix#Code:suffix` → `Code`.
    static func clean(_ raw: String) -> String {
        var code = Substring(raw)
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        return String(code)
    }

    static func findError(_ root: XMLElement) -> XMLElement? {
        if root.name == "Error" { return root }
        if let e = root.child("Error") { return e }
        if let errors = root.child("Errors"), let e = errors.child("Error") { return e }
        return nil
    }

    /// The standard reason phrase of an HTTP status, as Python's `http.client.responses` has it.
    package static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 409: return "Conflict"
        case 412: return "Precondition Failed"
        case 413: return "Request Entity Too Large"
        case 416: return "Requested Range Not Satisfiable"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return ""
        }
    }
}
