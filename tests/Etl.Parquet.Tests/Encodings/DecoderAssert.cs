namespace Etl.Parquet.Tests.Encodings;

internal static class DecoderAssert
{
    /// <summary>
    /// The fast decoder must agree with the reference: the same result when the reference accepts the input, a
    /// <see cref="ParquetFormatException"/> when it rejects it.
    /// </summary>
    public static void SameOutcome<T>(Func<T> reference, Func<T> fast, Action<T, T> assertEqual)
    {
        T expected;
        try
        {
            expected = reference();
        }
        catch (InvalidDataException)
        {
            Assert.Throws<ParquetFormatException>(() => fast());
            return;
        }
        assertEqual(expected, fast());
    }

    /// <summary>Runs <paramref name="action"/>, which must throw a format error, and checks it allocated little.</summary>
    public static void RejectsCheaply(Action action, long maxAllocatedBytes = 1 << 20)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<ParquetFormatException>(action);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < maxAllocatedBytes, $"allocated {allocated} bytes before rejecting");
    }
}
