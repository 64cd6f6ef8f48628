/// A small gzip (RFC 1952) / DEFLATE (RFC 1951) decoder, so `RUNBOOK_AWS_MODELS` can point at
/// botocore's own `data` folder, whose service models are `service-2.json.gz`.
///
/// The algorithm is the canonical-Huffman "puff" design: for each block, build count/symbol
/// tables for the literal/length and distance codes (fixed or read from the block header), then
/// decode symbols bit by bit, copying back-references from the output. It favours brevity over
/// speed; a model file decodes in milliseconds.
enum Gzip {
    /// Why decoding failed.
    struct DecodeError: Error, CustomStringConvertible {
        let description: String
    }

    /// The decompressed content of a gzip file.
    static func decompress(_ data: [UInt8]) throws(DecodeError) -> [UInt8] {
        guard data.count >= 18, data[0] == 0x1F, data[1] == 0x8B, data[2] == 8 else {
            throw DecodeError(description: "not a gzip file")
        }
        let flags = data[3]
        var pos = 10
        if flags & 0x04 != 0 {  // FEXTRA
            guard pos + 2 <= data.count else { throw DecodeError(description: "truncated header") }
            pos += 2 + Int(data[pos]) | Int(data[pos + 1]) << 8
        }
        if flags & 0x08 != 0 { while pos < data.count, data[pos] != 0 { pos += 1 }; pos += 1 }  // FNAME
        if flags & 0x10 != 0 { while pos < data.count, data[pos] != 0 { pos += 1 }; pos += 1 }  // FCOMMENT
        if flags & 0x02 != 0 { pos += 2 }  // FHCRC
        guard pos < data.count else { throw DecodeError(description: "truncated header") }
        var inflater = Inflater(input: data, position: pos)
        return try inflater.run()
    }
}

/// Canonical Huffman table: number of codes per length, then symbols ordered by code.
private struct Huffman {
    var counts = [Int](repeating: 0, count: 16)
    var symbols: [Int]

    init(lengths: [Int]) {
        symbols = [Int](repeating: 0, count: lengths.count)
        for l in lengths { counts[l] += 1 }
        counts[0] = 0
        var offsets = [Int](repeating: 0, count: 16)
        for i in 1..<16 { offsets[i] = offsets[i - 1] + counts[i - 1] }
        for (symbol, l) in lengths.enumerated() where l != 0 {
            symbols[offsets[l]] = symbol
            offsets[l] += 1
        }
    }
}

private struct Inflater {
    let input: [UInt8]
    var position: Int
    var bitBuffer = 0
    var bitCount = 0
    var output: [UInt8] = []

    init(input: [UInt8], position: Int) {
        self.input = input
        self.position = position
        output.reserveCapacity(input.count * 6)
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let fixedLengths: Huffman = {
        var l = [Int](repeating: 8, count: 288)
        for i in 144..<256 { l[i] = 9 }
        for i in 256..<280 { l[i] = 7 }
        return Huffman(lengths: l)
    }()
    static let fixedDistances = Huffman(lengths: [Int](repeating: 5, count: 30))

    mutating func bits(_ n: Int) throws(Gzip.DecodeError) -> Int {
        while bitCount < n {
            guard position < input.count else { throw Gzip.DecodeError(description: "unexpected end of data") }
            bitBuffer |= Int(input[position]) << bitCount
            position += 1
            bitCount += 8
        }
        let value = bitBuffer & ((1 << n) - 1)
        bitBuffer >>= n
        bitCount -= n
        return value
    }

    mutating func decode(_ h: Huffman) throws(Gzip.DecodeError) -> Int {
        var code = 0, first = 0, index = 0
        for length in 1..<16 {
            code |= try bits(1)
            let count = h.counts[length]
            if code - count < first { return h.symbols[index + (code - first)] }
            index += count
            first += count
            first <<= 1
            code <<= 1
        }
        throw Gzip.DecodeError(description: "invalid Huffman code")
    }

    mutating func run() throws(Gzip.DecodeError) -> [UInt8] {
        var last = 0
        repeat {
            last = try bits(1)
            switch try bits(2) {
            case 0: try stored()
            case 1: try codes(Self.fixedLengths, Self.fixedDistances)
            case 2:
                let (l, d) = try dynamicTables()
                try codes(l, d)
            default: throw Gzip.DecodeError(description: "invalid block type")
            }
        } while last == 0
        return output
    }

    mutating func stored() throws(Gzip.DecodeError) {
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= input.count else { throw Gzip.DecodeError(description: "truncated stored block") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        position += 4
        guard position + length <= input.count else { throw Gzip.DecodeError(description: "truncated stored block") }
        output.append(contentsOf: input[position..<(position + length)])
        position += length
    }

    mutating func dynamicTables() throws(Gzip.DecodeError) -> (Huffman, Huffman) {
        let nlen = try bits(5) + 257, ndist = try bits(5) + 1, ncode = try bits(4) + 4
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengths = [Int](repeating: 0, count: 19)
        for i in 0..<ncode { codeLengths[order[i]] = try bits(3) }
        let lencode = Huffman(lengths: codeLengths)
        var lengths: [Int] = []
        while lengths.count < nlen + ndist {
            let symbol = try decode(lencode)
            switch symbol {
            case 0..<16: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw Gzip.DecodeError(description: "repeat with no length") }
                lengths += [Int](repeating: previous, count: 3 + (try bits(2)))
            case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
            default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
            }
        }
        return (Huffman(lengths: Array(lengths[0..<nlen])), Huffman(lengths: Array(lengths[nlen..<(nlen + ndist)])))
    }

    mutating func codes(_ lengths: Huffman, _ distances: Huffman) throws(Gzip.DecodeError) {
        while true {
            let symbol = try decode(lengths)
            if symbol < 256 {
                output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let s = symbol - 257
                guard s < 29 else { throw Gzip.DecodeError(description: "invalid length code") }
                let length = Self.lengthBase[s] + (try bits(Self.lengthExtra[s]))
                let d = try decode(distances)
                guard d < 30 else { throw Gzip.DecodeError(description: "invalid distance code") }
                let distance = Self.distanceBase[d] + (try bits(Self.distanceExtra[d]))
                guard distance <= output.count else { throw Gzip.DecodeError(description: "distance too far back") }
                let start = output.count - distance
                for i in 0..<length { output.append(output[start + i]) }
            }
        }
    }
}
