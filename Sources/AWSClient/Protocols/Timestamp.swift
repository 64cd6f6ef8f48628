#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

package import RunbookCore

/// A point in time as seconds since the epoch plus microseconds, the precision botocore keeps.
package struct Timestamp: Sendable, Equatable {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    package var seconds: Int
    /// Microseconds, 0..<1_000_000.
    package var microseconds: Int

    /// Creates a timestamp.
    package init(seconds: Int, microseconds: Int = 0) {
        self.seconds = seconds
        self.microseconds = microseconds
    }

    /// A timestamp from fractional epoch seconds.
    package init(epoch: Double) {
        let whole = epoch.rounded(.down)
        seconds = Int(whole)
        microseconds = Int(((epoch - whole) * 1_000_000).rounded())
        if microseconds >= 1_000_000 {
            seconds += 1
            microseconds -= 1_000_000
        }
    }

    /// Parses what users and services write: epoch seconds (number or numeric string), ISO 8601
    /// (`2024-05-01`, `2024-05-01T10:00:00Z`, fractions, `+02:00` offsets) or RFC 822 dates.
    package static func parse(_ value: JSONValue) -> Timestamp? {
        switch value {
        case .integer(let i): return Timestamp(seconds: i)
        case .double(let d): return Timestamp(epoch: d)
        case .string(let s): return parse(s)
        default: return nil
        }
    }

    /// Parses a timestamp string (see ``parse(_:)-(JSONValue)``).
    package static func parse(_ text: String) -> Timestamp? {
        let s = text.trimmingCharacters(in: " \t")
        if let d = Double(s), !s.contains("-") || s.hasPrefix("-") { return Timestamp(epoch: d) }
        return parseISO(s) ?? parseRFC822(s)
    }

    private static func parseISO(_ s: String) -> Timestamp? {
        let b = Array(s.utf8)
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func skip(_ c: Character) -> Bool {
            if i < b.count, b[i] == c.asciiValue! { i += 1; return true }
            return false
        }
        guard let year = digits(4) else { return nil }
        _ = skip("-")
        guard let month = digits(2) else { return nil }
        _ = skip("-")
        guard let day = digits(2) else { return nil }
        var hour = 0, minute = 0, second = 0, micro = 0, offset = 0
        if skip("T") || skip(" ") || skip("t") {
            guard let h = digits(2) else { return nil }
            _ = skip(":")
            guard let m = digits(2) else { return nil }
            hour = h
            minute = m
            if skip(":") || (i < b.count && b[i] >= 48 && b[i] <= 57) {
                guard let sec = digits(2) else { return nil }
                second = sec
            }
            if skip(".") || skip(",") {
                var scale = 100_000
                while i < b.count, b[i] >= 48 && b[i] <= 57 {
                    micro += Int(b[i] - 48) * scale
                    scale /= 10
                    i += 1
                }
            }
        }
        if skip("Z") || skip("z") {
        } else if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = digits(2) else { return nil }
            _ = skip(":")
            let om = digits(2) ?? 0
            offset = sign * (oh * 3600 + om * 60)
        }
        guard i == b.count else { return nil }
        return Timestamp(seconds: epoch(year, month, day, hour, minute, second) - offset, microseconds: micro)
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    private static func parseRFC822(_ s: String) -> Timestamp? {
        // "Mon, 01 Jan 2024 10:00:00 GMT"
        let parts = s.split(separator: " ")
        guard parts.count >= 5 else { return nil }
        let p = parts[0].hasSuffix(",") ? Array(parts.dropFirst()) : Array(parts)
        guard p.count >= 4, let day = Int(p[0]), let month = months.firstIndex(of: String(p[1])), let year = Int(p[2])
        else { return nil }
        let hms = p[3].split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3 else { return nil }
        return Timestamp(seconds: epoch(year, month + 1, day, hms[0], hms[1], hms[2]))
    }

    /// Seconds since the epoch of a UTC calendar date.
    static func epoch(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> Int {
        var t = tm()
        t.tm_year = Int32(year - 1900)
        t.tm_mon = Int32(month - 1)
        t.tm_mday = Int32(day)
        t.tm_hour = Int32(hour)
        t.tm_min = Int32(minute)
        t.tm_sec = Int32(second)
        return Int(timegm(&t))
    }

    private func parts() -> tm {
        var t = time_t(seconds)
        var out = tm()
        gmtime_r(&t, &out)
        return out
    }

    private static func pad(_ v: Int32, _ width: Int) -> String { pad(Int(v), width) }
    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private var dateAndTime: String {
        let t = parts()
        return Self.pad(t.tm_year + 1900, 4) + "-" + Self.pad(t.tm_mon + 1, 2) + "-" + Self.pad(t.tm_mday, 2) + "T"
            + Self.pad(t.tm_hour, 2) + ":" + Self.pad(t.tm_min, 2) + ":" + Self.pad(t.tm_sec, 2)
    }

    /// botocore's request form: `2024-05-01T10:00:00Z`, or `.ffffffZ` when there are microseconds.
    package var iso8601: String {
        dateAndTime + (microseconds > 0 ? "." + Self.pad(microseconds, 6) : "") + "Z"
    }

    /// Python's `datetime.isoformat()` of an aware UTC datetime, as the CLI prints with
    /// `cli_timestamp_format = iso8601`: `2024-05-01T10:00:00+00:00` or `...10:00:00.123000+00:00`.
    package var pythonISOFormat: String {
        dateAndTime + (microseconds > 0 ? "." + Self.pad(microseconds, 6) : "") + "+00:00"
    }

    /// `Wed, 01 May 2024 10:00:00 GMT`.
    package var rfc822: String {
        let t = parts()
        return Self.weekdays[Int(t.tm_wday)] + ", " + Self.pad(t.tm_mday, 2) + " " + Self.months[Int(t.tm_mon)] + " "
            + Self.pad(t.tm_year + 1900, 4) + " " + Self.pad(t.tm_hour, 2) + ":" + Self.pad(t.tm_min, 2) + ":"
            + Self.pad(t.tm_sec, 2) + " GMT"
    }

    /// The value for a serialization format (`iso8601`, `unixTimestamp`, `rfc822`).
    package func serialized(_ format: String) -> JSONValue {
        switch format.lowercased() {
        case "unixtimestamp": return .integer(seconds)
        case "rfc822": return .string(rfc822)
        default: return .string(iso8601)
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s.removeFirst() }
        while let l = s.last, chars.contains(l) { s.removeLast() }
        return String(s)
    }
}
