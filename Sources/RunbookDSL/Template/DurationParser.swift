import Foundation

/// Reads durations written like `30s`, `5m`, `1h30m`, `250ms`, or a bare number of seconds.
public enum DurationParser {
    /// The duration, or nil when `text` is not one.
    public static func parse(_ text: String) -> Duration? {
        let s = text.trimmingCharacters(in: .whitespaces)
        if s.isEmpty { return nil }
        if let seconds = Double(s), seconds >= 0 { return .milliseconds(Int64((seconds * 1000).rounded())) }
        var total: Int64 = 0
        var number = ""
        var unit = ""
        var sawAny = false
        func flush() -> Bool {
            guard let value = Double(number), !unit.isEmpty else { return false }
            let ms: Double
            switch unit {
            case "ms": ms = value
            case "s": ms = value * 1000
            case "m": ms = value * 60_000
            case "h": ms = value * 3_600_000
            default: return false
            }
            total += Int64(ms.rounded())
            number = ""
            unit = ""
            sawAny = true
            return true
        }
        for c in s {
            if c.isNumber || c == "." {
                if !unit.isEmpty { guard flush() else { return nil } }
                number.append(c)
            } else if c.isLetter {
                guard !number.isEmpty else { return nil }
                unit.append(c)
            } else {
                return nil
            }
        }
        guard flush(), sawAny else { return nil }
        return .milliseconds(total)
    }

    /// A short human form: `250ms`, `12s`, `1.5s`, `5m`, `1h2m`.
    public static func format(_ duration: Duration) -> String {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if ms < 1000 { return "\(ms)ms" }
        if ms < 60_000 {
            if ms % 1000 == 0 { return "\(ms / 1000)s" }
            let tenths = (ms + 50) / 100
            return "\(tenths / 10).\(tenths % 10)s"
        }
        let seconds = ms / 1000
        if seconds < 3600 {
            let m = seconds / 60, s = seconds % 60
            return s == 0 ? "\(m)m" : "\(m)m\(s)s"
        }
        let h = seconds / 3600, m = (seconds % 3600) / 60
        return m == 0 ? "\(h)h" : "\(h)h\(m)m"
    }
}
