using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Common.Text;

// sort's ordering (POSIX sort -n -r -u, in the POSIX locale): lines
// compare byte by byte, or with Numeric by the number they start with
// (leading blanks, an optional '-', digits with an optional '.' fraction;
// a line without one counts as 0). Lines whose keys are equal are then
// ordered by their bytes (GNU's "last resort" comparison), except with
// Unique, where equal keys mean duplicates and only the first is kept.
// Reverse reverses the whole order.
public sealed class LineSort
{
    public bool Numeric { get; set; }
    public bool Reverse { get; set; }
    public bool Unique { get; set; }

    // Sorts lines in place (stable) and, with Unique, drops all but the
    // first of each run of equal keys.
    public void Apply(List<byte[]> lines)
    {
        byte[][] items = lines.ToArray();
        byte[][] scratch = new byte[items.Length][];
        MergeSort(items, scratch, 0, items.Length);
        lines.Clear();
        for (int i = 0; i < items.Length; i++)
        {
            if (Unique && lines.Count > 0 && CompareKeys(lines[lines.Count - 1], items[i]) == 0)
                continue;
            lines.Add(items[i]);
        }
    }

    public int Compare(byte[] a, byte[] b)
    {
        int order = CompareKeys(a, b);
        if (order == 0 && !Unique)
            order = CompareBytes(a, b);
        return Reverse ? -order : order;
    }

    private int CompareKeys(byte[] a, byte[] b) => Numeric ? CompareNumbers(a, b) : CompareBytes(a, b);

    public static int CompareBytes(byte[] a, byte[] b)
    {
        int length = a.Length < b.Length ? a.Length : b.Length;
        for (int i = 0; i < length; i++)
        {
            if (a[i] != b[i])
                return a[i] < b[i] ? -1 : 1;
        }
        return a.Length == b.Length ? 0 : a.Length < b.Length ? -1 : 1;
    }

    // Compares the leading numbers as decimal text, so any number of
    // digits works without overflow: sign, then the integer part's length
    // (leading zeros skipped), then its digits, then the fraction's.
    public static int CompareNumbers(byte[] a, byte[] b)
    {
        var x = new NumberText(a);
        var y = new NumberText(b);
        if (x.Negative != y.Negative)
            return x.Negative ? -1 : 1;
        int magnitude = CompareMagnitude(a, x, b, y);
        return x.Negative ? -magnitude : magnitude;
    }

    private static int CompareMagnitude(byte[] a, NumberText x, byte[] b, NumberText y)
    {
        if (x.IntegerLength != y.IntegerLength)
            return x.IntegerLength < y.IntegerLength ? -1 : 1;
        for (int i = 0; i < x.IntegerLength; i++)
        {
            if (a[x.IntegerStart + i] != b[y.IntegerStart + i])
                return a[x.IntegerStart + i] < b[y.IntegerStart + i] ? -1 : 1;
        }
        int longer = x.FractionLength > y.FractionLength ? x.FractionLength : y.FractionLength;
        for (int i = 0; i < longer; i++)
        {
            int dx = i < x.FractionLength ? a[x.FractionStart + i] : '0';
            int dy = i < y.FractionLength ? b[y.FractionStart + i] : '0';
            if (dx != dy)
                return dx < dy ? -1 : 1;
        }
        return 0;
    }

    // Where a line's leading number is. Zero ("-0", "", "abc") is never
    // negative, so all zeros compare equal.
    private readonly struct NumberText
    {
        public readonly bool Negative;
        public readonly int IntegerStart, IntegerLength, FractionStart, FractionLength;

        public NumberText(byte[] line)
        {
            int i = 0;
            while (i < line.Length && (line[i] == ' ' || line[i] == '\t'))
                i++;
            bool minus = i < line.Length && line[i] == '-';
            if (minus)
                i++;
            while (i < line.Length && line[i] == '0')
                i++;
            IntegerStart = i;
            while (i < line.Length && line[i] >= '0' && line[i] <= '9')
                i++;
            IntegerLength = i - IntegerStart;
            FractionStart = i + 1;
            FractionLength = 0;
            if (i < line.Length && line[i] == '.')
            {
                i++;
                while (i < line.Length && line[i] >= '0' && line[i] <= '9')
                    i++;
                FractionLength = i - FractionStart;
                // Trailing zeros of the fraction change nothing.
                while (FractionLength > 0 && line[FractionStart + FractionLength - 1] == '0')
                    FractionLength--;
            }
            Negative = minus && (IntegerLength > 0 || FractionLength > 0);
        }
    }

    private void MergeSort(byte[][] items, byte[][] scratch, int from, int to)
    {
        if (to - from < 2)
            return;
        if (to - from <= 8)
        {
            // Insertion sort for short runs: stable, and cheap.
            for (int i = from + 1; i < to; i++)
            {
                byte[] item = items[i];
                int j = i - 1;
                while (j >= from && Compare(items[j], item) > 0)
                {
                    items[j + 1] = items[j];
                    j--;
                }
                items[j + 1] = item;
            }
            return;
        }
        int middle = from + (to - from) / 2;
        MergeSort(items, scratch, from, middle);
        MergeSort(items, scratch, middle, to);
        int left = from, right = middle, at = from;
        while (left < middle && right < to)
            scratch[at++] = Compare(items[right], items[left]) < 0 ? items[right++] : items[left++];
        while (left < middle)
            scratch[at++] = items[left++];
        while (right < to)
            scratch[at++] = items[right++];
        for (int i = from; i < to; i++)
            items[i] = scratch[i];
    }
}
