/// An in-place sort for keys under a total order (no two keys compare equal, e.g. because ties
/// are broken by position), where stability is moot and an unstable sort gives the one answer.
///
/// Why not the standard library's `sort`: it is stable, and its run-building insertion phase
/// moves the 24-byte sort keys many times over; introsort (quicksort with a median-of-three
/// pivot, insertion sort for short ranges and heapsort past a depth limit, so never quadratic)
/// moves each key about log n times.
enum TotalOrderSort {
    /// Sorts `keys` by `less`, which must be a strict total order.
    static func sort<Key>(_ keys: inout [Key], by less: (Key, Key) -> Bool) {
        keys.withUnsafeMutableBufferPointer { buffer in
            guard buffer.count > 1 else { return }
            var depthLimit = 2
            var n = buffer.count
            while n > 1 {
                depthLimit += 2
                n >>= 1
            }
            introsort(buffer, 0, buffer.count, depthLimit, less)
        }
    }

    private static func introsort<Key>(
        _ a: UnsafeMutableBufferPointer<Key>, _ low: Int, _ high: Int, _ depth: Int, _ less: (Key, Key) -> Bool
    ) {
        var low = low
        var high = high
        var depth = depth
        while high - low > 16 {
            if depth == 0 {
                heapsort(a, low, high, less)
                return
            }
            depth -= 1
            let p = partition(a, low, high, less)
            // Recurse into the smaller side, loop on the larger: the stack stays O(log n).
            if p - low < high - p - 1 {
                introsort(a, low, p, depth, less)
                low = p + 1
            } else {
                introsort(a, p + 1, high, depth, less)
                high = p
            }
        }
        insertionSort(a, low, high, less)
    }

    /// Partitions `a[low..<high]` around a median-of-three pivot; returns the pivot's position.
    private static func partition<Key>(
        _ a: UnsafeMutableBufferPointer<Key>, _ low: Int, _ high: Int, _ less: (Key, Key) -> Bool
    ) -> Int {
        let mid = low + (high - low) / 2
        let last = high - 1
        if less(a[mid], a[low]) { a.swapAt(mid, low) }
        if less(a[last], a[low]) { a.swapAt(last, low) }
        if less(a[last], a[mid]) { a.swapAt(last, mid) }
        // Now a[low] <= a[mid] <= a[last]; park the pivot at last - 1.
        a.swapAt(mid, last - 1)
        let pivot = a[last - 1]
        var i = low
        var j = last - 1
        while true {
            repeat { i += 1 } while less(a[i], pivot)
            repeat { j -= 1 } while less(pivot, a[j])
            if i >= j { break }
            a.swapAt(i, j)
        }
        a.swapAt(i, last - 1)
        return i
    }

    private static func insertionSort<Key>(
        _ a: UnsafeMutableBufferPointer<Key>, _ low: Int, _ high: Int, _ less: (Key, Key) -> Bool
    ) {
        guard high - low > 1 else { return }
        for i in (low + 1)..<high {
            let key = a[i]
            var j = i
            while j > low, less(key, a[j - 1]) {
                a[j] = a[j - 1]
                j -= 1
            }
            a[j] = key
        }
    }

    private static func heapsort<Key>(
        _ a: UnsafeMutableBufferPointer<Key>, _ low: Int, _ high: Int, _ less: (Key, Key) -> Bool
    ) {
        let n = high - low
        func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while true {
                var child = 2 * root + 1
                if child >= end { return }
                if child + 1 < end, less(a[low + child], a[low + child + 1]) { child += 1 }
                if !less(a[low + root], a[low + child]) { return }
                a.swapAt(low + root, low + child)
                root = child
            }
        }
        var start = n / 2 - 1
        while start >= 0 {
            siftDown(start, n)
            start -= 1
        }
        var end = n - 1
        while end > 0 {
            a.swapAt(low, low + end)
            siftDown(0, end)
            end -= 1
        }
    }
}
