public import RunbookCore

/// Maps character offsets in a decoded YAML string back to file positions.
///
/// A plain or quoted scalar maps to one run of columns on one line; a block scalar (`|` or `>`)
/// spans several lines, each starting at its indentation. Each segment records where a run of
/// characters starts; an offset maps to the last segment at or before it, plus the distance.
public struct SourceMap: Sendable, Hashable, Codable {
    /// A run of characters that sits contiguously in the file.
    public struct Segment: Sendable, Hashable, Codable {
        /// Character offset in the decoded string where the run starts.
        public var offset: Int
        /// File position of that character.
        public var location: SourceLocation
    }

    /// The runs, in increasing offset order; never empty.
    public var segments: [Segment]

    /// A map where every offset sits on one line starting at `location`.
    public init(start location: SourceLocation) {
        segments = [Segment(offset: 0, location: location)]
    }

    /// A map from explicit segments (must be non-empty and sorted by offset).
    public init(segments: [Segment]) {
        precondition(!segments.isEmpty, "a source map needs at least one segment")
        self.segments = segments
    }

    /// The file position of the character at `offset`.
    public func location(at offset: Int) -> SourceLocation {
        var best = segments[0]
        for segment in segments where segment.offset <= offset { best = segment }
        var location = best.location
        location.column += max(0, offset - best.offset)
        return location
    }

    /// The map of the substring that starts at `offset`.
    public func shifted(by offset: Int) -> SourceMap {
        var result: [Segment] = [Segment(offset: 0, location: location(at: offset))]
        for segment in segments where segment.offset > offset {
            result.append(Segment(offset: segment.offset - offset, location: segment.location))
        }
        return SourceMap(segments: result)
    }

    /// Where the string starts.
    public var start: SourceLocation { segments[0].location }
}
