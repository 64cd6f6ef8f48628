import RunbookCore
internal import Yams

extension RunbookDecoder {
    /// Keys allowed in `wait`.
    static let waitKeys = ["until", "timeout", "interval", "backoff", "max-interval"]
    /// Keys allowed in the mapping form of `retries`.
    static let retryKeys = ["count", "delay", "backoff"]

    /// `wait: {until, timeout, interval, backoff, max-interval}`.
    static func decodeWait(_ node: Node, construct: String, _ reader: inout NodeReader) -> Wait? {
        let what = "'wait' of \(construct)"
        guard let entries = reader.entries(node, of: what, allowed: waitKeys) else { return nil }
        var until: ExpressionSource? = nil
        var wait = Wait(until: ExpressionSource(text: "", map: SourceMap(start: reader.location(node))))
        for entry in entries {
            let field = "'\(entry.key)' of \(what)"
            switch entry.key {
            case "until": until = reader.expression(entry.value, field)
            case "timeout": if let d = reader.duration(entry.value, field) { wait.timeout = d }
            case "interval": if let d = reader.duration(entry.value, field) { wait.interval = d }
            case "max-interval": wait.maxInterval = reader.duration(entry.value, field)
            case "backoff":
                if let b = reader.number(entry.value, field) {
                    if b < 1 {
                        reader.error("invalid-value", "\(field) must be at least 1, not \(b)", hint: "1 keeps the interval constant; 2 doubles it each time", at: entry.value)
                    } else {
                        wait.backoff = b
                    }
                }
            default: break
            }
        }
        guard entries.contains(where: { $0.key == "until" }) else {
            reader.error("missing-key", "\(what) has no 'until'", hint: "add 'until: <condition over the result>'", at: node)
            return nil
        }
        guard let until else { return nil }
        wait.until = until
        return wait
    }

    /// `retries: 3` or `retries: {count: 3, delay: 2s, backoff: 2}`.
    static func decodeRetry(_ node: Node, construct: String, _ reader: inout NodeReader) -> Retry {
        let what = "'retries' of \(construct)"
        if case .scalar = node {
            guard let count = reader.integer(node, what) else { return .none }
            if count < 0 {
                reader.error("invalid-value", "\(what) must not be negative", hint: "0 means no retry", at: node)
                return .none
            }
            return Retry(count: count)
        }
        guard let entries = reader.entries(node, of: what, allowed: retryKeys) else { return .none }
        var retry = Retry(count: 0)
        for entry in entries {
            let field = "'\(entry.key)' of \(what)"
            switch entry.key {
            case "count":
                if let count = reader.integer(entry.value, field) {
                    if count < 0 {
                        reader.error("invalid-value", "\(field) must not be negative", hint: "0 means no retry", at: entry.value)
                    } else {
                        retry.count = count
                    }
                }
            case "delay": if let d = reader.duration(entry.value, field) { retry.delay = d }
            case "backoff":
                if let b = reader.number(entry.value, field) { retry.backoff = max(1, b) }
            default: break
            }
        }
        return retry
    }
}
