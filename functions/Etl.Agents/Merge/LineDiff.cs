namespace Etl.Agents.Merge;

/// <summary>
/// One run of changed lines: old lines [<see cref="OldStart"/>, <see cref="OldEnd"/>) are replaced by new lines
/// [<see cref="NewStart"/>, <see cref="NewEnd"/>) (0-based; an empty range is a pure insertion or deletion).
/// </summary>
public readonly record struct LineChange(int OldStart, int OldEnd, int NewStart, int NewEnd);

/// <summary>
/// A shortest line diff (Myers' O(ND) algorithm in linear space, the middle-snake recursion of GNU diff's analyze.c), with
/// changed runs slid the way GNU diff slides them (<c>shift_boundaries</c>), so the hunks read like <c>diff -u</c>'s.
/// </summary>
public sealed class LineDiff
{
    private readonly int[] _a;
    private readonly int[] _b;
    // Flags offset by one: index 0 and Length + 1 are sentinels that are never changed (GNU's changed[-1]).
    private readonly bool[] _changedA;
    private readonly bool[] _changedB;
    private readonly int[] _forward;
    private readonly int[] _backward;

    private LineDiff(int[] a, int[] b)
    {
        _a = a;
        _b = b;
        _changedA = new bool[a.Length + 2];
        _changedB = new bool[b.Length + 2];
        // Diagonals run from -(b.Length + 1) to a.Length + 1.
        _forward = new int[a.Length + b.Length + 3];
        _backward = new int[a.Length + b.Length + 3];
    }

    /// <summary>The changed runs turning <paramref name="oldLines"/> into <paramref name="newLines"/>, in order.</summary>
    public static IReadOnlyList<LineChange> Compute(IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
    {
        ArgumentNullException.ThrowIfNull(oldLines);
        ArgumentNullException.ThrowIfNull(newLines);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var diff = new LineDiff(Ids(oldLines, ids), Ids(newLines, ids));
        diff.Compare(0, diff._a.Length, 0, diff._b.Length);
        Shift(diff._a, diff._changedA, diff._changedB);
        Shift(diff._b, diff._changedB, diff._changedA);
        return diff.Runs();
    }

    private static int[] Ids(IReadOnlyList<string> lines, Dictionary<string, int> ids)
    {
        var result = new int[lines.Count];
        for (var i = 0; i < result.Length; i++)
        {
            if (!ids.TryGetValue(lines[i], out var id))
            {
                id = ids.Count;
                ids.Add(lines[i], id);
            }
            result[i] = id;
        }
        return result;
    }

    private void Compare(int aLo, int aHi, int bLo, int bHi)
    {
        while (aLo < aHi && bLo < bHi && _a[aLo] == _b[bLo])
        {
            aLo++;
            bLo++;
        }
        while (aHi > aLo && bHi > bLo && _a[aHi - 1] == _b[bHi - 1])
        {
            aHi--;
            bHi--;
        }
        if (aLo == aHi)
        {
            for (var j = bLo; j < bHi; j++) _changedB[j + 1] = true;
            return;
        }
        if (bLo == bHi)
        {
            for (var i = aLo; i < aHi; i++) _changedA[i + 1] = true;
            return;
        }
        var (xMid, yMid) = Split(aLo, aHi, bLo, bHi);
        Compare(aLo, xMid, bLo, yMid);
        Compare(xMid, aHi, yMid, bHi);
    }

    // Myers' middle snake as GNU diff's diag() finds it: a point (xMid, yMid) that a shortest edit script of
    // a[aLo..aHi) × b[bLo..bHi) passes through, searching forward from the top-left and backward from the
    // bottom-right along diagonals d = x - y (absolute coordinates), in GNU's order so ties resolve the same way.
    private (int X, int Y) Split(int aLo, int aHi, int bLo, int bHi)
    {
        var fd = _forward;
        var bd = _backward;
        var offset = _b.Length + 1;
        var dMin = aLo - bHi;
        var dMax = aHi - bLo;
        var fMid = aLo - bLo;
        var bMid = aHi - bHi;
        int fMin = fMid, fMax = fMid, bMin = bMid, bMax = bMid;
        var odd = ((fMid - bMid) & 1) != 0;
        fd[offset + fMid] = aLo;
        bd[offset + bMid] = aHi;
        while (true)
        {
            if (fMin > dMin) fd[offset + --fMin - 1] = -1;
            else fMin++;
            if (fMax < dMax) fd[offset + ++fMax + 1] = -1;
            else fMax--;
            for (var d = fMax; d >= fMin; d -= 2)
            {
                var low = fd[offset + d - 1];
                var high = fd[offset + d + 1];
                var x = low < high ? high : low + 1;
                var y = x - d;
                while (x < aHi && y < bHi && _a[x] == _b[y])
                {
                    x++;
                    y++;
                }
                fd[offset + d] = x;
                if (odd && bMin <= d && d <= bMax && bd[offset + d] <= x) return (x, y);
            }
            if (bMin > dMin) bd[offset + --bMin - 1] = int.MaxValue;
            else bMin++;
            if (bMax < dMax) bd[offset + ++bMax + 1] = int.MaxValue;
            else bMax--;
            for (var d = bMax; d >= bMin; d -= 2)
            {
                var low = bd[offset + d - 1];
                var high = bd[offset + d + 1];
                var x = low < high ? low : high - 1;
                var y = x - d;
                while (x > aLo && y > bLo && _a[x - 1] == _b[y - 1])
                {
                    x--;
                    y--;
                }
                bd[offset + d] = x;
                if (!odd && fMin <= d && d <= fMax && x <= fd[offset + d]) return (x, y);
            }
        }
    }

    // GNU diff's shift_boundaries: slide each run of changes in one file so it merges with neighbouring runs, ends as
    // late as possible, and then moves back to line up with a run in the other file when one is in reach.
    private static void Shift(int[] lines, bool[] changed, bool[] otherChanged)
    {
        var end = lines.Length;
        var i = 0;
        var j = 0;
        while (true)
        {
            while (i < end && !changed[i + 1])
            {
                while (otherChanged[j + 1]) j++;
                j++;
                i++;
            }
            if (i == end) break;
            var start = i;
            i++;
            while (changed[i + 1]) i++;
            while (otherChanged[j + 1]) j++;
            int runLength;
            int corresponding;
            do
            {
                runLength = i - start;
                while (start > 0 && lines[start - 1] == lines[i - 1])
                {
                    changed[--start + 1] = true;
                    changed[--i + 1] = false;
                    while (changed[start]) start--;
                    j--;
                    while (otherChanged[j + 1]) j--;
                }
                corresponding = otherChanged[j] ? i : end;
                while (i != end && lines[start] == lines[i])
                {
                    changed[start++ + 1] = false;
                    changed[i++ + 1] = true;
                    while (changed[i + 1]) i++;
                    j++;
                    while (otherChanged[j + 1])
                    {
                        j++;
                        corresponding = i;
                    }
                }
            }
            while (runLength != i - start);
            while (corresponding < i)
            {
                changed[--start + 1] = true;
                changed[--i + 1] = false;
                j--;
                while (otherChanged[j + 1]) j--;
            }
        }
    }

    private List<LineChange> Runs()
    {
        var runs = new List<LineChange>();
        int i = 0, j = 0;
        while (i < _a.Length || j < _b.Length)
        {
            if (i < _a.Length && j < _b.Length && !_changedA[i + 1] && !_changedB[j + 1])
            {
                i++;
                j++;
                continue;
            }
            var i0 = i;
            var j0 = j;
            while (i < _a.Length && _changedA[i + 1]) i++;
            while (j < _b.Length && _changedB[j + 1]) j++;
            if (i == i0 && j == j0)
                throw new InvalidOperationException("the line diff lost its alignment: an unchanged line on one side only");
            runs.Add(new LineChange(i0, i, j0, j));
        }
        return runs;
    }
}
